"""Readers: a file in any supported form → SourceDocument (numbered lines and table grids)."""

from __future__ import annotations

from pathlib import Path

from .base import Line, ReadError, SourceDocument
from .text import read_text

MAX_BYTES = 200 * 1024 * 1024
MAGIC = {b"%PDF": "PDF", b"PK\x03\x04": "DOCX/XLSX（ZIP）", b"\xd0\xcf\x11\xe0": "DOC/XLS（OLE）"}

__all__ = ["Line", "ReadError", "SourceDocument", "read_document"]


def read_document(path: str | Path) -> SourceDocument:
    path = Path(path)
    if not path.exists():
        raise ReadError(f"文件不存在：{path}")
    if path.is_dir():
        raise ReadError(f"这是一个文件夹，不是文件：{path}")
    size = path.stat().st_size
    if size == 0:
        raise ReadError(f"文件为空：{path}")
    if size > MAX_BYTES:
        raise ReadError(f"文件过大（{size // 1024 // 1024} MB，上限 {MAX_BYTES // 1024 // 1024} MB）：{path}")
    data = path.read_bytes()
    for magic, kind in MAGIC.items():
        if data.startswith(magic):
            raise ReadError(f"暂不支持 {kind} 格式（{path.name}）；当前版本读取文本形式的公开文件"
                            "（markdown、OCR 文本、pdftotext 文本）")
    return read_text(str(path), data)
