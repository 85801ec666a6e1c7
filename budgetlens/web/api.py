"""The REST API under /api: JSON, amounts as exact decimal strings with their unit, errors as
JSON with a Chinese `detail` (documented at /api/docs, a page of the portal built from the
OpenAPI description; the Swagger UI at /api/swagger)."""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from ..render import FORMATS as RENDER_FORMATS
from ..store.drafts import delete_draft, publish, record_uploader
from ..store.errors import NotFound, StoreError
from ..store.export import FORMATS, export
from ..store.query import compare_request, one_unit
from . import csrf, queries
from .auth import admin_name, authenticated, guarded, require_admin
from .generate import MEDIA as RENDER_MEDIA
from .generate import attachment, by_role, document_bytes, rebuilt, start_render
from .jobs import Job, JobFailed, summary_of
from .performance import performance
from .times import iso
from .upload import (
    UploadRefused,
    checked_uploads,
    ingest_checked,
    start_ingest,
    stored_ids,
    too_large,
)
from .views import plain, where_printed

router = APIRouter(prefix="/api", tags=["公开数据接口"])
MEDIA = {"csv": "text/csv; charset=utf-8", "json": "application/json",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "fdp": "application/zip"}


MAX_COMPARED = 30
JOBS_SHOWN = 200             # the jobs list: at most this many a call (limit), paged by offset


def engine_of(request: Request):
    return request.app.state.engine


def status_of(exc: StoreError) -> int:
    """404 for what is not stored, 422 for a request the store cannot answer as asked."""
    return 404 if isinstance(exc, NotFound) else 422


def reply(value, status: int = 200) -> JSONResponse:
    # our own encoding: FastAPI's would turn Decimal into float
    return JSONResponse(plain(value), status_code=status)


def found(doc_id: int, request: Request) -> dict:
    try:
        return queries.document(engine_of(request), doc_id, authenticated(request))
    except queries.NotFound as exc:
        raise HTTPException(404, str(exc)) from exc


def unplaced(doc: dict, value):
    """The value as JSON with the server's folders the document's files were ingested from left
    out of every text (each fact's and finding's provenance names its file by the path
    `budgetlens ingest` was given): the public learns the file's name, not the server's layout."""
    folders = queries.source_folders(doc["source_paths"])
    return without(plain(value), folders)


def without(value, folders: list[str]):
    if isinstance(value, str):
        for folder in folders:
            value = value.replace(folder, "")
        return value
    if isinstance(value, dict):
        # a provenance's file: also another document's (a finding across documents cites both)
        return {k: queries.shown_source(v) if k == "file" and isinstance(v, str) else without(v, folders)
                for k, v in value.items()}
    if isinstance(value, list):
        return [without(v, folders) for v in value]
    return value


@router.get("/disclosures", summary="公开文件列表（当前版本；可按单位名称搜索，按年度、部门/单位、预算/决算筛选，分页）")
def disclosures(request: Request, q: str | None = None, year: int | None = None, scope: str | None = None,
                phase: str | None = None, page: int = Query(1, ge=1), per_page: int = Query(20, ge=1, le=200)):
    got = queries.list_disclosures(engine_of(request), q, year, scope, phase, page, per_page,
                                   drafts=authenticated(request))
    return reply({"items": got.items, "total": got.total, "page": got.page, "per_page": got.per_page,
                  "pages": got.pages})


@router.get("/disclosures/{doc_id}", summary="一份公开文件：概况、版本、来源")
def disclosure(doc_id: int, request: Request):
    doc = found(doc_id, request)
    model = queries.disclosure_model(doc)
    doc.pop("model")
    paths = doc["source_paths"]
    if admin_name(request) is None:
        # the server's folders and who did what: for its admins only (never on an open portal)
        for key in ("source_paths", "uploaded_by", "published_by"):
            doc.pop(key)
    if model is not None:
        doc["meta"] = model.meta.model_dump(mode="json")
        doc["overview"] = model.overview.model_dump(mode="json")
        doc["missing"] = model.missing
        doc["issues"] = [i.model_dump(mode="json") for i in model.issues]
    shown = unplaced({"source_paths": paths}, {k: v for k, v in doc.items() if k != "source_paths"})
    return reply(shown | ({"source_paths": paths} if "source_paths" in doc else {}))


@router.get("/disclosures/{doc_id}/tables", summary="所印各表：表头、各行、各单元格及其出处")
def tables(doc_id: int, request: Request):
    doc = found(doc_id, request)
    return reply(unplaced(doc, {"tables": queries.tables(engine_of(request), doc_id)}))


