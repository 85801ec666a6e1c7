// 合规看板：各单位错误、警告、提示数的堆叠条形图（ECharts，随页面一起提供，不依赖外网）
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("chart");
  var data = document.getElementById("chart-data");
  if (!el || !data || typeof echarts === "undefined") return;
  var d = JSON.parse(data.textContent);
  var chart = echarts.init(el, null, { renderer: "svg" });
  var bar = function (name, values, color) {
    return { name: name, type: "bar", stack: "all", data: values, itemStyle: { color: color } };
  };
  chart.setOption({
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { data: ["错误", "警告", "提示"] },
    // the axis's name under its middle: at its end it ran past the chart's right edge (问…)
    grid: { left: 16, right: 24, bottom: 36, containLabel: true },
    xAxis: { type: "value", name: "问题数", nameLocation: "middle", nameGap: 28, minInterval: 1 },
    yAxis: { type: "category", data: d.units, inverse: true },
    series: [bar("错误", d.errors, "#b00020"), bar("警告", d.warnings, "#d09000"), bar("提示", d.infos, "#1f5fa8")]
  });
  window.addEventListener("resize", function () { chart.resize(); });
});

// 单位页：各年收支总额、基本/项目支出、“三公”经费的折线图（金额为精确的十进制字符串，仅作图时换算）
document.addEventListener("DOMContentLoaded", function () {
  var data = document.getElementById("trend-data");
  if (!data || typeof echarts === "undefined") return;
  var groups = JSON.parse(data.textContent);
  document.querySelectorAll(".trend-chart").forEach(function (el) {
    var g = groups[Number(el.dataset.group)];
    var names = Object.keys(g.series);
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: names },
      grid: { left: 16, right: 24, bottom: 16, containLabel: true },
      xAxis: { type: "category", data: g.years.map(function (y) { return y + " 年"; }) },
      yAxis: { type: "value", name: "万元" },
      series: names.map(function (n) {
        return { name: n, type: "line", connectNulls: false, data: g.series[n] };
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
});
