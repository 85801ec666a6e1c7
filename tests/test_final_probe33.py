"""决算 disclosures as regions print them, beyond the national sheets tests/finals.py writes
(probe 33): each test builds its document from tests/finals.py's books and changes one thing
the way another province prints it."""

from __future__ import annotations

import re
from decimal import Decimal as D

import finals
import pytest

from budgetlens.checks import check
from budgetlens.pipeline import parse

THREE_PUBLIC_TITLE = "## 一般公共预算财政拨款“三公”经费支出决算表"


def write(tmp_path, text: str, name: str = "final.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def with_three_public(body: list[str], text: str | None = None) -> str:
    """The document with the 三公 table's rows replaced by `body` (its title and unit line kept)."""
    text = text or finals.final_accounts()
    start = text.index(THREE_PUBLIC_TITLE)
    end = text.index("表8\n", start)
    head = text[start:end].split("\n")[:4]
    return text[:start] + "\n".join([*head, *body, "", ""]) + text[end:]


def vertical_three_public(reception: str = "5.00") -> list[str]:
    """The 三公 table with its items as rows and 预算数 | 决算数 as columns, from the books."""
    (ab_b, ab_a), (buy_b, buy_a), (run_b, run_a), (rec_b, rec_a) = finals.THREE_PUBLIC
    total_b, total_a = ab_b + buy_b + run_b + rec_b, ab_a + buy_a + run_a + rec_a
    rows = [("项目", "预算数", "决算数"), ("合计", total_b, total_a), ("1.因公出国（境）费", ab_b, ab_a),
            ("2.公务用车购置及运行费", buy_b + run_b, buy_a + run_a), ("其中：（1）公务用车购置费", buy_b, buy_a),
            ("（2）公务用车运行费", run_b, run_a), ("3.公务接待费", rec_b, D(reception))]
    return ["\t".join(c if isinstance(c, str) else f"{c:.2f}" for c in r) for r in rows]


def three_public_facts(disc) -> dict:
    return {(f.coords.phase, f.coords.item): f.amount for f in disc.facts if f.coords.table_kind == "three_public"}


def as_plain(text: str) -> str:
    """The tables as plain text: cells a space apart, empty cells gone (a copy from a PDF viewer)."""
    return "\n".join(re.sub(r"\t+", " ", ln).strip() if "\t" in ln else ln for ln in text.split("\n"))


@pytest.mark.parametrize("plain", [False, True])
def test_three_public_items_as_rows_with_budget_and_actual(tmp_path, plain):
    """项目 | 预算数 | 决算数, a row per item (合计, 因公出国（境）费, 公务用车购置及运行费 with
    购置费 and 运行费 under it, 公务接待费): each amount is that item's budget or actual."""
    text = with_three_public(vertical_three_public())
    disc = parse(write(tmp_path, as_plain(text) if plain else text))
    got = three_public_facts(disc)
    (ab_b, ab_a), (buy_b, buy_a), (run_b, run_a), (rec_b, rec_a) = finals.THREE_PUBLIC
    assert got == {("年初预算", "total"): ab_b + buy_b + run_b + rec_b, ("决算", "total"): ab_a + buy_a + run_a + rec_a,
                   ("年初预算", "abroad"): ab_b, ("决算", "abroad"): ab_a,
                   ("年初预算", "vehicle"): buy_b + run_b, ("决算", "vehicle"): buy_a + run_a,
                   ("年初预算", "vehicle_purchase"): buy_b, ("决算", "vehicle_purchase"): buy_a,
                   ("年初预算", "vehicle_operation"): run_b, ("决算", "vehicle_operation"): run_a,
                   ("年初预算", "reception"): rec_b, ("决算", "reception"): rec_a}
    findings = [f for f in check(disc).findings if f.severity == "error"]
    assert findings == []


def test_a_wrong_item_of_the_vertical_three_public_table_is_found(tmp_path):
    disc = parse(write(tmp_path, with_three_public(vertical_three_public(reception="6.00"))))
    rules = {f.rule for f in check(disc).findings if f.severity == "error"}
    assert {"ARITH-ITEM-SUM", "N-AMOUNT"} <= rules     # the items' sum; the narrative's 5.00


# pdftotext -layout of the 收入支出决算总表 as WeasyPrint prints tests/finals.py's document (its
# second page repeats the header): a name as long as its column stands one space before its 行次
SUMMARY_LAYOUT = [
    '收入                                  支出',
    '项目                 行次 金额            项目          行次 金额',
    '栏次                      1           栏次               2',
    '一、一般公共预算财政拨款收入     1    830.00 一、一般公共服务支出       32   705.76',
    '二、政府性基金预算财政拨款收入    2                二、社会保障和就业支出 33       64.80',
    '三、国有资本经营预算财政拨款收入 3                  三、卫生健康支出    34       30.12',
    '四、上级补助收入           4                四、住房保障支出    35       45.60',
    '五、事业收入             5',
    '六、经营收入             6',
    '七、附属单位上缴收入         7',
    '八、其他收入             8        20.00',
    '本年收入合计             9    850.00 本年支出合计           59   846.28',
    '使用非财政拨款结余          10               结余分配        60',
    '\x0c收入                             支出',
    '项目                   行次 金额     项目                      行次 金额',
    '年初结转和结余              11   10.00 年末结转和结余                61       13.72',
    '总计                   12   860.00 总计                    62   860.00',
]


def with_summary(lines: list[str]) -> str:
    """The document with its 收入支出决算总表 (and the unit line over it) as `lines`."""
    text = finals.final_accounts()
    start = text.index("编制单位：", text.index("## 收入支出决算总表"))
    end = text.index("\n\n表2", start)
    return text[:start] + "\n".join([f"编制单位：{finals.UNIT}     金额单位：万元", "", *lines]) + text[end:]


def test_a_label_one_space_before_its_row_number_in_layout_text(tmp_path):
    """"二、社会保障和就业支出 33       64.80": the 行次 is no part of the name, so the class
    is 208 and the sums of the classes hold; "三、国有资本经营预算财政拨款收入 3" is that source."""
    disc = parse(write(tmp_path, with_summary(SUMMARY_LAYOUT)))
    rows = {r.name: r for r in disc.tables[0].rows}
    social = rows["二、社会保障和就业支出"]
    assert social.row_number == "33" and social.coords["function_code"] == "208"
    assert [str(c.amount) for c in social.cells] == ["64.80"]
    capital = rows["三、国有资本经营预算财政拨款收入"]
    assert capital.row_number == "3" and capital.coords["source"] == "state_capital"
    found = {f.rule for f in check(disc).findings if f.severity == "error"}
    assert not found & {"ARITH-SIDE-CLASSES", "X-T1-T3-CLASS", "ARITH-ITEM-SUM"}


def phase_rows_three_public(actual_total: str = "25.00") -> list[str]:
    """The 三公 table with its items as columns and 预算数 | 决算数 as two rows, from the books."""
    (ab_b, ab_a), (buy_b, buy_a), (run_b, run_a), (rec_b, rec_a) = finals.THREE_PUBLIC
    def six(ab, buy, run, rec):
        return [f"{x:.2f}" for x in (ab + buy + run + rec, ab, buy + run, buy, run, rec)]
    actual = six(ab_a, buy_a, run_a, rec_a)
    actual[0] = actual_total
    return ["\t".join(["项目", "合计", "因公出国（境）费", "公务用车购置及运行费", "", "", "公务接待费"]),
            "\t".join(["", "", "", "小计", "公务用车购置费", "公务用车运行费", ""]),
            "\t".join(["预算数", *six(ab_b, buy_b, run_b, rec_b)]), "\t".join(["决算数", *actual])]


@pytest.mark.parametrize("plain", [False, True])
def test_three_public_budget_and_actual_as_two_rows(tmp_path, plain):
    """预算数 and 决算数 each a row under the items' columns: every amount is its item's
    budget or actual, none lost (the 决算数 row was read over the 预算数 row's columns)."""
    text = with_three_public(phase_rows_three_public())
    disc = parse(write(tmp_path, as_plain(text) if plain else text))
    (ab_b, ab_a), (buy_b, buy_a), (run_b, run_a), (rec_b, rec_a) = finals.THREE_PUBLIC
    assert three_public_facts(disc) == {
        ("年初预算", "total"): ab_b + buy_b + run_b + rec_b, ("决算", "total"): ab_a + buy_a + run_a + rec_a,
        ("年初预算", "abroad"): ab_b, ("决算", "abroad"): ab_a,
        ("年初预算", "vehicle"): buy_b + run_b, ("决算", "vehicle"): buy_a + run_a,
        ("年初预算", "vehicle_purchase"): buy_b, ("决算", "vehicle_purchase"): buy_a,
        ("年初预算", "vehicle_operation"): run_b, ("决算", "vehicle_operation"): run_a,
        ("年初预算", "reception"): rec_b, ("决算", "reception"): rec_a}
    assert [f for f in check(disc).findings if f.severity == "error"] == []


def test_a_wrong_actual_total_in_the_two_row_three_public_table_is_found(tmp_path):
    disc = parse(write(tmp_path, with_three_public(phase_rows_three_public(actual_total="26.00"))))
    rules = {f.rule for f in check(disc).findings if f.severity == "error"}
    assert {"ARITH-COLUMN-SUM", "N-AMOUNT"} <= rules


def test_state_capital_table_with_carryover_and_income_columns(tmp_path):
    """国有资本经营预算财政拨款收入支出决算表, printed with the 政府性基金 table's columns
    (年初结转和结余 | 本年收入 | 本年支出 小计 基本支出 项目支出 | 年末结转和结余): each amount
    under its own header, none left unread."""
    text = finals.final_accounts()
    start = text.index("## 国有资本经营预算财政拨款支出决算表")
    end = text.index("## 第三部分")
    figures = ["1.00", "20.00", "15.00", "", "15.00", "6.00"]
    table = ["## 国有资本经营预算财政拨款收入支出决算表", "", f"编制单位：{finals.UNIT}\t\t\t金额单位：万元", "",
             "\t".join(["项目", "", "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"]),
             "\t".join(["功能分类科目编码", "科目名称", "", "", "小计", "基本支出", "项目支出", ""]),
             "\t".join(["栏次", "", "1", "2", "3", "4", "5", "6"]),
             "\t".join(["合计", "", *figures]),
             "\t".join(["223", "国有资本经营预算支出", *figures]),
             "\t".join(["22301", "解决历史遗留问题及改革成本支出", *figures]),
             "\t".join(["2230199", "其他解决历史遗留问题及改革成本支出", *figures])]
    disc = parse(write(tmp_path, text[:start] + "\n".join(table) + "\n\n" + text[end:]))
    capital = next(t for t in disc.tables if t.kind == "state_capital_expenditure")
    assert not capital.header_unmapped
    assert not [i for i in disc.issues if i.code == "column-unmapped"]
    got = {(r.code, c.column): str(c.amount) for r in capital.rows for c in r.cells}
    for code in ("", "223", "22301", "2230199"):
        assert {k: v for (c, k), v in got.items() if c == code} == {
            "carryover": "1.00", "income": "20.00", "total": "15.00", "project": "15.00", "carryover_end": "6.00"}


FINAL_TITLES = ["收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表", "一般公共预算财政拨款支出决算表",
                "一般公共预算财政拨款基本支出决算表", "一般公共预算财政拨款“三公”经费支出决算表",
                "政府性基金预算财政拨款收入支出决算表", "国有资本经营预算财政拨款支出决算表"]


@pytest.mark.parametrize("titled", [
    lambda n, title: f"{'一二三四五六七八九'[n - 1]}、{title}",      # a Word heading per table
    lambda n, title: f"{n}.{title}",
    lambda n, title: f"（{'一二三四五六七八九'[n - 1]}）{title}",
    lambda n, title: f"{title}          公开0{n}表",               # the label on the title's line
])
@pytest.mark.parametrize("labels", [True, False])
def test_titles_numbered_as_headings_or_labelled_after(tmp_path, titled, labels):
    """Each of the nine tables is found under its title numbered as a list's item, or with its
    label printed after it on the same line, with or without a 表N line above it."""
    text = finals.final_accounts()
    for n, title in enumerate(FINAL_TITLES, 1):
        text = text.replace(f"## {title}\n", f"## {titled(n, title)}\n", 1)
    if not labels:
        text = re.sub(r"^表\d\n\n", "", text, flags=re.MULTILINE)
    disc = parse(write(tmp_path, text))
    assert [t.title for t in disc.tables] == FINAL_TITLES and not disc.missing
    expected = parse(write(tmp_path, finals.final_accounts(), "plain.md"))
    assert sorted(f.amount for f in disc.facts) == sorted(f.amount for f in expected.facts)


def contents() -> list[str]:
    """The 目录 at the head of a document: its parts, the tables numbered as a list's items."""
    return ["目 录", "", "第一部分 部门概况", f"第二部分 {finals.YEAR} 年度部门决算表",
            *(f"{'一二三四五六七八九'[n]}、{title}" for n, title in enumerate(FINAL_TITLES)),
            f"第三部分 {finals.YEAR} 年度部门决算情况说明", "第四部分 名词解释", ""]


def test_contents_entries_numbered_as_items_are_no_tables(tmp_path):
    """The 目录's "九、国有资本经营预算财政拨款支出决算表" has no table under it: in the file
    of the narrative alone (the tables published apart) nothing is read as a table, and in the
    whole document each table is read under its own title."""
    text = finals.final_accounts()
    head, rest = text.split("\n", 1)
    start, end = rest.index("## 第二部分"), rest.index("## 第三部分")
    narrative_only = parse(write(tmp_path, "\n".join([head, "", *contents(), rest[:start] + rest[end:]]),
                                 "narrative.md"))
    assert narrative_only.tables == [] and narrative_only.facts == []
    titled = rest
    for n, title in enumerate(FINAL_TITLES):
        titled = titled.replace(f"## {title}\n", f"## {'一二三四五六七八九'[n]}、{title}\n", 1)
    whole = parse(write(tmp_path, "\n".join([head, "", *contents(), titled])))
    assert [t.title for t in whole.tables] == FINAL_TITLES
    assert sorted(f.amount for f in whole.facts) == sorted(f.amount for f in parse(write(tmp_path, text)).facts)


def basic_table_in_columns() -> list[str]:
    """The 基本支出决算表 as the budget tables print it: a row per economic code, 合计 | 人员经费 |
    公用经费 as columns, from the books."""
    f = finals.figures()
    lines = ["科目编码\t科目名称\t合计\t人员经费\t公用经费", "栏次\t\t1\t2\t3",
             "\t".join(["合计", "", finals.fmt(f["personnel"] + f["public"]), finals.fmt(f["personnel"]),
                        finals.fmt(f["public"])])]
    for items, side in ((finals.PERSONNEL, 0), (finals.PUBLIC, 1)):
        for code, name, value in items:
            value = value if value is not None else sum(v for c, _, v in items if v and c.startswith(code) and c != code)
            amount = finals.fmt(value)
            lines.append("\t".join([code, name, amount, amount if side == 0 else "", amount if side == 1 else ""]))
    return lines


@pytest.mark.parametrize("plain", [False, True])
def test_basic_table_with_total_personnel_and_public_columns(tmp_path, plain):
    """合计 | 人员经费 | 公用经费 over rows of codes: each amount under its column (read as the
    side-by-side table's codes and names before, every amount lost without a word)."""
    text = finals.final_accounts()
    start = text.index("人员经费\t\t\t公用经费")
    text = text[:start] + "\n".join(basic_table_in_columns()) + text[text.index("\n\n表7", start):]
    disc = parse(write(tmp_path, as_plain(text) if plain else text))
    got = {(f.coords.economic_code, f.coords.nature): f.amount for f in disc.facts
           if f.coords.table_kind == "basic_expenditure"}
    f = finals.figures()
    assert got[("30101", "basic")] == got[("30101", "personnel")] == D("180.00")
    assert got[("30217", "public")] == D("5.00") and ("30217", "personnel") not in got
    assert got[("302", "public")] == D("120.36")
    assert [v for (code, nature), v in got.items() if nature == "personnel" and code in ("total", None, "")] \
        == [f["personnel"]]
    assert [x for x in check(disc).findings if x.severity == "error"] == []


@pytest.fixture(scope="module")
def unruled_pdf(tmp_path_factory):
    """tests/finals.py's document printed without rules (WeasyPrint, cells without borders)."""
    weasyprint = pytest.importorskip("weasyprint")
    import docgen

    folder = tmp_path_factory.mktemp("unruled")
    md = write(folder, finals.final_accounts())
    css = docgen.PDF_CSS.replace("border: 0.5pt solid #000;", "border: none;")
    pdf = folder / "final.pdf"
    weasyprint.HTML(string=docgen.html_text(docgen.seed_document(md), css=css)).write_pdf(str(pdf))
    return parse(pdf)


def test_unruled_pdf_rows_without_amounts_keep_their_row_numbers_unwarned(unruled_pdf):
    """A 收入支出决算总表 printed without rules: "二、政府性基金预算财政拨款收入 2" (a row
    with its 行次 and no amount) is a row of its own, not a wrapped part of a name to warn of."""
    disc = unruled_pdf
    assert not [i for i in disc.issues if i.code == "name-unjoined"]
    rows = {r.name: r for r in disc.tables[0].rows}
    assert rows["二、政府性基金预算财政拨款收入"].row_number == "2" and rows["结余分配"].row_number == "60"


def test_unruled_pdf_columns_under_their_header_words_of_a_header_of_several_lines(unruled_pdf):
    """支出决算表 without rules: 项目 over the columns' words, 功能分类科目编码 | 科目名称 and
    栏次 1 2 … 6 under them, its last three columns empty throughout, the header repeated on
    the next page: each amount in the column whose word it stands under, none left open."""
    expenditure = next(t for t in unruled_pdf.tables if t.kind == "expenditure")
    f = finals.figures()
    got = {(r.code, c.column): c.amount for r in expenditure.rows for c in r.cells}
    for code, (total, basic, project) in f["every"].items():
        assert got.get((code, "total")) == total
        assert got.get((code, "basic")) == (basic or None) and got.get((code, "project")) == (project or None)
    assert not [i for i in unruled_pdf.issues if i.code == "ambiguous-column" and "支出决算表" in i.message]


def test_a_labelled_table_the_template_lacks_ends_the_table_before_it(tmp_path):
    """表10 机构运行信息表 after the 国有资本经营 table (empty, "故本表为空表"): a table of its
    own, kept as printed, not rows of the empty table before it (which then "lists amounts")."""
    info = ["表10", "", "## 机构运行信息表", "", f"编制单位：{finals.UNIT}\t\t\t金额单位：万元", "",
            "项目\t行次\t计量单位\t统计数", "栏次\t\t\t1",
            "一、“三公”经费支出\t1\t万元\t25.00", "1.公务用车保有量\t2\t辆\t3",
            "二、机关运行经费支出\t3\t万元\t130.36", ""]
    text = finals.final_accounts().replace("## 第三部分", "\n".join(info) + "\n## 第三部分", 1)
    disc = parse(write(tmp_path, text))
    assert [t.kind for t in disc.tables][-2:] == ["state_capital_expenditure", "unknown"]
    assert disc.tables[-2].rows == []
    assert [i for i in disc.issues if i.code == "table-unknown"]
    assert [f for f in check(disc).findings if f.severity == "error"] == []


@pytest.mark.parametrize("old,new", [
    ("公务用车购置及运行费", "公务用车购置及运行维护费"),
    ("公务用车运行费", "公务用车运行维护费"),
    ("公务用车购置费\t公务用车运行费", "购置费\t运行维护费"),
    ("合计\t因公出国", "“三公”经费合计\t因公出国"),
])
def test_three_public_budget_and_actual_groups_with_other_item_words(tmp_path, old, new):
    """预算数 | 决算数 over the items as the national sheet prints them, the items worded as
    other provinces print them (公务用车购置及运行维护费, 购置费 | 运行维护费, “三公”经费合计): all
    twelve amounts read, each its item's budget or actual."""
    text = finals.final_accounts()
    start = text.index(THREE_PUBLIC_TITLE)
    end = text.index("表8\n", start)
    text = text[:start] + text[start:end].replace(old, new) + text[end:]
    disc = parse(write(tmp_path, text))
    got = three_public_facts(disc)
    budget = [b for b, _ in finals.THREE_PUBLIC]
    actual = [a for _, a in finals.THREE_PUBLIC]
    for phase, v in (("年初预算", budget), ("决算", actual)):
        assert got[phase, "total"] == sum(v) and got[phase, "vehicle_operation"] == v[2]
        assert got[phase, "vehicle_purchase"] == v[1] and got[phase, "reception"] == v[3]
    assert len(got) == 12
    assert [f for f in check(disc).findings if f.severity == "error"] == []


def test_gpb_table_with_the_years_budget_beside_the_actual(tmp_path):
    """一般公共预算财政拨款支出决算表 printing 年初预算 (合计 | 基本支出 | 项目支出) before 本年支出
    (小计 | 基本支出 | 项目支出): the first three columns are the budget, not the year's
    spending (read as the actuals before, the actuals themselves left beyond the header)."""
    f = finals.figures()
    fmt = finals.fmt
    per = {c: (finals.INITIAL_BUDGET[c], finals.INITIAL_BUDGET[c] if b else D(0), finals.INITIAL_BUDGET[c] if p else D(0))
           for c, (_, b, p) in finals.FUNCTIONS.items()}
    budget = finals.rollup(per)
    totals = [sum(v[k] for c, v in budget.items() if len(c) == 3) for k in range(3)]
    actual = [sum(v[k] for c, v in f["gpb"].items() if len(c) == 3) for k in range(3)]
    lines = ["项目\t\t年初预算\t\t\t本年支出\t\t", "功能分类科目编码\t科目名称\t合计\t基本支出\t项目支出\t小计\t基本支出\t项目支出",
             "栏次\t\t1\t2\t3\t4\t5\t6", "\t".join(["合计", "", *map(fmt, totals), *map(fmt, actual)])]
    lines += ["\t".join([code, finals.name(code), *map(fmt, budget[code]), *map(fmt, amounts)])
              for code, amounts in f["gpb"].items()]
    text = finals.final_accounts()
    start = text.index("项目\t\t本年支出\t\t")
    text = text[:start] + "\n".join(lines) + text[text.index("\n\n表6", start):]
    disc = parse(write(tmp_path, text))
    got = {(f_.coords.function_code, f_.coords.phase, f_.coords.nature): f_.amount for f_ in disc.facts
           if f_.coords.table_kind == "gpb_expenditure"}
    assert got[("2010301", "年初预算", "total")] == D("500.00") and got[("2010301", "决算", "total")] == D("520.36")
    assert got[("201", "决算", "project")] == D("165.40") and got[("201", "年初预算", "project")] == D("180.00")
    assert not [i for i in disc.issues if i.code == "extra-cell"]
    errors = [x for x in check(disc).findings if x.severity in ("error", "warning")]
    assert not {x.rule for x in errors} & {"ARITH-COLUMN-SUM", "ARITH-HIERARCHY", "N-AMOUNT", "N-SHARE"}
    # the identities between tables read the actuals only, never the budget printed beside them
    # (added to the actuals, 表5 came to 1,365.76 against 表4's 685.76 and 表3's 705.76)
    assert errors == []
