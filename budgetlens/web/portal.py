"""The portal's pages (Jinja2, htmx): 首页, a disclosure, 比较, 合规看板, 上传, 开放数据."""

from __future__ import annotations

import re

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse
from starlette.datastructures import UploadFile

from ..store.drafts import delete_draft, publish
from ..store.errors import NotFound, StoreError
from ..store.export import FORMATS
from ..store.query import ASSUMED_NOTE, change, compare_request
from . import csrf, queries
from .api import (
    drafting,
    job_of,
    listed_jobs,
    read_uploads,
    rendered_file,
    retried,
    status_of,
    within_compare_limits,
)
from .auth import (
    admin_name,
    admin_named,
    authenticated,
    guarded,
    log_in,
    log_out,
    require_admin,
)
from .generate import start_render
from .jobs import STATUS_NAMES
from .performance import performance
from .queries import Page
from .upload import EXPECTED, UploadRefused, start_ingest
from .views import (
    CLAIM_KIND_NAMES,
    DIRECTION_NAMES,
    SEVERITY_NAMES,
    STAGE_NAMES,
    format_name,
    hits_of,
    is_key,
    narrative_view,
    script_json,
    table_view,
    template_name,
    where_printed,
)

router = APIRouter(include_in_schema=False)
JOBS_PER_PAGE = 50
SPLIT = re.compile(r"[,，、;；\n]+")


def page(request: Request, name: str, status: int = 200, headers_: dict | None = None, **context):
    templates = request.app.state.templates
    access = {"guarded": guarded(request), "admin": authenticated(request), "name": admin_name(request)}
    token = csrf.token_of(request)
    context = {"severity_names": SEVERITY_NAMES, "access": access, "csrf": token, "csrf_url": csrf.url_token(token),
               **context}
    return csrf.remember(request, templates.TemplateResponse(request, name, context, status_code=status,
                                                             headers=headers_))


def number(value: str | None) -> int | None:
    """A filter's year from a form field ('' means any)."""
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() else None     # (² is a digit to isdigit, not to int)


@router.get("/")
def index(request: Request, q: str | None = None, year: str | None = None, scope: str | None = None,
          phase: str | None = None, page_no: int = Query(1, alias="page", ge=1)):
    engine = request.app.state.engine
    found = queries.list_disclosures(engine, q, number(year), scope or None, phase or None, page_no,
                                     drafts=authenticated(request))
    context = {"found": found, "q": q or "", "year": year or "", "scope": scope or "", "phase": phase or "",
               "choices": queries.choices(engine, authenticated(request))}
    # htmx asks for the list alone as the user types
    name = "_list.html.j2" if request.headers.get("hx-request") else "index.html.j2"
    return page(request, name, **context)


@router.get("/disclosures/{doc_id}")
def disclosure(request: Request, doc_id: int, uploaded: int = 0):
    engine = request.app.state.engine
    try:
        doc = queries.document(engine, doc_id, authenticated(request))
    except queries.NotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    model = queries.disclosure_model(doc)
    findings = queries.findings(engine, doc_id)
    hits = hits_of(findings)
    grouped = {s: [f for f in findings if f["severity"] == s] for s in queries.SEVERITIES}
    perf = performance(model, findings)
    return page(request, "disclosure.html.j2", doc=doc, model=model, uploaded=uploaded, perf=perf,
                perf_links={f["id"]: t["anchor"] for t in perf["tables"] for f in t["findings"]},
                tables=[table_view(t, hits) for t in queries.tables(engine, doc_id)],
                findings=grouped, claims=queries.claims(engine, doc_id), kinds=queries.fact_kinds(engine, doc_id),
                kind_name=queries.kind_name, claim_kinds=CLAIM_KIND_NAMES, directions=DIRECTION_NAMES,
                format_name=format_name, template_name=template_name,
                narrative=narrative_view(model, findings),
                stage_names=STAGE_NAMES, where_printed=where_printed)


@router.get("/units/{unit_id}")
def unit_page(request: Request, unit_id: int):
    engine = request.app.state.engine
    drafts = authenticated(request)
    try:
        unit = queries.unit(engine, unit_id, drafts)
    except queries.NotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    trend = queries.unit_trend(engine, unit_id, drafts)
    chart = [{"title": f"{g['scope'] or '?'}{g['phase'] or ''}{drafted(g['drafts'])}", "years": g["years"],
              "series": {k: [None if v is None else format(v, "f") for v in vals] for k, vals in g["series"].items()}}
             for g in trend]
    return page(request, "unit.html.j2", unit=unit, documents=queries.unit_documents(engine, unit_id, drafts), trend=trend,
                chart=script_json(chart), department=department_of_unit(engine, unit_id, drafts))


