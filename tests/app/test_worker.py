"""The worker process the window hands its work to: real processes, real pipes, real failures."""

from __future__ import annotations

import importlib
import os
import pkgutil
import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import exhibit_annotator.core
from exhibit_annotator.app.render import ProcessWorker
from exhibit_annotator.core.errors import FileProblem, UserError, WorkerFailed
from exhibit_annotator.core.pdf.exhibits import ExhibitError
from exhibit_annotator.core.pdf.rendering import open_document, render_page
from exhibit_annotator.core.worker import after_reply


def _run(qtbot: QtBot, worker: ProcessWorker, fn: object, *args: object) -> tuple[str, object]:
    out: list[tuple[str, object]] = []
    worker.submit(fn, *args, on_done=lambda r: out.append(("done", r)), on_error=lambda m: out.append(("error", m)))
    qtbot.waitUntil(lambda: bool(out), timeout=30_000)
    return out[0]


@pytest.mark.slow
def test_results_errors_and_a_dying_worker(qtbot: QtBot, exhibits_copy: Path) -> None:
    worker = ProcessWorker(renders=False)
    try:
        assert _run(qtbot, worker, open_document, str(exhibits_copy / "exhibit-en.pdf")) == ("done", 5)
        kind, error = _run(qtbot, worker, open_document, str(exhibits_copy / "missing.pdf"))
        assert kind == "error" and isinstance(error, ExhibitError) and str(error) == "missing.pdf: file not found"
        # An argument that cannot cross to the worker fails its own job, as a WorkerFailed.
        kind, error = _run(qtbot, worker, str, threading.Lock())
        assert kind == "error" and isinstance(error, WorkerFailed) and "could not start" in str(error)
        # A worker that dies fails the job it ran; the next job runs in a fresh worker.
        kind, error = _run(qtbot, worker, os._exit, 3)
        assert isinstance(error, WorkerFailed) and "stopped unexpectedly (exit code 3)" in str(error)
        assert _run(qtbot, worker, open_document, str(exhibits_copy / "exhibit-ru.pdf"))[0] == "done"
    finally:
        worker.shutdown(wait=True)


def _user_errors() -> list[type[UserError]]:
    """Every UserError subclass of the package (its modules imported, so that all are defined)."""
    for module in pkgutil.walk_packages(exhibit_annotator.core.__path__, "exhibit_annotator.core."):
        importlib.import_module(module.name)
    found, todo = [], [UserError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def raise_it(error: Exception) -> None:
    raise error


@pytest.mark.slow
def test_every_user_error_crosses_the_worker_as_its_own_type(qtbot: QtBot, tmp_path: Path) -> None:
    """The window decides by type (a password to ask for, a cancelled export), never by searching messages."""
    classes = _user_errors()
    assert {"PasswordRequired", "ExportCancelled", "ProjectFileError", "QuoteNotFound", "ReviewOnly"} <= {
        c.__name__ for c in classes
    }
    worker = ProcessWorker(renders=False)
    try:
        for cls in classes:
            if issubclass(cls, FileProblem):
                sent: UserError = cls(tmp_path / "exhibit.pdf", "a problem")
            elif cls.__init__ is UserError.__init__:
                sent = cls("a problem")
            else:
                sent = cls()  # its own message
            kind, got = _run(qtbot, worker, raise_it, sent)
            assert kind == "error" and type(got) is cls and str(got) == str(sent), cls
    finally:
        worker.shutdown(wait=True)


@pytest.mark.slow
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


def test_a_page_asked_for_goes_before_queued_background_checks(qtbot: QtBot, exhibits_copy: Path) -> None:
    """Opening a case queues a check of every file; a page the user turns to meanwhile waits for one at most."""
    worker = ProcessWorker(renders=False)
    pdf = str(exhibits_copy / "exhibit-en.pdf")
    order: list[str] = []
    checker = object()
    try:
        for n in range(30):
            worker.submit(open_document, pdf, on_done=lambda _r, n=n: order.append(f"check {n}"),
                          on_error=order.append, owner=checker, background=True)  # fmt: skip
        worker.submit(open_document, pdf, on_done=lambda _r: order.append("page"), on_error=order.append)
        qtbot.waitUntil(lambda: "page" in order, timeout=30_000)
        assert order.index("page") <= 1  # behind the background job already running, if any
        qtbot.waitUntil(lambda: len(order) == 31, timeout=30_000)
        order.clear()
        for n in range(30):
            worker.submit(open_document, pdf, on_done=lambda _r, n=n: order.append(f"check {n}"),
                          on_error=order.append, owner=checker, background=True)  # fmt: skip
        worker.cancel(checker)  # a project closed meanwhile: its queued checks are dropped
        qtbot.wait(500)
        assert order in ([], ["check 0"])  # one may have reached the worker
    finally:
        worker.shutdown(wait=True)


def test_tidy_ups_run_at_once_outside_a_worker() -> None:
    ran: list[int] = []
    after_reply(lambda: ran.append(1))
    assert ran == [1]
