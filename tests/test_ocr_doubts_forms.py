"""pipeline.ocr_doubts says the words OCR was unsure of on a line of text wherever OCR may have
read the line (a scanned PDF, a picture in a DOCX, a bundle), and skips the pass over the lines
of forms no OCR reads (text conversions, CSV): the warning must not be lost for the former."""

from __future__ import annotations

import pytest

from budgetlens.pipeline import OCR_FORMATS, ocr_doubts
from budgetlens.readers import Line, SourceDocument


def doc_of(form: str) -> SourceDocument:
    lines = [Line(no=1, text="某某局2025年部门预算", ocr=True),
             Line(no=2, text="比上年增加 5:34 万元", ocr=True, unsure=[1], page=3)]
    return SourceDocument(path="x", format=form, encoding=None, sha256="", lines=lines)


@pytest.mark.parametrize("form", ["pdf", "bundle", "ocr", "docx", "html", "xlsx"])
def test_a_line_ocr_was_unsure_of_is_said_in_every_form_ocr_reads(form):
    assert form in OCR_FORMATS
    said = ocr_doubts(doc_of(form))
    assert [(i.code, i.provenance.line) for i in said] == [("ocr-unsure", 2)]
    assert "“5:34”" in said[0].message


def test_a_table_row_is_left_to_the_table_reader():
    doc = doc_of("pdf")
    doc.lines[1].cells = ["比上年增加", "5:34", "万元"]
    assert ocr_doubts(doc) == []


@pytest.mark.parametrize("form", ["plain", "markdown", "csv"])
def test_forms_no_ocr_reads_have_no_doubts(form):
    doc = doc_of(form)
    doc.lines[1].unsure = None           # (their readers set none)
    assert ocr_doubts(doc) == []
