"""Every 万元 amount and every % of 第三部分 is a claim with a subject."""

import re

import pytest
from decimal import Decimal

from budgetlens.text import squeeze, strip_markup
from conftest import EXAMPLES, parsed

MENTION = re.compile(r"(?<![\d.])(\d[\d,]*(?:\.\d+)?)(万元|%|％)")


def narrative_mentions(stem):
    """An independent scan: join the narrative lines and find every number + 万元/%."""
    disc = parsed(stem)
    part = next(p for p in disc.parts if p.key == "narrative")
    lines = (EXAMPLES / f"{stem}.txt").read_text(encoding="utf-8").split("\n")
    text, starts = "", []
    for no in range(part.line + 1, part.line_end + 1):
        piece = squeeze(strip_markup(lines[no - 1].replace("\t", " ")))
        starts.append((len(text), no))
        text += piece + " "
    found = []
    for m in MENTION.finditer(text):
        line = max(no for off, no in starts if off <= m.start())
        found.append((line, Decimal(m.group(1).replace(",", ""))))
    return found


def test_every_amount_and_percent_is_a_claim(seed):
    disc = parsed(seed)
    claims = {(c.provenance.line, c.value) for c in disc.narrative.claims if c.unit in ("万元", "%") or c.unit.startswith("万元/")}
    claims |= {(c.provenance.line_end, c.value) for c in disc.narrative.claims}
    missing = [m for m in narrative_mentions(seed) if m not in claims]
    assert not missing, missing[:10]
    assert all(c.subject.text for c in disc.narrative.claims)


def claim(disc, kind, value):
    return next(c for c in disc.narrative.claims if c.kind == kind and c.value == Decimal(value))


def test_claims_of_seed_000():
    disc = parsed("000_9131eab83374bb33")
    change = claim(disc, "change", "195.97")
    assert change.direction == "decrease" and change.basis == "上年预算"
    assert change.implied_prior == Decimal("473.87") and change.subject.concept == "source:gpb"
    share = claim(disc, "share", "75.96")
    assert share.subject.concept == "function:201"
    item = claim(disc, "change", "253.63")
    assert item.subject.concept == "function:2010504" and item.implied_prior == Decimal("430.74")
    lists = {l.subject.text: [i.name for i in l.items] for l in disc.narrative.item_lists}
    assert lists["人员经费"][0] == "基本工资" and len(lists["人员经费"]) == 10
    assert [p.scale for p in disc.narrative.projects] == [Decimal("18.00"), Decimal("3.00"), Decimal("13.00")]
    alloc = disc.narrative.projects[0].allocation
    assert [(a.name, a.amount) for a in alloc] == [("州县市门户网站网管费", Decimal(12)), ("网站运行维护费", Decimal(6))]
    perf = disc.narrative.performance
    assert [p.kind for p in perf] == ["department", "project", "project", "project"]
    assert sum(i.weight for i in perf[0].indicators) == 90
    assert perf[1].amount == Decimal("13.00") and len(perf[1].indicators) == 11


def test_claims_of_seed_001_ocr():
    disc = parsed("001_bb7d043ad2da133b")
    typo = claim(disc, "change", "116.16")      # the narrative's own inconsistent figure
    assert typo.subject.concept == "function:2010504" and typo.implied_prior == Decimal("268.17")
    assert claim(disc, "change", "116.11").implied_prior == Decimal("268.22")
    lists = {l.subject.text: l.items for l in disc.narrative.item_lists}
    names = {i.name: i.amount for i in lists["人员经费"]}
    assert names["职工基本医疗保险缴费"] == Decimal("13.16")


def test_claims_of_seed_003_plain_text():
    disc = parsed("003_051c06d5053f29b3")
    shares = [c for c in disc.narrative.claims if c.kind == "share" and (c.subject.concept or "").startswith("function:")]
    assert [c.value for c in shares] == [Decimal("89.38"), Decimal("4.40"), Decimal("2.65"), Decimal("3.57")]
    vehicle = [c for c in disc.narrative.claims if c.subject.concept == "three_public:vehicle_purchase"
               and c.kind == "amount" and c.section == "十"]
    assert vehicle and vehicle[0].value == 0
    assert len(disc.narrative.projects) == 6
    assert len(disc.narrative.performance) == 7


def test_overview_and_meta(seed):
    disc = parsed(seed)
    st = disc.overview.staffing
    assert st.actual == st.in_service.count + st.retired.count + st.pre_retired.count
    assert disc.overview.functions and disc.overview.offices
    assert disc.meta.year in (2022, 2025, 2026) and disc.meta.unit_name.startswith("克孜勒苏")
    assert len(disc.glossary) >= 6


# ---- wordings of the real PDFs ------------------------------------------------------------------

from budgetlens.pipeline import parse  # noqa: E402
from budgetlens.readers.base import Line, SourceDocument  # noqa: E402

S000 = "000_9131eab83374bb33"
GPB = "一般公共预算 277.90 万元,占 100.00%,比上年预算减少 195.97 万元,下降 41.36%"


def parsed_with(tmp_path, old: str, new: str):
    text = (EXAMPLES / f"{S000}.txt").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "seed.txt"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return parse(path)


def test_a_sentence_of_change_alone_speaks_of_the_amount_before_it(tmp_path):
    # Jiangsu: "基本支出预算数为 X 万元。与上年相比增加 Y 万元，增长 Z%。"
    disc = parsed_with(tmp_path, GPB, GPB.replace(",比上年预算减少", "。与上年相比减少"))
    change = claim(disc, "change", "195.97")
    assert change.subject.concept == "source:gpb" and change.implied_prior == Decimal("473.87")
    assert claim(disc, "rate", "41.36").subject.text == change.subject.text


def test_rate_words_of_other_provinces(tmp_path):
    disc = parsed_with(tmp_path, GPB, GPB.replace("下降 41.36%", "降幅 41.36%"))
    rate = claim(disc, "rate", "41.36")
    assert rate.direction == "decrease" and rate.subject.concept == "source:gpb"


def pdf_lines(*texts_pages) -> SourceDocument:
    doc = SourceDocument(path="x.pdf", format="pdf", encoding=None, sha256="")
    doc.lines = [Line(no=i + 1, text=t, page=p) for i, (t, p) in enumerate(texts_pages)]
    return doc


def test_page_numbers_do_not_join_the_sentence():
    from budgetlens.extract.narrative import paragraphs
    doc = pdf_lines(("项目支出预算数为 5,573 万元。与上年相比增加 40", 24), ("24", 24),
                    ("万元，增长 0.72 %。", 25), ("- 8 -", 25), ("1，本年安排 12 个项目。", 25))
    texts = [p.text for p in paragraphs(doc, 0, len(doc.lines))]
    assert "增加40万元" in texts[0].replace(" ", "") and "24" not in texts[0].replace("5,573", "")
    assert not any("- 8 -" in t for t in texts)
    # a number inside a page is text
    doc = pdf_lines(("比上年增加", 3), ("24", 3), ("万元。", 3))
    assert "24" in paragraphs(doc, 0, 3)[0].text


