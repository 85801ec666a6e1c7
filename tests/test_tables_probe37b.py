"""The table readers and identities probed again (session 37, second round): the 决算 fund
tables' balance identity, 基本支出 printed as its parts only, and ambiguous columns said
once per column. Inputs are written as offices and converters make them; every expectation
is transcribed from the table written."""

from __future__ import annotations

import finals

from budgetlens.checks import check
from budgetlens.pipeline import parse


def cells(table) -> list[tuple]:
    """Each row's code, name and cells: (amount, column, candidates)."""
    return [(r.code, r.name, [(str(c.amount), c.column, sorted(c.candidates)) for c in r.cells])
            for r in table.rows]


def table(doc, kind: str):
    return next(t for t in doc.tables if t.kind == kind)


# ---- 决算: 年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余 ------------------------------------

FUND_EMPTY = f"本单位{finals.YEAR}年度无政府性基金预算财政拨款收入、支出，故本表为空表。"


def fund_final(tmp_path, leaf_end: str) -> str:
    """The seed-form 决算 with its 政府性基金 table filled: 50.00 carried in, 200.00 received,
    230.00 spent on projects, 20.00 left (the leaf's 年末结转和结余 printed as leaf_end)."""
    rows = [["合计", "", "50.00", "200.00", "230.00", "", "230.00", "20.00"],
            ["212", "城乡社区支出", "50.00", "200.00", "230.00", "", "230.00", "20.00"],
            ["21208", "国有土地使用权出让收入安排的支出", "50.00", "200.00", "230.00", "", "230.00", "20.00"],
            ["2120899", "其他国有土地使用权出让收入安排的支出", "50.00", "200.00", "230.00", "", "230.00", leaf_end]]
    text = finals.final_accounts()
    assert FUND_EMPTY in text
    path = tmp_path / "final.md"
    path.write_text(text.replace(FUND_EMPTY, "\n".join("\t".join(r) for r in rows), 1), encoding="utf-8")
    return str(path)


def balance_findings(path: str) -> list:
    return [f for f in check(parse(path)).findings
            if f.rule == "ARITH-COLUMN-SUM" and "年末结转和结余" in f.message]


def test_a_fund_table_whose_year_end_balance_does_not_follow_is_reported(tmp_path):
    # 50.00 + 200.00 − 230.00 = 20.00 left, the leaf prints 30.00 (before: no identity said so)
    found = balance_findings(fund_final(tmp_path, "30.00"))
    assert len(found) == 1
    assert "2120899" in found[0].message and "30.00" in found[0].message and "20.00" in found[0].message


def test_a_fund_table_whose_balances_follow_is_not_reported(tmp_path):
    assert balance_findings(fund_final(tmp_path, "20.00")) == []


FUND_HEAD = ["项目 年初结转和结余 本年收入 本年支出 年末结转和结余",
             "功能分类科目编码 科目名称 小计 基本支出 项目支出"]


def plain_final(tmp_path, title: str, head: list[str], rows: list[str]) -> str:
    """A 决算 table as plain text with its empty cells gone (a conversion without layout)."""
    path = tmp_path / "a.txt"
    path.write_text(f"某某局{finals.YEAR}年度部门决算\n\n{title}\n\n单位：万元\n" + "\n".join(head + rows) + "\n",
                    encoding="utf-8")
    return str(path)


def test_plain_text_fund_table_is_placed_by_the_balance_identity(tmp_path):
    # 100.00 received, 100.00 spent on one kind, nothing carried either way: three amounts in six
    # columns. Spending = 基本 + 项目 alone lets the third be 年末结转和结余 (100 − 100 in and
    # 100 left); the balance rules that out, so the second is 本年支出 小计, the first carried in
    # or received, the third 基本 or 项目 (before: 年末结转和结余 among the third's candidates)
    rows = [f"{label} 100.00 100.00 100.00" for label in
            ("合计", "212 城乡社区支出", "21208 国有土地使用权出让收入安排的支出", "2120899 其他国有土地使用权出让收入安排的支出")]
    got = cells(table(parse(plain_final(tmp_path, "政府性基金预算财政拨款收入支出决算表", FUND_HEAD, rows)),
                      "gov_fund_expenditure"))
    for _, _, amounts in got:
        assert amounts == [("100.00", None, ["carryover", "income"]), ("100.00", "total", []),
                           ("100.00", None, ["basic", "project"])]


