"""Starting the app: the QApplication, the main window, the project to show first."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from ..core.paths import data_dir
from ..core.resources import sample_project_path
from .main_window import MainWindow


def run(project: Path | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Exhibit Annotator")
    app.setOrganizationName("ExhibitAnnotator")
    window = MainWindow()
    window.show()
    target = project or working_sample()
    if target is not None:
        window.open_project(target)
    return int(app.exec())


def working_sample() -> Path | None:
    """The sample project, copied once into the data folder: tagging it must not write into the installed app
    (read-only when packaged), and the copy keeps the user's tags between runs."""
    bundled = sample_project_path()
    if not bundled.exists():
        return None
    folder = data_dir() / "sample"
    copy = folder / bundled.name
    if not copy.exists():
        try:
            shutil.copytree(bundled.parent, folder, dirs_exist_ok=True)
        except OSError:
            return bundled  # read it in place; saving will say why it cannot
    return copy
