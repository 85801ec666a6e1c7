"""Inputs beyond the seeds: variants a real document throws at the readers (regressions)."""

import re
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.pipeline import parse
from budgetlens.readers import ReadError
from budgetlens.text import squeeze
from conftest import EXAMPLES, parsed

HEAD = "2026 年部门预算公开\n\n第二部分 2026 年部门预算公开表\n\n"


def parse_text(text: str):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.txt"
        path.write_text(text, encoding="utf-8")
        return parse(path)


def test_carryover_rows_of_the_summary_are_carryover_money():
    table = parsed("002_4e0ed6e09b019fe1").table("summary")
    sources = {r.name: r.coords.get("source") for r in table.rows if r.side == "income"}
    assert sources["1.一般公共预算拨款"] == "gpb"
    assert sources["其中：一般公共预算拨款"] == "fiscal_carryover_gpb"
    assert sources["2.非财政拨款结转结余"] == "nonfiscal_carryover"
    assert sources["单位资金"] == "nonfiscal_carryover_unit_funds" and sources["5.单位资金"] == "unit_funds"


def test_plain_project_names_stop_at_the_next_field():
    projects = parsed("003_051c06d5053f29b3").narrative.projects
    assert [p.name for p in projects][:2] == ["克州电子政务外网专项运维费项目", "克州数字政府工作业务经费项目"]
    assert all("依据" not in p.name for p in projects)
    assert projects[0].scale == Decimal("62.40") and len(projects[0].allocation) == 3


def test_each_ocr_performance_table_is_its_own():
    perf = parsed("001_bb7d043ad2da133b").narrative.performance
    assert len(perf) == 6 and all(p.indicators for p in perf)
    assert [p.amount for p in perf] == [Decimal(12), Decimal(6), Decimal(6), Decimal(7), Decimal("50.4"), Decimal(12)]


def test_page_break_repeating_only_the_unit_line_keeps_rows():
    text = HEAD + ("表 3\n部门支出总体情况表\n编制部门：测试局 单位：万元\n"
                   "功能分类科目名称 合计 基本支出 项目支出\n类 款 项\n※ ※ ※ ※ 1 2 3\n"
                   "总计 30.00 30.00\n201 一般公共服务支出 20.00 20.00\n"
                   " 编制部门：测试局 单位：万元\n208 社会保障和就业支出 10.00 10.00\n")
    table = parse_text(text).table("expenditure")
    assert [r.code for r in table.rows] == ["", "201", "208"] and table.pages == 2


def test_a_note_without_empty_table_sentence_does_not_swallow_rows():
    text = HEAD + ("表 3\n部门支出总体情况表\n单位：万元\n注：没有的项目不列示\n"
                   "功能分类科目名称 合计 基本支出 项目支出\n※ ※ ※ ※ 1 2 3\n"
                   "总计 30.00 30.00\n201 一般公共服务支出 30.00 30.00\n")
    table = parse_text(text).table("expenditure")
    assert [r.code for r in table.rows] == ["", "201"]


def test_wrapped_item_label_in_plain_three_public_table():
    text = HEAD + ("表 10\n财政拨款“三公”经费支出情况表\n单位：万元\n“三公”经费支出内容 合计 一般公共预算\n※ 1 2 3 4\n"
                   "合计 1.00 1.00\n因公出国（境）\n费 1.00 1.00\n")
    table = parse_text(text).table("three_public")
    rows = {r.name: r.coords.get("item") for r in table.rows}
    assert rows == {"合计": "total", "因公出国（境）费": "abroad"}


def test_more_amounts_than_columns_is_reported_not_dropped_silently():
    text = HEAD + ("表 3\n部门支出总体情况表\n单位：万元\n功能分类科目名称 合计 基本支出 项目支出\n※ ※ ※ ※ 1 2 3\n"
                   "201 一般公共服务支出 30.00 20.00 10.00 5.00\n")
    disc = parse_text(text)
    assert any(i.code == "extra-cell" for i in disc.issues)
    assert [c.column for c in disc.table("expenditure").rows[0].cells] == ["total", "basic", "project"]


