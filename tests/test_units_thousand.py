"""A table printed in 千元 is compared in 万元 like the others (the ledger read every unit but 元
as 万元: a 千元 table's figures were ten times the other tables' and every cross-table rule
failed on a correct document)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from budgetlens.checks import check
from budgetlens.identities import wan_shift
from budgetlens.pipeline import parse

EXAMPLES = Path(__file__).resolve().parent.parent / "budgetlens" / "examples"
S000 = EXAMPLES / "000_9131eab83374bb33.txt"
AMOUNT = re.compile(r"(?<![\d.])\d+\.\d{2}(?![\d.])")


def with_table_in(unit: str, factor: Decimal, places: int, tmp_path: Path, which: int = 2) -> Path:
    """Seed 000 with its table `which` (表 2: from its number to the next table's) printed in `unit`:
    the unit line says it and each amount is the figure in that unit, to the places the 万元
    figure has (31.84 万元 is 318.4 千元: printed to two places it would claim a precision the
    seed's rounding does not have)."""
    lines = S000.read_text(encoding="utf-8").splitlines()
    start, end = lines.index(f"表 {which}"), lines.index(f"表 {which + 1}")
    for i in range(start, end):          # the table's pages, each with its 单位 line
        if lines[i].strip() == "单位：万元":
            lines[i] = f"单位：{unit}"
        elif "编制" not in lines[i]:
            lines[i] = AMOUNT.sub(lambda m: f"{Decimal(m.group()) * factor:.{places}f}", lines[i])
    out = tmp_path / "seed.txt"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def errors(path: Path) -> list[tuple[str, str]]:
    report = check(parse(path))
    return sorted((f.rule, f.message) for f in report.findings if f.severity == "error")


def test_the_power_of_ten_of_each_money_unit():
    assert [wan_shift(u) for u in ("元", "千元", "万元", None, " 万元 ", "亿元")] == [-4, -1, 0, 0, 0, 4]


def test_a_table_in_thousands_is_compared_with_the_others_in_their_unit(tmp_path):
    before = errors(S000)
    doc = parse(with_table_in("千元", Decimal(10), 1, tmp_path))
    table = next(t for t in doc.tables if t.unit == "千元")
    assert any(c.amount == Decimal("318.4") and c.text.strip() == "318.4" for r in table.rows for c in r.cells)   # 31.84 万元, as printed
    assert errors(with_table_in("千元", Decimal(10), 1, tmp_path)) == before


def test_a_table_saying_thousands_whose_figures_are_in_wan_is_caught(tmp_path):
    """The near miss: the unit line says 千元 but the figures are the 万元 ones: they are a tenth
    of the other tables' and the cross-table rules say so."""
    assert len(errors(with_table_in("千元", Decimal(1), 2, tmp_path))) > len(errors(S000))
