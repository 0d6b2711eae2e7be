"""Facts as operations through the session's door (add, edit, delete, decide a review), the chronology's order and
filters, and what still supports a fact: the one place the CLI, the window and the exports learn it."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ..errors import EditError
from ..model import Annotation, Fact, FactSource, FactStatus, Project, date_key
from .edits import known_categories, next_version
from .operations import AddAnnotation
from .removal import RemoveItems
from .session import Change, Compound, Operation
from .store import describe_validation_error

FIELDS = frozenset({
    "date", "text", "sources", "issue_ids", "people", "status", "key_fact", "note", "review", "review_comment",
})  # fmt: skip
REVIEW = frozenset({"review", "review_comment"})


def source_of(project: Project, annotation: Annotation) -> FactSource:
    """An annotation as a fact's source: what it says now and the file it is on, to tell later if either changed."""
    exhibit = next((e for e in project.exhibits if e.id == annotation.exhibit_id), None)
    return FactSource(
        annotation_id=annotation.id, quote=annotation.text, sha256=exhibit.sha256 if exhibit is not None else None
    )


def _sources(project: Project, ids: Iterable[uuid.UUID], kept: list[FactSource] | None = None) -> list[FactSource]:
    """Sources for annotation ids: one already linked keeps what it said then (so a change since shows); a new one
    must be an annotation of this project."""
    known = {s.annotation_id: s for s in kept or []}
    out: list[FactSource] = []
    for i in dict.fromkeys(ids):
        if i in known:
            out.append(known[i])
            continue
        annotation = project.annotation_by_id(i)
        if annotation is None:
            raise EditError(f"no annotation {i} in the project to be a source")
        out.append(source_of(project, annotation))
    return out


def _validated(data: dict[str, Any]) -> Fact:
    try:
        return Fact.model_validate(data)
    except ValidationError as e:
        raise EditError(f"fact: {describe_validation_error(e)}") from None


def _index(project: Project, fact_id: uuid.UUID) -> int:
    for i, f in enumerate(project.facts):
        if f.id == fact_id:
            return i
    raise EditError(f"no fact {fact_id} in the project")


class AddFact(Operation):
    """A new fact: ``sources`` are annotation ids (each recorded with what it says now), ``values`` the fact's
    other fields (date as typed, text, issue_ids, people, status, key_fact, note)."""

    def __init__(self, sources: Iterable[uuid.UUID] = (), **values: Any) -> None:
        unknown = set(values) - FIELDS
        if unknown:
            raise EditError(f"facts have no field {', '.join(sorted(unknown))}")
        self.source_ids, self.values = list(sources), values
        self.fact: Fact | None = None
        self.tagged: AddAnnotation | None = None  # a passage tagged in the same step: a source too (``from_passage``)
        self.label = "New fact"

    @staticmethod
    def from_passage(tagging: AddAnnotation, sources: Iterable[uuid.UUID] = (), **values: Any) -> Compound:
        """A passage selected on a page tagged (with the fact's issues) and made the first source of a new fact
        (``sources``: others), as one step: one undo takes both back."""
        fact = AddFact(sources, **values)
        fact.tagged = tagging
        return Compound("New fact from the selection", [tagging, fact])

    def apply(self, project: Project) -> Change:
        values = dict(self.values)
        values["issue_ids"] = known_categories(project, list(values.get("issue_ids", [])))
        extra = [self.tagged.annotation.id] if self.tagged is not None and self.tagged.annotation is not None else []
        sources = _sources(project, [*extra, *self.source_ids])
        self.fact = _validated({**values, "sources": [s.model_dump() for s in sources], "author": self.by})
        project.facts = [*project.facts, self.fact]
        return Change.of_facts([self.fact])

    def revert(self, project: Project) -> Change:
        assert self.fact is not None
        project.facts = [f for f in project.facts if f.id != self.fact.id]
        return Change.of_facts([self.fact])

    def reapply(self, project: Project) -> Change:
        assert self.fact is not None
        project.facts = [*project.facts, self.fact]
        return Change.of_facts([self.fact])


