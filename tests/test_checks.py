"""Every rule catches its defect and passes the clean case.

Defects are made by editing a seed's text (a real document with one thing changed) or, where
the edit would need a table layout the seeds lack, by editing the parsed Disclosure. The
clean cases are the seeds themselves: `SEED_DEFECTS` lists every error and warning a seed
must produce (each one a genuine defect explained in tests/golden/SEED_FINDINGS.md), and
nothing else may be reported at those severities.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest

from budgetlens.checks import check, load_catalogue, load_config, missing_implementations
from budgetlens.model import Disclosure
from budgetlens.pipeline import parse

from conftest import EXAMPLES, parsed

S000, S001, S002, S003 = ("000_9131eab83374bb33", "001_bb7d043ad2da133b", "002_4e0ed6e09b019fe1",
                          "003_051c06d5053f29b3")

# (rule, severity) → count of genuine defects in each seed
SEED_DEFECTS = {
    S000: {("N-NEW-ITEM-REASON", "warning"): 1,   # 住房公积金 增长100% yet "基数上涨"
           ("N-ALLOCATION-ECONOMIC", "warning"): 1,  # 4.50 capital in 表7; allocation: 电费 6 + 运维 7
           ("D-YEAR-MENTION", "warning"): 1},     # 三公: "2024年与2026年" in a 2026 budget
    S001: {("ARITH-COLUMN-SUM", "error"): 2,      # 表八: 0.50 ≠ 0.50 + 0.50; vehicle 0.50 ≠ 0 + 0
           ("N-CHANGE-RATE", "error"): 1,         # 116.16 / 268.17 = 43.32%, printed 43.29%
           ("N-ITEM-LIST", "error"): 2},          # 13.16 has no 表六 line; 1.72 vs 30112 14.88
    S002: {("T10-T6-LINES", "warning"): 2,        # 接待费 5.00 without 30217; 运行费 78 vs 30231 66
           ("X-PROJECT-UNDER-BASIC-ITEM", "warning"): 1,   # 30.00 project money under 2010301 行政运行
           ("N-ALLOCATION-ECONOMIC", "warning"): 1,  # 业务活动经费: 7.48 capital, allocation names none
           ("N-NEW-ITEM-REASON", "warning"): 4,   # four items 增长100% yet "基数上涨"
           ("D-YEAR-MENTION", "warning"): 1,      # "2024年与2026年"
           ("D-TYPO", "warning"): 1,              # "上半年结转结余"
           ("N-TARGET-CONTRADICTS", "warning"): 2},  # 工作餐 200/160 元/人 in the text, ≤150/≤120 as targets
    S003: {("N-AMOUNT", "error"): 1,              # 购置车辆经费 18.00 vs 表10 购置费 empty
           ("T10-T6-LINES", "warning"): 1},       # 运行费 2.30 without a 30231 line
}


def serious(report) -> list:
    return [f for f in report.findings if f.severity in ("error", "warning")]


@pytest.fixture(scope="module")
def reports():
    return {stem: check(parsed(stem)) for stem in SEED_DEFECTS}


@pytest.mark.parametrize("stem", list(SEED_DEFECTS))
def test_seed_reports_exactly_its_genuine_defects(reports, stem):
    got = Counter((f.rule, f.severity) for f in serious(reports[stem]))
    assert got == Counter(SEED_DEFECTS[stem])


def test_every_catalogue_rule_has_code_and_chinese_text():
    assert missing_implementations() == []
    for rule in load_catalogue():
        assert rule.title and rule.message and rule.basis
        assert any("\u4e00" <= ch <= "\u9fff" for ch in rule.message)


def test_every_rule_reports_an_outcome(reports):
    ids = {r.id for r in load_catalogue()}
    for report in reports.values():
        assert {o.rule for o in report.outcomes} == ids
        assert all(o.status in ("pass", "fail", "not_applicable", "insufficient_data") for o in report.outcomes)


# ---- defects made by editing a seed's text ------------------------------------------------------

def mutated_report(tmp_path, stem: str, old: str, new: str, count: int = -1):
    text = (EXAMPLES / f"{stem}.txt").read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / f"{stem}.txt"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return check(parse(path))


def new_findings(original, mutant) -> list:
    before = {(f.fingerprint, f.severity) for f in serious(original)}
    return [f for f in serious(mutant) if (f.fingerprint, f.severity) not in before]


TEXT_DEFECTS = [
    # rule, seed, old text, new text
    ("ARITH-COLUMN-SUM", S000, "302\t01\t办公费\t3.96\t\t3.96", "302\t01\t办公费\t3.96\t\t4.96"),
    ("ARITH-HIERARCHY", S000, "302\t01\t办公费\t3.96\t\t3.96", "302\t01\t办公费\t4.96\t\t4.96"),
    ("ARITH-ITEM-SUM", S002, "公务接待费\t5.00\t5.00", "公务接待费\t6.00\t6.00"),
    ("N-AMOUNT", S000, "一般公共预算 277.90 万元,占 100.00%", "一般公共预算 278.90 万元,占 100.00%"),
    ("N-SHARE", S000, "211.11万元，占75.96%", "211.11万元，占76.96%"),
    ("N-STRUCTURE-100", S000, "211.11万元，占75.96%", "211.11万元，占76.96%"),
    ("N-CHANGE-RATE", S000, "减少 195.97 万元,下降 41.36%", "减少 195.97 万元,下降 42.36%"),
    ("N-PRIOR-CONSISTENT", S000, "基本支出 243.90 万元，比上年预算减少 136.57 万元，下降 35.90%",
     "基本支出 243.90 万元，比上年预算减少 146.57 万元，下降 37.54%"),
    ("N-PROJECT-T7", S000, "预算安排规模：18.00万元", "预算安排规模：19.00万元"),
    ("N-ALLOCATION-SUM", S000, "（电费）6万元，电子政务内网运行维护费7万元", "（电费）6万元，电子政务内网运行维护费8万元"),
    ("N-PROJECT-COUNT", S000, "当年预算安排项目共3个", "当年预算安排项目共2个"),
    ("N-PROCUREMENT-SUM", S000, "政府采购货物预算 0.44 万元", "政府采购货物预算 0.54 万元"),
    ("N-ITEM-LIST", S000, "主要包括：办公费、差旅费", "主要包括：办公费、印刷费、差旅费"),
    ("C-SECTIONS", S000, "2026年一般公共预算项目支出情况说明", "2026年一般公共预算其他情况说明"),
    ("C-PLACEHOLDER", S000, "一般公共预算 277.90 万元,占 100.00%", "一般公共预算 XX 万元,占 100.00%"),
    ("K-CODE-NAME", S000, "302\t01\t办公费\t3.96", "302\t01\t培训费\t3.96"),
    ("K-CODE-PARENT", S000, "302\t01\t办公费\t3.96", "303\t01\t办公费\t3.96"),
    ("N-CHANGE-DIRECTION", S000, "2026年预算数为34.00万元，比上年预算增加34.00万元",
     "2026年预算数为34.00万元，比上年预算增加44.00万元"),
    ("D-YEAR-MENTION", S003, "比上年预算", "比2023年预算"),
    ("N-TARGET-CONTRADICTS", S000, "州县市门户网站网管费12万元", "州县市门户网站网管费13万元"),
    ("D-TYPO", S000, "年没有上年结转结余", "年没有上半年结转结余"),
    ("D-SIGNATURE", S000, "2026年2月5日", "2024年2月5日"),
    ("T10-T6-LINES", S002, "302\t31\t公务用车运行维护费\t66.00\t\t66.00",
     "302\t31\t公务用车运行维护费\t86.00\t\t86.00"),
    ("N-NEW-ITEM-REASON", S003, "比上年预算", "比上年预算"),  # placeholder replaced below
]
TEXT_DEFECTS = [t for t in TEXT_DEFECTS if t[0] != "N-NEW-ITEM-REASON"]


@pytest.mark.parametrize("rule,stem,old,new", TEXT_DEFECTS, ids=[t[0] for t in TEXT_DEFECTS])
def test_rule_catches_a_defect_made_in_the_text(tmp_path, reports, rule, stem, old, new):
    mutant = mutated_report(tmp_path, stem, old, new)
    assert rule in {f.rule for f in new_findings(reports[stem], mutant)}


def test_capital_spending_explained_by_its_allocation_passes(tmp_path):
    mutant = mutated_report(tmp_path, S000, "电子政务内网运行维护费7万元", "电子政务内网设备购置7万元")
    assert "N-ALLOCATION-ECONOMIC" not in {f.rule for f in serious(mutant)}


def test_placeholder_rule_ignores_ordinary_text(reports):
    assert all(f.rule != "C-PLACEHOLDER" for r in reports.values() for f in r.findings)


def test_new_item_reason_passes_a_new_item_explained_as_new(tmp_path, reports):
    mutant = mutated_report(tmp_path, S000, "公积金缴费基数上涨", "新增公积金缴费")
    assert "N-NEW-ITEM-REASON" not in {f.rule for f in serious(mutant)}


def test_typo_fix_clears_the_typo_finding(tmp_path):
    mutant = mutated_report(tmp_path, S002, "上半年结转结余", "上年结转结余", count=5)
    assert "D-TYPO" not in {f.rule for f in serious(mutant)}


def test_year_fix_clears_the_year_finding(tmp_path):
    mutant = mutated_report(tmp_path, S002, "2024年与2026年", "2025年与2026年", count=5)
    assert "D-YEAR-MENTION" not in {f.rule for f in serious(mutant)}


# ---- defects made in the parsed model (layouts the seeds do not have) --------------------------

def copy(stem: str) -> Disclosure:
    return parsed(stem).model_copy(deep=True)


def rules_of(report) -> set[str]:
    return {f.rule for f in serious(report)}


def set_cell(disc: Disclosure, kind: str, row_match, column: str, amount: str) -> None:
    """Change one printed cell (and its fact) in place."""
    table = disc.table(kind)
    row = next(r for r in table.rows if row_match(r))
    cell = next(c for c in row.cells if c.column == column)
    cell.amount = Decimal(amount)
    cell.text = amount
    for f in disc.facts:
        if f.table == table.index and f.row == row.index and f.column == column:
            f.amount = Decimal(amount)


def total_row(r) -> bool:
    return r.name in ("合计", "总计") and not r.code


@pytest.mark.parametrize("rule,kind,column", [
    ("X-T1-T2-TOTAL", "income", "total"),
    ("X-T2-T3-TOTAL", "expenditure", "total"),
    ("X-T5-T6-BASIC", "basic_expenditure", "total"),
    ("X-T5-T7-PROJECT", "project_expenditure", "total"),
    ("X-T4-T5-TOTAL", "gpb_expenditure", "total"),
])
def test_cross_table_totals(rule, kind, column):
    disc = copy(S000)
    table = disc.table(kind)
    row = next(r for r in table.rows if total_row(r))
    value = next(c.amount for c in row.cells if c.column == column)
    set_cell(disc, kind, total_row, column, str(value + 1))
    assert rule in rules_of(check(disc))


@pytest.mark.parametrize("rule,kind,code,column", [
    ("X-T1-T3-CLASS", "expenditure", "208", "total"),
    ("X-T2-T3-CODE", "income", "2080505", "total"),
    ("X-T4-T5-GPB", "gpb_expenditure", "221", "total"),
    ("X-T5-T7-CODE", "gpb_expenditure", "2010399", "project"),
    ("X-T5-T3-BOUND", "gpb_expenditure", "2080505", "total"),
])
def test_cross_table_by_code(rule, kind, code, column):
    disc = copy(S000)
    row = next(r for r in disc.table(kind).rows if r.code == code)
    value = next(c.amount for c in row.cells if c.column == column)
    set_cell(disc, kind, lambda r: r.code == code, column, str(value + 5))
    assert rule in rules_of(check(disc))


def test_summary_income_sources_and_balance():
    disc = copy(S000)
    set_cell(disc, "summary", lambda r: r.coords.get("source") == "gpb", "income:amount", "300.00")
    found = rules_of(check(disc))
    assert {"X-T1-T2-SOURCES", "X-T4-T1-INCOME", "ARITH-ITEM-SUM"} <= found
    disc = copy(S000)
    set_cell(disc, "summary", lambda r: r.coords.get("function_code") == "total", "expenditure:amount", "300.00")
    assert {"ARITH-BALANCE", "ARITH-SIDE-CLASSES"} <= rules_of(check(disc))


def test_fund_tables_against_fiscal_summary():
    disc = copy(S000)
    table = disc.table("fiscal_summary")
    row = next(r for r in table.rows if r.code == "201")
    cell = next(c for c in row.cells if c.column == "expenditure:gpb")
    cell.column = "expenditure:gov_fund"
    for f in disc.facts:
        if f.table == table.index and f.row == row.index and f.column == "expenditure:gpb":
            f.column, f.coords.budget_type = "expenditure:gov_fund", "gov_fund"
    assert {"X-T4-T8-GOV-FUND", "X-T4-T5-GPB", "X-EMPTY-TABLE-CONSISTENT"} <= rules_of(check(disc))


def test_carryover_table_against_summary():
    disc = copy(S002)
    table = disc.table("carryover")
    row = next(r for r in table.rows if total_row(r))
    cell = next(c for c in row.cells if c.column == "total")
    set_cell(disc, "carryover", total_row, "total", str(cell.amount + 1))
    assert "X-T11-T1-CARRYOVER" in rules_of(check(disc))


def test_empty_fund_table_with_fund_money_elsewhere():
    disc = copy(S002)
    table = disc.table("three_public")
    row = next(r for r in table.rows if r.coords.get("item") == "total")
    cell = next(c for c in row.cells if c.column == "gpb")
    cell.column = "gov_fund"
    for f in disc.facts:
        if f.table == table.index and f.row == row.index and f.column == "gpb":
            f.column, f.coords.budget_type = "gov_fund", "gov_fund"
    found = rules_of(check(disc))
    assert "X-EMPTY-TABLE-CONSISTENT" in found


def test_vehicle_purchase_project_missing_from_three_public():
    disc = copy(S003)
    t7 = disc.table("project_expenditure")
    row = next(r for r in t7.rows if r.project and "公车购置" in r.project)
    cell = next(c for c in row.cells if c.amount == Decimal("18.00"))
    cell.column, cell.candidates = "e310", []
    for f in disc.facts:
        if f.table == t7.index and f.row == row.index and f.amount == Decimal("18.00"):
            f.column, f.alternatives = "e310", []
            f.coords.economic_code = "310"
    assert "T10-T7-VEHICLE-PURCHASE" in rules_of(check(disc))


def test_ambiguous_columns_are_errors_only_when_every_reading_fails():
    # 003's 表7 leaves several columns open; no reading-dependent rule may report an error there
    report = check(parsed(S003))
    open_rows = {(f.table, f.row) for f in parsed(S003).facts if f.alternatives}
    assert open_rows
    for f in serious(report):
        assert not (f.location.table_kind == "project_expenditure" and f.rule.startswith("ARITH"))


def test_missing_table_and_glossary_and_empty_note():
    disc = copy(S000)
    disc.tables = [t for t in disc.tables if t.kind != "three_public"]
    assert "C-TABLES" in rules_of(check(disc))
    disc = copy(S000)
    disc.glossary = []
    assert any(f.rule == "C-GLOSSARY" for f in check(disc).findings)
    disc = copy(S000)
    for t in disc.tables:
        t.empty_note = None
    for s in disc.narrative.sections:
        s.text = "\n".join(line for line in s.text.split("\n") if "没有" not in line and "空表" not in line)
    assert "C-EMPTY-NOTE" in rules_of(check(disc))


def test_three_public_section_without_change_or_reason():
    disc = copy(S002)
    section = next(s for s in disc.narrative.sections if "三公" in s.title)
    section.text = "本部门2026年财政拨款“三公”经费数为83.00万元。"
    assert "C-THREE-PUBLIC-EXPLAIN" in rules_of(check(disc))


def test_unknown_code_is_info():
    disc = copy(S000)
    row = next(r for r in disc.table("basic_expenditure").rows if r.code == "30201")
    row.code = "30298"
    found = [f for f in check(disc).findings if f.rule == "K-CODE-KNOWN"]
    assert found and all(f.severity == "info" for f in found)


def test_operating_cost_needs_unit_type():
    disc = copy(S000)
    report = check(disc)
    assert next(o for o in report.outcomes if o.rule == "N-OPERATING-COST").status == "not_applicable"
    disc.meta.unit_type = "行政"
    assert next(o for o in check(disc).outcomes if o.rule == "N-OPERATING-COST").status == "pass"
    set_cell(disc, "basic_expenditure", total_row, "public", "9.52")
    assert "N-OPERATING-COST" in rules_of(check(disc))
    disc.meta.unit_type = "事业"
    assert next(o for o in check(disc).outcomes if o.rule == "N-OPERATING-COST").status == "not_applicable"


def test_signature_date_outside_the_year():
    disc = copy(S000)
    disc.meta.signature_date = date(2027, 3, 1)
    assert "D-SIGNATURE" in rules_of(check(disc))


def test_performance_weights_default_and_configured(tmp_path):
    disc = copy(S000)
    assert "P-WEIGHT-SUM" not in rules_of(check(disc))   # the seed's tables sum to 90
    cfg = tmp_path / "rules.yaml"
    cfg.write_text("params:\n  performance_weight_sums: [100]\n", encoding="utf-8")
    assert "P-WEIGHT-SUM" in rules_of(check(disc, config=load_config(cfg)))
    disc.narrative.performance[0].indicators[0].weight += 3
    assert "P-WEIGHT-SUM" in rules_of(check(disc))


def test_performance_project_amount():
    disc = copy(S000)
    perf = next(p for p in disc.narrative.performance if p.kind == "project")
    perf.amount += 1
    perf.fiscal_amount = perf.amount
    assert "P-PROJECT-AMOUNT" in rules_of(check(disc))


def test_config_switches_off_and_regrades(tmp_path):
    cfg = tmp_path / "rules.yaml"
    cfg.write_text("rules:\n  D-TYPO: {enabled: false}\n  D-YEAR-MENTION: {severity: error}\n",
                   encoding="utf-8")
    report = check(parsed(S002), config=load_config(cfg))
    assert "D-TYPO" not in {o.rule for o in report.outcomes}
    assert {f.severity for f in report.findings if f.rule == "D-YEAR-MENTION"} == {"error"}
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  NO-SUCH-RULE: {enabled: false}\n", encoding="utf-8")
    with pytest.raises(ValueError):
        load_config(bad)


# ---- year over year -------------------------------------------------------------------------------

def prior_of(stem: str) -> Disclosure:
    """Last year's disclosure as the claims describe it: every claimed prior figure made true."""
    disc = copy(stem)
    prior = copy(stem)
    prior.meta.year = disc.meta.year - 1
    from budgetlens.checks.ledger import Book, Ledger
    from budgetlens.checks.rules.narrative import claim_cells
    ledger = Ledger(Book(prior))
    for claim in disc.narrative.claims:
        if claim.kind == "change" and claim.implied_prior is not None and claim.subject.coords:
            for cell in claim_cells(ledger, claim.subject.coords):
                row = prior.tables[cell.table].rows[cell.row]
                for c in row.cells:
                    if c.provenance == cell.provenance and c.text == cell.text:
                        c.amount = claim.implied_prior
    return prior


