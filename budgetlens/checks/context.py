"""Running rules: preconditions, instances, candidate readings, outcomes and findings."""

from __future__ import annotations

import hashlib
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Callable, Iterable, NamedTuple

from ..extract.rebuilt import LAYOUT_LOST, LAYOUT_LOST_TABLE, LAYOUT_REBUILT
from ..identities import printed_gap, tolerance, wan_shift
from ..model import Claim, Disclosure, ItemList, PrintedTable
from ..model.findings import Evidence, Finding, Location, RuleOutcome
from ..model.narrative import PerformanceTable, ProjectInfo
from ..model.provenance import Provenance
from ..model.tables import KIND_NAMES
from ..segment.sets import set_name, set_names
from ..templates import TableSpec, TemplateSpec, load_templates
from ..text import NESTED, match_key
from .catalogue import Config, RuleSpec
from .ledger import Book, Ledger, Val, Verdicts, readings_of
from .unread import Needs, cell_said, placed_hidden, unread_cells

MAX_READINGS = 256
CODE_UNSURE = "code-unsure"     # a row whose code OCR read without certainty: read without one
# reader issues naming a line whose amount could not be read (### printed, or wrapped in its cell)
# or whose code could not (OCR)
UNREAD_AMOUNTS = ("amount-hidden", "amount-unsure", CODE_UNSURE)
OCR_UNSURE = "ocr-unsure"       # a line of text with words OCR was not sure of
# the rules that report unreadable cells themselves (their failures cite them)
SAYS_UNREAD = frozenset({"C-AMOUNT-HIDDEN"})
# templates every rule has unless its catalogue entry gives its own (RuleSpec.messages)
SHARED_MESSAGES = {"unread": "{where}：所需的单元格无法读取，本项未能核对"}
# the note of a serious fail that passes under another reading of its undecided columns
HOLDS_NOTE = "列归属未定，在另一种读法下成立"


def lost_tables(disc: Disclosure) -> set[tuple[str | None, int]] | bool:
    """The tables read one cell a line whose reading is not confirmed ((file, index) pairs);
    True (all) for a disclosure that says the layout was lost without naming them (read before
    tables were judged one by one); False (none) where it was not lost."""
    named = {(i.provenance.file, i.provenance.table) for i in disc.issues
             if i.code == LAYOUT_LOST_TABLE and i.provenance}
    if named:
        return named
    return any(i.code == LAYOUT_LOST for i in disc.issues)


class NotApplicable(Exception):
    """The rule's precondition does not hold (e.g. the table is absent)."""


class TablesMissing(NotApplicable):
    """The set of tables read prints no table of these kinds, which the rule compares: for a
    unit's set, while another set prints them, said not checked (Context.say_set_lacks)."""

    def __init__(self, kinds: Iterable[str], compared: Iterable[str] = ()):
        self.kinds, self.compared = list(kinds), list(compared)
        super().__init__(f"文件中没有{'、'.join(kind_name(k) for k in self.kinds)}")


class InsufficientData(Exception):
    """The rule applies but the document lacks what it needs to decide."""


@dataclass
class Fail:
    """One failed check instance, before the rule's metadata turns it into a Finding."""

    key: str                                   # what was checked, in coordinates: the fingerprint
    location: Location
    expected: str | None = None
    found: str | None = None
    difference: Decimal | None = None
    tolerance: Decimal | None = None
    evidence: list[Evidence | Cited] = field(default_factory=list)   # Cited: built when reported
    fields: dict = field(default_factory=dict)  # extra values for the message template
    rounding: bool = False                      # within rounding tolerance: info
    severity: str | None = None                 # None: the rule's severity


RuleFn = Callable[["Context"], None]
REGISTRY: dict[str, RuleFn] = {}


def rule(rule_id: str):
    def register(fn: RuleFn) -> RuleFn:
        REGISTRY[rule_id] = fn
        return fn
    return register


