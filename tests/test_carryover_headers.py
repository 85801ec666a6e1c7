"""上年结转结余情况表 printed with a header of two or three levels other than the template's
(财政拨款 | 非财政拨款, each 小计 | 基本支出 (人员经费 | 公用经费) | 项目支出): each leaf column is
read at its own coordinates (source × nature) or reported unmapped, never at another column's.
Built from seed 002 (its table 11 replaced) as text, and as PDF and XLSX of the same table."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.pipeline import parse

# 上年结转结余 (合计 | 一般公共预算拨款 | 政府性基金预算拨款) beside 基本支出 (小计 | 人员经费 |
# 公用经费) | 项目支出: by source across, by nature after it
SOURCES = [["项目", "上年结转结余", "", "", "基本支出", "", "", "项目支出"],
           ["", "合计", "一般公共预算拨款", "政府性基金预算拨款", "小计", "人员经费", "公用经费", ""],
           ["总计", "30.00", "20.00", "10.00", "12.00", "8.00", "4.00", "18.00"],
           ["某某单位", "30.00", "20.00", "10.00", "12.00", "8.00", "4.00", "18.00"]]
SOURCES_CELLS = {(name, key, amount) for name in ("总计", "某某单位") for key, amount in [
    ("total", "30.00"), ("gpb", "20.00"), ("gov_fund", "10.00"), ("basic", "12.00"), ("personnel", "8.00"),
    ("public", "4.00"), ("project", "18.00")]}
SOURCES_COORDS = {"gpb": {"source": "fiscal_carryover_gpb"}, "gov_fund": {"source": "fiscal_carryover_gov_fund"},
                  "basic": {"source": "carryover", "nature": "basic"},
                  "personnel": {"source": "carryover", "nature": "personnel"},
                  "project": {"source": "carryover", "nature": "project"}}
# by fund across (一般公共预算拨款 | 政府性基金预算拨款), each split by nature below
FUNDS = [["项目", "合计", "一般公共预算拨款", "", "", "", "政府性基金预算拨款", "", "", ""],
         ["", "", "小计", "基本支出", "", "项目支出", "小计", "基本支出", "", "项目支出"],
         ["", "", "", "人员经费", "公用经费", "", "", "人员经费", "公用经费", ""],
         ["总计", "30.00", "20.00", "5.00", "3.00", "12.00", "10.00", "2.00", "1.00", "7.00"],
         ["某某单位", "30.00", "20.00", "5.00", "3.00", "12.00", "10.00", "2.00", "1.00", "7.00"]]
FUNDS_KEYS = ["total", "gpb", "gpb_personnel", "gpb_public", "gpb_project", "gov_fund", "gov_fund_personnel",
              "gov_fund_public", "gov_fund_project"]
FUNDS_CELLS = {(row[0], key, amount) for row in FUNDS[3:] for key, amount in zip(FUNDS_KEYS, row[1:])}
# the template's own layout
OWN = [["项目", "合计", "财政拨款", "", "", "", "非财政拨款", "", "", ""],
       ["", "", "小计", "基本支出", "", "项目支出", "小计", "基本支出", "", "项目支出"],
       ["", "", "", "人员经费", "公用经费", "", "", "人员经费", "公用经费", ""],
       *FUNDS[3:]]
OWN_KEYS = ["total", "fiscal", "fiscal_personnel", "fiscal_public", "fiscal_project", "nonfiscal",
            "nonfiscal_personnel", "nonfiscal_public", "nonfiscal_project"]
OWN_CELLS = {(row[0], key, amount) for row in FUNDS[3:] for key, amount in zip(OWN_KEYS, row[1:])}


def seed_with(tmp_path, rows: list[list[str]], name: str = "carry") -> Path:
    from conftest import EXAMPLES

    text = next(EXAMPLES.glob("002_*.txt")).read_text(encoding="utf-8")
    start = text.index("项目\t合计\t财政拨款\t\t\t\t非财政拨款")
    end = text.index("\n\n", text.index("特定目标 1210366P", start))
    path = tmp_path / f"{name}.txt"
    path.write_text(text[:start] + "\n".join("\t".join(r) for r in rows) + text[end:], encoding="utf-8")
    return path


def read(disc) -> set[tuple]:
    table = disc.table("carryover")
    return {(r.name, c.column, str(c.amount)) for r in table.rows for c in r.cells if c.amount is not None}


@pytest.mark.parametrize("rows,cells,variant", [
    (SOURCES, SOURCES_CELLS, "sources_and_natures"),
    (FUNDS, FUNDS_CELLS, "funds_by_nature"),
    (OWN, OWN_CELLS, None)], ids=["sources-and-natures", "funds-by-nature", "template-layout"])
def test_carryover_headers_read_each_leaf_at_its_coordinates(tmp_path, rows, cells, variant):
    """Before: both other layouts were read by the order of the template's columns — under
    sources-and-natures 10.00 (政府性基金预算拨款) as 财政拨款/人员经费 and 18.00 (项目支出) as
    非财政拨款/人员经费; under funds-by-nature 一般公共预算拨款's 小计 as 财政拨款 and 政府性基金's
    as 非财政拨款, with a note of unknown header text only. Now each is read by its header, and
    the template's own layout as before."""
    disc = parse(seed_with(tmp_path, rows))
    table = disc.table("carryover")
    assert table.template_table == "carryover#11" + (f"/{variant}" if variant else "")
    assert read(disc) == cells
    assert not table.header_unmapped
    if variant == "sources_and_natures":        # each leaf's coordinates: its source or nature
        for key, coords in SOURCES_COORDS.items():
            cell = next(c for r in table.rows for c in r.cells if c.column == key)
            fact = next(f for f in disc.facts if f.provenance == cell.provenance)
            assert {k: getattr(fact.coords, k) for k in coords} == coords, (key, fact.coords)


