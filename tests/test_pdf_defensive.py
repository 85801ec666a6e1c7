"""PDFs that are not what they claim, or not disclosures: a clear error or a bounded result."""

from __future__ import annotations

import io
import time

import pytest

from budgetlens.pipeline import NotADisclosure, parse
from budgetlens.readers import ReadError, read_document
from pdfbytes import pdf_bytes  # tests/pdfbytes.py


def plain_pdf(pages: int, text: str = "Annual report of a company, chapter {n}.") -> bytes:
    """A valid PDF of `pages` pages of Helvetica text, written object by object."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None,
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for n in range(pages):
        stream = f"BT /F1 12 Tf 72 720 Td ({text.format(n=n)}) Tj ET".encode()
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream.decode()}\nendstream")
        content = len(objects)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                       f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content} 0 R >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {pages} >>"
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n{obj}\nendobj\n".encode())
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def test_a_500_page_unrelated_pdf_is_refused_within_seconds(tmp_path):
    path = tmp_path / "novel.pdf"
    path.write_bytes(plain_pdf(500))
    started = time.monotonic()
    with pytest.raises(ReadError, match="不是预算公开文件"):
        parse(path)
    assert time.monotonic() - started < 15


def test_a_pdf_about_budgets_without_tables_is_not_a_disclosure(tmp_path):
    path = tmp_path / "memo.pdf"
    path.write_bytes(plain_pdf(3, "budget memo {n}"))
    with pytest.raises(ReadError):
        parse(path)


def test_encrypted_pdf_names_the_password(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(plain_pdf(2)))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    path = tmp_path / "locked.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    with pytest.raises(ReadError, match="加密"):
        read_document(path)


def test_truncated_pdf_gives_clear_error_or_what_is_there(tmp_path):
    data = plain_pdf(40)
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    try:
        doc = read_document(path)
    except ReadError as exc:
        assert "PDF" in str(exc) or "不是预算公开文件" in str(exc)
    else:
        pytest.fail(f"an unrelated truncated PDF was read as a document of {len(doc.lines)} lines")


def test_garbage_after_pdf_magic_is_a_clear_error(tmp_path):
    path = tmp_path / "x.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 50)
    with pytest.raises(ReadError, match="PDF"):
        read_document(path)


def test_not_a_disclosure_error_is_a_read_error():
    assert issubclass(NotADisclosure, ReadError)


def test_blank_pages_are_not_taken_for_scans(tmp_path):
    """A blank page (a separator, the back of a cover, a spreadsheet's empty overflow page)
    has no text and no image: it is not a scan, so no OCR runs and no warning says so."""
    pypdf = pytest.importorskip("pypdf")
    from conftest import SHARED

    source = SHARED / "real" / "sh-putuo-qfb-2025-unit-budget.pdf"
    if not source.exists():
        pytest.skip("../shared/real is not beside the clone")
    reader = pypdf.PdfReader(str(source))
    writer = pypdf.PdfWriter()
    for n, page in enumerate(reader.pages):
        writer.add_page(page)
        if n in (0, 3):
            writer.add_blank_page()
    path = tmp_path / "with-blanks.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    doc = read_document(path)
    assert doc.pages == len(reader.pages) + 2
    assert not [w for w in doc.warnings if "扫描" in w]
    original = parse(source)
    blanks = parse(path)
    assert [(f.amount, f.coords) for f in blanks.facts] == [(f.amount, f.coords) for f in original.facts]


@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_pages_turned_for_display_read_as_drawn(tmp_path, degrees):
    """/Rotate turns a page for display; the text is read as drawn (pdfium gave the text of a
    page turned upside down backwards, and the file was refused as not a disclosure)."""
    pypdf = pytest.importorskip("pypdf")
    from conftest import SHARED

    source = SHARED / "real" / "sh-putuo-qfb-2025-unit-budget.pdf"
    if not source.exists():
        pytest.skip("../shared/real is not beside the clone")
    writer = pypdf.PdfWriter()
    for page in pypdf.PdfReader(str(source)).pages:
        writer.add_page(page.rotate(degrees))
    path = tmp_path / f"turned{degrees}.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    original, turned = parse(source), parse(path)
    assert [(f.amount, f.coords) for f in turned.facts] == [(f.amount, f.coords) for f in original.facts]
    assert len(turned.narrative.claims) == len(original.narrative.claims)


def test_a_diagonal_watermark_is_not_read_into_the_tables(tmp_path):
    """A watermark drawn across every page (内部资料, a portal's name) mixed its letters into
    labels and headers: cells were lost and labels changed. Slanted text is left out, and a
    warning names it."""
    pypdf = pytest.importorskip("pypdf")
    weasyprint = pytest.importorskip("weasyprint")
    from conftest import SHARED

    source = SHARED / "real" / "sh-putuo-qfb-2025-unit-budget.pdf"
    if not source.exists():
        pytest.skip("../shared/real is not beside the clone")
    mark = weasyprint.HTML(string=(
        "<style>@page { size: 842pt 595pt; margin: 0 } .w { position: absolute; top: 250pt; left: 150pt;"
        " font-size: 60pt; color: #ccc; transform: rotate(-30deg); white-space: nowrap }</style>"
        "<div class='w'>内部资料 仅供参考 2025</div>")).write_pdf()
    writer = pypdf.PdfWriter(clone_from=str(source))
    stamp = pypdf.PdfReader(io.BytesIO(mark)).pages[0]
    for page in writer.pages:
        page.merge_page(stamp)
    path = tmp_path / "watermarked.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    original, marked = parse(source), parse(path)
    assert [(f.amount, f.coords) for f in marked.facts] == [(f.amount, f.coords) for f in original.facts]
    assert [r.name for t in marked.tables for r in t.rows] == [r.name for t in original.tables for r in t.rows]
    assert [c.value for c in marked.narrative.claims] == [c.value for c in original.narrative.claims]
    said = [i.message for i in marked.issues if "水印" in i.message]
    assert len(said) == 1 and "内部资料" in said[0]


def minimal_pdf(content: bytes, form: bytes | None = None) -> bytes:
    """A one-page PDF with this content stream (Helvetica as /F1) and, if given, a form /Fm0."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources"
               b" << /Font << /F1 5 0 R >> /XObject << /Fm0 6 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    form = form or b""
    objects.append(b"<< /Type /XObject /Subtype /Form /BBox [-500 -500 1000 1000] /Resources"
                   b" << /Font << /F1 5 0 R >> >> /Length %d >>\nstream\n" % len(form) + form + b"\nendstream")
    return pdf_bytes(objects)


@pytest.mark.parametrize("content, form, dropped", [
    # a stamp: a form turned by the page (Acrobat's watermarks)
    (b"BT /F1 12 Tf 72 700 Td (Total 120.00) Tj ET\nq 0.7071 0.7071 -0.7071 0.7071 200 200 cm /Fm0 Do Q",
     b"BT /F1 48 Tf 0 0 Td (CONFIDENTIAL) Tj ET", "CONFIDENTIAL"),
    # a synthetic italic (a skew, not a turn) stays text
    (b"BT /F1 12 Tf 1 0 0.21 1 72 700 Tm (Total 120.00) Tj ET", None, ""),
    # turned by a right angle (a table's vertical header) stays text
    (b"BT /F1 12 Tf 72 700 Td (Total 120.00) Tj ET\nBT /F1 12 Tf 0 1 -1 0 300 300 Tm (HEADER) Tj ET", None, ""),
])
def test_slanted_text_is_told_from_italics_and_turned_headers(content, form, dropped):
    import pypdfium2 as pdfium

    from budgetlens.readers.pdfium_page import has_slanted_text, text_without_slanted

    page = pdfium.PdfDocument(minimal_pdf(content, form))[0]
    textpage = page.get_textpage()
    assert has_slanted_text(page, textpage) == bool(dropped)
    kept, left_out = text_without_slanted(textpage)
    assert left_out == dropped and "120.00" in kept


@pytest.mark.parametrize("paths, scan", [(30, True), (8, False), (0, False)])
def test_a_page_without_text_is_a_scan_when_drawn(paths, scan):
    """No text and no image: words drawn as outlines (many paths, 转曲) go to OCR like a scan;
    a page of a few rules, or nothing, is blank."""
    import pypdfium2 as pdfium

    from budgetlens.readers.pdf import is_scan

    rects = b"\n".join(b"%d 700 5 5 re f" % (20 + 10 * k) for k in range(paths))
    page = pdfium.PdfDocument(minimal_pdf(rects))[0]
    assert is_scan(page, "") == scan


@pytest.mark.parametrize("loose, tight, kept", [
    ("一、本年收入 277.90201 一般公共服务支出", "一、本年收入 277.90 201 一般公共服务支出", True),
    ("收入总计384.33支出总计 384.33", "收入总计 384.33 支出总计 384.33", True),
    # letter-spaced sentences cut at small gaps: numbers broken, the tighter reading refused
    ("收入9,870.12万元，比上年增长3.15倍", "收 入 9 , 8 7 0 . 1 2 万 元 ， 比 上 年 增 长 3 . 1 5 倍", False),
    ("人均12.50平方米", "人 均 1 2 . 5 0 平 方 米", False),
])
def test_cells_run_together_are_parted_but_numbers_are_not(loose, tight, kept):
    from budgetlens.readers.pdfium_page import keeps_amounts

    assert keeps_amounts(loose, tight) == kept


@pytest.mark.parametrize("text, bare", [
    ("277.90 211.11 1,234.56", 3),
    ("支出 10,150.48 万元，增长 44.72%，1.50亿元", 0),    # amounts with their units: sentences
    ("截至 2025.01.15 完成", 0),                          # a date
])
def test_bare_amounts_are_whole_numbers_without_units(text, bare):
    from budgetlens.readers.pdf import BARE_AMOUNT

    assert len(BARE_AMOUNT.findall(text)) == bare


def test_drawing_order_is_measured_against_top_to_bottom():
    """A page whose drawing order moves one line (a header drawn last) keeps pdfium's order;
    the longest top-to-bottom run tells how many lines a page would move."""
    from budgetlens.readers.pdf import longest_run

    assert longest_run([1, 2, 3, 4]) == 4
    assert longest_run([9, 1, 2, 3, 4]) == 4                 # a footer drawn first: one line moves
    assert longest_run([1, 3, 5, 7, 2, 4, 6, 8]) == 5        # short cells, then long ones: three move
