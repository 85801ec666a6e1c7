"""Writing the standard document (部门/单位预算公开) from a Disclosure: one Document model
(document.py) built from the facts (build.py, tables.py, narrative.py, wording in data/*.yaml),
written as HTML, PDF, DOCX or XLSX.

    from budgetlens.render import render
    result = render(disclosure, Path("公开.docx"), prior=last_years)
    result.document.placeholders      # what the officer must still write
"""

from __future__ import annotations

from pathlib import Path

from ..model import Disclosure
from .build import RenderError, build_document
from .document import Document

FORMATS = ("docx", "pdf", "html", "xlsx")


def write(doc: Document, out: Path) -> None:
    suffix = Path(out).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise RenderError(f"不支持的输出格式“.{suffix}”：请用 .docx、.pdf、.html 或 .xlsx")
    if suffix == "html":
        from .html import write_html as writer
    elif suffix == "pdf":
        from .html import write_pdf as writer
    elif suffix == "docx":
        from .docx import write_docx as writer
    else:
        from .xlsx import write_xlsx as writer
    writer(doc, Path(out))


def render(disc: Disclosure, out: Path, prior: Disclosure | None = None, form=None) -> Document:
    """Build the document and write it; the output's format is its suffix."""
    suffix = Path(out).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise RenderError(f"不支持的输出格式“.{suffix}”：请用 .docx、.pdf、.html 或 .xlsx")
    doc = build_document(disc, prior, form)
    write(doc, out)
    return doc


__all__ = ["FORMATS", "Document", "RenderError", "build_document", "render", "write"]
