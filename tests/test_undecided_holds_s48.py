"""A sum over rows whose amounts' columns are undecided, failing under the reading taken but
holding under another, is reported as info. Its message used to say the sum "不等于 … 无法计算"
and then "（…在另一种读法下成立）": two verdicts at once. It now says that under one reading the
sum does not hold, and the note that it holds under another. A sum that fails under every reading
keeps the "无法计算" message (tests/test_carry_whole_s46.py)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from budgetlens.checks import check
from budgetlens.checks.catalogue import load_catalogue
from budgetlens.checks.context import HOLDS_NOTE, Fail, to_finding
from budgetlens.model.findings import Location
from budgetlens.pipeline import parse

REAL = Path(__file__).resolve().parents[2] / "shared" / "real"
RULES = ("ARITH-COLUMN-SUM", "ARITH-ITEM-SUM", "ARITH-HIERARCHY")


def spec(rule: str):
    return next(s for s in load_catalogue() if s.id == rule)


@pytest.mark.parametrize("rule", RULES)
def test_an_undecided_sum_holding_elsewhere_reads_as_one_reading(rule):
    fail = Fail(key="k", location=Location(table_kind="支出总表", row="合计"),
                fields={"message": "undecided", "parts": "基本支出+项目支出", "note": HOLDS_NOTE},
                severity="info")
    message = to_finding(spec(rule), fail).message
    assert "按一种读法" in message and "无法计算" not in message
    assert message.endswith(f"（{HOLDS_NOTE}）") and "基本支出+项目支出" in message


@pytest.mark.parametrize("rule", RULES)
def test_an_undecided_sum_failing_every_reading_says_the_gap_cannot_be_worked_out(rule):
    fail = Fail(key="k", location=Location(table_kind="支出总表", row="合计"),
                fields={"message": "undecided", "parts": "基本支出+项目支出"})
    message = to_finding(spec(rule), fail).message
    assert "无法计算" in message and "按一种读法" not in message


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext（poppler-utils）未安装")
def test_a_real_document_read_cell_by_cell(tmp_path):
    """pdftotext without -layout: the tables' cells one per line, many columns undecided."""
    text = tmp_path / "czj.txt"
    subprocess.run(["pdftotext", str(REAL / "sh-city-czj-2025-unit-budget.pdf"), str(text)], check=True)
    held = [f for f in check(parse(str(text))).findings if f.note == HOLDS_NOTE and f.rule in RULES]
    assert held and all(f.severity == "info" for f in held)
    assert all("按一种读法" in f.message and "无法计算" not in f.message for f in held)
