"""A unit's claim compared with a cell of a table the unit's set does not print.

Two departments of two sets each (plus the 本级): test_set_narrative's 部门预算 (its 汇总 at 1×,
unit 2 机关事务服务中心 at 3×) and a 部门决算 made from tests/finals.py the same way (its 汇总,
本级 and 示例市环境监测站, each printing the seed's tables). Unit 2 leaves out one table; a
section headed by the unit states a figure of that table. Its figure cannot be read against the
汇总's table (that adds every unit's), so the rule says once, for the unit, that it could not be
checked and why (info) — before, it passed in silence (N-AMOUNT, N-SHARE, N-COMPLETION,
N-BUDGET-VARIANCE, N-CHANGE-RATE, N-STRUCTURE-100). With the table printed, a wrong figure is
the rule's usual failure and a right one passes; a figure of a row the unit's table does not
print is no finding, as before.
"""

from __future__ import annotations

import re

import pytest
from finals import UNIT, final_accounts
from test_set_narrative import CENTRE, NARRATIVE, section
from test_unit_tables import department, parse_text, scaled, table_blocks

from budgetlens.checks import check

WHY = "本单位的公开表中没有{}（未公开或未能识别）"
MONITOR = "示例市环境监测站"
# the unit's figures at 3×: 表1 本年支出 5,277.15 of which classes 201 4,043.49 (76.62%),
# 208 635.85 (12.05%), 210 276.87 (5.25%), 221 320.94 (6.08%); 表5 total 5,157.15
CLASSES = "一般公共服务支出 4,043.49 万元，占 76.62%；社会保障和就业支出 635.85 万元，占 12.05%；" \
          "卫生健康支出 276.87 万元，占 5.25%；住房保障支出 320.94 万元，占 {}%。"
# the 决算's 三公: 预算 35.00, 决算 25.00 (71.43%, 10.00 less)
THREE_PUBLIC = "2024年度“三公”经费财政拨款支出决算为25.00万元，{}。"
CASES = {   # rule: (document, the table unit 2 leaves out, its name, the unit's text right, wrong)
    "N-AMOUNT": ("budget", 5, "一般公共预算支出表", "一般公共预算支出 5,157.15 万元。", "一般公共预算支出 5,257.15 万元。"),
    "N-SHARE": ("budget", 1, "收支总表", "一般公共服务支出 4,043.49 万元，占 76.62%。",
                "一般公共服务支出 4,043.49 万元，占 78.62%。"),
    "N-CHANGE-RATE": ("budget", 5, "一般公共预算支出表", "一般公共预算支出比上年增加 157.15 万元，增长 3.14%。",
                      "一般公共预算支出比上年增加 157.15 万元，增长 4.14%。"),
    "N-STRUCTURE-100": ("budget", 1, "收支总表", CLASSES.format("6.08"), CLASSES.format("5.08")),
    "N-COMPLETION": ("final", 7, "“三公”经费支出表", THREE_PUBLIC.format("完成预算的71.43%"),
                     THREE_PUBLIC.format("完成预算的81.43%")),
    "N-BUDGET-VARIANCE": ("final", 7, "“三公”经费支出表", THREE_PUBLIC.format("比预算减少10.00万元"),
                          THREE_PUBLIC.format("比预算减少20.00万元")),
}
UNIT_OF = {"budget": CENTRE, "final": MONITOR}


def budget_text(drop: int | None, text: str) -> str:
    """The 部门预算: unit 2 at 3×, without its table `drop`, and a section on it stating `text`."""
    def edit(k: int, n: int, block: list[str]) -> list[str]:
        if k != 2:
            return block
        return [] if n == drop else [scaled(line, 3) for line in block]

    body = department(summary_scale=1, edit=edit)
    at = body.index("第四部分 名词解释", body.rindex(NARRATIVE))
    return body[:at] + section(f"十三、关于{CENTRE}2026年收支预算情况的说明", text) + body[at:]


LABEL = re.compile(r"^表(\d+)$")


