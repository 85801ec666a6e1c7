"""Arithmetic inside one table: column sums, itemised rows, parent = Σ children, balances."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from ...identities import RowKey, hierarchy, one_way_each, open_sums, sign, whole_sums
from ...model import PrintedRow, PrintedTable
from ...templates import (
    SumSpec,
    TableSpec,
    item_attr,
    optional_wholes,
    printed_parts,
    sum_pairs,
)
from ...text import match_key
from ..context import Context, Fail, NotApplicable, adds_up, rule, table_location
from ..ledger import Ledger, Val

CLASSIFIED = {"function", "economic", "function_project"}


def _sides(spec: TableSpec) -> list[tuple[str | None, list[SumSpec], list[SumSpec], list]]:
    """(side, column sums, item sums, item specs) for plain and side-by-side tables."""
    if spec.layout == "side_by_side":
        return [(s, spec.sides[s].sums, spec.sides[s].item_sums, spec.sides[s].items)
                for s in ("income", "expenditure") if s in spec.sides]
    return [(None, spec.sums, spec.item_sums, spec.items)]


def _key(side: str | None, key: str) -> str:
    return f"{side}:{key}" if side else key


def _tables(ctx: Context):
    found = False
    for table in ctx.disc.tables:
        spec = ctx.spec(table)
        if spec is not None and table.rows:
            found = True
            yield table, spec
    if not found:
        raise NotApplicable("没有可按模板核对的表格")


def _row_label(row: PrintedRow) -> str:
    return " ".join(x for x in (row.code, row.project or row.name) if x) or row.raw_label


@rule("ARITH-COLUMN-SUM")
def column_sums(ctx: Context) -> None:
    for table, spec in _tables(ctx):
        guessed = _guessed_columns(ctx, table)
        for side, sums, _, _ in _sides(spec):
            # (a row with no amount a guessed column may hold prints none there: the sums as
            # the table's columns show them, a guessed one holding nothing)
            columns = _checked_sums(ctx, table, side, sums)
            for row in table.rows:
                if side and row.side != side:
                    continue
                if guessed & ctx.book.open_columns(table, row):
                    ctx.check(_row_sums, ctx, table, row, side, sums, guessed)
                    continue
                for s, sum_cols in columns:
                    ctx.check(_column_sum, ctx, table, row, side, s, sum_cols, columns)


def _guessed_columns(ctx: Context, table: PrintedTable) -> frozenset[str]:
    """The table's columns that stand only among the candidates of amounts whose column is
    undecided: no amount of the table is decided in one and the header prints none of its
    words (a header word no column explains, 财政拨款 over a Xinjiang 收入总表, leaves its
    amounts to every column left over). Such a column is printed only in a reading that puts
    an amount in it: elsewhere it is no column of the table, and a sum over it is no sum the
    table shows (not one whose unprinted part holds nothing)."""
    candidates = {k for r in table.rows for c in r.cells if c.amount is not None and not c.column
                  for k in c.candidates}
    if not candidates:
        return frozenset()
    decided = {c.column for r in table.rows for c in r.cells if c.column}
    spec = ctx.spec(table)
    header = _header_text(table)
    words = {_key(side, c.key): _words(c) for side, c in spec.all_columns()} if spec is not None else {}
    return frozenset(k for k in candidates - decided if not any(w in header for w in words.get(k, ())))


def _row_sums(ledger: Ledger, ctx: Context, table: PrintedTable, row: PrintedRow, side: str | None,
              sums: list[SumSpec], guessed: frozenset[str]) -> list[Fail]:
    """Every column sum of a row with an amount that may stand in a guessed column, under one
    reading: the sums the table shows with the guessed columns this reading puts amounts in
    (the runner tries the other readings of the row when one fails)."""
    placed = frozenset(guessed & ledger.values(table, row).keys())
    memo_key = ("column-sums", table.index, side, placed)
    columns = ctx.book.memo.get(memo_key)
    if columns is None:
        # (an amount this reading places is the one under the header's words no column explains:
        # they name its column, and the sums over the columns printed are the table's)
        columns = ctx.book.memo[memo_key] = _checked_sums(ctx, table, side, sums, guessed - placed,
                                                          explained=bool(placed))
    return [f for s, sum_cols in columns
            if (f := _column_sum(ledger, ctx, table, row, side, s, sum_cols, columns)) is not None]


def _column_sum(ledger: Ledger, ctx: Context, table: PrintedTable, row: PrintedRow,
                side: str | None, s: SumSpec, sum_cols: tuple | None, columns: list) -> Fail | None:
    if sum_cols is None:
        return None                    # a column of the sum is not printed in this table
    total_key, part_keys, label, labels, *unprinted = sum_cols
    vals = ledger.values(table, row)
    total = vals.get(total_key)
    parts = [vals[k] for k in part_keys if k in vals]
    subtracted = {_key(side, k) for k in s.minus}
    if subtracted:      # (a column subtracted enters as its amount negated; its text, as printed)
        parts = [replace(v, amount=-v.amount) if k in subtracted else v
                 for k, v in zip((k for k in part_keys if k in vals), parts)]
    if total is None and not parts:
        return None
    if adds_up(total, parts):
        return None
    loc = table_location(table, row=_row_label(row), column=label)
    fail = ctx.sum_fail(f"{table.kind}|{side}|{_row_id(row)}|{s.total}", total, parts, loc)
    if fail:
        fail.fields["parts"] = "".join(lab if n == 0 or lab.startswith("−") else "+" + lab for n, lab in enumerate(labels))
        if s.minus:     # a balance (年末 = 年初 + 收入 − 支出): no 合计, and no sum, is computed
            fail.fields.update(message="signed", total=label)
        elif unprinted and unprinted[0]:
            fail.fields.update(message="unprinted", unprinted="、".join(unprinted[0]))
        if not fail.rounding:
            _blame_subtotal(vals, fail, total, parts, part_keys, columns, subtracted)
            if ctx.book.open_columns(table, row) & {total_key, *part_keys}:
                _undecided(fail)
    return fail


def _undecided(fail: Fail) -> None:
    """A sum over a row with amounts whose column is undecided: its figures are those of one
    reading, an amount of another column taken in or one of its own left out; the runner
    tries every reading (Context.check), so whether it fails holds, what it is off by is not
    known: said so, the figures dropped (as for an unread cell, Context.unread_said)."""
    fail.expected = fail.found = fail.difference = fail.tolerance = None
    fail.fields.update(message="undecided")


def _blame_subtotal(vals: dict, fail: Fail, total: Val | None, parts: list[Val], part_keys: list[str],
                    columns: list, subtracted: set[str] = frozenset()) -> None:
    """A total off its parts by exactly what one part, itself a subtotal of the row (公务用车购置
    及运行费 of 购置费 + 运行费), is off its own parts: the total is right, that subtotal's cell
    is the one misprinted (its own finding says so); the total's finding is a note naming it."""
    gap = (total.amount if total else Decimal(0)) - sum((p.amount for p in parts), Decimal(0))
    culprits = []
    for _, cols in columns:
        if cols is None or cols[0] not in part_keys:
            continue
        own = vals.get(cols[0])
        under = sum((vals[k].amount for k in cols[1] if k in vals), Decimal(0))
        off = (own.amount if own else Decimal(0)) - under
        if (-off if cols[0] in subtracted else off) == -gap:      # (a subtracted subtotal's excess lowers the sum)
            culprits.append(cols[2])
    if len(culprits) == 1:
        fail.fields["traced"] = f"合计与各分项的明细之和相符，差额出在“{culprits[0]}”本身，见该格的发现"