class Context:
    def __init__(self, disc: Disclosure, config: Config, prior: Disclosure | None = None):
        self.disc = disc
        self.config = config
        self.prior = prior
        self.book = Book(disc)
        self.template = template_of(disc)
        self.rule: RuleSpec | None = None
        self.checked = 0
        self.findings: list[Finding] = []
        # lines with an amount printed as ### or wrapped past certain reading (unreadable), by
        # file and table, and the codes of their rows (a parent's sum over such a row cannot be
        # known either)
        # (a line whose ### the table keeps as cells of known columns is left to those cells:
        # checks.unread, which knows which failures need them)
        cells = unread_cells(disc)
        placed = placed_hidden(cells)
        self.unreadable = {(i.provenance.file, i.provenance.table, i.provenance.line) for i in disc.issues
                           if i.code in UNREAD_AMOUNTS and i.provenance and i.provenance.table is not None
                           and not (i.code == "amount-hidden" and (i.provenance.file, i.provenance.table,
                                                                   i.provenance.line) in placed)}
        # the tables' text came one cell a line: the tables whose rebuilt rows and columns their
        # identities do not confirm (their figures cannot be checked), and those they do
        self.layout_lost = lost_tables(disc)
        self.layout_rebuilt = {(i.provenance.file, i.provenance.table) for i in disc.issues
                               if i.code == LAYOUT_REBUILT and i.provenance}
        # lines of text (a scan's narrative) with a figure OCR was not sure of
        self.unsure_text = {(i.provenance.file, i.provenance.line) for i in disc.issues
                            if i.code == OCR_UNSURE and i.provenance and i.provenance.line}
        # tables with such a row: which of their sums take it in is not known
        self.uncoded_tables = {(i.provenance.file, i.provenance.table) for i in disc.issues
                               if i.code == CODE_UNSURE and i.provenance and i.provenance.table is not None}
        # cells the readers could not read (PrintedCell.unread): failures that needed one are
        # said not checked (unread_unchecked: the current rule's)
        self.needs = Needs(disc, cells) if cells else None
        self.unread_unchecked = 0
        self.layout_unchecked = 0      # the current rule's failures left unchecked for it
        self.unchecked = 0             # the current rule's findings saying an instance was not checked
        self.unreadable_codes = {(file, t, row.code) for file, t, line in self.unreadable
                                 for row in disc.tables[t].rows if row.code and row.line <= line <= row.line_end}
        self.sets = table_sets(disc)
        self.set_unit: str | None = None      # the unit whose tables a claim is checked against
        self.set_group = 0                    # the set a rule between tables is run on (run_rule)
        self.said_unchecked: set[tuple] = set()     # (rule, unit, kind) said not checked (set_lacks)
        n = disc.narrative
        self.unit_claims = any(c.table_set for c in (*n.claims, *n.item_lists, *n.projects, *n.performance))

    # ---- tables and specs -------------------------------------------------------------
    def table(self, kind: str) -> PrintedTable | None:
        return self.book.by_kind.get(kind)

    def need_table(self, kind: str) -> PrintedTable:
        t = self.table(kind)
        if t is None:
            raise TablesMissing([kind])
        return t

    def need_tables(self, *kinds: str) -> list[PrintedTable]:
        """The tables of these kinds a rule compares; TablesMissing naming those not printed."""
        missing = [k for k in kinds if self.table(k) is None]
        if missing:
            raise TablesMissing(missing, kinds)
        return [self.table(k) for k in kinds]

    def set_lacks(self, kind: str) -> bool:
        """The set read is a unit's and prints no table of this kind (or none was found)."""
        return bool(self.set_unit) and self.table(kind) is None

    def report_unchecked(self, kind: str | tuple[str, ...] | None, location: Location, evidence: list,
                         whose: str = "本单位的公开表", why: str | None = None, **fields) -> None:
        """Say, once per rule and unit, that the unit's claims could not be checked: its set
        prints no table of this kind (set_lacks; `whose`: the tables that lack it, where not the
        unit's own this year), or of any of these kinds, or (kind None) `why` it was not. An info
        finding, from the rule's `unchecked` message; never a silent pass."""
        said = (self.rule.id, self.set_unit, kind)
        if said in self.said_unchecked:
            return
        self.said_unchecked.add(said)
        kinds = (kind,) if isinstance(kind, str) else kind or ()
        names = "、".join(kind_name(k) for k in kinds)
        why = why or f"{whose}中没有{names}（未公开或未能识别）"
        self.report(Fail(key=f"unchecked|{'|'.join(kinds)}", location=location, severity="info", evidence=evidence,
                         fields={"table": names, **fields, "message": "unchecked", "why": why}))

    def unit_lacks(self, group: int, kinds: Iterable[str], location: Location, evidence: list, **fields) -> bool:
        """A claim of set `group` is a unit's whose set prints no table of one of `kinds`
        (set_lacks): said not checked (report_unchecked), once per rule, unit and kind, and
        True; the caller then leaves it. Never read against the 汇总's table instead: that adds
        every unit's figure, not this unit's. False for the document's own claims (a single set's
        missing table is C-TABLES' to report) and where the unit's set prints every kind."""
        if not group:
            return False
        with self.reading_set(group):
            kind = next((k for k in kinds if k and self.set_lacks(k)), None)
            if kind is not None:
                self.report_unchecked(kind, location, evidence, **fields)
        return kind is not None

    def lacks_printed(self, kinds: Iterable[str]) -> tuple[str, ...]:
        """Of `kinds`, those the unit's set a rule between tables is run on (set_group) prints
        no table of while another set of the document does; none for the document's own set
        (its missing tables are C-TABLES' to report)."""
        if not self.set_group:
            return ()
        printed = {k for tables in self.sets for k, t in tables.items() if t.group != self.set_group}
        return tuple(dict.fromkeys(k for k in kinds if self.table(k) is None and k in printed))

    def say_set_lacks(self, kinds: Iterable[str], compared: Iterable[str] = ()) -> bool:
        """A comparison between tables the unit's set (set_group) cannot make, as it prints no
        table of some of `kinds` that another set prints (lacks_printed): said not checked, once
        per rule and unit, naming the tables it lacks and citing those of `compared` it prints
        (else its first table); True where said. Never compared with another set's table
        instead: the 汇总's adds every unit's."""
        lacking = self.lacks_printed(kinds)
        if not lacking:
            return False
        unit = set_label(self.disc, self.set_group)
        mine = self.book.by_kind
        cited = [mine[k] for k in dict.fromkeys(compared) if k in mine] or \
            sorted(mine.values(), key=lambda t: t.index)[:1]
        evidence = [Evidence(role="本单位的表", text=t.title, provenance=t.provenance) for t in cited]
        with self.reading_set(self.set_group):        # the finding names the unit
            self.report_unchecked(lacking, Location(unit=unit), evidence)
        return True

    def spec(self, kind: str | PrintedTable) -> TableSpec | None:
        """The template's table of this kind, in the layout the document's table was read with:
        the given table's, or the first of the kind's (a document may print a kind twice, each
        in its own layout: a unit's tables after its department's)."""
        table = kind if isinstance(kind, PrintedTable) else None
        spec = self.template.table(table.kind if table else kind) if self.template else None
        printed = (table or self.table(kind)) if spec is not None and spec.variants else None
        return spec.named(printed.template_variant) if printed is not None else spec

    def param(self, name: str, default=None):
        return self.config.param(name, default)

    # ---- checking ---------------------------------------------------------------------
    def check(self, fn: Callable[..., Fail | Iterable[Fail] | None], *args) -> None:
        """Run one check instance; if it fails on undecided columns, try every other reading.

        Under the other readings only whether it still fails seriously matters: a check
        function may carry `serious(ledger, *args) -> bool` saying just that, without building
        the Fail (cross_table._line_serious); the runner then uses it there. A reading that
        agrees with an earlier run on every undecided row that run read gets that run's
        verdict without a run of its own (see Verdicts)."""
        self.checked += 1
        group = claims_set(args) if self.unit_claims else 0
        if group:
            with self.reading_set(group):
                self._check(fn, args)
        else:
            self._check(fn, args)

    def _check(self, fn: Callable[..., Fail | Iterable[Fail] | None], args: tuple) -> None:
        ledger = Ledger(self.book)
        result = fn(ledger, *args)
        if result is None:
            return
        fails = _as_list(result)
        if not _serious(fails):
            self._emit(fails)
            return
        undecided = ledger.touched
        if undecided:
            serious = getattr(fn, "serious", None) or (lambda lg, *a: _serious(_as_list(fn(lg, *a))))
            verdicts = Verdicts()
            verdicts.add(ledger, True)
            for n, choice in enumerate(readings_of(self.book, undecided)):
                if n >= MAX_READINGS:
                    break
                verdict = verdicts.get(choice)
                if verdict is None:
                    other = Ledger(self.book, choice)
                    verdict = serious(other, *args)
                    verdicts.add(other, verdict)
                if not verdict:
                    for f in fails:   # passes under another reading: not an error
                        f.severity = "info"
                        f.fields["note"] = HOLDS_NOTE
                    break
        self._emit(fails)

    @contextmanager
    def reading_set(self, group: int):
        """Rules read the tables of set `group` (a unit's, whose claims they check) and its
        findings name the unit."""
        if not group:                   # the document's own: what rules read anyway
            yield
            return
        everything, unit = self.book.by_kind, self.set_unit
        self.book.by_kind = set_tables(self.disc, group)
        self.set_unit = set_label(self.disc, group)
        try:
            yield
        finally:
            self.book.by_kind, self.set_unit = everything, unit

    @contextmanager
    def on_set(self, tables: dict[str, PrintedTable]):
        """A rule between tables reads one set of them (one of `sets`), and only that set."""
        everything, group = self.book.by_kind, self.set_group
        self.book.by_kind, self.set_group = tables, next(iter(tables.values())).group
        try:
            yield
        finally:
            self.book.by_kind, self.set_group = everything, group

    def report_if(self, fail: Fail | None) -> None:
        """One checked instance that needs no ledger; report it if it failed."""
        self.checked += 1
        if fail is not None:
            self._emit([fail])

    def report(self, fail: Fail) -> None:
        """A finding that needs no ledger (narrative, completeness, dates)."""
        self._emit([fail])

    def _emit(self, fails: list[Fail]) -> None:
        for f in fails:
            if f.fields.get("message") == "unchecked":
                self.unchecked += 1
            if self.set_unit and f.location.unit is None:
                f.location.unit = self.set_unit      # read against a unit's tables: say whose
            if self.needs is not None and f.severity != "info" and self.rule.id not in SAYS_UNREAD:
                self.unread_said(f)      # (made info where it needed an unread cell)
            if self.unreadable and f.severity != "info" and self.rule.id not in SAYS_UNREAD \
                    and any(self.reads_unreadable(e.provenance) for e in f.evidence):
                # it reads a row with an unreadable amount: whether it fails is not known
                f.severity = "info"
                f.fields["note"] = "所涉行有金额或科目编码无法读取（印成“###”、在格内折行无法确定、不是金额的写法，或扫描件 OCR 识别没有把握），未能核对"
            elif self.unsure_text and f.severity != "info" and self.cites_unsure_text(f):
                f.severity = "info"
                f.fields["note"] = "所引文字有扫描件 OCR 识别没有把握的数字，未能核对"
            elif self.layout_lost and f.severity != "info" and self.reads_tables(f, self.layout_lost):
                f.severity = "info"
                self.layout_unchecked += 1
                f.fields["note"] = "公开表的行与列的对应在文本中已丢失（逐格输出），表格数字未能核对"
            elif f.fields.get("traced") and f.severity != "info":
                # the rule traced the failure to another finding of its own (Fail.fields["traced"]
                # says which): a note, not a second error for one misprint
                f.severity = "info"
                f.fields["note"] = f.fields["traced"]
            elif self.layout_rebuilt and f.severity != "info" and self.reads_tables(f, self.layout_rebuilt):
                f.fields["note"] = "所涉公开表的文字是逐格输出的，其行与列按本表的勾稽关系重建并已印证"
            self.findings.append(to_finding(self.rule, f))

    def unread_said(self, f: Fail) -> bool:
        """A failure that needed a cell the reader could not read (checks.unread) becomes the
        finding that the instance was not checked, naming the cells and why, its figures
        (worked out without them) dropped; False where it needed none."""
        cells = self.needs.needed(f.evidence, f.location, whole=self.rule.category != "completeness")
        if not cells:
            return False
        said = "、".join(dict.fromkeys(cell_said(u, self.disc.tables[u.table]) for u in cells))
        f.severity, f.rounding = "info", False
        f.expected = f.found = f.difference = f.tolerance = None
        f.evidence = [*f.evidence, *(Evidence(role="无法读取的单元格", text=u.cell.text or u.cell.unread,
                                               provenance=u.cell.provenance) for u in cells)]
        f.fields.update(message="unread", cells=said, note=f"无法读取的单元格：{said}")
        self.unread_unchecked += 1
        return True

    def cites_unsure_text(self, f: Fail) -> bool:
        """The finding quotes a line of text with a figure OCR was not sure of."""
        for e in f.evidence:
            p = e.provenance
            if p is not None and p.line and any((p.file, n) in self.unsure_text
                                                for n in range(p.line, (p.line_end or p.line) + 1)):
                return True
        return False

    def reads_tables(self, f: Fail, tables: set | bool = True) -> bool:
        """The finding compares a figure or a row of a printed table (its evidence cites one,
        or it is located in a table the document prints); of one of `tables` ((file, index)
        pairs) where given as a set."""
        def among(file, index) -> bool:
            return index is not None and (not isinstance(tables, set) or (file, index) in tables)

        located = self.book.by_kind.get(f.location.table_kind) if f.location.table_kind is not None else None
        return any(e.provenance is not None and among(e.provenance.file, e.provenance.table) for e in f.evidence) or \
            (located is not None and among(located.provenance.file, located.index))

    def reads_unreadable(self, prov: Provenance | None) -> bool:
        """The value is on a line with an amount printed as ### (or not read), or on a row whose code is a
        parent of such a line's row (its sum takes that amount in), or in a table with a row whose code
        was not read (what sums take its amounts in is not known)."""
        if prov is None or prov.table is None:
            return False
        if (prov.file, prov.table, prov.line) in self.unreadable or (prov.file, prov.table) in self.uncoded_tables:
            return True
        if not self.unreadable_codes or prov.row is None or prov.table >= len(self.disc.tables):
            return False
        rows = self.disc.tables[prov.table].rows
        code = rows[prov.row].code if prov.row < len(rows) else None
        return bool(code) and any(f == prov.file and t == prov.table and c != code and c.startswith(code)
                                  for f, t, c in self.unreadable_codes)

    # ---- helpers rules share ------------------------------------------------------------
    def loc(self, v: Val) -> Location:
        table = self.disc.tables[v.table]
        row = table.rows[v.row]
        col = self.book.column(table, v.key)
        return table_location(table,
                        row=row.code or row.project or row.name or None,
                        column=col.label if col else v.key)

    def sum_fail(self, key: str, total: Val | None, parts: list[Val], loc: Location,
                 total_role: str = "合计", part_role: str = "组成项") -> Fail | None:
        """total = Σ parts, tolerance from each operand's printed precision."""
        gap = printed_gap(total.amount if total else None, [p.amount for p in parts])
        if gap == 0:
            return None
        tol = tolerance([*([total.places] if total else []), *(p.places for p in parts)])
        expected = sum((p.amount for p in parts), Decimal(0))
        evidence = ([ev(total, total_role)] if total else []) + [ev(p, part_role) for p in parts]
        shift = yuan_shift(self.disc, ([total] if total else []) + parts)
        fail = Fail(key=key, location=loc, expected=fmt(expected.scaleb(shift)),
                    found=fmt(total.amount.scaleb(shift)) if total else "空", difference=gap.scaleb(shift),
                    tolerance=tol.scaleb(shift), evidence=evidence, rounding=abs(gap) <= tol)
        if not fail.rounding and (note := unit_slip(total, parts, gap, tol, shift)):
            fail.fields["note"] = note
        return fail


