"""Work off the GUI thread, in a worker process: page rendering and file hashing.

PyMuPDF holds the GIL while it renders, so a worker *thread* still stalls the GUI (150 ms measured on scans,
../shared/notes/platform-facts.md); a process does not. Results come back to the GUI thread through a queued
signal and are handed to the caller's callback there (``page_view`` keeps only a few renders in flight).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from ..core.rendering import warm

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
        if future.cancelled():
            return
        try:
            result = future.result()
        except Exception as e:  # noqa: BLE001 - any failure in the worker becomes a message
            _call(on_error, str(e) or type(e).__name__)
            return
        _call(on_done, result)

    def shutdown(self, wait: bool = False) -> None:
        """Cancel what is queued; the job running finishes (a render takes milliseconds, an export is told to
        stop through its cancel file). The worker is not killed: killed while writing a result, it would leave
        the executor reading half a message forever, and the interpreter's exit waiting on it."""
        self._pool.shutdown(wait=wait, cancel_futures=True)


def _call(callback: Callable[[Any], None], value: Any) -> None:
    """Hand a result to its receiver, unless the receiver (a closed tab, a closed window) is gone meanwhile."""
    owner = getattr(callback, "__self__", None)
    if isinstance(owner, QObject) and not shiboken6.isValid(owner):
        return
    try:
        callback(value)
    except RuntimeError as e:
        if "already deleted" not in str(e):
            raise
