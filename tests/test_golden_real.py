"""Every cell of real PDFs against golden files transcribed by hand from the page images
(tests/golden/real/*.cells.csv, by a transcriber who never saw budgetlens' output)."""

from __future__ import annotations

import csv
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.pipeline import parse
from budgetlens.text import match_key

GOLDEN = Path(__file__).parent / "golden" / "real"
REAL = Path(__file__).resolve().parents[2] / "shared" / "real"


def golden_cells(stem: str) -> Counter:
    with open(GOLDEN / f"{stem}.cells.csv", encoding="utf-8", newline="") as fh:
        return Counter(cell_key(r["table"], r["code"], r["name"], golden_column(r["column"]), r["amount"])
                       for r in csv.DictReader(fh))


SIDE_HEADERS = {"收入": "收入", "本年收入": "收入", "财政拨款收入": "收入",
                "支出": "支出", "本年支出": "支出", "财政拨款支出": "支出"}


def golden_column(path: str) -> tuple[str, str]:
    """(side, leaf) of a printed header path; the side when its top header names one (the
    side-by-side tables), 支出用途 for Jiangsu's expenditure by use."""
    parts = path.split("/")
    side = SIDE_HEADERS.get(match_key(parts[0]), "") if len(parts) > 1 else ""
    if side and "支出用途" in path:
        side = "支出用途"
    return side, match_key(parts[-1])


def cell_key(table, code, name, column, amount, sep=" | ") -> tuple:
    """Multi-cell row labels (政府采购: 物品名称 | 专项 | 经济科目 | 组织形式) compare as the set of
    their parts: the golden file and budgetlens order them differently."""
    parts = frozenset(match_key(p) for p in name.split(sep)) if sep in name else match_key(name)
    return (str(table), code, parts, column, Decimal(amount))


def parsed_cells(*files: Path) -> Counter:
    disc = parse(*files)
    out = Counter()
    for table in disc.tables:
        number = table.number or int(table.template_table.split("#")[1])
        for row in table.rows:
            for cell in row.cells:
                col = table.column(cell.column) if cell.column else None
                side = col.label.split("/")[0] if col and col.side else ""
                leaf = match_key(col.label.split("/")[-1]) if col else "|".join(cell.candidates)
                name = row.project or row.name
                sep = "/" if table.kind == "procurement" else " | "
                out[cell_key(number, row.code, name, (side, leaf), cell.text.replace(",", ""), sep)] += 1
    return out


def compare(stem: str, *files: Path) -> tuple[list, list]:
    want, got = golden_cells(stem), parsed_cells(*files)
    return sorted((want - got).elements()), sorted((got - want).elements())


@pytest.mark.skipif(not REAL.exists(), reason="../shared/real not present")
def test_shanghai_unit_budget_every_cell():
    missing, invented = compare("sh-putuo-qfb-2025-unit-budget", REAL / "sh-putuo-qfb-2025-unit-budget.pdf")
    assert not missing and not invented, f"missing {missing[:10]} invented {invented[:10]}"


@pytest.mark.skipif(not (GOLDEN / "js-prov-zxbgt-2018-dept-budget.cells.csv").exists() or not REAL.exists(),
                    reason="golden file or ../shared/real not present")
def test_jiangsu_tables_every_cell():
    missing, invented = compare("js-prov-zxbgt-2018-dept-budget", REAL / "js-prov-zxbgt-2018-dept-budget.tables.pdf")
    assert not missing and not invented, f"missing {missing[:10]} invented {invented[:10]}"
