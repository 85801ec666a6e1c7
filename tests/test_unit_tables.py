"""A department's disclosure that prints its units' tables after (or between) its own.

The documents are made from a bundled seed (002, a Xinjiang 部门预算 with 11 tables): its
tables are the department's 汇总, printed at `summary_scale` times the seed's amounts, and each
unit prints the seed's tables as they are, so that the 汇总 is the sum of the units wherever
`summary_scale` is their number. Units print them unit by unit (表1-2 … 表11-2, then 表1-3 …)
or table by table (表1-1, 表1-2, 表1-3, then 表2-1 …), labelled or not, with their 编制单位
or not.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import EXAMPLES

SEED = EXAMPLES / "002_4e0ed6e09b019fe1.txt"
OWNER = "克孜勒苏柯尔克孜自治州人民政府办公室"
UNITS = ("克孜勒苏柯尔克孜自治州人民政府办公室（本级）", "克孜勒苏柯尔克孜自治州机关事务服务中心")
LABEL_LINE = re.compile(r"^表 (\d+)$")
AMOUNT = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})*\.\d{2}(?![\d.])")


def seed_parts() -> tuple[list[str], dict[int, list[str]], list[str]]:
    """The seed's lines before its tables, each table's lines (from its label 表 N), the rest."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    start = max(i for i, line in enumerate(lines) if line.startswith("第二部分")) + 1
    end = max(i for i, line in enumerate(lines) if line.startswith("第三部分"))
    return lines[:start], table_blocks(lines[start:end]), lines[end:]


def table_blocks(lines: list[str], label: re.Pattern = LABEL_LINE) -> dict[int, list[str]]:
    """Each table's lines by its number, from its label line (表 N) to the next table's."""
    tables: dict[int, list[str]] = {}
    number = None
    for line in lines:
        m = label.match(line)
        if m:
            number = int(m.group(1))
        if number is not None:
            tables.setdefault(number, []).append(line)
    return tables


def scaled(line: str, factor: int) -> str:
    """A table line with every amount times factor (sums stay exact)."""
    if factor == 1 or "\t" not in line:
        return line
    return AMOUNT.sub(lambda m: f"{Decimal(m.group(0).replace(',', '')) * factor:,.2f}", line)


def table_copy(block: list[str], number: int, label: str | None, owner: str | None, factor: int = 1) -> list[str]:
    out = []
    for line in block:
        if LABEL_LINE.match(line):
            if label is not None:
                out.append(label.format(n=number))
            continue
        if line.startswith("编制部门："):
            if owner is not None:
                out.append(owner)
            continue
        out.append(scaled(line, factor))
    return out


def department(order: str = "unit", labels: bool = True, owners: bool = True, summary_scale: int = 2,
               units: tuple[str, ...] = UNITS, edit=None, listed: tuple[str, ...] | None = None,
               list_table: bool = False, summary_last: bool = False, summary_owner: str | None = None) -> str:
    """The document's text. edit(unit index, table number, lines) may change a unit's table;
    listed: the units the overview names (default: those printed), in a sentence or, list_table,
    in a table of the units within the budget. summary_last: the units' tables printed first,
    the 汇总's after them (labels numbered in the order printed); summary_owner: the line the
    汇总's tables print for their 编制部门 (with owners)."""
    head, tables, tail = seed_parts()
    sets = list(range(1, len(units) + 1)) + [0] if summary_last else list(range(len(units) + 1))

    def copy(k: int, n: int) -> list[str]:        # k = 0: the 汇总, k ≥ 1: unit k
        label = (f"表 {{n}}-{sets.index(k) + 1}" if labels else None)
        if k == 0:
            owner = (summary_owner or f"编制部门：{OWNER}") if owners else None
            return table_copy(tables[n], n, label, owner, summary_scale)
        owner = f"编制单位：{units[k - 1]}" if owners else None
        block = table_copy(tables[n], n, label, owner)
        return edit(k, n, block) if edit else block

    if order == "unit":
        body = [line for k in sets for n in tables for line in copy(k, n)]
    else:
        body = [line for n in tables for k in sets for line in copy(k, n)]
    listed = units if listed is None else listed
    sentence = f"下属预算单位{len(listed)}个，分别是：{'、'.join(listed)}" if listed else "下属预算单位若干个"
    if list_table:
        sentence = "\n".join(["的预算单位如下表", "", "序号\t单位名称\t单位性质",
                              *(f"{i}\t{unit}\t事业单位" for i, unit in enumerate(listed, 1)), "", ""])
    head = [line.replace(f"{OWNER}无下属预算单位", f"{OWNER}{sentence}") for line in head]
    return "\n".join(head + body + tail)


