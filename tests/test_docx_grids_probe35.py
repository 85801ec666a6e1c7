"""Word and HTML tables whose rows' cells do not meet at the same edges.

A table whose rows were edited apart (or converted from RTF or another program) has a fine
grid of w:gridCol, each row's cells spanning their own runs of it: the header's group begins
one grid column after the body's 合计 cell, a spacer grid column only makes edges meet, the
项目支出 header spans the grid column where the body's 基本支出 cell ends. Such a table is read
by the columns its cells make, never by grid index (amounts had gone under the wrong columns
or "beyond the header")."""

from __future__ import annotations

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from budgetlens.pipeline import parse
from budgetlens.readers import read_document

W = nsdecls("w")


def cell(text: str, span: int = 1, vmerge: str | None = None, width: int | None = None) -> str:
    props = (f'<w:tcW w:w="{width}" w:type="dxa"/>' if width else "") + \
        (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "") + \
        (f'<w:vMerge w:val="{vmerge}"/>' if vmerge == "restart" else "<w:vMerge/>" if vmerge else "")
    run = f"<w:r><w:t>{text}</w:t></w:r>" if text else ""
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p>{run}</w:p></w:tc>"


def row(*cells: str, before: int = 0, after: int = 0) -> str:
    props = (f'<w:gridBefore w:val="{before}"/>' if before else "") + (f'<w:gridAfter w:val="{after}"/>' if after else "")
    return f"<w:tr><w:trPr>{props}</w:trPr>{''.join(cells)}</w:tr>"


def table(widths: list[int] | None, *rows: str) -> str:
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) if widths else ""
    return f'<w:tbl {W}><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>'


def word(path, title: str, tbl: str, unit: str = "单位：万元") -> None:
    document = docx.Document()
    document.add_paragraph(title)
    document.add_paragraph(unit)
    document.element.body.insert(len(document.element.body) - 1, parse_xml(tbl))
    document.save(str(path))


def grid_rows(path) -> list[list[str]]:
    return [ln.cells for ln in read_document(path).lines if ln.cells]


def amounts(path, number: int = 0) -> dict[tuple[str, str], str]:
    """(row name or code, column key) → the amount as printed, of the parse's table."""
    t = parse(path).tables[number]
    return {(r.code or r.name, c.column): c.text for r in t.rows for c in r.cells if c.column}


def said(path) -> list[str]:
    """What the parse tells the user (its issues' messages)."""
    return [str(issue) for issue in parse(path).issues]


# ---- 支出总表 with a spacer grid column: 项目支出's header spans where 基本支出's cells end ----


def expenditure_table(spacer: int) -> str:
    """表3 as LibreOffice writes an RTF's rows: grid column 6 (`spacer` twips) only makes the
    header's 项目支出 edge and the body's 基本支出 edge meet."""
    body = [("", "", "", "总计", "277.90", "243.90", "34.00"),
            ("201", "", "", "一般公共服务支出", "211.11", "177.11", "34.00"),
            ("201", "03", "99", "其他政府办公厅（室）及相关机构事务支出", "34.00", "", "34.00"),
            ("201", "05", "04", "信息事务", "177.11", "177.11", ""),
            ("208", "", "", "社会保障和就业支出", "66.79", "66.79", "")]
    return table([1234, 1233, 1234, 1234, 1235, 1232, spacer, 1233],
                 row(cell("科目", 3), cell("支出预算", 5)),
                 row(cell("功能分类科目编码", 3), cell("功能分类科目名称", vmerge="restart"), cell("合计", vmerge="restart"),
                     cell("基本支出", vmerge="restart"), cell("项目支出", 2, vmerge="restart")),
                 row(cell("类"), cell("款"), cell("项"), cell("", vmerge="continue"), cell("", vmerge="continue"),
                     cell("", 2, vmerge="continue"), cell("", vmerge="continue")),
                 *[row(*(cell(t) for t in r[:5]), cell(r[5], 2), cell(r[6])) for r in body])


