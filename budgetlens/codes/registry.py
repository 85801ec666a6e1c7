"""The registry of 政府收支分类科目: data files in, year-aware lookups out.

Every data file has the columns code,classification,level,name,years,aliases.
A row says: in these years this code was printed (or listed) with this name,
and these other names were seen too. The registry merges all rows of all files
(packaged ones first, then the user's), so adding a year, a province's list or
an official list is adding a file.
"""

from __future__ import annotations

import csv
import os
import re
import time
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

PACKAGE_DATA = Path(__file__).resolve().parent / "data"
COLUMNS = ["code", "classification", "level", "name", "years", "aliases"]
OFFICIAL_COLUMNS = [*COLUMNS, "complete"]      # an official list marks itself complete
FUNCTION, ECONOMIC = "function", "economic"
LEVELS = {3: "类", 5: "款", 7: "项"}
# Names a user or a source may use for the two classifications.
CLASSIFICATION_NAMES = {
    "function": FUNCTION, "功能": FUNCTION, "功能分类": FUNCTION, "支出功能分类": FUNCTION,
    "economic": ECONOMIC, "经济": ECONOMIC, "经济分类": ECONOMIC,
    "部门预算支出经济分类": ECONOMIC, "支出经济分类": ECONOMIC,
}
CLASSIFICATION_LABELS = {FUNCTION: "支出功能分类", ECONOMIC: "部门预算支出经济分类"}

QUOTES = str.maketrans({c: '"' for c in "“”„‟＂「」『』"} | {c: "'" for c in "‘’‚‛＇"})
SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class CodeEntry:
    code: str
    classification: str
    level: str
    name: str                      # the name for the registry's year
    names: tuple[str, ...] = ()    # every accepted name, `name` first
    years: tuple[int, ...] = ()    # years in which the code was seen


@dataclass
class _Record:
    """Everything the data files say about one code."""
    code: str
    classification: str
    level: str
    main: dict[int | None, str] = field(default_factory=dict)   # year → name (None = undated)
    other: dict[str, set[int | None]] = field(default_factory=dict)  # every name → years


def normalize_name(name: str) -> str:
    """The comparable form of a printed name: width, quotes and whitespace do not count.

    NFKC folds full-width brackets and punctuation onto half-width ones; quotes
    of every style become one; all whitespace goes (PDF conversions break names
    anywhere). Nothing else is forgiven: a different word is a different name.
    """
    text = unicodedata.normalize("NFKC", name).translate(QUOTES)
    return SPACES.sub("", text)


def normalize_code(code: object) -> str:
    """`201 03 01`, `2010301.0`, 2010301 → "2010301"."""
    if isinstance(code, float) and code.is_integer():
        code = int(code)
    text = SPACES.sub("", unicodedata.normalize("NFKC", str(code)))
    return text[:-2] if text.endswith(".0") else text


def normalize_classification(value: str) -> str:
    key = SPACES.sub("", value).lower()
    if key not in CLASSIFICATION_NAMES:
        raise ValueError(f"未知的分类：{value}（应为 function 支出功能分类 或 economic 部门预算支出经济分类）")
    return CLASSIFICATION_NAMES[key]


def level_of(code: str) -> str | None:
    return LEVELS.get(len(normalize_code(code)))


def parent_of(code: str) -> str | None:
    code = normalize_code(code)
    return code[:-2] if len(code) > 3 else None


def classify_code(code: str) -> str | None:
    """Which classification a code can belong to, from its shape alone."""
    code = normalize_code(code)
    if not code.isdigit():
        return None
    if code[0] == "2" and len(code) in (3, 5, 7):
        return FUNCTION
    if code[0] == "3" and len(code) in (3, 5):
        return ECONOMIC
    return None


def user_dir() -> Path:
    """Where imported lists go: $BUDGETLENS_HOME/codes, else the XDG data directory."""
    home = os.environ.get("BUDGETLENS_HOME")
    if home:
        return Path(home).expanduser() / "codes"
    data = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data) / "budgetlens" / "codes"


