"""A 项目支出表's label columns read by their headers in every grid (PDF, DOCX, XLSX, HTML):
项目名称 is the project, 科目编码 and 科目名称 its function code and name; 项目单位 and 项目类型,
which the model has no place for, are left out, as the layout-text reader leaves them out."""

from __future__ import annotations

import pytest

import docgen
from budgetlens.pipeline import parse
from budgetlens.render_cells import cell_rows

# (code, name, 项目单位, 项目名称, 项目类型, amount)
PROJECTS = [("2010302", "一般行政管理事务", "某某市某某局机关", "办公楼物业管理及日常运行维护经费", "一次性项目", "1,237.46"),
            ("2120104", "城管执法", "某某市信息中心", "信息系统运维服务费", "经常性项目", "985.18"),
            ("2013899", "其他市场监督管理事务", "某某市信息中心", "专项业务工作经费", "延续性项目", "7,994.08")]
FIELD = {"科目编码": 0, "编码": 0, "科目名称": 1, "名称": 1, "项目单位": 2, "项目名称": 3, "项目类型": 4}
SOURCES = ["合计", "财政拨款", "", "", "", "财政专户管理资金", "单位资金"]
SUB_SOURCES = ["", "小计", "一般公共预算", "政府性基金预算", "国有资本经营预算", "", ""]
# label headers, top row and (where a group spans two of them) the row below
SHAPES = {
    "unit": (["科目编码", "科目名称", "项目单位", "项目名称"], None),
    "type": (["科目编码", "科目名称", "项目名称", "项目类型"], None),
    "national": (["项目名称", "项目单位", "项目类型", "功能分类科目", ""], ["", "", "", "编码", "名称"]),
    "no code": (["项目单位", "项目名称", "项目类型"], None),
}


def project_table(top: list[str], below: list[str] | None) -> docgen.Document:
    labels = [b or t for t, b in zip(top, below or top)]
    total = "10,216.72"
    rows = [top + SOURCES, (below or [""] * len(top)) + SUB_SOURCES,
            ["合计"] + [""] * (len(top) - 1) + [total] * 3 + [""] * 4]
    rows += [[p[FIELD[h]] for h in labels] + [p[5]] * 3 + [""] * 4 for p in PROJECTS]
    table = docgen.Table(rows=rows, header=2)
    docgen.finish_table(table)
    return docgen.Document([docgen.Para("某某局2025年部门预算"), docgen.Para("第二部分 2025年部门预算表"),
                            docgen.Para("项目支出预算表"), docgen.Para("编制单位：某某局 单位：万元"), table])


def expected(labels: list[str]) -> list[tuple[str, str, str]]:
    """Each row's (code, name, project) as the model reads it: a project without a code is the
    row's name (as a layout text's or a grid's row without code has always been read)."""
    coded = any(h.endswith("编码") for h in labels)
    return [("", "合计", "")] + [(p[0], p[1], p[3]) if coded else ("", p[3], "") for p in PROJECTS]


WRITERS = {"docx": docgen.write_docx, "xlsx": docgen.write_xlsx, "html": docgen.write_html, "pdf": docgen.write_pdf}


@pytest.mark.parametrize("fmt", list(WRITERS))
@pytest.mark.parametrize("shape", list(SHAPES))
def test_project_unit_and_type_are_never_the_project(tmp_path, shape, fmt):
    """项目单位 or 项目类型 beside 项目名称, in any order, with or without the function code:
    each row's code, name and project as its headers say, every amount in place (the ruled
    PDF had read 项目单位 as the function's name and 项目类型 as the project; DOCX, XLSX and
    HTML a table without code the same way, and lost the name of 合计 merged over the label
    columns)."""
    if fmt == "pdf":
        pytest.importorskip("weasyprint")
    top, below = SHAPES[shape]
    path = tmp_path / f"projects.{fmt}"
    WRITERS[fmt](None, path, document=project_table(top, below))
    cells = [c for c in cell_rows(parse(path)) if c["kind"] == "project_expenditure"]
    rows = list(dict.fromkeys((c["code"], c["name"], c["project"]) for c in cells))
    labels = [b or t for t, b in zip(top, below or top)]
    assert rows == expected(labels)
    assert [(c["column"], c["amount"]) for c in cells[3:6]] == [("合计", "1237.46"), ("小计", "1237.46"),
                                                                ("一般公共预算", "1237.46")]
