"""The amount unit of tables that print none of their own.

A document may state the unit once for the tables after it ("以下各表金额单位均为：元", the
heading "第二部分 部门预算公开表（单位：元）", a 说明 before the tables): it is the unit of every
table after it that prints no unit line (a table's own line still wins). A table with no unit
anywhere is read in its template's unit; where the narrative restates the table's figures ten
thousand times smaller or larger than that reading gives, the unit was assumed wrongly: the
table is reported, and read in the other unit only where the evidence leaves no doubt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..identities import WAN_SHIFT
from ..model import Disclosure, PrintedTable
from ..model.tables import UNREAD_COUNT
from ..readers import Line
from ..text import compact

# A statement of the unit for several tables: words that scope it over the tables after it
# ("以下各表", "下列表格", "本部分所列各表", the tables part's own heading "第二部分 …公开表"),
# or that say the unit is every table's ("表…金额单位均为/统一为"); the unit it names.
UNIT_WORDS = r"单位(?:均|统一|一律|都)?(?:为|是)?[:：]?(?:人民币)?(万元|千元|元)"
FORWARD = r"(?:(?:以下|下列|如下|本部分|所有|各)[^。；;]{0,6}?|第[一二三四五六七八九十]+部分[^。；;]{0,30}?)表"
STATED = re.compile(rf"{FORWARD}[^。；;]{{0,12}}?{UNIT_WORDS}"
                    rf"|表[^。；;]{{0,12}}?单位(?:均|统一|一律)(?:为|是)?[:：]?(?:人民币)?(万元|千元|元)")
# a statement about the tables before it ("以上各表金额单位均为元") says nothing of those after
BACKWARD = re.compile(r"(?:以上|上述|上列|前述)[^。；;]{0,6}表")
UNITS = re.compile(r"万元|千元|(?<![万千])元")


@dataclass(frozen=True)
class StatedUnit:
    unit: str
    index: int          # where it is printed: an index into the document's lines
    line: int           # the printed line number
    text: str
    table: int | None = None    # the one table's title (line index) it is printed above, if so


def unit_statements(lines: list[Line], titles: list[int]) -> list[StatedUnit]:
    """The statements of one unit for the tables after them, before the last of the tables'
    titles (`titles`: their line indexes; a title's own unit is its table's alone). A line
    naming two units states neither ("表1至表9单位为元，表10单位为万元"). A table's own unit
    line printed above its title is that table's alone (units_above)."""
    out = []
    skip = set(titles)
    # (the few lines naming both picked by one comprehension: the loop's body runs for them only)
    for index in [i for i, ln in enumerate(lines[:max(titles, default=0)]) if "单位" in ln.text and "表" in ln.text]:
        if index in skip:
            continue
        ln = lines[index]
        text = compact(ln.text)
        m = STATED.search(text)
        if m is None or BACKWARD.search(text) or len(set(UNITS.findall(text[m.start():]))) > 1:
            continue
        out.append(StatedUnit(m.group(1) or m.group(2), index, ln.no, text))
    taken = {s.index for s in out}
    for title, index in units_above(lines, titles).items():
        if index in taken:
            continue                # a statement for the tables after it ("以下各表单位：元")
        text = compact(lines[index].text)
        out.append(StatedUnit(OWN_UNIT.search(text).group(1), index, lines[index].no, text, title))
    return sorted(out, key=lambda s: s.index)


# A table's own unit line: "单位：元", "金额单位：万元", "编制部门：XX局 单位：元"
OWN_UNIT = re.compile(r"单位\s*[:：]\s*(?:人民币)?(万元|千元|元)")
AMOUNT = re.compile(r"\d\.\d\d")
ABOVE_REACH = 3         # lines above a title (its label's) its unit line may stand
HEAD_REACH = 4          # lines under a title its unit line may stand, above the first amount


def units_above(lines: list[Line], titles: list[int]) -> dict[int, int]:
    """Title line → the unit line printed just above it (单位 first, then the title, then the
    header), where the title states no unit of its own beside or under it. A unit line under
    a table whose title states none is that table's end, not the next one's head: it is taken
    only where the table before states its unit (as this one does, or under its title)."""
    out: dict[int, int] = {}
    before_states = True            # no table before: the line above is the first one's
    for n, title in enumerate(titles):
        below = unit_below(lines, title)
        if not below and before_states:
            floor = titles[n - 1] + 1 if n else 0
            above = unit_line_above(lines, title, floor)
            if above is not None:
                out[title] = above
        before_states = below or title in out
    return out


