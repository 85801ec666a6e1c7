"""Side-by-side tables (收支总表, 财政拨款收支总表) written one cell a line in reading order: row
by row (income label, its amounts, expenditure code, name, amounts), or all the income side's
cells before the expenditure side's. Where every label is a known row of one side and no label
has more amounts after it than its side has columns, the rows are rebuilt; otherwise the table
is left as before (amounts in rows without labels, no anchor drawn). Each table is written from
a list of rows, so every cell's truth is known."""

from __future__ import annotations

from decimal import Decimal

from test_reading_order_tables import TOP

from budgetlens.pipeline import parse

SUMMARY = ["部门收支总体情况表", "编制部门：某某市某某局", "单位：万元",
           "收入", "支出", "项目", "预算数", "功能分类", "预算数"]
# (label, amounts; an empty cell vanishes) and (code, name, amounts)
INCOME = [("一、本年收入", ["600.00"]), ("1.一般公共预算拨款", ["500.00"]), ("其中：一般财力", ["500.00"]),
          ("上级一般公共预算安排转移支付", []), ("2.政府性基金预算拨款", ["100.00"]),
          ("其中：政府性基金收入", ["100.00"]), ("3.国有资本经营预算拨款", []), ("二、上年结转结余", []),
          ("收入总计", ["600.00"])]
SPENDING = [("201", "一般公共服务支出", ["450.00"]), ("208", "社会保障和就业支出", ["50.00"]),
            ("212", "城乡社区支出", ["100.00"]), ("221", "住房保障支出", []), ("", "支出总计", ["600.00"])]

FISCAL = ["财政拨款收支预算总体情况表", "编制部门：某某市某某局", "单位：万元",
          "财政拨款收入", "财政拨款支出", "项目", "合计", "功能分类", "合计", "一般公共预算", "政府性基金预算",
          "国有资本经营预算"]
FISCAL_INCOME = [("一、财政拨款（补助）", ["600.00"]), ("一般公共预算", ["500.00"]), ("政府性基金预算", ["100.00"]),
                 ("国有资本经营预算", []), ("收入总计", ["600.00"])]
# (合计, 一般公共预算, 政府性基金预算, 国有资本经营预算): the zero cells vanish
FISCAL_SPENDING = [("201", "一般公共服务支出", ["450.00", "450.00"]),
                   ("208", "社会保障和就业支出", ["50.00", "50.00"]),
                   ("212", "城乡社区支出", ["100.00", "100.00"]),
                   ("", "支出总计", ["600.00", "500.00", "100.00"])]
FISCAL_TRUTH_SPENDING = {"201": {"合计": "450.00", "一般公共预算": "450.00"},
                         "208": {"合计": "50.00", "一般公共预算": "50.00"},
                         "212": {"合计": "100.00", "政府性基金预算": "100.00"},
                         "支出总计": {"合计": "600.00", "一般公共预算": "500.00", "政府性基金预算": "100.00"}}


def income_cells(rows):
    return [cell for label, amounts in rows for cell in [label, *amounts]]


def spending_cells(rows):
    return [cell for code, name, amounts in rows for cell in [*([code] if code else []), name, *amounts]]


def row_by_row(income, spending):
    out = []
    for k in range(max(len(income), len(spending))):
        out += income_cells(income[k:k + 1]) + spending_cells(spending[k:k + 1])
    return out


def side_after_side(income, spending):
    return income_cells(income) + spending_cells(spending)


def read(tmp_path, table: list[str]):
    path = tmp_path / "doc.txt"
    path.write_text("\n\n".join(TOP + table) + "\n", encoding="utf-8")
    return parse(str(path))


def cells(doc, kind):
    """(side, code or name, column label or candidates) → amount, each cell once."""
    got: dict[tuple[str, str, str], Decimal] = {}
    for table in doc.tables:
        if table.kind != kind:
            continue
        labels = {c.key: c.label.rsplit("/", 1)[-1] for c in table.columns}     # (收入/预算数)
        for row in table.rows:
            for c in row.cells:
                column = labels[c.column] if c.column else "|".join(labels[k] for k in c.candidates)
                key = (row.side or "", row.code or row.name, column)
                assert key not in got, key
                got[key] = c.amount
    return got


