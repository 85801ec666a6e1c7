"""Reading the store: read-only SQL for power users, and comparisons across years or units
built on the views (migrations/versions): each disclosure's figures are its own set of tables
(a department's 汇总, never a unit's table it prints after), in every year compared."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from .current import current_condition, shown_drafts, view_source
from .db import StoreError, is_sqlite, make_engine, resolve_url
from .errors import NotFound
from .schema import DisclosureRow, Unit, UnitName
from .units import normalise_name

FEN_PER_WAN = Decimal(1_000_000)
# what a view of figures read from an assumed 汇总 says of them
ASSUMED_NOTE = ("标“推定”的列：文件印有多套表，但未能判断哪一套是部门汇总（表题、编制单位与合计数均未表明），"
                "按印制顺序以第一套为汇总；所列数字可能是所属单位的，请核实")
THREE_PUBLIC = {"total": "“三公”经费合计", "abroad": "因公出国（境）费", "reception": "公务接待费",
                "vehicle": "公务用车购置及运行费", "vehicle_purchase": "公务用车购置费",
                "vehicle_operation": "公务用车运行维护费"}


def readonly_engine(url: str | None) -> Engine:
    return make_engine(resolve_url(url), readonly=True)


def run_query(engine: Engine, sql: str, params: dict | None = None) -> tuple[list[str], list[tuple]]:
    """Run one statement read-only: SQLite opened read-only with query_only, PostgreSQL in a
    READ ONLY transaction. Writing statements fail in the database itself."""
    try:
        with engine.connect() as conn:
            if not is_sqlite(str(engine.url)):
                conn.exec_driver_sql("SET TRANSACTION READ ONLY")
            result = conn.execute(text(sql), params or {})
            if not result.returns_rows:
                raise StoreError("该语句不返回结果；budgetlens query 只执行只读查询")
            columns = list(result.keys())
            rows = [tuple(r) for r in result]
            conn.rollback()
    except StoreError:
        raise
    except Exception as exc:
        detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise StoreError(f"查询失败：{detail}") from exc
    return columns, rows


def wan(fen: int | Decimal | None) -> Decimal | None:
    """Integer 分 → 万元 with exactly the precision amounts are printed in (0.01 万元 steps
    print with 2 places; finer amounts keep their places)."""
    if fen is None:
        return None
    value = Decimal(fen) / FEN_PER_WAN
    return value.quantize(Decimal("0.01")) if value == value.quantize(Decimal("0.01")) else value.normalize()


# -- finding units -----------------------------------------------------------------------------
def find_units(engine: Engine, name: str) -> list[tuple[int, str]]:
    """Units matching a name: its code, any printed spelling, or a part of one."""
    norm = normalise_name(name)
    with Session(engine) as s:
        exact = s.execute(select(Unit.id, Unit.name).where((Unit.code == name.strip()) | (Unit.norm_name == norm)))
        found = list(exact)
        if not found:
            like = f"%{norm}%"
            found = list(s.execute(select(Unit.id, Unit.name).join(UnitName, UnitName.unit_id == Unit.id)
                                   .where((Unit.norm_name.like(like)) | (UnitName.name.like(f"%{name.strip()}%")))
                                   .distinct()))
    return sorted({(r[0], r[1]) for r in found})


def one_unit(engine: Engine, name: str) -> tuple[int, str]:
    found = find_units(engine, name)
    if not found:
        raise NotFound(f"数据库中没有单位“{name}”")
    if len(found) > 1:
        names = "、".join(n for _, n in found[:10])
        raise StoreError(f"“{name}”对应多个单位：{names}；请写出完整名称")
    return found[0]


# -- comparisons ---------------------------------------------------------------------------------
@dataclass
class Column:
    unit_id: int
    unit_name: str
    scope: str
    phase: str
    year: int
    several_sets: bool = False      # the document prints its units' tables beside its own
    own_set_name: str | None = None  # the name its own set's tables print
    own_set_assumed: bool = False    # nothing told which set is its own: the first printed taken
    drafts: bool = False             # read with drafts in place of their published versions (current.py)
    draft: bool = False              # and the figures are a draft's

    @property
    def heading(self) -> str:
        base = f"{self.unit_name}（{self.scope or '?'}）{self.year}" + ("（草稿）" if self.draft else "")
        return f"{base} {self.own_set}" if self.several_sets else base

    @property
    def own_set(self) -> str:
        """Which of the document's sets of tables the figures are: its own, the 汇总 (in the
        name its tables print where that is not the unit's), never a unit's printed beside it."""
        word = "部门汇总" if self.scope == "部门" else "本单位汇总"
        if self.own_set_assumed:        # not told: the figures may be a unit's (ASSUMED_NOTE)
            word += "（推定）"
        name = self.own_set_name
        if name and normalise_name(name) != normalise_name(self.unit_name) and "汇总" not in name:
            return f"{word}（{name}）"
        return word


def figures(engine: Engine, col: Column) -> dict[str, Decimal | None]:
    """Headline figures of one disclosure, 万元, keyed by their Chinese row label."""
    keys = {"u": col.unit_id, "s": col.scope, "p": col.phase, "y": col.year}
    where = "unit_id = :u AND scope = :s AND phase = :p AND year = :y"
    totals, three_public, functions = (view_source(engine, v, col.drafts)
                                       for v in ("v_totals", "v_three_public", "v_function_structure"))
    with engine.connect() as conn:
        tot = conn.execute(text(f"SELECT income_fen, expenditure_fen, basic_fen, project_fen, gpb_fen "
                                f"FROM {totals} WHERE {where}"), keys).first()
        three = dict(conn.execute(text(f"SELECT item, amount_fen FROM {three_public} WHERE {where}"), keys).all())
        funcs = conn.execute(text(f"SELECT class_code, class_name, amount_fen FROM {functions} "
                                  f"WHERE {where} ORDER BY class_code"), keys).all()
    out: dict[str, Decimal | None] = {}
    labels = ["收入总计", "支出总计", "基本支出", "项目支出", "一般公共预算支出"]
    for label, fen in zip(labels, tot or [None] * 5):
        out[label] = wan(fen)
    for item, label in THREE_PUBLIC.items():
        if item in three:
            out[label] = wan(three[item])
    for code, name, fen in funcs:
        out[f"{code} {name or ''}".strip()] = wan(fen)
    return out


def disclosures_of(engine: Engine, unit_id: int, years: list[int] | None = None,
                   scope: str | None = None, phase: str | None = None, drafts: bool = False) -> list[Column]:
    """The unit's current disclosures (drafts: a draft in place of the published version)."""
    sql = f"SELECT DISTINCT unit_id, unit_name, scope, phase, year FROM {view_source(engine, 'v_totals', drafts)}"
    sql += " WHERE unit_id = :u"
    params: dict = {"u": unit_id}
    if scope:
        sql += " AND scope = :s"
        params["s"] = scope
    if phase:
        sql += " AND phase = :p"
        params["p"] = phase
    with engine.connect() as conn:
        rows = [Column(*r) for r in conn.execute(text(sql), params)]
        sets = {tuple(r[:3]): r[3:] for r in conn.execute(text(SETS.format(current=current_condition(engine, drafts))),
                                                          {"u": unit_id})}
    drafted = draft_disclosures(engine, unit_id) if drafts else set()
    if years:
        rows = [r for r in rows if r.year in years]
    for c in rows:
        several, c.own_set_name, assumed = sets.get((c.scope, c.phase, c.year), (0, None, 0))
        c.several_sets, c.own_set_assumed = bool(several), bool(assumed)
        c.drafts, c.draft = drafts, (c.scope, c.phase, c.year) in drafted
    return sorted(rows, key=lambda c: (c.scope, c.phase, c.year))


