"""Exporting stored facts: CSV, XLSX, JSON and Fiscal Data Package, and loading them back
(`load`) so a test can show that an export holds exactly the stored figures.

Every format carries the same long table: one row per printed amount of the current version
of each disclosure (all versions with all_versions=True), keyed by its budget coordinates,
the amount exact as printed with its unit, and where it was printed. Amounts repeat across
tables (表3's total is 表1's): filter on `table_kind` before summing. A department printing its
units' tables beside its own repeats them again: `table_set` 0 is the department's own (汇总),
wherever printed, 1, 2 … each unit's (`set_name`), empty where the set is not known; filter on
it too. Where nothing the document prints told which set is the 汇总, the first printed was
taken for it: `own_set_assumed` is 1 on each of its amounts (set 0 may be a unit's). The Fiscal
Data Package keys each printed cell by its document, set and table.

A second table, `indicators`, gives the 绩效目标表s' indicators, one row per indicator (and one
per row the reader could not part into cells, `unread` 1), read from the stored model.

CSV and XLSX head their columns in Chinese (header="zh", for the people who read them) or by
their ids (header="en", for programs); JSON keys and the data packages' fields are the ids.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Iterator

from sqlalchemy import Engine, Select, select
from sqlalchemy.orm import Session
from xlsxwriter.exceptions import FileCreateError as XlsxFileError

from .current import current_ids
from .db import StoreError
from .query import FEN_PER_WAN
from .records import load_performance
from .schema import DisclosureRow, Document, FactRow, Unit

# each column's id and its header in Chinese: the document's, first in either table
DOCUMENT_NAMES = {
    "document_id": "文件编号", "version": "版本", "unit_id": "单位编号", "unit_name": "单位名称",
    "unit_code": "单位代码", "region": "地区", "scope": "部门/单位", "disclosure_phase": "预算/决算", "year": "年度",
}
DOCUMENT_INTEGERS = {"document_id", "version", "unit_id", "year"}
FACT_NAMES = {
    **DOCUMENT_NAMES, "table_index": "表序号", "table_kind": "表的种类", "table_set": "表组", "set_name": "表组所属单位",
    "own_set_assumed": "汇总表组为推定", "side": "收入/支出", "phase": "列的阶段", "budget_type": "预算类型",
    "source": "资金来源", "function_code": "功能分类科目编码", "economic_code": "经济分类科目编码", "project": "项目",
    "nature": "支出性质", "item": "细项", "label": "行标签", "name": "名称", "row_kind": "行的种类",
    "amount": "金额", "unit": "金额单位", "precision": "小数位数", "amount_fen": "金额（分）", "ambiguous": "列未定",
    "row_index": "行序号", "column_key": "列", "line": "行号", "page": "页码",
}
COLUMNS = list(FACT_NAMES)
INTEGERS = {*DOCUMENT_INTEGERS, "table_index", "table_set", "own_set_assumed", "precision", "amount_fen",
            "ambiguous", "row_index", "line", "page"}
INDICATOR_NAMES = {
    **DOCUMENT_NAMES, "table_number": "绩效目标表序号", "table_kind": "绩效目标表种类", "table_set": "表组", "project": "项目名称",
    "table_year": "目标年度", "table_amount": "资金总额", "amount_unit": "金额单位",
    "level1": "一级指标", "level2": "二级指标", "level3": "三级指标", "value": "指标值", "target_op": "目标比较符",
    "target_number": "目标数值", "target_unit": "目标计量单位", "basis": "指标值设定依据", "weight": "权重",
    "prior": "上年完成值", "unsure": "指标名称存疑", "unread": "未读出", "line": "行号",
}
FORMATS = ("csv", "xlsx", "json", "fdp")
HEADERS = ("zh", "en")
WRITE_REASONS = {IsADirectoryError: "这是一个文件夹（请给出文件名）", NotADirectoryError: "路径中有一段是文件而不是文件夹",
                 FileExistsError: "已有同名的文件", PermissionError: "没有写入权限",
                 FileNotFoundError: "路径不存在"}


@dataclass(frozen=True)
class Sheet:
    """One table an export writes: its name (the XLSX sheet, the JSON key), its columns with
    their Chinese headers, which of them are integers and which exact decimals."""
    name: str
    names: dict[str, str]
    integers: frozenset[str]
    decimals: frozenset[str]
    counted: str                 # what a row is, as the command line counts them

    @property
    def columns(self) -> list[str]:
        return list(self.names)

    def header(self, header: str) -> list[str]:
        return [self.names[c] for c in self.columns] if header == "zh" else self.columns


FACTS = Sheet("facts", FACT_NAMES, frozenset(INTEGERS), frozenset({"amount"}), "个金额")
INDICATORS = Sheet("indicators", INDICATOR_NAMES,
                   frozenset({*DOCUMENT_INTEGERS, "table_number", "table_set", "table_year", "unsure", "unread", "line"}),
                   frozenset({"table_amount", "target_number", "weight"}), "个绩效指标")
SHEETS = {s.name: s for s in (FACTS, INDICATORS)}


def chosen(q: Select, all_versions: bool = False, unit_ids: list[int] | None = None,
           years: list[int] | None = None, drafts: bool = False) -> Select:
    """q (over Document and DisclosureRow) narrowed to the documents an export holds: the current
    version of each disclosure, or all with all_versions; drafts (for whoever may see them):
    each draft in place of its published version, or with all_versions every draft too; never
    for open data."""
    if not all_versions:
        q = q.where(Document.id.in_(current_ids(drafts)))
    elif not drafts:
        q = q.where(Document.published == 1)     # open data: a draft is not published (store/drafts.py)
    if unit_ids:
        q = q.where(DisclosureRow.unit_id.in_(unit_ids))
    if years:
        q = q.where(DisclosureRow.year.in_(years))
    return q


def rows(engine: Engine, all_versions: bool = False, unit_ids: list[int] | None = None,
         years: list[int] | None = None, drafts: bool = False) -> Iterator[dict]:
    """The facts, one row per printed amount (filters: `chosen`)."""
    q = (select(FactRow, Document.version, Document.own_set_assumed, Unit.name, Unit.code, Unit.region)
         .join(Document, Document.id == FactRow.document_id)
         .join(DisclosureRow, DisclosureRow.id == Document.disclosure_id)
         .join(Unit, Unit.id == DisclosureRow.unit_id)
         .order_by(FactRow.document_id, FactRow.id))
    q = chosen(q, all_versions, unit_ids, years, drafts)
    with Session(engine) as s:
        for fact, version, assumed, unit_name, unit_code, region in s.execute(q).yield_per(2000):
            row = {c: getattr(fact, c, None) for c in COLUMNS}
            row.update(version=version, unit_name=unit_name, unit_code=unit_code, region=region,
                       own_set_assumed=assumed)
            yield row


def indicator_rows(engine: Engine, all_versions: bool = False, unit_ids: list[int] | None = None,
                   years: list[int] | None = None, drafts: bool = False) -> Iterator[dict]:
    """The 绩效目标表s' indicators of the chosen documents (as `rows`), from each stored model:
    one row per indicator in the order printed, then one per row left unread (its weight, where
    the reader could tell it)."""
    q = (select(Document.id, Document.version, Document.model, Unit.id.label("unit_id"), Unit.name, Unit.code,
                Unit.region, DisclosureRow.scope, DisclosureRow.phase, DisclosureRow.year)
         .join(DisclosureRow, DisclosureRow.id == Document.disclosure_id)
         .join(Unit, Unit.id == DisclosureRow.unit_id)
         .where(Document.model.is_not(None)).order_by(Document.id))
    q = chosen(q, all_versions, unit_ids, years, drafts)
    with Session(engine) as s:
        for doc in s.execute(q).yield_per(20):
            common = {"document_id": doc.id, "version": doc.version, "unit_id": doc.unit_id, "unit_name": doc.name,
                      "unit_code": doc.code, "region": doc.region, "scope": doc.scope,
                      "disclosure_phase": doc.phase, "year": doc.year}
            for number, table in enumerate(load_performance(doc.model), start=1):
                yield from table_indicators(table, {**common, "table_number": number})


def table_indicators(table, common: dict) -> Iterator[dict]:
    """One performance table's rows of the indicator export."""
    head = {**common, "table_kind": table.kind, "table_set": table.table_set, "project": table.project,
            "table_year": table.year, "table_amount": table.amount, "amount_unit": table.unit}
    blank = dict.fromkeys(INDICATOR_NAMES)
    for i in table.indicators:
        target = i.target
        yield {**blank, **head, "level1": i.level1, "level2": i.level2, "level3": i.level3, "value": i.value,
               "target_op": target and target.op, "target_number": target and target.number,
               "target_unit": target and target.unit, "basis": i.basis, "weight": i.weight, "prior": i.prior,
               "unsure": int(i.unsure), "unread": 0, "line": i.line}
    for line, weight in table.unread_with_weights():
        yield {**blank, **head, "weight": weight, "unsure": 0, "unread": 1, "line": line}


