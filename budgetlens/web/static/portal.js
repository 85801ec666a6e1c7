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
    grid: { left: 16, right: 24, bottom: 16, containLabel: true },
    xAxis: { type: "value", name: "问题数", minInterval: 1 },
    yAxis: { type: "category", data: d.units, inverse: true },
    series: [bar("错误", d.errors, "#b00020"), bar("警告", d.warnings, "#d09000"), bar("提示", d.infos, "#1f5fa8")]
  });
  window.addEventListener("resize", function () { chart.resize(); });
});
