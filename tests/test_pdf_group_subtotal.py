"""A 小计 printed under a group of columns whose total the template declares (TableSpec.subtotals).

The national 政府性基金/国有资本经营预算支出表 has 人员经费 and 公用经费 under 基本支出 and no
基本支出 column; some publishers print 基本支出 over 小计 | 人员经费 | 公用经费. The template says
基本支出 is their total (subtotals: nature basic), so that header is a layout of the table (a
variant derived from the declaration): the 小计's cells carry 基本支出's coordinates, the header
leaves nothing unmapped, and basic = personnel + public is checked (before: 小计 was reported as
header text the template cannot place, the amounts read by order, one column off).
"""

from __future__ import annotations

import pytest
from ruled_pdf import basic_split_pdf

from budgetlens.checks import check
from budgetlens.pipeline import parse
from budgetlens.templates import TableSpec

# code, name, 合计, 基本支出 (小计), 人员经费, 公用经费, 项目支出
ROWS = [("", "合计", "504.46", "418.46", "300.00", "118.46", "86.00"),
        ("212", "城乡社区支出", "504.46", "418.46", "300.00", "118.46", "86.00"),
        ("21208", "国有土地使用权出让收入安排的支出", "504.46", "418.46", "300.00", "118.46", "86.00"),
        ("2120801", "征地和拆迁补偿支出", "418.46", "418.46", "300.00", "118.46", ""),
        ("2120802", "土地开发支出", "86.00", "", "", "", "86.00")]
KEYS = ("total", "basic", "personnel", "public", "project")
TABLES = [("政府性基金预算支出情况表", "gov_fund"), ("国有资本经营预算支出情况表", "state_capital")]


def write(path, title: str, parts: list[str], rows=ROWS):
    pytest.importorskip("weasyprint")
    keep = [0, 1, 2, 3, 4, 5, 6] if "小计" in parts else [0, 1, 2, 4, 5, 6]
    return basic_split_pdf(path, title, parts, rows, keep)


def cells(disc) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for f in disc.facts:
        out.setdefault(disc.tables[f.table].rows[f.row].code, {})[f.column] = str(f.amount)
    return out


def want(keys=KEYS) -> dict[str, dict[str, str]]:
    at = {"total": 2, "basic": 3, "personnel": 4, "public": 5, "project": 6}
    return {r[0]: {k: r[at[k]] for k in keys if r[at[k]]} for r in ROWS}


@pytest.mark.parametrize("title,budget_type", TABLES)
def test_a_subtotal_under_its_group_is_the_groups_total(tmp_path, title, budget_type):
    disc = parse(write(tmp_path / "t.pdf", title, ["小计", "人员经费", "公用经费"]))
    table = disc.tables[0]
    assert table.template_variant == "basic_subtotal" and not table.header_unmapped
    assert not [i for i in disc.issues if i.code in ("header-unmapped", "columns-by-order", "extra-cell",
                                                     "column-not-in-template")], [i.message for i in disc.issues]
    assert cells(disc) == want()
    basic = [f for f in disc.facts if f.column == "basic"]
    assert basic and {(f.coords.nature, f.coords.budget_type) for f in basic} == {("basic", budget_type)}
    errors = [f for f in check(disc).findings if f.category == "arithmetic" and f.severity != "info"]
    assert not errors, [f.message for f in errors]


def test_a_wrong_subtotal_is_found_by_the_declared_sum(tmp_path):
    """小计 418.00 beside 300.00 + 118.46: basic = personnel + public fails on that row."""
    rows = [r if r[0] != "2120801" else (*r[:3], "418.00", *r[4:]) for r in ROWS]
    disc = parse(write(tmp_path / "t.pdf", TABLES[0][0], ["小计", "人员经费", "公用经费"], rows))
    found = [f for f in check(disc).findings if f.rule == "ARITH-COLUMN-SUM" and f.severity == "error"]
    assert [f.location.row for f in found if "418.00" in f.message] and \
        all("2120801" in (f.location.row or "") for f in found), [f.message for f in found]


def test_the_parts_alone_keep_the_tables_own_layout(tmp_path):
    disc = parse(write(tmp_path / "t.pdf", TABLES[0][0], ["人员经费", "公用经费"]))
    assert disc.tables[0].template_variant is None and not disc.tables[0].header_unmapped
    assert cells(disc) == want(("total", "personnel", "public", "project"))


def test_a_text_grid_with_the_subtotal_reads_it_so(tmp_path):
    """The same header in a tab-separated text grid: the layout is the reader's, not the PDF's."""
    lines = ["某某局2025年部门预算", "", TABLES[0][0], "编制单位：某某局\t\t\t\t\t\t单位：万元",
             "科目编码\t科目名称\t合计\t基本支出\t\t\t项目支出", "\t\t\t小计\t人员经费\t公用经费\t",
             *("\t".join(r) for r in ROWS)]
    path = tmp_path / "t.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    disc = parse(path)
    assert disc.tables[0].template_variant == "basic_subtotal" and not disc.tables[0].header_unmapped
    assert not [i for i in disc.issues if i.code in ("header-unmapped", "extra-cell")]
    assert cells(disc) == want()
    assert {f.coords.nature for f in disc.facts if f.column == "basic"} == {"basic"}


def test_a_subtotal_needs_a_group_of_columns():
    spec = {"number": 8, "kind": "gov_fund_expenditure", "titles": ["x"],
            "columns": [{"key": "total", "label": "合计"}, {"key": "personnel", "label": "人员经费", "path": ["基本支出"]}],
            "subtotals": [{"group": "基本支出", "key": "basic", "coords": {"nature": "basic"}}]}
    with pytest.raises(ValueError, match="两列以上"):
        TableSpec.model_validate(spec)
