"""Printed table block → raw rows (labels and amounts), from a grid or from plain text."""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import re
import string
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal

from ..readers import Line
from ..templates import TableSpec, first_item, matches_any, per_spec
from ..text import (
    AMOUNT,
    FOLIO_MARK,
    FULLWIDTH_DIGITS,
    HAS_WS,
    HEAD_COLON,
    MARKS,
    MD_MARKS,
    UNIT_COLON,
    ascii_digits,
    close_marks,
    close_spaced,
    compact,
    match_key,
    memoised,
    no_space,
    norm_label,
    parse_amount,
    quoted,
    starts_of,
    strip_markup,
)
from .rebuilt import parted_items, parted_mid_line, parted_notes

# the text of the row numbering the columns: "※ ※ 1 2 3", "栏次 1 2 3" (决算 sheets)
NUMBER_CHARS = re.compile(r"(?:栏次|[※\d\s])*").fullmatch
# the header of a column numbering the rows (决算 sheets: 项目 | 行次 | 金额): its cells are kept
# as each row's number, never read as amounts
ROW_NUMBER_HEADERS = {"行次", "行号"}
META = re.compile(rf"^\s*(编制(部门|单位)|单位\s*{HEAD_COLON}|金额单位)")
SEP_SPACES = re.compile(r"\s*([.,])\s*")
CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")
EXP_LABEL = re.compile(r"^(支出总计|本年支出(合计|小计)|结转下年)")
# a code before its name: "201 一般公共服务支出", "210卫生健康支出", as budget systems export it
# "[2010301]行政运行" / "【201】…", or joined by a dash "201-一般公共服务支出"
CODE_LABEL = re.compile(r"^(?:(\d{3}(?:\s?\d{2}){0,2})|(?P<bracket>[\[【［])(\d{3}(?:\d{2}){0,2})[\]】］])"
                        r"\s*(?:[-－—]\s*(?=\D))?(\D.*)?$")
# a table's label printed above its header: 表3, 附表3, 公开03表, 公开表3
TABLE_LABEL = re.compile(r"^(?:附?表\s*\S+|公开\s*\d+\s*表|公开表\s*\d+)$")


@dataclass(slots=True)          # (slots: thousands of these per document)
class RawValue:
    text: str
    amount: Decimal
    places: int
    line: int
    column: str | None = None      # decided by position in a grid
    page: int | None = None        # where the cell was printed, when the reader knows (PDF page)
    box: tuple | None = None       # PDF cell box
    ref: str | None = None         # XLSX 'Sheet!C5', DOCX/HTML table/row/cell
    # (layout text) the column of a page printed without its header, where the page's own
    # places leave it open: (index into BlockRows.bands, the column's place on its page)
    band: tuple[int, int] | None = None
    unread: str | None = None      # a cell reported unread (amount None): why (PrintedCell.unread)
    # (plain text) an unread cell whose column the row's order leaves open: its place among the
    # row's printed cells, and the columns that place allows (PrintedCell.candidates)
    slot: int | None = None
    candidates: tuple[str, ...] = ()
    unit: str | None = None        # the unit printed in the cell after its figure (cell_unit)
    # placed by the definition of its row's economic class (人员经费 | 公用经费), neither the
    # header nor the sums deciding (extract/tables.by_class_definition)
    by_definition: bool = False


@dataclass(slots=True)
class RawRow:
    line: int
    line_end: int
    side: str | None = None
    code: str = ""
    name: str = ""
    project: str = ""
    raw_label: str = ""
    row_number: str = ""                             # the 行次 printed beside the label, if any
    # the code as printed in 类 | 款 | 项 columns, one part per column ('' where the row leaves
    # the part to the rows above); empty when the table has no such columns or the row no code
    levels: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)   # label fragments (plain text)
    values: list[RawValue] = field(default_factory=list)
    # (text one cell a line) the row's amounts may not be its own in printed order: their
    # columns are left to be decided, none taken by position
    unsure: bool = False
    # (grids) amount cells reported unread: their text and column, amount None (a tuple by
    # default: no list made for each of the text readers' rows)
    unread: list[RawValue] | tuple = ()


@dataclass
class BlockRows:
    header: list[tuple[int, list[str]]] = field(default_factory=list)
    rows: list[RawRow] = field(default_factory=list)
    unit: str | None = None
    unit_name: str | None = None
    empty_note: str | None = None
    pages: int = 1
    # (code, Chinese message), or (code, message, line) for a warning about one line
    warnings: list[tuple] = field(default_factory=list)
    printed_columns: set[str] = field(default_factory=set)   # header-mapped columns (grids with boxes)
    # template columns the header prints only as parts the template has not (基本支出 over 人员经费
    # | 公用经费, no 小计): not printed, whatever printed_columns or the header's words say
    unprinted: set[str] = field(default_factory=set)
    # plain text: the columns in the header's order, one it prints that the template does not
    # name as UNNAMED_KEY + its word (with_unnamed_columns); empty where every word names one
    header_order: list[str] = field(default_factory=list)
    # plain text: per side (None for a table not side by side) the template columns in the
    # order its header line prints them (placed_by_header_words, side_header_words): a row
    # printing fewer amounts is placed in that order, not the template's (tables.resolve_side)
    printed_order: dict[str | None, list[str]] = field(default_factory=dict)
    # per page whose columns are left open (RawValue.band): the readings of its columns left,
    # each the template keys of its columns left to right
    bands: list[list[tuple[str, ...]]] = field(default_factory=list)
    # layout text: the headers wrapped over lines, each (its whole text, its printed parts)
    joined_headers: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)


# An amount has a decimal digit (AMOUNT's \d: Unicode Nd). Reading a cell never adds one
# (markup is removed, full-width digits become ASCII ones), so a cell without any is no
# amount and no integer: most label and header cells are told so by this one search.
HAS_DIGIT = re.compile(r"\d").search


def join_separators(text: str) -> str:
    """OCR '384. 33' → '384.33' (spaces around a decimal point or thousands comma dropped); a
    cell's thousands set apart by spaces, '1 601 424.00' (thin and no-break spaces too), as
    commas: '1,601,424.00'."""
    if not HAS_WS(text):
        return text
    if SPACE_GROUPS.match(text):
        return GROUP_SPACE.sub(",", text.strip())
    # (a function as replacement: re expands a "\1" template several times slower)
    return SEP_SPACES.sub(_separator, text)


# A figure whose thousands are set apart by a space (U+0020, U+00A0, U+2009, U+202F), every
# group after the first exactly three digits: inside one cell the space can part nothing else.
# (A code or a year before a figure, "2010101 1 601.00", "2025 年", does not group so.) A plain
# space only before decimals: a PDF cell's lines are joined by one ("100" over "200" is
# "100 200", which may be two figures: reported, never read as 100200).
THOUSANDS_SPACE = "[ \u00a0\u2009\u202f]"
THIN_SPACE = "[\u00a0\u2009\u202f]"
SPACE_GROUPS = re.compile(rf"^\s*[-−(（△▲]?\d{{1,3}}(?:(?: \d{{3}})+\.\d+|(?:{THIN_SPACE}\d{{3}})+(?:\.\d+)?)"
                          rf"[)）-]?\s*$")
GROUP_SPACE = re.compile(rf"(?<=\d){THOUSANDS_SPACE}(?=\d{{3}})")


def _separator(m: re.Match) -> str:
    return m.group(1)


@memoised
def is_amount_text(text: str) -> bool:
    """An amount cell in a table: decimals or thousands groups (integers are codes here)."""
    t = join_separators(close_marks(ascii_digits(cell_text(text))))
    return bool(AMOUNT.match(t)) and ("." in t or "," in t)


def cell_text(text: str) -> str:
    """A cell's text without markup. A sign a space before its figure stays the figure's: a cell
    holds no markdown bullet ("- 12.50" is -12.50, not a list item's 12.50). A unit printed after
    the figure ("277.90万元", "277.90 万", "277.90（万元）") is no part of it (cell_unit tells it)."""
    t = text.strip()
    if t[:1] in CURRENCY or t[1:2] in CURRENCY:
        t = without_currency(t)
    if t[-1:] in UNIT_ENDS and (m := FIGURE_UNIT.match(t)):
        t = m.group(1)
    if t[:1] in SIGNS_LIKE_BULLETS and t[1:2].isspace():
        rest = t[1:].lstrip()
        return t[:len(t) - len(rest)] + strip_markup(rest)
    return strip_markup(t)


# a unit printed in each amount's cell, after its figure: 万元, 万, 元 (千元, 亿元), bracketed or not,
# a space before it or none; the figure ends with a digit (or a negative's closing bracket or minus)
UNIT_ENDS = "元万)）"
FIGURE_UNIT = re.compile(r"^(.*[\d)）-])\s*(?:[(（](万元|千元|亿元|元|万)[)）]|(万元|千元|亿元|元|万))$")
CELL_UNITS = {"万": "万元"}              # a bare 万 is 万元


@memoised
def cell_unit(text: str) -> str | None:
    """The unit a cell prints after its figure ("277.90万元" → 万元, "1,300.00元" → 元), or None."""
    t = text.strip()
    if t[-1:] not in UNIT_ENDS or (m := FIGURE_UNIT.match(t)) is None:
        return None
    unit = m.group(2) or m.group(3)
    return CELL_UNITS.get(unit, unit)


SIGNS_LIKE_BULLETS = ("-", "+")          # the signs strip_markup takes for a markdown bullet
# a figure copied from a sheet in a currency format prints the yuan sign before it (¥1,234.00,
# -¥1,234.00, ¥-1,234.00): the figure is the amount
CURRENCY = "¥￥"


def without_currency(t: str) -> str:
    if t[:1] in CURRENCY:
        return t[1:].lstrip()
    if t[:1] in MARKS and t[1:2] in CURRENCY:
        return t[:1] + t[2:].lstrip()
    return t


# What a cell is_amount_cell reads as an amount can start with: AMOUNT's first character (a
# digit, a sign's mark, a bracket), one FULLWIDTH_DIGITS turns into such (０, －, ＋), or what
# cell_text strips before it (whitespace, a tag's "<", a markdown heading's or bullet's mark,
# emphasis "**" and "__"). Digits and whitespace beyond ASCII: the regex's \d and \s, Unicode's
# as AMOUNT's and str.strip's are.
AMOUNT_FIRST = frozenset(MARKS + string.digits + "<_" + CURRENCY + "".join(MD_MARKS))
AMOUNT_FIRST |= frozenset(chr(k) for k, v in FULLWIDTH_DIGITS.items() if chr(v) in AMOUNT_FIRST)
# Cheap test first (one character, in C): is_amount_cell(text) can be true; never false where it is.
may_be_amount = re.compile(rf"[\d\s{re.escape(''.join(sorted(AMOUNT_FIRST)))}]").match


@memoised
def is_amount_cell(text: str) -> bool:
    """amount_of(text, …) would read an amount (without building it)."""
    if not HAS_DIGIT(text):
        return False
    t = cell_text(text)
    return bool(t) and is_amount_text(t)


@memoised
def number_cell(text: str) -> tuple[str, Decimal, int, bool] | None:
    """(cell text, amount, places, is an amount cell) of a cell that reads as a number: an
    amount (is_amount_text), or an integer (an amount only where position says so).
    Memoised: a table repeats its cells, and every cell is read once per line it is on."""
    if not HAS_DIGIT(text):
        return None
    t = cell_text(text)
    if not t:
        return None
    strict = is_amount_text(t)
    if not (strict or is_integer(close_marks(t))):
        return None
    parsed = parse_amount(join_separators(close_marks(ascii_digits(t))))
    return (t, parsed[0], parsed[1], strict) if parsed else None


def is_integer(t: str) -> bool:
    """A whole number, with a sign before it or none: "125", "-125", "－125", "−125", "+125"."""
    t = ascii_digits(t)
    return t.isdigit() or (t[:1] in "-−+" and t[1:].isdigit())


# a whole number in brackets: a negative in a table of whole amounts ("(125)"), else a row's
# number, a note or a code ("（1）", "(201)")
BRACKETED_INTEGER = re.compile(r"^[(（]\s*(\d+)\s*[)）]$")


def amount_of(text: str, line: int, integers: bool = False, bracketed: bool = False) -> RawValue | None:
    """An amount cell; integers only where position already says the cell is an amount, and a
    bracketed integer read as a negative only where the header names the cell's column an
    amount's (`bracketed`): there no number of a row, note or code stands."""
    read = number_cell(text)
    if read is None and bracketed and integers and HAS_DIGIT(text):
        m = BRACKETED_INTEGER.match(cell_text(text).translate(FULLWIDTH_DIGITS))
        return RawValue(cell_text(text), -Decimal(m.group(1)), 0, line) if m else None
    if read is None or not (integers or read[3]):
        return None
    return RawValue(read[0], read[1], read[2], line, unit=cell_unit(text))


def code_of(text: str) -> str | None:
    t = ascii_digits(compact(text))
    return t if t.isdigit() and t.isascii() and 2 <= len(t) <= 7 else None


# What a line's first character other than whitespace must be for a pattern anchored at its
# start to match (\d: str.isdecimal, tested apart): NUMBER_CHARS' (is_number_text), FOLIO_MARK's
# (第 3 页, - 3 -, 3/20) and META's; TABLE_LABEL's first character, no space before it.
NUMBER_FIRSTS = frozenset("※栏")
FOLIO_FIRSTS = frozenset("第-—–－")
META_FIRSTS = frozenset("编单金")
LABEL_FIRSTS = frozenset("附表公")


def is_number_row(cells: list[str]) -> bool:
    """The row numbering the columns: ※ ※ 1 2 3 … (only ※ and digits, a 1 among them).
    One scan of the row's text, which a row of words fails on its first word; only a row of
    numbers is cut into its tokens (str.split and \\s agree on what whitespace is)."""
    return is_number_text(" ".join(cells))


def is_number_text(text: str) -> bool:
    """is_number_row of a line's text (its cells apart by whitespace: the tokens are the same)."""
    # (its first character other than a space first: most rows fail on it before the regex runs)
    first = text.lstrip()[:1]
    if not (first in NUMBER_FIRSTS or first.isdecimal()):
        return False
    # (no token "1": most rows of codes and amounts, told by one split before the regex runs,
    # whose fixed cost per call is several times a split's)
    words = text.split()
    if "1" not in words or NUMBER_CHARS(text) is None:
        return False
    # the columns' numbers run 1, 2, 3 …: a row of integer amounts (a 三公 table in 万元:
    # 20 0 1 19 …) is data, though it has a 1 among its numbers
    return counts_from_one([t for t in words if t.isdigit()])


def counts_from_one(numbers: list[str]) -> bool:
    """The numbers are 1, 2, 3 … in order: they number the columns."""
    return numbers == [str(n) for n in range(1, len(numbers) + 1)]


# "编制部门：XX局", "编制单位：[123001]XX局", "编制部门：123001 XX局": the name, and its code where printed;
# others print 单位名称：, 部门名称：, 填报单位：, 预算单位： or 部门： (these with a colon only)
UNIT_NAME = re.compile(rf"(?:编制(?:部门|单位)\s*{HEAD_COLON}|(?:(?:填报|预算)(?:部门|单位)|(?:单位|部门)名称"
                       rf"|(?<![\u4e00-\u9fff])部门)\s*[:：])\s*(?:[\[【（(](?P<code>\d{{3,15}})[\]】）)]\s*"
                       rf"|(?P<code2>\d{{3,15}})\s+)?(?P<name>[^\s单]+(?:单位(?!{HEAD_COLON})[^\s单]*)*)")
UNIT = re.compile(rf"单位\s*{UNIT_COLON}\s*(?:人民币)?(万元|千元|元)")


# Lines read first for the table's unit and unit name (printed above the table): the rest
# of the text is only joined when they are not there, or the table may say it is empty.
# A match in the first lines is the one the whole text gives: a match starting earlier and
# running past them would hold its start, and neither pattern can (after 单位/编制 they take
# only spaces, a colon, the unit, or a name without spaces).
META_LINES = 12


def read_meta(lines: list[Line], out: BlockRows) -> None:
    texts = [ln.text for ln in lines]
    head = "\n".join(map(strip_markup, texts[:META_LINES]))
    whole = None
    m = UNIT_NAME.search(head)
    if m is None and len(texts) > META_LINES:
        whole = whole_text(texts)
        m = UNIT_NAME.search(whole)
    if m:
        out.unit_name = unit_name_of(m)
    m = UNIT.search(head)
    if m is None and len(texts) > META_LINES:
        whole = whole or whole_text(texts)
        m = UNIT.search(whole)
    if m:
        out.unit = m.group(1)
    # A table that nowhere says it is empty has no note (most are not): a note is only looked
    # for where the text has a character each of EMPTY_SAYS' phrases has (EMPTY_CHARS), which
    # removing markup cannot bring in. (empty_note finds one only on a line EMPTY_SAYS matches,
    # and the table's text, that line among its lines, then matches too: it is not searched first.)
    raw = "\n".join(texts)
    if any(c in raw for c in EMPTY_CHARS):
        out.empty_note = empty_note(lines)


# the unit's code printed with its name, as budget systems export it: after it in brackets
# ("XX局（123001）", "XX局（单位代码：123001）"; "（2025）" is a year), or before it joined by a
# dash or nothing ("123001-XX局", "123001XX局": a name starts with no figure; "2025年…" is no code)
CODE_AFTER_NAME = re.compile(r"（(?:(?:单位|部门|预算)?(?:编码|代码|编号)\s*[:：]?\s*)?(?!(?:19|20)\d\d）)(?P<code>\d{3,15})）$")
CODE_BEFORE_NAME = re.compile(r"^(?P<code>\d{3,15})(?:\s*[-－—_]\s*|(?=[\u4e00-\u9fff])(?![年月日]))")


def unit_name_of(m: re.Match) -> str | None:
    """The name a UNIT_NAME match gives (编制单位：XX局金额单位：元 → XX局), without the code
    printed with it (name_and_code); a code alone is none."""
    name = name_and_code(m)[0]
    return None if not name or name.isdigit() else name


def unit_code_of(m: re.Match) -> str | None:
    """The code a UNIT_NAME match prints with the name ("[123001]XX局", "123001 XX局",
    "XX局（单位代码：123001）" → 123001), if any."""
    return m.group("code") or m.group("code2") or name_and_code(m)[1]


def name_and_code(m: re.Match) -> tuple[str, str | None]:
    """A UNIT_NAME match's name, and the code printed in it (CODE_AFTER_NAME, CODE_BEFORE_NAME)."""
    name = re.sub(r"(金额|计量)$", "", norm_label(m.group("name")))
    if not name[:1].isdigit() and not name.endswith("）"):
        return name, None                  # (most names: neither)
    if code := CODE_AFTER_NAME.search(name) or CODE_BEFORE_NAME.match(name):
        return (name[:code.start()] if code.start() else name[code.end():]), code.group("code")
    return name, None


def whole_text(texts: list[str]) -> str:
    return "\n".join(map(strip_markup, texts))


# The ways a note says its table is empty: "…故本表为空表", "（空表）", "此表为空", "此表无数据",
# "本表无内容", "暂无数据" (alone, not "空白表示无数据"); not "本表空白处为零", "本表无法…". The
# readers take it for the table's note and keep its line out of the rows, the checks for a note
# that says the table is empty (C-EMPTY-NOTE-CONTRADICTS).
SAYS_EMPTY = re.compile(r"空表(?!格)|(?:此|本|该)表格?(?:为|是)?空(?![白格])"
                        r"|(?:此|本|该)表格?(?:暂|均)?(?:无|没有)(?:数据|内容|金额|数字|记录)"
                        r"|(?<![^\s：:，,。；;（(])(?:暂|均)?无数据(?![^\s）)。；;，,])")
# A note may also only say why, naming what the unit has none of: "…没有使用财政拨款安排“三公”
# 经费支出", "本部门2026年无政府性基金预算收支", "本单位不涉及国有资本经营预算". That marks an empty
# table's note; under a table that prints amounts it may be about one of its items.
EMPTY_SAYS = re.compile(SAYS_EMPTY.pattern + r"|无该项目|无此项|无相关(收入|支出|预算)"
                        r"|没有使用[^。，,]{0,30}安排的?[^。，,]{0,10}支出"
                        r"|(?:本|\d{4}\s*)年度?(?:无|没有)(?!法|需|须|变化)[^。，,；;]{0,30}?(?:收入|支出|收支|预算|经费|资金|项目)"
                        r"|不涉及")
EMPTY_CHARS = frozenset("空无没涉")       # every phrase of EMPTY_SAYS has one


def says_empty(text: str) -> bool:
    """SAYS_EMPTY.search(text) finds a phrase. Each of its phrases has 空, 无 or 没 (没有): a line
    without them is told by three substring tests, not a regex tried at every character (its
    lookbehind branch leaves the engine no first character to jump to)."""
    return ("空" in text or "无" in text or "没" in text) and SAYS_EMPTY.search(text) is not None
NOTE_MARK = re.compile(r"(?:(?:备注|说明|注)[:：])?[（(]?")
EMPTY_SENTENCE = re.compile(rf"[^。]*(?:{EMPTY_SAYS.pattern})[^。]*。?")


def empty_note(lines: list[Line]) -> str | None:
    """The sentence saying the table is empty ('…没有…，…为空表。', '注：本部门无该项目',
    '此表为空'), joined across wrapped lines."""
    texts = [strip_markup(ln.text).strip() for ln in lines if ln.cells is None or EMPTY_SAYS.search(ln.text)]
    texts = [t for t in texts if t]
    end = next((i for i in range(len(texts) - 1, -1, -1) if EMPTY_SAYS.search(texts[i])), None)
    if end is None:
        return None
    start = end
    # a line that opens with the words ("（空表）", "此表为空。") is the note; else the sentence
    # may have begun on a line above, below the table's 单位 line and after a full stop
    opens = EMPTY_SAYS.match(texts[end], NOTE_MARK.match(texts[end]).end())
    while not opens and start > 0 and end - start < 4 and not re.search(r"没有|未安排|未使用|无|^注", texts[start]) \
            and not texts[start - 1].endswith(("。", "；")) and not UNIT.search(texts[start - 1]) \
            and not UNIT_NAME.search(texts[start - 1]):
        start -= 1
    note = re.sub(r"\s+", "", "".join(texts[start:end + 1]))
    note = re.split(r"(?:备注|说明|注)[:：]", note)[-1]
    m = EMPTY_SENTENCE.search(note)
    return m.group(0) if m else note


@memoised
def split_code_label(text: str) -> tuple[str, str]:
    """'201 一般公共服务支出' / '210卫生健康支出' → ('201', '一般公共服务支出')."""
    t = strip_markup(text).strip()
    m = CODE_LABEL.match(t)
    if m is None or not m.group(4):
        return "", norm_label(t)
    code = ascii_digits(m.group(1) or m.group(3))
    if m.group("bracket") or is_class(code[:3]) or t[m.end(1):m.end(1) + 1].isspace():
        return no_space(code), norm_label(m.group(4))
    return "", norm_label(t)


def is_class(digits: str) -> bool:
    """A class of the classifications (201 …, 301 …), or of the government economic one (5xx, not
    in the registry): digits of another kind run into words are the name's own
    ("12315投诉举报热线运维", "300亩高标准农田建设")."""
    return digits[:1] == "5" or digits in _classes()


@functools.lru_cache(maxsize=1)
def _classes() -> frozenset[str]:
    from ..codes import load_registry
    return frozenset(e.code for e in load_registry(None).entries() if len(e.code) == 3)


# ---- grid (tab-separated) ------------------------------------------------------------------

def straddles(straddling: list[tuple[RawValue, list]], ln: Line, index: int, value: RawValue,
              key_of, j: int) -> None:
    """Notes a figure of a grid row that is merged over columns (Line.spans: its cell at
    `index` on the line, at grid place `j`), with the key of each column it spans (key_of:
    a place → its column's key, None for none), for leave_open. (Asked only of a line with
    spans: most have none.)"""
    if index in ln.spans:
        straddling.append((value, [key_of(j + k) for k in range(ln.spans[index])]))


def key_by_order(keys: list[str], first: int):
    """key_of for straddles where the columns are read by order: place `first` is keys[0]."""
    return lambda j: keys[j - first] if 0 <= j - first < len(keys) else None


def leave_open(out: BlockRows, row: RawRow, straddling: list[tuple[RawValue, list]]) -> None:
    """A row's figures merged over columns the header names apart (Line.spans, noted by
    straddles): each keeps those columns as its candidates (RawValue.band, one reading of the
    row's such figures a choice of column for each), the identities choosing among them
    (tables.resolve_side); a figure over one column the row does not fill otherwise stays in it."""
    if not straddling:
        return
    taken = {v.column for v in row.values if all(v is not w for w, _ in straddling)}
    open_ = [(v, tuple(dict.fromkeys(k for k in keys if k and k not in taken))) for v, keys in straddling]
    open_ = [(v, keys) for v, keys in open_ if len(keys) > 1]
    if not open_:
        return
    for n, (value, _) in enumerate(open_):
        value.column, value.band = None, (len(out.bands), n)
    out.bands.append(list(itertools.product(*(keys for _, keys in open_))))


# the most readings of a grid's columns its header leaves open (open_by_order) the identities
# are asked to choose among: five columns open among five (5! = 120); past that the order stands
OPEN_READINGS_MAX = 120


def open_by_order(out: BlockRows, spec: TableSpec, label_count: int, widest: int) -> bool:
    """A grid read by its columns' order whose header prints, over some amount columns, words
    no template column explains (合计 | 一般性支出 | 专项支出): each such column keeps as
    candidates the template's columns no other header names or the order gives (RawValue.band:
    one reading a choice of column for each, every column once), the identities choosing
    among the readings for the whole table (tables.resolve_bands); a tie left is reported,
    never settled by the order alone. A column the header names stays its column, as does one
    whose header has no word unexplained (a label's 项 repeated over it by a conversion).
    False where nothing is left open, where the header names a column where the order does not
    put it (header and amounts out of step: which to believe it cannot tell), or where more
    readings are left than OPEN_READINGS_MAX (counted before any is made)."""
    from .headers import holds_unmapped, unmapped_cells

    keys = usual_keys(spec)
    width = min(widest - label_count, len(keys))
    fragments = unmapped_cells([cells for _, cells in out.header], spec) if width > 1 else None
    if not fragments:
        return False
    header = despanned(out.header)      # (a cell a conversion repeats over the columns it spans: once)
    paths = [header_path(header, label_count + p) for p in range(width)]
    named = [column_named(path, spec.columns, spec.rows != "none") for path in paths]
    if any(isinstance(k, str) and k != keys[p] for p, k in enumerate(named)):
        return False                     # (header and amounts not in step: read by order, as before)
    places = [p for p, k in enumerate(named) if not isinstance(k, str) and holds_unmapped(paths[p], fragments)]
    fixed = {keys[p] for p in range(width) if p not in places}
    free = [k for k in keys if k not in fixed]
    if not places or not 1 < math.perm(len(free), len(places)) <= OPEN_READINGS_MAX:
        return False
    readings = []
    for choice in itertools.permutations(free, len(places)):
        reading = keys[:width]
        for p, k in zip(places, choice):
            reading[p] = k
        readings.append(tuple(reading))
    open_band(out, readings, {keys[p]: p for p in places})
    return True


