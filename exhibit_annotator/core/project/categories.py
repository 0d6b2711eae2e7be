"""The codebook's rules, and its changes as named operations: add, change (rename, recolour, define, shortcut,
nest), move, merge, delete, import. One matcher says which of another codebook's categories are ours (the same id, or
the same name in any case) for both an import and a merge."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ..colours import distinct_colour
from ..errors import EditError
from ..model import (
    Category,
    Codebook,
    Project,
)
from .edits import set_together
from .session import Change, Operation
from .store import describe_validation_error


# --- the codebook ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CodebookState:
    """The codebook, which categories each annotation has and each fact bears on: what a codebook edit changes, and
    undo restores."""

    categories: tuple[Category, ...]
    tags: dict[str, tuple[str, ...]]  # annotation id → category ids
    issues: dict[str, tuple[str, ...]]  # fact id → category ids


def codebook_state(project: Project) -> CodebookState:
    return CodebookState(
        tuple(project.codebook), {str(a.id): tuple(a.category_ids) for a in project.annotations},
        {str(f.id): tuple(f.issue_ids) for f in project.facts},
    )  # fmt: skip


def apply_codebook_state(project: Project, state: CodebookState) -> None:
    annotations = [
        a if tuple(a.category_ids) == state.tags.get(str(a.id), tuple(a.category_ids))
        else a.model_copy(update={"category_ids": list(state.tags[str(a.id)])})
        for a in project.annotations
    ]  # fmt: skip
    facts = [
        f if tuple(f.issue_ids) == state.issues.get(str(f.id), tuple(f.issue_ids))
        else f.model_copy(update={"issue_ids": list(state.issues[str(f.id)])})
        for f in project.facts
    ]  # fmt: skip
    set_together(project, codebook=list(state.categories), annotations=annotations, facts=facts)


def _checked(project: Project, categories: list[Category], apply: bool = True) -> None:
    try:
        Codebook(categories=categories)
    except ValidationError as e:
        raise EditError(f"codebook: {describe_validation_error(e)}") from None
    if apply:
        project.codebook = categories


def _new_category_id(project: Project, name: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower())
    base = base.strip("-") or "category"
    taken = {c.id for c in project.codebook}
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def add_category(project: Project, name: str, colour: str | None = None, parent: str | None = None) -> Category:
    """A new category; without a colour, the one farthest from the codebook's (``colours.distinct_colour``)."""
    colour = colour or distinct_colour(c.colour for c in project.codebook)
    category = Category(id=_new_category_id(project, name), name=name.strip(), colour=colour, parent=parent)
    _checked(project, [*project.codebook, category])
    return category


def change_category(project: Project, category_id: str, **changes: Any) -> None:
    """Rename, recolour, re-nest or set the shortcut of a category (checked against the rest of the codebook)."""
    category = project.category(category_id)
    try:
        changed = Category.model_validate({**category.model_dump(), **changes})
    except ValidationError as e:
        raise EditError(f"{category.name}: {describe_validation_error(e)}") from None
    _checked(project, [changed if c.id == category_id else c for c in project.codebook])


def move_category(project: Project, category_id: str, step: int) -> None:
    order = list(project.codebook)
    i = next(i for i, c in enumerate(order) if c.id == category_id)
    j = min(max(i + step, 0), len(order) - 1)
    order.insert(j, order.pop(i))
    project.codebook = order


def merge_categories(project: Project, source_id: str, target_id: str) -> None:
    """``source``'s annotations move to ``target`` (each category once); ``source`` goes, its children too move."""
    if source_id == target_id:
        raise EditError("a category cannot be merged into itself")
    project.category(target_id)
    delete_category(project, source_id, move_to=target_id)


def delete_category(project: Project, category_id: str, move_to: str | None = None) -> None:
    """Remove a category. Its annotations move to ``move_to``, or just lose it (they are never deleted); its
    children take its parent."""
    gone = project.category(category_id)
    categories = [
        c.model_copy(update={"parent": gone.parent}) if c.parent == category_id else c
        for c in project.codebook if c.id != category_id
    ]  # fmt: skip
    _checked(project, categories, apply=False)
    annotations = list(project.annotations)
    for i, a in enumerate(annotations):
        if category_id in a.category_ids:
            ids = [move_to if c == category_id else c for c in a.category_ids if move_to or c != category_id]
            annotations[i] = a.model_copy(update={"category_ids": list(dict.fromkeys(ids))})
    facts = [
        f.model_copy(update={"issue_ids": list(dict.fromkeys(
            move_to if c == category_id else c for c in f.issue_ids if move_to or c != category_id
        ))}) if category_id in f.issue_ids else f
        for f in project.facts
    ]  # fmt: skip
    set_together(project, codebook=categories, annotations=annotations, facts=facts)


@dataclass
class Matched:
    """Which of another codebook's categories are ours, and those we lack, ready to add: parents mapped to ours
    (a parent we do not know: at the top level), a shortcut kept only where the key is free."""

    same: dict[str, str]  # their id → our id, for every category of theirs
    added: list[Category]  # theirs that we lack, as they would be added
    clashes: list[str]  # the same category named or coloured differently (ours is kept)


