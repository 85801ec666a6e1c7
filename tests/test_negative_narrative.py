"""Negative figures in the narrative: an amount printed with a minus, an accountant's △/▲ or in
brackets before its unit ("年初结转和结余（10.50）万元") is the negative it is, its subject the words
before the mark; a change or rate whose figure bears a mark ("增加-12.50万元", "比上年△12.50万元",
"增长▲2.01%") is a decrease. A bracket that holds words or the unit — last year's figure, a part
included — is an aside, never a sign. The checks agree with tables that print the negatives."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

import finals
from budgetlens.checks import check
from budgetlens.checks.rules.breakdowns import parts, totals
from budgetlens.extract.narrative import NUMBER
from budgetlens.pipeline import parse
from test_claims import GPB_002, reworded_002

# 年初财政拨款结转和结余 -12.50 and 非财政 2.00: the 年初结转和结余 of 表1 is -10.50
CARRY_IN = -D("10.50")
INCOME_ANCHOR = "二、收入决算情况说明"


@pytest.fixture
def advanced(monkeypatch, tmp_path):
    """The 决算 of tests/finals.py with last year's money advanced, its tables printing the
    negatives in brackets; `write(sentence)` puts the sentence under 二、收入决算情况说明 and
    returns the parse and its errors and warnings."""
    monkeypatch.setattr(finals, "CARRY_IN", (D("-12.50"), D("2.00")))
    monkeypatch.setattr(finals, "fmt", lambda x: "" if x is None or x == 0 else
                        f"{x:,.2f}" if x > 0 else f"（{-x:,.2f}）")
    f = finals.figures()
    assert f["carry_in"] == CARRY_IN and f["fiscal_in"] + f["other_in"] == D("850.00")
    total = f["carry_in"] + f["fiscal_in"] + f["other_in"]
    rate = (D("40.00") / (total - D("40.00")) * 100).quantize(D("0.01"))

    def write(sentence: str):
        text = finals.final_accounts({"增长4.88%": f"增长{rate}%", INCOME_ANCHOR: f"{INCOME_ANCHOR}\n\n{sentence}"})
        path = tmp_path / "final.md"
        path.write_text(text, encoding="utf-8")
        disc = parse(path)
        return disc, [x for x in check(disc).findings if x.severity in ("error", "warning")]
    return write


def claims_of(disc, sentence: str) -> list[tuple]:
    """(kind, concept, value, direction, implied prior, printed text) of the sentence's claims."""
    return [(c.kind, c.subject.concept, c.value, c.direction, c.implied_prior, c.text)
            for c in disc.narrative.claims if c.sentence.strip("。") in sentence]


@pytest.mark.parametrize("printed", ["-10.50", "－10.50", "−10.50", "△10.50", "▲10.50", "（10.50）", "(10.50)"])
def test_a_negative_amount_in_a_sentence(advanced, printed):
    """Was read as 10.50 of "年初结转和结余-" (or, in brackets, not at all); the table's -10.50
    then disagreed with it."""
    sentence = f"{finals.YEAR}年度年初结转和结余{printed}万元。"
    disc, findings = advanced(sentence)
    assert claims_of(disc, sentence) == [("amount", "carryover", D("-10.50"), None, None, f"{printed}万元")]
    assert next(c for c in disc.narrative.claims if c.value == D("-10.50")).subject.text == "年初结转和结余"
    assert not findings, [x.message for x in findings]


def test_a_bracketed_prior_or_part_is_no_negative(advanced):
    """Brackets that hold last year's figure or a part included, words and unit inside: a
    figure of their own, positive."""
    sentence = (f"{finals.YEAR}年度年初结转和结余（10.50）万元（上年：120.00万元），"
                "财政拨款收入830.00万元（含上年追加10.50万元）。")
    disc, findings = advanced(sentence)
    assert claims_of(disc, sentence) == [
        ("amount", "carryover", D("-10.50"), None, None, "（10.50）万元"),
        ("prior", "carryover", D("120.00"), None, None, "120.00万元"),
        ("amount", "fiscal:total", D("830.00"), None, None, "830.00万元"),
        ("amount", None, D("10.50"), None, None, "10.50万元")]
    assert not findings, [x.message for x in findings]


