"""第一部分 概况: functions, offices and staffing."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import accumulate, pairwise
from typing import Callable

from ..identities import TOTAL_LABEL
from ..model import Disclosure, Overview, Provenance, StaffCount, Staffing
from ..readers import SourceDocument
from ..segment import Segmentation
from ..text import FOLIO_COMPACT, TAG, cn_number, compact


def extract_overview(doc: SourceDocument, seg: Segmentation, disc: Disclosure) -> None:
    spans = seg.spans("overview")          # Shanghai: 主要职能 and 机构设置 are two headings
    text = ""
    if spans:
        lines = [ln for span in spans for ln in doc.lines[span.start:span.end]]
        texts = [t for t in (compact(ln.text) for ln in lines) if not FOLIO_COMPACT.match(t)]
        text, ends = "".join(texts), list(accumulate(map(len, texts)))
        ov = Overview()
        ov.functions = functions(lines)
        ov.offices = offices(text, ends)
        ov.subunits = subunit_count(text)
        ov.units = listed_units(text) or table_units(lines) or numbered_units(text, ends, ov.subunits)
        if ov.subunits is None and ov.units:
            ov.subunits = subordinate(ov.units, disc.meta.unit_name)
        ov.staffing = staffing(text, lines, doc)
        disc.overview = ov
    narrative = seg.part("narrative")
    no_subunits = disc.overview.subunits == 0 or disc.meta.scope == "单位"
    said = (lambda: plain_text(doc, narrative.start, narrative.end)) if narrative else None
    disc.meta.unit_type = unit_type(text, disc.meta.unit_name, no_subunits, said)


COUNT = r"([\d一二两三四五六七八九十]+)"
# 下属预算单位3个, 下属二级预算单位2个, 所属单位共2个, 下属5家预算单位, 共有2个下属单位
SUBORDINATE = r"(?:下属|所属|下设)(?:二级)?(?:预算)?单位"
SUBUNITS = re.compile(rf"{SUBORDINATE}(?:共|有)?{COUNT}[个家]|(?:下属|所属){COUNT}[个家](?:二级)?(?:预算)?单位"
                      rf"|{COUNT}[个家](?:下属|所属)(?:二级)?(?:预算)?单位")
# 无下属预算单位, 没有下属单位, 无所属预算单位, 无下属二级预算单位
NO_SUBUNITS = re.compile(r"(?:无|没有)(?:下属|所属|下级)(?:的)?(?:二级)?(?:预算)?单位")
# the units within the 部门's budget, 本级 included: "编制范围的预算单位共3家，包括：…本级、…"
BUDGET_UNITS = re.compile(rf"预算单位共计?{COUNT}[家个]")


def subunit_count(text: str) -> int | None:
    """Subordinate budget units as the overview states them (None when it does not say). A
    count whose list names the 部门's 本级 includes it."""
    if NO_SUBUNITS.search(text):
        return 0
    m = SUBUNITS.search(text)
    if m:
        count = cn_number(next(g for g in m.groups() if g))
        return max(count - any(OWN_UNIT.search(u) for u in listed_units(text)), 0)
    m = BUDGET_UNITS.search(text)
    if m:
        return max(cn_number(m.group(1)) - 1, 0)       # the count includes the 部门's 本级
    return None


# the units named after their count: "下属预算单位3个，分别是：A（本级）、B、C。"
UNIT_LIST = re.compile(rf"(?:{SUBORDINATE}(?:共|有)?|预算单位共计?){COUNT}[个家][，,]?"
                       r"(?:(?:分别是|分别为|包括|为)[:：]?|[:：])([^。]+)")
LIST_NUMBER = re.compile(r"^(?:\d+[.．、]|[（(]\d+[)）])")


