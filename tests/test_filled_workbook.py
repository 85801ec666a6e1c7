"""A finance officer's workbook: the real Shanghai district 部门预算 template (../shared/templates),
filled as an office fills it (codes in 类/款/项 cells, the 类 a number; amounts in 元 as
integers in the template's own #,##0 format), then read back: every amount written is a cell
with its code, name and column, nothing else is, and the rule catalogue finds nothing to say.

The expected cells come from the figures written below, not from the parser."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import SHARED

TEMPLATE = SHARED / "templates" / "sh-putuo-2026-dept-budget-template.xlsx"
pytestmark = pytest.mark.skipif(not TEMPLATE.exists(), reason="../shared/templates 不在本机")

UNIT = "上海市普陀区示例局"
# function rows: code, name, and for a 项: basic, project (元); the 事业运行 is partly paid by 事业收入
FUNCTIONS = [
    ("201", "一般公共服务支出"), ("20103", "政府办公厅（室）及相关机构事务"),
    ("2010301", "行政运行", 5_000_000, 0), ("2010350", "事业运行", 1_200_000, 0),
    ("2010399", "其他政府办公厅（室）及相关机构事务支出", 0, 300_000),
    ("208", "社会保障和就业支出"), ("20805", "行政事业单位养老支出"),
    ("2080505", "机关事业单位基本养老保险缴费支出", 600_000, 0),
    ("221", "住房保障支出"), ("22102", "住房改革支出"), ("2210201", "住房公积金", 400_000, 0),
]
CAREER = {"2010350": 200_000}                    # 事业收入 by function
# the basic expenditure paid by 一般公共预算 (7,000,000 元): economic rows, 人员经费 or 公用经费
ECONOMIC = [
    ("301", "工资福利支出"), ("30101", "基本工资", 3_000_000, 0), ("30102", "津贴补贴", 1_500_000, 0),
    ("30108", "机关事业单位基本养老保险缴费", 600_000, 0), ("30113", "住房公积金", 400_000, 0),
    ("302", "商品和服务支出"), ("30201", "办公费", 0, 800_000), ("30217", "公务接待费", 0, 50_000),
    ("30231", "公务用车运行维护费", 0, 150_000), ("30299", "其他商品和服务支出", 0, 400_000),
    ("303", "对个人和家庭的补助"), ("30305", "生活补助", 100_000, 0),
]
# 万元: 合计, 因公出国（境）费, 公务接待费, 公务用车 小计, 购置费, 运行费, 机关运行经费
THREE_PUBLIC = [20, 0, 5, 15, 0, 15, 140]


def leaves(rows):
    return [r for r in rows if len(r) == 4]


def total(rows, code, col):
    return sum(r[col] for r in leaves(rows) if r[0].startswith(code))


def spent(code):              # 合计, 基本, 项目 of a function code ("" = all)
    basic, project = total(FUNCTIONS, code, 2), total(FUNCTIONS, code, 3)
    return basic + project, basic, project


def career(code):
    return sum(v for c, v in CAREER.items() if c.startswith(code))


def gpb(code):                # 合计, 基本, 项目 paid by 一般公共预算 (事业收入 pays basic spending)
    whole, basic, project = spent(code)
    return whole - career(code), basic - career(code), project


def economic(code):           # 合计, 人员经费, 公用经费
    personnel, public = total(ECONOMIC, code, 2), total(ECONOMIC, code, 3)
    return personnel + public, personnel, public


CLASSES = [(code, name) for code, name, *_ in FUNCTIONS if len(code) == 3]
NUMERALS = "一二三四五六七八九十"


def fill(path, change=None):
    """The template filled with the figures above; change(workbook) edits it before saving."""
    from openpyxl import load_workbook

    wb = load_workbook(TEMPLATE)
    for ws in wb.worksheets:
        if str(ws["A4"].value or "").startswith("编制部门") or str(ws["A3"].value or "").startswith("编制部门"):
            cell = ws["A4"] if str(ws["A4"].value or "").startswith("编制部门") else ws["A3"]
            cell.value = f"编制部门：{UNIT}"
    whole, _, _ = spent("")
    fiscal = whole - career("")
    summary(wb["部门收支总表"], fiscal, whole)
    coded(wb["部门收入总表"], FUNCTIONS, lambda c: [spent(c)[0], spent(c)[0] - career(c), career(c), 0, 0])
    coded(wb["部门支出总表"], FUNCTIONS, lambda c: list(spent(c)))
    fiscal_summary(wb["部门财政拨款收支总表"], fiscal)
    coded(wb["部门一般公共预算拨款表"], FUNCTIONS, lambda c: list(gpb(c)))
    for sheet, what in (("部门政府性基金拨款表", "政府性基金"), ("部门国有资本经营预算拨款表 ", "国有资本经营")):
        coded(wb[sheet], [], None)
        ws = wb[sheet]
        ws.cell(row_of(ws, "合计") + 1, 1).value = f"注：本部门2026年无{what}预算拨款安排的支出，故本表为空表。"
    coded(wb["部门一般公共预算拨款基本支出明细表"], ECONOMIC, lambda c: list(economic(c)), parts=2)
    ws = wb["部门“三公”经费和机关运行费预算表"]
    for j, value in enumerate(THREE_PUBLIC):
        ws.cell(7, 1 + j).value = value
    narrative(wb, fiscal, whole)
    if change:
        change(wb)
    wb.save(path)
    return path


def row_of(ws, text, after=1):
    return next(r for r in range(after, ws.max_row + 1) if str(ws.cell(r, 1).value or "").strip() == text)


def clear(ws, first, last):
    for r in range(first, last + 1):
        for c in range(1, ws.max_column + 1):
            if type(ws.cell(r, c)).__name__ != "MergedCell":
                ws.cell(r, c).value = None


def coded(ws, rows, amounts, parts=3):
    """A table coded in 类/款(/项) cells: the template's sample rows replaced by ours."""
    first, last = row_of(ws, "类") + 1, row_of(ws, "合计")
    clear(ws, first, last - 1)
    assert first + len(rows) <= last, ws.title
    for i, (code, name, *_) in enumerate(rows):
        pieces = [int(code[:3]), code[3:5] or None, code[5:7] or None][:parts]
        for j, piece in enumerate(pieces):
            ws.cell(first + i, 1 + j).value = piece
        ws.cell(first + i, parts + 1).value = name
        for j, value in enumerate(amounts(code)):
            ws.cell(first + i, parts + 2 + j).value = value
    if amounts:
        for j, value in enumerate(amounts("")):
            ws.cell(last, parts + 2 + j).value = value


