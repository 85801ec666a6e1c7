"""Narrative about one of a department's units, checked against that unit's tables.

A department printing its units' tables after its own (test_unit_tables.department: the 汇总,
then 本级 and 机关事务服务中心) may tell of a unit in its 情况说明: a section headed by its name,
a sub-heading, or a sentence naming it (whole, or its short form 机关事务服务中心). Those claims
carry the unit's set (Claim.table_set) and the N-* rules compare them with the unit's tables; the
others keep the department's own set (0).

The 汇总 prints the seed's amounts (1×, as the seed's own narrative tells them); unit 2 (机关事务服务
中心) prints them at 3×: 收入预算 5,277.15, 一般公共预算 基本支出 4,797.15 and 项目支出 360.00 万元.
"""

from __future__ import annotations

import pytest
from test_store_sets import unit_scaled
from test_unit_tables import UNITS, department, parse_text

from budgetlens.checks import check
from budgetlens.model import Disclosure

CENTRE = UNITS[1]                   # set 2
SHORT = "机关事务服务中心"           # its short form: the name less the region it shares
RIGHT = "收入预算 5,277.15 万元，基本支出 4,797.15 万元，项目支出 360.00 万元。"
WRONG = "收入预算 5,277.15 万元，基本支出 4,797.15 万元，项目支出 480.00 万元。"
NARRATIVE = "第三部分"        # the last line opening it: the narrative (the first: the contents)


def with_narrative(extra: str, before: str = "第四部分 名词解释", scaled: int = 2) -> str:
    """The department's text, unit `scaled` at 3×, with `extra` paragraphs put into its
    narrative before the line `before` (the 名词解释 part: at the narrative's end)."""
    text = department(summary_scale=1, edit=unit_scaled(scaled, 3))
    at = text.index(before, text.rindex(NARRATIVE))
    return text[:at] + extra + text[at:]


def section(title: str, *paras: str) -> str:
    return "\n\n".join([title, *paras]) + "\n\n"


def narrative_errors(disc) -> list:
    return [f for f in check(disc).findings if f.category == "narrative" and f.severity == "error"]


def unit_claims(disc, figure: str) -> list:
    return [c for c in disc.narrative.claims if figure in c.sentence]


def test_a_section_headed_by_a_unit_is_checked_against_its_tables(tmp_path):
    """十三、关于<unit>…: its figures are the unit's (3×), right: no narrative error (before:
    收入预算 5,277.15 against the 汇总's 1,759.05 …)."""
    disc = parse_text(tmp_path, with_narrative(section(f"十三、关于{CENTRE}2026年收支预算情况的说明", RIGHT)))
    claims = unit_claims(disc, "5,277.15")
    assert len(claims) == 3 and {c.table_set for c in claims} == {2}
    errors = narrative_errors(disc)
    assert not errors, [f.message for f in errors]


def test_a_unit_figure_stated_wrong_fails_citing_the_units_table(tmp_path):
    """项目支出 480.00 where the unit's 表5 prints 360.00: an N-AMOUNT error against the unit's
    table, naming the unit, and none against the 汇总's (120.00)."""
    disc = parse_text(tmp_path, with_narrative(section(f"十三、关于{CENTRE}2026年收支预算情况的说明", WRONG)))
    errors = narrative_errors(disc)
    assert [(f.rule, f.found, f.expected) for f in errors] == [("N-AMOUNT", "480.00万元", "360.00")], \
        [f.message for f in errors]
    cited = [disc.tables[e.provenance.table] for e in errors[0].evidence if e.provenance.table is not None]
    assert cited and {t.group for t in cited} == {2} and {t.unit_name for t in cited} == {CENTRE}
    assert errors[0].message.startswith(f"{CENTRE}：")
    assert errors[0].location.unit == CENTRE


def test_a_sentence_naming_a_unit_by_its_short_form_is_the_units(tmp_path):
    """In the department's own section 二: "机关事务服务中心收入预算 …" is the unit's; the seed's
    sentences around it stay the department's."""
    text = with_narrative(f"{SHORT}{RIGHT}\n\n", before="三、关于克孜勒苏柯尔克孜自治州人民政府办公室 2026 年支出预算")
    disc = parse_text(tmp_path, text)
    claims = unit_claims(disc, "5,277.15")
    assert len(claims) == 3 and {c.table_set for c in claims} == {2} and {c.section for c in claims} == {"二"}
    assert {c.table_set for c in disc.narrative.claims if c not in claims} == {0}
    errors = narrative_errors(disc)
    assert not errors, [f.message for f in errors]


def test_a_unit_whose_name_holds_the_departments_is_told_by_its_whole_name(tmp_path):
    """<department>（本级）: a section headed so is unit 1's (the longest name found wins), not
    the department's its name holds."""
    disc = parse_text(tmp_path, with_narrative(section(f"十三、关于{UNITS[0]}2026年收支预算情况的说明", RIGHT),
                                               scaled=1))
    assert {c.table_set for c in unit_claims(disc, "5,277.15")} == {1}
    errors = narrative_errors(disc)
    assert not errors, [f.message for f in errors]


def test_sub_headings_naming_a_unit_scope_the_claims_under_them(tmp_path):
    """（一）<unit>: the figures under it are the unit's, up to the next sub-heading; those under
    （二）, naming no unit, are the department's (the 汇总's 1,759.05)."""
    text = with_narrative(section("十三、关于所属单位2026年预算情况的说明", f"（一）{CENTRE}", RIGHT,
                                  "（二）部门汇总", "收入预算 1,759.05 万元。"))
    disc = parse_text(tmp_path, text)
    assert {c.table_set for c in unit_claims(disc, "5,277.15")} == {2}
    department_claims = [c for c in unit_claims(disc, "收入预算1,759.05") if c.section == "十三"]
    assert len(department_claims) == 1 and department_claims[0].table_set == 0
    errors = narrative_errors(disc)
    assert not errors, [f.message for f in errors]


