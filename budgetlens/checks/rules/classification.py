"""Classification codes: known in the year's 政府收支分类科目, printed with the year's name, under
the right parent."""

from __future__ import annotations

from ... import identities as ids
from ...codes import load_registry
from ...model.findings import Evidence, Location
from ...text import in_order, norm_label
from ..context import Context, Fail, NotApplicable, describe, rule, table_location

ROW_CLASSIFICATION = {"function": "function", "function_class": "function",
                      "function_project": "function", "economic": "economic"}


def _classified_rows(ctx: Context) -> list:
    """(classification, table, row) for every coded row, first occurrence of each code+name
    (worked out once per check: two rules ask); the other rows printing the same code and name
    are in ctx.book.memo["repeated rows"] (a finding cites them all)."""
    found = ctx.book.memo.get("classified rows")
    if found is None:
        found = ctx.book.memo["classified rows"] = list(_find_classified_rows(ctx))
    if not found:
        raise NotApplicable("文件中没有带科目编码的表格")
    return found


def _find_classified_rows(ctx: Context):
    seen: dict[tuple, list] = ctx.book.memo.setdefault("repeated rows", {})
    for table in ctx.disc.tables:
        spec = ctx.spec(table)
        if spec is None:
            continue
        for row in table.rows:
            # side by side: each side's own rows (收支总表: function classes on the expenditure
            # side; 决算 基本支出表: economic codes on both)
            side = spec.sides.get(row.side) if spec.layout == "side_by_side" else None
            kind = side.rows if side else spec.rows
            if side and not kind and row.side == "expenditure":
                kind = "function_class"        # a summary's expenditure side whose template names no rows
            classification = ROW_CLASSIFICATION.get(kind or "")
            if not row.code or classification is None or not code_printed(row):
                continue
            key = (classification, row.code, row.name)
            if key in seen:
                seen[key].append((table, row))
                continue
            seen[key] = []
            yield classification, table, row


def code_printed(row) -> bool:
    """Whether the row prints its code (a class printed by name alone has one found from its
    name, checks.with_class_codes: its name cannot be checked against it)."""
    return row.coords.get("code_from") != "name"


def _registry(ctx: Context):
    year = ctx.disc.meta.year
    if year is None:
        raise NotApplicable("未能识别预算年度，无法选定科目表")
    codes = ctx.book.memo.get(("registry", year))
    if codes is None:                 # load_registry looks at its files' dates: once per check
        codes = ctx.book.memo[("registry", year)] = load_registry(year)
    return codes, year


def _loc(table, row) -> Location:
    return table_location(table, row=row.code)


def _evidence(row, table, ctx: Context | None = None, classification: str | None = None) -> list[Evidence]:
    """The row, and where ctx is given every other row printing the same code and name (one
    finding for a name copied into several tables names each place to correct)."""
    again = ctx.book.memo.get("repeated rows", {}).get((classification, row.code, row.name), []) if ctx else []
    return [Evidence(role="科目", text=f"{r.code} {r.name}".strip(), provenance=t.provenance.model_copy(
        update={"line": r.line, "line_end": r.line_end or r.line, "row": r.index})) for t, r in [(table, row), *again]]


@rule("K-CODE-KNOWN")
def known_codes(ctx: Context) -> None:
    registry, year = _registry(ctx)
    for classification, table, row in _classified_rows(ctx):
        ctx.checked += 1
        entry = registry.lookup(classification, row.code)
        if entry is None:
            ctx.report(Fail(key=f"{classification}|{row.code}", location=_loc(table, row), found=row.code,
                            fields={"code": row.code, "year": year}, evidence=_evidence(row, table)))
        elif gone := registry.retired(classification, row.code):
            ctx.report(_retired(table, row, classification, entry.name, gone, year))
        elif registry.listed_in_year(classification, row.code) is False:
            # the year's official list lacks it: retired, or not yet set up, that year
            seen = "、".join(str(y) for y in entry.years if y != year)
            seen = f"，见于 {seen} 年的科目" if seen else ""
            ctx.report(Fail(key=f"{classification}|{row.code}", location=_loc(table, row), found=row.code,
                            severity="warning", evidence=_evidence(row, table),
                            fields={"code": row.code, "year": year,
                                    "note": f"已导入的 {year} 年正式科目表中没有该编码{seen}：当年已停用或尚未设立"}))


