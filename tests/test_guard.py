"""A defect of the reader met on one table or one stage costs that part only (budgetlens/guard.py):
the rest of the document is read, and the failure is an error of the parse, in Chinese."""

from __future__ import annotations

import pytest
from conftest import EXAMPLES

from budgetlens import pipeline
from budgetlens.extract import tables
from budgetlens.guard import CODE
from budgetlens.pipeline import parse

SEED = EXAMPLES / "000_9131eab83374bb33.txt"


@pytest.fixture
def lenient(monkeypatch):
    monkeypatch.setenv("BUDGETLENS_STRICT", "0")


def test_a_table_the_reader_fails_on_is_kept_with_its_title_and_said(monkeypatch, lenient):
    real = tables.build_one

    def failing(doc, block, raw, index, done, known_names):
        if block.spec.kind == "basic_expenditure":
            raise IndexError("tuple index out of range")
        return real(doc, block, raw, index, done, known_names)
    monkeypatch.setattr(tables, "build_one", failing)
    disc = parse(SEED)
    [failed] = [t for t in disc.tables if t.kind == "basic_expenditure"]
    assert failed.rows == [] and "基本支出" in failed.title
    [issue] = [i for i in disc.issues if i.code == CODE]
    assert issue.level == "error" and "IndexError" in issue.message and "其余内容照常读取" in issue.message
    assert issue.provenance.line == failed.line
    # the other tables and the narrative are read as ever
    assert {t.kind for t in disc.tables if t.rows} >= {"summary", "income", "expenditure", "gpb_expenditure"}
    assert disc.narrative.claims and disc.meta.unit_name


def test_a_stage_the_reader_fails_on_costs_that_stage_only(monkeypatch, lenient):
    def failing(doc, seg, disc):
        raise ValueError("坏了")
    monkeypatch.setattr(pipeline, "extract_narrative", failing)
    disc = parse(SEED)
    assert disc.tables and disc.facts and disc.overview is not None
    [issue] = [i for i in disc.issues if i.code == CODE]
    assert issue.message.startswith("读取情况说明时程序出错（ValueError：坏了）")


def test_the_test_suite_sees_a_defect_raised(monkeypatch):
    def failing(doc, seg, disc):
        raise ValueError("坏了")
    monkeypatch.setattr(pipeline, "extract_narrative", failing)
    with pytest.raises(ValueError):
        parse(SEED)
