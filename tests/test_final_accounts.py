"""部门决算公开 (final accounts): the national 9-table template, 行次/栏次 sheets, the phase of
every figure, completion rates ("完成年初预算的 X%") and the checks on them.

The document is written from one unit's books (tests/finals.py); what each table must read is
computed there from the same books, never taken from the parser."""

from __future__ import annotations

import csv
import re
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from typer.testing import CliRunner

import docgen
import finals
from budgetlens.checks import check
from budgetlens.cli.main import app
from budgetlens.pipeline import parse

runner = CliRunner()


@pytest.fixture(scope="module")
def final_md(tmp_path_factory):
    path = tmp_path_factory.mktemp("final") / "final.md"
    path.write_text(finals.final_accounts(), encoding="utf-8")
    return path


def write(tmp_path, text: str):
    path = tmp_path / "final.md"
    path.write_text(text, encoding="utf-8")
    return path


def cells(path) -> list[dict]:
    result = runner.invoke(app, ["parse", str(path), "--format", "cells"])
    assert result.exit_code == 0, result.output
    return [{k: v for k, v in row.items() if k != "line"} for row in csv.DictReader(io.StringIO(result.stdout))]


def expected_cells() -> set[tuple[str, str, str, str, str]]:
    """(table, code, name, column, amount) of every non-empty cell, from the books."""
    f = finals.figures()
    out = set()

    def add(table, code, name, column, amount):
        if amount:
            out.add((str(table), code, name, column, f"{amount:.2f}"))

    classes = [c for c in f["every"] if len(c) == 3]
    income = {"一、一般公共预算财政拨款收入": f["fiscal_in"], "八、其他收入": f["other_in"],
              "本年收入合计": f["fiscal_in"] + f["other_in"], "年初结转和结余": f["carry_in"],
              "总计": f["carry_in"] + f["fiscal_in"] + f["other_in"]}
    for name, amount in income.items():
        add(1, "", name, "收入/金额", amount)
    for n, c in zip("一二三四", classes):
        add(1, "", f"{n}、{finals.NAMES[c]}", "支出/金额", f["every"][c][0])
    add(1, "", "本年支出合计", "支出/金额", f["spent"])
    add(1, "", "年末结转和结余", "支出/金额", f["carry_out"])
    add(1, "", "总计", "支出/金额", f["carry_in"] + f["fiscal_in"] + f["other_in"])
    add(2, "", "合计", "本年收入合计", f["fiscal_in"] + f["other_in"])
    add(2, "", "合计", "财政拨款收入", f["fiscal_in"])
    add(2, "", "合计", "其他收入", f["other_in"])
    for code, (total, fiscal, other) in f["inc"].items():
        for column, amount in (("本年收入合计", total), ("财政拨款收入", fiscal), ("其他收入", other)):
            add(2, code, finals.name(code), column, amount)
    def spending(table, per_code, columns):
        """A table of spending by function: the 合计 row, then each code's total, basic, project."""
        totals = [sum(v[k] for c, v in per_code.items() if len(c) == 3) for k in range(3)]
        for column, amount in zip(columns, totals):
            add(table, "", "合计", column, amount)
        for code, amounts in per_code.items():
            for column, amount in zip(columns, amounts):
                add(table, code, finals.name(code), column, amount)

    spending(3, f["every"], ("本年支出合计", "基本支出", "项目支出"))
    add(4, "", "一、一般公共预算财政拨款", "收入/金额", f["fiscal_in"])
    add(4, "", "本年收入合计", "收入/金额", f["fiscal_in"])
    add(4, "", "年初财政拨款结转和结余", "收入/金额", finals.CARRY_IN[0])
    add(4, "", "一般公共预算财政拨款", "收入/金额", finals.CARRY_IN[0])
    add(4, "", "总计", "收入/金额", finals.CARRY_IN[0] + f["fiscal_in"])
    for n, c in zip("一二三四", classes):
        for column in ("支出/合计", "支出/一般公共预算财政拨款"):
            add(4, "", f"{n}、{finals.NAMES[c]}", column, f["gpb"][c][0])
    for name, amount in (("本年支出合计", f["fiscal_spent"]), ("年末财政拨款结转和结余", f["fiscal_out"]),
                         ("总计", finals.CARRY_IN[0] + f["fiscal_in"])):
        for column in ("支出/合计", "支出/一般公共预算财政拨款"):
            add(4, "", name, column, amount)
    spending(5, f["gpb"], ("小计", "基本支出", "项目支出"))
    for side, items in (("人员经费", finals.PERSONNEL), ("公用经费", finals.PUBLIC)):
        for code, name, amount in items:
            amount = amount or sum(v for c, _, v in items if v and c.startswith(code) and c != code)
            add(6, code, name, f"{side}/决算数", amount)
    add(6, "", "人员经费合计", "人员经费/决算数", f["personnel"])
    add(6, "", "公用经费合计", "公用经费/决算数", f["public"])
    return out


