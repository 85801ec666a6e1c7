"""Titles of tables the document's template does not know.

Such a table still ends the one printed before it: read as part of that table, its rows would
be taken for that table's rows (another table's columns, codes and totals), and the table
before would no longer add up. It is kept as printed (extract.unknown), not read by the
template, and told (pipeline.unknown_table_notes)."""

from __future__ import annotations

import re

# a title ends in 表, or in 表 and a short bracketed note: "（按功能分类）", "（续）" (match-key form:
# ASCII parentheses)
TITLE_END = re.compile(r"表(?:\([^()]{0,16}\))?$")
# what a budget or final-accounts table is about: a title naming none is some other table
SUBJECT = re.compile(r"预算|决算|收入|支出|收支|经费|拨款|采购|资产|结转|结余|项目|绩效|资金")
# a sentence, not a title: its marks, or words pointing at a table ("…情况表为空表", "详见…表")
SENTENCE = re.compile(r"[，。；！？,;!?]")
POINTING = ("为空表", "空表", "详见", "见附表", "如下表", "下表", "本表", "以下")
PART_HEADING = re.compile(r"^第[一二三四五六七八九十\d]+部分")
SHORTEST, LONGEST = 5, 40        # a title's key, past its label and year
# the heading of a set of tables, not a table: "XX局2025年部门预算表" (a page's running head
# too), "单位决算报表", "部门预算批复表"
SET_HEADING = re.compile(r"(?:部门|单位)(?:综合)?(?:预算|决算)(?:公开|批复|报)?表$")


def looks_like_title(line: str, key: str, rest: str, labelled: bool = False) -> bool:
    """A line reads as a table's title: `line` its text past the label (clean), `key` that text's
    match key, `rest` the key past a year ("XX局2025年" dropped). A labelled title (表10,
    公开10表), or one over its 编制单位 line, needs no SUBJECT word: the label (the line) says
    it is a table ("机构运行信息表")."""
    if not SHORTEST <= len(rest) <= LONGEST or SENTENCE.search(line) is not None:
        return False
    if PART_HEADING.match(key) or key.endswith("公开表") or SET_HEADING.search(key) or "续" in key \
            or any(word in key for word in POINTING):
        return False   # a part's heading, a set of tables' (…部门预算公开表), a table going on, a sentence
    return TITLE_END.search(key) is not None and (labelled or SUBJECT.search(rest) is not None)


def near(a: str, b: str, most: int = 2) -> bool:
    """a and b differ by at most `most` characters replaced, dropped or added (a title printed
    again over a page, OCR misreading it: "一般公共预算基木支山情况表")."""
    if abs(len(a) - len(b)) > most:
        return False
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
        if min(row) > most:
            return False
    return row[-1] <= most
