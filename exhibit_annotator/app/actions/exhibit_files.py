"""Exhibit files from the window: adding PDFs (read in the worker, then added through the session, so any number
added at once each get their own label), replacing a file with a new version (passages found again in the worker,
one undoable step), and locating files that moved (hashed in the worker, one undoable step with the others found
beside it)."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog

from ...core.errors import UserError
from ...core.model import Exhibit
from ...core.normalize import quantity
from ...core.pdf.exhibits import PasswordRequired
from ...core.project.intake import Layout, Moved, find_moved, pdfs_in, read_exhibit, read_exhibits, read_layout
from ...core.project.operations import AddExhibit, AddExhibits, ReadLayout, RelocateExhibits, ReplaceExhibitFile
from ...core.project.replace import Replacement, replacement
from ...core.project.session import ProjectSession
from ..pages.exhibit_tabs import ask_password
from ..render import ProcessWorker
from ..session_link import SessionLink
from ..window.window_api import WindowApi


class _BulkReader(QObject):
    """Runs ``read_exhibits`` on a thread (which only waits on the worker processes); the GUI thread drains what it
    reports with a timer. (Signals emitted on a Python thread with Python callables as slots unbalanced None's
    reference count in PySide6 until the interpreter aborted, after a few hundred files.)"""

    read_one = Signal(int, str)  # how many are done, the last one's name
    done = Signal(object, object)  # exhibits read, problems (one line each)

    def __init__(self, project_path: Path, pdfs: list[Path]) -> None:
        super().__init__()
        self.project_path, self.pdfs = project_path, pdfs
        self._stop = threading.Event()
        self._events: queue.SimpleQueue[tuple[int, str] | tuple[list[Exhibit], list[str]]] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="add-exhibits", daemon=True)
        self._timer = QTimer(self)
        self._timer.setInterval(50)
        self._timer.timeout.connect(self._drain)
        self._draining = False

    def start(self) -> None:
        self._thread.start()
        self._timer.start()

    def cancel(self) -> None:
        self._stop.set()

    def _drain(self) -> None:
        if self._draining:
            return
        self._draining = True
        try:
            self._drain_events()
        finally:
            self._draining = False

    def _drain_events(self) -> None:
        latest: tuple[int, str] | None = None
        while True:
            try:
                event = self._events.get_nowait()
            except queue.Empty:
                break
            if isinstance(event[0], int):
                latest = event
            else:
                self._timer.stop()
                if latest is not None:
                    self.read_one.emit(*latest)
                self.done.emit(event[0], event[1])
                return
        if latest is not None:
            self.read_one.emit(*latest)

    def _run(self) -> None:
        reads: list[Exhibit] = []
        problems: list[str] = []
        files = read_exhibits(self.project_path, self.pdfs)
        try:
            for n, (pdf, read) in enumerate(files, 1):
                if self._stop.is_set():
                    break
                if isinstance(read, UserError):
                    problems.append(str(read) if pdf.name in str(read) else f"{pdf.name}: {read}")
                else:
                    reads.append(read)
                self._events.put((n, pdf.name))
        finally:
            files.close()  # cancelled: what has not started is dropped
        self._events.put((reads, [] if self._stop.is_set() else problems))


def _read_exhibit_job(project_path: Path, pdf: Path, password: str | None) -> Exhibit:
    """Runs in the worker: open, hash and look at every page of the new exhibit (seconds for a big scan)."""
    return read_exhibit(project_path, pdf, password=password)


class ExhibitFiles(QObject):
    review_requested = Signal()  # a replacement left passages to check

    def __init__(
        self,
        window: WindowApi,
        worker: ProcessWorker,
        link: SessionLink,
        show_error: Callable[[str, str], None],
        show_status: Callable[[str, int], None],
    ) -> None:
        super().__init__(window)
        self.window, self.worker, self.link = window, worker, link
        self._show_error, self._show_status = show_error, show_status
        self.bulk: _BulkReader | None = None

    def choose(self) -> None:
        start = str(self.window.start_folder())
        names, _ = QFileDialog.getOpenFileNames(
            self.window,
            "Add Exhibits",
            start,
            "Exhibits (*.pdf *.txt);;PDF files (*.pdf);;Court reporters' ASCII transcripts (*.txt)",
        )
        self.add_all([Path(name) for name in names])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self.window, "Add a Folder of Exhibits", str(self.window.start_folder())
        )
        if folder:
            self.add_all([Path(folder)])

    def add_all(self, paths: list[Path]) -> None:
        """PDFs and folders of them: one file goes the usual way; several are read in parallel (``add_many``)."""
        pdfs = pdfs_in(paths)
        if len(pdfs) == 1 and not paths[0].is_dir():
            self.add(pdfs[0])
        elif pdfs:
            self.add_many(pdfs)
        elif paths:
            self._show_error("Cannot add exhibits", f"{', '.join(p.name for p in paths)}: no PDF found there")

    def add_many(self, pdfs: list[Path]) -> None:
        """Many files at once (a production volume): read and indexed in worker processes, one per core, with one
        progress bar and Cancel, the window usable meanwhile; added as one undoable step. A file that cannot be
        read is named at the end; an encrypted one is left out (add it alone, to type its password)."""
        session = self.link.session
        if session is None:
            self._show_error("No project", "Open or create a project before adding exhibits.")
            return
        progress = QProgressDialog(f"Reading {len(pdfs)} files…", "Cancel", 0, len(pdfs), self.window)
        progress.setObjectName("add-many")
        progress.setWindowTitle("Adding exhibits")
        # Not modal: the window stays usable, and a modal dialog's setValue runs the event loop inside the slot
        # that calls it (re-entered, it crashed PySide6 after a few hundred files).
        progress.setWindowModality(Qt.WindowModality.NonModal)
        progress.setMinimumDuration(300)
        reader = _BulkReader(session.path, pdfs)

        def show(n: int, name: str) -> None:
            progress.setValue(n)
            progress.setLabelText(f"Read {n} of {len(pdfs)}: {name}")

        reader.read_one.connect(show)
        progress.canceled.connect(reader.cancel)
        reader.done.connect(lambda reads, problems: self._read_many(session, reads, problems, progress))
        self.bulk = reader  # kept until done (tests wait on it)
        reader.start()

    def _read_many(
        self, session: ProjectSession, reads: list[Exhibit], problems: list[str], progress: QProgressDialog
    ) -> None:
        progress.close()
        if self.link.session is not session:
            return
        if reads:
            op = AddExhibits(reads)
            if self.link.apply(op) is not None:
                self._show_status(f"Added {len(reads)} exhibits", 5000)
        if problems:
            shown = "\n".join(problems[:20]) + (f"\n… and {len(problems) - 20} more" if len(problems) > 20 else "")
            self._show_error("Some files were not added", shown)

    def add(self, pdf: Path, password: str | None = None) -> None:
        """Add a PDF as an exhibit; every bad file ends in a message naming it."""
        session = self.link.session
        if session is None:
            self._show_error("No project", "Open or create a project before adding exhibits.")
            return
        self._show_status(f"Adding {pdf.name}…", 0)
        self.worker.submit(
            _read_exhibit_job, session.path, pdf, password,
            on_done=lambda read: self._read(session, read, password),
            on_error=lambda error: self._failed(
                session, pdf, error, password, lambda new: self.add(pdf, new), "Cannot add exhibit"
            ),
        )  # fmt: skip

    def _read(self, session: ProjectSession, read: Exhibit, password: str | None) -> None:
        if self.link.session is not session:
            return  # another project was opened meanwhile
        op = AddExhibit(read)
        if self.link.apply(op) is None or op.exhibit is None:
            return
        if password is not None:
            session.passwords[op.exhibit.id] = password
        e = op.exhibit
        self._show_status(f"Added {e.label}: {e.title} ({quantity(e.page_count, 'page')})", 5000)

    def _failed(
        self, session: ProjectSession, pdf: Path, error: Exception, password: str | None,
        again: Callable[[str], None], title: str,
    ) -> None:  # fmt: skip
        """A job on ``pdf`` failed: an encrypted file asks for its password and ``again`` retries with it; any
        other problem is shown under ``title``."""
        self._show_status("", 1)
        if isinstance(error, PasswordRequired) and self.link.session is session:
            new = ask_password(self.window, pdf.name, wrong=password is not None)
            if new is not None:
                again(new)
            return
        self._show_error(title, str(error))

    # --- a new version of a file -------------------------------------------------------------------------------
    def choose_replacement(self, exhibit_id: str) -> None:
        session = self.link.session
        if session is None:
            return
        exhibit = session.project.exhibit(exhibit_id)
        title = f"Replace the file of {exhibit.label}"
        name, _ = QFileDialog.getOpenFileName(self.window, title, str(session.path.parent), "PDF files (*.pdf)")
        if name:
            self.replace(exhibit_id, Path(name))

    def replace(self, exhibit_id: str, new_file: Path, password: str | None = None) -> None:
        """Make ``new_file`` the exhibit's file: its passages are found again on it in the worker, then the
        replacement is one operation; what needs checking is shown for review."""
        session = self.link.session
        if session is None:
            return
        self._show_status(f"Finding the passages on {new_file.name}…", 0)
        self.worker.submit(
            replacement, session.project, session.path, exhibit_id, new_file, password,
            on_done=lambda replaced: self._replaced(session, replaced),
            on_error=lambda error: self._failed(
                session, new_file, error, password, lambda new: self.replace(exhibit_id, new_file, new),
                "Cannot replace the file",
            ),
        )  # fmt: skip

    def _replaced(self, session: ProjectSession, replaced: Replacement) -> None:
        if self.link.session is not session or self.link.apply(ReplaceExhibitFile(replaced)) is None:
            return
        self._show_status(f"Replaced the file of {replaced.exhibit.label}: {replaced.summary()}", 8000)
        if any(a.reanchored is not None for a in session.project.annotations_of(replaced.exhibit.id)):
            self.review_requested.emit()

    # --- its layout ---------------------------------------------------------------------------------------------------
    def read_layout(self, exhibit_id: str) -> None:
        """Read the exhibit's line numbers and running headers and footers again (an exhibit added before the app
        knew them), in the worker; the result is one step to undo."""
        session = self.link.session
        if session is None:
            return
        exhibit = session.project.exhibit(exhibit_id)
        self._show_status(f"Reading the layout of {exhibit.label}…", 0)
        password = session.passwords.get(exhibit_id)
        self.worker.submit(
            read_layout, session.path, exhibit, password,
            on_done=lambda layout: self._layout_read(session, exhibit_id, layout),
            on_error=lambda error: self._show_error("Cannot read the layout", str(error)),
        )  # fmt: skip

    def _layout_read(self, session: ProjectSession, exhibit_id: str, layout: Layout) -> None:
        if self.link.session is not session or exhibit_id not in {e.id for e in session.project.exhibits}:
            return
        label = session.project.exhibit(exhibit_id).label
        self.link.apply(ReadLayout(exhibit_id, layout))
        self._show_status(layout.summary(label), 8000)

    # --- moved files --------------------------------------------------------------------------------------------------
    def offer_locate(self, exhibit: Exhibit) -> None:
        answer = QMessageBox.question(
            self.window, "Exhibit file missing",
            f"{exhibit.label}: {exhibit.file_name} is not at {exhibit.path}. Its annotations are kept.\n\n"
            "Locate the file?",
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
        name, _ = QFileDialog.getOpenFileName(self.window, f"Locate {exhibit.file_name}", "", "PDF files (*.pdf)")
        if name:
            self.relocate(exhibit, Path(name))

    def relocate(self, exhibit: Exhibit, new_file: Path) -> None:
        """Point ``exhibit`` at ``new_file``, with the other missing exhibits that moved with it (same name, same
        content, in the new folder)."""
        session = self.link.session
        if session is None:
            return
        self.worker.submit(
            find_moved, session.project, session.path, exhibit.id, new_file,
            on_done=lambda moved: self._located(session, exhibit, new_file, moved),
            on_error=lambda error: self._show_error("Cannot locate the file", str(error)),
        )  # fmt: skip

    def _located(self, session: ProjectSession, exhibit: Exhibit, new_file: Path, moved: Moved) -> None:
        if self.link.session is not session:
            return
        if not moved.same_file:
            answer = QMessageBox.question(
                self.window, "Different file",
                f"{new_file.name} is not the file that was added as {exhibit.label} (its content differs).\n\n"
                "Use it as a new version of the exhibit? Its passages will be found again on it.",
            )  # fmt: skip
            if answer == QMessageBox.StandardButton.Yes:
                self.replace(exhibit.id, new_file)
            return
        if self.link.apply(RelocateExhibits(moved.paths)) is not None:
            labels = [e.label for e in session.project.exhibits if e.id in moved.paths]
            self._show_status(f"Found {', '.join(labels)}", 5000)
