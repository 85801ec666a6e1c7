"""The mutation harness (bench/mutations.py): operators, harmless changes, detection logic.

A handful of mutants only; the full harness is `python3 bench/mutations.py`.
"""

from __future__ import annotations

import functools
import random
import re
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import load_bench

from budgetlens.model import Provenance
from budgetlens.model.findings import Evidence, Finding, Location
from budgetlens.pipeline import parse

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "budgetlens" / "examples"
MARKDOWN, OCR, MARKDOWN_LARGE, PLAIN = (
    "000_9131eab83374bb33", "001_bb7d043ad2da133b", "002_4e0ed6e09b019fe1", "003_051c06d5053f29b3")


M = load_bench("mutations")


@functools.lru_cache(maxsize=None)
def source(stem: str):
    return M.load(EXAMPLES / f"{stem}.txt")


def write(tmp_path: Path, src, text, encoding=None, newline=None) -> Path:
    return M._write(tmp_path, src, text, encoding, newline)


def changed_lines(src, text) -> list[tuple[int, str, str]]:
    """(original line, before, after) for each surviving line whose text changed."""
    return [(o, src.lines[o - 1], line) for line, o in zip(text.lines, text.origin)
            if o is not None and src.lines[o - 1] != line]


def one(stem: str, kind: str, seed: int = 1):
    src = source(stem)
    found = M.mutants(src, kind, seed, 1)
    assert found, f"no {kind} mutant for {stem}"
    return src, found[0]


def reparsed(tmp_path, src, mutant):
    disc = parse(write(tmp_path, src, mutant.texts[0]))
    assert disc.meta.template == src.disc.meta.template
    assert mutant.verify(disc) is None, mutant.verify(disc)
    return disc


NUMBER = re.compile(r"\d[\d,]*(?:\.\s?\d+)?")


def numbers(line: str) -> list[str]:
    return NUMBER.findall(line)


# ---- (a) operators change the text as intended and keep it parseable ------------------------------

@pytest.mark.parametrize("stem", [MARKDOWN, OCR, PLAIN])
def test_table_amount(tmp_path, stem):
    src, m = one(stem, "table_amount")
    [(no, before, after)] = changed_lines(src, m.texts[0])
    assert len(m.texts[0].lines) == len(src.lines) and no == m.line
    old, new = [(a, b) for a, b in zip(numbers(before), numbers(after)) if a != b][0]
    assert (old, new) == (m.before, m.after)
    o, n = Decimal(re.sub(r"[\s,]", "", old)), Decimal(re.sub(r"[\s,]", "", new))
    assert abs(n - o) >= Decimal("0.10") and abs(n - o) >= o / 100 and n > 0
    assert M.places_of(old) == M.places_of(new)
    assert ("." in old and old.split(".")[1][:1] == " ") == ("." in new and new.split(".")[1][:1] == " ")
    reparsed(tmp_path, src, m)


def test_table_amount_keeps_separators(tmp_path):
    src = source(MARKDOWN_LARGE)
    for mk in M.op_table_amount(src):
        m = mk(random.Random(3))
        if m and "," in m.before:
            break
    assert "," in m.after and M.places_of(m.after) == 2
    reparsed(tmp_path, src, m)


def test_format_and_sizes():
    assert M.format_like(Decimal("1763.11"), "1,759.05") == "1,763.11"
    assert M.format_like(Decimal("388.18"), "384. 33") == "388. 18"
    assert M.format_like(Decimal("94.4"), "93. 4") == "94. 4"
    assert M.format_like(Decimal("13"), "12") == "13"
    rng = random.Random(0)
    for value, places in [(Decimal("0.47"), 2), (Decimal("1759.05"), 2), (Decimal("12"), 0), (Decimal("93.4"), 1)]:
        for _ in range(20):
            new = M.changed(value, places, rng, M.AMOUNT_MIN_ABS, M.AMOUNT_MIN_REL)
            assert new > 0 and abs(new - value) >= max(Decimal("0.10"), value / 100)
            assert new == new.quantize(Decimal(1).scaleb(-places))
    for _ in range(20):
        share = M.changed(Decimal("100.00"), 2, rng, M.POINT_MIN_ABS, M.POINT_MIN_REL, Decimal(100))
        assert Decimal(0) < share < Decimal(100) and 100 - share >= 1


