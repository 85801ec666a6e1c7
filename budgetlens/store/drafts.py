"""Drafts: documents a finance bureau stores to check before publication (documents.published
= 0). A draft is read, checked and stored as any document, but it is nobody's current version:
it supersedes nothing, no rule across documents pairs it with another, the views and exports
leave it out. Publishing makes it its disclosure's current version (store/writer.py decides, as
for any new version) and runs its rules across documents; deleting a draft removes it and its
rows but keeps the file's bytes (blobs): the store never loses an original it was given.
"""

from __future__ import annotations

from sqlalchemy import Engine, delete, inspect, select
from sqlalchemy.orm import Session

from .errors import NotFound, StoreError
from .schema import (
    ClaimRow,
    Document,
    DocumentSource,
    FactRow,
    FindingRow,
    PrintedTableRow,
)
from .versions import recency, stored_signature

_KNOWN: set[str] = set()       # engines (by URL) whose store has the column: it is never dropped


def has_drafts(bind) -> bool:
    """Whether the store has documents.published (revision 0006): a store opened at an older
    revision (its upgrade tests write to one) has no drafts."""
    key = str(getattr(bind, "url", bind))
    if key in _KNOWN:
        return True
    columns = {c["name"] for c in inspect(bind).get_columns("documents")}
    if "published" in columns:
        _KNOWN.add(key)
        return True
    return False


def live(s: Session) -> list:
    """The conditions of a current, published document (a draft is no one's current version)."""
    conditions = [Document.superseded_by.is_(None)]
    if has_drafts(s.get_bind()):
        conditions.append(Document.published == 1)
    return conditions


def draft_of(s: Session, doc_id: int) -> Document:
    doc = s.get(Document, doc_id)
    if doc is None:
        raise NotFound(f"没有编号为 {doc_id} 的文件")
    if doc.published:
        raise StoreError(f"文件 {doc_id} 已经发布，不是草稿")
    return doc


def publish(engine: Engine, doc_id: int) -> str:
    """Publish a draft: it becomes its disclosure's current version unless the current one is
    the later (then it is kept as an earlier version, and why is returned, else ''); then the
    rules across documents run for it."""
    from .ingest import Ingest
    from .writer import Writer
    with Session(engine) as s, s.begin():
        doc = draft_of(s, doc_id)
        doc.published = 1
        doc.cross_pending = 1
        placeholders_to_errors(s, doc)
        s.flush()
        why = ""
        if doc.disclosure_id is not None:
            paths = list(s.scalars(select(DocumentSource.path).where(DocumentSource.document_id == doc_id)))
            _, why = Writer._supersede(s, doc, doc.disclosure_id, recency(stored_signature(doc.model), paths))
    Ingest(engine, workers=0).run([])       # its pending rules across documents, as the next ingest would
    return why


def placeholders_to_errors(s: Session, doc: Document) -> None:
    """A draft's 【待填写】 items were checked as warnings (C-PLACEHOLDER in draft mode); a
    published document keeps them errors, with the catalogue's message."""
    from ..checks import load_catalogue
    from ..checks.context import describe
    from ..model.findings import Location

    spec = next(r for r in load_catalogue() if r.id == "C-PLACEHOLDER")
    rows = s.scalars(select(FindingRow).where(FindingRow.document_id == doc.id, FindingRow.rule == spec.id,
                                              FindingRow.severity == "warning")).all()
    for row in rows:
        where = describe(Location.model_validate(row.location or {}))
        row.severity, row.message = spec.severity, spec.message.format(where=where, found=row.found or "")
    if rows and spec.severity == "error":
        doc.errors, doc.warnings = doc.errors + len(rows), max(doc.warnings - len(rows), 0)
        doc.status = "errors"


def delete_draft(engine: Engine, doc_id: int) -> None:
    """Remove a draft and everything read from it; the file's bytes stay (blobs)."""
    with Session(engine) as s, s.begin():
        draft_of(s, doc_id)
        for model in (FindingRow, ClaimRow, FactRow, PrintedTableRow, DocumentSource):
            s.execute(delete(model).where(model.document_id == doc_id))
        # (a draft is no one's current version: no other document's row names it)
        s.execute(delete(Document).where(Document.id == doc_id))
