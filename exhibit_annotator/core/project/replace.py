"""Replacing an exhibit's file with a new version (a re-production, a corrected or reflowed copy): every passage is
found again on the new file, the way Hypothesis re-anchors (``anchoring.resolve``: the stored place if the text
there still is the quote, else the quote exactly with the best prefix/suffix context nearest its old place, else an
approximate match), and its pages, offsets and rectangles are taken from the new file.

Passages found exactly need nothing more. Those only found approximately are placed where the similar text is
and marked for the user to check (``Annotation.reanchored``); lost ones keep their quote but lose their
rectangles, so nothing is ever drawn at a place on the old file. Areas cannot be found by text: they stay and are
marked too. The replacement is computed here (it reads the file: a worker's job in the app) and applied as one
operation (``operations.ReplaceExhibitFile``), one undo step.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import EditError
from ..model import Annotation, Exhibit, Project, Reanchored, utc_now
from ..normalize import fold_text
from ..pdf.anchoring import AnchorState, resolve
from ..pdf.exhibits import open_pdf
from ..pdf.ocr import document_text
from ..pdf.text import DocumentText
from .intake import read_exhibit


@dataclass(frozen=True)
class Replacement:
    """An exhibit with its new file, and its annotations placed on it (same ids, same order)."""

    exhibit: Exhibit
    annotations: list[Annotation]
    states: dict[str, AnchorState]  # annotation id → how it was found (areas: fuzzy, as they need checking)

    @property
    def counts(self) -> Counter[AnchorState]:
        return Counter(self.states.values())

    def summary(self) -> str:
        c = self.counts
        parts = [
            f"{c[AnchorState.exact] + c[AnchorState.moved]} found exactly",
            f"{c[AnchorState.fuzzy]} to check",
            f"{c[AnchorState.lost]} lost",
        ]
        return ", ".join(parts)


def replacement(
    project: Project, project_path: Path, exhibit_id: str, new_pdf: Path, password: str | None = None
) -> Replacement:
    """Read ``new_pdf`` as the new file of the exhibit and place each of its annotations on it."""
    old = project.exhibit(exhibit_id)
    read = read_exhibit(project_path, new_pdf, password=password, languages=old.languages)
    if read.sha256 == old.sha256:
        raise EditError(f"{new_pdf.name}: this is the file {old.label} already has")
    for other in project.exhibits:
        if other.id != exhibit_id and other.sha256 == read.sha256:
            raise EditError(f"{new_pdf.name}: this file is already in the project as {other.label}")
    exhibit = old.model_copy(
        update={
            "path": read.path, "sha256": read.sha256, "pdf_id": read.pdf_id, "page_count": read.page_count,
            "pages_without_text": read.pages_without_text, "page_labels": read.page_labels,
            "line_numbers": read.line_numbers, "running_heads": read.running_heads,
            "previous_sha256": [*old.previous_sha256, old.sha256],
        }
    )  # fmt: skip
    doc = open_pdf(new_pdf, password)
    try:
        text = document_text(doc, project_path, exhibit)
        placed: list[Annotation] = []
        states: dict[str, AnchorState] = {}
        for a in project.annotations_of(exhibit_id):
            state, moved = _place(a, text, exhibit.page_count)
            states[str(a.id)] = state
            placed.append(moved)
    finally:
        doc.close()
    return Replacement(exhibit, placed, states)


def _place(a: Annotation, text: DocumentText, page_count: int) -> tuple[AnchorState, Annotation]:
    changes: dict[str, object] = {"modified": utc_now()}
    if a.kind == "area" or a.quote is None:
        # Text cannot find an area again: it stays on its page (if the new file has it) and waits for the user.
        page = min(a.page, page_count - 1)
        rects = [r.model_copy(update={"page": page}) for r in a.rects if r.page == a.page]
        changes.update(page=page, end_page=None, rects=rects, reanchored=Reanchored(state="area"))
        return AnchorState.fuzzy, a.model_copy(update=changes)
    r = resolve(text, a.page, a.quote, a.position, a.extraction, a.end_page)
    if r.passage is None:
        changes.update(rects=[], position=None, reanchored=Reanchored(state="lost"))
        return AnchorState.lost, a.model_copy(update=changes)
    p = r.passage
    changes.update(
        page=p.page, end_page=p.end_page if p.end_page != p.page else None, position=p.position, rects=p.rects,
        extraction=p.extraction, quote=p.quote.model_copy(update={"exact": a.quote.exact}) if r.state is not
        AnchorState.fuzzy else a.quote, reanchored=None,
    )  # fmt: skip
    if r.state is AnchorState.fuzzy:
        needle = fold_text(a.quote.exact)
        similarity = max(0.0, 1.0 - r.errors / max(len(needle), 1))
        changes["reanchored"] = Reanchored(state="approximate", found=p.text, similarity=round(similarity, 3))
    return r.state, a.model_copy(update=changes)


def acceptance(annotations: list[Annotation]) -> dict[uuid.UUID, dict[str, Any]]:
    """The changes (for ``operations.EditAnnotations``) that accept where a replacement put these passages: an
    approximate one takes the new file's text as its quote; a lost one keeps its quote, with nothing to draw."""
    changes: dict[uuid.UUID, dict[str, Any]] = {}
    for a in annotations:
        if a.reanchored is None:
            continue
        change: dict[str, Any] = {"reanchored": None}
        if a.reanchored.state == "approximate" and a.quote is not None:
            found = a.reanchored.found
            change.update(text=found, quote=a.quote.model_copy(update={"exact": found}))
        changes[a.id] = change
    return changes
