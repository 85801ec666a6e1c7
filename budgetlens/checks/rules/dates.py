"""Years and dates against the budget year."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from ...model.findings import Evidence, Location
from ...model.provenance import Provenance
from ...text import DAY_NUMBER, YEAR_NUMBER, number_of, parse_amount
from ..context import Context, Fail, NotApplicable, rule
from ..scan import finditer_at, line_openers, merged, word_starts, year_starts

# "2025年与2026年" comparing last year with this year; "比2025年"; "与2025年相比"
YEAR_PAIR = re.compile(r"(\d{4})\s*年\s*(?:与|和|及|、|同)\s*(\d{4})\s*年")
YEAR_VERSUS = re.compile(r"(?:比|较|与)\s*(\d{4})\s*年(?:度)?(?:预算|相比|同期|持平|增加|减少|下降|增长)")
# figures of the budget itself: "2026年预算数为", "2026年部门预算", "2026年…收支预算总额", "2026年，本部门…"
# (a paragraph break may fall between the year and its noun: pdftotext cuts table cells)
BUDGET_NOUNS = (r"(?:部门|单位)?(?:预算(?!执行)|收支总?预算|收入预算|支出预算|一般公共预算|政府性基金预算|"
                r"国有资本经营预算|财政拨款|机关运行经费|政府采购|[“\"]?三公|(?:没有|未|无)(?:使用|安排|上年)|上?半?年?结转结余|"
                r"工作计划|所有收入|收入和支出|收支|基本支出|项目支出|(?:项目|基本)预算|面向中小企业)")
NOT_THIS_BUDGET = r"(?![^，,。；\n]{0,10}(?:决算|执行数|执行情况|完成数|实际))"
THIS_YEAR = re.compile(rf"(?<![比较与同上])(\d{{4}})\s*年(?:度)?\s*(?:的)?(?:{BUDGET_NOUNS}|[，,]?\s*本(?:部门|单位|年度))"
                       rf"{NOT_THIS_BUDGET}|^[（(]\s*(\d{{4}})\s*年\s*[）)]$", re.M)
# the funds of this year's budget are spent in this year
PERIOD = re.compile(rf"(?P<label>(?:资金)?(?:执行)?时间)[：:]?\s*({YEAR_NUMBER})\s*年\s*({DAY_NUMBER})\s*月(?:\s*({DAY_NUMBER})\s*日)?\s*"
                    rf"(?:-|—|–|至|到|~)\s*({YEAR_NUMBER})\s*年\s*({DAY_NUMBER})\s*月")
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


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence holding text[at] begins (after a 。 or a line break)."""
    return max(text.rfind("。", 0, at), text.rfind("\n", 0, at)) + 1


def _sentence(text: str, m: re.Match) -> str:
    start = _sentence_start(text, m.start())
    ends = [i for i in (text.find("。", m.end()), text.find("\n", m.end())) if i >= 0]
    return text[start:(min(ends) + 1 if ends else len(text))].strip()


@rule("D-YEAR-MENTION")
def year_mentions(ctx: Context) -> None:
    year = _year(ctx)
    # last year's figures the narrative states and a change beside confirms ("项目支出 34.00 万元，2025年
    # 预算数为 93.40 万元，比上年预算减少 59.40 万元"): their year is right. (A year left over from last
    # year's text also reads as a prior figure, but no change makes it last year's.)
    claims = ctx.disc.narrative.claims
    implied = {(c.sentence, c.implied_prior) for c in claims if c.kind == "change" and c.implied_prior is not None}
    priors = {c.value for c in claims if c.kind == "prior" and (c.sentence, c.value) in implied}
    # a stock is stated at the end of the year before a budget, of the accounts' own year in a 决算
    as_of = (year - 1, year) if ctx.disc.meta.phase == "决算" else (year - 2, year - 1)
    for section in _sections(ctx):
        ctx.checked += 1
        bad: list[tuple[re.Match, str]] = []
        text = section.text
        years = year_starts(text)       # where the year patterns can begin (see checks/scan.py)
        for m in finditer_at(YEAR_PAIR, text, years):
            got = {int(m.group(1)), int(m.group(2))}
            if year in got and got != {year - 1, year}:
                bad.append((m, f"{year - 1}年与{year}年"))
        for m in YEAR_VERSUS.finditer(text):
            if int(m.group(1)) != year - 1 and abs(int(m.group(1)) - year) < 10:
                bad.append((m, f"{year - 1}年"))
        for m in _this_year(text, years):
            got = int(m.group(1) or m.group(2))
            if got == year - 1 and _names_last_year(text, m, year, priors):
                continue       # "2026年…83.00万元，2025年…113.00万元": last year's figure beside this year's
            if got != year and abs(got - year) < 10:
                bad.append((m, f"{year}年"))
        for m in finditer_at(PERIOD, text, word_starts(text, "时间", (0, 2, 4))):
            start, end = (number_of(m.group(2)), number_of(m.group(3))), (number_of(m.group(5)), number_of(m.group(6)))
            funds = m.group("label").startswith("资金")
            if start > end or end[0] < year or start[0] > year or (funds and start[0] < year):
                bad.append((m, f"{year}年内的执行期" if funds else f"含 {year} 年的执行期"))
        for m in _with_unit_name(ctx, text, years):
            if int(m.group(1)) != year and abs(int(m.group(1)) - year) < 10:
                bad.append((m, f"{year}年"))
        for m in AS_OF.finditer(section.text):
            if int(m.group(1)) not in as_of and abs(int(m.group(1)) - year) < 10:
                bad.append((m, "或".join(f"{y}年" for y in as_of)))
        _report_once(ctx, section, bad, year)
    _indicator_years(ctx, year)


