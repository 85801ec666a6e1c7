"""第二部分: each template table as a TableBlock — the template's order, titles and header, the
rows and amounts as the input gives them."""

from __future__ import annotations

from decimal import Decimal

from ..model import Disclosure, PrintedRow, PrintedTable
from ..templates import TableSpec, TemplateSpec
from .document import Cell, Document, TableBlock
from .figures import money

CN_NUMERALS = "一二三四五六七八九十"


def table_label(spec: TableSpec, template: TemplateSpec, printed: PrintedTable | None) -> str:
    """The label as the input prints it, else as the template family numbers its tables
    (单位 sets of Xinjiang: 表一; others: 表1)."""
    if printed is not None and printed.label:
        return printed.label
    if template.scope == "单位" and template.id.startswith("xj-") and spec.number <= 10:
        return f"表{CN_NUMERALS[spec.number - 1]}"
    return f"表{spec.number}"


def table_title(spec: TableSpec, template: TemplateSpec, printed: PrintedTable | None) -> str:
    """The input's title; else the template's title naming the template's scope (部门/单位)."""
    if printed is not None and printed.title:
        return printed.title
    return next((t for t in spec.titles if t.startswith(template.scope)), spec.titles[0])


def table_block(doc: Document, disc: Disclosure, template: TemplateSpec, spec: TableSpec,
                printed: PrintedTable | None = None) -> TableBlock:
    """The table of this kind: the one given (a unit's set), else the document's own."""
    printed = printed or disc.table(spec.kind)
    label, title = table_label(spec, template, printed), table_title(spec, template, printed)
    unit = (printed.unit if printed is not None and printed.unit else None) or template.unit
    owner = (printed.unit_name if printed is not None and printed.unit_name else None) or disc.meta.unit_name or ""
    block = TableBlock(label=label, title=title, unit_line=f"单位：{unit}", unit_name=f"编制部门：{owner}",
                       header=[], kind=spec.kind)
    variant = spec.named(printed.template_variant) if printed is not None else spec
    width = label_width(printed)
    block.header = canonical_header(variant, printed, width)
    block.merges = header_merges(block.header, len(block.header))
    if printed is None:
        block.note = missing_note(doc, disc, label, title)
        return block
    block.body = body_rows(doc, printed, width, coded_sides(variant))
    if not block.body:
        block.note = printed.empty_note or missing_note(doc, disc, label, title)
    return block


def missing_note(doc: Document, disc: Disclosure, label: str, title: str) -> str:
    """A table the input lacks is printed empty, as a unit without such money prints it, and
    listed: the officer confirms it is empty or fills it in."""
    doc.empty_tables.append(f"{label} {title}")
    owner = disc.meta.unit_name or ""
    year = f"{disc.meta.year}年" if disc.meta.year else ""
    return f"{owner}{year}没有{title.removesuffix('表')}的数据，{title}为空表。"


def canonical_header(spec: TableSpec, printed: PrintedTable | None, width: int,
                     levels: int | None = None) -> list[list[str]]:
    """The header rows from the template: groups (a column's path, each level a row) over their
    leaves; 项目 over the row-label cells; side by side, each side's name over its half.
    levels: at most this many rows (a deeper path keeps its first group and its leaf)."""
    def half(columns, label_cells):
        top = ["项目"] + [""] * (label_cells - 1)
        low = [""] * label_cells
        for col in columns:
            top.append(col.path[0] if col.path else col.label)
            low.append(col.label if col.path else "")
        # a group's repeated name: only its first column prints it (the merge spans the rest)
        for i in range(len(top) - 1, label_cells, -1):
            if top[i] and top[i] == top[i - 1] and low[i]:
                top[i] = ""
        return top, low

    if spec.layout != "side_by_side":
        columns = printed_columns(spec.columns, printed, None)
        if max((len(c.path) for c in columns), default=0) > 1 and (levels or 3) > 2:
            return nested_header(columns, width)
        top, low = half(columns, width)
        return [top, low] if any(low) else [top]
    tops, lows = [], []
    for side in spec.sides:
        if printed is not None and printed.columns and not any(c.side == side for c in printed.columns):
            continue
        width = 2 if side in coded_sides(spec) else 1
        top, low = half(printed_columns(spec.sides[side].columns, printed, side), width)
        tops.append([spec.side_label(side)] + [""] * (len(top) - 1))
        labels = ["科目编码", "科目名称"] if width == 2 else top[:1]
        lows.append(labels + [t or b for t, b in zip(top[width:], low[width:])])
    return [[t for top in tops for t in top], [x for low in lows for x in low]]


