"""Admins: where admin tokens are set, uploading, 生成公开文件, publishing and deleting need one,
and drafts are shown only to whoever gives one — the API as `Authorization: Bearer TOKEN`, the
portal by logging in once (an HttpOnly cookie). Without a token the portal is open to whoever
reaches it (a laptop user).

Several admins each have a token of their own, under a name the store records on what each
uploads and publishes: BUDGETLENS_ADMIN_TOKENS="name1:token1,name2:token2", or a file of
`name:token` lines (BUDGETLENS_ADMIN_TOKENS_FILE); BUDGETLENS_ADMIN_TOKEN (one token, named
管理员) still works.

A login is a session in the store (admin_sessions): the cookie holds its expiry, a random
secret and an HMAC of both keyed by the admin's token (standard library: Starlette does not
bring itsdangerous), the store the secret's hash. It is void at its expiry (BUDGETLENS_SESSION_HOURS,
12 by default), once the token changes, and once logged out (the row is removed: a copied
cookie opens nothing afterwards). Tokens and signatures are compared in constant time."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from pathlib import Path

from fastapi import HTTPException, Request
from sqlalchemy import delete
from sqlalchemy.orm import Session
from starlette.responses import Response

from ..store.schema import AdminSession

ENV = "BUDGETLENS_ADMIN_TOKEN"
ENV_MANY = "BUDGETLENS_ADMIN_TOKENS"
ENV_FILE = "BUDGETLENS_ADMIN_TOKENS_FILE"
ENV_HOURS = "BUDGETLENS_SESSION_HOURS"
COOKIE = "budgetlens_admin"
SINGLE = "管理员"             # the name of the one admin BUDGETLENS_ADMIN_TOKEN sets
LIFETIME = 12 * 3600          # seconds a login lasts unless BUDGETLENS_SESSION_HOURS says
NEEDED = "需要管理员令牌：接口请求须带 Authorization: Bearer 令牌，网站请先登录（/login）"


class AdminConfigError(ValueError):
    """The admin tokens are set wrongly (message in Chinese): the server does not start."""


def configured_token(given: str | None = None) -> str | None:
    """The token given to create_app, else $BUDGETLENS_ADMIN_TOKEN; None (or blank): open."""
    token = given if given is not None else os.environ.get(ENV)
    return token.strip() or None if token else None


def configured_admins(token: str | None = None, tokens: str | dict | None = None) -> dict[str, str]:
    """Each admin's name → token: tokens given (a dict, or "name:token,…"), else the one token
    given, else $BUDGETLENS_ADMIN_TOKENS_FILE, $BUDGETLENS_ADMIN_TOKENS, $BUDGETLENS_ADMIN_TOKEN.
    Empty: the portal is open."""
    if isinstance(tokens, dict):
        return checked(list(tokens.items()), "admin_tokens")
    if tokens is not None:
        return parsed(tokens, "admin_tokens")
    if token is not None:
        one = configured_token(token)
        return {SINGLE: one} if one else {}
    if os.environ.get(ENV_FILE, "").strip():
        return from_file(Path(os.environ[ENV_FILE].strip()).expanduser())
    if os.environ.get(ENV_MANY, "").strip():
        return parsed(os.environ[ENV_MANY], ENV_MANY)
    one = configured_token()
    return {SINGLE: one} if one else {}


def from_file(path: Path) -> dict[str, str]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise AdminConfigError(f"无法读取管理员令牌文件 {path}（{ENV_FILE}）：{exc.strerror or exc}") from exc
    lines = [line.strip() for line in text.splitlines()]
    return parsed(",".join(line for line in lines if line and not line.startswith("#")), f"{ENV_FILE}（{path}）")


def parsed(spec: str, where: str) -> dict[str, str]:
    pairs = []
    for entry in (e.strip() for e in spec.split(",")):
        if not entry:
            continue
        name, colon, token = entry.partition(":")
        if not colon:
            raise AdminConfigError(f"{where} 的“{entry[:3]}…”缺少冒号：每项应为“名称:令牌”，以逗号分隔")
        pairs.append((name.strip(), token.strip()))
    return checked(pairs, where)


def checked(pairs: list[tuple[str, str]], where: str) -> dict[str, str]:
    """Names and tokens each given and each once (a token shared by two names could not tell
    who did what)."""
    admins: dict[str, str] = {}
    for name, token in pairs:
        if not name or not token:
            raise AdminConfigError(f"{where} 中有一项名称或令牌为空：每项应为“名称:令牌”")
        if name in admins:
            raise AdminConfigError(f"{where} 中管理员“{name}”出现了两次")
        if any(same(token, t) for t in admins.values()):
            raise AdminConfigError(f"{where} 中管理员“{name}”的令牌与另一管理员相同：每人须有自己的令牌")
        admins[name] = token
    return admins


def session_seconds(hours: float | None = None) -> int:
    """How long a login lasts: hours given, else $BUDGETLENS_SESSION_HOURS, else 12 hours."""
    raw = os.environ.get(ENV_HOURS, "").strip() if hours is None else str(hours)
    if not raw:
        return LIFETIME
    try:
        value = float(raw)
    except ValueError:
        value = 0
    if not 0 < value <= 24 * 366:
        raise AdminConfigError(f"{ENV_HOURS} 应为大于 0 的小时数（例如 12），现为“{raw}”")
    return int(value * 3600)


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def signature(token: str, expires: int, secret: str = "") -> str:
    said = f"admin:{expires}" + (f":{secret}" if secret else "")
    return hmac.new(token.encode("utf-8"), said.encode(), hashlib.sha256).hexdigest()


def cookie_value(token: str, now: float | None = None, secret: str = "", lifetime: int = LIFETIME) -> str:
    expires = int((now or time.time()) + lifetime)
    return ".".join(p for p in (str(expires), secret, signature(token, expires, secret)) if p)


def cookie_parts(value: str | None) -> tuple[int, str, str] | None:
    """(expires, secret, signature) of a cookie (the secret '' in one without a session)."""
    parts = (value or "").split(".")
    if len(parts) == 2:
        parts.insert(1, "")
    # (ASCII digits only: a cookie is read as Latin-1, whose ² and ³ str.isdigit takes for digits)
    if len(parts) != 3 or not (parts[0].isascii() and parts[0].isdigit()):
        return None
    return int(parts[0]), parts[1], parts[2]


def cookie_valid(token: str, value: str | None, now: float | None = None) -> bool:
    """Signed with the token and not expired (the session it names is checked in the store)."""
    parts = cookie_parts(value)
    if parts is None or parts[0] < (now or time.time()):
        return False
    return same(parts[2], signature(token, parts[0], parts[1]))


def bearer(request: Request) -> str | None:
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return given.strip() if scheme.lower() == "bearer" and given.strip() else None


def guarded(request: Request) -> bool:
    """Whether admin tokens are set (else the portal is open)."""
    return bool(request.app.state.admins)


def admin_named(request: Request, token: str) -> str | None:
    """The admin whose token this is; every token is compared (in constant time)."""
    found = None
    for name, known in request.app.state.admins.items():
        if same(token, known):
            found = name
    return found


def admin_name(request: Request) -> str | None:
    """Who the request is from: an admin's name, or None (anonymous, or an open portal)."""
    if not hasattr(request.state, "admin"):
        request.state.admin = identified(request) if guarded(request) else None
    return request.state.admin