def listed_units(text: str) -> list[str]:
    """The units the overview names after their count, as it prints them: parted by 、 up to the
    clause's end, or numbered and parted by ；up to the sentence's. None where it names fewer
    or more than it counts (the list is then not known to be all of them)."""
    m = UNIT_LIST.search(text)
    if not m:
        return []
    listed = m.group(2)
    for names in (re.split(r"、", re.split(r"[；;，,]", listed)[0]), re.split(r"[；;，,、]", listed)):
        names = [n for n in (LIST_NUMBER.sub("", n) for n in names) if n]
        if len(names) == cn_number(m.group(1)):
            return names
    return []


# the units listed after their types are counted: "本部门中，行政单位1家，事业单位4家，具体包括：
# 1.A（本部）。2.B。…"
UNITS_NAMED = re.compile(r"单位[^。]{0,40}?(?:具体包括|分别是|分别为|包括如下)[:：]")


def numbered_units(text: str, ends: list[int], subunits: int | None) -> list[str]:
    """A numbered list of the 部门's units, each up to its first stop, when as many of them
    are subordinate as the overview counts (else it is not known to be a list of units)."""
    m = UNITS_NAMED.search(text)
    if not m or not subunits:
        return []
    rest, ends = text[m.end():], [e - m.end() for e in ends]
    style = numbering(rest)
    names = [re.split(r"[。；;，,]", item)[0] for item in numbered_items(rest, style, ends)] if style else []
    return names if sum(1 for n in names if not OWN_UNIT.search(n)) == subunits else []


# the 部门's own unit among its units: 本级, 本部, 机关 (else its name is the 部门's)
OWN_UNIT = re.compile(r"本级|本部|机关$")


def subordinate(units: list[str], unit_name: str | None) -> int:
    """How many of the 部门's units are subordinate: all but its own."""
    own = compact(unit_name or "")
    return sum(1 for u in units if not OWN_UNIT.search(u) and u != own)


UNIT_COLUMN = re.compile(r"^(?:预算)?单位(?:名称|全称)$")
ROW_NUMBER = re.compile(r"^\d+[.、．]?$")


def table_units(lines) -> list[str]:
    """The units a table of the overview lists (纳入编制范围的预算单位: 序号 | 单位名称 | 单位性质
    …), as printed: the rows under its 单位名称 up to the first line that is none (with a 序号
    column: no number), but a total. Text that keeps the layout has no cells: its words are."""
    for i, ln in enumerate(lines):
        if ln.cells is None and "位" not in ln.text:
            continue        # its words cannot name the column (compact only removes characters)
        header = ln.cells if ln.cells is not None else ln.text.split()
        column = next((c for c, cell in enumerate(header) if UNIT_COLUMN.match(compact(cell))), None)
        if column is None:
            continue
        numbered = column > 0 and compact(header[0]) == "序号"
        names = []
        for row in lines[i + 1:]:
            cells = row.cells if ln.cells is not None else row.text.split()
            if not cells or len(cells) <= column or (numbered and not ROW_NUMBER.match(compact(cells[0]))):
                break
            name = compact(cells[column])
            if name and not TOTAL_LABEL.match(name):
                names.append(name)
        return names
    return []


def plain_text(doc: SourceDocument, lo: int, hi: int) -> str:
    """Lines lo..hi as one string without markup or blanks (one pass over the whole text: the
    narrative is read here only for the few clauses that name a unit type)."""
    text = "\n".join([ln.text for ln in doc.lines[lo:hi]])        # (a list joins faster than a generator)
    if "<" in text:
        text = TAG.sub("", text)
    return "".join(text.replace("**", "").replace("__", "").split())


# the heading of the duties: 主要职能, 主要职责, 部门职责, 单位职责, 基本职能, 职能职责
FUNCTIONS_HEAD = re.compile(r"(?:主要|基本|部门|单位)(?:职能|职责)|职能职责|职责职能")
# what numbers a list: 一、 / （一） / (一) / 1、 1. 1） / （1） / ①
NUMBERING = {"cn": r"[一二三四五六七八九十]+[、.．]", "cn_bracket": r"[（(][一二三四五六七八九十]+[）)]",
             "digit": r"\d{1,2}[、.．)）](?!\d)", "digit_bracket": r"[（(]\d{1,2}[）)]", "circled": r"[①-⑳]"}
