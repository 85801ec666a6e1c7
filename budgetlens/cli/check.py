"""`budgetlens check` and `budgetlens rules`."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console

from ..checks import check as run_checks
from ..checks import load_catalogue, load_config
from ..checks.report import rules_csv, rules_markdown, to_csv, to_json, to_text
from ..pipeline import parse as parse_file
from ..readers import ReadError

err = Console(stderr=True)


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    html = "html"
    csv = "csv"


class RulesFormat(str, Enum):
    markdown = "markdown"
    csv = "csv"


def _parse_or_exit(*paths: Path):
    try:
        return parse_file(*paths)
    except ReadError as exc:
        err.print(f"[red]错误：[/red]{exc}")
        raise typer.Exit(2)


def _config(path: Path | None):
    try:
        return load_config(path)
    except (OSError, ValueError) as exc:
        err.print(f"[red]配置文件错误：[/red]{exc}")
        raise typer.Exit(2)


def check(files: list[Path] = typer.Argument(..., help="一份或多份公开文件"),
          prior: Path | None = typer.Option(None, "--prior", help="同一单位上年的公开文件，用于跨年核对"),
          department: Path | None = typer.Option(None, "--department",
                                                 help="所属部门同年的部门预算公开文件，核对单位数不超过部门数"),
          format: CheckFormat = typer.Option(CheckFormat.text, "--format", "-f", help="text|json|html|csv"),
          config: Path | None = typer.Option(None, "--config", help="规则配置（停用、调整级别、参数）"),
          output: Path | None = typer.Option(None, "--output", "-o", help="写入文件而非标准输出"),
          verbose: bool = typer.Option(False, "--verbose", "-v", help="同时列出提示和未检查的规则"),
          bundle: bool = typer.Option(False, "--bundle", "-b",
                                      help="所列文件是同一份公开的几个部分（如表格和说明分开的 PDF），合并核对"),
          draft: bool = typer.Option(False, "--draft",
                                     help="草稿核对：【待填写】等占位符列为待填写事项（警告），不算错误；正式发布前请不加此项再核对")):
    """核对公开文件：表内运算、表间勾稽、说明与表格、完整性、科目、日期、跨年、单位与所属部门。有错误时退出码为 1。"""
    cfg = _config(config)
    if draft:
        cfg.params["draft"] = True
    prior_disc = _parse_or_exit(prior) if prior else None
    dept_disc = _parse_or_exit(department) if department else None
    reports, discs = [], []
    for group in ([files] if bundle else [[f] for f in files]):
        disc = _parse_or_exit(*group)
        discs.append(disc)
        reports.append(run_checks(disc, prior=prior_disc, config=cfg, department=dept_disc))
    if format is CheckFormat.html:
        if len(reports) > 1 and output is None:
            err.print("[red]错误：[/red]多份文件的 HTML 报告需要用 -o 指定目录")
            raise typer.Exit(2)
        _write_html(reports, discs, output)
    else:
        text = {CheckFormat.text: lambda: "\n".join(to_text(r, verbose) for r in reports),
                CheckFormat.json: lambda: to_json(reports) + "\n",
                CheckFormat.csv: lambda: to_csv(reports)}[format]()
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    if draft:
        pending = sum(1 for r in reports for f in r.findings if f.rule == "C-PLACEHOLDER")
        err.print(f"草稿核对：待填写 {pending} 项（列在警告中；正式发布前须填写，不加 --draft 核对时为错误）")
    if any(r.has_errors for r in reports):
        raise typer.Exit(1)


def _write_html(reports, discs, output: Path | None) -> None:
    from ..checks.html import to_html
    if len(reports) == 1:
        page = to_html(reports[0], discs[0])
        if output:
            output.write_text(page, encoding="utf-8")
        else:
            sys.stdout.write(page)
        return
    output.mkdir(parents=True, exist_ok=True)
    for report, disc in zip(reports, discs):
        name = Path(report.file or "report").stem + ".html"
        (output / name).write_text(to_html(report, disc), encoding="utf-8")
    err.print(f"已写出 {len(reports)} 份报告到 {output}")


def rules(format: RulesFormat = typer.Option(RulesFormat.markdown, "--format", "-f", help="markdown|csv"),
          config: Path | None = typer.Option(None, "--config", help="规则配置（显示调整后的级别）")):
    """列出规则目录。"""
    catalogue = load_catalogue(_config(config))
    sys.stdout.write(rules_markdown(catalogue) if format is RulesFormat.markdown else rules_csv(catalogue))
