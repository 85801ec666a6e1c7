"""Bare integers among a plain-text row's amounts (text copied out of a PDF, a converter's
output: one space between words, no column places).

A bare integer looks like a code, a row's number or a count, so alone it is no amount; but
元 tables print their amounts whole ("2,932,700 2,932,700 0 0 0"), and 万元 tables print a
zero or a round figure without decimals among the others ("46.56 25 21.56"). Before, the
run of amounts ended at the first bare integer: the amounts left of it were read into the
row's name and lost (a 收入总表 of 66 rows read with no cell at all)."""

import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import SHARED

from budgetlens.extract.rows import _line_slots
from budgetlens.pipeline import parse

HEAD = ["测试单位 2026 年部门预算", "", "第二部分 2026 年部门预算公开表", "", "表 3", "部门支出总体情况表",
        "编制部门：测试单位 单位：{unit}"]


def parsed_table(lines: list[str], kind: str):
    """The table of `kind` of a text document of these lines."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        table = parse(path).table(kind)
    assert table is not None
    return table


def expenditure(lines: list[str], unit: str = "元", header: str = "功能分类科目名称 合计 基本支出 项目支出"):
    table = parsed_table([*(h.format(unit=unit) for h in HEAD), "科目 支出预算", "功能分类科目编码", header,
                          "类 款 项", *lines], "expenditure")
    return [(r.code, r.name, [(c.column, c.amount) for c in r.cells]) for r in table.rows]


def cells(*pairs):
    return [(key, Decimal(v)) for key, v in pairs]


def test_a_yuan_table_whose_rows_print_bare_zeros_keeps_every_amount_and_clean_names():
    rows = expenditure(["合计 3,190,700 0 3,190,700",
                        "201 一般公共服务支出 2,932,700 0 2,932,700",
                        "201 05 统计信息事务 257,700 0 257,700",
                        "201 05 07 专项普查活动 257,700 0 257,700",
                        "204 公共安全支出 258,000 0 258,000",
                        "204 06 司法 258,000 0 258,000"])
    assert rows[1] == ("201", "一般公共服务支出", cells(("total", "2932700"), ("basic", "0"), ("project", "2932700")))
    assert rows[3] == ("2010507", "专项普查活动", cells(("total", "257700"), ("basic", "0"), ("project", "257700")))
    assert all(len(r[2]) == 3 for r in rows)


def test_a_yuan_table_reads_small_whole_amounts_without_separators():
    rows = expenditure(["合计 1,500 500 1,000",
                        "201 一般公共服务支出 1,500 500 1,000",
                        "201 05 统计信息事务 500 500 0",
                        "201 05 07 专项普查活动 500 500 0",
                        "201 06 财政事务 1,000 0 1,000"])
    assert rows[2] == ("20105", "统计信息事务", cells(("total", "500"), ("basic", "500"), ("project", "0")))
    assert rows[3] == ("2010507", "专项普查活动", cells(("total", "500"), ("basic", "500"), ("project", "0")))


def test_a_wan_yuan_table_reads_a_round_figure_between_amounts_and_a_zero_beside_them():
    rows = expenditure(["合计 71.56 25 46.56",
                        "201 一般公共服务支出 71.56 25 46.56",
                        "201 05 统计信息事务 46.56 0 46.56",
                        "201 06 财政事务 25.00 25.00 0"], unit="万元")
    assert rows[1] == ("201", "一般公共服务支出", cells(("total", "71.56"), ("basic", "25"), ("project", "46.56")))
    assert rows[2] == ("20105", "统计信息事务", cells(("total", "46.56"), ("basic", "0"), ("project", "46.56")))
    assert rows[3] == ("20106", "财政事务", cells(("total", "25.00"), ("basic", "25.00"), ("project", "0")))


def test_bare_integers_that_are_no_amounts_stay_words():
    # a 万元 table: a count after the amounts, or a number the label ends with, is no amount
    assert _line_slots(["项目", "12.50", "3"], 1) == []
    assert [v.text for v in _line_slots(["第", "3", "批", "12.50", "2.50", "10.00"], 1)] == ["12.50", "2.50", "10.00"]
    assert _line_slots(["行政运行", "0", "0"], 1) == []          # zeros alone: no amount beside them
    # a 元 table: never the row's codes, nor more cells than the table has columns
    whole = [v.text for v in _line_slots(["201", "05", "500", "500", "0"], 1, whole=True, width=3, coded=True)]
    assert whole == ["500", "500", "0"]
    label_number = [v.text for v in _line_slots(["第", "3", "500", "500", "0"], 1, whole=True, width=3)]
    assert label_number == ["500", "500", "0"]


def test_a_table_numbering_its_rows_does_not_read_the_numbers_as_amounts():
    rows = expenditure(["合计 1 3,190,700 0 3,190,700",
                        "201 一般公共服务支出 2 3,190,700 0 3,190,700"],
                       header="功能分类科目名称 行次 合计 基本支出 项目支出")
    assert all(Decimal(1) not in [a for _, a in r[2]] and Decimal(2) not in [a for _, a in r[2]] for r in rows)


def side_items(template: str, kind: str):
    from budgetlens.templates import load_templates

    spec = next(t for t in load_templates() if t.id == template).table(kind)
    return spec.sides["income"].items, spec.sides["expenditure"].items


def test_a_side_by_side_line_naming_only_a_second_side_item_is_that_sides():
    """"三、单位预留机动经费 2,388.04" under 支出用途, its income cell empty (plain text: no place
    tells the side): the template names it an expenditure item and no income one. Before, its
    amount was read as income."""
    from budgetlens.extract.rows import _side_rows_plain
    from budgetlens.readers import Line

    items = side_items("js-prov-dept-budget-2018", "fiscal_summary")
    rows = _side_rows_plain(Line(no=1, text=""), "三、单位预留机动经费 2,388.04", items=items)
    assert [(r.side, r.name, [str(v.amount) for v in r.values]) for r in rows] == [
        ("expenditure", "三、单位预留机动经费", ["2388.04"])]
    both = _side_rows_plain(Line(no=1, text=""), "一、一般公共预算 21,940.96 一、基本支出 13,979.92", items=items)
    assert [(r.side, r.name) for r in both] == [("income", "一、一般公共预算"), ("expenditure", "一、基本支出")]
    alone = _side_rows_plain(Line(no=1, text=""), "二、政府性基金预算 0.00", items=items)
    assert [r.side for r in alone] == ["income"]


BASIC = ["测试单位 2024 年部门预算", "", "第二部分 2024 年部门预算公开表", "",
         "2024年部门一般公共预算基本支出部门预算经济分类预算表", "编制部门：测试单位 单位：元",
         "经济分类科目编码", "经济分类科目名称 合计 人员经费 公用经费", "类 款"]


def test_an_economic_code_part_printed_without_its_zero_is_padded():
    """"301 2 津贴补贴": the 款 printed as a number, without its 0 (a spreadsheet's format)."""
    lines = ["合计 3,000 3,000 0", "301 工资福利支出 3,000 3,000 0", "301 2 津贴补贴 1,000 1,000 0",
             "301 7 绩效工资 2,000 2,000 0"]
    table = parsed_table([*BASIC, *lines], "basic_expenditure")
    assert [(r.code, r.name, [c.amount for c in r.cells]) for r in table.rows if r.code.startswith("3010")] == [
        ("30102", "津贴补贴", [Decimal(1000), Decimal(1000), Decimal(0)]),
        ("30107", "绩效工资", [Decimal(2000), Decimal(2000), Decimal(0)])]


def single_spaced(pdf: Path) -> str:
    """A PDF's text as a viewer's copy or pdfplumber's extract_text gives it: a line per printed
    line, one space between words, no column places."""
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


def real_cells(path: Path) -> list[tuple]:
    import csv
    import io

    from budgetlens.render_cells import cells_csv

    return [tuple(row[:8]) for row in list(csv.reader(io.StringIO(cells_csv(parse(path)))))[1:]]


@pytest.mark.parametrize("name", ["sh-putuo-wanli-2024-dept-budget.pdf", "sh-putuo-qfb-2025-unit-budget.pdf",
                                  "sh-city-czj-2025-unit-budget.pdf"])
def test_a_real_pdfs_single_spaced_text_reads_every_amount_the_pdf_does(tmp_path, name):
    """Shanghai's tables in 元 print whole amounts and bare zeros ("2,932,700 2,932,700 0 0 0",
    "301 2 津贴补贴"): their text copied out with single spaces reads every amount the PDF
    does, under the same table, code and column, or (where no place tells it) with the
    PDF's column among its candidates. Before, the 万里 收入总表's 66 rows read no cell."""
    pdf = SHARED / "real" / name
    if not pdf.exists():
        pytest.skip("../shared/real is not beside the repository")
    text = tmp_path / "copied.txt"
    text.write_text(single_spaced(pdf), encoding="utf-8")
    whole, copied = real_cells(pdf), real_cells(text)
    assert sorted((c[1], c[3], c[7]) for c in copied) == sorted((c[1], c[3], c[7]) for c in whole)
    read: dict[tuple, set[str]] = {}         # (kind, code, name, amount) → the PDF's columns of it
    for c in whole:
        read.setdefault((c[1], c[3], c[4], c[7]), set()).add(c[6])
    for kind, code, name_, column, amount in ((c[1], c[3], c[4], c[6], c[7]) for c in copied):
        truth = read.get((kind, code, name_, amount))
        assert truth is None or truth & set(column.split("|")), (kind, code, name_, amount, column, truth)
    if name.startswith("sh-putuo-wanli"):
        assert sorted(copied) == sorted(whole)


def test_a_long_name_centred_on_its_row_is_joined_from_over_and_under_its_line():
    """A viewer's copy of a PDF row whose name wrapped in its cell, centred on the row: the
    name's first part over the line of the code and amounts, its rest under it."""
    rows = expenditure(["合计 3,000 1,000 2,000",
                        "201 一般公共服务支出 3,000 1,000 2,000",
                        "201 03 政府办公厅（室）及相关机构事务 3,000 1,000 2,000",
                        "201 03 01 行政运行 1,000 1,000 0",
                        "其他政府办公厅（室）及相关机构事",
                        "201 03 99 2,000 0 2,000",
                        "务支出"])
    assert rows[-1] == ("2010399", "其他政府办公厅（室）及相关机构事务支出",
                        cells(("total", "2000"), ("basic", "0"), ("project", "2000")))
    assert len(rows) == 5


def test_both_sides_labels_then_their_amounts_on_the_next_line():
    """"收入合计 支出合计" / "10,070.48 10,070.48" (a PDF's row whose figures sit a little lower
    than its words): each label takes its amount. Before, the labels read as one row's name
    and both amounts as the first side's, the second dropped as extra."""
    from budgetlens.extract.rows import _side_rows_plain, amounts_under_labels
    from budgetlens.readers import Line

    items = side_items("js-prov-dept-budget-2018", "fiscal_summary")
    labels = _side_rows_plain(Line(no=7, text=""), "收入合计 支出合计", items=items)
    assert [(r.side, r.name) for r in labels] == [("income", "收入合计"), ("expenditure", "支出合计")]
    figures = _side_rows_plain(Line(no=8, text=""), "10,070.48 10,070.48", items=items)
    assert amounts_under_labels(labels, figures, "income", "expenditure", 1)
    assert [(r.side, r.name, [str(v.amount) for v in r.values]) for r in labels] == [
        ("income", "收入合计", ["10070.48"]), ("expenditure", "支出合计", ["10070.48"])]
    # a line of amounts under a row that has its own is no such line
    assert not amounts_under_labels(labels, _side_rows_plain(Line(no=9, text=""), "5.00 5.00", items=items),
                                    "income", "expenditure", 1)


def test_a_bare_amount_after_a_whole_code_is_no_code_part():
    # a code printed whole (7 digits: 类 款 项) has no further part: a 0 or a one-digit amount
    # after it, the row's name on another line, is the row's first cell, not a padded code part
    rows = expenditure(["合计 1,505 5 1,500",
                        "201 05 07 1,505 5 1,500",
                        "专项普查活动",
                        "2010508 0 0 0",
                        "其他普查活动"])
    assert [r[0] for r in rows if r[0]] == ["2010507", "2010508"]
    assert [r[2] for r in rows if r[0] == "2010508"] == [cells(("total", "0"), ("basic", "0"), ("project", "0"))]


def test_a_yuan_table_printing_separators_reads_no_bare_year_ending_a_label_as_an_amount():
    # the table prints every amount of four digits with its separator (1,000): a bare 2020
    # ending a row's label is the label's, though the row prints fewer cells than columns
    rows = expenditure(["合计 3,000 1,000 2,000",
                        "201 一般公共服务支出 3,000 1,000 2,000",
                        "201 05 统计信息事务 3,000 1,000 2,000",
                        "201 05 07 第七次全国人口普查 2020 2,000 2,000",
                        "201 05 08 专项统计业务 1,000 1,000 0"])
    census = next(r for r in rows if r[0] == "2010507")
    assert "2020" in census[1]
    assert [amount for _, amount in census[2]] == [Decimal(2000), Decimal(2000)]
    assert [r[2] for r in rows if r[0] == "2010508"] == [cells(("total", "1000"), ("basic", "1000"), ("project", "0"))]


@pytest.mark.parametrize("unit, total", [("元", "3,190,700"), ("万元", "319.07")])
def test_a_first_row_ending_with_a_bare_zero_is_data_not_header(unit, total):
    # the first row after the header prints a bare 0 last: it is the table's first row (its
    # amounts read), not one more header line (before: the 合计 row was lost in silence)
    rows = expenditure([f"合计 {total} {total} 0", f"201 一般公共服务支出 {total} {total} 0"], unit=unit)
    assert [(r[1], [a for _, a in r[2]]) for r in rows] == [
        ("合计", [Decimal(total.replace(",", ""))] * 2 + [Decimal(0)]),
        ("一般公共服务支出", [Decimal(total.replace(",", ""))] * 2 + [Decimal(0)])]


def test_a_negative_whole_amount_is_an_amount_among_the_others():
    # no code nor row number is negative: "-500" among a 元 row's amounts is one of them (before,
    # the run of amounts ended there and those left of it were read into the row's name)
    assert [v.text for v in _line_slots(["合计", "1,000", "-500", "1,500"], 1)] == ["1,000", "-500", "1,500"]
    rows = expenditure(["合计 1,000 -500 1,500", "201 一般公共服务支出 1,000 -500 1,500"])
    assert rows[1] == ("201", "一般公共服务支出", cells(("total", "1000"), ("basic", "-500"), ("project", "1500")))


@pytest.mark.parametrize("alone", ["12", "- 12 -", "0"])
def test_a_bare_number_alone_on_its_line_in_a_yuan_table_is_no_row(alone):
    # a page's number (12, - 12 -) or a stray 0 on a line of its own, between a 元 table's rows
    # written several cells a line: no row, no amount (before: a nameless row of 12 was read)
    rows = expenditure(["合计 3,000 1,000 2,000",
                        "201 一般公共服务支出 3,000 1,000 2,000",
                        "201 05 统计信息事务 3,000 1,000 2,000",
                        alone,
                        "201 05 07 专项普查活动 1,000 1,000 0",
                        "201 05 08 专项统计业务 2,000 0 2,000"])
    assert [(r[0], len(r[2])) for r in rows if r[2]] == [("", 3), ("201", 3), ("20105", 3), ("2010507", 3), ("2010508", 3)]


def test_a_bare_zero_beside_a_side_by_side_rows_amounts_is_one_of_them():
    """"一、一般公共服务支出 80.00 80.00 0" (合计 | 一般公共预算 | 政府性基金预算): the 0 is the
    third amount. Before, it opened the second side as its label and was lost."""
    from budgetlens.extract.rows import _side_rows_plain
    from budgetlens.readers import Line

    rows = _side_rows_plain(Line(no=1, text=""), "一、一般公共预算 80.00 一、一般公共服务支出 80.00 80.00 0")
    assert [(r.side, r.name, [str(v.amount) for v in r.values]) for r in rows] == [
        ("income", "一、一般公共预算", ["80.00"]), ("expenditure", "一、一般公共服务支出", ["80.00", "80.00", "0"])]
    rows = _side_rows_plain(Line(no=1, text=""), "一、财政拨款 0 0 80.00 一、一般公共服务支出 80.00")
    assert [[str(v.amount) for v in r.values] for r in rows] == [["0", "0", "80.00"], ["80.00"]]
