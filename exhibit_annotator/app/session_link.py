"""The window's link to the open ``ProjectSession``: the one door every change in the window goes through.

``apply(op)`` hands an operation to the session (which makes it and keeps the history); a refusal becomes a
message, never a half change. Every change record (from an operation, an undo or a redo) is relayed as one Qt
signal, ``changed``, from which the views refresh what it names. Qt's undo stack mirrors the session's history
one step per operation, so Edit ▸ Undo/Redo carry the operations' names; each step asks the session to undo or
redo. The autosave journal (``core.journal``) follows the open session, change by change.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack

from ..core.errors import UserError
from ..core.model import Project
from ..core.project.journal import Journal
from ..core.project.session import Change, Operation, ProjectSession, ReviewOnly
from ..core.project.store import ProjectText, project_bytes_steps


class _Step(QUndoCommand):
    """One operation of the session's history, in Qt's undo stack."""

    def __init__(self, session: ProjectSession, label: str) -> None:
        super().__init__(label)
        self.session = session
        self._made = True  # QUndoStack.push calls redo at once: the session has made the change already

    def redo(self) -> None:
        if self._made:
            self._made = False
        else:
            self.session.redo()

    def undo(self) -> None:
        self.session.undo()


class SessionLink(QObject):
    changed = Signal(object)  # Change: what to refresh
    modified_changed = Signal(bool)

    def __init__(
        self, parent: QObject, show_error: Callable[[str, str], None], show_status: Callable[[str, int], None]
    ) -> None:
        super().__init__(parent)
        self.session: ProjectSession | None = None
        self._show_error, self._show_status = show_error, show_status
        self._unsubscribe: Callable[[], None] = lambda: None
        self._modified = False
        self.journal: Journal | None = None
        self._text = ProjectText()  # each annotation's saved text, kept between saves
        self.undo_stack = QUndoStack(self)
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        # Both usual Redo keys on every platform: the platform's own (Ctrl+Shift+Z on X11 and macOS, Ctrl+Y on
        # Windows), plus the other one only where the platform does not bind it already: a key bound twice is
        # ambiguous, and dead (../shared/notes/platform-facts.md).
        keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        keys += [QKeySequence(k) for k in ("Ctrl+Shift+Z", "Ctrl+Y") if QKeySequence(k) not in keys]
        self.redo_action.setShortcuts(keys)
        # A failed journal write (a full disk) is said once, from the GUI thread.
        self._journal_check = QTimer(self)
        self._journal_check.setInterval(2000)
        self._journal_check.timeout.connect(self._say_if_journal_failed)
        self._journal_check.start()

    @property
    def actions(self) -> list[QAction]:
        return [self.undo_action, self.redo_action]

    # --- the session ------------------------------------------------------------------------------------------------
    def open(self, session: ProjectSession, announce: bool = True) -> None:
        """Show ``session`` from now on (a project opened or recovered). ``announce``: tell the views now (the
        window first opens the exhibit tabs, so that the worker starts on the first page before the lists)."""
        self._unsubscribe()
        self._close_journal()
        self.session = session
        self._unsubscribe = session.subscribe(self._relay)
        self.journal = Journal(session, continuing=session.recovered)
        self._text = ProjectText()
        self.undo_stack.clear()
        if announce:
            self.announce(Change(project=True))

    def close(self) -> None:
        """No project from now on."""
        self._unsubscribe()
        self._unsubscribe = lambda: None
        self._close_journal()
        self.session = None
        self.undo_stack.clear()
        self._modified = False
        self.modified_changed.emit(False)

    def announce(self, change: Change) -> None:
        self._relay(change)

    def apply(self, op: Operation) -> Change | None:
        """Make a change; a refusal is said (a message, or a status line in review mode) and changes nothing."""
        session = self.session
        if session is None:
            return None
        try:
            change = session.apply(op)
        except ReviewOnly as e:
            self._show_status(f"{str(e)[0].upper()}{str(e)[1:]}.", 8000)
            return None
        except UserError as e:
            self._show_error("Cannot change the project", str(e))
            return None
        self.undo_stack.push(_Step(session, op.label))
        return change

    def _relay(self, change: Change) -> None:
        self.changed.emit(change)
        modified = self.modified
        if modified != self._modified or change.project:
            self._modified = modified
            self.modified_changed.emit(modified)

    @property
    def modified(self) -> bool:
        return self.session is not None and self.session.modified

    def snapshot(self) -> Project:
        """The open project with its lists copied (models are never changed in place): what a save serialises on
        another thread while this one goes on."""
        assert self.session is not None
        p = self.session.project
        lists = ("exhibits", "codebook", "annotations", "deleted", "pending")
        return p.model_copy(update={name: list(getattr(p, name)) for name in lists})

    def serialising(self, project: Project, path: Path) -> Generator[None, None, list[bytes]]:
        """``project`` as saved to ``path``, checked, in steps (``render.run_in_steps``); only the annotations
        changed since the last save are serialised again."""
        return project_bytes_steps(project, path, self._text)

    def saved(self, path: Path | None = None, done: int | None = None) -> None:
        """The project was written (to ``path``, a review saved as one's own file) as it was after ``done``
        operations (default: as it is): clean, nothing to recover."""
        session = self.session
        if session is None:
            return
        if self.journal is not None:
            self.journal.discard()
        elsewhere = path is not None and path != session.path
        if elsewhere:
            self._close_journal()
        session.saved(path, done)
        if elsewhere:
            self.journal = Journal(session)  # the journal follows the file: named by its path
        if not session.modified:
            self.undo_stack.setClean()
        self._relay(Change())

    def flush_journal(self) -> None:
        """Wait until the journal holds every change so far (tests, and before a risky step)."""
        if self.journal is not None:
            self.journal.flush()

    def _close_journal(self) -> None:
        if self.journal is not None:
            self.journal.close()
            self.journal = None

    def _say_if_journal_failed(self) -> None:
        failed = self.journal.take_failure() if self.journal is not None else None
        if failed is not None:
            self._show_status(f"Autosave failed: {failed.strerror or failed}", 8000)

    def discard_journal(self) -> None:
        """Unsaved changes thrown away on purpose (or undone back to the saved state): nothing to recover."""
        if self.journal is not None:
            self.journal.discard()
