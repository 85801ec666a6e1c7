"""Work the app runs in the background so that no request waits for it: reading and storing
uploads (a large scanned PDF takes minutes of OCR), writing the standard document. A job's page
polls it (htmx) for its progress and then links to what it made.

Jobs are kept in the store (table jobs, migration 0007): every worker process of the server
sees every job, and a restart loses none. The uploaded files' bytes are stored (blobs) when the
job is accepted. The process running a job says it is alive every BEAT seconds; a job whose
process stopped (a restart, a crash) before it was over is 中断 (interrupted): its files are
kept and it can be run again (`retry`). A render job's document is kept in the memory of the
process that built it; another process builds it again from the stored files."""

from __future__ import annotations

import hashlib
import logging
import re
import tempfile
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, is_dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..readers.base import ReadError
from ..render.build import RenderError
from ..store.errors import StoreError
from ..store.schema import Blob, Document, JobRow

LOG = logging.getLogger(__name__)

KEEP = 200                   # finished jobs this process keeps in memory (all stay in the store)
BEAT = 15                    # seconds between a runner's signs of life
STALE = 90                   # a job not over whose runner said nothing for this long was interrupted
KEEP_DAYS = 30               # jobs over for longer are forgotten (their files stay in blobs)
FORGET_EVERY = 86400         # seconds between two such forgettings while the app runs (and at its start)
STATUS_NAMES = {"queued": "排队中", "running": "处理中", "done": "已完成", "failed": "出错", "interrupted": "中断",
                "retried": "已重新处理"}
OVER = ("done", "failed", "interrupted", "retried")
INTERRUPTED = "任务未完成即中断（服务重启或处理进程停止）；上传的文件已保存，可重新处理"
PRIOR = "上年："              # how last year's file is shown among a render job's files
QUEUE_LOCK = 7391             # PostgreSQL advisory lock: one process at a time counts the queue and joins it


class JobFailed(Exception):
    """Work that could not be done for a reason the user can act on (message in Chinese)."""


class JobsBusy(Exception):
    """As many jobs as allowed are queued in the store (every worker process's): none added."""

    def __init__(self, limit: int):
        super().__init__(limit)
        self.limit = limit


# errors whose message is written for users (Chinese); any other is a fault of the program
SAID_FOR_USERS = (JobFailed, ReadError, RenderError, StoreError)
CHINESE = re.compile(r"[\u4e00-\u9fff]")
# the server's own folders, never shown: the temporary files a job works in, the installation
SERVER_PATHS = re.compile("(?:" + "|".join(re.escape(str(p)) for p in (
    Path(tempfile.gettempdir()), Path(tempfile.gettempdir()).resolve(), Path(__file__).resolve().parents[2])) +
    r")[/\\][^\s'\"，。；：、）)\]]*")


def said_to_users(exc: BaseException) -> str:
    """What a failed job's page says: the error's own Chinese message where it is written for
    users (a file named by its name alone, never the server's folder), else only that the
    program failed and the error's type; the rest goes to the server's log."""
    text = str(exc)
    if isinstance(exc, SAID_FOR_USERS) and CHINESE.search(text):
        return SERVER_PATHS.sub(lambda m: Path(m.group(0)).name, text)
    LOG.error("job failed: %s", type(exc).__name__, exc_info=exc)
    return f"处理出错（程序错误，详情已记入服务器日志，请报告管理员）：{type(exc).__name__}"


@dataclass
class Job:
    id: str
    kind: str                            # "ingest" or "render"
    files: list[str]
    status: str = "queued"
    done: int = 0                        # files finished
    current: str = ""                    # the file being read now
    results: list[Any] = field(default_factory=list)
    output: Any = None                   # a render job: the Document built (this process only)
    summary: dict | None = None          # a render job: its title and what is left to fill in (stored)
    error: str = ""                      # the job stopped: why (Chinese)
    admin: str | None = None             # who started it
    sha256: list[str | None] = field(default_factory=list)   # each file's stored bytes
    created: float = field(default_factory=time.time)
    finished: float | None = None
    saved: Callable[[Job], None] | None = field(default=None, repr=False, compare=False)
    # each file's part: "file", or "prior" (a render job's last year's disclosure), stored with
    # it, never told from its name (a file may be named 上年：…)
    roles: list[str] = field(default_factory=list)
    started_at: float | None = None      # it began to run

    def role(self, index: int) -> str:
        return self.roles[index] if index < len(self.roles) else "file"

    @property
    def shown_files(self) -> list[str]:
        """The files as pages name them: last year's marked 上年：."""
        return [f"{PRIOR}{name}" if self.role(i) == "prior" else name for i, name in enumerate(self.files)]

    @property
    def total(self) -> int:
        return len(self.files)

    @property
    def finished_ok(self) -> bool:
        return self.status == "done"

    @property
    def over(self) -> bool:
        return self.status in OVER

    @property
    def status_name(self) -> str:
        return STATUS_NAMES[self.status]

    @property
    def kept_files(self) -> bool:
        """Every file's bytes are in the store (it can be run again)."""
        return bool(self.sha256) and all(self.sha256)

    def started(self, index: int, name: str) -> None:
        """Told by the work as it starts on each file (index: files finished before it)."""
        self.done, self.current = index, name
        self.save()

    def save(self) -> None:
        if self.saved is not None:
            self.saved(self)