def test_function_names_as_other_templates_write_them():
    from budgetlens.extract.subjects import FunctionIndex, function_code
    index = FunctionIndex(parsed(S000))
    assert function_code("“一般公共服务支出”科目", index) == "201"                 # Shanghai
    assert function_code("一般公共服务（类）支出", index) == "201"                  # Jiangsu
    assert function_code("“一般公共服务支出（类）统计信息事务（款）信息事务（项）”", index) == "2010504"
    # a path may start at the 款, and names may hold brackets of their own
    assert function_code("政府办公厅（室）及相关机构事务（款）其他政府办公厅（室）及相关机构事务支出（项）",
                         index) == "2010399"
    # a level that is not printed: no code at all, not its parent's
    assert function_code("一般公共服务支出（类）没有的事务（款）", index) is None


def test_subjects_of_procurement_and_of_uses():
    from budgetlens.extract.subjects import FunctionIndex, subject_concept
    index = FunctionIndex(parsed(S000))
    assert subject_concept("预留给小型和微型企业的政府采购项目预算", None, index)[0] == "procurement:small_micro"   # part of the SME share
    assert subject_concept("面向中小企业预留政府采购项目预算金额", None, index)[0] == "procurement:sme"
    assert subject_concept("政府采购预算", None, index)[0] == "procurement:total"
    assert subject_concept("拟采购货物支出", None, index)[0] == "procurement:goods"
    assert subject_concept("拟购买服务支出", None, index)[0] == "procurement:services"
    assert subject_concept("单位预留机动经费", None, index)[0] == "nature:reserve"


def test_fiscal_basic_spending_is_not_the_whole_expenditure_tables():
    from budgetlens.extract.subjects import concept_coords
    from budgetlens.model import Provenance, Section
    section = Section(number="六", title="六、财政拨款基本支出预算情况说明", text="", provenance=Provenance(file="x"))
    assert concept_coords("nature:basic", section, "财政拨款基本支出预算").table_kind == "gpb_expenditure"
    section.title = "三、支出预算情况说明"
    assert concept_coords("nature:basic", section, "基本支出").table_kind == "expenditure"


def test_glossary_numbered_in_brackets():
    from budgetlens.extract.narrative import read_glossary
    doc = pdf_lines(("（一）财政拨款收入：是区级预算主管部门……", 1), ("取得的财政拨款。", 1),
                    ("（七）“三公”经费：是与区级财政有经费领拨关系的……", 1))
    entries = read_glossary(doc, 0, 3)
    assert [e.term for e in entries] == ["财政拨款收入", "“三公”经费"]
    assert entries[0].definition.endswith("取得的财政拨款。")


def test_unit_name_from_table_heads_and_covers():
    from budgetlens.extract.meta import named_unit, title_unit
    doc = pdf_lines(("公开01表", 1), ("收支预算总表", 1), ("部门：江苏省政协办公厅 单位：万元", 1))
    assert named_unit(doc) == "江苏省政协办公厅"
    doc.lines[2] = Line(no=3, text="", cells=["部门：", "", "江苏省人民检察院", "单位：万元"], page=1)
    assert named_unit(doc) == "江苏省人民检察院"
    doc = pdf_lines(("- 1 -", 1), ("江苏省政协办公厅 2018 年度", 1), ("部门预算公开", 1))
    assert title_unit(doc) == "江苏省政协办公厅"
    assert named_unit(pdf_lines(("单位：万元", 1))) is None


def test_subordinate_unit_counts_in_several_wordings():
    from budgetlens.extract.overview import subunit_count

    assert subunit_count("纳入本部门2018年部门汇总预算编制范围的预算单位共3家，包括：本级、甲、乙") == 2
    assert subunit_count("预算单位共计1家，即省政协办公厅本级") == 0
    assert subunit_count("包括万里街道本部以及下属5家预算单位的综合收支计划") == 5
    assert subunit_count("本单位无下属预算单位，下设4个科室") == 0
    assert subunit_count("下属单位2个") == 2
    assert subunit_count("下设4个科室") is None
    # a count whose list names the 部门's own unit includes it
    assert subunit_count("某局下属预算单位3个，分别是：某局（本级）、某支队、某中心。") == 2
    assert subunit_count("下属预算单位2个，分别是：某支队、某中心。") == 2


def test_subordinate_units_listed_in_a_table():
    """纳入编制范围的预算单位 as a table of the overview: its rows, as printed; all but the
    部门's own are subordinate."""
    from budgetlens.extract.overview import subordinate, table_units
    from budgetlens.readers import Line

    def grid(*rows, cells=True):
        return [Line(no, "\t".join(r), list(r) if cells else None) if r else Line(no, "")
                for no, r in enumerate(rows, 1)]

    header = ("序号", "单位名称", "单位性质", "经费保障形式")
    rows = [("1", "某局（本级）", "行政单位", "财政全额拨款"), ("2", "某执法支队", "参公事业单位", "财政全额拨款"),
            ("3", "某维护中心", "事业单位", "财政全额拨款")]
    units = ["某局（本级）", "某执法支队", "某维护中心"]
    assert table_units(grid(header, *rows, (), ("三、人员情况",))) == units
    assert table_units(grid(header, *rows, cells=False)) == units        # pdftotext -layout
    assert subordinate(units, "某局") == 2
    assert subordinate(table_units(grid(header, ("1", "某局", "行政单位", "财政全额拨款"))), "某局") == 0
    staff = grid(("单位名称", "编制数"), ("某局机关", "30"), ("某中心", "20"), ("合计", "50"))
    assert table_units(staff) == ["某局机关", "某中心"] and subordinate(table_units(staff), "某局") == 1
    assert table_units(grid(("科室", "职责"), ("办公室", "综合"))) == []


def test_subordinate_units_of_a_table_in_the_overview(tmp_path):
    from budgetlens.pipeline import parse

    seed = EXAMPLES / "000_9131eab83374bb33.txt"
    text = seed.read_text(encoding="utf-8")
    old = "克孜勒苏柯尔克孜自治州电子政务服务中心无下属预算单位，下设 4 个科室，分别是：综合科、运行维护科、技术服务科、安全保障科。"
    assert old in text
    table = "\n".join(["纳入编制范围的预算单位", "", "序号\t单位名称\t单位性质",
                       "1\t克孜勒苏柯尔克孜自治州电子政务服务中心（本级）\t事业单位",
                       "2\t克孜勒苏柯尔克孜自治州网络安全中心\t事业单位"])
    path = tmp_path / seed.name
    path.write_text(text.replace(old, table), encoding="utf-8")
    overview = parse(path).overview
    assert overview.subunits == 1
    assert overview.units == ["克孜勒苏柯尔克孜自治州电子政务服务中心（本级）", "克孜勒苏柯尔克孜自治州网络安全中心"]


def test_performance_table_year_under_its_title(tmp_path):
    """"（2026年）" alone under a 绩效目标表 title dates the table; a year cell among an
    indicator's words does not start a new table."""
    from budgetlens.pipeline import parse

    seed = EXAMPLES / "000_9131eab83374bb33.txt"
    tables = parsed("000_9131eab83374bb33").narrative.performance
    assert [t.year for t in tables] == [2026] * len(tables)
    text = seed.read_text(encoding="utf-8").replace("=100%\t2026 年工作计划", "=100%\t（2026年）")
    path = tmp_path / seed.name
    path.write_text(text, encoding="utf-8")
    assert len(parse(path).narrative.performance) == len(tables)