WAN = Decimal(10000)
CENT, HALF_CENT = Decimal("0.01"), Decimal("0.005")
SLIP_FACTORS = ((Decimal(1) / WAN, "元"), (WAN, "万元"))


def unit_slip(total: Val | None, parts: list[Val], gap: Decimal, tol: Decimal, shift: int) -> str | None:
    """The one operand that, read 10000 times smaller (keyed in 元 in a table in 万元) or larger,
    makes the sum hold: said so, as a bureau reads such a gap. Worked out on failures only."""
    operands = ([(total, 1)] if total else []) + [(p, -1) for p in parts]
    slack = tol + HALF_CENT.scaleb(-shift)      # the figure meant is printed to the cent of the table's unit
    for v, sign in operands:
        for factor, unit in SLIP_FACTORS:
            changed = v.amount * factor
            # (a figure that comes to nothing once scaled says only that the sum holds without it)
            if abs(changed) > slack and abs(gap + sign * (changed - v.amount)) <= slack:
                return f"{v.text} 疑为误按“{unit}”填列，按 {fmt(changed.scaleb(shift).quantize(CENT))} 计则相符"
    return None


def yuan_shift(disc: Disclosure, vals: list[Val]) -> int:
    """The ledger holds amounts in 万元: figures of cells all printed in one other unit are told
    in it (元: 4, the places to shift them by; 千元: 1), others in 万元 (0)."""
    shifts = {-wan_shift(disc.tables[v.table].unit) for v in vals}
    return shifts.pop() if len(shifts) == 1 else 0