@router.get("/disclosures/{doc_id}/facts", summary="金额（长表，按预算坐标；可筛选表的种类、科目编码、列的阶段等）")
def facts(doc_id: int, request: Request, table_kind: str | None = None, table_set: int | None = None,
          side: str | None = None, phase: str | None = Query(None, description="列：本年预算 / 上年预算 / 决算 …"),
          budget_type: str | None = None, source: str | None = None, function_code: str | None = None,
          economic_code: str | None = None, project: str | None = None, nature: str | None = None,
          item: str | None = None, row_kind: str | None = None,
          page: int = Query(1, ge=1), per_page: int = Query(200, ge=1, le=2000)):
    doc = found(doc_id, request)
    filters = {k: v for k, v in locals().items() if k in queries.FACT_FILTERS}
    got = queries.facts(engine_of(request), doc_id, filters, page, per_page)
    for f in got.items:
        f["where"] = where_printed(f["provenance"])
    return reply(unplaced(doc, {"items": got.items, "total": got.total, "page": got.page,
                                "per_page": got.per_page, "pages": got.pages}))


@router.get("/disclosures/{doc_id}/findings", summary="核对发现的问题及其依据（应为、实为、差额、出处）")
def findings(doc_id: int, request: Request, severity: str | None = Query(None, pattern="^(error|warning|info)$"),
             stage: str | None = Query(None, pattern="^(document|cross|department)$")):
    doc = found(doc_id, request)
    return reply(unplaced(doc, {"findings": queries.findings(engine_of(request), doc_id, severity, stage)}))


@router.get("/disclosures/{doc_id}/claims", summary="情况说明中可核对的陈述")
def claims(doc_id: int, request: Request):
    doc = found(doc_id, request)
    return reply(unplaced(doc, {"claims": queries.claims(engine_of(request), doc_id)}))


@router.get("/disclosures/{doc_id}/performance",
            summary="绩效目标表：每张表的项目、资金（含单位）、年度、目标，各项指标（一级/二级/三级指标、指标值及读出的比较符与数值、"
                    "设定依据、权重、上年完成值、行号与出处），未能读出的指标行，以及核对该表的发现")
def performance_(doc_id: int, request: Request,
                 kind: str | None = Query(None, pattern="^(department|project)$",
                                          description="department（部门整体绩效目标表）或 project（项目支出绩效目标表）")):
    doc = found(doc_id, request)
    got = performance(queries.disclosure_model(doc), queries.findings(engine_of(request), doc_id), kind)
    for t in got["tables"]:
        t.pop("anchor")
    return reply(unplaced(doc, got))


@router.get("/units", summary="单位（可按名称或代码搜索）")
def units(request: Request, q: str | None = None):
    return reply({"units": queries.units(engine_of(request), q, authenticated(request))})


@router.get("/units/{unit_id}", summary="一个单位：各年度、各版本的公开文件，历年收支总额、基本/项目支出、“三公”经费（万元），所属部门")
def one_unit_(unit_id: int, request: Request):
    engine = engine_of(request)
    drafts = authenticated(request)
    try:
        unit = queries.unit(engine, unit_id, drafts)
    except queries.NotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    trend = [{k: v for k, v in g.items() if k != "series"} | {"unit": "万元"}
             for g in queries.unit_trend(engine, unit_id, drafts)]
    return reply({**unit, "department": queries.departments(engine, drafts=drafts, unit_id=unit_id).get(unit_id),
                  "documents": queries.unit_documents(engine, unit_id, drafts), "trend": trend})


@router.get("/compare", summary="比较：一个单位的多个年度（years），或同一年度（year）的多个单位；金额单位万元")
def compare(request: Request, unit: Annotated[list[str], Query(description="单位名称或代码，可重复")],
            years: Annotated[list[int] | None, Query()] = None, year: int | None = None, scope: str | None = None,
            phase: str | None = None):
    try:
        within_compare_limits(unit, years)
        result = compare_request(engine_of(request), unit, years, year, scope, phase, authenticated(request))
    except StoreError as exc:
        raise HTTPException(status_of(exc), str(exc)) from exc
    return reply(comparison_json(result))


def within_compare_limits(units: list[str], years: list[int] | None) -> None:
    """A request's work is bounded: at most MAX_COMPARED units or years in one comparison."""
    if len(units) > MAX_COMPARED or len(years or []) > MAX_COMPARED:
        raise StoreError(f"一次最多比较 {MAX_COMPARED} 个单位或 {MAX_COMPARED} 个年度，请减少后再试")


