"""A ruled PDF grid whose 基本支出 header spans leaf columns the template does not have
(geometry.slot_of): under 小计 | 人员经费 | 公用经费 the 小计 is 基本支出's amount and the parts
are left out, said; under 人员经费 | 公用经费 alone 基本支出 is not printed, and no amount is
made of its parts (their sum would be a figure the table does not print)."""

from __future__ import annotations

import pytest
from ruled_pdf import basic_split_pdf

from budgetlens.checks import check
from budgetlens.pipeline import parse
from budgetlens.render_cells import cell_rows

pytest.importorskip("weasyprint")

# code, name, 合计, 基本支出 (小计), 人员经费, 公用经费, 项目支出
ROWS = [("", "合计", "504.46", "418.46", "300.00", "118.46", "86.00"),
        ("212", "城乡社区支出", "504.46", "418.46", "300.00", "118.46", "86.00"),
        ("21201", "城乡社区管理事务", "504.46", "418.46", "300.00", "118.46", "86.00"),
        ("2120101", "行政运行", "418.46", "418.46", "300.00", "118.46", ""),
        ("2120102", "一般行政管理事务", "86.00", "", "", "", "86.00")]


def write(path, parts: list[str], keep: list[int]):
    # (a Xinjiang unit's 2022 单位预算: its template knows 合计 | 基本支出 | 项目支出, not the parts;
    # Xinjiang's 部门预算 template knows them, as its 部门预算 of other years print them)
    return basic_split_pdf(path, "一般公共预算支出情况表", parts, ROWS, keep, cover="新疆维吾尔自治区某某中心2022年单位预算")


def judged(disc, severities) -> list:
    """The findings of those severities that cite the table (the set's other tables are absent)."""
    return [f for f in check(disc).findings if f.severity in severities
            and any(e.provenance is not None and e.provenance.table is not None for e in f.evidence)]


def read(disc) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for c in cell_rows(disc):
        out.setdefault(c["code"], {})[c["column"]] = c["amount"]
    return out


def test_the_subtotal_under_a_split_header_is_its_columns_amount(tmp_path):
    disc = parse(write(tmp_path / "three.pdf", ["小计", "人员经费", "公用经费"], [0, 1, 2, 3, 4, 5, 6]))
    want = {r[0]: {k: v for k, v in zip(("合计", "基本支出", "项目支出"), (r[2], r[3], r[6])) if v} for r in ROWS}
    assert read(disc) == want
    said = [i.message for i in disc.issues if i.code == "column-not-in-template"]
    assert len(said) == 2 and "人员经费" in said[0] and "公用经费" in said[1]
    assert not [i for i in disc.issues if i.code in ("extra-cell", "ambiguous-column", "columns-by-order")]
    assert judged(disc, ("error", "warning")) == []


def test_parts_without_their_subtotal_make_no_amount_of_the_column(tmp_path):
    disc = parse(write(tmp_path / "two.pdf", ["人员经费", "公用经费"], [0, 1, 2, 4, 5, 6]))
    want = {r[0]: {k: v for k, v in zip(("合计", "项目支出"), (r[2], r[6])) if v} for r in ROWS}
    assert read(disc) == want
    said = [i.message for i in disc.issues if i.code == "column-not-in-template"]
    assert len(said) == 2 and "人员经费" in said[0] and "公用经费" in said[1]
    assert judged(disc, ("error",)) == []