def shown(disc: Disclosure, vals: Iterable[Val]) -> Callable[..., str]:
    """How a finding prints figures worked out from these cells: in their unit (yuan_shift), to
    the coarsest precision printed, so a figure of a table in 元 compared with one in 万元 reads
    as the comparison rounds it (3.52, not 3.521). show(x, exact=True): in that unit, not
    rounded (a difference)."""
    vals = list(vals)
    shift = yuan_shift(disc, vals)
    quantum = Decimal(1).scaleb(shift - min((v.places for v in vals), default=2))

    def show(x: Decimal | None, exact: bool = False) -> str:
        if x is None:
            return ""
        x = x.scaleb(shift)
        return fmt(x if exact else x.quantize(quantum, ROUND_HALF_UP))
    return show


def adds_up(total: Val | None, parts: list[Val]) -> bool:
    """total = Σ parts exactly: Context.sum_fail finds nothing (checked first, so a sum that
    holds costs no Location or key)."""
    return printed_gap(total.amount if total else None, (p.amount for p in parts)) == 0


def table_sets(disc: Disclosure) -> list[dict[str, PrintedTable]]:
    """The tables of each set (a department's own, then each unit's, PrintedTable.group) by
    kind; a table whose set is not known is in none."""
    sets: dict[int, dict[str, PrintedTable]] = {}
    for t in disc.tables:
        if t.group is not None:
            sets.setdefault(t.group, {}).setdefault(t.kind, t)
    return [sets[g] for g in sorted(sets)]


