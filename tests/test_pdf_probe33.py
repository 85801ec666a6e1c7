"""Budget tables laid out as other regions print them, written as ruled PDFs (WeasyPrint) with
figures known here, read back: every amount where the document prints it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.pipeline import parse

pytest.importorskip("weasyprint")

CSS = """@page { size: A4; margin: 15mm; } body { font-family: "Noto Sans CJK SC"; font-size: 9pt; }
table { border-collapse: collapse; } td { border: 0.5pt solid #000; padding: 2pt 4pt; }"""


def cell(text) -> str:
    if isinstance(text, tuple):               # (text, colspan)
        return f"<td colspan={text[1]}>{text[0]}</td>"
    return f"<td>{text}</td>"


def table_pdf(path, label: str, title: str, rows: list[list]) -> str:
    import weasyprint

    body = "".join("<tr>" + "".join(map(cell, row)) + "</tr>" for row in rows)
    weasyprint.HTML(string=(
        f"<html><head><style>{CSS}</style></head><body><p>某某区文化和旅游局2025年部门预算</p>"
        f"<p>{label}</p><p>{title}</p><p>编制单位：某某区文化和旅游局　　单位：万元</p>"
        f"<table>{body}</table></body></html>")).write_pdf(str(path))
    return str(path)


# 收支总表: the income side prints fewer items than the expenditure side
SUMMARY_BODY = [
    ["一、一般公共预算拨款收入", "518.00", "一、一般公共服务支出", ""],
    ["二、政府性基金预算拨款收入", "", "二、文化旅游体育与传媒支出", "420.50"],
    ["三、单位资金收入", "", "三、社会保障和就业支出", "45.20"],
    ["", "", "四、卫生健康支出", "22.30"],
    ["", "", "五、住房保障支出", "30.00"],
    ["收入总计", "518.00", "支出总计", "518.00"],
]
SUMMARY_HEADERS = {
    # the side named over the label column only, not merged over the amounts
    "unmerged": [["收入", "", "支出", ""], ["项目", "预算数", "项目", "预算数"]],
    # one header row naming each side in its label column
    "one_row": [["收入项目", "预算数", "支出项目", "预算数"]],
    # no side named: the second side starts at the label column after the first amounts
    "unnamed": [["项目", "预算数", "项目", "预算数"]],
}


def amounts(doc) -> list[tuple]:
    return [(f.coords.side, f.coords.source or f.coords.function_code or f.coords.item, f.amount)
            for f in doc.facts]


def by_order(doc) -> list[str]:
    return [i.message for i in doc.issues if i.code == "columns-by-order"]


@pytest.mark.parametrize("form", list(SUMMARY_HEADERS))
def test_summary_sides_are_read_by_place_whatever_the_header_names(tmp_path, form):
    """Read by order, the sides' amounts were right here only by luck, and the table was
    reported as read by column order."""
    pdf = table_pdf(tmp_path / "t.pdf", "表1", "2025年部门收支总表", SUMMARY_HEADERS[form] + SUMMARY_BODY)
    doc = parse(pdf)
    assert by_order(doc) == []
    table = doc.tables[0]
    assert table.kind == "summary"
    assert all(c.decided_by == "position" for r in table.rows for c in r.cells)
    got = amounts(doc)
    assert ("expenditure", "207", Decimal("420.50")) in got
    assert ("expenditure", "221", Decimal("30.00")) in got
    assert sorted((item, a) for s, item, a in got if s == "income") == [
        ("gpb", Decimal("518.00")), ("total", Decimal("518.00"))]
    assert len(got) == 7          # 2 income, 4 classes and the total spent


def test_fiscal_summary_income_amount_under_another_word(tmp_path):
    """财政拨款收支总表 whose income side prints its one amount column as 预算数 (the template
    says 合计): that column is the side's only one."""
    rows = [[("收入", 2), ("支出", 4)],
            ["项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算"],
            ["一、本年收入", "518.00", "文化旅游体育与传媒支出", "420.50", "420.50", ""],
            ["一般公共预算拨款", "518.00", "社会保障和就业支出", "45.20", "45.20", ""],
            ["政府性基金预算拨款", "", "卫生健康支出", "22.30", "22.30", ""],
            ["二、上年结转", "", "住房保障支出", "30.00", "30.00", ""],
            ["收入总计", "518.00", "支出总计", "518.00", "518.00", ""]]
    doc = parse(table_pdf(tmp_path / "t.pdf", "表4", "2025年财政拨款收支总表", rows))
    assert by_order(doc) == []
    assert doc.tables[0].kind == "fiscal_summary"
    income = sorted((f.coords.source, f.amount) for f in doc.facts if f.coords.side == "income")
    assert income == [("fiscal", Decimal("518.00")), ("gpb", Decimal("518.00")), ("total", Decimal("518.00"))]
    spent = {(f.coords.function_code, f.column): f.amount for f in doc.facts if f.coords.side == "expenditure"}
    assert spent[("207", "expenditure:total")] == spent[("207", "expenditure:gpb")] == Decimal("420.50")


def rowspan(text: str, n: int) -> str:
    return f"<td rowspan={n}>{text}</td>"


# 部门收入总表 by function, with the sources the national form prints since 2021 (单位资金 among
# them): 2070101 行政运行 300.00 and 2080505 养老缴费 45.20 from 一般公共预算, 2070102 一般行政
# 管理事务 120.50 of which 20.50 from 单位资金
INCOME_BODY = [
    ["", "合计", "465.70", "", "445.20", "", "20.50"],
    ["207", "文化旅游体育与传媒支出", "420.50", "", "400.00", "", "20.50"],
    ["20701", "文化和旅游", "420.50", "", "400.00", "", "20.50"],
    ["2070101", "行政运行", "300.00", "", "300.00", "", ""],
    ["2070102", "一般行政管理事务", "120.50", "", "100.00", "", "20.50"],
    ["208", "社会保障和就业支出", "45.20", "", "45.20", "", ""],
    ["20805", "行政事业单位养老支出", "45.20", "", "45.20", "", ""],
    ["2080505", "机关事业单位基本养老保险缴费支出", "45.20", "", "45.20", "", ""],
]


def income_pdf(path, header_html: str) -> str:
    import weasyprint

    body = "".join("<tr>" + "".join(map(cell, row)) + "</tr>" for row in INCOME_BODY)
    weasyprint.HTML(string=(
        f"<html><head><style>{CSS}</style></head><body><p>某某区文化和旅游局2025年部门预算</p>"
        "<p>表2</p><p>2025年部门收入总表</p><p>编制单位：某某区文化和旅游局　　单位：万元</p>"
        f"<table>{header_html}{body}</table></body></html>")).write_pdf(str(path))
    return str(path)


INCOME_HEADERS = {
    "one_row": "<tr>" + "".join(f"<td>{h}</td>" for h in (
        "科目编码", "科目名称", "合计", "上年结转", "一般公共预算拨款收入", "政府性基金预算拨款收入", "单位资金")) + "</tr>",
    # the appropriations grouped under one header, the budgets named without 拨款收入
    "grouped": ("<tr>" + "".join(rowspan(h, 2) for h in ("科目编码", "科目名称", "合计", "上年结转"))
                + "<td colspan=2>本年财政拨款收入</td>" + rowspan("单位资金", 2) + "</tr>"
                "<tr><td>一般公共预算</td><td>政府性基金预算</td></tr>"),
}


@pytest.mark.parametrize("form", list(INCOME_HEADERS))
def test_income_table_with_unit_funds_is_read_by_its_header(tmp_path, form):
    """The national 收入总表 with a 单位资金 column: read as Xinjiang's (its 总计 | 财政拨款（补助）
    小计 | 一般公共预算 …) by column order, 一般公共预算拨款收入 was read as 财政拨款小计."""
    doc = parse(income_pdf(tmp_path / "t.pdf", INCOME_HEADERS[form]))
    assert by_order(doc) == []
    table = doc.tables[0]
    assert table.kind == "income" and table.header_unmapped == []
    got = {(f.coords.function_code or f.row, f.coords.source): f.amount for f in doc.facts}
    assert got[("2070102", "gpb")] == Decimal("100.00")
    assert got[("2070102", "unit_funds")] == Decimal("20.50")
    assert got[("2070102", "total")] == Decimal("120.50")
    assert got[("2080505", "gpb")] == Decimal("45.20")
    assert {s for _, s in got} == {"total", "gpb", "unit_funds"}


def test_header_cells_merged_down_keep_their_wrapped_text(tmp_path):
    """Header cells merged over two header rows, their words wrapped inside them (科目编 / 码,
    财政专户管理 / 资金收入), in a grid whose vertical rules are drawn row by row (WeasyPrint,
    as some office writers, draws each cell's sides): where those rules end under the first
    header row, no rule closes a row there (one continues each), so the merged cells are not
    cut in two and their words stay one header."""
    head = ("<tr>" + "".join(rowspan(h, 2) for h in ("科目编码", "科目名称", "合计", "上年结转"))
            + "<td colspan=3>本年财政拨款收入</td>"
            + "".join(rowspan(h, 2) for h in ("财政专户管理资金收入", "单位资金")) + "</tr>"
            "<tr><td>一般公共预算</td><td>政府性基金预算</td><td>国有资本经营预算</td></tr>")
    rows = [[r[0], r[1], r[2], r[3], r[4], r[5], "", "", r[6]] for r in INCOME_BODY]
    body = "".join("<tr>" + "".join(map(cell, row)) + "</tr>" for row in rows)
    import weasyprint

    pdf = tmp_path / "t.pdf"
    weasyprint.HTML(string=(
        f"<html><head><style>{CSS} td {{ width: 3em; }}</style></head><body><p>某某区文化和旅游局2025年部门预算</p>"
        "<p>表2</p><p>2025年部门收入总表</p><p>编制单位：某某区文化和旅游局　　单位：万元</p>"
        f"<table>{head}{body}</table></body></html>")).write_pdf(str(pdf))
    doc = parse(str(pdf))
    table = doc.tables[0]
    assert [c for c in table.header[0].cells if c] == [
        "科目编码", "科目名称", "合计", "上年结转", "本年财政拨款收入", "财政专户管理资金收入", "单位资金"]
    assert table.header_unmapped == [] and by_order(doc) == []
    got = {(f.coords.function_code or f.row, f.coords.source): f.amount for f in doc.facts}
    assert got[("2070102", "gpb")] == Decimal("100.00")
    assert got[("2070102", "unit_funds")] == Decimal("20.50")


UNRULED_CSS = """@page { size: A4; margin: 15mm; } body { font-family: "Noto Sans CJK SC"; font-size: 9pt; }
table { border-collapse: collapse; } td { border: none; padding: 2pt 3pt; vertical-align: top; }
td.n { width: 4.2em; }"""
RIGHT = (" td.n, td { width: 7em; } tr td:nth-child(n+3) { text-align: right; }"
         " tr:first-child td, tr:nth-child(2) td { text-align: left; }")


@pytest.mark.parametrize("amounts", ["left", "right"])
def test_unruled_header_wrapped_over_lines_places_the_amounts(tmp_path, amounts):
    """A table printed without rules (a sheet printed with its borders off) whose header words
    wrap in their narrow columns (上年结 / 转, 一般公共预 / 算 under 本年财政拨款收入): each
    column's words read together name it, and the amounts go under them. Before, a header of
    more lines than one named no column; the amounts were read by order among the Xinjiang
    template's columns (财政专户、单位资金… as candidates for 一般公共预算's 420.50). Amounts
    set flush right as a spreadsheet sets them, past their header words set flush left (合计's
    465.70 between 合计 and 上年结转), stand in the column of the word to their left."""
    import weasyprint

    head = ("<tr>" + "".join(rowspan(h, 2) for h in ("科目编码", "科目名称", "合计"))
            + "<td rowspan=2 class=n>上年结转</td><td colspan=3>本年财政拨款收入</td>"
            + "".join(f"<td rowspan=2 class=n>{h}</td>" for h in ("财政专户管理资金收入", "单位资金")) + "</tr>"
            "<tr>" + "".join(f"<td class=n>{h}</td>" for h in ("一般公共预算", "政府性基金预算", "国有资本经营预算"))
            + "</tr>")
    rows = [[r[0], r[1], r[2], r[3], r[4], r[5], "", "", r[6]] for r in INCOME_BODY]
    body = "".join("<tr>" + "".join(map(cell, row)) + "</tr>" for row in rows)
    pdf = tmp_path / "t.pdf"
    weasyprint.HTML(string=(
        f"<html><head><style>{UNRULED_CSS}{RIGHT if amounts == 'right' else ''}</style></head><body>"
        "<p>某某区文化和旅游局2025年部门预算</p>"
        "<p>表2</p><p>2025年部门收入总表</p><p>编制单位：某某区文化和旅游局　　单位：万元</p>"
        f"<table>{head}{body}</table></body></html>")).write_pdf(str(pdf))
    doc = parse(str(pdf))
    table = doc.tables[0]
    assert table.kind == "income" and table.header_unmapped == []
    assert not [i for i in doc.issues if i.code == "ambiguous-column"]
    got = {(f.coords.function_code or f.row, f.coords.source): f.amount for f in doc.facts}
    assert got[("2070102", "total")] == Decimal("120.50")
    assert got[("2070102", "gpb")] == Decimal("100.00")
    assert got[("2070102", "unit_funds")] == Decimal("20.50")
    assert got[("2080505", "gpb")] == Decimal("45.20")
    assert {s for _, s in got} == {"total", "gpb", "unit_funds"}


def test_procurement_quantity_column_is_a_label_not_an_amount(tmp_path):
    """政府采购预算表 printing a 数量 column (whole numbers) among its labels: the template names
    it a label column; read as an amount under no column, it sent the whole table to be read
    by column order (and said so)."""
    rows = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
            ["207", "文化旅游体育与传媒支出", "25.00", "5.00", "20.00"]]
    spend = table_pdf(tmp_path / "a.pdf", "表3", "2025年部门支出总表", rows)
    import weasyprint
    from pypdf import PdfWriter

    body = [["采购项目", "采购品目", "采购方式", "数量", "合计", "财政拨款", "其他资金"],
            ["合计", "", "", "", "25.00", "25.00", ""],
            ["办公设备采购", "台式计算机", "分散采购", "10", "5.00", "5.00", ""],
            ["印刷服务", "印刷服务", "集中采购", "1", "20.00", "20.00", ""]]
    html = "".join("<tr>" + "".join(map(cell, row)) + "</tr>" for row in body)
    buy = tmp_path / "b.pdf"
    weasyprint.HTML(string=(f"<html><head><style>{CSS}</style></head><body><p>表12</p><p>2025年政府采购预算表</p>"
                            f"<p>单位：万元</p><table>{html}</table></body></html>")).write_pdf(str(buy))
    both = PdfWriter()
    for part in (spend, buy):
        both.append(str(part))
    both.write(str(tmp_path / "t.pdf"))
    doc = parse(str(tmp_path / "t.pdf"))
    assert by_order(doc) == []
    bought = sorted((f.column, f.amount) for f in doc.facts if f.coords.table_kind == "procurement")
    assert bought == [("fiscal", Decimal("5.00")), ("fiscal", Decimal("20.00")), ("fiscal", Decimal("25.00")),
                      ("total", Decimal("5.00")), ("total", Decimal("20.00")), ("total", Decimal("25.00"))]


