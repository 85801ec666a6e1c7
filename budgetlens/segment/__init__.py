"""Find the parts of a disclosure and each standard table, by content, not by number."""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ..extract.layout import header_key, wide_columns
from ..extract.rows import META_LINES, UNIT_NAME, unit_name_of
from ..extract.units import units_above
from ..readers import Line, SourceDocument
from ..readers.base import lines_holding
from ..templates import TableSpec, TemplateSpec, load_templates, per_spec
from ..text import SUB_LABEL, UNIT_COLON, cn_number, compact as clean, match_key, memoised, strip_markup
from .sets import group_tables, own_set_first
from .unknown import looks_like_title, near

PART = re.compile(r"^第([一二三四五六七八九十]+|\d{1,2})(?:部分|章|篇)\s*(.*)$")
# a part's heading numbered as a list's item (一、部门概况), or printed bare (部门概况)
PART_ITEM = re.compile(r"^(?:[一二三四五六七八九十]+|\d{1,2})[、.．]")
# a table's label: 表1, 表一, 附表1, 附件1, 公开01表 (Jiangsu), 公开表1 / 部门公开表1 / 预算公开表1.
# Its number stops before a year (附件1 2025年…) and before the 一 of 一般 or the 三 of 三公 (the
# label is also read with its spaces gone: 表5一般公共预算支出表).
_NO = r"((?:(?!20\d\d年)[0-9]|[一二三四五六七八九十](?![般公]))+)"
_SUB = r"(?:[-－–]\d+)?"           # a sub-number: 表1-3
LABEL = re.compile(rf"^(?:附表\s*{_NO}{_SUB}\s*[:：]?|表\s*{_NO}{_SUB}\s*[:：]?"
                   rf"|公开\s*{_NO}\s*表\s*[:：]?"
                   rf"|附件\s*{_NO}{_SUB}\s*[:：]?"
                   rf"|(?:部门|单位|预算)*公开表\s*{_NO}{_SUB}\s*[:：]?)\s*")
YEAR_PREFIX = re.compile(r"^.{0,40}?\d{4}年度?")
# The end of an owner's name printed before a title ("湖州市财政局部门收支总表", "中共××县委组织部
# 一般公共预算支出表", "××镇…表"), in match-key form (no spaces or punctuation, ASCII parentheses)
ORG_END = re.compile(r"(?:委员会|办公室|办事处|联合会|街道|园区|委|办|局|院|厅|中心|所|站|队|处|部|室|馆|校|社|团|府|会"
                     r"|公司|集团|监狱|医院|机关|政府|镇|乡|场|台)(?:\((?:单位|部门|本级)\)|本级)?")
# "部门财政拨款收支总表", "社会保障部门…"; and 综合预算 (the whole budget a region's titles name
# before the table: "部门综合预算收支总表", as 第X部分 headings name it, PART_NAMES)
OWNER_WORDS = ("本部门", "本单位", "预算单位", "部门", "单位", "综合预算")
OWNER_REACH = 40        # characters an owner's name may take before the title
# words of a sentence that points at a table ("详见市财政局…表", "以下为本局…表"), never of an owner
POINTING = re.compile(r"见|详|以下|如下|下表|根据|按照|参照|其中|包括")
# the words of a 第X部分 heading that name its part
PART_KEYS = [("glossary", re.compile(r"名词")), ("narrative", re.compile(r"说明|解读")),
             ("tables", re.compile(r"公开表|预算表|报表|决算表|附表|(?:预算|决算)(?:公开)?$")),
             ("overview", re.compile(r"概况|基本情况|职能|职责|机构设置"))]
# a part's whole name, where no 第X部分 heads it (一、部门概况, 部门预算公开表): in match-key form,
# past a year and an owner's name ("XX局2026年部门预算公开表")
_OWNER = r"(?:部门|单位)?(?:综合)?"
PART_NAMES = [("glossary", re.compile(r"(?:有关|相关|专业|主要)?名词(?:解释|说明)")),
              ("narrative", re.compile(rf"{_OWNER}(?:预算|决算)?(?:编制|公开)?(?:情况)?(?:说明|解读)")),
              ("tables", re.compile(rf"{_OWNER}(?:(?:预算|决算)(?:公开)?(?:表|报表|附表)?|(?:预算|决算)?(?:公开表|附表))")),
              ("overview", re.compile(rf"{_OWNER}(?:概况|基本情况|(?:主要)?(?:职能|职责)(?:及|和|与)(?:内设)?机构设置(?:情况)?)"))]
# how each of PART_NAMES may end (kept with them): glossary 解释/说明; narrative 说明/解读; tables
# 预算/决算, 预算公开, 预算表 (决算表), 公开表, 报表, 附表; overview 概况, 基本情况, 机构设置(情况)
PART_NAME_ENDS = ("解释", "说明", "解读", "预算", "决算", "公开", "算表", "公开表", "报表", "附表",
                  "概况", "基本情况", "设置", "设置情况")


@dataclass
class PartSpan:
    key: str
    title: str
    start: int            # index into doc.lines
    end: int


@dataclass
class TableBlock:
    spec: TableSpec
    title: str
    title_index: int      # index into doc.lines
    start: int
    end: int
    label: str | None = None
    number: int | None = None
    owner: str | None = None      # the 编制单位/编制部门 printed under the title
    group: int | None = 0         # its set of tables (sets.group_tables)


@dataclass
class UnknownTable:
    """A table the template does not know (segment.unknown_titles): where it is (read as
    printed by extract.unknown, not by the template)."""
    title_index: int
    start: int            # its label's line, else its title's
    end: int
    title: str
    label: str | None = None
    number: int | None = None      # the label's (表7, 表六, 公开07表 → 7)


@dataclass
class Segmentation:
    template: TemplateSpec | None
    parts: list[PartSpan] = field(default_factory=list)
    tables: list[TableBlock] = field(default_factory=list)
    year: int | None = None
    scope: str | None = None
    # 绩效目标表 printed among the tables (line spans): no table of the template, read as the
    # narrative reads them
    performance: list[tuple[int, int]] = field(default_factory=list)
    # which of several sets of tables is the department's own (汇总) was told by what they print
    # (sets.own_set_first); False: by their totals once read, else by their order
    own_set_told: bool = True
    # tables whose title OCR misread by a character: (line index, printed title, the template's)
    misread_titles: list[tuple[int, str, str]] = field(default_factory=list)
    # tables the template does not know (kept as printed: extract.unknown)
    unknown: list[UnknownTable] = field(default_factory=list)

    def part(self, key: str) -> PartSpan | None:
        return next((p for p in self.parts if p.key == key), None)

    def spans(self, key: str) -> list[PartSpan]:
        """Every span of a part: some templates print the narrative before and after the tables."""
        return [p for p in self.parts if p.key == key]


DEFAULT_ORDER = ["overview", "tables", "narrative", "glossary"]


def find_headings(doc: SourceDocument, parts: list[dict]) -> list[PartSpan]:
    """Parts of templates that print no 第X部分: each template part with a `match` pattern
    starts at the last short line matching it (the table of contents lists them first)."""
    found: dict[int, tuple[int, str, str]] = {}
    patterns = [(n, p["key"], re.compile(p["match"])) for n, p in enumerate(parts) if p.get("match")]
    for i, line in enumerate(doc.lines):
        if line.cells is not None:
            continue
        text = clean(line.text)
        if not text or len(text) > 40 or "……" in text or re.search(r"\d+$", text):
            continue
        for n, key, pattern in patterns:
            if pattern.search(text):
                found[n] = (i, key, text)
                break
    starts = sorted(found.values())
    spans = []
    for n, (i, key, title) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(doc.lines)
        spans.append(PartSpan(key=key, title=title, start=i, end=end))
    return spans


@dataclass
class PartMark:
    """A heading that may start a part: its line, the part it names, its title."""
    index: int
    key: str
    title: str
    strong: bool = True        # a 第X部分 (第X章) heading; else numbered as a list's item, or bare


class Headings:
    """A document's part headings, each kind read once when first asked for, and its 目录 lines
    with where the text after each begins: second_disclosure and find_parts both read them (the
    pipeline hands the first's to segment)."""

    def __init__(self, doc: SourceDocument):
        self.doc = doc
        self._text_after: dict[int, int] = {}

    @functools.cached_property
    def strong(self) -> list[PartMark]:
        return part_marks(self.doc, self.holding["第"])

    @functools.cached_property
    def holding(self) -> dict[str, list[int]]:
        """The lines holding 第 (part_marks), 目 (contents) and 表 (choose_template: every title
        has one), searched for through the whole text (lines_holding: most lines hold none of
        them); read when first asked, as the headings are (the OCR mending of figures after it
        adds none of them)."""
        return lines_holding(self.doc.lines, ("第", "目", "表"))

    @functools.cached_property
    def items(self) -> list[PartMark]:
        return item_marks(self.doc)

    @functools.cached_property
    def contents(self) -> list[int]:
        """The lines 目录 (目次)."""
        lines = self.doc.lines
        return [i for i in self.holding["目"] if lines[i].cells is None
                and ("录" in lines[i].text or "次" in lines[i].text)       # (目 in 项目 lines: 录/次 first, as cheap)
                and clean(lines[i].text) in CONTENTS_HEADING]

    def text_after(self, at: int) -> int:
        """The first line after line `at` that is text (is_text); the document's end where none is."""
        if at not in self._text_after:
            self._text_after[at] = first_text(self.doc, at + 1, len(self.doc.lines))
        return self._text_after[at]


