"""Figures of a Disclosure by what they are: a table's total row or a coded row, a column; and
last year's figure of the same place (a prior-year Disclosure, else a 上年 column the table prints)."""

from __future__ import annotations

from decimal import Decimal

from ..model import Disclosure, PrintedRow, PrintedTable

PRIOR_PHASES = ("上年预算", "上年执行数")


def total_row(table: PrintedTable | None, side: str | None = None) -> PrintedRow | None:
    """The table's total: its first row printing no code and no project (总计/合计)."""
    if table is None:
        return None
    return next((r for r in table.rows if r.side == side and not r.classified_code and not r.project
                 and any(c.amount is not None for c in r.cells)), None)


def cell(row: PrintedRow | None, key: str) -> Decimal | None:
    if row is None:
        return None
    return next((c.amount for c in row.cells if c.column == key and c.amount is not None), None)


def total(table: PrintedTable | None) -> Decimal | None:
    """The table's 合计/总计 figure."""
    return cell(total_row(table), "total")


def items(table: PrintedTable | None) -> list[tuple[PrintedRow, str]]:
    """The table's 项 rows (codes of 7 digits), each with its place as the table names it:
    "类名（类）款名（款）项名（项）"."""
    names = {r.classified_code: r.name for r in table.rows if r.classified_code} if table is not None else {}
    return [(r, f"{names.get(r.classified_code[:3], '')}（类）{names.get(r.classified_code[:5], '')}（款）{r.name}（项）")
            for r in coded_rows(table, 7)]


def coded_rows(table: PrintedTable | None, length: int) -> list[PrintedRow]:
    if table is None:
        return []
    return [r for r in table.rows if len(r.classified_code) == length and r.classified_code.isdigit()]


def code_row(table: PrintedTable | None, code: str) -> PrintedRow | None:
    if table is None:
        return None
    return next((r for r in table.rows if r.classified_code == code and not r.project), None)


def side_item(table: PrintedTable | None, side: str, source: str) -> Decimal | None:
    """A side-by-side table's amount on the row whose coordinates name this source."""
    if table is None:
        return None
    for row in table.rows:
        if row.side == side and row.coords.get("source") == source:
            return next((c.amount for c in row.cells if c.amount is not None), None)
    return None


def three_public(disc: Disclosure, item: str, phase: str = "本年预算") -> Decimal | None:
    """A 三公 item's amount of this phase (本年预算; a 决算's 决算 or 年初预算), whatever the
    layout (items as rows or as columns): its total over budget types where the table prints one."""
    table = disc.table("three_public")
    if table is None:
        return None
    found = [f for f in disc.facts if f.table == table.index and f.coords.item == item
             and f.coords.phase == phase and not f.ambiguous]
    if not found:
        return Decimal(0) if table.rows or table.empty_note else None
    return next((f.amount for f in found if f.coords.budget_type == "total"), found[0].amount)


def printed_prior(table: PrintedTable | None, row: PrintedRow | None, key: str) -> Decimal | None:
    """Last year's figure the table prints beside this year's (a column of the same
    coordinates but its phase 上年…)."""
    if table is None or row is None:
        return None
    this = table.column(key)
    if this is None:
        return None
    want = {k: v for k, v in this.coords.items() if k != "phase"}
    for col in table.columns:
        if col.coords.get("phase") in PRIOR_PHASES and {k: v for k, v in col.coords.items() if k != "phase"} == want:
            return cell(row, col.key)
    return None


TEN_THOUSAND = Decimal(10000)


def in_wan(disc: Disclosure) -> Disclosure:
    """A copy whose amounts are all in 万元, as the narrative states them: a table printed in 元
    has each amount divided by 10,000 (rounded half up to 0.01 when stated)."""
    tables = {t.index for t in disc.tables if (t.unit or "").strip() == "元"}
    if not tables:
        return disc
    copy = disc.model_copy(deep=True)
    for table in copy.tables:
        if table.index in tables:
            table.unit = "万元"
            for row in table.rows:
                for c in row.cells:
                    if c.amount is not None:
                        c.amount = c.amount / TEN_THOUSAND
    for fact in copy.facts:
        if fact.table in tables:
            fact.amount, fact.unit = fact.amount / TEN_THOUSAND, "万元"
    return copy
