"""Tables printed without rules as offices print them (a spreadsheet printed without borders,
its columns tight): cells whose words run together, and what must still be read as before."""

from __future__ import annotations

import pytest

from budgetlens.pipeline import parse, read_document

pytest.importorskip("weasyprint")

SIZE = 7.0          # points; CJK characters are as wide, set solid; digits about 0.55 of that


def placed(x: float, y: float, text: str, width: float | None = None, align: str = "right") -> str:
    box = f"width:{width}pt;text-align:{align};" if width else ""
    return f"<div style='position:absolute;left:{x}pt;top:{y}pt;{box}white-space:nowrap'>{text}</div>"


def write_pdf(path, parts: list[str], landscape: bool = False) -> str:
    import weasyprint

    size = "A4 landscape" if landscape else "A4"
    css = f"@page{{size:{size};margin:0}} body{{font-family:'Noto Sans CJK SC';font-size:{SIZE}pt;margin:0}}"
    weasyprint.HTML(string=f"<html><head><style>{css}</style></head><body>{''.join(parts)}</body></html>") \
        .write_pdf(str(path))
    return str(path)


def facts_of(doc) -> set[tuple]:
    return {(f.coords.item or f.coords.function_code, f.column, str(f.amount)) for f in doc.facts if not f.alternatives}


# ---- header cells run together where a CJK cell meets a cell opening with digits ---------------

THREE_PUBLIC = [("合计", "25.00"), ("因公出国（境）费", "0.00"), ("公务接待费", "8.00"),
                ("公务用车购置及运行费", "17.00"), ("其中：公务用车购置费", "0.00"), ("公务用车运行费", "17.00")]


def three_public_pdf(path, gap: float) -> str:
    """A 三公 table by item (项目 | 2024年预算数 | 2025年预算数) of a unit with no 三公 budget last
    year: last year's column printed empty throughout. The year columns are as wide as their
    header (4 digits and 4 CJK characters), `gap` points apart; amounts right-aligned."""
    width = 4 * 0.554 * SIZE + 4 * SIZE          # 2024年预算数 as Noto Sans CJK sets it
    lefts = [150, 150 + width + gap]
    out = [placed(20, 10, "某某区文化和旅游局2025年部门预算"), placed(20, 40, "表10 2025年“三公”经费支出预算表"),
           placed(20, 55, "编制单位：某某区文化和旅游局"), placed(300, 55, "单位：万元"), placed(20, 80, "项目"),
           placed(lefts[0], 80, "2024年预算数"), placed(lefts[1], 80, "2025年预算数")]
    for n, (name, amount) in enumerate(THREE_PUBLIC):
        out += [placed(20, 96 + 14 * n, name), placed(lefts[1], 96 + 14 * n, amount, width=width)]
    # a note under the table: a word processor's small space between CJK text and digits
    out += [placed(20, 190, "注：本单位"), placed(20 + 5 * SIZE + 0.2 * SIZE, 190, "2024年无“三公”经费预算。")]
    return write_pdf(path, out, landscape=True)


def test_year_header_run_into_the_cell_before_is_read_apart(tmp_path):
    # 2.6 points apart (less than the 3 points words are parted at): read "2024年预算数2025年预算数"
    # before, one word naming no column, and every amount was left open between the two years
    doc = parse(three_public_pdf(tmp_path / "years.pdf", gap=2.6))
    lines = [ln.text for ln in read_document(tmp_path / "years.pdf").lines]
    assert "项目 2024年预算数 2025年预算数" in lines
    assert not [i for i in doc.issues if i.code == "ambiguous-column"]
    assert {(item, "total", amount) for item, amount in
            [("total", "25.00"), ("abroad", "0.00"), ("reception", "8.00"), ("vehicle", "17.00"),
             ("vehicle_purchase", "0.00"), ("vehicle_operation", "17.00")]} <= facts_of(doc)


def test_word_processor_space_before_digits_parts_nothing(tmp_path):
    # a space as small as Word's between CJK text and digits (a fifth of a character) is no cell's edge
    lines = [ln.text for ln in read_document(three_public_pdf(tmp_path / "years.pdf", gap=2.6)).lines]
    assert "注：本单位2024年无“三公”经费预算。" in lines


