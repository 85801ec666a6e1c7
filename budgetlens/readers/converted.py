"""Office files read through LibreOffice: Word 97–2003 (.doc) and WPS Writer files, OpenDocument
text (.odt) and RTF converted to DOCX; OpenDocument spreadsheets (.ods) to XLSX; then read as
DOCX or XLSX.

Many units still publish their disclosure as a .doc, and offices on domestic systems save
OpenDocument. No well-kept Python library reads these with their tables as Word and Calc do;
LibreOffice's import filters do (Debian: libreoffice-writer-nogui, libreoffice-calc-nogui).
Without it the file gets a clear error naming what to install. The document keeps the
original file's path, bytes hash and format; a note says it was converted.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from .base import ReadError, SourceDocument, sha256_bytes
from .workbook import cut_short

CONVERT_SECONDS = 180           # a long document's first conversion also starts LibreOffice
# kind → (what it becomes, LibreOffice's filter, what users call it, the package that reads it)
CONVERSIONS = {
    "doc": ("docx", "MS Word 2007 XML", "旧版 Word（.doc/.wps）", "libreoffice-writer-nogui"),
    "odt": ("docx", "MS Word 2007 XML", "OpenDocument 文本（.odt）", "libreoffice-writer-nogui"),
    "rtf": ("docx", "MS Word 2007 XML", "RTF 文档", "libreoffice-writer-nogui"),
    "ods": ("xlsx", "Calc MS Excel 2007 XML", "OpenDocument 表格（.ods）", "libreoffice-calc-nogui"),
}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_converted(path: str, data: bytes, kind: str) -> SourceDocument:
    target, _, called, package = CONVERSIONS[kind]
    name = Path(path).name
    program = soffice()
    if program is None:
        raise ReadError(f"{name} 是{called}文件，读取需要 LibreOffice（Debian/Ubuntu：apt-get install {package}），"
                        f"本机未安装；也可将其另存为 .{target} 或 PDF 后再读取")
    converted = convert(program, name, data, kind)
    if target == "docx":
        from .docx import read_docx
        doc = read_docx(path, converted)
    else:
        from .workbook import read_workbook
        doc = read_workbook(path, converted, "xlsx")
    doc.format, doc.sha256 = kind, sha256_bytes(data)
    doc.notes.append(f"{name} 是{called}文件，已由 LibreOffice 转换为 {target.upper()} 后读取")
    return doc


def convert(program: str, name: str, data: bytes, kind: str) -> bytes:
    """The file's bytes converted by LibreOffice, each run in a profile of its own (two
    conversions sharing one profile wait for each other or fail)."""
    target, filter_name, called, package = CONVERSIONS[kind]
    with tempfile.TemporaryDirectory(prefix="budgetlens-convert-") as tmp:
        folder = Path(tmp)
        source = folder / f"source.{kind}"
        source.write_bytes(data)
        command = [program, "--headless", "--norestore", f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                   "--convert-to", f"{target}:{filter_name}", "--outdir", str(folder / "out"), str(source)]
        try:
            run = subprocess.run(command, capture_output=True, timeout=CONVERT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise ReadError(f"{name}：LibreOffice 在 {CONVERT_SECONDS} 秒内未能将其转换为 {target.upper()}，未读取；"
                            f"请另存为 .{target} 或 PDF 后再读取") from None
        converted = folder / "out" / f"source.{target}"
        if not converted.exists() or converted.stat().st_size == 0:
            if kind == "doc" and (short := cut_short(name, data, "Word")):
                raise ReadError(short)
            said = (run.stderr or run.stdout).decode("utf-8", "replace").strip().splitlines()
            raise ReadError(f"{name} 无法作为{called}文件读取：LibreOffice 未能将其转换为 {target.upper()}"
                            f"（{said[-1] if said else f'退出码 {run.returncode}'}）；文件可能已损坏或设有密码，"
                            f"或本机缺少 LibreOffice 的相应组件（{package}）")
        return converted.read_bytes()
