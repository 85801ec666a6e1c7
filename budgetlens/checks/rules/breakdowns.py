"""A figure and its breakdown in one sentence: "共有车辆 7 辆，其中：A 0 辆、B 0 辆、其他用车 7 辆",
"项目总投资 13 万元，其中：财政资金 13 万元，其他资金 0 万元". The parts of a total never exceed it,
and a breakdown that ends with 其他… names every part, so its parts add up to the total.

Read from each section's text rather than from the claims: a breakdown runs over several
sentences (its parts are often separated by "；") and its parts are counts as well as amounts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ...extract.narrative import IN_BRACKETS, NUMBER
from ...identities import half_unit
from ...model import Section
from ...model.findings import Evidence, Location
from ...model.provenance import Provenance
from ...text import parse_amount
from ..context import Context, Fail, NotApplicable, fmt, rule
from .narrative import WAN_SHIFT, in_wan

OF_WHICH = re.compile(r"其中[:：]")
CLAUSE_CUT = re.compile(r"[，、]|(?<!\d),|,(?!\d)")     # not a thousands separator
SEMICOLON = re.compile(r"[；;]")
# an aside in brackets; not a negative figure printed so ("其他收入（3.00）万元")
NEGATIVE = rf"[（(](?={IN_BRACKETS})[^）)]*[）)]"
BRACKETED = re.compile(rf"[（(](?!{IN_BRACKETS})(?:[^（）()]|{NEGATIVE})*[）)]")
STRAY = re.compile(rf"({NEGATIVE})|[（）()]")          # a bracket left over, or a negative's kept
# a clause about a change or a share is no part: "比上年增加 5 万元", "占 20%", "增长 3%"
# ("年初结转和结余 10 万元", "上年结转 5 万元" are figures of their own)
CHANGE_OR_SHARE = re.compile(r"^(比|较|同比|与(上年|上一年|\d{4}年|年初|调整|预算)|占|增加|减少|增长|下降|上升|降低|持平|完成"
                             r"|(上年|上一年|年初)(?!结转|结余)|调整|全年|预算|决算|节约|节支|超支)")
CHANGE_TAIL = re.compile(r"(增加|减少|增长|下降|上升|降低|持平|增幅|降幅|节约|节支|超支|多|少)[了为]?$")
# a comparison anywhere in the clause: "决算数比预算数节约 10 万元", "低于预算数"
COMPARISON = re.compile(r"(比|较|低于|高于|超过?)(上年|上一年|\d{4}年|年初|调整|全年|预算|决算)")
CUT_MARK = re.compile(r"[，、；：;:]|(?<!\d),|,(?!\d)")      # where a clause begins, before a bracket
# words that close the list ("分别占…", "另有…") or open a description ("主要用于…5 万元")
LIST_END = re.compile(r"^(分别|另有|另外|此外|还有|均为|合计|共计|总计|累计|上述|以上|主要(用于|包括|是|为|有)|用于|包括|含|其中)")
HAS_FIGURE = re.compile(r"\d\s*(?:万元|亿元|元|个|人|辆|台|套|家|项|次)")
VALUE_WORDS = ("价值", "金额", "原值", "账面价值")
# a new whole ends the list, whatever the punctuation: a total as high as the one broken down
# ("收入总计…，其中：本年收入合计…；支出总计…") or the same whole at another time ("年初结转和结余…，
# 其中：…；年末结转和结余…")
TOTAL_RANKS = (("总计", 2), ("合计", 1))
WHEN = re.compile(r"年初|年末|上年|本年")


@dataclass
class Part:
    name: str
    figures: dict[str, tuple[Decimal, int]] = field(default_factory=dict)   # family → (value, places)


def _figure(m: re.Match) -> tuple[str, Decimal, int] | None:
    """(family, value, places) of a NUMBER match: amounts in 万元, counts by their unit."""
    parsed = parse_amount(m.group("num"))
    unit = m.group("unit")
    if parsed is None or unit in ("%", "％") or m.group("cmp") or m.group("after"):
        return None
    value, places = parsed
    if m.group("sign"):
        value = -value              # "其他收入-3.00万元", "（3.00）万元"
    if unit in WAN_SHIFT:
        return "万元", in_wan(value, unit), max(places - WAN_SHIFT[unit], 0)
    return unit, value, places


def _stating(head: str):
    """(clause, its first NUMBER match) of each clause of head that states a figure: not a
    change, a comparison or a share."""
    for clause in (c.strip(" ：:") for seg in SEMICOLON.split(head) for c in CLAUSE_CUT.split(seg)):
        first = NUMBER.search(clause)
        if first is None or CHANGE_OR_SHARE.match(clause) or CHANGE_TAIL.search(clause[:first.start()].strip()) \
                or COMPARISON.search(clause):
            continue
        yield clause, first


def totals(head: str, single: bool = False) -> dict[str, tuple[Decimal, int]]:
    """The figures a breakdown can be of: of each unit, the last one stated before 其中 that
    is not a change, a comparison or a share (single: only units stated once)."""
    found: dict[str, list[tuple[Decimal, int]]] = {}
    for clause, _ in _stating(head):
        for m in NUMBER.finditer(clause):
            fig = _figure(m)
            if fig is not None:
                found.setdefault(fig[0], []).append(fig[1:])
    return {unit: figs[-1] for unit, figs in found.items() if not single or len(figs) == 1}


def whole(head: str) -> str:
    """The name of what a breakdown breaks down: that of the last figure head states."""
    return next((clause[:first.start()].strip() for clause, first in reversed(list(_stating(head)))), "")


def _rank(name: str) -> int:
    return next((rank for word, rank in TOTAL_RANKS if word in name), 0)


def _new_whole(name: str, of: str) -> bool:
    """Whether a clause named name starts a new whole rather than a part of the whole named of."""
    if _rank(name) and _rank(name) >= _rank(of):
        return True
    when, its = WHEN.search(name), WHEN.search(of)
    return bool(when and its and when.group() != its.group())


def _split_otherwise(name: str, of: str, out: list[Part]) -> bool:
    """Whether a segment's part, named with the whole's own name where the list's first part
    is not, is of another split of the whole: "授予中小企业合同金额 X，其中：授予小微企业合同金额 A；
    货物采购授予中小企业合同金额 B；服务采购授予中小企业合同金额 C" (B + C is X again, not a part
    beside A). Only a whole named at length (6 characters: "车辆", "人员经费" may well end a part's
    name) and not for the part that completes the list ("其他车辆")."""
    return len(of) >= 6 and of in name and not name.startswith("其他") and bool(out) and of not in out[0].name


def parts(body: str, of: str = "") -> list[Part]:
    """The named parts after 其中 of the whole named of. Parts separated by "、" or "，" end at
    the first "；"; a list whose first part runs to a "；" ("A 0 辆，价值 0 万元；B 0 辆，…") takes
    one part per "；" segment. Clauses about changes and shares are passed over; a clause that
    closes the list (分别占…, 另有…), describes (主要用于…), states a threshold or starts a new
    whole (a total as high as of, of at another time) ends it."""
    out: list[Part] = []
    segments = SEMICOLON.split(body)
    for i, segment in enumerate(segments):
        if i == 1 and len(out) != 1:
            break                       # a list within the first segment: the rest is other text
        if not _read_parts(segment, out, of, one=i > 0):
            break
    return out


def _read_parts(segment: str, out: list[Part], of: str, one: bool) -> bool:
    """Parts of one segment into out (one: the segment is one part); False where the list ends."""
    started = False
    for clause in CLAUSE_CUT.split(segment):
        clause = clause.strip(" ：:")
        if LIST_END.match(clause):
            return False
        numbers = list(NUMBER.finditer(clause))
        if not numbers or CHANGE_OR_SHARE.match(clause) or COMPARISON.search(clause):
            continue
        name = clause[:numbers[0].start()].strip()
        if _new_whole(name, of) or (one and not started and _split_otherwise(name, of, out)):
            return False
        if any(m.group("cmp") or m.group("after") or m.group("unit") in ("%", "％") for m in numbers) \
                or CHANGE_TAIL.search(name):
            if started or not out:
                continue                # a change or a rate of the part just named
            return False
        if name in VALUE_WORDS and out:
            part = out[-1]              # "价值 0.00 万元": the value of the part just named
        elif name and not (one and started):
            part = Part(name)
            out.append(part)
            started = True
        else:
            return False
        for m in numbers:
            fig = _figure(m)
            if fig is not None and fig[0] not in part.figures:
                part.figures[fig[0]] = fig[1:]
    return True


@dataclass
class Breakdown:
    section: Section
    start: int                 # offset of the sentence in the section's text
    sentence: str
    total: dict[str, tuple[Decimal, int]]
    parts: list[Part]


def breakdowns(section: Section):
    text = section.text
    for m in OF_WHICH.finditer(text):
        start = _sentence_start(text, m.start())
        opened = _open_bracket(text, start, m.start())
        if opened >= 0:
            # "…运行费 20.00 万元（其中：购置费 0，运行费 20.00）": a part broken down in brackets
            close = _closing(text, opened)
            cuts = [c.end() for c in CUT_MARK.finditer(text, start, opened)]
            head_at = cuts[-1] if cuts else start
            body, head = text[m.end():close], text[head_at:opened]
            sentence, single = text[head_at:close + 1], False
        else:
            end = _sentence_end(text, m.end())
            body = _unbracketed(text[m.end():end])
            nested = body.find("其中")          # a breakdown of a part: its own sentence
            body = body[:nested] if nested >= 0 else body
            head_at = _head_start(text, m.start())
            head = text[head_at:m.start()]
            single = False
            if not HAS_FIGURE.search(head) and start > 0:
                # "…25.00 万元。其中：…": the sentence before, where it states one figure of a unit
                head_at, single = _sentence_start(text, start - 1), True
                head = text[head_at:m.start()]
            sentence = text[head_at:end + 1]
        yield Breakdown(section, head_at, sentence.strip(), totals(head, single), parts(body, whole(head)))


def _sentence_start(text: str, at: int) -> int:
    return max(text.rfind("。", 0, at), text.rfind("\n", 0, at)) + 1


def _sentence_end(text: str, at: int) -> int:
    return min(x for x in (text.find("。", at), text.find("\n", at), len(text)) if x >= 0)


def _open_bracket(text: str, start: int, at: int) -> int:
    """Where the bracket that is open at `at` opened (since start), or -1."""
    opened = []
    for i in range(start, at):
        if text[i] in "（(":
            opened.append(i)
        elif text[i] in "）)" and opened:
            opened.pop()
    return opened[-1] if opened else -1


def _closing(text: str, opened: int) -> int:
    depth = 0
    for i in range(opened, len(text)):
        depth += text[i] in "（("
        depth -= text[i] in "）)"
        if depth == 0 or text[i] in "。\n":
            return i
    return len(text)


def _unbracketed(text: str) -> str:
    """The text without its bracketed asides (nested ones too) and stray brackets."""
    while True:
        shorter = BRACKETED.sub("", text)
        if shorter == text:
            return STRAY.sub(_kept, shorter)
        text = shorter


def _kept(m: re.Match) -> str:
    return m.group(1) or ""


def _head_start(text: str, at: int) -> int:
    """Where the figure a 其中 breaks down is stated: the clauses since the last "；" when they
    state a figure ("…目标1个，涉及金额 X 万元；项目共 3 个，其中：" is of the 3), else the
    sentence ("车辆 0 辆，价值 0 万元；其中：")."""
    start = _sentence_start(text, at)
    semi = max(text.rfind("；", start, at), text.rfind(";", start, at))
    if semi >= 0 and NUMBER.search(text, semi, at):
        return semi + 1
    return start


@rule("N-BREAKDOWN-SUM")
def breakdown_sums(ctx: Context) -> None:
    sections = [s for s in ctx.disc.narrative.sections if "其中" in s.text]
    if not ctx.disc.narrative.sections:
        raise NotApplicable("文件中没有情况说明")
    negative_tables = any(cell.amount is not None and cell.amount < 0
                          for table in ctx.disc.tables for row in table.rows for cell in row.cells)
    for section in sections:
        for b in breakdowns(section):
            for family, total in b.total.items():
                items = [p for p in b.parts if family in p.figures]
                if len(items) >= 2:
                    ctx.checked += 1
                    ctx.report_if(_breakdown(ctx, b, family, total, items, negative_tables))


def _breakdown(ctx: Context, b: Breakdown, family: str, total: tuple[Decimal, int], items: list[Part],
               negative_tables: bool = False) -> Fail | None:
    s = sum((p.figures[family][0] for p in items), Decimal(0))
    # amounts are rounded, each by half its last digit; counts are exact
    tol = sum((half_unit(p.figures[family][1]) for p in items), half_unit(total[1])) if family == "万元" else Decimal(0)
    gap = s - total[0]
    complete = items[-1].name.startswith("其他")
    if gap <= tol and (not complete or gap >= -tol):
        return None
    # parts never exceed their whole while none is negative; where one may be (a carry-over
    # advanced), only a list complete to 其他 is certainly wrong: the rest is said, not judged
    unbounded = None if complete else unlisted_may_be_negative(family, total, items, negative_tables)
    prov = Provenance(file=b.section.provenance.file, line=b.section.line_at(b.start))
    why = "分项之和超过总数" if gap > tol else "分项列至“其他”，应与总数相等"
    if unbounded:
        why += f"；但{unbounded}，未列出的分项可能为负数，不能据此断定有误，请核对"
    return Fail(key=f"{b.section.number}|{b.sentence}|{family}",
                location=Location(section=b.section.number, sentence=b.sentence),
                expected=_shown(total[0], family), found=_shown(s, family), difference=gap, tolerance=tol,
                evidence=[Evidence(role="说明", text=b.sentence, provenance=prov)],
                fields={"parts": "、".join(p.name for p in items), "why": why},
                severity="info" if unbounded else None)


def unlisted_may_be_negative(family: str, total: tuple[Decimal, int], items: list[Part],
                             negative_tables: bool) -> str | None:
    """Why the parts a list leaves out may be negative (then the parts listed may exceed their
    whole: a carry-over advanced, a refund), or None: "listed parts ≤ total" holds only where
    every part is ≥ 0. The tables' negatives speak of amounts only (counts are never negative)."""
    if any(p.figures[family][0] < 0 for p in items):
        return "所列分项中有负数"
    if total[0] < 0:
        return "总数为负数"
    if negative_tables and family == "万元":
        return "本文件表格中有负数金额"
    return None


