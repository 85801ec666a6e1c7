"""Web pages saved as one file (MHTML: .mht, .mhtml): the page's HTML read as an HTML file.

Disclosures published as web pages reach users saved by a browser ("网页，单个文件"), and
Excel and Word save workbooks and documents so too. The file is a MIME message: its HTML
parts are taken out (decoded from quoted-printable or base64, in their charset) and read by
the HTML reader; the frames and tab strip Excel adds around its sheets are left out, and the
sheets' pages are read one after the other.
"""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

from .base import ReadError, SourceDocument, sha256_bytes

HEAD_FIELDS = re.compile(rb"^(?:from|mime-version|content-type|subject|date|snapshot-content-location|"
                         rb"x-[a-z-]+)\s*:", re.IGNORECASE | re.MULTILINE)
BODY = re.compile(r"<body[^>]*>(.*?)(?:</body>|\Z)", re.IGNORECASE | re.DOTALL)
FRAMES = re.compile(r"<frameset|<frame\s", re.IGNORECASE)


def is_mhtml(head: bytes) -> bool:
    """A MIME message of related parts: mail headers first, one of them multipart/related."""
    probe = head.lstrip()[:4096]
    return HEAD_FIELDS.match(probe) is not None and b"multipart/related" in probe.lower()


def read_mhtml(path: str, data: bytes) -> SourceDocument:
    name = Path(path).name
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    pages = [page for page in map(html_of, message.walk()) if page is not None and not FRAMES.search(page)]
    if not pages:
        raise ReadError(f"{name} 是网页存档（MHTML），但其中没有可读的网页内容（HTML 部分）")
    page = pages[0] if len(pages) == 1 else joined(pages)
    from .html import read_html

    doc = read_html(path, b"\xef\xbb\xbf" + page.encode("utf-8"))
    doc.format, doc.sha256, doc.encoding = "mhtml", sha256_bytes(data), None
    doc.notes.append(f"{name} 是网页存档（MHTML），读取其中的网页内容"
                     + (f"（{len(pages)} 个页面依次读取）" if len(pages) > 1 else ""))
    return doc


def html_of(part) -> str | None:
    """A part's HTML as text (its transfer encoding undone, in its charset), or None."""
    if part.get_content_type() != "text/html":
        return None
    raw = part.get_payload(decode=True) or b""
    for charset in (part.get_content_charset(), "utf-8", "gb18030"):
        if not charset:
            continue
        try:
            return raw.decode("gb18030" if charset.lower() in ("gb2312", "gbk") else charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("utf-8", "replace")


def joined(pages: list[str]) -> str:
    """Several pages (a workbook's sheets) as one, their bodies in order."""
    bodies = [m.group(1) if (m := BODY.search(page)) else page for page in pages]
    return "<html><head><meta charset=\"utf-8\"></head><body>" + "\n".join(bodies) + "</body></html>"
