"""The 绩效目标表 as the document prints them (TableBlocks inside the 情况说明, as the disclosures
print them under 预算绩效情况), and the figures the paragraph before them states: how many
projects carry targets and their money, each summed from the tables, never typed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..model import PerformanceTable
from .document import Cell, TableBlock
from .figures import money
from .wording import Wording


@dataclass
class PerformanceFigures:
    count: int                 # project tables
    total: Decimal             # their 年度预算总额
    fiscal: Decimal            # of which 财政拨款
    other: Decimal             # the rest (其他资金)
    department: Decimal | None  # the 部门整体 table's 资金总额


def figures(tables: list[PerformanceTable]) -> PerformanceFigures:
    projects = [t for t in tables if t.kind == "project"]
    total = sum((t.amount or Decimal(0) for t in projects), Decimal(0))
    fiscal = sum((t.fiscal_amount if t.fiscal_amount is not None else t.amount or Decimal(0) for t in projects),
                 Decimal(0))
    department = next((t.amount for t in tables if t.kind == "department" and t.amount is not None), None)
    return PerformanceFigures(len(projects), total, fiscal, total - fiscal, department)


def weight_text(weight: Decimal | None) -> str:
    return "" if weight is None else f"{weight.normalize():f}"


def amount_cell(amount: Decimal | None) -> Cell:
    return Cell(money(amount), amount=amount) if amount is not None else Cell("")


def table_blocks(tables: list[PerformanceTable], words: Wording, unit: str,
                 supervisors: dict[str, str]) -> list[TableBlock]:
    """Each table: its title and year, the rows above its indicators, the indicators under their
    header; the 依据 and 权重 columns where the table fills them."""
    blocks = []
    for n, table in enumerate(tables, 1):
        w = words.data["performance_table"]
        top = department_rows(table, w, unit) if table.kind == "department" else \
            project_rows(table, w, supervisors.get(table.project or ""))
        blocks.append(TableBlock(
            label="", title=w["department_title" if table.kind == "department" else "project_title"],
            unit_line=w["year"].format(year=table.year) if table.year else "", unit_name="", header=[],
            body=top + indicator_rows(table, w["header"]), kind=f"performance-{n}"))
    return blocks


def texts(*values: str | None) -> list[Cell]:
    return [Cell(v or "") for v in values]


def project_rows(table: PerformanceTable, w: dict, supervisor: str | None) -> list[list[Cell]]:
    rows = [texts(w["project"], table.project)]
    if supervisor or table.unit_name:
        rows.append(texts(w["supervisor"], supervisor, w["undertaker"], table.unit_name))
    fiscal = table.fiscal_amount
    other = (table.amount - fiscal) if table.amount is not None and fiscal is not None else None
    rows.append(texts(w["budget_project"], w["project_total"]) + [amount_cell(table.amount)] + texts(w["project_fiscal"])
                + [amount_cell(fiscal)] + texts(w["project_other"]) + [amount_cell(other)])
    if table.goal:
        rows.append([Cell(w["goal_project"]), Cell(table.goal, prose=True)])
    return rows


def department_rows(table: PerformanceTable, w: dict, unit: str) -> list[list[Cell]]:
    rows = [texts(w["department"], unit)]
    if table.goal:
        rows.append([Cell(w["goal_department"]), Cell(table.goal, prose=True)])
    rows.append(texts(w["budget_department"], w["department_total"]) + [amount_cell(table.amount)])
    first = True
    for fund in (f for f in table.funds if f.kind != "total"):
        head = (w["department_fiscal"] if first else "") if fund.kind == "fiscal" else w["department_other"]
        first = first and fund.kind != "fiscal"
        rows.append(texts(head, fund.label) + [amount_cell(fund.amount)])
    return rows


def indicator_rows(table: PerformanceTable, header: list[str]) -> list[list[Cell]]:
    """The header and a row per indicator, each row with its levels written out (a merged level
    cell of the disclosures, printed in every row it covers)."""
    basis = any(i.basis for i in table.indicators)
    weight = any(i.weight is not None for i in table.indicators)
    keep = [True] * 4 + [basis, weight]
    rows = [texts(*(h for h, k in zip(header, keep) if k))]
    for i in table.indicators:
        cells = [i.level1, i.level2, i.level3, i.value, i.basis, weight_text(i.weight)]
        rows.append(texts(*(c for c, k in zip(cells, keep) if k)))
    return rows
