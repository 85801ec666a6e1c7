"""A 收入总表 printing the carry-over as one column: 总计 | 财政拨款（补助）(小计 | 一般公共预算 |
政府性基金预算) | 单位资金 | 上年结转结余, nothing under 上年结转结余. Before, the Xinjiang template
knew 上年结转结余 only as a group over its levels: the column's amounts were dropped without a
word, and ARITH-COLUMN-SUM stayed silent on a misprinted 总计. Its amounts are facts of the whole
carry-over (source carryover, as the national template reads it), and 总计 = 小计 + 单位资金 +
上年结转结余 is checked. Near miss: a table printing the levels, not the whole, reads as before.
Every expectation is transcribed from the tables written here."""

from __future__ import annotations

import pytest
from ruled_pdf import CSS
from test_group_parts_near_misses_s43 import budget_layout
from test_tables_probe37 import WRITERS

from budgetlens.checks import check
from budgetlens.identities import printed_sums, printed_ways
from budgetlens.pipeline import parse
from budgetlens.templates import load_templates, sum_pairs

TITLE = "部门收入总体情况表"
COVER = "新疆维吾尔自治区某某局2025年部门预算"
KEYS = ["total", "fiscal", "gpb", "gov_fund", "unit_funds", "carryover"]
HEAD = [["科目编码", "科目名称", "总计", "财政拨款（补助）", "", "", "单位资金", "上年结转结余"],
        ["", "", "", "小计", "一般公共预算", "政府性基金预算", "", ""]]
# (201 = 20103 = 2010301 + 2010302 column by column; 总计 = 小计 + 单位资金 + 上年结转结余;
# 小计 = 一般公共预算 + 政府性基金预算)
SUMS = ["185.50", "140.25", "120.25", "20.00", "15.25", "30.00"]
BODY = [["201", "一般公共服务支出", *SUMS],
        ["20103", "政府办公厅（室）及相关机构事务", *SUMS],
        ["2010301", "行政运行", "120.50", "100.25", "80.25", "20.00", "5.25", "15.00"],
        ["2010302", "一般行政管理事务", "65.00", "40.00", "40.00", "", "10.00", "15.00"],
        ["", "合计", *SUMS]]
UNREAD = ("column-unmapped", "column-not-in-template", "columns-by-order", "header-unmapped", "extra-cell",
          "ambiguous-column")


def body(total: str) -> list[list[str]]:
    """BODY with 2010301's 总计 as given (right: 120.50)."""
    return [[*r[:2], total, *r[3:]] if r[0] == "2010301" else r for r in BODY]


def span_html(rows: list[list[str]]) -> tuple[str, str]:
    """The header as offices print it: merged cells (rowspan, colspan), not blanks."""
    head = ("<tr><td rowspan=2>科目编码</td><td rowspan=2>科目名称</td><td rowspan=2>总计</td>"
            "<td colspan=3>财政拨款（补助）</td><td rowspan=2>单位资金</td><td rowspan=2>上年结转结余</td></tr>"
            "<tr><td>小计</td><td>一般公共预算</td><td>政府性基金预算</td></tr>")
    cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return head, cells


def html_spans(path, rows: list[list[str]]) -> str:
    head, cells = span_html(rows)
    path.write_text(f"<html><body><p>{COVER}</p><p>{TITLE}</p><p>单位：万元</p>"
                    f"<table border=1>{head}{cells}</table></body></html>", encoding="utf-8")
    return str(path)


def pdf(path, rows: list[list[str]], ruled: bool = True) -> str:
    """The table as a PDF, ruled, or without rules (its words placed as the grid places them)."""
    weasyprint = pytest.importorskip("weasyprint")
    head, cells = span_html(rows)
    css = CSS if ruled else CSS.replace("border: 0.5pt solid #000;", "border: none;")
    weasyprint.HTML(string=f"<html><head><style>{css}</style></head><body><p>{COVER}</p><p>{TITLE}</p>"
                           f"<p>编制单位：某某局 单位：万元</p><table>{head}{cells}</table></body></html>"
                    ).write_pdf(str(path))
    return str(path)


WIDTHS = [10, 10, 14, 16, 12, 14]       # (the amount columns, in display cells)


