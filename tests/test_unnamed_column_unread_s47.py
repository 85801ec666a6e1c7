"""A 支出总表 whose header prints a column the template does not have (合计 | 项目支出 | 基本支出 |
其他支出, layout text). Its amounts were left out of their rows without a trace, and 合计 =
基本支出 + 项目支出 then failed on every row printing one: false errors. They are now kept as
unread cells naming the column (the checks say the sums needing them were not checked); a
misprint on a row without such an amount is still an error.
Every expectation is transcribed from the table written here."""

from __future__ import annotations

from budgetlens.checks import check
from budgetlens.pipeline import parse

HEAD = ["新疆维吾尔自治区某某厅2025年部门预算", "", "表 3", "", "部门支出总体情况表", "",
        "编制部门：新疆维吾尔自治区某某厅", "", "单位：万元", "",
        "  科目编码     科目名称                     合计 项目支出 基本支出 其他支出"]
ROWS = ["  201          一般公共服务支出                  300.00      120.00      160.00       20.00",
        "  20103        政府办公厅（室）及相关机构事务    180.00       20.00      160.00",
        "  2010301      行政运行                          160.00                  160.00",
        "  2010302      一般行政管理事务                   20.00       20.00",
        "  20105        统计信息事务                      120.00      100.00                   20.00",
        "  2010504      信息事务                          120.00      100.00                   20.00",
        "  合计                                           300.00      120.00      160.00       20.00"]


def parsed(tmp_path, rows: list[str]):
    path = tmp_path / "t.txt"
    path.write_text("\n".join(HEAD + rows) + "\n", encoding="utf-8")
    return parse(str(path))


def test_amounts_under_the_unknown_column_are_kept_unread(tmp_path):
    table = parsed(tmp_path, ROWS).tables[0]
    unread = [(r.code or r.name, c.text, c.unread) for r in table.rows for c in r.cells if c.unread]
    said = "所在列“其他支出”不是模板的列"
    assert unread == [("201", "20.00", said), ("20105", "20.00", said), ("2010504", "20.00", said),
                      ("合计", "20.00", said)]
    assert [(c.text, c.column) for c in table.rows[0].cells if c.amount is not None] == [
        ("300.00", "total"), ("120.00", "project"), ("160.00", "basic")]


def test_no_column_sum_fails_for_want_of_them(tmp_path):
    found = [f for f in check(parsed(tmp_path, ROWS)).findings if f.rule == "ARITH-COLUMN-SUM"]
    assert [f for f in found if f.severity != "info"] == []
    assert {f.location.row for f in found} == {"201 一般公共服务支出", "20105 统计信息事务", "2010504 信息事务", "合计"}
    assert all("未能核对" in f.message for f in found)


def test_a_misprint_elsewhere_is_still_an_error(tmp_path):
    rows = [r.replace("160.00                  160.00", "165.00                  160.00") for r in ROWS]
    found = [f for f in check(parsed(tmp_path, rows)).findings if f.rule == "ARITH-COLUMN-SUM" and f.severity == "error"]
    # (165.00 fits no reading: the row's columns stay undecided, the figures are not stated)
    assert [(f.location.row, f.location.column) for f in found] == [("2010301 行政运行", "合计")]


def test_a_sum_over_rows_of_a_template_column_does_not_need_them(tmp_path):
    """(review of session 47) 合计's row misprinted in 合计 and 项目支出: the sums over the rows
    in those columns need no 其他支出 amount and are errors; the row's own sum is not checked."""
    rows = [r.replace("合计                                           300.00      120.00",
                      "合计                                           310.00      130.00") for r in ROWS]
    found = [f for f in check(parsed(tmp_path, rows)).findings if f.rule == "ARITH-HIERARCHY"]
    assert [(f.severity, f.location.row, f.location.column, f.expected, f.found) for f in found] == [
        ("error", "合计", "合计", "300.00", "310.00"), ("error", "合计", "项目支出", "120.00", "130.00")]