ITEM = re.compile("|".join(rf"(?P<{k}>^{v})" for k, v in NUMBERING.items()))
# the words of the overview's other headings (机构设置, 人员情况, 预算单位构成 …)
SECTION_WORDS = re.compile(r"机构设置|内设机构|人员|编制|单位构成|预算单位|下属单位|所属单位|工作任务|任务及目标|名词解释")
HEADING_MAX = 40
# the offices counted: 设22个内设机构, 下设4个科室, 内设机构6个
N = r"[\d一二两三四五六七八九十]+"
OFFICE_COUNT = (rf"(?:设|有|包括)(?:{N})个(?:内设机构|内设科室|职能科室|科室|处室|职能部门|部门)"
                rf"|(?:内设机构|内设科室|职能科室|科室|处室)(?:共|有)?(?:{N})个")
# a paragraph after the duties telling the unit's offices or units (设22个内设机构，包括：…)
STRUCTURE = re.compile(rf"^.{{0,40}}?(?:{OFFICE_COUNT}|(?:下属|所属|下设)[^，,。]{{0,10}}单位|编制数|人员编制)")


def functions(lines) -> list[str]:
    """The duties listed under the overview's duties heading, as numbered items (a wrapped line
    continues its item), up to the overview's next heading or a paragraph on its structure."""
    items: list[str] = []
    head_style = item_style = None
    started = False
    for ln in lines:
        t = compact(ln.text)
        if not t or FOLIO_COMPACT.match(t):
            continue
        if not started:
            started = bool(FUNCTIONS_HEAD.search(t))
            head_style = numbering(t)
            continue
        style = numbering(t)
        if ends_functions(t, style, head_style, item_style, items):
            break
        if style:
            item_style = item_style or style
            items.append(ITEM.sub("", t, count=1))
        elif items:
            items[-1] += t
    # (a number with nothing after it, "3．", left empty by its writer, is no duty; one whose
    # text went on the next line was filled above)
    return [i for i in items if i]


def numbering(text: str) -> str | None:
    m = ITEM.match(text)
    return m.lastgroup if m else None


def ends_functions(text: str, style, head_style, item_style, items: list[str]) -> bool:
    """A line that closes the duties: a heading (short, no sentence) with a section's words or
    numbered as the duties' heading is (when the duties are numbered otherwise), or a paragraph
    on the unit's structure after a duty that ended."""
    heading = len(text) <= HEADING_MAX and not re.search(r"[。；;，,]", text)
    if heading and (SECTION_WORDS.search(text) or (items and style and style == head_style != item_style)):
        return True
    return not style and bool(items) and items[-1].endswith("。") and bool(STRUCTURE.search(text))


# the offices named after their count: "设22个内设机构，包括：A、B…。", "内设机构6个，分别是：
# （一）A。…（二）B。…", "包括19个内设机构…，具体包括：（一）机关内设机构 1.A 2.B …"
# (a bare 是/为 only just after the count: "内设机构5个，人员编制为20人" lists none; after a bare
# colon only names that look like offices': "内设机构5个：人员编制20人" lists none)
OFFICE_LIST = re.compile(rf"(?P<count>{OFFICE_COUNT})(?:[，,]?(?:是|为|即)|[^。：:]{{0,40}}?(?:(?:具体|分别)(?:是|为)|包括|如下)|(?P<colon>(?=[:：])))[:：]?")
FIGURE = re.compile(r"\d")
# a list's entry that is a clause, not an office's name ("按照有关规定设置直属机关党委和纪委")
NOT_AN_OFFICE = re.compile(r"按照|根据|规定|设置|设立|负责|承担")
# a sub-heading of the offices among the bodies listed: "（一）机关内设机构 1.A 2.B （二）下属事业单位"
OFFICES_HEAD = re.compile(r"^[^。，,；;\d]{0,10}(?:内设机构|科室|处室)")