# Whether each current disclosure of a unit prints more than its own set of tables (another set,
# or tables whose set is not known), the name its own set prints, and whether which set is its
# own was only assumed; keyed as v_totals keys it.
SETS = """SELECT f.scope, f.disclosure_phase, f.year,
       MAX(CASE WHEN f.table_set = 0 THEN 0 ELSE 1 END) AS several,
       MAX(CASE WHEN f.table_set = 0 THEN f.set_name END) AS own_name,
       MAX(d.own_set_assumed) AS assumed
FROM facts f JOIN documents d ON d.id = f.document_id AND {current}
WHERE f.unit_id = :u
GROUP BY f.scope, f.disclosure_phase, f.year"""


def draft_disclosures(engine: Engine, unit_id: int) -> set[tuple]:
    """(scope, phase, year) of the unit's disclosures whose draft is shown in place of the published."""
    shown = shown_drafts().subquery()
    query = (select(DisclosureRow.scope, DisclosureRow.phase, DisclosureRow.year)
             .where(DisclosureRow.id.in_(select(shown.c.disclosure_id)), DisclosureRow.unit_id == unit_id))
    with Session(engine) as s:
        return {tuple(r) for r in s.execute(query)}


def compare(engine: Engine, columns: list[Column]) -> tuple[list[str], list[list]]:
    """Rows of figures (label, value per column); labels in first-seen order."""
    per_col = [figures(engine, c) for c in columns]
    labels: list[str] = []
    for fig in per_col:
        labels += [k for k in fig if k not in labels]
    return labels, [[fig.get(label) for fig in per_col] for label in labels]


