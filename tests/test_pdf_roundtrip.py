"""The seeds' tables written into PDF (HTML → WeasyPrint, as a finance office's export would be)
parse back to the same cells as the text versions."""

from __future__ import annotations

import csv
import shutil
import subprocess
from collections import Counter

import pytest

import docgen
from budgetlens.pipeline import parse
from budgetlens.render_cells import CELL_FIELDS, cell_rows
from conftest import EXAMPLES, GOLDEN, SEEDS, need_pdftotext_options
from test_readers_office import cli_cells, text_cells, without_left_out

pytest.importorskip("weasyprint")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    root = tmp_path_factory.mktemp("pdf")
    out = {}
    for seed in SEEDS:
        document = docgen.seed_document(EXAMPLES / f"{seed}.txt", canonical_headers=True)
        path = root / f"{seed}.pdf"
        docgen.write_pdf(EXAMPLES / f"{seed}.txt", path, document=document)
        out[seed] = (path, document)
    return out


def test_generated_pdf_gives_the_text_cells(pdfs, seed):
    path, document = pdfs[seed]
    expected = without_left_out(text_cells(seed), document)
    got = cli_cells(path)
    missing = [c for c in expected if c not in got]
    invented = [c for c in got if c not in expected]
    assert not missing and not invented, f"missing {missing[:5]} invented {invented[:5]}"


def test_a_table_drawn_again_below_its_first_frame_reads_every_amount(tmp_path):
    """The seed's own grids, as printed: 收入表 breaks into a second frame on the same page,
    header and all, whose columns stand elsewhere. Its rows are read under their own frame's
    header (before: under the first one, and one amount per row was lost without a word).
    (Seed 000: its grids print their headers as the document does; the other seeds' grids
    carry a converter's shifted or garbled headers, which the generated PDF would draw.)"""
    seed = "000_9131eab83374bb33"
    document = docgen.seed_document(EXAMPLES / f"{seed}.txt")
    path = tmp_path / f"{seed}.pdf"
    docgen.write_pdf(EXAMPLES / f"{seed}.txt", path, document=document)
    expected = without_left_out(text_cells(seed), document)
    got = cli_cells(path)
    missing = [c for c in expected if c not in got]
    invented = [c for c in got if c not in expected]
    assert not missing and not invented, f"missing {missing[:5]} invented {invented[:5]}"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")
@pytest.mark.parametrize("options", [[], ["-enc", "GBK"], ["-fixed", "3"], ["-fixed", "5"]],
                         ids=["utf8", "gbk", "fixed3", "fixed5"])
def test_pdftotext_layout_of_the_generated_pdf_never_misplaces_an_amount(pdfs, seed, tmp_path, options):
    """The generated PDF converted with pdftotext -layout (UTF-8 or GBK, a CJK character one
    column or two; pdftotext's own spacing or a fixed pitch): most cells as the golden file
    has them, and no amount put silently in another column of its row (where the layout
    cannot tell, the cell is reported undecided or the table read by order with a warning)."""
    need_pdftotext_options(options)
    path, _ = pdfs[seed]
    text = tmp_path / f"{seed}.txt"
    subprocess.run(["pdftotext", "-layout", *options, str(path), str(text)], check=True)
    key = lambda r: tuple(r[k] for k in CELL_FIELDS if k != "line")   # noqa: E731
    with open(GOLDEN / f"{seed}.cells.csv", encoding="utf-8") as fh:
        want = Counter(key(r) for r in csv.DictReader(fh) if "|" not in r["column"])
    got = Counter(map(key, cell_rows(parse(text))))
    missing, extra = want - got, got - want
    misplaced = [e for e in extra.elements() if "|" not in e[6] and any(
        m[:6] == e[:6] and m[7] == e[7] for m in missing.elements())]
    assert not misplaced, misplaced[:5]
    assert sum((want & got).values()) >= 0.8 * sum(want.values())


WITHOUT_RULES = {
    "horizontal_rules_only": "td, th { border-left: none; border-right: none; }",   # 三线表-like
    "no_rules": "td, th { border: none; padding: 1pt 6pt; }",
}


@pytest.mark.parametrize("style", sorted(WITHOUT_RULES))
@pytest.mark.parametrize("seed", ["000_9131eab83374bb33", "003_051c06d5053f29b3"])
def test_tables_without_vertical_rules_keep_each_wrapped_name_with_its_row(tmp_path, seed, style):
    """A table printed without vertical rules is read by the characters' places. A name that
    wraps inside its cell is centred on its row: its first line stands above the line of the
    row's code and amounts, its last line below; both join that row (before: the code rows had
    no name and the name's halves became rows of their own). The coded tables 2–6 read as the
    text does; the 项目支出表's amounts in empty-column gaps stay reported as undecided."""
    import weasyprint

    document = docgen.seed_document(EXAMPLES / f"{seed}.txt", canonical_headers=True)
    path = tmp_path / f"{seed}.pdf"
    weasyprint.HTML(string=docgen.html_text(document, css=docgen.PDF_CSS + WITHOUT_RULES[style])).write_pdf(path)
    assert_coded_tables_read(seed, document, path)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")
