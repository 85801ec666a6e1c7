"""`budgetlens ingest | query | compare | export | db`: the store on the command line."""

from __future__ import annotations

import csv
import json
import re
import sys
from decimal import Decimal
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from ..render.figures import money
from ..store.errors import StoreError

err = Console(stderr=True)
db_app = typer.Typer(help="数据库：迁移与概况", no_args_is_help=True)

DB_HELP = "数据库 URL（默认：用户数据目录下的 SQLite 文件；PostgreSQL：postgresql+psycopg://…）"
YEAR = re.compile(r"^(19|20)\d\d$")
STATUS_LABELS = {"ok": "通过", "warnings": "有警告", "errors": "有错误", "unreadable": "无法读取",
                 "failed": "处理出错", "known": "已入库（跳过）"}


def db_option():
    return typer.Option(None, "--db", envvar="BUDGETLENS_DB", help=DB_HELP)


def fail(exc: Exception, code: int = 2):
    err.print(f"[red]错误：[/red]{exc}")
    raise typer.Exit(code)


# -- ingest ---------------------------------------------------------------------------------------
def ingest(paths: list[Path] = typer.Argument(..., help="文件或文件夹（递归读取）"),
           db: str | None = db_option(),
           workers: int | None = typer.Option(None, "--workers", "-w",
                                              help="本地工作进程数（0 = 在本进程内；默认按文件数和 CPU 数）"),
           scheduler: str | None = typer.Option(None, "--scheduler",
                                                help="Dask 调度器地址，如 tcp://10.0.0.5:8786（在集群上读取与核对）"),
           retry: bool = typer.Option(False, "--retry", help="重新读取以前无法读取或出错的文件（读取程序更新后）"),
           draft: bool = typer.Option(False, "--draft", help="存为草稿：发布前只有登录的管理员在网站上可见，不进入比较与导出"),
           quiet: bool = typer.Option(False, "--quiet", "-q", help="不显示进度条")):
    """读取、核对并存入数据库。按内容哈希去重；ZIP 压缩包解压后逐个导入。同一单位同一年度的新版本取代旧版本但不删除（哪一版较新，先看落款日期，再看文件名是否标明更正，都不能判断时以后入库者为准）。
    有文件未能入库（无法读取或出错）时退出码为 1。"""
    from ..store import Ingest, open_engine
    try:
        engine = open_engine(db)
    except StoreError as exc:
        fail(exc)
    progress = Progress(TextColumn("[bold]导入"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                        TimeElapsedColumn(), console=err, disable=quiet, transient=False)
    task = progress.add_task("", total=None)

    def on_result(_out, summary):
        progress.update(task, total=job.total, completed=summary.processed + summary.counts["known"],
                        description=counts_text(summary.counts))

    job = Ingest(engine, workers=workers, scheduler=scheduler, on_result=on_result, retry=retry, draft=draft)
    job.total = 0
    try:
        with progress:
            summary = job.run(paths)
    except StoreError as exc:
        fail(exc)
    except OSError as exc:      # e.g. the Dask scheduler cannot be reached
        fail(f"无法连接 {scheduler or '工作进程'}：{exc}")
    print_summary(summary, engine)
    raise typer.Exit(1 if summary.counts["unreadable"] or summary.counts["failed"] else 0)


def counts_text(counts) -> str:
    return (f"[green]通过 {counts['ok']}[/] · [yellow]警告 {counts['warnings']}[/] · "
            f"[red]错误 {counts['errors']}[/] · 无法读取 {counts['unreadable'] + counts['failed']} · "
            f"已入库 {counts['known']}")


def print_summary(summary, engine) -> None:
    from ..store.db import describe
    table = Table(title="导入结果", show_header=True)
    table.add_column("结果")
    table.add_column("文件数", justify="right")
    for key, label in STATUS_LABELS.items():
        table.add_row(label, str(summary.counts[key]))
    err.print(table)
    rate = summary.processed / summary.seconds if summary.seconds else 0
    if summary.archives:
        err.print(f"解压 ZIP 压缩包 {summary.archives} 个，其中的文件逐个导入")
    err.print(f"新入库文档 {summary.processed} 份，用时 {summary.seconds:.1f} 秒（{rate:.1f} 份/秒）；"
              f"跨年核对 {summary.cross_pairs} 对；单位与所属部门核对 {summary.department_pairs} 对；"
              f"数据库：{describe(engine)}")
    for b in summary.bundles:
        err.print(f"  [green]合并[/] {b.said()}", markup=True, highlight=False)
    for p in summary.problems[:20]:
        err.print(f"  [red]{STATUS_LABELS.get(p.status, p.status)}[/] {p.path}：{p.error}", markup=True,
                  highlight=False)
    if len(summary.problems) > 20:
        err.print(f"  …另有 {len(summary.problems) - 20} 个文件未能入库")


# -- query ----------------------------------------------------------------------------------------
class QueryFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def query(sql: str = typer.Argument(..., help="SQL 查询（只读）；视图：v_totals、v_function_structure、"
                                              "v_basic_project、v_three_public（各文件本部门的表）、"
                                              "v_set_totals（各表组）、v_findings_by_rule、"
                                              "v_current_facts（所有表组，汇总部门数前筛选 table_set = 0）、"
                                              "v_documents；own_set_assumed 为 1：未能判断哪一套是部门汇总，"
                                              "table_set 0 为按印制顺序推定"),
          db: str | None = db_option(),
          format: QueryFormat = typer.Option(QueryFormat.table, "--format", "-f", help="table|csv|json"),
          wan: bool = typer.Option(False, "--wan", help="把 *_fen 列（分）换算为万元")):
    """只读查询数据库（SQLite 以只读方式打开；PostgreSQL 在只读事务中执行）。"""
    from ..store.query import readonly_engine, run_query
    try:
        columns, rows = run_query(readonly_engine(db), sql)
    except StoreError as exc:
        fail(exc)
    if wan:
        columns, rows = fen_to_wan(columns, rows)
    if format is QueryFormat.csv:
        w = csv.writer(sys.stdout)
        w.writerow(columns)
        w.writerows(["" if v is None else v for v in r] for r in rows)
    elif format is QueryFormat.json:
        sys.stdout.write(json.dumps([dict(zip(columns, r)) for r in rows], ensure_ascii=False, indent=1,
                                    default=str) + "\n")
    else:
        table = Table(*columns, title=f"{len(rows)} 行")
        for r in rows:
            table.add_row(*("" if v is None else str(v) for v in r))
        Console().print(table)


def fen_to_wan(columns: list[str], rows: list[tuple]):
    from ..store.query import wan
    idx = [i for i, c in enumerate(columns) if c.endswith("_fen")]
    cols = [c[:-4] + "（万元）" if i in idx else c for i, c in enumerate(columns)]
    out = [tuple(wan(v) if i in idx and isinstance(v, (int, Decimal)) else v for i, v in enumerate(r)) for r in rows]
    return cols, out


# -- compare --------------------------------------------------------------------------------------
def compare(units: list[str] = typer.Argument(..., help="单位名称（全称、简称或其中一部分）或单位代码"),
            years: list[int] | None = typer.Option(None, "--years", help="比较一个单位的这些年度：--years 2025 2026"),
            year: int | None = typer.Option(None, "--year", help="比较多个单位的这一年度"),
            scope: str | None = typer.Option(None, "--scope", help="部门 或 单位（两者从不视为同一主体）"),
            phase: str | None = typer.Option(None, "--phase", help="预算 或 决算"),
            drafts: bool = typer.Option(False, "--drafts", help="草稿代替其将取代的已发布版本（列标“（草稿）”），"
                                                             "如网站上登录的管理员所见"),
            db: str | None = db_option()):
    """比较一个单位的不同年度，或同一年度的多个单位。金额单位：万元。"""
    from ..store.query import compare_request, readonly_engine
    # `--years 2025 2026`: the option takes 2025, the shell hands 2026 over as an argument
    extra = [int(u) for u in units if YEAR.match(u)]
    names = [u for u in units if not YEAR.match(u)]
    try:
        wanted = sorted(set((years or []) + extra)) or None
        result = compare_request(readonly_engine(db), names, wanted, year if not wanted else None, scope, phase,
                                 drafts)
    except StoreError as exc:
        fail(exc)
    for note in result.missing:
        err.print(f"[yellow]注意：[/yellow]{note}，比较中没有这一列")
    for note in result.notes:
        err.print(f"[yellow]注意：[/yellow]{note}")
    for group, labels, values in result.groups:
        Console().print(compare_table(result.title, group, labels, values))


def compare_table(title: str, columns, labels, values) -> Table:
    from ..store.query import ASSUMED_NOTE
    table = Table(title=title + "（万元）")
    if any(c.several_sets for c in columns):
        table.caption = ("标“汇总”的列：该文件另印所属单位的表，所列为其本部门（汇总）表的数字，"
                         "不含单位的表（各单位的数字见 v_set_totals）")
        if any(c.own_set_assumed for c in columns):
            table.caption += "。" + ASSUMED_NOTE
    table.add_column("项目")
    for c in columns:
        table.add_column(c.heading, justify="right")
    pair = len(columns) == 2 and columns[0].unit_id == columns[1].unit_id and columns[0].scope == columns[1].scope
    if pair:
        table.add_column("增减", justify="right")
        table.add_column("增减率", justify="right")
    for label, row in zip(labels, values):
        cells = [money(v) for v in row]
        if pair:
            cells += change(row[0], row[1])
        table.add_row(label, *cells)
    return table


def change(before: Decimal | None, after: Decimal | None) -> list[str]:
    from ..store.query import change as difference
    diff, rate = difference(before, after)
    return [money(diff, "+"), "—" if rate is None else money(rate, "+").replace(",", "") + "%"]


# -- export ---------------------------------------------------------------------------------------
class ExportFormat(str, Enum):
    csv = "csv"
    xlsx = "xlsx"
    json = "json"
    fdp = "fdp"


class ExportTable(str, Enum):
    facts = "facts"
    indicators = "indicators"


class ExportHeader(str, Enum):
    zh = "zh"
    en = "en"


def export(format: ExportFormat = typer.Option(..., "--format", "-f", help="csv|xlsx|json|fdp（Fiscal Data Package）"),
           output: Path = typer.Option(..., "--output", "-o", help="输出文件；fdp 为一个文件夹"),
           db: str | None = db_option(),
           unit: list[str] | None = typer.Option(None, "--unit", help="只导出这些单位"),
           year: list[int] | None = typer.Option(None, "--year", help="只导出这些年度"),
           all_versions: bool = typer.Option(False, "--all-versions", help="包括被新版本取代的文件"),
           table: ExportTable = typer.Option(ExportTable.facts, "--table", "-t",
                                             help="facts：金额（每行一个印制金额）；indicators：绩效目标表的指标（每行一项指标；"
                                                  "fdp 为 Tabular Data Package）"),
           header: ExportHeader = typer.Option(ExportHeader.zh, "--header",
                                               help="csv、xlsx 的列名：zh 中文（默认），en 英文标识（供程序读取，与 json 的键相同）")):
    """导出数据库中的金额（每行一个印制金额及其预算坐标），或绩效目标表的指标（--table indicators）。"""
    from ..store.export import SHEETS
    from ..store.export import export as run_export
    from ..store.query import one_unit, readonly_engine
    try:
        engine = readonly_engine(db)
        unit_ids = [one_unit(engine, u)[0] for u in unit or []]
        n = run_export(engine, format.value, output, table=table.value, header=header.value,
                       all_versions=all_versions, unit_ids=unit_ids or None, years=year or None)
    except StoreError as exc:
        fail(exc)
    err.print(f"已导出 {n} {SHEETS[table.value].counted}到 {output}")


# -- db -------------------------------------------------------------------------------------------
@db_app.command("upgrade")
def db_upgrade(db: str | None = db_option()):
    """创建数据库或迁移到最新结构。"""
    from ..store.db import current_revision, describe, head_revision, open_engine
    try:
        engine = open_engine(db)
    except StoreError as exc:
        fail(exc)
    err.print(f"数据库 {describe(engine)} 已是最新结构（{current_revision(engine)} / {head_revision()}）")


@db_app.command("downgrade")
def db_downgrade(revision: str = typer.Argument(..., help="目标结构版本，如 0006；base 为删除全部表"),
                 db: str | None = db_option()):
    """把数据库结构退回到较早的版本（保留数据；base 删除全部表）。"""
    from ..store import db as store_db
    try:
        engine = store_db.make_engine(store_db.resolve_url(db))
        store_db.downgrade(engine, revision)
    except StoreError as exc:
        fail(exc)
    except Exception as exc:  # noqa: BLE001 — an unknown revision, a database that refuses
        fail(StoreError(f"无法退回数据库结构到 {revision}：{exc}"))
    now = store_db.current_revision(engine) or "base（无表）"
    err.print(f"数据库 {store_db.describe(engine)} 的结构已退回到 {now}")


@db_app.command("info")
def db_info(db: str | None = db_option()):
    """数据库位置、结构版本和各表行数。"""
    from sqlalchemy.engine import make_url

    from ..store.db import current_revision, resolve_url
    from ..store.query import readonly_engine, run_query
    try:
        engine = readonly_engine(db)
        where = make_url(resolve_url(db)).render_as_string(hide_password=True)
        table = Table("表", "行数", title=f"{where}（结构 {current_revision(engine)}）")
        for name in ("units", "disclosures", "documents", "facts", "claims", "findings"):
            _, rows = run_query(engine, f"SELECT COUNT(*) FROM {name}")
            table.add_row(name, str(rows[0][0]))
        _, rows = run_query(engine, "SELECT status, COUNT(*) FROM documents GROUP BY status ORDER BY status")
    except StoreError as exc:
        fail(exc)
    Console().print(table)
    Console().print("文档状态：" + "，".join(f"{STATUS_LABELS.get(s, s)} {n}" for s, n in rows))


def register(app: typer.Typer) -> None:
    app.command()(ingest)
    app.command()(query)
    app.command()(compare)
    app.command()(export)
    app.add_typer(db_app, name="db")