@pytest.mark.parametrize("change, rate", [("减少20.50万元", "下降205.00%"), ("增加-20.50万元", "增长-205.00%"),
                                          ("△20.50万元", "增幅为△205.00%"), ("增加（20.50）万元", "增长▲205.00%")])
def test_a_change_of_a_negative_amount(advanced, change, rate):
    """From 10.00 last year to -10.50: a decrease of 20.50, however the sign is printed; the
    change measured from the negative amount (prior 10.00), its rate right."""
    sentence = f"{finals.YEAR}年度年初结转和结余（10.50）万元，比上年{change}，{rate}。"
    disc, findings = advanced(sentence)
    got = claims_of(disc, sentence)
    assert [g[:5] for g in got] == [("amount", "carryover", D("-10.50"), None, None),
                                    ("change", "carryover", D("20.50"), "decrease", D("10.00")),
                                    ("rate", "carryover", D("205.00"), "decrease", None)]
    assert not findings, [x.message for x in findings]


def test_an_increase_to_a_negative_amount_is_no_impossible_change(advanced):
    """-15.50 last year, -10.50 now: an increase of 5.00 whose prior is negative, as a carry-over
    may be (N-CHANGE-DIRECTION said the prior "应 ≥ 0")."""
    sentence = f"{finals.YEAR}年度年初结转和结余-10.50万元，比上年增加5.00万元。"
    disc, findings = advanced(sentence)
    assert claims_of(disc, sentence)[1][:5] == ("change", "carryover", D("5.00"), "increase", D("-15.50"))
    assert not findings, [x.message for x in findings]


def test_a_breakdown_with_a_negative_part_adds_up(advanced):
    """收入总计 839.50 = 本年收入 850.00 + 年初结转和结余 -10.50: the parts read as printed add up
    (the bracket was dropped as an aside: 860.50, "分项之和超过总数")."""
    for printed in ("（10.50）", "-10.50", "△10.50"):
        sentence = f"{finals.YEAR}年度收入总计839.50万元，其中：本年收入合计850.00万元，年初结转和结余{printed}万元。"
        disc, findings = advanced(sentence)
        assert not [x.message for x in findings if x.rule == "N-BREAKDOWN-SUM"], printed
        assert (disc, sentence) and claims_of(disc, sentence)[-1][2] == D("-10.50")


def test_a_breakdown_to_other_with_a_negative_part():
    """"其中：财政拨款 A，其他收入 -3.00": complete to 其他, the parts add up with the negative."""
    assert [p.figures["万元"][0] for p in parts("财政拨款收入850.00万元，其他收入-3.00万元", "本年收入")] == \
        [D("850.00"), D("-3.00")]
    assert [p.figures["万元"][0] for p in parts("财政拨款收入850.00万元，其他收入（3.00）万元（含利息（1.00）万元）")] == \
        [D("850.00"), D("-3.00")]
    assert totals("年初结转和结余（10.50）万元") == {"万元": (D("-10.50"), 2)}


