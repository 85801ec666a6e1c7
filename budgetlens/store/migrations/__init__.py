"""Alembic migrations of the budgetlens store (run by budgetlens.store.db.upgrade)."""
