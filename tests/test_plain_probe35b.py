"""Layout, plain and OCR text tables (probe 35, round 2): what each printed amount is read as,
compared with the figures the test itself prints."""

from __future__ import annotations

from budgetlens.pipeline import parse


def write(tmp_path, lines: list[str]):
    path = tmp_path / "budget.txt"
    path.write_text("\n".join([*lines, ""]), encoding="utf-8")
    return path


def cells(disc, kind: str) -> dict[str, list[tuple[str | None, list[str], str]]]:
    table = next(t for t in disc.tables if t.kind == kind)
    return {r.code or r.name: [(c.column, c.candidates, str(c.amount)) for c in r.cells] for r in table.rows}


def issues(disc, code: str) -> list[str]:
    return [i.message for i in disc.issues if i.code == code]


# ---- layout text: an amount column with two headers between it and the column before ---------

# pdftotext -layout of a Shanghai 三公 table: the headers centred in their cells, the amounts
# flush right; 购置费 is empty, so 运行费's amount stands after two headers (购置费, 运行费)
THREE_LAYOUT = [
    "示例区示例局2025年单位预算", "",
    "                         2025年单位“三公”经费和机关运行经费预算表",
    "编制单位：示例区示例局                                                                       单位:万元", "", "",
    "                                  “三公”经费预算数",
    "                                                                               机关运行经费预算",
    "                                                    公务用车购置及运行费",
    "   合计            因公出国(境)费      公务接待费                                               数",
    "                                           小计           购置费      运行费",
]


def three_public(tmp_path, amounts: str) -> dict[str, str]:
    disc = parse(write(tmp_path, [*THREE_LAYOUT, amounts]))
    table = next(t for t in disc.tables if t.kind == "three_public")
    return {c.column or "|".join(c.candidates): str(c.amount) for r in table.rows for c in r.cells}


def test_amount_after_two_headers_is_the_last_ones_where_the_columns_say_so(tmp_path):
    """38.20 ends 9½ columns past 运行费's middle, as every headed amount ends 6½–10 past its
    header's: it is 运行费's (the cell of 购置费 ends before 运行费's text). Before: left open
    between 购置费 and 运行费."""
    got = three_public(tmp_path, "         58.60         12.00        8.40        38.20                  38.20         415.36")
    assert got == {"total": "58.60", "abroad": "12.00", "reception": "8.40", "vehicle": "38.20",
                   "vehicle_operation": "38.20", "operating_cost": "415.36"}


def test_amount_before_the_second_headers_middle_is_the_first_ones(tmp_path):
    """Near miss: 38.20 stands under 购置费 and ends before 运行费's text (购置费 printed, 运行费
    empty): 购置费's, as before."""
    got = three_public(tmp_path, "         58.60         12.00        8.40        38.20     38.20                      415.36")
    assert got["vehicle_purchase"] == "38.20" and "vehicle_operation" not in got


def test_amount_farther_from_the_last_header_than_the_table_prints_stays_open(tmp_path):
    """Near miss: 38.20 ends 13½ columns past 运行费's middle where the headed amounts end
    6½–10 past theirs (the 机关运行经费 column moved right): the distances do not confirm the
    last header, so it stays open between the two, as before."""
    layout = [ln.replace("机关运行经费预算", " " * 10 + "机关运行经费预算").replace("   数", " " * 13 + "数")
              if "机关" in ln or ln.endswith("数") else ln for ln in THREE_LAYOUT]
    disc = parse(write(tmp_path, [*layout,
                                  "         58.60         12.00        8.40        38.20" + " " * 22 + "38.20" + " " * 13 + "415.36"]))
    table = next(t for t in disc.tables if t.kind == "three_public")
    got = {str(c.amount): c.candidates for r in table.rows for c in r.cells if c.column is None}
    assert got == {"38.20": ["vehicle_purchase", "vehicle_operation"]}


# ---- layout text: a narrow 财政拨款收入支出决算总表, names wrapped around their amounts' line -----

def at(*parts: tuple[int, str]) -> str:
    """A line of pdftotext -layout text: each text from its character column."""
    line = ""
    for col, text in sorted(parts):
        line = line.ljust(col) + text
    return line


