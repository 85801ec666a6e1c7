"""Writing documents into the store, one transaction per document.

A document is identified by the sha256 of its bytes: storing the same bytes again only
records the new path. A document whose disclosure (unit, year, scope, phase) already has a
current version becomes the next version (numbered in the order stored) and supersedes it,
unless that version is the later one by what the documents tell (store/versions.py) or the
new one has no table amounts; nothing is deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlalchemy import Engine, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import __version__
from .drafts import has_column, has_drafts, has_parts, live
from .records import Outcome
from .records import load_model, role_of
from .schema import (Blob, ClaimRow, DisclosureRow, Document, DocumentPart, DocumentSource, FactRow,
                     FindingRow, PrintedTableRow, Unit, UnitName)
from .units import normalise_name, unit_key
from .versions import Recency, later, recency, stored_signature


def signature_date(value) -> date | None:
    """The document's signature date as a date (None where not printed or not a date)."""
    try:
        return date.fromisoformat(value) if isinstance(value, str) else value
    except ValueError:
        return None


def now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class Complement:
    """A stored file a part of a disclosure is read together with."""
    document_id: int        # the document it was stored as
    sha256: str             # the file's bytes (in blobs)
    path: str               # the name it was stored under
    joined: bool = False    # a part of that document, read from several files: a part of it is revised


@dataclass
class Saved:
    document_id: int
    created: bool          # False: these bytes were already stored
    kept_by: int | None = None   # not made current: this current version was kept instead
    kept_why: str = ""           # why, said to the user


