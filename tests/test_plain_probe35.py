"""Plain-text tables, the identities and 决算 reading (probe 35): what each printed amount is read
as, compared with the figures the test itself prints."""

from __future__ import annotations

import pytest

from budgetlens.pipeline import parse

HEAD = ["示例单位2025年部门预算", "", "表 2", "", "部门收入总体情况表", "", "编制部门：示例单位", "", "单位：万元", ""]
UNNAMED_HEADER = "功能分类科目编码 功能分类科目名称 总计 财政拨款（补助）小计 单位资金 单位自有资金"


def write(tmp_path, lines: list[str], head: list[str] = HEAD):
    path = tmp_path / "budget.txt"
    path.write_text("\n".join([*head, *lines, ""]), encoding="utf-8")
    return path


def cells(disc, kind: str) -> dict[str, list[tuple[str | None, list[str], str]]]:
    table = next(t for t in disc.tables if t.kind == kind)
    return {r.code or r.name: [(c.column, c.candidates, str(c.amount)) for c in r.cells] for r in table.rows}


def issues(disc, code: str) -> list[str]:
    return [i.message for i in disc.issues if i.code == code]


# ---- a header word the template does not name ----------------------------------------------

def test_unnamed_header_word_places_rows_among_the_printed_columns(tmp_path):
    """收入总表 printing 总计 | 财政拨款（补助）小计 | 单位资金 | 单位自有资金 (the last no template
    column): 合计's four amounts stand under the four words; 20103's 120.00 = 100.00 + 20.00
    puts its 20.00 under 单位自有资金, since 单位资金's 30.00 of the class is 20105's alone.
    Before, its amounts were left open among 财政专户/单位资金/结转 — columns it does not print."""
    disc = parse(write(tmp_path, [
        UNNAMED_HEADER,
        "合计 150.00 100.00 30.00 20.00",
        "201 一般公共服务支出 150.00 100.00 30.00 20.00",
        "201 03 政府办公厅（室）及相关机构事务 120.00 100.00 20.00",
        "201 03 01 行政运行 120.00 100.00 20.00",
        "201 05 统计信息事务 30.00 30.00",
        "201 05 04 信息事务 30.00 30.00"]))
    got = cells(disc, "income")
    # (单位自有资金's 20.00, read into no column, is kept as an unread cell naming it: session 47)
    unnamed = (None, ["?单位自有资金"], "None")      # (its candidates: the column the template lacks)
    for code in ("合计", "201"):
        assert got[code] == [("total", [], "150.00"), ("fiscal", [], "100.00"), ("unit_funds", [], "30.00"), unnamed]
    for code in ("20103", "2010301"):
        assert got[code] == [("total", [], "120.00"), ("fiscal", [], "100.00"), unnamed]
    table = next(t for t in disc.tables if t.kind == "income")
    assert {(c.text, c.unread) for r in table.rows for c in r.cells if c.unread} == {("20.00", "所在列“单位自有资金”不是模板的列")}
    for code in ("20105", "2010504"):
        assert got[code] == [("total", [], "30.00"), ("unit_funds", [], "30.00")]
    assert not issues(disc, "ambiguous-column")
    said = issues(disc, "column-not-in-template")
    assert len(said) == 1 and "单位自有资金" in said[0]


def test_unnamed_header_word_a_tie_the_identities_leave_names_it(tmp_path):
    """Two rows of 25.00 25.00 under a class whose 单位资金 and 单位自有资金 are 25.00 each: either
    may be either; each row's second amount is open between exactly those two columns."""
    disc = parse(write(tmp_path, [
        UNNAMED_HEADER,
        "合计 150.00 100.00 25.00 25.00",
        "201 一般公共服务支出 150.00 100.00 25.00 25.00",
        "201 03 政府办公厅（室）及相关机构事务 100.00 100.00",
        "201 05 统计信息事务 25.00 25.00",
        "201 06 财政事务 25.00 25.00"]))
    got = cells(disc, "income")
    assert got["20103"] == [("total", [], "100.00"), ("fiscal", [], "100.00")]
    for code in ("20105", "20106"):
        assert got[code] == [("total", [], "25.00"), (None, ["unit_funds", "?单位自有资金"], "25.00")]
    said = issues(disc, "ambiguous-column")
    # (one warning for the two cells of one set of candidates: tables_probe37b)
    assert len(said) == 1 and "2 个金额" in said[0] and said[0].endswith("可能为：单位资金、单位自有资金")