def nested_header(columns, label_cells: int) -> list[list[str]]:
    """A row per level of the columns' paths, the leaf under its groups (a shallower column's
    leaf at its own depth, the empty cells below it merged into it): the national 决算's “三公”
    table prints 预算数 over 公务用车购置及运行费 over 小计 | 购置费 | 运行费."""
    depth = max(len(c.path) for c in columns) + 1
    rows = [["项目"] + [""] * (label_cells - 1)] + [[""] * label_cells for _ in range(depth - 1)]
    for col in columns:
        names = [*col.path, col.label]
        for level in range(depth):
            rows[level].append(names[level] if level < len(names) else "")
    # a group's repeated name: only its first column prints it, where the groups over it are the
    # same (the names as written compared, not as blanked)
    named = [row[:] for row in rows]
    for level in range(depth - 1):
        for i in range(len(rows[level]) - 1, label_cells, -1):
            same = all(named[up][i] == named[up][i - 1] for up in range(level + 1))
            if named[level][i] and same and named[level + 1][i]:
                rows[level][i] = ""
    return rows


def coded_sides(spec: TableSpec) -> set[str]:
    """Sides whose rows are economic codes (a 决算's 人员经费 | 公用经费): code and name are two
    cells, as the national sheet prints them and as the readers take a code."""
    return {side for side, s in spec.sides.items() if s.rows == "economic"}


def printed_columns(columns, printed: PrintedTable | None, side: str | None):
    """The template's columns the input prints, in the order it prints them (the body's order);
    all of them for a table the input lacks."""
    if printed is None or not printed.columns:
        return columns
    by_key = {c.key: c for c in columns}
    keys = [c.key.split(":", 1)[1] if side else c.key for c in printed.columns if c.side == side]
    return [by_key[k] for k in keys if k in by_key]


def header_merges(rows: list[list[str]], header: int) -> list[tuple[int, int, int, int]]:
    """(row, col, rows, cols) of each header cell spanning the empty cells right of and below
    it. A row's only text is never spanned across (a reader would take it for a title)."""
    covered: set[tuple[int, int]] = set()
    merges = []
    for r in range(header):
        filled = [c for c, t in enumerate(rows[r]) if t]
        for c in filled:
            if (r, c) in covered:
                continue
            w = 1
            while len(filled) > 1 and c + w < len(rows[r]) and not rows[r][c + w] and (r, c + w) not in covered:
                w += 1
            h = 1
            while r + h < header and all(not rows[r + h][k] and (r + h, k) not in covered for k in range(c, c + w)):
                h += 1
            if w > 1 or h > 1:
                merges.append((r, c, h, w))
                covered.update((r + dr, c + dc) for dr in range(h) for dc in range(w))
    return merges


def covered_cells(merges) -> set[tuple[int, int]]:
    """The cells a merge covers, its first cell excepted."""
    return {(r + dr, c + dc) for r, c, h, w in merges for dr in range(h) for dc in range(w) if (dr, dc) != (0, 0)}


def label_width(printed: PrintedTable | None) -> int:
    """Label cells: a code column where a row prints a code, the name, a project column where a
    row names a project (the rows' own fields: a text form's raw label may run cells together)."""
    if printed is None or not printed.rows:
        return 1
    return 1 + any(r.code for r in printed.rows) + any(r.project for r in printed.rows)


def body_rows(doc: Document, table: PrintedTable, width: int, coded: set[str] = frozenset()) -> list[list[Cell]]:
    keys: dict[str | None, list[str]] = {}
    for c in table.columns:
        keys.setdefault(c.side, []).append(c.key)
    by_line: dict[int, dict] = {}
    for row in table.rows:
        by_line.setdefault(row.line, {})[row.side] = row
    body = []
    for line in sorted(by_line):
        sides = by_line[line]
        if None in keys:
            row = sides[None]
            body.append(label_cells(row, width) + amounts(doc, table, row, keys[None]))
            continue
        cells: list[Cell] = []
        # (the table's own sides in its order: 收入 | 支出, or a 决算's 人员经费 | 公用经费)
        for side, side_keys in keys.items():
            row = sides.get(side)
            if side in coded:
                cells.extend([Cell(row.code if row else ""), Cell(row.name if row else "")])
            else:
                cells.append(Cell(side_label(row) if row else ""))
            cells.extend(amounts(doc, table, row, side_keys) if row else [Cell("") for _ in side_keys])
        body.append(cells)
    return body


def label_cells(row: PrintedRow, width: int) -> list[Cell]:
    cells = ([row.code] if width > 1 else []) + [row.name] + ([row.project] if width > 2 else [])
    return [Cell(c) for c in cells + [""] * (width - len(cells))]


def side_label(row: PrintedRow) -> str:
    return row.raw_label or (f"{row.code} {row.name}" if row.code else row.name)


def amounts(doc: Document, table: PrintedTable, row: PrintedRow, keys: list[str]) -> list[Cell]:
    out = [Cell("") for _ in keys]
    for cell in row.cells:
        if cell.amount is None:
            continue
        if cell.column not in keys:
            # undecided between columns: a grid must put it in one, so it is left out and named
            doc.undecided.append(f"{table.label or table.title} {row.code} {row.name} {row.project}".strip()
                                 + f"：{money(cell.amount)}（可能的栏目：{'、'.join(cell.candidates) or '未知'}）")
            continue
        out[keys.index(cell.column)] = Cell(money(cell.amount), cell.amount)
    return out


def as_decimal(cell: Cell) -> Decimal | None:
    return cell.amount
