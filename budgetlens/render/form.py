"""The finance officer's input workbook of a template (`budgetlens form`), and what its 概况 and
上年数 sheets say once filled.

The form is the template's tables as the standard document prints them (title, 单位 line, the
header merged as printed, 科目编码/科目名称 columns, the item rows ready-made) with their
amount cells left empty, so the project's own workbook reader reads a filled copy as any
disclosure; beside them a 概况 sheet (unit, year, functions, offices, staffing, 机关运行经费 and
政府采购, which no table prints) and a 上年数 sheet (last year's figures the 情况说明 compares
with). Those two are read back here by their labels (read_form), and so are the 绩效目标 and
国有资产 sheets (render/targets.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml

from ..model import StaffCount, Staffing
from ..templates import TableSpec, TemplateSpec, first_item, load_templates
from .build import RenderError
from .document import Cell, TableBlock
from .tables import canonical_header, coded_sides, header_merges, table_label
from .targets import (
    Targets,
    assets_sheet,
    cell_number,
    performance_sheet,
    read_targets,
    text,
)
from .wording import wording_for

DATA = Path(__file__).parent / "data" / "form" / "form.yaml"
MARK = "budgetlens 填报表"            # in the 概况 sheet: a form, read by label (read_form)


@cache
def form_data() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def template_by_id(template_id: str) -> TemplateSpec:
    known = {t.id: t for t in load_templates()}
    if template_id not in known:
        raise RenderError(f"没有模板“{template_id}”；可用的模板：{'、'.join(sorted(known))}")
    return known[template_id]


# ---- the blank form -------------------------------------------------------------------------

def label_columns(spec: TableSpec) -> int:
    """Label cells a body row of the table has: 科目编码 and 科目名称 for coded rows, and the
    project's name for project rows; one label for item rows."""
    rows = spec.rows or ""
    if rows == "function_project":
        return 3
    return 2 if rows in ("function", "economic") else 1


def item_labels(spec: TableSpec, side: str | None) -> tuple[list[str], list[str]]:
    """(top rows, bottom rows): the ready-made labels of this table side that the template's own
    item patterns read (form.yaml lists the wording of every template family)."""
    listed = form_data()["rows"].get(spec.kind, {}).get(side or "", [])
    items = spec.sides[side].items if side else spec.items
    top, bottom, taken = [], [], []
    for entry in listed:
        label, last = (entry["label"], entry.get("bottom")) if isinstance(entry, dict) else (entry, False)
        item = first_item(items, label)
        # (one row per item: 本年收入合计 and 一、本年收入 are the same row in another wording)
        if item is not None and item.coords not in taken:
            taken.append(item.coords)
            (bottom if last else top).append(label)
    return top, bottom


def blank_body(spec: TableSpec) -> list[list[Cell]]:
    blank = form_data()["blank_rows"]
    if spec.layout == "side_by_side":
        sides = [(side, *item_labels(spec, side)) for side in spec.sides]
        height = max(len(top) for _, top, _ in sides) + blank
        height = max(height, *(len(top) + len(bottom) + blank for _, top, bottom in sides))
        rows: list[list[Cell]] = [[] for _ in range(height)]
        for side, top, bottom in sides:
            labels = top + [""] * (height - len(top) - len(bottom)) + bottom
            coded = side in coded_sides(spec)          # (科目编码 | 科目名称, as the header)
            for row, label in zip(rows, labels):
                row.extend([Cell(""), Cell(label)] if coded else [Cell(label)])
                row.extend(Cell("", slot=True) for _ in spec.sides[side].columns)
        return rows
    width = label_columns(spec)
    amounts = [Cell("", slot=True) for _ in spec.columns]
    if spec.rows == "item":
        top, bottom = item_labels(spec, None)
        return [[Cell(label)] + list(amounts) for label in top + bottom]
    first = [Cell("合计")] + [Cell("") for _ in range(width - 1)] if spec.rows in ("function", "economic",
                                                                                  "function_project") else []
    rows = [first + list(amounts)] if first else []
    return rows + [[Cell("") for _ in range(width)] + list(amounts) for _ in range(blank)]


def form_table(template: TemplateSpec, table: TableSpec, unit: str) -> TableBlock:
    label = table_label(table, template, None)
    title = next((t for t in table.titles if t.startswith(template.scope)), table.titles[0])
    spec = table.named(form_data()["variants"].get(table.kind))
    # (two header rows: the officer's sheet keeps one layout the fill-in guidance describes)
    header = canonical_header(spec, None, label_columns(spec), levels=2)
    if spec.layout != "side_by_side" and label_columns(spec) > 1:
        # (the label columns are named: the officer writes the code and the name apart)
        names = ["科目编码", "科目名称", "项目名称"][:label_columns(spec)]
        header[-1][:len(names)] = names
        if len(header) > 1:
            header[0][1:len(names)] = [""] * (len(names) - 1)
    return TableBlock(label=label, title=title, unit_line=f"单位：{template.unit}", unit_name=f"编制部门：{unit}",
                      header=header, merges=header_merges(header, len(header)), body=blank_body(spec), kind=spec.kind)


