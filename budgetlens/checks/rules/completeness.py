"""Is everything the template requires there, and filled in?"""

from __future__ import annotations

import re

from ...extract.rows import SAYS_EMPTY
from ...model.findings import Evidence, Location
from ...model.tables import UNKNOWN_KIND
from ...segment.sets import printed_elsewhere
from ...text import in_order, norm_label, quoted
from ..context import (
    Context,
    Fail,
    NotApplicable,
    ev,
    fmt,
    rule,
    set_label,
    table_location,
)
from ..ledger import Ledger
from ..scan import finditer_at, merged, year_starts


def _need_template(ctx: Context):
    if ctx.template is None:
        raise NotApplicable("未识别公开模板，无法确定应有的表格和部分")
    return ctx.template


@rule("C-TABLES")
def tables(ctx: Context) -> None:
    """The document's own set (a department's 汇总) holds every table its template requires: a
    kind only a unit's set prints is missing from the department's, and the finding says where
    it is printed. So does each unit's set printed after it (unit_tables)."""
    template = _need_template(ctx)
    found = {t.kind for t in ctx.disc.tables if t.group == 0}
    if not found:
        _no_tables(ctx, template)
        return
    for spec in template.tables:
        ctx.checked += 1
        if spec.kind not in found and spec.required:
            name = _table_name(spec)
            ctx.report(Fail(key=spec.kind, location=Location(table=spec.number, table_kind=spec.kind),
                            expected=name, found="未找到",
                            fields={"table": name, "elsewhere": printed_elsewhere(ctx.disc.tables, spec.kind)}))
    for printed in ctx.sets:
        if next(iter(printed.values())).group:
            unit_tables(ctx, template, printed)


def _no_tables(ctx: Context, template) -> None:
    """A file without a single table is most often the 情况说明 of a disclosure whose tables are
    another file (Jiangsu prints "公开表附后"), or tables printed as pictures: one finding naming
    every table, saying how to check both files together, not one per table."""
    ctx.checked += 1
    lacking = [s for s in template.tables if s.required]
    if lacking:
        names = "、".join(_table_name(s) for s in lacking)
        ctx.report(Fail(key="no tables", location=Location(), expected=names, found="未找到",
                        fields={"table": names, "count": len(lacking), "message": "none"}))


def unit_tables(ctx: Context, template, printed: dict) -> None:
    """A unit's set of tables (by kind) holds every table the template requires, as the
    department's own does (the templates require no other set of a unit): one finding per unit,
    naming the unit and every table its set lacks."""
    ctx.checked += 1
    lacking = template.lacking(set(printed))
    if not lacking:
        return
    first = min(printed.values(), key=lambda t: t.index)
    names = "、".join(_table_name(s) for s in lacking)
    ctx.report(Fail(key="unit|" + "|".join(s.kind for s in lacking),
                    location=Location(unit=set_label(ctx.disc, first.group)), expected=names, found="未找到",
                    fields={"table": names, "message": "unit"},
                    evidence=[Evidence(role="该单位的表", text=first.title, provenance=first.provenance)]))


def _table_name(spec) -> str:
    return f"表{spec.number}{quoted(spec.titles[0])}"


@rule("C-TOTAL-ROW")
def total_rows(ctx: Context) -> None:
    from ..ledger import is_total_row
    found = False
    for table in ctx.disc.tables:
        spec = ctx.spec(table)
        if spec is not None and spec.layout == "side_by_side" and table.rows:
            found = True
            _side_totals(ctx, table, spec)
            continue
        if spec is not None and spec.rows == "item" and table.rows:
            found = _item_total(ctx, table, spec) or found
            continue
        if spec is None or spec.rows not in ("function", "economic", "function_project") or not table.rows:
            continue
        found = True
        if table.is_empty:
            continue         # nothing to total (a blank form's 合计 line, printing no figure, is not read)
        ctx.checked += 1
        if not any(is_total_row(r) for r in table.rows):
            _no_total(ctx, table, table.kind, "合计/总计")
    if not found:
        raise NotApplicable("没有分科目的表格")