def _checked_sums(ctx: Context, table: PrintedTable, side: str | None, sums: list[SumSpec],
                  absent: frozenset[str] = frozenset(), explained: bool = False) -> list:
    """(sum, _sum_columns) per sum of the side: each whose columns are all printed (else its
    columns are None), a part not printed standing as its printed parts (identities.whole_sums);
    and, for a total no way of which is printed whole, the way the printed columns show, over
    the columns printed (identities.open_sums). A part the table does not print holds nothing,
    as an item sum counts the items printed: a 收入总表 without 财政专户 and the carry-over's
    columns still has 总计 = 小计 + 单位资金. Not where the header prints words no column
    explains, nor where it prints the words of a column not read (unread_heads). `absent`:
    columns of the table counted as not printed (guessed columns a reading leaves empty);
    `explained`: the header's words no column explains are those of a guessed column."""
    keys = {k for s in sums for k in (s.total, *s.terms)}
    printed = {k for k in keys if ctx.book.column(table, _key(side, k)) is not None
               and _key(side, k) not in absent}
    pairs = sum_pairs(sums)
    whole = whole_sums(pairs, printed)
    columns = _one_way_each([(s, None if terms is None else
                              _sum_columns(ctx, table, side, s if terms == s.terms else SumSpec(total=s.total, parts=terms)))
                             for s, terms in zip(sums, whole)])
    shown = open_sums(pairs, printed, whole)
    if not shown or table.header_unmapped and not explained or unread_heads(ctx.spec(table), table):
        return columns
    spec = spec_of(ctx, table, side)
    for n, parts, unprinted in shown:
        reduced = SumSpec(total=sums[n].total, parts=parts)
        named = [_named(spec, k, _label_of(spec, k)) for k in unprinted]
        columns.append((reduced, (*_sum_columns(ctx, table, side, reduced), named)))
    return columns


