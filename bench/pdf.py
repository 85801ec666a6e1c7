"""PDF tables: speed and cell accuracy of budgetlens against pdfplumber and camelot, same run.

For every PDF in ../shared/real/ (beside the repository; skipped with a message when absent)
three tools read all pages, each timed as the median of --repeat runs (wall clock and CPU):

  budgetlens  budgetlens.pipeline.parse(path): the whole pipeline, cells with their columns
  pdfplumber  page.find_tables() + table.extract() on every page (what page.extract_tables()
              does, keeping the table objects so merged header cells can be read)
  camelot     camelot.read_pdf(path, flavor="lattice", pages="all"), default settings

Where a golden file exists (tests/golden/real/<pdf stem>.cells.csv, or the .cells.csv whose
.notes.md heading names the PDF; hand-transcribed: page,table,title,code,name,column,amount)
every tool is scored on it:

  recall     golden cells found / golden cells. A golden cell is found when the tool put the
             same amount on the same page, in the same row (by code when the golden prints one,
             else by name) and in the same column (same_column below).
  precision  tool cells matching a golden cell / tool cells, counting only cells on pages the
             golden covers; the rest are invented (or misplaced) amounts.

The raw grids of pdfplumber and camelot carry no header mapping, so each grid column gets the
header path printed above it (the header rows' cells, a merged cell read in every column it
spans, joined by '/'), and each amount the row labels printed left of it; they are then judged
on the same terms as budgetlens' column labels. Text of every tool is normalised alike (NFKC,
radicals, whitespace removed, full-width parentheses). A raw grid continued on the next page
without its header gets no credit there; the rows `pdfplumber+carry` and `camelot+carry` show
the same grids with the previous page's header carried over (as a user would do by hand), for
information: they are not what the check judges.

Exit status (usable as a check, not run in tests): 0 when budgetlens' recall and precision are
at least those of both baselines and it reads at least SPEED_FACTOR× more pages per second than
camelot; 1 when one of these fails; 2 when they could not be measured (no real PDFs, no golden
file, camelot missing).

    python bench/pdf.py [--repeat 3] [--only STEM ...] [--misses]
"""

from __future__ import annotations

import argparse
import csv
import re
import resource
import statistics
import sys
import time
import unicodedata
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from budgetlens.text import clear_caches  # noqa: E402

REAL = ROOT.parent / "shared" / "real"
GOLDEN = ROOT / "tests" / "golden" / "real"
SPEED_FACTOR = 5.0
TOOLS = ("budgetlens", "pdfplumber", "camelot")
CARRY = "+carry"              # a raw-grid tool with headers carried to continuation pages

# A printed amount: thousands separators or decimals (a bare integer may be a code: 201, 03).
MONEY = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)")
NUMBER = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
DIGITS = re.compile(r"\d+")
CODE_AND_NAME = re.compile(r"(\d{3,})\s*(\D.*)", re.S)     # "2010101 行政运行" in one cell


# ---- cells and how they are compared ------------------------------------------------------------

@dataclass(frozen=True)
class Cell:
    """One amount as a tool (or the golden file) places it. Text fields are normalised."""
    page: int
    code: str                     # classification code, digits only; "" when none printed
    names: tuple[str, ...]        # the row's labels split into parts (label_parts)
    column: str                   # header path joined by '/'
    amount: Decimal
    sided: bool = False           # golden only: the side must agree too (see same_column)


@lru_cache(maxsize=1)
def _radicals() -> dict[int, str]:
    from budgetlens.readers.pdf import radicals       # a data table (radical → ideograph)

    return radicals()


def norm_text(text: str | None) -> str:
    """What two tools must agree on in a label: NFKC, radicals mapped, no whitespace,
    full-width parentheses (the golden files' convention)."""
    text = unicodedata.normalize("NFKC", (text or "").translate(_radicals()))
    return "".join(text.split()).replace("(", "（").replace(")", "）")


def label_parts(*labels: str | None) -> tuple[str, ...]:
    """Normalised row labels, each split where a transcription joined several label cells."""
    out = []
    for label in labels:
        for part in re.split(r"[/|]", norm_text(label)):
            if part and part not in out:
                out.append(part)
    return tuple(out)


