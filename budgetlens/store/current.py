"""Which document is a disclosure's current one: the published current version (what the views
read and the public sees), or — for whoever may see drafts — its draft where one is stored, in
place of the published version it would supersede, never beside it (a draft and its published
version added together would double every figure).

A draft takes the place of its disclosure's published current version (same unit, year, scope
and phase: the disclosure row) as publishing would make it: the latest draft of the disclosure
(by signature date where both drafts print one, else the one stored later);
a draft from which no table amount was read does not replace a version that has them (as
store/writer.py _supersede decides on publishing); nor does a draft signed earlier than the
published version (documents.signed, the 落款日期: where both print one, the later date is
the later version, as publishing decides). `in_place` says which one shows and why.

The views (migrations) read published documents only; `view_source` gives a view's query with
its documents chosen this way instead, so one choice serves every view without a second set of
views in the database."""

from __future__ import annotations

import re
from functools import cache

from sqlalchemy import Engine, Select, and_, exists, or_, select
from sqlalchemy.orm import Session, aliased

from .schema import Document

# how every view of the current facts picks its documents (migration 0006)
PUBLISHED_CURRENT = "d.superseded_by IS NULL AND d.published = 1"


def shown_drafts() -> Select:
    """Id and disclosure of each draft shown in place of its disclosure's published version."""
    draft, other, kept = (aliased(Document, name=n) for n in ("cur_draft", "cur_other", "cur_kept"))
    kept_current = and_(kept.disclosure_id == draft.disclosure_id, kept.published == 1, kept.superseded_by.is_(None))
    kept_figures = exists().where(kept_current, kept.facts > 0)
    return (select(draft.id, draft.disclosure_id)
            .where(draft.published == 0, draft.superseded_by.is_(None), ~later_draft(draft, other),
                   or_(draft.facts > 0, ~kept_figures), ~exists().where(kept_current, signed_later(kept, draft))))


def signed_later(a, b):
    """a was signed later than b (both print a signature date)."""
    return and_(a.signed.is_not(None), b.signed.is_not(None), a.signed > b.signed)


def later_draft(draft, other):
    """Another draft of the disclosure is the later version: signed later, or, where the dates do
    not tell (one lacks it, or they are the same day), stored later."""
    undated = or_(other.signed.is_(None), draft.signed.is_(None), other.signed == draft.signed)
    return exists().where(other.disclosure_id == draft.disclosure_id, other.published == 0,
                          other.superseded_by.is_(None), other.id != draft.id,
                          or_(signed_later(other, draft), and_(undated, other.id > draft.id)))


def current_ids(drafts: bool = False) -> Select:
    """Ids of the current documents: published only, or (drafts) each draft in place of its
    disclosure's published version."""
    doc = aliased(Document, name="cur_doc")
    published = and_(doc.superseded_by.is_(None), doc.published == 1)
    if not drafts:
        return select(doc.id).where(published)
    shown = shown_drafts().subquery("cur_shown")
    replaced = doc.disclosure_id.in_(select(shown.c.disclosure_id))
    return select(doc.id).where(or_(and_(published, ~replaced), doc.id.in_(select(shown.c.id))))


def current_condition(engine: Engine, drafts: bool, alias: str = "d") -> str:
    """The SQL condition on the documents table (as alias) choosing current documents."""
    if not drafts:
        return PUBLISHED_CURRENT.replace("d.", f"{alias}.")
    ids = current_ids(True).compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True})
    return f"{alias}.id IN ({ids})"


def view_source(engine: Engine, name: str, drafts: bool = False) -> str:
    """What to read FROM for the view `name`: the view itself, or (drafts) its query over the
    current documents drafts preferred, as a subquery under the view's name."""
    if not drafts:
        return name
    sql = head_views()[name]
    if PUBLISHED_CURRENT not in sql:
        raise ValueError(f"view {name} does not choose its documents as the others do")
    return f"({sql.replace(PUBLISHED_CURRENT, current_condition(engine, True))}) AS {name}"


@cache
def head_views() -> dict[str, str]:
    """Each view's SELECT as the newest migration defining views creates it."""
    from alembic.script import ScriptDirectory

    from .db import alembic_config
    scripts = ScriptDirectory.from_config(alembic_config())
    revision = scripts.get_revision(scripts.get_current_head())
    # a migration that leaves the views as they were defines none (0005 names a module VIEWS)
    while revision is not None and not isinstance(getattr(revision.module, "VIEWS", None), list):
        revision = scripts.get_revision(revision.down_revision)
    views = {}
    for sql in revision.module.VIEWS if revision is not None else []:
        found = re.match(r"\s*CREATE VIEW (\w+) AS\s+(.*)", sql, re.DOTALL)
        if found:
            views[found.group(1)] = found.group(2).strip()
    return views


def in_place(s: Session, doc: Document) -> str:
    """For whoever sees drafts: which version of the document's disclosure 比较, the trends, the
    dashboard and the exports with drafts show, and why (Chinese; '' where there is nothing to say:
    a published version no draft replaces, a superseded one)."""
    if doc.disclosure_id is None or doc.superseded_by is not None:
        return ""
    drafts = shown_drafts().subquery()
    shown = s.execute(select(drafts.c.id).where(drafts.c.disclosure_id == doc.disclosure_id)).first()
    published = s.execute(select(Document.id, Document.signed, Document.facts).where(
        Document.disclosure_id == doc.disclosure_id, Document.published == 1,
        Document.superseded_by.is_(None))).first()
    if doc.published:
        return f"比较、趋势与看板（含草稿时）显示草稿（文档 {shown.id}），代替此版本" if shown else ""
    if shown is not None and shown.id == doc.id:
        return "比较、趋势与看板（含草稿时）显示此草稿" + (f"，代替已发布版本（文档 {published.id}）" if published else "")
    if shown is not None:
        return f"同一公开文件有更新的草稿（文档 {shown.id}），比较中显示该草稿，不显示此草稿"
    if published is None:
        return ""
    if published.signed and doc.signed and published.signed > doc.signed:
        return (f"此草稿落款日期 {doc.signed.isoformat()} 早于已发布版本（文档 {published.id}）的 "
                f"{published.signed.isoformat()}：比较中仍显示已发布版本；发布后也只作为较早版本保存")
    if not doc.facts and published.facts:
        return f"此草稿未读出表格金额：比较中仍显示已发布版本（文档 {published.id}）的数字"
    return f"比较中显示已发布版本（文档 {published.id}）"
