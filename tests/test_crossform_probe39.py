"""Probe 39 (cross-form): a table read from `pdftotext -layout` text must give the facts its
PDF gives. Inputs written by hand as pdftotext prints a narrow-column header; expectations
transcribed from the printed lines."""

from __future__ import annotations

from budgetlens.pipeline import parse

TITLE = ["                示例省示例厅“三公”经费、会议费、培训费支出预算表",
         "部门：示例省示例厅                                                                 单位：万元",
         "", "", ""]

# the vehicle group's parts and 公务接待费 in narrow columns, each header wrapped over two lines;
# pdftotext sets neighbouring parts a single space apart ("公务用车 公务用车运 待费"), and the
# operation column's amount ends one character into 公务接's place
HEADER = [
    "                                 “三公”经费",
    "",
    "                                 公务用车购置及运行维护费",
    "    合计                 因公出国                          公务接          会议费      培训费",
    "              小计",
    "                       （境）费               公务用车 公务用车运 待费",
    "                                 小计",
    "                                           购置费 行维护费",
    "",
]


def read(tmp_path, lines: list[str]):
    path = tmp_path / "t.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    disc = parse(path)
    table = disc.table("three_public")
    return disc, {c.column: str(c.amount) for r in table.rows for c in r.cells if c.amount is not None}


def test_spaced_wrapped_headers_place_the_operation_amount(tmp_path):
    """The 公务用车运行维护费 amount stands under 公务用车运 / 行维护费: read there (before: the
    header cells a space apart were one, the table fell back to the order, and the amount was
    left open between 购置费 and 运行维护费)."""
    amounts = ["   1,234.50   420.30    100.00    88.80          88.80   231.50   700.20   114.00",
               "公开10表"]
    disc, cells = read(tmp_path, TITLE + HEADER + amounts)
    assert cells == {"grand_total": "1234.50", "total": "420.30", "abroad": "100.00", "vehicle": "88.80",
                     "vehicle_operation": "88.80", "reception": "231.50", "meeting": "700.20",
                     "training": "114.00"}
    assert not [i for i in disc.issues if i.code in ("ambiguous-column", "columns-by-order")]


def test_spaced_wrapped_headers_both_parts_printed(tmp_path):
    """Near miss: both parts printed, each under its own header (购置费 30.00, 运行维护费
    58.80): each read at its place, none swapped by the cut."""
    amounts = ["   1,234.50   420.30    100.00    88.80  30.00   58.80   231.50   700.20   114.00",
               "公开10表"]
    disc, cells = read(tmp_path, TITLE + HEADER + amounts)
    assert cells["vehicle_purchase"] == "30.00" and cells["vehicle_operation"] == "58.80"
    assert cells["reception"] == "231.50" and cells["vehicle"] == "88.80"
    assert not [i for i in disc.issues if i.code in ("ambiguous-column", "columns-by-order")]
