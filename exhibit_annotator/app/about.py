"""Help ▸ About: the version and the licences of what the app ships (the text comes from ``core.about``)."""

from __future__ import annotations

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from .. import __version__
from ..core.about import APP_NAME, about_lines
from ..core.resources import icon_path


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        icon = QLabel()
        icon.setPixmap(QPixmap(str(icon_path(64))))
        title = QLabel(f"<b>{APP_NAME}</b> {__version__}<br>Review PDF exhibits, tag passages by claim, export briefs.")
        header = QHBoxLayout()
        header.addWidget(icon)
        header.addWidget(title, 1)
        details = QPlainTextEdit("\n".join(about_lines()))  # plain text: selectable and copyable, never rich text
        details.setObjectName("about-details")
        details.setReadOnly(True)
        details.setMinimumSize(560, 260)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(details)
        layout.addWidget(buttons)
