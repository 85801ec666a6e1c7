"""One module per rule family; importing them registers their rules."""

from . import arithmetic, classification, completeness, cross_table, dates, narrative, performance  # noqa: F401
from . import breakdowns, year_over_year  # noqa: F401
