"""The REST API under /api: JSON, amounts as exact decimal strings with their unit, errors as
JSON with a Chinese `detail` (documented at /api/docs)."""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response

from ..store.errors import StoreError
from ..store.export import FORMATS, export
from ..store.query import compare_request, one_unit
from . import queries
from .upload import UploadRefused, ingest_uploads
from .views import plain, where_printed

router = APIRouter(prefix="/api", tags=["公开数据接口"])
MEDIA = {"csv": "text/csv; charset=utf-8", "json": "application/json",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "fdp": "application/zip"}


def engine_of(request: Request):
    return request.app.state.engine


def reply(value, status: int = 200) -> JSONResponse:
    # our own encoding: FastAPI's would turn Decimal into float
    return JSONResponse(plain(value), status_code=status)


def found(doc_id: int, request: Request) -> dict:
    try:
        return queries.document(engine_of(request), doc_id)
    except queries.NotFound as exc:
        raise HTTPException(404, str(exc)) from exc


@router.get("/disclosures", summary="公开文件列表（当前版本；可按单位名称搜索，按年度、部门/单位、预算/决算筛选，分页）")
def disclosures(request: Request, q: str | None = None, year: int | None = None, scope: str | None = None,
                phase: str | None = None, page: int = Query(1, ge=1), per_page: int = Query(20, ge=1, le=200)):
    got = queries.list_disclosures(engine_of(request), q, year, scope, phase, page, per_page)
    return reply({"items": got.items, "total": got.total, "page": got.page, "per_page": got.per_page,
                  "pages": got.pages})


@router.get("/disclosures/{doc_id}", summary="一份公开文件：概况、版本、来源")
def disclosure(doc_id: int, request: Request):
    doc = found(doc_id, request)
    model = queries.disclosure_model(doc)
    doc.pop("model")
    if model is not None:
        doc["meta"] = model.meta.model_dump(mode="json")
        doc["overview"] = model.overview.model_dump(mode="json")
        doc["missing"] = model.missing
        doc["issues"] = [i.model_dump(mode="json") for i in model.issues]
    return reply(doc)


@router.get("/disclosures/{doc_id}/tables", summary="所印各表：表头、各行、各单元格及其出处")
def tables(doc_id: int, request: Request):
    found(doc_id, request)
    return reply({"tables": queries.tables(engine_of(request), doc_id)})


@router.get("/disclosures/{doc_id}/facts", summary="金额（长表，按预算坐标；可筛选表的种类、科目编码、列的阶段等）")
def facts(doc_id: int, request: Request, table_kind: str | None = None, table_set: int | None = None,
          side: str | None = None, phase: str | None = Query(None, description="列：本年预算 / 上年预算 / 决算 …"),
          budget_type: str | None = None, source: str | None = None, function_code: str | None = None,
          economic_code: str | None = None, project: str | None = None, nature: str | None = None,
          item: str | None = None, row_kind: str | None = None,
          page: int = Query(1, ge=1), per_page: int = Query(200, ge=1, le=2000)):
    found(doc_id, request)
    filters = {k: v for k, v in locals().items() if k in queries.FACT_FILTERS}
    got = queries.facts(engine_of(request), doc_id, filters, page, per_page)
    for f in got.items:
        f["where"] = where_printed(f["provenance"])
    return reply({"items": got.items, "total": got.total, "page": got.page, "per_page": got.per_page,
                  "pages": got.pages})


@router.get("/disclosures/{doc_id}/findings", summary="核对发现的问题及其依据（应为、实为、差额、出处）")
def findings(doc_id: int, request: Request, severity: str | None = Query(None, pattern="^(error|warning|info)$"),
             stage: str | None = Query(None, pattern="^(document|cross|department)$")):
    found(doc_id, request)
    return reply({"findings": queries.findings(engine_of(request), doc_id, severity, stage)})


@router.get("/disclosures/{doc_id}/claims", summary="情况说明中可核对的陈述")
def claims(doc_id: int, request: Request):
    found(doc_id, request)
    return reply({"claims": queries.claims(engine_of(request), doc_id)})