def test_malformed_numbers_in_the_narrative_do_not_crash():
    text = (EXAMPLES / "000_9131eab83374bb33.txt").read_text(encoding="utf-8")
    text = text.replace("预算安排规模：18.00万元", "预算安排规模：1,00万元").replace("12万元", "1.2.3万元")
    disc = parse_text(text)
    assert len(disc.narrative.projects) == 3


def test_titles_with_a_year_or_unit_prefix_and_sub_labels():
    text = HEAD + ("表1-1 测试局2026年部门支出总体情况表\n单位：元\n功能分类科目名称\t合计\t基本支出\t项目支出\n"
                   "※\t1\t2\t3\n201 一般公共服务支出\t300000\t300000\t\n")
    disc = parse_text(text)
    table = disc.table("expenditure")
    assert table is not None and table.number == 1 and table.unit == "元"
    assert [(c.column, c.amount) for c in table.rows[0].cells] == [("total", Decimal(300000)), ("basic", Decimal(300000))]


def test_missing_unit_line_is_assumed_and_reported():
    text = HEAD + "表 3\n部门支出总体情况表\n功能分类科目名称 合计 基本支出 项目支出\n※ ※ ※ ※ 1 2 3\n总计 1.00 1.00\n"
    disc = parse_text(text)
    assert disc.facts[0].unit == "万元"
    assert any(i.code == "unit-assumed" for i in disc.issues)


def test_meta_line_variants():
    text = HEAD + "表 3\n部门支出总体情况表\n编制单位：克州财政局金额单位：人民币元\n※ ※ ※ ※ 1 2 3\n总计 1.00 1.00\n"
    table = parse_text(text).table("expenditure")
    assert table.unit_name == "克州财政局" and table.unit == "元"


def test_utf16_text_is_read(tmp_path):
    path = tmp_path / "u16.txt"
    path.write_bytes((EXAMPLES / "000_9131eab83374bb33.txt").read_text(encoding="utf-8").encode("utf-16"))
    assert len(parse(path).facts) == len(parsed("000_9131eab83374bb33").facts)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_text_without_its_byte_order_mark_is_read(tmp_path, codec):
    path = tmp_path / "u16.txt"
    path.write_bytes((EXAMPLES / "000_9131eab83374bb33.txt").read_text(encoding="utf-8").encode(codec))
    disc = parse(path)
    assert disc.sources[0].encoding == codec
    assert [(f.amount, f.coords) for f in disc.facts] == [(f.amount, f.coords) for f in parsed("000_9131eab83374bb33").facts]


@pytest.mark.parametrize("data", [bytes(range(256)) * 40,                                    # binary
                                  b"".join(i.to_bytes(4, "little") for i in range(3000))])    # zeros both sides
def test_binary_with_zero_bytes_is_still_refused(tmp_path, data):
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    with pytest.raises(ReadError, match="二进制"):
        parse(path)


def test_staffing_wording_variants():
    text = ("第一部分 2026 年部门概况\n一、主要职能\n（一）负责测试。\n二、机构设置及人员情况\n"
            "测试局无下属预算单位，下设五个科室，分别是：甲科、乙科。\n"
            "测试局编制数 10，实有人数 12 人，其中：在职人员 9 人，比上年增加 1 人；退休人员 3 人，减少 2 人；离休 0 人。\n"
            + HEAD + "表 3\n部门支出总体情况表\n单位：万元\n※ ※ ※ ※ 1 2 3\n总计 1.00 1.00\n")
    ov = parse_text(text).overview
    assert ov.offices == ["甲科", "乙科"]
    assert (ov.staffing.in_service.count, ov.staffing.in_service.change) == (9, 1)
    assert (ov.staffing.retired.count, ov.staffing.retired.change) == (3, -2)


def test_claim_provenance_points_at_the_number():
    disc = parsed("003_051c06d5053f29b3")
    lines = (EXAMPLES / "003_051c06d5053f29b3.txt").read_text(encoding="utf-8").split("\n")
    for c in disc.narrative.claims[:80]:
        line = squeeze(lines[c.provenance.line - 1])
        assert line[c.provenance.char_start:].startswith(c.text[:2].lstrip("≤≥<>=＜＞")[:1]) or \
            c.provenance.line_end != c.provenance.line, c


