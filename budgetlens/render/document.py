"""The document every writer renders: headings, paragraphs and tables, in order.

One model, four writers (HTML, PDF, DOCX, XLSX): what the document says is decided once, here,
never by a writer. Amounts stay Decimal; a table cell holds the text it prints and, for an
amount, the Decimal it stands for (the XLSX writer writes that number)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

PLACEHOLDER = "【待填写：{}】"


@dataclass
class Heading:
    text: str
    level: int = 1                   # 1 part, 2 section, 3 sub-section
    anchor: str | None = None        # what a 目录 entry points at (its page number in the PDF)


@dataclass
class Paragraph:
    text: str
    style: str = "body"              # body / cover / toc / note / placeholder
    target: str | None = None        # a 目录 entry: the anchor of its heading or table


@dataclass
class Cell:
    text: str
    amount: Decimal | None = None
    places: int = 2
    slot: bool = False               # an amount left for the officer to fill (the blank form)
    prose: bool = False              # running text (a 绩效目标表's goal): wraps over as many lines as it needs


@dataclass
class TableBlock:
    label: str                       # 表1
    title: str
    unit_line: str                   # 单位：万元
    unit_name: str                   # 编制部门：…
    header: list[list[str]]          # header rows, a merged cell's text in its first cell
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)   # row, col, rows, cols
    body: list[list[Cell]] = field(default_factory=list)
    note: str | None = None          # "…为空表" under an empty table
    kind: str = ""

    @property
    def anchor(self) -> str:
        return f"table-{self.kind}"

    @property
    def width(self) -> int:
        return max([len(r) for r in self.header] + [len(r) for r in self.body] + [1])


Block = Heading | Paragraph | TableBlock


@dataclass
class Document:
    title: str
    blocks: list[Block] = field(default_factory=list)
    # what the document leaves for the officer to write: 【待填写：…】 and 【请说明…】 texts,
    # tables the input lacks, amounts whose column the input did not decide
    placeholders: list[str] = field(default_factory=list)
    empty_tables: list[str] = field(default_factory=list)
    undecided: list[str] = field(default_factory=list)

    def placeholder(self, what: str) -> str:
        text = PLACEHOLDER.format(what)
        if what not in self.placeholders:
            self.placeholders.append(what)
        return text

    def tables(self) -> list[TableBlock]:
        return [b for b in self.blocks if isinstance(b, TableBlock)]
