"""A standalone HTML check report: findings, each table with the offending cells highlighted,
and the narrative with the sentences a finding rests on marked."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from ..extract.narrative import as_read
from ..model import Disclosure
from ..model.findings import CheckReport, Finding
from .report import SEVERITY_NAMES, placed_quotes

TEMPLATES = Path(__file__).parent / "templates"
RANK = {"error": 0, "warning": 1, "info": 2}


def to_html(report: CheckReport, disc: Disclosure) -> str:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    hits = cell_hits(report.findings)
    page = env.get_template("report.html.j2").render(
        report=report, severities=list(SEVERITY_NAMES.items()),
        quotes={f.fingerprint: placed_quotes(f, report.file) for f in report.findings},
        tables=[_table_view(t, hits) for t in disc.tables],
        sections=[_section_view(s, report.findings) for s in disc.narrative.sections])
    return page


def cell_hits(findings: list[Finding]) -> dict[tuple[int, str], tuple[str, list[str]]]:
    """(line, printed text) of every evidence cell → (worst severity, rule ids)."""
    hits: dict[tuple[int, str], tuple[str, list[str]]] = {}
    for f in findings:
        for e in f.evidence:
            p = e.provenance
            if p is None or p.line is None or p.column is None and p.table is None:
                continue
            key = (p.line, e.text)
            sev, rules = hits.get(key, ("info", []))
            worst = min(sev, f.severity, key=RANK.get)
            hits[key] = (worst, rules + [f.rule])
    return hits


def _table_view(table, hits) -> dict:
    keys = [c.key for c in table.columns]
    labels = [c.label if not c.side else f"{'收入' if c.side == 'income' else '支出'}/{c.label}"
              for c in table.columns]
    rows, has_open = [], False
    for r in table.rows:
        cells = [{"text": "", "css": "", "title": ""} for _ in keys]
        open_texts, open_css = [], ""
        for c in r.cells:
            if c.amount is None:
                continue
            sev, rules = hits.get((c.provenance.line, c.text), (None, []))
            css = f"hit-{sev}" if sev else ""
            if c.column in keys:
                cells[keys.index(c.column)] = {"text": c.text, "css": css, "title": " ".join(rules)}
            else:
                has_open = True
                open_texts.append(c.text)
                open_css = open_css or css
        rows.append({"code": r.code, "name": r.project or r.name, "cells": cells,
                     "open": " ".join(open_texts), "open_css": open_css})
    name = f"表{table.printed_number} {table.title}" if table.printed_number else table.title
    return {"name": name, "columns": labels, "rows": rows, "has_open": has_open,
            "empty_note": table.empty_note}


def sentence_hits(text: str, findings: list[Finding]) -> dict[str, str]:
    """The narrative words findings quote that text holds → the worst severity among them."""
    marks: dict[str, str] = {}
    for f in findings:
        for e in f.evidence:
            # a claim quotes the printed words; the section's text holds money in Chinese numerals as digits
            quoted = as_read(e.text) if e.role in ("说明", "原文") and e.text else ""
            if quoted and quoted in text:
                prev = marks.get(quoted)
                marks[quoted] = min(prev, f.severity, key=RANK.get) if prev else f.severity
    return marks


def _section_view(section, findings: list[Finding]) -> dict:
    html = str(escape(section.text))
    marks = sentence_hits(section.text, findings)
    for text, sev in sorted(marks.items(), key=lambda kv: -len(kv[0])):
        esc = str(escape(text))
        html = html.replace(esc, f'<mark class="{sev}">{esc}</mark>', 1)
    return {"title": section.title, "html": Markup(html.replace("\n", "<br>"))}
