"""Narrative wordings probed in session 35, round 2.

- money in financial (大写) numerals: "等级保护测评费叁万元", "壹佰贰拾万元整", "人民币伍拾万元"
  (not read: the item and its claim were lost); the currency is no part of the subject;
- "A X万元。<words that are neither a reason nor a figure>。与上年相比减少 Y 万元": the change is
  unnamed (its subject was the last 20 characters of the text before, across sentences);
- "车辆5辆，其中：A 2辆、B 3辆，账面原值合计 X 万元": the value is all the vehicles', not B's;
  the kinds of official vehicles (执法执勤用车, 特种专业技术用车 …) are vehicles;
- "上年预算数为 P 万元，…减少 C 万元": the change's basis is the figure named (上年预算).
"""

from decimal import Decimal

import pytest
from test_narrative_brackets import claims_of
from test_narrative_probe35 import allocation_of

from budgetlens.pipeline import parse


@pytest.mark.parametrize("sentence, figures", [
    ("等级保护测评费叁万元，网络运维费壹佰贰拾万元整。", [("等级保护测评费", "3", "叁万元"), ("网络运维费", "120", "壹佰贰拾万元")]),
    ("合同金额为人民币伍拾万元，已支付人民币壹拾贰万伍仟元。", [("合同金额", "50", "伍拾万元"), ("已支付", "125000", "壹拾贰万伍仟元")]),
    ("邮电费壹仟零伍拾元，印刷费叁元。", [("邮电费", "1050", "壹仟零伍拾元"), ("印刷费", "3", "叁元")]),
])
def test_money_in_financial_numerals(tmp_path, sentence, figures):
    _, claims = claims_of(tmp_path, sentence)
    assert [(c.kind, c.subject.text, c.value, c.text) for c in claims] == [
        ("amount", name, Decimal(value), printed) for name, value, printed in figures]


def test_an_allocation_in_financial_numerals(tmp_path):
    assert allocation_of(tmp_path, "资金分配情况：克州电子政务内、外网电信IDC机房托管费（电费）陆万元，电子政务内网运行维护费柒万元") \
        == [("克州电子政务内、外网电信IDC机房托管费（电费）", Decimal(6)), ("电子政务内网运行维护费", Decimal(7))]


@pytest.mark.parametrize("sentence", [
    "推进财政资金拨付一元化改革，实行数百万元以上项目集中采购。",
    "资产管理实行统一元数据标准。",
])
def test_words_that_are_no_money_in_numerals(tmp_path, sentence):
    """Near miss: a common numeral before a bare 元 (一元化), a count (数百万元) stay words."""
    _, claims = claims_of(tmp_path, sentence)
    assert claims == []


def test_the_currency_is_no_part_of_a_subject(tmp_path):
    _, claims = claims_of(tmp_path, "合同金额为人民币50.00万元。")
    assert [(c.subject.text, c.value) for c in claims] == [("合同金额", Decimal("50.00"))]


@pytest.mark.parametrize("text", [
    "基本支出 243.90 万元。一般公共预算拨款全部用于保障机构正常运转。与上年相比减少 136.57 万元。",
    "基本支出 243.90 万元。其中财政拨款全部用于人员。与上年相比减少 136.57 万元。",
])
def test_a_comparison_after_a_sentence_of_other_words_is_unnamed(tmp_path, text):
    """"A X万元。<neither a reason nor a figure>。与上年相比减少 Y 万元": the change's subject was the
    last 20 characters of the text (across the sentence before), which named a concept by accident."""
    _, claims = claims_of(tmp_path, text)
    change = next(c for c in claims if c.kind == "change")
    assert (change.subject.text, change.subject.concept, change.implied_prior) == ("", None, None)


def test_a_comparison_right_after_its_amount_is_still_its(tmp_path):
    """Near miss: the sentence right after the amount compares it (the claim carried)."""
    _, claims = claims_of(tmp_path, "基本支出 243.90 万元。与上年相比减少 136.57 万元。")
    change = next(c for c in claims if c.kind == "change")
    assert (change.subject.concept, change.implied_prior) == ("nature:basic", Decimal("380.47"))


