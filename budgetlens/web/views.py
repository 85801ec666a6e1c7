"""Shaping stored rows for the pages: a printed table as printed with each cell's provenance and
the findings that concern it; amounts as exact decimal text."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ..checks.html import _cell_hits
from ..model import PrintedTable
from ..model.provenance import Provenance
from .queries import as_finding

SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
SIDE_NAMES = {"income": "收入", "expenditure": "支出"}
STAGE_NAMES = {"document": "本文件", "cross": "与上年比较", "department": "与所属部门比较"}


def where_printed(p: Provenance | dict | None) -> str:
    """Where a value was printed, in words: file, page, line, cell."""
    if p is None:
        return ""
    if isinstance(p, dict):
        p = Provenance.model_validate(p)
    parts = [p.file.rsplit("/", 1)[-1]] if p.file else []
    if p.page:
        parts.append(f"第 {p.page} 页")
    if p.line:
        parts.append(f"第 {p.line} 行" if not p.line_end or p.line_end == p.line else f"第 {p.line}–{p.line_end} 行")
    if p.ref:
        parts.append(p.ref)
    return " ".join(parts)


def hits_of(findings: list[dict]):
    """(line, printed text) of each cell a finding's evidence names → (worst severity, rules)."""
    return _cell_hits([as_finding(f) for f in findings])


def table_view(content: dict, hits) -> dict:
    """A stored printed table as its page shows it: header lines as printed, then one row per
    printed row, each amount under its column, an amount whose column was not decided in a
    last column with its candidates."""
    table = PrintedTable.model_validate(content)
    keys = [c.key for c in table.columns]
    labels = [f"{SIDE_NAMES.get(c.side, '')}{'/' if c.side else ''}{c.label}" for c in table.columns]
    rows, has_open = [], False
    for r in table.rows:
        cells: list[dict | None] = [None] * len(keys)
        open_cells = []
        for c in r.cells:
            cell = cell_view(c, hits)
            if c.column in keys and cells[keys.index(c.column)] is None:
                cells[keys.index(c.column)] = cell
            else:
                has_open = True
                open_cells.append(cell)
        rows.append({"code": r.code, "name": r.project or r.name or r.raw_label, "cells": cells, "open": open_cells,
                     "where": where_printed(Provenance(file=table.provenance.file, line=r.line, line_end=r.line_end))})
    number = table.printed_number
    return {"index": table.index, "kind": table.kind, "name": f"表{number} {table.title}" if number else table.title,
            "unit": table.unit, "set_name": content.get("set_name"), "table_set": content.get("table_set"),
            "header": [h.cells for h in table.header], "columns": labels, "rows": rows, "has_open": has_open,
            "empty_note": table.empty_note, "where": where_printed(table.provenance)}


def cell_view(c, hits) -> dict:
    severity, rules = hits.get((c.provenance.line, c.text), (None, []))
    title = [where_printed(c.provenance)]
    if c.candidates:
        title.append("列未定，可能为：" + "、".join(c.candidates))
    if c.unread:
        title.append(f"未读出：{c.unread}")
    if rules:
        title.append("相关问题：" + "、".join(dict.fromkeys(rules)))
    return {"text": c.text, "severity": severity, "title": "；".join(t for t in title if t), "rules": rules}


def plain(value):
    """JSON-ready: Decimal as its exact text (never a float), dates as ISO text."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, bytes):
        return None
    return value
