"""An open project, from load to close: the one object the window and every command use to hold one.

It owns what the life of an open project needs beside its ``ProjectSession`` (the changes and their history):
- the **lock** that tells others the project is open (``lock.take_lock``; not taken when opened for review, or by
  a command, which holds the file's write lock for its load-change-save instead, ``lock.writing``);
- a **snapshot** of the file as loaded, so that a save never overwrites what another program wrote meanwhile: it
  refuses, or merges first when the caller gives ``merge_first`` (the window asks the user);
- the autosave **journal**, change by change, and recovery of a journal left by a session that did not end;
- the **save** itself, under the write lock, serialising only what changed since the last save. The window hands
  it ``steps`` and ``off_thread`` runners so that a save of 20,000 annotations never stalls the GUI thread; a
  command saves in one go.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any, TypeVar

from ..errors import UserError
from ..model import Project
from .edits import rebased
from .journal import Journal, Recovery, clear_journal, recovery_for
from .lock import Lock, Snapshot, digesting, held_by_other, release_lock, take_lock, writing
from .session import Change, Operation, ProjectSession
from .store import (
    ProjectText,
    drain,
    load_project,
    load_project_bytes,
    project_bytes_steps,
    save_project,
    write_project,
)

T = TypeVar("T")
Steps = Callable[[Generator[None, None, Any]], Any]  # runs a generator of steps to its result
MergeFirst = Callable[[Path], bool]  # merge what another program wrote to the file; False: do not save


class ChangedOnDisk(UserError):
    """The file is not the one loaded: another program wrote it."""


def _now(work: Callable[[], T]) -> T:
    return work()


class Workspace:
    """An open project. ``open`` (the window: lock, journal, recovery) or ``edit`` (a command: write lock held
    until ``close``, refusal when the window has it open), then ``apply``, ``save``, ``close``."""

    def __init__(
        self, session: ProjectSession, *, journal: bool = True, lock: bool = True, snapshot: bool = True,
        loaded_from: bytes | None = None,
    ) -> None:  # fmt: skip
        self.session = session
        # What a save checks the file against: the bytes the project was loaded from when given (one read of the
        # file, not two), else a read now; none for a workspace that never saves.
        self.snapshot = Snapshot.of(session.path, loaded_from) if snapshot else None
        self._locked: Path | None = None
        self._held = contextlib.ExitStack()
        self._text = ProjectText()  # each annotation's saved text, kept between saves
        self.journal = Journal(session, continuing=session.recovered) if journal else None
        if lock and not session.read_only:
            self._lock(session.path)

    # --- opening ------------------------------------------------------------------------------------------------------
    @staticmethod
    def holder(path: Path) -> Lock | None:
        """Who else has ``path`` open (a live lock), if anyone."""
        return held_by_other(path)

    @staticmethod
    def recovery(path: Path) -> Recovery | None:
        """Unsaved work a session that ended without saving journaled for ``path`` (its project, and when)."""
        return recovery_for(path)

    @staticmethod
    def forget_recovery(path: Path) -> None:
        clear_journal(path)

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        read_only: bool = False,
        recovered: Project | None = None,
        author: str | None = None,
        project: Project | None = None,
        loaded_from: bytes | None = None,
    ) -> Workspace:
        """Open ``path`` for working in (locked, journaled); ``recovered``: the journal's project instead of the
        file's; ``project``: the file as already loaded (``loaded_from``: from these bytes, ``load_project_bytes``,
        so that the file is not read a second time for the snapshot)."""
        raw = loaded_from if recovered is None else None
        if recovered is None and project is None:
            project, raw = load_project_bytes(path)
        loaded = recovered or project
        assert loaded is not None
        session = ProjectSession(loaded, path, read_only, recovered is not None)
        if author is not None:
            session.author = author
        return cls(session, loaded_from=raw)

    @classmethod
    def edit(cls, path: Path, *, force: bool = False) -> Workspace:
        """Open ``path`` for one command that changes it: under its write lock, held until ``close``, so that two
        commands changing it at once never lose one's work (the second waits, then loads what the first saved). A
        project open in the window is refused unless ``force``: its next save would overwrite the change."""
        holder = None if force else held_by_other(path)
        if holder is not None:
            raise UserError(f"{path.name}: open in Exhibit Annotator by {holder.describe()}; a change written now "
                            "would be lost when it saves (close it there, or use --force)")  # fmt: skip
        held = contextlib.ExitStack()
        held.enter_context(writing(path))
        try:
            project, raw = load_project_bytes(path)
            session = ProjectSession(project, path)
        except BaseException:
            held.close()
            raise
        workspace = cls(session, journal=False, lock=False, loaded_from=raw)
        workspace._held = held
        return workspace

    @classmethod
    def read(cls, path: Path) -> Workspace:
        """Open ``path`` only to look, or to try changes that are never saved (a dry run): no lock, no journal, no
        snapshot."""
        return cls(ProjectSession(load_project(path), path), journal=False, lock=False, snapshot=False)

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- working ------------------------------------------------------------------------------------------------------
    @property
    def project(self) -> Project:
        return self.session.project

    @property
    def path(self) -> Path:
        return self.session.path

    def apply(self, op: Operation) -> Change:
        return self.session.apply(op)

    def changed_on_disk(self) -> bool:
        """Whether another program wrote the file since it was loaded (or last saved here)."""
        path = self.path
        return self.snapshot is not None and path.exists() and not self.snapshot.still_matches(path)

    # --- saving -------------------------------------------------------------------------------------------------------
    def save(
        self,
        target: Path | None = None,
        *,
        merge_first: MergeFirst | None = None,
        steps: Steps = drain,
        off_thread: Callable[[Callable[[], None]], object] = _now,
    ) -> Path | None:
        """Write the project to ``target`` (default: its own file; a review goes to another file) and return where,
        or None when ``merge_first`` declined. Under the file's write lock, so that no command slips in between the
        check that nobody changed the file and the write; a file another program changed is merged first
        (``merge_first``) or refused with nothing written."""
        path = self.path
        target = target or path
        with writing(path):  # re-entrant: a command holds it since ``edit``
            if target == path and self.changed_on_disk():
                if merge_first is None:
                    raise ChangedOnDisk(f"{path.name}: it was changed by another program since it was loaded; "
                                        "nothing was written")  # fmt: skip
                if not merge_first(path):
                    return None
            done = self.session.history_length  # the state being saved (a worker's result may land meanwhile)
            copy = self.copy()
            data = steps(project_bytes_steps(copy, target, self._text))
            size, sha256 = steps(digesting(data))
            off_thread(lambda: write_project(target, data))
            written = Snapshot.written(target, size, sha256)
        self._saved(target, done, written)
        return target

    def save_as(self, target: Path) -> None:
        """The project written elsewhere, its exhibits' paths re-expressed from there so the same files are found;
        it is then worked on there (the history starts afresh: paths changed)."""
        project = rebased(self.project, self.path, target)
        save_project(project, target)
        self.session = ProjectSession(project, target, passwords=self.session.passwords, author=self.session.author)
        self._text = ProjectText()
        self._move_to(target, Snapshot.of(target))

    def serialised(self, steps: Steps = drain) -> bytes:
        """The project as its file would hold it, for a worker to read (an export): serialised as a save is, only
        what changed since the last save or export again, and a few milliseconds a step (``steps``); a pickle of
        20,000 annotations held the window 1.2 s."""
        pieces: list[bytes] = steps(project_bytes_steps(self.copy(), self.path, self._text))
        return b"".join(pieces)

    def copy(self) -> Project:
        """The project with its lists copied (models are never changed in place): what a save serialises while
        the window goes on."""
        p = self.project
        lists = ("exhibits", "codebook", "annotations", "deleted", "pending")
        return p.model_copy(update={name: list(getattr(p, name)) for name in lists})

    def _saved(self, target: Path, done: int, written: Snapshot | None) -> None:
        if self.journal is not None:
            self.journal.discard()
        elsewhere = target != self.session.path  # a review saved as one's own file is edited as such from now on
        self.session.saved(target, done)
        if elsewhere:
            self._move_to(target, written)
        else:
            self.snapshot = written

    def _move_to(self, target: Path, snapshot: Snapshot | None) -> None:
        """The session now works on ``target``: the journal and the lock follow the file (both named by its path)."""
        self._close_journal()
        self._unlock()
        self.snapshot = snapshot
        self.journal = Journal(self.session)
        self._lock(target)

    # --- the journal --------------------------------------------------------------------------------------------------
    def discard_journal(self) -> None:
        """Unsaved changes thrown away on purpose (or undone back to the saved state): nothing to recover."""
        if self.journal is not None:
            self.journal.discard()

    def flush_journal(self) -> None:
        """Wait until the journal holds every change so far (tests, and before a risky step)."""
        if self.journal is not None:
            self.journal.flush()

    def journal_failure(self) -> OSError | None:
        """A journal write that failed (a full disk) since last asked."""
        return self.journal.take_failure() if self.journal is not None else None

    # --- the lock -----------------------------------------------------------------------------------------------------
    def refresh_lock(self) -> None:
        """Say again that the project is open (a lock not refreshed goes stale)."""
        if self._locked is not None:
            take_lock(self._locked, user=self.session.author)

    def _lock(self, path: Path) -> None:
        take_lock(path, user=self.session.author)  # the name the user gave, not the login name
        self._locked = path

    def _unlock(self) -> None:
        if self._locked is not None:
            release_lock(self._locked)
            self._locked = None

    def _close_journal(self) -> None:
        if self.journal is not None:
            self.journal.close()
            self.journal = None

    def close(self) -> None:
        """The project is no longer open here: journal closed, locks released."""
        self._close_journal()
        self._unlock()
        self._held.close()