@pytest.mark.parametrize("seed", ["000_9131eab83374bb33", "002_4e0ed6e09b019fe1", "003_051c06d5053f29b3"])
def test_pdftotext_layout_coded_tables_keep_each_wrapped_name(pdfs, seed, tmp_path):
    """pdftotext -layout prints a name wrapped in its cell around the line of the row's code
    and amounts ("其他政府办公厅" / "201 03 99 （室）及相关机构事 …" / "务支出"): the line above
    is the head of that row's name where the classification's name for the code says so (before:
    the head was lost). The coded tables 2–6 read as the text does."""
    path, document = pdfs[seed]
    text = tmp_path / f"{seed}.txt"
    subprocess.run(["pdftotext", "-layout", str(path), str(text)], check=True)
    assert_coded_tables_read(seed, document, text)


def assert_coded_tables_read(seed: str, document, path) -> None:
    """The coded tables 2–6 of the file read cell for cell as the seed's text does."""
    coded = {"2", "3", "4", "5", "6"}
    expected = [c for c in without_left_out(text_cells(seed), document) if c["table"] in coded]
    got = [c for c in cli_cells(path) if c["table"] in coded]
    missing = [c for c in expected if c not in got]
    invented = [c for c in got if c not in expected]
    assert not missing and not invented, f"missing {missing[:3]} invented {invented[:3]}"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")
def test_pdftotext_layout_a_name_around_a_line_of_amounts_alone(pdfs, tmp_path):
    """项目支出表's unit row, its name wrapped around a line that prints only its amounts
    ("克孜勒苏柯尔克孜自治州" / "34.00 29.50 4.50" / "电子政务服务中心"): one row, named."""
    seed = "000_9131eab83374bb33"
    path, _ = pdfs[seed]
    text = tmp_path / f"{seed}.txt"
    subprocess.run(["pdftotext", "-layout", str(path), str(text)], check=True)
    rows = {r.name: [c.text for c in r.cells] for r in parse(text).table("project_expenditure").rows}
    assert rows["克孜勒苏柯尔克孜自治州电子政务服务中心"][0] == "34.00"
    assert not any(name in ("", "电子政务服务中心") for name in rows)


def test_a_column_of_last_year_printed_before_this_years(tmp_path):
    """表5 printed with a 上年预算数 column between the names and this year's columns: each
    amount is read under its own header (before, the whole table fell back to column order
    and last year's figure became the 合计); the 上年 column is left out and said so."""
    from budgetlens.pipeline import parse

    seed = "000_9131eab83374bb33"
    document = docgen.seed_document(EXAMPLES / f"{seed}.txt")
    index = next(i for i, t in enumerate(parse(EXAMPLES / f"{seed}.txt").tables) if t.kind == "gpb_expenditure")
    table = next(b for b in document.blocks if isinstance(b, docgen.Table) and b.owner == index)
    assert table.header == 3 and table.rows[3][:4] == ["※"] * 4
    table.rows[:3] = [["科目", "", "", "", "上年预算数", "本年预算数", "", ""],
                      ["功能分类科目编码", "", "", "功能分类科目名称", "", "合计", "基本支出", "项目支出"],
                      ["类", "款", "项", "", "", "", "", ""]]
    table.rows[3:] = [row[:4] + [("※" if n == 0 else "9.99")] + row[4:] for n, row in enumerate(table.rows[3:])]
    table.merges = [(0, 0, 1, 4), (0, 4, 3, 1), (0, 5, 1, 3), (1, 0, 1, 3), (1, 3, 2, 1), (1, 5, 2, 1),
                    (1, 6, 2, 1), (1, 7, 2, 1)]
    path = tmp_path / "prior.pdf"
    docgen.write_pdf(EXAMPLES / f"{seed}.txt", path, document=document)
    expected = [c for c in without_left_out(text_cells(seed), document) if c["kind"] == "gpb_expenditure"]
    assert [c for c in cli_cells(path) if c["kind"] == "gpb_expenditure"] == expected
    issues = parse(path).issues
    assert any(i.code == "column-not-in-template" and "上年预算数" in i.message for i in issues)
    assert not [i.message for i in issues if i.code == "columns-by-order" and i.provenance.table == index]
