"""The document level, second review: parts headed otherwise than 第X部分, the contents page,
a list of the tables, two disclosures in one file, a bundle with the narrative first."""

import pytest
from conftest import EXAMPLES
from test_robustness import seed_with

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


@pytest.mark.parametrize("new", [
    ["一、2026年部门概况", "二、2026年部门预算公开表", "三、2026年部门预算情况说明", "四、名词解释"],
    ["部门概况", "部门预算公开表", "部门预算情况说明", "名词解释"],
    ["第一章 部门概况", "第二章 部门预算公开表", "第三章 部门预算情况说明", "第四章 名词解释"],
    ["第1部分 部门概况", "第2部分 部门预算公开表", "第3部分 部门预算情况说明", "第4部分 名词解释"],
], ids=["numbered", "bare", "chapters", "digits"])
def test_parts_headed_otherwise_than_di_x_bufen(tmp_path, new):
    """S1: 一、部门概况, bare titles, 第一章, 第1部分 head the parts as 第一部分 does (the contents
    page keeping 第X部分): none is lost, and the last table does not swallow the narrative."""
    path = tmp_path / "doc.txt"
    path.write_text(body_headings((EXAMPLES / f"{S2}.txt").read_text(encoding="utf-8"), new), encoding="utf-8")
    assert_read_whole(parse(path))


@pytest.mark.parametrize("new", [
    ["第一部分 部门基本情况", "第二部分 2026年部门预算", "第三部分 2026年部门预算解读", "第四部分 名词解释"],
    ["第一部分 部门主要职责及机构设置", "第二部分 2026年部门预算附表", "第三部分 2026年部门预算情况说明", "第四部分 名词解释"],
], ids=["basic-budget-reading", "duties-appendix"])
def test_part_titles_other_than_the_four_keywords(tmp_path, new):
    """S1, S3: 部门基本情况 / 部门主要职责及机构设置, a tables part with no 表 in its title, a
    narrative titled …解读."""
    path = tmp_path / "doc.txt"
    text = (EXAMPLES / f"{S2}.txt").read_text(encoding="utf-8")
    for old, heading in zip(HEADINGS, new):
        text = text.replace(old, heading)
    path.write_text(text, encoding="utf-8")
    assert_read_whole(parse(path))


def test_an_unknown_part_ends_the_tables(tmp_path):
    """S3: a 第X部分 heading whose title names no known part still ends the last table: the
    narrative's sentences are not read as that table's note."""
    path = seed_with(tmp_path, S2, [("第三部分 2026 年部门预算情况说明", "第三部分 2026年部门预算安排")])
    disc = parse(path)
    assert "C-EMPTY-NOTE-CONTRADICTS" not in errors(disc)
    last = disc.tables[-1].provenance
    assert last.line_end < 404
    assert len(disc.narrative.sections) == 12


def test_contents_page_is_not_the_parts(tmp_path):
    """S2: the contents page in 第X部分, the body in 一、: the parts are the body's."""
    path = tmp_path / "doc.txt"
    text = (EXAMPLES / f"{S2}.txt").read_text(encoding="utf-8")
    path.write_text(body_headings(text, ["一、部门概况", "二、部门预算公开表", "三、部门预算情况说明", "四、名词解释"]),
                    encoding="utf-8")
    disc = parse(path)
    assert_read_whole(disc)
    assert disc.parts[0].line == 58


def test_contents_entry_is_no_overview(tmp_path):
    """S2, milder: only the body's overview heading unknown: the overview is not the contents
    page's entry (its 主要职能 entry and 机构设置 entry gave no duty)."""
    path = tmp_path / "doc.txt"
    text = (EXAMPLES / f"{S2}.txt").read_text(encoding="utf-8")
    path.write_text(body_headings(text, ["部门情况简介"] + HEADINGS[1:]), encoding="utf-8")
    disc = parse(path)
    assert all(p.line > 56 for p in disc.parts)
    assert "概况部分" in " ".join(disc.missing)