@pytest.mark.parametrize("sentence, wrong", [
    ("比上年预算△35.22万元，下降2.01%", False),
    ("比上年预算−35.22万元，同比△2.01%", False),
    ("较上年预算增加△35.22万元，增长▲2.01%", False),
    ("较上年预算增减－35.22万元，增减幅度（2.01）%", False),
    ("比上年预算减少35.22万元，增长-2.01%", False),
    ("比上年预算增加35.22万元，增长2.01%", True),
])
def test_a_decrease_marked_on_its_figure(tmp_path, sentence, wrong):
    """A mark on the change's figure makes it a decrease whatever the word before ("下降2.01%"
    and "增长-2.01%" state one change); the table's figures agree, a plain increase does not."""
    disc, errors = reworded_002(tmp_path, (GPB_002, "一般公共预算 1,719.05 万元，占 97.73%，" + sentence))
    change = next(c for c in disc.narrative.claims if c.kind == "change" and c.value == D("35.22"))
    rate = next(c for c in disc.narrative.claims if c.kind == "rate" and c.value == D("2.01"))
    assert change.subject.concept == rate.subject.concept == "source:gpb"
    if wrong:
        assert errors
        return
    assert (change.direction, change.basis, change.implied_prior) == ("decrease", "上年预算", D("1754.27"))
    assert rate.direction == "decrease"
    assert not errors, [x.message for x in errors]


def test_a_mark_after_a_decrease_word_is_read_as_a_decrease_and_noted(tmp_path):
    """"减少▲35.22万元": the mark restates the word (a signed column copied into words); read as
    a decrease, not as minus a minus, and said in a parse note."""
    disc, errors = reworded_002(tmp_path, (GPB_002, "一般公共预算 1,719.05 万元，占 97.73%，比上年预算减少▲35.22万元，"
                                                    "下降-2.01%"))
    assert {c.direction for c in disc.narrative.claims if c.value in (D("35.22"), D("2.01"))} == {"decrease"}
    notes = [i.message for i in disc.issues if i.code == "narrative-sign"]
    assert len(notes) == 2 and "▲35.22万元" in notes[0], notes
    assert not errors, [x.message for x in errors]


@pytest.mark.parametrize("text, figures", [
    ("2024-2026年共安排5个项目", [("5个", "")]),
    ("COVID-19人", [("19人", "")]),
    ("其他支出（10）项目", []),
    ("（表1）单位：万元", []),
    ("（2024）年", []),
    ("比上年预算（93.40万元）减少", [("93.40万元", "")]),
    ("分别减少-10.00、▲5.00万元", [("-10.00", "-"), ("▲5.00万元", "▲")]),
])
def test_what_is_no_negative_mark(text, figures):
    """A dash between numbers or after a letter, a bracket around a note, a label or a year, a
    bracket holding the unit too: no negative."""
    assert [(m.group(0).strip(), m.group("sign")) for m in NUMBER.finditer(text)] == figures


# ---- a plus sign: a positive said so ------------------------------------------------------------

@pytest.mark.parametrize("change", ["增加+5.00万元", "增加＋5.00万元", "增减+5.00万元", "增减＋5.00万元", "+5.00万元",
                                    "＋5.00万元"])
def test_a_plus_before_a_change_is_an_increase(advanced, change):
    """-15.50 last year, -10.50 now: "增减+5.00万元" and "比上年+5.00万元" state the increase
    (before: the plus cut the figure from its verb, read as an amount 5.00 of nothing)."""
    sentence = f"{finals.YEAR}年度年初结转和结余-10.50万元，比上年{change}。"
    disc, findings = advanced(sentence)
    assert claims_of(disc, sentence)[1] == ("change", "carryover", D("5.00"), "increase", D("-15.50"),
                                            change.lstrip("增加减"))
    assert not findings, [x.message for x in findings]


@pytest.mark.parametrize("sentence, direction", [
    ("比上年预算增减+35.22万元，增长+2.01%", "increase"),
    ("比上年预算＋35.22万元，同比＋2.01%", "increase"),
    ("比上年预算增加+35.22万元，增幅为＋2.01%", "increase"),
    ("比上年预算减少+35.22万元，下降+2.01%", "decrease"),        # the word says which way; the plus, positive
])
def test_a_plus_on_a_change_and_its_rate(tmp_path, sentence, direction):
    """The table's figures fall by 35.22 (2.01%): the narrative that says "+" claims a rise
    and is found wrong; "减少+35.22" still says a fall."""
    disc, errors = reworded_002(tmp_path, (GPB_002, "一般公共预算 1,719.05 万元，占 97.73%，" + sentence))
    change = next(c for c in disc.narrative.claims if c.value == D("35.22"))
    rate = next(c for c in disc.narrative.claims if c.value == D("2.01"))
    assert (change.kind, change.direction, rate.kind, rate.direction) == ("change", direction, "rate", direction)
    assert change.text.lstrip("+＋") == "35.22万元"
    assert bool(errors) == (direction == "increase"), [x.message for x in errors]


