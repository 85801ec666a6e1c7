"""Probe 39: layout text (`pdftotext -layout` of generated PDFs), read through the whole
pipeline; expectations transcribed from the printed lines."""

from __future__ import annotations

from budgetlens.pipeline import parse

FINAL_TITLE = ["示例市生态环境局", "", "2024年度部门决算公开", "", "表6", "",
               "一般公共预算财政拨款基本支出决算表", "",
               "编制部门：示例市生态环境局 单位：元", ""]

# 人员经费 | 公用经费 side by side in whole 元, as pdftotext -layout prints the PDF: the first
# half's amount a space before the second half's code ("5105200 302"), or a space after a long
# name ("养老保险缴费 648000")
BASIC_WHOLE_YUAN = [
    "人员经费                               公用经费",
    "科目编码 科目名称                决算数       科目编码 科目名称          决算数",
    "301     工资福利支出           5105200 302       商品和服务支出    1203600",
    "30101   基本工资             1800000 30201     办公费        400000",
    "30102   津贴补贴             1500000 30211     差旅费        253600",
    "30103   奖金               400000    30217   公务接待费      50000",
    "30108   机关事业单位基本养老保险缴费 648000      30231   公务用车运行维护费 200000",
    "30110   职工基本医疗保险缴费       301200    30299   其他商品和服务支出 300000",
    "30113   住房公积金            456000    310     资本性支出      100000",
    "303     对个人和家庭的补助        200000    31002   办公设备购置     100000",
]