def test_header_words_all_named_read_as_before(tmp_path):
    """Near miss: the same table without the unknown word is read by its named columns, with
    no warning of a column left out."""
    disc = parse(write(tmp_path, [
        "功能分类科目编码 功能分类科目名称 总计 财政拨款（补助）小计 单位资金",
        "合计 130.00 100.00 30.00",
        "201 一般公共服务支出 130.00 100.00 30.00",
        "201 03 政府办公厅（室）及相关机构事务 100.00 100.00",
        "201 05 统计信息事务 30.00 30.00"]))
    got = cells(disc, "income")
    assert got["20103"] == [("total", [], "100.00"), ("fiscal", [], "100.00")]
    assert got["20105"] == [("total", [], "30.00"), ("unit_funds", [], "30.00")]
    assert not issues(disc, "column-not-in-template") and not issues(disc, "ambiguous-column")


def test_unnamed_header_word_without_a_row_under_every_word_is_not_taken_for_a_column(tmp_path):
    """Near miss: the header prints an unknown word but no row prints as many amounts as it
    has words (a word may be part of another's text): its columns are not taken from it."""
    disc = parse(write(tmp_path, [
        UNNAMED_HEADER,
        "合计 130.00 100.00 30.00",
        "201 一般公共服务支出 130.00 100.00 30.00",
        "201 03 政府办公厅（室）及相关机构事务 100.00 100.00",
        "201 05 统计信息事务 30.00 30.00"]))
    assert not issues(disc, "column-not-in-template")
    got = cells(disc, "income")
    assert got["合计"][0] == ("total", [], "130.00")


# ---- 决算: a header wrapped a few characters a line, over its 栏次 numbers --------------------

# pdftotext -layout of a 收入决算表 (财政拨款收入 split by budget type) in narrow columns: each
# header wrapped in its cell, the words of neighbouring columns a space apart on one line
INCOME_FINAL_LAYOUT = [
    '项目                       财政拨款收入                         附',
    '                                                上       属',
    '                                    政府 国有',
    '                                                级   事 经 单',
    '                                    性基 资本',
    '                 本年收           一般公共             补   业 营 位   其他收',
    '功能分类                                金预 经营',
    '          科目名称   入合计     小计    预算财政             助   收 收 上   入',
    '科目编码                                算财 预算',
    '                               拨款               收   入 入 缴',
    '                                    政拨 财政',
    '                                                入       收',
    '                                    款  拨款',
    '                                                        入',
    '栏次               1       2     3        4   5   6   7 8 9   10',
    '合计               850.00 830.00 830.00                       20.00',
    '          一般公共',
    '201              715.00 695.00 695.00                       20.00',
    '          服务支出',
    '          政府办公',
    '          厅（室）',
    '20103            715.00 695.00 695.00                       20.00',
    '          及相关机',
    '          构事务',
    '2010301 行政运行     525.00 525.00 525.00',
    '          一般行政',
    '2010302          190.00 170.00 170.00                       20.00',
    '          管理事务',
    '          社会保障',
    '208       和就业支   64.80   64.80 64.80',
    '          出',
    '          行政事业',
    '20805     单位养老   64.80   64.80 64.80',
    '          支出',
    '        机关事业',
    '        单位基本',
    '2080505          64.80   64.80 64.80',
    '        养老保险',
    '        缴费支出',
    '          卫生健康',
    '210              30.12   30.12 30.12',
    '          支出',
    '          行政事业',
    '21011            30.12   30.12 30.12',
    '          单位医疗',
    '          行政单位',
    '2101101          30.12   30.12 30.12',
    '          医疗',
    '          住房保障',
    '221              40.08   40.08 40.08',
    '          支出',
    '          住房改革',
    '22102            40.08   40.08 40.08',
    '          支出',
    '          住房公积',
    '2210201          40.08   40.08 40.08',
]
FINAL_HEAD = ["示例市生态环境局2024年度部门决算", "", "收入决算表", "编制单位：示例市生态环境局 金额单位：万元", ""]
# what the rows print (the tests' own transcription): code → (本年收入合计, 财政拨款小计,
# 一般公共预算财政拨款, 其他收入)
INCOME_FINAL = {"合计": ("850.00", "830.00", "830.00", "20.00"), "201": ("715.00", "695.00", "695.00", "20.00"),
                "20103": ("715.00", "695.00", "695.00", "20.00"), "2010301": ("525.00", "525.00", "525.00", None),
                "2010302": ("190.00", "170.00", "170.00", "20.00"), "208": ("64.80", "64.80", "64.80", None),
                "20805": ("64.80", "64.80", "64.80", None), "2080505": ("64.80", "64.80", "64.80", None),
                "210": ("30.12", "30.12", "30.12", None), "21011": ("30.12", "30.12", "30.12", None),
                "2101101": ("30.12", "30.12", "30.12", None), "221": ("40.08", "40.08", "40.08", None),
                "22102": ("40.08", "40.08", "40.08", None), "2210201": ("40.08", "40.08", "40.08", None)}