@pytest.mark.parametrize("sentence, whole", [
    ("截至2024年底，本单位共有车辆5辆，其中：执法执勤用车2辆、特种专业技术用车3辆，账面原值合计45.00万元。", "共有车辆"),
    ("截至2024年底，本单位共有车辆5辆，其中：执法执勤用车2辆，特种专业技术用车3辆，账面原值共计45.00万元。", "共有车辆"),
    ("截至2024年底，本单位有执法执勤用车2辆，机要通信用车3辆，账面原值合计45.00万元。", "车辆"),
])
def test_the_total_book_value_of_vehicles_of_several_kinds(tmp_path, sentence, whole):
    """"…执法执勤用车2辆、特种专业技术用车3辆，账面原值合计45万元": the value is all the vehicles',
    not the last kind's (its subject was "特种专业技术用车账面原值")."""
    _, claims = claims_of(tmp_path, sentence)
    assert [c.subject.concept for c in claims] == ["asset:vehicle"] * len(claims)
    assert claims[-1].subject.text == whole + "账面原值" and claims[-1].value == Decimal("45.00")


@pytest.mark.parametrize("sentence, subject, concept", [
    # one kind with its own value: that kind's
    ("截至2024年底，本单位共有车辆5辆，其中：执法执勤用车2辆，账面原值20.00万元。", "执法执勤用车账面原值", "asset:vehicle"),
    # counts of different kinds: the value of the assets, of no one kind
    ("截至2024年底，本单位有车辆3辆、房屋800平方米，账面原值合计450.00万元。", "账面原值", "asset:total"),
])
def test_a_book_value_of_one_kind_or_of_several(tmp_path, sentence, subject, concept):
    _, claims = claims_of(tmp_path, sentence)
    assert (claims[-1].subject.text, claims[-1].subject.concept) == (subject, concept)


@pytest.mark.parametrize("sentence, basis", [
    ("上年预算数为380.47万元，本年基本支出243.90万元，减少136.57万元。", "上年预算"),
    ("基本支出243.90万元，上年执行数为380.47万元，比上年减少136.57万元。", "上年执行数"),
    ("基本支出243.90万元（上年预算数：380.47万元），比上年减少136.57万元。", "上年预算"),
])
def test_the_basis_named_by_last_years_figure(tmp_path, sentence, basis):
    """"上年预算数为 380.47 万元，…减少 136.57 万元": the change is from last year's budget (its
    basis was the bare 上年)."""
    _, claims = claims_of(tmp_path, sentence)
    change = next(c for c in claims if c.kind == "change")
    assert (change.basis, change.implied_prior) == (basis, Decimal("380.47"))


@pytest.mark.parametrize("sentence, basis", [
    # last year's figure without its kind: 上年 as before
    ("基本支出243.90万元，上年为380.47万元，减少136.57万元。", "上年"),
    # the change's own words name the figure: theirs
    ("基本支出243.90万元（上年预算数：380.47万元），比上年执行数减少136.57万元。", "上年执行数"),
    # the figure stated after the change names nothing of it
    ("基本支出243.90万元，比上年减少136.57万元，上年预算数为380.47万元。", "上年"),
])
def test_the_basis_as_the_change_says(tmp_path, sentence, basis):
    _, claims = claims_of(tmp_path, sentence)
    assert next(c for c in claims if c.kind == "change").basis == basis


PROCUREMENT = ("2024年度政府采购支出总额50.00万元，其中：政府采购货物支出10.00万元、政府采购工程支出0万元、政府采购服务支出"
               "40.00万元。授予中小企业合同金额45.00万元，占政府采购支出总额的90.00%。")
BY_KIND = ("货物采购授予中小企业合同金额10.00万元，占货物采购支出金额的100%；服务采购授予中小企业合同金额35.00万元，"
           "占服务采购支出金额的87.50%，占政府采购支出总额的70.00%。")


