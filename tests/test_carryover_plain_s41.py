"""The carry-over in three levels (templates' columns 非财政拨款结转, 上年结余 …) must not widen
the reading of plain text: the sums over a table's printed columns (identities.printed_sums), and
the columns a text whose header cannot be cut into columns leaves open."""

from __future__ import annotations

from budgetlens import identities as ids
from budgetlens.extract import tables
from budgetlens.pipeline import parse

HEAD = ["示例单位2025年部门预算", "", "表 2", "", "部门收入总体情况表", "", "编制部门：示例单位", "", "单位：万元", ""]


def write(tmp_path, lines: list[str]):
    path = tmp_path / "budget.txt"
    path.write_text("\n".join([*HEAD, *lines, ""]), encoding="utf-8")
    return path


def cells(disc, kind: str = "income") -> dict[str, list[tuple[str | None, list[str], str]]]:
    table = next(t for t in disc.tables if t.kind == kind)
    return {r.code or r.name: [(c.column, c.candidates, str(c.amount)) for c in r.cells] for r in table.rows}


def issues(disc, code: str) -> list[str]:
    return [i.message for i in disc.issues if i.code == code]


# ---- printed_sums: a template's two ways to print one total ----------------------------------

def test_two_ways_of_one_total_reduced_alike_are_one_sum():
    sums = [("t", ["a", "b", "x"]), ("t", ["a", "b", "y", "z"]), ("a", ["p", "q"])]
    assert ids.printed_sums(sums, {"t", "a", "b"}) == [("t", ["a", "b"])]


def test_a_way_whose_printed_parts_the_other_holds_is_not_the_tables():
    """t = a + b + x and t = a + b + y with x printed: the second would say x holds 0."""
    sums = [("t", ["a", "b", "y"]), ("t", ["a", "b", "x"])]
    assert ids.printed_sums(sums, {"t", "a", "b", "x"}) == [("t", ["a", "b", "x"])]


def test_ways_each_printing_a_part_of_its_own_are_both_kept():
    """Near miss: each prints a part the other lacks; one total, two sums that both hold."""
    sums = [("t", ["a", "x"]), ("t", ["a", "y"]), ("a", ["p", "q"])]
    assert ids.printed_sums(sums, {"t", "a", "x", "y", "p"}) == [("t", ["a", "x"]), ("t", ["a", "y"]), ("a", ["p"])]


def test_sums_of_other_totals_are_left_as_they_were():
    """Near miss: a sum of parts among another total's parts is no second way of that total."""
    sums = [("t", ["a", "b", "c"]), ("a", ["b"])]
    assert ids.printed_sums(sums, {"t", "a", "b", "c"}) == sums


# ---- plain text, the header cut into words ---------------------------------------------------

def test_rows_printing_fewer_amounts_under_a_header_of_words(tmp_path):
    """Xinjiang 收入总表, one header line naming five columns, rows printing two or three: each
    amount in its column (财政拨款结转 20.00 and 单位资金 30.00 apart by the class sums). With the
    three-level columns' sum (总计 = … + 非财政拨款结转 + 上年结余) read over the printed columns
    as 总计 = 财政拨款 + 单位资金 + 财政拨款结转, it held against the usual one, and every short
    row's amounts were left open (or put out of 非财政拨款结转结余)."""
    disc = parse(write(tmp_path, [
        "功能分类科目编码 功能分类科目名称 总计 财政拨款（补助）小计 单位资金 财政拨款结转 非财政拨款结转结余",
        "合计 160.00 100.00 30.00 20.00 10.00",
        "201 一般公共服务支出 160.00 100.00 30.00 20.00 10.00",
        "201 03 政府办公厅（室）及相关机构事务 120.00 100.00 20.00",
        "201 03 01 行政运行 120.00 100.00 20.00",
        "201 05 统计信息事务 40.00 30.00 10.00",
        "201 05 04 信息事务 40.00 30.00 10.00"]))
    got = cells(disc)
    for code in ("20103", "2010301"):
        assert got[code] == [("total", [], "120.00"), ("fiscal", [], "100.00"), ("fiscal_carryover", [], "20.00")]
    for code in ("20105", "2010504"):
        assert got[code] == [("total", [], "40.00"), ("unit_funds", [], "30.00"), ("nonfiscal_carryover", [], "10.00")]
    assert not issues(disc, "ambiguous-column")


