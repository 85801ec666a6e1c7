"""`budgetlens codes …`: import, show and list 政府收支分类科目."""

from __future__ import annotations

import csv
import sys
from collections import Counter
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from ..codes import CodeImportError, import_official, load_registry
from ..codes.registry import CLASSIFICATION_LABELS, COLUMNS, LEVELS

app = typer.Typer(help="政府收支分类科目", no_args_is_help=True)
err = Console(stderr=True)


class Classification(str, Enum):
    function = "function"
    economic = "economic"


class ListFormat(str, Enum):
    text = "text"
    csv = "csv"


SHORT_LABELS = {"function": "功能", "economic": "经济"}   # keeps the text table narrow
YEAR = typer.Option(None, "--year", "-y", min=1990, max=2100, help="年度（科目名称按该年度取）")


@app.command("import")
def import_cmd(file: Path = typer.Argument(..., help="财政部门的政府收支分类科目表（.xlsx / .xls）"),
               year: int = typer.Option(..., "--year", "-y", min=1990, max=2100, help="科目表适用的年度"),
               classification: Classification | None = typer.Option(
                   None, "--classification", "-c", help="function 支出功能分类 | economic 部门预算支出经济分类；默认按编码判断")):
    """导入官方科目表，写入用户数据目录，此后的核对会使用它。"""
    try:
        entries = import_official(file, year, classification.value if classification else None)
    except CodeImportError as exc:
        err.print(f"[red]错误：[/red]{exc}")
        raise typer.Exit(2)
    for kind, label in CLASSIFICATION_LABELS.items():
        levels = Counter(e.level for e in entries if e.classification == kind)
        if levels:
            detail = "，".join(f"{lv} {levels[lv]} 个" for lv in LEVELS.values() if levels[lv])
            print(f"已导入 {year} 年{label}科目 {sum(levels.values())} 个：{detail}")


@app.command()
def show(code: str = typer.Argument(..., help="科目编码，如 2010301 或 30211"), year: int | None = YEAR):
    """显示一个科目：名称、级次、上级科目、出现年度。"""
    registry = load_registry(year)
    entries = registry.find(code)
    if not entries:
        err.print(f"[red]未知科目编码：[/red]{code}")
        raise typer.Exit(1)
    console = Console()
    for entry in entries:
        console.print(f"[bold]{entry.code} {entry.name}[/bold]（{CLASSIFICATION_LABELS[entry.classification]}，{entry.level}）")
        if len(entry.names) > 1:
            console.print(f"其他名称：{'、'.join(entry.names[1:])}")
        console.print(f"出现年度：{'、'.join(map(str, entry.years)) or '（标准科目，无年度）'}")
        for ancestor in ancestors(registry, entry):
            console.print(f"上级：{ancestor}")


def ancestors(registry, entry) -> list[str]:
    found, code = [], registry.parent(entry.code)
    while code:
        parent = registry.lookup(entry.classification, code)
        found.append(f"{code} {parent.name if parent else '（未收录）'}")
        code = registry.parent(code)
    return found


@app.command("list")
def list_cmd(year: int | None = YEAR,
             classification: Classification | None = typer.Option(None, "--classification", "-c"),
             format: ListFormat = typer.Option(ListFormat.text, "--format", "-f", help="text|csv")):
    """列出已知科目（名称按所选年度）。"""
    entries = load_registry(year).entries(classification.value if classification else None)
    if format is ListFormat.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for e in entries:
            writer.writerow({"code": e.code, "classification": e.classification, "level": e.level,
                             "name": e.name, "years": ";".join(map(str, e.years)),
                             "aliases": ";".join(e.names[1:])})
        return
    table = Table(title=f"政府收支分类科目{f'（{year} 年）' if year else ''}")
    for col in ("编码", "分类", "级次", "名称", "其他名称", "年度"):
        table.add_column(col)
    for e in entries:
        table.add_row(e.code, SHORT_LABELS[e.classification], e.level, e.name,
                      "、".join(e.names[1:]), ",".join(map(str, e.years)))
    Console().print(table)
