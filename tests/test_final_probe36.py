"""Final accounts (决算) and office forms as units publish them (probe 36): a web page whose
body never names its unit or year, group headers over the amount columns, offices after a
colon, and a 部门决算 disclosure written as DOCX and XLSX."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import finals
import pytest

from budgetlens.pipeline import parse
from budgetlens.readers.html import read_html

PAGE = """<html><head><meta charset="utf-8"><title>{title}</title></head><body>
<div class="nav">首页 &gt; 政务公开 &gt; 财政预决算</div>
{opening}
<p>一、主要职能</p>
<p>负责全县农业农村发展规划。</p>
<p>部门收支总体情况表</p>
<p>单位：万元</p>
<table border="1">
<tr><td colspan="2">收入</td><td colspan="2">支出</td></tr>
<tr><td>项目</td><td>预算数</td><td>项目</td><td>预算数</td></tr>
<tr><td>一、一般公共预算拨款收入</td><td>120.50</td><td>一、农林水支出</td><td>120.50</td></tr>
<tr><td>本年收入合计</td><td>120.50</td><td>本年支出合计</td><td>120.50</td></tr>
<tr><td>收入总计</td><td>120.50</td><td>支出总计</td><td>120.50</td></tr>
</table>
</body></html>
"""


def page(tmp_path, title: str, opening: str = "<p>第一部分 部门概况</p>"):
    path = tmp_path / "page.html"
    path.write_text(PAGE.format(title=title, opening=opening), encoding="utf-8")
    return parse(path)


def test_the_page_title_names_unit_and_year_the_body_does_not(tmp_path):
    disc = page(tmp_path, "示例县农业农村局2025年部门预算公开_示例县人民政府")
    assert (disc.meta.unit_name, disc.meta.year, disc.meta.scope) == ("示例县农业农村局", 2025, "部门")
    doc = read_html(str(tmp_path / "page.html"), (tmp_path / "page.html").read_bytes())
    assert doc.title == "示例县农业农村局2025年部门预算公开_示例县人民政府"
    assert not any("人民政府" in ln.text for ln in doc.lines)        # the title is no line of text


def test_the_site_name_before_the_title_is_not_the_unit(tmp_path):
    disc = page(tmp_path, "示例县人民政府 - 关于示例县农业农村局2025年部门预算公开的说明")
    assert (disc.meta.unit_name, disc.meta.year) == ("示例县农业农村局", 2025)


def test_the_body_names_unit_and_year_before_the_page_title(tmp_path):
    """Near miss: where the body's cover names them, the <title> (another unit, another year:
    a page reused by the site) is not read."""
    opening = "<p>示例县林业局2024年部门预算</p><p>第一部分 部门概况</p>"
    disc = page(tmp_path, "示例县农业农村局2025年部门预算公开", opening)
    assert (disc.meta.unit_name, disc.meta.year) == ("示例县林业局", 2024)


def test_a_title_naming_no_document_and_a_body_heading_name_no_unit(tmp_path):
    """Near miss: the site's name alone is no document's title, and neither a numbered heading
    ("一、主要职能") nor a sentence is a unit's name."""
    disc = page(tmp_path, "示例县人民政府门户网站")
    assert (disc.meta.unit_name, disc.meta.year) == (None, None)


SEED = Path(__file__).resolve().parents[1] / "budgetlens" / "examples" / "000_9131eab83374bb33.txt"
EXPENDITURE_GROUP = "科目\t\t\t支出预算"        # the seed's 表3 header: 支出预算 over the amounts


def with_expenditure_group(tmp_path, group: str):
    text = SEED.read_text(encoding="utf-8")
    assert EXPENDITURE_GROUP in text
    path = tmp_path / "budget.txt"
    path.write_text(text.replace(EXPENDITURE_GROUP, f"科目\t\t\t{group}", 1), encoding="utf-8")
    return parse(path)


