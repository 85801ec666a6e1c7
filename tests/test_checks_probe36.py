"""Probe 36 of the rule catalogue: rounding told alike by every rule, last year's procurement and
assets, codes retired from the classification.

Inputs are the seeds' text with figures or words changed as real documents print them; what
each test expects comes from what the document prints."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from budgetlens.checks import check
from budgetlens.pipeline import parse

EXAMPLES = Path(__file__).resolve().parent.parent / "budgetlens" / "examples"
S000 = EXAMPLES / "000_9131eab83374bb33.txt"      # 克孜勒苏柯尔克孜自治州电子政务服务中心 2026
S002 = EXAMPLES / "002_4e0ed6e09b019fe1.txt"      # 克孜勒苏柯尔克孜自治州人民政府办公室 2026


def edited(tmp_path: Path, path: Path, *edits: tuple[str, str], name: str = "doc.md"):
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    out = tmp_path / name
    out.write_text(text, encoding="utf-8")
    return parse(out)


def findings(report, rule: str, severity: str | None = None) -> list:
    return [f for f in report.findings if f.rule == rule and (severity is None or f.severity == severity)]


def serious(report, rule: str) -> list:
    return [f for f in report.findings if f.rule == rule and f.severity in ("error", "warning")]


# ---- one notion of rounding: two figures printed to 0.01 may differ by 0.01 --------------------
# Each table rounds its own 元 amounts to 万元: 表1's 201 class printed 211.12 (2,111,150 元
# rounded up) beside 表3's 211.11 (the sum of its rounded 项) is rounding, as the same 0.01
# inside one table is. Before, the cross-table rule called it an error.

T1_CLASS_201 = "<b>277.90</b>\t201 一般公共服务支出\t211.11"


def test_class_total_in_two_tables_a_cent_apart_is_rounding(tmp_path):
    report = check(edited(tmp_path, S000, (T1_CLASS_201, T1_CLASS_201.replace("211.11", "211.12"))))
    assert not serious(report, "X-T1-T3-CLASS")
    [f] = findings(report, "X-T1-T3-CLASS")
    assert (f.found, f.expected, f.difference) == ("211.12", "211.11", Decimal("0.01"))
    assert f.severity == "info" and f.note == "rounding"
    assert "在舍入误差 ±0.01 之内" in f.message


def test_class_total_in_two_tables_two_cents_apart_is_an_error(tmp_path):
    report = check(edited(tmp_path, S000, (T1_CLASS_201, T1_CLASS_201.replace("211.11", "211.13"))))
    [f] = serious(report, "X-T1-T3-CLASS")
    assert f.severity == "error" and (f.found, f.expected) == ("211.13", "211.11")


def test_total_of_one_part_a_cent_apart_is_rounding_two_cents_an_error(tmp_path):
    row = "302\t01\t办公费\t3.96\t\t3.96"
    report = check(edited(tmp_path, S000, (row, "302\t01\t办公费\t3.96\t\t3.97")))
    assert not serious(report, "ARITH-COLUMN-SUM")
    assert [f.difference for f in findings(report, "ARITH-COLUMN-SUM", "info")] == [Decimal("-0.01")]
    report = check(edited(tmp_path, S000, (row, "302\t01\t办公费\t3.96\t\t3.98")))
    [f] = serious(report, "ARITH-COLUMN-SUM")
    assert (f.expected, f.found) == ("3.98", "3.96")


def test_narrative_restating_a_cell_a_cent_apart_is_rounding(tmp_path):
    said = "住房保障支出 18.53 万元，主要用于"
    report = check(edited(tmp_path, S000, (said, said.replace("18.53", "18.54"))))
    assert not serious(report, "N-AMOUNT")
    assert any(f.difference == Decimal("0.01") and f.note == "rounding" for f in findings(report, "N-AMOUNT"))
    report = check(edited(tmp_path, S000, (said, said.replace("18.53", "18.55"))))
    assert any(f.difference == Decimal("0.02") for f in serious(report, "N-AMOUNT"))


# 三公 公务用车运行费 66.01 in 表10 against 表6's 30231 公务用车运行维护费 66.00: rounding, said
# as info like every other rule; 66.03 is not.

def _three_public_vehicle(tmp_path, amount: str):
    total = f"{Decimal(amount) + 5:.2f}"
    return edited(tmp_path, S002, ("合计\t83.00\t83.00", f"合计\t{total}\t{total}"),
                  ("（小计）\t78.00\t78.00", f"（小计）\t{amount}\t{amount}"),
                  ("公务用车运行费\t78.00\t78.00", f"公务用车运行费\t{amount}\t{amount}"))


def test_three_public_line_a_cent_from_basic_line_is_rounding(tmp_path):
    report = check(_three_public_vehicle(tmp_path, "66.01"))
    lines = [f for f in findings(report, "T10-T6-LINES") if f.location.row == "vehicle_operation"]
    assert [(f.severity, f.note, f.found, f.expected) for f in lines] == [("info", "rounding", "66.01", "66.00")]
    assert "在舍入误差 ±0.01 之内" in lines[0].message


def test_three_public_line_three_cents_from_basic_line_is_warned(tmp_path):
    report = check(_three_public_vehicle(tmp_path, "66.03"))
    lines = [f for f in serious(report, "T10-T6-LINES") if f.location.row == "vehicle_operation"]
    assert [(f.found, f.expected) for f in lines] == [("66.03", "66.00")]


# ---- Y-PRIOR-FIGURE: 政府采购 and 国有资产占用, stated in the text alone ----------------------
# This year's text says how its procurement budget and its assets changed on last year's; last
# year's document states last year's figures. Before, only table figures and 机关运行经费 were
# compared: the procurement and asset changes were not checked at all.

def year_before(text: str) -> str:
    import re
    return re.sub(r"20(2[2-6])", lambda m: f"20{int(m.group(1)) - 1}", text)


PROCUREMENT = "政府采购预算 0.51 万元，其中："
CARS = "2. 车辆0辆,价值0.00万元;"
CHANGED = ((PROCUREMENT, "政府采购预算 0.51 万元，比上年减少 1.20 万元，下降 70.18%，其中："),
           (CARS, "2. 车辆0辆,比上年减少2辆,价值0.00万元,比上年减少12.50万元;"))


def _years(tmp_path, procurement: str, cars: str, car_value: str):
    this = edited(tmp_path, S000, *CHANGED, name="this.md")
    text = year_before(S000.read_text(encoding="utf-8"))
    text = text.replace("政府采购预算 0.51 万元", f"政府采购预算 {procurement} 万元")
    text = text.replace(CARS, f"2. 车辆{cars}辆,价值{car_value}万元;")
    last = tmp_path / "last.md"
    last.write_text(text, encoding="utf-8")
    report = check(this, prior=parse(last))
    return [f for f in report.findings if f.rule == "Y-PRIOR-FIGURE" and f.location.section == "十二"
            and "机关运行经费" not in f.message]


def test_prior_procurement_and_assets_against_last_years_text(tmp_path):
    # last year: 政府采购预算 2.71 万元 (this year's text implies 0.51 + 1.20 = 1.71), 车辆 3 辆
    # (implied 0 + 2 = 2) worth 12.50 万元 (implied 0.00 + 12.50 = 12.50: agrees)
    found = _years(tmp_path, "2.71", "3", "12.50")
    said = sorted((f.found, f.expected, f.severity) for f in found)
    assert said == [("1.71", "2.71", "error"), ("2", "3", "error")]
    cars = next(f for f in found if f.found == "2")
    assert cars.message == "“车辆”按本年说明推算上年为 2 辆，上年公开文件的情况说明为 3 辆"
    assert any("上年文件情况说明" == e.role for e in cars.evidence)


def test_prior_procurement_and_assets_that_agree_pass(tmp_path):
    assert _years(tmp_path, "1.71", "2", "12.50") == []


def test_asset_value_compared_with_the_same_item_not_its_kind(tmp_path):
    # last year's text prints 车辆价值 13.50 and 一般公务用车价值 0.00, one concept: the change of
    # 车辆价值 (implied 12.50) is compared with 车辆价值
    found = _years(tmp_path, "1.71", "2", "13.50")
    assert [(f.found, f.expected) for f in found] == [("12.50", "13.50")]


# ---- retired classification codes: the year the official lists stop listing one --------------
# A bureau imports the official lists of 2024 and 2025 (budgetlens codes import); 2010350 事业运行
# is in 2024's and not in 2025's. The 2026 document printing it uses a code retired in 2025.
# Before, only a list of the document's own year could tell, and said "当年已停用或尚未设立".

def _official_lists(tmp_path, monkeypatch, lists: dict[int, set[str]]):
    from budgetlens.codes import load_registry
    from budgetlens.codes.official import write_entries
    from budgetlens.codes.registry import clear_cache
    home = tmp_path / "-".join(f"{y}{'-'.join(sorted(d))}" for y, d in lists.items())    # (one per call)
    monkeypatch.setenv("BUDGETLENS_HOME", str(home))
    clear_cache()
    known = load_registry(2026)
    printed = {r.code for t in parse(S002).tables for r in t.rows if r.code and r.code.isdigit()}
    for year, dropped in lists.items():
        write_entries([e for c in sorted(printed - dropped) for e in known.find(c)], year, home / "codes")
    try:
        return findings(check(parse(S002)), "K-CODE-KNOWN")
    finally:
        clear_cache()


def test_code_dropped_from_an_earlier_years_official_list_says_when(tmp_path, monkeypatch):
    [f] = _official_lists(tmp_path, monkeypatch, {2024: set(), 2025: {"2010350"}})
    assert (f.found, f.severity) == ("2010350", "warning")
    assert "科目编码 2010350（事业运行）2025 年起已停用（2024 年的正式科目表列有，2025 年的没有），2026 年的文件不应再使用" in f.message


def test_code_dropped_between_two_lists_apart_says_the_span(tmp_path, monkeypatch):
    [f] = _official_lists(tmp_path, monkeypatch, {2022: set(), 2025: {"2010350"}})
    assert "在 2022 年之后、2025 年或之前停用" in f.message


def test_code_listed_again_or_never_dropped_is_not_retired(tmp_path, monkeypatch):
    # listed in 2024, not in 2025, listed again in 2026's (the document's own year)
    assert _official_lists(tmp_path, monkeypatch, {2024: set(), 2025: {"2010350"}, 2026: set()}) == []
    # set up in 2025 (not in 2024's list): no retirement
    assert _official_lists(tmp_path, monkeypatch, {2024: {"2010350"}, 2025: set()}) == []


# ---- 决算: the expenditure side's 总计 = 本年支出合计 + 结余分配 + 年末结转和结余 -------------------
# A 收入支出决算总表 whose 年末结转和结余 is misprinted (15.72 for 13.72) while both 总计 still read
# 860.00: the sides balance, the classes add up to 本年支出合计, and nothing else sums the
# expenditure side, so the misprint went unreported. The same in the 财政拨款收入支出决算总表.

def _final(tmp_path, name: str, replace: dict[str, str]):
    import finals
    path = tmp_path / name
    path.write_text(finals.final_accounts(replace), encoding="utf-8")
    return check(parse(path))


def test_final_summary_expenditure_side_adds_up_to_its_total(tmp_path):
    report = _final(tmp_path, "end.md", {"年末结转和结余\t61\t13.72": "年末结转和结余\t61\t15.72"})
    [f] = serious(report, "ARITH-ITEM-SUM")
    assert (f.location.table, f.found, f.expected, f.difference) == (1, "860.00", "862.00", Decimal("-2.00"))
    assert "本年支出合计+结余分配+年末结转和结余" in f.message


def test_final_fiscal_summary_expenditure_side_adds_up_to_its_total(tmp_path):
    report = _final(tmp_path, "fiscal.md", {"年末财政拨款结转和结余\t60\t11.72\t11.72": "年末财政拨款结转和结余\t60\t12.72\t12.72"})
    found = serious(report, "ARITH-ITEM-SUM")
    assert found and {(f.location.table, f.found, f.expected) for f in found} == {(4, "838.00", "839.00")}


def test_final_accounts_as_printed_have_no_side_sum_finding(tmp_path):
    assert not findings(_final(tmp_path, "clean.md", {}), "ARITH-ITEM-SUM")


# ---- a rate worked out on this year's figure, not last year's ------------------------------------
# "一般公共预算 277.90 万元 … 比上年预算减少 195.97 万元，下降 70.52%": 195.97 / 277.90, where
# the rate is of last year's 473.87 (41.36%). The error said only that 70.52% cannot be had by
# rounding; it now says what the writer divided by.

GPB_RATE = "一般公共预算 277.90 万元,占 100.00%,比上年预算减少 195.97 万元,下降 41.36%"


def _gpb_rate(tmp_path, rate: str):
    report = check(edited(tmp_path, S000, (GPB_RATE, GPB_RATE.replace("41.36%", rate))))
    return [f for f in serious(report, "N-CHANGE-RATE") if "“一般公共预算”" in f.message]


def test_rate_over_this_years_figure_is_said(tmp_path):
    [f] = _gpb_rate(tmp_path, "70.52%")
    assert (f.expected, f.found) == ("41.36", "70.52%")
    assert "（与以本年数 277.90 万元为基数算得的 70.52% 相符：增减率应以上年数为基数）" in f.message


def test_a_wrong_rate_of_no_known_basis_is_not_said_so(tmp_path):
    [f] = _gpb_rate(tmp_path, "45.52%")
    assert "为基数算得" not in f.message


# ---- a table printed in 元 under a heading of 万元 ---------------------------------------------
# The 基本支出表 keyed in 元 (526,600.00 for 基本工资 52.66 万元) while its unit line still reads
# "单位：万元" (a template copied from another year): every comparison with it is 10000-fold off.
# The finding now says so instead of leaving "相差 -2,438,856.10" to be worked out.

def _basic_in_yuan(text: str) -> str:
    import re
    lines = text.split("\n")
    start = lines.index("## 一般公共预算基本支出情况表")
    end = lines.index("表 7", start)
    leaves: dict[int, list[Decimal]] = {}
    for i in range(start, end):
        cells = lines[i].split("\t")
        if len(cells) >= 4 and re.fullmatch(r"3\d\d", cells[0]) and cells[1]:         # a 款 row: × 10000
            leaves[i] = [Decimal(c) * 10000 if c else None for c in cells[3:]]
            lines[i] = "\t".join(cells[:3] + [f"{v:,.2f}" if v is not None else "" for v in leaves[i]])
    # the 类 rows and 总计 add the 款 rows up, in 元
    for i in range(start, end):
        cells = [re.sub(r"</?b>", "", c) for c in lines[i].split("\t")]
        if len(cells) >= 4 and (cells[2] == "总计" or (re.fullmatch(r"3\d\d", cells[0]) and not cells[1])):
            under = [v for j, v in leaves.items() if cells[2] == "总计" or lines[j].startswith(cells[0])]
            sums = [sum((r[k] or 0 for r in under), Decimal(0)) for k in range(3)]
            lines[i] = "\t".join(cells[:3] + [f"{s:,.2f}" if s else "" for s in sums])
    return "\n".join(lines)


def test_table_in_yuan_under_a_wan_heading_is_said_to_be(tmp_path):
    path = tmp_path / "yuan.md"
    path.write_text(_basic_in_yuan(S000.read_text(encoding="utf-8")), encoding="utf-8")
    [f] = serious(check(parse(path)), "X-T5-T6-BASIC")
    # the 款 rows add up to 243.89 万元 (2,438,900.00 元): 0.01 from 表5's 243.90 by rounding
    assert (f.found, f.expected) == ("243.90", "2,438,900.00")
    assert "基本支出表的金额恰为一般公共预算支出表的一万倍：疑为其中一张表的金额单位（元、万元）标错" in f.message


def test_tables_that_differ_otherwise_are_not_said_to_differ_in_unit(tmp_path):
    report = check(edited(tmp_path, S000, ("<b>总计</b>\t<b>243.90</b>", "<b>总计</b>\t<b>253.90</b>")))
    found = serious(report, "X-T5-T6-BASIC")
    assert found and not any("一万倍" in f.message for f in found)


# ---- 实有人数 = 在职 + 退休 + 离休 ---------------------------------------------------------------
# "实有人数 18 人，其中：在职 14 人…；退休 5 人…；离休 0 人" adds up to 19: no rule read the
# overview's staff counts against each other, only against last year's (Y-STAFFING, with --prior).

STAFF = "实有人数 18 人，其中：在职 13 人，减少 6 人；退休 5 人，增加 2 人；离休 0 人，增加 0 人。"


def _staff(tmp_path, text: str):
    return findings(check(edited(tmp_path, S000, (STAFF, text))), "N-STAFF-SUM")


def test_staff_parts_that_do_not_add_up_to_the_actual_count(tmp_path):
    [f] = _staff(tmp_path, STAFF.replace("在职 13 人", "在职 14 人"))
    assert (f.severity, f.found, f.expected) == ("warning", "18", "19")
    assert f.message == "概况：实有人数 18 人，在职 14 人、退休 5 人、离休 0 人 之和为 19 人"


def test_staff_parts_stated_without_one_cannot_exceed_the_whole(tmp_path):
    [f] = _staff(tmp_path, "实有人数 18 人，其中：在职 14 人，减少 6 人；退休 5 人，增加 2 人。")
    assert (f.found, f.expected) == ("18", "19") and "所列各项之和已超过实有人数" in f.message
    # 离休 not stated, the others adding up to the whole: nothing to say
    assert _staff(tmp_path, "实有人数 18 人，其中：在职 13 人，减少 6 人；退休 5 人，增加 2 人。") == []


def test_staff_counted_as_printed_or_without_the_retired_pass(tmp_path):
    assert findings(check(parse(S000)), "N-STAFF-SUM") == []
    # 实有人数 of those in service, the retired listed apart
    assert _staff(tmp_path, "实有人数 13 人，其中：在职 13 人，减少 6 人；另有退休人员 5 人，增加 2 人；离休 0 人，增加 0 人。") == []


# ---- 决算: 收支总表's 本年收入合计 against the 收入决算表's 合计 ----------------------------------
# The 收入决算表 prints 860.00 (行政运行 525.00 keyed 535.00 and added up through its 款, 类 and
# 合计) while the 收入支出决算总表 says 本年收入合计 850.00. The 决算's 收入决算表 totals the year's
# income without the carry-over, so X-T1-T2-TOTAL (收入总计) had nothing to compare and the two
# tables were never compared.

T2_SHIFT = {"合计\t\t850.00\t830.00\t\t\t\t\t20.00": "合计\t\t860.00\t840.00\t\t\t\t\t20.00",
            "201\t一般公共服务支出\t715.00\t695.00": "201\t一般公共服务支出\t725.00\t705.00",
            "20103\t政府办公厅（室）及相关机构事务\t715.00\t695.00": "20103\t政府办公厅（室）及相关机构事务\t725.00\t705.00",
            "2010301\t行政运行\t525.00\t525.00": "2010301\t行政运行\t535.00\t535.00"}


def test_final_income_table_total_against_the_summarys_current_income(tmp_path):
    found = serious(_final(tmp_path, "t2.md", T2_SHIFT), "X-T1-T2-SOURCES")
    [f] = [f for f in found if "本年收入合计" in f.message]
    assert (f.found, f.expected, f.difference) == ("850.00", "860.00", Decimal("-10.00"))
    assert f.message.startswith("收支总表“本年收入合计”850.00")
    # (its 财政拨款收入 column, 840.00, against the 收支总表's 一般公共预算财政拨款收入 830.00: probe 37)
    assert sorted((f.found, f.expected) for f in found) == [("830.00", "840.00"), ("850.00", "860.00")]


def test_final_income_tables_that_agree_pass(tmp_path):
    report = _final(tmp_path, "clean.md", {})
    assert not findings(report, "X-T1-T2-SOURCES")
    assert next(o for o in report.outcomes if o.rule == "X-T1-T2-SOURCES").status == "pass"


# ---- 决算: 一般公共预算财政拨款支出决算表's 基本支出 against the 基本支出决算表 ----------------------
# The national 基本支出决算表 prints 人员经费 and 公用经费 side by side, each with its own 合计, and
# no 合计 of the two: X-T5-T6-BASIC found no 基本支出 total there, compared nothing and passed.
# 基本工资 180.00 keyed 185.00 (and added up through 301 and 人员经费合计 535.52) leaves the two
# tables 5.00 apart.

def test_final_basic_table_in_two_halves_against_the_gpb_tables_basic(tmp_path):
    report = _final(tmp_path, "t6.md", {"30101\t基本工资\t180.00": "30101\t基本工资\t185.00",
                                         "301\t工资福利支出\t510.52": "301\t工资福利支出\t515.52",
                                         "人员经费合计\t\t530.52": "人员经费合计\t\t535.52"})
    [f] = serious(report, "X-T5-T6-BASIC")
    # 表5 基本支出 660.88; 表6 人员经费合计 535.52 + 公用经费合计 130.36 = 665.88
    assert (f.found, f.expected, f.difference) == ("660.88", "665.88", Decimal("-5.00"))


def test_final_basic_tables_that_agree_pass(tmp_path):
    report = _final(tmp_path, "clean.md", {})
    assert not findings(report, "X-T5-T6-BASIC")


def test_final_personnel_said_in_the_text_against_the_basic_table_half(tmp_path):
    # the text says 人员经费530.52万元; the table's 人员经费合计 reads 535.52. Before, the sentence
    # found no total row (the halves' 合计 are 人员经费合计 and 公用经费合计) and was not compared
    report = _final(tmp_path, "t6.md", {"30101\t基本工资\t180.00": "30101\t基本工资\t185.00",
                                         "301\t工资福利支出\t510.52": "301\t工资福利支出\t515.52",
                                         "人员经费合计\t\t530.52": "人员经费合计\t\t535.52"})
    said = [(f.found, f.expected) for f in serious(report, "N-AMOUNT")]
    assert said == [("530.52万元", "535.52")]
    assert not findings(_final(tmp_path, "clean.md", {}), "N-AMOUNT")


# ---- an identity that found nothing to compare does not pass ------------------------------------
# The national 收入决算表 totals 本年收入合计 and prints no 收入总计 column: X-T1-T2-TOTAL named no
# cell of it, compared nothing, and its outcome read "pass" (so did the 基本支出 rule above, and,
# on Jiangsu's 2018 tables as read today, X-T1-T3-CLASS and X-T5-T6-BASIC among others).

def test_identity_with_one_side_never_printed_is_not_applicable(tmp_path):
    report = _final(tmp_path, "clean.md", {})
    outcome = next(o for o in report.outcomes if o.rule == "X-T1-T2-TOTAL")
    assert outcome.status == "not_applicable"
    assert outcome.reason == "收支总表与收入总表没有可相互核对的金额（一方未列出所需的行或列）"


def test_identity_with_both_sides_printed_passes(tmp_path):
    report = check(parse(S000))
    for rule in ("X-T1-T2-TOTAL", "X-T1-T3-CLASS", "X-T5-T6-BASIC", "X-T11-T1-CARRYOVER"):
        assert next(o for o in report.outcomes if o.rule == rule).status == "pass", rule