def right(end: int, text: str) -> tuple[int, str]:
    return end - len(text), text


FISCAL_NARROW_HEAD = [
    "示例市生态环境局2024年度部门决算", "", at((20, "财政拨款收入支出决算总表")),
    at((0, "编制单位：示例市生态环境局"), (60, "金额单位：万元")),
    at((8, "收入"), (44, "支出")),
    at((46, "一般公共"), (56, "政府性基"), (66, "国有资本")),
    at((2, "项目"), (10, "行次"), (16, "金额"), (24, "项目"), (32, "行次"), (38, "合计"), (46, "预算财政"), (56, "金预算财"),
       (66, "经营预算")),
    at((47, "拨款"), (57, "政拨款"), (66, "财政拨款")),
    at((2, "栏次"), (17, "1"), (24, "栏次"), (39, "2"), (48, "3"), (58, "4"), (68, "5"))]


def figures(*texts: str) -> str:
    """A row's figures: income 行次, 金额; expenditure 行次, 合计, 一般公共预算, 政府性基金 ('' empty)."""
    return at(*(right(end, t) for end, t in zip([11, 20, 33, 42, 52, 62], texts) if t))


def names(income: str, spending: str) -> str:
    return at(*((col, t) for col, t in ((0, income), (22, spending)) if t))


def row(income: str, spending: str, *texts: str) -> str:
    return at(*((col, t) for col, t in ((0, income), (22, spending)) if t),
              *(right(end, t) for end, t in zip([11, 20, 33, 42, 52, 62], texts) if t))


def wrapped_around(income: tuple[str, str], spending: tuple[str, str], *texts: str) -> list[str]:
    """A row whose two names wrap over two lines centred on it: the amounts on a line between."""
    return [names(income[0], spending[0]), figures(*texts), names(income[1], spending[1])]


FISCAL_NARROW = [
    *wrapped_around(("一、一般公共预", "算财政拨款"), ("一、一般公共服", "务支出"), "1", "830.00", "33", "685.76", "685.76"),
    *wrapped_around(("二、政府性基金", "预算财政拨款"), ("二、社会保障和", "就业支出"), "2", "", "34", "64.80", "64.80"),
    *wrapped_around(("三、国有资本经", "营预算财政拨款"), ("三、卫生健康支", "出"), "3", "", "35", "30.12", "30.12"),
    *wrapped_around(("", ""), ("四、住房保障支", "出"), "", "", "36", "49.32", "49.32"),
    row("本年收入合计", "本年支出合计", "4", "830.00", "59", "829.00", "829.00"),
    *wrapped_around(("年初财政拨款", "结转和结余"), ("年末财政拨款", "结转和结余"), "5", "10.00", "60", "11.00", "11.00"),
    row("总计", "总计", "9", "840.00", "64", "840.00", "840.00")]
# what each side's rows print (the test's own transcription)
NARROW_INCOME = {"一、一般公共预算财政拨款": ["830.00"], "二、政府性基金预算财政拨款": [], "三、国有资本经营预算财政拨款": [],
                 "本年收入合计": ["830.00"], "年初财政拨款结转和结余": ["10.00"], "总计": ["840.00"]}
NARROW_SPENDING = {"一、一般公共服务支出": "685.76", "二、社会保障和就业支出": "64.80", "三、卫生健康支出": "30.12",
                   "四、住房保障支出": "49.32", "本年支出合计": "829.00", "年末财政拨款结转和结余": "11.00", "总计": "840.00"}


def sides(disc) -> tuple[dict, dict]:
    table = next(t for t in disc.tables if t.kind == "fiscal_summary")
    income = {r.name: [str(c.amount) for c in r.cells] for r in table.rows if r.side == "income"}
    spending = {r.name: [(c.column, str(c.amount)) for c in r.cells] for r in table.rows if r.side == "expenditure"}
    return income, spending