def export(engine: Engine, fmt: str, output: Path, table: str = "facts", header: str = "zh", **filters) -> int:
    """Write the export of `table` (facts or indicators); returns the number of rows written.
    header: "zh" heads the CSV and XLSX columns in Chinese, "en" by their ids."""
    if fmt not in FORMATS:
        raise StoreError(f"未知的导出格式：{fmt}（可用：{'、'.join(FORMATS)}）")
    if table not in SHEETS:
        raise StoreError(f"未知的导出内容：{table}（可用：{'、'.join(SHEETS)}）")
    if header not in HEADERS:
        raise StoreError(f"未知的表头：{header}（可用：zh 中文列名，en 英文标识）")
    sheet = SHEETS[table]
    data = (rows if sheet is FACTS else indicator_rows)(engine, **filters)
    output = Path(output)
    try:
        if fmt == "fdp":
            return write_fdp(data, output) if sheet is FACTS else write_package(data, output, sheet)
        output.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "json":
            return write_json(data, output, sheet)
        return {"csv": write_csv, "xlsx": write_xlsx}[fmt](data, output, sheet, header)
    except (OSError, XlsxFileError) as exc:
        raise StoreError(f"无法写入 {output}：{write_reason(exc)}") from exc


def write_reason(exc: Exception) -> str:
    """Why the export could not be written, in Chinese (xlsxwriter wraps the OSError)."""
    cause = exc if isinstance(exc, OSError) else exc.__context__
    for kind, reason in WRITE_REASONS.items():
        if isinstance(cause, kind):
            return reason
    return getattr(cause, "strerror", None) or str(exc)