class Jobs:
    """The jobs, in the store; those of this process run one at a time on a worker thread
    (ingest writes to one store; one at a time keeps SQLite free of lock waits and the machine's
    cores for the readers)."""

    def __init__(self, engine: Engine, workers: int = 1):
        self.engine = engine
        self.runner = uuid.uuid4().hex          # this process (this app)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="budgetlens-job")
        self._jobs: OrderedDict[str, Job] = OrderedDict()      # this process's, with what is not stored
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._forget_stored()
        self._beating = threading.Thread(target=self._beat, name="budgetlens-job-beat", daemon=True)
        self._beating.start()

    def submit(self, kind: str, files: list[str], work: Callable[[Job], None],
               data: list[bytes | None] | None = None, admin: str | None = None,
               roles: list[str] | None = None, limit: int | None = None) -> Job:
        """A job over the named files; data: their bytes, stored (blobs) before it runs so that
        no restart loses them; roles: each file's part ("file", "prior"). limit: at most this
        many jobs queued in the store, by every worker process of the server (JobsBusy: nothing
        stored)."""
        data = data or [None] * len(files)
        job = Job(uuid.uuid4().hex, kind, files, admin=admin, roles=list(roles or ["file"] * len(files)),
                  sha256=[hashlib.sha256(d).hexdigest() if d is not None else None for d in data])
        self._insert(job, data, limit)
        job.saved = self._update
        with self._lock:
            self._jobs[job.id] = job
            self._forget_old()
        self._pool.submit(self._run, job, work)
        return job

    def get(self, job_id: str) -> Job | None:
        """The job: this process's own, else as the store has it (another process's, or one a
        restart interrupted)."""
        with self._lock:
            job = self._jobs.get(job_id)
        return job if job is not None else self._load(job_id)

    def run_again(self, job_id: str, start: Callable[[], Job]) -> Job | None:
        """An interrupted job run again (start: the new job over its files), once: it is marked
        已重新处理 only where it is still interrupted, so that two admins, or a form sent twice,
        start one new job (None for the other). A start refused (busy) leaves it interrupted."""
        if not self._set_status(job_id, "interrupted", "retried"):
            return None
        try:
            new = start()
        except BaseException:
            self._set_status(job_id, "retried", "interrupted")
            raise
        with Session(self.engine) as s, s.begin():
            s.execute(update(JobRow).where(JobRow.id == job_id).values(error=f"已重新处理，新任务编号 {new.id}"))
        return new

    def _set_status(self, job_id: str, was: str, now: str) -> bool:
        with Session(self.engine) as s, s.begin():
            done = s.execute(update(JobRow).where(JobRow.id == job_id, JobRow.status == was).values(status=now))
        return done.rowcount == 1

    def waiting(self) -> int:
        """The jobs queued and not yet started by any worker process of the server (each holds
        its files in memory); those whose process stopped are not waiting for anything."""
        with Session(self.engine) as s:
            return queued(s)

    def listed(self, limit: int = 200, status: str | None = None, offset: int = 0) -> list[Job]:
        """The jobs of every worker process, newest first, from the offset-th on (a job whose
        process stopped is shown interrupted, as its own page shows it); a status: those of
        that status only."""
        self._settle()
        query = select(JobRow).order_by(JobRow.created.desc(), JobRow.id).offset(offset).limit(limit)
        if status is not None:
            query = query.where(JobRow.status == status)
        with Session(self.engine) as s:
            rows = s.scalars(query).all()
        stored = [self._of_row(row) for row in rows]       # read: the session is closed before any write
        with self._lock:
            return [self._jobs.get(job.id, job) for job in stored]

    def counted(self, status: str | None = None) -> int:
        """How many jobs the store lists (of the status), as listed pages through them."""
        self._settle()
        query = select(func.count()).select_from(JobRow)
        if status is not None:
            query = query.where(JobRow.status == status)
        with Session(self.engine) as s:
            return s.scalar(query)

    def _settle(self) -> None:
        """Jobs whose process stopped saying it is alive marked interrupted in the store, all at
        once, so that a status filter and the counts page through what the pages show (before:
        a stale job was told interrupted only as it was read, and a filter by status counted it
        as it was stored)."""
        stale = (JobRow.status.in_(("queued", "running")), JobRow.beat < time.time() - STALE)
        with Session(self.engine) as s:
            if not s.scalar(select(func.count()).select_from(JobRow).where(*stale)):
                return              # read only: a page's listing takes no write lock
        with Session(self.engine) as s, s.begin():
            s.execute(update(JobRow).where(*stale)
                      .values(status="interrupted", error=INTERRUPTED, current="", finished=time.time()))

    def shutdown(self) -> None:
        """Stop: jobs not over are interrupted (said at once, not after STALE seconds)."""
        self._stop.set()
        self._pool.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            left = [j.id for j in self._jobs.values() if not j.over]
        if left:
            with Session(self.engine) as s, s.begin():
                s.execute(update(JobRow).where(JobRow.id.in_(left), JobRow.status.in_(("queued", "running")))
                          .values(status="interrupted", error=INTERRUPTED, current="", finished=time.time()))

    @staticmethod
    def _run(job: Job, work: Callable[[Job], None]) -> None:
        job.status, job.started_at = "running", time.time()
        try:
            job.save()
            work(job)
            job.done = job.total
            job.status = "done"
        except Exception as exc:      # noqa: BLE001 — the job page says why; the server goes on
            job.error = said_to_users(exc)
            job.status = "failed"
        finally:
            job.current = ""
            job.finished = time.time()
            job.save()

    def _forget_old(self) -> None:
        over = [j.id for j in self._jobs.values() if j.over]
        for job_id in over[:max(0, len(self._jobs) - KEEP)]:
            del self._jobs[job_id]

    # -- the store -------------------------------------------------------------------------------
    def _forget_stored(self) -> None:
        """Jobs over for KEEP_DAYS: their pages are of no more use; what they stored stays. The
        files a render job was given are no document (none is stored): kept for it alone (run
        again, built again), they go with it, unless a document or a job kept is of the same bytes."""
        old = (JobRow.status.in_(OVER), JobRow.finished < time.time() - KEEP_DAYS * 86400)
        with Session(self.engine) as s, s.begin():
            given = {f.get("sha256") for files in s.scalars(select(JobRow.files).where(*old, JobRow.kind == "render"))
                     for f in files} - {None}
            s.execute(delete(JobRow).where(*old))
            if given:
                given -= set(s.scalars(select(Document.sha256).where(Document.sha256.in_(list(given)))))
                given -= {f.get("sha256") for files in s.scalars(select(JobRow.files)) for f in files}
            if given:
                s.execute(delete(Blob).where(Blob.sha256.in_(list(given))))

    def _insert(self, job: Job, data: list[bytes | None], limit: int | None = None) -> None:
        """The job's row, then its files' bytes (a job refused as busy stores nothing)."""
        with Session(self.engine) as s, s.begin():
            if self.engine.dialect.name == "postgresql":
                # two processes counting at once would both see room: one at a time, to commit
                s.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": QUEUE_LOCK})
            s.add(JobRow(id=job.id, kind=job.kind, status=job.status, runner=self.runner, created=job.created,
                         beat=time.time(), admin=job.admin, error="", current="", done=0,
                         files=[{"name": n, "sha256": h, "role": job.role(i)}
                                for i, (n, h) in enumerate(zip(job.files, job.sha256))]))
            # on SQLite the insert holds the database's write lock until commit: another
            # process's insert, and so its count, waits for this one
            s.flush()
            if limit is not None and queued(s) > limit:
                raise JobsBusy(limit)
        try:
            for sha, content in zip(job.sha256, data):
                if content is not None:
                    self._keep(sha, content)
        except BaseException:
            with Session(self.engine) as s, s.begin():
                s.execute(delete(JobRow).where(JobRow.id == job.id))
            raise

    def _keep(self, sha: str, content: bytes) -> None:
        """The file's bytes in blobs, each in a transaction of its own: another worker process
        storing the same file at the same moment (two admins, a form sent twice) has stored them
        where the insert fails, and the job goes on (before: the upload failed with a 500)."""
        try:
            with Session(self.engine) as s, s.begin():
                if s.get(Blob, sha) is None:
                    s.add(Blob(sha256=sha, size=len(content), content=content))
        except IntegrityError:
            pass

    def _update(self, job: Job) -> None:
        values = {"status": job.status, "done": job.done, "current": job.current, "error": job.error,
                  "finished": job.finished, "started": job.started_at, "beat": time.time(),
                  "results": [plain(r) for r in job.results]}
        if job.output is not None:
            values["output"] = job.summary = summary_of(job.output)
        with Session(self.engine) as s, s.begin():
            s.execute(update(JobRow).where(JobRow.id == job.id).values(**values))

    def _load(self, job_id: str) -> Job | None:
        with Session(self.engine) as s:
            row = s.get(JobRow, job_id)
        return None if row is None else self._of_row(row)

    def _of_row(self, row: JobRow) -> Job:
        """The stored job; one whose runner stopped is interrupted (and stored so)."""
        job = job_of_row(row)
        stale = row.status in ("queued", "running") and row.beat < time.time() - STALE
        if stale and self._interrupt(row.id, row.beat):
            job.status, job.error, job.current = "interrupted", INTERRUPTED, ""
        return job

    def _interrupt(self, job_id: str, beat: float) -> bool:
        """Its runner stopped saying it is alive: the job will not go on (its files are kept).
        Only where no beat came meanwhile (True)."""
        with Session(self.engine) as s, s.begin():
            done = s.execute(update(JobRow).where(JobRow.id == job_id, JobRow.beat == beat)
                             .values(status="interrupted", error=INTERRUPTED, current="", finished=time.time()))
        return done.rowcount == 1

    def _beat(self) -> None:
        """Say every BEAT seconds that this process's jobs not over are alive; forget the jobs
        over for KEEP_DAYS every FORGET_EVERY seconds (a server runs for months: forgetting
        them only at its start let the table grow)."""
        forgot = time.monotonic()
        while not self._stop.wait(BEAT):
            if time.monotonic() - forgot >= FORGET_EVERY:
                forgot = time.monotonic()
                try:
                    self._forget_stored()
                except Exception:      # a busy database: the next time
                    LOG.warning("forgetting old jobs failed", exc_info=True)
            with self._lock:
                alive = [j.id for j in self._jobs.values() if not j.over]
            if not alive:
                continue
            try:
                with Session(self.engine) as s, s.begin():
                    s.execute(update(JobRow).where(JobRow.id.in_(alive)).values(beat=time.time()))
            except Exception:      # a busy database: the next beat tries again
                LOG.warning("job heartbeat failed", exc_info=True)