def test_final_accounts_are_read_with_their_template(final_md):
    disc = parse(final_md)
    assert disc.meta.phase == "决算" and disc.meta.template == "cn-dept-final-2018"
    assert [t.kind for t in disc.tables] == ["summary", "income", "expenditure", "fiscal_summary", "gpb_expenditure",
                                             "basic_expenditure", "three_public", "gov_fund_expenditure",
                                             "state_capital_expenditure"]
    assert not disc.missing
    assert not [i for i in disc.issues if i.level != "info" or i.code == "header-unmapped"]
    # every figure is the year's actual, except the 三公 table's 预算数 columns
    phases = {f.coords.phase for f in disc.facts if f.coords.table_kind != "three_public"}
    assert phases == {"决算"}


def test_every_cell_is_read_and_no_row_number_is_an_amount(final_md):
    read = {(c["table"], c["code"], c["name"], c["column"], c["amount"]) for c in cells(final_md)
            if c["table"] != "7"}
    assert read == expected_cells()
    disc = parse(final_md)
    summary = disc.tables[0]
    numbers = {r.name: r.row_number for r in summary.rows}
    assert numbers["一、一般公共预算财政拨款收入"] == "1" and numbers["本年支出合计"] == "59"
    assert all(len(r.cells) <= 1 for r in summary.rows)         # 行次 never read as an amount


def test_classes_printed_by_name_get_their_code_as_coordinates(final_md):
    disc = parse(final_md)
    row = next(r for r in disc.tables[0].rows if r.name == "一、一般公共服务支出")
    assert row.code == "" and row.coords["function_code"] == "201"      # the code is not printed
    fact = next(f for f in disc.facts if f.table == 0 and f.row == row.index)
    assert fact.coords.function_code == "201"
    assert not [f for f in check(disc).findings if f.rule == "K-CODE-NAME"]


def test_three_public_budget_and_actual_columns(final_md):
    disc = parse(final_md)
    got = {(f.coords.phase, f.coords.item): f.amount for f in disc.facts if f.coords.table_kind == "three_public"}
    budget = [b for b, _ in finals.THREE_PUBLIC]
    actual = [a for _, a in finals.THREE_PUBLIC]
    for phase, v in (("年初预算", budget), ("决算", actual)):
        assert got[phase, "total"] == sum(v)
        assert got[phase, "vehicle"] == v[1] + v[2]
        assert got[phase, "reception"] == v[3]


def test_claims_carry_their_phase_and_completion_rates(final_md):
    claims = parse(final_md).narrative.claims
    item = [c for c in claims if c.subject.concept == "function:2010301"]
    assert [(c.kind, c.value, c.subject.coords.phase) for c in item] == [
        ("amount", Decimal("500.00"), "年初预算"), ("amount", Decimal("520.36"), "决算"),
        ("completion", Decimal("104.07"), "决算")]
    assert item[2].basis == "年初预算"
    tp = next(c for c in claims if c.kind == "completion" and c.subject.concept == "three_public:total")
    assert tp.value == Decimal("71.43") and tp.basis == "预算"
    share = next(c for c in claims if c.kind == "share" and c.subject.concept == "source:gpb")
    assert share.whole is not None and share.whole.concept == "expenditure:current"


def report(path):
    return check(parse(path))


def errors(rep, rule=None) -> list:
    return [f for f in rep.findings if f.severity == "error" and (rule is None or f.rule == rule)]


def test_consistent_final_accounts_raise_no_error(final_md):
    rep = report(final_md)
    assert errors(rep) == []
    ran = {o.rule: o.status for o in rep.outcomes}
    for rule in ("N-COMPLETION", "N-AMOUNT", "N-SHARE", "ARITH-ITEM-SUM", "ARITH-BALANCE", "X-T1-T2-SOURCES",
                 "X-T4-T5-GPB", "T10-T6-LINES"):
        assert ran[rule] == "pass", rule


@pytest.mark.parametrize("old,new,rule", [
    ("完成年初预算的104.07%", "完成年初预算的110.07%", "N-COMPLETION"),
    ("完成预算的71.43%", "完成预算的76.43%", "N-COMPLETION"),
    ("支出决算为520.36万元", "支出决算为530.36万元", "N-AMOUNT"),
    ("占本年支出合计的97.64%", "占本年支出合计的98.64%", "N-SHARE"),
    ("总计\t12\t860.00", "总计\t12\t870.00", "ARITH-BALANCE"),
    ("八、其他收入\t8\t20.00", "八、其他收入\t8\t25.00", "ARITH-ITEM-SUM"),
    # a class printed by name alone: its code found from the other tables' names
    ("一、一般公共服务支出\t32\t705.76", "一、一般公共服务支出\t32\t715.76", "ARITH-SIDE-CLASSES"),
    ("一、一般公共服务支出\t32\t705.76", "一、一般公共服务支出\t32\t715.76", "X-T1-T3-CLASS"),
])
def test_a_changed_figure_is_found(tmp_path, old, new, rule):
    assert errors(report(write(tmp_path, finals.final_accounts({old: new}))), rule)