def summary(ws, fiscal, whole):
    first, last = row_of(ws, "项目") + 1, row_of(ws, "收入总计")
    clear(ws, first, last - 1)
    income = [("一、财政拨款收入", fiscal), ("1. 一般公共预算", fiscal), ("2. 政府性基金预算", 0),
              ("3. 国有资本经营预算", 0), ("二、事业收入", career("")), ("三、事业单位经营收入", 0), ("四、其他收入", 0)]
    for i, (name, value) in enumerate(income):
        ws.cell(first + i, 1).value, ws.cell(first + i, 2).value = name, value
    for i, (code, name) in enumerate(CLASSES):
        ws.cell(first + i, 3).value, ws.cell(first + i, 4).value = f"{NUMERALS[i]}、{name}", spent(code)[0]
    ws.cell(last, 2).value = ws.cell(last, 4).value = whole


def fiscal_summary(ws, fiscal):
    first, last = row_of(ws, "项目") + 1, row_of(ws, "收入总计")
    clear(ws, first, last - 1)
    for i, (name, value) in enumerate([("一、一般公共预算", fiscal), ("二、政府性基金预算", 0), ("三、国有资本经营预算", 0)]):
        ws.cell(first + i, 1).value, ws.cell(first + i, 2).value = name, value
    for i, (code, name) in enumerate(CLASSES):
        ws.cell(first + i, 3).value = f"{NUMERALS[i]}、{name}"
        for j, value in enumerate([gpb(code)[0], gpb(code)[0], 0, 0]):
            ws.cell(first + i, 4 + j).value = value
    ws.cell(last, 2).value = fiscal
    for j, value in enumerate([fiscal, fiscal, 0, 0]):
        ws.cell(last, 4 + j).value = value


def wan(yuan) -> str:
    return f"{Decimal(yuan) / 10000:,.2f}"


