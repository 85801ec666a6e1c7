"""PDFs cut short (a download or copy interrupted): what is there is read, what is lost is said.

The index of a PDF's objects and the trailer naming its root are at its end: without a repair
pdfium refuses the whole file though most of its pages are intact (readers/pdf_repair.py)."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from conftest import SHARED
from pdfbytes import pdf_packed

from budgetlens.pipeline import parse
from budgetlens.readers import ReadError, read_document
from budgetlens.readers.pdf import has_words
from budgetlens.readers.pdf_repair import complete_objects, repaired
from budgetlens.render_cells import cells_csv


def pdf_with_font_last(pages: int) -> bytes:
    """A PDF of `pages` pages of Helvetica text, its font object written last (as Word and
    WPS write fonts after the pages) and its page tree with the catalog at the very end."""
    objects: dict[int, str] = {}
    kids = []
    font = 2 * pages + 1
    for n in range(pages):
        stream = f"BT /F1 12 Tf 72 720 Td (page {n + 1} text) Tj ET"
        objects[2 * n + 1] = f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream"
        objects[2 * n + 2] = (f"<< /Type /Page /Parent {font + 1} 0 R /MediaBox [0 0 612 792] "
                              f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {2 * n + 1} 0 R >>")
        kids.append(f"{2 * n + 2} 0 R")
    objects[font] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    objects[font + 1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {pages} >>"
    objects[font + 2] = f"<< /Type /Catalog /Pages {font + 1} 0 R >>"
    out, offsets = io.BytesIO(), {}
    out.write(b"%PDF-1.7\n")
    for number in sorted(objects):
        offsets[number] = out.tell()
        out.write(f"{number} 0 obj\n{objects[number]}\nendobj\n".encode())
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    out.write("".join(f"{offsets[n]:010d} 00000 n \n" for n in sorted(objects)).encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root {font + 2} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def page_texts(data: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(data)
    return [pdf[i].get_textpage().get_text_bounded().strip() for i in range(len(pdf))]


def test_a_file_cut_before_its_index_gets_its_pages_back_in_order():
    data = pdf_with_font_last(4)
    cut = data[:data.index(b"\nxref")]          # the page tree and catalog are there, the index not
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(cut)
    fixed = repaired(cut)
    assert fixed.pages == 4 and fixed.damaged == []
    assert page_texts(fixed.data) == [f"page {n} text" for n in (1, 2, 3, 4)]


def test_a_file_cut_inside_an_object_drops_that_object_and_names_the_pages_that_needed_it():
    data = pdf_with_font_last(3)
    font_at = data.index(b"/BaseFont /Helvetica")
    cut = data[:font_at]                          # the font object cut in the middle
    objects = complete_objects(cut)
    assert 7 not in objects and set(objects) == {1, 2, 3, 4, 5, 6}
    fixed = repaired(cut)
    assert fixed.pages == 3
    assert fixed.damaged == [0, 1, 2], "every page draws its words with the lost font"


def test_a_page_without_its_resources_is_damaged_but_one_missing_only_its_page_tree_is_not():
    data = pdf_with_font_last(2)
    cut = data[:data.index(b"4 0 obj")]           # page 2 lost (its object), page 1 intact but for its font
    fixed = repaired(cut)
    assert fixed.pages == 1 and fixed.damaged == [0]
    whole = data[:data.index(b"7 0 obj")]          # fonts there, the page tree and catalog lost
    fixed = repaired(whole)
    assert fixed.pages == 2 and fixed.damaged == []
    assert page_texts(fixed.data) == ["page 1 text", "page 2 text"]


def test_nothing_left_to_show_is_the_clear_error_it_was(tmp_path):
    data = pdf_with_font_last(3)
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[:40])                   # the header and part of the first object
    assert repaired(data[:40]) is None
    with pytest.raises(ReadError, match="不是有效的 PDF 文件或已损坏"):
        read_document(path)


def test_a_repaired_file_that_is_no_disclosure_says_both(tmp_path):
    data = pdf_with_font_last(3)
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[:data.index(b"\nxref")])
    with pytest.raises(ReadError) as caught:
        read_document(path)
    message = str(caught.value)
    assert "文件不完整" in message and "恢复出 3 页" in message and "不是预算公开文件" in message


def pdf_pages_packed(pages: int, **options) -> bytes:
    """pdf_with_font_last's pages as PDF 1.5 writers pack them: the page dictionaries, the
    font's, the page tree and the catalog in an object stream, the index a cross-reference
    stream (tests/pdfbytes.py)."""
    plain, packed = {}, {}
    font, tree, catalog = 2 * pages + 1, 2 * pages + 2, 2 * pages + 3
    for n in range(pages):
        stream = f"BT /F1 12 Tf 72 720 Td (page {n + 1} text) Tj ET"
        plain[2 * n + 1] = f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream".encode()
        packed[2 * n + 2] = (f"<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 612 792] "
                             f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {2 * n + 1} 0 R >>").encode()
    packed[font] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    kids = " ".join(f"{2 * n + 2} 0 R" for n in range(pages))
    packed[tree] = f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode()
    packed[catalog] = f"<< /Type /Catalog /Pages {tree} 0 R >>".encode()
    return pdf_packed(plain, packed, catalog, **options)


def without_index(data: bytes) -> bytes:
    """The file cut inside its cross-reference stream (the last object)."""
    return data[:data.index(b"/Type /XRef") + 20]


def test_pages_packed_in_an_object_stream_are_found_in_a_file_cut_short():
    """PDF 1.5 writers pack the page dictionaries: a scan of the file sees no page object,
    and the file was refused whole though every page was there."""
    data = pdf_pages_packed(3)
    assert page_texts(data) == ["page 1 text", "page 2 text", "page 3 text"]
    cut = without_index(data)
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(cut)
    fixed = repaired(cut)
    assert fixed.pages == 3 and fixed.damaged == []
    assert page_texts(fixed.data) == ["page 1 text", "page 2 text", "page 3 text"]


def test_a_packed_page_whose_content_was_cut_off_is_named_damaged():
    data = pdf_pages_packed(3)
    cut = data[:data.index(b"5 0 obj")]          # page 3's content stream lost, the object stream first
    fixed = repaired(cut)
    assert fixed.pages == 3 and fixed.damaged == [2]
    assert page_texts(fixed.data)[:2] == ["page 1 text", "page 2 text"]


def test_a_page_redefined_after_its_object_stream_is_read_as_redefined():
    """An incremental update writes an object again as a plain object after the stream that
    held it: the later definition is the object (page 2 now draws page 1's content)."""
    cut = without_index(pdf_pages_packed(2))
    cut = cut[:cut.rindex(b"endobj") + 6] + (
        b"\n4 0 obj\n<< /Type /Page /Parent 6 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 1 0 R >>\nendobj\n")
    fixed = repaired(cut)
    assert fixed.pages == 2 and fixed.damaged == []
    assert page_texts(fixed.data) == ["page 1 text", "page 1 text"]


@pytest.mark.parametrize("options", [{"packed_first": False}, {"filters": b"/ASCIIHexDecode"}],
                         ids=["object-stream-cut-off", "filter-not-unpacked"])
def test_pages_in_an_object_stream_lost_or_not_unpacked_leave_the_clear_error(tmp_path, options):
    """The object stream itself cut off (written after the contents), or packed with a filter
    the repair does not undo: no page is left to show, and the error says the file is damaged."""
    data = pdf_pages_packed(2, **options)
    cut = data[:data.index(b"/Type /ObjStm") + 40] if "packed_first" in options else without_index(data)
    assert repaired(cut) is None
    path = tmp_path / "cut.pdf"
    path.write_bytes(cut)
    with pytest.raises(ReadError, match="不是有效的 PDF 文件或已损坏"):
        read_document(path)


@pytest.mark.parametrize("text, expected", [
    ("2025年部门收支预算总表\n单位：万元\n项目 预算数\n一般公共预算拨款 1,234.56", True),
    ("合计 156,211,123 156,211,123 0 0 0", True),              # a continued table's last page
    ("1.2.3.4.5.6.7.8.9.10. 11. 12.", False),                    # figures whose words were lost
    ("2025\r 91,016,775.35 82,096,797.42 “ ” “ ”", False),
    ("аǃ䍒᭯ᤘⅮ 1.а㡜ޜޡ亴 ᖃᒤ᭦ޕሿ䇑 ᭦ޕਸ䇑 ഋǃޜޡᆹޘ᭟ࠪ 亩ⴞ〠 䠁仍 ࣏㜭࠶学", False),   # fonts without their maps
    ("", False),
])
def test_has_words_tells_a_pages_words_from_what_lost_fonts_leave(text, expected):
    assert has_words(text) is expected


REAL = SHARED / "real"


def real_pdf(name: str):
    path = REAL / name
    if not path.exists():
        pytest.skip("../shared/real is not beside the repository")
    return path


def without_lines(cells: str) -> list[str]:
    return [row.rsplit(",", 1)[0] for row in cells.splitlines()]


def test_a_real_pdf_cut_short_reads_every_cell_the_whole_file_does(tmp_path):
    """Word/WPS write the page tree and catalog last: a download cut at 95 % lost them and
    the index, and the file was refused whole. Every cell is read as from the whole file."""
    source = real_pdf("sh-putuo-wanli-2024-dept-budget.pdf")
    data = source.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[:int(len(data) * 0.95)])
    cut, whole = parse(path), parse(source)
    # (the lines are numbered a page's lines fewer: the lost page 2 held the table of contents)
    assert without_lines(cells_csv(cut)) == without_lines(cells_csv(whole))
    told = [i.message for i in cut.issues if i.code == "reader"]
    assert any("文件不完整" in m and "恢复出 33 页" in m for m in told)
    assert any("第 2 页没有读取文字" in m for m in told), "the page whose content was lost is named"


