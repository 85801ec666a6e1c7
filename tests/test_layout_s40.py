"""Session 40: tables in pdftotext -layout text (extract/layout.py, extract/wraps.py). The
inputs are lines as pdftotext -layout prints the seeds' tables rendered to PDF; expectations
are transcribed from the seeds' own text."""

from __future__ import annotations

from budgetlens.pipeline import parse

# seed 000's 表7 as pdftotext -layout prints it: one header 项目 over the code, the name and
# the project columns; each row's name and project wrapped around its code line, the head
# line's two cells one space apart ("…（室）及 克州人民政府门户")
PROJECT_TABLE = [
    '表7',
    '',
    '',
    '一般公共预算项目支出情况表',
    '编制部门：克孜勒苏柯尔克孜自治州电子政务服务中心',
    '',
    '单位：万元',
    '',
    '                                            项目支出 工资福     商品和服      对个人和家 债务利息及 资本性支出    资本性     对企业补助    对企业 对社会保障 其他',
    '项目',
    '                                            合计   利支出     务支出       庭的补助  费用支出  （基本建设）   支出      （基本建设）   补助  基金补助  支出',
    '            总计                                  34.00      29.50                         4.50',
    '            克孜勒苏柯尔克孜自治州',
    '                                                34.00      29.50                         4.50',
    '            电子政务服务中心',
    '201         一般公共服务支出                            34.00      29.50                         4.50',
    '            政府办公厅（室）及相关',
    '201 03                                          34.00      29.50                         4.50',
    '            机构事务',
    '            其他政府办公厅（室）及 克州人民政府门户',
    '201 03 99                                       18.00      18.00',
    '            相关机构事务支出    网站运行维护费',
    '            其他政府办公厅（室）及 克州人民政府网站',
    '201 03 99                                        3.00       3.00',
    '            相关机构事务支出    等级保护测评费',
    '            其他政府办公厅（室）及 克州电子政务内外',
    '201 03 99                                       13.00       8.50                         4.50',
    '            相关机构事务支出    网运行维护费',
]


def read_rows(tmp_path, lines: list[str], kind: str):
    path = tmp_path / "t.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    disc = parse(path)
    return disc, disc.table(kind).rows


def test_name_and_project_under_one_header_are_two_columns(tmp_path):
    """The rows print their name and project in two columns whose lines start at one place:
    each row is its code, its name and its project (before: the head line's two cells one
    space apart were one name, 其他政府办公厅（室）及克州人民政府门户, and each tail line a row
    of its own with no amount)."""
    _, rows = read_rows(tmp_path, PROJECT_TABLE, "project_expenditure")
    got = [(r.code, r.name, r.project, [c.text for c in r.cells if c.text]) for r in rows]
    name = "其他政府办公厅（室）及相关机构事务支出"
    assert got[-3:] == [
        ("2010399", name, "克州人民政府门户网站运行维护费", ["18.00", "18.00"]),
        ("2010399", name, "克州人民政府网站等级保护测评费", ["3.00", "3.00"]),
        ("2010399", name, "克州电子政务内外网运行维护费", ["13.00", "8.50", "4.50"]),
    ]
    assert len(rows) == 7 and not any(r.project for r in rows[:4])


def test_names_alone_under_one_header_stay_one_column(tmp_path):
    """Near miss: the same table whose rows print no project (one run of words a line): each
    name wrapped around its code line is joined whole, no project invented."""
    lines = [ln.replace(" 克州人民政府门户", "").replace(" 克州人民政府网站", "").replace(" 克州电子政务内外", "")
             for ln in PROJECT_TABLE]
    lines = [ln[:ln.index("支出") + 2] if ln.strip().startswith("相关机构事务支出") else ln for ln in lines]
    _, rows = read_rows(tmp_path, lines, "project_expenditure")
    coded = [(r.code, r.name, r.project) for r in rows if r.code == "2010399"]
    assert coded == [("2010399", "其他政府办公厅（室）及相关机构事务支出", "")] * 3


# ---- a lone whole-yuan amount atop a page --------------------------------------------------

def yuan_row(code: str, name: str, amount: str = "") -> str:
    """A line of a one-column table in 元 as pdftotext -layout sets it: the amount flush right."""
    left = f"{code:<12}{name}"
    return (left + " " * (44 - len(left)) + f"{amount:>8}").rstrip()


YUAN_TITLE = ["示例市生态环境局", "", "2024年度部门决算公开", "", "表5", "", "一般公共预算财政拨款支出决算表", "",
              "编制部门：示例市生态环境局                         单位：元", "", yuan_row("科目编码", "科目名称", "  合计")]