# ---- side-by-side tables: a row without amounts whose name wraps over lines of its own ---------

SUMMARY = [("一、一般公共预算拨款收入", "1,200.00", "一、一般公共服务支出", "800.00"),
           ("二、政府性基金预算拨款收入", "", "二、教育支出", "150.00"),
           ("三、国有资本经营预算拨款收入", "", "三、卫生健康支出", "250.00"),
           ("四、单位资金收入", "", "四、农林水支出", ""),
           ("本年收入合计", "1,200.00", "本年支出合计", "1,200.00"),
           ("上年结转结余", "", "结转下年", ""),
           ("收入总计", "1,200.00", "支出总计", "1,200.00")]


def summary_rows(path, rows: list[tuple], align: str, label: int = 50) -> tuple[list[tuple], list[str]]:
    """A 收支总表 without rules, label columns `label` points wide at 9 points (at 50, a name of
    more than four characters wraps), cells aligned so: each row read (side, name, amounts) and
    the codes of the issues."""
    from test_pdf_unruled import SUMMARY_HEADER
    from test_pdf_unruled import write_pdf as table_pdf

    table_pdf(path, "部门收支总体情况表", SUMMARY_HEADER, rows, align, [label, 50, label, 50])
    doc = parse(path)
    read = [(r.side, r.name, [str(c.amount) for c in r.cells]) for r in doc.tables[0].rows]
    return read, [i.code for i in doc.issues]


def printed_sides(rows: list[tuple]) -> list[tuple]:
    out = []
    for side, at in (("income", 0), ("expenditure", 2)):
        out += [(side, row[at], [row[at + 1].replace(",", "")] if row[at + 1] else []) for row in rows if row[at]]
    return out


@pytest.mark.parametrize("align", ["top", "middle", "bottom"])
def test_a_wrapped_name_without_amounts_is_one_row(tmp_path, align):
    # before: 二、政府 / 性基金预 / 算拨款收 / 入 were four rows, three said as lines alone
    read, codes = summary_rows(tmp_path / "summary.pdf", SUMMARY, align)
    assert read == printed_sides(SUMMARY)
    assert "name-line-alone" not in codes


def test_short_lines_without_amounts_stay_rows_of_their_own(tmp_path):
    # a line that does not fill its cell ends its name: the line under it is another row's
    # (label columns 70 points wide: 上年结转 fills half its cell)
    rows = [("财政拨款", "1,200.00", "教育支出", "1,200.00"),
            ("上年结转", "", "结转下年", ""),
            ("上年结余", "", "", ""),
            ("本年收入合计", "1,200.00", "本年支出合计", "1,200.00")]
    read, _ = summary_rows(tmp_path / "summary.pdf", rows, "top", label=70)
    assert [name for side, name, _ in read if side == "income"] == ["财政拨款", "上年结转", "上年结余", "本年收入合计"]


# ---- a small table without rules: its few amounts read by their places -----------------------

def test_small_table_without_rules_is_read_by_place(tmp_path):
    # a 三公 table printing five amounts (fewer than the six a page read by place needed): read
    # in the file's drawing order before, its amounts were left open between the two years
    lefts = [150, 210]
    out = [placed(20, 40, "表10 2025年“三公”经费支出预算表"), placed(300, 55, "单位：万元"), placed(20, 80, "项目"),
           placed(lefts[0], 80, "2024年预算数"), placed(lefts[1], 80, "2025年预算数")]
    for n, (name, amount) in enumerate([("合计", "25.00"), ("因公出国（境）费", ""), ("公务接待费", "8.00"),
                                        ("公务用车购置及运行费", "17.00"), ("其中：公务用车购置费", ""),
                                        ("公务用车运行费", "17.00")]):
        out.append(placed(20, 96 + 14 * n, name))
        if amount:
            out.append(placed(lefts[1], 96 + 14 * n, amount, width=45))
    doc = parse(write_pdf(tmp_path / "small.pdf", out, landscape=True))
    assert not [i for i in doc.issues if i.code == "ambiguous-column"]
    assert {("total", "total", "25.00"), ("reception", "total", "8.00"), ("vehicle", "total", "17.00"),
            ("vehicle_operation", "total", "17.00")} <= facts_of(doc)


