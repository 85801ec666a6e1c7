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


# the same table in narrower columns: 会议 / 费 (the 费 set just after 议: pdftotext's pitch is
# narrower than a CJK character), 公务用车 / 运行维护 / 费 over three lines
NARROW_HEADER = [
    "                                 “三公”经费",
    "",
    "                                 公务用车购置及运行维护费",
    "                                                                   会议",
    "      合计                                                                     培训费",
    "                      因公出国                                公务接        费",
    "             小计                                 公务用车",
    "                      （境）费               公务用车             待费",
    "                                小计              运行维护",
    "                                          购置费",
    "                                                 费",
    "",
    "",
]
NARROW_AMOUNTS = "  1,300.00   500.00    120.00   260.00           260.00   120.00   200.00     600.00"


def test_wrapped_header_tail_just_past_its_head(tmp_path):
    """会议 / 费 is 会议费, 公务用车 / 运行维护 / 费 the vehicle operation: the operation amount is
    read under it (before: 会议/费 named no column, the table was read by order and the
    operation amount left open between 购置费 and 运行维护费)."""
    disc, cells = read(tmp_path, TITLE + NARROW_HEADER + [NARROW_AMOUNTS, "公开09表"])
    assert cells == {"grand_total": "1300.00", "total": "500.00", "abroad": "120.00", "vehicle": "260.00",
                     "vehicle_operation": "260.00", "reception": "120.00", "meeting": "200.00",
                     "training": "600.00"}
    assert not [i for i in disc.issues if i.code in ("ambiguous-column", "columns-by-order")]


def test_wrapped_header_on_one_line_read_as_before(tmp_path):
    """Near miss: 会议费 printed whole on one line heads its column as before."""
    header = [ln.replace("会议", "会议费") if ln.strip() == "会议" else ln for ln in NARROW_HEADER]
    header = [ln[:69] + " " + ln[70:] if "公务接        费" in ln else ln for ln in header]
    disc, cells = read(tmp_path, TITLE + header + [NARROW_AMOUNTS, "公开09表"])
    assert cells["meeting"] == "200.00" and cells["vehicle_operation"] == "260.00"
    assert not [i for i in disc.issues if i.code in ("ambiguous-column", "columns-by-order")]


def unmapped_said(disc) -> str:
    return "".join(i.message for i in disc.issues if i.code == "header-unmapped")


def test_wrapped_header_parts_are_not_unmapped_words(tmp_path):
    """The parts of the headers wrapped over lines (因公出国 / （境）费, 公务接 / 待费) are the
    columns they name: no header-unmapped note names them (before: each part was said to be
    text of no column, though the columns were read by them)."""
    amounts = ["   1,234.50   420.30    100.00    88.80          88.80   231.50   700.20   114.00",
               "公开10表"]
    disc, _ = read(tmp_path, TITLE + HEADER + amounts)
    said = unmapped_said(disc)
    assert not any(part in said for part in ("因公出国", "公务接", "待费", "公务用车运", "行维护费", "购置费"))


def test_unknown_header_word_still_said(tmp_path):
    """Near miss: a header word that names no column (备注, over no amounts) is still said."""
    header = [ln + "        备注" if ln.startswith("    合计") else ln for ln in HEADER]
    amounts = ["   1,234.50   420.30    100.00    88.80          88.80   231.50   700.20   114.00",
               "公开10表"]
    disc, cells = read(tmp_path, TITLE + header + amounts)
    assert "备注" in unmapped_said(disc) and cells["vehicle_operation"] == "88.80"
