"""The part holding the standard tables under an annex heading (第四部分 附件) is the tables part,
under its own heading; an annex the tables do not start in (绩效目标表 after them, a list of
attachments) stays a part of its own. Before, 第四部分 附件 was a part of no known name (other),
a line long, and the tables a part of their own after it."""

from __future__ import annotations

from conftest import EXAMPLES

from budgetlens.pipeline import parse

LINES = (EXAMPLES / "002_4e0ed6e09b019fe1.txt").read_text(encoding="utf-8").split("\n")
COVER, OVERVIEW, TABLES = LINES[:5], LINES[57:95], LINES[96:403]      # (the seed's headings left out)
NARRATIVE, GLOSSARY = LINES[404:703], LINES[704:]
ANNEX = ["第五部分 附件", "附件1：2026年部门整体绩效目标表",
         "本部门2026年整体绩效目标为：保障机关正常运转，完成年度各项工作任务。",
         "附件2：2026年项目支出绩效目标表", "项目绩效目标详见本部门门户网站公开的项目支出绩效目标表。"]


def parts(tmp_path, lines: list[str]) -> list[tuple[str, str]]:
    path = tmp_path / "doc.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    disc = parse(path)
    assert len(disc.tables) == 11 and "预算公开表部分" not in disc.missing
    return [(p.key, p.title) for p in disc.parts]


def test_the_tables_under_an_annex_heading_after_the_glossary(tmp_path):
    got = parts(tmp_path, COVER + OVERVIEW + ["第二部分 2026 年部门预算情况说明", *NARRATIVE, "第三部分 名词解释", *GLOSSARY,
                                             "第四部分 附件", *TABLES])
    assert got[-1] == ("tables", "第四部分附件") and [k for k, _ in got] == ["overview", "narrative", "glossary", "tables"]


def test_the_tables_under_an_annex_heading_in_the_second_part(tmp_path):
    got = parts(tmp_path, COVER + OVERVIEW + ["第二部分 附录", *TABLES, "第三部分 2026 年部门预算情况说明", *NARRATIVE,
                                             "第四部分 名词解释", *GLOSSARY])
    assert [k for k, _ in got] == ["overview", "tables", "narrative", "glossary"] and got[1][1] == "第二部分附录"


def test_near_miss_an_annex_after_the_tables_stays_its_own(tmp_path):
    """The tables under their own heading, 绩效目标表 in an annex after the glossary."""
    got = parts(tmp_path, COVER + OVERVIEW + ["第二部分 2026 年部门预算公开表", *TABLES, "第三部分 2026 年部门预算情况说明",
                                             *NARRATIVE, "第四部分 名词解释", *GLOSSARY, *ANNEX])
    assert ("tables", "第二部分2026年部门预算公开表") in got and ("other", "第五部分附件") in got


def test_near_miss_an_annex_after_tables_printed_without_a_heading(tmp_path):
    """The tables printed without a heading of their own (after the 概况), an annex of
    绩效目标表 at the end: the annex is not taken for the tables' part."""
    got = parts(tmp_path, COVER + OVERVIEW + TABLES + ["第二部分 2026 年部门预算情况说明", *NARRATIVE, "第三部分 名词解释",
                                                      *GLOSSARY, *ANNEX])
    assert ("other", "第五部分附件") in got and [k for k, _ in got].count("tables") == 1