def test_a_plus_on_an_amount_is_the_amount():
    """"结余+10.50万元" and "+10.50、＋5.00万元": positive figures, the plus kept in the match;
    a plus between two words or numbers is no sign."""
    assert [(m.group(0).strip(), m.group("plus"), m.group("sign")) for m in NUMBER.finditer("年初结转和结余+10.50万元")] == \
        [("+10.50万元", "+", "")]
    assert [m.group(0).strip() for m in NUMBER.finditer("分别增加+10.50、＋5.00万元")] == ["+10.50", "＋5.00万元"]
    # a plus after a letter or a digit joins them, no sign: "A+1人", "2024+2025年"
    assert [(m.group(0), m.group("plus")) for m in NUMBER.finditer("A+1人，2024+2025年共5个项目")] == [("1人", ""), ("5个", "")]
    assert totals("年初结转和结余+10.50万元") == {"万元": (D("10.50"), 2)}


# ---- N-BREAKDOWN-SUM where parts may be negative -------------------------------------------------

EXCEEDING = "{year}年度收入总计{total}万元，其中：一般公共预算财政拨款收入830.00万元，非财政拨款收入{other}万元。"


def breakdown_findings(disc) -> list:
    return [f for f in check(disc).findings if f.rule == "N-BREAKDOWN-SUM"]


@pytest.mark.parametrize("sentence, why", [
    # 830.00 + 20.00 listed, 年初结转和结余 -10.50 left out: 850.00 over 839.50, as the books say
    (EXCEEDING.format(year=finals.YEAR, total="839.50", other="20.00"), "本文件表格中有负数金额"),
    # a negative whole: its parts listed positive, the one left out negative
    (f"{finals.YEAR}年度年初结转和结余（10.50）万元，其中：基本支出结转1.00万元，项目支出结转1.00万元。", "总数为负数"),
    # a negative part listed: those left out may be too
    ((f"{finals.YEAR}年度收入总计839.50万元，其中：一般公共预算财政拨款收入830.00万元，年初结转和结余-10.50万元，"
      "非财政拨款收入25.00万元。"), "所列分项中有负数"),
])
def test_parts_over_their_total_where_a_part_may_be_negative_are_no_error(advanced, sentence, why):
    """"Listed parts ≤ total" holds only where every part is ≥ 0: where the tables print
    negatives, the whole is negative or a listed part is, a part left out may be negative. Said
    at info severity with the reason (before: an error, "分项之和超过总数", for the books' own
    figures)."""
    disc, _ = advanced(sentence)
    found = breakdown_findings(disc)
    assert [f.severity for f in found] == ["info"], [f.message for f in found]
    assert "分项之和超过总数" in found[0].message and why in found[0].message and "未列出的分项可能为负数" in found[0].message


def test_parts_over_their_total_where_none_may_be_negative_are_an_error(tmp_path):
    """The same list in books without a negative anywhere: 870.00 listed over 860.00 is wrong."""
    text = finals.final_accounts({INCOME_ANCHOR: INCOME_ANCHOR + "\n\n" +
                                  EXCEEDING.format(year=finals.YEAR, total="860.00", other="40.00")})
    path = tmp_path / "final.md"
    path.write_text(text, encoding="utf-8")
    disc = parse(path)
    assert not [c for t in disc.tables for r in t.rows for c in r.cells if c.amount is not None and c.amount < 0]
    found = breakdown_findings(disc)
    assert [f.severity for f in found] == ["error"] and "未列出" not in found[0].message