def norm_code(text: str | None) -> str:
    return "".join(DIGITS.findall(text or ""))


def to_amount(text: str | None) -> Decimal | None:
    """A cell that is one number, else None ('', '-', two amounts in one cell …)."""
    t = "".join((text or "").split()).replace("−", "-")
    if not NUMBER.fullmatch(t):
        return None
    try:
        return Decimal(t.replace(",", ""))
    except InvalidOperation:
        return None


def parts(path: str) -> list[str]:
    return [p for p in path.split("/") if p]


def same_side(gold_side: str, tool_parts: list[str]) -> bool:
    """The golden's side ('收入', '支出' …) is one of the tool's groups above the leaf, or one
    contains the other ('本年收入' and '收入'): headers name the sides in more than one way."""
    return any(p == gold_side or gold_side in p or p in gold_side for p in tool_parts)


def same_column(gold: str, tool: str, sided: bool) -> bool:
    """Does the tool's column label (or raw header path) name the golden's column?

    The leaves (last '/' part) must be equal. When the golden table prints the same leaf under
    more than one side (side-by-side tables: 收入/金额 and 支出/金额), its first part (the side)
    must also be among the tool's parts above the leaf (same_side). Nothing else of the path is
    compared: budgetlens prints canonical group labels, raw grids print every header row. A
    label listing several candidates ('a|b', the tool could not decide) never matches."""
    if "|" in tool:
        return False
    g, t = parts(gold), parts(tool)
    if not g or not t or g[-1] != t[-1]:
        return False
    return not sided or len(g) < 2 or same_side(g[0], t[:-1])


def same_row(gold: Cell, out: Cell) -> bool:
    """By code when the golden prints one, else by name: the golden name's parts (a row printing
    several label cells is transcribed 'group/item' or 'item | kind') and the tool's row labels
    must not disagree: one set holds the other (budgetlens names a subtotal row by its group
    alone, a raw grid prints every label cell). A golden row with neither code nor name (a
    one-row table) takes a tool row without labels."""
    if gold.code:
        return gold.code == out.code
    if not gold.names or not out.names:
        return not gold.names and not out.names
    mine, theirs = set(gold.names), set(out.names)
    return mine <= theirs or theirs <= mine


def matches(gold: Cell, out: Cell) -> bool:
    return (gold.page == out.page and gold.amount == out.amount and same_row(gold, out)
            and same_column(gold.column, out.column, gold.sided))


@dataclass
class Score:
    golden: int = 0
    found: int = 0
    output: int = 0               # tool cells on golden pages
    invented: int = 0
    missed: list[Cell] = field(default_factory=list)
    extra: list[Cell] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.golden += other.golden
        self.found += other.found
        self.output += other.output
        self.invented += other.invented

    @property
    def recall(self) -> float | None:
        return self.found / self.golden if self.golden else None

    @property
    def precision(self) -> float | None:
        return (self.output - self.invented) / self.output if self.output else None


def score(golden: list[Cell], output: list[Cell]) -> Score:
    """Each golden cell takes the first unused tool cell that matches it (one tool cell is
    credited once); tool cells left over on golden pages are invented."""
    pages = {g.page for g in golden}
    out = [o for o in output if o.page in pages]
    by_value: dict[tuple, list[int]] = defaultdict(list)
    for i, o in enumerate(out):
        by_value[(o.page, o.amount)].append(i)
    used = [False] * len(out)
    result = Score(golden=len(golden), output=len(out))
    for g in golden:
        hit = next((i for i in by_value[(g.page, g.amount)] if not used[i] and matches(g, out[i])), None)
        if hit is None:
            result.missed.append(g)
        else:
            used[hit] = True
            result.found += 1
    result.extra = [o for o, u in zip(out, used) if not u]
    result.invented = len(result.extra)
    return result


# ---- golden files ------------------------------------------------------------------------------