def test_with_last_years_budget_compared_is_a_change(tmp_path):
    """"与上年预算相比增加 X 万元" is a change against last year's budget, as "比上年预算增加" is
    (it was read as an amount and paired as the prior of the change before it)."""
    from budgetlens.checks import check
    from budgetlens.pipeline import parse
    from conftest import EXAMPLES
    text = next(EXAMPLES.glob("000_*.txt")).read_text(encoding="utf-8")
    assert text.count("比上年预算") > 5
    path = tmp_path / "yu.txt"
    path.write_text(text.replace("比上年预算", "与上年预算相比"), encoding="utf-8")
    disc = parse(path)
    changes = [c for c in disc.narrative.claims if c.kind == "change" and "与上年预算相比" in c.sentence]
    assert changes and all(c.basis == "上年预算" for c in changes)
    assert not [f for f in check(disc).findings if f.rule == "N-CHANGE-RATE" and f.severity == "error"]


@pytest.mark.parametrize("old,new", [("比上年预算", "同比"), ("减少", "减少了")])
def test_changes_of_the_items_after_a_comparison_in_other_words(tmp_path, old, new):
    """"“三公”经费预算同比减少 30.00 万元，…其中：公务接待费减少 30.00 万元" and "…公务接待费减少了
    30.00 万元": each item's figure is its change (同比 compares with last year as 比上年 does), not
    its amount (which the tables would contradict)."""
    from budgetlens.checks import check
    from budgetlens.pipeline import parse
    from conftest import EXAMPLES
    text = next(EXAMPLES.glob("002_*.txt")).read_text(encoding="utf-8")
    sentence = next(line for line in text.split("\n") if "“三公”经费预算比上年预算减少" in line)
    path = tmp_path / "reworded.txt"
    path.write_text(text.replace(sentence, sentence.replace(old, new)), encoding="utf-8")
    disc = parse(path)
    reception = [c for c in disc.narrative.claims if c.subject.text == "公务接待费" and c.value == Decimal("30.00")]
    # the basis is the comparison the sentence makes: 同比 names no figure of last year's
    basis = "上年" if new == "同比" else "上年预算"
    assert reception and all(c.kind == "change" and c.basis == basis for c in reception)
    assert not [f for f in check(disc).findings if f.rule == "N-AMOUNT" and "公务接待费" in f.message]


STAFF_SENTENCE = ("克孜勒苏柯尔克孜自治州电子政务服务中心编制数 15，实有人数 18 人，其中：在职 13 人，减少 6 人；"
                  "退休 5 人，增加 2 人；离休 0 人，增加 0 人。")


@pytest.mark.parametrize("sentence,expected", [
    (STAFF_SENTENCE, (15, 18, 13, 5, 0)),
    ("本单位编制人数15人，实有人数18人，其中在职人员13人，退休人员5人，离休人员0人。", (15, 18, 13, 5, 0)),
    ("编制15名，实有18名，其中在职13名、退休5名。", (15, 18, 13, 5, None)),
    ("本单位行政编制10人、事业编制5人；实有人数18人，其中在职13人，离退休5人。", (15, 18, 13, None, None)),
    ("人员编制15人，其中行政编制10人、事业编制5人；实有人员18人。", (15, 18, None, None, None)),
    ("行政编制10人（其中：参公编制3人）；实有人数9人，其中在职9人，同比增加1人。", (10, 9, 9, None, None)),
    ("年度编制5个项目，公务用车编制2辆，实有2辆；实有人数18人。", (None, 18, None, None, None)),
])
def test_staffing_as_overviews_word_it(tmp_path, sentence, expected):
    """编制数/编制人数/核定编制, or its kinds (行政编制、事业编制) added up; 实有人数/实有人员;
    counts in 人 or 名; 离退休 together is neither 退休 nor 离休 alone."""
    from budgetlens.pipeline import parse
    from conftest import EXAMPLES
    text = next(EXAMPLES.glob("000_*.txt")).read_text(encoding="utf-8")
    assert STAFF_SENTENCE in text
    path = tmp_path / "staff.txt"
    path.write_text(text.replace(STAFF_SENTENCE, sentence), encoding="utf-8")
    st = parse(path).overview.staffing
    counts = (st.authorized, st.actual, st.in_service and st.in_service.count, st.retired and st.retired.count,
              st.pre_retired and st.pre_retired.count)
    assert counts == expected


def test_a_bare_wan_is_wan_yuan(tmp_path):
    """"比上年预算减少 195.97 万，下降 41.36%": 万 alone is 万元 (some offices drop the 元); before
    a word (服务群众 2 万人次) it counts something else."""
    disc = parsed_with(tmp_path, GPB, GPB.replace("195.97 万元", "195.97 万") + "，服务群众 2 万人次")
    change = claim(disc, "change", "195.97")
    assert change.unit == "万元" and change.subject.concept == "source:gpb"
    assert change.implied_prior == Decimal("473.87")
    assert not [c for c in disc.narrative.claims if c.value == Decimal("2") and c.unit == "万元"]


S002 = "002_4e0ed6e09b019fe1"
CLASSES_002 = ["- 1、一般公共服务支出（类）1,307.83 万元，占 76.08%。", "- 2、社会保障和就业支出（类）211.95 万元，占 12.33%。",
               "- 3、卫生健康支出（类）92.29 万元，占 5.37%。", "- 4、住房保障支出（类）106.98 万元，占 6.22%。"]


def reworded_002(tmp_path, *pairs):
    from budgetlens.checks import check
    from budgetlens.pipeline import parse

    text = (EXAMPLES / f"{S002}.txt").read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "reworded.txt"
    path.write_text(text, encoding="utf-8")
    disc = parse(path)
    return disc, [f for f in check(disc).findings if f.severity == "error" and f.rule.startswith("N-")]


def test_names_listed_with_respectively_may_hold_a_conjunction(tmp_path):
    """"A、社会保障和就业支出、C、D分别为 a、b、c、d": four names for four figures — the 和 inside
    a name does not split it (it did: 就业支出 took b, 卫生健康支出 took d)."""
    listed = ("一般公共服务支出、社会保障和就业支出、卫生健康支出、住房保障支出分别为1,307.83万元、211.95万元、"
              "92.29万元、106.98万元，分别占76.08%、12.33%、5.37%、6.22%。")
    disc, errors = reworded_002(tmp_path, *[(line, listed if i == 0 else "") for i, line in enumerate(CLASSES_002)])
    assert claim(disc, "amount", "211.95").subject.text == "社会保障和就业支出"
    assert claim(disc, "amount", "92.29").subject.text == "卫生健康支出"
    assert claim(disc, "share", "5.37").subject.text == "卫生健康支出"
    assert not errors, [f.message for f in errors]


def test_list_names_split_at_a_conjunction_only_as_the_figures_need():
    from budgetlens.extract.narrative import list_names

    assert list_names("因公出国（境）费、公务用车购置及运行费、公务接待费", 3) == \
        ["因公出国（境）费", "公务用车购置及运行费", "公务接待费"]
    assert list_names("基本支出和项目支出", 2) == ["基本支出", "项目支出"]
    assert list_names("一般公共服务支出、社会保障和就业支出和住房保障支出", 3) == \
        ["一般公共服务支出", "社会保障和就业支出", "住房保障支出"]


@pytest.mark.parametrize("verb", ["压减", "缩减", "压缩"])
def test_cut_by_other_verbs_is_a_change(tmp_path, verb):
    """"…比上年预算压减 30.00 万元": a change against last year's budget, as 减少 is (it was read
    as the amount of 三公经费, which the table gives as 83.00)."""
    old = "2026年财政拨款“三公”经费预算比上年预算减少30.00万元"
    disc, errors = reworded_002(tmp_path, (old, old.replace("减少", verb)))
    change = next(c for c in disc.narrative.claims if c.value == Decimal("30.00") and verb in c.sentence)
    assert (change.kind, change.direction, change.basis) == ("change", "decrease", "上年预算")
    assert not errors, [f.message for f in errors]