def test_narrow_fiscal_summary_names_wrapped_around_their_amounts(tmp_path):
    """Each name wrapped over two lines with the row's 行次 and amounts on a line between: the
    two lines join on each side (the first row's head is no header; 一、一般公共预算 names an
    item alone yet its tail follows the amounts), and the amounts are their row's. Before: the
    amounts' lines were rows of their own named by their 行次 ("2 34" with 64.80 as income), the
    spending amounts read as income, with only the general warning of the plain reading."""
    income, spending = sides(parse(write(tmp_path, FISCAL_NARROW_HEAD + FISCAL_NARROW)))
    assert income == NARROW_INCOME
    assert spending == {name: [("expenditure:total", amount), ("expenditure:gpb", amount)]
                        for name, amount in NARROW_SPENDING.items()}


def test_narrow_fiscal_summary_amounts_on_the_names_first_line_read_as_before(tmp_path):
    """Near miss: the amounts printed on the names' first line, their tails below: each row is
    read as before (the tail joins the name; 一、一般公共预算 takes no tail but its own)."""
    lines = list(FISCAL_NARROW)
    for at_figures in [k for k, ln in enumerate(lines) if ln.lstrip()[:1].isdigit()][::-1]:
        head, amounts = lines[at_figures - 1], lines[at_figures]       # one line: the head, then the amounts
        lines[at_figures - 1:at_figures + 1] = ["".join(a if a != " " else h for h, a in
                                                        zip(head.ljust(len(amounts)), amounts.ljust(len(head))))]
    income, spending = sides(parse(write(tmp_path, FISCAL_NARROW_HEAD + lines)))
    assert spending == {name: [("expenditure:total", amount), ("expenditure:gpb", amount)]
                        for name, amount in NARROW_SPENDING.items()}
    assert income["本年收入合计"] == ["830.00"] and income["总计"] == ["840.00"]


# ---- plain text: spaces as thousands separators ------------------------------------------------

YUAN_HEAD = ["示例单位2025年部门预算", "", "表 3", "", "部门支出总体情况表", "", "编制部门：示例单位", "", "单位：元", "",
             "功能分类科目编码 功能分类科目名称 合计 基本支出 项目支出"]
SPACED = ["合计 3 452 100.50 2 452 100.50 1 000 000.00",
          "201 一般公共服务支出 3 452 100.50 2 452 100.50 1 000 000.00",
          "201 03 政府办公厅（室）及相关机构事务 3 452 100.50 2 452 100.50 1 000 000.00",
          "201 03 01 行政运行 2 452 100.50 2 452 100.50",
          "201 03 02 一般行政管理事务 1 000 000.00 1 000 000.00"]


def test_spaces_as_thousands_separators_read_as_one_figure(tmp_path):
    """A 元 table printing "2 452 100.50" (thousands set apart by spaces): each figure is one
    amount, the rows' three columns as printed. Before: 3 of 合计's 3 452 100.50 was read as
    its name, then seven amounts (100.50, 2, 452 …) left open among the columns."""
    got = cells(parse(write(tmp_path, YUAN_HEAD + SPACED)), "expenditure")
    for code in ("合计", "201", "20103"):
        assert got[code] == [("total", [], "3452100.50"), ("basic", [], "2452100.50"), ("project", [], "1000000.00")]
    assert got["2010301"] == [("total", [], "2452100.50"), ("basic", [], "2452100.50")]
    assert got["2010302"] == [("total", [], "1000000.00"), ("project", [], "1000000.00")]


def test_a_whole_number_before_an_amount_stays_apart_where_the_columns_agree(tmp_path):
    """Near miss: "25 521.56" (a whole amount, then an amount) where no line prints more
    figures than the table's columns: not joined into 25521.56."""
    rows = ["合计 546.56 25 521.56", "201 一般公共服务支出 546.56 25 521.56",
            "201 03 政府办公厅（室）及相关机构事务 546.56 25 521.56"]
    got = cells(parse(write(tmp_path, YUAN_HEAD + rows)), "expenditure")
    assert got["合计"] == [("total", [], "546.56"), ("basic", [], "25"), ("project", [], "521.56")]


# ---- OCR text: a class code cut by a space -------------------------------------------------------