# the offices named before their count: "内设机构包括办公室、财务科等5个科室" (等: some of them),
# "设办公室、财务科2个科室" (every one); two names at least, parted by 、, no figure in a name
OFFICE_KINDS = r"(?:内设机构|内设科室|职能科室|科室|处室|职能部门)"
LIST_VERBS = r"包括|设有|内设|下设"
VERBS = LIST_VERBS + r"|设"
LISTED_FIRST = re.compile(rf"(?:{VERBS})[:：]?(?P<list>[^。；;：:，,、\d]{{1,20}}?(?:、[^。；;：:，,、\d]{{1,20}}?)+?)"
                          rf"(?P<some>等|共)?(?P<count>{N})个{OFFICE_KINDS}")


def offices(text: str, ends: list[int]) -> list[str]:
    """The offices the overview names after their count: a numbered list of as many as it
    counts (under their sub-heading where other bodies are listed too), each up to its first
    stop, or a list parted by 、 up to the sentence's end; else those it names before their
    count (listed_first)."""
    m = OFFICE_LIST.search(text)
    if not m:
        return (listed_first(text) if "个" in text else []) or listed_alone(text)
    rest, ends = text[m.end():], [e - m.end() for e in ends]
    style = numbering(rest)
    if not style:
        names = [o for o in unnumbered(rest) if o and not NOT_AN_OFFICE.search(o)]
        if m.group("colon") is not None and not all(OFFICE_NAME.search(n) and not FIGURE.search(n) for n in names):
            return []     # (no word says a list follows the colon: what follows may be the staffing)
        return names
    items = numbered_items(rest, style, ends)
    if items and (head := OFFICES_HEAD.match(items[0])):
        inner = items[0][head.end():]
        items = numbered_items(inner, style) if (style := numbering(inner)) else []
    count = cn_number(re.search(N, m.group("count")).group(0))
    names = [re.split(r"[。；;，,]", item)[0] for item in items[:count]]
    return names if len(names) == count and all(names) else []


def unnumbered(text: str) -> list[str]:
    """The names of a list text opens with, parted by 、 or ， up to its sentence's end or its
    clause's (办公室、业务股；下属单位1个), or by ； where the list is parted so (办公室；财务科。)."""
    sentence = text.split("。", 1)[0]
    clause = re.split(r"[；;]", sentence, 1)[0]
    if re.search(r"[、,，]", clause) or clause == sentence:
        return re.split(r"[、,，]", clause)
    return re.split(r"[；;]", sentence)


# the offices listed without their count: "内设机构：办公室、财务科、业务科。", "内设机构包括办公室、
# 财务科等。" (a verb or a colon after the word; each name an office's: OFFICE_NAME)
LISTED_ALONE = re.compile(r"(?:内设机构|内设科室|职能科室)(?:包括|有|为|是|[:：])[:：]?"
                          r"(?P<list>[^。；;：:，,、\d]{1,20}?(?:、[^。；;：:，,、\d]{1,20}?)+?)等?(?:[。；;]|$)")
OFFICE_NAME = re.compile(r"(?:科|室|处|股|部|队|所|站|中心|组|办|局|委|院|馆|会)(?:[（(][^）)]*[）)])?$")


def listed_alone(text: str) -> list[str]:
    """The offices a sentence lists without a count (LISTED_ALONE), where every name is an
    office's (a list of other things after 内设机构 gives none)."""
    m = LISTED_ALONE.search(text)
    names = m.group("list").split("、") if m else []
    return names if names and all(OFFICE_NAME.search(n) for n in names) else []