def test_a_rate_after_lowered_is_the_rate_of_the_change_before(tmp_path):
    """"…比上年预算减少 5.22 万元，降低 0.33%": the rate's subject is 基本支出, not "降低"."""
    old = "基本支出 1,599.05 万元，占 90.90%，比上年预算减少 5.22 万元，下降 0.33%"
    disc, errors = reworded_002(tmp_path, (old, old.replace("下降", "降低")))
    rate = claim(disc, "rate", "0.33")
    assert rate.subject.text == "基本支出" and rate.direction == "decrease"
    assert not errors, [f.message for f in errors]


@pytest.mark.parametrize("words", ["收支预算总额", "收入总额", "支出总预算", "部门预算总额"])
def test_the_totals_other_offices_name(tmp_path, words):
    """"2026年收支预算总额 1,759.05 万元": the document's total, checked against the tables —
    passed when it agrees, an error when it does not."""
    old = "收支总预算 1,759.05 万元。"
    disc, errors = reworded_002(tmp_path, (old, f"{words}1,759.05万元。"))
    assert claim(disc, "amount", "1759.05").subject.concept == "total" and not errors
    _, errors = reworded_002(tmp_path, (old, f"{words}1,795.05万元。"))
    assert [f.rule for f in errors] == ["N-AMOUNT"]


def test_last_years_figure_stated_beside_this_years(tmp_path):
    """"2026年…83.00万元，2025年…113.00万元，比上年减少30.00万元，下降26.55%": 113.00 is last
    year's figure (kind prior): not checked against this year's table, not the base of the
    change (which is measured from 83.00: 113.00 = 83.00 + 30.00), and the year 2025 beside
    2026 is no wrong year."""
    old = "2026年财政拨款“三公”经费预算比上年预算减少30.00万元，下降26.55%"
    new = "2026年“三公”经费预算数为83.00万元，2025年“三公”经费预算数为113.00万元，比上年减少30.00万元，下降26.55%"
    disc, errors = reworded_002(tmp_path, (old, new))
    from budgetlens.checks import check

    assert claim(disc, "prior", "113.00").sentence.startswith("2026年")
    change = next(c for c in disc.narrative.claims if c.kind == "change" and c.sentence.startswith("2026年“三公”"))
    assert change.value == Decimal("30.00") and change.implied_prior == Decimal("113.00")
    assert not errors, [f.message for f in errors]
    assert not [f.message for f in check(disc).findings if f.rule == "D-YEAR-MENTION" and "2025年“三公" in f.message]


def test_a_change_from_last_years_figure_just_stated(tmp_path):
    """"一般公共预算1,719.05万元，…，上年为1,754.27万元，减少35.22万元": the 35.22 is the change
    from the figure stated (it was read as an amount of 一般公共预算)."""
    old = "一般公共预算 1,719.05 万元，占 97.73%，比上年预算减少 35.22 万元"
    disc, errors = reworded_002(tmp_path, (old, "一般公共预算1,719.05万元，占97.73%，上年为1,754.27万元，减少35.22万元"))
    change = claim(disc, "change", "35.22")
    assert change.direction == "decrease" and change.implied_prior == Decimal("1754.27")
    assert claim(disc, "prior", "1754.27")
    assert not errors, [f.message for f in errors]


def test_a_total_after_a_list_of_items_is_their_whole(tmp_path):
    """"因公出国（境）经费0.00万元，公务用车购置费0.00万元，…，公务接待费5.00万元，合计83.00万元，较上年
    预算减少30.00万元": the 83.00 and its change are the 三公 total's, not 公务接待费's."""
    old = "2026年财政拨款“三公”经费预算比上年预算减少30.00万元，下降26.55%"
    new = ("2026年因公出国（境）经费0.00万元，公务用车购置费0.00万元，公务用车运行维护费78.00万元，公务接待费5.00万元，"
           "合计83.00万元，较上年预算减少30.00万元，下降26.55%")
    disc, errors = reworded_002(tmp_path, (old, new))
    total = next(c for c in disc.narrative.claims if c.value == Decimal("83.00") and c.sentence.startswith("2026年因公"))
    assert total.subject.concept == "three_public:total"
    assert {c.subject.concept for c in disc.narrative.claims if c.sentence.startswith("2026年因公") and c.value == 0} == \
        {"three_public:abroad", "three_public:vehicle_purchase"}
    assert not errors, [f.message for f in errors]


GPB_002 = "一般公共预算 1,719.05 万元，占 97.73%，比上年预算减少 35.22 万元，下降 2.01%"


@pytest.mark.parametrize("new,direction", [
    ("一般公共预算１，７１９．０５万元，占９７．７３％，比上年预算减少３５．２２万元，下降２．０１％", "decrease"),
    ("一般公共预算1,719.05万元，占97.73%，比上年预算增减-35.22万元，增减幅度-2.01%", "decrease"),
    ("一般公共预算1,719.05万元，占97.73%，较上年度预算数减少35.22万元，下降率为2.01%", "decrease"),
    ("一般公共预算1,719.05万元，占97.73%，比上年预算减少35.22万元，增长率为-2.01%", "decrease"),
])
def test_amounts_and_rates_written_other_ways(tmp_path, new, direction):
    """Full-width digits with a full-width thousands comma, a signed 增减 and its 增减幅度, 上年度
    and 预算数 in the comparison, 增长率 with a minus: each figure read as written (the first was
    719.05 of "一般公共预算1", the second an amount of 一般公共预算)."""
    disc, errors = reworded_002(tmp_path, (GPB_002, new))
    assert claim(disc, "amount", "1719.05").subject.concept == "source:gpb"
    change = claim(disc, "change", "35.22")
    assert (change.direction, change.basis, change.implied_prior) == (direction, "上年预算", Decimal("1754.27"))
    rate = claim(disc, "rate", "2.01")
    assert rate.direction == direction and rate.subject.concept == "source:gpb"
    assert not errors, [f.message for f in errors]


PROCUREMENT_002 = ("政府采购预算112.29万元，其中：政府采购货物预算23.49万元，政府采购工程预算1.00万元，"
                   "政府采购服务预算87.80万元。")


@pytest.mark.parametrize("goods,errors_expected", [("23.49", 0), ("13.49", 1)])
def test_procurement_by_class(tmp_path, goods, errors_expected):
    """"其中：货物类 X 万元、工程类 Y 万元、服务类 Z 万元": the parts of 政府采购, checked against its
    total (an under-sum was missed: the classes named so had no concept)."""
    new = f"政府采购预算112.29万元，其中：货物类{goods}万元、工程类1.00万元、服务类87.80万元。"
    disc, errors = reworded_002(tmp_path, (PROCUREMENT_002, new))
    assert claim(disc, "amount", goods).subject.concept == "procurement:goods"
    assert claim(disc, "amount", "87.80").subject.concept == "procurement:services"
    assert [f.rule for f in errors] == ["N-PROCUREMENT-SUM"] * errors_expected


