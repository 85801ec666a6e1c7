"""A vertical 三公 table (items as rows, one column of this year's budget: 项目 | 预算数): each
amount is read under the column its header prints, in every form (before: under the own
layout's 合计, the first of its columns by source, read by order without a word)."""

from pathlib import Path

import pytest
from conftest import EXAMPLES, parsed
from docgen import write_docx, write_pdf, write_xlsx

from budgetlens.checks import check
from budgetlens.pipeline import parse
from budgetlens.render_cells import cell_rows

SEED = "002_4e0ed6e09b019fe1"
ITEMS = [("合计", "total", "83.00"), ("因公出国（境）费", "abroad", "0.00"), ("公务接待费", "reception", "5.00"),
         ("公务用车购置及运行费", "vehicle", "78.00"), ("其中：公务用车购置费", "vehicle_purchase", "0.00"),
         ("公务用车运行费", "vehicle_operation", "78.00")]


def with_table(tmp_path: Path, header: str, name: str = "doc.txt") -> Path:
    """The seed with its 三公 table printed items as rows under `header` (tab-separated)."""
    text = (EXAMPLES / f"{SEED}.txt").read_text(encoding="utf-8")
    start = text.index("“三公”经费支出内容\t合计")
    end = text.index("公务用车运行费\t78.00\t78.00") + len("公务用车运行费\t78.00\t78.00\t\t")
    rows = [header] + [f"{name}\t{amount}" for name, _, amount in ITEMS]
    path = tmp_path / name
    path.write_text(text[:start] + "\n".join(rows) + text[end:], encoding="utf-8")
    return path


def read_back(disc, label: str) -> None:
    table = disc.table("three_public")
    assert [(c.key, c.label) for c in table.columns] == [("total", label)]
    got = [(r.name, r.coords.get("item"), [(c.column, c.text) for c in r.cells]) for r in table.rows]
    assert got == [(name, item, [("total", amount)]) for name, item, amount in ITEMS]
    facts = [f for f in disc.facts if f.coords.table_kind == "three_public"]
    assert len(facts) == len(ITEMS) and {f.coords.phase for f in facts} == {"本年预算"}


@pytest.mark.parametrize("form", ["txt", "docx", "xlsx", "pdf"])
def test_one_budget_column_is_read_under_its_header_in_every_form(tmp_path, form):
    text = with_table(tmp_path, "项目\t预算数")
    path = {"txt": lambda: text, "docx": lambda: write_docx(text, tmp_path / "doc.docx") and tmp_path / "doc.docx",
            "xlsx": lambda: write_xlsx(text, tmp_path / "doc.xlsx") and tmp_path / "doc.xlsx",
            "pdf": lambda: write_pdf(text, tmp_path / "doc.pdf") and tmp_path / "doc.pdf"}[form]()
    disc = parse(path)
    assert disc.table("three_public").template_table.endswith("/rows_budget")
    read_back(disc, "预算数")


@pytest.mark.parametrize("header, label", [("“三公”经费支出内容\t预算数", "预算数"), ("项目\t2026年预算数", "预算数"),
                                           ("项目\t金额", "预算数"), ("项目\t本年预算数", "本年预算数")])
def test_the_budget_columns_other_words(tmp_path, header, label):
    """The column as the header names it: 本年预算数 is rows_years' (as beside 上年预算数)."""
    read_back(parse(with_table(tmp_path, header)), label)


def test_cells_print_the_printed_column(tmp_path):
    rows = [r for r in cell_rows(parse(with_table(tmp_path, "项目\t预算数"))) if r["kind"] == "three_public"]
    assert [(r["name"], r["column"], r["amount"]) for r in rows] == [(n, "预算数", a) for n, _, a in ITEMS]


def test_near_miss_a_header_naming_the_own_columns_keeps_the_own_layout():
    """合计 | 资金来源 (一般公共预算 …) over the items: the own layout, its columns by source."""
    table = parsed(SEED).table("three_public")
    assert table.template_table == "three_public#10"
    assert [c.label for c in table.columns][:2] == ["合计", "一般公共预算"]


