"""The document level as a second review found it: the signature date, the unit's type and
code, the year, the cover's name, and the overview's duties, offices, sub-units and staffing,
read from the seeds edited the way real documents differ, and from the real PDFs."""

import pytest
from conftest import EXAMPLES, parsed
from test_robustness import seed_with

from budgetlens.pipeline import parse

S000, S001, S002 = "000_9131eab83374bb33", "001_bb7d043ad2da133b", "002_4e0ed6e09b019fe1"
N000 = "克孜勒苏柯尔克孜自治州电子政务服务中心"
SIGNED = N000 + "\n\n2026年2月5日"


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