@pytest.mark.parametrize("items,errors_expected", [
    ("合作交流工作餐费60,000.00元，会议场地租赁费40,000.00元", 0),     # 元 under a scale in 万元
    ("合作交流工作餐费60,000.00元，会议场地租赁费30,000.00元", 1),
])
def test_allocation_items_in_yuan_with_separators(tmp_path, items, errors_expected):
    """资金分配情况 in 元 with thousands separators under a 预算安排规模 in 万元: each item read whole
    (the separator split it), converted to the scale's unit before they are summed."""
    from budgetlens.checks import check

    text = (EXAMPLES / f"{S002}.txt").read_text(encoding="utf-8")
    line = next(ln for ln in text.split("\n") if ln.startswith("资金分配情况：全年接待来州考察"))
    path = tmp_path / "alloc.txt"
    path.write_text(text.replace(line, f"资金分配情况：{items}"), encoding="utf-8")
    disc = parse(path)
    project = next(p for p in disc.narrative.projects if any(i.name == "合作交流工作餐费" for i in p.allocation))
    assert [str(i.amount) for i in project.allocation] == [items.split("费")[1].split("元")[0].replace(",", ""),
                                                           items.split("费")[2].split("元")[0].replace(",", "")]
    found = [f for f in check(disc).findings if f.rule == "N-ALLOCATION-SUM" and f.severity == "error"]
    assert len(found) == errors_expected


def test_review_wordings(tmp_path):
    """A 合计 of the two vehicle parts is 公务用车购置及运行费 (not the 三公 total); 上年度结转结余 is
    this year's carry-over (not last year's figure); the list of names after 分别 is split by
    the figures of its own run (分别为 a、b，分别比上年增加 c、d), the second run's figures
    changes."""
    anchor = "2026年财政拨款“三公”经费预算比上年预算减少30.00万元"
    extra = ("其中公务用车购置费0.00万元，公务用车运行维护费78.00万元，合计78.00万元。\n\n"
             "一般公共服务支出、社会保障和就业支出分别为1,307.83万元、211.95万元，分别比上年增加10.00万元、5.00万元。\n\n")
    disc, errors = reworded_002(tmp_path, (anchor, extra + anchor))
    vehicle = [c for c in disc.narrative.claims if c.value == Decimal("78.00") and c.sentence.startswith("其中公务用车")]
    assert [c.subject.concept for c in vehicle] == ["three_public:vehicle_operation", "three_public:vehicle"]
    listed = [c for c in disc.narrative.claims if c.sentence.startswith("一般公共服务支出、")]
    assert [(c.kind, c.subject.text) for c in listed] == [
        ("amount", "一般公共服务支出"), ("amount", "社会保障和就业支出"),
        ("change", "一般公共服务支出"), ("change", "社会保障和就业支出")]
    assert not errors, [f.message for f in errors]
    from budgetlens.extract.narrative import Context
    from budgetlens.model import Disclosure
    d = Disclosure()
    d.meta.year = 2026
    prior = Context(None, d).prior
    assert prior.search("上年预算数为") and prior.search("2025年预算")
    assert not prior.search("上年度结转结余") and not prior.search("截至2025年底") and not prior.search("比上年")


def test_a_year_left_from_last_years_text_after_this_years(tmp_path):
    """"2026年机关运行经费预算 20.00 万元，2025年政府采购预算 30.00 万元": 2025 names another
    figure than the one of 2026 before it — a year left over, reported; "…，2025年“三公”经费预算数为
    113.00 万元" after "2026年“三公”经费预算数为 83.00 万元" is last year's figure, not reported."""
    from budgetlens.checks import check

    anchor = "2026年财政拨款“三公”经费预算比上年预算减少30.00万元"
    disc, _ = reworded_002(tmp_path, (anchor, "2026年机关运行经费预算20.00万元，2025年政府采购预算30.00万元。\n\n" + anchor))
    assert [f for f in check(disc).findings if f.rule == "D-YEAR-MENTION" and "2025年政府采购" in f.message]
    disc, _ = reworded_002(tmp_path, (anchor, "2026年“三公”经费预算数为83.00万元，2025年“三公”经费预算数为113.00万元。\n\n" + anchor))
    assert not [f for f in check(disc).findings if f.rule == "D-YEAR-MENTION" and "2025年“三公" in f.message]


def test_a_bare_wan_target_is_no_money():
    """"受益群众≥5万": a count's target; a bare 万 is 万元 only as an amount."""
    from budgetlens.extract.narrative import NUMBER
    m = NUMBER.search("受益群众≥5万，")
    assert m and m.group("cmp") and m.group("unit") == "万"


def test_a_unit_written_once_after_a_run_of_figures(tmp_path):
    """"分别比上年减少 10.00、5.00 万元": 万元 is each figure's unit, so 10.00 is 基本支出's change
    (it was no claim, and 5.00 became an amount of "基本支出和项目支出分别"); "；2、30万元以上的项目"
    numbers a list item: its 2 is no figure."""
    anchor = "2026年财政拨款“三公”经费预算比上年预算减少30.00万元"
    extra = ("基本支出和项目支出分别比上年减少10.00、5.00万元，分别下降1.2和0.8%。\n\n"
             "重点项目情况如下：1、20万元以下的项目3个；2、30万元以上的项目2个。\n\n")
    disc, _ = reworded_002(tmp_path, (anchor, extra + anchor))
    listed = [c for c in disc.narrative.claims if c.sentence.startswith("基本支出和项目支出")]
    assert [(c.kind, str(c.value), c.unit, c.direction, c.subject.text) for c in listed] == [
        ("change", "10.00", "万元", "decrease", "基本支出"), ("change", "5.00", "万元", "decrease", "项目支出"),
        ("rate", "1.2", "%", "decrease", "基本支出"), ("rate", "0.8", "%", "decrease", "项目支出")]
    items = [c for c in disc.narrative.claims if "项目3个" in c.sentence or "项目2个" in c.sentence]
    assert sorted(str(c.value) for c in items if c.unit == "万元") == ["20", "30"]


@pytest.mark.parametrize("wording,direction,basis", [
    ("比上年少10.00万元", "decrease", "上年"),
    ("较上年预算数多10.00万元", "increase", "上年预算"),
    ("低于上年预算10.00万元", "decrease", "上年预算"),
    ("本年数小于上年预算数10.00万元", "decrease", "上年预算"),      # Jiangsu's 三公 wording
    ("高于2025年10.00万元", "increase", "上年"),
    ("超过上年执行数10.00万元", "increase", "上年执行数"),
])
def test_changes_worded_as_comparatives(tmp_path, wording, direction, basis):
    """"比上年少 X", "低于上年预算 X", "本年数小于上年预算数 X": the change from last year of
    the amount before it, not an amount (nor last year's figure) of its own."""
    anchor = "2026年财政拨款“三公”经费预算比上年预算减少30.00万元"
    disc, _ = reworded_002(tmp_path, (anchor, f"基本支出1,000.00万元，{wording}。\n\n" + anchor))
    change = next(c for c in disc.narrative.claims if c.sentence.startswith("基本支出1,000.00") and c.value == Decimal("10.00"))
    assert (change.kind, change.direction, change.basis, change.subject.text) == ("change", direction, basis, "基本支出")
    assert change.implied_prior == (Decimal("990.00") if direction == "increase" else Decimal("1010.00"))


