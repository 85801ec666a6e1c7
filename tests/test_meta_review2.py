"""The document level as a second review found it: the signature date, the unit's type and
code, the year, the cover's name, and the overview's duties, offices, sub-units and staffing,
read from the seeds edited the way real documents differ, and from the real PDFs."""

import functools
import re

import pytest
from conftest import EXAMPLES, SHARED, parsed
from test_robustness import seed_with

from budgetlens.checks import check
from budgetlens.pipeline import parse

S000, S001, S002 = "000_9131eab83374bb33", "001_bb7d043ad2da133b", "002_4e0ed6e09b019fe1"
N000 = "克孜勒苏柯尔克孜自治州电子政务服务中心"
SIGNED = N000 + "\n\n2026年2月5日"
NO_SUBUNITS = N000 + "无下属预算单位，"
COVER = "## 2026 年部门预算公开\n"
REAL = SHARED / "real"
needs_real = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real is absent")


@functools.cache
def real(name: str):
    return parse(REAL / name)


# ---- M3: the signature date ----------------------------------------------------------------

def test_a_date_after_the_signers_name_on_its_line():
    """Seed 001 ends "克孜勒苏柯尔克孜自治州电子政务服务中心 2022 年 3 月 15 日"."""
    assert str(parsed(S001).meta.signature_date) == "2022-03-15"


@pytest.mark.parametrize("signed,read", [
    (N000 + "\n\n2026年2月5日。", "2026-02-05"),
    (N000 + "\n\n日期：2026年2月5日", "2026-02-05"),
    (N000 + "\n\n二〇二六年元月五日", "2026-01-05"),
    (N000 + "\n\n2026年2月5号", "2026-02-05"),
    (N000 + " 2026年2月5日", "2026-02-05"),
    (N000 + "\n\n截至2026年2月5日", "None"),        # a sentence's date, no signature
])
def test_signature_dates_written_other_ways(tmp_path, signed, read):
    path = seed_with(tmp_path, S000, [(SIGNED, signed)])
    assert str(parse(path).meta.signature_date) == read


def test_a_date_only_on_the_cover(tmp_path):
    path = seed_with(tmp_path, S000, [(SIGNED, N000), (COVER, COVER + "\n2026年2月5日\n")])
    assert str(parse(path).meta.signature_date) == "2026-02-05"


def test_a_bundle_with_the_narrative_first_keeps_its_date(tmp_path):
    """The signature ends the narrative's file, the tables' file follows it."""
    text = (EXAMPLES / f"{S002}.txt").read_text(encoding="utf-8")
    start = text.index("第二部分 2026 年部门预算公开表\n\n表 1")
    end = text.index("第三部分 2026 年部门预算情况说明", start)
    (tmp_path / "a.txt").write_text(text[:start] + text[end:], encoding="utf-8")
    (tmp_path / "b.txt").write_text(text[start:end], encoding="utf-8")
    assert str(parse(tmp_path / "a.txt", tmp_path / "b.txt").meta.signature_date) == "2026-02-05"


# ---- M5: the unit's type -------------------------------------------------------------------

@pytest.mark.parametrize("stated", [
    "为参照公务员法管理的正科级事业单位，",
    "为参照公务员法管理的全额拨款事业单位，",
    "为事业单位（参照公务员法管理），",
    "为参照公务员管理的事业单位，",
])
def test_a_unit_managed_as_civil_service_is_cangong(tmp_path, stated):
    path = seed_with(tmp_path, S000, [(NO_SUBUNITS, N000 + stated + "无下属预算单位，")])
    assert parse(path).meta.unit_type == "参公"


@needs_real
@pytest.mark.parametrize("name,said", [
    # "上海市财政局是主管全市财政工作的市政府组成部门。", under the heading "上海市财政局（单位）主要职能"
    ("sh-city-czj-2025-unit-budget.pdf", "行政"),
    # "上海市普陀区人民政府办公室是协助区政府领导处理区政府日常工作的区政府工作部门，为正处级"
    ("sh-putuo-qfb-2025-unit-budget.pdf", "行政"),
])
def test_a_heading_run_into_the_units_sentence(name, said):
    assert real(name).meta.unit_type == said


# ---- O2: duties, offices and sub-units of the overview ----------------------------------------

DUTIES = ["（一）承担自治州人民政府机关日常", "（二）承担自治州政府协同办公", "（三）承担自治州各部门及县",
          "（四）承担自治州人民政府机关网络", "（五）承担自治州人民政府机关软件", "（六）承担政府会议系统",
          "（七）承担自治州党委"]
