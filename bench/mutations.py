"""Mutation testing of the checker: detection recall per defect kind, false alarms per harmless change.

    python3 bench/mutations.py [FOLDER|FILE ...] [--seed N] [--per-kind K] [--json]

Takes documents (default: the bundled examples; any folder of text-form disclosures works; files
that cannot be read or are no disclosure are skipped with a message), injects defects of every
kind below, runs `check` on each mutant and counts a mutant as detected when the checker reports
a new error or warning at the mutated place. It also applies harmless changes and counts every
new error or warning they cause as a false alarm. Deterministic for a given --seed.

Defect operators (sizes fixed by the constants below)
-----------------------------------------------------
table_amount       one amount in a table cell changes by d = max(0.10, 1 % of it) × m, m drawn
                   from STEP_MULTIPLIERS, rounded up to the printed precision, sign at random (a
                   change that would make it ≤ 0 goes up instead). Printed form kept: decimals,
                   thousands separators, OCR's "384. 33".
text_amount        one 万元 amount of the narrative (情况说明) that restates a table figure (its
                   value is printed in a table) changes the same way.
row_dropped        the line(s) of one table data row are deleted (a header line never). In a
                   side-by-side table (收支总表) the other side's row on that line goes with it.
share_changed      one "占 X%" of the narrative changes by max(0.1, 1 % of X) × m points (kept
                   within 0…100).
rate_changed       one growth rate ("增长/下降 X%") changes by max(0.1, 1 % of X) × m points.
year_swapped       one year of the narrative whose right value the document fixes is replaced:
                   the budget year Y → Y−1; the prior year in "Y−1年与Y年" or "比Y−1年…" → Y−2;
                   an asset date "截至 Y−1/Y−2 年底" → Y.
code_name_changed  the printed name of a function or economic code in a table becomes the name
                   another code of the same classification has in the same document (same code
                   length when there is one).
table_removed      one whole standard table, from its label/title to the line before the next
                   table, is deleted.
explanation_removed  either every copy of a "…为空表。" sentence for one empty table (the note
                   under the table and the narrative sentence), or the narrative copy alone when it
                   is the only sentence of its section, or the 三公 section's sentence(s) on the
                   change against last year.

Exclusion rules (a mutant that is no defect is never made)
-----------------------------------------------------------
- table_amount: only non-zero cells (changing an empty or 0.00 cell can be "right").
- text_amount: only non-zero 万元 amounts whose value also appears in a table.
- row_dropped: only rows with at least one non-zero amount (a 0.00 leaf can go unnoticed
  legitimately). A row that is its parent's only child and prints the parent's amounts is still
  a defect (the table loses a level of the classification, and the code no longer matches the
  other tables) but every sum of its own table holds without it: such mutants are kept and
  marked "sums hold" in the undetected list.
- year_swapped: years whose value the text does not fix ("为 2024 年新成立", "2022年新增8人" —
  the year of an event a reason cites —, plan periods, document numbers, a year inside a
  project's name after 项目名称) and mentions that are
  already wrong (the pair "2024年与2026年" of a 2026 budget) are never touched.
- code_name_changed: the new name is never the old one with characters dropped (or the other
  way round): a reader rightly treats that as an OCR loss.
- explanation_removed: removing one copy of an empty-table sentence while another copy still
  says it (note under the table and narrative sentence) is not a defect, except when the
  narrative copy is the only content of its section. When another narrative sentence still
  says the money is absent ("政府性基金预算未安排。" in 收入) the mutant is kept and marked.
- share_changed / rate_changed / amounts: the change is at least max(0.1, 1 %) so that it is
  larger than what rounding of printed figures can explain.

Detection
---------
A mutant is detected when `check(mutant)` has an error or warning finding that the original's
error/warning findings do not have (neither its fingerprint nor its (rule, message) occurs there;
an original info finding does not count as "had"), and that finding is at the mutated place: its
source lines, mapped back to the original's line numbers when lines were removed or added,
include a mutated line, or its location names the mutated table (number or kind), the row code
or the narrative section. For table_removed and explanation_removed the place is the table and
section concerned, so a new completeness finding naming them counts. A mutant whose place only
carries findings the original already had (same fingerprint, new message) is listed as
"masked"; new findings the mutant causes whose location and evidence name another place are
listed as "别处新发现" (found elsewhere). The JSON says for each detection whether it came by
line, table, row or section. Every mutant is re-parsed and checked against what the operator
meant to change (the cell, claim, name, row or table as read back); when the parser reads
something else the undetected list says so ("parser: …"), as it does for a narrative number
whose subject the parser did not tie to table coordinates.

Harmless changes (each new error/warning is a false alarm)
----------------------------------------------------------
rewrap             a long narrative line split in two after a sentence-internal comma: every
                   such line at once, and HARMLESS_SINGLE variants splitting one line; when the
                   every-line variant raises alarms, each line they point at is split alone too
                   (marked 定位) to show which split causes them.
separators         thousands separators added to (or removed from) every amount ≥ 1000.
fullwidth_digits   the narrative's digits in full width (０-９).
fullwidth_punct    the same, and also the decimal point and the percent sign (２７７．９０, ％).
crlf               CRLF line endings (LF for a document that has CRLF).
gbk                the document written in GB18030 (UTF-8 for a GB18030 document).
blank_lines        an extra blank line after every paragraph end outside the tables.
The harness also compares the parsed tables' amounts with the original's and lists differences.

Runtime: parse + check take 0.1–0.4 s per document; the default --per-kind (25) makes a run on
the four seeds about 660 mutants and 40 harmless variants, 70 s on one core.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from budgetlens.checks import check  # noqa: E402
from budgetlens.model import Disclosure  # noqa: E402
from budgetlens.model.findings import Finding  # noqa: E402
from budgetlens.pipeline import parse  # noqa: E402
from budgetlens.readers import ReadError  # noqa: E402
from budgetlens.readers.text import decode  # noqa: E402
from budgetlens.text import clear_caches, compact, strip_markup  # noqa: E402

# ---- operators and change sizes (fixed) --------------------------------------------------------
DEFECT_KINDS = ("table_amount", "text_amount", "row_dropped", "share_changed", "rate_changed",
                "year_swapped", "code_name_changed", "table_removed", "explanation_removed")
HARMLESS_KINDS = ("rewrap", "separators", "fullwidth_digits", "fullwidth_punct", "crlf", "gbk", "blank_lines")
AMOUNT_MIN_ABS = Decimal("0.10")       # in the printed unit (万元 mostly)
AMOUNT_MIN_REL = Decimal("0.01")       # 1 % of the amount
POINT_MIN_ABS = Decimal("0.1")         # percentage points (shares, growth rates)
POINT_MIN_REL = Decimal("0.01")        # 1 % of the percentage
STEP_MULTIPLIERS = (1, 3, 10)          # the change is the minimum × one of these
HARMLESS_SINGLE = 3                    # single-line rewrap variants per document
DEFAULT_PER_KIND = 25                  # mutants per kind and document
SERIOUS = ("error", "warning")
EXAMPLES = ROOT / "budgetlens" / "examples"
SIDE_ORDER = {"income": 0, None: 1, "expenditure": 2}


# ---- documents as editable lines -----------------------------------------------------------------

@dataclass
class Text:
    """A document's lines, each with the original (1-based) line it came from (None: inserted)."""

    lines: list[str]
    origin: list[int | None]

    @classmethod
    def of(cls, lines: list[str]) -> "Text":
        return cls(list(lines), list(range(1, len(lines) + 1)))

    def copy(self) -> "Text":
        return Text(list(self.lines), list(self.origin))

    def delete(self, lo: int, hi: int) -> "Text":
        """Delete lines lo..hi (0-based indices, inclusive)."""
        del self.lines[lo:hi + 1]
        del self.origin[lo:hi + 1]
        return self

    def replace_span(self, start: tuple[int, int], end: tuple[int, int], new: str) -> "Text":
        """Replace from (line, col) to (line, col) inclusive; lines in between merge into one;
        a line left with nothing but markup or blanks is deleted."""
        (li, ci), (lj, cj) = start, end
        merged = self.lines[li][:ci] + new + self.lines[lj][cj + 1:]
        self.lines[li:lj + 1] = [merged]
        self.origin[li:lj + 1] = [self.origin[li]]
        if not new and not compact(merged):
            self.delete(li, li)
        return self

    def render(self, newline: str = "\n") -> str:
        return newline.join(self.lines)


