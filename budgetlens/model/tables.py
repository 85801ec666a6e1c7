"""A table losslessly as printed: header rows, data rows, raw cell texts, provenance."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, Field

from ..text import SUB_LABEL
from .provenance import Provenance

# PrintedTable.kind of a table the template does not know: kept as printed (extract.unknown),
# no column mapped, no Fact made, no rule run on its figures
UNKNOWN_KIND = "unknown"

# the kinds as a reader names them (reports, summaries); a template's own title may differ
KIND_NAMES = {
    "summary": "收支总表", "income": "收入总表", "expenditure": "支出总表",
    "fiscal_summary": "财政拨款收支总表", "gpb_expenditure": "一般公共预算支出表",
    "basic_expenditure": "一般公共预算基本支出表", "project_expenditure": "一般公共预算项目支出表",
    "gov_fund_expenditure": "政府性基金预算支出表", "state_capital_expenditure": "国有资本经营预算支出表",
    "three_public": "“三公”经费支出表", "carryover": "上年结转结余表", "procurement": "政府采购预算表",
    "fiscal_expenditure": "财政拨款支出表", "fiscal_basic_expenditure": "财政拨款基本支出表",
    "operating_cost": "机关运行经费支出表",
}


class HeaderRow(BaseModel):
    line: int
    cells: list[str]


class PrintedColumn(BaseModel):
    key: str                       # template column key, prefixed by side for side-by-side tables
    label: str                     # canonical label as printed in the template (display form)
    side: str | None = None        # income / expenditure for 表1 and 表4
    coords: dict[str, str] = Field(default_factory=dict)


# PrintedCell.unread of a figure counting cars or receptions under a table's money ("公务用车保有量
# （辆）| | 6", extract.units.counted_rows): printed, yet no amount of any kind
UNREAD_COUNT = "是数量（如辆、人次），不是金额"


class PrintedCell(BaseModel):
    text: str                      # raw text as printed
    amount: Decimal | None = None
    precision: int | None = None   # decimal places printed
    column: str | None = None      # decided column key
    candidates: list[str] = Field(default_factory=list)  # undecided: every possible column key
    decided_by: str | None = None  # position / order / identities / definition (its row's economic class)
    provenance: Provenance
    # a cell whose amount could not be read: why (公式无计算结果, 错误值 #REF!, 印成“###”…); its
    # amount is None and it has no Fact, and the checks say what needs it was not checked
    unread: str | None = None


class PrintedRow(BaseModel):
    index: int
    side: str | None = None
    code: str = ""                 # joined classification code as printed
    name: str = ""
    project: str = ""
    raw_label: str = ""            # label cells as printed, joined by " | "
    row_number: str = ""           # the row's 行次 as printed (决算 sheets number their rows)
    coords: dict[str, str] = Field(default_factory=dict)  # what the row is (code, item, project)
    cells: list[PrintedCell] = Field(default_factory=list)
    line: int
    line_end: int | None = None

    @property
    def classified_code(self) -> str:
        """The row's classification code: as printed, else as its official name gives it
        (extract.tables.codes_from_names puts it in the coordinates)."""
        return self.code or self.coords.get("function_code") or self.coords.get("economic_code") or ""


class PrintedTable(BaseModel):
    index: int
    kind: str
    # the number as printed (表 3, 表三, 公开03表 → 3); of a sub-label (表1-3) the number that tells
    # the table: 1 where the document's 表1-x are copies of one table (a department's units'
    # 收支总表), 3 where it numbers its tables 表1-1 … 表1-11, none where its groups of tables each
    # number theirs (表1-1 … 表1-4, 表2-1 …): the label tells them
    number: int | None = None
    label: str | None = None       # the label text as printed
    title: str
    unit: str | None = None        # 元 / 万元 from the table's 单位 line
    unit_name: str | None = None   # 编制部门/编制单位
    # the set of tables it belongs to: 0 the document's own (a department's 汇总), 1, 2 … each
    # unit's whose tables the document prints after them; None where that cannot be told
    group: int | None = 0
    template_table: str | None = None
    columns: list[PrintedColumn] = Field(default_factory=list)
    header: list[HeaderRow] = Field(default_factory=list)
    rows: list[PrintedRow] = Field(default_factory=list)
    empty_note: str | None = None  # "…为空表" sentence
    header_unmapped: list[str] = Field(default_factory=list)  # header text no template string explains
    line: int
    line_end: int
    pages: int = 1                 # parts separated by repeated headers
    provenance: Provenance

    def column(self, key: str) -> PrintedColumn | None:
        return next((c for c in self.columns if c.key == key), None)

    @property
    def template_variant(self) -> str | None:
        """The template table's variant it was read with ("kind#n/variant"), None for its own layout."""
        t = self.template_table
        return t.split("/", 1)[1] if t and "/" in t else None

    @property
    def sub_labelled(self) -> bool:
        """The label prints a sub-number (表1-3)."""
        return SUB_LABEL.search(self.label or "") is not None

    @property
    def printed_number(self) -> str:
        """The table's number as its label prints it: "1-3" for a sub-label (表1-3), else its
        number ("3"); "" for a table without one."""
        m = SUB_LABEL.search(self.label or "")
        return f"{m.group(1)}-{m.group(2)}" if m else str(self.number or "")

    @property
    def is_empty(self) -> bool:
        # (a cell printed but not read, PrintedCell.unread, is no empty cell: its figure is there;
        # a count is no money: a table printing counts alone is empty of money)
        return not any(c.amount or c.unread and c.unread != UNREAD_COUNT for r in self.rows for c in r.cells)