def drafted(years: list[int]) -> str:
    """A chart's title says which of its years are a draft's figures."""
    return f"（{'、'.join(map(str, years))} 年为草稿）" if years else ""


def department_of_unit(engine, unit_id: int, drafts: bool = False) -> dict | None:
    """The 部门 a 单位 belongs to in its latest year (None where none is stored)."""
    return queries.departments(engine, drafts=drafts, unit_id=unit_id).get(unit_id)


@router.get("/disclosures/{doc_id}/facts")
def facts(request: Request, doc_id: int, table_kind: str | None = None, page_no: int = Query(1, alias="page", ge=1)):
    engine = request.app.state.engine
    try:
        queries.document(engine, doc_id, authenticated(request))     # a draft's facts as hidden as its page
    except queries.NotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    got = queries.facts(engine, doc_id, {"table_kind": table_kind}, page_no, per_page=100)
    return page(request, "_facts.html.j2", doc_id=doc_id, got=got, table_kind=table_kind or "",
                where_printed=where_printed, labels=queries.table_labels(engine, doc_id), kind_name=queries.kind_name,
                is_key=is_key)


@router.get("/compare")
def compare(request: Request, units: str = "", years: str = "", scope: str = "", phase: str = ""):
    names = [u.strip() for u in SPLIT.split(units) if u.strip()]
    wanted = [int(y) for y in re.findall(r"\d{4}", years)]
    context = {"units": units, "years": years, "scope": scope, "phase": phase, "result": None, "error": "",
               "change": change, "zip": zip, "assumed_note": ASSUMED_NOTE,
               "choices": queries.choices(request.app.state.engine, authenticated(request))}
    if not names:
        return page(request, "compare.html.j2", **context)
    try:
        within_compare_limits(names, wanted)
        if len(names) > 1 and len(wanted) != 1:
            raise StoreError("比较多个单位时请只填一个年度；比较一个单位的多个年度时请只填一个单位")
        one_year = wanted[0] if len(names) > 1 else None
        context["result"] = compare_request(request.app.state.engine, names, None if one_year else wanted or None,
                                            one_year, scope or None, phase or None, drafts=authenticated(request))
    except StoreError as exc:
        context["error"] = str(exc)
        return page(request, "compare.html.j2", status=status_of(exc), **context)
    return page(request, "compare.html.j2", **context)


@router.get("/dashboard")
def dashboard(request: Request, year: str | None = None, phase: str | None = None):
    engine = request.app.state.engine
    data = queries.compliance(engine, number(year), phase or None, authenticated(request))
    chart = {"units": [u["unit_name"] for u in data["units"]],
             "errors": [u["errors"] for u in data["units"]], "warnings": [u["warnings"] for u in data["units"]],
             "infos": [u["infos"] for u in data["units"]]}
    return page(request, "dashboard.html.j2", data=data, chart=script_json(chart),
                rows=grouped_units(data["units"]), year=year or "", phase=phase or "",
                choices=queries.choices(engine, authenticated(request)))


def grouped_units(units: list[dict]) -> list[dict]:
    """The dashboard's rows: each 部门 followed by its 单位 (indented); a 单位 whose 部门 has no
    row of its own (not stored for the year asked) heads under its 部门's name all the same."""
    children: dict[int, list[dict]] = {}
    for u in units:
        if u.get("department"):
            children.setdefault(u["department"]["id"], []).append(u)
    ids = {u["unit_id"] for u in units}
    rows = []
    for u in units:
        if u.get("department") and u["department"]["id"] in ids:
            continue        # listed under its 部门
        rows.append({**u, "level": 1 if u.get("department") else 0})
        rows += [{**c, "level": 1} for c in children.get(u["unit_id"], [])]
    return rows


@router.get("/upload")
def upload_form(request: Request):
    return page(request, "upload.html.j2", expected=EXPECTED, limit_mb=request.app.state.max_upload / 1024 / 1024,
                results=None, error="")


@router.post("/upload")
async def upload(request: Request):
    """Checked at once (too large, wrong kind: said on the form); then read and stored in the
    background while the job's page shows the progress."""
    context = {"expected": EXPECTED, "limit_mb": request.app.state.max_upload / 1024 / 1024, "results": None}
    require_admin(request)
    form = await request.form()
    csrf.check(request, form.get(csrf.FIELD))
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and (f.filename or f.size)]
    try:
        named = await read_uploads(request, files)
        job = start_ingest(request.app.state.jobs, request.app.state.engine, named, drafting(request),
                           admin_name(request))
    except UploadRefused as exc:
        return page(request, "upload.html.j2", status=exc.status, error=exc.message, **context)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/render")
