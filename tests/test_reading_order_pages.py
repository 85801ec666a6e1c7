"""Text one cell a line in reading order where a page break cuts a row: its name's first part
and its amounts at the foot of one page, the rest of the name after the header the next page
repeats. The rest joins its row (where the whole is the row's official name, or one of the
template's items) instead of being lost with the header or read as a row of its own."""

from __future__ import annotations

import pytest
from test_reading_order_tables import (
    GPB,
    GPB_COLUMNS,
    NO_CODES,
    THREE_LEVELS,
    THREE_PUBLIC,
    THREE_PUBLIC_COLUMNS,
    cells,
    read,
    truth,
)


def cut_by_page(rows, name: str, at: int, header: list[str], amounts_first: bool) -> list[str]:
    """The rows' cells one a line, the row `name` cut after `at` characters by a page break:
    its amounts on the first page (amounts_first) or after the rest of its name."""
    out = []
    for code, n, amounts in rows:
        printed = [a for a in amounts if a is not None]
        out += [code] if code else []
        if n != name:
            out += [n, *printed]
            continue
        page = ["\f" + header[0], *header[1:], n[at:]]
        out += [n[:at], *printed, *page] if amounts_first else [n[:at], *page, *printed]
    return out


@pytest.mark.parametrize("repeated", ["header", "unit and header"])
@pytest.mark.parametrize("amounts_first", [True, False])
def test_a_coded_row_cut_by_a_page_keeps_its_whole_name(tmp_path, repeated, amounts_first):
    header = GPB[3:] if repeated == "header" else GPB[2:]
    table = cut_by_page(THREE_LEVELS, "机关事业单位基本养老保险缴费支出", 6, header, amounts_first)
    assert cells(read(tmp_path, GPB + table), "gpb_expenditure") == truth(THREE_LEVELS, GPB_COLUMNS)


@pytest.mark.parametrize("repeated", ["header", "unit and header"])
@pytest.mark.parametrize("amounts_first", [True, False])
def test_an_item_row_cut_by_a_page_keeps_its_whole_name(tmp_path, repeated, amounts_first):
    header = THREE_PUBLIC[3:] if repeated == "header" else THREE_PUBLIC[2:]
    table = cut_by_page(NO_CODES, "公务用车购置及运行费（小计）", 4, header, amounts_first)
    doc = read(tmp_path, THREE_PUBLIC + table)
    kind = next(t.kind for t in doc.tables if "三公" in t.title)
    assert cells(doc, kind) == truth(NO_CODES, THREE_PUBLIC_COLUMNS)


def test_a_row_after_a_page_break_between_rows_stays_its_own(tmp_path):
    # 行政运行 is a whole name: the page's first row, not the end of the row above's
    rows = THREE_LEVELS
    out = []
    for code, n, amounts in rows:
        out += (["\f" + GPB[3], *GPB[4:]] if code == "2010301" else []) + ([code] if code else []) + \
            [n, *[a for a in amounts if a is not None]]
    assert cells(read(tmp_path, GPB + out), "gpb_expenditure") == truth(rows, GPB_COLUMNS)
