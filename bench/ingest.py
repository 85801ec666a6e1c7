"""Bulk ingest speed: documents per second into a fresh store, from a cold start.

Generates N distinct documents (the bundled seeds with a new unit name each, so hashing does
not skip any), then ingests them into a new SQLite file (or --db URL, emptied first) with
  - 1 local worker process,
  - 2 local worker processes,
  - a Dask LocalCluster of 2 single-threaded worker processes (started inside the timing).
Each run starts cold: new processes, new store. Baseline, measured in the same run: reading
and checking a sample of the documents in this process without storing anything (one core),
so "× baseline" shows what storing, process start-up and the distribution cost or gain.
Prints documents per second, the CPU the parent (the single writer) spends per document
(with Dask it includes the client's own work), and the peak RSS of every worker process.

    python bench/ingest.py [--docs 1000] [--sample 100] [--db postgresql+psycopg://…] [--no-dask]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import tempfile
import time
from pathlib import Path

from common import EXAMPLES  # bench/common.py, beside this script

from budgetlens.store import Ingest, open_engine
from budgetlens.store.corpus import write_variants
from budgetlens.store.records import process_document
from budgetlens.text import clear_caches


def baseline(paths: list[Path]) -> float:
    """Documents per second reading and checking in this process, nothing stored."""
    for p in paths[:4]:                # imports and first-use costs are not the baseline
        process_document(str(p))
    clear_caches()
    start = time.perf_counter()
    for p in paths:
        process_document(str(p))
    return len(paths) / (time.perf_counter() - start)


def fresh_store(url: str | None, folder: Path, name: str):
    if url is None:
        return open_engine(f"sqlite:///{folder / f'{name}.db'}")
    from sqlalchemy import text
    engine = open_engine(url)
    with engine.begin() as conn:       # empty it: every run stores every document
        conn.execute(text("TRUNCATE findings, claims, facts, printed_tables, document_sources, documents, "
                          "blobs, disclosures, unit_names, units RESTART IDENTITY CASCADE"))
    return engine


def cpu_seconds() -> float:
    use = resource.getrusage(resource.RUSAGE_SELF)
    return use.ru_utime + use.ru_stime


def run(label: str, engine, corpus: Path, n: int, **kw) -> dict:
    start, cpu = time.perf_counter(), cpu_seconds()
    if kw.pop("dask", False):
        from distributed import LocalCluster
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            summary = Ingest(engine, scheduler=cluster.scheduler_address).run([corpus])
    else:
        summary = Ingest(engine, **kw).run([corpus])
    seconds, writer_ms = time.perf_counter() - start, (cpu_seconds() - cpu) * 1000 / n
    assert summary.processed == n, f"{label}: {summary.processed} of {n} stored ({summary.problems[:3]})"
    rss = sorted(v // 1024 for v in summary.worker_rss_kb.values())
    return {"label": label, "seconds": seconds, "rate": n / seconds, "rss": rss, "writer_ms": writer_ms}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--sample", type=int, default=100, help="documents in the in-process baseline")
    ap.add_argument("--db", default=None, help="store URL (default: a new SQLite file per run)")
    ap.add_argument("--no-dask", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bl-bench-") as tmp:
        tmp = Path(tmp)
        t0 = time.perf_counter()
        paths = write_variants(tmp / "corpus", args.docs, sorted(EXAMPLES.glob("*.txt")))
        print(f"corpus: {len(paths)} distinct documents generated in {time.perf_counter() - t0:.1f} s; "
              f"{os.cpu_count()} CPUs; store: {args.db or 'SQLite (new file per run)'}", flush=True)
        base = baseline(paths[:args.sample])
        print(f"baseline: read + check in-process, nothing stored: {base:.1f} documents/s on one core "
              f"({args.sample} documents)", flush=True)
        runs = [("1 local worker", {"workers": 1}), ("2 local workers", {"workers": 2})]
        if not args.no_dask:
            runs.append(("Dask LocalCluster, 2 workers", {"dask": True}))
        results = []
        print(f"{'configuration':<32}{'seconds':>9}{'docs/s':>9}{'× baseline':>12}{'writer ms/doc':>15}  "
              "peak RSS per worker (MB)", flush=True)
        for i, (label, kw) in enumerate(runs):
            engine = fresh_store(args.db, tmp, f"run{i}")
            r = run(label, engine, tmp / "corpus", len(paths), **kw)
            engine.dispose()
            results.append(r)
            print(f"{r['label']:<32}{r['seconds']:>9.1f}{r['rate']:>9.1f}{r['rate'] / base:>12.2f}"
                  f"{r['writer_ms']:>15.0f}  {', '.join(map(str, r['rss']))}", flush=True)
        parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(f"parent (writer) peak RSS: {parent} MB; median worker peak RSS: "
              f"{statistics.median([m for r in results for m in r['rss']]):.0f} MB")


if __name__ == "__main__":
    main()
