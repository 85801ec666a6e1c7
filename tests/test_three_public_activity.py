"""N-THREE-PUBLIC-ACTIVITY: trips abroad and receptions as the 三公 section counts them,
against the 三公 table's money for them — activity without money, or money and no activity, is
a warning."""

from __future__ import annotations

import pytest

import finals
from budgetlens.checks import check
from budgetlens.pipeline import parse

# the 决算 books (tests/finals.py THREE_PUBLIC): 因公出国（境）费 actual 0, 公务接待费 actual 5.00
ANCHOR = "公务接待费支出决算为5.00万元，完成预算的100.00%。"


def outcome(tmp_path, sentence: str):
    path = tmp_path / "final.md"
    path.write_text(finals.final_accounts({ANCHOR: ANCHOR + sentence}), encoding="utf-8")
    rep = check(parse(path))
    found = [f for f in rep.findings if f.rule == "N-THREE-PUBLIC-ACTIVITY"]
    return next(o for o in rep.outcomes if o.rule == "N-THREE-PUBLIC-ACTIVITY"), found


@pytest.mark.parametrize("sentence,fails,said", [
    ("2024年度因公出国（境）团组0个，累计0人次；国内公务接待40批次，累计接待320人次。", False, None),
    ("因公出国（境）团组0个，公务接待40批次。", False, None),     # one sentence, each count its own activity
    ("2024年度因公出国（境）团组2个，累计10人次。", True, "因公出国（境）2个、10人次"),   # no money abroad
    ("国内公务接待0批次，0人次。", True, "公务接待0批次、0人次"),          # 5.00 spent on receptions
    ("上年因公出国（境）团组2个。", None, None),                       # last year's trips: not this year's money
    # counts that are no count of the year's activity
    ("因公出国（境）费比上年减少2万元，主要原因是减少出国团组1个。", None, None),     # a change
    ("出国团组由1个减少为0个。", None, None),                                     # a change and its start
    ("2023年度因公出国（境）团组2个，累计10人次。", None, None),                    # another year, both figures
    ("年初预算安排出国团组2个，因工作调整未成行。", None, None),                    # a plan not carried out
    ("主要用于接待来访团组3个、45人次。", False, None),                # visitors received: receptions, paid
])
def test_counts_against_the_money(tmp_path, sentence, fails, said):
    result, found = outcome(tmp_path, sentence)
    assert result.status == {False: "pass", True: "fail", None: "not_applicable"}[fails]
    assert bool(found) == bool(fails)
    if fails:
        assert found[0].severity == "warning" and said in found[0].message
        assert found[0].evidence[0].provenance.line is not None


def test_not_applicable_without_counts(tmp_path):
    result, found = outcome(tmp_path, "")
    assert result.status == "not_applicable" and not found