def load_golden(path: Path) -> list[Cell]:
    """page,table,title,code,name,column,amount → Cells; a table printing one leaf under two
    sides marks its cells of that leaf `sided`."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if (r.get("amount") or "").strip()]
    sides: dict[tuple, set[str]] = defaultdict(set)
    for r in rows:
        p = parts(norm_text(r["column"]))
        if p:
            sides[(r["page"], r.get("table", ""), r.get("title", ""), p[-1])].add(p[0] if len(p) > 1 else "")
    cells = []
    for r in rows:
        column = norm_text(r["column"])
        p = parts(column)
        key = (r["page"], r.get("table", ""), r.get("title", ""), p[-1] if p else "")
        amount = to_amount(r["amount"])
        if amount is None:
            raise ValueError(f"{path.name}：金额无法识别：{r}")
        cells.append(Cell(int(r["page"]), norm_code(r.get("code")), label_parts(r.get("name")),
                          column, amount, sided=len(sides[key]) > 1))
    return cells


def golden_for(pdf: Path) -> Path | None:
    """<stem>.cells.csv, or the cells file whose notes name the PDF in their heading
    ('# Golden cells: js-….tables.pdf' beside js-….cells.csv)."""
    exact = GOLDEN / f"{pdf.stem}.cells.csv"
    if exact.exists():
        return exact
    for notes in sorted(GOLDEN.glob("*.notes.md")):
        with notes.open(encoding="utf-8") as fh:
            heading = fh.readline()
        cells = notes.with_name(notes.name.removesuffix(".notes.md") + ".cells.csv")
        if heading.startswith("#") and re.search(rf"(?<![\w.-]){re.escape(pdf.name)}\b", heading) \
                and cells.exists():
            return cells
    return None


# ---- budgetlens ---------------------------------------------------------------------------------

def run_budgetlens(path: Path):
    """The Disclosure, or the ReadError (NotADisclosure …) budgetlens answers with: a refusal
    costs time like an answer and yields no cells."""
    from budgetlens.pipeline import parse
    from budgetlens.readers import ReadError

    try:
        return parse(path)
    except ReadError as exc:
        return exc


def budgetlens_cells(path: Path, disc) -> list[Cell]:
    """The `--format cells` rows, each placed on the page of its line."""
    from budgetlens.readers import read_document
    from budgetlens.render_cells import cell_rows

    if isinstance(disc, Exception):
        print(f"  budgetlens 未输出 {path.name}：{disc}")
        return []
    page_of = {ln.no: ln.page for ln in read_document(path).lines}
    cells = []
    for r in cell_rows(disc):
        amount = to_amount(r["amount"])
        page = page_of.get(int(r["line"])) if r["line"] else None
        if amount is None or page is None:
            continue
        cells.append(Cell(page, norm_code(r["code"]), label_parts(r["name"], r["project"]),
                          norm_text(r["column"]), amount))
    return cells


# ---- raw grids (pdfplumber, camelot) -----------------------------------------------------------

@dataclass
class Grid:
    """A table as a tool found it: every slot's text (a merged cell's text in each slot it
    covers) and the merged cell it belongs to (its top-left slot)."""
    page: int
    text: list[list[str]]
    region: list[list[tuple[int, int]]]


def grid_cells(grid: Grid, paths: list[str] | None = None) -> list[Cell]:
    """Amounts of a raw grid with the header path above (or `paths`) and the row labels left of each.

    Header rows: those above the first row printing a money amount, except rows one cell spans
    entirely (title, unit line). Amount columns: those printing a money amount below the header.
    A cell's row labels: the cells of the label columns just left of its run of amount columns
    (side-by-side tables repeat label and amount columns); digit-only labels form the code."""
    text, region = grid.text, grid.region
    first = first_data_row(grid)
    if first is None:
        return []
    width = len(text[0])
    amount_cols = {c for c in range(width) for r in range(first, len(text))
                   if MONEY.fullmatch(nospace(text[r][c]))}
    paths = paths or header_paths(grid)
    cells = []
    for r in range(first, len(text)):
        for c in sorted(amount_cols):
            if region[r][c] != (r, c):           # a merged cell counts once, at its top-left
                continue
            amount = to_amount(text[r][c])
            if amount is None:
                continue
            code, names = row_labels(grid, r, label_columns(amount_cols, c))
            cells.append(Cell(grid.page, code, names, paths[c], amount))
    return cells


def first_data_row(grid: Grid) -> int | None:
    """A row printing an amount anywhere (even two in one cell) ends the header."""
    if not grid.text or not grid.text[0]:
        return None
    return next((r for r, row in enumerate(grid.text) if any(MONEY.search(nospace(t)) for t in row)), None)


def header_paths(grid: Grid) -> list[str]:
    first = first_data_row(grid) or 0
    header = [r for r in range(first) if len(set(grid.region[r])) > 1]
    return [header_path(grid, header, c) for c in range(len(grid.text[0]) if grid.text else 0)]


def raw_cells(grids: list[Grid], carry: bool = False) -> list[Cell]:
    """Every grid's cells. With carry, a grid printing no header (a table continued on the next
    page) borrows the header of the grid before it when that one is on the same or the previous
    page and has as many columns: what a user of the raw grids would do by hand."""
    cells, last = [], None
    for grid in grids:
        paths = header_paths(grid)
        if carry and not any(paths) and last and grid.page - last[0] in (0, 1) and len(last[1]) == len(paths):
            paths = last[1]
        if any(paths):
            last = (grid.page, paths)
        cells.extend(grid_cells(grid, paths))
    return cells


def nospace(text: str) -> str:
    return "".join(text.split())


def header_path(grid: Grid, header: list[int], c: int) -> str:
    out, last = [], None
    for r in header:
        t = norm_text(grid.text[r][c])
        if t and grid.region[r][c] != last:
            out.append(t)
        last = grid.region[r][c]
    return "/".join(out)


def label_columns(amount_cols: set[int], c: int) -> list[int]:
    start = c
    while start - 1 in amount_cols:
        start -= 1
    cols = []
    while start - 1 >= 0 and start - 1 not in amount_cols:
        start -= 1
        cols.insert(0, start)
    return cols


def row_labels(grid: Grid, r: int, cols: list[int]) -> tuple[str, tuple[str, ...]]:
    code, names, seen = "", [], set()
    for c in cols:
        if grid.region[r][c] in seen:
            continue
        seen.add(grid.region[r][c])
        t = norm_text(grid.text[r][c])
        if not t:
            continue
        if t.isdigit():
            code += t
            continue
        if not code and (m := CODE_AND_NAME.fullmatch(t)):
            code, t = m.group(1), m.group(2)
        names.append(t)
    return code, label_parts(*names)


def plumber_grid(table, page_no: int, rows: list[list[str | None]]) -> Grid:
    """pdfplumber gives text at a cell's top-left slot and None in the slots it also covers;
    the cell covering a slot is the one whose box holds the slot's middle."""
    xs = sorted({c[0] for c in table.cells})
    tops = sorted({c[1] for c in table.cells})
    x_ends, y_ends = xs[1:] + [table.bbox[2]], tops[1:] + [table.bbox[3]]
    text = [[""] * len(xs) for _ in tops]
    region = [[(r, c) for c in range(len(xs))] for r in range(len(tops))]
    for box in table.cells:
        r0, c0 = tops.index(box[1]), xs.index(box[0])
        value = (rows[r0][c0] if r0 < len(rows) and c0 < len(rows[r0]) else None) or ""
        for r in range(r0, len(tops)):
            if not box[1] <= (tops[r] + y_ends[r]) / 2 <= box[3]:
                break
            for c in range(c0, len(xs)):
                if not box[0] <= (xs[c] + x_ends[c]) / 2 <= box[2]:
                    break
                text[r][c], region[r][c] = value, (r0, c0)
    return Grid(page_no, text, region)


