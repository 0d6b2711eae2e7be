"""Every kind of user change as an operation for ``ProjectSession.apply``: tag, edit, delete, codebook edits and
import, adding, relocating and replacing exhibits, merging a colleague's file, deciding a conflict, review decisions.

Each wraps the ``edits`` (or ``merge``) function that makes the change and keeps just what undo needs: the
models it replaced (models are never changed in place, so the old objects are the old state) and their places.
Nothing is deep-copied for undo.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EditError
from ..model import Annotation, Category, Deletion, Designation, Exhibit, Fact, Project
from ..pdf.anchoring import Passage
from . import edits, intake
from .merge import MergeReport, merge, resolve
from .replace import Replacement
from .session import Change, Compound, Operation

REVIEW_FIELDS = frozenset({"review", "review_comment"})


# --- annotations ---------------------------------------------------------------------------------------------------
class AddAnnotation(Operation):
    """Base of the tagging operations: ``_make`` adds the annotation; undo takes it out again (recording no
    deletion: nobody else can have it yet)."""

    def __init__(self) -> None:
        self.annotation: Annotation | None = None
        self._removed: list[tuple[int, Annotation]] = []

    def _make(self, project: Project) -> Annotation:
        raise NotImplementedError

    def apply(self, project: Project) -> Change:
        self.annotation = self._make(project)
        return Change.of_annotations([self.annotation])

    def revert(self, project: Project) -> Change:
        assert self.annotation is not None
        self._removed = edits.remove_annotations(project, [self.annotation.id], record=False)
        return Change.of_annotations([self.annotation])

    def reapply(self, project: Project) -> Change:
        edits.restore_annotations(project, self._removed)
        return Change.of_annotations(a for _, a in self._removed)


class AddAnnotations(Operation):
    """Annotations made elsewhere (comments imported from a PDF or XFDF) added as one step; undo takes them out
    again, recording no deletion."""

    def __init__(self, label: str, annotations: list[Annotation]) -> None:
        self.label, self.annotations = label, annotations
        self._removed: list[tuple[int, Annotation]] = []

    def apply(self, project: Project) -> Change:
        edits.add_annotations(project, self.annotations)
        return Change.of_annotations(self.annotations)

    def revert(self, project: Project) -> Change:
        self._removed = edits.remove_annotations(project, [a.id for a in self.annotations], record=False)
        return Change.of_annotations(self.annotations)

    def reapply(self, project: Project) -> Change:
        edits.restore_annotations(project, self._removed)
        return Change.of_annotations(self.annotations)


class TagPassage(AddAnnotation):
    """A located passage (a mouse selection, or a quote found) tagged with categories."""

    def __init__(
        self, exhibit_id: str, passage: Passage, category_ids: list[str], note: str = "", author: str = "",
        key_passage: bool = False,
    ) -> None:  # fmt: skip
        super().__init__()
        self.exhibit_id, self.passage, self.category_ids = exhibit_id, passage, category_ids
        self.note, self.author, self.key_passage = note, author, key_passage
        self.label = "Tag text"

    def _make(self, project: Project) -> Annotation:
        self.label = f"Tag text as {project.category_names(self.category_ids)}"
        exhibit = project.exhibit(self.exhibit_id)
        return edits.tag_passage(
            project, exhibit, self.passage, self.category_ids, self.note, self.author, self.key_passage
        )


class TagArea(AddAnnotation):
    """A rectangle on a page (scans, signatures, tables) tagged with categories."""

    def __init__(
        self, exhibit_id: str, page: int, rect: tuple[float, float, float, float], category_ids: list[str],
        note: str = "", author: str = "", key_passage: bool = False, text: str = "",
    ) -> None:  # fmt: skip
        super().__init__()
        self.exhibit_id, self.page, self.rect, self.category_ids = exhibit_id, page, rect, category_ids
        self.note, self.author, self.key_passage = note, author, key_passage
        self.text = text  # what the app reads inside it (``reading.area_text``), read by the caller
        self.label = "Tag area"

    def _make(self, project: Project) -> Annotation:
        self.label = f"Tag area as {project.category_names(self.category_ids)}"
        return edits.tag_area(
            project, project.exhibit(self.exhibit_id), self.page, self.rect, self.category_ids, note=self.note,
            author=self.author, key_passage=self.key_passage, text=self.text,
        ).annotation  # fmt: skip


class TagQuote(AddAnnotation):
    """A quote as typed or pasted, found in the exhibit's file (the command line's ``tag --quote``)."""

    def __init__(self, project_path: Path, exhibit_id: str, quote: str, category_ids: list[str], **options: Any):
        super().__init__()
        self.project_path, self.exhibit_id = project_path, exhibit_id
        self.quote, self.category_ids, self.options = quote, category_ids, options
        self.tagged: edits.Tagged | None = None
        self.label = "Tag quote"

    def _make(self, project: Project) -> Annotation:
        exhibit = project.exhibit(self.exhibit_id)
        self.tagged = edits.tag_quote(
            project, self.project_path, exhibit, self.quote, self.category_ids, **self.options
        )
        return self.tagged.annotation


class EditAnnotations(Operation):
    """Changes to annotations' fields (categories, note, key passage, review status and comment), several rows in
    one step: ``changes`` maps each annotation id to its new values. Review decisions alone are allowed on a
    project open for review."""

    def __init__(self, label: str, changes: dict[uuid.UUID, dict[str, Any]]) -> None:
        self.label, self.changes = label, changes
        self.review = all(set(values) <= REVIEW_FIELDS for values in changes.values())
        self._before: list[Annotation] = []
        self._after: list[Annotation] = []

    @staticmethod
    def one(label: str, annotation_id: uuid.UUID, **values: Any) -> EditAnnotations:
        return EditAnnotations(label, {annotation_id: values})

    def apply(self, project: Project) -> Change:
        done: list[tuple[Annotation, Annotation]] = []
        try:
            for annotation_id, values in self.changes.items():
                done.append(edits.update_annotation(project, annotation_id, self.by, **dict(values)))
        except EditError:
            for before, _ in reversed(done):
                edits.replace_annotation(project, before)
            raise
        self._before = [b for b, _ in done]
        self._after = [a for _, a in done]
        return Change.of_annotations(self._after)

    def revert(self, project: Project) -> Change:
        for before in self._before:
            edits.replace_annotation(project, before)
        return Change.of_annotations(self._before)

    def reapply(self, project: Project) -> Change:
        for after in self._after:
            edits.replace_annotation(project, after)
        return Change.of_annotations(self._after)


class DeleteAnnotations(Operation):
    def __init__(self, ids: list[uuid.UUID], by: str = "") -> None:
        self.ids, self.by = ids, by
        self.label = f"Delete {len(ids)} annotation{'s' if len(ids) != 1 else ''}"
        self._removed: list[tuple[int, Annotation]] = []

    def apply(self, project: Project) -> Change:
        self._removed = edits.remove_annotations(project, self.ids, self.by)
        return Change.of_annotations(a for _, a in self._removed)

    def revert(self, project: Project) -> Change:
        edits.restore_annotations(project, self._removed)
        return Change.of_annotations(a for _, a in self._removed)

    def reapply(self, project: Project) -> Change:
        edits.remove_annotations(project, self.ids, self.by)
        return Change.of_annotations(a for _, a in self._removed)


# --- exhibits ------------------------------------------------------------------------------------------------------
class _ExhibitList(Operation):
    """Base of the operations on exhibits: ``_new_list`` makes the project's new exhibit list (checking first, as
    every operation does); undo puts the list before back, redo the list after. Exhibits are replaced, never
    changed in place, and the history is undone in order, so the two lists are the whole of the undo."""

    def __init__(self) -> None:
        self._before: list[Exhibit] = []
        self._after: list[Exhibit] = []
        self._ids: frozenset[str] = frozenset()  # the exhibits it changes

    def _new_list(self, project: Project) -> list[Exhibit]:
        raise NotImplementedError

    def _change(self, project: Project) -> Change:
        return Change(exhibits=self._ids)

    def _put(self, project: Project, exhibits: list[Exhibit]) -> Change:
        project.exhibits = exhibits
        return self._change(project)

    def apply(self, project: Project) -> Change:
        before = list(project.exhibits)
        self._after = self._new_list(project)
        self._before = before
        return self._put(project, self._after)

    def revert(self, project: Project) -> Change:
        return self._put(project, self._before)

    def reapply(self, project: Project) -> Change:
        return self._put(project, self._after)


class AddExhibit(_ExhibitList):
    """An exhibit read by ``intake.read_exhibit`` (in a worker) joins the project; its label is allocated now, so
    any number added at once each get their own."""

    def __init__(self, read: Exhibit, label: str | None = None) -> None:
        super().__init__()
        self.read, self.wanted_label = read, label
        self.exhibit: Exhibit | None = None
        self.label = f"Add exhibit {Path(read.path).name}"

    def _new_list(self, project: Project) -> list[Exhibit]:
        self.exhibit = intake.place_exhibit(project, self.read, self.wanted_label)
        self.label, self._ids = f"Add {self.exhibit.label}", frozenset({self.exhibit.id})
        return list(project.exhibits)


class AddExhibits(Compound):
    """Many files read at once (a folder, a drop) joining the project as one step, each labelled in turn."""

    def __init__(self, reads: list[Exhibit]) -> None:
        self.parts_added = [AddExhibit(r) for r in reads]
        super().__init__(f"Add {len(reads)} exhibits", list(self.parts_added))

    @property
    def exhibits(self) -> list[Exhibit]:
        """The exhibits added, in order (once applied)."""
        return [part.exhibit for part in self.parts_added if part.exhibit is not None]


class RelocateExhibits(_ExhibitList):
    """Point exhibits at the files they moved to (``intake.find_moved`` finds them)."""

    def __init__(self, paths: dict[str, str]) -> None:
        super().__init__()
        self.paths = paths
        self.label = "Locate moved file" + ("s" if len(paths) > 1 else "")

    def _new_list(self, project: Project) -> list[Exhibit]:
        self._ids = frozenset(e.id for e in project.exhibits if e.id in self.paths)
        return [e.model_copy(update={"path": self.paths[e.id]}) if e.id in self.paths else e for e in project.exhibits]


class EditExhibit(_ExhibitList):
    """An exhibit's label, title, Bates numbering, date, designation, custodian or production volume
    (``edits.edited_exhibit`` checks them)."""

    def __init__(self, exhibit_id: str, **changes: Any) -> None:
        super().__init__()
        self.exhibit_id, self.changes = exhibit_id, changes
        self._ids = frozenset({exhibit_id})
        self.label = "Edit exhibit"

    def _new_list(self, project: Project) -> list[Exhibit]:
        edited = edits.edited_exhibit(project, self.exhibit_id, **self.changes)
        self.label = f"Edit {project.exhibit(self.exhibit_id).label}"
        return [edited if e.id == self.exhibit_id else e for e in project.exhibits]

    def _change(self, project: Project) -> Change:
        # Its label is in every cite of its annotations (panel rows), not in their highlights.
        return super()._change(project) | Change.of_annotations(project.annotations_of(self.exhibit_id))


class ReadLayout(_ExhibitList):
    """An exhibit's line numbers and running headers and footers, as its file was read again
    (``intake.read_layout``): cites by page and line, and page texts without those lines."""

    def __init__(self, exhibit_id: str, layout: intake.Layout) -> None:
        super().__init__()
        self.exhibit_id, self.layout = exhibit_id, layout
        self._ids = frozenset({exhibit_id})
        self.label = "Read layout"

    def _new_list(self, project: Project) -> list[Exhibit]:
        old = project.exhibit(self.exhibit_id)
        self.label = f"Read the layout of {old.label}"
        read = old.model_copy(update=vars(self.layout))
        return [read if e.id == self.exhibit_id else e for e in project.exhibits]

    def _change(self, project: Project) -> Change:
        return super()._change(project) | Change.of_annotations(project.annotations_of(self.exhibit_id))  # cites


class MoveExhibit(_ExhibitList):
    """An exhibit one place up (``step`` -1) or down (+1) in the list, and in the brief's index."""

    def __init__(self, exhibit_id: str, step: int) -> None:
        super().__init__()
        self.exhibit_id, self.step = exhibit_id, step
        self._ids = frozenset({exhibit_id})
        self.label = "Move exhibit " + ("up" if step < 0 else "down")

    def _new_list(self, project: Project) -> list[Exhibit]:
        order = list(project.exhibits)
        i = next(i for i, e in enumerate(order) if e.id == self.exhibit_id)
        order.insert(min(max(i + self.step, 0), len(order) - 1), order.pop(i))
        return order


