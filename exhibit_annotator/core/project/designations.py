"""Designations as operations through the session's door (add, edit, delete; an objection and a ruling are edits),
and the line ranges lawyers type read into them: ``12:1-12:5``, ``12:1 - 5``, ``12:1–13:4``, ``p. 12, ll. 1-5``,
``Smith Dep. 12:1-12:5``. A range is placed on the exhibit's pages by the transcript's own page numbers (its page
labels) and checked against its columns of line numbers; what cannot be placed is named, never guessed."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ..errors import EditError
from ..model import Case, Designation, DesignationKind, Exhibit, Placed, Project
from .edits import next_version
from .removal import RemoveItems
from .session import Change, Operation
from .store import describe_validation_error

_DASH = r"\s*[-–—]\s*|\s+(?:to|through|thru)\s+"
_PAGE_LINE = re.compile(rf"(?<![\d:])(\d{{1,5}}):(\d{{1,3}})(?:(?:{_DASH})(?:(\d{{1,5}}):)?(\d{{1,3}}))?(?![\d:])")
_WORDS = re.compile(
    rf"\bp(?:age|g|p)?\.?\s*(\d{{1,5}})\s*,?\s*(?:ll?|lines?|ln)\.?\s*(\d{{1,3}})(?:(?:{_DASH})(\d{{1,3}}))?", re.I
)
FIELDS = frozenset({"party", "kind", "objections", "note", "review", "review_comment"})
REVIEW = frozenset({"review", "review_comment"})


@dataclass(frozen=True)
class Range:
    """A range as typed: first and last (page as cited, line)."""

    first: tuple[str, int]
    last: tuple[str, int]
    written: str

    def __str__(self) -> str:
        return self.written


def ranges_in(text: str) -> list[Range]:
    """Every page:line range written in ``text``, in the forms lawyers type them."""
    found: list[tuple[int, Range]] = []
    for m in _PAGE_LINE.finditer(text):
        page, line, last_page, last_line = m.group(1), int(m.group(2)), m.group(3), m.group(4)
        last = (last_page or page, int(last_line)) if last_line else (page, line)
        found.append((m.start(), Range((page, line), last, m.group(0).strip())))
    for m in _WORDS.finditer(text):
        page, line, last_line = m.group(1), int(m.group(2)), m.group(3)
        found.append((m.start(), Range((page, line), (page, int(last_line or line)), m.group(0).strip())))
    return [r for _, r in sorted(found, key=lambda item: item[0])]


def place(exhibit: Exhibit, r: Range) -> tuple[int, int, int, int]:
    """(page, first line, end page, last line) of a range on the exhibit: pages by the transcript's numbers,
    lines within the page's column of numbers; raises EditError saying why it cannot be placed."""
    if not exhibit.line_numbers:
        raise EditError(f"{exhibit.label} has no numbered lines (a transcript, pleading paper) to designate")
    ends = []
    for name, line in (r.first, r.last):
        page = exhibit.page_of(name)
        column = next((c for c in exhibit.line_numbers if c.page == page), None) if page is not None else None
        if page is None or column is None:
            raise EditError(f"{r}: {exhibit.label} has no page {name} with numbered lines")
        if not column.first <= line <= column.first + column.count - 1:
            raise EditError(
                f"{r}: page {name} of {exhibit.label} has lines {column.first}–{column.first + column.count - 1}"
            )
        ends.append((page, line))
    if ends[1] < ends[0]:
        raise EditError(f"{r}: the last line comes before the first")
    return ends[0][0], ends[0][1], ends[1][0], ends[1][1]


_LOOKS_LIKE_A_CITE = re.compile(r"\d\s*:\s*\d")


