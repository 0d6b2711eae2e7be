"""The worker process the window hands its work to: real processes, real pipes, real failures."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from pytestqt.qtbot import QtBot

from exhibit_annotator.app.render import ProcessWorker
from exhibit_annotator.core.rendering import open_document, render_page
from exhibit_annotator.core.worker import after_reply


def _run(qtbot: QtBot, worker: ProcessWorker, fn: object, *args: object) -> tuple[str, object]:
    out: list[tuple[str, object]] = []
    worker.submit(fn, *args, on_done=lambda r: out.append(("done", r)), on_error=lambda m: out.append(("error", m)))
    qtbot.waitUntil(lambda: bool(out), timeout=30_000)
    return out[0]


def test_results_errors_and_a_dying_worker(qtbot: QtBot, exhibits_copy: Path) -> None:
    worker = ProcessWorker(renders=False)
    try:
        assert _run(qtbot, worker, open_document, str(exhibits_copy / "exhibit-en.pdf")) == ("done", 5)
        kind, message = _run(qtbot, worker, open_document, str(exhibits_copy / "missing.pdf"))
        assert kind == "error" and message == "missing.pdf: file not found"
        # An argument that cannot cross to the worker fails its own job with a message.
        kind, message = _run(qtbot, worker, str, threading.Lock())
        assert kind == "error" and "could not start" in str(message)
        # A worker that dies fails the job it ran; the next job runs in a fresh worker.
        kind, message = _run(qtbot, worker, os._exit, 3)
        assert kind == "error" and "stopped unexpectedly (exit code 3)" in str(message)
        assert _run(qtbot, worker, open_document, str(exhibits_copy / "exhibit-ru.pdf"))[0] == "done"
    finally:
        worker.shutdown(wait=True)


def test_cancel_drops_the_queued_jobs_of_whoever_asked(qtbot: QtBot, exhibits_copy: Path) -> None:
    worker = ProcessWorker(renders=True)
    pdf = str(exhibits_copy / "exhibit-en.pdf")
    gone, kept = object(), object()
    got: list[object] = []
    try:
        for page in range(2):
            for owner in (gone, kept):
                worker.render(
                    render_page, pdf, page, 2.0, None, size=3 << 20, owner=owner,
                    on_done=lambda r, image, o=owner: got.append((o, r.page, image.width())),
                    on_error=lambda m: got.append(m),
                )  # fmt: skip
        worker.cancel(gone)  # its queued renders never run; one may already be in the worker
        qtbot.waitUntil(lambda: sum(1 for g in got if isinstance(g, tuple) and g[0] is kept) == 2, timeout=30_000)
        qtbot.wait(300)
        assert sum(1 for g in got if isinstance(g, tuple) and g[0] is gone) <= 1
        assert all(isinstance(g, tuple) and g[2] > 1000 for g in got)  # whole pages, from shared memory
        assert not worker.pixels._busy  # every block came back, dropped jobs' too
    finally:
        worker.shutdown(wait=True)


def test_tidy_ups_run_at_once_outside_a_worker() -> None:
    ran: list[int] = []
    after_reply(lambda: ran.append(1))
    assert ran == [1]
