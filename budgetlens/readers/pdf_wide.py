"""A sheet too wide for its page: Excel and LibreOffice, printing a sheet without fitting it
to the page's width, print the columns that do not fit on the next page, for the same rows
(the rows at the same heights, without the title; the label columns mostly left behind).

Such a page is put back to the right of the page it belongs to when that is certain: each of
its lines sits at the height of a line of that page, its amounts beside that page's table rows
(never beside its title or header, as a page going on with more rows would stand), and its own
header, which is not that page's header printed again, beside that page's header. A page that
prints only amounts without any label but cannot be placed so is said in a warning, and its
amounts are not read (read on their own, they would be rows without names, or fall into the
columns of the page before)."""

from __future__ import annotations

import re
from dataclasses import replace

from .base import Line

DIGIT = re.compile(r"\d")
FIGURE = re.compile(r"[-−]?\d[\d,]*(?:\.\d+)?")
SLACK = 0.35                 # share of a line's height two lines' middles may differ by
# a table's label or title: a page printing one beside another page's rows starts a table of
# its own there (pages of a document set in one line spacing stand level), it is no overflow
TITLE = re.compile(r"^表\s*[0-9一二三四五六七八九十]+\s*$|^\S{2,40}(?:情况|明细|总)表$|^编制(?:部门|单位)")


def words_of(line: Line) -> list[str]:
    if line.cells is not None:
        return [c.strip() for c in line.cells if c and c.strip()]
    return line.text.split()


def has_figure(line: Line) -> bool:
    return DIGIT.search(line.text) is not None and any(FIGURE.fullmatch(w) for w in words_of(line))


def figures_only(line: Line) -> bool:
    words = words_of(line)
    return bool(words) and all(FIGURE.fullmatch(w) for w in words)


def middle(line: Line) -> float:
    return (line.bbox[1] + line.bbox[3]) / 2


def level_with(line: Line, other: Line) -> bool:
    height = min(line.bbox[3] - line.bbox[1], other.bbox[3] - other.bbox[1])
    return abs(middle(line) - middle(other)) <= max(1.0, SLACK * height)


def placed(lines: list[Line]) -> bool:
    """Every line has its box and, as a table page was read, its cells' boxes (a ruled page's
    lines outside the grid have none) or, a page without rules, its words' boxes."""
    if not lines or any(ln.bbox is None for ln in lines):
        return False
    if ruled(lines):
        return all(ln.cells is None or ln.cell_boxes is not None for ln in lines)
    return all(ln.word_boxes is not None for ln in lines)


def ruled(lines: list[Line]) -> bool:
    return any(ln.cells is not None for ln in lines)


def pairs(base: list[Line], first: int, page: list[Line]) -> dict[int, int] | None:
    """For each line of page, the index of the line of base at its height (first: base's first
    line with figures), or None when a line of page with figures has no such line, or stands
    beside base's title or header (a page going on with rows), or two lines share one."""
    out: dict[int, int] = {}
    for n, line in enumerate(page):
        at = [i for i, b in enumerate(base) if level_with(line, b)]
        if len(at) > 1 or (at and at[0] in out.values()):
            return None
        if at:
            out[n] = at[0]
        if (not at or at[0] < first) and has_figure(line):
            return None
        if at and at[0] >= first and TITLE.search(line.text.strip()):
            return None
    return out


def table_start(page: list[Line]) -> int | None:
    """The index of the page's first line with figures, when it has two such lines and its
    lines their boxes; else None (no table another page could go on beside)."""
    if not placed(page):
        return None
    body = (n for n, line in enumerate(page) if has_figure(line))
    first, second = next(body, None), next(body, None)
    return first if second is not None else None


def overflow(base: list[Line], first: int, page: list[Line]) -> dict[int, int] | None:
    """The lines of page paired with base's (first: base's first line with figures) when page
    is base's columns that did not fit."""
    if ruled(base) != ruled(page) or not placed(page) or not beside(base, page, first):
        return None
    match = pairs(base, first, page)
    if not match:
        return None
    heads = {n: i for n, i in match.items() if i < first}
    rows = {n: i for n, i in match.items() if i >= first}
    if not heads or not any(has_figure(page[n]) for n in rows):
        return None         # no header of its own beside base's: its columns are not known
    mine = {w for n in heads for w in words_of(page[n])}
    theirs = {w for n, i in heads.items() for w in words_of(base[i])}
    if mine <= theirs:
        return None         # base's header printed again
    return match


