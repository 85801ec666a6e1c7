"""Layout, plain and OCR text tables (probe 35, round 2): what each printed amount is read as,
compared with the figures the test itself prints."""

from __future__ import annotations

from budgetlens.pipeline import parse


def write(tmp_path, lines: list[str]):
    path = tmp_path / "budget.txt"
    path.write_text("\n".join([*lines, ""]), encoding="utf-8")
    return path


def cells(disc, kind: str) -> dict[str, list[tuple[str | None, list[str], str]]]:
    table = next(t for t in disc.tables if t.kind == kind)
    return {r.code or r.name: [(c.column, c.candidates, str(c.amount)) for c in r.cells] for r in table.rows}


def issues(disc, code: str) -> list[str]:
    return [i.message for i in disc.issues if i.code == code]


# ---- layout text: an amount column with two headers between it and the column before ---------

# pdftotext -layout of a Shanghai 三公 table: the headers centred in their cells, the amounts
# flush right; 购置费 is empty, so 运行费's amount stands after two headers (购置费, 运行费)
THREE_LAYOUT = [
    "示例区示例局2025年单位预算", "",
    "                         2025年单位“三公”经费和机关运行经费预算表",
    "编制单位：示例区示例局                                                                       单位:万元", "", "",
    "                                  “三公”经费预算数",
    "                                                                               机关运行经费预算",
    "                                                    公务用车购置及运行费",
    "   合计            因公出国(境)费      公务接待费                                               数",
    "                                           小计           购置费      运行费",
]


def three_public(tmp_path, amounts: str) -> dict[str, str]:
    disc = parse(write(tmp_path, [*THREE_LAYOUT, amounts]))
    table = next(t for t in disc.tables if t.kind == "three_public")
    return {c.column or "|".join(c.candidates): str(c.amount) for r in table.rows for c in r.cells}


def test_amount_after_two_headers_is_the_last_ones_where_the_columns_say_so(tmp_path):
    """38.20 ends 9½ columns past 运行费's middle, as every headed amount ends 6½–10 past its
    header's: it is 运行费's (the cell of 购置费 ends before 运行费's text). Before: left open
    between 购置费 and 运行费."""
    got = three_public(tmp_path, "         58.60         12.00        8.40        38.20                  38.20         415.36")
    assert got == {"total": "58.60", "abroad": "12.00", "reception": "8.40", "vehicle": "38.20",
                   "vehicle_operation": "38.20", "operating_cost": "415.36"}


def test_amount_before_the_second_headers_middle_is_the_first_ones(tmp_path):
    """Near miss: 38.20 stands under 购置费 and ends before 运行费's text (购置费 printed, 运行费
    empty): 购置费's, as before."""
    got = three_public(tmp_path, "         58.60         12.00        8.40        38.20     38.20                      415.36")
    assert got["vehicle_purchase"] == "38.20" and "vehicle_operation" not in got


def test_amount_farther_from_the_last_header_than_the_table_prints_stays_open(tmp_path):
    """Near miss: 38.20 ends 13½ columns past 运行费's middle where the headed amounts end
    6½–10 past theirs (the 机关运行经费 column moved right): the distances do not confirm the
    last header, so it stays open between the two, as before."""
    layout = [ln.replace("机关运行经费预算", " " * 10 + "机关运行经费预算").replace("   数", " " * 13 + "数")
              if "机关" in ln or ln.endswith("数") else ln for ln in THREE_LAYOUT]
    disc = parse(write(tmp_path, [*layout,
                                  "         58.60         12.00        8.40        38.20" + " " * 22 + "38.20" + " " * 13 + "415.36"]))
    table = next(t for t in disc.tables if t.kind == "three_public")
    got = {str(c.amount): c.candidates for r in table.rows for c in r.cells if c.column is None}
    assert got == {"38.20": ["vehicle_purchase", "vehicle_operation"]}