def narrative(wb, fiscal, whole):
    wb["部门主要职能"]["A3"] = f"    {UNIT}是区政府工作部门，主要职能包括：\n    1.负责本区示例事务的统筹协调。\n"
    wb["部门机构设置"]["A3"] = (f"    {UNIT}部门预算是包括本部以及下属1家预算单位的综合收支计划。\n"
                              "    本部门中，行政单位1家，事业单位1家。\n")
    ws = wb["部门编制说明"]
    ws["A3"] = (f"     2026年，{UNIT}收入预算{wan(whole)}万元，其中：财政拨款收入{wan(fiscal)}万元，"
                f"比2025年预算增加30.00万元；事业收入{wan(career(''))}万元；事业单位经营收入0万元；其他收入0万元。\n"
                f"    支出预算{wan(whole)}万元，其中：财政拨款支出预算{wan(fiscal)}万元，比2025年预算增加30.00万元。"
                f"财政拨款支出预算中，一般公共预算拨款支出预算{wan(fiscal)}万元，比2025年预算增加30.00万元。\n"
                "    财政拨款收入支出增加的主要原因是人员经费调整。\n    财政拨款支出主要内容如下：")
    for i, (code, name) in enumerate(CLASSES):
        ws.cell(4 + i, 1).value = f"    {i + 1}. “{name}”科目{wan(gpb(code)[0])}万元，主要用于机构运转。"
    three = THREE_PUBLIC
    wb["其他相关情况说明"]["A3"] = (
        f"   一、2026年“三公”经费预算情况说明\n      2026年“三公”经费预算数为{three[0]:.2f}万元，"
        f"比2025年预算减少2.00万元。其中：\n     （一）因公出国（境）费{three[1]:.2f}万元，与2025年预算持平。\n"
        f"     （二）公务用车购置及运行费{three[3]:.2f}万元，比2025年预算减少2.00万元，主要原因是压减车辆运行支出。"
        f"其中：公务用车购置费{three[4]:.2f}万元，与2025年预算持平；公务用车运行费{three[5]:.2f}万元，"
        "比2025年预算减少2.00万元。\n"
        f"     （三）公务接待费{three[2]:.2f}万元，与2025年预算持平。\n"
        f"  二、机关运行经费预算\n      2026年{UNIT}下属1家机关财政拨款的机关运行经费预算为{three[6]:.2f}万元。\n"
        f"  三、政府采购预算情况\n     2026年本部门未安排政府采购预算。\n"
        "  四、绩效目标设置情况\n     本部门1个预算单位开展了2026年项目预算绩效目标编报工作，编报绩效目标的项目1个，"
        f"涉及项目预算资金{wan(spent('')[2])}万元。\n"
        f"  五、国有资产占有使用情况\n     截至2025年8月31日，{UNIT}共有车辆2辆，其中：机要通信用车1辆、其他用车1辆；"
        "单价100万元（含）以上设备（不含车辆）0台（套）。\n     2026年部门预算未安排购置车辆。")
    project = next(r for r in leaves(FUNCTIONS) if r[3])
    ws = wb["项目经费情况说明"]
    ws["A1"] = "区政务协调保障项目经费情况说明"
    ws["A3"] = (" 一、项目概述\n 保障全区政务协调工作的开展。\n 二、立项依据\n 《示例区政务工作规则》。\n"
                f" 三、实施主体\n {UNIT}。\n 四、实施方案\n 全年分季度实施。\n 五、实施周期\n 2026年1月至12月。\n"
                f" 六、年度预算安排\n 2026年安排财政资金{wan(project[3])}万元，用于会务和资料印制。\n"
                " 七、绩效目标\n 详见单位的项目绩效目标表\n")


