"""Office and web forms probed again (session 35): what each form prints is read as printed.
Inputs are written here as offices and converters make them, with figures chosen, the truth
known by construction."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.pipeline import parse

# 部门支出总表 in 万元 with whole-number amounts (code, name, 合计, 基本支出, 项目支出)
EXPENDITURE_ROWS = [
    ("", "合计", 180, 130, 50),
    ("201", "一般公共服务支出", 130, 100, 30),
    ("2010301", "行政运行", 100, 100, None),
    ("2010302", "一般行政管理事务", 30, None, 30),
    ("208", "社会保障和就业支出", 30, 30, None),
    ("2080505", "机关事业单位基本养老保险缴费支出", 30, 30, None),
]
HEADER = ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
KEYS = ["total", "basic", "project"]


def read_rows(table) -> list[tuple]:
    return [(r.code, r.name, {c.column: c.amount for c in r.cells}) for r in table.rows]


def expected(rows) -> list[tuple]:
    return [(code, name, {k: Decimal(v) for k, v in zip(KEYS, amounts) if v is not None})
            for code, name, *amounts in rows]


def two_part_docx(path, second: list[list]) -> None:
    """部门支出总表 as two Word tables, a page break between: the first with the header and the
    first four rows, the second as given (without the header)."""
    from docx import Document
    from docx.enum.text import WD_BREAK

    doc = Document()
    doc.add_paragraph("2025年部门支出总表")
    doc.add_paragraph("编制单位：某某局 单位：万元")

    def add(rows):
        table = doc.add_table(rows=0, cols=max(map(len, rows)))
        for row in rows:
            cells = table.add_row().cells
            for j, value in enumerate(row):
                cells[j].text = "" if value is None else str(value)
    add([HEADER, *[list(r) for r in EXPENDITURE_ROWS[:4]]])
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    add(second)
    doc.save(path)


def test_docx_narrower_part_with_whole_numbers_lines_up_with_the_part_before(tmp_path):
    """The next page's part prints code and name in one cell (one column fewer) and its amounts
    as whole numbers: its 30 after the name made the first part's names amounts (一般公共服务支出
    130 | 100 | 30 read as 基本支出 130, 项目支出 100 and a column beyond)."""
    path = tmp_path / "t.docx"
    two_part_docx(path, [[f"{code} {name}", *amounts] for code, name, *amounts in EXPENDITURE_ROWS[4:]])
    assert read_rows(parse(path).tables[0]) == expected(EXPENDITURE_ROWS)


def test_docx_part_without_its_empty_last_column_keeps_its_columns(tmp_path):
    """Near miss: the next page's part prints code and name apart, its 项目支出 column (empty on
    that page) left out: its amounts stand where they did."""
    path = tmp_path / "t.docx"
    two_part_docx(path, [list(r)[:4] for r in EXPENDITURE_ROWS[4:]])
    assert read_rows(parse(path).tables[0]) == expected(EXPENDITURE_ROWS)
