"""The Facts panel: the case's facts in date order with their sources' cites, filtered by issue, person, status and
text, over a timeline of them. Rows, order and filters come from the core (``project.facts.chosen``,
``brief.facts.fact_row``); the panel shows them and turns clicks and keys into requests the window carries out."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core.brief.facts import FactRow, fact_row
from ...core.model import FactStatus, Project
from ...core.project.facts import chosen
from ..pages.reading_order import starts_rtl
from .timeline import Timeline

COLUMNS = ["★", "Date", "Fact", "Sources", "Issues", "People", "Status"]
ALL = "All"  # the filters' first item, named for what it filters: "All issues"
WARNING = QColor("#b00020")


class FactModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[FactRow] = []
        self.waiting: set[uuid.UUID] = set()  # facts with a colleague's version waiting for a decision

    def set_rows(self, rows: list[FactRow], waiting: set[uuid.UUID]) -> None:
        self.beginResetModel()
        self.rows, self.waiting = rows, waiting
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "★":
                return "★" if r.fact.key_fact else ""
            if column == "Sources":
                text = r.record or "no source"
                return f"⚠ {text}" if r.problems and r.record else text
            if column == "Status":
                return ("⚠ conflict · " if r.fact.id in self.waiting else "") + r.fact.status.words
            return {"Date": r.date, "Fact": r.fact.text, "Issues": r.issues, "People": r.people}[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [r.fact.text, *(f"{s.cite}: “{s.quote}”" for s in r.sources if s.quote)]
            lines += [f"⚠ {p}" for p in r.problems]
            if r.fact.note:
                lines.append(f"Note: {r.fact.note}")
            return "\n".join(lines)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "Fact":
            side = Qt.AlignmentFlag.AlignRight if starts_rtl(r.fact.text) else Qt.AlignmentFlag.AlignLeft
            return side | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ForegroundRole and column == "Sources" and r.problems:
            return WARNING
        if role == Qt.ItemDataRole.UserRole:
            return r.fact.id
        return None


class FactsPanel(QWidget):
    new_requested = Signal()
    edit_requested = Signal(object)  # fact id
    delete_requested = Signal(list)  # fact ids
    menu_requested = Signal(list, QPoint)  # fact ids, where

    def __init__(self) -> None:
        super().__init__()
        self.project: Project | None = None
        self.timeline = Timeline()
        self.timeline.chosen.connect(self.select_ids)
        self.issue = QComboBox()
        self.person = QComboBox()
        self.status = QComboBox()
        self.text = QLineEdit()
        self.text.setPlaceholderText("Filter facts…")
        self.text.setClearButtonEnabled(True)
        for box, name in ((self.issue, "Issue"), (self.person, "Person"), (self.status, "Status")):
            box.setAccessibleName(name)
            box.setToolTip(name)
            box.currentIndexChanged.connect(self.refresh)
        self.text.textChanged.connect(self.refresh)
        self.new_button = QPushButton("New Fact…")
        self.new_button.clicked.connect(self.new_requested)
        self.count = QLabel()
        self.model = FactModel()
        self.table = QTableView()
        self.table.setAccessibleName("Facts")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((24, 92, 260, 110, 110, 100, 80)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(lambda index: self.edit_requested.emit(self.model.rows[index.row()].fact.id))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(
            lambda at: self.menu_requested.emit(self.selected_ids(), self.table.viewport().mapToGlobal(at))
        )
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        filters = QHBoxLayout()
        filters.addWidget(self.text, 2)
        for box in (self.issue, self.person, self.status):
            filters.addWidget(box, 1)
        below = QHBoxLayout()
        below.addWidget(self.count, 1)
        below.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.timeline)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(below)

    def set_project(self, project: Project | None) -> None:
        """A project opened, or its codebook or facts changed: filters and rows again (a case has hundreds of facts,
        not thousands: all rows are made again)."""
        self.project = project
        keep = (self.issue.currentText(), self.person.currentText(), self.status.currentText())
        for box, every, items in (
            (self.issue, "All issues", [c.name for c in project.codebook] if project else []),
            (self.person, "All people", sorted({p for f in project.facts for p in f.people}, key=str.casefold)
             if project else []),
            (self.status, "Any status", [s.words for s in FactStatus]),
        ):  # fmt: skip
            box.blockSignals(True)
            box.clear()
            box.addItem(every, ALL)
            box.addItems(items)
            box.setCurrentIndex(max(box.findText(keep[(self.issue, self.person, self.status).index(box)]), 0))
            box.blockSignals(False)
        self.refresh()

    def cites_any(self, annotation_ids: frozenset[uuid.UUID]) -> bool:
        """Whether a fact has one of these annotations as a source (a tag elsewhere changes no row here)."""
        facts = self.project.facts if self.project is not None else []
        return any(s.annotation_id in annotation_ids for f in facts for s in f.sources)

    def refresh(self) -> None:
        project = self.project
        if project is None:
            self.model.set_rows([], set())
            self.timeline.show_facts(Project(), [])
            self.count.setText("")
            return
        selected = set(self.selected_ids())
        issue = next((c.id for c in project.codebook if c.name == self.issue.currentText()), None)
        status = next((s for s in FactStatus if s.words == self.status.currentText()), None)
        person = self.person.currentText() if self.person.currentIndex() > 0 else None
        facts = chosen(
            project, issues={issue} if issue else None, statuses={status} if status else None,
            people={person} if person else None, text=self.text.text().strip(),
        )  # fmt: skip
        self.model.set_rows([fact_row(project, f) for f in facts], {f.id for f in project.pending_facts})
        self.timeline.show_facts(project, facts)
        self.table.resizeRowsToContents()
        shown, total = len(facts), len(project.facts)
        unsupported = sum(bool(r.problems) for r in self.model.rows)
        self.count.setText(
            f"{shown} of {total} facts" + (f" · ⚠ {unsupported} without full support" if unsupported else "")
        )
        self.select_ids(selected)

    def selected_ids(self) -> list[uuid.UUID]:
        return [self.model.rows[i.row()].fact.id for i in self.table.selectionModel().selectedRows()]

    def select_ids(self, ids: object) -> None:
        wanted = {ids} if isinstance(ids, uuid.UUID) else set(ids)  # type: ignore[call-overload]
        selection = self.table.selectionModel()
        selection.clearSelection()
        for n, r in enumerate(self.model.rows):
            if r.fact.id in wanted:
                index = self.model.index(n, 0)
                selection.select(index, selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
                self.table.scrollTo(index)

    def _selection_changed(self) -> None:
        self.timeline.selected = set(self.selected_ids())
        self.timeline.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        ids = self.selected_ids()
        if ids and event.matches(QKeySequence.StandardKey.Delete):
            self.delete_requested.emit(ids)
        elif len(ids) == 1 and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.edit_requested.emit(ids[0])
        else:
            super().keyPressEvent(event)
