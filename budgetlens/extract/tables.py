"""Table blocks → PrintedTable and Fact, deciding each amount's column.

Headers and grid positions decide first. Plain text loses empty cells, so a row's values
are only known to be in order; the accounting identities (identities.resolve) then narrow
the possible readings, and what stays open is kept as candidates, never guessed.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
import re
from dataclasses import dataclass, field, replace

from .. import guard
from .. import identities as ids
from ..model import Coords, Fact, HeaderRow, ParseIssue, PrintedCell, PrintedColumn, PrintedRow, PrintedTable, Provenance
from ..model.built import COORDS_FIELDS, built, coords_values
from ..readers import Line, SourceDocument
from ..readers.pdf_wide import printed_at
from ..segment import TableBlock
from ..templates import (ItemSpec, TableSpec, first_item, matches_any, optional_wholes, per_spec, printed_parts,
                         sum_pairs)
from ..text import SIGNED_EXACT, match_key, norm_label, quoted, signed, squeeze
from .geometry import Wrap, boxed_rows
from .headers import as_printed, header_unit, unmapped_cells, with_printed_sides
from .layout import (LINE_HEIGHT, LoosePage, amounts_printed, is_layout, layout_boxes, loose_columns, rows_in_order,
                     thin_grouped, thousands_spaced, whole_thousands_spaced, wide_columns)
from .rebuilt import CELLS_VANISHED
from .rows import (CODE, HAS_CJK, HIDDEN_AMOUNT as HIDDEN, MAY_OPEN_ROW, PRINTED_YEAR, TOP_ITEM, UNNAMED_KEY, UNREAD_HIDDEN,
                   UNREAD_MISREAD,
                   BlockRows, ROWS_RUN_TOGETHER, RawRow, RawValue, grid_rows, is_amount_text,
                   keys_as_printed, plain_rows, usual_keys)
from .units import COUNTED_ROWS, cell_units, counted_rows, stated_before, stated_message, unit_statements, units_differ

# Columns, rows, cells, facts and what they hold (five models an amount) are built
# unvalidated from the values read (model/built.py): a tenth fewer instructions for the
# tables stage.

# Tables whose figures other tables' tie-breaks lean on come first.
ORDER = ["summary", "fiscal_summary", "gov_fund_expenditure", "state_capital_expenditure",
         "carryover", "income", "expenditure", "gpb_expenditure", "basic_expenditure",
         "project_expenditure", "three_public"]


@dataclass
class TableResult:
    table: PrintedTable
    facts: list[Fact] = field(default_factory=list)
    issues: list[ParseIssue] = field(default_factory=list)


def build_tables(doc: SourceDocument, blocks: list[TableBlock], default_unit: str = "万元") -> list[TableResult]:
    known_names: dict[str, str] = {}
    # per set of tables (a department's own, each unit's), the first table read of each kind: a
    # table's columns are decided with its own set's tables, never another unit's
    done_by_group: dict[int, dict[str, TableResult]] = {}
    order = sorted(range(len(blocks)),
                   key=lambda i: ORDER.index(blocks[i].spec.kind) if blocks[i].spec.kind in ORDER else 99)
    results: dict[int, TableResult] = {}
    specs: dict[int, TableSpec] = {}     # the layout each table was read with
    wide = None                        # layout text: a CJK character one column or two (asked once)
    statements = unit_statements(doc.lines, [b.title_index for b in blocks])
    for i in order:
        block = blocks[i]
        lines = doc.lines[block.title_index:block.end]
        grid = any(map(CELLS_OF, lines))
        if not grid and wide is None and is_layout(lines):
            wide = wide_columns([ln for b in blocks for ln in doc.lines[b.title_index:b.end]])
        try:
            result, block = read_table(doc, block, i, lines, (grid, bool(wide)), statements, default_unit,
                                       done_by_group, known_names)
        except Exception as exc:       # (contained: guard.py)
            if guard.strict():
                raise
            results[i], specs[i] = unread_table(doc, block, i, exc), block.spec
            continue
        done = done_by_group.setdefault(block.group, {}) if block.group is not None else {}
        results[i], specs[i] = result, block.spec
        done.setdefault(block.spec.kind, result)
        if block.spec.rows in ("function", "function_project"):
            for row in result.table.rows:
                if row.code and row.name and not row.project:
                    known_names.setdefault(row.code, row.name)
    ordered = [results[i] for i in range(len(blocks))]
    ordered_specs = [specs[i] for i in range(len(blocks))]
    name_classes(ordered, ordered_specs)
    for res, spec in zip(ordered, ordered_specs):
        if spec.rows in ("function", "economic", "function_project"):
            codes_from_names(res, "economic" if spec.rows == "economic" else "function")
    return ordered


def read_table(doc: SourceDocument, block: TableBlock, i: int, lines: list[Line], how: tuple[bool, bool],
               statements, default_unit: str, done_by_group: dict, known_names: dict[str, str]
               ) -> tuple[TableResult, TableBlock]:
    """One table block read into its TableResult (how: a grid, layout text printing a CJK
    character two columns wide), with the block as read (its layout variant chosen)."""
    grid, wide = how

    def read(spec: TableSpec) -> BlockRows:
        spec = with_printed_sides(spec, lines)
        return grid_rows(lines, spec) if grid else text_rows(lines, spec, bool(wide))

    raw = read(block.spec)
    if block.spec.variants:
        spec, raw = best_layout(block.spec, raw, read)
        block = replace(block, spec=spec)
    raw.rows = without_notes(raw.rows)
    if grid:
        raw.warnings += outside_cells(lines)
    else:
        raw.warnings += amounts_in_labels(raw.rows)
    if raw.unit is None:
        raw.unit = header_unit(raw.header)
    printed_units = cell_units(raw.rows)
    if raw.unit is None and len(printed_units) == 1:
        raw.unit = next(iter(printed_units))          # each amount's cell prints it
    stated = stated_before(statements, block.title_index) if raw.unit is None else None
    if stated is not None:
        raw.unit = stated.unit
    elif raw.unit is None:
        raw.unit = default_unit
        raw.warnings.append(("unit-assumed",
                             f"表「{norm_label(block.title)}」未印金额单位，按模板默认单位“{default_unit}”读取"))
    if printed_units and (differ := units_differ(raw.rows, raw.unit, norm_label(block.title))):
        raw.warnings.append(differ)
    if counted := counted_rows(raw.rows, norm_label(block.title)):
        raw.warnings.append(counted)
    done = done_by_group.setdefault(block.group, {}) if block.group is not None else {}
    result = build_one(doc, block, raw, i, done, known_names)
    if stated is not None:
        result.issues.append(ParseIssue(level="info", code="unit-stated",
                                        message=stated_message(result.table.title, stated),
                                        provenance=Provenance(file=doc.path, line=stated.line, table=i)))
    for no in hidden_amounts(lines):
        keep_hidden(doc, result.table, no)
        result.issues.append(ParseIssue(
            level="warning", code="amount-hidden",
            message=f"表「{result.table.title}」第 {no} 行有金额印成“###”（制表软件在列宽不够时这样印），"
                    "数字未印出，无法读取，请对照原表核实",
            provenance=Provenance(file=doc.path, line=no, table=i)))
    return result, block


# a note printed under a table: "注：…", "说明：…", "备注：…", "注1：…", "资料来源：…"
NOTE = re.compile(r"^(?:注|说明|备注|资料来源|数据来源)\s*\d*\s*[:：]")


def without_notes(rows: list[RawRow]) -> list[RawRow]:
    """rows without the note printed under the table (a table without rules reads its lines
    as rows): from a row without amounts or code whose label opens as a note, the rows after
    the table's last row with amounts, none with amounts or code of its own."""
    for n, row in enumerate(rows):
        if not row.values and not row.unread and not row.code and NOTE.match(row.raw_label or row.name) \
                and not any(r.values or r.unread or r.code for r in rows[n + 1:]):
            return rows[:n]
    return rows


def unread_table(doc: SourceDocument, block: TableBlock, i: int, exc: Exception) -> TableResult:
    """A table the reader failed on: its title and place kept, no rows, the failure said."""
    first = doc.lines[block.title_index]
    last = doc.lines[max(block.end - 1, block.title_index)]
    prov = Provenance(file=doc.path, line=first.no, line_end=last.no, page=first.page, table=i)
    table = PrintedTable(index=i, kind=block.spec.kind, number=block.number, label=block.label, title=block.title,
                         group=block.group, line=first.no, line_end=last.no, provenance=prov)
    issue = ParseIssue(level="error", code=guard.CODE, provenance=prov,
                       message=guard.failure_message(f"读取表「{norm_label(block.title)}」", exc))
    return TableResult(table=table, issues=[issue])


def codes_from_names(res: TableResult, classification: str) -> None:
    """A classified table printed with names only (the hierarchy shown by indentation, or not at
    all): each row's code from its official name, looked for among the children of the 款 and
    the 类 above it first (行政运行 is a 项 of many 款), then among the classes; a name that is
    not the classification's (a unit's subtotal row) or that stays ambiguous gets none. The
    code goes to the row's and its facts' coordinates, the printed code left empty."""
    rows = res.table.rows
    if not rows or any(r.code for r in rows) or sum(1 for r in rows if r.name) < 2:
        return
    index = _official_names(classification)
    key = "function_code" if classification == "function" else "economic_code"
    above: list[str] = []                        # the codes of the rows above, by length
    found: dict[int, str] = {}
    for row in rows:
        codes = index.get(class_key(row.name), ()) if row.name else ()
        code = next((c for parent in reversed(above)
                     for c in [only(x for x in codes if len(x) == len(parent) + 2 and x.startswith(parent))] if c), None)
        code = code or only(x for x in codes if len(x) == 3)
        if code is None:
            continue
        found[row.index] = code
        above = [a for a in above if len(a) < len(code)] + [code]
    if len(found) < 2:
        return
    for row in rows:
        if row.index in found:
            row.coords[key] = found[row.index]
    for fact in res.facts:
        if fact.row in found:
            for coords in (fact.coords, *fact.alternatives):
                setattr(coords, key, found[fact.row])


def only(codes) -> str | None:
    """The one code among them, or None (none, or several)."""
    found = set(codes)
    return found.pop() if len(found) == 1 else None