def expenditure_totals(disc) -> dict:
    return {f.coords.nature: f.amount for f in disc.facts
            if f.coords.table_kind == "expenditure" and f.coords.function_code is None and f.coords.economic_code is None}


def unmapped(disc) -> list[str]:
    return [i.message for i in disc.issues if i.code == "header-unmapped"]


def test_this_years_budget_over_the_amount_columns_is_a_group(tmp_path):
    """本年预算 printed over 合计 | 基本支出 | 项目支出 says only that they are this year's budget:
    no unknown header text, the columns read as under 支出预算."""
    disc = with_expenditure_group(tmp_path, "本年预算")
    assert unmapped(disc) == []
    assert expenditure_totals(disc) == {"total": D("277.90"), "basic": D("243.90"), "project": D("34.00")}


def test_last_years_budget_over_the_amount_columns_is_still_told(tmp_path):
    """Near miss: 上年预算 over the columns says they may be last year's: still told."""
    disc = with_expenditure_group(tmp_path, "上年预算")
    assert any("上年预算" in m for m in unmapped(disc))


OFFICES = "下设 4 个科室，分别是：综合科、运行维护科、技术服务科、安全保障科。"


def seed_offices(tmp_path, said: str):
    text = SEED.read_text(encoding="utf-8")
    assert OFFICES in text
    path = tmp_path / "offices.txt"
    path.write_text(text.replace(OFFICES, said, 1), encoding="utf-8")
    return parse(path).overview


@pytest.mark.parametrize("said", ["内设机构4个：人员编制15人，实有人数18人。", "内设机构4个：行政编制10名，事业编制5名。"])
def test_the_staffing_after_the_office_count_and_a_colon_is_no_office(tmp_path, said):
    assert seed_offices(tmp_path, said).offices == []


@pytest.mark.parametrize("said", ["内设机构4个：综合科、运行维护科、技术服务科、安全保障科；无下属单位。",
                                  "设4个内设机构，包括：综合科；运行维护科；技术服务科；安全保障科。"])
def test_offices_after_the_count_and_a_colon_are_read_to_their_clause(tmp_path, said):
    """Near miss: offices listed after the colon are read, up to their clause's end (or parted by ；)."""
    assert seed_offices(tmp_path, said).offices == ["综合科", "运行维护科", "技术服务科", "安全保障科"]


GPB_HEAD = "项目\t\t本年支出\t\t"          # tests/finals.py's 一般公共预算财政拨款支出决算表: 本年支出 over the amounts


@pytest.mark.parametrize("group", ["本年决算", "本年决算数"])
def test_this_years_actuals_over_a_final_tables_amounts_is_a_group(tmp_path, group):
    """本年决算 over 小计 | 基本支出 | 项目支出 says only that they are the year's actuals."""
    text = finals.final_accounts({GPB_HEAD: f"项目\t\t{group}\t\t"})
    path = tmp_path / "final.md"
    path.write_text(text, encoding="utf-8")
    disc = parse(path)
    assert unmapped(disc) == []
    totals = {f.coords.nature: f.amount for f in disc.facts
              if f.coords.table_kind == "gpb_expenditure" and f.coords.function_code is None}
    # transcribed from the books: 一般公共预算 basic and project spending summed (tests/finals.py)
    basic = sum(b for _, b, _ in finals.FUNCTIONS.values())
    project = sum(p for _, _, p in finals.FUNCTIONS.values())
    assert totals == {"total": basic + project, "basic": basic, "project": project}


def test_last_years_actuals_over_a_final_tables_amounts_is_still_told(tmp_path):
    """Near miss: 上年决算 over the columns says they may be last year's: still told."""
    path = tmp_path / "final.md"
    path.write_text(finals.final_accounts({GPB_HEAD: "项目\t\t上年决算\t\t"}), encoding="utf-8")
    assert any("上年决算" in m for m in unmapped(parse(path)))
