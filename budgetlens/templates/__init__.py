"""TemplateSpec: one YAML file per (region, level, years, scope, phase) in templates/data/."""

from __future__ import annotations

import re
from collections import Counter
from functools import cached_property, lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .. import identities
from ..identities import Minus
from ..text import norm_label

DATA = Path(__file__).parent / "data"


def per_spec(cache: dict, key, spec, make):
    """What make() makes of a template's spec (or of a part of it, `key` naming which), made
    once: templates are loaded once and never edited. The spec is kept with what was made of
    it, so that its id, the key's, is never another's."""
    known = cache.get(key)
    if known is not None and known[0] is spec:
        return known[1]
    made = make()
    cache[key] = (spec, made)
    return made


class Spec(BaseModel):
    """A template's part: a key the model does not know is a typo in the data file, refused
    (ignored, it would leave a column or a variant out of the template in silence)."""
    model_config = ConfigDict(extra="forbid")


class ColumnSpec(Spec):
    key: str
    label: str
    aliases: list[str] = Field(default_factory=list)
    path: list[str] = Field(default_factory=list)
    coords: dict[str, str] = Field(default_factory=dict)
    # printed by some tables of the layout only (the carry-over in three levels): a candidate
    # for an amount only where the header names it (with its group where another column bears
    # its name: 上年结转), never where a header that could not be cut into columns leaves its
    # columns open (extract/tables.py: header_shown)
    optional: bool = False
    # economic classes (301 …) whose rows hold their amount in this column by the documents' own
    # definition (人员经费: 301 and 303); identities.ANY_CLASS: every class no other column lists
    classes: list[str] = Field(default_factory=list)


class ItemSpec(Spec):
    match: str
    coords: dict[str, str]
    within: str | None = None        # only under the top-level row whose source is this

    def matches(self, label: str, group: str | None = None) -> bool:
        if self.within is not None and self.within != group:
            return False
        return _compiled(self.match).search(norm_label(label)) is not None


def first_item(items: list[ItemSpec], label: str, group: str | None = None) -> ItemSpec | None:
    """The first item the label matches (ItemSpec.matches, the label normalised once for all)."""
    norm = norm_label(label)
    some, each = _item_index(items)
    if some is not None and some.search(norm) is None:
        return None                     # (most labels of a side match none of its items)
    for within, search, item in each:
        # (search None: a pattern that does not compile, left to raise here as it did)
        if (within is None or within == group) and (search or _compiled(item.match).search)(norm) is not None:
            return item
    return None


_ANY_ITEM: dict[int, tuple[list[ItemSpec], re.Pattern | None, list[tuple]]] = {}
# What can make an alternation of patterns match where none of them does on its own.
_REFERS = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")


def _item_index(items: list[ItemSpec]) -> tuple[re.Pattern | None, list[tuple]]:
    """One regex that matches a label wherever some item's pattern does (their alternation),
    to rule a label out in one search; None where that cannot be told (a pattern refers to a
    group by number or name, which the alternation renumbers, or it does not compile). And each
    item as (within, its pattern's search, the item): read off the models once (a pydantic
    model's attribute costs ten times a tuple's item: every label of every side is tried
    against its items). Built once per item list (templates are loaded once; the list is kept
    with it so that its id is never reused by another)."""
    known = _ANY_ITEM.get(id(items))
    if known is not None and known[0] is items:
        return known[1], known[2]
    pattern = None
    if items and not any(_REFERS.search(item.match) for item in items):
        try:
            pattern = re.compile("|".join(f"(?:{item.match})" for item in items))
        except re.error:
            pattern = None
    each = [(item.within, _search_of(item.match), item) for item in items]
    _ANY_ITEM[id(items)] = (items, pattern, each)
    return pattern, each


def _search_of(pattern: str):
    try:
        return _compiled(pattern).search
    except re.error:
        return None



def item_attr(items: list[ItemSpec]) -> str | None:
    """The coordinate a table's item rows are told apart by (item, source or function_code)."""
    for it in items:
        for attr in ("item", "source", "function_code"):
            if attr in it.coords:
                return attr
    return None


def matches_any(items: list[ItemSpec], label: str) -> bool:
    """any(item.matches(label) for item in items), the label normalised once."""
    return first_item(items, label) is not None


_PATTERNS: dict[str, re.Pattern] = {}


