"""Defects the review of the day's change found: each test failed before its fix."""

from conftest import EXAMPLES
from test_robustness import seed_with

from budgetlens.pipeline import parse

S0 = "000_9131eab83374bb33"


def test_a_label_printed_below_its_title_keeps_the_table(tmp_path):
    """"部门收支总体情况表" then "表 1" under it, then the table: the label is the title's own,
    not the next entry of a list of the tables (the table was dropped: 缺少：表1…)."""
    path = seed_with(tmp_path, S0, [("表 1\n\n### 部门收支总体情况表\n", "### 部门收支总体情况表\n\n表 1\n")])
    disc = parse(path)
    alone = parse(EXAMPLES / f"{S0}.txt")
    assert [(t.kind, len(t.rows)) for t in disc.tables] == [(t.kind, len(t.rows)) for t in alone.tables]
    assert not [m for m in disc.missing if "部门收支总体情况表" in m]


OFFICES = "下设 4 个科室，分别是：综合科、运行维护科、技术服务科、安全保障科。"


def test_words_after_the_offices_count_are_no_offices(tmp_path):
    """"内设机构4个，人员编制为15人" names no office: "15人" was read as one (so were
    "正科级" of "均为正科级" and "实有人数18人")."""
    for said in ("内设机构4个，人员编制为15人，实有人数18人。", "设4个内设机构，均为正科级。"):
        assert parse(seed_with(tmp_path, S0, [(OFFICES, said)])).overview.offices == []


BASIC = "基本支出 243.90 万元，比上年预算减少 136.57 万元，下降 35.90%，主要原因是本年在岗人员减少，相关经费支出减少。"


def claims_of(tmp_path, sentence: str):
    path = seed_with(tmp_path, S0, [(BASIC, sentence)])
    disc = parse(path)
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if sentence in text)
    return [c for c in disc.narrative.claims if c.provenance.line == line]


def test_respectively_after_a_bracket_of_parts_is_the_items(tmp_path):
    """"A 2 万元，B 8 万元（其中：B1 0 万元，B2 8 万元），分别比上年减少 1 万元、2 万元": the
    changes are A's and B's, not the bracketed parts' (B1 and B2 were given them)."""
    claims = claims_of(tmp_path, "公务接待费 2.00 万元，公务用车购置及运行费 8.00 万元（其中：公务用车购置费 0.00 万元，"
                                 "公务用车运行费 8.00 万元），分别比上年减少 1.00 万元、2.00 万元。")
    assert [(c.subject.text, str(c.implied_prior)) for c in claims if c.kind == "change"] == \
        [("公务接待费", "3.00"), ("公务用车购置及运行费", "10.00")]


SIGNED = "克孜勒苏柯尔克孜自治州电子政务服务中心\n\n2026年2月5日"


def test_a_performance_tables_date_is_no_signature(tmp_path):
    """A file ending with a performance target table: "完成时限 2026年12月31日" (a row, or its
    text) is a field's date, not the signature's (it was read as the 落款日期)."""
    for tail in ("时效指标\t项目完成时限\t2026年12月31日", "项目完成时限 2026年12月31日", "实施期限 2026年12月31日"):
        path = seed_with(tmp_path, S0, [(SIGNED, "项目绩效目标表\n\n" + tail)])
        assert parse(path).meta.signature_date is None, tail


def test_a_change_named_by_its_sum_is_no_amount_of_the_item(tmp_path):
    """"基本支出 243.90 万元，增减额 -136.57 万元": a change of 基本支出, not its amount (with 额
    dropped from its words it was read as 基本支出 -136.57 万元, and N-AMOUNT said the table
    differs by 380.47)."""
    from budgetlens.checks import check

    said = "基本支出 243.90 万元，增减额 -136.57 万元。"
    [change] = [c for c in claims_of(tmp_path, said) if c.kind == "change"]
    assert (change.subject.text, change.direction, str(change.implied_prior)) == ("基本支出", "decrease", "380.47")
    disc = parse(seed_with(tmp_path, S0, [(BASIC, said)]))
    assert not [f for f in check(disc).findings if f.rule == "N-AMOUNT" and "-136.57" in f.message]


def test_the_year_compared_with_is_not_the_budgets_year(tmp_path):
    """Headings without a year, and changes worded as Shanghai words them ("比2024年预算减少"):
    the year is still 2025 (the year compared with was named more often, and taken)."""
    import re

    text = (EXAMPLES / "003_051c06d5053f29b3.txt").read_text(encoding="utf-8")
    headings = sorted(set(re.findall(r"第.部分 2025 年部门\S*", text)))
    path = seed_with(tmp_path, "003_051c06d5053f29b3", [(h, h.replace("2025 年", "")) for h in headings])
    path.write_text(path.read_text(encoding="utf-8").replace("比上年", "比2024年预算"), encoding="utf-8")
    assert parse(path).meta.year == 2025


def test_a_page_header_naming_the_budget_is_no_tables_heading(tmp_path):
    """Parts headed 一、…概况 / 二、…公开表 …, every page headed "XX办公室2026年部门预算": the header
    is the document's title, not the tables part's heading (the overview was lost: 缺少：概况部分)."""
    text = (EXAMPLES / "002_4e0ed6e09b019fe1.txt").read_text(encoding="utf-8")
    old = ["第一部分 2026年部门概况", "第二部分 2026 年部门预算公开表", "第三部分 2026 年部门预算情况说明", "第四部分 名词解释"]
    new = ["一、2026年部门概况", "二、2026年部门预算公开表", "三、2026年部门预算情况说明", "四、名词解释"]
    for o, n in zip(old, new):
        at = text.rindex(o)
        text = text[:at] + n + text[at + len(o):]
    lines = text.split("\n")
    paged = [x for i, line in enumerate(lines)
             for x in ([line] + (["", "克孜勒苏柯尔克孜自治州人民政府办公室2026年部门预算", ""] if i and i % 60 == 0 else []))]
    path = tmp_path / "doc.txt"
    path.write_text("\n".join(paged), encoding="utf-8")
    disc = parse(path)
    assert [p.key for p in disc.parts] == ["overview", "tables", "narrative", "glossary"]
    assert not disc.missing and len(disc.tables) == 11