def place_all(
    exhibit: Exhibit, texts: Iterable[str], party: str, kind: DesignationKind, *, typed: bool = False
) -> tuple[list[Designation], list[str]]:
    """Every range in ``texts`` (a list's cells, or ranges as typed) as designations, and what could not be placed,
    said: a range off the transcript, or a text that looks like a cite but is none of the forms read. ``typed``:
    each text was meant as a range, so one with none is named too."""
    made, unplaced = [], []
    for text in texts:
        found = ranges_in(text)
        if not found and (typed or _LOOKS_LIKE_A_CITE.search(text)):
            unplaced.append(f"{text.strip()[:80]}: not a page:line range this reads")
        for r in found:
            try:
                made.append(designation(exhibit, r, party, kind))
            except EditError as e:
                unplaced.append(str(e))
    return made, unplaced


def designation(exhibit: Exhibit, r: Range, party: str, kind: DesignationKind, **values: Any) -> Designation:
    page, first, end_page, last = place(exhibit, r)
    try:
        return Designation(exhibit_id=exhibit.id, page=page, first_line=first, end_page=end_page, last_line=last,
                           party=party, kind=kind, **values)  # fmt: skip
    except ValidationError as e:
        raise EditError(f"{r}: {describe_validation_error(e)}") from None


def designation_of_passage(
    exhibit: Exhibit, passage: Placed, party: str, kind: DesignationKind = DesignationKind.designation
) -> Designation:
    """The numbered lines a selected passage runs over, designated for ``party``; raises EditError where the
    exhibit has no numbered lines there."""
    span = exhibit.lines_of(passage.rects)
    if span is None:
        raise EditError(f"{exhibit.label}: the selection is not on numbered lines (a transcript, pleading paper)")
    end_page = passage.page if passage.end_page is None else passage.end_page
    try:
        return Designation(exhibit_id=exhibit.id, page=passage.page, first_line=span.first, end_page=end_page,
                           last_line=span.last, party=party, kind=kind)  # fmt: skip
    except ValidationError as e:
        raise EditError(describe_validation_error(e)) from None


def line_extent(exhibit: Exhibit, d: Designation, page: int) -> tuple[float, float] | None:
    """Where a designation's lines lie on one of its pages (top and bottom, in points), for margin bars."""
    column = next((c for c in exhibit.line_numbers if c.page == page), None)
    if column is None or not d.page <= page <= d.end_page:
        return None
    first = d.first_line if page == d.page else column.first
    last = d.last_line if page == d.end_page else column.first + column.count - 1
    top = column.top + (first - column.first) * column.spacing
    bottom = column.top + (last - column.first) * column.spacing
    return top - 0.15 * column.spacing, bottom + 0.6 * column.spacing  # ``top``: the number's box's top


class AddDesignations(Operation):
    """Designations (one typed, or a whole list imported) added as one step."""

    def __init__(self, designations: list[Designation]) -> None:
        self.designations = designations
        n = len(designations)
        self.label = f"Designate {designations[0].party}" if n == 1 else f"Add {n} designations"

    def apply(self, project: Project) -> Change:
        by = self.by
        self.designations = [d if d.author else d.model_copy(update={"author": by}) for d in self.designations]
        return self.reapply(project)

    def revert(self, project: Project) -> Change:
        ids = {d.id for d in self.designations}
        project.designations = [d for d in project.designations if d.id not in ids]
        return Change(designations=frozenset(ids))

    def reapply(self, project: Project) -> Change:
        project.designations = [*project.designations, *self.designations]
        return Change(designations=frozenset(d.id for d in self.designations))


