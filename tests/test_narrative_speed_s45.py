"""Session 45 speed cuts in the narrative (the sentence path, the walk): each gives what the slower form gave."""
import re

import pytest

from budgetlens.extract.narrative import Context, Para, iter_paragraphs, sentences
from budgetlens.model import Disclosure
from budgetlens.readers import SourceDocument
from budgetlens.readers.base import Line

END = re.compile(r"[。；;]")


def split_at_marks(text):
    """The search for the three marks that sentences() replaced."""
    start, found = 0, []
    for m in END.finditer(text):
        if m.end() - start > 1:
            found.append((text[start:m.end()], start))
        start = m.end()
    if start < len(text):
        found.append((text[start:], start))
    return found


@pytest.mark.parametrize("text", [
    "", "。", "；；", "基本支出 243.90 万元", "基本支出 243.90 万元。", "A 1 万元；B 2 万元;C 3 万元。",
    "。A 1 万元。。B；", "A；；B", "A;", "；A", "A。B", "A 1 万元，比上年增加 2 万元。主要原因是人员增加",
])
def test_sentences_split_at_each_mark_as_the_search_did(text):
    """Every end mark (。；;) ends a sentence and stays with it; a mark alone (at the start, after
    another) is no sentence; words after the last mark are the last one, with its offset."""
    assert list(sentences(text)) == split_at_marks(text)



def plain(texts: list[str]) -> SourceDocument:
    return SourceDocument(path="a.txt", format="plain", encoding="utf-8", sha256="0",
                          lines=[Line(no=i, text=t) for i, t in enumerate(texts, 1)])


def test_raw_text_of_a_paragraph_is_its_lines_as_printed():
    """raw_text reads a one-line paragraph's own line, kept from the walk over the lines, as the
    line looked up by its number gives it (spaces kept); a paragraph made elsewhere, without its
    line, and one of two lines (an amount cut onto its own) read the document's lines."""
    texts = ["项目支出绩效目标表", "", "  数量指标   培训人次   >=100 人次   20  ", "", "  ", "资金总额 417.37",
             "万元", "合计  100"]
    doc = plain(texts)
    ctx = Context(doc=doc, disc=Disclosure())
    paras = list(iter_paragraphs(doc, 0, len(texts)))
    assert [p.starts[0][1] for p in paras] == [1, 3, 6, 8]
    assert [ctx.raw_text(p) for p in paras] == [texts[0], texts[2], "资金总额 417.37 万元", texts[7]]
    # (made without its line: looked up by its number)
    assert ctx.raw_text(Para(text="数量指标培训人次>=100人次20", starts=[(0, 3)])) == texts[2]
    # a blank line (none printed there): the paragraph's own text
    assert ctx.raw_text(Para(text="合计100", starts=[(0, 5)])) == "合计100"