def test_a_page_of_sentences_with_two_figures_stays_text(tmp_path):
    # no table's title on it: a page of sentences is read as its text runs, not by place
    out = [placed(20, 40, "二、收支预算情况说明"), placed(20, 60, "本年收入合计 1,200.00，本年支出合计 1,200.00。")]
    lines = read_document(write_pdf(tmp_path / "text.pdf", out)).lines
    assert all(ln.word_boxes is None for ln in lines)


# ---- side-by-side tables: the first row's name lines above its amounts are no header ---------

FIRST_WRAPPED = [("一般公共预算拨款收入", "1,200.00", "一般公共服务支出", "1,000.00"),
                 ("上年结转", "", "教育支出", "200.00"),
                 ("收入总计", "1,200.00", "支出总计", "1,200.00")]


@pytest.mark.parametrize("align", ["top", "middle", "bottom"])
def test_first_row_names_wrapped_above_its_amounts_are_its_own(tmp_path, align):
    # centred or aligned to the bottom, the first row's first lines (一般公共预算 一般公共服务, a
    # word a side) stand above its amounts: read as the header's last line before, the row was
    # read 拨款收入 and 支出 (or 一般公共服务 went to the income side)
    path = tmp_path / "summary.pdf"
    read, codes = summary_rows(path, FIRST_WRAPPED, align, label=70)
    assert read == printed_sides(FIRST_WRAPPED)
    assert "header-unmapped" not in codes
    assert [h.cells for h in parse(path).tables[0].header] == [["收入", "支出"], ["项目", "预算数", "功能分类", "预算数"]]


# ---- a header's heads set otherwise than the sub-headers under them ---------------------------

def basic_pdf(path, head: str, sub: str, public: list[str]) -> str:
    """A 基本支出表 without rules whose 人员经费 heads 小计 | 工资福利支出 | 对个人和家庭的补助
    and 公用经费 heads `public` (sub-columns the template has not): the heads set `head` in
    their merged cells, the sub-headers `sub` in theirs (a sheet's cells aligned one by one)."""
    width = 70
    subs = ["合计", "小计", "工资福利支出", "对个人和家庭的补助", *public]
    lefts = [200 + k * width for k in range(len(subs))]

    def cell(x, y, text, span=1, how="center"):
        return (f"<div style='position:absolute;left:{x}pt;top:{y}pt;width:{span * width - 4}pt;"
                f"text-align:{how};white-space:nowrap'>{text}</div>")

    out = [placed(20, 40, "表6 2025年一般公共预算基本支出表"), placed(560, 55, "单位：万元"),
           placed(20, 80, "科目编码"), placed(70, 80, "科目名称"),
           cell(lefts[1], 72, "人员经费", 3, head), cell(lefts[4], 72, "公用经费", len(public), head)]
    out += [cell(x, 80 if k == 0 else 88, text, 1, sub) for k, (x, text) in enumerate(zip(lefts, subs))]
    rows = [("", "合计", ["397.50", "354.50", "347.50", "7.00", "43.00", "43.00"]),
            ("301", "工资福利支出", ["347.50", "347.50", "347.50", "", "", ""]),
            ("30101", "基本工资", ["150.00", "150.00", "150.00", "", "", ""]),
            ("30102", "津贴补贴", ["197.50", "197.50", "197.50", "", "", ""]),
            ("302", "商品和服务支出", ["43.00", "", "", "", "43.00", "43.00"]),
            ("30201", "办公费", ["43.00", "", "", "", "43.00", "43.00"]),
            ("303", "对个人和家庭的补助", ["7.00", "7.00", "", "7.00", "", ""]),
            ("30305", "生活补助", ["7.00", "7.00", "", "7.00", "", ""])]
    for n, (code, name, amounts) in enumerate(rows):
        y = 104 + 14 * n
        out += [placed(20, y, code), placed(70, y, name)]
        out += [placed(x, y, a, width=width - 4) for x, a in zip(lefts, amounts) if a]
    return write_pdf(path, out, landscape=True)