class Writer:
    def __init__(self, engine: Engine, draft: bool = False):
        """draft: new documents are stored as drafts (store/drafts.py), current version of nothing
        until published."""
        self.engine = engine
        self.draft = draft

    # -- lookups ---------------------------------------------------------------------------
    def document_id(self, sha256: str) -> int | None:
        with Session(self.engine) as s:
            return s.scalar(select(Document.id).where(Document.sha256 == sha256))

    def document_status(self, sha256: str) -> tuple[int, str] | None:
        with Session(self.engine) as s:
            row = s.execute(select(Document.id, Document.status).where(Document.sha256 == sha256)).first()
            return tuple(row) if row else None

    def add_source(self, document_id: int, path: str, url: str | None = None,
                   fetched_at: datetime | None = None) -> bool:
        """Record another place the same bytes were found. True when it was new."""
        with Session(self.engine) as s, s.begin():
            exists = s.scalar(select(DocumentSource.id).where(DocumentSource.document_id == document_id,
                                                              DocumentSource.path == path))
            if exists:
                return False
            s.add(DocumentSource(document_id=document_id, path=path, url=url, fetched_at=fetched_at,
                                 seen_at=now()))
        return True

    def bundle_of(self, sha256: str) -> int | None:
        """The document read from several files one of which has these bytes (the latest)."""
        if not has_parts(self.engine):
            return None
        with Session(self.engine) as s:
            return s.scalar(select(func.max(DocumentPart.document_id)).where(DocumentPart.sha256 == sha256))

    def complements(self, meta: dict, role: str) -> list[Complement]:
        """The current documents of the same disclosure (unit, year, scope, phase) that hold
        what a part with this role lacks (the narrative for the tables and the reverse): a
        document read from one file, or one read from several files (joined), whose other part
        is then the complement (the part with this role being a revised one). Storing drafts, a
        draft not yet superseded is one too (the parts of a disclosure uploaded one by one)."""
        other = {"tables": "narrative", "narrative": "tables"}.get(role)
        if other is None or not meta.get("unit_name") or not meta.get("year") or not has_parts(self.engine):
            return []
        with Session(self.engine) as s:
            unit = find_unit(s, *unit_key(meta.get("unit_code"), meta["unit_name"], meta.get("region")))
            if unit is None:
                return []
            found = []
            for doc in s.scalars(select(Document).join(DisclosureRow, Document.disclosure_id == DisclosureRow.id)
                                 .where(DisclosureRow.unit_id == unit.id, DisclosureRow.year == meta["year"],
                                        DisclosureRow.scope == (meta.get("scope") or ""),
                                        DisclosureRow.phase == (meta.get("phase") or ""),
                                        *([Document.superseded_by.is_(None)] if self.draft else live(s)))
                                 .order_by(Document.id)):
                found.extend(self._complement(s, doc, role, other))
            return found

    @staticmethod
    def _complement(s: Session, doc: Document, role: str, other: str) -> list[Complement]:
        parts = s.execute(select(DocumentPart.sha256, DocumentPart.path, DocumentPart.role)
                          .where(DocumentPart.document_id == doc.id).order_by(DocumentPart.seq)).all()
        if parts:
            # joined from one part of each kind: the other kind's file joins the revised part
            if sorted(p.role for p in parts) != sorted((role, other)):
                return []
            keep = next(p for p in parts if p.role == other)
            return [Complement(doc.id, keep.sha256, keep.path, joined=True)]
        if not doc.model or role_of(load_model(doc.model)) != other:
            return []
        path = s.scalar(select(DocumentSource.path).where(DocumentSource.document_id == doc.id)
                        .order_by(DocumentSource.id).limit(1))
        return [Complement(doc.id, doc.sha256, path or "")]

    def retire_draft(self, doc_id: int, by: int) -> None:
        """A draft part joined into a document read from several files: superseded by it (kept,
        no longer shown in place of the published version)."""
        with Session(self.engine) as s, s.begin():
            s.execute(update(Document).where(Document.id == doc_id, Document.superseded_by.is_(None),
                                             Document.published == 0).values(superseded_by=by))

    def content(self, sha256: str) -> bytes | None:
        with Session(self.engine) as s:
            blob = s.get(Blob, sha256)
            return None if blob is None else blob.content

    # -- one document ----------------------------------------------------------------------
    def save(self, out: Outcome, content: bytes, path: str, url: str | None = None,
             fetched_at: datetime | None = None, parts: dict[str, bytes] | None = None) -> Saved:
        """parts: a document read from several files (out.parts), each file's bytes by sha256;
        content is then the list of them (records.bundle_manifest)."""
        try:
            with Session(self.engine) as s, s.begin():
                for sha, data in (parts or {}).items():
                    if s.get(Blob, sha) is None:
                        s.add(Blob(sha256=sha, size=len(data), content=data))
                existing = s.execute(select(Document.id, Document.status)
                                     .where(Document.sha256 == out.sha256)).first()
                # stored meanwhile by another ingest: these bytes are done
                if existing is None or existing.status in ("unreadable", "failed"):
                    doc_id, kept = self._save(s, out, content, path, url, fetched_at)
                    return Saved(doc_id, True, *kept)
        except IntegrityError:
            pass        # another ingest stored the same bytes between our lookup and our insert
        doc_id = self.document_id(out.sha256)
        if doc_id is None:
            raise RuntimeError(f"无法保存 {path}")
        self.add_source(doc_id, path, url, fetched_at)
        return Saved(doc_id, False)

    def _save(self, s: Session, out: Outcome, content: bytes, path: str, url, fetched_at
              ) -> tuple[int, tuple[int | None, str]]:
        """The document's id, and the current version kept instead of it (or None) with why."""
        if s.get(Blob, out.sha256) is None:
            s.add(Blob(sha256=out.sha256, size=len(content), content=content))
        meta = out.meta
        unit_id = disclosure_id = version = None
        if meta.get("unit_name") and meta.get("year"):
            unit_id = self._unit(s, meta)
            disclosure_id = self._disclosure(s, unit_id, meta)
            version = (s.scalar(select(func.max(Document.version))
                                .where(Document.disclosure_id == disclosure_id)) or 0) + 1
        # a file that could not be read before and is read again (--retry) keeps its row
        known = s.scalar(select(Document).where(Document.sha256 == out.sha256))
        doc = known or Document(sha256=out.sha256)
        for key, value in dict(status=out.status, error=out.error, format=out.format, encoding=out.encoding,
                               disclosure_id=disclosure_id, version=version, unit_name=meta.get("unit_name"),
                               unit_code=meta.get("unit_code"), region=meta.get("region"), year=meta.get("year"),
                               scope=meta.get("scope"), phase=meta.get("phase"), template=meta.get("template"),
                               facts=out.counts.get("facts", 0), errors=out.counts.get("errors", 0),
                               warnings=out.counts.get("warnings", 0), infos=out.counts.get("infos", 0),
                               reader_version=__version__, ingested_at=now(), model=out.model).items():
            setattr(doc, key, value)
        if out.own_set_assumed or known is not None:      # else the column's default, 0
            doc.own_set_assumed = int(out.own_set_assumed)
        if known is not None:                              # read again: its pairs run again
            doc.cross_pending = 1
        if self.draft and known is None:                   # else the column's default, 1
            doc.published = 0
        signed = signature_date(meta.get("signature_date"))
        if signed is not None and has_column(s.get_bind(), "signed"):
            doc.signed = signed
        s.add(doc)
        s.flush()
        # a document read from several files: a correction any of them names in its file name
        mine = recency(meta.get("signature_date"), [p["path"] for p in out.parts] or [path])
        # a file read again keeps its own state (a draft stays one)
        draft = (self.draft and known is None) or (known is not None and has_drafts(s.get_bind()) and not known.published)
        kept = self._supersede(s, doc, disclosure_id, mine) if disclosure_id is not None and not draft else (None, "")
        for where in [p["path"] for p in out.parts] or [path]:
            if s.scalar(select(DocumentSource.id).where(DocumentSource.document_id == doc.id,
                                                        DocumentSource.path == where)) is None:
                s.add(DocumentSource(document_id=doc.id, path=where, url=url, fetched_at=fetched_at, seen_at=now()))
        if known is None:
            s.add_all(DocumentPart(document_id=doc.id, seq=i, sha256=p["sha256"], path=p["path"], role=p["role"])
                      for i, p in enumerate(out.parts))
        self._rows(s, PrintedTableRow, out.tables, document_id=doc.id)
        self._rows(s, FactRow, out.facts, document_id=doc.id, unit_id=unit_id)
        self._rows(s, ClaimRow, out.claims, document_id=doc.id)
        self._rows(s, FindingRow, out.findings, document_id=doc.id)
        return doc.id, kept

    @staticmethod
    def _supersede(s: Session, doc: Document, disclosure_id: int, mine: Recency) -> tuple[int | None, str]:
        """Make the document its disclosure's current version, unless
        - no table amount was read from it while the current version has them (the narrative
          of a disclosure published as two files, the tables being the other), or
        - the current version is the later one by its signature date or a correction its file
          name names (a folder's older file ingested after the newer one);
        then it is kept as superseded by that version, whose id is returned with why, and the
        disclosure's figures stay."""
        current = s.execute(select(Document.id, Document.facts, Document.model).where(
            Document.disclosure_id == disclosure_id, Document.id != doc.id, *live(s))).all()
        with_figures = [c.id for c in current if c.facts]
        if not doc.facts and with_figures:
            doc.superseded_by = max(with_figures)
            return doc.superseded_by, (f"未读出表格金额，不取代同一公开文件已入库的版本（文档 {doc.superseded_by}），"
                                       "数字仍以该版本为准（表格与说明分为两个文件发布时即如此）")
        for c in current:
            theirs = recency(stored_signature(c.model),
                             list(s.scalars(select(DocumentSource.path).where(DocumentSource.document_id == c.id))))
            if later(theirs, mine):
                doc.superseded_by = c.id
                return c.id, (f"同一公开文件已入库的版本（文档 {c.id}，{theirs.said()}）晚于此文件（{mine.said()}），"
                              "此文件作为较早版本保存，不取代该版本，数字仍以该版本为准")
        s.execute(update(Document).where(Document.id.in_([c.id for c in current])).values(superseded_by=doc.id))
        return None, ""

    @staticmethod
    def _rows(s: Session, model, rows: list[dict], **common) -> None:
        if rows:    # Core executemany: the ORM's bulk path would issue one INSERT per row here
            s.connection().execute(insert(model.__table__), [{**r, **common} for r in rows])

    def _unit(self, s: Session, meta: dict) -> int:
        code, norm, region = unit_key(meta.get("unit_code"), meta["unit_name"], meta.get("region"))
        unit = find_unit(s, code, norm, region)
        if unit is None:
            unit = Unit(code=code, name=meta["unit_name"].strip(), norm_name=norm, region=region)
            s.add(unit)
            s.flush()
        else:
            if code and not unit.code:
                unit.code = code
            if region and not unit.region:
                unit.region = region
        self._name(s, unit.id, meta["unit_name"].strip(), meta["year"])
        return unit.id

    @staticmethod
    def _name(s: Session, unit_id: int, name: str, year: int) -> None:
        row = s.scalar(select(UnitName).where(UnitName.unit_id == unit_id, UnitName.name == name))
        if row is None:
            s.add(UnitName(unit_id=unit_id, name=name, first_year=year, last_year=year))
        else:
            row.first_year = min(row.first_year or year, year)
            row.last_year = max(row.last_year or year, year)

    @staticmethod
    def _disclosure(s: Session, unit_id: int, meta: dict) -> int:
        key = dict(unit_id=unit_id, year=meta["year"], scope=meta.get("scope") or "",
                   phase=meta.get("phase") or "")
        found = s.scalar(select(DisclosureRow.id).filter_by(**key))
        if found is not None:
            return found
        row = DisclosureRow(**key)
        s.add(row)
        s.flush()
        return row.id

    # -- second phase: rules across documents ------------------------------------------------
    def neighbour_pairs(self, document_ids: list[int]) -> list[tuple[int, int]]:
        """(document, prior) pairs of current versions whose year-over-year rules must (re)run
        because one of document_ids is either of them."""
        pairs: set[tuple[int, int]] = set()
        with Session(self.engine) as s:
            for doc_id in document_ids:
                row = current_disclosure(s, doc_id)
                if row is None:
                    continue
                unit_id, year, scope, phase = row
                prior = current_document(s, unit_id, year - 1, scope, phase)
                if prior is not None:
                    pairs.add((doc_id, prior))
                nxt = current_document(s, unit_id, year + 1, scope, phase)
                if nxt is not None:
                    pairs.add((nxt, doc_id))
        return sorted(pairs)

    def cross_pending(self) -> list[int]:
        """Documents whose rules across documents have not run (their ingest stopped before)."""
        with Session(self.engine) as s:
            return list(s.scalars(select(Document.id).where(Document.cross_pending == 1,
                                                            Document.disclosure_id.isnot(None))))

    def cross_done(self, document_ids: list[int]) -> None:
        with Session(self.engine) as s, s.begin():
            for at in range(0, len(document_ids), 500):
                s.execute(update(Document).where(Document.id.in_(document_ids[at:at + 500]))
                          .values(cross_pending=0))

    def models(self, *document_ids: int) -> list[bytes | None]:
        with Session(self.engine) as s:
            return [s.scalar(select(Document.model).where(Document.id == i)) for i in document_ids]

    def department_pairs(self, document_ids: list[int]) -> list[tuple[int, int]]:
        """(单位 document, 部门 document) pairs of current versions whose 部门 vs 单位 rules must
        (re)run because one of document_ids is either of them."""
        pairs: set[tuple[int, int]] = set()
        with Session(self.engine) as s:
            for doc_id in document_ids:
                me = scoped_document(s, doc_id)
                if me is None:
                    continue
                if me.scope == "单位":
                    dept = department_of(s, me)
                    if dept is not None:
                        pairs.add((doc_id, dept))
                elif me.scope == "部门":
                    pairs.update((u.id, doc_id) for u in units_of(s, me) if department_of(s, u) == doc_id)
        return sorted(pairs)

    def save_cross(self, document_id: int, prior_id: int, rows: list[dict], stage: str = "cross") -> None:
        """Replace the document's findings of this stage ('cross': year-over-year, 'department':
        against its 部门) with those against the other document."""
        with Session(self.engine) as s, s.begin():
            s.execute(delete(FindingRow).where(FindingRow.document_id == document_id,
                                               FindingRow.stage == stage))
            self._rows(s, FindingRow, rows, document_id=document_id, prior_document_id=prior_id)