def _one_way_each(columns: list) -> list:
    """The sums with their columns, but a sum the printed columns show as another way of a total
    already checked is left unchecked (identities.one_way_each): 总计 = … + 上年结转结余, the
    carry-over unfolded into its printed levels, is the sum over those levels again."""
    printed = [(cols[0], cols[1]) for _, cols in columns if cols is not None]
    kept = iter(one_way_each(printed))
    return [(s, cols if cols is None or next(kept) else None) for s, cols in columns]


def _label_of(spec, key: str) -> str:
    return next((c.label for c in spec.columns if c.key == key), key) if spec is not None else key


def unread_heads(spec: TableSpec | None, table: PrintedTable) -> bool:
    """Whether the header prints the words of a template column the table has not read: its
    label or an alias (单位资金 read as another column), or a group word over columns none of
    which it read (上年结转结余 printed as one column, its amounts dropped). The words of the
    columns read are taken out of the header's text first (一般公共预算 inside 一般公共预算拨款
    收入, 上年结转 over 财政拨款结转 | 非财政拨款结转); a generic 小计/合计 tells nothing."""
    if spec is None:
        return False
    read = {c.key for c in table.columns}
    # (an optional whole printed over its parts, the parts read, is their group: 财政拨款收入 over
    # 一般公共预算 | 政府性基金预算)
    layouts = spec.sides.items() if spec.layout == "side_by_side" else [(None, spec)]
    read |= {_key(side, k) for side, part in layouts
             for k in optional_wholes(part, {c.key for c in part.columns if _key(side, c.key) in read})}
    columns = [(_key(side, c.key) in read, c) for side, c in spec.all_columns()]   # (keys as the table's)
    rest = _header_text(table)
    for word in sorted({w for was_read, col in columns if was_read for w in _words(col)}, key=len, reverse=True):
        rest = rest.replace(word, "|")
    return any(w in rest for was_read, col in columns if not was_read for w in _words(col))


def _header_text(table: PrintedTable) -> str:
    """The header's words run together, as match keys compare them."""
    return match_key("".join(cell for h in table.header for cell in h.cells))


def _words(col) -> set[str]:
    return {k for t in (col.label, *col.aliases, *col.path) if t not in GENERIC_TOTALS and (k := match_key(t))}


def _sum_columns(ctx: Context, table: PrintedTable, side: str | None, s: SumSpec):
    """(total key, part keys, total's label, parts' labels) of a column sum in this table, or
    None when a column of it is not printed; worked out once per table, not per row."""
    keys = [_key(side, k) for k in [s.total, *s.terms]]
    columns = [ctx.book.column(table, k) for k in keys]
    if any(c is None for c in columns):
        return None
    # (a column subtracted is named with its sign, −)
    labels = [("−" if sign(k) < 0 else "") + _named(spec_of(ctx, table, side), k, c.label)
              for k, c in zip(s.terms, columns[1:])]
    return keys[0], keys[1:], columns[0].label, labels


GENERIC_TOTALS = ("小计", "合计")


def spec_of(ctx: Context, table: PrintedTable, side: str | None):
    spec = ctx.spec(table)
    if spec is not None and side and spec.layout == "side_by_side":
        return spec.sides.get(side)
    return spec


def _named(spec, key: str, label: str) -> str:
    """A column's name in a sum: a 小计 under a group (本年支出 | 小计 基本支出 项目支出) by its
    group, 本年支出小计, as the header reads it."""
    if label not in GENERIC_TOTALS or spec is None:
        return label
    col = next((c for c in spec.columns if c.key == key), None)
    return f"{col.path[-1]}{label}" if col is not None and col.path else label


def _row_id(row: PrintedRow) -> str:
    coords = ",".join(f"{k}={v}" for k, v in sorted(row.coords.items()))
    return f"{row.code}|{row.project}|{coords or row.name}"


