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

from ...extract.narrative import NUMBER
from ...identities import half_unit
from ...model import Section
from ...model.findings import Evidence, Location
from ...model.provenance import Provenance
from ...text import parse_amount
from ..context import Context, Fail, NotApplicable, fmt, rule

OF_WHICH = re.compile(r"其中[:：]")
CLAUSE_CUT = re.compile(r"[，；;、]|(?<!\d),|,(?!\d)")     # not a thousands separator
BRACKETED = re.compile(r"（[^（）]*）|\([^()]*\)")
# a clause about a change or a share is no part: "比上年增加 5 万元", "占 20%"
NOT_A_PART = re.compile(r"比|较|同比|增加|减少|增长|下降|持平|上升|降低|占")
# words that open a description, not a part's name: "主要用于…5 万元"
NOT_A_NAME = re.compile(r"^(主要(用于|包括|是|为|有)|用于|包括|含|共计|合计|其中|均为|分别|累计)")
VALUE_WORDS = ("价值", "金额", "原值", "账面价值")
MONEY = {"万元": 0, "元": -4, "亿元": 4}     # to 万元: scaleb


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
    if unit in MONEY:
        shift = MONEY[unit]
        return "万元", value.scaleb(shift), max(places - shift, 0)
    return unit, value, places


def totals(head: str) -> dict[str, tuple[Decimal, int]]:
    """The figures a breakdown can be of: of each unit, the last one stated before 其中 that
    is not a change or a share."""
    found: dict[str, tuple[Decimal, int]] = {}
    for clause in CLAUSE_CUT.split(head):
        if NOT_A_PART.search(clause):
            continue
        for m in NUMBER.finditer(clause):
            fig = _figure(m)
            if fig is not None:
                found[fig[0]] = fig[1:]
    return found


def parts(body: str) -> list[Part]:
    """The named parts after 其中, up to the first clause that names none (a description with a
    figure of its own ends the list; clauses about changes and shares are passed over)."""
    out: list[Part] = []
    for clause in CLAUSE_CUT.split(BRACKETED.sub("", body)):
        numbers = list(NUMBER.finditer(clause))
        if not numbers or NOT_A_PART.search(clause):
            continue
        name = clause[:numbers[0].start()].strip(" ：:")
        if name.startswith(VALUE_WORDS) and out:
            part = out[-1]                # "价值 0.00 万元": the value of the part just named
        elif name and not NOT_A_NAME.match(name):
            part = Part(name)
            out.append(part)
        else:
            break
        for m in numbers:
            fig = _figure(m)
            if fig is not None and fig[0] not in part.figures:
                part.figures[fig[0]] = fig[1:]
    return out


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
        start = _head_start(text, m.start())
        end = min(x for x in (text.find("。", m.end()), text.find("\n", m.end()), len(text)) if x >= 0)
        nested = text.find("其中", m.end(), end)      # a breakdown of a part: another sentence
        body = text[m.end():nested if nested >= 0 else end]
        yield Breakdown(section, start, text[start:end + 1].strip(), totals(text[start:m.start()]), parts(body))


def _head_start(text: str, at: int) -> int:
    """Where the figure a 其中 breaks down is stated: the clauses since the last "；" when they
    state a figure ("…目标1个，涉及金额 X 万元；项目共 3 个，其中：" is of the 3), else the
    sentence ("车辆 0 辆，价值 0 万元；其中：")."""
    start = max(text.rfind("。", 0, at), text.rfind("\n", 0, at)) + 1
    semi = max(text.rfind("；", start, at), text.rfind(";", start, at))
    if semi >= 0 and NUMBER.search(text, semi, at):
        return semi + 1
    return start


@rule("N-BREAKDOWN-SUM")
def breakdown_sums(ctx: Context) -> None:
    sections = [s for s in ctx.disc.narrative.sections if "其中" in s.text]
    if not ctx.disc.narrative.sections:
        raise NotApplicable("文件中没有情况说明")
    for section in sections:
        for b in breakdowns(section):
            for family, total in b.total.items():
                items = [p for p in b.parts if family in p.figures]
                if len(items) >= 2:
                    ctx.checked += 1
                    ctx.report_if(_breakdown(ctx, b, family, total, items))


def _breakdown(ctx: Context, b: Breakdown, family: str, total: tuple[Decimal, int], items: list[Part]) -> Fail | None:
    s = sum((p.figures[family][0] for p in items), Decimal(0))
    # amounts are rounded, each by half its last digit; counts are exact
    tol = sum((half_unit(p.figures[family][1]) for p in items), half_unit(total[1])) if family == "万元" else Decimal(0)
    gap = s - total[0]
    complete = items[-1].name.startswith("其他")
    if gap <= tol and (not complete or gap >= -tol):
        return None
    prov = Provenance(file=b.section.provenance.file, line=b.section.line_at(b.start))
    return Fail(key=f"{b.section.number}|{b.sentence}|{family}",
                location=Location(section=b.section.number, sentence=b.sentence),
                expected=_shown(total[0], family), found=_shown(s, family), difference=gap, tolerance=tol,
                evidence=[Evidence(role="说明", text=b.sentence, provenance=prov)],
                fields={"parts": "、".join(p.name for p in items),
                        "why": "分项之和超过总数" if gap > tol else "分项列至“其他”，应与总数相等"})


def _shown(value: Decimal, family: str) -> str:
    return f"{fmt(value)} 万元" if family == "万元" else f"{value.normalize():f} {family}"
