"""The store: documents, units, disclosures, facts, claims and findings in SQLite or PostgreSQL.

    from budgetlens.store import open_engine, Ingest
    engine = open_engine("sqlite:///corpus.db")      # or postgresql+psycopg://…; None = default file
    summary = Ingest(engine, workers=2).run(["folder/"])
"""

from .errors import NotFound, StoreError

_LAZY = {"default_url": "db", "open_engine": "db", "resolve_url": "db", "upgrade": "db",
         "Ingest": "ingest", "Summary": "ingest"}


def __getattr__(name: str):
    # SQLAlchemy and the pipeline load on first use, not when the CLI starts
    if name in _LAZY:
        import importlib
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(name)


__all__ = ["Ingest", "NotFound", "StoreError", "Summary", "default_url", "open_engine", "resolve_url", "upgrade"]