def test_a_year_compared_with_is_no_prefix_of_the_subject():
    """"基本支出比2025年减少": the subject is 基本支出 (the year's prefix rule dropped all before 2025年)."""
    from budgetlens.extract.narrative import clean_subject
    assert clean_subject("基本支出比2025年减少") == "基本支出"
    assert clean_subject("2026年基本支出比2025年预算数减少") == "基本支出"
    assert clean_subject("一般公共预算拨款收入高于2025年") == "一般公共预算拨款收入"


@pytest.mark.parametrize("wording,qualifier,kind", [
    ("基本支出约243.9万元", "approx", "amount"),
    ("基本支出近244万元", "approx", "amount"),
    ("基本支出244万元左右", "approx", "amount"),
    ("基本支出超过240万元", "over", "amount"),
    ("基本支出不到250万元", "under", "amount"),
    ("基本支出243.90万元，比上年预算减少约136.57万元", "approx", "change"),
])
def test_figures_the_words_make_inexact(tmp_path, wording, qualifier, kind):
    """约/近/…左右 make a figure approximate, 超过/不到 a bound; the words before the number are
    read past them ("减少约 136.57 万元" is a change, not an amount of 136.57)."""
    disc = parsed_with(tmp_path, "基本支出 243.90 万元，", wording + "，")
    claim = next(c for c in disc.narrative.claims if c.sentence.startswith(wording[:6]) and c.kind == kind
                 and c.qualifier is not None)
    assert claim.qualifier == qualifier and claim.subject.concept == "nature:basic"


def test_a_threshold_worded_with_over_is_no_bound(tmp_path):
    """"超过 50 万元的项目" names which projects (a threshold), not a figure of theirs."""
    disc = parsed_with(tmp_path, "基本支出 243.90 万元，", "超过50万元的项目2个，基本支出 243.90 万元，")
    claim = next(c for c in disc.narrative.claims if c.value == Decimal("50"))
    assert claim.kind == "threshold" and claim.qualifier is None


@pytest.mark.parametrize("words,concept", [
    ("单价100万元（含）以上设备（不含车辆）", None),          # what the brackets leave out names nothing
    ("执法执勤用车", "asset:vehicle"),
    ("授予中小企业合同金额", "procurement:sme"),
    ("其中授予小微企业合同金额", "procurement:small_micro"),    # a part of the firms' share, not all of it
    ("预留给小型和微型企业的", "procurement:small_micro"),
])
def test_subjects_that_name_part_of_a_whole_or_leave_something_out(words, concept):
    from budgetlens.extract.subjects import FunctionIndex, resolve_subject
    from budgetlens.model import Disclosure

    assert resolve_subject(words, None, FunctionIndex(Disclosure())).concept == concept


def test_digits_run_into_a_name_are_a_code_only_of_a_classification():
    """Function codes begin with 2, economic codes with 3 or 5: "12315投诉举报热线运维" is a
    project's name, not code 12315 and a name."""
    from budgetlens.extract.rows import split_code_label
    assert split_code_label("12315投诉举报热线运维") == ("", "12315投诉举报热线运维")
    assert split_code_label("210卫生健康支出") == ("210", "卫生健康支出")
    assert split_code_label("50201办公经费") == ("50201", "办公经费")
    assert split_code_label("103 非税收入") == ("103", "非税收入")


@pytest.mark.parametrize("words,table", [
    ("一般公共预算财政拨款支出", "gpb_expenditure"),         # 表5's total: carry-over spent too
    ("支出全部为一般公共预算支出", "gpb_expenditure"),
    ("一般公共预算拨款收入", "summary"),
    ("一般公共预算拨款安排的会议费预算支出", "not gpb_expenditure"),     # an item of it, not its total
])
def test_spending_of_a_budget_type_is_its_spending_tables_total(words, table):
    from budgetlens.extract.subjects import FunctionIndex, resolve_subject
    from budgetlens.model import Disclosure, Provenance, Section

    section = Section(number="四", title="关于2024年财政拨款收支预算总体情况说明", text="", provenance=Provenance(file="x"))
    subject = resolve_subject(words, section, FunctionIndex(Disclosure()))
    got = subject.coords.table_kind if subject.coords else None
    if table == "not gpb_expenditure":
        assert got != "gpb_expenditure"
    else:
        assert got == table or (table == "summary" and got == "fiscal_summary")


def lines_doc(*texts: str) -> SourceDocument:
    """A plain-text document of these lines."""
    doc = SourceDocument(path="x", format="plain", encoding=None, sha256="")
    doc.lines = [Line(i + 1, t) for i, t in enumerate(texts)]
    return doc


def test_the_unit_of_a_web_page_is_not_its_navigation():
    """A portal page opens with its menus ("首页 > 政务公开 > 财政预决算 > 部门预算") and a search
    box above the title: the unit is the title's, not the breadcrumb."""
    from budgetlens.extract.meta import title_unit

    assert title_unit(lines_doc("首页 > 政务公开 > 财政预决算 > 部门预算", "请输入关键字", "搜索",
                               "北京市海淀区市场监督管理局2024年部门预算")) == "北京市海淀区市场监督管理局"
    assert title_unit(lines_doc("江苏省人民检察院", "2018年部门预算")) == "江苏省人民检察院"
    assert title_unit(lines_doc("2018年部门预算", "江苏省人民检察院")) == "江苏省人民检察院"


def test_the_money_of_projects_counted_is_no_table_figure():
    """"实行绩效目标管理的项目4个，涉及一般公共预算拨款 710.60 万元": the money of the projects
    counted, not the whole general budget (a false N-AMOUNT against 表1)."""
    from budgetlens.extract.subjects import FunctionIndex, resolve_subject
    from budgetlens.model import Disclosure

    subject = resolve_subject("实行绩效目标管理的项目涉及一般公共预算拨款", None, FunctionIndex(Disclosure()))
    assert subject.concept == "projects:counted" and subject.coords is None


def test_review_of_the_new_wordings():
    """Money in 亿 and 万 (二亿零四百万元 is 20400 万元, not 200000400 万元); a comparison that opens
    the words leaves the subject after it; digits run into a name are a code only of a class the
    classifications have (300亩… is no economic class)."""
    from budgetlens.extract.narrative import clean_subject, clean_text
    from budgetlens.extract.rows import split_code_label
    assert clean_text("基本支出二亿零四百万元，三亿元") == "基本支出20400万元，3亿元"
    assert clean_subject("与上年预算相比2026年基本支出减少") == "基本支出"
    assert split_code_label("300亩高标准农田建设") == ("", "300亩高标准农田建设")
    from budgetlens.extract.narrative import QUALIFIER      # 约 ends words that make nothing inexact
    assert [w for w in ("节约", "签约", "集约", "履约", "最近", "减少约", "近") if QUALIFIER.search(w)] == ["减少约", "近"]


def test_a_contents_entry_is_no_title_naming_the_unit():
    from budgetlens.extract.meta import title_unit
    assert title_unit(lines_doc("某某市文化馆", "2026年部门预算", "目录", "一、2026年部门预算编制说明")) == "某某市文化馆"


