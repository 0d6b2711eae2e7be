"""Work off the GUI thread, in a worker process: page rendering and file hashing (and ``run_off_thread`` for file
writing, which releases the GIL; ``run_in_steps`` for Python work done between paints).

PyMuPDF holds the GIL while it renders, so a worker *thread* still stalls the GUI (150 ms measured on scans,
../shared/notes/platform-facts.md); a process does not. Results come back to the GUI thread through a queued
signal and are handed to the caller's callback there (``page_view`` keeps only a few renders in flight).
``core.worker`` is the other end of the pipe.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import threading
from collections import deque
from collections.abc import Callable, Generator
from multiprocessing import shared_memory
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtGui import QImage

from ..core.errors import WorkerFailed
from ..core.pdf.rendering import OpenedDocument, RenderedPage, SharedBlock, warm
from ..core.worker import job_id_of, pack, serve, unpack

T = TypeVar("T")

Callback = Callable[[Any], None]
ErrorCallback = Callable[[Exception], None]  # the exception itself, of its own type


class SharedPixels:
    """Shared memory blocks the worker writes rendered pixels into, one per render in flight; owned here, so
    that they live as long as the window (on Windows a block dies with its last handle)."""

    MIN_SIZE = 8 << 20
    MAX_SIZE = 96 << 20  # larger renders (400 % on a high-DPI screen) come back through the pipe
    MAX_BLOCKS = 6  # the page view keeps 3 renders in flight; thumbnails and the next tab the rest
    SMALL = 256 << 10  # below this (thumbnails) the pipe is as fast

    def __init__(self) -> None:
        self._free: list[shared_memory.SharedMemory] = []
        self._busy: dict[str, shared_memory.SharedMemory] = {}

    def acquire(self, size: int) -> SharedBlock | None:
        if size < self.SMALL or size > self.MAX_SIZE:
            return None
        block = next((b for b in self._free if b.size >= size), None)
        if block is None:
            if self._free:
                self._drop(self._free.pop(0))  # too small: replaced by a larger one
            elif len(self._busy) >= self.MAX_BLOCKS:
                return None
            try:
                block = shared_memory.SharedMemory(create=True, size=max(size, self.MIN_SIZE))
            except OSError:
                return None  # no shared memory here: the pipe still works
        else:
            self._free.remove(block)
        self._busy[block.name] = block
        return block.name, block.size

    def image(self, page: RenderedPage, block: SharedBlock | None) -> QImage:
        """The page's pixels as a QImage that owns them, from the result or from the block it was written to."""
        data = page.samples
        if not data and block is not None:
            # bytes, not a view of the block: PySide's QImage mis-counts references to a memoryview (it crashed
            # with "deallocating None"); the copy costs ~0.3 ms for a 1.9 MB page.
            shared = self._busy[block[0]].buf
            assert shared is not None  # a block in use is open
            with shared[: page.stride * page.height] as view:
                data = bytes(view)
        # Wrapped as it is (PySide keeps ``data`` alive with the image). Converting to RGB32, which Qt draws in
        # 0.11 ms instead of 0.31 ms, cost 1-1.5 ms a page: the page faults of writing fresh memory, on the GUI
        # thread, before the page could be shown.
        return QImage(data, page.width, page.height, page.stride, QImage.Format.Format_RGB888)

    def __contains__(self, name: str) -> bool:
        return name in self._busy

    def release(self, block: SharedBlock | None) -> None:
        if block is not None and (shm := self._busy.pop(block[0], None)) is not None:
            self._free.append(shm)

    def close(self) -> None:
        for shm in [*self._free, *self._busy.values()]:
            self._drop(shm)
        self._free.clear()
        self._busy.clear()

    @staticmethod
    def _drop(shm: shared_memory.SharedMemory) -> None:
        try:
            shm.close()
            shm.unlink()
        except (OSError, BufferError):
            pass  # already gone, or still viewed: the OS frees it with the process


