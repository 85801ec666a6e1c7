"""Which tables belong together: a department's own (汇总) tables, and each unit's.

A 部门 disclosure may print its units' tables after its own, unit by unit (表1-2 … 表11-2, then
表1-3 …) or table by table (表1-1 汇总, 表1-2, 表1-3, then 表2-1 …). The tables of one unit are
checked against each other, never against another unit's: each table gets the number of its
set (`group`), 0 for the set the document prints first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..text import SUB_LABEL, match_key

if TYPE_CHECKING:
    from . import TableBlock


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



def set_names(tables) -> dict[int, str | None]:
    """Each set's unit (set_unit), by the set's number."""
    groups: dict[int, list] = {}
    for t in tables:
        if t.group is not None:
            groups.setdefault(t.group, []).append(t)
    return {g: set_unit(members) for g, members in groups.items()}


def set_unit(tables) -> str | None:
    """The unit a set's tables name: the 编制单位 they print where they print one name (tables
    printing none, or two, name no unit)."""
    names = {t.unit_name for t in tables if t.unit_name}
    return names.pop() if len(names) == 1 else None