def test_carryover_header_of_levels_the_template_lacks_is_not_read_by_order(tmp_path):
    """财政拨款 over 一般公共预算 | 政府性基金, then 非财政拨款: no layout of the template names
    these. Before: read by order, 一般公共预算's 20.00 as 财政拨款 小计, 政府性基金's 10.00 as
    财政拨款/人员经费, 非财政拨款's 0.00 as 公用经费. Now the columns the header names are read (合计,
    and 非财政拨款 printed alone: its 小计), the others are not and each is said."""
    rows = [["项目", "合计", "财政拨款", "", "非财政拨款"], ["", "", "一般公共预算", "政府性基金", ""],
            ["总计", "30.00", "20.00", "10.00", "0.00"], ["某某单位", "30.00", "20.00", "10.00", "0.00"]]
    disc = parse(seed_with(tmp_path, rows))
    assert read(disc) == {(name, key, amount) for name in ("总计", "某某单位")
                          for key, amount in [("total", "30.00"), ("nonfiscal", "0.00")]}
    said = [i.message for i in disc.issues if i.code == "column-unmapped"]
    assert said == [f"第 {n} 列“{path}”对应不到模板的列（表头分层与模板不同，按列序读会错列），其金额未读入，请核对"
                    for n, path in [(3, "财政拨款/一般公共预算"), (4, "财政拨款/政府性基金")]]


def test_carryover_groups_printed_longer_are_still_the_templates(tmp_path):
    """财政拨款结转 | 非财政拨款结转 over the template's columns: the groups start with the
    template's, so the order stands (the header is not refused for the words it adds)."""
    rows = [[c.replace("财政拨款", "财政拨款结转") for c in OWN[0]], *OWN[1:]]
    disc = parse(seed_with(tmp_path, rows))
    assert read(disc) == OWN_CELLS
    assert not [i for i in disc.issues if i.code == "column-unmapped"]


# ---- PDF and XLSX ----------------------------------------------------------------------------

SOURCES_HTML = ("<tr><td rowspan=2>项目</td><td colspan=3>上年结转结余</td><td colspan=3>基本支出</td>"
                "<td rowspan=2>项目支出</td></tr><tr><td>合计</td><td>一般公共预算拨款</td><td>政府性基金预算拨款</td>"
                "<td>小计</td><td>人员经费</td><td>公用经费</td></tr>")
FUNDS_HTML = ("<tr><td rowspan=3>项目</td><td rowspan=3>合计</td><td colspan=4>一般公共预算拨款</td>"
              "<td colspan=4>政府性基金预算拨款</td></tr><tr><td rowspan=2>小计</td><td colspan=2>基本支出</td>"
              "<td rowspan=2>项目支出</td><td rowspan=2>小计</td><td colspan=2>基本支出</td><td rowspan=2>项目支出</td>"
              "</tr><tr><td>人员经费</td><td>公用经费</td><td>人员经费</td><td>公用经费</td></tr>")


def write_pdf(path, header: str, rows: list[list[str]], ruled: bool) -> Path:
    weasyprint = pytest.importorskip("weasyprint")
    border = "0.5pt solid #000" if ruled else "none"
    css = ("@page { size: A4 landscape; margin: 12mm; } body { font-family: 'Noto Sans CJK SC'; font-size: 9pt; } "
           f"table {{ border-collapse: collapse; }} td {{ border: {border}; padding: 1pt 4pt; text-align: center; }}")
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    weasyprint.HTML(string=f"<html><head><style>{css}</style></head><body><p>某某局2025年部门预算</p>"
                           f"<h3>上年结转结余情况表</h3><p>编制部门：某某局　　单位：万元</p><table>{header}{body}"
                           "</table></body></html>").write_pdf(str(path))
    return path


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_carryover_funds_by_nature_pdf(tmp_path, ruled):
    """The three-level header as a PDF, with and without rules: every cell at its coordinates
    (before: read as 财政拨款 | 非财政拨款 by the order of the columns)."""
    disc = parse(write_pdf(tmp_path / "funds.pdf", FUNDS_HTML, FUNDS[3:], ruled))
    assert disc.table("carryover").template_table == "carryover#11/funds_by_nature"
    assert read(disc) == FUNDS_CELLS


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_carryover_sources_and_natures_pdf(tmp_path, ruled):
    """The sources-and-natures header as a PDF: ruled, every cell at its coordinates; without
    rules the wide source headers over narrow amounts may leave a cell between two sources,
    then it is a candidate of both (said), never read at a wrong one."""
    disc = parse(write_pdf(tmp_path / "sources.pdf", SOURCES_HTML, SOURCES[2:], ruled))
    table = disc.table("carryover")
    assert table.template_table == "carryover#11/sources_and_natures"
    decided = {c for c in read(disc) if c[1]}
    assert decided <= SOURCES_CELLS
    if ruled:
        assert decided == SOURCES_CELLS
    for row in table.rows:
        for cell in row.cells:
            if cell.column is None:
                assert any((row.name, k, str(cell.amount)) in SOURCES_CELLS for k in cell.candidates)


def test_carryover_sources_and_natures_xlsx(tmp_path):
    """The same table in a workbook (header cells merged as a person lays them out)."""
    pytest.importorskip("xlsxwriter")
    from docgen import write_xlsx

    seed = seed_with(tmp_path, SOURCES)
    out = tmp_path / "carry.xlsx"
    write_xlsx(seed, out)
    disc = parse(out)
    assert disc.table("carryover").template_table == "carryover#11/sources_and_natures"
    assert read(disc) == SOURCES_CELLS
