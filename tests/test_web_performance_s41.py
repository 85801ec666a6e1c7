"""The 绩效目标表s on a disclosure's page (the 绩效目标 section) and in the API
(/api/disclosures/ID/performance), read from a store ingested from the seeds, seed 000 changed
so that rules on its 绩效目标表s fail: the department table's weights sum to 95, the first
project table prints 15.00 万元 where 表7 and its own text give 13.00."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

pytest.importorskip("httpx")
from conftest import EXAMPLES
from fastapi.testclient import TestClient
from lxml import html

from budgetlens.model.findings import Evidence
from budgetlens.model.provenance import Provenance
from budgetlens.pipeline import parse
from budgetlens.store import Ingest, open_engine
from budgetlens.web import create_app
from budgetlens.web.performance import performance

BUREAU = "克孜勒苏柯尔克孜自治州数字化发展局"        # seed 003, 2025: 1 department and 6 project tables
CENTRE = "克孜勒苏柯尔克孜自治州电子政务服务中心"      # seed 000, 2026 (changed here)
OFFICE = "克孜勒苏柯尔克孜自治州人民政府办公室"        # seed 002, 2026
FIRST_PROJECT = "克州电子政务内外网运行维护费项目"


def changed_seed_000(folder: Path) -> Path:
    """Seed 000 with the department table's first weight 25 (sum 95) and the first project
    table's 年度预算总额 and 财政拨款 15.00 (表7 and the table's text: 13)."""
    lines = (EXAMPLES / "000_9131eab83374bb33.txt").read_text(encoding="utf-8").split("\n")
    assert lines[565].endswith("2026 年工作计划\t20")
    lines[565] = lines[565][:-2] + "25"
    money = "年度预算总额\t13.00\t其中：财政拨款\t13.00"
    assert money in lines[577]
    lines[577] = lines[577].replace(money, money.replace("13.00", "15.00"))
    path = folder / "000_changed.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("perf-web")
    url = f"sqlite:///{folder / 'store.db'}"
    seeds = [EXAMPLES / f"{s}.txt" for s in ("001_bb7d043ad2da133b", "002_4e0ed6e09b019fe1", "003_051c06d5053f29b3")]
    Ingest(open_engine(url), workers=0).run([changed_seed_000(folder), *seeds])
    return url, folder


@pytest.fixture(scope="module")
def client(store):
    with TestClient(create_app(store[0])) as c:
        yield c


def doc_id(client, unit: str, year: int) -> int:
    items = client.get("/api/disclosures", params={"q": unit, "year": year}).json()["items"]
    assert len(items) == 1, items
    return items[0]["id"]


def section(client, doc: int):
    r = client.get(f"/disclosures/{doc}")
    assert r.status_code == 200
    tree = html.fromstring(r.text)
    return tree, tree.get_element_by_id("performance")


def text(element) -> str:
    return " ".join(element.text_content().split())


def cells(row) -> list[str]:
    return [text(td) for td in row.xpath("td")]


# -- the page ------------------------------------------------------------------------------------------
def test_the_page_shows_each_table_its_money_and_indicators_with_their_lines(client):
    _, perf = section(client, doc_id(client, BUREAU, 2025))
    articles = perf.xpath(".//article[@class='performance']")
    assert [a.get("id") for a in articles] == [f"perf-{n}" for n in range(1, 8)]
    department, hotline = text(articles[0]), text(articles[1])
    assert department.startswith("部门整体绩效目标表") and "2025 年度" in department
    # 上级安排 | 本级安排 | 其他, each with its line (seed 003 lines 1191, 1193, 1195)
    funds = [cells(tr) for tr in articles[0].xpath(".//table[contains(@class,'funds')]/tbody/tr")]
    assert funds == [["上级安排", "0.00", "003_051c06d5053f29b3.txt 第 1191 行"],
                     ["本级安排", "417.37", "003_051c06d5053f29b3.txt 第 1193 行"],
                     ["其他", "0.00", "003_051c06d5053f29b3.txt 第 1195 行"]]
    assert "项目支出绩效目标表：克州12345政务服务便民热线经费项目" in hotline
    assert "资金总额 101.34 万元" in hotline and "项目总体目标：项目资金101.34万元" in hotline
    rows = [cells(tr) for tr in articles[1].xpath(".//table[contains(@class,'indicators')]/tbody/tr")]
    assert rows[0] == ["产出指标", "数量指标", "维护服务器数（台）", "=3台", "计划标准", "5", "3台",
                       "003_051c06d5053f29b3.txt 第 1331 行"]
    assert len(rows) == 16


def test_the_page_says_the_rows_left_unread_and_the_names_it_is_unsure_of(client):
    _, perf = section(client, doc_id(client, BUREAU, 2025))
    hotline, network = perf.get_element_by_id("perf-2"), perf.get_element_by_id("perf-3")
    assert "未能读出的指标行" in text(hotline) and "第 1498 行（权重 10）" in text(hotline)
    assert "第 1713 行（权重 10）；003_051c06d5053f29b3.txt 第 1724 行（权重 10）" in text(network)
    unsure = [text(tr.xpath("td")[2]) for tr in hotline.xpath(".//tr[@class='unsure']")]
    assert unsure == ["系统正常运行率（%）", "群众诉求满意率（%）"]
    # the department table reads every row: nothing said of unread rows or unsure names
    department = perf.get_element_by_id("perf-1")
    assert "未能读出" not in text(department) and not department.xpath(".//tr[@class='unsure']")


def test_findings_of_the_rules_stand_beside_the_table_they_concern(client):
    tree, perf = section(client, doc_id(client, CENTRE, 2026))
    rules = {a.get("id"): [text(x) for x in a.xpath(".//ul[@class='perf-findings']/li/a")]
             for a in perf.xpath(".//article[@class='performance']")}
    # the weights of the department table; the amount of the first project table (three
    # findings: against 表7, against its own text's total and fiscal money); the other two none
    assert rules == {"perf-1": ["[P-WEIGHT-SUM]"], "perf-2": ["[P-PROJECT-AMOUNT]"] * 3, "perf-3": [], "perf-4": []}
    assert "权重合计 95" in text(perf.get_element_by_id("perf-1"))
    # each links to the finding under 核对发现, which links back to its table
    for link in perf.get_element_by_id("perf-2").xpath(".//ul[@class='perf-findings']/li/a"):
        finding = tree.get_element_by_id(link.get("href")[1:])
        assert finding.xpath(".//a[@class='to-table']/@href") == ["#perf-2"]
    # findings of other rules are not the section's (seed 000's tables have their own)
    assert not [a for a in tree.xpath("//li[contains(@class,'finding')]") if "P-" not in text(a)
                and a.xpath(".//a[@class='to-table']")]


def test_a_document_without_findings_on_its_tables_shows_none(client):
    tree, perf = section(client, doc_id(client, OFFICE, 2026))
    assert perf.xpath(".//article[@class='performance']") and not perf.xpath(".//ul[@class='perf-findings']")
    assert tree.xpath("//li[contains(@class,'finding')]")          # the document has findings of other rules
    assert not tree.xpath("//a[@class='to-table']")


def finding(rule: str, fid: int, line: int | None = None, file: str = "a.txt", row: str | None = None) -> dict:
    evidence = [] if line is None else [Evidence(role="绩效目标表", text="…", provenance=Provenance(file=file, line=line))
                                        .model_dump(mode="json", exclude_none=True)]
    return {"id": fid, "rule": rule, "severity": "warning", "title": "", "message": rule, "evidence": evidence,
            "location": {"row": row} if row else {}}


def test_a_finding_goes_to_the_table_it_cites_by_file_and_line_else_to_the_section():
    model = parse(EXAMPLES / "000_9131eab83374bb33.txt")
    file = model.narrative.performance[1].provenance.file
    got = performance(model, [
        finding("P-WEIGHT-SUM", 1, 572, file),                     # the first project table's first line
        finding("P-WEIGHT-SUM", 2, 572, "other.txt"),              # another file's line 572: no table's
        finding("P-USES-SUM", 3, row="克州人民政府门户网站运行维护费项目"),   # no line, the project named
        finding("C-PROJECT-PERFORMANCE", 4, 314, file),            # a 表7 project without a table
        finding("N-AMOUNT", 5, 572, file),                         # not a rule on 绩效目标表
        finding("P-DEPARTMENT-AMOUNT", 6, 563, file),             # the department table's 本级安排 line
    ])
    assert [[f["id"] for f in t["findings"]] for t in got["tables"]] == [[6], [1], [3], []]
    assert [f["id"] for f in got["findings"]] == [2, 4]


def test_a_finding_on_a_table_of_the_other_kind_is_no_sections():
    """?kind=project leaves the department's table out, and its findings with it (they were
    given as the section's, concerning no table)."""
    model = parse(EXAMPLES / "000_9131eab83374bb33.txt")
    file = model.narrative.performance[0].provenance.file
    got = performance(model, [finding("P-DEPARTMENT-AMOUNT", 6, 563, file), finding("C-PROJECT-PERFORMANCE", 4, 314, file)],
                      "project")
    assert all(t["kind"] == "project" for t in got["tables"]) and got["tables"]
    assert [f["id"] for f in got["findings"]] == [4]