def unit_below(lines: list[Line], i: int) -> bool:
    """Title line i, or a line under it above the first amount, states a unit."""
    for ln in lines[i:i + 1 + HEAD_REACH]:
        if "单位" in ln.text and OWN_UNIT.search(compact(ln.text)):
            return True
        if AMOUNT.search(ln.text):
            return False
    return False


def unit_line_above(lines: list[Line], i: int, floor: int) -> int | None:
    """The unit line standing just above title line i: only blank lines, a label (表2) or a
    编制单位 line between them; no further up than `floor`."""
    for j in range(i - 1, max(floor, i - 1 - ABOVE_REACH) - 1, -1):
        text = compact(lines[j].text)
        if not text:
            continue
        if "单位" in text and "表" not in text and not AMOUNT.search(text) and OWN_UNIT.search(text):
            return j                # (a line naming a table with its unit is that table's title)
        if not (text.startswith("编制") or BARE_LABEL.match(text)):
            return None
    return None


BARE_LABEL = re.compile(r"^(?:附表|表)\s*[\d一二三四五六七八九十]+(?:[-－]\d+)?[:：]?$|^公开\d+表$")


def stated_before(statements: list[StatedUnit], index: int) -> StatedUnit | None:
    """The last statement printed before line `index` (a table's title): one for the tables
    after it, or this table's own line printed above its title."""
    return next((s for s in reversed(statements) if s.index < index and s.table in (None, index)), None)


def stated_message(title: str, stated: StatedUnit) -> str:
    if stated.table is not None:
        return f"表「{title}」的金额单位印在表名上方：按第 {stated.line} 行“{stated.text[:40]}”读取为“{stated.unit}”"
    return f"表「{title}」未印金额单位，按第 {stated.line} 行“{stated.text[:40]}”读取为“{stated.unit}”"


# ---- a unit assumed wrongly: the narrative's figures against the table's -------------------

OTHER_UNIT = {"万元": "元", "元": "万元"}
SWITCH_EVIDENCE = 2        # distinct figures that must fit the other unit, none the assumed one


def check_assumed_units(disc: Disclosure) -> None:
    """Each table read in the template's unit because it prints none (issue unit-assumed):
    the narrative's amounts (in 万元, to the places printed) that the table's amounts give read
    in its assumed unit, and read in the other (×10000 or ÷10000). Where none fits the assumed
    unit and figures of four digits or more fit the other, the table is reported; two such
    figures or more switch the table's unit, and the warning says so."""
    assumed = [issue for issue in disc.issues if issue.code == "unit-assumed" and issue.provenance is not None
               and issue.provenance.table is not None]
    if not assumed:
        return                       # (most documents print every table's unit: nothing to weigh)
    figures = narrative_figures(disc)
    if not figures:
        return
    # only a figure of four digits or more tells the other unit: a table's amounts ten thousand
    # times smaller crowd the small figures (0.01 … 9.99), where some narrative figure would
    # fit by chance; any figure that fits the assumed unit tells it
    strong = {places: {v: t for v, t in wanted.items() if abs(v).scaleb(places) >= 1000}
              for places, wanted in figures.items()}
    by_table: dict[int, set[Decimal]] = {}           # (the facts walked once, not once a table)
    for f in disc.facts:
        if f.amount:
            by_table.setdefault(f.table, set()).add(f.amount)
    for issue in assumed:
        table = disc.tables[issue.provenance.table]
        other = OTHER_UNIT.get(table.unit or "")
        if other is None:
            continue
        amounts = sorted(by_table.get(table.index, ()), reverse=True)
        fit_read = fitting(figures, amounts, table.unit)
        fit_other = fitting(strong, amounts, other)
        if fit_read or not fit_other:
            continue
        switch = len(fit_other) >= SWITCH_EVIDENCE
        issue.message = unit_evidence_message(table, other, fit_other, switch)
        if switch:
            issue.code = "unit-inferred"
            table.unit = other
            for f in disc.facts:
                if f.table == table.index:
                    f.unit = other


def narrative_figures(disc: Disclosure) -> dict[int, dict[Decimal, str]]:
    """The narrative's exact amounts in 万元, by the places they print in 万元: value → the
    figure as printed."""
    out: dict[int, dict[Decimal, str]] = {}
    for c in disc.narrative.claims:
        if c.kind != "amount" or c.qualifier is not None or c.unit not in WAN_SHIFT or not c.value:
            continue
        shift = WAN_SHIFT[c.unit]
        out.setdefault(max((c.precision or 0) - shift, 0), {}).setdefault(c.value.scaleb(shift), c.text)
    return out


