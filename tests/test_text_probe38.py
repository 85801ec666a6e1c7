"""Probe 38: text readers' multi-row headers. Tables printed as `pdftotext -layout` prints
them (a CJK character one column, amounts flush right or as the PDF placed them), read through
the whole pipeline; expectations transcribed from the printed lines."""

from __future__ import annotations

from decimal import Decimal

from budgetlens.pipeline import parse

TITLE = ["2026年部门预算公开", "", "表11", "", "上年结转结余情况明细表", "",
         "编制部门：某某单位                                                单位：万元", ""]

# a header of three rows, centred as a PDF centres it: 财政拨款 over 小计 | 基本支出 | 项目支出,
# 基本支出 over 人员经费 | 公用经费; the one-row cells (合计, 小计, 项目支出) on the lines
# pdftotext gives them
THREE_ROWS = [
    "                                                             财政拨款                                       非财政拨款",
    "  项目                              合计                         基本支出                                        基本支出",
    "                                             小计                              项目支出        小计                              项目支出",
    "                                                       人员经费       公用经费                             人员经费       公用经费",
    "  总计                              150.00     120.00      30.00      20.00      70.00      30.00                            30.00",
    "  某某单位                            150.00     120.00      30.00      20.00      70.00      30.00                            30.00",
    "  办公楼维修改造项目                       100.00      70.00                            70.00      30.00                            30.00",
]

TWO_ROWS = [
    "                                  合计                         财政拨款                                       非财政拨款",
    "  项目                                         小计        人员经费       公用经费       项目支出        小计        人员经费       公用经费       项目支出",
    "  总计                              150.00     120.00      30.00      20.00      70.00      30.00                            30.00",
    "  办公楼维修改造项目                       100.00      70.00                            70.00      30.00                            30.00",
]

FULL = {"total": "150.00", "fiscal": "120.00", "fiscal_personnel": "30.00", "fiscal_public": "20.00",
        "fiscal_project": "70.00", "nonfiscal": "30.00", "nonfiscal_project": "30.00"}
PROJECT = {"total": "100.00", "fiscal": "70.00", "fiscal_project": "70.00", "nonfiscal": "30.00",
           "nonfiscal_project": "30.00"}


def carryover(tmp_path, lines: list[str], name: str = "t.txt"):
    path = tmp_path / name
    path.write_text("\n".join(TITLE + lines) + "\n", encoding="utf-8")
    disc = parse(path)
    return disc, disc.table("carryover")


def decided(row) -> dict[str, str]:
    return {c.column: f"{c.amount:.2f}" for c in row.cells if c.column}


def test_three_row_header_places_each_amount_under_its_own_column(tmp_path):
    """财政拨款 heads 小计 | 基本支出 | 项目支出, 基本支出 heading two columns itself (before: the
    group was looked for as four headers on one line and took 小计 | 项目支出 | 小计 | 项目支出,
    基本支出 both 人员经费 | 公用经费 pairs: two amounts fell under one header and the whole table
    was read by order, the 70.00 and 30.00 of the project row left undecided)."""
    disc, table = carryover(tmp_path, THREE_ROWS)
    rows = {r.name: r for r in table.rows}
    assert decided(rows["总计"]) == FULL
    assert decided(rows["某某单位"]) == FULL
    assert decided(rows["办公楼维修改造项目"]) == PROJECT
    assert not [i for i in disc.issues if i.code in ("columns-by-order", "ambiguous-column")]


def test_two_row_header_skipping_a_level_misplaces_nothing(tmp_path):
    """The groups over their four leaves on one line, 基本支出 not printed: 财政拨款/人员经费
    names the template's 财政拨款/基本支出/人员经费, the one column it can be (before probe 38b:
    left open and said); every amount in its own column."""
    disc, table = carryover(tmp_path, TWO_ROWS)
    for row, want in zip(table.rows, (FULL, PROJECT)):
        assert decided(row) == want
    assert not any(i.code == "ambiguous-column" for i in disc.issues)


# pdftotext -layout -fixed 5 of a PDF whose cells are set flush left (a CJK character one
# column where the PDF gives it nearly two; a row pushed right by its long name runs two
# amounts together): 10.00 stands under 合计, 财政拨款/小计 and 财政拨款/项目支出
FIXED_PITCH = [
    "                                                财政拨款                           非财政拨款",
    "         项目                               合计          基本支出                          基本支出",
    "                                                小计                     项目支出    小计                    项目支出",
    "                                                      人员经费     公用经费                 人员经费     公用经费",
    "         总计                               10.00 10.00                     10.00",
    "         克孜勒苏柯尔克孜自治州人民政府办公室                10.0010.00                     10.00",
    "         特定目标 1210366P                    10.00 10.00                     10.00",
]