def write_form(template_id: str, out: Path, unit: str = "", year: int | None = None) -> None:
    """The empty input workbook of the template (xlsxwriter); unit and year, where given, are
    written where the document prints them."""
    import xlsxwriter

    from .xlsx import table_sheet

    template = template_by_id(template_id)
    if year is not None and not template.covers_year(year):
        raise RenderError(f"模板“{template.id}”适用于{template.years[0]}—{template.years[-1]}年，不适用于{year}年")
    book = xlsxwriter.Workbook(str(out))
    formats = book_formats(book)
    overview_sheet(book, formats, template, unit, year)
    # (before the tables: after them, the reader would take its rows for the last table's)
    prior_sheet(book, formats, template, unit)
    if template.phase == "预算":           # (a 决算's 情况说明 states neither: render/final.py)
        performance_sheet(book, formats, template)
        assets_sheet(book, formats, template)
    for spec in template.tables:
        table_sheet(book, form_table(template, spec, unit), formats["head"], formats["text"],
                    formats["number"], formats["title"])
    book.close()


def book_formats(book) -> dict:
    return {"head": book.add_format({"bold": True, "text_wrap": True, "border": 1, "align": "center",
                                     "valign": "vcenter"}),
            "text": book.add_format({"border": 1, "num_format": "@"}),
            "number": book.add_format({"border": 1, "num_format": "#,##0.00"}),
            "title": book.add_format({"bold": True, "align": "center"}),
            "fill": book.add_format({"border": 1, "bg_color": "#FFF2CC", "num_format": "@"}),
            "fill_number": book.add_format({"border": 1, "bg_color": "#FFF2CC"}),
            "note": book.add_format({"italic": True, "font_color": "#808080"})}


def overview_sheet(book, fmt: dict, template: TemplateSpec, unit: str, year: int | None) -> None:
    """概况: written as the document's 第一部分 reads (its headings from the template family's
    wording), so the workbook reader reads a filled copy's functions, offices and staffing."""
    data, words = form_data()["overview"], wording_for(template.id)
    fields = {"unit": unit, "year": year or "", "scope": template.scope, "phase": template.phase}
    sheet = book.add_worksheet(data["sheet"])
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 90)
    sheet.set_column(2, 5, 12)
    r = 0
    if unit and year:
        sheet.write_string(r, 0, f"{unit}{year}年{template.scope}{template.phase}公开", fmt["title"])
    r += 1
    sheet.write_string(r, 0, data["unit"])
    sheet.write_string(r, 1, unit, fmt["fill"])
    sheet.write_string(r + 1, 0, data["year"])
    sheet.write(r + 1, 1, year if year else "", fmt["fill_number"])
    sheet.write_string(r + 2, 0, MARK, fmt["note"])
    sheet.write_string(r + 2, 1, f"模板：{template.id}（{template.name}）", fmt["note"])
    r += 4
    sheet.write_string(r, 0, words.text("parts", "overview").format(**fields))
    sheet.write_string(r + 1, 0, words.text("overview", "functions"))
    sheet.write_string(r + 1, 1, data["functions"], fmt["note"])
    r += 2
    for n in range(1, data["function_rows"] + 1):
        sheet.write_string(r, 0, f"{n}．")
        sheet.write_blank(r, 1, None, fmt["fill"])
        r += 1
    sheet.write_string(r, 0, words.text("overview", "offices"))
    sheet.write_string(r + 1, 0, data["offices"])
    sheet.write_blank(r + 1, 1, None, fmt["fill"])
    r += 3
    for c, head in enumerate(data["staffing"]):
        sheet.write_string(r, c, head, fmt["head"])
        sheet.write_blank(r + 1, c, None, fmt["fill_number"])
    r += 3
    sheet.write_string(r, 0, data["other"])
    for n, label in enumerate(data["current"].values(), 1):
        sheet.write_string(r + n, 0, label)
        sheet.write_blank(r + n, 1, None, fmt["fill_number"])


