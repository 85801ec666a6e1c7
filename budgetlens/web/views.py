"""Shaping stored rows for the pages: a printed table as printed with each cell's provenance and
the findings that concern it; amounts as exact decimal text."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

from markupsafe import Markup, escape

from ..checks.html import cell_hits, sentence_hits
from ..model import PrintedTable
from ..model.provenance import Provenance
from ..templates import load_templates
from .queries import KEY, as_finding
from .times import iso

CLAIM_KINDS_SHOWN = 3   # claims named in a marked sentence's tooltip; the rest counted
SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
SIDE_NAMES = {"income": "收入", "expenditure": "支出"}
STAGE_NAMES = {"document": "本文件", "cross": "与上年比较", "department": "与所属部门比较"}
# a claim's kind (model/narrative.py ClaimKind) and direction as the pages name them
CLAIM_KIND_NAMES = {"amount": "金额", "share": "占比", "change": "增减额", "rate": "增减率", "count": "数量",
                    "threshold": "标准", "unit_price": "单价", "target": "绩效指标值", "percent": "百分比",
                    "completion": "完成率", "prior": "上年数"}
DIRECTION_NAMES = {"increase": "增加", "decrease": "减少", "flat": "持平"}


# a document's format (readers: SourceDocument.format) as the pages name it
FORMAT_NAMES = {"pdf": "PDF", "ocr": "文字识别的扫描文本", "plain": "文本", "markdown": "文本（Markdown）",
                "docx": "Word", "doc": "Word（.doc）", "xlsx": "Excel", "xls": "Excel（.xls）", "xlsb": "Excel（.xlsb）",
                "csv": "CSV", "html": "网页", "mhtml": "网页（.mht）", "image": "图片（文字识别）", "odt": "OpenDocument 文本",
                "ods": "OpenDocument 表格", "rtf": "RTF", "wps": "WPS"}


def format_name(fmt: str | None) -> str:
    return FORMAT_NAMES.get(fmt or "", fmt or "?")


def template_name(template_id: str | None) -> str:
    """A template by its Chinese name (its id after it: the CLI's and the export's word for it)."""
    names = {t.id: t.name for t in load_templates()}
    return f"{names[template_id]}（{template_id}）" if template_id in names else template_id or ""


def sided(label: str, side: str) -> str:
    """A side-by-side table's column under its side (收入/…, 支出/…), unless its label, read from
    the header's path, already starts with it (收入/预算数 was shown 收入/收入/预算数)."""
    return f"{side}/{label}" if side and label != side and not label.startswith(f"{side}/") else label


def is_key(text: str) -> bool:
    """A template's key (vehicle_purchase), not words printed in the document: the column's
    printed label names it on the pages."""
    return bool(KEY.fullmatch(text))


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
    return cell_hits([as_finding(f) for f in findings])


def table_view(content: dict, hits) -> dict:
    """A stored printed table as its page shows it: header lines as printed, then one row per
    printed row, each amount under its column, an amount whose column was not decided in a
    last column with its candidates."""
    table = PrintedTable.model_validate(content)
    keys = [c.key for c in table.columns]
    labels = [sided(c.label, SIDE_NAMES.get(c.side or "", "")) for c in table.columns]
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
    if isinstance(value, datetime):
        return iso(value)           # the store's UTC with its offset, in the server's zone
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, bytes):
        return None
    return value


def script_json(value) -> Markup:
    """value as JSON to sit inside <script type="application/json">: <, > and & escaped, so a
    unit name holding "</script>" cannot end the element (json.dumps leaves them as they are)."""
    text = json.dumps(value, ensure_ascii=False)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def narrative_view(model, findings: list[dict]) -> list[dict]:
    """The 情况说明 by section as printed: each sentence a claim was read from marked, the words
    a finding quotes highlighted by its worst severity (checks/html.py: sentence_hits)."""
    if model is None:
        return []
    found = [as_finding(f) for f in findings]
    claims = model.narrative.claims
    return [{"title": s.title, "where": where_printed(s.provenance),
             "html": marked(s.text, [c for c in claims if c.sentence and c.sentence in s.text],
                            sentence_hits(s.text, found))}
            for s in model.narrative.sections]


def marked(text: str, claims, hits: dict[str, str]) -> Markup:
    """text as HTML, each character tagged by the claims whose sentence covers it and the worst
    finding whose quoted words do; runs of equal tags become one <mark>."""
    said: list[list] = [[] for _ in text]
    worst: list[str | None] = [None] * len(text)
    for c in claims:
        start = text.find(c.sentence)
        for i in range(start, start + len(c.sentence)):
            said[i].append(c)
    rank = {"error": 0, "warning": 1, "info": 2}
    for quoted, severity in hits.items():
        start = text.find(quoted)
        for i in range(start, start + len(quoted)):
            worst[i] = min(filter(None, (worst[i], severity)), key=rank.get)
    out, i = [], 0
    while i < len(text):
        j = i
        while j < len(text) and said[j] == said[i] and worst[j] == worst[i]:
            j += 1
        out.append(mark(text[i:j], said[i], worst[i]))
        i = j
    return Markup("".join(out).replace("\n", "<br>"))


def mark(piece: str, claims: list, severity: str | None) -> str:
    if not claims and not severity:
        return str(escape(piece))
    css = " ".join(filter(None, ["claim" if claims else "", f"hit-{severity}" if severity else ""]))
    title = [f"核对发现涉及此句（{SEVERITY_NAMES[severity]}）" if severity else ""]
    if claims:
        named = "；".join(f"{c.subject.text}：{c.text}" for c in claims[:CLAIM_KINDS_SHOWN])
        more = f" 等 {len(claims)} 项" if len(claims) > CLAIM_KINDS_SHOWN else ""
        title.append(f"可核对的陈述：{named}{more}")
    return f'<mark class="{css}" title="{escape("；".join(filter(None, title)))}">{escape(piece)}</mark>'
