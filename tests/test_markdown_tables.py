"""Markdown whose tables are pipe tables (docling, marker, pandoc) or HTML (MinerU and other
PDF-to-markdown tools): read as the tab-separated form is, every cell kept with its source line."""

import re

import pytest

from budgetlens.pipeline import parse
from budgetlens.readers import read_document, sniff
from budgetlens.readers.text import pipe_cells
from budgetlens.render_cells import cell_rows
from conftest import EXAMPLES, parsed

AMOUNT = re.compile(r"^[\d,. -]*\d[\d,. -]*$")       # OCR text splits some: '384. 33'
TAB_SEEDS = ["000_9131eab83374bb33", "001_bb7d043ad2da133b", "002_4e0ed6e09b019fe1"]


def as_pipe_tables(lines: list[str], spans_repeated: bool = False) -> list[str]:
    """Each run of tab rows as a pipe table: its first row the header, then the delimiter row.
    spans_repeated: a header cell left empty repeats the cell to its left (docling writes a
    header spanning columns into each of them), in the rows above the first amount."""
    out, first, data = [], True, False
    for line in lines:
        if "\t" not in line:
            out.append(line)
            first, data = True, False
            continue
        cells = [c.strip().replace("|", "\\|") for c in line.split("\t")]
        data = data or any(AMOUNT.match(c) for c in cells)
        if spans_repeated and not data:
            for i in range(1, len(cells)):
                cells[i] = cells[i] or cells[i - 1]
        out.append("| " + " | ".join(cells) + " |")
        if first:
            out.append("|" + "|".join([" --- "] * len(cells)) + "|")
            first = False
    return out


def titles_inside(lines: list[str]) -> list[str]:
    """docling's way with a table whose title and 单位 line sit inside its frame: the text
    lines above each run of tab rows become its first rows, one cell repeated in every column."""
    out: list[str] = []
    for i, line in enumerate(lines):
        if "\t" in line and (i == 0 or "\t" not in lines[i - 1]):
            pulled: list[str] = []
            while out and len(pulled) < 3 and "\t" not in out[-1]:
                text = out.pop()
                if text.strip():
                    pulled.insert(0, text.strip())
            width = len(line.split("\t"))
            out.extend(["", *("\t".join([text] * width) for text in pulled)])
        out.append(line)
    return out


def as_html_tables(lines: list[str], one_line: bool) -> list[str]:
    """Each run of tab rows as a <table>: on one line (MinerU) or a <tr> per line."""
    out, rows = [], []

    def flush():
        if rows:
            trs = ["<tr>" + "".join(f"<td>{c.strip()}</td>" for c in r) + "</tr>" for r in rows]
            out.extend(["<table>" + "".join(trs) + "</table>"] if one_line else ["<table>", *trs, "</table>"])
            rows.clear()

    for line in lines:
        if "\t" in line:
            rows.append(line.split("\t"))
        else:
            flush()
            out.append(line)
    flush()
    return out


def without_lines(rows):
    return [{k: v for k, v in r.items() if k != "line"} for r in rows]


CONVERSIONS = {
    "pipe": lambda lines: as_pipe_tables(lines),
    "pipe-spans-repeated": lambda lines: as_pipe_tables(lines, spans_repeated=True),
    "pipe-titles-inside": lambda lines: as_pipe_tables(titles_inside(lines)),
    "html-one-line": lambda lines: as_html_tables(lines, one_line=True),
    "html-row-per-line": lambda lines: as_html_tables(lines, one_line=False),
}


@pytest.mark.parametrize("stem", TAB_SEEDS)
@pytest.mark.parametrize("form", list(CONVERSIONS))
def test_markdown_tables_read_as_the_tab_form(tmp_path, stem, form):
    lines = (EXAMPLES / f"{stem}.txt").read_text(encoding="utf-8").split("\n")
    path = tmp_path / f"{stem}.md"
    path.write_text("\n".join(CONVERSIONS[form](lines)), encoding="utf-8")
    disc, base = parse(path), parsed(stem)
    assert without_lines(cell_rows(disc)) == without_lines(cell_rows(base))
    assert len(disc.narrative.claims) == len(base.narrative.claims)
    assert sorted(i.code for i in disc.issues) == sorted(i.code for i in base.issues)


