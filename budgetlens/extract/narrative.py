"""第三部分 情况说明 → sections and typed claims; 名词解释 → glossary.

A sentence is scanned left to right. Every amount, percentage and count becomes a claim;
its subject is the words in front of it in the same clause, or, for 占/比上年/增长 phrases
and bare 价值/预算数为, the subject of the claim before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ..identities import WAN_SHIFT
from ..model import (Claim, Disclosure, GlossaryEntry, IndicatorTarget, ItemList, ListItem, ParseIssue, PerformanceIndicator,
                     PerformanceFund, PerformanceTable, ProjectInfo, Provenance, Section, Subject)
from ..model.built import built
from ..readers import SourceDocument
from ..readers.pictures import PICTURED_FORMATS
from ..readers.workbook import UNREAD_ERROR, UNREAD_FORMULA
from ..segment import Segmentation
from ..text import FOLIO_LINE, MD_MARKS, PLUS_MARKS, SIGN_MARKS, memoised, parse_amount, squeeze, squeezed, strip_markup
from .perf_text import (LEVEL1_NAMES, PRIOR_NAMES, TextRows, cut_rows, indicator_target, joined_value, names_weight,
                        prior_column, text_funds, weight_header)
from .subjects import PRINTED_CODE, FunctionIndex, first_concept, resolve_subject

SECTION = re.compile(r"^([一二三四五六七八九十]+)[、.．]\s*(.*)$")
SUBSECTION = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]\s*(.*)$")
ENUM = re.compile(r"^(\d{1,2}[、)）]|\d{1,2}[.．](?!\d)|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+[、.．]|-\s)")
SECTION_END = re.compile(r"(说明|情况|事项|明细表?|解释|经费预算|预算安排)$")
# The lookahead states what a match starts with (a comparison sign or a digit): without it the
# engine enters the optional group at every character, several times slower. Optional parts
# are written as an alternative with an empty branch ("(X|)", same matches as "(X)?", an absent
# cmp or after group is "" rather than None): the engine's repeat machinery costs more.
# A figure's negative mark: a minus (-, full-width －, −) or an accountant's △/▲ right before it
# (not after a digit or a letter: "2024-2026年", "A-1"), or brackets around it right before its
# unit, as a table prints a negative: "结转结余（10.50）万元". Brackets that hold words or the unit
# ("（上年：120.00万元）", "（含XX 10.50万元）", "比上年预算（93.40万元）") are asides, not signs.
# A plus before a figure says it is positive ("增减+12.50万元", "比上年+12.50万元": an increase).
NEGATIVE_MARKS = tuple(SIGN_MARKS)
SIGNS = (*NEGATIVE_MARKS, *PLUS_MARKS)
MARK = f"[{re.escape(SIGN_MARKS)}]"
ANY_MARK = f"[{re.escape(SIGN_MARKS + PLUS_MARKS)}]"       # a sign either way
# a figure's own units, in the order NUMBER tries them (人次 before 人)
# (名 counts people as 人 does, "编制25名", "在职20名": not in 名称, 名单, 名录, 名义)
UNITS = ("万元", "亿元", "元", "%", "％", "个", "人次", "人", "名(?![称单录义])", "辆", "台", "套", "平方米", "家", "项",
         "批次", "次", "倍")
SHARED_UNITS = ("万元", "亿元", "%", "％")                  # one written after a run of figures
# a bound's note whether it is in the range, before or after 以上/以下: "100万元（含）以上",
# "50万元（含50万元）以上", "以上（含本数）", "（不含）以下" (its figure repeats the bound: no claim
# of its own); "50万元及以上" says it too
# what a price is per ("200 元/人", "150 元/人·天", "元/天/人"): measure words only, so that
# the words after one ("元/人次标准") are not taken in
PER_WORD = re.compile(r"人次|人·天|人天|人日|平方米|公里|小时|课时|[人天日次月年辆台套件个户间张份本批场期吨座所名家项亩㎡]")
PER_UNIT = re.compile(rf"(?:\s*/?\s*(?:{PER_WORD.pattern}))+")
BOUND_NOTE = r"[（(]\s*不?含(?:本数|\s*\d[\d,]*(?:\.\d+|)\s*(?:万元|亿元|元|万)|)\s*[）)]"
IN_BRACKETS = r"\d[\d,]*(?:\.\d+|)[）)]\s*(?:万元|亿元|元|%|％)"    # what follows a bracket that is a sign
NUMBER = re.compile(
    r"(?=[≤≥<>=＜＞\d（(\-－−△▲+＋])(?P<cmp>[≤≥<>=＜＞]=?\s*|)"
    rf"(?P<sign>(?<![\dA-Za-z.]){MARK}(?=\d)|(?<![\d.])(?P<open>[（(])(?={IN_BRACKETS})|)"
    r"(?P<plus>(?<![\dA-Za-z.])[+＋](?=\d)|)"
    # (possessive: a shorter num leaves a digit, "," or "." next, which nothing after it takes)
    r"(?<![\d.])(?P<num>\d[\d,]*+(?:\.\d++|))(?(open)[）)])\s*"
    rf"(?:(?P<unit>{'|'.join(UNITS)}"
    # a bare 万 ("增加 5 万，增长…") is 万元; before a word it counts something else (万人次), before a
    # digit it is a cell run into the next (a grid row's joined text)
    r"|万(?=以上|以下|/|[^\u4e00-\u9fffA-Za-z0-9]|$))"
    # "分别减少 10.00、5.00 万元": the unit written once after a run of figures is each one's
    rf"|(?=(?:\s*[、和及]\s*{ANY_MARK}?\d[\d,]*(?:\.\d+|))+\s*(?P<shared>{'|'.join(SHARED_UNITS)})))"
    rf"(?P<after>(?:{BOUND_NOTE}\s*|)(?:及|)(?:以上|以下)(?:\s*{BOUND_NOTE}|)|/|)")


def open_bracket(text: str) -> int:
    """Where the last bracket left open in text opens, or -1."""
    at = max(text.rfind("（"), text.rfind("("))
    return at if at >= 0 and max(text.rfind("）"), text.rfind(")")) < at else -1


def qualified(before: str, sentence: str, m: re.Match) -> tuple[str | None, str]:
    """(the qualifier of the figure m, the words before it without the qualifier's)."""
    q = QUALIFIER.search(before)
    if q is not None:
        return QUALIFIED[q.group(1)], before[:q.start()]
    return ("approx" if sentence.startswith("左右", m.end()) else None), before


def unit_of(m: re.Match) -> str | None:
    """A figure's unit: its own, or the one written once after its run ("10.00、5.00 万元")."""
    return m.group("unit") or m.group("shared")


def in_run(m: re.Match, text: str) -> bool:
    """A figure without a unit of its own belongs to the run whose unit follows only where words
    lead up to it ("分别减少 10.00、5.00 万元"): after a mark or at the start, "2、" numbers a
    list item ("；2、30万元以上的项目")."""
    if m.group("unit") is not None:
        return True
    before = text[:m.start()].rstrip()
    return before[-1:].isalpha()


# Words that make a figure inexact, right before it ("减少约 136.57 万元", "超过 240 万元") or, 左右,
# right after it; "超过…的" before a noun is a threshold ("超过 50 万元的项目"), not a bound
QUALIFIER = re.compile(r"(大约|约为|(?<![节制契简公条预集签履合违])约|将近|接近|(?<![最附临就])近|超过|逾|不到|不足|不超过)\s*$")
QUALIFIER_TAILS = ("约", "近", "为", "过", "逾", "到", "足", " ")
QUALIFIED = {"大约": "approx", "约为": "approx", "约": "approx", "将近": "approx", "接近": "approx", "近": "approx",
             "超过": "over", "逾": "over", "不到": "under", "不足": "under", "不超过": "under"}


# The words of a change, once: each pattern below takes the set it reads, and the tail tuples
# its fast endswith test needs are made from the same words (a word added here reaches both)
MOVES = ("增加", "减少", "增长", "下降", "持平")
CUT_VERBS = ("压减", "缩减", "压缩")                                 # a cut: a decrease
CHANGE_VERBS = (*MOVES, *CUT_VERBS)                                 # after a comparison stated before
# other offices' verbs of a change after a comparison: "比上年提高/上涨/调增 X 万元", "较上年预算
# 调减/下调 X 万元", "比上年减支 X 万元", "比年初预算节约/超支 X 万元" (only after one: 调增/调减 alone
# may say a budget was adjusted)
RAISE_VERBS = ("提高", "上涨", "调增", "上调", "增支", "超支")
LOWER_VERBS = ("调减", "下调", "减支", "回落", "节约", "节支")
TREND_VERBS = (*MOVES, "上升", "降低", *CUT_VERBS, *RAISE_VERBS, *LOWER_VERBS)   # "比上年…增加", "比年初预算…增加"
CHANGE_WORDS = (*TREND_VERBS, "降幅", "减幅", "增幅", "涨幅")         # what ends a change's subject words
LAST_YEAR = r"(?:上年度?|上一年度?|去年度?|\d{4}\s*年(?:度)?)"
# which of last year's figures: 上年执行数 …; "上年预算执行数", "上年预计执行数" are what was spent
# (执行数, its 数 may be left out), not the budget: tried before 预算, which would stop at their
# first two characters
LAST_YEARS_FIGURE = r"(?:预算执行数?|预计执行数?|预算数?|执行数|决算数?|年初预算)"
# "低于上年预算 X 万元", "超过上年 X 万元": a comparative before last year is a change too
COMPARATIVES = ("高于", "低于", "大于", "小于", "多于", "少于", "超过", "超出")
COMPARED = re.compile(rf"(?:{'|'.join(COMPARATIVES)}){LAST_YEAR}")
# a template's words for either way, left as printed ("增加（减少）", "增长（下降）", "增（减）"):
# the figure's sign says which way, as after 增减 (word_direction)
EITHER_WAY = r"(?:增加|增长|上升)[（(](?:减少|下降|降低)[)）]|增[（(]减[)）]"
EITHER_WAY_TAILS = ("少）", "少)", "降）", "降)", "低）", "低)", "减）", "减)")            # its endings
# "与上年同口径相比": the comparison made on the same basis (the scope, not the item)
SAME_BASIS = "(?:同口径|可比口径|)"
# the verb: group 2 after a comparison ("比上年…减少", "比上年少"), group 3 a comparative
CHANGE_WORD = re.compile(rf"(?:(比{LAST_YEAR}|较{LAST_YEAR}|与{LAST_YEAR}{LAST_YEARS_FIGURE}?{SAME_BASIS}相比[，,]?|同比)[^，,。；]*?"
                         rf"({EITHER_WAY}|{'|'.join(TREND_VERBS)}|增减|多|少)|({'|'.join(COMPARATIVES)}){LAST_YEAR}{LAST_YEARS_FIGURE}?)"
                         rf"[了]?\s*{ANY_MARK}?\s*$")
RATE_VERBS = ("增长", "下降", "减少", "增加", "上升", "降低", "压减", "缩减", "降幅", "减幅", "增幅", "涨幅", "增减",
              *RAISE_VERBS, *LOWER_VERBS)
# ("减幅达 41.36%", "增长达到 5%": the rate; not "下降到 41%", a level)
RATE_WORD = re.compile(rf"({EITHER_WAY}|{'|'.join(RATE_VERBS)})(?:率|幅度)?(?:[了为]|达到?)?\s*{ANY_MARK}?\s*$")
# the last character a RATE_WORD match can end with, spaces aside (its sign, 了/为/达到, 率/幅度, its word)
RATE_TAILS = tuple(sorted({*SIGNS, "了", "为", "达", "到", "率", "度", "）", ")", *(verb[-1] for verb in RATE_VERBS)}))
# "比上年预算（X 万元）", "比上年预算数 X 万元减少", "与上年预算数 X 万元相比": last year's figure named
COMPARED_TO = re.compile(rf"(?:比|较|与){LAST_YEAR}{LAST_YEARS_FIGURE}?的?\s*$")       # (较上年的 X 万元)
# the figure named after last year in words that state one: "上年预算数为", "上年度的执行数",
# "上年基本支出预算数" (an item's name may stand between)
PRIOR_FIGURE = re.compile(rf"度?的?[^\d，,。；;：:]{{0,12}}?({LAST_YEARS_FIGURE})")
BASIS = re.compile(rf"(比|较|与|于|超过|超出){LAST_YEAR}({LAST_YEARS_FIGURE})?")
# a year the words before a figure name as the figure's, not as a date ("截至2024年底", "2024年12月")
NAMED_YEAR = re.compile(r"(?<![\d至止到])(\d{4})\s*年度?(?!底|末|\s*\d|以来|起|以前|前|后|之)")
# the year of the last comparison before a figure (group 1; none where it says 上年 in words)
# (与 only before 相比 or 持平: "2024年与2025年均未安排" joins two years, compares nothing)
COMPARED_YEAR = re.compile(r"(?:比|较|于|超过|超出|与(?=[^，,。；;]{0,16}?(?:相比|持平|一致)))\s*(?:(\d{4})\s*年|上一?年|去年)")
# what a figure of the item named before is ("车辆 3 辆，账面原值 80.00 万元": the vehicles' value)
VALUE_WORDS = ("价值", "金额", "原值", "账面原值", "账面价值", "账面净值", "净值", "资产原值")
# a line that announces details ("具体情况如下：", "…支出决算主要情况如下：", "详见下表："): the
# figures that follow are of the parts, not of a whole it may name, so it heads no item
DETAILS_FOLLOW = re.compile(r"(?:如下|以下|下表|附表)[^，,。；;]{0,4}[:：]$")
# words that speak of the item stated before: "该项支出", "此项经费", "这部分资金", "这笔资金" (not
# "这一因素": a cause's share of a change is no change of the item; nor "该项目", "该单位")
ANAPHOR = re.compile(r"^(?:这一?|该|此)(?:项|部分|笔|类)?(?:支出|经费|资金|费用|收入|预算)$|^(?:这一?|该|此)(?:项|部分|笔)$")
ANAPHOR_FIRST = "这该此"
GENERIC = re.compile(r"^(其中|合计|共计|总计|为|是|预算数?为?|\d{4}年(度)?(预算数?为?)?|本年度?(预算)?数?|预算安排规模|"
                     rf"{'|'.join(VALUE_WORDS)}|规模|"
                     r"主要包括|安排|(预算)?支出(合计)?)$")
# (a list's marks, "一是…二是…" too: "二是压减公用经费", "三是项目支出减少 X 万元"; "即" of a
# restatement: "…，即人员经费减少 X 万元", not 即时)
DROP = re.compile(r"^(其中[:：]?|\d+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|[-•]\s*|[一二三四五六七八九十]是[:：，,]?"
                  r"|即(?![时将便使刻]))")
# (with the day of a date: "截至2024年12月31日本部门资产总额" — the figure's time, not its item)
YEAR_PREFIX = re.compile(r"^.*?\d{4}年(?:度|底|末|\d{1,2}月(?:\d{1,2}日)?(?:底|末)?)?止?的?")
CN = "一二三四五六七八九十"
FIELDS = "设立的政策依据|政策依据|项目承担单位|资金分配情况|资金执行时间|执行时间|预算安排规模"
ITEM_AMOUNT = re.compile(r"^(?:主要用于)?(.*?)(\d[\d,.]*)\s*(万元|元)$")
PERF_TITLE = "绩效目标表"
CUT_AMOUNT = re.compile(r"^(\d[\d,.]*\s*)?(万元|元|%)[。，,；]?$")
CUT_ENDS = ("元", "%", "。", "，", ",", "；")         # how a CUT_AMOUNT line can end
CUT_LAST = "".join(CUT_ENDS)                         # (each one character)
LINE_ENDS = ("。", "：", ":", "；", ";")     # a line ending so ends its sentence
INCLUDES = re.compile(r"(主要)?包括[:：]")
HEAD_SPLIT = re.compile(r"[。；;]")
PART_SPLIT = re.compile(r"[；;]")
ITEM_SPLIT = re.compile(r"[、，,]")
PERF_PROJECT = re.compile(r"项目名称(.+?)(项目负责人|$)")
# the money unit a performance table states: "项目资金(元)", "（单位：万元）", "金额单位：元"
PERF_UNIT = re.compile(r"[（(]\s*(?:金额)?(?:单位[:：]\s*)?(万元|元)\s*[）)]|单位[:：]\s*(万元|元)")
PERF_AMOUNT = re.compile(r"(年度预算总额|年度资金总额|资金总额)[:：]?(\d[\d,.]*)")
NOUN = re.compile(r"[^\d，,。；;]*")
FIELD_PREFIX = re.compile(r"^([（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])\s*")
PROJECT_NAME = re.compile(r"^项目名称[:：](.*?)(?=(" + FIELDS + r")[:：]|$)")
PROJECT_FIELDS = [(label, re.compile(label + r"[:：](.*?)(?=(" + FIELDS + r")[:：]|$)"), attr)
                  for label, attr in (("设立的政策依据", "policy_basis"), ("项目承担单位", "undertaker"),
                                      ("资金执行时间", "period"), ("执行时间", "period"))]
PROJECT_SCALE = re.compile(r"预算安排规模[:：]\s*(\d[\d,.]*)\s*(万元|亿元|元)")
PROJECT_ALLOCATION = re.compile(r"资金分配情况[:：](.*?)(?=资金执行时间[:：]|$)")
NEXT_TABLE = re.compile(r"^(预算单位|项目名称|部门名称)")
# the cell before the name of the unit a performance table is of (not 主管部门: a unit's table
# prints its department there)
PERF_OWNER = re.compile(r"^(预算单位|单位名称|部门名称|部门[（(]单位[）)]名称)")
# the label of a performance table's 年度目标, and what the lines after it end at
GOAL_LABELS = ("年度绩效目标", "项目总体目标", "年度总体目标", "项目年度目标", "年度目标", "总体目标")
# (a line of the goal's own words is a sentence's: it has a comma or a full stop)
GOAL_ENDS = ("年度预算", "一级", "绩效指标", "资金来源", "项目资金", "财政资金", "其他资金", "年度资金", "资金总额",
             "产出指标")
TOTAL_FIELD = re.compile(r"^(年度预算总额|年度资金总额|资金总额)")
NON_DIGITS = re.compile(r"^\D+")
FUNDED_BY = re.compile(r"本级安排|上级安排")
# the 其他资金 line of a 部门整体绩效目标表 (其他资金（万元） | 其他 | 30.00): its last label cell
OTHER_FUNDS = re.compile(r"^其他(?:资金)?$")
HAS_YEAR = re.compile(r"\d{4}年")
# (not a name the unit's words head: 部门预算 is the whole budget, "本部门2026年部门预算支出")
OWN_UNIT = re.compile(r"^(本部门|本单位|单位|部门)(?!资金|经费|运行|预算(?:支出|收入|总额|合计)(?:总额|合计)?$)")
# a sentence that opens with a reason ("主要是…", "主要原因是…", "由于…") names no item of its own
REASON_FIRST = re.compile(r"(?:主要原因|原因)(?:是|为|系|在于)|主要(?:是|系(?!统)|由于|因为)|由于|因为")
REASON_LEAD = re.compile(rf"^(?:{REASON_FIRST.pattern})[：:，,]?\s*")
REASON_HEADS = ("主要", "原因", "由于", "因为")          # how REASON_LEAD's words start
ON_LAST_YEAR = re.compile(rf"(比|较){LAST_YEAR}|与{LAST_YEAR}{LAST_YEARS_FIGURE}?{SAME_BASIS}相比|同比")
# a 决算's figure against the same year's budget: "比年初预算增加 X 万元", "与调整预算相比减少"
VS_BUDGET = r"(?:比|较)(?:本年|当年|本年度)?(年初|调整|全年|)预算数?|与(?:本年|当年|本年度)?(年初|调整|全年|)预算数?相比"
ON_BUDGET = re.compile(VS_BUDGET)
BUDGET_WORDS = re.compile(VS_BUDGET + r"|超出?(?:年初|调整|全年|)预算"      # where a subject's words end
                          r"|(?:大于|小于|高于|低于|多于|少于)(?:年初|调整|全年|)预算")
# the bases BUDGET_CHANGE_WORD gives ("预算": the budget unnamed, 年初预算 or else 调整预算)
BUDGET_BASES = ("年初预算", "调整预算", "全年预算", "预算")
# (a comparative before the budget, "决算数大于年初预算数 X 万元": the excess or shortfall, groups 6, 7)
BUDGET_CHANGE_WORD = re.compile(rf"(?:{VS_BUDGET})[，,]?[^，,。；]*?({'|'.join(TREND_VERBS)}|多|少)[了]?\s*$"
                                r"|超出?(年初|调整|全年|)预算数?\s*$()"
                                r"|(大于|小于|高于|低于|多于|少于)(年初|调整|全年|)预算数?\s*$")
CHANGE_END = re.compile(rf"({EITHER_WAY}|{'|'.join(CHANGE_WORDS)}|增减)(率|幅度|额|(?<=增减)(?:变动|变化)(?:额|数)?)?"
                        rf"(?:[为了]|达到?)?{ANY_MARK}?$")
# an adverb between an item and its change's verb: "人员经费相应减少 X 万元"
# (and "即": "比上年下降 41.36%，即减少 X 万元", the same change in money)
CHANGE_ADVERB = re.compile(r"(?:相应地?|随之|同步|也|亦|即)$")
CHANGE_ADVERB_TAILS = ("相应", "地", "随之", "同步", "也", "亦", "即")
# (the currency named before a figure is no part of its subject: "合同金额为人民币 50 万元")
VERB_END = re.compile(r"(?:(?:为|是|共|合计|共计|达到?)(?:人民币)?|人民币)$")
SENTENCE_CUT = re.compile(r"[。；;]")
# up to and with the last clause mark (a comma, semicolon or colon): one match instead of
# six rfind calls per number
LAST_MARK = re.compile(r".*[，,；;：:]", re.S)
HAS_NUMBER = re.compile(r"\d")
# an item's number in front of its heading: "1.", "（一）", "二、"
ITEM_MARK = re.compile(r"^\s*(?:\d{1,2}[、)）.．]|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+[、.．])\s*")
# "完成年初预算的 104.07%", "为预算的 95%", "预算完成率 98%": the year's actual over its budget
COMPLETION = re.compile(r"(?:完成|达到|为|占)(年初|调整|全年)?预算(?:数|金额)?的?\s*$"
                        r"|(年初|调整)?预算(?:执行|完成)率(?:为|是|达到)?\s*$")
# "为年初预算数 500.00 万元的 104.07%": the budget stated inside the phrase
COMPLETION_OF = re.compile(r"(?:为|是|达到|占)(年初|调整|全年)?预算(?:数|金额)?(?:为)?\s*[\d,.]+\s*万?元的\s*$()")
# what a share is of: "占本年支出合计的" → 本年支出合计 (empty when the sentence does not say)
SHARE_WHOLE = re.compile(r"^(?:本单位|本部门)?(.*?)(?:总额|总数)?(?:的)?(?:比重|比例)?(?:为|是)?$")
# words that name only a phase of the item the sentence is about: "年初预算为", "支出决算为"
PHASE_ONLY = re.compile(r"^(?:其中|为|是)?(年初预算|调整预算|全年预算|预算|支出决算|决算|实际支出)(?:数|金额)?(?:为|是)?$")
# a budget's words that name only which figure of the item the paragraph is about: "2024年预算安排
# X 万元", "2023年当年预算执行数为 P 万元" (Shanghai), "上年预算数为 P 万元"
BUDGET_PHASE_ONLY = re.compile(r"^(?:当年|本年度?|上年度?)?(?:预算安排|预算执行数|预计执行数|预算数?)(?:为|是)?$")
BUDGET_PHASE = re.compile(r"年初预算|调整预算|全年预算|预算数|预算为|预算安排")
SHARE_OF = re.compile(r"占[^，,。]{0,12}$")
SHARE_END = re.compile(r"占比?\s*$")
# "占一般公共预算财政拨款支出总额的 10.00%": a share whose whole is named at length, past the
# last 12 characters SHARE_OF reads (占用/占有/占地 name no share; a rate word at the end is tried first)
LONG_SHARE = re.compile(r"(?<![挤侵霸])占(?!用|有|地)[^，,。；;]{11,40}$")
# what makes such words a share's change, not a share ("占…的比重较上年提高 1.50%")
SHARE_MOVED = re.compile(r"较|比(?![重例率])|提高|提升|降低|下降|上升|增加|减少|扩大|缩小")
# a share compared with last year's in the figure's own clause
SHARE_CHANGE = re.compile(rf"占[^，,。；;]*?(?:(?:比|较){LAST_YEAR}|同比)")
CHANGE_VERB = re.compile(rf"({EITHER_WAY}|{'|'.join(CHANGE_VERBS)})了?\s*$")
# a change named by its sum: "增减额 -35.22 万元", "减少额为 12.00 万元" (the sign says which way after 增减)
# (and a template's 增减变动, 增减变化: "增减变动 -195.97 万元", its sign the direction)
CHANGE_SUM = re.compile(rf"({EITHER_WAY}|{'|'.join(CHANGE_VERBS)}|增减)(?:额|(?<=增减)(?:变动|变化)(?:额|数)?)"
                        r"[为是]?\s*[:：]?\s*$")
# a change of money named by its move alone, which way unsaid: "人员经费变动数 12.00 万元", "变动 12 万元",
# "变化额为 -3.00 万元" (a figure of the change, not of the item; its sign, if any, says which way)
MOVED = re.compile(r"(?:变动|变化)(?:额|数|金额)?[为是]?\s*[:：]?\s*$")
MOVED_TAILS = ("变动", "变化", "额", "数")      # how a subject's words MOVED ends can end (spaces, 为 cut)
CHANGE_SUM_TAILS = ("额", "额为", "额是", "额:", "额：", *(f"{word}{tail}" for word in ("变动", "变化")
                                                        for tail in ("", "为", "数", "数为", "：", ":")))
# a list mark before an allocation item: "1.", "2、", "（1）", "一、" (not "1.5万元")
ALLOCATION_MARK = re.compile(r"^\s*(?:\d{1,2}(?:[、)）]|[.．](?!\d))|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+[、.．])\s*")
ALLOCATION_MARK_FIRST = " 0123456789（(一二三四五六七八九十"
ALLOCATION_SPLIT = re.compile(r"[，；;、]|,(?!\d{3})")     # not a thousands separator (60,000.00元)
ALLOCATION_PARTS = re.compile(rf"({ALLOCATION_SPLIT.pattern})")      # the marks kept
GLOSSARY_ENTRY = re.compile(rf"^(?:[{CN}\d]+[、.．]|[（(][{CN}\d]+[）)])\s*[“\"]?(.{{2,20}}?)[”\"]?[:：](.+)$")
DATED = re.compile(r"^\d{4}年\d")
JOINED = re.compile(r"^涉及(预算)?(金额|资金)|^涉及\S{0,10}(拨款|资金|金额|支出|经费)$")     # "…项目4个，涉及一般公共预算拨款 X"
FISCAL_LABEL = re.compile(r"^其中[:：]?\s*财政(?:拨款?|资金)?")
OTHER_TEXT = re.compile(r"其他资金[:：]?\s*(\d[\d,]*(?:\.\d+)?)(?![\d.,]|\s*[万元%％])")
LEADING_AMOUNT = re.compile(r"^\s*(\d[\d,]*(?:\.\d+)?)(?![\d.]|\s*[%％年月日个人])")
WORDISH = re.compile(r"[\u4e00-\u9fff\dA-Za-z]")     # a cell with more than OCR specks
PERF_YEAR = re.compile(r"^[（(]\s*(\d{4})\s*年(?:度)?\s*[）)]$")


def claim_of(fields: dict) -> Claim:
    """The Claim of the fields add_claim gathered: every field of a Claim in declared order,
    each of its declared type (its provenance a built Provenance), so the dict becomes the
    model's own without a copy or validation (model/built.py; tests/test_built.py compares
    them with validation on the seeds). The walk reads the dicts no more once it ends."""
    return built(Claim, fields)


def in_unit(amount: dict, unit: str) -> Decimal | None:
    """An amount claim's value in `unit`: the implied prior of a change is stated in the change's
    own ("243.90万元，比上年减少1,365,700元": 2,439,000 元); None when a unit is no money's."""
    if amount["unit"] == unit:
        return amount["value"]
    if amount["unit"] in WAN_SHIFT and unit in WAN_SHIFT:
        return amount["value"].scaleb(WAN_SHIFT[amount["unit"]] - WAN_SHIFT[unit])
    return None


def list_item(text: str) -> ListItem | None:
    """'基本工资 78.27 万元' → item with amount; a bare name → item without; '' → None."""
    text = text.strip()
    m = ITEM_AMOUNT.match(text)
    parsed = parse_amount(m.group(2)) if m else None
    if m and m.group(1) and parsed:
        return built(ListItem, {"name": m.group(1).strip(), "amount": parsed[0], "unit": m.group(3)})
    return built(ListItem, {"name": text, "amount": None, "unit": None}) if text else None


@dataclass(slots=True)
class Para:
    text: str                        # grid rows: the cells run together, as a reader sees the line
    starts: list[tuple[int, int]]   # (offset in text, line number)
    # a one-line paragraph of iter_paragraphs: its line as printed, spaces kept (raw_text reads
    # it without looking the line up again); None: look it up by its number
    raw: str | None = None
    grid: bool = False
    cells: list[str] | None = None   # grid rows: the cells, each cleaned
    # money printed in Chinese numerals that text holds in digits: (start, end in text, the
    # printed words); claims quote and locate the printed words (None: text is as printed)
    subs: list[tuple[int, int, str]] | None = None
    printed_text: str | None = None        # with subs: the text as printed
    printed_starts: list[int] | None = None     # with subs: where each line starts in it

    def join(self, text: str, no: int) -> None:
        """The next line of the paragraph."""
        self.starts.append((len(self.text), no))
        self.text += text

    def read(self) -> Para:
        """The paragraph as the claims read it, once it is whole: without specks (without_specks),
        money in Chinese numerals in digits (read_money)."""
        text = self.text
        # SPECK needs a unit after its mark, and read_money a 元: most paragraphs (a performance
        # table's lines) have neither, and a substring test costs less than a search or a call
        if "元" in text:
            if not self.grid and SPECK.search(text) is not None:
                self.text = without_specks(text)
            return self.read_money()
        if ("%" in text or "％" in text) and not self.grid and SPECK.search(text) is not None:
            self.text = without_specks(text)        # (one character for one: still no 元)
        return self

    def read_money(self) -> Para:
        """Money printed in Chinese numerals written in digits, once the paragraph is whole (a
        figure may be wrapped over two lines: "一百六" / "十二点二四万元")."""
        if "元" not in self.text or CN_MONEY.search(self.text) is None:
            return self
        text, subs = money_in_digits(self.text)
        if subs:
            self.printed_text, self.printed_starts, self.subs = self.text, [off for off, _ in self.starts], list(subs)
            self.starts = [(self.read_at(off), no) for off, no in self.starts]
            self.text = text
        return self

    def read_at(self, offset: int) -> int:
        """Where a printed offset stands in text; inside a figure in Chinese numerals, at its end
        (a line that starts inside one: the figure is of the line it starts on)."""
        shift = 0               # offset in text less the printed offset, before each figure
        for start, stop, words in self.subs:
            printed = start - shift
            if offset <= printed:
                break
            if offset < printed + len(words):
                return stop
            shift += (stop - start) - len(words)
        return offset + shift

    def printed_at(self, offset: int, end: bool = False) -> int:
        """Where an offset of text stands in the printed words; inside figures read from Chinese
        numerals, at their start (or, end: their end)."""
        shift = 0
        for start, stop, words in self.subs or ():
            if offset <= start:
                break
            if offset < stop:
                return start + shift + (len(words) if end else 0)
            shift += len(words) - (stop - start)
        return offset + shift

    def printed(self, start: int, end: int) -> str:
        """text[start:end] as printed (Chinese numerals as words)."""
        if not self.subs:
            return self.text[start:end]
        return self.printed_text[self.printed_at(start):self.printed_at(end, True)]

    def printed_line_start(self, line: int) -> int:
        """Where the printed line starts in the printed words."""
        return next(at for at, (_, no) in zip(self.printed_starts, self.starts) if no == line)

    def locate(self, offset: int) -> tuple[int, int]:
        """(line number, offset in the text where that line starts) of an offset."""
        if len(self.starts) == 1:          # most paragraphs are one line
            return self.starts[0][1], self.starts[0][0]
        start, line = self.starts[0]
        for s, no in self.starts:
            if s > offset:
                break
            start, line = s, no
        return line, start

    def lines_of(self, start: int, end: int) -> tuple[int, int, int]:
        """locate(start) and line_at(end) in one call (a claim needs both)."""
        if len(self.starts) == 1:          # most paragraphs are one line
            return self.starts[0][1], self.starts[0][0], self.starts[0][1]
        return (*self.locate(start), self.line_at(end))

    def line_at(self, offset: int) -> int:
        if len(self.starts) == 1:
            return self.starts[0][1]
        line = self.starts[0][1]
        for start, no in self.starts:
            if start > offset:
                break
            line = no
        return line


FULLWIDTH_NUMBERS = str.maketrans("０１２３４５６７８９％", "0123456789%")
FULLWIDTH_POINT = re.compile(r"(?<=\d)．(?=\d)")
FULLWIDTH_ANY = re.compile("[０１２３４５６７８９％．]")
# a thousands separator between full-width digits ("１，７１９．０５"): a comma, not the sentence's
FULLWIDTH_GROUP = re.compile("(?<=[０-９])，(?=[０-９]{3}(?![０-９]))")
MID_SENTENCE = ("，", ",", "、", "；", ";", "：")


def narrow_digits(text: str) -> str:
    """Full-width digits, decimal points and percent signs as ASCII (one char for one: offsets hold)."""
    if not FULLWIDTH_ANY.search(text):    # translate looks up every character: only where needed
        return text
    if "，" in text:
        text = FULLWIDTH_GROUP.sub(",", text)       # one character for one: offsets hold
    text = text.translate(FULLWIDTH_NUMBERS)
    return FULLWIDTH_POINT.sub(".", text) if "．" in text else text


# clean_text is memoised itself: the helpers' own caches would keep every line a second and a
# third time, and a cache miss costs more than the helper's work on a short line
_strip_markup = getattr(strip_markup, "__wrapped__", strip_markup)
_squeeze = getattr(squeeze, "__wrapped__", squeeze)


# Every character clean_text may change: tags, "**" and "__", whitespace (heading and bullet
# marks are removed only with the space after them) and full-width digits. A line without any
# is clean already (most lines of a plain text): one scan instead of the three helpers.
MARKED_OR_WIDE = "<*_０１２３４５６７８９％．"      # (inside a character class: none needs escaping)
MAY_CHANGE = re.compile(rf"[\s{MARKED_OR_WIDE}]")
MARKUP_OR_WIDE = re.compile(rf"[{MARKED_OR_WIDE}]")       # what MAY_CHANGE finds besides whitespace


@memoised
def clean_text(text: str) -> str:
    """A line or cell as the claim patterns read it: no markup, no wrap spaces, ASCII digits
    (money written in Chinese numerals too: 十二万元 → 12万元)."""
    text = _clean_printed(text)
    if "元" in text and CN_MONEY.search(text) is not None:
        text = money_in_digits(text)[0]
    return text


@memoised
def clean_printed(text: str) -> str:
    """clean_text but for money in Chinese numerals, read once a paragraph is whole (Para.read_money)."""
    m = MAY_CHANGE.search(text)
    if m is not None and MARKUP_OR_WIDE.search(text, m.start()) is None and text.lstrip()[:1] not in MD_MARKS:
        # only whitespace to change (a text table's line, its cells a space apart): strip_markup
        # strips it and narrow_digits finds nothing, so squeeze alone (seed 3: 0.65 M instructions fewer),
        # its own test for whitespace aside: MAY_CHANGE found some
        text = squeezed(text.strip())
    elif m is not None:
        text = narrow_digits(_squeeze(_strip_markup(text)))
    if "，" in text and WIDE_COMMA.search(text) is not None:
        text = WIDE_GROUP.sub(lambda m: m.group(0).replace("，", ","), text)
    return text


# clean_text's own step, not memoised a second time: its cells (a grid row's) are cached by
# clean_text already, and clean_printed's cache would keep each again for no later hit
_clean_printed = clean_printed.__wrapped__


# ASCII digits grouped by a full-width comma, as a Chinese input method types them: "1，234.56万元"
# (else read as "1" and 234.56). Only groups of three that end in decimals or a 元: a list of
# small numbers ("1，2，3") or a clause's comma after a count stays a comma.
WIDE_GROUP = re.compile(r"(?<![\d.,，])\d{1,3}(?:，\d{3})+(?=\.\d|\s*[万亿]?元)")
# what every WIDE_GROUP match holds, a digit, the comma and three digits: the pattern opens with
# the comma, so the engine scans for it alone (WIDE_GROUP, opening with a lookbehind and a digit,
# is tried at every character of each line with a clause's comma)
WIDE_COMMA = re.compile(r"，(?<=\d，)\d{3}")


# a speck of dust a scan's OCR reads as a mark of its own between a figure and its unit
# ("12.50 · 万元", "12.50'万元"; or a line of its own, "·", the lines around it joined into
# "12.50·万元"). The pattern opens with the mark, so the engine scans for one; the figure
# before it is checked in without_specks. One search a paragraph (not a line: a call costs
# more than the scan)
SPECK = re.compile(r"[·•'‘’`.．](?=\s?(?:[万亿]元|元|%|％))")


def without_specks(text: str) -> str:
    """The specks between a figure and its unit as spaces (one character for one: the offsets
    of the paragraph's lines hold)."""
    return SPECK.sub(lambda m: " " if text[:m.start()].rstrip()[-1:].isdigit() else m.group(), text)


def as_read(printed: str) -> str:
    """A claim's printed sentence as a section's text holds it (money in Chinese numerals in
    digits: the rules read figures from that text)."""
    return money_in_digits(printed)[0] if "元" in printed and CN_MONEY.search(printed) is not None else printed


def money_in_digits(text: str) -> tuple[str, tuple[tuple[int, int, str], ...]]:
    """Money in Chinese numerals written in digits, and where: (start, end in the new text, the
    printed words)."""
    pieces, subs, at, length = [], [], 0, 0
    for m in CN_MONEY.finditer(text):
        digits = arabic_money(m)
        if digits == m.group(1):
            continue
        words, end = m.group(1), m.end()
        if text.startswith("元", end) and "." not in digits and (cents := CENTS.match(text, end + 1)):
            # "…柒元捌角玖分": the 角 and 分 are the amount's (1234567.89 元), not words after it
            digits += "." + CENT_DIGITS[cents.group(1) or "零"] + (CENT_DIGITS[cents.group(2)] if cents.group(2) else "")
            digits, words, end = digits + "元", words + text[end:cents.end()], cents.end()
        pieces.append(text[at:m.start()])
        length += m.start() - at
        subs.append((length, length + len(digits), words))
        pieces.append(digits)
        length += len(digits)
        at = end
    pieces.append(text[at:])
    return "".join(pieces), tuple(subs)


# Money in Chinese numerals: "网管费十二万元", "一千二百万元", "三点五万元", "两万元", and in the
# financial (大写) numerals contracts and payments print, "测评费叁万元", "壹佰贰拾万元整"; not a
# count (数百万元, 上千万元) nor one common numeral before a bare 元 (一元化: a 大写 one is money)
# (the pattern opens with its first numeral, so the engine scans for one; what may not stand before
# it is checked in arabic_money)
FINANCIAL_NUMERALS = "壹贰叁肆伍陆柒捌玖拾"
CN_MONEY = re.compile(rf"([一二三四五六七八九十两{FINANCIAL_NUMERALS}]"
                      rf"[〇零一二三四五六七八九十百千两点万亿{FINANCIAL_NUMERALS}佰仟]*?)(?=[万亿]元|元)")
NOT_BEFORE_MONEY = frozenset("数几上近多余第")
# the 角 and 分 after a 元 in numerals ("…元捌角玖分", "…元零伍分", "…元伍角"): group 1 the 角's
# digit, group 2 the 分's
CENT_NUMERAL = f"[一二三四五六七八九两{FINANCIAL_NUMERALS[:-1]}]"
CENTS = re.compile(rf"(?:零?({CENT_NUMERAL})角)?(?:零?({CENT_NUMERAL})分)?(?<=[角分])")
CENT_DIGITS = {"零": "0", "两": "2", **{c: str(n) for n, c in enumerate("一二三四五六七八九", 1)},
               **{c: str(n) for n, c in enumerate(FINANCIAL_NUMERALS[:-1], 1)}}


def arabic_money(m: re.Match) -> str:
    words = m.group(1)
    if m.start() and m.string[m.start() - 1] in NOT_BEFORE_MONEY:
        return words
    if len(words) == 1 and words not in FINANCIAL_NUMERALS and not m.string.startswith(("万元", "亿元"), m.end()):
        return words
    import cn2an          # (only where money is written in Chinese numerals)
    try:
        if "亿" in words and m.string.startswith("万元", m.end()):
            # "二亿零四百万元": 2 亿 and 400 万, 20400 万元 (not 2 亿 and 400, then 万)
            value = cn2an.cn2an(words + "万", "normal") / 10000
            value = int(value) if value == int(value) else value
        else:
            value = cn2an.cn2an(words, "normal")
    except (ValueError, KeyError):
        return words
    return str(value)


def paragraphs(doc: SourceDocument, lo: int, hi: int) -> list[Para]:
    """Join wrapped lines (plain text) into paragraphs; markdown lines are paragraphs already."""
    return list(iter_paragraphs(doc, lo, hi))


def iter_paragraphs(doc: SourceDocument, lo: int, hi: int):
    """The paragraphs one by one, each once the next one begins (until then an amount cut off
    onto its own line may still join it): the walk reads each while the rest are not built."""
    last: Para | None = None     # the newest paragraph, not yet given
    cur: Para | None = None      # the paragraph the next line may continue (None or last)
    # lines cut by the page width (a Word document's paragraphs are kept apart by empty lines,
    # the lines OCR read in its pictures are not: readers/grid.separate)
    wraps = doc.format in ("plain", "pdf", "bundle") or (doc.format in PICTURED_FORMATS and any(ln.ocr for ln in doc.lines))
    lines = doc.lines[lo:hi]
    clean_line = clean_printed
    plain = doc.format == "plain"
    for i, ln in enumerate(lines):
        raw, cells = ln.text, ln.cells
        blank = not raw or raw.isspace()        # cleans to "" (the cleaning removes whitespace)
        if blank and cells is None:         # what the steps below do with an empty line, at once
            if not wraps:
                cur = None
            continue
        # FOLIO_LINE first: one match fails most lines, where the call would cost several steps
        if wraps and not blank and FOLIO_LINE.match(raw) and is_page_number(lines, i):
            continue      # "…增加 40 / 24 / 万元": the page's number is not part of the sentence
        text = clean_line(raw) if (wraps or cells is None) and not blank else ""
        # (the substring test first: it fails most lines, and costs less than the method call)
        if wraps and PERF_TITLE in text and text.endswith(PERF_TITLE):
            wraps = False          # performance tables: one printed line per cell run, never joined
            if plain and cells is None:
                # the title is a paragraph of its own (it ends no cut amount, and with wraps off a
                # plain text joins no line): the rest as table_paragraphs reads them
                if last is not None:
                    yield last.read()
                yield from table_paragraphs(lines, i + 1, Para(text, [(0, ln.no)], raw))
                return
        if cells is not None:
            cur = None
            if last is not None:
                yield last.read()
            last = grid_para(ln)
            continue
        if not text:
            if not wraps:
                cur = None
            continue
        # (text is not empty: its last character in CUT_ENDS is text.endswith(CUT_ENDS), cheaper)
        if last is not None and text[-1] in CUT_LAST and not last.grid and is_cut_amount(text):
            last.join(text, ln.no)   # an amount cut off onto its own line
            cur = last
            continue
        joinable = wraps and cur is not None and not cur.grid and not cur.text.endswith(LINE_ENDS) \
            and not is_enum(text) and not (is_section(cur.text) and SECTION_END.search(cur.text))
        # markdown/OCR: a line that stops mid-sentence continues on the next line
        joinable = joinable or (not plain and cur is not None and not cur.grid and cur.text.endswith(MID_SENTENCE)
                                and not is_enum(text) and not is_section(text))
        if joinable:
            cur.join(text, ln.no)
            continue
        if last is not None:
            yield last.read()
        last = cur = Para(text, [(0, ln.no)], raw)         # (positional: a keyword call costs more)
    if last is not None:
        yield last.read()


def table_paragraphs(lines: list, start: int, last: Para):
    """iter_paragraphs of a plain text's lines from `start` on, past a performance table's title
    (last: its paragraph): no line is joined to the one before (wraps is off, and a plain text
    joins no line that stops mid-sentence) but an amount cut off onto its own line, and no line
    is a page's number (looked for only where lines wrap). The same steps without the tests
    that cannot succeed here (a plain text's performance tables: most of its narrative's lines)."""
    clean_line = clean_printed
    for ln in lines[start:]:
        raw = ln.text
        if ln.cells is not None:
            yield last.read()
            last = grid_para(ln)
            continue
        if not raw or raw.isspace():
            continue
        # (a line of letters alone, as most of such a table's words are, is clean already:
        # clean_printed changes none of its characters, and a test costs less than the call)
        text = raw if raw.isalpha() else clean_line(raw)
        if not text:
            continue
        if text[-1] in CUT_LAST and not last.grid and is_cut_amount(text):
            last.join(text, ln.no)   # an amount cut off onto its own line
            continue
        yield last.read()
        last = Para(text, [(0, ln.no)], raw)
    yield last.read()


def grid_para(ln) -> Para:
    """A grid row's paragraph: its cells run together, and each cleaned."""
    cells = ln.cells
    return Para(text=clean_printed(" ".join(cells)), starts=[(0, ln.no)], grid=True,
                cells=[clean_text(c) if c else "" for c in cells])


ENUM_FIRST = "（(-" + CN        # what an ENUM match starts with, besides a digit


def is_enum(text: str) -> bool:
    """ENUM matches (tried only where the first character allows it: most lines are prose)."""
    first = text[:1]
    return bool(first) and (first in ENUM_FIRST or first.isdecimal()) and ENUM.match(text) is not None


def is_cut_amount(text: str) -> bool:
    """CUT_AMOUNT matches: tried only on what starts and ends as it can (a digit or a unit
    first, a unit or a mark last): most lines are prose."""
    first = text[:1]
    return text.endswith(CUT_ENDS) and (first in "万元%" or first.isdecimal()) and bool(first) \
        and CUT_AMOUNT.match(text) is not None


def is_section(text: str) -> bool:
    return text[:1] in CN and SECTION.match(text) is not None


def is_page_number(lines, i: int) -> bool:
    """A page's printed number: "- 8 -" anywhere, a bare "24" only as a page's first or last line."""
    ln = lines[i]
    if ln.cells is not None:
        return False
    first = ln.text.lstrip()[:1]      # past its spaces, a page number opens with a dash, 第 or a digit
    if not first or not (first in "-—–－第" or first.isdecimal()):
        return False
    m = FOLIO_LINE.match(ln.text)
    if not m:
        return False
    if not m.group(1):
        return True
    if ln.page is None:
        return False
    prev = lines[i - 1].page if i > 0 else None
    nxt = lines[i + 1].page if i + 1 < len(lines) else None
    return (prev is not None and prev != ln.page) or (nxt is not None and nxt != ln.page)


def extract_narrative(doc: SourceDocument, seg: Segmentation, disc: Disclosure) -> None:
    spans = seg.spans("narrative")       # some templates print it before and after the tables
    if spans:
        # several narrative parts (Shanghai: 预算编制说明, 其他相关情况说明): each opens an
        # unnumbered section named by its title, so its text is kept and searched too
        groups = [(span.title if len(spans) > 1 else None, span.start + 1, span.end) for span in spans]
    else:
        lo = max((t.end for t in seg.tables), default=0)
        gloss = seg.part("glossary")
        hi = gloss.start if gloss and gloss.start > lo else len(doc.lines)
        groups = [(None, lo, hi)]
    if seg.performance:          # 绩效目标表 printed among the tables, before the narrative
        tables_ctx = Context(doc=doc, disc=disc)
        for start, end in seg.performance:
            tables_ctx.walk(iter_paragraphs(doc, start, end))
        tables_ctx.finish()
    ctx = Context(doc=doc, disc=disc)
    ctx.paren_sections = paren_sections(doc, spans)
    for title, start, end in groups:
        if title:
            ctx.open_part(title)
        ctx.walk(iter_paragraphs(doc, start, end))
    ctx.finish()
    glossary_part = seg.part("glossary")
    if glossary_part:
        disc.glossary = read_glossary(doc, glossary_part.start + 1, glossary_part.end)


def paren_sections(doc: SourceDocument, spans: list) -> bool:
    """The narrative numbers its sections (一)…, not 一、…: it prints no 一、 heading at all (as
    where its part is headed as a list's item, 二、…情况说明, and its sections are the item's
    sub-items; a part so headed may still print 一、关于… sections: those are its sections)."""
    if not spans:
        return False
    return not any(is_section(text := clean_printed(doc.lines[i].text)) and SECTION_END.search(text)
                   for span in spans for i in range(span.start + 1, min(span.end, len(doc.lines)))
                   if doc.lines[i].cells is None)


COLON_HEAD_ENDS = frozenset("：:。")      # how a paragraph Context.walk keeps as colon_head ends


class Context:
    """Walks the narrative, keeping the current section, project and performance table."""

    def __init__(self, doc: SourceDocument, disc: Disclosure):
        self.doc, self.disc = doc, disc
        self.index = FunctionIndex(disc)
        # a 决算 document: its figures are the year's actuals unless the words say 预算
        self.final = disc.meta.phase == "决算"
        year = self.year = disc.meta.year
        # (the item may be named between: "比2024年“三公”经费财政拨款预算减少", Beijing's wording)
        self.same_year = re.compile(rf"(?:比|较|与){year}\s*年度?(?:[^，,。；;\d]{{0,20}}?)(年初|调整|全年)?预算(?!执行)") \
            if self.final and year else None
        # last year's figure named as such ("上年预算数为", "2025年预算"), not a comparison with it
        # (比上年, 与上年相比) nor what it left over (上年结转结余: this year's money)
        last = rf"|{year - 1}\s*年" if year else ""
        # (度 optional inside the lookahead too: else 上年 matches and 度结转 passes it; "上年财政拨款
        # 结转" is last year's money carried over, this year's too); a year's
        # end or month dates a stock ("截至2025年底…价值"), not last year's budget
        self.prior = re.compile(rf"(?<![比较与同至])(?:上年|上一年{last})(?!度?(?:(?:财政拨款|非财政拨款|一般公共预算|政府性基金)?(?:结转|结余)|相比|同期相比)|底|末|\s*\d+\s*月)")
        self.phased_subjects: dict[tuple[int, str], tuple[Subject, Subject]] = {}
        self.section: Section | None = None
        self.project: ProjectInfo | None = None
        self.perf: PerformanceTable | None = None
        self.perf_header: Header | None = None
        self.perf_rows: TextRows | None = None      # a text table's indicator rows, past its header
        self.perf_head_seen = False
        self.perf_rows_from = 0             # the line of the header perf_rows reads under
        self.perf_unparted: list[int] = []  # lines of text rows whose basis and prior could not be parted
        # a text table's lines as printed (each with its paragraph's first line) from its header
        # on, where the weight ends no row (a header cut over lines, or with columns after the
        # weight): cut into tokens and read once the table ends (end_perf)
        self.perf_cut: list[tuple[str, int]] | None = None
        self.perf_goal: list[str] | None = None     # the 年度目标 lines, after its label
        self.fiscal_lines = 0           # text lines left in which a cut 财政拨款 label's amount may come
        # a grid row of fund labels side by side (年度资金总额 | 其中：财政拨款 | 其他资金), by
        # column: their amounts are in the row under it (fund_amounts)
        self.fund_heads: dict[int, str] = {}
        self.levels: list[str | None] = [None, None]
        self.prev_text = ""
        # the last amount of the sentence before: "…预算数为 X 万元。与上年相比增加 Y 万元" speaks of it
        self.carry: dict | None = None
        # the sentence before stated amounts of one item only (outside brackets): what "该项支出",
        # "这部分资金" at the next one's start speak of for certain
        self.carry_one = False
        # the paragraph before, where it is a heading that ends with its colon ("7、…（项）：") or a
        # numbered item of one sentence: what the next paragraph's phase-only figures are of
        # ("2025 年预算数为 X 万元")
        self.colon_head: str | None = None
        # the claims' fields, in order (add_claim), made Claims when the walk ends (finish)
        self.claims: list[dict] = []
        # the paragraph's changes so far: (where the figure ends in its text, the concept)
        self.para_changes: list[tuple[int, str]] = []
        # the last amount claim by (subject words, sentence): what a change in that sentence
        # is measured against, found without walking back over every claim
        self.amounts: dict[tuple, dict] = {}     # (words, sentence) or (words, sentence, phase)
        self.indicator_subjects: dict[str, Subject] = {}
        self.part_title: str | None = None
        # the narrative's sections are numbered (一), not 一、 (paren_sections)
        self.paren_sections = False
        # The current section's paragraphs, its text, lines and last line stored in the section
        # once it ends (close_section): pydantic assignments cost, a string grown by += is
        # copied, and one loop there costs less than the bookkeeping per paragraph.
        self.section_paras: list[Para] = []

    def provenance(self, line: int, line_end: int | None = None) -> Provenance:
        """A line's Provenance, built unvalidated (model/built.py): every field in declared order."""
        return built(Provenance, {"file": self.doc.path, "line": line, "line_end": line_end, "page": None,
                                  "bbox": None, "ref": None, "char_start": None, "char_end": None,
                                  "table": None, "row": None, "column": None})

    # -- structure -------------------------------------------------------------------------
    def walk(self, paras: Iterable[Para]) -> None:
        before = None
        for para in paras:
            self.colon_head = before
            text = para.text
            # (its last character first, one set lookup: most paragraphs end in none of the three,
            # and two endswith calls cost more)
            before = text if text[-1:] in COLON_HEAD_ENDS and not para.grid and len(text) < 120 and (
                text.endswith(("：", ":")) and not DETAILS_FOLLOW.search(text)
                # a numbered item of one sentence that names no phase ("12. “A（类）B（款）C（项）”X万元，
                # 主要用于…。"), its figures' phases in the next paragraph (a PDF line ended at its 。)
                or text.endswith("。") and is_enum(text) and text.count("。") == 1
                and "预算" not in text and "决算" not in text) else None
            if para.grid:
                self.grid_row(para)
                continue
            m = SECTION.match(para.text) if para.text[:1] in CN else None
            if m is None and self.paren_sections and para.text[:1] in "（(":
                m = SUBSECTION.match(para.text)
            if m and ("关于" in para.text or "其他" in para.text or SECTION_END.search(para.text)) and len(para.text) < 80:
                self.new_section(m.group(1), para)
                continue
            if self.section is None and self.part_title:
                self.new_section(None, para, title=self.part_title)
            self.part_title = None
            self.prose(para)

    def open_part(self, title: str) -> None:
        """A narrative part begins: its text before any numbered heading is a section of its own."""
        self.finish_project()
        self.close_section()
        self.end_perf()
        self.section, self.perf, self.carry = None, None, None
        self.part_title = title

    def new_section(self, number: str | None, para: Para, title: str | None = None) -> None:
        self.end_perf()
        self.finish_project()
        self.close_section()
        self.perf = None
        self.carry = None
        self.section = built(Section, {"number": number, "title": title or para.text, "text": "",
                                       "provenance": self.provenance(para.starts[0][1]),
                                       "line_starts": [], "line_nos": [], "para_lengths": [], "para_starts": []})
        self.disc.narrative.sections.append(self.section)

    def prose(self, para: Para) -> None:
        if self.section is not None:
            self.section_paras.append(para)      # a paragraph given is not changed any more
        if len(para.text) < 30 and PERF_TITLE in para.text and para.text.endswith(PERF_TITLE):
            self.start_perf(para)
            return
        if self.perf is not None:
            self.perf_text(para)
            return
        if self.project_field(para):
            return
        if not self.read_claims(para):
            self.carry = None
        self.item_list(para)

    def item_list(self, para: Para) -> None:
        """'人员经费 X 万元，主要包括：A、B、C。' and '支出包括：A X 万元，主要用于…；B …。'."""
        m = INCLUDES.search(para.text) if "包括" in para.text else None
        if not m:
            return
        head = para.text[:m.start()]
        head = HEAD_SPLIT.split(head)[-1]
        amount = list(NUMBER.finditer(head))
        words = clean_subject(head[:amount[0].start()] if amount else head)
        subject = resolve_subject(words, self.section, self.index)
        body = para.text[m.end():].split("。")[0]
        parts = PART_SPLIT.split(body)
        chunks = [p.split("，")[0].split(",")[0] for p in parts] if len(parts) > 1 else ITEM_SPLIT.split(body)
        items = [i for i in map(list_item, chunks) if i]
        start, end = m.start() - len(head), m.end() + len(body)
        prov = self.provenance(para.line_at(start), para.line_at(end))
        self.disc.narrative.item_lists.append(built(ItemList, {
            "section": self.section.number if self.section else None, "subject": subject, "items": items,
            "sentence": para.printed(start, end + 1), "provenance": prov, "table_set": 0}))

    def finish(self) -> None:
        self.end_perf()
        self.finish_project()
        self.close_section()
        # the amounts changes and priors refer to, as indices of the claims they become
        base = len(self.disc.narrative.claims)
        index = {id(fields): base + i for i, fields in enumerate(self.claims)}
        for fields in self.claims:
            if fields["of_amount"] is not None:
                fields["of_amount"] = index.get(id(fields["of_amount"]))
        self.disc.narrative.claims.extend([claim_of(fields) for fields in self.claims])
        self.claims = []

    def close_section(self) -> None:
        paras = self.section_paras
        if self.section is not None and paras:
            texts = [para.text for para in paras]
            self.section.text += "\n".join(texts) + "\n"     # (no string per paragraph)
            # where its lines start: indexed only if asked (Section.line_at)
            self.section.para_lengths.extend(map(len, texts))
            self.section.para_starts.extend([para.starts for para in paras])
            self.section.provenance.line_end = paras[-1].starts[-1][1]
        self.section_paras = []

    def perf_year(self, para: Para, texts: list[str]) -> bool:
        """The table's year, printed alone under its title: "（2026年）" (OCR may add specks)."""
        if "年" not in "".join(texts):     # a year needs one: most rows and lines have none
            return False
        years = [m for m in map(PERF_YEAR.match, texts) if m]
        if len(years) != 1 or any(WORDISH.search(t) for t in texts if not PERF_YEAR.match(t)):
            return False               # a year among words is an indicator's, not the table's date
        if self.perf.indicators or self.perf.year is not None:
            self.start_perf(Para(text="项目支出绩效目标表", starts=para.starts))   # next table, title lost
        self.perf.year, self.perf.year_line = int(years[0].group(1)), para.starts[0][1]
        return True

    def perf_text(self, para: Para) -> None:
        """A performance table printed as text lines (pdftotext): meta fields and numbers."""
        text = para.text
        if "元" in text and not self.perf_head_seen:
            # "项目资金(元)", "（单位：元）"; not an indicator's ("热线平台维护费（万元）", below the
            # indicators' header): the table's amounts stay in the unit it prints them in
            self.perf_unit(text)
        if self.perf_cut is not None:
            raw, no = self.raw_text(para), para.starts[0][1]
            # (kept whole: cut into tokens once, when the table ends, and not at all where
            # TextRows reads it)
            self.perf_cut.append((raw, no))
            if self.perf_rows is not None and len(para.starts) == 1:
                self.text_indicators(raw, no)
            elif self.perf_rows is not None:
                # line by line: a row's weight ends its line ("… 30" / "合计 100" joined is no row)
                lines = self.raw_lines(para)
                for text, at in lines if any(t.strip() for t, _ in lines) else [(raw, no)]:
                    if self.perf_rows is not None:      # (a broken row ends the reading)
                        self.text_indicators(text, at)
        elif "三级指标" in text:
            self.perf_head_seen = True          # the 年度预算 is printed above the indicators
            self.end_goal()
            raw = self.raw_text(para)
            tokens = raw.split()
            # (the lines kept in either case: a table TextRows cannot read is read by values)
            self.perf_cut = [(raw, para.starts[0][1])]
            if weight_header(tokens):
                self.perf_rows, self.perf_rows_from = TextRows(prior_column("".join(tokens))), para.starts[0][1]
        elif (self.perf_goal is not None or text.startswith(GOAL_LABELS)) and self.goal_line(text):
            pass
        elif self.perf.kind == "department" and not self.perf_head_seen:
            self.text_funds(para)
        if not self.fiscal_lines and not ("其中" in text and text.startswith("其中")) and not needs_perf_text(text):
            self.prev_text = text      # most lines: no year, project name, total or digit
            return
        # a year needs a 年, and PERF_YEAR a bracket first: else perf_year finds none ("发展局2025年")
        if "年" in text and text[0] in "（(" and self.perf_year(para, [text]):
            return
        m = PERF_PROJECT.search(text) if "项目名称" in text else None
        if m and not self.perf.project:
            self.perf.project = m.group(1)
        m = PERF_AMOUNT.search(text) if "总额" in text else None
        if m and self.perf.amount is None and parse_amount(m.group(2)):
            self.perf.amount = parse_amount(m.group(2))[0]
            self.perf_fund("total", m.group(1), self.perf.amount, para)
        if self.fiscal_lines or text.startswith("其中"):       # else perf_fiscal_text finds nothing
            self.perf_fiscal_text(text, para)
        if "其他资金" in text and self.perf.kind == "project":
            self.text_other(text, para)
        # most lines of such a table have no figure with a unit ("20", "发展局2025年"): sentence_claims
        # would find nothing (NUMBER needs one) and change nothing
        if UNIT_FIGURE.search(text) is None or not self.sentence_claims(para, self.prev_text):
            self.prev_text = text

    def goal_line(self, text: str) -> bool:
        """A line of the 年度目标 (its label first: "项目总体目标", "年度绩效目标 保障…"); False on
        the line that ends it (the 年度预算's or the indicators' header)."""
        if self.perf_goal is None:
            label = next(g for g in GOAL_LABELS if text.startswith(g))
            self.perf_goal = [text[len(label):].strip()]
            return True
        if "，" not in text and "。" not in text and (text.startswith(GOAL_ENDS) or text_funds(text)):
            # (a fund's line ends it too: "上级安排 50.00" printed before the 年度预算 label its
            # merged cell centres below it)
            self.end_goal()
            return False
        self.perf_goal.append(text)
        return True

    def end_goal(self) -> None:
        if self.perf_goal is not None and self.perf is not None and self.perf.goal is None:
            self.perf.goal = "".join(self.perf_goal) or None
        self.perf_goal = None

    def end_perf(self) -> None:
        """A text table ends: its goal, and the rows of its cut cells (perf_text.cut_rows)."""
        self.end_goal()
        lines, self.perf_cut = self.perf_cut, None
        if lines and self.perf is not None and self.perf_rows is None:     # (TextRows read it)
            tokens = [(tok, no) for raw, no in lines for tok in raw.split()]
            read = cut_rows(tokens)
            self.cut_indicators(read)
            if not read.rows and not read.unread and names_weight(tokens):
                self.perf_issue("warning", "performance-rows-unread", tokens[0][1],
                                f"{self.perf_what()}的指标行均未读取（指标值没有比较符号，如“100%”而非“=100%”，"
                                "各栏无法分开）；权重合计不核对")
        elif lines and self.perf is not None:
            self.add_rows(self.perf_rows.finish())      # a figure held to the end: the last weight
            if self.perf_rows.unclosed is not None:
                line = self.perf_rows.unclosed
                self.perf.unread_rows.append(line)
                self.perf.unread_weights.append(None)
                self.perf_issue("warning", "performance-rows-unread", line,
                                f"{self.perf_what()}第 {line} 行起的指标行未读到权重（权重栏不是数字等），"
                                "未读取；权重合计不核对")
        if self.perf_unparted and self.perf is not None:
            self.perf_issue("info", "performance-basis-unparted", self.perf_unparted[0],
                            f"{self.perf_what()}第 {'、'.join(map(str, self.perf_unparted))} 行的指标值设定依据与"
                            "上年完成值（文字）无法分开，均未读取，请核对")
        self.perf_unparted = []

    def cut_indicators(self, read) -> None:
        """The rows cut_rows read, each with its levels; an issue for the rows left unread and
        for those whose name may begin a line before the one read."""
        for n, row in enumerate(read.rows):
            if n in read.levels_lost:
                self.levels = [None, None]
            self.add_row(row, n in read.unsure)
        what = self.perf_what()
        if read.unread:
            self.perf.unread_rows = read.unread
            self.perf.unread_weights = read.unread_weights
            # (their weights read, the total is checked with them)
            weights = "仅读取其权重" if None not in read.unread_weights else "未读取；权重合计不核对"
            self.perf_issue("warning", "performance-rows-unread", read.unread[0],
                            f"{what}第 {'、'.join(map(str, read.unread))} 行附近有 {len(read.unread)} 行指标"
                            f"（指标值为文字等）各栏无法分开，{weights}")
        unsure = [self.perf.indicators[-len(read.rows) + n] for n in sorted(read.unsure)]
        if unsure:
            self.perf_issue("info", "performance-name-unsure", unsure[0].line,
                            f"{what}第 {'、'.join(str(i.line) for i in unsure)} 行的三级指标名称可能从上一行起"
                            "（与上一指标的赋分规则、佐证资料分不开），按指标值前的一行读取，请核对")

    def perf_issue(self, level: str, code: str, line: int, message: str) -> None:
        self.disc.issues.append(ParseIssue(level=level, code=code, message=message,
                                           provenance=Provenance(file=self.doc.path, line=line)))

    def row_levels(self, levels: list[str]) -> None:
        """The current levels after a row printing `levels` (0, 1 or 2 of them)."""
        if len(levels) == 2:
            self.levels = list(levels)
        elif levels and levels[0] in LEVEL1_NAMES:
            self.levels = [levels[0], None]
        elif levels:
            self.levels = [self.levels[0], levels[0]]

    def add_indicator(self, name: str, value: str | None, basis: str | None, weight: Decimal | None,
                      line: int, unsure: bool = False, prior: str | None = None) -> PerformanceIndicator:
        target = indicator_target(value)
        indicator = built(PerformanceIndicator, {
            "level1": self.levels[0], "level2": self.levels[1], "level3": name, "value": value,
            "target": None if target is None else built(IndicatorTarget, dict(zip(("op", "number", "unit"), target))),
            "basis": basis, "weight": weight, "line": line, "unsure": unsure, "prior": prior})
        self.perf.indicators.append(indicator)
        return indicator

    def raw_text(self, para: Para) -> str:
        """The paragraph's lines as printed, their spaces kept (they part a text table's cells)."""
        if len(para.starts) == 1:       # most paragraphs of a text table are one line: no list, no join
            raw = para.raw
            if raw is None:
                ln = self.doc.line_numbered(para.starts[0][1])
                raw = ln.text if ln is not None else ""
            return raw if raw.strip() else para.text
        raw = " ".join(text for text, _ in self.raw_lines(para))
        return raw if raw.strip() else para.text

    def raw_lines(self, para: Para) -> list[tuple[str, int]]:
        """The paragraph's lines as printed, each with its number."""
        out = []
        for _, no in para.starts:
            ln = self.doc.line_numbered(no)
            out.append((ln.text if ln is not None else "", no))
        return out

    def text_funds(self, para: Para) -> None:
        """The 年度预算 amounts of a 部门整体绩效目标表's text line ("本级安排 417.37")."""
        for kind, label, amount in text_funds(para.text):
            if kind == "total" and self.perf.amount is None:
                self.perf.amount = amount
            elif kind == "fiscal":
                self.perf.fiscal_amount = (self.perf.fiscal_amount or Decimal(0)) + amount
            self.perf_fund(kind, label, amount, para)

    def text_indicators(self, raw: str, no: int) -> None:
        """The indicator rows a text line ends (perf_text.TextRows): each with its levels. A row
        that cannot be read drops the rows read so far (TextRows.broken): the table is read by
        its values once it ends (end_perf), the row left unread and reported."""
        rows = self.perf_rows.line(raw, no)
        if self.perf_rows.broken:
            self.perf.indicators = [i for i in self.perf.indicators if i.line < self.perf_rows_from]
            self.perf_unparted = [n for n in self.perf_unparted if n < self.perf_rows_from]
            self.perf_rows = None
            return
        self.add_rows(rows)

    def add_rows(self, rows) -> None:
        for row in rows:
            self.add_row(row)

    def add_row(self, row, unsure: bool = False) -> None:
        """An indicator row read from text (perf_text.RowRead), under the levels it prints."""
        self.row_levels(row.levels)
        self.add_indicator(clean_printed(" ".join(row.name)), clean_printed(" ".join(row.value)),
                           clean_printed(" ".join(row.basis)) or None, row.weight, row.line, unsure,
                           clean_printed(" ".join(row.prior)) or None)
        if row.unparted:
            self.perf_unparted.append(row.line)

    def perf_what(self) -> str:
        """The table, as a message names it."""
        return f"项目“{self.perf.project}”绩效目标表" if self.perf.project else \
            "部门整体绩效目标表" if self.perf.kind == "department" else "绩效目标表"

    def text_other(self, text: str, para: Para) -> None:
        """The 其他资金 of a project's table as a text line ("101.34 其他资金 0.00"); a figure
        with a unit after it is a sentence's ("其他资金 0 万元")."""
        m = OTHER_TEXT.search(text)
        if m and parse_amount(m.group(1)) and not any(f.kind == "other" for f in self.perf.funds):
            self.perf_fund("other", "其他资金", parse_amount(m.group(1))[0], para)

    def perf_fiscal_text(self, text: str, para: Para) -> None:
        """"其中：财政拨款 X 其他资金 Y" as text lines: the label may be cut ("其中：财政拨" / "款")
        and its amount open the next line ("101.34 其他资金 0.00")."""
        if self.perf.fiscal_amount is not None:
            return
        m = FISCAL_LABEL.match(text) if text.startswith("其中") else None
        if m:
            text, self.fiscal_lines = text[m.end():], 3    # the amount within the next lines
        elif not self.fiscal_lines:
            return
        self.fiscal_lines -= 1
        amount = LEADING_AMOUNT.match(text.lstrip("款金： :"))
        if amount and parse_amount(amount.group(1)):
            self.perf.fiscal_amount, self.fiscal_lines = parse_amount(amount.group(1))[0], 0
            self.perf_fund("fiscal", "其中：财政拨款", self.perf.fiscal_amount, para)

    # -- claims ----------------------------------------------------------------------------
    def sentence(self, para: Para, sentence: str, offset: int, fallback: str = "") -> bool:
        """The claims of one sentence; False when it has no number."""
        last_subject: Subject | None = None
        last_change: Subject | None = None
        # the last subject of each unit's figures (money one unit): "在职人员 12 人，人员经费 X 万元，
        # 比上年增加 2 人" is a change of the staff, not of the money
        by_unit: dict[str, Subject] = {}
        context_subject = None
        clause_start = 0
        carry, self.carry = self.carry, None
        carried: Subject | None = None      # the carry's subject, when this sentence speaks of it
        respective: list | None = None      # "A、B分别为 X、Y": [names, next name, kind]
        prior_seen = False                  # last year's figure stated ("上年为 B 万元")
        prior_figure = ""                   # which figure of last year's it is ("上年预算数为": 预算)
        listed: list[Subject] = []          # the subjects of the sentence's amounts so far
        counted: list[tuple[int, Subject]] = []     # (where its figure starts, subject) of its counts outside brackets
        subject_end = 0                     # where the figure of last_subject ends
        amounts: list[tuple[int, dict, bool]] = []      # (where its figure ends, claim, in brackets) of its amounts
        outside: Subject | None = None      # last_subject outside brackets ("A 8 万元（其中：B…），比上年…": A)
        inside = False                      # last_subject is a part named in brackets
        changes: list[int] = []                 # where the sentence's changes' figures end
        from_subject: Subject | None = None     # "A 由 X 万元减少到 Y 万元": A, until Y
        from_unit = ""                          # the unit of that X (万元, or % of a share)
        last_share: dict | None = None          # the sentence's last share (a change in 个百分点 is its)
        share_said: dict | None = None          # its last share, whatever percentage came after it
        found = False
        # (once per sentence: most have no bracket and no 左右, so no figure's words need a test)
        brackets = "（" in sentence or "(" in sentence
        about = "左右" in sentence
        for m in NUMBER.finditer(sentence):
            unit = m.group("unit")
            if unit is None:
                if not in_run(m, sentence):
                    continue
                unit = m.group("shared")
            if unit in COUNT_UNITS and sentence[:m.start()].rstrip().endswith("第"):
                continue        # "第2项", "第3次": an ordinal numbers an item, it counts nothing
            found = True
            before = sentence[clause_start:m.start()]
            qualifier = None
            if before.endswith(QUALIFIER_TAILS) or about and sentence.startswith("左右", m.end()):
                qualifier, before = qualified(before, sentence, m)
                head = sentence[:clause_start] + before
            else:
                head = sentence[:m.start()]
            # the figure stands inside "（…" still open
            bracket = open_bracket(head) if brackets and ("（" in head or "(" in head) else -1
            if inside and bracket < 0:
                last_subject, inside = outside, False   # the bracket of parts closed: the item's figures again
            mark = LAST_MARK.match(before)       # the clause is what follows the last mark
            clause = before
            if mark is not None:
                at = mark.end() - 1
                if before[at] in "：:" and bracket < 0 and not DETAILS_FOLLOW.search(before, 0, at + 1):
                    # "X：… N 万元": X names what follows (not "X具体情况如下：": its parts do)
                    context_subject = clean_subject(before[:at]) or context_subject
                clause = before[at + 1:]
            kind, direction, basis = classify(m, unit, head, clause, para.text, offset + m.start())
            percent = unit in ("%", "％")
            to = kind in ("amount", "percent") and from_subject is not None and (kind == "percent") == percent \
                and (from_unit == "%") == percent and TO_CLAUSE.match(clause) is not None
            if to and percent:
                kind = "share"          # "占比由 X% 提高到 Y%": Y this year's share
            if kind in ("amount", "share", "percent") and clause.endswith(FROM_TAILS) \
                    and (fm := FROM_END.search(clause)) and TO_NEXT.match(sentence, m.end()) \
                    and (kind != "percent" or SHARE_NAMED.search(clause, 0, fm.start())):
                # "A 由（上年的）X 万元减少到 Y 万元": X is last year's figure of A, Y this year's
                # (and "A 占比由 X% 提高到 Y%": X last year's share; not "执行率由 X% 提高到 Y%",
                # "增幅由 X% …": a rate, no share, read as before)
                kind, clause = "prior", clause[:fm.start()]
            points = unit == "个" and sentence.startswith("百分点", m.end())
            # the share the points move: the last percentage said, or the share the words name ("占比提高")
            moved = (last_share or (share_said if SHARE_NAMED.search(clause) else None)) if points else None
            if points and kind != "change" and (pm := POINTS_MOVED.search(clause)) is not None:
                # "（占比）提高 2.10 个百分点": a change of a share, its comparison stated before
                kind, direction, basis = "change", direction_of(pm.group(1)), stated_basis(para.text, offset + m.start())
            if kind == "amount" and prior_seen and clause.rstrip().endswith(CHANGE_VERB_WORDS):
                # "…，上年为 B 万元，减少 C 万元": the change from the prior figure just stated
                verb = CHANGE_VERB.search(clause)
                if verb is not None:
                    kind, direction, basis = "change", direction_of(verb.group(1)), "上年"
            if kind == "change" and basis and basis.startswith("上年"):
                if basis == "上年" and prior_figure:
                    # "上年预算数为 P 万元，…减少 C 万元": the change from the figure the sentence named
                    basis += prior_figure
                if self.same_year is not None:
                    basis = self.same_year_basis(head) or basis
                if self.year and basis.startswith("上年"):
                    basis = self.dated_basis(head, len(head), basis)
            words = clean_subject(clause) or (fallback if m.group("cmp") or not clause.strip() else "")
            if words[:1] == "的" and len(words) > 1:
                # "50 万元以上的设备 0 台": the bound's 的 heads no name (a 的 alone, "其中的 20 万元",
                # names nothing: not the item before)
                words = words[1:]
            anaphor = False
            if words[:1] in ANAPHOR_FIRST and ANAPHOR.match(words):
                # "该项支出比上年减少": the item stated before, where only one was; else unnamed
                one_before = len({c["subject"].text for _, c, b in amounts if not b}) == 1
                anaphor = one_before if clause_start else carry is not None and self.carry_one
                words = "" if anaphor else words
            if clause_start and mark is None and words.startswith(JOINERS) and JOINED_ITEM.match(words):
                words = JOINED_ITEM.sub("", words)      # "人员经费 X 万元和公用经费 Y 万元": the next item
            # (each kind's tests under its own: a figure passes over the other kinds' at one test)
            if kind in ("percent", "change") and words.startswith("占") and SHARE_CHANGE.search(clause):
                words = ""      # "占支出总额的比重较上年下降": the item's share changed, not the whole named
            elif kind == "change":
                if points and moved is not None:
                    words = ""              # "占 87.77%，比上年提高 2.10 个百分点": the share's change
                elif words.endswith(MOVED_TAILS) and MOVED.search(words):
                    words = MOVED.sub("", words)    # "人员经费变动数": the item is 人员经费
                elif words and (vm := verb_first(words)):
                    words = words[vm.end():]        # "增加人员经费": the item is 人员经费
                elif words and (vm := verb_inside(words)):
                    words = vm.group(2)             # "人员调出减少人员经费": the item, not the cause
            elif kind == "amount" and unit in COUNT_UNITS:
                if "用于" in words and (um := USE_LEAD.match(words)) is not None and um.end() < len(words):
                    words = words[um.end():]        # "主要用于公务用车 2 辆": the cars counted, not the use
                elif (COUNT_LEAD.fullmatch(clause.strip(" ，,：:")) or clause.rstrip().endswith(COUNTED_AFTER)
                      or (not words and COUNT_LEAD_END.search(clause) is not None)) \
                        and (noun := COUNT_NOUN.match(sentence, m.end())):
                    # "共有3个项目实行…", "对“A”等2个项目开展评价", "组织对5个项目开展…", "（一）…情况说明
                    # 2018年本部门共5个项目实行…" (a heading run into the line): what is counted follows its figure
                    words = noun.group(0)
            if "分别" in clause:     # names of their own, or ("…，分别占 A%、B%") the ones before
                run = RUN_END.search(sentence, m.end())          # the figures listed: up to the clause's end
                figures = sum(1 for f in NUMBER.finditer(sentence, m.start(), run.start() if run else len(sentence))
                              if unit_of(f) == unit and in_run(f, sentence))
                respective = respectively(words, kind, figures) or (respective and [respective[0], 0, kind]) \
                    or listed_respectively([c["subject"] for _, c, b in amounts if b == (bracket >= 0)],
                                           words, kind, figures)
                if respective is not None:
                    respective[3:] = [direction, basis]     # what the next figures of the list are
            topic = PHASE_ONLY.match(words) is not None if self.final else \
                last_subject is None and kind == "amount" and "预算" in words and BUDGET_PHASE_ONLY.match(words) is not None
            if respective is not None and respective[2] == "share" and kind == "percent":
                kind = "share"                  # "分别占 A%、B%": B is a share as A is
            elif respective is not None and respective[1] > 0 and (respective[2], kind) in (("change", "amount"),
                                                                                         ("rate", "percent")):
                kind, direction, basis = respective[2], *respective[3:5]   # "分别增加 A、B 万元": B a change too
            if kind in ("change", "rate") and m.group("sign"):
                direction = self.signed(direction, m, para, offset)
            if to:
                subject = from_subject          # "…减少到 Y 万元": this year's figure of the item named before X
            elif points and kind == "change" and moved is not None:
                subject = moved["subject"]
            elif respective is not None and respective[2] == kind and respective[1] < len(respective[0]):
                # "基本支出、项目支出分别为 X 万元、Y 万元": the names in the order of the figures
                subject = resolve_subject(respective[0][respective[1]], self.section, self.index)
                respective[1] += 1
            elif topic:
                # "年初预算为 A 万元，支出决算为 B 万元": the amounts of the item the text is about
                subject = self.topic(para, offset, m.start(), sentence) or resolve_subject(words, self.section, self.index)
            elif kind == "completion" and last_subject is None and (carry is not None or self.final):
                # "…；支出决算为 B 万元；完成年初预算的 C%": the rate of the amount just stated
                subject = carry["subject"] if carry is not None else \
                    (self.topic(para, offset, m.start(), sentence) or resolve_subject(words, self.section, self.index))
            elif kind == "change" and not words and len(amounts) >= 2 and "、" in head and "分别" not in clause \
                    and (joined := joined_parts(sentence, amounts, m.start())) is not None:
                # "其中 A x 万元、B y 万元，比上年增加 z 万元": B's, or the whole's? the rate decides
                subject = self.joined_change(para, sentence, offset, m, direction, [a for a in joined if a["unit"] == unit])
            elif kind in ("share", "change", "rate", "completion") and last_subject is not None and \
                    (not words or GENERIC.match(words) or kind in ("share", "completion")):
                # a rate follows its change ("其中：A增加 X 万元，增长 Y%"): the change's subject
                subject = last_change if kind == "rate" and last_change is not None else last_subject
                if kind == "change" and len(by_unit) > 1:       # figures of several units before it
                    subject = by_unit.get(unit_class(unit), last_subject)
            elif kind == "change" and not words and clause_start == 0 and carry is not None \
                    and (anaphor or ON_LAST_YEAR.match(sentence.lstrip(" ，,")) or ON_BUDGET.match(sentence.lstrip(" ，,"))
                         or REASON_FIRST.match(sentence.lstrip(" ，,"))):
                # the sentence is only "与上年相比增加 Y 万元", or a reason and then the change ("主要是
                # 人员减少，比上年减少 Y 万元"): the change of the amount just stated.
                # A copy: subjects are shared (resolve_subject), and the claims that follow
                # speak of the carried amount only through this one
                subject = carried = carry["subject"].model_copy()
            elif kind in ("change", "rate") and listed and words and words[0] in WHOLE_FIRST and WHOLE_WORD.match(words) \
                    and ("其中" in head or len(listed) == 1):
                # "支出 277.90 万元，其中基本支出 243.90 万元，总体比上年增加 20 万元": the whole's
                # change, not the part's stated last; of two wholes ("收入 X 万元，支出 X 万元，其中：
                # 基本支出…"), the one the parts are of, stated last before their first 其中; the one
                # amount of a sentence without parts ("…；支出 X 万元，总体比上年增加": before, unnamed)
                subject = whole_before(amounts, head) or listed[0]
            elif len(listed) >= 2 and not context_subject and TOTAL_CLAUSE.match(clause) \
                    and len({s.text for s in listed}) >= 2:       # (the cheap tests first)
                # "A 0.00万元，B 78.00万元，C 5.00万元，合计 83.00万元": the items' whole, not C
                subject = resolve_subject(whole_of(listed), self.section, self.index)
            elif not words or GENERIC.match(words):
                base = last_subject.text if last_subject and words in VALUE_WORDS else context_subject
                totalled = len(counted) >= 2 and words in VALUE_WORDS and TOTAL_WORD.search(clause) is not None
                if totalled:
                    # "车辆5辆，其中：执法执勤用车2辆、特种用车3辆，账面原值合计 X 万元": the value of
                    # all that was counted, not of the last kind (of several kinds: the bare words)
                    base = counted_whole(counted, sentence)
                # ("收入合计 X 万元，支出合计 Y 万元": 支出 is the other side, no figure of 收入's)
                if not base and last_subject is not None and not totalled \
                        and not ("支出" in words and last_subject.text.endswith(("收入", "收入合计"))):
                    base = last_subject.text
                if not base and not words:
                    # the sentence's own words only: the sentence before may speak of anything
                    # ("…X 万元。全部用于保障运转。与上年相比减少 Y 万元": unnamed, not its tail)
                    words = clean_subject(head)
                subject = resolve_subject(base + (words if words in VALUE_WORDS else "") if base else (words or ""),
                                          self.section, self.index)
            elif last_subject is not None and words.startswith("涉及") and JOINED.match(words):
                # "项目共3个，涉及预算金额34.00万元": the amount of what was just counted
                # (every JOINED match starts with 涉及: the cheap test first)
                subject = resolve_subject(last_subject.text + words, self.section, self.index)
            else:
                subject = resolve_subject(words, self.section, self.index)
                if words.startswith("涉及") and subject.coords is not None:
                    # "开展部门评价，涉及一般公共预算支出 X 万元": the money of what the sentence
                    # speaks of, a part of the source's, not its total
                    subject = subject.model_copy(update={"coords": None})
                elif kind == "change" and basis in BUDGET_BASES and subject.coords is not None \
                        and subject.concept.startswith(EVERY_ITEMS_PARTS) and REASON_FIRST.search(head) is not None:
                    # "决算数大于年初预算数的主要原因是人员经费增加 X 万元": the part of the item
                    # explained that varied, not the table's whole 人员经费 (an item of its own,
                    # "…压减公务接待费 X 万元", is its table's)
                    subject = subject.model_copy(update={"coords": None})
            if kind == "change" and carried is None and carry is not None and clause_start == 0 \
                    and subject.concept is not None and subject.concept == carry["subject"].concept \
                    and (ON_LAST_YEAR.match(sentence.lstrip(" ，,")) or self.named_again(subject, carry, basis)):
                # "…总计均为 X 万元。与上年相比，收、支总计各增加 Y 万元", "基本支出 X 万元。基本支出比上年
                # 减少 Y 万元": named again, the same amount
                subject = carried = carry["subject"].model_copy()
            if kind == "amount" and unit in COUNT_UNITS:
                kind = "count"
                if counted and subject.concept == "asset:vehicle":
                    subject = bought(subject, counted[0], sentence, m.start())
            # (each wording self.prior matches holds a 年: the search only where one is)
            elif kind == "percent" and last_share is not None and percent and "年" in clause \
                    and self.prior.search(clause):
                kind, subject = "prior", last_share["subject"]      # "占 87.77%，上年为 85.67%": last year's share
            elif kind == "amount" and (self.bracketed_prior(head, bracket) if bracket >= 0 else
                                       ("年" in clause and self.prior.search(clause)) or self.compared_to(clause)):
                kind = "prior"          # not this year's: no table figure to check, no change's base
                prior_seen = True
                prior_figure = self.prior_figure(head[bracket:] if bracket >= 0 else clause) or prior_figure
                if subject.concept is None and last_subject is not None \
                        and REASON_FIRST.search(sentence, subject_end, m.start()) is None:
                    # "项目支出 34.00 万元（上年预算数 93.40 万元）": the same item's; after a reason
                    # ("主要原因是上年预算包含一次性经费 8.00 万元") the figure is of a part, not the item
                    subject = last_subject
            elif kind == "amount" and self.year and "年" in clause and unit in MONEY_UNITS \
                    and (year := self.other_year(clause)) is not None:
                # "2024年基本支出预算为 X 万元" in a 2026 document: neither this year's figure nor
                # last year's; said with its year, checked against no table
                # (the words as printed: no coordinates to hold the year or the phase)
                said = VERB_END.sub("", clause.strip(" ，,：:；;。"))
                subject = built(Subject, {"text": said if year in said else year + "年" + subject.text,
                                          "coords": None, "concept": None})
            if qualifier in ("over", "under") and kind == "amount" and sentence.startswith("的", m.end()):
                kind, qualifier = "threshold", None        # "超过 50 万元的项目": which projects, no figure
            if kind == "threshold":
                noun = NOUN.match(sentence[m.end():]).group(0)
                if words in VALUE_WORDS or words in BOUND_MEASURES:
                    # "单位价值 50 万元以上通用设备", "单价 100 万元以上的设备": the measure bounded
                    # names nothing; the kind after the bound does
                    words, noun = "", noun.lstrip("的 ")
                subject = resolve_subject(clean_subject(words + noun) if GENERIC.match(words or "价值") else words + noun,
                                          self.section, self.index)
            if self.final and subject is not carried and kind in ("amount", "share", "change", "completion"):
                # a completion rate is the actual's (over the budget its basis names)
                # so is a change against the budget ("比年初预算增加 X 万元": basis 年初预算), unless
                # it follows the adjusted budget ("调整预算为 B 万元，比年初预算增加 X 万元")
                if kind == "change" and basis in BUDGET_BASES:
                    adjusted = subject.coords is not None and subject.coords.phase == "调整预算"
                    subject = self.phased(subject, "调整预算" if adjusted else "决算")
                else:
                    budget = kind != "completion" and (BUDGET_PHASE.search(clause) is not None or (topic and "预算" in words))
                    subject = self.phased(subject, budget_phase(clause) if budget else "决算")
            if subject.coords is not None and listed and subject.concept.startswith(SOURCES) \
                    and ((listed[0].concept or "").startswith(SPENDINGS)
                         or listed[0].concept is None and "项目" in listed[0].text):
                # "基本支出 X 万元，其中：一般公共预算拨款 X 万元": the money the spending named first
                # is paid from, no source's total of 表1 (no table prints that split for certain);
                # so is a project's ("援疆项目资金 30 万元，其中：…其他资金 0 万元")
                subject = subject.model_copy(update={"coords": None})
            if kind == "amount" and subject.coords is not None and listed and subject.concept.startswith("three_public:") \
                    and listed[0].concept in BASIC_PARTS:
                # "公用经费 X 万元，主要包括：…公务接待费 0.50 万元": 表6's line of the list (N-ITEM-LIST
                # checks it), not the 三公 table's, which adds what the projects spend on it
                subject = subject.model_copy(update={"coords": None})
            part = kind == "change" and self.reason_part(para.text, offset + m.start(), subject.concept)
            if part and subject.coords is not None:
                subject = subject.model_copy(update={"coords": None})
            whole = self.share_whole(clause) if kind == "share" else None
            claim = self.add_claim(para, sentence, offset, m, kind, subject, direction, basis,
                                   current=carry if carried is not None and subject is carried else None,
                                   qualifier=qualifier, unit=unit, part=part)
            made = claim["kind"] if claim is not None else None     # (a count in 个百分点 is made a percent)
            if whole is not None and claim is not None:
                claim["whole"] = whole
            if made == "share":
                last_share = share_said = claim
            elif percent and made is not None and made != "prior":
                last_share = None       # "占 12.23%，执行率 95.50%，提高 2.10 个百分点": the rate's points
            elif points and made == "change" and moved is not None and direction in SHARE_SIGNS:
                # the share last year: this year's less the change (in its points)
                claim["implied_prior"] = moved["value"] - SHARE_SIGNS[direction] * claim["value"]
            if made == "amount":
                if bracket < 0 or self.carry is None:
                    self.carry = claim
                amounts.append((m.end(), claim, bracket >= 0))
            elif made == "change":
                changes.append(m.end())
                if subject.concept is not None:
                    self.para_changes.append((offset + m.end(), subject.concept))
            if kind in ("amount", "count") or (kind == "change" and last_subject is None):
                if bracket < 0:
                    outside = subject
                elif not inside:
                    outside, inside = last_subject, True
                last_subject, subject_end = subject, m.end()
            if kind in ("amount", "count"):
                by_unit[unit_class(unit)] = subject
            if kind == "amount":
                listed.append(subject)
            elif kind == "count" and bracket < 0:
                counted.append((m.start(), subject))
            if kind == "change":
                last_change = subject
            from_subject = subject if kind == "prior" and TO_NEXT.match(sentence, m.end()) else None
            from_unit = "%" if percent else unit
            clause_start = m.end()
        if amounts:
            self.carry_one = len({c["subject"].text for _, c, b in amounts if not b}) == 1
        # (the words FLAT_SAID ends with, each a substring test: cheaper than a loop or a search)
        if "持平" in sentence or "一致" in sentence or "相同" in sentence or "变" in sentence:
            self.flat_claims(para, sentence, offset, amounts, changes, carry)
        return found

    def flat_claims(self, para: Para, sentence: str, offset: int, amounts: list[tuple[int, dict, bool]],
                    changes: list[int], carry: dict | None) -> None:
        """"比上年持平" after an amount: a change of 0 of that amount, at its precision, so the
        rules compare last year's figure with it as with any change. Only where the amount is
        the one compared: stated just before in the sentence (nothing but marks or its own name
        between), or, the sentence opening with the comparison, the amount the sentence before
        ended on. "基本持平" (about the same) states no figure: no claim."""
        for fm in FLAT_SAID.finditer(sentence):
            amount = flat_amount(sentence, fm.start(), amounts, changes)
            if amount is None and not sentence[:fm.start()].strip(" ，,") and carry is not None:
                amount = carry
            if amount is None:
                amount = amount_after(sentence, fm.end(), amounts)
            if amount is None or amount["unit"] not in MONEY_UNITS or amount["qualifier"] is not None:
                continue
            if fm.group("budget") is not None:
                if not self.final:
                    continue        # a budget compared with "the budget": no figure of last year's
                basis_text = (fm.group("budget") or "") + "预算"      # 决算: the year's own budget
            else:
                basis = BASIS.search(fm.group(0))
                basis_text = "上年" + figure_of(basis.group(2)) if basis else "上年"
                if self.same_year is not None:
                    basis_text = self.same_year_basis(sentence[:fm.end("flat")]) or basis_text
                if self.year and basis_text.startswith("上年"):
                    basis_text = self.dated_basis(sentence, fm.end("flat"), basis_text)
            claim = dict(amount, kind="change", value=Decimal(0), direction="flat", basis=basis_text,
                         implied_prior=amount["value"], whole=None, text=fm.group("flat"), sentence=sentence,
                         provenance=self.located(para, offset + fm.start("flat"), offset + fm.end("flat")),
                         of_amount=amount)
            if para.subs:
                claim["sentence"] = para.printed(offset, offset + len(sentence))
            self.claims.append(claim)

    def signed(self, direction: str | None, m: re.Match, para: Para, offset: int) -> str | None:
        """The direction of a change whose figure bears a negative mark: a decrease. After an
        increase's word ("增加-12.50万元", "增长△3.2%", "增减-35.22万元") the mark turns it; after
        a decrease's word ("减少-12.50万元") it restates it, as a signed column is copied into
        words — read so, not as an increase, and said (a parse note: the reading is a choice)."""
        if direction == "decrease":
            line = para.lines_of(offset + m.start(), offset + m.end() - 1)[0]
            self.disc.issues.append(ParseIssue(
                level="info", code="narrative-sign", provenance=Provenance(file=self.doc.path, line=line),
                message=f"情况说明第 {line} 行“{m.group(0).strip()}”：减少、下降之后又带负号，按减少读取"
                        "（未按负负得正读为增加），请核对"))
        return "decrease" if direction in ("increase", "decrease") else direction

    def joined_change(self, para: Para, sentence: str, offset: int, m: re.Match, direction: str | None,
                      joined: list[dict]) -> Subject:
        """The subject of a change after parts joined by 、 ("其中 A x 万元、B y 万元，比上年增加 z
        万元"): the last part's or the whole's (joined: the candidates' amounts), as the rate
        printed after it fits one of them (z / prior); where none or both fit, no item's (said)."""
        rate = RATE_AFTER.match(sentence, m.end())
        change = parse_amount(m.group("num"))
        fits = [a for a in joined if rate is not None and change is not None
                and rate_fits(a["value"], change[0], direction, parse_amount(rate.group(1)))]
        if len(fits) == 1:
            return fits[0]["subject"]
        line = para.lines_of(offset + m.start(), offset + m.end() - 1)[0]
        names = "”或“".join(a["subject"].text for a in joined)
        self.disc.issues.append(ParseIssue(
            level="info", code="narrative-change-unattached", provenance=Provenance(file=self.doc.path, line=line),
            message=f"情况说明第 {line} 行“{m.group(0).strip()}”：前文以“、”并列多项金额，此增减额属“{names}”"
                    "无法确定，未与任何一项核对"))
        return resolve_subject("", self.section, self.index)

    def reason_part(self, text: str, at: int, concept: str | None) -> bool:
        """A change of an item after the reason for that item's change, stated before it in the
        paragraph ("人员经费…增加 20.00 万元，主要原因是：一是新增编制，增加人员经费 15.00 万元"):
        a part of that change, neither the item's whole change nor measured from its amount."""
        if concept is None or not any(c == concept for _, c in self.para_changes):
            return False        # (most changes: no change of the item before in the paragraph)
        reason = last_match(REASON_FIRST, text, at)
        return reason is not None and any(end <= reason.start() and c == concept for end, c in self.para_changes)

    @staticmethod
    def named_again(subject: Subject, carry: dict, basis: str | None) -> bool:
        """A change of last year that opens its sentence with the very item the sentence before
        ended on ("基本支出 X 万元（上年：P 万元）。基本支出比上年减少 Y 万元"): the same coordinates."""
        before = carry["subject"]
        return bool(basis) and basis.startswith("上年") and subject.coords is not None \
            and subject.coords == before.coords

    @staticmethod
    def compared_to(clause: str) -> bool:
        """The figure right after the comparison that names it: "比上年预算数 1,604.27 万元减少 5.22 万元"."""
        return ("比" in clause or "较" in clause or "与" in clause) and COMPARED_TO.search(clause) is not None

    def bracketed_prior(self, head: str, bracket: int) -> bool:
        """Last year's figure in brackets: "（上年：380.47 万元）", "（2025年：93.40 万元）", or
        right after the comparison that names it, "比上年预算（93.40 万元）减少"."""
        # (last year heads the bracket: "（含上年未完工项目 10.00 万元）" is a part, not last year's figure)
        return self.prior.match(head, bracket + 1) is not None or COMPARED_TO.search(head, 0, bracket) is not None

    def topic(self, para: Para, offset: int, upto: int, sentence: str) -> Subject | None:
        """What a phase-only amount ("年初预算为 A 万元") is about: the words that head its
        paragraph or sentence ("1.一般公共服务支出（类）…行政运行（项）。"), when they name
        something. upto: where the amount stands in the sentence."""
        # the sentence's own head, then the paragraph's sentences before it, nearest first (an
        # item's figures may be sentences of their own: "…（项）。年初预算为 A 万元；支出决算为 B 万元")
        heads = [sentence[:upto], *reversed(SENTENCE_CUT.split(para.text[:offset]))][:6]
        if self.colon_head is not None:
            heads.append(self.colon_head)       # the heading line before the paragraph, last
        for words in heads:
            # "“三公”经费支出预算为 A 万元，支出决算为 B 万元": the words before the head's own figure
            figure = NUMBER.search(words)
            if figure is not None:
                words = words[:figure.start()]
            colon = max(words.rfind("："), words.rfind(":"))
            if colon >= 0 and PHASE_ONLY.match(clean_subject(words[colon + 1:])):
                if DETAILS_FOLLOW.search(words, 0, colon + 1):
                    continue                 # "…具体情况如下：年初预算为": the parts', not the whole's
                words = words[:colon]        # "…行政运行（项）：年初预算为": the item the colon heads
            elif colon >= 0 and DETAILS_FOLLOW.search(words, 0, colon + 1):
                words = words[colon + 1:]    # "具体情况如下：（一）因公出国（境）费…": the part it names
            words = clean_subject(ITEM_MARK.sub("", words))
            # (no figure left in the words; an item's code is none: "行政运行（2010301）年初预算")
            if words and not PHASE_ONLY.match(words) and not HAS_NUMBER.search(PRINTED_CODE.sub("", words)):
                subject = resolve_subject(words, self.section, self.index)
                if subject.concept is not None:
                    return subject
        return None

    def prior_figure(self, words: str) -> str:
        """Which of last year's figures words that state one name ("上年预算数为" → 预算, "2025年
        执行数" → 执行数), as figure_of gives it; "" where they do not say."""
        m = last_match(self.prior, words, len(words))
        named = PRIOR_FIGURE.match(words, m.end()) if m is not None else None
        return figure_of(named.group(1)) if named is not None else ""

    def same_year_basis(self, before: str) -> str | None:
        """"比2024年年初预算增加" in the 2024 决算: the year's own budget, not last year's."""
        m = last_match(self.same_year, before, len(before))
        return (m.group(1) or "") + "预算" if m is not None and m.end() >= len(before) - 24 else None

    def other_year(self, clause: str) -> str | None:
        """The year the words before a figure name when it is neither the document's nor the
        one before (a date of a stock, "截至2024年底", "2024年12月31日", names no figure's year)."""
        m = NAMED_YEAR.search(clause)
        if m is None or int(m.group(1)) in (self.year, self.year - 1):
            return None
        return m.group(1)

    def dated_basis(self, text: str, end: int, basis: str) -> str:
        """The basis of a change whose comparison names a year other than last year ("比2024年预算
        增加" in a 2026 document): that year's figure, the year kept ("2024年预算"), so that no
        check takes it for last year's. text[:end]: the sentence's words before the figure (a
        year in a reason before the sentence names no basis)."""
        if "年" not in text[max(0, end - 80):end]:      # the comparison is near; most name 上年
            return basis
        m = last_match(COMPARED_YEAR, text, end)
        if m is None or m.group(1) is None or int(m.group(1)) == self.year - 1:
            return basis
        return m.group(1) + "年" + basis[2:]

    def phased(self, subject: Subject, phase: str) -> Subject:
        """The subject with the phase its figure is of (决算 documents: the year's actual, or its
        budget where the words say 预算); one copy per subject and phase."""
        if subject.coords is None or subject.coords.phase == phase:
            return subject
        key = (id(subject), phase)
        made = self.phased_subjects.get(key)
        if made is None:
            made = self.phased_subjects[key] = (subject, Subject(
                text=subject.text, concept=subject.concept, coords=subject.coords.model_copy(update={"phase": phase})))
        return made[1]

    def share_whole(self, clause: str) -> Subject | None:
        """The whole a share names ("占本年支出合计的" → 本年支出合计), resolved; None when the
        sentence does not name one or it names nothing the tables print."""
        at = clause.rfind("占")
        m = SHARE_WHOLE.match(clause[at + 1:].strip()) if at >= 0 else None
        words = clean_subject(m.group(1)) if m else ""
        if len(words) < 2:
            return None
        subject = resolve_subject(words, self.section, self.index)
        if subject.coords is None:
            return None
        return self.phased(subject, "决算") if self.final else subject

    def read_claims(self, para: Para, fallback: str = "") -> bool:
        """The claims of every sentence of the paragraph; False, and self.carry kept, when it
        has no number. Each sentence is scanned once: a search for "any number?" first would
        scan the text twice wherever there is one."""
        if DIGIT.search(para.text) is None:     # most lines have no digit: nothing more to scan
            return False
        return self.sentence_claims(para, fallback)

    def sentence_claims(self, para: Para, fallback: str) -> bool:
        """read_claims of a paragraph known to hold a digit."""
        carry, found = self.carry, False
        self.para_changes = []
        first = len(self.claims)
        for sentence, offset in sentences(para.text):
            before = self.carry
            if self.sentence(para, sentence, offset, fallback):
                found = True
            elif before is not None and REASON_FIRST.search(sentence):
                # a reason between ("…决算为 X 万元。决算数小于预算数的主要原因是…。与上年相比减少
                # Y 万元"): the comparison after it is still of the amount before
                self.carry = before
        if not found:
            self.carry = carry      # a sentence without a number leaves the claim before it in place
        elif "其中" in para.text and "占" in para.text and len(self.claims) - first >= 4:
            shares_of_uses(self.claims[first:])
        return found

    def add_claim(self, para, sentence, offset, m, kind, subject, direction, basis,
                  current: dict | None = None, qualifier: str | None = None, unit: str | None = None,
                  part: bool = False) -> dict | None:
        """A claim's fields; the Claims are built in bulk when the walk ends (finish). part: a
        change that is a part of the item's change (reason_part), measured from no amount."""
        num, after = m.group("num", "after")
        unit = unit or unit_of(m)
        parsed = parse_amount(num)
        if parsed is None:
            return None
        value, places = parsed
        if m.group("sign") and kind not in ("change", "rate"):
            value = -value          # "结转结余（10.50）万元" (a change's sign is its direction)
        if qualifier == "approx" and value:
            # "约 240 万元" is exact to its last digit that is not 0 (the tens): checked so
            places = min(places, -value.normalize().as_tuple().exponent)
        if unit == "％":
            unit = "%"
        elif unit == "倍":
            # "增长1.5倍" is 150%, exact to ±5%: the percent its figure states, two places fewer
            value, places, unit = value * 100, places - 2, "%"
        elif unit == "万":
            if m.group("cmp"):
                return None        # "受益群众≥5万": a count's target, not money
            unit = "万元"
        per = PER_UNIT.match(sentence, m.end()) if after == "/" else None
        if after == "/":
            unit += "/" + ("/".join(PER_WORD.findall(per.group(0))) if per else "")
        start, end = offset + m.start("num"), offset + (per.end() if per else m.end())
        if unit == "个" and sentence.startswith("百分点", m.end()):
            unit = "个百分点"            # "提高 2 个百分点": a difference of shares, no count or amount
            kind = "percent" if kind == "count" else kind
            end += len("百分点")         # (quoted and located whole)
        text, quoted = sentence[m.start():end - offset].strip(), sentence
        if para.subs:       # money printed in Chinese numerals before or in it: quoted and located as printed
            text = para.printed(offset + m.start(), end).strip()
            quoted = para.printed(offset, offset + len(sentence))
        prov = self.located(para, start, end)
        # every field in declared order (claim_of makes the dict the Claim's own; the fields
        # set later, implied_prior, whole and of_amount, keep their places)
        claim = {"kind": kind, "section": self.section.number if self.section is not None else None, "subject": subject,
                 "value": value, "unit": unit, "precision": places, "direction": direction, "basis": basis,
                 "implied_prior": None, "whole": None, "qualifier": qualifier, "text": text, "sentence": quoted,
                 "provenance": prov, "of_amount": None, "table_set": 0}
        if kind == "change" and direction in ("increase", "decrease", "flat") and not part:
            # against the budget: the figure of the change's own phase, though others may follow it
            key = (subject.text, sentence, subject.coords.phase if subject.coords else None) \
                if basis in BUDGET_BASES else (subject.text, sentence)
            amount = current or self.amounts.get(key)
            if amount is None and subject.coords is not None:
                amount = self.same_figure(subject, sentence) or self.section_figure(subject)
            base = in_unit(amount, unit) if amount is not None and amount["qualifier"] is None else None
            if base is not None:        # (no base if inexact)
                sign = -1 if direction == "increase" else 1
                claim["implied_prior"] = base + sign * value
                claim["of_amount"] = amount
        elif kind == "prior":        # last year's figure of the amount of its subject stated beside it
            beside = self.amounts.get((subject.text, sentence))
            if beside is not None:
                claim["of_amount"] = beside
        elif kind == "amount":
            self.amounts[subject.text, sentence] = claim
            if subject.coords is not None and self.final:
                self.amounts[subject.text, sentence, subject.coords.phase] = claim
        self.claims.append(claim)
        return claim

    def same_figure(self, subject: Subject, sentence: str) -> dict | None:
        """The sentence's last amount of the figure a change's subject names in other words:
        "收入总计 X 万元、支出总计 X 万元，…收入、支出总计各增加 Y 万元" (the same coordinates)."""
        for claim in reversed(self.claims):
            if claim["sentence"] != sentence:
                return None
            if claim["kind"] == "amount" and claim["subject"].coords == subject.coords:
                return claim
        return None

    def section_figure(self, subject: Subject) -> dict | None:
        """The amount of the change's figure stated before in its section, in a sentence of its
        own ("“三公”经费数为 83.00 万元，其中：…" then "“三公”经费预算比上年预算减少 30.00 万元"): the
        one amount of the same coordinates there; None where there is none or they differ."""
        section = self.section.number if self.section is not None else None
        found = None
        for claim in reversed(self.claims):
            if claim["section"] != section:
                break
            if claim["kind"] == "amount" and claim["subject"].coords == subject.coords:
                if found is not None and claim["value"] != found["value"]:
                    return None
                found = found or claim
        return found if found is not None and found["qualifier"] is None else None

    def located(self, para: Para, start: int, end: int) -> Provenance:
        """Where para.text[start:end] was printed (money in Chinese numerals: the printed words)."""
        line, line_start, line_end = para.lines_of(start, end - 1)
        if para.subs:
            start, end, line_start = para.printed_at(start), para.printed_at(end, True), para.printed_line_start(line)
        return built(Provenance, {"file": self.doc.path, "line": line, "line_end": line_end, "page": None,
                                  "bbox": None, "ref": None, "char_start": start - line_start,
                                  "char_end": end - line_start, "table": None, "row": None, "column": None})

    # -- projects ----------------------------------------------------------------------------
    def project_field(self, para: Para) -> bool:
        if self.project is None and "项目名称" not in para.text:
            return False        # no project open, and PROJECT_NAME needs these words
        text = FIELD_PREFIX.sub("", para.text)
        m = PROJECT_NAME.match(text)
        if m:
            self.finish_project()
            self.project = ProjectInfo(name=m.group(1).strip(), provenance=self.provenance(para.starts[0][1]))
        elif self.project is None:
            return False
        for label, pattern, attr in PROJECT_FIELDS:
            fm = pattern.search(text) if label in text else None      # each field starts with its label
            if fm and getattr(self.project, attr) is None:
                setattr(self.project, attr, fm.group(1).strip())
        fm = PROJECT_SCALE.search(text) if "预算安排规模" in text else None
        if fm and parse_amount(fm.group(1)):
            self.project.scale, self.project.scale_unit = parse_amount(fm.group(1))[0], fm.group(2)
        fm = PROJECT_ALLOCATION.search(text) if "资金分配情况" in text else None
        if fm:
            self.project.allocation = allocation_items(fm.group(1))
        self.project.provenance.line_end = para.starts[-1][1]
        first = len(self.claims)
        self.read_claims(para)
        if fm is not None:
            self.projects_own(self.claims[first:])
        return True

    @staticmethod
    def projects_own(claims: list[dict]) -> None:
        """The figures of a project's 资金分配情况 ("公务用车运行维护费 1.5 万元，公务用车购置 18 万元")
        are the project's parts, none a table's total (the 三公 table's, the 收支总表's): no
        coordinates."""
        for claim in claims:
            if claim["subject"].coords is not None:
                claim["subject"] = claim["subject"].model_copy(update={"coords": None})

    def finish_project(self) -> None:
        if self.project is not None:
            self.disc.narrative.projects.append(self.project)
            self.project = None

    # -- performance tables (grid rows) --------------------------------------------------------
    def start_perf(self, para: Para) -> None:
        self.end_perf()
        self.finish_project()
        kind = "department" if "整体" in para.text or "部门" in para.text[:4] else "project"
        self.perf = self.performance_table(kind, para)
        self.perf_header = None
        self.perf_rows, self.perf_head_seen = None, False
        self.fiscal_lines = 0
        self.fund_heads = {}
        self.levels = [None, None]
        self.disc.narrative.performance.append(self.perf)

    def performance_table(self, kind: str, para: Para) -> PerformanceTable:
        """A table opening at the paragraph, built unvalidated (model/built.py): every field in declared order."""
        return built(PerformanceTable, {"kind": kind, "project": None, "amount": None, "fiscal_amount": None,
                                        "funds": [], "unit": "万元", "year": None, "year_line": None, "goal": None,
                                        "indicators": [], "unread_rows": [], "unread_weights": [],
                                        "provenance": self.provenance(para.starts[0][1]), "unit_name": None,
                                        "table_set": 0})

    def grid_row(self, para: Para) -> None:
        cells = para.cells[:]
        unread = self.unread_of(para)
        while cells and not cells[-1] and len(cells) - 1 not in unread:   # (an unread cell is no empty one)
            cells.pop()
        if self.perf is None:
            self.perf = self.performance_table("project", para)
            self.disc.narrative.performance.append(self.perf)
        if self.perf_year(para, cells):        # empty cells are neither a year nor words
            return
        joined = "".join(cells)
        if "三级指标" in joined:
            self.perf_header = Header.of(cells)
            return
        if self.perf_header is not None and self.perf.indicators and NEXT_TABLE.match(joined):
            self.start_perf(Para(text="项目支出绩效目标表", starts=para.starts))   # next table, title lost
        if self.perf_header is None:
            self.perf_meta(cells, para)
            return
        self.indicator(cells, para, unread)

    def unread_of(self, para: Para) -> dict[int, str]:
        """The cells of a grid row whose value the file does not hold (Line.unread): index → why."""
        ln = self.doc.line_numbered(para.starts[0][1])
        return ln.unread if ln is not None and ln.unread else {}

    def unread_indicator_cells(self, level3: str, unread: dict[int, str], pad: int, para: Para) -> None:
        """Say each cell of an indicator's row a workbook does not hold the value of (a value typed
        as a formula, "=8台": an error shown, #NAME?; or saved by a program without its result),
        by sheet and cell, with the formula as typed: the row is read without it, never with a
        value guessed from the formula."""
        no, header = para.starts[0][1], self.perf_header.cells
        line = self.doc.line_numbered(no)
        for i, why in sorted(unread.items()):
            if i >= len(para.cells) or para.cells[i]:
                continue                  # its shown text is read (a figure shown otherwise: said by the reader)
            ref = line.cell_refs[i] if line is not None and line.cell_refs and i < len(line.cell_refs) else None
            formula = self.doc.formulas.get((no, i))
            column = header[i + pad] if i + pad < len(header) and header[i + pad] else "单元格"
            shown = "文件中没有保存其计算结果" if why == UNREAD_FORMULA else f"显示{why}" if why.startswith(UNREAD_ERROR) \
                else why
            said = f"是公式 {formula}，{shown}" if formula else f"是公式，{shown}" if why == UNREAD_FORMULA else shown
            hint = f"；如 {formula} 是要填写的内容，请将该单元格设为文本格式后重新录入" if formula else ""
            self.disc.issues.append(ParseIssue(
                level="warning", code="performance-cell-unread",
                message=f"{self.perf_what()}指标“{level3}”的{column}（{ref or f'第 {no} 行'}）{said}，未读取{hint}",
                provenance=Provenance(file=self.doc.path, line=no, ref=ref)))

    def perf_unit(self, text: str) -> None:
        m = PERF_UNIT.search(text)
        if m is not None:
            self.perf.unit = m.group(1) or m.group(2)

    def perf_meta(self, cells: list[str], para: Para) -> None:
        if "元" in para.text:
            self.perf_unit(para.text)
        heads, self.fund_heads = self.fund_heads, {}
        if heads:
            self.fund_amounts(heads, cells, para)
        after = next_filled(cells)
        # (the cheap tests first: most cells are empty or repeat a merged cell's text)
        labels = {k: cell for k, (cell, nxt) in enumerate(zip(cells, after))
                  if cell and (k == 0 or cells[k - 1] != cell) and fund_kind(cell) and not parse_amount(nxt)}
        if len(labels) > 1:
            self.fund_heads = labels
        for cell, nxt in zip(cells, after):
            if cell.startswith("项目名称") and nxt:
                self.perf.project = nxt
            if nxt and self.perf.unit_name is None and PERF_OWNER.match(cell):
                self.perf.unit_name = nxt
            if TOTAL_FIELD.match(cell):
                value = parse_amount(nxt.split("其中")[0]) or parse_amount(NON_DIGITS.sub("", cell))
                if value and self.perf.amount is None:
                    self.perf.amount = value[0]
                    self.perf_fund("total", cell, value[0], para)
            if cell.startswith("其中") and "财政" in cell:
                value = parse_amount(nxt)
                if value:
                    self.perf.fiscal_amount = value[0]
                    self.perf_fund("fiscal", cell, value[0], para)
            if FUNDED_BY.search(cell):
                value = parse_amount(nxt)
                if value:
                    self.perf.fiscal_amount = (self.perf.fiscal_amount or Decimal(0)) + value[0]
                    self.perf_fund("fiscal", cell, value[0], para)
            elif OTHER_FUNDS.match(cell) and nxt:       # 其他资金 | 0.00 (a project's too)
                value = parse_amount(nxt)
                if value:
                    self.perf_fund("other", cell, value[0], para)
            if nxt and self.perf.goal is None and cell.startswith(GOAL_LABELS) and len(cell) < 12:
                self.perf.goal = clean_printed(nxt)         # 年度目标 | its text
        self.flat_sentences(para, cells)

    def fund_amounts(self, heads: dict[int, str], cells: list[str], para: Para) -> None:
        """The row under a row of fund labels side by side: each label's amount in its column."""
        for k, label in heads.items():
            value = parse_amount(cells[k]) if k < len(cells) and cells[k] else None
            kind = fund_kind(label)
            if not value or (kind == "total" and self.perf.amount is not None):
                continue
            if kind == "total":
                self.perf.amount = value[0]
            elif kind == "fiscal":
                self.perf.fiscal_amount = (self.perf.fiscal_amount or Decimal(0)) + value[0]
            self.perf_fund(kind, label, value[0], para)

    def perf_fund(self, kind: str, label: str, amount: Decimal, para: Para) -> None:
        """An amount of the table's 年度预算, kept with its line (the checks cite it)."""
        self.perf.funds.append(built(PerformanceFund, {"kind": kind, "label": label, "amount": amount,
                                                       "line": para.starts[0][1]}))

    def flat_sentences(self, para: Para, cells: list[str]) -> None:
        """Claims of a grid row read as one line; its first cell names what they are about."""
        self.read_claims(para, fallback=next((c for c in cells if c), ""))

    def indicator(self, cells: list[str], para: Para, unread: dict[int, str]) -> None:
        header = self.perf_header
        pad = max(0, len(header.cells) - len(cells))
        cells = [""] * pad + cells   # leading level cells left blank
        if header.project is not None:
            self.listed_project(cells, para)
        cells = _close_gap(cells, header.level3)
        cells = _merge_levels(cells, header.width, header.level2)

        def get(*names: str) -> str | None:
            for n in names:
                for i in header.columns[n]:
                    if i < len(cells) and i not in header.prior:
                        return cells[i] or None
            return None

        level1, level2 = get("一级指标"), get("二级指标")
        self.levels = [level1 or self.levels[0], level2 or (self.levels[1] if not level1 else None)]
        level3 = get("三级指标")
        if not level3:
            self.flat_sentences(para, cells)
            return
        if unread:
            self.unread_indicator_cells(level3, unread, pad, para)
        weight = get("权重", "分值")
        prior = next((cells[i] for i in header.prior if i < len(cells) and cells[i]), None)
        value = get("指标值")
        if header.columns["指标性质"] or header.columns["度量单位"] or header.columns["计量单位"]:
            value = joined_value(get("指标性质"), value, get("度量单位", "计量单位"))
        self.add_indicator(level3, value, get("依据", "分标准"),
                           parse_amount(weight)[0] if weight and parse_amount(weight) else None, para.starts[0][1],
                           prior=prior)
        for m in NUMBER.finditer(para.text):
            unit = unit_of(m) if in_run(m, para.text) else None
            kind = "target" if m.group("cmp") else ("percent" if unit in ("%", "％") else "amount")
            if unit in ("万元", "万", "元", "%", "％"):
                self.add_claim(para, para.text, 0, m, kind, self.indicator_subject(level3), None, None)

    def listed_project(self, cells: list[str], para: Para) -> None:
        """A table listing several projects (项目名称 | 项目资金 | 年度目标 | 一级指标 …): a row
        naming another project opens that project's table, read under the same header, with the
        amount and goal the row prints (one table of them all would sum every project's weights).
        Where the table prints the projects' amounts, a row without one opens none: the words in
        its name and goal cells are the rest of the project's merged cells, cut by a page break."""
        header = self.perf_header
        name = clean_printed(cells[header.project]) if header.project < len(cells) else ""
        goal = clean_printed(next((cells[k] for k, h in enumerate(header.cells)
                                   if h.startswith(GOAL_LABELS) and k < len(cells)), ""))
        amounts = [value[0] for k in header.columns["资金"] if k < len(cells) and cells[k]
                   for value in [parse_amount(cells[k])] if value]
        if name == self.perf.project:
            return
        if self.perf.project is not None and header.columns["资金"] and not amounts:
            if name or (goal and goal != self.perf.goal):
                self.perf.project += name
                if goal != self.perf.goal:
                    self.perf.goal = (self.perf.goal or "") + goal or None
                self.perf_issue("info", "performance-cell-continued", para.starts[0][1],
                                f"{self.perf_what()}第 {para.starts[0][1]} 行不列金额，其项目名称、年度目标栏的文字"
                                f"（{name}{goal}）接在上一行之后（合并单元格跨页断开）")
            return
        if not name:
            return
        if self.perf.project is not None or self.perf.indicators:
            self.start_perf(Para(text="项目支出绩效目标表", starts=para.starts))
            self.perf_header = header
        self.perf.project = name
        k = next((k for k in header.columns["资金"] if k < len(cells) and cells[k] and parse_amount(cells[k])), None)
        if k is not None:
            self.perf_unit(header.cells[k])
            self.perf.amount = amounts[0]
            self.perf_fund("total", header.cells[k], amounts[0], para)
        self.perf.goal = goal or None

    def indicator_subject(self, name: str) -> Subject:
        """One Subject per indicator name, shared like resolve_subject's (nothing edits one)."""
        subject = self.indicator_subjects.get(name)
        if subject is None:
            subject = self.indicator_subjects[name] = Subject(text=name, concept="indicator")
        return subject


HEADER_NAMES = ("一级指标", "二级指标", "三级指标", "权重", "分值", "指标值", "依据", "分标准", "资金", "指标性质", "度量单位", "计量单位",
                *PRIOR_NAMES)


@dataclass(slots=True)
class Header:
    """A performance table's header row, read once: every indicator row is read against it."""
    cells: list[str]
    width: int                        # cells with a name
    level2: int | None                # the first column named 二级指标, 三级指标
    level3: int | None
    columns: dict[str, list[int]]     # a HEADER_NAMES name → the columns whose name holds it
    # the 上年完成值 / 历史值 columns ("上年指标值" holds 指标值 too: never read as the value)
    prior: list[int]
    project: int | None = None        # the 项目名称 column of a table listing several projects

    @classmethod
    def of(cls, cells: list[str]) -> Header:
        col = {name: i for i, name in enumerate(cells)}       # a repeated name: its last column
        columns = {n: [i for h, i in col.items() if n in h] for n in HEADER_NAMES}
        first = {n: (found[0] if found else None) for n, found in columns.items()}
        prior = sorted({i for n in PRIOR_NAMES for i in columns[n]})
        return cls(cells=cells, width=len([h for h in cells if h]), level2=first["二级指标"],
                   level3=first["三级指标"], columns=columns, prior=prior,
                   project=next((i for i, h in enumerate(cells) if h.startswith("项目名称")), None))


DIGIT = re.compile(r"\d")       # a NUMBER needs one, and looking for it alone is many times faster
# What every NUMBER match holds: a figure's last digit (or a thousands comma), a bracket closing
# it, spaces and the first character of a unit, its own or the one of its run ("10、5 万元").
# A text without it has no claim; one search costs less than the sentence walk that finds none.
UNIT_FIGURE = re.compile(r"\d,*[）)]?\s*[" + re.escape("".join(sorted({u[0] for u in (*UNITS, "万", *SHARED_UNITS)})))
                         + "]")
# what perf_text looks for needs one of these: 年 (a year), 项 (项目名称), 总 (总额) or a digit
PERF_TEXT_NEEDS = re.compile(r"[年项总\d]")


def needs_perf_text(text: str) -> bool:
    """PERF_TEXT_NEEDS finds something in text. Most lines of such a table are words alone
    ("指标", "工作资料"): no character of theirs is a digit (isalpha), and three substring
    tests cost less than the search."""
    if text.isalpha():
        return "年" in text or "项" in text or "总" in text
    return PERF_TEXT_NEEDS.search(text) is not None


def sentences(text: str) -> list[tuple[str, int]]:
    """The text's sentences, each with its end mark (。；;) and its offset; a mark alone is none."""
    # (split at one mark: str methods find it several times faster than a search for the three)
    marks = text.replace("；", "。").replace(";", "。")
    if "。" not in marks:
        return [(text, 0)] if text else []      # most paragraphs: one sentence, no mark
    found, start = [], 0
    for part in marks.split("。"):
        if part:
            found.append((text[start:start + len(part) + 1], start))
        start += len(part) + 1
    return found


COUNT_UNITS = frozenset(("个", "人", "名", "人次", "辆", "台", "套", "平方米", "家", "项", "批次", "次"))
# a clause before a count that names nothing counted ("2026年共有", "本部门共"): the noun after the
# count's unit does ("3个项目实行绩效目标管理" → 项目; up to a verb, a 的 or a mark)
COUNT_LEAD = re.compile(r"(?:\d{4}\s*年度?)?(?:本部门|本单位|部门|单位)?(?:共有|共计|共|现有|拥有|有|计|合计|总计)")
COUNT_LEAD_END = re.compile(rf"(?:{COUNT_LEAD.pattern})\s*$")
# words after which what is counted follows the figure: "对“A”等2个项目", "主要用于2辆公务用车的
# 运行维护", "用于保障3台设备" (the use names nothing counted)
COUNTED_AFTER = ("等", "对", "用于", "保障")
# (what is counted ends before what is done with it: "用于保障 2 辆公务用车运行" counts 公务用车)
COUNT_NOUN = re.compile(r"[\u4e00-\u9fff]{1,12}?(?=实行|实施|纳入|开展|编制|设定|设置|涉及|安排|的|均|运行|运转|维护|"
                        r"[^\u4e00-\u9fff]|$)")
# a use before what it counts: "主要用于公务用车 2 辆", "用于保障公务用车 2 辆"
USE_LEAD = re.compile(r"^(?:主要|全部|专门)?用于(?:保障)?")
# the measures a bound is of ("单价 100 万元以上的设备"): words that name no kind
BOUND_MEASURES = ("单价", "单位价值", "单台价值", "单件价值", "价格")
DROP_FIRST = "其（(-•即"
# "包括人员经费 X", "支出预算主要包括一般公共服务支出 X": the item after 包括 (a whole's words
# before it name what the item is part of)
INCLUDED = re.compile(r"^(?:其中|(?:本年)?(?:收入|支出)(?:预算)?)?(?:主要)?包括[:：]?")
INCLUDED_HEADS = ("包括", "主要包括", "其中包括", "收入", "支出", "本年收入", "本年支出")
OWN_UNIT_WORDS = ("本部门", "本单位", "单位", "部门")
# "$" also matches before a final newline
CHANGE_END_TAILS = CHANGE_WORDS + ("为", "了", "达", "到", "\n", "率", "幅度", "额", "增减", "变动", "变化", "数",
                                  *SIGNS, *EITHER_WAY_TAILS)
VERB_END_TAILS = ("为", "是", "共", "合计", "共计", "达", "到", "\n", "人民币")
# a side's total named bare ("收入合计 X 万元"), whose 合计 is no verb (subjects.side_total)
SIDE_TOTALS = frozenset(("收入合计", "支出合计", "收入决算合计", "支出决算合计"))


def before_or_after(comparison: re.Pattern, words: str) -> str:
    """The words before a comparison ("基本支出比2025年减少"); where it opens them, those after it
    that a year heads ("与上年预算相比2026年基本支出减少"), else none (the subject is the one
    before: "…总计21,955.35万元，与上年相比收、支预算总计各增加")."""
    m = comparison.search(words)
    if m is None:
        return words
    head = words[:m.start()]
    if head.strip(" ，,：:"):
        return head
    tail = words[m.end():].lstrip(" ，,")
    return tail if HAS_YEAR.match(tail) else ""


LEVEL_END = re.compile(r"[（(][类款项][）)]\s*$")


def after_reason(words: str) -> str:
    """The words after a reason opened inside them ("决算数大于预算数的主要原因是追加人员经费"):
    the figure that follows is the reason's, not that of what the reason explains."""
    m = last_match(REASON_FIRST, words, len(words))
    if m is None or m.start() == 0:
        return words
    rest = words[m.end():].lstrip("：:，, ")
    return rest or words


def after_year(words: str) -> str:
    """The words after the year they name ("2026年基本支出" → 基本支出); where those only say which
    figure ("…行政运行（项）2026年预算" ), the item the words named before the year."""
    rest = YEAR_PREFIX.sub("", words)
    if rest and not GENERIC.match(rest):
        return rest
    head = words[:HAS_YEAR.search(words).start()].rstrip()
    # ("基本支出2026年预算数为": the item named before the year, as a concept or a marked level)
    return head if LEVEL_END.search(head) or first_concept(head) is not None else rest


@memoised
def clean_subject(words: str) -> str:
    """The words in front of a number, as a subject: no list mark, year, own unit, comparison
    or verb."""
    words = words.strip(" ，,：:；;。")
    if words[:1] in "）)":          # after a bracket closed: "比上年预算（93.40 万元）减少"
        words = words[1:].lstrip(" ，,：:；;。")
    elif words[:1] in "（(" and "）" not in words and ")" not in words:
        # in a bracket just opened: "（其中：B 3 万元", "同比下降 5%（减少 12 万元）": its words
        words = words[1:].lstrip(" ，,：:；;。")
    if len(words) > 2 and words[0] in "“\"" and words[-1] in "”\"" and words.count("“") + words.count("”") <= 2:
        words = words[1:-1]      # "“一般公共服务支出（类）…（项）”": the quotes mark the name
    # each pattern only where it can match: its first or last characters, or a word it needs
    if words[:1] in DROP_FIRST or words[:1].isdecimal() or (words[1:2] == "是" and words[:1] in CN):
        words = DROP.sub("", words)
    if words.startswith(INCLUDED_HEADS):
        words = INCLUDED.sub("", words)         # "包括人员经费 X 万元": the item
    if words.startswith(REASON_HEADS):
        words = REASON_LEAD.sub("", words)     # "主要是办公费增加": the item is 办公费, not the reason's words
    elif "原因" in words or "主要" in words or "由于" in words or "因为" in words:
        words = after_reason(words)
    # the comparison first: a year it names ("比2025年") is no prefix to drop with what precedes it
    if "比" in words or "较" in words or "与" in words:
        words = before_or_after(ON_LAST_YEAR, words)
    if "于" in words or "超" in words:
        words = before_or_after(COMPARED, words)
    if words.endswith(SCOPE_TAILS):
        words = SCOPE.sub("", words)     # "同口径比上年减少", "剔除一次性因素后比上年": how, not what, compared
    if "年" in words and HAS_YEAR.search(words):
        words = after_year(words)
    if words.startswith(OWN_UNIT_WORDS):
        words = OWN_UNIT.sub("", words)
    if "中" in words or "用于" in words or "安排的" in words:
        words = part_named(words)
    if "预算" in words and ("比" in words or "较" in words or "与" in words or "超" in words or "于" in words):
        words = BUDGET_WORDS.split(words)[0]
    if words.endswith(CHANGE_END_TAILS):
        words = CHANGE_END.sub("", words)
        if words.endswith(CHANGE_ADVERB_TAILS):
            words = CHANGE_ADVERB.sub("", words)
    if words.endswith(VERB_END_TAILS) and words not in SIDE_TOTALS:     # (收入合计: a row's name)
        words = VERB_END.sub("", words)
    if "持平" in words:
        words = FLAT.sub("", words)      # "“三公”经费预算与上年持平，均为 X 万元": the item, not its comparison
    if words.endswith(BOTH_ENDS):
        words = BOTH.sub("", words)      # "A和B均为 0 万元", "A、B各增加": the items, not the adverb
    if "算" in words:
        words = without_phase(words)
    return words.strip(" ，,：:、")


# the figure's phase printed with its item ("本年预算数一般公共预算支出", "基本支出预算数",
# "基本支出年初预算"): the claim's coordinates hold the phase (a 决算's from its clause), the
# subject names the item
PHASE_HEAD = re.compile(r"^(?:(?:本年度?|当年)(?:年初|调整|全年)?预算(?:数|金额)?|(?:年初|调整|全年)?预算(?:数|金额))(?!绩效)(?:中的|中|的)?")
# (not 决算: a 决算's figures are its actuals unless the words say otherwise, and its messages
# quote "…支出决算" as printed)
PHASE_TAIL = re.compile(r"(?:本年度?|当年)?(?:的)?(?:年初|调整|全年)?(?<![共金营总门位])预算(?:数|金额)?$")


# the phase between a kind of money and its spending: "机关运行经费预算支出", "会议费预算支出"
MID_PHASE = re.compile(r"(?<=[费金])(?:年初|调整|全年)?预算(?=支出$)")


def without_phase(words: str) -> str:
    """The words without the phase they print, where what is left names the same concept
    (never a name's own 预算: 一般公共预算, 收入预算, 部门预算 keep it)."""
    rest = PHASE_TAIL.sub("", PHASE_HEAD.sub("", words))
    if "预算支出" in rest:
        rest = MID_PHASE.sub("", rest)
    if rest == words or len(rest) < 2:
        return words
    concept = first_concept(words)
    return rest if concept is not None and first_concept(rest) == concept else words


# the basis a comparison is made on, in front of it: "同口径", "按可比口径计算", "剔除一次性因素后"
SCOPE = re.compile(r"(?:(?:按|在|以)?(?:同|可比)口径(?:下|计算|比较|测算|)|(?:剔除|扣除|除去|不考虑)[^，,。；;]{1,16}?后)$")
SCOPE_TAILS = ("口径", "下", "计算", "比较", "测算", "后")


# a part named after its whole: "公用经费中办公费", "基本支出中的办公费", "人员经费主要用于基本工资",
# "人员经费安排的奖金" (中 after a whole's last character, not 中央, 中小企业, 中心 …; 安排 only
# with its 的: "预算安排规模", "预算安排项目" name no part)
PART_OF = re.compile(r"(?<=[费出算款金额])(?:中(?![央小心标期长级型介间外国华])(?:的|用于|安排的?|)|(?:主要)?用于|安排的)")
# the money a whole names stays with its part: "一般公共预算支出中基本支出" is 表5's, "单位资金安排的
# 项目支出" the unit's own money's (subjects.sourced), not the whole 项目支出
FISCAL_WHOLE = re.compile(r"一般公共预算|非?财政拨款|政府性基金|国有资本经营|财政专户|单位(?:自有)?资金|其他资金|自有资金|"
                          r"事业收入|经营收入|上级补助|其他收入")
# the parts a table splits by source (基本支出, 人员经费; not an item's fee: "会议费预算支出")
FISCAL_PARTS = ("支出", "经费")


def part_named(words: str) -> str:
    """The words after the last PART_OF, where words follow it (with the fiscal money the whole
    names); else the words."""
    last = None
    for last in PART_OF.finditer(words):
        pass
    if last is None or last.end() >= len(words) or "结转" in words[:last.start()]:
        # ("上年结转资金安排的项目支出": the part the carry-over pays for, not the year's whole)
        return words
    part = words[last.end():]
    fiscal = FISCAL_WHOLE.search(words, 0, last.start()) \
        if part.endswith(FISCAL_PARTS) and "费" not in part[:-2] else None
    return (fiscal.group(0) if fiscal else "") + part


# a comparison saying the figure did not change, and what follows it in the words before a figure
FLAT = re.compile(rf"[，,]?\s*(?:(?:与|和|同|较|比){LAST_YEAR}{LAST_YEARS_FIGURE}?(?:相比)?[，,]?)?\s*(?:基本)?持平.*$")
# an adverb of all the items before it ("均为", "都是"); 人均, 平均, 年均 are words of their own
BOTH = re.compile(r"(?<![人平年户月日])(?:[均都皆各]|仍然?)$")     # (and "仍为": the same as before)
BOTH_ENDS = ("均", "都", "皆", "各", "仍", "仍然")


def classify(m: re.Match, unit: str, before: str, clause: str, text: str, end: int) -> tuple[str, str | None, str | None]:
    """The claim kind of a number (direction and basis for changes); before/clause: the sentence
    and the clause in front of it; text[:end]: the paragraph in front of it (searched up to
    end, not copied: few numbers need it)."""
    after = m.group("after")
    if m.group("cmp"):
        return "target", None, None
    if after and after != "/":           # 以上/以下, with a note of the bound's own (BOUND_NOTE)
        return "threshold", None, None
    if after == "/":
        return "unit_price", None, None
    tail = before[-12:]
    if unit == "倍":      # "增长1.5倍": a rate of 150% (add_claim writes it in percent); else a multiple
        rm = rate_word(before)
        return ("rate", word_direction(rm.group(1)), None) if rm else ("percent", None, None)
    if unit in ("%", "％"):
        cm = COMPLETION.search(tail) if "预算" in tail else None
        if cm is None and before.endswith("元的"):
            cm = COMPLETION_OF.search(before[-40:])
        if cm:
            return "completion", None, (cm.group(1) or cm.group(2) or "") + "预算"
        if "占" in clause and SHARE_CHANGE.search(clause):
            # "占…的比重较上年下降 1.50%", "占比较上年提高 1.50%": the share's change (in points or of
            # itself, the words do not say), neither the share nor the item's rate
            return "percent", None, None
        if "占" in tail and (SHARE_OF.search(tail) or SHARE_END.search(tail)):
            return "share", None, None
        rm = rate_word(before)
        if rm:
            return "rate", word_direction(rm.group(1)), None
        if "占" in clause and (lm := LONG_SHARE.search(clause)) and not SHARE_MOVED.search(lm.group(0)):
            return "share", None, None
        if (m.group("sign") or m.group("plus")) and signed_change(m, before) is not None:
            # "同比△5%", "同比+5%": the mark says which way
            return "rate", "decrease" if m.group("sign") else "increase", None
        return "percent", None, None
    # CHANGE_WORD and CHANGE_VERB end with a change word (then 了, spaces): most amounts have none
    near = before[-30:]
    near_end = near.rstrip()        # (each ending test below reads the words without their spaces)
    cm = CHANGE_WORD.search(near) if near_end.endswith(CHANGE_WORD_TAILS) else None
    if cm:
        basis = BASIS.search(cm.group(0))
        basis_text = "上年" + figure_of(basis.group(2)) if basis else "上年"
        return "change", word_direction(cm.group(2) or cm.group(3)), basis_text
    cm = BUDGET_CHANGE_WORD.search(near) if "预算" in near and near_end.endswith(BUDGET_CHANGE_TAILS) else None
    if cm:     # the year's actual against its own budget: the basis is that budget, not last year
        return "change", direction_of(cm.group(3) or cm.group(6) or "超"), budget_basis(cm)
    clause_end = clause.rstrip()
    vm = CHANGE_VERB.search(clause) if clause_end.endswith(CHANGE_VERB_WORDS) else None
    summed = vm is None and clause_end.endswith(CHANGE_SUM_TAILS)
    if summed:
        vm = CHANGE_SUM.search(clause)      # "增减额 -35.22 万元", "减少额为 12 万元": a change too
    if vm:      # "…较年初预算增长 4.07%，增加 20.36 万元": the comparison stated before
        return "change", word_direction(vm.group(1)), stated_basis(text, end)
    if summed and (unit in MONEY_UNITS or unit == "万") and MOVED.search(clause):
        # "人员经费变动数 12 万元": which way only a sign says ("变动 -12"), else none is read
        # (no implied prior, no direction checked: never guessed); "人员变动 12 人" counts people
        # who moved, no change of a count
        signed = m.group("sign") or m.group("plus")
        return "change", "increase" if signed else None, stated_basis(text, end)
    basis_text = signed_change(m, before) if m.group("sign") or m.group("plus") else None
    if basis_text is not None:          # "比上年△12.50万元", "比上年+12.50万元": a change, its mark the direction
        return "change", "decrease" if m.group("sign") else "increase", basis_text
    if ANY_REASON_VERB.search(clause) is None:
        return "amount", None, None     # (verb_first and verb_inside would each search for a verb)
    # (a verb inside the clause is a reason's change only where the sentence gives a reason or
    # a comparison: "安排增加就业岗位补贴资金 X 万元" names a project)
    vm = verb_first(clause) or ((im := verb_inside(clause)) and CHANGE_SAID.search(before) and im)
    if vm:      # "主要原因是新增人员，增加人员经费 30.00 万元": the verb before its item, a change of it
        # (on the comparison stated before, as "人员经费增加 X 万元" is: "决算数大于年初预算数的
        # 主要原因是增加人员经费 X 万元" against the year's budget, "比上年预算减少…，主要是减少人员
        # 经费 X 万元" against last year's budget)
        return "change", direction_of(vm.group(1)), stated_basis(text, end)
    return "amount", None, None


def stated_basis(text: str, end: int) -> str:
    """The basis of a change whose words name no comparison ("人员经费增加 X 万元", "减少人员经费
    X 万元"): the one text[:end] stated last, the year's budget or a figure of last year's (同比:
    none named), else last year ("其中：人员经费增加 20.00 万元": a change all the same)."""
    last_year = last_match(ON_LAST_YEAR, text, end)
    budget = last_match(BUDGET_SAID, text, end) if "预算" in text else None
    if budget is not None and (last_year is None or budget.start() > last_year.start()):
        return named_budget(budget)
    if last_year is None:
        return "上年"
    basis = BASIS.match(text, last_year.start())
    return "上年" + figure_of(basis.group(2) if basis else None)


# "由（上年的）X 万元增加到 Y 万元", "从 X 万元下降至 Y 万元": X last year's figure, Y this year's
FROM_END = re.compile(rf"(?:由|从)(?:上一?年度?|\d{{4}}\s*年度?)?{LAST_YEARS_FIGURE}?的?\s*$")
FROM_TAILS = ("由", "从", "的", "年", "度", "算", "数")
# "提高 2.10 个百分点", "下降了 35.9 个百分点": a share moved (after 占比 or a share)
POINTS_MOVED = re.compile(rf"({'|'.join(TREND_VERBS)})了?\s*$")
SHARE_SIGNS = {"increase": 1, "decrease": -1, "flat": 0}
# the words of a share before "由 X% 提高到 Y%": 占比, 占…的比重, 所占比例 (not 比例 alone: 执行比例)
SHARE_NAMED = re.compile(r"占|比重")
TO_NEXT = re.compile(rf"\s*(?:{'|'.join(TREND_VERBS)}|调增|调减|提高)?了?\s*(?:到|至)\s*\d")
TO_CLAUSE = re.compile(rf"^\s*(?:{'|'.join(TREND_VERBS)}|调增|调减|提高)?了?\s*(?:到|至)\s*$")
# an item joined to the figure before it: "人员经费 X 万元和公用经费 Y 万元" (not 及时)
JOINED_ITEM = re.compile(r"^(?:以及|和|及)(?!时)")
JOINERS = ("以及", "和", "及")


# a clause that opens with a change's verb, after a reason's words, and then names the item:
# "增加人员经费", "主要是压减公务接待费", "主要原因是：减少了信息化项目经费"
# (a reason may be numbered: "主要原因是：1.人员调出；2.压减公用经费 X 万元", "（2）…", "二是…")
REASON_NUMBER = r"(?:\d{1,2}[、.．)）]|[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]是)\s*"
# (not the verbs that begin items' names too, "提高…能力建设经费", "节约型机关建设经费": a change
# only after a comparison)
NAMING_VERBS = ("提高", "节约")
REASON_VERBS = tuple(verb for verb in TREND_VERBS if verb not in NAMING_VERBS)
VERB_FIRST = re.compile(rf"^\s*(?:{REASON_NUMBER}|)(?:(?:{REASON_FIRST.pattern})[：:]?\s*)?({'|'.join(REASON_VERBS)})了?(?![后至到])(?=[\u4e00-\u9fff“\"])")


# a reason's cause, then the change of an item: "人员调出减少人员经费 X 万元", "因新增人员增加
# 人员经费 X 万元" (the item a kind of money, right before its figure; no 的 in it: "减少碳排放的
# 设备购置费" names a purchase; not 增加值, not after a comparison, which CHANGE_WORD reads)
VERB_INSIDE = re.compile(rf"(?<![比较与同])({'|'.join(REASON_VERBS)})了?(?!值|点|到|至)"
                         r"((?:(?!的)[\u4e00-\u9fff“”（）()]){1,24}?(?:经费|费|支出|资金))\s*$")


# what a sentence says before a reason's change: its reason, or the comparison it explains
CHANGE_SAID = re.compile(rf"{REASON_FIRST.pattern}|{ON_LAST_YEAR.pattern}|{VS_BUDGET}")


# any of those verbs: one search in C (a loop over two dozen verbs cost more per clause)
ANY_REASON_VERB = re.compile("|".join(REASON_VERBS))


def rate_word(before: str) -> re.Match | None:
    """RATE_WORD.search(before), tried only where the words (their spaces aside) end as its
    match does: most percents are shares or counts, and the search tries every place in them."""
    return RATE_WORD.search(before) if before.rstrip().endswith(RATE_TAILS) else None


def verb_inside(clause: str) -> re.Match | None:
    """VERB_INSIDE, tried only where a change's verb is in the clause."""
    if ANY_REASON_VERB.search(clause) is None:
        return None
    return VERB_INSIDE.search(clause)


def verb_first(clause: str) -> re.Match | None:
    """VERB_FIRST, tried only where a change's verb is in the clause (most have none)."""
    if ANY_REASON_VERB.search(clause) is None or clause.rstrip().endswith(("至", "到")):
        return None         # ("压减一般性支出至 X 万元": X is what is left, not the cut)
    return VERB_FIRST.match(clause)


# A comparison right before a signed figure, no verb between: "比上年△12.50万元", "同比-3.2%"
SIGNED_CHANGE = re.compile(rf"(?:(?:比|较){LAST_YEAR}({LAST_YEARS_FIGURE})?|与{LAST_YEAR}({LAST_YEARS_FIGURE})?相比[，,]?"
                           rf"|同比|(?P<budget>{VS_BUDGET}))[为是]?\s*$")


def signed_change(m: re.Match, before: str) -> str | None:
    """The basis of a signed figure that a comparison alone leads up to ("比上年△12.50万元",
    "比年初预算-5.00万元"), or None; a figure a verb follows is the one compared with ("比上年
    预算数-5.00万元减少…": last year's)."""
    cm = SIGNED_CHANGE.search(before[-30:]) if "比" in before or "较" in before or "与" in before else None
    if cm is None or m.string.startswith(TREND_VERBS, m.end()):
        return None
    if cm.group("budget"):
        return budget_basis(ON_BUDGET.search(cm.group("budget")))
    return "上年" + figure_of(cm.group(1) or cm.group(2))


# words that name the whole stated first in the sentence, after its parts: "总体比上年增加", "总额较上年减少"
WHOLE_WORD = re.compile(r"^(?:总体|整体|总额|总量|总体上|整体上|总的)(?:预算|支出|收入)?(?:数|额)?$")
WHOLE_FIRST = "总整"
TOTAL_CLAUSE = re.compile(r"^\s*(合计|共计|总计)(为|是|达)?\s*$")
BASIC_PARTS = ("basic:public", "basic:personnel")
# a source of money, and what spends it: a source named after a spending is that spending's
SOURCES = ("source:", "fiscal:")
SPENDINGS = ("nature:", "basic:", "function:", "three_public:", "admin_operating", "projects:", "project:scale")


# the whole of a list of items of one family ("three_public:reception" …), as the text names it
FAMILY_WHOLE = {"three_public": "“三公”经费", "procurement": "政府采购", "basic": "基本支出"}
VEHICLE_PARTS = frozenset({"three_public:vehicle_purchase", "three_public:vehicle_operation"})


def whole_before(amounts: list[tuple[int, dict, bool]], head: str) -> Subject | None:
    """The whole the last run of parts in head is of (Context.sentence's amounts: where each
    figure ends, its claim, in brackets): the last amount outside brackets before the run's first
    其中. A later 其中 after a part ("其中：A x，B y（其中：…）", "…，B y，其中：…") is of that part,
    not a new whole; an amount of the whole's own concept is ("收入预算 X，其中…，支出预算 Y，其中…"),
    and so is one of another family than the run's parts ("本年收入 X，其中…，本年支出 Y，其中…")."""
    whole, start = None, -1           # the run's whole, where its first 其中 is
    for at in (m.start() for m in re.finditer("其中", head)):
        stated = [(end, c["subject"]) for end, c, bracketed in amounts if end <= at and not bracketed]
        if not stated:
            continue
        since = [s for end, s in stated if end > start]
        last = stated[-1][1]
        # the amount right before this 其中 is one more of the run's parts only if it is of their
        # family ("其中：基本支出 A，项目支出 B，其中：…"); of another family it is a whole of its own
        # ("本年收入 X，其中：一般公共预算拨款 A，本年支出 Y，其中：…")
        families = {s.concept.split(":")[0] for s in since[:-1] if s.concept}
        if whole is None or any(s.concept is not None and s.concept == whole.concept for s in since) \
                or (families and last.concept and last.concept.split(":")[0] not in families):
            whole, start = last, at
    return whole


def whole_of(items: list[Subject]) -> str:
    """What a 合计 after a list of items' amounts totals: their family's name when they share
    one (三公 items → “三公”经费), else the bare word (no concept: nothing to check it against)."""
    concepts = {s.concept for s in items}
    if concepts <= VEHICLE_PARTS:        # 购置费 and 运行费: their own whole
        return "公务用车购置及运行费"
    families = {c.split(":")[0] for c in concepts if c}
    if len(families) == 1 and None not in concepts:
        return FAMILY_WHOLE.get(families.pop(), "合计")
    return "合计"


# the concepts of cars bought (subjects.py): their kinds after 其中 are bought too
PURCHASES = ("purchase:vehicle", "three_public:vehicle_purchase")


def bought(subject: Subject, first: tuple[int, Subject], sentence: str, at: int) -> Subject:
    """A kind of car counted after the cars bought and their 其中 ("安排购置车辆 1 辆，其中：一般
    公务用车 1 辆"): cars bought of that kind, not cars the unit holds."""
    start, whole = first
    if whole.concept not in PURCHASES or "其中" not in sentence[start:at]:
        return subject
    return built(Subject, {"text": subject.text, "coords": None, "concept": whole.concept})


TOTAL_WORD = re.compile(r"合计|共计|总计")
# the name of what counts of one kind make up, where the words do not state it
COUNTED_WHOLE = {"asset:vehicle": "车辆", "asset:building": "房屋", "asset:equipment": "大型设备"}


def counted_whole(counted: list[tuple[int, Subject]], sentence: str) -> str:
    """What a total value after several counts is of: the first count where its parts follow
    it ("车辆5辆，其中：A 2辆、B 3辆"), else the kind all of them are ("A 2辆、B 3辆": 车辆);
    "" where they are of different kinds (the assets': the bare value word says so)."""
    (first_at, first), (second_at, _) = counted[0], counted[1]
    if "其中" in sentence[first_at:second_at]:
        return first.text
    concepts = {subject.concept for _, subject in counted}
    return COUNTED_WHOLE.get(concepts.pop(), "") if len(concepts) == 1 else ""


RESPECTIVELY = re.compile(r"^(.+?)分别")
CONJUNCTION = re.compile(r"[和及与]")
RUN_END = re.compile(r"[，；;。]|,(?!\d)")     # where a run of figures "a、b、c" ends (not 1,307.83)


def respectively(words: str, kind: str, figures: int = 0) -> list | None:
    """"A、B分别为…" (the words before a figure; `figures`: how many of its kind follow):
    [the names, 0, the figure's kind], or None."""
    m = RESPECTIVELY.match(words)
    names = list_names(m.group(1), figures) if m else []
    return [names, 0, kind] if len(names) >= 2 else None


def listed_respectively(listed: list[Subject], words: str, kind: str, figures: int) -> list | None:
    """"A X 万元、B Y 万元，分别占 a%、b%": the items whose amounts the sentence listed last, one
    per figure, as respectively() gives names; None unless the clause is only 分别… (or a
    comparison with it: "比上年分别减少 X、Y", whose words are none)."""
    if figures < 2 or len(listed) < figures or (words and not words.startswith("分别")):
        return None
    return [[s.text for s in listed[-figures:]], 0, kind]


def list_names(words: str, figures: int) -> list[str]:
    """The names of "A、B和C": split at 、, and at 和/及/与 only while there are fewer names
    than figures — a name may hold them itself (社会保障和就业支出, 公务用车购置及运行费) — at
    the last one first ("…、社会保障和就业支出和住房保障支出")."""
    names = [n for n in words.split("、") if n]
    while len(names) < figures:
        i = next((i for i in range(len(names) - 1, -1, -1) if CONJUNCTION.search(names[i][1:-1])), None)
        if i is None:
            break
        at = max(j for j, ch in enumerate(names[i]) if ch in "和及与" and 0 < j < len(names[i]) - 1)
        names[i:i + 1] = [names[i][:at], names[i][at + 1:]]
    return names


def budget_phase(clause: str) -> str:
    """The budget a clause's figure is of: 调整预算 (全年预算: the budget as adjusted) or 年初预算."""
    return "调整预算" if "调整预算" in clause or "全年预算" in clause else "年初预算"


# the parts every item's spending has (人员经费, 基本支出, 工资福利支出 …): named in a reason for an
# item's variance, that item's part
EVERY_ITEMS_PARTS = ("basic:", "nature:", "economic:")
# a comparison with the year's budget stated before a change that follows it: VS_BUDGET, or an
# excess or shortfall ("超年初预算", "决算数大于年初预算数"); every group the budget it names
BUDGET_SAID = re.compile(VS_BUDGET + r"|超出?(年初|调整|全年|)预算|(?:大于|小于|高于|低于|多于|少于)(年初|调整|全年|)预算")


def named_budget(m: re.Match) -> str:
    """The budget a BUDGET_SAID match names: 年初预算, 调整预算, 全年预算, or 预算 unnamed."""
    return next((g for g in m.groups() if g), "") + "预算"


def budget_basis(m: re.Match) -> str:
    """The budget a VS_BUDGET match names: 年初预算, 调整预算, 全年预算, or 预算 unnamed."""
    # groups 1 and 2: VS_BUDGET's two wordings; 4: 超…预算, 7: 大于…预算 (BUDGET_CHANGE_WORD's 3
    # and 6 are its verbs)
    named = next((m.group(i) for i in (1, 2, 4, 7) if i <= m.re.groups and m.group(i)), "")
    return named + "预算"


def unit_class(unit: str) -> str:
    """Money in any of its units is one; a count's unit is its own."""
    return "元" if unit in MONEY_UNITS or unit == "万" else unit


def last_match(pattern: re.Pattern, text: str, end: int) -> re.Match | None:
    found = None
    for found in pattern.finditer(text, 0, end):
        pass
    return found


CHANGE_WORD_TAILS = (*TREND_VERBS, "增减", "了", *SIGNS, "多", "少", "年", "度", "算", "数",
                     *EITHER_WAY_TAILS)   # CHANGE_WORD's endings
CHANGE_VERB_WORDS = (*CHANGE_VERBS, "了", *EITHER_WAY_TAILS)        # CHANGE_VERB's
BUDGET_CHANGE_TAILS = CHANGE_WORD_TAILS + ("多", "少", "预算", "预算数")


# "比上年持平", "与2024年预算相比持平", "同比持平": the same figure as last year's ("基本持平": about);
# a 决算's "与年初预算持平": the same as the year's budget
# ("与上年数一致", "与上年预算相同" say it too, where nothing follows as their object: not
# "与上年相同口径")
FLAT_SAID = re.compile(rf"(?:(?:比|较|与|同|和){LAST_YEAR}{LAST_YEARS_FIGURE}?数?(?:相比)?|同比"
                       rf"|(?:比|较|与|同)(?:本年|当年|本年度)?(?P<budget>年初|调整|全年)?预算数?(?:相比)?)"
                       rf"[，,]?\s*(?:保持)?(?P<flat>持平|(?:一致|相同)(?![\u4e00-\u9fff])"
                       # ("较上年无变化", "与上年相比没有变化", "与上年保持不变")
                       rf"|(?:无|没有|未发生|未)变化|不变)")
MONEY_UNITS = ("万元", "元", "亿元")


def flat_amount(sentence: str, at: int, amounts: list[tuple[int, dict, bool]], changes: list[int]) -> dict | None:
    """The amount a "持平" at `at` compares: the sentence's last before it (in brackets or out
    of them as the 持平 is), where no change was stated since and nothing but marks, the
    amount's own name or a bracket of its parts stands between."""
    inside = open_bracket(sentence[:at]) >= 0
    before = [(end, claim) for end, claim, bracketed in amounts if end <= at and bracketed == inside]
    if not before:
        return None
    end, amount = before[-1]
    if any(end < c <= at for c in changes):
        return None
    between = FLAT_BETWEEN.sub("", BRACKETED.sub("", sentence[end:at]))
    return amount if not between or between == amount["subject"].text else None


# what may stand between 持平 and the figure it says of: "与上年持平，均为 X 万元", "持平，仍为 X"
FLAT_THEN = re.compile(r"[，,]?\s*(?:均|都|仍然?|也)?(?:预算数?)?(?:为|是)\s*")


def amount_after(sentence: str, at: int, amounts: list[tuple[int, dict, bool]]) -> dict | None:
    """The amount a "持平" at `at` says is unchanged where it follows it ("收入预算与上年持平，均为
    X 万元"): the figure right after its verb, an amount of the sentence."""
    then = FLAT_THEN.match(sentence, at)
    figure = NUMBER.match(sentence, then.end()) if then is not None and then.end() > at else None
    if figure is None:
        return None
    return next((claim for end, claim, _ in amounts if end == figure.end()), None)


BRACKETED = re.compile(r"[（(][^（()）]*[）)]")
FLAT_BETWEEN = re.compile(r"[\s，,、：:（）()]|^[，,]?(?:预算|预算数|安排)")


def figure_of(words: str | None) -> str:
    """Which of last year's figures a comparison names, one way however worded: 预算数 and 预算
    are 预算, 决算数 决算, 预算执行数 and 预计执行数 执行数 (执行数 stays: there is no 执行)."""
    if not words:
        return ""
    if "执行" in words:
        return "执行数"
    return words[:-1] if words.endswith("数") and words != "执行数" else words


def word_direction(word: str) -> str:
    """direction_of a change's word; 增减 alone, and a template's either way ("增加（减少）"),
    read as an increase (its figure's sign says which way: "增减-35.22万元", see Context.signed)."""
    return "increase" if word == "增减" or word.endswith((")", "）")) else direction_of(word)


# the wholes of every use of the money (人员经费, 公用经费, 项目支出 are parts of each)
WHOLES_OF_USES = ("total", "expenditure:current", "source:gpb", "fiscal:total")
USES = ("basic:personnel", "basic:public", "nature:basic", "nature:project")


def shares_of_uses(claims: list[dict]) -> None:
    """"支出预算 X 万元，其中：人员经费 A 万元，占 a%；公用经费 B 万元，占 b%；项目支出 C 万元，占 c%"
    (a paragraph's claims): the shares of 人员经费 and 公用经费 are of the whole named before 其中,
    not of 基本支出 (their own table's total), where no 基本支出 is stated between; and so are the
    other uses' shares listed beside them. Each is given that whole, which its check takes as its
    base and its structure sum groups it by."""
    whole, run = None, []
    for c in claims + [None]:
        concept = c["subject"].concept if c is not None else None
        if c is None or c["kind"] == "amount" and concept in WHOLES_OF_USES:
            if whole is not None and any(s["subject"].concept.startswith("basic:") for s in run):
                for s in run:
                    s["whole"] = whole
            whole, run = (c["subject"], []) if c is not None and opens_parts(c) else (None, [])
        elif whole is not None and c["kind"] == "amount" and concept == "nature:basic":
            run = [s for s in run if not s["subject"].concept.startswith("basic:")]
            whole = whole if run else None       # "其中基本支出 X，其中人员经费…": 基本支出's parts
        elif whole is not None and c["kind"] == "share" and c["whole"] is None and concept in USES:
            run.append(c)


def opens_parts(claim: dict) -> bool:
    """An amount whose sentence goes on with 其中 after it: a whole whose parts follow."""
    sentence, text = claim["sentence"], claim["text"]
    at = sentence.find(text)
    return claim["subject"].coords is not None and at >= 0 and "其中" in sentence[at + len(text):]


# the rate right after a change's figure: "…增加 20.00 万元，增长 7.76%"
RATE_AFTER = re.compile(r"\s*[，,]?\s*(?:同比)?(?:增长|下降|增幅|降幅|减幅|上升|降低|减少|增加)(?:了|为|率为)?\s*"
                        r"(\d+(?:\.\d+)?)\s*[%％]")


def joined_parts(sentence: str, amounts: list[tuple[int, dict, bool]], at: int) -> list[dict] | None:
    """A change whose figure (at `at`) follows, with nothing but its words between, the last of
    two or more amounts joined by 、 ("A x 万元、B y 万元，比上年增加"): the candidates it may be
    of, the last part's amount and the whole's stated before 其中; None where it is not so."""
    (end_a, first, in_a), (end_b, last, in_b) = amounts[-2], amounts[-1]
    if in_a or in_b or DIGIT.search(sentence, end_b, at) is not None:
        return None
    between = sentence[end_a:end_b]        # "、B y 万元" (the figure holds no mark)
    if "、" not in between or "，" in between or "," in between or "；" in between:
        return None
    out = [last]
    whole_end, whole, _ = amounts[0]
    if whole is not first and whole is not last and "其中" in sentence[whole_end:end_a]:
        out.append(whole)
    return out


def rate_fits(amount: Decimal, change: Decimal, direction: str | None, rate: tuple[Decimal, int] | None) -> bool:
    """Whether `rate` (value, places) is change / (amount ∓ change) × 100 within the rounding of
    the three printed figures (each ±0.005, the rate ±half its last place)."""
    if rate is None or direction not in ("increase", "decrease"):
        return False
    prior = amount - change if direction == "increase" else amount + change
    half = Decimal("0.005")
    if prior - 2 * half <= 0:
        return False
    lo = max(change - half, Decimal(0)) / (prior + 2 * half) * 100
    hi = (change + half) / (prior - 2 * half) * 100
    slack = Decimal(5) / Decimal(10) ** (rate[1] + 1)
    return lo - slack <= rate[0] <= hi + slack


def direction_of(word: str) -> str:
    if word in ("增加", "增长", "上升", "增幅", "涨幅", "多", "超", "高于", "大于", "多于", "超过", "超出", *RAISE_VERBS):
        return "increase"
    if word in ("减少", "下降", "降低", *CUT_VERBS, *LOWER_VERBS, "降幅", "减幅", "少", "低于", "小于", "少于"):
        return "decrease"
    return "flat"


def allocation_items(text: str) -> list[ListItem]:
    """The items of 资金分配情况 with their amounts. A part without an amount is the start of the
    next one's name, split at a 、 inside it ("电子政务内、外网托管费6万元"); a list mark opens none
    ("1.网管费12万元；2.运维费6万元")."""
    items, head = [], ""
    parts = ALLOCATION_PARTS.split(text.rstrip("。"))      # [part, mark, part, mark, …, part]
    for i in range(0, len(parts), 2):
        part = parts[i]
        part = ALLOCATION_MARK.sub("", part) if part[:1] in ALLOCATION_MARK_FIRST else part
        item = list_item(head + part)
        if item is not None and item.amount is not None:
            items.append(item)
            head = ""
        else:       # (only a name cut at its 、 runs on: not words before a comma, "主要用于以下方面，")
            joined = i + 1 < len(parts) and parts[i + 1] == "、" and part.strip() and len(head) < 40
            head = head + part + "、" if joined else ""
    return items


def read_glossary(doc: SourceDocument, lo: int, hi: int) -> list[GlossaryEntry]:
    entries = []
    for ln in doc.lines[lo:hi]:
        text = squeeze(strip_markup(ln.text))
        m = GLOSSARY_ENTRY.match(text)
        if m:
            term = m.group(1)
            if "”" in term and "“" not in term:    # “三公”经费: the opening quote was taken as decoration
                term = "“" + term
            entries.append(built(GlossaryEntry, {"term": term, "definition": m.group(2), "line": ln.no}))
        elif entries and text and not DATED.match(text):
            entries[-1].definition += text
    return entries


def fund_kind(cell: str) -> str | None:
    """The kind of amount a performance table's fund label names (PerformanceFund.kind), if any."""
    if TOTAL_FIELD.match(cell):
        return "total"
    if (cell.startswith("其中") and "财政" in cell) or FUNDED_BY.search(cell):
        return "fiscal"
    return "other" if OTHER_FUNDS.match(cell) else None


def next_filled(cells: list[str]) -> list[str]:
    """For each cell, the first non-empty cell after it ("" if none): one pass from the end."""
    out, nxt = [], ""
    for cell in reversed(cells):
        out.append(nxt)
        nxt = cell or nxt
    out.reverse()
    return out


def _close_gap(cells: list[str], level3: int | None) -> list[str]:
    """A row printed one cell to the right (an empty 三级指标 cell before the indicator name)
    is moved back, so the value, basis and weight fall under their headers."""
    if level3 is None or level3 + 1 >= len(cells) or cells[level3] or not cells[level3 + 1]:
        return cells
    return cells[:level3] + cells[level3 + 1:]


def _merge_levels(cells: list[str], width: int, level2: int | None) -> list[str]:
    """A row with more cells than the header printed an extra indicator level (成本指标 /
    经济成本指标): fold it into the 二级指标 cell so the later cells stay under their headers."""
    while cells and not cells[-1]:
        cells = cells[:-1]
    extra = len(cells) - width
    if level2 is None or extra <= 0 or not all(c.endswith("指标") for c in cells[level2:level2 + extra + 1] if c):
        return cells
    merged = "/".join(c for c in cells[level2:level2 + extra + 1] if c)
    return cells[:level2] + [merged] + cells[level2 + extra + 1:]
