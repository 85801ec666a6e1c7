"""Wordings other offices use (tests/wordings.py), each in a document whose tables agree: the
claims read are the ones the words state, and no finding is raised that the clean document
does not raise."""

from __future__ import annotations

import functools

import pytest

import finals
from budgetlens.checks import check
from budgetlens.pipeline import parse
from conftest import EXAMPLES
from wordings import CASES

DOCUMENTS = {"002": "002_4e0ed6e09b019fe1", "003": "003_051c06d5053f29b3", "fin": "final"}


def source(document: str) -> str:
    if document == "fin":
        return finals.final_accounts()
    return (EXAMPLES / f"{DOCUMENTS[document]}.txt").read_text(encoding="utf-8")


def serious(report) -> set:
    return {(f.fingerprint, f.severity) for f in report.findings if f.severity in ("error", "warning")}


@functools.lru_cache(maxsize=None)
def clean_findings(document: str, tmp_dir) -> frozenset:
    path = tmp_dir / f"{DOCUMENTS[document]}.clean.txt"
    path.write_text(source(document), encoding="utf-8")
    return frozenset(serious(check(parse(path))))


@pytest.fixture(scope="module")
def tmp_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("wordings")


def squeezed(text: str) -> str:
    return "".join(text.split())


def of_the_text(claim, new: str) -> bool:
    """A claim of the new text: its sentence is in it (or, a heading joined before it in plain
    text, holds all of it)."""
    sentence, text = squeezed(claim.sentence).rstrip("。"), squeezed(new)
    return len(sentence) > 8 and (sentence in text or text.rstrip("。") in sentence)


def matches(claim, kind, concept, value, extra) -> bool:
    return claim.kind == kind and str(claim.value) == value and (concept is None or claim.subject.concept == concept) \
        and all(found == extra[key] for key, found in (
            ("direction", claim.direction),
            ("prior", None if claim.implied_prior is None else str(claim.implied_prior)),
            ("phase", claim.subject.coords.phase if claim.subject.coords else None),
            ("basis", claim.basis)) if key in extra)


@pytest.mark.parametrize("name,document,old,new,expected", CASES, ids=[c[0] for c in CASES])
def test_a_wording_of_another_office(tmp_dir, name, document, old, new, expected):
    text = source(document)
    assert old in text, old
    path = tmp_dir / f"{name}.txt"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    disc = parse(path)
    claims = [c for c in disc.narrative.claims if of_the_text(c, new)]
    assert sorted((c.kind, str(c.value)) for c in claims) == sorted((e[0], e[2]) for e in expected)
    for kind, concept, value, *extra in expected:
        assert any(matches(c, kind, concept, value, extra[0] if extra else {}) for c in claims), \
            ((kind, concept, value, extra), [(c.kind, c.subject.concept, str(c.value), c.direction, c.implied_prior,
                                              c.basis) for c in claims])
    new_findings = [f.message for f in check(disc).findings if f.severity in ("error", "warning")
                    and (f.fingerprint, f.severity) not in clean_findings(document, tmp_dir)]
    assert not new_findings, new_findings
