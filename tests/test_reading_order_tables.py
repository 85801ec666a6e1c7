"""Text in reading order (pdftotext without -layout, a PDF viewer's copy) of a table printed one
cell a line: row by row, left to right, an empty cell not written at all, a blank line between
cells. The rows are rebuilt (a row opens at its code, or at a name after amounts; its name is the
word lines before its amounts; its amounts run to the next row's opening) and their amounts
placed as those of any row whose empty cells vanished: by the identities, else left undecided.
Each table is written here from a list of rows, so every cell's truth is known."""

from __future__ import annotations

from decimal import Decimal

from budgetlens.pipeline import parse
from budgetlens.render_cells import cell_rows

TOP = ["某某市某某局2025年部门预算", "第二部分 2025年部门预算公开表"]
GPB = ["一般公共预算支出情况表", "编制部门：某某市某某局", "单位：万元",
       "项目", "科目编码", "科目名称", "一般公共预算支出", "合计", "基本支出", "项目支出"]
GPB_COLUMNS = ("合计", "基本支出", "项目支出")

# (code, name, amounts by column; None: the cell is empty and vanishes)
THREE_LEVELS = [
    ("", "合计", ("3,600.00", "1,600.00", "2,000.00")),
    ("201", "一般公共服务支出", ("3,000.00", "1,000.00", "2,000.00")),
    ("20103", "政府办公厅（室）及相关机构事务", ("3,000.00", "1,000.00", "2,000.00")),
    ("2010301", "行政运行", ("1,000.00", "1,000.00", None)),
    ("2010399", "其他政府办公厅（室）及相关机构事务支出", ("2,000.00", None, "2,000.00")),
    ("208", "社会保障和就业支出", ("600.00", "600.00", None)),
    ("20805", "行政事业单位养老支出", ("600.00", "600.00", None)),
    ("2080505", "机关事业单位基本养老保险缴费支出", ("400.00", "400.00", None)),
    ("2080506", "机关事业单位职业年金缴费支出", ("200.00", "200.00", None)),
]


def lines_of(rows, wrap: dict[str, int] | None = None) -> list[str]:
    """The table's cells one a line, in reading order; a name in wrap is cut after so many
    characters (wrapped in its cell: two lines)."""
    out = []
    for code, name, amounts in rows:
        if code:
            out.append(code)
        cut = (wrap or {}).get(name)
        out += [name[:cut], name[cut:]] if cut else [name]
        out += [a for a in amounts if a is not None]
    return out


def read(tmp_path, table: list[str]):
    path = tmp_path / "doc.txt"
    # a blank line between cells, as pdftotext writes them
    path.write_text("\n\n".join(TOP + table) + "\n", encoding="utf-8")
    return parse(str(path))


def truth(rows, columns) -> dict[tuple[str, str, str], Decimal]:
    return {(code, name, col): Decimal(a.replace(",", "")) for code, name, amounts in rows
            for col, a in zip(columns, amounts) if a is not None}


def cells(doc, kind: str) -> dict[tuple[str, str, str], Decimal]:
    got: dict[tuple[str, str, str], Decimal] = {}
    for c in cell_rows(doc):
        if c["kind"] == kind:
            key = (c["code"], c["name"], c["column"])
            assert key not in got, key
            got[key] = Decimal(c["amount"])
    return got


def test_a_three_level_table_one_cell_a_line_is_read_cell_by_cell(tmp_path):
    doc = read(tmp_path, GPB + lines_of(THREE_LEVELS))
    assert cells(doc, "gpb_expenditure") == truth(THREE_LEVELS, GPB_COLUMNS)


def test_a_wrapped_name_joins_its_row(tmp_path):
    wrap = {"其他政府办公厅（室）及相关机构事务支出": 9, "机关事业单位基本养老保险缴费支出": 8}
    doc = read(tmp_path, GPB + lines_of(THREE_LEVELS, wrap))
    assert cells(doc, "gpb_expenditure") == truth(THREE_LEVELS, GPB_COLUMNS)


