"""The fast paths of the checker decide exactly what the plain definitions decide.

check() indexes the printed cells once per document, answers most readings of undecided
columns from earlier runs (ledger.Verdicts, a check's `serious` verdict) and searches the
narrative only where a pattern can match (checks/scan.py). Each is compared here with the
straightforward version it replaces, on the seeds and on seeds made harder: columns left
open, amounts changed so that rules fail under some readings and not others.
"""

from __future__ import annotations

import itertools
import random
import re
from decimal import Decimal

import pytest

from budgetlens.checks import check, context, load_catalogue
from budgetlens.checks.context import MAX_READINGS, Context, Fail, _as_list, _serious
from budgetlens.checks.ledger import Book, Ledger, _Cell, _row_readings, is_total_row, readings_of
from budgetlens.checks.rules import completeness, cross_table, dates
from budgetlens.checks.scan import finditer_at, line_openers, merged, word_starts, year_starts
from budgetlens.model import Disclosure

from conftest import parsed

S000, S002, S003 = "000_9131eab83374bb33", "002_4e0ed6e09b019fe1", "003_051c06d5053f29b3"


def copy(stem: str) -> Disclosure:
    return parsed(stem).model_copy(deep=True)


# ---- variants: open columns, changed amounts ------------------------------------------------

def open_columns(disc: Disclosure, kinds: tuple[str, ...], every: int = 2) -> Disclosure:
    """Leave the last amount of every `every`-th row undecided between its column and the next
    printed one (as plain text whose empty cells vanished would)."""
    for table in (t for t in disc.tables if t.kind in kinds):
        keys = [c.key for c in table.columns]
        for row in table.rows[::every]:
            printed = [c for c in row.cells if c.amount is not None and c.column]
            if not printed or printed[-1].column not in keys:
                continue
            cell = printed[-1]
            at = keys.index(cell.column)
            if at + 1 >= len(keys):
                continue
            other = table.columns[at + 1]
            fact = next(f for f in disc.facts if f.table == table.index and f.row == row.index
                        and f.column == cell.column)
            cell.candidates, cell.column = [cell.column, other.key], None
            fact.alternatives = [fact.coords, fact.coords.model_copy(update=dict(other.coords))]
            fact.column = None
    return disc


def nudge(disc: Disclosure, rng: random.Random, n: int = 6) -> Disclosure:
    """Change n printed amounts (and their facts) by a few hundredths or a whole unit."""
    cells = [(t, r, c) for t in disc.tables for r in t.rows for c in r.cells if c.amount]
    for table, row, cell in rng.sample(cells, min(n, len(cells))):
        old = cell.amount
        cell.amount = old + rng.choice([Decimal("0.01"), Decimal("-0.01"), Decimal("1.00"), old])
        for f in disc.facts:
            if f.table == table.index and f.row == row.index and f.amount == old:
                f.amount = cell.amount
    return disc


def variants() -> list[tuple[str, Disclosure]]:
    rng = random.Random(3)
    out = [(S003, copy(S003)), (f"{S003} nudged", nudge(copy(S003), rng))]
    kinds = ("basic_expenditure", "gpb_expenditure", "project_expenditure", "three_public", "expenditure")
    for stem in (S000, S002):
        out.append((f"{stem} open", open_columns(copy(stem), kinds)))
        out.append((f"{stem} open+nudged", nudge(open_columns(copy(stem), kinds), rng)))
    return out


VARIANTS = variants()


# ---- the reading runner -------------------------------------------------------------------

def plain_check(self: Context, fn, *args) -> None:
    """Context.check as first written: the full check re-run under each other reading."""
    self.checked += 1
    ledger = Ledger(self.book)
    fails = _as_list(fn(ledger, *args))
    if not _serious(fails):
        self._emit(fails)
        return
    if ledger.touched:
        for n, choice in enumerate(readings_of(self.book, ledger.touched)):
            if n >= MAX_READINGS:
                break
            if not _serious(_as_list(fn(Ledger(self.book, choice), *args))):
                for f in fails:
                    f.severity = "info"
                    f.fields["note"] = "列归属未定，在另一种读法下成立"
                break
    self._emit(fails)


