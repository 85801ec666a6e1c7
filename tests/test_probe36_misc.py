"""Probes of round 36 (helper h11): a scanned PDF whose pages OCR fails on or reads nothing
in, and money carried over from last year named alone in the narrative."""

from __future__ import annotations

import pytest

pytest.importorskip("pypdfium2")

from conftest import EXAMPLES
from PIL import Image, ImageDraw, ImageFont
from test_ocr import fake_tesseract

from budgetlens.readers import ocr, read_document
from budgetlens.readers.base import NoText

CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
PAGES = [["某某局2025年部门预算公开", "一、部门收支总体情况", "收入预算 243.90 万元，支出预算 243.90 万元。"],
         ["二、部门收入总体情况", "本年收入合计 243.90 万元。"]]


def scanned_pdf(path, pages):
    """An image-only PDF as a scanner saves it: each page a picture of its lines, no text layer."""
    font = ImageFont.truetype(CJK_FONT, 40)
    images = []
    for lines in pages:
        image = Image.new("L", (1654, 2339), 255)
        draw = ImageDraw.Draw(image)
        for n, text in enumerate(lines):
            draw.text((150, 200 + 80 * n), text, fill=0, font=font)
        images.append(image.convert("RGB"))
    images[0].save(path, "PDF", resolution=200, save_all=True, append_images=images[1:])
    return path


def with_tesseract(tmp_path, monkeypatch, body):
    folder = tmp_path / "bin"
    folder.mkdir()
    fake_tesseract(folder, "chi_sim\\neng", body)
    monkeypatch.setenv("PATH", f"{folder}:/usr/bin:/bin")


EMPTY_TSV = ("printf 'level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\tleft\\ttop\\twidth"
             "\\theight\\tconf\\ttext\\n' > \"$2.tsv\"; : > \"$2.txt\"; exit 0")


@pytest.mark.parametrize("body, reason", [
    ("echo 'Error in pixReadMem: Unknown format' >&2; exit 1", "OCR 失败（tesseract 退出码 1）：Error in pixReadMem: Unknown format"),
    (EMPTY_TSV, "OCR 未识别出任何文字"),
])
def test_a_scan_whose_only_page_ocr_cannot_read_names_the_page_and_why(tmp_path, monkeypatch, body, reason):
    """The error was only "没有可读取的文字" (a failure), or, where OCR read nothing, the page's
    "?" lines made it "not a budget document". Now it names the scanned page, why OCR read
    nothing, and what the user can do."""
    with_tesseract(tmp_path, monkeypatch, body)
    path = scanned_pdf(tmp_path / "scan.pdf", PAGES[:1])
    with pytest.raises(NoText) as caught:
        read_document(str(path))
    said = str(caught.value)
    assert f"第 1 页是扫描图像，{reason}" in said
    assert "更清晰的扫描件" in said and "原始电子文件" in said


def test_a_page_ocr_fails_on_leaves_the_other_pages_read(tmp_path, monkeypatch):
    """Page 2 fails (a timeout), page 1 is read: the file is read, page 2 said unread with why;
    page 1, read, is not named (near miss)."""
    with_tesseract(tmp_path, monkeypatch, "exit 0")
    path = scanned_pdf(tmp_path / "scan.pdf", PAGES)

    def ocr_page(page, *args, page_no=None, **kwargs):
        if page_no == 2:
            raise ocr.OcrFailed(f"第 {page_no} 页 OCR 超时（超过 60 秒），已跳过", page_no)
        return ocr.OcrWords(ocr.OcrWord(text, 75.0, 100.0 + 40 * n, 400.0, 120.0 + 40 * n, 96.0)
                            for n, text in enumerate(PAGES[0]))

    monkeypatch.setattr(ocr, "ocr_page", ocr_page)
    doc = read_document(str(path))
    assert [ln.text for ln in doc.lines if ln.page == 1] == PAGES[0]
    assert not [ln for ln in doc.lines if ln.page == 2]
    lost = [w for w in doc.warnings if "未读取" in w]
    assert lost == ["第 2 页是扫描图像，OCR 超时（超过 60 秒），已跳过，未读取，请对照原件"]
    assert "第 1 页是扫描图像，已用 OCR 识别，请核对数字" in doc.warnings


# ---- 上年结转 named alone ------------------------------------------------------------------------

SEED = EXAMPLES / "002_4e0ed6e09b019fe1.txt"
INCOME_GPB = "一般公共预算 1,719.05 万元，占 97.73%，比上年预算减少 35.22 万元"


def income_parts(tmp_path, parts: str):
    """Seed 002 (收入 1,759.05: 一般公共预算 1,719.05, 单位资金 30.00, 上年结转 10.00 all of it
    财政拨款结转, which its own paragraph also states at 0.57%) with its 一般公共预算 paragraph
    replaced by a list of the income's parts."""
    from budgetlens.checks import check
    from budgetlens.pipeline import parse

    text = SEED.read_text(encoding="utf-8")
    start = text.index(INCOME_GPB)
    path = tmp_path / "parts.txt"
    path.write_text(text[:start] + parts + text[text.index("\n", start):], encoding="utf-8")
    disc = parse(path)
    claims = [c for c in disc.narrative.claims if "上年结转10.00" in c.sentence.replace(" ", "")]
    sums = [f.message for f in check(disc).findings if "占比之和" in f.message]
    return claims, sums


def test_last_years_carry_over_named_alone_is_the_carry_over_and_its_part_is_not_added_twice(tmp_path):
    """"上年结转 X 万元" was no concept (unchecked); made the carry-over, the income's shares
    added it and its part 财政拨款结转 (stated in the next paragraph): 100.58%. The part
    inside a listed whole is counted once now."""
    claims, sums = income_parts(tmp_path, "一般公共预算拨款收入1,719.05万元，占97.73%；单位资金30.00万元，"
                                          "占1.71%；上年结转10.00万元，占0.57%。")
    carried = [(c.kind, str(c.value), c.subject.concept, c.subject.coords.source) for c in claims
               if c.subject.text.startswith("上年结转")]
    assert carried == [("amount", "10.00", "carryover", "carryover"), ("share", "0.57", "carryover", "carryover")]
    assert sums == []


def test_a_wrong_share_of_the_carry_over_still_breaks_the_sum(tmp_path):
    """上年结转 at 1.57% (it is 0.57%): 97.73 + 1.71 + 1.57 = 101.01% is said (it was unchecked);
    the carry-over counts when it is listed (near miss of the part dropped)."""
    _, sums = income_parts(tmp_path, "一般公共预算拨款收入1,719.05万元，占97.73%；单位资金30.00万元，"
                                     "占1.71%；上年结转10.00万元，占1.57%。")
    assert len(sums) == 1 and "101.01%" in sums[0]