def prior_sheet(book, fmt: dict, template: TemplateSpec, unit: str) -> None:
    data = form_data()["prior"]
    sheet = book.add_worksheet(data["sheet"])
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 30)
    sheet.set_column(2, 2, 16)
    sheet.write_string(0, 0, data["title"], fmt["note"])
    for r, label in enumerate(data["figures"].values(), 1):
        sheet.write_string(r, 0, label)
        sheet.write_blank(r, 1, None, fmt["fill_number"])
    by_code_rows(sheet, fmt, template, unit, len(data["figures"]) + 2)


def by_code_rows(sheet, fmt: dict, template: TemplateSpec, unit: str, top: int) -> None:
    """Last year's figure of each code the form's 一般公共预算支出表 lists: a row per body row of
    that sheet, its code and name formulas showing what the officer wrote there (so each is
    filled once); a 决算 compares with its 年初预算, not with last year: none there."""
    data = form_data()["prior"]["by_code"]
    spec = template.table(data["kind"])
    if spec is None or template.phase != "预算":
        return
    from .xlsx import sheet_name

    block = form_table(template, spec, unit)
    source = sheet_name(block).replace("'", "''")
    first = 3 + len(block.header) + 1          # (sheet row of the body's first row, 1-based: 合计)
    sheet.write_string(top, 0, data["title"], fmt["note"])
    for c, head in enumerate(data["header"]):
        sheet.write_string(top + 1, c, head, fmt["head"])
    for n in range(1, len(block.body)):
        r = top + 1 + n
        for c, col in enumerate("AB"):
            ref = f"'{source}'!{col}{first + n}"
            sheet.write_formula(r, c, f'=IF({ref}="","",{ref})', fmt["text"], "")
        sheet.write_blank(r, 2, None, fmt["fill_number"])


# ---- reading a filled form back --------------------------------------------------------------

@dataclass
class FormData:
    """What a filled form's 概况 and 上年数 sheets say (amounts in 万元, Decimal)."""
    unit: str = ""
    year: int | None = None
    functions: list[str] = field(default_factory=list)
    offices: list[str] = field(default_factory=list)
    staffing: Staffing | None = None
    current: dict[str, Decimal] = field(default_factory=dict)     # 机关运行经费, 政府采购 …
    prior: dict[str, Decimal] = field(default_factory=dict)       # "expenditure:basic" → last year's
    problems: list[str] = field(default_factory=list)             # cells that say no number
    targets: Targets = field(default_factory=Targets)             # 绩效目标, 国有资产 (render/targets.py)

    def as_last_year(self) -> dict[str, Decimal]:
        """This form's own figures no table prints, as next year's 上年数 (by the same keys)."""
        return {key: value for key, value in self.current.items() if key in form_data()["prior"]["figures"]}


NUMBERED = re.compile(r"^\s*(?:\d{1,2}|[一二三四五六七八九十]+)[、.．)）]\s*")


def read_form(path: Path) -> FormData | None:
    """The 概况 and 上年数 of a workbook written by write_form; None for any other file."""
    if Path(path).suffix.lower() != ".xlsx":
        return None
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, data_only=True, read_only=True)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, InvalidFileException):
        return None         # (not a workbook openpyxl reads: the readers say what it is)
    data = form_data()
    if data["overview"]["sheet"] not in book.sheetnames:
        return None
    rows = [list(r) for r in book[data["overview"]["sheet"]].iter_rows(values_only=True)]
    if not any(r and r[0] == MARK for r in rows):
        return None
    form = FormData()
    read_overview(form, rows, data["overview"])
    if data["prior"]["sheet"] in book.sheetnames:
        prior_rows = [list(r) for r in book[data["prior"]["sheet"]].iter_rows(values_only=True)]
        form.prior = labelled_amounts(form, prior_rows, data["prior"]["figures"], data["prior"]["sheet"])
        form.prior.update(coded_amounts(form, path, book, prior_rows))
    form.targets = read_targets(path, book, form.year, form.problems)
    return form


CODE = re.compile(r"\d{3}(?:\d{2}){0,2}")
REFERENCE = re.compile(r"^=IF\('((?:[^']|'')+)'!\$?([A-Z]+)\$?(\d+)=")