@functools.lru_cache(maxsize=2)
def _official_names(classification: str) -> dict[str, tuple[str, ...]]:
    """Every name of the classification (any year's wording) → the codes it names."""
    from ..codes import load_registry

    out: dict[str, set[str]] = {}
    for entry in load_registry(None).entries(classification):
        for name in entry.names:
            out.setdefault(class_key(name), set()).add(entry.code)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def name_classes(results: list[TableResult], specs: list[TableSpec]) -> None:
    """Function classes printed by name alone ("一、一般公共服务支出", the 收支总表 of many
    templates) get their code as coordinates — row and facts, the printed code left empty —
    from the document's own coded rows, else from the classification's class names."""
    todo = []
    for res, spec in zip(results, specs):
        sides = {name for name, side in spec.sides.items() if side.rows == "function_class"}
        named = [r for r in res.table.rows if r.side in sides and not r.code and r.name
                 and "function_code" not in r.coords and r.name.endswith("支出")] if sides else []
        if named:
            todo.append((res, named))
    if not todo:              # (most documents print their classes' codes)
        return
    names = {class_key(r.name): r.code for res, spec in zip(results, specs) for r in res.table.rows
             if len(r.code) == 3 and r.code.isdigit() and r.name and function_rows(spec, r.side)}
    for res, named in todo:
        for row in named:
            code = names.get(class_key(row.name)) or official_class(class_key(row.name))
            if code is None:
                continue
            row.coords["function_code"] = code
            for fact in res.facts:
                if fact.row == row.index:
                    for coords in (fact.coords, *fact.alternatives):
                        coords.function_code = code


def function_rows(spec: TableSpec, side: str | None) -> bool:
    """Whether the rows of the table (or of its side) are coded by the functional classification."""
    side_spec = spec.sides.get(side) if side else None
    kind = side_spec.rows if side_spec is not None else spec.rows
    return kind in ("function", "function_class", "function_project")


def class_key(name: str) -> str:
    return match_key(TOP_LEVEL.sub("", norm_label(name)))


def official_class(key: str) -> str | None:
    """The class (类) of the functional classification a name (class_key) is, any year's wording."""
    return only(code for code in _official_names("function").get(key, ()) if len(code) == 3)


EXACT_AMOUNT = re.compile(rf"(?<![\d.,]){SIGNED_EXACT}(?![\d.,])")


def outside_cells(lines: list[Line]) -> list[tuple[str, str, int]]:
    """A warning for each line of text between a grid's rows (a row printed off the ruling, a
    note inside the frame) that prints amounts: the grid reader reads cells only, so those
    amounts are not read (a line of words alone may stay silent)."""
    rows = [n for n, ln in enumerate(lines) if ln.cells is not None]
    out = []
    for ln in lines[rows[0] + 1:rows[-1]] if rows else ():
        if ln.cells is None and any(map(str.isdigit, ln.text)):
            found = [m.group() for m in EXACT_AMOUNT.finditer(ln.text)] or whole_amounts(ln.text)
            if found:
                said = (f"第 {ln.no} 行“{' '.join(ln.text.split())[:60]}”不在表格的任何单元格内（印在格线之外），"
                        f"其中的金额 {'、'.join(found)} 未读入，请对照原表核实")
                out.append(("outside-cells", said, ln.no))
    return out


WHOLE_FIGURE = r"(?:\d{1,3}(?:,\d{3})+|\d+)"
WHOLE_TOKEN = re.compile(rf"^{signed(WHOLE_FIGURE)}$")     # a whole number, its sign's marks around it
YEAR = re.compile(r"^(?:19|20)\d\d$")
NOTE_START = ("注", "说明", "备注", "资料来源", "表", "第", "共")


def whole_amounts(text: str) -> list[str]:
    """The whole numbers a line ends with where it reads as a table's row (a table in 元
    prints its amounts so): words before them (a name), and a code first, two numbers or
    one of three digits or more; not a note's or a page's number, nor a year after a title."""
    tokens = text.split()
    n = len(tokens)
    while n and WHOLE_TOKEN.match(tokens[n - 1]):
        n -= 1
    run, head = tokens[n:], tokens[:n]
    if not run or not head or not HAS_CJK(" ".join(head)) or head[0].startswith(NOTE_START):
        return []
    if len(run) == 1 and (YEAR.match(run[0]) or not (CODE.match(head[0]) or sum(map(str.isdigit, run[0])) >= 3)):
        return []
    return run


def hidden_amounts(lines: list[Line]) -> list[int]:
    """The lines with a cell printed as ### (a spreadsheet prints that where a number is wider
    than its column, and a PDF or a conversion keeps it): an amount that cannot be read. In
    text, past a line's first word: '### 部门收支总体情况表' is a markdown heading."""
    if "##" not in "\n".join(map(TEXT_OF, lines)):
        return []            # (most tables: one search of their text, "\n" being no "#")
    return [ln.no for ln in lines if "##" in ln.text and
            any(HIDDEN.match(c.strip()) for c in (ln.cells if ln.cells is not None else ln.text.split()[1:]))]


def keep_hidden(doc: SourceDocument, table: PrintedTable, no: int) -> None:
    """The ### printed on line `no` kept in its row as unread cells where the reader placed none
    (text and layouts place no cell: column left open): the row shows what was printed, and
    the checks know an amount of it is unreadable."""
    ln = doc.line_numbered(no)
    if ln is None:
        return
    printed = sum(1 for c in (ln.cells if ln.cells is not None else ln.text.split()[1:]) if HIDDEN.match(c.strip()))
    for row in table.rows:
        if not row.line <= no <= (row.line_end or row.line):
            continue
        kept = sum(1 for c in row.cells if c.unread and c.provenance.line == no and HIDDEN.match(c.text))
        for _ in range(printed - kept):
            row.cells.append(built(PrintedCell, {
                "text": "###", "amount": None, "precision": None, "column": None, "candidates": [], "decided_by": None,
                "provenance": built(Provenance, {
                    "file": doc.path, "line": no, "line_end": None, "page": ln.page, "bbox": None, "ref": None,
                    "char_start": None, "char_end": None, "table": table.index, "row": row.index, "column": None}),
                "unread": UNREAD_HIDDEN}))


# what is_amount_text needs one of (full-width ones it reads as such), looked for in one search
AMOUNT_MARK = re.compile("[.,．，]").search


def amounts_in_labels(rows: list[RawRow]) -> list[tuple]:
    """A warning for each row of text whose label holds amounts of its own, words apart (two,
    or one with a code and name after it): rows run together on one line that could not be cut
    apart (rows_run_together). A figure inside a word of a name ("K12.5-K18.3段") is none."""
    out = []
    for row in rows:
        label = row.raw_label or row.name
        # (an amount prints a decimal point or a thousands comma, is_amount_text: a label
        # without any holds no figure to count)
        if not label or AMOUNT_MARK(label) is None or not any(ch.isdigit() for ch in label):
            continue
        figures = sum(1 for word in label.split() if is_amount_text(word))
        if figures >= 2 or (figures == 1 and MAY_OPEN_ROW.search(label) is not None):
            shown = label if len(label) <= 40 else label[:40] + "…"
            said = (f"第 {row.line} 行的名称中夹有金额（“{shown}”）：可能是几行表格在文字转换时连成了一行而未能分开，"
                    "此行读到的金额可能属于与它相连的另一行，请核对")
            out.append(("amounts-in-label", said, row.line))
    return out


def text_rows(lines: list[Line], spec: TableSpec, wide: bool = False) -> BlockRows:
    """A table printed as text: by the header above each amount where the text kept the
    columns apart (layout.py), else by order and the identities (plain_rows)."""
    lines = thin_grouped(lines)
    if not is_layout(lines):
        out = plain_rows(lines, spec)
        if not out.printed_columns and spec.layout != "side_by_side":
            out.printed_columns = named_columns(out, spec)
        return out
    lines = whole_thousands_spaced(thousands_spaced(lines, wide), spec, wide)
    boxed = layout_boxes(lines, spec, wide)
    if boxed is None:                  # the layout does not say where the columns are
        return by_order(lines, spec, "本表保留了版式，但从版式看不出各列的位置（表头与金额对不齐、"
                        "两列挤在一起或分页后列数不同），按列的先后顺序和勾稽关系读取金额，请核对", wide)
    # a label wrapped around its amount's line goes on a line below that one, and a cell's
    # first line may be indented
    out = boxed_rows(boxed.lines, spec, Wrap(gap=2 * LINE_HEIGHT - 7, indent=6))
    if isinstance(out, str):           # an amount under no header the template names
        return by_order(lines, spec, out, wide)
    out.joined_headers = boxed.joined
    loosen(out.rows, spec, loose_columns(lines, spec) if spec.layout == "side_by_side" else set())
    shared = next((r for r in out.rows if r.values and all(v.column for v in r.values)
                   and len({v.column for v in r.values}) < len(r.values)), None)
    if shared is not None:             # two amounts of a row under one header
        return by_order(lines, spec, f"第 {shared.line} 行有两个金额落在同一表头之下，版式分不清它们的列，"
                        "按列的先后顺序和勾稽关系读取金额，请核对", wide)
    for page in boxed.loose:
        if not open_page(out, page, spec):
            return by_order(lines, spec, "本表续页未印表头，其金额列与前页对不上，按列的先后顺序和勾稽关系读取金额，请核对", wide)
    if boxed.unjoined:
        lines_said = "、".join(map(str, boxed.unjoined[:5]))
        why = (f"第 {lines_said} 行的名称文字是折行的一部分，但折行方式（居中或顶端对齐）与本表各行对不上，"
               "无法确定属于哪一行，未拼接，请核对")
        out.warnings.append(("name-unjoined", why))
    for row in out.rows:
        for value in row.values:
            value.box = None            # character columns, not points: the line says where
    return out


def named_columns(raw: BlockRows, spec: TableSpec) -> set[str]:
    """Plain text whose header cannot be cut into columns (a header of more lines): the
    template's columns its text names (label or alias), where every word of it is a known
    header string and its widest row prints no more amounts than those (a row printing fewer
    lost its empty cells; one printing more shows the header does not name them all: placed
    among the template's then, and the 单位资金 a header does not print is never taken for a
    printed 0 that rules its parts out); all of them where it names them all (a sum
    subtracting a column holds only where that column is known printed: signed_printed;
    the optional columns need not be named). Empty where that is not so: the rows are then
    placed among all of the template's columns (but the optional ones the header does not
    name: header_shown)."""
    usual = set(usual_keys(spec))
    widest = max((len(row.values) for row in raw.rows), default=0)
    if not widest or (widest >= len(usual) and not any(s.minus for s in spec.sums)):
        return set()           # (a row of every column: the header says no more than it)
    header = header_cells(raw, spec)
    if not header or unmapped_cells(header, spec):
        return set()
    named = header_names(header, spec)
    if named >= usual:
        return named
    return named if widest <= len(named) else set()