# --- whole-project changes: a merge, a decided conflict ------------------------------------------------------------
@dataclass(frozen=True)
class Lists:
    """The lists of a project an operation on the whole of it replaces: the very list objects, so that undo keeps
    no copies (``merge`` and ``resolve`` build new lists and models; they never change the old ones)."""

    exhibits: list[Exhibit]
    codebook: list[Category]
    annotations: list[Annotation]
    deleted: list[Deletion]
    pending: list[Annotation]
    facts: list[Fact]
    pending_facts: list[Fact]
    designations: list[Designation] = field(default_factory=list)
    pending_designations: list[Designation] = field(default_factory=list)

    @staticmethod
    def of(project: Project) -> Lists:
        return Lists(
            project.exhibits, project.codebook, project.annotations, project.deleted, project.pending, project.facts,
            project.pending_facts, project.designations, project.pending_designations,
        )  # fmt: skip

    def put_into(self, project: Project) -> None:
        edits.set_together(
            project, exhibits=self.exhibits, codebook=self.codebook, annotations=self.annotations,
            deleted=self.deleted, pending=self.pending, facts=self.facts, pending_facts=self.pending_facts,
            designations=self.designations, pending_designations=self.pending_designations,
        )  # fmt: skip


class _Swap(Operation):
    def __init__(self) -> None:
        self._before: Lists | None = None
        self._after: Lists | None = None

    def _compute(self, project: Project) -> Lists:
        raise NotImplementedError

    def apply(self, project: Project) -> Change:
        before = Lists.of(project)
        after = self._compute(project)
        after.put_into(project)
        self._before, self._after = before, Lists.of(project)
        return Change.between(before, self._after)

    def revert(self, project: Project) -> Change:
        assert self._before is not None and self._after is not None
        self._before.put_into(project)
        return Change.between(self._after, self._before)

    def reapply(self, project: Project) -> Change:
        assert self._before is not None and self._after is not None
        self._after.put_into(project)
        return Change.between(self._before, self._after)


