"""Undo commands: one class per kind of change to a project, each wrapping the core function that makes it.

A command does its change in ``prepare`` (which may refuse with a ``UserError``, before anything is pushed) and
keeps what it needs to take it back; ``redo`` after an undo replays the recorded result rather than recomputing
it, so redo gives back exactly what undo took away (same ids, same timestamps).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand

from ..core import edits
from ..core.model import Annotation, Project


class Host(Protocol):
    """What commands need of the window: the project, and a way to tell every view that it changed."""

    project: Project | None

    def project_changed(self) -> None: ...


class ProjectCommand(QUndoCommand):
    def __init__(self, host: Host, text: str) -> None:
        super().__init__(text)
        self.host = host
        self._prepared = False

    @property
    def project(self) -> Project:
        assert self.host.project is not None
        return self.host.project

    def prepare(self) -> None:
        """Make the change the first time (may raise ``UserError``: then the command is not pushed)."""
        self._do_first()
        self._prepared = True

    def redo(self) -> None:
        if self._prepared:
            self._prepared = False  # QUndoStack.push calls redo at once: the change is already made
        else:
            self._redo()
        self.host.project_changed()

    def undo(self) -> None:
        self._undo()
        self.host.project_changed()

    def _do_first(self) -> None:
        raise NotImplementedError

    def _redo(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


class AddAnnotation(ProjectCommand):
    """Tag a passage or an area: ``make`` calls the core (``tag_passage``, ``tag_area``)."""

    def __init__(self, host: Host, text: str, make: Callable[[Project], Annotation]) -> None:
        super().__init__(host, text)
        self._make = make
        self.annotation: Annotation | None = None
        self._removed: list[tuple[int, Annotation]] = []

    def _do_first(self) -> None:
        self.annotation = self._make(self.project)

    def _undo(self) -> None:
        assert self.annotation is not None
        self._removed = edits.remove_annotations(self.project, [self.annotation.id], record=False)

    def _redo(self) -> None:
        edits.restore_annotations(self.project, self._removed)


class EditAnnotation(ProjectCommand):
    """Categories, note, key passage, review status."""

    def __init__(self, host: Host, text: str, annotation_id: object, **changes: Any) -> None:
        super().__init__(host, text)
        self._id, self._changes = annotation_id, changes
        self.before: Annotation | None = None
        self.after: Annotation | None = None

    def _do_first(self) -> None:
        self.before, self.after = edits.update_annotation(self.project, self._id, **self._changes)

    def _undo(self) -> None:
        assert self.before is not None
        edits.replace_annotation(self.project, self.before)

    def _redo(self) -> None:
        assert self.after is not None
        edits.replace_annotation(self.project, self.after)


class DeleteAnnotations(ProjectCommand):
    def __init__(self, host: Host, text: str, ids: list[object], by: str = "") -> None:
        super().__init__(host, text)
        self._ids, self._by = ids, by
        self._removed: list[tuple[int, Annotation]] = []

    def _do_first(self) -> None:
        self._removed = edits.remove_annotations(self.project, self._ids, self._by)

    def _undo(self) -> None:
        edits.restore_annotations(self.project, self._removed)

    def _redo(self) -> None:
        edits.remove_annotations(self.project, self._ids, self._by)


class EditCodebook(ProjectCommand):
    """Any codebook change (add, rename, recolour, nest, reorder, merge, delete, import): ``change`` calls the core;
    undo restores the codebook and every annotation's categories as they were."""

    def __init__(self, host: Host, text: str, change: Callable[[Project], object]) -> None:
        super().__init__(host, text)
        self._change = change
        self._before: edits.CodebookState | None = None
        self._after: edits.CodebookState | None = None

    def _do_first(self) -> None:
        self._before = edits.codebook_state(self.project)
        self._change(self.project)
        self._after = edits.codebook_state(self.project)

    def _undo(self) -> None:
        assert self._before is not None
        edits.apply_codebook_state(self.project, self._before)

    def _redo(self) -> None:
        assert self._after is not None
        edits.apply_codebook_state(self.project, self._after)


class ReplaceProject(ProjectCommand):
    """A change to the whole project in one step (a merge): undo puts the previous project back."""

    def __init__(self, host: Host, text: str, make: Callable[[Project], Project]) -> None:
        super().__init__(host, text)
        self._make = make
        self._before: Project | None = None
        self._after: Project | None = None

    def _do_first(self) -> None:
        self._before = self.project.model_copy(deep=True)
        self._after = self._make(self.project)
        self._set(self._after)

    def _set(self, project: Project) -> None:
        # The window keeps its Project object (views and panels hold it): its fields take the other state's.
        self.project.__dict__.update(project.model_copy(deep=True).__dict__)

    def _undo(self) -> None:
        assert self._before is not None
        self._set(self._before)

    def _redo(self) -> None:
        assert self._after is not None
        self._set(self._after)