def set_tables(disc: Disclosure, group: int = 0) -> dict[str, PrintedTable]:
    """One set's tables by kind: 0 the document's own (a department's 汇总), never a unit's
    table printed after it, which the first table of a kind may be where its own set lacks the
    kind."""
    tables: dict[str, PrintedTable] = {}
    for t in disc.tables:
        if t.group == group:
            tables.setdefault(t.kind, t)
    return tables


def set_label(disc: Disclosure, group: int) -> str:
    """A set's unit in the words of a finding: the name its tables print, else its place
    (segment.sets.set_name; unquoted: the field Location.unit, as table_location gives it)."""
    return set_name(set_names(disc.tables), group, quote=False)


def unit_set(disc: Disclosure, name: str | None) -> int | None:
    """The set of the tables a document prints for the unit named (their 编制单位), other
    than its own."""
    key = match_key(name or "")
    found = [g for g, n in set_names(disc.tables).items() if g != 0 and n and match_key(n) == key]
    return found[0] if key and len(found) == 1 else None


def claims_set(args: tuple) -> int:
    """The set of tables a check of these arguments reads: that of the project or performance
    table it is given (ProjectInfo.table_set, PerformanceTable.table_set: a claim of its text
    with it is checked against that), else of the claims it is given (Claim.table_set,
    ItemList.table_set; the claims before one, given as a list, only where no claim is given
    alone), 0 where they name none or several."""
    items = [a for a in args if isinstance(a, (ProjectInfo, PerformanceTable))] or \
        [a for a in args if isinstance(a, (Claim, ItemList))] or \
        [c for a in args if isinstance(a, list) for c in a if isinstance(c, Claim)]
    sets = {c.table_set for c in items}
    return sets.pop() if len(sets) == 1 else 0


