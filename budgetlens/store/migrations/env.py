"""Alembic environment: runs on the connection budgetlens passes in (db.upgrade), or on
sqlalchemy.url when alembic is called from the command line with its own config."""

from alembic import context
from sqlalchemy import create_engine

from budgetlens.store.schema import Base

config = context.config


def run(connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    # the alembic command line: on SQLite, foreign keys off while tables are copied (db.migrating)
    from budgetlens.store.db import migrating
    with migrating(create_engine(config.get_main_option("sqlalchemy.url"))) as conn:
        run(conn)