def find_unit(s: Session, code: str | None, norm: str, region: str) -> Unit | None:
    if code:
        unit = s.scalar(select(Unit).where(Unit.code == code))
        if unit is not None:
            return unit
    candidates = list(s.scalars(select(Unit).where(Unit.norm_name == norm)))
    if code:   # a coded unit matches a name-only one, never one with another code
        candidates = [u for u in candidates if not u.code]
    same_region = [u for u in candidates if u.region == region]
    if same_region:
        return same_region[0]
    if len(candidates) == 1 and (not region or not candidates[0].region):
        return candidates[0]    # one side does not know its region: the same name is the same unit
    return None


def current_disclosure(s: Session, doc_id: int):
    return s.execute(select(DisclosureRow.unit_id, DisclosureRow.year, DisclosureRow.scope, DisclosureRow.phase)
                     .join(Document, Document.disclosure_id == DisclosureRow.id)
                     .where(Document.id == doc_id, *live(s))).first()


def current_document(s: Session, unit_id: int, year: int, scope: str, phase: str) -> int | None:
    """The current version of the unit's disclosure for year: same scope (部门 and 单位 are never
    compared), the same phase preferred (a budget with last year's budget)."""
    rows = s.execute(select(Document.id, DisclosureRow.phase)
                     .join(DisclosureRow, Document.disclosure_id == DisclosureRow.id)
                     .where(DisclosureRow.unit_id == unit_id, DisclosureRow.year == year,
                            DisclosureRow.scope == scope, *live(s))).all()
    rows.sort(key=lambda r: (r.phase != phase, r.id))
    return rows[0].id if rows else None