class RemoveExhibit(_Swap):
    """An exhibit leaves the project with its annotations (recorded as deleted, so that a merge does not bring them
    back unannounced); ``annotations`` says how many went. The file is not touched."""

    def __init__(self, exhibit_id: str, by: str = "") -> None:
        super().__init__()
        self.exhibit_id, self.by = exhibit_id, by
        self.label = "Remove exhibit"
        self.annotations = 0

    def _compute(self, project: Project) -> Lists:
        exhibit = project.exhibit(self.exhibit_id)
        self.label = f"Remove {exhibit.label}"
        gone = [a for a in project.annotations if a.exhibit_id == self.exhibit_id]
        ids = [a.id for a in gone] + [d.id for d in project.designations if d.exhibit_id == self.exhibit_id]
        self.annotations = len(gone)
        return Lists(
            [e for e in project.exhibits if e.id != self.exhibit_id], project.codebook,
            [a for a in project.annotations if a.exhibit_id != self.exhibit_id],
            [*project.deleted, *(Deletion(id=i, by=self.by) for i in ids)],
            [a for a in project.pending if a.exhibit_id != self.exhibit_id], project.facts, project.pending_facts,
            [d for d in project.designations if d.exhibit_id != self.exhibit_id],
            [d for d in project.pending_designations if d.exhibit_id != self.exhibit_id],
        )  # fmt: skip