@pytest.mark.parametrize("kind,stem", [("text_amount", MARKDOWN), ("text_amount", PLAIN),
                                       ("share_changed", MARKDOWN_LARGE), ("share_changed", OCR),
                                       ("rate_changed", MARKDOWN), ("rate_changed", PLAIN)])
def test_narrative_numbers(tmp_path, kind, stem):
    src, m = one(stem, kind)
    [(no, before, after)] = changed_lines(src, m.texts[0])
    assert no == m.line and len(m.texts[0].lines) == len(src.lines)
    unit = "万元" if kind == "text_amount" else "%"
    pattern = re.compile(r"\d[\d,.\s]*?\s*(?=" + unit + ")")
    diff = [(a.strip(), b.strip()) for a, b in zip(pattern.findall(before), pattern.findall(after)) if a != b]
    assert len(diff) == 1
    old, new = (Decimal(re.sub(r"[\s,]", "", x)) for x in diff[0])
    least = Decimal("0.10") if kind == "text_amount" else Decimal("0.1")
    assert abs(new - old) >= least and abs(new - old) >= old / 100
    reparsed(tmp_path, src, m)


@pytest.mark.parametrize("stem", [MARKDOWN, PLAIN])
def test_row_dropped(tmp_path, stem):
    src, m = one(stem, "row_dropped")
    text = m.texts[0]
    gone = sorted(set(range(1, len(src.lines) + 1)) - set(text.origin))
    assert gone and gone[0] == m.line and not changed_lines(src, text)
    assert any(c.isdigit() and c != "0" for n in gone for c in re.sub(r"^\D*\d{3}\D", "", src.lines[n - 1]))
    disc = reparsed(tmp_path, src, m)
    assert sum(len(t.rows) for t in disc.tables) < sum(len(t.rows) for t in src.disc.tables)


@pytest.mark.parametrize("stem", [MARKDOWN, PLAIN])
def test_year_swapped(tmp_path, stem):
    src, m = one(stem, "year_swapped")
    [(no, before, after)] = changed_lines(src, m.texts[0])
    years = [(a, b) for a, b in zip(re.findall(r"20\d\d", before), re.findall(r"20\d\d", after)) if a != b]
    assert len(years) == 1 and abs(int(years[0][0]) - int(years[0][1])) in (1, 2)
    assert re.sub(r"20\d\d", "Y", before) == re.sub(r"20\d\d", "Y", after)
    reparsed(tmp_path, src, m)


def test_year_swapped_leaves_the_years_of_events():
    # "主要原因是…2022年新增8人": the year an event happened is not fixed by the budget year
    src = source(OCR)
    swapped = M.mutants(src, "year_swapped", 0, 1000)
    assert swapped and not any("新增" in m.before for m in swapped)
    assert any("新增" in line for line in src.lines if re.search(r"20\d\d\s*年\s*新增", line))


@pytest.mark.parametrize("stem", [MARKDOWN, OCR, PLAIN])
def test_code_name_changed(tmp_path, stem):
    src, m = one(stem, "code_name_changed")
    code, old = m.before.split(" ", 1)
    new = m.after.split(" ", 1)[1].split("（")[0]
    names = {r.name for t in src.disc.tables for r in t.rows if r.code and r.code != code}
    assert new in names and new != old
    changes = changed_lines(src, m.texts[0])
    assert changes and all(new in after.replace(" ", "") for _, _, after in changes[:1])
    disc = reparsed(tmp_path, src, m)
    assert any(r.code == code and r.name == new for t in disc.tables for r in t.rows)


@pytest.mark.parametrize("stem", [MARKDOWN, PLAIN])
def test_table_removed(tmp_path, stem):
    src, m = one(stem, "table_removed")
    table = next(t for t in src.disc.tables if t.line == m.line)
    text = m.texts[0]
    assert sorted(set(range(1, len(src.lines) + 1)) - set(text.origin)) == list(range(table.line, table.line_end + 1))
    disc = reparsed(tmp_path, src, m)
    assert table.kind not in {t.kind for t in disc.tables}
    assert len(disc.tables) == len(src.disc.tables) - 1