BASIC_READ = {("合计", "total", "397.50"), ("合计", "personnel", "354.50"), ("合计", "public", "43.00"),
              ("301", "total", "347.50"), ("301", "personnel", "347.50"),
              ("30101", "total", "150.00"), ("30101", "personnel", "150.00"),
              ("30102", "total", "197.50"), ("30102", "personnel", "197.50"),
              ("302", "total", "43.00"), ("302", "public", "43.00"),
              ("30201", "total", "43.00"), ("30201", "public", "43.00"),
              ("303", "total", "7.00"), ("303", "personnel", "7.00"),
              ("30305", "total", "7.00"), ("30305", "personnel", "7.00")}


def basic_read(doc) -> set[tuple]:
    return {(f.coords.economic_code or f.coords.label, f.column, str(f.amount)) for f in doc.facts if not f.alternatives}


@pytest.mark.parametrize("head, sub", [("left", "center"), ("right", "center"), ("center", "left")])
def test_heads_set_otherwise_than_their_sub_headers(tmp_path, head, sub):
    # 人员经费 set left over sub-headers centred stood outside its run's words: no head was
    # found for 小计 | 工资福利支出 | 对个人和家庭的补助, and every amount was left open
    doc = parse(basic_pdf(tmp_path / "basic.pdf", head, sub, ["小计", "商品和服务支出"]))
    assert not [i for i in doc.issues if i.code in ("ambiguous-column", "extra-cell")]
    assert basic_read(doc) == BASIC_READ


def test_heads_set_left_split_their_runs_where_they_start(tmp_path):
    # three sub-columns under 人员经费, three under 公用经费 (the last empty throughout): each
    # head takes the run from the cell it starts over, not an even share
    doc = parse(basic_pdf(tmp_path / "basic.pdf", "left", "center", ["小计", "商品和服务支出", "资本性支出"]))
    assert basic_read(doc) == BASIC_READ
    said = [i.message for i in doc.issues if i.code == "column-not-in-template"]
    assert any("人员经费/对个人和家庭的补助" in m for m in said)


# ---- coded rows: a function name centred over many lines of a narrow cell ---------------------

EXPENDITURE_HEADER = "<tr><th>科目编码</th><th>科目名称</th><th>合计</th><th>基本支出</th><th>项目支出</th></tr>"
EXPENDITURE = [("", "合计", "640.00", "300.00", "340.00"),
               ("207", "文化旅游体育与传媒支出", "640.00", "300.00", "340.00"),           # four lines
               ("20701", "文化和旅游", "640.00", "300.00", "340.00"),                   # two
               ("2070101", "行政运行", "300.00", "300.00", ""),                        # two
               ("2070112", "文化和旅游市场管理", "40.00", "", "40.00"),                  # three
               ("2070117", "文化和旅游监管执法事务及综合行政执法支出", "100.00", "", "100.00"),  # seven
               ("2070199", "其他文化和旅游支出", "200.00", "", "200.00")]               # three


def expenditure_rows(path, align: str, css: str = "") -> list[tuple]:
    from test_pdf_unruled import write_pdf as table_pdf

    table_pdf(path, "2025年部门支出预算总表", EXPENDITURE_HEADER, EXPENDITURE, align, [50, 40, 60, 60, 60], css)
    return [(r.code, r.name, [str(c.amount) for c in r.cells]) for r in parse(path).tables[0].rows]


EXPENDITURE_READ = [(code, name, [a for a in amounts if a]) for code, name, *amounts in EXPENDITURE]


def test_names_centred_over_many_lines_join_their_rows(tmp_path):
    # names three characters a line, centred on their rows set close (no padding; codes the
    # code list does not know): the outer lines of a name over four lines or more stand nearer
    # another row's line than their own, and were rows of their own (文化旅, 支出), the name cut
    assert expenditure_rows(tmp_path / "t.pdf", "middle", "td, th { padding: 0 4pt; }") == EXPENDITURE_READ


