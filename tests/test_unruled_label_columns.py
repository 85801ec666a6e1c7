"""Tables whose rows print several label columns before the amounts (政府采购预算表: 采购项目 |
采购方式 | 采购品目; 项目支出表: 单位名称 | 项目名称 | 项目类型), as a PDF without rules, as
plain text (words apart by spaces) and as a tab grid: the label columns stay apart, the row is
named by its first (a project row by its project, as a grid's), and every amount is read under
its own header. Every cell is compared with the printed table."""

from __future__ import annotations

import pytest

from budgetlens.pipeline import parse

PURCHASES = ("政府采购预算表", ["采购项目", "采购方式", "采购品目", "合计", "财政拨款", "其他资金"],
             [("合计", "", "", "90.00", "80.00", "10.00"),
              ("台式计算机采购", "公开招标", "台式计算机", "30.00", "30.00", "0.00"),
              ("物业管理", "竞争性磋商", "物业管理服务", "20.00", "10.00", "10.00"),
              ("办公楼维修", "询价", "维修和保养服务", "40.00", "40.00", "0.00")])
PURCHASE_KEYS = ["total", "fiscal", "other"]
PROJECTS = ("项目支出预算表", ["单位名称", "项目名称", "项目类型", "合计", "财政拨款", "单位资金"],
            [("合计", "", "", "90.00", "80.00", "10.00"),
             ("某某中心", "信息系统运维", "部门项目", "30.00", "30.00", "0.00"),
             ("某某中心", "办公楼维修", "部门项目", "60.00", "50.00", "10.00")])
PROJECT_KEYS = ["total", "fiscal", "unit_funds"]


def text_file(tmp_path, table, sep: str):
    title, header, rows = table
    lines = [sep.join(header)] + [sep.join(c for c in row if c or sep == "\t") for row in rows]
    path = tmp_path / ("grid.txt" if sep == "\t" else "plain.txt")
    path.write_text(f"某某中心2025年部门预算\n\n{title}\n\n编制部门：某某中心　单位：万元\n\n" + "\n".join(lines) + "\n",
                    encoding="utf-8")
    return path


def pdf_file(tmp_path, table, align: str):
    weasyprint = pytest.importorskip("weasyprint")
    from test_pdf_unruled import CSS, is_amount

    title, header, rows = table
    path = tmp_path / f"{align}.pdf"
    # (label columns wide enough for their texts: a label wrapped in its cell is another matter)
    widths = [110, 70, 100, 60, 60, 60]
    cols = "".join(f'<col style="width:{w}pt">' for w in widths)
    head = "<tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr>"
    body = "".join("<tr>" + "".join(f'<td class="{"n" if is_amount(c) else ""}">{c}</td>' for c in row) + "</tr>"
                   for row in rows)
    weasyprint.HTML(string=(
        f"<html><head><style>{CSS % align}</style></head><body><p>某某中心2025年部门预算收入支出公开</p><h3>{title}</h3>"
        f'<p>编制部门：某某中心　　单位：万元</p><table style="table-layout: fixed; width: {sum(widths)}pt">{cols}'
        f"{head}{body}</table></body></html>")).write_pdf(str(path))
    return path


def amounts(disc, kind: str) -> set[tuple]:
    return {(r.name, c.column, str(c.amount)) for r in disc.table(kind).rows for c in r.cells}


def printed_amounts(rows, keys, name_at: int = 0) -> set[tuple]:
    return {(row[name_at] or row[0], key, amount) for row in rows for key, amount in zip(keys, row[3:])}


FORMS = ["grid", "plain", "pdf-middle", "pdf-top"]


def read_form(tmp_path, table, form: str):
    if form == "grid":
        return parse(text_file(tmp_path, table, "\t"))
    if form == "plain":
        return parse(text_file(tmp_path, table, " "))
    return parse(pdf_file(tmp_path, table, form.split("-")[1]))


@pytest.mark.parametrize("form", FORMS)
def test_purchase_label_columns_stay_apart(tmp_path, form):
    """Before (PDF without rules, plain text): 采购项目, 采购方式 and 采购品目 were run into one
    name, 台式计算机采购公开招标台式计算机. Now each column's text is kept apart, as the grid's."""
    disc = read_form(tmp_path, PURCHASES, form)
    table = disc.table("procurement")
    assert [(r.name, r.raw_label) for r in table.rows[1:]] == [
        (name, f"{name} | {way} | {item}") for name, way, item, *_ in PURCHASES[2][1:]]
    assert amounts(disc, "procurement") == printed_amounts(PURCHASES[2], PURCHASE_KEYS)
    assert not [i for i in disc.issues if i.code == "label-columns-joined"]


@pytest.mark.parametrize("form", FORMS)
def test_project_table_amounts_under_their_headers(tmp_path, form):
    """合计 | 财政拨款 | 单位资金 where the template has 财政拨款 … 财政专户 … 单位资金: before, the
    PDF and plain text read 财政拨款's amounts as 财政专户管理资金 (the identities' choice), the grid
    read 单位资金 as 一般公共预算 (by order); the unruled PDF ran 单位名称, 项目名称, 项目类型 into one
    name. Now every amount is read under its header (财政拨款 printed alone: its 小计), and the
    row is named by its project, as a grid's row."""
    disc = read_form(tmp_path, PROJECTS, form)
    assert amounts(disc, "project_expenditure") == printed_amounts(PROJECTS[2], PROJECT_KEYS, name_at=1)
    if form.startswith("pdf"):
        assert [r.raw_label for r in disc.table("project_expenditure").rows[1:]] == \
            [" | ".join(row[:3]) for row in PROJECTS[2][1:]]


def test_plain_label_words_the_columns_cannot_part_are_said(tmp_path):
    """Plain text prints a purchase's name in two words beside its other two columns: four
    words for three columns cannot be parted. The row keeps its words as one name and it is
    said (before: run together without a word)."""
    title, header, rows = PURCHASES
    odd = [rows[0], ("台式计算机 采购", *rows[1][1:]), *rows[2:]]
    disc = parse(text_file(tmp_path, (title, header, odd), " "))
    table = disc.table("procurement")
    assert table.rows[1].name == "台式计算机采购公开招标台式计算机"
    said = [i.message for i in disc.issues if i.code == "label-columns-joined"]
    assert said == [("表「政府采购预算表」第 9 行的名称文字“台式计算机 采购 公开招标 台式计算机”分不到表头的 3 个名称列，"
                     "整体读作名称，请核对")]
    assert [r.name for r in table.rows[2:]] == ["物业管理", "办公楼维修"]
    assert amounts(disc, "procurement") == printed_amounts(
        [rows[0], ("台式计算机采购公开招标台式计算机", *rows[1][1:]), *rows[2:]], PURCHASE_KEYS)