def fitting(figures: dict[int, dict[Decimal, str]], amounts: list[Decimal], unit: str) -> dict[str, Decimal]:
    """The figures (as printed) that an amount of the table, read in `unit` and rounded to the
    figure's places, gives → that amount. A figure rounded to fewer than two places must be
    the amount exactly ("11万元" is 110,000.00 元, not any amount from 105,000 to 114,999)."""
    out: dict[str, Decimal] = {}
    for places, wanted in figures.items():
        step = Decimal(1).scaleb(-places)
        for amount in amounts:
            wan = amount.scaleb(WAN_SHIFT[unit])
            rounded = wan.quantize(step, rounding=ROUND_HALF_UP)
            printed = wanted.get(rounded)
            if printed is not None and (places >= 2 or wan == rounded):
                out.setdefault(printed, amount)
    return out


def unit_evidence_message(table: PrintedTable, other: str, fit: dict[str, Decimal], switch: bool) -> str:
    examples = "、".join(f"{printed}（本表 {amount:,}）" for printed, amount in list(fit.items())[:3])
    said = (f"表「{table.title}」未印金额单位，模板默认单位为“{table.unit}”；但情况说明的 {len(fit)} 个金额与本表金额"
            f"按“{other}”读取相符（相差一万倍），如 {examples}，按“{table.unit}”读取无一相符：")
    if switch:
        return said + f"本表已按“{other}”读取，请核对"
    return said + f"仅此一例，仍按“{table.unit}”读取，本表金额单位可能是“{other}”，请核对"


# ---- units printed in the amount cells ------------------------------------------------------
# Some offices print the unit in every amount's cell ("277.90万元", "1,300,000.00元"): the
# figure is the amount (rows.cell_text), the unit the cell's (RawValue.unit). A table that
# prints no unit line of its own takes the one its cells agree on; a cell whose unit is not the
# table's is reported unread: one of the two is wrong and the table does not say which, so
# neither is scaled to the other.

UNREAD_UNIT = "印的单位与表的单位不同"


def cell_units(rows: list) -> set[str]:
    """The units the rows' amount cells print after their figures."""
    return {v.unit for row in rows for v in row.values if v.unit}


def units_differ(rows: list, unit: str, title: str) -> tuple[str, str] | None:
    """Cells printing a unit other than the table's `unit`, marked unread (RawValue.unread), and
    the warning saying so; None where every cell agrees."""
    odd = [v for row in rows for v in row.values if v.unit and v.unit != unit]
    if not odd:
        return None
    for v in odd:
        v.unread = UNREAD_UNIT
    lines = sorted({v.line for v in odd})
    where = "、".join(map(str, lines[:3])) + (" 行等" if len(lines) > 3 else " 行")
    said = (f"表「{title}」金额单位为“{unit}”，但第 {where}的 {len(odd)} 个金额印的单位与之不同"
            f"（如“{odd[0].text}{odd[0].unit}”），这些金额未读取（不换算），请核对表的单位")
    return "unit-in-cell", said


# ---- counts printed among the amounts -------------------------------------------------------
# A 三公 table may count, under its money, the cars bought and held and the receptions given
# ("公务用车保有量（辆）| | 6", "国内公务接待人次（人）| | 296"): the row's label names the unit
# of what it counts. Its figures are no amounts of the table's unit; they are kept as printed,
# not read as money (no fact), and said.

# (not （项）: a function path's level mark, "行政运行（项）")
COUNTED = re.compile(r"[（(](?:辆|台|套|台[、/]?套|个|人|人次|批次|批|次|家|名|户|平方米)[）)]$")
COUNTED_ROWS = "counted-rows"


def counted_rows(rows: list, title: str) -> tuple[str, str] | None:
    """The figures of rows whose label names a count's unit, marked unread (RawValue.unread),
    and the note saying so; None where no row counts."""
    counted = [row for row in rows if row.values and COUNTED.search(compact(row.name or row.raw_label))]
    if not counted:
        return None
    for row in counted:
        for v in row.values:
            v.unread = UNREAD_COUNT
    names = "、".join(f"“{compact(row.name or row.raw_label)}”" for row in counted[:3])
    return COUNTED_ROWS, (f"表「{title}」的 {names}{'等' if len(counted) > 3 else ''} {len(counted)} 行印的是数量，"
                          "不是金额，按原文保留，不作金额读取")