@pytest.mark.parametrize("stem", [MARKDOWN, OCR, PLAIN])
def test_explanation_removed(tmp_path, stem):
    src = source(stem)
    found = M.mutants(src, "explanation_removed", 1, 50)
    assert {m.where.split("：")[-1] for m in found} >= {"表下说明与情况说明", "情况说明（该节唯一一句）"}
    assert any("三公" in m.where for m in found)
    original = M._fold("".join(src.lines))
    for m in found[:4]:
        sentence = M._fold(m.before)
        left = M._fold("".join(m.texts[0].lines)).count(sentence)
        assert left < original.count(sentence)
        if "表下说明与情况说明" in m.where or "三公" in m.where:
            assert left == 0          # no copy of the explanation is left anywhere
        reparsed(tmp_path, src, m)


def test_mutants_are_deterministic():
    src = source(MARKDOWN)
    a = [(m.line, m.before, m.after) for m in M.mutants(src, "table_amount", 7, 5)]
    b = [(m.line, m.before, m.after) for m in M.mutants(src, "table_amount", 7, 5)]
    c = [(m.line, m.before, m.after) for m in M.mutants(src, "table_amount", 8, 5)]
    assert a == b and a != c


# ---- (b) harmless changes keep the parsed tables' amounts ---------------------------------------------

@pytest.mark.parametrize("stem", [MARKDOWN_LARGE, PLAIN])
def test_harmless_changes_keep_table_amounts(tmp_path, stem):
    src = source(stem)
    variants = [v for v in M.harmless_variants(src, 0) if not re.match(r"第 \d+ 行", v.what)]
    kinds = {v.kind for v in variants}
    assert kinds >= {"rewrap", "fullwidth_digits", "fullwidth_punct", "crlf", "gbk", "blank_lines"}
    if stem == MARKDOWN_LARGE:
        assert "separators" in kinds
    for v in variants:
        path = write(tmp_path, src, v.text, v.encoding, v.newline)
        assert path.read_bytes() != src.path.read_bytes(), v.what
        disc = parse(path)
        assert M.table_amounts(disc) == M.table_amounts(src.disc), v.what


def test_harmless_changes_do_what_they_say(tmp_path):
    src = source(MARKDOWN_LARGE)
    by = {v.what: v for v in M.harmless_variants(src, 0)}
    sep = next(v for v in by.values() if v.kind == "separators")
    assert "1759.05" in "".join(sep.text.lines) and "1,759.05" not in "".join(sep.text.lines)
    full = next(v for v in by.values() if v.kind == "fullwidth_digits")
    narrative = next(p for p in src.disc.parts if p.key == "narrative")
    assert "２０２６" in "".join(full.text.lines[narrative.line - 1:])
    assert full.text.lines[:narrative.line - 1] == src.lines[:narrative.line - 1]
    wrap = next(v for v in by.values() if v.kind == "rewrap" and "各" not in v.what)
    assert len(wrap.text.lines) == len(src.lines) + 1
    i = next(i for i in range(len(wrap.text.origin) - 1) if wrap.text.origin[i] == wrap.text.origin[i + 1])
    no = wrap.text.origin[i]
    assert re.search(r"[，,]$", wrap.text.lines[i])
    assert re.sub(r"\s", "", wrap.text.lines[i] + wrap.text.lines[i + 1]) == re.sub(r"\s", "", src.lines[no - 1])
    gbk = next(v for v in by.values() if v.kind == "gbk")
    raw = write(tmp_path, src, gbk.text, gbk.encoding, gbk.newline).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    crlf = next(v for v in by.values() if v.kind == "crlf")
    assert b"\r\n" in write(tmp_path, src, crlf.text, crlf.encoding, crlf.newline).read_bytes()


# ---- (c) detection: a new finding at the mutated place counts, a pre-existing one does not --------------

