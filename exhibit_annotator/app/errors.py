"""The last line of defence: an error nobody expected (a bug) is shown in a dialog with its details to copy, and
the window goes on, with the unsaved work it holds (journaled as usual), instead of the app vanishing."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from .. import __version__

Hook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


class UnexpectedErrorDialog(QMessageBox):
    def __init__(self, error: BaseException, details: str, parent: QWidget | None = None) -> None:
        super().__init__(QMessageBox.Icon.Critical, "Unexpected error", "", parent=parent)
        self.setObjectName("unexpected-error")
        self.setText(f"Something went wrong that should not have: {type(error).__name__}: {error}")
        self.setInformativeText(
            "Your project is still open and your unsaved changes are kept: save them, and please send the details "
            "to whoever supports the app."
        )
        self.setDetailedText(details)
        self.details = details
        self.copy_button = self.addButton("Copy Details and Close", QMessageBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(lambda: QApplication.clipboard().setText(self.details))
        self.addButton(QMessageBox.StandardButton.Close)


def install(parent: Callable[[], QWidget | None]) -> Hook:
    """Route uncaught exceptions (in slots, timers, event handlers) to a dialog over ``parent()``; returns the hook
    that was there before."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, error, tb)
            return
        details = f"Exhibit Annotator {__version__}\n" + "".join(traceback.format_exception(kind, error, tb))
        sys.stderr.write(details)
        UnexpectedErrorDialog(error, details, parent()).open()

    sys.excepthook = hook
    return previous
