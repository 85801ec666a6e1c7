"""Which set of tables a narrative claim speaks of (Claim.table_set).

A department printing its units' tables after its own (segment.sets) may tell of a unit in its
情况说明 too: a section headed by the unit's name, or a sentence naming it ("XX中心收入预算 X
万元"). Those figures are the unit's, checked against the unit's tables, not the 汇总's. A
claim speaks of a unit's set where the words before its figure name that unit and no other set,
else where the heading over it (a section's, or a sub-heading's inside it) does; every other
claim keeps the document's own set (0). A unit named as part of a whole ("本部门（含XX中心）",
"本级及所属XX中心") names the whole: the department's. A project described under a unit's
heading is the unit's; a 绩效目标表 is the unit's its 预算单位 (单位名称, 部门名称) names, else
the heading's, and so are the figures printed in it.

A unit is named by the 编制单位 its tables print, whole, or by its short form: the name less the
region it shares with the department ("克孜勒苏柯尔克孜自治州机关事务服务中心" → "机关事务服务中心"),
only where that form is long enough to be a name and no other set's name holds it.
"""

from __future__ import annotations

import re

from ..model import Claim, Disclosure, PerformanceTable, Section
from ..segment.sets import set_names
from ..text import figure_at, match_key

# where a region's name ends (the part of a name units of one department share)
REGION_END = re.compile(r".*(?:省|自治区|自治州|市|州|盟|地区|县|区|旗)")
SHORT_MIN = 4           # characters a short form keeps (shorter: a word, not a name)
SUB_HEADING = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
HEADING_MAX = 60        # a sub-heading is a short line of its own, not a sentence


def assign_claim_sets(disc: Disclosure) -> None:
    """Set the table_set of each claim (list), project and performance table about a unit whose
    tables the document prints."""
    sets = ClaimSets(disc)
    if not sets.units:
        return
    narrative = disc.narrative
    for perf in narrative.performance:       # first: the claims printed in one take its set
        perf.table_set = sets.set_of(perf.unit_name or "", perf.provenance.line or 0)
    sets.spans += perf_spans(narrative.performance)
    for claim in narrative.claims:
        claim.table_set = sets.set_of(before_figure(claim), claim.provenance.line or 0)
    for lst in narrative.item_lists:      # "人员经费…主要包括：…": of the unit its head names
        lst.table_set = sets.set_of(lst.sentence.split("包括")[0], lst.provenance.line or 0)
    for project in narrative.projects:    # its name is no unit's: the heading over it tells
        project.table_set = sets.set_of("", project.provenance.line or 0)


class ClaimSets:
    """The names of a document's sets and the spans of its narrative under a unit's heading."""

    def __init__(self, disc: Disclosure):
        self.names = set_keys(disc)
        self.units = any(g for _, g in self.names)       # else every claim is the document's own
        self.spans = heading_spans(disc.narrative.sections, self.names) if self.units else []

    def set_of(self, words: str, line: int) -> int:
        """The set words on a line speak of: the one set they name, else the heading's over the
        line (several named: the words do not tell), else the document's own (0)."""
        if not self.units:
            return 0
        named = named_set(words, self.names)
        return span_set(self.spans, line) if named is None else named


def set_keys(disc: Disclosure) -> list[tuple[str, int]]:
    """The names (as match keys) that name each set, longest first: every set's 编制单位, the
    document's own name for set 0, and the units' short forms."""
    printed = set_names(disc.tables)
    if len(printed) < 2:
        return []
    own = [match_key(n) for n in (printed.get(0), disc.meta.unit_name) if n]
    whole = {match_key(n): g for g, n in printed.items() if n and g}
    keys = [(k, 0) for k in own if k and k not in whole] + list(whole.items())
    shorts = [(short, g) for key, g in whole.items() if (short := short_form(key, own))]
    keys += [(short, g) for short, g in shorts          # unambiguous: no other set's name holds it
             if not any(short in k for k, other in keys + shorts if other != g)]
    return sorted(set(keys), key=lambda kg: -len(kg[0]))


def short_form(key: str, own: list[str]) -> str | None:
    """The unit's name less the region it shares with the department's name (None where it
    shares none, or what is left is too short to be a name)."""
    for dept in own:
        shared = common_prefix(key, dept)
        m = REGION_END.match(shared)
        rest = key[m.end():] if m else ""
        if len(rest) >= SHORT_MIN:
            return rest
    return None


