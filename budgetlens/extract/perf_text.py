"""A 绩效目标表 printed as text lines (pdftotext): the 年度预算 amounts of a 部门整体绩效目标表 and
its indicator rows, whose cells are apart by spaces (-layout: a row a line, a group's repeated
cells left blank) or each on lines of its own (a cell cut over several lines, empty cells gone).

The rows are read against a header of one line whose last column is the weight (分值, 权重):
each row ends at its weight, a figure alone or last on its line once the row's value (a
comparison: "=1 次", "＞=95%", "≥ 500 项") is read. A header with columns after the weight
(指标赋分规则, 佐证资料) or cut over lines gives no such end, and a row whose value is words
("好") no place to part its cells: such a table is read by its values (cut_rows), a row in words
left unread but for its weight, a figure alone where weights stand (the total is checked with it).
A 上年完成值 column between the value and the weight is parted from the basis at its quantity
("计划标准 80个"), the line's cells or the framework's standards ("计划标准 新增"; split_prior); a
bare figure in its place ("≥99% 99 计划标准 10", "计划标准" / "99" / "10") is held until what
follows tells it the prior or the weight (TextRows.held_next, _prior_first). A 合计 row is no row."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import compress, takewhile
from operator import not_

from ..text import memoised, squeeze

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
# a weight ending a row's line: also as a score ("10分": the column is 分值); not where columns
# follow the weight (cut_rows), whose 赋分规则 print scores ("未完成扣 2分")
SCORE = re.compile(r"^\d{1,3}(?:\.\d+)?分?$")
TOKEN = re.compile(r"\S+")
# the label of a row printing the weights' total ("合计 100"): no indicator, its figure no weight
TOTAL_LABELS = frozenset(("合计", "总计", "总分", "分值合计", "权重合计", "合计分值", "合计权重"))
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


def weight_of(tok: str) -> Decimal:
    """The weight a token SCORE matches prints."""
    return Decimal(tok.removesuffix("分"))


WEIGHT_NAMES = ("权重", "分值")       # a weight column's header: 权重, 分值, 分值权重


def weight_header(tokens: list[str]) -> bool:
    """A header of one line naming the three levels, the value and last the weight."""
    return len(tokens) >= 4 and tokens[0].startswith("一级") and "三级指标" in tokens \
        and any("指标值" in t for t in tokens) and any(n in tokens[-1] for n in WEIGHT_NAMES)


def names_weight(tokens: list[tuple[str, int]]) -> bool:
    """Whether a text table's header (its tokens before the first figure or comparison) names a
    weight column."""
    head = "".join(t for t, _ in takewhile(lambda tok: not (tok[0][0].isdigit() or tok[0][0] in MARKS), tokens))
    return any(n in head for n in WEIGHT_NAMES)


# a column of last year's (or an earlier) figure: 上年完成值, 上年指标值, 历史值, 历史完成值
PRIOR_NAMES = ("上年", "历史", "完成值")
BASIS_NAMES = ("依据", "分标准")        # 指标值设定依据; 评（扣）分标准


def prior_column(header: str) -> str | None:
    """Where a header (its cells joined, cut pieces and all) puts a prior column between the
    value and the weight: "after" the basis, "before" it, or None (no such column)."""
    at = min((i for i in (header.find(n) for n in PRIOR_NAMES) if i >= 0), default=-1)
    weight = max(header.rfind("权重"), header.rfind("分值"))
    if at < 0 or weight < at or header.find("指标值") > at:
        return None             # none, or after the weight, or before the value
    basis = min((i for i in (header.find(n) for n in BASIS_NAMES) if i >= 0), default=-1)
    return "before" if basis > at else "after"


# the standards a value is set by (指标值设定依据), as the framework names them (财预〔2020〕10号
# 第十六条: 计划标准、行业标准、历史标准、其他标准; 预算支出标准 of the cost indicators): a basis
# printed as one of them is told from a prior in words beside it ("计划标准 新增", "达标 行业标准")
BASIS_STANDARDS = frozenset(("计划标准", "行业标准", "历史标准", "其他标准", "预算支出标准"))


def split_prior(tokens: list[str], where: str | None, cells: list[int] | None = None) -> tuple[list[str], list[str]] | None:
    """The basis and the prior value of the cells between a row's value and its weight, or None
    where they cannot be told apart (a prior in words beside a basis in words: "年度计划 良好").
    Told by, first, the cells the line's wide gaps part (cells: where each starts, where known;
    two cells are the header's two columns), else the prior as a quantity ("80个", "525 元 /月",
    "100%", the longest at the end, or the start where the header puts the prior first), else the
    basis as one of the framework's standards, the words beside it the prior ("计划标准 新增")."""
    if where is None:
        return tokens, []
    if not tokens:
        return [], []
    if cells is not None and len(cells) == 2 and cells[0] == 0:
        first, second = tokens[:cells[1]], tokens[cells[1]:]
        return (second, first) if where == "before" else (first, second)
    n = len(tokens)
    for k in range(1, n):
        cut = n - k if where == "before" else k
        prior = tokens[:cut] if where == "before" else tokens[cut:]
        if value_target(squeeze(" ".join(prior))) is not None:
            return (tokens[cut:], prior) if where == "before" else (tokens[:cut], prior)
    if value_target(squeeze(" ".join(tokens))) is not None:
        return [], tokens           # a quantity alone: a prior (no basis is a bare figure)
    for k in range(n, 0, -1):       # the basis's cells, the longest first
        basis = tokens[n - k:] if where == "before" else tokens[:k]
        if "".join(basis) in BASIS_STANDARDS:
            return (basis, tokens[:n - k]) if where == "before" else (basis, tokens[k:])
    return None


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
    # each basis token's line and whether a wide gap (two spaces or more: -layout) precedes it
    gaps: list[tuple[int, bool]] = field(default_factory=list)
    # a figure alone where the weight or, under a header printing a 上年完成值 column, the prior
    # stands ("≥99%" / "99" / "计划标准" / "10"): what follows tells which (TextRows.held_next)
    held: str | None = None
    after: list[tuple[str, int, bool, bool, bool]] = field(default_factory=list)  # read after it (token's)


