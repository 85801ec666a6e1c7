"""A disclosure given as several files (parse A B): a part of a file given before the tables'
file ends where that file begins, so the order the files are given in does not change what is
read (the text file first: its glossary's last term took in the whole tables file)."""

from __future__ import annotations

import pytest
from conftest import EXAMPLES, SHARED

from budgetlens.pipeline import parse

REAL = SHARED / "real"
TABLES = REAL / "js-prov-zxbgt-2018-dept-budget.tables.pdf"
TEXT = REAL / "js-prov-zxbgt-2018-dept-budget.text.pdf"


@pytest.fixture(scope="module")
def both_orders():
    return parse(TABLES, TEXT), parse(TEXT, TABLES)


def test_the_glossary_is_the_same_in_either_order(both_orders):
    tables_first, text_first = both_orders
    assert [(g.term, g.definition) for g in text_first.glossary] == \
        [(g.term, g.definition) for g in tables_first.glossary]
    # the glossary's last term (机关运行经费) ends with its own definition, not with the tables
    assert "公开01表" not in text_first.glossary[-1].definition


def test_the_glossary_part_ends_with_its_file(both_orders):
    _, text_first = both_orders
    glossary = next(p for p in text_first.parts if p.key == "glossary")
    text_lines = next(s.lines for s in text_first.sources if s.path.endswith("text.pdf"))
    assert glossary.line_end <= text_lines


def test_the_same_amounts_in_either_order(both_orders):
    tables_first, text_first = both_orders
    assert sorted(f.amount for f in text_first.facts) == sorted(f.amount for f in tables_first.facts)
    assert len(text_first.narrative.claims) == len(tables_first.narrative.claims)


def test_a_document_cut_into_two_files_mid_text_keeps_its_parts_whole(tmp_path):
    """Near miss: a file that only goes on with the narrative (no tables in it) does not end the
    narrative part."""
    seed = EXAMPLES / "000_9131eab83374bb33.txt"
    lines = seed.read_text(encoding="utf-8").split("\n")
    cut = next(i for i, line in enumerate(lines) if "六、关于" in line and line.startswith("##"))
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("\n".join(lines[:cut]), encoding="utf-8")
    second.write_text("\n".join(lines[cut:]), encoding="utf-8")
    whole, split = parse(seed), parse(first, second)
    assert [(p.key, p.line, p.line_end) for p in split.parts if p.key != "narrative"] == \
        [(p.key, p.line, p.line_end) for p in whole.parts if p.key != "narrative"]
    assert [s.number for s in split.narrative.sections] == [s.number for s in whole.narrative.sections]
    assert len(split.narrative.claims) == len(whole.narrative.claims)