LAST_DUTY = "承担自治州党委、政府交办的其他工作。"
OFFICES = "下设 4 个科室，分别是：综合科、运行维护科、技术服务科、安全保障科。"
OFFICE_NAMES = ["综合科", "运行维护科", "技术服务科", "安全保障科"]


def test_duties_numbered_like_their_heading(tmp_path):
    """一、部门职责 / 一、… 二、… / 二、机构设置: the duties numbered as the headings are."""
    pairs = [("### 一、 主要职能", "### 一、 部门职责")]
    pairs += [(d, "一二三四五六七"[i] + "、" + d[3:]) for i, d in enumerate(DUTIES)]
    functions = parse(seed_with(tmp_path, S000, pairs)).overview.functions
    assert len(functions) == 7 and functions[-1] == LAST_DUTY


@pytest.mark.parametrize("marks", [("①", "②"), ("(1)", "(2)"), ("（1）", "（2）"), ("1）", "2）"), ("1、", "2、")])
def test_duties_numbered_other_ways(marks):
    from budgetlens.extract.overview import functions
    from budgetlens.readers import Line
    texts = ["一、主要职责", f"{marks[0]}负责A", f"{marks[1]}负责B", "二、机构设置", "1.综合科"]
    assert functions([Line(i + 1, t) for i, t in enumerate(texts)]) == ["负责A", "负责B"]


def test_duties_end_at_the_next_heading(tmp_path):
    functions = parse(seed_with(tmp_path, S000, [("### 二、 机构设置及人员情况", "二、人员情况")])).overview.functions
    assert len(functions) == 7 and functions[-1] == LAST_DUTY


def test_a_duty_naming_the_structure_and_a_page_number_inside_one(tmp_path):
    """A duty may say 机构设置 ("管理…的机构设置及人员编制"); a page's number may fall inside one."""
    old = "（四）承担自治州人民政府机关网络安全和信息化相关工作。"
    new = "（四）承担自治州人民政府机关网络安全和信息化相关工作，协同管理机构设置及人员编制。"
    wrapped = "推动落\n\n- 4 -\n\n实、优化平台功能"
    path = seed_with(tmp_path, S000, [(old, new), ("推动落实、优化平台功能", wrapped)])
    functions = parse(path).overview.functions
    assert len(functions) == 7 and functions[3] == new[3:] and "推动落实、优化" in functions[1]


@pytest.mark.parametrize("offices", [
    "设4个内设机构，包括：综合科、运行维护科、技术服务科、安全保障科。",
    ("内设机构4个，分别是：（一）综合科。负责综合事务。（二）运行维护科。负责运维。（三）技术服务科。"
     "负责技术服务。（四）安全保障科。负责安全。"),
    "内设机构4个，分别是：\n\n1.综合科\n\n2.运行维护科\n\n3.技术服务科\n\n4.安全保障科\n\n",
])
def test_offices_worded_other_ways(tmp_path, offices):
    assert parse(seed_with(tmp_path, S000, [(OFFICES, offices)])).overview.offices == OFFICE_NAMES


@pytest.mark.parametrize("said,count", [
    ("无下属单位", 0), ("无所属预算单位", 0), ("无下属二级预算单位", 0),
    ("下属二级预算单位2个：XX中心、XX站", 2), ("共有2个下属单位", 2),
])
def test_subunits_worded_other_ways(tmp_path, said, count):
    assert parse(seed_with(tmp_path, S000, [("无下属预算单位", said)])).overview.subunits == count


@needs_real
def test_real_overviews():
    """As pdftotext prints them: jcy "一、主要职责" 1、… 16、, "（一）机关内设机构 1.办公室 …
    19.行政装备处"; wanli "主要职能包括：一、… 九、", "具体包括：1. …（本部）。… 6. …执法队。";
    qfb "设10个内设机构，包括：（一）秘书科（联络科）。…（十）区域合作科。"; czj "设22个内设机构，
    包括：办公室、…、资产管理处、按照有关规定设置直属机关党委和直属机关纪委。" """
    jcy = real("js-prov-jcy-2018-dept-budget.pdf").overview
    assert len(jcy.functions) == 16 and jcy.functions[-1] == "负责其他应由省检察院承办的事项。"
    assert jcy.functions[9].endswith("指导全省检察机关的理论研究工作。")
    assert jcy.functions[10].endswith("协同省主管部门管理检察院的机构设置及人员编制，制定相关人员管理办法。")
    assert len(jcy.offices) == 19 and jcy.offices[0] == "办公室" and jcy.offices[-1] == "行政装备处"
    wanli = real("sh-putuo-wanli-2024-dept-budget.pdf").overview
    assert len(wanli.functions) == 9 and wanli.functions[-1] == "承办区委、区政府交办的其他事项。"
    assert wanli.subunits == 5 and len(wanli.units) == 6
    assert wanli.units[0] == "上海市普陀区人民政府万里街道办事处（本部）"
    assert wanli.units[-1] == "上海市普陀区万里街道综合行政执法队"
    qfb = real("sh-putuo-qfb-2025-unit-budget.pdf").overview
    assert qfb.offices[:2] == ["秘书科（联络科）", "组织人事科"] and len(qfb.offices) == 10
    czj = real("sh-city-czj-2025-unit-budget.pdf").overview
    assert czj.functions[-1] == "完成市委、市政府交办的其他任务。"
    assert czj.offices[:2] == ["办公室", "政策法规处（财会监督处）"] and czj.offices[-1] == "资产管理处"


