"""人员经费 holds the economic classes 301 and 303, 公用经费 every other (the documents' glossary):
where the sums leave an amount of a 基本支出表 row between the two, its class decides
(ColumnSpec.classes, identities.by_definition); a placed amount stays as printed, and
K-ECON-NATURE reports one placed against the definition."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from conftest import EXAMPLES, SHARED

from budgetlens import identities as ids
from budgetlens.checks import check
from budgetlens.pipeline import parse
from budgetlens.templates import load_templates

S000, S003 = "000_9131eab83374bb33", "003_051c06d5053f29b3"
CLASSES = {"total": [], "personnel": ["301", "303"], "public": [ids.ANY_CLASS]}


def basic_table(disc):
    return next(t for t in disc.tables if t.kind == "basic_expenditure")


def cells_by_code(table) -> dict[str, list[tuple[str | None, list[str], str]]]:
    return {r.code or r.name: [(c.column, c.candidates, c.text) for c in r.cells] for r in table.rows}


def nature_findings(disc) -> list:
    return [f for f in check(disc).findings if f.rule == "K-ECON-NATURE"]


# ---- the definition as data -------------------------------------------------------------------

def test_every_basic_table_split_by_personnel_and_public_declares_its_classes():
    """Each template's table (and variant) by economic code with 人员经费 and 公用经费 columns
    says which classes each holds."""
    seen = 0
    for template in load_templates():
        for table in template.tables:
            for spec in (table, *table.variants):
                sides = spec.sides.values() if spec.layout == "side_by_side" else [spec]
                natures = {c.coords.get("nature") for part in sides if part.rows == "economic" for c in part.columns}
                if {"personnel", "public"} <= natures:
                    seen += 1
                    assert sorted(map(sorted, spec.class_columns().values())) == [["*"], ["301", "303"]], \
                        (template.id, spec.kind, spec.variant)
    assert seen >= 8


@pytest.mark.parametrize("code,column", [("30101", "personnel"), ("301", "personnel"), ("30399", "personnel"),
                                         ("30201", "public"), ("31002", "public"), ("39999", "public"),
                                         ("", None), ("合计", None), ("30", None)])
def test_economic_column_by_class(code, column):
    assert ids.economic_column(code, CLASSES) == column


def test_by_definition_decides_only_a_value_open_between_the_parts():
    parts = {"personnel", "public"}
    assert ids.by_definition([["total"], ["personnel", "public"]], "public", parts) == [["total"], ["public"]]
    # open between the total and a part: whether it is the total, the definition does not say
    open_ = [["total", "personnel", "public"], ["personnel", "public"]]
    assert ids.by_definition([open_[0]], "personnel", parts) == [open_[0]]
    # two values open between the parts, or no class: left open
    assert ids.by_definition(open_[1:] * 2, "personnel", parts) == open_[1:] * 2
    assert ids.by_definition(open_, None, parts) == open_


# ---- plain text whose columns cannot be cut ---------------------------------------------------

def plain_basic(tmp_path, body: list[str]):
    """Seed 003 (plain text: empty cells vanish) with its 表6 rows replaced by `body`."""
    text = (EXAMPLES / f"{S003}.txt").read_text(encoding="utf-8")
    start = text.index("总计 186.63 180.45 6.18")
    end = text.index("303 09 奖励金 0.02 0.02") + len("303 09 奖励金 0.02 0.02")
    path = tmp_path / "plain.txt"
    path.write_text(text[:start] + "\n\n".join(body) + text[end:], encoding="utf-8")
    return parse(path)


# 301 and 302 add up alike: the sums cannot tell which class is 人员经费
TIED = ["总计 20.00 10.00 10.00",
        "301 工资福利支出 10.00 10.00", "301 01 基本工资 10.00 10.00",
        "302 商品和服务支出 10.00 10.00", "302 01 办公费 10.00 10.00"]


def test_plain_text_rows_of_total_and_one_part_take_their_class_column(tmp_path):
    cells = cells_by_code(basic_table(plain_basic(tmp_path, TIED)))
    for code in ("301", "30101"):
        assert cells[code] == [("total", [], "10.00"), ("personnel", [], "10.00")]
    for code in ("302", "30201"):
        assert cells[code] == [("total", [], "10.00"), ("public", [], "10.00")]


def test_without_the_definition_the_same_rows_stay_undecided(tmp_path, monkeypatch):
    """The tie is real: the sums alone leave it (the definition is what decides it)."""
    monkeypatch.setattr(ids, "by_definition", lambda choices, column, parts: choices)
    cells = cells_by_code(basic_table(plain_basic(tmp_path, TIED)))
    assert cells["30101"][1] == (None, ["personnel", "public"], "10.00")


def test_a_row_printing_both_parts_stays_as_read_and_is_reported(tmp_path):
    body = ["总计 20.00 14.00 6.00",
            "301 工资福利支出 10.00 10.00", "301 01 基本工资 10.00 10.00",
            "302 商品和服务支出 10.00 4.00 6.00", "302 01 办公费 10.00 4.00 6.00"]
    disc = plain_basic(tmp_path, body)
    cells = cells_by_code(basic_table(disc))
    assert cells["30201"] == [("total", [], "10.00"), ("personnel", [], "4.00"), ("public", [], "6.00")]
    found = {(f.location.row, f.location.column, f.found) for f in nature_findings(disc)}
    assert found == {("302", "人员经费", "4.00"), ("30201", "人员经费", "4.00")}


def test_a_row_without_a_code_stays_undecided(tmp_path):
    """The 合计 row prints its total and one part: no class says which part."""
    body = ["总计 20.00 20.00", *TIED[1:3], "303 对个人和家庭的补助 10.00 10.00", "303 09 奖励金 10.00 10.00"]
    cells = cells_by_code(basic_table(plain_basic(tmp_path, body)))
    assert cells["总计"][1] == (None, ["personnel", "public"], "20.00")
    assert cells["30309"] == [("total", [], "10.00"), ("personnel", [], "10.00")]


def test_czj_raw_text_places_its_basic_table_as_the_pdf_does(tmp_path):
    """`pdftotext -raw` loses the columns of the Shanghai 基本支出表 (合计 and one part per row):
    its amounts land where the PDF's grid puts them."""
    pdf = SHARED / "real" / "sh-city-czj-2025-unit-budget.pdf"
    if shutil.which("pdftotext") is None:
        pytest.skip("没有 pdftotext：请安装 Debian 包 poppler-utils")
    if not pdf.exists():
        pytest.skip(f"没有真实文件 {pdf}")
    raw = tmp_path / "czj.raw.txt"
    subprocess.run(["pdftotext", "-raw", str(pdf), str(raw)], check=True)
    from_text, from_pdf = basic_table(parse(raw)), basic_table(parse(pdf))
    placed = {(r.code, c.column, c.amount) for r in from_text.rows for c in r.cells}
    assert all(c.column for r in from_text.rows for c in r.cells)
    assert placed == {(r.code, c.column, c.amount) for r in from_pdf.rows for c in r.cells}
    assert sum(c.column in ("personnel", "public") for r in from_text.rows if r.code for c in r.cells) == 34