def _total(row: TextRow) -> bool:
    return "".join(w for w, _ in row.words) in TOTAL_LABELS


@dataclass(slots=True)
class RowRead:
    levels: list[str]               # the row's own level cells (0, 1 or 2), first level first
    name: list[str]
    value: list[str]
    basis: list[str]
    weight: Decimal
    line: int
    prior: list[str] = field(default_factory=list)      # the 上年完成值 cells, where the header has one
    # the cells between the value and the weight where the basis and the prior could not be parted
    unparted: list[str] = field(default_factory=list)


class TextRows:
    """Indicator rows read token by token, line by line; each row once its weight is read."""

    def __init__(self, prior: str | None = None) -> None:
        self.row = TextRow()
        self.prior = prior          # where the header puts a 上年完成值 column (prior_column)
        # a row closed by its weight with no comparison read (a value in words: "好", "有效保障"):
        # its cells cannot be told apart, and a table read without it would sum its weights
        # short; the caller drops the table's rows
        self.broken = False
        self.unclosed: int | None = None    # the line of a row the table ended before its weight

    def line(self, raw: str, no: int) -> list[RowRead]:
        out: list[RowRead] = []
        found = list(TOKEN.finditer(raw))
        last = len(found) - 1
        for n, m in enumerate(found):
            wide = n > 0 and m.start() - found[n - 1].end() >= 2
            self.token(m.group(), no, n == last, n == 0 and n == last, out, wide)
        return out

    def token(self, tok: str, no: int, end: bool, alone: bool, out: list[RowRead], wide: bool = False) -> None:
        """One token of the table; end: the last of its line, alone: the only one, wide: after a
        gap of two spaces or more (a cell's start, where the line keeps its layout)."""
        row = self.row
        if row.held is not None:
            self.held_next(row, tok, no, end, alone, out, wide)
        elif row.value is None and (end or alone) and row.words and SCORE.match(tok) and _total(row):
            self.row = TextRow()    # "合计 100": the weights' total, no row
        elif row.value is None and end and not alone and row.words and SCORE.match(tok):
            self.broken = True      # "群众满意度 好 年度计划 30": no comparison before the weight
        elif row.value is None:
            self.before_value(row, tok, no, alone=alone)
        elif not row.basis and row.value[-1][-1:].isdigit() and VALUE_UNIT.match(tok):
            row.value.append(tok)
        elif end and tok == "分" and row.basis and row.gaps[-1][0] == no and SCORE.match(row.basis[-1] + tok):
            row.gaps.pop()          # "… 年度工作计划 30 分": the score printed apart from its unit
            self.token(row.basis.pop() + tok, no, end, False, out, wide)
        elif end and SCORE.match(tok):
            if self.prior == "after" or (self.prior == "before" and not row.basis):
                row.held = tok      # the prior's place too: what follows tells
            else:
                self.closed(weight_of(tok), out)
        else:
            row.basis.append(tok)
            row.gaps.append((no, wide))

    def held_next(self, row: TextRow, tok: str, no: int, end: bool, alone: bool, out: list[RowRead],
                  wide: bool) -> None:
        """A token after a figure held as the weight or the prior. A figure ending its line after
        it is the weight and the held one the prior ("计划标准 99" / "10"; "99" / "计划标准 10",
        the prior before the basis). Where the prior follows the basis anything else shows the
        held figure the weight; where it precedes it, words are the basis and the next row's
        value or level (a row printing neither prior nor basis) shows it the weight."""
        if end and SCORE.match(tok):
            row.basis += [row.held, *(t for t, *_ in row.after)]
            row.gaps += [(-1, False)] * (1 + len(row.after))     # over lines: no cells told
            row.held, row.after = None, []
            self.closed(weight_of(tok), out)
        elif self.prior == "after" or tok[0] in MARKS or is_level(tok) \
                or "".join(t for t, *_ in row.after[-1:]) + tok in TOTAL_LABELS or tok in TOTAL_LABELS:
            weight, again = weight_of(row.held), row.after + [(tok, no, end, alone, wide)]
            row.held, row.after = None, []
            self.closed(weight, out)
            for again_tok, again_no, again_end, again_alone, again_wide in again:   # read again as its own
                self.token(again_tok, again_no, again_end, again_alone, out, again_wide)
        else:
            row.after.append((tok, no, end, alone, wide))

    def finish(self) -> list[RowRead]:
        """The table ends: a figure still held is the last row's weight (no other followed)."""
        row, out = self.row, []
        if row.held is not None:
            self.closed(weight_of(row.held), out)
        elif row.value is not None and row.words:
            self.unclosed = row.words[0][1]     # a value read, no weight after it ("30%", a lost cell)
        return out

    def closed(self, weight: Decimal, out: list[RowRead]) -> None:
        read = self.close(weight)
        if read is not None:
            out.append(read)

    def before_value(self, row: TextRow, tok: str, no: int, alone: bool) -> None:
        joined = row.mark + tok
        if MARK_ONLY.match(joined):
            row.mark = joined
        elif TEXT_VALUE.match(joined):
            row.value, row.mark = [joined], ""
        elif alone and SCORE.match(tok) and row.words:
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
        cells = [n for n, (_, wide) in enumerate(row.gaps) if wide] \
            if row.gaps and row.gaps[0][1] and len({no for no, _ in row.gaps}) == 1 else None
        parted = split_prior(row.basis, self.prior, cells)
        basis, prior = parted or ([], [])
        return RowRead(levels=words[:k], name=words[k:], value=row.value or [], basis=basis,
                       weight=weight, line=row.words[0][1], prior=prior,
                       unparted=row.basis if parted is None else [])


