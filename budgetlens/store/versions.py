"""Which of two versions of one disclosure is the later one.

A unit may publish its disclosure again (a correction, 更正版), and a bureau's folder may hold
both files; they are ingested in the order of their names, or in separate runs in any order.
The version ingested last is not always the later one, so what the documents themselves
tell decides first: the date each was signed (落款日期), then a correction named in the file
name. Only when neither tells does the later ingest become the current version.
"""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

# what a corrected republication calls itself in its file name (更正版, （更正）, 修订稿, 修正)
CORRECTED = re.compile(r"更正|修订|修正")


@dataclass(frozen=True)
class Recency:
    signed: date | None            # the document's signature date, when printed
    corrected: bool                # a file it was found under names it a correction

    def said(self) -> str:
        parts = [f"落款日期 {self.signed.isoformat()}" if self.signed else "未印落款日期"]
        if self.corrected:
            parts.append("文件名标明更正")
        return "，".join(parts)


def recency(signed: date | str | None, paths: list[str]) -> Recency:
    if isinstance(signed, str):
        signed = date.fromisoformat(signed)
    return Recency(signed, any(CORRECTED.search(PurePath(p).name) for p in paths))


def stored_signature(model: bytes | None) -> str | None:
    """The signature date of a stored document's model (zlib-compressed Disclosure JSON)."""
    if not model:
        return None
    try:
        meta = json.loads(zlib.decompress(model)).get("meta") or {}
    except (zlib.error, ValueError):
        return None
    return meta.get("signature_date")


def later(a: Recency, b: Recency) -> bool | None:
    """True when a is the later version, False when b is, None when neither date nor name tells."""
    if a.signed and b.signed and a.signed != b.signed:
        return a.signed > b.signed
    if a.corrected != b.corrected:
        return a.corrected
    return None
