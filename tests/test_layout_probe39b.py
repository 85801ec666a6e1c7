"""Probe 39b: layout text (`pdftotext -layout` of ruled PDFs) read through the whole pipeline;
expectations transcribed from the printed lines."""

from __future__ import annotations

from budgetlens.pipeline import parse

BUDGET_TITLE = ["某某局2025年部门预算", "", "一般公共预算支出情况表", "", "编制单位：某某局 单位：万元", ""]


def read(tmp_path, lines: list[str], kind: str, name: str = "t.txt"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    disc = parse(path)
    return disc, disc.table(kind)


def cells_of(table) -> list[list[tuple[str, str]]]:
    return [[(c.column, str(c.amount)) for c in r.cells] for r in table.rows]


# ---- 基本支出 printed over parts the template does not know --------------------------------

def basic_split(parts: tuple[str, str]) -> list[str]:
    """基本支出 over 小计 | parts, as pdftotext -layout prints the ruled PDF: the group at its
    cell's left, the parts a line below the other headers."""
    a, b = parts
    return [
        "                                  基本支出",
        "科目编码      科目名称      合计                                                      项目支出",
        f"                                  小计              {a:<{19 - len(a)}}{b}",
        "          合计             504.46          418.46       300.00       118.46          86.00",
        "2120101   行政运行           418.46          418.46       300.00       118.46",
        "          一般行政管理事",
        "2120102                   86.00                                                    86.00",
        "          务",
    ]


def test_unknown_parts_of_basic_are_not_read_as_its_known_parts(tmp_path):
    """小计 | 工资福利支出 | 商品和服务支出 under 基本支出 (the template knows 小计 | 人员经费 |
    公用经费): before, the parts' amounts were read by order as 人员经费 and 公用经费 (a
    columns-by-order warning); now 小计 is 基本支出, the parts are left unread and said."""
    disc, table = read(tmp_path, BUDGET_TITLE + basic_split(("工资福利支出", "商品和服务支出")), "gpb_expenditure")
    assert cells_of(table) == [[("total", "504.46"), ("basic", "418.46"), ("project", "86.00")],
                               [("total", "418.46"), ("basic", "418.46")],
                               [("total", "86.00"), ("project", "86.00")]]
    said = [i.message for i in disc.issues if i.code == "column-unmapped"]
    assert len(said) == 2 and "工资福利支出" in said[0] and "商品和服务支出" in said[1]
    assert not [i for i in disc.issues if i.code in ("columns-by-order", "ambiguous-column")]
    assert not [f for f in disc.facts if f.coords.nature in ("personnel", "public")]


def test_known_parts_of_basic_are_still_read(tmp_path):
    """Near miss: 小计 | 人员经费 | 公用经费, the template's own parts: read as they are."""
    disc, table = read(tmp_path, BUDGET_TITLE + basic_split(("人员经费", "公用经费")), "gpb_expenditure")
    assert cells_of(table)[:2] == [
        [("total", "504.46"), ("basic", "418.46"), ("personnel", "300.00"), ("public", "118.46"), ("project", "86.00")],
        [("total", "418.46"), ("basic", "418.46"), ("personnel", "300.00"), ("public", "118.46")]]
    assert not [i for i in disc.issues if i.code in ("column-unmapped", "columns-by-order")]



def test_unknown_parts_of_basic_wrapped_in_their_cells(tmp_path):
    """Four parts, two of them wrapped in their cells over two header lines (商品和服务支 / 出,
    对个人和家庭 / 的补助), printed on other lines than 小计: each part is one column of 基本支出,
    left unread and said (before: every amount of the table left undecided among the columns)."""
    lines = [
        "                                 基本支出",
        "科目编码      科目名称     合计                                      商品和服务支      对个人和家庭     项目支出",
        "                                 小计            工资福利支出",
        "                                                           出           的补助",
        "          合计            504.46        418.46      300.00      100.00      18.46      86.00",
        "2120101   行政运行          418.46        418.46      300.00      100.00      18.46",
        "          一般行政管理",
        "2120102                  86.00                                                       86.00",
        "          事务",
    ]
    disc, table = read(tmp_path, BUDGET_TITLE + lines, "gpb_expenditure")
    assert cells_of(table) == [[("total", "504.46"), ("basic", "418.46"), ("project", "86.00")],
                               [("total", "418.46"), ("basic", "418.46")],
                               [("total", "86.00"), ("project", "86.00")]]
    # each part said unread: as a column the template lacks (a part of 基本支出) or one it cannot map
    said = [i for i in disc.issues if i.code in ("column-unmapped", "column-not-in-template")]
    assert len(said) == 3 and all("基本支出/" in i.message for i in said)
    assert not [i for i in disc.issues if i.code in ("columns-by-order", "ambiguous-column")]

# ---- a continuation mark atop a page ----------------------------------------------------------

GPB_TITLE = ["示例市生态环境局", "", "2024年度部门决算公开", "", "表5", "",
             "一般公共预算财政拨款支出决算表", "", "编制部门：示例市生态环境局                         单位：万元", ""]
GPB_HEADER = "科目编码    科目名称                                  合计        基本支出      项目支出"
PAGE_ONE = [
    "            合计                                    685.88        520.48        165.40",
    "201         一般公共服务支出                        520.36        520.36",
    "2010301     行政运行                                520.36        520.36",
    "208         社会保障和就业支出                       64.80         64.80",
]
PAGE_TWO = [
    "210         卫生健康支出                             30.12         30.12",
    "2101101     行政单位医疗                             30.12         30.12",
    "213         农林水支出                              165.40                      165.40",
    "2130199     其他农业农村支出                        165.40                      165.40",
]
FOLIO = ["", "", "                                        5"]


def rows_of(table) -> list[tuple[str, str, dict[str, str]]]:
    return [(r.code, r.name, {c.column: str(c.amount) for c in r.cells}) for r in table.rows]


def test_continuation_mark_atop_a_page_is_no_row(tmp_path):
    """"续表" (or "（续表）") alone atop the next page, the header printed again below it or
    not: a mark, not a row (before: an empty row named 续表)."""
    last = "2080505     机关事业单位基本养老保险缴费支出         64.80         64.80"
    for n, (mark, again) in enumerate([("续表", []), ("                                        （续表）", [GPB_HEADER])]):
        _, table = read(tmp_path, GPB_TITLE + [GPB_HEADER] + PAGE_ONE + [last] + FOLIO
                           + ["\f" + mark] + again + PAGE_TWO, "gpb_expenditure", f"c{n}.txt")
        got = rows_of(table)
        assert [name for _, name, _ in got] == ["合计", "一般公共服务支出", "行政运行", "社会保障和就业支出",
                                                "机关事业单位基本养老保险缴费支出", "卫生健康支出", "行政单位医疗",
                                                "农林水支出", "其他农业农村支出"], n
        assert got[4] == ("2080505", "机关事业单位基本养老保险缴费支出", {"total": "64.80", "basic": "64.80"})


def test_row_broken_across_a_continuation_mark_is_one_row(tmp_path):
    """The row above broken by the page, its amounts atop the next page below the mark: one
    row, its amounts with its name (before: 续表 was read as the head of its name)."""
    last = "2080505     机关事业单位基本养老保险缴费支出"
    amounts = "                                                     64.80         64.80"
    _, table = read(tmp_path, GPB_TITLE + [GPB_HEADER] + PAGE_ONE + [last] + FOLIO
                    + ["\f续表", amounts] + PAGE_TWO, "gpb_expenditure")
    got = rows_of(table)
    assert got[4] == ("2080505", "机关事业单位基本养老保险缴费支出", {"total": "64.80", "basic": "64.80"})
    assert len(got) == 9


# ---- a header wrapped into narrow stacks over a ※ 1 2 3 … row -------------------------------

PROJECT_TITLE = ["克孜勒苏柯尔克孜自治州电子政务服务中心", "2026 年部门预算公开", "", "表7", "", "",
                 "一般公共预算项目支出情况表", "编制部门：克孜勒苏柯尔克孜自治州电子政务服务中心", "", "单位：万元"]
# as pdftotext -layout prints the ruled PDF: each column's header wrapped a few characters a
# line in its narrow cell, the lines of neighbouring cells interleaved
PROJECT_HEADER = [
    "\f科目编码                                                                             对个人   债务利   资本性              对企业        对社会",
    "                                                   项目支         工资福   商品和         和     息     支     资本性        补     对企   保",
    "                                                                                                                               其他支",
    "            功能分类科目名称               项目名称            出           利     服           家庭的   及费用   出（基   支          助（基   业    障基金",
    "类     款 项                                                                                                                      出",
    "                                                   合计          支出    务支出         补     支     本     出          本     补助   补",
    "                                                                                 助     出     建设）              建设）        助",
]
NUMBERS_MARKED = "※     ※ ※ ※                        ※               1           2     3           4     5     6     7          8     9    10    11"
PROJECT_ROWS = [
    "            总计                                         34.00             29.50                         4.50",
    "201         一般公共服务支出                                   34.00             29.50                         4.50",
    "201 03      政府办公厅（室）及相关机构事务                            34.00             29.50                         4.50",
    "            其他政府办公厅（室）及相关机构事       克州人民政府门户网站运行维",
    "201 03 99                                              18.00             18.00",
    "            务支出                    护费",
    "            其他政府办公厅（室）及相关机构事       克州电子政务内外网运行维护",
    "201 03 99                                              16.00             11.50                         4.50",
    "            务支出                    费",
]


def test_wrapped_header_over_a_marked_number_row_places_each_amount(tmp_path):
    """The 栏次 row printed as ※ under the label columns, then 1 … 11: the stacked header words
    over each number name its column, the amounts ending before the next number are that
    column's (before: the numbers were taken for amounts, 29.50 and 4.50 left undecided among
    nine columns)."""
    disc, table = read(tmp_path, PROJECT_TITLE + PROJECT_HEADER + [NUMBERS_MARKED] + PROJECT_ROWS,
                       "project_expenditure")
    assert [(r.code, r.project, {c.column: str(c.amount) for c in r.cells}) for r in table.rows] == [
        ("", "", {"total": "34.00", "e302": "29.50", "e310": "4.50"}),
        ("201", "", {"total": "34.00", "e302": "29.50", "e310": "4.50"}),
        ("20103", "", {"total": "34.00", "e302": "29.50", "e310": "4.50"}),
        ("2010399", "克州人民政府门户网站运行维护费", {"total": "18.00", "e302": "18.00"}),
        ("2010399", "克州电子政务内外网运行维护费", {"total": "16.00", "e302": "11.50", "e310": "4.50"})]
    assert not [i for i in disc.issues if i.code in ("ambiguous-column", "columns-by-order")]


def test_wrapped_header_over_a_lanci_row_is_read_as_before(tmp_path):
    """Near miss: the same row headed 栏次 (no ※ marks): read as before, the same columns."""
    numbers = "栏次" + NUMBERS_MARKED[2:].replace("※", " ")
    _, table = read(tmp_path, PROJECT_TITLE + PROJECT_HEADER + [numbers] + PROJECT_ROWS, "project_expenditure")
    assert {c.column: str(c.amount) for c in table.rows[-1].cells} == {"total": "16.00", "e302": "11.50", "e310": "4.50"}


# ---- a whole-yuan table whose runs of groups stay open ------------------------------------

YUAN_TITLE = ["示例市生态环境局", "", "2024年度部门决算公开", "", "表5", "",
              "一般公共预算财政拨款支出决算表", "", "编制部门：示例市生态环境局 单位：元", ""]
YUAN_HEADER = ["        科目名称               合计          基本支出      项目支出", "科目编码"]
# whole 元, the thousands a space apart, no line filling every column: where "4 823 600 4 823 600"
# parts is not said
YUAN_OPEN = [
    "2010301 行政运行               4 823 600 4 823 600",
    "2010302 一般行政管理事务           2 030 967             2 030 967",
    "20805   行政事业单位养老支出        380 000     380 000",
]


def test_rows_whose_figures_stay_unread_are_rows(tmp_path):
    """Lines whose figures are not read (cut left open) are rows still: code and name read, the
    figures reported unread (before: the 7- and 5-digit coded lines were taken for header lines,
    their names said as unknown header words and their rows lost)."""
    disc, table = read(tmp_path, YUAN_TITLE + YUAN_HEADER + YUAN_OPEN, "gpb_expenditure")
    assert [(r.code, r.name) for r in table.rows] == [
        ("2010301", "行政运行"), ("2010302", "一般行政管理事务"), ("20805", "行政事业单位养老支出")]
    assert not [f for f in disc.facts if f.coords.table_kind == "gpb_expenditure"]
    assert {13, 14, 15} <= {i.provenance.line for i in disc.issues if i.code == "amount-unsure"}
    assert not [i for i in disc.issues if i.code == "header-unmapped" and "行政运行" in i.message]


def test_rows_under_a_full_line_are_still_read(tmp_path):
    """Near miss: a 合计 line filling every column decides the cut: the rows' amounts read."""
    full = ["        合计                 7 234 567 5 203 600 2 030 967"]
    _, table = read(tmp_path, YUAN_TITLE + YUAN_HEADER + full + YUAN_OPEN, "gpb_expenditure")
    assert [(r.code, {c.column: str(c.amount) for c in r.cells}) for r in table.rows] == [
        ("", {"total": "7234567", "basic": "5203600", "project": "2030967"}),
        ("2010301", {"total": "4823600", "basic": "4823600"}),
        ("2010302", {"total": "2030967", "project": "2030967"}),
        ("20805", {"total": "380000", "basic": "380000"})]


# ---- a project's name broken by the page -----------------------------------------------------

PROJECTS_HEADER = ("科目编码        科目名称              项目名称                              合计         "
                   "商品和服务支出       资本性支出")
PROJECTS_PAGE_ONE = [
    "            总计                                               39.00           32.50        6.50",
    "2130199     其他农业农村支出          农村人居环境整治项目                     18.00           18.00",
    "2130199     其他农业农村支出          高标准农田建设及配套设施维护                 16.00           11.50        4.50",
]
PROJECTS_FOLIO = ["", "", "                                        7"]


def projects(rows) -> list[tuple[str, str]]:
    return [(r.code, r.project) for r in rows]


def test_project_name_tail_atop_the_next_page_joins_its_row(tmp_path):
    """"工程" atop the next page (the header printed again or not), under the project names, no
    code, no amount, the next line a row of its own: the tail of the page before's last row's
    project name, which no classification confirms (before: a line of its own, reported as
    unjoined words, the project's name cut)."""
    page_two = ["\f                              工程",
                "2130199     其他农业农村支出          村级公益事业一事一议奖补                    5.00            3.00        2.00"]
    again = [page_two[0].replace("\f", "\f" + PROJECTS_HEADER + "\n"), page_two[1]]
    for n, lines in enumerate((page_two, again)):
        disc, table = read(tmp_path, PROJECT_TITLE + [PROJECTS_HEADER] + PROJECTS_PAGE_ONE + PROJECTS_FOLIO + lines,
                           "project_expenditure", f"p{n}.txt")
        assert projects(table.rows) == [("", ""), ("2130199", "农村人居环境整治项目"),
                                         ("2130199", "高标准农田建设及配套设施维护工程"),
                                         ("2130199", "村级公益事业一事一议奖补")], n
        assert {c.column: str(c.amount) for c in table.rows[2].cells} == {"total": "16.00", "e302": "11.50", "e310": "4.50"}
        assert not [i for i in disc.issues if i.code == "name-unjoined"], n


def test_project_name_centred_atop_the_next_page_stays_with_its_row(tmp_path):
    """Near miss: the next page's first row's name wrapped around its line (centred: its head
    above the code line, its tail below): the head is that row's, not the page before's."""
    page_two = ["\f                              村级公益事业",
                "2130199     其他农业农村支出          一事一议奖补                          5.00            3.00        2.00",
                "                              资金"]
    _, table = read(tmp_path, PROJECT_TITLE + [PROJECTS_HEADER] + PROJECTS_PAGE_ONE + PROJECTS_FOLIO + page_two,
                    "project_expenditure")
    assert projects(table.rows) == [("", ""), ("2130199", "农村人居环境整治项目"),
                                    ("2130199", "高标准农田建设及配套设施维护"), ("2130199", "村级公益事业一事一议奖补资金")]


def test_a_bare_xu_atop_the_page_is_a_name_tail_not_a_mark(tmp_path):
    """Near miss of the continuation mark: a bare 续 atop the page under the project names is
    the tail of the page before's last project (…登记手 / 续), not a 续表 mark."""
    page_one = PROJECTS_PAGE_ONE[:2] + [
        "2130199     其他农业农村支出          农村土地承包经营权登记手                     16.00           11.50        4.50"]
    page_two = ["\f                              续",
                "2130199     其他农业农村支出          村级公益事业一事一议奖补                    5.00            3.00        2.00"]
    _, table = read(tmp_path, PROJECT_TITLE + [PROJECTS_HEADER] + page_one + PROJECTS_FOLIO + page_two,
                    "project_expenditure")
    assert projects(table.rows)[2] == ("2130199", "农村土地承包经营权登记手续") and len(table.rows) == 4


def test_a_figure_a_space_after_a_name_is_no_part_of_it(tmp_path):
    """A whole figure whose thousands a space sets apart, a single space after a long name
    ("…缴费支出 380 000"), its run left open: the name read without it, the figure reported
    unread under its column (before: "380 000" read into the name, 合计's figure unsaid)."""
    line = "2080505 机关事业单位基本养老保险缴费支出 380 000       380 000"
    disc, table = read(tmp_path, YUAN_TITLE + YUAN_HEADER + YUAN_OPEN + [line], "gpb_expenditure")
    row = table.rows[-1]
    assert (row.code, row.name) == ("2080505", "机关事业单位基本养老保险缴费支出")
    said = [i.message for i in disc.issues if i.code == "amount-unsure" and i.provenance.line == 16]
    assert len(said) == 2 and any("合计" in m for m in said)


def test_a_figure_a_space_after_a_name_is_read_where_the_run_is_decided(tmp_path):
    """Near miss: a 合计 line filling every column decides the runs: the figure after the name
    is read as 合计's amount, as before."""
    lines = ["        合计                 7 234 567 5 203 600 2 030 967",
             "2010301 行政运行               4 823 600 4 823 600",
             "2010302 一般行政管理事务           2 030 967             2 030 967",
             "2080505 机关事业单位基本养老保险缴费支出 380 000       380 000"]
    _, table = read(tmp_path, YUAN_TITLE + YUAN_HEADER + lines, "gpb_expenditure")
    assert [(r.code, r.name, {c.column: str(c.amount) for c in r.cells}) for r in table.rows][-1] == (
        "2080505", "机关事业单位基本养老保险缴费支出", {"total": "380000", "basic": "380000"})