# ---- a table whose header is cut over lines or has columns after the weight -------------------
# (a project's 绩效目标表 as pdftotext prints it without -layout: "一级 / 指标 / 二级 / 指标 /
# 三级指标 / … / 指标分值权重 / 指标赋分规则 佐证资料", then each row's cells on one line where they
# fit, a cut cell over lines of its own: "系统运行维护次数（次）" / "＞=12" / "次" / "计划标准 12次 4"
# / "按照正常比例赋" / "分" / "工作资料")
#
# The weight no longer ends a row (cells follow it whose lines cannot be counted), so each row is
# found by its value, a comparison, and ends at its weight; its name is what its value's line
# prints before the value, else the line before the value (with the lines its brackets open on).
# The level cells are known by their names: the national framework's (财预〔2020〕10号), whose
# cut pieces joined give one ("经济" / "成本" / "指标"). A figure alone between a row's weight and
# the next row's value is the weight of a row whose value is words ("有效" / "保障"): its cells
# cannot be told apart, and the row is counted unread, never guessed, its weight kept.

LEVEL2_NAMES = frozenset((
    "数量指标", "质量指标", "时效指标", "经济成本指标", "社会成本指标", "生态环境成本指标",
    "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标", "满意度指标"))
LEVEL_NAMES = LEVEL1_NAMES | LEVEL2_NAMES
LEVEL_ENDS = frozenset(name[-1] for name in LEVEL_NAMES)       # 标, 能, 率
# a run of level cells joined: one name, or a first level and a second
LEVEL_RUNS = {**{a + b: [a, b] for a in LEVEL1_NAMES for b in LEVEL2_NAMES}, **{a: [a] for a in LEVEL_NAMES}}
LEVELS_LONGEST = max(map(len, LEVEL1_NAMES)) + max(map(len, LEVEL2_NAMES))
# a level cell's piece is no longer than the longest name whole (服务对象满意度指标, 9)
LEVEL_PIECE = max(map(len, LEVEL_NAMES))
# a unit printed on the line after its figure: "＜=20" / "万元", "=525" / "元/月"
CUT_UNIT = re.compile(r"^(?:%|％|[^\W\d_]{1,2}(?:/[^\W\d_]{1,2})?|/[^\W\d_]{1,2})$")