@rule("ARITH-ITEM-SUM")
def item_sums(ctx: Context) -> None:
    for table, spec in _tables(ctx):
        for side, _, isums, items in _sides(spec):
            attr = item_attr(items)
            if not attr:
                continue
            printed = {r.coords.get(attr) for r in table.rows if side is None or r.side == side} - {None}
            sums = []
            for s in isums:
                total_row = _item_row(table, side, attr, s.total)
                part_rows = [_item_row(table, side, attr, p) for p in printed_parts(isums, s, printed)]
                if total_row is not None and part_rows:
                    sums.append((s, total_row, part_rows))
            subtotals = {id(t): parts for _, t, parts in sums}
            for s, total_row, part_rows in sums:
                for key in _value_keys(ctx, table, [total_row, *part_rows]):
                    ctx.check(_item_sum, ctx, table, total_row, part_rows, key, s, subtotals)


def _item_row(table: PrintedTable, side: str | None, attr: str, value: str) -> PrintedRow | None:
    return next((r for r in table.rows if (side is None or r.side == side)
                 and r.coords.get(attr) == value), None)


def _value_keys(ctx: Context, table: PrintedTable, rows: list[PrintedRow]) -> list[str]:
    keys: list[str] = []
    ledger = Ledger(ctx.book)
    for r in rows:
        for k in ledger.values(table, r):
            if k not in keys:
                keys.append(k)
    order = [c.key for c in table.columns]
    return sorted(keys, key=lambda k: order.index(k) if k in order else len(order))


def _item_sum(ledger: Ledger, ctx: Context, table: PrintedTable, total_row: PrintedRow,
              part_rows: list[PrintedRow], key: str, s: SumSpec, subtotals: dict) -> Fail | None:
    total = ledger.values(table, total_row).get(key)
    parts = [v for v in (ledger.values(table, r).get(key) for r in part_rows) if v]
    if (total is None and not parts) or adds_up(total, parts):
        return None
    col = ctx.book.column(table, key)
    loc = table_location(table, row=_row_label(total_row),
                   column=col.label if col else key)
    fail = ctx.sum_fail(f"{table.kind}|{s.total}|{key}", total, parts, loc)
    if fail:
        fail.fields["parts"] = "+".join(_row_label(r) for r in part_rows)
        if not fail.rounding:
            kids = {i: [table.rows.index(r) for r in subtotals.get(id(p), [])] for i, p in enumerate(table.rows)
                    if p in part_rows and id(p) in subtotals}
            _blame_child(ledger, table, fail, total, parts, list(kids), key, kids,
                         "合计与各分项的明细之和相符，差额出在“{}”本身，见该行的发现")
            if _open_in(ctx, table, [total_row, *part_rows], key):
                _undecided(fail)
    return fail


@rule("ARITH-HIERARCHY")
def parent_sums(ctx: Context) -> None:
    for table, spec in _tables(ctx):
        if spec.rows not in CLASSIFIED:
            continue
        keys = [RowKey(r.classified_code, r.name, r.project, bool(r.cells)) for r in table.rows]
        sums = hierarchy(keys)
        kids = dict(sums)
        for parent, children in sums:
            cols = _value_keys(ctx, table, [table.rows[parent], *(table.rows[c] for c in children)])
            for key in cols:
                ctx.check(_parent_sum, ctx, table, parent, children, key, kids)


def _parent_sum(ledger: Ledger, ctx: Context, table: PrintedTable, parent: int, children: list[int],
                key: str, kids: dict[int, list[int]]) -> Fail | None:
    prow = table.rows[parent]
    total = ledger.values(table, prow).get(key)
    named = _printing(ledger, table, [table.rows[c] for c in children], key)
    parts = [v for _, v in named]
    if adds_up(total, parts):
        return None
    col = ctx.book.column(table, key)
    loc = table_location(table, row=_row_label(prow),
                   column=col.label if col else key)
    fail = ctx.sum_fail(f"{table.kind}|{_row_id(prow)}|{key}", total, parts, loc,
                        total_role="上级科目", part_role="下级科目")
    if fail:
        fail.fields["parts"] = _part_labels(named, [table.rows[c] for c in children])
        if not fail.rounding:
            _blame_child(ledger, table, fail, total, parts, children, key, kids)
            if _open_in(ctx, table, [prow, *(table.rows[c] for c in children)], key):
                _undecided(fail)
    return fail


def _open_in(ctx: Context, table: PrintedTable, rows: list[PrintedRow], key: str) -> bool:
    """Whether an amount of the rows may or may not stand in the column (its column undecided):
    what the sum over them is off by depends on the reading."""
    return any(key in ctx.book.open_columns(table, r) for r in rows)


