"""A subject that holds quotes, put inside a message's “…”, has its own “” turned into ‘’ (the
Chinese nesting convention), once: "“‘三公’经费…”", never "““三公”经费…”"."""

from __future__ import annotations

from decimal import Decimal

from budgetlens.checks.catalogue import load_catalogue
from budgetlens.checks.context import Fail, to_finding
from budgetlens.model.findings import Location
from budgetlens.text import quoted


def spec(rule: str):
    return next(r for r in load_catalogue() if r.id == rule)


def test_a_quoted_subject_is_nested_in_a_findings_message():
    fail = Fail(key="k", location=Location(section="八"), expected="12,788.68", found="12,789万元",
                difference=Decimal("0.32"), fields={"subject": "“一般公共服务支出”科目"})
    message = to_finding(spec("N-AMOUNT"), fail).message
    assert "“‘一般公共服务支出’科目”" in message, message
    assert "““" not in message and "””" not in message, message


def test_a_subject_outside_quotes_keeps_its_own():
    """Only what the message wraps is nested: a value the template does not quote is as given."""
    template = spec("N-AMOUNT").message
    assert "“{subject}”" in template
    fail = Fail(key="k", location=Location(section="八"), expected="1", found="“三公”经费 2")
    message = to_finding(spec("N-AMOUNT"), fail).message
    assert "“三公”经费 2" in message, message


def test_quoted_nests_once():
    assert quoted("一般公共预算“三公”经费支出表") == "“一般公共预算‘三公’经费支出表”"
    assert quoted("“‘甲’乙”") == "“‘‘甲’乙’”"


HEADER = "“三公”经费支出/上年预算数"
NESTED_HEADER = "“‘三公’经费支出/上年预算数”"


def test_a_readers_note_nests_a_headers_quotes():
    """A table note quoting a column header that prints quotes of its own nests them once, as
    the findings do (“‘三公’经费…”, not ““三公”经费…”)."""
    from budgetlens.extract.geometry import ocr_unsure, unplaced, unsure_amount
    from budgetlens.extract.rows import BlockRows, say_left_out

    out = BlockRows(header=[(1, ["项目", HEADER])])
    say_left_out(out, {0: "name", 1: None})
    notes = [out.warnings[0][1], unplaced(7, "12.00", HEADER), unsure_amount(7, "1 2", HEADER)[1],
             ocr_unsure(7, "12.00", HEADER)[1]]
    for note in notes:
        assert NESTED_HEADER in note and "““" not in note, note


def test_a_readers_note_keeps_a_plain_header_as_it_was():
    from budgetlens.extract.geometry import unplaced
    from budgetlens.extract.rows import BlockRows, say_left_out

    out = BlockRows(header=[(1, ["项目", "上年预算数"])])
    say_left_out(out, {0: "name", 1: None})
    assert out.warnings == [("column-not-in-template", "第 2 列“上年预算数”不是模板的列（如上年数、增减），未读入")]
    assert unplaced(7, "12.00", "上年预算数") == \
        "第 7 行金额 12.00 所在列的表头“上年预算数”不能对应到模板的列，本表按列的先后顺序读取金额，请核对"
