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
import struct
import subprocess
import tempfile
from pathlib import Path

from .base import Line, ReadError, SourceDocument, sha256_bytes
from .workbook import cut_short

CONVERT_SECONDS = 180           # a long document's first conversion also starts LibreOffice
# kind → (what it becomes, LibreOffice's filter, what users call it, the package that reads it)
CONVERSIONS = {
    "doc": ("docx", "MS Word 2007 XML", "旧版 Word（.doc/.wps）", "libreoffice-writer-nogui"),
    "odt": ("docx", "MS Word 2007 XML", "OpenDocument 文本（.odt）", "libreoffice-writer-nogui"),
    "rtf": ("docx", "MS Word 2007 XML", "RTF 文档", "libreoffice-writer-nogui"),
    "ods": ("xlsx", "Calc MS Excel 2007 XML", "OpenDocument 表格（.ods）", "libreoffice-calc-nogui"),
}


class CutShort(ReadError):
    """An Office 97–2003 file cut short (a download stopped): the message says so."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_converted(path: str, data: bytes, kind: str) -> SourceDocument:
    target, _, called, package = CONVERSIONS[kind]
    name = Path(path).name
    program = soffice()
    if program is None:
        raise ReadError(f"{name} 是{called}文件，读取需要 LibreOffice（Debian/Ubuntu：apt-get install {package}），"
                        f"本机未安装；也可将其另存为 .{target} 或 PDF 后再读取")
    try:
        converted = convert(program, name, data, kind)
    except CutShort as exc:
        doc = salvaged(path, data, str(exc)) if kind == "doc" else None
        if doc is None:
            raise
        return doc
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
                raise CutShort(short)
            said = (run.stderr or run.stdout).decode("utf-8", "replace").strip().splitlines()
            raise ReadError(f"{name} 无法作为{called}文件读取：LibreOffice 未能将其转换为 {target.upper()}"
                            f"（{said[-1] if said else f'退出码 {run.returncode}'}）；文件可能已损坏或设有密码，"
                            f"或本机缺少 LibreOffice 的相应组件（{package}）")
        return converted.read_bytes()


# ---- the text of a .doc cut short ----------------------------------------------------------
# Its directory and allocation tables (at the file's end) are lost, so no stream can be found by
# them; but the WordDocument stream is written in one piece, and it starts with its FIB (magic
# 0xA5EC at a sector's start), which says where the text begins (fcMin) and how many characters
# the main text has (ccpText). The text is read from there while it is there. Its paragraphs are
# kept; table rows are not: which of two cell marks in a row ends the row and which ends an empty
# cell only the lost formatting says, so a row's figures could not be put under their columns.

FIB_MAGIC = b"\xec\xa5"
TEXT_MARKS = {"\r", "\x0b", "\x0c"}          # paragraph end, line break, page or section break
CELL_MARK = "\x07"


def salvaged(path: str, data: bytes, cut: str) -> SourceDocument | None:
    """The paragraphs of a .doc cut short that are there, with a warning saying what is lost;
    None where not even its first text is left."""
    text = word_text(data)
    paragraphs = [p for p in text_paragraphs(text) if p.strip()] if text else []
    if not paragraphs:
        return None
    doc = SourceDocument(path=path, format="doc", encoding=None, sha256=sha256_bytes(data))
    doc.lines = [Line(no, p) for no, p in enumerate(paragraphs, start=1)]
    tables = "，其中的表格未能读出（表格的行列划分记录在缺失的部分）" if CELL_MARK in text else ""
    doc.warnings.append(f"{cut.split('：')[0]}：文件其余部分已缺失，只读出了残存的 {len(paragraphs)} 段正文文字"
                        f"{tables}；请重新下载或向发布单位索取完整的 Word 文件")
    return doc


def word_text(data: bytes) -> str | None:
    """The main text a WordDocument stream's FIB points to, as far as the file holds it."""
    size = 1 << int.from_bytes(data[30:32], "little") if data[30:32] in (b"\x09\x00", b"\x0c\x00") else 512
    for sector in range(size, len(data) - size, size):
        if data[sector:sector + 2] != FIB_MAGIC or data[sector + 2:sector + 4] not in NFIB:
            continue
        stream = chained(data, size, sector // size - 1)
        start = int.from_bytes(stream[24:28], "little")                              # fcMin
        length = main_text_length(stream)
        if length is None or start >= len(stream):
            return None
        raw = stream[start:start + 2 * length]
        wide = raw[:len(raw) // 2 * 2].decode("utf-16-le", "replace")
        narrow = stream[start:start + length].decode("cp1252", "replace")
        # a CJK text is stored two bytes a character; a Western one may be one byte each
        return wide if plausible(wide) >= plausible(narrow) else narrow
    return None


def chained(data: bytes, size: int, first: int) -> bytes:
    """The stream starting at sector `first`, its sectors in the order the allocation table
    chains them (the writer puts the table's own sectors among a stream's), as far as the file
    holds them; where the table itself is lost, the sectors that follow in the file."""
    fat: dict[int, int] = {}
    per = size // 4
    for n, at in enumerate(struct.unpack_from("<109I", data, 76)):
        start = (at + 1) * size
        if at >= 0xFFFFFFFA or start + size > len(data):
            continue
        for i, nxt in enumerate(struct.unpack_from(f"<{per}I", data, start)):
            fat[n * per + i] = nxt
    out, sector, seen = bytearray(), first, set()
    while sector not in seen and (sector + 2) * size <= len(data):
        seen.add(sector)
        out += data[(sector + 1) * size:(sector + 2) * size]
        sector = fat.get(sector, sector + 1)
        if sector >= 0xFFFFFFFA:
            break
    return bytes(out)


NFIB = {(193).to_bytes(2, "little"), (217).to_bytes(2, "little"), (257).to_bytes(2, "little"),
        (268).to_bytes(2, "little"), (274).to_bytes(2, "little")}      # Word 97 … 2007 (and writers copying them)


def main_text_length(data: bytes) -> int | None:
    """ccpText, the fourth number of the FIB's FibRgLw97 (after its FibRgW97 of csw shorts)."""
    at = 32
    if at + 2 > len(data):
        return None
    csw = int.from_bytes(data[at:at + 2], "little")
    lw = at + 2 + 2 * csw + 2 + 3 * 4
    if lw + 4 > len(data):
        return None
    count = int.from_bytes(data[lw:lw + 4], "little", signed=True)
    return count if 0 < count < len(data) else None


def plausible(text: str) -> int:
    """How many of the first characters are text: CJK, printable ASCII, Word's marks."""
    return sum(1 for ch in text[:400] if ch.isprintable() or ch in TEXT_MARKS or ch in "\x07\t\x13\x14\x15")


def text_paragraphs(text: str) -> list[str]:
    """The paragraphs outside tables, whole ones only (the last, cut off, is left out): a field's
    code (between \\x13 and \\x14) left out and its result kept, the marks of objects dropped."""
    out, current, code = [], [], 0
    for ch in text:
        if ch == "\x13":
            code += 1
        elif ch == "\x14" or ch == "\x15":
            code = max(code - 1, 0) if ch == "\x14" else code
        elif ch in TEXT_MARKS:
            if CELL_MARK not in current:
                out.append("".join(current).strip())
            current = []
        elif ch == "\ufffd":
            break                          # the file's bytes end inside a character, or garbage starts
        elif not code and (ch.isprintable() or ch.isspace() or ch == CELL_MARK):
            current.append(ch)
    return out
