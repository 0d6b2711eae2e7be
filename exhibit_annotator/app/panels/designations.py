"""The Designations panel: every designation by witness, in page:line order (``project.designations.ordered``),
filtered by witness and party; a double click shows the lines, Delete deletes, the menu objects and rules. Changes
are core operations the panel asks the window's session link to make."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.model import Designation, Objection, Project, ReviewStatus, Ruling
from ...core.project.designations import (
    DeleteDesignations,
    EditDesignations,
    bases_of,
    ordered,
    parties_of,
    witness_name,
)
from ...core.project.session import Change, Operation
from ..tables import read_only_table

COLUMNS = ["Witness", "Range", "Party", "Kind", "Objections", "Review"]


class DesignationsPanel(QWidget):
    def __init__(self, apply: Callable[[Operation], object], show: Callable[[str, int], None]) -> None:
        """``apply``: the window's door for a change; ``show``: open an exhibit at a page."""
        super().__init__()
        self._apply, self._show = apply, show
        self.project: Project | None = None
        self.rows: list[Designation] = []
        self.witness = QComboBox()
        self.witness.setAccessibleName("Witness")
        self.party = QComboBox()
        self.party.setAccessibleName("Party")
        for box in (self.witness, self.party):
            box.currentIndexChanged.connect(self.refresh)
        self.count = QLabel()
        self.table = read_only_table(COLUMNS, (110, 90, 90, 90, 140))
        self.table.setAccessibleName("Designations")
        self.table.verticalHeader().setVisible(False)
        self.table.cellDoubleClicked.connect(lambda row, _: self._open(self.rows[row]))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._menu)
        filters = QHBoxLayout()
        filters.addWidget(self.witness, 1)
        filters.addWidget(self.party, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)

    def show_change(self, change: Change, project: Project | None) -> None:
        if project is not self.project or change.project or change.designations or change.exhibits or change.pending:
            self.set_project(project)

    def set_project(self, project: Project | None) -> None:
        self.project = project
        for box, every, items in (
            (
                self.witness,
                "All witnesses",
                [witness_name(e) for e in project.exhibits if e.line_numbers] if project else [],
            ),
            (self.party, "All parties", sorted({d.party for d in project.designations}) if project else []),
        ):
            keep = box.currentText()
            box.blockSignals(True)
            box.clear()
            box.addItem(every)
            box.addItems(items)
            box.setCurrentIndex(max(box.findText(keep), 0))
            box.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        project = self.project
        if project is None:
            self.rows = []
            self.table.setRowCount(0)
            self.count.setText("")
            return
        witness = next((e.id for e in project.exhibits if witness_name(e) == self.witness.currentText()), None)
        witness = witness if self.witness.currentIndex() > 0 else None
        party = self.party.currentText() if self.party.currentIndex() > 0 else None
        self.rows = [d for d in ordered(project, {witness} if witness else None) if party is None or d.party == party]
        exhibits = {e.id: e for e in project.exhibits}
        self.table.setRowCount(len(self.rows))
        for n, d in enumerate(self.rows):
            exhibit = exhibits[d.exhibit_id]
            objections = "; ".join(f"{o.basis} ({o.ruling.value})" for o in d.objections)
            review = "" if d.review is ReviewStatus.proposed else d.review.words
            cells = [witness_name(exhibit), d.span(exhibit.page_labels), d.party, d.kind.value, objections, review]
            for column, text in enumerate(cells):
                self.table.setItem(n, column, QTableWidgetItem(text))
        pending = sum(o.ruling is Ruling.pending for d in self.rows for o in d.objections)
        self.count.setText(f"{len(self.rows)} of {len(project.designations)} designations"
                           + (f" · {pending} objection(s) not ruled on" if pending else ""))  # fmt: skip

    def selected(self) -> list[Designation]:
        return [self.rows[i.row()] for i in self.table.selectionModel().selectedRows()]

    def _open(self, d: Designation) -> None:
        self._show(d.exhibit_id, d.page)

    def _menu(self, at: QPoint) -> None:
        chosen = self.selected()
        if not chosen:
            return
        menu = QMenu(self)
        menu.addAction("Show the Lines", lambda: self._open(chosen[0]))
        menu.addAction("Object…", lambda: self._object(chosen))
        if any(d.objections for d in chosen):
            rule = menu.addMenu("Rule on the Objections")
            for ruling in (Ruling.sustained, Ruling.overruled, Ruling.withdrawn, Ruling.pending):
                rule.addAction(ruling.value.capitalize(), partial(self._rule, chosen, ruling))
        review = menu.addMenu("Review")
        for status in (ReviewStatus.accepted, ReviewStatus.rejected, ReviewStatus.needs_work, ReviewStatus.proposed):
            review.addAction(status.words.capitalize(), partial(self._review, chosen, status))
        menu.addSeparator()
        menu.addAction("Delete", lambda: self._delete(chosen))
        menu.popup(self.table.viewport().mapToGlobal(at))

    def _object(self, chosen: list[Designation]) -> None:
        assert self.project is not None
        basis, ok = QInputDialog.getItem(self, "Object", "Basis:", bases_of(self.project), 0, True)
        if ok and basis.strip():
            others = [p for p in parties_of(self.project) if p not in {d.party for d in chosen}]
            party, ok = QInputDialog.getItem(self, "Object", "Objecting party:", others or [""], 0, True)
            if ok:
                objection = Objection(basis=basis.strip(), party=party.strip())
                self._apply(EditDesignations("Object", {d.id: {"objections": [*d.objections, objection]}
                                                        for d in chosen}))  # fmt: skip

    def _rule(self, chosen: list[Designation], ruling: Ruling) -> None:
        changes: dict[uuid.UUID, dict[str, Any]] = {
            d.id: {"objections": [o.model_copy(update={"ruling": ruling}) for o in d.objections]}
            for d in chosen if d.objections
        }  # fmt: skip
        if changes:  # nothing to rule on is no step to undo
            self._apply(EditDesignations(f"Rule: {ruling.value}", changes))

    def _review(self, chosen: list[Designation], status: ReviewStatus) -> None:
        self._apply(EditDesignations(f"Review: {status.words}", {d.id: {"review": status} for d in chosen}))

    def _delete(self, chosen: list[Designation]) -> None:
        self._apply(DeleteDesignations([d.id for d in chosen]))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        chosen = self.selected()
        if chosen and event.matches(QKeySequence.StandardKey.Delete):
            self._delete(chosen)
        else:
            super().keyPressEvent(event)
