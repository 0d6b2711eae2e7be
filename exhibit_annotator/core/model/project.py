"""The project file as a whole: its case, exhibits, codebook and annotations, checked together (every reference
resolves), with the look-ups every part of the app uses."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from typing import Any, Literal

from pydantic import (
    Field,
    PrivateAttr,
    model_validator,
)

from .annotations import Annotation, Deletion
from .codebook import Category, check_codebook
from .designations import Designation
from .exhibits import Case, Exhibit, pinpoint
from .facts import Fact
from .fields import _Model, _unique

SCHEMA_VERSION = 9
FORMAT_NAME = "exhibit-annotator-project"


class Project(_Model):
    format: Literal["exhibit-annotator-project"] = "exhibit-annotator-project"
    schema_version: Literal[9] = 9  # == SCHEMA_VERSION
    case: Case = Field(default_factory=Case)
    exhibits: list[Exhibit] = Field(default_factory=list)
    codebook: list[Category] = Field(default_factory=list)
    annotations: list[Annotation] = Field(default_factory=list)
    deleted: list[Deletion] = Field(default_factory=list)
    pending: list[Annotation] = Field(
        default_factory=list,
        description="a colleague's versions of annotations that both sides changed, kept until someone decides",
    )
    facts: list[Fact] = Field(default_factory=list, description="the case's facts, each with its sources (schema 8)")
    pending_facts: list[Fact] = Field(
        default_factory=list, description="a colleague's versions of facts that both sides changed, until decided"
    )
    designations: list[Designation] = Field(
        default_factory=list, description="deposition designations, counters and objections (schema 9)"
    )
    pending_designations: list[Designation] = Field(
        default_factory=list, description="a colleague's versions of designations both sides changed, until decided"
    )
    _positions: dict[int, int] = PrivateAttr(default_factory=dict)  # see annotation_position
    _indexed: list[Annotation] | None = PrivateAttr(default=None)  # the list _positions is for
    _names: tuple[list[Category], dict[str, str]] | None = PrivateAttr(default=None)  # codebook → names by id
    # Characters that are not text (lone UTF-16 surrogates, written by other tools) removed when the file was read:
    # mended, as every text field is, and said (``mended``) rather than silently.
    _mended: int = PrivateAttr(default=0)

    @model_validator(mode="after")
    def _consistent(self) -> Project:
        self.check_references()
        return self

    def check_references(self) -> None:
        """Ids unique and every reference known: what field validation cannot see, and what assigning a field
        (or appending to a list) does not re-check; raises ValueError."""
        for _ in self.checking_references():
            pass

    def checking_references(self) -> Iterator[None]:
        """``check_references`` in steps of a few milliseconds (a save's check, run between the window's paints)."""
        _unique("exhibit id", [e.id for e in self.exhibits])
        _unique("exhibit label", [e.label for e in self.exhibits])
        check_codebook(self.codebook)
        # The ids' index (annotation_position) is made here, where every id is read anyway: it is the uniqueness check.
        positions = {n: k for k, n in enumerate([a.id.int for a in self.annotations])}
        if len(positions) != len(self.annotations):
            _unique("annotation id", [a.id for a in self.annotations])
        self._positions, self._indexed = positions, self.annotations
        yield
        pages = {e.id: (e.page_count, e.label) for e in self.exhibits}
        categories = {c.id for c in self.codebook}
        for n, a in enumerate((*self.annotations, *self.pending)):
            if n % STEP == STEP - 1:
                yield
            known = pages.get(a.exhibit_id)
            if known is None:
                raise ValueError(f"annotation {a.id} refers to an unknown exhibit {a.exhibit_id!r}")
            last = a.page if a.end_page is None else a.end_page
            if last >= known[0]:
                raise ValueError(f"annotation {a.id} is on page {last + 1}, but {known[1]} has {known[0]} pages")
            if not categories.issuperset(a.category_ids):
                unknown = [c for c in a.category_ids if c not in categories]
                raise ValueError(f"annotation {a.id} refers to unknown categories {unknown}")
        _unique("fact id", [f.id for f in self.facts])
        _unique("designation id", [d.id for d in self.designations])
        for d in (*self.designations, *self.pending_designations):
            known = pages.get(d.exhibit_id)
            if known is None:
                raise ValueError(f"designation {d.id} refers to an unknown exhibit {d.exhibit_id!r}")
            if d.end_page >= known[0]:
                raise ValueError(f"designation {d.id} is on page {d.end_page + 1}, but {known[1]} has {known[0]} pages")
        for f in (*self.facts, *self.pending_facts):
            if not categories.issuperset(f.issue_ids):
                unknown = [c for c in f.issue_ids if c not in categories]
                raise ValueError(f"fact {f.id} refers to unknown categories {unknown}")

    # Look-ups used by the CLI, the app and exports alike.
    def exhibit(self, exhibit_id: str) -> Exhibit:
        for e in self.exhibits:
            if e.id == exhibit_id:
                return e
        raise KeyError(exhibit_id)

    def category(self, category_id: str) -> Category:
        for c in self.codebook:
            if c.id == category_id:
                return c
        raise KeyError(category_id)

    def category_names(self, category_ids: Iterable[str]) -> str:
        """Categories as text, as every view, label and output names them: "Copying, Willfulness"; a category no
        longer in the codebook (a colleague's, before a merge) reads as its id; "(no category)" for none."""
        if self._names is None or self._names[0] is not self.codebook or len(self._names[1]) != len(self.codebook):
            self._names = (self.codebook, {c.id: c.name for c in self.codebook})
        known = self._names[1]
        return ", ".join(known.get(c, c) for c in category_ids) or "(no category)"

    @property
    def mended(self) -> int:
        """How many characters that are not text (lone surrogates) were removed when this project was read."""
        return self._mended

    def cite_of(self, a: Annotation, *, physical: bool = False) -> str:
        """An annotation's pinpoint cite as every view and output gives it: ``Ex. 3 at 2``, or ``Ex. 3 at 45:12–20``
        on a transcript (``Exhibit.cite_passage``); ``? at 2`` for an exhibit no longer in the project."""
        exhibit = next((e for e in self.exhibits if e.id == a.exhibit_id), None)
        return pinpoint("?", a.page, a.end_page) if exhibit is None else exhibit.cite_passage(a, physical=physical)

    def __getstate__(self) -> dict[Any, Any]:
        # The annotation index is a cache of this process: pickled (a job for a worker), it sent every
        # annotation again with it (2 s of the GUI thread for a search at 20,000 annotations).
        state = super().__getstate__()
        state["__pydantic_private__"] = {"_positions": {}, "_indexed": None, "_names": None, "_mended": self._mended}
        return state

    def annotation_position(self, annotation_id: uuid.UUID | str) -> int | None:
        """Where the annotation with this id is in ``annotations`` (None: not there), in O(1) for what a change
        does. Positions are kept by the ids' integers (hashing UUID objects runs Python code) and checked on use:
        one just appended (a tag) is found at the end; removals and restorals tell the index (``edits``), so a
        miss is believed while the index holds as many ids as the list; only a list that moved under it (a
        deletion shifts what follows, a merge swaps the list) is indexed again."""
        if not isinstance(annotation_id, uuid.UUID):
            try:
                annotation_id = uuid.UUID(annotation_id)
            except ValueError:
                return None
        annotations, key = self.annotations, annotation_id.int
        if self._indexed is not annotations:
            self._reindex()
        i = self._positions.get(key)
        if i is not None and i < len(annotations) and annotations[i].id == annotation_id:
            return i
        if i is None:
            if annotations and annotations[-1].id == annotation_id:
                self._positions[key] = i = len(annotations) - 1
                return i
            if len(self._positions) == len(annotations):
                return None
        self._reindex()
        return self._positions.get(key)

    def _reindex(self) -> None:
        self._indexed = annotations = self.annotations
        self._positions = {n: k for k, n in enumerate([a.id.int for a in annotations])}

    def indexed_removal(self, ids: Iterable[uuid.UUID]) -> None:
        """``edits`` took these annotations out of the list."""
        for annotation_id in ids:
            self._positions.pop(annotation_id.int, None)

    def indexed_insertion(self, annotation_id: uuid.UUID, position: int) -> None:
        """``edits`` put this annotation back into the list at ``position``."""
        self._positions[annotation_id.int] = position

    def annotation_by_id(self, annotation_id: uuid.UUID | str) -> Annotation | None:
        i = self.annotation_position(annotation_id)
        return None if i is None else self.annotations[i]

    def fact_by_id(self, fact_id: uuid.UUID) -> Fact | None:
        return next((f for f in self.facts if f.id == fact_id), None)

    def annotations_of(self, exhibit_id: str) -> list[Annotation]:
        return [a for a in self.annotations if a.exhibit_id == exhibit_id]


STEP = 2000  # annotations checked or serialised between two yields of a stepwise job: about 5 ms
