"""Bulk ingest: files and folders → read, check, store.

Reading and checking (records.process_document) run in workers: in this process
(workers=0), in a local process pool, or on a Dask cluster through Client.get_executor().
Writing happens here, in the parent, one transaction per document, because
- SQLite takes one writer at a time, so writers in every worker would only queue on its lock;
- deduplication by hash and superseding the previous version need one consistent view;
- storing a document takes about 50 ms against about 300 ms for reading and checking a text
  seed (seconds for a PDF), so one writer keeps several workers busy; bench/ingest.py measures it.
At most `window` documents are in flight, so memory stays bounded whatever the corpus size.

The second phase runs, on the same executor, the rules across documents: year-over-year for
every new document against the year before and for the year after against it, and 部门 vs
单位 for every 单位 whose 部门 (same year and phase) is stored, whichever of the two is new.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from collections import Counter, deque
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from sqlalchemy import Engine

from ..readers import MAX_BYTES
from .archives import archive_kind, unpack, unread_archive
from .errors import StoreError
from .records import (Outcome, bundle_manifest, cross_check, department_check, file_sha256, printable_path,
                      process_bundle, process_document)
from .units import normalise_name
from .writer import Writer

STORED = ("ok", "warnings", "errors", "unreadable", "failed")


@dataclass
class Problem:
    path: str
    status: str
    error: str


@dataclass
class Job:
    path: Path
    sha: str
    content: bytes
    seq: int              # position among the files to store: results are stored in this order
    attempt: int = 0


@dataclass
class Bundled:
    """Files stored as one document: parts of one disclosure (the tables in one, the narrative
    in another), read together."""
    document_id: int
    paths: list[str]               # as stored, in the order read
    stored_before: int | None = None   # the part's document already stored, now superseded by this one
    revised: int | None = None     # a document joined before, one of whose parts this run's file revises
    kept_by: int | None = None     # not made current: this current version was kept instead

    def said(self) -> str:
        names = "、".join(Path(p).name for p in self.paths)
        if self.revised is not None:
            return self._revised(names)
        before = (f"；先前单独入库的部分（文档 {self.stored_before}）由它取代，仍保留"
                  if self.stored_before is not None else "")
        return f"{names} 是同一公开文件的两部分（一个为表格、一个为文字说明），合并为一份文档（文档 {self.document_id}）入库{before}"

    def _revised(self, names: str) -> str:
        whose = (f"文档 {self.revised} 仍为当前版本，新文档作为较早版本保存" if self.kept_by == self.revised else
                 f"文档 {self.kept_by} 仍为当前版本" if self.kept_by is not None else
                 f"先前合并入库的文档 {self.revised} 由它取代，仍保留")
        return (f"{names} 是同一公开文件的两部分；其中一部分取代了已合并入库的文档 {self.revised} 中的同一部分（文件不同），"
                f"与另一部分重新合并为一份文档（文档 {self.document_id}）入库；{whose}")


@dataclass
class Summary:
    counts: Counter = field(default_factory=Counter)   # ok/warnings/errors/unreadable/failed/known
    problems: list[Problem] = field(default_factory=list)
    new_documents: list[int] = field(default_factory=list)
    known_documents: list[int] = field(default_factory=list)   # files already stored: their documents
    cross_pairs: int = 0          # year-over-year pairs checked in the second phase
    department_pairs: int = 0     # 单位/部门 pairs checked in the second phase
    archives: int = 0             # ZIP archives unpacked, their files ingested
    bundles: list[Bundled] = field(default_factory=list)   # files stored together as one document
    alone: list[Problem] = field(default_factory=list)      # parts of a disclosure stored alone, and why
    seconds: float = 0.0
    worker_rss_kb: dict[int, int] = field(default_factory=dict)   # peak RSS per worker pid

    @property
    def processed(self) -> int:
        return sum(self.counts[s] for s in STORED)


def collect(paths: list[str | Path]) -> tuple[list[Path], list[str]]:
    """Files under the given paths (folders recursively, hidden names skipped), and the paths
    that do not exist."""
    files, missing = [], []
    for p in map(Path, paths):
        if p.is_file():
            files.append(p)
        elif p.is_dir():
            files.extend(f for f in sorted(p.rglob("*"))
                         if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts))
        else:
            missing.append(str(p))
    seen, unique = set(), []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, missing


def stored_path(path: Path) -> str:
    """The file's absolute path as the store keeps it: text (a name's undecoded bytes read)."""
    return printable_path(str(path.resolve()))


class InlineExecutor(Executor):
    """Runs each task at submit time: one process, no pickling (workers=0)."""

    def submit(self, fn, /, *args, **kwargs):
        fut: Future = Future()
        try:
            fut.set_result(fn(*args, **kwargs))
        except BaseException as exc:     # noqa: BLE001  (handed to the caller like a pool would)
            fut.set_exception(exc)
        return fut


def local_executor(workers: int) -> Executor:
    if workers <= 0:
        return InlineExecutor()
    import multiprocessing
    # spawn: workers start clean, never inheriting the parent's database connections or threads
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))


def default_workers(n_files: int) -> int:
    if n_files < 4:
        return 0
    return max(1, min(os.cpu_count() or 1, 8, n_files))


def is_part(out: Outcome) -> bool:
    """A file holding a disclosure's tables and no narrative, or the reverse: perhaps one of
    the files it was published as."""
    return (out.status not in ("unreadable", "failed") and out.role in ("tables", "narrative")
            and bool(out.meta.get("unit_name")) and bool(out.meta.get("year")))


def disclosure_key(meta: dict) -> tuple:
    return (normalise_name(meta["unit_name"]), meta["year"], meta.get("scope") or "", meta.get("phase") or "")


def ambiguous(out: Outcome, candidates: list[str]) -> str:
    m = out.meta
    what = f"{m['unit_name']} {m['year']} 年{m.get('scope') or ''}{m.get('phase') or ''}"
    lacks = "文字说明" if out.role == "tables" else "表格"
    return (f"此文件只有{'表格' if out.role == 'tables' else '文字说明'}；同一公开文件（{what}）的{lacks}有 "
            f"{len(candidates)} 个候选（{'、'.join(Path(c).name if '/' in c else c for c in candidates)}），"
            "无法确定哪一个与它同属一份公开文件，未合并，单独保存")


def ambiguous_same(out: Outcome, others: list[str]) -> str:
    part = "表格" if out.role == "tables" else "文字说明"
    return (f"此文件只有{part}；同时导入的 {'、'.join(Path(o).name for o in others)} 也是同一公开文件的{part}，"
            "无法确定哪一个与另一部分同属一份公开文件，未合并，单独保存")


class Ingest:
    def __init__(self, engine: Engine, workers: int | None = None, scheduler: str | None = None,
                 on_result: Callable[[Outcome | None, Summary], None] | None = None, retry: bool = False,
                 executor: Executor | None = None, names: dict[Path, str] | None = None, draft: bool = False):
        """retry: read again the stored files that could not be read before (a newer reader).
        executor: any concurrent.futures Executor to run the per-document work on, owned by
        the caller (instead of workers/scheduler). names: the name to store and report a file
        under instead of its path (an upload saved to a temporary folder keeps its own name).
        draft: the documents are stored as drafts, hidden until published (store/drafts.py)."""
        self.writer = Writer(engine, draft=draft)
        self.own_executor = executor
        self.retry = retry
        self.workers = workers
        self.scheduler = scheduler
        self.on_result = on_result or (lambda out, summary: None)
        self.summary = Summary()
        self.client = None
        self._seq = 0
        # a file unpacked from an archive (or uploaded) → its name in the store
        self._shown: dict[Path, str] = dict(names or {})
        self._unpacked: Path | None = None      # where this run unpacks archives (removed at its end)

    # -- executors ---------------------------------------------------------------------------
    def _executor(self, n_files: int) -> tuple[Executor, int]:
        if self.own_executor is not None:
            return self.own_executor, 4 * (getattr(self.own_executor, "_max_workers", None) or 2)
        if self.scheduler:
            try:
                from distributed import Client
            except ImportError as exc:
                raise StoreError("使用 --scheduler 需要 Dask：pip install 'budgetlens[cluster]'") from exc
            if self.client is None:
                self.client = Client(self.scheduler)
                self.client.wait_for_workers(1, timeout=120)
            threads = sum(self.client.nthreads().values()) or 1
            return self.client.get_executor(pure=False), 4 * threads
        workers = default_workers(n_files) if self.workers is None else self.workers
        # four documents per worker in flight or waiting their turn to be stored: workers stay
        # busy behind one slow document, and memory stays bounded
        return local_executor(workers), max(1, 4 * workers)

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None

    # -- phase 1 -----------------------------------------------------------------------------
    def run(self, paths: list[str | Path]) -> Summary:
        start = time.perf_counter()
        files, missing = collect(paths)
        for m in missing:
            self._problem(m, "unreadable", "路径不存在")
        try:
            self._run(self._unpack_archives(files), start)
        finally:
            if self._unpacked is not None:
                shutil.rmtree(self._unpacked, ignore_errors=True)
                self._unpacked = None
        return self.summary

    def _run(self, files: list[Path], start: float) -> None:
        self.total = len(files)
        self.executor, window = self._executor(len(files))
        try:
            self._phase1(files, window)
            self._phase2(window)
        finally:
            if self.executor is self.own_executor:
                pass                    # the caller's to shut down
            elif isinstance(self.executor, ProcessPoolExecutor):
                self.executor.shutdown(wait=True, cancel_futures=True)
            else:
                self.executor.shutdown(wait=True)
            self.close()
        self.summary.seconds = time.perf_counter() - start

    def _unpack_archives(self, files: list[Path]) -> list[Path]:
        """The files with each ZIP archive among them replaced by the files it holds (unpacked
        for this run: store/archives.py); an archive of another kind is reported."""
        out = []
        for f in files:
            kind = archive_kind(f)
            if kind is None:
                out.append(f)
                continue
            shown = self._stored(f)
            if kind != "zip":
                self._problem(shown, "unreadable", unread_archive(kind))
                continue
            if self._unpacked is None:
                # (a Dask cluster's workers must see it: BUDGETLENS_UNPACK_DIR names a shared folder)
                self._unpacked = Path(tempfile.mkdtemp(prefix="budgetlens-unpacked-",
                                                       dir=os.environ.get("BUDGETLENS_UNPACK_DIR") or None))
            got = unpack(f, shown, self._unpacked / f"{self.summary.archives:04d}")
            self.summary.archives += 1
            for where, why in got.problems:
                self._problem(where, "unreadable", why)
            for member in got.members:
                self._shown[member.path] = member.shown
                out.append(member.path)
        return out

    def _stored(self, path: Path) -> str:
        """How the store names the file: its absolute path, or for a file unpacked from an
        archive, the archive's path and the member's name."""
        return self._shown.get(path) or stored_path(path)

    def _phase1(self, files: list[Path], window: int) -> None:
        """Read and check in the workers; store in the order the files were given, so the
        versions of a disclosure (and every id) come out the same however the work was spread."""
        pending: deque[Path | Job] = deque(files)
        inflight: dict[Future, Job] = {}
        ready: dict[int, tuple[Job, Outcome | str]] = {}     # finished, waiting for their turn
        self._open: set[str] = set()                         # hashes read but not yet stored
        duplicates: list[tuple[Path, str]] = []
        parts: list[tuple[Job, Outcome]] = []
        next_write = 0
        while pending or inflight or ready:
            broken = False
            while pending and len(inflight) + len(ready) < window:
                job = pending.popleft()
                if isinstance(job, Path):
                    job = self._prepare(job, duplicates)
                    if job is None:
                        continue
                try:
                    # absolute: a cluster's workers resolve paths in their own working directory
                    inflight[self.executor.submit(process_document, str(job.path.resolve()),
                                                  self._shown.get(job.path), self.writer.draft)] = job
                except BrokenProcessPool:
                    pending.appendleft(job)
                    broken = True
                    break
            if inflight and not broken:
                done, _ = wait(list(inflight), return_when=FIRST_COMPLETED)
                for fut in done:
                    job = inflight.pop(fut)
                    try:
                        ready[job.seq] = (job, fut.result())
                    except BrokenProcessPool:
                        broken = True
                        inflight[fut] = job          # resubmitted by _restart
                    except Exception as exc:     # a cluster task that failed outside process_document
                        ready[job.seq] = (job, f"工作进程出错（{type(exc).__name__}）：{exc}")
            if broken:
                self._restart(inflight, pending, ready)
            while next_write in ready:
                job, result = ready.pop(next_write)
                next_write += 1
                self._open.discard(job.sha)
                if isinstance(result, str):      # not stored: the next run tries again
                    self._problem(str(job.path), "failed", result)
                    self.on_result(None, self.summary)
                elif is_part(result):
                    parts.append((job, result))   # stored once every file is read (its complement may follow)
                else:
                    self._store(result, job)
        self._join_parts(parts)
        for path, sha in duplicates:
            doc_id = self.writer.document_id(sha)
            if doc_id is not None:
                self.writer.add_source(doc_id, self._stored(path))

    def _restart(self, inflight: dict, pending: deque, ready: dict) -> None:
        """A worker died (out of memory, crash) and took the process pool with it. Start a new
        pool and give each file that was in flight one more try; we cannot tell which file it
        was, so a file in flight at two such deaths is reported and left for the next run."""
        for job in sorted(inflight.values(), key=lambda j: -j.seq):
            if job.attempt == 0:
                job.attempt = 1
                pending.appendleft(job)
            else:
                ready[job.seq] = (job, "处理该文件时工作进程异常退出（内存不足或崩溃）；未入库，下次导入时重试")
        inflight.clear()
        workers = self.executor._max_workers
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = local_executor(workers)

    def _prepare(self, path: Path, duplicates: list) -> Job | None:
        """The file as a job (hash, bytes, turn to be stored), or None when there is nothing to do."""
        try:
            size = path.stat().st_size
            if size > MAX_BYTES:
                self._problem(self._stored(path), "unreadable", f"文件过大（{size // 1024 // 1024} MB）")
                self.on_result(None, self.summary)
                return None
            content = path.read_bytes()
        except OSError as exc:
            self._problem(self._stored(path), "unreadable", f"无法读取文件：{exc.strerror or exc}")
            self.on_result(None, self.summary)
            return None
        sha = hashlib.sha256(content).hexdigest()
        if sha in self._open:       # the same bytes under another name, being read right now
            duplicates.append((path, sha))
            self.summary.counts["known"] += 1
            self.on_result(None, self.summary)
            return None
        known = self.writer.document_status(sha)
        bundle = self.writer.bundle_of(sha)
        if bundle is not None:              # a part of a document read from several files
            known = (bundle, "ok")
        if known is not None and not (self.retry and known[1] in ("unreadable", "failed")):
            self.writer.add_source(known[0], self._stored(path))
            self.summary.counts["known"] += 1
            self.summary.known_documents.append(known[0])
            self.on_result(None, self.summary)
            return None
        self._open.add(sha)
        self._seq += 1
        return Job(path, sha, content, self._seq - 1)

    def _store(self, out: Outcome, job: Job) -> None:
        path, sha, content = job.path, job.sha, job.content
        if out.sha256 != sha:
            if file_sha256(path) != sha:    # changed between our read and the worker's: not stored
                self._problem(self._stored(path), "failed", "文件在导入期间被修改；未入库，请重新导入")
                self.on_result(None, self.summary)
                return
            out.sha256 = sha                # the reader hashed something else (e.g. merged parts)
        saved = self.writer.save(out, content, self._stored(path))
        if saved.created:
            self.summary.counts[out.status] += 1
            if out.status in ("unreadable", "failed"):
                self.summary.problems.append(Problem(self._stored(path), out.status, out.error or ""))
            elif out.meta.get("year"):
                self.summary.new_documents.append(saved.document_id)
            if saved.kept_by is not None:
                self.summary.problems.append(Problem(self._stored(path), "warnings", saved.kept_why))
        else:
            self.summary.counts["known"] += 1
            self.summary.known_documents.append(saved.document_id)
        if out.pid:
            rss = self.summary.worker_rss_kb
            rss[out.pid] = max(rss.get(out.pid, 0), out.peak_rss_kb)
        self.on_result(out, self.summary)

    # -- disclosures published as several files -------------------------------------------------
    def _join_parts(self, parts: list[tuple[Job, Outcome]]) -> None:
        """Store the files holding only tables or only the narrative: each with its complement
        read now (same unit, year, scope and phase as the documents say) as one document, else
        with its complement in the store, else alone; never joined where two could be it."""
        groups: dict[tuple, list[tuple[Job, Outcome]]] = {}
        for job, out in parts:
            groups.setdefault(disclosure_key(out.meta), []).append((job, out))
        for members in groups.values():
            tables = [m for m in members if m[1].role == "tables"]
            texts = [m for m in members if m[1].role == "narrative"]
            if len(tables) == 1 and len(texts) == 1:
                self._bundle([self._given(*tables[0]), self._given(*texts[0])], members)
            elif tables and texts:
                for job, out in members:
                    opposite = [self._stored(j.path) for j, o in members if o.role != out.role]
                    same = [self._stored(j.path) for j, o in members if o.role == out.role and j is not job]
                    why = ambiguous(out, opposite) if len(opposite) > 1 else ambiguous_same(out, same)
                    self._store_alone(job, out, why)
            elif len(members) > 1 and self.writer.complements(members[0][1].meta, members[0][1].role):
                # several files of the same part, one complement stored: which one joins it is unknown
                for job, out in members:
                    others = [self._stored(j.path) for j, _ in members if j is not job]
                    self._store_alone(job, out, ambiguous_same(out, others))
            else:
                for job, out in members:
                    self._join_stored(job, out)

    def _given(self, job: Job, out: Outcome) -> tuple:
        return (str(job.path.resolve()), self._stored(job.path), job.sha, job.content, None)

    def _join_stored(self, job: Job, out: Outcome) -> None:
        """The part with its complement in the store (the one stored before: its bytes are in
        blobs), else alone."""
        found = self.writer.complements(out.meta, out.role)
        if not found:
            self._store(out, job)
            return
        if len(found) > 1:
            self._store_alone(job, out, ambiguous(out, [f"文档 {c.document_id}（{Path(c.path).name}）" for c in found]))
            return
        other = found[0]
        content = self.writer.content(other.sha256)
        if content is None:
            self._store_alone(job, out, f"同一公开文件的另一部分（文档 {other.document_id}）未保存原文件，无法合并；"
                                        "此文件单独保存")
            return
        if self._unpacked is None:
            self._unpacked = Path(tempfile.mkdtemp(prefix="budgetlens-unpacked-"))
        where = self._unpacked / f"stored-{other.document_id}" / (Path(other.path).name or "part")
        where.parent.mkdir(parents=True, exist_ok=True)
        where.write_bytes(content)
        stored = (str(where), other.path, other.sha256, content, other.document_id)
        mine = self._given(job, out)
        self._bundle([mine, stored] if out.role == "tables" else [stored, mine], [(job, out)], revises=other.joined)

    def _bundle(self, parts: list[tuple], members: list[tuple[Job, Outcome]], revises: bool = False) -> None:
        """parts: (path, stored name, sha256, bytes, document already stored or None), the
        tables first; members: the files of this run among them, stored alone if reading them
        together fails. revises: the document stored is itself joined, a part of it revised now
        (it stays, superseded by the new joined document as the store's version rules decide)."""
        out = process_bundle([p[0] for p in parts], [p[1] for p in parts], self.writer.draft)
        if out.status in ("unreadable", "failed"):
            for job, one in members:
                self._store_alone(job, one, f"与同一公开文件的另一部分合并读取失败（{out.error}）；此文件单独保存")
            return
        saved = self.writer.save(out, bundle_manifest(out), out.path, parts={p[2]: p[3] for p in parts})
        before = next((p[4] for p in parts if p[4] is not None), None)
        if before is not None and self.writer.draft:
            self.writer.retire_draft(before, saved.document_id)
        self.summary.counts[out.status] += 1
        if len(members) > 1:                                    # files read into another's document
            self.summary.counts["joined"] += len(members) - 1
        self.summary.new_documents.append(saved.document_id)
        self.summary.bundles.append(Bundled(saved.document_id, [p[1] for p in parts], None if revises else before,
                                            before if revises else None, saved.kept_by))
        if saved.kept_by is not None:
            self.summary.problems.append(Problem(out.path, "warnings", saved.kept_why))
        self.on_result(out, self.summary)

    def _store_alone(self, job: Job, out: Outcome, why: str) -> None:
        said = Problem(self._stored(job.path), "warnings", why)
        self.summary.problems.append(said)
        self.summary.alone.append(said)
        self._store(out, job)

    def _problem(self, path: str, status: str, error: str) -> None:
        self.summary.counts[status] += 1
        self.summary.problems.append(Problem(printable_path(path), status, error))

    # -- phase 2 -----------------------------------------------------------------------------
    def _phase2(self, window: int) -> None:
        """The rules across documents for the documents stored now and those a stopped run
        left without them; each marked done once its pairs have run (a document one of whose pairs
        failed stays pending: the next run tries it again and says again what failed)."""
        new = sorted(set(self.summary.new_documents) | set(self.writer.cross_pending()))
        years = self.writer.neighbour_pairs(new)
        departments = self.writer.department_pairs(new)
        self.summary.cross_pairs, self.summary.department_pairs = len(years), len(departments)
        # (stage, document whose findings these are, the other document)
        pairs = deque([("cross", *p) for p in years] + [("department", *p) for p in departments])
        inflight: dict[Future, tuple[str, int, int]] = {}
        failed: set[int] = set()       # documents a pair of which failed: left pending, tried again
        while pairs or inflight:
            while pairs and len(inflight) < window:
                stage, doc_id, other_id = pairs.popleft()
                model, other = self.writer.models(doc_id, other_id)
                if model and other:
                    fn = cross_check if stage == "cross" else department_check
                    inflight[self.executor.submit(fn, model, other)] = (stage, doc_id, other_id)
            if not inflight:
                continue
            done, _ = wait(list(inflight), return_when=FIRST_COMPLETED)
            for fut in done:
                stage, doc_id, other_id = inflight.pop(fut)
                try:
                    rows = fut.result()
                except Exception as exc:   # keep the documents; report the rule run that failed
                    what = "跨年核对" if stage == "cross" else "单位与所属部门核对"
                    self.summary.problems.append(Problem(f"文档 {doc_id} 对比 {other_id}", "failed",
                                                         f"{what}失败（{type(exc).__name__}）：{exc}"))
                    failed.add(doc_id)
                    continue
                self.writer.save_cross(doc_id, other_id, rows, stage)
        self.writer.cross_done([doc_id for doc_id in new if doc_id not in failed])