@dataclass(slots=True)
class CutRow:
    """A row of a cut table: its value and weight, and what comes before its value."""
    start: int                      # the first token after the row before (its weight's next)
    value: tuple[int, int]
    weight: int
    lost: list[int]                 # the weights (token index) of rows without a value before it

    @property
    def own(self) -> int:
        """Where the row's own pieces may start: after the last weight of an unread row before it."""
        return self.lost[-1] + 1 if self.lost else self.start


@dataclass(slots=True)
class CutRead:
    """The rows read from a cut table, and where rows that could not be read stand."""
    rows: list[RowRead] = field(default_factory=list)
    unread: list[int] = field(default_factory=list)      # the line of each unread row's weight
    # the weight of each unread row, where one was read (a figure alone where a weight stands)
    unread_weights: list[Decimal | None] = field(default_factory=list)
    levels_lost: set[int] = field(default_factory=set)   # rows (index) whose levels are unknown
    unsure: set[int] = field(default_factory=set)        # rows (index) whose name may begin earlier
    mixed: bool = False             # a column between the value and the weight besides the basis


def cut_rows(tokens: list[tuple[str, int]]) -> CutRead:
    """Indicator rows from a table's tokens (each with its line), from its header on."""
    out = CutRead()
    words = [t for t, _ in tokens]         # (sliced for each row's cells)
    first = _value_at(tokens, 0)
    header = "".join(words[:first[0]]) if first else ""
    if "权重" not in header and "分值" not in header:
        return out              # no weight column: nothing ends a row
    out.mixed = "上年" in header or "完成值" in header or "历史" in header
    where = prior_column(header)
    found = _find_rows(tokens, words, out, where)
    if not found:
        return out
    # a row's own levels and name: after the last run of pieces that join into level names; the
    # tails such runs close (the cells after a weight: 赋分规则, 佐证资料) tell where a name
    # with no level before it begins
    runs = [_level_run(tokens, r.own, r.value[0]) for r in found]
    # (the first run is looked for only where one may be: a row without an unread one before it
    # is searched from its own start for the last run too, and both searches try the same
    # places the same way, so where that found none this finds none: most rows print no level)
    tails = {tuple(words[r.start:run[0]]) for r, last_run in zip(found[1:], runs[1:]) if (last_run or r.lost)
             and (run := _level_run(tokens, r.start, r.value[0], last=False)) and not (r.lost and r.lost[0] < run[0])}
    for r, run in zip(found, runs):
        start = r.own
        if run:
            levels, first, sure = _level_names("".join(words[run[0]:run[1]])), run[1], True
        else:
            # (after an unread row its cut cells may lie between the tail and the name; of two
            # tails opening it, 按比例赋分 and 按比例赋分 | 工作资料 where a row left 佐证资料
            # empty, the longer: the set's order, which varies with the hash seed, never decides)
            tail = None if r.lost else max((t for t in tails if len(t) < r.value[0] - start
                                            and tuple(words[start:start + len(t)]) == t), key=len, default=None)
            if tail is not None:
                levels, first, sure = [], start + len(tail), True
            else:
                levels, first, sure = [], _name_start(tokens, start, r.value[0]), False
        if first >= r.value[0]:
            first, sure = _name_start(tokens, start, r.value[0]), False
        if r.lost and not levels:
            out.levels_lost.add(len(out.rows))     # the unread row may have opened other levels
        if not sure:
            out.unsure.add(len(out.rows))
        end = r.value[1]
        # (a prior column the header names where it cannot be placed: no basis is told, as before)
        between = words[end:r.weight]
        parted = split_prior(between, where) if where or not out.mixed else ([], [])
        basis, prior = parted or ([], [])
        out.rows.append(RowRead(levels=levels, name=words[first:r.value[0]], value=words[r.value[0]:end], basis=basis,
                                weight=weight_of(tokens[r.weight][0]), line=tokens[first][1], prior=prior,
                                unparted=between if parted is None else []))
        _unread(out, tokens, r.lost)
    # in the order printed (those after the last value were found first), each with its weight
    pairs = sorted(zip(out.unread, out.unread_weights), key=lambda pair: pair[0])
    out.unread, out.unread_weights = [n for n, _ in pairs], [w for _, w in pairs]
    return out


