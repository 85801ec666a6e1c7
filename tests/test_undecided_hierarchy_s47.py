"""ARITH-HIERARCHY over rows whose amounts' columns are undecided (a 支出总表 in text printing
合计 and one more amount on 行政运行's line: 基本支出 or 项目支出, the header does not say).
Before, the finding stated the figures of the first reading ("之和 0.00，相差 10.00"): a sum
and a difference no reading of the table need have. It now says the sum fails and that what it
is off by depends on the reading, as ARITH-COLUMN-SUM does. Near miss: the same misprint with
every amount's column printed states its figures and traces the misprinted child.
Every expectation is transcribed from the tables written here."""

from __future__ import annotations

from budgetlens.checks import check
from budgetlens.pipeline import parse

HEAD = ["新疆维吾尔自治区某某厅2025年部门预算", "", "表 3", "", "部门支出总体情况表", "",
        "编制部门：新疆维吾尔自治区某某厅", "", "单位：万元", "",
        "功能分类科目编码 功能分类科目名称 合计 基本支出 项目支出"]
# (201 = 20103 + 20105 column by column; 20103's 基本支出 misprinted 140.00 for 150.00 in BAD)
ROWS = ["合计 260.00 150.00 110.00",
        "201 一般公共服务支出 260.00 150.00 110.00",
        "201 03 政府办公厅（室）及相关机构事务 160.00 150.00 10.00",
        "201 03 01 行政运行 150.00 150.00",
        "201 03 02 一般行政管理事务 10.00 10.00",
        "201 05 统计信息事务 100.00 100.00",
        "201 05 04 信息事务 100.00 100.00"]
BAD = [r.replace("160.00 150.00 10.00", "160.00 140.00 10.00") for r in ROWS]
# (the same, each row printing all three amounts: every column decided)
DECIDED = [r + (" 0.00" if r.startswith("201 03 01") else "") for r in BAD]
DECIDED = [r.replace("10.00 10.00", "10.00 0.00 10.00").replace("100.00 100.00", "100.00 0.00 100.00")
           if r.startswith(("201 03 02", "201 05")) else r for r in DECIDED]


def hierarchy(tmp_path, rows: list[str]) -> list:
    path = tmp_path / "t.txt"
    path.write_text("\n".join(HEAD + rows) + "\n", encoding="utf-8")
    return [f for f in check(parse(str(path))).findings if f.rule == "ARITH-HIERARCHY"]


def test_a_table_that_adds_up_is_silent(tmp_path):
    assert hierarchy(tmp_path, ROWS) == []


def test_a_sum_over_undecided_rows_states_no_figures(tmp_path):
    found = hierarchy(tmp_path, BAD)
    errors = [f for f in found if f.severity == "error"]
    assert {(f.location.row, f.location.column) for f in errors} == {
        ("201 一般公共服务支出", "基本支出"), ("20103 政府办公厅（室）及相关机构事务", "基本支出")}
    for f in found:
        assert (f.expected, f.found, f.difference) == (None, None, None)
        assert "相差" not in f.message and "之和 0.00" not in f.message
        # one that holds under another reading says so (s48: not "无法计算" beside "成立")
        said = "按一种读法" if f.severity == "info" else "无法计算"
        assert said in f.message


def test_decided_rows_state_their_figures(tmp_path):
    found = hierarchy(tmp_path, DECIDED)
    assert [(f.location.row, f.severity, f.expected, f.found) for f in found] == [
        ("20103 政府办公厅（室）及相关机构事务", "error", "150.00", "140.00"),
        ("201 一般公共服务支出", "info", "140.00", "150.00")]
    assert "差额出在下级科目 20103" in found[1].message
