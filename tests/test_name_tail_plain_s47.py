"""Plain text (pdftotext without -layout) of a 支出总表 whose 20103 name wraps in a cell aligned
to its top: "201 03 政府办公厅（室）及相关 1,200.00 20.00 1,180.00" / "机构事务". Before, 机构事务
was a row of its own with no amounts and 20103 kept half its name. The rest joins its row where
with it the name reads the code's as the classification gives it. Near misses: words that
complete no official name stay a row of their own.
Every expectation is transcribed from the tables written here."""

from __future__ import annotations

from budgetlens.pipeline import parse

HEAD = ["新疆维吾尔自治区某某厅2025年部门预算", "", "表 3", "", "部门支出总体情况表", "",
        "编制部门：新疆维吾尔自治区某某厅", "", "单位：万元", "",
        "功能分类科目编码 功能分类科目名称 合计 基本支出 项目支出"]
ROWS = ["合计 1,300.00 1,180.00 120.00",
        "201 一般公共服务支出 1,300.00 1,180.00 120.00",
        "201 03 政府办公厅（室）及相关 1,200.00 1,180.00 20.00",
        "机构事务",
        "201 03 01 行政运行 1,180.00 1,180.00 0.00",
        "201 03 02 一般行政管理事务 20.00 0.00 20.00",
        "201 05 统计信息事务 100.00 0.00 100.00",
        "201 05 04 信息事务 100.00 0.00 100.00"]


def rows_of(tmp_path, rows: list[str]) -> list[tuple]:
    path = tmp_path / "t.txt"
    path.write_text("\n".join(HEAD + rows) + "\n", encoding="utf-8")
    table = parse(str(path)).tables[0]
    return [(r.code, r.name, [c.text for c in r.cells if c.amount is not None]) for r in table.rows]


def test_the_rest_of_a_wrapped_name_joins_its_row(tmp_path):
    assert rows_of(tmp_path, ROWS) == [
        ("", "合计", ["1,300.00", "1,180.00", "120.00"]),
        ("201", "一般公共服务支出", ["1,300.00", "1,180.00", "120.00"]),
        ("20103", "政府办公厅（室）及相关机构事务", ["1,200.00", "1,180.00", "20.00"]),
        ("2010301", "行政运行", ["1,180.00", "1,180.00", "0.00"]),
        ("2010302", "一般行政管理事务", ["20.00", "0.00", "20.00"]),
        ("20105", "统计信息事务", ["100.00", "0.00", "100.00"]),
        ("2010504", "信息事务", ["100.00", "0.00", "100.00"])]


def test_words_completing_no_official_name_stay_a_row(tmp_path):
    rows = [r.replace("政府办公厅（室）及相关 ", "政府办公厅（室）及相关机构事务 ") if r.startswith("201 03 政府") else r
            for r in ROWS]
    rows = [("其他事务" if r == "机构事务" else r) for r in rows]
    found = rows_of(tmp_path, rows)
    assert found[2][1] == "政府办公厅（室）及相关机构事务"
    assert found[3] == ("", "其他事务", [])
