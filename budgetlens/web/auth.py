"""The admin token: where BUDGETLENS_ADMIN_TOKEN (or `budgetlens serve --admin-token`) is set,
uploading, 生成公开文件, publishing and deleting need it, and drafts are shown only to whoever
gives it — the API as `Authorization: Bearer TOKEN`, the portal by logging in once (a signed,
HttpOnly cookie). Without a token the portal is open to whoever reaches it (a laptop user).

The cookie holds its expiry and an HMAC of it keyed by the token (standard library: Starlette
does not bring itsdangerous), so it is void once the token changes; tokens and signatures are
compared in constant time (hmac.compare_digest)."""

from __future__ import annotations

import hashlib
import hmac
import os
import time

from fastapi import HTTPException, Request

ENV = "BUDGETLENS_ADMIN_TOKEN"
COOKIE = "budgetlens_admin"
LIFETIME = 12 * 3600          # seconds a login lasts
NEEDED = "需要管理员令牌：接口请求须带 Authorization: Bearer 令牌，网站请先登录（/login）"


def configured_token(given: str | None = None) -> str | None:
    """The token given to create_app, else $BUDGETLENS_ADMIN_TOKEN; None (or blank): open."""
    token = given if given is not None else os.environ.get(ENV)
    return token.strip() or None if token else None


def token_of(request: Request) -> str | None:
    return request.app.state.admin_token


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def signature(token: str, expires: int) -> str:
    return hmac.new(token.encode("utf-8"), f"admin:{expires}".encode(), hashlib.sha256).hexdigest()


def cookie_value(token: str, now: float | None = None) -> str:
    expires = int((now or time.time()) + LIFETIME)
    return f"{expires}.{signature(token, expires)}"


def cookie_valid(token: str, value: str | None, now: float | None = None) -> bool:
    expires, _, sig = (value or "").partition(".")
    if not expires.isdigit() or int(expires) < (now or time.time()):
        return False
    return same(sig, signature(token, int(expires)))


def bearer(request: Request) -> str | None:
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return given.strip() if scheme.lower() == "bearer" and given.strip() else None


def authenticated(request: Request) -> bool:
    """Whether the request may see drafts and change the store: always where no token is set."""
    token = token_of(request)
    if token is None:
        return True
    given = bearer(request)
    if given is not None:
        return same(given, token)
    return cookie_valid(token, request.cookies.get(COOKIE))


def require_admin(request: Request) -> None:
    """HTTP 401 (a Chinese message) unless authenticated; a wrong token is said to be wrong."""
    if authenticated(request):
        return
    wrong = bearer(request) is not None
    raise HTTPException(401, "管理员令牌不正确" if wrong else NEEDED, headers={"WWW-Authenticate": "Bearer"})
