"""A table the template lacks, printed with neither a label (表12) nor a 编制单位 line under its
title, and whose title names no budget subject word (机构运行信息表): the header row right under
the title says it is a table's. Before, its rows were read as rows of the table printed before
it (the 三公 table took 房屋 and 车辆 as its items)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from budgetlens import pipeline
from budgetlens.model.tables import UNKNOWN_KIND
from budgetlens.pipeline import parse
from budgetlens.readers import Line, SourceDocument
from budgetlens.segment import headed_below

EXAMPLES = Path(pipeline.__file__).parent / "examples"
SEEDS = {"markdown": "000_9131eab83374bb33.txt", "ocr": "001_bb7d043ad2da133b.txt",
         "plain": "003_051c06d5053f29b3.txt"}
LABEL_LINE = re.compile(r"^[#\s]*表\s*[\d一二三四五六七八九十]+\s*[:：]?\s*$")
TITLE = "机构运行信息表"


def _rows(table) -> list[tuple]:
    return [(r.code, r.name, tuple(c.text for c in r.cells)) for r in table.rows]


def _stranger(sep: str, header: bool) -> list[str]:
    head = [sep.join(["项目", "数量", "金额"])] if header else []
    return [TITLE, ""] + head + [sep.join(["房屋", "2", "300.00"]), sep.join(["车辆", "3", "45.00"]), ""]


def _with_stranger(form: str, tmp_path: Path, header: bool = True):
    """The seed with the stranger printed before its last table's label: (the parse of the
    seed, the parse with the stranger, the table before it)."""
    src = EXAMPLES / SEEDS[form]
    lines = src.read_text(encoding="utf-8").split("\n")
    plain = parse(src)
    before = plain.tables[-2]
    title_no = plain.tables[-1].provenance.line
    at = next(n for n in range(title_no, title_no - 6, -1) if LABEL_LINE.match(lines[n - 1])) - 1
    sep = "      " if form == "plain" else "\t"
    path = tmp_path / SEEDS[form]
    path.write_text("\n".join(lines[:at] + _stranger(sep, header) + lines[at:]), encoding="utf-8")
    return plain, parse(path), before


@pytest.mark.parametrize("form", list(SEEDS))
def test_headed_title_ends_the_table_before(form, tmp_path):
    plain, disc, before = _with_stranger(form, tmp_path)
    same = next(t for t in disc.tables if t.label == before.label and t.kind == before.kind)
    assert _rows(same) == _rows(before)          # 房屋 and 车辆 are not rows of the 三公 table
    stranger = [t for t in disc.tables if t.kind == UNKNOWN_KIND]
    assert [t.title for t in stranger] == [TITLE]
    assert len(stranger[0].rows) == 2
    said = [i for i in disc.issues if i.code == "table-unknown"]
    assert len(said) == 1 and TITLE in said[0].message
    assert len(disc.tables) == len(plain.tables) + 1


def _doc(*texts: str) -> SourceDocument:
    lines = [Line(no=n, text=t) for n, t in enumerate(texts, 1)]
    return SourceDocument(path="x.txt", format="plain", encoding="utf-8", sha256="", lines=lines)


@pytest.mark.parametrize("below", ["项目      数量      金额", "", "科目编码 科目名称 合计", "序号 单位名称 金额"])
def test_a_header_row_heads(below):
    texts = [TITLE, below] + (["项目 金额"] if not below else [])
    assert headed_below(_doc(*texts), 0, len(texts))


@pytest.mark.parametrize("below", ["房屋      2      300.00",            # a data row: no header
                                   "项目支出 12.50 12.50",              # an amount in it
                                   "项目支出 4205000 4205000",          # whole 元 amounts
                                   "项目",                              # one word: no row of cells
                                   "本表反映本单位机构运行的情况。"])     # a sentence
def test_no_header_row_no_head(below):
    assert not headed_below(_doc(TITLE, below, "车辆 3 45.00"), 0, 3)