@pytest.mark.parametrize("align", ["top", "middle", "bottom"])
def test_padded_rows_keep_their_names_however_aligned(tmp_path, align):
    # rows 2 points apart, a cell's lines set close: each run of close lines is one row. Aligned
    # to the top or the bottom, codes unknown to the code list gave no sign of the alignment:
    # read as centred, names were cut and given to their neighbours (支出文化和旅游), in silence
    assert expenditure_rows(tmp_path / "t.pdf", align) == EXPENDITURE_READ


# ---- side-by-side tables: header words wrapped in narrow columns ------------------------------

FISCAL = [("一、本年收入", "1,500.00", "一、本年支出", "1,500.00", "1,200.00", "300.00", ""),
          ("（一）一般公共预算拨款", "1,200.00", "（一）教育支出", "900.00", "900.00", "", ""),
          ("（二）政府性基金预算拨款", "300.00", "（二）城乡社区支出", "300.00", "", "300.00", ""),
          ("二、上年结转", "", "（三）住房保障支出", "300.00", "300.00", "", ""),
          ("收入总计", "1,500.00", "支出总计", "1,500.00", "1,200.00", "300.00", "")]
FISCAL_KEYS = ["income:amount", "expenditure:total", "expenditure:gpb", "expenditure:gov_fund", "expenditure:state_capital"]


def fiscal_read(path, header: str, align: str) -> tuple[set[tuple], list[str]]:
    from test_pdf_unruled import write_pdf as table_pdf

    table_pdf(path, "财政拨款收支总体情况表", header, FISCAL, align, [60, 45, 60, 45, 45, 45, 45])
    doc = parse(path)
    read = {(r.name, c.column, str(c.amount)) for r in doc.tables[0].rows for c in r.cells}
    return read, [i.code for i in doc.issues]


def fiscal_printed() -> set[tuple]:
    out = set()
    for income, amount, expenditure, *amounts in FISCAL:
        out |= {(income, FISCAL_KEYS[0], amount.replace(",", ""))} if amount else set()
        out |= {(expenditure, key, a.replace(",", "")) for key, a in zip(FISCAL_KEYS[1:], amounts) if a}
    return out


@pytest.mark.parametrize("align", ["top", "middle", "bottom"])
def test_side_header_words_wrapped_in_narrow_columns(tmp_path, align):
    # 一般公共 / 预算, 政府性基 / 金预算 … (45-point columns at 9 points): the header's words named
    # no column, and every expenditure row printing two amounts of four was left open
    header = ("<tr><th colspan=2>收入</th><th colspan=5>支出</th></tr><tr><th>项目</th><th>合计</th><th>项目</th>"
              "<th>合计</th><th>一般公共预算</th><th>政府性基金预算</th><th>国有资本经营预算</th></tr>")
    read, codes = fiscal_read(tmp_path / "fiscal.pdf", header, align)
    assert read == fiscal_printed()
    assert "ambiguous-column" not in codes and "header-unmapped" not in codes


def test_side_header_with_a_group_word_places_nothing_wrong(tmp_path):
    # 财政拨款 set over the budget types stands over 一般公共 as a wrapped word's first line
    # would: read as one word (财政拨款一般公共) it names no column, and the header is read as
    # before (what it cannot place is said, never placed by the group's word)
    header = ("<tr><th colspan=2>收入</th><th colspan=5>支出</th></tr><tr><th rowspan=2>项目</th><th rowspan=2>合计</th>"
              "<th rowspan=2>项目</th><th rowspan=2>合计</th><th colspan=3>财政拨款</th></tr>"
              "<tr><th>一般公共</th><th>政府性基</th><th>国有资本</th></tr>")
    read, _ = fiscal_read(tmp_path / "group.pdf", header, "top")
    printed = fiscal_printed()
    assert all(cell in printed or cell[1] is None for cell in read)


# ---- a cell of one CJK character run into the cell before it ----------------------------------

