"""Starting the app: the QApplication, the main window, the project to show first."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from .. import __version__
from ..core.resources import icon_path, working_sample
from . import appearance, errors
from .window.main_window import MainWindow

SELF_TEST_TIMEOUT_MS = 60_000  # a cold bundle on a slow laptop starts its worker in a few seconds


def run(project: Path | None = None, self_test: bool = False, qt_options: list[str] | None = None) -> int:
    """``qt_options``: Qt's own (``-style Fusion``, ``-reverse``, ``-platform xcb``), passed to QApplication."""
    app = QApplication.instance() or QApplication([*sys.argv[:1], *(qt_options or [])])
    assert isinstance(app, QApplication)
    app.setApplicationName("Exhibit Annotator")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("ExhibitAnnotator")
    app.setDesktopFileName("exhibit-annotator")  # Wayland and X11 docks match the window to the .desktop entry
    app.setWindowIcon(app_icon())
    window = MainWindow()
    appearance.apply(window.settings.appearance())
    window.show_icons()
    errors.install(lambda: window)
    window.show()
    if not self_test and not window.settings.author() and not os.environ.get("EXHIBIT_ANNOTATOR_AUTHOR"):
        # The first run: who is tagging (else the first tags carry the login name, "root" on some laptops).
        window.edit_preferences()
    target = project or working_sample()
    opened = target is not None and window.open_project(target)
    if self_test:
        return _self_test(app, window, target if opened else None)
    return int(app.exec())


def app_icon() -> QIcon:
    icon = QIcon()
    for size in (16, 32, 48, 64, 128, 256):
        icon.addFile(str(icon_path(size)))
    return icon


def _self_test(app: QApplication, window: MainWindow, project: Path | None) -> int:
    """Checks an install end to end: Qt and its platform plugin, the project, a worker process (in a bundle: a
    frozen child) rendering the first page. Prints one line and exits 0, or says what did not work and exits 1."""
    view = window.current_view()
    if project is None or view is None:
        print(f"self-test failed: {window.last_error or 'no project or no exhibit to show'}", file=sys.stderr)
        window.close()
        return 1
    view.page_rendered.connect(lambda page: app.exit(0))
    QTimer.singleShot(SELF_TEST_TIMEOUT_MS, lambda: app.exit(1))
    code = int(app.exec())
    if code == 0:
        print(f"self-test passed: Exhibit Annotator {__version__} opened {project.name} and showed its first page")
    else:
        print("self-test failed: no page arrived from the worker within 60 s", file=sys.stderr)
    window.close()
    return code
