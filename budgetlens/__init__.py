"""budgetlens: read, check and publish Chinese government budget disclosures."""

__version__ = "0.1.0"