def final_income(tmp_path, layout: list[str]):
    return parse(write(tmp_path, layout, FINAL_HEAD))


def test_final_income_header_wrapped_a_few_characters_a_line_read_by_its_column_numbers(tmp_path):
    """No 收入支出决算总表 to say which budget types are empty: each amount is still read in the
    column its 栏次 number stands over, the header's stacks (一般公共 / 预算财政 / 拨款, 政府 /
    性基 / 金预 / …) naming the columns (before: read by order, 830.00 left open among the
    three budget types, and the header reported as fragments)."""
    disc = final_income(tmp_path, INCOME_FINAL_LAYOUT)
    got = cells(disc, "income")
    for code, (total, fiscal, gpb, other) in INCOME_FINAL.items():
        want = [("total", [], total), ("fiscal", [], fiscal), ("gpb", [], gpb)]
        assert got[code] == want + ([("other_income", [], other)] if other else []), code
    assert not issues(disc, "ambiguous-column") and not issues(disc, "columns-by-order")


def test_final_income_header_with_a_stack_naming_no_column_is_not_rewritten(tmp_path):
    """Near miss: one stack names no template column (自筹资 / 金 where 其他收 / 入 stood): the
    numbers are not given the columns' names; the table is read by order as before."""
    layout = [ln.replace("其他收", "自筹资") for ln in INCOME_FINAL_LAYOUT]
    at = next(i for i, ln in enumerate(layout) if "入合计" in ln)
    layout[at] = layout[at][:-1] + "金"
    disc = final_income(tmp_path, layout)
    assert issues(disc, "columns-by-order")


def test_final_income_header_over_fewer_numbers_than_stacks_is_not_rewritten(tmp_path):
    """Near miss: the 栏次 row numbers 9 columns under 10 stacks: no stack is given a number.
    The stacks themselves still head their amounts (一般公共 / 预算财政 / 拨款 joined as a header
    of three lines, probe 35b), so each amount is read in its column all the same, never by
    a number."""
    layout = [ln.replace("   10", "") if ln.startswith("栏次") else ln for ln in INCOME_FINAL_LAYOUT]
    got = cells(final_income(tmp_path, layout), "income")
    for code, (total, fiscal, gpb, other) in INCOME_FINAL.items():
        want = [("total", [], total), ("fiscal", [], fiscal), ("gpb", [], gpb)]
        assert got[code] == want + ([("other_income", [], other)] if other else []), code


# ---- the identities: a group whose rows are down to one reading each -------------------------

EXPENDITURE_HEAD = [ln.replace("部门收入总体情况表", "部门支出总体情况表").replace("表 2", "表 3") for ln in HEAD]


