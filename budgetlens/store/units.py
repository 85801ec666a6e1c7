"""One budget unit across years and spellings.

A unit is identified by its unit code when the document prints one, otherwise by its name
normalised (NFKC, no spaces, official region names shortened as listed in data/regions.yaml)
within its region. The scope (部门/单位) is not part of the unit: it is part of the disclosure,
so a 部门 and the 单位 of its own office share a unit row but are never compared as one.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data" / "regions.yaml"
SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=1)
def abbreviations() -> list[tuple[str, str]]:
    """(long, short) pairs, longest first so a prefecture wins over its province."""
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    pairs = [(unicodedata.normalize("NFKC", k), unicodedata.normalize("NFKC", v))
             for k, v in (data.get("abbreviations") or {}).items()]
    return sorted(pairs, key=lambda p: -len(p[0]))


@functools.lru_cache(maxsize=65536)
def normalise_name(name: str | None) -> str:
    """The comparison key of a unit or region name: the same for every spelling of one unit."""
    if not name:
        return ""
    text = SPACES.sub("", unicodedata.normalize("NFKC", name))
    for long, short in abbreviations():
        if long in text:
            text = text.replace(long, short)
    return text


def unit_key(code: str | None, name: str | None, region: str | None) -> tuple[str | None, str, str]:
    """(code, normalised name, normalised region) used to find a unit."""
    code = SPACES.sub("", code) if code else None
    return code or None, normalise_name(name), normalise_name(region)