def _find_rows(tokens: list[tuple[str, int]], words: list[str], out: CutRead, where: str | None = None) -> list[CutRow]:
    """Each row by its value and the weight after it; the lines of rows without a value.
    words: the tokens' texts; where: where the header puts a prior column (prior_column)."""
    # (a token that opens with a digit or a mark is not all letters: compress keeps those
    # without a Python test per token, and without a string per first character. A table has a
    # few thousand tokens, most of them words, a few dozen weights and values)
    others = list(compress(range(len(words)), map(not_, map(str.isalpha, words))))
    weights = [i for i in others if _is_weight(tokens, i)]
    marks = [i for i in others if words[i][0] in MARKS]
    found = []
    at, n = 0, len(tokens)
    following = _value_at(tokens, 0, marks)
    while at < n:
        # (the value found after the last row's is the first from `at` too, unless `at` is past
        # it: the row's weight followed it; none after the last row's is none after `at`)
        value = following if following is None or following[0] >= at else _value_at(tokens, at, marks)
        lost = weights[bisect_left(weights, at):bisect_left(weights, value[0] if value else n)]
        if value is None:
            _unread(out, tokens, lost)
            break
        k = bisect_left(weights, value[1])
        if k == len(weights):                   # a value with no weight after it: nothing certain
            out.unread.append(tokens[value[0]][1])
            out.unread_weights.append(None)
            break
        # the last of the figures alone on the line of the first ("预算支出标准 1.2 5", "99 计划标准
        # 10": a 上年完成值 printed without its unit, then the weight; a line is one row's)
        following = _value_at(tokens, value[1], marks)
        while k + 1 < len(weights) and (following is None or weights[k + 1] < following[0]) and (
                tokens[weights[k + 1]][1] == tokens[weights[k]][1] or where and weights[k + 1] == weights[k] + 1):
            k += 1          # (a header printing the prior: "计划标准 95" / "10" over lines too)
        if where == "before" and weights[k] == value[1] and _prior_first(tokens, weights, k, marks):
            k += 1          # "≥99% 99 计划标准 10": the prior's place, before the basis
        # another comparison before the weight, where no column but the basis lies between
        # (a 上年完成值 may print one): the row printed no weight, and the weight is the next row's
        nxt = None if out.mixed else following
        if nxt is not None and nxt[0] < weights[k]:
            out.unread.append(tokens[value[0]][1])
            out.unread_weights.append(None)
            at = value[1]
            continue
        found.append(CutRow(start=at, value=value, weight=weights[k], lost=lost))
        at = weights[k] + 1
    return found


def _prior_first(tokens: list[tuple[str, int]], weights: list[int], k: int, marks: list[int]) -> bool:
    """Whether the figure right after a row's value (weights[k]) is its prior, the header printing
    the prior before the basis: another figure alone follows it before the next row's value, and
    no level cell between opens a row (a row printing neither prior nor basis, then one valued in
    words, reads as its weight)."""
    if k + 1 == len(weights):
        return False
    nxt = _value_at(tokens, weights[k] + 1, marks)
    return (nxt is None or weights[k + 1] < nxt[0]) and _level_run(tokens, weights[k] + 1, weights[k + 1]) is None


