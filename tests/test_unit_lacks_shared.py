"""The narrative rules that read a unit's table say a unit's claim not checked through one
function (Context.unit_lacks, or narrative.unit_lacks for a claim), not each by hand: the
wording each rule gives is pinned here, with the figure as the rule's message says it (the
机关运行经费 in 万元, the project count as a number), and the "不购置车辆" sentence, which
is no claim, goes the same way.

The department of test_set_lacks_table: unit 2 leaves out the table the rule reads.
"""

from __future__ import annotations

import pytest
from test_set_lacks_table import CASES, CENTRE, unit_findings, unit_text
from test_unit_tables import parse_text

from budgetlens.checks import check

WHY = "：本单位的公开表中没有{}（未公开或未能识别）"
SAID = {
    "N-ITEM-LIST": "情况说明人员经费所列项目未能与基本支出表核对",
    "N-OPERATING-COST": "机关运行经费 600.00 万元未能与基本支出表公用经费核对",
    "N-PROJECT-COUNT": "情况说明称项目 9 个，未能与项目支出表核对",
    "N-VEHICLE-PURCHASE": "情况说明购置车辆 2 辆，未能与“三公”经费表公务用车购置费核对",
    "N-THREE-PUBLIC-ACTIVITY": "情况说明因公出国（境）2个，未能与“三公”经费表因公出国（境）费核对",
}
NO_CAR = (10, "“三公”经费支出表", "“三公”经费情况说明", "2026年不购置公务用车。")


@pytest.mark.parametrize("rule", sorted(SAID))
def test_a_unit_claim_not_checked_is_said_in_the_rules_words(tmp_path, rule):
    _, found = unit_findings(tmp_path, rule)
    assert [f.message for f in found] == [f"{CENTRE}：{SAID[rule]}{WHY.format(CASES[rule][1])}"]


def no_car(tmp_path, monkeypatch, drop: bool):
    monkeypatch.setitem(CASES, "NO-CAR", NO_CAR)
    report = check(parse_text(tmp_path, unit_text("NO-CAR", drop)))
    outcome = next(o for o in report.outcomes if o.rule == "N-VEHICLE-PURCHASE")
    return outcome, [f.message for f in report.findings if f.rule == "N-VEHICLE-PURCHASE"]


def test_a_units_no_purchase_sentence_without_its_table_is_said_unchecked(tmp_path, monkeypatch):
    outcome, said = no_car(tmp_path, monkeypatch, drop=True)
    assert said == [f"{CENTRE}：情况说明不购置车辆，未能与“三公”经费表公务用车购置费核对{WHY.format(NO_CAR[1])}"]
    assert outcome.status != "not_applicable", outcome


def test_a_units_no_purchase_sentence_with_its_table_is_checked(tmp_path, monkeypatch):
    """With the unit's 三公 table printed, its sentence is checked (one instance more) and
    nothing is said unchecked."""
    (tmp_path / "without").mkdir()
    without, _ = no_car(tmp_path / "without", monkeypatch, drop=True)
    outcome, said = no_car(tmp_path, monkeypatch, drop=False)
    assert not any("未能与" in m for m in said), said
    assert outcome.checked == without.checked + 1, (outcome, without)
