"""The Help menu's pages: About (the version and the licences of what the app ships, from ``core.about``) and
Keyboard Shortcuts (read from the window's own actions, so it is never out of date)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ... import __version__
from ...core.about import APP_NAME, about_lines
from ...core.resources import icon_path


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


class KeysDialog(QDialog):
    """Every command with a key, menu by menu, then the codebook's keys: as the platform writes them."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("keyboard-shortcuts")
        self.setWindowTitle("Keyboard Shortcuts")
        rows: list[tuple[str, str, str]] = []
        for entry in window.menuBar().actions():
            menu = entry.menu()
            for action in menu.actions() if isinstance(menu, QMenu) else []:
                if action.shortcuts():
                    rows.append((entry.text().replace("&", ""), action.text().replace("&", ""), _keys(action)))
        rows += [("Codebook", a.text(), _keys(a)) for a in window.actions() if a.property("codebook")]
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(["Menu", "Command", "Keys"])
        self.table.setAccessibleName("Keyboard shortcuts")
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.verticalHeader().hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(560, 560)


def _keys(action: QAction) -> str:
    """The keys a laptop has: the platform also binds the dedicated Redo, Copy, Help… keys of some keyboards, which
    read as a word ("Redo") in a list of keys."""
    return ", ".join(
        k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()
        if not _dedicated(k)
    )  # fmt: skip


def _dedicated(key: QKeySequence) -> bool:
    combination = key[0]  # type: ignore[index]  # QKeySequence.operator[] (PySide6 has it; its stubs do not)
    code = combination.key().value
    return key.count() == 1 and combination.keyboardModifiers() == Qt.KeyboardModifier.NoModifier and code >= 0x01000061


GETTING_STARTED = """
<h2>Getting started</h2>
<ol>
<li><b>Open the sample.</b> Help ▸ Open the Sample Project (or the start screen's button) opens a small case:
exhibits in English, Russian and Arabic, a scan, and a codebook of claims.</li>
<li><b>Start your own case.</b> File ▸ New Project: the case's name, its parties, a codebook to start from, and where
the project file goes (beside the exhibits is best: it stores their places relative to itself).</li>
<li><b>Add exhibits.</b> File ▸ Add Exhibits (Ctrl+Shift+A), or drag PDFs onto the window. Scans are read by OCR
in the background.</li>
<li><b>Tag a passage.</b> Drag across the words, then press a category's number key (1–9), or Ctrl+T to choose
several categories and add a note. Alt+drag tags an area (a signature, a table). Right-click a highlight to change
it; Ctrl+Z undoes anything.</li>
<li><b>Build the facts.</b> Select a passage and press Ctrl+Shift+F: a fact, dated from the passage's words, with
the passage as its source. The Facts tab lists them by date over a timeline; File ▸ Export writes the chronology and
the statement of undisputed facts.</li>
<li><b>Find.</b> Ctrl+F searches every exhibit; the Annotations list filters by category, exhibit, author and
review status.</li>
<li><b>Export the brief.</b> File ▸ Export (Ctrl+E): Word or PDF, the passages grouped by claim with pinpoint cites
(<i>Ex. 3 at 2</i>), or Bates-stamped copies to produce.</li>
<li><b>Work with colleagues.</b> File ▸ Merge a Colleague's Project brings in a colleague's project file;
conflicts are kept side by side until someone decides.</li>
</ol>
<p>Help ▸ Keyboard Shortcuts lists every key. Nothing leaves this computer: the app makes no network calls.</p>
"""


class GettingStarted(QDialog):
    """One page: open the sample, start a case, add an exhibit, tag, export."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("getting-started")
        self.setWindowTitle("Getting Started")
        text = QTextBrowser()
        text.setOpenLinks(False)
        text.setHtml(GETTING_STARTED)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)
        self.resize(620, 560)
