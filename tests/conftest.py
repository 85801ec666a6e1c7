from __future__ import annotations

import functools
import importlib.util
import sys
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


def load_bench(name: str):
    """A script of bench/ as a module (the benches are scripts, not part of the package)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[f"bench_{name}"] = module
    spec.loader.exec_module(module)
    return module
