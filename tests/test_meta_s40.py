"""The unit's name: a blank template's 编制部门 (the amounts' unit beside it) names no one, and a
cover title whose short name took the year in keeps the name alone."""

from __future__ import annotations

import pytest
from conftest import SHARED

from budgetlens.extract.meta import TITLE, named_unit, titled_name
from budgetlens.pipeline import parse
from budgetlens.readers import Line, SourceDocument

TEMPLATES = SHARED / "templates"


def doc_of(*texts: str) -> SourceDocument:
    doc = SourceDocument(path="x.txt", format="plain", encoding="utf-8", sha256="0")
    doc.lines = [Line(i + 1, t) for i, t in enumerate(texts)]
    return doc


@pytest.mark.parametrize("name, unit", [("sh-putuo-2026-dept-budget-template.xlsx", "上海市普陀区XX局"),
                                        ("sh-putuo-2026-unit-budget-template.xlsx", "上海市普陀区XX单位")])
def test_a_blank_templates_unit_is_its_covers(name, unit):
    # its tables print "编制部门：" blank, "单位：元" beside it (transcribed from the workbooks' covers)
    assert parse(TEMPLATES / name).meta.unit_name == unit


@pytest.mark.parametrize("head", ["编制部门：      单位：元", "编制单位： 金额单位：万元", "部门： 单位:万元"])
def test_the_amounts_unit_beside_a_blank_name_is_no_name(head):
    assert named_unit(doc_of(head, head)) is None


@pytest.mark.parametrize("head, unit", [("编制部门：某某区财政局      单位：元", "某某区财政局"),
                                        ("部门：江苏省政协办公厅  单位：万元", "江苏省政协办公厅")])
def test_a_named_unit_beside_the_amounts_unit_is_kept(head, unit):
    assert named_unit(doc_of(head)) == unit


@pytest.mark.parametrize("title, unit", [("某某局2025年部门预算", "某某局"), ("审计局2024年度单位决算", "审计局"),
                                         ("上海市普陀区财政局2026年部门预算", "上海市普陀区财政局"),
                                         ("江苏省人民检察院2018年部门预算", "江苏省人民检察院")])
def test_a_cover_titles_unit_without_the_year(title, unit):
    assert titled_name(TITLE.match(title)) == unit
