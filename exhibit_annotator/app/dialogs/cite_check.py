"""File ▸ Cite-Check Brief…: a brief chosen by the user (edited in Word, or its PDF) checked in the worker against
the project's exhibits (``core.brief.citecheck``), the results in a table: each quotation, its cite and what was
found."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.brief.citecheck import Check, check_brief
from ..tables import read_only_table
from ..window.window_api import WindowApi

COLUMNS = ["Where", "Cite", "Quotation", "Found", "Details"]
TROUBLE = QColor(200, 40, 30)


class CiteCheckDialog(QDialog):
    def __init__(self, brief: Path, checks: list[Check], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cite-check")
        self.setWindowTitle(f"Cite-Check — {brief.name}")
        self.resize(1000, 460)
        held = sum(k.holds for k in checks)
        summary = QLabel(
            f"{held} of {len(checks)} quotation(s) hold." if checks else "No quotation with a cite was found."
        )
        self.table = read_only_table(COLUMNS, (90, 110, 330, 90, 340), stretch_last=False, rows=len(checks))
        for row, k in enumerate(checks):
            cells = [k.citation.where, k.citation.cite, k.citation.quote, k.verdict.value, k.detail]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if not k.holds and column == 3:
                    item.setForeground(TROUBLE)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.summary = summary


def cite_check_with_dialog(window: WindowApi) -> None:
    """Ask for a brief, check it in the worker, show what was found."""
    session = window.session
    if session is None:
        return
    name, _ = QFileDialog.getOpenFileName(
        window, "Cite-Check a Brief", str(session.path.parent), "Briefs (*.docx *.pdf)"
    )
    if not name:
        return
    brief = Path(name)
    window.statusBar().showMessage(f"Checking the quotations of {brief.name}…")
    window.worker.submit(
        check_brief, brief, session.project, session.path, dict(session.passwords),
        on_done=lambda checks: _show(window, brief, checks),
        on_error=lambda error: window.show_error("Cannot cite-check the brief", str(error)),
    )  # fmt: skip


def _show(window: WindowApi, brief: Path, checks: list[Check]) -> None:
    window.statusBar().clearMessage()
    CiteCheckDialog(brief, checks, window).exec()
