"""Other tools' work in the window: an exhibit's Acrobat highlights, boxes and notes (in its own PDF, a commented copy
or XFDF) brought in as annotations, and its annotations written as XFDF for Acrobat (``core.interop.pdf_comments``); a
REFI-QDA project (QualCoder, ATLAS.ti, NVivo, MAXQDA) imported (``core.interop.qdpx``; export is File ▸ Export).
Files are read in the worker; what comes in is one undoable step."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from ...core.errors import UserError
from ...core.interop.pdf_comments import Imported, category_chooser, comment_annotations, write_xfdf
from ...core.interop.qdpx import QdpxImport, import_qdpx
from ...core.project.operations import AddAnnotations
from ...core.project.session import ProjectSession
from ..render import ProcessWorker
from ..session_link import SessionLink

NO_CATEGORY = "(no category: choose later)"


class Interop(QObject):
    def __init__(
        self,
        window: QWidget,
        worker: ProcessWorker,
        link: SessionLink,
        show_error: Callable[[str, str], None],
        show_status: Callable[[str, int], None],
    ) -> None:
        super().__init__(window)
        self.window, self.worker, self.link = window, worker, link
        self._show_error, self._show_status = show_error, show_status

    def import_from_pdf(self, exhibit_id: str) -> None:
        """The comments already in the exhibit's own PDF."""
        self._import(exhibit_id, None)

    def import_from_file(self, exhibit_id: str) -> None:
        """The comments of an XFDF file (Acrobat: Comments ▸ Export) or of a commented copy of the exhibit."""
        session = self.link.session
        if session is None:
            return
        exhibit = session.project.exhibit(exhibit_id)
        name, _ = QFileDialog.getOpenFileName(
            self.window, f"Import Comments into {exhibit.label}", str(session.path.parent),
            "Comments (*.xfdf *.pdf);;XFDF (*.xfdf);;PDF files (*.pdf)",
        )  # fmt: skip
        if name:
            self._import(exhibit_id, Path(name))

    def _import(self, exhibit_id: str, source: Path | None) -> None:
        session = self.link.session
        if session is None:
            return
        names = [c.name for c in session.project.codebook]
        chosen, ok = QInputDialog.getItem(
            self.window, "Import Comments", "Category of the comments (a category they name, or their colour's, "
            "comes first):", [NO_CATEGORY, *names], 0, False,
        )  # fmt: skip
        if not ok:
            return
        default = [c.id for c in session.project.codebook if c.name == chosen]
        chooser = category_chooser(session.project.codebook, default)
        exhibit = session.project.exhibit(exhibit_id)
        self._show_status(f"Reading the comments of {exhibit.label}…", 0)
        self.worker.submit(
            comment_annotations, session.project, session.path, exhibit, chooser, source,
            session.passwords.get(exhibit_id),
            on_done=lambda found: self._imported(session, exhibit.label, found),
            on_error=lambda error: self._failed("Cannot import the comments", error),
        )  # fmt: skip

    def _imported(self, session: ProjectSession, label: str, found: Imported) -> None:
        if self.link.session is not session:
            return
        if found.annotations:
            self.link.apply(AddAnnotations(f"Import comments into {label}", found.annotations))
        skipped = f"; {found.skipped} already there" if found.skipped else ""
        self._show_status(f"Imported {len(found.annotations)} comment(s) into {label}{skipped}", 6000)

    def export_xfdf(self, exhibit_id: str) -> None:
        session = self.link.session
        if session is None:
            return
        exhibit = session.project.exhibit(exhibit_id)
        suggested = session.path.parent / f"{exhibit.file_stem}.xfdf"
        name, _ = QFileDialog.getSaveFileName(
            self.window, f"Export the Annotations of {exhibit.label} as XFDF", str(suggested), "XFDF (*.xfdf)"
        )
        if not name:
            return
        out = Path(name).with_suffix(".xfdf")
        self.worker.submit(
            write_xfdf, session.project, session.path, exhibit, out, session.passwords.get(exhibit_id),
            on_done=lambda count: self._show_status(f"Wrote {count} annotation(s) of {exhibit.label} to {out}", 6000),
            on_error=lambda error: self._failed("Cannot export the comments", error),
        )  # fmt: skip

    def choose_qdpx(self) -> None:
        """File ▸ Import REFI-QDA Project…"""
        session = self.link.session
        if session is None:
            return
        name, _ = QFileDialog.getOpenFileName(
            self.window, "Import a REFI-QDA Project", str(session.path.parent), "REFI-QDA projects (*.qdpx)"
        )
        if name:
            self.import_qdpx(Path(name))

    def import_qdpx(self, qdpx: Path) -> None:
        """A REFI-QDA project's codes, files and codings join this project, as one step."""
        session = self.link.session
        if session is None:
            return
        self._show_status(f"Reading {qdpx.name}…", 0)
        self.worker.submit(
            import_qdpx, session.project, session.path, qdpx, None, dict(session.passwords),
            on_done=lambda found: self._qdpx_read(session, qdpx, found),
            on_error=lambda error: self._failed("Cannot import the project", error),
        )  # fmt: skip

    def _qdpx_read(self, session: ProjectSession, qdpx: Path, found: QdpxImport) -> None:
        if self.link.session is not session:
            return
        if self.link.apply(found.operation(session.project, qdpx.name)) is None:
            self._show_status("", 0)
            return
        missing = f"; {len(found.not_found)} passage(s) not found on their exhibit" if found.not_found else ""
        self._show_status(f"Imported {qdpx.name}: {len(found.categories)} new categories, {len(found.exhibits)} new "
                          f"exhibits, {len(found.annotations)} annotations{missing}", 8000)  # fmt: skip

    def _failed(self, title: str, error: Exception) -> None:
        self._show_status("", 0)
        self._show_error(title, str(error) if isinstance(error, UserError) else f"{type(error).__name__}: {error}")
