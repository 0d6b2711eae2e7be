"""Changes to a project: create it, add exhibits, tag passages and areas, edit and delete annotations, edit the
codebook.

Each function checks everything first and changes the ``Project`` only when it cannot fail any more, so a failed
edit leaves the project (and the file it will be saved to) as it was. The command line calls these; the app's
undo commands will wrap the same functions.
"""

from __future__ import annotations

import contextlib
import getpass
import math
import multiprocessing
import os
import re
import unicodedata
import uuid
from collections.abc import Collection, Generator, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict, Unpack

import pymupdf
from pydantic import ValidationError

from ..errors import UserError
from ..model import (
    Annotation,
    Case,
    Codebook,
    Deletion,
    Exhibit,
    LineColumn,
    PageRect,
    Project,
    RunningHead,
    utc_now,
)
from ..normalize import quantity
from ..pdf import page_index
from ..pdf.anchoring import WINDOW, Found, Passage, find_quote, passage
from ..pdf.confinement import agree, exhibit_file, inside, may_read, readable_file
from ..pdf.exhibits import (
    fingerprint,
    open_pdf,
    page_labels,
    pages_without_text,
    relative_path,
    sha256_of,
)
from ..pdf.line_numbers import columns
from ..pdf.ocr import document_text
from ..pdf.text import running_heads
from .store import describe_validation_error

HISTORY = 50  # earlier versions remembered per annotation


class EditError(UserError):
    pass


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


