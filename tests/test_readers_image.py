"""Pictures of pages (PNG, JPEG, TIFF, BMP, GIF, WebP): read through the OCR of scanned pages.

The pictures are made here from a real published PDF (../shared/real), rendered by pypdfium2
at 200 dpi as a scanner or a screenshot would give them; the PDF's own text layer is what
their amounts are compared with."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from conftest import SHARED
from test_ocr import needs_tesseract

from budgetlens.pipeline import parse
from budgetlens.readers import ReadError, read_document, sniff
from budgetlens.readers.image import image_kind, page_of

PDF = SHARED / "real" / "sh-putuo-qfb-2025-unit-budget.pdf"
SUMMARY_PAGE, INCOME_PAGE = 7, 8          # 0-based: 财务收支预算总表, 收入预算总表


def rendered(index: int):
    import pypdfium2 as pdfium

    if not PDF.exists():
        pytest.skip("../shared/real is not beside the repository")
    doc = pdfium.PdfDocument(str(PDF))
    try:
        return doc[index].render(scale=200 / 72).to_pil()
    finally:
        doc.close()


def amounts(disc, kind: str, page: int | None = None):
    """The amounts of the document's first table of this kind, with their function codes (those
    printed on `page` when given)."""
    table = next(t for t in disc.tables if t.kind == kind)
    return Counter((f.coords.function_code, f.amount) for f in disc.facts
                   if f.table == table.index and page in (None, f.provenance.page))


def without_ocr(monkeypatch) -> None:
    """As on a machine without Tesseract."""
    from budgetlens.readers import ocr

    def unavailable():
        raise ocr.OcrUnavailable("未找到 OCR 程序 tesseract")

    monkeypatch.setattr(ocr, "tesseract_path", unavailable)


def read_as_the_pdf(path, income_page: int, income_ref: str, first_said: str) -> None:
    """A document showing the 财务收支预算总表 and 收入预算总表 pages as two pictures reads the
    amounts the PDF prints (the income table's first page: the picture holds no more), each
    fact named by its picture (its page and reference), each picture's reading said, none left
    unread."""
    disc, printed = parse(path), parse(PDF)
    assert [t.kind for t in disc.tables] == ["summary", "income"]
    assert amounts(disc, "summary") == amounts(printed, "summary")
    assert amounts(disc, "income") == amounts(printed, "income", page=INCOME_PAGE + 1)
    fact = next(f for f in disc.facts if f.coords.table_kind == "income")
    assert fact.provenance.page == income_page and fact.provenance.ref.startswith(income_ref)
    said = [i.message for i in disc.issues if i.level == "warning" and "OCR 识别出" in i.message]
    assert len(said) == 2 and said[0].startswith(first_said)
    assert read_document(path).pictures == []


@needs_tesseract
def test_a_png_of_a_table_page_reads_the_amounts_the_pdf_prints(tmp_path):
    picture = tmp_path / "page.png"
    rendered(SUMMARY_PAGE).save(picture)
    read, printed = parse(picture), parse(PDF)
    assert read.sources[0].sha256 == __import__("hashlib").sha256(picture.read_bytes()).hexdigest()
    assert [t.kind for t in read.tables] == ["summary"]
    assert amounts(read, "summary") == amounts(printed, "summary") and sum(amounts(read, "summary").values()) == 18
    said = [i for i in read.issues if i.level == "info" and "PNG 图片" in i.message]
    assert said and "OCR" in said[0].message
    assert any("扫描图像" in i.message for i in read.issues if i.level == "warning")


@needs_tesseract
def test_a_multipage_tiff_is_read_page_by_page(tmp_path):
    picture = tmp_path / "pages.tiff"
    first, second = rendered(SUMMARY_PAGE).convert("L"), rendered(INCOME_PAGE).convert("L")
    first.save(picture, save_all=True, append_images=[second])
    doc = read_document(picture)
    assert doc.pages == 2 and {ln.page for ln in doc.lines if ln.text.strip()} == {1, 2}
    disc = parse(picture)
    income = next(t for t in disc.tables if t.kind == "income")
    assert {c.provenance.page for r in income.rows for c in r.cells} == {2}
    # what OCR reads of the income page is what the PDF prints on that page (the table goes on
    # over the next page, which the picture does not hold), or reported, never another figure
    read, printed = amounts(disc, "income"), amounts(parse(PDF), "income", page=INCOME_PAGE + 1)
    assert sum(printed.values()) == 24 and not read - printed
    if read != printed:
        assert any(i.level == "warning" and "收入预算总表" in i.message for i in disc.issues)


@pytest.mark.parametrize("fmt, kind", [("PNG", "PNG"), ("JPEG", "JPEG"), ("TIFF", "TIFF"), ("BMP", "BMP"),
                                       ("GIF", "GIF"), ("WEBP", "WebP")])
def test_each_picture_format_is_known_by_its_first_bytes(fmt, kind):
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buf, fmt)
    data = buf.getvalue()
    assert image_kind(data[:16]) == kind
    assert sniff(data, "named.txt") == "image"          # by its bytes, not its name


@pytest.mark.parametrize("text", ["BMW 预算 1,234.00".encode(), "GIF 说明".encode("gb18030"), b"RIFF text"])
def test_text_opening_like_a_picture_signature_is_text(text):
    assert sniff(text, "x.txt") == "text"


@pytest.mark.parametrize("truncated", [False, True])
def test_a_truncated_picture_is_a_clear_error(tmp_path, monkeypatch, truncated):
    """Whether or not Pillow is set to open pictures cut short (WeasyPrint sets it for the
    whole process), the error says the picture is incomplete."""
    from PIL import Image, ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", truncated)
    buf = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(buf, "PNG")
    broken = tmp_path / "cut.png"
    broken.write_bytes(buf.getvalue()[:60])
    with pytest.raises(ReadError, match="cut.png 是 PNG 图片，但.*不完整"):
        read_document(broken)


@needs_tesseract
def test_a_truncated_scan_reads_what_is_there_and_says_so(tmp_path, monkeypatch):
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    buf = io.BytesIO()
    rendered(SUMMARY_PAGE).save(buf, "JPEG", quality=90)
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(buf.getvalue()[:len(buf.getvalue()) * 2 // 3])     # the top two thirds of the page
    doc = read_document(cut)
    assert any("不完整" in w for w in doc.warnings)
    assert any("财务收支预算总表" in ln.text.replace(" ", "") for ln in doc.lines)


def test_a_picture_without_ocr_installed_names_the_packages(tmp_path, monkeypatch):
    from PIL import Image

    picture = tmp_path / "blank.png"
    Image.new("RGB", (800, 600), "white").save(picture)
    monkeypatch.setenv("PATH", str(tmp_path))           # no tesseract on it
    with pytest.raises(ReadError, match="tesseract-ocr"):
        read_document(picture)


def test_a_picture_too_large_to_open_is_a_clear_error(tmp_path, monkeypatch):
    from PIL import Image

    picture = tmp_path / "huge.png"
    Image.new("L", (300, 300), "white").save(picture)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)        # 90,000 pixels: twice over is a bomb
    with pytest.raises(ReadError, match="huge.png 是 PNG 图片，但尺寸过大"):
        read_document(picture)


def test_bytes_after_a_pictures_end_are_no_truncation():
    from PIL import Image

    from budgetlens.readers.image import is_complete

    for fmt, kind in (("PNG", "PNG"), ("JPEG", "JPEG")):
        buf = io.BytesIO()
        Image.new("RGB", (64, 48), "white").save(buf, fmt)
        whole = buf.getvalue()
        assert is_complete(kind, whole) and is_complete(kind, whole + bytes(3000))   # a phone's trailer
        assert not is_complete(kind, whole[:len(whole) // 2])


@needs_tesseract
def test_frames_beyond_the_page_limit_are_said(tmp_path, monkeypatch):
    from budgetlens.readers import pdf as pdf_reader

    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 1)
    picture = tmp_path / "pages.tiff"
    page = rendered(SUMMARY_PAGE).convert("L")
    page.save(picture, save_all=True, append_images=[page])
    doc = read_document(picture)
    assert doc.pages == 1 and any("共 2 页，只读取前 1 页" in w for w in doc.warnings)


def test_transparent_and_palette_pictures_become_white_pages():
    from PIL import Image

    clear = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    clear.putpixel((2, 2), (0, 0, 0, 255))
    page = page_of(clear)
    assert page.mode == "RGB" and page.getpixel((0, 0)) == (255, 255, 255) and page.getpixel((2, 2)) == (0, 0, 0)
    assert page_of(Image.new("P", (4, 4))).mode == "RGB"
    assert page_of(Image.new("1", (4, 4))).mode == "L"


def docx_of_pages(path, pages) -> None:
    """A Word document whose tables are pasted as pictures of the PDF's pages."""
    import docx
    from docx.shared import Cm

    document = docx.Document()
    document.add_paragraph("上海市普陀区人民政府办公室2025年单位预算")
    document.add_paragraph("第二部分 2025年单位预算表")
    for page in pages:
        picture = io.BytesIO()
        rendered(page).save(picture, "PNG")
        picture.seek(0)
        document.add_paragraph().add_run().add_picture(picture, width=Cm(16))
    document.save(str(path))


@needs_tesseract
def test_tables_pasted_into_word_as_pictures_are_read(tmp_path):
    path = tmp_path / "pasted.docx"
    docx_of_pages(path, [SUMMARY_PAGE, INCOME_PAGE])
    # (no Word table: the picture's page is its number)
    read_as_the_pdf(path, 2, "段落4的图片2 第", "段落3（前文“第二部分 2025年单位预算表”）的图片")


def test_without_ocr_pictures_in_word_are_told_not_read(tmp_path, monkeypatch):
    without_ocr(monkeypatch)
    path = tmp_path / "pasted.docx"
    docx_of_pages(path, [SUMMARY_PAGE])
    doc = read_document(path)
    assert doc.pictures == ["段落3（前文“第二部分 2025年单位预算表”）"]
    assert not [ln for ln in doc.lines if ln.ocr]


@needs_tesseract
def test_a_page_of_text_pasted_into_word_as_a_picture_gives_the_pdfs_claims(tmp_path):
    """The narrative page of the PDF as a picture in Word: its lines are printed lines, joined
    into sentences as a scanned page's are; every claim read is one the PDF's text makes
    (a thousands comma OCR read as a space, "科目1 202. 95万元", is read back and said)."""
    path = tmp_path / "narrative.docx"
    docx_of_pages(path, [5])
    disc, printed = parse(path), parse(PDF)
    read = Counter((c.kind, c.value) for c in disc.narrative.claims)
    assert sum(read.values()) >= 15 and not read - Counter((c.kind, c.value) for c in printed.narrative.claims)


def test_pictures_past_the_files_ocr_budget_are_told_not_read(tmp_path, monkeypatch):
    from budgetlens.readers import pictures

    monkeypatch.setattr(pictures, "PICTURES_BUDGET", -1.0)
    path = tmp_path / "pasted.docx"
    docx_of_pages(path, [SUMMARY_PAGE])
    doc = read_document(path)
    assert doc.pictures == ["段落3（前文“第二部分 2025年单位预算表”）"] and not [ln for ln in doc.lines if ln.ocr]
    from budgetlens.readers.ocr import ocr_available

    if ocr_available():
        assert any("识别时间" in w for w in doc.warnings)


@needs_tesseract
def test_a_picture_in_a_word_tables_cell_is_read_in_its_place(tmp_path):
    """A table of one cell holding the picture (a frame Word users draw around it): read as the
    body, the picture's table in its place."""
    import docx
    from docx.shared import Cm

    document = docx.Document()
    document.add_paragraph("上海市普陀区人民政府办公室2025年单位预算")
    document.add_paragraph("第二部分 2025年单位预算表")
    picture = io.BytesIO()
    rendered(SUMMARY_PAGE).save(picture, "PNG")
    picture.seek(0)
    document.add_table(rows=1, cols=1).cell(0, 0).paragraphs[0].add_run().add_picture(picture, width=Cm(15))
    document.add_paragraph("第三部分 2025年单位预算情况说明")
    path = tmp_path / "framed.docx"
    document.save(str(path))
    disc = parse(path)
    assert [t.kind for t in disc.tables] == ["summary"]
    assert amounts(disc, "summary") == amounts(parse(PDF), "summary")
    lines = read_document(path).lines
    assert lines[-1].text == "第三部分 2025年单位预算情况说明" and any(ln.ocr for ln in lines[:-1])


# ---- a web page's pictures (readers/html.py): a page saved with its pictures, or embedding them --

def saved_page(tmp_path, pages, embedded: bool = False):
    """A web page printing the document's tables as pictures, as sites do: each picture in the
    folder the browser saves beside the page ("…_files"), or embedded as a data: URL."""
    import base64

    folder = tmp_path / "预算公开_files"
    folder.mkdir(exist_ok=True)
    shown = []
    for k, page in enumerate(pages, 1):
        picture = io.BytesIO()
        rendered(page).save(picture, "PNG")
        if embedded:
            src = "data:image/png;base64," + base64.b64encode(picture.getvalue()).decode()
        else:
            (folder / f"{k}.png").write_bytes(picture.getvalue())
            src = f"预算公开_files/{k}.png"
        shown.append(f'<p style="text-align:center"><img src="{src}" width="800" height="1100"></p>')
    path = tmp_path / "预算公开.html"
    path.write_text("<html><head><meta charset='utf-8'></head><body><h1>上海市普陀区人民政府办公室2025年单位预算</h1>"
                    f"<p>第二部分 2025年单位预算表</p>{''.join(shown)}</body></html>", encoding="utf-8")
    return path


@needs_tesseract
def test_tables_a_saved_web_page_shows_as_pictures_are_read(tmp_path):
    read_as_the_pdf(saved_page(tmp_path, [SUMMARY_PAGE, INCOME_PAGE]), 2, "网页的图片2 第", "图片“1.png”已用 OCR 识别出")


@needs_tesseract
def test_a_table_embedded_in_the_page_as_a_data_url_is_read(tmp_path):
    disc = parse(saved_page(tmp_path, [SUMMARY_PAGE], embedded=True))
    assert [t.kind for t in disc.tables] == ["summary"]
    assert amounts(disc, "summary") == amounts(parse(PDF), "summary")


def test_a_web_pages_pictures_come_only_from_the_page_or_its_folder(tmp_path):
    """No picture is fetched from the network or the site, and no file outside the page's folder
    is opened (a page may name any path); each not read says why."""
    from lxml.html import fragment_fromstring

    from budgetlens.readers.html import picture_bytes

    (tmp_path / "page_files").mkdir()
    (tmp_path / "page_files" / "1.png").write_bytes(b"\x89PNG picture")
    (tmp_path.parent / "outside.png").write_bytes(b"\x89PNG secret")
    page = str(tmp_path / "page.html")

    def read(src: str):
        return picture_bytes(page, fragment_fromstring(f'<img src="{src}">'))

    assert read("page_files/1.png") == read("./page_files/%31.png") == b"\x89PNG picture"
    assert read((tmp_path / "page_files" / "1.png").as_uri()) == b"\x89PNG picture"
    assert read("data:image/png;base64,iVBORw==") == b"\x89PNG"
    assert read("https://www.example.gov.cn/1.png").startswith("图片在网站上")
    assert read("/upload/2026/1.png").startswith("图片在网站上")
    assert "不在网页所在的文件夹中" in read("../outside.png")
    assert "不在网页所在的文件夹中" in read((tmp_path.parent / "outside.png").as_uri())
    assert "不在网页旁边" in read("page_files/2.png")
    assert "已损坏" in read("data:image/png;base64,iVBORw=")


def test_without_ocr_a_web_pages_pictures_are_told_not_read(tmp_path, monkeypatch):
    without_ocr(monkeypatch)
    doc = read_document(saved_page(tmp_path, [SUMMARY_PAGE, INCOME_PAGE]))
    assert doc.pictures == ["图片“1.png”", "图片“2.png”"] and not [ln for ln in doc.lines if ln.ocr]


# ---- a workbook's pictures (readers/workbook.py) -----------------------------------------------

def workbook_with_pictures(path, pages) -> None:
    """A workbook whose first sheet holds the document's title in a cell and its tables pasted
    below it as pictures, one under the other, as finance offices send them."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("预算公开表")
    ws.write(0, 0, "上海市普陀区人民政府办公室2025年单位预算")
    for k, page in enumerate(pages):
        picture = io.BytesIO()
        rendered(page).convert("RGB").save(picture, "PNG")
        ws.insert_image(2 + 60 * k, 0, f"{k + 1}.png", {"image_data": picture, "x_scale": 0.5, "y_scale": 0.5})
    wb.close()


@needs_tesseract
def test_tables_pasted_into_a_workbook_as_pictures_are_read(tmp_path):
    path = tmp_path / "pasted.xlsx"
    workbook_with_pictures(path, [SUMMARY_PAGE, INCOME_PAGE])
    read_as_the_pdf(path, 3, "工作表「预算公开表」A63的图片2 第", "工作表「预算公开表」A3的图片已用 OCR 识别出")


def test_without_ocr_a_workbooks_pictures_are_told_not_read(tmp_path, monkeypatch):
    without_ocr(monkeypatch)
    path = tmp_path / "pasted.xlsx"
    workbook_with_pictures(path, [SUMMARY_PAGE])
    doc = read_document(path)
    assert doc.pictures == ["工作表「预算公开表」A3"] and not [ln for ln in doc.lines if ln.ocr]


@needs_tesseract
def test_a_page_of_text_on_a_web_page_as_a_picture_gives_the_pdfs_claims(tmp_path):
    """As in Word: the picture's printed lines are joined into sentences as a scanned page's."""
    disc, printed = parse(saved_page(tmp_path, [5])), parse(PDF)
    read = Counter((c.kind, c.value) for c in disc.narrative.claims)
    assert sum(read.values()) >= 15 and not read - Counter((c.kind, c.value) for c in printed.narrative.claims)


@pytest.mark.parametrize("src", ["http://[bad/x.png", "//[::1/x.png", "file://[x/a.png", "a" * 300 + ".png", "loop1.png"])
def test_a_picture_whose_file_cannot_be_opened_is_told_not_a_failure(tmp_path, src):
    """A src no URL parser takes, a name too long for the file system, a symlink loop: the page
    is read, the picture told (never an exception out of the reader)."""
    from budgetlens.readers.html import read_html

    (tmp_path / "loop1.png").symlink_to(tmp_path / "loop2.png")
    (tmp_path / "loop2.png").symlink_to(tmp_path / "loop1.png")
    page = f'<html><body><p>正文</p><img src="{src}" width="400" height="300"></body></html>'
    doc = read_html(str(tmp_path / "p.html"), page.encode())
    assert len(doc.pictures) == 1 and doc.lines[0].text == "正文"


def test_a_picture_loaded_late_is_the_one_its_data_src_names(tmp_path):
    """A page loading its pictures late: src a 1×1 placeholder, data-src the picture (here on the
    site): told as not read, not dropped as an icon."""
    from lxml.html import fragment_fromstring

    from budgetlens.readers.html import picture_bytes, read_html

    gif = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
    img = f'<img src="{gif}" data-src="/upload/t1.png" alt="收支总表" width="800" height="600">'
    assert picture_bytes(str(tmp_path / "p.html"), fragment_fromstring(img)).startswith("图片在网站上")
    doc = read_html(str(tmp_path / "p.html"), f"<html><body><p>正文</p>{img}</body></html>".encode())
    assert doc.pictures == ["图片“收支总表”"]


def test_a_damaged_picture_in_a_workbook_leaves_its_cells_read(tmp_path):
    """A picture's bytes are damaged in the package (its CRC fails): the sheet's cells are read,
    the picture told as not read."""
    import struct
    import zipfile

    import xlsxwriter

    path = tmp_path / "pictured.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("部门收入总体情况表")
    ws.write_row(0, 0, ["项目", "金额"])
    ws.write_row(1, 0, ["合计", 1.5])
    picture = io.BytesIO()
    __import__("PIL.Image", fromlist=["Image"]).new("RGB", (600, 300), "white").save(picture, "PNG")
    ws.insert_image("D5", "table.png", {"image_data": picture})
    wb.close()
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(path).getinfo("xl/media/image1.png")
    names, extra = struct.unpack("<HH", data[info.header_offset + 26:info.header_offset + 30])
    data[info.header_offset + 30 + names + extra + info.compress_size // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    doc = read_document(path)
    assert doc.pictures == ["工作表「部门收入总体情况表」D5"]
    assert [ln.cells for ln in doc.lines if ln.cells] == [["项目", "金额"], ["合计", "1.5"]]
