"""The 部门 vs 单位 rules (budgetlens/checks/rules/cross_document.py) on pairs generated from the
bundled examples, the `check --department` command, and their second phase in the store.

A pair is a seed as the 部门 and a copy of it edited into a 单位 (its title says 单位预算):
amounts doubled in the 部门 and a subordinate unit declared make an honest pair; one amount
raised in the 单位, a code renamed, a 三公 line or 机关运行经费 raised make violating ones.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from budgetlens.checks import check
from budgetlens.pipeline import parse
from budgetlens.store import Ingest, open_engine
from budgetlens.store.corpus import rename, variant
from budgetlens.store.schema import Document, FindingRow
from conftest import EXAMPLES

S000 = EXAMPLES / "000_9131eab83374bb33.txt"     # 部门 2026, 电子政务服务中心, 无下属预算单位
S002 = EXAMPLES / "002_4e0ed6e09b019fe1.txt"     # 部门 2026, 人民政府办公室, with 三公 and 机关运行经费
S003 = EXAMPLES / "003_051c06d5053f29b3.txt"     # 部门 2025, plain text with undecided columns
OFFICE_LINE = "302\t01\t办公费\t3.96\t\t3.96"
XD = ("XD-UNIT-EXCEEDS", "XD-CODE-MISSING", "XD-SOLE-UNIT-EQUAL", "XD-THREE-PUBLIC", "XD-OPERATING-COST")


def text_of(seed: Path) -> str:
    return seed.read_text(encoding="utf-8")


def as_unit(text: str) -> str:
    """The same document published as a 单位预算."""
    return re.sub(r"年(\s*)部门预算", r"年\1单位预算", text)


def with_subunits(text: str, n: int) -> str:
    """The 部门 declares n subordinate budget units (so it is more than its 本级)."""
    assert "无下属预算单位" in text
    return text.replace("无下属预算单位", f"下属预算单位{n}个")


def doubled(seed: Path, text: str | None = None) -> str:
    return variant(text or text_of(seed), "", scale=2)


def edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def pair(tmp_path: Path, dept_text: str, unit_text: str):
    dept = parse(write(tmp_path / "dept", "dept.txt", dept_text))
    unit = parse(write(tmp_path / "unit", "unit.txt", unit_text))
    assert dept.meta.scope == "部门" and unit.meta.scope == "单位"
    return unit, dept


def outcomes(report) -> dict[str, str]:
    return {o.rule: o.status for o in report.outcomes if o.rule in XD}


def xd_findings(report, severity: str | None = None) -> list:
    return [f for f in report.findings if f.category == "cross_document"
            and (severity is None or f.severity == severity)]


# ---- the rules ------------------------------------------------------------------------------------

def test_a_unit_within_its_department_passes(tmp_path):
    dept_text = with_subunits(doubled(S000), 1)
    unit, dept = pair(tmp_path, dept_text, as_unit(text_of(S000)))
    assert dept.overview.subunits == 1
    report = check(unit, department=dept)
    assert outcomes(report) == {"XD-UNIT-EXCEEDS": "pass", "XD-CODE-MISSING": "pass",
                                "XD-SOLE-UNIT-EQUAL": "not_applicable", "XD-THREE-PUBLIC": "not_applicable",
                                "XD-OPERATING-COST": "pass"}
    assert not [f for f in xd_findings(report) if f.severity != "info"]
    checked = {o.rule: o.checked for o in report.outcomes}
    assert checked["XD-UNIT-EXCEEDS"] > 100 and checked["XD-CODE-MISSING"] > 30


@pytest.mark.parametrize("seed", [S000, S002, S003])
def test_a_department_and_its_only_unit_printing_the_same_figures_pass(tmp_path, seed):
    unit, dept = pair(tmp_path, text_of(seed), as_unit(text_of(seed)))
    report = check(unit, department=dept)
    assert dept.overview.subunits == 0
    assert outcomes(report)["XD-SOLE-UNIT-EQUAL"] == "pass"
    assert not xd_findings(report)


def test_a_unit_exceeding_its_department_is_an_error_with_both_documents(tmp_path):
    unit_text = edit(as_unit(text_of(S000)), OFFICE_LINE, "302\t01\t办公费\t4.96\t\t4.96")
    unit, dept = pair(tmp_path, with_subunits(text_of(S000), 2), unit_text)
    report = check(unit, department=dept)
    errors = xd_findings(report, "error")
    assert {f.rule for f in errors} == {"XD-UNIT-EXCEEDS"}
    assert {(f.location.table, f.location.row) for f in errors} == {(6, "30201 办公费")}
    assert {f.location.column for f in errors} == {"合计", "公用经费"}
    for f in errors:
        assert f.difference == Decimal("1.00") and f.found == "4.96" and f.expected == "3.96"
        files = {e.role: e.provenance.file for e in f.evidence}
        assert files["单位"].endswith("unit.txt") and files["部门"].endswith("dept.txt")
        assert {e.text for e in f.evidence} == {"4.96", "3.96"}
        assert "超过所属部门" in f.message
    # the 部门 says it has 2 units, so it may hold more than this one: no equality check
    assert outcomes(report)["XD-SOLE-UNIT-EQUAL"] == "not_applicable"


def test_an_empty_department_cell_counts_as_zero(tmp_path):
    # the 单位 books 办公费 as 人员经费 too; the 部门 prints the row with that column empty
    unit_text = edit(as_unit(text_of(S000)), OFFICE_LINE, "302\t01\t办公费\t3.96\t1.00\t2.96")
    unit, dept = pair(tmp_path, with_subunits(text_of(S000), 2), unit_text)
    errors = xd_findings(check(unit, department=dept), "error")
    assert [(f.location.column, f.found, f.expected) for f in errors] == [("人员经费", "1.00", "0.00")]
    assert "部门该行此列为空" in errors[0].message
    assert [e.role for e in errors[0].evidence] == ["单位", "部门（该格为空）"]


def test_a_department_with_only_its_own_office_must_equal_it(tmp_path):
    unit_text = edit(as_unit(text_of(S000)), OFFICE_LINE, "302\t01\t办公费\t2.96\t\t2.96")
    unit, dept = pair(tmp_path, text_of(S000), unit_text)
    report = check(unit, department=dept)
    errors = xd_findings(report, "error")
    assert {f.rule for f in errors} == {"XD-SOLE-UNIT-EQUAL"}
    assert {(f.location.row, f.found, f.expected) for f in errors} == {("30201 办公费", "3.96", "2.96")}
    assert all(f.difference == Decimal("1.00") and "只含本级" in f.message for f in errors)
    # the same 单位 under a 部门 with subordinate units: being smaller is fine
    unit, dept = pair(tmp_path / "b", with_subunits(text_of(S000), 1), unit_text)
    assert not xd_findings(check(unit, department=dept), "error")
    # a 部门 that does not say how many units it has is not taken for its 本级 alone
    silent = edit(text_of(S000), "无下属预算单位，", "")
    unit, dept = pair(tmp_path / "c", silent, unit_text)
    assert dept.overview.subunits is None
    assert outcomes(check(unit, department=dept))["XD-SOLE-UNIT-EQUAL"] == "not_applicable"


def test_a_code_missing_from_the_department_is_a_warning(tmp_path):
    unit_text = edit(as_unit(text_of(S000)), OFFICE_LINE, "302\t02\t印刷费\t3.96\t\t3.96")
    unit, dept = pair(tmp_path, with_subunits(text_of(S000), 1), unit_text)
    report = check(unit, department=dept)
    serious = [f for f in xd_findings(report) if f.severity != "info"]
    assert [(f.rule, f.severity, f.location.row) for f in serious] == \
        [("XD-CODE-MISSING", "warning", "30202 印刷费")]
    roles = [e.role for e in serious[0].evidence]
    assert roles == ["单位", "部门（未列出）"]
    assert "经济分类科目 30202 印刷费" in serious[0].message
    # a 部门 that is only this 单位's office must print what it prints, and nothing else
    unit, dept = pair(tmp_path / "sole", text_of(S000), unit_text)
    report = check(unit, department=dept)
    assert {(f.rule, f.location.row) for f in xd_findings(report, "error")} == \
        {("XD-SOLE-UNIT-EQUAL", "30201 办公费")}


def test_a_project_missing_from_the_department_is_a_warning(tmp_path):
    old = "克州人民政府网站等级保护测评费\t3.00"
    unit_text = edit(as_unit(text_of(S000)), old, "克州人民政府网站安全测评费\t3.00")
    unit, dept = pair(tmp_path, with_subunits(text_of(S000), 1), unit_text)
    warnings = xd_findings(check(unit, department=dept), "warning")
    assert [(f.rule, f.location.table) for f in warnings] == [("XD-CODE-MISSING", 7)]
    assert "克州人民政府网站安全测评费" in warnings[0].message


def test_three_public_and_operating_cost_within_the_department_pass(tmp_path):
    unit, dept = pair(tmp_path, with_subunits(doubled(S002), 1), as_unit(text_of(S002)))
    report = check(unit, department=dept)
    assert outcomes(report)["XD-THREE-PUBLIC"] == "pass"
    assert outcomes(report)["XD-OPERATING-COST"] == "pass"
    assert not [f for f in xd_findings(report) if f.severity != "info"]


def test_three_public_line_above_the_departments_is_an_error(tmp_path):
    unit_text = edit(as_unit(text_of(S002)), "公务接待费\t5.00\t5.00", "公务接待费\t6.00\t6.00")
    unit, dept = pair(tmp_path, with_subunits(text_of(S002), 1), unit_text)
    errors = xd_findings(check(unit, department=dept), "error")
    assert {(f.rule, f.location.row) for f in errors} == {("XD-THREE-PUBLIC", "公务接待费")}
    f = errors[0]
    assert (f.found, f.expected, f.difference) == ("6.00", "5.00", Decimal("1.00"))
    assert {e.role for e in f.evidence} == {"单位", "部门"} and "不应超过" in f.message


def test_operating_cost_above_the_departments_is_an_error(tmp_path):
    old = "机关运行经费财政拨款预算177.24万元"
    unit_text = edit(as_unit(text_of(S002)), old, "机关运行经费财政拨款预算187.24万元")
    unit, dept = pair(tmp_path, with_subunits(text_of(S002), 1), unit_text)
    errors = xd_findings(check(unit, department=dept), "error")
    assert [(f.rule, f.found, f.expected) for f in errors] == [("XD-OPERATING-COST", "187.24", "177.24")]
    assert [e.role for e in errors[0].evidence] == ["单位", "部门"]
    assert all("机关运行经费" in e.text for e in errors[0].evidence)
    # a 部门 that is only this office: the figures must be equal, so a smaller one fails too
    unit_text = edit(as_unit(text_of(S002)), old, "机关运行经费财政拨款预算167.24万元")
    unit, dept = pair(tmp_path / "sole", text_of(S002), unit_text)
    errors = xd_findings(check(unit, department=dept), "error")
    assert [(f.rule, f.found) for f in errors] == [("XD-OPERATING-COST", "167.24")]
    assert "应等于" in errors[0].message


def test_amounts_in_yuan_compare_with_amounts_in_wan(tmp_path):
    unit_text = edit(as_unit(text_of(S000)), OFFICE_LINE, "302\t01\t办公费\t4.96\t\t4.96")
    unit, dept = pair(tmp_path, text_of(S000), unit_text)
    for fact in dept.facts:              # the 部门 prints its tables in 元
        fact.amount, fact.unit, fact.precision = fact.amount * 10000, "元", 0
    report = check(unit, department=dept)
    errors = xd_findings(report, "error")
    assert {(f.location.row, f.found, f.expected) for f in errors} == {("30201 办公费", "4.96", "3.96")}
    assert outcomes(report)["XD-SOLE-UNIT-EQUAL"] == "pass"


def test_undecided_columns_are_not_compared(tmp_path):
    # 003 is pdftotext plain text: some cells' columns stay undecided; they must raise nothing
    unit, dept = pair(tmp_path, with_subunits(doubled(S003), 1), as_unit(text_of(S003)))
    assert any(f.alternatives for f in unit.facts)
    report = check(unit, department=dept)
    assert outcomes(report)["XD-UNIT-EXCEEDS"] == "pass"
    assert not [f for f in xd_findings(report) if f.severity != "info"]


def test_no_counterpart_or_a_wrong_one_is_not_applicable(tmp_path):
    unit, dept = pair(tmp_path, text_of(S000), as_unit(text_of(S000)))
    alone = check(unit)
    assert set(outcomes(alone).values()) == {"not_applicable"}
    reasons = {o.reason for o in alone.outcomes if o.rule in XD}
    assert reasons == {"未提供所属部门的公开文件（--department）"}
    last_year = parse(write(tmp_path / "old", "old.txt", variant(text_of(S000), "", years=-1)))
    assert set(outcomes(check(unit, department=last_year)).values()) == {"not_applicable"}
    # the "部门" given is itself a 单位, or the file checked is a 部门
    assert set(outcomes(check(unit, department=unit)).values()) == {"not_applicable"}
    assert set(outcomes(check(dept, department=dept)).values()) == {"not_applicable"}


def test_fingerprints_survive_a_new_version(tmp_path):
    unit_text = edit(as_unit(text_of(S000)), OFFICE_LINE, "302\t01\t办公费\t4.96\t\t4.96")
    unit, dept = pair(tmp_path, with_subunits(text_of(S000), 2), unit_text)
    before = {f.fingerprint for f in xd_findings(check(unit, department=dept), "error")}
    unit2, dept2 = pair(tmp_path / "v2", with_subunits(text_of(S000), 2) + "\n（更正）\n", unit_text + "\n附注\n")
    after = {f.fingerprint for f in xd_findings(check(unit2, department=dept2), "error")}
    assert before and before == after


# ---- the command ----------------------------------------------------------------------------------

def cli(*args):
    from typer.testing import CliRunner

    from budgetlens.cli.main import app
    return CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})


def test_check_command_with_department(tmp_path):
    unit_file = write(tmp_path, "unit.txt", edit(as_unit(text_of(S000)), OFFICE_LINE,
                                                 "302\t01\t办公费\t4.96\t\t4.96"))
    dept_file = write(tmp_path, "dept.txt", with_subunits(text_of(S000), 2))
    result = cli("check", unit_file, "--department", dept_file, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    found = [f for f in report["findings"] if f["category"] == "cross_document"]
    assert {f["rule"] for f in found} == {"XD-UNIT-EXCEEDS"}
    assert {Path(e["provenance"]["file"]).name for f in found for e in f["evidence"]} == {"unit.txt", "dept.txt"}
    text = cli("check", unit_file, "--department", dept_file)
    assert "[XD-UNIT-EXCEEDS]" in text.stdout and "超过所属部门" in text.stdout
    assert cli("check", unit_file, "--department", tmp_path / "missing.txt").exit_code == 2
    rules = cli("rules").stdout
    assert all(rule in rules for rule in XD) and "cross_document" in rules


# ---- the store's second phase ------------------------------------------------------------------------

def department_findings(engine) -> list[FindingRow]:
    with Session(engine) as s:
        return list(s.scalars(select(FindingRow).where(FindingRow.stage == "department")))


def doc_id(engine, scope: str) -> int:
    with Session(engine) as s:
        return s.scalar(select(Document.id).where(Document.scope == scope, Document.superseded_by.is_(None)))


@pytest.mark.parametrize("order", ["部门 first", "单位 first"])
def test_store_runs_the_pair_when_the_second_document_arrives(tmp_path, order):
    engine = open_engine(f"sqlite:///{tmp_path / 't.db'}")
    dept = write(tmp_path / "in", "dept.txt", with_subunits(text_of(S000), 2))
    # the 单位 spells the region short (克州…): still the 部门's own office
    name = "克孜勒苏柯尔克孜自治州电子政务服务中心"
    unit_text = rename(edit(as_unit(text_of(S000)), OFFICE_LINE, "302\t01\t办公费\t4.96\t\t4.96"),
                       name, "克州电子政务服务中心")
    unit = write(tmp_path / "in", "unit.txt", unit_text)
    first, second = (dept, unit) if order == "部门 first" else (unit, dept)
    assert Ingest(engine, workers=0).run([first]).department_pairs == 0
    assert not department_findings(engine)
    summary = Ingest(engine, workers=0).run([second])
    assert summary.department_pairs == 1
    rows = department_findings(engine)
    unit_id, dept_id = doc_id(engine, "单位"), doc_id(engine, "部门")
    assert {(r.document_id, r.prior_document_id) for r in rows} == {(unit_id, dept_id)}
    assert {r.rule for r in rows if r.severity == "error"} == {"XD-UNIT-EXCEEDS"}
    assert all(r.category == "cross_document" and len(r.fingerprint) == 16 for r in rows)
    assert {Path(e["provenance"]["file"]).name for r in rows for e in r.evidence} == {"unit.txt", "dept.txt"}
    # ingesting again changes nothing; a new version of the 部门 replaces the findings against the
    # old one (here it still books less 办公费 than the 单位: 4.50)
    assert Ingest(engine, workers=0).run([dept, unit]).department_pairs == 0
    fixed = write(tmp_path / "in", "dept-v2.txt",
                  edit(with_subunits(text_of(S000), 2), OFFICE_LINE, "302\t01\t办公费\t4.50\t\t4.50"))
    assert Ingest(engine, workers=0).run([fixed]).department_pairs == 1
    rows = department_findings(engine)
    assert {r.prior_document_id for r in rows} == {doc_id(engine, "部门")} != {dept_id}
    assert {r.difference for r in rows if r.severity == "error"} == {Decimal("0.46")}
    # the 部门 corrected to the 单位's figure: nothing left to report
    fixed = write(tmp_path / "in", "dept-v3.txt",
                  edit(with_subunits(text_of(S000), 2), OFFICE_LINE, "302\t01\t办公费\t4.96\t\t4.96"))
    assert Ingest(engine, workers=0).run([fixed]).department_pairs == 1
    assert not department_findings(engine)


def test_store_pairs_by_unit_code_prefix_and_never_across_years(tmp_path):
    from budgetlens.store.records import process_document
    from budgetlens.store.writer import Writer
    engine = open_engine(f"sqlite:///{tmp_path / 't.db'}")
    writer = Writer(engine)

    def save(name: str, text: str, **meta) -> int:
        path = write(tmp_path / "in", name, text)
        out = process_document(str(path))
        out.meta.update(meta)
        return writer.save(out, path.read_bytes(), str(path)).document_id

    dept = save("dept.txt", with_subunits(doubled(S002), 1), unit_code="101")
    office = save("office.txt", as_unit(text_of(S002)), unit_code="101")             # its 本级 by code
    sub = save("sub.txt", as_unit(text_of(S000)), unit_code="101001")               # a subordinate unit
    other = save("other.txt", as_unit(variant(text_of(S000), "", scale=3)), unit_code="102001")
    older = save("older.txt", as_unit(variant(text_of(S000), "", years=-1, scale=5)), unit_code="101002")
    assert writer.department_pairs([dept]) == sorted([(office, dept), (sub, dept)])
    assert writer.department_pairs([sub]) == [(sub, dept)]
    assert writer.department_pairs([other]) == writer.department_pairs([older]) == []