def find_parts(doc: SourceDocument, order: list[str] | None = None, heads: Headings | None = None) -> list[PartSpan]:
    """The parts, by their 第X部分 (第X章) headings: the last heading of each part wins, the
    table of contents repeating them first (its entries, where a 目录 heads them, are no parts:
    contents_entries). A part no such heading names is looked for among the headings numbered
    as a list's item (一、部门概况) or bare (部门概况): the first after the parts before it.

    A part whose heading comes before the heading of a part the template prints earlier is
    a table-of-contents entry of a document cut short, not a part. A 第X部分 heading naming no
    known part is kept as a part of its own ("other"): it ends the part before it."""
    order = order or DEFAULT_ORDER
    heads = heads or Headings(doc)
    marks = heads.strong if strong_suffice(heads, order, doc.file_starts) else heads.strong + heads.items
    entries = contents_entries(doc, marks, heads)
    marks = [m for m in marks if m.index not in entries]
    found = {m.key: (m.index, m.title) for m in marks if m.strong and m.key != "other"}
    in_order(found, order, doc.file_starts, with_own_text(doc, marks))
    for key in order:
        if key not in found:
            item = first_item(doc, marks, key, found, order) or numbered_between(doc, marks, key, found)
            if item is not None:
                found[key] = (item.index, item.title)
    starts = sorted((i, key, title) for key, (i, title) in found.items())
    if found:                   # (alone, such headings make no disclosure: "第一章 风起")
        starts = sorted(starts + [(m.index, m.key, m.title) for m in marks
                                  if m.key == "other" and has_text(doc, m, marks)])
    spans = []
    for n, (i, key, title) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(doc.lines)
        spans.append(PartSpan(key=key, title=title, start=i, end=end))
    return spans


def strong_suffice(heads: Headings, order: list[str], file_starts: list[int]) -> bool:
    """The 第X部分 headings alone give find_parts its parts, the others (item_marks) need not be
    read: no heading of a part of no known name (whose text runs to the next heading of any
    kind), a heading of each part in `order` (none is looked for among the others), and after
    each 目录 one past the text that follows it (contents_entries, which goes through the
    第X部分 headings first, stops there before it comes to the others)."""
    if any(m.key == "other" for m in heads.strong):
        return False
    if not all(any(m.index > heads.text_after(at) for m in heads.strong) for at in heads.contents):
        return False
    found = {m.key: (m.index, m.title) for m in heads.strong}
    in_order(found, order, file_starts, with_own_text(heads.doc, heads.strong))
    return all(key in found for key in order)


def second_disclosure(doc: SourceDocument, heads: Headings | None = None) -> int | None:
    """Where a second whole disclosure begins in the file (two disclosures printed one after the
    other: the first part's heading again, then the tables' again), at its cover; None where
    none does. Read by the 第X部分 headings, else by the others (item_marks)."""
    heads = heads or Headings(doc)
    marks = heads.strong or heads.items
    entries = contents_entries(doc, marks, heads)
    kept = [m for m in marks if m.index not in entries and m.key != "other" and has_text(doc, m, marks)]
    seen: set[str] = set()
    for n, m in enumerate(kept):
        again = m.key == kept[0].key and len(seen) > 1
        if again and any(k.key == "tables" for k in kept[n + 1:]):
            return cover_start(doc, kept[n - 1].index, min(k.index for k in marks if k.index > kept[n - 1].index))
        seen.add(m.key)
    return None


FULL_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")


def cover_start(doc: SourceDocument, floor: int, at: int) -> int:
    """The first line of the cover (and contents) above a disclosure's first heading `at`:
    past a 目录 and the short lines above it, never past a date (the disclosure before signs
    off with it) nor above `floor`."""
    top = next((i for i in range(at - 1, floor, -1) if clean(doc.lines[i].text) in CONTENTS_HEADING), at)
    while top - 1 > floor and top > at - COVER_LINES:
        line = doc.lines[top - 1]
        text = clean(line.text)
        if line.cells is not None or is_text(line) or len(text) > 40 or FULL_DATE.search(text):
            break
        top -= 1
    return top


COVER_LINES = 40        # lines a cover and contents page may take above the first heading


def in_order(found: dict[str, tuple[int, str]], order: list[str], file_starts: list[int],
             own_text: Callable[[int], bool] = lambda at: False) -> None:
    """Drop the parts whose heading comes before the heading of a part printed earlier in the
    same file (a bundle's files come in any order: the narrative's file may come first), unless
    text of its own follows the heading (own_text): a contents entry of a document cut short
    has none, a part printed out of the template's order has (the national format prints its
    说明 and 名词解释 before the tables the Xinjiang one prints second)."""
    last = -1
    for key in order:
        if key in found:
            at = found[key][0]
            if at < last and bisect.bisect(file_starts, at) == bisect.bisect(file_starts, last) and not own_text(at):
                del found[key]
            else:
                last = max(last, at)


def with_own_text(doc: SourceDocument, marks: list[PartMark]) -> Callable[[int], bool]:
    """Whether the heading at a line has text of its own below it (has_text)."""
    at = {m.index: m for m in marks}
    return lambda i: i in at and has_text(doc, at[i], marks)


def first_item(doc: SourceDocument, marks: list[PartMark], key: str, found: dict[str, tuple[int, str]],
               order: list[str]) -> PartMark | None:
    """The first heading of a list's item (or bare) naming the part `key`, between the parts
    found before and after it in the template's order, with text of its own below (a cover's
    "2026年部门预算公开" has none)."""
    at = order.index(key)
    lo = max((found[k][0] for k in order[:at] if k in found), default=-1)
    hi = min((found[k][0] for k in order[at + 1:] if k in found), default=len(doc.lines))
    return next((m for m in marks if not m.strong and m.key == key and lo < m.index < hi
                 and has_text(doc, m, marks)), None)


def numbered_between(doc: SourceDocument, marks: list[PartMark], key: str,
                     found: dict[str, tuple[int, str]]) -> PartMark | None:
    """A heading of a list's item naming the part `key` printed out of the template's order
    (二、部门预算情况说明 and 三、名词解释 before 四、部门预算公开表, the national order), taken
    where its number goes on the numbering of the parts found around it (一、部门概况 above it,
    四、… below, numbered alike): a sibling of theirs, no item inside one of them (2. under 一、)."""
    def number(title: str) -> tuple[bool, int] | None:
        m = PART_ITEM.match(title)
        return (m.group(0)[0].isdigit(), cn_number(m.group(0)[:-1])) if m else None

    for mark in marks:
        if mark.strong or mark.key != key or (n := number(mark.title)) is None:
            continue
        before = max((at for at in found.values() if at[0] < mark.index), default=None)
        after = min((at for at in found.values() if at[0] > mark.index), default=None)
        low = number(before[1]) if before else None
        high = number(after[1]) if after else None
        if low is not None and low[0] == n[0] and low < n \
                and (after is None or (high is not None and high[0] == n[0] and n < high)) and has_text(doc, mark, marks):
            return mark
    return None


def has_text(doc: SourceDocument, mark: PartMark, marks: list[PartMark]) -> bool:
    """Text (is_text) between a heading and the next."""
    end = min((m.index for m in marks if m.index > mark.index), default=len(doc.lines))
    return any(is_text(ln) for ln in doc.lines[mark.index + 1:end])


def part_key(title: str) -> str | None:
    """The part a 第X部分 heading's title names."""
    return next((key for key, words in PART_KEYS if words.search(title)), None)


def part_marks(doc: SourceDocument, holding: list[int]) -> list[PartMark]:
    """The 第X部分 (第X章) headings, in the order printed: "other" where the title names no
    known part. holding: the lines holding 第 (Headings.holding): PART needs one (clean only drops)."""
    marks = []
    lines = doc.lines
    for i in holding:
        m = PART.match(clean(lines[i].text))
        if not m or len(m.group(0)) > 60:
            continue
        title, heading = m.group(2), m.group(0)
        if not title:                   # "第三部分" alone, its name on a line below (a cover page)
            title = name_below(doc, i)
            heading = f"{heading} {title}".strip()
        key = part_key(title)
        if key is None and title and len(title) <= 30 and not SENTENCE_MARK.search(title):
            key = "other"
        if key:
            marks.append(PartMark(i, key, heading, strong=True))
    return marks


SENTENCE_MARK = re.compile(r"[，。；：,;:！？]")
# a character each of PART_NAMES needs (名词, 说明, 解读, 表, 预算, 概况, 职能, 职责: cleaning only drops)
PART_CHAR = re.compile(r"[词明读表算况能责]")
# SENTENCE_MARK's full-width marks, which no markup holds: a line printing one is no heading
PROSE_MARK = re.compile(r"[，。；：！？]")


def item_marks(doc: SourceDocument) -> list[PartMark]:
    """The short lines, numbered as a list's item or bare, whose whole title names a part
    (PART_NAMES), past a year or an owner's name before it."""
    marks = []
    lines = doc.lines
    # (one search fails most lines: each part's name holds one of these characters; in one
    # comprehension over the document, as part_marks)
    for i in [i for i, line in enumerate(lines) if line.cells is None and len(line.text) <= 80
              and PART_CHAR.search(line.text) is not None and PROSE_MARK.search(line.text) is None]:
        text = clean(lines[i].text)
        title = PART_ITEM.sub("", text)
        if PART.match(text) or not 2 <= len(title) <= 40 or SENTENCE_MARK.search(title) or is_contents_entry(text) \
                or re.search(r"\d$", title) or (title == text and len(title) < 4):
            continue
        key = part_name(match_key(title))
        if key == "tables" and title == text and "表" not in title:
            continue        # "XX局2026年部门预算" unnumbered: the document's title (a cover, a page's header)
        if key:
            marks.append(PartMark(i, key, text, strong=False))
    return marks


def part_name(key: str) -> str | None:
    """The part a heading's whole title (match key) names, past a year or an owner's name."""
    if not key.endswith(PART_NAME_ENDS):
        return None       # (each reading below is an end of the key: none can be a whole name)
    m = YEAR_PREFIX.match(key)
    rests = [key] + ([key[m.end():]] if m else []) + [key[cut:] for cut in _owner_cuts(key)]
    return next((part for rest in rests for part, name in PART_NAMES if name.fullmatch(rest)), None)


CONTENTS_HEADING = ("目录", "目次")
AMOUNT = re.compile(r"\d\.\d{2}(?!\d)")


def contents_entries(doc: SourceDocument, marks: list[PartMark], heads: Headings | None = None) -> set[int]:
    """The marks that are entries of a table of contents: after a line 目录, with no text of
    their own (is_text) before the next mark, and none between the 目录 and them. heads: doc's."""
    out: set[int] = set()
    heads = heads or Headings(doc)
    for at in heads.contents:
        after = [m.index for m in marks if m.index > at]
        text_at = heads.text_after(at)
        for n, i in enumerate(after):
            end = after[n + 1] if n + 1 < len(after) else len(doc.lines)
            if text_at < i:         # (text between the 目录 and mark i: the first after the 目录)
                break
            if not any(is_text(ln) for ln in doc.lines[i + 1:end]):
                out.add(i)
    return out