EXPENDITURE_HEAD = [ln.replace("单位：元", "单位：万元") for ln in YUAN_HEAD]
CUT_CODE = ["合计 150.00 120.00 30.00",
            "20 1 一般公共服务支出 100.00 80.00 20.00",
            "201 03 政府办公厅（室）及相关机构事务 100.00 80.00 20.00",
            "201 03 01 行政运行 80.00 80.00",
            "201 03 02 一般行政管理事务 20.00 20.00",
            "2 05 教育支出 50.00 40.00 10.00",
            "205 01 教育管理事务 50.00 40.00 10.00"]


def test_class_code_cut_by_a_space_rejoined_where_its_name_says_so(tmp_path):
    """OCR printed 201 as "20 1" and 205 as "2 05": each is its class, its name the class's
    (before: "20" a code part alone, reported, and the row named "1一般公共服务支出", uncoded)."""
    disc = parse(write(tmp_path, EXPENDITURE_HEAD + CUT_CODE))
    table = next(t for t in disc.tables if t.kind == "expenditure")
    got = {r.code: (r.name, [str(c.amount) for c in r.cells]) for r in table.rows if r.code}
    assert got["201"] == ("一般公共服务支出", ["100.00", "80.00", "20.00"])
    assert got["205"] == ("教育支出", ["50.00", "40.00", "10.00"])
    assert not issues(disc, "code-part-alone")


def test_cut_code_whose_name_is_another_class_is_not_rejoined(tmp_path):
    """Near miss: "20 1 教育支出" (教育支出 is 205's): not taken for 201; reported as before."""
    rows = [ln.replace("20 1 一般公共服务支出", "20 1 教育支出") for ln in CUT_CODE]
    disc = parse(write(tmp_path, EXPENDITURE_HEAD + rows))
    table = next(t for t in disc.tables if t.kind == "expenditure")
    assert not any(r.code == "201" for r in table.rows)
    assert issues(disc, "code-part-alone")


def housing_row(*after: str) -> list[str]:
    """FISCAL_NARROW with 四、住房保障支出 printed on one line and its amounts on the line below
    (pdftotext set them a line apart), `after` the lines then."""
    k = next(i for i, ln in enumerate(FISCAL_NARROW) if "四、住房保障支" in ln)
    return [*FISCAL_NARROW[:k], names("", "四、住房保障支出"), figures("", "", "36", "49.32", "49.32"), *after,
            *FISCAL_NARROW[k + 3:]]


def test_amounts_between_two_rows_go_to_the_one_whose_cells_are_empty(tmp_path):
    """49.32 on a line of its own between 四、住房保障支出 and 本年支出合计, which prints its own
    amounts in both columns: a cell holds one amount, so they are 四、住房保障支出's. Before:
    an amount of no row, the table read by the plain reading (rows named by their 行次)."""
    income, spending = sides(parse(write(tmp_path, FISCAL_NARROW_HEAD + housing_row())))
    assert spending["四、住房保障支出"] == [("expenditure:total", "49.32"), ("expenditure:gpb", "49.32")]
    assert income == NARROW_INCOME


def test_amounts_between_two_rows_both_empty_are_said_not_guessed(tmp_path):
    """Near miss: 五、其他支出 (no amounts of its own) below them: either row may own 49.32, so
    neither takes it; each is said with both rows named and the rest of the table is read."""
    disc = parse(write(tmp_path, FISCAL_NARROW_HEAD + housing_row(names("", "五、其他支出"))))
    income, spending = sides(disc)
    assert spending["四、住房保障支出"] == [] and spending["五、其他支出"] == []
    assert spending["本年支出合计"] == [("expenditure:total", "829.00"), ("expenditure:gpb", "829.00")]
    said = issues(disc, "amount-unplaced")
    assert len(said) == 2 and all("49.32" in s and "四、住房保障支出" in s and "五、其他支出" in s for s in said)
    assert income == NARROW_INCOME


def test_a_code_opening_a_line_is_no_thousands_group():
    """Near miss: "201 500.00 300.00 200.00" (a row's code, its name on the line above) prints
    four figures under three columns, yet 201 opens the line: no figure is joined ("201 500.00"
    is no 201,500.00); after a word the same digits would be."""
    from budgetlens.extract.rows import space_grouped

    for line in ("201 500.00 300.00 200.00", "201 03 500.00 300.00 200.00"):
        assert space_grouped([(None, line)], 3) == [(None, line)]
    assert space_grouped([(None, "合计 1 500.00 300.00 1 200.00")], 3) == [(None, "合计 1500.00 300.00 1200.00")]


