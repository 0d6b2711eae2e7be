"""The fact editor: a fact's statement, date (with the date its passage suggests), status, key mark, issues,
people, note and sources. It only gathers what the user chose; the Facts actions make it one operation."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.model import Annotation, Fact, FactStatus, Project, date_words, fact_date
from ...core.normalize import shortened


@dataclass
class FactDraft:
    """What the editor gathered: the fact's values as ``AddFact``/``EditFacts`` take them, and its sources."""

    values: dict[str, Any]
    sources: list[uuid.UUID] = field(default_factory=list)


class FactEditor(QDialog):
    def __init__(
        self, parent: QWidget, project: Project, fact: Fact | None = None, *, passage: str = "",
        suggested: str = "", sources: list[Annotation] | None = None,
        picked: Callable[[], list[Annotation]] = list, open_source: Callable[[Annotation], None] | None = None,
    ) -> None:  # fmt: skip
        """``passage``: a selection not tagged yet that will be the first source; ``suggested``: the date its text
        names; ``picked``: the annotations selected in the Annotations panel (Add Selected adds them)."""
        super().__init__(parent)
        self.setWindowTitle("New Fact" if fact is None else "Edit Fact")
        self.project, self._picked, self._open_source = project, picked, open_source
        self.text = QPlainTextEdit(fact.text if fact else "")
        self.text.setAccessibleName("Statement")
        self.text.setPlaceholderText("The fact, as the brief will state it")
        self.text.setTabChangesFocus(True)
        self.date = QLineEdit(date_words(fact.date).removeprefix("undated") if fact else suggested)
        self.date.setAccessibleName("Date")
        self.date.setPlaceholderText("2023-10-12, 2023-10, 2023, 2023-10/2023-12, about 2023-10")
        self.date_said = QLabel()
        self.date_said.setTextFormat(Qt.TextFormat.PlainText)
        self.date.textChanged.connect(self._date_changed)
        self.status = QComboBox()
        self.status.setAccessibleName("Status")
        for s in FactStatus:
            self.status.addItem(s.words, s)
        self.status.setCurrentIndex(list(FactStatus).index(fact.status if fact else FactStatus.to_verify))
        self.key = QCheckBox("Key fact")
        self.key.setChecked(bool(fact and fact.key_fact))
        self.issues = QListWidget()
        self.issues.setAccessibleName("Issues")
        for c in project.codebook:
            item = QListWidgetItem(c.name)
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            item.setCheckState(Qt.CheckState.Checked if fact and c.id in fact.issue_ids else Qt.CheckState.Unchecked)
            self.issues.addItem(item)
        self.issues.setMaximumHeight(110)
        self.people = QLineEdit("; ".join(fact.people) if fact else "")
        self.people.setAccessibleName("People")
        self.people.setPlaceholderText("People and organisations, separated by ;")
        self.note = QPlainTextEdit(fact.note if fact else "")
        self.note.setMaximumHeight(60)
        self.note.setTabChangesFocus(True)
        self.sources = QListWidget()
        self.sources.setAccessibleName("Sources")
        self.sources.itemDoubleClicked.connect(self._open)
        if passage:
            item = QListWidgetItem(f"The selection: “{shortened(passage, 90)}”")
            item.setData(Qt.ItemDataRole.UserRole, None)
            self.sources.addItem(item)
        known = {s.annotation_id for s in fact.sources} if fact else set()
        for source in fact.sources if fact else []:
            a = project.annotation_by_id(source.annotation_id)
            self._add_source(source.annotation_id, a)
        for a in sources or []:
            if a.id not in known:
                self._add_source(a.id, a)
        add = QPushButton("Add Selected Annotations")
        add.setToolTip("Add the annotations selected in the Annotations panel as sources")
        add.clicked.connect(self._add_picked)
        drop = QPushButton("Remove Source")
        drop.clicked.connect(lambda: [self.sources.takeItem(self.sources.row(i)) for i in self.sources.selectedItems()])
        source_buttons = QHBoxLayout()
        source_buttons.setContentsMargins(0, 0, 0, 0)
        source_buttons.addWidget(add)
        source_buttons.addWidget(drop)
        source_buttons.addStretch(1)
        form = QFormLayout()
        form.addRow("&Statement", self.text)
        form.addRow("&Date", self.date)  # a label's key goes to a widget, not to a layout: each row starts with one
        form.addRow("", self.date_said)
        form.addRow("Stat&us", self.status)
        form.addRow("", self.key)
        form.addRow("&Issues", self.issues)
        form.addRow("&People", self.people)
        form.addRow("&Note", self.note)
        form.addRow("Sou&rces", self.sources)
        form.addRow("", _row_of(source_buttons))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(560, 620)
        self._suggested = suggested
        self._date_changed()

    def _add_source(self, annotation_id: uuid.UUID, a: Annotation | None) -> None:
        for n in range(self.sources.count()):
            if self.sources.item(n).data(Qt.ItemDataRole.UserRole) == annotation_id:
                return
        if a is None:
            text = "⚠ a source since deleted"
        else:
            text = f"{self.project.cite_of(a)} — “{shortened(a.text, 80)}”" if a.text else self.project.cite_of(a)
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, annotation_id)
        self.sources.addItem(item)

    def _add_picked(self) -> None:
        for a in self._picked():
            self._add_source(a.id, a)

    def _open(self, item: QListWidgetItem) -> None:
        annotation_id = item.data(Qt.ItemDataRole.UserRole)
        a = self.project.annotation_by_id(annotation_id) if annotation_id else None
        if a is not None and self._open_source is not None:
            self._open_source(a)

    def _date_changed(self) -> None:
        typed = self.date.text()
        try:
            said = date_words(fact_date(typed))
        except ValueError as e:
            self.date_said.setText(f"⚠ {e}")
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            return
        suggestion = f" (suggested from the passage: {self._suggested})" if self._suggested else ""
        self.date_said.setText(said + suggestion)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)

    def draft(self) -> FactDraft:
        """The fact as the user left it (call after ``exec`` accepted)."""
        issues = [
            self.issues.item(n).data(Qt.ItemDataRole.UserRole) for n in range(self.issues.count())
            if self.issues.item(n).checkState() == Qt.CheckState.Checked
        ]  # fmt: skip
        values: dict[str, Any] = {
            "text": self.text.toPlainText().strip(), "date": self.date.text().strip(),
            "status": self.status.currentData(), "key_fact": self.key.isChecked(), "issue_ids": issues,
            "people": [p.strip() for p in self.people.text().split(";") if p.strip()],
            "note": self.note.toPlainText().strip(),
        }  # fmt: skip
        ids = [self.sources.item(n).data(Qt.ItemDataRole.UserRole) for n in range(self.sources.count())]
        return FactDraft(values, [i for i in ids if i is not None])


def _row_of(layout: QHBoxLayout) -> QWidget:
    holder = QWidget()
    holder.setLayout(layout)
    return holder