def _blame_child(ledger: Ledger, table: PrintedTable, fail: Fail, total: Val | None, parts: list[Val],
                 children: list[int], key: str, kids: dict[int, list[int]],
                 note: str = "上级科目与再下一级科目之和相符，差额出在下级科目 {} 本身，见该行的发现") -> None:
    """A parent that is off its children by exactly what one child is off its own children is
    right: that child's row is the one misprinted (its own finding says so). The parent's
    finding is then a note naming it (Fail.fields["traced"]), not a second error for one misprint."""
    gap = (total.amount if total else Decimal(0)) - sum((p.amount for p in parts), Decimal(0))
    culprits = []
    for c in children:
        below = kids.get(c)
        if not below:
            continue
        own = ledger.values(table, table.rows[c]).get(key)
        under = sum((v.amount for _, v in _printing(ledger, table, [table.rows[k] for k in below], key)),
                    Decimal(0))
        if (own.amount if own else Decimal(0)) - under == -gap:
            culprits.append(table.rows[c])
    if len(culprits) == 1:      # (made a note by Context._emit, unless the cells were not read sure)
        fail.fields["traced"] = note.format(_row_label(culprits[0]))


def _printing(ledger: Ledger, table: PrintedTable, rows: list[PrintedRow], key: str) -> list[tuple[PrintedRow, Val]]:
    """The rows of a sum that print an amount in the column, with it."""
    return [(r, v) for r in rows if (v := ledger.values(table, r).get(key))]


def _part_labels(named: list[tuple[PrintedRow, Val]], rows: list[PrintedRow]) -> str:
    """The parts a finding names: the rows whose amounts were added, not every row of the sum
    (a 收支总表 lists all 29 function classes, most of them empty); all of them where none
    prints one (the sum is 0)."""
    return "、".join(_row_label(r) for r in ([r for r, _ in named] or rows))


@rule("ARITH-SIDE-CLASSES")
def side_classes(ctx: Context) -> None:
    """表1/表4 expenditure side: Σ function classes = 本年支出合计 (or 支出总计 − 结转下年)."""
    for table, spec in _tables(ctx):
        if spec.layout != "side_by_side":
            continue
        classes = [r for r in table.rows if r.side == "expenditure" and len(r.code) == 3]
        if not classes:
            continue
        ends = [r for r in table.rows if r.side == "expenditure" and r.coords.get("function_code") in ("current", "total")]
        current = _item_row(table, "expenditure", "function_code", "current")
        total_row = current or _item_row(table, "expenditure", "function_code", "total")
        # without 本年支出合计: 支出总计 = classes + 结转下年
        carry = _item_row(table, "expenditure", "function_code", "carry_forward") if current is None else None
        for key in _value_keys(ctx, table, classes + ends):
            ctx.check(_side_classes, ctx, table, classes, key, total_row, carry)


def _side_classes(ledger: Ledger, ctx: Context, table: PrintedTable, classes: list[PrintedRow],
                  key: str, total_row: PrintedRow | None, carry: PrintedRow | None) -> Fail | None:
    if total_row is None:
        return None
    total = ledger.values(table, total_row).get(key)
    named = _printing(ledger, table, classes + ([carry] if carry is not None else []), key)
    parts: list[Val] = [v for _, v in named]
    if adds_up(total, parts):
        return None
    col = ctx.book.column(table, key)
    loc = table_location(table, row=_row_label(total_row),
                   column=col.label if col else key)
    fail = ctx.sum_fail(f"{table.kind}|classes|{key}", total, parts, loc)
    if fail:
        fail.fields["parts"] = _part_labels(named, classes)
    return fail


@rule("ARITH-BALANCE")
def balance(ctx: Context) -> None:
    """收入总计 = 支出总计 in 表1 and 表4."""
    for table, spec in _tables(ctx):
        if spec.layout == "side_by_side":
            ctx.check(_balance, ctx, table)


def _balance(ledger: Ledger, ctx: Context, table: PrintedTable) -> Fail | None:
    inc = _item_row(table, "income", "source", "total")
    exp = _item_row(table, "expenditure", "function_code", "total")
    if inc is None or exp is None:
        return None
    iv = next(iter(ledger.values(table, inc).values()), None)
    evs = ledger.values(table, exp)
    ev_ = next((v for k, v in evs.items() if k.endswith(":total") or k.endswith(":amount")), None)
    loc = table_location(table, row="收入总计/支出总计")
    return ctx.sum_fail(f"{table.kind}|balance", iv, [ev_] if ev_ else [], loc,
                        total_role="收入总计", part_role="支出总计")