def header_names(header: list[list[str]], spec: TableSpec) -> set[str]:
    """The columns a header's words name, read as one text (its cells' match keys run
    together: a header that could not be cut into columns), the longest names first: a name
    printed only inside a longer one (非财政拨款结转 of 非财政拨款结转结余) names that one's
    column alone. An optional column (ColumnSpec.optional) whose name another column bears too
    (上年结转: the whole carry-over, or its carried-over part under 上年结转结余) is named only
    with its groups."""
    text = whole = "".join(match_key(cell) for cells in header for cell in cells)
    names = column_names(spec)
    found = set()
    for name in sorted({n for _, ns in names for n in ns if n}, key=len, reverse=True):
        if name in text:
            found.add(name)
            text = text.replace(name, "\x00")
    out = set()
    for col, (key, own) in zip(spec.columns, names):
        said = found.intersection(own)
        if said and col.optional and not all(match_key(g) in whole for g in col.path):
            said -= {n for other, ns in names if other != key for n in ns}
        if said:
            out.add(key)
    return out - wholes_over_levels(out, spec)


def wholes_over_levels(named: set[str], spec: TableSpec) -> set[str]:
    """The optional columns named whose parts (a sum of the table's with that total) are named
    too (templates.optional_wholes): their words over their levels are their group."""
    return optional_wholes(spec, named) & named


def header_shown(raw: BlockRows, spec: TableSpec) -> set[str]:
    """A table whose header said nothing of the columns it prints (printed_columns empty): its
    amounts stand among all the template's columns but the optional ones its header's words do
    not name; empty (all of them) where none is left out. Before, those columns widened the
    candidates of every amount read by order, and a sum over them (a second way to print the
    total) held against the usual one."""
    optional = {c.key for c in spec.columns if c.optional}
    left = optional - header_names(header_cells(raw, spec), spec) if optional else set()
    return {c.key for c in spec.columns if c.key not in left} if left else set()


def column_names(spec: TableSpec) -> list[tuple[str, tuple[str, ...]]]:
    """Each column's key and the match keys of its label and aliases."""
    return per_spec(_COLUMN_NAMES, id(spec), spec, lambda: [
        (c.key, tuple(match_key(s) for s in (c.label, *c.aliases))) for c in spec.columns])


_COLUMN_NAMES: dict = {}
_SIDE_COLUMNS: dict = {}
_TITLE_KEYS: dict = {}


def open_page(out: BlockRows, page: LoosePage, spec: TableSpec) -> bool:
    """The columns of a page printed without its header (LoosePage): every reading that puts
    its columns, in order, under the header's and agrees with each row's totals (a row no
    reading agrees with, a defect of its own, says nothing). A page column every reading left
    puts in one column is decided (the first one, 合计, mostly); the others keep their place
    on the page (RawValue.band) and the identities choose among the readings (resolve_side).
    False when an amount is not in the page's columns."""
    placed = page.keys[:page.bands]               # where layout_boxes boxed them meanwhile
    values = [row.values for row in out.rows if any(v.line in page.lines for v in row.values)]
    if any(v.column not in placed for vs in values for v in vs):
        return False
    readings = [tuple(page.keys[i] for i in at) for at in itertools.combinations(range(len(page.keys)), page.bands)]
    sums = [(s.total, s.terms) for s in spec.sums]
    for vs in values:
        agree = [r for r in readings if ids.reading_ok(band_reading(vs, placed, r), sums)]
        readings = agree or readings
    for vs in values:
        for v in vs:
            at = placed.index(v.column)
            if len({r[at] for r in readings}) == 1:      # every reading left puts it there
                v.column = readings[0][at]
            else:
                v.column, v.band = None, (len(out.bands), at)
    if len(readings) > 1:
        out.bands.append(readings)
    return True


def band_reading(values: list[RawValue], placed: tuple[str, ...], reading: tuple[str, ...]) -> ids.Reading:
    """A row's amounts (boxed under `placed`) under one reading of its page's columns."""
    return {reading[placed.index(v.column)]: (v.amount, v.places) for v in values}


def loosen(rows: list[RawRow], spec: TableSpec, loose: set[str]) -> None:
    """A row with an amount under a header printed in one cell with others: its amounts are
    read in order and the identities place them (resolve_side), not by where they stand."""
    if not loose:
        return
    for row in rows:
        labels = {c.key: match_key(c.label) for c in spec.sides[row.side].columns} if row.side else {}
        if any(labels.get(v.column) in loose for v in row.values):
            for v in row.values:
                v.column = None


def by_order(lines: list[Line], spec: TableSpec, why: str, wide: bool = False) -> BlockRows:
    """Layout text whose columns the headers do not place: its rows as the layout prints them,
    each row's amounts in order for the identities (plain text's reading for a side-by-side
    table), saying why, and how many amounts that misses."""
    raw = plain_rows(lines, spec)
    rows = rows_in_order(lines, spec, wide)
    if rows is not None and sum(map(len, (r.values for r in rows))) >= sum(map(len, (r.values for r in raw.rows))):
        raw.rows = rows     # (in the header's order where plain_rows read it: BlockRows.printed_order)
        open_unnamed(raw, lines, spec, wide)
    if spec.layout == "side_by_side":   # plain text cannot tell where one side's words end
        why += "；本表左右两栏并排，按纯文本读取时收入、支出两栏的项目和金额也可能对错行，请核对"
    raw.warnings.append(("columns-by-order", why))
    read, printed = sum(len(r.values) for r in raw.rows), amounts_printed(lines)
    if read < printed:                 # bare integers (0) the plain reading cannot tell from codes
        raw.warnings.append(("amounts-not-read", f"本表印有 {printed} 个金额，按纯文本只读入 {read} 个"
                             "（整数金额如 0 无法与科目编码区分），未读入的金额请对照原件"))
    return raw


def open_unnamed(raw: BlockRows, lines: list[Line], spec: TableSpec, wide: bool) -> None:
    """Layout text read by order whose one header line prints words naming no template column
    beside words naming some (合计 | 一般性支出 | 专项支出, rows.with_unnamed_columns): where the
    amounts stand in as many columns as the header has words, each amount keeps its column's
    place, and a column of such a word the template's columns no word names as candidates
    (RawValue.band: one reading a choice of one for each, none twice; at most
    OPEN_READINGS_MAX), the identities choosing, a tie reported (as a grid's, rows.open_by_order).
    Before, the amounts only such a column could hold were not read."""
    from .layout import amount_places
    from .rows import OPEN_READINGS_MAX

    order = raw.header_order
    unnamed = [p for p, k in enumerate(order) if k.startswith(UNNAMED_KEY)]
    # (an optional column is one only where the header names it: no word here does)
    free = [c.key for c in spec.columns if c.key not in order and not c.optional]
    if not unnamed or not 1 < math.perm(len(free), len(unnamed)) <= OPEN_READINGS_MAX:
        return
    places = amount_places(lines, spec, wide, len(order))
    if places is None or any(len(places.get(row.line, ())) != len(row.values) for row in raw.rows if row.values):
        return
    readings = []
    for choice in itertools.permutations(free, len(unnamed)):
        reading = list(order)
        for p, k in zip(unnamed, choice):
            reading[p] = k
        readings.append(tuple(reading))
    band = len(raw.bands)
    for row in raw.rows:
        for v, p in zip(row.values, places.get(row.line, ())):
            v.column, v.band = (None, (band, p)) if p in unnamed else (order[p], None)
    raw.bands.append(readings)
    raw.header_order = []
    raw.printed_columns = {k for r in readings for k in r}
    words = "、".join(f"“{order[p][len(UNNAMED_KEY):]}”" for p in unnamed)
    raw.warnings = [w for w in raw.warnings if w[0] != "column-not-in-template"]
    said = f"表头{words}不是模板的列，其金额按勾稽关系在表头未指明的模板列中确定所在列，定不下的列为待定，请核对"
    raw.warnings.append(("column-not-in-template", said))


def best_layout(spec: TableSpec, raw: BlockRows, read) -> tuple[TableSpec, BlockRows]:
    """The layout (the table's own or a variant's) the printed header fits best, with its
    reading. A variant must account for more of the header than the table's own layout, or
    for as much and leave fewer amounts beyond its columns (plain text: 合计 | 人员经费 |
    公用经费 over rows of codes, three amounts a row where the own layout has one a side), and
    its groups stand as the header's years run (a header that says nothing, or names no
    column, keeps the own layout); among those, the least header text left over, then the
    fewest amounts beyond the columns, then the most amounts read. A header naming none of the
    own layout's columns in words every layout knows (项目 | 预算数 over a 三公 table whose own
    columns are 合计 | 一般公共预算 …) is read by a variant fitting as well whose columns it
    names: its amounts go under the column the header prints, not the own layout's first."""
    own = layout_misfit(spec, raw)
    by_order = names_no_column(raw, spec)
    if own[:4] == (False, 0, 0, 0) and not by_order:
        # the least a misfit's first four can be (a bool and three counts): no variant can
        # come under it, so none is read (a reading has no effect but its result)
        return spec, raw
    best = None
    for variant in spec.variants:
        reading = read(variant)
        misfit = layout_misfit(variant, reading)
        if misfit[:3] < own[:3] or misfit[:3] == own[:3] and misfit[3] < own[3] \
                or by_order and misfit[:4] == own[:4] and not names_no_column(reading, variant):
            best = min(best or (misfit, variant, reading), (misfit, variant, reading), key=lambda b: b[0])
    return (best[1], best[2]) if best else (spec, raw)