class EditDesignations(Operation):
    """Changes to designations (party, kind, objections with rulings, note, review), several in one step."""

    def __init__(self, label: str, changes: dict[uuid.UUID, dict[str, Any]]) -> None:
        self.label, self.changes = label, changes
        self.review = all(set(values) <= REVIEW for values in changes.values())
        self._before: list[Designation] = []
        self._after: list[Designation] = []

    def apply(self, project: Project) -> Change:
        by_id = {d.id: d for d in project.designations}
        before, after = [], []
        for designation_id, values in self.changes.items():
            unknown = set(values) - FIELDS
            if unknown:
                raise EditError(f"designations have no field {', '.join(sorted(unknown))}")
            old = by_id.get(designation_id)
            if old is None:
                raise EditError(f"no designation {designation_id} in the project")
            try:
                new = next_version(old, values, self.by)
            except ValidationError as e:
                raise EditError(f"designation: {describe_validation_error(e)}") from None
            before.append(old)
            after.append(new)
        self._before, self._after = before, after
        return self.reapply(project)

    def _put(self, project: Project, versions: list[Designation]) -> Change:
        by_id = {d.id: d for d in versions}
        project.designations = [by_id.get(d.id, d) for d in project.designations]
        return Change(designations=frozenset(by_id))

    def revert(self, project: Project) -> Change:
        return self._put(project, self._before)

    def reapply(self, project: Project) -> Change:
        return self._put(project, self._after)


class DeleteDesignations(RemoveItems):
    """Designations removed, their ids recorded as deleted."""

    def __init__(self, ids: list[uuid.UUID]) -> None:
        super().__init__("designations", ids)


PARTIES = ("Plaintiff", "Defendant")
BASES = ("hearsay", "relevance", "foundation", "form", "403", "speculation", "asked and answered", "privilege",
         "beyond the scope", "leading")  # fmt: skip


def parties_of(project: Project) -> list[str]:
    """The parties a project designates for: its own list (``Case.parties``; default Plaintiff and Defendant), then
    any other its designations name."""
    listed = project.case.parties or list(PARTIES)
    known = {p.casefold() for p in listed}
    return list(dict.fromkeys([*listed, *(d.party for d in project.designations if d.party.casefold() not in known)]))


def bases_of(project: Project) -> list[str]:
    """Objection bases to offer: the project's own list (default: the common ones), then those its objections use."""
    used = [o.basis for d in project.designations for o in d.objections]
    return list(dict.fromkeys([*(project.case.objection_bases or BASES), *used]))


class SetCaseLists(Operation):
    """The case's parties and objection bases (``None``: as they are), set as one step."""

    def __init__(self, parties: list[str] | None = None, bases: list[str] | None = None) -> None:
        self.parties, self.bases = parties, bases
        self.label = "Set the parties" if bases is None else "Set the objection bases"
        self._cases: tuple[Case, Case] | None = None

    def apply(self, project: Project) -> Change:
        changes: dict[str, Any] = {}
        if self.parties is not None:
            changes["parties"] = list(dict.fromkeys(p.strip() for p in self.parties if p.strip()))
        if self.bases is not None:
            changes["objection_bases"] = list(dict.fromkeys(b.strip() for b in self.bases if b.strip()))
        if any(not names for names in changes.values()):
            raise EditError("name at least one (or keep the list as it is)")
        try:
            case = Case.model_validate({**project.case.model_dump(), **changes})
        except ValidationError as e:
            raise EditError(describe_validation_error(e)) from None
        self._cases = (project.case, case)
        return self.reapply(project)

    def revert(self, project: Project) -> Change:
        assert self._cases is not None
        project.case = self._cases[0]
        return Change()

    def reapply(self, project: Project) -> Change:
        assert self._cases is not None
        project.case = self._cases[1]
        return Change()


def witness_name(exhibit: Exhibit) -> str:
    """How lists and reports name a transcript's witness: its short name (``Smith Dep.``), else its title."""
    return exhibit.short_name or exhibit.title or exhibit.label


def ordered(project: Project, exhibits: Iterable[str] | None = None) -> list[Designation]:
    """Designations by witness (exhibit, in the project's order), then page and line."""
    order = {e.id: n for n, e in enumerate(project.exhibits)}
    wanted = set(exhibits) if exhibits is not None else None
    return sorted(
        (d for d in project.designations if wanted is None or d.exhibit_id in wanted),
        key=lambda d: (order.get(d.exhibit_id, 0), d.page, d.first_line, d.end_page, d.last_line),
    )
