"""Document meta: unit name, year, scope, phase, template, signature date."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from ..model import Disclosure, Provenance
from ..readers import Line, SourceDocument
from ..segment import Segmentation, page_title_says
from ..text import DAY_NUMBER, YEAR_NUMBER, compact, number_of
from .rows import UNIT_NAME, unit_code_of, unit_name_of

# the signature's date: 2026年2月5日, 二〇二六年二月五日, 二〇二六年元月五日, 2026年2月5号,
# 2026年2月 (no day: taken as the 1st), 2026.02.05, 2026-02-05, 2026/2/5
DATE = re.compile(rf"(?P<y>{YEAR_NUMBER})年(?P<m>{DAY_NUMBER}|元)月(?:(?P<d>{DAY_NUMBER})[日号])?$"
                  r"|(?P<y2>20\d\d)(?P<sep>[.\-/])(?P<m2>\d{1,2})(?P=sep)(?P<d2>\d{1,2})[日号]?$")
# what may precede the date on its line: "日期：", or the signer's name ("XX中心 2022年3月15日"):
# no figure, no punctuation, no word that makes the date a sentence's ("截至2025年12月31日")
DATE_LABEL = re.compile(r"(?:落款)?日期[:：]")
SIGNER = re.compile(r"[^\d，,。；;：:、]{2,40}")
# nor a field's label: a performance table's "完成时限 2026年12月31日", "实施期限…", "时效指标…"
NOT_SIGNER = re.compile(r"截至|截止|时间|日期|以来|时限|期限|时点|节点|完成|指标|[于到至自从起在为是期]$")
# the budget's year as the text names it: "2025年部门预算", "2025年度单位决算", "2025年预算"; not
# the year compared with ("比2024年预算减少", "与2024年预算持平": Shanghai's changes name it each time)
BUDGET_YEAR = re.compile(r"(?<![比较与同和于])(20\d\d)年度?(?:部门|单位)?(?:预算|决算)")
SIGNATURE_LINES = 40            # the signature is among a file's last lines (or on its cover)
COVER_LINES = 15
# the unit's code on the cover or a table head: "单位编码：123001", "部门代码：123001", "预算单位代码 123001"
# (not a 统一社会信用代码, nor a 科目编码)
CODE_LABEL = re.compile(r"(?<!信用)(?:单位|部门)(?:编码|代码)\s*[:：]?\s*(\d{3,15})(?!\d)")
# "部门：江苏省政协办公厅  单位：万元" (Jiangsu table heads), "预算单位：上海市财政局" (cover)
NAMED_UNIT = re.compile(r"(?:编制部门|编制单位|预算单位|单位名称|部门名称|部门)\s*[:：]\s*(\S{2,40}?)(?=\s|单位\s*[:：]|$)")
# (nor the amounts' unit where the name is left blank: "编制部门：      单位：元" in a blank template)
NOT_A_NAME = re.compile(r"^(?:(人民币)?(万元|千元|元)$|(?:金额)?单位[:：]|金额$)")
# a 编制单位 that names no unit but the 汇总 (编制单位：部门汇总)
SUMMARY_MARK = re.compile(r"^[(（]?(?:部门|单位)?汇总(?:表|数)?[)）]?$")
# a cover's title: "XX2026年部门预算", "2026年XX部门预算公开", "关于XX2026年部门预算公开的说明",
# "XX2026年预算公开", "XX部门综合预算" (a year or 部门/单位 before 预算: "财政拨款收支预算总表" is none)
TITLE = re.compile(r"^(?:关于)?(?:20\d\d年度?)?(.{4,40}?)(?:20\d\d年度?(?:部门|单位)?|部门|单位)(?:综合)?(?:预算|决算)")
# what a TITLE match may take for a name that names no unit: a year alone ("2018年部门预算"), or
# a level of government, after its region and year or not ("2026年市级部门预算公开", "上海市2025年
# 市本级部门预算": the heading of a collection of every department's disclosure)
NO_UNIT = re.compile(r"^[\d\s年度]+$|^.{0,12}?(?:20\d\d\s*年度?)?\s*(?:[省市区县旗乡镇]本?级|本级)$")
LIST_MARK = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]|[（(][一二三四五六七八九十\d]+[）)])")
# a sentence's punctuation: a line of prose names no unit ("负责全县农业农村发展规划。")
SENTENCE = re.compile(r"[。，；,;]")
# a web page's navigation ("首页 > 政务公开 > 财政预决算 > 部门预算", "当前位置：…"): no unit's name
NAVIGATION = re.compile(r"首页|当前位置|您的位置|[>＞»›]")
# a line saying the amounts' unit, or naming no unit but the label: "单位：万元", "金额单位：元"
AMOUNT_UNIT = re.compile(r"^(?:金额)?单位[:：]")
# a table's title, which names no unit: "部门支出总体情况表", "收支预算总表（续）", "附表3"
TABLE_TITLE = re.compile(r"表\s*[\d一二三四五六七八九十]*\s*(?:[（(]续[）)])?$")
# lines that head a page without naming anyone: page numbers, "公开01表", "目录"
NO_NAME = re.compile(r"^([-—–]?\d{1,4}[-—–]?|公开\d+表.*|目录|第.*)$")


def extract_meta(doc: SourceDocument, seg: Segmentation, disc: Disclosure) -> None:
    meta = disc.meta
    # (seg.year and seg.scope already take what a web page's <title> says where the body is
    # silent: segment.page_title_says; the phase is asked of it below)
    meta.year = seg.year or stated_year(doc) or sheet_year(doc)
    meta.scope = seg.scope
    if seg.template:
        meta.template, meta.region = seg.template.id, seg.template.region
        meta.phase = seg.template.phase
        meta.scope = meta.scope or seg.template.scope
    meta.unit_name = own_name(doc, disc)
    meta.unit_code = unit_code(doc, meta.unit_name)
    if meta.phase is None:
        text = "".join(ln.text for ln in doc.lines[:80])
        meta.phase = "决算" if "决算" in text else "预算" if "预算" in text else \
            page_title_says(doc.title, None, None, None)[2] if doc.title else None
    line, m = signature(doc)
    if m:
        try:
            meta.signature_date = signed_on(m)
            meta.signature_provenance = Provenance(file=doc.path, line=line.no)
        except ValueError:
            pass


def stated_year(doc: SourceDocument) -> int | None:
    """The year the whole text names its budget of most often, where the cover and titles print
    none (the part headings may not)."""
    years = Counter(int(m.group(1)) for line in doc.lines if "年" in line.text
                    for m in BUDGET_YEAR.finditer(compact(line.text)))
    return years.most_common(1)[0][0] if years else None


# a sheet's name giving the year of its table: "2025年部门收支总表", "2025年度收入预算表", "2025部门预算表1"
SHEET_YEAR = re.compile(r"(?<![\d\-—－至到])(20\d\d)(?!\d)年?度?(?=[\u4e00-\u9fff])(?![年至到—－-])")
# a row's reference in a workbook: Sheet1!5:5, '2025年 收支总表'!5:5
SHEET_REF = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!]+))!\d+:\d+$")


def sheet_year(doc: SourceDocument) -> int | None:
    """The year a workbook's sheet names give where its cells print none (a budget system's
    export, one sheet a table named "2025年部门收支总表"): the one most sheets name, none
    where two are named as often."""
    names = set()
    for ref in {ln.ref for ln in doc.lines if ln.ref and "!" in ln.ref}:
        if m := SHEET_REF.match(ref):
            names.add(m.group(1).replace("''", "'") if m.group(1) else m.group(2))
    years: Counter[int] = Counter()
    for name in names:
        years.update({int(y.group(1)) for y in SHEET_YEAR.finditer(name)})
    ranked = years.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def signature(doc: SourceDocument) -> tuple[Line | None, re.Match | None]:
    """The line that dates the document, and its date: the last line among a file's last ones
    that is a date, or ends with one after the signer's name or "日期：" (the last file's first,
    then those before: a bundle may print the narrative first); else a date alone on the cover."""
    ends = [*doc.file_starts[1:], len(doc.lines)]
    for end in reversed(ends):
        for line in reversed(doc.lines[max(0, end - SIGNATURE_LINES):end]):
            if m := signed_date(compact(line.text), bool(line.cells)):
                return line, m
    for line in doc.lines[:COVER_LINES]:
        text = compact(line.text).rstrip("。.")
        if (m := DATE.search(text)) and m.start() == 0:
            return line, m
    return None, None


def signed_date(text: str, row: bool = False) -> re.Match | None:
    """A signature's date at the end of a line: alone, or after "日期：" or the signer's name (not
    in a table's row: "时效指标 完成时限 2026年12月31日" is a field's)."""
    m = DATE.search(text.rstrip("。."))
    if not m or m.start() == 0:
        return m
    before = text[:m.start()]
    if DATE_LABEL.fullmatch(before) or (not row and SIGNER.fullmatch(before) and not NOT_SIGNER.search(before)):
        return m
    return None


def unit_code(doc: SourceDocument, unit_name: str | None) -> str | None:
    """The unit's code: printed with its name by a table head or cover ("编制部门：[123001]XX",
    "填报单位：123001 XX", "单位名称：XX（123001）"), else after a label (单位编码：123001), the
    most frequent."""
    by_name: Counter[str] = Counter()
    labelled: Counter[str] = Counter()
    # (the substring tests in one comprehension over the document: most lines have neither word)
    # (each line's text loaded once: the tests and the list take it from the name)
    for text in [text for line in doc.lines if "编制" in (text := line.text) or "码" in text
                 or (("：" in text or ":" in text) and UNIT_WORDS(text))]:
        m = UNIT_NAME.search(text) if "编制" in text or UNIT_WORDS(text) else None
        if m and (code := unit_code_of(m)) and unit_name_of(m) == unit_name:
            by_name[code] += 1
        if "码" in text:
            labelled.update(CODE_LABEL.findall(text))
    codes = by_name or labelled
    return codes.most_common(1)[0][0] if codes else None


# the other labels UNIT_NAME takes a unit's name after (填报单位：, 预算单位：, 单位名称：, 部门：)
UNIT_WORDS = re.compile(r"填报|预算(?:单位|部门)|名称|部门\s*[:：]").search


def own_name(doc: SourceDocument, disc: Disclosure) -> str | None:
    """The unit the document is of: the name its own set of tables prints (a department's 汇总,
    wherever printed among its units' tables); where that names none but a word (部门汇总), or
    no set is its own alone, the cover's; else what its tables, or its text, name most."""
    own = Counter(t.unit_name for t in disc.tables if t.unit_name and t.group == 0
                  and not SUMMARY_MARK.match(t.unit_name))
    if own:
        return own.most_common(1)[0][0]
    several = any(t.group != 0 for t in disc.tables)
    names = Counter(t.unit_name for t in disc.tables if t.unit_name)
    if several and (cover := title_unit(doc)):
        return cover
    return names.most_common(1)[0][0] if names else named_unit(doc) or title_unit(doc)


# the parts of a page's <title>: the document's and the site's ("标题_XX县人民政府", "XX网 - 标题")
TITLE_PARTS = re.compile(r"\s*[_|｜]\s*|\s+[-–—]+\s+")


def page_titles(doc: SourceDocument) -> list[str]:
    """The parts of the title the file gives itself (none for most: a web page's <title>)."""
    return [compact(part) for part in TITLE_PARTS.split(doc.title)] if doc.title else []


def signed_on(m: re.Match) -> date:
    """The date a DATE match gives (ValueError for one that does not exist: 2026年2月30日)."""
    if m.group("y2"):
        return date(int(m.group("y2")), int(m.group("m2")), int(m.group("d2")))
    month = 1 if m.group("m") == "元" else number_of(m.group("m"))
    return date(number_of(m.group("y")), month, number_of(m.group("d")) if m.group("d") else 1)


def named_unit(doc: SourceDocument) -> str | None:
    """The unit a document names in its table heads or cover ("部门：X"), the most frequent."""
    names: Counter[str] = Counter()
    for line in doc.lines:
        text = " ".join(c.strip() for c in line.cells if c.strip()) if line.cells else line.text
        if ("：" not in text and ":" not in text) or len(text) > 100:
            continue          # a table head or a cover line, not a sentence of prose
        for m in NAMED_UNIT.finditer(text):
            if not NOT_A_NAME.match(m.group(1)):
                names[m.group(1)] += 1
    return names.most_common(1)[0][0] if names else None


# a year the name ends with ("某某局2025年部门预算": a name shorter than TITLE's four characters
# takes the year into it)
NAME_YEAR = re.compile(r"(?<=\D)20\d\d年度?$")


def unit_title(text: str) -> re.Match | None:
    """A TITLE match of text whose name names a unit (not NO_UNIT's year or level alone)."""
    m = TITLE.match(text)
    return m if m and not NO_UNIT.match(m.group(1)) else None


def titled_name(m: re.Match) -> str:
    """The unit's name a TITLE match gives, without a year it took in."""
    return NAME_YEAR.sub("", m.group(1))


def title_unit(doc: SourceDocument) -> str | None:
    """The unit named by the cover: "江苏省人民检察院 / 2018年部门预算", or its first line."""
    # (a table's rows and a 单位：万元 line name no one: a workbook of tables alone has no cover)
    texts = [t for t in (compact(line.text) for line in doc.lines[:15] if line.cells is None)
             if t and not NO_NAME.match(t) and not NAVIGATION.search(t) and not AMOUNT_UNIT.match(t)]
    # a title on one line first (a web page prints its menus and search box above it), then one
    # on two lines (the name and "2018 年度 / 部门预算公开"), then the first short line
    # (a contents entry, "一、2026年部门预算编制说明", is no title)
    m = next((m for m in map(unit_title, texts) if m and not LIST_MARK.match(m.string)), None)
    if m:
        return titled_name(m)
    # the page's <title> names the unit better than a short line guessed at (the text may open
    # with a heading: "一、主要职能"); a numbered heading, or a sentence, names no one
    paged_name = next((titled_name(m) for m in map(unit_title, page_titles(doc)) if m), None)
    for i, text in enumerate(texts):
        m = unit_title(text + texts[i + 1]) if i + 1 < len(texts) else None
        if m:
            return titled_name(m)
        if len(text) <= 40 and "年" not in text and not TABLE_TITLE.search(text) and not LIST_MARK.match(text) \
                and not SENTENCE.search(text):
            return paged_name or text
    return paged_name
