"""Probe 36 of the rule catalogue: rounding told alike by every rule, last year's procurement and
assets, codes retired from the classification.

Inputs are the seeds' text with figures or words changed as real documents print them; what
each test expects comes from what the document prints."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from budgetlens.checks import check
from budgetlens.pipeline import parse

EXAMPLES = Path(__file__).resolve().parent.parent / "budgetlens" / "examples"
S000 = EXAMPLES / "000_9131eab83374bb33.txt"      # 克孜勒苏柯尔克孜自治州电子政务服务中心 2026
S002 = EXAMPLES / "002_4e0ed6e09b019fe1.txt"      # 克孜勒苏柯尔克孜自治州人民政府办公室 2026


def edited(tmp_path: Path, path: Path, *edits: tuple[str, str], name: str = "doc.md"):
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    out = tmp_path / name
    out.write_text(text, encoding="utf-8")
    return parse(out)


def findings(report, rule: str, severity: str | None = None) -> list:
    return [f for f in report.findings if f.rule == rule and (severity is None or f.severity == severity)]


def serious(report, rule: str) -> list:
    return [f for f in report.findings if f.rule == rule and f.severity in ("error", "warning")]


# ---- one notion of rounding: two figures printed to 0.01 may differ by 0.01 --------------------
# Each table rounds its own 元 amounts to 万元: 表1's 201 class printed 211.12 (2,111,150 元
# rounded up) beside 表3's 211.11 (the sum of its rounded 项) is rounding, as the same 0.01
# inside one table is. Before, the cross-table rule called it an error.

T1_CLASS_201 = "<b>277.90</b>\t201 一般公共服务支出\t211.11"


def test_class_total_in_two_tables_a_cent_apart_is_rounding(tmp_path):
    report = check(edited(tmp_path, S000, (T1_CLASS_201, T1_CLASS_201.replace("211.11", "211.12"))))
    assert not serious(report, "X-T1-T3-CLASS")
    [f] = findings(report, "X-T1-T3-CLASS")
    assert (f.found, f.expected, f.difference) == ("211.12", "211.11", Decimal("0.01"))
    assert f.severity == "info" and f.note == "rounding"
    assert "在舍入误差 ±0.01 之内" in f.message


def test_class_total_in_two_tables_two_cents_apart_is_an_error(tmp_path):
    report = check(edited(tmp_path, S000, (T1_CLASS_201, T1_CLASS_201.replace("211.11", "211.13"))))
    [f] = serious(report, "X-T1-T3-CLASS")
    assert f.severity == "error" and (f.found, f.expected) == ("211.13", "211.11")


def test_total_of_one_part_a_cent_apart_is_rounding_two_cents_an_error(tmp_path):
    row = "302\t01\t办公费\t3.96\t\t3.96"
    report = check(edited(tmp_path, S000, (row, "302\t01\t办公费\t3.96\t\t3.97")))
    assert not serious(report, "ARITH-COLUMN-SUM")
    assert [f.difference for f in findings(report, "ARITH-COLUMN-SUM", "info")] == [Decimal("-0.01")]
    report = check(edited(tmp_path, S000, (row, "302\t01\t办公费\t3.96\t\t3.98")))
    [f] = serious(report, "ARITH-COLUMN-SUM")
    assert (f.expected, f.found) == ("3.98", "3.96")


def test_narrative_restating_a_cell_a_cent_apart_is_rounding(tmp_path):
    said = "住房保障支出 18.53 万元，主要用于"
    report = check(edited(tmp_path, S000, (said, said.replace("18.53", "18.54"))))
    assert not serious(report, "N-AMOUNT")
    assert any(f.difference == Decimal("0.01") and f.note == "rounding" for f in findings(report, "N-AMOUNT"))
    report = check(edited(tmp_path, S000, (said, said.replace("18.53", "18.55"))))
    assert any(f.difference == Decimal("0.02") for f in serious(report, "N-AMOUNT"))


# 三公 公务用车运行费 66.01 in 表10 against 表6's 30231 公务用车运行维护费 66.00: rounding, said
# as info like every other rule; 66.03 is not.

def _three_public_vehicle(tmp_path, amount: str):
    total = f"{Decimal(amount) + 5:.2f}"
    return edited(tmp_path, S002, ("合计\t83.00\t83.00", f"合计\t{total}\t{total}"),
                  ("（小计）\t78.00\t78.00", f"（小计）\t{amount}\t{amount}"),
                  ("公务用车运行费\t78.00\t78.00", f"公务用车运行费\t{amount}\t{amount}"))


def test_three_public_line_a_cent_from_basic_line_is_rounding(tmp_path):
    report = check(_three_public_vehicle(tmp_path, "66.01"))
    lines = [f for f in findings(report, "T10-T6-LINES") if f.location.row == "vehicle_operation"]
    assert [(f.severity, f.note, f.found, f.expected) for f in lines] == [("info", "rounding", "66.01", "66.00")]
    assert "在舍入误差 ±0.01 之内" in lines[0].message


def test_three_public_line_three_cents_from_basic_line_is_warned(tmp_path):
    report = check(_three_public_vehicle(tmp_path, "66.03"))
    lines = [f for f in serious(report, "T10-T6-LINES") if f.location.row == "vehicle_operation"]
    assert [(f.found, f.expected) for f in lines] == [("66.03", "66.00")]