YUAN_ONE = [yuan_row("", "合计", "20412"), yuan_row("201", "一般公共服务支出", "5036"),
            yuan_row("2010301", "行政运行", "5036"), yuan_row("208", "社会保障和就业支出", "6480")]
YUAN_TWO = [yuan_row("210", "卫生健康支出", "3012"), yuan_row("2101101", "行政单位医疗", "3012"),
            yuan_row("213", "农林水支出", "5884"), yuan_row("2130199", "其他农业农村支出", "5884")]


def folio(n: int) -> list[str]:
    return ["", "", " " * 28 + str(n)]


def yuan_rows(table) -> dict[str, dict[str, str]]:
    return {f"{r.code} {r.name}": {c.column: str(c.amount) for c in r.cells} for r in table.rows}


def test_lone_whole_amount_atop_a_page_is_the_broken_rows(tmp_path):
    """A row the page broke, its code and name at the foot of one page and its one amount,
    6480 元, atop the next, flush right in the 合计 column: the row's amount (before: taken for
    the page's number and dropped, the row left without an amount)."""
    lines = YUAN_TITLE + YUAN_ONE + [yuan_row("2080505", "机关事业单位基本养老保险缴费支出")] + folio(5) \
        + ["\f" + yuan_row("", "", "6480")] + YUAN_TWO + folio(6)
    disc, _ = read_rows(tmp_path, lines, "gpb_expenditure")
    got = yuan_rows(disc.table("gpb_expenditure"))
    assert got["2080505 机关事业单位基本养老保险缴费支出"] == {"total": "6480"}
    assert len(got) == 9 and got["210 卫生健康支出"] == {"total": "3012"}


def test_page_numbers_apart_from_the_columns_are_still_dropped(tmp_path):
    """Near miss: the page's number atop the next page and at each foot, set apart from the
    amount column: no amount, no row; the row the page broke keeps its amounts' line."""
    lines = YUAN_TITLE + YUAN_ONE + [yuan_row("2080505", "机关事业单位基本养老保险缴费支出", "6480")] + folio(5) \
        + ["\f" + " " * 28 + "6"] + YUAN_TWO + folio(6)
    disc, _ = read_rows(tmp_path, lines, "gpb_expenditure")
    got = yuan_rows(disc.table("gpb_expenditure"))
    assert len(got) == 9 and got["2080505 机关事业单位基本养老保险缴费支出"] == {"total": "6480"}
    assert not any(v in ("5", "6") for row in got.values() for v in row.values())


# ---- label columns wrapped in their cells (政府采购) ------------------------------------------

# the Jiangsu 检察院 政府采购支出预算表 as pdftotext -layout prints its PDF: five label columns,
# each cell's lines centred on its row around the line of its amount, the page's number (20)
# and the next page's columns set further left
PROCUREMENT = [
    '公开 12 表：政府采购支出预算表',
    '部门：               江苏省人民检察院                                   单位：万元',
    '采购品目大                                    采购物品      采购组织',
    '                  专项名称          经济科目                          总计',
    '      类                                    名称          形式',
    '      合计                                                     3,096.24',
    '',
    '一、货物 A                                                        268.00',
    '',
    '             网络、电子检务、实验',
    '                              信息网络及软件购',
    '             室、机要通道、档案数                                        60.00',
    '                              置更新',
    '             字化系统运行维护费',
    '                                                   部门集中采',
    '                                         PC 服务器                40.00',
    '                                                   购',
    '                                                   分散自行组',
    '                                         交换设备                  20.00',
    '                                                   织',
    '',
    '',
    '                                    20',
    '\x0c                      专用设备购置                         40.00',
    '',
    '                                 政法、检测专    分散自行组',
    '                                                     20.00',
    '                                 用设备       织',
    '                                 其他专用设     分散自行组',
    '                                                     20.00',
    '                                 备         织',
    '         办公、办案设备更新购',
    '                      办公设备购置                        146.00',
    '         置费',
    '                                 台式计算机',
    '                                           部门集中采',
    '                                 （20 万以              27.00',
    '                                           购',
    '                                 上）',
    '                                 便携式计算',
    '                                           分散自行组',
    '                                 机（20 万以             16.00',
    '                                           织',
    '                                 下）',
    '                                 打印设备（20   分散自行组',
    '                                                     15.00',
    '                                 万以下）      织',
    '                                           分散自行组',
    '                                 复印机                  8.00',
    '                                           织',
    '                                 其他办公设     分散自行组',
    '                                                     60.00',
    '                                 备         织',
]
# the same table further on: 物业管理服务's lines set one line low, with the next row's
PROCUREMENT_LOW = [
    '          物业管理费                       370.00',
    '',
    '                              部门集中采',
    '                                      330.00',
    '                     物业管理服    购',
    '                     务        分散自行组',
    '                                      20.00',
    '                              织',
    '                              分散自行组',
    '                     其他服务             20.00',
    '                              织',
]