def expected_cells():
    """(kind, code, name, column, amount) of every amount the workbook prints."""
    out = []
    whole = spent("")[0]
    fiscal = whole - career("")
    named = [("一、财政拨款收入", fiscal), ("1.一般公共预算", fiscal), ("2.政府性基金预算", 0),
             ("3.国有资本经营预算", 0), ("二、事业收入", career("")), ("三、事业单位经营收入", 0),
             ("四、其他收入", 0), ("收入总计", whole)]
    out += [("summary", "", name, "收入/预算数", v) for name, v in named]
    out += [("summary", "", f"{NUMERALS[i]}、{name}", "支出/合计", spent(code)[0]) for i, (code, name) in enumerate(CLASSES)]
    out += [("summary", "", "支出总计", "支出/合计", whole)]
    tables = [("income", FUNCTIONS, ["合计", "财政拨款收入", "事业收入", "事业单位经营收入", "其他收入"],
               lambda c: [spent(c)[0], spent(c)[0] - career(c), career(c), 0, 0]),
              ("expenditure", FUNCTIONS, ["合计", "基本支出", "项目支出"], lambda c: list(spent(c))),
              ("gpb_expenditure", FUNCTIONS, ["合计", "基本支出", "项目支出"], lambda c: list(gpb(c))),
              ("basic_expenditure", ECONOMIC, ["合计", "人员经费", "公用经费"], lambda c: list(economic(c)))]
    for kind, rows, columns, amounts in tables:
        for code, name, *_ in rows + [("", "合计")]:
            out += [(kind, code, name, column, v) for column, v in zip(columns, amounts(code))]
    for i, (code, name) in enumerate(CLASSES):
        out += [("fiscal_summary", "", f"{NUMERALS[i]}、{name}", f"支出/{column}", v)
                for column, v in zip(["合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"], [gpb(code)[0], gpb(code)[0], 0, 0])]
    out += [("fiscal_summary", "", name, "收入/预算数", v)
            for name, v in [("一、一般公共预算", fiscal), ("二、政府性基金预算", 0), ("三、国有资本经营预算", 0), ("收入总计", fiscal)]]
    out += [("fiscal_summary", "", "支出总计", f"支出/{column}", v)
            for column, v in zip(["合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"], [fiscal, fiscal, 0, 0])]
    columns = ["合计", "因公出国（境）费", "公务接待费", "小计", "购置费", "运行费", "机关运行经费预算数"]
    out += [("three_public", "", "", column, v) for column, v in zip(columns, THREE_PUBLIC)]
    return sorted((k, c, n, col, Decimal(v)) for k, c, n, col, v in out)


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    from budgetlens.pipeline import parse

    return parse(fill(tmp_path_factory.mktemp("wb") / "预算.xlsx"))


def test_every_amount_written_is_read_back(filled):
    from budgetlens.render_cells import cell_rows

    got = sorted((r["kind"], r["code"], r["name"], r["column"], Decimal(r["amount"])) for r in cell_rows(filled))
    want = expected_cells()
    missing = [c for c in want if c not in got]
    extra = [c for c in got if c not in want]
    assert not missing and not extra, f"missing {missing[:6]} extra {extra[:6]}"
    # the 目录 sheet's entries ("9．2026年部门“三公”经费和机关运行经费预算表 ………") are not tables
    assert len(filled.tables) == 9 and len({t.kind for t in filled.tables}) == 9
    assert all(t.unit == ("万元" if t.kind == "three_public" else "元") for t in filled.tables)
    assert filled.meta.unit_name == UNIT and filled.meta.year == 2026


def test_the_filled_workbook_checks_clean(filled):
    from budgetlens.checks import check

    report = check(filled)
    loud = [f"{f.rule} {f.message}" for f in report.findings if f.severity in ("error", "warning")]
    assert not loud, loud
    assert not filled.missing and not filled.issues
    passed = {o.rule for o in report.outcomes if o.status == "pass"}
    # checked, not skipped: the sums, the tables against each other, the text against the tables
    assert {"ARITH-COLUMN-SUM", "ARITH-HIERARCHY", "T10-T6-LINES", "N-AMOUNT", "C-SECTIONS", "C-EMPTY-NOTE"} <= passed
    sections = [s.title for s in filled.narrative.sections]
    assert any("“三公”经费" in t for t in sections) and any("国有资产" in t for t in sections)


def test_a_figure_typed_wrong_is_found(tmp_path):
    """行政运行's 基本支出 mistyped (a digit off) in the 支出总表: the row and its parents disagree."""
    from budgetlens.checks import check
    from budgetlens.pipeline import parse

    def typo(wb):
        ws = wb["部门支出总表"]
        row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 4).value == "行政运行")
        ws.cell(row, 6).value += 1000

    disc = parse(fill(tmp_path / "预算.xlsx", typo))
    rules = {f.rule for f in check(disc).findings if f.severity == "error"}
    assert "ARITH-ROW" in rules or "ARITH-HIERARCHY" in rules, rules