def first_text(doc: SourceDocument, start: int, stop: int) -> int:
    """The first line from start, before stop, that is text (is_text); stop where none is."""
    return next((j for j in range(start, stop) if is_text(doc.lines[j])), stop)


def is_text(line) -> bool:
    """A line of a part's text, never of a table of contents: a sentence, a table's row, an
    amount, or a long line."""
    if line.cells:
        return True
    text = line.text
    return "。" in text or "；" in text or ("." in text and AMOUNT.search(text) is not None) or len(clean(text)) > 80


def name_below(doc: SourceDocument, i: int, reach: int = 16) -> str:
    """The name of a bare part heading: the first short line within a few lines below that
    names a part (blank lines, a page number, or a table's last cells in a raw pdftotext
    conversion may come between); "" when none does."""
    for line in doc.lines[i + 1:i + 1 + reach]:
        text = clean(line.text)
        if line.cells is None and 0 < len(text) <= 40 and part_key(text):
            return text
    return ""


@functools.lru_cache(maxsize=4096)
def _title_keys(title: str) -> str:
    return match_key(title)


def _titles_sorted(specs: list[TableSpec]) -> list[tuple[str, TableSpec, str]]:
    """(title key, spec, title) of every title, longest key first, ties in template order."""
    titles = [(_title_keys(t), spec, t) for spec in specs for t in spec.titles]
    titles.sort(key=lambda x: -len(x[0]))          # stable: ties keep template order
    return titles


_TITLES: dict[tuple[int, ...], tuple[tuple[TableSpec, ...], dict[str, list]]] = {}


def _titles_by_first(specs: list[TableSpec]) -> dict[str, list[tuple[str, TableSpec, str]]]:
    """(title key, spec, title) of every title, by the first character of the key; in each
    list longest key first, else in template order, so that the first a line starts with is
    the longest match (title_at's rule). Built once per list of table specs (templates are
    loaded once; the specs are kept with their index so that their ids are never reused).
    A key "" would match any line: it is in every list, and under "" for lines no other key
    starts like."""
    ids = tuple(map(id, specs))
    known = _TITLES.get(ids)
    if known is not None and all(a is b for a, b in zip(known[0], specs)):
        return known[1]
    titles = _titles_sorted(specs)
    index = {first: [t for t in titles if t[0][:1] in (first, "")] for first in {t[0][:1] for t in titles}}
    index.setdefault("", [])
    _TITLES[ids] = (tuple(specs), index)
    return index


def _titles_for(index: dict[str, list], key: str) -> list[tuple[str, TableSpec, str]]:
    return index.get(key[:1], index[""])


TITLE_REST = re.compile(r"^(编制|单位|金额|\(|（|\d{4}年)")
# the table's label printed after its title on the same line ("收入支出决算表  公开01表"), in
# match-key form
LABEL_AFTER = re.compile(r"^(公开\d+表|附?表\d+(-\d+)?)$")
# a title numbered as a list's item (a Word document heading each table "一、收入支出决算总表",
# "1.收入决算表", "（三）支出决算表"): the number is the heading's, not a table label's
ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|\d{1,2}[.．、](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[)）])\s*")


def title_at(text: str, specs: list[TableSpec]) -> tuple[TableSpec, str, str | None, int | None] | None:
    """(spec, printed title, label, number) when a line starts with a table title."""
    return _title_at(text, _titles_by_first(specs))


def _title_at(text: str, index: dict[str, list]) -> tuple[TableSpec, str, str | None, int | None] | None:
    """title_at with the specs' titles looked up once by the caller (_titles_by_first)."""
    if "表" not in text:
        return None                     # every title ends in 表: skip the rest cheaply
    label, number, readings = _title_parts(text)
    for key, line in _readings(readings):
        best = next(((tk, spec, title) for tk, spec, title in _titles_for(index, key) if key.startswith(tk)), None)
        if best is not None and _title_ends(key, best[0]):
            tk, spec, title = best
            return spec, line[: _printed_length(line, title)], label, number
    return None


def _title_ends(key: str, title_key: str) -> bool:
    """The title ends the line, or what follows it is the table's 编制/单位 line, a bracket, a
    year or its label."""
    rest = key[len(title_key):]
    return not rest or TITLE_REST.match(rest) is not None or LABEL_AFTER.match(rest) is not None


@memoised
def _title_parts(text: str) -> tuple[str | None, int | None, tuple[tuple[str, str], ...]]:
    """What _title_at reads from a line whatever the template (choose_template asks each
    template about the same lines): the label, its number, and the readings of the rest —
    (title key, line) where a title may begin: at once, after a year ("XX局2025年部门收支…表");
    _readings adds those after an owner's name ("XX局部门收支总表", "部门财政拨款收支总表")."""
    spaced = " ".join(strip_markup(text).split())
    label = number = None
    m = LABEL.match(spaced)              # with its spaces: 表5 一般… is 表5, not 表5一
    if m:
        label = clean(m.group(0)).rstrip(":：")
        number = cn_number(next(g for g in m.groups() if g))
        spaced = spaced[m.end():]
    elif (m := ORDINAL.match(spaced)) is not None:
        spaced = spaced[m.end():]
    line = clean(spaced)
    key = match_key(line)
    readings = [(key, line)]
    m = YEAR_PREFIX.match(key)
    if m:
        readings.append((key[m.end():], YEAR_PREFIX.sub("", line, count=1)))
    return label, number, tuple(readings)


def _readings(readings: tuple[tuple[str, str], ...]):
    """The readings _title_parts gives, then (asked for only where those find no title) the
    ones after an owner's name."""
    yield from readings
    for base, base_line in readings:
        yield from _owner_readings(base, base_line)


@memoised
def _owner_readings(key: str, line: str) -> tuple[tuple[str, str], ...]:
    return tuple((key[cut:], _line_after(line, key[:cut])) for cut in _owner_cuts(key))


def titles_per_template(doc: SourceDocument, lines: list[int],
                        templates: tuple[TemplateSpec, ...]) -> list[dict[int, tuple]]:
    """Per template, the table titles it knows at each of `lines` (line index → _title_at), a
    long title wrapped over two lines ('公开 09 表：…培训费' / '支出预算表') read joined.

    Each line is read once for all templates: their titles are looked up together
    (_all_titles), so another template adds candidates to compare, not another pass."""
    index = _all_titles(templates)
    found: list[dict[int, tuple]] = [{} for _ in templates]
    for i in lines:
        hits = _titles_in(doc.lines[i].text, index, len(templates))
        if not all(hits):
            wrapped = _wrapped_title(doc, i)
            if wrapped is not None:
                more = _titles_in(wrapped, index, len(templates))
                hits = [h or m for h, m in zip(hits, more)]
        if doc.lines[i].ocr and not any(hits):
            hits = misread_titles(doc.lines[i].text, templates)
        if any(hits) and not table_under_ordinal(doc, i):
            hits = [None] * len(templates)
        for t, hit in enumerate(hits):
            if hit:
                found[t][i] = hit
        if not any(hits):
            head = _title_head(doc, i)      # the title's start on a line of its own, without 表
            if head is not None:
                at, joined = head
                for t, hit in enumerate(_titles_in(joined, index, len(templates))):
                    if hit:
                        found[t].setdefault(at, hit)
    return found


# what a table prints under its title: its 编制/单位 line, its label, its header's first words
TABLE_START = re.compile(r"编制|单位\s*[:：]|金额单位|公开\s*\d+\s*表|^表\s*\d|^(项目|科目|栏次|功能分类)")
TABLE_REACH = 4           # the lines after a title it may take


def table_under_ordinal(doc: SourceDocument, i: int) -> bool:
    """False for a title numbered as a list's item ("十二、政府采购支出预算表") with no table
    under it: an entry of the contents (目录), whose last entry would take what follows as
    its rows. True for any other line."""
    if ORDINAL.match(strip_markup(doc.lines[i].text).strip()) is None:
        return True
    seen = 0
    for ln in doc.lines[i + 1:]:
        if ln.cells is not None:
            return True
        text = strip_markup(ln.text).strip()
        if not text:
            continue
        if TABLE_START.search(text):
            return True
        seen += 1
        if seen == TABLE_REACH:
            return False
    return False


class MisreadTitle(tuple):
    """A title hit (spec, printed title, label, number) on a line read by OCR whose title differs
    from the template's by one character misread, dropped or added ("一般公共预算文出功能分类预算
    表"); `official`: the template's title it was taken for (said in the parse's notes)."""

    official: str


MISREAD_MIN_KEY = 8         # shorter titles ("收入总表") are too near each other for one edit


def misread_titles(text: str, templates: tuple[TemplateSpec, ...]) -> list[MisreadTitle | None]:
    """Per template, the table a line read by OCR titles with one character wrong: the kind of
    every title within one edit of the line's start (a title ends the line or its 编制/单位
    part follows, as for exact titles). None where no title is that near, or titles of two kinds
    are: a misreading is never guessed between tables."""
    if "表" not in text:
        return [None] * len(templates)
    label, number, readings = _title_parts(text)
    readings = [(key, line, ends) for key, line in _readings(readings) for ends in [_title_ends_at(key)] if ends]
    if not readings:                   # a sentence that mentions a table ("…支出情况表为空表")
        return [None] * len(templates)
    index = _all_titles(templates)
    near: list[dict] = [{} for _ in templates]     # per template: kind → (spec, printed, title)
    exact = False                                  # the line prints a title as it is
    for key, line, ends in readings:
        found = [bool(n) for n in near]            # a template's first reading with a title wins
        # (the first character as printed: a character before a title, "四、…表" in a list of
        # the tables, is no misreading of it)
        for tk, t, spec, title in index.get(key[:1], ()):
            if len(tk) < MISREAD_MIN_KEY:
                break                              # (longest first: the rest are shorter)
            if found[t] or spec.kind in near[t]:
                continue
            for size in ends:
                exact = exact or key[:size] == tk
                if len(tk) - 1 <= size <= len(tk) + 1 and _misread(key[:size], tk):
                    end = _key_length(line, key[:size])
                    near[t][spec.kind] = (spec, line if end is None else line[:end], title)
                    break
    # a title printed as it is is its own table's, never another's one edit off; and a misreading
    # is taken only where one kind of table, in every template, is that near
    if exact or len({kind for kinds in near for kind in kinds}) != 1:
        return [None] * len(templates)
    out: list[MisreadTitle | None] = []
    for kinds in near:
        hit = None
        if kinds:
            spec, printed, title = next(iter(kinds.values()))
            hit = MisreadTitle((spec, printed, label, number))
            hit.official = title
        out.append(hit)
    return out


