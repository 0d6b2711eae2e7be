"""Page rendering off the GUI thread, in a worker process.

PyMuPDF holds the GIL while it renders, so a worker *thread* still stalls the GUI (150 ms measured on scans,
../shared/notes/platform-facts.md); a process does not. Results come back to the GUI thread as a signal.
A newer request for the same view supersedes older ones: their results are dropped.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from ..core.rendering import RenderedPage, render_page


class PageRenderer(QObject):
    """``request()`` a page; ``rendered(ticket, QImage)`` or ``failed(ticket, message)`` follows."""

    rendered = Signal(int, QImage)
    failed = Signal(int, str)
    _finished = Signal(int, object)  # carries the Future from the pool's thread to the GUI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # "spawn": forking a process that has Qt loaded is unsafe.
        self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        self._ticket = 0
        self._finished.connect(self._deliver)

    def request(self, path: Path, page: int, zoom: float, password: str | None = None) -> int:
        self._ticket += 1
        ticket = self._ticket
        try:
            future = self._pool.submit(render_page, str(path), page, zoom, password)
        except Exception as e:
            self._finished.emit(ticket, _failed_future(e))
            return ticket
        future.add_done_callback(lambda f, t=ticket: self._finished.emit(t, f))
        return ticket

    def _deliver(self, ticket: int, future: Future[RenderedPage]) -> None:
        if ticket != self._ticket:
            return  # superseded by a newer request
        try:
            r = future.result()
        except Exception as e:
            self.failed.emit(ticket, str(e) or type(e).__name__)
            return
        image = QImage(r.samples, r.width, r.height, r.stride, QImage.Format.Format_RGB888).copy()
        self.rendered.emit(ticket, image)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _failed_future(error: Exception) -> Future[RenderedPage]:
    future: Future[RenderedPage] = Future()
    future.set_exception(RuntimeError(f"The page could not be rendered: {error}".splitlines()[0]))
    return future
