"""A subject that holds quotes, put inside a message's “…”, has its own “” turned into ‘’ (the
Chinese nesting convention), once: "“‘三公’经费…”", never "““三公”经费…”"."""

from __future__ import annotations

from decimal import Decimal

from budgetlens.checks.catalogue import load_catalogue
from budgetlens.checks.context import Fail, quoted, to_finding
from budgetlens.model.findings import Location


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