def width(text: str) -> int:
    """Display cells, as pdftotext -layout counts them: a CJK character takes two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def layout_line(code: str, name: str, cells: list[str]) -> str:
    """A line as pdftotext -layout prints it: code and name flush left, each cell right-aligned
    in its column."""
    out = f"  {code}{' ' * (11 - width(code))}{name}{' ' * (34 - width(name))}"
    return out + "".join(" " * (w - width(c)) + c for c, w in zip(cells, WIDTHS))


def layout_lines(rows: list[list[str]]) -> list[str]:
    group = layout_line("科目编码", "科目名称", ["总计"])
    group += "  财政拨款（补助）" + " " * (sum(WIDTHS[1:4]) - width("  财政拨款（补助）"))
    group += " " * (WIDTHS[4] - width("单位资金")) + "单位资金" + " " * (WIDTHS[5] - width("上年结转结余")) + "上年结转结余"
    parts = layout_line("", "", ["", "小计", "一般公共预算", "政府性基金预算"])
    return [group, parts, *(layout_line(code, name, amounts) for code, name, *amounts in rows)]


def read(tmp_path, form: str, total: str = "120.50"):
    rows = body(total)
    if form == "span":
        return parse(html_spans(tmp_path / "a.html", rows))
    if form in ("pdf", "unruled"):
        return parse(pdf(tmp_path / "a.pdf", rows, ruled=form == "pdf"))
    if form == "layout":
        return budget_layout(tmp_path, "表2", TITLE, layout_lines(rows))
    return parse(WRITERS[form](tmp_path / f"a.{form}", TITLE, HEAD + rows))


def amounts(doc) -> dict[str, list[tuple[str, str]]]:
    """Each row (its code, or its name) and its cells: (column, amount as printed)."""
    return {r.code or r.name: [(c.column, c.text) for c in r.cells] for r in doc.table("income").rows}


def column_sums(doc) -> list[str]:
    return [f.message for f in check(doc).findings if f.rule == "ARITH-COLUMN-SUM" and f.severity == "error"]


FORMS = ["html", "span", "docx", "xlsx", "pdf", "unruled", "layout"]


@pytest.mark.parametrize("form", FORMS)
def test_the_whole_carryover_column_is_read(tmp_path, form):
    doc = read(tmp_path, form)
    want = {r[0] or r[1]: [(k, a) for k, a in zip(KEYS, r[2:]) if a] for r in BODY}
    assert amounts(doc) == want
    assert not [(i.code, i.message) for i in doc.issues if i.code in UNREAD]


@pytest.mark.parametrize("form", FORMS)
def test_its_facts_are_the_whole_carryover_of_the_budget(tmp_path, form):
    doc = read(tmp_path, form)
    facts = {(f.coords.function_code or f.coords.label, str(f.amount)) for f in doc.facts
             if f.coords.table_kind == "income" and f.coords.source == "carryover"}
    assert facts == {("201", "30.00"), ("20103", "30.00"), ("2010301", "15.00"), ("2010302", "15.00"),
                     ("合计", "30.00")}
    fact = next(f for f in doc.facts if f.coords.source == "carryover" and f.coords.function_code == "2010301")
    assert fact.coords.phase == "本年预算" and fact.column == "carryover"


@pytest.mark.parametrize("form", FORMS)
def test_a_table_that_adds_up_is_silent(tmp_path, form):
    assert column_sums(read(tmp_path, form)) == []


@pytest.mark.parametrize("form", FORMS)
def test_a_misprinted_total_is_caught_with_the_carryover_among_its_parts(tmp_path, form):
    found = column_sums(read(tmp_path, form, total="121.50"))
    assert len(found) == 1
    assert "2010301 行政运行" in found[0] and "总计" in found[0] and "上年结转结余" in found[0]
    assert "121.50 不等于" in found[0] and "之和 120.50，相差 1.00" in found[0]


# ---- near misses: the carry-over printed in its levels, not whole ---------------------------

LEVELS_HEAD = [["科目编码", "科目名称", "总计", "财政拨款（补助）", "", "", "财政专户（教育收费）", "单位资金", "上年结转结余", ""],
               ["", "", "", "小计", "一般公共预算", "政府性基金预算", "", "", "财政拨款结转", "非财政拨款结转结余"]]
LEVELS = [["201", "一般公共服务支出", "185.50", "140.25", "120.25", "20.00", "", "15.25", "25.00", "5.00"],
          ["2010301", "行政运行", "185.50", "140.25", "120.25", "20.00", "", "15.25", "25.00", "5.00"]]


@pytest.mark.parametrize("form", ["html", "xlsx"])
def test_the_levels_under_the_group_are_read_as_before(tmp_path, form):
    doc = parse(WRITERS[form](tmp_path / f"a.{form}", TITLE, LEVELS_HEAD + LEVELS))
    assert amounts(doc)["2010301"] == [("total", "185.50"), ("fiscal", "140.25"), ("gpb", "120.25"),
                                       ("gov_fund", "20.00"), ("unit_funds", "15.25"),
                                       ("fiscal_carryover", "25.00"), ("nonfiscal_carryover", "5.00")]
    assert "carryover" not in [c.key for c in doc.table("income").columns]
    assert column_sums(doc) == []


def test_a_misprint_over_the_levels_is_said_once(tmp_path):
    """总计 = … + 上年结转结余 with the whole unfolded into its printed levels is the sum over the
    levels again: one finding, not two."""
    rows = [LEVELS[0], ["2010301", "行政运行", "186.50", *LEVELS[1][3:]]]
    found = column_sums(parse(WRITERS["html"](tmp_path / "a.html", TITLE, LEVELS_HEAD + rows)))
    assert len(found) == 1 and "186.50 不等于" in found[0] and "之和 185.50，相差 1.00" in found[0]
    assert "财政拨款结转+非财政拨款结转结余" in found[0]


def test_printed_ways_leave_out_a_sum_whose_total_is_not_printed():
    """The levels printed without their whole: the whole holds no amount (not 0), so its sum
    decides nothing; printed, it is kept."""
    sums = [("total", ["fiscal", "carryover"]), ("carryover", ["fiscal_carryover", "nonfiscal_carryover"])]
    assert printed_ways(sums, {"total", "fiscal", "fiscal_carryover", "nonfiscal_carryover"}) == [
        ("total", ["fiscal", "carryover"])]
    assert printed_ways(sums, {"total", "fiscal", "carryover", "fiscal_carryover"}) == sums


# ---- the whole printed beside one of its levels (上年结转结余 | 财政拨款结转) ----------------
# (上年结转结余 is printed whole; 财政拨款结转 beside it is an "of which" item: 非财政拨款结转结余,
# not printed, is the rest of the whole, not none. 总计 = 小计 + 单位资金 + 上年结转结余 holds;
# 上年结转结余 = 财政拨款结转 is no sum. 财政专户 is not printed: a column the table does not
# have, counted as none.)

BESIDE_HEAD = ["科目编码", "科目名称", "总计", "财政拨款（补助）", "单位资金", "上年结转结余", "财政拨款结转"]
BESIDE = [["201", "一般公共服务支出", "150.00", "110.00", "20.00", "20.00", "15.00"],
          ["2010301", "行政运行", "150.00", "110.00", "20.00", "20.00", "15.00"],
          ["", "合计", "150.00", "110.00", "20.00", "20.00", "15.00"]]


def beside(tmp_path, form: str, total: str = "150.00"):
    """The table in HTML or as a PDF (ruled or not), 2010301's 总计 as given."""
    rows = [[*r[:2], total, *r[3:]] if r[0] == "2010301" else r for r in BESIDE]
    cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in [BESIDE_HEAD, *rows])
    body = f"<p>{COVER}</p><p>{TITLE}</p><p>编制单位：某某局 单位：万元</p><table border=1>{cells}</table>"
    if form == "html":
        path = tmp_path / "a.html"
        path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
        return parse(str(path))
    weasyprint = pytest.importorskip("weasyprint")
    css = CSS if form == "pdf" else CSS.replace("border: 0.5pt solid #000;", "border: none;")
    weasyprint.HTML(string=f"<html><head><style>{css}</style></head><body>{body}</body></html>"
                    ).write_pdf(str(tmp_path / "a.pdf"))
    return parse(str(tmp_path / "a.pdf"))