def _retired(table, row, classification: str, name: str, gone: tuple[int, int], year: int) -> Fail:
    """A code the official lists show dropped by the document's year: since when, as precisely
    as the imported lists tell (lists of years in between missing: between two years)."""
    last, since = gone
    when = f"{since} 年起已停用" if since == last + 1 else f"在 {last} 年之后、{since} 年或之前停用"
    return Fail(key=f"{classification}|{row.code}", location=_loc(table, row), found=row.code,
                expected=f"{since} 年起无此编码", severity="warning", evidence=_evidence(row, table),
                fields={"message": "retired", "code": row.code, "name": name, "year": year, "when": when,
                        "last": last, "since": since})


@rule("K-CODE-NAME")
def code_names(ctx: Context) -> None:
    registry, year = _registry(ctx)
    for classification, table, row in _classified_rows(ctx):
        entry = registry.lookup(classification, row.code)
        if entry is None or not row.name:
            continue
        ctx.checked += 1
        renamed = registry.superseded(classification, row.code, row.name)
        if renamed:
            ctx.report(Fail(key=f"{classification}|{row.code}|{row.name}", location=_loc(table, row),
                            expected=entry.name, found=row.name,
                            fields={"code": row.code, "year": year,
                                    "note": f"“{row.name}”是 {renamed[0]} 年及以前的科目名称，{renamed[1]} 年起的科目表已改名"},
                            evidence=_evidence(row, table, ctx, classification)))
        elif not registry.name_matches(classification, row.code, row.name):
            garbled = _dropped_characters(row.name, entry.name)
            ctx.report(Fail(key=f"{classification}|{row.code}|{row.name}", location=_loc(table, row),
                            expected=entry.name, found=row.name,
                            severity="info" if garbled else None,
                            fields={"code": row.code, "year": year,
                                    "note": "疑为文字识别（OCR）漏字" if garbled else _also_in(ctx, classification, row)},
                            evidence=_evidence(row, table, ctx, classification)))


def _also_in(ctx: Context, classification: str, row) -> str:
    """Where else the same code is printed with the same name: each place is to be corrected."""
    again = ctx.book.memo.get("repeated rows", {}).get((classification, row.code, row.name), [])
    places = list(dict.fromkeys(describe(table_location(t)) for t, _ in again))
    return f"{'、'.join(places)}同样印为该名称" if places else ""


def _dropped_characters(printed: str, official: str) -> bool:
    """Printed name is the official one with characters missing: a reading (OCR) loss, not a
    wrong name, when at most a third of it is gone."""
    return in_order(printed, official) and len(printed) >= len(official) * 2 / 3


HIERARCHY_ROWS = ("function", "function_project", "economic")


@rule("K-CODE-PARENT")
def code_parents(ctx: Context) -> None:
    """A code sits under its parent: the row above it at the parent's level is its parent, and a
    table that prints the classification level by level does not skip the parent's row."""
    tables = [t for t in ctx.disc.tables if (spec := ctx.spec(t)) is not None and spec.rows in HIERARCHY_ROWS]
    if not tables:
        raise NotApplicable("文件中没有按科目分行的表格")
    levels = _printed_levels(ctx, tables)
    names = _names_by_code(ctx)
    for table in tables:
        _check_parents(ctx, table, levels[ROW_CLASSIFICATION[ctx.spec(table).rows]], names)


def _names_by_code(ctx: Context) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for t in ctx.disc.tables:
        for r in t.rows:
            if r.code and r.name and not r.project:
                out.setdefault(r.code, set()).add(norm_label(r.name))
    return out


