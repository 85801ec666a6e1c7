"""Probe 33 of the rule catalogue: defects a bureau finds that the checks missed.

Inputs are written in code (tests/finals.py: a consistent 决算 document; the seeds' text with one
figure or word changed); what each test expects comes from what the document prints."""

from __future__ import annotations

from pathlib import Path

import finals

from budgetlens.checks import check
from budgetlens.pipeline import parse

EXAMPLES = Path(__file__).resolve().parent.parent / "budgetlens" / "examples"


def findings(tmp_path: Path, text: str, rule: str, name: str = "doc.md") -> list:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return [f for f in check(parse(path)).findings if f.rule == rule and f.severity != "info"]


# ---- 决算: the reason sentence says the actual is above the budget while it is below ----------

def test_reason_direction_contradicting_the_figures_is_flagged(tmp_path):
    # 一般行政管理事务: 年初预算 180.00, 支出决算 165.40 (91.89%): the actual is below the budget
    text = finals.final_accounts({"完成年初预算的91.89%。决算数小于": "完成年初预算的91.89%。决算数大于"})
    found = findings(tmp_path, text, "N-VARIANCE-DIRECTION")
    assert len(found) == 1
    f = found[0]
    assert f.severity == "error"
    assert "决算数大于" in f.found and "小于" in f.expected
    assert "165.40" in f.message and "180.00" in f.message


def test_reason_direction_above_budget_said_below_is_flagged(tmp_path):
    # 行政运行: 年初预算 500.00, 支出决算 520.36 (104.07%): above the budget
    text = finals.final_accounts({"完成年初预算的104.07%。决算数大于": "完成年初预算的104.07%。决算数低于"})
    found = findings(tmp_path, text, "N-VARIANCE-DIRECTION")
    assert [f.found for f in found] == ["决算数低于年初预算数"]


def test_reason_direction_agreeing_with_the_figures_is_not_flagged(tmp_path):
    assert not findings(tmp_path, finals.final_accounts(), "N-VARIANCE-DIRECTION")
