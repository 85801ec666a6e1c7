"""The CSV report names a table without a printed number by its kind in Chinese (as the pages
and the text report do), never by the reader's key."""

from __future__ import annotations

import csv
import io

from budgetlens.checks.report import to_csv
from budgetlens.model.findings import CheckReport, Finding, Location


def location_cell(loc: Location) -> str:
    f = Finding(rule="ARITH-ROW-SUM", severity="error", category="arithmetic", message="m", fingerprint="x",
                location=loc)
    rows = list(csv.DictReader(io.StringIO(to_csv([CheckReport(file="a.pdf", findings=[f])]))))
    return rows[0]["location"]


def test_an_unnumbered_table_is_named_in_chinese():
    cell = location_cell(Location(table_kind="three_public", row="合计", column="公务接待费"))
    assert cell == "“三公”经费支出表 合计 公务接待费"
    assert "three_public" not in cell


def test_a_numbered_table_keeps_its_number():
    assert location_cell(Location(table=8, table_kind="three_public", row="合计")) == "表8 合计"