def comparison_json(result) -> dict:
    tables = []
    for columns, labels, values in result.groups:
        cols = [{"unit_id": c.unit_id, "unit_name": c.unit_name, "scope": c.scope, "phase": c.phase, "year": c.year,
                 "heading": c.heading, "own_set_assumed": c.own_set_assumed, "draft": c.draft} for c in columns]
        rows = [{"label": label, "values": row} for label, row in zip(labels, values)]
        tables.append({"columns": cols, "rows": rows, "unit": "万元"})
    return {"title": result.title, "missing": result.missing, "notes": result.notes, "tables": tables}


@router.get("/dashboard", summary="合规看板：各单位的错误、警告、提示数，出错最多的规则")
def dashboard(request: Request, year: int | None = None, phase: str | None = None):
    return reply(queries.compliance(engine_of(request), year, phase, authenticated(request)))


@router.get("/export/{fmt}", summary="开放数据下载：csv、xlsx、json 或 fdp（Fiscal Data Package，ZIP）；金额或绩效目标表的指标")
def download(fmt: str, request: Request,
             unit: Annotated[list[str] | None, Query(description="单位名称或代码，可重复")] = None,
             year: Annotated[list[str] | None, Query(description="年度，可重复")] = None, all_versions: bool = False,
             drafts: bool = Query(False, description="true（需管理员令牌）：草稿代替其将取代的已发布版本；"
                                                      "与 all_versions 同用时含全部草稿"),
             table: str = Query("facts", pattern="^(facts|indicators)$",
                                description="facts：金额（每行一个印制金额）；indicators：绩效目标表的指标（每行一项指标；"
                                            "fdp 为 Tabular Data Package）"),
             header: str = Query("zh", pattern="^(zh|en)$",
                                 description="csv、xlsx 的列名：zh 中文（默认），en 英文标识（供程序读取，与 json 的键相同）")):
    if drafts:
        require_admin(request)
    if fmt not in FORMATS:
        raise HTTPException(404, f"未知的导出格式：{fmt}（可用：{'、'.join(FORMATS)}）")
    # a form's empty choice means all
    years = [y.strip() for y in year or [] if y.strip()]
    if not all(y.isascii() and y.isdigit() for y in years):     # (² is a digit to isdigit, not to int)
        raise HTTPException(422, f"年度应为数字：{'、'.join(years)}")
    engine = engine_of(request)
    try:
        unit_ids = [one_unit(engine, u)[0] for u in unit or [] if u.strip()]
        data = export_bytes(engine, fmt, table=table, header=header, all_versions=all_versions,
                            unit_ids=unit_ids or None, years=[int(y) for y in years] or None, drafts=drafts)
    except StoreError as exc:
        raise HTTPException(status_of(exc), str(exc)) from exc
    stem = "budgetlens-export" if table == "facts" else f"budgetlens-{table}"
    name = f"{stem}.{'zip' if fmt == 'fdp' else fmt}"
    return Response(data, media_type=MEDIA[fmt], headers={"Content-Disposition": f'attachment; filename="{name}"'})


def export_bytes(engine, fmt: str, **filters) -> bytes:
    """The export written by store/export.py, as bytes (a Fiscal Data Package's folder zipped)."""
    folder = Path(tempfile.mkdtemp(prefix="budgetlens-export-"))
    try:
        target = folder / ("package" if fmt == "fdp" else f"export.{fmt}")
        export(engine, fmt, target, **filters)
        if fmt != "fdp":
            return target.read_bytes()
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for f in sorted(target.rglob("*")):
                if f.is_file():
                    z.write(f, f.relative_to(target).as_posix())
        return buf.getvalue()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@router.post("/upload", status_code=201, summary="上传一个或多个文件：读取、核对并入库（原文件保存在数据库中）",
             responses={202: {"description": "background=true：已接受，在后台读取；进度见 /api/jobs/{job_id}"}})
async def upload(request: Request, files: Annotated[list[UploadFile], File(description="公开文件")],
                 background: bool = Query(False, description="true：立即返回任务编号，在后台读取入库（大的扫描件 PDF 读取需数分钟）")):
    require_admin(request)
    csrf.check_api(request)
    try:
        named = await read_uploads(request, files)
        draft = drafting(request)
        job = (start_ingest(request.app.state.jobs, engine_of(request), named, draft, admin_name(request))
               if background else None)
    except UploadRefused as exc:
        raise HTTPException(exc.status, exc.message) from exc
    if job is not None:
        return reply(job_json(job), 202)
    results = await run_in_threadpool(ingest_checked, engine_of(request), named, None, draft)
    record_uploader(engine_of(request), stored_ids(results), admin_name(request))
    stored = any(r.stored for r in results)
    return reply({"results": [uploaded_json(r) for r in results]}, 201 if stored else 422)