def test_prior_year_figures_match_last_years_document():
    prior = prior_of(S000)
    report = check(parsed(S000), prior=prior)
    assert next(o for o in report.outcomes if o.rule == "Y-PRIOR-FIGURE").status == "pass"
    wrong = copy(S000)
    wrong.meta.year = 2025             # last year "printed" this year's figures
    assert "Y-PRIOR-FIGURE" in rules_of(check(parsed(S000), prior=wrong))


def test_prior_year_compares_like_with_like():
    prior = prior_of(S000)
    prior.meta.phase = "决算"          # a final account is no basis for 比上年预算
    outcome = next(o for o in check(parsed(S000), prior=prior).outcomes if o.rule == "Y-PRIOR-FIGURE")
    assert outcome.status == "not_applicable"
    other_year = prior_of(S000)
    other_year.meta.year = 2020
    outcome = next(o for o in check(parsed(S000), prior=other_year).outcomes if o.rule == "Y-PRIOR-FIGURE")
    assert outcome.status == "not_applicable"


def test_staffing_changes_against_last_year():
    prior = prior_of(S000)
    now = parsed(S000).overview.staffing
    prior.overview.staffing.in_service.count = now.in_service.count - now.in_service.change
    prior.overview.staffing.retired.count = now.retired.count - now.retired.change
    prior.overview.staffing.pre_retired.count = now.pre_retired.count - now.pre_retired.change
    assert "Y-STAFFING" not in rules_of(check(parsed(S000), prior=prior))
    prior.overview.staffing.in_service.count += 2
    assert "Y-STAFFING" in rules_of(check(parsed(S000), prior=prior))