def listed_first(text: str) -> list[str]:
    """The offices a sentence names before their count (LISTED_FIRST): all of them where the
    names are as many as the count, the ones named where 等 says they are some; none where a
    list of every office names more or fewer than it counts (a sentence read wrong)."""
    m = LISTED_FIRST.search(text)
    if not m:
        return []
    names = m.group("list").split("、")
    # (内设机构包括A、B: the list begins after the last verb)
    names[0] = re.split(LIST_VERBS, names[0])[-1].lstrip(":：")
    names = [name for name in names if name and not NOT_AN_OFFICE.search(name)]
    count = cn_number(m.group("count"))
    if m.group("some") == "等":
        return names if len(names) <= count else []
    return names if len(names) == count else []


def numbered_items(text: str, style: str, ends: Sequence[int] = ()) -> list[str]:
    """The items of a list that text opens with, numbered in one style from 1 (一, ①) on, each
    up to the next one's number (the last: to the end of its line, where ends tells the lines'
    ends, else of the text)."""
    marks, wanted = [], 1
    for m in re.finditer(NUMBERING[style], text):
        mark = m.group(0)
        number = ord(mark) - ord("①") + 1 if style == "circled" else cn_number(re.sub(r"[^\d一二三四五六七八九十]", "", mark))
        if number == wanted:
            marks.append(m)
            wanted += 1
    last = next((e for e in ends if marks and e > marks[-1].end()), len(text))
    stops = [m.start() for m in marks[1:]] + [last]
    return [text[m.end():stop] for m, stop in zip(marks, stops)]


# The counts as overviews word them: "编制数 15" / "编制人数15人" / "核定编制15名" / "编制数：12人" /
# "编制人数为十二人" / "行政编制10人、事业编制5人" (the kinds added up); "实有人数18人" /
# "实有人员18名"; "在职13人，减少6人" / "在职：8人" / "在职8人，较上年末增加2人" / "（比上年减少两人）" /
# "与上年持平" (a change of 0).
HEADCOUNT = r"(\d+(?![\d年])|[零一二两三四五六七八九十]+(?=[人名]))"
SAID = r"[:：]?(?:为|共|合计)?"
AUTHORIZED = re.compile(rf"(?:编制数|编制人数|编制总数|人员编制|核定编制){SAID}{HEADCOUNT}")
AUTHORIZED_PARTS = re.compile(rf"(?:行政|事业|工勤|参公|机关|全额|差额|自收自支)[^，,。；;、\d]{{0,6}}编制{SAID}{HEADCOUNT}[人名]")
AUTHORIZED_BARE = re.compile(rf"(?<![行政事业工勤])编制{SAID}{HEADCOUNT}(?:人|名|个(?![项单部科车辆]))")
ACTUAL = re.compile(rf"(?:实有人数|实有人员|实有在编人员|实有在编){SAID}{HEADCOUNT}")
ACTUAL_BARE = re.compile(rf"实有{SAID}{HEADCOUNT}[人名]")
BRACKETED = re.compile(r"[（(][^）)]*[）)]")
# the change on last year after a count: "，减少6人", "，较上年末增加2人", "，与上年相比增加了2人",
# "（比上年减少2人）", "，少2名", "，与上年持平"
BASIS = r"(?:(?:比|较|与)(?:上年末?|上年度|上一年度?|\d{4}年末?)(?:相比|比较)?|同比)?"
CHANGE = (rf"[，,（(]?{BASIS}[，,]?(?:(?P<way>增加|增长|减少|下降|多|少)了?(?P<by>\d+|[一二两三四五六七八九十]+)[人名]"
          r"|(?P<same>持平|不变|无变化|没有变化))")
MORE = ("增加", "增长", "多")


def staffing(text: str, lines, doc: SourceDocument) -> Staffing | None:
    """The counts the overview states in its text, else in a table of them (staff_table)."""
    st = staff_counts(text)
    line = next((ln.no for ln in lines if "编制" in ln.text and any(ch.isdigit() for ch in ln.text)), None)
    if st is None and (table := staff_table(lines)):
        line, said = table
        st = staff_counts(said)
    if st is None:
        return None
    st.provenance = Provenance(file=doc.path, line=line)
    return st


