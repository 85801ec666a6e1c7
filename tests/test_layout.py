"""Tables in text that keeps the printed layout (`pdftotext -layout`): each amount's column is
decided by the header above it. Generated tables (every column placement the property test can
think of: right-aligned or centred amounts, empty cells, wrapped headers and labels, pages
printed at another scale with or without their header) and pdftotext's own conversions of the
real PDFs against the golden files transcribed from their page images."""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetlens.extract.layout import cells_of, is_layout, with_boxes
from budgetlens.extract.tables import text_rows
from budgetlens.pipeline import parse
from budgetlens.readers import Line, read_document
from budgetlens.templates import load_templates

from conftest import EXAMPLES, SHARED, need_pdftotext_options
from test_golden_real import GOLDEN, golden_cells, parsed_cells

TEMPLATES = {t.id: t for t in load_templates()}
REAL = SHARED / "real"


def spec_of(template: str, kind: str):
    return TEMPLATES[template].table(kind)


# ---- cutting a line into cells ----------------------------------------------------------------

def test_cells_split_at_runs_of_spaces_and_beside_amounts():
    cells = cells_of("一、财政拨款收入         91,016,775.35 一、一般公共服务支出    82,096,797.42   1,867.5")
    assert [c.text for c in cells] == ["一、财政拨款收入", "91,016,775.35", "一、一般公共服务支出",
                                       "82,096,797.42", "1,867.5"]
    assert [c.amount for c in cells] == [False, True, False, True, True]
    assert (cells[1].x0, cells[1].x1) == (17, 30)          # character columns


def test_code_parts_join_their_label_as_the_code_reads_them():
    # a spreadsheet dropped the 0 of 02: the code is still 30102 (as the grid reader reads it)
    cells = cells_of("301   2     津贴补贴                     16,623,810   16,623,810            0")
    assert cells[0].text == "301 02 津贴补贴" and not cells[0].amount
    assert [c.text for c in cells[1:]] == ["16,623,810", "16,623,810", "0"]
    assert [c.text for c in cells_of("201   03   01   行政运行   12,029,501.84")] == \
        ["201 03 01 行政运行", "12,029,501.84"]
    # a whole code in one cell is no amount either
    assert [(c.text, c.amount) for c in cells_of("2040401          检察监督        10,883.36")] == \
        [("2040401 检察监督", False), ("10,883.36", True)]


def test_an_amount_run_into_the_next_code_is_cut_at_its_two_decimals():
    # pdftotext at a fixed pitch may print no space between an amount and the next code
    cells = cells_of("总计      417.37201 一般公共服务支出   373.03")
    assert [(c.text, c.amount) for c in cells] == [("总计", False), ("417.37", True),
                                                   ("201 一般公共服务支出", False), ("373.03", True)]
    assert [c.text for c in cells_of("增长 3.10201%")] == ["增长 3.10201%"]     # not before a word


def test_a_label_with_its_characters_spaced_out_is_one_cell():
    # "合   计" is the total row's label (a check would miss the row otherwise); a header row
    # prints 类  款  项 as three cells
    assert [c.text for c in cells_of("     合    计                2,722.57")] == ["合计", "2,722.57"]
    assert [c.text for c in cells_of("类     款    项")] == ["类", "款", "项"]


def test_single_spaced_text_is_not_layout():
    doc = read_document(EXAMPLES / "003_051c06d5053f29b3.txt")
    assert doc.format == "plain" and not is_layout(doc.lines)
    assert is_layout([Line(1, "201   一般公共服务支出     373.03"), Line(2, "208   社会保障和就业支出    18.38")])


# ---- generated tables -------------------------------------------------------------------------

SPECS = [("sh-district-unit-budget-2025", "income"), ("sh-district-unit-budget-2025", "gpb_expenditure"),
         ("xj-dept-budget-2025", "gov_fund_expenditure"), ("xj-dept-budget-2025", "income"),
         ("sh-district-dept-budget-2024", "basic_expenditure")]
NAMES = ["一般公共服务支出", "政府办公厅（室）及相关机构事务", "行政运行", "一般行政管理事务",
         "其他政府办公厅（室）及相关机构事务支出", "社会保障和就业支出", "机关事业单位基本养老保险缴费支出",
         "卫生健康支出", "住房公积金"]


