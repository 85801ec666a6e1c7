"""Lines whose characters are drawn out of their order along the line. Word and LibreOffice
draw a line's run of CJK text in one text object, leaving gaps where the characters of a
fallback font go (the curly quotes of “三公”, set in the paragraph's Latin font), and draw
those characters after it. pdfium's text keeps the drawing order (一般公共预算 三公 经费 “ ”);
the reader puts such a line in the order of the characters' places, as pdftotext does.

The PDFs are written here object by object: the CJK font is Adobe's STSong-Light, not
embedded (pdfium knows its encoding UniGB-UCS2-H; every character is 1 em wide), the quotes
are Helvetica's."""

from __future__ import annotations


import pytest

from budgetlens.pipeline import parse
from budgetlens.readers import read_document
from pdfbytes import pdf_bytes  # tests/pdfbytes.py

SIZE = 10                        # points
QUOTE_WIDTH = 0.333 * SIZE       # Helvetica's quotedblleft and quotedblright
GAP = 250                        # thousandths of an em: the gap a space in the text stands for
QUOTES = {"“": "\\223", "”": "\\224"}      # in WinAnsiEncoding


def one_page_pdf(content: str, rotate: int = 0) -> bytes:
    """A one-page A4 PDF with this content stream: /F1 the CJK font, /F2 Helvetica."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Rotate %d /Contents 4 0 R"
               b" /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>" % rotate,
               b"<< /Length %d >>\nstream\n" % len(content) + content.encode("latin-1") + b"\nendstream",
               b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H"
               b" /DescendantFonts [7 0 R] >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
               b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo"
               b" << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /DW 1000 /FontDescriptor 8 0 R >>",
               b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880]"
               b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>"]
    return pdf_bytes(objects)


def hexed(text: str) -> str:
    return "<" + "".join(f"{ord(ch):04X}" for ch in text) + ">"


def drawn_as_word_does(text: str, x: float, y: float, turn: tuple = (1, 0, 0, 1)) -> str:
    """The line as Word and LibreOffice draw it: the CJK runs in one text object (TJ), a gap
    left where each quote goes and for each space, the quotes drawn after it. turn: the text
    matrix's a b c d (the direction of the baseline is (a, b))."""
    a, b, c, d = turn
    parts, quotes, along = [], [], 0.0
    for ch in text:
        if ch in QUOTES:
            quotes.append((along, ch))
            parts.append(f"-{QUOTE_WIDTH * 1000 / SIZE:.0f}")
            along += QUOTE_WIDTH
        elif ch == " ":
            parts.append(f"-{GAP}")
            along += GAP * SIZE / 1000
        else:
            parts.append(hexed(ch))
            along += SIZE
    ops = [f"BT /F1 {SIZE} Tf {a} {b} {c} {d} {x:.2f} {y:.2f} Tm [{' '.join(parts)}] TJ ET"]
    ops += [f"BT /F2 {SIZE} Tf {a} {b} {c} {d} {x + a * at:.2f} {y + b * at:.2f} Tm ({QUOTES[ch]}) Tj ET"
            for at, ch in quotes]
    return "\n".join(ops)


FOOTER = "一般公共预算支出"       # the words the reader asks of a disclosure


def write(tmp_path, content: str, rotate: int = 0):
    path = tmp_path / "drawn.pdf"
    path.write_bytes(one_page_pdf(content + f"\nBT /F1 {SIZE} Tf 72 60 Td {hexed(FOOTER)} Tj ET", rotate))
    return path


def pdfium_text(path) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[0]
        page.set_rotation(0)
        return page.get_textpage().get_text_bounded()
    finally:
        pdf.close()


def text_lines(path) -> list[str]:
    return [ln.text for ln in read_document(path).lines if ln.text.strip() and ln.text != FOOTER]


def pdfium_lines(path) -> list[str]:
    lines = pdfium_text(path).replace("\r", "").split("\n")
    return [ln.rstrip() for ln in lines if ln.strip() and ln != FOOTER]


HEADING = "七、一般公共预算财政拨款“三公”经费预算情况说明"
SENTENCE = "2024 年度“三公”经费财政拨款支出预算为 13.50 万元"


@pytest.mark.parametrize("rotate", [0, 90])
def test_quotes_drawn_after_their_line_are_read_in_place(tmp_path, rotate):
    """A page turned for display (/Rotate) is read as drawn: its lines in place all the same.
    Where the quotes fill the gaps left for them, no space stays; a gap they do not fill
    (2024 年度, 13.50 万元) keeps its space."""
    content = drawn_as_word_does(HEADING, 72, 760) + "\n" + drawn_as_word_does(SENTENCE, 72, 740)
    path = write(tmp_path, content, rotate)
    assert "财政拨款 三公 经费预算情况说明 “ ”" in pdfium_text(path)       # as drawn
    assert text_lines(path) == [HEADING, SENTENCE]


