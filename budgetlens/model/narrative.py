"""The narrative (情况说明): sections and the typed claims a machine can check."""

from __future__ import annotations

from bisect import bisect_right
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from .facts import Coords
from .provenance import Provenance

# amount: "X 万元"; share: "占 X%"; change: "比上年增加 X 万元"; rate: "增长 X%";
# count: "N 个/人/台"; threshold: "50 万元以上"; unit_price: "0.02 万元/人";
# target: a performance indicator value "≤6 万元"; percent: any other percentage.
# completion: "完成年初预算的 X%" (决算: the year's actual over its budget, basis 年初预算/调整预算/预算).
# prior: last year's figure stated beside this year's ("上年预算数为 150.00 万元")
ClaimKind = Literal["amount", "share", "change", "rate", "count", "threshold", "unit_price", "target",
                    "percent", "completion", "prior"]


class Subject(BaseModel):
    text: str                          # the words the sentence uses
    coords: Coords | None = None       # resolved fact coordinates, when it refers to one
    concept: str | None = None         # canonical concept (total_budget, basic, gpb, function:201, …)


class Claim(BaseModel):
    kind: ClaimKind
    section: str | None = None         # section number as printed (一、 …)
    subject: Subject
    value: Decimal
    unit: str                          # 万元 / 元 / % / 个 / 人 …
    precision: int | None = None       # places printed; an approximate figure's last digit not 0 (约240: -1)
    direction: Literal["increase", "decrease", "flat"] | None = None  # change and rate claims
    basis: str | None = None           # 上年预算 / 上年执行数 / 上年决算 / 上年; completion: 年初预算 …
    implied_prior: Decimal | None = None
    whole: Subject | None = None       # share: what it is a share of, when the sentence says ("占本年支出的")
    # a figure the words do not state exactly: 约/近/…左右 (approx), 超过/逾 (over), 不到/不足 (under)
    qualifier: Literal["approx", "over", "under"] | None = None
    text: str                          # the number as printed
    sentence: str
    provenance: Provenance
    # the index in Narrative.claims of the amount a change is measured from, or a prior is last
    # year's figure of (stated beside it): a prior and a change of one amount in two sentences
    # must agree. Kept out of the JSON output, as the reading of one parse.
    of_amount: int | None = Field(default=None, exclude=True)
    # the set of tables it speaks of (PrintedTable.group): 0 the document's own (a department's
    # 汇总), else the unit's whose name the words give (extract.claim_sets); written out only
    # where it is a unit's
    table_set: int = Field(default=0, exclude_if=lambda v: v == 0)


class ListItem(BaseModel):
    name: str
    amount: Decimal | None = None
    unit: str | None = None


class ItemList(BaseModel):
    """人员经费/公用经费 主要包括…, 支出预算包括…, 资金分配情况…"""

    section: str | None = None
    subject: Subject
    items: list[ListItem]
    sentence: str
    provenance: Provenance
    table_set: int = Field(default=0, exclude_if=lambda v: v == 0)     # as Claim.table_set


class ProjectInfo(BaseModel):
    name: str
    policy_basis: str | None = None
    scale: Decimal | None = None
    scale_unit: str | None = None
    undertaker: str | None = None
    allocation: list[ListItem] = Field(default_factory=list)
    period: str | None = None
    provenance: Provenance
    table_set: int = Field(default=0, exclude_if=lambda v: v == 0)     # as Claim.table_set


class IndicatorTarget(BaseModel):
    """An indicator value read as a comparison: "≥95%" → (≥, 95, %), "＜=20万元" → (≤, 20, 万元)."""
    op: Literal["=", "≥", "≤", ">", "<"]
    number: Decimal
    unit: str | None = None            # as printed after the figure (%, 万元, 次/年, 天 …)


class PerformanceIndicator(BaseModel):
    level1: str | None = None
    level2: str | None = None
    level3: str
    value: str | None = None           # as printed
    target: IndicatorTarget | None = None   # the value read, where it is a comparison
    basis: str | None = None
    weight: Decimal | None = None
    line: int
    # read from text whose cells are cut over lines: the name may begin a line or more before
    # the one read (the row before's last cells cannot be told from it); a parse issue says so
    unsure: bool = Field(default=False, exclude_if=lambda v: not v)
    # the 上年完成值 (历史值) the row prints, as printed: a column of its own, not the basis
    prior: str | None = Field(default=None, exclude_if=lambda v: v is None)