def _item_total(ctx: Context, table, spec) -> bool:
    """An itemised table (三公) prints its 合计 row when its template has one and the table
    prints the template's items at all."""
    if not any(i.coords.get("item") == "total" for i in spec.items):
        return False
    printed = {r.coords.get("item") for r in table.rows} - {None}
    if len(printed - {"total"}) < 2:
        return False                 # too few of its items to call it the template's table
    ctx.checked += 1
    if "total" not in printed and not any(TOTAL_NAME.match(norm_label(r.name)) for r in table.rows):
        _no_total(ctx, table, table.kind, "合计")
    return True


TOTAL_NAME = re.compile(r"^(合计|总计)")
GRAND_TOTALS = {"income": ("source", "收入总计"), "expenditure": ("function_code", "支出总计")}


def _side_totals(ctx: Context, table, spec) -> None:
    """A balance table (收支总表, 财政拨款收支总表) prints 收入总计 and 支出总计 when its template has them."""
    for side, (field, name) in GRAND_TOTALS.items():
        side_spec = spec.sides.get(side)
        if side_spec is None or not any(i.coords.get(field) == "total" for i in side_spec.items):
            continue
        ctx.checked += 1
        # a row the reader did not map (garbled label) but named 总计 still counts as printed
        if not any(r.side == side and (r.coords.get(field) == "total" or "总计" in norm_label(r.name))
                   for r in table.rows):
            _no_total(ctx, table, f"{table.kind}|{side}", name, expected=name)


def _no_total(ctx: Context, table, key: str, what: str, expected: str = "合计行") -> None:
    ctx.report(Fail(key=key, location=table_location(table),
                    expected=expected, found="无", fields={"what": what},
                    evidence=[Evidence(role="表格", text=table.title, provenance=table.provenance)]))


def distinct_matching(candidates: dict[str, list[int]], whole: set[str] = frozenset()) -> dict[str, int]:
    """Each wanted section matched to a section of its own (one section does not stand for two:
    一般公共预算支出情况 names 支出 and 一般公共预算 alike), as many as can be (augmenting paths:
    once matched, a wanted section stays matched). `whole`: the wanted whose words a title
    prints together (基本支出情况 in 一般公共预算基本支出情况说明), placed before one as narrow
    whose words that title only prints in order (一般公共预算…情况): left unmatched, that one is
    the section missing."""
    owner: dict[int, str] = {}

    def place(wanted: str, seen: set[int]) -> bool:
        for i in candidates[wanted]:
            if i not in seen:
                seen.add(i)
                if i not in owner or place(owner[i], seen):
                    owner[i] = wanted
                    return True
        return False

    # the narrowest first: where sections are too few, the one left unmatched is a wanted
    # section many titles could name (支出情况), not one only its own section names (三公)
    for wanted in sorted(candidates, key=lambda w: (len(candidates[w]), w not in whole, -len(w))):
        place(wanted, set())
    return {wanted: i for i, wanted in owner.items()}


@rule("C-SECTIONS")
def sections(ctx: Context) -> None:
    template = _need_template(ctx)
    if not ctx.disc.narrative.sections:
        raise NotApplicable("文件中没有情况说明部分")
    sections = ctx.disc.narrative.sections
    titles = [norm_label(s.title) for s in sections]
    # the wanted words in order, not contiguous: 上半年结转结余 still names the 上年结转结余
    # section (the typo rule reports the slip)
    candidates = {wanted: [i for i, title in enumerate(titles) if in_order(norm_label(wanted), title)]
                  for wanted in template.required_sections}
    whole = {wanted for wanted, found in candidates.items() if any(norm_label(wanted) in titles[i] for i in found)}
    # a wanted section no numbered heading names may be an item of one, its words whole in the
    # item's heading ("十、其他重要事项的情况说明" over "（一）机关运行经费支出情况", as the national
    # 决算 format prints them): each item one more place to match
    owners = list(sections)
    for section, title in ((s, t) for s in sections for t in sub_titles(s)):
        for wanted, found in candidates.items():
            if (not found or found[0] >= len(sections)) and norm_label(wanted) in title:
                found.append(len(owners))
                whole.add(wanted)
        owners.append(section)
    matched = distinct_matching(candidates, whole)
    for wanted in template.required_sections:
        ctx.checked += 1
        found = [owners[i] for i in candidates[wanted]]
        if wanted not in matched:
            ctx.report(Fail(key=wanted, location=Location(section=wanted), expected=wanted, found="未找到",
                            fields={"section": wanted}))
        elif not any(s.text.strip() for s in found):
            ctx.report(Fail(key=wanted, location=Location(section=found[0].number or wanted),
                            expected=wanted, found="只有标题", fields={"section": f"{wanted}（只有标题，没有内容）"},
                            evidence=[Evidence(role="说明", text=found[0].title, provenance=found[0].provenance)]))