@pytest.mark.parametrize("entry", ["表{n} {t}", "{t}", "- 表{n} {t}", "表{n}\n\n{t}"],
                         ids=["labelled", "bare", "markdown", "label-above"])
def test_a_list_of_the_tables_is_no_set(tmp_path, entry):
    """S4: a list of the tables under the tables heading (no leader dots, no numbering) is no
    set of empty tables: the tables read are the real ones, one set, no error."""
    heading = "第二部分 2026 年部门预算公开表\n"
    listed = "\n".join(entry.format(n=n, t=t) for n, t in enumerate(TITLES, 1))
    disc = parse(seed_with(tmp_path, S2, [(heading, heading + "\n" + listed + "\n\n")]))
    alone = parse(EXAMPLES / f"{S2}.txt")
    assert [len(t.rows) for t in disc.tables] == [len(t.rows) for t in alone.tables]
    assert {t.group for t in disc.tables} == {0}
    assert not [i for i in disc.issues if i.code == "own-set-assumed"]
    assert not {r for r in errors(disc) if r.startswith(("C-TABLES", "X-"))}


def test_two_disclosures_in_one_file(tmp_path):
    """S5: two whole disclosures in one file: the first is read, and the parse says the second
    was not."""
    path = tmp_path / "doc.txt"
    first = (EXAMPLES / f"{S2}.txt").read_text(encoding="utf-8")
    path.write_text(first + "\n\n" + (EXAMPLES / f"{S0}.txt").read_text(encoding="utf-8"), encoding="utf-8")
    disc = parse(path)
    alone = parse(EXAMPLES / f"{S2}.txt")
    assert [t.unit_name for t in disc.tables] == [t.unit_name for t in alone.tables]
    assert [p.key for p in disc.parts] == KEYS
    assert len(disc.narrative.sections) == len(alone.narrative.sections)
    said = [i for i in disc.issues if i.code == "second-disclosure"]
    assert said and said[0].level == "warning" and "未读取" in said[0].message


def test_bundle_with_the_narrative_first(tmp_path):
    """S7: the narrative's file first, the tables' file (headed 第二部分) second: the narrative
    and the glossary are still parts."""
    text = (EXAMPLES / f"{S2}.txt").read_text(encoding="utf-8")
    i = text.index("第二部分 2026 年部门预算公开表\n\n表 1")
    j = text.index("第三部分 2026 年部门预算情况说明", i)
    (tmp_path / "a.txt").write_text(text[:i] + text[j:], encoding="utf-8")
    (tmp_path / "b.txt").write_text(text[i:j], encoding="utf-8")
    disc = parse(tmp_path / "a.txt", tmp_path / "b.txt")
    assert sorted(p.key for p in disc.parts) == sorted(KEYS)
    assert len(disc.narrative.sections) == 12
    assert len(disc.tables) == 11


def test_no_tables_part_missing_when_the_tables_are_read(tmp_path):
    """Minor: the tables read, under no heading: "缺少：预算公开表部分" is not said."""
    path = seed_with(tmp_path, S2, [("第二部分 2026 年部门预算公开表\n\n表 1", "表 1")])
    disc = parse(path)
    assert len(disc.tables) == 11
    assert not [m for m in disc.missing if "公开表" in m]



def test_a_page_going_on_under_another_name_of_the_title(tmp_path):
    """Minor: a continuation page printing another name of the table's title (部门收入预算总表
    over 部门收入总体情况表) goes on with the table: no second set, no error."""
    page = "机关事业单位基本养老保险缴费支出\t131.95\t131.95\t131.95\t\t\t\t\t\t\t\t\t\n\n"
    disc = parse(seed_with(tmp_path, S2, [(page + "功能分类科目编码", page + "部门收入预算总表\n\n功能分类科目编码")]))
    alone = parse(EXAMPLES / f"{S2}.txt")
    assert [(t.kind, len(t.rows)) for t in disc.tables] == [(t.kind, len(t.rows)) for t in alone.tables]
    assert {t.group for t in disc.tables} == {0}
    assert not errors(disc)