def open_band(out: BlockRows, readings: list[tuple], at: dict[str, int]) -> None:
    """The readings a band of the header leaves: each amount in a column they open (at: its key
    → its place) keeps that place as candidates (RawValue.band), the identities choosing
    (tables.resolve_bands)."""
    band = len(out.bands)
    for row in out.rows:
        if any(v.band for v in row.values):
            continue                     # (an amount merged over columns: its own candidates)
        for v in row.values:
            p = at.get(v.column)
            if p is not None:
                v.column, v.band = None, (band, p)
    out.bands.append(readings)
    out.printed_columns = {k for r in readings for k in r}


def open_by_leaves(out: BlockRows, spec: TableSpec, label_count: int, widest: int) -> None:
    """A header of several rows written by a conversion, read by order, whose words over some
    columns say they are other columns than the order's (a row of groups shifted, 财政拨款 |
    非财政拨款 each written once, over 小计 | 项目支出 | 基本支出 printed in that order): each
    such column keeps as candidates the template's columns its lowest word names that the
    order gives no other column (RawValue.band; every reading a choice of one for each, none
    twice), the identities choosing (tables.resolve_bands), a tie reported (ambiguous-column).
    Where no reading puts each column once, the order stands and is said (before: the order
    stood silently). Words a conversion may have moved (shifted_cells) open nothing."""
    keys = usual_keys(spec)
    width = min(widest - label_count, len(keys))
    plain = despanned(out.header)
    paths = [header_path(plain, label_count + p) for p in range(width)]
    places = [p for p in range(width) if paths[p] and contradicts(paths[p], keys[p], spec)]
    if places:
        moved = shifted_cells(plain, spec)
        places = [p for p in places if (leaf_row(plain, label_count + p), label_count + p) not in moved]
    if not places:
        return
    fixed = {keys[p] for p in range(width) if p not in places}
    options = []
    for p in places:
        leaf = geometry.heading_key(paths[p].rsplit("/", 1)[-1])
        options.append([c.key for c in spec.columns if c.key not in fixed and leaf in geometry.column_keys(c)[0]])
    # (a word naming only a column the order gives another: the header disagrees with itself)
    places, options = [p for p, o in zip(places, options) if o], [o for o in options if o]
    if not places:
        return
    count = math.prod(map(len, options))
    readings = []
    if 0 < count <= OPEN_READINGS_MAX:
        for choice in itertools.product(*options):
            if len(set(choice)) == len(choice):
                reading = keys[:width]
                for p, k in zip(places, choice):
                    reading[p] = k
                readings.append(tuple(reading))
    shown = "、".join(f"第 {label_count + p + 1} 列“{paths[p]}”" for p in places[:4])
    if not readings:
        out.warnings.append(("columns-by-order", f"表头各行的文字与列序不合（{shown}），按列的先后顺序读取金额，请核对"))
        return
    open_band(out, readings, {keys[p]: p for p in places})


def shifted_cells(header: list[tuple[int, list[str]]], spec: TableSpec) -> set[tuple[int, int]]:
    """(row, column) of the header words a conversion may have moved left: those after a group
    written with fewer empty cells after it than the template's group has columns (a spanned
    cell written once: every word after it stands left of its place)."""
    from .geometry import heading_key
    from .layout import group_size

    out = set()
    for r, (_, cells) in enumerate(header):
        short = False
        for k, cell in enumerate(cells):
            if not cell.strip():
                continue
            if short:
                out.add((r, k))
                continue
            n = group_size(spec, heading_key(cell))
            if n:
                empty = next((e for e, c in enumerate(cells[k + 1:]) if c.strip()), len(cells) - k - 1)
                short = empty < n - 1 and k + 1 + empty < len(cells)
    return out


def leaf_row(header: list[tuple[int, list[str]]], j: int) -> int | None:
    """The lowest header row printing a word at column j."""
    return next((r for r in range(len(header) - 1, -1, -1) if j < len(header[r][1]) and header[r][1][j].strip()), None)


def grid_rows(lines: list[Line], spec: TableSpec) -> BlockRows:
    fallback = None
    if any(ln.cell_boxes for ln in lines):
        from .geometry import boxed_rows

        out = boxed_rows(lines, spec, drawn=True)
        if isinstance(out, BlockRows):
            return out
        fallback = out                  # why the header could not decide: said to the user
    out = BlockRows()
    if fallback:
        # (taken back below where the header names every column: 2024年预算数 | 2025年预算数 are
        # last year's and this year's, which the boxes' slots do not tell)
        out.warnings.append(("columns-by-order", fallback))
    read_meta(lines, out)
    grid = [ln for ln in lines if ln.cells is not None]
    header_keys: set[tuple[str, ...]] = set()
    header_firsts: set[str] = set()           # first cells of header_keys: most rows fail on it
    data_started = False
    label_count = None
    pending: list[tuple[Line, list[str]]] = []
    for ln in grid:
        cells = ln.cells
        if is_number_row(cells):
            if label_count is None:
                label_count = next((i for i, c in enumerate(cells) if c.strip() == "1"), None)
            if data_started:
                out.pages += 1
            data_started = True
            continue
        if not data_started and ("单位" in ln.text or "部门" in ln.text) \
                and META.match(next((c for c in cells if c.strip()), "")):
            continue                  # "编制单位：… | 金额单位：万元" in cells of its own (read_meta read it)
        if not data_started and not _grid_data_like(cells, spec):
            out.header.append((ln.no, [strip_markup(c).strip() for c in cells]))
            key = header_key(cells)
            header_keys.add(key)
            header_firsts.add(key[0] if key else "")
            continue
        if data_started and header_keys and (first_label(cells) in header_firsts
                                             and repeated_header(header_key(cells), header_keys, cells, spec)
                                             or header_again(cells, out.header) and not _grid_data_like(cells, spec)):
            continue                                    # header repeated after a page break
        data_started = True
        pending.append((ln, cells))
    numbered = row_number_columns(out.header)
    if numbered and label_count is not None:
        label_count -= sum(1 for j in numbered if j < label_count)
    rows = [without_row_numbers(ln, cells, numbered) for ln, cells in pending]
    # the header's cells stand over their columns: a file's own cells (XLSX, DOCX, HTML), or a
    # header of one row, where no conversion can have shifted a cell it spans over others
    in_place = len(out.header) == 1 or any(ln.cell_refs for ln in grid)
    if spec.layout == "side_by_side":
        sides = [(name, [c.key for c in side.columns]) for name, side in spec.sides.items()]
        width, groups = label_groups(spec, sides, [[c for j, c in enumerate(cells) if j not in numbered]
                                                   for _, cells in out.header])
        by_header = None if numbered else side_columns_by_header(out.header, rows, sides, spec, in_place)
        if by_header is not None:
            _side_rows_by_header(out, rows, by_header, spec)
            return out
        for ln, cells, at, numbers in rows:
            out.rows.extend(_side_rows_grid(ln, cells, sides, at, numbers, spec, width, groups, out))
        if groups == len(sides):
            widest = max((len(c) - len(numbered) for _, c in out.header), default=0)
            out.printed_columns = side_columns_shown(sides, width, max([widest] + [len(c) for _, c, _, _ in rows]))
        return out
    if label_count is None:
        # (a row of figures alone under a blank label: blank_labels, before a dash is taken for words)
        label_count = blank_labels(rows) if spec.rows == "none" else None
    if label_count is None:
        label_count = _guess_label_count([(ln, cells) for ln, cells, _, _ in rows])
        label_count = whole_numbers_start(rows, label_count, out.header, spec)
    rows = merged_labels_down(rows, label_count, items=spec.rows == "item")
    keys = usual_keys(spec)
    widest = max([len(c) - len(numbered) for _, c in out.header] + [len(c) for _, c, _, _ in rows], default=0)
    if label_count < widest < label_count + len(keys):
        # narrower than the template: the first columns only ("项目 | 预算数" where the template
        # also splits the amount by 资金来源), as the cells are read by their order
        out.printed_columns = set(keys[:widest - label_count])
    by_header = None if numbered else columns_by_header(out.header, label_count, widest, spec, out.warnings, in_place)
    if by_header is not None:
        out.printed_columns = {k for k in by_header.values() if k}
        say_left_out(out, by_header, spec)
        if fallback:
            out.warnings.remove(("columns-by-order", fallback))
    project_table = spec.rows == "function_project" and not numbered
    order = label_order(out.header, label_count) if project_table else None
    levels = level_columns([[c for j, c in enumerate(cells) if j not in numbered] for _, cells in out.header],
                           label_count)
    for ln, cells, at, numbers in rows:
        if at is None and len(cells) < widest:
            cells = narrower_row(cells, label_count)
        # 项目名称 | 项目单位 | 项目类型 | 编码 | 名称: the code, its name, the project
        labels, row_levels = labels_in_order(cells[:label_count], levels, order)
        row = _label_row(ln, labels, spec, row_levels)
        row.row_number = " ".join(n for n in numbers if n)
        straddling: list[tuple[RawValue, list[str]]] = []
        for j in filled(cells, label_count):
            index = j if at is None else at[j]        # the cell's place on its line
            if ln.unsure and index in ln.unsure:
                unsure_cell(ln, cells[j], column_key(j, label_count, by_header, keys), spec, out.warnings, row, index)
                continue
            value = amount_of(cells[j], ln.no, integers=True, bracketed=by_header is not None and bool(by_header.get(j)))
            if value is None and (ln.unread is None or index not in ln.unread) \
                    and (HAS_DIGIT(cells[j]) or HIDDEN_AMOUNT.match(cells[j].strip())):    # (unread: see below)
                key = column_key(j, label_count, by_header, keys)
                if key:
                    value = misread_cell(ln, cells[j], key, spec, out.warnings, row, index)
            if value is None:
                continue
            if by_header is not None:
                if not by_header.get(j):
                    continue                       # a column of its own (上年预算数, 增减), or unmapped: said above
                value.column = by_header[j]
                locate(value, ln, index)
                row.values.append(value)
                if ln.spans:                       # (merged over columns: see leave_open)
                    straddles(straddling, ln, index, value, by_header.get, j)
                continue
            if j - label_count >= len(keys):
                out.warnings.append(("extra-cell", f"第 {ln.no} 行有超出表头的金额 {value.text}"))
                continue
            value.column = keys[j - label_count]
            locate(value, ln, index)
            row.values.append(value)
            if ln.spans:
                straddles(straddling, ln, index, value, key_by_order(keys, label_count), j)
        leave_open(out, row, straddling)
        if ln.unread:
            keep_unread_cells(ln, row, at, label_count, by_header, keys)
        if row.values or row.name or row.code or row.project:
            out.rows.append(row)
    if by_header is None and not numbered and open_by_order(out, spec, label_count, widest):
        said = "本表按勾稽关系确定表头未指明的列，定不下的金额列为待定"
        if fallback:
            out.warnings[out.warnings.index(("columns-by-order", fallback))] = (
                "columns-by-order", fallback.replace("本表按列的先后顺序读取金额", said))
    elif by_header is None and not numbered and not in_place and len(out.header) > 1:
        open_by_leaves(out, spec, label_count, widest)
    codes_from_rows_above(out)
    if not any(ln.cell_refs or ln.cell_boxes for ln in lines):
        # (a workbook's, a document's, a CSV's or a ruled page's cell holds its broken name:
        # a row of a name alone is a row; tabs typed in text carry no such sign)
        lone_names_said(out, spec)
    return out


def keep_unread_cells(ln: Line, row: RawRow, at: list[int] | None, label_count: int,
                      by_header: dict[int, str | None] | None, keys: list[str]) -> None:
    """The cells of an amount column whose value the file does not hold (Line.unread: a formula
    saved without its result, an error value): kept unread in the row, with their column
    and why, never read as an empty cell."""
    for index, why in ln.unread.items():
        j = index if at is None else at.index(index) if index in at else -1
        if j < label_count:
            continue                   # a label's or a 行次's cell: no amount of the table
        key = column_key(j, label_count, by_header, keys)
        if key:
            row.unread = [*row.unread, unread_cell(ln, ln.cells[index] if index < len(ln.cells) else "", key, index, why)]


def kept_unread(ln: Line, text: str, index: int, key: str, row: RawRow) -> None:
    """A side-by-side grid's amount cell that reads as no amount: kept unread in the row where
    the file does not hold its value (Line.unread) or it prints ###."""
    why = ln.unread.get(index) if ln.unread else None
    if why is None and text and HIDDEN_AMOUNT.match(text.strip()):
        why = UNREAD_HIDDEN
    if why is not None:
        row.unread = [*row.unread, unread_cell(ln, text, key, index, why)]


def lone_names_said(out: BlockRows, spec: TableSpec) -> None:
    """A warning for each row of a table of named rows that prints a name and nothing else
    between rows with amounts: text carries no sign whether it is a row without amounts or a
    line of the name above or below broken inside its cell (Enter or Alt+Enter there), so it
    is kept a row and said. Not for a line opening an item (一、 1. 其中 …) or a name the
    template knows."""
    if spec.rows not in ("label", "none") or spec.layout == "side_by_side":
        return
    from ..readers.pdf import ITEM_START

    amounts = [n for n, row in enumerate(out.rows) if row.values]
    for n, row in enumerate(out.rows):
        if row.values or row.code or not row.name or not amounts or not amounts[0] < n < amounts[-1]:
            continue
        if ITEM_START.match(row.name) or matches_any(spec.items, row.name):
            continue
        out.warnings.append(("name-line-alone", (f"第 {row.line} 行{quoted(row.name)}只有文字、没有金额，可能是上一行或下一行"
                                                 "名称在格内换行（手动换行）的部分，无法确定，按没有金额的单独一行读入，请核对"),
                             row.line))


def column_key(j: int, label_count: int, by_header: dict[int, str | None] | None, keys: list[str]) -> str | None:
    """The template column of a grid row's j-th cell: by the header where it decides, else by order."""
    if by_header is not None:
        return by_header.get(j)
    return keys[j - label_count] if j - label_count < len(keys) else None


def unsure_cell(ln: Line, text: str, key: str | None, spec: TableSpec, notes: list, row: RawRow, at: int) -> None:
    """A scanned cell whose figure OCR was not sure of (Line.unsure): reported and kept unread,
    never read, as a ruled grid's is (geometry.ocr_unsure): a speck beside a figure reads as a
    minus ("19.36-"), and a guess would be an amount nobody printed."""
    from .geometry import ocr_unsure

    label = next((c.label for c in spec.columns if c.key == key), "")
    notes.append(ocr_unsure(ln.no, text, label))
    if key:
        row.unread = [*row.unread, unread_cell(ln, text, key, at, UNREAD_OCR)]


def misread_cell(ln: Line, text: str, key: str, spec: TableSpec, notes: list, row: RawRow, at: int):
    """A cell under an amount column's header that reads as no number but prints figures
    (5:34, 19:3): read or reported as a ruled grid's cell is (geometry.misread_amount); one
    reported unread is kept in the row with its text, never dropped silently."""
    from .geometry import misread_amount

    if HIDDEN_AMOUNT.match(text.strip()):      # ### (told for its line: tables.hidden_amounts)
        row.unread = [*row.unread, unread_cell(ln, text, key, at, UNREAD_HIDDEN)]
        return None
    if row.name and spec.left_out and "%" in text:
        from .headers import left_out

        if left_out(spec, row.name):
            return None                         # a row of rates (增减率): percentages, as it should
    label = next((c.label for c in spec.columns if c.key == key), key)
    value, unsure = misread_amount(ln, text, label, notes)
    if unsure:
        row.unread = [*row.unread, unread_cell(ln, text, key, at, UNREAD_MISREAD)]
    return value


# an amount a spreadsheet printed as ### (wider than its column; a PDF or a conversion keeps it)
HIDDEN_AMOUNT = re.compile(r"^#{2,}$")
# why a cell is unread (PrintedCell.unread), as the findings name it (the workbook reader's own
# reasons: readers.workbook.UNREAD_FORMULA, UNREAD_ERROR)
UNREAD_HIDDEN = "印成“###”"
UNREAD_MISREAD = "不是金额的写法"
UNREAD_PIECES = "在格内分成几行"
UNREAD_OCR = "扫描件 OCR 识别没有把握"


def unread_cell(ln: Line, text: str, key: str, at: int, why: str) -> RawValue:
    """An amount cell reported unread, kept with its text, column and why (no amount): the
    printed table shows what was there, and no number is made of it."""
    value = RawValue(" ".join(text.split()), None, None, ln.no, key, unread=why)
    locate(value, ln, at)
    return value


# a column the templates do not print beside this year's figures: last year's, the change, notes
NOT_A_TEMPLATE_COLUMN = re.compile(r"上年(?!度?结转|度?结余)|上一年|增减|增长|变动|同比|备注|说明|%|％|比例|幅度|占比|比重|构成")
THIS_YEAR = re.compile(r"^本年度?(预算数?)?(?=.)")
THIS_YEARS_FIGURE = re.compile(r"(本年度?)?(预算数?|预算安排数?|数)")
PRINTED_YEAR = re.compile(r"(20\d\d)\s*年")      # a year printed in a header or a label
PRINTED_YEAR_WORD = re.compile(r"20\d\d\s*年度?")
THIS_YEARS_GROUP = re.compile(r"^本年度?(?=..)")   # "本年决算数" over 合计: the 决算数 group


PROJECT_HEADER = re.compile(r"^项目(名称)?$")
CODE_HEADER = re.compile(r"^(功能分类)?科目(编码|代码)$|^功能科目(编码|代码)$")


def label_order(header: list[tuple[int, list[str]]], label_count: int) -> list[int | None] | None:
    """A grid's label columns in the model's order, as its header names them (roles_order)."""
    return roles_order([label_role(header_path(header, j).split("/")[-1]) for j in range(label_count)])


def roles_order(roles: list[str | None]) -> list[int | None] | None:
    """A project table's label cells (each with its header's label_role) in the order the model
    reads them, when they print cells it has no place for (项目单位, 项目类型) or the project
    before its code: the code cells, the function's name, the project's name (the others left
    out; None where no name is printed: an empty one). None — read as printed — when a header
    is not known or names no project, or the cells stand in the model's order already."""
    if None in roles or "project" not in roles or \
            ("other" not in roles and ("code" not in roles or roles.index("project") > roles.index("code"))):
        return None
    names = [j for j, r in enumerate(roles) if r == "name"] or [None]     # (no name column: an empty name)
    return [j for j, r in enumerate(roles) if r == "code"] + names + [j for j, r in enumerate(roles) if r == "project"]


def in_order(items: list, order: list[int | None], blank=None) -> list:
    """items (a row's label cells, their levels) taken in a roles_order; blank where None."""
    return [items[k] if k is not None and k < len(items) else blank for k in order]


def labels_in_order(labels: list[str], levels: list[int | None] | None,
                    order: list[int | None] | None) -> tuple[list[str], list[int | None] | None]:
    """A row's label cells and their levels in a roles_order. A row printing one label alone,
    no code, is named by it wherever it stands (合计 merged over the label columns, a unit's
    subtotal under 项目单位)."""
    if not order:
        return labels, levels
    printed = [t for t in labels if t.strip()]
    if len(printed) == 1 and not code_of(printed[0]):
        return printed, None
    return in_order(labels, order, ""), levels and in_order(levels, order)


# label columns of a project table the model has no place for
OTHER_LABELS = ("项目单位", "项目类型", "项目类别", "项目属性", "实施单位", "预算单位", "项目级次", "单位名称", "部门名称",
                "项目单位名称")


def label_role(header: str) -> str | None:
    """What a project table's label column holds, by its (lowest) header: code, name, project,
    other (a column the model has no place for), or None (a header we do not know)."""
    key = no_space(header)
    if CODE_HEADER.match(key) or key in ("编码", "科目编码", "类", "款", "项"):
        return "code"
    if PROJECT_HEADER.match(key):
        return "project"
    if key in ("名称", "科目", "科目名称", "功能分类科目名称", "功能科目名称"):
        return "name"
    return "other" if key in OTHER_LABELS else None


def header_path(header: list[tuple[int, list[str]]], j: int) -> str:
    """The header cells above column j, top first: in each header row the cell at j, or the
    nearest filled cell to its left over empty ones (a group header spans the columns its
    row leaves empty, as a conversion writes merged cells), when a row below has its own cell
    at j."""
    texts = []
    for r, (_, cells) in enumerate(header):
        if j < len(cells) and cells[j].strip():
            texts.append(cells[j].strip())
            continue
        # (the filled cell to the left is looked for only where a row below has its own cell at j)
        if any(j < len(c) and c[j].strip() for _, c in header[r + 1:]):
            left = next((k for k in range(min(j, len(cells)) - 1, -1, -1) if cells[k].strip()), None)
            if left is not None:
                texts.append(cells[left].strip())
    return "/".join(texts)


def columns_by_header(header: list[tuple[int, list[str]]], label_count: int, width: int,
                      spec: TableSpec, notes: list | None = None, in_place: bool = False) -> dict[int, str | None] | None:
    """Where a grid's header prints words the template does not know (a 上年预算数 column
    before this year's, an 增减 column), each amount column by what its header says: column
    index → the template column's key, None for a column the templates do not have. None —
    read by order, as before — when the header says nothing new, or does not name every
    column, or names one twice.

    Two cases are read by the header all the same, as the order would put amounts under
    another column's coordinates: a header that names every column, each once, not those the
    order reads (a layout printing fewer columns than its template: 国有资本经营预算 left out);
    and a header some of whose columns name none of the template's while others contradict
    the order (一般公共预算拨款 over 小计 where the template has 财政拨款 there). Those naming
    none are then not read ("" in the map) and said in notes.

    in_place: the header's cells stand over their columns (a file's own cells, Line.cell_refs,
    or a header of one row), where a header naming every column in another order than the
    template's (合计 | 项目支出 | 基本支出) is read by it too."""
    from .headers import left_out, unmapped_cells

    if not header:
        return None
    unmapped = bool(unmapped_cells([cells for _, cells in header], spec))
    out: dict[int, str | None] = {}
    paths = {j: header_path(header, j) for j in range(label_count, width)}
    # "2025年预算数 | 2026年预算数": the later year is this year's, the earlier last year's
    years = {j: [int(y) for y in PRINTED_YEAR.findall(p)] for j, p in paths.items()}
    latest = max((y for ys in years.values() for y in ys), default=None)
    # (the latest year is this year's only beside an earlier one: printed alone, it may be last year's)
    two_years = latest is not None and any(y < latest for ys in years.values() for y in ys)
    unnamed = []
    prior = False
    for j in range(label_count, width):
        path = paths[j]
        if not path:
            return None
        if latest is not None and years[j] and max(years[j]) < latest:
            out[j] = last_years_column(path, latest, spec)     # last year's column (None: no place for it)
            prior = True
            continue
        key = column_named(path, spec.columns, whole_figure=spec.rows != "none")
        if key is UNNAMED and two_years and years[j]:
            key = this_years_column(path, spec)
        if key is None and left_out(spec, path.rsplit("/", 1)[-1]):
            prior = True                # a rate (增减率) beside the amounts: the header, not the order, places them
        if key is UNNAMED:
            key = group_total(path, spec.columns) or split_column(path, spec.columns)
        out[j] = None if key is UNNAMED else key
        if key is UNNAMED:
            unnamed.append(j)
    if not names_each_once(out):
        return None
    keys = usual_keys(spec)
    order = {j: keys[j - label_count] if j - label_count < len(keys) else None for j in out}
    if not unnamed:
        # (the same columns in another order is left to the order where a conversion wrote the
        # grid: markdown shifts a spanned header cell, never the amounts; a file's own cells
        # stand where they are printed, and 项目支出 before 基本支出 is read so, not by order)
        # (a column the header gives last year's year is never read by order: its figures are
        # not this year's, which the order would make them; 2023年决算数 read as 预算数)
        # (nor is a header of several rows that prints each column under all its groups, in
        # the template's words: a shifted cell would stand under another's group)
        every = None not in out.values()
        moved = every and (set(out.values()) != set(order.values()) or (
            (in_place or whole_tree(paths, out, spec)) and out != order
            and not any(under_other_column(paths[j], k, spec.columns) for j, k in out.items() if k != order[j])))
        return out if unmapped or prior or moved else None
    if any(label_header(paths[j].rsplit("/", 1)[-1], spec) and not any(out[i] for i in range(label_count, j))
           for j in unnamed):
        return None                       # a label column counted among the amounts': as before
    # (not a word some label columns print after an amount column's: labels come first, and
    # 总计 | 财政拨款收入 | 单位资金 prints an amount column, not a label, under it)
    plain = despanned(header)
    # (a column the header names where the order reads none, past the template's width, is
    # lost by the order: 项目支出 after 小计 | 人员经费 | 公用经费 | 其他经费, its amounts extra
    # cells and 其他经费's read as 项目支出's)
    if not any(contradicts(header_path(plain, j), order[j], spec) for j in out) \
            and not any(k and order[j] is None for j, k in out.items()):
        return None
    for j in unnamed:
        out[j] = ""
        if notes is not None:
            notes.append(("column-unmapped", (f"第 {j + 1} 列“{paths[j]}”对应不到模板的列（表头分层与模板不同，"
                                              "按列序读会错列），其金额未读入，请核对")))
    return out