YUAN_LAYOUT_HEAD = [*YUAN_HEAD[:-1],
                    at((0, "功能分类科目编码"), (18, "功能分类科目名称"), (50, "合计"), (66, "基本支出"), (85, "项目支出"))]


def layout_row(label: str, *amounts: str) -> str:
    """A pdftotext -layout row: the label from column 0, amounts flush right under 合计,
    基本支出 and 项目支出 ('' empty)."""
    return at((0, label), *(right(end, a) for end, a in zip([56, 74, 93], amounts) if a))


def test_layout_text_spaces_as_thousands_separators_read_as_one_figure(tmp_path):
    """pdftotext -layout of a PDF printing "3 452 100.50": each figure one amount in the column
    it stands under (before: 100.50 was read as the 合计 and "3 452" reported unsure)."""
    rows = [layout_row("                  合计", "3 452 100.50", "2 452 100.50", "1 000 000.00"),
            layout_row("201               一般公共服务支出", "3 452 100.50", "2 452 100.50", "1 000 000.00"),
            layout_row(" 201 03           政府办公厅（室）及相关机构事务", "3 452 100.50", "2 452 100.50", "1 000 000.00"),
            layout_row(" 201 03 01        行政运行", "2 452 100.50", "2 452 100.50", ""),
            layout_row(" 201 03 02        一般行政管理事务", "1 000 000.00", "", "1 000 000.00")]
    disc = parse(write(tmp_path, YUAN_LAYOUT_HEAD + rows))
    got = cells(disc, "expenditure")
    for code in ("合计", "201", "20103"):
        assert got[code] == [("total", [], "3452100.50"), ("basic", [], "2452100.50"), ("project", [], "1000000.00")]
    assert got["2010301"] == [("total", [], "2452100.50"), ("basic", [], "2452100.50")]
    assert got["2010302"] == [("total", [], "1000000.00"), ("project", [], "1000000.00")]
    assert not issues(disc, "amount-unsure")


def test_layout_text_one_group_of_three_is_joined_where_the_table_says_so(tmp_path):
    """"1 500.00" (one group after the head) is one figure where the table leaves no other
    reading: every amount prints two decimals (the head 1 prints none: no amount of its own),
    no 行次 column, no figure grouped by commas, and no column's amounts end where the head
    does (session 38; before, it was reported apart). The near misses that leave it apart:
    test_amounts_probe38.test_a_layout_space_that_may_part_columns_is_left."""
    rows = [layout_row("                  合计", "1 500.00", "1 500.00", ""),
            layout_row("201               一般公共服务支出", "1 500.00", "1 500.00", "")]
    disc = parse(write(tmp_path, YUAN_LAYOUT_HEAD + rows))
    got = cells(disc, "expenditure")
    assert got["合计"] == got["201"] == [("total", [], "1500.00"), ("basic", [], "1500.00")]


# ---- layout text: a budget 财政拨款收支总表, an income item in a wording the template lacks --------

FISCAL_BUDGET_HEAD = ["示例单位2025年部门预算", "", "表 4", "", at((16, "财政拨款收支预算总体情况表")),
                      at((0, "编制部门：示例单位"), (56, "单位：万元")), at((8, "收入"), (40, "支出")),
                      at((46, "一般公共"), (56, "政府性基"), (66, "国有资本")),
                      at((2, "项目"), (13, "预算数"), (24, "项目"), (36, "合计"), (46, "预算"), (56, "金预算"), (66, "经营预算"))]


def fiscal_budget(head: str) -> list[str]:
    def figs(*texts: str) -> str:
        return at(*(right(end, t) for end, t in zip([20, 42, 52], texts) if t))

    return [*FISCAL_BUDGET_HEAD,
            at((0, "一、本年收入"), right(20, "830.00"), (22, "一、本年支出"), right(42, "830.00"), right(52, "830.00")),
            names(head, "一般公共服务"), figs("830.00", "685.76", "685.76"), names("预算资金", "支出"),
            names("", "社会保障和就"), figs("", "144.24", "144.24"), names("", "业支出"),
            at((0, "收入总计"), right(20, "830.00"), (22, "支出总计"), right(42, "830.00"), right(52, "830.00"))]


