"""HTML pages whose words are placed on the page, not flowed (pdftohtml, PDF-to-HTML converters).

Such a page is a PDF page in HTML: every run of text a <p> or <div> at its own `top` and
`left` (CSS pixels), one after another in the order the PDF drew them, which for a table
printed from a spreadsheet is column by column. Read in document order, its table's rows
come apart. So the runs are set out again as the page shows them: grouped into lines by
their `top`, ordered by their `left`, and each started at the character column its `left`
gives, as `pdftotext -layout` writes a PDF page. The text is then read as such layout text
is (readers/text.py and the layout reading of extract/), which places an amount under the
header printed above it.
"""

from __future__ import annotations

import re
from statistics import median

TOP = re.compile(r"(?:^|;)\s*top\s*:\s*(-?\d+(?:\.\d+)?)px", re.IGNORECASE)
LEFT = re.compile(r"(?:^|;)\s*left\s*:\s*(-?\d+(?:\.\d+)?)px", re.IGNORECASE)
ABSOLUTE = re.compile(r"position\s*:\s*absolute", re.IGNORECASE)
FONT_CLASS = re.compile(r"\.([\w-]+)\s*\{[^}]*?font-size\s*:\s*(\d+(?:\.\d+)?)px", re.IGNORECASE)
FONT_SIZE = re.compile(r"font-size\s*:\s*(\d+(?:\.\d+)?)px", re.IGNORECASE)
MIN_RUNS = 40          # fewer placed runs: a page with a placed logo or note, read as flowed
DEFAULT_SIZE = 16.0


def placed_runs(root) -> list[tuple[int, float, float, float, str]]:
    """(page, top, left, font size, text) of every run of text placed absolutely, pages in
    document order (pdftohtml: each page a <div id="pageN-div">, its runs inside)."""
    sizes = {name: float(size) for style in root.iter("style") if style.text
             for name, size in FONT_CLASS.findall(style.text)}
    from .html import unshown

    runs = []
    page = 0
    placed: set = set()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        ident = el.get("id") or ""
        if ident.startswith("page") and ident.endswith("-div"):
            page += 1
            continue
        style = el.get("style") or ""
        if not ABSOLUTE.search(style):
            continue
        top, left = TOP.search(style), LEFT.search(style)
        if top is None or left is None:
            continue
        placed.add(el)
        if any(up in placed or unshown(up) for up in el.iterancestors()) or unshown(el):
            continue                     # (its text is its placed ancestor's run's, its place that one's)
        own = FONT_SIZE.search(style)
        size = float(own.group(1)) if own else next(
            (sizes[c] for c in (el.get("class") or "").split() if c in sizes), DEFAULT_SIZE)
        # (a run of several lines breaks them with <br>: each line under the one before)
        for k, text in enumerate(t for t in map(" ".join, map(str.split, run_lines(el))) if t):
            runs.append((max(page, 1), float(top.group(1)) + k * size * LINE_HEIGHT, float(left.group(1)), size, text))
    return runs


LINE_HEIGHT = 1.2      # a line under another, in font sizes


def run_lines(el) -> list[str]:
    """A placed run's text, a string per line its <br>s break."""
    from .html import unshown

    lines = [""]
    for piece in el.xpath("descendant-or-self::text() | .//br"):
        if isinstance(piece, str):
            holder = piece.getparent().getparent() if piece.is_tail else piece.getparent()
            if holder is not el and any(unshown(up) for up in (holder, *holder.iterancestors()) if up is not el):
                continue                 # (a part the page hides: hidden spans inside the run)
            lines[-1] += piece.replace("\xa0", " ")
        else:
            lines.append("")
    return lines


def laid_out_text(root) -> str | None:
    """The page's placed runs set out as layout text (pages apart by a form feed); None where
    the page places too few runs to be read so (most HTML pages flow their text)."""
    runs = placed_runs(root)
    if len(runs) < MIN_RUNS or flowed_text(root) > sum(len(text) for *_, text in runs) / 20:
        return None
    unit = median(size for *_, size, _ in runs) / 2      # a half-width character, in pixels
    pages: dict[int, list] = {}
    for page, top, left, size, text in runs:
        pages.setdefault(page, []).append((top, left, size, text))
    out = []
    for page in sorted(pages):
        out.append("\n".join(page_lines(pages[page], unit)))
    return "\n\f".join(out) + "\n"


def flowed_text(root) -> int:
    """The characters of the page's text outside its placed runs (a web page's table flowed
    below a menu whose items it places): a PDF page in HTML has none."""
    count = 0
    for text in root.xpath("//body//text()[not(ancestor::style) and not(ancestor::script)]"):
        holder = text.getparent()
        if text.is_tail:
            holder = holder.getparent()
        if holder is not None and not any(ABSOLUTE.search(el.get("style") or "")
                                          for el in (holder, *holder.iterancestors()) if isinstance(el.tag, str)):
            count += len("".join(text.split()))
    return count


def page_lines(runs: list[tuple[float, float, float, str]], unit: float) -> list[str]:
    """One page's runs as lines: a run whose top is within half its height of a line's is on
    that line; each starts at the column its left gives, at least two spaces after the run
    before it (one space is a word's, two a column's, as layout text reads them)."""
    lines: list[list[tuple[float, float, float, str]]] = []
    for run in sorted(runs, key=lambda r: (r[0], r[1])):
        if lines and abs(run[0] - lines[-1][0][0]) <= run[2] / 2:
            lines[-1].append(run)
        else:
            lines.append([run])
    out = []
    for line in lines:
        text = ""
        for _, left, _, words in sorted(line, key=lambda r: r[1]):
            column = round(left / unit)
            gap = column - len(text) if len(text) < column - 1 else (2 if text else 0)
            text += " " * gap + words
        out.append(text)
    return out