def test_expenditure_amounts_under_the_header_they_stand_under(tmp_path):
    path = tmp_path / "支出总表.docx"
    word(path, "部门支出总体情况表", expenditure_table(1))
    rows = grid_rows(path)
    assert rows[1] == ["功能分类科目编码", "", "", "功能分类科目名称", "合计", "基本支出", "项目支出"]
    assert rows[3] == ["", "", "", "总计", "277.90", "243.90", "34.00"]
    got = amounts(path)
    assert got[("总计", "total")] == "277.90" and got[("总计", "basic")] == "243.90"
    assert got[("总计", "project")] == "34.00" and got[("2010399", "project")] == "34.00"
    assert ("2010504", "project") not in got and got[("2010504", "basic")] == "177.11"
    assert not any("超出表头" in w for w in said(path))


def test_a_spacer_as_wide_as_a_column_is_still_no_column(tmp_path):
    """Edges met by the cells alone (the spacer printed as wide as a column, or the file
    giving no widths): 基本支出's body cells and 项目支出's header share the run, no cell is it."""
    path = tmp_path / "支出总表.docx"
    word(path, "部门支出总体情况表", expenditure_table(1233))
    assert grid_rows(path)[3] == ["", "", "", "总计", "277.90", "243.90", "34.00"]
    assert amounts(path)[("201", "project")] == "34.00"


# ---- 财政拨款收支总表: the 支出 group begins at a grid column the income 合计 cells span ----

def fiscal_table(widths: list[int] | None) -> str:
    lines = [("一、财政拨款（补助）", "277.90", "201 一般公共服务支出", "211.11", "211.11", "", ""),
             ("一般公共预算", "277.90", "208 社会保障和就业支出", "66.79", "66.79", "", ""),
             ("政府性基金预算", "", "210 卫生健康支出", "", "", "", ""),
             ("收入总计", "277.90", "支出总计", "277.90", "277.90", "", "")]
    return table(widths,
                 row(cell("财政拨款收入", 2), cell("财政拨款支出", 6)),
                 row(cell("项目"), cell("合计", 2), cell("功能分类"), cell("合计"), cell("一般公共预算"),
                     cell("政府性基金预算"), cell("国有资本经营预算")),
                 *[row(cell(r[0]), cell(r[1], 2), *(cell(t) for t in r[2:])) for r in lines])


def test_fiscal_expenditure_side_keeps_its_names_and_budget_types(tmp_path):
    path = tmp_path / "财政拨款收支总表.docx"
    word(path, "财政拨款收支预算总体情况表", fiscal_table([1234, 1232, 1, 1234, 1234, 1235, 1233, 1233]))
    rows = grid_rows(path)
    assert rows[0][:3] == ["财政拨款收入", "", "财政拨款支出"]
    assert rows[2] == ["一、财政拨款（补助）", "277.90", "201 一般公共服务支出", "211.11", "211.11", "", ""]
    got = amounts(path)
    assert got[("208", "expenditure:gpb")] == "66.79" and got[("208", "expenditure:total")] == "66.79"
    assert not any(k[1] == "expenditure:fund" for k in got)


def test_a_group_edge_between_runs_as_wide_is_said_not_guessed(tmp_path):
    """No widths to tell which of two runs is the spacer (the 支出 group's edge in the middle of
    the income 合计 cells, as wide on both sides): read by Word's grid as before, and said."""
    path = tmp_path / "财政拨款收支总表.docx"
    word(path, "财政拨款收支预算总体情况表", fiscal_table(None))
    doc = read_document(path)
    assert [ln.cells for ln in doc.lines if ln.cells][2][:4] == ["一、财政拨款（补助）", "277.90", "", "201 一般公共服务支出"]
    assert any("边界不对齐" in w and "第2行的“合计”" in w for w in doc.warnings)


