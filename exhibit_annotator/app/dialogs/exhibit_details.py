"""Exhibit ▸ Properties (label, title, Bates numbering, date, designation, custodian, production volume), Remove,
Move Up/Down: each one operation through the session, so each can be undone."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.model import Exhibit
from ...core.normalize import quantity
from ...core.project.operations import EditExhibit, MoveExhibit, RemoveExhibit
from ..fitting import fit, scrolling
from ..session_link import SessionLink

NO_BATES = -1  # the spin box's "none" value (shown as "—")


class ExhibitDialog(QDialog):
    def __init__(self, exhibit: Exhibit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exhibit-details")
        self.setWindowTitle(f"{exhibit.label} — Properties")
        self.exhibit = exhibit
        self.label = QLineEdit(exhibit.label)
        self.title = QLineEdit(exhibit.title)
        self.title.setMinimumWidth(360)
        self.bates_prefix = QLineEdit(exhibit.bates_prefix or "")
        self.bates_prefix.setPlaceholderText("e.g. META-")
        self.bates_start = QSpinBox()
        self.bates_start.setRange(NO_BATES, 999_999_999)
        self.bates_start.setSpecialValueText("—")  # shown at the minimum: no Bates numbers
        self.bates_start.setValue(exhibit.bates_start if exhibit.bates_start is not None else NO_BATES)
        self.bates_digits = QSpinBox()
        self.bates_digits.setRange(1, 12)
        self.bates_digits.setValue(exhibit.bates_digits)
        self.date = QLineEdit(exhibit.date.isoformat() if exhibit.date else "")
        self.date.setPlaceholderText("YYYY-MM-DD: the document's own date")
        self.confidentiality = QLineEdit(exhibit.confidentiality)
        self.confidentiality.setPlaceholderText("e.g. HIGHLY CONFIDENTIAL – ATTORNEYS' EYES ONLY")
        self.custodian = QLineEdit(exhibit.custodian)
        self.production_volume = QLineEdit(exhibit.production_volume)
        self.production_volume.setPlaceholderText("e.g. META_VOL001")
        self.short_name = QLineEdit(exhibit.short_name)
        self.short_name.setPlaceholderText("e.g. Smith Dep.: cites after the first, in briefs with short forms")
        self.docket = QLineEdit(exhibit.docket)
        self.docket.setPlaceholderText("e.g. 45-3: cited as ECF No. 45-3, at 2")
        numbered = len({c.page for c in exhibit.line_numbers})
        s = "s" if numbered != 1 else ""
        self.cite_lines = QCheckBox(
            f"Line-numbered: cite by transcript page and line ({numbered} sheet{s} of a condensed transcript, "
            f"{len(exhibit.line_numbers)} transcript pages)"
            if exhibit.condensed
            else f"Line-numbered: cite by page and line ({numbered} page{s} with line numbers)"
            if numbered
            else "Line-numbered: no page has line numbers (to look again: the exhibit's menu, Read Line Numbers "
            "and Headers Again)"
        )
        self.cite_lines.setChecked(exhibit.cite_lines and bool(numbered))  # ticked only where there are numbers
        self.cite_lines.setEnabled(bool(numbered))
        found = len(exhibit.running_heads)
        self.leave_out_heads = QCheckBox(
            f"Leave running headers and footers out of quotes and search ({found} found)"
            if found
            else "Leave running headers and footers out of quotes and search (none found)"
        )
        self.leave_out_heads.setToolTip(
            "\n".join(f"“{h.text}”" for h in exhibit.running_heads) + "\n(# stands for a number)" if found else ""
        )
        self.leave_out_heads.setChecked(not exhibit.keep_running_heads and bool(found))
        self.leave_out_heads.setEnabled(bool(found))
        for widget, name in ((self.label, "Label"), (self.title, "Title"), (self.bates_prefix, "Bates prefix"),
                             (self.bates_start, "First Bates number"), (self.bates_digits, "Bates digits"),
                             (self.date, "Date"), (self.confidentiality, "Confidentiality designation"),
                             (self.custodian, "Custodian"), (self.production_volume, "Production volume"),
                             (self.short_name, "Short name"), (self.docket, "Docket entry"),
                             (self.cite_lines, "Line-numbered: cite by page and line"),
                             (self.leave_out_heads, "Leave running headers and footers out")):  # fmt: skip
            widget.setAccessibleName(name)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Label (in cites):", self.label)
        form.addRow("&Title:", self.title)
        form.addRow("Bates &prefix:", self.bates_prefix)
        form.addRow("&First Bates number:", self.bates_start)
        form.addRow("Bates &digits:", self.bates_digits)
        form.addRow("&Date:", self.date)
        form.addRow("&Confidentiality:", self.confidentiality)
        form.addRow("C&ustodian:", self.custodian)
        form.addRow("Production &volume:", self.production_volume)
        form.addRow("&Short name (in cites):", self.short_name)
        form.addRow("Doc&ket entry (ECF No.):", self.docket)
        form.addRow("", self.cite_lines)
        form.addRow("", self.leave_out_heads)
        form.addRow(QLabel(f"File: {exhibit.path} ({quantity(exhibit.page_count, 'page')})"))
        self.body = scrolling(form, "Exhibit properties")
        layout = QVBoxLayout(self)
        layout.addWidget(self.body, 1)
        layout.addWidget(buttons)

    def showEvent(self, event: QShowEvent) -> None:
        fit(self, self.body)
        super().showEvent(event)

    # Makes the change (True) or says why not (False): a refused change keeps the dialog open with every edit in it.
    attempt: Callable[[dict[str, object]], bool] = staticmethod(lambda changes: True)

    def accept(self) -> None:
        changes = self.changes()
        if changes and not self.attempt(changes):
            return  # the message is shown; the user's other edits are still here to correct and try again
        super().accept()

    def changes(self) -> dict[str, object]:
        """What the user changed (the core checks it)."""
        start = self.bates_start.value()
        now = {
            "label": self.label.text().strip(),
            "title": self.title.text().strip(),
            "bates_prefix": self.bates_prefix.text().strip() or None,
            "bates_start": None if start == NO_BATES else start,
            "bates_digits": self.bates_digits.value(),
            "date": self.date.text().strip() or None,  # the core reads and checks it
            "confidentiality": self.confidentiality.text().strip(),
            "custodian": self.custodian.text().strip(),
            "production_volume": self.production_volume.text().strip(),
            "short_name": self.short_name.text().strip(),
            "docket": self.docket.text().strip(),
            # A switch with nothing to switch (no numbers, no running lines) leaves the exhibit's setting as it is.
            "cite_lines": self.cite_lines.isChecked() if self.cite_lines.isEnabled() else self.exhibit.cite_lines,
            "keep_running_heads": not self.leave_out_heads.isChecked()
            if self.leave_out_heads.isEnabled()
            else self.exhibit.keep_running_heads,
        }
        was = {**self.exhibit.model_dump(include=set(now)), "date": self.exhibit.date and self.exhibit.date.isoformat()}
        return {k: v for k, v in now.items() if v != was[k]}


class ExhibitDetails(QObject):
    def __init__(self, window: QWidget, link: SessionLink, author: Callable[[], str]) -> None:
        super().__init__(window)
        self.window, self.link, self._author = window, link, author

    def _exhibit(self, exhibit_id: str) -> Exhibit | None:
        session = self.link.session
        return session.project.exhibit(exhibit_id) if session is not None else None

    def edit(self, exhibit_id: str) -> None:
        exhibit = self._exhibit(exhibit_id)
        if exhibit is None:
            return
        dialog = ExhibitDialog(exhibit, self.window)
        dialog.attempt = lambda changes: self.link.apply(EditExhibit(exhibit_id, **changes)) is not None
        dialog.exec()

    def remove(self, exhibit_id: str) -> None:
        exhibit, session = self._exhibit(exhibit_id), self.link.session
        if exhibit is None or session is None:
            return
        count = len(session.project.annotations_of(exhibit_id))
        box = QMessageBox(
            QMessageBox.Icon.Question, "Remove exhibit",
            f"Remove {exhibit.label} ({exhibit.title}) from the project, with its {count} annotation(s)?\n\n"
            "The PDF file is not touched. Edit ▸ Undo brings them back.",
            QMessageBox.StandardButton.Cancel, self.window,
        )  # fmt: skip
        box.setObjectName("remove-exhibit")
        remove = box.addButton("Remove", QMessageBox.ButtonRole.DestructiveRole)
        box.exec()
        if box.clickedButton() == remove:
            self.link.apply(RemoveExhibit(exhibit_id, self._author()))

    def move(self, exhibit_id: str, step: int) -> None:
        self.link.apply(MoveExhibit(exhibit_id, step))