def names_no_column(raw: BlockRows, spec: TableSpec) -> bool:
    """The layout reads amounts under a header that names none of its columns nor of their
    groups (read by order: 项目 | 预算数, words of every layout's row labels)."""
    header = header_cells(raw, spec)
    if not header or not any(row.values for row in raw.rows):
        return False
    text = "".join(match_key(cell) for cells in header for cell in cells)
    return not any(match_key(name) in text for _, col in spec.all_columns() for name in (col.label, *col.aliases, *col.path))


FIGURE_NAME = re.compile(r"[-\d,.\s]*\d[-\d,.\s]*")
# a function (2xx) or economic (3xx, 5xx) code of 3, 5 or 7 digits (an amount taking its form
# counts alike in every layout that reads it, so only a layout reading codes is set back)
CODE_AMOUNT = re.compile(r"[235]\d{2}(?:\d{2}){0,2}")
CODED_ROWS = ("economic", "function", "function_project")


def layout_misfit(spec: TableSpec, raw: BlockRows) -> tuple[bool, int, int, int, int]:
    """(the header's years say the groups stand the other way round, rows named as the layout
    has no rows or named by a figure, header text left over, amounts beyond the columns, minus
    the amounts read):
    the smaller, the better the fit. A layout of one row of amounts (the items as columns)
    does not fit rows that each name an item ("公务接待费 | 35.00 | 5.00 | -30.00")."""
    header = header_cells(raw, spec)
    # (a row named by its year, "2025年预算数", is a row such a layout has: relative_years reads it)
    # (a line of words alone under the amounts, the table's label "公开10表" or a note, is no
    # item's row: it has no amounts)
    named = sum(1 for row in raw.rows if row.name and row.values and not matches_any(spec.items, row.name)
                and not PRINTED_YEAR.match(row.name)) if spec.rows == "none" else 0
    # a row named by a figure: the layout took a column of amounts for labels (合计 | 人员经费 |
    # 公用经费 read as the 人员经费 and 公用经费 sides' codes and names)
    named += sum(1 for row in raw.rows if row.name and FIGURE_NAME.fullmatch(row.name))
    # a classification code read as an amount: the layout took the second side's codes for a
    # column (人员经费 | 公用经费 side by side, each with its codes, read as 合计 | 人员经费 | 公用经费)
    if spec.rows in CODED_ROWS:
        named += sum(1 for row in raw.rows for v in row.values if CODE_AMOUNT.fullmatch(v.text.strip()))
    unmapped = sum(map(len, unmapped_cells(header, spec)))
    # a column the layout cannot place whose header another layout of the table names as a
    # column (基本支出 whole, where this one splits it into 人员经费 | 公用经费): its amounts are
    # not read here, and are there
    said = [(code, message) for code, message, *_ in raw.warnings if code == "column-unmapped"]
    unmapped += sum(1 for code, message in said if named_elsewhere(spec, message))
    # (a reader that says no such note, a PDF page without rules: the header prints the group
    # whole, none of its parts this layout splits it into)
    unmapped += sum(1 for word in groups_printed_whole(header, spec)
                    if not any(f"“{word}”" in message for _, message in said) and named_elsewhere(spec, f"“{word}”"))
    # amounts beyond the columns: a grid reader leaves them out with a warning each, a text
    # reader keeps them in the row
    extra = sum(1 for code, *_ in raw.warnings if code == "extra-cell")
    read_count = 0
    for row in raw.rows:
        width = len(spec.sides[row.side].columns) if row.side in spec.sides else len(spec.columns)
        extra += max(0, len(row.values) - width)
        read_count += len(row.values)
    return years_run_against(spec, header), named, unmapped, extra, -read_count


QUOTED = re.compile(r"“([^”]+)”")


def named_elsewhere(spec: TableSpec, message: str) -> bool:
    """The column a column-unmapped note quotes (its header's path) is, by its lowest header,
    a column of one of the spec's variants."""
    leaves = {match_key(q.rsplit("/", 1)[-1]) for q in QUOTED.findall(message)}
    return any(match_key(name) in leaves for variant in spec.variants for c in variant.columns
               for name in (c.label, *c.aliases) if not c.path)


def groups_printed_whole(header: list[list[str]], spec: TableSpec) -> list[str]:
    """The header's cells naming a group of the layout's columns (基本支出 over 人员经费 | 公用经费)
    where none of the group's columns is printed: a column the layout has no place for."""
    printed = {match_key(cell) for cells in header for cell in cells if cell.strip()}
    groups: dict[str, list] = {}            # a group's word → the columns under it
    for _, col in spec.all_columns():
        for word in col.path:
            groups.setdefault(match_key(word), []).append(col)
    out = []
    for cell in dict.fromkeys(cell.strip() for cells in header for cell in cells if cell.strip()):
        under = groups.get(match_key(cell))
        if under and not any(match_key(name) in printed for col in under for name in (col.label, *col.aliases)):
            out.append(cell)
    return out


def not_said(unmapped: list[str], warnings: list) -> list[str]:
    """The header's unmapped fragments but those of a column a column-not-in-template note
    names already (“人员经费/工资福利支出”列…: 工资福利 is not said twice); a 小计 under such a
    column's group is that group's total, the template's column."""
    if not unmapped:
        return unmapped
    said = [match_key(q) for code, message, *_ in warnings if code == "column-not-in-template"
            for q in QUOTED.findall(message)]
    if not said:
        return unmapped
    under_group = any("/" in s for s in said)
    return [f for f in unmapped if not any(match_key(f) in s for s in said) and not (f == "小计" and under_group)]


def header_cells(raw: BlockRows, spec: TableSpec) -> list[list[str]]:
    """The header rows' cells but a row printing the table's title alone (pdftotext -layout
    puts the title over the header, a line apart): the title is no header text a layout
    leaves over (a variant fitting worse won over the table's own layout by it)."""
    rows = [cells for _, cells in raw.header if not is_title_row(cells, spec)]
    return joined_again(rows, raw.joined_headers) if raw.joined_headers else rows


def joined_again(rows: list[list[str]], joined: list[tuple[str, tuple[str, ...]]]) -> list[list[str]]:
    """Layout text's header rows with the parts of each header wrapped over lines (因公出国 /
    （境）费) read as the whole, as the columns were read: no part is left over as a word of
    no column."""
    rows = [list(cells) for cells in rows]
    wholes = []
    for whole, parts in joined:
        for part in parts:
            at = next(((r, k) for r, cells in enumerate(rows) for k, c in enumerate(cells) if c.strip() == part), None)
            if at is not None:
                rows[at[0]][at[1]] = ""
        wholes.append(whole)
    return rows + [wholes]


def is_title_row(cells: list[str], spec: TableSpec) -> bool:
    filled = list(filter(str.strip, cells))        # (the cells with text, filtered in C)
    if len(filled) != 1:
        return False
    return match_key(filled[0]).endswith(title_keys(spec))


def title_keys(spec: TableSpec) -> tuple[str, ...]:
    """The match keys of the spec's titles, made once (per_spec)."""
    return per_spec(_TITLE_KEYS, id(spec), spec, lambda: tuple(match_key(t) for t in spec.titles))


def years_run_against(spec: TableSpec, header: list[list[str]]) -> bool:
    """The layout puts last year's columns first (or last) and the header prints its two years
    the other way round ("2026年预算数 | 2025年预算数" against 上年 first), or it has no column
    of last year's and the header prints two years."""
    phases = [col.coords.get("phase") or "" for _, col in spec.all_columns()]
    years = list(dict.fromkeys(int(y) for cells in header for cell in cells for y in PRINTED_YEAR.findall(cell)))
    if len(years) < 2:
        return phase_groups_run_against(spec, header, phases)
    if not any(p.startswith("上年") for p in phases):
        # the earlier year's figures first (2023年决算数 | 2024年决算数) where the layout has no
        # place for last year's: it would read them as its first columns' (the budget's)
        return years[0] < years[1]
    last_year_first = phases[0].startswith("上年")
    return (years[0] > years[1]) == last_year_first


# the words a group over one year's columns opens with, past which its name may say anything
# (上年预算数, 上年预算, 上年; 本年预算数, 本年度, 当年)
PRIOR_WORDS = tuple(match_key(w) for w in ("上年", "上年度"))
THIS_WORDS = tuple(match_key(w) for w in ("本年", "本年度", "今年", "当年"))


def phase_groups_run_against(spec: TableSpec, header: list[list[str]], phases: list[str]) -> bool:
    """A header naming its groups by words, not years (本年预算数 | 上年预算数), on one row the
    other way round than the layout's groups of last year's and this year's columns (its
    columns' first path word, 上年预算数 before 本年预算数)."""
    firsts = [(phase.startswith("上年"), match_key(col.path[0])) for (_, col), phase in zip(spec.all_columns(), phases)
              if col.path]
    prior = {key for last, key in firsts if last}
    this = {key for last, key in firsts if not last and key.startswith(match_key("本年"))} - prior
    if not prior or not this:
        return False
    for cells in header:
        keys = [match_key(cell) for cell in cells]
        # a group is told by its phase word, whatever follows it (本年预算数, 本年预算, 本年)
        at_prior = next((k for k, key in enumerate(keys) if key in prior or key.startswith(PRIOR_WORDS)), None)
        at_this = next((k for k, key in enumerate(keys) if key in this or key.startswith(THIS_WORDS)), None)
        if at_prior is not None and at_this is not None:
            return (at_this < at_prior) == firsts[0][0]
    return False


