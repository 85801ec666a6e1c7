"""A table the template does not know (segment.UnknownTable), kept as printed.

Its header lines and its rows are read with every cell's text and place; an amount is read
where the text leaves no doubt what it is. No column is mapped to fact coordinates (the
template has none for this table), so it makes no Fact and no rule checks its figures: it is
kept so that nothing printed is lost, for the reader to look at (JSON, the `cells` CSV, the
store).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..model import (
    HeaderRow,
    PrintedCell,
    PrintedColumn,
    PrintedRow,
    PrintedTable,
    Provenance,
)
from ..model.built import built
from ..model.tables import UNKNOWN_KIND
from ..readers import Line, SourceDocument
from ..segment import UnknownTable
from ..text import MINUS_MARKS, compact, norm_label
from .rows import (
    HAS_DIGIT,
    ROW_NUMBER,
    ROW_NUMBER_HEADERS,
    UNIT,
    UNIT_NAME,
    BlockRows,
    cell_text,
    is_amount_cell,
    is_class,
    is_number_row,
    number_cell,
    read_meta,
    split_code_label,
)

WORD = re.compile(r"\S+")      # str.split()'s words, with their places

# why a figure is left unread: an OCR'd "1 759.05" may be one amount or two; "- 12.50" a negative
# or a dash for an empty cell; an OCR reading not sure of it
SPACED_FIGURES = "扫描件识别的数字之间有空格，无法确定是一个金额还是几个，未读取"
SIGN_APART = "负号与数字之间隔有空格，无法确定是负数还是空格子的“-”，未读取"
OCR_UNSURE = "扫描件 OCR 识别没有把握，未读取"
SIGN_WORDS = frozenset(MINUS_MARKS) | frozenset("+＋△▲")
PIECE = re.compile(r"^\d{1,3}[,，.]?$")         # OCR: a number's first digits, a space before the rest
# the header of a column whose cells print digits that are no figure: a code, a number, a date or
# a period ("项目编码", "序号", "实施时间"); "年度" only alone ("2025年度" heads amounts)
TEXT_COLUMN = re.compile(r".*(编号|编码|代码|时间|日期|期限|年月)|年度|年份|(联系)?电话")
# the header of a column numbering the rows: 行次 after the label (决算 sheets), 序号 before it
NUMBER_HEADERS = ROW_NUMBER_HEADERS | {"序号"}
CODES_ONLY = re.compile(r"\d{3}(?:\s?\d{2}){0,2}")        # a class, 款 or 项 code, its name on another line
# a year and month ("2025.01"): in a table whose header names a time, a date as likely as an amount
YEAR_MONTH = re.compile(r"^(19|20)\d{2}[.．](0?[1-9]|1[0-2])$")
TIME_WORDS = re.compile(r"时间|日期|期限|年月")
MAYBE_DATE = "表头有时间或日期列，这个数字可能是年月而不是金额，未读取"


def read_unknown(doc: SourceDocument, table: UnknownTable, index: int, group: int | None,
                 notes: list[tuple] | None = None) -> PrintedTable:
    """The table's lines after its title: header rows until the first row printing a figure,
    then rows (a row without figures too: a wrapped name, a note). notes: where given, the
    warnings (code, message, line) for figures printed so that they were not read."""
    lines = doc.lines[table.title_index + 1:table.end]
    if any(ln.word_boxes is not None for ln in lines) and all(ln.cells is None for ln in lines):
        lines = unruled_lines(lines, notes if notes is not None else [])
    meta = BlockRows()
    read_meta(doc.lines[table.start:table.end], meta)
    title = compact(table.title)
    note = compact(meta.empty_note or "")
    header: list[HeaderRow] = []
    rows: list[PrintedRow] = []
    pages, repeated = 1, False
    plan, last_number = NO_PLAN, 0
    cells_of = [line_cells(ln) for ln in lines]
    # a whole number is a figure only in a table printing no other kind (among amounts with
    # decimals it is a row's number, a quantity, a code or a year)
    whole = not any(is_amount_cell(c.text) for cells in cells_of for c in cells if c.text)
    for ln, cells in zip(lines, cells_of):
        texts = [c.text for c in cells]
        if not any(texts):
            continue
        if not rows and (compact("".join(texts)) in title or is_meta(ln.text)):
            continue               # the rest of a wrapped title, 单位：万元, 编制单位：…
        if note and compact(ln.text) in note:
            continue               # "…为空表。" (PrintedTable.empty_note)
        number, cells = row_number(cells, plan, ln)
        label, values = split_row(cells, ln, whole, plan.text)
        if not rows and (not values or is_number_row(texts)):
            header.append(built(HeaderRow, {"line": ln.no, "cells": texts}))
            plan = column_plan(header)
            continue
        again = not values and header_again(texts, header, repeated)
        if rows and (is_meta(ln.text) or is_number_row(texts) or again):
            pages += not repeated      # the header printed again atop the next page
            repeated = True
            continue
        repeated = False
        if not number and (plan.numbered or plan.serial) and ln.cells is None:
            number = text_row_number(label, values, plan, last_number)
            last_number = int(number) if number.isdigit() else last_number
        rows.append(printed_row(doc, ln, label, values, index, len(rows), whole, plan, number))
    first = doc.lines[table.start]
    last = doc.lines[max(table.end - 1, table.title_index)]
    return PrintedTable(
        index=index, kind=UNKNOWN_KIND, number=table.number, label=table.label, title=table.title,
        unit=meta.unit, unit_name=meta.unit_name, group=group, columns=grid_columns(header, rows),
        header=header, rows=rows, empty_note=meta.empty_note, line=first.no, line_end=last.no, pages=pages,
        provenance=Provenance(file=doc.path, line=first.no, line_end=last.no, page=first.page, table=index))


def unruled_lines(lines: list[Line], notes: list[tuple]) -> list[Line]:
    """A PDF page printed without rules, read by the words' places: a figure's marks printed
    apart joined to it, an amount wrapped inside its cell ("2427.0" over "3") joined where its
    pieces make one number, else left unread (a "-" in its place) and said (extract.unruled)."""
    from .unruled import marks_joined, wrapped_amounts_joined

    joined, said = wrapped_amounts_joined(marks_joined([(ln, ln.text, ln.text.split()) for ln in lines], notes))
    notes.extend(said)
    return [ln for ln, _, _ in joined]


def header_again(texts: list[str], header: list[HeaderRow], going_on: bool) -> bool:
    """A line of the header printed again atop the next page: words only, each a header cell's
    or holding one ("财政专户（教育收费）" where the first page printed "财政专户" over "（教育
    收费）"), or one word that is a header cell. Once such a header began (`going_on`), any
    line of the header's words (a header printed a character a line)."""
    words = [compact(t) for t in texts if t.strip()]
    cells = [compact(c) for h in header for c in h.cells]
    if going_on and all(w in "".join(cells) and not HAS_DIGIT(w) for w in words):
        return True              # (a row of figures is no header's: its numbering row is is_number_row's)
    heads = set(cells) - {""}
    if len(words) == 1:
        return len(words[0]) >= 2 and words[0] in heads
    return all(w in heads or any(h in w for h in heads if len(h) >= 2) for w in words)


class Plan(NamedTuple):
    """What the header says of the columns whose digits are no figures."""
    text: frozenset[int] = frozenset()        # a grid's columns of codes, numbers, dates, periods
    numbers: frozenset[int] = frozenset()     # a grid's 行次 columns: each row's number
    numbered: bool = False                    # the header prints 行次 (a text's rows carry one after the label)
    serial: bool = False                      # the header prints 序号 (the number opens the row)
    times: bool = False                       # the header names a time (a text's "2025.01" may be one)


NO_PLAN = Plan()


def column_plan(header: list[HeaderRow]) -> Plan:
    """The columns the header printed so far names text: for a grid by each column's lowest
    header word, for a text by its words anywhere."""
    text, numbers = set(), set()
    for n in range(max(len(h.cells) for h in header)):
        words = [norm_label(h.cells[n]) for h in header if n < len(h.cells) and h.cells[n].strip()]
        if words and words[-1] in NUMBER_HEADERS:
            numbers.add(n)
        elif words and TEXT_COLUMN.fullmatch(words[-1]):
            text.add(n)
    words = {norm_label(w) for h in header for c in h.cells for w in c.split()}
    return Plan(frozenset(text), frozenset(numbers), bool(words & ROW_NUMBER_HEADERS),
                "序号" in words, any(TIME_WORDS.search(w) for w in words))


def row_number(cells: list[Cell], plan: Plan, ln: Line) -> tuple[str, list[Cell]]:
    """A grid row's 行次 (the cells under the header's 行次), and the cells without it."""
    if not plan.numbers or ln.cells is None:
        return "", cells
    number = " ".join(cells[n].text for n in sorted(plan.numbers) if n < len(cells) and cells[n].text)
    return number, [Cell("") if n in plan.numbers else c for n, c in enumerate(cells)]


def text_row_number(label: list[str], values: list[tuple[int, Cell]], plan: Plan, last: int) -> str:
    """A text row's 序号 or 行次, in a table whose header prints one: a short whole number
    opening the label (序号; not a class code: "201 一般公共服务支出"), or the first of the
    row's cells after its label when more follow and it goes on from the row number before
    (`last`: a total left unnumbered, "合计 150 135", keeps its figure). Taken off the label
    or the cells."""
    if plan.serial and len(label) > 1 and ROW_NUMBER.match(label[0]) and not is_class(label[0]):
        return label.pop(0)
    first = values[0][1].text if values else ""
    if plan.numbered and label and len(values) > 1 and ROW_NUMBER.match(first) and int(first) <= last + 3:
        return values.pop(0)[1].text
    return ""


def is_meta(text: str) -> bool:
    return UNIT.search(text) is not None or UNIT_NAME.search(text) is not None


class Cell(NamedTuple):
    text: str
    box: tuple | None = None        # as the reader gave it (a PDF's word or cell)
    ref: str | None = None          # as the reader gave it (a sheet's or Word table's cell)
    unread: str | None = None       # why its words, which may be one figure, are not read


def line_cells(ln: Line) -> list[Cell]:
    """A grid line's cells, each in its place (empty ones too); else the line's words, with
    their boxes where the reader gave them (a PDF read by the characters' places)."""
    if ln.cells is not None:
        boxes = ln.cell_boxes or [None] * len(ln.cells)
        refs = ln.cell_refs or [None] * len(ln.cells)
        return [Cell(cell_text(c) if c else "", b, r) for c, b, r in zip(ln.cells, boxes, refs)]
    words = ln.text.split()
    if ln.word_boxes is not None and len(ln.word_boxes) == len(words):
        return [Cell(w, b) for w, b in zip(words, ln.word_boxes)]
    return [Cell(w) for w in cell_text(ln.text).split()]


def whole_figure(whole: bool, ln: Line, reads: list, cells: list[Cell]) -> bool:
    """A whole number (reads[0], cells[0]) is a figure: in a table of `whole` numbers, not read
    by OCR (it may be a misread mark or word: "74 MG24 2611"), with only figures after it
    (before words it is a code: "417.37 201 一般公共服务支出")."""
    return whole and not ln.ocr and all(r or not c.text for r, c in zip(reads, cells))


def split_row(cells: list[Cell], ln: Line, whole: bool = False,
              text: frozenset[int] = frozenset()) -> tuple[list[str], list[tuple[int, Cell]]]:
    """The row's label (its cells or words before the first figure) and its cells from there
    on, each with its place. The first figure is an amount (decimals, thousands groups), or
    after words a whole number that is a figure (whole_figure): a number before any word is a
    code or the row's number; among words, a name's ("12345 政务服务便民热线经费"). A grid's
    `text` columns (a code, a date: Plan) hold no figure."""
    words = False
    reads = [number_cell(c.text) if c.text and n not in text else None for n, c in enumerate(cells)]
    for n, read in enumerate(reads):
        if read is not None and (read[3] or words and whole_figure(whole, ln, reads[n:], cells[n:])):
            # (a PDF's words have their places: a sign printed apart is joined already, a "-" left is
            # a dash for an empty cell or an unread figure's place)
            spans = [m.span() for m in WORD.finditer(cell_text(ln.text))] \
                if ln.cells is None and ln.word_boxes is None else None
            spans = spans if spans and len(spans) == len(cells) else None      # (line_cells' words)
            while spans and n > 0 and spans[n][0] - spans[n - 1][1] == 1 and (
                    cells[n - 1].text in SIGN_WORDS or ln.ocr and PIECE.match(cells[n - 1].text)):
                n -= 1            # "- 12.50", OCR "1 759.05", "1, 759.05": the figure may begin a space before
            n = after_label(cells, reads, n)
            label = [c.text for c in cells[:n] if c.text]
            rest = list(enumerate(cells))[n:]
            return label, spaced_runs(rest, spans, ln.ocr) if spans else rest
        words = words or (bool(cells[n].text) and read is None)
    return [c.text for c in cells if c.text], []


def after_label(cells: list[Cell], reads: list, n: int) -> int:
    """Where the label ends, the first figure being at n: whole numbers printed after the
    label's words are no part of its name (a 行次, a quantity: "台式计算机 10 12.50"); they
    are kept as the row's text cells. A number between words is the name's ("克州 12345 政务
    服务便民热线经费"), one before any word a code or a serial number."""
    def is_word(k: int) -> bool:
        return bool(cells[k].text) and reads[k] is None

    while n > 1 and reads[n - 1] is not None and not reads[n - 1][3] and any(map(is_word, range(n - 1))):
        n -= 1
    return n


def spaced_runs(words: list[tuple[int, Cell]], spans: list[tuple[int, int]], ocr: bool) -> list[tuple[int, Cell]]:
    """Words a single space apart that may be one figure stay one cell, left unread: a sign
    printed apart ("- 12.50": a negative, or a dash for an empty cell before 12.50), and in an
    OCR text a space inside a number ("1 759.05", "1, 759.05": one amount or two), unless each
    word is an amount with decimals ("87.48 87.48"). (Text converted from a PDF prints no space
    inside a number.) spans: where each of the line's words stands."""
    runs: list[list[tuple[int, Cell]]] = []
    for n, cell in words:
        if runs and spans[n][0] - spans[runs[-1][-1][0]][1] == 1:
            runs[-1].append((n, cell))
        else:
            runs.append([(n, cell)])
    out: list[tuple[int, Cell]] = []
    for run in runs:
        texts = [c.text for _, c in run]
        if len(run) > 1 and ocr and not all(map(is_amount_cell, texts)):
            out.append((run[0][0], Cell(" ".join(texts), unread=SPACED_FIGURES)))
            continue
        k = 0
        while k < len(run):
            if texts[k] in SIGN_WORDS and k + 1 < len(run):      # the sign and the word after it
                out.append((run[k][0], Cell(f"{texts[k]} {texts[k + 1]}", unread=SIGN_APART)))
                k += 2
            else:
                out.append(run[k])
                k += 1
    return out


def printed_row(doc: SourceDocument, ln: Line, label: list[str], values: list[tuple[int, Cell]],
                table: int, index: int, whole: bool = False, plan: Plan = NO_PLAN, number: str = "") -> PrintedRow:
    grid = ln.cells is not None
    cells = []
    reads = [number_cell(c.text) if c.text and c.unread is None and not (grid and n in plan.text) else None
             for n, c in values]
    for k, (n, cell) in enumerate(values):
        # what the reader could not read or was not sure of (a formula without its result, an
        # OCR'd figure): kept, not read
        unread = cell.unread or ((ln.unread or {}).get(n) if grid else None)
        if grid and ln.unsure and n in ln.unsure and cell.text:
            unread = OCR_UNSURE
        if not grid and plan.times and unread is None and YEAR_MONTH.match(cell.text):
            unread = MAYBE_DATE      # a text's cells have no column: the header's time may be this
        if not cell.text and unread is None:
            continue
        read = reads[k] if unread is None else None
        if read is not None and not read[3] and not whole_figure(whole, ln, reads[k:], [c for _, c in values[k:]]):
            read = None         # a whole number among amounts with decimals, or before words: text
        column = f"c{n + 1}" if grid else None      # a grid's cell has its place; a text's only its order
        prov = Provenance(file=doc.path, line=ln.no, page=ln.page, table=table, row=index, column=column,
                          bbox=tuple(float(round(x, 1)) for x in cell.box) if cell.box else None, ref=cell.ref)
        cells.append(PrintedCell(text=cell.text, amount=read[1] if read else None,
                                 precision=read[2] if read else None, column=column,
                                 decided_by="position" if column else None, provenance=prov, unread=unread))
    code, name = code_and_name(" ".join(label))
    return PrintedRow(index=index, code=code, name=name, raw_label=" | ".join(label),
                      row_number=number, cells=cells, line=ln.no, line_end=ln.no)


def code_and_name(label: str) -> tuple[str, str]:
    """A classification code opening the label, and the name after it ("208 05 05" alone: the
    name wrapped onto the next line)."""
    if CODES_ONLY.fullmatch(label.strip()):
        return label.replace(" ", ""), ""
    return split_code_label(label)


def grid_columns(header: list[HeaderRow], rows: list[PrintedRow]) -> list[PrintedColumn]:
    """A grid's columns by place, each labelled with the header texts printed above it (a
    text's cells have no place: none)."""
    keys = sorted({c.column for r in rows for c in r.cells if c.column}, key=lambda k: int(k[1:]))
    out = []
    for key in keys:
        n = int(key[1:]) - 1
        words = dict.fromkeys(norm_label(h.cells[n]) for h in header
                              if n < len(h.cells) and h.cells[n].strip() and not is_number_row(h.cells))
        out.append(PrintedColumn(key=key, label="/".join(words) or f"第{n + 1}列"))
    return out
