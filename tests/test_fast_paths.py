"""Quick paths give the general path's result on any input, including inputs where they must
not apply: each test runs both and compares (generated inputs, hypothesis)."""

from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from budgetlens import identities as ids
from budgetlens.extract import rows as rows_mod
from budgetlens.extract.rows import BlockRows, read_meta
from budgetlens.extract.subjects import FunctionIndex, function_code
from budgetlens.pipeline import parse
from budgetlens.readers.base import Line
from budgetlens.templates import ItemSpec, first_item

EXAMPLES = Path(__file__).resolve().parents[1] / "budgetlens" / "examples"
SETTINGS = settings(max_examples=300, deadline=None)

_INDEX: list[FunctionIndex] = []


def seed_index() -> FunctionIndex:
    """The function index of a real seed (its class names as printed)."""
    if not _INDEX:
        _INDEX.append(FunctionIndex(parse(sorted(EXAMPLES.glob("*.txt"))[0])))
    return _INDEX[0]


def general_function_code(words: str, index: FunctionIndex) -> str | None:
    ends, index.class_ends = index.class_ends, None       # None: the pre-filter cannot tell
    try:
        return function_code(words, index)
    finally:
        index.class_ends = ends


DECOR = ["", " ", "“", "”", "\"", "'", "‘", "’", "「", "」", "（", "）", "(", ")", "的", "科目", "支出", "经费",
         "（类）", "（款）", "（项）", "\u3000", "事务", "X"]


@SETTINGS
@given(st.data())
def test_function_code_prefilter_changes_nothing(data):
    index = seed_index()
    assert index.class_ends           # the seed prints classes: the pre-filter is in use
    names = sorted({name for (length, name) in index.by_name})
    core = data.draw(st.sampled_from(names + ["", "一般公共服务", "合计"]))
    words = data.draw(st.lists(st.sampled_from(DECOR), max_size=3).map("".join)) + core + \
        data.draw(st.lists(st.sampled_from(DECOR), max_size=4).map("".join))
    assert function_code(words, index) == general_function_code(words, index)


def test_function_code_prefilter_keeps_decorated_class_names():
    index = seed_index()
    name = next(n for (length, n) in index.by_name if length == 3 and n.endswith("支出"))
    for words in (f"“{name}”科目", f"{name[:-2]} 的", f"{name}（ ）", f"「{name[:-2]}」科目的"):
        code = general_function_code(words, index)
        assert code is not None and function_code(words, index) == code


UNIT_BITS = ["编制单位：", "编制部门", "：", ":", "某某局", "单位", "单位：万元", "单位:元", "人民币", "万元",
             "\n", " ", "（盖章）", "金额", "此表为空", "无", "空"]


@SETTINGS
@given(st.lists(st.lists(st.sampled_from(UNIT_BITS), max_size=4).map("".join), min_size=1, max_size=30))
def test_read_meta_first_lines_agree_with_whole_text(texts):
    lines = [Line(no=i + 1, text=t.replace("\n", " ")) for i, t in enumerate(texts)]
    quick, whole = BlockRows(), BlockRows()
    read_meta(lines, quick)
    saved, rows_mod.META_LINES = rows_mod.META_LINES, 10 ** 6     # the whole text at once
    try:
        read_meta(lines, whole)
    finally:
        rows_mod.META_LINES = saved
    assert (quick.unit, quick.unit_name, quick.empty_note) == (whole.unit, whole.unit_name, whole.empty_note)


def test_read_meta_unit_cut_at_the_first_lines_end():
    """"单位：" ends the twelfth line and 万元 opens the thirteenth: the whole text decides."""
    texts = ["表头"] * 11 + ["编制单位：", "某某局  单位：", "万元"]
    out = BlockRows()
    read_meta([Line(no=i + 1, text=t) for i, t in enumerate(texts)], out)
    assert (out.unit_name, out.unit) == ("某某局", "万元")


ITEMS = [ItemSpec(match=m, coords={"item": m}) for m in (r"因公出国", r"^公务接待", r"车辆.*运行", r"购置$")]
LABELS = ["因公出国（境）费", "公务接待费", "公务用车运行维护费", "车辆购置", "车辆运行", "合计", "", "接待公务"]


