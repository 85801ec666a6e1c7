"""生成公开文件: a filled workbook or any disclosure file → the standard document, through the
render package's public API (build_document, write), as `budgetlens render` writes it. Reading a
file can take minutes (a scan): the document is built in a background job and written in the
format asked for when it is downloaded."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from ..pipeline import parse
from ..readers import ReadError
from ..render import FORMATS, RenderError, build_document, write
from ..store.schema import Blob
from .jobs import Job, JobFailed, Jobs
from .upload import EXPECTED, UploadRefused, submitted

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


def start_render(jobs: Jobs, named: list[tuple[str, bytes]], prior: tuple[str, bytes] | None = None,
                 admin: str | None = None):
    """A background job reading the files (one disclosure, in the order given) and building its
    standard document; the job's output is the render Document. Last year's file is stored as
    such (its role), whatever its name."""
    refuse_archives(named + ([prior] if prior else []))

    def work(job) -> None:
        job.started(0, named[0][0])
        job.output = built(named, prior)
    roles = ["file"] * len(named) + (["prior"] if prior else [])
    return submitted(jobs, "render", named + ([prior] if prior else []), work, admin, roles)


def built(named: list[tuple[str, bytes]], prior: tuple[str, bytes] | None = None):
    """The standard document of the files (one disclosure) and last year's file."""
    folder = Path(tempfile.mkdtemp(prefix="budgetlens-render-"))
    try:
        paths = [saved(folder / f"{i:03d}", name, data) for i, (name, data) in enumerate(named)]
        disc = read(*paths)
        prior_disc = read(saved(folder / "prior", *prior)) if prior else None
        try:
            return build_document(disc, prior_disc)
        except RenderError as exc:
            raise JobFailed(str(exc)) from exc
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def rebuilt(engine: Engine, job: Job):
    """A render job's document built again from its stored files, in a process that did not
    build it (another worker, or after a restart): the build depends on the files alone."""
    if not job.kept_files:
        raise JobFailed("生成所用的文件未保存，请重新上传生成")
    with Session(engine) as s:
        data = [s.get(Blob, sha) for sha in job.sha256]
    if any(b is None for b in data):
        raise JobFailed("生成所用的文件已不在数据库中，请重新上传生成")
    files, prior = by_role(job, [blob.content for blob in data])
    return built(files, prior)


def by_role(job: Job, data: list[bytes]) -> tuple[list[tuple[str, bytes]], tuple[str, bytes] | None]:
    """A render job's files as given: the disclosure's, and last year's (its role, stored)."""
    files, prior = [], None
    for i, (name, content) in enumerate(zip(job.files, data)):
        if job.role(i) == "prior":
            prior = (name, content)
        else:
            files.append((name, content))
    return files, prior


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