def test_a_header_of_lines_naming_the_three_levels_reads_them(tmp_path):
    """Xinjiang 收入总表 whose header of two lines prints 上年结转结余 over 财政拨款结转 |
    非财政拨款结转 | 上年结余: the rows are placed among the six columns it names. On the re-land
    the two sums of 总计 held together, and 20105's 20.00 | 10.00 | 5.00 was read, silently, as
    财政拨款 | 单位资金 | 财政拨款结转 (on main the three were unread: no such columns)."""
    disc = parse(write(tmp_path, [
        "功能分类 功能分类科目名称 总计 财政拨款（补助） 单位资金 上年结转结余",
        "科目编码 小计 财政拨款结转 非财政拨款结转 上年结余",
        "合计 100.00 50.00 20.00 15.00 10.00 5.00",
        "201 一般公共服务支出 100.00 50.00 20.00 15.00 10.00 5.00",
        "201 03 政府办公厅（室）及相关机构事务 65.00 50.00 15.00",
        "201 03 01 行政运行 65.00 50.00 15.00",
        "201 05 统计信息事务 35.00 20.00 10.00 5.00",
        "201 05 04 信息事务 35.00 20.00 10.00 5.00"]))
    got = cells(disc)
    for code in ("20103", "2010301"):
        assert got[code] == [("total", [], "65.00"), ("fiscal", [], "50.00"), ("fiscal_carryover", [], "15.00")]
    for code in ("20105", "2010504"):
        assert got[code] == [("total", [], "35.00"), ("unit_funds", [], "20.00"),
                             ("nonfiscal_carried_over", [], "10.00"), ("prior_balance", [], "5.00")]
    assert not issues(disc, "ambiguous-column")


# ---- plain text whose header cannot be cut: optional columns only where it names them --------

TWO_LINE_HEADER = ["功能分类 功能分类科目名称 总计 财政拨款（补助） 财政专户 单位资金 财政拨款 非财政拨",
                   "科目编码 小计 一般公共预算 （教育收费） 结转 款结转结余"]


def test_a_header_not_cut_leaves_the_unnamed_optional_columns_out(tmp_path):
    """A two-line header whose words run over the lines (财政拨款 / 结转, 非财政拨 / 款结转结余),
    so its amounts are placed among the template's columns: 非财政拨款结转 and 上年结余, which it
    does not print, are no candidates and no columns of the table, and the last 10.00 of 合计
    may again be 非财政拨款结转结余 (on the re-land the second sum of 总计 ruled it out)."""
    disc = parse(write(tmp_path, [
        *TWO_LINE_HEADER,
        "合计 60.00 40.00 40.00 10.00 10.00",
        "201 一般公共服务支出 60.00 40.00 40.00 10.00 10.00",
        "201 03 政府办公厅（室）及相关机构事务 50.00 40.00 40.00 10.00",
        "201 03 01 行政运行 50.00 40.00 40.00 10.00",
        "201 05 统计信息事务 10.00 10.00",
        "201 05 04 信息事务 10.00 10.00"]))
    table = next(t for t in disc.tables if t.kind == "income")
    assert {"nonfiscal_carried_over", "prior_balance"}.isdisjoint(c.key for c in table.columns)
    got = cells(disc)
    assert got["合计"][-1] == (None, ["unit_funds", "fiscal_carryover", "nonfiscal_carryover"], "10.00")
    assert got["20105"][-1] == (None, ["special_account", "unit_funds", "fiscal_carryover", "nonfiscal_carryover"],
                                "10.00")


