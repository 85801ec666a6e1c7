"""The 绩效目标表s as a disclosure's page and the API give them: each table with its money, goal
and indicators, each indicator and amount with where it was printed, the rows the reader could
not part into cells, and the findings of the rules on 绩效目标表 (P-…) next to the table they
concern."""

from __future__ import annotations

from ..model.provenance import Provenance
from .views import where_printed

KIND_NAMES = {"department": "部门整体绩效目标表", "project": "项目支出绩效目标表"}
FUND_KIND_NAMES = {"total": "资金总额", "fiscal": "财政资金", "other": "其他资金"}
TABLE_RULES = "P-"
# a rule about the 绩效目标表s that no one table answers for (a 表7 project without its table)
SECTION_RULES = ("C-PROJECT-PERFORMANCE",)


def performance(model, findings: list[dict], kind: str | None = None) -> dict:
    """{"tables": [...], "findings": [...]}: the document's 绩效目标表s in the order printed
    (kind: department or project only), each with the findings that cite it; the findings on
    绩效目标表 no table's own (None model: none)."""
    every = [] if model is None else [table_dict(n, t) for n, t in enumerate(model.narrative.performance, start=1)]
    placed: set[int] = set()
    for t in every:          # (every table's: a finding on a table of the other kind is no section's)
        t["findings"] = [brief(f) for f in findings if cites(f, t)]
        placed.update(f["id"] for f in t["findings"])
    others = [brief(f) for f in findings if f["id"] not in placed
              and (f["rule"].startswith(TABLE_RULES) or f["rule"] in SECTION_RULES)]
    return {"tables": [t for t in every if kind in (None, t["kind"])], "findings": others}


def table_dict(number: int, table) -> dict:
    """One table: the model's fields (amounts Decimal), its number and kind in words, where each
    indicator, amount and unread row was printed."""
    out = table.model_dump()
    file = table.provenance.file

    def where(line: int | None) -> str:
        return where_printed(Provenance(file=file, line=line))

    out.update(number=number, anchor=f"perf-{number}", kind_name=KIND_NAMES.get(table.kind, table.kind),
               where=where_printed(table.provenance))
    for key, empty in (("funds", []), ("goal", None), ("unread_rows", []), ("unread_weights", [])):
        out.setdefault(key, empty)      # (left out of the model's JSON where empty)
    for fund in out["funds"]:
        fund.update(kind_name=FUND_KIND_NAMES.get(fund["kind"], fund["kind"]), where=where(fund["line"]))
    for ind in out["indicators"]:
        ind.setdefault("unsure", False)
        ind.setdefault("prior", None)
        ind["where"] = where(ind["line"])
    out["unread"] = [{"line": line, "weight": weight, "where": where(line)} for line, weight in table.unread_with_weights()]
    return out


def cites(finding: dict, table: dict) -> bool:
    """A finding of a rule on 绩效目标表 concerns the table it quotes (its first line, or the
    line of one of its amounts), or, quoting none (a project's text), the project it names."""
    if not finding["rule"].startswith(TABLE_RULES):
        return False
    file = table["provenance"]["file"]
    lines = {table["provenance"]["line"], *(f["line"] for f in table["funds"])}
    for e in finding.get("evidence") or []:
        p = e.get("provenance") or {}
        if p.get("file") == file and p.get("line") in lines:
            return True
    row = (finding.get("location") or {}).get("row")
    return bool(table["project"]) and row == table["project"]


def brief(finding: dict) -> dict:
    return {k: finding.get(k) for k in ("id", "rule", "severity", "title", "message")}