SPENT = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
         ["207", "文化旅游体育与传媒支出", "420.50", "300.00", "120.50"],
         ["2070101", "行政运行", "300.00", "300.00", ""],
         ["2070102", "一般行政管理事务", "120.50", "", "120.50"]]


@pytest.mark.parametrize("title, kind", [
    ("2025年部门支出预算表", "expenditure"),            # 部门收入预算表 | 部门支出预算表 (Shandong's wording)
    ("2025年部门预算支出总表", "expenditure"),
    ("2025年部门收入预算表", "income"),
    ("2025年部门预算收入总表", "income"),
    ("2025年一般公共预算拨款支出预算表", "gpb_expenditure"),
])
def test_table_titles_other_provinces_print(tmp_path, title, kind):
    """Titles of the same tables as other provinces word them: the table is found and read
    (before: not found, its figures lost)."""
    rows = SPENT if kind != "income" else [["科目编码", "科目名称", "合计", "一般公共预算拨款收入"],
                                           ["207", "文化旅游体育与传媒支出", "420.50", "420.50"]]
    doc = parse(table_pdf(tmp_path / "t.pdf", "表3", title, rows))
    assert [t.kind for t in doc.tables] == [kind]
    assert ("207", Decimal("420.50")) in [(f.coords.function_code, f.amount) for f in doc.facts]


