"""The standard document written from a disclosure (budgetlens/render): the four seeds and a
filled real workbook, in all four formats, read back with the project's own readers — every
fact as the input's, no error the input does not have, no narrative finding — plus sentences
checked against figures worked out by hand, and refusals."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

import pytest
from conftest import EXAMPLES, SEEDS, SHARED, parsed
from typer.testing import CliRunner

from budgetlens.checks import check
from budgetlens.cli.main import app
from budgetlens.pipeline import parse
from budgetlens.render import RenderError, build_document, render
from budgetlens.render.document import Paragraph

FORMATS = ["html", "docx", "xlsx", "pdf"]
WORKBOOK = SHARED / "templates" / "sh-putuo-2026-dept-budget-template.xlsx"
SLOTS = re.compile(r"【待填写：([^】]*)】")


def fact_key(f):
    return f.coords.model_dump_json(), f.amount


def decided(disc) -> Counter:
    return Counter(fact_key(f) for f in disc.facts if not f.ambiguous)


def errors(report) -> set[str]:
    return {f.fingerprint for f in report.findings if f.severity == "error" and f.rule != "C-PLACEHOLDER"}


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    if not WORKBOOK.exists():
        pytest.skip("../shared/templates 不在本机")
    from test_filled_workbook import fill
    return fill(tmp_path_factory.mktemp("wb") / "filled.xlsx")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", [*SEEDS, "workbook"])
def test_rendered_document_reads_back_as_its_input(name, fmt, tmp_path, request):
    if fmt == "pdf":
        pytest.importorskip("weasyprint")
    disc = parsed(name) if name in SEEDS else parse(request.getfixturevalue("workbook"))
    out = tmp_path / f"{name}.{fmt}"
    doc = render(disc, out)
    back = parse(out)
    # every fact the input decided, at the same coordinates with the same Decimal; nothing more
    assert decided(back) == decided(disc)
    assert not any(f.ambiguous for f in back.facts)
    # an amount the input left undecided between columns is not printed, and is listed
    assert len(doc.undecided) == sum(1 for t in disc.tables for r in t.rows for c in r.cells
                                     if c.amount is not None and c.candidates and not c.column)
    assert (back.meta.unit_name, back.meta.year, back.meta.template) == \
        (disc.meta.unit_name, disc.meta.year, disc.meta.template)
    assert not back.missing
    report = check(back)
    narrative_findings = [f for f in report.findings if f.rule.startswith("N-") and f.severity == "error"]
    assert not narrative_findings, [f.message for f in narrative_findings]
    # no error the input does not have (the seeds' own defects stay as printed), but the sums
    # a table's undecided amounts, left out and listed by the command, no longer make up: the
    # table's own (ARITH-) and those between it and others (T-)
    left_out = {t.kind for t in disc.tables for r in t.rows for c in r.cells
                if c.amount is not None and c.candidates and not c.column}
    new = [f for f in report.findings if f.fingerprint in errors(report) - errors(check(disc))]
    assert all(left_out and (f.location.table_kind in left_out or f.rule.startswith("T")) for f in new), \
        [f.message for f in new]
    # the only placeholders are those the command lists
    placeholders = [f for f in report.findings if f.rule == "C-PLACEHOLDER"]
    assert bool(placeholders) == bool(doc.placeholders)


def texts(doc) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


def with_prior_cells(disc, changes: dict[tuple[str, str], Decimal]):
    """Last year's disclosure as the input's, with the total-row cells named changed."""
    prior = disc.model_copy(deep=True)
    for (kind, key), amount in changes.items():
        table = prior.table(kind)
        row = next(r for r in table.rows if not r.classified_code and not r.project)
        next(c for c in row.cells if c.column == key).amount = amount
    return prior


def test_shares_and_changes_match_figures_worked_out_by_hand(tmp_path):
    """Seed 000 (2026): 一般公共预算 277.90 of 收入 277.90; 基本支出 243.90, 项目支出 34.00 of
    支出 277.90. Last year (as the seed's own text implies): 一般公共预算 473.87, 基本支出 380.47.
    By hand: 277.90 − 473.87 = −195.97, 195.97 / 473.87 = 41.355…% → 41.36%;
    243.90 / 277.90 = 87.765…% → 87.77%; 243.90 − 380.47 = −136.57, 136.57 / 380.47 = 35.895…%
    → 35.90%; 34.00 / 277.90 = 12.234…% → 12.23%; a 项目支出 of 34.00 last year: 与上年预算持平."""
    disc = parsed("000_9131eab83374bb33")
    prior = with_prior_cells(disc, {("income", "gpb"): Decimal("473.87"), ("expenditure", "basic"): Decimal("380.47"),
                                    ("expenditure", "project"): Decimal("34.00")})
    doc = build_document(disc, prior)
    lines = texts(doc)
    assert "一般公共预算277.90万元，占100.00%，比上年预算减少195.97万元，下降41.36%，主要原因是【请说明增减变化的主要原因】。" in lines
    assert "基本支出243.90万元，占87.77%，比上年预算减少136.57万元，下降35.90%，主要原因是【请说明增减变化的主要原因】。" in lines
    assert "项目支出34.00万元，占12.23%，与上年预算持平。" in lines
    assert "增减变化的主要原因" in doc.placeholders
    # read back, the changes imply last year's figures as given
    out = tmp_path / "000.docx"
    render(disc, out, prior=prior)
    claims = parse(out).narrative.claims
    priors = {c.subject.concept: c.implied_prior for c in claims if c.kind == "change" and c.section == "二"}
    assert priors["source:gpb"] == Decimal("473.87")


def test_a_change_from_zero_is_an_increase_of_one_hundred_per_cent():
    disc = parsed("000_9131eab83374bb33")
    prior = with_prior_cells(disc, {("expenditure", "project"): Decimal("0.00")})
    assert "项目支出34.00万元，占12.23%，比上年预算增加34.00万元，增长100.00%，主要原因是【请说明增减变化的主要原因】。" \
        in texts(build_document(disc, prior))


def test_without_last_year_the_changes_are_placeholders_never_figures():
    doc = build_document(parsed("002_4e0ed6e09b019fe1"))
    assert "比上年预算增减情况（未提供上年数据）" in doc.placeholders
    assert not any("比上年预算增加" in t or "比上年预算减少" in t for t in texts(doc))
    # every placeholder printed is listed
    printed = {m for t in texts(doc) for m in SLOTS.findall(t)}
    assert printed <= set(doc.placeholders)


def test_missing_tables_are_printed_empty_and_listed_not_invented(tmp_path):
    disc = parsed("002_4e0ed6e09b019fe1").model_copy(deep=True)
    gone = {t.index for t in disc.tables if t.kind in ("three_public", "carryover")}
    disc.tables = [t for t in disc.tables if t.index not in gone]
    disc.facts = [f for f in disc.facts if f.table not in gone]
    doc = build_document(disc)
    assert doc.empty_tables == ["表10 财政拨款“三公”经费支出情况表", "表11 上年结转结余情况明细表"]
    assert any("“三公”经费预算情况（输入中没有“三公”经费表）" in p for p in doc.placeholders)
    three = next(b for b in doc.tables() if b.kind == "three_public")
    assert not three.body and "为空表" in three.note
    # the 三公 figures of the seed (83.00, 78.00) are nowhere in the narrative
    assert not any("83.00" in t or "78.00" in t for t in texts(doc))


def test_the_workbook_lists_what_the_officer_must_write(workbook):
    doc = build_document(parse(workbook))
    for what in ("机构设置", "人员情况（编制数、实有人数）", "政府采购预算", "国有资产占用使用情况", "预算绩效目标"):
        assert what in doc.placeholders
    # tables in 元, sentences in 万元: 7,000,000 元 of 基本支出 → 700.00 万元
    assert any("一般公共预算基本支出700.00万元" in t for t in texts(doc))


def test_input_without_tables_is_refused():
    disc = parsed("000_9131eab83374bb33").model_copy(deep=True)
    disc.tables, disc.facts = [], []
    with pytest.raises(RenderError, match="没有读到任何公开表"):
        build_document(disc)


def test_cli_renders_and_lists_placeholders(tmp_path):
    out = tmp_path / "公开.docx"
    result = CliRunner().invoke(app, ["render", str(EXAMPLES / "000_9131eab83374bb33.txt"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists() and "留待填写" in result.output and "国有资产占用使用情况" in result.output


def test_cli_refuses_what_is_no_disclosure_and_keeps_the_old_output(tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("今天开会，讨论食堂菜单。\n" * 20, encoding="utf-8")
    out = tmp_path / "公开.docx"
    out.write_bytes(b"earlier version")
    result = CliRunner().invoke(app, ["render", str(junk), "-o", str(out)])
    assert result.exit_code == 2 and "错误" in result.output
    assert out.read_bytes() == b"earlier version"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "公开.docx"]


@pytest.mark.parametrize("target", ["公开.txt", "SAME"])
def test_cli_refuses_an_unknown_format_or_writing_over_its_input(tmp_path, target):
    seed = tmp_path / "seed.txt"
    seed.write_bytes((EXAMPLES / "000_9131eab83374bb33.txt").read_bytes())
    out = seed if target == "SAME" else tmp_path / target
    result = CliRunner().invoke(app, ["render", str(seed), "-o", str(out)])
    assert result.exit_code == 2 and "错误" in result.output
    assert seed.read_bytes() == (EXAMPLES / "000_9131eab83374bb33.txt").read_bytes()
