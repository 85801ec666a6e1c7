"""Three readings the 决算 probe (tests/probes_s42/finals.py) found wrong, each with its near miss:
- pdftotext -layout and -raw, a row Word broke across a page: the rest of its name ("事业单位医" /
  the header printed again / "疗") is the row's, not the header's nor a row of its own;
- pdftotext -raw, the side-by-side 收入支出决算总表: a label wrapped before its 行次 ("一、一般公共
  预算财政" / "拨款收入" / "1 906.05 …") leaves the amount on a row named by its 行次 alone, a
  reading the text cannot confirm: said (layout-lost), its figures not judged;
- a 三公 table whose only figures are counts (公务用车保有量（辆）) prints no money: it is empty."""

from __future__ import annotations

import pytest
from probes_s41 import gen
from probes_s42 import finals

from budgetlens.checks import check
from budgetlens.pipeline import parse


@pytest.fixture(scope="module")
def texts(tmp_path_factory):
    if gen.SOFFICE is None:
        pytest.skip("LibreOffice 未安装，无法打印 PDF")
    folder = tmp_path_factory.mktemp("final_breaks")
    return {mode: finals.build(f"county-2019-{mode}", folder).read_text() for mode in ("layout", "raw")}


def parsed(tmp_path, text: str, name: str = "t.txt"):
    path = tmp_path / name
    path.write_text(text)
    return parse(path)


def row_of(table, code: str):
    return next(r for r in table.rows if r.classified_code == code)


# ---- a name cut by a page break, under the header printed again -------------------------------

@pytest.mark.parametrize("mode", ["layout", "raw"])
def test_a_name_the_page_break_cut_joins_its_row(tmp_path, texts, mode):
    """Before: 2101102 read "事业单位医"; -layout took "疗" for header text (header-unmapped),
    -raw for a row of its own (a parent without amounts: ARITH-HIERARCHY on 表3)."""
    disc = parsed(tmp_path, texts[mode])
    spending = disc.tables[2]
    assert row_of(spending, "2101102").name == "事业单位医疗"
    assert not [r for r in spending.rows if r.name == "疗"]
    assert not [h for h in spending.header if "疗" in h.cells]
    assert not [i for i in disc.issues if i.code == "header-unmapped" and "表3" in i.message]
    assert not [f for f in check(disc).findings if f.severity == "error" and f.message.startswith("表3")]


@pytest.mark.parametrize("mode, whole", [
    ("layout", ("事业单位医      12.04", "事业单位医疗    12.04")),
    ("raw", ("事业单位医 12.04", "事业单位医疗 12.04"))])
def test_words_under_the_repeated_header_that_end_no_name_stay_apart(tmp_path, texts, mode, whole):
    """The near miss: the row before the break prints its whole name; the word under the header
    printed again would make it no name: it is not joined."""
    assert texts[mode].count(whole[0]) == 1
    disc = parsed(tmp_path, texts[mode].replace(whole[0], whole[1]))
    assert row_of(disc.tables[2], "2101102").name == "事业单位医疗"