def test_a_completion_rate_over_a_zero_budget_is_an_error(tmp_path):
    text = finals.final_accounts({"年初预算为180.00万元": "年初预算为0万元"})
    found = errors(report(write(tmp_path, text)), "N-COMPLETION")
    assert found and "预算数为 0" in found[0].message


def test_the_budget_figure_is_not_compared_with_the_actual(tmp_path):
    """年初预算为 500.00 beside a 决算 of 520.36: two figures of one item, neither wrong."""
    rep = report(write(tmp_path, finals.final_accounts()))
    assert not [f for f in rep.findings if f.rule == "N-AMOUNT" and "500.00" in f.message]


def test_a_budget_document_keeps_its_budget_template():
    from conftest import EXAMPLES      # the seeds: budget documents
    disc = parse(next(EXAMPLES.glob("000_*.txt")))
    assert disc.meta.phase == "预算" and not disc.meta.template.startswith("cn-dept-final")


@pytest.mark.parametrize("form", ["xlsx", "docx", "html"])
def test_other_forms_read_as_the_text(tmp_path, final_md, form):
    out = tmp_path / f"final.{form}"
    getattr(docgen, f"write_{form}")(final_md, out)
    assert cells(out) == cells(final_md)


def test_pdf_printed_from_the_workbook(tmp_path, final_md):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice 未安装，无法打印工作簿")
    book = tmp_path / "final.xlsx"
    docgen.write_xlsx(final_md, book, printable=True)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(book)], check=True, capture_output=True, timeout=300)
    pdf = book.with_suffix(".pdf")
    assert cells(pdf) == cells(book)
    # Calc draws a text sheet's short cells first, then the long ones: the page is read by the
    # characters' places, so the sections keep their paragraphs
    claims = lambda path: [(c.kind, c.value) for c in parse(path).narrative.claims]
    assert claims(pdf) == claims(final_md)
    assert errors(report(pdf)) == []


