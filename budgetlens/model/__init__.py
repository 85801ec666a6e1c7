"""Canonical data model: PrintedTable → Fact → Disclosure (pydantic, JSON Schema)."""

from .disclosure import (Disclosure, GlossaryEntry, Meta, Overview, ParseIssue, Part, SourceFile,
                         StaffCount, Staffing)
from .facts import Coords, Fact
from .narrative import (Claim, IndicatorTarget, ItemList, ListItem, Narrative, PerformanceFund, PerformanceIndicator, PerformanceTable,
                        ProjectInfo, Section, Subject)
from .provenance import Provenance
from .tables import HeaderRow, PrintedCell, PrintedColumn, PrintedRow, PrintedTable

__all__ = [
    "Claim", "Coords", "Disclosure", "Fact", "GlossaryEntry", "HeaderRow", "IndicatorTarget", "ItemList", "ListItem",
    "Meta", "Narrative", "Overview", "ParseIssue", "Part", "PerformanceFund", "PerformanceIndicator", "PerformanceTable",
    "PrintedCell", "PrintedColumn", "PrintedRow", "PrintedTable", "ProjectInfo", "Provenance",
    "Section", "SourceFile", "StaffCount", "Staffing", "Subject",
]


def json_schema() -> dict:
    return Disclosure.model_json_schema()