@dataclass
class Comparison:
    title: str
    groups: list[tuple[list[Column], list[str], list[list]]]   # columns, row labels, values
    missing: list[str]          # what was asked for and is not stored: said, never left out in silence
    notes: list[str] = field(default_factory=list)     # why the columns stand in several tables


def compare_request(engine: Engine, names: list[str], years: list[int] | None = None, year: int | None = None,
                    scope: str | None = None, phase: str | None = None, drafts: bool = False) -> Comparison:
    """One unit over several years, or several units in one year (`year`), one table per scope
    and phase compared (a 部门 and a 单位 disclosure are different entities); drafts: each
    draft in place of its published version (current.py)."""
    missing: list[str] = []
    if year is not None and not years:
        columns: list[Column] = []
        for name in names:
            unit_id, unit_name = one_unit(engine, name)
            found = disclosures_of(engine, unit_id, [year], scope, phase, drafts)
            missing += [] if found else [lacking(unit_name, year, scope, phase)]
            columns += found
        title = f"{year} 年 单位比较"
    else:
        if len(names) != 1:
            raise StoreError("按年度比较时请只给一个单位；比较多个单位请用 --year 年度")
        unit_id, unit_name = one_unit(engine, names[0])
        wanted = sorted(set(years or [])) or None
        columns = disclosures_of(engine, unit_id, wanted, scope, phase, drafts)
        stored = {c.year for c in columns}
        missing = [lacking(unit_name, y, scope, phase) for y in wanted or [] if y not in stored]
        title = f"{unit_name} 年度比较"
    if not columns:
        raise NotFound("没有符合条件的公开文件" + (f"：{'；'.join(missing)}" if missing else ""))
    groups = []
    for group in group_columns(columns, by_unit=year is None or bool(years)):
        labels, values = compare(engine, group)
        groups.append((group, labels, values))
    return Comparison(title, groups, missing, split_note([g for g, _, _ in groups]))


def split_note(groups: list[list[Column]]) -> list[str]:
    """A unit's years of different scope or phase (its 2022 单位预算, its 2026 部门预算) are
    not one series: said, so that two tables without a change column surprise nobody."""
    if len(groups) < 2:
        return []
    said = "；".join(f"{'、'.join(str(c.year) for c in g)} 年：{g[0].scope}{g[0].phase}" for g in groups)
    return [f"所选年度的公开文件口径不同（{said}），部门与单位、预算与决算不是同一组数字，分表列出，不计增减"]


def lacking(unit_name: str, year: int, scope: str | None, phase: str | None) -> str:
    return f"数据库中没有{unit_name} {year} 年的{scope or ''}{phase or ''}公开文件"


def group_columns(columns: list[Column], by_unit: bool) -> list[list[Column]]:
    if not by_unit:
        return [columns]
    groups: dict[tuple, list] = {}
    for c in columns:
        groups.setdefault((c.scope, c.phase), []).append(c)
    return list(groups.values())


def change(before: Decimal | None, after: Decimal | None) -> tuple[Decimal | None, Decimal | None]:
    """after − before and that change in per cent of before (None where it cannot be told)."""
    if before is None or after is None:
        return None, None
    diff = after - before
    return diff, (diff / before * 100 if before else None)