def final_findings(tmp_path, old: str, new: str):
    from finals import final_accounts

    from budgetlens.checks import check
    path = tmp_path / "final.txt"
    path.write_text(final_accounts({old: new}), encoding="utf-8")
    disc = parse(path)
    return disc, [f"{f.rule} {f.message}" for f in check(disc).findings if f.severity == "error"]


def test_a_kinds_share_awarded_to_small_firms_is_of_that_kind(tmp_path):
    """"货物采购授予中小企业合同金额 10 万元，占货物采购支出金额的 100%": the goods' amount awarded,
    a share of the goods' purchases (read as the firms' total, a share of all purchases: false
    N-PROCUREMENT-SHARE errors)."""
    disc, errors = final_findings(tmp_path, PROCUREMENT, PROCUREMENT + BY_KIND)
    assert errors == []
    claims = [c for c in disc.narrative.claims if c.sentence.startswith(("货物采购", "服务采购"))]
    assert [(c.kind, c.subject.concept) for c in claims] == [
        ("amount", "procurement:sme_goods"), ("share", "procurement:sme_goods"),
        ("amount", "procurement:sme_services"), ("share", "procurement:sme_services"), ("share", "procurement:sme_services")]


@pytest.mark.parametrize("old, new", [("87.50%", "85.00%"), ("70.00%", "75.00%"), ("服务采购授予中小企业合同金额35.00", "服务采购授予中小企业合同金额36.00")])
def test_a_kinds_share_changed_is_found(tmp_path, old, new):
    _, errors = final_findings(tmp_path, PROCUREMENT, PROCUREMENT + BY_KIND.replace(old, new))
    assert [e.split()[0] for e in errors] == ["N-PROCUREMENT-SHARE"] * (2 if "36" in new else 1)


def test_the_firms_share_of_all_kinds_is_of_the_total(tmp_path):
    """Near miss: the firms' total, a share of all purchases however worded."""
    sentence = PROCUREMENT.replace("占政府采购支出总额的90.00%", "占政府采购货物、工程和服务支出总额的80.00%")
    _, errors = final_findings(tmp_path, PROCUREMENT, sentence)
    assert [e.split()[0] for e in errors] == ["N-PROCUREMENT-SHARE"] and "90.00%" in errors[0]


def test_a_second_split_of_a_whole_is_no_part_beside_the_first(tmp_path):
    """"授予中小企业合同金额 45 万元，其中：授予小微企业合同金额 30 万元…；货物采购授予中小企业合同金额
    10 万元…；服务采购授予中小企业合同金额 35 万元": 10 + 35 split the 45 again (the three were
    summed, 75 > 45: a false N-BREAKDOWN-SUM)."""
    sentence = PROCUREMENT.replace("90.00%。", "90.00%，其中：授予小微企业合同金额30.00万元，占授予中小企业合同金额的66.67%；") \
        + BY_KIND
    _, errors = final_findings(tmp_path, PROCUREMENT, sentence)
    assert errors == []


def test_parts_named_alike_are_still_summed():
    """Near miss: parts that all hold the whole's name, or a 其他 part, are one list."""
    from budgetlens.checks.rules.breakdowns import parts
    assert [p.name for p in parts("一般公务用车 0 辆；执法执勤用车 0 辆；其他公务用车 10 辆。", "单位公务用车")] == \
        ["一般公务用车", "执法执勤用车", "其他公务用车"]
    assert [p.name for p in parts("在职人员机关运行经费 20 万元；离退休人员机关运行经费 10 万元。", "机关运行经费")] == \
        ["在职人员机关运行经费", "离退休人员机关运行经费"]


PERF_OLD = "2024年度本部门机关运行经费支出130.36万元。"


