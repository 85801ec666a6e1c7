"""HTML pages whose words are placed on the page (pdftohtml, PDF-to-HTML converters): every
run of text at its own top and left, in the order the PDF drew them, which for a table printed
from a spreadsheet is column by column. Read in document order, the rows came apart (a real
PDF's HTML lost 122 of its 263 amounts and put 101 in other tables); set out by their places
as layout text, they read as the PDF does (readers/positioned.py)."""

import collections
import csv
import io
import shutil
import subprocess

import pytest
from conftest import SHARED

from budgetlens.pipeline import parse
from budgetlens.readers import read_document
from budgetlens.render_cells import cells_csv


def amounts(disc) -> collections.Counter:
    """(table kind, code, amount) of every cell: the row's words and the column aside."""
    rows = list(csv.reader(io.StringIO(cells_csv(disc))))[1:]
    return collections.Counter((r[1], r[3], r[7]) for r in rows)


@pytest.mark.parametrize("name", ["sh-city-czj-2025-unit-budget", "sh-putuo-qfb-2025-unit-budget",
                                  "js-prov-zxbgt-2018-dept-budget.tables"])
def test_pdftohtml_pages_read_every_amount_the_pdf_does(tmp_path, name):
    pdf = SHARED / "real" / f"{name}.pdf"
    if shutil.which("pdftohtml") is None or not pdf.exists():
        pytest.skip("pdftohtml (poppler-utils) or ../shared/real not present")
    subprocess.run(["pdftohtml", "-s", "-i", "-noframes", "-q", str(pdf), str(tmp_path / "page")], check=True)
    html = tmp_path / "page.html"
    whole, placed = parse(pdf), parse(html)
    assert [t.title for t in placed.tables] == [t.title for t in whole.tables]
    assert amounts(placed) == amounts(whole)
    assert len(placed.narrative.claims) == len(whole.narrative.claims)
    assert any("按各段的位置排成行" in i.message for i in placed.issues)


def placed(runs: list[tuple[int, int, str]], size: int = 12) -> str:
    """A page of runs at (top, left) pixels, in the order given."""
    body = "".join(f'<p style="position:absolute;top:{top}px;left:{left}px;white-space:nowrap" class="ft1">{text}</p>'
                   for top, left, text in runs)
    return (f'<html><head><meta charset="UTF-8"><style>.ft1{{font-size:{size}px;}}</style></head><body>'
            f'<div id="page1-div" style="position:relative;width:900px;height:1200px;">{body}</div></body></html>')


ROWS = [("项目", "合计", "基本支出", "项目支出"), ("合计", "300.00", "100.00", "200.00"),
        ("201 一般公共服务支出", "300.00", "100.00", "200.00"), ("201 03 政府办公厅（室）及相关机构事务", "300.00", "100.00", "200.00"),
        ("201 03 01 行政运行", "100.00", "100.00", ""), ("201 03 02 一般行政管理事务", "200.00", "", "200.00")]


def test_runs_drawn_column_by_column_are_set_out_in_rows(tmp_path):
    head = [(40, 300, "2025年部门支出总体情况表"), (70, 40, "编制部门：测试单位"), (70, 700, "单位：万元")]
    # (the columns drawn one after another, as a spreadsheet's PDF draws them)
    runs = head + [(100 + 30 * r, [40, 420, 560, 700][c], row[c]) for c in range(4) for r, row in enumerate(ROWS) if row[c]]
    runs += [(400 + 18 * k, 40, f"说明第 {k} 行。") for k in range(30)]
    path = tmp_path / "page.html"
    path.write_text(placed(runs), encoding="utf-8")
    doc = read_document(path)
    lines = [ln.text.split() for ln in doc.lines]
    assert ["201", "03", "01", "行政运行", "100.00", "100.00"] in lines
    assert ["合计", "300.00", "100.00", "200.00"] in lines


def test_a_flowed_page_with_a_few_placed_runs_is_read_as_flowed(tmp_path):
    page = placed([(10, 10, "徽标")]).replace("</div>", "</div><p>第一部分 部门概况</p><p>第二段。</p>")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    doc = read_document(path)
    assert doc.format == "html" and [ln.text for ln in doc.lines if ln.text][-2:] == ["第一部分 部门概况", "第二段。"]


def test_a_flowed_table_beside_many_placed_menu_items_is_read(tmp_path):
    """A web page whose menu places each of its 45 items (position:absolute; top; left) and
    whose budget table flows below: the page is not a PDF page of placed words, and its table
    is read. Before, only the placed runs were set out and the table was lost in silence."""
    menu = "".join(f'<li style="position:absolute; top:{10 + 20 * (k // 8)}px; left:{100 * (k % 8)}px">'
                   f'<a href="#">栏目{k}</a></li>' for k in range(45))
    table = "<table>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in ROWS) + "</table>"
    page = (f'<html><head><meta charset="UTF-8"></head><body><ul>{menu}</ul><h1>2025年部门支出总体情况表</h1>'
            f'<p>编制部门：测试单位 单位：万元</p>{table}</body></html>')
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    doc = read_document(path)
    assert doc.format == "html"
    assert ["201 03 01 行政运行", "100.00", "100.00", ""] in [ln.cells for ln in doc.lines]


def test_runs_placed_inside_a_placed_run_are_read_once(tmp_path):
    """Layers (position:absolute) holding placed spans, whose top and left are the layer's own:
    each text is read once, in its layer's place. Before, every span was read again, all of
    them on the page's first line (top:0px)."""
    layers = "".join(f'<div style="position:absolute; left:20px; top:{30 * k}px">'
                     f'<span style="position:absolute; left:0px; top:0px">甲{k} {k}.50</span></div>' for k in range(45))
    path = tmp_path / "page.html"
    path.write_text(f'<html><head><meta charset="UTF-8"></head><body>{layers}</body></html>', encoding="utf-8")
    doc = read_document(path)
    texts = [ln.text.split() for ln in doc.lines if ln.text.strip()]
    assert texts == [[f"甲{k}", f"{k}.50"] for k in range(45)]


def test_a_placed_run_the_page_hides_is_not_read(tmp_path):
    """A placed run hidden by its own style or the page's sheet (display:none) is not shown,
    so not read, as on a flowed page."""
    head = [(40, 300, "2025年部门支出总体情况表"), (70, 40, "编制部门：测试单位"), (70, 700, "单位：万元")]
    runs = head + [(100 + 30 * r, [40, 420, 560, 700][c], row[c]) for c in range(4) for r, row in enumerate(ROWS) if row[c]]
    runs += [(400 + 18 * k, 40, f"说明第 {k} 行。") for k in range(30)]
    page = placed(runs).replace("</style>", ".gone{display:none;}</style>").replace(
        "</div></body>", '<p style="position:absolute;top:250px;left:40px;display:none">999.00</p>'
        '<p class="gone" style="position:absolute;top:250px;left:300px">888.00</p></div></body>')
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    text = "\n".join(ln.text for ln in read_document(path).lines)
    assert "行政运行" in text and "999.00" not in text and "888.00" not in text