def test_layout_text_of_the_printed_pdf(tmp_path, final_md):
    """pdftotext -layout of the workbook printed to fit the page: headers no longer stand over
    their columns, 行次 numbers sit between labels and amounts, and a line may print only the
    expenditure side. Every amount is read in its column or reported undecided with the right
    column among the candidates — none in a wrong column, none lost."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice 或 pdftotext 未安装")
    book = tmp_path / "final.xlsx"
    docgen.write_xlsx(final_md, book, printable=True)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(book)], check=True, capture_output=True, timeout=300)
    text = tmp_path / "final.txt"
    subprocess.run(["pdftotext", "-layout", str(book.with_suffix(".pdf")), str(text)], check=True, timeout=60)
    truth = expected_cells()
    read = [c for c in cells(text) if c["table"] != "7"]
    decided = [c for c in read if "|" not in c["column"]]
    for c in read:
        readings = {(c["table"], c["code"], c["name"], col, c["amount"]) for col in c["column"].split("|")}
        assert readings & truth, c
    assert len(read) == len(truth) and len(decided) >= 0.75 * len(truth)


def test_a_unit_final_accounts_takes_the_unit_template(tmp_path):
    text = finals.final_accounts({"部门决算": "单位决算"})
    disc = parse(write(tmp_path, text))
    assert (disc.meta.scope, disc.meta.phase, disc.meta.template) == ("单位", "决算", "cn-unit-final-2018")
    assert len(disc.tables) == 9 and not disc.missing


def test_the_later_titles_without_zong_read_as_the_same_tables(tmp_path):
    """The accounts software's sheets from the 2019 accounts on title 公开01表 收入支出决算表 and
    公开04表 财政拨款收入支出决算表 (no 总): the same tables, read the same."""
    before = parse(write(tmp_path, finals.final_accounts()))
    after = parse(write(tmp_path, finals.final_accounts({"收入支出决算总表": "收入支出决算表"})))
    assert [t.title for t in after.tables][:4:3] == ["收入支出决算表", "财政拨款收入支出决算表"]
    assert [t.kind for t in after.tables] == [t.kind for t in before.tables] and not after.missing
    key = lambda d: sorted((f.coords.model_dump_json(), f.amount) for f in d.facts)
    assert key(after) == key(before)


def test_last_years_final_accounts_is_the_basis_of_a_change(tmp_path):
    """"与上年相比，收、支总计各增加 40.00 万元" in a 决算 speaks of last year's 决算: given that
    document, the implied 820.00 is compared with its 总计 (860.00 here: a finding); given a
    budget document instead, the rule does not apply."""
    now = parse(write(tmp_path, finals.final_accounts()))
    prior_path = tmp_path / "prior.md"
    prior_path.write_text(finals.final_accounts().replace("2024", "2023"), encoding="utf-8")
    prior = parse(prior_path)
    assert prior.meta.year == 2023 and prior.meta.phase == "决算"
    found = [f for f in check(now, prior=prior).findings if f.rule == "Y-PRIOR-FIGURE"]
    assert found and "820.00" in found[0].message and "860.00" in found[0].message
    budget = prior.model_copy(update={"meta": prior.meta.model_copy(update={"phase": "预算"})})
    outcome = next(o for o in check(now, prior=budget).outcomes if o.rule == "Y-PRIOR-FIGURE")
    assert outcome.status == "not_applicable"


# ---- variants people print (found by review) -------------------------------------------------

def as_plain(text: str) -> str:
    """The tables as plain text: cells a space apart, empty cells gone (a copy from a PDF viewer)."""
    return "\n".join(re.sub(r"\t+", " ", ln).strip() if "\t" in ln else ln for ln in text.split("\n"))


def read_set(path) -> set:
    return {(c["table"], c["code"], c["name"], c["column"], c["amount"]) for c in cells(path) if c["table"] != "7"}


def assert_sound(path) -> None:
    """Every cell read, each in its column or undecided with its column among the candidates
    (plain text loses empty cells: some columns only the identities can tell, or none)."""
    truth, read = expected_cells(), [c for c in cells(path) if c["table"] != "7"]
    for c in read:
        assert {(c["table"], c["code"], c["name"], col, c["amount"]) for col in c["column"].split("|")} & truth, c
    assert len(read) == len(truth)


@pytest.mark.parametrize("plain", [False, True])
def test_basic_table_in_three_groups(tmp_path, plain):
    """The national sheet prints 公用经费 over two groups of 科目编码 | 科目名称 | 决算数."""
    text = finals.final_accounts(basic_groups=3)
    path = write(tmp_path, as_plain(text) if plain else text)
    if plain:
        assert_sound(path)
    else:
        assert read_set(path) == expected_cells()
    assert errors(report(path)) == []


def test_plain_text_without_row_numbers(tmp_path):
    """Without 行次 a line may print an income label with no amount, then the expenditure side:
    a new numbered item starts the second side; a line opening with …支出 has only that side."""
    text = finals.final_accounts()
    for number in range(1, 65):       # the 行次 cells and header go
        text = re.sub(rf"\t{number}\t", "\t\t", text)
    text = text.replace("\t行次\t", "\t\t")
    path = write(tmp_path, as_plain(text))
    assert_sound(path)
    assert errors(report(path)) == []


def test_row_number_inside_the_label_cell(tmp_path):
    text = finals.final_accounts({"本年支出合计\t59\t": "本年支出合计 59\t\t", "年末结转和结余\t61\t": "年末结转和结余 61\t\t"})
    path = write(tmp_path, text)
    assert read_set(path) == expected_cells()
    summary = parse(path).tables[0]
    assert next(r for r in summary.rows if r.name == "本年支出合计").row_number == "59"
    assert errors(report(path)) == []


def test_a_numbering_row_without_a_1_does_not_stop_the_reading(tmp_path):
    text = finals.final_accounts({"栏次\t\t1\t2\t3\n合计\t\t826.28": "栏次 1\t\t2\t3\t\n合计\t\t826.28"})
    assert len(parse(write(tmp_path, text)).tables) == 9


def test_fiscal_income_with_its_budget_types_under_it(tmp_path):
    """一、财政拨款收入 830.00 and, under it, 其中：一般公共预算财政拨款 830.00: counted once."""
    text = finals.final_accounts({"一、一般公共预算财政拨款收入\t1\t830.00": "一、财政拨款收入\t1\t830.00",
                                  "二、政府性基金预算财政拨款收入\t2\t": "其中：一般公共预算财政拨款\t2\t830.00"})
    rep = report(write(tmp_path, text))
    assert errors(rep) == []
    changed = finals.final_accounts({"一、一般公共预算财政拨款收入\t1\t830.00": "一、财政拨款收入\t1\t830.00",
                                     "二、政府性基金预算财政拨款收入\t2\t": "其中：一般公共预算财政拨款\t2\t820.00"})
    assert errors(report(write(tmp_path, changed)), "ARITH-ITEM-SUM")


@pytest.mark.parametrize("old,new", [
    ("年初预算为500.00万元，支出决算为520.36万元，完成年初预算的104.07%",
     "年初预算为500.00万元；支出决算为520.36万元；完成年初预算的110.07%"),
    ("年初预算为500.00万元，支出决算为520.36万元，完成年初预算的104.07%",
     "年初预算为500.00万元。支出决算为520.36万元，完成年初预算的110.07%"),
    ("年初预算为500.00万元，支出决算为520.36万元，完成年初预算的104.07%",
     "支出决算为520.36万元，年初预算为500.00万元，完成年初预算的110.07%"),
])
def test_completion_rates_written_otherwise_are_checked(tmp_path, old, new):
    assert not errors(report(write(tmp_path, finals.final_accounts({old: new.replace("110.07", "104.07")}))))
    assert errors(report(write(tmp_path, finals.final_accounts({old: new}))), "N-COMPLETION")


def test_adjusted_budget_is_the_basis_it_names(tmp_path):
    """完成调整预算的 X%: over the 调整预算 the sentence states, not the 年初预算."""
    text = finals.final_accounts({"年初预算为500.00万元，支出决算为520.36万元，完成年初预算的104.07%":
                                  "年初预算为500.00万元，调整预算为520.00万元，支出决算为520.36万元，完成调整预算的100.07%"})
    assert not errors(report(write(tmp_path, text)), "N-COMPLETION")


def test_three_public_section_basic_words_name_no_table_figure(tmp_path):
    text = finals.final_accounts({"支出决算为25.00万元，": "支出决算为25.00万元，其中基本支出25.00万元，"})
    assert not errors(report(write(tmp_path, text)), "N-AMOUNT")


def test_budget_summary_with_trailing_empty_cells(tmp_path):
    """A workbook export leaves empty cells at a row's end: a 收支总表 line with two more
    still has one label per side."""
    from conftest import EXAMPLES
    seed = next(EXAMPLES.glob("000_*.txt"))
    lines = seed.read_text(encoding="utf-8").split("\n")
    at = next(i for i, ln in enumerate(lines) if ln.startswith("<b>一、本年收入</b>"))
    lines[at] += "\t\t"
    path = tmp_path / "seed.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert cells(path) == cells(seed)


def test_completion_rate_with_the_budget_inside_the_phrase(tmp_path):
    old = "年初预算为500.00万元，支出决算为520.36万元，完成年初预算的104.07%"
    new = "支出决算为520.36万元，为年初预算数500.00万元的{}%"
    assert not errors(report(write(tmp_path, finals.final_accounts({old: new.format("104.07")}))))
    assert errors(report(write(tmp_path, finals.final_accounts({old: new.format("110.00")}))), "N-COMPLETION")


# ---- the actual against the same year's budget: "比年初预算增加 X 万元，增长 Y%" --------------------

ITEM = "年初预算为500.00万元，支出决算为520.36万元，完成年初预算的104.07%"


@pytest.mark.parametrize("new", [
    "年初预算为500.00万元，支出决算为520.36万元，比年初预算增加{x}万元，增长{y}%",
    "支出决算为520.36万元，年初预算为500.00万元，比年初预算增加{x}万元，增长{y}%",
    "年初预算为500.00万元；支出决算为520.36万元，与年初预算相比增加{x}万元，增长{y}%",
    # the budget only in the table? the 一般公共预算 table prints no budget: the text's own
    "年初预算为500.00万元，支出决算为520.36万元，较预算增加{x}万元，增长{y}%",
])
def test_a_variance_against_the_budget_is_checked(tmp_path, new):
    good = finals.final_accounts({ITEM: new.format(x="20.36", y="4.07")})
    assert not errors(report(write(tmp_path, good)))
    wrong_amount = finals.final_accounts({ITEM: new.format(x="25.36", y="4.07")})
    assert errors(report(write(tmp_path, wrong_amount)), "N-BUDGET-VARIANCE")
    wrong_rate = finals.final_accounts({ITEM: new.format(x="20.36", y="5.07")})
    found = errors(report(write(tmp_path, wrong_rate)), "N-CHANGE-RATE")
    assert found and re.search(r"推算(年初预算|预算数) 500\.00", found[0].message)


def test_a_variance_claim_is_of_the_actual_with_the_budget_as_basis(tmp_path):
    text = finals.final_accounts({ITEM: "年初预算为500.00万元，支出决算为520.36万元，比年初预算增加20.36万元，增长4.07%"})
    claims = parse(write(tmp_path, text)).narrative.claims
    change = next(c for c in claims if c.kind == "change" and "年初预算" in c.sentence)
    assert (change.basis, change.subject.coords.phase, change.implied_prior) == ("年初预算", "决算", Decimal("500.00"))
    assert change.subject.coords.function_code == "2010301"


def test_a_three_public_variance_uses_the_tables_budget(tmp_path):
    """The 三公 table prints 预算数 and 决算数: 25.00 against 35.00 is 10.00 less."""
    old = "支出决算为25.00万元，完成预算的71.43%。"
    ok = finals.final_accounts({old: "支出决算为25.00万元，比年初预算减少10.00万元，下降28.57%。"})
    assert not errors(report(write(tmp_path, ok)))
    bad = finals.final_accounts({old: "支出决算为25.00万元，比年初预算减少12.00万元，下降34.29%。"})
    found = errors(report(write(tmp_path, bad)), "N-BUDGET-VARIANCE")
    assert found and "35.00" in found[0].message


def test_a_variance_against_the_budget_is_not_last_years_figure(tmp_path):
    """Y-PRIOR-FIGURE compares last year's figures only: a change against this year's budget
    is no statement about last year's document."""
    from budgetlens.checks.rules.year_over_year import _comparable
    text = finals.final_accounts({ITEM: "年初预算为500.00万元，支出决算为520.36万元，比年初预算增加20.36万元，增长4.07%"})
    disc = parse(write(tmp_path, text))
    change = next(c for c in disc.narrative.claims if c.kind == "change" and c.basis == "年初预算")
    assert not _comparable(change, disc, "决算")


