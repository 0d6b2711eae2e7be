"""The Exhibits list: a row per exhibit (label, title, pages, scan), its file checked in the worker (missing,
changed), kept equal to the project from the change records."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QMenu

from ..core.confinement import may_read
from ..core.edits import exhibit_file
from ..core.exhibits import sha256_of
from ..core.model import Exhibit, Project
from ..core.session import Change
from .render import ProcessWorker


class ExhibitList(QListWidget):
    open_requested = Signal(str)  # exhibit id: Enter or a double click
    properties_requested = Signal(str)  # exhibit id
    remove_requested = Signal(str)  # exhibit id
    move_requested = Signal(str, int)  # exhibit id, places (negative: up)
    ocr_requested = Signal(str)  # exhibit id
    replace_requested = Signal(str)  # exhibit id
    file_checked = Signal(str, bool)  # exhibit id, whether its file is as it was added (same SHA-256)

    def __init__(self, worker: ProcessWorker) -> None:
        super().__init__()
        self.setObjectName("exhibits")
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.itemActivated.connect(lambda item: self.open_requested.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.itemDoubleClicked.connect(lambda item: self.open_requested.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.worker = worker
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self.setAccessibleName("Exhibits")
        self._project: Project | None = None
        self._path: Path | None = None
        self._problems: dict[str, str | None] = {}  # exhibit id → what is wrong with its file, once checked
        self._redactions: dict[str, int] = {}  # exhibit id → boxes hiding text, once checked

    def _context_menu(self, pos: QPoint) -> None:
        item = self.itemAt(pos)
        if item is None:
            return
        exhibit_id = str(item.data(Qt.ItemDataRole.UserRole))
        menu = QMenu(self)
        menu.addAction("&Open", lambda: self.open_requested.emit(exhibit_id))
        menu.addAction("&Properties…", lambda: self.properties_requested.emit(exhibit_id))
        menu.addAction("Replace &File…", lambda: self.replace_requested.emit(exhibit_id))
        exhibit = self._project.exhibit(exhibit_id) if self._project is not None else None
        if exhibit is not None and exhibit.pages_without_text:
            menu.addAction("Read &Scanned Pages (OCR)", lambda: self.ocr_requested.emit(exhibit_id))
        menu.addSeparator()
        menu.addAction("Move &Up", lambda: self.move_requested.emit(exhibit_id, -1))
        menu.addAction("Move &Down", lambda: self.move_requested.emit(exhibit_id, 1))
        menu.addSeparator()
        menu.addAction("&Remove from Project…", lambda: self.remove_requested.emit(exhibit_id))
        menu.exec(self.viewport().mapToGlobal(pos))

    def exhibit_ids(self) -> list[str]:
        return [self.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.count())]

    def show_change(self, change: Change, project: Project | None, path: Path | None) -> None:
        """Rows for the project as it now is; the files of new or changed exhibits are checked again."""
        if change.project or project is not self._project:
            self._project, self._path, self._problems, self._redactions = project, path, {}, {}
            recheck = {e.id for e in project.exhibits} if project else set()
        elif change.exhibits:
            recheck = set(change.exhibits)
        else:
            return
        self.clear()
        if project is None:
            return
        for exhibit in project.exhibits:
            item = QListWidgetItem(
                caption(exhibit, self._problems.get(exhibit.id), self._redactions.get(exhibit.id, 0))
            )
            item.setData(Qt.ItemDataRole.UserRole, exhibit.id)
            self.addItem(item)
            if exhibit.id in recheck:
                self._check_file(project, exhibit)

    def _check_file(self, project: Project, exhibit: Exhibit) -> None:
        """Hash the exhibit's file in the worker (59 ms per 50 MB) and mark it missing or changed."""
        assert self._path is not None
        path = exhibit_file(self._path, exhibit)
        if not path.exists():
            self._mark(project, exhibit, "⚠ missing")
            return
        if not may_read(self._path, path):  # not even hashed until the user agrees (opening it asks)
            self._mark(project, exhibit, "⚠ outside the project folder")
            return
        self.worker.submit(
            sha256_of, path,
            on_done=lambda digest: self._mark(project, exhibit, None if digest == exhibit.sha256 else "⚠ changed"),
            on_error=lambda error: self._mark(project, exhibit, f"⚠ {error}"),
        )  # fmt: skip

    def _mark(self, project: Project, exhibit: Exhibit, problem: str | None) -> None:
        # Looked up when the result arrives: the list may have been refilled, or the exhibit changed, meanwhile.
        if self._project is not project or not any(e is exhibit for e in project.exhibits):
            return
        self._problems[exhibit.id] = problem
        self.file_checked.emit(exhibit.id, problem is None)
        self._recaption(exhibit)

    def _exhibit(self, exhibit_id: str) -> Exhibit | None:
        """The exhibit as the list now shows it (None once gone: results arrive after changes)."""
        return next((e for e in self._project.exhibits if e.id == exhibit_id), None) if self._project else None

    def recheck(self, exhibit_id: str) -> None:
        """Check an exhibit's file again (the user agreed to read it)."""
        exhibit = self._exhibit(exhibit_id)
        if exhibit is not None and self._project is not None:
            self._check_file(self._project, exhibit)

    def mark_redactions(self, exhibit_id: str, boxes: int) -> None:
        """The redaction check's verdict on an exhibit: how many boxes hide text that can still be copied."""
        self._redactions[exhibit_id] = boxes
        exhibit = self._exhibit(exhibit_id)
        if exhibit is not None:
            self._recaption(exhibit)

    def _recaption(self, exhibit: Exhibit) -> None:
        text = caption(exhibit, self._problems.get(exhibit.id), self._redactions.get(exhibit.id, 0))
        for row in range(self.count()):
            item = self.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == exhibit.id:
                item.setText(text)


def caption(exhibit: Exhibit, problem: str | None, bad_redactions: int = 0) -> str:
    marks = [problem] if problem else []
    if bad_redactions:
        marks.append(f"⚠ {bad_redactions} bad redaction{'s' if bad_redactions > 1 else ''}")
    if exhibit.pages_without_text:
        marks.append("scan" if len(exhibit.pages_without_text) == exhibit.page_count else "partly scanned")
    suffix = f"  [{', '.join(marks)}]" if marks else ""
    pages = f"{exhibit.page_count} page{'' if exhibit.page_count == 1 else 's'}"
    return f"{exhibit.label} — {exhibit.title}\n{pages}{suffix}"