def _compiled(pattern: str) -> re.Pattern:
    """A template's pattern compiled once (re.search looks its cache up on every call: every
    row of every table tries the items' patterns)."""
    compiled = _PATTERNS.get(pattern)
    if compiled is None:
        compiled = _PATTERNS[pattern] = re.compile(pattern)
    return compiled


class SumSpec(Spec):
    """total = Σ parts − Σ minus (minus: columns subtracted, as in 年末结转和结余 = 年初结转和结余
    + 本年收入 − 本年支出)."""
    total: str
    parts: list[str]
    minus: list[str] = Field(default_factory=list)

    @cached_property
    def terms(self) -> list[str]:
        """The parts, then the subtracted columns as identities.Minus keys: what the identities
        and the checks add up."""
        return [*self.parts, *map(Minus, self.minus)]


def printed_parts(sums: list[SumSpec], s: SumSpec, printed: set[str]) -> list[str]:
    """identities.printed_parts of sum s among the template's sums."""
    return identities.printed_parts(sum_pairs(sums), next(n for n, q in enumerate(sums) if q is s), printed)


def optional_wholes(spec: TableSpec | SideSpec, present: set[str]) -> set[str]:
    """The optional columns that are the total of a sum some of whose parts are in `present`:
    printed over those parts, such a whole's words are their group (上年结转结余 over 财政拨款结转
    | 非财政拨款结转, 财政拨款收入 over 一般公共预算 | 政府性基金预算), not a column of its own."""
    optional = {c.key for c in spec.columns if c.optional}
    return {s.total for s in spec.sums if s.total in optional and present.intersection(s.parts)}


def sum_pairs(sums: list[SumSpec]) -> list[tuple[str, list[str]]]:
    """The sums as the identities take them: (total, terms)."""
    return [(s.total, s.terms) for s in sums]


class SideSpec(Spec):
    columns: list[ColumnSpec]
    headers: list[str] = Field(default_factory=list)        # the side's top header as printed (收入, 本年支出)
    label: str | None = None                                # display prefix; default 收入/支出
    items: list[ItemSpec] = Field(default_factory=list)
    rows: str | None = None
    sums: list[SumSpec] = Field(default_factory=list)        # column sums
    item_sums: list[SumSpec] = Field(default_factory=list)   # row sums keyed by item coords


class SubtotalSpec(Spec):
    """A group of columns whose total the template declares (基本支出 over 人员经费 | 公用经费 is
    nature basic): a table may print that total beside its parts, under the group, as 小计."""
    group: str                        # the group header, as in the parts' paths
    key: str                          # the total's column key
    coords: dict[str, str]            # the total's coordinates


SUBTOTAL_LABEL, SUBTOTAL_ALIASES = "小计", ["合计"]


