"""Working with colleagues' files: locks, review mode, saving over a file someone else changed, and merging.

- Opening a project someone else has open (a live lock, kept by the ``Workspace``) asks: open for review (read-only) or
  anyway. A project opened for review accepts review decisions and comments only, and is saved to a file of
  one's own (Save As), never over the colleague's.
- Saving first checks that the file on disk is the one loaded; if someone else wrote it meanwhile, it never
  overwrites: it offers to merge their changes first (``core.project.merge``), then saves.
- File ▸ Merge… merges a colleague's file as one undoable step and shows the report; conflicts are decided side
  by side (``ConflictDialog``), or left pending in the project for later.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import UserError
from ...core.model import Annotation, Project
from ...core.project.lock import REFRESH_EVERY
from ...core.project.merge import MergeReport
from ...core.project.operations import MergeProject, ResolveConflict
from ...core.project.store import load_project
from ...core.project.workspace import Workspace

if TYPE_CHECKING:
    from ..window.window_api import WindowApi


class ReviewBanner(QLabel):
    """Review mode said where the work is, not only in the title bar."""

    def __init__(self) -> None:
        super().__init__(
            "Open for review: only review decisions and comments can change. File ▸ Save writes them to a file of "
            "your own, never over your colleague's."
        )
        self.setObjectName("review-banner")
        self.setWordWrap(True)
        self.setStyleSheet("QLabel { background: palette(highlight); color: palette(highlighted-text); padding: 4px; }")
        self.hide()


class Sharing(QObject):
    """The questions working with colleagues asks (the workspace keeps the lock and knows the file changed)."""

    def __init__(self, window: WindowApi) -> None:
        super().__init__(window)
        self.window = window
        self._refresh = QTimer(self)
        self._refresh.setInterval(int(REFRESH_EVERY.total_seconds() * 1000))
        self._refresh.timeout.connect(self._refresh_lock)
        self._refresh.start()

    def _refresh_lock(self) -> None:
        if self.window.link.workspace is not None:
            self.window.link.workspace.refresh_lock()

    # --- opening ------------------------------------------------------------------------------------------------------
    def ask_mode(self, path: Path, review: bool = False) -> bool | None:
        """Whether to open ``path`` read-only (True), for editing (False), or not at all (None)."""
        if review:
            return True
        other = Workspace.holder(path)
        if other is None:
            return False
        box = QMessageBox(QMessageBox.Icon.Warning, "Project in use",
                          f"{path.name} is open by {other.describe()}.\n\nOpen it for review (read-only)? Editing it "
                          "at the same time risks two versions; the app will not overwrite theirs, it offers to "
                          "merge.", parent=self.window)  # fmt: skip
        box.setObjectName("project-locked")
        review_button = box.addButton("Open for Review", QMessageBox.ButtonRole.AcceptRole)
        anyway = box.addButton("Open Anyway", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(review_button)
        box.exec()
        if box.clickedButton() == review_button:
            return True
        return False if box.clickedButton() == anyway else None

    @property
    def read_only(self) -> bool:
        """Open for review: the session allows review decisions and comments only (``Operation.review``)."""
        session = self.window.session
        return session is not None and session.read_only

    # --- saving -------------------------------------------------------------------------------------------------------
    def review_target(self, path: Path) -> Path | None:
        """Where a review of ``path`` is saved: a file of one's own, never the colleague's; None to give up."""
        w = self.window
        name, _ = QFileDialog.getSaveFileName(w, "Save Review As", str(path.with_name(path.stem + "-review.json")),
                                              "Projects (*.json)")  # fmt: skip
        if name and Path(name).resolve() == path.resolve():
            w.show_error("Not saved", f"{path.name} is your colleague's file: save your review as another file.")
            return None
        return Path(name) if name else None

    def merge_first(self, path: Path) -> bool:
        """Someone else wrote ``path`` since it was opened: merge their changes first (True), or do not save."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Changed on disk",
                          f"{path.name} was changed by someone else since you opened it. Saving now would lose "
                          "their changes.\n\nMerge their changes into yours, then save?",
                          parent=self.window)  # fmt: skip
        box.setObjectName("changed-on-disk")
        merge_button = box.addButton("Merge, Then Save", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() == merge_button and self.merge_file(path)

    # --- merging ------------------------------------------------------------------------------------------------------
    def choose_and_merge(self) -> None:
        w = self.window
        if w.project is None or self.read_only:
            return
        name, _ = QFileDialog.getOpenFileName(w, "Merge a Colleague's Project", "", "Projects (*.json)")
        if name:
            self.merge_file(Path(name))

    def merge_file(self, theirs_path: Path) -> bool:
        w = self.window
        session = w.session
        assert session is not None
        try:
            theirs = load_project(theirs_path)
        except UserError as e:
            w.show_error("Cannot merge", str(e))
            return False
        op = MergeProject(session.path, theirs, theirs_path)
        if w.link.apply(op) is None or op.report is None:
            return False
        report = op.report
        MergeReportDialog(report, theirs_path, session.project, w).exec()
        if report.conflicts:
            ConflictDialog(w).exec()
        return True


class MergeReportDialog(QMessageBox):
    def __init__(self, report: MergeReport, theirs: Path, merged: Project, parent: QWidget) -> None:
        super().__init__(QMessageBox.Icon.Information, "Merge report", f"Merged {theirs.name}.", parent=parent)
        self.setObjectName("merge-report")
        lines = [line[0].upper() + line[1:] for line in report.lines(merged)]
        self.setInformativeText("\n".join([*lines, "Edit ▸ Undo takes the whole merge back."]))


def _describe(project: Project, a: Annotation) -> str:
    review = a.review.value + (f" — {a.review_comment}" if a.review_comment else "")
    star = "★ " if a.key_passage else ""
    return (
        f"{star}{project.category_names(a.category_ids)}\nNote: {a.note or '—'}\nReview: {review}\n"
        f"By {a.edited_by or '?'}, {a.modified:%Y-%m-%d %H:%M}"
        + (f" (tagged by {a.author})" if a.modified_by and a.modified_by != a.author else "")
    )


class ConflictDialog(QDialog):
    """Each annotation both sides changed, side by side: keep mine, take theirs, or decide later."""

    def __init__(self, window: WindowApi) -> None:
        super().__init__(window)
        self.main = window
        self.setObjectName("conflicts")
        self.setWindowTitle("Merge conflicts")
        project = window.project
        assert project is not None
        grid = QGridLayout()
        grid.addWidget(QLabel("<b>Mine</b>"), 0, 1)
        grid.addWidget(QLabel("<b>Theirs</b>"), 0, 2)
        mine = {a.id: a for a in project.annotations}
        for row, theirs in enumerate(project.pending, start=1):
            ours = mine.get(theirs.id)  # None: deleted here since the merge
            shown = ours or theirs
            quote = QLabel(f"{project.cite_of(shown)}\n“{(shown.text or '[area]')[:120]}”")
            quote.setWordWrap(True)
            grid.addWidget(quote, row, 0)
            for column, version, take in ((1, ours, False), (2, theirs, True)):
                text = QPlainTextEdit("Deleted here." if version is None else _describe(project, version))
                text.setReadOnly(True)
                text.setFixedHeight(96)
                grid.addWidget(text, row, column)
                labels = ("Restore Theirs", "Keep Deleted") if ours is None else ("Take Theirs", "Keep Mine")
                button = QPushButton(labels[0] if take else labels[1])
                button.setObjectName(f"{'theirs' if take else 'mine'}-{row}")
                button.clicked.connect(lambda _=False, i=theirs.id, t=take, r=row: self._decide(i, t, r))
                grid.addWidget(button, row, 3 + column - 1)
        grid.setRowStretch(grid.rowCount(), 1)  # rows at the top, not spread over the dialog
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        body = QWidget()
        body.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        note = QLabel("Undecided conflicts stay in the project (both versions) until you decide.")
        note.setAlignment(Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(980, 520)
        self._grid = grid

    def _decide(self, annotation_id: uuid.UUID, take_theirs: bool, row: int) -> None:
        if self.main.link.apply(ResolveConflict(annotation_id, take_theirs)) is not None:
            for column in range(self._grid.columnCount()):
                item = self._grid.itemAtPosition(row, column)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.setEnabled(False)