def beside(base: list[Line], page: list[Line], first: int) -> bool:
    """Cheap test before pairing every line: page's first line with figures stands level with
    one of base's table rows (base's first: its first line with figures), not with its title or
    header, as the first rows of a page going on do."""
    row = next((ln for ln in page if has_figure(ln)), None)
    return row is not None and any(level_with(row, b) for b in base[first:])


def joined(left: Line, right: Line, shift: float) -> Line:
    """right's cells (or words) after left's, their boxes moved right by shift."""
    def moved(box):
        return None if box is None else (box[0] + shift, box[1], box[2] + shift, box[3])

    bbox = (left.bbox[0], min(left.bbox[1], right.bbox[1]), right.bbox[2] + shift, max(left.bbox[3], right.bbox[3]))
    if right.cells is not None or left.cells is not None:
        cells = left.cells if left.cells is not None else [left.text]
        boxes = left.cell_boxes if left.cells is not None else [left.bbox]
        more = right.cells if right.cells is not None else [right.text]
        more_boxes = right.cell_boxes if right.cells is not None else [right.bbox]
        cells = list(cells) + list(more)
        return replace(left, text="\t".join(cells), cells=cells, bbox=bbox,
                       cell_boxes=list(boxes) + [moved(b) for b in more_boxes])
    words = (left.word_boxes or []) + [moved(b) for b in (right.word_boxes or [])]
    if len(words) != len((left.text + " " + right.text).split()):
        words = None
    return replace(left, text=f"{left.text} {right.text}", bbox=bbox, word_boxes=words)


def join_wide_pages(lines: list[Line], widths: dict[int, float], notes: list[str], warnings: list[str]) -> list[Line]:
    """The lines with each page of a sheet's overflowing columns joined to its page's lines
    (their boxes moved right by the widths of the pages before), or, a page of amounts only
    that cannot be placed, without its amounts and said in a warning. widths: 1-based page →
    width in points."""
    pages: dict[int, list[Line]] = {}
    for line in lines:
        pages.setdefault(line.page or 0, []).append(line)
    if len(pages) < 2:
        return lines
    out: list[Line] = []
    base: list[Line] = []
    first: int | None = None      # base's first line with figures, if base holds a table
    start, base_page, shift, last, changed = 0, 0, 0.0, 0, False
    for number, page in pages.items():
        if first is not None and number == last + 1:
            match = overflow(base, first, page)
            if match is not None:
                shift += widths.get(last, 0.0)
                for n, i in match.items():
                    base[i] = out[start + i] = joined(base[i], page[n], shift)
                out += [ln for n, ln in enumerate(page) if n not in match]
                notes.append(f"第 {number} 页是第 {base_page} 页表格超出页宽、打印到下一页的列（各行与第 {base_page} 页"
                             f"的行高度相同），已按行接在第 {base_page} 页各行的右侧读取")
                last, changed = number, True
                continue
            if looks_overflowing(page):
                kept = [ln for ln in page if not figures_only(ln)]
                warnings.append(f"第 {number} 页只有金额、没有科目名称，像是第 {last} 页表格超出页宽、打印到下一页的列，"
                                f"但无法与第 {last} 页的行对齐：其 {len(page) - len(kept)} 行金额未读入，请对照原件")
                out += kept
                last, changed = number, True
                continue
        start = len(out)
        out += page
        base, base_page, shift, last = list(page), number, 0.0, number
        first = table_start(page)
    if not changed:
        return lines
    return [replace(ln, no=n) for n, ln in enumerate(out, 1)]


def looks_overflowing(page: list[Line]) -> bool:
    """A page whose lines with figures (two at least) print figures only, none a label."""
    rows = 0
    for line in page:
        if has_figure(line):
            if not figures_only(line):
                return False
            rows += 1
    return rows >= 2