def drafting(request: Request) -> bool:
    """Uploads are drafts where a token guards the store (a bureau checks before publishing)."""
    return guarded(request)


@router.post("/disclosures/{doc_id}/publish", summary="发布草稿（需管理员令牌）：成为该公开文件的当前版本，公众可见")
def publish_(doc_id: int, request: Request):
    require_admin(request)
    csrf.check_api(request)
    try:
        kept = publish(engine_of(request), doc_id, admin_name(request))
    except StoreError as exc:
        raise HTTPException(404 if isinstance(exc, NotFound) else 409, str(exc)) from exc
    return reply({"document_id": doc_id, "published": True, "note": kept})


@router.delete("/disclosures/{doc_id}", summary="删除草稿（需管理员令牌）：删除文件及其金额、核对结果；原文件仍保存在数据库中")
def delete_(doc_id: int, request: Request):
    require_admin(request)
    csrf.check_api(request)
    try:
        delete_draft(engine_of(request), doc_id)
    except StoreError as exc:
        raise HTTPException(404 if isinstance(exc, NotFound) else 409, str(exc)) from exc
    return reply({"document_id": doc_id, "deleted": True})


@router.get("/jobs", summary="全部后台任务（需管理员令牌）：状态、提交人、文件、提交/开始/结束时间、结果；最新的在前，"
                          "分页（limit、offset；total 为总数），waiting 为排队等候的任务数")
def jobs_(request: Request, status: str | None = Query(None, pattern="^(queued|running|done|failed|interrupted|retried)$"),
          limit: int = Query(100, ge=1, le=JOBS_SHOWN), offset: int = Query(0, ge=0, le=2**62)):
    require_admin(request)
    jobs = request.app.state.jobs
    return reply({"jobs": [listed_json(j) for j in listed_jobs(request, status, limit, offset)],
                  "total": jobs.counted(status), "limit": limit, "offset": offset, "waiting": jobs.waiting()})


def listed_jobs(request: Request, status: str | None = None, limit: int = 100, offset: int = 0) -> list[Job]:
    """The jobs of every worker process from the offset-th, newest first (a status: those only)."""
    return request.app.state.jobs.listed(limit, status, offset)[:limit]


def listed_json(job: Job) -> dict:
    """A job in the list: as its own page gives it, with who and when (ISO 8601, the server's zone)."""
    return {**job_json(job), "admin": job.admin, "created": iso(job.created), "started": iso(job.started_at),
            "finished": iso(job.finished),
            "retry": f"/api/jobs/{job.id}/retry" if job.status == "interrupted" and job.kept_files else None}


@router.get("/jobs/{job_id}", summary="后台任务（上传入库、生成公开文件）的进度与结果")
def job(job_id: str, request: Request):
    return reply(job_json(job_of(request, job_id)))


@router.post("/render", status_code=202, summary="生成公开文件：上传填好的预算表工作簿或任何公开文件，在后台生成标准公开文件")
async def render(request: Request, files: Annotated[list[UploadFile], File(description="一份公开文件（可分几个文件）")],
                 prior: Annotated[UploadFile | None, File(description="上年的公开文件：用于计算比上年增减")] = None):
    require_admin(request)
    csrf.check_api(request)
    try:
        named = await read_uploads(request, files)
        last = (await read_uploads(request, [prior]))[0] if prior is not None and prior.filename else None
        job = start_render(request.app.state.jobs, named, last, admin_name(request))
    except UploadRefused as exc:
        raise HTTPException(exc.status, exc.message) from exc
    return reply(job_json(job), 202)


@router.get("/jobs/{job_id}/document.{fmt}", summary="下载生成的公开文件：docx、pdf、html 或 xlsx")
async def rendered(job_id: str, fmt: str, request: Request):
    return await rendered_file(request, job_of(request, job_id), fmt)


