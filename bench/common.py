"""What the bench scripts share: the bundled seeds and an honest median timer."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from budgetlens.text import clear_caches

EXAMPLES = Path(__file__).resolve().parent.parent / "budgetlens" / "examples"


def median_ms(fn, repeat: int) -> float:
    """Median wall time of fn() in milliseconds, memo caches cleared before every run so no
    run is helped by having seen the same strings before."""
    times = []
    for _ in range(repeat):
        clear_caches()
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def reference_ms(repeat: int = 5) -> float:
    """Median milliseconds of a fixed pure-Python loop (a million additions): how fast this
    machine runs Python, printed beside the figures so runs on different machines compare."""
    def loop() -> int:
        total = 0
        for i in range(1_000_000):
            total += i
        return total
    return median_ms(loop, repeat)
