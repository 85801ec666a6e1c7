"""PDF tables without rules, round 3: a rate column (增减率) beside the amounts, a row without
amounts under the widest row of a 收支总表."""

from __future__ import annotations

import pytest

from budgetlens.pipeline import parse

pytest.importorskip("weasyprint")


def codes(doc) -> set[str]:
    return {i.code for i in doc.issues}


# ---- the 三公 table by item with a rate column, printed without rules -------------------------

BY_ITEM = [("合计", "30.00", "25.00", "-5.00", "-16.67%"),
           ("1.因公出国（境）费", "5.00", "0.00", "-5.00", "-100.00%"),
           ("2.公务接待费", "8.00", "8.00", "0.00", "0.00%"),
           ("3.公务用车购置及运行费", "17.00", "17.00", "0.00", "0.00%"),
           ("其中：（1）公务用车购置费", "0.00", "0.00", "0.00", ""),
           ("（2）公务用车运行费", "17.00", "17.00", "0.00", "0.00%")]
ROW_ITEMS = ["total", "abroad", "reception", "vehicle", "vehicle_purchase", "vehicle_operation"]


def three_public(doc) -> set[tuple]:
    return {(f.coords.item, f.coords.phase, str(f.amount)) for f in doc.facts
            if f.coords.table_kind == "three_public" and not f.alternatives}


def test_rate_column_without_rules_leaves_the_amounts_read(tmp_path):
    # before: a line ending in a percentage read as no data: 合计's line was taken for the
    # header's, the other rows' amounts were kept in their names (amounts-in-label), and the
    # 购置费 row (no rate printed) had its amounts left open
    from test_pdf_probe35b import table_pdf

    header = ["项目", "2024年预算数", "2025年预算数", "增减额", "增减率"]
    doc = parse(table_pdf(tmp_path / "t.pdf", header, BY_ITEM, ruled=False))
    phases = ["上年预算", "本年预算", "增减"]
    assert three_public(doc) == {(key, phase, amount) for key, row in zip(ROW_ITEMS, BY_ITEM)
                                 for phase, amount in zip(phases, row[1:4])}
    assert not codes(doc) & {"amounts-in-label", "ambiguous-column", "header-unmapped", "amount-unsure"}
    assert [h.cells for h in doc.tables[0].header] == [header]


def test_rate_column_beside_last_years_outturn_without_rules(tmp_path):
    from test_pdf_probe35b import table_pdf

    rows = [(name, prior, "28.00" if k == 0 else prior, this, change, rate)
            for k, (name, prior, this, change, rate) in enumerate(BY_ITEM)]
    header = ["项目", "2024年预算数", "2024年执行数", "2025年预算数", "增减额", "增减率"]
    doc = parse(table_pdf(tmp_path / "t.pdf", header, rows, ruled=False))
    phases = ["上年预算", "上年执行数", "本年预算", "增减"]
    assert three_public(doc) == {(key, phase, amount) for key, row in zip(ROW_ITEMS, rows)
                                 for phase, amount in zip(phases, row[1:5])}
    assert not codes(doc) & {"amounts-in-label", "ambiguous-column", "header-unmapped"}


def test_percentages_under_a_share_header_are_said_with_their_column(tmp_path):
    # near miss: percentages under a header the template does not leave out (占比) are no
    # amounts: the column is said once as none of the template's (before: each line's said,
    # and 占比, naming no column, left the amounts to the sums); the amounts read by their header
    from test_pdf_probe35b import table_pdf

    rows = [(name, prior, this, rate) for name, prior, this, _, rate in BY_ITEM]
    doc = parse(table_pdf(tmp_path / "t.pdf", ["项目", "2024年预算数", "2025年预算数", "占比"], rows, ruled=False))
    assert [[str(c.amount) for c in r.cells] for r in doc.tables[0].rows] == [[row[1], row[2]] for row in rows]
    assert three_public(doc) == {(key, phase, amount) for key, row in zip(ROW_ITEMS, rows)
                                 for phase, amount in (("上年预算", row[1]), ("本年预算", row[2]))}
    said = [i.message for i in doc.issues if i.code in ("amount-unsure", "column-not-in-template")]
    assert len(said) == 1 and "占比" in said[0]
    assert "amounts-in-label" not in codes(doc)


