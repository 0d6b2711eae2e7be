"""Work off the GUI thread, in a worker process: page rendering and file hashing.

PyMuPDF holds the GIL while it renders, so a worker *thread* still stalls the GUI (150 ms measured on scans,
../shared/notes/platform-facts.md); a process does not. Results come back to the GUI thread through a queued
signal and are handed to the caller's callback there. Page requests supersede each other: only the newest
page result is delivered.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from ..core.rendering import RenderedPage, render_page, warm

Callback = Callable[[Any], None]
ErrorCallback = Callable[[str], None]


class ProcessWorker(QObject):
    """Runs picklable, Qt-free core functions in one worker process."""

    _finished = Signal(object, object, object)  # future, on_done, on_error: pool thread → GUI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = self._new_pool()
        self._finished.connect(self._deliver)
        self.ready = False
        self.submit(warm, on_done=lambda _: setattr(self, "ready", True), on_error=lambda _: None)

    @staticmethod
    def _new_pool() -> ProcessPoolExecutor:
        # "spawn": forking a process that has Qt loaded is unsafe.
        return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))

    def submit(self, fn: Callable[..., Any], *args: Any, on_done: Callback, on_error: ErrorCallback) -> None:
        try:
            try:
                future = self._pool.submit(fn, *args)
            except BrokenProcessPool:
                # A worker died (crash, kill, out of memory): start a fresh one rather than fail forever.
                self._pool = self._new_pool()
                future = self._pool.submit(fn, *args)
        except Exception as e:  # noqa: BLE001 - a worker that cannot start must not take the window down
            future = Future()
            future.set_exception(RuntimeError(f"background work could not start: {e}".splitlines()[0]))
            self._finished.emit(future, on_done, on_error)
            return
        future.add_done_callback(lambda f: self._finished.emit(f, on_done, on_error))

    def _deliver(self, future: Future[Any], on_done: Callback, on_error: ErrorCallback) -> None:
        try:
            result = future.result()
        except Exception as e:  # noqa: BLE001 - any failure in the worker becomes a message
            on_error(str(e) or type(e).__name__)
            return
        on_done(result)

    def shutdown(self, wait: bool = False) -> None:
        """Cancel what is queued; the job running finishes (a render takes milliseconds, an export is told to
        stop through its cancel file). The worker is not killed: killed while writing a result, it would leave
        the executor reading half a message forever, and the interpreter's exit waiting on it."""
        self._pool.shutdown(wait=wait, cancel_futures=True)


class PageRenderer(QObject):
    """``request()`` a page; ``rendered(ticket, QImage)`` or ``failed(ticket, message)`` follows."""

    rendered = Signal(int, QImage)
    failed = Signal(int, str)

    def __init__(self, worker: ProcessWorker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._ticket = 0

    def request(self, path: Path, page: int, zoom: float, password: str | None = None) -> int:
        self._ticket += 1
        ticket = self._ticket
        self._worker.submit(
            render_page,
            str(path),
            page,
            zoom,
            password,
            on_done=lambda r, t=ticket: self._deliver(t, r),
            on_error=lambda message, t=ticket: self._ticket == t and self.failed.emit(t, message),
        )
        return ticket

    def _deliver(self, ticket: int, r: RenderedPage) -> None:
        if ticket != self._ticket:
            return  # superseded by a newer request
        image = QImage(r.samples, r.width, r.height, r.stride, QImage.Format.Format_RGB888).copy()
        self.rendered.emit(ticket, image)