@pytest.mark.parametrize("name,disc", VARIANTS, ids=[n for n, _ in VARIANTS])
def test_reading_runner_decides_as_the_full_reruns(monkeypatch, name, disc):
    fast = check(disc).model_dump_json()
    monkeypatch.setattr(Context, "check", plain_check)
    assert check(disc).model_dump_json() == fast


def test_variants_leave_columns_open_and_some_rules_rerun():
    for name, disc in VARIANTS:
        assert any(e.readings for e in Book(disc).rows.values()), name
    reruns = []
    original = context.readings_of

    def counted(book, rows):
        reruns.append(len(rows))
        return original(book, rows)

    context.readings_of = counted
    try:
        for _, disc in VARIANTS:
            check(disc)
    finally:
        context.readings_of = original
    assert len(reruns) >= 5


def test_three_public_verdict_is_the_full_runs():
    for name, disc in VARIANTS:
        ctx = Context(disc, context.Config(params={}))
        if ctx.table("three_public") is None or ctx.table("basic_expenditure") is None:
            continue
        for item, code in cross_table.THREE_PUBLIC_LINES.items():
            first = Ledger(ctx.book)
            cross_table._three_public_line(first, ctx, item, code)
            for choice in itertools.islice(readings_of(ctx.book, first.touched), 300):
                full = _serious(_as_list(cross_table._three_public_line(Ledger(ctx.book, choice), ctx, item, code)))
                assert cross_table._line_serious(Ledger(ctx.book, choice), ctx, item, code) == full, (name, item)


# ---- the ledger's indexes -------------------------------------------------------------------

def plain_find(ledger: Ledger, kind: str, row: str | None, **coords) -> list:
    table = ledger.table(kind)
    out = []
    for r in table.rows if table else []:
        if row == "total" and not is_total_row(r):
            continue
        if row not in (None, "total") and r.code != row:
            continue
        out += [v for v in ledger.values(table, r).values() if all(v.coords.get(k) == w for k, w in coords.items())]
    return out


@pytest.mark.parametrize("name,disc", VARIANTS, ids=[n for n, _ in VARIANTS])
def test_ledger_lookups_read_what_a_scan_reads(name, disc):
    book = Book(disc)
    open_rows = sorted(rid for rid, e in book.rows.items() if e.readings)
    choices = [{}] + [{rid: k} for rid in open_rows[:4] for k in range(1, len(book.rows[rid].readings))]
    for choice in choices:
        for table in disc.tables:
            codes = sorted({r.code for r in table.rows if r.code})[:6]
            vals = [v for r in table.rows for v in Ledger(book, choice).values(table, r).values()]
            wants = [{}] + [{k: v.coords[k]} for v in vals[:5] for k in v.coords] + \
                    [{k: v.coords.get(k) for k in ("nature", "source", "item")} for v in vals[:3]]
            for row in [None, "total", *codes]:
                for want in wants:
                    fast, plain = Ledger(book, choice), Ledger(book, choice)
                    assert fast.find(table.kind, row, **want) == plain_find(plain, table.kind, row, **want)
                    assert fast.touched == plain.touched
            assert Ledger(book, choice).cells(table.kind) == plain_find(Ledger(book, choice), table.kind, None)