def several_sets(disc: Disclosure) -> bool:
    return any(t.group != 0 for t in disc.tables)


def run_rule(spec: RuleSpec, ctx: Context) -> RuleOutcome:
    """One rule's outcome. A rule between tables runs on each set of tables on its own (a
    department's 汇总, each unit's tables printed after it), never across sets."""
    fn = REGISTRY[spec.id]
    if spec.category != "cross_table" or len(ctx.sets) < 2 or not getattr(fn, "per_set", True):
        return _run(spec, ctx, fn)
    outcomes = []
    for tables in ctx.sets:
        with ctx.on_set(tables):
            outcomes.append(_run(spec, ctx, fn))
    return _joined(spec, outcomes)


def _joined(spec: RuleSpec, outcomes: list[RuleOutcome]) -> RuleOutcome:
    """The outcomes of one rule on each set as one: failed if it failed on any, passed if it
    passed on any, else the first set's reason it could not be checked."""
    checked = sum(o.checked for o in outcomes)
    for status in ("fail", "pass"):
        if any(o.status == status for o in outcomes):
            return RuleOutcome(rule=spec.id, status=status, checked=checked)
    first = next((o for o in outcomes if o.status == "insufficient_data"), outcomes[0])
    return RuleOutcome(rule=spec.id, status=first.status, checked=first.checked, reason=first.reason)