FIGURE_IN_CLAUSE = re.compile(r"[^，,；;。\n\d]*\d[\d,.]*\s*(?:万元|亿元|元)")


def _names_last_year(text: str, m: re.Match, year: int, priors: set) -> bool:
    """A mention of last year that names last year's figure in its own clause: after this
    year's of the same subject, or one the narrative took for last year's and a change confirms.
    (A year with no figure of its own in its clause, "主要原因是2021年预算未安排", is still read as
    misplaced.)"""
    # (from just after its 年: the mention's match may run on into its subject, “三公…)
    mine = FIGURE_IN_CLAUSE.match(text, text.index("年", m.start()) + 1)
    return mine is not None and (_after_this_year(text, m, year, mine) or _states_prior(mine, priors))


def _after_this_year(text: str, m: re.Match, year: int, mine: re.Match) -> bool:
    """Last year's figure stated after this year's in one sentence ("2026年…为 83.00 万元，2025年…为
    113.00 万元"): the year names last year beside this year, not in its place."""
    this = None
    for this in re.compile(rf"{year}\s*年").finditer(text, _sentence_start(text, m.start()), m.start()):
        pass
    if this is None:
        return False
    theirs = FIGURE_IN_CLAUSE.match(text, this.end())
    # the same figure of the two years: the words between each year and its figure agree
    # ("2026年“三公”经费预算数为 83.00 万元，2025年“三公”经费预算数为 113.00 万元"); another
    # subject under last year ("2025年政府采购预算 30.00 万元") is a year left from last year
    return theirs is not None and _subject_words(mine.group(0)) == _subject_words(theirs.group(0))


def _states_prior(mine: re.Match, priors: set) -> bool:
    """The figure after the year is one the narrative took for last year's ("2025年预算数为 93.40
    万元", "（2025年：93.40万元）")."""
    figure = FIGURE_NUMBER.search(mine.group(0)) if priors else None
    parsed = parse_amount(figure.group(0)) if figure is not None else None
    return parsed is not None and parsed[0] in priors


FIGURE_NUMBER = re.compile(r"\d[\d,.]*(?=\s*(?:万元|亿元|元)$)")


def _subject_words(clause: str) -> str:
    """A clause's words before its figure, without 为/是/数 and the figure itself."""
    words = re.sub(r"\d[\d,.]*\s*(?:万元|亿元|元)$", "", clause)
    return re.sub(r"[\s为是数:：]", "", words).lstrip("度的")


def _this_year(text: str, years: list[int] | None = None):
    """THIS_YEAR.finditer(text): its matches begin at a year or at a line opening with （."""
    years = year_starts(text) if years is None else years
    return finditer_at(THIS_YEAR, text, merged(years, line_openers(text, "（(")))


def _with_unit_name(ctx: Context, text: str, years: list[int]):
    """'2026年，<the unit's name>…政府采购预算…': the unit's figures of the year are the budget's."""
    name = ctx.disc.meta.unit_name
    if not name or len(name) < 4 or name not in text:
        return []
    pattern = _unit_year_pattern(name)
    return list(finditer_at(pattern, text, years))


@lru_cache(maxsize=64)
def _unit_year_pattern(name: str) -> re.Pattern:
    return re.compile(rf"(?<![比较与同上\d])(\d{{4}})\s*年(?:度)?\s*[，,]\s*{re.escape(name)}[^，,。；\n]{{0,40}}?"
                      rf"{BUDGET_NOUNS}{NOT_THIS_BUDGET}")


