"""`budgetlens render`: the standard document written from a filled workbook or any disclosure."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import typer
from rich.console import Console

from ..pipeline import parse as parse_file
from ..readers import ReadError
from ..render import FORMATS, RenderError, build_document, write
from ..render.build import with_targets
from ..render.form import FormData, read_form, write_form

err = Console(stderr=True)


def render(files: list[Path] = typer.Argument(..., help="填好的预算表工作簿，或任何可读取的公开文件（几个文件合并为一份）"),
           output: Path = typer.Option(..., "--output", "-o", help="输出文件：.docx、.pdf、.html 或 .xlsx"),
           prior: Path | None = typer.Option(None, "--prior", help="上年的公开文件：用于计算比上年增减")):
    """生成标准的预算公开文件（封面、目录、概况、公开表、情况说明、名词解释）；列出留待填写的内容。"""
    suffix = output.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        fail(f"不支持的输出格式“{output.suffix or '（无扩展名）'}”：请用 .docx、.pdf、.html 或 .xlsx")
    if any(output.resolve() == f.resolve() for f in [*files, *([prior] if prior else [])]):
        fail(f"输出文件 {output} 与输入文件相同，为免覆盖输入，请另指定输出文件")
    disc = read(*files)
    prior_disc = read(prior) if prior else None
    form = next((f for f in map(read_form, files) if f is not None), None)
    last = read_form(prior) if prior else None
    if last is not None:
        # (last year's form states its 机关运行经费 …: this year's 上年数 where the form leaves them)
        form = form or FormData()
        form.prior = {**last.as_last_year(), **form.prior}
    told(form)
    try:
        doc = build_document(disc, prior_disc, form)
        # written beside the output and moved into place: a failure leaves no half-written file
        fd, tmp = tempfile.mkstemp(suffix=output.suffix, dir=output.resolve().parent)
        os.close(fd)
        try:
            write(doc, Path(tmp))
            os.replace(tmp, output)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except RenderError as exc:
        fail(str(exc))
    err.print(f"已写出 {output}")
    # (a form's weights are said by cell before rendering: not again as the checker words them)
    inconsistent(with_targets(disc, form), ("P-WEIGHT-SUM",) if form is not None and form.targets.performance else ())
    report(doc)


def form(template: str = typer.Argument(..., help="模板编号，如 xj-dept-budget-2025（见 budgetlens/templates/data/）"),
         output: Path = typer.Option(..., "--output", "-o", help="输出的填报工作簿（.xlsx）"),
         unit: str = typer.Option("", "--unit", help="单位名称（写入表头“编制部门”和概况）"),
         year: int | None = typer.Option(None, "--year", help="预算（决算）年度")):
    """生成一个模板的空白填报工作簿：每张公开表一个工作表，另有概况、上年数、绩效目标、国有资产工作表；填好后用 render 生成标准文件。"""
    if output.suffix.lower() != ".xlsx":
        fail(f"填报表须为 .xlsx 文件，不能写成“{output.suffix or '（无扩展名）'}”")
    fd, tmp = tempfile.mkstemp(suffix=".xlsx", dir=output.resolve().parent)
    os.close(fd)
    try:
        write_form(template, Path(tmp), unit, year)
        os.replace(tmp, output)
    except RenderError as exc:
        fail(str(exc))
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    err.print(f"已写出填报表 {output}")


def told(form) -> None:
    """What the form's own cells get wrong (no number, an indicator without its 三级指标, weights
    not adding up), said before the document is written, each by sheet and cell."""
    if form is None or not form.problems:
        return
    err.print(f"[red]填报表有 {len(form.problems)} 处问题（下列单元格未采用或需更正），请更正后重新生成：[/red]")
    for p in form.problems:
        err.print(f"  - {p}", markup=False, highlight=False)


def inconsistent(disc, told_rules: tuple[str, ...] = ()) -> None:
    """The input's own errors (a 合计 that is not the sum of its parts, a 绩效目标表 whose amount
    is not its project's in 表7 …), listed as the checker words them: the document prints the
    input as it is, it never mends a figure."""
    from ..checks import check

    found = [f for f in check(disc).findings if f.severity == "error" and f.rule != "C-PLACEHOLDER"
             and f.rule not in told_rules]
    if not found:
        return
    err.print(f"[red]输入数据不一致：核对发现 {len(found)} 项错误，标准文件按输入原样印出，请更正输入后重新生成：[/red]")
    for f in found:
        err.print(f"  - [{f.rule}] {f.message}", markup=False, highlight=False)


def read(*paths: Path):
    try:
        return parse_file(*paths)
    except ReadError as exc:
        fail(str(exc))


def fail(message: str):
    err.print(f"[red]错误：[/red]{message}", markup=True, highlight=False)
    raise typer.Exit(2)


def report(doc) -> None:
    """What the document leaves to the officer, one line each."""
    lines = ([f"待填写：{p}" for p in doc.placeholders] + [f"输入中没有此表，已按空表印出：{t}" for t in doc.empty_tables]
             + [f"栏目未定、未印入表中的金额：{u}" for u in doc.undecided])
    if not lines:
        err.print("没有留待填写的内容。")
        return
    err.print(f"[yellow]留待填写或核实的内容 {len(lines)} 项：[/yellow]")
    for line in lines:
        err.print(f"  - {line}", markup=False, highlight=False)
