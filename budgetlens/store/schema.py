"""The database schema (SQLAlchemy 2). Migrations in migrations/versions create exactly this;
tests/test_store.py compares the two so they cannot drift apart.

Money is exact: `amount` keeps the printed Decimal as text and `amount_fen` the same value as
an integer number of 分 (0.01 元), which sums exactly on SQLite and PostgreSQL alike (SQLite
would store NUMERIC as a binary float).

A *disclosure* is the logical publication (unit, year, scope 部门/单位, phase 预算/决算); each
*document* is one file version of it. A new version of a disclosure supersedes the old one
(`superseded_by`) without deleting it; views read current documents only.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import ClassVar

from sqlalchemy import (BigInteger, Date, DateTime, Float, ForeignKey, Index, Integer, LargeBinary,
                        String, Text, UniqueConstraint, text)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# 64-bit ids on PostgreSQL (a corpus holds far more than 2^31 facts); SQLite needs INTEGER
# for its rowid alias.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class DecimalText(TypeDecorator):
    """A Decimal stored as its exact text."""

    impl = String(48)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else str(value)

    def process_result_value(self, value, dialect):
        return None if value is None else Decimal(value)


class JSONText(TypeDecorator):
    """JSON kept as text. Workers encode it (records.py), so the single writer does not
    spend its time in json.dumps; an object is encoded here. Reads give the object back.
    (PostgreSQL users cast it: provenance::json ->> 'line'.)"""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None or isinstance(value, str):
            return value
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def process_result_value(self, value, dialect):
        return None if value is None else json.loads(value)


class Base(DeclarativeBase):
    pass


class Unit(Base):
    __tablename__ = "units"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str | None] = mapped_column(Text, unique=True)
    name: Mapped[str] = mapped_column(Text)          # first name seen, for display
    norm_name: Mapped[str] = mapped_column(Text, index=True)
    region: Mapped[str] = mapped_column(Text, default="")   # normalised, '' when unknown


class UnitName(Base):
    """Every spelling under which a unit was published, with the years it was used."""

    __tablename__ = "unit_names"
    __table_args__ = (UniqueConstraint("unit_id", "name"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    name: Mapped[str] = mapped_column(Text)
    first_year: Mapped[int | None] = mapped_column(Integer)
    last_year: Mapped[int | None] = mapped_column(Integer)


class DisclosureRow(Base):
    __tablename__ = "disclosures"
    __table_args__ = (UniqueConstraint("unit_id", "year", "scope", "phase"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    scope: Mapped[str] = mapped_column(Text)            # 部门 / 单位 / '' unknown
    phase: Mapped[str] = mapped_column(Text)            # 预算 / 决算 / '' unknown


class Blob(Base):
    """The file exactly as published."""

    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class Document(Base):
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"), unique=True)
    status: Mapped[str] = mapped_column(String(16), index=True)  # ok/warnings/errors/unreadable/failed
    error: Mapped[str | None] = mapped_column(Text)
    format: Mapped[str | None] = mapped_column(Text)
    encoding: Mapped[str | None] = mapped_column(Text)
    disclosure_id: Mapped[int | None] = mapped_column(ForeignKey("disclosures.id"), index=True)
    version: Mapped[int | None] = mapped_column(Integer)
    superseded_by: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    unit_name: Mapped[str | None] = mapped_column(Text)   # as printed in this version
    unit_code: Mapped[str | None] = mapped_column(Text)
    region: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer)
    scope: Mapped[str | None] = mapped_column(Text)
    phase: Mapped[str | None] = mapped_column(Text)
    template: Mapped[str | None] = mapped_column(Text)
    facts: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    infos: Mapped[int] = mapped_column(Integer, default=0)
    reader_version: Mapped[str | None] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    model: Mapped[bytes | None] = mapped_column(LargeBinary)   # zlib-compressed Disclosure JSON
    # 1: the document prints several sets of tables and nothing told which is its own (汇总):
    # set 0 was taken by its place (the parse's own-set-assumed warning); its figures are not sure.
    # (Deferred, written where 1 and never fetched back after an insert: a store opened before
    # revision 0003 reads and writes documents without it, as its upgrade test does.)
    own_set_assumed: Mapped[int] = mapped_column(Integer, server_default="0", deferred=True)
    # 1 until the rules across documents (year-over-year, 部门 vs 单位) have run for it: an
    # ingest stopped before its second phase leaves them to the next (deferred, as above)
    cross_pending: Mapped[int] = mapped_column(Integer, server_default="1", deferred=True)
    # 0 for a draft, stored to be checked before publication: no public page, view or export shows
    # it until it is published (deferred, written where 0: as above)
    published: Mapped[int] = mapped_column(Integer, server_default="1", deferred=True)
    # the signature date (落款日期) the document prints: which version is current is decided by it
    # (store/current.py, writer.py); who uploaded and who published a draft (the admin's name, web/auth.py).
    # (Deferred, written where known: a store opened before revision 0007 has none of them; the
    # server default NULL keeps an insert that sets none of them from naming them.)
    signed: Mapped[date | None] = mapped_column(Date, server_default=text("NULL"), deferred=True)
    uploaded_by: Mapped[str | None] = mapped_column(Text, server_default=text("NULL"), deferred=True)
    published_by: Mapped[str | None] = mapped_column(Text, server_default=text("NULL"), deferred=True)
    __mapper_args__: ClassVar[dict] = {"eager_defaults": False}


class DocumentSource(Base):
    """Where a document was found: one row per path (or URL) holding the same bytes."""

    __tablename__ = "document_sources"
    __table_args__ = (UniqueConstraint("document_id", "path"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    path: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    fetched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DocumentPart(Base):
    """A disclosure published as several files (tables in one, the narrative in another) is
    stored as one document read from them all (pipeline.parse_bundle): one row per file, its
    bytes in blobs, in the order they were read."""

    __tablename__ = "document_parts"
    __table_args__ = (UniqueConstraint("document_id", "seq"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"), index=True)
    path: Mapped[str] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(Text)     # tables / narrative (SourceFile.role)


class PrintedTableRow(Base):
    __tablename__ = "printed_tables"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    table_index: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(Text)
    number: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(Text)
    table_set: Mapped[int | None] = mapped_column(Integer)      # see FactRow.table_set
    set_name: Mapped[str | None] = mapped_column(Text)
    content: Mapped[dict] = mapped_column(JSONText)               # the PrintedTable as JSON


class FactRow(Base):
    """One printed amount in long form, keyed by its budget coordinates."""

    __tablename__ = "facts"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    year: Mapped[int | None] = mapped_column(Integer)         # the year the amount is for
    scope: Mapped[str | None] = mapped_column(Text)
    disclosure_phase: Mapped[str | None] = mapped_column(Text)   # 预算 / 决算
    table_index: Mapped[int] = mapped_column(Integer)
    table_kind: Mapped[str] = mapped_column(Text)
    # the set of tables the amount's table belongs to: 0 the document's own (a department's
    # 汇总), 1, 2 … each unit's printed after it, NULL where the reader could not tell; a total
    # over a department's documents takes set 0 only (the units' are in it already)
    table_set: Mapped[int | None] = mapped_column(Integer)
    set_name: Mapped[str | None] = mapped_column(Text)       # the 编制单位 the set's tables print
    side: Mapped[str | None] = mapped_column(Text)
    phase: Mapped[str | None] = mapped_column(Text)     # column phase: 本年预算 / 上年执行数 …
    budget_type: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    function_code: Mapped[str | None] = mapped_column(Text)
    economic_code: Mapped[str | None] = mapped_column(Text)
    project: Mapped[str | None] = mapped_column(Text)
    nature: Mapped[str | None] = mapped_column(Text)
    item: Mapped[str | None] = mapped_column(Text)
    label: Mapped[str | None] = mapped_column(Text)
    name: Mapped[str | None] = mapped_column(Text)            # the row's printed name
    row_kind: Mapped[str] = mapped_column(Text)         # total / function / economic / project / item / other
    amount: Mapped[Decimal] = mapped_column(DecimalText)      # exact, as printed
    unit: Mapped[str] = mapped_column(Text)              # 万元 / 元
    precision: Mapped[int | None] = mapped_column(Integer)
    amount_fen: Mapped[int] = mapped_column(BigInteger)       # the amount in 分, exact
    ambiguous: Mapped[int] = mapped_column(Integer, default=0)   # 1 when the column is undecided
    alternatives: Mapped[list | None] = mapped_column(JSONText)
    row_index: Mapped[int] = mapped_column(Integer)
    column_key: Mapped[str | None] = mapped_column(Text)
    line: Mapped[int | None] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer)
    provenance: Mapped[dict] = mapped_column(JSONText)

    __table_args__ = (Index("ix_facts_document", "document_id"),
                      Index("ix_facts_unit_year", "unit_id", "year", "table_kind"))


class ClaimRow(Base):
    __tablename__ = "claims"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    kind: Mapped[str] = mapped_column(Text)
    section: Mapped[str | None] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(Text)
    concept: Mapped[str | None] = mapped_column(Text)
    coords: Mapped[dict | None] = mapped_column(JSONText)
    value: Mapped[Decimal] = mapped_column(DecimalText)
    unit: Mapped[str] = mapped_column(Text)
    precision: Mapped[int | None] = mapped_column(Integer)
    direction: Mapped[str | None] = mapped_column(Text)
    basis: Mapped[str | None] = mapped_column(Text)
    implied_prior: Mapped[Decimal | None] = mapped_column(DecimalText)
    text: Mapped[str] = mapped_column(Text)
    sentence: Mapped[str] = mapped_column(Text)
    line: Mapped[int | None] = mapped_column(Integer)


class FindingRow(Base):
    """A finding of the checks. stage 'document' comes from the document alone; 'cross' from
    comparing it with the disclosure of the year before (prior_document_id); 'department' from
    comparing a 单位's disclosure with its 部门's of the same year (prior_document_id is the 部门's)."""

    __tablename__ = "findings"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    stage: Mapped[str] = mapped_column(Text)
    prior_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    rule: Mapped[str] = mapped_column(Text, index=True)
    severity: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)
    location: Mapped[dict] = mapped_column(JSONText)
    expected: Mapped[str | None] = mapped_column(Text)
    found: Mapped[str | None] = mapped_column(Text)
    difference: Mapped[Decimal | None] = mapped_column(DecimalText)
    tolerance: Mapped[Decimal | None] = mapped_column(DecimalText)
    fingerprint: Mapped[str] = mapped_column(Text, index=True)
    note: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[list] = mapped_column(JSONText)