def staff_counts(text: str) -> Staffing | None:
    def count(word: str) -> StaffCount | None:
        m = re.search(rf"{word}(?:人员|人数)?{SAID}{HEADCOUNT}[人名](?:{CHANGE})?", text)
        if not m or (number := cn_number(m.group(1))) is None:
            return None
        return StaffCount(count=number, change=change_of(m))

    st = Staffing(authorized=authorized(text), actual=actual(text),
                  in_service=count("在职"), retired=count("(?<!离)退休"), pre_retired=count("离休"))
    return None if st.authorized is None and st.actual is None else st


# a staffing table's header cell: 编制数, 实有人数, 在职人员, 退休人数 …
STAFF_HEADER = re.compile(r"^(?:编制|实有|在职|退休|离休)\S{0,4}$")


def staff_table(lines) -> tuple[int, str] | None:
    """(its header's line, the counts as the text says them) of a table of staffing counts: a
    row of headers (编制数 | 实有人数 | 在职 | 退休) over a row of whole numbers, each number
    said after the header above it ("编制数18人，实有人数17人，…"), as a staffing sentence reads."""
    for above, below in pairwise(lines):
        if not above.cells or not below.cells:
            continue
        heads = [compact(c) for c in above.cells]
        if sum(1 for h in heads if STAFF_HEADER.match(h)) < 2:
            continue
        figures = [compact(c) for c in below.cells]
        said = [f"{h}{n}人" for h, n in zip(heads, figures) if STAFF_HEADER.match(h) and n.isdigit()]
        if said:
            return above.no, "，".join(said)
    return None


def change_of(m: re.Match) -> int | None:
    """The signed change a CHANGE match states (持平: 0), None where none follows."""
    if m.group("same"):
        return 0
    if not m.group("way") or (by := cn_number(m.group("by"))) is None:
        return None
    return by if m.group("way") in MORE else -by


def actual(text: str) -> int | None:
    """The staff: as labelled (实有人数18人), else a bare "实有9人" where all such say one figure
    (several are the parts': "局本级…实有9人；下属中心…实有5人")."""
    m = ACTUAL.search(text)
    if m:
        return cn_number(m.group(1))
    bare = {cn_number(n) for n in ACTUAL_BARE.findall(text)}
    return bare.pop() if len(bare) == 1 else None


def authorized(text: str) -> int | None:
    """The authorized posts: the total where the overview states one, else its kinds added up."""
    m = AUTHORIZED.search(text)
    if m:
        return cn_number(m.group(1))
    parts = [cn_number(n) for n in AUTHORIZED_PARTS.findall(BRACKETED.sub("", text))]  # "（其中：参公编制3人）" is within
    if parts and None not in parts:
        return sum(parts)
    m = AUTHORIZED_BARE.search(text)
    return cn_number(m.group(1)) if m else None


# ---- unit type (行政 / 参公 / 事业) -----------------------------------------------------------
# Only what a document says about itself counts: a clause whose subject is the unit (its name or
# 本单位/我局 …) and whose predicate names a type ("…为正科级行政单位", "…系参照公务员法管理的事业
# 单位", "单位性质：全额拨款事业单位"), or a 部门's units counted by type ("其中行政单位1个、事业单位
# 2个", "XX中心（事业单位）"). Clauses about duties ("负责全州行政事业单位…") never count. A
# 部门 whose units are of several types has no single type (None), and so has a 部门 whose
# sub-units' types are unknown.

CN_DIGITS = {"零": 0, "一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
             "十": 10}
