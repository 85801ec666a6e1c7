"""Store review: real use of bulk ingestion, the views and the exports (file names an archive
from Chinese Windows leaves undecoded, final accounts, interrupted runs, big amounts, export
paths)."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import finals
import pytest
from conftest import EXAMPLES, SHARED
from sqlalchemy import select
from sqlalchemy.orm import Session

from budgetlens.store import Ingest, open_engine
from budgetlens.store.query import run_query
from budgetlens.store.schema import Document, DocumentSource

OFFICE = EXAMPLES / "002_4e0ed6e09b019fe1.txt"      # 部门 2026, 人民政府办公室


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "budgetlens.cli.main", *args], capture_output=True, text=True,
                          check=False, encoding="utf-8", timeout=300, env={**os.environ, "COLUMNS": "200"})


# -- file names in GBK ------------------------------------------------------------------------------
def gbk_named(folder: Path, name: str, content: bytes) -> Path:
    """A file whose name is GBK bytes, as unzipping a Chinese Windows archive leaves it."""
    folder.mkdir(parents=True, exist_ok=True)
    raw = os.fsencode(folder) + b"/" + name.encode("gbk")
    with open(raw, "wb") as fh:
        fh.write(content)
    return Path(os.fsdecode(raw))


def test_files_named_in_gbk_are_stored_under_their_chinese_names(tmp_path):
    inbox = tmp_path / "inbox"
    gbk_named(inbox, "部门预算 2026.txt", OFFICE.read_bytes())
    gbk_named(inbox, "空文件.txt", b"")
    gbk_named(inbox, "会议纪要.txt", "会议纪要：下周二讨论食堂菜单。\n".encode())
    db = f"sqlite:///{tmp_path / 's.db'}"
    out = cli("ingest", str(inbox), "--db", db, "-w", "0", "-q")
    assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr
    assert "空文件.txt" in out.stderr and "会议纪要.txt" in out.stderr
    with Session(open_engine(db)) as s:
        docs = {Path(p).name: d for d, p in s.execute(select(Document, DocumentSource.path)
                                                      .join(DocumentSource, DocumentSource.document_id == Document.id))}
        assert set(docs) == {"部门预算 2026.txt", "空文件.txt", "会议纪要.txt"}
        good = docs["部门预算 2026.txt"]
        assert good.status in ("ok", "warnings", "errors") and good.facts > 0 and good.year == 2026
        assert docs["空文件.txt"].status == "unreadable" and "空文件.txt" in docs["空文件.txt"].error


def test_a_gbk_name_reads_as_the_other_files_and_names_the_file(tmp_path):
    from budgetlens.store.records import load_model, process_document
    path = gbk_named(tmp_path, "克州办公室.txt", OFFICE.read_bytes())
    out = process_document(str(path))
    plain = process_document(str(OFFICE))
    assert out.status == plain.status and len(out.facts) == len(plain.facts)
    assert out.path.endswith("/克州办公室.txt")
    disc = load_model(out.model)
    assert disc.sources[0].path.endswith("/克州办公室.txt")
    assert all(f.provenance.file.endswith("/克州办公室.txt") for f in disc.facts)


# -- final accounts: the year's actuals, not the budget printed beside them --------------------------
@pytest.fixture(scope="module")
def finals_store(tmp_path_factory):
    """The 决算 of finals.py: its 三公 table prints 年初预算 (合计 35.00, 公务用车购置费 10.00) beside
    the actuals (合计 25.00, 公务用车购置费 0)."""
    folder = tmp_path_factory.mktemp("finals")
    path = folder / "决算.txt"
    path.write_text(finals.final_accounts(), encoding="utf-8")
    db = f"sqlite:///{folder / 's.db'}"
    assert not Ingest(open_engine(db), workers=0).run([path]).problems
    return db


def test_views_give_a_final_accounts_actual_three_public_spending(finals_store):
    _, rows = run_query(open_engine(finals_store), "SELECT item, amount_fen FROM v_three_public")
    actual = dict(rows)
    assert actual["total"] == 25_000_000 and actual["vehicle_purchase"] == 0
    assert actual["vehicle"] == 20_000_000 and actual["reception"] == 5_000_000


def test_compare_shows_a_final_accounts_actuals(finals_store):
    out = cli("compare", finals.UNIT, "--db", finals_store)
    assert out.returncode == 0, out.stderr
    line = next(ln for ln in out.stdout.splitlines() if "“三公”经费合计" in ln)
    assert "25.00" in line and "35.00" not in line


def test_fiscal_data_package_keeps_a_final_accounts_budget_as_budget(finals_store, tmp_path):
    from budgetlens.store.export import export, load
    export(open_engine(finals_store), "fdp", tmp_path / "fdp")
    three = [r for r in load(tmp_path / "fdp", "fdp") if r["table_kind"] == "three_public" and r["item"] == "total"]
    by_phase = {r["column_phase"]: (r["measure"], r["amount_wan"]) for r in three}
    assert by_phase == {"年初预算": ("budget_expenditure", Decimal("35.00")),
                        "决算": ("final_expenditure", Decimal("25.00"))}


def test_a_store_of_final_accounts_upgrades_to_their_actuals(tmp_path):
    from budgetlens.store import db
    from budgetlens.store.records import process_document
    from budgetlens.store.writer import Writer
    engine = db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    db.upgrade(engine, "0003")
    path = tmp_path / "决算.txt"
    path.write_text(finals.final_accounts(), encoding="utf-8")
    Writer(engine).save(process_document(str(path)), path.read_bytes(), str(path))
    db.upgrade(engine)
    _, rows = run_query(engine, "SELECT item, amount_fen FROM v_three_public WHERE item = 'total'")
    assert rows == [("total", 25_000_000)]
    engine.dispose()


# -- an ingest stopped before its second phase -------------------------------------------------------
def test_a_run_stopped_before_the_rules_across_documents_leaves_them_to_the_next(tmp_path, monkeypatch):
    """Last year's and this year's budget of one 部门 stored, then the run stopped (Ctrl-C, a
    kill) before comparing them: the next run, finding both stored, still compares them."""
    from budgetlens.store.corpus import variant
    prior = tmp_path / "2025.txt"
    prior.write_text(variant(OFFICE.read_text(encoding="utf-8"), "", years=-1), encoding="utf-8")
    engine = open_engine(f"sqlite:///{tmp_path / 's.db'}")

    def stopped(self, window):
        raise KeyboardInterrupt
    with monkeypatch.context() as m:
        m.setattr(Ingest, "_phase2", stopped)
        with pytest.raises(KeyboardInterrupt):
            Ingest(engine, workers=0).run([prior, OFFICE])
    resumed = Ingest(engine, workers=0).run([prior, OFFICE])
    assert resumed.counts["known"] == 2 and resumed.cross_pairs == 1
    _, rows = run_query(engine, "SELECT d.year, p.year FROM findings f JOIN documents d ON d.id = f.document_id "
                                "JOIN documents p ON p.id = f.prior_document_id WHERE f.stage = 'cross'")
    assert rows and set(rows) == {(2026, 2025)}
    again = Ingest(engine, workers=0).run([prior, OFFICE])
    assert again.cross_pairs == 0                        # done once, not at every run


def test_a_comparison_that_failed_is_tried_again_by_the_next_run(tmp_path, monkeypatch):
    """A rule run across two years that failed (a defect in a rule, fixed later) is reported, and
    the document is not marked compared: the next run compares it."""
    from budgetlens.store import ingest
    from budgetlens.store.corpus import variant
    prior = tmp_path / "2025.txt"
    prior.write_text(variant(OFFICE.read_text(encoding="utf-8"), "", years=-1), encoding="utf-8")
    engine = open_engine(f"sqlite:///{tmp_path / 's.db'}")

    def broken(model, other):
        raise ValueError("规则出错")
    with monkeypatch.context() as m:
        m.setattr(ingest, "cross_check", broken)
        first = Ingest(engine, workers=0).run([prior, OFFICE])
    assert first.cross_pairs == 1 and any("跨年核对失败" in p.error for p in first.problems)
    again = Ingest(engine, workers=0).run([prior, OFFICE])
    assert again.cross_pairs == 1 and not again.problems
    _, rows = run_query(engine, "SELECT count(*) FROM findings WHERE stage = 'cross'")
    assert rows[0][0] > 0
    assert Ingest(engine, workers=0).run([prior, OFFICE]).cross_pairs == 0


# -- big amounts in a spreadsheet --------------------------------------------------------------------
def test_the_workbook_export_shows_big_amounts_in_full(tmp_path):
    """A province's budget: 27,790,000.00 万元 is 27,790,000,000,000 分, which Excel's General
    format shows as 2.779E+13."""
    import openpyxl

    from budgetlens.store.corpus import variant
    from budgetlens.store.export import export
    big = tmp_path / "big.txt"
    big.write_text(variant(OFFICE.read_text(encoding="utf-8"), "", scale=100_000), encoding="utf-8")
    engine = open_engine(f"sqlite:///{tmp_path / 's.db'}")
    Ingest(engine, workers=0).run([big])
    export(engine, "xlsx", tmp_path / "out.xlsx", header="en")
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx", read_only=True)["facts"]
    rows = sheet.iter_rows()
    header = [c.value for c in next(rows)]
    cells = [dict(zip(header, r)) for r in rows]
    biggest = max(cells, key=lambda r: r["amount_fen"].value)
    assert biggest["amount_fen"].value >= 10 ** 13 and biggest["amount"].value >= 10 ** 7
    for name in ("amount_fen", "year", "document_id"):
        assert biggest[name].number_format == "0", name
    assert "E" not in biggest["amount"].number_format


# -- a comparison missing what was asked for ---------------------------------------------------------
@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    """人民政府办公室 2025 and 2026, 电子政务服务中心 2026 only."""
    from budgetlens.store.corpus import variant
    folder = tmp_path_factory.mktemp("years")
    prior = folder / "2025.txt"
    prior.write_text(variant(OFFICE.read_text(encoding="utf-8"), "", years=-1), encoding="utf-8")
    db = f"sqlite:///{folder / 's.db'}"
    Ingest(open_engine(db), workers=0).run([prior, OFFICE, EXAMPLES / "000_9131eab83374bb33.txt"])
    return db


def test_comparing_units_says_which_has_no_disclosure_that_year(two_years):
    out = cli("compare", "人民政府办公室", "电子政务服务中心", "--year", "2025", "--db", two_years)
    assert out.returncode == 0, out.stderr
    assert "人民政府办公室（部门）2025" in out.stdout
    assert "电子政务服务中心 2025 年" in out.stderr and "没有" in out.stderr


def test_comparing_years_says_which_year_is_not_stored(two_years):
    out = cli("compare", "人民政府办公室", "--years", "2024", "2025", "2026", "--db", two_years)
    assert out.returncode == 0, out.stderr
    assert "人民政府办公室 2024 年" in out.stderr and "2025 年" not in out.stderr
    out = cli("compare", "人民政府办公室", "--years", "2023", "2024", "--db", two_years)
    assert out.returncode == 2 and "2023 年" in out.stderr and "2024 年" in out.stderr


# -- an export that cannot be written ----------------------------------------------------------------
def test_an_export_that_cannot_be_written_says_why(two_years, tmp_path):
    folder = tmp_path / "已有文件夹"
    folder.mkdir()
    a_file = tmp_path / "a.csv"
    a_file.write_text("", encoding="utf-8")
    for fmt, output, reason in (("csv", folder, "文件夹"), ("xlsx", folder, "文件夹"), ("json", folder, "文件夹"),
                                ("fdp", a_file, "文件"), ("csv", a_file / "b.csv", "文件")):
        out = cli("export", "-f", fmt, "-o", str(output), "--db", two_years)
        assert out.returncode == 2 and "Traceback" not in out.stderr, (fmt, out.stderr)
        assert f"无法写入 {output}" in out.stderr.replace("\n", "") and reason in out.stderr, (fmt, out.stderr)


# -- a disclosure published as two files -------------------------------------------------------------
CENTRE = EXAMPLES / "000_9131eab83374bb33.txt"     # 部门 2026, 电子政务服务中心


def split_disclosure(folder: Path) -> tuple[Path, Path]:
    """The centre's budget as two files: the tables (cover, 概况, 预算公开表) and the narrative
    (its cover, then 第三部分 情况说明 on)."""
    lines = CENTRE.read_text(encoding="utf-8").split("\n")
    cut = next(i for i, line in enumerate(lines) if line.startswith("### 第三部分"))
    folder.mkdir(parents=True, exist_ok=True)
    tables, text = folder / "公开表.txt", folder / "情况说明.txt"
    tables.write_text("\n".join(lines[:cut]) + "\n", encoding="utf-8")
    text.write_text("\n".join(lines[:5] + lines[cut:]), encoding="utf-8")
    return tables, text


def totals(engine) -> list:
    return run_query(engine, "SELECT year, income_fen, expenditure_fen FROM v_totals")[1]


@pytest.mark.parametrize("tables_first", [True, False])
def test_the_narrative_file_of_a_disclosure_never_hides_its_tables(tmp_path, tables_first):
    tables, text = split_disclosure(tmp_path / "in")
    engine = open_engine(f"sqlite:///{tmp_path / 's.db'}")
    summary = Ingest(engine, workers=0).run([tables, text] if tables_first else [text, tables])
    assert totals(engine) == [(2026, 277_900_000, 277_900_000)]
    _, current = run_query(engine, "SELECT path FROM v_documents WHERE superseded_by IS NULL")
    assert [Path(p).name for (p,) in current] == ["公开表.txt"]
    # read together as one document (session 40: store/ingest.py), in either order: the text is
    # no version of its own that the tables would have to be kept against
    assert [[Path(p).name for p in b.paths] for b in summary.bundles] == [["公开表.txt", "情况说明.txt"]]
    assert not [p for p in summary.problems if "未读出表格金额" in p.error]


@pytest.mark.skipif(not (SHARED / "real").is_dir(), reason="../shared/real not present")
def test_a_real_disclosure_published_as_two_pdfs_keeps_its_figures(tmp_path):
    """江苏省政协办公厅 2018: 公开表 and 说明 published as two PDFs."""
    engine = open_engine(f"sqlite:///{tmp_path / 's.db'}")
    parts = sorted((SHARED / "real").glob("js-prov-zxbgt-2018-dept-budget.*.pdf"))
    Ingest(engine, workers=0).run(parts)
    assert [row[:2] for row in totals(engine)] == [(2018, 10_150_480_000)]      # 10,150.48 万元
