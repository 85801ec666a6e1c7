"""A unit named as part of a whole is no sentence about the unit.

"本部门（含机关事务服务中心）收入预算 …", "本级及所属机关事务服务中心 …", "本部门本级和机关事务服务中心
…": the figure is the department's (its 汇总's, set 0), though the words name one unit only.
A sentence about the unit keeps the unit's set: "机关事务服务中心（含下属分支机构）…",
"本部门所属机关事务服务中心 …", "机关事务服务中心收入预算（含上年结转）…". The document is
test_set_narrative's: the 汇总 at 1× (收入预算 1,759.05), unit 2 at 3× (5,277.15).
"""

from __future__ import annotations

import pytest
from test_set_narrative import CENTRE, narrative_errors, section, with_narrative
from test_unit_tables import parse_text

# a paragraph of the department's own section 二 (before section 三)
IN_SECTION_TWO = "三、关于克孜勒苏柯尔克孜自治州人民政府办公室 2026 年支出预算"
DEPARTMENT = "1,759.05"
UNIT = "5,277.15"


def claim_sets_of(disc, figure: str) -> set[int]:
    return {c.table_set for c in disc.narrative.claims if figure in c.text}


@pytest.mark.parametrize("sentence", [
    "本部门（含机关事务服务中心）2026年收入预算 1,759.05 万元。",
    "本部门(含机关事务服务中心)收入预算 1,759.05 万元。",
    "本级及所属机关事务服务中心收入预算 1,759.05 万元。",
    "本部门本级和机关事务服务中心收入预算合计 1,759.05 万元。",
    "本部门（包括本级、机关事务服务中心）收入预算 1,759.05 万元。",
    f"{CENTRE.replace('机关事务服务中心', '人民政府办公室')}及下属机关事务服务中心收入预算 1,759.05 万元。",
], ids=["paren-han", "paren-ascii", "ji-suoshu", "benji-he", "paren-baokuo", "name-ji-xiashu"])
def test_a_unit_included_in_the_department_is_the_departments_claim(tmp_path, sentence):
    """Before: the one unit named made the claim the unit's, an N-AMOUNT error against its
    5,277.15."""
    disc = parse_text(tmp_path, with_narrative(sentence + "\n\n", before=IN_SECTION_TWO))
    assert claim_sets_of(disc, DEPARTMENT) == {0}
    errors = narrative_errors(disc)
    assert not errors, [f.message for f in errors]


@pytest.mark.parametrize("sentence", [
    "机关事务服务中心（含下属分支机构）收入预算 5,277.15 万元。",
    "本部门所属机关事务服务中心收入预算 5,277.15 万元。",
    "机关事务服务中心收入预算（含上年结转）5,277.15 万元。",
], ids=["unit-paren", "suoshu", "paren-not-units"])
def test_a_sentence_about_the_unit_keeps_the_units_set(tmp_path, sentence):
    disc = parse_text(tmp_path, with_narrative(sentence + "\n\n", before=IN_SECTION_TWO))
    assert claim_sets_of(disc, UNIT) == {2}
    errors = narrative_errors(disc)
    assert not errors, [f.message for f in errors]


def test_the_whole_under_a_units_heading_is_the_departments(tmp_path):
    """Under "（一）<unit>" the unit's figures are its own; "本部门（含下属单位）…" there speaks of
    the whole department (before: the unit's, by the heading)."""
    text = with_narrative(section("十三、关于所属单位2026年预算情况的说明", f"（一）{CENTRE}",
                                  f"收入预算 {UNIT} 万元。", f"本部门（含下属单位）收入预算 {DEPARTMENT} 万元。"))
    disc = parse_text(tmp_path, text)
    assert claim_sets_of(disc, UNIT) == {2}
    assert {c.table_set for c in disc.narrative.claims if DEPARTMENT in c.text and c.section == "十三"} == {0}
    errors = narrative_errors(disc)
    assert not errors, [f.message for f in errors]


def test_a_sub_heading_of_the_whole_scopes_the_departments_claims(tmp_path):
    """"（二）本部门（含机关事务服务中心）": its figures are the department's (before: the unit's,
    the one set the sub-heading names)."""
    text = with_narrative(section("十三、关于预算情况的补充说明", f"（一）{CENTRE}", f"收入预算 {UNIT} 万元。",
                                  "（二）本部门（含机关事务服务中心）", f"收入预算 {DEPARTMENT} 万元。"))
    disc = parse_text(tmp_path, text)
    assert claim_sets_of(disc, UNIT) == {2}
    assert {c.table_set for c in disc.narrative.claims if DEPARTMENT in c.text and c.section == "十三"} == {0}
    errors = narrative_errors(disc)
    assert not errors, [f.message for f in errors]


def test_a_unit_of_itself_and_its_own_units_keeps_its_set(tmp_path):
    """Under "（一）<unit>": "本单位（含下属单位）…" is the unit with units of its own below it,
    no whole of the department's: the unit's figure."""
    text = with_narrative(section("十三、关于所属单位2026年预算情况的说明", f"（一）{CENTRE}",
                                  f"本单位（含下属单位）收入预算 {UNIT} 万元。"))
    disc = parse_text(tmp_path, text)
    assert claim_sets_of(disc, UNIT) == {2}
    errors = narrative_errors(disc)
    assert not errors, [f.message for f in errors]
