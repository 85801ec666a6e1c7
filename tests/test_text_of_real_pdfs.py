"""Real PDFs' text as other converters write it: the tables are found as in the PDF.

pdfplumber's layout text keeps the page's spacing: a blank line between every two printed
lines. A title wrapped over two lines ("公开 09 表：…培训费" / "支出预算表") then has a blank
line inside it, and an empty table ("此表为空") has no figure within 30 lines of its title."""

import pytest
from conftest import SHARED

from budgetlens.pipeline import parse
from budgetlens.readers import Line, SourceDocument
from budgetlens.segment import _followed_by_table, _wrapped_title


def layout_text(pdf) -> str:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return "\n\f".join(page.extract_text(layout=True) or "" for page in doc.pages)


def test_a_real_pdfs_spaced_layout_text_finds_every_table(tmp_path):
    pdf = SHARED / "real" / "js-prov-jcy-2018-dept-budget.pdf"
    if not pdf.exists():
        pytest.skip("../shared/real is not beside the repository")
    text = tmp_path / "layout.txt"
    text.write_text(layout_text(pdf), encoding="utf-8")
    whole, spaced = parse(pdf), parse(text)
    assert [t.title for t in spaced.tables] == [t.title for t in whole.tables]
    three = spaced.table("three_public")
    assert three is not None and sorted(c.amount for r in three.rows for c in r.cells) == \
        sorted(c.amount for r in whole.table("three_public").rows for c in r.cells)
    assert not [m for m in spaced.missing if "政府性基金" in m or "三公" in m]


def doc_of(lines: list[str]) -> SourceDocument:
    doc = SourceDocument(path="t.txt", format="plain", encoding="utf-8", sha256="")
    doc.lines = [Line(no=n + 1, text=t) for n, t in enumerate(lines)]
    return doc


def test_a_wrapped_title_is_joined_across_a_blank_line_but_not_across_text():
    doc = doc_of(["公开 09 表：一般公共预算“三公”经费、会议费、培训费", "", "支出预算表", "部门：X 单位：万元"])
    assert _wrapped_title(doc, 0) == "公开09表：一般公共预算“三公”经费、会议费、培训费支出预算表"
    apart = doc_of(["公开 09 表：一般公共预算“三公”经费、会议费、培训费", "说明文字", "支出预算表"])
    assert _wrapped_title(apart, 0) is None


def test_an_empty_tables_stated_unit_tells_a_table_from_a_title_in_running_text():
    empty = doc_of(["公开 10 表：政府性基金支出预算表", "", "部门： 江苏省某厅 单位：万元", "", "功能科目代码 功能科目名称 金额",
                    "合计", "此表为空"])
    assert _followed_by_table(empty, 0, len(empty.lines))
    prose = doc_of(["本部门没有政府性基金支出预算表", "因此该表为空表。"])
    assert not _followed_by_table(prose, 0, len(prose.lines))
