"""CSRF tokens on the portal's forms that change something (upload, 生成公开文件, publish,
delete, login, logout). SameSite=Strict keeps the login cookie off other sites' requests, but
an open portal (no admin token) has no login to withhold, and older browsers ignore SameSite.

A token per browser session (double submit): a random value in an HttpOnly, SameSite=Strict
cookie, the same value in each form's hidden field; a post is taken only when the two are equal
(hmac.compare_digest). Another site can make a browser post, but can neither read this site's
pages nor set its cookies, so it cannot know the value. API calls carrying
`Authorization: Bearer` need none: no browser adds that header to another site's request.

A form that uploads files (上传, 生成公开文件) also carries a token in its address (`?csrf=`),
so that one sent with a wrong token is refused before its body is read (a stale page, its
session's token changed by a login since, is not made to send 50 MB first); a page's address
needs no script, so a browser without JavaScript sends it as well. That token is derived from
the session's (HMAC): an address ends up in logs and the browser's history, and the derived
value is no use for the body's field or the API's header. Without it (a page served before),
the body's field decides, as before.

The API's calls that change the store (`check_api`) take the login cookie as the portal does, so
made with it they need the token too, in the X-CSRF-Token header. On an open portal (no admin
token: a laptop's localhost, an intranet) a browser's request another site made is refused by
what the browser says of it (Sec-Fetch-Site); a script sends no such header and is served."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

from fastapi import HTTPException, Request
from starlette.responses import Response

from .auth import bearer, guarded, same

COOKIE = "budgetlens_csrf"
FIELD = "csrf"
HEADER = "x-csrf-token"
URL_FIELD = "csrf"          # the upload forms' token in their address (url_token)
OTHER_SITE = ("cross-site", "same-site")
WELL_FORMED = re.compile(r"[A-Za-z0-9_-]{32,64}")
REFUSED = "表单已失效或不是从本网站提交的（缺少有效的防伪令牌）；请刷新页面后重新提交"


def token_of(request: Request) -> str:
    """The session's token: the cookie's, else a new one (set on the response by remember)."""
    known = request.cookies.get(COOKIE, "")
    if WELL_FORMED.fullmatch(known):
        return known
    if not getattr(request.state, "new_csrf", None):
        request.state.new_csrf = secrets.token_urlsafe(32)
    return request.state.new_csrf


def url_token(token: str) -> str:
    """The token an upload form's address carries: derived from the session's, never equal to it."""
    digest = hmac.new(token.encode("ascii"), b"budgetlens form address", hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def remember(request: Request, response: Response) -> Response:
    """Set the cookie where token_of made a new token for this request's page."""
    new = getattr(request.state, "new_csrf", None)
    if new:
        response.set_cookie(COOKIE, new, httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return response


def rotate(request: Request, response: Response) -> Response:
    """A new token at login and logout: one an attacker planted or read before (a shared
    computer, a cookie set through a sibling subdomain) is void for the new session."""
    response.set_cookie(COOKIE, secrets.token_urlsafe(32), httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")
    return response


def check(request: Request, given: object) -> None:
    """HTTP 403 (Chinese) unless the form's token is the session's; a Bearer request needs none."""
    if bearer(request) is not None:
        return
    known = request.cookies.get(COOKIE, "")
    if not (isinstance(given, str) and WELL_FORMED.fullmatch(known) and same(given, known)):
        raise HTTPException(403, REFUSED)


def check_api(request: Request) -> None:
    """HTTP 403 (Chinese) for an API call changing the store that a browser could have been made
    to send: with the login cookie and without its token in the X-CSRF-Token header, or, on an
    open portal, sent from another site. A Bearer request needs none."""
    if bearer(request) is not None:
        return
    if guarded(request):
        check(request, request.headers.get(HEADER))
    elif request.headers.get("sec-fetch-site") in OTHER_SITE:
        raise HTTPException(403, REFUSED)


def check_before_body(request: Request) -> None:
    """HTTP 403 (Chinese) for an upload a browser could have been made to send, told by its
    headers alone, so that it is refused before its body is read (a forged upload of
    megabytes is not received first): the API's calls as check_api; a portal form without the
    session's cookie (its token, in the body, can equal nothing), sent from another site, or
    with a token in its address or X-CSRF-Token header that is not the session's. The form's
    own token in the body is checked once the body is read."""
    if request.url.path.startswith("/api/"):
        check_api(request)
        return
    if bearer(request) is not None:
        return
    known = request.cookies.get(COOKIE, "")
    if not WELL_FORMED.fullmatch(known) or request.headers.get("sec-fetch-site") in OTHER_SITE:
        raise HTTPException(403, REFUSED)
    in_address, in_header = request.query_params.get(URL_FIELD), request.headers.get(HEADER)
    if in_address is not None and not same(in_address, url_token(known)):
        raise HTTPException(403, REFUSED)
    if in_header is not None and not same(in_header, known):
        raise HTTPException(403, REFUSED)