def _unlabelled(table, names: set[str]) -> bool:
    """A row whose code the reader could not read but whose name is the code's name."""
    return any(not r.code and norm_label(r.name) in names for r in table.rows if r.name)


def _printed_levels(ctx: Context, tables) -> dict[str, set[int]]:
    """Code lengths the document's level-by-level tables print, per classification: a parent
    level printed anywhere is expected above every code of the level below it."""
    out: dict[str, set[int]] = {"function": set(), "economic": set()}
    for table in tables:
        lengths = {len(r.code) for r in table.rows if r.code and r.code.isdigit()}
        if len(lengths) > 1:
            out[ROW_CLASSIFICATION[ctx.spec(table).rows]] |= lengths
    return out


def _check_parents(ctx: Context, table, levels: set[int], names: dict[str, set[str]]) -> None:
    # a table of one level only (projects listed by their 项 code, no class rows) is a list, not
    # the classification level by level: it lacks no parent rows
    flat = len({len(r.code) for r in table.rows if r.code and r.code.isdigit()}) == 1
    last: dict[int, str] = {}
    for row in table.rows:
        code = row.code
        if not code or not code.isdigit():
            continue
        if len(code) > 3:
            ctx.checked += 1
            above = last.get(len(code) - 2)
            if above is not None and not code.startswith(above):
                ctx.report(Fail(key=f"{table.kind}|{code}", location=_loc(table, row), expected=code[:-2],
                                found=above, fields={"code": code, "above": f"表中其上方为 {above}"},
                                evidence=_evidence(row, table)))
            elif above is None and not flat and len(code) - 2 in levels \
                    and not _unlabelled(table, names.get(code[:-2], set())):
                ctx.report(Fail(key=f"{table.kind}|{code}|missing", location=_loc(table, row),
                                expected=code[:-2], found="无",
                                fields={"code": code, "above": "表中缺少这一上级科目行"},
                                evidence=_evidence(row, table)))
        last[len(code)] = code
        for longer in [k for k in last if k > len(code)]:
            del last[longer]


@rule("K-ECON-NATURE")
def economic_natures(ctx: Context) -> None:
    """An amount of a row by economic code in the column its class is not in by definition (a
    302 row's amount under 人员经费, a 301 row's under 公用经费): the template declares which
    classes each column holds (ColumnSpec.classes). Empty and zero cells say nothing."""
    tables = [(t, spec, classes) for t in ctx.disc.tables
              if (spec := ctx.spec(t)) is not None and len(classes := spec.class_columns()) > 1]
    if not tables:
        raise NotApplicable("文件中没有按经济分类列出人员经费、公用经费的表格")
    for table, spec, classes in tables:
        for row in table.rows:
            expected = ids.economic_column(row.code, classes)
            for cell in row.cells:
                # (a cell the reading placed by this very definition tells nothing: said at parse)
                if expected is None or cell.column not in classes or not cell.amount \
                        or cell.decided_by == "definition":
                    continue
                ctx.checked += 1
                if cell.column != expected:
                    ctx.report(_against_definition(table, spec, row, cell, expected))


def _against_definition(table, spec, row, cell, expected: str) -> Fail:
    column, should = (_column_name(table, spec, k) for k in (cell.column, expected))
    return Fail(key=f"{row.code}|{cell.column}", location=table_location(table, row=row.code, column=column),
                expected=should, found=cell.text, fields={"code": row.code, "name": row.name, "column": column},
                evidence=[Evidence(role=f"{row.code} {row.name}".strip(), text=cell.text, provenance=cell.provenance)])


def _column_name(table, spec, key: str) -> str:
    """A column's name as a reader knows it: a side-by-side table's side (人员经费), else its label."""
    side, _, _ = key.rpartition(":")
    if side:
        return spec.side_label(side)
    return next((c.label for c in table.columns if c.key == key), key)
