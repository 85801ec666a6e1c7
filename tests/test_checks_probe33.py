"""Probe 33 of the rule catalogue: defects a bureau finds that the checks missed.

Inputs are written in code (tests/finals.py: a consistent 决算 document; the seeds' text with one
figure or word changed); what each test expects comes from what the document prints."""

from __future__ import annotations

from pathlib import Path

import finals

from budgetlens.checks import check
from budgetlens.pipeline import parse

EXAMPLES = Path(__file__).resolve().parent.parent / "budgetlens" / "examples"


def findings(tmp_path: Path, text: str, rule: str, name: str = "doc.md") -> list:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return [f for f in check(parse(path)).findings if f.rule == rule and f.severity != "info"]


# ---- 决算: the reason sentence says the actual is above the budget while it is below ----------

def test_reason_direction_contradicting_the_figures_is_flagged(tmp_path):
    # 一般行政管理事务: 年初预算 180.00, 支出决算 165.40 (91.89%): the actual is below the budget
    text = finals.final_accounts({"完成年初预算的91.89%。决算数小于": "完成年初预算的91.89%。决算数大于"})
    found = findings(tmp_path, text, "N-VARIANCE-DIRECTION")
    assert len(found) == 1
    f = found[0]
    assert f.severity == "error"
    assert "决算数大于" in f.found and "小于" in f.expected
    assert "165.40" in f.message and "180.00" in f.message


def test_reason_direction_above_budget_said_below_is_flagged(tmp_path):
    # 行政运行: 年初预算 500.00, 支出决算 520.36 (104.07%): above the budget
    text = finals.final_accounts({"完成年初预算的104.07%。决算数大于": "完成年初预算的104.07%。决算数低于"})
    found = findings(tmp_path, text, "N-VARIANCE-DIRECTION")
    assert [f.found for f in found] == ["决算数低于年初预算数"]


def test_reason_direction_agreeing_with_the_figures_is_not_flagged(tmp_path):
    assert not findings(tmp_path, finals.final_accounts(), "N-VARIANCE-DIRECTION")


# ---- 政府采购: the share of the contracts given to small firms, worked out from the amounts the text states --

def test_sme_share_of_procurement_wrongly_computed_is_flagged(tmp_path):
    # 授予中小企业合同金额 45.00 of 政府采购支出总额 50.00 is 90.00%, printed 80.00%
    text = finals.final_accounts({"占政府采购支出总额的90.00%": "占政府采购支出总额的80.00%"})
    found = findings(tmp_path, text, "N-PROCUREMENT-SHARE")
    assert len(found) == 1
    f = found[0]
    assert (f.expected, f.found) == ("90.00", "80.00%")
    assert "45.00" in f.message and "50.00" in f.message


def test_small_firms_share_of_the_sme_amount_is_checked_against_it(tmp_path):
    # 小微企业 36.00 of the 中小企业 45.00 is 80.00% (of the total 50.00 it would be 72.00%)
    said = "占政府采购支出总额的90.00%"
    right = said + "，其中：授予小微企业合同金额36.00万元，占授予中小企业合同金额的80.00%"
    assert not findings(tmp_path, finals.final_accounts({said: right}), "N-PROCUREMENT-SHARE")
    wrong = said + "，其中：授予小微企业合同金额36.00万元，占授予中小企业合同金额的72.00%"
    found = findings(tmp_path, finals.final_accounts({said: wrong}), "N-PROCUREMENT-SHARE", "wrong.md")
    assert [(f.expected, f.found) for f in found] == [("80.00", "72.00%")]


def test_sme_share_right_is_not_flagged(tmp_path):
    assert not findings(tmp_path, finals.final_accounts(), "N-PROCUREMENT-SHARE")


# ---- a code printed with the name it had in earlier years (a template copied from an old year) -----

OLD_NAME = ("208\t05\t\t行政事业单位养老支出\t211.95\t211.95\t211.95",
            "208\t05\t\t行政事业单位离退休\t211.95\t211.95\t211.95")


def test_code_printed_with_a_superseded_name_is_flagged(tmp_path):
    # 20805 was 行政事业单位离退休 in the 2018/2019 lists, 行政事业单位养老支出 from 2023 on;
    # the 2026 seed prints its 表2 row with the old name
    text = (EXAMPLES / "002_4e0ed6e09b019fe1.txt").read_text(encoding="utf-8")
    assert OLD_NAME[0] in text
    found = findings(tmp_path, text.replace(*OLD_NAME, 1), "K-CODE-NAME", "seed.md")
    assert [(f.location.row, f.found, f.expected) for f in found] == [
        ("20805", "行政事业单位离退休", "行政事业单位养老支出")]
    assert "2019" in found[0].message


def test_old_name_is_right_in_its_own_years_and_before_the_new_one_is_seen():
    from budgetlens.codes import load_registry
    assert load_registry(2019).superseded("function", "20805", "行政事业单位离退休") is None
    # 2021: no list names 20805 between 2019 and 2023, so the old name may still be the year's
    assert load_registry(2021).superseded("function", "20805", "行政事业单位离退休") is None
    assert load_registry(2026).superseded("function", "20805", "行政事业单位离退休") == (2019, 2023)
    assert load_registry(2026).superseded("function", "20805", "行政事业单位养老支出") is None


