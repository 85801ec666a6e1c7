"""Fast paths that must answer exactly as the code they replaced: the text reader's whole-text
scans (readers/wrapped.py, readers/glued.py) against the patterns they stand for, and the
facts' coords built by parts (model/built.coords_values) against coords_of of the merged dicts."""

from __future__ import annotations

import random
import re

import pytest

from budgetlens.model import Coords
from budgetlens.model.built import built, coords_of, coords_values
from budgetlens.readers import glued, wrapped

# the patterns as they were: one regex each over the whole text
OLD_WRAPPED = re.compile(r"\d\.[ \t\f]*$", re.MULTILINE)
OLD_GLUED = re.compile(r"\.\d+[\d,]*\.\d|,\d{4}")

# digits of other scripts (Arabic-Indic, full-width) are \d; a superscript two is not
ALPHABET = list("0123456789.., \t\f\n\r") + ["٣", "１", "²", "a", "表", "。"]


def texts(n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(ALPHABET) for _ in range(rnd.randint(0, 16))) for _ in range(n)]


@pytest.mark.parametrize("seed", range(4))
def test_point_at_line_end_scan_answers_as_the_regex(seed):
    for text in texts(20000, seed):
        assert wrapped.suspect(text) == bool(OLD_WRAPPED.search(text)), repr(text)


@pytest.mark.parametrize("seed", range(4))
def test_glued_scan_answers_as_the_alternation(seed):
    for text in texts(20000, 10 + seed):
        fast = bool(glued.SUSPECT_POINTS.search(text) or glued.SUSPECT_GROUPS.search(text))
        assert fast == bool(OLD_GLUED.search(text)), repr(text)


@pytest.mark.parametrize("text, found", [
    ("合计 44,709.\n66", True), ("合计 44,709. \t\n", True), ("44,709.", True), ("第一章.\n", False),
    ("12.50 元\n", False), ("1.\r\n", False), ("٣.\n", True), ("²." , False)])
def test_point_at_line_end_examples(text, found):
    assert wrapped.suspect(text) is found
    assert bool(OLD_WRAPPED.search(text)) is found


COORDS = [{"table_kind": "income", "side": "income"}, {"source": "gpb", "phase": "上年预算"},
          {"function_code": "201", "unknown": "dropped"}, {"side": None, "label": "合计"}, {}]


@pytest.mark.parametrize("row", COORDS)
@pytest.mark.parametrize("column", COORDS)
def test_coords_by_parts_are_coords_of_the_merged_fields(row, column):
    merged = coords_of({"table_kind": "x", **row, **column})
    by_parts = built(Coords, coords_values(column, coords_values({"table_kind": "x", **row})))
    assert list(by_parts.__dict__.items()) == list(merged.__dict__.items())
    assert by_parts == Coords.model_validate({"table_kind": "x", **row, **column})


# what table lines are made of: figures, signs and brackets, and the words of empty-table notes
PIECES = list("0123456789. ()（）-−－△▲+＋,") + ["空", "无", "没有", "此表", "本表", "为", "表", "数据", "暂", "：", "元",
                                                "格", "白", "均"]


def lines(n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(PIECES) for _ in range(rnd.randint(0, 12))) for _ in range(n)]


def old_close_spaced(text: str, layout: bool = False) -> str:
    from budgetlens.text import (
        LAYOUT_HINT,
        SPACED_HINT,
        SPACED_NEGATIVE,
        SPACED_OR_MINUS,
        _closed_negative,
    )

    if (LAYOUT_HINT if layout else SPACED_HINT).search(text) is None:
        return text
    return (SPACED_OR_MINUS if layout else SPACED_NEGATIVE).sub(_closed_negative, text)


@pytest.mark.parametrize("seed", range(3))
def test_close_spaced_with_its_precheck_closes_as_before(seed):
    from budgetlens.text import close_spaced

    for text in lines(20000, 20 + seed) + ["( 12.50 )", "（ 12.50）", "△ 12.50", "- 12.50", "+ 3.00", "合计 1 2"]:
        assert close_spaced(text) == old_close_spaced(text), repr(text)
        assert close_spaced(text, layout=True) == old_close_spaced(text, layout=True), repr(text)


@pytest.mark.parametrize("seed", range(3))
def test_says_empty_precheck_answers_as_the_regex(seed):
    from budgetlens.extract.rows import SAYS_EMPTY, says_empty

    for text in lines(20000, 30 + seed) + ["此表为空", "（空表）", "本表无数据", "暂无数据", "空白表示无数据"]:
        assert says_empty(text) == (SAYS_EMPTY.search(text) is not None), repr(text)


def test_best_layout_reads_no_variant_when_the_own_layout_fits_wholly(monkeypatch):
    """A table whose own layout leaves nothing of its header unexplained, names no row it lacks
    and has its years the right way round: no variant can fit better, so none is read; the
    answer is the one reading every variant gave."""
    from budgetlens.extract import tables
    from budgetlens.extract.rows import BlockRows

    class Spec:
        def __init__(self, name):
            self.variants = []
            self.name = name

    own, variant = Spec("own"), Spec("variant")
    own.variants = [variant]
    misfits = {"own": (False, 0, 0, 0, -8), "variant": (False, 0, 0, 0, -9)}
    monkeypatch.setattr(tables, "layout_misfit", lambda spec, raw: misfits[spec.name])
    read: list[str] = []

    def reader(spec):
        read.append(spec.name)
        return BlockRows()

    raw = BlockRows()
    assert tables.best_layout(own, raw, reader) == (own, raw)
    assert read == []                # (a variant's (False, 0, 0, …) could not have won either)
    misfits["own"] = (False, 0, 3, 0, -8)          # header text left over: the variants are tried
    spec, _ = tables.best_layout(own, raw, reader)
    assert read == ["variant"] and spec is variant
