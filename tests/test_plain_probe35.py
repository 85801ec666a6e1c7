"""Plain-text tables, the identities and 决算 reading (probe 35): what each printed amount is read
as, compared with the figures the test itself prints."""

from __future__ import annotations

from budgetlens.pipeline import parse

HEAD = ["示例单位2025年部门预算", "", "表 2", "", "部门收入总体情况表", "", "编制部门：示例单位", "", "单位：万元", ""]
UNNAMED_HEADER = "功能分类科目编码 功能分类科目名称 总计 财政拨款（补助）小计 单位资金 单位自有资金"


def write(tmp_path, lines: list[str], head: list[str] = HEAD):
    path = tmp_path / "budget.txt"
    path.write_text("\n".join([*head, *lines, ""]), encoding="utf-8")
    return path


def cells(disc, kind: str) -> dict[str, list[tuple[str | None, list[str], str]]]:
    table = next(t for t in disc.tables if t.kind == kind)
    return {r.code or r.name: [(c.column, c.candidates, str(c.amount)) for c in r.cells] for r in table.rows}


def issues(disc, code: str) -> list[str]:
    return [i.message for i in disc.issues if i.code == code]


# ---- a header word the template does not name ----------------------------------------------

def test_unnamed_header_word_places_rows_among_the_printed_columns(tmp_path):
    """收入总表 printing 总计 | 财政拨款（补助）小计 | 单位资金 | 单位自有资金 (the last no template
    column): 合计's four amounts stand under the four words; 20103's 120.00 = 100.00 + 20.00
    puts its 20.00 under 单位自有资金, since 单位资金's 30.00 of the class is 20105's alone.
    Before, its amounts were left open among 财政专户/单位资金/结转 — columns it does not print."""
    disc = parse(write(tmp_path, [
        UNNAMED_HEADER,
        "合计 150.00 100.00 30.00 20.00",
        "201 一般公共服务支出 150.00 100.00 30.00 20.00",
        "201 03 政府办公厅（室）及相关机构事务 120.00 100.00 20.00",
        "201 03 01 行政运行 120.00 100.00 20.00",
        "201 05 统计信息事务 30.00 30.00",
        "201 05 04 信息事务 30.00 30.00"]))
    got = cells(disc, "income")
    for code in ("合计", "201"):
        assert got[code] == [("total", [], "150.00"), ("fiscal", [], "100.00"), ("unit_funds", [], "30.00")]
    for code in ("20103", "2010301"):
        assert got[code] == [("total", [], "120.00"), ("fiscal", [], "100.00")]
    for code in ("20105", "2010504"):
        assert got[code] == [("total", [], "30.00"), ("unit_funds", [], "30.00")]
    assert not issues(disc, "ambiguous-column")
    said = issues(disc, "column-not-in-template")
    assert len(said) == 1 and "单位自有资金" in said[0]


def test_unnamed_header_word_a_tie_the_identities_leave_names_it(tmp_path):
    """Two rows of 25.00 25.00 under a class whose 单位资金 and 单位自有资金 are 25.00 each: either
    may be either; each row's second amount is open between exactly those two columns."""
    disc = parse(write(tmp_path, [
        UNNAMED_HEADER,
        "合计 150.00 100.00 25.00 25.00",
        "201 一般公共服务支出 150.00 100.00 25.00 25.00",
        "201 03 政府办公厅（室）及相关机构事务 100.00 100.00",
        "201 05 统计信息事务 25.00 25.00",
        "201 06 财政事务 25.00 25.00"]))
    got = cells(disc, "income")
    assert got["20103"] == [("total", [], "100.00"), ("fiscal", [], "100.00")]
    for code in ("20105", "20106"):
        assert got[code] == [("total", [], "25.00"), (None, ["unit_funds", "?单位自有资金"], "25.00")]
    said = issues(disc, "ambiguous-column")
    assert len(said) == 2 and all(s.endswith("可能为：单位资金、单位自有资金") for s in said)


def test_header_words_all_named_read_as_before(tmp_path):
    """Near miss: the same table without the unknown word is read by its named columns, with
    no warning of a column left out."""
    disc = parse(write(tmp_path, [
        "功能分类科目编码 功能分类科目名称 总计 财政拨款（补助）小计 单位资金",
        "合计 130.00 100.00 30.00",
        "201 一般公共服务支出 130.00 100.00 30.00",
        "201 03 政府办公厅（室）及相关机构事务 100.00 100.00",
        "201 05 统计信息事务 30.00 30.00"]))
    got = cells(disc, "income")
    assert got["20103"] == [("total", [], "100.00"), ("fiscal", [], "100.00")]
    assert got["20105"] == [("total", [], "30.00"), ("unit_funds", [], "30.00")]
    assert not issues(disc, "column-not-in-template") and not issues(disc, "ambiguous-column")


def test_unnamed_header_word_without_a_row_under_every_word_is_not_taken_for_a_column(tmp_path):
    """Near miss: the header prints an unknown word but no row prints as many amounts as it
    has words (a word may be part of another's text): its columns are not taken from it."""
    disc = parse(write(tmp_path, [
        UNNAMED_HEADER,
        "合计 130.00 100.00 30.00",
        "201 一般公共服务支出 130.00 100.00 30.00",
        "201 03 政府办公厅（室）及相关机构事务 100.00 100.00",
        "201 05 统计信息事务 30.00 30.00"]))
    assert not issues(disc, "column-not-in-template")
    got = cells(disc, "income")
    assert got["合计"][0] == ("total", [], "130.00")