def _shown(value: Decimal, family: str) -> str:
    return f"{fmt(value)} 万元" if family == "万元" else f"{value.normalize():f} {family}"


STAFF_PARTS = {"in_service": "在职", "retired": "退休", "pre_retired": "离休"}


@rule("N-STAFF-SUM")
def staff_sum(ctx: Context) -> None:
    """实有人数 = 在职 + 退休 + 离休 ("实有人数 18 人，其中：在职 13 人…；退休 5 人…；离休 0 人…").
    A count of 在职 alone (some templates list the retired apart: 实有人数 13 人，另有退休人员 5 人)
    is no error; where the text leaves a part out, the parts it states cannot exceed the whole."""
    staffing = ctx.disc.overview.staffing
    if staffing is None or staffing.actual is None or staffing.in_service is None:
        raise NotApplicable("概况中没有实有人数及其在职、退休、离休人数")
    ctx.report_if(_staff_sum(staffing))


def _staff_sum(staffing) -> Fail | None:
    stated = {name: getattr(staffing, key).count for key, name in STAFF_PARTS.items()
              if getattr(staffing, key) is not None}
    total, actual = sum(stated.values()), staffing.actual
    complete = len(stated) == len(STAFF_PARTS)
    if total == actual or (not complete and total < actual) or actual == staffing.in_service.count:
        return None
    said = "、".join(f"{name} {count} 人" for name, count in stated.items())
    line = staffing.provenance
    return Fail(key="actual", location=Location(section="概况"), expected=str(total), found=str(actual),
                difference=Decimal(actual - total),
                evidence=[Evidence(role="人员情况", text=f"实有人数 {actual} 人，其中：{said}", provenance=line)],
                fields={"parts": said, "why": "" if complete else "，所列各项之和已超过实有人数"})

