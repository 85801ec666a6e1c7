"""The pipeline's pause of the garbage collector: scoped to one extraction, never left on."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import pytest

from budgetlens.pipeline import NotADisclosure, collector_paused, parse

EXAMPLES = Path(__file__).resolve().parents[1] / "budgetlens" / "examples"


def test_collector_paused_during_extraction_and_resumed_after():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():              # nested: the inner one does not resume it
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_collector_resumed_when_extraction_fails(tmp_path):
    not_a_disclosure = tmp_path / "notes.txt"
    not_a_disclosure.write_text("会议纪要\n今天讨论了食堂菜单。\n", encoding="utf-8")
    with pytest.raises(NotADisclosure):
        parse(not_a_disclosure)
    assert gc.isenabled()


def test_collector_the_application_disabled_stays_disabled():
    gc.disable()
    try:
        parse(sorted(EXAMPLES.glob("*.txt"))[0])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_threads_resume_the_collector():
    seeds = sorted(EXAMPLES.glob("*.txt"))
    errors: list[BaseException] = []

    def work(path):
        try:
            parse(path)
        except BaseException as exc:             # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(p,)) for p in seeds * 2]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert gc.isenabled()



def test_extraction_leaves_no_garbage_cycles():
    """What a parse drops is freed by reference counting: no cycle is left for the collector
    (the identities' recursive search once left its closure behind on every table)."""
    seed = sorted(EXAMPLES.glob("*.txt"))[3]
    parse(seed)
    gc.collect()
    gc.disable()
    try:
        parse(seed)
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_a_table_ends_with_its_file_in_a_bundle(tmp_path):
    """Tables and narrative published as two files, the tables first: the last table stops at
    its file's end. It ran on into the narrative file's opening lines and took its sentence
    "…国有资本经营预算支出情况表为空表" for its own empty-table note."""
    from budgetlens.pipeline import parse

    lines = (EXAMPLES / "000_9131eab83374bb33.txt").read_text(encoding="utf-8").split("\n")
    cut = next(i for i, line in enumerate(lines) if line.startswith("### 第三部分"))
    tables, text = tmp_path / "tables.txt", tmp_path / "text.txt"
    tables.write_text("\n".join(lines[:cut]) + "\n", encoding="utf-8")
    opening = "克孜勒苏柯尔克孜自治州电子政务服务中心2026年没有使用国有资本经营预算拨款安排的支出，国有资本经营预算支出情况表为空表。"
    text.write_text(opening + "\n\n" + "\n".join(lines[cut:]), encoding="utf-8")
    disc = parse(tables, text)
    last = disc.tables[-1]
    from budgetlens.readers import read_document
    assert last.provenance.file == str(tables) and last.provenance.line_end <= len(read_document(tables).lines)
    assert last.empty_note is None or "国有资本经营" not in last.empty_note


def test_what_the_parse_made_goes_to_the_oldest_generation_unwalked():
    disc = parse(sorted(EXAMPLES.glob("*.txt"))[0])
    assert any(o is disc for o in gc.get_objects(generation=2))
    assert gc.get_count()[0] < 100        # no young pass pending over the parse's objects


def test_objects_the_application_froze_stay_frozen():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        parse(sorted(EXAMPLES.glob("*.txt"))[0])
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_garbage_cycles_promoted_are_still_collected():
    import weakref

    class Node:
        pass

    freed = []
    with collector_paused():
        a, b = Node(), Node()
        a.other, b.other = b, a
        weakref.finalize(a, freed.append, True)
        del a, b
    gc.collect()
    assert freed == [True]