def parse_text(tmp_path: Path, text: str, name: str = "dept.txt"):
    from budgetlens.pipeline import parse
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return parse(path)


def seed_rows() -> dict[str, int]:
    from conftest import parsed
    return {t.kind: len(t.rows) for t in parsed(SEED.stem).tables}


# ---- tables printed table by table under one title -------------------------------------------

@pytest.mark.parametrize("labels,owners", [(True, True), (True, False), (False, True)],
                         ids=["label+unit", "label", "unit"])
def test_units_tables_printed_table_by_table_stay_apart(tmp_path, labels, owners):
    """表4-1 (汇总), 表4-2, 表4-3 under the same title, one after another: three tables, each
    with its own rows, told apart by their labels or by their 编制单位 (before: read as one
    table, its continuation over pages, with three 合计 rows and false sum errors)."""
    from budgetlens.checks import check
    disc = parse_text(tmp_path, department(order="table", labels=labels, owners=owners, summary_scale=1))
    rows = seed_rows()
    kinds = [t.kind for t in disc.tables]
    assert all(kinds.count(kind) == 3 for kind in rows), kinds
    for table in disc.tables:
        assert len(table.rows) == rows[table.kind], (table.label, table.kind, table.unit_name)
    arithmetic = [f.message for f in check(disc).findings if f.category == "arithmetic" and f.severity != "info"]
    assert not arithmetic, arithmetic


def test_a_table_going_on_over_a_page_with_its_label_and_unit_again_is_one_table(tmp_path):
    """A page break inside 表3 printing the label, the title and the 编制部门 again: the table goes
    on (the same label and unit are no new table)."""
    from budgetlens.pipeline import parse
    text = SEED.read_text(encoding="utf-8")
    at = text.index("208\t\t\t社会保障和就业支出", text.index("\n部门支出总体情况表\n"))
    again = (f"表 3\n\n部门支出总体情况表\n\n编制部门：{OWNER}\n\n单位：万元\n\n"
             "功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出\t项目支出\n类\t款\t项\t\t\t\t\n")
    disc = parse_text(tmp_path, text[:at] + again + text[at:])
    before = parse(SEED)
    assert [t.kind for t in disc.tables] == [t.kind for t in before.tables]
    assert len(disc.table("expenditure").rows) == len(before.table("expenditure").rows)


# ---- sub-labels: the number each table is known by --------------------------------------------

GROUPS = {1: "1-1", 2: "1-2", 3: "1-3", 4: "1-4", 5: "2-1", 6: "2-2", 7: "2-3", 8: "3-1", 9: "3-2",
          10: "3-3", 11: "3-4"}


def relabelled(label) -> str:
    """The seed with each 表 N labelled label(N)."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    return "\n".join(label(int(m.group(1))) if (m := LABEL_LINE.match(line)) else line for line in lines)


@pytest.mark.parametrize("label,number", [
    (lambda n: f"表 1-{n}", lambda n: n),                    # 表1-1 … 表1-11: the second number tells
    (lambda n: f"表{GROUPS[n]}", lambda n: None),            # groups each numbered from 1: the label tells
    (lambda n: f"表{n}-1", lambda n: n),                     # one copy of each table: the first tells
], ids=["one-group", "groups", "copies"])
def test_sub_labels_are_kept_and_shown(tmp_path, label, number):
    """表1-1 … 表1-11 (before: every table number 1): each table keeps its label; its number is
    the one that tells it among the document's tables, none where neither does; the cells
    output and the findings show the label's numbers (表1-3, not 表1)."""
    from budgetlens.checks import check
    from budgetlens.render_cells import cell_rows
    text = relabelled(label).replace("总计\t1,759.05\t1,599.05\t160.00", "总计\t1,769.05\t1,599.05\t160.00")
    disc = parse_text(tmp_path, text)
    assert [t.label for t in disc.tables] == [label(n).replace(" ", "") for n in range(1, 12)]
    assert [t.number for t in disc.tables] == [number(n) for n in range(1, 12)]
    shown = {row["kind"]: row["table"] for row in cell_rows(disc)}
    assert shown["expenditure"] == label(3).replace(" ", "").removeprefix("表")
    sums = [f for f in check(disc).findings if f.rule == "ARITH-COLUMN-SUM" and f.location.table_kind == "expenditure"]
    assert sums and all(f.message.startswith(f"表{shown['expenditure']} 总计") for f in sums), [f.message for f in sums]


