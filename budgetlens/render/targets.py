"""The officer's 绩效目标 and 国有资产 sheets of the form (`budgetlens form`): written blank, and read
back by their labels and header rows into the parser's own model (PerformanceTable,
PerformanceIndicator, PerformanceFund) and the asset figures the 情况说明 states.

A cell that says no number, an indicator without its 三级指标, a project its indicators name but
the project list lacks, weights that do not add up to the template's total: each is said in
Chinese with its sheet and cell (FormData.problems), never taken for zero or mended."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..extract.perf_text import indicator_target
from ..model import (
    IndicatorTarget,
    PerformanceFund,
    PerformanceIndicator,
    PerformanceTable,
    Provenance,
)
from ..templates import TemplateSpec
from .wording import wording_for


@dataclass
class Assets:
    """国有资产 as the form states them: counts of vehicles by kind, of equipment, the area of
    buildings (a blank is 0, as the sheet says) and the date they are counted at."""
    as_of: str = ""
    building: Decimal = Decimal(0)
    vehicles: dict[str, int] = field(default_factory=dict)          # kind → count, in the sheet's order
    counts: dict[str, int] = field(default_factory=dict)            # general, special, buy_* → count

    @property
    def vehicle_total(self) -> int:
        return sum(self.vehicles.values())


@dataclass
class Targets:
    """What the 绩效目标 and 国有资产 sheets say: the tables, each project's 主管部门 (no field of
    the model), the assets (None where the sheet is left empty)."""
    performance: list[PerformanceTable] = field(default_factory=list)
    supervisors: dict[str, str] = field(default_factory=dict)
    assets: Assets | None = None


def data() -> dict:
    from .form import form_data

    return form_data()


def has_department_table(template: TemplateSpec) -> bool:
    return any(template.id.startswith(f) for f in data()["performance"]["department_families"])


def weight_totals() -> list[Decimal]:
    """The totals a table's weights may add up to: those P-WEIGHT-SUM accepts (one list, so the
    form refuses nothing the check passes, nor passes what it refuses)."""
    from ..checks.catalogue import DEFAULT_PARAMS
    return [Decimal(str(t)) for t in DEFAULT_PARAMS["performance_weight_sums"]]


# ---- the blank sheets ---------------------------------------------------------------------------

def performance_sheet(book, fmt: dict, template: TemplateSpec) -> None:
    perf = data()["performance"]
    sheet = book.add_worksheet(perf["sheet"])
    width = 1 + len(perf["indicator_header"])         # (the widest part: 项目名称 and an indicator)
    sheet.set_column(0, 0, 26)
    sheet.set_column(1, width - 1, 18)
    sheet.write_string(0, 0, perf["title"], fmt["note"])
    # (as wide as the sheet, as a table sheet's header: the form's sheets all read alike)
    sheet.merge_range(3, 0, 3, width - 1, perf["guide"], fmt["note"])
    r = 5
    if has_department_table(template):
        sheet.write_string(r, 0, perf["department"], fmt["title"])
        sheet.write_string(r + 1, 0, perf["goal"])
        sheet.write_blank(r + 1, 1, None, fmt["fill"])
        r += 2
        for label in perf["funds"]:
            sheet.write_string(r, 0, label)
            sheet.write_blank(r, 1, None, fmt["fill_number"])
            r += 1
        r = header_and_rows(sheet, fmt, r, perf["indicator_header"], perf["department_rows"]) + 1
    sheet.write_string(r, 0, perf["projects"], fmt["title"])
    r = header_and_rows(sheet, fmt, r + 1, perf["project_header"], perf["project_rows"]) + 1
    sheet.write_string(r, 0, perf["indicators"], fmt["title"])
    header_and_rows(sheet, fmt, r + 1, ["项目名称", *perf["indicator_header"]], perf["indicator_rows"])


def header_and_rows(sheet, fmt: dict, r: int, header: list[str], rows: int) -> int:
    """A header row and blank rows to fill under it (amounts and weights as numbers, the rest as
    text: "=100%" typed as a value stays text); the row after them."""
    kinds = ["fill_number" if "万元" in head or head == "权重" else "fill" for head in header]
    for c, head in enumerate(header):
        sheet.write_string(r, c, head, fmt["head"])
    for n in range(1, rows + 1):
        for c, kind in enumerate(kinds):
            sheet.write_blank(r + n, c, None, fmt[kind])
    return r + rows + 1


def assets_sheet(book, fmt: dict, template: TemplateSpec) -> None:
    labels = data()["assets"]
    sheet = book.add_worksheet(labels["sheet"])
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, 1, 24)
    sheet.write_string(0, 0, labels["title"], fmt["note"])
    for c, head in enumerate(labels["header"]):
        sheet.write_string(3, c, head, fmt["head"])
    rows = [(labels["as_of"], "fill"), (labels["building"], "fill_number"), (labels["vehicles"], None)]
    rows += [(kind, "fill_number") for kind in wording_for(template.id).data["asset_vehicles"]]
    rows += [(labels[k], "fill_number") for k in ("general", "special")] + [(labels["purchase"], None)]
    rows += [(labels[k], "fill_number") for k in ("buy_vehicles", "buy_general", "buy_special")]
    for r, (label, kind) in enumerate(rows, 4):
        sheet.write_string(r, 0, label, fmt["title"] if kind is None else None)
        if kind is not None:
            sheet.write_blank(r, 1, None, fmt[kind])


# ---- reading them back ------------------------------------------------------------------------

def cell_name(r: int, c: int) -> str:
    """0-based row and column → the cell's name as Excel shows it (B7)."""
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(c + 1)}{r + 1}"