def purchases_pdf(path, gap: float) -> str:
    """A 政府采购预算表 without rules: 采购项目 (ten characters wide) | 单位 (a character) |
    数量 | 合计 | 财政拨款 | 其他资金, the unit `gap` points after its item's name."""
    x_unit = 20 + 10 * SIZE + gap
    lefts = [x_unit + 48, x_unit + 98, x_unit + 148]
    out = [placed(20, 20, "某某局2025年部门预算收入支出公开"), placed(20, 40, "表12 2025年政府采购预算表"), placed(300, 55, "单位：万元"),
           placed(20, 80, "采购项目"), placed(x_unit, 80, "单位"), placed(x_unit + 18, 80, "数量")]
    out += [placed(x, 80, h, width=45) for x, h in zip(lefts, ["合计", "财政拨款", "其他资金"])]
    for n, (name, unit, count, *amounts) in enumerate(PURCHASES):
        y = 96 + 14 * n
        out += [placed(20, y, name)] + ([placed(x_unit, y, unit), placed(x_unit + 18, y, count)] if unit else [])
        out += [placed(x, y, a, width=45) for x, a in zip(lefts, amounts) if a]
    return write_pdf(path, out)


PURCHASES = [("合计", "", "", "38.00", "30.00", "8.00"),
             ("台式计算机采购项目", "台", "10", "5.00", "5.00", ""),
             ("多功能一体机采购项目", "台", "2", "3.00", "", "3.00"),
             ("物业管理服务采购项目", "项", "1", "30.00", "25.00", "5.00")]


def test_a_one_character_cell_after_a_name_is_read_apart(tmp_path):
    # the unit 2.6 points after a name filling its cell read 多功能一体机采购项目台: the item's
    # name took the unit, and the unit's cell was empty
    doc = parse(purchases_pdf(tmp_path / "purchases.pdf", gap=2.6))
    rows = [(r.name, r.raw_label) for r in doc.tables[0].rows]
    assert rows == [("合计", "合计")] + [(name, f"{name} | {unit} | {count}") for name, unit, count, *_ in PURCHASES[1:]]


@pytest.mark.parametrize("runs, read", [
    ([("采购项目", 0, 0), ("台", 38.5, 0)], "采购项目 台"),
    # a word of two, then one character apart: a word spread across its cell may end so (合计 数)
    ([("合计", 0, 0), ("数", 20.5, 0)], "合计数"),
    # one character apart before the rest: a spread word's first (合 计 run into 基本支出)
    ([("合", 0, 0), ("计基本支出", 11.5, 0)], "合计基本支出"),
])
def test_one_character_apart_is_a_cell_only_after_a_long_run(runs, read):
    from test_pdfwords_probe33 import line_chars

    from budgetlens.readers.pdfium_page import parted_cells

    chars = line_chars(runs)
    assert parted_cells("".join(c["text"] for c in chars), chars) == read


# ---- the national 三公 form (one row of amounts, no label column) on a page without rules ------

def test_three_public_row_without_labels_placed_by_its_header_words(tmp_path):
    # a 政府性基金 table and the 三公 table on one page; the 三公 row prints 4 amounts of 6
    # columns (no 因公出国 nor 购置费): the header names every column but opens with no label
    # header, and was not read for places: 8.00 under 公务用车运行费 was left open
    def cell(x, y, text, width=60):
        return (f"<div style='position:absolute;left:{x}pt;top:{y}pt;width:{width}pt;text-align:center;"
                f"white-space:nowrap'>{text}</div>")

    heads = ["合计", "因公出国（境）费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行费", "公务接待费"]
    lefts = [20 + 80 * k for k in range(6)]
    out = [placed(20, 20, "某某中心2025年部门预算"), placed(20, 40, "表8 2025年政府性基金预算支出表"),
           placed(20, 60, "科目编码"), placed(80, 60, "科目名称"), cell(260, 60, "合计"), cell(330, 60, "基本支出"),
           cell(400, 60, "项目支出"), placed(20, 76, "合计"), placed(20, 90, "2120801"), placed(80, 90, "征地和拆迁补偿支出")]
    out += [placed(260, y, "50.00", width=60) for y in (76, 90)] + [placed(400, y, "50.00", width=60) for y in (76, 90)]
    out += [placed(20, 130, "表10 2025年“三公”经费支出预算表"), placed(400, 145, "单位：万元")]
    out += [cell(x, 165, h, 76) for x, h in zip(lefts, heads)]
    out += [placed(x, 181, a, width=76) for x, a in zip(lefts, ["12.00", "", "8.00", "", "8.00", "4.00"]) if a]
    doc = parse(write_pdf(tmp_path / "two.pdf", out, landscape=True))
    assert not [i for i in doc.issues if i.code == "ambiguous-column"]
    three = next(t for t in doc.tables if "三公" in t.title)
    assert [(str(c.amount), c.column) for r in three.rows for c in r.cells] == [
        ("12.00", "total"), ("8.00", "vehicle"), ("8.00", "vehicle_operation"), ("4.00", "reception")]