def test_part_heading_alone_its_name_some_lines_below():
    """A cover page prints "第三部分" alone and its name lower down; a raw pdftotext conversion
    may even put a table's last cells between them. The part is still found, and a bare
    heading whose name never comes is no part."""
    original = (EXAMPLES / "003_051c06d5053f29b3.txt").read_text(encoding="utf-8")
    heading = " 第三部分 2025 年部门预算情况说明"
    assert heading in original
    split = parse_text(original.replace(heading, "第三部分\n\n分散自行组\n\n700.00\n\n2025 年部门预算情况说明"))
    whole = parsed("003_051c06d5053f29b3")
    assert [p.key for p in split.parts] == [p.key for p in whole.parts]
    assert len(split.narrative.claims) == len(whole.narrative.claims) > 100
    nameless = parse_text(original.replace(heading, "第三部分\n\n" + "\n".join(["700.00"] * 20)))
    assert "narrative" not in [p.key for p in nameless.parts]


def test_the_year_is_the_documents_not_the_one_compared_with():
    """"2024年区级部门预算" on the cover and in table titles; 2023 named more often, in the
    comparisons of the narrative ("比2023年预算增加")."""
    from budgetlens.readers import Line, SourceDocument
    from budgetlens.segment import guess_year_scope

    texts = ["上海市普陀区2024年区级部门预算", "2024年部门财务收支预算总表"] + \
        ["基本支出比2023年预算增加5.00万元，与2023年相比增长1.0%。"] * 30
    doc = SourceDocument(path="x.txt", format="plain", encoding="utf-8", sha256="",
                         lines=[Line(i + 1, t) for i, t in enumerate(texts)])
    assert guess_year_scope(doc) == (2024, "部门")


def test_amounts_printed_as_hashes_are_reported(tmp_path):
    """A spreadsheet prints ### where a number is wider than its column; a PDF or a conversion
    of it keeps the ###: the amount cannot be read, and the reader says where."""
    lines = (EXAMPLES / "000_9131eab83374bb33.txt").read_text(encoding="utf-8").split("\n")
    at = next(n for n, ln in enumerate(lines) if "\t" in ln and ln.split("\t")[-1].strip().endswith(".00"))
    cells = lines[at].split("\t")
    lines[at] = "\t".join([*cells[:-1], "###"])
    path = tmp_path / "hashes.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    disc = parse(path)
    hidden = [i for i in disc.issues if i.code == "amount-hidden"]
    assert len(hidden) == 1 and f"第 {at + 1} 行" in hidden[0].message and hidden[0].level == "warning"
    assert hidden[0].provenance.line == at + 1 and hidden[0].provenance.table is not None
    assert not [i for i in parse(EXAMPLES / "000_9131eab83374bb33.txt").issues if i.code == "amount-hidden"]

    # the check reports the unreadable amount as a defect of the publication, and what the
    # table's sums could not see is no error
    from budgetlens.checks import check

    report = check(disc)
    said = [f for f in report.findings if f.rule == "C-AMOUNT-HIDDEN"]
    assert len(said) == 1 and said[0].severity == "error" and said[0].evidence[0].provenance.line == at + 1
    table = hidden[0].provenance.table
    assert not [f for f in report.findings if f.severity == "error" and f.rule != "C-AMOUNT-HIDDEN"
                and any(e.provenance and e.provenance.table == table for e in f.evidence)]
    assert [f for f in report.findings if f.note and "###" in f.note]

    # but an error elsewhere in that table is still an error
    code = lines[at].split("\t")[0].strip()
    other = next(n for n in range(at + 1, len(lines)) if "\t" in lines[n]
                 and lines[n].split("\t")[0].strip()[:3] not in ("", code[:3])
                 and re.fullmatch(r"\d+\.\d\d", lines[n].split("\t")[4].strip()))
    cells = lines[other].split("\t")
    cells[4] = "9" + cells[4].strip()           # its 合计 no longer the sum of its parts
    lines[other] = "\t".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")
    errors = [f for f in check(parse(path)).findings if f.severity == "error" and f.rule != "C-AMOUNT-HIDDEN"]
    assert errors
    base = check(parse(EXAMPLES / "000_9131eab83374bb33.txt"))
    assert next(o for o in base.outcomes if o.rule == "C-AMOUNT-HIDDEN").status == "pass"


