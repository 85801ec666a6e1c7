"""Three readings the 决算 probe (tests/probes_s42/finals.py) found wrong, each with its near miss:
- pdftotext -layout and -raw, a row Word broke across a page: the rest of its name ("事业单位医" /
  the header printed again / "疗") is the row's, not the header's nor a row of its own;
- pdftotext -raw, the side-by-side 收入支出决算总表: a label wrapped before its 行次 ("一、一般公共
  预算财政" / "拨款收入" / "1 906.05 …") leaves the amount on a row named by its 行次 alone, a
  reading the text cannot confirm: said (layout-lost), its figures not judged;
- a 三公 table whose only figures are counts (公务用车保有量（辆）) prints no money: it is empty."""

from __future__ import annotations

from decimal import Decimal

import pytest
from probes_s41 import gen
from probes_s42 import finals

from budgetlens.checks import check
from budgetlens.extract.rebuilt import labelled
from budgetlens.model import PrintedRow
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


# ---- -raw: a side-by-side label wrapped before its 行次 ---------------------------------------

WRAPPED = ("一、一般公共预算财政\n拨款收入\n1 906.05 一、社会保障和就业支\n出\n31 64.18\n二、政府性基金预算财\n政拨款收入\n"
           "2 二、卫生健康支出 32 34.40\n三、国有资本经营预算\n财政拨款收入\n3 三、农林水支出")
WHOLE = ("一、一般公共预算财政拨款收入 1 906.05 一、社会保障和就业支出 31 64.18\n二、政府性基金预算财政拨款收入 "
         "2 二、卫生健康支出 32 34.40\n三、国有资本经营预算财政拨款收入 3 三、农林水支出")


def lost_tables(disc) -> list[int]:
    return [i.provenance.table for i in disc.issues if i.code == "layout-lost-table"]


def test_a_summary_whose_labels_the_raw_text_cut_from_their_amounts_is_said_lost(tmp_path, texts):
    """Before: 906.05 and 64.18 stood on rows named "1" and "31", unsaid; 表1 was judged as read
    (ARITH-ITEM-SUM: 本年收入合计 926.05 against 20.00; ARITH-SIDE-CLASSES, X-T1-T3-CLASS)."""
    assert WRAPPED in texts["raw"]
    disc = parsed(tmp_path, texts["raw"])
    assert 0 in lost_tables(disc)
    assert "「收入支出决算总表」" in next(i.message for i in disc.issues if i.code == "layout-lost")
    assert not [(f.rule, f.message) for f in check(disc).findings if f.severity == "error"]


def test_the_same_summary_with_its_labels_whole_is_read_and_judged(tmp_path, texts):
    """The near miss: each label on the line of its 行次 and amount: read, confirmed, judged."""
    disc = parsed(tmp_path, texts["raw"].replace(WRAPPED, WHOLE))
    income = {r.name: [c.amount for c in r.cells] for r in disc.tables[0].rows if r.side == "income"}
    assert income["一、一般公共预算财政拨款收入"] == [Decimal("906.05")]
    assert 0 not in lost_tables(disc)


@pytest.mark.parametrize("name, number, has_label", [
    ("1", "", False), ("31", "", False), ("一、一般公共预算财政拨款收入", "1", True), ("总计", "12", True),
    ("", "", False)])
def test_a_row_named_by_a_number_alone_has_no_label(name, number, has_label):
    row = PrintedRow(index=0, name=name, row_number=number, line=1)
    assert labelled(row) == has_label


# ---- a 三公 table printing counts alone ---------------------------------------------------------

def three_counts_only(tmp_path, keep_money: bool = False, note: str = ""):
    blocks = finals.blocks("unit-2022-xlsx")
    three = [b for b in blocks if isinstance(b, gen.Grid)][6]
    for row in three.rows[1:7]:
        if not (keep_money and row[0] == "3.公务接待费"):
            row[1] = row[2] = None
    three.note = note
    return parse(gen.write_xlsx(blocks, tmp_path / "three.xlsx"))


def test_a_three_public_table_of_counts_alone_is_empty(tmp_path):
    """Before: the counts (kept unread) made it not empty, so no reason was asked for."""
    disc = three_counts_only(tmp_path)
    three = disc.tables[6]
    assert three.is_empty
    assert [c.text for r in three.rows for c in r.cells] == [v for _, v in finals.COUNTS]
    said = [f.message for f in check(disc).findings if f.rule == "C-EMPTY-NOTE"]
    assert len(said) == 1 and said[0].startswith("表7")


def test_a_note_says_why_the_counted_table_is_empty(tmp_path):
    disc = three_counts_only(tmp_path, note="注：本单位2022年度无“三公”经费财政拨款支出，故本表为空表。")
    assert disc.tables[6].is_empty
    assert not [f for f in check(disc).findings if f.rule.startswith("C-EMPTY-NOTE")]


def test_a_counted_table_printing_money_is_not_empty(tmp_path):
    """The near miss: one money figure beside the counts (公务接待费 4.00 | 2.85)."""
    disc = three_counts_only(tmp_path, keep_money=True)
    assert not disc.tables[6].is_empty
    assert not [f for f in check(disc).findings if f.rule == "C-EMPTY-NOTE"]
