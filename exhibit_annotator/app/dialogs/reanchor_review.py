"""Review ▸ Passages to Check…: what replacing an exhibit's file left for the user (passages found only
approximately, lost ones, areas), side by side with what the new file says; accepting is one undoable step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.model import Annotation
from ...core.project.operations import EditAnnotations
from ...core.project.replace import acceptance
from ..session_link import SessionLink
from ..tables import read_only_table

COLUMNS = ["Cite", "What to check", "Quote as tagged", "What the new file says", "Alike"]


class ReanchorReview(QDialog):
    def __init__(self, link: SessionLink, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reanchor-review")
        self.setWindowTitle("Passages to Check")
        self.link = link
        self.resize(980, 420)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = read_only_table(COLUMNS, (90, 210, 270, 270, 60), stretch_last=False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.accept_selected = QPushButton("&Accept Selected")
        self.accept_all = QPushButton("Accept A&ll")
        buttons.addButton(self.accept_selected, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.accept_all, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.accept_selected.clicked.connect(lambda: self._accept(self._selected()))
        self.accept_all.clicked.connect(lambda: self._accept(self.marked))
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.marked: list[Annotation] = []
        self.refresh()

    def refresh(self) -> None:
        session = self.link.session
        project = session.project if session is not None else None
        self.marked = [a for a in project.annotations if a.reanchored is not None] if project else []
        self.intro.setText(
            "These passages were placed on a replaced file by similarity, or not found. They are outlined, not "
            "highlighted, and the brief marks them not verified until you accept them (an approximate one then "
            "quotes what the new file says). A lost one keeps its quote: tag it again where it now is."
            if self.marked
            else "Nothing to check: every passage is verified on its exhibit's file."
        )
        self.table.setRowCount(len(self.marked))
        assert project is not None or not self.marked
        for row, a in enumerate(self.marked):
            assert a.reanchored is not None and project is not None
            cells = [
                project.exhibit(a.exhibit_id).cite(a.page, a.end_page), a.reanchored.describe(),
                a.text or "[area]", a.reanchored.found,
                f"{a.reanchored.similarity:.0%}" if a.reanchored.state == "approximate" else "",
            ]  # fmt: skip
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, str(a.id))
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self.accept_all.setEnabled(bool(self.marked))
        self.accept_selected.setEnabled(bool(self.marked))

    def _selected(self) -> list[Annotation]:
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        return [self.marked[r] for r in rows if r < len(self.marked)]

    def _accept(self, annotations: list[Annotation]) -> None:
        changes = acceptance(annotations)
        if changes:
            self.link.apply(EditAnnotations(f"Accept {len(changes)} new place(s)", changes))
        self.refresh()
