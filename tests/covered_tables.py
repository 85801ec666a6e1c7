"""A table written as HTML, DOCX or XLSX under a cover line and a title, as offices print a
lone table of a disclosure."""

from __future__ import annotations

from functools import partial


def html(cover: str, title: str, path, rows: list[list[str]]) -> str:
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    path.write_text(f"<html><body><p>{cover}</p><p>{title}</p><p>单位：万元</p>"
                    f"<table border=1>{body}</table></body></html>", encoding="utf-8")
    return str(path)


def docx(cover: str, title: str, path, rows: list[list[str]]) -> str:
    import docx as python_docx
    document = python_docx.Document()
    for text in (cover, title, "单位：万元"):
        document.add_paragraph(text)
    table = document.add_table(rows=0, cols=len(rows[0]))
    for row in rows:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    document.save(path)
    return str(path)


def xlsx(cover: str, title: str, path, rows: list[list[str]]) -> str:
    import openpyxl
    book = openpyxl.Workbook()
    for line in ([cover], [title], ["单位：万元"], *rows):
        book.active.append(line)
    book.save(path)
    return str(path)


def writers(cover: str, title: str) -> dict:
    """form → write(path, rows) -> path, each under this cover and title."""
    return {form: partial(write, cover, title) for form, write in (("html", html), ("docx", docx), ("xlsx", xlsx))}
