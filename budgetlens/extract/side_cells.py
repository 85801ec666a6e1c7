"""A side-by-side table (收支总表, 财政拨款收支总表) whose text came one cell a line, in reading
order: each row's income label then its amounts, then its expenditure code, name and amounts
(row by row), or one side's cells all before the other's. Its rows are rebuilt only where the
order leaves no doubt: every label line is a known row of one side and of one side only (an
item of that side's template, an expenditure class by code or official name), and the amounts
after a label, up to the next label, are no more than that side's columns. Anything else (a
label no side knows, amounts before any label, more amounts than columns) and the table is
left unread as before: its amounts in rows without labels, reported, no anchor drawn. A
row's amounts on a side of several columns must add up as its side's sums say under some
placement in order (empty cells vanished): where they cannot, those after the longest run
that can are another row's, whose label line was lost (own_sums_kept)."""

from __future__ import annotations

from collections.abc import Iterable

from .. import identities as ids
from ..readers import Line
from ..templates import TableSpec, first_item
from ..text import match_key, norm_label, quoted
from .rows import (
    CODE,
    GLUED_CLASS,
    PLACEHOLDERS,
    RawRow,
    RawValue,
    amount_of,
    is_amount_cell,
    may_be_amount,
    split_code_label,
)


def cells_apart(body: Iterable[tuple[Line, str, list[str]]]) -> bool:
    """No line holds both words and amounts, and six or more hold amounts alone: a table's
    cells one a line (a label of several words, "201 一般公共服务支出", still one cell). One
    pass, ended at the first line that mixes them (a layout table's first row)."""
    alone = 0
    for _, _, tokens in body:
        amounts = sum(1 for t in tokens if may_be_amount(t) and is_amount_cell(t))
        if amounts and amounts < len(tokens):
            return False
        alone += amounts > 0
    return alone >= 6


def side_cell_rows(body: list[tuple[Line, str, list[str]]], header: list[tuple[Line, str, list[str]]],
                   spec: TableSpec, first: str, second: str, notes: list | None = None) -> list[RawRow] | None:
    """The rows rebuilt (each with its side, label and amounts in printed order, columns not
    decided), or None where the order is in doubt. header: the lines read as the table's header,
    whose last ones may be the first row's label (it stands before any amount). notes: where the
    warnings on amounts kept out of every row go (see beyond_columns)."""
    if spec.sides[first].rows in ("economic", "function") or second not in spec.sides:
        return None                      # (a coded first side: its codes would open either side)
    widths = {side: len(spec.sides[side].columns) for side in (first, second)}
    lines = first_labels(header, spec, first, second) + body
    rows: list[RawRow] = []
    code: tuple[Line, str] | None = None       # an expenditure code waiting for its name
    for ln, text, tokens in lines:
        tokens = [t for t in tokens if t not in PLACEHOLDERS]
        if not tokens:
            continue
        amounts = [is_amount_cell(t) for t in tokens]
        if all(amounts):
            if code is not None or not rows:
                return None
            row = rows[-1]
            room = widths[row.side] - len(row.values)
            if len(tokens) > room:
                if widths[row.side] != 1 or notes is None:
                    return None
                notes.append(beyond_columns(row, ln, tokens[room:]))
                tokens = tokens[:room]
            if tokens:
                row.values += [v for t in tokens if (v := amount_of(t, ln.no))]
                row.line_end = ln.no
            continue
        if any(amounts):
            return None                  # a label and amounts on one line: not one cell a line
        label = " ".join(tokens)
        if code is None and len(tokens) == 1 and CODE.match(label) and len(label) == 3:
            code = (ln, label)
            continue
        row = labelled_row(ln, label, code, spec, first, second)
        if row is None:
            row = wrapped(rows, ln, label, spec, first, second)
            if row is None:
                return None
        else:
            rows.append(row)
        code = None
    if code is not None or not any(r.values for r in rows):
        return None
    if notes is not None:
        own_sums_kept(rows, spec, notes)
    return rows


def beyond_columns(row: RawRow, ln: Line, tokens: list[str]) -> tuple[str, str, int]:
    """The warning on amounts after a label of a one-column side, beyond its one column: a label
    line lost in between (the row whose amounts they are), or the row's own cell vanished and
    more lost. They are no row's: never added to the row above, nor made a fact of."""
    return ("amount-unplaced", (f"第 {ln.no} 行的金额 {'、'.join(tokens)} 在{quoted(row.raw_label)}一行的金额之后，"
            "而该侧每行只有一列金额：其间的行名称可能在逐格输出的文字中缺失，此金额未归入任何行、未读入"
            f"（{quoted(row.raw_label)}所读金额也可能不是其本行的），请核对"), ln.no)