@pytest.mark.parametrize("form", ["html", "pdf", "unruled"])
def test_a_level_printed_beside_its_whole_is_read_and_adds_up(tmp_path, form):
    doc = beside(tmp_path, form)
    assert amounts(doc)["2010301"] == [("total", "150.00"), ("fiscal", "110.00"), ("unit_funds", "20.00"),
                                       ("carryover", "20.00"), ("fiscal_carryover", "15.00")]
    assert column_sums(doc) == []


@pytest.mark.parametrize("form", ["html", "pdf", "unruled"])
def test_beside_its_whole_a_misprinted_total_is_caught_once_over_the_whole(tmp_path, form):
    found = column_sums(beside(tmp_path, form, total="151.00"))
    assert len(found) == 1
    assert "2010301 行政运行" in found[0] and "财政拨款（补助）小计+单位资金+上年结转结余" in found[0]
    assert "151.00 不等于" in found[0] and "之和 150.00，相差 1.00" in found[0]
    assert "表中未印财政专户（教育收费）列，按无此项计" in found[0]


def xj_income_sums() -> list[tuple[str, list[str]]]:
    spec = next(t for t in load_templates() if t.id == "xj-dept-budget-2025")
    return sum_pairs(next(s for s in spec.tables if s.kind == "income").sums)


