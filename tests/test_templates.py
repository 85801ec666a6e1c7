"""TemplateSpecs are data; every printed header of the seeds maps through them."""

import pytest

from budgetlens.templates import load_templates
from conftest import parsed


def test_templates_load_and_are_consistent():
    specs = load_templates()
    assert {s.id for s in specs} >= {"xj-dept-budget-2025", "xj-unit-budget-2022"}
    for spec in specs:
        for table in spec.tables:
            keys = {c.key for _, c in table.all_columns()}
            for s in table.sums:
                assert s.total in keys and set(s.parts) <= keys, (spec.id, table.kind, s)
            labels = [table.display_label(side, c) for side, c in table.all_columns()]
            assert len(labels) == len(set(labels)), (spec.id, table.kind, labels)


@pytest.mark.parametrize("stem", ["000_9131eab83374bb33", "002_4e0ed6e09b019fe1", "003_051c06d5053f29b3"])
def test_every_printed_header_maps(stem):
    disc = parsed(stem)
    for table in disc.tables:
        assert table.header, table.title
        assert table.header_unmapped == [], (table.title, table.header_unmapped)


def test_garbled_ocr_headers_are_reported_not_silently_used():
    disc = parsed("001_bb7d043ad2da133b")
    income = disc.table("income")
    assert income.header_unmapped
    assert any(i.code == "header-unmapped" and "单位收入总体情况表" in i.message for i in disc.issues)


def test_every_fact_has_coordinates_from_the_template(seed):
    disc = parsed(seed)
    for fact in disc.facts:
        c = fact.coords
        if fact.ambiguous:
            assert all(a.economic_code or a.budget_type for a in fact.alternatives)
            continue
        described = [c.side, c.source, c.nature, c.budget_type, c.economic_code, c.item]
        assert any(described), fact
        assert c.function_code or c.economic_code or c.item or c.source or c.label or c.project, fact