# ---- a file holding the narrative only (the tables published as another file) --------------------

def test_file_without_any_table_gets_one_finding_naming_every_table(tmp_path):
    # the seed's own text with its 第二部分 (the tables) cut out, as Jiangsu publishes the
    # 情况说明 and the 公开表 as two PDFs
    lines = (EXAMPLES / "002_4e0ed6e09b019fe1.txt").read_text(encoding="utf-8").split("\n")
    start = lines.index("第二部分 2026 年部门预算公开表", 20)
    end = lines.index("第三部分 2026 年部门预算情况说明", start)
    text = "\n".join(lines[:start + 1] + ["2026 年部门预算公开表附后。", ""] + lines[end:])
    found = findings(tmp_path, text, "C-TABLES", "narrative_only.md")
    assert len(found) == 1
    f = found[0]
    assert f.severity == "error"
    assert "表1" in f.expected and "表11" in f.expected
    assert "--bundle" in f.message and "没有任何公开表" in f.message


# ---- one amount keyed in 元 inside a table in 万元 (the ×10000 slip) ------------------------------

def test_amount_in_yuan_inside_a_wan_table_is_named_as_such(tmp_path):
    # 表6 30201 办公费 13.57 万元 printed as 135,700.00 (its amount in 元) in both columns
    text = (EXAMPLES / "002_4e0ed6e09b019fe1.txt").read_text(encoding="utf-8")
    row = "302\t01\t办公费\t13.57\t\t13.57"
    assert row in text
    text = text.replace(row, "302\t01\t办公费\t135,700.00\t\t135,700.00", 1)
    found = findings(tmp_path, text, "ARITH-HIERARCHY", "slip.md")
    assert found and all(f.severity == "error" for f in found)
    for f in found:
        assert "135,700.00" in f.message and "13.57" in f.message and "元" in f.message


def test_an_ordinary_wrong_sum_gets_no_unit_note(tmp_path):
    text = (EXAMPLES / "002_4e0ed6e09b019fe1.txt").read_text(encoding="utf-8")
    text = text.replace("302\t01\t办公费\t13.57\t\t13.57", "302\t01\t办公费\t23.57\t\t23.57", 1)
    found = findings(tmp_path, text, "ARITH-HIERARCHY", "wrong.md")
    assert found and not any("单位" in f.message for f in found)


def test_an_amount_the_sum_holds_without_gets_no_unit_note(tmp_path):
    # 表6 30299 printed 3.00 more: the children then exceed 302 by 3.00, which is 30202 印刷费;
    # 3.00 ÷ 10000 is nothing, so 印刷费 is no slip of unit (the sum would hold without it)
    text = (EXAMPLES / "002_4e0ed6e09b019fe1.txt").read_text(encoding="utf-8")
    text = text.replace("302\t99\t其他商品和服务支出\t3.27\t\t3.27", "302\t99\t其他商品和服务支出\t6.27\t\t6.27", 1)
    found = findings(tmp_path, text, "ARITH-HIERARCHY", "half.md")
    assert found and not any("填列" in f.message for f in found)


# ---- a code the year's official list (imported by the bureau) does not hold: retired or not yet set up ----

def test_code_missing_from_the_years_official_list_is_flagged(tmp_path, monkeypatch):
    from budgetlens.codes import load_registry
    from budgetlens.codes.official import write_entries
    from budgetlens.codes.registry import clear_cache
    monkeypatch.setenv("BUDGETLENS_HOME", str(tmp_path / "home"))
    clear_cache()
    seed = EXAMPLES / "002_4e0ed6e09b019fe1.txt"
    known = load_registry(2026)
    printed = {r.code for t in parse(seed).tables for r in t.rows if r.code and r.code.isdigit()}
    # the 2026 official list: every code the seed prints but 2010350 事业运行
    entries = [e for c in sorted(printed - {"2010350"}) for e in known.find(c)]
    write_entries(entries, 2026, tmp_path / "home" / "codes")
    try:
        found = findings(tmp_path, seed.read_text(encoding="utf-8"), "K-CODE-KNOWN", "seed.md")
    finally:
        clear_cache()
    assert {f.found for f in found} == {"2010350"}
    assert all(f.severity == "warning" and "正式科目表" in f.message for f in found)


def test_without_an_official_list_a_known_code_is_not_flagged(tmp_path, monkeypatch):
    from budgetlens.codes.registry import clear_cache
    monkeypatch.setenv("BUDGETLENS_HOME", str(tmp_path / "home"))
    clear_cache()
    text = (EXAMPLES / "002_4e0ed6e09b019fe1.txt").read_text(encoding="utf-8")
    assert not findings(tmp_path, text, "K-CODE-KNOWN", "seed.md")
