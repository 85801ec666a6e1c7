"""Years and dates against the budget year."""

from __future__ import annotations

import re
from datetime import date

from ...model.findings import Evidence, Location
from ...model.provenance import Provenance
from ..context import Context, Fail, NotApplicable, rule

# "2025年与2026年" comparing last year with this year; "比2025年"; "与2025年相比"
YEAR_PAIR = re.compile(r"(\d{4})\s*年\s*(?:与|和|及|、|同)\s*(\d{4})\s*年")
YEAR_VERSUS = re.compile(r"(?:比|较|与)\s*(\d{4})\s*年(?:度)?(?:预算|相比|同期|持平|增加|减少|下降|增长)")
AS_OF = re.compile(r"截(?:至|止)(?:到)?\s*(\d{4})\s*年")
# typos that change the meaning: the budget is annual, so 上半年 before 结转/预算 means 上年
TYPOS = [(re.compile(r"上半年(?=结转|结余|预算)"), "上年"),
         (re.compile(r"下半年(?=结转|预算)"), "下年")]


def _year(ctx: Context) -> int:
    year = ctx.disc.meta.year
    if year is None:
        raise NotApplicable("未能识别预算年度")
    return year


def _sections(ctx: Context):
    if not ctx.disc.narrative.sections:
        raise NotApplicable("文件中没有情况说明部分")
    return ctx.disc.narrative.sections


def _prov(section, offset: int) -> Provenance:
    line = section.line_at(offset)
    return Provenance(file=section.provenance.file, line=line, line_end=line)


def _sentence(text: str, m: re.Match) -> str:
    start = max(text.rfind("。", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
    ends = [i for i in (text.find("。", m.end()), text.find("\n", m.end())) if i >= 0]
    return text[start:(min(ends) + 1 if ends else len(text))].strip()


@rule("D-YEAR-MENTION")
def year_mentions(ctx: Context) -> None:
    year = _year(ctx)
    for section in _sections(ctx):
        ctx.checked += 1
        bad: list[tuple[re.Match, str]] = []
        for m in YEAR_PAIR.finditer(section.text):
            got = {int(m.group(1)), int(m.group(2))}
            if year in got and got != {year - 1, year}:
                bad.append((m, f"{year - 1}年与{year}年"))
        for m in YEAR_VERSUS.finditer(section.text):
            if int(m.group(1)) != year - 1 and abs(int(m.group(1)) - year) < 10:
                bad.append((m, f"{year - 1}年"))
        for m in AS_OF.finditer(section.text):
            if int(m.group(1)) not in (year - 2, year - 1) and abs(int(m.group(1)) - year) < 10:
                bad.append((m, f"{year - 2}年或{year - 1}年"))
        _report_once(ctx, section, bad, year)


def _report_once(ctx: Context, section, bad: list[tuple[re.Match, str]], year: int) -> None:
    """One finding per wording and sentence: a sentence that repeats a wrong year is one defect."""
    seen = set()
    for m, expected in bad:
        key = (m.group(0), _sentence(section.text, m))
        if key not in seen:
            seen.add(key)
            _report(ctx, section, m, year, expected)


def _report(ctx: Context, section, m: re.Match, year: int, expected: str) -> None:
    ctx.report(Fail(key=f"{section.number}|{m.group(0)}|{section.line_at(m.start())}",
                    location=Location(section=section.number or section.title,
                                      sentence=_sentence(section.text, m)),
                    expected=expected, found=m.group(0), fields={"year": year},
                    evidence=[Evidence(role="说明", text=_sentence(section.text, m),
                                       provenance=_prov(section, m.start()))]))


@rule("D-TYPO")
def typos(ctx: Context) -> None:
    for section in _sections(ctx):
        ctx.checked += 1
        for pattern, right in TYPOS:
            for m in pattern.finditer(section.text):
                ctx.report(Fail(key=f"{section.number}|{m.group(0)}",
                                location=Location(section=section.number or section.title,
                                                  sentence=_sentence(section.text, m)),
                                expected=right, found=m.group(0),
                                evidence=[Evidence(role="说明", text=_sentence(section.text, m),
                                                   provenance=_prov(section, m.start()))]))


@rule("D-SIGNATURE")
def signature(ctx: Context) -> None:
    year = _year(ctx)
    signed = ctx.disc.meta.signature_date
    if signed is None:
        raise NotApplicable("文件没有落款日期")
    ctx.checked += 1
    # a budget is approved around the turn of the year and published within weeks
    if date(year - 1, 10, 1) <= signed <= date(year, 12, 31):
        return
    ctx.report(Fail(key="signature", location=Location(section="落款"), found=signed.isoformat(),
                    expected=f"{year - 1}-10-01 至 {year}-12-31", fields={"year": year},
                    evidence=[Evidence(role="落款", text=signed.isoformat(),
                                       provenance=ctx.disc.meta.signature_provenance)]))