def test_undecided_runs_stay_columns_and_the_others_are_still_read_by_the_cells(tmp_path):
    """Undecided on the left (the 支出 group inside 合计, no widths), a spacer on the right (the
    body's 政府性基金预算 cells spanning the run under 一般公共预算's header): the left read
    as the grid has it and said, the right by the columns its cells make all the same."""
    tbl = table(None,
                row(cell("财政拨款收入", 2), cell("财政拨款支出", 7)),
                row(cell("项目"), cell("合计", 2), cell("功能分类"), cell("合计"), cell("一般公共预算", 2),
                    cell("政府性基金预算"), cell("国有资本经营预算")),
                row(cell("一般公共预算"), cell("277.90", 2), cell("201 一般公共服务支出"), cell("216.11"), cell("211.11"),
                    cell("5.00", 2), cell("")))
    path = tmp_path / "财政拨款收支总表.docx"
    word(path, "财政拨款收支预算总体情况表", tbl)
    doc = read_document(path)
    rows = [ln.cells for ln in doc.lines if ln.cells]
    assert rows[1][-3:] == ["一般公共预算", "政府性基金预算", "国有资本经营预算"]
    assert rows[2][-3:] == ["211.11", "5.00", ""]
    assert rows[2][:4] == ["一般公共预算", "277.90", "", "201 一般公共服务支出"]
    assert any("边界不对齐" in w for w in doc.warnings)


def test_a_row_ending_inside_a_cell_decides_nothing_to_say(tmp_path):
    """A row shortened by its right border (a note ending in the middle of 基本支出's cells,
    gridAfter) makes two runs as wide inside those cells; no text begins between them, so
    either way every cell stands where it stood: nothing undecided, nothing said."""
    tbl = table([2400, 1200, 600, 600, 1200],
                row(cell("项目"), cell("合计"), cell("基本支出", 2), cell("项目支出")),
                row(cell("工资福利支出"), cell("120.50"), cell("100.00", 2), cell("20.50")),
                row(cell("商品和服务支出"), cell("45.00"), cell("15.00", 2), cell("30.00")),
                row(cell("注：本表金额单位为万元", 3), after=2))
    path = tmp_path / "支出.docx"
    word(path, "部门支出总体情况表", tbl)
    doc = read_document(path)
    assert [ln.cells for ln in doc.lines if ln.cells][:3] == [["项目", "合计", "基本支出", "项目支出"],
                                                              ["工资福利支出", "120.50", "100.00", "20.50"],
                                                              ["商品和服务支出", "45.00", "15.00", "30.00"]]
    assert not any("边界不对齐" in w or "合并在" in w for w in doc.warnings)


# ---- gridBefore / gridAfter ---------------------------------------------------------------

def test_rows_shifted_by_grid_before_and_after(tmp_path):
    """Body rows indented by a narrow gridBefore and ending with a gridAfter where the header
    runs one grid column further: the same columns."""
    widths = [60, 2400, 1200, 1200, 1200, 60]
    tbl = table(widths,
                row(cell("项目", 2), cell("合计"), cell("基本支出"), cell("项目支出", 2)),
                row(cell("工资福利支出"), cell("120.50"), cell("120.50"), cell(""), before=1, after=1),
                row(cell("商品和服务支出"), cell("45.00"), cell("15.00"), cell("30.00"), before=1, after=1))
    path = tmp_path / "支出.docx"
    word(path, "部门支出总体情况表", tbl)
    assert grid_rows(path) == [["项目", "合计", "基本支出", "项目支出"],
                               ["工资福利支出", "120.50", "120.50", ""],
                               ["商品和服务支出", "45.00", "15.00", "30.00"]]


# ---- near misses: aligned tables are read by their grid as before -------------------------