def final_text(drop: int | None, text: str) -> str:
    """The 部门决算 of tests/finals.py printed as a 汇总, its 本级's and 示例市环境监测站's tables
    (the same figures; the 汇总's need not add up here), the unit without its table `drop`, and
    a section on the unit stating `text`."""
    lines = final_accounts().split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("## 第二部分")) + 1
    end = next(i for i, line in enumerate(lines) if line.startswith("## 第三部分"))
    tables = table_blocks(lines[start:end], LABEL)
    units = (f"{UNIT}（本级）", MONITOR)
    body = []
    for k, owner in enumerate((UNIT, *units)):
        for n, block in tables.items():
            if k == 2 and n == drop:
                continue
            for line in block:
                if LABEL.match(line):
                    line = f"表{n}-{k + 1}"
                elif line.startswith("编制单位："):
                    line = line.replace(f"编制单位：{UNIT}", f"编制{'部门' if k == 0 else '单位'}：{owner}")
                body.append(line)
    head = [line.replace("部门决算由本级决算组成", f"下属预算单位2个，分别是：{'、'.join(units)}")
            for line in lines[:start]]
    tail = lines[end:]
    at = next(i for i, line in enumerate(tail) if line.startswith("## 第四部分"))
    tail = tail[:at] + [f"十二、关于{MONITOR}2024年度决算情况的说明", "", text, ""] + tail[at:]
    return "\n".join(head + body + tail)


def unit_doc(tmp_path, rule: str, drop: bool, text: str):
    kind, number, *_ = CASES[rule]
    write = budget_text if kind == "budget" else final_text
    disc = parse_text(tmp_path, write(number if drop else None, text))
    printed = {t.group for t in disc.tables if t.number == number}
    assert printed == ({0, 1} if drop else {0, 1, 2}), printed
    assert any(c.table_set == 2 for c in disc.narrative.claims)
    return disc


def unit_findings(disc, rule: str, unit_only: bool = False) -> tuple:
    """The rule's outcome and findings on the unit; unit_only: with the unit's claims alone
    (nothing else for the rule to check)."""
    if unit_only:
        disc.narrative.claims = [c for c in disc.narrative.claims if c.table_set == 2]
    report = check(disc)
    outcome = next(o for o in report.outcomes if o.rule == rule)
    unit = UNIT_OF[CASES[rule][0]]
    return outcome, [f for f in report.findings if f.rule == rule and f.location.unit == unit]


@pytest.mark.parametrize("rule", sorted(CASES))
def test_a_unit_claim_without_its_table_is_said_unchecked(tmp_path, rule):
    """One info finding for the rule and unit, naming the table the unit does not print (before:
    nothing)."""
    kind, _, name, right, wrong = CASES[rule]
    disc = unit_doc(tmp_path, rule, True, wrong + right)      # two claims of the table: said once
    outcome, found = unit_findings(disc, rule)
    assert [f.severity for f in found] == ["info"], [f.message for f in found]
    message = found[0].message
    assert message.startswith(f"{UNIT_OF[kind]}：") and "未能" in message and "核对" in message, message
    assert message.endswith(WHY.format(name)), message
    assert outcome.status != "not_applicable", outcome


@pytest.mark.parametrize("rule", sorted(CASES))
def test_nothing_else_checked_is_insufficient_data(tmp_path, rule):
    """The unit's claims alone: the rule checked nothing and says so (before: not applicable,
    or a pass)."""
    disc = unit_doc(tmp_path, rule, True, CASES[rule][4])
    outcome, found = unit_findings(disc, rule, unit_only=True)
    assert [f.severity for f in found] == ["info"], [f.message for f in found]
    assert outcome.status == "insufficient_data", outcome


@pytest.mark.parametrize("rule", sorted(CASES))
def test_with_its_table_a_unit_claim_is_compared(tmp_path, rule):
    """The unit's table printed: the wrong figure is the rule's usual failure against it, the
    right one passes; neither is said unchecked."""
    _, _, _, right, wrong = CASES[rule]
    _, found = unit_findings(unit_doc(tmp_path, rule, False, wrong), rule)
    assert [f.severity for f in found] == ["error"], [f.message for f in found]
    assert "未能" not in found[0].message
    _, found = unit_findings(unit_doc(tmp_path, rule, False, right), rule)
    assert not found, [f.message for f in found]