def text_value(v) -> str:
    return "" if v is None else str(v)


def write_csv(data, output: Path, sheet: Sheet = FACTS, header: str = "zh", encoding: str = "utf-8-sig") -> int:
    """UTF-8 with a byte-order mark so Excel shows the Chinese; amounts exact as text."""
    n = 0
    with output.open("w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh)
        w.writerow(sheet.header(header))
        for row in data:
            w.writerow([text_value(row[c]) for c in sheet.columns])
            n += 1
    return n


JSON_NOTES = {"facts": "exact decimal strings in the printed unit; amount_fen in 分",
              "indicators": "table_amount exact decimal strings in amount_unit; weight and target_number exact decimal strings"}


def write_json(data, output: Path, sheet: Sheet = FACTS) -> int:
    items = [{c: (str(row[c]) if isinstance(row[c], Decimal) else row[c]) for c in sheet.columns} for row in data]
    doc = {"generator": "budgetlens", "exported_at": datetime.now(timezone.utc).isoformat(),
           "amounts": JSON_NOTES[sheet.name], "columns": sheet.names, sheet.name: items}
    output.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(items)


def write_xlsx(data, output: Path, sheet: Sheet = FACTS, header: str = "zh") -> int:
    """Amounts as numbers with their printed places (Excel holds 15 significant digits, far more
    than any budget line); the exact text stays in the amount_fen column as an integer."""
    import xlsxwriter
    book = xlsxwriter.Workbook(str(output), {"constant_memory": True})
    ws = book.add_worksheet(sheet.name)
    bold = book.add_format({"bold": True})
    whole = book.add_format({"num_format": "0"})      # not General: 12 digits and more show as 1.2E+11
    formats: dict[int, object] = {}
    for j, c in enumerate(sheet.header(header)):
        ws.write_string(0, j, c, bold)
    n = 0
    for i, row in enumerate(data, start=1):
        for j, c in enumerate(sheet.columns):
            v = row[c]
            if v is None:
                continue
            if c in sheet.decimals:
                places = places_of(row, c, v)
                fmt = formats.setdefault(places, book.add_format({"num_format": "0." + "0" * places if places else "0"}))
                ws.write_number(i, j, float(v), fmt)
            elif c in sheet.integers:
                ws.write_number(i, j, int(v), whole)
            else:
                ws.write_string(i, j, str(v))
        n += 1
    ws.freeze_panes(1, 0)
    book.close()
    return n


def places_of(row: dict, column: str, value: Decimal) -> int:
    """The places a decimal is shown with: a fact's amount its printed precision (2 where not
    known), any other figure as many as it has."""
    if column == "amount":
        return row["precision"] if row["precision"] is not None else 2
    return max(0, -value.as_tuple().exponent)


# -- Fiscal Data Package ---------------------------------------------------------------------------
MEASURES = {  # column → (direction, phase)
    "budget_expenditure": ("expenditure", "proposed"),
    "budget_revenue": ("revenue", "proposed"),
    "final_expenditure": ("expenditure", "executed"),
    "final_revenue": ("revenue", "executed"),
}
FDP_FIELDS = [
    ("document_id", "integer", "文档编号"), ("unit_id", "string", "单位编号（budgetlens）"),
    ("unit_title", "string", "单位名称"), ("unit_code", "string", "单位代码（文件印有时）"),
    ("year", "integer", "金额所属年度"), ("scope", "string", "部门/单位"),
    ("disclosure_phase", "string", "预算/决算"), ("column_phase", "string", "列：本年预算/上年预算/上年执行数…"),
    ("table_kind", "string", "表的种类（同一金额在多张表中重复出现，汇总前按此筛选）"),
    ("table_set", "integer", "表组：0 为本部门（汇总）的表，1、2… 为所印各单位的表（按印制顺序），空为无法判断（汇总前筛选 0）"),
    ("set_name", "string", "表组所属单位（表上所印编制单位）"),
    ("own_set_assumed", "integer", "1：文件未能表明哪一套表是部门汇总，table_set 0 为按印制顺序推定（其数字可能是所属单位的，请核实）；0：已表明"),
    ("table_index", "integer", "表序号"), ("row_index", "integer", "行序号"), ("column_key", "string", "列"),
    ("side", "string", "收入/支出侧"), ("nature", "string", "基本/项目/人员/公用"),
    ("funding_source", "string", "资金来源"), ("budget_type", "string", "预算类型"), ("item", "string", "细项（三公等）"),
    ("function_class", "string", "功能分类 类"), ("function_group", "string", "功能分类 款"),
    ("function_code", "string", "功能分类科目编码"), ("function_title", "string", "功能分类科目名称"),
    ("economic_class", "string", "经济分类 类"), ("economic_code", "string", "经济分类科目编码"),
    ("economic_title", "string", "经济分类科目名称"), ("project", "string", "项目"),
    ("label", "string", "行标签"), ("row_kind", "string", "total/function/economic/project/item/other"),
    ("printed_unit", "string", "印制单位（元/万元）"),
] + [(m, "number", f"金额（万元）：{d}/{p}") for m, (d, p) in MEASURES.items()]


def measure_of(row: dict) -> str:
    revenue = row["side"] == "income" or row["table_kind"] in ("income", "carryover")
    return f"{'final' if executed(row) else 'budget'}_{'revenue' if revenue else 'expenditure'}"


def executed(row: dict) -> bool:
    """An amount actually spent or received: a 决算 column, an 执行数; a final account's own
    columns, not the budget it prints beside them (年初预算, 调整预算)."""
    phase = row["phase"] or ""
    if phase.endswith(("执行数", "决算", "决算数")):
        return True
    return row["disclosure_phase"] == "决算" and "预算" not in phase


def fdp_row(row: dict) -> dict:
    fc, ec = row["function_code"] or "", row["economic_code"] or ""
    ec = "" if ec == "total" else ec
    out = {
        "document_id": row["document_id"], "unit_id": str(row["unit_id"]), "unit_title": row["unit_name"],
        "unit_code": row["unit_code"], "year": row["year"], "scope": row["scope"],
        "disclosure_phase": row["disclosure_phase"], "column_phase": row["phase"], "table_kind": row["table_kind"],
        "table_set": row["table_set"], "set_name": row["set_name"], "own_set_assumed": row["own_set_assumed"],
        "table_index": row["table_index"], "row_index": row["row_index"], "column_key": row["column_key"],
        "side": row["side"], "nature": row["nature"], "funding_source": row["source"],
        "budget_type": row["budget_type"], "item": row["item"],
        "function_class": fc[:3] or None, "function_group": fc[:5] if len(fc) >= 5 else None,
        "function_code": fc or None, "function_title": row["name"] if fc and not row["project"] else None,
        "economic_class": ec[:3] or None, "economic_code": ec or None,
        "economic_title": row["name"] if ec and row["row_kind"] == "economic" else None,
        "project": row["project"], "label": row["label"], "row_kind": row["row_kind"], "printed_unit": row["unit"],
    }
    for m in MEASURES:
        out[m] = None
    # 万元 as printed; other units converted exactly from 分
    out[measure_of(row)] = row["amount"] if row["unit"] == "万元" else Decimal(row["amount_fen"]) / FEN_PER_WAN
    return out


def fdp_descriptor() -> dict:
    fields = [{"name": n, "type": t, "description": d} for n, t, d in FDP_FIELDS]
    measures = {m: {"source": m, "currency": "CNY", "factor": 10000, "direction": d, "phase": p,
                    "resource": "budget"} for m, (d, p) in MEASURES.items()}
    dimensions = {
        "unit": {"dimensionType": "entity", "primaryKey": "id",
                 "attributes": {"id": {"source": "unit_id"}, "title": {"source": "unit_title", "labelfor": "id"},
                                "code": {"source": "unit_code"}}},
        "year": {"dimensionType": "datetime", "primaryKey": "year",
                 "attributes": {"year": {"source": "year"}}},
        "function": {"dimensionType": "classification", "classificationType": "functional", "primaryKey": "code",
                     "attributes": {"class": {"source": "function_class"},
                                    "group": {"source": "function_group", "parent": "class"},
                                    "code": {"source": "function_code", "parent": "group"},
                                    "title": {"source": "function_title", "labelfor": "code"}}},
        "economic": {"dimensionType": "classification", "classificationType": "economic", "primaryKey": "code",
                     "attributes": {"class": {"source": "economic_class"},
                                    "code": {"source": "economic_code", "parent": "class"},
                                    "title": {"source": "economic_title", "labelfor": "code"}}},
        "project": {"dimensionType": "activity", "primaryKey": "title",
                    "attributes": {"title": {"source": "project"}}},
        "source": {"dimensionType": "classification", "primaryKey": "code",
                   "attributes": {"code": {"source": "funding_source"}}},
        # a department printing its units' tables after its own prints each kind once per set:
        # a printed cell is known by its document, set and table, not by the kind alone (which
        # would add the 汇总 and its units together)
        "table_set": {"dimensionType": "other", "primaryKey": ["document", "set"],
                      "attributes": {"document": {"source": "document_id"}, "set": {"source": "table_set"},
                                     "name": {"source": "set_name", "labelfor": "set"},
                                     "assumed": {"source": "own_set_assumed"}}},
        "table": {"dimensionType": "other", "primaryKey": ["document", "set", "index", "row", "column"],
                  "attributes": {"document": {"source": "document_id"}, "kind": {"source": "table_kind"},
                                 "index": {"source": "table_index"}, "row": {"source": "row_index"},
                                 "column": {"source": "column_key"}, "row_kind": {"source": "row_kind"},
                                 "nature": {"source": "nature"}, "budget_type": {"source": "budget_type"},
                                 "item": {"source": "item"}, "scope": {"source": "scope"},
                                 "set": {"source": "table_set"}, "set_name": {"source": "set_name", "labelfor": "set"},
                                 "label": {"source": "label"}}},
    }
    return {
        "name": "budgetlens-export",
        "title": "部门预算公开数据（budgetlens 导出）",
        "description": ("每行为公开表中印制的一个金额，按预算坐标标注。同一金额在多张表中重复出现"
                        "（如表3合计与表1），汇总前请按 table_kind 与 row_kind 筛选；部门公开其所属单位的表时，"
                        "同一金额又在部门汇总表与单位表中各出现一次，汇总部门数请只取 table_set 为 0 的行；"
                        "own_set_assumed 为 1 的文件未能表明哪一套是部门汇总，其 table_set 0 为推定，请核实。"
                        "金额单位：万元（factor 10000）。"),
        "profiles": {"fiscal": "*", "tabular": "*"},
        "countryCode": "CN",
        "granularity": "aggregated",
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "resources": [{"name": "budget", "path": "data/budget.csv", "format": "csv", "encoding": "utf-8",
                       "mediatype": "text/csv", "schema": {"fields": fields}}],
        "model": {"measures": measures, "dimensions": dimensions},
    }


def write_fdp(data, output: Path) -> int:
    """A folder: datapackage.json and data/budget.csv (plain UTF-8, as the spec's CSV)."""
    (output / "data").mkdir(parents=True, exist_ok=True)
    names = [n for n, _, _ in FDP_FIELDS]
    n = 0
    with (output / "data" / "budget.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(names)
        for row in data:
            rec = fdp_row(row)
            w.writerow([text_value(rec[c]) for c in names])
            n += 1
    (output / "datapackage.json").write_text(json.dumps(fdp_descriptor(), ensure_ascii=False, indent=2),
                                             encoding="utf-8")
    return n


# -- a table other than the facts as a Tabular Data Package -------------------------------------------
def write_package(data, output: Path, sheet: Sheet) -> int:
    """A folder: datapackage.json (a Tabular Data Package: each field's id, type and Chinese
    title) and data/<table>.csv (plain UTF-8, headed by the ids, as the spec's CSV)."""
    (output / "data").mkdir(parents=True, exist_ok=True)
    n = write_csv(data, output / "data" / f"{sheet.name}.csv", sheet, "en", encoding="utf-8")
    fields = [{"name": c, "title": sheet.names[c],
               "type": "integer" if c in sheet.integers else "number" if c in sheet.decimals else "string"}
              for c in sheet.columns]
    desc = {"profile": "tabular-data-package", "name": f"budgetlens-{sheet.name}",
            "title": "部门预算绩效目标表指标（budgetlens 导出）",
            "description": ("每行为绩效目标表的一项指标（unread 为 1 的行为未能读出各栏的指标行，只有行号与可读出的权重）；"
                            "table_number 为文件中绩效目标表的序号，部门整体绩效目标表与项目支出绩效目标表以 table_kind 区分。"),
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "resources": [{"name": sheet.name, "path": f"data/{sheet.name}.csv", "profile": "tabular-data-resource",
                           "format": "csv", "encoding": "utf-8", "mediatype": "text/csv", "schema": {"fields": fields}}]}
    (output / "datapackage.json").write_text(json.dumps(desc, ensure_ascii=False, indent=2), encoding="utf-8")
    return n


# -- loading exports back -----------------------------------------------------------------------------
def load(path: Path, fmt: str, table: str = "facts") -> list[dict]:
    """Rows of an export, typed as `rows()` (or `indicator_rows()`) yields them (decimals Decimal,
    integers int), headed in Chinese or by ids alike. For fdp, the rows carry the measure as
    `amount_wan` (a table other than the facts: its package's CSV, typed)."""
    path = Path(path)
    sheet = SHEETS[table]
    if fmt == "fdp" and sheet is not FACTS:
        path, fmt = path / "data" / f"{sheet.name}.csv", "csv"
    if fmt == "csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return [typed(r, sheet) for r in csv.DictReader(fh)]
    if fmt == "json":
        return [typed(r, sheet) for r in json.loads(path.read_text(encoding="utf-8"))[sheet.name]]
    if fmt == "xlsx":
        return load_xlsx(path, sheet)
    if fmt == "fdp":
        return load_fdp(path)
    raise StoreError(f"未知的导出格式：{fmt}")


def typed(r: dict, sheet: Sheet = FACTS) -> dict:
    ids = {name: c for c, name in sheet.names.items()}
    r = {ids.get(k, k): v for k, v in r.items()}
    out = {}
    for c in sheet.columns:
        v = r.get(c)
        if v in ("", None):
            out[c] = None
        elif c in sheet.integers:
            out[c] = int(v)
        elif c in sheet.decimals:
            out[c] = Decimal(str(v))
        else:
            out[c] = str(v)
    return out


def load_xlsx(path: Path, sheet: Sheet = FACTS) -> list[dict]:
    from python_calamine import CalamineWorkbook
    data = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet.name).to_python()
    ids = {name: c for c, name in sheet.names.items()}
    header, body = [ids.get(h, h) for h in data[0]], data[1:]
    out = []
    for values in body:
        r = typed({h: (int(v) if isinstance(v, float) and h in sheet.integers else v) for h, v in zip(header, values)},
                  sheet)
        for c in sheet.decimals:      # back to the places shown (a float's repr is its shortest decimal)
            if r[c] is not None:
                r[c] = Decimal(repr(float(r[c])))
                if c == "amount" and r["precision"] is not None:
                    r[c] = r[c].quantize(Decimal(1).scaleb(-r["precision"]))
        out.append(r)
    return out


def load_fdp(folder: Path) -> list[dict]:
    desc = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    res = desc["resources"][0]
    measures = desc["model"]["measures"]
    out = []
    with (folder / res["path"]).open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            values = [(m, r[spec["source"]]) for m, spec in measures.items() if r[spec["source"]] != ""]
            (measure, value), = values
            out.append({**r, "measure": measure, "amount_wan": Decimal(value),
                        "factor": measures[measure]["factor"]})
    return out