def queued(s: Session) -> int:
    """Jobs queued in the store whose process is alive (said so within STALE seconds)."""
    return s.scalar(select(func.count()).select_from(JobRow).where(
        JobRow.status == "queued", JobRow.beat >= time.time() - STALE))


def plain(value: Any) -> Any:
    """A job's result as JSON (a dataclass as its fields)."""
    return asdict(value) if is_dataclass(value) else value


def summary_of(doc: Any) -> dict:
    """What a render job's page says of its document without the document itself."""
    return {"title": doc.title, "placeholders": list(doc.placeholders), "empty_tables": list(doc.empty_tables),
            "undecided": list(doc.undecided)}


def job_of_row(row: JobRow) -> Job:
    from .upload import Uploaded
    results = [Uploaded(**r) if isinstance(r, dict) and "document_id" in r else r for r in row.results or []]
    names, roles = files_of(row)
    return Job(row.id, row.kind, names, row.status, row.done, row.current, results,
               None, row.output, row.error, row.admin, [f.get("sha256") for f in row.files], row.created, row.finished,
               roles=roles, started_at=row.started)


def files_of(row: JobRow) -> tuple[list[str], list[str]]:
    """A stored job's file names and roles. A render job stored before roles were (migration
    0008) marked last year's file only by naming it 上年：… as the last of its files: read so."""
    names = [f["name"] for f in row.files]
    roles = [f.get("role", "file") for f in row.files]
    legacy = row.files and all("role" not in f for f in row.files)
    if legacy and row.kind == "render" and names[-1].startswith(PRIOR) and len(names) > 1:
        names[-1], roles[-1] = names[-1].removeprefix(PRIOR), "prior"
    return names, roles
