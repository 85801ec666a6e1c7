"""决算 tables as other regions print them (probe 33, second round): each test builds its
document from tests/finals.py's books and changes one thing the way another province does."""

from __future__ import annotations

import re

import pytest

import finals
from budgetlens.checks import check
from budgetlens.pipeline import parse
from test_final_probe33 import THREE_PUBLIC_TITLE, as_plain, three_public_facts, with_three_public, write
from test_final_probe33 import unruled_pdf  # noqa: F401  (the module's fixture: the PDF is made once)

LAST_YEAR_ACTUAL = {"total": "30.00", "abroad": "2.00", "vehicle": "22.00", "vehicle_purchase": "0.00",
                    "vehicle_operation": "22.00", "reception": "6.00"}
ITEMS = ["total", "abroad", "vehicle", "vehicle_purchase", "vehicle_operation", "reception"]


def this_year_actual() -> dict[str, str]:
    (_, ab_a), (_, buy_a), (_, run_a), (_, rec_a) = finals.THREE_PUBLIC
    values = [ab_a + buy_a + run_a + rec_a, ab_a, buy_a + run_a, buy_a, run_a, rec_a]
    return {k: f"{v:.2f}" for k, v in zip(ITEMS, values)}


def grouped_two_years(last: str, this: str) -> str:
    """The national 三公 sheet (six items under each of two groups) with last year's actuals
    where the year's budget stands: "上年决算数 | 本年决算数", "2023年决算数 | 2024年决算数"."""
    text = finals.final_accounts()
    start = text.index(THREE_PUBLIC_TITLE)
    end = text.index("表8\n", start)
    lines = text[start:end].split("\n")
    at = next(i for i, ln in enumerate(lines) if ln.startswith("预算数\t"))
    lines[at] = re.sub(r"^预算数(\t+)决算数", lambda m: last + m.group(1) + this, lines[at])
    figures = next(i for i, ln in enumerate(lines) if ln.startswith("35.00\t"))
    lines[figures] = "\t".join([*(LAST_YEAR_ACTUAL[k] for k in ITEMS), *this_year_actual().values()])
    return text[:start] + "\n".join(lines) + text[end:]


def rows_two_years(last: str, this: str) -> str:
    """The 三公 table with its items as rows and last year's | this year's actuals as columns."""
    names = ["合计", "1.因公出国（境）费", "2.公务用车购置及运行费", "其中：（1）公务用车购置费", "（2）公务用车运行费",
             "3.公务接待费"]
    actual = this_year_actual()
    body = [f"项目\t{last}\t{this}"]
    body += ["\t".join([name, LAST_YEAR_ACTUAL[k], actual[k]]) for name, k in zip(names, ITEMS)]
    return with_three_public(body)


HEADS = [("上年决算数", "本年决算数"), (f"{finals.YEAR - 1}年决算数", f"{finals.YEAR}年决算数"),
         (f"{finals.YEAR - 1}年度决算数", f"{finals.YEAR}年度决算数")]


@pytest.mark.parametrize("build", [grouped_two_years, rows_two_years])
@pytest.mark.parametrize("last,this", HEADS)
@pytest.mark.parametrize("plain", [False, True])
def test_three_public_with_last_years_actual_is_no_budget(tmp_path, build, last, this, plain):
    """Last year's actuals printed where the national sheet has the year's budget: read as
    last year's actuals (上年决算), never as the year's 年初预算; this year's as 决算."""
    text = build(last, this)
    disc = parse(write(tmp_path, as_plain(text) if plain else text))
    got = three_public_facts(disc)
    assert not [k for k in got if k[0] == "年初预算"]
    assert {item: f"{v:.2f}" for (phase, item), v in got.items() if phase == "决算"} == this_year_actual()
    assert {item: f"{v:.2f}" for (phase, item), v in got.items() if phase == "上年决算"} == LAST_YEAR_ACTUAL
    errors = [f for f in check(disc).findings if f.severity == "error"]
    assert not {f.rule for f in errors} & {"N-BUDGET-VARIANCE", "N-COMPLETION", "ARITH-COLUMN-SUM", "ARITH-ITEM-SUM"}


