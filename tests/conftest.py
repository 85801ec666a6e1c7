from __future__ import annotations

import functools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "budgetlens" / "examples"
GOLDEN = ROOT / "tests" / "golden"
SHARED = ROOT.parent / "shared"
SEEDS = sorted(p.stem for p in EXAMPLES.glob("*.txt"))


@functools.lru_cache(maxsize=None)
def parsed(stem: str):
    from budgetlens.pipeline import parse
    return parse(EXAMPLES / f"{stem}.txt")


@pytest.fixture(params=SEEDS)
def seed(request):
    return request.param