def test_fixed_pitch_three_row_header_misplaces_no_amount(tmp_path):
    """Before: 项目支出 was taken for a group over 公用经费 | 人员经费 and 基本支出 for one over
    four columns, and the amounts of 小计 and 项目支出 were read as 人员经费 and 公用经费 without
    a word. Now each amount is in its own column or left open with its own among the candidates,
    and said."""
    disc, table = carryover(tmp_path, FIXED_PITCH)
    truth = ["total", "fiscal", "fiscal_project"]
    for row in table.rows:
        cells = [c for c in row.cells if c.amount is not None]
        assert len(cells) == 3 and all(c.amount == Decimal("10.00") for c in cells)
        for cell, own in zip(cells, truth):
            assert cell.column == own or (cell.column is None and own in cell.candidates), (row.name, cell)
    open_cells = [c for r in table.rows for c in r.cells if c.column is None]
    assert not open_cells or any(i.code == "ambiguous-column" for i in disc.issues)


# ---- layout text read by order: the header's words give the order -----------------------------

GPB = ["2026年部门预算公开", "", "表5", "", "一般公共预算支出情况表", "",
       "编制部门：某某单位                          单位：万元", ""]


def gpb_rows(columns: str, body: list[str]) -> list[str]:
    # the header's words run together (single spaces), so the layout does not place them
    return GPB + [f"  科目编码     科目名称                     {columns}"] + body


SWAPPED_BODY = [
    "  201          一般公共服务支出               300.00      100.00     200.00",
    "  20103        政府办公厅（室）及相关机构事务   300.00      100.00     200.00",
    "  2010301      行政运行                       200.00                 200.00",
    "  2010350      事业运行                       100.00      100.00",
    "  合计                                        300.00      100.00     200.00",
]


def gpb(tmp_path, lines: list[str]):
    path = tmp_path / "gpb.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    disc = parse(path)
    return disc, {(r.code or r.name): decided(r) for r in disc.table("gpb_expenditure").rows}


def test_layout_by_order_follows_the_headers_printed_order(tmp_path):
    """合计 | 项目支出 | 基本支出 printed in that order, its words a space apart (the layout cannot
    place them): before, the rows were read in the template's order (合计 | 基本支出 | 项目支出),
    every 项目支出 amount taken for 基本支出 and the reverse, the sums adding up all the same."""
    disc, rows = gpb(tmp_path, gpb_rows("合计 项目支出 基本支出", SWAPPED_BODY))
    assert rows["201"] == {"total": "300.00", "project": "100.00", "basic": "200.00"}
    assert rows["合计"] == {"total": "300.00", "project": "100.00", "basic": "200.00"}
    assert rows["2010301"] == {"total": "200.00", "basic": "200.00"}
    assert rows["2010350"] == {"total": "100.00", "project": "100.00"}
    assert any(i.code == "columns-by-order" for i in disc.issues)


def test_layout_by_order_in_the_templates_order_reads_as_before(tmp_path):
    """Near miss: the header's words in the template's order."""
    body = [ln.replace("100.00     200.00", "200.00     100.00") for ln in SWAPPED_BODY]
    body[2], body[3] = ("  2010301      行政运行                       200.00      200.00",
                        "  2010350      事业运行                       100.00                 100.00")
    _, rows = gpb(tmp_path, gpb_rows("合计 基本支出 项目支出", body))
    assert rows["201"] == {"total": "300.00", "basic": "200.00", "project": "100.00"}
    assert rows["2010301"] == {"total": "200.00", "basic": "200.00"}
    assert rows["2010350"] == {"total": "100.00", "project": "100.00"}


# ---- tab-separated text (markdown conversions): a header of three rows ------------------------

TAB_TITLE = ["2026年部门预算公开", "", "表11", "", "上年结转结余情况明细表", "", "单位：万元", ""]
# 项目支出 printed before 基本支出 under each group; the body in that order
TAB_TOP = "项目\t合计\t财政拨款\t\t\t\t非财政拨款\t\t\t"
TAB_MIDDLE = "\t\t小计\t项目支出\t基本支出\t\t小计\t项目支出\t基本支出\t"
TAB_LEAVES = "\t\t\t\t人员经费\t公用经费\t\t\t人员经费\t公用经费"
TAB_BODY = ["总计\t150.00\t120.00\t70.00\t30.00\t20.00\t30.00\t30.00\t\t",
            "办公楼维修改造项目\t100.00\t70.00\t70.00\t\t\t30.00\t30.00\t\t"]