def test_a_misprinted_total_does_not_unsettle_a_row_its_own_class_places(tmp_path):
    """合计 prints 项目支出 45.00 where its classes hold 20.00 + 20.00 (a defect of the print):
    the group 合计 → classes no longer adds up once every row in it is down to its one reading,
    yet 20502's 15.00 is 基本支出 by its own class (205's 35.00 = 20.00 + 15.00), and stays so;
    the checks report the 合计's column."""
    from budgetlens.checks import check

    disc = parse(write(tmp_path, [
        "功能分类科目编码 功能分类科目名称 合计 基本支出 项目支出",
        "合计 100.00 60.00 45.00",
        "201 一般公共服务支出 45.00 25.00 20.00",
        "201 03 政府办公厅（室）及相关机构事务 45.00 25.00 20.00",
        "205 教育支出 55.00 35.00 20.00",
        "205 01 教育管理事务 40.00 20.00 20.00",
        "205 02 普通教育 15.00 15.00"], EXPENDITURE_HEAD))
    got = cells(disc, "expenditure")
    assert got["20502"] == [("total", [], "15.00"), ("basic", [], "15.00")]
    assert any(f.severity == "error" and "45.00" in f.message for f in check(disc).findings)


def test_tables_that_add_up_keep_their_printed_reading():
    """Random classified tables that add up, their empty cells vanished: no amount is decided
    into a column other than the one it was printed in (the group check's shortcut for rows
    down to one reading each never keeps a wrong one)."""
    import random
    from decimal import Decimal

    from budgetlens import identities as ids

    columns, sums = ["total", "a", "b", "c"], [("total", ["a", "b", "c"])]
    rng = random.Random(35)
    for _ in range(300):
        tree = [[None] * rng.choice([0, 1, 2]) for _ in range(rng.choice([2, 3]))]
        rows: list[dict] = [{}]
        groups, classes = [], []
        for kids in tree:
            at = len(rows)
            rows.append({})
            leaves = list(range(len(rows), len(rows) + len(kids)))
            for _kid in kids:
                parts = {k: rng.choice([0, 0, 0, 5, 10, 20]) for k in "abc"}
                rows.append({**parts, "total": sum(parts.values())})
            if leaves:
                rows[at] = {k: sum(rows[i][k] for i in leaves) for k in columns}
                groups.append((at, leaves))
            else:
                parts = {k: rng.choice([0, 5, 10]) for k in "abc"}
                rows[at] = {**parts, "total": sum(parts.values())}
            classes.append(at)
        rows[0] = {k: sum(rows[i][k] for i in classes) for k in columns}
        groups.insert(0, (0, classes))
        printed = [[(Decimal(r[k]), 2) for k in columns if r[k]] for r in rows]
        if not all(printed):
            continue
        narrowed, _ = ids.resolve_printed(printed, columns, groups, sums, (), 0)
        for row, per_value in zip(rows, narrowed):
            for key, choices in zip([k for k in columns if row[k]], per_value):
                assert key in choices, (rows, narrowed)


# ---- a table continued over pages, a page number between ------------------------------------

INCOME_HEADER = "功能分类科目编码 功能分类科目名称 总计 财政拨款（补助）小计 单位资金"


def over_two_pages(between: list[str]) -> list[str]:
    return [INCOME_HEADER, "合计 130.00 100.00 30.00", "201 一般公共服务支出 100.00 100.00",
            "201 03 政府办公厅（室）及相关机构事务 100.00 100.00", *between,
            "205 教育支出 30.00 30.00", "205 01 教育管理事务 30.00 30.00"]


@pytest.mark.parametrize("folio", ["- 3 -", "3", "\f3"])
def test_page_number_between_pages_is_no_row(tmp_path, folio):
    """A page's number ("- 3 -", or a bare 3 before the header the next page repeats) is no row
    of the table: before, it was read as a row named 3-, which the identities took for a
    unit's subtotal over 205, and 201's and 205's second amounts were left open between
    财政拨款 and 单位资金 (合计's columns decide them: 100.00 + 0, 0 + 30.00)."""
    disc = parse(write(tmp_path, over_two_pages([folio, INCOME_HEADER])))
    got = cells(disc, "income")
    assert list(got) == ["合计", "201", "20103", "205", "20501"]
    for code in ("201", "20103"):
        assert got[code] == [("total", [], "100.00"), ("fiscal", [], "100.00")]
    for code in ("205", "20501"):
        assert got[code] == [("total", [], "30.00"), ("unit_funds", [], "30.00")]
    assert not issues(disc, "ambiguous-column")


