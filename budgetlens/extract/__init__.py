"""Extraction: printed tables → facts; narrative → claims; overview → staffing."""