def test_pipe_rows_keep_their_source_lines(tmp_path):
    path = tmp_path / "t.md"
    lines = as_pipe_tables((EXAMPLES / f"{TAB_SEEDS[0]}.txt").read_text(encoding="utf-8").split("\n"))
    path.write_text("\n".join(lines), encoding="utf-8")
    disc = parse(path)
    for cell in [c for t in disc.tables for r in t.rows for c in r.cells][:50]:
        source = lines[cell.provenance.line - 1]
        assert source.startswith("|") and any(cell.text in c for c in pipe_cells(source))


def test_html_rows_keep_their_source_lines_and_cell_references(tmp_path):
    path = tmp_path / "t.md"
    lines = as_html_tables((EXAMPLES / f"{TAB_SEEDS[0]}.txt").read_text(encoding="utf-8").split("\n"), one_line=False)
    path.write_text("\n".join(lines), encoding="utf-8")
    disc = parse(path)
    cells = [c for t in disc.tables for r in t.rows for c in r.cells]
    assert cells
    for cell in cells[:50]:
        assert lines[cell.provenance.line - 1].startswith("<tr>")
        assert cell.text in lines[cell.provenance.line - 1]
    doc = read_document(path)
    table_lines = [ln for ln in doc.lines if ln.cells is not None]
    assert table_lines[0].cell_refs[0] == "表格1 第1行第1列"


def test_merged_cells_and_text_around_an_html_table(tmp_path):
    path = tmp_path / "t.md"
    path.write_text("# 标题\n\n说明文字<table><tr><td colspan=\"2\">收入</td><td>支出</td></tr>\n"
                    "<tr><td>项目</td><td>预算数</td><td>1.00</td></tr></table>之后的文字\n第四行\n",
                    encoding="utf-8")
    doc = read_document(path)
    got = [(ln.no, ln.text if ln.cells is None else ln.cells) for ln in doc.lines if ln.text.strip()]
    assert got == [(1, "# 标题"), (3, "说明文字"), (3, ["收入", "", "支出"]), (4, ["项目", "预算数", "1.00"]),
                   (4, "之后的文字"), (5, "第四行")]


def test_an_unclosed_table_is_read_over_its_markup_and_said_to_be_so(tmp_path):
    path = tmp_path / "t.md"
    path.write_text("前文\n<table><tr><td>收入</td><td>100.00</td></tr>\n<tr><td>支出</td><td>90.00</td></tr>\n后文\n"
                    "<table><tr><td>合计</td><td>1.00</td></tr></table>\n", encoding="utf-8")
    doc = read_document(path)
    got = [(ln.no, ln.text if ln.cells is None else ln.cells) for ln in doc.lines if ln.text.strip()]
    assert got == [(1, "前文"), (2, ["收入", "100.00"]), (3, ["支出", "90.00"]), (4, "后文"), (5, ["合计", "1.00"])]
    assert len(doc.warnings) == 1 and "第 2 行" in doc.warnings[0] and "</table>" in doc.warnings[0]


def test_many_unclosed_tables_are_read_once(tmp_path):
    path = tmp_path / "t.md"           # (pairing the tags from each opening again took minutes)
    path.write_text("前文\n" + "<table><tr><td>收入</td><td>1.00</td></tr>\n" * 5000 + "后文\n", encoding="utf-8")
    doc = read_document(path)
    assert sum(ln.text.count("1.00") for ln in doc.lines) == 5000
    assert [ln.text for ln in doc.lines if "文" in ln.text] == ["前文", "后文"] and len(doc.warnings) == 1


def test_tables_on_one_line_mixed_case_and_comments(tmp_path):
    path = tmp_path / "t.md"
    path.write_text("说明\n<table><tr><td>收入</td><td>100.00<!-- 90.00 --></td></tr></table>中间"
                    "<Table><TR><TD>支出</TD><TD>200.00</TD></TR></Table>后文\n", encoding="utf-8")
    got = [ln.text if ln.cells is None else ln.cells for ln in read_document(path).lines if ln.text.strip()]
    assert got == ["说明", ["收入", "100.00"], "中间", ["支出", "200.00"], "后文"]


