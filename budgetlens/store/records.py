"""A parsed and checked document as plain rows for the store.

This is the per-document work that runs in a worker process or on a Dask worker: read, parse,
check, and flatten into picklable dicts. The parent only resolves the unit and inserts.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
import zlib
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

from pydantic import BaseModel

from ..model import Disclosure, Fact
from ..model.disclosure import file_role
from ..model.findings import CheckReport, Finding
from ..model.narrative import PerformanceTable
from ..segment.sets import own_set_assumed, set_names

# 分 per unit of the printed amount
FEN = {"元": 100, "千元": 100_000, "万元": 1_000_000, "百万元": 100_000_000, "亿元": 10_000_000_000}
TOTAL_LABEL = re.compile(r"(合计|总计)\s*$")
# bytes of a file name that are not UTF-8 (a GBK name unzipped from a Windows archive), as
# Python hands them over: lone surrogates, which no database, JSON or terminal takes
UNDECODED = re.compile("[\udc80-\udcff]+")


@dataclass
class Outcome:
    """What one document became. Everything here pickles cheaply across processes/machines."""

    path: str
    sha256: str | None = None
    status: str = "unreadable"        # ok / warnings / errors / unreadable / failed
    error: str | None = None
    format: str | None = None
    encoding: str | None = None
    meta: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)       # facts / errors / warnings / infos
    tables: list[dict] = field(default_factory=list)
    facts: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)
    model: bytes | None = None        # zlib-compressed Disclosure JSON, for cross-document rules
    own_set_assumed: bool = False     # the 汇总 (set 0) taken by its place only (own-set-assumed)
    role: str = "other"               # what was read: tables / narrative / tables+narrative / other
    parts: list[dict] = field(default_factory=list)   # read from several files: sha256, path, role of each
    seconds: float = 0.0
    pid: int = 0
    peak_rss_kb: int = 0


def process_document(path: str, shown: str | None = None, draft: bool = False) -> Outcome:
    """Read, check and flatten one file. Never raises: a failure is the outcome's status.
    shown: how the file is named instead of its path (a file unpacked from an archive:
    store/archives.py), in its provenance and messages. draft: checked as a draft (its
    【待填写】 items warnings; publishing makes them errors again: store/drafts.py)."""
    from ..checks import check, load_config
    from ..pipeline import parse
    from ..readers import ReadError

    start = time.perf_counter()
    out = Outcome(path=shown or printable_path(str(path)))
    try:
        disc = parse(path)
        if shown:
            map_text(disc, lambda text: text.replace(str(path), shown))
        elif UNDECODED.search(str(path)):
            mend_text(disc, str(path))
        config = load_config(None)
        config.params["draft"] = draft
        report = check(disc, config=config)
        fill(out, disc, report)
    except ReadError as exc:
        out.status, out.error = "unreadable", said_of(str(exc), str(path), shown)
    except Exception as exc:   # a reader bug must not stop a corpus; the message is kept
        out.status, out.error = "failed", said_of(f"内部错误（{type(exc).__name__}）：{exc}", str(path), shown)
    if out.sha256 is None:
        out.sha256 = file_sha256(path)
    out.seconds = time.perf_counter() - start
    out.pid, out.peak_rss_kb = os.getpid(), peak_rss_kb()
    return out


def printable_path(path: str) -> str:
    """The path as text: each part holding undecoded bytes read as GB18030 (the encoding of
    Chinese Windows), else with the bytes as \\x escapes."""
    return "/".join(map(_printable_part, path.split("/")))


def _printable_part(part: str) -> str:
    if not UNDECODED.search(part):
        return part
    raw = part.encode("utf-8", "surrogateescape")
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


def printable(text: str, path: str) -> str:
    """The text with the file's path and name as printable_path gives them, any other
    undecoded byte as a \\x escape."""
    if not UNDECODED.search(text):
        return text
    name = Path(path).name
    text = text.replace(path, printable_path(path)).replace(name, printable_path(name))
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def said_of(message: str, path: str, shown: str | None) -> str:
    return message.replace(path, shown) if shown else printable(message, path)


def mend_text(value, path: str):
    """The value with every text in it made printable: provenance, sources, messages naming the
    file (models, lists and dicts changed in place)."""
    return map_text(value, lambda text: printable(text, path))


def map_text(value, change):
    """The value with change(text) for every text in it (models, lists and dicts changed in place)."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            setattr(value, name, map_text(getattr(value, name), change))
    elif isinstance(value, list):
        value[:] = [map_text(v, change) for v in value]
    elif isinstance(value, dict):
        for key in value:
            value[key] = map_text(value[key], change)
    return value