def test_plain_text_capital_table_without_balances_is_read_as_before(tmp_path):
    # near miss: 国有资本经营 printed with 合计 | 基本支出 | 项目支出 only: no balance column, so
    # the balance identity says nothing and the rows read as printed
    head = ["项目 本年支出", "功能分类科目编码 科目名称 合计 基本支出 项目支出"]
    rows = ["合计 100.00 60.00 40.00", "223 国有资本经营预算支出 100.00 60.00 40.00",
            "22301 解决历史遗留问题及改革成本支出 100.00 60.00 40.00",
            "2230199 其他解决历史遗留问题及改革成本支出 100.00 60.00 40.00"]
    path = plain_final(tmp_path, "国有资本经营预算财政拨款支出决算表", head, rows)
    doc = parse(path)
    for _, _, amounts in cells(table(doc, "state_capital_expenditure")):
        assert amounts == [("100.00", "total", []), ("60.00", "basic", []), ("40.00", "project", [])]
    assert not [f for f in check(doc).findings if f.rule == "ARITH-COLUMN-SUM"]


# ---- undecided cells: one warning per set of candidates, every cell's candidates kept ---------------

def html_table(path, title: str, rows: list[list[str]]) -> str:
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    path.write_text(f"<html><body><p>某某局2025年部门预算</p><p>{title}</p><p>单位：万元</p>"
                    f"<table border=1>{body}</table></body></html>", encoding="utf-8")
    return str(path)


def spending_rows(count: int) -> list[list[str]]:
    """一般公共预算支出表 under 合计 | 一般性支出 | 专项支出 (words no template column names, so
    each row's one part may be 基本支出 or 项目支出): `count` 项 rows of 10.00 each."""
    leaves = [[f"20103{n:02d}", f"事务{n}", "10.00", "10.00", ""] for n in range(1, count + 1)]
    total = f"{10 * count:.2f}"
    return [["科目编码", "科目名称", "合计", "一般性支出", "专项支出"], ["", "合计", total, total, ""],
            ["201", "一般公共服务支出", total, total, ""], ["20103", "政府办公厅（室）及相关机构事务", total, total, ""],
            *leaves]


def ambiguous(doc) -> list[str]:
    return [i.message for i in doc.issues if i.code == "ambiguous-column"]


def test_many_undecided_cells_of_one_column_are_said_once(tmp_path):
    # 40 项 rows and their 3 totals: 43 amounts that may each be 基本支出 or 项目支出, one warning
    # naming the count (before: 43 warnings, one a cell)
    doc = parse(html_table(tmp_path / "a.html", "一般公共预算支出表", spending_rows(40)))
    said = ambiguous(doc)
    assert len(said) == 1
    assert "43 个金额" in said[0] and "基本支出、项目支出" in said[0]
    undecided = [c for r in doc.tables[0].rows for c in r.cells if c.column is None]
    assert len(undecided) == 43 and all(c.candidates == ["basic", "project"] for c in undecided)
    assert sum(1 for f in doc.facts if f.alternatives) == 43


def test_one_undecided_cell_is_said_as_before(tmp_path):
    # near miss: a single undecided amount keeps its own warning, with its line and amount
    rows = [["科目编码", "科目名称", "合计", "一般性支出", "专项支出"], ["2010301", "行政运行", "10.00", "10.00", ""]]
    said = ambiguous(parse(html_table(tmp_path / "a.html", "一般公共预算支出表", rows)))
    assert len(said) == 1 and "金额 10.00 所在列无法确定，可能为：基本支出、项目支出" in said[0]


# ---- 决算 一般公共预算 spending with 基本支出 printed as 人员经费 | 公用经费 -------------------------

GPB_HEAD = "项目\t\t本年支出\t\t\n功能分类科目编码\t科目名称\t小计\t基本支出\t项目支出"


