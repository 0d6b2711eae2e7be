"""The window's link to the open project (a core ``Workspace`` and its ``ProjectSession``): the one door every change
in the window goes through.

``apply(op)`` hands an operation to the session (which makes it and keeps the history); a refusal becomes a
message, never a half change. Every change record (from an operation, an undo or a redo) is relayed as one Qt
signal, ``changed``, from which the views refresh what it names. Edit ▸ Undo and Redo are plain actions that ask
the session, and read their state and names from its history after every change: there is one history, the
session's. The workspace keeps the lock, the snapshot of the file and the autosave journal.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence

from ..core.errors import UserError
from ..core.project.session import Change, Operation, ProjectSession, ReviewOnly
from ..core.project.workspace import MergeFirst, Workspace
from .render import run_in_steps, run_off_thread


class SessionLink(QObject):
    changed = Signal(object)  # Change: what to refresh
    modified_changed = Signal(bool)

    def __init__(
        self, parent: QObject, show_error: Callable[[str, str], None], show_status: Callable[[str, int], None]
    ) -> None:
        super().__init__(parent)
        self.workspace: Workspace | None = None
        self._show_error, self._show_status = show_error, show_status
        self._unsubscribe: Callable[[], None] = lambda: None
        self._modified = False
        self.undo_action = QAction("&Undo", self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(self.undo)
        self.redo_action = QAction("&Redo", self)
        # Both usual Redo keys on every platform: the platform's own (Ctrl+Shift+Z on X11 and macOS, Ctrl+Y on
        # Windows), plus the other one only where the platform does not bind it already: a key bound twice is
        # ambiguous, and dead (../shared/notes/platform-facts.md).
        keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        keys += [QKeySequence(k) for k in ("Ctrl+Shift+Z", "Ctrl+Y") if QKeySequence(k) not in keys]
        self.redo_action.setShortcuts(keys)
        self.redo_action.triggered.connect(self.redo)
        self._show_history()
        # A failed journal write (a full disk) is said once, from the GUI thread.
        self._journal_check = QTimer(self)
        self._journal_check.setInterval(2000)
        self._journal_check.timeout.connect(self._say_if_journal_failed)
        self._journal_check.start()

    @property
    def actions(self) -> list[QAction]:
        return [self.undo_action, self.redo_action]

    @property
    def session(self) -> ProjectSession | None:
        return self.workspace.session if self.workspace is not None else None

    # --- the workspace ------------------------------------------------------------------------------------------------
    def open(self, workspace: Workspace, announce: bool = True) -> None:
        """Show ``workspace`` from now on (a project opened or recovered). ``announce``: tell the views now (the
        window first opens the exhibit tabs, so that the worker starts on the first page before the lists)."""
        self.close(quietly=True)
        self.workspace = workspace
        self._subscribe()
        if announce:
            self.announce(Change(project=True))

    def close(self, quietly: bool = False) -> None:
        """No project from now on: its journal closed, its lock released."""
        self._unsubscribe()
        self._unsubscribe = lambda: None
        if self.workspace is not None:
            self.workspace.close()
        self.workspace = None
        self._show_history()
        if not quietly:
            self._modified = False
            self.modified_changed.emit(False)

    def _subscribe(self) -> None:
        self._unsubscribe()
        session = self.session
        self._unsubscribe = session.subscribe(self._relay) if session is not None else (lambda: None)

    def announce(self, change: Change) -> None:
        self._relay(change)

    def apply(self, op: Operation) -> Change | None:
        """Make a change; a refusal is said (a message, or a status line in review mode) and changes nothing."""
        session = self.session
        if session is None:
            return None
        try:
            return session.apply(op)
        except ReviewOnly as e:
            self._show_status(f"{str(e)[0].upper()}{str(e)[1:]}.", 8000)
            return None
        except UserError as e:
            self._show_error("Cannot change the project", str(e))
            return None

    def undo(self) -> None:
        if self.session is not None:
            self.session.undo()

    def redo(self) -> None:
        if self.session is not None:
            self.session.redo()

    def _relay(self, change: Change) -> None:
        self._show_history()
        self.changed.emit(change)
        modified = self.modified
        if modified != self._modified or change.project:
            self._modified = modified
            self.modified_changed.emit(modified)

    def _show_history(self) -> None:
        """Undo and Redo say what they would undo and redo, from the session's history."""
        session = self.session
        for action, verb, able, label in (
            (
                self.undo_action,
                "&Undo",
                session is not None and session.can_undo,
                session.undo_label if session else "",
            ),
            (
                self.redo_action,
                "&Redo",
                session is not None and session.can_redo,
                session.redo_label if session else "",
            ),
        ):
            action.setEnabled(able)
            action.setText(f"{verb} {label}" if able and label else verb)

    @property
    def modified(self) -> bool:
        return self.session is not None and self.session.modified

    # --- saving -------------------------------------------------------------------------------------------------------
    def save(self, target: Path | None = None, merge_first: MergeFirst | None = None) -> Path | None:
        """Save the open project (to ``target``, a review saved as one's own file): serialised in steps on this
        thread between paints, written on another (``Workspace.save``); None when ``merge_first`` declined."""
        workspace = self.workspace
        assert workspace is not None
        saved = workspace.save(target, merge_first=merge_first, steps=run_in_steps, off_thread=run_off_thread)
        if saved is not None:
            self._relay(Change())
        return saved

    def serialised(self) -> bytes:
        """The open project as its file would hold it, for the worker (an export), in steps between paints."""
        assert self.workspace is not None
        return self.workspace.serialised(steps=run_in_steps)

    def save_as(self, target: Path) -> None:
        """The project written to ``target`` and worked on there (``Workspace.save_as``)."""
        assert self.workspace is not None
        self.workspace.save_as(target)
        self._subscribe()
        self.announce(Change(project=True))

    def flush_journal(self) -> None:
        """Wait until the journal holds every change so far (tests, and before a risky step)."""
        if self.workspace is not None:
            self.workspace.flush_journal()

    def discard_journal(self) -> None:
        """Unsaved changes thrown away on purpose (or undone back to the saved state): nothing to recover."""
        if self.workspace is not None:
            self.workspace.discard_journal()

    def _say_if_journal_failed(self) -> None:
        failed = self.workspace.journal_failure() if self.workspace is not None else None
        if failed is not None:
            self._show_status(f"Autosave failed: {failed.strerror or failed}", 8000)