def test_class_code_alone_on_its_line_is_no_page_number(tmp_path):
    """Near miss: a class's code alone on its line, its name and amounts on the next: the code
    is the row's (the line after it was not printed before)."""
    lines = over_two_pages([])
    at = lines.index("205 教育支出 30.00 30.00")
    lines[at:at + 1] = ["205", "教育支出 30.00 30.00"]
    got = cells(parse(write(tmp_path, lines)), "income")
    assert got["205"] == [("total", [], "30.00"), ("unit_funds", [], "30.00")]


# ---- 决算: 财政拨款收入支出决算总表 with carry-over by budget type ------------------------------

FISCAL_FINAL = [
    "示例市生态环境局2024年度部门决算", "", "表4", "", "财政拨款收入支出决算总表",
    "编制单位：示例市生态环境局 金额单位：万元", "",
    "收入 支出",
    "项目 行次 金额 项目 行次 合计 一般公共预算财政拨款 政府性基金预算财政拨款 国有资本经营预算财政拨款",
    "栏次 1 栏次 2 3 4 5",
    "一、一般公共预算财政拨款 1 830.00 一、一般公共服务支出 33 685.76 685.76",
    "二、政府性基金预算财政拨款 2 二、社会保障和就业支出 34 64.80 64.80",
    "三、国有资本经营预算财政拨款 3 三、卫生健康支出 35 30.12 30.12",
    "四、住房保障支出 36 45.60 45.60",
    "本年收入合计 4 830.00 本年支出合计 59 826.28 826.28",
    "年初财政拨款结转和结余 5 8.00 年末财政拨款结转和结余 60 11.72 11.72",
    "一般公共预算财政拨款 6 8.00",
    "政府性基金预算财政拨款 7",
    "国有资本经营预算财政拨款 8",
    "总计 9 838.00 总计 64 838.00 838.00"]
# 支出 rows as printed: name → (合计, its one budget type's amount)
FISCAL_FINAL_SPENDING = {"一、一般公共服务支出": "685.76", "二、社会保障和就业支出": "64.80", "三、卫生健康支出": "30.12",
                         "四、住房保障支出": "45.60", "本年支出合计": "826.28", "年末财政拨款结转和结余": "11.72",
                         "总计": "838.00"}


def spending_cells(disc) -> dict[str, list[tuple[str | None, list[str], str]]]:
    table = next(t for t in disc.tables if t.kind == "fiscal_summary")
    return {r.name: [(c.column, c.candidates, str(c.amount)) for c in r.cells] for r in table.rows
            if r.side == "expenditure"}


def test_final_fiscal_spending_of_the_one_type_with_income_or_carryover(tmp_path):
    """The 年初财政拨款结转和结余 rows by budget type print 一般公共预算 8.00 and nothing for the
    other two, whose income rows are empty too: those two types have no money to spend, so
    each spending row's second amount is 一般公共预算's (before: left open among the three
    types as soon as any carry-over was printed; the carry-over's budget-type rows were not
    read as carry-over, being under an unnumbered heading)."""
    path = tmp_path / "final.txt"
    path.write_text("\n".join([*FISCAL_FINAL, ""]), encoding="utf-8")
    disc = parse(path)
    got = spending_cells(disc)
    for name, amount in FISCAL_FINAL_SPENDING.items():
        assert got[name] == [("expenditure:total", [], amount), ("expenditure:gpb", [], amount)], name
    table = next(t for t in disc.tables if t.kind == "fiscal_summary")
    sources = {r.name: r.coords.get("source") for r in table.rows if r.side == "income"}
    assert sources["政府性基金预算财政拨款"] == "fiscal_carryover_gov_fund"
    assert sources["总计"] == "total"


def test_final_fiscal_spending_open_where_a_type_carries_money_over(tmp_path):
    """Near miss: 政府性基金 carries 3.00 over (一般公共预算 5.00): its spending may be any row's
    second amount, so those stay open between the two types that have money — never
    国有资本经营, which has none."""
    lines = [ln.replace("一般公共预算财政拨款 6 8.00", "一般公共预算财政拨款 6 5.00")
             .replace("政府性基金预算财政拨款 7", "政府性基金预算财政拨款 7 3.00") for ln in FISCAL_FINAL]
    path = tmp_path / "final.txt"
    path.write_text("\n".join([*lines, ""]), encoding="utf-8")
    got = spending_cells(parse(path))
    gpb_or_fund = ["expenditure:gpb", "expenditure:gov_fund"]
    assert got["一、一般公共服务支出"][1] == (None, gpb_or_fund, "685.76")
    assert all(row[1][1] in ([], gpb_or_fund) and "expenditure:state_capital" not in row[1][1] for row in got.values())