def test_layout_read_by_order_opens_an_unnamed_word_to_the_usual_columns(tmp_path):
    """Layout text whose header words run together (read by order) and print 单位自有资金, no
    template column: its 200.00 is open among the columns the header does not name, 非财政拨款
    结转结余 among them, and not among the optional ones. On the re-land the second sum of 总计
    (over the page's readings, all the template's sums) ruled 非财政拨款结转结余 out."""
    disc = parse(write(tmp_path, [
        "  科目编码     科目名称                     总计      财政拨款（补助）小计      单位自有资金",
        "  201          一般公共服务支出               300.00      100.00     200.00",
        "  20103        政府办公厅（室）及相关机构事务   300.00      100.00     200.00",
        "  2010301      行政运行                       200.00                 200.00",
        "  2010350      事业运行                       100.00      100.00",
        "  合计                                        300.00      100.00     200.00"]))
    got = cells(disc)
    for code in ("201", "20103", "合计"):
        assert got[code] == [("total", [], "300.00"), ("fiscal", [], "100.00"),
                             (None, ["special_account", "unit_funds", "fiscal_carryover", "nonfiscal_carryover"], "200.00")]
    assert got["2010350"] == [("total", [], "100.00"), ("fiscal", [], "100.00")]


def test_dashes_for_every_usual_column_place_the_amounts(tmp_path):
    """Plain text printing a dash in each empty cell, as many cells as the table's usual twelve
    columns: each amount by its place, as on main. On the re-land a row of twelve was no longer
    one of every column (fourteen with 非财政拨款结转 and 上年结余): its amounts were left to the
    identities and four sets reported undecided."""
    dashes = " - - - - - - -"
    disc = parse(write(tmp_path, [
        *TWO_LINE_HEADER,
        f"合计 60.00 40.00 40.00{dashes} 10.00 10.00",
        f"201 一般公共服务支出 60.00 40.00 40.00{dashes} 10.00 10.00",
        f"201 03 政府办公厅（室）及相关机构事务 50.00 40.00 40.00{dashes} 10.00 -",
        f"201 05 统计信息事务 10.00 - -{dashes} - 10.00"]))
    got = cells(disc)
    assert got["合计"] == [("total", [], "60.00"), ("fiscal", [], "40.00"), ("gpb", [], "40.00"),
                           ("fiscal_carryover", [], "10.00"), ("nonfiscal_carryover", [], "10.00")]
    assert got["20103"][-1] == ("fiscal_carryover", [], "10.00")
    assert got["20105"] == [("total", [], "10.00"), ("nonfiscal_carryover", [], "10.00")]
    assert not issues(disc, "ambiguous-column")


def spec_of(template: str, variant: str | None = None):
    from budgetlens.templates import load_templates

    spec = next(t for t in load_templates() if t.id == template).table("income")
    return next(v for v in spec.variants if v.variant == variant) if variant else spec


def test_header_names_take_the_longest_name_first():
    """非财政拨款结转 printed only inside 非财政拨款结转结余 names that column, not its own."""
    spec = spec_of("xj-dept-budget-2025")
    named = tables.header_names([["总计", "财政拨款结转", "非财政拨款结转结余"]], spec)
    assert {"fiscal_carryover", "nonfiscal_carryover"} <= named
    assert "nonfiscal_carried_over" not in named
    named = tables.header_names([["总计", "上年结转结余"], ["财政拨款结转", "非财政拨款结转", "上年结余"]], spec)
    assert {"fiscal_carryover", "nonfiscal_carried_over", "prior_balance"} <= named


def test_a_name_two_columns_bear_names_the_optional_one_only_with_its_group():
    """National 收入总表: 上年结转 printed alone is the whole carry-over; under 上年结转结余 it is
    also the carried-over part (carried_over). 上年结余's name is its own: named alone."""
    spec = spec_of("cn-dept-budget-2018", "national")
    named = tables.header_names([["合计", "上年结转", "一般公共预算拨款收入"]], spec)
    assert "carryover" in named and "carried_over" not in named
    named = tables.header_names([["合计", "上年结转结余"], ["上年结转", "上年结余"]], spec)
    assert {"carryover", "carried_over", "prior_balance"} <= named
    assert "prior_balance" in tables.header_names([["合计", "上年结转", "上年结余"]], spec)


