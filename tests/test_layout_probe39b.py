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
        disc, table = read(tmp_path, GPB_TITLE + [GPB_HEADER] + PAGE_ONE + [last] + FOLIO
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
