"""Distinct variants of a disclosure for corpus tests and benchmarks.

A variant renames the unit, shifts every year, or multiplies every two-decimal amount by a
whole number, consistently across tables and narrative, so each variant has its own content
hash and still reads (and mostly checks) like a real document: sums stay sums, shares and
rates stay as printed.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

STEMS = "甲乙丙丁戊己庚辛壬癸"
YEAR = re.compile(r"(?<![\d.])(20[0-4]\d)(?![\d.])")
AMOUNT = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+\.\d{2}|\d{1,12}\.\d{2})(?![\d%％])")


def tag(i: int) -> str:
    """A number written as heavenly stems (甲乙丙…), so no digits enter the unit's name."""
    digits = []
    while True:
        i, r = divmod(i, 10)
        digits.append(STEMS[r])
        if i == 0:
            return "".join(reversed(digits))


def rename(text: str, old: str, new: str) -> str:
    from .units import normalise_name
    text = text.replace(old, new)
    short_old, short_new = normalise_name(old), normalise_name(new)
    return text.replace(short_old, short_new) if short_old != old else text


def variant(text: str, unit_name: str, index: int | None = None, years: int = 0, scale: int = 1) -> str:
    """The text with the unit renamed (index), years shifted and amounts multiplied."""
    if index is not None:
        text = rename(text, unit_name, unit_name[:-2] + tag(index) + unit_name[-2:])
    if years:
        text = YEAR.sub(lambda m: str(int(m.group(1)) + years), text)
    if scale != 1:
        text = AMOUNT.sub(lambda m: scaled(m.group(1), scale), text)
    return text


def scaled(amount: str, scale: int) -> str:
    value = Decimal(amount.replace(",", "")) * scale
    return f"{value:,.2f}" if "," in amount else f"{value:.2f}"


def write_variants(out: Path, n: int, seeds: list[Path], scale: bool = False) -> list[Path]:
    """n distinct documents in out/, cycling through the seeds with a new unit name each
    (and, with scale, amounts ×1, ×2 or ×3: rounding gaps grow with them, so checks find more)."""
    from ..pipeline import parse
    out.mkdir(parents=True, exist_ok=True)
    sources = [(p, p.read_text(encoding="utf-8"), parse(p).meta.unit_name) for p in seeds]
    paths = []
    for i in range(n):
        path, text, name = sources[i % len(sources)]
        target = out / f"{path.stem}_{i:05d}.txt"
        target.write_text(variant(text, name, index=i, scale=1 + i % 3 if scale else 1), encoding="utf-8")
        paths.append(target)
    return paths