def split_column(path: str, columns):
    """A header path under a template column the header splits (基本支出 over 小计 | 人员经费 |
    公用经费, where the template has 基本支出 whole): its 小计 or 合计 is that column, a part
    is a column the template does not have (None: not read, said); UNNAMED where the path
    is no such thing. Before, the parts were read by order (公用经费's amounts as 项目支出)."""
    parts = [geometry.heading_key(p) for p in path.split("/")]
    if len(parts) < 2:
        return UNNAMED
    by_name = geometry.columns_by_name(columns)
    over = [c for p in parts[:-1] for c, _, groups in by_name.get(p, ()) if not groups]
    if len(over) != 1:
        return UNNAMED
    return over[0].key if parts[-1] in geometry.SUBTOTAL_KEYS else None


def whole_tree(paths: dict[int, str], named: dict[int, str | None], spec: TableSpec) -> bool:
    """Whether a header of several rows prints over every column exactly the template's groups
    of the column it names, top first (财政拨款/基本支出/人员经费), and some column under a
    group: the header's tree is the template's, each leaf under its own groups."""
    by_key = {c.key: c for c in spec.columns}
    grouped = False
    for j, key in named.items():
        column = by_key.get(key)
        if column is None:
            return False
        names, groups = geometry.column_keys(column)
        keys = [geometry.heading_key(p) for p in paths[j].split("/")]
        if keys[:-1] != groups or keys[-1] not in names:
            return False
        grouped = grouped or bool(groups)
    return grouped


def under_other_column(path: str, key: str, columns) -> bool:
    """A header path an upper part of which names another template column than `key` and no
    group of its own (非财政拨款结转结余 over 上级国有资本经营预算安排的转移支付): its leaf stands
    under a cell not its own, a conversion's shift the file kept; its order is not the header's."""
    parts = [geometry.heading_key(p) for p in path.split("/")[:-1]]
    if not parts:
        return False
    groups = next((geometry.column_keys(c)[1] for c in columns if c.key == key), ())
    by_name = geometry.columns_by_name(columns)
    return any(p not in groups and any(c.key != key for c, _, _ in by_name.get(p, ())) for p in parts)


def last_years_column(path: str, latest: int, spec: TableSpec) -> str | None:
    """The template's column of last year's figures a header path printing the year before
    the latest names ("2023年决算数/合计" beside "2024年决算数/合计": 上年决算数/合计); None
    where the template has no such column (the column is then not read)."""
    if any(int(y) != latest - 1 for y in PRINTED_YEAR.findall(path)):
        return None
    key = column_named(PRINTED_YEAR_WORD.sub("上年", path), spec.columns, whole_figure=False)
    column = next((c for c in spec.columns if key and c.key == key), None)
    return key if column is not None and column.coords.get("phase", "").startswith("上年") else None


def this_years_column(path: str, spec: TableSpec):
    """The template column a header path printing the latest year names as this year's
    ("2025年预算数/合计" beside "2024年预算数/合计": 本年预算数/合计, where the template names its
    groups by 上年/本年); UNNAMED where it names none so."""
    return column_named(PRINTED_YEAR_WORD.sub("本年", path), spec.columns, whole_figure=spec.rows != "none")


