"""Changes to a project: create it, add exhibits, tag passages and areas, edit and delete annotations, edit the
codebook.

Each function checks everything first and changes the ``Project`` only when it cannot fail any more, so a failed
edit leaves the project (and the file it will be saved to) as it was. The command line calls these; the app's
undo commands will wrap the same functions.
"""

from __future__ import annotations

import getpass
import math
import os
import re
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from ..errors import EditError, UserError
from ..model import (
    Annotation,
    Case,
    Codebook,
    Deletion,
    Designation,
    Exhibit,
    Fact,
    LineColumn,
    PageRect,
    Project,
    utc_now,
)
from ..normalize import quantity
from ..pdf.anchoring import WINDOW, Found, Passage, find_quote, passage
from ..pdf.confinement import agree, exhibit_file, inside, may_read, readable_file
from ..pdf.exhibits import (
    open_pdf,
    relative_path,
)
from ..pdf.ocr import document_text
from .lookup import loose_label
from .store import describe_validation_error

HISTORY = 50  # earlier versions remembered per annotation


def new_project(case: Case, codebook: Codebook) -> Project:
    return Project(case=case, codebook=[c.model_copy() for c in codebook.categories])


def initials(name: str) -> str:
    """ "Jane Q. Doe" → "JQD", "j.doe" → "JD": for badges on colleagues' highlights."""
    parts = [p for p in re.split(r"[\s._-]+", name) if p]
    return "".join(p[0].upper() for p in parts)[:3]


def default_author() -> str:
    """Who is tagging, when not said: $EXHIBIT_ANNOTATOR_AUTHOR, else the login name (the app's settings first)."""
    env = os.environ.get("EXHIBIT_ANNOTATOR_AUTHOR")
    if env:
        return env
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name on this system
        return ""


@dataclass(frozen=True)
class Tagged:
    annotation: Annotation
    found: Found | None


def tag_quote(
    project: Project,
    project_path: Path,
    exhibit: Exhibit,
    quote: str,
    category_ids: list[str],
    *,
    note: str = "",
    author: str = "",
    page: int | None = None,
    occurrence: int = 1,
    ignore_case: bool = False,
    password: str | None = None,
    key_passage: bool = False,
) -> Tagged:
    """Find ``quote`` in the exhibit and add an annotation for it. ``page`` is 0-based."""
    path = readable_file(project_path, exhibit)
    doc = open_pdf(path, password)
    try:
        text = document_text(doc, project_path, exhibit, keep=4 * WINDOW)  # one pass: bounded memory
        found = find_quote(text, quote, page=page, occurrence=occurrence, ignore_case=ignore_case)
    except UserError as e:
        raise EditError(f"{path.name}: {e}") from None
    finally:
        doc.close()
    annotation = tag_passage(project, exhibit, found.passage, category_ids, note, author, key_passage)
    return Tagged(annotation, found)


def lines_passage(
    project_path: Path,
    exhibit: Exhibit,
    first: tuple[str, int],
    last: tuple[str, int],
    password: str | None = None,
    quote: str | None = None,
    ignore_case: bool = False,
) -> Passage:
    """The text of numbered lines ``first`` to ``last``, each (page as cited, line number), of a transcript or a
    filing on pleading paper: what ``tag --lines 45:12-20`` tags; with ``quote``, that quote on those lines. Lines
    are placed as cites place them, by the columns of line numbers recognised when the exhibit was read
    (``LineColumn.line_at``); a condensed transcript's pages are named by their own numbers."""
    path = readable_file(project_path, exhibit)
    doc = open_pdf(path, password)
    try:
        text = document_text(doc, project_path, exhibit)
        ends = [_numbered(exhibit, name) for name, _ in (first, last)]
        order = [(c.page, exhibit.line_numbers.index(c)) for c in ends]
        if order[1] < order[0] or (ends[0] == ends[1] and last[1] < first[1]):
            raise EditError(f"{exhibit.label}: the last line ({last[0]}:{last[1]}) comes before the first")
        # (page as cited, its column, lines from, to): one page, or the first page to its foot and the last from 1.
        spans = [(first[0], ends[0], first[1], last[1] if ends[0] == ends[1] else 10_000)]
        if ends[0] != ends[1]:
            spans.append((last[0], ends[1], 1, last[1]))
        chosen = []
        for name, numbers, low, high in spans:
            bottom, top = numbers.first, numbers.first + numbers.count - 1
            if low > top:
                raise EditError(f"page {name} of {exhibit.label} has lines {bottom}–{top}: no line {low}")
            lines = [
                line for line in text.page(numbers.page).lines
                if low <= (numbers.line_of((line.bbox[0] + line.bbox[2]) / 2, (line.bbox[1] + line.bbox[3]) / 2) or 0)
                <= high
            ]  # fmt: skip
            if not lines:
                raise EditError(f"no text on lines {low}–{min(high, top)} of page {name} of {exhibit.label}")
            chosen.append((numbers.page, lines))
        (start_page, start_lines), (end_page, end_lines) = chosen[0], chosen[-1]
        span = (start_page, start_lines[0].start, end_page, end_lines[-1].end)
        if quote is None:
            return passage(text, *span)
        try:
            return find_quote(text, quote, ignore_case=ignore_case, within=span).passage
        except UserError as e:
            raise EditError(f"{path.name}: {e}") from None
    finally:
        doc.close()