# -- fast for many tables --------------------------------------------------------------------------------
def test_a_document_of_fifty_project_tables_shows_them_all_at_once(tmp_path):
    """Seed 000 with its first project table printed 50 times more, under other names: 54
    tables, 591 indicators, on the page in well under a second (about 0.1 s here)."""
    lines = (EXAMPLES / "000_9131eab83374bb33.txt").read_text(encoding="utf-8").split("\n")
    block = lines[571:592]
    assert block[0].startswith("## 项目支出绩效目标表") and FIRST_PROJECT in "".join(block)
    copies = [line.replace(FIRST_PROJECT, f"克州测试运行维护第{n}项目") for n in range(1, 51) for line in block]
    path = tmp_path / "many.txt"
    path.write_text("\n".join(lines[:592] + copies + lines[592:]), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'many.db'}"
    Ingest(open_engine(url), workers=0).run([path])
    with TestClient(create_app(url)) as c:
        c.get("/disclosures/1")                  # (templates compiled, rules loaded)
        start = time.perf_counter()
        r = c.get("/disclosures/1")
        seconds = time.perf_counter() - start
    tree = html.fromstring(r.text)
    articles = tree.xpath("//article[@class='performance']")
    assert len(articles) == 54 and len(tree.xpath("//table[contains(@class,'indicators')]/tbody/tr")) == 591
    assert "克州测试运行维护第50项目" in text(articles[51])       # (the copies follow the first project table)
    assert seconds < 2, seconds