class JobRow(Base):
    """A background job of the portal (web/jobs.py): kept in the store so that every worker
    process sees it and a restart loses neither it nor its files (their bytes are in blobs)."""

    __tablename__ = "jobs"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))                  # ingest / render
    status: Mapped[str] = mapped_column(String(16), index=True)    # queued/running/done/failed/interrupted
    files: Mapped[list] = mapped_column(JSONText)                  # [{"name", "sha256", "role"}]
    done: Mapped[int] = mapped_column(Integer, server_default="0")
    current: Mapped[str] = mapped_column(Text, server_default="")
    results: Mapped[list | None] = mapped_column(JSONText)          # an ingest: each file's outcome
    output: Mapped[dict | None] = mapped_column(JSONText)           # a render: title, what is left to fill in
    error: Mapped[str] = mapped_column(Text, server_default="")
    admin: Mapped[str | None] = mapped_column(Text)                 # who started it
    runner: Mapped[str] = mapped_column(String(32))                 # the process running it
    created: Mapped[float] = mapped_column(Float)                   # seconds since the epoch
    started: Mapped[float | None] = mapped_column(Float)            # it began to run (migration 0008)
    beat: Mapped[float] = mapped_column(Float)                      # its runner last said it was alive
    finished: Mapped[float | None] = mapped_column(Float)


class AdminSession(Base):
    """A portal login: the cookie holds a random secret, the store its hash; logging out removes
    the row, so a copied cookie opens nothing afterwards (web/auth.py)."""

    __tablename__ = "admin_sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)    # sha256 of the cookie's secret
    admin: Mapped[str] = mapped_column(Text)
    created: Mapped[float] = mapped_column(Float)
    expires: Mapped[float] = mapped_column(Float)