UNCHECKED = "所需公开表未公开或未能识别，未能核对（见提示）"


def _run(spec: RuleSpec, ctx: Context, fn: RuleFn) -> RuleOutcome:
    ctx.rule, ctx.checked, ctx.layout_unchecked, ctx.unchecked, ctx.unread_unchecked = spec, 0, 0, 0, 0
    before = len(ctx.findings)
    try:
        fn(ctx)
    except NotApplicable as e:
        del ctx.findings[before:]
        if isinstance(e, TablesMissing) and ctx.say_set_lacks(e.kinds, e.compared):
            return RuleOutcome(rule=spec.id, status="insufficient_data", reason=UNCHECKED)
        return RuleOutcome(rule=spec.id, status="not_applicable", reason=str(e))
    except InsufficientData as e:
        del ctx.findings[before:]
        return RuleOutcome(rule=spec.id, status="insufficient_data", reason=str(e))
    mine = ctx.findings[before:]
    if ctx.checked == 0 and not mine:
        return RuleOutcome(rule=spec.id, status="not_applicable", reason="没有可检查的内容")
    if ctx.checked == 0 and mine and ctx.unchecked == len(mine):     # nothing checked, and it says so
        return RuleOutcome(rule=spec.id, status="insufficient_data", reason=UNCHECKED)
    failed = any(f.severity != "info" for f in mine)
    if not failed and ctx.unread_unchecked:
        return RuleOutcome(rule=spec.id, status="insufficient_data", checked=ctx.checked,
                           reason="所需单元格无法读取（公式无计算结果、错误值或印成“###”等），部分未能核对（见提示）")
    if not failed and ctx.layout_unchecked:
        return RuleOutcome(rule=spec.id, status="insufficient_data", checked=ctx.checked,
                           reason="公开表的行与列的对应已丢失（逐格输出的文本），表格数字未能核对")
    return RuleOutcome(rule=spec.id, status="fail" if failed else "pass", checked=ctx.checked)


PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _nest_quoted(template: str, values: dict) -> dict:
    """The values the template puts inside its “…”, their own “” turned into ‘’ (once)."""
    out = dict(values)
    for m in PLACEHOLDER.finditer(template):
        before = template[:m.start()]
        value = out.get(m.group(1))
        if isinstance(value, str) and before.count("“") > before.count("”"):
            out[m.group(1)] = value.translate(NESTED)
    return out