# 参照公务员法管理的（正科级、全额拨款）事业单位, 参照公务员管理的单位, 参公单位, 事业单位（参照公务员法管理）
MANAGED_AS_CIVIL = r"参照《?(?:中华人民共和国)?公务员法?》?管理|参公(?:管理)?"
CANGONG = (rf"(?:{MANAGED_AS_CIVIL})的?[^，,。；;、（）()人]{{0,12}}?(?:事业)?单位"
           rf"|事业单位[（(](?:{MANAGED_AS_CIVIL})[^）)]{{0,6}}[）)]")
SHIYE = (r"(?<!行政)(?<!行政、)(?:财政)?(?:全额拨款|差额拨款|全额|差额|自收自支|公益[一二三]类|经营类)?的?"
         r"事业单位")
XINGZHENG = r"行政单位|行政机关|国家机关|党政机关|(?:政府|党委)的?(?:工作|组成)部门|(?:政府|党委)的?(?:直属|派出)机构"
CANGONG_RE = re.compile(CANGONG)
TYPE_AT_END = re.compile(rf"(?:{CANGONG}|{SHIYE}|{XINGZHENG})$")
# Longer than any name TYPE_AT_END matches (参照《中华人民共和国公务员法》管理的事业单位 is 22):
# its search starts that far from the end instead of trying every position of a long clause
# (lookbehinds still see the text before).
TYPE_LONGEST = 40
TYPE_WORDS = re.compile(rf"{CANGONG}|{SHIYE}|行政单位")
SELF = re.compile(r"(?:本|我|该)(?:单位|部门|局|委|办|中心|院|站|所|厅|处|会)$")
IS_VERB = re.compile(r"是|为|系|属于|属")
DUTIES = re.compile(r"负责|承担|指导|组织|协调|监督|提供|服务|管理(?!的)|开展|推进|落实")
NOT_SELF = re.compile(r"下属|所属|二级|内设")
SUB_UNITS = re.compile(r"下属|所属|下设|直属单位|二级")
PROPERTY = re.compile(r"(?:单位|机构)(?:性质|类型|类别)[为是：:]*(?P<rest>.{2,30})$")
NUM = r"\d+|[零一两二三四五六七八九十]"
COUNTED = re.compile(rf"(?P<t1>{CANGONG}|{SHIYE}|行政单位)(?:共|有)?(?P<n1>{NUM})(?:个|家|户)|"
                     rf"(?P<n2>{NUM})(?:个|家|户)(?P<t2>{CANGONG}|{SHIYE}|行政单位)")
LISTED = re.compile(rf"[（(](?:属于?|为)?(?P<type>{CANGONG}|{SHIYE}|行政单位|行政机关)[）)]")
ANY_TYPE = re.compile(rf"{CANGONG}|事业单位|{XINGZHENG}")
# every name ANY_TYPE matches contains one of these
TYPE_KEYS = ("事业单位", "行政单位", "参公", "公务员法", "机关", "工作部门", "组成部门", "直属机构", "派出机构")
DELIMITER = re.compile(r"[，,。；;]")
# up to the last delimiter before a type's word within a clause's length (one match for the five
# marks' rfind calls; where there is none, the clause starts at the text's start, as the rfinds
# all giving -1 said)
LAST_DELIMITER = re.compile(r".*[，,。；;]", re.DOTALL)
CLAUSE_MAX = 120                   # a clause longer than this is no statement of a type


def _kind(words: str) -> str:
    if re.fullmatch(CANGONG, words):
        return "参公"
    if re.fullmatch(SHIYE, words):
        return "事业"
    return "行政"


def type_at_end(text: str) -> re.Match | None:
    return TYPE_AT_END.search(text, max(0, len(text) - TYPE_LONGEST))


def _number(n: str) -> int:
    return int(n) if n.isdigit() else CN_DIGITS.get(n, 0)