def test_units_copies_keep_the_tables_number(tmp_path):
    """表1-1 (汇总), 表1-2, 表1-3 (its units'): copies of 表1, each number 1, each shown by its
    own label."""
    from budgetlens.render_cells import cell_rows
    disc = parse_text(tmp_path, department(order="unit", summary_scale=1))
    summaries = [t for t in disc.tables if t.kind == "summary"]
    assert [(t.number, t.printed_number) for t in summaries] == [(1, "1-1"), (1, "1-2"), (1, "1-3")]
    assert {row["table"] for row in cell_rows(disc) if row["kind"] == "three_public"} == {"10-1", "10-2", "10-3"}


# ---- each unit's tables checked against each other ---------------------------------------------

def vehicles_cut(unit: int):
    """An edit: unit `unit`'s 三公 table prints 公务用车运行费 60.00 (its 表6 30231: 66.00)."""
    def edit(k: int, n: int, block: list[str]) -> list[str]:
        if k != unit or n != 10:
            return block
        cut = {"合计\t83.00\t83.00": "合计\t65.00\t65.00", "（小计）\t78.00\t78.00": "（小计）\t60.00\t60.00",
               "公务用车运行费\t78.00\t78.00": "公务用车运行费\t60.00\t60.00"}
        out = []
        for line in block:
            for old, new in cut.items():
                line = line.replace(old, new)
            out.append(line)
        return out
    return edit


@pytest.mark.parametrize("order", ["unit", "table"])
def test_a_units_tables_are_checked_against_each_other(tmp_path, order):
    """A unit's 三公 table against its own 表6 (公务用车运行费 60.00 under 30231 66.00): caught and
    named by the unit's label and name (before: only the first table of each kind, the 汇总's,
    was checked across tables); the same units unedited raise no such error."""
    from budgetlens.checks import check
    clean = check(parse_text(tmp_path, department(order=order), "clean.txt"))
    assert not [f for f in clean.findings if f.category == "cross_table" and f.severity == "error"]
    report = check(parse_text(tmp_path, department(order=order, edit=vehicles_cut(2))))
    found = [f for f in report.findings if f.rule == "T10-T6-LINES" and f.severity == "error"]
    assert len(found) == 1, [f.message for f in report.findings if f.rule == "T10-T6-LINES"]
    assert (found[0].location.label, found[0].location.unit) == ("10-3", UNITS[1])
    assert found[0].message.startswith(f"表10-3（{UNITS[1]}）：“三公”经费表公务用车运行维护费 60.00")


def test_the_same_error_in_two_units_is_two_findings(tmp_path):
    """Each unit's finding is its own: its own place, its own fingerprint."""
    from budgetlens.checks import check

    def both(k, n, block):
        return vehicles_cut(k)(k, n, block)

    report = check(parse_text(tmp_path, department(edit=both)))
    found = [f for f in report.findings if f.rule == "T10-T6-LINES" and f.severity == "error"]
    assert sorted(f.location.unit for f in found) == sorted(UNITS)
    assert len({f.fingerprint for f in found}) == 2


@pytest.mark.parametrize("order,labels,owners,groups", [
    ("unit", True, True, [0] * 11 + [1] * 11 + [2] * 11),       # by their 编制单位
    ("table", True, False, [0, 1, 2] * 11),                     # by their labels' copy numbers
    ("table", False, True, [0, 1, 2] * 11),                     # by their 编制单位
    ("unit", False, False, [0] * 11 + [1] * 11 + [2] * 11),     # in the order of the first set
])
def test_each_table_is_given_its_units_set(tmp_path, order, labels, owners, groups):
    disc = parse_text(tmp_path, department(order=order, labels=labels, owners=owners))
    assert [t.group for t in disc.tables] == groups