@dataclass
class Source:
    path: Path
    name: str
    encoding: str
    newline: str
    lines: list[str]
    disc: Disclosure
    findings: list[Finding]

    @property
    def text(self) -> Text:
        return Text.of(self.lines)


def load(path: Path) -> Source:
    """Read, parse and check one document (raises ReadError for what is no disclosure)."""
    data = path.read_bytes()
    disc = parse(path)
    text, encoding = decode(data)
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return Source(path=path, name=path.name, encoding=encoding, newline=newline, lines=lines, disc=disc,
                  findings=check(disc).findings)


def encode(text: Text, encoding: str, newline: str) -> bytes:
    body = text.render(newline)
    if encoding == "utf-8-sig":
        return b"\xef\xbb\xbf" + body.encode("utf-8")
    if encoding == "utf-16":
        return body.encode("utf-16")
    return body.encode(encoding if encoding in ("utf-8", "gb18030") else "utf-8")


# ---- where a mutant is, and whether a finding is there --------------------------------------------

@dataclass
class Place:
    lines: set[int] = field(default_factory=set)      # original line numbers
    tables: set[int] = field(default_factory=set)     # printed table numbers
    kinds: set[str] = field(default_factory=set)      # table kinds
    rows: set[str] = field(default_factory=set)       # row codes / labels / items
    sections: set[str] = field(default_factory=set)   # narrative section numbers and titles


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def section_named(name: str, sections: set[str]) -> bool:
    want = _fold(name)
    if not want:
        return False
    for s in sections:
        got = _fold(s)
        if want == got or (len(want) >= 4 and want in got) or (len(got) >= 4 and got in want):
            return True
    return False


def place_reason(finding: Finding, place: Place, origin: list[int | None]) -> str | None:
    """How the finding points at the mutated place (lines mapped back through `origin`): 'line',
    'table', 'row' or 'section'; None when it does not."""
    mapped = {origin[n - 1] for n in finding.lines if 1 <= n <= len(origin)} - {None}
    if mapped & place.lines:
        return "line"
    loc = finding.location
    if (loc.table is not None and loc.table in place.tables) or (loc.table_kind and loc.table_kind in place.kinds):
        return "table"
    if loc.row and loc.row in place.rows:
        return "row"
    if loc.section and section_named(loc.section, place.sections):
        return "section"
    return None


def at_place(finding: Finding, place: Place, origin: list[int | None]) -> bool:
    return place_reason(finding, place, origin) is not None


def new_findings(original: list[Finding], mutant: list[Finding]) -> list[Finding]:
    """Error/warning findings of the mutant the original's error/warning findings do not have."""
    had = [f for f in original if f.severity in SERIOUS]
    prints = {f.fingerprint for f in had}
    messages = {(f.rule, f.message) for f in had}
    return [f for f in mutant if f.severity in SERIOUS and f.fingerprint not in prints
            and (f.rule, f.message) not in messages]


def detect(original: list[Finding], mutant: list[Finding], place: Place,
           origin: list[int | None]) -> list[Finding]:
    """The new error/warning findings at the mutated place (empty: not detected)."""
    return [f for f in new_findings(original, mutant) if at_place(f, place, origin)]


def masked(original: list[Finding], mutant: list[Finding], place: Place, origin: list[int | None]) -> bool:
    """A finding the original had (same fingerprint) sits at the place with a changed message."""
    had = {f.fingerprint: f.message for f in original if f.severity in SERIOUS}
    return any(f.severity in SERIOUS and f.fingerprint in had and had[f.fingerprint] != f.message
               and at_place(f, place, origin) for f in mutant)


# ---- text positions ----------------------------------------------------------------------------------

MARKUP = re.compile(r"</?[a-zA-Z][^>]*>|\*\*|__")
MD_PREFIX = re.compile(r"^\s*(#{1,6}\s+|[-*+]\s+(?=\S))")


def stream(lines: list[str], lo: int, hi: int) -> tuple[str, list[tuple[int, int]]]:
    """Lines lo..hi (0-based, inclusive) as one folded string without blanks and markup, with the
    (line, column) each character comes from."""
    chars: list[str] = []
    pos: list[tuple[int, int]] = []
    for i in range(lo, min(hi, len(lines) - 1) + 1):
        line = lines[i]
        skip = [False] * len(line)
        m = MD_PREFIX.match(line)
        for j in range(m.end() if m else 0):
            skip[j] = True
        for mm in MARKUP.finditer(line):
            for j in range(mm.start(), mm.end()):
                skip[j] = True
        for j, ch in enumerate(line):
            if skip[j] or ch.isspace():
                continue
            for out in unicodedata.normalize("NFKC", ch):
                if not out.isspace():
                    chars.append(out)
                    pos.append((i, j))
    return "".join(chars), pos