@pytest.mark.parametrize("stem,old,new,printed", [
    # markdown, one line: a figure one character longer in words, then the figures after it
    (S000, "资金分配情况：州县市门户网站网管费12万元，网站运行维护费6万元",
     "资金分配情况：州县市门户网站网管费一十二万元，网站运行维护费六万元，合计一十八万元，占100%",
     ["一十二万元", "六万元", "一十八万元", "100%"]),
    # pdftotext plain text, the sentence wrapped over two lines: the last figure runs onto the next
    ("003_051c06d5053f29b3", "资金分配情况：等保测评 7万元，链路费 22.68 万元，设备购置 32.72 万",
     "资金分配情况：等保测评七万元，链路费二十二点六八万元，设备购置 32.72 万",
     ["七万元", "二十二点六八万元", "32.72万元"]),
])
def test_claims_after_money_in_chinese_numerals_point_at_the_printed_words(tmp_path, stem, old, new, printed):
    """"网管费一十二万元" is read as 12 万元, but the claim quotes and locates the printed words:
    its text is "一十二万元", and the claims after it on the line are not moved by the length
    the digits saved (they pointed one character early: "费六万")."""
    text = (EXAMPLES / f"{stem}.txt").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / f"{stem}.txt"
    path.write_text(text.replace(old, new), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").split("\n")
    no = lines.index(new) + 1
    claims = [c for c in parse(path).narrative.claims if c.provenance.line == no]
    assert [c.text.replace(" ", "") for c in claims] == printed
    for c in claims:
        line = squeeze(strip_markup(lines[no - 1]))
        at = line[c.provenance.char_start:c.provenance.char_end]
        if c.provenance.line_end == no:
            assert at == c.text, (at, c.text)
        else:            # cut at the line's end ("32.72 万" / "元。"): its start is on this line
            assert c.text.replace(" ", "").startswith(at) and at, (at, c.text)
        assert c.text in c.sentence and squeeze(new) in c.sentence.replace("元。", "")
    assert [c.value for c in claims[:2]] == ([Decimal(12), Decimal(6)] if stem == S000 else [Decimal(7), Decimal("22.68")])


ITEM_002 = ("1、一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）：2026 年预算数为 1,085.07 万元，"
            "比上年预算减少 184.34 万元，下降 14.52%，主要原因是本年度在职人员减少，相关人员经费预算减少。")


@pytest.mark.parametrize("new,code", [
    ("1、2010301行政运行1,085.07万元，比上年减少184.34万元，下降14.52%，主要原因是在职人员减少。", "2010301"),
    ("（1）行政运行（2010301）1,085.07万元，比上年预算减少184.34万元，下降14.52%，主要用于机关正常运转。", "2010301"),
    ("1.行政运行(2010301)：2026年预算数为1,085.07万元，较上年预算数减少184.34万元，下降14.52%。", "2010301"),
    ("1.“一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目1,085.07万元，比上年减少184.34万元。", "2010301"),
    ("1.“政府办公厅（室）及相关机构事务-行政运行”科目1,085.07万元，比上年减少184.34万元。", "2010301"),
    ("1.“行政运行”科目1,085.07万元，比上年减少184.34万元，下降14.52%。", "2010301"),
    # a code under another name, a code the tables do not print: no reading chosen
    ("1、2010350行政运行1,085.07万元，比上年减少184.34万元，下降14.52%。", None),
    ("1、2010302行政运行1,085.07万元，比上年减少184.34万元，下降14.52%。", None),
], ids=["code-first", "code-in-brackets", "code-colon", "dashed-path", "dashed-from-kuan", "marked-name",
        "code-of-another-name", "code-not-printed"])
def test_function_items_named_by_code_path_or_marked_name(tmp_path, new, code):
    """Other provinces name a function item by its code ("2010301行政运行", "行政运行（2010301）"),
    by its levels joined with dashes (Shanghai: "“一般公共服务支出-…-行政运行”科目") or by its own name
    marked as a 科目: each is the item the tables print (they were left unresolved, unchecked);
    a code the tables print under another name, or do not print, resolves to nothing."""
    disc, errors = reworded_002(tmp_path, (ITEM_002, new))
    amount = claim(disc, "amount", "1085.07")
    assert amount.subject.concept == (f"function:{code}" if code else None)
    if code:
        change = claim(disc, "change", "184.34")
        assert change.subject.concept == f"function:{code}" and change.implied_prior == Decimal("1269.41")
    assert not errors, [f.message for f in errors]


def test_a_marked_name_printed_under_several_codes_names_none():
    from budgetlens.extract.subjects import FunctionIndex, marked_name
    index = FunctionIndex(parsed(S002))
    assert marked_name("“行政运行”科目", index) == "2010301"
    index.by_name[(7, "行政运行")].add("2013101")          # 行政运行 of another 款 too
    assert marked_name("“行政运行”科目", index) is None


BASIC_002 = "基本支出 1,599.05 万元，占 90.90%，比上年预算减少 5.22 万元，下降 0.33%"


@pytest.mark.parametrize("new,prior,basis,rules", [
    ("基本支出1,599.05万元，占90.90%，比上年预算数1,604.27万元减少5.22万元，下降0.33%", "1604.27", "上年预算", []),
    ("基本支出1,599.05万元，占90.90%，较2025年预算1,604.27万元减少5.22万元，下降0.33%", "1604.27", "上年预算", []),
    # (the change after the comparison's clause: from the figure just stated, last year's)
    ("基本支出1,599.05万元，占90.90%，与上年预算数1,604.27万元相比，减少5.22万元，下降0.33%", "1604.27", "上年", []),
    ("基本支出1,599.05万元，占90.90%，比上年预算数1,614.27万元减少5.22万元，下降0.33%", "1614.27", "上年预算",
     ["N-PRIOR-CONSISTENT"]),
], ids=["bi-shang-nian", "jiao-year", "yu-xiang-bi", "wrong"])
def test_last_years_figure_right_after_the_comparison(tmp_path, new, prior, basis, rules):
    """"比上年预算数 1,604.27 万元减少 5.22 万元": the figure the comparison names is last year's
    (it was read as this year's 基本支出, a false N-AMOUNT, and the change measured from it a
    false N-CHANGE-RATE); a wrong one is reported as such."""
    disc, errors = reworded_002(tmp_path, (BASIC_002, new))
    assert claim(disc, "prior", prior).subject.concept == "nature:basic"
    change = claim(disc, "change", "5.22")
    assert (change.subject.concept, change.basis, change.implied_prior) == ("nature:basic", basis, Decimal("1604.27"))
    assert [f.rule for f in errors] == rules, [f.message for f in errors]


def test_last_years_three_public_item_right_after_the_comparison(tmp_path):
    disc, errors = reworded_002(tmp_path, ("公务接待费减少30.00万元，下降85.71%",
                                           "公务接待费5.00万元，比上年预算35.00万元减少30.00万元，下降85.71%"))
    assert claim(disc, "prior", "35.00").subject.concept == "three_public:reception"
    assert not [c for c in disc.narrative.claims if c.kind == "amount" and c.value == Decimal("35.00")]
    assert next(c for c in disc.narrative.claims if c.kind == "change" and "35.00" in c.sentence).implied_prior == Decimal("35.00")
    assert not errors, [f.message for f in errors]


@pytest.mark.parametrize("words", ["收支预算总计", "收、支预算总计", "收支总计"])
def test_totals_of_income_and_spending_named_together(tmp_path, words):
    """"2026年收支预算总计 1,759.05 万元" is the whole budget (it was left unresolved, unchecked)."""
    old = "收支总预算 1,759.05 万元。"
    disc, errors = reworded_002(tmp_path, (old, f"{words}1,759.05万元。"))
    assert claim(disc, "amount", "1759.05").subject.concept == "total" and not errors
    _, errors = reworded_002(tmp_path, (old, f"{words}1,795.05万元。"))
    assert [f.rule for f in errors] == ["N-AMOUNT"]


@pytest.mark.parametrize("goods,errors_expected", [("23.49", 0), ("13.49", 1)])
def test_procurement_classes_named_with_purchase(tmp_path, goods, errors_expected):
    """"其中：货物类采购 X 万元，工程类采购 Y 万元，服务类采购 Z 万元" (Guangdong): the parts of 政府采购."""
    new = f"政府采购预算112.29万元，其中：货物类采购{goods}万元，工程类采购1.00万元，服务类采购87.80万元。"
    disc, errors = reworded_002(tmp_path, (PROCUREMENT_002, new))
    assert [claim(disc, "amount", v).subject.concept for v in (goods, "1.00", "87.80")] == \
        ["procurement:goods", "procurement:works", "procurement:services"]
    assert [f.rule for f in errors] == ["N-PROCUREMENT-SUM"] * errors_expected


@pytest.mark.parametrize("new", [
    "1、一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）2026年预算1,085.07万元，"
    "比上年预算1,269.41万元减少184.34万元，下降14.52%。",
    "1、一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）2026年预算数为1,085.07万元，"
    "比上年预算减少184.34万元，下降14.52%。",
])
def test_an_item_then_its_year_without_a_colon(tmp_path, new):
    """"…行政运行（项）2026年预算 X 万元": the words after the year only say which figure; the item is
    the one named before it (everything up to the year was dropped: the subject was "预算")."""
    disc, errors = reworded_002(tmp_path, (ITEM_002, new))
    assert claim(disc, "amount", "1085.07").subject.concept == "function:2010301"
    assert claim(disc, "change", "184.34").implied_prior == Decimal("1269.41")
    assert not errors, [f.message for f in errors]
    from budgetlens.extract.narrative import clean_subject
    assert clean_subject("克州人民政府办公室2026年预算数为") == "预算数"      # no item before the year: as before


@pytest.mark.parametrize("total,rules", [("1,307.83", []), ("1,317.83", ["N-AMOUNT"])])
def test_an_item_heading_then_only_its_spending(tmp_path, total, rules):
    """Jiangsu: "…（款）：2026年预算支出合计 X 万元。其中：1、行政运行（项）：支出 Y 万元": "预算支出合计"
    and "支出" only say which figure of the item the heading names (the subject was "预算支出")."""
    new = (f"一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）：2026年预算支出合计{total}万元。其中：\n\n"
           "1、行政运行（项）：支出1,085.07万元，比上年减少184.34万元，下降14.52%。")
    disc, errors = reworded_002(tmp_path, (ITEM_002, new))
    heading = next(c for c in disc.narrative.claims if c.sentence.startswith("一般公共服务支出（类）政府办公厅"))
    assert (heading.value, heading.subject.concept) == (Decimal(total.replace(",", "")), "function:20103")
    assert claim(disc, "amount", "1085.07").subject.concept == "function:2010301"
    assert [f.rule for f in errors] == rules, [f.message for f in errors]
    # 支出预算 is still the whole budget's name, after another item too
    disc, errors = reworded_002(tmp_path, (BASIC_002, "基本支出1,599.05万元，占90.90%，支出预算1,759.05万元"))
    assert next(c for c in disc.narrative.claims if c.sentence.startswith("基本支出1,599.05万元，占90.90%，支出预算")
                and c.value == Decimal("1759.05")).subject.concept == "total"
    assert not errors, [f.message for f in errors]


# ---- specks of dust a scan's OCR reads as marks ------------------------------------------------

def claims_of(disc) -> list[tuple]:
    return sorted((c.kind, c.value, c.unit, c.provenance.line) for c in disc.narrative.claims)


@pytest.mark.parametrize("speck", [" · ", "·", " ' ", "'", " . ", "．", "`"])
def test_a_speck_between_a_figure_and_its_unit_changes_no_claim(tmp_path, speck):
    """OCR reads a speck of dust as a mark between a figure and 万元 ("277.90 · 万元"): the claims
    are those of the sentence without it. Before: the amount 277.90 and the change 195.97 of the
    sentence were lost (the unit no longer beside the figure)."""
    specked = GPB.replace("277.90 万元", f"277.90{speck}万元").replace("195.97 万元", f"195.97{speck}万元")
    assert claims_of(parsed_with(tmp_path, GPB, specked)) == claims_of(parsed_with(tmp_path, GPB, GPB))


BASIC = "基本支出 186.63 万元，占 44.72%，比上年预算增加 186.63 万元，增长"


@pytest.mark.parametrize("specked", [
    "基本支出 186.63\n·\n万元",        # a line of its own
    "基本支出 186.63\n.\n万元",
    "基本支出 186.63 ·\n万元",         # at the end of the line, the unit on the next
    "基本支出 186.63\n' 万元",         # opening the next line
])
def test_a_speck_on_a_line_break_in_plain_text_changes_no_claim(tmp_path, specked):
    """Plain text (a scan's lines): a speck read as a line of its own, or at the break between a
    figure and its unit, is no part of the sentence. Before: 基本支出's amount 186.63 was lost."""
    text = (EXAMPLES / "003_051c06d5053f29b3.txt").read_text(encoding="utf-8")
    assert BASIC in text
    path, plain = tmp_path / "specked.txt", tmp_path / "plain.txt"
    path.write_text(text.replace(BASIC, BASIC.replace("基本支出 186.63 万元", specked)), encoding="utf-8")
    plain.write_text(text.replace(BASIC, BASIC.replace("基本支出 186.63 万元", "基本支出 186.63\n万元")), encoding="utf-8")
    got = [(k, v, u) for k, v, u, _ in claims_of(parse(path))]
    assert got == [(k, v, u) for k, v, u, _ in claims_of(parse(plain))]


def test_marks_that_are_no_specks_are_kept():
    """A point ending a sentence after a figure, quotes not between a figure and its unit, and
    figures with their decimals stay as they are: nothing is invented."""
    from budgetlens.extract.narrative import without_specks

    for text in ("支出合计12.50.", "“三公”经费12.50万元", "增长5.5%", "1.", "'三公'经费", "为'万元'", "年.元"):
        assert without_specks(text) == text
    assert without_specks("12.50 · 万元，增长5'%") == "12.50   万元，增长5 %"


def test_a_collection_heading_names_no_unit():
    """A portal's heading over every department's disclosure ("2026年市级部门预算公开") names a
    level of government, not the unit: the unit is the title after it. A unit whose name holds
    a level word still is one."""
    from budgetlens.extract.meta import title_unit

    assert title_unit(lines_doc("2026年市级部门预算公开", "上海市财政局2026年部门预算")) == "上海市财政局"
    assert title_unit(lines_doc("上海市2025年市本级部门预算", "上海市财政局", "2025年单位预算")) == "上海市财政局"
    assert title_unit(lines_doc("2024年区级单位预算公开", "上海市普陀区人民政府办公室2024年单位预算")) \
        == "上海市普陀区人民政府办公室"
    assert title_unit(lines_doc("2026年市级部门预算公开")) is None
    # near misses: names with a level word inside, and a 级 that ends no level
    assert title_unit(lines_doc("上海市市级机关事务管理局2026年部门预算")) == "上海市市级机关事务管理局"
    assert title_unit(lines_doc("某某市高级人民法院2026年部门预算")) == "某某市高级人民法院"