def despanned(header: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """The header rows with a cell that repeats the one to its left blanked: a conversion
    writes a spanned cell in every column it spans (公用经费 | 公用经费 over 项目支出's column)."""
    return [(no, [c if k == 0 or c.strip() != cells[k - 1].strip() else "" for k, c in enumerate(cells)])
            for no, cells in header]


def contradicts(path: str, key: str | None, spec: TableSpec) -> bool:
    """The header over a column says it is not the template column `key` the order gives it:
    its leaf names other columns only, or it prints a group of other columns (非财政拨款 over
    the order's 财政拨款 column), or that column's label under a group of the header's own
    (一般公共预算拨款/小计 for 财政拨款's 小计)."""
    keys = [geometry.heading_key(p) for p in path.split("/")]
    column = next((c for c in spec.columns if c.key == key), None)
    if column is None:
        return False                     # beyond the template's columns: the order reads none
    own = [match_key(g) for g in column.path]
    # (a spanning header the template declares over its columns, 公务用车购置及运行费 over
    # 公务用车购置费 where the column's path omits it, says nothing against the order)
    groups, spanning, known = template_groups(spec)
    if any(k in groups and k not in own and k not in spanning for k in keys):
        return True
    score = geometry.column_score(column, keys)
    if not score:
        # the leaf names another column, or a part of the group the template does not know
        return (any(geometry.column_score(c, keys) for c in spec.columns)
                or names_other_part(keys, column, known))
    # a group printed longer than the template's (财政拨款结转 for 财政拨款) is still that group
    # (under 10: a group of the template's left out of the path, geometry._leaf_score)
    return score < 10 and any(k not in known and not any(map(k.startswith, own)) for k in keys[:-1])


def names_other_part(keys: list[str], column, known: set[str]) -> bool:
    """A header path printing the groups of the template column the order gives (基本支出 over
    人员经费), whose leaf is a word the template does not know and not that column's own word
    misread (工资福利支出 under 基本支出, not 人员经毁): the table splits the group into other
    parts than the template's, and the leaf is not that column. Before, such parts were read
    by order as 人员经费 | 公用经费 (an unknown third part's amounts as 项目支出's)."""
    leaf = keys[-1]
    names, groups = geometry.column_keys(column)
    if not groups or len(leaf) < 2 or leaf in known or any(g not in keys[:-1] for g in groups):
        return False
    # (an OCR'd label keeps most of its characters: one sharing half of them is the column's)
    return all(2 * len(set(leaf) & set(name)) < len(set(leaf)) for name in names)


def group_total(path: str, columns) -> str | None:
    """The key of the one column that is the total of the group a header path ends with
    (财政拨款 printed alone over one column: its 小计), None where there is no such one."""
    return one_total(group_totals(columns), path)


def one_total(totals: dict[str, list[str]], path: str) -> str | None:
    """group_total by the columns' group_totals."""
    keys = totals.get(match_key(path.rsplit("/", 1)[-1]), ())
    return keys[0] if len(keys) == 1 else None


_GROUP_TOTALS: dict[tuple[int, ...], tuple[tuple, dict[str, list[str]]]] = {}


def group_totals(columns) -> dict[str, list[str]]:
    """Each group (the match key of a column's last path part) → the keys of its columns that
    are a total (小计, 合计), in order. The columns' keys are the template's: made once per list
    of columns (keyed by their ids, which the kept columns hold), not once per header word."""
    ids = tuple(map(id, columns))
    known = _GROUP_TOTALS.get(ids)
    if known is not None:
        return known[1]
    from .geometry import SUBTOTAL_KEYS

    index: dict[str, list[str]] = {}
    for c in columns:
        if c.path and {match_key(c.label), *map(match_key, c.aliases)} & SUBTOTAL_KEYS:
            index.setdefault(match_key(c.path[-1]), []).append(c.key)
    _GROUP_TOTALS[ids] = (tuple(columns), index)
    return index


_TEMPLATE_GROUPS: dict = {}


def template_groups(spec: TableSpec) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(the groups the template's columns stand under, the spanning groups its header declares,
    every header string it knows), as match keys: what contradicts asks of the template for
    each column of each table read by order, made once per spec (they depend on it alone)."""
    return per_spec(_TEMPLATE_GROUPS, id(spec), spec, lambda: _template_groups(spec))


def _template_groups(spec: TableSpec) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    from .headers import header_strings

    return (frozenset(match_key(g) for c in spec.columns for g in c.path),
            frozenset(match_key(g) for g in spec.header_groups), frozenset(header_strings(spec)))


UNNAMED = object()      # column_named: a header that names no template column and no other one


def column_named(path: str, columns, whole_figure: bool):
    """The key of the template column a header path names; None for a column the templates do
    not have (上年预算数, 增减额 …); UNNAMED when it is neither. whole_figure: "本年预算数" alone
    (beside 上年预算数, over rows of items or codes) is the year's figure, its first column."""
    best_column = geometry.best_column
    keys = [geometry.heading_key(p) for p in path.split("/")]
    column = best_column(columns, keys)
    if column is None and THIS_YEAR.match(keys[-1]):       # "本年预算数合计": this year's 合计
        column = best_column(columns, [*keys[:-1], THIS_YEAR.sub("", keys[-1])])
    if column is None and any(THIS_YEARS_GROUP.match(k) for k in keys[:-1]):
        column = best_column(columns, [*(THIS_YEARS_GROUP.sub("", k) for k in keys[:-1]), keys[-1]])
    if column is None and whole_figure and THIS_YEARS_FIGURE.fullmatch(keys[-1]):
        column = next((c for c in columns if c.coords.get("phase", "本年预算") == "本年预算"), None)
    if column is not None:
        return column.key
    return None if NOT_A_TEMPLATE_COLUMN.search(path) else UNNAMED


def names_each_once(mapped: dict[int, str | None]) -> bool:
    """A header reading names some template column, and none twice."""
    named = [k for k in mapped.values() if k]
    return bool(named) and len(named) == len(set(named))


def say_left_out(out: BlockRows, mapped: dict[int, str | None], spec: TableSpec | None = None) -> None:
    """One warning per column read by its header as none of the template's (but those the
    template leaves out: a rate derived from the amounts)."""
    from .headers import left_out

    for j, key in sorted(mapped.items()):
        if key is None and not (spec and left_out(spec, header_path(out.header, j).rsplit("/", 1)[-1])):
            out.warnings.append(("column-not-in-template",
                                 f"第 {j + 1} 列{quoted(header_path(out.header, j))}不是模板的列（如上年数、增减），未读入"))


def side_columns_by_header(header: list[tuple[int, list[str]]], rows: list[tuple],
                           sides: list[tuple[str, list[str]]], spec: TableSpec,
                           in_place: bool = False) -> list[tuple[str, int, dict]] | None:
    """columns_by_header for a side-by-side grid ("项目 | 本年预算数 | 上年预算数 | 功能分类 |
    本年预算数 | 上年预算数"): each side's label column — where the rows print words — and its
    amount columns by their headers: [(side, label index, amount index → key or None)]. None
    (read by order) unless the header says something the template does not know, or (in_place:
    its cells stand over their columns) names a side's columns in another order than the template's
    (合计 | 政府性基金预算 | 一般公共预算), each side has one label column and every amount
    column is named or is not the template's."""
    from .headers import unmapped_cells

    if not header or not rows:
        return None
    unmapped = bool(unmapped_cells([cells for _, cells in header], spec))
    if not unmapped and not in_place:
        return None
    width = max(len(cells) for _, cells, _, _ in rows)
    worded = {j for _, cells, _, _ in rows for j, c in enumerate(cells) if _worded(c) and not is_amount_cell(c)}
    labels = sorted(j for j in worded if not any(is_amount_cell(cells[j]) for _, cells, _, _ in rows if j < len(cells)))
    if len(labels) != len(sides) or labels[0] != 0:
        return None
    out = []
    for (side, _), start, end in zip(sides, labels, labels[1:] + [width]):
        mapped: dict[int, str | None] = {}
        for j in range(start + 1, end):
            path = header_path(header, j)
            key = column_named(path, spec.sides[side].columns, whole_figure=True) if path else UNNAMED
            if key is UNNAMED:
                return None
            mapped[j] = key
        if not names_each_once(mapped):
            return None
        out.append((side, start, mapped))
    return out if unmapped or any(side_moved(header, spec.sides[side].columns, start, mapped)
                                  for side, start, mapped in out) else None


def side_moved(header: list[tuple[int, list[str]]], columns, start: int, mapped: dict[int, str | None]) -> bool:
    """A side's header names each of its amount columns, in another order than the
    template's, none standing under a cell naming another column (under_other_column)."""
    keys = [c.key for c in columns]
    order = {j: keys[j - start - 1] if j - start - 1 < len(keys) else None for j in mapped}
    if None in mapped.values() or mapped == order:
        return False
    return not any(under_other_column(header_path(header, j), k, columns) for j, k in mapped.items() if k != order[j])


def _side_rows_by_header(out: BlockRows, rows: list[tuple], by_header: list[tuple[str, int, dict]],
                         spec: TableSpec) -> None:
    """The rows of a side-by-side grid read by side_columns_by_header; the columns that are
    not the template's are named once."""
    out.printed_columns = {f"{side}:{k}" for side, _, mapped in by_header for k in mapped.values() if k}
    for _, _, mapped in by_header:
        say_left_out(out, mapped, spec)
    for ln, cells, at, _ in rows:
        for g, (side, start, mapped) in enumerate(by_header):
            label = cells[start] if start < len(cells) else ""
            row = _side_label(ln, [label], side, g == 0, spec)
            straddling: list[tuple[RawValue, list]] = []
            for j, key in mapped.items():
                value = amount_of(cells[j], ln.no, integers=True, bracketed=True) \
                    if key and j < len(cells) and cells[j].strip() else None
                if value is None and key and j < len(cells):
                    kept_unread(ln, cells[j], j if at is None else at[j], key, row)
                if value is not None:
                    value.column = key
                    index = j if at is None else at[j]
                    locate(value, ln, index)
                    row.values.append(value)
                    if ln.spans:                   # (merged over columns: see leave_open)
                        straddles(straddling, ln, index, value, mapped.get, j)
            leave_open(out, row, straddling)
            if row.name or row.code or row.values:
                out.rows.append(row)


def merged_labels_down(rows: list[tuple], label_count: int, items: bool = False) -> list[tuple]:
    """A label cell merged down over several rows (a budget system's export merges the code and
    the function's name over each of its projects; HTML rowspan, Word's vertical merge) labels
    each of them: a covered cell reads '' and carries the merged cell's ref, which the same
    column of the row above has too. Amount cells are never copied (that would count one
    amount several times). In a table of items (`items`) a label merged down beside rows that
    name themselves in a later column is their group's (公务用车购置及运行费 over 购置费 and
    运行费): those rows keep their own names."""
    out, prev = [], None
    for ln, cells, at, numbers in rows:
        refs = ln.cell_refs
        if prev is not None and refs and prev[0].cell_refs:
            carried = None
            for j in range(min(label_count, len(cells), len(prev[1]))):
                i, pi = (at[j], prev[2][j]) if at is not None and prev[2] is not None else (j, j)
                if items and any(c.strip() for c in cells[j + 1:label_count]):
                    continue
                if not cells[j].strip() and prev[1][j].strip() and i < len(refs) and \
                        pi < len(prev[0].cell_refs) and refs[i] is not None and refs[i] == prev[0].cell_refs[pi]:
                    carried = carried or list(cells)
                    carried[j] = prev[1][j]
            cells = carried or cells
        prev = (ln, cells, at, numbers)
        out.append(prev)
    return out


def row_number_columns(header: list[tuple[int, list[str]]]) -> list[int]:
    """The indices of the header's 行次 columns (one per side in a side-by-side sheet)."""
    return sorted({j for _, cells in header for j, c in enumerate(cells) if "行" in c and no_space(c) in ROW_NUMBER_HEADERS})


def without_row_numbers(ln: Line, cells: list[str], numbered: list[int]):
    """(line, its cells without the 行次 columns, each kept cell's index in the line — None:
    none was dropped —, the row numbers as printed)."""
    if not numbered:
        return ln, cells, None, []              # (each cell where it was printed)
    keep = [j for j in range(len(cells)) if j not in numbered]
    numbers = [strip_markup(cells[j]).strip() if j < len(cells) else "" for j in numbered]
    return ln, [cells[j] for j in keep], keep, numbers


def filled(cells: list[str], start: int = 0, end: int | None = None):
    """Indices of the non-empty cells in cells[start:end] (most cells of a grid are empty:
    they are skipped in C)."""
    end = len(cells) if end is None else min(end, len(cells))
    return itertools.compress(range(start, end), cells[start:end])


def locate(value: RawValue, ln: Line, index: int) -> None:
    """The cell's page, box and reference, when the reader gave them."""
    if ln.cell_boxes is None and not ln.cell_refs:
        return                           # plain text and markdown: nothing to add
    if ln.cell_boxes is not None:        # a printed page (PDF); sheets and tables go by ref
        value.page = ln.page
    if ln.cell_boxes and index < len(ln.cell_boxes):
        value.box = ln.cell_boxes[index]
    if ln.cell_refs and index < len(ln.cell_refs):
        value.ref = ln.cell_refs[index]


def header_key(cells: list[str]) -> tuple[str, ...]:
    return tuple([norm_label(c) for c in cells if c.strip()])


def repeated_header(key: tuple[str, ...], header_keys: set[tuple[str, ...]], cells: list[str],
                    spec: TableSpec) -> bool:
    """A row of the table's header again (after a page break): one of its rows, or the first
    cells of one, two at least, and no figures (the next page's part without the columns it
    leaves empty, a converter dropping them, repeats the header without theirs too)."""
    if key in header_keys:
        return True
    return len(key) >= 2 and any(k[:len(key)] == key for k in header_keys) and not _grid_data_like(cells, spec)


def header_again(cells: list[str], header: list[tuple[int, list[str]]]) -> list[str] | None:
    """The row of the table's header (line, cells) that `cells` print again cut short: a
    header repeated atop a page, its cells shorter than their words (LibreOffice clips what
    does not fit: 一般公共 for 一般公共预算拨款收入), is that row, read by its words as first
    printed. None where it is no such row (text.starts_of)."""
    for _, row in header:                   # (a loop, not a generator: asked of every data row)
        if len(row) == len(cells) and starts_of(cells, row):
            return row
    return None


def first_label(cells: list[str]) -> str:
    """header_key(cells)[0] (or "" when the key is empty), without the rest."""
    for c in cells:
        if c.strip():
            return norm_label(c)
    return ""


# a 款 or 项 code, a space, and its name in one cell (never a year: 2024 年预算数)
CODE_THEN_NAME = re.compile(r"\d{5}(?:\d{2})?\s+[\u4e00-\u9fff（(]")


def _grid_data_like(cells: list[str], spec: TableSpec) -> bool:
    if any(map(is_amount_cell, cells)) or any(map(_percent_figure, cells)):
        return True
    if _integer_amounts(cells, spec):
        return True
    first = next((c for c in cells if c.strip()), "")
    if first[:3].isdigit() and not first[:4].isdigit():     # a code before its name, in one cell
        code, name = split_code_label(first)
        if code and name:
            return len(code) in (3, 5, 7)
    elif first[:5].isdigit() and CODE_THEN_NAME.match(first):
        return True             # (layout text: "2010301 行政运行", its figures a run left unread)
    code = code_of(first)
    return bool(code) and len(code) in (3, 7)


# a figure printed with a percent sign (a share column, or an amount cell a workbook formats
# as 0.00%): a header prints words (占比（%）), never a bare figure with its sign
PERCENT_FIGURE = re.compile(r"[-+−]?\d[\d,]*(?:\.\d+)?%").fullmatch


def _percent_figure(text: str) -> bool:
    return ("%" in text or "％" in text) and PERCENT_FIGURE(cell_text(text).translate(FULLWIDTH_DIGITS)) is not None


# the sub-row under 功能分类科目编码 that names the code's parts: a header, whatever follows it
CODE_PARTS = frozenset("类款项")


def _integer_amounts(cells: list[str], spec: TableSpec) -> bool:
    """A data row whose amounts print as integers (a workbook's 元 in format 0, a CSV export):
    a label, then integers ("一、财政拨款收入 | 6300000"); in a table whose rows have no label
    (the 三公 table), integers alone or after the row's one label, dashes where there is nothing
    ("20 | 0 | 1 | 19", "合计 | 80000 | - …"; a numbering row is not data)."""
    if spec.rows == "none":
        numbers = [c.strip() for c in cells if c.strip()]
        if numbers and _worded(numbers[0]):
            # its label (合计, 2025年预算数) before the integers; under a label, integers counting
            # 1, 2, 3 … number the columns (栏次 | 1 | 2 | 3)
            numbers = numbers[1:]
            if counts_from_one(numbers):
                return False
        figures = [c for c in numbers if c not in PLACEHOLDERS]        # (a dash: nothing there)
        return len(figures) >= 2 and all(c.isdigit() for c in figures)
    # a label is words in Chinese; a header row misread (OCR: 功能 | 12.71W. | 72727 | x•///)
    # has cells that are neither words nor numbers
    if _after_label(cells) is None or any(c.strip() in CODE_PARTS or _junk(c) for c in cells):
        return False
    if "栏次" in map(str.strip, cells):      # "栏次 | （1） | 2": the columns' numbers, bracketed or not
        return False
    # "序号 | ※ | ※ | 1 | 2 | 3": the columns' numbers under a label is_number_row does not know
    return not counts_from_one([c.strip() for c in cells if c.strip().isdigit()])


HAS_CJK = re.compile(r"[\u4e00-\u9fff]").search


def _junk(text: str) -> bool:
    """A cell that is neither a number, a dash for an empty amount, nor words in Chinese."""
    t = text.strip()
    return bool(t) and NUMBERISH(t) is None and t not in PLACEHOLDERS and HAS_CJK(t) is None \
        and BRACKETED_INTEGER.match(t) is None           # "(125)": a negative whole amount


def _after_label(cells: list[str]) -> int | None:
    """The index of the first integer cell after a cell of words ("201 | 03 | 01 | 行政运行 |
    5000000"): where the amounts begin in a row whose amounts print without decimals or
    thousands separators (a workbook's 元 in format 0, a CSV export); the integers before the
    words are its code. None when no cell of words is followed by one."""
    worded = False
    for i, c in enumerate(cells):
        t = c.strip()
        if not t:
            continue
        if t.isdigit() or (t[:1] in "(（" and BRACKETED_INTEGER.match(t)):     # (125): a negative
            if worded:
                return i
        elif _worded(t):
            worded = True
    return None


NUMBERISH = re.compile(r"[-+−]?[\d,，.．]+%?").fullmatch


def _worded(text: str) -> bool:
    """A cell of words, not a number ("1.一般公共预算" and "30101基本工资" are words)."""
    t = text.strip()
    return bool(t) and NUMBERISH(t) is None


def whole_numbers_start(rows: list[tuple], label_count: int, header: list[tuple[int, list[str]]],
                        spec: TableSpec) -> int:
    """Where the amounts begin when every row with amounts prints a whole number in the same
    column before its first amount with decimals, after its words and with no words after
    it, and the header names a template column there (a sheet's 合计 in General format, 180,
    beside 130.00 in format 0.00); else label_count. A code is followed by its name, and a
    数量 column is named by no template column."""
    starts = set()
    for _, cells, _, _ in rows:
        first = next((i for i, c in enumerate(cells) if is_amount_cell(c)), None)
        if first is None:
            continue
        after = _after_label(cells[:first])
        if after is None or any(_worded(c) for c in cells[after:first]):
            return label_count
        starts.add(after)
    if len(starts) != 1 or (start := starts.pop()) >= label_count or not header:
        return label_count
    named = column_named(header_path(header, start), spec.columns, whole_figure=spec.rows != "none")
    return start if named is not UNNAMED and named is not None else label_count


def narrower_row(cells: list[str], label_count: int) -> list[str]:
    """A row narrower than its table whose amounts begin among the label columns (a Word
    table's part on the next page printing code and name in one cell): its labels padded to
    the table's, so that its amounts stand under their columns, not in its name."""
    first = first_figure(cells)
    if first is None:
        return cells
    return cells[:first] + [""] * (label_count - first) + cells[first:] if 0 < first < label_count else cells


def first_figure(cells: list[str]) -> int | None:
    """Where the row's amounts begin: its first amount cell, else its first whole number after
    its words (amounts printed without decimals: _after_label); None in a row without either."""
    first = next((i for i, c in enumerate(cells) if is_amount_cell(c)), None)
    return _after_label(cells) if first is None else first


def blank_labels(rows: list[tuple]) -> int | None:
    """Where the figures begin in rows of figures alone, a dash where there is nothing: after
    the blank label cells before them (" | 80000 | - | 60000", the 三公 table's row under 项目
    left empty), at the first cell where there are none ("20 | - | 5 | 15"). Not after the
    dash, which _guess_label_count takes for words. None where a row has words."""
    starts = set()
    for _, cells, _, _ in rows:
        filled_at = [i for i, c in enumerate(cells) if c.strip()]
        if not filled_at or any(_worded(cells[i]) and cells[i].strip() not in PLACEHOLDERS for i in filled_at):
            return None
        starts.add(filled_at[0])
    return min(starts, default=None)


def _guess_label_count(rows: list[tuple[Line, list[str]]]) -> int:
    firsts = Counter()
    starts = [first_figure(cells) for _, cells in rows]
    # rows of the table's full width say where its amounts begin: a narrower part (a Word
    # table's part on the next page with its code and name in one cell) says it for itself
    # only, and its first amount column would make the rest's name an amount (whole numbers
    # as amounts with decimals)
    widest = max((len(cells) for (_, cells), at in zip(rows, starts) if at is not None), default=0)
    for (_, cells), idx in zip(rows, starts):
        if idx is None or len(cells) < widest:
            continue
        firsts[idx] += 1
    if firsts:
        return min(firsts)
    # no amount anywhere (a table left empty, its rows' codes and names kept): every cell up to
    # the last cell of words is the label, so that a code is not read as an amount
    return max((i + 1 for _, cells in rows for i, c in enumerate(cells) if _worded(c)), default=0)


@memoised
def label_cell(text: str) -> tuple[str, str | None, str | None, str]:
    """A label cell read once: (as printed, its code, the single digit it is, its label)."""
    digit = ascii_digits(compact(text))
    return (strip_markup(text).strip(), code_of(text), digit if digit.isdigit() and len(digit) == 1 else None,
            norm_label(text))


def _label_row(ln: Line, label_cells: list[str], spec: TableSpec, levels: list[int | None] | None = None) -> RawRow:
    """A row's code, name (and project) from its label cells; levels: the code level (0 类,
    1 款, 2 项) each cell's column prints, where the header names them."""
    row = RawRow(line=ln.no, line_end=ln.no)
    cells = [label_cell(c) for c in label_cells]
    row.raw_label = " | ".join([c[0] for c in cells])
    if levels:
        row.levels = printed_levels(label_cells, levels)
        if row.levels:        # a 款 or 项 printed alone: its blank 类 cell is no label text
            cells = [c for c, level in zip(cells, levels) if level is None or c[0]]
    codes, texts = [], []
    for _, code, digit, label in cells:
        code = code or (digit if codes else None)
        if code and not texts:
            codes.append(code)
        else:
            texts.append(label)
    if texts and not codes and texts[0]:
        code, name = split_code_label(texts[0])
        if code:
            codes, texts[0] = [code], name
    # 类 款 项 printed in columns of their own: a 款 or 项 is two digits ('2' is 02 whose
    # leading zero a spreadsheet dropped)
    row.code = codes[0] + "".join(c.zfill(2) for c in codes[1:]) if len(codes) > 1 and len(codes[0]) == 3 \
        else "".join(codes)
    if spec.rows == "function_project" and len(texts) >= 2:
        row.name, row.project = texts[-2], texts[-1]
        if not row.name and not row.code:
            # a project printed without code, or a label alone before the name's column (合计
            # merged over the label columns): the row's name
            row.name, row.project = row.project or next((t for t in texts if t), ""), ""
    else:
        row.name = next((t for t in texts if t), "")
    return row


# the header cells over a code printed level by level: 类 | 款 | 项 (经济分类: 类 | 款)
LEVEL_HEADERS = {"类": 0, "款": 1, "项": 2}


def level_columns(header: list[list[str]], label_count: int) -> list[int | None] | None:
    """For each label cell of a grid, the code level its column prints (None: not a code part),
    from the header row that names 类 and 款 (and 项) in that order; None when none does."""
    for cells in header:
        levels = [LEVEL_HEADERS.get(no_space(c)) for c in cells[:label_count]]
        printed = [level for level in levels if level is not None]
        if printed in ([0, 1], [0, 1, 2]):
            return levels + [None] * (label_count - len(levels))
    return None


def printed_levels(label_cells: list[str], levels: list[int | None]) -> list[str]:
    """The code parts a row prints in its 类 | 款 | 项 cells ('' for a blank one); [] when it
    prints none (a total, a project without code) or words in one of them (合计 merged over them)."""
    parts = [""] * (max(level for level in levels if level is not None) + 1)
    for text, level in zip(label_cells, levels):
        if level is not None:
            parts[level] = compact(text)
    if not any(parts) or not all(p.isdigit() for p in parts if p):
        return []
    return parts


def codes_from_rows_above(out: BlockRows) -> None:
    """A code printed level by level, each row only its own part (类 "201 | | ", its 款 " | 03 | ",
    their 项 " | | 01"; or 类 and 款 cells merged down over their children): a row's blank
    upper parts are those of the nearest row above that prints them — 20103, 2010301. Rows
    without a printed part (totals, projects without code) neither take nor give one."""
    above: list[str] = []
    for row in out.rows:
        parts = joined_split(row.levels)
        if not parts:
            continue
        deepest = max(k for k, p in enumerate(parts) if p)
        printed = parts[:deepest + 1]
        if all(printed):
            above = printed
            continue
        # the blank parts from above; a part printed above a blank one must be the row above's
        # ("208 | | 01" under 20103 is no 2080301), one printed below it is the row's own
        # (" | 03 | 01": the 类 merged down, a new 款)
        whole = [p or (above[k] if k < len(above) else "") for k, p in enumerate(printed)]
        gap = max(k for k, p in enumerate(printed) if not p)
        if all(whole) and whole[:gap] == above[:gap] and len(whole[0]) == 3 and all(len(p) <= 2 for p in whole[1:]):
            row.code = whole[0] + "".join(p.zfill(2) for p in whole[1:])
            above = whole
            continue
        out.warnings.append(("code-part-alone", f"第 {row.line} 行的科目编码只印了下级部分{quoted(row.raw_label)}，"
                             "上方没有可承接的上级编码，编码按所印读入，请核对"))
        above = printed[:printed.index("")]


def joined_split(parts: list[str]) -> list[str]:
    """A whole code printed in the 类 column ("2010301 | | "): its parts, as the level columns would."""
    if parts and len(parts[0]) in (5, 7) and not any(parts[1:]):
        return [parts[0][:3], parts[0][3:5], parts[0][5:7]][:len(parts[0]) // 2]
    return parts


def label_groups(spec: TableSpec, sides: list[tuple[str, list[str]]], header: list[list[str]]) -> tuple[int, int]:
    """(label cells per group, groups) of a side-by-side grid whose sides print one amount
    column each: the header row that names the label columns (科目编码 | 科目名称 | 决算数 …)
    tells both — 基本支出决算表 prints 人员经费 and 公用经费 as two or three such groups, the
    third continuing 公用经费. (1, sides) otherwise: one label cell per side, one group each
    (Jiangsu's 收支总表 prints three sides: 收入, 支出 by function, 支出 by use)."""
    from .geometry import LABEL_KEYS

    if len(sides) != 2 or len(sides[0][1]) != len(sides[1][1]):
        return 1, len(sides)
    ni = len(sides[0][1])
    amount_keys = {match_key(t) for side in spec.sides.values() for c in side.columns for t in (c.label, *c.aliases)}
    for cells in header:
        keys = [match_key(c) for c in cells if c.strip()]
        labels, amounts = sum(k in LABEL_KEYS for k in keys), sum(k in amount_keys for k in keys)
        if labels + amounts != len(keys) or not amounts or amounts % ni:
            continue
        groups = amounts // ni
        if groups >= 2 and labels % groups == 0 and labels:
            return labels // groups, groups
    return 1, 2


def side_columns_shown(sides: list[tuple[str, list[str]]], width: int, cells: int) -> set[str]:
    """The side-prefixed keys of the columns a side-by-side grid `cells` wide prints, read as
    _side_rows_grid reads them (each side its label cells, then its columns in template order):
    a sheet narrower than the template prints the last side's first columns only (收入 预算数 |
    支出 预算数 where the template also has 人员经费, 公用经费 and 项目支出). Empty when it
    prints them all (every column counts as printed)."""
    full = sum(width + len(keys) for _, keys in sides)
    if cells >= full:
        return set()
    shown, start = set(), 0
    for side, keys in sides:
        n = max(0, min(len(keys), cells - start - width))
        shown |= {f"{side}:{k}" for k in keys[:n]}
        start += width + len(keys)
    return shown


def _side_rows_grid(ln: Line, cells: list[str], sides: list[tuple[str, list[str]]], at, numbers: list[str],
                    spec: TableSpec, width: int = 1, groups: int = 2, out: BlockRows | None = None) -> list[RawRow]:
    """A line of a side-by-side grid: the first side's label and amounts, then the second's
    (sides: each side's name and column keys, in order; at: each cell's index in the line;
    numbers: the 行次 printed, one per side; width and groups: label_groups — a third group
    continues the second side; out: where an amount merged over columns leaves its candidates,
    leave_open)."""
    # each group: its side's label cells, then its amounts; groups past the sides continue the last
    groups = max(groups, len(sides))
    segments = [sides[min(g, len(sides) - 1)] for g in range(groups)]
    starts, end = [], 0
    for _, keys in segments:
        starts.append(end)
        end += width + len(keys)
    cells = cells + [""] * (end - len(cells))
    rows = []
    for g, (start, (side, keys)) in enumerate(zip(starts, segments)):
        row = _side_label(ln, cells[start:start + width], side, g == 0 and width == 1, spec)
        straddling: list[tuple[RawValue, list]] = []
        for j in range(start + width, start + width + len(keys)):
            value = amount_of(cells[j], ln.no, integers=True) if cells[j] else None   # integers too
            # (an empty cell of a line the file holds every value of keeps nothing: not asked)
            if value is None and (cells[j] or ln.unread):
                kept_unread(ln, cells[j], j if at is None or j >= len(at) else at[j], keys[j - start - width], row)
            if value:
                value.column = keys[j - start - width]
                index = j if at is None or j >= len(at) else at[j]
                locate(value, ln, index)
                row.values.append(value)
                if ln.spans:                       # (merged over columns: see leave_open)
                    straddles(straddling, ln, index, value, key_by_order(keys, start + width), j)
        if out is not None:
            leave_open(out, row, straddling)
        if g < len(numbers) and numbers[g]:
            row.row_number = numbers[g]
        prev = rows[-1] if rows else None
        if prev is not None and prev.side == row.side and not (row.name or row.code) and (row.values or row.unread) \
                and not prev.values and not prev.unread:
            prev.values, prev.unread = row.values, row.unread   # "公用经费合计" merged across both 公用经费 groups
            continue
        if row.name or row.code or row.values:
            rows.append(row)
    return rows


def _side_label(ln: Line, label: list[str], side: str, plain_first: bool, spec: TableSpec) -> RawRow:
    """A side's row from its label cells: one cell (the first side's label as printed, the
    second's split into code and name) or a code and a name. A 行次 printed in the label's own
    cell ("本年支出合计 59", a conversion joined the cells) is taken off as the row's number."""
    if len(label) > 1:
        row = _label_row(ln, label, spec)
        row.side = side
        return row
    text = strip_markup(label[0]).strip()
    number = ""
    if text[-1:].isdigit() and " " in text:          # (most labels end in a character)
        words = text.split()
        number = _row_number(words)
        if number:
            text = " ".join(words)
    row = RawRow(line=ln.no, line_end=ln.no, side=side, raw_label=text, row_number=number)
    if plain_first:
        row.name = norm_label(text)
    else:
        row.code, row.name = split_code_label(text)
    return row


# ---- plain text (columns separated by spaces, empty cells gone) ---------------------------

def without_hidden(text: str, percents: bool = False) -> str:
    """A line of plain text less its amounts printed as ### past its first word (a markdown
    heading's ### is no amount): no label's text, they are kept in their row unread
    (tables.keep_hidden); percents: less the percentages among the amounts it ends with too
    (unread_slots keeps them)."""
    first, *rest = text.split(" ")
    rest = [w for w in rest if not HIDDEN_AMOUNT.match(w)]
    if percents:
        start = amount_run(rest)
        rest = rest[:start] + [w for w in rest[start:] if not _percent_figure(w)]
    return " ".join([first, *rest])


def amount_run(words: list[str], line: int = 0) -> int:
    """Where the cells a line's words end with begin: amounts, dashes for empty cells, ###
    and percentages (no amount column prints one: a workbook's amount formatted as a
    percent), the percentages only among amounts (a note's "增长 3.1%" is words)."""
    start = _run_start(words, line, True)
    if any(amount_of(w, line) is not None for w in words[start:]):
        return start
    return _run_start(words, line, False)


def _run_start(words: list[str], line: int, percents: bool) -> int:
    start = len(words)
    while start and (not words[start - 1] or HIDDEN_AMOUNT.match(words[start - 1]) or words[start - 1] in PLACEHOLDERS
                     or (percents and _percent_figure(words[start - 1])) or amount_of(words[start - 1], line) is not None):
        start -= 1
    return start


def percent_cells(ln: Line, shares: bool) -> bool:
    """A plain line whose percentages among its amounts are unread cells: text whose words
    keep no boxes (a PDF page's words are placed by them), in a table printing no share
    column (a header's 占比（%）: a percentage there is that column's)."""
    return not shares and ln.word_boxes is None and ("%" in ln.text or "％" in ln.text)


def unread_slots(ln: Line, slots: list, spec: TableSpec, lead: list[str], notes: list,
                 percents: bool) -> tuple[list, list[RawValue], int]:
    """A plain line's cells with its ### and percentages put back where it printed them
    (without_hidden struck them out of its text). Where the line prints a cell for every
    column, each stands for its column as a dash does (placed_by_dashes then places the
    amounts by position) and is kept unread there. Else the slots as they were, the ### left
    to keep_hidden, and a percentage kept unread with the columns its place in the row's
    order allows (its candidates): the row's amounts are not moved into its column. Last,
    how many dashes the lead ends with are the row's cells (a dash that stood after one of
    them: _line_slots took it for the label's)."""
    keys = usual_keys(spec)
    words = (strip_markup(ln.text) if ln.word_boxes is not None else close_spaced(strip_markup(ln.text))).split()
    run = words[1 + (amount_run(words[1:], ln.no) if percents else _run_start(words[1:], ln.no, False)):]
    while run and run[0] in PLACEHOLDERS:
        run.pop(0)                       # (a dash before the first amount is the label's: _line_slots)
    odd = [k for k, word in enumerate(run) if HIDDEN_AMOUNT.match(word) or _percent_figure(word)]
    amounts = [v for v in slots if v is not None]
    dashes = sum(w in PLACEHOLDERS for w in run)
    if not odd or len(run) - len(odd) - dashes != len(amounts):
        return slots, [], 0
    dashes -= slots.count(None)
    label = " ".join(lead[:len(lead) - dashes])
    if len(run) == len(keys):
        rest = iter(amounts)
        placed = [None if k in odd or run[k] in PLACEHOLDERS else next(rest) for k in range(len(run))]
        kept = [RawValue(run[k], None, None, ln.no, keys[k], unread=UNREAD_HIDDEN if HIDDEN_AMOUNT.match(run[k])
                         else UNREAD_MISREAD) for k in odd]
        for value in kept:
            if value.unread == UNREAD_MISREAD:
                column = next(c.label for c in spec.columns if c.key == value.column)
                notes.append(("amount-unsure", percent_said(ln.no, label, value.text, f"{quoted(column)}列印的是"), ln.no))
        return placed, kept, dashes
    cells = [w for w in run if w not in PLACEHOLDERS and not HIDDEN_AMOUNT.match(w)]
    # (a ### or more cells than columns: the order places nothing)
    ordered = len(cells) <= len(keys) and len(cells) == len([w for w in run if w not in PLACEHOLDERS])
    kept = []
    for i, word in enumerate(cells):
        if _percent_figure(word):
            options = tuple(order_choices(i, len(cells), keys)) if ordered else tuple(keys)
            kept.append(RawValue(word, None, None, ln.no, unread=UNREAD_MISREAD, slot=i if ordered else None,
                                 candidates=options))
            labels = "、".join(c.label for c in spec.columns if c.key in options)
            notes.append(("amount-unsure", percent_said(ln.no, label, word, "印的",
                                                        f"；本行有的列空着未印，它在哪一列无法确定，可能为：{labels}"), ln.no))
    return slots, kept, dashes


def percent_said(line: int, label: str, text: str, where: str, open_: str = "") -> str:
    """The note of a percentage printed where an amount belongs (as geometry.misread_amount
    says it of a grid's cell), naming the row by its line and label."""
    row = f"第 {line} 行" + (f"（{label}）" if label else "")
    return f"{row}{where}百分数“{text}”，不是金额，未读入（可能是金额设成了百分比格式，或各列错位）{open_}，请对照原表核实"


def order_choices(place: int, cells: int, keys: list[str]) -> list[str]:
    """The columns the cell at `place` of a row printing `cells` cells in order (empty ones
    vanished) may stand for."""
    return keys[place:place + len(keys) - cells + 1]


def plain_rows(lines: list[Line], spec: TableSpec) -> BlockRows:
    out = BlockRows()
    read_meta(lines, out)
    # (a numbering row has a token 1: a line without the character is none, told without a call)
    has_number_row = any(is_number_text(ln.text) for ln in lines if "1" in ln.text)
    header_texts: set[str] = set()
    state = "title"           # title → header → data; a page break goes back to header
    pending: RawRow | None = None
    body = []
    # (a negative's marks apart from its figure closed, "( 12.50 )": one token; not where a PDF's
    # words keep their boxes, one box a token)
    # (strip_markup's text comes stripped; a blank line, half of a pdftotext table's, is none
    # of the texts: it is left out before, not after, the two calls per line)
    texts = [(ln, strip_markup(ln.text) if ln.word_boxes is not None else close_spaced(strip_markup(ln.text)))
             for ln in lines[1:] if ln.text.strip()]
    # (one search over the table's text: most tables have no figure OCR cut; a cut cannot
    # span lines, its pattern holding no line break)
    if has_split_figure("\n".join([t for ln, t in texts if ln.word_boxes is None])):
        texts = [(ln, t if ln.word_boxes is not None else joined_figures(t)) for ln, t in texts]
    # (a header word of a share, 占比（%）: the table prints percentages of its own)
    # (only lines with a % are cut into words: most have none)
    percented = [ln for ln in lines if "%" in ln.text or "％" in ln.text]
    shares = any(not _percent_figure(w) for ln in percented for w in ln.text.split() if "%" in w or "％" in w)
    if percented or any("##" in t for _, t in texts):
        texts = [(ln, without_hidden(t, percents) if "##" in t or percents else t)
                 for ln, t in texts if t for percents in [percent_cells(ln, shares)]]
    else:                   # (most tables: no line to strike a ### or a percentage from)
        texts = [(ln, t) for ln, t in texts if t]
    boxed_words = any(ln.word_boxes is not None for ln, _ in texts)
    if not boxed_words:                                      # (a PDF's words: their boxes say)
        texts = space_grouped(texts, max([len(s.columns) for s in spec.sides.values()]
                                         if spec.layout == "side_by_side" else [len(spec.columns)], default=0))
    if boxed_words:
        # a PDF page without rules: a figure's marks printed apart from it, and amounts wrapped
        # inside their cells, by the words' places
        from .unruled import marks_joined, rates_apart, wrapped_amounts_joined

        signs: list[tuple] = []
        rated = rates_apart([(ln, t, t.split()) for ln, t in texts], spec, signs)
        joined, notes = wrapped_amounts_joined(marks_joined(rated, signs))
        texts = [(ln, t) for ln, t, _ in joined]
        out.warnings.extend(signs + notes)
    note_lines = empty_note_lines(texts, spec)
    coded = spec.rows in ("function", "economic", "function_project")
    # a table in reading order, one cell a line (pdftotext without -layout): a row's amounts
    # come over several lines; a repeated header is told by runs of header lines
    cells_alone = one_cell_per_line(texts)
    one_cell = cells_alone and spec.layout != "side_by_side"
    if spec.layout == "side_by_side" and not cells_alone:
        # (a side's labels of several words, "201 一般公共服务支出", are no line of one token)
        from .side_cells import cells_apart

        # (lines cut into words as it asks for them: it stops at the first row of words and amounts)
        cells_alone = cells_apart((ln, t, t.split()) for ln, t in texts)
    at = {id(ln): i for i, (ln, _) in enumerate(texts)} if cells_alone else {}
    bare_yuan = out.unit == "元" and yuan_whole(texts)
    zone: list[tuple[Line, str, list[str]]] = []      # the header lines above the data
    first_zone: list[tuple[Line, str, list[str]]] | None = None     # those above the first page's
    resumed: set[int] = set()        # the first line after a page's repeated header
    turned = False                   # a header repeated over a page's rows was just passed
    counted: str | None = None       # the last number of a numbering row just passed
    sided = spec.layout == "side_by_side"
    folios = set() if cells_alone else page_folios(texts)
    for ln, text in texts:
        # (the line's first character rules most lines out of the page-number, 单位 and label
        # patterns, each anchored at the start, before any regex runs)
        first = text.lstrip()[:1]
        if (first in FOLIO_FIRSTS or first.isdecimal()) and FOLIO_MARK.match(text) or ln.no in folios:
            continue
        if (first in META_FIRSTS and META.match(text)) or (
                state == "title" and text[:1] in LABEL_FIRSTS and TABLE_LABEL.match(text)):
            if state == "data":
                state, out.pages = "header", out.pages + 1
            elif state == "title":
                state = "header"
            zone = []
            continue
        if ln.no in note_lines:
            continue
        tokens = text.split()
        if "1" in tokens and is_number_text(text):      # (no token 1, no numbering row: no call)
            state, counted = "data", tokens[-1] if tokens[-1].isdecimal() else None   # ("1 ※": no count)
            continue
        if cells_alone and counted and tokens == [str(int(counted) + 1)]:
            counted = tokens[0]        # (one cell a line: the numbering row's 2, 3 … after its 1)
            continue
        counted = None
        if state in ("title", "header"):
            # before the first numbering row everything is header; after a page break only
            # until the next line that reads as data (some pages repeat just the 单位 line)
            if (has_number_row and out.pages == 1) or not (_data_like(tokens, bare_yuan) or sided and side_data_like(tokens)):
                if not out.pages > 1:
                    out.header.append((ln.no, tokens))
                    if not (coded and len(tokens) == 1 and _leading_codes(tokens)):
                        # (a code alone, the first row's class written a cell a line, is no
                        # header the rows' codes repeat)
                        header_texts.add("".join(tokens))
                zone.append((ln, text, tokens))
                continue
            state = "data"
            if first_zone is None:
                first_zone = list(zone)
            if one_cell and out.pages > 1:
                # a page's first lines after its repeated header: the rest of a name cut by the
                # page break (its row's first lines on the page before), and the first row's
                heads = after_header(zone, header_texts)
                resumed.update(h[0].no for h in heads[:1])
                body += heads
            elif one_cell:
                for head in first_row_lines(zone, coded):
                    # the first row's name (and code), written between the header and its amounts
                    out.header = [h for h in out.header if h[0] != head[0].no]
                    body.append(head)
            for head in name_heads(zone, ln, spec):
                # the first row's name, centred on its row: its first lines stand above the
                # line of its amounts, among the header's
                out.header = [h for h in out.header if h[0] != head[0].no]
                header_texts.discard("".join(head[2]))
                body.append(head)
        if header_texts and "".join(tokens) in header_texts and not (
                ln.word_boxes is not None and body and body[-1][0].page == ln.page
                and not words_above_header(body, ln.page)) and not (
                cells_alone and not in_header_run(texts, at[id(ln)], header_texts)) and not name_rest(body, ln, tokens):
            turned = bool(body)
            if ln.word_boxes is not None:
                # (the lines over it on its page: the page's running head, 单位名称 …, no rows)
                del body[len(body) - words_above_header(body, ln.page):]
            continue      # a header printed again over a page's rows (not a row's line under them)
        if turned:
            resumed.add(ln.no)
            turned = False
        if spec.layout == "side_by_side" and PLACEHOLDERS.intersection(tokens):
            # a dash printed for an empty (zero) cell of either side: an empty cell, as vanished
            if ln.word_boxes is not None and len(ln.word_boxes) == len(tokens):
                ln = replace(ln, word_boxes=[b for tok, b in zip(tokens, ln.word_boxes) if tok not in PLACEHOLDERS])
            tokens = [tok for tok in tokens if tok not in PLACEHOLDERS]
            text = " ".join(tokens)
        body.append((ln, text, tokens))
    # (a page repeating the header alone, no 单位 line over it, is a page all the same)
    out.pages = max(out.pages, len({ln.page for ln, _, _ in body if ln.page is not None}))
    numbered = any(no_space(tok) in ROW_NUMBER_HEADERS for _, toks in out.header for tok in toks)
    if spec.layout == "side_by_side":
        last: RawRow | None = None
        first, second = list(spec.sides)[:2]
        if cells_alone:
            from .side_cells import side_cell_rows

            notes: list = []
            rebuilt = side_cell_rows(body, first_zone or [], spec, first, second, notes)
            if rebuilt is not None:
                out.warnings += notes
                labels = {r.line for r in rebuilt} | {r.line_end for r in rebuilt}
                out.header = [h for h in out.header if h[0] not in labels]
                out.rows = rebuilt
                return out
        # a first side of coded rows (决算 基本支出表: 301 工资福利支出 … | 302 …): a code at the
        # start of a line opens it, not the second side
        coded_first = spec.sides[first].rows in ("economic", "function")
        side_items = (spec.sides[first].items, spec.sides[second].items)
        shown = side_header_words(out.header, spec)
        wrapped_spans = None
        if shown is None and lines and lines[0].word_boxes is not None:
            # (a PDF without rules whose narrow columns wrap the header's words: read whole)
            from .unruled import wrapped_header_words

            wrapped = wrapped_header_words(lines, out.header, side_headings(out.header, spec))
            if wrapped is not None and (shown := side_header_words(wrapped[0], spec)) is not None:
                out.header, wrapped_spans = wrapped
        if shown is not None:
            out.printed_columns = {f"{side}:{k}" for side, keys in shown.items() for k in keys}
            out.printed_order = dict(shown)
        for ln, text, side in side_lines(lines, body, spec, first, second, out.warnings,
                                         header_line_words(lines, out.header)):
            rows = _side_rows_plain(ln, text, first, second, coded_first, numbered, side, side_items)
            if amounts_under_labels(out.rows, rows, first, second, len(spec.sides[first].columns)):
                continue
            for row in rows:
                if row.side == first and last is not None and \
                        wrapped_label(last, row, spec.sides[first].items):
                    last.name, last.values, last.line_end = last.name + row.name, row.values, ln.no
                    continue
                out.rows.append(row)
                if row.side == first:
                    last = row
            if shown is not None and ln.word_boxes is not None and rows and rows[-1].side == second:
                from .unruled import slots_boxed

                slots_boxed(rows[-1].values, ln, text.split())    # (the line ends with its amounts)
        if coded_first and not any(ln.word_boxes is not None for ln, _, _ in body):
            out.rows = side_tails_joined(out.rows, {ln.no: ln.text for ln in lines})
        if shown is not None and any(ln.word_boxes is not None for ln, _, _ in body):
            side_columns_placed(out.rows, lines, out.header, spec, shown, wrapped_spans)
        if shown is not None:
            # (a side printing the template's columns, all of them: their order places its amounts)
            placed_by_side_header(out.rows, {side: keys for side, keys in shown.items()
                                             if keys != [c.key for c in spec.sides[side].columns]})
        return out
    if coded and not one_cell and not numbered:
        body = rows_run_together(body, out.warnings)
    # (a coded table printed by name only, 基本支出表 without codes: its names are joined as
    # those of a table without codes)
    aligned = coded and any(_leading_codes(tokens) for _, _, tokens in body)
    if aligned and all(ln.bbox for ln, _, _ in body):
        projects = spec.rows == "function_project"
        spans = label_heads(lines, out.header) if projects else []
        body = code_cells_joined(body)
        body = padded_rows_joined(body, projects=projects, labels=spans)
        if aligned_to_top(body):
            body = hanging_wraps_joined(body, projects=projects)
        else:
            if aligned_to_bottom(body):
                body = heads_joined(body, projects=projects, labels=spans)
            body = centred_wraps_joined(body, projects=projects, labels=spans)
    if not (coded and aligned) and any(ln.word_boxes is not None for ln, _, _ in body):
        # a PDF page without rules whose rows carry no code: names wrapped in their cells
        from .unruled_names import names_joined

        body, notes = names_joined(body, spec.items, header_line_words(lines, out.header))
        out.warnings.extend(notes)
    # (a coded table printing no code: a line of words names_joined left alone is a row of its
    # own, a group's name, not the head of the next row's name)
    apart = coded and not aligned and any(ln.word_boxes is not None for ln, _, _ in body)
    keys = usual_keys(spec)
    if one_cell:
        # (the header's words, a cell a line: their order places the rows' amounts, as a line's)
        if (order := cell_header_order(out.header, spec)) is not None:
            out.printed_order[None] = order
            keys = keys_as_printed(keys, order)
        cell_slots: dict[int, list] = {}     # id of a row → its cells so far, None for a dash
        if not coded:
            out.rows = uncoded_cell_rows(body, keys, spec.items, resumed)
            out.warnings += parted_notes(out.rows, spec.items)
            cells_checked(out, spec)
            return out
    # (the header's words, each naming a column or None; heads where all name one)
    named = None if one_cell else header_word_keys(out.header, spec)
    heads = named if named is not None and None not in named[1] else None
    # (a PDF page without rules: each amount's place decides its column, placed_by_columns)
    boxed = not one_cell and any(ln.word_boxes is not None for ln, _, _ in body)
    if boxed and heads is None and named is not None:
        from .unruled import rate_heads

        heads = rate_heads(named, out.header, spec)
    label_edges = label_bounds(first_zone or zone, heads[0]) if heads is not None and heads[0] > 1 else None
    uncoded: dict[int, tuple[Line, list[str]]] = {}     # line → its label words, a coded table's row without code
    parted: dict[int, list[str]] = {}       # id of a row → the two-digit code parts it opens with
    # (a table numbering its rows, 行次, prints a bare integer before its amounts: no whole
    # reading there)
    whole, grouped = prints_whole(body, bare_yuan) if not one_cell and not numbered else (False, False)
    if boxed:
        from .unruled import LEFT_OUT, placed_by_columns, slots_boxed, stacked_header
    # (a row of dashes in its empty cells: each amount takes the column the header prints at its
    # place, the template's order only where no header line was read; on a PDF page without
    # rules too, as placed_by_columns would: an amount placed here keeps its column there)
    dash_keys = heads[1] if heads is not None else keys
    for ln, text, tokens in body:
        slots = _line_slots(tokens, ln.no, whole, len(keys), one_cell, coded, grouped)
        if one_cell and len(tokens) == 1 and tokens[0] in PLACEHOLDERS:
            slots = [None]                   # a dash alone: the row's empty cell
        elif boxed:
            slots_boxed(slots, ln, tokens)
        lead = tokens[: len(tokens) - len(slots)]
        hidden: list[RawValue] = []
        percents = percent_cells(ln, shares)
        if not one_cell and ("##" in ln.text or percents):
            slots, hidden, dashes = unread_slots(ln, slots, spec, lead, out.warnings, percents)
            lead = lead[:len(lead) - dashes]
        values = placed_by_dashes(slots, dash_keys)
        if coded and len(lead) > 2 and len(lead[0]) < 3 and lead[0].isdigit():
            lead = class_code_rejoined(lead)
        codes = _leading_codes(lead) if coded else []
        words = lead[len(codes):]
        if coded and not codes and words and len(words[0]) == 2 and words[0].isdigit():
            # 类 | 款 | 项 written one cell a line (reading order): "201", "05", "07", the name
            parts = _leading_parts(words)
            if pending is not None and not pending.texts and not pending.values and (pending.code or id(pending) in parted):
                parts = parts[:_part_room(pending, parted, spec)]
            elif pending is None or pending.values:
                if pending:
                    out.rows.append(pending)
                pending = RawRow(line=ln.no, line_end=ln.no)
                parts = parts[:2 if spec.rows != "economic" else 1]
            else:
                parts = []          # after a name waiting for its amounts: a page's number, say
            if pending.code and parts:
                pending.code += "".join(parts)
            if parts:
                parted.setdefault(id(pending), []).extend(parts)
            words = words[len(parts):]
        if not coded:
            row = RawRow(line=ln.no, line_end=ln.no, name=norm_label(" ".join(words)),
                         raw_label=" ".join(words), values=values, unread=hidden)
            if heads is not None and heads[0] > 1 and len(words) > 1:
                label_columns_apart(row, ln, words, heads[0], label_edges, out.warnings)
            prev = out.rows[-1] if out.rows else None
            if prev is not None and wrapped_label(prev, row, spec.items):
                prev.name, prev.raw_label = prev.name + row.name, prev.raw_label + " " + row.raw_label
                prev.values, prev.unread, prev.line_end = row.values, row.unread, ln.no
            else:
                out.rows.append(row)
            continue
        if codes:
            if pending:
                out.rows.append(pending)
            pending = RawRow(line=ln.no, line_end=ln.no, code="".join(codes), texts=[" ".join(words)] if words else [])
        elif words:
            if heads is not None and heads[0] > 1:
                uncoded[ln.no] = (ln, words)
            cut = pending if pending is not None else out.rows[-1] if out.rows else None
            if ln.no in resumed and cut is not None and cut.values and not slots and \
                    cut.code and is_official_name(cut.code, norm_label(" ".join([*cut.texts, *words]))):
                cut.texts.append(" ".join(words))      # the rest of its name, cut by a page break
                cut.line_end = ln.no
                continue
            # (a line opening an item, （一）… 1.… 其中…, is a name's first line: never the rest of
            # the name of a row above printing no amounts, a class's heading)
            if pending is None or pending.values or (pending.code and ITEM_OPENS.match(words[0])):
                if pending:
                    out.rows.append(pending)
                pending = RawRow(line=ln.no, line_end=ln.no)
            pending.texts.append(" ".join(words))
            if apart and not slots:
                out.rows.append(pending)
                pending = None
        if one_cell and slots:
            # one cell a line: the row's amounts run on to the next row's code or name
            if pending is None:
                pending = out.rows.pop() if out.rows and id(out.rows[-1]) in cell_slots else RawRow(line=ln.no, line_end=ln.no)
            cell_slots.setdefault(id(pending), []).extend(slots)
            pending.values, pending.line_end = placed_by_dashes(cell_slots[id(pending)], keys), ln.no
        elif values or hidden:
            if pending is None:
                pending = RawRow(line=ln.no, line_end=ln.no)
            pending.values, pending.unread, pending.line_end = values, hidden, ln.no
            out.rows.append(pending)
            pending = None
        elif pending:
            pending.line_end = ln.no
    if pending:
        out.rows.append(pending)
    if coded and not one_cell:
        out.rows = official_tails_joined(centred_names_joined(out.rows))
    for row in out.rows:
        if row.texts:
            row.raw_label = " / ".join(row.texts)
            row.name = norm_label(" ".join(row.texts))
        if row.line in uncoded and row.line_end == row.line and not row.code and spec.rows == "function_project":
            project_labels_apart(row, *uncoded[row.line], out.header[0][1][:heads[0]], label_edges, spec, out.warnings)
    if parted:
        codes_from_parts(out, parted, spec)
    if one_cell:
        cells_checked(out, spec)
    elif heads is not None:
        placed_by_header_words(out, [k for k in heads[1] if not k.startswith(RATE)], spec)
    elif not boxed and named is not None:
        with_unnamed_columns(out, spec, named)
    if boxed and heads is None and (stacked := stacked_header(lines, out.header, spec, out.rows)) is not None:
        # a header of several lines, its words wrapped in their columns: read as the columns print it
        out.header, stacked_keys, spans = stacked
        placed_by_columns(out.rows, stacked_keys, spans)
        sub_columns_left_out(out)
        # (the columns the header prints, as a grid's cells tell them: 财政拨款 over its parts,
        # no 小计 of its own, prints no 财政拨款 column whose sum is checked)
        out.printed_columns = {k for k in stacked_keys if not k.startswith(LEFT_OUT)}
        out.unprinted |= heads_left_out(stacked_keys, spec)
    elif boxed:
        placed_by_columns(out.rows, heads[1] if heads is not None else keys, header_spans(lines, out.header, heads, spec))
        if heads is not None:           # a rate printed as a figure, a 占比: left out, as a ruled table's
            from .unruled import columns_left_out
            columns_left_out(out, heads[1])
    if not any(ln.word_boxes is not None for ln, _, _ in body):    # (a PDF's lines: names_joined says them)
        lone_names_said(out, spec)
    return out


def sub_columns_left_out(out: BlockRows) -> None:
    """The amounts placed in a sub-column the template has not (unruled.LEFT_OUT) dropped, each
    such column said once, as a grid's (geometry: column-not-in-template)."""
    from .unruled import LEFT_OUT

    said: list[str] = []
    for row in out.rows:
        left = [v for v in row.values if v.column and v.column.startswith(LEFT_OUT)]
        if left:
            row.values = [v for v in row.values if v not in left]
            said += [v.column[len(LEFT_OUT):] for v in left if v.column[len(LEFT_OUT):] not in said]
    for path in said:
        head = path.split("/")[0]
        out.warnings.append(("column-not-in-template", f"{quoted(path)}列是{quoted(head)}的细分，模板没有此列，其金额未读入"))


def heads_left_out(keys: list[str], spec: TableSpec) -> set[str]:
    """The template columns a stacked header prints only as sub-columns the template has not
    (基本支出 over 人员经费 | 公用经费, no 小计: placed_by_columns' keys LEFT_OUT + their path),
    no key of its own among them. Only a head that is a column's own word: not a group the
    template declares (年初预算, 本年支出 over 基本支出 | 项目支出 in a 决算 table), though its
    words may name a total."""
    from .unruled import LEFT_OUT

    groups = {match_key(g) for g in spec.header_groups}
    heads = set()
    for k in keys:
        path = k[len(LEFT_OUT):].split("/") if k.startswith(LEFT_OUT) else []
        if len(path) == 2 and match_key(path[0]) not in groups:
            head = column_named(path[0], spec.columns, whole_figure=spec.rows != "none")
            if head is not None and head is not UNNAMED:
                heads.add(head)
    return heads - set(keys)


def header_spans(lines: list[Line], header: list[tuple[int, list[str]]], heads: tuple[int, list[str]] | None,
                 spec: TableSpec) -> tuple | None:
    """A PDF header's line of words, a word a column (header_word_keys): per page that prints it
    (the first, and each it is repeated on over the table's rest), the span across of each
    column's word."""
    at = column_words_line(header, spec) if heads is not None else None
    if at is None:
        return None
    no, words = header[at]
    first = next((ln for ln in lines if ln.no == no), None)
    if first is None or first.word_boxes is None or len(first.word_boxes) != len(words):
        return None
    return repeated_header_spans(lines, no, words, range(heads[0], len(words)))


def repeated_header_spans(lines: list[Line], no: int, words: list[str], places) -> dict:
    """Per page printing the header line `words` (line `no`, and each page repeating it over the
    table's rest), the span across of the words at `places`."""
    spans = {}
    for ln in lines:
        if ln.no >= no and ln.page not in spans and ln.word_boxes is not None \
                and ln.text.split() == words and len(ln.word_boxes) == len(words):
            spans[ln.page] = [(ln.word_boxes[j][0], ln.word_boxes[j][2]) for j in places]
    return spans


def header_line_words(lines: list[Line], header: list[tuple[int, list[str]]]) -> list[tuple[str, tuple]]:
    """The words (word, box) of a PDF header's last line, where its words keep their boxes."""
    if not header:
        return []
    no, words = header[-1]
    ln = next((ln for ln in lines if ln.no == no), None)
    if ln is None or ln.word_boxes is None or len(ln.word_boxes) != len(words):
        return []
    return list(zip(words, ln.word_boxes))


def words_above_header(body: list[tuple[Line, str, list[str]]], page: int | None) -> int:
    """How many lines the body ends with on the page (a PDF's) where none holds an amount or
    starts with a code: the lines a page prints over a table's header repeated on it."""
    count = 0
    for ln, _, tokens in reversed(body):
        if ln.page != page or _line_slots(tokens, ln.no) or _leading_codes(tokens):
            return count if ln.page != page else 0
        count += 1
    return count


def centred_names_joined(rows: list[RawRow]) -> list[RawRow]:
    """Plain text: a coded row printing its amounts but no words, between two rows of words
    alone (no code, no amount), takes them as its name: a long name centred on its row and
    wrapped is printed over and under the line of its code and amounts ("其他政府办公厅（室）
    及相关机构事" / "201 03 99 20,120,000.00 20,120,000.00" / "务支出"). Before, the row had no
    name and its name's two parts were rows of their own."""
    out: list[RawRow] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        if row.code and row.values and not row.texts and out and i + 1 < len(rows) \
                and _words_only(out[-1]) and _words_only(rows[i + 1]):
            above, below = out.pop(), rows[i + 1]
            row.texts = [*above.texts, *below.texts]
            row.line, row.line_end = above.line, below.line_end
            out.append(row)
            i += 2
            continue
        out.append(row)
        i += 1
    return out


def official_tails_joined(rows: list[RawRow]) -> list[RawRow]:
    """Plain text: a row of words alone (no code, no amount) right after a coded row whose name
    they complete as the classification gives the code's ("201 03 政府办公厅（室）及相关 1,200.00
    …" / "机构事务") is the rest of that name, wrapped in a cell aligned to its top; it joins the
    row. Before, it was a row of its own, with no amounts. Words that complete no official name
    (a heading, another row's name) stay as they are."""
    out: list[RawRow] = []
    for row in rows:
        prev = out[-1] if out else None
        if prev is not None and prev.code and prev.texts and prev.values and _words_only(row) \
                and completes_official(prev.code, no_space("".join(prev.texts)), no_space("".join(row.texts))):
            prev.texts = [*prev.texts, *row.texts]
            prev.line_end = row.line_end
            continue
        out.append(row)
    return out


# where OCR may have put a space inside a figure: after or before its decimal point or a
# thousands comma, or inside a group of three digits ("1,000, 000.00", "384. 33", "2,452,1 00.50"):
# \d[,.] \d, \d [,.]\d or ,\d{1,2} \d, written led by the space each holds and what follows
# it (the rest looked behind for), so that a search tries only where a space stands, not at
# every character (a fifth of the instructions on a table's text; only its finding counts)
SPLIT_FIGURE = re.compile(r" [\d,.](?:(?<=\d[,.] \d)|(?<=\d [,.])(?=\d)|(?<=,\d \d)|(?<=,\d\d \d))")
FIGURE_PREFIX = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})*(?:,\d{0,3})?|\d+)(?:\.\d{0,2})?$")
WHOLE_FIGURE = re.compile(r"^-?(?:(?:\d{1,3}(?:,\d{3})+|\d+)\.\d{1,2}|\d{1,3}(?:,\d{3})+)$")


