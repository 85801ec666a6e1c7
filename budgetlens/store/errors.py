"""The store's error types, importable without loading SQLAlchemy (the CLI starts faster)."""


class StoreError(Exception):
    """A store problem to show the user (Chinese message)."""


class NotFound(StoreError):
    """What was asked for is not stored (a unit, a document, a disclosure): HTTP 404, not a
    mistake in the request."""