def test_item_wrapped_around_its_amount_joins_in_a_wording_the_template_lacks(tmp_path):
    """（一）一般公共 / 830.00 / 预算资金: the head opens an item, the tail opens none, the amount
    stands between them: one row, 830.00 its (before: two labels, the amount between them read
    into neither; before this round, the whole table sent to the order reading)."""
    income, spending = sides(parse(write(tmp_path, fiscal_budget("（一）一般公共"))))
    assert income == {"一、本年收入": ["830.00"], "（一）一般公共预算资金": ["830.00"], "收入总计": ["830.00"]}
    assert spending["社会保障和就业支出"] == [("expenditure:total", "144.24"), ("expenditure:gpb", "144.24")]


def test_words_opening_no_item_around_an_amount_stay_apart_and_are_said(tmp_path):
    """Near miss: 一般公共 (no item mark, and 一般公共预算资金 no item the template knows) over the
    amount: not joined; the amount between the two is said, not guessed."""
    disc = parse(write(tmp_path, fiscal_budget("一般公共")))
    income, _ = sides(disc)
    assert "一般公共预算资金" not in income
    assert any("830.00" in s and "一般公共" in s and "预算资金" in s for s in issues(disc, "amount-unplaced"))


SUMMARY_YUAN = ["示例单位2025年部门预算", "", "表 1", "", "部门收支总体情况表", "", "编制部门：示例单位", "", "单位：元", "",
                "收入 支出", "项目 预算数 项目 预算数",
                "一、一般公共预算拨款收入 3 452 100.50 一、一般公共服务支出 2 452 100.50",
                "二、政府性基金预算拨款收入 二、教育支出 1 000 000.00",
                "本年收入合计 3 452 100.50 本年支出合计 3 452 100.50",
                "收入总计 3 452 100.50 支出总计 3 452 100.50"]


def test_side_by_side_spaces_as_thousands_separators_read_as_one_figure(tmp_path):
    """A 收支总表 in 元, thousands set apart by spaces: each side's figure whole (before: the
    income side read nothing, each spending row 100.50 or 0.00, its groups in its name)."""
    table = next(t for t in parse(write(tmp_path, SUMMARY_YUAN)).tables if t.kind == "summary")
    got = {(r.side, r.name): [str(c.amount) for c in r.cells] for r in table.rows}
    assert got == {("income", "一、一般公共预算拨款收入"): ["3452100.50"], ("income", "二、政府性基金预算拨款收入"): [],
                   ("income", "本年收入合计"): ["3452100.50"], ("income", "收入总计"): ["3452100.50"],
                   ("expenditure", "一、一般公共服务支出"): ["2452100.50"], ("expenditure", "二、教育支出"): ["1000000.00"],
                   ("expenditure", "本年支出合计"): ["3452100.50"], ("expenditure", "支出总计"): ["3452100.50"]}


def test_rows_numbered_by_line_keep_their_number_apart(tmp_path):
    """Near miss: a 决算 收支总表 printing each row's 行次 a space before its amount ("1 830.00",
    "32 715.00"): no figure is joined (830.00, never 1830.00)."""
    lines = ["示例市生态环境局2024年度部门决算", "", "表1", "", "收入支出决算总表",
             "编制单位：示例市生态环境局 金额单位：元", "", "收入 支出", "项目 行次 金额 项目 行次 金额", "栏次 1 栏次 2",
             "一、财政拨款收入 1 830.00 一、一般公共服务支出 32 715.00", "二、上级补助收入 2 二、社会保障和就业支出 33 115.00",
             "本年收入合计 7 830.00 本年支出合计 59 830.00", "总计 12 830.00 总计 62 830.00"]
    table = next(t for t in parse(write(tmp_path, lines)).tables if t.kind == "summary")
    amounts = {str(c.amount) for r in table.rows for c in r.cells}
    assert "830.00" in amounts and "715.00" in amounts and not any(len(a) > 6 for a in amounts)