def find_spans(lines: list[str], lo: int, hi: int, needle: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Every occurrence of `needle` (compared folded, blanks and markup ignored) in lines lo..hi."""
    text, pos = stream(lines, lo, hi)
    want = _fold(needle)
    out, at = [], text.find(want) if want else -1
    while at >= 0:
        out.append((pos[at], pos[at + len(want) - 1]))
        at = text.find(want, at + 1)
    return out


def number_pattern(printed: str, unit: str = "") -> re.Pattern:
    """A printed number (as the parser squeezed it) in the raw line, blanks allowed inside."""
    body = r"\s*".join(re.escape(ch) for ch in printed)
    return re.compile(r"(?<![\d.,])" + body + r"(?![\d])(?![.,]\d)" + (r"(?=\s*" + unit + ")" if unit else ""))


def places_of(printed: str) -> int:
    t = re.sub(r"\s+", "", printed)
    return len(t.split(".")[1]) if "." in t else 0


def format_like(value: Decimal, like: str) -> str:
    """The value printed like `like`: same decimals, separators if it had them, OCR's '. '."""
    places = places_of(like)
    text = f"{value:,.{places}f}" if "," in like else f"{value:.{places}f}"
    m = re.search(r"\.(\s+)\d", like)
    if m:
        text = text.replace(".", "." + m.group(1), 1)
    return text


def changed(value: Decimal, places: int, rng: random.Random, min_abs: Decimal, min_rel: Decimal,
            upper: Decimal | None = None) -> Decimal:
    """value ± max(min_abs, min_rel·|value|) × m, rounded up to the printed precision, > 0."""
    unit = Decimal(1).scaleb(-places)
    step = max(min_abs, abs(value) * min_rel) * rng.choice(STEP_MULTIPLIERS)
    step = (step / unit).to_integral_value(rounding=ROUND_CEILING) * unit
    sign = rng.choice((1, -1))
    new = value + sign * step
    if new <= 0 or (upper is not None and new > upper):
        new = value - sign * step
    if new < 0:
        new = value + step
    return new.quantize(unit)


# ---- mutants ----------------------------------------------------------------------------------------

@dataclass
class Mutant:
    kind: str
    line: int                               # original line number of the change
    before: str
    after: str
    where: str
    place: Place
    texts: list[Text]                       # the mutated document; alternatives tried in order
    verify: Callable[[Disclosure], str | None]
    hint: str = ""


Maker = Callable[[random.Random], "Mutant | None"]


def _table_name(t) -> str:
    return f"表{t.number}" if t.number else t.title


def _row_key(r) -> str:
    return r.code or r.project or r.name


def _row_place(t, r) -> Place:
    keys = {k for k in (_row_key(r), r.coords.get("item")) if k}
    return Place(lines=set(range(r.line, (r.line_end or r.line) + 1)), tables={t.number} if t.number else set(),
                 kinds={t.kind}, rows=keys)


def _table_at(disc: Disclosure, index: int, kind: str):
    if index < len(disc.tables) and disc.tables[index].kind == kind:
        return disc.tables[index]
    return None


# table_amount --------------------------------------------------------------------------------------

def op_table_amount(src: Source) -> list[Maker]:
    by_line: dict[int, list] = defaultdict(list)
    cells = []
    for t in src.disc.tables:
        for r in t.rows:
            for ci, c in enumerate(r.cells):
                line = c.provenance.line or r.line
                by_line[line].append(((SIDE_ORDER.get(r.side, 1), r.index, ci), (t.index, r.index, ci), c.text))
                if c.amount:
                    cells.append((t, r, ci, c, line))
    for items in by_line.values():
        items.sort()

    def maker(t, r, ci, c, line) -> Maker:
        def make(rng: random.Random) -> Mutant | None:
            raw = src.lines[line - 1]
            spans = [(m.start(), m.end()) for m in number_pattern(c.text).finditer(raw)]
            if not spans:
                return None
            same = [key for _, key, text in by_line[line] if text == c.text]
            k = same.index((t.index, r.index, ci)) if (t.index, r.index, ci) in same else 0
            order = ([k] if k < len(spans) else []) + [j for j in range(len(spans)) if j != k]
            new = changed(c.amount, c.precision if c.precision is not None else places_of(c.text), rng,
                          AMOUNT_MIN_ABS, AMOUNT_MIN_REL)
            shown = format_like(new, c.text)
            texts = []
            for j in order[:4]:
                s, e = spans[j]
                text = src.text
                text.lines[line - 1] = raw[:s] + shown + raw[e:]
                texts.append(text)

            def verify(disc: Disclosure) -> str | None:
                mt = _table_at(disc, t.index, t.kind)
                if mt is None or r.index >= len(mt.rows) or ci >= len(mt.rows[r.index].cells):
                    return f"{_table_name(t)} 行 {_row_key(r)} 读回时行/格不同"
                got = mt.rows[r.index].cells[ci]
                if got.amount != new:
                    return f"读回的格子为 {got.text}，应为 {shown}"
                return None

            col = t.column(c.column) if c.column else None
            label = col.label if col else ("|".join(c.candidates) or "?")
            return Mutant("table_amount", line, c.text, shown, f"{_table_name(t)} {_row_key(r)} / {label}",
                          _row_place(t, r), texts, verify)
        return make

    return [maker(*x) for x in cells]


# narrative numbers (text_amount, share_changed, rate_changed) ----------------------------------------

def _section_of_line(disc: Disclosure, line: int):
    for s in disc.narrative.sections:
        if s.provenance.line <= line <= (s.provenance.line_end or s.provenance.line):
            return s
    return None


def _section_names(disc: Disclosure, number: str | None, line: int) -> set[str]:
    s = _section_of_line(disc, line)
    names = {x for x in (number, s.number if s else None, s.title if s else None) if x}
    return names


def _claim_maker(src: Source, kind: str, claim, unit_re: str, min_abs, min_rel, upper=None) -> Maker:
    def make(rng: random.Random) -> Mutant | None:
        line = claim.provenance.line
        if not line:
            return None
        raw = src.lines[line - 1]
        printed = re.sub(r"\s*(万元|元|%|％)$", "", claim.text)
        spans = [(m.start(), m.end()) for m in number_pattern(printed, unit_re).finditer(raw)]
        if not spans:
            return None
        same = sorted((c.provenance.char_start or 0, id(c)) for c in src.disc.narrative.claims
                      if c.provenance.line == line and c.text == claim.text)
        ids = [i for _, i in same]
        k = ids.index(id(claim)) if id(claim) in ids else 0
        order = ([k] if k < len(spans) else []) + [j for j in range(len(spans)) if j != k]
        new = changed(claim.value, claim.precision or 0, rng, min_abs, min_rel, upper)
        shown_text = raw[spans[order[0]][0]:spans[order[0]][1]]
        shown = format_like(new, shown_text)
        texts = []
        for j in order[:4]:
            s, e = spans[j]
            text = src.text
            text.lines[line - 1] = raw[:s] + format_like(new, raw[s:e]) + raw[e:]
            texts.append(text)

        def verify(disc: Disclosure) -> str | None:
            got = [c for c in disc.narrative.claims if c.kind == claim.kind and c.provenance.line == line]
            if any(c.value == new for c in got):
                return None
            return f"第 {line} 行读回的{claim.kind}为 {', '.join(c.text for c in got) or '无'}"

        hint = "" if claim.subject.coords else "parser: 句子主语未对应到表格坐标"
        names = _section_names(src.disc, claim.section, line)
        return Mutant(kind, line, shown_text.strip(), shown,
                      f"情况说明 {claim.section or ''} “{claim.subject.text}”",
                      Place(lines=set(range(line, (claim.provenance.line_end or line) + 1)), sections=names),
                      texts, verify, hint)
    return make


def op_text_amount(src: Source) -> list[Maker]:
    amounts = {c.amount for t in src.disc.tables for r in t.rows for c in r.cells if c.amount}
    return [_claim_maker(src, "text_amount", c, r"万\s*元", AMOUNT_MIN_ABS, AMOUNT_MIN_REL)
            for c in src.disc.narrative.claims
            if c.kind == "amount" and c.unit == "万元" and c.value and c.section and c.value in amounts]


def op_share_changed(src: Source) -> list[Maker]:
    return [_claim_maker(src, "share_changed", c, r"[%％]", POINT_MIN_ABS, POINT_MIN_REL, Decimal(100))
            for c in src.disc.narrative.claims if c.kind == "share"]


def op_rate_changed(src: Source) -> list[Maker]:
    return [_claim_maker(src, "rate_changed", c, r"[%％]", POINT_MIN_ABS, POINT_MIN_REL)
            for c in src.disc.narrative.claims if c.kind == "rate"]


# row_dropped -------------------------------------------------------------------------------------------

def _amounts(r) -> tuple:
    return tuple(c.amount for c in r.cells)


TOTAL_ROW = re.compile(r"^(总计|合计|本年收入小计|本年支出小计)$")


def _sums_hold(t, r) -> str:
    """The row repeats the amounts of its parent and is that parent's only child: every sum still
    holds without it (the table only loses a level of the classification)."""
    if r.side is not None or not any(_amounts(r)):
        return ""
    rows = t.rows
    if r.code:
        parents = [o for o in rows if o.code and o is not r and len(o.code) < len(r.code)
                   and r.code.startswith(o.code) and o.index < r.index]
        if not parents:
            return ""
        parent = max(parents, key=lambda o: len(o.code))
        siblings = [o for o in rows if o is not r and o.code.startswith(parent.code)
                    and len(o.code) == len(r.code)]
    elif not r.project and not TOTAL_ROW.match(r.name):
        parent = next((o for o in rows if TOTAL_ROW.match(o.name) and not o.code), None)
        siblings = [o for o in rows if o is not r and not o.code and not o.project
                    and not TOTAL_ROW.match(o.name) and any(_amounts(o))]
    else:
        return ""
    if parent is not None and not siblings and _amounts(parent) == _amounts(r):
        return f"sums hold: 是 {_row_key(parent)} 唯一的下级且金额相同"
    return ""


def op_row_dropped(src: Source) -> list[Maker]:
    out = []
    for t in src.disc.tables:
        for r in t.rows:
            if not any(c.amount for c in r.cells):
                continue
            out.append(_row_maker(src, t, r))
    return out


def _row_maker(src: Source, t, r) -> Maker:
    def make(rng: random.Random) -> Mutant | None:
        lo = r.line
        hi = max([r.line_end or r.line] + [c.provenance.line or r.line for c in r.cells])
        others = [o for o in t.rows if o is not r and lo <= o.line <= hi]
        text = src.text.delete(lo - 1, hi - 1)
        before = " / ".join(re.sub(r"\s+", " ", strip_markup(x)).strip() for x in src.lines[lo - 1:hi]
                            if x.strip())[:80]
        sig = (r.code, r.name, r.project, _amounts(r))

        def verify(disc: Disclosure) -> str | None:
            mt = next((x for x in disc.tables if x.kind == t.kind), None)
            if mt is None:
                return f"{_table_name(t)} 整表读不出"
            n = sum(1 for x in mt.rows if (x.code, x.name, x.project, _amounts(x)) == sig)
            n0 = sum(1 for x in t.rows if (x.code, x.name, x.project, _amounts(x)) == sig)
            return None if n < n0 else f"{_table_name(t)} 仍读出行 {_row_key(r)}"

        place = _row_place(t, r)
        place.lines |= set(range(t.line, t.line_end + 1))
        hint = _sums_hold(t, r)
        if others:
            hint = (hint + "; " if hint else "") + "同行另删 " + "、".join(_row_key(o) for o in others)
        return Mutant("row_dropped", lo, before, "（删除）", f"{_table_name(t)} {_row_key(r)}", place, [text],
                      verify, hint)
    return make


# year_swapped -------------------------------------------------------------------------------------------

YEAR = re.compile(r"(?<!\d)(20\d\d)(?=\s*年)")
EVENT_AFTER = re.compile(r"^年(?:度)?(?:新增|新成立|成立|新招录?|招录|调入|新进|退休|离职)")


def op_year_swapped(src: Source) -> list[Maker]:
    year = src.disc.meta.year
    part = next((p for p in src.disc.parts if p.key == "narrative"), None)
    if year is None or part is None:
        return []
    out = []
    for no in range(part.line, part.line_end + 1):
        raw = src.lines[no - 1]
        for m in YEAR.finditer(raw):
            y = int(m.group(1))
            before, after = compact(raw[:m.start()]), compact(raw[m.end():])
            pair_after = re.match(r"^年(?:与|和|及|、|同)(\d{4})年", after)
            pair_before = re.search(r"(\d{4})年(?:与|和|及|、|同)$", before)
            if EVENT_AFTER.match(after):
                continue           # an event's year ("2022年新增8人") is not fixed by the budget year
            if re.search(r"项目名称[:：]?$", before):
                continue           # a year in a project's name ("2026年度江西援疆资金项目") names it
            if re.search(r"截(?:至|止)(?:到)?$", before):
                new = year if y in (year - 1, year - 2) else None
            elif pair_after or pair_before:
                other = int((pair_after or pair_before).group(1))
                new = year - 2 if y == year - 1 and other == year else None
            elif re.search(r"(?:比|较|与)$", before):
                new = year - 2 if y == year - 1 else None
            else:
                new = year - 1 if y == year else None
            if new is not None:
                out.append(_year_maker(src, no, m.start(), m.end(), y, new))
    return out


def _year_maker(src: Source, no: int, s: int, e: int, old: int, new: int) -> Maker:
    def make(rng: random.Random) -> Mutant | None:
        raw = src.lines[no - 1]
        text = src.text
        text.lines[no - 1] = raw[:s] + str(new) + raw[e:]
        year, n_sections = src.disc.meta.year, len(src.disc.narrative.sections)

        def verify(disc: Disclosure) -> str | None:
            if disc.meta.year != year:
                return f"预算年度读成 {disc.meta.year}"
            if len(disc.narrative.sections) != n_sections:
                return f"情况说明分节数变为 {len(disc.narrative.sections)}"
            return None

        ctx = compact(raw[max(0, s - 12):e + 12])
        return Mutant("year_swapped", no, f"{old}（{ctx}）", str(new), "情况说明",
                      Place(lines={no}, sections=_section_names(src.disc, None, no)), [text], verify)
    return make


# code_name_changed --------------------------------------------------------------------------------------

def _classification(kind: str) -> str:
    return "economic" if kind == "basic_expenditure" else "function"


def _dropped(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def op_code_name_changed(src: Source) -> list[Maker]:
    names: dict[str, dict[str, str]] = defaultdict(dict)
    rows = []
    for t in src.disc.tables:
        for r in t.rows:
            if not r.code or not r.code.isdigit() or not r.name:
                continue
            if t.kind in ("summary", "fiscal_summary") and r.side != "expenditure":
                continue
            names[_classification(t.kind)].setdefault(r.code, r.name)
            rows.append((t, r))
    return [_name_maker(src, t, r, names[_classification(t.kind)]) for t, r in rows]


def _name_maker(src: Source, t, r, names: dict[str, str]) -> Maker:
    def make(rng: random.Random) -> Mutant | None:
        def fits(code: str, name: str) -> bool:
            return code != r.code and _fold(name) != _fold(r.name) and not _dropped(_fold(name), _fold(r.name)) \
                and not _dropped(_fold(r.name), _fold(name))
        pool = sorted((c, n) for c, n in names.items() if fits(c, n) and len(c) == len(r.code)) or \
            sorted((c, n) for c, n in names.items() if fits(c, n))
        if not pool:
            return None
        code, new = rng.choice(pool)
        lo, hi = r.line - 1, (r.line_end or r.line) - 1
        spans = find_spans(src.lines, lo, hi, r.name)
        if not spans:
            return None
        texts = [src.text.replace_span(a, b, new) for a, b in spans[:3]]

        def verify(disc: Disclosure) -> str | None:
            mt = _table_at(disc, t.index, t.kind)
            if mt is None or r.index >= len(mt.rows):
                return f"{_table_name(t)} 读回时行数不同"
            got = mt.rows[r.index]
            if got.code != r.code or _fold(got.name) != _fold(new):
                return f"读回为 {got.code} {got.name}"
            return None

        return Mutant("code_name_changed", r.line, f"{r.code} {r.name}", f"{r.code} {new}（{code} 的名称）",
                      f"{_table_name(t)} {r.code}", _row_place(t, r), texts, verify)
    return make


# table_removed ---------------------------------------------------------------------------------------------

def op_table_removed(src: Source) -> list[Maker]:
    return [_table_maker(src, t) for t in src.disc.tables]


def _table_maker(src: Source, t) -> Maker:
    def make(rng: random.Random) -> Mutant | None:
        text = src.text.delete(t.line - 1, t.line_end - 1)

        def verify(disc: Disclosure) -> str | None:
            again = next((x for x in disc.tables if x.kind == t.kind), None)
            return None if again is None else f"仍读出{_table_name(again)}（第 {again.line} 行）"

        place = Place(lines=set(range(t.line, t.line_end + 1)), tables={t.number} if t.number else set(),
                      kinds={t.kind})
        return Mutant("table_removed", t.line, f"{_table_name(t)} {t.title}（第 {t.line}–{t.line_end} 行）",
                      "（删除）", _table_name(t), place, [text], verify)
    return make


# explanation_removed -----------------------------------------------------------------------------------------

def sentences_of(section) -> list[tuple[int, int, str]]:
    """(start, end, text) of each sentence of a section's text (ends at 。 or a paragraph end)."""
    out, start = [], 0
    for m in re.finditer(r"。|\n", section.text):
        end = m.end() if m.group(0) == "。" else m.start()
        piece = section.text[start:end]
        if compact(piece):
            lead = len(piece) - len(piece.lstrip())
            out.append((start + lead, end, piece.strip()))
        start = m.end()
    if compact(section.text[start:]):
        out.append((start, len(section.text), section.text[start:].strip()))
    return out


def _remove_sentence(text: Text, lo: int, hi: int, sentence: str) -> bool:
    """Delete one sentence found in original lines lo..hi (1-based) of `text` (a fresh copy whose
    lines above lo are unchanged)."""
    spans = find_spans(text.lines, lo - 1, hi - 1, sentence)
    if not spans:
        return False
    a, b = spans[0]
    text.replace_span(a, b, "")
    return True


def _narrative_copies(src: Source, t) -> list[tuple]:
    title = _fold(t.title)
    out = []
    for s in src.disc.narrative.sections:
        for start, end, sentence in sentences_of(s):
            if "空表" in sentence and title in _fold(sentence):
                out.append((s, start, end, sentence))
    return out


def op_explanation_removed(src: Source) -> list[Maker]:
    out = []
    for t in src.disc.tables:
        if not t.is_empty:
            continue
        copies = _narrative_copies(src, t)
        if t.empty_note or copies:
            out.append(_empty_maker(src, t, copies, both=True))
        for copy in copies:
            s = copy[0]
            if t.empty_note and len(sentences_of(s)) == 1:
                out.append(_empty_maker(src, t, [copy], both=False))
    three = next((s for s in src.disc.narrative.sections if "三公" in s.title), None)
    if three is not None:
        changes = [x for x in sentences_of(three)
                   if re.search(r"上年", x[2]) and re.search(r"增加|减少|增长|下降|持平", x[2])]
        if changes:
            out.append(_three_public_maker(src, three, changes))
    return out


def _empty_maker(src: Source, t, copies: list[tuple], both: bool) -> Maker:
    def make(rng: random.Random) -> Mutant | None:
        text = src.text
        lines, removed = set(), []
        # bottom-up, so that earlier line numbers stay valid
        for s, start, end, sentence in sorted(copies, key=lambda c: -(c[0].line_at(c[1]) or 0)):
            lo, hi = s.line_at(start), s.line_at(max(start, end - 1))
            if not _remove_sentence(text, lo, hi, sentence):
                return None
            lines |= set(range(lo, hi + 1))
            removed.append(sentence)
        if both and t.empty_note:
            note = t.empty_note
            if not find_spans(text.lines, t.line - 1, t.line_end - 1, note):
                note = re.sub(r"^备注[:：]\s*", "", note)
            spans = find_spans(text.lines, t.line - 1, t.line_end - 1, note)
            if not spans:
                return None
            a, b = spans[0]
            lines |= set(range(a[0] + 1, b[0] + 2))
            text.replace_span(a, b, "")
            removed.append(note)
        sections = set()
        for s, *_ in copies:
            sections |= {s.number, s.title} - {None}

        def verify(disc: Disclosure) -> str | None:
            mt = next((x for x in disc.tables if x.kind == t.kind), None)
            if both and mt is not None and mt.empty_note:
                return f"仍读出空表说明：{mt.empty_note[:30]}"
            texts = "".join(s.text for s in disc.narrative.sections)
            left = [x for x in copies if _fold(x[3]) in _fold(texts)]
            return f"情况说明仍有：{left[0][3][:30]}" if left else None

        place = Place(lines=lines, tables={t.number} if t.number else set(), kinds={t.kind}, sections=sections)
        what = "表下说明与情况说明" if both else "情况说明（该节唯一一句）"
        hint = _still_said(src, t, copies) if both else "表下空表说明仍在"
        return Mutant("explanation_removed", min(lines), removed[0][:60], "（删除）",
                      f"{_table_name(t)} 空表说明：{what}", place, [text], verify, hint)
    return make


TOPICS = {"gov_fund_expenditure": "政府性基金", "state_capital_expenditure": "国有资本经营",
          "carryover": "结转结余", "three_public": "三公", "project_expenditure": "项目支出"}


def _still_said(src: Source, t, removed: list[tuple]) -> str:
    """A narrative sentence left that still says the topic is absent (e.g. 收入 "…预算未安排。")."""
    topic = TOPICS.get(t.kind)
    if not topic:
        return ""
    gone = {_fold(x[3]) for x in removed}
    for s in src.disc.narrative.sections:
        for _, _, sentence in sentences_of(s):
            if topic in sentence and _fold(sentence) not in gone and re.search(r"未安排|没有|无.{0,8}(支出|拨款)", sentence):
                return f"情况说明 {s.number} 仍有“{sentence[:30]}”"
    return ""


def _three_public_maker(src: Source, s, changes: list[tuple]) -> Maker:
    def make(rng: random.Random) -> Mutant | None:
        text = src.text
        lines = set()
        for start, end, sentence in sorted(changes, key=lambda c: -c[0]):
            lo, hi = s.line_at(start), s.line_at(max(start, end - 1))
            if not _remove_sentence(text, lo, hi, sentence):
                return None
            lines |= set(range(lo, hi + 1))

        def verify(disc: Disclosure) -> str | None:
            sec = next((x for x in disc.narrative.sections if "三公" in x.title), None)
            if sec is None:
                return "“三公”一节读不出"
            left = [c for c in changes if _fold(c[2]) in _fold(sec.text)]
            return f"仍有：{left[0][2][:30]}" if left else None

        return Mutant("explanation_removed", min(lines), changes[0][2][:60], "（删除）",
                      f"情况说明 {s.number} “三公”增减说明", Place(lines=lines, sections={s.number, s.title} - {None}),
                      [text], verify)
    return make


OPERATORS: dict[str, Callable[[Source], list[Maker]]] = {
    "table_amount": op_table_amount, "text_amount": op_text_amount, "row_dropped": op_row_dropped,
    "share_changed": op_share_changed, "rate_changed": op_rate_changed, "year_swapped": op_year_swapped,
    "code_name_changed": op_code_name_changed, "table_removed": op_table_removed,
    "explanation_removed": op_explanation_removed,
}


def mutants(src: Source, kind: str, seed: int, count: int) -> list[Mutant]:
    """Up to `count` mutants of one kind, the same for the same seed."""
    rng = random.Random(f"{seed}|{src.name}|{kind}")
    makers = OPERATORS[kind](src)
    rng.shuffle(makers)
    out = []
    for make in makers:
        if len(out) >= count:
            break
        m = make(rng)
        if m is not None:
            out.append(m)
    return out


# ---- harmless changes ----------------------------------------------------------------------------------

@dataclass
class Variant:
    kind: str
    what: str
    text: Text
    encoding: str | None = None   # None: the original's
    newline: str | None = None


def _table_lines(src: Source) -> set[int]:
    return {n for t in src.disc.tables for n in range(t.line, t.line_end + 1)}


def _narrative_range(src: Source) -> range:
    part = next((p for p in src.disc.parts if p.key == "narrative"), None)
    return range(part.line, part.line_end + 1) if part else range(0)


COMMA = re.compile(r"[，,](?![\d])")


def _split_point(line: str) -> int | None:
    """Index after a sentence-internal comma with words on both sides, or None."""
    if "\t" in line or line.lstrip().startswith("#") or len(compact(line)) < 30:
        return None
    for m in COMMA.finditer(line):
        if m.start() > 0 and line[m.start() - 1].isdigit() and m.group(0) == ",":
            continue
        if len(compact(line[:m.start()])) >= 8 and len(compact(line[m.end():])) >= 6:
            return m.end()
    return None


def _rewrap(src: Source, nos: list[int]) -> Text:
    text = src.text
    for no in sorted(nos, reverse=True):
        cut = _split_point(text.lines[no - 1])
        line = text.lines[no - 1]
        text.lines[no - 1:no] = [line[:cut], line[cut:].lstrip()]
        text.origin[no - 1:no] = [no, no]
    return text


SEPARATED = re.compile(r"(?<![\d,.])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{4,}\.\d{1,2})(?![\d,])(?!\.\d)")


def _toggle(m: re.Match) -> str:
    t = m.group(0)
    return t.replace(",", "") if "," in t else f"{Decimal(t):,.{places_of(t)}f}"


def _separators(src: Source) -> tuple[Text, int]:
    """Thousands separators removed from amounts that have them and added to those ≥ 1000 without."""
    text, n = src.text, 0
    for i, line in enumerate(text.lines):
        text.lines[i], k = SEPARATED.subn(_toggle, line)
        n += k
    return text, n


FULL = str.maketrans("0123456789", "０１２３４５６７８９")


def _fullwidth(src: Source, punct: bool) -> Text:
    text = src.text
    for no in _narrative_range(src):
        line = text.lines[no - 1]
        if punct:
            line = re.sub(r"(?<=\d)\.(?=\d)", "．", line).replace("%", "％")
        text.lines[no - 1] = line.translate(FULL)
    return text


def _blank_lines(src: Source) -> Text:
    tables = _table_lines(src)
    text = src.text
    ends = []
    prev = ""
    for no, line in enumerate(src.lines, start=1):
        if not line.strip():
            if no not in tables and (re.search(r"[。：:；;！？]$", prev.strip()) or prev.lstrip().startswith("#")):
                ends.append(no)
            continue
        prev = line
    for no in reversed(ends):
        text.lines.insert(no, "")
        text.origin.insert(no, None)
    return text


def harmless_variants(src: Source, seed: int) -> list[Variant]:
    rng = random.Random(f"{seed}|{src.name}|harmless")
    out = []
    narrative = _narrative_range(src)
    tables = _table_lines(src)
    wrap = [no for no in narrative if no not in tables and _split_point(src.lines[no - 1]) is not None]
    if wrap:
        out.append(Variant("rewrap", f"{len(wrap)} 行各拆成两行", _rewrap(src, wrap)))
        for no in sorted(rng.sample(wrap, min(HARMLESS_SINGLE, len(wrap)))):
            out.append(Variant("rewrap", f"第 {no} 行拆成两行", _rewrap(src, [no])))
    text, n = _separators(src)
    if n:
        out.append(Variant("separators", f"{n} 个金额的千分位切换", text))
    if narrative:
        out.append(Variant("fullwidth_digits", "情况说明数字全角", _fullwidth(src, False)))
        out.append(Variant("fullwidth_punct", "情况说明数字、小数点、百分号全角", _fullwidth(src, True)))
    if src.newline == "\r\n":
        out.append(Variant("crlf", "LF 行尾（原为 CRLF）", src.text, newline="\n"))
    else:
        out.append(Variant("crlf", "CRLF 行尾", src.text, newline="\r\n"))
    if src.encoding == "gb18030":
        out.append(Variant("gbk", "UTF-8 编码（原为 GB18030）", src.text, encoding="utf-8"))
    else:
        out.append(Variant("gbk", "GB18030 编码", src.text, encoding="gb18030"))
    out.append(Variant("blank_lines", "段落间多一空行", _blank_lines(src)))
    return out


def table_amounts(disc: Disclosure) -> list:
    """What harmless changes must leave alone: every table's rows and their amounts."""
    return [(t.kind, [(r.code, r.project, [c.amount for c in r.cells]) for r in t.rows]) for t in disc.tables]


# ---- running ------------------------------------------------------------------------------------------

def _write(work: Path, src: Source, text: Text, encoding: str | None = None, newline: str | None = None) -> Path:
    path = work / src.name
    path.write_bytes(encode(text, encoding or src.encoding, newline or src.newline))
    return path


def run_mutant(src: Source, m: Mutant, work: Path) -> dict:
    first = None
    for text in m.texts:
        path = _write(work, src, text)
        try:
            disc, problem = parse(path), None
        except ReadError as e:
            disc, problem = None, f"变异文件读不出：{e}"
        except Exception as e:  # a crash is a finding of its own
            disc, problem = None, f"parse 崩溃：{type(e).__name__}: {e}"
        if disc is not None:
            problem = m.verify(disc)
        if first is None:
            first = (text, disc, problem)
        if problem is None:
            break
    else:
        text, disc, problem = first
    result = {"document": src.name, "kind": m.kind, "line": m.line, "before": m.before, "after": m.after,
              "where": m.where, "detected": False, "rules": [], "parse_problem": problem, "hint": m.hint}
    if disc is None:
        return result
    try:
        findings = check(disc).findings
    except Exception as e:
        result["parse_problem"] = f"check 崩溃：{type(e).__name__}: {e}"
        return result
    hits = detect(src.findings, findings, m.place, text.origin)
    result["detected"] = bool(hits)
    result["rules"] = sorted({f.rule for f in hits})
    result["via"] = sorted({place_reason(f, m.place, text.origin) for f in hits})
    if not hits:
        result["masked"] = masked(src.findings, findings, m.place, text.origin)
        result["new_elsewhere"] = sorted({f.rule for f in new_findings(src.findings, findings)})
    return result


def run_variant(src: Source, v: Variant, work: Path) -> dict:
    path = _write(work, src, v.text, v.encoding, v.newline)
    out = {"document": src.name, "kind": v.kind, "what": v.what, "false_alarms": [], "tables_changed": None}
    try:
        disc = parse(path)
        findings = check(disc).findings
    except Exception as e:
        out["error"] = f"{type(e).__name__}: {e}"
        return out
    if table_amounts(disc) != table_amounts(src.disc):
        before, after = table_amounts(src.disc), table_amounts(disc)
        diff = next((f"{a[0]}" for a, b in zip(before, after) if a != b), "表格数目不同")
        out["tables_changed"] = diff
    for f in new_findings(src.findings, findings):
        lines = sorted({v.text.origin[n - 1] for n in f.lines if 1 <= n <= len(v.text.origin)} - {None})
        out["false_alarms"].append({"rule": f.rule, "severity": f.severity, "message": f.message,
                                    "lines": lines})
    return out


def localise_rewrap(src: Source, result: dict, work: Path, limit: int = 12) -> list[dict]:
    """Split alone each line the false alarms of an every-line rewrap point at: which split does it."""
    tables = _table_lines(src)
    lines = sorted({n for fa in result["false_alarms"] for n in fa["lines"]
                    if n not in tables and n in _narrative_range(src) and _split_point(src.lines[n - 1]) is not None})
    out = []
    for no in lines[:limit]:
        v = Variant("rewrap", f"第 {no} 行拆成两行（定位）", _rewrap(src, [no]))
        out.append(run_variant(src, v, work))
    return out


def documents(args: list[str]) -> list[Path]:
    paths: list[Path] = []
    for a in args or [str(EXAMPLES)]:
        p = Path(a)
        if p.is_dir():
            paths += sorted(x for x in p.rglob("*") if x.is_file() and not x.name.startswith("."))
        else:
            paths.append(p)
    return paths


def run(paths: list[Path], seed: int = 0, per_kind: int = DEFAULT_PER_KIND, kinds=DEFECT_KINDS,
        harmless: bool = True, log=lambda s: None) -> dict:
    report = {"seed": seed, "per_kind": per_kind, "documents": [], "skipped": [], "mutants": [],
              "harmless": []}
    with tempfile.TemporaryDirectory(prefix="budgetlens-mutations-") as tmp:
        work = Path(tmp)
        for path in paths:
            clear_caches()
            try:
                src = load(path)
            except ReadError as e:
                report["skipped"].append({"document": str(path), "reason": str(e)})
                log(f"跳过 {path}: {e}")
                continue
            except Exception as e:
                report["skipped"].append({"document": str(path), "reason": f"parse/check 崩溃：{type(e).__name__}: {e}"})
                log(f"跳过 {path}: 崩溃 {type(e).__name__}: {e}")
                continue
            report["documents"].append(src.name)
            start = time.perf_counter()
            for kind in kinds:
                for m in mutants(src, kind, seed, per_kind):
                    report["mutants"].append(run_mutant(src, m, work))
            if harmless:
                for v in harmless_variants(src, seed):
                    result = run_variant(src, v, work)
                    report["harmless"].append(result)
                    if v.kind == "rewrap" and len(v.text.lines) > len(src.lines) + 1 and result["false_alarms"]:
                        report["harmless"] += localise_rewrap(src, result, work)
            log(f"{src.name}: {time.perf_counter() - start:.1f} s")
    report["recall"] = recall_table(report["mutants"], kinds)
    report["false_alarm_counts"] = false_alarm_table(report["harmless"])
    return report


def recall_table(results: list[dict], kinds) -> dict:
    table = {}
    for kind in kinds:
        mine = [r for r in results if r["kind"] == kind]
        hit = sum(r["detected"] for r in mine)
        rules = Counter(rule for r in mine for rule in r["rules"])
        table[kind] = {"tried": len(mine), "detected": hit,
                       "recall": round(100 * hit / len(mine), 1) if mine else None,
                       "rules": dict(rules.most_common())}
    total = len(results)
    hit = sum(r["detected"] for r in results)
    table["all"] = {"tried": total, "detected": hit, "recall": round(100 * hit / total, 1) if total else None}
    return table


def false_alarm_table(results: list[dict]) -> dict:
    table = {}
    for kind in HARMLESS_KINDS:
        mine = [r for r in results if r["kind"] == kind]
        table[kind] = {"variants": len(mine), "with_alarms": sum(1 for r in mine if r["false_alarms"]),
                       "false_alarms": sum(len(r["false_alarms"]) for r in mine),
                       "tables_changed": sum(1 for r in mine if r["tables_changed"]),
                       "errors": sum(1 for r in mine if r.get("error"))}
    return table


def print_report(report: dict) -> None:
    docs = report["documents"]
    print(f"变异检测召回率 — {len(docs)} 份文件，seed {report['seed']}，每类每份至多 {report['per_kind']} 个")
    for s in report["skipped"]:
        print(f"  跳过 {s['document']}：{s['reason']}")
    print()
    print(f"{'kind':<22}{'tried':>7}{'detected':>10}{'recall':>9}  detected by")
    for kind, row in report["recall"].items():
        rec = f"{row['recall']:.1f}%" if row["recall"] is not None else "—"
        rules = ", ".join(f"{k}×{v}" for k, v in list(row.get("rules", {}).items())[:4])
        print(f"{kind:<22}{row['tried']:>7}{row['detected']:>10}{rec:>9}  {rules}")
    missed = [r for r in report["mutants"] if not r["detected"]]
    print()
    print(f"未检出的变异（{len(missed)}）：")
    for r in missed:
        notes = [x for x in (r["parse_problem"] and f"parser: {r['parse_problem']}", r["hint"],
                             r.get("masked") and "masked: 原有发现在同处", r.get("new_elsewhere") and
                             "别处新发现 " + ",".join(r["new_elsewhere"])) if x]
        print(f"  {r['document']}  {r['kind']:<20} 第 {r['line']} 行  {r['where']}：{r['before']} → {r['after']}"
              + (f"   [{'; '.join(notes)}]" if notes else ""))
    print()
    print(f"{'harmless':<22}{'variants':>9}{'alarmed':>9}{'alarms':>8}{'tables≠':>9}")
    for kind, row in report["false_alarm_counts"].items():
        print(f"{kind:<22}{row['variants']:>9}{row['with_alarms']:>9}{row['false_alarms']:>8}{row['tables_changed']:>9}")
    for v in report["harmless"]:
        if v.get("error"):
            print(f"  {v['document']}  {v['kind']}（{v['what']}）：出错 {v['error']}")
        if v["tables_changed"]:
            print(f"  {v['document']}  {v['kind']}（{v['what']}）：表格读数变了（{v['tables_changed']}）")
        seen = Counter((fa["rule"], fa["severity"], fa["message"], tuple(fa["lines"])) for fa in v["false_alarms"])
        for (rule, severity, message, lines), n in seen.items():
            print(f"  {v['document']}  {v['kind']}（{v['what']}）：{rule} [{severity}] {message}"
                  f"  (行 {','.join(map(str, lines)) or '—'})" + (f" ×{n}" if n > 1 else ""))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Mutation recall and false alarms of budgetlens' checker")
    ap.add_argument("paths", nargs="*", metavar="FOLDER", help="folders or files (default: the bundled examples)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--per-kind", type=int, default=DEFAULT_PER_KIND, help="mutants per kind and document")
    ap.add_argument("--kinds", default=",".join(DEFECT_KINDS), help="comma-separated defect kinds")
    ap.add_argument("--no-harmless", action="store_true", help="skip the harmless changes")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    args = ap.parse_args(argv)
    kinds = tuple(k for k in args.kinds.split(",") if k)
    unknown = [k for k in kinds if k not in OPERATORS]
    if unknown:
        ap.error(f"unknown kinds: {', '.join(unknown)}")
    paths = documents(args.paths)
    report = run(paths, args.seed, args.per_kind, kinds, not args.no_harmless,
                 log=lambda s: print(s, file=sys.stderr))
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=1, default=str)
        print()
    else:
        print_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
