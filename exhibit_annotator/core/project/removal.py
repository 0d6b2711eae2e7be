"""Removing facts or designations: the one operation for both, the ids recorded as deleted so that a merge does not
bring them back unannounced (annotations have their own, which keeps their places for undo)."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from ..errors import EditError
from ..model import Deletion, Project
from .session import Change, Operation

Kind = Literal["facts", "designations"]
NOUNS = {"facts": "fact", "designations": "designation"}


class RemoveItems(Operation):
    def __init__(self, kind: Kind, ids: list[uuid.UUID]) -> None:
        self.kind, self.ids = kind, ids
        noun = NOUNS[kind]
        self.label = f"Delete {len(ids)} {noun}{'s' if len(ids) != 1 else ''}"
        self._lists: tuple[tuple[list[Any], list[Deletion]], tuple[list[Any], list[Deletion]]] | None = None

    def apply(self, project: Project) -> Change:
        items: list[Any] = getattr(project, self.kind)
        present = {x.id for x in items}
        missing = [i for i in self.ids if i not in present]
        if missing:
            raise EditError(f"no {NOUNS[self.kind]} {missing[0]} in the project")
        gone = set(self.ids)
        after = (
            [x for x in items if x.id not in gone],
            [*project.deleted, *(Deletion(id=i, by=self.by) for i in self.ids)],
        )
        self._lists = ((items, project.deleted), after)
        return self.reapply(project)

    def _put(self, project: Project, lists: tuple[list[Any], list[Deletion]]) -> Change:
        setattr(project, self.kind, lists[0])
        project.deleted = lists[1]
        ids = frozenset(self.ids)
        return Change(facts=ids) if self.kind == "facts" else Change(designations=ids)

    def revert(self, project: Project) -> Change:
        assert self._lists is not None
        return self._put(project, self._lists[0])

    def reapply(self, project: Project) -> Change:
        assert self._lists is not None
        return self._put(project, self._lists[1])
