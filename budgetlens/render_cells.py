"""Flat views of a Disclosure: the `cells` CSV (one line per printed amount)."""

from __future__ import annotations

import csv
import io

from .model import Disclosure
from .text import plain_decimal

CELL_FIELDS = ["table", "kind", "title", "code", "name", "project", "column", "amount", "line"]


def cell_rows(disc: Disclosure) -> list[dict[str, str]]:
    out = []
    for table in disc.tables:
        labels = {c.key: c.label for c in table.columns}
        for row in table.rows:
            for cell in row.cells:
                if cell.amount is None:
                    continue
                column = labels.get(cell.column, cell.column) if cell.column else \
                    "|".join(labels.get(k, k) for k in cell.candidates)
                out.append({
                    "table": table.printed_number, "kind": table.kind, "title": table.title,
                    "code": row.code, "name": row.name, "project": row.project, "column": column,
                    "amount": plain_decimal(cell.amount, cell.precision),
                    "line": str(cell.provenance.line or ""),
                })
    return out


def cells_csv(disc: Disclosure) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CELL_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(cell_rows(disc))
    return buf.getvalue()
