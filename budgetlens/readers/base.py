"""What every reader returns: a document as numbered lines, some of them table rows."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


class ReadError(Exception):
    """A file that cannot be read as a disclosure; the message is for users (Chinese)."""


@dataclass(slots=True)                     # thousands per document: slots build and read faster
class Line:
    no: int                       # 1-based line number in the source
    text: str                     # raw text, tabs kept
    cells: list[str] | None = None  # cells when the source gives a real grid (tabs, PDF ruling)
    page: int | None = None


@dataclass
class SourceDocument:
    path: str
    format: str                   # markdown / ocr / plain / …
    encoding: str | None
    sha256: str
    lines: list[Line] = field(default_factory=list)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