def _scoped(s: Session):
    """Current (published) documents with their disclosure and unit."""
    return (select(Document.id, DisclosureRow.unit_id, DisclosureRow.year, DisclosureRow.scope,
                   DisclosureRow.phase, Unit.code, Unit.norm_name, Unit.region)
            .join(DisclosureRow, Document.disclosure_id == DisclosureRow.id)
            .join(Unit, Unit.id == DisclosureRow.unit_id)
            .where(*live(s)))


def scoped_document(s: Session, doc_id: int):
    return s.execute(_scoped(s).where(Document.id == doc_id)).first()


def _same_region(a: str | None, b: str | None) -> bool:
    return not a or not b or a == b


def department_of(s: Session, unit) -> int | None:
    """The current 部门 document a 单位 document belongs to, same year and phase: the 部门 whose
    unit code is the longest prefix of the 单位's code, else the one of the same unit or name
    (its own office, 本级)."""
    prefixes = [unit.code[:n] for n in range(1, len(unit.code))] if unit.code else []
    rows = s.execute(_scoped(s).where(
        DisclosureRow.scope == "部门", DisclosureRow.year == unit.year, DisclosureRow.phase == unit.phase,
        or_(DisclosureRow.unit_id == unit.unit_id, Unit.norm_name == unit.norm_name,
            Unit.code.in_(prefixes)))).all()

    def rank(d):
        by_code = bool(d.code and d.code in prefixes)
        return (not by_code, -len(d.code or "") if by_code else 0, d.unit_id != unit.unit_id, d.id)
    rows = [d for d in rows if (d.code and d.code in prefixes) or d.unit_id == unit.unit_id
            or _same_region(d.region, unit.region)]
    return min(rows, key=rank).id if rows else None


def units_of(s: Session, dept) -> list:
    """Current 单位 documents of the 部门's year and phase that may belong to it (by unit, name
    or code prefix); department_of decides."""
    match = [DisclosureRow.unit_id == dept.unit_id, Unit.norm_name == dept.norm_name]
    if dept.code:
        match.append(Unit.code.startswith(dept.code, autoescape=True))
    return s.execute(_scoped(s).where(DisclosureRow.scope == "单位", DisclosureRow.year == dept.year,
                                     DisclosureRow.phase == dept.phase, or_(*match))).all()


def unit_ids_named(s: Session, name: str) -> list[int]:
    norm = normalise_name(name)
    return list(s.scalars(select(Unit.id).where(Unit.norm_name == norm)))
