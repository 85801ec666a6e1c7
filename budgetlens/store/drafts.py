"""Drafts: documents a finance bureau stores to check before publication (documents.published
= 0). A draft is read, checked and stored as any document, but it is nobody's current version:
it supersedes nothing, no rule across documents pairs it with another, the views and exports
leave it out. Publishing makes it its disclosure's current version (store/writer.py decides, as
for any new version) and runs its rules across documents; deleting a draft removes it and its
rows but keeps the file's bytes (blobs): the store never loses an original it was given.
"""

from __future__ import annotations

from sqlalchemy import Engine, delete, inspect, select, update
from sqlalchemy.exc import NoSuchTableError
from sqlalchemy.orm import Session

from .errors import NotFound, StoreError
from .schema import (
    ClaimRow,
    Document,
    DocumentPart,
    DocumentSource,
    FactRow,
    FindingRow,
    PrintedTableRow,
)
from .versions import recency, stored_signature

_KNOWN: set[tuple[str, str]] = set()   # (engine URL, column) the store has: columns are never dropped


def has_column(bind, column: str, table: str = "documents") -> bool:
    """Whether the store's table has the column: a store opened at an older revision (its
    upgrade tests write to one) lacks the newer ones."""
    key = (str(getattr(bind, "url", bind)), f"{table}.{column}")
    if key in _KNOWN:
        return True
    if column in {c["name"] for c in inspect(bind).get_columns(table)}:
        _KNOWN.add(key)
        return True
    return False


def has_parts(bind) -> bool:
    """Whether the store has document_parts (revision 0009): an older store keeps each file alone."""
    try:
        return has_column(bind, "sha256", "document_parts")
    except NoSuchTableError:
        return False


def has_drafts(bind) -> bool:
    """Whether the store has documents.published (revision 0006)."""
    return has_column(bind, "published")


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


def publish(engine: Engine, doc_id: int, admin: str | None = None) -> str:
    """Publish a draft: it becomes its disclosure's current version unless the current one is
    the later (then it is kept as an earlier version, and why is returned, else ''); then the
    rules across documents run for it. admin: who publishes it (recorded)."""
    from .ingest import Ingest
    from .writer import Writer
    with Session(engine) as s, s.begin():
        doc = draft_of(s, doc_id)
        doc.published = 1
        doc.cross_pending = 1
        placeholders_to_errors(s, doc)
        if admin and has_column(s.get_bind(), "published_by"):
            doc.published_by = admin
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
        parts = [DocumentPart] if has_parts(s.get_bind()) else []
        for model in (FindingRow, ClaimRow, FactRow, PrintedTableRow, DocumentSource, *parts):
            s.execute(delete(model).where(model.document_id == doc_id))
        # a draft is no one's current version, but a draft part joined into it (store/ingest.py
        # _bundle) is superseded by it: that part is a draft again, as before it was joined
        s.execute(update(Document).where(Document.superseded_by == doc_id, Document.published == 0)
                  .values(superseded_by=None))
        s.execute(delete(Document).where(Document.id == doc_id))


def record_uploader(engine: Engine, doc_ids: list[int], admin: str | None) -> None:
    """Note who uploaded documents this upload stored (not those stored before: the same bytes
    uploaded again keep their first uploader)."""
    if not admin or not doc_ids or not has_column(engine, "uploaded_by"):
        return
    with Session(engine) as s, s.begin():
        s.execute(update(Document).where(Document.id.in_(doc_ids), Document.uploaded_by.is_(None))
                  .values(uploaded_by=admin))