def coded_amounts(form: FormData, path: Path, book, rows: list[list]) -> dict[str, Decimal]:
    """"kind:key:code" → last year's amount, from the 上年数 rows under the by-code header. A
    code shown by its formula is looked up where the formula points (a file saved by a program
    that does not compute formulas holds no value for it); an amount without a code is named."""
    data = form_data()["prior"]["by_code"]
    head = next((i for i, r in enumerate(rows) if [str(c or "") for c in r[:3]] == data["header"]), None)
    if head is None:
        return {}
    formulas = None
    out = {}
    for i in range(head + 1, len(rows)):
        row = (rows[i] + [None] * 3)[:3]
        if row[2] is None or row[2] == "":
            continue
        code = row[0]
        if code in (None, ""):
            formulas = formulas or formula_rows(path, form_data()["prior"]["sheet"])
            code = referenced(book, formulas, i)
        code = str(int(code)) if isinstance(code, float) and code.is_integer() else str(code or "").strip()
        label = f"{code or '（无科目编码）'}{data['header'][2]}"
        amount = amount_of(form, row[2], label)
        if not CODE.fullmatch(code):
            form.problems.append(f"工作表“{form_data()['prior']['sheet']}”第{i + 1}行填写了上年数“{row[2]}”，"
                                 "但没有科目编码（一般公共预算支出工作表的对应行未填），未采用")
        elif amount is not None:
            out[f"{data['kind']}:{data['key']}:{code}"] = amount
    return out


def formula_rows(path: Path, sheet: str) -> list[list]:
    from openpyxl import load_workbook

    return [list(r) for r in load_workbook(path, read_only=True)[sheet].iter_rows(values_only=True)]


def referenced(book, formulas: list[list], i: int):
    """The value of the cell the code formula of row i shows (=IF('表5…'!A8="","",…))."""
    text = formulas[i][0] if i < len(formulas) and formulas[i] else None
    found = REFERENCE.match(str(text or ""))
    if not found or found.group(1).replace("''", "'") not in book.sheetnames:
        return None
    sheet, col, row = found.group(1).replace("''", "'"), found.group(2), int(found.group(3))
    from openpyxl.utils import column_index_from_string

    for cells in book[sheet].iter_rows(min_row=row, max_row=row, values_only=True):
        at = column_index_from_string(col) - 1
        return cells[at] if at < len(cells) else None
    return None


def read_overview(form: FormData, rows: list[list], data: dict) -> None:
    by_label = {str(r[0]).strip(): r for r in rows if r and r[0] is not None}
    form.unit = text_of(by_label.get(data["unit"]))
    year = text_of(by_label.get(data["year"]))
    form.year = int(year) if year.isdigit() else None
    form.functions = function_rows(rows)
    offices = text_of(by_label.get(data["offices"]))
    form.offices = [o.strip() for o in re.split(r"[、，,；;]", offices.rstrip("。")) if o.strip()]
    form.staffing = staffing_of(rows, data["staffing"])
    form.current = labelled_amounts(form, rows, data["current"], data["sheet"])


def text_of(row: list | None) -> str:
    return text(row[1]) if row and len(row) > 1 else ""


def function_rows(rows: list[list]) -> list[str]:
    """The functions written beside the numbered rows (an empty row is no function)."""
    out = []
    for r in rows:
        if r and isinstance(r[0], str) and NUMBERED.fullmatch(r[0]) and len(r) > 1 and r[1]:
            out.append(NUMBERED.sub("", str(r[1])).strip())
    return out


def staffing_of(rows: list[list], heads: list[str]) -> Staffing | None:
    at = next((i for i, r in enumerate(rows) if r and [str(c or "") for c in r[:len(heads)]] == heads), None)
    if at is None or at + 1 >= len(rows):
        return None
    values = rows[at + 1][:len(heads)]
    counts = [int(v) if isinstance(v, (int, float)) else None for v in values + [None] * (len(heads) - len(values))]
    if counts[0] is None or counts[1] is None:
        return None
    part = lambda n: StaffCount(count=n) if n is not None else None
    return Staffing(authorized=counts[0], actual=counts[1], in_service=part(counts[2]), retired=part(counts[3]),
                    pre_retired=part(counts[4]))


def labelled_amounts(form: FormData, rows: list[list], labels: dict[str, str], sheet: str) -> dict[str, Decimal]:
    """Each key's amount from the row its label heads; a cell that is no number is named in
    problems, never taken for zero."""
    by_label = {str(r[0]).strip(): r for r in rows if r and r[0] is not None}
    out = {}
    for key, label in labels.items():
        row = by_label.get(label)
        value = row[1] if row and len(row) > 1 else None
        if value is None or value == "":
            continue
        amount = amount_of(form, value, label, sheet)
        if amount is not None:
            out[key] = amount
    return out


def amount_of(form: FormData, value, label: str, sheet: str | None = None) -> Decimal | None:
    """A cell's amount; a cell that is no number is named in problems (None)."""
    sheet = sheet or form_data()["prior"]["sheet"]
    amount = cell_number(value)
    if amount is None:
        form.problems.append(f"工作表“{sheet}”中“{label}”填写的“{value}”不是金额，未采用")
    return amount
