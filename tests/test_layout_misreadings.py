"""pdftotext text whose table a plain reading would get silently wrong: amounts wrapped at the
decimal point ("44,709." over "66"), and a table printing more amount columns than its
template (基本支出 split into 小计 / 人员经费 / 公用经费 under a template that has 基本支出 only).
The texts are laid out as `pdftotext -layout` prints generated PDFs of such tables."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.pipeline import parse
from budgetlens.readers import Line
from budgetlens.readers.wrapped import join_decimal_wraps
from budgetlens.render_cells import cell_rows

TOP = ["                    某某市某某局2025年部门预算", "", "第二部分 2025年部门预算公开表",
       "\f                        一般公共预算支出情况表", "", "编制部门：某某市某某局             单位：万元", ""]


def cells_of(tmp_path, lines: list[str]) -> list[dict[str, str]]:
    path = tmp_path / "doc.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [c for c in cell_rows(parse(str(path))) if c["kind"] == "gpb_expenditure"]


def by_row(cells: list[dict[str, str]]) -> dict[tuple[str, str], list[tuple[str, Decimal]]]:
    out: dict[tuple[str, str], list[tuple[str, Decimal]]] = {}
    for c in cells:
        out.setdefault((c["code"], c["name"]), []).append((c["column"], Decimal(c["amount"])))
    return out


WRAPPED = TOP + [
    "                        项目                  一般公共预算支出",
    "  科目编码                       科目名称      合计        基本支出       项目支出",
    "                                       44,709.    26,846.    17,863.",
    "          合计",
    "                                            66         63         03",
    "                                       19,604.",
    "201       一般公共服务支出                               9,965.40   9,639.56",
    "                                            96",
    "20103     政府办公厅（室）及相关机构事务              889.70        0.00    889.70",
    "2010301   行政运行                         173.63        0.00    173.63",
    "                                       11,886.",
    "20106     财政事务                                   7,232.95   4,653.95",
    "                                            90",
    "2010605   财政国库业务                      4,110.14   4,110.14",
]


def test_amounts_wrapped_at_the_decimal_point_are_joined_on_their_rows_line(tmp_path):
    rows = by_row(cells_of(tmp_path, WRAPPED))
    assert rows[("", "合计")] == [("合计", Decimal("44709.66")), ("基本支出", Decimal("26846.63")),
                                 ("项目支出", Decimal("17863.03"))]
    assert rows[("201", "一般公共服务支出")] == [("合计", Decimal("19604.96")), ("基本支出", Decimal("9965.40")),
                                         ("项目支出", Decimal("9639.56"))]
    assert rows[("20106", "财政事务")][0] == ("合计", Decimal("11886.90"))


PACKED = TOP[:5] + ["编制部门：某某市某某局             单位：元", "",
                   "                      项目                    一般公共预算支出",
                   "  科目编码                     科目名称       合计         基本支出        项目支出",
                   "          合计                        3,974,261. 1,786,444. 2,187,817.",
                   "                                            00         00         00",
                   "201       一般公共服务支出                  2,770,320.    890,310. 1,880,010.",
                   "                                            00          00         00",
                   "20103     政府办公厅（室）及相关机构事务            736,416.                736,416.",
                   "                                           00                      00"]


def test_amounts_wrapped_a_space_apart_are_joined_where_their_heads_stood(tmp_path):
    # (with their thousands separators they would not fit between their neighbours)
    rows = by_row(cells_of(tmp_path, PACKED))
    assert rows[("", "合计")] == [("合计", Decimal("3974261.00")), ("基本支出", Decimal("1786444.00")),
                                 ("项目支出", Decimal("2187817.00"))]
    assert rows[("201", "一般公共服务支出")] == [("合计", Decimal("2770320.00")), ("基本支出", Decimal("890310.00")),
                                         ("项目支出", Decimal("1880010.00"))]
    assert rows[("20103", "政府办公厅（室）及相关机构事务")] == [("合计", Decimal("736416.00")),
                                                   ("项目支出", Decimal("736416.00"))]


# Amounts wrapped at the decimal point in reading order, each half a line of its own; a negative's
# opened bracket closes on the tail's line, or the halves are no one amount
WRAPPED_IN_ORDER = [
    (["合计", "44,709.", "66", "1.", "主要职能", "2,215.58", "12"],
     ["合计", "44,709.66", "", "1.", "主要职能", "2,215.58", "12"]),
    (["合计", "(44,709.", "66)", "(12.", "34", "12.", "34)"],
     ["合计", "(44,709.66)", "", "(12.", "34", "12.", "34)"]),
]


@pytest.mark.parametrize("texts, joined", WRAPPED_IN_ORDER, ids=["plain", "bracketed"])
def test_amounts_wrapped_in_reading_order_are_joined(texts, joined):
    lines = [Line(n, t) for n, t in enumerate(texts, start=1)]
    notes = join_decimal_wraps(lines, "\n".join(texts))
    assert [ln.text for ln in lines] == joined
    assert len(notes) == 1


# a Xinjiang unit's cover: the lone table is read by its region's template (segment.by_headers),
# the 2022 单位预算's (xj-unit-budget-2022), which knows 合计 | 基本支出 | 项目支出 and not
# 基本支出's parts (Xinjiang's 部门预算 template knows them: its 部门预算 of other years print them)
XJ_TOP = ["           新疆维吾尔自治区某某市某某中心2022年单位预算", "", "第二部分 2022年单位预算公开表",
          "\f                        一般公共预算支出情况表", "", "编制单位：某某市某某中心             单位：万元", ""]
SPLIT = XJ_TOP + [
    "               项目                                一般公共预算支出",
    "                                                  基本支出",
    "科目编码            科目名称    合计                                                 项目支出",
    "                                     小计           人员经费          公用经费",
    "          合计             36,748.76   16,097.46      15,639.75     457.71    20,651.30",
    "201       一般公共服务支出       21,476.43   13,099.49      13,012.70      86.79     8,376.94",
    "20106     财政事务            5,903.85    3,688.27       3,688.27       0.00     2,215.58",
    "2010602   一般行政管理事务        3,688.27    3,688.27       3,688.27       0.00         0.00",
    "2010607   信息化建设           2,215.58        0.00           0.00       0.00     2,215.58",
    "20113     商贸事务            1,334.66    1,334.66       1,247.87      86.79",
    "2011302   一般行政管理事务        1,334.66    1,334.66       1,247.87      86.79         0.00",
]
# (code, 合计, 小计 = 基本支出, 人员经费, 公用经费, 项目支出) as printed
TRUTH = {"": ("36748.76", "16097.46", "20651.30"), "201": ("21476.43", "13099.49", "8376.94"),
         "20106": ("5903.85", "3688.27", "2215.58"), "2010602": ("3688.27", "3688.27", "0.00"),
         "2010607": ("2215.58", "0.00", "2215.58"), "20113": ("1334.66", "1334.66", "0"),
         "2011302": ("1334.66", "1334.66", "0.00")}


def _layout(code: str, name: str, *amounts: str) -> str:
    return (code.ljust(10) + name.ljust(16) + "".join(a.rjust(12) for a in amounts)).rstrip()


# the national 部门支出总表: besides 基本支出 and 项目支出, money passed up, spent on the unit's
# business and given to affiliated units (columns the national template alone knows)
NATIONAL_T3 = ["                    某某市某某局2025年部门预算", "", "第二部分 2025年部门预算公开表",
               "\f                        部门支出总表", "", "编制部门：某某市某某局             单位：万元", "",
               _layout("科目编码", "科目名称", "合计", "基本支出", "项目支出", "上缴上级支出", "事业单位经营支出",
                       "对附属单位补助支出"),
               _layout("", "合计", "1,250.00", "800.00", "300.00", "50.00", "60.00", "40.00"),
               _layout("201", "一般公共服务支出", "1,250.00", "800.00", "300.00", "50.00", "60.00", "40.00"),
               _layout("2010301", "行政运行", "1,250.00", "800.00", "300.00", "50.00", "60.00", "40.00")]


def test_a_lone_split_table_naming_no_region_is_read_by_the_template_that_has_its_columns(tmp_path):
    # the national template's 部门支出总表 prints columns Xinjiang's does not: the national one reads it
    path = tmp_path / "doc.txt"
    path.write_text("\n".join(NATIONAL_T3) + "\n", encoding="utf-8")
    doc = parse(str(path))
    got = {(c["code"], c["column"]): Decimal(c["amount"]) for c in cell_rows(doc) if c["kind"] == "expenditure"}
    assert doc.meta.template == "cn-dept-budget-2018"
    assert got[("", "上缴上级支出")] == Decimal("50.00") and got[("", "对附属单位补助支出")] == Decimal("40.00")
    assert got[("2010301", "事业单位经营支出")] == Decimal("60.00")
    # the 一般公共预算支出表 printing 基本支出 over 小计 | 人员经费 | 公用经费: a template that has
    # these columns reads it (the national one and Xinjiang's 部门预算 alike)
    path.write_text("\n".join(TOP + SPLIT[len(XJ_TOP):]) + "\n", encoding="utf-8")
    doc = parse(str(path))
    got = {(c["code"], c["column"]): Decimal(c["amount"]) for c in cell_rows(doc) if c["kind"] == "gpb_expenditure"}
    assert doc.meta.template in ("cn-dept-budget-2018", "xj-dept-budget-2025")
    assert got[("", "小计")] == Decimal("16097.46") and got[("", "人员经费")] == Decimal("15639.75")
    assert got[("", "公用经费")] == Decimal("457.71") and got[("2011302", "项目支出")] == Decimal("0.00")
    assert not [i for i in doc.issues if i.code in ("column-not-in-template", "ambiguous-column", "columns-by-order")]


def test_more_amount_columns_than_the_template_are_never_read_by_order_silently(tmp_path):
    # The template (Xinjiang's 一般公共预算支出情况表) knows 合计 | 基本支出 | 项目支出; the
    # table prints 基本支出's 小计, 人员经费 and 公用经费 besides. Read by order, 人员经费 would
    # be taken for 项目支出: a decided cell must hold its column's amount, the rest stay open.
    cells = cells_of(tmp_path, SPLIT)
    assert {c["code"] for c in cells} == set(TRUTH)
    for c in cells:
        if "|" in c["column"]:
            continue
        want = dict(zip(("合计", "基本支出", "项目支出"), map(Decimal, TRUTH[c["code"]])))
        assert Decimal(c["amount"]) == want[c["column"]], c


# Names wrapped over several lines inside narrow cells, vertically centred (four lines: two
# above the row's line, two below) or aligned to the bottom (every line but the last above it)
CENTRED = TOP + [
    "          项目                       一般公共预算支出",
    "科目编码       科目名称   合计                 基本支出               项目支出",
    "          合计           11,920.85             3,170.85           8,750.00",
    "          一般公共服",
    "201                    11,920.85             3,170.85           8,750.00",
    "          务支出",
    "          政府办公厅",
    "20103     （室）及相        11,920.85             3,170.85           8,750.00",
    "          关机构事务",
    "2010301   行政运行          3,162.11                 0.00           3,162.11",
    "          其他政府办",
    "          公厅（室）",
    "2010399                     8,758.74             3,170.85           5,587.89",
    "          及相关机构",
    "          事务支出",
]
BOTTOM = TOP + [
    "          项目                       一般公共预算支出",
    "科目编码       科目名称   合计                 基本支出               项目支出",
    "          合计           9,744.94            5,563.13          4,181.81",
    "          一般公共服",
    "201       务支出          9,744.94            5,563.13          4,181.81",
    "          政府办公厅",
    "          （室）及相",
    "20103     关机构事务         9,744.94             5,563.13           4,181.81",
    "2010301   行政运行          2,444.92             2,444.92               0.00",
    "          一般行政管",
    "2010302   理事务           1,515.78             1,515.78               0.00",
    "2010350   事业运行          4,181.81                                4,181.81",
    "          其他政府办",
    "          公厅（室）",
    "          及相关机构",
    "2010399   事务支出          1,602.43             1,602.43               0.00",
]
NAMES = {"201": "一般公共服务支出", "20103": "政府办公厅（室）及相关机构事务", "2010301": "行政运行",
         "2010302": "一般行政管理事务", "2010350": "事业运行", "2010399": "其他政府办公厅（室）及相关机构事务支出"}


def test_names_wrapped_over_several_lines_join_their_own_rows(tmp_path):
    for text in (CENTRED, BOTTOM):
        names = {c["code"]: c["name"] for c in cells_of(tmp_path, text) if c["code"]}
        assert names == {code: NAMES[code] for code in names}, names
        assert len(names) >= 4


# Headers printed at the left of their cells (or centred over wide cells), the amounts flush
# right: no header's text stands over its amounts, and 项目支出 is empty on every row, so the
# two amount columns may be any two of the three by order and sums (合计 = 基本支出 either way)
LEFT = TOP + [
    "项目                      一般公共预算支出",
    "科目编码 科目名称               合计                    基本支出               项目支出",
    "          合计                     34,947.33           34,947.33",
    "201       一般公共服务支出               15,590.10           15,590.10",
    "20113     商贸事务                     8,548.98           8,548.98",
    "2011301   行政运行                     3,602.00           3,602.00",
    "2011302   一般行政管理事务                 4,946.98           4,946.98",
    "20129     群众团体事务                   1,621.42           1,621.42",
    "2012902   一般行政管理事务                 1,621.42           1,621.42",
]


def test_columns_under_no_headers_text_are_placed_by_where_each_header_stands(tmp_path):
    cells = cells_of(tmp_path, LEFT)
    assert len(cells) == 14
    assert all(c["column"] in ("合计", "基本支出") for c in cells), cells
    assert {c["column"] for c in cells if c["code"] == "20113"} == {"合计", "基本支出"}


# Names aligned to the bottom of their rows, some under codes the classification list here
# does not know (农林水): the rows it knows show how this table wraps, and the others follow
BOTTOM_UNKNOWN = TOP + [
    '          项目                       一般公共预算支出',
    '科目编码       科目名称   合计                 基本支出               项目支出',
    '           合计          53,522.48            23,922.57          29,599.91',
    '           公共安全',
    '204        支出           4,195.25             4,195.25               0.00',
    '           其他公共',
    '20499      安全支出         4,195.25             4,195.25               0.00',
    '           其他公共',
    '2049999    安全支出         4,195.25             4,195.25',
    '           社会保障',
    '           和就业支',
    '208        出            6,962.91             3,087.06           3,875.85',
    '           红十字事',
    '20816      业             477.25                                  477.25',
    '           一般行政',
    '2081602    管理事务          477.25                                  477.25',
    '           农林水支',
    '213        出           24,734.99            12,395.44          12,339.55',
    '21301      农业农村         9,104.35             8,990.57            113.78',
    '2130101    行政运行         3,438.19             3,438.19',
    '2130104    事业运行         3,707.55             3,707.55',
    '           农业生产',
    '2130122    发展           1,844.83             1,844.83',
    '           其他农业',
    '2130199    农村支出          113.78                  0.00            113.78',
    '           林业和草',
    '21302      原            8,558.39                 0.00           8,558.39',
]
UNKNOWN_NAMES = {"204": "公共安全支出", "20499": "其他公共安全支出", "2049999": "其他公共安全支出",
                 "208": "社会保障和就业支出",
                 "20816": "红十字事业", "2081602": "一般行政管理事务", "213": "农林水支出", "21301": "农业农村",
                 "2130101": "行政运行", "2130104": "事业运行", "2130122": "农业生产发展",
                 "2130199": "其他农业农村支出", "21302": "林业和草原"}


def test_names_under_unknown_codes_wrap_as_the_tables_known_rows_do(tmp_path):
    names = {c["code"]: c["name"] for c in cells_of(tmp_path, BOTTOM_UNKNOWN) if c["code"]}
    assert names == UNKNOWN_NAMES


NEGATIVE_WRAPPED = TOP + [
    "                        项目                  一般公共预算支出",
    "  科目编码                       科目名称      合计        基本支出       项目支出",
    "                                        8,983.    26,846.     (17,863.",
    "          合计",
    "                                            60         63           03)",
    "2010301   行政运行                         173.63      173.63",
]


def test_a_bracketed_negative_wrapped_at_the_decimal_point_keeps_its_sign(tmp_path):
    """"(17,863." over "03)": joined as the negative (-17,863.03), its brackets with it (before:
    left apart, the row's 项目支出 lost or read without its sign)."""
    rows = by_row(cells_of(tmp_path, NEGATIVE_WRAPPED))
    assert rows[("", "合计")] == [("合计", Decimal("8983.60")), ("基本支出", Decimal("26846.63")),
                                 ("项目支出", Decimal("-17863.03"))]


# The same split printed with its headers at the left of their cells, and with every header
# wrapped in narrow cells (基本 / 支出, 人员 / 经费); the rows' 合计, 基本支出 (its 小计) and 项目支出
SPLIT_LEFT = XJ_TOP + [
    '项目                      一般公共预算支出',
    '                                         基本支出',
    '科目编码 科目名称               合计                                                            项目支出',
    '                                         小计               人员经费          公用经费',
    '          合计                 42,666.97        27,615.69     25,286.41      2,329.28     15,051.28',
    '201       一般公共服务支出           17,437.62        12,541.88     11,820.56       721.32       4,895.74',
    '          政府办公厅（室）及相关',
    '20103                         7,523.50         5,629.98      4,908.66       721.32       1,893.52',
    '          机构事务',
    '2010301   行政运行                2,781.06          887.54        398.93        488.61       1,893.52',
    '2010350   事业运行                4,742.44         4,742.44      4,509.73       232.71           0.00',
]
TRUTH_LEFT = {"": ("42666.97", "27615.69", "15051.28"), "201": ("17437.62", "12541.88", "4895.74"),
              "20103": ("7523.50", "5629.98", "1893.52"), "2010301": ("2781.06", "887.54", "1893.52"),
              "2010350": ("4742.44", "4742.44", "0.00")}
SPLIT_WRAPPED = XJ_TOP + [
    '               项目                                     一般公共预算支出',
    '                                                          基本',
    '                                                          支出                      项目',
    '  科目编码              科目名称           合计',
    '                                                          人员          公用          支出',
    '                                              小计',
    '                                                          经费          经费',
    '          合计                   44,844.15      20,866.60   19,684.93   1,181.67    23,977.55',
    '201       一般公共服务支出             13,589.06       3,274.90    2,820.44    454.46     10,314.16',
    '20105     统计信息事务                    493.48         0.00        0.00        0.00     493.48',
    '2010506   统计管理                      493.48         0.00        0.00        0.00     493.48',
    '20113     商贸事务                     6,601.26    3,274.90    2,820.44    454.46      3,326.36',
    '2011302   一般行政管理事务                 4,524.24    1,197.88     743.42     454.46      3,326.36',
    '2011350   事业运行                     2,077.02    2,077.02    2,077.02',
    '20139     社会工作事务                   6,494.32        0.00        0.00        0.00    6,494.32',
]
# (事业运行 prints 人员经费 = 基本支出 and nothing under 项目支出: its sums cannot tell the two apart)
TRUTH_WRAPPED = {"": ("44844.15", "20866.60", "23977.55"), "201": ("13589.06", "3274.90", "10314.16"),
                 "20105": ("493.48", "0.00", "493.48"), "2010506": ("493.48", "0.00", "493.48"),
                 "20113": ("6601.26", "3274.90", "3326.36"), "2011302": ("4524.24", "1197.88", "3326.36"),
                 "2011350": ("2077.02", "2077.02", None), "20139": ("6494.32", "0.00", "6494.32")}


@pytest.mark.parametrize("text, truth", [(SPLIT, TRUTH), (SPLIT_LEFT, TRUTH_LEFT), (SPLIT_WRAPPED, TRUTH_WRAPPED)],
                         ids=["centred", "left", "wrapped"])
def test_split_columns_are_placed_by_the_sub_headers_under_their_column(tmp_path, text, truth):
    # 基本支出 spans 小计 | 人员经费 | 公用经费: the amount under 小计 is 基本支出's, those under
    # 人员经费 and 公用经费 are no column of the template's (left out, said), every cell decided
    path = tmp_path / "doc.txt"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    doc = parse(str(path))
    cells = [c for c in cell_rows(doc) if c["kind"] == "gpb_expenditure"]
    got = {code: dict(pairs) for (code, _), pairs in by_row(cells).items()}
    want = {code: {k: Decimal(v) for k, v in zip(("合计", "基本支出", "项目支出"), amounts) if v not in (None, "0")}
            for code, amounts in truth.items()}
    assert got == want
    said = [i.message for i in doc.issues if i.code == "column-not-in-template"]
    assert any("人员" in m for m in said) and any("公用" in m for m in said), said      # (人员/经费 wrapped)
    assert not [i for i in doc.issues if i.code in ("extra-cell", "ambiguous-column", "columns-by-order")]


def test_a_run_that_wraps_differently_leaves_only_the_runs_the_table_cannot_decide(tmp_path):
    # 红十字事业 wraps around its row's line (one line above, one below) in a table whose other
    # names are aligned to the bottom: the runs the names decide are read so; a run under codes
    # the classification does not know is read by the ways the table wraps where they agree on
    # it (农业生产 above 发展: bottom-aligned and centred alike), and where they do not (其他农业,
    # 林业和草: the tail of the row above, or the head of the row below?) it is joined to no row
    # and reported
    lines = list(BOTTOM_UNKNOWN)
    i = lines.index('20816      业             477.25                                  477.25')
    lines[i:i + 1] = ['20816                   477.25                                  477.25', '           业']
    path = tmp_path / "doc.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = parse(str(path))
    names = {c["code"]: c["name"] for c in cell_rows(doc) if c["kind"] == "gpb_expenditure" and c["code"]}
    open_runs = {"2130199", "21302"}
    assert {k: v for k, v in names.items() if k not in open_runs} == \
        {k: v for k, v in UNKNOWN_NAMES.items() if k not in open_runs}
    assert not any(words in name for name in names.values() for words in ("其他农业", "林业和草"))
    said = [i.message for i in doc.issues if i.code == "name-unjoined"]
    numbers = [str(n + 1) for n, text in enumerate(lines) if text.strip() in ("其他农业", "林业和草")]
    assert len(said) == 1 and all(n in said[0] for n in numbers), said
