"""Text converted in the PDF's content-stream order (`pdftotext -raw`): a page that prints a
table's label and rows first and its title last. Expectations transcribed from the printed pages."""

from __future__ import annotations

import subprocess
from pathlib import Path

from budgetlens.pipeline import parse

REAL = Path(__file__).resolve().parents[2] / "shared" / "real"

COVER = "示例局2018年部门预算"
GPB_PAGE = ["公开01表", "部门：示例局 单位：万元", "功能科目代码 功能科目名称 金额", "合计 150.00",
            "201 一般公共服务支出 150.00", "20101 人大事务 150.00", "2010101 行政运行 150.00"]
GPB_TITLE = "一般公共预算支出预算表"
BASIC_PAGE = ["公开02表", "部门：示例局 单位：万元", "科目编码 科目名称 金额", "合计 80.00",
              "301 工资福利支出 80.00", "30101 基本工资 80.00"]
BASIC_TITLE = "一般公共预算基本支出预算表"
FISCAL_PAGE = ["公开03表", "部门：示例局 单位：万元", "功能科目代码 功能科目名称 金额", "合计 20.00",
               "208 社会保障和就业支出 20.00"]
FISCAL_TITLE = "财政拨款支出预算表"


def write(tmp_path, pages: list[list[str]]) -> Path:
    path = tmp_path / "raw.txt"
    path.write_text(COVER + "\n\f" + "\f".join("\n".join(p) + "\n" for p in pages) + "\f", encoding="utf-8")
    return path


def amounts(table) -> dict[str, str]:
    return {r.code or r.name: str(c.amount) for r in table.rows for c in r.cells if c.amount is not None}


def raw_text(tmp_path, name: str) -> Path:
    """The real PDF converted as people do with pdftotext -raw (its content-stream order)."""
    out = tmp_path / (name + ".raw.txt")
    subprocess.run(["pdftotext", "-raw", str(REAL / (name + ".pdf")), str(out)], check=True, timeout=60)
    return out


def raw_pages() -> list[list[str]]:
    """Each page as pdftotext -raw prints it: label, rows, then the title."""
    return [GPB_PAGE + [GPB_TITLE], BASIC_PAGE + [BASIC_TITLE]]


def test_title_under_rows_reads_its_own_page(tmp_path):
    disc = parse(write(tmp_path, raw_pages()))
    gpb, basic = disc.table("gpb_expenditure"), disc.table("basic_expenditure")
    assert amounts(gpb) == {"合计": "150.00", "201": "150.00", "20101": "150.00", "2010101": "150.00"}
    assert amounts(basic) == {"合计": "80.00", "301": "80.00", "30101": "80.00"}
    assert (gpb.label, basic.label) == ("公开01表", "公开02表")


def test_title_under_rows_keeps_the_rows_provenance(tmp_path):
    disc = parse(write(tmp_path, raw_pages()))
    row = next(r for r in disc.table("gpb_expenditure").rows if r.code == "2010101")
    assert row.cells[0].provenance.line == 8            # line 1 the cover, line 2 the label


def test_title_above_rows_is_left_alone(tmp_path):
    pages = [[GPB_PAGE[0], GPB_TITLE] + GPB_PAGE[1:], [BASIC_PAGE[0], BASIC_TITLE] + BASIC_PAGE[1:]]
    disc = parse(write(tmp_path, pages))
    assert amounts(disc.table("gpb_expenditure")) == {"合计": "150.00", "201": "150.00", "20101": "150.00",
                                                      "2010101": "150.00"}
    assert amounts(disc.table("basic_expenditure")) == {"合计": "80.00", "301": "80.00", "30101": "80.00"}


def test_two_titles_under_rows_on_a_page_read_no_other_table(tmp_path):
    pages = [GPB_PAGE + [GPB_TITLE], BASIC_PAGE + [BASIC_TITLE] + FISCAL_PAGE + [FISCAL_TITLE]]
    disc = parse(write(tmp_path, pages))
    assert amounts(disc.table("gpb_expenditure"))["2010101"] == "150.00"
    assert disc.table("basic_expenditure").rows == []
    assert disc.table("fiscal_expenditure").rows == []
    said = [i.message for i in disc.issues if "标题印在表中数字之后" in i.message]
    assert len(said) == 2 and BASIC_TITLE in said[0] and FISCAL_TITLE in said[1]


def test_two_tables_on_a_page_titled_above_their_rows_are_left_alone(tmp_path):
    pages = [[GPB_PAGE[0], GPB_TITLE] + GPB_PAGE[1:],
             [BASIC_PAGE[0], BASIC_TITLE] + BASIC_PAGE[1:] + [FISCAL_PAGE[0], FISCAL_TITLE] + FISCAL_PAGE[1:]]
    disc = parse(write(tmp_path, pages))
    assert amounts(disc.table("basic_expenditure")) == {"合计": "80.00", "301": "80.00", "30101": "80.00"}
    assert amounts(disc.table("fiscal_expenditure")) == {"合计": "20.00", "208": "20.00"}
    assert not any("标题印在表中数字之后" in i.message for i in disc.issues)


def test_real_raw_text_reads_each_table_from_its_own_page(tmp_path):
    disc = parse(raw_text(tmp_path, "js-prov-zxbgt-2018-dept-budget.tables"))
    # 公开01表 (page 1): 收入合计 10,150.48; 公开05表 (page 5): 2010201 行政运行 4,432.78;
    # 公开06表 (page 6): 30101 基本工资 854.47; 公开12表 (page 12, the last): 培训费 16.00
    assert amounts(disc.table("summary"))["收入合计"] == "10150.48"
    fiscal = disc.table("fiscal_expenditure")
    assert amounts(fiscal)["2010201"] == "4432.78" and "30101" not in amounts(fiscal)
    assert amounts(disc.table("fiscal_basic_expenditure"))["30101"] == "854.47"
    assert disc.table("procurement") is not None
    assert disc.table("summary").label == "公开01表"


def test_real_raw_text_opened_by_its_unit_line_reads_each_table_from_its_pages(tmp_path):
    disc = parse(raw_text(tmp_path, "sh-city-czj-2025-unit-budget"))
    # page 10: 201 06 01 行政运行 84,861,719 (合计); page 11 carries the table on: 221 02 03 购房补贴 11,800,000
    expenditure = amounts(disc.table("expenditure"))
    assert expenditure["2010601"] == "84861719" and expenditure["2210203"] == "11800000"
    # page 17, after page 16's empty table titled above its header: 301 01 基本工资 13,150,000
    assert amounts(disc.table("basic_expenditure"))["30101"] == "13150000"
    # page 12, 财政拨款收支预算总表: none of page 13's classified rows
    assert not any(r.code for r in disc.table("fiscal_summary").rows)


def test_next_title_at_the_foot_of_a_page_opened_by_a_unit_line_is_left_alone(tmp_path):
    # -layout text: 表1 goes on over a page that repeats its unit line, and the next table's
    # title falls to that page's foot, its rows on the page after
    pages = [[GPB_PAGE[0], GPB_TITLE] + GPB_PAGE[1:5],
             ["单位：万元"] + GPB_PAGE[5:] + [BASIC_TITLE],
             BASIC_PAGE[1:]]
    disc = parse(write(tmp_path, pages))
    assert amounts(disc.table("gpb_expenditure")) == {"合计": "150.00", "201": "150.00", "20101": "150.00",
                                                      "2010101": "150.00"}
    assert amounts(disc.table("basic_expenditure")) == {"合计": "80.00", "301": "80.00", "30101": "80.00"}