def camelot_grid(table) -> Grid:
    """camelot gives every slot with the ruling lines around it: slots not separated by a line
    are one merged cell, whose text is wherever camelot put it."""
    cells = table.cells
    n_rows, n_cols = len(cells), len(cells[0]) if cells else 0
    parent = {(r, c): (r, c) for r in range(n_rows) for c in range(n_cols)}

    def find(s):
        while parent[s] != s:
            parent[s] = parent[parent[s]]
            s = parent[s]
        return s

    def join(a, b):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)     # the root is the top-left slot

    for r in range(n_rows):
        for c in range(n_cols):
            if c + 1 < n_cols and not cells[r][c].right and not cells[r][c + 1].left:
                join((r, c), (r, c + 1))
            if r + 1 < n_rows and not cells[r][c].bottom and not cells[r + 1][c].top:
                join((r, c), (r + 1, c))
    merged: dict[tuple, list[str]] = defaultdict(list)
    for r in range(n_rows):
        for c in range(n_cols):
            if cells[r][c].text.strip():
                merged[find((r, c))].append(cells[r][c].text.strip())
    region = [[find((r, c)) for c in range(n_cols)] for r in range(n_rows)]
    text = [["\n".join(merged.get(region[r][c], [])) for c in range(n_cols)] for r in range(n_rows)]
    return Grid(int(table.page), text, region)