# characters of a title that oppose each other: one printed for the other is another table
# (预算/决算, 收入/支出, 上年/本年), never taken for a misreading
CONTRASTS = ("预决", "收支入出", "上本下", "初末", "增减", "内外")


def _misread(printed: str, title: str) -> bool:
    """printed is title with one character misread, dropped or added, not one of a contrast."""
    if not _one_edit(printed, title):
        return False
    if len(printed) != len(title):
        return True
    a, b = next((x, y) for x, y in zip(printed, title) if x != y)
    return not any(a in pair and b in pair for pair in CONTRASTS)


def _title_ends_at(key: str) -> list[int]:
    """Where a title may end in a line's key: after a 表 that ends it or that its 编制/单位
    part, a bracket or a year follows (most lines that mention a table have none)."""
    ends, at = [], key.find("表")
    while at >= 0:
        if _title_ends(key, key[:at + 1]):
            ends.append(at + 1)
        at = key.find("表", at + 1)
    return ends


def _one_edit(a: str, b: str) -> bool:
    """a and b differ by exactly one character replaced, dropped or added."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    skip = 1 if len(a) == len(b) else 0          # replaced: skip it in both; dropped: in b only
    return a[i + skip:] == b[i + 1:]


def _wrapped_title(doc: SourceDocument, i: int) -> str | None:
    """Line i joined with the next when they look like one title cut by the page width: a
    label and the title's start, then a short line ending in 表 (a blank line between them, as
    converters that keep the page's spacing write, does not part them)."""
    if doc.lines[i].cells is not None:
        return None
    text = clean(doc.lines[i].text)
    label = LABEL.match(text)
    if not label or label.end() == len(text):
        return None                     # (most lines: the next is not looked for)
    j = _past_blanks(doc, i, 1)
    if j >= len(doc.lines) or doc.lines[j].cells is not None:
        return None
    nxt = clean(doc.lines[j].text)
    if not nxt.endswith("表") or len(nxt) > 12:
        return None
    return text + nxt


def _past_blanks(doc: SourceDocument, i: int, step: int) -> int:
    """The line after (step 1) or before (step -1) line i, past up to two empty text lines
    between (converters that keep the page's spacing write them inside a wrapped title); may
    fall outside the document."""
    j = i + step
    while 0 <= j < len(doc.lines) and abs(j - i) <= 2 and doc.lines[j].cells is None and not doc.lines[j].text.strip():
        j += step
    return j


def _title_head(doc: SourceDocument, i: int) -> tuple[int, str] | None:
    """A short line ending in 表 ("支出情况表") that ends a title begun on the line above it
    ("财政拨款“三公”经费"; a blank line between them, as converters that keep the page's
    spacing write, does not part them), and no label on either (_wrapped_title reads those):
    (the line above, the two joined). The joined text must still read as a title."""
    line = doc.lines[i]
    if line.cells is not None or "表" not in line.text[-8:]:     # (most lines with 表: not at their end)
        return None
    text = clean(line.text)
    if not text.endswith("表") or len(text) > 12 or LABEL.match(text):
        return None
    j = _past_blanks(doc, i, -1)
    if j < 0 or doc.lines[j].cells is not None:
        return None
    above = clean(doc.lines[j].text)
    if not above or "表" in above or len(above) > 40 or AMOUNT.search(above):
        return None                 # (an amount: the row above is the table's before, no title's)
    return j, above + text


def _titles_in(text: str, index: TitleIndex, n: int) -> list[tuple | None]:
    """_title_at of one line for each of n templates (index: _all_titles)."""
    out: list[tuple | None] = [None] * n
    if "表" not in text:
        return out                        # every title ends in 表
    label, number, readings = _title_parts(text)
    for key, line in _readings(readings):
        for t, hit in enumerate(_first_hits(key, index, n)):
            if out[t] is None and hit is not None and _title_ends(key, hit[0]):
                tk, spec, title = hit
                out[t] = (spec, line[: _printed_length(line, title)], label, number)
        if all(out):
            break
    return out


@memoised
def _owner_cuts(key: str) -> tuple[int, ...]:
    """Where a title may begin after an owner's name (ORG_END, OWNER_WORDS) in a short line:
    the places to look again when no title starts the line. Not in a sentence pointing at a
    table ("详见市财政局一般公共预算支出表")."""
    if len(key) > OWNER_REACH + 24:
        return ()                     # a sentence, not a title line
    cuts = {m.end() for m in ORG_END.finditer(key, 0, OWNER_REACH)}
    for word in OWNER_WORDS:
        at = key.find(word)
        while 0 <= at < OWNER_REACH:
            cuts.add(at + len(word))
            at = key.find(word, at + 1)
    return tuple(c for c in sorted(cuts) if 0 < c < len(key) and POINTING.search(key, 0, c) is None)


def _line_after(line: str, key_prefix: str) -> str:
    """The line past the characters that make key_prefix (match_key drops some)."""
    end = _key_length(line, key_prefix)
    return line if end is None else line[end:].lstrip()


def _first_hits(key: str, index: TitleIndex, n: int) -> list[tuple | None]:
    """Per template, the first (longest) title key that `key` starts with: looked up by each
    beginning of the key as long as some title key starting alike, longest first (of one length
    only the beginning can match: the first entry of its list, kept in the index's order, is the
    one a pass over the index finds first), not by a pass over every title of its first character."""
    hits: list[tuple | None] = [None] * n
    by_key = index.by_key
    for size in index.lengths.get(key[:1], index.empty_only):
        if size <= len(key):
            for tk, t, spec, title in by_key.get(key[:size], ()):
                if hits[t] is None:
                    hits[t] = (tk, spec, title)
    return hits


class TitleIndex(dict):
    """_all_titles' entries by their key's first character, and (for _first_hits) by their
    whole key, each list in the index's order; by first character, the lengths of the keys
    starting with it, longest first, 0 last where a key is "" (empty_only: a character no key
    starts with)."""

    def __init__(self, by_first: dict[str, list], entries: list[tuple]):
        super().__init__(by_first)
        self.by_key: dict[str, list] = {}
        for e in entries:
            self.by_key.setdefault(e[0], []).append(e)
        self.empty_only = [0] if "" in self.by_key else []
        sizes: dict[str, set[int]] = {}
        for tk in self.by_key:
            sizes.setdefault(tk[:1], set()).add(len(tk))
        self.lengths = {first: sorted(lengths | set(self.empty_only), reverse=True) for first, lengths in sizes.items()}


_ALL_TITLES: dict[tuple[int, ...], tuple[tuple, TitleIndex]] = {}


def _all_titles(templates: tuple[TemplateSpec, ...]) -> TitleIndex:
    """_titles_by_first of every template at once: (title key, template number, spec, title).
    A template's entries keep their order (longest key first, then template order), and a
    first character none of its titles starts with leaves it its "" entries, so each
    template's first hit is the one _titles_by_first gives."""
    ids = tuple(map(id, templates))
    known = _ALL_TITLES.get(ids)
    if known is not None and all(a is b for a, b in zip(known[0], templates)):
        return known[1]
    entries = [(tk, t, spec, title) for t, tpl in enumerate(templates)
               for tk, spec, title in _titles_sorted(tpl.tables)]
    entries.sort(key=lambda e: -len(e[0]))     # stable: per template, its own order
    firsts = {e[0][:1] for e in entries}
    index = {first: [e for e in entries if e[0][:1] in (first, "")] for first in firsts}
    index.setdefault("", [])
    index = TitleIndex(index, entries)
    _ALL_TITLES[ids] = (tuple(templates), index)
    return index


@memoised                       # each template that knows the title asks again
def _printed_length(line: str, title: str) -> int:
    """Length of the printed title inside line (match_key drops quotes and punctuation)."""
    end = _key_length(line, match_key(title))
    return len(line) if end is None else end


def _key_length(line: str, key: str) -> int | None:
    """How many characters of the line make the match key `key` (None: the line does not
    start with it)."""
    for end in range(len(key), len(line) + 1):
        if match_key(line[:end]) == key:
            return end
    return None


def label_before(doc: SourceDocument, index: int, floor: int) -> tuple[int, str, int | None] | None:
    """A '表 1' label on its own line just above a title."""
    for j in range(index - 1, max(floor, index - 4) - 1, -1):
        text = clean(doc.lines[j].text)
        if not text or TITLE_REST.match(text) or text.startswith("部门"):
            continue                      # 编制单位/部门/单位 lines between label and title
        m = LABEL.match(text)
        if m and m.end() == len(text):
            return j, text.rstrip(":："), cn_number(next(g for g in m.groups() if g))
        return None
    return None