@pytest.mark.parametrize("new,defect", [
    # the adjusted budget compared with the initial one, before the actual is stated
    ("年初预算为500.00万元，调整预算为520.00万元，比年初预算增加20.00万元，支出决算为520.36万元", False),
    ("年初预算为500.00万元，全年预算数为520.00万元，较年初预算数增加20.00万元，支出决算为520.36万元", False),
    # a completion rate between the figures and the change
    ("年初预算为500.00万元，支出决算为520.36万元，完成年初预算的104.07%，比年初预算增加20.36万元", False),
    ("年初预算为500.00万元，支出决算为520.36万元，完成年初预算的104.07%，比年初预算增加25.36万元", True),
    # amounts in 元
    ("年初预算为5000000.00元，支出决算为5203600.00元，比年初预算增加203600.00元，增长4.07%", False),
    ("年初预算为5000000.00元，支出决算为5203600.00元，比年初预算增加203600.00元，增长5.07%", True),
    # the wrong direction
    ("年初预算为500.00万元，支出决算为520.36万元，比年初预算减少20.36万元", True),
    # the year's own budget named by its year
    ("年初预算为500.00万元，支出决算为520.36万元，比2024年年初预算增加20.36万元，增长4.07%", False),
    ("年初预算为500.00万元，支出决算为520.36万元，比2024年年初预算增加25.36万元，增长4.07%", True),
    # 多 / 超 / the rate first / a sentence of its own
    ("年初预算为500.00万元，支出决算为520.36万元，比年初预算多25.36万元", True),
    ("年初预算为500.00万元，支出决算为520.36万元，超年初预算20.36万元", False),
    ("年初预算为500.00万元，支出决算为520.36万元，超年初预算25.36万元", True),
    ("年初预算为500.00万元，支出决算为520.36万元，较年初预算增长4.07%，增加25.36万元", True),
    ("年初预算为500.00万元，支出决算为520.36万元，完成年初预算的104.07%。比年初预算增加20.36万元，增长4.07%", False),
    ("年初预算为500.00万元，支出决算为520.36万元，完成年初预算的104.07%。比年初预算增加25.36万元，增长4.07%", True),
    # against the adjusted or full-year budget, or a budget unnamed when only the adjusted one is stated
    ("调整预算为520.00万元，支出决算为520.36万元，比预算数增加0.36万元，增长0.07%", False),
    ("年初预算为500.00万元，全年预算为520.00万元，支出决算为520.36万元，比全年预算增加0.36万元，增长0.07%", False),
    ("年初预算为500.00万元，调整预算为520.00万元，支出决算为520.36万元，比调整预算增加1.36万元，增长0.26%", True),
    # a change in percentage points is no amount
    ("年初预算为500.00万元，支出决算为520.36万元，比年初预算增加4.07个百分点", False),
])
def test_variance_wordings(tmp_path, new, defect):
    rules = {"N-BUDGET-VARIANCE", "N-CHANGE-RATE", "N-CHANGE-DIRECTION", "N-PRIOR-CONSISTENT", "N-COMPLETION", "N-AMOUNT"}
    found = [f for f in errors(report(write(tmp_path, finals.final_accounts({ITEM: new})))) if f.rule in rules]
    assert bool(found) == defect, [f.message for f in found]


