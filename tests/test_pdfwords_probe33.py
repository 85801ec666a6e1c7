"""Tables printed without rules (a spreadsheet printed without borders) whose columns are
tight: the words of neighbouring cells stand closer than the gap that parts words, and are
read apart where the characters' places say two cells meet."""

from __future__ import annotations

import pytest

from budgetlens.pipeline import parse

pytest.importorskip("weasyprint")

SIZE = 7.0          # points; CJK characters are as wide, set solid


def placed(x: float, y: float, text: str, width: float | None = None) -> str:
    align = f"width:{width}pt;text-align:right;" if width else ""
    return f"<div style='position:absolute;left:{x}pt;top:{y}pt;{align}white-space:nowrap'>{text}</div>"


def income_pdf(path, gap: float, second_page: bool = False) -> str:
    """A 收入总表 as Excel prints it without borders: four source columns six characters
    wide, their two-line headers `gap` points apart, amounts right-aligned under them
    (second_page: after a page of text)."""
    import weasyprint

    heads = [("一般公共预算", "拨款收入"), ("政府性基金预", "算拨款收入"), ("国有资本经营", "预算拨款收入"),
             ("财政专户管理", "资金收入")]
    lefts = [230 + k * (6 * SIZE + gap) for k in range(len(heads))]
    out = [placed(20, 10, "某某区文化和旅游局2025年部门预算"), placed(20, 25, "表2"), placed(20, 40, "2025年部门收入总表"),
           placed(20, 55, "编制单位：某某区文化和旅游局"), placed(460, 55, "单位：万元"),
           placed(20, 80, "科目编码"), placed(70, 80, "科目名称"), placed(190, 80, "合计")]
    for x, (top, bottom) in zip(lefts, heads):
        out += [placed(x, 72, top), placed(x, 88, bottom)]
    rows = [("", "合计", "518.00", ["518.00", "", "", ""]),
            ("207", "文化旅游体育与传媒支出", "420.50", ["420.50", "", "", ""]),
            ("2070101", "行政运行", "300.00", ["300.00", "", "", ""]),
            ("2070102", "一般行政管理事务", "120.50", ["100.00", "", "", "20.50"]),
            ("208", "社会保障和就业支出", "97.50", ["97.50", "", "", ""]),
            ("2080505", "机关事业单位基本养老保险缴费支出", "97.50", ["97.50", "", "", ""])]
    for n, (code, name, total, amounts) in enumerate(rows):
        y = 104 + 14 * n
        out += [placed(20, y, code), placed(70, y, name), placed(180, y, total, width=42)]
        out += [placed(x, y, a, width=6 * SIZE) for x, a in zip(lefts, amounts) if a]
    body = "".join(out)
    if second_page:
        body = (f"<p>某某区文化和旅游局2025年部门预算</p><p>第一部分 部门概况</p>"
                f"<div style='page-break-before:always;position:relative;height:400pt'>{body}</div>")
    css = f"@page{{size:A4 landscape;margin:0}} body{{font-family:'Noto Sans CJK SC';font-size:{SIZE}pt;margin:0}}"
    weasyprint.HTML(string=f"<html><head><style>{css}</style></head><body>{body}</body></html>").write_pdf(str(path))
    return str(path)


def test_header_words_of_tight_cells_are_read_apart(tmp_path):
    doc = parse(income_pdf(tmp_path / "tight.pdf", gap=2.5))
    assert not [i for i in doc.issues if i.code in ("ambiguous-column", "header-unmapped")]
    got = {(f.coords.function_code, f.column, str(f.amount)) for f in doc.facts if not f.alternatives}
    assert {("2070102", "gpb", "100.00"), ("2070102", "special_account", "20.50"),
            ("2070102", "total", "120.50"), ("2080505", "gpb", "97.50")} <= got


def test_names_set_solid_stay_whole(tmp_path):
    # the gap parts cells only: a name's characters, set solid, are not cut
    from budgetlens.pipeline import read_document

    lines = [line.text for line in read_document(income_pdf(tmp_path / "tight.pdf", gap=2.5)).lines]
    assert "一般公共预算 政府性基金预 国有资本经营 财政专户管理" in lines
    assert "2080505 机关事业单位基本养老保险缴费支出 97.50 97.50" in lines


def test_wrapped_header_on_a_later_page(tmp_path):
    # the header's spans are kept per page: a table on page 2 was read with page 1's (and failed)
    doc = parse(income_pdf(tmp_path / "later.pdf", gap=2.5, second_page=True))
    got = {(f.coords.function_code, f.column, str(f.amount)) for f in doc.facts if not f.alternatives}
    assert {("2070102", "gpb", "100.00"), ("2070102", "special_account", "20.50")} <= got


