"""Amounts a text conversion ran together ("20.002.00"): cut where the cut is forced, named in
a warning; a run that cannot be cut with certainty is reported, never read as a guess."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st
from typer.testing import CliRunner

from budgetlens.cli.main import app
from budgetlens.readers import read_document
from budgetlens.readers.glued import unglue
from conftest import EXAMPLES

runner = CliRunner()


@pytest.mark.parametrize("token,pieces", [
    ("20.002.00", ["20.00", "2.00"]),
    ("1,234.5678.90", ["1,234.56", "78.90"]),
    ("20.000.00", ["20.00", "0.00"]),
    ("1.002.003.00", ["1.00", "2.00", "3.00"]),
    ("16,603,24816,353,248", ["16,603,248", "16,353,248"]),       # a thousands group of five digits
    ("16,603,248.0016,353,248.00", ["16,603,248.00", "16,353,248.00"]),
    # not amounts run together: dates, numbering, addresses, a leading zero
    ("2024.01.15", None), ("1.2.3", None), ("192.168.1.1", None), ("02.00", None),
    ("24816,353", None),          # 248 | 16,353 or 24 | 816,353: not forced
])
def test_cuts_only_where_forced(token, pieces):
    assert unglue(token) == pieces


def amount_text(places: int):
    return st.decimals(min_value=0, max_value=Decimal("99999999"), places=places, allow_nan=False,
                       allow_infinity=False).map(lambda d: f"{d:,.{places}f}")


@given(st.integers(1, 4).flatmap(lambda p: st.lists(amount_text(p), min_size=2, max_size=4)))
def test_amounts_of_one_precision_come_apart_as_printed(amounts):
    assert unglue("".join(amounts)) == amounts


def cells(path):
    result = runner.invoke(app, ["parse", str(path), "--format", "cells"])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_a_seed_with_amounts_run_together_reads_as_the_seed(tmp_path):
    """pdftotext text (seed 003) with two rows' amounts run together reads cell for cell as
    printed apart, and the reader names both cuts."""
    seed = next(EXAMPLES.glob("003_*.txt"))
    text = seed.read_text(encoding="utf-8")
    glued = text.replace("公车购置项目 20.00 2.00 18.00", "公车购置项目 20.00 2.0018.00") \
                .replace("\n总计 230.74 157.78 18.00 54.96\n", "\n总计 230.74 157.7818.00 54.96\n")
    assert glued.count("2.0018.00") == 1 and glued.count("157.7818.00") == 1
    path = tmp_path / "glued.txt"
    path.write_text(glued, encoding="utf-8")
    assert cells(path) == cells(seed)
    warnings = read_document(path).warnings
    assert any("“2.0018.00”拆为 2.00、18.00" in w for w in warnings)
    assert any("“157.7818.00”拆为 157.78、18.00" in w for w in warnings)


def test_a_run_that_cannot_be_cut_is_reported(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("收支总表\n项目 本年预算\n合计 24816,353 1.00\n", encoding="utf-8")
    assert any("“24816,353”" in w and "无法确定" in w for w in read_document(path).warnings)


@pytest.mark.parametrize("line", [
    "项目实施期限为2024.10.1至2024.12.31 合计 20.00",        # a date with a two-digit month
    "1.12.1 公用经费 20.00",                                    # a numbering
    "本单位2023,2024年度预算 20.00",
])
def test_dates_numbering_and_years_are_left_alone(tmp_path, line):
    path = tmp_path / "t.txt"
    path.write_text(f"收支总表\n项目 本年预算\n{line}\n", encoding="utf-8")
    doc = read_document(path)
    assert doc.lines[2].text == line and doc.warnings == []