def has_split_figure(text: str) -> bool:
    """SPLIT_FIGURE finds a cut figure in text. Each cut holds a comma, or a point a space from
    a digit (". " or " ."): a text without them, most tables' (amounts in 万元 print no comma),
    is told by three substring tests, not by the regex, which stops at every space."""
    return ("," in text or ". " in text or " ." in text) and SPLIT_FIGURE.search(text) is not None


def joined_figures(text: str) -> str:
    """A plain line's figures that OCR cut with a space rejoined ("1,000, 000.00" →
    "1,000,000.00"; "384. 33" → "384.33"): words a space apart are joined where one of them is
    no figure of its own and together they make one, its groups of three digits whole. Two
    figures side by side ("100.50 200.00") each are one: never joined. Before, a line read its
    amounts from its end and stopped at the cut: "000.00" was read as 0.00 and the rest of the
    row's amounts taken for its name."""
    if not has_split_figure(text):
        return text
    parts = re.split(r"( +)", text)
    out: list[str] = []
    n = 0
    while n < len(parts):
        run, end = parts[n], n
        # (words a single space apart: parts[end + 1] the space, parts[end + 2] the next word)
        while end + 2 < len(parts) and parts[end + 1] == " " and FIGURE_PREFIX.match(run + parts[end + 2]) \
                and not (WHOLE_FIGURE.match(run) and WHOLE_FIGURE.match(parts[end + 2])):
            run, end = run + parts[end + 2], end + 2
        if end > n and WHOLE_FIGURE.match(run):
            out.append(run)
            n = end + 1
        else:
            out.append(parts[n])
            n += 1
    return "".join(out)


# a figure whose thousands are set apart by spaces ("2 452 100.50", some OCR and PDF exports):
# a head of one to three digits (no leading 0), groups of three, the last with its decimals;
# after a word (a line opening with digits may open with a code: "201 500.00")
SPACE_GROUPED = re.compile(r"(?<=[^\d\s.,] )[1-9]\d{0,2}(?: \d{3})+\.\d{1,2}(?![\d.,])|"
                           r"(?<=\d\.\d\d )[1-9]\d{0,2}(?: \d{3})+\.\d{1,2}(?![\d.,])|"
                           # a negative's marks around it: (1 077.90), △1 077.90, -1 077.90, 1 077.90-
                           r"(?<= )(?:[-−－△▲]|[(（](?=[\d ]+\.\d{1,2}[)）]))[1-9]\d{0,2}(?: \d{3})+\.\d{1,2}"
                           r"(?:[)）]|-(?!\d))?(?![\d.,])|"
                           r"(?<=[^\d\s.,] )[1-9]\d{0,2}(?: \d{3})+\.\d{1,2}-(?![\d.,])")
# what every SPACE_GROUPED match holds (both its lookbehinds end in the space before the
# figure): a search led by a plain space, a tenth of the lookbehinds' cost, rules most tables out
MAY_SPACE_GROUP = re.compile(r" [-−－△▲(（]?[1-9]\d{0,2}(?: \d{3})+\.\d")
FIGURE_WORD = re.compile(r"^(?:[-−－△▲(（]?[\d,]+(?:\.\d+)?[)）]?|[\d,]+(?:\.\d+)?-)$")


def figures_at_end(text: str) -> int:
    """How many figure words a line ends with (a row's amounts, code parts before its name not)."""
    n = 0
    for word in reversed(text.split()):
        if FIGURE_WORD.match(word) is None:
            break
        n += 1
    return n


def space_grouped(texts: list[tuple[Line, str]], width: int) -> list[tuple[Line, str]]:
    """A plain table whose figures set their thousands apart with spaces ("3 452 100.50 2 452
    100.50"): each figure is read whole, on every line of the table, where the groups of three
    say so (each ends in a group with its decimals) and some line prints more figures than the
    table (a side-by-side table: a side) has columns and, so joined, no more. Otherwise nothing
    is joined (a whole number beside an amount stays apart; so does all of a table whose rows
    are numbered, 行次 or 栏次, "1 830.00"): the line is read as before.
    Before, each group was read as an amount of its own, the first ones as the row's name."""
    whole = "\n".join(t for _, t in texts)
    if not width or MAY_SPACE_GROUP.search(whole) is None or SPACE_GROUPED.search(whole) is None \
            or "行次" in whole or "栏次" in whole:
        return texts           # (one search for most tables; rows numbered print "1 830.00")
    grouped = [k for k, (_, t) in enumerate(texts) if SPACE_GROUPED.search(t)]
    joined = {k: SPACE_GROUPED.sub(lambda m: m.group().replace(" ", ""), texts[k][1]) for k in grouped}
    if not any(figures_at_end(texts[k][1]) > width >= figures_at_end(joined[k]) for k in grouped):
        return texts
    return [(ln, joined.get(k, t)) for k, (ln, t) in enumerate(texts)]


def page_folios(texts: list[tuple[Line, str]]) -> set[int]:
    """The lines of a plain table that print a page's number where its text lost the marks
    FOLIO_MARK knows it by: "- 3 -" (the dashes read as a negative's mark spaced apart), or a
    bare number ending a page, the next page's header repeated after it (a line printed
    before, no amount in it) or its 单位 line. A class code alone before its name is none: its
    name was not printed before. Before, each was read as a row of that name, which the
    identities took for a unit's subtotal over the classes after it, so the table's column
    sums no longer decided them."""
    out: set[int] = set()
    seen: set[str] = set()
    for n, (ln, text) in enumerate(texts):
        seen.add(text)
        # (cheap tests first: most lines are longer, or do not open with a digit or a dash)
        if len(text) > 8 or not (text[:1].isdigit() or text[:1] in "-—–－"):
            continue
        if FOLIO_MARK.match(ln.text.replace("\f", "")):
            out.add(ln.no)
        elif text.isdigit() and len(text) <= 3 and n + 1 < len(texts):
            after = texts[n + 1][1]
            if META.match(after) or (after in seen and not any(is_amount_cell(w) for w in after.split())) \
                    or page_foot(texts, n):
                out.add(ln.no)
        elif text.isdigit() and len(text) <= 3 and page_foot(texts, n):
            out.add(ln.no)
    return out


def page_foot(texts: list[tuple[Line, str]], n: int) -> bool:
    """Line n is the last a PDF page prints of the block, placed by its words (a page printed
    without rules): the page's foot, where its number stands below the table (the table ends
    there, or goes on, or its title was printed, on the next page)."""
    ln = texts[n][0]
    if ln.page is None or ln.word_boxes is None:
        return False
    return n + 1 == len(texts) or texts[n + 1][0].page != ln.page


def _words_only(row: RawRow) -> bool:
    """A row of a name's words alone: no code, no cell, no note ("注：…", "其中：")."""
    return bool(row.texts) and not row.code and not row.values and not row.unread \
        and not any("：" in t or ":" in t or t.startswith("注") for t in row.texts)


def header_word_keys(header: list[tuple[int, list[str]]], spec: TableSpec) -> tuple[int, list[str | None]] | None:
    """A header of one line, a word a column (plain text; a PDF printed without rules): how
    many label columns it opens with (采购项目 | 采购方式 | 采购品目) and the template column each
    word after them names, in order, None for a word naming none (单位自有资金, 上年预算数);
    None where the header is of more lines or no word names one, or one is named twice."""
    at = column_words_line(header, spec)
    if at is None:
        return None
    words = header[at][1]
    labels = 0
    while labels < len(words) and column_of_word(words[labels], spec) is None and label_header(words[labels], spec):
        labels += 1
    # "2023年决算数 2024年决算数": the earlier year's word names last year's column
    years = [[int(y) for y in PRINTED_YEAR.findall(w)] for w in words[labels:]]
    latest = max((y for ys in years for y in ys), default=None)
    keys = [last_years_column(w, latest, spec) if ys and max(ys) < latest else column_of_word(w, spec)
            for w, ys in zip(words[labels:], years)]
    # (a header of more lines prints its label headers on the others; a table of one row of
    # amounts, the national 三公 form, prints none)
    named = [k for k in keys if k is not None]
    if not (labels or len(header) > 1 or spec.rows == "none") or not named or len(set(named)) < len(named):
        return None
    return labels, keys


# the key of a header word naming a figure the template leaves out (增减率) in a PDF page's
# header without rules (unruled.rate_heads): the amounts standing under it are not read
RATE = "\x01"
UNNAMED_KEY = "?"       # a column the header prints and the template does not name: "?" + its word
UNNAMED_MAX = 2         # header words naming no column a plain table is read with (each doubles the work)


def with_unnamed_columns(out: BlockRows, spec: TableSpec, named: tuple[int, list[str | None]]) -> None:
    """Plain text whose one header line prints, among the template's columns, words naming none
    (单位自有资金 beside 总计 | 财政拨款 | 单位资金): the columns as the header prints them, in
    order (BlockRows.header_order), where its widest row prints an amount under every word —
    header and rows agree on the columns. Before, its rows were placed among all the template's
    columns, by sums over columns the table does not print. An amount only the unnamed column
    can hold is not read (as a grid's under such a header); one that may be in it or in a
    template column stays open between them (tables.resolve_side). named: header_word_keys'."""
    labels, keys = named
    unnamed = keys.count(None)
    widest = max((len(row.values) for row in out.rows), default=0)
    # (a word before the first column named may be a label column's the template does not know)
    if not 0 < unnamed <= UNNAMED_MAX or keys[0] is None or widest != len(keys) or any(row.unread for row in out.rows):
        return
    words = out.header[column_words_line(out.header, spec)][1][labels:]
    out.header_order = [k if k is not None else UNNAMED_KEY + words[n] for n, k in enumerate(keys)]
    out.printed_columns = {k for k in keys if k is not None}
    for n, k in enumerate(keys):
        if k is None:
            said = f"表头“{words[n]}”不是模板的列，按列的先后顺序只能落在此列的金额未读入，可能落在此列的金额列为待定，请核对"
            out.warnings.append(("column-not-in-template", said))


def column_words_line(header: list[tuple[int, list[str]]], spec: TableSpec) -> int | None:
    """The header line whose words may name the columns: its only line, or of a header of more
    lines the one line not all row-label headers and numbers (the 决算 sheets: 项目 above the
    columns' words, 功能分类科目编码 | 科目名称 and 栏次 1 2 3 … below them); None else. A word
    naming a column is none of a label line (合计 over the budget types: a second naming line).
    A heading over the columns above them (项目 一般公共预算支出) is no naming line (heading_words)."""
    if len(header) == 1:
        return 0
    # (most lines are decided by the words' kinds alone: a column's name is looked for only on a
    # line of label headers and numbers)
    # (a second such line says there is none: the lines below it are not looked at)
    named = None
    heads: list[tuple[int, list[str]]] = []      # the lines before it heading the columns, their words
    for n, (_, words) in enumerate(header):
        if not all(w.isdigit() or label_header(w, spec) for w in words) \
                or any(not w.isdigit() and column_of_word(w, spec) is not None for w in words):
            if named is not None:
                rest = heading_words(header, named, spec)
                if rest is None:
                    return None
                heads.append((named, rest))
            named = n
    # (words wrapped over lines last, the dearest test, a call per pair of words: a later line
    # naming columns decides most headers first; each test is pure, the order changes nothing)
    if any(wrapped_over(rest, header[at + 1:], spec) for at, rest in heads):
        return None
    return named


def heading_words(header: list[tuple[int, list[str]]], at: int, spec: TableSpec) -> list[str] | None:
    """The words after its label headers of the header's line `at` where it heads the columns
    under it, not naming them (label headers, 项目, then one word naming no column: 一般公共预算支出
    over 合计 | 基本支出 | 项目支出; or only groups the template declares over its columns,
    header_groups); else None. Unless a word of it is a column's wrapped over lines: wrapped_over."""
    words = header[at][1]
    if any(not w.isdigit() and column_of_word(w, spec) is not None for w in words):
        return None           # (合计 heads a label column too, and names one)
    labels = 0
    while labels < len(words) and label_header(words[labels], spec):
        labels += 1
    rest = words[labels:]
    if not rest or any(w.isdigit() or label_header(w, spec) for w in rest):
        return None
    groups = {match_key(g) for g in spec.header_groups}
    return rest if len(rest) == 1 or all(match_key(w) in groups for w in rest) else None


