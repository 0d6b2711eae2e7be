"""Changes to a project: create it, add exhibits, tag passages and areas.

Each function checks everything first and changes the ``Project`` only when it cannot fail any more, so a failed
edit leaves the project (and the file it will be saved to) as it was. The command line calls these; the app's
undo commands will wrap the same functions.
"""

from __future__ import annotations

import getpass
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .anchoring import EXTRACTION, Found, find_quote
from .errors import UserError
from .exhibits import fingerprint, open_pdf, pages_without_text, relative_path, resolve_path
from .model import Annotation, Case, Codebook, Exhibit, PageRect, Project, utc_now
from .text import DocumentText


class EditError(UserError):
    pass


def new_project(case: Case, codebook: Codebook) -> Project:
    return Project(case=case, codebook=[c.model_copy() for c in codebook.categories])


def default_author() -> str:
    """Who is tagging, when not said: $EXHIBIT_ANNOTATOR_AUTHOR, else the login name (settings come later)."""
    env = os.environ.get("EXHIBIT_ANNOTATOR_AUTHOR")
    if env:
        return env
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name on this system
        return ""


def find_exhibit(project: Project, label_or_id: str) -> Exhibit:
    """By label (as typed, then ignoring case and spaces) or by id."""
    wanted = label_or_id.strip()
    exact = [e for e in project.exhibits if e.label == wanted] or [e for e in project.exhibits if e.id == wanted]
    if exact:
        return exact[0]
    loose = _loose(wanted)
    matches = [e for e in project.exhibits if _loose(e.label) == loose]
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(e.label for e in project.exhibits) or "none yet"
    raise EditError(f"no exhibit {label_or_id!r} in the project (exhibits: {known})")


def find_category(project: Project, name_or_id: str) -> str:
    """A category id from a name (ignoring case) or an id."""
    wanted = name_or_id.strip()
    for c in project.codebook:
        if c.id == wanted or c.name.casefold() == wanted.casefold():
            return c.id
    known = ", ".join(c.name for c in project.codebook) or "the codebook is empty"
    raise EditError(f"unknown category {name_or_id!r}; known categories: {known}")


def _loose(label: str) -> str:
    return re.sub(r"[\s.]+", "", label).casefold()


def next_label(project: Project) -> str:
    """The next free ``Ex. N``."""
    used = {_loose(e.label) for e in project.exhibits}
    n = 1
    while _loose(f"Ex. {n}") in used:
        n += 1
    return f"Ex. {n}"


_SCRIPTS = (("ar", ("ARABIC",)), ("ru", ("CYRILLIC",)), ("en", ("LATIN",)))


def guess_languages(text: str) -> list[str]:
    """Languages by script, most frequent first (Arabic → ar, Cyrillic → ru, Latin → en): a default, editable."""
    counts = dict.fromkeys([code for code, _ in _SCRIPTS], 0)
    for ch in text[:20000]:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            for code, prefixes in _SCRIPTS:
                if name.startswith(prefixes):
                    counts[code] += 1
                    break
    total = sum(counts.values())
    return [code for code, n in sorted(counts.items(), key=lambda kv: -kv[1]) if total and n >= 0.05 * total]


def add_exhibit(
    project: Project,
    project_path: Path,
    pdf_path: Path,
    *,
    label: str | None = None,
    title: str | None = None,
    password: str | None = None,
    bates_prefix: str | None = None,
    bates_start: int | None = None,
    languages: list[str] | None = None,
) -> Exhibit:
    """Add ``pdf_path`` to the project. The password only opens the file; it is not kept."""
    doc = open_pdf(pdf_path, password)
    try:
        fp = fingerprint(pdf_path, doc)
        for e in project.exhibits:
            if e.sha256 == fp.sha256:
                raise EditError(f"{pdf_path.name}: this file is already in the project as {e.label}")
        label = (label or "").strip() or next_label(project)
        if any(_loose(e.label) == _loose(label) for e in project.exhibits):
            raise EditError(f"{pdf_path.name}: the label {label!r} is already used by another exhibit")
        no_text = pages_without_text(doc)
        sample = "".join(doc[i].get_text("text") for i in range(min(doc.page_count, 3)))
        meta_title = ((doc.metadata or {}).get("title") or "").strip()
        if meta_title.casefold() in (pdf_path.name.casefold(), pdf_path.stem.casefold()):
            meta_title = ""  # producers often put the file name there: the stem reads better
        exhibit = Exhibit(
            label=label,
            title=title if title is not None else (meta_title.strip() or pdf_path.stem),
            path=relative_path(pdf_path, project_path.parent),
            sha256=fp.sha256,
            pdf_id=fp.pdf_id,
            page_count=doc.page_count,
            pages_without_text=no_text,
            bates_prefix=bates_prefix,
            bates_start=bates_start,
            languages=languages if languages is not None else guess_languages(sample),
        )
    finally:
        doc.close()
    project.exhibits.append(exhibit)
    return exhibit


def exhibit_file(project_path: Path, exhibit: Exhibit) -> Path:
    return resolve_path(exhibit.path, project_path.parent)


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
    path = exhibit_file(project_path, exhibit)
    doc = open_pdf(path, password)
    try:
        found = find_quote(DocumentText(doc), quote, page=page, occurrence=occurrence, ignore_case=ignore_case)
    except UserError as e:
        raise EditError(f"{path.name}: {e}") from None
    finally:
        doc.close()
    p = found.passage
    annotation = _annotation(
        exhibit, p.page, category_ids, note, author, key_passage,
        end_page=p.end_page if p.end_page != p.page else None, kind="text", text=p.text, quote=p.quote,
        position=p.position, extraction=EXTRACTION, rects=p.rects,
    )  # fmt: skip
    project.annotations.append(annotation)
    return Tagged(annotation, found)


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
) -> Tagged:
    """Add a rectangle annotation (scans, signatures, tables). ``page`` is 0-based; ``rect`` in PDF points."""
    if not 0 <= page < exhibit.page_count:
        raise EditError(f"{exhibit.label} has no page {page + 1} (it has {exhibit.page_count} pages)")
    x0, y0, x1, y1 = rect
    if x1 <= x0 or y1 <= y0:
        raise EditError("the rectangle must be given as x0,y0,x1,y1 with x0 < x1 and y0 < y1 (PDF points)")
    rects = [PageRect(page=page, rect=[x0, y0, x1, y1])]
    annotation = _annotation(exhibit, page, category_ids, note, author, key_passage, kind="area", rects=rects)
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
    return Annotation(
        exhibit_id=exhibit.id, page=page, category_ids=list(dict.fromkeys(category_ids)), note=note, author=author,
        key_passage=key_passage, created=now, modified=now, **anchor,
    )  # fmt: skip
