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
"""

from __future__ import annotations

import csv
import json
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Iterator

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from xlsxwriter.exceptions import FileCreateError as XlsxFileError

from .current import current_ids
from .db import StoreError
from .query import FEN_PER_WAN
from .schema import DisclosureRow, Document, FactRow, Unit

COLUMNS = ["document_id", "version", "unit_id", "unit_name", "unit_code", "region", "scope",
           "disclosure_phase", "year", "table_index", "table_kind", "table_set", "set_name", "own_set_assumed", "side", "phase", "budget_type", "source",
           "function_code", "economic_code", "project", "nature", "item", "label", "name", "row_kind",
           "amount", "unit", "precision", "amount_fen", "ambiguous", "row_index", "column_key", "line", "page"]
INTEGERS = {"document_id", "version", "unit_id", "year", "table_index", "table_set", "own_set_assumed", "precision", "amount_fen",
            "ambiguous", "row_index", "line", "page"}
FORMATS = ("csv", "xlsx", "json", "fdp")
WRITE_REASONS = {IsADirectoryError: "这是一个文件夹（请给出文件名）", NotADirectoryError: "路径中有一段是文件而不是文件夹",
                 FileExistsError: "已有同名的文件", PermissionError: "没有写入权限",
                 FileNotFoundError: "路径不存在"}


def rows(engine: Engine, all_versions: bool = False, unit_ids: list[int] | None = None,
         years: list[int] | None = None, drafts: bool = False) -> Iterator[dict]:
    """drafts (for whoever may see them): each draft in place of its published version, or
    with all_versions every draft too; never for open data."""
    q = (select(FactRow, Document.version, Document.own_set_assumed, Unit.name, Unit.code, Unit.region)
         .join(Document, Document.id == FactRow.document_id)
         .join(DisclosureRow, DisclosureRow.id == Document.disclosure_id)
         .join(Unit, Unit.id == DisclosureRow.unit_id)
         .order_by(FactRow.document_id, FactRow.id))
    if not all_versions:
        q = q.where(Document.id.in_(current_ids(drafts)))
    elif not drafts:
        q = q.where(Document.published == 1)     # open data: a draft is not published (store/drafts.py)
    if unit_ids:
        q = q.where(DisclosureRow.unit_id.in_(unit_ids))
    if years:
        q = q.where(DisclosureRow.year.in_(years))
    with Session(engine) as s:
        for fact, version, assumed, unit_name, unit_code, region in s.execute(q).yield_per(2000):
            row = {c: getattr(fact, c, None) for c in COLUMNS}
            row.update(version=version, unit_name=unit_name, unit_code=unit_code, region=region,
                       own_set_assumed=assumed)
            yield row


def export(engine: Engine, fmt: str, output: Path, **filters) -> int:
    """Write the export; returns the number of amounts written."""
    if fmt not in FORMATS:
        raise StoreError(f"未知的导出格式：{fmt}（可用：{'、'.join(FORMATS)}）")
    data = rows(engine, **filters)
    output = Path(output)
    try:
        if fmt == "fdp":
            return write_fdp(data, output)
        output.parent.mkdir(parents=True, exist_ok=True)
        return {"csv": write_csv, "xlsx": write_xlsx, "json": write_json}[fmt](data, output)
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


def write_csv(data, output: Path, encoding: str = "utf-8-sig") -> int:
    """UTF-8 with a byte-order mark so Excel shows the Chinese; amounts exact as text."""
    n = 0
    with output.open("w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for row in data:
            w.writerow([text_value(row[c]) for c in COLUMNS])
            n += 1
    return n


def write_json(data, output: Path) -> int:
    facts = [{c: (str(row[c]) if isinstance(row[c], Decimal) else row[c]) for c in COLUMNS} for row in data]
    doc = {"generator": "budgetlens", "exported_at": datetime.now(timezone.utc).isoformat(),
           "amounts": "exact decimal strings in the printed unit; amount_fen in 分", "facts": facts}
    output.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(facts)


def write_xlsx(data, output: Path) -> int:
    """Amounts as numbers with their printed places (Excel holds 15 significant digits, far more
    than any budget line); the exact text stays in the amount_fen column as an integer."""
    import xlsxwriter
    book = xlsxwriter.Workbook(str(output), {"constant_memory": True})
    sheet = book.add_worksheet("facts")
    bold = book.add_format({"bold": True})
    whole = book.add_format({"num_format": "0"})      # not General: 12 digits and more show as 1.2E+11
    formats: dict[int, object] = {}
    for j, c in enumerate(COLUMNS):
        sheet.write_string(0, j, c, bold)
    n = 0
    for i, row in enumerate(data, start=1):
        for j, c in enumerate(COLUMNS):
            v = row[c]
            if v is None:
                continue
            if c == "amount":
                places = row["precision"] if row["precision"] is not None else 2
                fmt = formats.setdefault(places, book.add_format({"num_format": "0." + "0" * places if places else "0"}))
                sheet.write_number(i, j, float(v), fmt)
            elif c in INTEGERS:
                sheet.write_number(i, j, int(v), whole)
            else:
                sheet.write_string(i, j, str(v))
        n += 1
    sheet.freeze_panes(1, 0)
    book.close()
    return n


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


# -- loading exports back -----------------------------------------------------------------------------
def load(path: Path, fmt: str) -> list[dict]:
    """Rows of an export, typed as `rows()` yields them (amount Decimal, integers int). For fdp,
    the rows carry the measure as `amount_wan`."""
    path = Path(path)
    if fmt == "csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return [typed(r) for r in csv.DictReader(fh)]
    if fmt == "json":
        return [typed(r) for r in json.loads(path.read_text(encoding="utf-8"))["facts"]]
    if fmt == "xlsx":
        return load_xlsx(path)
    if fmt == "fdp":
        return load_fdp(path)
    raise StoreError(f"未知的导出格式：{fmt}")


def typed(r: dict) -> dict:
    out = {}
    for c in COLUMNS:
        v = r.get(c)
        if v in ("", None):
            out[c] = None
        elif c in INTEGERS:
            out[c] = int(v)
        elif c == "amount":
            out[c] = Decimal(str(v))
        else:
            out[c] = str(v)
    return out


def load_xlsx(path: Path) -> list[dict]:
    from python_calamine import CalamineWorkbook
    data = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("facts").to_python()
    header, body = data[0], data[1:]
    out = []
    for values in body:
        r = typed({h: (int(v) if isinstance(v, float) and h in INTEGERS else v) for h, v in zip(header, values)})
        if r["amount"] is not None and r["precision"] is not None:   # back to the printed places
            r["amount"] = Decimal(repr(float(r["amount"]))).quantize(Decimal(1).scaleb(-r["precision"]))
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