def run_pdfplumber(path: Path) -> list[Grid]:
    import pdfplumber

    grids = []
    with pdfplumber.open(path) as pdf:
        for n, page in enumerate(pdf.pages, 1):
            for table in page.find_tables():
                grids.append(plumber_grid(table, n, table.extract()))
            page.close()                         # keeps memory flat (dependencies.md)
    return grids


def run_camelot(path: Path) -> list[Grid]:
    import camelot

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")          # "No tables found on page-N"
        tables = camelot.read_pdf(str(path), flavor="lattice", pages="all")
    return [camelot_grid(t) for t in tables]


def camelot_missing() -> str | None:
    try:
        import camelot  # noqa: F401
    except Exception as exc:                     # ImportError, or cv2 failing to load its libs
        return f"{type(exc).__name__}: {exc}"
    return None


# ---- timing and the report ---------------------------------------------------------------------

@dataclass
class Run:
    tool: str
    pages: int
    wall: float                   # median seconds
    cpu: float
    cells: list[Cell]
    score: Score | None = None


def cpu_seconds() -> float:
    """CPU time of this process and of the children it waited for (tesseract runs as one)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def timed(fn, repeat: int):
    """fn()'s last result and the median wall and CPU seconds of `repeat` runs, caches cleared.
    CPU time is printed too because on a busy machine wall time mostly measures the others."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        clear_caches()
        w, c = time.perf_counter(), cpu_seconds()
        result = fn()
        walls.append(time.perf_counter() - w)
        cpus.append(cpu_seconds() - c)
    return result, statistics.median(walls), statistics.median(cpus)


def page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def measure(path: Path, tool: str, repeat: int) -> list[Run]:
    """The tool's run; for a raw-grid tool also its cells with headers carried over page breaks
    (CARRY, same grids, same time: shown for information, not judged)."""
    pages = page_count(path)
    if tool == "budgetlens":
        disc, wall, cpu = timed(lambda: run_budgetlens(path), repeat)
        return [Run(tool, pages, wall, cpu, budgetlens_cells(path, disc))]
    runner = run_pdfplumber if tool == "pdfplumber" else run_camelot
    grids, wall, cpu = timed(lambda: runner(path), repeat)
    return [Run(tool, pages, wall, cpu, raw_cells(grids)),
            Run(tool + CARRY, pages, wall, cpu, raw_cells(grids, carry=True))]


def warm_up(path: Path, tools: list[str]) -> None:
    """Imports and first-call costs (opencv, pdfminer's font tables) are paid before timing."""
    for tool in tools:
        measure(path, tool, 1)


def pct(x: float | None) -> str:
    return f"{100 * x:.1f}%" if x is not None else "—"


def rate(pages: int, seconds: float) -> float:
    return pages / seconds if seconds > 0 else float("inf")


def print_row(label: str, run: Run) -> None:
    s = run.score
    found = f"{s.found}/{s.golden}" if s else "—"
    extra = f"{s.invented}/{s.output}" if s else "—"
    print(f"{label:<40}{run.tool:<18}{run.pages:>6}{run.wall:>9.2f}{rate(run.pages, run.wall):>8.1f}"
          f"{rate(run.pages, run.cpu):>9.1f}{found:>11}{pct(s.recall if s else None):>8}"
          f"{extra:>11}{pct(s.precision if s else None):>8}")


