"""Word 97–2003 (.doc) and WPS Writer files: converted to DOCX by LibreOffice, then read as DOCX.

Many units still publish their disclosure as a .doc. No well-kept Python library reads the
binary Word format with its tables; LibreOffice's import filter does (Debian:
libreoffice-writer-nogui). Without it the file gets a clear error naming what to install. The
document keeps the original file's path, bytes hash and format ("doc"); a note says it was
converted.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from .base import ReadError, SourceDocument, sha256_bytes

CONVERT_SECONDS = 180           # a long document's first conversion also starts LibreOffice
INSTALL = "LibreOffice 的 Writer 组件（Debian/Ubuntu：apt-get install libreoffice-writer-nogui）"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_doc(path: str, data: bytes) -> SourceDocument:
    name = Path(path).name
    program = soffice()
    if program is None:
        raise ReadError(f"{name} 是旧版 Word（.doc/.wps）文件，读取需要{INSTALL}，本机未安装；"
                        "也可将其另存为 .docx 或 PDF 后再读取")
    converted = convert_to_docx(program, name, data)
    from .docx import read_docx

    doc = read_docx(path, converted)
    doc.format, doc.sha256 = "doc", sha256_bytes(data)
    doc.notes.append(f"{name} 是旧版 Word（.doc/.wps）文件，已由 LibreOffice 转换为 DOCX 后读取")
    return doc


def convert_to_docx(program: str, name: str, data: bytes) -> bytes:
    """The file's bytes converted by LibreOffice, each run in a profile of its own (two
    conversions sharing one profile wait for each other or fail)."""
    with tempfile.TemporaryDirectory(prefix="budgetlens-doc-") as tmp:
        folder = Path(tmp)
        source = folder / "source.doc"
        source.write_bytes(data)
        command = [program, "--headless", "--norestore", f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                   "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder / "out"), str(source)]
        try:
            run = subprocess.run(command, capture_output=True, timeout=CONVERT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise ReadError(f"{name}：LibreOffice 在 {CONVERT_SECONDS} 秒内未能将其转换为 DOCX，未读取；"
                            "请另存为 .docx 或 PDF 后再读取") from None
        converted = folder / "out" / "source.docx"
        if not converted.exists() or converted.stat().st_size == 0:
            said = (run.stderr or run.stdout).decode("utf-8", "replace").strip().splitlines()
            raise ReadError(f"{name} 无法作为旧版 Word（.doc/.wps）文件读取：LibreOffice 未能将其转换为 DOCX"
                            f"（{said[-1] if said else f'退出码 {run.returncode}'}）；文件可能已损坏，"
                            f"或本机缺少{INSTALL}")
        return converted.read_bytes()
