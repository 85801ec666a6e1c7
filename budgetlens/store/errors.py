"""The store's error type, importable without loading SQLAlchemy (the CLI starts faster)."""


class StoreError(Exception):
    """A store problem to show the user (Chinese message)."""
