"""The claims path's fast paths decide as the plain code they spare: each is compared with
the plain reading on generated words."""

from __future__ import annotations

import itertools
import re

import pytest

from budgetlens.extract import subjects
from budgetlens.extract.narrative import NUMBER
from budgetlens.extract.subjects import (
    CONCEPT_FIRSTS,
    CONCEPTS,
    first_chars,
    first_concept,
    top_alternatives,
)


def plain_concept(words: str) -> str | None:
    """The first CONCEPTS pattern found anywhere in the words, one search per pattern."""
    return next((concept for pattern, concept in CONCEPTS if re.search(pattern, words)), None)


def test_every_concept_pattern_has_plain_first_characters():
    # else the one scan tries every alternative at every character of the words
    assert [pattern for pattern, _ in CONCEPTS if first_chars(pattern) is None] == []
    assert CONCEPT_FIRSTS is not None


@pytest.mark.parametrize("pattern, chars", [
    ("^货物类?$", {"货"}), ("(?<!中)小微企业|小型", {"小"}), ("采购货物|^货物", {"采", "货"}),
    ("(?=收)收入|支出", {"收", "支"}), ("$", None), ("a?b", None),
])
def test_first_chars_reads_past_anchors_and_lookarounds(pattern, chars):
    assert first_chars(pattern) == chars


@pytest.mark.parametrize("pattern, parts", [
    ("a|b(c|d)|[|]e|\\|f", ["a", "b(c|d)", "[|]e", "\\|f"]), ("abc", ["abc"]), ("(?<!中)小|^大$", ["(?<!中)小", "^大$"]),
])
def test_top_alternatives_split_at_the_top_level_only(pattern, parts):
    assert top_alternatives(pattern) == parts


def test_concept_patterns_split_into_their_own_alternatives():
    for pattern, _ in CONCEPTS:
        parts = top_alternatives(pattern)
        assert "|".join(parts) == pattern
        assert all(re.compile(part).groups == re.compile(f"(?:{part})").groups for part in parts)
        assert sum(re.compile(part).groups for part in parts) == re.compile(pattern).groups


WORDS = ["货物", "采购货物", "中小企业", "小微企业", "小型和微型企业", "收支总预算", "预算总额", "收入总额",
         "政府采购", "服务类", "工程", "一般公共预算", "财政拨款", "非财政拨款", "基本支出", "三公经费",
         "其中", "本年", "的", "车辆", "绩效", "（类）", ""]


@pytest.mark.parametrize("words", ["".join(p) for p in itertools.product(WORDS, repeat=2)])
def test_first_concept_is_the_plain_search(words):
    assert first_concept(words) == plain_concept(words), words


# parts that start with a lookbehind, an anchor or a group, and words that hold their first
# character without matching them (near misses), alone and after words that shift them
NEAR_WORDS = ["在职人员经费", "人员经费", "人员", "年末结转项目支出", "结转下年项目支出", "结转项目支出", "项目",
              "非财政拨款结转结余", "财政拨款年末结转和结余", "货物类", "货物采购授予", "采购货物", "公车运行维护费",
              "车辆购置税", "公车购置费", "购置（新）公务用车", "本年部门预算", "部门预算支出总额", "中小企业", "小",
              "预算", "公"]


@pytest.mark.parametrize("words", ["".join(p) for p in itertools.product(NEAR_WORDS, ["", "其中", "基本支出"])])
def test_first_concept_scans_by_first_character_as_the_plain_search(words):
    assert first_concept(words) == plain_concept(words), words


def test_first_concept_without_plain_first_characters_scans_everything(monkeypatch):
    # (another Python's internals: one scan of every part, a search per place where one matches)
    monkeypatch.setattr(subjects, "CONCEPT_SCANS", None)
    for words in ["".join(p) for p in itertools.product(NEAR_WORDS + WORDS, repeat=2)]:
        assert first_concept.__wrapped__(words) == plain_concept(words), words


# NUMBER as written before its figure's digits were made possessive (no backtracking into them)
PLAIN_NUMBER = re.compile(NUMBER.pattern.replace(r"\d[\d,]*+(?:\.\d++|)", r"\d[\d,]*(?:\.\d+|)"))
FIGURE_PIECES = ["1", "23", ",", ".", "5", "（", "）", "-", "△", "+", "≥", " ", "、", "和", "万元", "万", "%",
                 "元", "个", "以上", "/", "年", "增加", ""]


def spans(pattern: re.Pattern, text: str) -> list:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


def test_number_possessive_digits_match_as_before():
    assert PLAIN_NUMBER.pattern != NUMBER.pattern
    for pieces in itertools.product(FIGURE_PIECES, repeat=4):
        text = "".join(pieces)
        assert spans(NUMBER, text) == spans(PLAIN_NUMBER, text), text