def basic_pdf(path, align: str) -> str:
    """A 基本支出表 without rules whose 人员经费 and 公用经费 each head three sub-columns the
    template has not (小计 | 工资福利支出 | 对个人和家庭的补助), the header's words `align`ed
    in their cells (centred, or set left as a sheet's text is)."""
    import weasyprint

    width = 70
    lefts = [200 + k * width for k in range(7)]
    subs = ["合计", "小计", "工资福利支出", "对个人和家庭的补助", "小计", "商品和服务支出", "资本性支出"]

    def cell(x, y, text, span=1, how="center"):
        return (f"<div style='position:absolute;left:{x}pt;top:{y}pt;width:{span * width - 4}pt;"
                f"text-align:{how};white-space:nowrap'>{text}</div>")

    out = [placed(20, 10, "某某区文化和旅游局2025年部门预算"), placed(20, 25, "表6"), placed(20, 40, "2025年一般公共预算基本支出表"),
           placed(20, 55, "编制单位：某某区文化和旅游局"), placed(560, 55, "单位：万元"),
           placed(20, 80, "科目编码"), placed(70, 80, "科目名称"),
           cell(lefts[1], 72, "人员经费", 3, align), cell(lefts[4], 72, "公用经费", 3, align)]
    out += [cell(x, 80 if k == 0 else 88, text, 1, align) for k, (x, text) in enumerate(zip(lefts, subs))]
    rows = [("", "合计", ["397.50", "354.50", "347.50", "7.00", "43.00", "43.00", ""]),
            ("301", "工资福利支出", ["347.50", "347.50", "347.50", "", "", "", ""]),
            ("30101", "基本工资", ["150.00", "150.00", "150.00", "", "", "", ""]),
            ("30102", "津贴补贴", ["197.50", "197.50", "197.50", "", "", "", ""]),
            ("302", "商品和服务支出", ["43.00", "", "", "", "43.00", "43.00", ""]),
            ("30201", "办公费", ["43.00", "", "", "", "43.00", "43.00", ""]),
            ("303", "对个人和家庭的补助", ["7.00", "7.00", "", "7.00", "", "", ""]),
            ("30305", "生活补助", ["7.00", "7.00", "", "7.00", "", "", ""])]
    for n, (code, name, amounts) in enumerate(rows):
        y = 104 + 14 * n
        out += [placed(20, y, code), placed(70, y, name)]
        out += [placed(x, y, a, width=width - 4) for x, a in zip(lefts, amounts) if a]
    css = f"@page{{size:A4 landscape;margin:0}} body{{font-family:'Noto Sans CJK SC';font-size:{SIZE}pt;margin:0}}"
    weasyprint.HTML(string=f"<html><head><style>{css}</style></head><body>{''.join(out)}</body></html>").write_pdf(str(path))
    return str(path)


@pytest.mark.parametrize("align", ["center", "left"])
def test_sub_columns_under_a_column_header(tmp_path, align):
    # 人员经费's amounts are its 小计's; 工资福利支出 and the others are no template column
    doc = parse(basic_pdf(tmp_path / "basic.pdf", align))
    assert not [i for i in doc.issues if i.code in ("ambiguous-column", "extra-cell")]
    got = {(f.coords.economic_code or f.coords.label, f.column, str(f.amount)) for f in doc.facts if not f.alternatives}
    assert got == {("合计", "total", "397.50"), ("合计", "personnel", "354.50"), ("合计", "public", "43.00"),
                   ("301", "total", "347.50"), ("301", "personnel", "347.50"),
                   ("30101", "total", "150.00"), ("30101", "personnel", "150.00"),
                   ("30102", "total", "197.50"), ("30102", "personnel", "197.50"),
                   ("302", "total", "43.00"), ("302", "public", "43.00"),
                   ("30201", "total", "43.00"), ("30201", "public", "43.00"),
                   ("303", "total", "7.00"), ("303", "personnel", "7.00"),
                   ("30305", "total", "7.00"), ("30305", "personnel", "7.00")}
    said = [i.message for i in doc.issues if i.code == "column-not-in-template"]
    assert any("人员经费/工资福利支出" in m for m in said)


YUAN_ROWS = [("", "合计", ["5180000", "3975000", "1205000"]),
             ("207", "文化旅游体育与传媒支出", ["4205000", "3000000", "1205000"]),
             ("2070101", "行政运行", ["3000000", "3000000", ""]),
             ("2070102", "一般行政管理事务", ["1205000", "", "1205000"]),
             ("208", "社会保障和就业支出", ["975000", "975000", ""]),
             ("2080505", "机关事业单位基本养老保险缴费支出", ["975000", "975000", ""])]
YUAN_HEAD = ["某某区文化和旅游局2025年部门预算", "表3", "2025年部门支出总表", "编制单位：某某区文化和旅游局 单位：元"]


