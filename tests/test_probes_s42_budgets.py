"""部门/单位预算 PDFs in layouts of regions budgetlens has no template of its own for, printed by
WeasyPrint from tests/probes_s42 (figures known by construction): a cover and contents listing
every table with its page, landscape pages of 元 with thousands separators, 类|款|项 columns, a
wide 收入总表, group headers merged over their parts, tables running over pages with and without
their header repeated, wrapped project names, a 政府采购预算表, a “三公” table with last year's
budget beside this year's or a row of negative changes, empty tables with their notes inside or
under them, 三线表 without cell rules, whole 元.
Each must read as built: every table of its kind, every amount in a column and at its code, the
unit, the empty tables' notes, and no error from the checks."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

import pytest
from probes_s41.gen import expected_coded
from probes_s42 import budgets as B

from budgetlens.checks import check
from budgetlens.pipeline import parse

AMOUNT = re.compile(r"^-?\d{1,3}(,\d{3})+$|^-?[\d,]+\.\d\d$|^0$")
# the column each printed head is read into (the lowest head, or the group over a 小计)
HEAD_KEYS = {"合计": "total", "上年结转": "carryover", "一般公共预算拨款收入": "gpb", "政府性基金预算拨款收入": "gov_fund",
             "国有资本经营预算拨款收入": "state_capital", "财政专户管理资金收入": "special_account",
             "事业收入": "business_income", "事业单位经营收入": "operating_income", "上级补助收入": "superior_subsidy",
             "附属单位上缴收入": "affiliated_income", "其他收入": "other_income", "基本支出": "basic",
             "项目支出": "project", "人员经费": "personnel", "公用经费": "public"}
KNOWN = {"purchase_services": "unknown"}       # a table no template has: kept as such, said


@pytest.fixture(scope="session")
def probe(tmp_path_factory):
    folder = tmp_path_factory.mktemp("probes_s42")
    done = {}

    def get(name):
        if name not in done:
            style = B.STYLES[name]
            done[name] = (parse(B.build(name, folder)), B.tables(style), style)
        return done[name]
    return get


# columns a probe prints that the national template has not (the 支出总表's 基本支出 split into
# 人员经费 | 公用经费): not read, and said (column-not-in-template)
UNREAD = {("expenditure", "人员经费"), ("expenditure", "公用经费")}


def lowest_head(grid, col: int) -> str | None:
    heads = [row[col] for row in grid.rows[:grid.header] if col < len(row) and row[col]]
    return heads[-1] if heads else None


def printed_amounts(grid) -> Counter:
    return Counter(Decimal(c.replace(",", "")) for row in grid.rows[grid.header:] for k, c in enumerate(row)
                   if c and AMOUNT.match(c) and (grid.kind, lowest_head(grid, k)) not in UNREAD)


def coded_facts(style, grid) -> set[tuple[str, str, Decimal]]:
    out = set()
    for code, col, amount in expected_coded(style, grid):
        heads = [row[col] for row in grid.rows[:grid.header] if row[col]]
        head = heads[-2] if len(heads) > 1 and heads[-1] == "小计" else heads[-1] if heads else None
        if head in HEAD_KEYS and (grid.kind, head) not in UNREAD:
            out.add((code, HEAD_KEYS[head], amount))
    return out


@pytest.mark.parametrize("name", list(B.STYLES))
def test_each_probe_reads_as_built(probe, name):
    disc, grids, style = probe(name)
    assert disc.meta.template == ("cn-unit-budget-2018" if style.scope == "单位" else "cn-dept-budget-2018")
    assert disc.meta.year == style.year
    assert [t.kind for t in disc.tables] == [KNOWN.get(g.kind, g.kind) for g in grids]
    assert disc.missing == ["名词解释部分"]
    for table, grid in zip(disc.tables, grids):
        if table.kind == "unknown":
            continue
        assert table.unit == style.unit, table.title
        got = [c for r in table.rows for c in r.cells if c.amount is not None]
        assert Counter(c.amount for c in got) == printed_amounts(grid), table.title
        assert all(c.column for c in got), table.title
        if grid.note or any(row[0] and row[0].startswith("注：") for row in grid.rows):
            assert table.empty_note, table.title


@pytest.mark.parametrize("name", list(B.STYLES))
def test_each_probe_puts_every_amount_at_its_code_and_column(probe, name):
    disc, grids, style = probe(name)
    for table, grid in zip(disc.tables, grids):
        want = coded_facts(style, grid)
        got = {(r.classified_code, c.column, c.amount) for r in table.rows for c in r.cells if c.amount}
        assert want <= got, (table.title, sorted(want - got)[:5])


@pytest.mark.parametrize("name", list(B.STYLES))
def test_no_probe_gets_an_error_from_the_checks(probe, name):
    disc, _, _ = probe(name)
    assert [(f.rule, f.message) for f in check(disc).findings if f.severity == "error"] == []


def facts(table, column: str) -> dict[str, Decimal]:
    return {r.classified_code: c.amount for r in table.rows for c in r.cells if c.column == column and c.amount}


# ---- 基本支出 over 人员经费 | 公用经费 in the 支出总表 ---------------------------------------------

@pytest.mark.parametrize("name", ["groups-three", "wide-yuan"])
def test_basic_spending_split_into_personnel_and_public_is_said_not_read(probe, name):
    """本年支出 over 合计 | 基本支出 (小计 | 人员经费 | 公用经费) | 项目支出: 小计 is 基本支出 and the
    parts, columns the national 支出总表 has not, are said and not read (tests/test_tables_probe37
    holds that too; whether the template should know them is left open)."""
    disc, _, style = probe(name)
    table = disc.table("expenditure")
    scale = Decimal(10000) if style.unit == "元" else Decimal(1)
    assert facts(table, "basic")["220"] == Decimal("405.70") * scale
    assert {c.column for r in table.rows for c in r.cells if c.amount} == {"total", "basic", "project"}
    said = [i.message for i in disc.issues if i.code == "column-not-in-template"]
    assert any("人员经费" in m for m in said) and any("公用经费" in m for m in said)


# ---- “三公”: last year's budget beside this year's, each headed by its year ---------------------

def test_three_public_headed_by_two_years_is_read_by_its_header(probe):
    """2024年预算数 | 2025年预算数, each over the six items: read by the header (before: the
    2025 columns named no template column, so the table was read by column order, with a
    warning asking the reader to check it)."""
    disc, _, _ = probe("cover-toc")
    table = disc.table("three_public")
    got = {c.column: c.amount for r in table.rows for c in r.cells if c.amount is not None}
    assert got["prior_total"] == Decimal("20.70") and got["total"] == Decimal("15.00")
    assert got["prior_vehicle_operation"] == Decimal("14.50") and got["vehicle_operation"] == Decimal("12.00")
    assert not [i for i in disc.issues if i.code == "columns-by-order"]


def _three_public_two_years():
    from budgetlens.templates import load_templates
    template = next(t for t in load_templates() if t.id == "cn-dept-budget-2018")
    return next(s for s in template.tables if s.kind == "three_public").named("two_years")


def _two_year_header(first: str, second: str):
    items = ["合计", "因公出国（境）费", "公务用车购置及运行费", "", "", "公务接待费"]
    parts = ["", "", "小计", "公务用车购置费", "公务用车运行费", ""]
    return [(1, [first] + [""] * 5 + [second] + [""] * 5), (2, items * 2), (3, parts * 2)]


@pytest.mark.parametrize("first, second, total_at", [
    ("2024年预算数", "2025年预算数", 6),
    ("2025年预算数", "2024年预算数", 0),          # this year's first: by the header, not the order
])
def test_the_latest_of_two_printed_years_is_this_years(first, second, total_at):
    from budgetlens.extract.rows import columns_by_header
    got = columns_by_header(_two_year_header(first, second), 0, 12, _three_public_two_years())
    assert got[total_at] == "total" and got[6 - total_at] == "prior_total"
    assert got[total_at + 4] == "vehicle_operation"


@pytest.mark.parametrize("first, second", [("2025年预算数", "2025年执行数"), ("上年预算数", "本年预算数")])
def test_one_printed_year_is_not_taken_for_this_years(first, second):
    """Near misses: one year printed over both groups (no earlier year beside it), or the groups
    named in words: the header mapping is left as it was (None: read as before)."""
    from budgetlens.extract.rows import columns_by_header
    assert columns_by_header(_two_year_header(first, second), 0, 12, _three_public_two_years()) is None


def _built(folder, base: str, **changes):
    """A probe built in the style of `base` with `changes`, parsed."""
    from dataclasses import replace
    name = f"{base}-" + "-".join(f"{k}={v}" for k, v in changes.items())
    B.STYLES[name] = replace(B.STYLES[base], cover=False, **changes)
    try:
        return parse(B.build(name, folder))
    finally:
        del B.STYLES[name]


def _three_public_by_phase(disc) -> dict[tuple[str | None, str], Decimal]:
    return {(f.coords.phase, f.coords.item): f.amount for f in disc.facts if f.coords.table_kind == "three_public"}


@pytest.mark.parametrize("base", ["cover-toc", "lines-sources"])      # cell rules, and none (三线表)
@pytest.mark.parametrize("form, words", [
    ("sides_this_first", False),        # 2025年预算数 | 2024年预算数
    ("sides_this_first", True),         # 本年预算数 | 上年预算数
    ("sides", True),                    # near miss: 上年预算数 | 本年预算数, read as before
    ("change_this_first", False),       # the items as columns, the budgets as rows: 2025 above 2024
])
def test_three_public_this_years_budget_first_is_read_by_its_header(tmp_path, base, form, words):
    """“三公” with this year's budget printed before last year's: each group is read as the
    years (or 本年/上年 words) over it say, never by its place (before: last year's columns were
    not read, or, without cell rules or named by words, read as this year's and this year's as
    last year's)."""
    disc = _built(tmp_path, base, three_form=form, three_words=words)
    got = _three_public_by_phase(disc)
    assert got[("本年预算", "total")] == Decimal("15.00") and got[("上年预算", "total")] == Decimal("20.70")
    assert got[("本年预算", "reception")] == Decimal("3.00") and got[("上年预算", "vehicle_operation")] == Decimal("14.50")
    assert len([k for k in got if k[0] in ("本年预算", "上年预算")]) == 12
    assert not [i for i in disc.issues if i.code in ("column-not-in-template", "ambiguous-column", "extra-cell")]
    assert [(f.rule, f.message) for f in check(disc).findings if f.severity == "error"] == []


@pytest.mark.parametrize("first, second, against", [
    ("本年预算数", "上年预算数", {"two_years": True, "two_years_this_first": False}),
    ("上年预算数", "本年预算数", {"two_years": False, "two_years_this_first": True}),
    # other words after the phase (before: this year's first read as last year's in silence)
    ("本年预算", "上年预算", {"two_years": True, "two_years_this_first": False}),
    ("本年", "上年", {"two_years": True, "two_years_this_first": False}),
    ("本年度预算", "上年度预算", {"two_years": True, "two_years_this_first": False}),
    ("上年预算", "本年预算", {"two_years": False, "two_years_this_first": True}),
    # near misses: one group named (no order told), and no phase words at all
    ("本年预算数", "预算数", {"two_years": False, "two_years_this_first": False}),
    ("合计", "合计", {"two_years": False, "two_years_this_first": False}),
])
def test_years_run_against_by_words(first, second, against):
    """A header naming its groups 本年预算数 | 上年预算数 runs against the layout of last year's
    columns first, as one printing 2025年预算数 | 2024年预算数 does; the other layout fits it."""
    from budgetlens.extract.tables import years_run_against
    from budgetlens.templates import load_templates
    template = next(t for t in load_templates() if t.id == "cn-dept-budget-2018")
    three = next(s for s in template.tables if s.kind == "three_public")
    header = [cells for _, cells in _two_year_header(first, second)]
    assert {v: years_run_against(three.named(v), header) for v in against} == against
    assert years_run_against(three.named("columns"), header) is False     # no last year's columns: as before


# ---- 项目支出表 and 政府采购预算表 wordings ------------------------------------------------------

def test_a_project_table_titled_general_budget_is_the_project_table(probe):
    """一般公共预算项目支出表 (projects by economic class): before, no template title matched it,
    and the table was kept as unknown, its amounts unread."""
    disc, _, _ = probe("lines-integers")
    table = disc.table("project_expenditure")
    assert table is not None and table.title == "一般公共预算项目支出表"
    e302 = [c.amount for r in table.rows for c in r.cells if c.column == "e302"]
    assert e302 == [Decimal(1155000), Decimal(700000), Decimal(455000)]
    assert facts(table, "e303")["2200104"] == Decimal(245000)


def test_a_project_category_column_is_a_label(probe):
    """项目类别 (专项业务类, 其他运转类) beside 项目名称: a label column, not an unknown header."""
    disc, _, _ = probe("cover-toc")
    assert not [i for i in disc.issues if i.code == "header-unmapped"]


def test_procurement_by_kind_of_purchase_is_read_by_its_header(probe):
    """单位名称 | 合计 | 货物类 | 工程类 | 服务类: before, read by order into 财政拨款 | 其他资金
    (货物 76,000 as 财政拨款, 服务 924,000 as 其他资金)."""
    disc, _, _ = probe("lines-integers")
    table = disc.table("procurement")
    total = next(r for r in table.rows if r.raw_label == "合计")
    got = {c.column: c.amount for c in total.cells if c.amount is not None}
    assert got == {"total": Decimal(1000000), "goods": Decimal(76000), "services": Decimal(924000)}
    assert not [f for f in check(disc).findings if f.rule == "N-PROCUREMENT-TABLE" and f.severity == "error"]


def test_procurement_by_source_is_read_as_before(probe):
    disc, _, _ = probe("cover-toc")
    total = next(r for r in disc.table("procurement").rows if r.raw_label == "合计")
    assert {c.column: c.amount for c in total.cells if c.amount is not None} == {
        "total": Decimal("100.00"), "fiscal": Decimal("100.00")}


# ---- 三线表 (no cell rules): wrapped label columns and a group over wrapped headers -----------

PROJECT_NAMES = [p[1] for p in B.PROJECTS]


@pytest.mark.parametrize("name, function_name", [("lines-sources", ""), ("lines-integers", "自然资源规划及管理")])
def test_wrapped_label_columns_of_a_project_table_without_rules_stay_apart(probe, name, function_name):
    """单位名称 | 项目名称 | 项目类别 (or 项目名称 | 科目编码 | 科目名称) each wrapped above and below the
    line of the code and amounts: each project's name is its own column's words, top to bottom
    (before: the columns' lines run together line by line, 某县自然国土空间…专专项业资源局项经费务类,
    and no project read)."""
    disc, _, _ = probe(name)
    rows = [r for r in disc.table("project_expenditure").rows if r.code]
    assert [r.project for r in rows] == PROJECT_NAMES
    assert {r.name for r in rows} == {function_name}


def test_a_group_centred_over_wrapped_column_headers_heads_them(probe):
    """财政拨款 centred over 小计 | 一般公共 / 预算 | 政府性基 / 金预算, standing over 一般公共 on
    one line and 小计 on the next: a group, not the first line of one column's header (before:
    财政拨款一般公共小计预算 was read as one column, and the 一般公共预算 amounts were left
    undecided among the three budgets)."""
    disc, _, _ = probe("lines-sources")
    table = disc.table("project_expenditure")
    total = next(r for r in table.rows if r.raw_label == "合计")
    assert {c.column: c.amount for c in total.cells if c.amount} == {
        "total": Decimal("150.00"), "fiscal": Decimal("150.00"), "gpb": Decimal("150.00")}
    assert not [i for i in disc.issues if i.code == "ambiguous-column"]


def _line(no: int, words: list[tuple[str, float, float]], top: float):
    from budgetlens.readers.base import Line
    boxes = [(x0, top, x1, top + 9) for _, x0, x1 in words]
    text = " ".join(w for w, _, _ in words)
    return (Line(no=no, text=text, page=1, bbox=(boxes[0][0], top, boxes[-1][2], top + 9), word_boxes=boxes),
            text, [w for w, _, _ in words])


HEADS = [("other", 48, 82), ("project", 89, 123), ("code", 279, 330)]


@pytest.mark.parametrize("above, below, want", [
    ([("某县自然", 48, 82), ("国土空间规划编制专", 89, 200)], [("资源局", 48, 73), ("项经费", 89, 114)],
     ["", "国土空间规划编制专项经费"]),
    # near misses: a cell spread to its width (分散对齐: a character a word) is not parted …
    ([("国", 89, 98), ("土", 150, 159), ("规", 200, 209)], [("划", 89, 98), ("费", 200, 209)], None),
    # … nor are words under no label header, nor a table with no project header
    ([("某县自然", 400, 434), ("国土空间规划编制专", 89, 200)], [("资源局", 400, 425), ("项经费", 89, 114)], None),
])
def test_label_columns_placed(above, below, want):
    from budgetlens.extract.rows import label_columns_placed
    body = [_line(1, above, 0), _line(2, [("2200104", 279, 311), ("80.00", 339, 361)], 10), _line(3, below, 20)]
    assert label_columns_placed(body, 1, 1, [0], [2], HEADS) == want
    assert label_columns_placed(body, 1, 1, [0], [2], [h for h in HEADS if h[0] != "project"]) is None


@pytest.mark.parametrize("under, group", [
    ([(2, "一般公共", 335, 370), (3, "小计", 300, 318)], True),     # over two columns, on two lines
    ([(2, "小计", 300, 318), (2, "一般公共", 325, 360)], True),       # over two columns of one line
    ([(2, "一般公共", 335, 370), (3, "预算", 343, 361)], False),    # a wrapped column header's first line
    ([(2, "一般公共", 335, 370)], False),
])
def test_a_word_over_columns_of_lines_below_heads_a_group(under, group):
    from budgetlens.extract.unruled import Word, spans_columns
    word = Word("财政拨款", (310, 0, 345, 9))
    words = [(1, word)] + [(no, Word(t, (x0, no * 10, x1, no * 10 + 9))) for no, t, x0, x1 in under]
    assert spans_columns(word, words) is group


def test_a_wide_income_table_without_rules_reads_each_source_in_its_column(probe):
    """功能分类科目 / 编码 wrapped over 类 | 款 | 项, and 本年财政拨款收入 standing over one column's
    words only (its sub-columns' headers wrap): before, 编码 was stacked into 类's header, the
    group into 一般公共预算拨款收入's, the header not read, and the amounts placed by order —
    事业收入 as 财政专户管理资金收入, two false X-T1-T2-SOURCES errors."""
    disc, _, _ = probe("lines-wide")
    table = disc.table("income")
    assert facts(table, "business_income")["2200150"] == Decimal(300000)
    assert "special_account" not in {c.column for r in table.rows for c in r.cells if c.amount}
    assert not [f for f in check(disc).findings if f.rule == "X-T1-T2-SOURCES"]


def test_project_rows_printing_their_code_after_the_names_keep_it(probe):
    """单位名称 | 项目名称 | 项目类别 | 功能分类科目编码: a row whose 单位 and 类别 wrap around the
    line of its name, code and amounts keeps its code (read from the code column) and its
    project; the group 财政拨款 set flush left over 小计 alone still heads 小计 | 一般公共预算 |
    政府性基金预算."""
    disc, _, _ = probe("lines-wide")
    rows = [r for r in disc.table("project_expenditure").rows if r.project]
    assert [(r.code, r.project) for r in rows] == [("2200104", name) for name in PROJECT_NAMES]
    assert {c.column for r in rows for c in r.cells if c.amount} == {"total", "fiscal", "gpb"}


def test_a_page_number_under_a_table_without_rules_is_no_row(probe):
    """The page's number printed under the last line of a table (the next table on the next
    page) is no row of it (before: a row '11', said code-part-lost)."""
    disc, _, _ = probe("lines-wide")
    assert all(r.raw_label.strip() or r.cells for r in disc.table("project_expenditure").rows)
    assert not [i for i in disc.issues if i.code == "code-part-lost"]


@pytest.mark.parametrize("after, folio", [
    ([("第二行", 2, 60)], True),           # the table goes on over the page: the number ends page 1
    ([], True),                            # the block's last line
    ([("第二行", 1, 60)], False),          # a bare number with more of the page after it: a row's
])
def test_page_foot(after, folio):
    from budgetlens.extract.rows import page_foot
    from budgetlens.readers.base import Line
    texts = [(Line(no=1, text="11", page=1, bbox=(290, 780, 300, 790), word_boxes=[(290, 780, 300, 790)]), "11")]
    texts += [(Line(no=2 + k, text=t, page=pg, bbox=(50, y, 90, y + 9), word_boxes=[(50, y, 90, y + 9)]), t)
              for k, (t, pg, y) in enumerate(after)]
    assert page_foot(texts, 0) is folio
    unplaced = [(Line(no=1, text="11", page=1), "11")]        # a line without places (plain text): none
    assert page_foot(unplaced, 0) is False


def _spec(kind: str, variant: str):
    from budgetlens.templates import load_templates
    template = next(t for t in load_templates() if t.id == "cn-dept-budget-2018")
    return next(s for s in template.tables if s.kind == kind).named(variant)


def _words(*items):
    from budgetlens.extract.unruled import Word
    return [(no, Word(t, (x0, no * 10, x1, no * 10 + 9))) for no, t, x0, x1 in items]


@pytest.mark.parametrize("kind, variant, items, group", [
    # a group the template declares, over one column's words
    ("income", "national", [(1, "本年财政拨款收入", 290, 360), (2, "一般公共预算拨款", 292, 360)], True),
    # the group's name, naming a column, over its subtotal (财政拨款 over 小计)
    ("project_expenditure", "sources", [(1, "财政拨款", 527, 561), (2, "小计", 527, 544)], True),
    # centred over its columns, over one column's words, which name another column
    ("project_expenditure", "sources", [(1, "财政拨款", 527, 561), (2, "一般公共", 530, 565), (3, "预算", 535, 555)],
     True),
    # near misses: the word wrapped as one column's header (财政拨款 / 收入), a word the template
    # declares no group, a group word with nothing under it
    ("project_expenditure", "sources", [(1, "财政拨款", 527, 561), (2, "收入", 535, 552)], False),
    ("income", "national", [(1, "事业收入", 577, 611), (2, "收入", 580, 600)], False),
    ("income", "national", [(2, "本年财政拨款收入", 290, 360), (1, "一般公共预算拨款", 292, 360)], False),
])
def test_declared_group(kind, variant, items, group):
    from budgetlens.extract.unruled import declared_group
    words = _words(*items)
    assert declared_group(words[0][0], words[0][1], words, _spec(kind, variant)) is group


@pytest.mark.parametrize("under, tail", [
    ([(3, "编码", 48, 65), (4, "类", 48, 56)], ["编码"]),       # 功能分类科目 / 编码: a label header
    ([(3, "类", 48, 56), (3, "款", 73, 82)], []),               # two words under it: its columns
    ([(3, "合计", 48, 65), (4, "类", 48, 56)], []),             # 功能分类科目合计: no header known
])
def test_groups_wrapped(under, tail):
    from budgetlens.extract.unruled import groups_wrapped
    words = _words((1, "功能分类科目", 48, 99), *under)
    got = groups_wrapped([words[0]], words, _spec("income", "national"))
    assert [w.text for _, w in got.values()] == tail


def test_a_fund_table_printing_basic_spending_whole_reads_it(tmp_path):
    """政府性基金预算支出表 as the national form prints it, 合计 | 基本支出 | 项目支出 (the template
    it extends splits 基本支出 into 人员经费 | 公用经费): before, its 基本支出 column was not read
    (column-unmapped), the layout fitting the header's words as well as the national one."""
    from dataclasses import replace
    style = replace(B.STYLES["cover-toc"], fund_filled=True, cover=False)
    B.STYLES["fund-filled"] = style
    try:
        disc = parse(B.build("fund-filled", tmp_path))
    finally:
        del B.STYLES["fund-filled"]
    table = disc.table("gov_fund_expenditure")
    assert facts(table, "basic")["2200101"] == Decimal("320.50")
    assert facts(table, "project")["2200104"] == Decimal("150.00")
    assert not [i for i in disc.issues if i.code == "column-unmapped"]


def test_a_column_named_by_another_layout_of_the_table():
    """基本支出 is a column of the 政府性基金预算支出表's national layout: a reading that cannot
    place it fits worse than one that can. Near miss: 工资福利支出 under 基本支出 is a column of
    no layout of it (tests/test_headers_probe39 reads those parts unread and said, as before)."""
    from budgetlens.extract.tables import named_elsewhere
    from budgetlens.templates import load_templates
    template = next(t for t in load_templates() if t.id == "cn-dept-budget-2018")
    fund = next(s for s in template.tables if s.kind == "gov_fund_expenditure")
    assert named_elsewhere(fund, "第 4 列“基本支出”对应不到模板的列（…），其金额未读入，请核对")
    assert not named_elsewhere(fund, "第 5 列“基本支出/工资福利支出”对应不到模板的列（…），其金额未读入，请核对")
    assert not named_elsewhere(fund.named("national"), "第 4 列“基本支出”对应不到模板的列")


@pytest.mark.parametrize("base", ["lines-sources", "lines-wide"])
def test_a_fund_table_printing_basic_spending_whole_without_rules_reads_it(tmp_path, base):
    """The same 政府性基金预算支出表 (合计 | 基本支出 | 项目支出) on a page without cell rules (三线表),
    its codes in one column or as 类 | 款 | 项: read by the national layout (before: the table's
    own layout, knowing 基本支出 as the group over 人员经费 | 公用经费, fitted the header without a
    word left over, so no other layout was tried, and every 基本支出 and 项目支出 amount was left
    undecided among 人员经费, 公用经费 and 项目支出)."""
    disc = _built(tmp_path, base, fund_filled=True)
    table = disc.table("gov_fund_expenditure")
    scale = Decimal(10000) if B.STYLES[base].unit == "元" else Decimal(1)
    assert facts(table, "basic")["2200101"] == Decimal("320.50") * scale
    assert facts(table, "project")["2200104"] == Decimal("150.00") * scale
    assert {c.column for r in table.rows for c in r.cells if c.amount} == {"total", "basic", "project"}
    assert not [i for i in disc.issues if i.code == "ambiguous-column"]


@pytest.mark.parametrize("header, whole", [
    ([["科目编码", "科目名称", "合计", "基本支出", "项目支出"]], ["基本支出"]),
    # near misses: the group over its parts, one part printed, no group word at all
    ([["合计", "基本支出", "", "项目支出"], ["", "人员经费", "公用经费", ""]], []),
    ([["合计", "基本支出", "项目支出"], ["", "人员经费", ""]], []),
    ([["合计", "人员经费", "公用经费", "项目支出"]], []),
])
def test_groups_printed_whole(header, whole):
    """A header printing a group of the layout's columns (基本支出 over 人员经费 | 公用经费) with
    none of its parts: a column the layout cannot place (tables.layout_misfit counts it)."""
    from budgetlens.extract.tables import groups_printed_whole
    from budgetlens.templates import load_templates
    template = next(t for t in load_templates() if t.id == "cn-dept-budget-2018")
    fund = next(s for s in template.tables if s.kind == "gov_fund_expenditure")
    assert groups_printed_whole(header, fund) == whole
    assert groups_printed_whole(header, fund.named("national")) == []     # 基本支出 is its column
