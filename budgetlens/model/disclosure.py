"""The canonical model of one disclosure."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from .facts import Fact
from .narrative import Narrative
from .provenance import Provenance
from .tables import PrintedTable


class SourceFile(BaseModel):
    path: str
    sha256: str
    format: str                      # markdown / ocr / plain (text forms), pdf, docx …
    encoding: str | None = None
    lines: int | None = None
    pages: int | None = None         # PDF
    role: str | None = None          # in a bundle: tables / narrative / tables+narrative / other


def file_role(tables: bool, narrative: bool) -> str:
    """What a file holds, as SourceFile.role says it: tables, narrative, both, or other."""
    return "+".join(name for name, held in (("tables", tables), ("narrative", narrative)) if held) or "other"


class Meta(BaseModel):
    unit_name: str | None = None
    unit_code: str | None = None
    unit_type: Literal["行政", "参公", "事业"] | None = None
    scope: Literal["部门", "单位"] | None = None
    year: int | None = None
    phase: Literal["预算", "决算"] | None = None
    template: str | None = None
    region: str | None = None
    signature_date: date | None = None
    signature_provenance: Provenance | None = None


class StaffCount(BaseModel):
    count: int
    change: int | None = None        # signed change on last year


class Staffing(BaseModel):
    authorized: int | None = None    # 编制数
    actual: int | None = None        # 实有人数
    in_service: StaffCount | None = None   # 在职
    retired: StaffCount | None = None      # 退休
    pre_retired: StaffCount | None = None  # 离休
    provenance: Provenance | None = None


class Overview(BaseModel):
    functions: list[str] = Field(default_factory=list)
    subunits: int | None = None
    units: list[str] = Field(default_factory=list)   # the budget units the overview names, as listed
    offices: list[str] = Field(default_factory=list)
    staffing: Staffing | None = None


class GlossaryEntry(BaseModel):
    term: str
    definition: str
    line: int


class Part(BaseModel):
    key: str                         # overview / tables / narrative / glossary
    title: str
    line: int
    line_end: int


class ParseIssue(BaseModel):
    level: Literal["error", "warning", "info"]
    code: str
    message: str                     # Chinese, for users
    provenance: Provenance | None = None


class Disclosure(BaseModel):
    meta: Meta = Field(default_factory=Meta)
    sources: list[SourceFile] = Field(default_factory=list)
    parts: list[Part] = Field(default_factory=list)
    overview: Overview = Field(default_factory=Overview)
    tables: list[PrintedTable] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    narrative: Narrative = Field(default_factory=Narrative)
    glossary: list[GlossaryEntry] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)   # required tables/parts not found
    issues: list[ParseIssue] = Field(default_factory=list)

    def table(self, kind: str) -> PrintedTable | None:
        """The document's own table of this kind (its set 0: a department's 汇总, never a
        unit's table printed before it or in its stead)."""
        return next((t for t in self.tables if t.kind == kind and t.group == 0), None)