def summary_truth():
    out = {("income", label, "预算数"): Decimal(a[0]) for label, a in INCOME if a}
    out |= {("expenditure", code or name, "预算数"): Decimal(a[0]) for code, name, a in SPENDING if a}
    return out


def test_a_summary_row_by_row_is_rebuilt(tmp_path):
    doc = read(tmp_path, SUMMARY + row_by_row(INCOME, SPENDING))
    assert cells(doc, "summary") == summary_truth()
    assert "layout-rebuilt" in {i.code for i in doc.issues}


def test_a_summary_side_after_side_is_rebuilt(tmp_path):
    doc = read(tmp_path, SUMMARY + side_after_side(INCOME, SPENDING))
    assert cells(doc, "summary") == summary_truth()


def fiscal_truth():
    out = {("income", label, "合计"): Decimal(a[0]) for label, a in FISCAL_INCOME if a}
    out |= {("expenditure", row, col): Decimal(a) for row, amounts in FISCAL_TRUTH_SPENDING.items()
            for col, a in amounts.items()}
    return out


def test_a_fiscal_summary_whose_income_rows_repeat_its_column_headers(tmp_path):
    # 一般公共预算 is a column's header and an income row: the header's is no row, the row's is
    for order in (row_by_row, side_after_side):
        doc = read(tmp_path, FISCAL + order(FISCAL_INCOME, FISCAL_SPENDING))
        assert cells(doc, "fiscal_summary") == fiscal_truth(), order.__name__


def unplaced(doc, kind):
    table = next(t for t in doc.tables if t.kind == kind)
    return [r for r in table.rows if r.cells and not (r.code or r.name)]


def test_a_label_no_side_knows_leaves_the_table_as_before(tmp_path):
    # 某某专项收入 is no row the template knows on either side: which side its amount is on, the
    # order alone does not tell
    income = INCOME[:3] + [("某某专项收入", ["20.00"])] + INCOME[3:]
    doc = read(tmp_path, SUMMARY + row_by_row(income, SPENDING))
    assert unplaced(doc, "summary")
    assert "layout-lost" in {i.code for i in doc.issues}


def test_more_amounts_than_a_side_has_columns_are_kept_out_of_the_row_above(tmp_path):
    # a label lost (printed as an image, say): its amount runs on after the row above's. (The
    # table was once left unread whole, its amounts in rows without labels; now the amount
    # beyond the side's one column is in no row and said: test_reading_order_side_gaps)
    income = [(label, ["500.00", "500.00"] if label == "1.一般公共预算拨款" else a) for label, a in INCOME
              if label != "其中：一般财力"]
    doc = read(tmp_path, SUMMARY + row_by_row(income, SPENDING))
    table = next(t for t in doc.tables if t.kind == "summary")
    assert [len(r.cells) for r in table.rows if r.name == "1.一般公共预算拨款"] == [1]
    assert [i for i in doc.issues if i.code == "amount-unplaced"]
    assert "layout-lost" in {i.code for i in doc.issues}


def test_codes_and_names_on_one_line_as_a_web_page_copies_them(tmp_path):
    # a browser's copy writes a cell a line, a code and its name in one cell ("201 一般公共服务支出")
    # and keeps the space after an item's number ("1. 一般公共预算拨款"); 一般公共预算 is also a
    # column's header
    spending = [(None, f"{code} {name}" if code else name, amounts) for code, name, amounts in FISCAL_SPENDING]
    income = [(label.replace("1.", "1. "), amounts) for label, amounts in FISCAL_INCOME]
    table = FISCAL + [cell for k in range(max(len(income), len(spending)))
                      for cell in income_cells(income[k:k + 1]) + spending_cells(spending[k:k + 1])]
    assert cells(read(tmp_path, table), "fiscal_summary") == fiscal_truth()
    summary = [(None, f"{code} {name}" if code else name, amounts) for code, name, amounts in SPENDING]
    doc = read(tmp_path, SUMMARY + row_by_row([(label.replace("1.", "1. "), a) for label, a in INCOME], summary))
    assert cells(doc, "summary") == summary_truth()        # (a name is read without the space)
