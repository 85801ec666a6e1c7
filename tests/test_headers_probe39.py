"""Table headers against their templates: a 基本支出 split into parts the template does not
know, unknown header words named as printed, the structure checks on a split 基本支出, the
Xinjiang 2022 三公 table's vehicle column, and merged header cells of an XLSB workbook."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import EXAMPLES

from budgetlens.pipeline import parse

# ---- 基本支出 printed over parts the template does not have ---------------------------------

SEED_HEADER = "科目\t\t\t一般公共预算支出"


def split_basic(tmp_path, parts: list[str]):
    """Seed 000 (Xinjiang 2026 部门预算) with its 一般公共预算支出情况表 printed as
    合计 | 基本支出 over `parts` | 项目支出. 基本支出's amount goes to its 小计 when printed; its
    parts print 80 % of it in the first, the rest in the second, 0.00 in any further one."""
    text = next(EXAMPLES.glob("000_*.txt")).read_text(encoding="utf-8")
    subtotal = parts[0] == "小计"
    n = len(parts) - subtotal

    def row(amounts: list[str]) -> list[str]:
        total, basic, project = amounts
        figure = basic.replace("<b>", "").replace("</b>", "").strip()
        if not figure:
            return [total] + [""] * len(parts) + [project]
        first = (Decimal(figure) * Decimal("0.8")).quantize(Decimal("0.01"))
        split = [str(first), str(Decimal(figure) - first)] + ["0.00"] * (n - 2)
        return [total] + ([figure] if subtotal else []) + split + [project]

    lines = text.split("\n")
    start = lines.index("## 一般公共预算支出情况表")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("## "))
    body, i = [], start
    while i < end:
        line = lines[i]
        if line.startswith(SEED_HEADER):             # (the header's four lines, each page)
            body += ["科目\t\t\t\t一般公共预算支出" + "\t" * (len(parts) + 1),
                     "功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出" + "\t" * len(parts) + "项目支出",
                     "类\t款\t项\t\t\t" + "\t".join(parts) + "\t"]
            i += 4
            continue
        cells = line.split("\t")
        first = cells[0].replace("<b>", "").replace("</b>", "")
        data = len(cells) > 4 and (first == "" or first.isdigit())
        body.append("\t".join(cells[:4] + row(cells[4:])) if data else line)
        i += 1
    path = tmp_path / "split.txt"
    path.write_text("\n".join(lines[:start] + body + lines[end:]), encoding="utf-8")
    return path


def first_row(disc):
    """The 一般公共预算支出表's 总计 row: (column, amount) of each cell."""
    table = disc.table("gpb_expenditure")
    return [(c.column, str(c.amount)) for c in table.rows[0].cells]


PARTS = ["小计", "工资福利支出", "商品和服务支出", "对个人和家庭的补助"]


@pytest.mark.parametrize("parts", [PARTS, PARTS[:3]])
def test_unknown_parts_of_basic_are_not_read_as_its_known_parts(tmp_path, parts):
    """基本支出 over 小计 | 工资福利支出 | 商品和服务支出 (| 对个人和家庭的补助): the template's
    variant knows 小计 | 人员经费 | 公用经费 there. Before, the parts were read by order as 人员经费
    and 公用经费 candidates, and a third part's 0.00 as 项目支出 (its 34.00 lost)."""
    disc = parse(split_basic(tmp_path, parts))
    assert first_row(disc) == [("total", "277.90"), ("basic", "243.90"), ("project", "34.00")]
    said = [i.message for i in disc.issues if i.code == "column-unmapped"]
    assert [p for p in parts[1:] if any(p in m for m in said)] == parts[1:]
    assert not [i for i in disc.issues if i.code in ("ambiguous-column", "extra-cell")]
    facts = [f for f in disc.facts if f.coords.table_kind == "gpb_expenditure"]
    assert not [f for f in facts if f.coords.nature in ("personnel", "public") or f.ambiguous]


def test_the_templates_own_parts_of_basic_are_still_read(tmp_path):
    disc = parse(split_basic(tmp_path, ["小计", "人员经费", "公用经费"]))
    assert first_row(disc) == [("total", "277.90"), ("basic", "243.90"), ("personnel", "195.12"),
                               ("public", "48.78"), ("project", "34.00")]
    assert not [i for i in disc.issues if i.code in ("column-unmapped", "header-unmapped")]