BASIC = ["一般公共预算基本支出情况表", "编制部门：某某市某某局", "单位：万元",
         "项目", "科目编码", "科目名称", "一般公共预算基本支出", "合计", "人员经费", "公用经费"]
TWO_LEVELS = [
    ("", "合计", ("1,500.00", "1,200.00", "300.00")),
    ("301", "工资福利支出", ("1,200.00", "1,200.00", None)),
    ("30101", "基本工资", ("700.00", "700.00", None)),
    ("30102", "津贴补贴", ("500.00", "500.00", None)),
    ("302", "商品和服务支出", ("300.00", None, "300.00")),
    ("30201", "办公费", ("120.00", None, "120.00")),
    ("30211", "差旅费", ("180.00", None, "180.00")),
]


def test_a_two_level_economic_table_one_cell_a_line(tmp_path):
    doc = read(tmp_path, BASIC + lines_of(TWO_LEVELS))
    assert cells(doc, "basic_expenditure") == truth(TWO_LEVELS, ("合计", "人员经费", "公用经费"))


UNDECIDED = [
    ("", "合计", ("300.00", "100.00", "200.00")),
    ("201", "一般公共服务支出", ("300.00", "100.00", "200.00")),
    ("20103", "政府办公厅（室）及相关机构事务", ("300.00", "100.00", "200.00")),
    ("2010301", "行政运行", ("100.00", "100.00", None)),          # 合计 = 基本 or 合计 = 项目
    ("2010302", "一般行政管理事务", ("200.00", None, "200.00")),
]


def test_an_amount_whose_column_nothing_decides_is_kept_undecided(tmp_path):
    # 100 | 100 under 合计 and one other: the rows' sums (基本 100 + 0, 项目 0 + 200) decide;
    # a lone row of two equal amounts with no sibling to settle it is left open, never guessed
    doc = read(tmp_path, GPB + lines_of(UNDECIDED))
    got = cells(doc, "gpb_expenditure")
    assert got == truth(UNDECIDED, GPB_COLUMNS)
    lone = UNDECIDED[:2] + [("20103", "政府办公厅（室）及相关机构事务", ("100.00", "100.00", None)),
                            ("2010301", "行政运行", ("100.00", "100.00", None))]
    lone[0] = ("", "合计", ("100.00", "100.00", None))
    lone[1] = ("201", "一般公共服务支出", ("100.00", "100.00", None))
    got = cells(read(tmp_path, GPB + lines_of(lone)), "gpb_expenditure")
    assert {col for (_, _, col) in got} == {"合计", "基本支出|项目支出"}, got   # 基本 or 项目: candidates
    assert set(got.values()) == {Decimal("100.00")}


THREE_PUBLIC = ["财政拨款“三公”经费支出情况表", "编制部门：某某市某某局", "单位：万元",
                "“三公”经费支出内容", "合计", "一般公共预算", "政府性基金", "国有资本经营预算"]
THREE_PUBLIC_COLUMNS = ("合计", "一般公共预算", "政府性基金", "国有资本经营预算")
NO_CODES = [
    ("", "合计", ("30.00", "25.00", "5.00", "0.00")),
    ("", "因公出国（境）费", ("5.00", "5.00", "0.00", "0.00")),
    ("", "公务接待费", ("10.00", "5.00", "5.00", "0.00")),
    ("", "公务用车购置及运行费（小计）", ("15.00", "15.00", "0.00", "0.00")),
    ("", "其中：公务用车购置费", ("0.00", "0.00", "0.00", "0.00")),
    ("", "公务用车运行费", ("15.00", "15.00", "0.00", "0.00")),
]


def three_public_cells(doc):
    kind = next(t.kind for t in doc.tables if "三公" in t.title)
    return {(name, col): a for (_, name, col), a in cells(doc, kind).items()}


