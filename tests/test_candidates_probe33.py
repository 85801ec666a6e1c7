"""Plain text whose empty cells vanished (probe 33): a row printing fewer amounts than columns
is placed by the header and the identities, never by a column the table does not print."""

from __future__ import annotations

from budgetlens.pipeline import parse

HEAD = ["示例单位2025年部门预算", "", "表 2", "", "部门收入总体情况表", "", "编制部门：示例单位", "", "单位：万元", ""]


def write(tmp_path, lines: list[str]):
    path = tmp_path / "budget.txt"
    path.write_text("\n".join([*HEAD, *lines, ""]), encoding="utf-8")
    return path


def cells(disc, kind: str) -> dict[str, list[tuple[str | None, list[str], str]]]:
    table = next(t for t in disc.tables if t.kind == kind)
    return {r.code or r.name: [(c.column, c.candidates, str(c.amount)) for c in r.cells] for r in table.rows}


# a 收入总表's rows: 合计 and one class, 财政拨款 money under 20103, 单位资金 under 20105
INCOME_ROWS = ["合计 130.00 100.00 30.00",
               "201 一般公共服务支出 130.00 100.00 30.00",
               "201 03 政府办公厅（室）及相关机构事务 100.00 100.00",
               "201 03 01 行政运行 100.00 100.00",
               "201 05 统计信息事务 30.00 30.00",
               "201 05 04 信息事务 30.00 30.00"]


def test_fiscal_income_printed_without_its_budget_types(tmp_path):
    """收入总表 printing 总计 | 财政拨款（补助）小计 | 单位资金 only (no budget-type columns under
    财政拨款): a row "100.00 100.00" is 总计 and 财政拨款 (the parent's column sums say which row
    is which), not 单位资金 because the template's 财政拨款 = Σ budget types could not hold."""
    disc = parse(write(tmp_path, [
        "功能分类科目编码 功能分类科目名称 总计 财政拨款（补助）小计 单位资金",
        *INCOME_ROWS]))
    got = cells(disc, "income")
    for code in ("20103", "2010301"):
        assert got[code] == [("total", [], "100.00"), ("fiscal", [], "100.00")]
    for code in ("20105", "2010504"):
        assert got[code] == [("total", [], "30.00"), ("unit_funds", [], "30.00")]
    assert not [i for i in disc.issues if i.code == "ambiguous-column"]


def test_header_printing_the_first_columns_only_places_the_rows(tmp_path):
    """三公 table printing 合计 | 一般公共预算 only (the template also has 政府性基金 and 国有资本经营
    columns): each row's two amounts stand under the two columns the header prints, not left
    open among three budget types the table does not print."""
    lines = [ln.replace("部门收入总体情况表", "财政拨款“三公”经费支出情况表").replace("表 2", "表 10") for ln in HEAD]
    path = tmp_path / "budget.txt"
    path.write_text("\n".join([*lines, "项目 合计 一般公共预算", "合计 5.00 5.00", "因公出国（境）费",
                               "公务接待费 1.00 1.00", "公务用车购置及运行费 4.00 4.00", "其中：公务用车购置费",
                               "公务用车运行费 4.00 4.00", ""]), encoding="utf-8")
    disc = parse(path)
    got = cells(disc, "three_public")
    assert got["合计"] == [("total", [], "5.00"), ("gpb", [], "5.00")]
    assert got["公务用车运行费"] == [("total", [], "4.00"), ("gpb", [], "4.00")]
    assert not [i for i in disc.issues if i.code == "ambiguous-column"]


def test_fiscal_income_under_a_header_of_two_lines_without_budget_types(tmp_path):
    """The same 收入总表 with its header over two lines (科目 | 总计 | 财政拨款（补助） | 单位资金, then
    功能分类科目编码 | 功能分类科目名称 | 小计 under them): the header names no budget type, and
    its widest row prints as many amounts as it names columns, so 财政拨款 is one of the places
    a row's second amount may take (it was never offered: 单位资金, 财政专户 or 结转 instead)."""
    disc = parse(write(tmp_path, [
        "科目 总计 财政拨款（补助） 单位资金",
        "功能分类科目编码 功能分类科目名称 小计",
        *INCOME_ROWS]))
    got = cells(disc, "income")
    assert got["合计"] == [("total", [], "130.00"), ("fiscal", [], "100.00"), ("unit_funds", [], "30.00")]
    for code in ("20103", "2010301"):
        assert got[code] == [("total", [], "100.00"), ("fiscal", [], "100.00")]
    for code in ("20105", "2010504"):
        assert got[code] == [("total", [], "30.00"), ("unit_funds", [], "30.00")]


def test_header_line_naming_the_total_is_no_label_line(tmp_path):
    """三公 header over two lines, 合计 on the first (“三公”经费支出内容 | 合计 | 资金来源) and the
    budget types on the second: the second line is not the one line naming the columns, so a
    row's amounts are not put under 一般公共预算 | 政府性基金 | 国有资本经营预算 by the second
    line's order (合计 8.00 was read as 一般公共预算, 公务接待费's 1.00 1.00 as two budget types)."""
    lines = [ln.replace("部门收入总体情况表", "财政拨款“三公”经费支出情况表").replace("表 2", "表 10") for ln in HEAD]
    path = tmp_path / "budget.txt"
    path.write_text("\n".join([*lines, "“三公”经费支出内容 合计 资金来源", "一般公共预算 政府性基金 国有资本经营预算",
                               "合计 8.00 5.00 3.00", "因公出国（境）费", "公务接待费 1.00 1.00",
                               "公务用车购置及运行费（小计） 7.00 4.00 3.00", "其中：公务用车购置费 3.00 3.00",
                               "公务用车运行费 4.00 4.00", ""]), encoding="utf-8")
    got = cells(parse(path), "three_public")
    for name, row in got.items():
        if row:
            assert row[0][:2] == ("total", []), name
            assert all(c[0] != "total" for c in row[1:]), name
