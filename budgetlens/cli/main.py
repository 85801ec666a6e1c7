"""The `budgetlens` command."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console

from ..pipeline import parse as parse_file
from ..readers import ReadError
from .check import check, rules
from .codes import app as codes_app
from .render import form, render
from .serve import serve
from .store import register as register_store
from .summary import print_summary

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="budgetlens：读取、核对、发布部门预算公开文件")
app.add_typer(codes_app, name="codes")
app.command()(check)
app.command()(rules)
app.command()(render)
app.command()(form)
register_store(app)   # ingest, query, compare, export, db
app.command()(serve)
err = Console(stderr=True)
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


class ParseFormat(str, Enum):
    summary = "summary"
    json = "json"
    cells = "cells"


@app.command()
def parse(files: list[Path] = typer.Argument(..., help="公开文件（PDF、DOCX、XLSX/XLS、HTML、页面图片或文本形式）；"
                                                  "同一份公开分成几个文件时（如表格和说明分开的 PDF）依次列出，合并为一份"),
          format: ParseFormat = typer.Option(ParseFormat.summary, "--format", "-f", help="summary|json|cells"),
          output: Path | None = typer.Option(None, "--output", "-o", help="写入文件而非标准输出")):
    """读取一份公开文件，输出结构化结果。"""
    try:
        disc = parse_file(*files)
    except ReadError as exc:
        err.print(f"[red]错误：[/red]{exc}")
        raise typer.Exit(2)
    if format is ParseFormat.json:
        text = disc.model_dump_json(indent=2)
    elif format is ParseFormat.cells:
        from ..render_cells import cells_csv
        text = cells_csv(disc)
    else:
        text = None
    if text is None:
        print_summary(disc, Console(file=open(output, "w", encoding="utf-8")) if output else Console())
    elif output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    if disc.missing:
        err.print(f"[yellow]警告：[/yellow]文件不完整，缺少 {len(disc.missing)} 项：{'、'.join(disc.missing)}")


@app.command()
def schema(output: Path = typer.Option(Path("schema/disclosure.schema.json"), "--output", "-o")):
    """写出 Disclosure 的 JSON Schema。"""
    from ..model import json_schema
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    err.print(f"已写出 {output}")


@app.command()
def demo():
    """解析并核对内置的示例文件（四份真实公开文件的文本版本），打印概要和发现的问题。"""
    from ..checks import check as run_checks
    from ..checks.report import to_text
    console = Console()
    for path in sorted(EXAMPLES.glob("*.txt")):
        console.rule(path.name)
        disc = parse_file(path)
        print_summary(disc, console)
        console.print(to_text(run_checks(disc)), markup=False, highlight=False)


if __name__ == "__main__":
    app()
