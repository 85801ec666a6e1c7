"""What the bench scripts share: the bundled seeds and an honest median timer."""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

from budgetlens.text import clear_caches

EXAMPLES = Path(__file__).resolve().parent.parent / "budgetlens" / "examples"


def median_ms(fn, repeat: int, clock=time.perf_counter) -> float:
    """Median time of fn() in milliseconds, memo caches cleared before every run so no run is
    helped by having seen the same strings before. The clock is wall time unless given
    (time.process_time: the CPU this process used, which other processes' load leaves out)."""
    times = []
    for _ in range(repeat):
        clear_caches()
        start = clock()
        fn()
        times.append((clock() - start) * 1000)
    return statistics.median(times)


def one_core() -> int | None:
    """Run this process on one CPU (the first it may use), so figures are one core's and the
    process does not migrate between cores mid-run; the CPU, or None where that cannot be set."""
    try:
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
    except (AttributeError, OSError, ValueError):
        return None
    return cpu


def reference_ms(repeat: int = 5) -> float:
    """Median milliseconds of a fixed pure-Python loop (a million additions): how fast this
    machine runs Python, printed beside the figures so runs on different machines compare."""
    def loop() -> int:
        total = 0
        for i in range(1_000_000):
            total += i
        return total
    return median_ms(loop, repeat)