def split_list(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(";") if part.strip()]


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def write_rows(path: Path, rows: list[dict[str, str]], columns: list[str] = COLUMNS) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


class CodeRegistry:
    """All known codes, with the names chosen for one year."""

    def __init__(self, records: dict[tuple[str, str], _Record], year: int | None = None,
                 complete: dict[tuple[str, int], set[str]] | None = None):
        self.year = year
        self._records = records
        self._complete = complete or {}      # (classification, year) → every code of its full list
        self._entries: dict[tuple[str, str], CodeEntry | None] = {}   # records never change once loaded

    # -- questions about one code --------------------------------------------------
    def lookup(self, classification: str, code: str) -> CodeEntry | None:
        key = (normalize_classification(classification), normalize_code(code))
        if key not in self._entries:
            record = self._records.get(key)
            self._entries[key] = self._entry(record) if record else None
        return self._entries[key]

    def find(self, code: str) -> list[CodeEntry]:
        """The code in whichever classification knows it."""
        code = normalize_code(code)
        return [self._entry(r) for (_, c), r in self._records.items() if c == code]

    def name_matches(self, classification: str, code: str, printed_name: str) -> bool:
        entry = self.lookup(classification, code)
        if entry is None:
            return False
        printed = normalize_name(printed_name)
        return any(normalize_name(n) == printed for n in entry.names)

    def superseded(self, classification: str, code: str, printed_name: str) -> tuple[int, int] | None:
        """(last year of the printed name, first year of the year's own name) when the printed
        name is an accepted one only of years before the year's name was seen, at or before the
        year: a name renamed since (a template copied from an old year). None otherwise: the name
        is the year's, undated, or no list between them says when the code was renamed."""
        record = self._records.get((normalize_classification(classification), normalize_code(code)))
        if record is None:
            return None
        printed = normalize_name(printed_name)
        years = {y for name, ys in record.other.items() if normalize_name(name) == printed for y in ys}
        current = self._name_for_year(record)
        if not years or None in years or normalize_name(current) == printed:
            return None
        last_old, year = max(years), self.year or max(y for y in record.main if y is not None)
        newer = [y for y, name in record.main.items() if y is not None and last_old < y <= year and name == current]
        return (last_old, min(newer)) if newer else None

    def listed_in_year(self, classification: str, code: str) -> bool | None:
        """Whether the year's list holds the code, where a complete list (an imported official
        one) of the year is at hand; None where none is: the packaged lists hold only the codes
        documents were seen to print, so a code missing from a year's says nothing."""
        listed = self._complete.get((normalize_classification(classification), self.year))
        return None if listed is None else normalize_code(code) in listed

    def retired(self, classification: str, code: str) -> tuple[int, int] | None:
        """(last year listed, first year not) where complete lists (imported official ones) show
        the code dropped by the registry's year: the latest complete list up to that year lacks
        it and an earlier one holds it. None otherwise: no such lists, the latest holds it, or
        none ever did (the packaged lists, of codes documents printed, tell no retirement)."""
        kind, code = normalize_classification(classification), normalize_code(code)
        years = sorted(y for c, y in self._complete if c == kind and (self.year is None or y <= self.year))
        if not years or code in self._complete[(kind, years[-1])]:
            return None
        listed = [y for y in years if code in self._complete[(kind, y)]]
        if not listed:
            return None
        return listed[-1], next(y for y in years if y > listed[-1])

    def parent(self, code: str) -> str | None:
        return parent_of(code)

    def level_of(self, code: str) -> str | None:
        return level_of(code)

    # -- the whole list ------------------------------------------------------------
    def entries(self, classification: str | None = None) -> list[CodeEntry]:
        wanted = normalize_classification(classification) if classification else None
        keys = sorted(k for k in self._records if wanted in (None, k[0]))
        return [self._entry(self._records[k]) for k in keys]

    def __len__(self) -> int:
        return len(self._records)

    # -- building entries ----------------------------------------------------------
    def _entry(self, record: _Record) -> CodeEntry:
        name = self._name_for_year(record)
        names = [name] + sorted(n for n in record.other if n != name)
        years = sorted({y for ys in record.other.values() for y in ys if y is not None})
        return CodeEntry(code=record.code, classification=record.classification, level=record.level,
                         name=name, names=tuple(names), years=tuple(years))

    def _name_for_year(self, record: _Record) -> str:
        """The year itself, else the nearest earlier year, else the nearest later one."""
        dated = sorted(y for y in record.main if y is not None)
        if not dated:
            return record.main[None]
        if self.year is None:
            return record.main[dated[-1]]
        earlier = [y for y in dated if y <= self.year]
        return record.main[earlier[-1] if earlier else dated[0]]


