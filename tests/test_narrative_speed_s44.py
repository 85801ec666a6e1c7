"""Session 44 speed cuts in the narrative's walk: each gives what the eager form gave."""
from test_robustness import seed_with

from budgetlens.pipeline import parse
from budgetlens.text import squeeze, strip_markup

BASIC = "基本支出 243.90 万元，比上年预算减少 136.57 万元，下降 35.90%，主要原因是本年在岗人员减少，相关经费支出减少。"
# the same sentence wrapped after a clause's comma: one paragraph of two lines
WRAPPED = "基本支出 243.90 万元，比上年预算减少 136.57 万元，\n下降 35.90%，主要原因是本年在岗人员减少，相关经费支出减少。"


def test_a_sections_line_index_made_when_asked(tmp_path):
    """Section.line_at indexes the section's paragraphs when first asked: an offset in a
    paragraph's second line, in the paragraph after it and in the section's first paragraph
    is on the line that prints it; before the text, on the heading's; asked again, the same."""
    path = seed_with(tmp_path, "000_9131eab83374bb33", [(BASIC, WRAPPED)])
    disc = parse(path)
    [section] = [s for s in disc.narrative.sections if s.number == "五"]
    printed = path.read_text(encoding="utf-8").splitlines()
    words = ["一般公共预算当年拨款规模变化情况", "基本支出243.90万元", "下降35.90%", "项目支出34.00万元",
             "减少电子政务外网专项运行维护费。"]
    for _ in range(2):
        lines = [section.line_at(section.text.index(w)) for w in words]
        assert [w in squeeze(strip_markup(printed[no - 1])) for w, no in zip(words, lines)] == [True] * 5
        assert lines[2] == lines[1] + 1 and lines[4] == lines[3]
        assert section.line_at(-1) == section.provenance.line
        assert "五、" in printed[section.provenance.line - 1]


def test_paragraphs_given_after_a_line_was_asked_start_where_the_text_did():
    # close_section twice on a section, a line asked between: the second paragraphs are
    # indexed from where they stand in the text, not from its start
    from budgetlens.model import Provenance, Section

    section = Section(title="五、支出", text="", provenance=Provenance(file="a.txt", line=10))
    for texts, starts in ((["甲乙", "丙"], [[(0, 11)], [(0, 12)]]), (["丁戊己"], [[(0, 14), (1, 15)]])):
        section.text += "\n".join(texts) + "\n"
        section.para_lengths.extend(map(len, texts))
        section.para_starts.extend(starts)
        assert section.line_at(0) == 11
    assert [section.line_at(section.text.index(c)) for c in "甲丙丁戊己"] == [11, 12, 14, 15, 15]