def _numbered(exhibit: Exhibit, name: str) -> LineColumn:
    """The column of line numbers of a page as cited: a condensed transcript's page by its own number, else the
    exhibit's page by its label or its place (``Exhibit.page_of``)."""
    found = [c for c in exhibit.line_numbers if c.label == name]
    if not found:
        index = exhibit.page_of(name)
        if index is None:
            raise EditError(f"{exhibit.label} has no page {name}")
        found = [c for c in exhibit.line_numbers if c.page == index]
    if not found:
        raise EditError(f"page {name} of {exhibit.label} has no line numbers in its margin")
    if len(found) > 1:
        raise EditError(f"page {name} of {exhibit.label} holds {len(found)} transcript pages: give their own numbers")
    return found[0]


def tag_passage(
    project: Project,
    exhibit: Exhibit,
    p: Passage,
    category_ids: list[str],
    note: str = "",
    author: str = "",
    key_passage: bool = False,
) -> Annotation:
    """Add an annotation for a located passage (a quote found, or a mouse selection)."""
    annotation = _annotation(
        exhibit, p.page, category_ids, note, author, key_passage,
        end_page=p.end_page if p.end_page != p.page else None, kind="text", text=p.text, quote=p.quote,
        position=p.position, extraction=p.extraction, rects=p.rects,
    )  # fmt: skip
    project.annotations.append(annotation)
    return annotation


def add_annotations(project: Project, annotations: list[Annotation]) -> None:
    """Add annotations made elsewhere (imported comments), checked against the project first: nothing is added if
    one refers to an unknown exhibit or category, or has an id already used."""
    set_together(project, annotations=[*project.annotations, *annotations])


def tag_area(
    project: Project,
    exhibit: Exhibit,
    page: int,
    rect: tuple[float, float, float, float],
    category_ids: list[str],
    *,
    note: str = "",
    author: str = "",
    key_passage: bool = False,
    text: str = "",
) -> Tagged:
    """Add a rectangle annotation (scans, signatures, tables). ``page`` is 0-based; ``rect`` in PDF points; ``text``:
    the words the app reads inside it (``reading.area_text``: a scan's OCR words), shown and quoted with it."""
    if not 0 <= page < exhibit.page_count:
        raise EditError(f"{exhibit.label} has no page {page + 1} (it has {quantity(exhibit.page_count, 'page')})")
    x0, y0, x1, y1 = rect
    if not all(math.isfinite(v) for v in rect) or x1 <= x0 or y1 <= y0:
        raise EditError("the rectangle must be given as x0,y0,x1,y1 with x0 < x1 and y0 < y1 (PDF points)")
    try:
        rects = [PageRect(page=page, rect=[x0, y0, x1, y1])]
    except ValidationError as e:
        raise EditError(f"the rectangle cannot be used: {describe_validation_error(e)}") from None
    annotation = _annotation(exhibit, page, category_ids, note, author, key_passage, kind="area", rects=rects,
                             text=text)  # fmt: skip
    project.annotations.append(annotation)
    return Tagged(annotation, None)


def _annotation(
    exhibit: Exhibit,
    page: int,
    category_ids: list[str],
    note: str,
    author: str,
    key_passage: bool,
    **anchor: Any,
) -> Annotation:
    """A new annotation: who, when, which categories (each once, in the order given), plus its anchor."""
    now = utc_now()
    try:
        return Annotation(
            exhibit_id=exhibit.id, page=page, category_ids=list(dict.fromkeys(category_ids)), note=note,
            author=author, key_passage=key_passage, created=now, modified=now, **anchor,
        )  # fmt: skip
    except ValidationError as e:  # a rectangle off any page, an over-long note: the user's input, said so
        raise EditError(f"the annotation cannot be made: {describe_validation_error(e)}") from None


# --- annotations: every change returns what undo needs to take it back ----------------------------------------
def annotation_index(project: Project, annotation_id: uuid.UUID | str) -> int:
    i = project.annotation_position(annotation_id)
    if i is None:
        raise EditError(f"no annotation {annotation_id} in this project")
    return i


def update_annotation(
    project: Project, annotation_id: uuid.UUID | str, by: str = "", **changes: Any
) -> tuple[Annotation, Annotation]:
    """Change categories, note, key passage or review status; returns (before, after). Validated whole, so a bad
    change (an unknown category) leaves the annotation as it was. ``by``: who changes it (``modified_by``)."""
    i = annotation_index(project, annotation_id)
    before = project.annotations[i]
    if "category_ids" in changes:
        changes["category_ids"] = known_categories(project, changes["category_ids"])
    after = next_version(before, changes, by)
    project.annotations[i] = after
    return before, after


