"""Text inside a ruled table's area that no cell of its grid holds: a row printed off the
ruling (pdfplumber makes it one spanning cell: a text line between the grid's rows) and an amount
printed beyond the last rule of its row (in the frame, in no cell). The grid readers read cells
only; such amounts are said with their line, never dropped silently. A note of words alone stays
silent."""

from __future__ import annotations

import pytest

from budgetlens.pipeline import parse
from budgetlens.render_cells import cell_rows

weasyprint = pytest.importorskip("weasyprint")

CSS = """@page { size: A4; margin: 12mm; } body { font-family: "Noto Sans CJK SC"; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
td { border: 0.5pt solid #000; padding: 1pt 3pt; } td.a { text-align: right; }
tr.off td { border-left: none; border-right: none; } td.n { border: none; text-align: right; }"""
HEADER = "<tr><td>科目编码</td><td>科目名称</td><td>合计</td><td>基本支出</td><td>项目支出</td></tr>"
TOTAL = "<tr><td></td><td>合计</td><td class=a>549.76</td><td class=a>418.46</td><td class=a>131.30</td></tr>"
RUN = "<tr><td>2120101</td><td>行政运行</td><td class=a>418.46</td><td class=a>418.46</td><td></td></tr>"


def write(path, body: str):
    weasyprint.HTML(string=(
        f"<html><head><style>{CSS}</style></head><body><p>某某局2025年部门预算</p><p>一般公共预算支出情况表</p>"
        f"<p>编制单位：某某局 单位：万元</p><table>{HEADER}{TOTAL}{body}</table></body></html>")).write_pdf(str(path))
    return path


def said(disc) -> list[str]:
    return [i.message for i in disc.issues if "格线之外" in i.message]


def test_a_row_printed_off_the_ruling_is_said_with_its_line(tmp_path):
    body = (RUN + "<tr class=off><td>2120102</td><td>一般行政管理事务</td><td class=a>86.00</td><td></td>"
            "<td class=a>86.00</td></tr><tr><td>2120104</td><td>城管执法</td><td class=a>45.30</td><td></td>"
            "<td class=a>45.30</td></tr>")
    disc = parse(write(tmp_path / "off.pdf", body))
    assert "2120102" not in {c["code"] for c in cell_rows(disc)}          # (the grid reads cells only)
    found = [i for i in disc.issues if i.code == "outside-cells"]
    assert len(found) == 1 and "2120102" in found[0].message and "86.00" in found[0].message
    assert found[0].provenance.table is not None and found[0].provenance.line


def test_an_amount_beyond_the_last_rule_of_its_row_is_said(tmp_path):
    body = (RUN + "<tr><td>2120102</td><td>一般行政管理事务</td><td class=a>86.00</td><td></td><td class=a>86.00</td></tr>"
            "<tr><td>2120104</td><td>城管执法</td><td class=a>45.30</td><td class=n></td><td class=n>45.30</td></tr>")
    disc = parse(write(tmp_path / "beyond.pdf", body))
    messages = said(disc)
    assert len(messages) == 1 and "“45.30”" in messages[0] and "城管执法" in messages[0]


def test_a_note_of_words_inside_the_frame_stays_silent(tmp_path):
    body = (RUN + "<tr><td>2120102</td><td>一般行政管理事务</td><td class=a>86.00</td><td></td><td class=a>86.00</td></tr>"
            "<tr class=off><td colspan=5>注：本表按功能分类科目列示</td></tr>"
            "<tr><td>2120104</td><td>城管执法</td><td class=a>45.30</td><td></td><td class=a>45.30</td></tr>")
    disc = parse(write(tmp_path / "note.pdf", body))
    assert said(disc) == []
    assert {c["code"] for c in cell_rows(disc)} >= {"2120101", "2120102", "2120104"}


# ---- a table in 元: whole numbers, no decimals or thousands separators to tell an amount ------

WHOLE_TOTAL = "<tr><td></td><td>合计</td><td class=a>5497600</td><td class=a>4184600</td><td class=a>1313000</td></tr>"
WHOLE_RUN = "<tr><td>2120101</td><td>行政运行</td><td class=a>4184600</td><td class=a>4184600</td><td></td></tr>"


def write_whole(path, body: str):
    weasyprint.HTML(string=(
        f"<html><head><style>{CSS}</style></head><body><p>某某局2025年部门预算</p><p>一般公共预算支出情况表</p>"
        f"<p>编制单位：某某局 单位：元</p><table>{HEADER}{WHOLE_TOTAL}{WHOLE_RUN}{body}</table></body></html>")
    ).write_pdf(str(path))
    return path


def test_a_whole_number_row_printed_off_the_ruling_is_said(tmp_path):
    """Before: the row's 860000 and 860000 dropped without a word (only amounts with decimals
    or separators were looked for)."""
    body = ("<tr class=off><td>2120102</td><td>一般行政管理事务</td><td class=a>860000</td><td></td>"
            "<td class=a>860000</td></tr><tr><td>2120104</td><td>城管执法</td><td class=a>453000</td><td></td>"
            "<td class=a>453000</td></tr>")
    disc = parse(write_whole(tmp_path / "off.pdf", body))
    assert "2120102" not in {c["code"] for c in cell_rows(disc)}
    found = [i for i in disc.issues if i.code == "outside-cells"]
    assert len(found) == 1 and "2120102" in found[0].message and "860000、860000" in found[0].message
    assert found[0].provenance.table is not None


def test_a_whole_number_beyond_the_last_rule_of_its_row_is_said(tmp_path):
    body = ("<tr><td>2120102</td><td>一般行政管理事务</td><td class=a>860000</td><td></td><td class=a>860000</td></tr>"
            "<tr><td>2120104</td><td>城管执法</td><td class=a>453000</td><td class=n></td><td class=n>453000</td></tr>")
    disc = parse(write_whole(tmp_path / "beyond.pdf", body))
    messages = said(disc)
    assert len(messages) == 1 and "“453000”" in messages[0] and "城管执法" in messages[0]


def test_a_note_with_a_number_inside_a_whole_number_frame_stays_silent(tmp_path):
    body = ("<tr><td>2120102</td><td>一般行政管理事务</td><td class=a>860000</td><td></td><td class=a>860000</td></tr>"
            "<tr class=off><td colspan=5>注：本表按2025年功能分类科目列示，详见附表 2</td></tr>"
            "<tr><td>2120104</td><td>城管执法</td><td class=a>453000</td><td></td><td class=a>453000</td></tr>")
    disc = parse(write_whole(tmp_path / "note.pdf", body))
    assert said(disc) == []
    assert {c["code"] for c in cell_rows(disc)} >= {"2120101", "2120102", "2120104"}


@pytest.mark.parametrize("text, found", [
    ("2120102 一般行政管理事务 860000 860000", ["860000", "860000"]),
    ("行政运行 860000", ["860000"]), ("合计 1,234 (560)", ["1,234", "(560)"]), ("2120102 行政运行 0", ["0"]),
    ("第 3 页", []), ("- 3 -", []), ("表 3", []), ("注：详见附表 2", []), ("一般公共预算支出情况表 2025", []),
    ("其中：人员 2 人", []), ("行政运行 12", []),
])
def test_whole_amounts_of_a_line_between_rows(text, found):
    from budgetlens.extract.tables import whole_amounts

    assert whole_amounts(text) == found