def _indicator_years(ctx: Context, year: int) -> None:
    """Performance tables dated the budget year ("（2026年）" under the title) and their
    indicators set for it ("2026年工作计划" as their basis)."""
    reported = {n for f in ctx.findings if f.rule == ctx.rule.id for n in f.lines}   # year lines of the text, said
    for table in ctx.disc.narrative.performance:
        with ctx.reading_set(table.table_set):      # a unit's table: the finding names it
            if table.year is not None and table.year != year and abs(table.year - year) < 10 \
                    and table.year_line not in reported:
                prov = Provenance(file=table.provenance.file, line=table.year_line, line_end=table.year_line)
                ctx.report(Fail(key=f"绩效目标表|{table.project or table.kind}|{table.year}",
                                location=Location(section="绩效目标表", row=table.project),
                                expected=f"{year}年", found=f"（{table.year}年）", fields={"year": year},
                                evidence=[Evidence(role="绩效目标表", text=f"（{table.year}年）", provenance=prov)]))
            seen = set()                   # one finding per table and wording: a basis repeated on every line
            for ind in table.indicators:
                for text in (ind.basis, ind.value):
                    for m in _this_year(text or ""):
                        got = int(m.group(1) or m.group(2))
                        if got != year and abs(got - year) < 10 and m.group(0) not in seen:
                            seen.add(m.group(0))
                            prov = Provenance(file=table.provenance.file, line=ind.line, line_end=ind.line)
                            ctx.report(Fail(key=f"绩效目标表|{ind.level3}|{got}",
                                            location=Location(section="绩效目标表", row=ind.level3),
                                            expected=f"{year}年", found=m.group(0), fields={"year": year},
                                            evidence=[Evidence(role="绩效指标", text=text, provenance=prov)]))


def _report_once(ctx: Context, section, bad: list[tuple[re.Match, str]], year: int) -> None:
    """One finding per wording and sentence: a sentence that repeats a wrong year is one defect."""
    seen = set()
    for m, expected in bad:
        key = (m.group(0), _sentence(section.text, m))
        if key not in seen:
            seen.add(key)
            _report(ctx, section, m, year, expected)


def _report(ctx: Context, section, m: re.Match, year: int, expected: str) -> None:
    years = "-".join(re.findall(r"\d{4}", m.group(0)))
    ctx.report(Fail(key=f"{section.number}|{years}|{expected}",
                    location=Location(section=section.number or section.title,
                                      sentence=_sentence(section.text, m)),
                    expected=expected, found=m.group(0), fields={"year": year},
                    evidence=[Evidence(role="说明", text=_sentence(section.text, m),
                                       provenance=_prov(section, m.start()))]))


@rule("D-TITLE-YEAR")
def title_years(ctx: Context) -> None:
    """Section titles and table titles name the budget year."""
    year = _year(ctx)
    titled = [(s.number or s.title, s.title, s.provenance) for s in ctx.disc.narrative.sections]
    titled += [(f"表{t.printed_number}", t.title, t.provenance) for t in ctx.disc.tables]
    source = ctx.disc.sources[0].path if ctx.disc.sources else ""
    titled += [(p.title, p.title, Provenance(file=source, line=p.line)) for p in ctx.disc.parts]
    if not titled:
        raise NotApplicable("没有可检查的标题")
    for where, title, prov in titled:
        ctx.checked += 1
        for m in re.finditer(r"(\d{4})\s*年", title):
            if int(m.group(1)) != year and abs(int(m.group(1)) - year) < 10:
                ctx.report(Fail(key=f"{where}|{m.group(1)}", location=Location(section=str(where)),
                                expected=f"{year}年", found=m.group(0), fields={"year": year},
                                evidence=[Evidence(role="标题", text=title, provenance=prov)]))


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
    # a budget is approved by the people's congress around the turn of the year (the earliest
    # local sessions sit in late December) and published within weeks of its 批复: a budget
    # signed before December of the year before was signed before it could be approved. Final
    # accounts are drawn up after their year ends and published the year after
    first, last = (date(year + 1, 1, 1), date(year + 1, 12, 31)) if ctx.disc.meta.phase == "决算" \
        else (date(year - 1, 12, 1), date(year, 12, 31))
    if first <= signed <= last:
        return
    ctx.report(Fail(key="signature", location=Location(section="落款"), found=signed.isoformat(),
                    expected=f"{first.isoformat()} 至 {last.isoformat()}", fields={"year": year},
                    evidence=[Evidence(role="落款", text=signed.isoformat(),
                                       provenance=ctx.disc.meta.signature_provenance)]))