# ---- X-T1-T2-SOURCES: the carry-over's levels compared between 收支总表 and 收入总表 -------------

def two_tables(path, summary_carry: list[tuple[str, str]], form: str = "three"):
    """收支总表 (its income rows: the sources, then 二、上年结转结余 and summary_carry under it)
    and the national 收入总表 printing its carry-over in `form` (test_carryover_levels_s40)."""
    import openpyxl
    from test_carryover_levels_s40 import body, header

    book = openpyxl.Workbook()
    first = book.active
    first.title = "收支总表"
    income = [("一、本年收入", "160.00"), ("一般公共预算拨款收入", "100.00"), ("事业收入", "40.00"), ("其他收入", "20.00"),
              ("二、上年结转结余", "40.00"), *summary_carry, ("收入总计", "200.00")]
    spent = [("一般公共服务支出", "200.00")] + [("", "")] * (len(income) - 2) + [("支出总计", "200.00")]
    for row in [["某某局2025年部门预算"], ["部门收支总表"], ["编制单位：某某局", "", "", "单位：万元"],
                ["收入", "", "支出", ""], ["项目", "预算数", "项目", "预算数"],
                *[[a, b, c, d] for (a, b), (c, d) in zip(income, spent)]]:
        first.append([v or None for v in row])
    first.merge_cells("A4:B4")
    first.merge_cells("C4:D4")
    second = book.create_sheet("收入总表")
    rows, merges = header(form)
    for row in [["部门收入总表"], ["编制单位：某某局", *[None] * (len(rows[0]) - 2), "单位：万元"], *rows, *body(form)]:
        second.append([v or None for v in row])
    for r, c, h, w in merges:
        second.merge_cells(start_row=r + 3, start_column=c + 1, end_row=r + 2 + h, end_column=c + w)
    book.save(path)
    return path


def source_findings(path) -> list[str]:
    from budgetlens.checks import check

    return [f.message for f in check(parse(path)).findings if f.rule == "X-T1-T2-SOURCES"]


THREE_LEVELS = [("上年结转", "35.00"), ("财政拨款结转", "25.00"), ("非财政拨款结转", "10.00"), ("上年结余", "5.00")]


def test_the_carryover_levels_agreeing_between_the_tables_pass(tmp_path):
    assert source_findings(two_tables(tmp_path / "预算.xlsx", THREE_LEVELS)) == []


def test_the_carryover_levels_differing_between_the_tables_are_found(tmp_path):
    """收支总表 上年结转 34.00 = 25.00 + 9.00, 上年结余 6.00 (its own sums hold, and so do the
    totals of both tables) against 收入总表's 非财政拨款结转 10.00 and 上年结余 5.00. Before, the
    rule compared no such source, and nothing was found."""
    carry = [("上年结转", "34.00"), ("财政拨款结转", "25.00"), ("非财政拨款结转", "9.00"), ("上年结余", "6.00")]
    found = source_findings(two_tables(tmp_path / "预算.xlsx", carry))
    assert len(found) == 2
    assert any("非财政拨款结转" in m and "9.00" in m and "10.00" in m for m in found)
    assert any("上年结余" in m and "6.00" in m and "5.00" in m for m in found)


def test_the_carried_over_part_is_compared_where_both_print_it(tmp_path):
    """收入总表 printing 上年结转结余 over 上年结转 | 上年结余 (上年结转 not split): its 上年结转
    35.00 against the 收支总表's 34.00."""
    carry = [("上年结转", "34.00"), ("财政拨款结转", "25.00"), ("非财政拨款结转", "9.00"), ("上年结余", "6.00")]
    found = source_findings(two_tables(tmp_path / "预算.xlsx", carry, form="leaf"))
    assert any("上年结转" in m and "34.00" in m and "35.00" in m for m in found)


def test_a_summary_printing_the_carryover_whole_compares_no_level(tmp_path):
    """Near miss: 二、上年结转结余 40.00 printed alone: none of its levels is compared (the
    收入总表 prints no 上年结转结余 column of its own either)."""
    assert source_findings(two_tables(tmp_path / "预算.xlsx", [])) == []