def choose_template(doc: SourceDocument, year: int | None, scope: str | None,
                    titles: dict[int, dict[int, tuple]] | None = None, phase: str | None = None,
                    heads: Headings | None = None) -> TemplateSpec | None:
    """The template whose tables the document prints best. `titles`, when given, receives
    each template's title lines (id(template) → line index → title_at) for segment to reuse.
    heads: the document's Headings, where read already."""
    best, best_score = None, 0.0
    scored = []                     # (template, its title lines, its score but for exact titles)
    table_lines = (heads or Headings(doc)).holding["表"]
    # keys hold no whitespace (match_key drops it): a title inside one key is inside the joined text
    joined = "\n".join(match_key(doc.lines[i].text) for i in table_lines)
    cover = "".join(clean(line.text) for line in doc.lines[:30])       # cover page: region, level
    templates = load_templates()
    for spec, found in zip(templates, titles_per_template(doc, table_lines, templates)):
        if titles is not None:
            titles[id(spec)] = found
        hits = {t[0].kind for t in found.values()}
        # Exact titles of the template count, generic aliases only break ties.
        exact = {s.kind for s in spec.tables if _title_keys(s.titles[0]) in joined}
        score = len(hits) + len(exact) + (1 if spec.covers_year(year) else 0) \
            + (1 if scope == spec.scope else 0) + (1 if phase == spec.phase else 0) \
            + (0.5 if spec.level in cover else 0) + (0.5 if spec.names_region(cover) else 0)
        scored.append((spec, found, score - len(exact)))
        # on a tie the region's own template is taken over the national one, by_numbering
        # keeping it only where the document tells the region
        if score > best_score or (score == best_score and best is not None and best.region == "全国" != spec.region):
            best, best_score = spec, score
    if best_score < 3:
        return None
    return by_headers(doc, by_numbering(doc, best, scored, cover), scored, cover)


def by_numbering(doc: SourceDocument, best: TemplateSpec, scored: list, cover: str) -> TemplateSpec:
    """A region's template the document does not name the region for (names_region) gives way
    to a national one that knows the titles it knows (on the same lines, as the same tables)
    unless the labels printed with them (表7, on the title's line or above it) follow the
    region's numbering better: the national 8-table set and Xinjiang's 11 share titles (部门收支
    总体情况表 …), but the first prints 三公 as 表7 and 政府性基金 as 表8, the second 项目支出 as
    表7 and 三公 as 表10. Without labels nothing tells the region: the national template, which
    requires only the tables every region prints, is taken (the region's, taken on its first
    titles being the ones printed, said the tables only it requires missing, as errors); but a
    document of a table or two is left to by_headers."""
    if best.region == "全国":
        return best
    found = next(found for spec, found, _ in scored if spec is best)
    if names_region(doc, best, cover, found):
        return best
    kinds = {i: hit[0].kind for i, hit in found.items()}
    rivals = [(numbering_fit(doc, theirs), base, spec) for spec, theirs, base in scored
              if spec.region == "全国" and all(i in theirs and theirs[i][0].kind == kind for i, kind in kinds.items())]
    fittest = max(rivals, default=None, key=lambda r: r[:2])
    if fittest is None:
        return best
    fit = numbering_fit(doc, found)
    # (a table or two alike numbered: by_headers reads the headers printed under them)
    return fittest[2] if fittest[0] > fit or (fittest[0] == fit and len(found) > LONE_TABLES) else best


def names_region(doc: SourceDocument, spec: TemplateSpec, cover: str, found: dict[int, tuple]) -> bool:
    """Whether the document names the template's region (TemplateSpec.names_region): on its
    cover, in the title of its web page, or as the 编制单位 under one of the titles found."""
    if spec.names_region(cover) or (doc.title and spec.names_region(doc.title)):
        return True
    return any(spec.names_region(owner_under(doc, i, len(doc.lines)) or "") for i in found)


def numbering_fit(doc: SourceDocument, found: dict[int, tuple]) -> int:
    """How many of the titles found print their table's number in the template, less how many
    print another."""
    fit = 0
    for i, hit in found.items():
        number = hit[3]
        if number is None:
            above = label_before(doc, i, max(0, i - 4))
            number = above[2] if above else None
        if number is not None and hit[0].number is not None:
            fit += 1 if number == hit[0].number else -1
    return fit


LONE_TABLES = 2         # by_headers: the titled tables a document may print for its headers to decide
HEAD_REACH = 8          # lines under a title its header may take, above the first amount


def by_headers(doc: SourceDocument, best: TemplateSpec, scored: list, cover: str) -> TemplateSpec:
    """Of the templates that know the same titles on the same lines as the best (a title two
    templates share: 部门收入总体情况表 is Xinjiang's and a national alias), the one whose
    column names cover most of the headers printed under them; on a tie, the best. Only for a
    document of a table or two that does not name the best's region (names_region): a document
    printing more of a template's titles is that template's, and a table's columns the
    template lacks are said as not in it (never read by another region's template)."""
    kinds = next((found, base) for spec, found, base in scored if spec is best)
    same = {i: hit[0].kind for i, hit in kinds[0].items()}
    if len(same) > LONE_TABLES or (best.region != "全国" and names_region(doc, best, cover, kinds[0])):
        return best     # (many titles, or the region named, tell the template)
    rivals = [(spec, found) for spec, found, base in scored if spec is not best and base >= kinds[1]
              and found.keys() == same.keys() and all(hit[0].kind == same[i] for i, hit in found.items())]
    if not rivals:
        return best
    heads: dict[int, tuple[list[Line], bool]] = {}
    chosen, mine = best, kinds[0]
    for spec, found in rivals:
        lead = 0
        for i, hit in found.items():
            ours, theirs = mine[i][0], hit[0]
            if layouts_names(ours) == layouts_names(theirs):
                continue                    # (the same columns: no lead either way)
            if i not in heads:
                heads[i] = header_printed(doc, i)
            lead += best_cover(heads[i], theirs) - best_cover(heads[i], ours)
        # (on a tie, the template of the region the document names over the national one, as
        # choose_template takes it: a Shanghai district's lone 收入总表 is Shanghai's)
        if lead > 0 or lead == 0 and chosen.region == "全国" != spec.region and names_region(doc, spec, cover, found):
            chosen, mine = spec, found
    return chosen


def header_printed(doc: SourceDocument, i: int) -> tuple[list[Line], bool]:
    """The lines printed under title line i before its first amount, and whether the text lays
    a CJK character over two columns (layout.wide_columns, told by the amounts below them)."""
    out = []
    for line in doc.lines[i + 1:i + 1 + HEAD_REACH]:
        if AMOUNT.search(line.text):
            break
        out.append(line)
    return out, wide_columns(doc.lines[i + 1:i + 1 + 2 * HEAD_REACH])


def best_cover(header: tuple[list[Line], bool], table: TableSpec) -> int:
    """How many characters of a header its table's column names cover, by the one of its
    layouts (the table, a variant) that covers most: a template extending another (the
    national one Xinjiang's) covers no more by its layouts' union. Each layout reads the
    header with the wrapped names it knows whole (layout.header_key: 一般公共预算 over 拨款收入,
    the national 一般公共预算拨款收入), as its reader does."""
    lines, wide = header
    return max(covered(header_key(lines, spec, wide), spec) for spec in (table, *table.variants))


def layouts_names(table: TableSpec) -> list[list[str]]:
    return [column_names(spec) for spec in (table, *table.variants)]


def covered(key: str, spec: TableSpec) -> int:
    total = 0
    for name in column_names(spec):
        if name in key:
            total += len(name) * key.count(name)
            key = key.replace(name, "|")
    return total


_COLUMN_NAMES: dict = {}


def column_names(spec: TableSpec) -> list[str]:
    """The names a table's amount columns may print in one layout, the longest first (the
    row labels' headers and spanning groups vary with the region, not with the columns);
    made once per spec."""
    def make() -> list[str]:
        names = {name for _, col in spec.all_columns() for name in (col.label, *col.aliases, *col.path)}
        return sorted((k for k in map(match_key, names) if k), key=len, reverse=True)
    return per_spec(_COLUMN_NAMES, id(spec), spec, make)


# "2024年部门预算", "2024年区级部门预算": the document's own year and scope
DOC_YEAR = re.compile(r"(20\d\d)年度?(?:[省市区县州乡镇]级)?(部门|单位)(预算|决算)")
# a table's title: "2024年部门财务收支预算总表", "2025年预算单位收入预算总表"
TITLE_YEAR = re.compile(r"(20\d\d)年度?(?:预算单位|部门|单位)\S{0,16}?(?:总表|预算表|决算表|情况表)")
# any other year, not one a comparison names ("比2023年预算增加")
MENTIONED_YEAR = re.compile(r"(?<![比较与同])(20\d\d)年")


def guess_year_scope(doc: SourceDocument) -> tuple[int | None, str | None]:
    year, scope, _ = guess_year_scope_phase(doc)
    return year, scope


def guess_year_scope_phase(doc: SourceDocument) -> tuple[int | None, str | None, str | None]:
    """The document's year, scope (部门/单位) and phase (预算/决算), as its cover and titles say."""
    years: Counter = Counter()           # year → weight (a year only mentioned counts a tenth)
    scopes: Counter[str] = Counter()
    phases: Counter[str] = Counter()
    for line in doc.lines[:400]:
        if "年" not in line.text:         # both patterns need it (clean only drops characters)
            continue
        text = clean(line.text)
        for m in DOC_YEAR.finditer(text):
            years[int(m.group(1))] += 2
            scopes[m.group(2)] += 1
            phases[m.group(3)] += 1
        for m in TITLE_YEAR.finditer(text):
            years[int(m.group(1))] += 1
        for m in MENTIONED_YEAR.finditer(text):
            years[int(m.group(1))] += 0.1
    year = years.most_common(1)[0][0] if years else None
    scope = scopes.most_common(1)[0][0] if scopes else None
    phase = phases.most_common(1)[0][0] if phases else None
    if doc.title and None in (year, scope, phase):
        year, scope, phase = page_title_says(doc.title, year, scope, phase)
    return year, scope, phase


# what a web page's <title> says of the document: "XX局2025年部门预算公开_XX县人民政府",
# "2025年度单位决算公开": its year, scope (where said) and phase
TITLE_SAYS = re.compile(r"(?<![比较与同和于])(20\d\d)年度?(?:[省市区县州乡镇]级)?(部门|单位)?(预算|决算)")


def page_title_says(title: str, year: int | None, scope: str | None,
                    phase: str | None) -> tuple[int | None, str | None, str | None]:
    """Year, scope and phase where the body is silent, as the file's own title (a web page's
    <title>, outside its text) says them."""
    m = TITLE_SAYS.search(clean(title))
    if m is None:
        return year, scope, phase
    return year or int(m.group(1)), scope or m.group(2), phase or m.group(3)


