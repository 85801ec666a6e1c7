"""The document level as a second review found it: the signature date, the unit's type and
code, the year, the cover's name, and the overview's duties, offices, sub-units and staffing,
read from the seeds edited the way real documents differ, and from the real PDFs."""

import functools

import pytest
from conftest import EXAMPLES, SHARED, parsed
from test_robustness import seed_with

from budgetlens.pipeline import parse

S000, S001, S002 = "000_9131eab83374bb33", "001_bb7d043ad2da133b", "002_4e0ed6e09b019fe1"
N000 = "克孜勒苏柯尔克孜自治州电子政务服务中心"
SIGNED = N000 + "\n\n2026年2月5日"
NO_SUBUNITS = N000 + "无下属预算单位，"
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