def filled(value) -> bool:
    return value is not None and str(value).strip() != ""


def cell_number(value) -> Decimal | None:
    """A filled cell's number (a float as Excel shows it: at most the places a budget prints);
    None where it says no number."""
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() if value is not None else ""


class SheetReader:
    """One sheet's rows, and the problems its cells give, each named by sheet and cell."""

    def __init__(self, path: Path, sheet: str, rows: list[list], problems: list[str]):
        self.path, self.sheet, self.problems = str(path), sheet, problems
        self.rows = [list(r) for r in rows]

    def at(self, r: int, c: int):
        row = self.rows[r] if r < len(self.rows) else []
        return row[c] if c < len(row) else None

    def say(self, r: int, c: int, what: str) -> None:
        self.problems.append(f"工作表“{self.sheet}”{cell_name(r, c)}：{what}")

    def number(self, r: int, c: int, what: str) -> Decimal | None:
        """The cell's number; one that is no number is named (None), never taken for zero."""
        value = self.at(r, c)
        if not filled(value):
            return None
        number = cell_number(value)
        if number is None:
            self.say(r, c, f"{what}“{value}”不是数字，未采用")
            return None
        return number

    def count(self, r: int, c: int, what: str) -> int:
        number = self.number(r, c, what)
        if number is not None and (number < 0 or number != number.to_integral_value()):
            self.say(r, c, f"{what}“{self.at(r, c)}”不是非负整数，未采用")
            return 0
        return int(number) if number is not None else 0

    def provenance(self, r: int, c: int = 0) -> Provenance:
        return Provenance(file=self.path, line=r + 1, ref=f"{self.sheet}!{cell_name(r, c)}")

    def label_row(self, label: str, start: int = 0) -> int | None:
        return next((i for i in range(start, len(self.rows)) if text(self.at(i, 0)) == label), None)

    def header_row(self, header: list[str]) -> int | None:
        return next((i for i in range(len(self.rows))
                     if [text(self.at(i, c)) for c in range(len(header))] == header), None)


def read_targets(path: Path, book, year: int | None, problems: list[str]) -> Targets:
    targets = Targets()
    perf, labels = data()["performance"], data()["assets"]
    if perf["sheet"] in book.sheetnames:
        sheet = SheetReader(path, perf["sheet"], book[perf["sheet"]].iter_rows(values_only=True), problems)
        unsaved_formulas(sheet)
        department = department_table(sheet, year)
        projects = project_tables(sheet, year, targets.supervisors)
        targets.performance = ([department] if department is not None else []) + projects
        for table in targets.performance:
            weights_add_up(sheet, table, weight_totals())
    if labels["sheet"] in book.sheetnames:
        sheet = SheetReader(path, labels["sheet"], book[labels["sheet"]].iter_rows(values_only=True), problems)
        unsaved_formulas(sheet)
        targets.assets = assets_of(sheet)
    return targets


def unsaved_formulas(sheet: SheetReader) -> None:
    """Cells holding a formula whose result the file does not keep (a program wrote it without
    calculating): read as empty, so named, never taken for blank or zero."""
    from .form import formula_rows

    for r, row in enumerate(formula_rows(Path(sheet.path), sheet.sheet)):
        for c, value in enumerate(row):
            if isinstance(value, str) and value.startswith("=") and sheet.at(r, c) is None:
                sheet.say(r, c, "是公式，文件中没有保存计算结果，未采用（请在 Excel 或 WPS 中重新计算并保存，或直接填写）")


