"""One open project and the one door every change goes through.

A ``ProjectSession`` owns the project, where it lives, whether it is open for review, the passwords typed this
session and the history of operations. ``apply(op)`` makes a change and returns a ``Change`` record naming what
changed; ``undo()`` and ``redo()`` return one too. The window, the command line, scripts and tests all change a
project this way, and views refresh from the record (and only what it names), the way Anki's collection
operations return ``OpChanges``. Undo lives here, not in Qt: a script can undo as the window does.

Nothing here imports Qt; listeners are plain callables (the app relays them as one Qt signal).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..errors import UserError
from ..model import Annotation, Category, Designation, Exhibit, Fact, Project
from .edits import default_author


class ProjectLists(Protocol):
    """A project's lists, or a saved set of them (``operations.Lists``)."""

    @property
    def exhibits(self) -> list[Exhibit]: ...
    @property
    def codebook(self) -> list[Category]: ...
    @property
    def annotations(self) -> list[Annotation]: ...
    @property
    def pending(self) -> list[Annotation]: ...
    @property
    def facts(self) -> list[Fact]: ...
    @property
    def pending_facts(self) -> list[Fact]: ...
    @property
    def designations(self) -> list[Designation]: ...
    @property
    def pending_designations(self) -> list[Designation]: ...


@dataclass(frozen=True)
class Change:
    """What one operation (or its undo) changed: the views refresh what it names and nothing else."""

    annotations: frozenset[uuid.UUID] = frozenset()  # added, edited or removed
    exhibits: frozenset[str] = frozenset()  # added, removed, or their label, title or file changed
    pages_of: frozenset[str] = frozenset()  # exhibits whose highlights changed
    codebook: bool = False
    pending: bool = False  # merge conflicts waiting for a decision (annotations' or facts')
    project: bool = False  # a different project altogether (opened, recovered): everything
    facts: frozenset[uuid.UUID] = frozenset()  # added, edited or removed
    designations: frozenset[uuid.UUID] = frozenset()  # added, edited or removed

    def __or__(self, other: Change) -> Change:
        return Change(
            self.annotations | other.annotations, self.exhibits | other.exhibits, self.pages_of | other.pages_of,
            self.codebook or other.codebook, self.pending or other.pending, self.project or other.project,
            self.facts | other.facts, self.designations | other.designations,
        )  # fmt: skip

    def __bool__(self) -> bool:
        return bool(
            self.annotations or self.exhibits or self.pages_of or self.codebook or self.pending or self.project
            or self.facts or self.designations
        )  # fmt: skip

    @staticmethod
    def of_facts(facts: Iterable[Fact]) -> Change:
        return Change(facts=frozenset(f.id for f in facts))

    @staticmethod
    def of_annotations(annotations: Iterable[Annotation]) -> Change:
        listed = list(annotations)
        return Change(frozenset(a.id for a in listed), pages_of=frozenset(a.exhibit_id for a in listed))

    @staticmethod
    def between(before: ProjectLists, after: ProjectLists) -> Change:
        """What differs between two states of a project, found by object identity (models are replaced, never
        changed in place), so it costs a pass over the lists, not a comparison of their contents."""
        old = {a.id: a for a in before.annotations}
        new = {a.id: a for a in after.annotations}
        changed = [a for i, a in old.items() if new.get(i) is not a] + [
            a for i, a in new.items() if old.get(i) is not a
        ]
        facts, designations = _moved(before.facts, after.facts), _moved(before.designations, after.designations)
        was = {e.id: e for e in before.exhibits}
        now = {e.id: e for e in after.exhibits}
        exhibits = {i for i in was.keys() | now.keys() if was.get(i) is not now.get(i)}
        return Change.of_annotations(changed) | Change(
            exhibits=frozenset(exhibits), codebook=before.codebook != after.codebook,
            pending=before.pending != after.pending or before.pending_facts != after.pending_facts
            or before.pending_designations != after.pending_designations,
            facts=facts, designations=designations,
        )  # fmt: skip


def _moved(before: list[Fact] | list[Designation], after: list[Fact] | list[Designation]) -> frozenset[uuid.UUID]:
    """Ids of the items added, replaced or removed between two lists (models are replaced, never changed)."""
    old = {x.id: x for x in before}
    new = {x.id: x for x in after}
    return frozenset(i for i in old.keys() | new.keys() if old.get(i) is not new.get(i))