def render_form(request: Request):
    return page(request, "render.html.j2", expected=EXPECTED, limit_mb=request.app.state.max_upload / 1024 / 1024,
                error="")


@router.post("/render")
async def render(request: Request):
    require_admin(request)
    form = await request.form()
    csrf.check(request, form.get(csrf.FIELD))
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and (f.filename or f.size)]
    prior = form.get("prior")
    try:
        named = await read_uploads(request, files)
        last = (await read_uploads(request, [prior]))[0] if isinstance(prior, UploadFile) and prior.filename else None
        job = start_render(request.app.state.jobs, named, last, admin_name(request))
    except UploadRefused as exc:
        return page(request, "render.html.j2", status=exc.status, error=exc.message, expected=EXPECTED,
                    limit_mb=request.app.state.max_upload / 1024 / 1024)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/jobs/{job_id}/document.{fmt}")
async def rendered(request: Request, job_id: str, fmt: str):
    return await rendered_file(request, job_of(request, job_id), fmt)


@router.get("/jobs")
def jobs_page(request: Request, status: str = "", page_no: int = Query(1, alias="page", ge=1, le=10**9)):
    """Every job of every worker process, for the admins, JOBS_PER_PAGE a page: who, which
    files, when, its result; an interrupted one can be run again from here."""
    require_admin(request)
    shown = status if status in STATUS_NAMES else None
    jobs = request.app.state.jobs
    got = Page([], jobs.counted(shown), page_no, JOBS_PER_PAGE)
    got.page = min(page_no, got.pages)          # past the last page: the last
    got.items = listed_jobs(request, shown, JOBS_PER_PAGE, (got.page - 1) * JOBS_PER_PAGE)
    return page(request, "jobs.html.j2", jobs=got.items, found=got, chosen=shown or "", statuses=STATUS_NAMES,
                waiting=jobs.waiting())


@router.get("/jobs/{job_id}")
def job_page(request: Request, job_id: str):
    job = job_of(request, job_id)
    landing = single_document(job)
    if landing is not None:
        return RedirectResponse(landing, status_code=303)
    return page(request, "job.html.j2", job=job)


@router.post("/jobs/{job_id}/retry")
def retry_job(request: Request, job_id: str, csrf_: str = Form("", alias=csrf.FIELD)):
    """An interrupted job run again over its stored files: the new job's page."""
    require_admin(request)
    csrf.check(request, csrf_)
    try:
        job = retried(request, job_of(request, job_id))
    except UploadRefused as exc:
        raise HTTPException(exc.status, exc.message) from exc
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/jobs/{job_id}/progress")
def job_progress(request: Request, job_id: str):
    """The job's progress, polled by htmx; one stored document: its page at once."""
    job = job_of(request, job_id)
    landing = single_document(job)
    if landing is not None:
        return page(request, "_job.html.j2", job=job, headers_={"HX-Redirect": landing})
    return page(request, "_job.html.j2", job=job)


def single_document(job) -> str | None:
    if job.kind != "ingest" or not job.finished_ok or len(job.results) != 1:
        return None
    r = job.results[0]
    # a file joined with another (or left alone, and why): the result page says so first
    return f"/disclosures/{r.document_id}?uploaded=1" if r.document_id and r.stored and not r.notes else None


@router.get("/api/docs")
def api_docs(request: Request):
    """The API's reference in Chinese, from its OpenAPI description, served by the portal itself:
    a finance bureau's intranet has no internet, and the Swagger UI (at /api/swagger) loads its
    script from a CDN, so the nav's 接口文档 was a blank page there."""
    return page(request, "api_docs.html.j2", calls=api_calls(request.app.openapi()))


PLACES = {"path": "路径", "query": "查询参数", "header": "请求头", "cookie": "Cookie"}
TYPES = {"string": "文本", "integer": "整数", "boolean": "true/false", "number": "数值", "array": "可重复"}
# what a parameter common to many calls means, where its call does not say
PARAM_HELP = {"q": "单位名称或代码（可只填一部分）", "year": "年度", "years": "年度，可重复", "scope": "部门 或 单位",
              "phase": "预算 或 决算", "page": "页码，从 1 起", "per_page": "每页条数", "doc_id": "公开文件编号",
              "unit_id": "单位编号", "job_id": "任务编号", "fmt": "格式", "severity": "error、warning 或 info（错误、警告、提示）",
              "stage": "document、cross 或 department（本文件、与上年比较、与所属部门比较）",
              "status": "queued、running、done、failed、interrupted 或 retried", "limit": "最多返回的条数",
              "offset": "跳过的条数（与 limit 一同分页）", "table_kind": "表的种类（如 summary、three_public）",
              "table_set": "表组：0 为本部门（含单位表时）", "all_versions": "true：含已被取代的各版本"}


