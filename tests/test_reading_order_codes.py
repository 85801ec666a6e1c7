"""Text in reading order (pdftotext without -layout) of a table whose function code is printed in
three cells (类 | 款 | 项): each cell is written on a line of its own ("201", "03", "01", then
the name and the amounts), so a row's code comes over several lines. The parts join into the
whole code where its levels are certain: a class first (3 digits) and its 款 and 项 (2 each),
or, where the table leaves a row's class (and 款) to the rows above, the parts the row prints
under the nearest coded row above, their level by how many there are."""

from __future__ import annotations

from budgetlens.pipeline import parse
from budgetlens.render_cells import cell_rows

TOP = ["某某市某某局2025年部门预算", "", "第二部分 2025年部门预算公开表", "", "一般公共预算支出情况表",
       "", "编制部门：某某市某某局", "", "单位：万元", ""]
# the header's cells, then the first row's class among them (pdftotext writes it there)
HEADER = ["科目", "科目编码", "类", "款", "科目名称", "项", "201", "一般公共预算支出", "合计", "基本支出", "项目支出"]


def cells(*parts: str) -> list[str]:
    """One cell a line, with the blank line pdftotext writes between them."""
    return [x for p in parts for x in (p, "")]


def codes_and_names(tmp_path, lines: list[str]):
    path = tmp_path / "doc.txt"
    path.write_text("\n".join(TOP + cells(*lines)) + "\n", encoding="utf-8")
    doc = parse(str(path))
    got = {(c["code"], c["name"]) for c in cell_rows(doc) if c["kind"] == "gpb_expenditure" and c["code"]}
    return got, doc


WHOLE = HEADER + [
    "合计", "3,000.00", "1,000.00", "2,000.00",
    "一般公共服务支出", "3,000.00", "1,000.00", "2,000.00",
    "201", "03", "政府办公厅（室）及相关机构事务", "3,000.00", "1,000.00", "2,000.00",
    "201", "03", "01", "行政运行", "1,000.00", "1,000.00", "0.00",
    "201", "03", "99", "其他政府办公厅（室）及相关机构事务支出", "2,000.00", "0.00", "2,000.00",
]


def test_a_code_printed_in_three_cells_one_a_line_is_read_whole(tmp_path):
    got, _ = codes_and_names(tmp_path, WHOLE)
    assert got == {("20103", "政府办公厅（室）及相关机构事务"), ("2010301", "行政运行"),
                   ("2010399", "其他政府办公厅（室）及相关机构事务支出")}


OWN_PARTS = HEADER[:6] + ["一般公共预算支出", "合计", "基本支出", "项目支出"] + [
    "合计", "4,000.00", "1,500.00", "2,500.00",
    "201", "一般公共服务支出", "4,000.00", "1,500.00", "2,500.00",
    "03", "政府办公厅（室）及相关机构事务", "3,000.00", "1,000.00", "2,000.00",       # a 款 under a class
    "03", "01", "行政运行", "1,000.00", "1,000.00", "0.00",                          # 款 and 项
    "50", "事业运行", "2,000.00", "0.00", "2,000.00",                                # a 项 of 20103: 2010350
    "06", "财政事务", "1,000.00", "500.00", "500.00",                                 # a 款 of 201: 20106
    "02", "一般行政管理事务", "1,000.00", "500.00", "500.00",                         # a 项 of 20106
    "08", "某某专项事务", "10.00", "0.00", "10.00",                                    # neither: not read
]


def test_parts_printed_without_their_class_take_it_from_the_rows_above(tmp_path):
    got, doc = codes_and_names(tmp_path, OWN_PARTS)
    assert got == {("201", "一般公共服务支出"), ("20103", "政府办公厅（室）及相关机构事务"), ("2010301", "行政运行"),
                   ("2010350", "事业运行"), ("20106", "财政事务"), ("2010602", "一般行政管理事务")}
    said = [i.message for i in doc.issues if i.code == "code-part-alone"]
    assert len(said) == 1 and "“08”" in said[0], said


LOST = HEADER + [
    "合计", "1,000.00", "500.00", "500.00",
    "一般公共服务支出", "1,000.00", "500.00", "500.00",
    "201", "06", "财政事务", "1,000.00", "500.00", "500.00",
    "201", "06", "一般行政管理事务", "1,000.00", "500.00", "500.00",      # its 项 (02) written elsewhere
]


def test_a_code_whose_name_is_another_codes_lost_a_part_and_is_not_read(tmp_path):
    # reading order can lose a cell: 201 06 with 一般行政管理事务 (a 项's name) is no 20106
    got, doc = codes_and_names(tmp_path, LOST)
    assert got == {("20106", "财政事务")}
    assert any(i.code == "code-part-lost" and "一般行政管理事务" in i.message for i in doc.issues)


SCRAMBLED = HEADER + [
    "合计", "1,000.00", "500.00", "500.00",
    "一般公共服务支出", "1,000.00", "500.00", "500.00",
    "201", "06", "1,000.00", "500.00", "500.00",                  # its name written elsewhere
    "201", "06", "02", "一般行政管理事务", "1,000.00", "500.00", "500.00",
    "208", "社会保障和就业支出",
    "17",                                                          # the page's number
    "10.00", "10.00", "0.00",
]


def test_parts_without_a_name_or_after_a_name_are_no_code(tmp_path):
    # a code's parts straight before amounts (the name went elsewhere: the cells' order is not
    # the rows') are not read as a row's code; a two-digit line after a name waiting for its
    # amounts is no code part
    got, doc = codes_and_names(tmp_path, SCRAMBLED)
    assert ("2010602", "一般行政管理事务") in got
    assert not any(code in ("20106", "20817", "2080017") for code, _ in got)
    assert any(i.code == "code-part-lost" and "20106" in i.message for i in doc.issues)
    assert not [i for i in doc.issues if i.code == "code-part-alone"]