def income_with_fiscal_parts(plain: bool = False) -> str:
    """The 收入决算表 with 财政拨款收入 split by budget type (小计 | 一般公共预算财政拨款 |
    政府性基金预算财政拨款 | 国有资本经营预算财政拨款 under it), all of it general-budget money."""
    f = finals.figures()
    fmt = finals.fmt
    rows = [["项目", "", "本年收入合计", "财政拨款收入", "", "", "", "上级补助收入", "事业收入", "经营收入",
             "附属单位上缴收入", "其他收入"],
            ["功能分类科目编码", "科目名称", "", "小计", "一般公共预算财政拨款", "政府性基金预算财政拨款",
             "国有资本经营预算财政拨款", "", "", "", "", ""],
            ["栏次", "", *map(str, range(1, 11))],
            ["合计", "", fmt(f["fiscal_in"] + f["other_in"]), fmt(f["fiscal_in"]), fmt(f["fiscal_in"]), "", "", "", "",
             "", "", fmt(f["other_in"])]]
    rows += [[code, finals.name(code), fmt(total), fmt(fiscal), fmt(fiscal), "", "", "", "", "", "", fmt(other)]
             for code, (total, fiscal, other) in f["inc"].items()]
    text = finals.final_accounts()
    start = text.index("项目\t\t本年收入合计")
    end = text.index("\n\n表3", start)
    return text[:start] + "\n".join("\t".join(r) for r in rows) + text[end:]


def test_income_table_with_fiscal_income_by_budget_type(tmp_path):
    """财政拨款收入 printed as 小计 | 一般公共预算财政拨款 | 政府性基金… | 国有资本经营…: the
    小计 is the fiscal income, the parts its budget types; no column left unread."""
    disc = parse(write(tmp_path, income_with_fiscal_parts()))
    income = next(t for t in disc.tables if t.kind == "income")
    assert not [i for i in disc.issues if i.code in ("column-unmapped", "column-not-in-template")]
    got = {(r.code, c.column): str(c.amount) for r in income.rows for c in r.cells}
    f = finals.figures()
    for code, (total, fiscal, other) in f["inc"].items():
        assert got[(code, "total")] == finals.fmt(total) and got[(code, "fiscal")] == finals.fmt(fiscal)
    facts = {(x.coords.function_code, x.coords.source): x.amount for x in disc.facts if x.coords.table_kind == "income"}
    assert facts[("2010301", "gpb")] == facts[("2010301", "fiscal")] == finals.INCOME["2010301"][0]
    errors = [x for x in check(disc).findings if x.severity == "error"]
    assert errors == []


def test_unruled_pdf_fiscal_summary_spending_under_its_budget_type(unruled_pdf):  # noqa: F811
    """财政拨款收入支出决算总表 printed without rules, each side's 项目 followed by its 行次
    (项目 | 行次 | 金额 | 项目 | 行次 | 合计 | 一般公共预算财政拨款 | 政府性基金… | 国有资本经营…):
    each spending row's second amount stands under 一般公共预算财政拨款 and is read there (it
    was left open among the three budget types)."""
    table = next(t for t in unruled_pdf.tables if t.kind == "fiscal_summary")
    spending = [r for r in table.rows if r.side == "expenditure" and r.cells]
    assert len(spending) >= 5
    for row in spending:
        assert [c.column for c in row.cells] == ["expenditure:total", "expenditure:gpb"]
        assert row.cells[0].amount == row.cells[1].amount
    assert not [i for i in unruled_pdf.issues if i.code == "ambiguous-column" and "财政拨款收入支出" in i.message]