def api_calls(spec: dict) -> list[dict]:
    """Each call of the API: method, path, what it does, its parameters and uploaded fields."""
    calls = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            params = [{"name": p["name"], "place": PLACES.get(p.get("in"), p.get("in")), "required": p.get("required"),
                       "type": type_name(p.get("schema", {})), "default": p.get("schema", {}).get("default"),
                       "description": p.get("description") or p.get("schema", {}).get("description")
                       or PARAM_HELP.get(p["name"], "")}
                      for p in op.get("parameters", [])]
            form = op.get("requestBody", {}).get("content", {}).get("multipart/form-data")
            calls.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""), "params": params,
                          "fields": form_fields(spec, form) if form else []})
    return calls


def type_name(schema: dict) -> str:
    kinds = [s.get("type") for s in schema.get("anyOf", [schema]) if s.get("type") not in (None, "null")]
    return "、".join(TYPES.get(k, k) for k in kinds)


def form_fields(spec: dict, form: dict) -> list[dict]:
    """An upload's multipart fields (the body's schema, through its $ref)."""
    ref = form.get("schema", {}).get("$ref", "")
    body = spec.get("components", {}).get("schemas", {}).get(ref.rpartition("/")[2], {})
    required = set(body.get("required", []))
    return [{"name": name, "required": name in required, "description": field.get("description", "")}
            for name, field in body.get("properties", {}).items()]


@router.get("/data")
def data(request: Request):
    engine = request.app.state.engine
    return page(request, "data.html.j2", formats=FORMATS, units=queries.units(engine),
                choices=queries.choices(engine))


# -- access: login, drafts ---------------------------------------------------------------------------
def back_to(target: str | None) -> str:
    """Where to go after logging in: a path of this site only (never another site's address)."""
    target = target or "/"
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


@router.get("/login")
def login_form(request: Request, next_: str = Query("/", alias="next")):
    return page(request, "login.html.j2", next=back_to(next_), error="")


@router.post("/login")
def login(request: Request, token: str = Form(""), next_: str = Form("/", alias="next"),
          csrf_: str = Form("", alias=csrf.FIELD)):
    csrf.check(request, csrf_)
    if not guarded(request):
        return RedirectResponse(back_to(next_), status_code=303)
    name = admin_named(request, token.strip())
    if name is None:
        return page(request, "login.html.j2", status=401, next=back_to(next_), error="管理员令牌不正确，请重新输入")
    done = RedirectResponse(back_to(next_), status_code=303)
    log_in(request, done, name)
    return csrf.rotate(request, done)


@router.post("/logout")
def logout(request: Request, csrf_: str = Form("", alias=csrf.FIELD)):
    csrf.check(request, csrf_)
    done = RedirectResponse("/", status_code=303)
    log_out(request, done)
    return csrf.rotate(request, done)


@router.post("/disclosures/{doc_id}/publish")
def publish_draft(request: Request, doc_id: int, csrf_: str = Form("", alias=csrf.FIELD)):
    require_admin(request)
    csrf.check(request, csrf_)
    try:
        publish(request.app.state.engine, doc_id, admin_name(request))
    except StoreError as exc:
        raise HTTPException(404 if isinstance(exc, NotFound) else 409, str(exc)) from exc
    return RedirectResponse(f"/disclosures/{doc_id}", status_code=303)


@router.get("/disclosures/{doc_id}/delete")
def confirm_delete(request: Request, doc_id: int):
    """Deleting asks first, on a page of its own (works without script)."""
    require_admin(request)
    try:
        doc = queries.document(request.app.state.engine, doc_id, drafts=True)
    except queries.NotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    if doc["published"]:
        raise HTTPException(409, f"文件 {doc_id} 已经发布，不是草稿，不能删除")
    doc.pop("model")
    return page(request, "delete.html.j2", doc=doc)


@router.post("/disclosures/{doc_id}/delete")
def delete_(request: Request, doc_id: int, confirm: str = Form(""), csrf_: str = Form("", alias=csrf.FIELD)):
    require_admin(request)
    csrf.check(request, csrf_)
    if confirm != "yes":
        return RedirectResponse(f"/disclosures/{doc_id}/delete", status_code=303)
    try:
        delete_draft(request.app.state.engine, doc_id)
    except StoreError as exc:
        raise HTTPException(404 if isinstance(exc, NotFound) else 409, str(exc)) from exc
    return RedirectResponse("/", status_code=303)