def stated_type(clause: str, unit_name: str | None) -> str | None:
    """The type a clause says the unit itself is, or None."""
    m = PROPERTY.search(clause)
    if m:
        t = type_at_end(m.group("rest"))
        return _kind(t.group(0)) if t else None
    t = type_at_end(clause)
    if t is None:
        return None
    verb = IS_VERB.search(clause, 0, t.start())
    if verb is None:
        return None
    subject, modifiers = clause[:verb.start()], clause[verb.end():t.start()]
    if len(modifiers) > 30 or DUTIES.search(modifiers) or not _names_self(subject, unit_name):
        return None
    return _kind(t.group(0))


def _names_self(subject: str, unit_name: str | None) -> bool:
    if SELF.search(subject):
        return True
    if not unit_name or len(unit_name) < 4:
        return False
    for name in (unit_name, unit_name[-6:]):      # the full name or its usual short form
        if name in subject:        # named last: a heading may run into the sentence ("XX主要职能XX是")
            rest = subject[subject.rindex(name) + len(name):]
            return len(rest) <= 12 and not NOT_SELF.search(rest) and not DUTIES.search(rest)
    return False


def counted(clause: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for m in COUNTED.finditer(clause):
        kind = _kind(m.group("t1") or m.group("t2"))
        counts[kind] = counts.get(kind, 0) + _number(m.group("n1") or m.group("n2"))
    return counts


def type_clauses(text: str) -> list[str]:
    """The clauses of a text that name a unit type. Found from plain words every type name
    contains (str.find is many times faster than the type regex over a whole narrative)."""
    found: dict[int, str] = {}
    for i in sorted(i for key in TYPE_KEYS for i in _find_all(text, key)):
        last = LAST_DELIMITER.match(text, max(0, i - CLAUSE_MAX), i)
        start = last.end() if last is not None else 0
        m = DELIMITER.search(text, i, i + CLAUSE_MAX)
        end = m.start() if m else min(len(text), i + CLAUSE_MAX)
        if start not in found and ANY_TYPE.search(text, start, end):
            found[start] = text[start:end]
    return list(found.values())


def _find_all(text: str, key: str) -> list[int]:
    out, i = [], text.find(key)
    while i >= 0:
        out.append(i)
        i = text.find(key, i + 1)
    return out


def unit_type(text: str, unit_name: str | None, no_subunits: bool,
              narrative: Callable[[], str] | None = None) -> str | None:
    """行政 / 参公 / 事业 when the overview (or, for the unit's own type, the narrative) says so
    for every unit the document covers."""
    whole: dict[str, int] = {}
    subs: dict[str, int] = {}
    stated: set[str] = set()
    names = [n for n in (unit_name, unit_name[-6:] if unit_name else None) if n and len(n) >= 4]
    for clause in type_clauses(text):
        bare = clause
        for name in names:            # a name such as 电子政务服务中心 is no duty
            bare = bare.replace(name, "")
        if DUTIES.search(CANGONG_RE.sub("", bare)):    # nor is 参照公务员法管理
            continue
        found = counted(clause)
        target = subs if SUB_UNITS.search(clause) else whole
        for kind, n in found.items():
            target[kind] = target.get(kind, 0) + n
        if not found and (kind := stated_type(clause, unit_name)):
            stated.add(kind)
    if not whole:
        for m in LISTED.finditer(text):
            kind = _kind(m.group("type"))
            whole[kind] = whole.get(kind, 0) + 1
    kinds = {k for k, n in whole.items() if n}
    if kinds:
        return kinds.pop() if len(kinds) == 1 else None
    if not stated and narrative is not None:
        stated = {k for c in type_clauses(narrative()) if (k := stated_type(c, unit_name))}
    if len(stated) != 1:
        return None
    subs_kinds = {k for k, n in subs.items() if n}
    if subs_kinds:                     # the unit itself and its sub-units, all of one type?
        return stated.pop() if subs_kinds == stated else None
    # the unit's own type is the document's only when it has no sub-units (or 0 of each type)
    return stated.pop() if no_subunits or subs else None