@pytest.mark.parametrize("where", ["end", "middle"])
def test_a_dash_for_an_empty_cell_in_plain_text(tmp_path, where):
    """pdftotext of a table that prints zero as a dash: "54.81 54.81 -" (项目支出 empty) and
    "230.74 - 230.74" (基本支出 empty). The dash is an empty cell in its place: the rows read
    as the document without dashes reads (before: the amounts stopped at the dash and the first
    became part of the name)."""
    seed = next(EXAMPLES.glob("003_*.txt"))
    text = seed.read_text(encoding="utf-8")
    pattern, dashed = (r"^(201 41 0[15] \S+ (\d+\.\d\d) \2)$", r"\1 -") if where == "end" else \
        (r"^(201 41 99 \S+ (\d+\.\d\d)) (\2)$", r"\1 - \3")
    text, n = re.subn(pattern, dashed, text, flags=re.M)
    assert n >= 1
    path = tmp_path / "dashed.txt"
    path.write_text(text, encoding="utf-8")

    def cells(disc):
        return sorted((t.kind, r.code, r.name, c.column or "", str(c.amount)) for t in disc.tables
                      for r in t.rows for c in r.cells)

    assert cells(parse(path)) == cells(parse(seed))


def test_a_dash_places_the_amounts_of_a_plain_row_by_position():
    """"行政运行 54.81 - 54.81" in a 合计 | 基本支出 | 项目支出 table: three cells for three
    columns, the dash the empty 基本支出: 54.81 is the 项目支出, whatever the other tables say;
    a dash inside a label stays in it."""
    from budgetlens.extract.rows import _line_slots, placed_by_dashes

    slots = _line_slots("2014101 行政运行 54.81 - 54.81".split(), 1)
    assert [v.column for v in placed_by_dashes(slots, ["total", "basic", "project"])] == ["total", "project"]
    assert [v.column for v in placed_by_dashes(_line_slots("行政运行 54.81 54.81".split(), 1), ["total", "basic", "project"])] == [None, None]
    assert len(_line_slots("2014101 行政运行 - 数据 54.81 54.81".split(), 1)) == 2     # the label's dash


def test_a_row_of_integer_amounts_is_data_not_the_column_numbers(tmp_path):
    """A 三公 table in 万元 printed as integers (20 0 5 15 0 15) has a 1 among its figures only
    by chance; the row that numbers the columns runs 1, 2, 3 …"""
    from budgetlens.extract.rows import is_number_row

    assert is_number_row(["栏次", "1", "2", "3"]) and is_number_row(["※", "※", "1", "2", "3", "4"])
    assert not is_number_row(["20", "0", "1", "19", "0", "19"])
    assert not is_number_row(["1", "5", "3"])


def test_a_table_of_contents_entry_is_not_the_table(tmp_path):
    """Where no 第二部分 heading bounds the tables, the table of contents' entries ("- 二、 部门
    收入总体情况表", one under the other) are not tables, and neither is an entry with a leader
    ("11．2026年部门上年结转结余情况明细表 …………") followed by text with figures."""
    text = (EXAMPLES / "000_9131eab83374bb33.txt").read_text(encoding="utf-8")
    entry = "- 十一、 上年结转结余情况明细表"
    assert entry in text
    # without a 第二部分 heading (many templates print none) tables are looked for from the top
    lines = [ln for ln in text.replace(entry, entry + "\n11．2026年部门上年结转结余情况明细表 ………………………………\n\n收入预算 1.00 万元").split("\n")
             if "第二部分" not in ln]
    path = tmp_path / "toc.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    disc = parse(path)
    assert len(disc.tables) == len(parsed("000_9131eab83374bb33").tables)
    assert [t.title for t in disc.tables] == [t.title for t in parsed("000_9131eab83374bb33").tables]