def to_finding(spec: RuleSpec, f: Fail) -> Finding:
    severity = "info" if f.rounding else (f.severity or spec.severity)
    values = {"expected": f.expected or "", "found": f.found or "",
              "difference": fmt(f.difference) if f.difference is not None else "",
              "tolerance": fmt(f.tolerance) if f.tolerance is not None else "",
              "where": describe(f.location), **f.fields}
    name = f.fields.get("message")
    if f.fields.get("note") == HOLDS_NOTE and f"{name}_holds" in spec.messages:
        name = f"{name}_holds"      # "…无法计算" would contradict the note: it holds in one reading
    template = spec.messages.get(name) or SHARED_MESSAGES.get(name, spec.message)
    message = template.format_map(_Blank(_nest_quoted(template, values)))
    # whose table or text: the message does not say (a {where} of a section names no unit)
    if f.location.unit and ("{where}" not in template or f.location.unit not in values["where"]):
        table = f.location.model_copy(update={"row": None, "column": None, "section": None, "sentence": None})
        message = f"{describe(table) or table.unit}：{message}"     # (a claim about a unit: no table)
    if f.rounding:
        message += f"（差额 {values['difference']} 在舍入误差 ±{values['tolerance']} 之内）"
    if f.fields.get("note"):
        message += f"（{f.fields['note']}）"
    # a unit's tables, or tables told by their sub-labels, repeat the kinds (and keys) of others
    scope = "".join(f"|{x}" for x in (f.location.unit, f.location.label) if x)
    digest = hashlib.sha1(f"{spec.id}|{f.key}{scope}".encode("utf-8")).hexdigest()[:16]
    return Finding(rule=spec.id, severity=severity, category=spec.category, message=message,
                   location=f.location, expected=f.expected, found=f.found, difference=tidy(f.difference),
                   tolerance=tidy(f.tolerance), evidence=_built(f.evidence), fingerprint=digest,
                   note="rounding" if f.rounding else f.fields.get("note"))


def table_location(table: PrintedTable, **fields) -> Location:
    """Where in a printed table a finding is: its number, the number its label prints where
    that has a sub-number (表1-3), and for a unit's table printed after its department's, the
    unit."""
    return Location(table=table.number, label=table.printed_number if table.sub_labelled else None,
                    unit=table.unit_name if table.group != 0 else None, table_kind=table.kind, **fields)


def describe(loc: Location) -> str:
    """Where a finding is, in words: a table without a printed number is named by its kind
    (Shanghai prints none), never by the internal key."""
    if loc.table is None and loc.label is None and loc.table_kind:
        loc = loc.model_copy(update={"table_kind": kind_name(loc.table_kind)})
    return loc.describe()


class _Blank(dict):
    def __missing__(self, key):
        return ""


def _as_list(result) -> list[Fail]:
    if result is None:
        return []
    if isinstance(result, Fail):
        return [result]
    return [f for f in result if f is not None]


def _serious(fails: list[Fail]) -> bool:
    return any(not f.rounding and f.severity != "info" for f in fails)


class Cited(NamedTuple):
    """Evidence not yet built: a Fail found under another reading of undecided columns is
    only asked whether it is serious, so its Evidence models are made when it is reported."""
    role: str
    text: str
    provenance: Provenance | None

    def build(self) -> Evidence:
        return Evidence(role=self.role, text=self.text, provenance=self.provenance)


def ev(v: Val, role: str) -> Cited:
    return Cited(role, v.text, v.provenance)


def claim_ev(c: Claim | ItemList, role: str = "说明") -> Evidence:
    return Evidence(role=role, text=c.sentence, provenance=c.provenance)


def _built(evidence: list) -> list[Evidence]:
    return [e.build() if isinstance(e, Cited) else e for e in evidence]


def tidy(amount: Decimal | None) -> Decimal | None:
    """An amount as a reader wants it: cents where it has no finer digits (a gap in 元 scaled
    to 万元 carries the scaling's zeros, 11.000000), its own digits otherwise."""
    if amount is None:
        return None
    cents = amount.quantize(Decimal("0.01"))
    return cents if amount == cents else amount.normalize()


def fmt(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    return f"{amount:,.2f}" if amount == amount.quantize(Decimal("0.01")) else f"{amount.normalize():f}"


def template_of(disc: Disclosure) -> TemplateSpec | None:
    return next((t for t in load_templates() if t.id == disc.meta.template), None)


def kind_name(kind: str | None) -> str:
    """A table kind's Chinese name; a kind no reader names stays as it is."""
    return KIND_NAMES.get(kind or "", kind or "")
