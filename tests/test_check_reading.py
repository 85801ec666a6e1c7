"""What the reading could not do is shown before the findings, and a table whose rows and
columns were lost in the text (cells written one per line) is not checked as if read right."""

from __future__ import annotations

from budgetlens.checks import check, reading_notes
from budgetlens.checks.html import to_html
from budgetlens.checks.report import to_text
from budgetlens.model import Disclosure
from budgetlens.model.disclosure import ParseIssue
from budgetlens.pipeline import parse
from budgetlens.readers import read_document
from budgetlens.segment import segment

from conftest import EXAMPLES

SEED = EXAMPLES / "003_051c06d5053f29b3.txt"


def cells_one_per_line(tmp_path):
    """The seed as pdftotext without -layout writes it: each table cell on a line of its own."""
    doc = read_document(SEED)
    inside = {i for b in segment(doc).tables for i in range(b.title_index + 3, b.end)}
    out = []
    for i, ln in enumerate(doc.lines):
        out += ln.text.split() if i in inside else [ln.text]
    raw = tmp_path / "raw.txt"
    raw.write_text("\n".join(out), encoding="utf-8")
    return raw


def test_lost_layout_leaves_table_findings_unchecked_and_says_why(tmp_path):
    disc = parse(cells_one_per_line(tmp_path))
    report = check(disc)
    assert any("逐格输出" in note for note in report.reading)
    confirmed = {i.provenance.table for i in disc.issues if i.code == "layout-rebuilt"}
    tabled = [f for f in report.findings if any(e.provenance and e.provenance.table is not None for e in f.evidence)]
    lost = [f for f in tabled if not {e.provenance.table for e in f.evidence if e.provenance} & confirmed]
    assert lost and all(f.severity == "info" for f in lost)       # hundreds, none an error
    # the tables whose rebuilt reading the identities confirm (the 三公 table, its two rows
    # without amounts parted from the next) are checked as printed: their one error is the
    # document's own, the one it gives read right (test_a_document_read_right_is_checked_as_before)
    errors = [f for f in report.findings if f.severity == "error"]
    assert [f.rule for f in errors] == ["N-AMOUNT"] and "已印证" in errors[0].message
    unchecked = [o for o in report.outcomes if o.status == "insufficient_data" and "逐格" in (o.reason or "")]
    # (the tables' rows are rebuilt from the cells, so their column sums now add up: a failure
    # left unchecked is a hierarchy's)
    assert {o.rule for o in unchecked} >= {"ARITH-HIERARCHY"}
    text = to_text(report)
    assert text.index("【读取】") < text.index("逐格输出")
    assert "逐格输出" in to_html(report, disc)


def test_a_document_read_right_is_checked_as_before():
    report = check(parse(SEED))
    assert report.reading == []
    assert [f.rule for f in report.findings if f.severity == "error"] == ["N-AMOUNT"]
    assert not any(o.status == "insufficient_data" for o in report.outcomes)
    assert "【读取】" not in to_text(report)


def test_reading_notes_are_the_readers_warnings_once_each():
    disc = Disclosure()
    disc.issues += [ParseIssue(level="warning", code="reader", message="第 3 页无法读取"),
                    ParseIssue(level="warning", code="reader", message="第 3 页无法读取"),
                    ParseIssue(level="info", code="reader", message="已拼接跨页的行"),
                    ParseIssue(level="warning", code="missing", message="缺少：表9"),
                    ParseIssue(level="warning", code="no-template", message="未能识别公开模板")]
    assert reading_notes(disc) == ["第 3 页无法读取", "未能识别公开模板"]
