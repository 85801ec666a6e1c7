"""A document naming only its county, county-level city or district (阿图什市财政局, 乌恰县,
伊宁县教育局) names its region: the region's counties are data (templates/data/places/), by
full name, so that the same word in unrelated text (双河市场, 天山区域, 温泉) or a county of
another province names none. Before, an unlabelled Xinjiang county document printing the
national titles was read by the national template."""

from __future__ import annotations

import pytest
from test_template_tie_s41 import NATIONAL, XJ, national_page

from budgetlens.pipeline import parse
from budgetlens.templates import load_templates


def template(region: str):
    return next(t for t in load_templates() if t.region == region and t.region_names)


@pytest.mark.parametrize("name", ["阿图什市财政局", "乌恰县自然资源局", "伊宁县教育局", "石河子市自然资源局"])
def test_an_unlabelled_county_document_takes_the_regions_template(tmp_path, name):
    assert parse(national_page(tmp_path, name)).meta.template == XJ


@pytest.mark.parametrize("name", [
    "天长市自然资源局",              # a county-level city of Anhui
    "新丰县自然资源局",              # Guangdong's (丰县, Jiangsu's, is no name here: it is part of others')
    "某县双河市场监督管理所",          # 双河市 (a 兵团 city) running on into 市场
    "某县天山区域生态保护中心",        # 天山区 (Urumqi's) running on into 区域
    "某县温泉疗养院",                # 温泉 without 县
])
def test_near_miss_another_provinces_county_or_the_word_in_other_text(tmp_path, name):
    assert parse(national_page(tmp_path, name)).meta.template == NATIONAL


def test_shanghai_and_jiangsu_know_their_districts_and_counties():
    shanghai, jiangsu = template("上海市"), template("江苏省")
    assert shanghai.names_region("静安区财政局") and shanghai.names_region("浦东新区教育局")
    assert jiangsu.names_region("昆山市财政局") and jiangsu.names_region("沭阳县教育局")
    # names other provinces share (舟山市普陀区, 双鸭山市宝山区; 新丰县 holds 丰县) tell nothing
    assert not shanghai.names_region("普陀区财政局") and not shanghai.names_region("宝山区财政局")
    assert not jiangsu.names_region("新丰县财政局") and not jiangsu.names_region("昆山市场监督管理局")
    assert not template("新疆维吾尔自治区").names_region("昆山市财政局")
