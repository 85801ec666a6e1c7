from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "budgetlens" / "examples"
GOLDEN = ROOT / "tests" / "golden"
SHARED = ROOT.parent / "shared"
SEEDS = sorted(p.stem for p in EXAMPLES.glob("*.txt"))
# a defect of the reader raises in the tests (and the commands they run), not contained as for
# users (budgetlens/guard.py)
os.environ["BUDGETLENS_STRICT"] = "1"


# what a server reads from the environment to know its administrators
ADMIN_SETTINGS = ("BUDGETLENS_ADMIN_TOKEN", "BUDGETLENS_ADMIN_TOKENS", "BUDGETLENS_ADMIN_TOKENS_FILE")


def without_settings(monkeypatch, *more: str) -> None:
    """The server's administrator settings, and `more` of its settings, out of the environment:
    a developer's own must not reach a test's server."""
    for name in (*ADMIN_SETTINGS, *more):
        monkeypatch.delenv(name, raising=False)


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


@functools.lru_cache(maxsize=None)
def pdftotext_encodings() -> frozenset[str]:
    """The output encodings this pdftotext knows (GBK needs the Debian package poppler-data)."""
    if shutil.which("pdftotext") is None:
        return frozenset()
    listed = subprocess.run(["pdftotext", "-listenc"], capture_output=True, text=True).stdout
    return frozenset(line.strip() for line in listed.splitlines()[1:] if line.strip())


def need_pdftotext_options(options) -> None:
    """Skip, naming the package, where pdftotext cannot write the encoding `-enc` asks for."""
    options = list(options)
    if "-enc" in options and options[options.index("-enc") + 1] not in pdftotext_encodings():
        pytest.skip(f"pdftotext 没有 {options[options.index('-enc') + 1]} 编码表：请安装 Debian 包 poppler-data")