@pytest.mark.parametrize("sentence, subject, concept", [
    ("组织对“一般行政管理事务”等2个项目开展了部门评价，涉及一般公共预算支出165.40万元。",
     "项目涉及一般公共预算支出", "projects:counted"),
    ("2024年度开展重点绩效评价，涉及一般公共预算拨款20.00万元。", "涉及一般公共预算拨款", "source:gpb"),
])
def test_money_an_evaluation_involves_is_no_sources_total(tmp_path, sentence, subject, concept):
    """"对“A”等2个项目开展了部门评价，涉及一般公共预算支出 165.40 万元": the evaluated projects'
    money, not 一般公共预算's total (a false N-AMOUNT error against 830.00)."""
    disc, errors = final_findings(tmp_path, PERF_OLD, PERF_OLD + "\n\n十二、预算绩效管理情况说明\n\n" + sentence)
    assert errors == []
    amount = next(c for c in disc.narrative.claims if c.kind == "amount" and c.sentence == sentence)
    assert (amount.subject.text, amount.subject.concept, amount.subject.coords) == (subject, concept, None)


def test_the_sources_total_named_as_such_is_still_checked(tmp_path):
    """Near miss: "一般公共预算财政拨款支出 X 万元" without 涉及 is the table's total."""
    old = "2024年度一般公共预算财政拨款支出826.28万元"
    _, errors = final_findings(tmp_path, old, old.replace("826.28", "820.28"))
    assert any(e.startswith("N-AMOUNT") and "820.28" in e for e in errors)


ITEM_1 = ("1.一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）。年初预算为500.00万元，支出决算为520.36万元，"
          "完成年初预算的104.07%。决算数大于年初预算数的主要原因是人员变动。")


@pytest.mark.parametrize("words, basis, direction", [
    ("决算数大于年初预算数", "年初预算", "increase"),
    ("支出决算高于年初预算", "年初预算", "increase"),
    ("决算数大于调整预算数", "调整预算", "increase"),
])
def test_an_actual_above_its_budget_by_an_amount(tmp_path, words, basis, direction):
    """"决算数大于年初预算数 20.36 万元": the actual's excess over its budget, a change (it was an amount
    of the words, of no concept: the excess was not checked)."""
    new = ITEM_1.replace("。决算数大于年初预算数的主要原因是", f"，{words}20.36万元，主要原因是")
    disc, errors = final_findings(tmp_path, ITEM_1, new)
    change = next(c for c in disc.narrative.claims if c.text == "20.36万元")
    assert (change.kind, change.basis, change.direction, change.subject.concept) == \
        ("change", basis, direction, "function:2010301")
    assert errors == [] or basis == "调整预算"      # (no 调整预算 printed: not checked)


def test_an_excess_stated_wrong_is_found(tmp_path):
    new = ITEM_1.replace("。决算数大于年初预算数的主要原因是", "，决算数大于年初预算数30.36万元，主要原因是")
    _, errors = final_findings(tmp_path, ITEM_1, new)
    assert [e.split()[0] for e in errors] == ["N-BUDGET-VARIANCE"]


def test_a_comparative_with_last_year_is_as_before(tmp_path):
    """Near miss: "高于上年预算 X 万元" compares with last year, not the year's own budget."""
    _, claims = claims_of(tmp_path, "基本支出243.90万元，低于上年预算136.57万元。")
    change = claims[1]
    assert (change.kind, change.basis, change.direction, change.implied_prior) == \
        ("change", "上年预算", "decrease", Decimal("380.47"))


def test_a_count_after_a_heading_run_into_its_line(tmp_path):
    """"（一）预算绩效目标设置情况说明2018年本部门共5个项目实行…，涉及财政性资金合计5,086万元" (a PDF's
    heading joined to its text): the projects are counted, and the money is theirs (the subject
    was the last 20 characters before the figure, of the concept performance by accident)."""
    _, claims = claims_of(tmp_path, "（一）预算绩效目标设置情况说明2018年本部门共5个项目实行绩效目标管理，涉及财政性资金合计5,086万元。")
    assert [(c.kind, c.subject.text, c.subject.concept) for c in claims] == [
        ("count", "项目", None), ("amount", "项目涉及财政性资金", "projects:counted")]