def new_table(kind: str, sheet: SheetReader, r: int, year: int | None, **fields) -> PerformanceTable:
    return PerformanceTable(kind=kind, unit="万元", year=year, provenance=sheet.provenance(r), **fields)


def department_table(sheet: SheetReader, year: int | None) -> PerformanceTable | None:
    """The 部门整体 table: its goal, 年度预算 and indicators; None where none of it is filled."""
    perf = data()["performance"]
    at = sheet.label_row(perf["department"])
    if at is None:
        return None
    goal_at = sheet.label_row(perf["goal"], at)
    goal = text(sheet.at(goal_at, 1)) if goal_at is not None else ""
    table = new_table("department", sheet, at, year, goal=goal or None)
    for label, kind in perf["funds"].items():
        r = sheet.label_row(label, at)
        amount = sheet.number(r, 1, f"{label}填写的") if r is not None else None
        if amount is not None:
            table.funds.append(PerformanceFund(kind=kind, label=label.split("（")[0], amount=amount, line=r + 1))
    total = sum((f.amount for f in table.funds), Decimal(0))
    if table.funds:
        table.amount = total
        table.fiscal_amount = sum((f.amount for f in table.funds if f.kind == "fiscal"), Decimal(0))
        table.funds.insert(0, PerformanceFund(kind="total", label="资金总额", amount=total, line=at + 1))
    head = sheet.header_row(perf["indicator_header"])
    rows = indicator_rows(sheet, head, 0) if head is not None else []
    table.indicators = [i for _, i in rows]
    if not (table.goal or table.funds or table.indicators):
        return None
    return table


def project_tables(sheet: SheetReader, year: int | None, supervisors: dict[str, str]) -> list[PerformanceTable]:
    perf = data()["performance"]
    head = sheet.header_row(perf["project_header"])
    if head is None:
        return []
    tables: dict[str, PerformanceTable] = {}
    for r in range(head + 1, len(sheet.rows)):
        name = text(sheet.at(r, 0))
        if name in (perf["indicators"], "项目名称"):
            break
        if not name:
            if any(filled(sheet.at(r, c)) for c in range(1, len(perf["project_header"]))):
                sheet.say(r, 0, "填写了项目的金额或目标，但没有项目名称，该行未采用")
            continue
        if name in tables:
            sheet.say(r, 0, f"项目“{name}”已在上方列出，重复的一行未采用")
            continue
        tables[name] = project_table(sheet, r, name, year, supervisors)
    head = sheet.header_row(["项目名称", *perf["indicator_header"]])
    for r, indicator in indicator_rows(sheet, head, 1) if head is not None else []:
        owner = project_of(sheet, head, r)
        if owner in tables:
            tables[owner].indicators.append(indicator)
        else:
            sheet.say(r, 0, f"指标所属项目“{owner}”不在上方的项目列表中，该指标未采用" if owner else
                      "指标没有所属项目（项目名称未填），该指标未采用")
    for table in tables.values():
        if not table.indicators:
            sheet.say(table.provenance.line - 1, 0, f"项目“{table.project}”没有填写绩效指标")
    return list(tables.values())


def project_table(sheet: SheetReader, r: int, name: str, year: int | None,
                  supervisors: dict[str, str]) -> PerformanceTable:
    """One project's row: its money (资金总额 = 财政拨款 + 其他资金, worked out) and goal."""
    fiscal = sheet.number(r, 3, f"项目“{name}”的财政拨款") or Decimal(0)
    other = sheet.number(r, 4, f"项目“{name}”的其他资金") or Decimal(0)
    if text(sheet.at(r, 1)):
        supervisors[name] = text(sheet.at(r, 1))
    funds = [PerformanceFund(kind="total", label="年度预算总额", amount=fiscal + other, line=r + 1),
             PerformanceFund(kind="fiscal", label="其中：财政拨款", amount=fiscal, line=r + 1),
             PerformanceFund(kind="other", label="其他资金", amount=other, line=r + 1)]
    table = new_table("project", sheet, r, year, project=name, amount=fiscal + other, fiscal_amount=fiscal,
                      funds=funds, goal=text(sheet.at(r, 5)) or None)
    table.unit_name = text(sheet.at(r, 2)) or None
    return table