def test_unruled_side_by_side_first_name_centred_over_the_header_line(tmp_path):
    """财政拨款收支总表 printed without rules, the first expenditure item's name wrapped and
    centred on its row (文化旅游体育与传媒支 / 420.50 / 出): its first line stands among the
    header's lines. The item names no numbering (一、…), but its first line starts an official
    class name, so it is the row's, not the header's. Before, the row was read as “出”, its
    class lost (表4 207 read 0.00 against 表5's 420.50)."""
    import weasyprint

    rows = [[("收入", 2), ("支出", 5)],
            ["项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"],
            ["一、本年收入", "465.70", "文化旅游体育与传媒支出", "420.50", "420.50", "", ""],
            ["一般公共预算拨款", "465.70", "社会保障和就业支出", "45.20", "45.20", "", ""],
            ["二、上年结转", "", "", "", "", "", ""],
            ["收入总计", "465.70", "支出总计", "465.70", "465.70", "", ""]]
    body = "".join("<tr>" + "".join(map(cell, row)) + "</tr>" for row in rows)
    css = UNRULED_CSS + (" td { vertical-align: middle; width: 4em; } tr td:nth-child(3) { width: 9em; }"
                         " tr td:first-child { width: 8em; }")
    pdf = tmp_path / "t.pdf"
    weasyprint.HTML(string=(
        f"<html><head><style>{css}</style></head><body><p>某某区文化和旅游局2025年部门预算</p>"
        "<p>表4</p><p>2025年财政拨款收支预算总表</p><p>编制单位：某某区文化和旅游局　　单位：万元</p>"
        f"<table>{body}</table></body></html>")).write_pdf(str(pdf))
    doc = parse(str(pdf))
    spent = {(f.coords.function_code, f.column): f.amount for f in doc.facts if f.coords.side == "expenditure"}
    assert spent[("207", "expenditure:total")] == spent[("207", "expenditure:gpb")] == Decimal("420.50")
    assert spent[("208", "expenditure:gpb")] == Decimal("45.20")
    names = [r.name for r in doc.tables[0].rows if r.side == "expenditure"]
    assert "文化旅游体育与传媒支出" in names