class ReplaceExhibitFile(_Swap):
    """An exhibit's file replaced by a new version, its passages placed on it (``replace.replacement``, computed
    in a worker in the app): one step to undo."""

    def __init__(self, replaced: Replacement) -> None:
        super().__init__()
        self.replaced = replaced
        self.label = f"Replace the file of {replaced.exhibit.label}"

    def _compute(self, project: Project) -> Lists:
        new = self.replaced.exhibit
        placed = {a.id: a for a in self.replaced.annotations}
        return Lists(
            [new if e.id == new.id else e for e in project.exhibits], project.codebook,
            [placed.get(a.id, a) for a in project.annotations], project.deleted, project.pending, project.facts,
            project.pending_facts, project.designations, project.pending_designations,
        )  # fmt: skip


class MergeProject(_Swap):
    """A colleague's project merged into this one (``core.project.merge``) as one step; ``report`` says what
    happened."""

    def __init__(self, project_path: Path, theirs: Project, theirs_path: Path) -> None:
        super().__init__()
        self.project_path, self.theirs, self.theirs_path = project_path, theirs, theirs_path
        self.report: MergeReport | None = None
        self.label = f"Merge {theirs_path.name}"

    def _compute(self, project: Project) -> Lists:
        merged, self.report = merge(project, self.project_path, self.theirs, self.theirs_path)
        # merge works on a copy: where its result equals what we had, keep our objects, so that the change record
        # names only what the merge changed and undo holds one copy of nothing.
        return Lists(
            _reuse(project.exhibits, merged.exhibits, lambda e: e.id),
            _reuse(project.codebook, merged.codebook, lambda c: c.id),
            _reuse(project.annotations, merged.annotations, lambda a: a.id),
            _reuse(project.deleted, merged.deleted, lambda d: d.id),
            _reuse(project.pending, merged.pending, lambda a: (a.id, a.digest())),
            _reuse(project.facts, merged.facts, lambda f: f.id),
            _reuse(project.pending_facts, merged.pending_facts, lambda f: (f.id, f.digest())),
            _reuse(project.designations, merged.designations, lambda d: d.id),
            _reuse(project.pending_designations, merged.pending_designations, lambda d: (d.id, d.digest())),
        )