def test_a_table_without_codes_one_cell_a_line(tmp_path):
    doc = read(tmp_path, THREE_PUBLIC + lines_of(NO_CODES, {"公务用车购置及运行费（小计）": 7}))
    assert three_public_cells(doc) == {(n, c): a for (_, n, c), a in truth(NO_CODES, THREE_PUBLIC_COLUMNS).items()}


def test_a_table_without_codes_with_vanished_cells_leaves_open_what_nothing_decides(tmp_path):
    # 5.00 under 合计 and one source of three: which, nothing tells — kept as candidates
    rows = [("", "合计", ("10.00", "10.00", None, None)), ("", "因公出国（境）费", ("5.00", "5.00", None, None)),
            ("", "公务接待费", ("5.00", "5.00", None, None))]
    got = three_public_cells(read(tmp_path, THREE_PUBLIC + lines_of(rows)))
    assert got[("合计", "合计")] == Decimal("10.00") and got[("公务接待费", "合计")] == Decimal("5.00")
    assert {col for _, col in got} == {"合计", "一般公共预算|政府性基金|国有资本经营预算"}, got


def test_the_rows_keep_their_lines(tmp_path):
    doc = read(tmp_path, GPB + lines_of(THREE_LEVELS))
    row = next(r for t in doc.tables for r in t.rows if r.code == "2010301")
    text = (tmp_path / "doc.txt").read_text(encoding="utf-8").splitlines()
    assert text[row.line - 1] == "2010301"
    assert text[row.line_end - 1] == "1,000.00"


def test_a_row_whose_cells_are_all_empty_keeps_its_name_apart(tmp_path):
    # 公务用车购置及运行费 prints no amount at all: the next line, 其中：…, opens a row of its own
    rows = [("", "合计", ("20.00", "20.00", "0.00", "0.00")),
            ("", "因公出国（境）费", ("5.00", "5.00", "0.00", "0.00")),
            ("", "公务接待费", ("15.00", "15.00", "0.00", "0.00")),
            ("", "公务用车购置及运行费（小计）", (None, None, None, None)),
            ("", "其中：公务用车购置费", ("0.00", "0.00", "0.00", "0.00"))]
    got = three_public_cells(read(tmp_path, THREE_PUBLIC + lines_of(rows)))
    assert got == {(n, c): a for (_, n, c), a in truth(rows, THREE_PUBLIC_COLUMNS).items()}


def _summary(rows):
    from budgetlens.model import Provenance
    from budgetlens.model.tables import PrintedCell, PrintedRow, PrintedTable
    prov = Provenance(file="x.txt", line=1)
    return PrintedTable(index=0, kind="summary", title="收支总表", line=1, line_end=9, provenance=prov, rows=[
        PrintedRow(index=n, side="income", name=name, coords=coords, line=n + 1,
                   cells=[PrintedCell(text=str(a), amount=Decimal(a), provenance=prov) for a in amounts])
        for n, (name, coords, amounts) in enumerate(rows)])


def test_a_summary_side_read_without_its_labels_fixes_no_column_of_another_table():
    """A 收支总表 whose amounts stand in rows without labels (cells one a line, its labels' rows
    read empty) says nothing of its sources: were its empty labelled rows taken as zeros, every
    column of the 收入总表 but one would be "empty" and its amounts placed there, silently."""
    from budgetlens.extract.tables import side_values

    lost = _summary([("", {}, ["553.15"]), ("1.一般公共预算拨款", {"source": "gpb"}, []),
                     ("上级国有资本经营预算安排转移支付", {"source": "state_capital_transfer"}, [])])
    assert side_values(lost, "income", "source") == {}
    read = _summary([("1.一般公共预算拨款", {"source": "gpb"}, ["553.15"]),
                     ("上级国有资本经营预算安排转移支付", {"source": "state_capital_transfer"}, []),
                     ("收入总计", {"item": "total"}, ["553.15"])])
    assert side_values(read, "income", "source") == {"gpb": Decimal("553.15"), "state_capital_transfer": Decimal(0)}