def _unread(out: CutRead, tokens: list[tuple[str, int]], lost: list[int]) -> None:
    """The rows whose weights stand alone between read rows: each by its weight's line and
    figure. Of figures alone one right after the other, or on one line, the last is the weight
    (a 上年完成值 printed without its unit before it: "95 10", or "95" / "10" over lines; a value
    printed bare: "群众满意度 95 年度计划 30"): a row's name at least stands between two rows'
    weights, and a line is one row's."""
    for n, i in enumerate(lost):
        if n + 1 < len(lost) and (lost[n + 1] == i + 1 or tokens[lost[n + 1]][1] == tokens[i][1]):
            continue
        out.unread.append(tokens[i][1])
        out.unread_weights.append(weight_of(tokens[i][0]))


def _joined(tokens: list[tuple[str, int]], lo: int, hi: int) -> str:
    return "".join(t for t, _ in tokens[lo:hi])


def _level_run(tokens: list[tuple[str, int]], lo: int, hi: int, last: bool = True) -> tuple[int, int] | None:
    """The last (or first) run of pieces between lo and hi that joins into one or two level
    names, the longest there."""
    for e in (range(hi, lo, -1) if last else range(lo + 1, hi + 1)):
        tok = tokens[e - 1][0]
        if tok[-1] not in LEVEL_ENDS or len(tok) > LEVEL_PIECE:     # most pieces end no level name
            continue
        text, start = "", None
        for s in range(e - 1, max(lo, e - 8) - 1, -1):
            text = tokens[s][0] + text
            if len(text) > LEVELS_LONGEST:
                break
            if text in LEVEL_RUNS:      # (_level_names(text), without a call and a list per try)
                start = s
        if start is None:
            continue
        if not last:        # the first run: the longest that ends furthest on
            while e < hi and len(tokens[e][0]) <= LEVEL_PIECE and _joined(tokens, start, e + 1) in LEVEL_RUNS:
                e += 1
        return start, e
    return None


def _value_at(tokens: list[tuple[str, int]], at: int, marks: list[int] | None = None) -> tuple[int, int] | None:
    """The first value from at: a comparison and its figure ("＞" / "=98%"), with its unit.
    marks: the tokens that open with a comparison's mark, where the caller knows them (the
    others are none: a table's rows are searched from each value on without reading them again)."""
    for i in (marks[bisect_left(marks, at):] if marks is not None else range(at, len(tokens))):
        tok = tokens[i][0]
        if tok[0] not in MARKS:            # most tokens: no comparison
            continue
        end = i + 1
        if TEXT_VALUE.match(tok) is None:
            if not (MARK_ONLY.match(tok) and end < len(tokens) and TEXT_VALUE.match(tok + tokens[end][0])):
                continue
            end += 1
        if tokens[end - 1][0][-1].isdigit() and end < len(tokens) and CUT_UNIT.match(tokens[end][0]):
            end += 1
        return i, end
    return None


def _is_weight(tokens: list[tuple[str, int]], i: int) -> bool:
    """A figure alone, not one whose unit follows it ("59.4" / "万元": a 上年完成值), nor the
    weights' total after its label ("合计 100"; a total's label is no unit: "30" / "合计")."""
    return tokens[i][0][0].isdigit() and WEIGHT.match(tokens[i][0]) is not None and not (
        i + 1 < len(tokens) and CUT_UNIT.match(tokens[i + 1][0]) and not _total_label(tokens, i + 1, 1)) \
        and not _total_label(tokens, i, -1)


def _total_label(tokens: list[tuple[str, int]], at: int, way: int) -> bool:
    """Whether the token at `at` (way 1), or before it (way -1), starts or ends a total's label
    printed as one token or two ("合计", "合" / "计")."""
    # (two lookups, no spans joined: it is asked of every figure of a cut table)
    one = at if way > 0 else at - 1             # the label's token next to the figure
    if not 0 <= one < len(tokens):
        return False
    if tokens[one][0] in TOTAL_LABELS:
        return True
    a, b = (one, one + 1) if way > 0 else (one - 1, one)     # the label's two pieces
    return 0 <= a and b < len(tokens) and tokens[a][0] + tokens[b][0] in TOTAL_LABELS