def wrapped_over(rest: list[str], below: list[tuple[int, list[str]]], spec: TableSpec) -> bool:
    """A word of a heading line and one of the lines below it name a column together: a
    column's word wrapped over lines (基本 over 支出), no heading."""
    under = [v for _, line in below for v in line]
    return any(column_of_word(w + v, spec) is not None for w in rest for v in under)


def side_header_words(header: list[tuple[int, list[str]]], spec: TableSpec) -> dict[str, list[str]] | None:
    """A side-by-side table's header line of words, each side's label header and then its
    columns' ("项目 预算数 项目 预算数"): each side's columns as printed, in order, so that an
    amount is not left open among the side's columns the table does not print (支出 合计 |
    人员经费 | 公用经费 | 项目支出 where it prints 预算数 alone). None unless the line has a
    label header per side, first, and every other word names one column of its side; and
    it is the header's last line, the lines above it the sides' headings (本年收入 本年支出)
    alone: a header of more lines names its columns over several (合计 over 一般公共预算 …)."""
    sides = list(spec.sides)
    if not header:
        return None
    *above, (_, words) = header
    headings = {match_key(h) for side in sides for h in spec.sides[side].headers}
    if any(match_key(w) not in headings and not label_header(w, spec) for _, line in above for w in line):
        return None

    at = side_word_places(words, spec)
    if at is None:
        return None
    shown: dict[str, list[str]] = {}
    for side, places in at.items():
        keys = [side_column_word(words[j], side, spec) for j in places]
        if not keys or None in keys or len(set(keys)) < len(keys):
            return None
        shown[side] = keys
    return shown


def side_headings(header: list[tuple[int, list[str]]], spec: TableSpec) -> int:
    """How many of the header's first lines are the sides' headings (收入 支出: a word a side
    at most, each a heading or a row labels' header) alone."""
    headings = {match_key(h) for side in spec.sides for h in spec.sides[side].headers}
    n = 0
    while n < len(header) and len(header[n][1]) <= len(spec.sides) and \
            all(match_key(w) in headings or label_header(w, spec) for w in header[n][1]):
        n += 1
    return n


def side_word_places(words: list[str], spec: TableSpec) -> dict[str, list[int]] | None:
    """Each side's column words' places on a header line that opens each side with its label
    header (side_header_words); None where it does not."""
    sides = list(spec.sides)
    # (a side's 行次 after its 项目 holds the rows' numbers: no side's start, no column)
    kept = [j for j, w in enumerate(words) if no_space(w) not in ROW_NUMBER_HEADERS]
    starts = [n for n, j in enumerate(kept)
              if label_header(words[j], spec) and all(side_column_word(words[j], side, spec) is None for side in sides)]
    if len(starts) != len(sides) or starts[0] != 0:
        return None
    return {side: kept[start + 1:end] for side, start, end in zip(sides, starts, [*starts[1:], len(kept)])}


def side_columns_placed(rows: list[RawRow], lines: list[Line], header: list[tuple[int, list[str]]],
                        spec: TableSpec, shown: dict[str, list[str]], wrapped: dict | None = None) -> None:
    """A PDF printed without rules: each side's amounts placed under the header words they
    stand under (placed_by_columns), where the header line opens each side with its label
    header (side_header_words) — a row printing fewer amounts than its side's columns (合计
    and 一般公共预算 of four) is not left open among the columns the identities cannot tell.
    wrapped: the spans of a header line read whole from words wrapped over two lines
    (unruled.wrapped_header_words), on the page printing it."""
    from .unruled import placed_by_columns

    no, words = header[-1]
    at = side_word_places(words, spec)
    if at is None:
        return
    for side, places in at.items():
        spans = {page: [every[j] for j in places] for page, every in wrapped.items()} if wrapped else \
            repeated_header_spans(lines, no, words, places)
        if spans and len(shown.get(side, ())) > 1:
            placed_by_columns([r for r in rows if r.side == side], shown[side], spans)


def side_column_word(word: str, side: str, spec: TableSpec) -> str | None:
    key = column_named(word, spec.sides[side].columns, whole_figure=True)
    return None if key is UNNAMED else key


def placed_by_side_header(rows: list[RawRow], shown: dict[str, list[str]]) -> None:
    """A side's row printing an amount under every column its header names takes them in the
    header's order (side_header_words); a row printing fewer is left to the identities."""
    for row in rows:
        keys = shown.get(row.side)
        if keys:
            in_header_order(row, keys)


def keys_as_printed(keys: list[str], order: list[str] | None) -> list[str]:
    """The template's columns with those the header prints put in the header's order (合计 |
    一般公共预算 | … | 财政拨款结转 where the template has the carry-over before 一般公共预算): the
    places the printed columns take among the template's are theirs, in the order printed;
    the others keep theirs. The template's order stands where no header was read."""
    if not order:
        return keys
    printed = [k for k in order if k in keys]
    shown, at = set(printed), iter(printed)
    return [next(at) if k in shown else k for k in keys]


def usual_keys(spec: TableSpec) -> list[str]:
    """The columns' keys but the optional ones (ColumnSpec.optional): the columns a row read
    by its amounts' order or places stands in; an optional column is one only where a header
    names it (before, the carry-over's levels shifted the national income table's order and
    the dashes' places, a row of dashes for every usual column no longer placed)."""
    return [c.key for c in spec.columns if not c.optional]


def column_of_word(word: str, spec: TableSpec) -> str | None:
    if "/" not in word:
        names, totals = column_words(spec)
        if not may_name_column(geometry.heading_key(word), names, spec.rows != "none"):
            # (column_named finds no column, see there: the group's total alone, as group_total)
            return one_total(totals, word)
    key = column_named(word, spec.columns, whole_figure=spec.rows != "none")
    if key is UNNAMED or key is None:
        return group_total(word, spec.columns)
    return key


_COLUMN_WORDS: dict = {}


def column_words(spec: TableSpec) -> tuple[frozenset[str], dict[str, list[str]]]:
    """(the match keys naming the spec's columns, geometry.columns_by_name's; its groups'
    totals, group_totals'), made once per spec (templates are loaded once), not per word."""
    return per_spec(_COLUMN_WORDS, id(spec), spec,
                    lambda: (frozenset(geometry.columns_by_name(spec.columns)), group_totals(spec.columns)))


def may_name_column(key: str, names: frozenset[str], whole_figure: bool) -> bool:
    """column_named may find a column for a header of one part (no "/") with this heading key:
    best_column scores only the columns the key names (`names`; its 小计 reading needs a path
    of two parts), and the other readings need 本年 before the key or, whole_figure, a year's
    figure. False: it finds none (most words of a header, a row label's or a heading's, and
    the pairs of words wrapped_over tries)."""
    return key in names or THIS_YEAR.match(key) is not None or (
        whole_figure and THIS_YEARS_FIGURE.fullmatch(key) is not None)


def label_header(word: str, spec: TableSpec) -> bool:
    """The word heads a row-label column (项目, 采购方式, 项目单位 …)."""
    key = match_key(word)
    return key in label_keys() or key in own_label_keys(spec) or label_role(word) is not None


_OWN_LABEL_KEYS: dict = {}


def own_label_keys(spec: TableSpec) -> frozenset[str]:
    """The match keys of the headers the template names as its table's own row-label columns
    (政府采购: 采购品目, 采购方式, 数量 …), made once per spec (asked per cell)."""
    return per_spec(_OWN_LABEL_KEYS, id(spec), spec, lambda: frozenset(match_key(h) for h in spec.label_headers))


@functools.cache
def label_keys() -> frozenset[str]:
    """The match keys of the label headers every template shares (made once: constants)."""
    from .headers import LABEL_HEADERS

    return frozenset(match_key(h) for h in (*LABEL_HEADERS, *OTHER_LABELS))


def placed_by_header_words(out: BlockRows, keys: list[str], spec: TableSpec) -> None:
    """Rows read by order whose header names, a word a column, other columns than the
    template's first ones (财政拨款 | 单位资金 where the template has 财政拨款 … 财政专户 first):
    a row printing an amount under every header word takes them in the header's order (before:
    the identities placed them among all the template's columns, 财政拨款's amount read as
    财政专户's where that also added up). A row printing fewer is left to the identities,
    among the columns the header names (printed_columns), also where those are the
    template's first ones (合计 | 一般公共预算 of a 三公 table whose template has four)."""
    out.printed_columns = set(keys)
    out.printed_order[None] = list(keys)
    if keys != [c.key for c in spec.columns][:len(keys)]:
        for row in out.rows:
            in_header_order(row, keys)


def in_header_order(row: RawRow, keys: list[str]) -> bool:
    """A row printing an amount under every column the header names (and none placed yet)
    takes them in the header's order; False (and nothing done) for a row printing fewer."""
    if len(row.values) != len(keys) or any(v.column for v in row.values):
        return False
    for value, key in zip(row.values, keys):
        value.column = key
    return True


def project_labels_apart(row: RawRow, ln: Line, words: list[str], headers: list[str], bounds: list[float] | None,
                         spec: TableSpec, notes: list) -> None:
    """A project table's row printed without code first whose label columns (单位名称 | 项目名称 |
    项目类型, or 项目名称 | 科目编码 | 科目名称) the header parts: its code, name and project as a
    grid's row reads them (label_order), every column's text kept in raw_label (before: one name
    of all three run together; a code printed after the project's name was dropped)."""
    parted = RawRow(line=row.line, line_end=row.line)
    label_columns_apart(parted, ln, words, len(headers), bounds, notes)
    if not parted.raw_label:
        return
    cells = parted.raw_label.split(" | ")
    labels, _ = labels_in_order(cells, None, roles_order([label_role(h) for h in headers]))
    read = _label_row(ln, labels, spec)
    row.code, row.name, row.project, row.raw_label = read.code, read.name, read.project, parted.raw_label
    row.texts = []          # (read apart: no name and project to split again, tables.split_project)


def label_bounds(zone: list[tuple[Line, str, list[str]]], labels: int) -> list[float] | None:
    """Where one label column ends and the next begins across a PDF page (points): halfway
    between their headers' words on the header line; None without the words' boxes."""
    if not zone:
        return None
    ln, _, tokens = zone[-1]
    if ln.word_boxes is None or len(ln.word_boxes) != len(tokens) or len(tokens) <= labels:
        return None
    boxes = ln.word_boxes[:labels]
    return [(a[2] + b[0]) / 2 for a, b in itertools.pairwise(boxes)]


def label_columns_apart(row: RawRow, ln: Line, words: list[str], labels: int, bounds: list[float] | None,
                        notes: list) -> None:
    """A row's label words parted into the header's label columns: by where they stand
    under the header (a PDF's words), else one word a column where there are as many as
    columns. Named by its first column, the others kept in raw_label ("采购项目 | 采购方式 |
    采购品目"), as a grid's row. Words the columns cannot part are left run together, and said
    (before: the columns' texts were run into one name silently)."""
    cells = None
    if bounds is not None and ln.word_boxes is not None and len(ln.word_boxes) >= len(words):
        cells = [[] for _ in range(labels)]
        for word, box in zip(words, ln.word_boxes):
            middle = (box[0] + box[2]) / 2
            cells[sum(1 for b in bounds if middle > b)].append(word)
        cells = [" ".join(c) for c in cells]
    elif len(words) == labels:
        cells = list(words)
    if cells is None:
        notes.append(("label-columns-joined", (f"第 {ln.no} 行的名称文字“{' '.join(words)}”分不到表头的 {labels} 个名称列，"
                                               "整体读作名称，请核对"), ln.no))
        return
    row.raw_label = " | ".join(cells)
    row.name = norm_label(next((c for c in cells if c), ""))


def one_cell_per_line(texts: list[tuple[Line, str]]) -> bool:
    """A block printed one cell a line (text in reading order): most lines hold one token, and
    lines holding one amount are many. One pass; a layout table's lines hold several."""
    single = amounts = 0
    for _, text in texts:
        if " " in text:
            continue
        single += 1
        if may_be_amount(text) and is_amount_cell(text):
            amounts += 1
    return amounts >= 6 and single >= 0.8 * len(texts)


def cells_checked(out: BlockRows, spec: TableSpec) -> None:
    """Rows rebuilt from text one cell a line, where the cells' order may not be the rows'
    (pdftotext orders a cell by its place, a name centred or at a cell's foot, a page's break):
    a code followed straight by amounts (its name went elsewhere) is not read as the row's, and
    a row with an amount for every column whose amounts in order do not add up has them
    left undecided — either said."""
    from ..identities import printed_ways, reading_ok

    keys = keys_as_printed(usual_keys(spec), out.printed_order.get(None))
    sums = printed_ways([(s.total, s.terms) for s in spec.sums], set(keys))
    widest = max((len(row.values) for row in out.rows), default=0)
    seen: set[str] = set()
    for row in out.rows:
        if row.code and row.code in seen:
            # a code read twice: the second lost a part (its 项 written elsewhere)
            out.warnings.append(("code-part-lost", (f"第 {row.line} 行的科目编码“{row.code}”在本表中已出现过，"
                                 "逐格输出的文字可能漏了或错排了编码的一部分，此行未按科目读入，请核对")))
            row.code = ""
        seen.add(row.code)
        if row.code and not row.name and row.values:
            out.warnings.append(("code-part-lost", (f"第 {row.line} 行的科目编码“{row.code}”之后紧接金额、没有科目名称，"
                                 "逐格输出的文字顺序可能已乱，此行未按科目读入，请核对")))
            row.raw_label, row.code = row.code, ""
        elif len(row.code) == 3 and lost_level(row):      # (a class followed by another row's name)
            out.warnings.append(("code-part-lost", (f"第 {row.line} 行的科目编码“{row.code}”与所印名称{quoted(row.name)}不符"
                                 "（分类中该名称属于其他科目），逐格输出的文字顺序可能已乱，此行未按科目读入，请核对")))
            row.code = ""
        if len(keys) < len(row.values) < widest and not any(v.column for v in row.values):
            # more amounts than the template's columns, fewer than the table prints: which of
            # the printed columns lost its cell (vanished, or written among another row's) the
            # identities of the template's columns alone cannot tell
            row.unsure = True
        elif sums and len(row.values) == len(keys) and not any(v.column for v in row.values) and not reading_ok(
                {k: (v.amount, v.places) for k, v in zip(keys, row.values)}, sums):
            row.unsure = True
            out.warnings.append(("cells-out-of-order", (f"第 {row.line}–{row.line_end} 行逐格输出的金额按所印顺序不合"
                                 "本行的勾稽关系，可能混入了别行的金额，各金额所在的列未定，请核对")))


def cell_header_order(header: list[tuple[int, list[str]]], spec: TableSpec) -> list[str] | None:
    """Text one cell a line: the columns the header's words name, in the order written; None
    where none is named or one twice (a row's label written among them: 合计 | 合计)."""
    named = [k for _, words in header for w in words if (k := column_of_word(w, spec)) is not None]
    return named if named and len(set(named)) == len(named) else None


def first_row_lines(zone: list[tuple[Line, str, list[str]]], coded: bool) -> list[tuple[Line, str, list[str]]]:
    """Text one cell a line: the header's last line is the first row's name (its amounts follow
    it), with the code before it in a coded table."""
    heads = zone[-1:]
    if coded and len(zone) > 1 and CODE.match(zone[-2][1]):
        heads = zone[-2:]
    return [h for h in heads if len(h[2]) == 1]


def name_rest(body: list[tuple[Line, str, list[str]]], ln: Line, tokens: list[str], most: int = 4) -> bool:
    """The line ends the coded name printed on the lines just above it, no amount yet among them
    (text without -layout: "210 卫生健康支" / "出" / "34.40 34.40"): a header's word on it (出 of
    上缴上级支/出) is the name's rest, not the header printed again."""
    label: list[str] = []
    for prev, _, words in reversed(body[-most:]):
        if prev.no != ln.no - len(label) - 1 or any(map(is_amount_cell, words)):
            return False
        label.insert(0, " ".join(words))
        if CODE.match(words[0]):
            code, name = split_code_label(" ".join(label))
            return bool(code) and completes_official(code, no_space(name), "".join(tokens))
    return False


def in_header_run(texts: list[tuple[Line, str]], at: int, header_texts: set[str]) -> bool:
    """Text one cell a line: the line is one of two or more header lines in a row (a header
    printed again over a page), not a row's name that is also a header's word (合计)."""
    near = [texts[i][1] for i in (at - 1, at + 1) if 0 <= i < len(texts)]
    return any(no_space(t) in header_texts for t in near)


def uncoded_cell_rows(body: list[tuple[Line, str, list[str]]], keys: list[str], items,
                      resumed: set[int] = frozenset()) -> list[RawRow]:
    """Rows of a table without codes printed one cell a line: a row opens at a name line after
    amounts (name lines in a row join: a wrapped name, unless the line opens a row of its own),
    its amounts are the lines up to the next name. A name line first after a page's header
    (resumed) that ends the name above into one of the template's items joins it even after
    that row's amounts (the page cut the row)."""
    rows: list[RawRow] = []
    slots: list = []
    name_lines: dict[int, list[int]] = {}     # id of a row → the lines of its name's words
    for ln, text, tokens in body:
        cells = [None] if len(tokens) == 1 and tokens[0] in PLACEHOLDERS else _line_slots(tokens, ln.no, alone=True)
        words = tokens[: len(tokens) - len(cells)]
        if words and not cells and ln.no in resumed and rows and slots and \
                cut_by_page(rows[-1].texts, words, items):
            rows[-1].texts.append(" ".join(words))
            name_lines[id(rows[-1])].append(ln.no)
            rows[-1].line_end = ln.no
            continue
        if words and (not rows or slots or opens_row(rows[-1].texts, words, items)):
            slots = []
            rows.append(RawRow(line=ln.no, line_end=ln.no, texts=[]))
        if not rows:
            rows.append(RawRow(line=ln.no, line_end=ln.no))
        row = rows[-1]
        if words:
            row.texts.append(" ".join(words))
            name_lines.setdefault(id(row), []).append(ln.no)
        slots.extend(cells)
        row.values, row.line_end = placed_by_dashes(slots, keys), ln.no
    out: list[RawRow] = []
    for row in rows:
        row.raw_label = " / ".join(row.texts)
        row.name = norm_label(" ".join(row.texts))
        # (two items' names run together, cut not where a line ends: parted_mid_line)
        out += parted_mid_line(row, name_lines[id(row)], items) if items and len(row.texts) > 1 else [row]
        row.texts = []
    return out


def cut_by_page(above: list[str], words: list[str], items) -> bool:
    """The words end the name above into one of the template's items, which neither is alone."""
    first, rest = norm_label(" ".join(above)), norm_label(" ".join(words))
    return bool(items) and not matches_any(items, first) and not matches_any(items, rest) and \
        matches_any(items, first + rest)


def after_header(zone: list[tuple[Line, str, list[str]]], header_texts: set[str]) -> list[tuple[Line, str, list[str]]]:
    """The lines of a page's header zone after its last header line (all of them without one)."""
    last = max((k for k, (_, _, tokens) in enumerate(zone) if "".join(tokens) in header_texts), default=-1)
    return zone[last + 1:]


OWN_ROW = re.compile(r"^(其中|[（(]?[一二三四五六七八九十]+[）)、]|\d+[.、])")


def opens_row(above: list[str], words: list[str], items) -> bool:
    """A name line after name lines without amounts (a row whose cells are all empty above)
    opens a row of its own: it starts an item (其中：…, 一、…, (一)…), or it or the lines above
    are one of the template's items and together they are none."""
    if not above or OWN_ROW.match(words[0]):
        return True
    first, second = norm_label(" ".join(above)), norm_label(" ".join(words))
    if not items:
        return False
    mine, theirs = matches_any(items, first), matches_any(items, second)
    if (mine or theirs) and not matches_any(items, first + second):
        return True
    # two items' names run together (the row above printed no amount): parted where only there
    return mine and theirs and parted_items(first, second, items)


def _leading_parts(words: list[str]) -> list[str]:
    """The two-digit code parts a line opens with (款 05, 项 07)."""
    n = 0
    while n < len(words) and len(words[n]) == 2 and words[n].isdigit():
        n += 1
    return words[:n]


def class_code_rejoined(lead: list[str]) -> list[str]:
    """A class code OCR cut with a space ("20 1 一般公共服务支出", "2 05 教育支出") rejoined where
    the name after it is the joined code's in the classification. Otherwise the words are left
    as they are ("20" then a code part alone, and reported: code-part-alone)."""
    head, rest = lead[0], lead[1]
    if not rest.isdigit() or len(head) + len(rest) != 3:
        return lead
    code = head + rest
    if is_official_name(code, norm_label(" ".join(lead[2:]))):
        return [code, *lead[2:]]
    return lead