def test_a_variance_message_says_the_direction_the_figures_give(tmp_path):
    new = "年初预算为500.00万元，支出决算为520.36万元，比年初预算减少20.36万元"
    found = errors(report(write(tmp_path, finals.final_accounts({ITEM: new}))), "N-BUDGET-VARIANCE")
    assert found and "减少 20.36" in found[0].message and "应为增加 20.36" in found[0].message


SPENDING = "2024年度本年支出合计846.28万元，其中：基本支出660.88万元，占本年支出78.09%；项目支出185.40万元，占本年支出21.91%。"


@pytest.mark.parametrize("new,rule", [
    ("2024年度本年支出合计846.28万元，其中：基本支出、项目支出分别为660.88万元、185.40万元，分别占本年支出的78.09%、21.91%。", None),
    ("2024年度本年支出合计846.28万元，其中：基本支出和项目支出分别为660.88万元和185.40万元。", None),
    ("2024年度本年支出合计846.28万元，其中：基本支出和项目支出分别为660.88万元和195.40万元。", "N-AMOUNT"),
    ("2024年度本年支出合计846.28万元，基本支出、项目支出分别占本年支出的78.09%、22.91%。", "N-SHARE"),
])
def test_figures_stated_respectively_belong_to_their_names_in_order(tmp_path, new, rule):
    """"A、B分别为 X、Y": X is A's and Y is B's (Y was A's too: a false N-AMOUNT error)."""
    assert SPENDING in finals.final_accounts()
    found = {f.rule for f in errors(report(write(tmp_path, finals.final_accounts({SPENDING: new}))))}
    assert (rule in found) if rule else not found, found
    assert "N-AMOUNT" not in found - {rule}         # never the second figure checked as the first's


