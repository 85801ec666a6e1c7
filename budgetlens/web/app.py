"""The FastAPI application: the portal's pages, the REST API under /api, static files (htmx and
ECharts vendored: the portal works offline)."""

from __future__ import annotations

from pathlib import Path

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..render.figures import money
from ..store.db import open_engine
from . import api, csrf, portal
from .auth import NEEDED, authenticated, bearer, configured_admins, session_seconds
from .jobs import Jobs
from .times import shown
from .upload import max_upload_bytes, too_large

HERE = Path(__file__).resolve().parent
UPLOADS = ("/upload", "/api/upload", "/render", "/api/render")
PARAM_NAMES = {"page": "页码", "year": "年度", "limit": "条数", "offset": "起始位置", "status": "状态",
               "uploaded": "参数 uploaded", "files": "文件", "token": "管理员令牌", "confirm": "确认"}
REASONS = {"missing": "缺少", "int_parsing": "应为整数", "bool_parsing": "应为 true 或 false",
           "string_pattern_mismatch": "取值不在允许范围内", "greater_than_equal": "过小", "less_than_equal": "过大"}


def create_app(db_url: str | None = None, admin_token: str | None = None, admin_tokens: str | dict | None = None,
               session_hours: float | None = None) -> FastAPI:
    """The app over the store at db_url (None: $BUDGETLENS_DB or the default SQLite file);
    admin_tokens (name → token, or "name:token,…") or one admin_token (None: the environment,
    auth.py; none set: open) guard changes and drafts; a login lasts session_hours (None:
    $BUDGETLENS_SESSION_HOURS, else 12). AdminConfigError (Chinese) for tokens set wrongly."""
    app = FastAPI(title="budgetlens 部门预算公开数据", description="部门预算、决算公开文件的结构化数据、核对结果与开放数据下载。"
                  "金额均为精确的十进制字符串，附单位。", docs_url="/api/swagger", openapi_url="/api/openapi.json",
                  redoc_url=None)
    app.state.engine = open_engine(db_url)
    app.state.max_upload = max_upload_bytes()
    app.state.admins = configured_admins(admin_token, admin_tokens)
    # the first admin's token, None where the portal is open (what "guarded" looked at before)
    app.state.admin_token = next(iter(app.state.admins.values()), None)
    app.state.session_seconds = session_seconds(session_hours)
    app.state.jobs = Jobs(app.state.engine)
    app.router.add_event_handler("shutdown", app.state.jobs.shutdown)
    # autoescape on every template: the names end in .j2, which select_autoescape (the
    # default) does not escape, and unit names, cell text and narrative come from documents
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True)
    env.filters["money"] = money
    env.filters["moment"] = shown
    app.state.templates = Jinja2Templates(env=env)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(portal.router)
    # added last: runs first. Who (401), then from where (403), then how large (413): each
    # told by the headers, before the body is read
    app.middleware("http")(refuse_large_uploads)
    app.middleware("http")(refuse_forged_uploads)
    app.middleware("http")(refuse_anonymous_uploads)
    app.exception_handler(StarletteHTTPException)(http_error)
    app.exception_handler(RequestValidationError)(invalid_request)
    app.exception_handler(OverflowError)(number_too_large)
    app.exception_handler(Exception)(server_error)
    return app


async def refuse_large_uploads(request: Request, call_next):
    """An upload whose declared size is over the limit is refused before its body is read
    (the limit on the body; each file is checked again as it is read)."""
    if request.method == "POST" and request.url.path in UPLOADS:
        limit = request.app.state.max_upload
        declared = request.headers.get("content-length", "")
        # the multipart body carries some bytes of its own besides the files
        if declared.isdigit() and int(declared) > limit + 64 * 1024:
            return error_response(request, 413, too_large(limit).message)
    return await call_next(request)


async def refuse_forged_uploads(request: Request, call_next):
    """An upload without its CSRF token, or sent from another site, is refused before its body
    is read (csrf.check_before_body): before, the API's check ran once the body was received."""
    if request.method == "POST" and request.url.path in UPLOADS:
        try:
            csrf.check_before_body(request)
        except StarletteHTTPException as exc:
            return error_response(request, exc.status_code, exc.detail)
    return await call_next(request)


async def refuse_anonymous_uploads(request: Request, call_next):
    """An upload without the admin token (where one is set) is refused before its body is
    read: a stranger cannot make the server receive megabytes only to be told 401."""
    if request.method == "POST" and request.url.path in UPLOADS and not authenticated(request):
        wrong = bearer(request) is not None
        return error_response(request, 401, "管理员令牌不正确" if wrong else NEEDED, {"WWW-Authenticate": "Bearer"})
    return await call_next(request)


def error_response(request: Request, status: int, detail: str, headers: dict | None = None):
    if request.url.path.startswith("/api") or "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"detail": detail}, status_code=status, headers=headers)
    return request.app.state.templates.TemplateResponse(request, "error.html.j2", {"status": status, "detail": detail},
                                                        status_code=status, headers=headers)


async def http_error(request: Request, exc: StarletteHTTPException):
    detail = exc.detail if isinstance(exc.detail, str) and not exc.detail.isascii() else default_detail(exc.status_code)
    return error_response(request, exc.status_code, detail, getattr(exc, "headers", None))


def default_detail(status: int) -> str:
    return {400: "请求的格式有误（如上传的表单不完整或已损坏），请重新提交", 404: "没有这个页面", 405: "不支持此请求方法",
            413: "上传的文件过大"}.get(status, f"请求出错（{status}）")


async def number_too_large(request: Request, exc: OverflowError):
    # an id or page number past what the database stores (the driver's overflow): nothing is there
    return error_response(request, 404, default_detail(404))


async def server_error(request: Request, exc: Exception):
    """A fault of the program: said in Chinese, never its traceback or the server's paths
    (the exception still goes to the server's log)."""
    return error_response(request, 500, "服务器内部错误，请稍后再试；如一再出现，请报告管理员")


async def invalid_request(request: Request, exc: RequestValidationError):
    errors = exc.errors()
    portal = not request.url.path.startswith("/api")
    if portal and any(e.get("loc", ("",))[0] == "path" for e in errors):
        # a page's address with a word where its number goes (/disclosures/abc): no such page
        return error_response(request, 404, default_detail(404))
    said = []
    for e in errors:
        where = ".".join(str(x) for x in e.get("loc", ())[1:]) or "请求"
        # the portal's users read Chinese; the API's name the parameter they send
        said.append(f"{PARAM_NAMES.get(where, where) if portal else where}：{REASONS.get(e.get('type'), '取值无效')}")
    status = 415 if request.url.path in UPLOADS and not request.headers.get("content-type", "").startswith(
        "multipart/form-data") else 422
    detail = "请求参数有误：" + "；".join(said)
    if status == 415:
        detail = "上传须为 multipart/form-data 表单，字段 files 为文件"
    return error_response(request, status, detail)
