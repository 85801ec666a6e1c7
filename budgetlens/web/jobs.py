"""Work the app runs in the background so that no request waits for it: reading and storing
uploads (a large scanned PDF takes minutes of OCR), writing the standard document. The app owns
one registry; a job's page polls it (htmx) for its progress and then links to what it made.

Jobs live in the app's memory: what they store (documents, findings) is in the store as
`budgetlens ingest` leaves it; a job's own progress is lost when the server restarts."""

from __future__ import annotations

import logging
import re
import tempfile
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..readers.base import ReadError
from ..render.build import RenderError
from ..store.errors import StoreError

LOG = logging.getLogger(__name__)

KEEP = 200                   # finished jobs remembered; the oldest are forgotten first
STATUS_NAMES = {"queued": "排队中", "running": "处理中", "done": "已完成", "failed": "出错"}


class JobFailed(Exception):
    """Work that could not be done for a reason the user can act on (message in Chinese)."""


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
    output: Any = None                   # a render job: the Document built
    error: str = ""                      # the job stopped: why (Chinese)
    created: float = field(default_factory=time.time)
    finished: float | None = None

    @property
    def total(self) -> int:
        return len(self.files)

    @property
    def finished_ok(self) -> bool:
        return self.status == "done"

    @property
    def over(self) -> bool:
        return self.status in ("done", "failed")

    @property
    def status_name(self) -> str:
        return STATUS_NAMES[self.status]

    def started(self, index: int, name: str) -> None:
        """Told by the work as it starts on each file (index: files finished before it)."""
        self.done, self.current = index, name


class Jobs:
    """The app's jobs, run one at a time on a worker thread (ingest writes to one store; one
    at a time keeps SQLite free of lock waits and the machine's cores for the readers)."""

    def __init__(self, workers: int = 1):
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="budgetlens-job")
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()

    def submit(self, kind: str, files: list[str], work: Callable[[Job], None]) -> Job:
        job = Job(uuid.uuid4().hex, kind, files)
        with self._lock:
            self._jobs[job.id] = job
            self._forget_old()
        self._pool.submit(self._run, job, work)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def waiting(self) -> int:
        """Jobs queued and not yet started."""
        with self._lock:
            return sum(1 for j in self._jobs.values() if j.status == "queued")

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    @staticmethod
    def _run(job: Job, work: Callable[[Job], None]) -> None:
        job.status = "running"
        try:
            work(job)
            job.done = job.total
            job.status = "done"
        except Exception as exc:      # noqa: BLE001 — the job page says why; the server goes on
            job.error = said_to_users(exc)
            job.status = "failed"
        finally:
            job.current = ""
            job.finished = time.time()

    def _forget_old(self) -> None:
        over = [j.id for j in self._jobs.values() if j.over]
        for job_id in over[:max(0, len(self._jobs) - KEEP)]:
            del self._jobs[job_id]