def print_misses(stem: str, run: Run, limit: int = 40) -> None:
    s = run.score
    if not s or (not s.missed and not s.extra):
        return
    print(f"\n{stem} — {run.tool}: {len(s.missed)} golden cells not found, {len(s.extra)} invented")
    for g in s.missed[:limit]:
        print(f"  缺 p{g.page} {g.code or '-'} {g.names[0]} [{g.column}] {g.amount}")
    for o in s.extra[:limit]:
        print(f"  多 p{o.page} {o.code or '-'} {'|'.join(o.names)} [{o.column}] {o.amount}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", nargs="*", help="PDF stems to measure (default: all)")
    ap.add_argument("--misses", action="store_true", help="list missed and invented cells")
    args = ap.parse_args(argv)
    pdfs = sorted(REAL.glob("*.pdf")) if REAL.is_dir() else []
    if args.only:
        pdfs = [p for p in pdfs if p.stem in args.only]
    if not pdfs:
        print(f"跳过：{REAL} 下没有 PDF 文件")
        return 2
    missing = camelot_missing()
    tools = [t for t in TOOLS if t != "camelot" or not missing]
    if missing:
        print(f"camelot 不可用（{missing}）；pip install camelot-py opencv-python-headless")
    warm_up(min(pdfs, key=page_count), tools)
    print(f"{'document':<40}{'tool':<18}{'pages':>6}{'s':>9}{'p/s':>8}{'cpu p/s':>9}"
          f"{'found':>11}{'recall':>8}{'invented':>11}{'prec.':>8}")
    totals: dict[str, Run] = {}
    scored = 0
    for path in pdfs:
        gold_path = golden_for(path)
        golden = load_golden(gold_path) if gold_path else None
        scored += golden is not None
        runs = [run for t in tools for run in measure(path, t, args.repeat)]
        for run in runs:
            run.score = score(golden, run.cells) if golden is not None else None
            total = totals.setdefault(run.tool, Run(run.tool, 0, 0.0, 0.0, [], Score()))
            total.pages += run.pages
            total.wall += run.wall
            total.cpu += run.cpu
            if run.score:
                total.score.add(run.score)
            print_row(path.stem[:39], run)
        if args.misses:
            for run in runs:
                print_misses(path.stem, run)
    print()
    for total in totals.values():
        print_row(f"all ({scored} with golden cells)", total)
    return verdict(totals, scored, missing)


def verdict(totals: dict[str, Run], scored: int, camelot_missing_reason: str | None) -> int:
    bl = totals["budgetlens"]
    failed, unmeasured = [], []
    if "camelot" in totals:
        cam = totals["camelot"]
        ratio = rate(bl.pages, bl.wall) / rate(cam.pages, cam.wall)
        cpu_ratio = rate(bl.pages, bl.cpu) / rate(cam.pages, cam.cpu)
        print(f"speed budgetlens/camelot: {ratio:.1f}× (wall), {cpu_ratio:.1f}× (cpu); "
              f"target ≥ {SPEED_FACTOR:.0f}×: {'met' if ratio >= SPEED_FACTOR else 'NOT met'}")
        if ratio < SPEED_FACTOR:
            failed.append(f"speed {ratio:.1f}× < {SPEED_FACTOR:.0f}×")
    else:
        unmeasured.append(f"camelot ({camelot_missing_reason})")
    if not scored:
        unmeasured.append(f"accuracy (no golden file in {GOLDEN})")
    else:
        for tool in (t for t in totals if t != "budgetlens" and not t.endswith(CARRY)):
            other = totals[tool].score
            for name in ("recall", "precision"):
                mine, theirs = getattr(bl.score, name), getattr(other, name)
                if mine is not None and theirs is not None and mine < theirs:
                    failed.append(f"{name} {pct(mine)} < {tool} {pct(theirs)}")
    if failed:
        print("NOT met: " + "; ".join(failed))
        return 1
    if unmeasured:
        print("not measured: " + "; ".join(unmeasured))
        return 2
    print("budgetlens: more accurate than both baselines and fast enough: met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
