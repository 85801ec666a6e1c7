"""Narrative wordings probed in session 39 (second round).

- "支出预算 X 万元", "支出总计 X 万元", "部门预算支出总额 X 万元": the 收支总表's 支出总计 (before: its
  收入总计, the other side: the same figure only while the table balances).
"""

import sys
from pathlib import Path

import pytest
from test_narrative_brackets import claims_of
from test_narrative_flat import BASIC

from budgetlens.checks import check
from budgetlens.pipeline import parse

sys.path.insert(0, str(Path(__file__).parent))

SEED = "000_9131eab83374bb33"


def coords_of(claim):
    return claim.subject.coords.model_dump(exclude_none=True, exclude={"phase"})


# ---- the spending side's total -----------------------------------------------------------------

SPENDING_TOTAL = {"table_kind": "summary", "side": "expenditure", "function_code": "total"}
INCOME_TOTAL = {"table_kind": "summary", "side": "income", "source": "total"}


@pytest.mark.parametrize("said", ["支出预算 277.90 万元。", "本部门预算支出总额 277.90 万元。", "支出总计 277.90 万元。",
                                  "2026 年支出总额 277.90 万元。"])
def test_the_spending_total_is_the_spending_sides(tmp_path, said):
    """Before: the 收支总表's 收入总计 (the income side)."""
    _, [claim] = claims_of(tmp_path, said)
    assert coords_of(claim) == SPENDING_TOTAL


@pytest.mark.parametrize("said", ["收入预算 277.90 万元。", "收支总预算 277.90 万元。", "收入总计 277.90 万元。"])
def test_the_income_or_both_totals_stay_the_income_sides(tmp_path, said):
    """Near miss: 收入 (or 收支) named: the 收入总计, as before."""
    _, [claim] = claims_of(tmp_path, said)
    assert coords_of(claim) == INCOME_TOTAL


def misprinted_income_total(tmp_path, said: str):
    """Seed 000 whose 收支总表 prints 收入总计 280.00 (its 支出总计 277.90), `said` in its text."""
    text = (Path(__file__).parent.parent / "budgetlens" / "examples" / f"{SEED}.txt").read_text(encoding="utf-8")
    row = "<b>收入总计</b>\t<b>277.90</b>\t<b>支出总计</b>\t<b>277.90</b>\n"
    text = text.replace(row, row.replace("277.90", "280.00", 1), 1).replace(BASIC, said)
    path = tmp_path / f"{SEED}.txt"
    path.write_text(text, encoding="utf-8")
    return check(parse(path)).findings


@pytest.mark.parametrize("named, wrong", [("支出预算", False), ("收入预算", True)])
def test_the_spending_total_is_checked_against_the_spending_side(tmp_path, named, wrong):
    """The table's sides disagree (280.00 | 277.90): the spending is checked against 支出总计 (before:
    against 收入总计, a false error); the income, as before, against 收入总计."""
    findings = misprinted_income_total(tmp_path, f"{named} 277.90 万元。")
    assert any(f.rule == "N-AMOUNT" and f.severity == "error" and f"“{named}”277.90万元" in f.message
               for f in findings) == wrong
