"""N-BREAKDOWN-SUM: a figure and its "其中" parts in the narrative. The parts never exceed the
total; parts listed down to 其他… add up to it. Counts (辆, 个) and amounts alike."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.checks import check
from budgetlens.checks.rules.breakdowns import parts, totals, whole
from budgetlens.pipeline import parse
from conftest import EXAMPLES, SHARED

VEHICLES = "2. 车辆 10 辆，价值 416.64 万元；其中：一般公务用车 0 辆，价值 0.00 万元；执法执勤用车 0 辆，价值 0.00 万元；其他车辆 10 辆，价值 416.64 万元。"


def findings(tmp_path, old: str | None = None, new: str = "", seed: str = "002"):
    text = next(EXAMPLES.glob(f"{seed}_*.txt")).read_text(encoding="utf-8")
    if old is not None:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    return [f for f in check(parse(path)).findings if f.rule == "N-BREAKDOWN-SUM"]


def test_the_seeds_breakdowns_add_up(tmp_path):
    assert VEHICLES in next(EXAMPLES.glob("002_*.txt")).read_text(encoding="utf-8")
    for seed in ("000", "001", "002", "003"):
        assert findings(tmp_path, seed=seed) == []


@pytest.mark.parametrize("old,new,why", [
    ("其他车辆 10 辆", "其他车辆 8 辆", "应与总数相等"),      # listed down to 其他: less is wrong too
    ("其他车辆 10 辆，价值 416.64", "其他车辆 10 辆，价值 406.64", "应与总数相等"),
    ("一般公务用车 0 辆，价值 0.00", "一般公务用车 2 辆，价值 20.00", "超过总数"),
])
def test_parts_that_do_not_add_up_are_found(tmp_path, old, new, why):
    found = findings(tmp_path, VEHICLES, VEHICLES.replace(old, new))
    assert found and all(f.severity == "error" for f in found)
    assert why in found[0].message and found[0].evidence[0].provenance.line


def test_parts_short_of_the_total_without_other_are_not_a_defect():
    """"其中" may name only some parts: less than the total is no error unless 其他 closes the list."""
    assert parts("基本支出600万元，项目支出300万元")[-1].name == "项目支出"
    assert totals("支出预算1,000.00万元，") == {"万元": (1000, 2)}


def test_changes_and_shares_between_the_parts_are_passed_over():
    got = parts("一般公共预算收入21,940.96万元，占99.94%；其他资金14.39万元，比上年增加2.00万元，占0.06%")
    assert [(p.name, p.figures["万元"][0]) for p in got] == [("一般公共预算收入", Decimal("21940.96")),
                                                                 ("其他资金", Decimal("14.39"))]


def test_a_new_whole_ends_the_parts():
    """A total as high as the one broken down, or the same whole at another time, is no part."""
    assert whole("2024年度收入总计880.00万元，") == "2024年度收入总计"
    got = parts("本年收入合计870.00万元，年初结转和结余10.00万元；支出总计880.00万元，", whole("收入总计880.00万元"))
    assert [p.name for p in got] == ["本年收入合计", "年初结转和结余"]
    got = parts("年初结转和结余10.00万元，本年收入合计870.00万元", whole("收入总计880.00万元"))
    assert [p.name for p in got] == ["年初结转和结余", "本年收入合计"]      # a lower total is a part
    got = parts("财政拨款结转和结余8.00万元；年末结转和结余33.72万元", whole("年初结转和结余10.00万元"))
    assert [p.name for p in got] == ["财政拨款结转和结余"]


def test_a_description_with_a_figure_ends_the_parts():
    got = parts("财政资金20万元，其他资金0万元，主要用于购置公务用车1辆")
    assert [p.name for p in got] == ["财政资金", "其他资金"]


def test_the_total_is_the_figure_next_to_the_breakdown():
    """"…目标1个，涉及金额 277.90 万元；项目共3个，其中：…" breaks down the 3 projects, not the 277.90."""
    from budgetlens.checks.rules.breakdowns import _head_start
    text = "整体绩效目标1个，涉及预算金额277.90万元；当年预算安排项目共3个，其中：财政拨款项目涉及预算金额34.00万元"
    at = text.index("其中")
    assert totals(text[_head_start(text, at):at]) == {"个": (3, 0)}


@pytest.mark.skipif(not (SHARED / "real").exists(), reason="../shared/real not present")
def test_real_vehicle_lists_add_up():
    """Shanghai: "共有车辆7辆，其中：部级领导干部用车0辆、…、其他用车7辆" (eight kinds)."""
    rep = check(parse(SHARED / "real" / "sh-putuo-wanli-2024-dept-budget.pdf"))
    outcome = next(o for o in rep.outcomes if o.rule == "N-BREAKDOWN-SUM")
    assert outcome.status == "pass" and outcome.checked >= 4


# ---- wordings around a list: what ends it, brackets, changes and shares inside it -----------------

PROCUREMENT = ("2024年度政府采购支出总额50.00万元，其中：政府采购货物支出10.00万元、政府采购工程支出0万元、"
               "政府采购服务支出40.00万元。")


@pytest.mark.parametrize("sentence,defect", [
    # the list ends at "；" once it has its parts; what follows is other text
    ("本部门编制人数50人，其中：行政编制30人、事业编制20人；实有人数48人。", False),
    ("政府采购支出总额50.00万元，其中：货物10.00万元、服务40.00万元；授予中小企业合同金额45.00万元。", False),
    ("国有资产总额1,000.00万元，其中：固定资产300.00万元，流动资产600.00万元，其他资产100.00万元；资产净值800.00万元。", False),
    ("国有资产总额1,000.00万元，其中：固定资产300.00万元，流动资产600.00万元，其他资产200.00万元；资产净值800.00万元。", True),
    ("单位价值50万元以上通用设备2台，其中：车辆1台、其他设备1台；单位价值100万元以上专用设备3台。", False),
    # 分别占…, 另有… close the list
    ("本年支出846.28万元，其中：基本支出660.88万元，项目支出185.40万元，分别占78.09%和21.91%，年末结转和结余13.72万元。", False),
    ("在职人员50人，其中：行政人员30人，事业人员20人，另有离退休人员15人。", False),
    # a part broken down in brackets: the outer list goes on after them, the inner one is checked too
    ("三公经费25.00万元，其中：公务用车购置及运行费20.00万元（其中：公务用车购置费0.00万元，公务用车运行费20.00万元），公务接待费5.00万元。", False),
    ("三公经费25.00万元，其中：公务用车购置及运行费20.00万元（其中：公务用车购置费5.00万元，公务用车运行费20.00万元），公务接待费5.00万元。", True),
    ("本年支出846.28万元，其中：基本支出660.88万元（其中：人员经费500.00万元、公用经费160.88万元），项目支出185.40万元。", False),
    # a part's name may hold 比 or 降低
    ("项目支出100.00万元，其中：体育比赛经费30.00万元、培训费20.00万元、其他支出50.00万元。", False),
    ("项目支出100.00万元，其中：节能降低排放项目30.00万元、培训费20.00万元、其他支出50.00万元。", False),
    ("项目支出100.00万元，其中：体育比赛经费30.00万元、培训费20.00万元、其他支出40.00万元。", True),
    # the total in the sentence before "其中"
    ("支出决算为25.00万元，完成预算的71.43%。其中：公务用车运行费20.00万元，公务接待费5.00万元，其他支出1.00万元。", True),
    ("车辆7辆，价值100.00万元；其中：一般公务用车2辆，价值30.00万元；执法执勤用车1辆，价值20.00万元；其他车辆3辆，价值50.00万元。", True),
    # a total with a thousands comma before a bracketed breakdown
    ("支出总计1,000.00万元（其中：基本支出600.00万元，项目支出400.00万元）。", False),
    ("本年支出1,846.28万元（其中：基本支出1,660.88万元，项目支出185.40万元），年末结转13.72万元。", False),
    ("支出总计1,000.00万元（其中：基本支出600.00万元，项目支出500.00万元）。", True),
    # a comparison before 其中 is not the total; one inside the list is not a part
    ("三公经费支出决算25.00万元，决算数比预算数节约10.00万元，其中：公务用车运行费20.00万元，公务接待费5.00万元。", False),
    ("三公经费支出决算25.00万元，决算数低于预算数10.00万元，其中：公务用车运行费20.00万元，公务接待费5.00万元。", False),
    ("三公经费25.00万元，其中：公务用车运行费20.00万元，上年为22.00万元，公务接待费5.00万元。", False),
    ("三公经费25.00万元，其中：公务用车运行费20.00万元，预算为22.00万元，公务接待费5.00万元。", False),
    # the sentence before states two figures: which one the list breaks down is not certain
    ("本年支出900.00万元，年末结转和结余100.00万元。其中：基本支出600.00万元，项目支出300.00万元。", False),
    ("本年收入1,000.00万元，上年结转200.00万元。其中：财政拨款收入900.00万元，其他收入100.00万元。", False),
    # a new whole ends the list, whatever the punctuation: the 决算 format's totals sentence
    ("收入总计880.00万元，其中：本年收入合计870.00万元，年初结转和结余10.00万元；支出总计880.00万元，"
     "其中：本年支出合计846.28万元，年末结转和结余33.72万元。", False),
    ("收入总计880.00万元，其中：本年收入合计870.00万元，年初结转和结余20.00万元；支出总计880.00万元，"
     "其中：本年支出合计846.28万元，年末结转和结余33.72万元。", True),
    ("收入总计880.00万元，其中：本年收入合计870.00万元，支出总计880.00万元，其中：本年支出合计846.28万元。", False),
    ("本年收入合计870.00万元，其中：财政拨款收入870.00万元；本年支出合计846.28万元，其中：基本支出846.28万元。", False),
    ("年初结转和结余10.00万元，其中：财政拨款结转和结余8.00万元，主要原因是上年项目未完成；年末结转和结余33.72万元。", False),
    ("年初结转和结余10.00万元，其中：财政拨款结转和结余8.00万元；年末结转和结余33.72万元。", False),
])
def test_breakdown_wordings(tmp_path, sentence, defect):
    import finals
    path = tmp_path / "final.md"
    path.write_text(finals.final_accounts({PROCUREMENT: sentence}), encoding="utf-8")
    found = [f for f in check(parse(path)).findings if f.rule == "N-BREAKDOWN-SUM"]
    assert bool(found) == defect, [f.message for f in found]