async def rendered_file(request: Request, job: Job, fmt: str) -> Response:
    if job.kind != "render":
        raise HTTPException(404, "这个任务不是生成公开文件")
    if fmt not in RENDER_FORMATS:
        raise HTTPException(404, f"不支持的格式“{fmt}”：可用 {'、'.join(RENDER_FORMATS)}")
    if not job.finished_ok:
        raise HTTPException(409, "公开文件尚未生成：" + (job.error or "仍在处理中，请稍后再试"))
    try:
        # built by another worker process or before a restart: built again from the stored files
        doc = job.output or await run_in_threadpool(rebuilt, engine_of(request), job)
        data = await run_in_threadpool(document_bytes, doc, fmt)
    except JobFailed as exc:
        raise HTTPException(422, str(exc)) from exc
    return Response(data, media_type=RENDER_MEDIA[fmt], headers=attachment(doc.title, fmt))


@router.post("/jobs/{job_id}/retry", status_code=202, summary="重新处理中断的任务（需管理员令牌）：用已保存的原文件重新读取入库或生成")
def retry(job_id: str, request: Request):
    require_admin(request)
    csrf.check_api(request)
    try:
        job = retried(request, job_of(request, job_id))
    except UploadRefused as exc:
        raise HTTPException(exc.status, exc.message) from exc
    return reply(job_json(job), 202)


def retried(request: Request, job: Job) -> Job:
    """A new job over an interrupted one's stored files, once (UploadRefused where it cannot be,
    or another request ran it again first)."""
    if job.status != "interrupted":
        raise UploadRefused(409, f"任务 {job.id} 的状态为“{job.status_name}”，只有中断的任务可以重新处理")
    engine = engine_of(request)
    named = stored_files(engine, job)
    jobs = request.app.state.jobs
    if job.kind == "ingest":
        def start() -> Job:
            return start_ingest(jobs, engine, named, drafting(request), admin_name(request))
    else:
        files, prior = by_role(job, [data for _, data in named])

        def start() -> Job:
            return start_render(jobs, files, prior, admin_name(request))
    new = jobs.run_again(job.id, start)
    if new is None:
        raise UploadRefused(409, f"任务 {job.id} 已重新处理过（另一请求先到），请刷新页面")
    return new


def stored_files(engine, job: Job) -> list[tuple[str, bytes]]:
    """An interrupted job's files, from the store."""
    from sqlalchemy.orm import Session

    from ..store.schema import Blob
    with Session(engine) as s:
        blobs = [s.get(Blob, sha) if sha else None for sha in job.sha256]
    if not blobs or any(b is None for b in blobs):
        raise UploadRefused(409, f"任务 {job.id} 的原文件未保存，请重新上传")
    return [(name, b.content) for name, b in zip(job.files, blobs)]


def job_of(request: Request, job_id: str) -> Job:
    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise HTTPException(404, f"没有编号为 {job_id} 的任务")
    return job


def uploaded_json(r) -> dict:
    return {"file": r.name, "status": r.status, "status_name": r.status_name, "document_id": r.document_id,
            "documents": r.members, "known_documents": r.known, "error": r.error,
            "url": f"/disclosures/{r.document_id}" if r.document_id else None}


def job_json(job: Job) -> dict:
    out = {"job_id": job.id, "kind": job.kind, "status": job.status, "status_name": job.status_name,
           "files": job.shown_files, "done": job.done, "total": job.total, "current": job.current, "error": job.error,
           "url": f"/api/jobs/{job.id}", "page": f"/jobs/{job.id}", "files_kept": job.kept_files}
    if job.kind == "ingest":
        out["results"] = [uploaded_json(r) for r in job.results]
    elif job.output is not None or job.summary is not None:
        out.update(render_json(job))
    return out


def render_json(job: Job) -> dict:
    doc = job.summary or summary_of(job.output)
    return {**doc, "downloads": {fmt: f"/api/jobs/{job.id}/document.{fmt}" for fmt in RENDER_FORMATS}}


async def read_uploads(request: Request, files: list[UploadFile]) -> list[tuple[str, bytes]]:
    """Each file read at most up to the limit (one byte more tells it is too large), then checked
    (UploadRefused: nothing is stored)."""
    limit = request.app.state.max_upload
    got = []
    for f in files:
        data = await f.read(limit + 1)
        if len(data) > limit:
            raise too_large(limit)
        got.append((f.filename or "", data))
    return checked_uploads(got, limit)


async def read_and_ingest(request: Request, files: list[UploadFile]):
    """Read, check and store at once, off the event loop (reading a PDF takes seconds)."""
    named = await read_uploads(request, files)
    return await run_in_threadpool(ingest_checked, engine_of(request), named)
