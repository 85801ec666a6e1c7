"""Extraction's sums over the columns a table prints fold and unfold subtotals as the column-sum
check does (identities.printed_sums, used by both): a printed subtotal stands for its parts not
printed (单位资金 for 事业收入 … 其他收入 in the national 收入总表), an unprinted one for its
printed parts (基本支出 as 人员经费 | 公用经费). Before, extraction dropped 单位资金 from 总计's
identity, so rows read by order in plain text (empty cells vanished) were placed as if 总计 =
一般公共预算 (+ 政府性基金预算): an amount of 单位资金 was put, silently, in 一般公共预算, or left
open between the wrong columns. Headers and geometry still decide first, and a tie the
identities cannot break stays as candidates. Every expectation is transcribed from the tables
written here."""

from __future__ import annotations

from budgetlens import identities as ids
from budgetlens.checks import check
from budgetlens.identities import Minus
from budgetlens.pipeline import parse
from budgetlens.templates import load_templates, sum_pairs

# ---- the identities over the printed columns ------------------------------------------------


def test_a_printed_subtotal_stands_for_its_parts_not_printed():
    """t = g + b + o with u = b + o: printed t | g | u, t = g + u (u holds all of b and o)."""
    sums = [("t", ["g", "b", "o"]), ("u", ["b", "o"])]
    assert ids.printed_sums(sums, {"t", "g", "u"}) == [("t", ["g", "u"])]


def test_a_subtotal_printed_beside_one_of_its_parts_does_not_fold():
    """Near miss: b printed beside u; u is no stand-in for b and o: t = g + b, u = b."""
    sums = [("t", ["g", "b", "o"]), ("u", ["b", "o"])]
    assert ids.printed_sums(sums, {"t", "g", "u", "b"}) == [("t", ["g", "b"]), ("u", ["b"])]
    printed = {"t", "g", "u", "b"}      # (o: a part no printed column stands for, named by the check)
    assert ids.open_sums(sums, printed, ids.whole_sums(sums, printed)) == [(0, ["g", "b"], ["o"]), (1, ["b"], ["o"])]


def test_a_subtotal_not_printed_stands_for_its_printed_parts():
    """合计 = 基本支出 + 项目支出, 基本支出 printed as 人员经费 | 公用经费: whole, unfolded."""
    sums = [("total", ["basic", "project"]), ("basic", ["personnel", "public"])]
    assert ids.printed_sums(sums, {"total", "personnel", "public", "project"}) == [
        ("total", ["personnel", "public", "project"])]


def test_a_subtracting_sum_holds_whole_or_not_at_all():
    sums = [("end", ["start", "income", Minus("spent")])]
    assert ids.printed_sums(sums, {"end", "start", "income", "spent"}) == [("end", ["start", "income", "spent"])]
    assert ids.printed_sums(sums, {"end", "start", "income"}) == []


def national_income_sums() -> list:
    spec = next(t for t in load_templates() if t.id == "cn-dept-budget-2018").table("income").named("national")
    return sum_pairs(spec.sums)


def test_extraction_counts_unit_funds_printed_whole_in_the_total():
    """The national 收入总表 printing 总计 | 一般公共预算 | 单位资金: 总计 = 一般公共预算 + 单位资金
    (before: 总计 = 一般公共预算, as the check never read it)."""
    assert ids.printed_sums(national_income_sums(), {"total", "gpb", "unit_funds"}) == [
        ("total", ["gpb", "unit_funds"])]


def test_extraction_with_the_carryover_printed_takes_the_way_the_table_prints():
    assert ids.printed_sums(national_income_sums(), {"total", "gpb", "gov_fund", "unit_funds",
                                                        "fiscal_carried_over"}) == [
        ("total", ["fiscal_carried_over", "gpb", "gov_fund", "unit_funds"])]


# ---- plain text read by order ----------------------------------------------------------------

HEAD = ["湖南省某某厅2025年部门预算", "", "表 2", "", "部门收入总体情况表", "", "编制部门：湖南省某某厅", "",
        "单位：万元", ""]


def read(tmp_path, lines: list[str]):
    path = tmp_path / "budget.txt"
    path.write_text("\n".join([*HEAD, *lines, ""]), encoding="utf-8")
    return parse(path)


def cells(doc) -> dict[str, list[tuple[str | None, list[str], str]]]:
    return {r.code or r.name: [(c.column, c.candidates, str(c.amount)) for c in r.cells]
            for r in doc.table("income").rows}


def errors(doc) -> list[str]:
    return [f"{f.rule} {f.message}" for f in check(doc).findings if f.severity == "error" and f.rule != "C-TABLES"]


def ambiguous(doc) -> list[str]:
    return [i.message for i in doc.issues if i.code == "ambiguous-column"]