# an item's heading inside a section, on a line of its own or before a colon ("（二）政府采购支出
# 情况：2024年度政府采购支出总额…")
SUB_TITLE = re.compile(r"^[（(][一二三四五六七八九十]+[）)]\s*([^：:。；;\n]{2,40})")


def sub_titles(section) -> list[str]:
    return [norm_label(m.group(1)) for para in section.text.split("\n") if (m := SUB_TITLE.match(para.strip()))]


EMPTY_WORDS = re.compile(r"空表|无数据|没有.{0,20}(支出|收入|拨款|经费)|未安排|无.{0,10}(支出|收入|拨款)")


@rule("C-EMPTY-NOTE")
def empty_notes(ctx: Context) -> None:
    # (a table the template does not know is kept as printed: which figures it reads is not known)
    empties = [t for t in ctx.disc.tables if t.is_empty and t.kind != UNKNOWN_KIND]
    if not empties:
        raise NotApplicable("没有空表")
    for table in empties:
        ctx.checked += 1
        if table.empty_note or _narrative_explains(ctx, table) or _noted_with_others(ctx, table):
            continue
        evidence = [Evidence(role="表格", text=table.title, provenance=table.provenance)]
        fields = {"table": _printed_name(table)}
        zero = _says_zero(ctx, table)
        if zero is not None:        # "政府性基金拨款支出预算为0": the amount, not why the table is empty
            evidence.append(zero)
            fields.update(message="zero", says=zero.text)
        ctx.report(Fail(key=table.kind, location=table_location(table),
                        expected="空表说明", found="无", fields=fields, evidence=evidence))


@rule("C-EMPTY-NOTE-CONTRADICTS")
def empty_note_contradicts(ctx: Context) -> None:
    """"注：本部门无“三公”经费预算，故本表为空表" under a table that prints 47.91 …"""
    noted = [t for t in ctx.disc.tables if t.empty_note and SAYS_EMPTY.search(t.empty_note) and t.kind != UNKNOWN_KIND]
    if not noted:
        raise NotApplicable("没有注明为空表的表格")
    for table in noted:
        ctx.check(_note_says_empty, ctx, table)
    # a note naming other tables by their labels ("故表7、表8、表9为空表"): each of them
    for table in ctx.disc.tables:
        if table.kind == UNKNOWN_KIND or table.empty_note or not table.label:
            continue
        note_of = next((t for t in noted if _note_names(t, table, by_topic=False)), None)
        if note_of is not None:
            ctx.check(_note_says_empty, ctx, table, note_of)


def _note_says_empty(ledger: Ledger, ctx: Context, table, note_of=None) -> Fail | None:
    """note_of: the table whose note names this one, where the note is printed under another."""
    printed = [v for r in table.rows for v in ledger.values(table, r).values() if v.amount]
    if not printed:
        return None
    under = note_of or table
    # the note is printed below the last amount row
    after = max((r.line_end or r.line for r in under.rows if r.line), default=under.line) + 1
    where = under.provenance.model_copy(update={"line": min(after, under.line_end), "line_end": under.line_end})
    fields = {"table": _printed_name(table), "says": under.empty_note.rstrip("。")}
    if note_of is not None:
        fields.update(message="named", noted=_printed_name(note_of))
    return Fail(key=table.kind, location=table_location(table),
                expected="0.00", found=fmt(printed[0].amount), difference=printed[0].amount,
                evidence=[Evidence(role="表下说明", text=under.empty_note, provenance=where)]
                + [ev(v, "表中金额") for v in printed], fields=fields)