def file_sha256(path: str | Path) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def peak_rss_kb() -> int:
    try:
        import resource
        return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)   # KiB on Linux
    except (ImportError, OSError):
        return 0


def fill(out: Outcome, disc: Disclosure, report: CheckReport) -> None:
    src = disc.sources[0] if disc.sources else None
    if src:
        out.sha256, out.format, out.encoding = src.sha256, src.format, src.encoding
    meta = disc.meta
    out.meta = {"unit_name": meta.unit_name, "unit_code": meta.unit_code, "region": meta.region,
                "year": meta.year, "scope": meta.scope, "phase": meta.phase, "template": meta.template,
                "signature_date": meta.signature_date.isoformat() if meta.signature_date else None}
    names = set_names(disc.tables)
    out.tables = [table_row(t, names) for t in disc.tables]
    out.facts = [fact_row(f, disc, names) for f in disc.facts]
    out.claims = [claim_row(c) for c in disc.narrative.claims]
    out.findings = [finding_row(f) for f in report.findings]
    counts = {s: report.count(s) for s in ("error", "warning", "info")}
    out.counts = {"facts": len(disc.facts), "errors": counts["error"], "warnings": counts["warning"],
                  "infos": counts["info"]}
    parse_warnings = any(i.level in ("warning", "error") for i in disc.issues)
    out.status = ("errors" if counts["error"] else
                  "warnings" if counts["warning"] or parse_warnings else "ok")
    out.model = compress_model(disc)
    out.own_set_assumed = own_set_assumed(disc)
    out.role = role_of(disc)


def role_of(disc: Disclosure) -> str:
    """What the file holds: printed tables, narrative sections, both, or neither (as
    pipeline.assign_roles says of each file of a bundle)."""
    return file_role(bool(disc.tables), bool(disc.narrative.sections))


def process_bundle(paths: list[str], shown: list[str], draft: bool = False) -> Outcome:
    """Read, check and flatten several files that are parts of one disclosure as one document
    (pipeline.parse_bundle); shown: the name each file is stored under, in its provenance.
    The document's sha256 is that of its parts' sha256 in order (the files' bytes stay theirs)."""
    from ..checks import check, load_config
    from ..pipeline import parse_bundle
    from ..readers import ReadError

    start = time.perf_counter()
    out = Outcome(path=" + ".join(shown))
    try:
        disc = parse_bundle(paths)
        names = dict(zip(paths, shown))
        out.parts = [{"sha256": src.sha256, "path": names.get(src.path, src.path), "role": src.role}
                     for src in disc.sources]
        for path, name in names.items():
            map_text(disc, lambda text, path=path, name=name: text.replace(path, name))
        config = load_config(None)
        config.params["draft"] = draft
        fill(out, disc, check(disc, config=config))
        out.format = "bundle"
    except ReadError as exc:
        out.status, out.error = "unreadable", str(exc)
    except Exception as exc:   # noqa: BLE001  (a reader bug must not stop a corpus; the message is kept)
        out.status, out.error = "failed", f"内部错误（{type(exc).__name__}）：{exc}"
    for path, name in zip(paths, shown):
        out.error = out.error.replace(path, name) if out.error else out.error
    out.sha256 = bundle_sha256([file_sha256(p) or "" for p in paths])
    out.seconds = time.perf_counter() - start
    return out


def bundle_sha256(shas: list[str]) -> str:
    return hashlib.sha256("+".join(shas).encode()).hexdigest()


def bundle_manifest(out: Outcome) -> bytes:
    """What the store keeps as the bundle's own bytes: the list of its files (their bytes are
    each in blobs under their own sha256)."""
    return json.dumps({"bundle": out.parts}, ensure_ascii=False, indent=1).encode("utf-8")


def compress_model(disc: Disclosure) -> bytes:
    return zlib.compress(disc.model_dump_json().encode("utf-8"), 6)


def load_model(data: bytes) -> Disclosure:
    return Disclosure.model_validate_json(zlib.decompress(data))


def load_performance(data: bytes) -> list[PerformanceTable]:
    """The stored model's 绩效目标表s alone (validating the whole model to read them takes over
    twice as long: 0.32 s against 0.14 s for the four seeds five times)."""
    tables = json.loads(zlib.decompress(data)).get("narrative", {}).get("performance", [])
    return [PerformanceTable.model_validate(t) for t in tables]