def test_unit_funds_of_a_row_missing_the_general_budget_is_placed_in_unit_funds(tmp_path):
    """20105 prints 30.00 | 30.00 (总计, 单位资金): before, read as 总计 | 一般公共预算 with no
    word, and the hierarchy check then cried 201's 一般公共预算 100 ≠ 130."""
    doc = read(tmp_path, [
        "功能分类科目编码 功能分类科目名称 总计 一般公共预算拨款收入 单位资金",
        "合计 130.00 100.00 30.00",
        "201 一般公共服务支出 130.00 100.00 30.00",
        "201 03 政府办公厅（室）及相关机构事务 100.00 100.00",
        "201 03 01 行政运行 100.00 100.00",
        "201 05 统计信息事务 30.00 30.00",
        "201 05 04 信息事务 30.00 30.00"])
    assert doc.meta.template == "cn-dept-budget-2018"
    got = cells(doc)
    for code in ("20103", "2010301"):
        assert got[code] == [("total", [], "100.00"), ("gpb", [], "100.00")]
    for code in ("20105", "2010504"):
        assert got[code] == [("total", [], "30.00"), ("unit_funds", [], "30.00")]
    assert not ambiguous(doc)
    assert errors(doc) == []


def test_rows_of_four_columns_are_placed_by_the_total_counting_unit_funds(tmp_path):
    """总计 | 一般公共预算 | 政府性基金预算 | 单位资金. Before: 20106's 20.00 | 30.00 read as 一般公共
    预算 | 政府性基金预算 (总计 = 一般公共预算 + 政府性基金预算), 20103's and 20105's amounts left open
    between those two (a false tie), and three false ARITH-HIERARCHY errors."""
    doc = read(tmp_path, [
        "功能分类科目编码 功能分类科目名称 总计 一般公共预算拨款收入 政府性基金预算拨款收入 单位资金",
        "合计 180.00 100.00 20.00 60.00",
        "201 一般公共服务支出 180.00 100.00 20.00 60.00",
        "201 03 政府办公厅（室）及相关机构事务 100.00 100.00",
        "201 03 01 行政运行 100.00 100.00",
        "201 05 统计信息事务 30.00 30.00",
        "201 05 04 信息事务 30.00 30.00",
        "201 06 财政事务 50.00 20.00 30.00",
        "201 06 01 行政运行 50.00 20.00 30.00"])
    got = cells(doc)
    for code in ("20103", "2010301"):
        assert got[code] == [("total", [], "100.00"), ("gpb", [], "100.00")]
    for code in ("20105", "2010504"):
        assert got[code] == [("total", [], "30.00"), ("unit_funds", [], "30.00")]
    for code in ("20106", "2010601"):
        assert got[code] == [("total", [], "50.00"), ("gov_fund", [], "20.00"), ("unit_funds", [], "30.00")]
    assert not ambiguous(doc)
    assert errors(doc) == []


def test_a_tie_the_identities_cannot_break_stays_as_candidates(tmp_path):
    """Every row 30.00 | 30.00: 一般公共预算 or 单位资金, nothing tells (before: 一般公共预算, silently)."""
    doc = read(tmp_path, [
        "功能分类科目编码 功能分类科目名称 总计 一般公共预算拨款收入 单位资金",
        "合计 30.00 30.00",
        "201 一般公共服务支出 30.00 30.00",
        "201 05 统计信息事务 30.00 30.00",
        "201 05 04 信息事务 30.00 30.00"])
    for row in cells(doc).values():
        assert row == [("total", [], "30.00"), (None, ["gpb", "unit_funds"], "30.00")]
    found = ambiguous(doc)
    assert len(found) == 1 and "均可能为：一般公共预算拨款收入、单位资金" in found[0]


def test_amounts_standing_under_their_headers_are_placed_by_geometry(tmp_path):
    """Near miss, as pdftotext -layout prints it: the amounts' places decide (as before)."""
    doc = read(tmp_path, [
        "  功能分类科目编码   功能分类科目名称                总计    一般公共预算拨款收入      单位资金",
        "                     合计                          130.00                100.00         30.00",
        "  201                一般公共服务支出              130.00                100.00         30.00",
        "  201 03             政府办公厅（室）及相关机构事务 100.00                100.00",
        "  201 03 01          行政运行                      100.00                100.00",
        "  201 05             统计信息事务                   30.00                               30.00",
        "  201 05 04          信息事务                       30.00                               30.00"])
    got = cells(doc)
    assert got["20103"] == [("total", [], "100.00"), ("gpb", [], "100.00")]
    assert got["20105"] == [("total", [], "30.00"), ("unit_funds", [], "30.00")]
    assert errors(doc) == []