# the figure the finding quotes, as the sentence gives it (the variance: which way, from what)
QUOTED = {
    "N-AMOUNT": "“一般公共预算支出”5,257.15万元未能",
    "N-SHARE": "“一般公共服务支出”占比 78.62% 未能",
    "N-CHANGE-RATE": "“一般公共预算支出”增减率 4.14% 未能",
    "N-STRUCTURE-100": "占比之和为 99.00%，",
    "N-COMPLETION": "支出决算”完成预算的 81.43% 未能",
    "N-BUDGET-VARIANCE": "支出决算”比预算数减少 20.00万元 未能",
}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_an_unchecked_message_names_the_unit_once_and_the_figure(tmp_path, rule):
    """The message names the unit once (its prefix), quotes the figure not checked and leaves no
    placeholder empty."""
    disc = unit_doc(tmp_path, rule, True, CASES[rule][4])
    message = unit_findings(disc, rule)[1][0].message
    assert message.count(UNIT_OF[CASES[rule][0]]) == 1, message
    assert QUOTED[rule] in message, message
    assert not re.search(r"“”|[{}]|  |[，：。][，：。]", message), message


# a unit's claim whose check needs no figure of the table its set lacks: no change at all (the rate
# is 0 whatever the figures), both figures stated before the rate or variance, shares adding to
# more than 100% (too much, whatever classes the table prints)
CHECKED_WITHOUT = {
    "N-CHANGE-RATE": "一般公共预算支出比上年增加0.00万元，增长1.00%。",
    "N-COMPLETION": "2024年度“三公”经费财政拨款支出年初预算为35.00万元，支出决算为25.00万元，完成预算的81.43%。",
    "N-BUDGET-VARIANCE": "2024年度“三公”经费财政拨款支出年初预算为35.00万元，支出决算为25.00万元，比预算减少20.00万元。",
    "N-STRUCTURE-100": CLASSES.format("7.08"),
}


@pytest.mark.parametrize("rule", sorted(CHECKED_WITHOUT))
def test_a_unit_claim_checked_without_its_table_still_fails(tmp_path, rule):
    """The unit's set lacks the table, but the claim is checked without it: its usual failure,
    as on main, never hidden behind "not checked"."""
    disc = unit_doc(tmp_path, rule, True, CHECKED_WITHOUT[rule])
    _, found = unit_findings(disc, rule)
    assert [f.severity for f in found] == ["error"], [f.message for f in found]
    assert "未能" not in found[0].message, found[0].message


def test_a_unit_share_of_a_whole_in_a_table_its_set_lacks_is_said_unchecked(tmp_path):
    """The part is in 表5, which the unit prints; the whole the sentence names (本年支出) is in
    表1, which it does not: said not checked, naming 表1 (before: nothing)."""
    disc = parse_text(tmp_path, budget_text(1, "一般公共预算支出 5,157.15 万元，占本年支出总额的 99.73%。"))
    share = next(c for c in disc.narrative.claims if c.table_set == 2 and c.kind == "share")
    assert (share.subject.coords.table_kind, share.whole.coords.table_kind) == ("gpb_expenditure", "summary")
    found = [f for f in check(disc).findings if f.rule == "N-SHARE" and f.location.unit == CENTRE]
    assert [f.severity for f in found] == ["info"], [f.message for f in found]
    assert found[0].message.endswith(WHY.format("收支总表")), found[0].message


# 农林水支出: a class 表1 lists with no amount for it; the unit's 表1 is printed
NOT_PRINTED = "农林水支出 20.00 万元，占 0.39%。"