def yuan_pdf(path) -> str:
    """A 支出总表 in 元 printed without rules, its amounts whole numbers without separators."""
    import weasyprint

    lefts = [260, 340, 420]
    out = [placed(20, 10 + 15 * n, text) for n, text in enumerate(YUAN_HEAD)]
    out += [placed(20, 80, "科目编码"), placed(80, 80, "科目名称")]
    out += [placed(x, 80, text, width=70) for x, text in zip(lefts, ["合计", "基本支出", "项目支出"])]
    for n, (code, name, amounts) in enumerate(YUAN_ROWS):
        y = 100 + 16 * n
        out += [placed(20, y, code), placed(80, y, name)]
        out += [placed(x, y, a, width=70) for x, a in zip(lefts, amounts) if a]
    css = "@page{size:A4;margin:0} body{font-family:'Noto Sans CJK SC';font-size:9pt;margin:0}"
    weasyprint.HTML(string=f"<html><head><style>{css}</style></head><body>{''.join(out)}</body></html>").write_pdf(str(path))
    return str(path)


def yuan_facts(doc) -> set[tuple]:
    return {(f.coords.function_code or f.coords.label, f.column, str(f.amount)) for f in doc.facts if not f.alternatives}


def test_whole_yuan_without_separators_read_by_place(tmp_path):
    doc = parse(yuan_pdf(tmp_path / "yuan.pdf"))
    assert yuan_facts(doc) == {
        ("合计", "total", "5180000"), ("合计", "basic", "3975000"), ("合计", "project", "1205000"),
        ("207", "total", "4205000"), ("207", "basic", "3000000"), ("207", "project", "1205000"),
        ("2070101", "total", "3000000"), ("2070101", "basic", "3000000"),
        ("2070102", "total", "1205000"), ("2070102", "project", "1205000"),
        ("208", "total", "975000"), ("208", "basic", "975000"),
        ("2080505", "total", "975000"), ("2080505", "basic", "975000")}
    assert all(f.unit == "元" for f in doc.facts)


def test_whole_yuan_without_separators_as_text(tmp_path):
    # the total row is data, not header; a row of fewer amounts than columns is left to the sums
    lines = [*YUAN_HEAD, "科目编码 科目名称 合计 基本支出 项目支出"]
    lines += [" ".join(x for x in (code, name, *amounts) if x) for code, name, amounts in YUAN_ROWS]
    path = tmp_path / "yuan.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = parse(str(path))
    assert [h.cells for h in doc.tables[0].header] == [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]]
    assert {("合计", "total", "5180000"), ("207", "basic", "3000000"), ("2070101", "total", "3000000")} <= yuan_facts(doc)


def line_chars(runs: list[tuple[str, float, float]], size: float = 9.0) -> list[dict]:
    """Characters set in runs (text, where it starts, the gap between its characters), each as
    wide as the font is large (CJK)."""
    out = []
    for text, x, gap in runs:
        for ch in text:
            out.append({"text": ch, "x0": x, "x1": x + size})
            x += size + gap
    return out


@pytest.mark.parametrize("runs, read", [
    # two cells set solid, 2.6 points apart: parted
    ([("一般公共预算", 0, 0), ("政府性基金", 56.6, 0), ("合计", 104.2, 0)], "一般公共预算 政府性基金 合计"),
    # a header spread across its cell (分散对齐), its characters evenly 2.5 points apart: whole
    ([("科目编码", 0, 0), ("单位名称", 36, 2.5), ("合计", 79.5, 0), ("基本支出", 97.5, 0)], "科目编码单位名称合计基本支出"),
    # one character apart from the rest: a cell of one CJK character is rare, a spread word common
    ([("合", 0, 0), ("计", 11.5, 0), ("基本支出", 20.5, 0)], "合计基本支出"),
])
def test_cells_parted_by_gaps_only_between_solid_runs(runs, read):
    from budgetlens.readers.pdfium_page import parted_cells

    chars = line_chars(runs)
    assert parted_cells("".join(c["text"] for c in chars), chars) == read


def test_sub_columns_split_by_where_each_head_is_centred():
    # 人员经费 centred over five sub-columns, 公用经费 over two: each cell 60 points wide, each
    # word centred in it; the fifth sub-column stands nearer 公用经费 than 人员经费, yet is 人员经费's
    from budgetlens.extract.unruled import Word, block_starts

    def centred(text, left, cells):
        width = 9 * len(text)
        mid = left + 30 * cells
        return Word(text, (mid - width / 2, 0, mid + width / 2, 10))

    subs = ["小计", "工资福利支出", "对个人和家庭的补助", "奖金", "伙食补助费", "小计", "商品和服务支出"]
    stacks = [[centred(t, 100 + 60 * k, 1)] for k, t in enumerate(subs)]
    heads = [centred("人员经费", 100, 5), centred("公用经费", 400, 2)]
    assert block_starts(heads, stacks, 0, len(stacks) - 1) == [0, 5]
