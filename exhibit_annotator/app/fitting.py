"""Dialogs that fit a laptop's screen: a form taller than the screen scrolls inside the dialog, and the dialog
opens no larger than the screen, so its buttons never fall below the edge (1366×768 at 100 %, 1280×720 at
125 %, that is 1024×576)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFrame, QLayout, QScrollArea, QWidget

MARGIN = 80  # the window frame and a task bar's worth


def scrolling(layout: QLayout, name: str) -> QScrollArea:
    """``layout`` in a frameless scroll area, as a dialog's body; ``name``: what a screen reader calls it."""
    body = QWidget()
    body.setLayout(layout)
    area = QScrollArea()
    area.setObjectName("dialog-body")
    area.setAccessibleName(name)
    area.setWidget(body)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


def fit(dialog: QDialog, area: QScrollArea) -> None:
    """Size ``area`` to its content where the screen allows, else to what the screen leaves (it then scrolls), and
    the dialog to match."""
    body = area.widget()
    if body is None:
        return
    screen = dialog.screen().availableGeometry()
    around = dialog.sizeHint() - area.sizeHint()  # the buttons, margins and what else the dialog holds
    bar = area.verticalScrollBar().sizeHint().width()
    width = min(body.sizeHint().width() + bar, screen.width() - MARGIN - around.width())
    height = min(body.sizeHint().height(), screen.height() - MARGIN - around.height())
    area.setMinimumSize(max(width, 200), max(height, 120))
    dialog.resize(dialog.minimumSizeHint().expandedTo(area.minimumSize() + around))