def test_markdown_opening_with_a_table(tmp_path):
    lines = (EXAMPLES / f"{TAB_SEEDS[0]}.txt").read_text(encoding="utf-8").split("\n")
    path = tmp_path / "t.md"        # a converter's table of the cover's details first
    path.write_text("<table><tr><td>单位</td><td>某局</td></tr></table>\n\n"
                    + "\n".join(as_html_tables(lines, one_line=True)), encoding="utf-8")
    assert sniff(path.read_bytes(), path.name) == "text"
    assert without_lines(cell_rows(parse(path))) == without_lines(cell_rows(parsed(TAB_SEEDS[0])))


def test_pipe_rows_of_dashes_and_of_one_bold_amount_are_data(tmp_path):
    path = tmp_path / "t.md"
    path.write_text("| 合计 | 因公出国（境）费 | 公务接待费 |\n| --- | --- | --- |\n| - | - | - |\n"
                    "| **5.00** | **5.00** | **5.00** |\n", encoding="utf-8")
    got = [ln.cells for ln in read_document(path).lines if ln.cells is not None]
    assert got == [["合计", "因公出国（境）费", "公务接待费"], ["-", "-", "-"], ["**5.00**", "**5.00**", "**5.00**"]]


@pytest.mark.parametrize("text, tables", [
    ("a | b\n--- | ---\n1 | 2\n", [["a", "b"], ["1", "2"]]),                 # no outer pipes
    ("|a|b|\n|:--|--:|\n|1|2|\n\n|x|\n", [["a", "b"], ["1", "2"]]),          # aligned; a blank line ends it
    ("| a \\| b | c |\n|---|---|\n", [["a | b", "c"]]),                          # an escaped pipe
    ("标题\n---\n正文 | 不是表格\n", []),                                        # a rule, not a table
    ("收入 | 支出\n说明文字\n", []),                                              # no delimiter row
])
def test_pipe_tables_are_found_only_where_markdown_has_them(tmp_path, text, tables):
    path = tmp_path / "t.md"
    path.write_text(text, encoding="utf-8")
    assert [ln.cells for ln in read_document(path).lines if ln.cells is not None] == tables


def test_a_row_of_one_repeated_text_is_a_line_but_repeated_amounts_are_data(tmp_path):
    path = tmp_path / "t.md"
    path.write_text("| 表1 收支总表 | 表1 收支总表 | 表1 收支总表 |\n|---|---|---|\n| 项目 | 项目 | 预算数 |\n"
                    "| 合计 | 12.00 | 12.00 |\n| 12.00 | 12.00 | 12.00 |\n", encoding="utf-8")
    got = [ln.text if ln.cells is None else ln.cells for ln in read_document(path).lines]
    assert got == ["表1 收支总表", ["项目", "项目", "预算数"], ["合计", "12.00", "12.00"], ["12.00", "12.00", "12.00"], ""]


@pytest.mark.parametrize("head, kind", [
    (b"<table><tr><td>1</td></tr></table>\n\n# \xe4\xba\x8c\n", "text"),         # markdown opening with a table
    (b"<html><body><table><tr><td>1</td></tr></table>", "html"),
    (b"<meta charset=gbk><table><tr><td>1</td></tr></table>", "html"),
    (b"<!DOCTYPE html><p>x</p>", "html"),
    ("# 部门预算\n\n正文\n<table><tr><td>1</td></tr></table>".encode(), "text"),
    ("第一部分 概况\n<TABLE><TR><TD>1</TD></TR></TABLE>".encode(), "text"),
])
def test_html_page_or_markdown_with_html_tables(head, kind):
    assert sniff(head) == kind


def test_a_page_named_html_opening_with_text_is_html():
    page = "某某局2025年部门预算公开<p>一、部门职责</p><table><tr><td>1</td></tr></table>".encode()
    assert sniff(page, "page.html") == "html" and sniff(page, "page.md") == "text"