# pdftotext -layout of the 支出决算表 printed without rules (WeasyPrint): the header's words
# come out a space apart, one cell, over the 栏次 row that numbers the columns where they stand;
# the next page repeats the header without the 栏次 row
EXPENDITURE_LAYOUT = [
    '项目',
    '                                     本年支出合计 基本支出 项目支出 上缴上级支出 经营支出 对附属单位补助支出',
    '功能分类科目编码 科目名称',
    '栏次                                   1            2        3            4       5       6',
    '\x0c项目',
    '                                      本年支出合计 基本支出 项目支出 上缴上级支出 经营支出 对附属单位补助支出',
    '功能分类科目编码 科目名称',
    '合计                                       846.28   660.88      185.40',
    '201       一般公共服务支出                       705.76   520.36      185.40',
    '20103     政府办公厅（室）及相关机构事务                705.76   520.36      185.40',
    '2010301   行政运行                           520.36   520.36',
    '2010302   一般行政管理事务                       185.40               185.40',
    '208       社会保障和就业支出                       64.80    64.80',
    '20805     行政事业单位养老支出                      64.80    64.80',
    '2080505   机关事业单位基本养老保险缴费支出                64.80    64.80',
    '210       卫生健康支出                          30.12    30.12',
    '21011     行政事业单位医疗                        30.12    30.12',
    '2101101   行政单位医疗                          30.12    30.12',
    '221       住房保障支出                          45.60    45.60',
    '22102     住房改革支出                          45.60    45.60',
    '2210201   住房公积金                           45.60    45.60',
]


def test_layout_header_words_a_space_apart_placed_by_the_column_numbers(tmp_path):
    """本年支出合计 基本支出 项目支出 … closed up a space apart: each amount in the column
    its 栏次 number stands over (they were read by order, left open among four columns)."""
    head = [f"{finals.UNIT}{finals.YEAR}年度部门决算", "", "支出决算表", f"编制单位：{finals.UNIT}      金额单位：万元", ""]
    disc = parse(write(tmp_path, "\n".join([*head, *EXPENDITURE_LAYOUT, ""]), "final.txt"))
    expenditure = next(t for t in disc.tables if t.kind == "expenditure")
    got = {(r.code, c.column): c.amount for r in expenditure.rows for c in r.cells}
    for code, (total, basic, project) in finals.figures()["every"].items():
        assert got.get((code, "total")) == total
        assert got.get((code, "basic")) == (basic or None) and got.get((code, "project")) == (project or None)
    assert not [i for i in disc.issues if i.code in ("ambiguous-column", "columns-by-order") and "支出决算表" in i.message]


@pytest.mark.parametrize("heading", ["## ", ""])
@pytest.mark.parametrize("plain", [False, True])
def test_an_unlabelled_table_the_template_lacks_ends_the_table_before_it(tmp_path, heading, plain):
    """机构运行信息表 printed after the empty 国有资本经营 table with no label (no 表10) and no
    budget subject word, its 编制单位 line under it: a table of its own, kept as printed, not
    rows of the table before (which then "lists amounts" against its 空表 note)."""
    info = [f"{heading}机构运行信息表", "", f"编制单位：{finals.UNIT}\t\t\t金额单位：万元", "",
            "项目\t行次\t计量单位\t统计数", "栏次\t\t\t1",
            "一、“三公”经费支出\t1\t万元\t25.00", "1.公务用车保有量\t2\t辆\t3",
            "二、机关运行经费支出\t3\t万元\t130.36", ""]
    text = finals.final_accounts().replace("## 第三部分", "\n".join(info) + "\n## 第三部分", 1)
    disc = parse(write(tmp_path, as_plain(text) if plain else text))
    assert [t.kind for t in disc.tables][-2:] == ["state_capital_expenditure", "unknown"]
    assert disc.tables[-2].rows == [] and disc.tables[-1].title == "机构运行信息表"
    assert [f for f in check(disc).findings if f.severity == "error"] == []