def test_a_merged_amount_over_two_real_columns_stays_where_it_was_and_is_said(tmp_path):
    """Every grid column is some cell's own (the header's leaves): a body cell merged over two
    of them is a merged cell, read in its first column as before; which column's it is (or
    whether it is both's together) the table does not say: said."""
    tbl = table([2400, 1200, 1200, 1200],
                row(cell("项目"), cell("合计"), cell("基本支出"), cell("项目支出")),
                row(cell("工资福利支出"), cell("120.50"), cell("120.50", 2)),
                row(cell("商品和服务支出"), cell("45.00"), cell("15.00"), cell("30.00")))
    path = tmp_path / "支出.docx"
    word(path, "部门支出总体情况表", tbl)
    assert grid_rows(path) == [["项目", "合计", "基本支出", "项目支出"],
                               ["工资福利支出", "120.50", "120.50", ""],
                               ["商品和服务支出", "45.00", "15.00", "30.00"]]
    said = [w for w in read_document(path).warnings if "合并在" in w]
    assert len(said) == 1 and "第2行的“120.50”合并在第 3–4 列之上" in said[0]
    more = table([2400, 1200, 1200, 1200],
                 row(cell("项目"), cell("合计"), cell("基本支出"), cell("项目支出")),
                 *[row(cell(f"支出{n}"), cell("120.50"), cell("120.50", 2)) for n in range(5)],
                 row(cell("商品和服务支出"), cell("45.00"), cell("15.00"), cell("30.00")))
    word(path, "部门支出总体情况表", more)
    said = [w for w in read_document(path).warnings if "合并在" in w]     # once for the table
    assert len(said) == 1 and "等 5 处" in said[0]


def test_merged_labels_numbers_and_lone_amount_columns_are_not_said(tmp_path):
    """A name merged over the code columns, the column numbers row's ※ merged, a total merged
    over columns no other row prints figures in apart: nothing to say."""
    tbl = table([800, 800, 2400, 1200, 1200],
                row(cell("科目编码", 2), cell("科目名称"), cell("本年预算", 2)),
                row(cell("※", 3), cell("1"), cell("2")),
                row(cell("合计", 3), cell("120.50", 2)),
                row(cell("301"), cell("01"), cell("基本工资"), cell("120.50", 2)))
    path = tmp_path / "labels.docx"
    word(path, "部门支出总体情况表", tbl)
    assert not any("合并在" in w for w in read_document(path).warnings)


def test_a_spanned_group_over_aligned_leaves_is_read_as_before(tmp_path):
    tbl = table([1200, 1200, 1200, 1200, 1200],
                row(cell("项目", vmerge="restart"), cell("本年预算", 4)),
                row(cell("", vmerge="continue"), cell("合计"), cell("基本支出"), cell("项目支出"), cell("备注")),
                row(cell("一般公共服务支出"), cell("12.10"), cell(""), cell("12.10"), cell("")))
    path = tmp_path / "aligned.docx"
    word(path, "部门支出总体情况表", tbl)
    assert grid_rows(path) == [["项目", "本年预算", "", "", ""], ["", "合计", "基本支出", "项目支出", "备注"],
                               ["一般公共服务支出", "12.10", "", "12.10", ""]]
    assert not any("边界不对齐" in w for w in read_document(path).warnings)


# ---- HTML: the same rows by colspan ------------------------------------------------------

def html_table(path, title: str, rows: list[list[tuple[str, int] | str]]) -> None:
    def td(c):
        text, span = (c, 1) if isinstance(c, str) else c
        return f'<td colspan="{span}">{text}</td>' if span > 1 else f"<td>{text}</td>"
    body = "".join(f"<tr>{''.join(map(td, r))}</tr>" for r in rows)
    path.write_text(f"<html><body><p>{title}</p><p>单位：万元</p><table border=1>{body}</table></body></html>",
                    encoding="utf-8")