def tab_carryover(tmp_path, header: list[str], body: list[str] = TAB_BODY):
    path = tmp_path / "tab.txt"
    path.write_text("\n".join(TAB_TITLE + header + body) + "\n", encoding="utf-8")
    disc = parse(path)
    return disc, [decided(r) for r in disc.table("carryover").rows]


def test_tab_header_of_three_rows_in_another_order_is_read_by_its_words(tmp_path):
    """Every column under all its template groups (财政拨款/基本支出/人员经费): the header's tree
    is the template's, 项目支出 printed before 基本支出. Before, a header of several rows written
    by a conversion was read by order whenever it named the template's columns, each once, in
    another order: 项目支出's 70.00 read as 人员经费's, 人员经费's 30.00 as 公用经费's, without a
    word (the sums add up under either order)."""
    disc, rows = tab_carryover(tmp_path, [TAB_TOP, TAB_MIDDLE, TAB_LEAVES])
    assert rows == [FULL, PROJECT]
    assert not [i for i in disc.issues if i.code in ("columns-by-order", "ambiguous-column")]


def test_tab_header_with_its_group_row_shifted_follows_the_lower_rows(tmp_path):
    """财政拨款 and 非财政拨款 each written once (the conversion dropped the spanned cells): the
    rows below still say 项目支出 | 基本支出 (人员经费 | 公用经费). The columns they name against
    the order are opened to the columns their words name; the identities choose (財政拨款 =
    its parts, 合计 = both groups). Before, read by order in silence."""
    _, rows = tab_carryover(tmp_path, ["项目\t合计\t财政拨款\t非财政拨款", TAB_MIDDLE, TAB_LEAVES])
    assert rows == [FULL, PROJECT]


def test_tab_header_in_the_templates_order_with_its_group_row_shifted_reads_by_order(tmp_path):
    """Near miss: the same shifted group row over the template's order (小计 | 基本支出 |
    项目支出): read by order, as the seeds' conversions need (the words after a group written
    once stand left of their place and open nothing)."""
    middle = "\t\t小计\t基本支出\t\t项目支出\t小计\t基本支出\t\t项目支出"
    leaves = "\t\t\t人员经费\t公用经费\t\t\t人员经费\t公用经费\t"
    body = ["总计\t150.00\t120.00\t30.00\t20.00\t70.00\t30.00\t\t\t30.00",
            "办公楼维修改造项目\t100.00\t70.00\t\t\t70.00\t30.00\t\t\t30.00"]
    disc, rows = tab_carryover(tmp_path, ["项目\t合计\t财政拨款\t非财政拨款", middle, leaves], body)
    assert rows == [FULL, PROJECT]
    assert not [i for i in disc.issues if i.code in ("columns-by-order", "ambiguous-column")]


# ---- layout text read by order: header words naming no template column -----------------------

def test_layout_by_order_opens_columns_the_header_does_not_name(tmp_path):
    """合计 | 专项支出 | 一般性支出: two words the template does not know, the layout a run of
    spaces apart from the amounts' columns. Each amount keeps its column's place: the two
    columns may be 基本支出 and 项目支出 either way round (the sums hold both ways), so their
    amounts are kept as candidates and reported. Before: not read, only said."""
    disc, _ = gpb(tmp_path, gpb_rows("合计      专项支出      一般性支出", SWAPPED_BODY))
    rows = {(r.code or r.name): r for r in disc.table("gpb_expenditure").rows}
    for code, amounts in {"201": ["100.00", "200.00"], "2010301": ["200.00"], "2010350": ["100.00"]}.items():
        cells = rows[code].cells
        assert decided(rows[code]) == {"total": f"{sum(map(Decimal, amounts)):.2f}"}
        assert [f"{c.amount:.2f}" for c in cells if c.column is None] == amounts
        assert all(set(c.candidates) == {"basic", "project"} for c in cells if c.column is None)
    assert any(i.code == "ambiguous-column" for i in disc.issues)


def test_layout_by_order_one_unnamed_word_reads_as_before(tmp_path):
    """Near miss: one word naming no column (专项支出) beside 合计 | 基本支出: one template column
    left for it, nothing to choose: not read and said, as before."""
    body = [ln.replace("100.00     200.00", "200.00     100.00") for ln in SWAPPED_BODY]
    body[2], body[3] = ("  2010301      行政运行                       200.00      200.00",
                        "  2010350      事业运行                       100.00                 100.00")
    disc, rows = gpb(tmp_path, gpb_rows("合计      基本支出      专项支出", body))
    assert rows["201"] == {"total": "300.00", "basic": "200.00"}
    assert any(i.code == "column-not-in-template" and "专项支出" in i.message for i in disc.issues)