def test_tables_nobody_can_tell_apart_are_not_checked_across_units(tmp_path):
    """Units' tables without a label or a 编制单位, the second unit's without its 表1: which set
    each is in cannot be told (its tables do not open as the first set's do), so only the first
    table of each kind is checked against the others, as before, and the second unit's tables
    are compared with none."""
    from budgetlens.checks import check

    def edit(k, n, block):
        return [] if (k, n) == (2, 1) else vehicles_cut(2)(k, n, block)

    disc = parse_text(tmp_path, department(labels=False, owners=False, summary_scale=1, edit=edit))
    assert [t.group for t in disc.tables] == [0] * 11 + [None] * 21
    report = check(disc)
    assert not [f for f in report.findings if f.category == "cross_table" and f.severity == "error"]


# ---- the 汇总 against the sum of its units -------------------------------------------------------

def units_sum_outcome(report):
    found = [f for f in report.findings if f.rule == "X-UNITS-SUM"]
    return next(o for o in report.outcomes if o.rule == "X-UNITS-SUM"), found


@pytest.mark.parametrize("order", ["unit", "table"])
def test_the_summary_is_the_sum_of_every_unit(tmp_path, order):
    """Every unit the overview names printed: the 汇总's fiscal tables' totals are the sums of the
    units' (here 2 × each)."""
    from budgetlens.checks import check
    outcome, found = units_sum_outcome(check(parse_text(tmp_path, department(order=order))))
    assert outcome.status == "pass" and outcome.checked > 0 and not found, [f.message for f in found]


def test_the_units_may_be_listed_in_a_table(tmp_path):
    """纳入编制范围的预算单位 as a table of the overview names the units as a sentence does."""
    from budgetlens.checks import check
    disc = parse_text(tmp_path, department(list_table=True))
    assert disc.overview.units == list(UNITS) and disc.overview.subunits == 1
    outcome, found = units_sum_outcome(check(disc))
    assert outcome.status == "pass" and outcome.checked > 0 and not found, [f.message for f in found]


def test_a_unit_that_does_not_add_up_to_the_summary_is_reported(tmp_path):
    """A unit's 三公 table 18.00 lower than the 汇总 makes it: its totals against the 汇总's."""
    from budgetlens.checks import check
    outcome, found = units_sum_outcome(check(parse_text(tmp_path, department(edit=vehicles_cut(2)))))
    assert outcome.status == "fail"
    assert {(f.severity, f.location.label, f.found, f.expected) for f in found} == {("error", "10-1", "166.00", "148.00")}
    assert UNITS[1] in found[0].message


@pytest.mark.parametrize("printed,listed", [
    (UNITS[:1], UNITS),                     # the overview names two units, one is printed
    (UNITS, ()),                            # the overview does not name them
    (UNITS, (UNITS[0], "克孜勒苏柯尔克孜自治州档案馆")),   # another unit named than printed
], ids=["some-printed", "not-named", "other-named"])
def test_the_summary_is_not_summed_where_not_every_unit_is_known_printed(tmp_path, printed, listed):
    """A department printing some of its units' tables (its 汇总 is then more than their sum),
    or whose overview does not name them all: not checked, not flagged."""
    from budgetlens.checks import check
    text = department(units=printed, listed=listed)
    outcome, found = units_sum_outcome(check(parse_text(tmp_path, text)))
    assert outcome.status == "not_applicable" and not found


@pytest.mark.parametrize("text,units", [
    ("某局下属预算单位2个，分别是：某局（本级）、某中心，下设12个科室，分别是：甲科、乙科。", ["某局（本级）", "某中心"]),
    ("纳入部门预算编制范围的预算单位共3家，包括：1.某局本级；2.某中心；3.某所。", ["某局本级", "某中心", "某所"]),
    ("某局下属预算单位3个，分别是：某局（本级）、某中心。", []),             # fewer named than counted
    ("某局无下属预算单位。", []),
], ids=["parted", "numbered", "fewer-than-counted", "none"])
def test_the_units_the_overview_names(text, units):
    from budgetlens.extract.overview import listed_units
    assert listed_units(text) == units
