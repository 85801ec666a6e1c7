"""What the portal and the API read from the store. Every filter is a bound parameter (SQLAlchemy
expressions), never text built from what a user typed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePosixPath

from sqlalchemy import Engine, Select, func, or_, select
from sqlalchemy.orm import Session

from ..checks.catalogue import load_catalogue
from ..checks.context import describe, kind_name
from ..model import Disclosure
from ..model.findings import Finding
from ..store.current import current_ids, in_place
from ..store.drafts import has_column
from ..store.errors import NotFound
from ..store.query import compare, disclosures_of
from ..store.records import load_model
from ..store.schema import (
    ClaimRow,
    DisclosureRow,
    Document,
    DocumentSource,
    FactRow,
    FindingRow,
    PrintedTableRow,
    Unit,
    UnitName,
)
from ..store.units import normalise_name
from ..store.writer import department_of, scoped_document

SEVERITIES = ("error", "warning", "info")
FACT_FILTERS = ("table_kind", "table_set", "side", "phase", "budget_type", "source", "function_code",
                "economic_code", "project", "nature", "item", "row_kind")


@dataclass
class Page:
    items: list[dict]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


PUBLISHED = (Document.published == 1).label("published")      # true or false, on SQLite and PostgreSQL


def current_documents(drafts: bool = False) -> Select:
    """The current version of every disclosure, with its unit; drafts (store/drafts.py) only
    where asked for (an authenticated request)."""
    query = (select(Document.id, Unit.id.label("unit_id"), Unit.name.label("unit_name"), Unit.code.label("unit_code"),
                   Document.unit_name.label("printed_name"), DisclosureRow.year, DisclosureRow.scope,
                   DisclosureRow.phase, Document.status, Document.format, Document.facts, Document.errors,
                   Document.warnings, Document.infos, Document.version, Document.ingested_at, PUBLISHED)
             .join(DisclosureRow, DisclosureRow.id == Document.disclosure_id)
             .join(Unit, Unit.id == DisclosureRow.unit_id)
             .where(Document.superseded_by.is_(None)))
    return query if drafts else query.where(Document.published == 1)


def preferred_documents(drafts: bool = False) -> Select:
    """current_documents, one per disclosure: a draft in place of its published version
    (store/current.py), for what adds documents up (the dashboard)."""
    return current_documents(drafts).where(Document.id.in_(current_ids(drafts)))


def published_units() -> Select:
    """The units with a published document (a unit only a draft named is not shown)."""
    return (select(DisclosureRow.unit_id).join(Document, Document.disclosure_id == DisclosureRow.id)
            .where(Document.published == 1))


def list_disclosures(engine: Engine, q: str | None = None, year: int | None = None, scope: str | None = None,
                     phase: str | None = None, page: int = 1, per_page: int = 20, drafts: bool = False) -> Page:
    query = current_documents(drafts)
    if q and q.strip():
        query = query.where(name_matches(q.strip()))
    if year is not None:
        query = query.where(DisclosureRow.year == year)
    if scope:
        query = query.where(DisclosureRow.scope == scope)
    if phase:
        query = query.where(DisclosureRow.phase == phase)
    with Session(engine) as s:
        total = s.scalar(select(func.count()).select_from(query.subquery()))
        rows = s.execute(query.order_by(Unit.name, DisclosureRow.year.desc(), Document.id)
                         .limit(per_page).offset((page - 1) * per_page)).mappings().all()
    return Page([dict(r) for r in rows], total or 0, page, per_page)


def name_matches(q: str):
    """A unit whose name, any name it was published under, normalised name or code holds q."""
    spelled = select(UnitName.unit_id).where(UnitName.name.contains(q, autoescape=True))
    return or_(Unit.name.contains(q, autoescape=True), Unit.norm_name.contains(normalise_name(q), autoescape=True),
               Unit.code == q, Unit.id.in_(spelled))


def choices(engine: Engine, drafts: bool = False) -> dict[str, list]:
    """The years, scopes and phases stored, for the filters (a draft's only where asked for)."""
    shown = select(Document.disclosure_id)
    if not drafts:
        shown = shown.where(Document.published == 1)
    with Session(engine) as s:
        def distinct(col):
            query = select(col).where(DisclosureRow.id.in_(shown)).distinct().order_by(col)
            return [v for v in s.scalars(query) if v not in (None, "")]
        return {"years": sorted(distinct(DisclosureRow.year), reverse=True),
                "scopes": distinct(DisclosureRow.scope), "phases": distinct(DisclosureRow.phase)}


def units(engine: Engine, q: str | None = None, drafts: bool = False) -> list[dict]:
    query = (select(Unit.id, Unit.name, Unit.code, Unit.region, func.count(DisclosureRow.id).label("disclosures"))
             .outerjoin(DisclosureRow, DisclosureRow.unit_id == Unit.id).group_by(Unit.id).order_by(Unit.name))
    if not drafts:
        query = query.where(Unit.id.in_(published_units()))
    if q and q.strip():
        query = query.where(name_matches(q.strip()))
    with Session(engine) as s:
        return [dict(r) for r in s.execute(query).mappings()]


# -- one document ------------------------------------------------------------------------------------
def document(engine: Engine, doc_id: int, drafts: bool = False) -> dict:
    """The document's row, its unit, where it was found and the other versions of its disclosure;
    a draft only where asked for (else NotFound, as if it were not stored)."""
    with Session(engine) as s:
        doc = s.get(Document, doc_id)
        if doc is None or not (drafts or doc.published):
            raise NotFound(f"没有编号为 {doc_id} 的文件")
        row_published = bool(doc.published)
        row = {c: getattr(doc, c) for c in ("id", "status", "error", "format", "encoding", "version", "superseded_by",
                                            "unit_name", "unit_code", "region", "year", "scope", "phase", "template",
                                            "facts", "errors", "warnings", "infos", "ingested_at", "sha256")}
        row["own_set_assumed"] = bool(doc.own_set_assumed)
        row["published"] = row_published
        paths = list(s.scalars(select(DocumentSource.path).where(DocumentSource.document_id == doc_id)
                               .order_by(DocumentSource.id)))
        row["sources"] = [shown_source(p) for p in paths]
        row["source_paths"] = paths          # the server's folders: for its admins only (api.disclosure)
        row.update(people(s, doc_id))
        row["in_place"] = in_place(s, doc) if drafts and has_column(s.get_bind(), "signed") else ""
        row["versions"] = versions(s, doc.disclosure_id, drafts)
        row["unit_id"] = s.scalar(select(DisclosureRow.unit_id).where(DisclosureRow.id == doc.disclosure_id))
        row["model"] = doc.model
    return row


UPLOADED = "上传/"          # how web/upload.py names an uploaded file: no server folder in it


def shown_source(path: str) -> str:
    """Where a document was found as the public may read it: the file's name, never the server's
    folders (`budgetlens ingest` stores absolute paths); an archive's member as the archive's
    name and the member's path in it; an upload as the portal named it."""
    archive, sep, member = path.partition("!/")
    if not archive.startswith(UPLOADED):
        archive = PurePosixPath(archive.replace("\\", "/")).name or archive
    return archive + sep + member


def source_folders(paths: list[str]) -> list[str]:
    """The server folders (with their trailing separator) the paths lie in, longest first."""
    folders = set()
    for path in paths:
        archive = path.partition("!/")[0]
        cut = max(archive.rfind("/"), archive.rfind("\\"))
        if cut > 0 and not archive.startswith(UPLOADED):
            folders.add(archive[:cut + 1])
    return sorted(folders, key=len, reverse=True)


def people(s: Session, doc_id: int) -> dict:
    """Who uploaded and who published the document (admins' names; None where not known)."""
    if not has_column(s.get_bind(), "uploaded_by"):
        return {"uploaded_by": None, "published_by": None, "signed": None}
    row = s.execute(select(Document.uploaded_by, Document.published_by, Document.signed)
                    .where(Document.id == doc_id)).one()
    return {"uploaded_by": row.uploaded_by, "published_by": row.published_by, "signed": row.signed}


def versions(s: Session, disclosure_id: int | None, drafts: bool = False) -> list[dict]:
    if disclosure_id is None:
        return []
    query = (select(Document.id, Document.version, Document.superseded_by, Document.ingested_at, PUBLISHED)
             .where(Document.disclosure_id == disclosure_id).order_by(Document.version))
    rows = s.execute(query if drafts else query.where(Document.published == 1))
    return [dict(r) for r in rows.mappings()]


def disclosure_model(doc: dict) -> Disclosure | None:
    """The parsed disclosure stored with the document (None for a file that could not be read)."""
    return load_model(doc["model"]) if doc.get("model") else None


def tables(engine: Engine, doc_id: int) -> list[dict]:
    """The printed tables as stored (PrintedTable JSON: amounts as decimal strings)."""
    with Session(engine) as s:
        rows = s.execute(select(PrintedTableRow.content, PrintedTableRow.table_set, PrintedTableRow.set_name)
                         .where(PrintedTableRow.document_id == doc_id).order_by(PrintedTableRow.table_index))
        return [{**content, "table_set": table_set, "set_name": set_name} for content, table_set, set_name in rows]


def facts(engine: Engine, doc_id: int, filters: dict, page: int = 1, per_page: int = 200) -> Page:
    query = select(FactRow).where(FactRow.document_id == doc_id)
    for key, value in filters.items():
        if key in FACT_FILTERS and value not in (None, ""):
            query = query.where(getattr(FactRow, key) == value)
    with Session(engine) as s:
        total = s.scalar(select(func.count()).select_from(query.subquery()))
        found = s.scalars(query.order_by(FactRow.table_index, FactRow.row_index, FactRow.id)
                          .limit(per_page).offset((page - 1) * per_page)).all()
        items = [fact_dict(f) for f in found]
    return Page(items, total or 0, page, per_page)


FACT_FIELDS = ("id", "table_index", "table_kind", "table_set", "set_name", "side", "phase", "budget_type", "source",
               "function_code", "economic_code", "project", "nature", "item", "label", "name", "row_kind",
               "amount", "unit", "precision", "amount_fen", "alternatives", "row_index", "column_key", "line",
               "page", "provenance")


def fact_dict(f: FactRow) -> dict:
    out = {c: getattr(f, c) for c in FACT_FIELDS}
    out["ambiguous"] = bool(f.ambiguous)
    return out


def fact_kinds(engine: Engine, doc_id: int) -> list[str]:
    with Session(engine) as s:
        return list(s.scalars(select(FactRow.table_kind).where(FactRow.document_id == doc_id).distinct()
                              .order_by(FactRow.table_kind)))


def findings(engine: Engine, doc_id: int, severity: str | None = None, stage: str | None = None) -> list[dict]:
    query = select(FindingRow).where(FindingRow.document_id == doc_id)
    if severity:
        query = query.where(FindingRow.severity == severity)
    if stage:
        query = query.where(FindingRow.stage == stage)
    titles = rule_titles()
    with Session(engine) as s:
        rows = s.scalars(query.order_by(FindingRow.id)).all()
    keyed = any(KEY.fullmatch(str(v)) for r in rows for k, v in (r.location or {}).items() if k in ("row", "column"))
    labels = column_labels(engine, doc_id) if keyed else {}
    return [finding_dict(r, titles, labels) for r in rows]


def finding_dict(r: FindingRow, titles: dict[str, str], labels: dict[tuple, str] | None = None) -> dict:
    out = {c: getattr(r, c) for c in ("id", "rule", "severity", "category", "stage", "prior_document_id", "message",
                                      "location", "expected", "found", "difference", "tolerance", "note", "evidence",
                                      "fingerprint")}
    out["title"] = titles.get(r.rule, "")
    out["where"] = where_found(as_finding(out).location, labels or {})
    return out


KEY = re.compile(r"[a-z][a-z0-9_]*")      # a template's key (three_public, vehicle_purchase), never printed


def where_found(location, labels: dict[tuple, str]) -> str:
    """Where a finding is, as users read it: a table without a printed number by its Chinese
    name (KIND_NAMES), a row or column a rule named by its template key by the column's label
    as printed (labels: column_labels), not the reader's keys (three_public vehicle_purchase)."""
    update = {}
    for field in ("row", "column"):
        value = getattr(location, field)
        label = labels.get((location.table_kind, value)) or labels.get((None, value))
        if value and KEY.fullmatch(value) and label:
            update[field] = label
    return describe(location.model_copy(update=update))


def column_labels(engine: Engine, doc_id: int) -> dict[tuple, str]:
    """The document's keys → their words as printed, by (table kind, key) and by (None, key):
    a column's label, a row's item (a 三公 table printed with its items as rows) its name."""
    out: dict[tuple, str] = {}
    for table in table_labels(engine, doc_id).values():
        for key, label in table["columns"].items():
            if key and label:
                for kind in (table["kind"], None):
                    out.setdefault((kind, key.rpartition(":")[2]), label)
    with Session(engine) as s:
        items = s.execute(select(FactRow.table_kind, FactRow.item, func.min(FactRow.name)).where(
            FactRow.document_id == doc_id, FactRow.item.is_not(None), FactRow.name.is_not(None))
            .group_by(FactRow.table_kind, FactRow.item))
        for kind, item, name in items:
            out.setdefault((kind, item), name)
            out.setdefault((None, item), name)
    return out


def table_labels(engine: Engine, doc_id: int) -> dict[int, dict]:
    """Each printed table (by index): its title as printed and each column's label as printed
    (by column key), to name a fact's table and column on the pages."""
    with Session(engine) as s:
        rows = s.execute(select(PrintedTableRow.table_index, PrintedTableRow.title, PrintedTableRow.kind,
                                PrintedTableRow.content).where(PrintedTableRow.document_id == doc_id))
        return {i: {"title": title or kind_name(kind), "kind": kind,
                    "columns": {c.get("key"): c.get("label") for c in (content or {}).get("columns", [])}}
                for i, title, kind, content in rows}


def as_finding(row: dict) -> Finding:
    """A stored finding as the model the checks made (to find the cells it concerns)."""
    keys = ("rule", "severity", "category", "message", "location", "expected", "found", "difference", "tolerance",
            "evidence", "fingerprint", "note")
    return Finding.model_validate({k: row[k] for k in keys if row.get(k) is not None})


def rule_titles() -> dict[str, str]:
    return {r.id: r.title for r in load_catalogue(shared=True)}


def claims(engine: Engine, doc_id: int) -> list[dict]:
    with Session(engine) as s:
        rows = s.scalars(select(ClaimRow).where(ClaimRow.document_id == doc_id).order_by(ClaimRow.line, ClaimRow.id))
        return [{c: getattr(r, c) for c in ("id", "kind", "section", "subject", "concept", "coords", "value", "unit",
                                            "precision", "direction", "basis", "implied_prior", "text", "sentence",
                                            "line")} for r in rows]


# -- the compliance dashboard -------------------------------------------------------------------------
def compliance(engine: Engine, year: int | None = None, phase: str | None = None, drafts: bool = False) -> dict:
    """Per unit: its current disclosures' errors, warnings and notes; the rules failed most
    (drafts: each draft counted in place of its published version, never beside it)."""
    docs = preferred_documents(drafts)
    if year is not None:
        docs = docs.where(DisclosureRow.year == year)
    if phase:
        docs = docs.where(DisclosureRow.phase == phase)
    sub = docs.subquery()
    per_unit = (select(sub.c.unit_id, sub.c.unit_name, func.count().label("documents"),
                       func.sum(sub.c.errors).label("errors"), func.sum(sub.c.warnings).label("warnings"),
                       func.sum(sub.c.infos).label("infos"))
                .group_by(sub.c.unit_id, sub.c.unit_name).order_by(func.sum(sub.c.errors).desc(), sub.c.unit_name))
    failed = (select(FindingRow.rule, FindingRow.severity, func.count().label("findings"),
                     func.count(FindingRow.document_id.distinct()).label("documents"))
              .where(FindingRow.document_id.in_(select(sub.c.id)), FindingRow.severity != "info")
              .group_by(FindingRow.rule, FindingRow.severity)
              .order_by(func.count().desc(), FindingRow.rule).limit(15))
    titles = rule_titles()
    with Session(engine) as s:
        units_ = [dict(r) for r in s.execute(per_unit).mappings()]
        rules = [{**r, "title": titles.get(r["rule"], "")} for r in s.execute(failed).mappings()]
    belongs = departments(engine, year, phase, drafts)
    for u in units_:
        for k in ("errors", "warnings", "infos"):
            u[k] = int(u[k] or 0)
        u["department"] = belongs.get(u["unit_id"])
    return {"units": units_, "rules": rules}


def amount_text(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


# -- one unit ------------------------------------------------------------------------------------------
TREND_LABELS = ("收入总计", "支出总计", "基本支出", "项目支出", "“三公”经费合计")


def unit(engine: Engine, unit_id: int, drafts: bool = False) -> dict:
    """The unit's row and every name it was published under (NotFound for a unit only drafts
    name, unless asked for)."""
    with Session(engine) as s:
        row = s.get(Unit, unit_id)
        if row is None or not (drafts or s.scalar(published_units().where(DisclosureRow.unit_id == unit_id).limit(1))):
            raise NotFound(f"没有编号为 {unit_id} 的单位")
        names = list(s.scalars(select(UnitName.name).where(UnitName.unit_id == unit_id).order_by(UnitName.name)))
        return {"id": row.id, "name": row.name, "code": row.code, "region": row.region,
                "names": [n for n in names if n != row.name]}


def unit_documents(engine: Engine, unit_id: int, drafts: bool = False) -> list[dict]:
    """Every stored document of the unit, every version, newest year first."""
    query = (select(Document.id, DisclosureRow.year, DisclosureRow.scope, DisclosureRow.phase, Document.version,
                    Document.superseded_by, Document.status, Document.facts, Document.errors, Document.warnings,
                    Document.infos, Document.ingested_at, PUBLISHED)
             .join(DisclosureRow, DisclosureRow.id == Document.disclosure_id)
             .where(DisclosureRow.unit_id == unit_id)
             .order_by(DisclosureRow.year.desc(), DisclosureRow.scope, DisclosureRow.phase, Document.version.desc()))
    if not drafts:
        query = query.where(Document.published == 1)
    with Session(engine) as s:
        return [dict(r) for r in s.execute(query).mappings()]


def unit_trend(engine: Engine, unit_id: int, drafts: bool = False) -> list[dict]:
    """Per scope and phase (a 部门 and a 单位 disclosure are never one series): the headline
    figures of each year stored, 万元, as `budgetlens compare` gives them (drafts: a draft's in
    place of its published version's, its year marked)."""
    groups: dict[tuple[str, str], list] = {}
    for c in disclosures_of(engine, unit_id, drafts=drafts):
        groups.setdefault((c.scope, c.phase), []).append(c)
    trend = []
    for (scope, phase), columns in groups.items():
        labels, values = compare(engine, columns)
        rows = dict(zip(labels, values))
        trend.append({"scope": scope, "phase": phase, "years": [c.year for c in columns],
                      "drafts": [c.year for c in columns if c.draft],
                      "headings": [c.heading for c in columns], "labels": labels, "rows": rows,
                      "series": {label: rows.get(label, [None] * len(columns)) for label in TREND_LABELS}})
    return trend


def departments(engine: Engine, year: int | None = None, phase: str | None = None,
                drafts: bool = False, unit_id: int | None = None) -> dict[int, dict]:
    """Each 单位 (unit id) → the 部门 it belongs to ({id, name}), as the XD rules pair them
    (store/writer.py department_of: code prefix, else the same unit or name), among current
    documents of the year and phase asked for; unit_id: that unit's only (a unit's page, which
    looked up every unit's: 0.4 s on 400 documents, growing with the store)."""
    docs = preferred_documents(drafts).where(DisclosureRow.scope == "单位")
    if unit_id is not None:
        docs = docs.where(DisclosureRow.unit_id == unit_id)
    if year is not None:
        docs = docs.where(DisclosureRow.year == year)
    if phase:
        docs = docs.where(DisclosureRow.phase == phase)
    out: dict[int, dict] = {}
    with Session(engine) as s:
        for doc in s.execute(docs).mappings().all():
            dept_doc = department_of(s, unit_document(s, doc["id"]))
            dept = scoped_document(s, dept_doc) if dept_doc else None
            if dept is not None and dept.unit_id != doc["unit_id"]:
                out[doc["unit_id"]] = {"id": dept.unit_id, "name": s.get(Unit, dept.unit_id).name}
    return out


def unit_document(s: Session, doc_id: int):
    """A 单位 document as department_of takes it, a draft's too (scoped_document reads published
    documents only: a draft 单位 gave None, and the dashboard and unit pages failed for admins)."""
    return s.execute(select(Document.id, DisclosureRow.unit_id, DisclosureRow.year, DisclosureRow.scope,
                            DisclosureRow.phase, Unit.code, Unit.norm_name, Unit.region)
                     .join(DisclosureRow, Document.disclosure_id == DisclosureRow.id)
                     .join(Unit, Unit.id == DisclosureRow.unit_id).where(Document.id == doc_id)).first()