class TableSpec(Spec):
    number: int
    kind: str
    titles: list[str]
    layout: str = "grid"              # grid / side_by_side
    rows: str | None = None           # function / economic / function_project / item / label / none
    coords: dict[str, str] = Field(default_factory=dict)
    columns: list[ColumnSpec] = Field(default_factory=list)
    sides: dict[str, SideSpec] = Field(default_factory=dict)
    items: list[ItemSpec] = Field(default_factory=list)
    sums: list[SumSpec] = Field(default_factory=list)
    item_sums: list[SumSpec] = Field(default_factory=list)
    header_groups: list[str] = Field(default_factory=list)   # spanning headers over columns
    # headers of this table's own row-label columns (政府采购: 采购品目大类, 采购组织形式 …)
    label_headers: list[str] = Field(default_factory=list)
    # False: not every publisher of this template prints the table, so its absence is no defect
    required: bool = True
    # The same table printed another way (the “三公” table with its items as rows or as
    # columns): each variant names itself and gives the fields that differ (rows, columns,
    # sums …); number, kind, titles and required are the table's. The reading whose header
    # the template accounts for best is kept (extract/tables.py).
    variant: str | None = None
    variants: list[TableSpec] = Field(default_factory=list)
    # groups whose total a table may print under them (each gives a variant of its own: _subtotaled)
    subtotals: list[SubtotalSpec] = Field(default_factory=list)
    # figures the table may print that are derived from its amounts and no amounts themselves
    # (增减率, percentages): their columns and rows are known and left out, not said unread
    left_out: list[str] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _variants_inherit(cls, data):
        if isinstance(data, dict) and data.get("variants"):
            shared = {k: data[k] for k in ("number", "kind", "titles", "required", "left_out") if k in data}
            for v in data["variants"]:
                if isinstance(v, dict) and (not v.get("variant") or v.get("variants") or v.get("subtotals")):
                    raise ValueError(f"表 {data.get('kind')} 的每个 variants 须有 variant 名称，且不能再含 variants "
                                     "或 subtotals（subtotals 写在表一级，每项自成一个变体）")
            data = {**data, "variants": [{**shared, **v} if isinstance(v, dict) else v for v in data["variants"]]}
        return data

    @model_validator(mode="after")
    def _subtotal_variants(self):
        """Each declared subtotal is a variant of the table's own layout: its 小计 column before
        the group's parts, and the sum that it is their total. Read only where the own layout
        leaves header text over (extract.tables.best_layout), so a 小计 printed under the group
        is that total (its coordinates), not text the template cannot place."""
        named = {v.variant for v in self.variants}
        for sub in self.subtotals:
            if f"{sub.key}_subtotal" not in named:     # (pydantic may run this twice on one table)
                self.variants.append(self._subtotaled(sub))
        return self

    def _subtotaled(self, sub: SubtotalSpec) -> TableSpec:
        parts = [c for c in self.columns if sub.group in c.path]
        if len(parts) < 2 or any(c.key == sub.key for c in self.columns):
            raise ValueError(f"表 {self.kind} 的 subtotals：“{sub.group}”下须有两列以上，且 {sub.key} 不能与已有列同名")
        path = parts[0].path[:parts[0].path.index(sub.group) + 1]
        column = ColumnSpec(key=sub.key, label=SUBTOTAL_LABEL, aliases=SUBTOTAL_ALIASES, path=path, coords=sub.coords)
        at = self.columns.index(parts[0])
        return self.model_copy(update={
            "variant": f"{sub.key}_subtotal", "variants": [], "subtotals": [],
            "columns": [*self.columns[:at], column, *self.columns[at:]],
            "sums": [*self.sums, SumSpec(total=sub.key, parts=[c.key for c in parts])]})

    def named(self, variant: str | None) -> TableSpec:
        """The variant of this name (None or unknown: the table itself)."""
        return next((v for v in self.variants if v.variant == variant), self) if variant else self

    def all_columns(self) -> list[tuple[str | None, ColumnSpec]]:
        """(side, column) in printed order; side-by-side tables print income first."""
        if self.layout != "side_by_side":
            return [(None, c) for c in self.columns]
        return [(side, c) for side, spec in self.sides.items() for c in spec.columns]

    def class_columns(self) -> dict[str, list[str]]:
        """The columns (side:key as cells name them) of rows by economic code that declare the
        classes they hold (ColumnSpec.classes), with those classes."""
        sides = self.sides if self.layout == "side_by_side" else {None: self}
        return {f"{side}:{c.key}" if side else c.key: c.classes
                for side, part in sides.items() if part.rows == "economic" for c in part.columns if c.classes}

    @cached_property
    def label_counts(self) -> Counter:
        """How many columns of each side carry each leaf label (a template is read, not edited)."""
        return Counter((side, c.label) for side, c in self.all_columns())

    def display_label(self, side: str | None, col: ColumnSpec) -> str:
        """The label a user reads: unique leaf label, else prefixed by its top header."""
        unique = self.label_counts[side, col.label] == 1
        label = col.label if unique or not col.path else f"{self.distinct_group(side, col)}/{col.label}"
        if side:
            label = f"{self.side_label(side)}/{label}"
        return label

    def distinct_group(self, side: str | None, col: ColumnSpec) -> str:
        """The top header that tells a repeated label apart, else the nearest (小计 under
        “三公”经费 and under “三公”经费/公务用车购置及运行维护费: the latter's group)."""
        columns = self.sides[side].columns if side else self.columns
        same = [c for c in columns if c is not col and c.label == col.label and c.path[:1] == col.path[:1]]
        return col.path[-1] if same else col.path[0]

    def side_label(self, side: str) -> str:
        spec = self.sides.get(side)
        if spec is not None and spec.label:
            return spec.label
        return "收入" if side == "income" else "支出"