# ---- placed readings: kept as printed, reported -----------------------------------------------

def test_markdown_seed_cell_against_the_definition_is_kept_and_reported(tmp_path):
    """Seed 000's tabs place each amount: 办公费 moved under 人员经费 stays there."""
    text = (EXAMPLES / f"{S000}.txt").read_text(encoding="utf-8")
    old = "302\t01\t办公费\t3.96\t\t3.96"
    assert old in text
    path = tmp_path / "s000.txt"
    path.write_text(text.replace(old, "302\t01\t办公费\t3.96\t3.96\t"), encoding="utf-8")
    disc = parse(path)
    assert cells_by_code(basic_table(disc))["30201"] == [("total", [], "3.96"), ("personnel", [], "3.96")]
    [finding] = nature_findings(disc)
    assert finding.severity == "warning" and "30201" in finding.message and "人员经费" in finding.message
    assert "公用经费" in finding.message


def test_seeds_place_every_amount_by_the_definition():
    for stem in sorted(p.stem for p in EXAMPLES.glob("*.txt")):
        assert not nature_findings(parse(EXAMPLES / f"{stem}.txt")), stem


def test_workbook_grid_against_the_definition_is_kept_and_reported(tmp_path):
    """A real Shanghai workbook whose 基本支出 table puts part of 301 under 公用经费."""
    openpyxl = pytest.importorskip("openpyxl")
    book = SHARED / "templates" / "sh-putuo-2026-unit-budget-template.xlsx"
    if not book.exists():
        pytest.skip(f"没有真实文件 {book}")
    wb = openpyxl.load_workbook(book)
    ws = wb["单位一般公共预算拨款基本支出明细表"]
    for row, amounts in {9: (100, 60, 40), 10: (100, 60, 40), 12: (5, 5, None), 13: (5, 5, None),
                         21: (105, 65, 40)}.items():
        for col, amount in zip("DEF", amounts):
            ws[f"{col}{row}"] = amount
    path = tmp_path / "filled.xlsx"
    wb.save(path)
    disc = parse(path)
    cells = cells_by_code(basic_table(disc))
    assert cells["30101"] == [("total", [], "100"), ("personnel", [], "60"), ("public", [], "40")]
    found = {(f.location.row, f.location.column, f.found) for f in nature_findings(disc)}
    assert found == {("301", "公用经费", "40"), ("30101", "公用经费", "40")}


def test_final_accounts_side_by_side_halves_checked_by_their_side(tmp_path):
    """The 决算 基本支出表 prints 人员经费 and 公用经费 as two halves: a 303 class printed in the
    公用经费 half is reported by that half's name; the table as the books give it is not."""
    import finals
    clean = finals.final_accounts()
    path = tmp_path / "final.md"
    path.write_text(clean, encoding="utf-8")
    assert not nature_findings(parse(path))
    moved = clean.replace("310\t资本性支出\t10.00", "303\t对个人和家庭的补助\t10.00") \
        .replace("31002\t办公设备购置\t10.00", "30399\t其他对个人和家庭的补助\t10.00")
    assert moved.count("30399") == 1
    path.write_text(moved, encoding="utf-8")
    found = {(f.location.row, f.location.column, f.found) for f in nature_findings(parse(path))}
    assert found == {("303", "公用经费", "10.00"), ("30399", "公用经费", "10.00")}


def test_one_cell_a_line_numbering_row_is_no_part_of_the_total_row(tmp_path):
    """pdftotext without -layout writes the numbering row ※ ※ ※ 1 2 3 a cell a line: its 2 and
    3 are the numbering's, not the start of the 总计 row (read "2 3总计", no total, it hid the
    rows the definition now places behind a table left unconfirmed)."""
    from test_check_reading import cells_one_per_line
    disc = parse(cells_one_per_line(tmp_path))
    table = basic_table(disc)
    assert (table.rows[0].name, [c.text for c in table.rows[0].cells]) == ("总计", ["186.63", "180.45", "6.18"])
    assert all(c.column for r in table.rows for c in r.cells)
