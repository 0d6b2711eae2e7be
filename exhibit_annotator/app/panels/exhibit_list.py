"""The Exhibits list: a row per exhibit (label, title, pages, scan), its file checked in the worker (missing,
changed), kept equal to the project from the change records."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QMenu

from ...core.model import Exhibit, Project
from ...core.project.session import Change
from ...core.project.validation import ExhibitState, file_states
from ..render import ProcessWorker

CHECKED_AT_ONCE = 20  # files a job: a page asked for meanwhile waits for one job at most
PROBLEMS = {  # what the list says of an exhibit's file, by its state
    ExhibitState.ok: None,
    ExhibitState.missing: "⚠ missing",
    ExhibitState.outside: "⚠ outside the project folder",  # not even hashed until the user agrees
    ExhibitState.changed: "⚠ changed",
}


class ExhibitList(QListWidget):
    open_requested = Signal(str)  # exhibit id: Enter or a double click
    properties_requested = Signal(str)  # exhibit id
    remove_requested = Signal(str)  # exhibit id
    move_requested = Signal(str, int)  # exhibit id, places (negative: up)
    ocr_requested = Signal(str)  # exhibit id
    replace_requested = Signal(str)  # exhibit id
    layout_requested = Signal(str)  # exhibit id: read its line numbers and running headers again
    comments_requested = Signal(str)  # exhibit id: import the comments in its PDF
    comments_file_requested = Signal(str)  # exhibit id: import comments from XFDF or a commented copy
    xfdf_requested = Signal(str)  # exhibit id: export its annotations as XFDF
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
        self._items: dict[str, QListWidgetItem] = {}  # exhibit id → its row

    def _context_menu(self, pos: QPoint) -> None:
        item = self.itemAt(pos)
        if item is None:
            return
        exhibit_id = str(item.data(Qt.ItemDataRole.UserRole))
        menu = QMenu(self)
        menu.addAction("&Open", lambda: self.open_requested.emit(exhibit_id))
        menu.addAction("&Properties…", lambda: self.properties_requested.emit(exhibit_id))
        menu.addAction("Replace &File…", lambda: self.replace_requested.emit(exhibit_id))
        menu.addAction("Read Line Numbers and &Headers Again", lambda: self.layout_requested.emit(exhibit_id))
        comments = menu.addMenu("&Comments")
        comments.addAction("Import from Its &PDF", lambda: self.comments_requested.emit(exhibit_id))
        comments.addAction(
            "Import from &XFDF or a Commented Copy…", lambda: self.comments_file_requested.emit(exhibit_id)
        )
        comments.addAction("&Export as XFDF…", lambda: self.xfdf_requested.emit(exhibit_id))
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
            recheck = list(project.exhibits) if project else []
        elif change.exhibits and project is not None:
            recheck = [e for e in project.exhibits if e.id in change.exhibits]
        else:
            return
        self.clear()
        self._items = {}
        if project is None:
            return
        for exhibit in project.exhibits:
            item = QListWidgetItem(
                caption(exhibit, self._problems.get(exhibit.id), self._redactions.get(exhibit.id, 0))
            )
            item.setData(Qt.ItemDataRole.UserRole, exhibit.id)
            self.addItem(item)
            self._items[exhibit.id] = item
        self._check_files(project, recheck)

    def _check_files(self, project: Project, exhibits: list[Exhibit]) -> None:
        """Whether each file is there, may be read and is unchanged: in the worker, behind any page it renders, a
        few files a job (their hashes are remembered by size and time; a new one takes 59 ms per 50 MB)."""
        assert self._path is not None
        for start in range(0, len(exhibits), CHECKED_AT_ONCE):
            chunk = exhibits[start : start + CHECKED_AT_ONCE]
            self.worker.submit(
                file_states, self._path, chunk,
                on_done=partial(self._mark_all, project, chunk),
                on_error=partial(self._check_failed, project, chunk),
                owner=self, background=True,
            )  # fmt: skip

    def _check_failed(self, project: Project, exhibits: list[Exhibit], error: Exception) -> None:
        self._mark_all(project, exhibits, {}, str(error))

    def _mark_all(
        self, project: Project, exhibits: list[Exhibit], states: dict[str, tuple[ExhibitState, str]], failed: str = ""
    ) -> None:
        # Looked up when the result arrives: the list may have been refilled, or the exhibit changed, meanwhile.
        if self._project is not project:
            return
        now = {e.id: e for e in project.exhibits}
        for exhibit in exhibits:
            if now.get(exhibit.id) is not exhibit:
                continue
            state, detail = states.get(exhibit.id, (ExhibitState.unreadable, failed))
            self._problems[exhibit.id] = PROBLEMS.get(state, f"⚠ {detail or state.value}")
            self.file_checked.emit(exhibit.id, state is ExhibitState.ok)
            self._recaption(exhibit)

    def _exhibit(self, exhibit_id: str) -> Exhibit | None:
        """The exhibit as the list now shows it (None once gone: results arrive after changes)."""
        return next((e for e in self._project.exhibits if e.id == exhibit_id), None) if self._project else None

    def recheck(self, exhibit_id: str) -> None:
        """Check an exhibit's file again (the user agreed to read it)."""
        exhibit = self._exhibit(exhibit_id)
        if exhibit is not None and self._project is not None:
            self._check_files(self._project, [exhibit])

    def mark_redactions(self, exhibit_id: str, boxes: int) -> None:
        """The redaction check's verdict on an exhibit: how many boxes hide text that can still be copied. Asked
        after every change (the panel shows them all): only a new verdict touches the list."""
        if self._redactions.get(exhibit_id) == boxes:
            return
        self._redactions[exhibit_id] = boxes
        exhibit = self._exhibit(exhibit_id)
        if exhibit is not None:
            self._recaption(exhibit)

    def _recaption(self, exhibit: Exhibit) -> None:
        if (item := self._items.get(exhibit.id)) is not None:
            item.setText(caption(exhibit, self._problems.get(exhibit.id), self._redactions.get(exhibit.id, 0)))


def caption(exhibit: Exhibit, problem: str | None, bad_redactions: int = 0) -> str:
    marks = [problem] if problem else []
    if bad_redactions:
        marks.append(f"⚠ {bad_redactions} bad redaction{'s' if bad_redactions > 1 else ''}")
    if exhibit.pages_without_text:
        marks.append("scan" if len(exhibit.pages_without_text) == exhibit.page_count else "partly scanned")
    if exhibit.line_numbers and exhibit.cite_lines:
        # A transcript or pleading paper: cited by page and line (a condensed one by the transcript's pages).
        marks.append("condensed transcript" if exhibit.condensed else "line-numbered")
    suffix = f"  [{', '.join(marks)}]" if marks else ""
    pages = f"{exhibit.page_count} page{'' if exhibit.page_count == 1 else 's'}"
    return f"{exhibit.label} — {exhibit.title}\n{pages}{suffix}"