def _printed_name(table) -> str:
    return f"表{table.printed_number}{quoted(table.title)}" if table.printed_number else quoted(table.title)


TOPIC = {"gov_fund_expenditure": "政府性基金", "state_capital_expenditure": "国有资本经营",
         "carryover": "结转结余", "three_public": "三公", "project_expenditure": "项目支出"}


REASON = re.compile(r"原因|由于|因为")


def _narrative_explains(ctx: Context, table) -> bool:
    topic = TOPIC.get(table.kind, norm_label(table.title)[:6])
    for s in ctx.disc.narrative.sections:
        for sentence in re.split(r"[。；;]", s.text):
            if topic in sentence and "空表" in sentence:
                return True
            if topic in s.title and any(_says_absent(clause, topic) for clause in re.split(r"[，,]", sentence)):
                return True
    return False


def _noted_with_others(ctx: Context, table) -> bool:
    """One note, under the last of them, may say why several tables are empty: "…无“三公”经费
    支出，也没有使用政府性基金预算财政拨款安排的支出，故表7、表8、表9为空表" names each by its
    label, its title or what it is of."""
    return any(_note_names(other, table, by_topic=True) for other in ctx.disc.tables
               if other.empty_note and SAYS_EMPTY.search(other.empty_note))


# the list of tables a note says are empty, the words right before saying so: "故表7、表8、表9为空表",
# "表7至表9均为空", "表8、表9无数据"; not the reason before it ("没有…结转结余，") nor a table it only
# refers to ("表4中…各栏亦为0")
EMPTY_LIST = re.compile(r"([^，,。；;]*?)(?:均|都|皆|亦|也)?(?:为|是)?"
                        r"(?:空表(?!格)|空(?=[，,。；;）)]|$)|(?:无|没有)(?:数据|内容))")
# a label's own number ends where no digit, Chinese numeral or sub-number follows: 表1 is not the
# start of 表10 or 表1-1 (表1–1), nor 表十 of 表十一
LABEL_END = r"(?![\d一二三四五六七八九十〇零]|\s*[-－–—]\s*\d)"
# a list speaking of a part of a table ("表4中…各栏亦为空"), not of tables
PART_OF = re.compile(r"表\s*\S{1,4}?中|[栏列行]$")
# a list naming no table by its label: "以上三张表", "上述表格", "第7、8、9张表" (what a table is
# of, anywhere in the note, tells whether it is one of them)
LISTED_UNNAMED = re.compile(r"以上|上述|下列|以下|张表|第\s*[\d一二三四五六七八九十]")
# a table's number as a list prints it: 表7, 附表7, 表七, 公开07表
NUMBERED = re.compile(r"(?:附?表\s*(\d+|[一二三四五六七八九十]+)|公开\s*(\d+)\s*表)" + LABEL_END)
# what follows a number in a list: more numbers (表7、8、9) or a range's end (表7至表9, 表7至9,
# 表7—表9, 公开07表至公开09表; a dash before a bare number is a sub-label's: 表1-2)
LIST_MORE = re.compile(r"\s*(?:([、，,和及与])\s*(\d+|[一二三四五六七八九十]+)(?![\d.万元%％一二三四五六七八九十]|\s*[-－–—]\s*\d)"
                       r"|(?:至|到)\s*(?:附?表|公开)?\s*(\d+|[一二三四五六七八九十]+)\s*表?"
                       r"|[-－—]\s*(?:附?表|公开)\s*(\d+|[一二三四五六七八九十]+)\s*表?"
                       r"|[~～]\s*(?:附?表|公开)?\s*(\d+|[一二三四五六七八九十]+)\s*表?)")
CN_NUMBER = {c: i for i, c in enumerate("一二三四五六七八九十", 1)}


def number_of_label(text: str) -> int | None:
    """7 of 表7, 表七, 公开07表, 附表7, 表十一; None of another label (表1-1, 附件)."""
    m = NUMBERED.fullmatch(norm_label(text)) if text else None
    return None if m is None else _number(m.group(1) or m.group(2))


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if len(text) == 1:
        return CN_NUMBER.get(text)
    if len(text) == 2 and text[0] == "十":
        return 10 + CN_NUMBER[text[1]]
    if len(text) in (2, 3) and text[-1] == "十" or len(text) == 3 and text[1] == "十":
        return CN_NUMBER[text[0]] * 10 + (CN_NUMBER[text[2]] if len(text) == 3 else 0)
    return None


