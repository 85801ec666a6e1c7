"""Probe 39b: layout text (`pdftotext -layout` of ruled PDFs) read through the whole pipeline;
expectations transcribed from the printed lines."""

from __future__ import annotations

from budgetlens.pipeline import parse

BUDGET_TITLE = ["某某局2025年部门预算", "", "一般公共预算支出情况表", "", "编制单位：某某局 单位：万元", ""]


def read(tmp_path, lines: list[str], kind: str, name: str = "t.txt"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    disc = parse(path)
    return disc, disc.table(kind)


def cells_of(table) -> list[list[tuple[str, str]]]:
    return [[(c.column, str(c.amount)) for c in r.cells] for r in table.rows]


# ---- 基本支出 printed over parts the template does not know --------------------------------

def basic_split(parts: tuple[str, str]) -> list[str]:
    """基本支出 over 小计 | parts, as pdftotext -layout prints the ruled PDF: the group at its
    cell's left, the parts a line below the other headers."""
    a, b = parts
    return [
        "                                  基本支出",
        "科目编码      科目名称      合计                                                      项目支出",
        f"                                  小计              {a:<{19 - len(a)}}{b}",
        "          合计             504.46          418.46       300.00       118.46          86.00",
        "2120101   行政运行           418.46          418.46       300.00       118.46",
        "          一般行政管理事",
        "2120102                   86.00                                                    86.00",
        "          务",
    ]


def test_unknown_parts_of_basic_are_not_read_as_its_known_parts(tmp_path):
    """小计 | 工资福利支出 | 商品和服务支出 under 基本支出 (the template knows 小计 | 人员经费 |
    公用经费): before, the parts' amounts were read by order as 人员经费 and 公用经费 (a
    columns-by-order warning); now 小计 is 基本支出, the parts are left unread and said."""
    disc, table = read(tmp_path, BUDGET_TITLE + basic_split(("工资福利支出", "商品和服务支出")), "gpb_expenditure")
    assert cells_of(table) == [[("total", "504.46"), ("basic", "418.46"), ("project", "86.00")],
                               [("total", "418.46"), ("basic", "418.46")],
                               [("total", "86.00"), ("project", "86.00")]]
    said = [i.message for i in disc.issues if i.code == "column-unmapped"]
    assert len(said) == 2 and "工资福利支出" in said[0] and "商品和服务支出" in said[1]
    assert not [i for i in disc.issues if i.code in ("columns-by-order", "ambiguous-column")]
    assert not [f for f in disc.facts if f.coords.nature in ("personnel", "public")]


def test_known_parts_of_basic_are_still_read(tmp_path):
    """Near miss: 小计 | 人员经费 | 公用经费, the template's own parts: read as they are."""
    disc, table = read(tmp_path, BUDGET_TITLE + basic_split(("人员经费", "公用经费")), "gpb_expenditure")
    assert cells_of(table)[:2] == [
        [("total", "504.46"), ("basic", "418.46"), ("personnel", "300.00"), ("public", "118.46"), ("project", "86.00")],
        [("total", "418.46"), ("basic", "418.46"), ("personnel", "300.00"), ("public", "118.46")]]
    assert not [i for i in disc.issues if i.code in ("column-unmapped", "columns-by-order")]