class TemplateSpec(Spec):
    id: str
    name: str
    region: str
    # other names a document of the region prints for it (its short name, prefectures, cities):
    # where none of them nor the region is named, a national template knowing the same titles
    # is taken instead of this one (segment.by_numbering)
    region_names: list[str] = Field(default_factory=list)
    level: str
    years: list[int]
    scope: str
    phase: str
    unit: str = "万元"
    parts: list[dict] = Field(default_factory=list)
    required_sections: list[str] = Field(default_factory=list)
    tables: list[TableSpec]
    # spanning headers any grid table of the template may print over its amount columns, saying
    # no more than the template's own phase (本年预算 over 合计 | 基本支出 | 项目支出): each
    # table takes them as its own header_groups, unless one of its columns is named by it
    header_groups: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _shared_groups(self):
        if self.header_groups:
            for table in self.tables:
                for spec in (table, *table.variants):
                    _take_groups(spec, self.header_groups)
        return self

    def lacking(self, kinds: set[str]) -> list[TableSpec]:
        """The required tables, one per kind, whose kind is not among `kinds` (a unit's set's)."""
        return list({s.kind: s for s in self.tables if s.required and s.kind not in kinds}.values())

    def table(self, kind: str) -> TableSpec | None:
        return next((t for t in self.tables if t.kind == kind), None)

    def names_region(self, text: str) -> bool:
        """Whether text names the template's region, by its name or one of region_names, or
        one of its counties, county-level cities or districts (region_places)."""
        if any(name in text for name in (self.region, *self.region_names)):
            return True
        places = region_places().get(self.region)
        return places is not None and places.search(text) is not None

    def covers_year(self, year: int | None) -> bool:
        return year is None or self.years[0] <= year <= self.years[-1]


def _take_groups(spec: TableSpec, groups: list[str]) -> None:
    """The template's shared groups added to a grid table's, but a word that names one of its
    columns (本年预算数 as the 三公 table's column) stays that column's."""
    if spec.layout == "side_by_side":
        return          # (its 本年预算 heads one side's amount column: a column, not a group)
    named = {name for _, col in spec.all_columns() for name in (col.label, *col.aliases, *col.path)}
    # (a new list: a subtotal variant is a shallow copy, sharing its table's)
    spec.header_groups = [*spec.header_groups, *(g for g in groups if g not in named and g not in spec.header_groups)]


PLACES = DATA / "places"


@lru_cache(maxsize=None)
def region_places() -> dict[str, re.Pattern]:
    """Region → one pattern of its counties', county-level cities' and districts' full names
    (data/places/*.yaml), not where the name runs on into a word: 双河市场 or 天山区域 names
    no place."""
    out = {}
    for path in sorted(PLACES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        names = sorted(data["names"], key=len, reverse=True)
        out[data["region"]] = re.compile(f"(?:{'|'.join(map(re.escape, names))})(?![场域])")
    return out


@lru_cache(maxsize=None)
def load_templates(folder: str | None = None) -> tuple[TemplateSpec, ...]:
    root = Path(folder) if folder else DATA
    paths = sorted(root.glob("*.yaml"))
    loaded = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in paths]
    raw = {data["id"]: data for data in loaded}
    files = {data["id"]: path.name for data, path in zip(loaded, paths)}
    return tuple(_validated(resolve_extends(data, raw), files[key]) for key, data in raw.items())


def _validated(data: dict, file: str) -> TemplateSpec:
    try:
        return TemplateSpec.model_validate(data)
    except ValidationError as exc:
        said = "；".join(f"{'.'.join(map(str, e['loc']))}：{e['msg']}" for e in exc.errors()[:5])
        raise ValueError(f"模板文件 {file} 有误（{exc.error_count()} 处）：{said}") from exc


def resolve_extends(data: dict, raw: dict[str, dict]) -> dict:
    """`extends: other-id` takes the other template's fields; the file's own fields win.
    Tables are replaced by kind (`tables` lists only the tables that differ); a table entry
    with `merge: true` changes only the fields it gives (titles, number, required)."""
    base_id = data.get("extends")
    if not base_id:
        return data
    if base_id not in raw:
        raise ValueError(f"模板 {data.get('id')} 继承的模板 {base_id} 不存在")
    base = resolve_extends(raw[base_id], raw)
    merged = {**base, **{k: v for k, v in data.items() if k not in ("extends", "tables")}}
    own = {t["kind"]: t for t in data.get("tables", [])}
    merged["tables"] = [_table_over(t, own.pop(t["kind"], None)) for t in base.get("tables", [])]
    for kind, table in own.items():
        if table.get("merge"):
            raise ValueError(f"模板 {data.get('id')} 的表 {kind} 标注 merge: true，但继承的模板 {base_id} 没有此表")
        merged["tables"].append(table)
    return merged


def _table_over(base: dict, own: dict | None) -> dict:
    if own is None:
        return base
    if own.get("merge"):
        return {**base, **{k: v for k, v in own.items() if k != "merge"}}
    return own

