"""The amount unit of tables that print no unit line of their own.

The document is the 决算 of tests/finals.py with its tables printed in 元 (every amount ten
thousand times the 万元 one, the narrative still in 万元) and no table's own 金额单位 line:
the unit is stated once for all the tables ("以下各表金额单位均为：元", in the heading of the
tables part, in a 说明), or nowhere. Stated, it is every following table's unit; nowhere, the
template's unit is assumed, and where the narrative restates the tables' figures ten thousand
times smaller, the unit is reported, and switched where the evidence leaves no doubt."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest

import docgen
import finals
from budgetlens import pipeline
from budgetlens.checks import check
from budgetlens.extract.rows import is_amount_cell
from budgetlens.extract.units import check_assumed_units
from budgetlens.pipeline import parse
from budgetlens.text import parse_amount, strip_markup

HEADING = f"## 第二部分 {finals.YEAR} 年度部门决算表"
UNIT_LINE = re.compile(r"(?:金额)?单位[:：]\s*万元")


def yuan_cell(cell: str) -> str:
    if not is_amount_cell(cell):
        return cell
    printed = strip_markup(cell).strip()
    return cell.replace(printed, f"{parse_amount(printed)[0] * 10000:,.2f}")


def without_unit_lines(text: str, yuan: bool) -> str:
    """The document with no table's own unit line, its tables' amounts in 元 if `yuan`."""
    out = []
    for line in text.split("\n"):
        line = UNIT_LINE.sub("", line)
        if yuan and "\t" in line:                 # a table row (the narrative has no tabs)
            line = "\t".join(map(yuan_cell, line.split("\t")))
        out.append(line)
    return "\n".join(out)


def final_in_yuan(statement: str | None = None, heading: str | None = None, after: str = HEADING) -> str:
    text = without_unit_lines(finals.final_accounts(), yuan=True)
    assert HEADING in text
    if heading is not None:
        text = text.replace(HEADING, heading)
    if statement is not None:
        text = text.replace(after, f"{after}\n\n{statement}")
    return text


def write(tmp_path, text: str, name: str = "final.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def amounts(disc) -> dict[tuple, tuple[D, str]]:
    """(table, row, column) → (amount in 万元 as the unit read gives it, unit read)."""
    return {(f.table, f.row, f.column): (f.amount.scaleb(-4) if f.unit == "元" else f.amount, f.unit)
            for f in disc.facts}


@pytest.fixture(scope="module")
def in_wan(tmp_path_factory):
    """The document as tests/finals.py writes it: each table with its 金额单位：万元 line."""
    return parse(write(tmp_path_factory.mktemp("wan"), finals.final_accounts()))


def errors(disc) -> list:
    return [f for f in check(disc).findings if f.severity == "error"]


def assert_read_in_yuan(disc, in_wan) -> None:
    """Every amount of the 万元 document, read from the 元 tables as the same money; every
    table with amounts in 元; no error."""
    read, truth = amounts(disc), amounts(in_wan)
    assert {k: v[0] for k, v in read.items()} == {k: v[0] for k, v in truth.items()}
    assert {v[1] for v in read.values()} == {"元"}
    assert {t.unit for t in disc.tables if t.rows} == {"元"}
    assert errors(disc) == []


@pytest.mark.parametrize("statement, heading", [
    ("（以下各表金额单位均为：元）", None),
    ("以下各表金额单位：元", None),
    ("说明：本部分各表金额单位为元。", None),
    ("注：下列表格中的金额单位统一为人民币元。", None),
    (None, f"## 第二部分 {finals.YEAR} 年度部门决算表（单位：元）"),
])
def test_a_unit_stated_once_is_every_following_tables(tmp_path, in_wan, statement, heading):
    disc = parse(write(tmp_path, final_in_yuan(statement, heading)))
    assert_read_in_yuan(disc, in_wan)
    stated = [i for i in disc.issues if i.code == "unit-stated"]
    assert len(stated) == len(disc.tables) and all(i.level == "info" for i in stated)
    assert not any(i.code in ("unit-assumed", "unit-inferred") for i in disc.issues)


def test_a_unit_stated_once_in_a_word_document(tmp_path, in_wan):
    md = write(tmp_path, final_in_yuan("（以下各表金额单位均为：元）"))
    docx = tmp_path / "final.docx"
    docgen.write_docx(md, docx)
    disc = parse(docx)
    assert_read_in_yuan(disc, in_wan)
    assert any(i.code == "unit-stated" for i in disc.issues)


def test_a_tables_own_unit_line_wins_over_the_statement(tmp_path):
    """Tables each printing 金额单位：万元 under a statement of 元: each its own."""
    text = finals.final_accounts().replace(HEADING, f"{HEADING}\n\n（以下各表金额单位均为：元）")
    disc = parse(write(tmp_path, text))
    assert {f.unit for f in disc.facts} == {"万元"}
    assert not any(i.code == "unit-stated" for i in disc.issues) and errors(disc) == []


@pytest.mark.parametrize("statement", [
    "以上各表金额单位均为：元",                                  # the tables before it
    "以下各表金额单位为元，其中“三公”经费表金额单位为万元",        # two units: neither for all
    "部门全部收支预算总表 单位：元",                              # a table's title and its own unit
])
def test_what_states_no_unit_for_the_following_tables(tmp_path, statement):
    disc = parse(write(tmp_path, final_in_yuan(statement)))
    assert not any(i.code == "unit-stated" for i in disc.issues)


def test_a_unit_line_naming_no_tables_is_the_first_tables_alone(tmp_path):
    """金额单位：元 under the tables' heading, just above 表1 and its title, names no tables it
    covers: it is the unit line of the table under it (printed above its title), not of the
    tables after it."""
    disc = parse(write(tmp_path, final_in_yuan("金额单位：元")))
    stated = [i for i in disc.issues if i.code == "unit-stated"]
    assert [i.provenance.table for i in stated] == [disc.tables[0].index]
    assert disc.tables[0].unit == "元"


# ---- no unit anywhere: the template's unit, checked against the narrative -------------------

def test_tables_in_yuan_with_no_unit_anywhere_are_read_in_yuan_and_said(tmp_path, in_wan):
    """The narrative restates the tables' figures ten thousand times smaller than the 万元
    reading gives (1987.29 万元 against 19,872,871.35): each table with amounts is read in 元
    and a warning names the table and the figures that tell it."""
    disc = parse(write(tmp_path, final_in_yuan()))
    assert_read_in_yuan(disc, in_wan)
    inferred = [i for i in disc.issues if i.code == "unit-inferred"]
    assert len(inferred) == sum(1 for t in disc.tables if t.rows)
    for issue in inferred:
        table = disc.tables[issue.provenance.table]
        assert issue.level == "warning" and f"表「{table.title}」" in issue.message
        assert "按“元”读取相符" in issue.message and "本表已按“元”读取" in issue.message
    summary = next(i for i in inferred if disc.tables[i.provenance.table].kind == "summary")
    assert "860.00万元（本表 8,600,000.00）" in summary.message


def test_a_different_layout_of_the_same_evidence(tmp_path, in_wan):
    """The same document as plain text (cells a space apart, empty cells gone)."""
    from test_final_accounts import as_plain

    disc = parse(write(tmp_path, as_plain(final_in_yuan()), "final.txt"))
    assert {t.unit for t in disc.tables if t.rows} == {"元"}
    assert errors(disc) == []


def test_tables_in_wan_with_no_unit_lines_stay_in_wan(tmp_path, in_wan):
    disc = parse(write(tmp_path, without_unit_lines(finals.final_accounts(), yuan=False)))
    assert amounts(disc) == amounts(in_wan)
    assumed = [i for i in disc.issues if i.code == "unit-assumed"]
    assert len(assumed) == len(disc.tables)
    assert all(i.message.endswith("按模板默认单位“万元”读取") for i in assumed)
    assert errors(disc) == []


def parsed_unchecked(monkeypatch, path):
    """The disclosure before the assumed units are checked against the narrative."""
    monkeypatch.setattr(pipeline, "check_assumed_units", lambda disc: None)
    return parse(path)


def test_one_figure_is_reported_not_acted_on(tmp_path, monkeypatch):
    """Only the “三公” total (25.00 万元, the table's 250,000.00) restated: the table stays in
    the template's unit, and the warning says it may be in 元."""
    disc = parsed_unchecked(monkeypatch, write(tmp_path, final_in_yuan()))
    disc.narrative.claims = [c for c in disc.narrative.claims if c.kind == "amount" and c.value == D("25.00")]
    assert disc.narrative.claims
    check_assumed_units(disc)
    three = disc.table("three_public")
    assert three.unit == "万元" and {f.unit for f in disc.facts if f.table == three.index} == {"万元"}
    issue = next(i for i in disc.issues if i.provenance and i.provenance.table == three.index and "单位" in i.message)
    assert issue.code == "unit-assumed" and "仍按“万元”读取" in issue.message and "25.00" in issue.message
    others = [i for i in disc.issues if i.code == "unit-assumed" and i is not issue]
    assert all(i.message.endswith("按模板默认单位“万元”读取") for i in others)


def test_small_figures_ten_thousand_times_smaller_tell_nothing(tmp_path, monkeypatch):
    """Tables in 万元 with no unit line, the narrative restating none of their figures but
    stating small ones that their amounts ÷ 10000 happen to give (0.05 万元 and 0.03 万元
    from 520.36 and 264.80): figures of fewer than four digits crowd that range, so nothing is
    switched nor said."""
    path = write(tmp_path, without_unit_lines(finals.final_accounts(), yuan=False))
    disc = parsed_unchecked(monkeypatch, path)
    claim = next(c for c in disc.narrative.claims if c.kind == "amount")
    disc.narrative.claims = [claim.model_copy(update={"value": D(v), "text": f"{v}万元", "unit": "万元",
                                                      "precision": 2, "qualifier": None})
                             for v in ("0.05", "0.03", "0.02")]
    before = [(i.code, i.message) for i in disc.issues]
    check_assumed_units(disc)
    assert [(i.code, i.message) for i in disc.issues] == before
    assert {f.unit for f in disc.facts} == {"万元"}