def build_one(doc: SourceDocument, block: TableBlock, raw: BlockRows, index: int,
              done: dict[str, TableResult], known_names: dict[str, str]) -> TableResult:
    spec = block.spec
    if spec.rows == "function_project":
        for row in raw.rows:
            split_project(row, known_names)
    # (built unvalidated, as the rows: every field given in declared order, of its type; the
    # header's cells copied, as validation copies a list)
    prov = built(Provenance, {
        "file": doc.path, "line": doc.lines[block.start].no, "line_end": doc.lines[block.end - 1].no, "page": None,
        "bbox": None, "ref": None, "char_start": None, "char_end": None, "table": index, "row": None, "column": None})
    table = built(PrintedTable, {
        "index": index, "kind": spec.kind, "number": block.number, "label": block.label,
        "title": norm_label(block.title), "unit": raw.unit, "unit_name": raw.unit_name, "group": block.group,
        "template_table": f"{spec.kind}#{spec.number}" + (f"/{spec.variant}" if spec.variant else ""),
        "columns": [], "header": [built(HeaderRow, {"line": no, "cells": list(cells)}) for no, cells in raw.header],
        "rows": [], "empty_note": raw.empty_note,
        "header_unmapped": unmapped_cells(header_cells(raw, spec), spec),   # (unmapped_header's)
        "line": prov.line, "line_end": prov.line_end, "pages": raw.pages, "provenance": prov})
    result = TableResult(table=table)
    for code, message, *line in raw.warnings:
        if line:                 # a warning about one line (an amount not read): the checks skip its row
            result.issues.append(ParseIssue(level="warning", code=code, message=f"表「{table.title}」{message}",
                                            provenance=prov.model_copy(update={"line": line[0], "line_end": None})))
            continue
        result.issues.append(ParseIssue(level="info" if code in (CELLS_VANISHED, ROWS_RUN_TOGETHER, COUNTED_ROWS) else "warning", code=code,
                                        message=message, provenance=prov))
    unsaid = not_said(table.header_unmapped, raw.warnings)
    if unsaid:
        result.issues.append(ParseIssue(
            level="info", code="header-unmapped",
            message=f"表{table.printed_number}「{table.title}」表头有无法识别的文字（未对应到模板的任何列，请核对）："
                    f"{'、'.join(as_printed(header_cells(raw, spec), unsaid, spec))[:80]}", provenance=prov))
    sides = list(spec.sides) if spec.layout == "side_by_side" else [None]
    for side in sides:
        columns = spec.sides[side].columns if side else spec.columns
        layout = SideLayout(side=side, columns=columns)
        printed = side_columns(spec, side)
        known = raw.printed_columns or (header_shown(raw, spec) if side is None else set())
        if known:                      # the header is known: only the columns it prints
            printed = [c for c in printed if c.key in known]
        if raw.unprinted:              # (but those it prints only as parts the template has not)
            printed = [c for c in printed if c.key not in raw.unprinted]
        # (in the order the header prints them, the order its rows' amounts were read in: the
        # checks try the readings of an undecided row in this order, ledger._row_readings)
        printed = columns_as_printed(printed, side, raw.printed_order.get(side))
        table.columns.extend(printed)
        for column in printed:
            layout.printed.setdefault(column.key, column)
        rows = [r for r in raw.rows if r.side == side]
        coords = side_coords(spec, side, rows)
        shown = {c.key for c in printed} if known else None
        if raw.header_order and side is None:
            choices = resolve_unnamed(spec, rows, coords, done, table, raw.header_order)
            drop_unnamed(rows, choices)
        else:
            choices = resolve_side(spec, side, rows, coords, done, table, raw.bands, shown, raw.printed_order.get(side))
        add_rows(doc, table, result, spec, layout, rows, coords, choices)
    return result


@dataclass
class SideLayout:
    """The columns of one side of a table (the whole table unless side by side), looked up
    once for all its rows."""
    side: str | None
    columns: list
    printed: dict[str, PrintedColumn] = field(default_factory=dict)   # column key → column
    _where: dict | None = None
    _coords: dict[str, dict] = field(default_factory=dict)

    def column_coords(self, key: str) -> dict:
        """A printed column's coords that are Coords fields (coords_values keeps those only),
        looked for once per column; empty for a column not printed."""
        coords = self._coords.get(key)
        if coords is None:
            col = self.printed.get(key)
            coords = self._coords[key] = {k: v for k, v in col.coords.items() if k in COORDS_FIELDS} if col else {}
        return coords

    def provenance(self, path: str, table: int, row: int) -> dict:
        """The fields of a cell's Provenance every cell of the row shares (the rest None), in
        declared order: made once per side, its row set per row."""
        if self._where is None:
            self._where = {"file": path, "line": None, "line_end": None, "page": None, "bbox": None, "ref": None,
                           "char_start": None, "char_end": None, "table": table, "row": None, "column": None}
        self._where["row"] = row
        return self._where


def side_columns(spec: TableSpec, side: str | None) -> list[PrintedColumn]:
    """A side's PrintedColumns (each with its own copy of the template's coords)."""
    return [built(PrintedColumn, {"key": key, "label": label, "side": side, "coords": dict(coords)})
            for key, label, coords in _side_columns_of(spec, side)]


def _side_columns_of(spec: TableSpec, side: str | None) -> list[tuple[str, str, dict]]:
    """A side's columns as (key, label shown, the template's coords), made once (per_spec)."""
    return per_spec(_SIDE_COLUMNS, (id(spec), side), spec, lambda: [
        (col_key(side, col.key), spec.display_label(side, col), col.coords)
        for col in (spec.sides[side].columns if side else spec.columns)])


def col_key(side: str | None, key: str) -> str:
    return f"{side}:{key}" if side else key


def split_project(row: RawRow, known_names: dict[str, str]) -> None:
    """Plain text runs the function name and the project name together: split them."""
    if not row.texts or not row.code:
        return
    full = squeeze(" ".join(row.texts))
    known = known_names.get(row.code)
    if known and full.startswith(known) and len(full) > len(known):
        row.name, row.project = known, norm_label(full[len(known):])
        return
    first, _, rest = row.texts[0].partition(" ")
    row.name = norm_label(first)
    row.project = norm_label(" ".join([rest, *row.texts[1:]]))


# ---- deciding columns ----------------------------------------------------------------------

def item_specs(spec: TableSpec, side: str | None) -> list[ItemSpec]:
    return spec.sides[side].items if side else spec.items


TOP_LEVEL = TOP_ITEM                    # "一、…": a top-level item (rows.py reads plain lines by it too)
NUMERALS = "一二三四五六七八九十"        # what a TOP_LEVEL heading starts with (tested before the regex)
COLUMN_OF = operator.attrgetter("column")
CELLS_OF = operator.attrgetter("cells")
TEXT_OF = operator.attrgetter("text")


def side_coords(spec: TableSpec, side: str | None, rows: list[RawRow]) -> list[dict[str, str]]:
    """What each row is; a row under a top-level heading (二、上年结转结余) is read in its light,
    and so is one under a row the items name a group by (ItemSpec.within), numbered or not
    (年初财政拨款结转和结余 over its budget types, in the 决算 form): that group, unnumbered,
    lasts until a row that is an item of no group (总计); a top-level one until the next."""
    out, group, unnumbered = [], None, False
    kind = spec.sides[side].rows if side else spec.rows
    items = item_specs(spec, side)
    groups = group_sources(items)
    years = relative_years(rows) if any(item.coords.get("phase") for item in items) else {}
    for row in rows:
        top = row.name[:1] in NUMERALS and TOP_LEVEL.match(row.name)
        if top:
            group = None
        read = years.get(row.name, row)
        coords = row_coords(kind, items, read, group)
        source = coords.get("source")
        if top or source in groups:
            group, unnumbered = source, not top
        elif unnumbered and source is not None and getattr(first_item(items, read.name, group), "within", 0) is None:
            group = None            # (an item of no group ends the unnumbered one it was read under)
        out.append(coords)
    return out


def group_sources(items: list[ItemSpec]) -> frozenset[str]:
    """The sources the items name a group by (ItemSpec.within)."""
    return frozenset(item.within for item in items if item.within is not None)


LEADING_YEAR = re.compile(r"^(20\d\d)\s*年度?")


def relative_years(rows: list[RawRow]) -> dict[str, RawRow]:
    """Rows labelled by their year ("2024年预算数", "2025年预算数"), as the rows of a budget per
    row are matched ("上年预算数", "本年预算数"): a table that labels two rows by two
    consecutive years tells by itself which is last year's. One year alone, or years further
    apart, tell nothing: those rows are left as printed."""
    named = {row.name: m for row in rows if row.name and (m := LEADING_YEAR.match(row.name))}
    years = sorted({int(m.group(1)) for m in named.values()})
    if len(years) != 2 or years[1] - years[0] != 1:
        return {}
    word = {years[0]: "上年", years[1]: "本年"}
    out = {}
    for row in rows:
        m = named.get(row.name)
        if m is not None:
            out[row.name] = replace(row, name=word[int(m.group(1))] + row.name[m.end():])
    return out


def row_coords(kind: str | None, items: list[ItemSpec], row: RawRow, group: str | None = None) -> dict[str, str]:
    """A row's coords: the first item its label matches, its code, its project (kind: the
    side's row kind)."""
    coords: dict[str, str] = {}
    item = first_item(items, row.name, group) if row.name and items else None
    if item is not None:
        coords.update(item.coords)
    if row.code and kind in ("function", "function_class", "function_project"):
        coords["function_code"] = row.code
    elif row.code and kind == "economic":
        coords["economic_code"] = row.code
    if row.project:
        coords["project"] = row.project
    if not coords and row.name:
        coords["label"] = row.name
    return coords