def data_files() -> list[Path]:
    """Packaged files first, user files last, so the user's lists win a same-year conflict."""
    files = sorted(PACKAGE_DATA.glob("*.csv"))
    extra = user_dir()
    if extra.is_dir():
        files += sorted(extra.glob("*.csv"))
    return files


def merge_rows(records: dict[tuple[str, str], _Record], rows: list[dict[str, str]]) -> None:
    for row in rows:
        code = normalize_code(row["code"])
        classification = normalize_classification(row["classification"])
        level = row.get("level") or level_of(code) or ""
        record = records.setdefault((classification, code), _Record(code, classification, level))
        years = [int(y) for y in split_list(row.get("years"))] or [None]
        name = row["name"].strip()
        for year in years:
            record.main[year] = name   # a later file overrides an earlier one for that year
        for seen in [name, *split_list(row.get("aliases"))]:
            record.other.setdefault(seen, set()).update(years)


def complete_lists(complete: dict[tuple[str, int], set[str]], rows: list[dict[str, str]]) -> None:
    """The codes of the rows marked complete, by (classification, year): such a file lists every
    code of its classification for those years (`budgetlens codes import` writes the official
    lists so), so a code it lacks is not of that year."""
    for r in rows:
        if (r.get("complete") or "").strip() in ("1", "true", "yes", "是"):
            for y in split_list(r.get("years")):
                key = (normalize_classification(r["classification"]), int(y))
                complete.setdefault(key, set()).add(normalize_code(r["code"]))


@lru_cache(maxsize=32)
def _load(year: int | None, files: tuple[Path, ...], stamps: tuple[int, ...]) -> CodeRegistry:
    # `stamps` is only part of the cache key: a changed file means a fresh registry.
    records: dict[tuple[str, str], _Record] = {}
    complete: dict[tuple[str, int], set[str]] = {}
    for path in files:
        rows = read_rows(path)
        merge_rows(records, rows)
        complete_lists(complete, rows)
    return CodeRegistry(records, year, complete)


def load_registry(year: int | None = None) -> CodeRegistry:
    """The registry for `year` (None: the latest names), packaged plus user data files."""
    return _load(year, *file_stamps())


STAMP_SECONDS = 1.0          # how long a look at the data files is trusted
_stamps: list = []           # [(when, user directory, files, their modification times)]: the last look


def file_stamps() -> tuple[tuple[Path, ...], tuple[int, ...]]:
    """The data files and their modification times, looked at once a second at most: a parse
    asks for the registry at every candidate name, and a file changed meanwhile is seen a
    second later (clear_cache forgets the look at once)."""
    now, where = time.monotonic(), user_dir()      # (another user directory: a fresh look)
    if not _stamps or now - _stamps[0][0] > STAMP_SECONDS or _stamps[0][1] != where:
        files = tuple(data_files())
        _stamps[:] = [(now, where, files, tuple(p.stat().st_mtime_ns for p in files))]
    return _stamps[0][2], _stamps[0][3]


def clear_cache() -> None:
    _load.cache_clear()
    _stamps.clear()
