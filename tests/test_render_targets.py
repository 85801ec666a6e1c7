"""The officer's 绩效目标 and 国有资产 sheets (`budgetlens form`): filled with openpyxl, rendered in
every format, read back with the project's own parser and checked. The figures the document
states are worked out here by hand, never taken from the renderer."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
import test_render_more as budget
from test_render_more import UNIT, YEAR, document_text
from typer.testing import CliRunner

from budgetlens.checks import check
from budgetlens.cli.main import app
from budgetlens.pipeline import parse
from budgetlens.render.form import read_form
from budgetlens.templates import load_templates

FORMATS = ["html", "docx", "xlsx", "pdf"]
NATIONAL, XINJIANG = "cn-dept-budget-2018", "xj-dept-budget-2025"

# The one project of the budget (表7: 政务数据平台运行维护 20.00, all 财政拨款) with 5.00 of other
# money: its table's 年度预算总额 is 25.00, worked out (20.00 + 5.00), never typed.
PROJECT, FISCAL, OTHER = budget.PROJECT[2], D("20.00"), D("5.00")
GOAL = "保障政务数据平台全年稳定运行，提升数据共享水平。"
# indicators as the officer types them: a blank level is the row above's (in the table read back
# each row carries its levels); the values as printed, one in words; a basis left blank
INDICATORS = [("产出指标", "数量指标", "维护服务器数量（台）", "=20台", "运维合同"),
              ("", "质量指标", "系统故障率（%）", "≤1%", "行业标准"),
              ("成本指标", "经济成本指标", "运行维护费（万元）", "≤25万元", "预算标准"),
              ("效益指标", "社会效益指标", "保障平台承载业务安全运行", "有效保障", ""),
              ("满意度指标", "满意度指标", "使用人员满意度（%）", "≥95%", "")]
LEVELS = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("成本指标", "经济成本指标"),
          ("效益指标", "社会效益指标"), ("满意度指标", "满意度指标")]
# weights: the Xinjiang tables give 90 (10 kept for 预算执行率), the national 100
WEIGHTS = {XINJIANG: [D(20), D(20), D(20), D(20), D(10)], NATIONAL: [D(20), D(20), D(20), D(20), D(20)]}
# 部门整体 (Xinjiang only): 上级安排 10.00 + 本级安排 100.00 = 110.00, the budget's 收入总计
# (a goal as long as the disclosures print: it wraps in its cell, in Word and PDF too)
DEPARTMENT_GOAL = ("一是统筹全县政务数据资源，推进数据共享开放，全年新增共享目录五十个以上；二是保障电子政务基础设施稳定运行，"
                   "政务外网和数据平台全年可用率不低于百分之九十九；三是加强网络安全防护，开展等级保护测评和应急演练；"
                   "四是提升服务质量，及时响应各部门的数据需求，使用部门满意度达到百分之九十五以上。")
DEPARTMENT = [("履职效能", "数量指标", "数据共享目录数（个）", "≥50个", "年度工作计划", D(30)),
              ("履职效能", "质量指标", "平台可用率（%）", "≥99%", "年度工作计划", D(30)),
              ("满意度", "满意度指标", "使用部门满意度（%）", "≥95%", "年度工作计划", D(30))]
# 国有资产: vehicles 2 + 1 = 3; a kind left blank counts 0, as the sheet says
AS_OF = "2024年12月31日"
ASSETS = {"房屋面积（平方米）": 860.5, "一般公务用车": 2, "执法执勤用车": 1,
          "单价50万元以上通用设备（台、套）": 3, "单价100万元以上专用设备（台、套）": 1}


def numbered(template: str):
    """test_render_more.sheet for another template: its tables by kind, not by the Xinjiang number."""
    known = {t.id: t for t in load_templates()}
    kinds = {s.number: s.kind for s in known[budget.TEMPLATE].tables}
    own = {s.kind: s.number for s in known[template].tables}
    original = budget.sheet
    return lambda wb, n: original(wb, own[kinds[n]])


def row_where(ws, *cells: str) -> int:
    """The row whose first cells read `cells`."""
    for r in range(1, ws.max_row + 1):
        if all(ws.cell(r, c).value == text for c, text in enumerate(cells, 1)):
            return r
    raise KeyError(cells)


def put_text(ws, r: int, c: int, value) -> None:
    cell = ws.cell(r, c)
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"          # (a text cell, as the sheet formats it: "=20台" is no formula)


def fill_targets(wb, template: str, weights: list | None = None, assets: dict | None = None) -> None:
    ws = wb["绩效目标"]
    r = row_where(ws, "项目名称", "主管部门") + 1
    for c, value in enumerate([PROJECT, UNIT, "数据资源科", float(FISCAL), float(OTHER), GOAL], 1):
        ws.cell(r, c).value = value
    r = row_where(ws, "项目名称", "一级指标") + 1
    for k, (row, weight) in enumerate(zip(INDICATORS, weights or WEIGHTS[template])):
        for c, value in enumerate([PROJECT if k == 0 else None, *row, float(weight)], 1):
            put_text(ws, r + k, c, value if value != "" else None)
    if template == XINJIANG:
        ws.cell(row_where(ws, "年度绩效目标"), 2).value = DEPARTMENT_GOAL
        ws.cell(row_where(ws, "上级安排（万元）"), 2).value = 10.0
        ws.cell(row_where(ws, "本级安排（万元）"), 2).value = 100.0
        r = row_where(ws, "一级指标", "二级指标") + 1
        for k, row in enumerate(DEPARTMENT):
            for c, value in enumerate(row, 1):
                ws.cell(r + k, c).value = float(value) if isinstance(value, D) else value
    ws = wb["国有资产"]
    ws.cell(row_where(ws, "资产统计截止日期（如2025年12月31日）"), 2).value = AS_OF
    for label, figure in (assets or ASSETS).items():
        ws.cell(row_where(ws, label), 2).value = figure


def filled_form(folder: Path, template: str, edit=None) -> Path:
    blank, out = folder / f"{template}-blank.xlsx", folder / f"{template}.xlsx"
    result = CliRunner().invoke(app, ["form", template, "-o", str(blank), "--unit", UNIT, "--year", str(YEAR)])
    assert result.exit_code == 0, result.output
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(budget, "sheet", numbered(template))
        budget.fill(blank, out, edit=edit)
    return out


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    folder = tmp_path_factory.mktemp("targets")
    return {t: filled_form(folder, t, lambda wb, t=t: fill_targets(wb, t)) for t in (XINJIANG, NATIONAL)}


def expected_tables(template: str) -> list[tuple]:
    project = ("project", PROJECT, FISCAL + OTHER, FISCAL,
               [(*levels, row[2], row[3], row[4] or None, w)
                for levels, row, w in zip(LEVELS, INDICATORS, WEIGHTS[template])])
    department = ("department", None, D("110.00"), D("110.00"), [(*r[:5], r[5]) for r in DEPARTMENT])
    return [department, project] if template == XINJIANG else [project]


def tables_of(tables) -> list[tuple]:
    return [(t.kind, t.project, t.amount, t.fiscal_amount,
             [(i.level1, i.level2, i.level3, i.value, i.basis, i.weight) for i in t.indicators])
            for t in tables]


def counts_of(disc) -> dict[str, D]:
    return {c.subject.text: c.value for c in disc.narrative.claims
            if c.kind == "count" and c.unit in ("辆", "台", "平方米")}


@pytest.mark.parametrize("template", [XINJIANG, NATIONAL])
def test_the_sheets_read_as_the_parsers_model(forms, template):
    form = read_form(forms[template])
    assert not form.problems, form.problems
    assert tables_of(form.targets.performance) == expected_tables(template)
    project = form.targets.performance[-1]
    assert project.indicators[0].target.op == "=" and project.indicators[0].target.number == 20
    assert project.indicators[3].target is None                      # 有效保障: no comparison
    assert project.provenance.ref.startswith("绩效目标!A") and project.unit_name == "数据资源科"
    assets = form.targets.assets
    assert assets.as_of == AS_OF and assets.vehicle_total == 3 and assets.building == D("860.5")
    assert assets.counts["general"] == 3 and assets.counts["special"] == 1 and assets.counts["buy_vehicles"] == 0


# 当年预算安排项目共1个: 财政拨款 20.00, the rest 25.00 − 20.00 = 5.00; 部门整体 10.00 + 100.00
SAID = {XINJIANG: ["2026年，本部门预算绩效管理整体预算绩效目标1个，涉及预算金额110.00万元。",
                   "2026年，本部门当年预算安排项目共1个，其中：财政拨款项目涉及预算金额20.00万元；非财政拨款项目涉及预算金额5.00万元。",
                   f"截至{AS_OF}，{UNIT}占用使用国有资产总体情况为：", "房屋860.5平方米。",
                   "车辆3辆，其中：一般公务用车2辆，执法执勤用车1辆，特种专业技术用车0辆，其他用车0辆。",
                   "单价50万元以上通用设备3台（套），单价100万元以上专用设备1台（套）。",
                   "2026年部门预算安排购置车辆0辆"]}
SAID[NATIONAL] = SAID[XINJIANG][1:]


RULES = ("P-WEIGHT-SUM", "P-PROJECT-AMOUNT", "P-NONFISCAL-PROJECTS", "C-PROJECT-PERFORMANCE", "N-VEHICLE-PURCHASE")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("template", [XINJIANG, NATIONAL])
def test_the_targets_render_in_every_format_and_read_back_as_filled(forms, template, fmt, tmp_path):
    if fmt == "pdf":
        pytest.importorskip("weasyprint")
    out = tmp_path / f"公开.{fmt}"
    result = CliRunner().invoke(app, ["render", str(forms[template]), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "输入数据不一致" not in result.output and "填报表有" not in result.output, result.output
    for what in ("国有资产占用使用情况", "预算绩效目标"):
        assert f"待填写：{what}\n" not in result.output
    text = "".join(document_text(out).split())
    for sentence in SAID[template]:
        assert sentence in text, sentence
    back = parse(out)
    assert tables_of(back.narrative.performance) == expected_tables(template)
    assert {t.year for t in back.narrative.performance} == {YEAR}
    assert back.narrative.performance[-1].goal == GOAL
    if template == XINJIANG:
        assert back.narrative.performance[0].goal == DEPARTMENT_GOAL
    counts = counts_of(back)
    assert {k: counts.get(k) for k in ("房屋", "车辆", "一般公务用车", "执法执勤用车", "特种专业技术用车")} == {
        "房屋": D("860.5"), "车辆": 3, "一般公务用车": 2, "执法执勤用车": 1, "特种专业技术用车": 0}
    report = check(back)
    errors = [f for f in report.findings if f.severity == "error" and f.rule != "C-PLACEHOLDER"]
    assert not errors, [f.message for f in errors]
    # the rules of the tables, their weights and amounts, and of the cars: each checked them, and
    # found nothing to say
    said = [f for f in report.findings if f.rule.startswith("P-") or f.rule in RULES]
    assert not [f for f in said if f.severity != "info"], [f.message for f in said]
    passed = {o.rule for o in report.outcomes if o.status == "pass" and o.checked}
    assert set(RULES) | ({"P-DEPARTMENT-AMOUNT"} if template == XINJIANG else set()) <= passed


def test_empty_sheets_keep_the_placeholders(tmp_path):
    out = tmp_path / "公开.html"
    result = CliRunner().invoke(app, ["render", str(filled_form(tmp_path, XINJIANG)), "-o", str(out)])
    assert result.exit_code == 0, result.output
    said = result.output.replace("\n", "")
    assert "待填写：国有资产占用使用情况" in said and "待填写：预算绩效目标" in said
    text = out.read_text(encoding="utf-8")
    assert "【待填写：预算绩效目标】" in text and "绩效目标表" not in text and "车辆" not in text


# ---- what the officer is told, by sheet and cell -------------------------------------------------

def edited(forms, tmp_path, template: str, change) -> tuple[Path, list[str]]:
    from openpyxl import load_workbook

    wb = load_workbook(forms[template])
    change(wb)
    out = tmp_path / "edited.xlsx"
    wb.save(out)
    return out, read_form(out).problems


def indicator_row(ws, k: int) -> int:
    return row_where(ws, "项目名称", "一级指标") + 1 + k


def test_a_weight_that_is_no_number_is_named_by_its_cell(forms, tmp_path):
    from openpyxl import load_workbook

    def change(wb):
        wb["绩效目标"].cell(indicator_row(wb["绩效目标"], 1), 7).value = "二十"
    _, problems = edited(forms, tmp_path, XINJIANG, change)
    row = indicator_row(load_workbook(forms[XINJIANG])["绩效目标"], 1)
    assert any(p.startswith(f"工作表“绩效目标”G{row}") and "“二十”不是数字" in p for p in problems), problems
    # the table's weights can no longer be summed: said, not summed without it
    assert any("权重未填或不是数字" in p for p in problems), problems


def test_a_formula_without_its_result_is_named_not_taken_for_blank(forms, tmp_path):
    def change(wb):
        wb["绩效目标"].cell(indicator_row(wb["绩效目标"], 0), 7).value = "=10+10"     # (openpyxl keeps no result)
    _, problems = edited(forms, tmp_path, NATIONAL, change)
    assert any("是公式，文件中没有保存计算结果" in p and p.startswith("工作表“绩效目标”G") for p in problems), problems


def test_an_indicator_without_its_third_level_is_named_and_left_out(forms, tmp_path):
    from openpyxl import load_workbook

    def change(wb):
        wb["绩效目标"].cell(indicator_row(wb["绩效目标"], 2), 4).value = None
    out, problems = edited(forms, tmp_path, NATIONAL, change)
    row = indicator_row(load_workbook(forms[NATIONAL])["绩效目标"], 2)
    assert any(p.startswith(f"工作表“绩效目标”D{row}") and "三级指标未填" in p for p in problems), problems
    table = read_form(out).targets.performance[-1]
    assert [i.level3 for i in table.indicators] == [r[2] for k, r in enumerate(INDICATORS) if k != 2]


@pytest.mark.parametrize("template, weights, right", [
    (XINJIANG, [20, 20, 20, 20, 10], True),          # 90: the Xinjiang practice
    (XINJIANG, [20, 20, 20, 20, 20], True),          # 100: 预算执行率 not kept aside
    (XINJIANG, [20, 20, 20, 20, 5], False),          # 85
    (NATIONAL, [20, 20, 20, 20, 20], True),
    # the totals P-WEIGHT-SUM accepts, whatever the template (a bureau sets them: performance_weight_sums)
    (NATIONAL, [20, 20, 20, 20, 10], True),
    (NATIONAL, [20, 20, 20, 20, 15], False),         # 95
])
def test_weights_must_add_up_to_the_templates_total(forms, tmp_path, template, weights, right):
    def change(wb):
        ws = wb["绩效目标"]
        for k, w in enumerate(weights):
            ws.cell(indicator_row(ws, k), 7).value = w
    _, problems = edited(forms, tmp_path, template, change)
    wrong = [p for p in problems if "权重合计" in p]
    assert not wrong if right else wrong, problems
    if not right:
        total = sum(weights)
        assert f"项目“{PROJECT}”的指标权重合计为{total}" in wrong[0]
        assert "应为90或100" in wrong[0]


def test_the_cli_tells_the_weights_before_it_writes_the_document(forms, tmp_path):
    bad, _ = edited(forms, tmp_path, XINJIANG,
                    lambda wb: setattr(wb["绩效目标"].cell(indicator_row(wb["绩效目标"], 4), 7), "value", 5))
    out = tmp_path / "公开.html"
    result = CliRunner().invoke(app, ["render", str(bad), "-o", str(out)])
    assert result.exit_code == 0, result.output
    said = result.output.replace("\n", "")
    assert "填报表有 1 处问题" in said and "权重合计为85" in said
    assert said.index("权重合计为85") < said.index("已写出")
    assert "P-WEIGHT-SUM" not in said                  # (said once, by the form)


def test_a_projects_money_other_than_its_budgets_is_said_inconsistent(forms, tmp_path):
    """Near miss of the round trip: 18.00 of 财政拨款 where 表7 gives the project 20.00 (and 18.00
    + 5.00 is no figure of 表7 either): the checker says so, the document prints it as filled."""
    def change(wb):
        ws = wb["绩效目标"]
        ws.cell(row_where(ws, "项目名称", "主管部门") + 1, 4).value = 18.0
    bad, problems = edited(forms, tmp_path, NATIONAL, change)
    assert not problems
    out = tmp_path / "公开.html"
    result = CliRunner().invoke(app, ["render", str(bad), "-o", str(out)])
    assert result.exit_code == 0, result.output
    said = result.output.replace("\n", "")
    assert "输入数据不一致" in said and "P-PROJECT-AMOUNT" in said
    assert "财政拨款项目涉及预算金额18.00万元；非财政拨款项目涉及预算金额5.00万元" in out.read_text(encoding="utf-8")


def test_a_blank_level_is_the_row_aboves_within_its_project_only(forms, tmp_path):
    from openpyxl import load_workbook

    def change(wb):
        ws = wb["绩效目标"]
        ws.cell(row_where(ws, "项目名称", "主管部门") + 2, 1).value = "数据安全监测服务"
        r = indicator_row(ws, len(INDICATORS))
        for c, value in enumerate(["数据安全监测服务", None, None, "监测次数（次）", "≥12次", "", 100.0], 1):
            ws.cell(r, c).value = value
    out, _ = edited(forms, tmp_path, NATIONAL, change)
    second = read_form(out).targets.performance[-1]
    assert second.project == "数据安全监测服务" and (second.indicators[0].level1, second.indicators[0].level2) == (None, None)
    first = load_workbook(out)["绩效目标"]
    assert first.cell(indicator_row(first, 1), 2).value is None      # (within a project: the row above's)
    assert read_form(out).targets.performance[0].indicators[1].level1 == "产出指标"


def test_an_indicator_of_no_listed_project_and_a_count_in_words_are_named(forms, tmp_path):
    def change(wb):
        ws = wb["绩效目标"]
        ws.cell(indicator_row(ws, 0), 1).value = "另一个项目"
        assets = wb["国有资产"]
        assets.cell(row_where(assets, "一般公务用车"), 2).value = "两辆"
    _, problems = edited(forms, tmp_path, XINJIANG, change)
    assert any("“另一个项目”不在上方的项目列表中" in p for p in problems), problems
    assert any(p.startswith("工作表“国有资产”B") and "“两辆”不是数字" in p for p in problems), problems
    assert any(f"项目“{PROJECT}”没有填写绩效指标" in p for p in problems), problems


def test_negative_asset_figures_are_named(forms, tmp_path):
    def change(wb):
        assets = wb["国有资产"]
        assets.cell(row_where(assets, "一般公务用车"), 2).value = -1
        assets.cell(row_where(assets, "房屋面积（平方米）"), 2).value = -20
    _, problems = edited(forms, tmp_path, XINJIANG, change)
    assert any("“-1”不是非负整数" in p for p in problems), problems
    assert any("房屋面积“-20”是负数" in p for p in problems), problems


# ---- a region's wording: a real Shanghai unit budget rendered with a filled Shanghai form -------------

SHANGHAI = "sh-district-unit-budget-2025"
SH_VEHICLES = {"执法执勤用车": 1, "其他用车": 2}


def test_a_shanghai_document_states_them_in_shanghais_words(tmp_path):
    from conftest import SHARED
    from openpyxl import load_workbook

    from budgetlens.render import render
    from budgetlens.render.form import write_form

    path = SHARED / "real" / "sh-putuo-qfb-2025-unit-budget.pdf"
    if not path.exists():
        pytest.skip("../shared/real 不在本机")
    disc = parse(path)
    blank, filled = tmp_path / "blank.xlsx", tmp_path / "filled.xlsx"
    write_form(SHANGHAI, blank, disc.meta.unit_name, disc.meta.year)
    wb = load_workbook(blank)
    fill_targets(wb, SHANGHAI, weights=WEIGHTS[NATIONAL],
                 assets={**SH_VEHICLES, **{k: v for k, v in ASSETS.items() if "设备" in k}})
    wb.save(filled)
    form = read_form(filled)
    assert not form.problems, form.problems
    out = tmp_path / "公开.docx"
    render(disc, out, form=form)
    text = "".join(document_text(out).split())
    kinds = "、".join(f"{k}{SH_VEHICLES.get(k, 0)}辆" for k in
                     ("部级领导干部用车", "主要领导干部用车", "机要通信用车", "应急保障用车", "执法执勤用车",
                      "特种专业技术用车", "离退休干部用车", "其他用车"))
    for sentence in ("2025年度，本单位编报绩效目标的项目共1个，涉及项目预算资金25.00万元。",
                     (f"截至{AS_OF}，{disc.meta.unit_name}共有车辆3辆，其中：{kinds}；单价50万元（含）以上通用设备3台（套），"
                      "单价100万元（含）以上专用设备1台（套）。"), "2025年单位预算安排购置车辆0辆"):
        assert sentence in text, sentence
    assert "【待填写：国有资产占用使用情况】" not in text and "【待填写：预算绩效目标】" not in text
    back = parse(out)
    assert tables_of(back.narrative.performance) == expected_tables(NATIONAL)
    counts = counts_of(back)
    assert (counts.get("执法执勤用车"), counts.get("其他用车")) == (1, 2)
    said = [f for f in check(back).findings if f.severity != "info"
            and (f.rule.startswith("P-") or f.rule in ("C-PROJECT-PERFORMANCE", "N-VEHICLE-PURCHASE"))]
    assert not said, [f.message for f in said]


def test_vehicles_without_their_kinds_are_said_without_a_list(forms, tmp_path):
    """A 国有资产 sheet whose vehicle kinds were cleared: "车辆0辆。", not "车辆0辆，其中：。"."""
    def change(wb):
        assets = wb["国有资产"]
        for kind in ("一般公务用车", "执法执勤用车", "特种专业技术用车", "其他用车"):
            row = row_where(assets, kind)
            assets.cell(row, 1).value = assets.cell(row, 2).value = None
    form, _ = edited(forms, tmp_path, XINJIANG, change)
    out = tmp_path / "公开.html"
    result = CliRunner().invoke(app, ["render", str(form), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = "".join(document_text(out).split())
    assert "车辆0辆。" in text and "其中：。" not in text