def test_a_count_with_words_of_its_own(tmp_path):
    """Near miss: words before a count name what it counts."""
    _, claims = claims_of(tmp_path, "本部门共有车辆3辆，账面原值80.00万元。")
    assert [(c.kind, c.subject.text) for c in claims] == [("count", "共有车辆"), ("amount", "共有车辆账面原值")]


TOTALS = "2024年度收入、支出总计均为860.00万元。与上年相比，收、支总计各增加40.00万元，增长4.88%。"


def test_each_of_two_totals_changed_by_one_amount(tmp_path):
    """"收入总计 860 万元、支出总计 860 万元，与2023年度相比，收入、支出总计各增加 40 万元": the change
    of the totals just stated, in other words (no implied prior: the words 收入、支出总计各 were
    no amount's)."""
    new = "2024年度收入总计860.00万元、支出总计860.00万元，与2023年度相比，收入、支出总计各增加40.00万元，增长4.88%。"
    disc, errors = final_findings(tmp_path, TOTALS, new)
    change = next(c for c in disc.narrative.claims if c.kind == "change" and c.sentence == new)
    assert (change.subject.text, change.subject.concept, change.basis, change.implied_prior) == \
        ("收入、支出总计", "total", "上年", Decimal("820.00"))
    assert errors == []


def test_a_change_of_another_figure_implies_nothing(tmp_path):
    """Near miss: a change of a figure the sentence states no amount of has no prior."""
    _, claims = claims_of(tmp_path, "基本支出243.90万元，项目支出比上年减少59.40万元。")
    change = claims[-1]
    assert (change.subject.concept, change.implied_prior) == ("nature:project", None)


THREE_PUBLIC = ("2024年度“三公”经费财政拨款支出决算为25.00万元，完成预算的71.43%。其中：因公出国（境）费支出决算为0万元；"
                "公务用车购置及运行费支出决算为20.00万元，完成预算的66.67%；公务接待费支出决算为5.00万元，完成预算的100.00%。")


def test_an_item_named_after_details_announced(tmp_path):
    """"具体情况如下：（一）因公出国（境）费支出预算数为0万元，决算数为0万元": the 决算 figure is the
    item's, named without the words that announce it (its subject began "具体情况如下：（一）")."""
    new = THREE_PUBLIC.split("其中：")[0] + "具体情况如下：（一）因公出国（境）费支出预算数为0万元，决算数为0万元。"
    disc, errors = final_findings(tmp_path, THREE_PUBLIC, new)
    claims = [c for c in disc.narrative.claims if c.sentence.startswith("具体情况如下")]
    assert [(c.subject.concept, c.subject.coords.phase) for c in claims] == \
        [("three_public:abroad", "年初预算"), ("three_public:abroad", "决算")]
    assert not any(c.subject.text.startswith("具体") for c in claims) and errors == []


FISCAL = "2024年度财政拨款收入、支出总计均为838.00万元。"


def test_this_years_fiscal_income_and_spending(tmp_path):
    """"财政拨款收入 830 万元，年初财政拨款结转和结余 8 万元，财政拨款支出 826.28 万元" in the 财政拨款收入支出
    决算 section: this year's income and spending, not the 总计 838 with the money carried over
    (false N-AMOUNT errors on both)."""
    new = "2024年度财政拨款收入830.00万元，年初财政拨款结转和结余8.00万元，财政拨款支出826.28万元，年末财政拨款结转和结余11.72万元。"
    disc, errors = final_findings(tmp_path, FISCAL, new)
    assert errors == []
    claims = {c.subject.text: c.subject.coords for c in disc.narrative.claims if c.sentence == new}
    assert (claims["财政拨款收入"].side, claims["财政拨款收入"].source) == ("income", "current_income")
    assert (claims["财政拨款支出"].side, claims["财政拨款支出"].function_code) == ("expenditure", "current")