def resolve_side(spec: TableSpec, side: str | None, rows: list[RawRow], coords: list[dict[str, str]],
                 done: dict[str, TableResult], current: PrintedTable,
                 bands: list[list[tuple[str, ...]]] = (), shown: set[str] | None = None,
                 order: list[str] | None = None) -> list[list[list[str]]]:
    """Per row and value, the columns (template keys, table order) the value may sit in.
    bands: the readings left of the columns of pages printed without their header
    (BlockRows.bands): the identities keep those under which the table adds up. shown: the
    columns the header says the table prints (col_key), None where it is not known. order:
    the columns (the side's keys) in the order the header prints them (BlockRows.printed_order),
    the order a row's amounts are read in; None where no header line was read."""
    if bands and any(v.band for row in rows for v in row.values):
        return resolve_bands(spec, side, rows, coords, done, current, bands, shown)
    keys = keys_as_printed([c.key for c in (spec.sides[side].columns if side else spec.columns)], order)
    # A row is its one reading when the grid placed every value, else its values in order,
    # which ids.resolve_printed places in the columns (every order-preserving way, or none).
    placed = [all(map(COLUMN_OF, row.values)) for row in rows]
    sums = [(s.total, s.terms) for s in (spec.sides[side].sums if side else spec.sums)]
    if shown is not None:
        keys, sums = printed_only(keys, sums, {k for k in keys if col_key(side, k) in shown}, rows)
    else:            # (a column subtracted is not known to be printed: its empty cell is no 0)
        sums = [(total, parts) for total, parts in sums if not any(map(ids.is_minus, parts))]
    if all(p or len(row.values) == len(keys) or len(row.values) > len(keys) for p, row in zip(placed, rows)):
        # one reading per row: nothing to choose (more values than columns: extra_choices)
        narrowed = [[[k] for k in dict.fromkeys(map(COLUMN_OF, row.values))] if p
                    else [[k] for k in keys] if len(row.values) == len(keys) else []
                    for p, row in zip(placed, rows)]
    else:
        printed: list[ids.Reading | list[ids.Value]] = [
            {v.column: (v.amount, v.places) for v in row.values} if p else [(v.amount, v.places) for v in row.values]
            for p, row in zip(placed, rows)]
        root, groups = row_groups(spec, side, rows, coords)
        anchors = cross_anchors(spec, side, done, current)
        if not anchors_agree(anchors, sums):
            anchors = []
        unknown = unread_columns(rows, keys)
        for n in unknown:
            if not placed[n]:
                printed[n] = readings_around_unread(rows[n], keys)
        narrowed, _ = ids.resolve_printed(printed, keys, groups, sums, anchors, root, unknown=unknown)
    # a row with more amounts than columns: the table prints columns the template does not
    # know, so a row with as many amounts as columns may hold some of those too (where its
    # order does not add up)
    if any(not p and len(row.values) > len(keys) for p, row in zip(placed, rows)):
        for n, (p, row) in enumerate(zip(placed, rows)):
            if not p and len(row.values) >= len(keys) and (
                    len(row.values) > len(keys) or not ids.reading_ok(printed_reading_in_order(row, keys), sums)):
                choices = extra_choices(row.values, keys, sums)
                # (as many amounts as columns: one left out would leave a column's place open)
                narrowed[n] = choices if all(choices) or len(row.values) > len(keys) else [list(keys) for _ in row.values]
    for n, row in enumerate(rows):
        if row.unsure:              # (one cell a line, the order not the row's: no position decides)
            narrowed[n] = undecided(row.values, keys)
        elif placed[n] or not row.unread:
            continue
        elif any(u.column is None and u.slot is None for u in row.unread):
            narrowed[n] = undecided(row.values, keys)      # (an unread cell's place not known)
        else:
            between_amounts(row, narrowed[n], keys)
    by_class_definition(spec, side, rows, placed, narrowed)
    return narrowed


def columns_as_printed(columns: list[PrintedColumn], side: str | None,
                       order: list[str] | None) -> list[PrintedColumn]:
    """A side's PrintedColumns in the header's order (keys_as_printed; order: the side's
    template keys, BlockRows.printed_order)."""
    if not order:
        return columns
    by_key = {c.key: c for c in columns}
    return [by_key[k] for k in keys_as_printed(list(by_key), [col_key(side, k) for k in order])]


def by_class_definition(spec: TableSpec, side: str | None, rows: list[RawRow], placed: list[bool],
                        narrowed: list[list[list[str]]]) -> None:
    """An amount the sums leave between 人员经费 and 公用经费 put where its row's economic class
    is by definition (ColumnSpec.classes); a row the grid placed stays as printed."""
    part = spec.sides[side] if side else spec
    classes = {c.key: c.classes for c in part.columns if c.classes} if part.rows == "economic" else {}
    if len(classes) < 2:
        return
    for n, row in enumerate(rows):
        if not placed[n]:
            before = narrowed[n]
            narrowed[n] = ids.by_definition(before, ids.economic_column(row.code, classes), set(classes))
            for value, was, now in zip(row.values, before, narrowed[n]):
                value.by_definition = len(was) > 1 and len(now) == 1


def resolve_unnamed(spec: TableSpec, rows: list[RawRow], coords: list[dict[str, str]], done: dict[str, TableResult],
                    current: PrintedTable, order: list[str]) -> list[list[list[str]]]:
    """resolve_side for plain text whose header prints columns the template does not name
    (rows.with_unnamed_columns; `order`: the printed columns, an unnamed one as UNNAMED_KEY +
    its word). Rows are placed among the printed columns only. What an unnamed column is, the
    identities are asked under each meaning it may have: a part of one of the sums among the
    printed columns, or of none. The readings kept are those of every meaning under which the
    table adds up (each row has a reading that does, and the rows add up to their parents),
    else of all. An amount only an unnamed column can hold is dropped (its choices empty:
    drop_unnamed), one that may be in it or a template column keeps both as its choices."""
    keys = list(order)
    printed = {k for k in keys if not k.startswith(UNNAMED_KEY)}
    unnamed = [k for k in keys if k not in printed]
    sums = ids.printed_sums(sum_pairs(spec.sums), printed)
    values = [[(v.amount, v.places) for v in row.values] for row in rows]
    root, groups = row_groups(spec, None, rows, coords)
    anchors = cross_anchors(spec, None, done, current)
    results, fitting = [], []
    for meaning in itertools.product(range(len(sums) + 1), repeat=len(unnamed)):
        # (meaning[n]: the sum the n-th unnamed column is a part of, len(sums) for none)
        with_parts = [(total, [*parts, *(u for u, m in zip(unnamed, meaning) if m == s)])
                      for s, (total, parts) in enumerate(sums)]
        narrowed, consistent = ids.resolve_printed(values, keys, groups, with_parts, anchors, root)
        results.append(narrowed)
        if consistent and all(not vs or any(ids.reading_ok(r, with_parts) for r in ids.placements(vs, keys))
                              for vs in values):
            fitting.append(narrowed)
    out = []
    for n, row in enumerate(rows):
        per_value = [dict.fromkeys(itertools.chain.from_iterable(r[n][j] for r in fitting or results))
                     for j in range(len(row.values))]
        out.append([[k for k in keys if k in cs] for cs in per_value])
    return out


def drop_unnamed(rows: list[RawRow], choices: list[list[list[str]]]) -> None:
    """The amounts whose only choices are columns the template does not name (resolve_unnamed)
    read into no column, as a grid leaves out the amounts under such a header, but kept as
    unread cells naming the column (PrintedCell.unread): a sum over the row may need them
    (其他支出 beside 基本支出 | 项目支出 is part of 合计), and the checks say it was not checked."""
    for n, row in enumerate(rows):
        kept = [j for j, cs in enumerate(choices[n]) if not cs or not all(c.startswith(UNNAMED_KEY) for c in cs)]
        if len(kept) < len(row.values):
            dropped = [(row.values[j], choices[n][j]) for j in range(len(row.values)) if j not in kept]
            row.unread = [*row.unread, *(unnamed_cell(v, cs) for v, cs in dropped)]
            row.values = [row.values[j] for j in kept]
            choices[n] = [choices[n][j] for j in kept]


def unnamed_cell(value: RawValue, keys: list[str]) -> RawValue:
    """An amount under a column the template does not name, as an unread cell saying which;
    its candidates are those columns' keys (UNNAMED_KEY + the word): a sum over a template
    column (a parent's 合计 over its children) does not need it, the row's own sum does."""
    words = "、".join(quoted(k.removeprefix(UNNAMED_KEY)) for k in keys)
    return replace(value, amount=None, places=None, column=None, candidates=tuple(keys), slot=None,
                   unread=f"所在列{words}不是模板的列")


def printed_only(keys: list[str], sums: list, printed: set[str], rows: list[RawRow]) -> tuple[list[str], list]:
    """The columns the header prints, and the sums among them: a row read by order is placed
    among those only. A sum whose total, or each of whose parts, the table does not print
    decides nothing (财政拨款 printed without its budget types: its amount is no sum of
    columns the table lacks); an unprinted part of a printed total has no amount. Kept as
    they are where the header names them all, or a row prints more amounts than it names."""
    kept = [k for k in keys if k in printed]
    if not kept or len(kept) == len(keys) or any(len(row.values) > len(kept) for row in rows):
        return keys, [(total, parts) for total, parts in sums if signed_printed(total, parts, set(kept))]
    return kept, ids.printed_sums(sums, printed)


def signed_printed(total: str, parts: list[str], printed: set[str]) -> bool:
    """A sum subtracting a column holds only with every one of its columns printed (an
    unprinted part of a plain sum is 0; of 年末 = 年初 + 收入 − 支出, the balance is unknown)."""
    return not any(map(ids.is_minus, parts)) or (total in printed and all(p in printed for p in parts))


def unread_columns(rows: list[RawRow], keys: list[str]) -> dict[int, set[str]]:
    """Per row printing unread cells (a percentage where an amount belongs, ###), the columns
    whose amount in it is unknown: the unread cells' own, or where one's column is open, its
    candidates (every column where its place is not known either)."""
    out: dict[int, set[str]] = {}
    for n, row in enumerate(rows):
        for u in row.unread:
            out.setdefault(n, set()).update([u.column] if u.column else u.candidates if u.slot is not None else keys)
    return out


def readings_around_unread(row: RawRow, keys: list[str]) -> list[ids.Reading]:
    """The readings of a row printing an unread cell at a known place among its amounts, empty
    cells vanished: every order-preserving placement of all its cells, the unread ones left
    out (their amounts are not known); none where a place is not known (its amounts then
    enter no sum, and no column is decided for them)."""
    slots = [u.slot for u in row.unread if u.column is None]
    if None in slots:
        return []
    count = len(row.values) + len(slots)
    places = [i for i in range(count) if i not in slots]
    return [{keys[cols[i]]: (v.amount, v.places) for i, v in zip(places, row.values)}
            for cols in itertools.combinations(range(len(keys)), count)]


def between_amounts(row: RawRow, choices: list[list[str]], keys: list[str]) -> None:
    """An unread cell's candidates narrowed to the columns between the amounts printed beside
    it, as the identities left those (in order: after the leftmost column the amount before
    it may take, before the rightmost the amount after it may)."""
    rank = {k: i for i, k in enumerate(keys)}
    slots = sorted(u.slot for u in row.unread if u.column is None)
    places = [i for i in range(len(row.values) + len(slots)) if i not in slots]
    for u in row.unread:
        if u.column is not None or not u.candidates:
            continue
        before = [min(map(rank.get, c)) for p, c in zip(places, choices) if p < u.slot and c]
        after = [max(map(rank.get, c)) for p, c in zip(places, choices) if p > u.slot and c]
        low, high = (max(before) if before else -1), (min(after) if after else len(keys))
        u.candidates = tuple(k for k in u.candidates if low < rank[k] < high) or u.candidates


