"""Reading scans in the background: OCR of the exhibits' pages without text, one exhibit at a time, in a worker
process of its own (a page takes seconds; page renders and searches must not queue behind it). Progress and
Cancel sit in the status bar and the window goes on working. It starts by itself for scans that have not been
read (unless Preferences say not to), or from File ▸ Read Scanned Pages and the exhibit list's menu.

The OCR itself, its cache and its rules are the core's (``core.pdf.ocr``); this only schedules and shows it.
"""

from __future__ import annotations

import tempfile
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QProgressBar, QToolButton, QWidget

from ...core.jobs import JobFiles, ocr_job
from ...core.pdf.ocr import ExhibitOcr
from ...core.pdf.tesseract import OcrUnavailable
from ...core.project.session import Change
from ..render import ProcessWorker
from ..settings import Settings
from ..window.window_api import WindowApi


class _Job:
    def __init__(self, exhibit_id: str, label: str, project_path: Path, asked: bool) -> None:
        self.exhibit_id, self.label, self.project_path, self.asked = exhibit_id, label, project_path, asked
        self.folder = tempfile.TemporaryDirectory(prefix="ocr-job-")
        self.files = JobFiles(Path(self.folder.name))


class OcrRunner(QObject):
    finished = Signal(str)  # exhibit id whose scanned pages have been read

    def __init__(self, window: WindowApi, settings: Settings) -> None:
        super().__init__(window)
        self.window, self.settings = window, settings
        self._worker: ProcessWorker | None = None  # started when first needed: most projects have no scans
        self._queue: list[tuple[str, bool]] = []  # (exhibit id, asked for by the user)
        self.job: _Job | None = None
        self._told_missing = False  # "Tesseract is not installed" is said once a session when nobody asked
        self.action = window.make_action("Read &Scanned Pages (OCR)", self.read_all)
        self.action.setEnabled(False)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(160)
        self.bar.setTextVisible(False)
        self.cancel_button = QToolButton()
        self.cancel_button.setText("Cancel")
        self.cancel_button.setAccessibleName("Cancel reading scanned pages")
        self.cancel_button.clicked.connect(self.cancel)
        self.box = QWidget()
        self.box.setObjectName("ocr-progress")
        row = QHBoxLayout(self.box)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.label, self.bar, self.cancel_button):
            row.addWidget(widget)
        window.statusBar().addPermanentWidget(self.box)
        self.box.hide()
        self._timer = QTimer(self)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self._poll)

    @property
    def busy(self) -> bool:
        return self.job is not None or bool(self._queue)

    # --- what to read --------------------------------------------------------------------------------------------
    def show_change(self, change: Change) -> None:
        """New exhibits (or a project just opened): read their scans, if Preferences let it start by itself."""
        project = self.window.project
        self.action.setEnabled(project is not None and any(e.pages_without_text for e in project.exhibits))
        if project is None or not (change.project or change.exhibits) or not self.settings.ocr_auto():
            return
        if self.window.session is not None and self.window.session.read_only:
            return  # a colleague's file, opened to review: nothing is written beside it
        wanted = change.exhibits if not change.project else {e.id for e in project.exhibits}
        for exhibit in project.exhibits:
            if exhibit.id in wanted and exhibit.pages_without_text:
                self.read(exhibit.id, asked=False)

    def read_all(self) -> None:
        project = self.window.project
        for exhibit in project.exhibits if project is not None else []:
            if exhibit.pages_without_text:
                self.read(exhibit.id)

    def read(self, exhibit_id: str, asked: bool = True) -> None:
        """Queue an exhibit (the job skips pages the cache already has, so asking twice costs nothing)."""
        if self.job is not None and self.job.exhibit_id == exhibit_id:
            self.job.asked |= asked
            return
        for i, (queued, was_asked) in enumerate(self._queue):
            if queued == exhibit_id:
                self._queue[i] = (queued, was_asked or asked)
                return
        self._queue.append((exhibit_id, asked))
        self._next()

    def cancel(self) -> None:
        """Stop reading (pages read so far stay in the cache) and forget what was queued."""
        self._queue.clear()
        if self.job is not None:
            self.job.files.cancel.touch()
            self.label.setText(f"Stopping OCR of {self.job.label}…")

    def shutdown(self) -> None:
        self.cancel()
        if self._worker is not None:
            self._worker.shutdown()

    # --- running -------------------------------------------------------------------------------------------------
    def _next(self) -> None:
        session = self.window.session
        while self.job is None and self._queue and session is not None:
            exhibit_id, asked = self._queue.pop(0)
            if exhibit_id not in {e.id for e in session.project.exhibits}:
                continue  # removed meanwhile
            exhibit = session.project.exhibit(exhibit_id)
            self.job = job = _Job(exhibit_id, exhibit.label, session.path, asked)
            if self._worker is None:
                self._worker = ProcessWorker(self, renders=False)
            self._worker.submit(
                ocr_job, session.path, exhibit, self.settings.ocr_languages() or None,
                session.passwords.get(exhibit_id), job.files,
                on_done=partial(self._done, job), on_error=partial(self._failed, job),
            )  # fmt: skip
            self.label.setText(f"OCR: {exhibit.label}…")
            self.bar.setRange(0, 0)
            self.box.show()
            self._timer.start()
        if self.job is None:
            self.box.hide()
            self._timer.stop()

    def _poll(self) -> None:
        job = self.job
        if job is None or job.files.cancel.exists():
            return
        done, total = job.files.read()
        if total:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
            self.label.setText(f"OCR: {job.label}, page {min(done + 1, total)} of {total}")

    def _finish(self, job: _Job) -> None:
        job.folder.cleanup()
        self.job = None
        self._next()

    def _done(self, job: _Job, result: ExhibitOcr) -> None:
        self._finish(job)
        if self.window.project_path != job.project_path:
            return  # another project is open now; the cache beside the old one has what was read
        if result.recognised:
            self.finished.emit(job.exhibit_id)
        if result.failed:
            pages = ", ".join(str(p + 1) for p in sorted(result.failed))
            why = next(iter(result.failed.values()))
            self._tell(job, "Some pages could not be read", f"{job.label}: page(s) {pages} could not be read ({why}).")
        elif result.cancelled:
            self.window.statusBar().showMessage(f"OCR of {job.label} stopped; {result.recognised} page(s) read", 6000)
        elif result.recognised:
            self.window.statusBar().showMessage(
                f"{job.label}: {result.recognised} scanned page(s) read by OCR; they can be searched and quoted", 8000
            )

    def _failed(self, job: _Job, error: Exception) -> None:
        missing = isinstance(error, OcrUnavailable) and not job.asked
        if missing:
            self._queue = [(e, asked) for e, asked in self._queue if asked]  # the same for every exhibit
        self._finish(job)
        if missing:
            if not self._told_missing:  # said once, quietly: nobody asked
                self._told_missing = True
                self.window.statusBar().showMessage(f"Scanned pages cannot be searched: {error}", 20000)
            return
        self._tell(job, "Cannot read scanned pages", str(error))

    def _tell(self, job: _Job, title: str, message: str) -> None:
        if job.asked:
            QMessageBox.warning(self.window, title, message)
        else:
            self.window.statusBar().showMessage(message, 15000)