def own_sums_kept(rows: list[RawRow], spec: TableSpec, notes: list) -> None:
    """Each row of a side of several columns whose amounts cannot add up under any placement in
    order (财政拨款收支总表: 合计 = 一般公共预算 + 政府性基金预算 + 国有资本经营预算): a label
    line lost, its amounts ran on after this row's, as many as the empty cells left room for.
    The amounts after the longest run that can add up are kept out of the row and said, never
    placed. Only where the side's other rows mostly add up: where most do not, the template's
    sums do not fit the printed columns, and the table is left as read (not confirmed)."""
    failing: dict[str, list[tuple[RawRow, int]]] = {}
    held: dict[str, int] = {}
    for row in rows:
        side = spec.sides[row.side]
        if len(side.columns) < 2 or not side.sums or not row.values:
            continue
        keys = [c.key for c in side.columns]
        sums = [(s.total, s.terms) for s in side.sums]
        if adds_up(row.values, keys, sums):         # (the pre-check: most rows hold as read)
            held[row.side] = held.get(row.side, 0) + 1
            continue
        keep = len(row.values) - 1
        while keep and not adds_up(row.values[:keep], keys, sums):
            keep -= 1
        failing.setdefault(row.side, []).append((row, keep))
    for side, bad in failing.items():
        if len(bad) > held.get(side, 0):
            continue
        for row, keep in bad:
            notes.append(beyond_sums(row, row.values[keep:], keep))
            row.values = row.values[:keep]


def adds_up(values: list[RawValue], keys: list[str], sums: list) -> bool:
    return any(ids.reading_ok(r, sums) for r in ids.placements([(v.amount, v.places) for v in values], keys))


def beyond_sums(row: RawRow, values: list[RawValue], kept: int) -> tuple[str, str, int]:
    """The warning on a row's amounts that no placement adds up (own_sums_kept): after the
    row's own amounts (kept of them), or all the row read."""
    said = "、".join(v.text for v in values)
    if kept:
        where = (f"在{quoted(row.raw_label)}一行的金额之后，而加上它们该行的金额无论如何归列都不合本行的勾稽关系"
                 "（合计等于各分项之和）：其间的行名称可能在逐格输出的文字中缺失")
    else:
        where = (f"读在{quoted(row.raw_label)}一行，但无论如何归列都不合本行的勾稽关系（合计等于各分项之和）："
                 "可能是名称在逐格输出的文字中缺失的另一行的金额，也可能是本行印错")
    return ("amount-unplaced", (f"第 {values[0].line} 行起的金额 {said} {where}，此金额未归入任何行、未读入"
            f"（{quoted(row.raw_label)}所读金额也可能不全是其本行的），请核对"), values[0].line)


def labelled_row(ln: Line, label: str, code: tuple[Line, str] | None, spec: TableSpec,
                 first: str, second: str) -> RawRow | None:
    """The row a label line opens: after a class code, the expenditure class it names; else the
    side whose rows the label is one of (None: neither side, or both)."""
    if code is not None:
        if side_of(label, spec, first, second) == first:
            return None
        return RawRow(line=code[0].no, line_end=ln.no, side=second, code=code[1], name=norm_label(label),
                      raw_label=f"{code[1]} {label}")
    side = side_of(label, spec, first, second)
    if side is None:
        return None
    glued, name = split_code_label(label) if side == second else ("", norm_label(label))
    return RawRow(line=ln.no, line_end=ln.no, side=side, code=glued, name=name, raw_label=label)


def wrapped(rows: list[RawRow], ln: Line, label: str, spec: TableSpec, first: str, second: str) -> RawRow | None:
    """A label line no side knows that ends the label above (wrapped in its cell): joined where
    that row has no amount yet and the two together are a row of its side."""
    last = rows[-1] if rows else None
    if last is None or last.values or last.code:
        return None
    joined = last.raw_label + label
    if side_of(joined, spec, first, second) != last.side:
        return None
    last.raw_label, last.name, last.line_end = joined, norm_label(joined), ln.no
    return last


def side_of(label: str, spec: TableSpec, first: str, second: str) -> str | None:
    """The one side the label is a row of: an item of that side, or (expenditure) a class of the
    functional classification by its official name, its code run into it or not."""
    from .tables import class_key, official_class

    mine = first_item(spec.sides[first].items, label) is not None
    theirs = first_item(spec.sides[second].items, label) is not None
    if not theirs and spec.sides[second].rows == "function_class":
        code, name = split_code_label(label)
        theirs = official_class(class_key(name)) is not None if code == "" else (
            len(code) == 3 and (bool(GLUED_CLASS.match(label)) or official_class(class_key(name)) == code))
    if mine != theirs:
        return first if mine else second
    return None


def first_labels(header: list[tuple[Line, str, list[str]]], spec: TableSpec,
                 first: str, second: str) -> list[tuple[Line, str, list[str]]]:
    """The header's last lines that are rows' labels (the first rows', written before the
    first amount), with a class code before its name."""
    from .geometry import known_headers

    known = known_headers(spec)
    out: list[tuple[Line, str, list[str]]] = []
    for k in range(len(header) - 1, -1, -1):
        text = header[k][1]
        if match_key(text) in known:
            break                # (a column's header naming a budget type, 一般公共预算, is no row)
        if side_of(text, spec, first, second) is None and not (
                out and CODE.match(text) and len(text) == 3):
            break
        out.insert(0, header[k])
    return out