def _name_start(tokens: list[tuple[str, int]], lo: int, value: int) -> int:
    """Where the name before a value starts: its line's first token, or the first of the line
    before when the value opens its line, and back to the line its brackets open on."""
    line = tokens[value][1]
    first = value
    while first > lo and tokens[first - 1][1] == line:
        first -= 1
    if first == value and first > lo:          # the value opens its line: the name is the line before
        line = tokens[first - 1][1]
        while first > lo and tokens[first - 1][1] == line:
            first -= 1
    while first < value and tokens[first][0] in LEVEL_NAMES:
        first += 1                             # a level cell printed on the name's line
    # "元）" closing what a line before opens, "（万元）" a name's unit alone on its line
    while first > lo and (_opens(tokens, first, value) < 0 or tokens[first][0][0] in "（("):
        line = tokens[first - 1][1]            # "元）": the name began a line before
        while first > lo and tokens[first - 1][1] == line:
            first -= 1
    return first


def _opens(tokens: list[tuple[str, int]], lo: int, hi: int) -> int:
    text = "".join(t for t, _ in tokens[lo:hi])
    return text.count("（") + text.count("(") - text.count("）") - text.count(")")


def _level_names(text: str) -> list[str]:
    """text as one or two level names, the first level first ("成本指标经济成本指标"), else []."""
    return LEVEL_RUNS.get(text, [])


# ---- an indicator value read as a comparison ---------------------------------------------------
# "≥95%", "＞=500 项", "＜=20万元", "≤ 30 天", "＞90分", "=1次", "1 次/年" (a figure with no sign:
# the value to reach); a value in words ("按时完成", "有效保障") or with words around its figure
# ("较上年提高5%") is none; a unit of four characters ("≤5个工作日", "≥2个百分点") only after a sign
# (without one, "100万元以上" names a bound, not the value)
TARGET = re.compile(r"^(>=|＞=|≥|≧|<=|＜=|≤|≦|==|=|＝|>|＞|<|＜)?\s*(\d[\d,]*(?:\.\d+)?)\s*"
                    r"(%|％|[^\W\d_]{1,4}(?:\s*/\s*[^\W\d_]{1,2})?)?$")
TARGET_OPS = {">=": "≥", "＞=": "≥", "≥": "≥", "≧": "≥", "<=": "≤", "＜=": "≤", "≤": "≤", "≦": "≤",
              "==": "=", "=": "=", "＝": "=", ">": ">", "＞": ">", "<": "<", "＜": "<", None: "="}


def joined_value(sign: str | None, value: str | None, unit: str | None) -> str | None:
    """A value printed over 指标性质 | 指标值 | 度量单位 ("≥ | 95 | %") as one: "≥95%". The sign
    where it is one (指标性质 may print 正向 or 定量 instead) and the value has none; the unit
    where the value is a figure without one (a value in words takes neither)."""
    if not value:
        return value
    sign, unit = (sign or "").strip(), (unit or "").strip()
    signed = TARGET.match(value)
    if unit and signed and signed.group(3) is None:
        value += unit
    if sign and sign in TARGET_OPS and signed and signed.group(1) is None:
        value = sign + value
    return value


# a deadline's words after its month, day or year ("12月底前", "6月前", "30日前", "2025年底前"):
# a date, not a quantity of a unit (a duration says 内: "30日内", "3个月内")
DEADLINE_UNIT = re.compile(r"^(?:[年月日号](?:底|末|初|中旬|上旬|下旬)?(?:前|之前|以前)|[年月](?:底|末|初|中旬|上旬|下旬))$")


def indicator_target(value: str | None) -> tuple[str, Decimal, str | None] | None:
    """value_target of an indicator's value, but none of a deadline (12月底前: by December's
    end, not 12 of a unit "月底前"); the value itself is kept as printed."""
    target = value_target(value)
    if target is not None and target[2] and DEADLINE_UNIT.match(target[2]):
        return None
    return target


@memoised       # (a table repeats its values, "=100%", "95%": asked of each row's value and prior)
def value_target(value: str | None) -> tuple[str, Decimal, str | None] | None:
    """(operator, number, unit) of a value that is a comparison, else None."""
    # (map runs str.isdigit over the characters without a generator frame per character)
    if not value or not any(map(str.isdigit, value)):
        return None
    m = TARGET.match(value.strip())
    if m is None:
        return None
    unit = m.group(3)
    if m.group(1) is None and unit == "年" and len(m.group(2)) == 4:
        return None                     # a year ("2025年"), no quantity
    if m.group(1) is None and unit and len(unit.split("/")[0].strip()) > 3:
        return None
    return TARGET_OPS[m.group(1)], Decimal(m.group(2).replace(",", "")), unit.replace(" ", "") if unit else None