@pytest.mark.parametrize("rules", ["none", "across"])
def test_small_side_by_side_table_whose_first_expenditure_item_is_empty(tmp_path, rules):
    """A small unit's 收支总表 printed without rules, or ruled across only (三线表), on a page
    of few amounts: its first line prints the income's amount and, beside it, an expenditure
    class with none (一、一般公共预算拨款收入 50.00 一般公共服务支出). That line is the table's
    first row though it does not end in an amount. Before, it and the next were read as header:
    the income's 50.00 lost its item, and 社会保障和就业支出 was run into the income's label."""
    import weasyprint

    rows = [["收入项目", "预算数", "支出项目", "预算数"],
            ["一、一般公共预算拨款收入", "50.00", "一般公共服务支出", ""],
            ["二、政府性基金预算拨款收入", "", "社会保障和就业支出", "50.00"],
            ["三、国有资本经营预算拨款收入", "", "卫生健康支出", ""],
            ["收入总计", "50.00", "支出总计", "50.00"]]
    body = "".join("<tr>" + "".join(map(cell, row)) + "</tr>" for row in rows)
    css = UNRULED_CSS + (" tr { border-top: 0.5pt solid #000; border-bottom: 0.5pt solid #000; }" if rules == "across" else "")
    pdf = tmp_path / "t.pdf"
    weasyprint.HTML(string=(
        f"<html><head><style>{css}</style></head><body><p>某某区文化馆2025年部门预算</p>"
        "<p>表1</p><p>2025年部门收支总表</p><p>编制单位：某某区文化馆　　单位：万元</p>"
        f"<table>{body}</table></body></html>")).write_pdf(str(pdf))
    doc = parse(str(pdf))
    got = [(f.coords.side, f.coords.source or f.coords.function_code or f.coords.item, f.amount) for f in doc.facts]
    assert sorted(got, key=str) == [("expenditure", "208", Decimal("50.00")), ("expenditure", "total", Decimal("50.00")),
                                    ("income", "gpb", Decimal("50.00")), ("income", "total", Decimal("50.00"))]