def test_wrapped_label_columns_join_their_rows(tmp_path):
    """Each row's words joined column by column around its amount's line, as the PDF prints
    the cells (before: each line of a wrapped cell was a row of its own, the rows named by
    fragments: 网络、电子检务、实验 | 信息网络及软件购 | 室、机要通道、档案数 60.00 …)."""
    _, rows = read_rows(tmp_path, PROCUREMENT, "procurement")
    got = [(r.name, [c.text for c in r.cells]) for r in rows]
    assert got == [
        ("合计", ["3,096.24"]), ("一、货物A", ["268.00"]),
        ("网络、电子检务、实验室、机要通道、档案数字化系统运行维护费/信息网络及软件购置更新", ["60.00"]),
        ("PC服务器/部门集中采购", ["40.00"]), ("交换设备/分散自行组织", ["20.00"]), ("专用设备购置", ["40.00"]),
        ("政法、检测专用设备/分散自行组织", ["20.00"]), ("其他专用设备/分散自行组织", ["20.00"]),
        ("办公、办案设备更新购置费/办公设备购置", ["146.00"]), ("台式计算机（20万以上）/部门集中采购", ["27.00"]),
        ("便携式计算机（20万以下）/分散自行组织", ["16.00"]), ("打印设备（20万以下）/分散自行组织", ["15.00"]),
        ("复印机/分散自行组织", ["8.00"]), ("其他办公设备/分散自行组织", ["60.00"]),
    ]


def test_wrapped_label_lines_no_reading_fits_are_left_and_said(tmp_path):
    """Near miss: a cell whose lines pdftotext set one line low, with the next row's
    (物业管理服 / 务 beside 购 / 分散自行组): its lines are not joined to a guessed row but
    left as they are and said (name-unjoined); the rows the reading fits are still joined."""
    disc, rows = read_rows(tmp_path, PROCUREMENT + ["\f"] + PROCUREMENT_LOW, "procurement")
    names = [r.name for r in rows]
    assert "其他办公设备/分散自行组织" in names and "物业管理费" in names
    assert not any(n.startswith("物业管理服务") for n in names)
    said = [i.message for i in disc.issues if i.code == "name-unjoined"]
    assert len(said) == 1 and "未拼接" in said[0]
    tail = [(r.name, [c.text for c in r.cells]) for r in rows[names.index("物业管理费"):]]
    assert [cells for _, cells in tail if cells] == [["370.00"], ["330.00"], ["20.00"], ["20.00"]]


def test_label_columns_not_wrapped_are_read_as_printed(tmp_path):
    """Near miss: the 政协办公厅's 政府采购预算表, each cell on one line: every row as printed."""
    lines = ["                            2018年政府采购预算表",
             "部门：江苏省政协办公厅                                                              单位：万元", "",
             "采购品目大类         专项名称         经济科目     采购物品名称          采购组织形式   总计",
             "合计                                                            1,281.76",
             "一、货物A                                                          355.67",
             "              办公设备购置费     办公设备购置                               300.00",
             "                                   台式计算机（20万以下）    分散自行组织      18.00",
             "                                   复印机             分散自行组织       7.00"]
    _, rows = read_rows(tmp_path, lines, "procurement")
    assert [(r.name, [c.text for c in r.cells]) for r in rows] == [
        ("合计", ["1,281.76"]), ("一、货物A", ["355.67"]), ("办公设备购置费/办公设备购置", ["300.00"]),
        ("台式计算机（20万以下）/分散自行组织", ["18.00"]), ("复印机/分散自行组织", ["7.00"])]


# ---- narrow wrapped headers a space apart ----------------------------------------------------

