"""ZIP archives given to an ingest: their files ingested one by one, named by the archive's
path and the member's name (store/archives.py)."""

from __future__ import annotations

import json
import zipfile
import zlib
from pathlib import Path

import pytest
from conftest import EXAMPLES
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from budgetlens.cli.main import app
from budgetlens.store import Ingest, archives, open_engine
from budgetlens.store.schema import Document, DocumentSource

SEED_A = EXAMPLES / "000_9131eab83374bb33.txt"
SEED_B = EXAMPLES / "002_4e0ed6e09b019fe1.txt"


def write_zip(path: Path, members: dict[str, bytes], gbk_names: bool = False, encrypted: tuple[str, ...] = ()) -> Path:
    """An archive of members; gbk_names: names written in GBK without the UTF-8 flag, as
    archives made on Chinese Windows are."""
    original = zipfile.ZipInfo._encodeFilenameFlags
    if gbk_names:
        zipfile.ZipInfo._encodeFilenameFlags = lambda info: (info.filename.encode("gbk"), info.flag_bits)
    try:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in members.items():
                z.writestr(name, data)
    finally:
        zipfile.ZipInfo._encodeFilenameFlags = original
    for name in encrypted:
        mark_encrypted(path, name)
    return path


def mark_encrypted(path: Path, name: str) -> None:
    """The member marked encrypted in the central directory (zipfile writes no encryption;
    the refusal reads the mark before any byte)."""
    data = bytearray(path.read_bytes())
    at = data.index(b"PK\x01\x02")
    while at >= 0:
        length = int.from_bytes(data[at + 28:at + 30], "little")
        if data[at + 46:at + 46 + length] == name.encode("utf-8"):
            data[at + 8] |= 0x1
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))


def stored(engine) -> dict[str, Document]:
    with Session(engine) as s:
        rows = s.execute(select(DocumentSource.path, Document).join(Document, Document.id == DocumentSource.document_id)).all()
        return {path: doc for path, doc in rows}


def run(tmp_path, *paths, workers=0):
    engine = open_engine(f"sqlite:///{tmp_path / 's.db'}")
    return engine, Ingest(engine, workers=workers).run(list(paths))


@pytest.mark.parametrize("workers", [0, 2])
def test_an_archive_of_windows_names_is_ingested_file_by_file(tmp_path, workers):
    archive = write_zip(tmp_path / "预算公开.zip", {"单位预算/电子政务服务中心.txt": SEED_A.read_bytes(),
                                                 "部门预算.txt": SEED_B.read_bytes()}, gbk_names=True)
    engine, summary = run(tmp_path, archive, workers=workers)
    assert summary.archives == 1 and summary.processed == 2 and not summary.problems
    docs = stored(engine)
    inside = f"{archive.resolve()}!/单位预算/电子政务服务中心.txt"
    assert set(docs) == {inside, f"{archive.resolve()}!/部门预算.txt"}
    model = json.loads(zlib.decompress(docs[inside].model))
    assert model["sources"][0]["path"] == inside              # the member named, not where it was unpacked
    assert model["tables"][0]["provenance"]["file"] == inside


def test_the_unpacked_files_are_removed_after_the_run(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETLENS_UNPACK_DIR", str(tmp_path / "unpack"))
    (tmp_path / "unpack").mkdir()
    archive = write_zip(tmp_path / "a.zip", {"x.txt": SEED_A.read_bytes()})
    _, summary = run(tmp_path, archive)
    assert summary.processed == 1 and list((tmp_path / "unpack").iterdir()) == []


def test_archives_inside_archives_and_system_files(tmp_path):
    inner = write_zip(tmp_path / "inner.zip", {"单位.txt": SEED_A.read_bytes()})
    outer = write_zip(tmp_path / "outer.zip", {"内层.zip": inner.read_bytes(), "__MACOSX/._单位.txt": b"\0\5\26\7",
                                               ".DS_Store": b"\0\0\0\1Bud1", "部门.txt": SEED_B.read_bytes()})
    inner.unlink()
    engine, summary = run(tmp_path, outer)
    assert summary.processed == 2 and not summary.problems
    assert f"{outer.resolve()}!/内层.zip!/单位.txt" in stored(engine)


def test_what_cannot_be_unpacked_is_named_and_the_rest_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(archives, "MAX_BYTES", 1000)
    archive = write_zip(tmp_path / "a.zip", {"加密.txt": b"x" * 10, "大文件.txt": b"y" * 5000,
                                             "部门.txt": b"z" * 10}, encrypted=("加密.txt",))
    (tmp_path / "b.rar").write_bytes(b"Rar!\x1a\x07\x01\x00" + b"\0" * 64)
    _, summary = run(tmp_path, archive, tmp_path / "b.rar")
    said = {Path(p.path).name if "!/" not in p.path else p.path.split("!/")[-1]: p.error for p in summary.problems}
    assert "密码" in said["加密.txt"] and "过大" in said["大文件.txt"]
    assert "RAR" in said["b.rar"] and "解压后" in said["b.rar"]
    assert "部门.txt" in said            # read, and not a disclosure: said like any file
    assert "不是预算公开文件" in said["部门.txt"]


def test_a_member_named_out_of_its_folder_stays_inside(tmp_path):
    archive = write_zip(tmp_path / "a.zip", {"../../逃逸.txt": SEED_A.read_bytes()})
    engine, summary = run(tmp_path, archive)
    assert summary.processed == 1
    assert not (tmp_path.parent / "逃逸.txt").exists() and not (tmp_path / "逃逸.txt").exists()
    assert list(stored(engine)) == [f"{archive.resolve()}!/../../逃逸.txt"]


def test_an_archive_ingested_again_adds_nothing(tmp_path):
    archive = write_zip(tmp_path / "a.zip", {"x.txt": SEED_A.read_bytes()})
    engine, _ = run(tmp_path, archive)
    summary = Ingest(engine, workers=0).run([archive])
    assert summary.counts["known"] == 1 and summary.processed == 0


def test_a_member_whose_size_lies_is_cut_and_refused(tmp_path):
    archive = tmp_path / "a.zip"
    write_zip(archive, {"x.txt": b"a" * 4000})
    data = bytearray(archive.read_bytes())
    central = data.rindex(b"PK\x01\x02")
    data[central + 24:central + 28] = (100).to_bytes(4, "little")     # the central directory says 100 bytes
    archive.write_bytes(bytes(data))
    unpacked = archives.unpack(archive, "a.zip", tmp_path / "out")
    assert not unpacked.members and unpacked.problems and "无法从压缩包中解出" in unpacked.problems[0][1]


def test_parse_of_an_archive_names_its_files_and_the_way_to_read_them(tmp_path):
    archive = write_zip(tmp_path / "预算.zip", {"单位预算/说明.txt": b"a", "部门预算.pdf": b"b"}, gbk_names=True)
    result = CliRunner().invoke(app, ["parse", str(archive)])
    told = "".join(result.output.split())
    assert result.exit_code == 2
    assert "单位预算/说明.txt" in told and "部门预算.pdf" in told and "budgetlensingest" in told