CLASSES = ["一般公共服务支出", "外交支出", "国防支出", "公共安全支出", "教育支出", "科学技术支出", "文化旅游体育与传媒支出",
           "社会保障和就业支出", "社会保险基金支出", "卫生健康支出", "节能环保支出", "城乡社区支出", "农林水支出",
           "交通运输支出", "自然资源海洋气象等支出", "住房保障支出", "灾害防治及应急管理支出", "其他支出"]


@pytest.mark.parametrize("rules", ["none", "across"])
def test_unruled_summary_listing_every_class_keeps_empty_classes_apart(tmp_path, rules):
    """A 收支总表 that lists every class, most of them empty (as the Xinjiang and many other
    templates print it), without rules: a class printing no amount is a row of its own, not
    the first line of the next class's name (社会保险基金支出 over 卫生健康支出 22.30 read as one
    name “社会保险基金支出卫生健康支出”, its class lost), and no warning is given for it, as
    each is a whole official name."""
    import weasyprint

    spent = {"文化旅游体育与传媒支出": "420.50", "社会保障和就业支出": "45.20", "卫生健康支出": "22.30",
             "住房保障支出": "30.00"}
    income = ["一、一般公共预算拨款收入", "二、政府性基金预算拨款收入", "三、国有资本经营预算拨款收入", "四、单位资金"]
    rows = [["收入项目", "预算数", "支出项目", "预算数"]]
    for n, name in enumerate(CLASSES):
        label = income[n] if n < len(income) else ""
        rows.append([label, "518.00" if n == 0 else "", name, spent.get(name, "")])
    rows += [["收入总计", "518.00", "支出总计", "518.00"]]
    body = "".join("<tr>" + "".join(map(cell, row)) + "</tr>" for row in rows)
    css = UNRULED_CSS + (" tr { border-top: 0.5pt solid #000; }" if rules == "across" else "")
    pdf = tmp_path / "t.pdf"
    weasyprint.HTML(string=(
        f"<html><head><style>{css}</style></head><body><p>某某区文化和旅游局2025年部门预算</p>"
        "<p>表1</p><p>2025年部门收支总表</p><p>编制单位：某某区文化和旅游局　　单位：万元</p>"
        f"<table>{body}</table></body></html>")).write_pdf(str(pdf))
    doc = parse(str(pdf))
    got = {f.coords.function_code: f.amount for f in doc.facts
           if f.coords.side == "expenditure" and f.coords.function_code not in (None, "total")}
    assert got == {"207": Decimal("420.50"), "208": Decimal("45.20"), "210": Decimal("22.30"), "221": Decimal("30.00")}
    assert [r.name for r in doc.tables[0].rows if r.side == "expenditure"][:len(CLASSES)] == CLASSES
    assert [i.message for i in doc.issues if i.code == "name-line-alone"] == []


def test_side_header_naming_one_side_only_is_left_to_the_order(tmp_path):
    """A header that names only one side (its other words read apart: 收入 | _ | 出 of a
    spaced 支 出) says nothing of where the second side starts: its columns are not all the
    first side's (the expenditure classes were read as income), the table is read by order."""
    rows = [["收入", "", "出", ""], ["目", "预算数", "功能分类", "预算数"]] + SUMMARY_BODY
    doc = parse(table_pdf(tmp_path / "t.pdf", "表1", "2025年部门收支总表", rows))
    sides = {f.coords.function_code: f.coords.side for f in doc.facts if f.coords.function_code}
    assert sides["207"] == sides["221"] == "expenditure"