class ProcessWorker(QObject):
    """Runs picklable, Qt-free core functions in one worker process, one at a time, in the order asked.

    Jobs wait here rather than in the pipe, so that queued work can be dropped and a large job (a whole project)
    is only written to an idle worker, which reads it at once. One small job may wait in the pipe behind the
    running one, so the worker goes on to it without waiting for this process (whose threads may be busy with
    the GUI). A worker that dies fails only the job it was running; the rest go to a fresh one.

    Background jobs (checking every file of a project that just opened: a thousand jobs) go only to an idle worker
    with nothing else waiting, so a page asked for meanwhile waits for one of them at most, not for all.
    """

    _finished = Signal(int, bool, object)  # job id, succeeded, result or message: reader thread → GUI thread
    SMALL_JOB = 4096  # bytes: far below any platform's pipe buffer, so writing it never blocks
    IN_PIPE = 2  # the running job and the one after it

    def __init__(
        self,
        parent: QObject | None = None,
        renders: bool = True,
        warm_up: Callable[[SharedBlock | None], bool] = warm,
    ) -> None:
        super().__init__(parent)
        # Queued even from the GUI thread, so a callback never runs inside ``submit`` (which holds the lock).
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._lock = threading.Lock()  # guards what the reader thread shares: queue, pipe, process
        self._queue: deque[tuple[int, bytes]] = deque()  # packed jobs not yet written
        self._later: deque[tuple[int, bytes]] = deque()  # background ones, written when nothing else waits
        self._owners: dict[int, int] = {}  # job id → id() of whoever asked, for ``cancel`` (GUI thread only)
        self._releases: dict[int, Callable[[], None]] = {}  # job id → frees its shared block if it is dropped
        self._in_pipe: deque[tuple[int, bytes]] = deque()  # written, not answered: the first one is running
        self._callbacks: dict[int, tuple[Callback, ErrorCallback]] = {}  # GUI thread only
        self._ids = itertools.count()
        self._conn: Connection | None = None
        self._process: BaseProcess | None = None
        self._closed = False
        self.pixels = SharedPixels()
        self.ready = False
        # The worker touches one block once, so that page 1 does not pay for the page faults.
        block = self.pixels.acquire(SharedPixels.MIN_SIZE) if renders else None
        self.submit(warm_up, block, on_done=lambda _: self._warmed(block), on_error=lambda _: self._warmed(block))

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callback,
        on_error: ErrorCallback,
        owner: object = None,
        background: bool = False,
    ) -> int:
        """Run ``fn(*args)`` in the worker; ``on_done(result)`` or ``on_error(exception)`` in the GUI thread: the
        exception raised there, of its own type (``WorkerFailed`` when the worker itself failed).
        ``owner``: whoever asked, whose queued jobs ``cancel`` can drop; ``background``: after every other job."""
        job_id = next(self._ids)
        self._callbacks[job_id] = (on_done, on_error)
        if owner is not None:
            self._owners[job_id] = id(owner)
        try:
            message = pack(job_id, (fn, args))
        except Exception as e:  # noqa: BLE001 - an argument that cannot cross to the worker fails this job
            self._finished.emit(job_id, False, _could_not_start(e))
            return job_id
        with self._lock:
            if self._closed:
                self._finished.emit(job_id, False, "the background worker has been shut down")
                return job_id
            (self._later if background else self._queue).append((job_id, message))
            self._dispatch()
        return job_id

    def _dispatch(self) -> None:
        """Write queued jobs to the worker while it may take them. Called with the lock held, from either thread."""
        while (self._queue or (self._later and not self._in_pipe)) and not self._closed:
            queue = self._queue or self._later
            job_id, message = queue[0]
            if self._in_pipe and (len(self._in_pipe) >= self.IN_PIPE or len(message) > self.SMALL_JOB):
                return
            queue.popleft()
            try:
                self._connection().send_bytes(message)
            except Exception as e:  # noqa: BLE001 - a worker that cannot start must not take the window down
                self._finished.emit(job_id, False, _could_not_start(e))
                self._drop_worker("its pipe broke")
                continue
            self._in_pipe.append((job_id, message))

    def _connection(self) -> Connection:
        if self._conn is None:
            # "spawn": forking a process that has Qt loaded is unsafe.
            context = multiprocessing.get_context("spawn")
            ours, theirs = context.Pipe(duplex=True)
            process = context.Process(target=serve, args=(theirs,), name="exhibit-annotator-worker", daemon=True)
            process.start()
            theirs.close()
            self._conn, self._process = ours, process
            threading.Thread(target=self._read, args=(ours, process), name="worker-replies", daemon=True).start()
        return self._conn

    def _read(self, conn: Connection, process: BaseProcess) -> None:
        """The reader thread: each reply lets the next job into the pipe, then goes to the GUI thread."""
        while True:
            try:
                message = conn.recv_bytes()
            except (EOFError, OSError):
                self._worker_ended(conn, process)
                return
            job_id = job_id_of(message)
            try:
                ok, value = unpack(message)
            except Exception as e:  # noqa: BLE001 - a result that cannot be read fails its job alone
                ok, value = False, WorkerFailed(f"the result could not be read ({e})")
            with self._lock:
                if self._conn is conn:
                    if self._in_pipe and self._in_pipe[0][0] == job_id:
                        self._in_pipe.popleft()
                    self._dispatch()
            self._emit(job_id, ok, value)

    def _worker_ended(self, conn: Connection, process: BaseProcess) -> None:
        process.join(timeout=1)
        with self._lock:
            if self._conn is not conn or self._closed:
                return  # an earlier worker, already replaced; or shut down
            code = process.exitcode
            self._drop_worker(f"exit code {code}" if code is not None and code >= 0 else f"signal {-(code or 0)}")
            self._dispatch()

    def _drop_worker(self, why: str) -> None:
        """Let go of the current worker (lock held): the job it was running fails, the ones behind it go to the
        next worker. Closing our end makes the worker, and its reader thread, stop."""
        unanswered = list(self._in_pipe)
        self._in_pipe.clear()
        if self._conn is not None:
            self._conn.close()
        self._conn = self._process = None
        if unanswered:
            failed = WorkerFailed(f"the background worker stopped unexpectedly ({why}); try again")
            self._emit(unanswered[0][0], False, failed)
            self._queue.extendleft(reversed(unanswered[1:]))

    def _emit(self, job_id: int, ok: bool, value: object) -> None:
        # RuntimeError: this object was deleted with its window, and nobody is waiting any more.
        with contextlib.suppress(RuntimeError):
            self._finished.emit(job_id, ok, value)

    def _warmed(self, block: SharedBlock | None) -> None:
        self.pixels.release(block)
        self.ready = True

    def render(
        self,
        fn: Callable[..., RenderedPage | OpenedDocument],
        *args: Any,
        size: int,
        on_done: Callable[[Any, QImage], None],
        on_error: ErrorCallback,
        owner: object = None,
    ) -> None:
        """Run ``render_page`` or ``open_for_view`` (which take a shared block last); ``on_done`` gets the result
        and the page as an image. ``size`` is the expected size of the pixels in bytes."""
        block = self.pixels.acquire(size)

        def done(result: RenderedPage | OpenedDocument) -> None:
            if block is not None and block[0] not in self.pixels:
                return  # shut down meanwhile: the block, and whoever asked, are gone
            page = result.first if isinstance(result, OpenedDocument) else result
            try:
                image = self.pixels.image(page, block)
            finally:
                self.pixels.release(block)
            _call(on_done, result, image)

        def failed(error: Exception) -> None:
            self.pixels.release(block)
            _call(on_error, error)

        job_id = self.submit(fn, *args, block, on_done=done, on_error=failed, owner=owner)
        self._releases[job_id] = lambda: self.pixels.release(block)

    def cancel(self, owner: object) -> None:
        """Drop ``owner``'s jobs that have not reached the worker; their callbacks are never called."""
        mine = {job_id for job_id, who in self._owners.items() if who == id(owner)}
        if not mine:
            return
        with self._lock:
            # Only jobs still queued here: one in the worker may be writing into its shared block.
            dropped = {job_id for job_id, _ in (*self._queue, *self._later) if job_id in mine}
            self._queue = deque(job for job in self._queue if job[0] not in dropped)
            self._later = deque(job for job in self._later if job[0] not in dropped)
        for job_id in dropped:
            self._owners.pop(job_id, None)
            self._callbacks.pop(job_id, None)
            self._releases.pop(job_id, lambda: None)()

    def _deliver(self, job_id: int, ok: bool, value: object) -> None:
        self._owners.pop(job_id, None)
        self._releases.pop(job_id, None)
        callbacks = self._callbacks.pop(job_id, None)
        if callbacks is None:
            return
        on_done, on_error = callbacks
        if ok:
            _call(on_done, value)
        else:
            _call(on_error, value if isinstance(value, Exception) else WorkerFailed(str(value)))

    def shutdown(self, wait: bool = False) -> None:
        """Drop what is queued; the job running finishes (a render takes milliseconds, an export is told to stop
        through its cancel file), as does a small one already in the pipe, and the worker exits. ``wait``: until
        it has."""
        with self._lock:
            self._closed = True
            self._queue.clear()
            self._later.clear()
            conn, process = self._conn, self._process
            if conn is not None:
                with contextlib.suppress(OSError):  # already gone
                    conn.send_bytes(pack(-1, None))
        self._callbacks.clear()
        self._owners.clear()
        self._releases.clear()
        if wait and process is not None:
            process.join()
        # Safe with a render still running: the worker's own mapping stays valid until it lets go.
        self.pixels.close()


