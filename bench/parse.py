"""Parsing speed on the bundled seeds, one core.

Prints, per seed, the median milliseconds of a full parse (read → segment → tables →
narrative), wall time and the CPU time the process used (on a shared machine the wall time
also counts waiting for a core), and, measured in the same run as the baseline, the median
of reading and decoding the file alone; then documents per second and the 20 ms target. The
process runs on one core. The interpreter and the machine matter (the reference loop below
measures the second): both are named beside the figures.

    python bench/parse.py [--repeat 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from common import EXAMPLES, median_ms, one_core, reference_ms  # bench/common.py, beside this script

from budgetlens.pipeline import parse
from budgetlens.readers import read_document

TARGET_MS = 20.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    cpu = one_core()
    seeds = sorted(EXAMPLES.glob("*.txt"))
    for path in seeds:                      # warm imports and caches once
        parse(path)
    print(f"{'seed':<28}{'lines':>7}{'read ms':>10}{'parse ms':>10}{'cpu ms':>9}{'× read':>8}")
    parse_ms = []
    for path in seeds:
        base = median_ms(lambda: read_document(path), args.repeat)
        full = median_ms(lambda: parse(path), args.repeat)
        used = median_ms(lambda: parse(path), args.repeat, clock=time.process_time)
        parse_ms.append(full)
        lines = len(read_document(path).lines)
        print(f"{path.name:<28}{lines:>7}{base:>10.2f}{full:>10.2f}{used:>9.2f}{full / base:>8.1f}")
    med = statistics.median(parse_ms)
    where = f"core {cpu}" if cpu is not None else "one core (affinity not settable here)"
    print(f"median parse: {med:.2f} ms/document, {1000 / med:.1f} documents/s on {where}")
    print(f"this machine: a million Python additions take {reference_ms():.0f} ms "
          f"(Python {sys.version.split()[0]}, {sys.executable})")
    print(f"target < {TARGET_MS:.0f} ms: {'met' if max(parse_ms) < TARGET_MS else 'NOT met'} "
          f"(slowest {max(parse_ms):.2f} ms)")


if __name__ == "__main__":
    main()
