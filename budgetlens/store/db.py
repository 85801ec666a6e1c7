"""Opening the store: where it lives, engines for SQLite and PostgreSQL, migrations.

The default is a SQLite file in the user's data directory ($BUDGETLENS_HOME, else the
platform's: ~/.local/share/budgetlens on Linux). Any SQLAlchemy URL works, e.g.
postgresql+psycopg://user:pw@host/db. The schema is brought to the newest migration the
first time a store is opened for writing.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url

from .errors import StoreError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
__all__ = ["StoreError", "downgrade", "make_engine", "open_engine", "resolve_url", "upgrade"]


def data_dir() -> Path:
    home = os.environ.get("BUDGETLENS_HOME")
    if home:
        return Path(home).expanduser()
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "budgetlens"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "budgetlens"
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "budgetlens"


def default_url() -> str:
    return f"sqlite:///{data_dir() / 'budgetlens.db'}"


def resolve_url(url: str | None) -> str:
    """A URL from --db (or $BUDGETLENS_DB); a bare file path means a SQLite file."""
    url = url or os.environ.get("BUDGETLENS_DB") or default_url()
    if "://" not in url:
        url = f"sqlite:///{Path(url).expanduser().resolve()}"
    return url


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    database = make_url(url).database
    return Path(database) if database and database != ":memory:" else None


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")      # readers never block the writer
    cur.execute("PRAGMA synchronous=NORMAL")    # safe with WAL: a killed process loses nothing committed
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def make_engine(url: str, readonly: bool = False) -> Engine:
    url = resolve_url(url)
    if is_sqlite(url):
        path = sqlite_path(url)
        if readonly:
            if path is None or not path.exists():
                raise StoreError(f"数据库不存在：{path}；请先用 budgetlens ingest 导入文件")
            engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true",
                                   connect_args={"timeout": 30})
            event.listen(engine, "connect", _sqlite_query_only)
            return engine
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 60})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        engine = create_engine(url, pool_pre_ping=True)
    except Exception as exc:   # unknown driver, malformed URL
        raise StoreError(f"无法连接数据库 {make_url(url).render_as_string(hide_password=True)}：{exc}") from exc
    if readonly:
        # every transaction on these connections is READ ONLY
        engine = engine.execution_options(postgresql_readonly=True)
    return engine


def _sqlite_query_only(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA query_only=ON")
    cur.close()


def alembic_config(connection=None):
    from alembic.config import Config
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command
    with migrating(engine) as conn:
        command.upgrade(alembic_config(conn), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """The schema taken back to an earlier revision ("base": nothing), the data kept."""
    from alembic import command
    with migrating(engine) as conn:
        command.downgrade(alembic_config(conn), revision)


@contextmanager
def migrating(engine: Engine) -> Iterator:
    """A connection in a transaction to migrate on. SQLite alters a table by copying it and
    dropping the old one (Alembic's batch mode): with foreign keys enforced, dropping `documents`
    while facts and findings refer to it fails. They are off during the migration, as SQLite's
    own procedure for altering a table has it (the pragma is ignored inside a transaction: set
    before it), and the references are checked before the migration commits: one it broke
    undoes it (rows left orphaned before, say by a hand in the sqlite3 shell, whose foreign keys
    are off by default, do not stop it). The migration is one transaction on both databases: one
    that fails leaves the schema as it was."""
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            with conn.begin():
                if sqlite:
                    # the driver begins a transaction before DML only: the DDL would commit as it goes
                    conn.exec_driver_sql("BEGIN")
                    before = broken_references(conn)
                yield conn
                if sqlite:
                    newly_broken(before, broken_references(conn))
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()


def broken_references(conn) -> Counter:
    """How many rows of each table refer to a missing row of each other table."""
    return Counter((row[0], row[2]) for row in conn.exec_driver_sql("PRAGMA foreign_key_check"))


def newly_broken(before: Counter, after: Counter) -> None:
    """StoreError where the migration left more rows referring to missing ones than it found."""
    added = after - before
    if added:
        tables = "、".join(sorted({table for table, _ in added}))
        raise StoreError(f"数据库迁移会使 {sum(added.values())} 行引用不存在的记录（表 {tables}），迁移已撤销")


def open_engine(url: str | None = None) -> Engine:
    """An engine on an up-to-date schema (migrating it first if needed)."""
    engine = make_engine(resolve_url(url))
    try:
        if current_revision(engine) != head_revision():
            upgrade(engine)
    except StoreError:
        raise
    except Exception as exc:
        raise StoreError(f"无法打开数据库 {describe(engine)}：{exc}") from exc
    return engine


def describe(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)
