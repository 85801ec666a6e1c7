"""The document level, second review: parts headed otherwise than 第X部分, the contents page,
a list of the tables, two disclosures in one file, a bundle with the narrative first."""


from conftest import EXAMPLES

from budgetlens.checks import check
from budgetlens.pipeline import parse

S0, S2 = "000_9131eab83374bb33", "002_4e0ed6e09b019fe1"
HEADINGS = ["第一部分 2026年部门概况", "第二部分 2026 年部门预算公开表", "第三部分 2026 年部门预算情况说明", "第四部分 名词解释"]
KEYS = ["overview", "tables", "narrative", "glossary"]
TITLES = ["部门收支总体情况表", "部门收入总体情况表", "部门支出总体情况表", "财政拨款收支预算总体情况表", "一般公共预算支出情况表",
          "一般公共预算基本支出情况表", "一般公共预算项目支出情况表", "政府性基金预算支出情况表", "国有资本经营预算支出情况表",
          "财政拨款“三公”经费支出情况表", "上年结转结余情况明细表"]


def body_headings(text: str, new: list[str]) -> str:
    """The body's part headings (the last of each: the contents page lists them first) replaced."""
    for old, heading in zip(HEADINGS, new):
        at = text.rindex(old)
        text = text[:at] + heading + text[at + len(old):]
    return text


def errors(disc) -> set[str]:
    return {f.rule for f in check(disc).findings if f.severity == "error"}


def assert_read_whole(disc) -> None:
    """Seed 002 read as it is read with its own headings."""
    assert [p.key for p in disc.parts] == KEYS
    assert not disc.missing
    assert len(disc.tables) == 11 and len(disc.narrative.sections) == 12
    assert disc.overview.staffing is not None and disc.glossary
    assert "C-EMPTY-NOTE-CONTRADICTS" not in errors(disc)


def test_contents_entry_is_no_overview(tmp_path):
    """S2, milder: only the body's overview heading unknown: the overview is not the contents
    page's entry (its 主要职能 entry and 机构设置 entry gave no duty)."""
    path = tmp_path / "doc.txt"
    text = (EXAMPLES / f"{S2}.txt").read_text(encoding="utf-8")
    path.write_text(body_headings(text, ["部门情况简介"] + HEADINGS[1:]), encoding="utf-8")
    disc = parse(path)
    assert all(p.line > 56 for p in disc.parts)
    assert "概况部分" in " ".join(disc.missing)