"""One amount with its coordinates, linked to the printed cell it came from."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, Field

from .provenance import Provenance


class Coords(BaseModel):
    """Where an amount sits in the budget, independent of how a template prints it."""

    table_kind: str
    side: str | None = None          # income / expenditure
    phase: str = "本年预算"           # 本年预算 / 上年预算 / 上年执行数 / 决算
    budget_type: str | None = None   # gpb / gov_fund / state_capital / total
    source: str | None = None        # funding source (income tables)
    function_code: str | None = None
    economic_code: str | None = None
    project: str | None = None
    nature: str | None = None        # total / basic / project / personnel / public
    item: str | None = None          # 三公 parts and other itemised rows
    label: str | None = None         # row label when nothing else identifies the row


class Fact(BaseModel):
    amount: Decimal
    unit: str = "万元"
    precision: int | None = None
    coords: Coords
    # When the reader could not decide the column: one Coords per candidate reading.
    alternatives: list[Coords] = Field(default_factory=list)
    table: int
    row: int
    column: str | None = None
    provenance: Provenance

    @property
    def ambiguous(self) -> bool:
        return bool(self.alternatives)
