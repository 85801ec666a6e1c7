"""Office files read through LibreOffice (readers/converted.py): .doc, .odt and .rtf converted to
DOCX, .ods to XLSX, then read as such.

The files are written by LibreOffice from the DOCX and XLSX files docgen writes of a seed, and
must read as those do, cell for cell. The tests that convert need LibreOffice's Writer and Calc
(Debian: libreoffice-writer-nogui, libreoffice-calc-nogui, installed by .ci/run) and skip
without them."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

import docgen
import pytest
from conftest import EXAMPLES
from typer.testing import CliRunner

from budgetlens.cli.main import app
from budgetlens.readers import ReadError, converted, read_document, sniff

SEED = "000_9131eab83374bb33"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
runner = CliRunner()


def soffice_convert(source, fmt: str, out, tmp_path):
    program = converted.soffice()
    if program is None:
        pytest.skip("LibreOffice 未安装")
    run = subprocess.run([program, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", fmt,
                          "--outdir", str(out), str(source)], capture_output=True, timeout=240, check=False)
    made = out / (source.stem + "." + fmt)
    if not made.exists():
        pytest.skip(f"LibreOffice 无法写出 .{fmt}（缺少 Writer 组件？）：{run.stderr[-200:]!r}")
    return made


@pytest.fixture(scope="module")
def word_files(tmp_path_factory):
    """(the DOCX docgen writes of a seed, the .doc LibreOffice writes of it)."""
    root = tmp_path_factory.mktemp("doc")
    docx = root / f"{SEED}.docx"
    docgen.write_docx(EXAMPLES / f"{SEED}.txt", docx)
    return docx, soffice_convert(docx, "doc", root, root)


@pytest.fixture(scope="module")
def originals(tmp_path_factory):
    """The DOCX and XLSX docgen writes of a seed."""
    root = tmp_path_factory.mktemp("originals")
    docgen.write_docx(EXAMPLES / f"{SEED}.txt", root / f"{SEED}.docx")
    docgen.write_xlsx(EXAMPLES / f"{SEED}.txt", root / f"{SEED}.xlsx")
    return {"docx": root / f"{SEED}.docx", "xlsx": root / f"{SEED}.xlsx"}


@pytest.mark.parametrize(("kind", "source"), [("odt", "docx"), ("rtf", "docx"), ("ods", "xlsx")])
def test_open_document_and_rtf_read_as_what_they_were_saved_from(originals, tmp_path, kind, source):
    made = soffice_convert(originals[source], kind, tmp_path, tmp_path)
    assert sniff(made.read_bytes(), "no-name") == kind            # by their bytes
    read = read_document(made)
    assert read.format == kind and any("LibreOffice" in note for note in read.notes)
    assert cells(made) == cells(originals[source])


def cells(path) -> list[dict]:
    """`budgetlens parse PATH --format cells`, without the line column."""
    result = runner.invoke(app, ["parse", str(path), "--format", "cells"])
    assert result.exit_code == 0, result.output
    return [{k: v for k, v in row.items() if k != "line"} for row in csv.DictReader(io.StringIO(result.stdout))]


def test_a_doc_reads_as_the_docx_it_was_saved_from(word_files):
    docx, doc = word_files
    assert doc.read_bytes()[:8] == OLE
    read = read_document(doc)
    assert read.format == "doc" and read.path == str(doc)
    assert read.sha256 == converted.sha256_bytes(doc.read_bytes())     # the original's bytes, not the DOCX's
    assert any("LibreOffice" in note for note in read.notes)
    expected = cells(docx)
    assert len(expected) > 150 and cells(doc) == expected


def test_a_doc_is_known_by_its_streams_whatever_its_name(word_files, tmp_path):
    _, doc = word_files
    data = doc.read_bytes()
    assert sniff(data, "budget.xls") == sniff(data, "budget") == sniff(data, "budget.doc") == "doc"
    renamed = tmp_path / "附件1"
    renamed.write_bytes(data)
    assert read_document(renamed).format == "doc"


def test_a_workbook_is_not_taken_for_a_doc(tmp_path):
    import openpyxl
    book = openpyxl.Workbook()
    book.active["A1"] = "部门收支总体情况表"
    book.save(tmp_path / "t.xlsx")
    xls = soffice_convert(tmp_path / "t.xlsx", "xls", tmp_path, tmp_path)
    assert sniff(xls.read_bytes(), "t.doc") == "xls"


def test_without_libreoffice_the_error_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(converted, "soffice", lambda: None)
    path = tmp_path / "预算.doc"
    path.write_bytes(OLE + b"\0" * 504 + "WordDocument".encode("utf-16-le") + b"\0" * 512)
    with pytest.raises(ReadError, match="libreoffice-writer-nogui"):
        read_document(path)
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code == 2 and "旧版 Word" in result.output


def test_a_damaged_doc_gets_a_clear_error(tmp_path):
    if converted.soffice() is None:
        pytest.skip("LibreOffice 未安装")
    path = tmp_path / "坏文件.doc"
    path.write_bytes(OLE + b"\x00\x01" * 3000 + "WordDocument".encode("utf-16-le"))
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert "坏文件.doc" in str(err.value)


def test_the_summary_names_the_form_without_an_empty_field(word_files):
    _, doc = word_files
    result = runner.invoke(app, ["parse", str(doc)])
    assert result.exit_code == 0
    told = "".join(result.output.split())          # (the console wraps long lines)
    assert f"（doc，{len(read_document(doc).lines)}行）" in told


def test_conversions_run_side_by_side(word_files, tmp_path):
    """Each conversion has a LibreOffice profile of its own: two at once both finish."""
    from concurrent.futures import ThreadPoolExecutor
    _, doc = word_files
    copies = []
    for i in range(2):
        copies.append(tmp_path / f"c{i}.doc")
        shutil.copy(doc, copies[-1])
    with ThreadPoolExecutor(2) as pool:
        read = list(pool.map(read_document, copies))
    assert [len(d.lines) for d in read] == [len(read_document(doc).lines)] * 2