def test_printed_sums_of_a_whole_beside_some_of_its_levels():
    """The levels beside their printed whole give no sum of their own, nor a way of 总计; the
    whole's way holds over the printed columns, 财政专户 (not printed) counted as none."""
    sums = xj_income_sums()
    assert printed_sums(sums, {"total", "fiscal", "unit_funds", "carryover", "fiscal_carryover"}) == [
        ("total", ["fiscal", "unit_funds", "carryover"])]
    # (near misses: every level printed beside the whole, each sum holds whole; the levels
    # without their whole, 总计 over them; 小计 over the one fiscal column printed)
    assert printed_sums(sums, {"total", "fiscal", "unit_funds", "carryover", "fiscal_carryover",
                               "nonfiscal_carryover", "special_account"}) == [
        ("total", ["fiscal", "special_account", "unit_funds", "fiscal_carryover", "nonfiscal_carryover"]),
        ("total", ["fiscal", "special_account", "unit_funds", "carryover"]),
        ("carryover", ["fiscal_carryover", "nonfiscal_carryover"])]
    assert printed_sums(sums, {"total", "fiscal", "gpb", "unit_funds", "fiscal_carryover"}) == [
        ("total", ["fiscal", "unit_funds", "fiscal_carryover"]), ("fiscal", ["gpb"])]


def test_a_table_without_special_account_still_adds_up_over_what_it_prints():
    """The s45 rule stands: 总计 = 小计 + 单位资金 + 上年结转结余 where 财政专户 is not printed."""
    assert printed_sums(xj_income_sums(), {"total", "fiscal", "gpb", "gov_fund", "unit_funds", "carryover"}) == [
        ("total", ["fiscal", "unit_funds", "carryover"]), ("fiscal", ["gpb", "gov_fund"])]


# ---- a sum over a row whose amounts' columns are undecided -----------------------------------

PLAIN = f"""{COVER}

表 2

{TITLE}

编制部门：某某县财政局

单位：万元

科目编码 科目名称 总计 财政拨款（补助）小计 一般公共预算 政府性基金预算 单位资金 上年结转结余
合计 160.00 120.00 100.00 20.00 10.00 30.00
201 一般公共服务支出 160.00 120.00 100.00 20.00 10.00 30.00
201 03 政府办公厅（室）及相关机构事务 131.00 100.00 100.00 30.00
201 03 01 行政运行 130.00 100.00 100.00 30.00
201 05 统计信息事务 30.00 20.00 20.00 10.00
201 05 04 信息事务 30.00 20.00 20.00 10.00
"""


def test_a_sum_over_undecided_amounts_states_no_difference(tmp_path):
    """20103 prints four amounts in six columns (empty cells vanished): which column each
    stands in is undecided. Under every reading 总计 is off (131.00 against 130.00), but by
    how much depends on the reading: the finding says it fails and that the gap cannot be
    worked out, not the gap of one reading (31.00, with 30.00 read as 政府性基金预算)."""
    path = tmp_path / "a.txt"
    path.write_text(PLAIN, encoding="utf-8")
    found = column_sums(parse(str(path)))
    assert len(found) == 1 and "20103" in found[0] and "总计" in found[0]
    assert "相差" not in found[0] and "差额随读法而变，无法计算" in found[0]