def undecided(values: list[RawValue], keys: list[str]) -> list[list[str]]:
    """A row's amounts whose columns nothing decides: any column for each (an amount may be no
    column's, so none is decided); with one column only, which cannot be left open, the first
    amount in order, as a row of more amounts than columns was always read (and reported)."""
    if len(keys) > 1:
        return [list(keys) for _ in values]
    return [list(keys) if n == 0 else [] for n in range(len(values))]


def printed_reading_in_order(row: RawRow, keys: list[str]) -> ids.Reading:
    return {k: (v.amount, v.places) for k, v in zip(keys, row.values)}


def extra_choices(values: list[RawValue], keys: list[str], sums) -> list[list[str]]:
    """A row read by order that prints more amounts than the template has columns (a column
    the template does not know, 人员经费 / 公用经费 beside 基本支出, say): which amount is in
    which column, the order does not say. Every order-preserving choice of one amount per
    column whose row adds up is kept: per value, the columns it takes under those (none: left
    out). Where the choices agree on every column's amount, the leftmost amounts that give it
    are taken; else (none adds up, or several that differ) every amount may be in any column."""
    if not sums or sum(math.comb(len(keys), k) * math.comb(len(values), k) for k in range(len(keys) + 1)) > 5000:
        return undecided(values, keys)          # (too many to try: a wide table's row)
    fits = []                     # (value indices, their columns), a column left empty or not
    for k in range(len(keys), 0, -1):
        for cols in itertools.combinations(keys, k):
            for pick in itertools.combinations(range(len(values)), k):
                if ids.reading_ok({c: (values[i].amount, values[i].places) for c, i in zip(cols, pick)}, sums):
                    fits.append((pick, cols))
    meanings = {tuple((c, values[i].amount) for c, i in zip(cols, pick) if values[i].amount) for pick, cols in fits}
    if len(meanings) != 1:
        return undecided(values, keys)
    out: list[list[str]] = [[] for _ in values]
    pick, cols = fits[0]                      # (the most columns, the leftmost amounts first)
    for c, i in zip(cols, pick):
        out[i].append(c)
    return out


def resolve_bands(spec: TableSpec, side: str | None, rows: list[RawRow], coords: list[dict[str, str]],
                  done: dict[str, TableResult], current: PrintedTable,
                  bands: list[list[tuple[str, ...]]], shown: set[str] | None = None) -> list[list[list[str]]]:
    """resolve_side where pages printed without their header leave their columns open: each
    row of such a page may be read under each reading of its page's columns, and the
    identities keep a page's reading only where every row of the page keeps it (a page column
    is one template column on every row). A page whose readings the identities rule out
    altogether (a defect elsewhere) keeps them all. shown: the columns the readings may put
    amounts in; of two sums of one total only the way the table prints it counts (ids.one_way_each)."""
    keys = [c.key for c in (spec.sides[side].columns if side else spec.columns)]
    sums = [(s.total, s.terms) for s in (spec.sides[side].sums if side else spec.sums)]
    if shown is not None:
        sums = ids.printed_ways(sums, {k for k in keys if col_key(side, k) in shown})
    root, groups = row_groups(spec, side, rows, coords)
    anchors = cross_anchors(spec, side, done, current)
    page_of = [next((v.band[0] for v in row.values if v.band), None) for row in rows]
    left = {p: list(range(len(bands[p]))) for p in set(page_of) if p is not None}
    for _ in range(3):                    # until the pages' readings stay as they are
        cands = [[banded_reading(row, bands[p][m]) for m in left[p]] if p is not None else [printed_reading(row, keys)]
                 for row, p in zip(rows, page_of)]
        kept, _ = ids.resolve(cands, groups, sums, anchors, root, order={k: i for i, k in enumerate(keys)})
        narrowed = {p: [m for m in ms if all(banded_reading(row, bands[p][m]) in kept[n]
                                             for n, row in enumerate(rows) if page_of[n] == p)] or ms
                    for p, ms in left.items()}
        if narrowed == left:
            break
        left = narrowed
    out = []
    for n, (row, p) in enumerate(zip(rows, page_of)):
        if p is None:
            out.append([[c] for c in kept[n][0]] if kept[n] else [])
            continue
        out.append([[k for k in keys if any(bands[p][m][v.band[1]] == k for m in left[p])] if v.band else [v.column]
                    for v in row.values])
    return out


def banded_reading(row: RawRow, columns: tuple[str, ...]) -> ids.Reading:
    """A row of a headerless page under one reading of its page's columns."""
    return {columns[v.band[1]] if v.band else v.column: (v.amount, v.places) for v in row.values}


def printed_reading(row: RawRow, keys: list[str]) -> ids.Reading:
    """A row whose amounts the header placed (its one reading)."""
    return {v.column: (v.amount, v.places) for v in row.values if v.column in keys}


def row_groups(spec: TableSpec, side: str | None, rows: list[RawRow], coords: list[dict[str, str]]):
    kind = spec.sides[side].rows if side else spec.rows
    if kind in ("function", "economic", "function_project"):
        keys = [ids.RowKey(code=r.code, name=r.name, project=r.project) for r in rows]
        root = next((i for i, k in enumerate(keys) if k.is_total), None)
        return root, ids.hierarchy(keys)
    if kind == "function_class":
        root = next((i for i, c in enumerate(coords) if c.get("function_code") == "total"), None)
        kids = [i for i, r in enumerate(rows) if len(r.code) == 3]
        return root, ([(root, kids)] if root is not None and kids else [])
    by_item = {c["item"]: i for i, c in enumerate(coords) if "item" in c}
    groups = []
    for s in spec.item_sums:
        if s.total in by_item:
            groups.append((by_item[s.total], [by_item[p] for p in printed_parts(spec.item_sums, s, set(by_item))]))
    return by_item.get("total"), groups


def cross_anchors(spec: TableSpec, side: str | None, done: dict[str, TableResult],
                  current: PrintedTable) -> list[ids.Anchor]:
    """Values that other tables (or the other side) fix; empty rows there mean zero here."""
    anchors: list[ids.Anchor] = []
    if spec.kind == "income":
        # the year's income by source as 表1 prints it; by budget type also as the fiscal
        # summary (表4) prints it, where 表1 does not (一、财政拨款收入 alone)
        printed = side_values(done["summary"].table, "income", "source") if "summary" in done else {}
        if "fiscal_summary" in done:
            by_type = side_values(done["fiscal_summary"].table, "income", "source")
            printed = {**{k: by_type[k] for k in BUDGET_TYPES if k in by_type}, **printed}
        for col in spec.columns:
            source = col.coords.get("source")
            if source in printed:
                value = printed[source]
                anchors.append(ids.Anchor("total" if value else "*", col.key, value))
    if spec.kind == "fiscal_summary" and side == "expenditure":
        printed = side_values(current, "income", "source")
        carried = any(v for k, v in printed.items() if "carryover" in k)
        for col in spec.sides["expenditure"].columns:
            btype = col.coords.get("budget_type")
            if btype not in printed:
                continue
            value = printed[btype]
            if not carried:
                anchors.append(ids.Anchor("total" if value else "*", col.key, value))
            elif not value and printed.get(f"fiscal_carryover_{btype}") == 0:
                # spending also draws on carry-over, so income by type no longer fixes it; but a
                # type printing neither income nor carry-over (its rows empty) has no spending
                anchors.append(ids.Anchor("*", col.key, value))
    if spec.kind == "three_public":
        for kind, btype in (("gov_fund_expenditure", "gov_fund"), ("state_capital_expenditure", "state_capital")):
            if kind in done and done[kind].table.is_empty:
                for col in spec.columns:
                    if col.coords.get("budget_type") == btype:
                        anchors.append(ids.Anchor("*", col.key, ids.Decimal(0)))
    return anchors


BUDGET_TYPES = ("gpb", "gov_fund", "state_capital")       # the year's fiscal income by budget type


def anchors_agree(anchors: list[ids.Anchor], sums: list[tuple[str, list]]) -> bool:
    """Whether the totals other tables fix for this table's columns add up by its own sums: a
    表1 misread (一、财政拨款收入's amount lost, its row read empty) fixes 财政拨款收入 at 0 beside
    本年收入合计 926.05 and 其他收入 20.00; held to it, the 收入决算表's amounts would be put in
    whatever columns come nearest, each decided, none right."""
    fixed = {a.column: a.value for a in anchors if a.row in ("total", "*")}
    for total, parts in sums:
        if total in fixed and parts and all(p in fixed for p in parts) and not any(map(ids.is_minus, parts)):
            values = [fixed[total], *(fixed[p] for p in parts)]
            gap = ids.printed_gap(fixed[total], (fixed[p] for p in parts))
            if abs(gap) > ids.tolerance(max(0, -v.as_tuple().exponent) for v in values):
                return False
    return True


def side_values(table: PrintedTable, side: str, coord: str) -> dict[str, ids.Decimal]:
    """coord value → printed amount (0 when the row is printed empty) on one side of a table.
    Nothing when the side has amounts in rows without a label: its rows were not read as printed
    (cells one a line), so a labelled row without amounts says nothing of its amount."""
    values: dict[str, ids.Decimal] = {}
    for row in table.rows:
        if row.side != side:
            continue
        key = row.coords.get(coord)
        if key is None and not row.name and not row.code and any(c.amount is not None for c in row.cells):
            return {}
        if key is None or key in values:
            continue
        amounts = [c.amount for c in row.cells if c.amount is not None]
        if not amounts and row.cells:
            continue                 # its cells could not be read (PrintedCell.unread): no 0 of them
        values[key] = amounts[0] if amounts else ids.Decimal(0)
    return values


# ---- building rows, cells and facts -------------------------------------------------------