def project_of(sheet: SheetReader, head: int, r: int) -> str:
    """The project an indicator row is of: its own 项目名称, else the nearest one above."""
    for i in range(r, head, -1):
        if text(sheet.at(i, 0)):
            return text(sheet.at(i, 0))
    return ""


def indicator_rows(sheet: SheetReader, head: int, first: int) -> list[tuple[int, PerformanceIndicator]]:
    """The indicator rows under a header (their columns from `first`), up to the next label row:
    a blank 一级指标 or 二级指标 is the row above's, within one project; a row without its 三级指标
    is named."""
    header = data()["performance"]["indicator_header"]
    out, levels = [], [None, None]
    for r in range(head + 1, len(sheet.rows)):
        cells = [text(sheet.at(r, first + c)) for c in range(len(header))]
        if not first and text(sheet.at(r, 0)) in label_words():    # (the department's rows end there)
            break
        if first and filled(sheet.at(r, 0)):
            levels = [None, None]       # (a project's first row: the row above is another project's)
        if not any(cells):
            continue
        level1, level2, level3, value, basis, _ = cells
        levels = [level1 or levels[0], level2 or (levels[1] if not level1 else None)]
        if not level3:
            sheet.say(r, first + 2, "填写了指标内容，但三级指标未填，该指标未采用")
            continue
        weight = sheet.number(r, first + 5, f"指标“{level3}”的权重")
        target = indicator_target(value or None)
        out.append((r, PerformanceIndicator(
            level1=levels[0], level2=levels[1], level3=level3, value=value or None, basis=basis or None,
            weight=weight, line=r + 1,
            target=IndicatorTarget(**dict(zip(("op", "number", "unit"), target))) if target else None)))
    return out


def label_words() -> set[str]:
    perf = data()["performance"]
    return {perf["projects"], perf["indicators"], perf["department"]}


def weights_add_up(sheet: SheetReader, table: PerformanceTable, totals: list[Decimal]) -> None:
    """A table's weights: all filled or none, and adding up to a total the template uses."""
    weights = [i.weight for i in table.indicators]
    what = f"项目“{table.project}”" if table.project else "部门整体绩效目标"
    if not any(w is not None for w in weights):
        return
    if None in weights:
        sheet.problems.append(f"工作表“{sheet.sheet}”：{what}有指标的权重未填或不是数字（第"
                              f"{'、'.join(str(i.line) for i in table.indicators if i.weight is None)}行），"
                              "权重合计无法核对")
        return
    total = sum(weights, Decimal(0))
    if total not in totals:
        rows = f"第{table.indicators[0].line}—{table.indicators[-1].line}行"
        sheet.problems.append(f"工作表“{sheet.sheet}”：{what}的指标权重合计为{total.normalize():f}（{rows}），"
                              f"应为{'或'.join(f'{t.normalize():f}' for t in totals)}，请更正后重新生成")


def assets_of(sheet: SheetReader) -> Assets | None:
    """The figures by their labels; the vehicle kinds are the rows between 车辆 and the next label."""
    labels = data()["assets"]
    found = Assets()
    at = {text(sheet.at(r, 0)): r for r in range(len(sheet.rows)) if text(sheet.at(r, 0))}
    at.pop(labels["header"][0], None)
    any_filled = any(filled(sheet.at(r, 1)) for r in at.values())
    if not any_filled:
        return None
    if labels["as_of"] in at:
        found.as_of = text(sheet.at(at[labels["as_of"]], 1))
    if labels["building"] in at:
        area = sheet.number(at[labels["building"]], 1, "房屋面积") or Decimal(0)
        if area < 0:
            sheet.say(at[labels["building"]], 1, f"房屋面积“{sheet.at(at[labels['building']], 1)}”是负数，未采用")
            area = Decimal(0)
        found.building = area
    start, end = at.get(labels["vehicles"]), at.get(labels["general"])
    for r in range(start + 1, end) if start is not None and end is not None else ():
        kind = text(sheet.at(r, 0))
        if kind:
            found.vehicles[kind] = sheet.count(r, 1, f"{kind}车辆数")
    for key in ("general", "special", "buy_vehicles", "buy_general", "buy_special"):
        if labels[key] in at:
            found.counts[key] = sheet.count(at[labels[key]], 1, labels[key].split("（")[0] + "数量")
    return found