class PerformanceFund(BaseModel):
    """One amount a performance table prints of its money, as printed: 资金总额 (total), a part
    of the 财政资金 (上级安排, 本级安排, 其中：财政拨款: fiscal) or of the 其他资金 (other)."""
    kind: Literal["total", "fiscal", "other"]
    label: str
    amount: Decimal
    line: int


class PerformanceTable(BaseModel):
    kind: Literal["department", "project"]
    project: str | None = None
    amount: Decimal | None = None      # 年度预算总额 / 资金总额
    fiscal_amount: Decimal | None = None
    # each amount of 年度预算 with its line (a department table prints 上级安排 | 本级安排 | 其他)
    funds: list[PerformanceFund] = Field(default_factory=list, exclude_if=lambda v: not v)
    unit: str = "万元"                 # of the amounts, as the table prints it ("项目资金(元)")
    year: int | None = None            # the year printed under the title: "（2026年）"
    year_line: int | None = None
    # the 年度绩效目标 / 项目总体目标 text, as printed (its lines joined)
    goal: str | None = Field(default=None, exclude_if=lambda v: v is None)
    indicators: list[PerformanceIndicator] = Field(default_factory=list)
    # the lines of indicator rows the text prints but no reading could part into cells (a value
    # in words among cells cut over lines): the table's weights are not all read
    unread_rows: list[int] = Field(default_factory=list, exclude_if=lambda v: not v)
    # the weight of each unread row, where the text prints it where a weight stands (a figure
    # alone at the row's end): with them the weights are summed; None where it cannot be told
    unread_weights: list[Decimal | None] = Field(default_factory=list, exclude_if=lambda v: not v)
    provenance: Provenance
    # the unit the table prints itself of (预算单位, 部门名称 …): it tells the table's set; kept
    # out of the JSON output, where the set it told is (table_set, as Claim.table_set)
    unit_name: str | None = Field(default=None, exclude=True)
    table_set: int = Field(default=0, exclude_if=lambda v: v == 0)

    def unread_with_weights(self) -> list[tuple[int, Decimal | None]]:
        """Each unread row's line and its weight (None where the reader could not tell it)."""
        weights = self.unread_weights if len(self.unread_weights) == len(self.unread_rows) else []
        return [(line, weights[k] if weights else None) for k, line in enumerate(self.unread_rows)]


class Section(BaseModel):
    number: str | None = None          # 一 … 十二
    title: str
    text: str
    provenance: Provenance
    # where each source line starts in text, and its number; used to quote a sentence, kept
    # out of the JSON output (two lists of ints, not a pair per line: the collector walks one
    # object per list, not one per line)
    line_starts: list[int] = Field(default_factory=list, exclude=True)
    line_nos: list[int] = Field(default_factory=list, exclude=True)
    # the paragraphs as the walk gave them, not yet in line_starts: each one's length in text
    # (a "\n" after each) and its lines' (offset in it, number). Indexed when a line is first
    # asked for (index_lines): a parse seldom asks, and indexing 003's 900 paragraphs cost
    # 1.6 M instructions
    para_lengths: list[int] = Field(default_factory=list, exclude=True)
    para_starts: list[list[tuple[int, int]]] = Field(default_factory=list, exclude=True)

    def line_at(self, offset: int) -> int | None:
        if self.para_starts:
            self.index_lines()
        k = bisect_right(self.line_starts, offset)
        return self.line_nos[k - 1] if k else self.provenance.line

    def index_lines(self) -> None:
        """line_starts and line_nos of the paragraphs given so far (the last of text, each
        with its "\n": they start where the text indexed before ends)."""
        at, nos = self.line_starts, self.line_nos
        base = len(self.text) - sum(self.para_lengths) - len(self.para_lengths)
        for length, starts in zip(self.para_lengths, self.para_starts):
            at.extend([base + off for off, _ in starts])
            nos.extend([no for _, no in starts])
            base += length + 1
        self.para_lengths.clear()
        self.para_starts.clear()


class Narrative(BaseModel):
    sections: list[Section] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    item_lists: list[ItemList] = Field(default_factory=list)
    projects: list[ProjectInfo] = Field(default_factory=list)
    performance: list[PerformanceTable] = Field(default_factory=list)
