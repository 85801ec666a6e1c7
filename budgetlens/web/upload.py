"""Uploaded files → the store, as `budgetlens ingest` stores them: the original bytes kept, a
file that cannot be read recorded and its reason said. Checked first: the size limit
(BUDGETLENS_MAX_UPLOAD_MB, HTTP 413) and a file of a kind budgetlens does not read (HTTP 415)."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from sqlalchemy import Engine

from ..readers import sniff
from ..store.drafts import record_uploader
from ..store.ingest import Ingest
from ..store.writer import Writer
from .jobs import JobsBusy

DEFAULT_MAX_MB = 50
MAX_WAITING = 10             # jobs queued and not yet started (each holds its upload in memory)
MAX_NAME_BYTES = 200         # under the 255 bytes of a file name, room for the store's prefixes
# what the readers read (readers/__init__.py: by content; these are the names such files carry)
ACCEPTED = (".pdf", ".docx", ".doc", ".wps", ".xlsx", ".xlsb", ".xls", ".ods", ".odt", ".rtf", ".html", ".htm",
            ".mhtml", ".mht", ".txt", ".md", ".csv", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif",
            ".webp", ".zip")
EXPECTED = "PDF、Word（.docx/.doc）、Excel（.xlsx/.xlsb/.xls）、WPS、OpenDocument、RTF、HTML 网页、文本、页面图片或 ZIP 压缩包"
STATUS_NAMES = {"ok": "通过", "warnings": "有警告", "errors": "有错误", "unreadable": "无法读取",
                "failed": "处理出错", "known": "已入库"}


class UploadRefused(Exception):
    """A file refused before it was stored: status is the HTTP status, message Chinese."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Uploaded:
    name: str
    status: str                  # ok / warnings / errors / unreadable / failed / known
    document_id: int | None
    error: str = ""
    members: list[int] = field(default_factory=list)   # a ZIP archive: the documents its files became
    known: list[int] = field(default_factory=list)     # a ZIP archive: its files' documents stored before
    notes: list[str] = field(default_factory=list)     # said of the file stored (joined with another part …)

    @property
    def stored(self) -> bool:
        return self.status not in ("unreadable", "failed")

    @property
    def status_name(self) -> str:
        return STATUS_NAMES.get(self.status, self.status)


def max_upload_bytes() -> int:
    raw = os.environ.get("BUDGETLENS_MAX_UPLOAD_MB", "")
    try:
        mb = float(raw) if raw.strip() else DEFAULT_MAX_MB
    except ValueError:
        mb = DEFAULT_MAX_MB
    return int(mb * 1024 * 1024)


def too_large(limit: int) -> UploadRefused:
    return UploadRefused(413, f"上传的文件超过大小上限 {limit / 1024 / 1024:g} MB"
                              "（上限由环境变量 BUDGETLENS_MAX_UPLOAD_MB 设定）；文件未导入")


# a GBK name's bytes as Starlette's Latin-1 fallback shows them: the common characters (GB2312
# area) are pairs of bytes 0xA1–0xFE; each run of such bytes an even length
GBK_RUNS = re.compile(r"[\x80-\xff]+")


def repaired_name(name: str) -> str:
    """A file name an old browser sent in GBK, as it was meant. Starlette decodes a multipart
    file name as UTF-8 and, where that fails, as Latin-1: GBK bytes become "Ô¤Ëã.pdf". The name
    is decoded again as the store decodes a ZIP's names without the UTF-8 flag (readers
    zip_member_name: GB18030) only where that is certain: every byte past ASCII pairs as
    GB2312's Chinese characters do, two of them at least; a true Latin-1 name ("Müller.pdf") stays
    as received."""
    runs = GBK_RUNS.findall(name) if all(ord(c) < 256 for c in name) else []
    # two characters at least: a single pair could as well be two Latin-1 letters ("ÄÖ")
    if sum(map(len, runs)) < 4 or any(len(r) % 2 or any(c < "\xa1" for c in r) for r in runs):
        return name
    try:
        return name.encode("latin-1").decode("gb18030")
    except UnicodeDecodeError:
        return name


def safe_name(name: str | None) -> str:
    """The file's own name (a GBK name repaired), without the folders a browser may send and
    without characters a file system refuses."""
    base = PurePath(repaired_name(name or "").replace("\\", "/")).name
    base = re.sub(r'[\x00-\x1f<>:"/|?*]', "_", base).strip(" .")
    return shortened(base) or "上传文件"


def shortened(name: str) -> str:
    """A name within what file systems take (255 bytes; a Chinese character is 3 in UTF-8),
    its extension kept: the readers and the store go by it."""
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext) > 10:
        stem, ext = name, ""
    ext = dot + ext if ext else ""
    while len((stem + ext).encode("utf-8")) > MAX_NAME_BYTES:
        stem = stem[:-1]
    return stem + ext


