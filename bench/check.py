"""Checking speed on the bundled seeds, one core.

Prints, per seed, the median milliseconds of `check(disclosure)` (every rule of the
catalogue, the document already parsed) and, measured in the same run as the baseline,
the median of parsing the same document; then the 50 ms target.

    python bench/check.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import statistics

from common import EXAMPLES, median_ms  # bench/common.py, beside this script

from budgetlens.checks import check
from budgetlens.pipeline import parse

TARGET_MS = 50.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    seeds = sorted(EXAMPLES.glob("*.txt"))
    discs = {p: parse(p) for p in seeds}
    for d in discs.values():               # warm imports, catalogue and code registry once
        check(d)
    print(f"{'seed':<28}{'findings':>9}{'parse ms':>10}{'check ms':>10}{'× parse':>9}")
    check_ms = []
    for path in seeds:
        disc = discs[path]
        base = median_ms(lambda: parse(path), args.repeat)
        full = median_ms(lambda: check(disc), args.repeat)
        check_ms.append(full)
        print(f"{path.name:<28}{len(check(disc).findings):>9}{base:>10.2f}{full:>10.2f}{full / base:>9.2f}")
    med = statistics.median(check_ms)
    print(f"median check: {med:.2f} ms/document, {1000 / med:.1f} documents/s on one core")
    print(f"target < {TARGET_MS:.0f} ms: {'met' if max(check_ms) < TARGET_MS else 'NOT met'} "
          f"(slowest {max(check_ms):.2f} ms)")


if __name__ == "__main__":
    main()
