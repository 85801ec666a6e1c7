"""PDF reading on the real published PDFs in ../shared/real (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.checks import check
from budgetlens.pipeline import parse
from budgetlens.readers import ReadError, read_document

REAL = Path(__file__).resolve().parents[2] / "shared" / "real"
pytestmark = pytest.mark.skipif(not REAL.exists(), reason="../shared/real not present")

ALL = {
    "sh-putuo-qfb-2025-unit-budget.pdf": "sh-district-unit-budget-2025",
    "sh-putuo-wanli-2024-dept-budget.pdf": "sh-district-dept-budget-2024",
    "sh-city-czj-2025-unit-budget.pdf": "sh-city-unit-budget-2025",
    "js-prov-jcy-2018-dept-budget.pdf": "js-prov-dept-budget-2018",
}
BUNDLE = ["js-prov-zxbgt-2018-dept-budget.tables.pdf", "js-prov-zxbgt-2018-dept-budget.text.pdf"]

_cache: dict = {}


def parsed(*names: str):
    if names not in _cache:
        _cache[names] = parse(*(REAL / n for n in names))
    return _cache[names]


@pytest.mark.parametrize("name,template", sorted(ALL.items()))
def test_every_standard_table_is_found(name, template):
    disc = parsed(name)
    assert disc.meta.template == template
    assert not [m for m in disc.missing if m.startswith("表")], disc.missing
    assert all(t.rows or t.empty_note or t.kind in ("gov_fund_expenditure", "state_capital_expenditure")
               for t in disc.tables), [t.kind for t in disc.tables if not t.rows]


def test_split_pdfs_merge_into_one_disclosure_with_per_file_provenance():
    disc = parsed(*BUNDLE)
    assert [Path(s.path).name for s in disc.sources] == BUNDLE
    assert [s.role for s in disc.sources] == ["tables", "narrative"]          # the manifest
    assert len(disc.tables) == 12 and not disc.missing
    assert disc.narrative.sections, "the narrative comes from the second file"
    assert {Path(f.provenance.file).name for f in disc.facts} == {BUNDLE[0]}
    section = disc.narrative.sections[0]
    assert Path(section.provenance.file).name == BUNDLE[1]
    assert section.provenance.line <= disc.sources[1].lines


def test_cells_carry_page_and_box():
    disc = parsed("sh-putuo-qfb-2025-unit-budget.pdf")
    facts = disc.facts
    assert facts and all(f.provenance.page and f.provenance.bbox for f in facts)
    three = disc.table("three_public")
    assert three.unit == "万元" and disc.table("income").unit == "元"
    assert all(f.provenance.page == 20 for f in facts if f.table == three.index)


def test_header_decides_columns_not_order():
    """The 上海 三公 table prints items as columns; 机关运行经费 sits after an empty 购置费/运行费."""
    disc = parsed("sh-putuo-qfb-2025-unit-budget.pdf")
    three = disc.table("three_public")
    by_item = {f.coords.item: str(f.amount) for f in disc.facts if f.table == three.index}
    assert by_item == {"total": "867.50", "abroad": "839.00", "reception": "28.50", "operating_cost": "213.28"}


def test_a_department_summary_with_one_expenditure_column_is_not_summed_as_four():
    disc = parsed("sh-putuo-wanli-2024-dept-budget.pdf")
    summary = disc.table("summary")
    assert [c.key for c in summary.columns] == ["income:amount", "expenditure:amount"]
    report = check(disc)
    assert not [f for f in report.findings if f.rule.startswith(("ARITH", "X-")) and f.severity == "error"]


@pytest.mark.parametrize("name", ["sh-putuo-qfb-2025-unit-budget.pdf", "sh-city-czj-2025-unit-budget.pdf"])
def test_no_table_rule_fails_on_shanghai_tables(name):
    report = check(parsed(name))
    bad = [f for f in report.findings if f.rule.startswith(("ARITH", "X-", "K-")) and f.severity == "error"]
    assert not bad, [(f.rule, f.message) for f in bad]


def test_jiangsu_tables_without_basic_columns_are_not_compared_as_if_they_had_them():
    report = check(parsed(*BUNDLE))
    assert not [f for f in report.findings if f.rule == "X-T5-T6-BASIC" and f.severity == "error"]


def test_truncated_pdf_is_partial_or_clear_error(tmp_path):
    data = (REAL / "sh-putuo-qfb-2025-unit-budget.pdf").read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) // 3])
    try:
        doc = read_document(cut)
    except ReadError as exc:
        assert "PDF" in str(exc)
    else:
        assert doc.lines                 # pdfium repaired what it could


def test_not_a_pdf_with_pdf_name_is_read_as_what_it_is(tmp_path):
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"%PDF-1.7\n garbage without objects")
    with pytest.raises(ReadError):
        read_document(fake)


def test_jcy_summary_sides_with_their_own_row_lines():
    """江苏检察院 表1: an Excel grid whose income and expenditure labels wrap differently, so each
    side has its own ruled rows; wrapped labels are joined and each amount finds its label."""
    table = parsed("js-prov-jcy-2018-dept-budget.pdf").table("summary")
    rows = {(r.side, r.name): [str(c.amount) for c in r.cells] for r in table.rows}
    assert rows[("income", "1.一般公共预算")] == ["21940.96"]
    assert rows[("expenditure", "四、公共安全支出")] == ["16458.75"]
    assert rows[("use", "三、单位预留机动经费")] == ["2388.04"]
    assert rows[("income", "收入合计")] == ["21955.35"]
    assert not any(r.name in ("算", "预算", "资金", "经费") for r in table.rows)


def test_cli_parses_and_checks_a_bundle():
    from typer.testing import CliRunner

    from budgetlens.cli.main import app

    files = [str(REAL / n) for n in BUNDLE]
    result = CliRunner().invoke(app, ["parse", *files, "--format", "cells"])
    assert result.exit_code == 0
    assert result.stdout.count("\n") > 150
    result = CliRunner().invoke(app, ["check", "--bundle", *files, "--format", "json"])
    assert result.exit_code in (0, 1)
    import json

    report = json.loads(result.stdout)
    assert isinstance(report, dict) and report["template"] == "js-prov-dept-budget-2018"   # one report


def test_pdfs_read_from_several_threads_at_once():
    """pdfium is not thread-safe: the reader serialises it (a crash here would kill pytest)."""
    from concurrent.futures import ThreadPoolExecutor

    names = ["sh-putuo-qfb-2025-unit-budget.pdf", "sh-city-czj-2025-unit-budget.pdf"] * 2
    with ThreadPoolExecutor(max_workers=4) as pool:
        docs = list(pool.map(lambda n: read_document(REAL / n), names))
    assert [len(d.lines) for d in docs[:2]] == [len(d.lines) for d in docs[2:]]


def _boxed(no: int, cells: list[str], xs: list[tuple[float, float]], top: float):
    from budgetlens.readers import Line
    boxes = [(x0, top, x1, top + 10) for x0, x1 in xs]
    return Line(no=no, text="\t".join(cells), cells=cells, page=1, bbox=(0, top, 300, top + 10), cell_boxes=boxes)


@pytest.mark.parametrize("amount_x,warned", [((210, 290), False), ((40, 90), True)])
def test_a_figure_under_the_label_header_is_reported(amount_x, warned):
    """A grid line whose figure with decimals stands under the label column's header (its
    frame is not the header's) is read as the header says, with a warning: not in silence."""
    from budgetlens.extract.geometry import boxed_rows
    from budgetlens.templates import TableSpec
    spec = TableSpec.model_validate({"number": 3, "kind": "expenditure", "titles": ["支出总表"], "rows": "function",
                                     "columns": [{"key": "total", "label": "合计"}]})
    lines = [_boxed(1, ["科目编码", "科目名称", "合计"], [(0, 100), (100, 200), (200, 300)], 0),
             _boxed(2, ["201", "一般公共服务支出", "12.50"], [(0, 100), (100, 200), amount_x], 20)]
    out = boxed_rows(lines, spec)
    notes = [message for code, message in out.warnings if code == "amount-under-label"]
    assert bool(notes) == warned
    if warned:
        assert "12.50" in notes[0] and "第 2 行" in notes[0]
    else:
        assert [(v.column, v.text) for r in out.rows for v in r.values] == [("total", "12.50")]


@pytest.mark.parametrize("names", [("js-prov-jcy-2018-dept-budget.pdf",), tuple(BUNDLE),
                                   ("sh-putuo-qfb-2025-unit-budget.pdf",), ("sh-city-czj-2025-unit-budget.pdf",),
                                   ("sh-putuo-wanli-2024-dept-budget.pdf",)])
def test_every_printed_header_of_the_real_pdfs_maps(names):
    """Every header text maps through the templates: 政府采购's own label columns (采购品目大类 …)
    are the template's; an empty table's 合计 row and 此表为空 note are not header text."""
    for table in parsed(*names).tables:
        assert table.header_unmapped == [], (table.title, table.header_unmapped)