def find_annotation(project: Project, id_or_prefix: str, among: list[Annotation] | None = None) -> Annotation:
    """By its id, or the first characters of it (at least 4, as git takes a commit's), among the project's
    annotations (or ``among``: its pending conflicts, an earlier copy's)."""
    wanted = id_or_prefix.strip().lower()
    pool = project.annotations if among is None else among
    if len(wanted) < 4:
        raise EditError(f"annotation {id_or_prefix!r}: give at least the first 4 characters of its id")
    matches = [a for a in pool if str(a.id).startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise EditError(f"no annotation {id_or_prefix!r} (list --json shows their ids)")
    raise EditError(f"annotation {id_or_prefix!r}: {len(matches)} ids start so; give more of it")


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


_NUMBERED = re.compile(r"^(.*?)(\d+)$")


def next_label(project: Project) -> str:
    """The next free label in the project's own scheme: after PX-5, PX-6 (the scheme of the last exhibit whose label
    ends in a number, numbered after the highest of that scheme); ``Ex. N`` for a project without one."""
    used = {_loose(e.label) for e in project.exhibits}
    schemes = [m.groups() for e in project.exhibits if (m := _NUMBERED.match(e.label.strip()))]
    prefix = schemes[-1][0] if schemes else "Ex. "
    n = max((int(number) for p, number in schemes if p == prefix), default=0) + 1
    while _loose(f"{prefix}{n}") in used:
        n += 1
    return f"{prefix}{n}"


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


class ReadOptions(TypedDict, total=False):
    """What may be said of an exhibit when it is added (the password only opens the file; it is not kept)."""

    title: str | None
    password: str | None
    bates_prefix: str | None
    bates_start: int | None
    languages: list[str] | None


def add_exhibit(
    project: Project, project_path: Path, pdf_path: Path, *, label: str | None = None, **options: Unpack[ReadOptions]
) -> Exhibit:
    """Add ``pdf_path`` to the project: read it, then place it under ``label`` (default: the next free one)."""
    return place_exhibit(project, read_exhibit(project_path, pdf_path, **options), label)


PROVISIONAL_LABEL = "(new)"


def read_exhibit(
    project_path: Path,
    pdf_path: Path,
    *,
    title: str | None = None,
    password: str | None = None,
    bates_prefix: str | None = None,
    bates_start: int | None = None,
    languages: list[str] | None = None,
) -> Exhibit:
    """Open, fingerprint and read a PDF for a project at ``project_path``: the slow part of adding an exhibit (a
    worker's job in the app). Its label is given when it joins the project (``place_exhibit``)."""
    doc = open_pdf(pdf_path, password)
    try:
        return _read_open(project_path, pdf_path, doc, None, title=title, bates_prefix=bates_prefix,
                          bates_start=bates_start, languages=languages)  # fmt: skip
    finally:
        doc.close()


@dataclass(frozen=True)
class Layout:
    """What an exhibit's pages are laid out with, read from its file: its columns of line numbers and its running
    headers and footers."""

    line_numbers: list[LineColumn]
    running_heads: list[RunningHead]

    def summary(self, label: str) -> str:
        pages = len({c.page for c in self.line_numbers})
        lines = f"line numbers on {pages} page{'s' * (pages != 1)}" if pages else "no line numbers"
        heads = len(self.running_heads)
        return f"{label}: {lines}, {heads or 'no'} running header{'s' * (heads != 1)} or footer{'s' * (heads != 1)}"


def _layout(doc: pymupdf.Document, plains: list[str]) -> Layout:
    return Layout(columns(doc, plains), [RunningHead(text=text, y=y) for text, y in running_heads(doc)])


def read_layout(project_path: Path, exhibit: Exhibit, password: str | None = None) -> Layout:
    """Its file's layout read again: for an exhibit added before the app knew line numbers or running headers
    (``ReadLayout``; a worker's job in the app)."""
    doc = open_pdf(readable_file(project_path, exhibit), password)
    try:
        return _layout(doc, [doc[i].get_text("text") for i in range(doc.page_count)])
    finally:
        doc.close()


# Metadata titles that name a file or a template, not the document ("Microsoft Word - draft.docx", "10811.exe").
_JUNK_TITLE = re.compile(
    r"^(microsoft (word|excel|powerpoint) - |untitled|document\d*$|\d+$)|\.[a-z0-9]{2,5}$|^[^\w]*$", re.IGNORECASE
)


def _title(doc: pymupdf.Document, pdf_path: Path) -> str:
    """An exhibit's title: the PDF's own; where that is junk (``_JUNK_TITLE``), the first page's heading (its largest
    type, near the top); else, or where the PDF has none or names its file, the file's name without its extension
    (people name their files)."""
    meta = " ".join(((doc.metadata or {}).get("title") or "").split())
    if not meta or meta.casefold() in (pdf_path.name.casefold(), pdf_path.stem.casefold()):
        return pdf_path.stem
    if _JUNK_TITLE.search(meta):
        return _heading(doc) or pdf_path.stem
    return meta


def _heading(doc: pymupdf.Document) -> str:
    """The first page's heading: the line in the largest type (larger than the body's) among its first 15 lines."""
    if doc.page_count == 0:
        return ""
    lines = [
        (max(s["size"] for s in line["spans"]), "".join(s["text"] for s in line["spans"]).strip())
        for block in doc[0].get_text("dict")["blocks"] if block.get("type") == 0
        for line in block["lines"] if line["spans"]
    ][:40]  # fmt: skip
    lines = [(size, text) for size, text in lines if len(text) >= 4 and any(c.isalpha() for c in text)]
    if len(lines) < 2:
        return ""
    body = sorted(size for size, _ in lines)[len(lines) // 2]
    top = [(size, text) for size, text in lines[:15] if size >= body * 1.3 and len(text.split()) >= 3]
    return max(top, key=lambda st: st[0])[1][:200] if top else ""


def _read_open(
    project_path: Path, pdf_path: Path, doc: pymupdf.Document, plains: list[str] | None, *, title: str | None,
    bates_prefix: str | None, bates_start: int | None, languages: list[str] | None,
) -> Exhibit:  # fmt: skip
    """``read_exhibit`` on an open document; ``plains``: its pages' MuPDF plain text, when already read."""
    if plains is None:
        plains = [doc[i].get_text("text") for i in range(doc.page_count)]
    if not inside(project_path.parent, pdf_path):
        agree(pdf_path)  # the user chose this file: it may be read wherever it lies
    fp = fingerprint(pdf_path, doc)
    sample = "".join(doc[i].get_text("text") for i in range(min(doc.page_count, 3)))
    return _exhibit(
        pdf_path,
        label=PROVISIONAL_LABEL,
        title=title if title is not None else _title(doc, pdf_path),
        path=relative_path(pdf_path, project_path.parent),
        sha256=fp.sha256,
        pdf_id=fp.pdf_id,
        page_count=doc.page_count,
        pages_without_text=pages_without_text(plains),
        page_labels=page_labels(doc),
        **vars(_layout(doc, plains)),
        bates_prefix=bates_prefix,
        bates_start=bates_start,
        languages=languages if languages is not None else guess_languages(sample),
    )


def pdfs_in(paths: Iterable[Path]) -> list[Path]:
    """The PDFs named, and those in the folders named (and their subfolders), in name order within a folder."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted((f for f in path.rglob("*") if f.suffix.lower() == ".pdf" and f.is_file()), key=str)
        else:
            out.append(path)
    return out


def _read_and_index(project_path: Path, pdf: Path, password: str | None) -> Exhibit:
    """One file of a bulk add, in a worker process: read as an exhibit, and its pages kept in the page index
    (each page's text extracted once for both)."""
    with open_pdf(pdf, password) as doc:
        plains = [doc[i].get_text("text") for i in range(doc.page_count)]
        sources = page_index.page_sources(doc, plains)
        exhibit = _read_open(project_path, pdf, doc, plains, title=None, bates_prefix=None, bates_start=None,
                             languages=None)  # fmt: skip
    with contextlib.suppress(Exception):  # an index that cannot be written only means a slower first search
        page_index.store(pdf, exhibit.sha256, sources)
    return exhibit


def read_exhibits(
    project_path: Path, pdfs: list[Path], passwords: dict[Path, str] | None = None, workers: int | None = None
) -> Generator[tuple[Path, Exhibit | UserError], None, None]:
    """Read many PDFs at once, one process per core (hashing and looking at every page is the slow part), each
    also indexed for search; yields (pdf, exhibit or the problem) in the order given, as each is ready. Closing
    the iterator early cancels what has not started."""
    # "spawn": forking a process that has Qt loaded (the window's) is unsafe; it is every platform's way but Linux's.
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1, mp_context=spawn) as pool:
        futures = [pool.submit(_read_and_index, project_path, pdf, (passwords or {}).get(pdf)) for pdf in pdfs]
        try:
            for pdf, future in zip(pdfs, futures, strict=True):
                try:
                    yield pdf, future.result()
                except UserError as e:
                    yield pdf, e
                except Exception as e:  # noqa: BLE001 (a crash on one file, a broken pool: said for that file)
                    yield pdf, UserError(f"{pdf.name}: cannot be read ({e})")
        finally:
            for future in futures:
                future.cancel()


def _exhibit(pdf_path: Path, **fields: Any) -> Exhibit:
    try:
        return Exhibit(**fields)
    except ValidationError as e:  # a negative Bates number, a title of 100,000 characters: given by the user
        raise EditError(f"{pdf_path.name}: {describe_validation_error(e)}") from None


def place_exhibit(project: Project, exhibit: Exhibit, label: str | None = None) -> Exhibit:
    """Add a read exhibit under ``label`` (default: the next free ``Ex. N``), allocated now, from the project as
    it is: exhibits read at the same time each get their own label, in the order they join."""
    name = Path(exhibit.path).name
    for e in project.exhibits:
        if e.sha256 == exhibit.sha256:
            raise EditError(f"{name}: this file is already in the project as {e.label}")
    label = (label or "").strip() or next_label(project)
    if any(_loose(e.label) == _loose(label) for e in project.exhibits):
        raise EditError(f"{name}: the label {label!r} is already used by another exhibit")
    placed = exhibit.model_copy(update={"label": label})
    project.exhibits.append(placed)
    return placed


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
        unknown = [c for c in changes["category_ids"] if c not in {k.id for k in project.codebook}]
        if unknown:
            raise EditError(f"unknown categories {unknown}")
        changes["category_ids"] = list(dict.fromkeys(changes["category_ids"]))
    after = Annotation.model_validate({**before.model_dump(), **changes, "modified": utc_now(), "modified_by": by})
    if after.digest() != before.digest():
        # The version it was edited from: a merge then knows this one is newer (core.merge).
        after = after.model_copy(update={"history": [*before.history, before.digest()][-HISTORY:]})
    project.annotations[i] = after
    return before, after


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


@dataclass(frozen=True)
class Moved:
    same_file: bool  # the chosen file is the one that was added (same SHA-256)
    paths: dict[str, str]  # exhibit id → path to store: the chosen file, and the others found beside it


def find_moved(project: Project, project_path: Path, exhibit_id: str, new_file: Path) -> Moved:
    """``new_file`` is where exhibit ``exhibit_id`` went: is it the same file, and which other missing exhibits
    are beside it (same file name, same SHA-256)? Hashes files: a worker's job in the app."""
    exhibit = project.exhibit(exhibit_id)
    agree(new_file)  # chosen by the user, and the files found beside it below
    paths = {exhibit_id: relative_path(new_file, project_path.parent)}
    for other in project.exhibits:
        if other.id == exhibit_id or exhibit_file(project_path, other).exists():
            continue
        candidate = new_file.parent / Path(other.path).name
        if candidate.exists() and sha256_of(candidate) == other.sha256:
            paths[other.id] = relative_path(candidate, project_path.parent)
            agree(candidate)
    return Moved(sha256_of(new_file) == exhibit.sha256, paths)


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
        clash = [e for e in project.exhibits if e.id != exhibit_id and _loose(e.label) == _loose(changes["label"])]
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
