"""CSV: a disclosure or one of its tables saved as comma-separated values reads as the same
table does in the other forms; text with commas is not taken for CSV."""

import csv
import io
from collections import Counter

import pytest

from budgetlens.pipeline import parse
from budgetlens.readers import ReadError, read_document
from budgetlens.readers.delimited import looks_delimited
from budgetlens.render_cells import cell_rows
from conftest import EXAMPLES, parsed

TAB_SEEDS = ["000_9131eab83374bb33", "001_bb7d043ad2da133b", "002_4e0ed6e09b019fe1"]


def as_csv(lines: list[str], quote_all: bool = False) -> str:
    """Tab rows as records of their cells, text lines as one-field records."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    for line in lines:
        writer.writerow(line.split("\t") if "\t" in line else ([line] if line.strip() else []))
    return out.getvalue()


def findings(disc) -> Counter:
    from budgetlens.checks import check

    return Counter((f.rule, f.severity, f.fingerprint, f.expected, f.found, f.difference) for f in check(disc).findings)


def without_lines(rows):
    return [{k: v for k, v in r.items() if k != "line"} for r in rows]


@pytest.mark.parametrize("stem", TAB_SEEDS)
@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_a_disclosure_saved_as_csv_reads_as_the_tab_form(tmp_path, stem, encoding):
    lines = (EXAMPLES / f"{stem}.txt").read_text(encoding="utf-8").split("\n")
    path = tmp_path / f"{stem}.csv"
    path.write_bytes(as_csv(lines, quote_all=encoding == "gb18030").encode(encoding))
    disc, base = parse(path), parsed(stem)
    assert disc.sources[0].format == "csv"
    assert without_lines(cell_rows(disc)) == without_lines(cell_rows(base))
    if base.sources[0].format == "markdown":
        # the tables' titles, 单位 lines and empty-table notes are text between the tables, so
        # the checks find what they find in the text form (a note read as a row had drawn
        # 'no total row' errors for the empty tables)
        assert findings(disc) == findings(base)
        # (OCR text wraps its sentences over lines; a CSV record, like a sheet's row, is a
        # paragraph of its own, so the OCR seed's narrative reads differently as CSV)
        assert len(disc.narrative.claims) == len(base.narrative.claims)


def one_table(stem: str = TAB_SEEDS[0]) -> list[str]:
    """The seed's first table: its title, the 单位 line and its rows."""
    lines = (EXAMPLES / f"{stem}.txt").read_text(encoding="utf-8").split("\n")
    first = next(i for i, ln in enumerate(lines) if "\t" in ln)
    end = next(i for i in range(first, len(lines)) if "\t" not in lines[i])
    title = next(i for i in range(first - 1, 0, -1) if "情况表" in lines[i])
    return [ln for ln in lines[title:end] if ln.strip()]


def test_one_table_as_csv_named_otherwise_is_found_by_its_content(tmp_path):
    table = one_table()
    path = tmp_path / "export.txt"
    path.write_text(as_csv(table), encoding="utf-8")
    doc = read_document(path)
    assert doc.format == "csv"
    grid = [ln for ln in doc.lines if ln.cells is not None]
    assert len(grid) == sum(1 for ln in table if "\t" in ln)
    assert grid[0].cell_refs[0].startswith("A") and grid[0].ref.startswith("第")
    disc = parse(path)
    assert disc.tables[0].kind == "summary"
    amounts = [c["amount"] for c in cell_rows(disc)]
    assert amounts == [c["amount"] for c in cell_rows(parsed(TAB_SEEDS[0])) if c["table"] == "1"]
    assert any(i.code == "missing" for i in disc.issues)          # the rest is said to be missing


def test_quoted_amounts_and_line_breaks_in_fields(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('部门收支总体情况表\n单位：万元\n项目,"预算\n数",合计\n"一、本年收入","1,234.50","1,234.50"\n',
                    encoding="utf-8")
    cells = [ln.cells for ln in read_document(path).lines if ln.cells is not None]
    assert cells == [["项目", "预算数", "合计"], ["一、本年收入", "1,234.50", "1,234.50"]]


@pytest.mark.parametrize("text", [
    "合计 1,234.56 2,345.67\n" * 8,                                   # pdftotext amounts with commas
    "收入预算417.37万元,其中一般公共预算417.37万元。\n支出,合计\n" * 5,   # commas in sentences
    "a,b\nc,d\ne,f\ng,h\ni,j\n",                                       # two fields: too little to tell
])
def test_text_with_commas_is_not_taken_for_csv(text):
    assert not looks_delimited(text)


def test_seeds_are_not_csv():
    for path in EXAMPLES.glob("*.txt"):
        assert read_document(path).format != "csv"


def test_a_broken_csv_fails_clearly(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"a,b\n" + b"x," * 20000 + b"\n")
    with pytest.raises(ReadError, match="CSV"):
        read_document(path)


@pytest.mark.parametrize("text", [
    "标题\n<table>\n" + "<tr><td>支出项目</td><td>1,234.56</td><td>1,345.67</td></tr>\n" * 20 + "</table>\n",
    "|项目|本年|上年|\n|---|---|---|\n" + "|支出项目|1,234.56|1,345.67|\n" * 8,
])
def test_markdown_tables_with_thousands_commas_are_not_csv(tmp_path, text):
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    doc = read_document(path)
    assert doc.format == "markdown"
    assert [c for ln in doc.lines if ln.cells for c in ln.cells][-2:] == ["1,234.56", "1,345.67"]


@pytest.mark.parametrize("sep", [";", "\t"])
def test_csv_separated_by_semicolons_or_tabs(tmp_path, sep):
    path = tmp_path / "t.csv"
    path.write_text(sep.join(["项目", "预算数", "上年"]) + "\n" + sep.join(["合计", "1234.50", "1000.00"]) + "\n",
                    encoding="utf-8")
    assert [ln.cells for ln in read_document(path).lines if ln.cells] == [["项目", "预算数", "上年"],
                                                                        ["合计", "1234.50", "1000.00"]]


def test_decimal_commas_are_said_to_be_unreadable(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("项目;预算数\n合计;1234,50\n", encoding="utf-8")
    assert any("小数点" in w for w in read_document(path).warnings)


def test_csv_lines_are_the_file_lines(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('部门收支总体情况表\n单位：万元\n项目,"预算\n数",合计\n一般公共预算拨款,"1,234.56",1\n',
                    encoding="utf-8")
    doc = read_document(path)
    assert [(ln.no, ln.text) for ln in doc.lines if ln.text] == [
        (1, "部门收支总体情况表"), (2, "单位：万元"), (3, "项目\t预算数\t合计"), (5, "一般公共预算拨款\t1,234.56\t1")]
