"""Text helpers shared by every stage: markup stripping, label normalisation, amounts."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from functools import lru_cache

TAG = re.compile(r"</?[a-zA-Z][^>]*>")
MD_PREFIX = re.compile(r"^\s*(#{1,6}\s+|[-*+]\s+(?=\S))")
MD_MARKS = ("#", "-", "*", "+")        # what MD_PREFIX can start with, after spaces
HAS_WS = re.compile(r"\s").search
# A single space not between two ASCII letters or digits. (Starting with the space lets the
# regex engine jump from space to space: several times faster than lookbehind first.)
SPACE_NOT_ASCII = re.compile(r" (?:(?<![A-Za-z0-9] )|(?![A-Za-z0-9]))")
ASCII_SPACED = re.compile(r"[A-Za-z0-9]\s+[A-Za-z0-9]")      # a space squeeze keeps
# the colon after 单位 and 编制单位 in a table's head ("单位：元"), and what OCR reads it as in a
# scan ("单位;元", "单位，元")
HEAD_COLON = r"[:：;；,，]"
# the colon before a table's unit ("单位：元"); OCR's semicolon or comma only where the unit ends
# a word ("单位;元", not "各预算单位，元旦…")
UNIT_COLON = r"(?:[:：]|[;；,，](?=\s*(?:人民币)?(?:万元|千元|亿元|元)(?![\u4e00-\u9fff])))"
KEY_DROP = re.compile(r"[\s\"“”'‘’「」『』:：·•.．、,，]")
FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．，－＋％", "0123456789.,-+%")

# a label's sub-number: 表1-3, 附表2－1 → ("1", "3"), as the label prints them
SUB_LABEL = re.compile(r"([0-9]+|[一二三四五六七八九十]+)[-－–]([0-9]+)$")

_MEMOISED: list = []


def memoised(fn):
    """lru_cache for a pure string helper (a document repeats its strings); clear_caches() forgets it."""
    cached = lru_cache(maxsize=65536)(fn)
    _MEMOISED.append(cached)
    return cached


@memoised
def strip_markup(text: str) -> str:
    """Remove HTML tags, markdown headings/bullets and emphasis, keep the words."""
    if "<" in text:                       # the regexes only where they can match
        text = TAG.sub("", text)
    if text.lstrip()[:1] in MD_MARKS:
        text = MD_PREFIX.sub("", text)
    return text.replace("**", "").replace("__", "").strip()


@memoised
def squeeze(text: str) -> str:
    """Remove whitespace except a single space between two ASCII letters or digits."""
    text = text.strip()
    if not HAS_WS(text):
        return text
    return squeezed(text)


def squeezed(text: str) -> str:
    """squeeze of a stripped text, without its test for whitespace: for a caller that found
    whitespace already (a text without any comes back the same, one scan slower)."""
    if ASCII_SPACED.search(text) is None:           # most lines: every space goes
        return "".join(text.split())
    return SPACE_NOT_ASCII.sub("", " ".join(text.split()))      # runs of whitespace → one space first


def no_space(text: str) -> str:
    """Every whitespace removed (str.split and the regex \\s agree on what whitespace is)."""
    return "".join(text.split())


def starts_of(cells: Sequence[str], full: Sequence[str]) -> bool:
    """Each filled cell of a row is the start of the cell of `full` at its place (spaces
    aside), two at least: `full` printed again, its cells' texts cut short or whole (a header
    row repeated atop a page shorter than its words: LibreOffice clips what does not fit)."""
    if len(cells) != len(full):
        return False
    filled = 0
    for c, f in zip(cells, full):
        if c.strip():
            if not no_space(f).startswith(no_space(c)):
                return False        # (most rows: their first cell, a code or a name, is none)
            filled += 1
    return filled >= 2


@memoised
def compact(text: str) -> str:
    """Markup stripped and every whitespace removed (for matching headings and labels)."""
    return no_space(strip_markup(text))


@memoised
def norm_label(text: str) -> str:
    """A label as a user reads it: no markup, no wrap spaces, full-width parentheses."""
    return squeeze(strip_markup(text)).replace("(", "（").replace(")", "）")


@memoised
def match_key(text: str) -> str:
    """A loose key for comparing labels across conversions (quotes and punctuation ignored)."""
    text = unicodedata.normalize("NFKC", strip_markup(text))
    return KEY_DROP.sub("", text)


# A figure with decimals or thousands groups: only such a figure takes the negative marks
# accountants print other than a leading minus. "（1）", "(一)", "(201)" number rows, notes and
# codes; "（12.50）", "△1,250" are amounts.
EXACT = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)"
DECIMAL_FIGURE = r"(?:\d{1,3}(?:,\d{3})*|\d+)\.\d+"       # a figure with decimals (grouped or not)
MINUS_MARKS = "-−－"                                          # ASCII, U+2212 and full-width minus
MINUS = f"[{re.escape(MINUS_MARKS)}]"
SIGN_MARKS = MINUS_MARKS + "△▲"                                # a negative's mark right before its figure
PLUS_MARKS = "+＋"                                             # a positive said so: "+12.50" (a change)
MARKS = SIGN_MARKS + PLUS_MARKS + "(（"                        # what a signed amount may start with


def signed(figure: str) -> str:
    """A pattern for `figure` (a regex) in every form accountants print it, either sign: -12.50
    (− and － too), (12.50) and （12.50）, △12.50 and ▲12.50, 12.50- (the sign after the figure),
    +12.50 and ＋12.50 (a positive said so). Every reader's amount patterns are made by it: one
    list of forms for all."""
    return rf"(?:[{re.escape(MINUS_MARKS + PLUS_MARKS)}]?{figure}|[△▲]{figure}|[(（]{figure}[)）]|{figure}-)"


def unmarked(text: str) -> str:
    """The figure inside its sign's marks ("(1,234.50)" → "1,234.50", "△12.50", "+12.50" →
    "12.50"), or the text as it is."""
    if text[:1] in "(（" and text[-1:] in ")）":
        return text[1:-1]
    return text[1:] if text[:1] in SIGN_MARKS or text[:1] in PLUS_MARKS else text


MARKED_NEGATIVE = rf"[△▲]{EXACT}|[(（]{EXACT}[)）]|{EXACT}-"
SIGNED_EXACT = signed(EXACT)                  # an amount that shows its form, any sign
AMOUNT = re.compile(rf"^(?:[{re.escape(MINUS_MARKS)}+]?(\d{{1,3}}(,\d{{3}})+|\d+)(\.\d+)?|{MARKED_NEGATIVE})$")
# spaces a converter left inside a negative's marks: "( 12.50 )", "（ 12.50）", "△ 12.50", "- 12.50"
MARK_SPACES = re.compile(rf"(?<=^[{re.escape(MARKS)}])\s+|\s+(?=[)）]$)")


# a negative's marks a space or two from its figure: "( 12.50 )", "（ 12.50）", "△ 12.50"; and,
# where runs of spaces part the cells (a layout), "- 12.50" (elsewhere a dash a space before a
# figure may be the empty cell before it, as accounting formats print zero)
SPACED_NEGATIVE = re.compile(rf"(?<!\S)(?:[(（] {{0,2}}{EXACT} {{0,2}}[)）]|[△▲] ?{EXACT})(?!\S)")
SPACED_OR_MINUS = re.compile(rf"(?<!\S)(?:[(（] {{0,2}}{EXACT} {{0,2}}[)）]|[{re.escape(SIGN_MARKS + PLUS_MARKS)}] ?{EXACT})(?!\S)")
SPACED_HINT = re.compile(rf"[(（{re.escape(SIGN_MARKS)}] |\d [)）]")
LAYOUT_HINT = re.compile(rf"[{re.escape(MARKS)}] |\d [)）]")     # and a plus: "+ 12.50" (a change said so)
# What every match of either hint holds: a mark or a closing bracket. The hints' "\d" branch
# makes the regex engine try both branches at every character; one set of characters is
# scanned several times faster, and most lines of a table hold none of them.
HINT_MARKS = re.compile(rf"[{re.escape(MARKS)})）]")


def _closed_negative(m: re.Match) -> str:
    """The negative without its spaces, right-aligned in the columns it took (its cell keeps its
    right edge, where the column's amounts align)."""
    return no_space(m.group()).rjust(len(m.group()))


def close_spaced(text: str, layout: bool = False) -> str:
    """A line's negatives printed with their marks apart, closed (same length: places hold);
    layout: the line parts its cells by runs of spaces, a minus or a plus a space from its
    figure too."""
    if HINT_MARKS.search(text) is None or (LAYOUT_HINT if layout else SPACED_HINT).search(text) is None:
        return text
    return (SPACED_OR_MINUS if layout else SPACED_NEGATIVE).sub(_closed_negative, text)


def close_marks(text: str) -> str:
    """A cell's text without the spaces inside its negative marks (other spaces kept)."""
    return MARK_SPACES.sub("", text) if text[:1] in MARKS and HAS_WS(text) else text


def ascii_digits(text: str) -> str:
    """Digits typed full-width (２０１, a Chinese input method's) as ASCII, as the code tables
    and the other tables print them. (FULLWIDTH_DIGITS maps no ASCII character: an ASCII
    text, most amounts, is not translated, which costs a table lookup per character.)"""
    return text if text.isascii() else text.translate(FULLWIDTH_DIGITS)


@memoised
def parse_amount(text: str) -> tuple[Decimal, int] | None:
    """'1,759.05' → (1759.05, 2); OCR '384. 33' → (384.33, 2); full-width digits too;
    '（12.50）', '△12.50', '12.50-' → (-12.50, 2); '+12.50', '＋12.50' → (12.50, 2)."""
    t = no_space(ascii_digits(text)).replace("−", "-")
    if not AMOUNT.match(t):
        return None
    t = leading_minus(t)
    places = len(t.split(".")[1]) if "." in t else 0
    try:
        return Decimal(t.replace(",", "")), places
    except InvalidOperation:
        return None


def leading_minus(t: str) -> str:
    """An amount AMOUNT matched, its negative mark as a leading minus ('（12.50）' → '-12.50')."""
    if t[0] in "(（":
        return "-" + t[1:-1]
    if t[0] in "△▲":
        return "-" + t[1:]
    if t[-1] == "-":
        return "-" + t[:-1]
    return t


def plain_decimal(value: Decimal, places: int | None = None) -> str:
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places)) if places else value.quantize(Decimal(1))
    return format(value, "f")


CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}


def cn_number(text: str) -> int | None:
    """一 … 九十九 (section and table numbers) and Arabic digits."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text or any(ch not in CN_DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        return CN_DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    return (CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (CN_DIGITS.get(ones, 0) if ones else 0)


def in_order(chars: str, text: str) -> bool:
    """Every character of `chars` occurs in `text`, in order (a subsequence)."""
    it = iter(text)
    return all(ch in it for ch in chars)


# inner quotes: a text put inside “…” turns its own “” into ‘’ (the Chinese nesting convention)
NESTED = str.maketrans("“”", "‘’")


def quoted(text: str) -> str:
    """`text` inside “…”, its own quotes nested (“一般公共预算‘三公’经费…表”), for every stage's
    messages: a header or title may print quotes of its own."""
    return f"“{text.translate(NESTED)}”"


def figure_at(sentence: str, figure: str, start: int = 0) -> int:
    """Where a figure as printed ("14.00万元") stands in its sentence from `start`, as a whole
    figure: not the tail of a longer one ("114.00万元", "1,214.00万元"); -1 where it is not there."""
    at = sentence.find(figure, start)
    while at > 0 and figure[:1].isdigit() and _inside_figure(sentence, at):
        at = sentence.find(figure, at + 1)
    return at


def _inside_figure(sentence: str, at: int) -> bool:
    before = sentence[at - 1]
    if before.isdigit() or before in ".．":
        return True
    return before == "," and at >= 2 and sentence[at - 2].isdigit()      # a thousands' comma


def clear_caches() -> None:
    """Forget memoised strings (benchmarks measure a document as if seen for the first time)."""
    for fn in _MEMOISED:
        fn.cache_clear()


# A year, month or day in digits or in Chinese numerals (二〇二六年二月五日, 十二月三十一日)
YEAR_NUMBER = r"(?:\d{4}|[〇零○一二三四五六七八九]{4})"
DAY_NUMBER = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"


def number_of(text: str) -> int:
    """A year, month or day matched by YEAR_NUMBER or DAY_NUMBER, as an int."""
    if text.isdigit():
        return int(text)
    import cn2an  # (only where a date is written in Chinese numerals)
    return int(cn2an.cn2an(text.replace("○", "〇"), "normal"))


# ---- a page's printed number ---------------------------------------------------------------
# The forms budget documents print a page's number in: "3", "- 3 -" (any dash, the full-width
# － too), "第 3 页", "第 3 页 共 20 页", "3/20". Each place that drops them matches the forms it
# can tell from a figure where it looks, built here from the same parts.

FOLIO_DASH = "[-—–－]"
FOLIO_NUMBER = r"\d{1,4}"
DASHED_FOLIO = rf"{FOLIO_DASH}\s*{FOLIO_NUMBER}\s*{FOLIO_DASH}"            # - 3 -
PAGE_OF = rf"第\s*{FOLIO_NUMBER}\s*页"                                    # 第 3 页
OF_PAGES = rf"共\s*{FOLIO_NUMBER}\s*页"                                   # 共 20 页

# a line of a page alone (narrative): a bare number (group 1) only where the page's edge says so
FOLIO_LINE = re.compile(rf"^\s*(?:{DASHED_FOLIO}|{PAGE_OF}(?:\s*{OF_PAGES})?|({FOLIO_NUMBER}))\s*$")
# a table row's one cell at a page's first or last line (the layout reader)
FOLIO_CELL = re.compile(rf"^({FOLIO_NUMBER}|{DASHED_FOLIO}|{PAGE_OF})$")
# a line over or under a table: never a bare figure (it may be an amount's)
FOLIO_MARK = re.compile(rf"^\s*(?:{PAGE_OF}(?:\s*[,，/]?\s*{OF_PAGES})?|{DASHED_FOLIO}"
                        rf"|{FOLIO_NUMBER}\s*/\s*{FOLIO_NUMBER})\s*$")
# a PDF page's furniture: dashes and spaces around, 第 and 页 each optional, "3/20", "第3页/共20页",
# and Word's Chinese page number "第 3 页 共 20 页" ("第 3 页，共 20 页"); the PDF reader and its
# wide-sheet join (readers/pdf_wide.py) both
FOLIO_FURNITURE = re.compile(rf"^[-—–\s]*(?:第\s*)?{FOLIO_NUMBER}\s*页?(?:\s*[/／]\s*(?:共\s*)?{FOLIO_NUMBER}\s*页?"
                             rf"|\s*[，,]?\s*{OF_PAGES})?[-—–\s]*$")
# a compacted line (no spaces) of the overview: up to three digits, half-width dashes
FOLIO_COMPACT = re.compile(r"^[-—–]?\d{1,3}[-—–]?$|^第\d{1,3}页(?:共\d{1,3}页)?$")