def test_html_expenditure_read_by_the_columns_its_cells_make(tmp_path):
    path = tmp_path / "支出总表.html"
    html_table(path, "部门支出总体情况表", [
        ["功能分类科目编码", "功能分类科目名称", "合计", "基本支出", ("项目支出", 2)],
        ["总计", "", "277.90", ("243.90", 2), "34.00"],
        ["201", "一般公共服务支出", "211.11", ("177.11", 2), "34.00"],
        ["20105", "统计信息事务", "177.11", ("177.11", 2), ""]])
    rows = grid_rows(path)
    assert rows == [["功能分类科目编码", "功能分类科目名称", "合计", "基本支出", "项目支出"],
                    ["总计", "", "277.90", "243.90", "34.00"],
                    ["201", "一般公共服务支出", "211.11", "177.11", "34.00"],
                    ["20105", "统计信息事务", "177.11", "177.11", ""]]
    got = amounts(path)
    assert got[("201", "project")] == "34.00" and got[("20105", "basic")] == "177.11"


def test_html_cell_straddling_two_columns_as_wide_is_said(tmp_path):
    """合计 over two columns and the 支出 group beginning in its middle, no widths: undecided, said."""
    path = tmp_path / "财政拨款.html"
    html_table(path, "财政拨款收支预算总体情况表", [
        [("财政拨款收入", 2), ("财政拨款支出", 4)],
        ["项目", ("合计", 2), "功能分类", "合计", "一般公共预算"],
        ["一般公共预算", ("277.90", 2), "201 一般公共服务支出", "211.11", "211.11"]])
    doc = read_document(path)
    assert [ln.cells for ln in doc.lines if ln.cells][2] == ["一般公共预算", "277.90", "", "201 一般公共服务支出",
                                                            "211.11", "211.11"]
    assert any("边界不对齐" in w and "第2行的“合计”" in w for w in doc.warnings)


def test_html_aligned_spans_are_read_as_before(tmp_path):
    path = tmp_path / "aligned.html"
    html_table(path, "部门支出总体情况表", [
        ["项目", ("本年预算", 3)],
        ["", "合计", "基本支出", "项目支出"],
        ["一般公共服务支出", "12.10", ("12.10", 2)]])
    doc = read_document(path)
    assert [ln.cells for ln in doc.lines if ln.cells] == [["项目", "本年预算", "", ""], ["", "合计", "基本支出", "项目支出"],
                                                         ["一般公共服务支出", "12.10", "12.10", ""]]
    assert not any("边界不对齐" in w for w in doc.warnings)


# ---- every table of a seed's DOCX with its rows' edges moved apart --------------------------

def jittered(source, target, most: int, seed: int) -> None:
    """The DOCX with each row's cell edges moved by up to `most` twips each (as rows edited
    apart, or an RTF's rows, lay them): a fine grid of gridCol, each row's cells (and its
    gridBefore, gridAfter) spanning their own runs of it."""
    import itertools
    import random
    import zipfile

    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    rnd = random.Random(seed)
    with zipfile.ZipFile(source) as z:
        parts = {i: z.read(i.filename) for i in z.infolist()}
    info = next(i for i in parts if i.filename == "word/document.xml")
    root = etree.fromstring(parts[info])
    for tbl in root.iter(w + "tbl"):
        grid = tbl.find(w + "tblGrid")
        edges = [0]
        for col in grid.findall(w + "gridCol"):
            edges.append(edges[-1] + int(col.get(w + "w")))
            grid.remove(col)
        rows = tbl.findall(w + "tr")
        moved = [[0, *(x + rnd.randint(-most, most) for x in edges[1:-1]), edges[-1]] for _ in rows]
        fine = sorted({x for row in moved for x in row})
        at = {x: i for i, x in enumerate(fine)}
        for a, b in itertools.pairwise(fine):
            etree.SubElement(grid, w + "gridCol").set(w + "w", str(b - a))
        for tr, xs in zip(rows, moved):
            before = tr.find(f"{w}trPr/{w}gridBefore")
            c = int(before.get(w + "val")) if before is not None else 0
            if before is not None:
                before.set(w + "val", str(at[xs[c]]))
            for tc in tr.findall(w + "tc"):
                span = tc.find(f"{w}tcPr/{w}gridSpan")
                n = int(span.get(w + "val")) if span is not None else 1
                if span is None:
                    span = etree.SubElement(tc.find(w + "tcPr"), w + "gridSpan")
                span.set(w + "val", str(at[xs[c + n]] - at[xs[c]]))
                c += n
            after = tr.find(f"{w}trPr/{w}gridAfter")
            if after is not None:
                after.set(w + "val", str(len(fine) - 1 - at[xs[c]]))
    parts[info] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for i, data in parts.items():
            z.writestr(i, data)