def check_file(name: str, data: bytes, limit: int) -> None:
    if len(data) > limit:
        raise too_large(limit)
    if not data:
        raise UploadRefused(422, f"{name} 是空文件；请上传{EXPECTED}")
    # a known format is read whatever its name; a name no reader expects holding bytes of no
    # known format (an .exe, a .7z) is refused before it is stored
    if not name.lower().endswith(ACCEPTED) and sniff(data, name) == "text":
        raise UploadRefused(415, f"{name} 不是 budgetlens 能读取的文件类型（扩展名 {Path(name).suffix or '无'}，"
                                 f"内容也不是已知格式）；请上传{EXPECTED}")


def ingest_uploads(engine: Engine, files: list[tuple[str, bytes]], limit: int) -> list[Uploaded]:
    """Check every file first (nothing is stored when one is refused), then store them all."""
    return ingest_checked(engine, checked_uploads(files, limit))


def checked_uploads(files: list[tuple[str, bytes]], limit: int) -> list[tuple[str, bytes]]:
    """The files under safe names, each checked (UploadRefused for the first that is not fit)."""
    named = [(safe_name(n), data) for n, data in files]
    if not named:
        raise UploadRefused(422, f"没有收到文件；请选择要上传的{EXPECTED}")
    if sum(len(d) for _, d in named) > limit:
        raise too_large(limit)
    for name, data in named:
        check_file(name, data, limit)
    return named


def ingest_checked(engine: Engine, named: list[tuple[str, bytes]],
                   started: Callable[[int, str], None] | None = None, draft: bool = False) -> list[Uploaded]:
    """Store checked files one after the other (as drafts: store/drafts.py); started(index, name)
    is told as each begins."""
    folder = Path(tempfile.mkdtemp(prefix="budgetlens-upload-"))
    try:
        results = []
        for i, (name, data) in enumerate(named):
            if started:
                started(i, name)
            results.append(ingest_one(engine, folder / f"{i:03d}", name, data, draft))
        return results
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def ingest_one(engine: Engine, folder: Path, name: str, data: bytes, draft: bool = False) -> Uploaded:
    folder.mkdir(parents=True)
    path = folder / name
    path.write_bytes(data)
    shown = f"上传/{name}"      # the store names the file by its own name, not the temporary folder
    summary = Ingest(engine, workers=0, names={path: shown}, draft=draft).run([path])
    problem = next((p for p in summary.problems if p.status in ("unreadable", "failed")), None)
    status = "known" if summary.counts["known"] else next((s for s in STATUS_NAMES if summary.counts[s]), "ok")
    if problem is not None:
        status = problem.status
    errors = "；".join(f"{p.path}：{p.error}" for p in summary.problems if p.status in ("unreadable", "failed"))
    # a part of a disclosure published as several files, joined with the other; a part left
    # alone and why
    notes = [b.said() for b in summary.bundles] + [p.error for p in summary.alone]
    if summary.archives:        # the archive is no document; its files are
        new = list(summary.new_documents)
        known = [d for d in dict.fromkeys(summary.known_documents) if d not in new]
        return Uploaded(name, status, None, errors, new, known, notes)
    if summary.bundles:
        doc_id = summary.bundles[-1].document_id
    elif summary.known_documents:       # these bytes stored before (alone or as a part of another)
        doc_id = summary.known_documents[-1]
    else:
        doc_id = Writer(engine).document_id(hashlib.sha256(data).hexdigest())
    return Uploaded(name, status, doc_id, problem.error if problem else "", notes=notes)


def submitted(jobs, kind: str, named: list[tuple[str, bytes]], work, admin: str | None = None,
              roles: list[str] | None = None):
    """A job over the files, unless MAX_WAITING jobs are queued in the store (by any worker
    process of the server: each holds its files in memory): then 503 and nothing stored,
    rather than queued without end."""
    try:
        return jobs.submit(kind, [n for n, _ in named], work, [d for _, d in named], admin, roles=roles,
                           limit=MAX_WAITING)
    except JobsBusy as exc:
        raise UploadRefused(503, f"服务器正忙：已有 {exc.limit} 个任务在排队，请稍后再上传；文件未导入") from exc


def start_ingest(jobs, engine: Engine, named: list[tuple[str, bytes]], draft: bool = False, admin: str | None = None):
    """A background job storing checked files (their bytes kept first: a restart loses none);
    its results are the Uploaded of each; admin: who uploads them (recorded on the documents)."""
    def work(job) -> None:
        job.results = ingest_checked(engine, named, job.started, draft)
        record_uploader(engine, stored_ids(job.results), admin)
    return submitted(jobs, "ingest", named, work, admin)


def stored_ids(results: list[Uploaded]) -> list[int]:
    """The documents an upload stored (a ZIP's members included); not those already stored
    (status known: someone else brought them; an archive whose files were partly stored before
    is 已入库 as a whole, yet its members are the documents it stored)."""
    return [i for r in results for i in ([r.document_id] if r.document_id and r.status != "known" else []) + r.members]