def segment(doc: SourceDocument, heads: Headings | None = None) -> Segmentation:
    """heads: the document's headings where already read (Headings of this very document)."""
    year, scope, phase = guess_year_scope_phase(doc)
    titles: dict[int, dict[int, tuple]] = {}
    heads = heads or Headings(doc)
    template = choose_template(doc, year, scope, titles, phase, heads)
    order = [p["key"] for p in template.parts] if template and template.parts else None
    headings = bool(template and any(p.get("match") for p in template.parts))
    if headings:
        parts = find_headings(doc, template.parts)
    else:
        parts = find_parts(doc, order, heads)
    seg = Segmentation(template=template, parts=parts, year=year, scope=scope)
    specs = template.tables if template else [t for s in load_templates() for t in s.tables]
    tables_part = seg.part("tables")
    lo = tables_part.start if tables_part else 0
    hi = tables_end(seg, lo, len(doc.lines)) if not headings else len(doc.lines)
    part_starts = sorted(p.start for p in seg.parts) if headings else []
    if template is not None:
        found_at = titles[id(template)]            # found while choosing the template
        found_at = {**borrowed_titles(template, titles), **found_at}
    else:
        index = _titles_by_first(specs)
        found_at = {i: t for i, line in enumerate(doc.lines) for t in [_title_at(line.text, index)] if t}
    pages = page_spans(doc)
    hits = [(i, found_at[i]) for i in sorted(found_at) if lo <= i < hi
            and (_followed_by_table(doc, i, hi) or (pages and page_of_rows(doc, i, pages)))]
    if not hits and (lo, hi) != (0, len(doc.lines)):
        # the tables are not under the tables heading: a bundle whose tables file comes first
        lo, hi = 0, len(doc.lines)
        hits = [(i, found_at[i]) for i in sorted(found_at) if _followed_by_table(doc, i, hi)]
    hits = [(i, hit) for i, hit in hits if not is_contents_entry(doc.lines[i].text)]
    hits = without_continuations(doc, hits, lo, hi)
    starts = {i for i, _ in hits}
    narrative_spans = [(p.start, p.end) for p in seg.spans("narrative")]
    # (a part of its own after the tables, 第四部分 绩效目标表, holds them too: read as among the tables)
    perf_parts = [p for p in seg.parts if p.key == "other" and not lo <= p.start < hi]
    tabled = heads.holding["表"]
    perf_at = [i for a, b in [(lo, hi), *((p.start + 1, p.end) for p in perf_parts)]
               for i in performance_titles(doc, a, b, tabled) if i not in starts
               and not any(a <= i < b for a, b in narrative_spans)]      # the narrative reads its own
    cuts = [*part_starts, *doc.file_starts, *perf_at]
    seg.tables = table_blocks(doc, hits, lo, hi, cuts)
    # tables the template lacks, printed inside the span a table of its would otherwise take,
    # or under the tables' heading before the first of its tables, labelled (表1, 公开01表)
    first = hits[0][0] if hits else hi
    since = lo + 1 if tables_part is not None and tables_part.start == lo else first + 1
    unknown = [(i, title) for i, title in unknown_titles(doc, since, hi, titles, template,
                                                         starts.union(found_at, perf_at), tabled)
               if (i < first and labelled(doc, i, since)) or inside_another(seg.tables, i, title)]
    labels = [label_before(doc, i, i - 3) for i, _ in unknown]
    unknown_at = [above[0] if above else i for (i, _), above in zip(unknown, labels)]
    if unknown:
        seg.tables = table_blocks(doc, hits, lo, hi, cuts + unknown_at)
    seg.tables = titles_below_rows(doc, seg.tables, [i for i, _ in unknown], cuts, pages)
    seg.misread_titles = [(b.title_index, b.title, hit.official) for b, (_, hit) in zip(seg.tables, hits)
                          if isinstance(hit, MisreadTitle)]
    number_sub_labels(seg.tables)
    group_tables(seg.tables)
    seg.own_set_told = own_set_first(seg.tables, doc)
    if seg.tables and tables_part is None and not headings:
        seg.parts = annex_of_tables(seg.parts, seg.tables)
    if seg.tables and seg.part("tables") is None and (headings or not parts_among(seg.parts, seg.tables)):
        seg.parts = cut_around_tables(seg.parts, seg.tables)
    seg.parts = [ended_by_tables_file(p, seg.tables, doc.file_starts) for p in seg.parts]
    for n, i in enumerate(perf_at):
        ends = [hi, *starts, *perf_at[n + 1:], *part_starts, *doc.file_starts, *(a for a, _ in narrative_spans),
                *(p.end for p in perf_parts if p.start <= i < p.end)]
        seg.performance.append((i, min(e for e in ends if e > i)))
    for (i, title), at, above in zip(unknown, unknown_at, labels):
        ends = [hi, *(b.start for b in seg.tables), *unknown_at, *cuts]
        label, number = above[1:] if above else _title_parts(doc.lines[i].text)[:2]
        seg.unknown.append(UnknownTable(i, at, min(e for e in ends if e > i), title, label, number))
    return seg


def tables_end(seg: Segmentation, lo: int, last: int) -> int:
    """Where the tables end: the part after their heading's; without that heading, the narrative."""
    if seg.part("tables") is not None:
        return min((p.start for p in seg.parts if p.start > lo), default=last)
    narrative = seg.part("narrative")
    return narrative.start if narrative and narrative.start > lo else last


def inside_another(blocks: list[TableBlock], i: int, title: str) -> bool:
    """Line i stands inside the span a table of the template would take, and its title is not
    that table's printed again (over a page, OCR misreading two characters of it)."""
    block = next((b for b in blocks if b.title_index < i < b.end), None)
    return block is not None and not near(match_key(title), match_key(block.title))


def heading_above(doc: SourceDocument, top: int, floor: int) -> int:
    """Where the table before a title ends: above the section heading printed just above the
    title's top line (三、一般公共预算支出情况, 第二部分 …), not a row of that table; else `top`."""
    for j in range(top - 1, floor - 1, -1):
        line = doc.lines[j]
        if not line.text.strip():
            continue
        return j if not line.cells and is_heading(clean(line.text)) else top
    return top


def is_heading(text: str) -> bool:
    """A numbered heading: 三、…, （三）…, 第三部分 …, short, printing no amount nor sentence."""
    if len(text) > 40 or not (ORDINAL.match(text) or PART.match(text)):
        return False
    return not AMOUNT.search(text) and not PROSE_MARK.search(text)


def table_blocks(doc: SourceDocument, hits: list[tuple[int, tuple]], lo: int, hi: int,
                 cuts: list[int]) -> list[TableBlock]:
    """The tables the title lines `hits` begin: each from its label to the next table's label
    or title, or to the first of `cuts` after it (a part's heading, a file's start, a table
    of no template's kind)."""
    out = []
    units = units_above(doc.lines, [i for i, _ in hits])      # a table's unit line above its title
    for n, (i, (spec, title, label, number)) in enumerate(hits):
        start = i
        if label is None:
            above = label_before(doc, i, hits[n - 1][0] + 1 if n else lo)
            if above:
                start, label, number = above
        end = hi
        if n + 1 < len(hits):
            nxt = hits[n + 1][0]
            above = label_before(doc, nxt, i + 1)
            end = heading_above(doc, min(above[0] if above else nxt, units.get(nxt, nxt)), i + 1)
        # (a table ends with its file: the next file of a bundle opens with its own text)
        end = min([end] + [s for s in cuts if s > i])
        out.append(TableBlock(spec=spec, title=title, title_index=i, start=start, end=end,
                              label=label, number=number, owner=owner_under(doc, i, end)))
    return out


def unknown_titles(doc: SourceDocument, lo: int, hi: int, titles: dict[int, dict[int, tuple]],
                   template: TemplateSpec | None, taken: set[int], tabled: list[int]) -> list[tuple[int, str]]:
    """(line index, title) of the lines among the tables (lo … hi) that title a table over a grid
    of its own, where the template has no such table: a title no template knows
    (unknown.looks_like_title), or one other templates know of a kind this one lacks. `taken`:
    the lines that title the template's tables (continued ones too) or 绩效目标表. tabled: the
    lines holding 表 (Headings.holding), in order: no other line can title a table."""
    kinds = {spec.kind for spec in template.tables} if template else set()
    out = []
    for i in between(tabled, lo, hi):
        line = doc.lines[i]
        if i in taken:
            continue
        own = title_cell(line)
        if own is None:
            continue
        above = next((j for j in range(i - 1, max(0, i - 3) - 1, -1) if doc.lines[j].text.strip()), None)
        if above in taken:
            continue      # the rest of a title wrapped over two lines
        # the line, or with the next the title's start (a label) wrapped onto, or with the one
        # above the end of a title begun there
        wrapped, head = _wrapped_title(doc, i), _title_head(doc, i)
        for at, text in [(i, own)] + ([(i, wrapped)] if wrapped else []) + ([head] if head else []):
            elsewhere = [hit[0].kind for found in titles.values() if (hit := found.get(at))]
            if any(kind in kinds for kind in elsewhere):
                break
            # (a line that may end a title begun above, 安排明细表, is no title of its own by
            # the 编制单位 line under it)
            if elsewhere or _reads_as_title(text, labelled(doc, at, lo) or (
                    not head and not (out and out[-1][0] == above)
                    and (stated_below(doc, i, hi) or headed_below(doc, i, hi)))):
                if not is_contents_entry(text) and _followed_by_table(doc, i, hi):
                    out.append((at, _title_parts(text)[2][0][1]))       # (past its label)
                break
    return once_each(out, taken)


# a title's line going on with the table's 编制单位 (编制部门) line: not a bare "单位：万元", which a
# heading inside a table may print beside it ("支出功能分类科目明细表 单位：万元" on a later page)
TITLE_THEN_META = re.compile(r"表(?:\*\*|__|</[^>]{1,8}>)*\s*编制\s*(?:单位|部门)")


def title_cell(line) -> str | None:
    """What may title a table on a line: its text, or of a row of cells the one cell holding 表
    when the others hold its 编制单位 or 单位 ("XX表 | | 单位：万元"); None for a row of data."""
    if line.cells is None:
        m = TITLE_THEN_META.search(line.text)      # "XX表 编制单位：YY 单位：万元" on one line
        return line.text[:m.start() + 1] if m else line.text
    filled = [c for c in line.cells if c and c.strip()]
    titled = [c for c in filled if "表" in c]
    if len(titled) != 1 or any(c is not titled[0] and not TITLE_REST.match(clean(c)) for c in filled):
        return None
    return titled[0]


