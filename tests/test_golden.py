"""Every table cell of the four seeds equals the hand-transcribed golden files."""

import csv
from collections import Counter

from budgetlens.render_cells import CELL_FIELDS, cell_rows
from conftest import GOLDEN, parsed


def golden(stem):
    with open(GOLDEN / f"{stem}.cells.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def key(row):
    return tuple(row[k] for k in CELL_FIELDS)


def test_cells_equal_golden(seed):
    want = Counter(map(key, golden(seed)))
    got = Counter(map(key, cell_rows(parsed(seed))))
    missing, extra = want - got, got - want
    assert not missing and not extra, f"missing {sorted(missing)[:5]} extra {sorted(extra)[:5]}"


def test_every_standard_table_found(seed):
    disc = parsed(seed)
    assert not disc.missing
    numbers = [t.number for t in disc.tables]
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) == (9 if disc.meta.scope == "单位" else 11)


def test_ambiguity_is_kept_not_guessed():
    """003 is pdftotext output: 表7's economic columns cannot be told apart from the text."""
    disc = parsed("003_051c06d5053f29b3")
    project = disc.table("project_expenditure")
    open_cells = [c for r in project.rows for c in r.cells if c.candidates]
    assert len(open_cells) == 21
    assert all(len(c.candidates) == 8 for c in open_cells)
    facts = [f for f in disc.facts if f.ambiguous]
    assert len(facts) == 21 and all(len(f.alternatives) == 8 for f in facts)
    assert any(i.code == "ambiguous-column" for i in disc.issues)


def test_identities_break_ties_in_plain_text():
    """The same 003 rows whose column the identities decide are decided, and say how."""
    disc = parsed("003_051c06d5053f29b3")
    basic = disc.table("basic_expenditure")
    row = next(r for r in basic.rows if r.code == "302")
    assert [c.column for c in row.cells] == ["total", "public"]
    assert row.cells[1].decided_by == "identities"
    fiscal = disc.table("fiscal_summary")
    row = next(r for r in fiscal.rows if r.code == "201" and r.side == "expenditure")
    assert [c.column for c in row.cells] == ["expenditure:total", "expenditure:gpb"]
