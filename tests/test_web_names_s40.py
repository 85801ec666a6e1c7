"""The disclosure page in Chinese, session 40: a fact's table and column by their printed title
and label, a table kind by its Chinese name (the filter, the findings' 位置), a claim's kind and
direction in Chinese — before, the reader's keys (three_public, reception, decrease) were shown.
Over a real PDF (Shanghai Putuo, 万里街道 2024) whose 表9 is printed without its number."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from budgetlens.store import Ingest, open_engine
from budgetlens.web import create_app

WANLI = Path(__file__).resolve().parents[2] / "shared" / "real" / "sh-putuo-wanli-2024-dept-budget.pdf"
THREE_PUBLIC = "部门“三公”经费和机关运行经费预算表"      # its title as printed (page 31)


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('names') / 'store.db'}"
    Ingest(open_engine(url), workers=0).run([WANLI])
    with TestClient(create_app(url)) as c:
        c.doc = c.get("/api/disclosures").json()["items"][0]["id"]
        yield c


def rows_of(html: str) -> list[list[str]]:
    """Each body row's cells, as text (the heading's row has none)."""
    rows = [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.DOTALL)]
            for r in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.DOTALL)]
    return [r for r in rows if r]


def test_a_facts_table_and_column_are_named_as_printed(portal):
    got = portal.get(f"/disclosures/{portal.doc}/facts", params={"table_kind": "three_public"}).text
    assert "共 7 个金额（“三公”经费支出表）" in got
    rows = rows_of(got)
    reception = next(r for r in rows if r[6] == "1.35 万元")
    assert reception[0] == THREE_PUBLIC and reception[5] == "本年预算 公务接待费" and reception[4] == ""
    purchase = next(r for r in rows if r[6] == "25 万元")
    assert purchase[5] == "本年预算 购置费"
    for key in ("three_public", "reception", "vehicle_purchase", "operating_cost"):
        assert key not in " ".join(cell for row in rows for cell in row), key


def test_the_kind_filter_and_the_findings_places_are_in_chinese(portal):
    page = portal.get(f"/disclosures/{portal.doc}").text
    assert '<option value="three_public">“三公”经费支出表</option>' in page
    where = {f["rule"]: f["where"] for f in portal.get(f"/api/disclosures/{portal.doc}/findings").json()["findings"]}
    assert where["C-EMPTY-NOTE-CONTRADICTS"] == "“三公”经费支出表"
    assert where["T10-T6-LINES"] == "“三公”经费支出表 购置费"
    assert where["X-PROJECT-UNDER-BASIC-ITEM"] == "支出总表 2120101 项目支出"
    assert "<dd>“三公”经费支出表 购置费</dd>" in page


def test_a_claims_kind_and_direction_are_in_chinese(portal):
    page = portal.get(f"/disclosures/{portal.doc}").text
    section = page[page.index('<section id="claims">'):]
    rows = rows_of(section[:section.index("</table>")])
    # line 65 of the text: 财政拨款支出预算15621.11万元，比2023年预算减少876.75万元
    change = next(r for r in rows if r[1] == "增减额" and r[2] == "财政拨款支出")
    assert change[3] == "876.75 万元（减少）"
    assert not {r[1] for r in rows} & {"amount", "change", "rate", "prior"}
    assert "（decrease）" not in section and "（flat）" not in section


def test_a_finding_at_a_numbered_table_is_placed_as_printed(tmp_path):
    """A table printed with its number is 表N, its row and column as printed (the near miss:
    as before); a row a rule names by its item's key (a 三公 table printed with its items as
    rows) by the item's name as printed (before: 表10 vehicle_operation)."""
    from test_web_access import published_store
    with TestClient(create_app(published_store(tmp_path))) as c:
        places = [f["where"] for item in c.get("/api/disclosures").json()["items"]
                  for f in c.get(f"/api/disclosures/{item['id']}/findings").json()["findings"]]
    assert "表2 20805 行政事业单位养老支出 总计" in places
    assert "表10 公务用车运行费" in places
    assert not [w for w in places if re.search(r"[a-z]+_[a-z_]+", w)]


def test_the_template_and_the_files_format_are_named_in_chinese(portal):
    """Before: 模板 sh-district-dept-budget-2024 and （pdf，sha256 …）; the template's name is its
    file's own (budgetlens/templates/data/sh-district-dept-budget-2024.yaml: name)."""
    page = portal.get(f"/disclosures/{portal.doc}").text
    assert "<dt>模板</dt><dd>上海 区级部门预算（9 张表）（sh-district-dept-budget-2024）</dd>" in page
    assert "sh-putuo-wanli-2024-dept-budget.pdf（PDF，sha256" in page