def cells_read(path) -> list[tuple]:
    return [(t.number, r.code, r.name, r.project, c.column, c.text) for t in parse(path).tables for r in t.rows
            for c in r.cells]


def test_a_seed_with_every_rows_edges_moved_apart_reads_as_the_seed(tmp_path):
    import docgen
    from conftest import EXAMPLES

    original = tmp_path / "seed.docx"
    docgen.write_docx(EXAMPLES / "000_9131eab83374bb33.txt", original)
    expected = cells_read(original)
    assert len(expected) > 150
    for seed in (1, 2):
        moved = tmp_path / f"moved{seed}.docx"
        jittered(original, moved, 100, seed)
        assert cells_read(moved) == expected
        assert not any("边界不对齐" in w for w in read_document(moved).warnings)


FISCAL_HTML = [("财政拨款收入", 2), ("财政拨款支出", 6), None,
               ("项目", 1), ("合计", 2), ("功能分类", 1), ("合计", 1), ("一般公共预算", 1), ("政府性基金预算", 1),
               ("国有资本经营预算", 1), None,
               ("一般公共预算", 1), ("277.90", 2), ("201 一般公共服务支出", 1), ("211.11", 1), ("211.11", 1), ("", 1),
               ("", 1)]


def fiscal_page(path, widths: list[str], table_attrs: str) -> None:
    """The 财政拨款收支总表 rows (FISCAL_HTML; None ends a row), each cell with its width attributes."""
    rows, cells = [], []
    for item in FISCAL_HTML:
        if item is None:
            rows.append(cells)
            cells = []
            continue
        text, span = item
        cells.append(f'<td{f" colspan={span}" if span > 1 else ""} {widths[len(cells) + sum(map(len, rows))]}>{text}</td>')
    rows.append(cells)
    path.write_text(f"<html><body><p>财政拨款收支预算总体情况表</p><p>单位：万元</p><table {table_attrs}>"
                    + "".join(f"<tr>{''.join(r)}</tr>" for r in rows) + "</table></body></html>", encoding="utf-8")