def test_a_misread_part_of_basic_is_still_left_to_the_identities(tmp_path):
    """人员经毁 | 公用经赞 (OCR's 人员经费 | 公用经费): the template's parts, misread; their amounts
    stay candidates of those two columns, as before (not dropped as other columns)."""
    disc = parse(split_basic(tmp_path, ["小计", "人员经毁", "公用经赞"]))
    cells = first_row(disc)
    assert cells[:2] == [("total", "277.90"), ("basic", "243.90")] and cells[-1] == ("project", "34.00")
    assert not [i for i in disc.issues if i.code == "column-unmapped"]
    facts = [f for f in disc.facts if f.coords.table_kind == "gpb_expenditure" and f.amount == Decimal("195.12")]
    assert facts and all(f.ambiguous for f in facts)


def test_a_part_of_basic_beyond_the_templates_parts_is_not_read_as_project(tmp_path):
    """小计 | 人员经费 | 公用经费 | 其他经费 under 基本支出: before, 其他经费's 0.00 was read as
    项目支出's (the order's fifth column) and 项目支出's 34.00 left beyond the columns."""
    disc = parse(split_basic(tmp_path, ["小计", "人员经费", "公用经费", "其他经费"]))
    assert first_row(disc) == [("total", "277.90"), ("basic", "243.90"), ("personnel", "195.12"),
                               ("public", "48.78"), ("project", "34.00")]
    said = [i.message for i in disc.issues if i.code == "column-unmapped"]
    assert len(said) == 1 and "其他经费" in said[0]


def test_unknown_parts_of_basic_in_a_ruled_pdf(tmp_path):
    """The same in a ruled PDF (geometry): 小计 | 工资福利支出 | 商品和服务支出 under 基本支出.
    Before, the parts were 人员经费/公用经费 candidates, reported as columns-by-order."""
    pytest.importorskip("weasyprint")
    from ruled_pdf import basic_split_pdf

    # code, name, 合计, 小计, 工资福利支出, 商品和服务支出, 项目支出
    rows = [("", "合计", "504.46", "418.46", "300.00", "118.46", "86.00"),
            ("2120101", "行政运行", "418.46", "418.46", "300.00", "118.46", ""),
            ("2120102", "一般行政管理事务", "86.00", "", "", "", "86.00")]
    disc = parse(basic_split_pdf(tmp_path / "parts.pdf", "一般公共预算支出情况表", ["小计", "工资福利支出", "商品和服务支出"],
                                 rows, list(range(7))))
    table = disc.table("gpb_expenditure")
    assert [[(c.column, str(c.amount)) for c in r.cells] for r in table.rows] == [
        [("total", "504.46"), ("basic", "418.46"), ("project", "86.00")],
        [("total", "418.46"), ("basic", "418.46")], [("total", "86.00"), ("project", "86.00")]]
    said = [i.message for i in disc.issues if i.code == "column-unmapped"]
    assert len(said) == 2 and "工资福利支出" in said[0] and "商品和服务支出" in said[1]
    assert not [i for i in disc.issues if i.code in ("ambiguous-column", "columns-by-order")]


# ---- unknown header words named as printed --------------------------------------------------

def unmapped_said(disc) -> str:
    return next(i.message for i in disc.issues if i.code == "header-unmapped" and "一般公共预算支出" in i.message)


def test_unknown_header_words_are_named_as_printed(tmp_path):
    """Before: 工资福利、商品和服务 (支出, a known header word, cut off each)."""
    said = unmapped_said(parse(split_basic(tmp_path, PARTS)))
    assert said.endswith("：工资福利支出、商品和服务支出、对个人和家庭的补助")


def test_header_words_the_template_knows_are_not_named(tmp_path):
    """The near miss: the cells around them (小计, 基本支出, 项目支出) are not named, nor is a
    word printed in a cell of its own repeated."""
    said = unmapped_said(parse(split_basic(tmp_path, ["小计", "对个人和家庭的补助", "工资福利"])))
    assert said.endswith("：对个人和家庭的补助、工资福利")


# ---- the Xinjiang 2022 三公 table's vehicle column -------------------------------------------

