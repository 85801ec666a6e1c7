"""Which tables belong together: a department's own (汇总) tables, and each unit's.

A 部门 disclosure may print its units' tables after its own, unit by unit (表1-2 … 表11-2, then
表1-3 …) or table by table (表1-1 汇总, 表1-2, 表1-3, then 表2-1 …). The tables of one unit are
checked against each other, never against another unit's: each table gets the number of its
set (`group`). Set 0 is the department's own (汇总), wherever it is printed: some documents
print their units first and the 汇总 last. What its tables print tells it (汇总 in a title or
name, the department's own name, 编制部门 against the units' 编制单位, 部门… titles against 单位…),
else its totals (the sum of every other set's: `own_set_by_totals`, once the amounts are read);
where neither does, the first set printed is taken for it and the parse says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..identities import RowKey, sums_agree, wan_shift
from ..model import ParseIssue
from ..text import SUB_LABEL, match_key, quoted, strip_markup

OWN_SET_ASSUMED = "own-set-assumed"     # the issue: nothing printed told which set is the 汇总

if TYPE_CHECKING:
    from ..model import Disclosure, PrintedTable
    from ..readers import SourceDocument
    from . import TableBlock

# The tables of fiscal appropriations: each unit receives its own, so the 汇总 adds them up. (The
# tables of all funds may leave out what the units pay each other — 上级补助收入 against
# 对附属单位补助支出 — where the department consolidates them.)
UNIT_SUMMED = ("fiscal_summary", "gpb_expenditure", "basic_expenditure", "project_expenditure",
               "gov_fund_expenditure", "state_capital_expenditure", "three_public")
OWNER_LABEL = re.compile(r"编制(部门|单位)\s*[:：]")


def group_tables(blocks: list[TableBlock]) -> None:
    """Each block's set, by what the document prints: the 编制单位 under each title, else the
    labels' copy numbers (表4-2: the second copy of 表4), else the order (a unit's tables in the
    order of the first set's). A way is taken only where no set then holds a kind twice; where
    none is, the first table of each kind is the document's own and the others' sets are not
    known (None): they are checked alone."""
    kinds = [b.spec.kind for b in blocks]
    if len(set(kinds)) == len(kinds):
        return                                  # one set: every table its document's own
    for keys in (owner_keys, copy_keys, order_keys):
        groups = numbered(keys(blocks))
        if groups is not None and one_of_each_kind(blocks, groups):
            for b, g in zip(blocks, groups):
                b.group = g
            return
    seen: set[str] = set()
    for b in blocks:
        b.group = None if b.spec.kind in seen else 0
        seen.add(b.spec.kind)


def owner_keys(blocks: list[TableBlock]) -> list | None:
    """The 编制单位 each table prints; a table printing none goes with the table before it."""
    owners = [match_key(b.owner) if b.owner else None for b in blocks]
    if len({o for o in owners if o}) < 2:
        return None
    return inherited(owners)


def copy_keys(blocks: list[TableBlock]) -> list | None:
    """The copy a sub-label numbers: the second number where the first names one kind of table
    throughout (表4-1, 表4-2, 表4-3: copies of 表4), the first where the second does (表2-1 …
    表2-11: the second unit's tables, numbered); a table without a sub-label goes with the table
    before it."""
    found = [SUB_LABEL.search(b.label) if b.label else None for b in blocks]
    if not any(found):
        return None
    for copy, table in ((2, 1), (1, 2)):
        kinds: dict[str, set[str]] = {}
        for b, m in zip(blocks, found):
            if m:
                kinds.setdefault(m.group(table), set()).add(b.spec.kind)
        if all(len(k) == 1 for k in kinds.values()):
            return inherited([m.group(copy) if m else None for m in found])
    return None


def order_keys(blocks: list[TableBlock]) -> list | None:
    """Sets in the order printed: a kind the current set holds already starts the next set,
    which must open with the kind the first set opens with (else the tables are not printed
    unit by unit)."""
    keys: list[int] = []
    current: set[str] = set()
    for b in blocks:
        if b.spec.kind in current:
            if b.spec.kind != blocks[0].spec.kind:
                return None
            current = set()
        current.add(b.spec.kind)
        keys.append(keys[-1] + (len(current) == 1) if keys else 0)
    return keys


def inherited(keys: list) -> list:
    """Keys where a None takes the key before it (the first ones: their own, "")."""
    out, last = [], ""
    for k in keys:
        last = k if k is not None else last
        out.append(last)
    return out


def numbered(keys: list | None) -> list[int] | None:
    """Keys as set numbers, in the order the sets first appear."""
    if keys is None:
        return None
    order: dict = {}
    return [order.setdefault(k, len(order)) for k in keys]


def one_of_each_kind(blocks: list[TableBlock], groups: list[int]) -> bool:
    seen = {(g, b.spec.kind) for b, g in zip(blocks, groups)}
    return len(seen) == len(blocks) and len(set(groups)) > 1


# ---- which set is the department's own (汇总) ----------------------------------------------------

def own_set_first(blocks: list[TableBlock], doc: SourceDocument) -> bool:
    """Number the department's own set 0 where what its tables print tells it among several
    sets. False where several sets are printed and nothing printed tells (the first printed
    stays set 0), or where the sets could not be told apart (the first table of each kind is
    taken for the document's own)."""
    if any(b.group is None for b in blocks):
        return False
    groups = sorted({b.group for b in blocks})
    if len(groups) < 2:
        return True
    from ..extract.meta import title_unit  # here: extract.meta reads a Segmentation
    name = title_unit(doc)                        # the department as its cover names it
    heads = {id(b): head_text(doc, b) for b in blocks}
    titles = {id(b): match_key(strip_markup(doc.lines[b.title_index].text)) for b in blocks}
    members = {g: [b for b in blocks if b.group == g] for g in groups}
    for own, other in own_signs(heads, titles, name):
        found = [g for g in groups if own(members[g])]
        if len(found) == 1 and all(other(members[g]) for g in groups if g != found[0]):
            renumber(blocks, found[0])
            return True
    return False


Sign = Callable[[list], bool]


def own_signs(heads: dict[int, str], titles: dict[int, str], name: str | None) -> list[tuple[Sign, Sign]]:
    """What marks a set as the 汇总 (first of each pair), and what the other sets must print
    then (second): a word printed in one set only tells nothing where the others print nothing
    to set against it (a 汇总 printing no 编制单位 beside a unit printing the department's name).
    heads: the words over each table (head_text); titles: its title line as printed."""
    key = match_key(name or "")

    def says(word: str) -> Sign:
        return lambda bs: any(word in heads[id(b)] for b in bs)

    def labelled(kind: str) -> Sign:
        return lambda bs: any(m.group(1) == kind for b in bs for m in OWNER_LABEL.finditer(heads[id(b)]))

    def titled(word: str) -> Sign:        # 部门收支总表 against 单位收支总表 (not both words)
        other = "单位" if word == "部门" else "部门"
        return lambda bs: any(word in titles[id(b)] and other not in titles[id(b)] for b in bs)

    def named(bs) -> bool:
        unit = one_name(b.owner for b in bs)
        return bool(key) and unit is not None and match_key(unit) == key

    return [(says("汇总"), lambda bs: True),
            (named, lambda bs: one_name(b.owner for b in bs) is not None),
            (labelled("部门"), labelled("单位")),
            (titled("部门"), titled("单位"))]


def head_text(doc: SourceDocument, b: TableBlock) -> str:
    """The words printed over a table: its label, title and the lines under the title before
    its rows (编制单位, 单位：万元, a note such as （部门汇总）), table rows left out."""
    end = min(b.end, b.title_index + HEAD_LINES)
    lines = [strip_markup(ln.text) for ln in doc.lines[b.start:end] if ln.cells is None and "\t" not in ln.text]
    return " ".join([b.label or "", b.title, *lines])


HEAD_LINES = 8       # lines from a table's title within which its 编制单位 and unit are printed


def renumber(tables: list, own: int) -> None:
    """Set `own` becomes 0; the others keep their order after it."""
    order = [own] + sorted({t.group for t in tables if t.group is not None and t.group != own})
    new = {g: n for n, g in enumerate(order)}
    for t in tables:
        if t.group is not None:
            t.group = new[t.group]


def own_set_by_totals(tables: list[PrintedTable]) -> int | None:
    """The set whose fiscal tables' totals (UNIT_SUMMED) are the sums of every other set's, in
    every column they all print: the 汇总 of a department printing all its units. None where no
    set is, or more than one (two sets: each is the other's sum)."""
    sets: dict[int, dict[str, PrintedTable]] = {}
    for t in tables:
        if t.group is not None and t.kind in UNIT_SUMMED:
            sets.setdefault(t.group, {}).setdefault(t.kind, t)
    if len(sets) < 3:
        return None
    totals = {g: {kind: table_totals(t) for kind, t in kinds.items()} for g, kinds in sets.items()}
    found = [g for g in totals if sums_the_others(g, totals)]
    return found[0] if len(found) == 1 else None


def sums_the_others(own: int, totals: dict[int, dict[str, dict]]) -> bool:
    checked = False
    for kind, mine in totals[own].items():
        others = [kinds.get(kind) for g, kinds in totals.items() if g != own]
        if None in others:
            continue
        for key, value in mine.items():
            parts = [o.get(key) for o in others]
            if None in parts or not (value[0] or any(p[0] for p in parts)):
                continue
            if not sums_agree(value, parts):
                return False
            checked = True
    return checked


def table_totals(table: PrintedTable) -> dict[tuple, tuple]:
    """The amounts of a table's total rows (总计, 合计 …) whose column is decided, by row and
    column, in 万元 with their printed places."""
    shift = -wan_shift(table.unit)
    out: dict[tuple, tuple] = {}
    for r in table.rows:
        if RowKey(r.code, r.name, r.project).is_total:
            for c in r.cells:
                if c.column and c.amount is not None:
                    out[(r.side, r.name, c.column)] = (c.amount.scaleb(-shift), (c.precision or 0) + shift)
    return out


def set_names(tables) -> dict[int, str | None]:
    """Each set's unit (set_unit), by the set's number."""
    groups: dict[int, list] = {}
    for t in tables:
        if t.group is not None:
            groups.setdefault(t.group, []).append(t)
    return {g: set_unit(members) for g, members in groups.items()}


def set_name(names: dict[int, str | None], group: int, quote: bool = True) -> str:
    """A set of tables named the same wherever it is named: its unit's name where its tables
    print one, in quotes inside a sentence (“某某中心”), else its place in the document (第2套表).
    names: set_names of the document's tables; quote=False: the name alone, as a finding's
    Location.unit holds it (a field, which table_location fills with the same name)."""
    name = names.get(group)
    if name:
        return quoted(name) if quote else name
    return f"第{group + 1}套表"


def printed_elsewhere(tables, kind: str) -> str:
    """Where a kind of table the document's own set (0) lacks is printed, in words: the units'
    sets printing it ("" where none does)."""
    names = set_names(tables)
    groups = sorted({t.group for t in tables if t.kind == kind and t.group})
    if not groups:
        return ""
    shown = "、".join(set_name(names, g) for g in groups)
    return f"（部门汇总的表中没有此表，只在所属单位{shown}的表中印有）"


def set_unit(tables) -> str | None:
    """The unit a set's tables name: the 编制单位 they print where they print one name (tables
    printing none, or two, name no unit)."""
    return one_name(t.unit_name for t in tables)


def one_name(names) -> str | None:
    """The one name printed (None where none is, or several)."""
    found = {n for n in names if n}
    return found.pop() if len(found) == 1 else None


def settle_own_set(tables: list[PrintedTable]) -> ParseIssue | None:
    """Where what the tables print did not tell the 汇总 (own_set_first): by the totals now read,
    else the first set printed stays the document's own, and the parse says so."""
    if any(t.group is None for t in tables):
        return ParseIssue(level="warning", code=OWN_SET_ASSUMED,
                          message="文件中同类的表印了不止一张（如部门汇总之后又印所属单位的表），但各表属于哪一套无法分清"
                                  "（未印可区分的表号或编制单位），按印制顺序以每类表的第一张为本部门（汇总）的表；"
                                  "情况说明与部门数字的核对均以这些表为准，请核实")
    own = own_set_by_totals(tables)
    if own is not None:
        renumber(tables, own)
        return None
    return order_assumed(tables)


def order_assumed(tables: list[PrintedTable]) -> ParseIssue:
    """The warning where the first set printed is taken for the 汇总 by its place alone, saying
    why nothing else told: no set prints what marks a 汇总, and the totals cannot tell (two
    sets: each is the sum of the other; more: none is the sum of the others)."""
    count = len({t.group for t in tables})
    first = set_unit([t for t in tables if t.group == 0])
    shown = f"（编制单位：{first}）" if first else ""
    totals = ("只有两套表，合计数无从区分（“其余各套之和”就是另一套本身）" if count == 2
              else "合计数也没有哪一套恰为其余各套之和")
    return ParseIssue(level="warning", code=OWN_SET_ASSUMED,
                      message=f"文件印有 {count} 套表（部门汇总及所属单位），从表题、编制单位和合计数均无法判断哪一套是部门汇总："
                              "没有哪一套单独印有“汇总”字样或封面所列的单位名称，也没有“编制部门”与“编制单位”、"
                              f"“部门…表”与“单位…表”之分，{totals}。按印制顺序以第一套{shown}为部门汇总；"
                              "完整性、情况说明与部门数字的核对均以这一套为准，请核实")


def own_set_assumed(disc: Disclosure) -> bool:
    """Nothing the document prints told which set is its own (汇总): the first printed was
    taken for it (settle_own_set)."""
    return any(i.code == OWN_SET_ASSUMED for i in disc.issues)
