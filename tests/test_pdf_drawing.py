"""What on a PDF page counts as a rule: drawings that leave ink, not the white boxes Word puts
behind runs of text (taken for rules, their sides cut a table into a column per word and read
the words twice)."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.readers import read_document
from budgetlens.readers.pdf import is_white, leaves_ink

REAL = Path(__file__).resolve().parents[2] / "shared" / "real"

CSS = """@page { size: A4; margin: 12mm; } body { font-family: "Noto Sans CJK SC"; font-size: 10pt; }
table { border-collapse: collapse; } td { border: 0.5pt solid #000; padding: 2pt 4pt; }
span { background: #fff; }"""
ROWS = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        ["201", "一般公共服务支出", "1,234.50", "1,000.00", "234.50"],
        ["20101", "人大事务", "1,234.50", "1,000.00", "234.50"]]


@pytest.fixture(scope="module")
def white_boxes_pdf(tmp_path_factory) -> Path:
    """A ruled table whose every cell holds two runs of text, each on a white box."""
    weasyprint = pytest.importorskip("weasyprint")
    cells = "".join("<tr>%s</tr>" % "".join(f"<td><span>{c}</span> <span>注</span></td>" for c in row)
                    for row in ROWS)
    path = tmp_path_factory.mktemp("pdf") / "white.pdf"
    weasyprint.HTML(string=f"<html><head><style>{CSS}</style></head><body><p>表3 支出预算总表</p>"
                           f"<table>{cells}</table></body></html>").write_pdf(str(path))
    return path


def grids(path: Path) -> list[list[str]]:
    return [[c.replace(" ", "") for c in ln.cells] for ln in read_document(path).lines if ln.cells is not None]


def test_white_boxes_behind_text_are_not_rules(white_boxes_pdf):
    assert grids(white_boxes_pdf) == [[c + "注" for c in row] for row in ROWS]


def test_white_boxes_are_not_rules_for_pdfplumber_either(white_boxes_pdf):
    """A page pdfium's description finds no table on goes to pdfplumber's own parsing."""
    import pdfplumber

    from budgetlens.readers.pdf import plumbed_tables

    with pdfplumber.open(white_boxes_pdf) as pdf:
        assert len(pdf.pages[0].find_tables()) > 1           # the white boxes, as pdfplumber sees them
        tables = plumbed_tables(pdf.pages[0])
        assert [(len(t.rows), len(t.rows[0].cells)) for t in tables] == [(3, 5)]


@pytest.mark.parametrize("color,white", [
    ((1.0, 1.0, 1.0), True), ((1,), True), (1, True), ((0, 0, 0, 0), True),
    ((0.0, 0.0, 0.0), False), ((0.5,), False), ((0, 0, 0, 1), False), (None, False), ("P1", False),
    ((1.0, 1.0, 0.9), False)])
def test_is_white(color, white):
    assert is_white(color) is white


def test_leaves_ink():
    assert leaves_ink({"stroke": True, "stroking_color": (0,), "fill": False})
    assert leaves_ink({"stroke": False, "fill": True, "non_stroking_color": (0.0, 0.0, 0.0)})
    assert not leaves_ink({"stroke": False, "fill": True, "non_stroking_color": (1.0, 1.0, 1.0)})
    assert not leaves_ink({"stroke": True, "stroking_color": (1,), "fill": False})
    assert not leaves_ink({"stroke": False, "fill": False})


@pytest.mark.skipif(not REAL.exists(), reason="../shared/real not present")
def test_jcy_three_public_table_read_in_its_nine_columns():
    """江苏检察院 公开09表: Word's white boxes behind the header words had cut it into 26 columns
    and one 267.80 into 267.8 and 0; its ruled cells are nine, 公务用车购置费 printed empty."""
    from budgetlens.pipeline import parse

    disc = parse(REAL / "js-prov-jcy-2018-dept-budget.pdf")
    table = disc.table("three_public")
    cells = {table.column(c.column).label: c.text for row in table.rows for c in row.cells}
    assert cells == {"合计": "1,384.74", "“三公”经费/小计": "484.30", "因公出国（境）费": "100.00",
                     "公务用车购置及运行维护费/小计": "267.80", "公务用车运行维护费": "267.80",
                     "公务接待费": "116.50", "会议费": "200.44", "培训费": "700.00"}
    assert "公务用车购置费" in [c.label for c in table.columns]
    assert not [i for i in disc.issues if "不在任何表头之下" in i.message]


@pytest.fixture(scope="module")
def white_cells_pdf(tmp_path_factory) -> Path:
    """A table drawn as white cells over a black box (its rules are the gaps between them)."""
    weasyprint = pytest.importorskip("weasyprint")
    css = ("@page { size: A4; margin: 12mm; } body { font-family: 'Noto Sans CJK SC'; font-size: 10pt; }"
           "table { border-collapse: separate; border-spacing: 0.75pt; background: #000; }"
           "td { background: #fff; padding: 2pt 4pt; }")
    cells = "".join("<tr>%s</tr>" % "".join(f"<td>{c}</td>" for c in row) for row in ROWS)
    path = tmp_path_factory.mktemp("pdf") / "white_cells.pdf"
    weasyprint.HTML(string=f"<html><head><style>{css}</style></head><body><p>表3 支出预算总表</p>"
                           f"<table>{cells}</table></body></html>").write_pdf(str(path))
    return path


def test_white_cells_on_a_dark_table_are_its_grid(white_cells_pdf):
    assert grids(white_cells_pdf) == ROWS


def test_white_cells_on_a_dark_table_for_pdfplumber_too(white_cells_pdf):
    import pdfplumber

    from budgetlens.readers.pdf import plumbed_tables

    with pdfplumber.open(white_cells_pdf) as pdf:
        tables = plumbed_tables(pdf.pages[0])
        assert [(len(t.rows), len(t.rows[0].cells)) for t in tables] == [(3, 5)]


def test_white_boxes_on_a_light_shading_are_not_rules(tmp_path):
    """A shaded header (light grey) with Word's white boxes behind its runs of text: the boxes
    are still not rules (only a dark background's white cells are)."""
    weasyprint = pytest.importorskip("weasyprint")
    css = CSS + " tr:first-child td { background: #d9d9d9; }"
    cells = "".join("<tr>%s</tr>" % "".join(f"<td><span>{c}</span> <span>注</span></td>" for c in row)
                    for row in ROWS)
    path = tmp_path / "shaded.pdf"
    weasyprint.HTML(string=f"<html><head><style>{css}</style></head><body><p>表3 支出预算总表</p>"
                           f"<table>{cells}</table></body></html>").write_pdf(str(path))
    assert grids(path) == [[c + "注" for c in row] for row in ROWS]


@pytest.mark.parametrize("color,dark", [((0,), True), ((0.0, 0.0, 0.0), True), ((0.2, 0.2, 0.6), True),
                                         ((0.85,), False), ((0.85, 0.85, 0.85), False), ((0, 0, 0, 1), True),
                                         ((0, 0, 0, 0.1), False), (None, False), ("P1", False)])
def test_is_dark(color, dark):
    from budgetlens.readers.pdf import is_dark

    assert is_dark(color) is dark