# ---- OCR text: a space inside a figure --------------------------------------------------------

YUAN_HEAD = [ln.replace("部门收入总体情况表", "部门支出总体情况表").replace("表 2", "表 3").replace("万元", "元") for ln in HEAD]
YUAN_ROWS = ["功能分类科目编码 功能分类科目名称 合计 基本支出 项目支出",
             "合计 3,452,100.50 2,452,100.50 1,000,000.00",
             "201 一般公共服务支出 3,452,100.50 2,452,100.50 1,000,000.00",
             "201 03 政府办公厅（室）及相关机构事务 3,452,100.50 2,452,100.50 1,000,000.00",
             "201 03 01 行政运行 2,452,100.50 2,452,100.50",
             "201 03 02 一般行政管理事务 1,000,000.00 1,000,000.00"]


@pytest.mark.parametrize("cut", [("1,000,000.00 1,000,000.00", "1,000,000.00 1,000, 000.00"),
                                 ("1,000,000.00 1,000,000.00", "1, 000,000.00 1,000,000. 00"),
                                 ("2,452,100.50 2,452,100.50", "2,452,1 00.50 2,452,100 .50")])
def test_ocr_space_inside_a_figure_keeps_the_figure(tmp_path, cut):
    """A 元 table whose OCR text cut a figure with a space ("1,000, 000.00", "2,452,1 00.50"):
    the figure is read whole. Before, the row's amounts were read from its end up to the cut:
    "000.00" as 0.00, the rest taken for the row's name."""
    old, new = cut
    rows = [r.replace(old, new) if r.startswith("201 03 0") else r for r in YUAN_ROWS]
    got = cells(parse(write(tmp_path, rows, YUAN_HEAD)), "expenditure")
    assert got["2010301"] == [("total", [], "2452100.50"), ("basic", [], "2452100.50")]
    assert got["2010302"] == [("total", [], "1000000.00"), ("project", [], "1000000.00")]


def test_figures_a_space_apart_stay_apart(tmp_path):
    """Near miss: two whole figures a space apart, and bare integers among them, are not joined
    (each a figure of its own), nor a code's parts."""
    from budgetlens.extract.rows import joined_figures

    for text in ("201 03 01 行政运行 2,452,100.50 2,452,100.50", "合计 46.56 25 21.56", "本年收入合计 9 850.00",
                 "合计 1,000 2,000", "1. 项目 2. 名称"):
        assert joined_figures(text) == text
    got = cells(parse(write(tmp_path, YUAN_ROWS, YUAN_HEAD)), "expenditure")
    assert got["2010302"] == [("total", [], "1000000.00"), ("project", [], "1000000.00")]


# ---- 决算: a header's words a space apart over 栏次 numbers, amounts between the numbers ------

# pdftotext -layout of the 收入决算表 on a landscape page: the header's words closed up a space
# apart over the 栏次 numbers; the amounts flush right, between their number and the next
INCOME_FINAL_WIDE = [
    '项目',
    '                                      本年收入合计 财政拨款收入 上级补助收入 事业收入 经营收入 附属单位上缴收入 其他收入',
    '功能分类科目编码 科目名称',
    '栏次                                    1            2             3      4   5   6   7',
    '合计                                        850.00       830.00                           20.00',
    '201       一般公共服务支出                        715.00       695.00                           20.00',
    '20103     政府办公厅（室）及相关机构事务                 715.00       695.00                           20.00',
    '2010301   行政运行                            525.00       525.00',
    '2010302   一般行政管理事务                        190.00       170.00                           20.00',
    '208       社会保障和就业支出                        64.80        64.80',
    '20805     行政事业单位养老支出                       64.80        64.80',
    '2080505   机关事业单位基本养老保险缴费支出                 64.80        64.80',
    '210       卫生健康支出                           30.12        30.12',
    '21011     行政事业单位医疗                         30.12        30.12',
    '2101101   行政单位医疗                           30.12        30.12',
    '221       住房保障支出                           40.08        40.08',
    '22102     住房改革支出                           40.08        40.08',
    '2210201   住房公积金                            40.08        40.08',
]