def test_three_public_section_is_found_under_its_heading(tmp_path):
    """Read in drawing order, the heading did not name “三公” and took the next line in; the
    section and its figure are the 三公 table's."""
    lines = ["第三部分 情况说明",
             "一、关于2025年收支预算情况的说明",
             "2025年收入预算100.00万元，支出预算100.00万元。",
             "二、关于2025年财政拨款“三公”经费预算情况说明",
             "2025年“三公”经费财政拨款支出预算为13.50万元，比上年减少1.50万元，主要原因是厉行节约。",
             "三、关于2025年机关运行经费的说明",
             "2025年机关运行经费20.00万元。"]
    path = write(tmp_path, "\n".join(drawn_as_word_does(t, 72, 780 - 20 * i) for i, t in enumerate(lines)))
    narrative = parse(path).narrative
    assert [s.title for s in narrative.sections] == [lines[1], lines[3], lines[5]]
    claims = [(c.kind, c.text, c.subject.concept) for c in narrative.claims if c.section == "二"]
    assert claims == [("amount", "13.50万元", "three_public:total"), ("change", "1.50万元", "three_public:total")]


def ruled_grid(x0: float, top: float, widths: list[float], rows: int, height: float = 20) -> str:
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    ys = [top - k * height for k in range(rows + 1)]
    strokes = [f"{xs[0]} {y} m {xs[-1]} {y} l S" for y in ys] + [f"{x} {ys[0]} m {x} {ys[-1]} l S" for x in xs]
    return "0.5 w\n" + "\n".join(strokes)


def test_cell_text_is_in_place_order(tmp_path):
    """A ruled table's cells are built from the characters with their boxes, in their places."""
    rows = [["项目", "合计", "一般公共预算"], ["“三公”经费合计", "13.50", "13.50"], ["公务接待费", "3.00", "3.00"]]
    widths = [160, 80, 120]
    content = [ruled_grid(72, 700, widths, len(rows)), drawn_as_word_does("财政拨款“三公”经费支出情况表", 72, 720)]
    for r, row in enumerate(rows):
        x = 72
        for text, width in zip(row, widths):
            content.append(drawn_as_word_does(text, x + 4, 700 - 20 * r - 14))
            x += width
    path = write(tmp_path, "\n".join(content))
    assert "“三公 经费合计 ” 13.50" in pdfium_text(path)           # as drawn
    lines = read_document(path).lines
    assert [ln.cells for ln in lines if ln.cells] == rows
    assert "财政拨款“三公”经费支出情况表" in [ln.text for ln in lines]


def test_a_gap_between_columns_on_one_baseline_keeps_them_apart(tmp_path):
    """Two columns drawn in one run with a wide gap, a page number drawn into the gap after
    it: in place, the three are parted by spaces (no space was drawn between the number and
    the right column)."""
    content = (f"BT /F1 {SIZE} Tf 72 760 Td [{hexed('编制单位：司法局')} -20000 {hexed('单位：万元')}] TJ ET\n"
               f"BT /F1 {SIZE} Tf 200 760 Td {hexed('第1页')} Tj ET")
    path = write(tmp_path, content)
    assert text_lines(path) == ["编制单位：司法局 第1页 单位：万元"]


@pytest.mark.parametrize("turn", [(0, 1, -1, 0), (-1, 0, 0, -1)], ids=["turned", "upside-down"])
def test_a_line_not_upright_is_left_as_drawn(tmp_path, turn):
    """Text turned by a right angle (a landscape table on a portrait page, a vertical header)
    or upside down runs along no left-to-right order: pdfium's reading stands."""
    path = write(tmp_path, drawn_as_word_does(HEADING, 300, 400, turn))
    assert text_lines(path) == pdfium_lines(path)


def test_lines_on_two_baselines_are_left_as_drawn(tmp_path):
    """pdfium may take a wrapped cell's first line (a little higher) into the line beside it
    (a spreadsheet's header): ordered by place the two lines would run into each other."""
    content = (f"BT /F1 {SIZE} Tf 227 513.6 Td [{hexed('对企业补助')} -13700 {hexed('其他支出')}] TJ ET\n"
               f"BT /F1 {SIZE} Tf 121 520.9 Td {hexed('对企业补助（基本')} Tj ET")
    path = write(tmp_path, content)
    assert text_lines(path) == ["对企业补助 其他支出 对企业补助（基本"]


def test_characters_drawn_over_others_are_left_as_drawn(tmp_path):
    """Characters drawn over others have no order by place (a stamp's words over a line)."""
    content = (f"BT /F1 {SIZE} Tf 72 760 Td [{hexed('一般公共预算')} -3000 {hexed('支出')}] TJ ET\n"
               f"BT /F1 {SIZE} Tf 75 760 Td {hexed('专用章')} Tj ET")
    path = write(tmp_path, content)
    assert text_lines(path) == pdfium_lines(path)