def add_rows(doc: SourceDocument, table: PrintedTable, result: TableResult, spec: TableSpec,
             layout: SideLayout, rows: list[RawRow], coords: list[dict[str, str]],
             choices: list[list[list[str]]]) -> None:
    """The rows of one side with their cells, and their facts (which share the cells'
    provenance)."""
    issues = []
    # what every fact here is, as Coords fields (a row's own go over them: later keys win)
    base = coords_values({"table_kind": spec.kind, "side": layout.side, **spec.coords})
    first = len(table.rows)
    for row, row_coord, per_value in zip(rows, coords, choices):
        printed = printed_row(doc, table, layout, row, row_coord, per_value, len(table.rows), issues)
        table.rows.append(printed)
        if printed.cells:              # (a row of words alone has no fact: its coords go unmade)
            result.facts.extend(facts_of(table, layout, printed, row_coord, base))
    # undecided cells, reported once they exist: one warning per set of candidates (a table read
    # by order can leave thousands open, most of one column's amounts alike), where the first is
    undecided: dict[tuple[str, ...], list[tuple[PrintedCell, RawValue]]] = {}
    said: list[ParseIssue | list] = []
    for issue in issues:
        if isinstance(issue, ParseIssue):
            said.append(issue)
            continue
        index, n, value = issue
        cell = table.rows[index].cells[n]
        alike = undecided.get(tuple(cell.candidates))
        if alike is None:
            alike = undecided[tuple(cell.candidates)] = []
            said.append(alike)              # (the group's warning goes where its first cell was)
        alike.append((cell, value))
    result.issues.extend(ambiguous_issue(table, layout, i) if isinstance(i, list) else i for i in said)
    # (the rows of this side: those added here)
    defined = [c for r in table.rows[first:] for c in r.cells if c.decided_by == "definition"]
    if defined:
        result.issues.append(by_definition_issue(table, defined))


def by_definition_issue(table: PrintedTable, cells: list[PrintedCell]) -> ParseIssue:
    """The cells placed by the definition of their rows' economic class: said, as a reading to
    check (the header and the table's sums left them open; K-ECON-NATURE cannot judge them)."""
    shown = "、".join(f"第 {c.provenance.line} 行 {c.text}" for c in cells[:AMBIGUOUS_SHOWN])
    more = f"等，共 {len(cells)} 处" if len(cells) > AMBIGUOUS_SHOWN else ""
    return ParseIssue(
        level="info", code=BY_DEFINITION, provenance=cells[0].provenance,
        message=f"表{table.printed_number}「{table.title}」有 {len(cells)} 个金额（{shown}{more}）所在列"
                "未能由表头和勾稽关系确定，已按经济分类的定义归列（人员经费：工资福利支出、对个人和家庭的补助；"
                "公用经费：其他各类），如当地对个别科目另有归类，请核对")


BY_DEFINITION = "column-by-definition"


AMBIGUOUS_SHOWN = 6             # the undecided amounts a grouped warning lists


def printed_row(doc: SourceDocument, table: PrintedTable, layout: SideLayout, row: RawRow,
                coords: dict[str, str], choices: list[list[str]], index: int, issues: list) -> PrintedRow:
    """A PrintedRow with its cells (coords: its own, kept). choices: per value, the columns it
    may sit in (resolve_side). Issues go to `issues`, in order (undecided cells as placeholders)."""
    side, columns = layout.side, layout.columns
    if not row.values and not row.unread:
        return row_model(row, side, coords, [], index)    # (a row of words alone: a heading, a name)
    extra = len(row.values) > len(columns)
    if extra:
        row.values, choices = extra_issue(doc, table, layout, row, choices, issues)
    # one reading left ⟺ every value has one column
    decided_by = "position" if all(map(COLUMN_OF, row.values)) else (
        "order" if not extra and len(row.values) == len(columns) and all(len(c) == 1 for c in choices)
        else "identities")
    cells = []
    where = layout.provenance(doc.path, table.index, index)
    for n, value in enumerate(row.values):
        keys = choices[n] if n < len(choices) else []
        # a decided cell names its column and how it was decided, an undecided one its candidates
        column = col_key(side, keys[0]) if len(keys) == 1 else None
        provenance = cell_provenance(where, value, column, doc.folds)
        # (a cell printing a unit not the table's: placed as read, its amount not kept: units_differ)
        unread = value.unread
        cells.append(built(PrintedCell, {
            "text": value.text, "amount": None if unread else value.amount,
            "precision": None if unread else value.places, "column": column,
            "candidates": [] if column else [col_key(side, k) for k in keys],
            # (a page without its header may place some of a row's amounts, the identities the rest)
            "decided_by": ("position" if value.column else "definition" if value.by_definition else decided_by)
            if column else None,
            "provenance": provenance, "unread": unread}))
        if column is None:
            issues.append((index, n, value))
    for value in row.unread:         # reported unread: the text as printed, no amount, no fact
        column = col_key(side, value.column) if value.column else None
        cells.append(built(PrintedCell, {
            "text": value.text, "amount": None, "precision": None, "column": column,
            "candidates": [] if column else [col_key(side, k) for k in value.candidates],
            "decided_by": "position" if column else None,
            "provenance": cell_provenance(where, value, column, doc.folds),
            "unread": value.unread or UNREAD_MISREAD}))
    return row_model(row, side, coords, cells, index)


def row_model(row: RawRow, side: str | None, coords: dict[str, str], cells: list[PrintedCell],
              index: int) -> PrintedRow:
    return built(PrintedRow, {
        "index": index, "side": side, "code": row.code, "name": row.name, "project": row.project,
        "raw_label": row.raw_label, "row_number": row.row_number, "coords": coords, "cells": cells,
        "line": row.line, "line_end": row.line_end})


def cell_provenance(where: dict, value: RawValue, column: str | None, folds: dict | None = None) -> Provenance:
    """Where a cell was printed: its line, and its page, box and reference when the reader gave
    them (a box as validation makes it: floats of the rounded numbers); a cell of a page joined
    to its line (folds: SourceDocument.folds) on that page, at its place there. where: the row's
    provenance fields (SideLayout.provenance), copied and completed."""
    # (a copy of the row's fields, three or four set: a dict of eleven written anew per cell
    # cost twice as much)
    fields = where.copy()
    fields["line"], fields["column"] = value.line, column
    page, box = value.page, value.box
    if folds and box is not None and value.line in folds:
        page, box = printed_at(folds[value.line], page, box)
    if page is not None:
        fields["page"] = page
    if box is not None:
        fields["bbox"] = tuple(float(round(x, 1)) for x in box)
    if value.ref is not None:
        fields["ref"] = value.ref
    return built(Provenance, fields)


def extra_issue(doc: SourceDocument, table: PrintedTable, layout: SideLayout, row: RawRow,
                choices: list[list[str]], issues: list) -> tuple[list[RawValue], list[list[str]]]:
    """A row with more amounts than columns: the amounts kept (those extra_choices places; the
    first ones in order where the grid placed them) with their choices, and the warning."""
    columns = layout.columns
    where = f"表{table.printed_number}「{table.title}」第 {row.line} 行有 {len(row.values)} 个金额，多于表头的 {len(columns)} 列"
    if len(choices) != len(row.values):          # placed by the grid: the first ones, as before
        values = row.values[:len(columns)]
        kept = [[c.key] for c, _ in zip(columns, values)]
        why = "多出的金额未读入"
    else:
        values = [v for v, c in zip(row.values, choices) if c]
        kept = [c for c in choices if c]
        left = [v.text for v, c in zip(row.values, choices) if not c]
        why = ("勾稽关系定不下各金额所在的列，均列为待定" if not all(len(c) == 1 for c in kept)
               else "按本行的勾稽关系（合计等于各分项之和）选定各列的金额，未读入：" + "、".join(left)
               if len(columns) > 1 else "多出的金额未读入")
    issues.append(ParseIssue(level="warning", code="extra-cell", message=f"{where}，{why}，请核对",
                             provenance=Provenance(file=doc.path, line=row.line, table=table.index)))
    return values, kept


def ambiguous_issue(table: PrintedTable, layout: SideLayout, alike: list[tuple[PrintedCell, RawValue]]) -> ParseIssue:
    """The warning on the undecided cells of one set of candidates (each keeps its own in the
    model): where they are, how many, and the columns they may be in."""
    cell, value = alike[0]
    where = f"表{table.printed_number}「{table.title}」"
    columns = "、".join(column_label(layout, k) for k in cell.candidates)
    if len(alike) == 1:
        message = f"{where}第 {value.line} 行金额 {value.text} 所在列无法确定，可能为：{columns}"
    else:
        shown = "、".join(f"第 {v.line} 行 {v.text}" for _, v in alike[:AMBIGUOUS_SHOWN])
        more = f"等，共 {len(alike)} 处" if len(alike) > AMBIGUOUS_SHOWN else ""
        message = f"{where}有 {len(alike)} 个金额所在列无法确定（{shown}{more}），均可能为：{columns}"
    return ParseIssue(level="warning", code="ambiguous-column", message=message, provenance=cell.provenance)


def facts_of(table: PrintedTable, layout: SideLayout, row: PrintedRow, row_coords: dict[str, str | None],
             under: dict | None = None) -> list[Fact]:
    """The Facts of a row's cells, each with its cell's provenance. row_coords: what the row is
    ({table_kind, side, template and row coords}; or its own coords over `under`, the side's
    as coords_values makes them); a column adds its own."""
    facts = []
    unit, table_index, row_index = table.unit, table.index, row.index
    # coords_of(column_coords(…)) by parts: the row's fields once, each column's over them
    # (coords_values: later keys win, as in column_coords' merge)
    row_values = coords_values(row_coords, under)
    for cell in row.cells:
        if cell.amount is None:
            continue                 # a cell reported unread
        column = cell.column
        if column:
            coords, alternatives = cell_coords(layout, row_values, column), []
        else:
            alternatives = [cell_coords(layout, row_values, k) for k in cell.candidates]
            coords = built(Coords, row_values.copy())
        facts.append(built(Fact, {
            "amount": cell.amount, "unit": unit, "precision": cell.precision, "coords": coords,
            "alternatives": alternatives, "table": table_index, "row": row_index, "column": column,
            "provenance": cell.provenance}))
    return facts


def cell_coords(layout: SideLayout, row_values: dict, key: str) -> Coords:
    """coords_of(column_coords(layout, row_coords, key)), row_values being coords_values(row_coords)."""
    coords = layout.column_coords(key)
    # (row_values holds every field, so merging puts none in a new place: coords_values'
    # copy and update, without testing the column's keys again for each cell)
    return built(Coords, {**row_values, **coords} if coords else row_values.copy())


def column_label(layout: SideLayout, key: str) -> str:
    """The column's label as printed, else the template's (a candidate the header does not
    print), else an unnamed column's printed word."""
    col = layout.printed.get(key) or next((c for c in layout.columns if c.key == key), None)
    return col.label if col else key.removeprefix(UNNAMED_KEY)
