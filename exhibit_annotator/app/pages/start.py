"""Starting a project from the window: the start screen (new, open, the sample, recent projects), File ▸ New
Project (case name, court, number, a codebook, where to save it), and unsaved work offered back after a crash."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import UserError
from ...core.model import Codebook, Project, Roles
from ...core.project.store import load_codebook
from ...core.project.workspace import Workspace
from ...core.resources import starting_codebooks

WELCOME = "Start a case with File ▸ New Project, open one, or try the sample project."


class StartScreen(QWidget):
    """Shown when no exhibit is open: what can be done next, and the projects opened lately."""

    new_requested = Signal()
    open_requested = Signal()
    sample_requested = Signal()
    recent_chosen = Signal(object)  # Path

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("start-screen")
        self.message = QLabel(WELCOME)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for text, signal in (("&New Project…", self.new_requested), ("&Open Project…", self.open_requested),
                             ("Open the &Sample", self.sample_requested)):  # fmt: skip
            button = QPushButton(text)
            button.setObjectName(text.replace("&", "").rstrip("…").lower().replace(" ", "-"))
            button.clicked.connect(signal)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.recent = QListWidget()
        self.recent.setObjectName("recent-projects")
        self.recent.setAccessibleName("Recent projects")
        self.recent.setMaximumWidth(640)
        self.recent.itemActivated.connect(lambda item: self.recent_chosen.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.recent_label = QLabel("Recent projects:")
        column = QVBoxLayout(self)
        column.addStretch(1)
        column.addWidget(self.message)
        column.addLayout(buttons)
        column.addSpacing(18)
        column.addWidget(self.recent_label, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(self.recent, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(2)

    def show_state(self, message: str | None, recent: list[Path], titles: dict[Path, str] | None = None) -> None:
        titles = titles or {}
        self.message.setText(message or WELCOME)
        self.recent.clear()
        for path in recent:
            item = QListWidgetItem(titles.get(path, f"{path.stem}  —  {path.parent}"))
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(str(path))
            self.recent.addItem(item)
        self.recent.setVisible(bool(recent))
        self.recent_label.setVisible(bool(recent))


def _file_name(case: str) -> str:
    stem = re.sub(r"[^\w\-]+", "-", case.split(" v. ")[0] if " v. " in case else case).strip("-").lower()
    return f"{stem or 'case'}.json"


class NewProjectDialog(QDialog):
    """The case, the codebook to start from (the default, or a codebook or another project's file) and where the
    project file goes (its exhibits are stored relative to it)."""

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("new-project")
        self.setWindowTitle("New Project")
        self.folder = folder
        self.case = QLineEdit()
        self.case.setPlaceholderText("Kadrey v. Meta Platforms, Inc.")
        self.court = QLineEdit()
        self.court.setPlaceholderText("N.D. Cal.")
        self.number = QLineEdit()
        self.number.setPlaceholderText("3:23-cv-03417")
        self.codebook = QComboBox()
        for path in starting_codebooks():
            self.codebook.addItem(load_codebook(path).name, str(path))
        self.codebook.addItem("From a codebook or another project…", None)
        self.roles = QComboBox()
        for roles in Roles:
            self.roles.addItem(roles.value.replace("/", " v. "), roles)
        self.codebook.activated.connect(self._codebook_chosen)
        self.location = QLineEdit(str(folder / "case.json"))
        self._location_edited = False
        self.location.textEdited.connect(lambda _: setattr(self, "_location_edited", True))
        self.case.textChanged.connect(self._follow_case)
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.location, 1)
        where.addWidget(browse)
        self.error = QLabel()
        self.error.setObjectName("new-project-error")
        self.error.setStyleSheet("color: palette(highlight);")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Case name:", self.case)
        form.addRow("C&ourt:", self.court)
        form.addRow("Case &number:", self.number)
        form.addRow("&Parties:", self.roles)
        form.addRow("Code&book:", self.codebook)
        form.addRow("Save as:", where)  # a layout, not a widget: no buddy for an & key
        form.addRow(self.error)
        form.addRow(buttons)
        for widget, name in ((self.case, "Case name"), (self.court, "Court"), (self.number, "Case number"),
                             (self.codebook, "Codebook"), (self.location, "Project file")):  # fmt: skip
            widget.setAccessibleName(name)
        self.resize(560, self.sizeHint().height())

    def _follow_case(self, text: str) -> None:
        if not self._location_edited:
            self.location.setText(str(Path(self.location.text()).parent / _file_name(text)))

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "New Project File", self.location.text(), "Projects (*.json)")
        if name:
            self.location.setText(name if name.lower().endswith(".json") else name + ".json")
            self._location_edited = True

    def _codebook_chosen(self, index: int) -> None:
        if self.codebook.itemData(index) is not None:
            return
        name, _ = QFileDialog.getOpenFileName(self, "Start From", str(self.folder), "Codebooks or projects (*.json)")
        if name:
            self.codebook.insertItem(0, Path(name).name, name)
        self.codebook.setCurrentIndex(0)

    def path(self) -> Path:
        return Path(self.location.text().strip()).expanduser()

    def codebook_file(self) -> Path:
        return Path(str(self.codebook.currentData()))

    def accept(self) -> None:
        """Checked before the dialog closes: a case name, a folder that exists, no file overwritten, a codebook
        that reads."""
        path = self.path()
        problem = ""
        if not self.case.text().strip():
            problem = "Give the case a name."
        elif path.suffix.lower() != ".json":
            problem = "The project file's name ends in .json."
        elif not path.parent.is_dir():
            problem = f"The folder {path.parent} does not exist."
        elif path.exists():
            problem = f"{path.name} already exists there: choose another name (or open it with File ▸ Open)."
        else:
            try:
                self.loaded: Codebook = load_codebook(self.codebook_file())
            except UserError as e:
                problem = str(e)
        self.error.setText(problem)
        if not problem:
            super().accept()


def offer_recovery(parent: QWidget, path: Path) -> Project | None:
    """Unsaved work journaled for ``path`` by a session that ended without saving: offer it back."""
    recovery = Workspace.recovery(path)
    if recovery is None:
        return None
    box = QMessageBox(
        QMessageBox.Icon.Question, "Recover unsaved work",
        f"{path.name} has unsaved changes from {recovery.written.astimezone():%Y-%m-%d %H:%M} "
        "(the app did not close normally). Recover them?\n\nRecovered changes are not saved until you save.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent,
    )  # fmt: skip
    box.setObjectName("recover")
    box.button(QMessageBox.StandardButton.Yes).setText("Recover")
    box.button(QMessageBox.StandardButton.No).setText("Discard Them")
    if box.exec() == QMessageBox.StandardButton.Yes:
        return recovery.project
    Workspace.forget_recovery(path)
    return None
