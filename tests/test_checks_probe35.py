"""Probe 35 of the rule catalogue: what a finance bureau, an auditor or a journalist is told.

Inputs are the seeds' text with one figure or word changed (or their years moved back, as last
year's document of the same unit would print them); what each test expects comes from what the
document prints."""

from __future__ import annotations

import re
from pathlib import Path

from budgetlens.checks import check
from budgetlens.pipeline import parse

EXAMPLES = Path(__file__).resolve().parent.parent / "budgetlens" / "examples"
S000 = EXAMPLES / "000_9131eab83374bb33.txt"      # 克孜勒苏柯尔克孜自治州电子政务服务中心 2026
S002 = EXAMPLES / "002_4e0ed6e09b019fe1.txt"      # 克孜勒苏柯尔克孜自治州人民政府办公室 2026


def seed(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def year_before(text: str) -> str:
    """The document's text one year earlier: every year 2022–2026 it names moved back by one."""
    return re.sub(r"20(2[2-6])", lambda m: f"20{int(m.group(1)) - 1}", text)


def outcome(report, rule: str):
    return next(o for o in report.outcomes if o.rule == rule)


# ---- year over year: last year's document must be of the same unit ----------------------------

def test_prior_of_another_unit_is_not_compared(tmp_path):
    # the 2025 document of 人民政府办公室 given as last year's of 电子政务服务中心: its figures
    # (一般公共预算 1,719.05) say nothing of this unit's 上年 (473.87)
    prior = parse(write(tmp_path, "other_2025.md", year_before(seed(S002))))
    report = check(parse(S000), prior=prior)
    assert not [f for f in report.findings if f.rule.startswith("Y-")]
    for rule in ("Y-PRIOR-FIGURE", "Y-STAFFING"):
        o = outcome(report, rule)
        assert o.status == "not_applicable"
        assert "人民政府办公室" in o.reason and "电子政务服务中心" in o.reason


def test_prior_of_the_same_unit_under_its_short_name_is_compared(tmp_path):
    # the same unit's 2025 document printing its name as 克州电子政务服务中心: compared. Its
    # 一般公共预算 is printed 277.90 while this year's text implies 277.90 + 195.97 = 473.87
    text = year_before(seed(S000)).replace("克孜勒苏柯尔克孜自治州", "克州")
    prior = parse(write(tmp_path, "short_2025.md", text))
    assert prior.meta.unit_name.startswith("克州")
    report = check(parse(S000), prior=prior)
    found = [f for f in report.findings if f.rule == "Y-PRIOR-FIGURE" and f.location.section == "二"]
    assert [(f.found, f.expected) for f in found] == [("473.87", "277.90")]