def test_three_public_row_as_text_is_left_to_the_sums(tmp_path):
    # as plain text (no places) the row's second 8.00 may be 购置费's or 运行费's: said, not placed
    path = tmp_path / "three.txt"
    path.write_text("某某中心2025年部门预算\n2025年“三公”经费支出预算表\n单位：万元\n"
                    "合计 因公出国（境）费 公务用车购置及运行费 公务用车购置费 公务用车运行费 公务接待费\n"
                    "12.00 8.00 8.00 4.00\n", encoding="utf-8")
    doc = parse(str(path))
    assert [(str(c.amount), c.column) for r in doc.tables[0].rows for c in r.cells] == [
        ("12.00", "total"), ("8.00", "vehicle"), ("8.00", None), ("4.00", "reception")]
    assert [i for i in doc.issues if i.code == "ambiguous-column"]


def test_a_table_going_on_with_a_row_or_two_is_read_by_place(tmp_path):
    # the last row of a 支出总表 without rules alone on the next page, no header repeated: two
    # amounts, read in drawing order before, its 300.00 under 项目支出 was left open
    import weasyprint

    def page(rows, y0, header):
        out = [placed(20, 10, "某某中心2025年部门预算"), placed(20, 25, "表3 2025年部门支出总表"),
               placed(400, 25, "单位：万元"), placed(20, y0, "科目编码"), placed(80, y0, "科目名称")] if header else []
        out += [placed(x, y0, h, width=60) for x, h in zip((260, 330, 400), ("合计", "基本支出", "项目支出")) if header]
        for n, (code, name, *amounts) in enumerate(rows):
            y = y0 + 16 + 14 * n
            out += [placed(20, y, code), placed(80, y, name)]
            out += [placed(x, y, a, width=60) for x, a in zip((260, 330, 400), amounts) if a]
        return "".join(out)

    first = [("", "合计", "700.00", "400.00", "300.00"), ("207", "文化旅游体育与传媒支出", "700.00", "400.00", "300.00"),
             *[(f"20701{k:02d}", f"事务{k}", "50.00", "50.00", "") for k in range(1, 9)]]
    body = (f"<div style='position:relative;height:780pt'>{page(first, 40, True)}</div>"
            f"<div style='page-break-before:always;position:relative;height:400pt'>"
            f"{page([('2070199', '其他文化和旅游支出', '300.00', '', '300.00')], 20, False)}</div>")
    css = f"@page{{size:A4;margin:0}} body{{font-family:'Noto Sans CJK SC';font-size:{SIZE}pt;margin:0}}"
    path = tmp_path / "two_pages.pdf"
    weasyprint.HTML(string=f"<html><head><style>{css}</style></head><body>{body}</body></html>").write_pdf(str(path))
    doc = parse(str(path))
    last = doc.tables[0].rows[-1]
    assert (last.code, [(str(c.amount), c.column) for c in last.cells]) == \
        ("2070199", [("300.00", "total"), ("300.00", "project")])
    assert not [i for i in doc.issues if i.code == "ambiguous-column"]
