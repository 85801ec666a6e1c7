"""The seeds' tables written into PDF (HTML → WeasyPrint, as a finance office's export would be)
parse back to the same cells as the text versions."""

from __future__ import annotations

import pytest

import docgen
from conftest import EXAMPLES, SEEDS
from test_readers_office import cli_cells, text_cells, without_left_out

pytest.importorskip("weasyprint")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    root = tmp_path_factory.mktemp("pdf")
    out = {}
    for seed in SEEDS:
        document = docgen.seed_document(EXAMPLES / f"{seed}.txt", canonical_headers=True)
        path = root / f"{seed}.pdf"
        docgen.write_pdf(EXAMPLES / f"{seed}.txt", path, document=document)
        out[seed] = (path, document)
    return out


def test_generated_pdf_gives_the_text_cells(pdfs, seed):
    path, document = pdfs[seed]
    expected = without_left_out(text_cells(seed), document)
    got = cli_cells(path)
    missing = [c for c in expected if c not in got]
    invented = [c for c in got if c not in expected]
    assert not missing and not invented, f"missing {missing[:5]} invented {invented[:5]}"