class Operation:
    """One user change. ``apply`` checks everything before it changes anything (a refused operation raises a
    ``UserError`` and leaves the project as it was) and returns what changed; ``revert`` takes it back;
    ``reapply`` puts back exactly what ``apply`` made (same ids, same times), never recomputing it."""

    label = "Change"
    review = False  # allowed on a project open for review: review decisions and comments only
    by = ""  # who makes it: the session's author, set by ``ProjectSession.apply``

    def apply(self, project: Project) -> Change:
        raise NotImplementedError

    def revert(self, project: Project) -> Change:
        raise NotImplementedError

    def reapply(self, project: Project) -> Change:
        raise NotImplementedError


class Compound(Operation):
    """Several operations as one step (one undo): all made, or none."""

    def __init__(self, label: str, parts: list[Operation]) -> None:
        self.label, self.parts = label, parts
        self.review = all(p.review for p in parts)

    def apply(self, project: Project) -> Change:
        change, done = Change(), []
        try:
            for part in self.parts:
                part.by = part.by or self.by
                change |= part.apply(project)
                done.append(part)
        except UserError:
            for part in reversed(done):
                part.revert(project)
            raise
        return change

    def revert(self, project: Project) -> Change:
        change = Change()
        for part in reversed(self.parts):
            change |= part.revert(project)
        return change

    def reapply(self, project: Project) -> Change:
        change = Change()
        for part in self.parts:
            change |= part.reapply(project)
        return change


class ReviewOnly(UserError):
    MESSAGE = (
        "open for review: only review decisions and comments can change (File ▸ Save saves them as your own project)"
    )

    def __init__(self, message: str = MESSAGE) -> None:  # the message is an argument, so that it pickles
        super().__init__(message)


Listener = Callable[[Change], None]


@dataclass
class ProjectSession:
    """The open project and its history. ``modified`` is derived from the history: undoing back to the saved
    state makes the project clean again."""

    project: Project
    path: Path
    read_only: bool = False  # open for review: a colleague's file
    recovered: bool = False  # unsaved work recovered from a journal: modified until saved
    passwords: dict[str, str] = field(default_factory=dict)  # exhibit id → password, this session only
    # Who is working: recorded as the one who changed what an operation changes (the window passes its own).
    author: str = field(default_factory=default_author)
    _done: list[Operation] = field(default_factory=list)
    _undone: list[Operation] = field(default_factory=list)
    _saved_at: int | None = 0  # how many operations were done when last saved (None: that state is gone)
    _generation: int = 0  # counts every change, undo and redo: what the autosave journal compares against
    _listeners: list[Listener] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.recovered:
            self._saved_at = None

    # --- the door ---------------------------------------------------------------------------------------------------
    def apply(self, op: Operation) -> Change:
        if self.read_only and not op.review:
            raise ReviewOnly()
        op.by = op.by or self.author
        change = op.apply(self.project)
        if self._saved_at is not None and self._saved_at > len(self._done):
            self._saved_at = None  # the saved state was on the redo branch this change cuts off
        self._done.append(op)
        self._undone.clear()
        return self._changed(change)

    def undo(self) -> Change:
        if not self._done:
            return Change()
        op = self._done.pop()
        self._undone.append(op)
        return self._changed(op.revert(self.project))

    def redo(self) -> Change:
        if not self._undone:
            return Change()
        op = self._undone.pop()
        self._done.append(op)
        return self._changed(op.reapply(self.project))

    def _changed(self, change: Change) -> Change:
        self._generation += 1
        for listener in list(self._listeners):
            listener(change)
        return change

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with every change record; returns the function that stops it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    # --- history ------------------------------------------------------------------------------------------------------
    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    @property
    def undo_label(self) -> str:
        return self._done[-1].label if self._done else ""

    @property
    def redo_label(self) -> str:
        return self._undone[-1].label if self._undone else ""

    @property
    def generation(self) -> int:
        return self._generation

    @property
    def modified(self) -> bool:
        return self._saved_at != len(self._done)

    @property
    def history_length(self) -> int:
        """How many operations are done: a state to name when it is saved (``saved(done=…)``)."""
        return len(self._done)

    def saved(self, path: Path | None = None, done: int | None = None) -> None:
        """The project was written to ``path`` (default: where it lives): that is now the clean state (``done``:
        the state as it was when it was serialised, if operations came after). A review saved as one's own file is
        edited as such from then on."""
        if path is not None and path != self.path:
            self.path, self.read_only = path, False
        self._saved_at = len(self._done) if done is None else done
        self.recovered = False