def test_percentage_points_are_no_amount(tmp_path):
    """"增加 5.5 个百分点" is a change of a share: not an amount in 万元, and no rate is checked
    against it (it was: a false N-CHANGE-RATE error)."""
    new = "2024年度本年支出合计846.28万元，比上年增加5.5个百分点，增长3.2%。"
    disc = parse(write(tmp_path, finals.final_accounts({SPENDING: new})))
    point = next(c for c in disc.narrative.claims if "百分点" in c.sentence and c.value == Decimal("5.5"))
    assert point.unit == "个百分点"
    assert not [f for f in errors(check(disc)) if f.rule == "N-CHANGE-RATE"]


def warnings_of(rep, rule) -> list:
    return [f for f in rep.findings if f.severity == "warning" and f.rule == rule]


def test_a_final_accounts_states_its_own_years_stocks_and_its_budget_variance(tmp_path):
    """A 决算 states its stocks at its own year's end ("截至2024年12月31日", a budget at the end of
    the year before) and explains its actuals against the budget (完成预算的 C%, 决算数小于预算数):
    neither is a misplaced year nor an unexplained 三公 change. Without any comparison, the 三公
    section is still reported."""
    stock = "十、机关运行经费支出说明"
    tp = "完成预算的71.43%。其中"
    text = finals.final_accounts({stock: f"截至{finals.YEAR}年12月31日，本部门共有车辆2辆。\n\n" + stock,
                                  tp: "完成预算的71.43%，决算数小于预算数的主要原因是厉行节约。其中"})
    rep = report(write(tmp_path, text))
    assert not warnings_of(rep, "D-YEAR-MENTION") and not warnings_of(rep, "C-THREE-PUBLIC-EXPLAIN")
    bare = finals.final_accounts({tp: "。其中"}).replace("，完成预算的", "，预算为").replace("完成预算的", "")
    assert warnings_of(report(write(tmp_path, bare)), "C-THREE-PUBLIC-EXPLAIN")


def test_operating_spending_is_a_part_of_the_years_spending(tmp_path):
    """经营支出 (a unit's business spending) is a use beside 基本支出 and 项目支出: its share counts
    in the parts that make 100%."""
    from budgetlens.checks.rules.narrative import _family
    from budgetlens.extract.subjects import FunctionIndex, resolve_subject
    from budgetlens.model import Disclosure

    disc = Disclosure()
    disc.meta.phase = "决算"
    for words, nature in (("经营支出", "operating"), ("上缴上级支出", "to_superior"), ("对附属单位补助支出", "to_subsidiary")):
        subject = resolve_subject(words, None, FunctionIndex(disc))
        assert subject.coords.nature == nature and _family(subject.coords) == "nature"


TP_SENTENCE = "2024年度“三公”经费财政拨款支出决算为25.00万元，完成预算的71.43%。其中：因公出国（境）费支出决算为0万元；"
TP_BOTH = ("2024年度“三公”经费财政拨款支出预算为35.00万元，支出决算为25.00万元，完成预算的71.43%。其中：因公出国（境）费"
           "支出预算为0万元，支出决算为0万元，完成预算的0.00%；公务用车购置费支出预算为10.00万元，支出决算为0万元；")


