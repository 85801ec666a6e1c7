"""Defects found in review of the rule catalogue: each test fails without its fix.

Documents are the seeds with one thing changed in their text (as tests/test_checks.py does).
"""

from __future__ import annotations

from decimal import Decimal

from conftest import parsed
from test_robustness import seed_with

from budgetlens.checks import check
from budgetlens.pipeline import parse

S000 = "000_9131eab83374bb33"
S002 = "002_4e0ed6e09b019fe1"


def mutated(tmp_path, stem: str, *edits: tuple[str, str]):
    return check(parse(seed_with(tmp_path, stem, edits)))


def serious(report, rule: str) -> list:
    return [f for f in report.findings if f.rule == rule and f.severity in ("error", "warning")]


# ---- one figure restated to the same places: a gap of 0.01 is rounding, 0.02 is not ------------
# A total of one printed part, a parent of one child, a class total printed in two tables, a
# sentence restating a cell: each print rounds its own 元 amounts to 万元 (a table's row the sum
# of its rounded lines, another's the rounded sum), so two prints may differ by 0.01 — the one
# notion of rounding every rule uses (identities.tolerance; tests/test_checks_probe36.py). A
# session before had called these 0.01 gaps errors.

def rounding(report, rule: str) -> list:
    return [f for f in report.findings if f.rule == rule and f.note == "rounding"]


def test_row_total_of_one_part_off_by_a_cent(tmp_path):
    report = mutated(tmp_path, S000, ("302\t01\t办公费\t3.96\t\t3.96", "302\t01\t办公费\t3.96\t\t3.97"))
    assert not serious(report, "ARITH-COLUMN-SUM")
    [f] = rounding(report, "ARITH-COLUMN-SUM")
    assert (f.expected, f.found, f.difference) == ("3.97", "3.96", Decimal("-0.01"))


def test_parent_of_one_child_off_by_two_cents(tmp_path):
    report = mutated(tmp_path, S000, ("221\t02\t01\t住房公积金\t18.53\t18.53\t\n", "221\t02\t01\t住房公积金\t18.55\t18.55\t\n"))
    found = serious(report, "ARITH-HIERARCHY")
    assert found and all(f.location.row.startswith("22102") and f.difference == Decimal("-0.02") for f in found)


def test_class_total_in_two_tables_off_by_a_cent(tmp_path):
    report = mutated(tmp_path, S000, ("<b>277.90</b>\t201 一般公共服务支出\t211.11", "<b>277.90</b>\t201 一般公共服务支出\t211.12"))
    assert not serious(report, "X-T1-T3-CLASS")
    [f] = rounding(report, "X-T1-T3-CLASS")
    assert (f.found, f.expected, f.difference) == ("211.12", "211.11", Decimal("0.01"))


def test_narrative_restating_a_cell_off_by_two_cents(tmp_path):
    report = mutated(tmp_path, S000, ("住房保障支出 18.53 万元，主要用于", "住房保障支出 18.55 万元，主要用于"))
    [f] = serious(report, "N-AMOUNT")
    assert f.difference == Decimal("0.02")


def test_rounding_of_a_sum_and_of_a_coarser_figure_stays_rounding(tmp_path):
    """Sums of several figures keep their half-unit per figure; a figure restated to fewer
    places keeps the coarser rounding."""
    report = check(parsed(S000))
    parents = [f for f in report.findings if f.rule == "ARITH-HIERARCHY"]
    assert parents and all(f.severity == "info" and f.note == "rounding" for f in parents)
    report = mutated(tmp_path, S000, ("住房保障支出 18.53 万元，主要用于", "住房保障支出 18.5 万元，主要用于"))
    assert not serious(report, "N-AMOUNT")


# ---- a percentage rounding explains: the finding's difference lies within its tolerance ------
# 211.11 / 277.90 = 75.9662%, printed 75.96%: rounding of the two amounts allows 75.9630%–75.9693%,
# so it is rounding. Before, the finding said "（差额 -0.01 在舍入误差 ±0.005 之内）": a sum that
# does not hold (the difference rounded to 0.01, the tolerance only the percentage's own half).

def _rounding_told_truly(findings) -> None:
    assert findings
    for f in findings:
        assert f.severity == "info" and f.note == "rounding"
        assert abs(f.difference) <= f.tolerance, f.message
        assert f"差额 {f.difference} 在舍入误差 ±{f.tolerance} 之内" in f.message
        assert abs(Decimal(f.found.rstrip("%")) - Decimal(f.expected)) == abs(f.difference)


def test_share_within_rounding_told_with_figures_that_hold():
    report = check(parsed(S000))
    _rounding_told_truly([f for f in report.findings if f.rule == "N-SHARE"])


def test_change_rate_within_rounding_told_with_figures_that_hold(tmp_path):
    # 30.00 / 35.00 = 85.7143%; with both amounts rounded the rate may be 85.6878%–85.7408%
    report = mutated(tmp_path, S002, ("公务接待费减少30.00万元，下降85.71%", "公务接待费减少30.00万元，下降85.70%"))
    _rounding_told_truly([f for f in report.findings if f.rule == "N-CHANGE-RATE"])


# ---- a sum's finding names the rows it added --------------------------------------------------
# The 收支总表 prints all 29 function classes, most of them empty; its class sum's finding named
# every one of them (202 外交支出, 203 国防支出 …) as the parts of 278.91.

def test_class_sum_names_the_classes_that_print_an_amount(tmp_path):
    report = mutated(tmp_path, S000, ("<b>277.90</b>\t201 一般公共服务支出\t211.11", "<b>277.90</b>\t201 一般公共服务支出\t212.11"))
    found = serious(report, "ARITH-SIDE-CLASSES")       # (表1 and 表4 print the class alike)
    assert found
    for f in found:
        assert "（201 一般公共服务支出、208 社会保障和就业支出、210 卫生健康支出、221 住房保障支出）之和 278.91" in f.message
        assert "外交支出" not in f.message