def test_a_table_printing_fewer_columns_than_its_template(tmp_path):
    """A 三公 table of one amount column (项目 | 预算数), where the template also splits it by
    资金来源: the columns not printed are not there — not zeros that the 合计 fails to equal."""
    from budgetlens.checks import check

    text = (EXAMPLES / "002_4e0ed6e09b019fe1.txt").read_text(encoding="utf-8")
    start = text.index("“三公”经费支出内容\t合计")
    end = text.index("公务用车运行费\t78.00\t78.00") + len("公务用车运行费\t78.00\t78.00\t\t")
    single = ("项目\t预算数\n合计\t83.00\n因公出国（境）费\t0.00\n公务接待费\t5.00\n公务用车购置及运行费\t78.00\n"
              "其中：公务用车购置费\t0.00\n公务用车运行费\t78.00")
    path = tmp_path / "single.txt"
    path.write_text(text[:start] + single + text[end:], encoding="utf-8")
    disc = parse(path)
    table = disc.table("three_public")
    assert [c.key for c in table.columns] == ["total"]
    assert {(r.name, c.text) for r in table.rows for c in r.cells} >= {("合计", "83.00"), ("公务接待费", "5.00")}
    assert not [f.message for f in check(disc).findings if f.severity == "error"]


def test_a_column_of_last_year_before_this_years_is_read_by_its_header(tmp_path):
    """"科目编码 | 科目名称 | 上年预算数 | 本年预算数 (合计 基本支出 项目支出) | 增减额": the amounts
    go to the columns their header names (read by order, last year's figure was the 合计);
    the columns the template has not are left out and said so."""
    from budgetlens.checks import check
    from budgetlens.render_cells import cell_rows
    from budgetlens.text import strip_markup

    seed = "000_9131eab83374bb33"
    text = (EXAMPLES / f"{seed}.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    start = lines.index("科目\t\t\t一般公共预算支出\t\t\t")
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("221\t02\t01")) + 1
    rows = ["科目编码\t科目名称\t上年预算数\t本年预算数\t\t\t增减额", "\t\t\t合计\t基本支出\t项目支出\t"]
    for line in lines[start + 4:end]:
        cells = [strip_markup(c) for c in line.split("\t")]
        rows.append("\t".join(["".join(cells[:3]), cells[3], "9.99", *cells[4:7], "0.00"]))
    path = tmp_path / "prior.txt"
    path.write_text("\n".join(lines[:start] + rows + lines[end:]), encoding="utf-8")
    disc = parse(path)

    def cells_of(d):
        return sorted((r["code"], r["column"], r["amount"]) for r in cell_rows(d) if r["kind"] == "gpb_expenditure")
    assert cells_of(disc) == cells_of(parsed(seed))
    assert any(i.code == "column-not-in-template" and "上年预算数" in i.message for i in disc.issues)
    assert not [f.message for f in check(disc).findings if f.severity == "error"]


def test_a_classified_table_printed_with_names_only(tmp_path):
    """表5 with its codes left out, the levels shown by indentation: each row's code comes from
    its official name among the children of the row above it (行政运行 is a 项 of many 款), so
    the facts keep their codes and the sums are checked (before: every row a child of 总计, and
    each sum failed)."""
    from budgetlens.checks import check
    from budgetlens.text import strip_markup

    seed = "000_9131eab83374bb33"
    text = (EXAMPLES / f"{seed}.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    start = lines.index("科目\t\t\t一般公共预算支出\t\t\t")
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("221\t02\t01")) + 1
    rows = ["科目名称\t合计\t基本支出\t项目支出"]
    for line in lines[start + 4:end]:
        cells = [strip_markup(c) for c in line.split("\t")]
        depth = len("".join(cells[:3])) // 2 - 1 if cells[0] else 0
        rows.append("\t".join(["　" * max(depth, 0) + cells[3], *cells[4:7]]))
    path = tmp_path / "names.txt"
    path.write_text("\n".join(lines[:start] + rows + lines[end:]), encoding="utf-8")
    disc = parse(path)

    def codes(d):
        return sorted((f.coords.function_code or "", f.coords.nature or "", str(f.amount)) for f in d.facts
                      if f.coords.table_kind == "gpb_expenditure")
    assert codes(disc) == codes(parsed(seed))
    report = check(disc)
    assert not [f.message for f in report.findings if f.rule == "ARITH-HIERARCHY" and f.severity == "error"]
    from budgetlens.identities import RowKey, hierarchy
    table = disc.table("gpb_expenditure")
    groups = hierarchy([RowKey(r.coords.get("function_code", ""), r.name) for r in table.rows])
    assert len(groups) == len(hierarchy([RowKey(r.code, r.name) for r in parsed(seed).table("gpb_expenditure").rows]))


