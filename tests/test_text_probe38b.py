"""Probe 38b: text readers. Tables printed as `pdftotext -layout` prints them (a CJK character
one column, cells as the PDF placed them), read through the whole pipeline; expectations
transcribed from the printed lines."""

from __future__ import annotations

from budgetlens.extract.layout import cells_of
from budgetlens.pipeline import parse

FINAL_TITLE = ["示例市生态环境局", "2024年度部门决算公开", "", "表6", "",
               "一般公共预算财政拨款基本支出决算表", "",
               "编制部门：示例市生态环境局          单位：万元", ""]

# 人员经费 | 公用经费 side by side, each half with its code, name and amount; pdftotext sets the
# first half's amount one space before the second half's code
BASIC_SIDE_BY_SIDE = [
    "人员经费                                        公用经费",
    "科目编码 科目名称                          决算数 科目编码 科目名称                     决算数",
    "301     工资福利支出                     510.52 302        商品和服务支出          120.36",
    "30101   基本工资                       180.00 30201      办公费               40.00",
    "30102   津贴补贴                       150.00 30211      差旅费               25.36",
    "30103   奖金                          40.00 30217      公务接待费              5.00",
    "30108   机关事业单位基本养老保险缴费              64.80 30231      公务用车运行维护费         20.00",
    "30110   职工基本医疗保险缴费                  30.12 30299      其他商品和服务支出         30.00",
    "30113   住房公积金                       45.60 310        资本性支出             10.00",
    "303     对个人和家庭的补助                   20.00 31002      办公设备购置            10.00",
    "30302   退休费                         20.00",
    "        人员经费合计                     530.52            公用经费合计           130.36",
]


def read(tmp_path, lines: list[str], kind: str, name: str = "t.txt"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    disc = parse(path)
    return disc, disc.table(kind)


def by_code(table, side: str) -> dict[str, str]:
    return {r.code or r.name: f"{c.amount:.2f}" for r in table.rows for c in r.cells
            if c.column == f"{side}:amount"}


def test_side_by_side_halves_split_at_the_second_half_code(tmp_path):
    """The 公用经费 half's code stands one space after the 人员经费 half's amount ("510.52 302"):
    it opens the 公用经费 row (before: the codes 302, 30201 … were read as the 人员经费 amounts of
    a 合计 | 人员经费 | 公用经费 layout, warned but wrong)."""
    disc, table = read(tmp_path, FINAL_TITLE + BASIC_SIDE_BY_SIDE, "basic_expenditure")
    assert by_code(table, "personnel") == {
        "301": "510.52", "30101": "180.00", "30102": "150.00", "30103": "40.00", "30108": "64.80",
        "30110": "30.12", "30113": "45.60", "303": "20.00", "30302": "20.00", "人员经费合计": "530.52"}
    assert by_code(table, "public") == {
        "302": "120.36", "30201": "40.00", "30211": "25.36", "30217": "5.00", "30231": "20.00",
        "30299": "30.00", "310": "10.00", "31002": "10.00", "公用经费合计": "130.36"}
    names = {r.code: r.name for r in table.rows if r.code}
    assert names["302"] == "商品和服务支出" and names["31002"] == "办公设备购置"
    assert not [i for i in disc.issues if i.code in ("ambiguous-column", "columns-by-order")]


def test_integer_between_amounts_stays_an_amount():
    """Near miss: a figure of a code's form between two amounts, no name after it, is a cell of
    its own and an amount (only a code before a name opens a row)."""
    cells = cells_of("合计                          510.52    302     120.36")
    assert [(c.text, c.amount) for c in cells] == [("合计", False), ("510.52", True), ("302", True),
                                                  ("120.36", True)]
    # a code after a label (no amount before it) is not joined either: the line's own cells
    cells = cells_of("一般公共预算拨款收入   302   一般公共服务支出        120.36")
    assert [c.text for c in cells] == ["一般公共预算拨款收入", "302", "一般公共服务支出", "120.36"]


CARRY_TITLE = ["2026年部门预算公开", "", "表11", "", "上年结转结余情况明细表", "",
               "编制部门：某某单位                                                单位：万元", ""]
LEAVES = ("  项目                              合计         小计        人员经费       公用经费       项目支出"
          "        小计        人员经费       公用经费       项目支出")
CARRY_ROWS = [
    "  总计                              180.00     140.00      40.00      25.00      75.00      40.00       6.00       4.00      30.00",
    "  某某单位                            180.00     140.00      40.00      25.00      75.00      40.00       6.00       4.00      30.00",
    "  办公楼维修改造项目                       105.00      75.00                            75.00      30.00                            30.00",
]
CARRY_FULL = {"total": "180.00", "fiscal": "140.00", "fiscal_personnel": "40.00", "fiscal_public": "25.00",
              "fiscal_project": "75.00", "nonfiscal": "40.00", "nonfiscal_personnel": "6.00",
              "nonfiscal_public": "4.00", "nonfiscal_project": "30.00"}
CARRY_PROJECT = {"total": "105.00", "fiscal": "75.00", "fiscal_project": "75.00", "nonfiscal": "30.00",
                 "nonfiscal_project": "30.00"}


def decided(row) -> dict[str, str]:
    return {c.column: f"{c.amount:.2f}" for c in row.cells if c.column}


def test_two_row_header_skipping_the_middle_level_is_read_by_its_words(tmp_path):
    """财政拨款 | 非财政拨款 over 小计 | 人员经费 | 公用经费 | 项目支出 each, the template's level
    基本支出 (over 人员经费 | 公用经费) not printed: 财政拨款/人员经费 is the one template column
    财政拨款/基本支出/人员经费 (before: not matched, the table read by order, the 非财政拨款 side's
    人员经费 and 公用经费 left open)."""
    header = [("                                                             财政拨款"
               "                                       非财政拨款"), LEAVES]
    disc, table = read(tmp_path, CARRY_TITLE + header + CARRY_ROWS, "carryover")
    rows = {r.name: r for r in table.rows}
    assert decided(rows["总计"]) == CARRY_FULL
    assert decided(rows["某某单位"]) == CARRY_FULL
    assert decided(rows["办公楼维修改造项目"]) == CARRY_PROJECT
    assert not [i for i in disc.issues if i.code in ("columns-by-order", "ambiguous-column")]


def test_header_leaving_out_the_distinguishing_level_decides_nothing_by_words(tmp_path):
    """Near miss: 基本支出 over each side's 人员经费 | 公用经费, 财政拨款 | 非财政拨款 not printed:
    基本支出/人员经费 is either side's column, so the words decide nothing; no amount is put
    under another column than its own."""
    header = [("                                                             基本支出"
               "                                        基本支出"), LEAVES]
    _, table = read(tmp_path, CARRY_TITLE + header + CARRY_ROWS, "carryover")
    for row in table.rows:
        want = CARRY_PROJECT if row.name == "办公楼维修改造项目" else CARRY_FULL
        for cell in row.cells:
            if cell.column:
                assert want.get(cell.column) == f"{cell.amount:.2f}", (row.name, cell)
            else:
                assert any(want.get(k) == f"{cell.amount:.2f}" for k in cell.candidates), (row.name, cell)