def test_checks_read_the_vertical_table_as_the_own_layout(tmp_path):
    """The narrative and last year's figures are checked against it as against the seed's own
    table: the same outcomes; a wrong figure in it is caught by both."""
    own = check(parsed(SEED))
    vertical = check(parse(with_table(tmp_path, "项目\t预算数")))
    assert {o.rule: o.status for o in vertical.outcomes} == {o.rule: o.status for o in own.outcomes}
    wrong = with_table(tmp_path, "项目\t预算数", "wrong.txt")
    wrong.write_text(wrong.read_text(encoding="utf-8").replace("合计\t83.00", "合计\t93.00"), encoding="utf-8")
    said = {f.rule for f in check(parse(wrong)).findings if f.severity == "error"}
    assert {"N-AMOUNT", "ARITH-ITEM-SUM"} <= said


def test_last_years_vertical_table_gives_last_years_figure(tmp_path):
    """The change the narrative states (比上年预算减少30.00万元) against last year's vertical table."""
    this = parse(with_table(tmp_path, "项目\t预算数"))
    prior_path = with_table(tmp_path, "项目\t预算数", "prior.txt")
    text = prior_path.read_text(encoding="utf-8").replace("2026", "2025")
    for total in ("113.00", "120.00"):
        prior_path.write_text(text.replace("合计\t83.00", f"合计\t{total}").replace("公务接待费\t5.00", "公务接待费\t35.00"),
                              encoding="utf-8")
        said = [f.message for f in check(this, parse(prior_path)).findings
                if f.rule == "Y-PRIOR-FIGURE" and "三公" in f.message]
        assert bool(said) == (total == "120.00"), said


UNIT_SEED = "001_bb7d043ad2da133b"      # the 2022 单位 template: its 三公 table's items as columns only
UNIT_ITEMS = [("合计", "total", "0.50"), ("因公出国（境）费", "abroad", "0.00"), ("公务用车购置及运行费", "vehicle", "0.00"),
              ("其中：公务用车购置费", "vehicle_purchase", "0.00"), ("公务用车运行费", "vehicle_operation", "0.00"),
              ("公务接待费", "reception", "0.50")]


@pytest.mark.parametrize("header, labels", [("项目\t预算数", ["预算数"]), ("项目\t上年预算数\t本年预算数", ["上年预算数", "本年预算数"])])
def test_the_unit_templates_table_printed_items_as_rows(tmp_path, header, labels):
    """Before: every amount under the items' 合计 column, the rows naming no item (last year's
    figures left open among the columns). Last year's as the narrative says (增加 0 万元)."""
    text = (EXAMPLES / f"{UNIT_SEED}.txt").read_text(encoding="utf-8")
    start = text.index("\t因公出国\t公务\t-用车购置及运")
    end = text.index("0. 50\t\t0. 50\t\t\t0.50") + len("0. 50\t\t0. 50\t\t\t0.50")
    rows = [header] + [f"{name}\t{amount}\t{amount}" if len(labels) == 2 else f"{name}\t{amount}"
                       for name, _, amount in UNIT_ITEMS]
    path = tmp_path / "unit.txt"
    path.write_text(text[:start] + "\n".join(rows) + text[end:], encoding="utf-8")
    disc = parse(path)
    table = disc.table("three_public")
    names = {c.key: c.label for c in table.columns}
    got = [(r.name, r.coords.get("item"), [(names[c.column], c.text) for c in r.cells]) for r in table.rows]
    assert got == [(name, item, [(label, amount) for label in labels]) for name, item, amount in UNIT_ITEMS]
    assert not [i for i in disc.issues if i.code in ("ambiguous-column", "header-unmapped") and "三公" in i.message]
    assert not [f.message for f in check(disc).findings if f.severity == "error" and "三公" in f.message]