@router.get("/units", summary="单位（可按名称或代码搜索）")
def units(request: Request, q: str | None = None):
    return reply({"units": queries.units(engine_of(request), q)})


@router.get("/compare", summary="比较：一个单位的多个年度（years），或同一年度（year）的多个单位；金额单位万元")
def compare(request: Request, unit: Annotated[list[str], Query(description="单位名称或代码，可重复")],
            years: Annotated[list[int] | None, Query()] = None, year: int | None = None, scope: str | None = None,
            phase: str | None = None):
    try:
        result = compare_request(engine_of(request), unit, years, year, scope, phase)
    except StoreError as exc:
        raise HTTPException(404 if "没有" in str(exc) else 422, str(exc)) from exc
    return reply(comparison_json(result))


def comparison_json(result) -> dict:
    tables = []
    for columns, labels, values in result.groups:
        cols = [{"unit_id": c.unit_id, "unit_name": c.unit_name, "scope": c.scope, "phase": c.phase, "year": c.year,
                 "heading": c.heading, "own_set_assumed": c.own_set_assumed} for c in columns]
        rows = [{"label": label, "values": row} for label, row in zip(labels, values)]
        tables.append({"columns": cols, "rows": rows, "unit": "万元"})
    return {"title": result.title, "missing": result.missing, "tables": tables}


@router.get("/dashboard", summary="合规看板：各单位的错误、警告、提示数，出错最多的规则")
def dashboard(request: Request, year: int | None = None, phase: str | None = None):
    return reply(queries.compliance(engine_of(request), year, phase))


@router.get("/export/{fmt}", summary="开放数据下载：csv、xlsx、json 或 fdp（Fiscal Data Package，ZIP）")
def download(fmt: str, request: Request,
             unit: Annotated[list[str] | None, Query(description="单位名称或代码，可重复")] = None,
             year: Annotated[list[str] | None, Query(description="年度，可重复")] = None, all_versions: bool = False):
    if fmt not in FORMATS:
        raise HTTPException(404, f"未知的导出格式：{fmt}（可用：{'、'.join(FORMATS)}）")
    # a form's empty choice means all
    years = [y.strip() for y in year or [] if y.strip()]
    if not all(y.isdigit() for y in years):
        raise HTTPException(422, f"年度应为数字：{'、'.join(years)}")
    engine = engine_of(request)
    try:
        unit_ids = [one_unit(engine, u)[0] for u in unit or [] if u.strip()]
        data = export_bytes(engine, fmt, all_versions=all_versions, unit_ids=unit_ids or None,
                            years=[int(y) for y in years] or None)
    except StoreError as exc:
        raise HTTPException(404 if "没有" in str(exc) else 422, str(exc)) from exc
    name = f"budgetlens-export.{'zip' if fmt == 'fdp' else fmt}"
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


@router.post("/upload", status_code=201, summary="上传一个或多个文件：读取、核对并入库（原文件保存在数据库中）")
async def upload(request: Request, files: Annotated[list[UploadFile], File(description="公开文件")]):
    try:
        results = await read_and_ingest(request, files)
    except UploadRefused as exc:
        raise HTTPException(exc.status, exc.message) from exc
    body = [{"file": r.name, "status": r.status, "status_name": r.status_name, "document_id": r.document_id,
             "documents": r.members, "error": r.error,
             "url": f"/disclosures/{r.document_id}" if r.document_id else None} for r in results]
    stored = any(r.stored for r in results)
    return reply({"results": body}, 201 if stored else 422)


async def read_and_ingest(request: Request, files: list[UploadFile]):
    """Each file read at most up to the limit (one byte more tells it is too large), then ingested
    off the event loop (reading a PDF takes seconds)."""
    from starlette.concurrency import run_in_threadpool

    from .upload import too_large
    limit = request.app.state.max_upload
    got = []
    for f in files:
        data = await f.read(limit + 1)
        if len(data) > limit:
            raise too_large(limit)
        got.append((f.filename or "", data))
    return await run_in_threadpool(ingest_uploads, engine_of(request), got, limit)
