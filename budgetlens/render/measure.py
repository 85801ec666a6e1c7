"""Widths of text as a word processor sets it, in em, from the fonts' own advance widths
(fontTools, installed with WeasyPrint), for the Word writer's column widths.

The document asks for 宋体; where it is not installed (LibreOffice on Linux, a Mac) the text is
set in what fontconfig substitutes for it (DejaVu Sans: digits 0.64 em, wider than 宋体's 0.5)
or in a CJK font (Noto CJK: 0.56). A column is as wide as its text in the widest of the fonts
found, so an amount stays on one line in any of them. Without fontTools or any font the old
estimate stands (0.6 em a digit, 1 em a CJK character)."""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

DOCUMENT_FONT = "宋体"
CJK_FONTS = ("Noto Serif CJK SC", "Noto Sans CJK SC")
ESTIMATE_EM = 0.6              # a Latin character or digit, where no font is found
TOKEN = re.compile(r"[0-9A-Za-z.,%\-]+")


def is_wide(ch: str) -> bool:
    """A character set one em wide: CJK, full-width forms, CJK punctuation."""
    return ord(ch) >= 0x2E80


@cache
def fonts() -> tuple[tuple[dict[int, float], float], ...]:
    """For each font found: its advance width in em by code point, and the default for a code
    point it lacks (the fallback font's: 1 em for CJK, the estimate else)."""
    found = []
    for path, index in {located(name) for name in (DOCUMENT_FONT, *CJK_FONTS)} - {None}:
        widths = advances(path, index)
        if widths:
            found.append((widths, ESTIMATE_EM))
    return tuple(found)


def located(family: str) -> tuple[str, int] | None:
    """The font file (and face in a collection) fontconfig gives for a family."""
    if shutil.which("fc-match") is None:
        return None
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}|%{index}", family], capture_output=True,
                             text=True, timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    path, _, index = out.partition("|")
    return (path, int(index or 0)) if path and Path(path).is_file() else None


def advances(path: str, index: int) -> dict[int, float]:
    try:
        from fontTools.ttLib import TTFont, TTLibError
    except ImportError:
        return {}
    try:
        font = TTFont(path, fontNumber=index, lazy=True)
        upem, metrics = font["head"].unitsPerEm, font["hmtx"]
        # (a font without a Unicode map gives None: measured by the others, or the estimate)
        return {code: metrics[glyph][0] / upem for code, glyph in (font.getBestCmap() or {}).items()}
    except (OSError, KeyError, ValueError, TTLibError):
        return {}       # (a font fontTools cannot read: measured by the others, or the estimate)


def em(text: str) -> float:
    """The text's width in em: the widest of the fonts found, else the estimate."""
    measured = [sum(widths.get(ord(ch), 1.0 if is_wide(ch) else default) for ch in text)
                for widths, default in fonts()]
    return max(measured, default=sum(1.0 if is_wide(ch) else ESTIMATE_EM for ch in text))


def longest_token(text: str) -> str:
    """The longest run a line may not break: digits, Latin letters and their marks (特定目标
    1210366P's code stays whole, 1,234.56 too)."""
    return max(TOKEN.findall(text), key=em, default="")
