"""A readable Chinese overview of one parsed disclosure."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Console
from rich.table import Table

from ..model import Disclosure
from ..model.tables import KIND_NAMES, UNKNOWN_KIND
from ..render.figures import money
from ..segment.sets import OWN_SET_ASSUMED, own_set_assumed, set_names
from ..text import plain_decimal

LEVEL = {"error": "[red]错误[/red]", "warning": "[yellow]警告[/yellow]", "info": "提示"}


def says_empty(table) -> bool:
    """The table prints no amount and a note under it says it is empty (a note under a table
    printing amounts may be about one of its lines: "本部门无因公出国（境）费支出")."""
    return table.is_empty and bool(table.empty_note)


def print_summary(disc: Disclosure, console: Console) -> None:
    m = disc.meta
    console.print(f"[bold]{m.unit_name or '（未识别单位）'}[/bold] {m.year or ''} 年{m.scope or ''}{m.phase or ''}")
    roles = {"tables": "表格", "narrative": "说明", "tables+narrative": "表格和说明", "other": "其他"}
    for src in disc.sources:                       # a bundle lists each file and what it holds
        said = [src.format, f"{src.pages} 页" if src.pages else src.encoding, f"{src.lines} 行",
                roles.get(src.role, src.role) if src.role else None]
        console.print(f"来源：{src.path}（{'，'.join(s for s in said if s)}）")
    console.print(f"模板：{m.template or '未识别'}")
    if m.signature_date:
        console.print(f"落款日期：{m.signature_date.isoformat()}")
    st = disc.overview.staffing
    if st:
        console.print(f"编制数 {st.authorized}，实有人数 {st.actual}"
                      f"（在职 {st.in_service.count if st.in_service else '-'}，"
                      f"退休 {st.retired.count if st.retired else '-'}，离休 {st.pre_retired.count if st.pre_retired else '-'}）")
    several = any(t.group != 0 for t in disc.tables)
    assumed = own_set_assumed(disc)
    grid = Table(title="公开表", show_lines=False)
    for col in ("表", *(("套",) if several else ()), "类型", "表名", "单位", "行", "金额", "待定列"):
        grid.add_column(col)
    for t in disc.tables:
        cells = [c for r in t.rows for c in r.cells if c.amount is not None]
        open_cells = sum(1 for c in cells if c.candidates)
        grid.add_row(t.printed_number, *((set_label(t.group, assumed),) if several else ()), KIND_NAMES.get(t.kind, t.kind), t.title, t.unit or "",
                     str(len(t.rows)), str(len(cells)), str(open_cells) if open_cells else ("空表" if says_empty(t) else
                                                         "模板外" if t.kind == UNKNOWN_KIND else ""))
    console.print(grid)
    if several:
        print_sets(disc, console)
    own = disc.table("summary")       # the document's own (汇总) figure, never a unit's
    total = next((f for f in disc.facts if own is not None and f.table == own.index
                  and f.coords.table_kind == "summary" and f.coords.source == "total"), None)
    if total:
        printed = format(Decimal(plain_decimal(total.amount, total.precision)), ",")
        in_wan = f"（{money(total.amount / 10000)} 万元）" if total.unit == "元" else ""
        console.print(f"收入总计：{printed} {total.unit}{in_wan}")
    n = disc.narrative
    console.print(f"情况说明：{len(n.sections)} 节，{len(n.claims)} 条数字陈述，{len(n.projects)} 个项目，"
                  f"{len(n.performance)} 张绩效目标表；名词解释 {len(disc.glossary)} 条")
    if disc.missing:
        console.print(f"[yellow]缺少：[/yellow]{'、'.join(disc.missing)}")
    issues = sorted(disc.issues, key=lambda i: i.code != OWN_SET_ASSUMED)   # never cut off below
    for issue in issues[:20]:
        console.print(f"  {LEVEL[issue.level]} {issue.message}")
    if len(disc.issues) > 20:
        console.print(f"  …… 另有 {len(disc.issues) - 20} 条")


def set_label(group: int | None, assumed: bool = False) -> str:
    """A set's name in the table of tables: the 汇总 said to be assumed where it is."""
    if group is None:
        return "?"
    return ("汇总（推定）" if assumed else "汇总") if group == 0 else str(group)


def print_sets(disc: Disclosure, console: Console) -> None:
    """The sets of tables printed (a department's 汇总, each unit's) and whether the 汇总 was
    told by what it prints or only assumed by its place (own-set-assumed)."""
    names = set_names(disc.tables)
    assumed = own_set_assumed(disc)
    shown = "；".join(f"{set_label(g, assumed)}：{names[g] or '未印编制单位'}" for g in sorted(names))
    console.print(f"表共 {len(names)} 套（{shown}）")
    if assumed:
        console.print("[yellow]哪一套是部门汇总未能判断，按印制顺序推定，见下方警告[/yellow]")