def common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def sets_named(text: str, names: list[tuple[str, int]]) -> set[int]:
    """The sets the text names: each name found, longest first, is taken out before shorter
    ones are looked for (a unit "XX办公室（本级）" holds its department's name "XX办公室")."""
    text = match_key(text)
    found: set[int] = set()
    for key, g in names:
        if key in text:
            found.add(g)
            text = text.replace(key, "\0")
    return found


# A unit named as part of a whole: "本部门（含XX中心）", "XX局本级及所属XX中心", "本级和XX中心",
# "XX局（包括本级和下属单位）". The words speak of the whole (the department's), not the unit.
INCLUDED = re.compile(r"[（(]\s*(?:含|包括|包含|涵盖)[^（()）]*[）)]"
                      r"|(?:及|和|与|、)\s*(?:其\s*)?(?:所属|下属|直属)[^，,。；;：:（()）]*"
                      r"|(?:本级|本部门|部门本级|机关本级)\s*(?:以及|及|和|与|、)[^，,。；;：:（()）]*")
INCLUDED_HINT = re.compile(r"[含括属]|本级|本部门")      # cheap: most words have none
# what an included part holding no set's name shows it holds units by ("（含上年结转）" does not)
UNIT_WORDS = re.compile(r"单位|本级|所属|下属|直属")


def named_set(words: str, names: list[tuple[str, int]]) -> int | None:
    """The set the words speak of by name: the one they name outside any whole they include a
    unit in; the document's own (0) where they speak of such a whole and name no one set
    outside it; None where they do not tell."""
    whole = False
    if INCLUDED_HINT.search(words):
        parts = INCLUDED.split(words)
        # a unit's words of itself and its own units ("本单位（含下属单位）") are no whole of the
        # department's
        own_units = "本单位" in words
        for m in INCLUDED.finditer(words):
            whole = whole or bool(sets_named(m.group(0), names) - {0}) or \
                (not own_units and UNIT_WORDS.search(m.group(0)) is not None)
        words = "\0".join(parts)
    named = sets_named(words, names)
    if len(named) == 1:
        return named.pop()
    return 0 if whole else None


def before_figure(claim: Claim) -> str:
    """The claim's sentence up to its figure: what the figure is said of."""
    at = figure_at(claim.sentence, claim.text)
    return claim.sentence[:at] if at >= 0 else claim.sentence


Span = tuple[int, int, int]      # first line, last line, set


def heading_spans(sections: list[Section], names: list[tuple[str, int]]) -> list[Span]:
    """The lines under a heading naming one unit: a section's whole text, or a sub-heading's
    ("（二）XX中心") up to the next sub-heading; the latest span over a line decides."""
    spans: list[Span] = []
    for s in sections:
        first, last = s.provenance.line or 0, s.provenance.line_end or s.provenance.line or 0
        own = named_set(s.title, names)
        if own is not None:
            spans.append((first, last, own))
        spans += sub_spans(s, names, last)
    return spans


def sub_spans(section: Section, names: list[tuple[str, int]], last: int) -> list[Span]:
    """The spans of the section's sub-headings naming a set (one naming none, or several,
    ends the span before it)."""
    spans: list[Span] = []
    offset = 0
    for para in section.text.split("\n"):
        if SUB_HEADING.match(para) and len(para) <= HEADING_MAX:
            line = section.line_at(offset) or 0
            if spans and spans[-1][1] == last:
                spans[-1] = (spans[-1][0], line - 1, spans[-1][2])
            named = named_set(para, names)
            if named is not None:
                spans.append((line, last, named))
        offset += len(para) + 1
    return spans


def perf_spans(tables: list[PerformanceTable]) -> list[Span]:
    """The lines of each performance table, its set's (the words printed in it are of the unit
    it prints itself of)."""
    spans: list[Span] = []
    for t in tables:
        first = t.provenance.line or 0
        last = max([first, t.year_line or 0] + [i.line for i in t.indicators])
        spans.append((first, last, t.table_set))
    return spans


def span_set(spans: list[Span], line: int) -> int:
    found = 0
    for first, last, g in spans:
        if first <= line <= last:
            found = g
    return found