@SETTINGS
@given(st.lists(st.sampled_from(ITEMS), min_size=0, max_size=4), st.sampled_from(LABELS))
def test_first_item_prefilter_changes_nothing(items, label):
    general = next((i for i in items if i.matches(label)), None)
    assert first_item(items, label) is general


# ---- the identities search: per-table shortcuts ---------------------------------------------

SIDES = ["total", "basic", "project"]


def test_placements_shared_by_values_and_places():
    """Rows printing the same values share their placements (tested once per search), but only
    where they print them to the same places: 10.00 beside 9.96 adds up to no column's sum
    (every placement left), 10.0 beside 9.96 does, within the rounding of its one decimal."""
    sums = [("total", ["basic", "project"])]
    tight = [(Decimal("10.00"), 2), (Decimal("9.96"), 2)]
    loose = [(Decimal("10.0"), 1), (Decimal("9.96"), 2)]
    open_ = [["total", "basic"], ["basic", "project"]]
    fits = [["total"], ["basic", "project"]]
    assert ids.resolve_printed([tight, loose, tight], SIDES, [], sums) == ([open_, fits, open_], True)
    assert ids.resolve_printed([loose, tight, loose], SIDES, [], sums) == ([fits, open_, fits], True)


def test_subtracted_column_counts_negatively():
    """A column subtracted in a sum (Minus) enters it with its sign: 10 + 5 − 15 = 0 lets the
    end column stay empty, which 10 + 5 + 15 would not."""
    sums = [("end", ["begin", "income", ids.Minus("spent")])]
    row = [(Decimal("10.00"), 2), (Decimal("5.00"), 2), (Decimal("15.00"), 2)]
    assert ids.resolve_printed([row], ["begin", "income", "spent", "end"], [], sums) == \
        ([[["begin"], ["income"], ["spent", "end"]]], True)


# ---- segment: the lines holding 第, 目 and 表, read in one pass ------------------------------

HEADING_TEXTS = ["目录", "第一部分 部门概况", "项目支出 1 234.56 万元，详见第三部分表7", "第一季度完成 5:34 万元",
                 "部门收支总体情况表", "单位：万元\t目 录", "项目\t合计", "目 次", "第二部分 部门预算公开表"]


def heading_docs():
    """The seeds, and an OCR text the mending of figures edits (near misses: 目 of 项目, 表 in a
    sentence, 第 of 第一季度, 目录 in a table's cell)."""
    from budgetlens.readers import read_document
    from budgetlens.readers.base import SourceDocument
    made = SourceDocument(path="x.txt", format="ocr", encoding="utf-8", sha256="",
                          lines=[Line(n + 1, t, ocr=True) for n, t in enumerate(HEADING_TEXTS)])
    return [read_document(p) for p in sorted(EXAMPLES.glob("*.txt"))] + [made]


def test_headings_read_before_the_mending_segment_as_after():
    """The headings are read before the OCR mending of figures (extract/points.py) edits lines:
    the 目录 lines are those a scan finds, and the document segments as with headings read after."""
    from budgetlens.extract.points import mend_points
    from budgetlens.segment import CONTENTS_HEADING, Headings, segment
    from budgetlens.text import compact as clean

    for doc in heading_docs():
        heads = Headings(doc)
        contents = heads.contents
        assert contents == [i for i, line in enumerate(doc.lines) if line.cells is None and "目" in line.text
                            and clean(line.text) in CONTENTS_HEADING]
        mend_points(doc)
        seg, again = segment(doc, heads), segment(doc)
        assert seg.template is again.template
        assert [(p.key, p.start) for p in seg.parts] == [(p.key, p.start) for p in again.parts]
        assert [(b.spec.kind, b.title_index) for b in seg.tables] == [(b.spec.kind, b.title_index) for b in again.tables]
    assert doc.lines[2].text == "项目支出 1,234.56 万元，详见第三部分表7"       # (the mending edited it)


def test_headings_hold_the_lines_each_scan_finds():
    """Headings.holding: the lines a scan finds for each of 第, 目 and 表, after the mending too."""
    from budgetlens.extract.points import mend_points
    from budgetlens.segment import Headings

    for doc in heading_docs():
        heads = Headings(doc)
        assert heads.strong is not None
        mend_points(doc)
        assert heads.holding == {c: [i for i, line in enumerate(doc.lines) if c in line.text] for c in "第目表"}