def test_final_income_amounts_between_the_column_numbers_read_under_theirs(tmp_path):
    """其他收入's 20.00 stands right of 7 with 3 … 6 (columns empty on the page) before it, 合计's
    850.00 between 1 and 2: each is read in the column whose number ends before it, not the
    table by order (before: "850.00 所在列上方没有表头")."""
    disc = final_income(tmp_path, INCOME_FINAL_WIDE)
    got = cells(disc, "income")
    for code, (total, fiscal, _, other) in INCOME_FINAL.items():
        want = [("total", [], total), ("fiscal", [], fiscal)]
        assert got[code] == want + ([("other_income", [], other)] if other else []), code
    assert not issues(disc, "columns-by-order")


def test_final_income_amount_before_the_first_number_is_not_placed_by_them(tmp_path):
    """Near miss: an amount ending before the first 栏次 number (under the labels) has no number
    before it: the numbers give it no column, and the table is read by order, as before."""
    layout = list(INCOME_FINAL_WIDE)
    at = next(i for i, ln in enumerate(layout) if ln.startswith("合计"))
    layout[at] = "合计" + " " * 26 + "850.00" + " " * 21 + "830.00" + " " * 27 + "20.00"
    disc = final_income(tmp_path, layout)
    assert issues(disc, "columns-by-order")


# ---- a change column beside the year's budget (plain 三公 table) --------------------------------

THREE_HEAD = [ln.replace("部门收入总体情况表", "财政拨款“三公”经费支出情况表").replace("表 2", "表 10") for ln in HEAD]
# item, 本年预算数, 增减额 (the tests' own figures)
THREE_ROWS = [("合计", "83.00", "-30.00"), ("因公出国（境）费", "0.00", "0.00"), ("公务用车购置及运行费", "78.00", "0.00"),
              ("其中：公务用车购置费", "0.00", "0.00"), ("公务用车运行费", "78.00", "0.00"), ("公务接待费", "5.00", "-30.00")]


def test_change_column_beside_the_budget_is_not_read_as_an_amount(tmp_path):
    """项目 | 本年预算数 | 增减额, items as rows: each item's first amount is its budget, the change
    beside it the change (the template's 增减额 column, rows_years), never this year's budget
    (before: 83.00 was read as last year's budget and -30.00 as this year's, in silence but
    for the header's unmapped word)."""
    disc = parse(write(tmp_path, ["项目 本年预算数 增减额", *(" ".join(r) for r in THREE_ROWS)], THREE_HEAD))
    got = cells(disc, "three_public")
    for name, amount, change in THREE_ROWS:
        assert got[name] == [("total", [], amount), ("change", [], change)], name


def test_unknown_word_before_the_first_named_column_is_no_column(tmp_path):
    """Near miss: an unknown word before the first column the header names (资金性质 over a
    label column the template does not know) is not taken for an amount column, even where a
    row prints one amount more than the named columns."""
    disc = parse(write(tmp_path, [
        "资金性质 总计 财政拨款（补助）小计 单位资金",
        "类 款 项",
        "合计 130.00 100.00 30.00",
        "201 一般公共服务支出 1.00 130.00 100.00 30.00"]))
    assert not issues(disc, "column-not-in-template")


# ---- 决算: 收入决算表 by budget type, 表1 printing 财政拨款收入 alone -------------------------------

