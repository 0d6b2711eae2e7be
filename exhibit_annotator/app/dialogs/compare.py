"""File ▸ Compare With…: how far a colleague's tagging agrees with ours (per category: lines each tagged, both,
overlap, Cohen's kappa), what each has that the other lacks as lists, and theirs outlined on our pages."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ...core.model import Annotation, Project
from ...core.project.compare import Comparison, compare
from ...core.project.store import load_project
from ..pages.highlights import Highlight

if TYPE_CHECKING:
    from ..window.window_api import WindowApi

THEIRS = QColor(30, 90, 220)


def compare_with_dialog(window: WindowApi) -> None:
    if window.project is None or window.project_path is None:
        return
    chosen = window.choose_and_load("Compare With a Colleague's Project", "Projects (*.json)", load_project)
    if chosen is None:
        return
    name, other = chosen
    window.statusBar().showMessage(f"Comparing with {name.name}…")
    # Reading every line of the shared exhibits takes a while for big ones: in the worker, like rendering.
    window.worker.submit(
        compare, window.project, window.project_path, other, dict(window.passwords),
        on_done=lambda result: CompareDialog(window, other, name, result).show(),
        on_error=lambda error: window.show_error("Cannot compare", str(error)),
    )  # fmt: skip


class CompareDialog(QDialog):
    def __init__(self, window: WindowApi, other: Project, other_path: Path, result: Comparison) -> None:
        super().__init__(window)
        self.main = window
        self.other = other
        self.comparison = result
        self.setObjectName("compare")
        self.setWindowTitle(f"Compare with {other_path.name}")
        window.statusBar().clearMessage()
        table = QTableWidget(len(result.agreement), 6)
        table.setObjectName("agreement")
        table.setHorizontalHeaderLabels(["Category", "Lines (mine)", "Lines (theirs)", "Both", "Overlap", "Kappa"])
        for row, g in enumerate(result.agreement):
            overlap = "–" if g.overlap is None else f"{g.overlap:.2f}"
            kappa = "–" if g.kappa is None else f"{g.kappa:.2f}"
            values = [g.category, g.tagged_a, g.tagged_b, g.both, overlap, kappa]
            for column, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                table.setItem(row, column, item)
        table.resizeColumnsToContents()
        self.mine_only = self._list(result.only_in_a, "mine")
        self.theirs_only = self._list(result.only_in_b, "theirs")
        lists = QHBoxLayout()
        sides = [
            (f"Only mine ({len(result.only_in_a)})", self.mine_only),
            (f"Only theirs ({len(result.only_in_b)}), outlined on the pages", self.theirs_only),
        ]
        for label, widget in sides:
            side = QVBoxLayout()
            side.addWidget(QLabel(label))
            side.addWidget(widget)
            lists.addLayout(side)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        shared = ", ".join(result.shared_exhibits) or "none"
        layout.addWidget(QLabel(f"Exhibits in both projects: {shared}. Kappa: 1 = full agreement, 0 = chance."))
        layout.addWidget(table)
        layout.addLayout(lists)
        layout.addWidget(buttons)
        self.resize(900, 600)
        self._outline(True)
        self.finished.connect(lambda _: self._outline(False))

    def _list(self, annotations: list[Annotation], side: str) -> QListWidget:
        widget = QListWidget()
        widget.setObjectName(f"only-{side}")
        project = self.main.project if side == "mine" else self.other
        assert project is not None
        for a in annotations:
            cite = project.cite_of(a)
            item = QListWidgetItem(f"{cite} ({a.author or '?'}): {(a.text or '[area]')[:90]}")
            item.setData(Qt.ItemDataRole.UserRole, a)
            widget.addItem(item)
        widget.itemActivated.connect(lambda item: self._show(item.data(Qt.ItemDataRole.UserRole), side))
        return widget

    def _mine_exhibit(self, a: Annotation) -> str | None:
        """Our exhibit id for an annotation of theirs (matched by file hash)."""
        sha = next((e.sha256 for e in self.other.exhibits if e.id == a.exhibit_id), None)
        project = self.main.project
        return next((e.id for e in project.exhibits if e.sha256 == sha), None) if project else None

    def _outline(self, on: bool) -> None:
        """Theirs, dashed, on our pages of the shared exhibits."""
        for view in self.main.page_views():
            exhibit_id = self.main.tabs.exhibit_of(view)
            view.outlines = [
                Highlight(r.page, (r.rect[0], r.rect[1], r.rect[2], r.rect[3]), THEIRS, a.author)
                for a in self.comparison.only_in_b if on and self._mine_exhibit(a) == exhibit_id for r in a.rects
            ]  # fmt: skip
            view.viewport().update()

    def _show(self, a: Annotation, side: str) -> None:
        if side == "mine":
            self.main.show_annotation(a)
            return
        exhibit_id = self._mine_exhibit(a)
        if exhibit_id is not None:
            self.main.open_exhibit(exhibit_id, a.page)
            self._outline(True)