def _part_room(row: RawRow, parted: dict[int, list[str]], spec: TableSpec) -> int:
    """How many two-digit parts a row's code printed so far has room for: a function code is
    3 + 2 + 2 digits, an economic one 3 + 2; parts without their class, two (款 and 项) at most."""
    if row.code:
        return max(0, ((5 if spec.rows == "economic" else 7) - len(row.code)) // 2)
    return (1 if spec.rows == "economic" else 2) - len(parted.get(id(row), []))


def codes_from_parts(out: BlockRows, parted: dict[int, list[str]], spec: TableSpec) -> None:
    """Rows whose code is printed without its class (a 类 cell left blank, the class printed
    on a row above): the class, or class and 款, of the nearest coded row above. Two parts are
    款 and 项; one is a 款 under a class row (or in an economic table), else a 款 or a 项 of the
    row above, whichever the classification names as the row prints it; where neither or both
    do, or no coded row stands above, the row gets no code and is reported."""
    above = ""
    for row in out.rows:
        parts = parted.get(id(row))
        if parts is not None and not row.name:
            # the parts straight before amounts: the name went elsewhere, and the amounts may
            # be another row's too (pdftotext ordered the cells of a page break so)
            out.warnings.append(("code-part-lost", (f"第 {row.line} 行的科目编码“{row.code or ' '.join(parts)}”之后没有科目名称，"
                                 "逐格输出的文字顺序可能已乱，此行未按科目读入，请核对")))
            row.code = ""
            continue
        if parts is None or row.code:
            if parts is not None and lost_level(row):
                out.warnings.append(("code-part-lost", (f"第 {row.line} 行的科目编码“{row.code}”与所印名称{quoted(row.name)}"
                                     "不符（分类中该名称属于其他科目），逐格输出的文字可能漏了或错排了编码的一部分，此行未按科目读入，请核对")))
                row.code = ""
            above = row.code or above
            continue
        joined = "".join(parts)
        if not above:
            found = []
        elif len(parts) == 2 or len(above) == 3 or spec.rows == "economic":
            found = [above[:3] + joined]
        else:                      # a new 款 of the class, or a 项 of the 款 above
            found = [c for c in (above[:3] + joined, above[:5] + joined) if is_official_name(c, row.name)]
        if len(found) == 1:
            row.code = above = found[0]
        if not row.code or lost_level(row):
            row.code = ""
            out.warnings.append(("code-part-alone", (f"第 {row.line} 行的科目编码只印了下级部分“{' '.join(parts)}”，"
                                 "看不出其上级编码（或是款还是项），此行未按科目读入，请核对")))
        row.raw_label = " ".join(parts) + (" / " + row.raw_label if row.raw_label else "")


def lost_level(row: RawRow) -> bool:
    """A code joined from parts written a cell a line whose printed name the classification
    gives another code, not it (一般行政管理事务 under 20106, 退休费 under 31002): the text in
    reading order lost one of the row's parts, or put another row's part in its place."""
    from ..codes import load_registry
    from .tables import _official_names, class_key

    kind = "economic" if row.code[:1] == "3" else "function"
    if not row.name or load_registry(None).name_matches(kind, row.code, row.name):
        return False
    return any(c != row.code for c in _official_names(kind).get(class_key(row.name), ()))


def name_heads(zone: list[tuple[Line, str, list[str]]], first: Line, spec: TableSpec) -> list[tuple[Line, str, list[str]]]:
    """The last lines of a header that are the first lines of the name of the row below (a
    PDF page without rules, the name centred on its row): each within a line's height of the
    next, on its page, no header's words in it, the first of them starting an item (一、…)."""
    from ..readers.pdf import ITEM_START
    from .geometry import known_headers

    heads: list[tuple[Line, str, list[str]]] = []
    below, known = first, None
    for ln, text, tokens in reversed(zone):
        if ln.word_boxes is None or ln.page != below.page or below.bbox is None or ln.bbox is None \
                or vertical_gap(ln.bbox, below.bbox) > ln.bbox[3] - ln.bbox[1]:
            break
        known = known or known_headers(spec)
        if any(match_key(tok) in known for tok in tokens):
            break
        heads.insert(0, (ln, text, tokens))
        below = ln
    # (or a name's first line that an official name starts with: unnumbered classes; of a
    # side-by-side table, a word a side, the expenditure side's class: 一般公共预算 一般公共服务)
    while heads and not ITEM_START.match(heads[0][1]) and not (
            len(heads[0][2]) <= max(len(spec.sides), 1) and any(starts_official_name(w) for w in heads[0][2])):
        heads.pop(0)
    return heads


OFFICIAL_START = 4      # characters: a line this long that an official name starts with is its first line


def starts_official_name(word: str) -> bool:
    """The word is the start of a name of the functional or economic classification, cut where
    its cell wrapped (文化旅游体育与传媒支 of 文化旅游体育与传媒支出): a row's name, unnumbered
    (a side-by-side table's classes), not a header's words."""
    from .tables import class_key

    key = class_key(word)
    if len(key) < OFFICIAL_START:
        return False
    names = official_name_keys()
    at = bisect.bisect_left(names, key)
    return at < len(names) and names[at].startswith(key)


@functools.cache
def official_name_keys() -> list[str]:
    """Every official name's key, sorted (for a search by its start)."""
    from .tables import _official_names

    return sorted({*_official_names("function"), *_official_names("economic")})


def centred_wraps_joined(body: list[tuple[Line, str, list[str]]], projects: bool = False,
                         labels: list[tuple[str, float, float]] = ()) -> list[tuple[Line, str, list[str]]]:
    """A row whose name wraps inside its cell, read by the characters' places (a PDF table
    without vertical rules): the cell's lines are centred on the row, so its name's first line
    stands above the line of its code and amounts and its last line below. Each line of words
    alone joins the line of amounts it stands nearest to, within a line's height (a heading
    further off stays a row of its own), as joined_words puts it."""
    slots = [_line_slots(tokens, ln.no) for ln, _, tokens in body]     # (no amount: no slots)
    # (a code alone, without amounts: a class's heading, its name centred over two lines)
    rows = [i for i, cells in enumerate(slots) if cells or code_alone(body[i][2])]
    above: dict[int, list[tuple[int, list[str]]]] = {}
    below: dict[int, list[tuple[int, list[str]]]] = {}
    words: set[int] = set()          # the lines of words alone
    for i, (ln, text, tokens) in enumerate(body):
        if slots[i] or _leading_codes(tokens) or NOT_A_NAME.search(text):
            continue
        words.add(i)
        height = ln.bbox[3] - ln.bbox[1]
        # (places on one page; of two rows it touches, the nearer by the middles: a row's
        # amounts half a line off a name of two lines centred on it overlap its lines)
        gaps = [(gap, abs(mid_y(ln.bbox) - mid_y(body[k][0].bbox)), k) for k in rows if body[k][0].page == ln.page
                and (gap := vertical_gap(ln.bbox, body[k][0].bbox)) <= height]
        if gaps:
            k = min(gaps)[2]
            if leans_away(body, i, toward_below=i < k):
                continue               # the line belongs with its other neighbour's cell
            (above if i < k else below).setdefault(k, []).append((i, tokens))
    # Only the centred pattern joins: lines above and below a row, or beside a row that has no
    # words of its own. A line on one side of a named row may be a heading or a note of its own.
    joined: dict[int, tuple[list[list[str]], list[list[str]]]] = {}
    taken: set[int] = set()
    for k in rows:
        up, down = centred_around(body, k, above.get(k, []), below.get(k, []))
        tokens = body[k][2]
        nameless = len(tokens) == len(_leading_codes(tokens)) + len(slots[k])
        if (up and down) or ((up or down) and nameless):
            up, down = centred_further(body, k, up, down, words - taken)
            joined[k] = ([i for i, _ in up], [i for i, _ in down])
            taken.update(i for i, _ in [*up, *down])
    if not taken:
        return body
    return names_rejoined(body, slots, taken, joined, projects, labels)


# the opening of an item's name (readers.pdf.ITEM_START but a code): （一）, 一、, 1., 其中
ITEM_OPENS = re.compile(r"[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d)|其中")


def code_alone(tokens: list[str]) -> bool:
    """The tokens are a code alone (a line printing nothing else)."""
    return bool(tokens) and len(_leading_codes(tokens)) == len(tokens)


def names_rejoined(body: list[tuple[Line, str, list[str]]], slots: list, taken: set[int],
                   joined: dict[int, tuple[list[int], list[int]]], projects: bool,
                   labels: list[tuple[str, float, float]] = ()):
    """The body without the lines taken into names, each row of `joined` (line → the lines
    above and below it) with its name joined; labels: a project table's label headers
    (label_heads)."""
    out = []
    for i, (ln, text, tokens) in enumerate(body):
        if i in taken:
            continue
        if i in joined:
            up, down = joined[i]
            columns = label_columns_placed(body, i, len(slots[i]), up, down, labels)
            tokens = row_named(tokens, len(slots[i]), [body[k][2] for k in up], [body[k][2] for k in down],
                               projects, columns)
            text = " ".join(tokens)
        out.append((ln, text, tokens))
    return out


def row_named(tokens: list[str], amounts: int, above: list[list[str]], below: list[list[str]],
              projects: bool, columns: list[str] | None = None) -> list[str]:
    """A coded line's tokens, the words of the lines above and below it joined into its name
    (its codes first, its last `amounts` tokens its amounts); columns: the label cells of a
    project table's row read by the words' places (label_columns_placed), where it found some."""
    codes = _leading_codes(tokens)
    values = tokens[len(tokens) - amounts:]
    if columns:
        return [*codes, *columns, *values]
    own = tokens[len(codes):len(tokens) - len(values)]
    return [*codes, *joined_words(own, above, below, "".join(codes) if projects else None), *values]


def label_heads(lines: list[Line], header: list[tuple[int, list[str]]]) -> list[tuple[str, float, float]]:
    """A project table's label headers on a PDF page without rules, each its label_role and its
    span across (points), its words stacked over one another read top to bottom (项目类 / 别);
    empty where the header's words have no places."""
    from .unruled import Word, header_stacks

    by_no = {ln.no: ln for ln in lines}
    words = []
    for no, tokens in header:
        ln = by_no.get(no)
        if ln is None or ln.word_boxes is None or len(ln.word_boxes) != len(tokens):
            return []
        words += [Word(t, b) for t, b in zip(tokens, ln.word_boxes)]
    stacks = [(label_role("".join(w.text for w in stack)), stack) for stack in header_stacks(words)]
    return [(role, min(w.box[0] for w in stack), max(w.box[2] for w in stack)) for role, stack in stacks if role]


def label_columns_placed(body: list[tuple[Line, str, list[str]]], k: int, amounts: int, up: list[int],
                         down: list[int], labels: list[tuple[str, float, float]]) -> list[str] | None:
    """A project table's row k whose label cells (单位名称 | 项目名称 | 项目类别) wrap above and
    below its line, read by the columns their words stand in (words over one another, as a
    header's stacks), each cell top to bottom, and by the label header over each (labels,
    label_heads): the function's name and the project's, as the model reads a row (the columns
    it has no place for left out; the row's code, read from its line, or from the code column
    where it stands after the names). None where the words have
    no places, or stand in one column, or a column holds single characters only (a cell's text
    spread to its width, 分散对齐, prints a character a word), or stands under no label header,
    or none is the project's."""
    from .unruled import Word, header_stacks

    if not labels:
        return None
    words = []
    for i in [*up, k, *down]:
        ln, _, tokens = body[i]
        if ln.word_boxes is None or len(ln.word_boxes) != len(tokens):
            return None
        first, last = (len(_leading_codes(tokens)), len(tokens) - amounts) if i == k else (0, len(tokens))
        words += [Word(tokens[j], ln.word_boxes[j]) for j in range(first, last)]
    columns = header_stacks(words)
    if len(columns) < 2 or any(all(len(w.text) < 2 for w in column) for column in columns):
        return None
    cells: dict[str, str] = {}
    for column in columns:
        role = role_over(column, labels)
        if role is None or (role in cells and role != "other"):
            return None                  # under no header, or two columns under one: not told apart
        cells[role] = "".join(w.text for w in column)
    if "project" not in cells:
        return None
    # (a code printed after the names, under its own header, opens the row as a code does)
    return [*([cells["code"]] if "code" in cells else []), cells.get("name", ""), cells["project"]]


def role_over(column: list, labels: list[tuple[str, float, float]]) -> str | None:
    """The label_role of the header standing most over the column's words (None: none)."""
    x0, x1 = min(w.box[0] for w in column), max(w.box[2] for w in column)
    over = [(min(x1, h1) - max(x0, h0), role) for role, h0, h1 in labels if min(x1, h1) > max(x0, h0)]
    return max(over)[1] if over else None


def padded_rows_joined(body: list[tuple[Line, str, list[str]]], projects: bool = False,
                       labels: list[tuple[str, float, float]] = ()) -> list[tuple[Line, str, list[str]]]:
    """A table without rules whose rows stand further apart than a cell's lines (a cell's
    padding: 2 points between rows, none between the lines of a name wrapped in its cell):
    each run of lines set close holding one coded line of amounts and lines of words alone is
    one row, its name the lines' words top to bottom, however the cells align (to the top,
    centred, to the bottom) and whether or not the code list knows the code. Runs of other
    lines are left as they are, to the alignment's reading."""
    runs = padded_runs(body)
    if runs is None:
        return body
    slots = [_line_slots(tokens, ln.no) for ln, _, tokens in body]
    out: list[tuple[Line, str, list[str]]] = []
    for run in runs:
        rows = [i for i in run if slots[i]] or heading(body, run, slots)
        words = [i for i in run if i not in rows]
        if len(rows) != 1 or not words or not _leading_codes(body[rows[0]][2]) or any(
                _leading_codes(body[i][2]) or NOT_A_NAME.search(body[i][1]) for i in words):
            out += [body[i] for i in run]
            continue
        k = rows[0]
        ln, _, tokens = body[k]
        up, down = [i for i in words if i < k], [i for i in words if i > k]
        columns = label_columns_placed(body, k, len(slots[k]), up, down, labels)
        tokens = row_named(tokens, len(slots[k]), [body[i][2] for i in up], [body[i][2] for i in down], projects, columns)
        out.append((ln, " ".join(tokens), tokens))
    return out


def heading(body: list[tuple[Line, str, list[str]]], run: list[int], slots: list) -> list[int]:
    """The coded line of a run of lines without amounts (a class's heading wrapped in its cell,
    printing no amount): the one line opening with a code (its name's words after it, or, the
    name centred over two lines, none), where the run holds one (lines set close without
    amounts: one cell's lines, one row)."""
    if len(run) < 2 or any(slots[i] for i in run):
        return []
    coded = [i for i in run if _leading_codes(body[i][2])]
    return coded if len(coded) == 1 else []


def padded_runs(body: list[tuple[Line, str, list[str]]]) -> list[list[int]] | None:
    """The body's lines in runs set close together (per page), where rows stand apart by more
    than the lines within a run (a gap wider than the closest, less than half a line: a cell's
    padding); None where no such spacing shows (rows set as close as a cell's lines: the
    alignment decides)."""
    gaps = [vertical_gap(a[0].bbox, b[0].bbox) if a[0].page == b[0].page else None for a, b in itertools.pairwise(body)]
    heights = [ln.bbox[3] - ln.bbox[1] for ln, _, _ in body]
    close = [g for g in gaps if g is not None]
    if not close:
        return None
    tight = min(close) + LOOSE / 2 * min(heights)
    if not any(tight < g < tight + min(heights) / 2 for g in close):
        return None
    runs = [[0]]
    for i, g in enumerate(gaps, start=1):
        if g is not None and g <= tight:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def centred_further(body: list[tuple[Line, str, list[str]]], k: int, up: list, down: list,
                    free: set[int]) -> tuple[list, list]:
    """The lines of row k's centred name (up, down: those next to it) with the pairs of lines
    of words beyond them, one above and one below as far from the row's middle as each other:
    a name over five lines or more (or four, its code and amounts between the middle two) has
    its outer lines nearer another row's line than its own. Not past a line that opens an item
    (above: the name's first line; below: another name's)."""
    from ..readers.pdf import ITEM_START

    box = body[k][0].bbox
    middle, height = (box[1] + box[3]) / 2, box[3] - box[1]
    top = up[0][0] if up else k
    bottom = down[-1][0] if down else k
    while top - 1 in free and bottom + 1 in free and not ITEM_START.match(body[top][1] if top != k else ""):
        a, b = body[top - 1][0], body[bottom + 1][0]
        if a.page != b.page or ITEM_START.match(body[bottom + 1][1]) or \
                abs((middle - (a.bbox[1] + a.bbox[3]) / 2) - ((b.bbox[1] + b.bbox[3]) / 2 - middle)) > LOOSE * height or \
                vertical_gap(a.bbox, body[top][0].bbox) > height / 2 or vertical_gap(body[bottom][0].bbox, b.bbox) > height / 2:
            break
        top, bottom = top - 1, bottom + 1
        up, down = [(top, body[top][2]), *up], [*down, (bottom, body[bottom][2])]
    return up, down


def centred_around(body: list[tuple[Line, str, list[str]]], k: int, up: list, down: list) -> tuple[list, list]:
    """The lines above and below row k (line index, tokens; in order) that can be its name's
    centred on it. A name's first line may start an item (一、…, （三）…, 1.…), no other of its
    lines: the lines above end at the nearest such line, those below stop before one, and
    none above a row whose own words start one. Where both sides have lines, as many on each
    (a centred name stands as far above its row as below; the rest is a neighbour's cell, a
    row without amounts in a side-by-side table)."""
    from ..readers.pdf import ITEM_START

    def starts_item(i: int) -> bool:
        return bool(ITEM_START.match(body[i][1]))

    codes = _leading_codes(body[k][2])
    if body[k][2][len(codes):] and ITEM_START.match(body[k][2][len(codes)]):
        up = []
    first = next((n for n, (i, _) in enumerate(reversed(up)) if starts_item(i)), None)
    if first is not None:
        up = up[len(up) - first - 1:]
    stop = next((n for n, (i, _) in enumerate(down) if starts_item(i)), None)
    if stop is not None:
        down = down[:stop]
    if up and down:
        n = min(len(up), len(down))
        up, down = up[len(up) - n:], down[:n]
    return up, down


# a line's box is its characters' loose boxes: its top and bottom move with the glyphs (a
# bracket stands taller than a digit), so gaps between lines compare within this share of a
# line's height
LOOSE = 0.25


def aligned_to_top(body: list[tuple[Line, str, list[str]]]) -> bool:
    """The table's cells align to the top (Word's tables): more of its coded rows print on their
    own line the beginning of their code's name, cut short, than something else of it (the
    middle of a name centred on the row, or a name not the classification's). Where a row's
    lines stand as close together as two rows do, only the words tell the two apart: read as
    centred, the last line of one row's name would open the next row's."""
    top = other = 0
    for ln, text, tokens in body:
        slots = _line_slots(tokens, ln.no)
        codes = _leading_codes(tokens)
        name = "".join(tokens[len(codes):len(tokens) - len(slots)])
        if not slots or not codes or not name or is_official_name("".join(codes), name):
            continue
        if is_official_prefix("".join(codes), name):
            top += 1
        else:
            other += 1
    return top > other


def aligned_to_bottom(body: list[tuple[Line, str, list[str]]]) -> bool:
    """The rows' names wrapped in their cells end on the line of their code and amounts: cells
    aligned to the bottom (Excel's default), or a name of two lines centred on its row, its code
    and amounts half a line off and read with its last line. Some coded rows print there the
    end of their code's name as the classification gives it, cut short, and none its beginning
    or its middle (a name aligned to the top or centred over three lines)."""
    ends = others = 0
    for ln, text, tokens in body:
        slots = _line_slots(tokens, ln.no)
        codes = _leading_codes(tokens)
        name = "".join(tokens[len(codes):len(tokens) - len(slots)])
        if not slots or not codes or not name:
            continue
        part = official_part("".join(codes), name)
        if part == "end":
            ends += 1
        elif part in ("start", "inside"):
            others += 1
    return ends > 0 and others == 0


def official_part(code: str, words: str) -> str | None:
    """Where the words stand in the code's name as the classification gives it (any year's
    wording): whole, start, end or inside; None where the code is unknown or its name holds
    no such words."""
    from ..codes import load_registry
    from ..codes.registry import normalize_name

    registry = load_registry(None)
    entry = registry.lookup("function", code) or registry.lookup("economic", code)
    printed = normalize_name(words)
    if entry is None or len(printed) < 2:
        return None
    names = [normalize_name(n) for n in entry.names]
    if printed in names:
        return "whole"
    for part, found in (("start", str.startswith), ("end", str.endswith), ("inside", str.__contains__)):
        if any(found(n, printed) for n in names):
            return part
    return None


def code_cells_joined(body: list[tuple[Line, str, list[str]]]) -> list[tuple[Line, str, list[str]]]:
    """A code printed in its name's cell (201 一般公共服务支出 in one cell of a 收支总表), the name
    wrapped there: the line under the code's, set flush left with it (the cell's next line), no
    code of its own, goes on with the name where the two make the code's name as the
    classification gives it; one of the two lines at most prints the row's amounts (the first,
    cells aligned to the top; the last, to the bottom), or a line of amounts alone stands
    between them (centred over two lines). One line then."""
    slots = [_line_slots(tokens, ln.no) for ln, _, tokens in body]
    out: list[tuple[Line, str, list[str]]] = []
    i = 0
    while i < len(body):
        joined, used = None, 1
        if i + 1 < len(body):
            joined, used = code_cell_pair(body, slots, i, i + 1), 2
        if joined is None and i + 2 < len(body) and not slots[i] and not slots[i + 2] and amounts_alone(body, slots, i + 1):
            joined, used = code_cell_pair(body, slots, i, i + 2, i + 1), 3
        out.append(joined or body[i])
        i += used if joined is not None else 1
    return out


def amounts_alone(body: list[tuple[Line, str, list[str]]], slots: list, k: int) -> bool:
    """Line k prints amounts and nothing else."""
    return bool(slots[k]) and len(slots[k]) == len(body[k][2])


def code_cell_pair(body: list[tuple[Line, str, list[str]]], slots: list, i: int, j: int,
                   between: int | None = None) -> tuple[Line, str, list[str]] | None:
    """Lines i (the code's) and j (the name's rest) as one line, with the amounts of either or
    of line `between`; None where they are no one cell's lines of the code's name."""
    (a, _, first), (b, text, second) = body[i], body[j]
    codes = _leading_codes(first)
    if not codes or _leading_codes(second) or (slots[i] and slots[j]) or a.page != b.page \
            or a.bbox is None or b.bbox is None or a.word_boxes is None or b.word_boxes is None \
            or len(a.word_boxes) != len(first) or len(b.word_boxes) != len(second) or NOT_A_NAME.search(text):
        return None
    if abs(a.bbox[0] - b.bbox[0]) > 1 or vertical_gap(a.bbox, b.bbox) > b.bbox[3] - b.bbox[1]:
        return None
    head = first[len(codes):len(first) - len(slots[i])]
    tail = second[:len(second) - len(slots[j])]
    if not head or not tail or not is_official_name("".join(codes), "".join([*head, *tail])):
        return None
    name_boxes = a.word_boxes[len(codes):len(codes) + len(head)] + b.word_boxes[:len(tail)]
    name_box = (min(x[0] for x in name_boxes), min(x[1] for x in name_boxes),
                max(x[2] for x in name_boxes), max(x[3] for x in name_boxes))
    at = next((k for k in (i, j, between) if k is not None and slots[k]), None)
    line, values, boxes = a, [], []
    if at is not None:
        line, tokens = body[at][0], body[at][2]
        values, boxes = tokens[len(tokens) - len(slots[at]):], line.word_boxes[len(tokens) - len(slots[at]):]
    tokens = [*codes, "".join([*head, *tail]), *values]
    words = [*a.word_boxes[:len(codes)], name_box, *boxes]
    return replace(line, text=" ".join(tokens), word_boxes=words), " ".join(tokens), tokens


def heads_joined(body: list[tuple[Line, str, list[str]]], projects: bool = False,
                 labels: list[tuple[str, float, float]] = ()) -> list[tuple[Line, str, list[str]]]:
    """Rows whose names end on the line of their code and amounts (aligned_to_bottom): the lines
    of words alone right above a coded line are its name's first lines, joined in front of it,
    while each stands in the row's name cell (not at the table's left, where a row or a heading
    starts), within a line's height of the line below it, and below any line that opens an
    item (一、…: a name's first line). A row above printing no amounts never takes them: its
    own name ends on its code's line."""
    from ..readers.pdf import ITEM_START

    slots = [_line_slots(tokens, ln.no) for ln, _, tokens in body]
    heads: dict[int, list[int]] = {}
    for i, (ln, _, tokens) in enumerate(body):
        codes = _leading_codes(tokens)
        own = len(tokens) - len(codes) - len(slots[i])
        if not codes or own <= 0 or ln.word_boxes is None or len(ln.word_boxes) != len(tokens):
            continue
        left = ln.word_boxes[len(codes)][0]
        lines: list[int] = []
        j = i - 1
        while j >= 0 and heads_row(body, slots, j, j + 1 if not lines else lines[0], ln, left):
            lines.insert(0, j)
            if ITEM_START.match(body[j][1]):
                break
            j -= 1
        if lines:
            heads[i] = lines
    if not heads:
        return body
    taken = {j for lines in heads.values() for j in lines}
    joined = {i: (lines, []) for i, lines in heads.items()}
    return names_rejoined(body, slots, taken, joined, projects, labels)


def heads_row(body: list[tuple[Line, str, list[str]]], slots: list, j: int, below: int, row: Line, left: float) -> bool:
    """Line j can begin the name of the row on line `row`: words alone (no code, no amount, no
    note) on its page, starting within the row's name cell, within a line's height of the
    line below it."""
    ln, text, tokens = body[j]
    if slots[j] or _leading_codes(tokens) or NOT_A_NAME.search(text) or ln.page != row.page or ln.bbox is None:
        return False
    if any(tok.isdigit() for tok in tokens) or ln.bbox[0] < left - 1 or ln.bbox[0] <= row.bbox[0] + 1:
        return False
    return vertical_gap(ln.bbox, body[below][0].bbox) <= ln.bbox[3] - ln.bbox[1]


def leans_away(body: list[tuple[Line, str, list[str]]], i: int, toward_below: bool) -> bool:
    """Line i stands nearer to its neighbour on the other side than to the one toward the row
    it would join: the lines of one cell stand closer together than two rows do (in a table
    whose cells align to the top, the last line of a wrapped name stands just above the next
    row, nearer to the line above it)."""
    ln = body[i][0]
    before = vertical_gap(body[i - 1][0].bbox, ln.bbox) if i > 0 and body[i - 1][0].page == ln.page else None
    after = vertical_gap(ln.bbox, body[i + 1][0].bbox) if i + 1 < len(body) and body[i + 1][0].page == ln.page else None
    if before is None or after is None:
        return False
    slack = LOOSE * (ln.bbox[3] - ln.bbox[1])
    return before < after - slack if toward_below else after < before - slack


def hanging_wraps_joined(body: list[tuple[Line, str, list[str]]], projects: bool = False) -> list[tuple[Line, str, list[str]]]:
    """A row whose name wraps inside a cell aligned to its top (Word's tables): the name's first
    line stands on the line of the code and amounts, the rest hangs below it. The lines of words
    alone below a row that has words of its own join it while each stands indented from where
    the row's line starts (in the name's column, not at the table's left where a row or a
    heading starts), within a line's height of the line above it and nearer to that line than
    to the line below than to it (the space between two rows is wider than between a cell's lines)."""
    slots = [_line_slots(tokens, ln.no) for ln, _, tokens in body]
    out = []
    i = 0
    while i < len(body):
        ln, text, tokens = body[i]
        codes = _leading_codes(tokens)
        own = tokens[len(codes):len(tokens) - len(slots[i])]
        hanging = []
        while slots[i] and own and hangs(body, slots, i, i + 1 + len(hanging)):
            hanging.append(body[i + 1 + len(hanging)][2])
        words = hanging_words(own, hanging, "".join(codes) if projects else None) if hanging else None
        if words:
            values = tokens[len(tokens) - len(slots[i]):]
            tokens = [*codes, *words, *values]
            text = " ".join(tokens)
        out.append((ln, text, tokens))
        i += 1 + len(hanging)
    return out


def hanging_words(own: list[str], hanging: list[list[str]], project_code: str | None) -> list[str] | None:
    """The label words of a row with the lines hanging below it. Where the row's line holds
    several word groups (科目名称 and 项目名称 both wrapped), each hanging line must hold as many,
    and each group continues the one above it; a line with fewer cannot say which column its
    words are in, and the row is left as printed (None)."""
    if len(own) == 1:
        return joined_words(own, [], hanging, project_code)
    if any(len(line) != len(own) for line in hanging):
        return None
    return ["".join([word, *(line[j] for line in hanging)]) for j, word in enumerate(own)]


def hangs(body: list[tuple[Line, str, list[str]]], slots: list, row: int, k: int) -> bool:
    """Line k of the body hangs below the row's line: words alone, indented from the row's
    start, within a line's height of the line above it and nearer to it than to the next."""
    if k >= len(body):
        return False
    ln, text, tokens = body[k]
    above, row_line = body[k - 1][0], body[row][0]
    if slots[k] or _leading_codes(tokens) or NOT_A_NAME.search(text) or ln.page != above.page:
        return False
    if any(tok.isdigit() for tok in tokens):
        return False                   # the tail of an amount wrapped in its cell: no name
    if ln.bbox[0] <= row_line.bbox[0] + 1:
        return False                   # starts where rows start: a row or a heading of its own
    gap = vertical_gap(above.bbox, ln.bbox)
    if gap > ln.bbox[3] - ln.bbox[1]:
        return False
    nxt = body[k + 1][0] if k + 1 < len(body) else None
    slack = LOOSE * (ln.bbox[3] - ln.bbox[1])
    return nxt is None or nxt.page != ln.page or gap <= vertical_gap(ln.bbox, nxt.bbox) + slack


# a line that is no part of a name: a note under the table, a sentence
NOT_A_NAME = re.compile(r"^(?:注|说明|备注|资料来源|数据来源)|。$")


def joined_words(own: list[str], above: list[list[str]], below: list[list[str]], project_code: str | None) -> list[str]:
    """The label cells of a row whose wrapped lines stand above and below its own line. In a
    table of projects (project_code: the row's function code), where the row's own line holds
    the code's whole name as the classification gives it, the other lines are the project's
    name; else the lines are one name, read top to bottom. (Two columns wrapped alike, 科目名称
    and 项目名称, are not told apart by their words: a cell's text spread to its width (分散对齐)
    also reads as several words.)"""
    lines = [line for line in [*above, own, *below] if line]
    if project_code and own and is_official_name(project_code, "".join(own), ("function",)):
        return [*own, "".join(w for line in [*above, *below] for w in line)]
    return ["".join(w for line in lines for w in line)]


def is_official_name(code: str, name: str, classifications=("function", "economic")) -> bool:
    """The name is the code's in the classification (any year's wording)."""
    from ..codes import load_registry

    registry = load_registry(None)
    return any(registry.name_matches(c, code, name) for c in classifications)


def completes_official(code: str, name: str, words: str) -> bool:
    """Whether the words end a code's name cut over lines: with them the name reads the code's
    as the classification gives it, without them it does not."""
    return not is_official_name(code, name) and is_official_name(code, name + words)


def is_official_prefix(code: str, words: str) -> bool:
    """The words begin the code's name as the classification gives it (its tail may follow on
    the next line)."""
    from ..codes import load_registry

    registry = load_registry(None)
    entry = registry.lookup("function", code) or registry.lookup("economic", code)
    return entry is not None and len(words) >= 2 and any(n.startswith(words) for n in entry.names)


def mid_y(box: tuple) -> float:
    return (box[1] + box[3]) / 2


def vertical_gap(a: tuple, b: tuple) -> float:
    """The space between two boxes (x0, top, x1, bottom) one above the other (0 if they overlap)."""
    return max(0.0, max(a[1], b[1]) - min(a[3], b[3]))


PLACEHOLDERS = frozenset({"-", "--", "—", "——", "–", "－", "－－"})   # a cell printed as a dash


def empty_note_lines(texts: list[tuple[Line, str]], spec: TableSpec) -> set[int]:
    """Line numbers of the '…没有…为空表。' sentence (SAYS_EMPTY), which may wrap over up to three lines."""
    found: set[int] = set()
    # (every line found is found by says_empty on some line, which needs 空, 无 or 没: most
    # tables have none, told by three searches of their text, not by tests line by line)
    whole = "\n".join([t for _, t in texts])
    if "空" not in whole and "无" not in whole and "没" not in whole:
        return found
    for i, (ln, text) in enumerate(texts):
        if says_empty(text):
            found.add(ln.no)
            continue
        if not ("没有" in text or "未安排" in text or "未使用" in text) or _plain_data_like(text, spec):
            continue
        ahead = texts[i + 1:i + 3]
        end = next((j for j, (_, t) in enumerate(ahead) if says_empty(t)), None)
        if end is not None:
            found.update(l.no for l, _ in [(ln, text), *ahead[:end + 1]])
    return found


def wrapped_label(prev: RawRow, row: RawRow, items) -> bool:
    """A label cut over two lines: the first half matches no item, the whole does."""
    if prev.values or not prev.name or not row.name or not items:
        return False
    if matches_any(items, prev.name) or matches_any(items, row.name):
        return False
    return matches_any(items, prev.name + row.name)


def _line_amounts(tokens: list[str], line: int) -> list[RawValue]:
    """The amounts a line ends with (its tokens; a dash among them is an empty cell)."""
    return [v for v in _line_slots(tokens, line) if v is not None]


def _line_slots(tokens: list[str], line: int, whole: bool = False, width: int | None = None,
                alone: bool = False, coded: bool = False, grouped: bool = False) -> list[RawValue | None]:
    """The cells a line ends with: its amounts, and None for a dash printed for an empty (zero)
    cell among or after them ("211.11 - 211.11": kept as a word, the dash would end the
    amounts there and make the first 211.11 part of the name). No amount, no cells.

    A bare integer is no amount by its look (a code, a row's number, a count), but it is one
    among amounts: a 0 beside them, or alone on its line in a table written one cell a line
    (`alone`; no code or number is 0: "2,932,700 0 2,932,700"), any
    between two ("46.56 25 21.56"), and in a table printing its amounts whole (`whole`:
    "2,932,700", as 元 tables do) any the line ends with ("500 500 0 0 0"), though never one
    of the row's codes (those it opens with, where `coded`) nor
    more than the table has columns (`width`: the rest are the label's), nor, where the table
    prints its thousands' separators (`grouped`: "1,000"), a bare one of four digits or more
    first (a year, a count: "普查 2020 2,000 2,000" on a row printing fewer cells than
    columns). A negative integer is an amount (no code nor number is negative)."""
    slots: list[RawValue | None] = []
    bare: list[int] = []                 # the bare integers' places in slots (last first)
    dashes = not PLACEHOLDERS.isdisjoint(tokens)     # (most lines have none: one test in C)
    for tok in reversed(tokens):
        value = amount_of(tok, line)
        if value is None:
            if tok.isdigit() and tok.isascii():
                bare.append(len(slots))
                value = amount_of(tok, line, integers=True)
            elif tok[:1] in "-－" and tok[1:].isdigit() and tok[1:].isascii():
                value = amount_of(tok, line, integers=True)
            elif dashes and tok in PLACEHOLDERS:
                slots.append(None)
                continue
            else:
                break
        slots.append(value)
    if bare:        # (most lines have none: their cells are the run as it stands)
        slots = _bare_read(tokens, slots, bare, whole, width, alone, coded, grouped)
    while dashes and slots and slots[-1] is None:    # a dash before the first amount is the label's
        slots.pop()
    return slots[::-1]


def _bare_read(tokens: list[str], slots: list, bare: list[int], whole: bool, width: int | None, alone: bool,
               coded: bool, grouped: bool) -> list:
    """_line_slots' cells (last first) where bare integers stand among them: those that are
    amounts by their place kept (see there)."""
    codes = len(_leading_codes(tokens)) if coded else 0
    slots = slots[:len(tokens) - codes]          # never the row's codes
    marks = set(bare)
    run = [(value, k in marks) for k, value in enumerate(slots)][::-1]       # (in printed order)
    if alone and len(tokens) == 1 and run and run[0][1] and not run[0][0].amount:
        return [run[0][0]]               # a 0 alone on its line: a cell written one a line
    if whole and len(run) == len(tokens) and sum(value is not None for value, _ in run) == 1 and run_bare(run):
        return []                        # a number alone on its line (a page's, "- 12 -"): no row
    if whole:
        while run and run[0][1] and ((width is not None and len(run) > width) or
                                     (grouped and run[0][0].amount >= 1000)):
            run.pop(0)                   # more cells than columns: the label ends with a number
    else:
        run = _bare_among_amounts(run)
    return [value for value, _ in run][::-1]


def run_bare(run: list[tuple[RawValue | None, bool]]) -> bool:
    """The run's one number is a bare integer."""
    return all(bare for value, bare in run if value is not None)


def _bare_among_amounts(run: list[tuple[RawValue | None, bool]]) -> list[tuple[RawValue | None, bool]]:
    """The cells of a run (in order) whose bare integers are amounts by their place: a 0
    anywhere beside an amount, any other between two amounts. A bare integer after the last
    amount ends the run there (nothing is read, as before); one before the first amount
    starts it after itself (it is the label's)."""
    definite = [k for k, (value, bare) in enumerate(run) if value is not None and not bare]
    if not definite:
        return []
    first, last = definite[0], definite[-1]
    if any(bare and value.amount for value, bare in run[last + 1:]):
        return []
    cut = max((k for k in range(first) if run[k][1] and run[k][0].amount), default=-1)
    return run[cut + 1:]


# a line ending in two whole numbers or more; a figure with decimals or thousands' separators
WHOLE_ENDS = re.compile(r"(?<![\d.,])\d+[ \t]+\d+[ \t]*$")
FIGURE_FORM = re.compile(r"\d[.,]\d")


def yuan_whole(texts: list[tuple[Line, str]]) -> bool:
    """A table in 元 printing its amounts as bare integers (4205000: no decimals, no thousands'
    separators): no figure of its shows a form, and lines end in two integers or more. Its
    amounts look like codes and counts; the unit and the runs of them tell them apart."""
    ends = 0
    for _, text in texts:
        if FIGURE_FORM.search(text):
            return False
        ends += bool(WHOLE_ENDS.search(text))
    return ends >= 2


def prints_whole(body: list[tuple[Line, str, list[str]]], bare_yuan: bool = False) -> tuple[bool, bool]:
    """Whether the table prints its amounts whole ("2,932,700", as 元 tables do: its lines end
    with amounts, and not one of those has decimals; or bare_yuan, yuan_whole), and whether,
    so, with thousands' separators (grouped)."""
    if bare_yuan:
        return True, False
    # (a line's last token as amount_of(token, 0) reads it, without making its RawValue; the
    # first amount with decimals decides: not whole)
    ends = grouped = False
    for _, _, tokens in body:
        read = number_cell(tokens[-1]) if tokens else None
        if read is None or not read[3]:
            continue
        if read[2]:
            return False, False
        ends, grouped = True, grouped or "," in read[0]
    return ends, ends and grouped


def placed_by_dashes(slots: list[RawValue | None], keys: list[str]) -> list[RawValue]:
    """The amounts of a line's cells; where dashes fill the row's every other column (as many
    cells as the table has columns), each amount is placed in its column by position."""
    if None not in slots:
        return slots
    values = [v for v in slots if v is not None]
    if len(slots) == len(keys):
        values = [replace(v, column=key) for v, key in zip(slots, keys) if v is not None]
    return values


def _leading_codes(tokens: list[str]) -> list[str]:
    """The code parts a coded row's line opens with (201 05 07, 20105 07), a part of one digit
    padded as printed without its 0 ("301 2": 30102, a spreadsheet's number format)."""
    codes = []
    for i, tok in enumerate(tokens):
        if not tok.isdigit():
            break
        if i == 0 and len(tok) not in (3, 5, 7):
            break
        if i > 0 and (len(tok) not in (1, 2) or len("".join(codes)) >= 7):
            break                        # (a code has 7 digits at most: what follows is a cell)
        codes.append(tok.zfill(2) if i else tok)
    return codes


def _plain_data_like(text: str, spec: TableSpec) -> bool:
    return _data_like(text.split())


def side_data_like(tokens: list[str]) -> bool:
    """A side-by-side table's line that prints an amount between words: the first side's amount,
    the second side's item beside it printing none ("一、一般公共预算拨款收入 50.00 一般公共服务
    支出"). A header prints no amount."""
    return any(is_amount_cell(t) and not t.isdigit() for t in tokens[1:-1]) and not is_amount_cell(tokens[-1])


def _data_like(tokens: list[str], whole: bool = False) -> bool:
    """A line of tokens ending in an amount (_line_amounts finds some), or in a bare integer
    read among amounts ("合计 3,190,700 3,190,700 0": _line_slots; any, in a table printing its
    amounts whole: `whole`), or coded with words. Dashes after its amounts are empty (zero)
    cells, as a sheet's accounting format prints them ("合计 4,720.81 400.50 - -"), no header."""
    while len(tokens) > 1 and tokens[-1] in PLACEHOLDERS:
        tokens = tokens[:-1]
    if tokens and (is_amount_cell(tokens[-1]) or (tokens[-1].isdigit() and any(_line_slots(tokens, 0, whole)))):
        return True
    return bool(tokens) and bool(CODE.match(tokens[0])) and len(tokens) > 1


def second_side_column(lines: list[Line], spec: TableSpec, first: str, second: str) -> int | None:
    """Where the second side begins in a layout text (pdftotext -layout): the column of its
    header on the line that prints both sides' headers ("收入      支出"); None without one."""
    from .geometry import side_headers

    firsts, seconds = side_headers(spec, first), side_headers(spec, second)
    for ln in lines[:META_LINES + 6]:
        words = ln.text.split()
        if len(words) >= 2 and words[0] in firsts:
            at = next((ln.text.find(w, len(ln.text) - len(ln.text.lstrip()) + len(words[0]))
                       for w in words[1:] if w in seconds), -1)
            if at > 0:
                return at
    return None


def side_lines(lines: list[Line], body: list, spec: TableSpec, first: str, second: str,
               notes: list | None = None, head: list[tuple[str, tuple]] = ()) -> list[tuple[Line, str, str | None]]:
    """The lines of a side-by-side table with the side each prints where its place says so
    (None: both may be printed, in order). A PDF page without rules is cut at the second side's
    start across the page (unruled.sides_by_place); a layout line indented to the second
    side's header has only that side printed."""
    if body and all(ln.word_boxes is not None for ln, _, _ in body):
        from .unruled import sides_by_place

        items = {side: spec.sides[side].items for side in (first, second)}
        placed = sides_by_place(body, first, second, items, notes, head)
        if placed is not None:
            return placed
    boundary = second_side_column(lines, spec, first, second)
    return [(ln, text, second if boundary is not None and len(ln.text) - len(ln.text.lstrip()) >= boundary - 2
             else None) for ln, text, _ in body]


def _side_rows_plain(ln: Line, text: str, first: str = "income", second: str = "expenditure",
                     coded_first: bool = False, numbered: bool = False, only: str | None = None,
                     items: tuple[list, list] | None = None) -> list[RawRow]:
    """A line of a side-by-side table in plain text: the first side's words and amounts, then
    the second's (which starts at a class code, after an amount, at an expenditure total, or
    — numbered: the header prints 行次 — after the first side's row number or at a new
    top-level item); only: the one side the line prints. A lone integer after a side's words is
    its 行次 (row number)."""
    tokens = text.split()
    amounts = list(map(is_amount_cell, tokens))        # each token classified once
    if "0" in tokens:
        zeros_beside_amounts(tokens, amounts)
    # a line that opens with an expenditure (…支出) has only the expenditure side printed: no
    # income label ends so ("四、住房保障支出 36 45.60 45.60")
    split = len(tokens) if only == first else \
        0 if only == second or _second_side_only(tokens, amounts, first, items) else None
    seen_amount = False
    # (a line of labels alone: no amount tells where the second side's label begins)
    labels_only = items is not None and split is None and not any(amounts)
    for i, tok in enumerate(tokens if split is None else ()):
        if amounts[i]:
            seen_amount = True
            continue
        if CODE.match(tok) and (len(tok) == 3 or coded_first) and i + 1 < len(tokens) \
                and not tokens[i + 1].isdigit() and not (coded_first and i == 0):
            split = i
            break
        if i > 0 and not coded_first and GLUED_CLASS.match(tok):
            split = i              # "208社会保障和就业支出": a class code run into its name
            break
        if numbered and i > 0 and ROW_NUMBER.match(tokens[i - 1]) and not ROW_NUMBER.match(tok):
            split = i              # "使用非财政拨款结余 10 结余分配 60": the label after a row number
            break
        if i > 0 and TOP_ITEM.match(tok):
            split = i              # "二、政府性基金预算财政拨款收入 2 二、社会保障和就业支出 33 64.80"
            break
        if i > 0 and not coded_first and names_class(tok):
            split = i              # "二、政府性基金预算拨款收入 社会保障和就业支出 50.00": a class by name
            break
        if seen_amount or exp_label("".join(tokens[i:i + 4])):
            split = i
            break
        if i > 0 and labels_only and first_item(items[1], tok) is not None \
                and first_item(items[0], tok) is None and first_item(items[0], "".join(tokens[:i])) is not None:
            split = i              # "收入合计 支出合计": a word the second side's items name, after the first's
            break
    if split is None:
        split = len(tokens)
    rows = []
    inc_words, inc_values = _words_and_amounts(tokens[:split], amounts[:split], ln.no)
    inc_number = _row_number(inc_words)
    if inc_words or inc_values:
        label = " ".join(inc_words)
        code, name = split_code_label(label) if coded_first else ("", norm_label(label))
        rows.append(RawRow(line=ln.no, line_end=ln.no, side=first, code=code, name=name,
                           raw_label=label, values=inc_values, row_number=inc_number))
    for lo, hi in _second_side_groups(tokens, amounts, split, coded_first):
        words, exp_values = _words_and_amounts(tokens[lo:hi], amounts[lo:hi], ln.no)
        number = _row_number(words)
        code, name = split_code_label(" ".join(words))
        rows.append(RawRow(line=ln.no, line_end=ln.no, side=second, code=code, name=name,
                           raw_label=" ".join(words), values=exp_values, row_number=number))
    return rows


def side_tails_joined(rows: list[RawRow], text_of: dict[int, str]) -> list[RawRow]:
    """Coded sides printed in groups side by side (决算 基本支出表), as text: a name wrapped in
    its cell leaves its rest on the lines under its row ("30108 机关事业单位 64.18  30216 …" /
    "基本养老保险" / "缴费"), read as rows of words alone. Each word goes to the coded row above
    whose name starts at or before its column, nearest (the group it is printed in), and joins
    it where the classification confirms the whole name; a line whose words are not all so
    confirmed stays as read."""
    out: list[RawRow] = []
    above: list[tuple[int, RawRow]] = []          # the coded rows of the last line of amounts
    run: dict[int, list[RawRow]] = {}             # the lines of words alone under them
    for line, group in itertools.groupby(rows, key=lambda r: r.line):
        group = list(group)
        if above and all(not r.code and not r.values and not r.row_number and r.name for r in group):
            run[line] = group
            continue
        out += tails_placed(above, run, text_of)
        out += group
        run = {}
        above = [(col, r) for r in group if r.code and r.values
                 for col in [name_column(text_of.get(r.line, ""), r.code)] if col is not None]
    return out + tails_placed(above, run, text_of)


def name_column(text: str, code: str) -> int | None:
    """Where the name after a code starts on its line (None: the code is not a word of it)."""
    words = list(re.finditer(r"\S+", text))
    return next((nxt.start() for w, nxt in itertools.pairwise(words) if w.group() == code), None)


def tails_placed(above: list[tuple[int, RawRow]], run: dict[int, list[RawRow]],
                 text_of: dict[int, str]) -> list[RawRow]:
    """The rows of words alone under a line of coded rows (side_tails_joined): those joining
    the names above are gone, the others kept."""
    words = {line: list(re.finditer(r"\S+", text_of.get(line, ""))) for line in run}
    owners = {line: [max((k for k, (col, _) in enumerate(above) if col <= w.start() + 2),   # (-1: none)
                         key=lambda k: above[k][0], default=-1) for w in ws] for line, ws in words.items()}
    tails: dict[int, str] = {}                    # the row above → the words joining it
    for line, ws in words.items():
        for w, k in zip(ws, owners[line]):
            tails[k] = tails.get(k, "") + w.group()
    ok = {k for k, tail in tails.items() if k >= 0 and completes_official(above[k][1].code, above[k][1].name, tail)}
    while bad := {k for os in owners.values() if not ok.issuperset(os) for k in os} & ok:
        ok -= bad                                 # (a line is joined whole or not at all)
    for k in ok:
        row = above[k][1]
        row.name, row.raw_label = row.name + tails[k], row.raw_label + tails[k]
        row.line_end = max(line for line, os in owners.items() if k in os)
    return [r for line, group in run.items() if not ok.issuperset(owners[line]) for r in group]


def _second_side_groups(tokens: list[str], amounts: list[bool], split: int, coded: bool) -> list[tuple[int, int]]:
    """The token spans of the second side's rows: one, or — coded sides, 基本支出决算表 printed
    in three groups (人员经费 | 公用经费 | 公用经费 continued) — one per code after an amount."""
    if split >= len(tokens):
        return []
    cuts = [split]
    if coded:
        cuts += [i for i in range(split + 1, len(tokens)) if CODE.match(tokens[i]) and amounts[i - 1]]
    return list(zip(cuts, cuts[1:] + [len(tokens)]))


def amounts_under_labels(done: list[RawRow], rows: list[RawRow], first: str, second: str, width: int) -> bool:
    """A line of amounts alone under a line of both sides' labels alone ("收入合计 支出合计" /
    "10,070.48 10,070.48": a PDF's row printed its figures a little lower than its words):
    the first side's label takes the first `width` amounts, the second's the rest. False (and
    nothing done) for any other line."""
    if len(rows) != 1 or rows[0].name or rows[0].code or len(rows[0].values) <= width or len(done) < 2:
        return False
    left, right = done[-2], done[-1]
    if (left.side, right.side) != (first, second) or left.values or right.values or left.line != right.line \
            or not left.name or not right.name:
        return False
    values = rows[0].values
    left.values, right.values = values[:width], values[width:]
    left.line_end = right.line_end = rows[0].line
    return True


def _second_side_only(tokens: list[str], amounts: list[bool], first: str, items: tuple[list, list] | None) -> bool:
    """The line prints only the second side: its first label (its words before a number or a
    new numbered item) ends in 支出 where the first side is income (an expenditure class or
    total), or it names an item of the second side's and none of the first's (items: the
    sides' ItemSpecs; "三、单位预留机动经费 2,388.04" under 支出用途, its income cell empty)."""
    words = []
    for tok, is_amount in zip(tokens, amounts):
        if is_amount or ROW_NUMBER.match(tok) or CODE.match(tok) or \
                (words and (TOP_ITEM.match(tok) or GLUED_CLASS.match(tok) or names_class(tok))):
            break                     # (a new 一、… item or a class, coded or by name: the second side's label)
        words.append(tok)
    if not words:
        return False
    label = norm_label("".join(words))
    if first == "income" and label.endswith("支出"):
        return True
    # (no first words the first side's items name: "收入合计 支出合计" prints both sides' labels)
    return items is not None and first_item(items[1], label) is not None and not any(
        first_item(items[0], "".join(words[:k])) is not None for k in range(1, len(words) + 1))


ROW_NUMBER = re.compile(r"^\d{1,3}$")
ROWS_RUN_TOGETHER = "rows-run-together"      # an info note: a line cut into the rows it held
# A code opening a row: a class, 款 or 项 (3, 5 or 7 digits), alone or against its name
ROW_CODE = re.compile(r"^[1-9]\d{2}(?:\d{2}){0,2}(?!\d)")
CODE_PART = re.compile(r"^\d{2}$")
GLUED_PART = re.compile(r"^\d{2}([\u4e00-\u9fff].*)$")      # a code's last part against the name
TOTAL_LABELS = frozenset(("合计", "总计", "小计"))
# a figure, then a code and a name or a total label: where _opens_row may find a row's start
# (what ends a row: a figure, a bracket closing a negative, a percentage or a dash for an empty cell)
MAY_OPEN_ROW = re.compile(r"[\d)）%％\-—–－]\s+(?:[1-9]\d{2}(?:\s*\d{2}){0,2}\s*[\u4e00-\u9fff]|"
                          rf"(?:{'|'.join(sorted(TOTAL_LABELS))})(?!\S))")


def rows_run_together(body: list, warnings: list[str]) -> list:
    """Lines holding several rows of a coded table one after another ("201 38 02 一般行政管理事务
    135,200 135,200 0 204 公共安全支出 1,633,000 …": a PDF's text copied or extracted where the
    rows' line breaks were lost), cut into their rows. A row opens where a code and a name follow
    an amount; a row never prints a name after its amounts, so nothing else is cut. Each row
    keeps the line it was printed on; the cut is said (an info note)."""
    out = []
    for ln, text, tokens in body:
        # (one search of the line first: most lines hold no code or total after a figure)
        cuts = [i for i in range(2, len(tokens)) if _opens_row(tokens, i)] if MAY_OPEN_ROW.search(text) else None
        if not cuts:
            out.append((ln, text, tokens))
            continue
        for lo, hi in zip([0, *cuts], [*cuts, len(tokens)]):
            out.append((ln, " ".join(tokens[lo:hi]), tokens[lo:hi]))
        said = f"第 {ln.no} 行印有 {len(cuts) + 1} 行表格（文字转换时各行连成了一行），已按科目编码和合计行分开读取，请核对"
        warnings.append((ROWS_RUN_TOGETHER, said))
    return out


def _opens_row(tokens: list[str], i: int) -> bool:
    """tokens[i] opens a row: a code (its parts may follow, "204 06 07") then a name, after an
    amount (a dash, a bracketed negative, a percentage) that ends a row whose name came before
    it; or the total row's label."""
    before = tokens[i - 1]
    if not (before.isdigit() or before in PLACEHOLDERS or is_amount_text(before) or _percent_figure(before)):
        return False
    named_before = any(HAS_CJK(t) for t in tokens[:i - 1])
    if tokens[i] in TOTAL_LABELS:          # the total row, which prints no code
        return named_before
    code = ROW_CODE.match(tokens[i])
    if code is None:
        return False
    if code.end() < len(tokens[i]):        # the name against the code: "204公共安全支出"
        name = tokens[i][code.end():]
    else:
        j = i + 1
        while j < len(tokens) and CODE_PART.match(tokens[j]):
            j += 1
        glued = GLUED_PART.match(tokens[j]) if j < len(tokens) else None     # "50事业运行"
        name = glued.group(1) if glued is not None else tokens[j] if j < len(tokens) else ""
    return bool(name) and HAS_CJK(name[0]) is not None and named_before


GLUED_CLASS = re.compile(r"^\d{3}[\u4e00-\u9fff]")     # a class code printed against its name
TOP_ITEM = re.compile(r"^[一二三四五六七八九十]+、")


def _row_number(words: list[str]) -> str:
    """The 行次 printed after a side's label ("一、一般公共预算财政拨款收入 1 830.00"), taken off
    the words; "" when there is none (a label never ends in a lone short number)."""
    if len(words) > 1 and ROW_NUMBER.match(words[-1]) and not ROW_NUMBER.match(words[-2]):
        return words.pop()
    return ""


def names_class(word: str) -> bool:
    """The word is the name of a class (类) of the functional classification, as printed
    unnumbered (社会保障和就业支出): no label of the income side is one."""
    from .tables import class_key, official_class

    return word.endswith("支出") and official_class(class_key(word)) is not None


def exp_label(text: str) -> bool:
    """The label starts with an expenditure total (EXP_LABEL, normalised). Every one of them
    has 支 or 结 in it (and normalising adds neither): only such text is normalised."""
    return ("支" in text or "结" in text) and bool(EXP_LABEL.match(norm_label(text)))


def _words_and_amounts(tokens: list[str], amounts: list[bool], line: int) -> tuple[list[str], list[RawValue]]:
    """The label words and the amounts among a side's tokens (amounts: is_amount_cell of each,
    a bare 0 beside them too: zeros_beside_amounts)."""
    words, values = [], []
    for tok, is_amount in zip(tokens, amounts):
        if not is_amount:
            words.append(tok)
            continue
        value = amount_of(tok, line, integers=tok == "0")
        if value:
            values.append(value)
    return words, values


def zeros_beside_amounts(tokens: list[str], amounts: list[bool]) -> None:
    """A bare 0 next to an amount (or to such a 0) is an amount as well (no code or number is
    0: "一、一般公共服务支出 80.00 80.00 0"); before, it opened the second side as its label and
    was lost. Marked in `amounts` in place."""
    for order in (range(len(tokens)), range(len(tokens) - 1, -1, -1)):
        for i in order:
            if tokens[i] == "0" and not amounts[i] and (
                    (i > 0 and amounts[i - 1]) or (i + 1 < len(tokens) and amounts[i + 1])):
                amounts[i] = True


# geometry imports names of this module as it loads: it is bound here, once they exist, for the
# header readers above (a function-level import costs microseconds a call, the failed look-up of
# a module's __path__ raising an AttributeError; column_named and contradicts are asked for every
# header column of every table read by its header or its order)
from . import geometry
