"""The amount unit of tables that print none of their own.

A document may state the unit once for the tables after it ("以下各表金额单位均为：元", the
heading "第二部分 部门预算公开表（单位：元）", a 说明 before the tables): it is the unit of every
table after it that prints no unit line (a table's own line still wins).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..readers import Line
from ..text import compact

# A statement of the unit for several tables: words that scope it over the tables after it
# ("以下各表", "下列表格", "本部分所列各表", the tables part's own heading "第二部分 …公开表"),
# or that say the unit is every table's ("表…金额单位均为/统一为"); the unit it names.
UNIT_WORDS = r"单位(?:均|统一|一律|都)?(?:为|是)?[:：]?(?:人民币)?(万元|千元|元)"
FORWARD = r"(?:(?:以下|下列|如下|本部分|所有|各)[^。；;]{0,6}?|第[一二三四五六七八九十]+部分[^。；;]{0,30}?)表"
STATED = re.compile(rf"{FORWARD}[^。；;]{{0,12}}?{UNIT_WORDS}"
                    rf"|表[^。；;]{{0,12}}?单位(?:均|统一|一律)(?:为|是)?[:：]?(?:人民币)?(万元|千元|元)")
# a statement about the tables before it ("以上各表金额单位均为元") says nothing of those after
BACKWARD = re.compile(r"(?:以上|上述|上列|前述)[^。；;]{0,6}表")
UNITS = re.compile(r"万元|千元|(?<![万千])元")


@dataclass(frozen=True)
class StatedUnit:
    unit: str
    index: int          # where it is printed: an index into the document's lines
    line: int           # the printed line number
    text: str


def unit_statements(lines: list[Line], titles: list[int]) -> list[StatedUnit]:
    """The statements of one unit for the tables after them, before the last of the tables'
    titles (`titles`: their line indexes; a title's own unit is its table's alone). A line
    naming two units states neither ("表1至表9单位为元，表10单位为万元")."""
    out = []
    skip = set(titles)
    for index, ln in enumerate(lines[:max(titles, default=0)]):
        if "单位" not in ln.text or "表" not in ln.text or index in skip:
            continue
        text = compact(ln.text)
        m = STATED.search(text)
        if m is None or BACKWARD.search(text) or len(set(UNITS.findall(text[m.start():]))) > 1:
            continue
        out.append(StatedUnit(m.group(1) or m.group(2), index, ln.no, text))
    return out


def stated_before(statements: list[StatedUnit], index: int) -> StatedUnit | None:
    """The last statement printed before line `index` (a table's title)."""
    return next((s for s in reversed(statements) if s.index < index), None)


def stated_message(title: str, stated: StatedUnit) -> str:
    return f"表「{title}」未印金额单位，按第 {stated.line} 行“{stated.text[:40]}”读取为“{stated.unit}”"