def read(tmp_path, lines: list[str], kind: str, name: str = "t.txt"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    disc = parse(path)
    return disc, disc.table(kind)


def by_code(table, side: str) -> dict[str, str]:
    return {r.code or r.name: str(c.amount) for r in table.rows for c in r.cells if c.column == f"{side}:amount"}


def test_whole_yuan_halves_split_at_the_second_half_code(tmp_path):
    """Two integers between the halves' names are the first half's amount and the second
    half's code, as the header prints them (before: "5105200 302" was one cell, or 302 an
    amount: the 人员经费 amounts lost or read as 公用经费)."""
    tail = ["30302   退休费              200000",
            "        人员经费合计           5305200           公用经费合计     1303600"]
    disc, table = read(tmp_path, FINAL_TITLE + BASIC_WHOLE_YUAN + tail, "basic_expenditure")
    assert by_code(table, "personnel") == {
        "301": "5105200", "30101": "1800000", "30102": "1500000", "30103": "400000", "30108": "648000",
        "30110": "301200", "30113": "456000", "303": "200000", "30302": "200000", "人员经费合计": "5305200"}
    assert by_code(table, "public") == {
        "302": "1203600", "30201": "400000", "30211": "253600", "30217": "50000", "30231": "200000",
        "30299": "300000", "310": "100000", "31002": "100000", "公用经费合计": "1303600"}
    names = {r.code: r.name for r in table.rows if r.code}
    assert names["30108"] == "机关事业单位基本养老保险缴费" and names["30231"] == "公务用车运行维护费"
    assert not [i for i in disc.issues if i.code in ("amount-unsure", "ambiguous-column", "columns-by-order")]


def test_whole_yuan_amount_of_a_code_form_beside_a_total_stays_an_amount(tmp_path):
    """Near miss: the first half's amount alone before the second half's 合计 (30500, of a
    code's form, not under the code header) is 人员经费's amount, not a code."""
    tail = ["30302   退休费              30500             公用经费合计     1303600",
            "        人员经费合计           5135700"]
    _, table = read(tmp_path, FINAL_TITLE + BASIC_WHOLE_YUAN + tail, "basic_expenditure")
    personnel = by_code(table, "personnel")
    assert personnel["30302"] == "30500" and personnel["人员经费合计"] == "5135700"
    assert by_code(table, "public")["公用经费合计"] == "1303600"


GPB_TITLE = ["示例市生态环境局", "", "2024年度部门决算公开", "", "表5", "",
             "一般公共预算财政拨款支出决算表", "", "编制部门：示例市生态环境局 单位：元", ""]
GPB_HEADER = ["        科目名称               合计          基本支出      项目支出",
              "科目编码"]
# whole 元 with the thousands a space apart, as pdftotext -layout prints the PDF: the columns of
# a full line a single space apart too
GPB_FULL = [
    "        合计                 7 234 567 5 203 600 2 030 967",
    "201     一般公共服务支出           6 854 567 4 823 600 2 030 967",
    "20103   政府办公厅（室）及相关机构事务    6 854 567 4 823 600 2 030 967",
]
GPB_PARTS = [
    "2010301 行政运行               4 823 600 4 823 600",
    "2010302 一般行政管理事务           2 030 967             2 030 967",
    "208     社会保障和就业支出          380 000     380 000",
    "2080505 机关事业单位基本养老保险缴费支出 380 000       380 000",
]


def decided(table) -> dict[str, dict[str, str]]:
    return {r.code or r.name: {c.column: str(c.amount) for c in r.cells if c.column and c.amount is not None}
            for r in table.rows}


def test_whole_yuan_thousands_a_space_apart_are_read_whole(tmp_path):
    """A run of groups is cut into figures where one cut alone fits the table's three columns
    ("7 234 567 5 203 600 2 030 967"), or, of several ("4 823 600 4 823 600" may be 4 | 823 600
    | …), the one whose figures end where the full lines' columns end (before: every amount
    of the table unread)."""
    disc, table = read(tmp_path, GPB_TITLE + GPB_HEADER + GPB_FULL + GPB_PARTS, "gpb_expenditure")
    full = {"total": "6854567", "basic": "4823600", "project": "2030967"}
    assert decided(table) == {
        "合计": {"total": "7234567", "basic": "5203600", "project": "2030967"}, "201": full, "20103": full,
        "2010301": {"total": "4823600", "basic": "4823600"}, "2010302": {"total": "2030967", "project": "2030967"},
        "208": {"total": "380000", "basic": "380000"}, "2080505": {"total": "380000", "basic": "380000"}}
    assert not [i for i in disc.issues if i.code == "amount-unsure"]


def test_whole_yuan_run_of_several_cuts_is_kept_and_reported(tmp_path):
    """Near miss: no line fills every column, so nothing says where "4 823 600 4 823 600" or
    "2 030 967" (2 030 | 967?) part: the table is read as printed, its grouped figures
    reported unread, none cut by a guess (4 | 823 | 600)."""
    disc, table = read(tmp_path, GPB_TITLE + GPB_HEADER + GPB_PARTS, "gpb_expenditure")
    got = [(r.code, c.amount) for r in table.rows for c in r.cells if c.amount is not None]
    assert got == []
    assert {15, 16} <= {i.provenance.line for i in disc.issues if i.code == "amount-unsure"}


GPB_WAN_TITLE = GPB_TITLE[:-2] + ["编制部门：示例市生态环境局                         单位：万元", ""]
GPB_WAN_HEADER = ["科目编码    科目名称                                  合计        基本支出      项目支出"]
PAGE_ONE = [
    "            合计                                    685.88        520.48        165.40",
    "201         一般公共服务支出                        520.36        520.36",
    "20103       政府办公厅（室）及相关机构事务          520.36        520.36",
    "2010301     行政运行                                520.36        520.36",
    "208         社会保障和就业支出                       64.80         64.80",
]
PAGE_TWO = [
    "2101101     行政单位医疗                             30.12         30.12",
    "213         农林水支出                              165.40                      165.40",
    "2130199     其他农业农村支出                        165.40                      165.40",
    "", "", "                                        6",
]
FOLIO = ["", "", "                                        5"]


def test_row_broken_by_the_page_is_one_row(tmp_path):
    """A row the page broke: its name's tail atop the next page ("支出", after the page's
    number and the form feed, and the header printed again or not), or its amounts there, its
    code and name on the page before (before: the tail was taken for the next page's header
    and the table read by order, or dropped; the amounts a row of their own without a name)."""
    tail_break = ["2080505     机关事业单位基本养老保险缴费             64.80         64.80", *FOLIO,
                  "\f        支出", "210         卫生健康支出                             30.12         30.12"]
    amounts_break = ["2080505     机关事业单位基本养老保险缴费支出", *FOLIO,
                     "\f                                                     64.80         64.80",
                     "210         卫生健康支出                             30.12         30.12"]
    # (the header printed again atop the next page, between the row's parts)
    again = [ln.replace("\f", "\f" + GPB_WAN_HEADER[0] + "\n", 1) if ln.startswith("\f") else ln
             for ln in tail_break + amounts_break]
    variants = (tail_break, amounts_break, again[:len(tail_break)], again[len(tail_break):])
    for n, broken in enumerate(variants):
        disc, table = read(tmp_path, GPB_WAN_TITLE + GPB_WAN_HEADER + PAGE_ONE + broken
                           + PAGE_TWO, "gpb_expenditure", f"t{n}.txt")
        rows = decided(table)
        assert rows["2080505"] == {"total": "64.80", "basic": "64.80"}, n
        assert rows["210"] == {"total": "30.12", "basic": "30.12"}, n
        assert rows["2130199"] == {"total": "165.40", "project": "165.40"}, n
        names = {r.code: r.name for r in table.rows}
        assert names["2080505"] == "机关事业单位基本养老保险缴费支出" and None not in names, n
        assert not [i for i in disc.issues if i.code in ("columns-by-order", "ambiguous-column")], n


def test_row_without_amounts_before_a_page_stays_apart_from_the_next_row(tmp_path):
    """Near miss: a class row printed without amounts ends the page; the next page opens with a
    row of its own (code, name and amounts): nothing is joined."""
    broken = ["210         卫生健康支出", *FOLIO,
              "\f2101101     行政单位医疗                             30.12         30.12"]
    _, table = read(tmp_path, GPB_WAN_TITLE + GPB_WAN_HEADER + PAGE_ONE + broken
                    + PAGE_TWO[1:], "gpb_expenditure")
    rows = decided(table)
    assert rows["210"] == {} and rows["2101101"] == {"total": "30.12", "basic": "30.12"}
    assert rows["213"] == {"total": "165.40", "project": "165.40"}


def test_continued_mark_atop_a_page_is_no_name_tail(tmp_path):
    """Near miss: "续表" atop the next page, the row above's name whole: not joined to it."""
    broken = ["2080505     机关事业单位基本养老保险缴费支出         64.80         64.80", *FOLIO,
              "\f        续表", "210         卫生健康支出                             30.12         30.12"]
    _, table = read(tmp_path, GPB_WAN_TITLE + GPB_WAN_HEADER + PAGE_ONE + broken + PAGE_TWO, "gpb_expenditure")
    names = {r.code: r.name for r in table.rows if r.code}
    assert names["2080505"] == "机关事业单位基本养老保险缴费支出"
    assert decided(table)["2080505"] == {"total": "64.80", "basic": "64.80"}


# the same PDF through pdftotext -layout -enc GBK: a CJK character two columns
GPB_GBK = [
    "           科目名称                         合计        基本支出   项目支出",
    "科目编码",
    "           合计                             7 234 567 5 203 600 2 030 967",
    "201        一般公共服务支出                 6 854 567 4 823 600 2 030 967",
    "20103      政府办公厅（室）及相关机构事务   6 854 567 4 823 600 2 030 967",
    "2010301 行政运行                            4 823 600 4 823 600",
    "2010302 一般行政管理事务                    2 030 967              2 030 967",
    "208        社会保障和就业支出               380 000     380 000",
]


def test_whole_yuan_thousands_of_a_gbk_export_are_measured_two_columns_a_character(tmp_path):
    """In a GBK export the figures' places line up only where a CJK character counts two
    columns (the document's measure, taken from amounts it could not yet read, says one):
    the runs are cut under the measure their figures' ends agree on."""
    path = tmp_path / "g.txt"
    path.write_text("\n".join(GPB_TITLE + GPB_GBK) + "\n", encoding="gbk")
    table = parse(path).table("gpb_expenditure")
    got = {r.code or r.name: sorted(str(c.amount) for c in r.cells if c.amount is not None) for r in table.rows}
    assert got["合计"] == ["2030967", "5203600", "7234567"]
    assert got["2010301"] == ["4823600", "4823600"] and got["2010302"] == ["2030967", "2030967"]
    assert got["208"] == ["380000", "380000"]
