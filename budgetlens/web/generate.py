"""生成公开文件: a filled workbook or any disclosure file → the standard document, through the
render package's public API (build_document, write), as `budgetlens render` writes it. Reading a
file can take minutes (a scan): the document is built in a background job and written in the
format asked for when it is downloaded."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from urllib.parse import quote

from ..pipeline import parse
from ..readers import ReadError
from ..render import FORMATS, RenderError, build_document, write
from .jobs import JobFailed, Jobs
from .upload import EXPECTED, UploadRefused, refuse_when_busy

MEDIA = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "pdf": "application/pdf", "html": "text/html; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def refuse_archives(named: list[tuple[str, bytes]]) -> None:
    """An archive holds many disclosures; one document is written from one disclosure."""
    for name, data in named:
        if name.lower().endswith(".zip") or data[:4] == b"PK\x03\x04" and not name.lower().endswith(
                (".docx", ".xlsx", ".ods", ".odt")):
            raise UploadRefused(415, f"{name} 是压缩包；生成公开文件请上传一份公开文件或填好的预算表工作簿"
                                     f"（{EXPECTED.replace('或 ZIP 压缩包', '')}）")


def start_render(jobs: Jobs, named: list[tuple[str, bytes]], prior: tuple[str, bytes] | None = None):
    """A background job reading the files (one disclosure, in the order given) and building its
    standard document; the job's output is the render Document."""
    refuse_archives(named + ([prior] if prior else []))
    refuse_when_busy(jobs)

    def work(job) -> None:
        folder = Path(tempfile.mkdtemp(prefix="budgetlens-render-"))
        try:
            paths = [saved(folder / f"{i:03d}", name, data) for i, (name, data) in enumerate(named)]
            job.started(0, named[0][0])
            disc = read(*paths)
            prior_disc = read(saved(folder / "prior", *prior)) if prior else None
            try:
                job.output = build_document(disc, prior_disc)
            except RenderError as exc:
                raise JobFailed(str(exc)) from exc
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    files = [n for n, _ in named] + ([f"上年：{prior[0]}"] if prior else [])
    return jobs.submit("render", files, work)


def saved(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True)
    path = folder / name
    path.write_bytes(data)
    return path


def read(*paths: Path):
    try:
        return parse(*paths)
    except ReadError as exc:
        said = str(exc)     # the readers name the file they could not read; where not, we do
        raise JobFailed(said if any(p.name in said for p in paths) else f"无法读取 {paths[0].name}：{said}") from exc


def document_bytes(doc, fmt: str) -> bytes:
    """The built document written in one format (render's writers), as bytes."""
    if fmt not in FORMATS:
        raise JobFailed(f"不支持的格式“{fmt}”：请用 {'、'.join(FORMATS)}")
    folder = Path(tempfile.mkdtemp(prefix="budgetlens-render-out-"))
    try:
        out = folder / f"document.{fmt}"
        try:
            write(doc, out)
        except RenderError as exc:
            raise JobFailed(str(exc)) from exc
        return out.read_bytes()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def attachment(title: str, fmt: str) -> dict[str, str]:
    """A download's headers: the document's Chinese title as its file name (RFC 5987)."""
    name = f"{title or '公开文件'}.{fmt}"
    return {"Content-Disposition": f"attachment; filename=\"document.{fmt}\"; filename*=UTF-8''{quote(name, safe='')}"}