@pytest.mark.parametrize("rule", ["N-AMOUNT", "N-SHARE"])
def test_a_row_the_units_table_does_not_print_is_no_finding(tmp_path, rule):
    """Unit 2 prints 表1 but not 表5: its figure of a class 表1 prints no amount for is passed over
    as before (many sentences name what no table prints); only its 表5 figure is said unchecked."""
    disc = parse_text(tmp_path, budget_text(5, NOT_PRINTED + "一般公共预算支出 5,257.15 万元，占 97.73%。"))
    claims = [c for c in disc.narrative.claims if c.table_set == 2]
    assert {c.subject.coords.table_kind for c in claims} == {"summary", "gpb_expenditure"}
    report = check(disc)
    found = [f for f in report.findings if f.rule == rule and f.location.unit == CENTRE]
    assert [(f.severity, "5,257.15" in f.location.sentence) for f in found] == [("info", True)], \
        [f.message for f in found]
    assert found[0].message.endswith(WHY.format("一般公共预算支出表"))


def test_a_single_set_document_without_the_table_says_nothing_new(tmp_path):
    """The seed (one set, no units) without its 表5: its claims are the document's own; that the
    table is missing is C-TABLES' to say, not every narrative rule's."""
    from test_unit_tables import seed_parts
    head, tables, tail = seed_parts()
    disc = parse_text(tmp_path, "\n".join(head + [line for n, block in tables.items() if n != 5 for line in block]
                                          + tail))
    assert "gpb_expenditure" not in {t.kind for t in disc.tables}
    assert any(c.subject.coords and c.subject.coords.table_kind == "gpb_expenditure" for c in disc.narrative.claims)
    assert not [f.message for f in check(disc).findings if "本单位的公开表中没有" in f.message]


# ---- last year's tables of the unit ----------------------------------------------------------------

def prior_outcome(tmp_path, change: str, drop: bool) -> tuple:
    """This year: a section on unit 2 stating `change`. Last year's document: the 汇总 (1×) and
    unit 2 at 4×, without (drop) the table the change's figure is of."""
    from test_store_sets import unit_scaled
    from test_unit_tables import OWNER

    from budgetlens.store.corpus import variant
    this_year = parse_text(tmp_path, budget_text(None, change), "2026.txt")
    kind = next(c.subject.coords.table_kind for c in this_year.narrative.claims if c.table_set == 2)
    number = next(t.number for t in this_year.tables if t.group == 0 and t.kind == kind)
    scale = unit_scaled(2, 4)

    def edit(k: int, n: int, block: list[str]) -> list[str]:
        return [] if drop and k == 2 and n == number else scale(k, n, block)

    prior = parse_text(tmp_path, variant(department(summary_scale=1, edit=edit), OWNER, years=-1), "2025.txt")
    assert prior.meta.year == 2025
    assert (kind in {t.kind for t in prior.tables if t.group == 2}) != drop
    report = check(this_year, prior=prior)
    outcome = next(o for o in report.outcomes if o.rule == "Y-PRIOR-FIGURE")
    return outcome, [f for f in report.findings if f.rule == "Y-PRIOR-FIGURE" and f.location.unit == CENTRE]


# unit 2's 项目支出: 360.00 this year (3×), 480.00 last year (4×)
PRIOR_RIGHT = "项目支出 360.00 万元，比上年预算减少 120.00 万元。"
PRIOR_WRONG = "项目支出 360.00 万元，比上年预算减少 100.00 万元。"


def test_a_units_prior_last_years_unit_tables_lack_is_said_unchecked(tmp_path):
    """Last year's document prints the unit's tables but not the one the figure is of: said not
    checked, naming it (before: nothing)."""
    _, found = prior_outcome(tmp_path, PRIOR_WRONG, drop=True)
    assert [f.severity for f in found] == ["info"], [f.message for f in found]
    assert "未能核对：上年公开文件所印该单位的表中没有一般公共预算支出表" in found[0].message, found[0].message
    assert found[0].message.startswith(f"{CENTRE}：")


def test_a_units_prior_with_last_years_table_is_compared(tmp_path):
    _, found = prior_outcome(tmp_path, PRIOR_WRONG, drop=False)
    assert [(f.severity, f.expected) for f in found] == [("error", "480.00")], [f.message for f in found]
    _, found = prior_outcome(tmp_path, PRIOR_RIGHT, drop=False)
    assert not found, [f.message for f in found]