@pytest.mark.parametrize("maker", ["libreoffice", "word"])
def test_html_cell_widths_tell_the_spacer(tmp_path, maker):
    """The page LibreOffice or Word saves of such a table prints each cell's width, its padding
    left out (LibreOffice: width="68" and the table's cellpadding="7"; Word: width=68 and
    style='width:51.0pt;padding:0cm 5.4pt 0cm 5.4pt'): the 支出 group's run inside the income
    合计 cells is a spacer (合计's width leaves it nothing), so the expenditure side keeps its
    names and budget types."""
    outer = [163, 410, 81, 82, 82, 82, 82, 82, 81, 81, 82, 82, 82, 82, 82, 81]     # columns 81 82 0 82 82 82 82 81
    if maker == "libreoffice":
        widths, attrs = [f'width="{w - 14}"' for w in outer], 'width="576" cellpadding="7" cellspacing="0"'
    else:
        widths = [f"width={w - 14} style='width:{(w - 14) * 0.75:.2f}pt;border:solid windowtext 1.0pt;"
                  "padding:0cm 5.4pt 0cm 5.4pt'" for w in outer]
        attrs = 'class=MsoTableGrid border=1 cellspacing=0 cellpadding=0'
    path = tmp_path / "财政拨款.html"
    fiscal_page(path, widths, attrs)
    doc = read_document(path)
    assert [ln.cells for ln in doc.lines if ln.cells] == [
        ["财政拨款收入", "", "财政拨款支出", "", "", "", ""],
        ["项目", "合计", "功能分类", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"],
        ["一般公共预算", "277.90", "201 一般公共服务支出", "211.11", "211.11", "", ""]]
    assert not any("边界不对齐" in w for w in doc.warnings)
    got = amounts(path)
    assert got[("201", "expenditure:gpb")] == "211.11" and not any(k[1] == "expenditure:fund" for k in got)


def test_html_widths_in_shares_tell_nothing(tmp_path):
    """Widths given as shares of the page (width="25%") are no cell's measure: still undecided, said."""
    page = ("<html><body><p>财政拨款收支预算总体情况表</p><table border=1>"
            '<tr><td colspan="2" width="40%">财政拨款收入</td><td colspan="4" width="60%">财政拨款支出</td></tr>'
            '<tr><td width="20%">项目</td><td colspan="2" width="20%">合计</td><td width="20%">功能分类</td>'
            '<td width="20%">合计</td><td width="20%">一般公共预算</td></tr>'
            '<tr><td>一般公共预算</td><td colspan="2">277.90</td><td>201 一般公共服务支出</td><td>211.11</td><td>211.11</td></tr>'
            "</table></body></html>")
    path = tmp_path / "shares.html"
    path.write_text(page, encoding="utf-8")
    assert any("边界不对齐" in w for w in read_document(path).warnings)


def test_docx_cell_widths_tell_the_spacer_where_the_grid_gives_none(tmp_path):
    """A file written without the grid's widths (w:gridCol without w:w) but with each cell's
    (w:tcW): the income 合计 cells' width leaves the 支出 group's run nothing, it is the spacer."""
    lines = [("一般公共预算", "277.90", "208 社会保障和就业支出", "66.79", "66.79", "", "")]
    tbl = table(None,
                row(cell("财政拨款收入", 2, width=2466), cell("财政拨款支出", 6, width=6169)),
                row(cell("项目", width=1234), cell("合计", 2, width=1233), *(cell(t, width=1234) for t in
                    ("功能分类", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"))),
                *[row(cell(r[0], width=1234), cell(r[1], 2, width=1233), *(cell(t, width=1234) for t in r[2:]))
                  for r in lines])
    path = tmp_path / "财政拨款收支总表.docx"
    word(path, "财政拨款收支预算总体情况表", tbl)
    doc = read_document(path)
    assert [ln.cells for ln in doc.lines if ln.cells][2] == list(lines[0])
    assert not any("边界不对齐" in w for w in doc.warnings)


def test_html_merged_amount_over_two_columns_is_said(tmp_path):
    path = tmp_path / "merged.html"
    html_table(path, "部门支出总体情况表", [
        ["项目", "合计", "基本支出", "项目支出"],
        ["工资福利支出", "120.50", ("120.50", 2)],
        ["商品和服务支出", "45.00", "15.00", "30.00"]])
    assert any("第2行的“120.50”合并在第 3–4 列之上" in w for w in read_document(path).warnings)


def test_the_page_libreoffice_saves_of_such_a_docx_reads_as_the_seed(tmp_path):
    """Saved as a web page, the rows' own runs become colspans over a fine grid of columns,
    their widths the cells' width="…" with the table's cellpadding left out: read by the
    columns the cells make, as the seed's DOCX."""
    import docgen
    from conftest import EXAMPLES
    from test_readers_converted import soffice_convert

    original = tmp_path / "seed.docx"
    docgen.write_docx(EXAMPLES / "000_9131eab83374bb33.txt", original)
    moved = tmp_path / "moved.docx"
    jittered(original, moved, 100, 1)
    page = soffice_convert(moved, "html", tmp_path, tmp_path)
    assert page.read_text(encoding="utf-8", errors="replace").count("colspan") > 100
    assert cells_read(page) == cells_read(original)