# -- the API ---------------------------------------------------------------------------------------------
def test_the_api_gives_each_table_as_the_model_reads_it(client):
    doc = doc_id(client, BUREAU, 2025)
    r = client.get(f"/api/disclosures/{doc}/performance")
    assert r.status_code == 200
    got = r.json()
    model = parse(EXAMPLES / "003_051c06d5053f29b3.txt").narrative.performance
    assert [(t["number"], t["kind"], t["kind_name"], t["project"], t["amount"], t["unit"], t["year"]) for t in got["tables"]] == \
        [(n, t.kind, "部门整体绩效目标表" if t.kind == "department" else "项目支出绩效目标表", t.project,
          None if t.amount is None else str(t.amount), t.unit, t.year) for n, t in enumerate(model, start=1)]
    for t, m in zip(got["tables"], model):
        assert [(i["level1"], i["level2"], i["level3"], i["value"], i["basis"], i["weight"], i["prior"], i["unsure"],
                 i["line"]) for i in t["indicators"]] == \
            [(i.level1, i.level2, i.level3, i.value, i.basis, None if i.weight is None else str(i.weight), i.prior,
              i.unsure, i.line) for i in m.indicators]
        assert [(u["line"], u["weight"]) for u in t["unread"]] == list(zip(m.unread_rows, map(str, m.unread_weights)))
    first = got["tables"][1]["indicators"][0]
    assert first["target"] == {"op": "=", "number": "3", "unit": "台"}
    assert first["where"] == "003_051c06d5053f29b3.txt 第 1331 行"
    # amounts are exact text with their unit: never a float
    assert got["tables"][0]["funds"][1] == {"kind": "fiscal", "kind_name": "财政资金", "label": "本级安排",
                                            "amount": "417.37", "line": 1193,
                                            "where": "003_051c06d5053f29b3.txt 第 1193 行"}
    assert got["findings"] == []


def test_the_api_names_files_not_the_servers_folders_and_gives_the_findings(client, store):
    doc = doc_id(client, CENTRE, 2026)
    r = client.get(f"/api/disclosures/{doc}/performance")
    assert str(store[1]) not in r.text and r.json()["tables"][0]["provenance"]["file"] == "000_changed.txt"
    assert [[f["rule"] for f in t["findings"]] for t in r.json()["tables"]] == \
        [["P-WEIGHT-SUM"], ["P-PROJECT-AMOUNT"] * 3, [], []]
    projects = client.get(f"/api/disclosures/{doc}/performance", params={"kind": "project"}).json()["tables"]
    assert [t["number"] for t in projects] == [2, 3, 4] and {t["kind"] for t in projects} == {"project"}


def test_the_api_refuses_what_it_does_not_hold(client):
    assert client.get("/api/disclosures/99999/performance").json() == {"detail": "没有编号为 99999 的文件"}
    r = client.get(f"/api/disclosures/{doc_id(client, BUREAU, 2025)}/performance", params={"kind": "部门"})
    assert r.status_code == 422


def test_the_api_docs_page_lists_the_call_and_the_export_options(client):
    page = html.fromstring(client.get("/api/docs").text)
    calls = {text(s.xpath("h2")[0]): s for s in page.xpath("//section[@class='api-call']")}
    perf = calls["GET /api/disclosures/{doc_id}/performance"]
    assert "绩效目标表" in text(perf) and "department（部门整体绩效目标表）或 project" in text(perf)
    export = text(calls["GET /api/export/{fmt}"])
    assert "indicators" in export and "英文标识" in export