class EditFacts(Operation):
    """Changes to facts' fields, several facts in one step (``changes``: fact id → new values; ``sources`` as
    annotation ids, ``refresh_sources`` to record again what each source says now). Review decisions alone are
    allowed on a project open for review."""

    def __init__(self, label: str, changes: dict[uuid.UUID, dict[str, Any]]) -> None:
        self.label, self.changes = label, changes
        self.review = all(set(values) <= REVIEW for values in changes.values())
        self._before: list[Fact] = []
        self._after: list[Fact] = []

    @staticmethod
    def one(label: str, fact_id: uuid.UUID, **values: Any) -> EditFacts:
        return EditFacts(label, {fact_id: values})

    def apply(self, project: Project) -> Change:
        facts = list(project.facts)
        before, after = [], []
        for fact_id, given in self.changes.items():
            values = dict(given)
            refresh = values.pop("refresh_sources", False)
            unknown = set(values) - FIELDS
            if unknown:
                raise EditError(f"facts have no field {', '.join(sorted(unknown))}")
            i = _index(project, fact_id)
            old = facts[i]
            if "issue_ids" in values:
                values["issue_ids"] = known_categories(project, values["issue_ids"])
            if "sources" in values or refresh:
                ids = values.get("sources", [s.annotation_id for s in old.sources])
                values["sources"] = [s.model_dump() for s in _sources(project, ids, None if refresh else old.sources)]
            try:
                new = next_version(old, values, self.by)
            except ValidationError as e:
                raise EditError(f"fact: {describe_validation_error(e)}") from None
            facts[i] = new
            before.append(old)
            after.append(new)
        project.facts = facts
        self._before, self._after = before, after
        return Change.of_facts(after)

    def _put(self, project: Project, versions: list[Fact]) -> Change:
        by_id = {f.id: f for f in versions}
        project.facts = [by_id.get(f.id, f) for f in project.facts]
        return Change.of_facts(versions)

    def revert(self, project: Project) -> Change:
        return self._put(project, self._before)

    def reapply(self, project: Project) -> Change:
        return self._put(project, self._after)


class DeleteFacts(RemoveItems):
    """Facts removed, their ids recorded as deleted."""

    def __init__(self, ids: list[uuid.UUID]) -> None:
        super().__init__("facts", ids)


# --- what supports a fact ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Support:
    """A fact's sources as they stand: the annotations still there (in the fact's order) and what is wrong."""

    annotations: list[Annotation]
    problems: list[str]

    @property
    def holds(self) -> bool:
        return bool(self.annotations) and not self.problems


def support(project: Project, fact: Fact) -> Support:
    """Which sources still prove the fact: one deleted, one whose passage now says something else, one on a file
    replaced since it was linked are problems, said in words (never silently kept as proof); no source at all is
    one too."""
    found: list[Annotation] = []
    problems: list[str] = []
    exhibits = {e.id: e for e in project.exhibits}
    for n, source in enumerate(fact.sources, start=1):
        a = project.annotation_by_id(source.annotation_id)
        if a is None:
            problems.append(f"source {n} was deleted")
            continue
        found.append(a)
        where = project.cite_of(a)
        exhibit = exhibits.get(a.exhibit_id)
        if a.text != source.quote:
            problems.append(f"source {n} ({where}) now says something else")
        elif (exhibit is not None and source.sha256 and exhibit.sha256 != source.sha256) or a.reanchored is not None:
            problems.append(f"source {n} ({where}) is on a file replaced since it was linked")
    if not fact.sources:
        problems.append("no source")
    return Support(found, problems)


def ordered(facts: Iterable[Fact]) -> list[Fact]:
    """The chronology's order: by date (``date_key``: partial dates before the exact ones of their period, undated
    last), then as they were made."""
    return sorted(facts, key=lambda f: (date_key(f.date), f.created))


def chosen(
    project: Project, *, issues: set[str] | None = None, statuses: set[FactStatus] | None = None,
    people: set[str] | None = None, text: str = "",
) -> list[Fact]:  # fmt: skip
    """The facts that pass the filters, in the chronology's order; ``people`` and ``text`` ignore letter case."""
    folks = {p.casefold() for p in people or ()}
    wanted = text.casefold()
    return ordered(
        f for f in project.facts
        if (issues is None or issues.intersection(f.issue_ids))
        and (statuses is None or f.status in statuses)
        and (not folks or folks.intersection(p.casefold() for p in f.people))
        and (not wanted or wanted in f.text.casefold() or wanted in f.note.casefold())
    )  # fmt: skip