def _could_not_start(e: Exception) -> WorkerFailed:
    return WorkerFailed(f"background work could not start: {e}".splitlines()[0])


def _call(callback: Callable[..., None], *values: Any) -> None:
    """Hand a result to its receiver, unless the receiver (a closed tab, a closed window) is gone meanwhile."""
    owner = getattr(callback, "__self__", None)
    if isinstance(owner, QObject) and not shiboken6.isValid(owner):
        return
    try:
        callback(*values)
    except RuntimeError as e:
        if "already deleted" not in str(e):
            raise


def run_off_thread(job: Callable[[], T]) -> T:
    """Run ``job`` (file writing: it releases the GIL) on a thread while the GUI thread keeps painting and running
    timers; input waits in the queue until it is done, so nothing typed can change what is being written. Its
    result is returned, its exception raised here."""
    done: list[T] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            done.append(job())
        except BaseException as e:  # noqa: BLE001 (handed to the caller, on its thread)
            failed.append(e)

    thread = threading.Thread(target=run, name="off-gui", daemon=True)
    thread.start()
    # Not QEventLoop.exec() nor QApplication.processEvents(): in PySide6 6.12 each call takes a reference from
    # None (the interpreter aborts after some thousands). QEventLoop.processEvents(flags, ms) does not.
    loop = QEventLoop()
    while thread.is_alive():
        loop.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents, 5)
        thread.join(0.002)
    if failed:
        raise failed[0]
    return done[0]


def run_in_steps(steps: Generator[None, None, T]) -> T:
    """Run a stepwise job (``store.project_bytes_steps``) on the GUI thread, painting and running timers between
    its steps; input waits in the queue meanwhile, as for ``run_off_thread``. Its result is returned.

    Python work goes here rather than on another thread: there it held the GIL while the window painted, and the
    window's every call into Python (a few per table cell) waited for it (55-100 ms stalls, against 10-20 here)."""
    loop = QEventLoop()
    while True:
        try:
            next(steps)
        except StopIteration as finished:
            return finished.value  # type: ignore[no-any-return]
        loop.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents, 5)
