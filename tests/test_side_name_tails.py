"""Names wrapped inside their cells, in text conversions of the 决算 probe (tests/probes_s42/finals.py,
county-2019-pdf through pdftotext):
- -layout, the 基本支出决算表 printed in three side-by-side groups: a name's rest on the lines
  under its row ("30108 机关事业单位 64.18 …" / "基本养老保险" / "缴费", "302 商品和服务支" /
  "出") joins the coded row of its group where the economic classification confirms the whole;
- -raw, 表3: a name's rest alone on its line that is also a header's word ("210 卫生健康支" /
  "出", as in 上缴上级支/出) is the name's, not the header printed again.
Near misses: a name printed whole stays as printed, words the classification does not confirm
stay a row of their own, the amounts are those printed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from probes_s41 import gen
from probes_s42 import finals

from budgetlens.checks import check
from budgetlens.extract.tables import text_rows
from budgetlens.pipeline import parse
from budgetlens.readers import Line
from budgetlens.templates import load_templates

SPEC = {t.id: t for t in load_templates()}["cn-dept-final-2018"]


@pytest.fixture(scope="module")
def read(tmp_path_factory):
    if gen.SOFFICE is None:
        pytest.skip("LibreOffice 未安装，无法打印 PDF")
    folder = tmp_path_factory.mktemp("side_tails")
    return {mode: parse(finals.build(f"county-2019-{mode}", folder)) for mode in ("layout", "raw")}


def printed_basic() -> dict[str, tuple[str, Decimal]]:
    """The probe's 基本支出 grid: each group's code with its name and amount."""
    grid = [b for b in finals.blocks("county-2019-layout") if isinstance(b, gen.Grid)][5]
    return {row[at]: (row[at + 1], Decimal(row[at + 2])) for row in grid.rows[grid.header:]
            for at in (0, 3, 6) if row[at] and row[at].isdigit()}


def code_names(disc, table: int) -> list[str]:
    return [f.message for f in check(disc).findings if f.rule == "K-CODE-NAME" and f.message.startswith(f"表{table}")]


def test_layout_basic_table_names_wrapped_in_side_by_side_groups_are_whole(read):
    """Before: 30108 read 机关事业单位, 30110 职工基本医疗 (K-CODE-NAME warnings), 302 商品和服务支,
    30231 公务用车运行 …, their rests rows of words alone (出 under 30228's group)."""
    basic = read["layout"].tables[5]
    got = {r.classified_code: (r.name, r.cells[0].amount) for r in basic.rows if r.classified_code != "total"}
    assert got == printed_basic()
    assert all(r.classified_code for r in basic.rows)
    assert code_names(read["layout"], 6) == []


def test_raw_names_whose_rest_is_a_header_word_are_whole(read):
    """Before: 210 卫生健康支, 221 住房保障支, 22102 住房改革支 and 2080505 …缴费支: their 出
    was taken for the header's (上缴上级支/出) printed again."""
    spending = read["raw"].tables[2]
    names = {r.classified_code: r.name for r in spending.rows}
    assert names["210"] == "卫生健康支出" and names["221"] == "住房保障支出" and names["22102"] == "住房改革支出"
    assert names["2080505"] == "机关事业单位基本养老保险缴费支出"
    assert code_names(read["raw"], 3) == []
    grid = [b for b in finals.blocks("county-2019-raw") if isinstance(b, gen.Grid)][2]
    totals = {"".join(p for p in row[:3] if p): Decimal(row[4]) for row in grid.rows[grid.header:] if row[0]}
    assert {r.classified_code: r.cells[0].amount for r in spending.rows if r.classified_code} == totals


# ---- a minimal text table ------------------------------------------------------------------------

HEAD = ["一般公共预算财政拨款基本支出决算表", "单位：万元",
        "人员经费                           公用经费",
        "科目编码  科目名称      决算数     科目编码  科目名称      决算数     科目编码  科目名称      决算数"]
BASIC = [
    "301       工资福利支出  100.00     302       商品和服务支  30.00      30228     工会经费      7.40",
    "                                                         出",
    "30108     机关事业单位  64.18      30216     培训费        4.20       30231     公务用车运行  14.60",
    "          基本养老保险                                                          维护费",
    "          缴费",
    "30110     职工基本医疗  35.82      30217     公务接待费    18.40",
    "          保险缴费",
    "人员经费合计            100.00     公用经费合计                                            30.00"]


def side_rows(body: list[str], kind: str = "basic_expenditure", head: list[str] = HEAD):
    lines = [Line(no, text, page=1) for no, text in enumerate(head + body, 1)]
    out = text_rows(lines, SPEC.table(kind))
    return [(r.side, r.code, r.name, [v.text for v in r.values]) for r in out.rows]


def test_tails_in_several_groups_join_the_row_of_their_group():
    """Two groups' rests on one line (基本养老保险 … 维护费): each to the row whose name starts
    at or before it; a name's rest over two lines (基本养老保险 / 缴费) whole."""
    rows = side_rows(BASIC)
    assert [(code, name) for _, code, name, _ in rows if code] == [
        ("301", "工资福利支出"), ("302", "商品和服务支出"), ("30228", "工会经费"),
        ("30108", "机关事业单位基本养老保险缴费"), ("30216", "培训费"), ("30231", "公务用车运行维护费"),
        ("30110", "职工基本医疗保险缴费"), ("30217", "公务接待费")]
    assert all(code or name.endswith("合计") for _, code, name, _ in rows)
    assert [v for *_, v in rows] == [["100.00"], ["30.00"], ["7.40"], ["64.18"], ["4.20"], ["14.60"], ["35.82"],
                                     ["18.40"], ["100.00"], ["30.00"]]


def test_a_name_printed_whole_stays_as_printed():
    """The near miss: 机关事业单位基本养老保险缴费 on one line, nothing under it to join."""
    whole = [BASIC[0], BASIC[1], "30108     机关事业单位基本养老保险缴费  64.18   30216     培训费  4.20"]
    rows = side_rows(whole)
    assert ("personnel", "30108", "机关事业单位基本养老保险缴费", ["64.18"]) in rows


@pytest.mark.parametrize("body, tail", [
    ([BASIC[0], f"{'':74}（含补贴）"], "（含补贴）"),                       # under a whole name
    ([BASIC[0], f"{'':74}支出"], "支出"),                                   # 工会经费支出: no name
    ([BASIC[0].replace("商品和服务支", "商品服务支  "), BASIC[1]], "出")])   # 商品服务支出: not the code's
def test_words_the_classification_does_not_confirm_stay_a_row_of_their_own(body, tail):
    """The near miss: words that would not make the code's name are not joined, nor lost."""
    rows = side_rows(body)
    assert ("public", "", tail, []) in rows
    assert {code: name for _, code, name, _ in rows if code} == {
        "301": "工资福利支出", "302": "商品服务支" if tail == "出" else "商品和服务支", "30228": "工会经费"}


RAW_HEAD = ["支出决算表", "单位：万元", "功能分类科目编码 科目名称 本年支出合", "计", "基本支出 项目支出 上缴上级支", "出",
            "经营支出 对附属单位", "补助支出", "类 款 项"]


@pytest.mark.parametrize("printed_name, read_name", [
    (["210 卫生健康支", "出"], "卫生健康支出"),
    (["210 卫生健康支出"], "卫生健康支出"),            # whole: as printed
    (["210 卫生健康", "出"], "卫生健康")])             # 卫生健康出 is no name: 出 stays the header's
def test_raw_a_header_word_ends_a_name_only_where_the_classification_says(printed_name, read_name):
    lines = [Line(no, text, page=1) for no, text in
             enumerate([*RAW_HEAD, "合计 34.40 34.40", *printed_name, "34.40 34.40"], 1)]
    out = text_rows(lines, SPEC.table("expenditure"))
    assert [(r.code, r.name, [v.text for v in r.values]) for r in out.rows if r.code] == [
        ("210", read_name, ["34.40", "34.40"])]
