"""Defects the review of session 41's change found, each pinned."""

from __future__ import annotations

from decimal import Decimal

from budgetlens.extract.rows import (
    BlockRows,
    RawRow,
    RawValue,
    cells_checked,
    usual_keys,
)
from budgetlens.templates import load_templates


def national_income():
    template = next(t for t in load_templates() if t.id == "cn-dept-budget-2018")
    return next(s for spec in template.tables for s in (spec, *spec.variants)
                if s.kind == "income" and s.variant == "national")


def one_cell_a_line_row(spec, figures: dict[str, str]) -> tuple[RawRow, BlockRows]:
    keys = usual_keys(spec)
    row = RawRow(line=10, line_end=10 + len(keys) - 1, code="201", name="一般公共服务支出",
                 values=[RawValue(text=figures.get(k, "0.00"), amount=Decimal(figures.get(k, "0.00")), places=2,
                                  line=10 + i) for i, k in enumerate(keys)])
    out = BlockRows(rows=[row])
    cells_checked(out, spec)
    return row, out


def test_a_carry_over_printed_whole_is_no_sum_of_its_unprinted_levels():
    """The national income table may print 上年结转 in three levels (optional columns); one that
    prints it whole, its row read one cell a line, adds up: 150 = 50 + 100. The levels' sum
    (上年结转结余 = 上年结转 + 上年结余) printed nowhere asked 上年结转 to be 0: a false
    cells-out-of-order and the row's columns left open."""
    row, out = one_cell_a_line_row(national_income(), {"total": "150.00", "carryover": "50.00", "gpb": "100.00"})
    assert not row.unsure and not out.warnings


def test_a_row_that_does_not_add_up_is_still_said():
    row, out = one_cell_a_line_row(national_income(), {"total": "150.00", "carryover": "40.00", "gpb": "100.00"})
    assert row.unsure and [code for code, _ in out.warnings] == ["cells-out-of-order"]


# ---- the class definition decides a tie: said, and not judged by K-ECON-NATURE -----------------

def test_cells_placed_by_the_class_definition_are_marked_and_said(tmp_path):
    from test_economic_natures_s41 import TIED, basic_table, plain_basic

    disc = plain_basic(tmp_path, TIED)
    decided = {(r.code, c.column): c.decided_by for r in basic_table(disc).rows for c in r.cells}
    assert decided[("30101", "personnel")] == decided[("30201", "public")] == "definition"
    assert decided[("30101", "total")] != "definition"
    said = [i for i in disc.issues if i.code == "column-by-definition"]
    assert len(said) == 1 and said[0].level == "info" and "有 4 个金额" in said[0].message
    assert "按经济分类的定义归列" in said[0].message


def test_k_econ_nature_does_not_judge_what_the_definition_placed(tmp_path):
    from test_economic_natures_s41 import TIED, plain_basic

    from budgetlens.checks import check

    outcome = next(o for o in check(plain_basic(tmp_path, TIED)).outcomes if o.rule == "K-ECON-NATURE")
    assert outcome.status != "fail"


def test_a_table_the_header_places_says_nothing_of_the_definition():
    from conftest import EXAMPLES
    from test_checks import S000

    from budgetlens.pipeline import parse

    disc = parse(EXAMPLES / f"{S000}.txt")
    assert not [i for i in disc.issues if i.code == "column-by-definition"]
    assert not any(c.decided_by == "definition" for t in disc.tables for r in t.rows for c in r.cells)


def test_a_numbering_row_ending_in_a_mark_is_no_count(tmp_path):
    """Text a cell a line: a numbering row whose last token is no number ("1 ※") was taken for
    the count the next lines go on, and int("※") raised out of the reader."""
    from test_check_reading import cells_one_per_line

    from budgetlens.pipeline import parse

    path = cells_one_per_line(tmp_path)
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i in range(1, len(lines)) if lines[i] == "1" and lines[i - 1] == "※")
    lines[at] = "1 ※"
    path.write_text("\n".join(lines), encoding="utf-8")
    disc = parse(path)
    assert disc.tables and not [i for i in disc.issues if i.level == "error"]