def identified(request: Request) -> str | None:
    given = bearer(request)
    if given is not None:
        return admin_named(request, given)
    return session_admin(request, request.cookies.get(COOKIE))


def session_admin(request: Request, value: str | None) -> str | None:
    """The admin of a login cookie: signed with that admin's token, not expired, its session
    still in the store (not logged out)."""
    parts = cookie_parts(value)
    if parts is None or not parts[1]:
        return None
    signer = next((n for n, t in request.app.state.admins.items() if cookie_valid(t, value)), None)
    if signer is None:
        return None
    with Session(request.app.state.engine) as s:
        row = s.get(AdminSession, hashed(parts[1]))
        alive = row is not None and row.admin == signer and row.expires >= time.time()
    return signer if alive else None


def hashed(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def authenticated(request: Request) -> bool:
    """Whether the request may see drafts and change the store: always where no token is set."""
    return not guarded(request) or admin_name(request) is not None


def require_admin(request: Request) -> None:
    """HTTP 401 (a Chinese message) unless authenticated; a wrong token is said to be wrong."""
    if authenticated(request):
        return
    wrong = bearer(request) is not None
    raise HTTPException(401, "管理员令牌不正确" if wrong else NEEDED, headers={"WWW-Authenticate": "Bearer"})


def log_in(request: Request, response: Response, name: str) -> None:
    """A new session for the admin: stored, and its cookie set (HttpOnly: no script reads it;
    SameSite=Strict: no other site's form posts with it). The browser's session before, if any,
    ends as at logout (another admin on a shared computer: a copy of the first one's cookie
    opens nothing afterwards)."""
    lifetime = request.app.state.session_seconds
    secret = secrets.token_urlsafe(32)
    value = cookie_value(request.app.state.admins[name], secret=secret, lifetime=lifetime)
    now = time.time()
    before = cookie_parts(request.cookies.get(COOKIE))
    with Session(request.app.state.engine) as s, s.begin():
        s.execute(delete(AdminSession).where(AdminSession.expires < now))      # the expired are of no use
        if before is not None and before[1]:
            s.execute(delete(AdminSession).where(AdminSession.id == hashed(before[1])))
        s.add(AdminSession(id=hashed(secret), admin=name, created=now, expires=now + lifetime))
    response.set_cookie(COOKIE, value, max_age=lifetime, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")


def log_out(request: Request, response: Response) -> None:
    """The session removed from the store and its cookie cleared."""
    parts = cookie_parts(request.cookies.get(COOKIE))
    if parts is not None and parts[1]:
        with Session(request.app.state.engine) as s, s.begin():
            s.execute(delete(AdminSession).where(AdminSession.id == hashed(parts[1])))
    response.delete_cookie(COOKIE, httponly=True, samesite="strict")