def listed_numbers(listed: str) -> set[int]:
    """The table numbers a list names: each label, the bare numbers after one (表7、8、9) and
    every number of a range (表7至表9)."""
    out: set[int] = set()
    for m in NUMBERED.finditer(listed):
        n = _number(m.group(1) or m.group(2))
        if n is None:
            continue
        out.add(n)
        at = m.end()
        while (more := LIST_MORE.match(listed, at)) is not None:
            if more.group(2):
                n = _number(more.group(2)) or n
                out.add(n)
            else:
                hi = _number(more.group(3) or more.group(4) or more.group(5))
                if hi is not None and n < hi:
                    out.update(range(n, hi + 1))
                    n = hi
            at = more.end()
    return out


def _note_names(under, table, by_topic: bool) -> bool:
    """The note under `under` names `table` (another of the same unit's set, PrintedTable.group)
    among the tables it says are empty: by its label, or with by_topic by its title or what it
    is of (a list naming no label, "以上三张表": what it is of, anywhere in the note)."""
    if under is table or under.group != table.group or not under.empty_note:
        return False
    number = number_of_label(table.label)
    label = re.compile(re.escape(norm_label(table.label)) + LABEL_END) if table.label and number is None else None
    names = [norm_label(table.title), TOPIC.get(table.kind, norm_label(table.title)[:6])] if by_topic else []
    for m in EMPTY_LIST.finditer(under.empty_note):
        listed = m.group(1)
        if PART_OF.search(listed):
            continue
        if number is not None and number in listed_numbers(listed) or label is not None and label.search(listed) \
                or any(n and n in listed for n in names):
            return True
        if by_topic and LISTED_UNNAMED.search(listed) and any(n and n in under.empty_note for n in names):
            return True
    return False


# an amount stated as nil: 为0, 为 0.00 万元, 为零
SAYS_ZERO = re.compile(r"为\s*(?:0(?:\.0+)?(?![\d.])|零)")


def _says_zero(ctx: Context, table) -> Evidence | None:
    """The first clause of the narrative that states the table's money is 0 (its topic, then
    为0), quoted with its line."""
    topic = TOPIC.get(table.kind)
    if topic is None:
        return None
    for s in ctx.disc.narrative.sections:
        if topic not in s.text:
            continue
        for m in re.finditer(r"[^。；;，,]+", s.text):
            clause = m.group()
            if topic in clause and SAYS_ZERO.search(clause):
                line = s.line_at(m.start())
                return Evidence(role="说明", text=clause.strip(),
                                provenance=s.provenance.model_copy(update={"line": line, "line_end": line}))
    return None


def _says_absent(clause: str, topic: str) -> bool:
    """A clause of the table's own section that says its money is absent. The reason given for
    a change ("主要原因是两年均未安排因公出国（境）费用") speaks of one item, not of the table,
    unless it names the table's topic."""
    return bool(EMPTY_WORDS.search(clause)) and (topic in clause or not REASON.search(clause))


CHANGE_WORDS = re.compile(r"增加|减少|持平|增长|下降|一致|相同|均未安排|未安排|无变化")
REASON_WORDS = re.compile(r"原因|由于|因为|主要是|系")
# a 决算 explains its actuals against the year's budget (财政部《部门决算公开格式》), or last year's
FINAL_CHANGE_WORDS = re.compile(CHANGE_WORDS.pattern + r"|完成(?:年初|调整|全年)?预算|(?:大于|小于|超过|超出|低于|少于|多于)"
                                r"(?:年初|调整|全年)?预算")