@pytest.mark.parametrize("new, figure", [
    ("2024年度财政拨款收入830.00万元，财政拨款支出836.28万元。", "836.28"),
    ("2024年度财政拨款收入、支出总计均为836.00万元。", "836.00"),     # the 总计 named as such: still the 总计
])
def test_fiscal_figures_stated_wrong_are_found(tmp_path, new, figure):
    _, errors = final_findings(tmp_path, FISCAL, new)
    assert [e.split()[0] for e in errors] == ["N-AMOUNT"] and figure in errors[0]


def test_a_budgets_fiscal_income_is_its_years(tmp_path):
    """A budget's 财政拨款收支总表 names this year's income 本年收入 (source fiscal); it prints no
    spending of this year apart from the 总计, which "财政拨款支出" stays."""
    from test_robustness import seed_with
    old = "2026 年财政拨款收支总预算 277.90 万元。"
    disc = parse(seed_with(tmp_path, "000_9131eab83374bb33", [(old, "2026 年财政拨款收入277.90万元，财政拨款支出277.90万元。")]))
    claims = [c for c in disc.narrative.claims if "财政拨款收入277.90" in c.sentence]
    assert [(c.subject.coords.side, c.subject.coords.source) for c in claims] == [("income", "fiscal"), ("income", "total")]


def test_spending_after_income_is_no_figure_of_the_income(tmp_path):
    """"收入合计 850 万元，支出合计 846.28 万元": the spending's subject was 收入, the one before
    (支出 alone is read as a figure of the item named before)."""
    disc, _ = final_findings(tmp_path, TOTALS, "2024年度收入合计850.00万元，支出合计846.28万元。")
    claims = [c for c in disc.narrative.claims if c.sentence == "2024年度收入合计850.00万元，支出合计846.28万元。"]
    assert [(c.subject.text, c.subject.concept) for c in claims] == \
        [("收入合计", "source:current_income"), ("支出合计", "expenditure:current")]


def test_spending_of_an_item_named_before(tmp_path):
    """Near miss: "行政运行（项）：…支出 X 万元" is still the item's."""
    _, claims = claims_of(tmp_path, "行政运行（项）2026年预算数为243.90万元，其中：支出243.90万元。")
    assert [c.subject.text for c in claims] == ["行政运行（项）", "行政运行（项）"]


SELF_EVALUATION = "\n\n十二、预算绩效管理情况说明\n\n组织对5个项目开展绩效自评，涉及资金165.40万元，占一般公共预算项目支出总额的100%。"


def test_a_share_of_money_the_tables_do_not_print(tmp_path):
    """"组织对5个项目开展绩效自评，涉及资金 165.40 万元，占一般公共预算项目支出总额的 100%": the
    evaluated money is the text's, its whole the table's (the share was not checked: its subject
    has no coordinates)."""
    disc, errors = final_findings(tmp_path, PERF_OLD, PERF_OLD + SELF_EVALUATION)
    assert errors == []
    share = next(c for c in disc.narrative.claims if c.kind == "share" and "绩效自评" in c.sentence)
    assert (share.subject.text, share.subject.concept, share.whole.concept) == \
        ("项目涉及资金", "projects:counted", "nature:project")
    _, errors = final_findings(tmp_path, PERF_OLD, PERF_OLD + SELF_EVALUATION.replace("165.40", "185.40"))
    assert [e.split()[0] for e in errors] == ["N-SHARE"] and "112.09%" in errors[0]


def test_a_share_of_a_whole_not_named_is_not_checked(tmp_path):
    """Near miss: without a whole the tables print (占全部项目的), nothing to compute it from."""
    _, errors = final_findings(tmp_path, PERF_OLD, PERF_OLD + SELF_EVALUATION.replace("165.40", "185.40")
                               .replace("一般公共预算项目支出总额", "全部评价项目"))
    assert errors == []
