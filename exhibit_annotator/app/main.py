"""Starting the app: the QApplication, the main window, the project to show first."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from ..core.resources import sample_project_path
from .main_window import MainWindow


def run(project: Path | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Exhibit Annotator")
    app.setOrganizationName("ExhibitAnnotator")
    window = MainWindow()
    window.show()
    target = project or sample_project_path()
    if project is not None or target.exists():
        window.open_project(target)
    return int(app.exec())
