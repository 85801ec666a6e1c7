"""An 一般公共预算基本支出表 printing 基本支出 as the group over 合计 | 人员经费 | 公用经费 (as many
offices do, rather than the template's 一般公共预算基本支出): the group says no more than the
table's own coordinates (nature: basic), so it is a known header word, not "表头有无法识别的
文字：基本支出". The cells read as before. Near miss: a group word the table's coordinates do not
imply (经常性支出) is still reported. Every expectation is transcribed from the tables written here."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from covered_tables import writers
from ruled_pdf import CSS

from budgetlens.pipeline import parse

COVER = "某某局2025年部门预算"
TITLE = "一般公共预算基本支出表"
BODY = [["301", "工资福利支出", "100.00", "100.00", ""], ["30101", "基本工资", "60.00", "60.00", ""],
        ["30102", "津贴补贴", "40.00", "40.00", ""], ["302", "商品和服务支出", "20.00", "", "20.00"],
        ["30201", "办公费", "20.00", "", "20.00"], ["", "合计", "120.00", "100.00", "20.00"]]
CELLS = [("301", [("100.00", "total"), ("100.00", "personnel")]),
         ("30101", [("60.00", "total"), ("60.00", "personnel")]),
         ("30102", [("40.00", "total"), ("40.00", "personnel")]),
         ("302", [("20.00", "total"), ("20.00", "public")]),
         ("30201", [("20.00", "total"), ("20.00", "public")]),
         ("", [("120.00", "total"), ("100.00", "personnel"), ("20.00", "public")])]


def grid(group: str) -> list[list[str]]:
    return [["科目编码", "科目名称", group, "", ""], ["", "", "合计", "人员经费", "公用经费"], *BODY]


def pdf(path, group: str, ruled: bool) -> str:
    weasyprint = pytest.importorskip("weasyprint")
    css = CSS if ruled else CSS.replace("border: 0.5pt solid #000;", "border: none;")
    head = (f"<tr><td rowspan=2>科目编码</td><td rowspan=2>科目名称</td><td colspan=3>{group}</td></tr>"
            "<tr><td>合计</td><td>人员经费</td><td>公用经费</td></tr>")
    body = "".join("<tr>" + "".join(f"<td{' class=a' if n > 1 else ''}>{c}</td>" for n, c in enumerate(r)) + "</tr>"
                   for r in BODY)
    weasyprint.HTML(string=f"<html><head><style>{css}</style></head><body><p>{COVER}</p><p>{TITLE}</p>"
                           f"<p>编制单位：某某局 单位：万元</p><table>{head}{body}</table></body></html>"
                    ).write_pdf(str(path))
    return str(path)


def layout_text(path, group: str) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext（poppler-utils）未安装")
    source = pdf(path.with_suffix(".pdf"), group, ruled=False)
    subprocess.run(["pdftotext", "-layout", source, str(path)], check=True)
    return str(path)


def grid_writer(write):
    """A writer of covered_tables taking the group word instead of the rows."""
    return lambda path, group: write(path, grid(group))


FORMS = {**{form: grid_writer(write) for form, write in writers(COVER, TITLE).items()},
         "ruled pdf": lambda path, group: pdf(path, group, ruled=True),
         "unruled pdf": lambda path, group: pdf(path, group, ruled=False),
         "pdftotext -layout": layout_text}
SUFFIX = {"html": ".html", "docx": ".docx", "xlsx": ".xlsx", "ruled pdf": ".pdf", "unruled pdf": ".pdf",
          "pdftotext -layout": ".txt"}


def read(tmp_path, form: str, group: str):
    doc = parse(FORMS[form](tmp_path / f"a{SUFFIX[form]}", group))
    table = doc.table("basic_expenditure")
    cells = [(r.code, [(str(c.amount), c.column) for c in r.cells if c.amount is not None]) for r in table.rows]
    unmapped = [i.message for i in doc.issues if i.code == "header-unmapped"]
    return cells, unmapped


@pytest.mark.parametrize("form", FORMS)
def test_basic_over_its_columns_is_a_known_group(tmp_path, form):
    cells, unmapped = read(tmp_path, form, "基本支出")
    assert cells == CELLS
    assert unmapped == []


@pytest.mark.parametrize("form", ["html", "unruled pdf"])
def test_a_group_the_table_does_not_imply_is_still_reported(tmp_path, form):
    _, unmapped = read(tmp_path, form, "经常性支出")
    assert len(unmapped) == 1 and "经常性支出" in unmapped[0]