def test_a_row_of_rates_by_year_is_still_left_out(tmp_path):
    # near miss: the items as columns, a row of rates under the years' (增减率 the row's name):
    # its percentages are left out as the row's, unsaid, nothing joined to the row above
    from test_pdf_probe35b import BY_YEAR, ITEMS, KEYS, read, table_pdf

    doc = parse(table_pdf(tmp_path / "t.pdf", ["项目", *ITEMS], BY_YEAR, ruled=False))
    phases = {"2024年预算数": "上年预算", "2025年预算数": "本年预算", "增减额": "增减"}
    assert read(doc) == {(key, phases[row[0]], amount) for row in BY_YEAR[:3] for key, amount in zip(KEYS, row[1:])}
    assert [r.name for r in doc.tables[0].rows][-2] == "增减额"
    assert not codes(doc) & {"amount-unsure", "amounts-in-label", "ambiguous-column"}


def test_rates_printed_without_the_percent_sign_are_left_out(tmp_path):
    # a rate column printing bare figures (-16.67) stands under 增减率: not read, as a ruled
    # table's; the amounts before it keep the header's columns
    from test_pdf_probe35b import table_pdf

    rows = [(*row[:4], row[4].rstrip("%")) for row in BY_ITEM]
    header = ["项目", "2024年预算数", "2025年预算数", "增减额", "增减率"]
    doc = parse(table_pdf(tmp_path / "t.pdf", header, rows, ruled=False))
    phases = ["上年预算", "本年预算", "增减"]
    assert three_public(doc) == {(key, phase, amount) for key, row in zip(ROW_ITEMS, rows)
                                 for phase, amount in zip(phases, row[1:4])}
    assert not codes(doc) & {"ambiguous-column", "extra-cell", "header-unmapped"}


# ---- a 收支总表 set close: rows without amounts under the widest name ---------------------------

CLOSE = [("财政拨款收入", "1,200.00", "教育支出", "1,200.00"),
         ("上年结转", "", "结转下年", ""),
         ("上年结余", "", "", ""),
         ("本年收入合计", "1,200.00", "本年支出合计", "1,200.00")]


@pytest.mark.parametrize("align", ["top", "middle", "bottom"])
def test_rows_without_amounts_under_the_widest_name_stay_rows(tmp_path, align):
    # label cells 90 points wide, their headers centred: 财政拨款收入 (54 points), the widest
    # name, was taken to fill its cell, and 上年结转 / 上年结余 were read as its wrapped lines
    # (财政拨款收入上年结转上年结余); the header's word shows the cell wider than that
    from test_pdf_probe35 import printed_sides
    from test_pdf_unruled import SUMMARY_HEADER, write_pdf

    path = tmp_path / "summary.pdf"
    write_pdf(path, "部门收支总体情况表", SUMMARY_HEADER, CLOSE, align, [90, 50, 90, 50], "th { text-align: center; }")
    doc = parse(path)
    read = [(r.side, r.name, [str(c.amount) for c in r.cells]) for r in doc.tables[0].rows]
    assert read == printed_sides(CLOSE)


@pytest.mark.parametrize("align", ["top", "middle", "bottom"])
def test_names_filling_their_cells_under_centred_headers_still_join(tmp_path, align):
    # near miss: names wrapped in 50-point cells under centred headers are one row each
    from test_pdf_probe35 import SUMMARY, printed_sides
    from test_pdf_unruled import SUMMARY_HEADER, write_pdf

    path = tmp_path / "summary.pdf"
    write_pdf(path, "部门收支总体情况表", SUMMARY_HEADER, SUMMARY, align, [50, 50, 50, 50], "th { text-align: center; }")
    doc = parse(path)
    assert [(r.side, r.name, [str(c.amount) for c in r.cells]) for r in doc.tables[0].rows] == printed_sides(SUMMARY)
    assert "name-line-alone" not in {i.code for i in doc.issues}
