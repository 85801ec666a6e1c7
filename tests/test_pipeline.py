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


def test_what_extraction_made_is_not_scanned_when_the_collector_resumes():
    """The objects extraction made live on in the Disclosure: they are moved to the oldest
    generation as they are, so resuming the collector does not start a collection over them;
    garbage cycles are still collected, and objects the application froze stay frozen."""
    from budgetlens.pipeline import parse_document
    from budgetlens.readers import read_document

    seed = sorted(EXAMPLES.glob("*.txt"))[0]
    doc = read_document(seed)
    gc.collect()
    before = gc.get_stats()[0]["collections"]
    disc = parse_document(doc, seed)
    assert gc.get_stats()[0]["collections"] == before and gc.get_count()[0] < 100
    assert gc.is_tracked(disc) and disc.tables
    cycle = [None]
    cycle[0] = cycle
    del cycle
    assert gc.collect() >= 1
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        parse(seed)
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
