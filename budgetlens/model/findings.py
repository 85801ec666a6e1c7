"""What checking a disclosure produces: one outcome per rule, findings with their evidence.

Shaped after frictionless' validation report and the DATA Act Broker's error files:
a finding says which rule, where, what was expected, what was found and by how much.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from .provenance import Provenance

Severity = Literal["error", "warning", "info"]
Status = Literal["pass", "fail", "not_applicable", "insufficient_data"]
Category = Literal["arithmetic", "cross_table", "narrative", "completeness", "classification",
                   "date", "year_over_year", "cross_document"]


class Location(BaseModel):
    table: int | None = None          # table number as printed (表N)
    label: str | None = None          # a sub-label's number as printed (表1-3 → "1-3")
    unit: str | None = None           # a unit's table printed in its department's document: the unit
    table_kind: str | None = None
    row: str | None = None            # row code, item or label
    column: str | None = None         # column label as printed
    section: str | None = None        # narrative section number/title
    sentence: str | None = None

    def describe(self) -> str:
        if self.table_kind or self.table or self.label:
            number = self.label or self.table
            parts = [f"表{number}" if number else self.table_kind or ""]
            if self.unit:
                parts[0] += f"（{self.unit}）"
            if self.row:
                parts.append(self.row)
            if self.column:
                parts.append(self.column)
            return " ".join(p for p in parts if p)
        if self.section:
            return f"情况说明 {self.section}"
        return ""


class Evidence(BaseModel):
    """One printed value or sentence the finding rests on, enough to quote the source."""

    role: str                         # e.g. 合计, 组成项, 表6 30231, 说明
    text: str                         # the value or sentence as printed
    provenance: Provenance | None = None


class Finding(BaseModel):
    rule: str
    severity: Severity
    category: Category
    message: str                      # Chinese, filled from the rule's template
    location: Location = Field(default_factory=Location)
    expected: str | None = None
    found: str | None = None
    difference: Decimal | None = None
    tolerance: Decimal | None = None  # rounding tolerance the gap was compared with
    evidence: list[Evidence] = Field(default_factory=list)
    fingerprint: str                  # rule + fact coordinates: stable across versions
    note: str | None = None           # e.g. "在另一种列读法下成立"

    @property
    def lines(self) -> set[int]:
        """Source lines the finding points at (for quoting and for the mutation harness)."""
        out: set[int] = set()
        for ev in self.evidence:
            p = ev.provenance
            if p and p.line:
                out.update(range(p.line, (p.line_end or p.line) + 1))
        return out


class RuleOutcome(BaseModel):
    rule: str
    status: Status
    checked: int = 0                  # how many instances the rule checked
    reason: str | None = None         # why not applicable / insufficient


class CheckReport(BaseModel):
    file: str | None = None
    unit_name: str | None = None
    year: int | None = None
    template: str | None = None
    prior_file: str | None = None
    reading: list[str] = Field(default_factory=list)   # what the reading could not do (pages, layout)
    outcomes: list[RuleOutcome] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def has_errors(self) -> bool:
        return self.count("error") > 0