def finding(rule="ARITH-COLUMN-SUM", severity="error", message="表2 合计不等于组成项之和", fingerprint="fp-new",
            lines=(10,), location=None) -> Finding:
    evidence = [Evidence(role="合计", text="1.00", provenance=Provenance(file="x.txt", line=n)) for n in lines]
    return Finding(rule=rule, severity=severity, category="arithmetic", message=message,
                   location=location or Location(), evidence=evidence, fingerprint=fingerprint)


IDENTITY = list(range(1, 101))
PLACE = M.Place(lines={10}, tables={2}, kinds={"income"}, rows={"2010301"}, sections={"五"})


def test_new_finding_at_the_mutated_line_counts():
    hits = M.detect([], [finding()], PLACE, IDENTITY)
    assert [f.fingerprint for f in hits] == ["fp-new"]


def test_pre_existing_finding_is_ignored():
    old = finding(fingerprint="fp-old", message="原有的问题")
    assert M.detect([old], [old], PLACE, IDENTITY) == []
    # same finding, lines shifted so its fingerprint changed: (rule, message) still recognises it
    shifted = finding(fingerprint="fp-shifted", message="原有的问题", lines=(12,))
    assert M.detect([old], [shifted], PLACE, IDENTITY) == []
    # same fingerprint, new numbers in the message: pre-existing, reported as masked
    renumbered = finding(fingerprint="fp-old", message="原有的问题，差额变了")
    assert M.detect([old], [renumbered], PLACE, IDENTITY) == []
    assert M.masked([old], [renumbered], PLACE, IDENTITY)


def test_finding_elsewhere_or_info_does_not_count():
    elsewhere = finding(lines=(50,), location=Location(table=7, table_kind="project_expenditure", row="20103"))
    assert M.detect([], [elsewhere], PLACE, IDENTITY) == []
    info = finding(severity="info")
    assert M.detect([], [info], PLACE, IDENTITY) == []
    # an info finding of the original that becomes an error on the mutant is new
    assert M.detect([finding(severity="info")], [finding()], PLACE, IDENTITY)


def test_location_names_the_place():
    for loc in (Location(table=2), Location(table_kind="income"), Location(table=5, row="2010301"),
                Location(section="五"), Location(section="一般公共预算当年拨款情况说明")):
        f = finding(lines=(), location=loc)
        place = M.Place(tables={2}, kinds={"income"}, rows={"2010301"},
                        sections={"五", "五、关于某单位2026年一般公共预算当年拨款情况说明"})
        assert M.detect([], [f], place, IDENTITY), loc


def test_lines_are_mapped_back_after_removal():
    # original lines 5–6 deleted: original line 10 is line 8 of the mutant
    origin = [n for n in range(1, 101) if n not in (5, 6)]
    assert M.detect([], [finding(lines=(8,))], PLACE, origin)
    assert not M.detect([], [finding(lines=(10,))], PLACE, origin)


def test_real_mutant_detected_and_pre_existing_findings_kept_apart(tmp_path):
    src = source(MARKDOWN)
    mutant = next(m for m in (mk(random.Random(0)) for mk in M.op_table_removed(src)) if m.where == "表8")
    result = M.run_mutant(src, mutant, tmp_path)
    assert result["detected"] and "C-TABLES" in result["rules"]
    # the original's own warnings (D-YEAR-MENTION, N-NEW-ITEM-REASON) are never counted as new
    assert not M.new_findings(src.findings, src.findings)


def test_folder_with_other_files(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_bytes((EXAMPLES / f"{MARKDOWN}.txt").read_bytes())
    (folder / "README.md").write_text("# 说明\n\n这里放公开文件。\n", encoding="utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.7\n...")
    (folder / "empty.txt").write_bytes(b"")
    report = M.run(M.documents([str(folder)]), seed=0, per_kind=1, kinds=("table_removed",), harmless=False)
    assert report["documents"] == ["a.txt"]
    assert {Path(s["document"]).name for s in report["skipped"]} == {"README.md", "scan.pdf", "empty.txt"}
    assert report["recall"]["table_removed"]["tried"] == 1