def test_a_side_by_side_summary_with_last_years_column_on_each_side(tmp_path):
    """表1 printing 本年预算数 and 上年预算数 on each side: each side's amounts are read under
    their own header (before: read by order, the whole expenditure side was lost and the
    income side took last year's figure); the 上年 columns are left out and named."""
    from budgetlens.checks import check
    from budgetlens.render_cells import cell_rows

    seed = "000_9131eab83374bb33"
    lines = (EXAMPLES / f"{seed}.txt").read_text(encoding="utf-8").split("\n")
    start = lines.index("收入\t\t支出\t")
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("<b>收入总计"))
    new = ["收入\t\t\t支出\t\t", "项目\t本年预算数\t上年预算数\t功能分类\t本年预算数\t上年预算数"]
    for line in lines[start + 2:end + 1]:
        cells = (line.split("\t") + ["", "", "", ""])[:4]
        prior = ["9.99" if c.strip() else "" for c in (cells[1], cells[3])]
        new.append("\t".join([cells[0], cells[1], prior[0], cells[2], cells[3], prior[1]]))
    path = tmp_path / "summary.txt"
    path.write_text("\n".join(lines[:start] + new + lines[end + 1:]), encoding="utf-8")
    disc = parse(path)

    def summary(d):
        return sorted((r["name"], r["column"], r["amount"]) for r in cell_rows(d) if r["kind"] == "summary")
    assert summary(disc) == summary(parsed(seed))
    assert any(i.code == "column-not-in-template" for i in disc.issues)
    assert not [f.message for f in check(disc).findings if f.severity == "error"]


def test_projects_printed_under_their_unit_without_codes():
    """项目支出表 as 单位名称 | 项目名称 | amounts, no codes: the projects are the unit row's
    children, the unit row the total's (before: all children of 总计, the unit counted twice)."""
    from budgetlens.identities import RowKey, hierarchy

    rows = [RowKey("", "总计"), RowKey("", "某某服务中心"), RowKey("", "某某服务中心", "网站运行维护费"),
            RowKey("", "某某服务中心", "等级保护测评费"), RowKey("", "另一单位"), RowKey("", "另一单位", "培训费")]
    assert hierarchy(rows) == [(0, [1, 4]), (1, [2, 3]), (4, [5])]
    # a code still decides where a row hangs
    coded = [RowKey("", "总计"), RowKey("201", "一般公共服务支出"), RowKey("20103", "政府办公厅"),
             RowKey("2010399", "其他支出", "网站运行维护费")]
    assert hierarchy(coded) == [(0, [1]), (1, [2]), (2, [3])]


def seed_with(tmp_path, seed: str, pairs) -> Path:
    text = (EXAMPLES / f"{seed}.txt").read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / f"{seed}.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("label", ["序号", "项目", "栏 次"])
def test_a_numbering_row_under_a_label_is_no_data(tmp_path, label):
    """"序号 | | | | 1 | 2 | 3" under a table's header: the columns' numbers, not a row of
    integer amounts (a numbering row printed so was read as data, and every sum failed)."""
    from budgetlens.checks import check

    path = seed_with(tmp_path, "000_9131eab83374bb33", [("※\t※\t※\t※\t1\t2\t3", f"{label}\t\t\t\t1\t2\t3")])
    disc = parse(path)
    assert not [f.message for f in check(disc).findings if f.rule.startswith("ARITH") and f.severity == "error"]


def test_a_projects_unit_printed_on_each_row_without_a_subtotal_row():
    """单位名称 | 项目名称 on every project row (a merged unit cell carried down) and no unit
    subtotal row: each project hangs under the total, none under the first project."""
    from budgetlens.identities import RowKey, hierarchy

    rows = [RowKey("", "总计"), RowKey("", "某中心", "网站运行维护费"), RowKey("", "某中心", "等级保护测评费")]
    assert hierarchy(rows) == [(0, [1, 2])]