@pytest.mark.parametrize("old,new,rule", [
    (TP_BOTH, TP_BOTH, None),
    (TP_BOTH, TP_BOTH.replace("完成预算的71.43%", "完成预算的17.43%"), "N-COMPLETION"),
    (TP_BOTH, TP_BOTH.replace("支出决算为25.00万元", "支出决算为52.00万元"), "N-AMOUNT"),
    (TP_BOTH, TP_BOTH.replace("购置费支出预算为10.00万元", "购置费支出预算为82.00万元"), "N-AMOUNT"),
    # an item's heading closed by a colon, not a full stop
    ("（项）。年初预算为500.00万元，支出决算为520.36万元", "（项）：年初预算为500.00万元，支出决算为520.36万元", None),
    ("（项）。年初预算为500.00万元，支出决算为520.36万元", "（项）：年初预算为500.00万元，支出决算为502.36万元", "N-AMOUNT"),
    ("（项）。年初预算为500.00万元，支出决算为520.36万元，完成年初预算的104.07%",
     "（项）：年初预算为500.00万元，支出决算为520.36万元，完成年初预算的140.07%", "N-COMPLETION"),
], ids=["budget-and-actual", "completion", "actual", "purchase-budget", "colon", "colon-actual", "colon-completion"])
def test_budget_and_actual_stated_one_after_the_other(tmp_path, old, new, rule):
    """"“三公”经费支出预算为 A 万元，支出决算为 B 万元，完成预算的 C%": B is the 三公 actual and
    C = B / A; an item's figures after "…（项）：" are the item's. (Nothing budgeted and nothing
    spent, "完成预算的0.00%", is no error.)"""
    text = finals.final_accounts({TP_SENTENCE: TP_BOTH} if old == TP_BOTH else {old: new})
    if old == TP_BOTH:
        text = text.replace(TP_BOTH, new)
    found = errors(report(write(tmp_path, text)))
    # (a wrong actual also makes its completion rate look wrong)
    assert (rule in [f.rule for f in found]) if rule else not found, [f.message for f in found]


@pytest.mark.parametrize("signed,late", [("2025年6月30日", False), ("2024年3月1日", True)])
def test_final_accounts_are_signed_the_year_after(tmp_path, signed, late):
    """A 决算 of 2024 is drawn up and published in 2025, not in 2024 as a budget of 2024 is."""
    text = finals.final_accounts() + f"\n{finals.UNIT}\n\n{signed}\n"
    found = [f for f in report(write(tmp_path, text)).findings if f.rule == "D-SIGNATURE"]
    assert bool(found) == late


ITEM_2010301 = ("1.一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）。年初预算为500.00万元，"
                "支出决算为520.36万元，完成年初预算的104.07%。")


@pytest.mark.parametrize("new,rule", [
    ("1.行政运行（2010301）年初预算500.00万元，支出决算520.36万元，完成年初预算的104.07%。", None),
    ("1.2010301行政运行：年初预算为500.00万元，支出决算为520.36万元，完成年初预算的104.07%。", None),
    ("1.行政运行（2010301）年初预算500.00万元，支出决算530.36万元，完成年初预算的106.07%。", "N-AMOUNT"),
    ("1.行政运行（2010301）年初预算500.00万元，支出决算520.36万元，完成年初预算的105.07%。", "N-COMPLETION"),
])
def test_an_item_named_by_its_code_with_its_budget_and_actual(tmp_path, new, rule):
    """"行政运行（2010301）年初预算 A 万元，支出决算 B 万元": the item of that code, its budget and its
    actual (the phase words after the code left it unresolved, and its figures unchecked)."""
    rep_path = write(tmp_path, finals.final_accounts({ITEM_2010301: new}))
    item = [c for c in parse(rep_path).narrative.claims if c.subject.concept == "function:2010301"]
    assert [(c.kind, c.subject.coords.phase) for c in item] == [("amount", "年初预算"), ("amount", "决算"),
                                                                ("completion", "决算")]
    assert [f.rule for f in errors(report(rep_path))] == ([rule] if rule else [])


THREE_PUBLIC_FINAL = "2024年度“三公”经费财政拨款支出决算为25.00万元，完成预算的71.43%。"


@pytest.mark.parametrize("change,rule", [("10.00", None), ("15.00", "N-BUDGET-VARIANCE")])
def test_a_change_against_the_years_budget_named_with_the_item(tmp_path, change, rule):
    """Beijing's 决算: "“三公”经费财政拨款决算数为 B 万元，比2024年“三公”经费财政拨款预算减少 X 万元" is
    a variance against the year's own budget (35.00 in the 三公 table), not a change on last year."""
    new = (f"2024年度“三公”经费财政拨款决算数为25.00万元，比2024年“三公”经费财政拨款预算减少{change}万元，"
           "主要原因是公务用车购置计划取消。")
    path = write(tmp_path, finals.final_accounts({THREE_PUBLIC_FINAL: new}))
    found = next(c for c in parse(path).narrative.claims if c.kind == "change" and c.subject.concept == "three_public:total")
    assert (found.basis, found.subject.coords.phase) == ("预算", "决算")
    assert [f.rule for f in errors(report(path))] == ([rule] if rule else [])


def test_bracketed_column_numbers_are_no_data_row(tmp_path):
    """"栏次 | | （1） | 栏次 | | 2": the columns' numbers, one in brackets, not a row of a negative amount."""
    text = finals.final_accounts({"栏次\t\t1\t栏次\t\t2": "栏次\t\t（1）\t栏次\t\t2"})
    path = write(tmp_path, text)
    assert "（1）\t栏次" in text
    assert read_set(path) == expected_cells()
    assert not any(r.name == "栏次" for t in parse(path).tables for r in t.rows)
