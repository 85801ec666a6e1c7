"""Models built unvalidated (model/built.py, extract/tables.py) are the models validation makes
from all their fields: the same fields in the same order, the same JSON; every field counts as
set, in one set per class that assigning a field leaves as it is."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import BaseModel

from budgetlens.extract.rows import RawRow, RawValue
from budgetlens.extract.tables import SideLayout, facts_of, printed_row
from budgetlens.model import Coords, PrintedTable, Provenance
from budgetlens.model.built import coords_of
from budgetlens.pipeline import parse
from budgetlens.readers import SourceDocument

EXAMPLES = Path(__file__).resolve().parent.parent / "budgetlens" / "examples"


def same(made, validated) -> None:
    assert type(made) is type(validated)
    assert list(made.__dict__) == list(validated.__dict__)
    assert made.__dict__ == validated.__dict__
    assert made.model_fields_set == validated.model_fields_set
    assert made.__pydantic_extra__ == validated.__pydantic_extra__
    assert made.__pydantic_private__ == validated.__pydantic_private__
    assert made.model_dump_json() == validated.model_dump_json()
    for name, value in made.__dict__.items():
        other = validated.__dict__[name]
        assert type(value) is type(other), name
        if isinstance(value, list):
            for a, b in zip(value, other):
                if isinstance(a, BaseModel):
                    same(a, b)
        elif isinstance(value, BaseModel):
            same(value, other)


def given(value):
    """A model as the fields it was given (nested models too), else the value. (A built model
    was given every field.)"""
    if isinstance(value, BaseModel):
        return {k: given(v) for k, v in value.__dict__.items() if k in value.model_fields_set}
    if isinstance(value, list):
        return [given(v) for v in value]
    return value


def validated(model):
    """The model validation makes from the fields it was given."""
    return type(model).model_validate(given(model))


@pytest.mark.parametrize("fields", [
    {"table_kind": "summary", "side": None},
    {"table_kind": "income", "side": "income", "source": "gpb", "phase": "上年预算", "function_code": "201"},
    {"table_kind": "x", "label": "合计", "unknown": "dropped"},
])
def test_coords(fields):
    made = coords_of(fields)
    same(made, validated(made))
    assert made == Coords.model_validate(fields)           # (fields, extras and privates alike)
    assert made.model_fields_set == set(Coords.model_fields)


def table_side():
    table = PrintedTable(index=2, kind="expenditure", title="支出表", unit="万元", line=1, line_end=9,
                         provenance=Provenance(file="f.txt", line=1))
    layout = SideLayout(side="income", columns=["a", "b"])
    return table, layout


@pytest.mark.parametrize("where", [{}, {"page": 3, "box": (1, 2.25, 3.0, 4), "ref": "Sheet1!C5"}])
def test_rows_cells_facts(where):
    doc = SourceDocument(path="f.txt", format="plain", encoding="utf-8", sha256="0", lines=[])
    table, layout = table_side()
    values = [RawValue("1.50", Decimal("1.50"), 2, 7, column="a", **where),
              RawValue("2", Decimal("2"), 0, 7, **where)]
    row = RawRow(line=7, line_end=8, side="income", code="201", name="一般公共服务支出", raw_label="201 一般",
                 values=values)
    issues: list = []
    printed = printed_row(doc, table, layout, row, {"function_code": "201"}, [["a"], ["a", "b"]], 4, issues)
    same(printed, validated(printed))
    if where:                           # a box as validation stores it: floats
        assert printed.cells[0].provenance.bbox == (1.0, 2.2, 3.0, 4.0)
        assert all(type(x) is float for x in printed.cells[0].provenance.bbox)
    assert len(issues) == 1
    for fact in facts_of(table, layout, printed, {"table_kind": "expenditure", "side": "income",
                                                   "function_code": "201"}):
        same(fact, validated(fact))


@pytest.mark.parametrize("seed", [0, 2])
def test_seed_models_validate_alike(seed):
    disc = parse(sorted(EXAMPLES.glob("*.txt"))[seed])
    for table in disc.tables:
        same(table.provenance, validated(table.provenance))
        for header in table.header:
            same(header, validated(header))
        for column in table.columns:
            same(column, validated(column))
        for row in table.rows:
            same(row, validated(row))
            for cell in row.cells:
                same(cell, validated(cell))
                same(cell.provenance, validated(cell.provenance))
    for fact in disc.facts:
        same(fact, validated(fact))
        same(fact.coords, validated(fact.coords))


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_seed_claims_validate_alike(seed):
    claims = parse(sorted(EXAMPLES.glob("*.txt"))[seed]).narrative.claims
    assert len(claims) > 50
    kinds = set()
    for claim in claims:
        same(claim, validated(claim))
        assert claim.model_fields_set == set(type(claim).model_fields)
        kinds.add(claim.kind)
    assert {"amount", "share", "change"} <= kinds


def test_every_field_set_shared_and_unchanged_by_assignment():
    first, second = coords_of({"table_kind": "summary"}), coords_of({"table_kind": "income"})
    assert first.model_fields_set == set(Coords.model_fields)
    assert first.model_fields_set is second.model_fields_set        # one set for the class
    first.side = "income"                                          # pydantic adds the name …
    assert second.model_fields_set == set(Coords.model_fields)      # … which was in it already
    assert second.side is None and first.side == "income"


@pytest.mark.parametrize("seed", [1, 3])
def test_seed_tables_validate_alike(seed):
    """A table built unvalidated is the table validation makes of its fields (its header rows,
    columns, rows and provenance too)."""
    disc = parse(sorted(EXAMPLES.glob("*.txt"))[seed])
    assert disc.tables
    for table in disc.tables:
        same(table, validated(table))
        assert table.model_fields_set == set(PrintedTable.model_fields)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_seed_narrative_models_validate_alike(seed):
    """The narrative's models built unvalidated (sections, item lists and their items,
    performance tables and their indicators, glossary entries, their provenance) are the
    models validation makes of their fields."""
    disc = parse(sorted(EXAMPLES.glob("*.txt"))[seed])
    narrative = disc.narrative
    made = [*narrative.sections, *narrative.item_lists, *narrative.performance, *disc.glossary]
    assert narrative.sections and narrative.performance
    for model in made:
        same(model, validated(model))
        assert model.model_fields_set == set(type(model).model_fields)
    for model in [*narrative.sections, *narrative.item_lists, *narrative.performance]:
        same(model.provenance, validated(model.provenance))
    for table in narrative.performance:
        for indicator in table.indicators:
            same(indicator, validated(indicator))
    for items in narrative.item_lists:
        for item in items.items:
            same(item, validated(item))