def test_pages_whose_fonts_were_cut_off_are_not_read_as_bare_figures(tmp_path):
    """The fonts written at the end were lost: the pages keep their figures without one word.
    Read, they made a 三公经费表 of 432 amounts out of every table's figures; they are named instead."""
    source = real_pdf("sh-putuo-qfb-2025-unit-budget.pdf")
    data = source.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[:int(len(data) * 0.95)])
    disc = parse(path)
    assert disc.facts == []
    told = [i.message for i in disc.issues if i.code == "reader"]
    assert any("第 3–21 页没有读取文字" in m for m in told)


def repacked(path) -> bytes:
    """A real PDF written again as PDF 1.5 writers write it (tests/pdfbytes.py): its
    dictionaries packed in an object stream, its streams plain, a cross-reference stream."""
    from pypdf import PdfReader
    from pypdf.generic import StreamObject

    reader = PdfReader(path)
    plain, packed = {}, {}
    for number in sorted({n for generation in reader.xref.values() for n in generation}):
        obj = reader.get_object(number)
        if obj is None:
            continue
        out = io.BytesIO()
        obj.write_to_stream(out)
        (plain if isinstance(obj, StreamObject) else packed)[number] = out.getvalue()
    return pdf_packed(plain, packed, reader.trailer.raw_get("/Root").idnum)


def test_a_real_pdf_packed_and_cut_short_reads_every_cell_of_the_pages_left(tmp_path):
    """The real PDF repacked reads as the original; cut at 95 %, its page dictionaries are
    all in the object stream at its head and its last four pages' content is lost: every cell
    of the pages left is read as from the whole file, and the lost pages are named."""
    source = real_pdf("sh-putuo-wanli-2024-dept-budget.pdf")
    data = repacked(source)
    whole_path, cut_path = tmp_path / "packed.pdf", tmp_path / "cut.pdf"
    whole_path.write_bytes(data)
    cut_path.write_bytes(data[:int(len(data) * 0.95)])
    original = without_lines(cells_csv(parse(source)))
    assert without_lines(cells_csv(parse(whole_path))) == original
    cut = parse(cut_path)
    cells = without_lines(cells_csv(cut))
    assert len(cells) > len(original) * 0.9 and cells == original[:len(cells)]
    told = [i.message for i in cut.issues if i.code == "reader"]
    assert any("文件不完整" in m and "恢复出 33 页" in m for m in told)
    assert any("第 30–33 页没有读取文字" in m for m in told)