def xj_unit_three_public(tmp_path, head: list[str], amounts: list[float]):
    """An XLSX of a Xinjiang 2022 单位预算's 三公 table: one header row, one row of amounts."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表八"
    ws.append(["一般公共预算“三公”经费支出情况表"])
    ws.append(["编制单位：新疆维吾尔自治区某某中心"] + [None] * (len(head) - 2) + ["单位：万元"])
    ws.append(head)
    ws.append(["2022年预算数", *amounts])
    path = tmp_path / "新疆维吾尔自治区某某中心2022年单位预算.xlsx"
    wb.save(path)
    return path


@pytest.mark.parametrize("vehicle", ["公务用车购置及运行维护费", "公务用车购置及运行费"])
def test_the_vehicle_total_column_in_either_wording(tmp_path, vehicle):
    """合计 | 因公出国（境）费 | 公务用车购置及运行维护费 | 公务接待费: before, the vehicles' 18.00 was
    not read (column-unmapped); 公务用车购置及运行费 (the near miss) was read and still is."""
    head = ["项目", "合计", "因公出国（境）费", vehicle, "公务接待费"]
    disc = parse(xj_unit_three_public(tmp_path, head, [23.0, 5.0, 18.0, 0.0]))
    table = disc.table("three_public")
    assert disc.meta.template == "xj-unit-budget-2022"
    assert [(c.column, c.amount) for c in table.rows[0].cells] == \
        [("total", 23), ("abroad", 5), ("vehicle", 18), ("reception", 0)]
    assert table.header_unmapped == []
    assert not [i for i in disc.issues if i.code in ("column-unmapped", "header-unmapped")]


# ---- merged cells of an XLSB -----------------------------------------------------------------

GPB = [["一般公共预算支出情况表"], ["编制单位：某某局  单位：万元"],
       ["科目编码", "科目名称", "合计", "基本支出", "", "项目支出"],
       ["", "合计", 130, 100, "", 30], ["201", "一般公共服务支出", 130, 100, "", 30],
       ["20103", "政府办公厅（室）及相关机构事务", 130, 100, "", 30],
       ["2010301", "行政运行", 100, 100, "", ""], ["2010302", "一般行政管理事务", 30, "", "", 30]]
# 基本支出's cells, header and body, each merged over columns D:E (0-based rows, columns)
WIDE_BASIC = [(r, r, 3, 4) for r in range(2, len(GPB))]


def workbook(tmp_path, kind: str, rows: list[list], merges: list[tuple[int, int, int, int]]):
    """The sheet as an .xlsx (openpyxl) or an .xlsb (the BIFF12 writer of test_office_probe38,
    with BrtBeginMergeCells, a BrtMergeCell for each range, BrtEndMergeCells after the sheet
    data, where Excel writes them)."""
    import struct

    import test_office_probe38 as biff

    path = tmp_path / f"某某局2025年部门预算.{kind}"
    if kind == "xlsx":
        import openpyxl

        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "表5"
        for row in rows:
            ws.append([None if v == "" else v for v in row])
        for r0, r1, c0, c1 in merges:
            ws.merge_cells(start_row=r0 + 1, end_row=r1 + 1, start_column=c0 + 1, end_column=c1 + 1)
        wb.save(path)
        return path
    sheet = biff._sheet_bin

    def with_merges(*args):
        data, end = sheet(*args), biff._record(0x82)                  # (BrtEndSheet closes the part)
        if not merges:
            return data
        records = b"".join(biff._record(0xB0, struct.pack("<IIII", *m)) for m in merges)
        return data[:-len(end)] + biff._record(0xB1, struct.pack("<I", len(merges))) + records + biff._record(0xB2) + end

    biff._sheet_bin = with_merges
    try:
        path.write_bytes(biff.xlsb_bytes([("表5", rows)]))
    finally:
        biff._sheet_bin = sheet
    return path


def gpb_cells(path) -> list[tuple]:
    disc = parse(path)
    return [(r.code or r.name, c.column, str(c.amount)) for r in disc.table("gpb_expenditure").rows for c in r.cells]


# 编制单位 and 单位 in cells of their own, at either end of the row
META_CELLS = ["编制单位：某某局", "", "", "", "", "单位：万元"]


@pytest.mark.parametrize("meta", [GPB[1], META_CELLS])
def test_an_xlsb_column_merged_over_two_is_read_as_the_xlsx(tmp_path, meta):
    """基本支出 each cell merged over D:E: the XLSX reads 合计 | 基本支出 | 项目支出; the XLSB read
    its merges as none (calamine gives none) and 项目支出's 30 as 公用经费's. With 编制单位 and 单位
    in two cells, the XLSX did so too (that row, merging nothing, kept the covered column)."""
    rows = [GPB[0], meta, *GPB[2:]]
    want = gpb_cells(workbook(tmp_path, "xlsx", rows, WIDE_BASIC))
    assert want[:3] == [("合计", "total", "130"), ("合计", "basic", "100"), ("合计", "project", "30")]
    assert gpb_cells(workbook(tmp_path, "xlsb", rows, WIDE_BASIC)) == want


@pytest.mark.parametrize("meta", [GPB[1], META_CELLS])
def test_an_xlsb_group_header_merged_over_its_parts_is_read_as_the_xlsx(tmp_path, meta):
    """Near miss: 基本支出 merged over 人员经费 | 公用经费 (and the other headers down over two
    rows) reads the same from both: no column is merged away."""
    rows = [GPB[0], meta, GPB[2], ["", "", "", "人员经费", "公用经费", ""],
            *[[*r[:3], r[3] and 60, r[3] and 40, r[5]] for r in GPB[3:]]]
    merges = [(2, 3, 0, 0), (2, 3, 1, 1), (2, 3, 2, 2), (2, 2, 3, 4), (2, 3, 5, 5)]
    want = gpb_cells(workbook(tmp_path, "xlsx", rows, merges))
    assert want[:4] == [("合计", "total", "130"), ("合计", "personnel", "60"), ("合计", "public", "40"),
                        ("合计", "project", "30")]
    assert gpb_cells(workbook(tmp_path, "xlsb", rows, merges)) == want


# ---- N-STRUCTURE-100: 基本支出 printed and said as 人员经费 + 公用经费 --------------------------

USES = {"basic": "基本支出", "personnel": "人员经费", "public": "公用经费", "project": "项目支出",
        "reserve": "预留机动经费"}


def split_uses(shares: list[tuple[str, str]]) -> list:
    """Seed 000 with its 支出总表 printing, as Jiangsu's does, 人员经费 200.00 | 公用经费 43.90 |
    项目支出 34.00 | 预留机动经费 27.79 on its 合计 row (no 基本支出 column), and its section 三
    stating each use's share: the N-STRUCTURE-100 findings."""
    from test_checks import S000, add_cell, copy, total_row

    from budgetlens.checks import check
    from budgetlens.model import Coords, Subject

    disc = copy(S000)
    table = disc.table("expenditure")
    row = next(r for r in table.rows if total_row(r))
    row.cells = [c for c in row.cells if c.column != "basic"]
    disc.facts = [f for f in disc.facts if not (f.table == table.index and f.row == row.index and f.column == "basic")]
    for key, amount in (("personnel", "200.00"), ("public", "43.90"), ("reserve", "27.79")):
        add_cell(disc, "expenditure", total_row, key, amount, nature=key)
    said = [c for c in disc.narrative.claims if c.kind == "share" and c.section == "三" and c.subject.coords
            and c.subject.coords.nature]
    like = next(c for c in said if c.subject.text == "项目支出")
    disc.narrative.claims = [c for c in disc.narrative.claims if c not in said]
    for nature, value in shares:
        subject = Subject(text=USES[nature], concept=f"nature:{nature}",
                          coords=Coords(table_kind="expenditure", nature=nature))
        disc.narrative.claims.append(like.model_copy(update={"value": Decimal(value), "text": f"{value}%",
                                                             "subject": subject}))
    return [f for f in check(disc).findings if f.rule == "N-STRUCTURE-100"]


def test_basic_said_as_its_two_parts_covers_basic():
    """65.43 + 14.36 + 11.12 + 9.09 = 100: before, 人员经费 and 公用经费 were no members of the
    uses, and the rest (20.21%) an error."""
    assert split_uses([("personnel", "65.43"), ("public", "14.36"), ("project", "11.12"), ("reserve", "9.09")]) == []


def test_basic_said_as_its_parts_short_of_100_still_fails():
    found = split_uses([("personnel", "65.43"), ("public", "14.36"), ("project", "11.12"), ("reserve", "8.09")])
    assert [(f.severity, f.found) for f in found] == [("error", "99.00")]


def test_basic_said_with_its_parts_is_counted_once():
    assert split_uses([("basic", "79.79"), ("personnel", "65.43"), ("public", "14.36"), ("project", "11.12"),
                       ("reserve", "9.09")]) == []


def test_one_part_of_basic_said_alone_does_not_make_the_list_whole():
    """人员经费 named, 公用经费 (printed) not: the list is not the whole, its shortfall no error."""
    assert split_uses([("personnel", "65.43"), ("project", "11.12"), ("reserve", "9.09")]) == []