@rule("C-THREE-PUBLIC-EXPLAIN")
def three_public_explained(ctx: Context) -> None:
    section = next((s for s in ctx.disc.narrative.sections if "三公" in s.title), None)
    if section is None:
        raise NotApplicable("情况说明没有“三公”经费部分")
    ctx.checked += 1
    missing = []
    final = ctx.disc.meta.phase == "决算"
    if not (FINAL_CHANGE_WORDS if final else CHANGE_WORDS).search(section.text):
        missing.append("说明决算与预算（或上年）相比的增减变化" if final else "说明与上年相比的增减变化")
    changed = re.search(r"增加|减少|增长|下降" + (r"|大于|小于|超过|超出|低于|少于|多于" if final else ""), section.text)
    if changed and not REASON_WORDS.search(section.text):
        missing.append("说明增减变化的原因")
    if missing:
        ctx.report(Fail(key="three_public", location=Location(section=section.number or section.title),
                        found="；".join(missing), fields={"missing": "、".join(missing)},
                        evidence=[Evidence(role="说明", text=section.text[:200], provenance=section.provenance)]))


@rule("C-GLOSSARY")
def glossary(ctx: Context) -> None:
    template = _need_template(ctx)
    if not any(p.get("key") == "glossary" for p in template.parts):
        raise NotApplicable("模板不要求名词解释")
    ctx.checked += 1
    if not ctx.disc.glossary:
        ctx.report(Fail(key="glossary", location=Location(section="名词解释"), expected="名词解释",
                        found="未找到"))


PLACEHOLDER = re.compile(r"(?<![A-Za-z])[XＸx]{2,}(?![A-Za-z])|×{2,}|某某|＊{2,}|\*{3,}|(?<!\d)20\d\s*年|待填|待补充|【请说明[^】]*】")


@rule("C-AMOUNT-HIDDEN")
def hidden_amounts(ctx: Context) -> None:
    """Amounts a spreadsheet printed as ### (the reader says where: ParseIssue amount-hidden)."""
    if not ctx.disc.tables:
        raise NotApplicable("文件中没有表格")
    ctx.checked += 1
    for issue in ctx.disc.issues:
        prov = issue.provenance
        if issue.code != "amount-hidden" or prov is None or prov.table is None:
            continue
        table = ctx.disc.tables[prov.table]
        ctx.report(Fail(key=f"{table.kind}|{prov.line}", location=table_location(table),
                        expected="数字", found="###",
                        evidence=[Evidence(role=f"第 {prov.line} 行", text="###", provenance=prov)]))


@rule("C-PLACEHOLDER")
def placeholders(ctx: Context) -> None:
    texts = [(s.number or s.title, s.text, s.provenance) for s in ctx.disc.narrative.sections]
    texts += [(f"表{t.printed_number} 标题", t.title, t.provenance) for t in ctx.disc.tables]
    texts += [("名词解释", g.definition, None) for g in ctx.disc.glossary]
    if not texts:
        raise NotApplicable("没有可检查的文字")
    # a draft (check --draft, a draft on the portal) lists what is left to write as warnings;
    # a document to be published keeps the error
    draft = bool(ctx.config.param("draft", False))
    for where, text, prov in texts:
        ctx.checked += 1
        for m in finditer_at(PLACEHOLDER, text, _placeholder_starts(text)):
            fields = {"message": "draft", "item": _bracketed(text, m)} if draft else {}
            ctx.report(Fail(key=f"{where}|{m.group(0)}", location=Location(section=str(where)),
                            found=m.group(0), expected="实际内容", fields=fields,
                            severity="warning" if draft else None,
                            evidence=[Evidence(role="原文", text=_around(text, m), provenance=prov)]))


def _bracketed(text: str, m: re.Match) -> str:
    """The whole 【…】 a placeholder stands in (【待填写：人员情况】), else the match itself."""
    start, end = text.rfind("【", 0, m.start() + 1), text.find("】", m.end() - 1)
    if start < 0 or end < 0 or "】" in text[start:m.start()]:
        return m.group(0)
    return text[start:end + 1]


PLACEHOLDER_FIRST = re.compile(r"[XＸx×某＊*待【]")    # what a PLACEHOLDER match begins with, but 20X年


def _placeholder_starts(text: str) -> list[int]:
    return merged((m.start() for m in PLACEHOLDER_FIRST.finditer(text)),
                  (p for p in year_starts(text, 3) if text.startswith("20", p)))


def _around(text: str, m: re.Match, width: int = 30) -> str:
    return text[max(0, m.start() - width): m.end() + width]

