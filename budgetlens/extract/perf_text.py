"""A 绩效目标表 printed as text lines (pdftotext): the 年度预算 amounts of a 部门整体绩效目标表 and
its indicator rows, whose cells are apart by spaces (-layout: a row a line, a group's repeated
cells left blank) or each on lines of its own (a cell cut over several lines, empty cells gone).

The rows are read against a header of one line whose last column is the weight (分值, 权重):
each row ends at its weight, a figure alone or last on its line once the row's value (a
comparison: "=1 次", "＞=95%", "≥ 500 项") is read. A header with columns after the weight
(指标赋分规则, 佐证资料) or cut over lines gives no such end, and a row whose value is words
("好") no place to part its cells: such a table's rows are not read at all (never guessed, nor
some of them: its weights would sum short)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

# an amount of the 年度预算: its label, then the figure ("本级安排 417.37", "其他资金（万元） 其他
# 0.00", "资金总额 417.37"); a figure with a unit after it is a sentence's ("本级安排 20 万元用于…")
TEXT_FUND = re.compile(r"(资金总额|上级安排|本级安排|其他)(?:资金)?(?:[（(]万?元[）)])?\s*(\d[\d,]*(?:\.\d+)?)"
                       r"(?![\d.,]|\s*[万元%％])")
FUND_KINDS = {"资金总额": "total", "上级安排": "fiscal", "本级安排": "fiscal", "其他": "other"}
# what a 年度预算 line prints before its label: the group's header words, nothing else (a label
# after other words is a sentence's: "…，其中本级安排 20" cut from "万元用于…" by the page width)
# (matched from the end of the amount before: match() anchors at its pos, "$" at its endpos)
FUND_LEAD = re.compile(r"(?:年度预算|资金来源|财政资金|其他资金|资金总额|[（(]万?元[）)]|\s)*$")
FUND_WORDS = ("安排", "其他", "总额")          # what a line TEXT_FUND finds something in holds
# the names of the first level the national and the 部门整体 frameworks give (财预〔2020〕10号,
# 部门整体绩效): one of them alone before a row's name is its first level, another word ending
# in 指标 its second
LEVEL1_NAMES = frozenset(("产出指标", "效益指标", "满意度指标", "成本指标", "履职效能", "管理效率"))
MARKS = "=＝≥≤<>＞＜"
MARK_ONLY = re.compile(f"^[{MARKS}]+$")
TEXT_VALUE = re.compile(f"^[{MARKS}]+\\s*\\d")
WEIGHT = re.compile(r"^\d{1,3}(?:\.\d+)?$")
# a value's unit printed apart from its figure: "=1 次", "＞=500 项"
VALUE_UNIT = re.compile(r"^(?:%|％|[^\W\d_]{1,2})$")


def text_funds(text: str) -> list[tuple[str, str, Decimal]]:
    """The 年度预算 amounts a line of the table prints: (kind, label, amount)."""
    if len(text) > 60 or "。" in text or not any(w in text for w in FUND_WORDS):
        return []        # a sentence (the 年度绩效目标), or no label
    out = []
    at = 0
    for m in TEXT_FUND.finditer(text):
        if FUND_LEAD.match(text, at, m.start()) is None:
            return out
        out.append((FUND_KINDS[m.group(1)], m.group(1), Decimal(m.group(2).replace(",", ""))))
        at = m.end()
    return out


def weight_header(tokens: list[str]) -> bool:
    """A header of one line naming the three levels, the value and last the weight."""
    return len(tokens) >= 4 and tokens[0].startswith("一级") and "三级指标" in tokens \
        and any("指标值" in t for t in tokens) and ("权重" in tokens[-1] or "分值" in tokens[-1])


def is_level(word: str) -> bool:
    return len(word) <= 10 and (word.endswith("指标") or word in LEVEL1_NAMES) \
        and not any(c.isdigit() or c in "（(" for c in word)


@dataclass(slots=True)
class TextRow:
    """The words of the row being read, up to its weight."""
    words: list[tuple[str, int]] = field(default_factory=list)   # before its value, with their lines
    mark: str = ""                  # a comparison printed alone, waiting for its figure ("＞" / "=95%")
    value: list[str] | None = None
    basis: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RowRead:
    levels: list[str]               # the row's own level cells (0, 1 or 2), first level first
    name: list[str]
    value: list[str]
    basis: list[str]
    weight: Decimal
    line: int


class TextRows:
    """Indicator rows read token by token, line by line; each row once its weight is read."""

    def __init__(self) -> None:
        self.row = TextRow()
        # a row closed by its weight with no comparison read (a value in words: "好", "有效保障"):
        # its cells cannot be told apart, and a table read without it would sum its weights
        # short; the caller drops the table's rows
        self.broken = False

    def line(self, raw: str, no: int) -> list[RowRead]:
        out = []
        tokens = raw.split()
        last = len(tokens) - 1
        for n, tok in enumerate(tokens):
            row = self.row
            if row.value is None and n == last and n > 0 and row.words and WEIGHT.match(tok):
                self.broken = True      # "群众满意度 好 年度计划 30": no comparison before the weight
            elif row.value is None:
                self.before_value(row, tok, no, alone=last == 0)
            elif not row.basis and row.value[-1][-1:].isdigit() and VALUE_UNIT.match(tok):
                row.value.append(tok)
            elif n == last and WEIGHT.match(tok):
                read = self.close(Decimal(tok))
                if read is not None:
                    out.append(read)
            else:
                row.basis.append(tok)
        return out

    def before_value(self, row: TextRow, tok: str, no: int, alone: bool) -> None:
        joined = row.mark + tok
        if MARK_ONLY.match(joined):
            row.mark = joined
        elif TEXT_VALUE.match(joined):
            row.value, row.mark = [joined], ""
        elif alone and WEIGHT.match(tok) and row.words:
            self.broken = True          # a weight whose row's value is no comparison
        else:
            if row.mark:
                row.words.append((row.mark, no))
                row.mark = ""
            row.words.append((tok, no))

    def close(self, weight: Decimal) -> RowRead | None:
        row, self.row = self.row, TextRow()
        words = [w for w, _ in row.words]
        k = 0
        while k < min(2, len(words) - 1) and is_level(words[k]):
            k += 1
        if k == len(words):
            return None
        return RowRead(levels=words[:k], name=words[k:], value=row.value or [], basis=row.basis,
                       weight=weight, line=row.words[0][1])