def match_categories(ours: list[Category], theirs: list[Category]) -> Matched:
    """The one rule for an import and a merge: the same id, or the same name in any case, is the same category."""
    by_id = {c.id: c for c in ours}
    by_name = {c.name.casefold(): c for c in ours}
    same: dict[str, str] = {}
    lacking: list[Category] = []
    clashes: list[str] = []
    for c in theirs:
        known = by_id.get(c.id) or by_name.get(c.name.casefold())
        if known is not None:
            same[c.id] = known.id
            if known.name != c.name:
                clashes.append(f"{known.name!r} is called {c.name!r} in theirs (kept {known.name!r})")
            if known.colour.lower() != c.colour.lower():
                clashes.append(f"{known.name!r} is {c.colour} in theirs (kept {known.colour})")
            continue
        lacking.append(c)  # its id is free: the same id would have matched
        same[c.id] = c.id
    keys = {c.shortcut for c in ours if c.shortcut}
    added = []
    for c in lacking:
        shortcut = c.shortcut if c.shortcut and c.shortcut not in keys else None
        keys |= {shortcut} if shortcut else set()
        parent = same.get(c.parent) if c.parent else None
        added.append(c.model_copy(update={"parent": parent, "shortcut": shortcut}))
    return Matched(same, added, clashes)


def import_codebook(project: Project, codebook: Codebook) -> Matched:
    """Add the categories of ``codebook`` that the project lacks (``match_categories``), with their colours,
    definitions, nesting and shortcuts. Returns what was matched, added, and named or coloured otherwise there."""
    matched = match_categories(project.codebook, codebook.categories)
    _checked(project, [*project.codebook, *matched.added])
    return matched


# --- the operations -------------------------------------------------------------------------------------------------
class EditCodebook(Operation):
    """A codebook change: ``change`` makes it; undo restores the codebook and every annotation's categories as they
    were. Each kind of change is a named subclass with its one label."""

    label = "Change the codebook"
    _before: CodebookState
    _after: CodebookState

    def change(self, project: Project) -> None:
        raise NotImplementedError

    def apply(self, project: Project) -> Change:
        before = codebook_state(project)
        self.change(project)
        self._before, self._after = before, codebook_state(project)
        return self._difference(project)

    def _difference(self, project: Project) -> Change:
        retagged = {i for i, tags in self._before.tags.items() if self._after.tags.get(i) != tags}
        reissued = {i for i, ids in self._before.issues.items() if self._after.issues.get(i) != ids}
        return (
            Change.of_annotations(a for a in project.annotations if str(a.id) in retagged)
            | Change.of_facts(f for f in project.facts if str(f.id) in reissued)
            | Change(codebook=True)
        )

    def revert(self, project: Project) -> Change:
        apply_codebook_state(project, self._before)
        return self._difference(project)

    def reapply(self, project: Project) -> Change:
        apply_codebook_state(project, self._after)
        return self._difference(project)


class AddCategory(EditCodebook):
    def __init__(self, name: str, colour: str | None = None, parent: str | None = None) -> None:
        self.name, self.colour, self.parent = name.strip(), colour, parent
        self.label = f"Add category {self.name}"
        self.added: Category | None = None

    def change(self, project: Project) -> None:
        self.added = add_category(project, self.name, self.colour, self.parent)


# What each field's change is called, in Edit ▸ Undo and everywhere else.
_CHANGE_WORDS = {"name": "Rename", "colour": "Recolour", "description": "Define", "shortcut": "Shortcut for",
                 "parent": "Nest"}  # fmt: skip


class ChangeCategory(EditCodebook):
    """Rename, recolour, define, give a shortcut or nest a category (one field at a time, or several)."""

    def __init__(self, category_id: str, **changes: Any) -> None:
        self.category_id, self.changes = category_id, changes

    def change(self, project: Project) -> None:
        name = project.category(self.category_id).name
        words = [_CHANGE_WORDS.get(f, "Change") for f in self.changes]
        self.label = f"{words[0] if len(set(words)) == 1 else 'Change'} {name}"
        change_category(project, self.category_id, **self.changes)


class MoveCategory(EditCodebook):
    def __init__(self, category_id: str, step: int) -> None:
        self.category_id, self.step = category_id, step
        self.label = "Reorder categories"

    def change(self, project: Project) -> None:
        move_category(project, self.category_id, self.step)


class MergeCategories(EditCodebook):
    """``source``'s annotations move to ``target``; ``source`` goes."""

    def __init__(self, source_id: str, target_id: str) -> None:
        self.source_id, self.target_id = source_id, target_id

    def change(self, project: Project) -> None:
        source, target = project.category(self.source_id), project.category(self.target_id)
        self.label = f"Merge {source.name} into {target.name}"
        merge_categories(project, self.source_id, self.target_id)


class DeleteCategory(EditCodebook):
    """A category removed; its annotations move to ``move_to`` or just lose it (they are never deleted)."""

    def __init__(self, category_id: str, move_to: str | None = None) -> None:
        self.category_id, self.move_to = category_id, move_to

    def change(self, project: Project) -> None:
        self.label = f"Delete {project.category(self.category_id).name}"
        delete_category(project, self.category_id, self.move_to)


class ImportCodebook(EditCodebook):
    """The categories a codebook (or another project) has and this project lacks, with their definitions,
    nesting and shortcuts (``import_codebook``)."""

    def __init__(self, codebook: Codebook, source: str) -> None:
        self.codebook = codebook
        self.label = f"Import codebook {source}"
        self.added: list[Category] = []
        self.clashes: list[str] = []  # ours kept, as a merge keeps them

    def change(self, project: Project) -> None:
        matched = import_codebook(project, self.codebook)
        self.added, self.clashes = matched.added, matched.clashes