def gpb_final(tmp_path, head: list[list[str]], rows: list[list[str]]) -> str:
    """The seed-form 决算 with its 一般公共预算财政拨款支出决算表 printed under another header."""
    text = finals.final_accounts()
    start = text.index(GPB_HEAD)
    end = text.index("\n\n表6", start)
    path = tmp_path / "final.md"
    path.write_text(text[:start] + "\n".join("\t".join(r) for r in head + rows) + text[end:], encoding="utf-8")
    return str(path)


SPLIT_ROWS = [["合计", "", "130.00", "80.00", "20.00", "30.00"],
              ["201", "一般公共服务支出", "130.00", "80.00", "20.00", "30.00"],
              ["20103", "政府办公厅（室）及相关机构事务", "130.00", "80.00", "20.00", "30.00"],
              ["2010301", "行政运行", "100.00", "80.00", "20.00", ""],
              ["2010302", "一般行政管理事务", "30.00", "", "", "30.00"]]


def test_final_gpb_table_with_basic_as_its_parts_reads_the_parts(tmp_path):
    # 本年支出: 小计 | 基本支出 (人员经费 | 公用经费) | 项目支出, no 基本支出 小计 printed: the
    # parts are read as 人员经费 / 公用经费 (before: said not in the template and lost).
    # 基本支出 itself is printed nowhere, so no fact of it (a fact is a printed cell)
    head = [["项目", "", "本年支出", "", "", ""], ["功能分类科目编码", "科目名称", "小计", "基本支出", "", "项目支出"],
            ["", "", "", "人员经费", "公用经费", ""]]
    doc = parse(gpb_final(tmp_path, head, SPLIT_ROWS))
    got = {code or name: amounts for code, name, amounts in cells(table(doc, "gpb_expenditure"))}
    assert got["2010301"] == [("100.00", "total", []), ("80.00", "personnel", []), ("20.00", "public", [])]
    assert got["合计"] == [("130.00", "total", []), ("80.00", "personnel", []), ("20.00", "public", []),
                         ("30.00", "project", [])]
    gpb = [f for f in doc.facts if f.coords.table_kind == "gpb_expenditure"]
    assert {f.coords.nature for f in gpb} == {"total", "personnel", "public", "project"}
    assert all(f.coords.phase == "决算" for f in gpb)
    assert not [i for i in doc.issues if i.code == "column-not-in-template" and "人员经费" in i.message]


def test_final_gpb_table_with_basic_subtotal_and_parts_reads_each(tmp_path):
    # 基本支出 (小计 | 人员经费 | 公用经费): 小计 is 基本支出 (before: the six amounts read as
    # 年初预算 合计 | 基本支出 | 项目支出 and 本年支出 小计 | 基本支出, wrong)
    head = [["项目", "", "本年支出", "", "", "", ""],
            ["功能分类科目编码", "科目名称", "小计", "基本支出", "", "", "项目支出"],
            ["", "", "", "小计", "人员经费", "公用经费", ""]]
    basic = {"80.00": "100.00", "": ""}
    rows = [r[:3] + [basic[r[3]]] + r[3:] for r in SPLIT_ROWS]
    got = {code or name: amounts for code, name, amounts in
           cells(table(parse(gpb_final(tmp_path, head, rows)), "gpb_expenditure"))}
    assert got["2010301"] == [("100.00", "total", []), ("100.00", "basic", []), ("80.00", "personnel", []),
                              ("20.00", "public", [])]
    assert got["2010302"] == [("30.00", "total", []), ("30.00", "project", [])]


def test_final_gpb_table_with_the_budget_beside_is_read_as_before(tmp_path):
    # near miss: 年初预算 (合计 | 基本支出 | 项目支出) | 本年支出 (小计 | 基本支出 | 项目支出)
    head = [["项目", "", "年初预算", "", "", "本年支出", "", ""],
            ["功能分类科目编码", "科目名称", "合计", "基本支出", "项目支出", "小计", "基本支出", "项目支出"]]
    rows = [["2010301", "行政运行", "90.00", "90.00", "", "100.00", "100.00", ""]]
    got = cells(table(parse(gpb_final(tmp_path, head, rows)), "gpb_expenditure"))
    assert got[0][2] == [("90.00", "budget_total", []), ("90.00", "budget_basic", []), ("100.00", "total", []),
                         ("100.00", "basic", [])]
