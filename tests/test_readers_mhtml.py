"""Web pages saved as one file (MHTML, readers/mhtml.py): read as the HTML they hold."""

from __future__ import annotations

import csv
import io
import quopri
import re
from email.message import Message
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import docgen
import pytest
from conftest import EXAMPLES
from typer.testing import CliRunner

from budgetlens.cli.main import app
from budgetlens.readers import ReadError, read_document, sniff

SEED = EXAMPLES / "000_9131eab83374bb33.txt"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
       b"\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
runner = CliRunner()


def cells(path) -> list[dict]:
    result = runner.invoke(app, ["parse", str(path), "--format", "cells"])
    assert result.exit_code == 0, result.output
    return [{k: v for k, v in row.items() if k != "line"} for row in csv.DictReader(io.StringIO(result.stdout))]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    path = tmp_path_factory.mktemp("mhtml") / "page.html"
    docgen.write_html(SEED, path)
    return path


def saved(parts, encoding: str = "utf-8", transfer: str = "base64") -> bytes:
    """A page saved by a browser: the HTML parts (and a picture) of one multipart/related message."""
    message = MIMEMultipart("related")
    message["From"] = "<Saved by Blink>"
    message["Snapshot-Content-Location"] = "http://czj.example.gov.cn/bmys/2026.html"
    for html in parts:
        if transfer == "quoted-printable":
            part = Message()
            part["Content-Type"] = f'text/html; charset="{encoding}"'
            part["Content-Transfer-Encoding"] = "quoted-printable"
            part.set_payload(quopri.encodestring(html.encode(encoding)).decode("ascii"))
        else:
            part = MIMEText(html, "html", encoding)
        message.attach(part)
    message.attach(MIMEImage(PNG, "png"))
    return message.as_bytes()


def test_a_saved_page_reads_as_the_page(page, tmp_path):
    path = tmp_path / "部门预算.mhtml"
    path.write_bytes(saved([page.read_text(encoding="utf-8")], "gb18030"))
    read = read_document(path)
    assert read.format == "mhtml" and any("MHTML" in note for note in read.notes)
    assert cells(path) == cells(page)


def test_sheets_saved_as_pages_read_one_after_another(page, tmp_path):
    """Excel saves a workbook as a frame page, a tab strip and a page per sheet."""
    html = page.read_text(encoding="utf-8")
    cut = [m.start() for m in re.finditer("<table", html)][3]         # the first three tables, then the rest
    head = html.split("<body", 1)[0]
    first = html[:cut] + "</body></html>"
    second = head + "<body>" + html[cut:]
    frames = '<html><frameset rows="*,39"><frame src="sheet001.htm"><frame src="tabstrip.htm"></frameset></html>'
    path = tmp_path / "workbook.mht"
    path.write_bytes(saved([frames, first, second], "utf-8", "quoted-printable"))
    assert cells(path) == cells(page)


def test_known_by_its_bytes_not_its_name(page, tmp_path):
    data = saved([page.read_text(encoding="utf-8")])
    assert sniff(data, "a.txt") == sniff(data, "a") == "mhtml"
    assert sniff(b"From: someone\nSubject: not a saved page\n\nplain text", "a.txt") == "text"


def test_a_saved_message_without_a_page_says_so(tmp_path):
    message = MIMEMultipart("related")
    message["From"] = "<Saved by Blink>"
    message.attach(MIMEImage(PNG, "png"))
    path = tmp_path / "图片.mht"
    path.write_bytes(message.as_bytes())
    with pytest.raises(ReadError, match="没有可读的网页内容"):
        read_document(path)
