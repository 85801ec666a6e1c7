"""Readers: encodings, forms, and bad input that must fail clearly or parse partially."""

import subprocess
import sys

import pytest

from budgetlens.pipeline import NotADisclosure, parse
from budgetlens.readers import ReadError, read_document
from budgetlens.render_cells import cell_rows
from conftest import EXAMPLES, parsed

SEED = EXAMPLES / "000_9131eab83374bb33.txt"


def cli(*args):
    return subprocess.run([sys.executable, "-m", "budgetlens.cli.main", *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8")


def test_forms_are_detected(seed):
    forms = {"000_9131eab83374bb33": "markdown", "001_bb7d043ad2da133b": "ocr",
             "002_4e0ed6e09b019fe1": "markdown", "003_051c06d5053f29b3": "plain"}
    assert read_document(EXAMPLES / f"{seed}.txt").format == forms[seed]


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig"])
def test_encodings_give_the_same_cells(tmp_path, encoding):
    text = SEED.read_text(encoding="utf-8")
    path = tmp_path / f"seed.{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    disc = parse(path)
    assert disc.sources[0].encoding in (encoding, "gb18030", "utf-8-sig")
    assert [r["amount"] for r in cell_rows(disc)] == [r["amount"] for r in cell_rows(parsed(SEED.stem))]


def test_crlf_gives_the_same_cells(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(SEED.read_bytes().replace(b"\n", b"\r\n"))
    assert cell_rows(parse(path)) == [dict(r) for r in cell_rows(parsed(SEED.stem))]


@pytest.mark.parametrize("content, words", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
    (b"PK\x03\x04" + b"\x00" * 40, "ZIP"),
    (b"", "为空"),
    (b"\x00\x01\x02binary" * 10, "二进制"),
])
def test_wrong_file_types_fail_clearly(tmp_path, content, words):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ReadError) as exc:
        parse(path)
    assert words in str(exc.value)
    result = cli("parse", path)
    assert result.returncode == 2 and words in result.stderr


def test_unrelated_text_is_not_a_disclosure(tmp_path):
    path = tmp_path / "novel.txt"
    path.write_text("第一章 风起\n\n天色渐暗，城里的灯一盏盏亮了起来。\n" * 50, encoding="utf-8")
    with pytest.raises(NotADisclosure):
        parse(path)
    result = cli("parse", path)
    assert result.returncode == 2 and "不是预算公开文件" in result.stderr


def test_missing_file(tmp_path):
    result = cli("parse", tmp_path / "nope.txt")
    assert result.returncode == 2 and "不存在" in result.stderr


def test_partial_document_parses_what_is_there(tmp_path):
    """Only 表1–表3 survive (a truncated conversion): they parse, the rest is listed missing."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    cut = next(i for i, line in enumerate(lines) if line.strip() == "表 4")
    path = tmp_path / "partial.txt"
    path.write_text("\n".join(lines[:cut]), encoding="utf-8")
    disc = parse(path)
    assert [t.number for t in disc.tables] == [1, 2, 3]
    assert "表4 财政拨款收支预算总体情况表" in disc.missing and "情况说明部分" in disc.missing
    result = cli("parse", path, "--format", "cells")
    assert result.returncode == 0
    assert "缺少" in result.stderr and "表11" in result.stderr
    assert result.stdout.count("\n") == 1 + sum(1 for r in cell_rows(parsed(SEED.stem)) if int(r["table"]) <= 3)


@pytest.mark.parametrize("note,says", [
    ("2026 年没有使用财政拨款安排“三公”经费支出，财政拨款“三公”经费支出情况表为空表。", True),
    ("2026 年没有使用财政拨款安排“三公”经费支出。", True),       # the reason alone
    ("2026 年“三公”经费情况如下。", False),
    # other offices' wordings
    ("注：本部门2026年无“三公”经费预算，此表无数据。", True),
    ("此表无数据", True),
    ("（空表）", True),
    ("此表为空。", True),
    ("本单位无“三公”经费预算，故此表为空。", True),
    ("本年度无“三公”经费预算。", True),
    ("本单位不涉及“三公”经费。", True),
    ("注：表中空白单元格表示无数据。", False),
    ("注：本表空白处为零。", False),
])
def test_empty_table_note_under_the_table(tmp_path, note, says):
    old = "2026 年没有使用财政拨款安排“三公”经费支出，财政拨款“三公”经费支出情况表为空表。"
    text = SEED.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / SEED.name
    path.write_text(text.replace(old, note), encoding="utf-8")
    table = next(t for t in parse(path).tables if t.kind == "three_public")
    assert bool(table.empty_note) is says
    if says and len(note) < 10:     # the note, not the table's title and 单位 lines above it
        assert table.empty_note == "克孜勒苏柯尔克孜自治州电子政务服务中心" + note
        line = next(ln for ln in text.split("\n") if old in ln)
        path.write_text(text.replace(line, note), encoding="utf-8")      # on a line of its own
        assert next(t for t in parse(path).tables if t.kind == "three_public").empty_note == note


def test_a_few_bytes_of_another_encoding_do_not_refuse_the_file(tmp_path):
    """A UTF-8 text with a few bytes that are not UTF-8 (a file joined from two, a line pasted
    from a GBK one), too few for GB18030 to be its encoding: it is read as UTF-8, those bytes
    replaced, and the warning names the line they were on. Before: "无法识别文件的字符编码"."""
    text = SEED.read_text(encoding="utf-8")
    lines = text.split("\n")
    at = next(n for n, line in enumerate(lines) if "职能" in line and "\t" not in line)
    data = "\n".join(lines).encode("utf-8")
    data = data.replace(lines[at].encode("utf-8"), lines[at].encode("utf-8") + "（注）".encode("gbk"), 1)
    for codec in ("utf-8", "gb18030"):
        with pytest.raises(UnicodeDecodeError):
            data.decode(codec)
    path = tmp_path / "joined.txt"
    path.write_bytes(data)
    disc = parse(path)
    assert disc.sources[0].encoding == "utf-8"
    assert [r["amount"] for r in cell_rows(disc)] == [r["amount"] for r in cell_rows(parsed(SEED.stem))]
    said = [i.message for i in disc.issues if i.code == "reader" and "已替换" in i.message]
    assert len(said) == 1 and f"第 {at + 1} 行" in said[0]


def test_bytes_of_another_encoding_in_an_html_pages_style_are_not_said(tmp_path):
    """pdftohtml writes a font's name raw (GBK) into the style of a UTF-8 page: the page is
    read, and as no word read was touched, nothing is said."""
    page = (b"<html><head><meta charset=\"UTF-8\"><style>.ft1{font-family:ABCDEE+"
            + "华文新魏".encode("gbk") + b";}</style></head><body><p class=\"ft1\">"
            + "第一部分 部门概况".encode() + b"</p></body></html>")
    path = tmp_path / "page.html"
    path.write_bytes(page)
    doc = read_document(path)
    assert [ln.text for ln in doc.lines] == ["第一部分 部门概况"]
    assert not [w for w in doc.warnings if "已替换" in w]


def test_gbk_text_is_still_read_as_gbk_not_as_utf8_with_replacements(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode("gbk"))
    doc = read_document(path)
    assert doc.encoding == "gb18030" and not [w for w in doc.warnings if "已替换" in w]


def test_a_utf8_page_wrongly_declaring_gb2312_is_still_read_as_utf8(tmp_path):
    """A page that declares gb2312 but is written in UTF-8 (a wrong declaration): GB18030 reads
    most of UTF-8's bytes as other characters, so replacing the few it cannot read would give
    a page of mojibake. It is read as UTF-8, as before the declared encoding was read with
    replacements."""
    body = "第一部分 部门概况<br>\n一、主要职能<br>\n本单位负责统计工作。<br>\n合计 12.50 万元"
    page = f"<html><head><meta charset=\"gb2312\"><title>预算</title></head><body>{body}</body></html>"
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("utf-8"))
    doc = read_document(path)
    assert doc.encoding == "utf-8"
    assert "第一部分 部门概况" in [ln.text for ln in doc.lines]


def test_unprinted_chars_are_the_class_of_unprinted():
    """read_text looks for UNPRINTED's characters one by one before running it: the same ones."""
    from budgetlens.readers.grid import UNPRINTED
    from budgetlens.readers.text import UNPRINTED_CHARS

    assert sorted(UNPRINTED_CHARS) == [chr(c) for c in range(0x110000) if UNPRINTED.match(chr(c))]
