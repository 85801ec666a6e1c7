"""Regenerate the packaged code lists in `data/` from the sources they were seeded from.

    python -m budgetlens.codes.build_seed [--observed PATH] [--out DIR]

Sources:
1. `shared/codes/codes_observed.csv` (next to the repository): codes and names seen in
   Jiangsu and Shanghai disclosures 2018–2026, with the names other documents printed.
2. The four seed documents in `budgetlens/examples/`, read with the project's parser:
   function codes from the tables printed by function class, economic codes from 表6.
3. The standard 部门预算支出经济分类 类 names of the domain primer (undated).

Nothing is invented: every dated row was printed in a source in that year.
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .registry import (
    ECONOMIC, FUNCTION, PACKAGE_DATA, classify_code, level_of, normalize_classification,
    normalize_code, normalize_name, split_list, write_rows,
)

ROOT = Path(__file__).resolve().parents[2]
OBSERVED = ROOT.parent / "shared" / "codes" / "codes_observed.csv"
EXAMPLES = ROOT / "budgetlens" / "examples"

# Tables whose rows are function codes, and the one whose rows are economic codes.
FUNCTION_TABLES = {"summary", "income", "expenditure", "fiscal_summary", "gpb_expenditure",
                   "project_expenditure", "gov_fund_expenditure", "state_capital_expenditure"}
ECONOMIC_TABLES = {"basic_expenditure"}

# The 类 of 部门预算支出经济分类 as the domain primer lists them.
STANDARD_ECONOMIC = {
    "301": "工资福利支出", "302": "商品和服务支出", "303": "对个人和家庭的补助",
    "307": "债务利息及费用支出", "309": "资本性支出（基本建设）", "310": "资本性支出",
    "311": "对企业补助（基本建设）", "312": "对企业补助", "313": "对社会保障基金补助",
    "399": "其他支出",
}

CONFLICT = re.compile(r"([^\[;]+?)\s*\[([^\]]*)\]")
DOC_YEAR = re.compile(r"-(\d{4})-")


@dataclass(frozen=True)
class Seen:
    """One name printed for one code in one year, and where it came from."""
    classification: str
    code: str
    year: int
    name: str
    rank: int          # 0 observed main name, 1 seed document, 2 observed other name
    source: str


# -- source 1: codes_observed.csv ----------------------------------------------------

def from_observed(path: Path, notes: list[str]) -> list[Seen]:
    seen = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            seen += observed_row(row, notes)
    return seen


def observed_row(row: dict[str, str], notes: list[str]) -> list[Seen]:
    code = normalize_code(row["code"])
    kind = normalize_classification(row["classification"])
    name = row["name"].strip()
    years = {int(y) for y in split_list(row["years_seen"])}
    others = other_names(code, name, row.get("conflicting_names_in_docs", ""), notes)
    # The file gives years per code, not per name: a year in which documents printed
    # another name is credited to that name (20805 行政事业单位离退休 in 2018/2019).
    other_years = {y for ys in others.values() for y in ys}
    main_years = (years - other_years) or years
    seen = [Seen(kind, code, y, name, 0, "observed") for y in sorted(main_years)]
    for other, ys in others.items():
        seen += [Seen(kind, code, y, other, 2, "observed") for y in sorted(ys)]
    return seen


def other_names(code: str, name: str, text: str, notes: list[str]) -> dict[str, set[int]]:
    """Names other documents printed, with their years; wrapped-line fragments dropped.

    A PDF table wraps a long name over lines and an extractor may keep only one
    line ("基本养老保险", "费支出" for 机关事业单位基本养老保险缴费支出). A name that
    is a piece of the accepted name is such a fragment, not another name.
    """
    found = {}
    for other, docs in CONFLICT.findall(text or ""):
        other = other.strip()
        if normalize_name(other) in normalize_name(name):
            notes.append(f"{code}: 舍弃残缺名称“{other}”（“{name}”的一部分）")
            continue
        found[other] = {int(y) for y in DOC_YEAR.findall(docs)}
    return found


# -- source 2: the seed documents ------------------------------------------------------

def from_seeds(folder: Path, notes: list[str]) -> list[Seen]:
    from ..pipeline import parse
    seen = []
    for path in sorted(folder.glob("*.txt")):
        disc = parse(path)
        seen += seed_names(path.name, disc.meta.year, disc.tables, notes)
    return seen


def seed_names(source: str, year: int, tables, notes: list[str]) -> list[Seen]:
    """One name per code per document: the name most of its tables print.

    One document prints a code with one name; a variant in one table of the same
    document is damage of the conversion (OCR "统信息务" for 统计信息事务).
    """
    printed: dict[tuple[str, str], Counter] = {}
    for kind, code, name in seed_rows(tables):
        printed.setdefault((kind, code), Counter())[name] += 1
    seen = []
    for (kind, code), names in sorted(printed.items()):
        best = names.most_common(1)[0][0]
        for other in names:
            if normalize_name(other) != normalize_name(best):
                notes.append(f"{source}: {code} 印作“{other}”，同一文件其他表印作“{best}”，视为转换错误")
        seen.append(Seen(kind, code, year, best, 1, source))
    return seen


def seed_rows(tables):
    for table in tables:
        wanted = FUNCTION if table.kind in FUNCTION_TABLES else ECONOMIC if table.kind in ECONOMIC_TABLES else None
        for row in table.rows:
            code = normalize_code(row.code)
            if wanted and row.name and classify_code(code) == wanted:
                yield wanted, code, row.name.strip()


# -- merging and writing ---------------------------------------------------------------

def year_rows(seen: list[Seen]) -> dict[int, list[dict[str, str]]]:
    """One row per (year, code): the best-ranked name, the other printed names as aliases."""
    grouped: dict[tuple[int, str, str], list[Seen]] = {}
    for s in seen:
        grouped.setdefault((s.year, s.classification, s.code), []).append(s)
    by_year: dict[int, list[dict[str, str]]] = {}
    for (year, kind, code), items in sorted(grouped.items(), key=row_order):
        names = distinct_names(sorted(items, key=lambda s: s.rank))
        by_year.setdefault(year, []).append(
            {"code": code, "classification": kind, "level": level_of(code) or "",
             "name": names[0], "years": str(year), "aliases": ";".join(names[1:])})
    return by_year


def row_order(item):
    (year, kind, code), _ = item
    return year, kind != FUNCTION, code


def distinct_names(items: list[Seen]) -> list[str]:
    """Names in rank order, one per normalised form (（） and () are one name)."""
    names, keys = [], set()
    for s in items:
        if normalize_name(s.name) not in keys:
            keys.add(normalize_name(s.name))
            names.append(s.name)
    return names


def standard_rows() -> list[dict[str, str]]:
    return [{"code": code, "classification": ECONOMIC, "level": "类", "name": name,
             "years": "", "aliases": ""} for code, name in STANDARD_ECONOMIC.items()]


def build(observed: Path = OBSERVED, out: Path = PACKAGE_DATA, examples: Path = EXAMPLES) -> list[str]:
    """Write `<year>.csv` per year and `standard.csv`; return notes on what was left out."""
    notes: list[str] = []
    seen = from_observed(observed, notes) + from_seeds(examples, notes)
    for old in out.glob("*.csv"):
        old.unlink()
    for year, rows in year_rows(seen).items():
        write_rows(out / f"{year}.csv", rows)
    write_rows(out / "standard.csv", standard_rows())
    return notes


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="重新生成内置的政府收支分类科目数据")
    parser.add_argument("--observed", type=Path, default=OBSERVED, help="codes_observed.csv 的路径")
    parser.add_argument("--out", type=Path, default=PACKAGE_DATA, help="输出目录")
    args = parser.parse_args(argv)
    for note in build(args.observed, args.out):
        print(note)
    for path in sorted(args.out.glob("*.csv")):
        with path.open(encoding="utf-8") as fh:
            print(f"{path.name}: {sum(1 for _ in fh) - 1} 行")


if __name__ == "__main__":
    main()