def final_income_plain(fiscal_lines: list[str]) -> str:
    """A 决算 document of 表1 (财政拨款收入 in one row), 表2 (财政拨款收入 split by budget type,
    plain text: empty cells vanished) and 表4 (its income by budget type as `fiscal_lines`)."""
    return "\n".join([
        "示例市生态环境局2024年度部门决算", "", "表1", "", "收入支出决算总表", "编制单位：示例市生态环境局 金额单位：万元", "",
        "收入 支出", "项目 行次 金额 项目 行次 金额", "栏次 1 栏次 2",
        "一、财政拨款收入 1 830.00 一、一般公共服务支出 32 715.00", "二、上级补助收入 2 二、社会保障和就业支出 33 135.00",
        "三、事业收入 3", "四、经营收入 4", "五、附属单位上缴收入 5", "六、其他收入 6 20.00",
        "本年收入合计 7 850.00 本年支出合计 59 850.00", "总计 12 850.00 总计 62 850.00", "",
        "表2", "", "收入决算表", "编制单位：示例市生态环境局 金额单位：万元", "",
        "项目 本年收入合计 财政拨款收入 上级补助收入 事业收入 经营收入 附属单位上缴收入 其他收入",
        "功能分类科目编码 科目名称 小计 一般公共预算财政拨款 政府性基金预算财政拨款 国有资本经营预算财政拨款",
        "栏次 1 2 3 4 5 6 7 8 9 10",
        "合计 850.00 830.00 700.00 130.00 20.00",
        "201 一般公共服务支出 715.00 695.00 695.00 20.00",
        "20103 政府办公厅（室）及相关机构事务 715.00 695.00 695.00 20.00",
        "2010301 行政运行 715.00 695.00 695.00 20.00",
        "208 社会保障和就业支出 135.00 135.00 5.00 130.00",
        "20805 行政事业单位养老支出 135.00 135.00 5.00 130.00",
        "2080505 机关事业单位基本养老保险缴费支出 135.00 135.00 5.00 130.00", "",
        "表4", "", "财政拨款收入支出决算总表", "编制单位：示例市生态环境局 金额单位：万元", "",
        "收入 支出", "项目 行次 金额 项目 行次 合计 一般公共预算财政拨款 政府性基金预算财政拨款 国有资本经营预算财政拨款",
        "栏次 1 栏次 2 3 4 5", *fiscal_lines,
        "本年收入合计 4 830.00 本年支出合计 59 830.00 700.00 130.00", "总计 9 830.00 总计 64 830.00 700.00 130.00", ""])


FISCAL_BY_TYPE = ["一、一般公共预算财政拨款 1 700.00 一、一般公共服务支出 33 695.00 695.00",
                  "二、政府性基金预算财政拨款 2 130.00 二、社会保障和就业支出 34 135.00 5.00 130.00",
                  "三、国有资本经营预算财政拨款 3"]


def test_final_income_by_budget_type_placed_by_the_fiscal_summarys_income(tmp_path):
    """表1 prints 财政拨款收入 830.00 alone; 表4 prints it by type: 一般公共预算 700.00, 政府性基金
    130.00, 国有资本经营 nothing. 表2's 合计 700.00 130.00 are those two types, and each row's
    budget-type amounts take the types the column sums allow (before: all left open among the
    three types, nothing printing them in 表1)."""
    path = tmp_path / "final.txt"
    path.write_text(final_income_plain(FISCAL_BY_TYPE), encoding="utf-8")
    got = cells(parse(path), "income")
    assert got["合计"] == [("total", [], "850.00"), ("fiscal", [], "830.00"), ("gpb", [], "700.00"),
                         ("gov_fund", [], "130.00"), ("other_income", [], "20.00")]
    assert got["201"] == [("total", [], "715.00"), ("fiscal", [], "695.00"), ("gpb", [], "695.00"),
                          ("other_income", [], "20.00")]
    assert got["208"] == [("total", [], "135.00"), ("fiscal", [], "135.00"), ("gpb", [], "5.00"),
                          ("gov_fund", [], "130.00")]


def test_final_income_by_budget_type_without_the_fiscal_summarys_types_stays_open(tmp_path):
    """Near miss: 表4 prints no income by type (本年收入合计 alone): 201's 695.00 stays open
    between the types the 合计's 700.00 may be (before its 130.00: 一般公共预算 or 政府性基金)."""
    path = tmp_path / "final.txt"
    path.write_text(final_income_plain(["一、一般公共服务支出 33 695.00 695.00",
                                        "二、社会保障和就业支出 34 135.00 5.00 130.00"]), encoding="utf-8")
    got = cells(parse(path), "income")
    assert got["201"][2][:2] == (None, ["gpb", "gov_fund"])
