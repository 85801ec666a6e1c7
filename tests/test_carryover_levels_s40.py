"""A 部门收入总表 in the national format whose carry-over is printed in three levels:
上年结转结余 over 上年结转 (财政拨款结转 | 非财政拨款结转) and 上年结余, or 上年结转 over the two
with 上年结余 beside it. Before, the template had no such columns: their amounts were not read
("对应不到模板的列" / "是“上年结转”的细分，模板没有此列"). Each reader is tried: XLSX and DOCX
with merged header cells, HTML, a ruled PDF (WeasyPrint) and its pdftotext -layout text."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal

import pytest

from budgetlens.checks import check
from budgetlens.pipeline import parse

SOURCES = ["一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "事业收入", "事业单位经营收入",
           "上级补助收入", "附属单位上缴收入", "其他收入"]
C = 3 + len(SOURCES)              # the first carry-over column


def header(form: str) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """The header rows and their merges (row, column, rows, columns)."""
    blank = [""] * len(SOURCES)
    if form == "three":       # 上年结转结余 / (上年结转 / 财政拨款结转 | 非财政拨款结转) | 上年结余
        rows = [["科目编码", "科目名称", "合计", "本年收入", *blank[1:], "上年结转结余", "", ""],
                ["", "", "", *SOURCES, "上年结转", "", "上年结余"],
                ["", "", "", *blank, "财政拨款结转", "非财政拨款结转", ""]]
        merges = [(0, 0, 3, 1), (0, 1, 3, 1), (0, 2, 3, 1), (0, 3, 1, len(SOURCES)), (0, C, 1, 3),
                  *[(1, 3 + i, 2, 1) for i in range(len(SOURCES))], (1, C, 1, 2), (1, C + 2, 2, 1)]
    elif form == "two":       # 上年结转 / 财政拨款结转 | 非财政拨款结转, 上年结余 beside it
        rows = [["科目编码", "科目名称", "合计", "本年收入", *blank[1:], "上年结转", "", "上年结余"],
                ["", "", "", *SOURCES, "财政拨款结转", "非财政拨款结转", ""]]
        merges = [(0, 0, 2, 1), (0, 1, 2, 1), (0, 2, 2, 1), (0, 3, 1, len(SOURCES)), (0, C, 1, 2), (0, C + 2, 2, 1)]
    elif form == "leaf":      # 上年结转结余 / 上年结转 | 上年结余: 上年结转 not split
        rows = [["科目编码", "科目名称", "合计", "本年收入", *blank[1:], "上年结转结余", ""],
                ["", "", "", *SOURCES, "上年结转", "上年结余"]]
        merges = [(0, 0, 2, 1), (0, 1, 2, 1), (0, 2, 2, 1), (0, 3, 1, len(SOURCES)), (0, C, 1, 2)]
    elif form == "subtotal":  # as three, with a 小计 under 上年结转结余 and under 上年结转
        rows = [["科目编码", "科目名称", "合计", "本年收入", *blank[1:], "上年结转结余", "", "", "", ""],
                ["", "", "", *SOURCES, "小计", "上年结转", "", "", "上年结余"],
                ["", "", "", *blank, "", "小计", "财政拨款结转", "非财政拨款结转", ""]]
        merges = [(0, 0, 3, 1), (0, 1, 3, 1), (0, 2, 3, 1), (0, 3, 1, len(SOURCES)), (0, C, 1, 5),
                  *[(1, 3 + i, 2, 1) for i in range(len(SOURCES))], (1, C, 2, 1), (1, C + 1, 1, 3), (1, C + 4, 2, 1)]
    else:                     # the usual header: 上年结转 one column, over nothing
        rows = [["科目编码", "科目名称", "合计", "上年结转", "本年收入", *blank[1:]],
                ["", "", "", "", *SOURCES]]
        merges = [(0, 0, 2, 1), (0, 1, 2, 1), (0, 2, 2, 1), (0, 3, 2, 1), (0, 4, 1, len(SOURCES))]
    return rows, merges


# code, name, 合计, 一般公共预算, 事业收入, 其他收入, 财政拨款结转, 非财政拨款结转, 上年结余
FIGURES = [("", "合计", "200.00", "100.00", "40.00", "20.00", "25.00", "10.00", "5.00"),
           ("2010301", "行政运行", "150.00", "100.00", "30.00", "", "20.00", "", ""),
           ("2010302", "一般行政管理事务", "50.00", "", "10.00", "20.00", "5.00", "10.00", "5.00")]
CARRY_KEYS = ["fiscal_carried_over", "nonfiscal_carried_over", "prior_balance"]


def added(*figures: str) -> str:
    amount = sum(Decimal(x) for x in figures if x)
    return str(amount) if amount else ""


def body(form: str, figures=FIGURES) -> list[list[str]]:
    out = []
    for code, name, total, gpb, business, other, fiscal, nonfiscal, balance in figures:
        sources = [gpb, "", "", "", business, "", "", "", other]
        if form == "usual":       # 上年结转: the three together, printed before the sources
            out.append([code, name, total, added(fiscal, nonfiscal, balance), *sources])
        elif form == "leaf":
            out.append([code, name, total, *sources, added(fiscal, nonfiscal), balance])
        elif form == "subtotal":
            out.append([code, name, total, *sources, added(fiscal, nonfiscal, balance), added(fiscal, nonfiscal),
                        fiscal, nonfiscal, balance])
        else:
            out.append([code, name, total, *sources, fiscal, nonfiscal, balance])
    return out


TITLE, COVER, UNIT = "部门收入总表", "某某局2025年部门预算", "单位：万元"


def xlsx(path, form: str, figures=FIGURES, cover: str = COVER, title: str = TITLE, printed=None):
    """printed: (header rows, merges, body rows) of a table of another template."""
    import openpyxl
    rows, merges, data = printed or (*header(form), body(form, figures))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([cover])
    sheet.append([title])
    sheet.append(["编制单位：某某局", *[None] * (len(rows[0]) - 2), UNIT])
    for row in rows + data:
        sheet.append([v or None for v in row])
    for r, c, h, w in merges:
        sheet.merge_cells(start_row=r + 4, start_column=c + 1, end_row=r + 3 + h, end_column=c + w)
    book.save(path)
    return path


def docx(path, form: str):
    import docx as word
    rows, merges = header(form)
    rows = rows + body(form)
    document = word.Document()
    for line in (COVER, TITLE, f"编制单位：某某局　　{UNIT}"):
        document.add_paragraph(line)
    n = len(rows[0])
    table = document.add_table(rows=len(rows), cols=n)
    cells = table._cells
    for r, c, h, w in merges:
        cells[r * n + c].merge(cells[(r + h - 1) * n + c + w - 1])
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                table.rows[r].cells[c].text = text
    document.save(path)
    return path


CSS = """@page { size: A4 landscape; margin: 10mm; } body { font-family: "Noto Sans CJK SC"; font-size: 8pt; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; } td { border: 0.5pt solid #000; padding: 1pt 2pt; }"""


def html_text(form: str) -> str:
    rows, merges = header(form)
    covered, trs = set(), []
    for r, row in enumerate(rows):
        tds = []
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            span = next(((h, w) for mr, mc, h, w in merges if (mr, mc) == (r, c)), (1, 1))
            covered.update((r + i, c + j) for i in range(span[0]) for j in range(span[1]))
            tds.append(f"<td rowspan={span[0]} colspan={span[1]}>{text}</td>")
        trs.append("<tr>" + "".join(tds) + "</tr>")
    trs += ["<tr>" + "".join(f"<td>{text}</td>" for text in row) + "</tr>" for row in body(form)]
    return (f"<html><head><meta charset='utf-8'><style>{CSS}</style></head><body><p>{COVER}</p><p>{TITLE}</p>"
            f"<p>编制单位：某某局 {UNIT}</p><table>{''.join(trs)}</table></body></html>")


def html(path, form: str):
    path.write_text(html_text(form), encoding="utf-8")
    return path


def pdf(path, form: str):
    weasyprint = pytest.importorskip("weasyprint")
    weasyprint.HTML(string=html_text(form)).write_pdf(str(path))
    return path


def layout_text(path, form: str):
    """The ruled PDF as pdftotext -layout prints it."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is needed")
    made = pdf(path.with_suffix(".pdf"), form)
    subprocess.run(["pdftotext", "-layout", str(made), str(path)], check=True)
    return path


MAKERS = {".xlsx": xlsx, ".docx": docx, ".html": html, ".pdf": pdf, ".txt": layout_text}


def income(disc):
    tables = [t for t in disc.tables if t.kind == "income"]
    assert len(tables) == 1
    return tables[0]


def cells(disc) -> set[tuple[str, str, str]]:
    return {(row.code or row.name, c.column, c.text) for row in income(disc).rows for c in row.cells}


WANTED = {(label, key, amount) for label, key, amount in [
    ("合计", "total", "200.00"), ("合计", "gpb", "100.00"), ("合计", "business_income", "40.00"),
    ("合计", "other_income", "20.00"), ("合计", "fiscal_carried_over", "25.00"),
    ("合计", "nonfiscal_carried_over", "10.00"), ("合计", "prior_balance", "5.00"),
    ("2010301", "total", "150.00"), ("2010301", "gpb", "100.00"), ("2010301", "business_income", "30.00"),
    ("2010301", "fiscal_carried_over", "20.00"),
    ("2010302", "total", "50.00"), ("2010302", "business_income", "10.00"), ("2010302", "other_income", "20.00"),
    ("2010302", "fiscal_carried_over", "5.00"), ("2010302", "nonfiscal_carried_over", "10.00"),
    ("2010302", "prior_balance", "5.00")]}
UNREAD = ("column-unmapped", "column-not-in-template", "columns-by-order", "header-unmapped", "extra-cell",
          "ambiguous-column")


@pytest.mark.parametrize("form", ["three", "two"])
@pytest.mark.parametrize("suffix", list(MAKERS))
def test_carryover_in_three_levels_is_read_by_its_words(tmp_path, suffix, form):
    disc = parse(MAKERS[suffix](tmp_path / f"收入{suffix}", form))
    assert cells(disc) == WANTED
    assert not [i.message for i in disc.issues if i.code in UNREAD]
    coords = {c.key: c.coords for c in income(disc).columns}
    assert coords["fiscal_carried_over"] == {"source": "fiscal_carryover"}
    assert coords["nonfiscal_carried_over"] == {"source": "nonfiscal_carried_over"}
    assert coords["prior_balance"] == {"source": "prior_balance"}


def sum_findings(path) -> list:
    return [f for f in check(parse(path)).findings if f.rule == "ARITH-COLUMN-SUM"]


@pytest.mark.parametrize("form", ["three", "two"])
def test_the_carryover_parts_count_in_the_total(tmp_path, form):
    """合计 = the sources + 财政拨款结转 + 非财政拨款结转 + 上年结余 (the template's 上年结转
    unfolded into its printed parts): 上年结余 misprinted 6.00 for 5.00 in a row is found; before,
    the three columns were not read and nothing was checked."""
    wrong = [*FIGURES[:2], (*FIGURES[2][:8], "6.00")]
    found = sum_findings(xlsx(tmp_path / "收入.xlsx", form, wrong))
    assert len(found) == 1 and found[0].severity == "error"
    assert found[0].location.row == "2010302 一般行政管理事务"
    assert "上年结余" in found[0].message and "相差 -1.00" in found[0].message


@pytest.mark.parametrize("form", ["three", "two"])
def test_carryover_parts_that_add_up_are_left_alone(tmp_path, form):
    assert not sum_findings(xlsx(tmp_path / "收入.xlsx", form))


def test_a_units_income_table_in_three_levels(tmp_path):
    """The national 单位 template (单位收入总表) has the same columns: it extends the 部门's."""
    disc = parse(xlsx(tmp_path / "收入.xlsx", "three", cover="某某中心2025年单位预算", title="单位收入总表"))
    assert disc.meta.template == "cn-unit-budget-2018"
    assert cells(disc) == WANTED
    assert not [i.message for i in disc.issues if i.code in UNREAD]


@pytest.mark.parametrize("suffix", [".xlsx", ".pdf", ".txt"])
def test_the_usual_carryover_column_is_still_the_whole_carryover(tmp_path, suffix):
    """Near miss: 上年结转 printed as one column, over nothing: the whole carry-over (source
    carryover), as before."""
    disc = parse(MAKERS[suffix](tmp_path / f"收入{suffix}", "usual"))
    got = cells(disc)
    assert {("合计", "carryover", "40.00"), ("2010301", "carryover", "20.00"), ("2010302", "carryover", "20.00")} <= got
    assert not {key for _, key, _ in got} & set(CARRY_KEYS)
    assert not [i.message for i in disc.issues if i.code in UNREAD]


LEAF = {(label, key, amount) for label, key, amount in WANTED if key not in CARRY_KEYS} | {
    ("合计", "carried_over", "35.00"), ("合计", "prior_balance", "5.00"), ("2010301", "carried_over", "20.00"),
    ("2010302", "carried_over", "15.00"), ("2010302", "prior_balance", "5.00")}


@pytest.mark.parametrize("suffix", list(MAKERS))
def test_carryover_over_its_two_parts_unsplit(tmp_path, suffix):
    """上年结转结余 over 上年结转 | 上年结余: 上年结转 is the carried-over part, not the whole
    (source carried_over), and 上年结余 is read. Before, 上年结转 was read as the whole carry-over
    and 上年结余 left out, so that every row's 合计 was said not to add up."""
    disc = parse(MAKERS[suffix](tmp_path / f"收入{suffix}", "leaf"))
    assert cells(disc) == LEAF
    assert {c.key: c.coords for c in income(disc).columns}["carried_over"] == {"source": "carried_over"}
    said = [(i.code, i.message) for i in disc.issues if i.code in UNREAD]
    # (pdftotext wraps the narrow source headers, 政府性基金预|算: said, none of the carry-over's)
    assert not [m for code, m in said if code != "header-unmapped" or suffix != ".txt" or "上年" in m]
    assert not [f for f in check(disc).findings if f.rule == "ARITH-COLUMN-SUM"]


def test_the_unsplit_carryover_counts_in_the_total(tmp_path):
    """合计 = the sources + 上年结转 + 上年结余: a 合计 misprinted 51.00 for 50.00 is found."""
    wrong = [*FIGURES[:2], ("2010302", "一般行政管理事务", "51.00", *FIGURES[2][3:])]
    found = sum_findings(xlsx(tmp_path / "收入.xlsx", "leaf", wrong))
    assert [f.location.row for f in found] == ["2010302 一般行政管理事务"]
    assert "上年结转结余/上年结转+上年结余" in found[0].message


def test_subtotals_of_the_carryover_levels_in_a_ruled_pdf(tmp_path):
    """小计 under 上年结转结余 and under 上年结转 (ruled PDF): the whole carry-over and the
    carried-over part, each at its own column; the sums between them hold."""
    disc = parse(pdf(tmp_path / "收入.pdf", "subtotal"))
    got = cells(disc)
    assert WANTED <= got
    assert got - WANTED == {("合计", "carryover", "40.00"), ("合计", "carried_over", "35.00"),
                            ("2010301", "carryover", "20.00"), ("2010301", "carried_over", "20.00"),
                            ("2010302", "carryover", "20.00"), ("2010302", "carried_over", "15.00")}
    assert not [f for f in check(disc).findings if f.rule == "ARITH-COLUMN-SUM"]


# ---- the Xinjiang 部门收入总体情况表 (财政拨款（补助）… 单位资金, then the carry-over) -----------

XJ_HEAD = ["功能分类科目编码", "功能分类科目名称", "总计", "财政拨款（补助）", "", "", "财政专户（教育收费）", "单位资金"]
XJ_MERGES = [(0, 0, 3, 1), (0, 1, 3, 1), (0, 2, 3, 1), (0, 3, 1, 3), (1, 3, 2, 1), (1, 4, 2, 1), (1, 5, 2, 1),
             (0, 6, 3, 1), (0, 7, 3, 1), (0, 8, 1, 3), (1, 8, 1, 2), (1, 10, 2, 1)]


def xinjiang(path, balance: str = "5.00"):
    """总计 | 财政拨款（补助）(小计 | 一般公共预算 | 政府性基金预算) | 财政专户（教育收费）| 单位资金 |
    上年结转结余 (上年结转 (财政拨款结转 | 非财政拨款结转) | 上年结余)."""
    rows = [[*XJ_HEAD, "上年结转结余", "", ""],
            ["", "", "", "小计", "一般公共预算", "政府性基金预算", "", "", "上年结转", "", "上年结余"],
            ["", "", "", "", "", "", "", "", "财政拨款结转", "非财政拨款结转", ""]]
    data = [["", "合计", "160.00", "100.00", "100.00", "", "", "20.00", "25.00", "10.00", "5.00"],
            ["2010301", "行政运行", "160.00", "100.00", "100.00", "", "", "20.00", "25.00", "10.00", balance]]
    return xlsx(path, "", cover="新疆维吾尔自治区某某局2025年部门预算", title="部门收入总体情况表",
                printed=(rows, XJ_MERGES, data))


def test_the_xinjiang_income_table_in_three_levels(tmp_path):
    """The Xinjiang template's income table prints 财政拨款结转 | 非财政拨款结转结余; printed in
    three levels instead, 非财政拨款结转 and 上年结余 had been left unread (column-unmapped)."""
    disc = parse(xinjiang(tmp_path / "收入.xlsx"))
    assert disc.meta.template == "xj-dept-budget-2025"
    row = {(c.column, c.text) for c in income(disc).rows[1].cells}
    assert row == {("total", "160.00"), ("fiscal", "100.00"), ("gpb", "100.00"), ("unit_funds", "20.00"),
                   ("fiscal_carryover", "25.00"), ("nonfiscal_carried_over", "10.00"), ("prior_balance", "5.00")}
    # (the middle level 上年结转 is no header text of this layout, so that the national variant
    # keeps reading 上年结转 printed alone: said, its columns all read)
    assert [(i.code, i.message[-5:]) for i in disc.issues if i.code in UNREAD] == [("header-unmapped", "：上年结转")]
    assert not sum_findings(tmp_path / "收入.xlsx")


def test_the_xinjiang_carryover_parts_count_in_the_total(tmp_path):
    found = sum_findings(xinjiang(tmp_path / "收入.xlsx", balance="6.00"))
    assert [f.location.row for f in found] == ["2010301 行政运行"] and "上年结余" in found[0].message


def test_the_xinjiang_carryover_under_one_group(tmp_path):
    """Near miss: 上年结转结余 over the template's own 财政拨款结转 | 非财政拨款结转结余: read as
    before; the group is now known header text (before: said unrecognised)."""
    rows = [[*XJ_HEAD, "上年结转结余", ""],
            ["", "", "", "小计", "一般公共预算", "政府性基金预算", "", "", "财政拨款结转", "非财政拨款结转结余"]]
    merges = [(0, 0, 2, 1), (0, 1, 2, 1), (0, 2, 2, 1), (0, 3, 1, 3), (0, 6, 2, 1), (0, 7, 2, 1), (0, 8, 1, 2)]
    data = [["2010301", "行政运行", "160.00", "100.00", "100.00", "", "", "20.00", "25.00", "15.00"]]
    disc = parse(xlsx(tmp_path / "收入.xlsx", "", cover="新疆维吾尔自治区某某局2025年部门预算", title="部门收入总体情况表",
                      printed=(rows, merges, data)))
    assert {(c.column, c.text) for c in income(disc).rows[0].cells} == {
        ("total", "160.00"), ("fiscal", "100.00"), ("gpb", "100.00"), ("unit_funds", "20.00"),
        ("fiscal_carryover", "25.00"), ("nonfiscal_carryover", "15.00")}
    assert not [i.message for i in disc.issues if i.code in UNREAD]


# ---- the 收支总表: the carry-over's levels as rows under 二、上年结转结余 ----------------------------

SUMMARY_ROWS = [("一、本年收入", "100.00"), ("一般公共预算拨款收入", "100.00"), ("二、上年结转结余", "40.00"),
                ("上年结转", "35.00"), ("财政拨款结转", "25.00"), ("非财政拨款结转", "10.00"), ("上年结余", "5.00"),
                ("收入总计", "140.00")]


def summary(path, income_rows):
    """收入 (项目 | 预算数) beside 支出 (项目 | 预算数), the income rows given."""
    head = [["收入", "", "支出", ""], ["项目", "预算数", "项目", "预算数"]]
    spent = [("一般公共服务支出", "140.00")] + [("", "")] * (len(income_rows) - 2) + [("支出总计", "140.00")]
    data = [[a, b, c, d] for (a, b), (c, d) in zip(income_rows, spent)]
    disc = parse(xlsx(path, "", title="部门收支总表", printed=(head, [(0, 0, 1, 2), (0, 2, 1, 2)], data)))
    table = next(t for t in disc.tables if t.kind == "summary")
    return disc, [(r.name, r.coords.get("source"), [c.text for c in r.cells]) for r in table.rows if r.side == "income"]


def item_findings(disc) -> list:
    return [f for f in check(disc).findings if f.rule == "ARITH-ITEM-SUM"]


def test_summary_rows_of_the_carryover_in_three_levels(tmp_path):
    """上年结转 under 二、上年结转结余 is the carried-over part, 非财政拨款结转 and 上年结余 are
    read. Before, 上年结转 was the carry-over a second time, the other two rows were of no source,
    and 上年结转结余 40.00 was said not to be 财政拨款结转 25.00."""
    disc, rows = summary(tmp_path / "收支.xlsx", SUMMARY_ROWS)
    assert [(name, source) for name, source, _ in rows] == [
        ("一、本年收入", "current_income"), ("一般公共预算拨款收入", "gpb"), ("二、上年结转结余", "carryover"),
        ("上年结转", "carried_over"), ("财政拨款结转", "fiscal_carryover"), ("非财政拨款结转", "nonfiscal_carried_over"),
        ("上年结余", "prior_balance"), ("收入总计", "total")]
    assert not item_findings(disc)


def test_summary_carryover_balance_misprinted_is_found(tmp_path):
    rows = [*SUMMARY_ROWS[:6], ("上年结余", "6.00"), SUMMARY_ROWS[7]]
    found = item_findings(summary(tmp_path / "收支.xlsx", rows)[0])
    assert [f.location.row for f in found] == ["二、上年结转结余"]
    assert "上年结转+上年结余" in found[0].message


@pytest.mark.parametrize("rows, sources", [
    # the usual: 二、上年结转 over the budget types (carry-over money by type)
    ([("一、本年收入", "100.00"), ("一般公共预算拨款收入", "100.00"), ("二、上年结转", "40.00"),
      ("一般公共预算拨款收入", "40.00"), ("收入总计", "140.00")],
     ["current_income", "gpb", "carryover", "fiscal_carryover_gpb", "total"]),
    # 二、上年结转结余 over 财政拨款结转 | 非财政拨款结转结余 (the Xinjiang rows)
    ([("一、本年收入", "100.00"), ("一般公共预算拨款收入", "100.00"), ("二、上年结转结余", "40.00"),
      ("财政拨款结转", "25.00"), ("非财政拨款结转结余", "15.00"), ("收入总计", "140.00")],
     ["current_income", "gpb", "carryover", "fiscal_carryover", "nonfiscal_carryover", "total"])])
def test_summary_carryover_in_two_levels_is_read_as_before(tmp_path, rows, sources):
    disc, read = summary(tmp_path / "收支.xlsx", rows)
    assert [source for _, source, _ in read] == sources
    assert not item_findings(disc)