def centred(line: list[str], text: str, x0: int, x1: int) -> None:
    put(line, text, max(x0, (x0 + x1 - len(text)) // 2))


def put(line: list[str], text: str, x: int) -> None:
    while len(line) < x + len(text):
        line.append(" ")
    line[x:x + len(text)] = list(text)


def amount_text(value: Decimal, commas: bool) -> str:
    return f"{value:,}" if commas else f"{value}"


@st.composite
def tables(draw):
    template, kind = draw(st.sampled_from(SPECS))
    spec = spec_of(template, kind)
    columns = spec.columns
    commas, places = draw(st.booleans()), draw(st.sampled_from([0, 2]))
    n = draw(st.integers(2, 9))
    rows = []
    for i in range(n):
        code = ["201", "03", "01"][:draw(st.integers(1, 3))]
        # the first row of each page fills every column: a column never vanishes from a page
        filled = [True] * len(columns) if i == 0 else draw(st.lists(st.booleans(), min_size=len(columns),
                                                                     max_size=len(columns)))
        values = [Decimal(draw(st.integers(0, 10 ** draw(st.integers(1, 8))))).scaleb(-places) if f else None
                  for f in filled]
        rows.append((code, draw(st.sampled_from(NAMES)), [amount_text(v, commas) if v is not None else None
                                                          for v in values]))
    page_breaks = sorted(set(draw(st.lists(st.integers(1, n - 1), max_size=2)))) if n > 2 else []
    for b in page_breaks:                       # a page's first row fills every column too
        rows[b] = (rows[b][0], rows[b][1], [t or "0" for t in rows[b][2]])
    pages = [(draw(st.integers(0, 3)), draw(st.booleans())) for _ in range(len(page_breaks) + 1)]
    style = {"align": draw(st.sampled_from(["right", "centre"])), "wrap_label": draw(st.integers(8, 40)),
             "pages": pages, "breaks": page_breaks}
    return spec, rows, style


def render(spec, rows, style) -> list[str]:
    """The table as pdftotext -layout prints it, page by page (each page spaced its own way)."""
    out = [f"{spec.titles[0]}", "编制单位：某单位                                单位：元"]
    starts = [0] + style["breaks"]
    for p, (lo, hi) in enumerate(zip(starts, starts[1:] + [len(rows)])):
        extra, header = style["pages"][p]
        label_w = style["wrap_label"] + 2
        longest = max((len(t) for _, _, texts in rows for t in texts if t), default=0)
        widths = [max(12, len(c.label) + 2, longest + 3) + extra * 2 for c in spec.columns]
        # a label longer than a column is printed over two lines at the column's centre
        heads = [(c.label, "") if len(c.label) + 2 <= w else (c.label[:(len(c.label) + 1) // 2],
                 c.label[(len(c.label) + 1) // 2:]) for c, w in zip(spec.columns, widths)]
        x = [16 + label_w + extra]
        for w in widths:
            x.append(x[-1] + w)
        page = []
        if p == 0 or header:
            top, mid, low, codes = [], [], [], []
            groups = {}
            for j, c in enumerate(spec.columns):
                for g in c.path:
                    lo_x, _ = groups.get(g, (x[j], 0))
                    groups[g] = (lo_x, x[j + 1])
            for g, (a, b) in groups.items():
                centred(top, g, a, b)
            if spec.header_groups and not groups:
                centred(top, spec.header_groups[0], x[0], x[-1])
            centred(mid, "功能分类科目名称" if spec.rows == "function" else "经济分类科目名称", 16, x[0])
            for j, (first, second) in enumerate(heads):
                centred(mid, first, x[j], x[j + 1])
                if second:
                    centred(low, second, x[j], x[j + 1])
            put(codes, "类     款    项", 0)
            page += ["".join(top), "".join(mid), "".join(low), "".join(codes), ""]
        for code, name, texts in rows[lo:hi]:
            line: list[str] = []
            for k, part in enumerate(code):
                put(line, part, [0, 6, 11][k])
            put(line, name[:style["wrap_label"]], 16)
            for j, t in enumerate(texts):
                if t is None:
                    continue
                if style["align"] == "right":
                    put(line, t, x[j + 1] - 2 - len(t))
                else:
                    centred(line, t, x[j], x[j + 1] - 2)
            page.append("".join(line))
            if len(name) > style["wrap_label"]:
                page.append(" " * 16 + name[style["wrap_label"]:])
        if p:
            page[0] = "\f" + page[0]
        out += page
    return out


@given(tables())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_generated_layout_tables_read_by_their_headers(table):
    spec, rows, style = table
    texts = render(spec, rows, style)
    page, lines = 1, []
    for i, text in enumerate(texts):
        page += text.count("\f")
        lines.append(Line(i + 1, text, page=page))
    assert with_boxes(lines, spec) is not None
    out = text_rows(lines, spec)
    assert not [w for w in out.warnings if w[0] == "columns-by-order"], out.warnings
    keys = [c.key for c in spec.columns]
    want = [("".join(c.zfill(2) if k else c for k, c in enumerate(code)), name,
             [(keys[j], t) for j, t in enumerate(vals) if t is not None]) for code, name, vals in rows]
    got = [(r.code, r.name, [(v.column, v.text) for v in r.values]) for r in out.rows]
    assert got == want


# ---- pdftotext's own conversions of the real PDFs -------------------------------------------

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None or not REAL.exists(),
                                     reason="pdftotext (poppler-utils) or ../shared/real not present")


def layout_text(pdf: Path, tmp_path: Path, *options: str) -> Path:
    need_pdftotext_options(options)
    out = tmp_path / (pdf.stem + ".txt")
    subprocess.run(["pdftotext", "-layout", *options, str(pdf), str(out)], check=True)
    return out


def by_cell(cells: Counter) -> Counter:
    """(table, code, column, amount): the row's words aside (a label printed over several lines
    in a merged cell cannot be joined from text; the amount's place can)."""
    out = Counter()
    for (table, code, _, column, amount), n in cells.items():
        out[(table, code, column, amount)] += n
    return out


@needs_pdftotext
@pytest.mark.parametrize("encoding", ["UTF-8", "GBK"])
def test_pdftotext_layout_shanghai_every_cell(tmp_path, encoding):
    """UTF-8 output sets a CJK character in one column, GBK in two: both read alike."""
    text = layout_text(REAL / "sh-putuo-qfb-2025-unit-budget.pdf", tmp_path, "-enc", encoding)
    want, got = golden_cells("sh-putuo-qfb-2025-unit-budget"), parsed_cells(text)
    assert want == got, f"missing {sorted((want - got).elements())[:8]} invented {sorted((got - want).elements())[:8]}"


@needs_pdftotext
def test_pdftotext_layout_jiangsu_nothing_wrong(tmp_path):
    """Every amount in its golden column, or reported undecided with that column among the
    candidates: the headers wrapped over two lines of narrow cells a space apart (公务用车运 /
    行维护费 beside 公务用车 / 购置费) are cut into their words, the operation amount starting
    under its own word, and place every amount. (Where an amount column starts in the space
    between two words, as the 000 seed's 项目支出/合计 under "项目支出 工资福", the cell stays
    whole: test_layout_s40.)"""
    if not (GOLDEN / "js-prov-zxbgt-2018-dept-budget.cells.csv").exists():
        pytest.skip("golden file not present")
    text = layout_text(REAL / "js-prov-zxbgt-2018-dept-budget.tables.pdf", tmp_path)
    want = by_cell(golden_cells("js-prov-zxbgt-2018-dept-budget"))
    got = by_cell(parsed_cells(text))
    missing, extra = want - got, got - want
    assert sum(missing.values()) == 0
    for (table, code, (side, leaf), amount) in extra.elements():
        assert "|" in leaf, f"misread: {table} {code} {leaf} {amount}"
        assert any(m[0] == table and m[3] == amount for m in missing)


@needs_pdftotext
@pytest.mark.parametrize("stem, undecided", [("sh-putuo-wanli-2024-dept-budget", 0),
                                             ("sh-city-czj-2025-unit-budget", 0),
                                             ("js-prov-jcy-2018-dept-budget", 0)])
def test_pdftotext_layout_matches_the_pdf(tmp_path, stem, undecided):
    """No golden file for these: the PDF's own reading (grid boxes) is the reference. The text
    agrees with it cell by cell except where it reports a cell undecided (none now: the
    Jiangsu 三公 table's empty 购置费 column is told by its wrapped headers 公务用车 / 购置费
    and 公务用车 / 运行维护 / 费, 会议 / 费 joined; the Shanghai 2025 one's other columns
    confirm the last header). The Jiangsu procurement table's labels wrap around their amount's line: the
    amounts and columns are compared, not the row words."""
    text = layout_text(REAL / f"{stem}.pdf", tmp_path)
    want, got = by_cell(parsed_cells(REAL / f"{stem}.pdf")), by_cell(parsed_cells(text))
    missing, extra = want - got, got - want
    assert all("|" in leaf for (_, _, (_, leaf), _) in extra.elements()), sorted(extra.elements())[:8]
    assert sum(extra.values()) == sum(missing.values()) == undecided, sorted(missing.elements())[:8]


@needs_pdftotext
def test_pdftotext_layout_narrative_as_the_pdf(tmp_path):
    pdf = REAL / "sh-putuo-wanli-2024-dept-budget.pdf"
    a, b = parse(pdf), parse(layout_text(pdf, tmp_path))
    claims = lambda d: Counter((c.kind, c.value, c.unit, c.subject.concept) for c in d.narrative.claims)  # noqa: E731
    assert claims(a) == claims(b) and len(a.narrative.claims) > 100
    assert b.sources[0].pages == 33              # pages counted from the form feeds
    assert a.meta.year == b.meta.year == 2024     # 2023 is named more often, in comparisons


# ---- text written cell by cell -----------------------------------------------------------------

def test_cells_written_one_per_line_are_reported(tmp_path):
    """pdftotext without -layout writes a table's cells one after another, most on a line of
    their own: the rows cannot be rebuilt with certainty, and the reader says so."""
    from budgetlens.segment import segment

    seed = EXAMPLES / "003_051c06d5053f29b3.txt"
    doc = read_document(seed)
    inside = {i for b in segment(doc).tables for i in range(b.title_index + 3, b.end)}
    out = []
    for i, ln in enumerate(doc.lines):
        out += ln.text.split() if i in inside else [ln.text]
    raw = tmp_path / "raw.txt"
    raw.write_text("\n".join(out), encoding="utf-8")
    assert "layout-lost" in {i.code for i in parse(raw).issues}
    assert "layout-lost" not in {i.code for i in parse(seed).issues}


@needs_pdftotext
def test_pdftotext_without_layout_is_reported(tmp_path):
    pdf = REAL / "sh-putuo-qfb-2025-unit-budget.pdf"
    raw = tmp_path / "raw.txt"
    subprocess.run(["pdftotext", str(pdf), str(raw)], check=True)
    assert "layout-lost" in {i.code for i in parse(raw).issues}
    assert "layout-lost" not in {i.code for i in parse(layout_text(pdf, tmp_path)).issues}


# ---- review: layouts pdftotext printed from the seeds' PDFs (tests/docgen.py) ----------------

def lines_of(texts: list[str]) -> list[Line]:
    page, out = 1, []
    for i, text in enumerate(texts):
        page += text.count("\f")
        out.append(Line(i + 1, text, page=page))
    return out


def test_two_amounts_of_a_line_in_one_band_are_not_read_by_position():
    """pdftotext printed 合计 and 人员经费 a space apart and jittered by the long labels: their
    amounts make one band. Read by position, 180.45 went silently to 公用经费."""
    lines = lines_of(["一般公共预算基本支出情况表",
                      "项目                   合计      人员经费       公用经费",
                      "      总计             186.63 180.45      6.18",
                      "301   工资福利支出         180.43 180.43",
                      "30108 机关事业单位基本养老保险缴费 18.38 18.38",
                      "30110 职工基本医疗保险缴费        9.76   9.76",
                      "302   商品和服务支出           6.18            6.18"])
    spec = spec_of("xj-dept-budget-2025", "basic_expenditure")
    assert with_boxes(lines, spec) is None


def test_a_header_heads_the_columns_its_text_overlaps_not_those_its_widened_box_reaches():
    """合计 over [34, 40) widened must not then reach 基本支出's band [40, 47): both amounts
    were read as 合计."""
    lines = lines_of(["部门支出总体情况表",
                      "项目                               合计      基本支出   项目支出",
                      "208           社会保障和就业支出           31.84 31.84",
                      "208     05 01 行政单位离退休               8.97   8.97",
                      "208     05 05 机关事业单位基本养老保险缴费支出    22.86 22.86"])
    out = text_rows(lines, spec_of("xj-dept-budget-2025", "expenditure"))
    assert [[v.column for v in r.values] for r in out.rows] == [["total", "basic"]] * 3


def test_a_header_between_the_parts_of_wrapped_neighbours_is_no_group():
    """一般公共预算 printed on the middle line, 财政拨款（补助）小 / 计 and 上级…转移支 / 付 above
    and below it: it is a column of its own, not a group over its neighbours."""
    lines = lines_of([
        "部门收入总体情况表",
        "                                            财政拨款（补助）",
        "项目                                   总计     财政拨款（补助）小        上级一般公共预算安排的转移支   政府性基金预",
        "                                                      一般公共预算",
        "                                            计                付                算",
        "                总计                   277.90    277.90 277.90",
        "201             一般公共服务支出             211.11    211.11 211.11"])
    spec = spec_of("xj-dept-budget-2025", "income")
    out = text_rows(lines, spec)
    columns = [[v.column for v in r.values] for r in out.rows]
    assert len({tuple(c) for c in columns}) == 1 and len(set(columns[0])) == 3, columns


def test_a_headerless_page_filling_other_columns_is_not_moved_onto_the_first_pages():
    """Page 1 fills 合计 and 基本支出, page 2 (no header) 合计 and 项目支出: as many columns, but
    not the same ones; in order, 项目支出's amounts went silently to 基本支出."""
    lines = lines_of(["部门支出总体情况表",
                      "项目                                  合计        基本支出   项目支出",
                      "201     05      统计信息事务              177.11    177.11",
                      "201     05   04 信息事务                177.11    177.11",
                      "\f201     03      政府办公厅（室）及相关机构事务      34.00           34.00",
                      "201     03   99 其他政府办公厅（室）及相关机构事务支出 34.00            34.00"])
    spec = spec_of("xj-dept-budget-2025", "expenditure")
    out = text_rows(lines, spec)
    assert not any(v.column == "basic" for r in out.rows if r.code.startswith("20103") for v in r.values)


def test_headers_printed_a_space_apart_leave_the_table_to_the_identities():
    """"项目 合计" is one cell: the 合计 column's place is lost and 0.50 sat under 因公出国（境）费."""
    lines = lines_of(['一般公共预算"三公"经费支出情况表',
                      "                        公务用车购置及运行费",
                      "项目 合计        因公出国（境）费                         公务接待费",
                      "                        合计    公务用车购置费 公务用车运行费",
                      "      0.50              0.50                   0.50"])
    assert with_boxes(lines, spec_of("xj-dept-budget-2025", "three_public")) is None


def test_falling_back_keeps_the_rows_and_every_amount_as_the_layout_prints_them():
    """Headers a space apart: the layout cannot place the columns, so each row's amounts go in
    order to the identities; the rows, codes and bare 0s are read as the layout prints them
    (plain text could not tell a 0 from a code part)."""
    spec = spec_of("sh-district-unit-budget-2025", "gpb_expenditure")
    lines = lines_of(["预算单位一般公共预算支出功能分类预算表",
                      "                     一般公共预算支出",
                      "功能分类科目名称   合计 基本支出       项目支出",
                      "201   一般公共服务支出     2,932,700            0     2,932,700",
                      "201   05   统计信息事务       257,700            0       257,700",
                      "208   社会保障和就业支出   4,213,779    4,213,779             0"])
    out = text_rows(lines, spec)
    assert [code for code, _ in out.warnings] == ["columns-by-order"]
    assert [(r.code, r.name, [v.text for v in r.values]) for r in out.rows] == [
        ("201", "一般公共服务支出", ["2,932,700", "0", "2,932,700"]),
        ("20105", "统计信息事务", ["257,700", "0", "257,700"]),
        ("208", "社会保障和就业支出", ["4,213,779", "4,213,779", "0"])]


def test_a_side_by_side_table_read_as_plain_text_says_how_many_amounts_it_missed():
    from budgetlens.extract.tables import by_order

    spec = spec_of("sh-district-unit-budget-2025", "summary")
    lines = lines_of(["预算单位财务收支预算总表",
                      "一、财政拨款收入      0        一、一般公共服务支出      0",
                      "收入总计            0        支出总计                 0"])
    out = by_order(lines, spec, "测试")
    assert "本表印有 4 个金额" in dict(out.warnings)["amounts-not-read"]



def test_a_wrapped_header_whose_tail_pdftotext_set_off_centre_still_heads_its_column():
    """pdftotext -fixed 5 of the Jiangsu 支出预算总表 (js-prov-jcy-2018): 单位预留机动经 / 费,
    the tail under the head's text but neither flush left nor centred with it. Unjoined, the
    header was lost, four known headers met four amount columns and the n-th headed the n-th:
    2,388.04 went silently to 结转下年资金 (its column is 单位预留机动经费)."""
    lines = lines_of(["                  公开 03 表：支出预算总表",
                      "                                                                        单位预留机动经",
                      "                          合计                基本支出            项目支出"
                      "                        结转下年资金",
                      "                                                                             费",
                      "                             21,955.35         13,994.31      5,573.00       2,388.04"])
    out = text_rows(lines, spec_of("js-prov-dept-budget-2018", "expenditure"))
    assert not any(v.column == "carry_forward" for r in out.rows for v in r.values), \
        [(v.text, v.column) for r in out.rows for v in r.values]


def test_row_labels_made_of_header_words_do_not_loosen_the_columns():
    """收入合计 / 一般公共预算收入 / 项目支出 are rows' labels, not headers printed several to a
    cell: the 合计 and 一般公共预算 columns they seem to name keep their places."""
    from budgetlens.extract.layout import loose_columns
    spec = spec_of("sh-district-unit-budget-2025", "fiscal_summary")
    lines = lines_of(["项目 预算数            项目              合计      一般公共预算",
                      "一般公共预算收入      100.00    项目支出      100.00      100.00",
                      "收入合计      100.00    支出合计      100.00      100.00"])
    assert loose_columns(lines, spec) == {"项目", "预算数"}


@needs_pdftotext
@pytest.mark.parametrize("stem", ["sh-putuo-qfb-2025-unit-budget", "sh-putuo-wanli-2024-dept-budget",
                                  "sh-city-czj-2025-unit-budget", "js-prov-jcy-2018-dept-budget"])
def test_pdftotext_layout_draws_the_pdfs_errors_and_warnings(tmp_path, stem):
    """Checking the layout text finds the defects the PDF has, no other error or warning (a
    misread total row would report a table without one)."""
    from budgetlens.checks import check

    pdf = REAL / f"{stem}.pdf"
    serious = lambda d: Counter((f.rule, f.severity) for f in check(d).findings if f.severity != "info")  # noqa: E731
    assert serious(parse(layout_text(pdf, tmp_path))) == serious(parse(pdf))


def test_a_centred_wrap_joins_as_the_row_reads():
    """joined_words: the lines above and below a row's own line, as one name read top to
    bottom; in a table of projects, beside the code's whole official name, the project's name."""
    from budgetlens.extract.rows import joined_words

    assert joined_words([], [["政府办公厅（室）及"]], [["相关机构事务"]], None) == ["政府办公厅（室）及相关机构事务"]
    assert joined_words(["信息事务"], [["克州电子政务外网"]], [["链路租赁费"]], "2010504") == \
        ["信息事务", "克州电子政务外网链路租赁费"]
    # the middle of a name on the row's own line is not the whole name: one name, top to bottom
    assert joined_words(["（室）及相关机构事"], [["其他政府办公厅"]], [["务支出"]], "2010399") == \
        ["其他政府办公厅（室）及相关机构事务支出"]
    # a name spread over its cell's width (分散对齐) reads as several words: still one name
    assert joined_words([], [["一般", "公共"]], [["服务", "支出"]], None) == ["一般公共服务支出"]


def _boxed_body(*rows):
    """(text, top) lines 10 pt high, as plain_rows hands them to centred_wraps_joined."""
    from budgetlens.readers import Line
    return [(Line(no=n, text=text, bbox=(40.0, top, 400.0, top + 10.0)), text, text.split())
            for n, (text, top) in enumerate(rows, 1)]


def test_centred_wraps_join_their_row_and_nothing_else():
    """A name centred on its row (above and below the line of its code and amounts) joins it;
    a note under the table and a heading under a named row stay lines of their own, however
    near they stand."""
    from budgetlens.extract.rows import centred_wraps_joined

    body = _boxed_body(("合计 277.90 277.90", 100), ("一般公共预算拨款支出", 112),
                       ("政府办公厅（室）及", 130), ("201 03 34.00 34.00", 136), ("相关机构事务", 142),
                       ("201 03 01 行政运行 12.00 12.00", 160), ("注：本表反映部门本年度一般公共预算支出", 172))
    texts = [text for _, text, _ in centred_wraps_joined(body)]
    assert texts == ["合计 277.90 277.90", "一般公共预算拨款支出", "201 03 政府办公厅（室）及相关机构事务 34.00 34.00",
                     "201 03 01 行政运行 12.00 12.00", "注：本表反映部门本年度一般公共预算支出"]
    # a row with no name of its own takes the line beside it
    body = _boxed_body(("201 05 177.11 177.11", 100), ("统计信息事务", 108))
    assert [text for _, text, _ in centred_wraps_joined(body)] == ["201 05 统计信息事务 177.11 177.11"]


def test_a_dash_printed_for_an_empty_cell_is_an_empty_cell():
    """"211.11   -   211.11" (accounting formats print zero as a dash): the dash is no cell and
    the amounts keep their columns."""
    assert [c.text for c in cells_of("201 一般公共服务支出      211.11      -       211.11")] == \
        ["201 一般公共服务支出", "211.11", "211.11"]
    assert [c.x0 for c in cells_of("201 一般公共服务支出      211.11      -       211.11")][1:] == [18, 38]
    assert [c.text for c in cells_of("201 一般公共服务支出      211.11 -   -")] == ["201 一般公共服务支出", "211.11"]
    assert [c.text for c in cells_of("项目 - 收入   -12.00")] == ["项目 - 收入", "-12.00"]     # a dash in words


def test_a_head_above_amounts_alone_only_in_the_rows():
    """The head of a name above a line of amounts alone (the 项目支出表's unit row) joins it;
    a header word above the column numbering (1 2 3) and a name's tail above a page number do
    not take that line for a row of their own."""
    from budgetlens.extract.layout import split_lines
    from budgetlens.readers import Line
    from budgetlens.templates import load_templates

    spec = next(t for t in load_templates() if t.id == "xj-dept-budget-2025").table("gpb_expenditure")

    def labels(*texts):
        rows = split_lines([Line(no=n, text=t) for n, t in enumerate(texts, 1)], spec)
        return [[c.text for c in cells] for _, cells in rows if cells]

    assert labels("项目                    合计     基本支出   项目支出",
                  "功能分类科目名称",
                  "                       1        2          3") == \
        [["项目", "合计", "基本支出", "项目支出"], ["功能分类科目名称"], ["1", "2", "3"]]
    assert labels("2080505 机关事业单位基本养老保险缴        18.38    18.38",
                  "        费支出",
                  "                                          13") == \
        [["2080505 机关事业单位基本养老保险缴费支出", "18.38", "18.38"], ["13"]]
    assert labels("201 一般公共服务支出        373.03    142.29   230.74",
                  "    克孜勒苏柯尔克孜自治州",
                  "                        34.00     29.50     4.50",
                  "    电子政务服务中心")[1] == ["克孜勒苏柯尔克孜自治州电子政务服务中心", "34.00", "29.50", "4.50"]


def test_a_wrapped_label_header_is_no_pair_of_column_headers():
    """"功能分类科目编码" wrapped over two lines ("功能分类科目" / "编码") reads as 功能分类 + 科目,
    two label words: no amount column's place is lost, so the amounts are read by position
    (the whole table was left to the identities, every amount undecided)."""
    lines = lines_of(["支出决算表",
                      "项目                   本年支出合计         基本支出       项目支出",
                      "功能分类科目    科目名称",
                      "编码",
                      "合计                   4,100.59       1,223.24   2,877.35",
                      "208       社会保障和就     160.90         160.90",
                      "          业支出",
                      "212       城乡社区支出     2,470.45                  2,470.45"])
    out = text_rows(lines, spec_of("cn-dept-final-2018", "expenditure"))
    assert [[v.column for v in r.values] for r in out.rows if r.values] == [
        ["total", "basic", "project"], ["total", "basic"], ["total", "project"]]


def test_code_parts_on_a_line_of_their_own_are_one_code():
    """"201   03   2427.03 …" with the name wrapped above and below the line: 201 and 03 are one
    code, 20103, not a code and an amount (03 pushed every amount one column right)."""
    def row(label: str) -> str:            # amounts flush right under 合计, 基本支出, 项目支出
        return f"{label:<28}2427.03   1760.68   666.35"

    lines = lines_of(["部门支出总体情况表",
                      "项目                               合计      基本支出   项目支出",
                      row("201   一般公共服务支出"),
                      "              政府办公厅（室）及",
                      row("201     03"),
                      "              相关机构事务"])
    out = text_rows(lines, spec_of("xj-dept-budget-2025", "expenditure"))
    assert [(r.code, [v.column for v in r.values]) for r in out.rows if r.values] == [
        ("201", ["total", "basic", "project"]), ("20103", ["total", "basic", "project"])]


# ---- a table going on over a page printed without its header, at another scale --------------

def laid_out(*rows: tuple[str, list[tuple[str, int]]]) -> str:
    """Lines as pdftotext -layout prints them: the label at the left, each text ending at the
    character column given (amounts flush right)."""
    out = []
    for label, texts in rows:
        line = list(label)
        for text, end in texts:
            put(line, text, end - len(text))
        out.append("".join(line))
    return "\n".join(out)


def table_cells(tmp_path: Path, title: str, header: str, first: str, then: str) -> list[tuple[str, str, str]]:
    """A document holding one table: its header and first page, then a page without the header
    (a form feed before it), parsed: (code or name, amount, column) of every cell, as
    `budgetlens parse -f cells` lists them (undecided: the candidates joined by |)."""
    from budgetlens.render_cells import cell_rows

    path = tmp_path / "table.txt"
    path.write_text(f"{title}\n\n单位：万元\n\n{header}\n{first}\n\f{then}\n", encoding="utf-8")
    return [(c["code"] or c["name"], c["amount"], c["column"]) for c in cell_rows(parse(path))]


# 支出决算表: six amount columns, their headers ending at these character columns
FINAL_ENDS = [44, 58, 72, 86, 100, 114]
FINAL_HEADER = laid_out(("功能分类科目编码   科目名称", list(zip(["本年支出合计", "基本支出", "项目支出", "上缴上级支出",
                                                              "经营支出", "对附属单位补助支出"], FINAL_ENDS))))
FINAL_FIRST = laid_out(("                 合计", [("350.00", 44), ("150.00", 58), ("200.00", 72)]),
                       ("201              一般公共服务支出", [("300.00", 44), ("100.00", 58), ("200.00", 72)]),
                       ("20103            政府办公厅（室）及相关机构事务", [("300.00", 44), ("100.00", 58), ("200.00", 72)]),
                       ("2010301          行政运行", [("100.00", 44), ("100.00", 58)]))


def test_a_headerless_page_of_fewer_columns_is_read_by_its_row_totals_and_the_identities(tmp_path):
    """支出决算表 (six columns, the page before fills three): pdftotext closes up the columns a
    page leaves empty, so the second page's three columns stand elsewhere and its places say
    only that each is one column on every row of the page. Its row totals make the first
    本年支出合计; the sums over the parents make the others 基本支出 and 项目支出 (the table was
    read by order and every amount of the page left undecided)."""
    then = laid_out(("2010302   一般行政管理事务", [("200.00", 30), ("200.00", 50)]),
                    ("208       社会保障和就业支出", [("50.00", 30), ("50.00", 40)]),
                    ("20805     行政事业单位养老支出", [("50.00", 30), ("50.00", 40)]))
    cells = table_cells(tmp_path, "某某局2024年度部门决算\n\n支出决算表", FINAL_HEADER, FINAL_FIRST, then)
    assert [c for c in cells if c[0] in ("2010302", "208", "20805")] == [
        ("2010302", "200.00", "本年支出合计"), ("2010302", "200.00", "项目支出"),
        ("208", "50.00", "本年支出合计"), ("208", "50.00", "基本支出"),
        ("20805", "50.00", "本年支出合计"), ("20805", "50.00", "基本支出")]
    assert all("|" not in column for *_, column in cells)


# 部门支出总体情况表 (合计 | 基本支出 | 项目支出): the page before fills every column
BUDGET_HEADER = laid_out(("项目", [("合计", 40), ("基本支出", 52), ("项目支出", 64)]))


def budget_first(basic: str, project: str, kind_basic: str, kind_project: str) -> str:
    return laid_out(("      合计", [("480.50", 40), (basic, 52), (project, 64)]),
                    ("201   一般公共服务支出", [("400.00", 40), (kind_basic, 52), (kind_project, 64)]),
                    ("20103 政府办公厅（室）及相关机构事务", [("400.00", 40), (kind_basic, 52), (kind_project, 64)]),
                    ("2010301 行政运行", [("150.00", 40), ("150.00", 52)]),
                    ("2010302 一般行政管理事务", [("200.00", 40), ("200.00", 64)]))


THEN = laid_out(("2010350 事业运行", [("50.00", 25), ("50.00", 34)]),
                ("208   社会保障和就业支出", [("80.50", 25), ("80.50", 34)]),
                ("20805 行政事业单位养老支出", [("80.50", 25), ("80.50", 34)]))


@pytest.mark.parametrize("first, column", [
    # the rest of 20103 and a class of its own, basic spending only: two columns where the
    # page before has three (read in order, the page was left to order and undecided)
    (budget_first("280.50", "200.00", "200.00", "200.00"), "基本支出"),
    # the same page, where the page before makes it project spending
    (budget_first("150.00", "330.50", "150.00", "250.00"), "项目支出"),
])
def test_a_headerless_page_is_read_by_its_own_columns(tmp_path, first, column):
    cells = table_cells(tmp_path, "某某部门2025年部门预算\n\n部门支出总体情况表", BUDGET_HEADER, first, THEN)
    assert [c for c in cells if c[0] in ("2010350", "208", "20805")] == [
        ("2010350", "50.00", "合计"), ("2010350", "50.00", column), ("208", "80.50", "合计"),
        ("208", "80.50", column), ("20805", "80.50", "合计"), ("20805", "80.50", column)]


def test_a_headerless_page_the_identities_cannot_place_is_reported(tmp_path):
    """Nothing on the page before sums the page's rows (no 合计 row, no parent there): its
    second column may be 基本支出 or 项目支出, and it is reported so, not guessed; the row
    totals still make the first 合计."""
    first = laid_out(("201   一般公共服务支出", [("150.00", 40), ("150.00", 52)]),
                     ("2010301 行政运行", [("150.00", 40), ("150.00", 52)]))
    cells = table_cells(tmp_path, "某某部门2025年部门预算\n\n部门支出总体情况表", BUDGET_HEADER, first, THEN)
    assert [c for c in cells if c[0] in ("2010350", "208", "20805")] == [
        ("2010350", "50.00", "合计"), ("2010350", "50.00", "基本支出|项目支出"),
        ("208", "80.50", "合计"), ("208", "80.50", "基本支出|项目支出"),
        ("20805", "80.50", "合计"), ("20805", "80.50", "基本支出|项目支出")]


PAGED_CSS = """@page { size: A4 %s; margin: 15mm; } body { font-family: "Noto Sans CJK SC"; font-size: 9pt; }
table { border-collapse: collapse; width: 100%%; table-layout: fixed; } td { border: 0.5pt solid #000; padding: 1pt 3pt; }
td.a { text-align: right; } td.h { text-align: center; } .break { break-before: page; }"""
# (code, name, basic, project) as a finance office fills them; parents are the sums
PAGED_ROWS = [("2010301", "行政运行", "906.23", "1,147.04"), ("2010302", "一般行政管理事务", "", "112.66"),
              ("2010350", "事业运行", "1,458.71", ""), ("2120101", "行政运行", "2,053.27", ""),
              ("2120104", "城管执法", "", "1,259.70"), ("2080501", "行政单位离退休", "1,744.28", ""),
              ("2080505", "机关事业单位基本养老保险缴费支出", "995.35", ""), ("2101101", "行政单位医疗", "311.04", ""),
              ("2101102", "事业单位医疗", "698.16", ""), ("2210201", "住房公积金", "999.30", "")]


def paged_rows() -> list[tuple[str, str, Decimal, Decimal]]:
    """The rows with their 款 and 类 above them and the 合计 first (each parent the sum of its children)."""
    def amount(text: str) -> Decimal:
        return Decimal(text.replace(",", "") or "0")

    sums: dict[str, list[Decimal]] = {}
    for code, _, basic, project in PAGED_ROWS:
        for parent in ("", code[:3], code[:5]):
            s = sums.setdefault(parent, [Decimal(0), Decimal(0)])
            s[0] += amount(basic)
            s[1] += amount(project)
    names = {"201": "一般公共服务支出", "20103": "政府办公厅（室）及相关机构事务", "212": "城乡社区支出",
             "21201": "城乡社区管理事务", "208": "社会保障和就业支出", "20805": "行政事业单位养老支出",
             "210": "卫生健康支出", "21011": "行政事业单位医疗", "221": "住房保障支出", "22102": "住房改革支出"}
    out, seen = [("", "合计", *sums[""])], set()
    for code, name, basic, project in PAGED_ROWS:
        for parent in (code[:3], code[:5]):
            if parent not in seen:
                seen.add(parent)
                out.append((parent, names[parent], *sums[parent]))
        out.append((code, name, amount(basic), amount(project)))
    return out


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not present")
@pytest.mark.parametrize("title, headers, parts, first_page", [
    # 支出决算表: six columns, the first page fills three (basic, project), the second two
    ("支出决算表", ["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"], (1, 2), 12),
    # 收入决算表: seven columns, the first page fills 财政拨款收入 and 事业收入, the second only
    # the first of them
    ("收入决算表", ["本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"],
     (1, 3), 10),
])
def test_pdftotext_of_a_table_going_on_without_its_header(tmp_path, title, headers, parts, first_page):
    """The table printed (WeasyPrint, landscape) over two pages, its header on the first
    only, and converted with pdftotext -layout: every amount of both pages read in its
    column (the second page's were read by order, most of them left undecided)."""
    weasyprint = pytest.importorskip("weasyprint")
    from budgetlens.render_cells import cell_rows

    def row(cells: list[str], header: bool = False) -> str:
        kinds = ["h" if header else "a" if k > 1 else "l" for k in range(len(cells))]
        return "<tr>" + "".join(f"<td class={kind}>{c}</td>" for kind, c in zip(kinds, cells)) + "</tr>"

    def amounts(first: Decimal, second: Decimal) -> list[Decimal]:
        out = [first + second] + [Decimal(0)] * (len(headers) - 1)
        out[parts[0]], out[parts[1]] = first, second
        return out

    rows = paged_rows()
    body = [row([code, name, *(f"{v:,.2f}" if v else "" for v in amounts(a, b))]) for code, name, a, b in rows]
    head = row(["科目编码", "科目名称", *headers], header=True)
    html = (f"<html><head><style>{PAGED_CSS % 'landscape'}</style></head><body><p>某某局2024年度部门决算</p>"
            f"<p>{title}</p><p>单位：万元</p><table>{head}{''.join(body[:first_page])}</table>"
            f"<div class=break></div><table>{''.join(body[first_page:])}</table></body></html>")
    pdf, text = tmp_path / "table.pdf", tmp_path / "table.txt"
    weasyprint.HTML(string=html).write_pdf(str(pdf))
    subprocess.run(["pdftotext", "-layout", str(pdf), str(text)], check=True)
    want = [(code or name, f"{v:.2f}", header) for code, name, a, b in rows
            for header, v in zip(headers, amounts(a, b)) if v]
    got = [(c["code"] or c["name"], c["amount"], c["column"]) for c in cell_rows(parse(text))]
    assert got == want


# ---- project tables whose label columns wrap (pdftotext prints each line of a cell apart) -----

def at(*texts: tuple[int, str]) -> str:
    """A line with each text starting at the character column given (spaces leave what is
    under them)."""
    line: list[str] = []
    for x, text in texts:
        for k, ch in enumerate(text):
            if ch != " " or x + k >= len(line):
                put(line, ch, x + k)
    return "".join(line).rstrip()


def project_rows(lines: list[str], template: str = "cn-dept-budget-2018", variant: str | None = "sources"):
    spec = spec_of(template, "project_expenditure")
    if variant:
        spec = next(v for v in spec.variants if v.variant == variant)
    out = text_rows(lines_of(["项目支出预算表", "单位：万元", *lines]), spec)
    return [(r.code, r.name, r.project) for r in out.rows if r.values]


SOURCES_HEADER = at((58, "财政拨款")), at((0, "科目编码"), (10, "科目名称"), (20, "项目单位"), (30, "项目名称"),
                                          (48, "合计"), (60, "小计"), (73, "一般公共预算"))


def amounts(*texts: str) -> tuple[int, str]:
    """Amounts flush right at 55, 68 and 84 (under 合计, 小计, 一般公共预算)."""
    line: list[str] = []
    for text, end in zip(texts, (55, 68, 84)):
        put(line, text, end - len(text))
    return 0, "".join(line)


def test_names_centred_on_their_row_join_their_own_row_in_each_column():
    """项目单位 and 项目名称 side by side, each cell's lines centred on its row (Word, WPS and
    the HTML printers centre them): a name's first line stands above the line of the code and
    amounts and its last below, and pdftotext closes up a cell its text fills ("一般行政管理事务
    某某市某某局机关", a space apart). Each column's lines join their own row: as many below a
    row as above it, the rest the next row's. (The 项目名称 of 2010302 was lost, the
    其他市场监督管理 of 2013899 joined 城管执法, 服务中心 read as a row of its own.)"""
    lines = [*SOURCES_HEADER,
             at((0, "合计"), amounts("3,000.00", "3,000.00", "3,000.00")),
             at((30, "办公楼物业管理及日")),
             at((0, "2010302"), (10, "一般行政管理事务 某某市某某局机关"), amounts("1,000.00", "1,000.00", "1,000.00")),
             at((30, "常运行维护经费")),
             at((0, "2120104"), (10, "城管执法"), (20, "某某市信息中心"), (30, "信息系统运维服务费"),
                amounts("500.00", "500.00", "500.00")),
             at((10, "其他市场监督管理")),
             at((0, "2013899"), (19, "某某市信息中心"), (30, "专项业务工作经费"), amounts("700.00", "700.00", "700.00")),
             at((10, "事务")),
             at((20, "某某市某某局机关 执法装备购置及维护")),
             at((0, "2010350"), (10, "事业运行"), amounts("800.00", "800.00", "800.00")),
             at((20, "服务中心"), (29, "项目"))]
    assert project_rows(lines) == [
        ("", "合计", ""), ("2010302", "一般行政管理事务", "办公楼物业管理及日常运行维护经费"),
        ("2120104", "城管执法", "信息系统运维服务费"), ("2013899", "其他市场监督管理事务", "专项业务工作经费"),
        ("2010350", "事业运行", "执法装备购置及维护项目")]


def test_names_aligned_to_the_top_of_their_row_join_the_row_above():
    """项目名称 and 项目类型 side by side, the cells aligned to the top (a cell's first line on
    the line of the code and amounts, the rest below): the lines below a row are its own,
    each in its column (read as centred, the row below would have as many lines below it)."""
    header = at((0, "科目编码"), (10, "科目名称"), (21, "项目名称"), (33, "项目类型"), (48, "合计"), (60, "小计"),
                (73, "一般公共预算"))
    lines = [at((58, "财政拨款")), header,
             at((0, "合计"), amounts("3,000.00", "3,000.00", "3,000.00")),
             at((0, "2010301"), (10, "行政运行"), (21, "办公楼物业管理及日常 一次性项"), amounts("1,000.00", "1,000.00", "1,000.00")),
             at((21, "运行维护经费"), (32, "目")),
             at((0, "2120104"), (10, "城管执法"), (21, "信息系统运维服务费"), (33, "经常性项"), amounts("800.00", "800.00", "800.00")),
             at((33, "目")),
             at((0, "2080505"), (10, "机关事业单位基本"), (21, "执法装备购置及维护项 延续性项"),
                amounts("1,200.00", "1,200.00", "1,200.00")),
             at((10, "养老保险缴费支出"), (21, "目"), (32, "目"))]
    assert project_rows(lines) == [
        ("", "合计", ""), ("2010301", "行政运行", "办公楼物业管理及日常运行维护经费"),
        ("2120104", "城管执法", "信息系统运维服务费"), ("2080505", "机关事业单位基本养老保险缴费支出", "执法装备购置及维护项目")]


def test_lines_that_fit_no_reading_are_not_joined_and_said_so():
    """A line of words below a row in a column the row prints nothing in, and no line below
    the next row: neither centred nor top-aligned cells print so. The line is joined to no
    row (neither guess is sure) and the reader says so."""
    spec = next(v for v in spec_of("cn-dept-budget-2018", "project_expenditure").variants if v.variant == "sources")
    lines = [*SOURCES_HEADER,
             at((0, "2010301"), (10, "行政运行"), amounts("1,000.00", "1,000.00", "1,000.00")),
             at((30, "运行维护经费")),
             at((0, "2120104"), (10, "城管执法"), (30, "信息系统运维服务费"), amounts("500.00", "500.00", "500.00"))]
    out = text_rows(lines_of(["项目支出预算表", "单位：万元", *lines]), spec)
    assert [(r.code, r.name, r.project) for r in out.rows] == [
        ("2010301", "行政运行", ""), ("", "运行维护经费", ""), ("2120104", "城管执法", "信息系统运维服务费")]
    assert "name-unjoined" in dict(out.warnings)


def test_a_note_under_the_table_is_no_part_of_the_last_rows_name():
    lines = lines_of(["部门支出总体情况表",
                      "项目                               合计      基本支出   项目支出",
                      "206     科学技术支出                1,505.58   1,324.57    181.01",
                      "2060702 科普活动                    1,505.58   1,324.57    181.01",
                      "注：本表反映部门本年度各项支出情况。"])
    out = text_rows(lines, spec_of("xj-dept-budget-2025", "expenditure"))
    assert [r.name for r in out.rows if r.values] == ["科学技术支出", "科普活动"]


WRAP_CSS = """@page { size: A4 landscape; margin: 12mm; } body { font-family: "Noto Sans CJK SC"; font-size: 9pt; }
table { border-collapse: collapse; width: 100%%; table-layout: fixed; }
td { border: 0.5pt solid #000; padding: 1pt 3pt; vertical-align: %s; } td.a { text-align: right; }"""
# (code, name, 项目单位, 项目名称, 项目类型, amount): names of several lines in narrow columns
WRAPPED = [("2010302", "一般行政管理事务", "某某市某某局机关", "办公楼物业管理及日常运行维护经费", "一次性项目", "1,237.46"),
           ("2120104", "城管执法", "某某市信息中心", "信息系统运维服务费", "经常性项目", "985.18"),
           ("2013899", "其他市场监督管理事务", "某某市信息中心", "专项业务工作经费", "延续性项目", "7,994.08"),
           ("2010350", "事业运行", "某某市某某局机关服务中心", "执法装备购置及维护项目", "延续性项目", "1,107.27"),
           ("2080505", "机关事业单位基本养老保险缴费支出", "某某市某某局机关服务中心", "档案数字化加工服务项目经费",
            "经常性项目", "5,199.96"),
           ("2120104", "城管执法", "某某市某某局机关服务中心", "应急保障经费", "一次性项目", "3,039.58")]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not present")
@pytest.mark.parametrize("labels, widths, align", [
    (["科目编码", "科目名称", "项目单位", "项目名称"], ["8%", "10%", "10%", "12%"], "middle"),
    (["科目编码", "科目名称", "项目名称", "项目类型"], ["8%", "10%", "12%", "6%"], "top"),
    (["科目编码", "科目名称", "项目名称", "项目单位"], ["8%", "12%", "14%", "10%"], "middle"),
])
def test_pdftotext_of_a_project_table_whose_names_wrap(tmp_path, labels, widths, align):
    """The national 项目支出表 (by funding source) printed by WeasyPrint with its label columns
    narrow, cells centred on their rows or aligned to the top, converted with pdftotext
    -layout: every row's code, name and project as printed (项目单位 and 项目类型 left out)."""
    weasyprint = pytest.importorskip("weasyprint")
    from budgetlens.render_cells import cell_rows

    field = {"科目编码": 0, "科目名称": 1, "项目单位": 2, "项目名称": 3, "项目类型": 4}
    heads = ["合计", "小计", "一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "单位资金"]
    head = "".join(f"<td>{h}</td>" for h in labels + heads)
    body = "".join("<tr>" + "".join(f"<td>{row[field[h]]}</td>" for h in labels)
                   + f"<td class=a>{row[5]}</td>" * 3 + "<td></td>" * 4 + "</tr>" for row in WRAPPED)
    cols = "".join(f"<col style='width:{w}'>" for w in widths + ["8%"] * 7)
    html = (f"<html><head><style>{WRAP_CSS % align}</style></head><body><p>某某局2025年部门预算</p>"
            f"<p>项目支出预算表</p><p>单位：万元</p><table>{cols}<tr>{head}</tr>{body}</table></body></html>")
    pdf, text = tmp_path / "table.pdf", tmp_path / "table.txt"
    weasyprint.HTML(string=html).write_pdf(str(pdf))
    subprocess.run(["pdftotext", "-layout", str(pdf), str(text)], check=True)
    got = [(c["code"], c["name"], c["project"], c["amount"]) for c in cell_rows(parse(text))]
    assert got == [(code, name, project, str(Decimal(amount.replace(",", ""))))
                   for code, name, _, project, _, amount in WRAPPED for _ in range(3)]


def test_names_of_three_lines_beside_names_of_two_join_their_own_row():
    """pdftotext -layout of a Xinjiang 一般公共预算项目支出情况表 (类 款 项 | 功能分类科目名称 |
    项目名称, WeasyPrint, cells centred): a name of three lines prints its middle line beside
    the code and amounts, a project of two lines none; each line goes to its own row and
    column (其他政府办公厅 was read as the tail of the row above, the project names lost)."""
    lines = lines_of([
        "一般公共预算项目支出情况表",
        "    科目编码                                                           对个人和   债务利息",
        "                                       项目支出        工资福利   商品和服                  ",
        "               功能分类科目名称      项目名称                                  家庭的补   及费用支",
        "类     款    项                            合计          支出     务支出",
        "                                                                     助      出",
        "               总计                       71.90              55.10",
        "               克孜勒苏柯尔克孜自",
        "               治州电子政务服务中                71.90              55.10",
        "               心",
        "201            一般公共服务支出                 59.60              55.10",
        "               政府办公厅（室）及",
        "201 03                                  34.00              29.50",
        "               相关机构事务",
        "               其他政府办公厅",
        "                           克州人民政府门户网",
        "201 03    99   （室）及相关机构事                18.00              18.00",
        "                           站运行维护费",
        "               务支出",
        "               其他政府办公厅",
        "                           克州人民政府网站等",
        "201 03    99   （室）及相关机构事                    3.00            3.00",
        "                           级保护测评费",
        "               务支出"])
    out = text_rows(lines, spec_of("xj-dept-budget-2025", "project_expenditure"))
    assert [(r.code, r.name, r.project) for r in out.rows if r.values] == [
        ("", "总计", ""), ("", "克孜勒苏柯尔克孜自治州电子政务服务中心", ""), ("201", "一般公共服务支出", ""),
        ("20103", "政府办公厅（室）及相关机构事务", ""),
        ("2010399", "其他政府办公厅（室）及相关机构事务支出", "克州人民政府门户网站运行维护费"),
        ("2010399", "其他政府办公厅（室）及相关机构事务支出", "克州人民政府网站等级保护测评费")]


# ---- a side-by-side table whose sides' headers name its money (财政拨款收入 | 财政拨款支出) ------

FISCAL_CLASSES = [("201", "一般公共服务支出", ""), ("202", "外交支出", ""), ("203", "国防支出", ""), ("204", "公共安全支出", ""),
                  ("205", "教育支出", ""), ("206", "科学技术支出", ""), ("207", "文化旅游体育与传媒支出", ""),
                  ("208", "社会保障和就业支出", "1,234,567.80"), ("210", "卫生健康支出", "456,789.10"),
                  ("212", "城乡社区支出", "9,876,543.21"), ("213", "农林水支出", ""), ("221", "住房保障支出", "")]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not present")
@pytest.mark.parametrize("income, expenditure", [("财政拨款收入", "财政拨款支出"), ("本年收入", "本年支出"),
                                                 ("一般公共预算收入", "一般公共预算支出"), ("收入", "支出")])
def test_side_headers_printed_after_the_tables_money_head_their_sides(tmp_path, income, expenditure):
    """财政拨款收支总表 printed (WeasyPrint) with its sides' headers after the money it counts,
    and converted with pdftotext -layout: its income amounts, the label a space before them,
    stand under the expenditure side's header, which was read as a column's header over them,
    and the whole table was read by order: the two income rows whose expenditure side prints
    no amount were taken for header lines and lost, and every expenditure amount but 合计 left
    undecided. The headers, one per side after the same words, head their sides."""
    pytest.importorskip("weasyprint")
    import docgen
    from budgetlens.render_cells import cell_rows

    total = "11,567,900.11"
    incomes = [("一、财政拨款（补助）", total), ("一般公共预算", total), ("政府性基金预算", ""), ("国有资本经营预算", "")]
    rows = [[income, "", expenditure, "", "", ""], ["项目", "合计", "功能分类", "合计", "一般公共预算", "政府性基金预算"]]
    for k, (code, name, spent) in enumerate(FISCAL_CLASSES):
        label, amount = incomes[k] if k < len(incomes) else ("", "")
        rows.append([label, amount, f"{code} {name}", spent, spent, ""])
    rows.append(["收入总计", total, "支出总计", total, total, ""])
    table = docgen.Table(rows=rows, header=2)
    docgen.finish_table(table)
    document = docgen.Document([docgen.Para("某某局2025年部门预算"), docgen.Para("财政拨款收支预算总体情况表"),
                                docgen.Para("单位：元"), table])
    pdf = tmp_path / "fiscal.pdf"
    docgen.write_pdf(None, pdf, document=document)
    cells = [(c["name"], c["column"], c["amount"]) for c in cell_rows(parse(layout_text(pdf, tmp_path)))]
    assert cells == [("一、财政拨款（补助）", "收入/合计", "11567900.11"), ("一般公共预算", "收入/合计", "11567900.11"),
                     ("收入总计", "收入/合计", "11567900.11")] + \
        [(name, column, spent.replace(",", "")) for _, name, spent in FISCAL_CLASSES if spent
         for column in ("支出/合计", "支出/一般公共预算")] + \
        [("支出总计", "支出/合计", "11567900.11"), ("支出总计", "支出/一般公共预算", "11567900.11")]


# ---- a header printed again atop a page is no label's tail ----------------------------------

@pytest.mark.parametrize("kind, lines, rows", [
    ("basic_expenditure", [
        "一般公共预算基本支出情况表",
        "经济分类科目编码",
        "                     经济分类科目名称         合计              人员经费             公用经费",
        "类          款",
        "                     总计                  300.00         250.00          50.00",
        "301                  工资福利支出               250.00         250.00",
        "301        01        基本工资                 150.00         150.00",
        "301        07        绩效工资                 100.00         100.00",
        "\f经济分类科目编码",
        "                  经济分类科目名称         合计              人员经费            公用经费",
        "类       款",
        "302               商品和服务支出             50.00                   50.00",
        "302     01        办公费                  50.00                   50.00"],
     [("", "总计"), ("301", "工资福利支出"), ("30101", "基本工资"), ("30107", "绩效工资"), ("302", "商品和服务支出"),
      ("30201", "办公费")]),
    ("expenditure", [
        "部门支出总体情况表",
        "功能分类科目编码",
        "                     功能分类科目名称        合计          基本支出        项目支出",
        "类     款     项",
        "201                  一般公共服务支出          300.00        250.00         50.00",
        "201   03             政府办公厅（室）及相关机构事务 300.00   250.00         50.00",
        "201   03      01     行政运行                250.00        250.00",
        "\f功能分类科目编码",
        "                  功能分类科目名称        合计          基本支出        项目支出",
        "类     款     项",
        "201   03      02     一般行政管理事务           50.00                       50.00"],
     [("201", "一般公共服务支出"), ("20103", "政府办公厅（室）及相关机构事务"), ("2010301", "行政运行"),
      ("2010302", "一般行政管理事务")]),
])
def test_a_header_printed_again_atop_a_page_is_no_part_of_the_last_rows_name(kind, lines, rows):
    """pdftotext -layout of a table going on over a page, its header printed again, the
    header's first line a label column's header alone (经济分类科目编码 over 类 款): it is the
    page's header, not the tail of the name of the page before's last row (read as
    绩效工资经济分类科目编码, a name no classification gives, and a false N-ITEM-LIST)."""
    out = text_rows(lines_of(lines), spec_of("xj-dept-budget-2025", kind))
    assert [(r.code, r.name) for r in out.rows if r.values] == rows


# ---- label headers pdftotext closed up: each word heads its own column ------------------------

@pytest.mark.parametrize("template, variant, lines, rows", [
    # Xinjiang 类 款 项 | 功能分类科目名称 | 项目名称: the name's header wrapped (功能分类科目名 / 称),
    # its tail a space after 项 ("款 项 称"), 项目名称 on a line between
    ("xj-dept-budget-2025", None, [
        "科目编码      功能分类科目名              项目支出合          工资福     商品和服务支",
        "                  项目名称",
        "类     款 项 称                    计              利支出     出",
        "             总计                  900.00              900.00",
        "212          城乡社区支出              900.00              900.00",
        "             城乡社区管理事",
        "212 01                            900.00              900.00",
        "             务",
        "             一般行政管理事 市场主体信用",
        "212 01 02                         600.00              600.00",
        "             务       监管平台运维",
        "                      食品安全抽检",
        "212 01 04 城管执法                    300.00              300.00",
        "                      经费"],
     [("", "总计", ""), ("212", "城乡社区支出", ""), ("21201", "城乡社区管理事务", ""),
      ("2120102", "一般行政管理事务", "市场主体信用监管平台运维"), ("2120104", "城管执法", "食品安全抽检经费")]),
    # the national form: 科目编码 and 科目名称 a space apart, 项目类 / 型 wrapped, its head a space
    # before 合计, so that each header stands left of its column's words
    ("cn-dept-budget-2018", "sources", [
        "科目编码 科目名称         项目名称     项目类 合计           财政拨款",
        "                           型                小计         一般公共",
        "                                                       预算",
        "合计                                9,085.81   9,085.81   9,085.81",
        "2010302   一般行政管   办公楼物业管   一次性   6,588.74   6,588.74   6,588.74",
        "          理事务     理及日常运行   项目",
        "                  维护经费",
        "2120104   城管执法    信息系统运维   一次性   2,497.07   2,497.07   2,497.07",
        "                  服务费      项目"],
     [("", "合计", ""), ("2010302", "一般行政管理事务", "办公楼物业管理及日常运行维护经费"),
      ("2120104", "城管执法", "信息系统运维服务费")]),
])
def test_label_headers_closed_up_still_head_their_columns(template, variant, lines, rows):
    """pdftotext -layout closes up the headers of narrow label columns to a space: each word
    heads its own column (a wrapped header's tail joins its head), and where a header line
    stands left of its column's words, the lines that print a run of words in every label
    column show where each column starts. (The project's name was read into the function's
    name, 一般行政管理事务市场主体信用, or 项目类型 read as the project.)"""
    spec = spec_of(template, "project_expenditure")
    if variant:
        spec = next(v for v in spec.variants if v.variant == variant)
    out = text_rows(lines_of(["项目支出表", "单位：万元", *lines]), spec)
    assert [(r.code, r.name, r.project) for r in out.rows if r.values] == rows


ECONOMIC = ["项目支出合计", "工资福利支出", "商品和服务支出", "对个人和家庭的补助", "债务利息及费用支出", "资本性支出（基本建设）",
            "资本性支出", "对企业补助（基本建设）", "对企业补助", "对社会保障基金补助", "其他支出"]
NARROW_PROJECTS = [("", "总计", "", "900.00", "600.00", "300.00"), ("212", "城乡社区支出", "", "900.00", "600.00", "300.00"),
                   ("21201", "城乡社区管理事务", "", "900.00", "600.00", "300.00"),
                   ("2120102", "一般行政管理事务", "市场主体信用监管平台运维", "700.00", "400.00", "300.00"),
                   ("2120104", "城管执法", "食品安全抽检经费", "200.00", "200.00", "")]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not present")
@pytest.mark.parametrize("widths", [("2%", "7.5%", "8%", "7.2%"), ("3%", "9%", "9%", "6.5%")])
def test_pdftotext_of_a_project_table_of_narrow_label_columns(tmp_path, widths):
    """A Xinjiang 一般公共预算项目支出情况表 (类 款 项 | 功能分类科目名称 | 项目名称 | 11 economic
    columns) printed by WeasyPrint with narrow label columns and converted with pdftotext
    -layout: 类 款 项 and the wrapped name header's tail closed up ("类 款 项 目名称"), 212 and
    01 run together ("21201 02"). Every row's code, name and project as printed (the project's
    row had lost its name and project)."""
    weasyprint = pytest.importorskip("weasyprint")
    from budgetlens.render_cells import cell_rows

    code_w, name_w, project_w, amount_w = widths
    head = ("<tr><td colspan=3>科目编码</td><td rowspan=2>功能分类科目名称</td><td rowspan=2>项目名称</td>"
            + "".join(f"<td rowspan=2>{h}</td>" for h in ECONOMIC) + "</tr><tr><td>类</td><td>款</td><td>项</td></tr>")
    body = "".join("<tr>" + "".join(f"<td>{p}</td>" for p in (code[:3], code[3:5], code[5:7]))
                   + f"<td>{name}</td><td>{project}</td>"
                   + "".join(f"<td class=a>{v}</td>" for v in [total, "", goods, "", "", "", capital, "", "", "", ""])
                   + "</tr>" for code, name, project, total, goods, capital in NARROW_PROJECTS)
    cols = "".join(f"<col style='width:{w}'>" for w in [code_w] * 3 + [name_w, project_w] + [amount_w] * 11)
    html = (f"<html><head><style>{WRAP_CSS % 'middle'}</style></head><body><p>某某局2025年部门预算</p>"
            f"<p>一般公共预算项目支出情况表</p><p>单位：万元</p><table>{cols}{head}{body}</table></body></html>")
    pdf = tmp_path / "projects.pdf"
    weasyprint.HTML(string=html).write_pdf(str(pdf))
    rows = {(c["code"], c["name"], c["project"]) for c in cell_rows(parse(layout_text(pdf, tmp_path)))}
    assert rows == {(code, name, project) for code, name, project, *_ in NARROW_PROJECTS}