def once_each(found: list[tuple[int, str]], taken: set[int]) -> list[tuple[int, str]]:
    """A title printed again is the same table going on over a page (the first one stands),
    unless a table of the template's is printed between two of them: then it is a page's
    running head ("XX局2025年部门预算表" atop every page), no table."""
    at: dict[str, list[int]] = {}
    for i, title in found:
        at.setdefault(title, []).append(i)
    heads = {title for title, lines in at.items()
             if len(lines) > 1 and any(lines[0] < t < lines[-1] for t in taken)}
    return [(i, title) for i, title in found if title not in heads and i == at[title][0]]


def labelled(doc: SourceDocument, i: int, floor: int) -> bool:
    """Line i's title has a label, on its line or just above (label_before); not an entry of a
    numbered list of the tables ("3. …表")."""
    text = clean(doc.lines[i].text)
    if CONTENTS_NUMBER.match(text):
        return False
    return LABEL.match(text) is not None or label_before(doc, i, floor) is not None


STATES_TABLE = ("编制单位", "编制部门", "单位：", "单位:", "金额单位")


def stated_below(doc: SourceDocument, i: int, hi: int) -> bool:
    """The next printed line under line i states a table's compiler or unit (编制单位：… 金额单位：
    万元): what a table's title has under it, so a title naming no budget subject word (机构运行
    信息表, printed without a label) is a table's all the same."""
    for line in doc.lines[i + 1: min(hi, i + 4)]:
        text = clean(line.text)
        if text:
            return text.startswith(STATES_TABLE)
    return False


# the first column's name in a table's header row (项目, 科目编码, 单位名称, 序号, …)
HEAD_FIRST = re.compile(r"^(?:项目|科目|功能分类|经济分类|支出功能|单位名称|部门名称|名称|序号|类别|指标|资产类别|内容)")


def headed_below(doc: SourceDocument, i: int, hi: int) -> bool:
    """The next printed line under line i is a table's header row: a row of two cells or more
    (words apart, in plain text) whose first names the rows (项目, 科目, 名称, 序号 …) and which
    holds no amount, nor a cell of figures alone. What a title printed without a label or a
    编制单位 line has under it, so that a title naming no budget subject word (机构运行信息表)
    ends the table before it as a labelled one does."""
    for line in doc.lines[i + 1: min(hi, i + 4)]:
        if not line.text.strip():
            continue
        cells = [c for c in line.cells if c and c.strip()] if line.cells is not None else line.text.split()
        return len(cells) >= 2 and HEAD_FIRST.match(clean(cells[0])) is not None \
            and AMOUNT.search(line.text) is None and not any(FIGURE_CELL.match(c.strip()) for c in cells)
    return False


FIGURE_CELL = re.compile(r"^[\d,，.．]+$")     # a whole number in 元 ("4205000"): a data row's


def _reads_as_title(text: str, labelled: bool = False) -> bool:
    """unknown.looks_like_title of a line, past its label and year."""
    _, _, readings = _title_parts(text)
    (key, printed), rest = readings[0], readings[-1][0]
    return looks_like_title(printed, key, rest, labelled)


def between(indices: list[int], lo: int, hi: int) -> list[int]:
    """The sorted indices from lo up to hi (not included)."""
    return indices[bisect.bisect_left(indices, lo):bisect.bisect_left(indices, hi)]


PERFORMANCE_TITLE = re.compile(r"绩效目标(?:申报)?表$")


def performance_titles(doc: SourceDocument, lo: int, hi: int, tabled: list[int]) -> list[int]:
    """The lines among the tables that title a 绩效目标表 ("公开12表 部门整体支出绩效目标表").
    tabled: the lines holding 表 (Headings.holding), in order: the title ends in 表 (cleaning
    and markup stripping only drop characters), no other line is looked at."""
    out = []
    for i in between(tabled, lo, hi):
        text = doc.lines[i].text
        if "绩效目标" in text and len(text) < 60 and doc.lines[i].cells is None:
            key = clean(strip_markup(text))
            if PERFORMANCE_TITLE.search(key) and not is_contents_entry(text):
                out.append(i)
    return out


def without_continuations(doc: SourceDocument, hits: list[tuple[int, tuple]], lo: int = 0,
                          hi: int | None = None) -> list[tuple[int, tuple]]:
    """A table's title printed again where it goes on over a page ("部门支出总表（续表）", or the
    same title and number again) continues the table before it: it starts no table of its own.
    (Read as a new table, each half would lack the other's rows and totals.)

    Not where the title comes with another label (表1-3 after 表1-2) or another 编制单位: a
    department printing its units' tables one after another under the same title."""
    out: list[tuple[int, tuple]] = []
    last_sign = None
    for n, (i, hit) in enumerate(hits):
        floor = hits[n - 1][0] + 1 if n else lo
        ceiling = hits[n + 1][0] if n + 1 < len(hits) else (len(doc.lines) if hi is None else hi)
        sign = _signature(doc, i, hit, floor, ceiling)
        if out:
            spec, title, _, number = hit
            last_spec, last_title, _, last_number = out[-1][1]
            again = spec.kind == last_spec.kind and (
                "续" in clean(doc.lines[i].text) or (same_table(title, last_title) and number in (None, last_number)))
            if again and not _another_table(sign, last_sign):
                continue
        out.append((i, hit))
        last_sign = sign
    return out


def same_table(title: str, last: str) -> bool:
    """Two titles of one kind that may title the same table over a page: the same, or another
    of its names (部门收支预算总表 over a page of 部门收支总体情况表), not 部门… against 单位…
    (the department's table, then a unit's)."""
    if title == last:
        return True
    return not ("部门" in title and "单位" in last or "单位" in title and "部门" in last)


def _signature(doc: SourceDocument, i: int, hit: tuple, floor: int, ceiling: int) -> tuple:
    """What tells a table printed under the same title from the page before apart: its label's
    numbers (the label on the title's line or just above it) and the 编制单位 printed under the
    title (None where not printed)."""
    label, number = hit[2], hit[3]
    if label is None:
        above = label_before(doc, i, floor)
        if above:
            _, label, number = above
    sub = SUB_LABEL.search(label) if label else None
    numbers = (number, sub.group(2) if sub else None) if label else None
    owner = owner_under(doc, i, ceiling)
    return numbers, match_key(owner) if owner else None


def owner_under(doc: SourceDocument, i: int, end: int) -> str | None:
    """The 编制单位 (编制部门) printed under the title on line i, before line `end`."""
    head = "\n".join(map(strip_markup, [ln.text for ln in doc.lines[i + 1:min(end, i + 1 + META_LINES)]]))
    m = UNIT_NAME.search(head)
    return unit_name_of(m) if m else None


def _another_table(sign: tuple, last: tuple | None) -> bool:
    """Another label, or another 编制单位, than the table's first page printed."""
    if last is None:
        return False
    return any(a is not None and b is not None and a != b for a, b in zip(sign, last))


def number_sub_labels(blocks: list[TableBlock]) -> None:
    """The number of each table a sub-label (表1-3) labels, as the document's labels use it: the
    first number where it names one kind of table throughout (表1-1 the 汇总's 收支总表, 表1-2 and
    表1-3 its units': copies of 表1); else the second where that does (表1-1 … 表1-11: the
    tables of one group, or of each unit, numbered); else none (groups numbering their tables
    each from 1: 表1-3 and 表2-3 are other tables; the label tells them)."""
    subs = [(b, m) for b in blocks if b.label and (m := SUB_LABEL.search(b.label))]
    by_main: dict[str, set[str]] = {}
    by_sub: dict[str, set[str]] = {}
    for b, m in subs:
        by_main.setdefault(m.group(1), set()).add(b.spec.kind)
        by_sub.setdefault(m.group(2), set()).add(b.spec.kind)
    if all(len(kinds) == 1 for kinds in by_main.values()):
        return                              # read as the label's number already
    second = all(len(kinds) == 1 for kinds in by_sub.values())
    for b, m in subs:
        b.number = int(m.group(2)) if second else None


def borrowed_titles(template: TemplateSpec, titles: dict[int, dict[int, tuple]]) -> dict[int, tuple]:
    """Tables of the template's kinds that it found no title for, titled as another template of
    the same phase words them ("一般公共预算支出功能分类预算表" in a document of the national
    format): line index → the hit, read with the template's own spec of that kind."""
    found = {hit[0].kind for hit in titles[id(template)].values()}
    ours = {spec.kind: spec for spec in template.tables if spec.kind not in found}
    out: dict[int, tuple] = {}
    for other in load_templates():
        if other is template or other.phase != template.phase or id(other) not in titles:
            continue
        for i, hit in titles[id(other)].items():
            spec, printed, label, number = hit
            if spec.kind in ours and i not in out:
                out[i] = type(hit)((ours[spec.kind], printed, label, number))
                if isinstance(hit, MisreadTitle):
                    out[i].official = hit.official
    return out


# a 第X部分 heading naming an annex (第四部分 附件, 附录), not which part it is (附表 names the tables)
ANNEX = re.compile(r"附件|附录")


def annex_of_tables(parts: list[PartSpan], tables: list[TableBlock]) -> list[PartSpan]:
    """The parts with the annex that holds the first of the tables (第四部分 附件 over them) as
    the tables' part, under its own heading (before: a part of no known name, the tables a part
    of their own after its heading). An annex the tables do not start in (a list of attachments,
    绩效目标表 after the tables) stays a part of its own."""
    first = tables[0].start
    return [PartSpan("tables", p.title, p.start, p.end)
            if p.key == "other" and ANNEX.search(p.title) and p.start <= first < p.end else p for p in parts]


def parts_among(parts: list[PartSpan], tables: list[TableBlock]) -> bool:
    """A part's heading stands among the tables (the last one running on to it)."""
    return any(tables[0].start <= p.start < tables[-1].end for p in parts)