def test_row_readings_are_the_ordered_products():
    rng = random.Random(1)
    for _ in range(2000):
        columns = [f"c{i}" for i in range(rng.randint(1, 9))]
        order = {c: i for i, c in enumerate(columns)}
        cells = [_Cell(Decimal(1), 2, "1", None, rng.sample(columns + ["?"], rng.randint(1, min(4, len(columns) + 1))), [])
                 for _ in range(rng.randint(1, 6))]
        plain = []
        for combo in itertools.product(*(c.keys for c in cells)):
            idx = [order.get(k, -1) for k in combo]
            if all(a < b for a, b in zip(idx, idx[1:])):
                plain.append(combo)
            if len(plain) >= 64:
                break
        assert _row_readings(cells, order) == (plain or [tuple(c.keys[0] for c in cells)])


# ---- searches that start only where a match can ---------------------------------------------

PLACEHOLDER_FIRST = re.compile(r"[XＸx×某＊*待]")
SEARCHES = [
    (dates.THIS_YEAR, lambda t: merged(year_starts(t), line_openers(t, "（("))),
    (dates.YEAR_PAIR, year_starts),
    (dates.PERIOD, lambda t: word_starts(t, "时间", (0, 2, 4))),
    (dates._unit_year_pattern("克州人民政府办公室"), year_starts),
    (completeness.PLACEHOLDER, completeness._placeholder_starts),
]
PIECES = list("2026年 \n（()）比较与同上和及、资金执行时间：:-至XxＸ××某＊*待填补充ab9０２１，") + \
    ["2026", "2025", "20", "年度", "预算", "部门", "决算", "本年度", "资金时间", "执行时间", "\u3000",
     "克州人民政府办公室", "政府采购预算", "（2026年）", "\n（2025年）\n"]


def same_matches(text: str) -> None:
    for pattern, starts in SEARCHES:
        plain = [(m.span(), m.groups()) for m in pattern.finditer(text)]
        fast = [(m.span(), m.groups()) for m in finditer_at(pattern, text, starts(text))]
        assert fast == plain, (pattern.pattern[:40], text)


def test_searches_find_what_finditer_finds_on_random_text():
    rng = random.Random(0)
    for _ in range(20000):
        same_matches("".join(rng.choice(PIECES) for _ in range(rng.randint(0, 40))))


@pytest.mark.parametrize("stem", [S000, "001_bb7d043ad2da133b", S002, S003])
def test_searches_find_what_finditer_finds_in_the_seeds(stem):
    disc = parsed(stem)
    texts = [s.text for s in disc.narrative.sections] + [t.title for t in disc.tables]
    texts += [g.definition for g in disc.glossary]
    texts += [x for p in disc.narrative.performance for i in p.indicators for x in (i.basis, i.value) if x]
    for text in texts:
        same_matches(text)


# ---- outcomes that must not depend on hashing -------------------------------------------------

def test_missing_tables_are_named_in_the_catalogues_order():
    disc = copy(S000)
    for t in disc.tables:
        if t.kind in ("summary", "income"):
            t.kind = "unrecognised"      # (tables keep their index: findings point into them)
    outcome = next(o for o in check(disc).outcomes if o.rule == "X-T1-T2-TOTAL")
    assert outcome.status == "not_applicable" and outcome.reason == "文件中没有收支总表、收入总表"


def test_failing_reading_dependent_check_is_info_when_another_reading_passes():
    # a rule that fails under the first reading of an open row and passes under its second
    disc = open_columns(copy(S000), ("basic_expenditure",), every=1)
    book = Book(disc)
    rid = next(rid for rid, e in book.rows.items() if len(e.readings) > 1)
    table = disc.tables[rid[0]]
    row = next(r for r in table.rows if r.index == rid[1])
    ctx = Context(disc, context.Config(params={}))
    ctx.rule = next(s for s in load_catalogue() if s.id == "ARITH-COLUMN-SUM")
    first_key = book.rows[rid].readings[0]

    def fails_on_first_reading(ledger: Ledger) -> Fail | None:
        keys = tuple(ledger.values(table, row))
        if keys == first_key:
            return Fail(key="x", location=context.Location())
        return None

    ctx.check(fails_on_first_reading)
    assert [f.severity for f in ctx.findings] == ["info"]
