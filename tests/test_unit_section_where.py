"""A finding on a unit's narrative section (its {where} names the section, not a table) names
the unit, as the other rules' unit findings do ("单位：…"): N-STRUCTURE-100's error on a unit's
shares read "情况说明 十三中…" without saying whose shares they were."""

from __future__ import annotations

from conftest import EXAMPLES
from test_set_lacks_claims import CLASSES, budget_text
from test_set_narrative import CENTRE
from test_unit_tables import parse_text

from budgetlens.checks import check
from budgetlens.pipeline import parse


def test_a_units_structure_error_names_the_unit_once(tmp_path):
    disc = parse_text(tmp_path, budget_text(None, CLASSES.format("7.08")))     # 101.00%
    found = [f for f in check(disc).findings if f.rule == "N-STRUCTURE-100" and f.location.unit == CENTRE]
    assert [f.severity for f in found] == ["error"], [f.message for f in found]
    message = found[0].message
    assert message.startswith(f"{CENTRE}：情况说明 "), message
    assert message.count(CENTRE) == 1 and "101.00%" in message, message


def test_the_documents_own_structure_error_names_no_unit(tmp_path):
    """The document's own section (seed 000, a class share made 1% too high): no unit to name,
    the message as before."""
    text = (EXAMPLES / "000_9131eab83374bb33.txt").read_text(encoding="utf-8")
    path = tmp_path / "000.txt"
    path.write_text(text.replace("211.11万元，占75.96%", "211.11万元，占76.96%"), encoding="utf-8")
    found = [f for f in check(parse(path)).findings if f.rule == "N-STRUCTURE-100"]
    assert [f.message for f in found] == ["情况说明 五中各组成部分占比之和为 101.00%，应为 100%"]