def _reuse(old: list[Any], new: list[Any], key: Callable[[Any], object]) -> list[Any]:
    known = {key(x): x for x in old}
    return [same if (same := known.get(key(x))) is not None and same == x else x for x in new]


class RestoreAnnotations(_Swap):
    """Deleted annotations brought back from an earlier copy of the project (its backup, a colleague's file):
    they are annotations again, and no longer recorded as deleted."""

    def __init__(self, annotations: list[Annotation]) -> None:
        super().__init__()
        self.annotations = annotations
        self.label = f"Restore {len(annotations)} annotation{'s' if len(annotations) != 1 else ''}"

    def _compute(self, project: Project) -> Lists:
        present = {a.id for a in project.annotations}
        back = [a for a in self.annotations if a.id not in present]
        if not back:
            raise EditError("nothing to restore: those annotations are in the project")
        ids = {a.id for a in back}
        return Lists(
            project.exhibits, project.codebook, [*project.annotations, *back],
            [d for d in project.deleted if d.id not in ids], project.pending, project.facts, project.pending_facts,
            project.designations, project.pending_designations,
        )  # fmt: skip


class ResolveConflict(_Swap):
    """Keep my version of an annotation (or a fact, or a designation) both sides changed, or take theirs
    (``merge.resolve``)."""

    def __init__(
        self, annotation_id: uuid.UUID, take_theirs: bool, *, facts: bool = False, designations: bool = False
    ) -> None:
        super().__init__()
        self.annotation_id, self.take_theirs = annotation_id, take_theirs
        self.kind = "facts" if facts else "designations" if designations else "annotations"
        self.label = "Take their version" if take_theirs else "Keep my version"  # (mine may be deleted since)

    def _compute(self, project: Project) -> Lists:
        lists = {"annotations": list(project.annotations), "pending": list(project.pending),
                 "deleted": list(project.deleted), "facts": list(project.facts),
                 "pending_facts": list(project.pending_facts), "designations": list(project.designations),
                 "pending_designations": list(project.pending_designations)}  # fmt: skip
        decided = project.model_copy(update=lists)  # resolve sets items of these lists: ours stay as they are
        resolve(decided, self.annotation_id, self.take_theirs, kind=self.kind)
        return Lists.of(decided)