def as_json(value) -> str | None:
    """JSON text for the store, encoded here in the worker (schema.JSONText)."""
    return None if value is None else json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def table_row(t, names: dict[int, str | None]) -> dict:
    return {"table_index": t.index, "kind": t.kind, "number": t.number, "title": t.title, "unit": t.unit,
            "table_set": t.group, "set_name": names.get(t.group), "content": t.model_dump_json()}


def to_fen(amount: Decimal, unit: str | None) -> int:
    factor = FEN.get((unit or "万元").strip(), FEN["万元"])
    return int((amount * factor).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def row_kind(c) -> str:
    if not c.function_code and not c.project and (
            (c.label and TOTAL_LABEL.search(c.label)) or "total" in (c.source, c.item)):
        return "total"
    if c.project:
        return "project"
    if c.function_code:
        return "function"
    if c.economic_code and c.economic_code != "total":
        return "economic"
    if c.item:
        return "item"
    return "other"


def fact_row(f: Fact, disc: Disclosure, names: dict[int, str | None]) -> dict:
    c = f.coords
    group = disc.tables[f.table].group if 0 <= f.table < len(disc.tables) else None
    year = disc.meta.year
    if year and c.phase and c.phase.startswith("上年"):
        year -= 1
    p = f.provenance
    return {
        "year": year, "scope": disc.meta.scope, "disclosure_phase": disc.meta.phase,
        "table_index": f.table, "table_kind": c.table_kind, "table_set": group, "set_name": names.get(group),
        "side": c.side, "phase": c.phase,
        "budget_type": c.budget_type, "source": c.source, "function_code": c.function_code,
        "economic_code": c.economic_code, "project": c.project, "nature": c.nature, "item": c.item,
        "label": c.label, "name": row_name(disc, f), "row_kind": row_kind(c),
        "amount": f.amount, "unit": f.unit, "precision": f.precision, "amount_fen": to_fen(f.amount, f.unit),
        "ambiguous": 1 if f.alternatives else 0,
        "alternatives": as_json([a.model_dump(exclude_none=True) for a in f.alternatives] or None),
        "row_index": f.row, "column_key": f.column, "line": p.line, "page": p.page,
        "provenance": p.model_dump_json(exclude_none=True),
    }


def row_name(disc: Disclosure, f: Fact) -> str | None:
    if 0 <= f.table < len(disc.tables):
        rows = disc.tables[f.table].rows
        row = rows[f.row] if 0 <= f.row < len(rows) and rows[f.row].index == f.row else \
            next((r for r in rows if r.index == f.row), None)
        if row is not None:
            return row.name or row.project or row.raw_label or None
    return None


def claim_row(c) -> dict:
    return {"kind": c.kind, "section": c.section, "subject": c.subject.text, "concept": c.subject.concept,
            "coords": c.subject.coords.model_dump_json(exclude_none=True) if c.subject.coords else None,
            "value": c.value, "unit": c.unit, "precision": c.precision, "direction": c.direction,
            "basis": c.basis, "implied_prior": c.implied_prior, "text": c.text, "sentence": c.sentence,
            "line": c.provenance.line}


def finding_row(f: Finding, stage: str = "document") -> dict:
    return {"stage": stage, "rule": f.rule, "severity": f.severity, "category": f.category,
            "message": f.message, "location": f.location.model_dump_json(exclude_none=True),
            "expected": f.expected, "found": f.found, "difference": f.difference, "tolerance": f.tolerance,
            "fingerprint": f.fingerprint, "note": f.note,
            "evidence": as_json([e.model_dump(mode="json", exclude_none=True) for e in f.evidence])}


def cross_check(model: bytes, prior_model: bytes) -> list[dict]:
    """Year-over-year rules of a disclosure against last year's: the second ingest phase."""
    from ..checks import check
    report = check(load_model(model), prior=load_model(prior_model), config=only("year_over_year"))
    return [finding_row(f, "cross") for f in report.findings if f.category == "year_over_year"]


def department_check(model: bytes, department_model: bytes) -> list[dict]:
    """部门 vs 单位 rules of a 单位's disclosure against its 部门's (same year and phase): the
    second ingest phase too."""
    from ..checks import check
    report = check(load_model(model), config=only("cross_document"), department=load_model(department_model))
    return [finding_row(f, "department") for f in report.findings if f.category == "cross_document"]


def only(category: str):
    """A rule configuration running one category: the document's own rules ran in phase one."""
    from ..checks import load_catalogue, load_config
    config = load_config(None)
    config.rules = {r.id: {"enabled": False} for r in load_catalogue() if r.category != category}
    return config