Versioned = TypeVar("Versioned", Annotation, Fact, Designation)


def next_version(before: Versioned, changes: dict[str, Any], by: str) -> Versioned:
    """The next version of an annotation, a fact or a designation: validated whole (a ``ValidationError`` for a bad
    change), ``by`` recorded as who made it, and, when what it says changed, the version it was edited from added to
    its history: a merge then knows this one is newer (``merge._bring_in``). The one rule for all three."""
    after = type(before).model_validate({**before.model_dump(), **changes, "modified": utc_now(), "modified_by": by})
    if after.digest() != before.digest():
        after = after.model_copy(update={"history": [*before.history, before.digest()][-HISTORY:]})
    return after


def known_categories(project: Project, category_ids: list[str]) -> list[str]:
    """Category ids as an annotation's categories or a fact's issues take them: each once, every one in the
    codebook (else EditError naming those that are not)."""
    known = {c.id for c in project.codebook}
    unknown = [c for c in category_ids if c not in known]
    if unknown:
        raise EditError(f"unknown categories {unknown}")
    return list(dict.fromkeys(category_ids))


def replace_annotation(project: Project, annotation: Annotation) -> None:
    project.annotations[annotation_index(project, annotation.id)] = annotation


def remove_annotations(
    project: Project, ids: Collection[uuid.UUID | str], by: str = "", record: bool = True
) -> list[tuple[int, Annotation]]:
    """Remove annotations, recording their ids as deleted (for merges) unless ``record`` is off (undoing a tag:
    nobody else can have it); returns them with their places, for ``restore_annotations``."""
    # Found by id and taken out of the list in place: assigning a new list re-validated the whole project.
    places = sorted({i for k in ids if (i := project.annotation_position(k)) is not None})
    removed = [(i, project.annotations[i]) for i in places]
    for i in reversed(places):
        del project.annotations[i]
    project.indexed_removal(a.id for _, a in removed)
    if record:
        project.deleted.extend(Deletion(id=a.id, by=by) for _, a in removed)
    return removed


def restore_annotations(project: Project, removed: list[tuple[int, Annotation]]) -> None:
    back = {a.id for _, a in removed}
    if project.deleted:
        project.deleted[:] = [d for d in project.deleted if d.id not in back]  # in place: no re-validation
    for i, a in sorted(removed, key=lambda pair: pair[0]):
        place = min(i, len(project.annotations))
        project.annotations.insert(place, a)
        project.indexed_insertion(a.id, place)


def set_together(project: Project, **fields: Any) -> None:
    """Set several fields that are only consistent together (a codebook and the annotations that use it, a merge's
    exhibits and annotations): assigning them one by one would validate a half-changed project and fail. The
    result is checked whole (``check_references``), then set; nothing is set if it fails."""
    candidate = project.model_copy(update=fields)
    try:
        candidate.check_references()
    except ValueError as e:
        raise EditError(str(e)) from None
    project.__dict__.update(fields)


EXHIBIT_FIELDS = frozenset({
    "label", "title", "bates_prefix", "bates_start", "bates_digits", "date", "confidentiality", "custodian",
    "production_volume", "short_name", "docket", "cite_lines", "keep_running_heads",
})  # fmt: skip


def edited_exhibit(project: Project, exhibit_id: str, **changes: Any) -> Exhibit:
    """The exhibit with ``changes`` (label, title, Bates numbering, date, designation, custodian, production
    volume), checked: a label blank or used by another exhibit, a negative Bates number, an unknown field are
    refused. The project is not changed."""
    unknown = set(changes) - EXHIBIT_FIELDS
    if unknown:
        raise EditError(f"exhibits have no field {', '.join(sorted(unknown))}")
    exhibit = project.exhibit(exhibit_id)
    if "label" in changes:
        changes["label"] = (changes["label"] or "").strip()
        wanted = loose_label(changes["label"])
        clash = [e for e in project.exhibits if e.id != exhibit_id and loose_label(e.label) == wanted]
        if clash:
            raise EditError(f"the label {changes['label']!r} is already used by another exhibit")
    if changes.get("bates_prefix") == "":
        changes["bates_prefix"] = None
    try:
        return Exhibit.model_validate({**exhibit.model_dump(), **changes})
    except ValidationError as e:
        raise EditError(f"{exhibit.label}: {describe_validation_error(e)}") from None


def rebased(project: Project, old_path: Path, new_path: Path) -> Project:
    """The project as saved at ``new_path`` (Save As): each exhibit's path re-expressed from the new folder, so the
    same files are found. The project itself is not changed."""
    exhibits = [
        e.model_copy(update={"path": relative_path(exhibit_file(old_path, e), new_path.parent)})
        for e in project.exhibits
    ]
    for e in project.exhibits:  # files the project read from its old folder stay readable from the new one
        if may_read(old_path, exhibit_file(old_path, e)) and not inside(new_path.parent, exhibit_file(old_path, e)):
            agree(exhibit_file(old_path, e))
    return project.model_copy(update={"exhibits": exhibits})