def test_review_small_cases():
    """A title typed over two lines of a cell stays one line (only text of sentences is split);
    上年结转 is this year's money, not last year's column."""
    from budgetlens.extract.rows import NOT_A_TEMPLATE_COLUMN
    from budgetlens.readers.grid import cell_paragraphs

    assert cell_paragraphs("2026年部门收入\n预算总表") is None
    assert cell_paragraphs("一、“三公”经费\n“三公”经费预算数为20.00万元。") == ("一、“三公”经费", "“三公”经费预算数为20.00万元。")
    assert NOT_A_TEMPLATE_COLUMN.search("上年预算数") and NOT_A_TEMPLATE_COLUMN.search("增减%")
    assert not NOT_A_TEMPLATE_COLUMN.search("上年结转") and not NOT_A_TEMPLATE_COLUMN.search("上年度结余")


def test_a_project_table_printing_the_project_name_first(tmp_path):
    """项目支出表 as 项目名称 | 科目编码 | 科目名称 | …: the header says the project comes first,
    so each row's code, name and project are read as in the usual order (before: the code
    read as the name and the project lost, and the sums failed)."""
    from budgetlens.checks import check
    from budgetlens.render_cells import cell_rows
    from budgetlens.text import strip_markup

    seed = "000_9131eab83374bb33"
    lines = (EXAMPLES / f"{seed}.txt").read_text(encoding="utf-8").split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.startswith("科目编码\t\t\t功能分类科目名称\t项目名称"))
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("表 8")) - 1
    head = [c.replace(" ", "") for c in lines[start].split("\t")]
    rows = ["\t".join(["项目名称", "科目编码", "科目名称", *head[5:]])]
    for line in lines[start + 3:end]:
        cells = [strip_markup(c) for c in line.split("\t")]
        if len(cells) > 5:
            rows.append("\t".join([cells[4], "".join(cells[:3]), cells[3], *cells[5:]]))
    path = tmp_path / "projects.txt"
    path.write_text("\n".join(lines[:start] + rows + lines[end:]), encoding="utf-8")
    disc = parse(path)

    def cells(d):
        return sorted((r["code"], r["name"], r["project"], r["column"], r["amount"]) for r in cell_rows(d)
                      if r["kind"] == "project_expenditure")
    assert cells(disc) == cells(parsed(seed))
    assert not [f.message for f in check(disc).findings if f.rule.startswith(("ARITH", "K-", "X-T5-T7")) and f.severity == "error"]


def test_a_list_of_projects_by_their_code_lacks_no_parent_rows(tmp_path):
    """项目名称 | 功能分类科目编码 | … with only the projects' 项 codes (no class rows): a list,
    not the classification level by level, so K-CODE-PARENT asks for no parent rows."""
    from budgetlens.checks import check
    from budgetlens.text import strip_markup

    seed = "000_9131eab83374bb33"
    lines = (EXAMPLES / f"{seed}.txt").read_text(encoding="utf-8").split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.startswith("科目编码\t\t\t功能分类科目名称\t项目名称"))
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("表 8")) - 1
    head = [c.replace(" ", "") for c in lines[start].split("\t")]
    rows = ["\t".join(["项目名称", "功能分类科目编码", *head[5:]])]
    for line in lines[start + 3:end]:
        cells = [strip_markup(c) for c in line.split("\t")]
        if len(cells) > 5 and (cells[4] or cells[3] == "总计"):
            rows.append("\t".join([cells[4] or "合计", "".join(cells[:3]), *cells[5:]]))
    path = tmp_path / "projects.txt"
    path.write_text("\n".join(lines[:start] + rows + lines[end:]), encoding="utf-8")
    disc = parse(path)
    table = disc.table("project_expenditure")
    assert {(r.code, r.project) for r in table.rows if r.code} == \
        {(r.code, r.project) for r in parsed(seed).table("project_expenditure").rows if r.project}
    assert not [f.message for f in check(disc).findings if f.rule == "K-CODE-PARENT"]