def ended_by_tables_file(part: PartSpan, tables: list[TableBlock], file_starts: list[int]) -> PartSpan:
    """A part other than the tables that a later file of the bundle would run on into ends where
    that file begins, when the file holds tables within the part's span (a text file given before
    the tables' file: its glossary's last term took in the whole tables file). A part a file only
    goes on with (a document cut into two files mid-text) is left whole."""
    if part.key == "tables":
        return part
    for f in file_starts:
        if part.start < f < part.end and any(f <= t.title_index < part.end for t in tables):
            return PartSpan(part.key, part.title, part.start, f)
    return part


def cut_around_tables(parts: list[PartSpan], tables: list[TableBlock]) -> list[PartSpan]:
    """A document without a tables heading: the tables run from the first table's start to the
    last table's end; a part that spans them ends where they begin."""
    lo, hi = tables[0].start, tables[-1].end
    out = []
    for p in parts:
        if p.start < lo < p.end:
            p = PartSpan(p.key, p.title, p.start, lo)
        if lo <= p.start < hi:
            continue
        out.append(p)
    out.append(PartSpan("tables", "预算表", lo, hi))
    return sorted(out, key=lambda p: p.start)


# a table of contents' leader: dots or an ellipsis run towards the page number, if any
CONTENTS_LEADER = re.compile(r"(?:…{2,}|[.·．]{4,}|…\s*…)\s*\d*\s*$")


# an entry's number in a list of tables: "3.", "十一、", "- 二、" (a markdown list)
CONTENTS_NUMBER = re.compile(r"^(?:[-•·*]\s*)?(?:\d+|[一二三四五六七八九十]+)[.．、]")


def is_contents_entry(text: str) -> bool:
    """"9．2026年部门“三公”经费和机关运行经费预算表 ………… 12": the title's entry in the table of
    contents, not the table (the entry after the last table's may be followed by figures)."""
    return ("…" in text or "..." in text or "··" in text or "．．" in text) and CONTENTS_LEADER.search(text) is not None


def _followed_by_table(doc: SourceDocument, i: int, hi: int) -> bool:
    """A title in running text (…情况表为空表) is not a table; a real one has a grid below.
    Nor is an entry of a list of the tables: the next entry comes before any grid."""
    complete = clean(doc.lines[i].text).endswith("表")     # else the title goes on below
    for line in doc.lines[i + 1: min(hi, i + 30)]:
        t = clean(line.text)
        if not t or (line.cells is None and bare_label(t)):
            continue        # a label alone: the title's own printed below it, or the next entry's
        if line.cells is None and lists_a_table(t, complete):
            return False                  # the next entry of a list of tables
        complete = True
        if line.cells or "※" in t or re.search(r"\d+\.\d{2}", t) or t.startswith(("单位", "编制")) \
                or UNIT_STATED.search(t):
            return True                   # ("部门：X 单位：万元": the unit a table states, an empty one too)
    return False


def lists_a_table(text: str, apart: bool = True) -> bool:
    """A line that names a table as a list of them does: numbered (3. …表); or, where it is not
    the end of a title wrapped above it (`apart`), labelled (表2 …, 表2 alone) or a bare title."""
    if "表" not in text or len(text) >= 60:
        return False
    if CONTENTS_NUMBER.match(text):
        return True
    text = re.sub(r"^[-•·*]\s*", "", text)
    return apart and (LABEL.match(text) is not None or _reads_as_title(text))


def bare_label(text: str) -> bool:
    """A line that is a table's label and nothing else ("表1", "公开01表", "附表 2：")."""
    text = re.sub(r"^[-•·*]\s*", "", text)
    m = LABEL.match(text)
    return m is not None and m.end() == len(text)


UNIT_STATED = re.compile(rf"单位{UNIT_COLON}(?:万元|元|千元|亿元)")


# pdftotext -raw prints each page in its content stream's order: some makers draw a table's label
# (公开01表), its rows and amounts, and only then its title and the rest of its header
TOTAL_ROW = re.compile(r"^(?:合计|总计)")
# an amount of a table's row: with cents (1.50), or whole yuan grouped by thousands (171,915,169)
ROW_AMOUNT = re.compile(r"\d\.\d{2}(?!\d)|(?<![\d,])\d{1,3}(?:,\d{3})+(?![\d,])")


def titles_below_rows(doc: SourceDocument, blocks: list[TableBlock], others: list[int],
                      cuts: list[int], pages: dict[int, tuple[int, int]]) -> list[TableBlock]:
    """Text that keeps its pages (\f) and prints a table's title under its rows: where a page
    opens with a table's label or unit (公开01表, 单位：元) and holds that one title only, under
    rows of the table, the table is that page and the untitled pages after it, read from its
    first line. In such a document, a title printed under rows on a page holding more tables
    gives no place for its rows: read with none, and said, never with another table's.
    `others`: the lines of the page titles no template knows; `pages`: page_spans(doc)."""
    if not pages:
        return blocks
    titled = Counter(doc.lines[i].page for i in [b.title_index for b in blocks] + others)
    placed: dict[int, tuple[int, int]] = {}
    for n, block in enumerate(blocks):
        page = doc.lines[block.title_index].page
        opener = page_of_rows(doc, block.title_index, pages) if titled[page] == 1 else None
        # a unit line may open a page of the table before too (a -layout text whose next title
        # fell to the page's foot): only first, after a table printed so, or after one whose
        # page prints no amount under its title
        if opener == "label" or (opener == "unit" and (n == 0 or n - 1 in placed
                                                        or not amounts_under(doc, blocks[n - 1].title_index, pages))):
            placed[n] = (pages[page][0], pages[untitled_after(doc, page, pages, titled)][1])
    if not placed:
        return blocks
    out = []
    for n, block in enumerate(blocks):
        if n in placed:
            top, end = placed[n]
            end = min([end] + [c for c in cuts if c > block.title_index])
            label = label_before(doc, top + 1, top)        # the label opening the page
            block = replace(block, title_index=top, start=top, end=end, owner=owner_under(doc, top, end),
                            **({"label": label[1], "number": label[2]} if label and block.label is None else {}))
        elif rows_above(doc, block, blocks, pages):
            block = replace(block, end=block.title_index + 1)
            title_without_rows(doc, block)
        if out and out[-1].end > block.start:
            out[-1] = replace(out[-1], end=max(block.start, out[-1].title_index + 1))
        out.append(block)
    return out


def page_spans(doc: SourceDocument) -> dict[int, tuple[int, int]]:
    """Text converted from a PDF keeping its page breaks: each page's (first line, end); {} for
    any other document (a PDF read by its geometry prints its titles in their place)."""
    if not doc.pages or any(ln.bbox is not None or ln.cells for ln in doc.lines):
        return {}
    spans: dict[int, tuple[int, int]] = {}
    for i, ln in enumerate(doc.lines):
        if ln.page is not None:
            first = spans.get(ln.page, (i, i))[0]
            spans[ln.page] = (first, i + 1)
    return spans


def untitled_after(doc: SourceDocument, page: int, pages: dict[int, tuple[int, int]], titled: Counter) -> int:
    """The last page of the table titled on `page`: the pages after it that print no title,
    nor open as a table's drawing does (a title the templates do not know), carry its rows on."""
    while page + 1 in pages and not titled[page + 1] and not opens_page(doc, pages[page + 1]):
        page += 1
    return page


def page_of_rows(doc: SourceDocument, i: int, pages: dict[int, tuple[int, int]]) -> str | None:
    """The title on line i is printed under its table's rows: its page opens with a label
    (公开01表, 表1) or a unit statement (单位：元), rows of amounts or a total row stand between
    that line and the title, and no amount after it on the page (the rest of its header).
    Which line opens the page: "label", "unit"; None where the title is not so printed."""
    first = pages[doc.lines[i].page][0]
    top = next((j for j in range(first, i) if clean(doc.lines[j].text)), i)
    opener = opens_page(doc, (first, i)) if top < i else None
    if opener and any(has_rows(doc.lines[j].text) for j in range(top + 1, i)) \
            and not amounts_under(doc, i, pages):
        return opener
    return None


# the line a table's drawing opens with, above its rows: its label, or its unit's statement
UNIT_LINE = re.compile(rf"^(?:金额)?单位{UNIT_COLON}(?:人民币)?(?:万元|千元|亿元|元)$")


def opens_page(doc: SourceDocument, span: tuple[int, int]) -> str | None:
    """The first line of the page span is a table's label ("label") or unit statement ("unit")."""
    text = next((t for j in range(*span) if (t := clean(doc.lines[j].text))), "")
    m = LABEL.match(text)
    if m and m.end() == len(text):
        return "label"
    return "unit" if UNIT_LINE.match(text) else None


def amounts_under(doc: SourceDocument, i: int, pages: dict[int, tuple[int, int]]) -> bool:
    """An amount stands under the title on line i on its page."""
    end = pages[doc.lines[i].page][1] if doc.lines[i].page in pages else i + 1
    return any(ROW_AMOUNT.search(doc.lines[j].text) for j in range(i + 1, end))


def has_rows(text: str) -> bool:
    return bool(ROW_AMOUNT.search(text) or TOTAL_ROW.match(clean(text)))


def rows_above(doc: SourceDocument, block: TableBlock, blocks: list[TableBlock],
               pages: dict[int, tuple[int, int]]) -> bool:
    """Rows of amounts stand above the block's title on its page, under the title before it there."""
    i = block.title_index
    page = doc.lines[i].page
    if page not in pages:
        return False
    floor = max([pages[page][0]] + [b.title_index + 1 for b in blocks if pages[page][0] <= b.title_index < i])
    return any(has_rows(doc.lines[j].text) for j in range(floor, i))


def title_without_rows(doc: SourceDocument, block: TableBlock) -> None:
    line = doc.lines[block.title_index]
    said = (f"表「{block.title}」（第 {line.page} 页第 {line.no} 行）的标题印在表中数字之后"
            "（按 PDF 内容顺序转出的文本，如 pdftotext -raw），而该页不是以表号或单位行开头的单表页"
            "（如一页印有多张表），无法确定哪些行属于此表，未读取其数据；"
            "请用 pdftotext -layout 转换或直接读取 PDF 原件")
    if said not in doc.warnings:
        doc.warnings.append(said)