def test_spaced_wrapped_headers_place_the_operation_amount(tmp_path):
    """The Jiangsu 三公 header: 公务用车 / 购置费, 公务用车运 / 行维护费 and 公务接 / 待费 set a
    space apart on their lines; the 公务用车运行维护费 amount starts under 公务用车运: read
    there (before: the cell was one, the table fell back to the order and the amount was left
    open between 购置费 and 运行维护费)."""
    from test_crossform_probe39 import HEADER, TITLE, read

    amounts = ["   1,234.50   420.30    100.00    88.80          88.80   231.50   700.20   114.00", "公开10表"]
    disc, cells = read(tmp_path, TITLE + HEADER + amounts)
    assert cells == {"grand_total": "1234.50", "total": "420.30", "abroad": "100.00", "vehicle": "88.80",
                     "vehicle_operation": "88.80", "reception": "231.50", "meeting": "700.20",
                     "training": "114.00"}
    assert not [i for i in disc.issues if i.code in ("ambiguous-column", "columns-by-order")]
    assert not disc.table("three_public").rows[1:], "公开10表 (the next table's label) is no row"


def test_spaced_wrapped_headers_both_parts_printed(tmp_path):
    """Near miss: both parts printed (购置费 30.00, 运行维护费 58.80), each under its own
    header: each read at its place."""
    from test_crossform_probe39 import HEADER, TITLE, read

    amounts = ["   1,234.50   420.30    100.00    88.80  30.00   58.80   231.50   700.20   114.00", "公开10表"]
    disc, cells = read(tmp_path, TITLE + HEADER + amounts)
    assert cells["vehicle_purchase"] == "30.00" and cells["vehicle_operation"] == "58.80"
    assert cells["reception"] == "231.50" and cells["vehicle"] == "88.80"
    assert not [i for i in disc.issues if i.code in ("ambiguous-column", "columns-by-order")]


def test_spaced_headers_over_an_amount_between_their_words_stay_whole(tmp_path):
    """Near miss: seed 000's 表7, "项目支出 工资福" over "合计   利支出", its 项目支出合计 amounts
    starting in the space between the words (pdftotext sets a CJK word narrower than it
    prints): the cell is not cut, and each amount stays under 项目支出合计 (a cut put them under
    工资福利支出 in silence)."""
    _, rows = read_rows(tmp_path, PROJECT_TABLE, "project_expenditure")
    assert [(c.column, c.text) for c in rows[0].cells if c.text] == [("total", "34.00"), ("e302", "29.50"),
                                                                    ("e310", "4.50")]
    assert all(c.column != "e301" for r in rows for c in r.cells if c.text)


def test_generated_pdf_gbk_project_names_by_the_rows_columns(tmp_path):
    """Seed 001's 表7 in its generated PDF through pdftotext -layout -enc GBK (a CJK character
    two columns; one header 项目 over the label columns): the rows print their projects at
    one place, and a name's head above its code line ("一般 公共", right of where the code
    line's name starts) stays the name's, not a project (the columns start where the rows'
    words do, not midway between). Golden values from the seed's text (tests/golden)."""
    import subprocess

    import docgen
    from conftest import EXAMPLES, need_pdftotext_options

    need_pdftotext_options(["-enc", "GBK"])
    seed = "001_bb7d043ad2da133b"
    pdf = tmp_path / f"{seed}.pdf"
    docgen.write_pdf(EXAMPLES / f"{seed}.txt", pdf, document=docgen.seed_document(EXAMPLES / f"{seed}.txt",
                                                                                  canonical_headers=True))
    text = tmp_path / f"{seed}.txt"
    subprocess.run(["pdftotext", "-layout", "-enc", "GBK", str(pdf), str(text)], check=True)
    rows = [(r.code, r.name, r.project) for r in parse(text).table("project_expenditure").rows]
    assert rows[:4] == [("201", "一般公共服务支出", ""), ("20105", "统信息务", ""),
                        ("2010504", "信息事务", "克州电子政务外网等保测评费"),
                        ("2010504", "信息事务", "克州网站群云监管服务费")]


def test_item_head_alone_is_no_cells_line(tmp_path):
    """A category printed alone, no amount, in the column of the wrapped cell below it
    (二、工程 B over 办公、办案设备更新购 / 置费): a row of its own, not a line of that cell,
    and the cell still joins its row (before the item was told apart, the column printed
    two lines above the row and one below, no reading fitted and nothing was joined)."""
    lines = PROCUREMENT[:6] + ["\f         二、工程 B"] + PROCUREMENT[31:34]
    _, rows = read_rows(tmp_path, lines, "procurement")
    got = [(r.name, [c.text for c in r.cells]) for r in rows]
    assert got[1:] == [("二、工程B", []), ("办公、办案设备更新购置费/办公设备购置", ["146.00"])]
