"""Where a value was printed: file, line span, later page and box, and table cell."""

from __future__ import annotations

from pydantic import BaseModel


class Provenance(BaseModel):
    file: str
    line: int | None = None          # 1-based first line
    line_end: int | None = None      # 1-based last line (wrapped rows, sentences)
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None   # PDF points: x0, top, x1, bottom
    ref: str | None = None           # sheet and cell (XLSX 'Sheet1!C5'), table/row/cell (DOCX, HTML)
    char_start: int | None = None    # span inside the line, markup removed and spaces squeezed
    char_end: int | None = None
    table: int | None = None         # index of the table in Disclosure.tables
    row: int | None = None           # row index as printed (0-based, data rows)
    column: str | None = None        # column key
