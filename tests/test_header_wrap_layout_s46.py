"""A header wrapped over two lines in layout text (pdftotext -layout): the national 部门收入总表
printing 一般公共预算 and 政府性基金预算 on one line and 拨款收入 under each of them on the next
(一般公共预算拨款收入, 政府性基金预算拨款收入 wrapped) is read as one name per column, by the
template whose columns bear those names; two different words under one head (基本支出 over
人员经费 | 公用经费) stay a split, and a wrapped name no template has is reported, not read."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.pipeline import parse
from budgetlens.render_cells import cell_rows


def at(*cells: tuple[int, str]) -> str:
    """A layout line: each text starting at its character column."""
    line = ""
    for col, text in cells:
        line = line.ljust(col) + text
    return line.rstrip()


def income_doc(first: tuple[str, str], second: tuple[str, str], shift: tuple[int, int] = (0, 0),
               cover: str = "某某区财政局2025年部门预算") -> list[str]:
    """A lone 部门收入总体情况表 in layout text: the two heads on the header's first line, the words
    under them (second) on the next, each `shift` columns right of its head; 130.00 printed under
    the first head, 10.00 under 单位资金 and 财政拨款结转 (the i03 case as transcribed)."""
    body = [("201", "一般公共服务支出"), ("2010301", "行政运行"), ("", "合计")]
    return [cover, "", "表2", "", at((25, "部门收入总体情况表")), "",
            "编制部门：某某区财政局                    单位：万元", "",
            at((2, "科目编码"), (12, "科目名称"), (30, "总计"), (42, first[0]), (54, first[1]), (66, "单位资金"),
               (78, "财政拨款结转")),
            at((42 + shift[0], second[0]), (54 + shift[1], second[1])),
            *(at((2, code), (12, name), (30, "150.00"), (42, "130.00"), (66, "10.00"), (78, "10.00"))
              for code, name in body)]


def read(tmp_path, lines: list[str], kind: str):
    path = tmp_path / "doc.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = parse(str(path))
    cells = {(c["code"], c["column"]): Decimal(c["amount"]) for c in cell_rows(doc) if c["kind"] == kind}
    return doc, cells


HEADER_ISSUES = ("column-not-in-template", "header-unmapped", "columns-by-order", "ambiguous-column")

# the wrapped spellings: 一般公共预算 / 拨款收入 (the i03 case), / 拨款, 一般公共 / 预算拨款, and the
# words under the heads set a column or two in (centred under them, as pdftotext sets them)
WRAPS = [(("一般公共预算", "政府性基金预算"), ("拨款收入", "拨款收入"), (0, 0)),
         (("一般公共预算", "政府性基金预算"), ("拨款", "拨款"), (0, 0)),
         (("一般公共", "政府性基金"), ("预算拨款", "预算拨款"), (0, 0)),
         (("一般公共预算", "政府性基金预算"), ("拨款收入", "拨款收入"), (1, 2))]


@pytest.mark.parametrize("first, second, shift", WRAPS, ids=["i03", "bokuan", "yusuan-bokuan", "centred"])
def test_a_name_wrapped_under_each_head_is_read_as_that_column(tmp_path, first, second, shift):
    doc, cells = read(tmp_path, income_doc(first, second, shift), "income")
    columns = {c.key: c.label for c in doc.tables[0].columns}
    assert columns.get("gpb") == "一般公共预算拨款收入"
    for code in ("201", "2010301", ""):
        assert cells[(code, "一般公共预算拨款收入")] == Decimal("130.00")
        assert cells[(code, "单位资金")] == Decimal("10.00")
    assert not [i for i in doc.issues if i.code in HEADER_ISSUES]


def test_a_wrapped_name_no_template_has_is_reported_not_read(tmp_path):
    # 补助收入 under each head: 一般公共预算补助收入 is no column of any template
    doc, cells = read(tmp_path, income_doc(("一般公共预算", "政府性基金预算"), ("补助收入", "补助收入")), "income")
    assert Decimal("130.00") not in cells.values()
    said = [i.message for i in doc.issues if i.code == "column-not-in-template"]
    # (said as the wrapped name it is, not as a split of 一般公共预算)
    assert len(said) == 1 and "“一般公共预算补助收入”" in said[0] and "折行" in said[0]


def test_a_wrapped_name_the_documents_template_lacks_is_reported_not_read(tmp_path):
    # the region named: Xinjiang's template, whose 一般公共预算 is its own part of the
    # appropriation and has no 一般公共预算拨款收入, keeps the table (the national one is not taken)
    lines = income_doc(("一般公共预算", "政府性基金预算"), ("拨款收入", "拨款收入"),
                       cover="新疆维吾尔自治区某某区财政局2025年部门预算")
    doc, cells = read(tmp_path, lines, "income")
    assert doc.meta.template == "xj-dept-budget-2025"
    assert Decimal("130.00") not in cells.values()
    assert [i for i in doc.issues if i.code == "column-not-in-template" and "“一般公共预算拨款收入”" in i.message]


# 基本支出 over two different words, 人员经费 | 公用经费 (the first flush under it): a split of
# the column into the template's sub-columns, never 基本支出人员经费
SPLIT = ["某某区财政局2025年部门预算", "", "表5", "", at((25, "一般公共预算支出情况表")), "",
         "编制部门：某某区财政局                    单位：万元", "",
         at((2, "科目编码"), (12, "科目名称"), (30, "合计"), (42, "基本支出"), (66, "项目支出")),
         at((42, "人员经费"), (54, "公用经费")),
         at((2, "201"), (12, "一般公共服务支出"), (30, "150.00"), (42, "100.00"), (54, "20.00"), (66, "30.00")),
         at((2, "2010301"), (12, "行政运行"), (30, "150.00"), (42, "100.00"), (54, "20.00"), (66, "30.00"))]


def test_two_different_words_under_one_head_stay_a_split(tmp_path):
    doc, cells = read(tmp_path, SPLIT, "gpb_expenditure")
    for code in ("201", "2010301"):
        assert cells[(code, "人员经费")] == Decimal("100.00")
        assert cells[(code, "公用经费")] == Decimal("20.00")
        assert cells[(code, "项目支出")] == Decimal("30.00")
    assert not any("基本支出人员经费" in c.label for c in doc.tables[0].columns)
    assert not [i for i in doc.issues if i.code in HEADER_ISSUES]


def test_a_split_the_template_lacks_is_said_a_split_not_a_wrap(tmp_path):
    # Xinjiang's 2022 单位预算 knows 基本支出 whole: 人员经费 | 公用经费 under it are its parts,
    # left out and said so (each a word of its own under the one head, no name wrapped)
    lines = ["新疆维吾尔自治区某某市某某中心2022年单位预算", *SPLIT[1:]]
    doc, cells = read(tmp_path, lines, "gpb_expenditure")
    assert doc.meta.template == "xj-unit-budget-2022"
    assert cells[("201", "项目支出")] == Decimal("30.00") and Decimal("100.00") not in cells.values()
    said = [i.message for i in doc.issues if i.code == "column-not-in-template"]
    assert any("“基本支出/人员经费”" in m and "细分" in m for m in said)
    assert not any("折行" in m for m in said)
