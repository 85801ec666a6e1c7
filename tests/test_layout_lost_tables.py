"""Text whose tables were written one cell a line: each table whose rebuilt rows and columns
its own identities confirm is checked as printed (a planted error is an error), one they do not
confirm is checked as before (its findings told as info, and the warning names it). Every
table is written here from a list of rows, so the truth is known by construction."""

from __future__ import annotations

from test_reading_order_tables import GPB, THREE_LEVELS, THREE_PUBLIC, TOP, lines_of

from budgetlens.checks import check
from budgetlens.model.disclosure import ParseIssue
from budgetlens.pipeline import parse

LOST = "逐格输出"


def printed(rows, empty="-"):
    """The rows with every empty cell printed as `empty` (a dash or 0.00: kept in the text)."""
    return [(code, name, tuple(a if a is not None else empty for a in amounts)) for code, name, amounts in rows]


def with_row(rows, code, amounts):
    return [(c, n, amounts if c == code else a) for c, n, a in rows]


# 201 printed 100 more than its 款 in 合计 and 基本支出 (its own row adds up): an error of the
# document, in a table whose every other identity holds
PLANTED = with_row(printed(THREE_LEVELS), "201", ("3,100.00", "1,100.00", "2,000.00"))


def planted_found(found) -> bool:
    """The planted error's findings: 201 off its 款 in 合计 and 基本支出 (errors), and 合计 off
    201 + 208 by as much (notes naming 201, the row misprinted: 合计 is right)."""
    errors = [f for f in found if f.severity == "error"]
    notes = [f for f in found if f.severity == "info"]
    return len(errors) == 2 and all(f.location.row.startswith("201 ") for f in errors) \
        and len(notes) == 2 and all("201" in (f.note or "") for f in notes) and len(found) == 4


def parsed(tmp_path, *tables: list[str]):
    path = tmp_path / "doc.txt"
    path.write_text("\n\n".join(TOP + [cell for t in tables for cell in t]) + "\n", encoding="utf-8")
    return parse(str(path))


def table_findings(report, kind="gpb_expenditure"):
    return [f for f in report.findings if f.location.table_kind == kind or
            any(e.provenance and e.provenance.table is not None for e in f.evidence)]


def test_a_confirmed_table_reports_a_planted_error_at_its_severity(tmp_path):
    disc = parsed(tmp_path, GPB + lines_of(PLANTED))
    assert "layout-rebuilt" in {i.code for i in disc.issues}
    assert "layout-lost" not in {i.code for i in disc.issues}
    report = check(disc)
    errors = [f for f in report.findings if f.rule == "ARITH-HIERARCHY"]
    # 201 over 20103, 合计 over 201 and 208 (a note: 201 is the row misprinted): in 合计 and in 基本支出
    assert planted_found(errors), errors
    assert all("已印证" in f.message for f in errors if f.severity == "error")
    assert not any(LOST in note for note in report.reading)


def test_zeros_printed_bare_confirm_as_well(tmp_path):
    """元 tables print a zero as a bare 0, which one cell a line stands alone on its line.
    Before, a bare integer was no amount: every row with a 0 lost a cell and the table's
    identities did not confirm the rebuilt rows (the planted error went unreported)."""
    disc = parsed(tmp_path, GPB + lines_of(with_row(printed(THREE_LEVELS, "0"), "201",
                                                    ("3,100.00", "1,100.00", "2,000.00"))))
    assert "layout-lost" not in {i.code for i in disc.issues}
    errors = [f for f in check(disc).findings if f.rule == "ARITH-HIERARCHY"]
    assert planted_found(errors)


def test_zeros_printed_as_figures_confirm_as_well(tmp_path):
    disc = parsed(tmp_path, GPB + lines_of(with_row(printed(THREE_LEVELS, "0.00"), "201",
                                                    ("3,100.00", "1,100.00", "2,000.00"))))
    errors = [f for f in check(disc).findings if f.rule == "ARITH-HIERARCHY"]
    assert planted_found(errors)


def test_a_table_the_rebuild_cannot_place_is_checked_as_before(tmp_path):
    # the same error where empty cells vanish: the leaves' amounts can no longer be placed
    # (the identities that would place them fail), so nothing of the table is asserted
    planted = with_row(THREE_LEVELS, "201", ("3,100.00", "1,100.00", "2,000.00"))
    disc = parsed(tmp_path, GPB + lines_of(planted))
    lost = [i for i in disc.issues if i.code == "layout-lost"]
    assert len(lost) == 1 and "「一般公共预算支出情况表」" in lost[0].message
    report = check(disc)
    tabled = table_findings(report)
    assert tabled and all(f.severity == "info" for f in tabled)
    assert any(LOST in f.message for f in tabled)
    assert any(LOST in note for note in report.reading)


def test_rows_whose_amounts_were_swapped_are_not_confirmed(tmp_path):
    # a reading that put 208's amounts on 201 and 201's on 208: each row adds up across its
    # columns, but the parents of both fail — identities that share no row
    rows = printed(THREE_LEVELS)
    swapped = with_row(with_row(rows, "201", rows[5][2]), "208", rows[1][2])
    report = check(parsed(tmp_path, GPB + lines_of(swapped)))
    tabled = table_findings(report)
    assert tabled and all(f.severity == "info" for f in tabled)
    assert any(LOST in note for note in report.reading)


# 因公出国（境）费 and 公务接待费 (wrapped in its cell) print no amount at all (their cells vanish)
# and their names run into the next row's: the joined name parts into two items in two places
# (two names alone, parted in one place only, are told apart: test_reading_order_joined)
JOINED = [("", "合计", ("15.00", "15.00", "0.00", "0.00")), ("", "因公出国（境）费", ()), ("", "公务接待费", ()),
          ("", "公务用车购置及运行费（小计）", ("15.00", "15.00", "0.00", "0.00")),
          ("", "其中：公务用车购置费", ("0.00", "0.00", "0.00", "0.00")),
          ("", "公务用车运行费", ("15.00", "15.00", "0.00", "0.00"))]
JOINED_WRAP = {"公务接待费": 3}


def test_two_item_names_joined_are_not_confirmed(tmp_path):
    # the amounts below the joined names could be any of the rows', though every sum holds
    disc = parsed(tmp_path, THREE_PUBLIC + lines_of(JOINED, JOINED_WRAP))
    why = [i.message for i in disc.issues if i.code == "layout-lost-table"]
    assert why and "两项名称相连" in why[0]


def test_a_sound_table_beside_a_lost_one_keeps_its_errors(tmp_path):
    disc = parsed(tmp_path, GPB + lines_of(PLANTED), THREE_PUBLIC + lines_of(JOINED, JOINED_WRAP))
    lost = [i for i in disc.issues if i.code == "layout-lost"]
    assert len(lost) == 1 and "三公" in lost[0].message and "一般公共预算支出情况表" not in lost[0].message
    errors = [f for f in check(disc).findings if f.rule == "ARITH-HIERARCHY"]
    assert planted_found(errors)


def test_a_disclosure_read_before_tables_were_judged_one_by_one_is_checked_as_then(tmp_path):
    # stored with the document-wide warning alone: every table finding is told, none asserted
    disc = parsed(tmp_path, GPB + lines_of(PLANTED))
    disc.issues = [i for i in disc.issues if i.code != "layout-rebuilt"]
    disc.issues.append(ParseIssue(level="warning", code="layout-lost", message="公开表的文字是逐格输出的"))
    errors = [f for f in check(disc).findings if f.rule == "ARITH-HIERARCHY"]
    assert errors and all(f.severity == "info" and LOST in f.message for f in errors)