# ---- M4: the year where the part headings print none --------------------------------------------

def test_the_year_from_the_text_when_the_headings_print_none(tmp_path):
    """003 without "2025 年" in its part headings still says "2025年部门预算" and "2025年预算"."""
    text = (EXAMPLES / "003_051c06d5053f29b3.txt").read_text(encoding="utf-8")
    headings = sorted(set(re.findall(r"第.部分 2025 年部门\S*", text)))
    assert headings
    path = seed_with(tmp_path, "003_051c06d5053f29b3", [(h, h.replace("2025 年", "")) for h in headings])
    disc = parse(path)
    assert disc.meta.year == 2025
    signature = next(o for o in check(disc).outcomes if o.rule == "D-SIGNATURE")
    assert signature.status != "not_applicable"


# ---- M1: the unit's code -------------------------------------------------------------------


@pytest.mark.parametrize("pairs,code", [
    ([(COVER, COVER + "\n单位编码：123001\n")], "123001"),
    ([("编制部门：" + N000, "编制部门：[123001]" + N000)], "123001"),
    ([("编制部门：" + N000, "编制部门：123001 " + N000)], "123001"),
    ([(COVER, COVER + "\n统一社会信用代码：12653000MB1234567X\n")], None),
])
def test_the_units_code(tmp_path, pairs, code):
    meta = parse(seed_with(tmp_path, S000, pairs)).meta
    assert meta.unit_code == code and meta.unit_name == N000


# ---- M2: the cover's name -----------------------------------------------------------------------

@pytest.mark.parametrize("cover", [
    "# 2026年" + N000 + "部门预算公开\n",
    "# " + N000 + "2026年预算公开\n",
    "# 关于" + N000 + "2026年部门预算公开的说明\n",
    "# " + N000 + "部门综合预算\n",
])
def test_the_name_on_covers_worded_other_ways(tmp_path, cover):
    """Without a 编制部门 in the table heads, the name is the cover's."""
    pairs = [("编制部门：" + N000, ""), ("# " + N000 + "\n\n" + COVER, cover)]
    assert parse(seed_with(tmp_path, S000, pairs)).meta.unit_name == N000


# ---- O1: staffing ----------------------------------------------------------------------------

STAFF = "编制数 15，实有人数 18 人，其中：在职 13 人，减少 6 人；退休 5 人，增加 2 人；离休 0 人，增加 0 人。"


def staffing_of(tmp_path, said):
    st = parse(seed_with(tmp_path, S000, [(STAFF, said)])).overview.staffing
    return st and (st.authorized, st.actual, st.in_service and (st.in_service.count, st.in_service.change),
                   st.retired and (st.retired.count, st.retired.change))


@pytest.mark.parametrize("said,read", [
    ("编制数：15人；实有人数：18人；在职：13人；退休：5人。", (15, 18, (13, None), (5, None))),
    ("编制人数为十五人，实有人数十八人，其中：在职十三人，退休五人。", (15, 18, (13, None), (5, None))),
    # the parts' 实有 before the total's: the total
    ("编制总数15人，其中：本级编制10人，实有9人；下属中心编制5人，实有5人。实有人数18人。", (15, 18, None, None)),
    # only the parts' 实有: no total is said
    ("编制总数15人，其中：本级编制10人，实有9人；下属中心编制5人，实有5人。", (15, None, None, None)),
    ("编制数15人，实有人数18人，在职13人，较上年末增加2人；退休5人，与上年持平。", (15, 18, (13, 2), (5, 0))),
    ("编制数15人，实有人数18人，在职13人，与上年相比增加了2人；退休5人（比上年减少两人）。", (15, 18, (13, 2), (5, -2))),
    ("编制数15人，实有人数18人，在职人员13人，比上年少2名；退休5人，同比增长1人。", (15, 18, (13, -2), (5, 1))),
])
def test_staffing_worded_other_ways(tmp_path, said, read):
    assert staffing_of(tmp_path, said) == read