def test_a_short_form_two_units_share_names_neither(tmp_path):
    """A second unit 阿图什市机关事务服务中心 holds the short form too: "机关事务服务中心…" names no
    set, so the claim stays the department's (and its 5,277.15 is an error against the 汇总)."""
    units = (CENTRE, "阿图什市机关事务服务中心")
    text = department(summary_scale=1, units=units, edit=unit_scaled(1, 3))
    at = text.index("第四部分 名词解释", text.rindex(NARRATIVE))
    disc = parse_text(tmp_path, text[:at] + f"{SHORT}{RIGHT}\n\n" + text[at:])
    assert {c.table_set for c in unit_claims(disc, "5,277.15")} == {0}


def test_a_claim_naming_no_unit_keeps_the_department_set(tmp_path):
    """The seed's own narrative, with a unit section after it: its claims stay set 0, and a
    department figure stated wrong is still an error against the 汇总."""
    text = with_narrative(section(f"十三、关于{CENTRE}2026年收支预算情况的说明", RIGHT))
    text = text.replace("收支总预算 1,759.05 万元。", "收支总预算 1,769.05 万元。", 1)
    disc = parse_text(tmp_path, text)
    errors = narrative_errors(disc)
    assert [(f.found, f.expected) for f in errors] == [("1,769.05万元", "1,759.05")], [f.message for f in errors]
    assert {disc.tables[e.provenance.table].group for e in errors[0].evidence if e.provenance.table is not None} == {0}


def test_a_units_item_list_is_checked_against_its_basic_table(tmp_path):
    """人员经费 …主要包括：基本工资 982.08 万元 in the unit's section: its 表6 30101 (3× 327.36)
    agrees (before: against the 汇总's 327.36, an error)."""
    items = "人员经费 4,265.43 万元，主要包括：基本工资 982.08 万元、津贴补贴。"
    disc = parse_text(tmp_path, with_narrative(section(f"十三、关于{CENTRE}2026年基本支出情况的说明", items)))
    lists = [lst for lst in disc.narrative.item_lists if "982.08" in lst.sentence]
    assert len(lists) == 1 and lists[0].table_set == 2
    found = [f for f in check(disc).findings if f.rule in ("N-ITEM-LIST", "N-AMOUNT") and f.severity != "info"
             and "982.08" in " ".join(e.text for e in f.evidence)]
    assert not found, [f.message for f in found]


@pytest.mark.parametrize("seed", ["002_4e0ed6e09b019fe1"])
def test_one_set_every_claim_is_the_documents_own(seed):
    from conftest import parsed
    disc = parsed(seed)
    assert {c.table_set for c in disc.narrative.claims} == {0}
    assert '"table_set"' not in disc.model_dump_json()          # written out only for a unit's


def test_the_set_of_a_claim_survives_the_json_round_trip(tmp_path):
    """The store keeps a disclosure as its JSON: a unit's claim keeps its set."""
    disc = parse_text(tmp_path, with_narrative(section(f"十三、关于{CENTRE}2026年收支预算情况的说明", WRONG)))
    again = Disclosure.model_validate_json(disc.model_dump_json())
    assert [c.table_set for c in again.narrative.claims] == [c.table_set for c in disc.narrative.claims]
    assert [f.message for f in narrative_errors(again)] == [f.message for f in narrative_errors(disc)]


# ---- last year's figures of a unit ---------------------------------------------------------------

def prior_findings(tmp_path, prior_scale: int | None) -> list:
    """This year: a section on the unit, 项目支出 360.00 比上年预算减少 120.00 (last year 480.00).
    Last year's document: the 汇总 at 1× (项目支出 120.00) and the unit at prior_scale× (None: it
    prints no tables of the unit)."""
    from test_unit_tables import OWNER

    from budgetlens.store.corpus import variant
    change = "项目支出 360.00 万元，比上年预算减少 120.00 万元。"
    this_year = parse_text(tmp_path, with_narrative(section(f"十三、关于{CENTRE}2026年收支预算情况的说明", change)),
                           "2026.txt")
    units = UNITS if prior_scale else UNITS[:1]
    last = department(summary_scale=1, units=units, edit=unit_scaled(2, prior_scale) if prior_scale else None)
    prior = parse_text(tmp_path, variant(last, OWNER, years=-1), "2025.txt")
    assert prior.meta.year == 2025
    return [f for f in check(this_year, prior=prior).findings if f.rule == "Y-PRIOR-FIGURE"]


def test_a_units_last_year_figure_is_compared_with_last_years_tables_of_the_unit(tmp_path):
    """Last year's unit prints 480.00 (4×): it agrees (before: against last year's 汇总, 120.00)."""
    found = prior_findings(tmp_path, 4)
    assert not [f.message for f in found if "480" in (f.found or "")], [f.message for f in found]


def test_a_units_last_year_figure_wrong_names_the_units_tables(tmp_path):
    found = [f for f in prior_findings(tmp_path, 3) if f.found == "480.00"]
    assert [f.expected for f in found] == ["360.00"], [f.message for f in found]
    assert "上年公开文件（所印该单位的表）为 360.00 万元" in found[0].message


def test_a_unit_last_years_document_does_not_print_is_not_compared(tmp_path):
    found = prior_findings(tmp_path, None)
    assert not [f for f in found if f.found == "480.00"], [f.message for f in found]