# ---- layout text in GBK: a CJK character two columns wide -------------------------------------

def wide_at(*parts: tuple[int, str]) -> str:
    """A line of pdftotext -layout -enc GBK text: each text from its display column (a CJK
    character two columns)."""
    import unicodedata

    line, width = "", 0
    for col, text in sorted(parts):
        line += " " * max(0, col - width) + text
        width = max(col, width) + sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return line


def wide_narrow_fiscal(tail: str = "拨款") -> list[str]:
    """FISCAL_NARROW's table as GBK layout text; `tail`: the last line of 一般公共预算财政拨款's
    header, wrapped over three lines and centred (two columns in under 预算财政)."""
    ends = [18, 29, 48, 60, 70]

    def line(income: str, spending: str, *texts: str) -> str:
        return wide_at(*((col, t) for col, t in ((0, income), (32, spending)) if t),
                       *((end - len(t), t) for end, t in zip(ends, texts) if t))

    def around(income: tuple[str, str], spending: tuple[str, str], *texts: str) -> list[str]:
        return [line(income[0], spending[0]), line("", "", *texts), line(income[1], spending[1])]

    head = ["示例市生态环境局2024年度部门决算", "", wide_at((30, "财政拨款收入支出决算总表")),
            wide_at((0, "编制单位：示例市生态环境局"), (90, "金额单位：万元")), wide_at((12, "收入"), (60, "支出")),
            wide_at((62, "一般公共"), (74, "政府性基"), (86, "国有资本")),
            wide_at((2, "项目"), (16, "行次"), (24, "金额"), (34, "项目"), (46, "行次"), (54, "合计"), (62, "预算财政"),
                    (74, "金预算财"), (86, "经营预算")),
            wide_at((64, tail), (75, "政拨款"), (86, "财政拨款")),
            wide_at((2, "栏次"), (25, "1"), (34, "栏次"), (55, "2"), (66, "3"), (78, "4"), (90, "5"))]
    return [*head,
            *around(("一、一般公共预", "算财政拨款"), ("一、一般公共服", "务支出"), "1", "830.00", "33", "685.76", "685.76"),
            *around(("二、政府性基金", "预算财政拨款"), ("二、社会保障和", "就业支出"), "2", "", "34", "64.80", "64.80"),
            *around(("三、国有资本经", "营预算财政拨款"), ("三、卫生健康支", "出"), "3", "", "35", "30.12", "30.12"),
            *around(("", ""), ("四、住房保障支", "出"), "", "", "36", "49.32", "49.32"),
            line("本年收入合计", "本年支出合计", "4", "830.00", "59", "829.00", "829.00"),
            *around(("年初财政拨款", "结转和结余"), ("年末财政拨款", "结转和结余"), "5", "10.00", "60", "11.00", "11.00"),
            line("总计", "总计", "9", "840.00", "64", "840.00", "840.00")]


def gbk(tmp_path, lines: list[str]):
    path = tmp_path / "budget.txt"
    path.write_bytes("\n".join([*lines, ""]).encode("gbk"))
    return path


def test_gbk_header_wrapped_over_three_lines_names_its_column(tmp_path):
    """一般公共 / 预算财政 / 拨款 in GBK layout text, the last line centred two columns in: one
    header over its column, so each row reads as in UTF-8 (before: the header's three lines
    named no column, and the table went to the plain reading, rows named by their 行次)."""
    income, spending = sides(parse(gbk(tmp_path, wide_narrow_fiscal())))
    assert income == NARROW_INCOME
    assert spending == {name: [("expenditure:total", amount), ("expenditure:gpb", amount)]
                        for name, amount in NARROW_SPENDING.items()}


def test_gbk_header_of_three_lines_naming_no_column_is_not_joined(tmp_path):
    """Near miss: 一般公共 / 预算财政 / 资金 names no template column: not made one header; the
    table is read by order as before."""
    assert issues(parse(gbk(tmp_path, wide_narrow_fiscal("资金"))), "columns-by-order")
