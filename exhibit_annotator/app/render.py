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
from multiprocessing import shared_memory
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from ..core.rendering import OpenedDocument, RenderedPage, SharedBlock, warm

Callback = Callable[[Any], None]
ErrorCallback = Callable[[str], None]


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
            with self._busy[block[0]].buf[: page.stride * page.height] as view:
                data = bytes(view)
        # Converted (and so copied) once, to the format Qt paints without converting: an RGB888 page took 0.48 ms
        # to draw against 0.21 ms, at every paint while scrolling; the conversion costs ~1.1 ms more than a copy.
        image = QImage(data, page.width, page.height, page.stride, QImage.Format.Format_RGB888)
        return image.convertToFormat(QImage.Format.Format_RGB32)

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
    """Runs picklable, Qt-free core functions in one worker process."""

    _finished = Signal(object, object, object)  # future, on_done, on_error: pool thread → GUI thread

    def __init__(self, parent: QObject | None = None, renders: bool = True) -> None:
        super().__init__(parent)
        self._pool = self._new_pool()
        self._finished.connect(self._deliver)
        self.pixels = SharedPixels()
        self.ready = False
        # The worker touches one block once, so that page 1 does not pay for the page faults.
        block = self.pixels.acquire(SharedPixels.MIN_SIZE) if renders else None
        self.submit(warm, block, on_done=lambda _: self._warmed(block), on_error=lambda _: self._warmed(block))

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

        def failed(message: str) -> None:
            self.pixels.release(block)
            _call(on_error, message)

        self.submit(fn, *args, block, on_done=done, on_error=failed)

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
        # Safe with a render still running: the worker's own mapping stays valid until it lets go.
        self.pixels.close()


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
