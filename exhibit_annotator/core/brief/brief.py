"""The briefing document as data: built once from a project and options, then written by each exporter.

Correctness: every quote is the exhibit's text at the cited page. A stored quote is trusted as is when the
exhibit file still has the SHA-256 recorded when it was tagged (the text was extracted from those very bytes).
When the file changed, nothing from it counts as verified (it may not even be the same document): a quotation
found in it again is cited where it now is, but still marked not verified until the file is replaced as a new
version (``replace``), which the user reviews; a missing file, a lost passage, an area say so too.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from pathlib import Path

import pymupdf

from ..errors import UserError
from ..model import Annotation, Category, Exhibit, Project, ReviewStatus, Roles
from ..pdf.anchoring import AnchorState, resolve
from ..pdf.confinement import exhibit_file, may_read
from ..pdf.exhibits import open_pdf, sha256_of
from ..pdf.ocr import document_text
from ..pdf.reading import area_text
from ..pdf.text import OCR_METHOD, DocumentText
from .callouts import callout
from .citations import Citer, CiteStyle, Lines, bates_span

Progress = Callable[[int, int], bool]  # (done, total) → False to cancel


class ExportCancelled(UserError):
    def __init__(self, message: str = "the export was cancelled") -> None:  # an argument, so that it pickles
        super().__init__(message)


class Order(StrEnum):
    category = "category"
    exhibit = "exhibit"


@dataclass
class BriefOptions:
    title: str = "Exhibit Brief"
    prepared_by: str = ""
    date: date = field(default_factory=date.today)
    categories: set[str] | None = None  # category ids (a parent includes its children); None: all
    exhibits: set[str] | None = None  # exhibit ids
    authors: set[str] | None = None
    statuses: set[ReviewStatus] | None = None
    order: Order = Order.category
    include_notes: bool = True
    include_authors: bool = False
    include_callouts: bool = False
    cite_style: CiteStyle = CiteStyle.exhibit
    physical_pages: bool = False  # cite the page's place (5) even where the PDF labels its pages (iv)
    id_cites: bool = False  # "Id. at 5" for a cite to the same exhibit as the one before it
    short_forms: bool = False  # the first cite to an exhibit with its title and short name, later ones short
    include_review: bool = False  # each passage's review status and the reviewer's comment
    mark_key: bool = True  # key passages marked "Key passage" beside their cite
    template: Path | None = None  # Word: build on this .docx/.dotx's styles, page setup, headers and footers


@dataclass
class Entry:
    annotation: Annotation
    exhibit: Exhibit
    quote: str  # verbatim, as read; empty for an area with no text
    cite: str
    note: str
    author: str
    categories: list[str]  # names
    rtl: bool
    problem: str  # why the quote or area is not verified on the exhibit's file ("" when it is): see ``unverified``
    callout_png: bytes | None = None
    ocr: bool = False  # the quote was read from a scan by OCR
    id_cite: bool = False  # the cite is "Id." or "Id. at …" (set in italics)
    key: bool = False  # marked as a key passage (and the brief marks them)
    review: str = ""  # "accepted — reviewer's comment", when the brief includes review

    @property
    def verified(self) -> bool:
        return not self.problem

    @property
    def caveat(self) -> str:
        """What the reader must be told about the quote, after its cite ("" when nothing): one wording for
        every format."""
        if self.problem:
            return self.problem
        if self.ocr:
            return "OCR text; compare with the image"
        return ""


def unverified(a: Annotation, exhibit: Exhibit, unchanged: bool) -> str:
    """Why an annotation cannot be trusted on its exhibit's file as the file now is ("" when it can): the one rule
    for the brief, annotated PDFs and the window. Areas count too: a rectangle on another file marks other words."""
    if a.reanchored is not None:
        return f"not verified: {a.reanchored.describe()}"
    if not unchanged:
        return f"not verified: {exhibit.label}'s file is missing or changed"
    return ""


@dataclass
class Section:
    heading: str
    level: int  # 1 for claims, 2 for elements, ...
    description: str
    entries: list[Entry]
    anchor: str  # stable id for bookmarks and links


@dataclass
class ExhibitRow:
    exhibit: Exhibit
    bates: str
    file_name: str
    problem: str  # "", "file missing", "file changed since tagging"


@dataclass
class Brief:
    title: str
    case_name: str
    court: str
    case_number: str
    date: date
    prepared_by: str
    exhibits: list[ExhibitRow]
    sections: list[Section]
    summary_categories: list[str]
    summary_exhibits: list[str]
    summary_counts: list[list[int]]  # [category][exhibit]
    options: BriefOptions
    roles: Roles = Roles.plaintiff  # the caption's words for the parties


_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def clean(text: str) -> str:
    """Text that every writer can take: XML-invalid characters (which python-docx rejects) are dropped."""
    return _INVALID_XML.sub("", text)


def is_rtl(text: str) -> bool:
    """Mostly right-to-left letters: set as a right-to-left paragraph."""
    rtl = sum(unicodedata.bidirectional(c) in ("R", "AL") for c in text)
    ltr = sum(unicodedata.bidirectional(c) == "L" for c in text)
    return rtl > ltr


def quoted(text: str, cite_text: str) -> str:
    """A passage as pasted into a memo or an e-mail: ``“…” (Ex. 3 at 2)``, its lines joined into one (an area,
    with no text: ``(Ex. 3 at 2)``)."""
    return f"“{' '.join(text.split())}” ({cite_text})" if text.strip() else f"({cite_text})"


def quoted_html(text: str, cite_text: str) -> str:
    """``quoted`` as rich text for Word and mail clients: a right-to-left quote is marked so, so that it reads
    right to left inside a left-to-right paragraph."""
    if not text.strip():
        return f"<p>({html.escape(cite_text)})</p>"
    body = html.escape(" ".join(text.split()))
    if is_rtl(text):
        body = f'<span dir="rtl">{body}</span>'
    return f"<p>“{body}” ({html.escape(cite_text)})</p>"


def _descendants(codebook: list[Category], roots: set[str]) -> set[str]:
    out = set(roots)
    changed = True
    while changed:
        changed = False
        for c in codebook:
            if c.parent in out and c.id not in out:
                out.add(c.id)
                changed = True
    return out


def _ordered_categories(codebook: list[Category]) -> list[tuple[Category, int]]:
    """Codebook order, children right after their parent: (category, depth)."""
    children: dict[str | None, list[Category]] = {}
    for c in codebook:
        children.setdefault(c.parent, []).append(c)
    out: list[tuple[Category, int]] = []

    def walk(parent: str | None, depth: int) -> None:
        for c in children.get(parent, []):
            out.append((c, depth))
            walk(c.id, depth + 1)

    walk(None, 0)
    return out


def selected_annotations(project: Project, options: BriefOptions) -> list[Annotation]:
    wanted_categories = _descendants(project.codebook, options.categories) if options.categories else None
    out = []
    for a in project.annotations:
        if options.exhibits is not None and a.exhibit_id not in options.exhibits:
            continue
        if options.authors is not None and a.author not in options.authors:
            continue
        if options.statuses is not None and a.review not in options.statuses:
            continue
        if wanted_categories is not None and not wanted_categories.intersection(a.category_ids):
            continue
        out.append(a)
    return out


class _ExhibitFiles:
    """Opens each exhibit once, checks its hash once, re-anchors only when it changed."""

    def __init__(self, project_path: Path, passwords: dict[str, str] | None = None) -> None:
        self.project_path = project_path
        self.passwords = passwords or {}  # exhibit id → password of an encrypted exhibit (never stored)
        self._docs: dict[str, tuple[pymupdf.Document | None, bool, str]] = {}  # id → (doc, unchanged, problem)
        self._texts: dict[str, DocumentText] = {}

    def state(self, exhibit: Exhibit) -> tuple[pymupdf.Document | None, bool, str]:
        if exhibit.id not in self._docs:
            path = exhibit_file(self.project_path, exhibit)
            if not path.exists():
                self._docs[exhibit.id] = (None, False, "file missing")
            elif not may_read(self.project_path, path):
                self._docs[exhibit.id] = (None, False, "file outside the project's folder, not read")
            else:
                try:
                    doc = open_pdf(path, self.passwords.get(exhibit.id))
                except UserError as e:
                    self._docs[exhibit.id] = (None, False, f"cannot be opened ({e})")
                else:
                    unchanged = sha256_of(path) == exhibit.sha256
                    self._docs[exhibit.id] = (doc, unchanged, "" if unchanged else "file changed since tagging")
        return self._docs[exhibit.id]

    def text(self, exhibit: Exhibit) -> DocumentText | None:
        doc, _, _ = self.state(exhibit)
        if doc is None:
            return None
        if exhibit.id not in self._texts:
            self._texts[exhibit.id] = document_text(doc, self.project_path, exhibit)
        return self._texts[exhibit.id]

    def close(self) -> None:
        for doc, _, _ in self._docs.values():
            if doc is not None:
                doc.close()


def _area_text(text: DocumentText | None, a: Annotation) -> tuple[str, bool]:
    """What an area holds as the app reads the page (its text layer, else its OCR), and whether that is OCR."""
    if text is None or a.page >= text.page_count:
        return "", False
    page = text.page(a.page)
    rects = [(r.rect[0], r.rect[1], r.rect[2], r.rect[3]) for r in a.rects if r.page == a.page]
    return area_text(page, rects), page.method == OCR_METHOD


def build_brief(
    project: Project, project_path: Path, options: BriefOptions, progress: Progress | None = None,
    passwords: dict[str, str] | None = None,
) -> Brief:  # fmt: skip
    files = _ExhibitFiles(project_path, passwords)
    try:
        return _build(project, files, options, progress)
    finally:
        files.close()


def _build(project: Project, files: _ExhibitFiles, options: BriefOptions, progress: Progress | None) -> Brief:
    annotations = selected_annotations(project, options)
    exhibit_order = {e.id: i for i, e in enumerate(project.exhibits)}
    annotations.sort(
        key=lambda a: (
            exhibit_order[a.exhibit_id],
            a.page,
            a.position.start if a.position else (a.rects[0].rect[1] if a.rects else 0),
        )
    )
    names = {c.id: c.name for c in project.codebook}
    entries: dict[str, Entry] = {}
    pages: dict[str, tuple[int, int, Lines]] = {}  # where each passage is cited: first and last page, lines
    for n, a in enumerate(annotations):
        if progress is not None and n % 25 == 0 and progress(n, len(annotations)) is False:
            raise ExportCancelled()
        exhibit = project.exhibit(a.exhibit_id)
        doc, unchanged, _ = files.state(exhibit)
        quote, first, last, problem = a.text, a.page, a.last_page, unverified(a, exhibit, unchanged)
        if doc is not None and not unchanged and a.kind == "text" and a.quote is not None and a.reanchored is None:
            text = files.text(exhibit)
            assert text is not None
            r = resolve(text, a.page, a.quote, a.position, a.extraction, a.end_page)
            if r.passage is not None and r.state in (AnchorState.exact, AnchorState.moved):
                quote, first, last = r.passage.text, r.passage.page, r.passage.end_page
                problem = (
                    f"not verified: {exhibit.label}'s file changed since tagging; the quotation is there as cited "
                    "(replace the file with this version to check it)"
                )
        ocr = a.kind == "text" and a.extraction is not None and a.extraction.method == OCR_METHOD
        if a.kind == "area":
            quote, ocr = _area_text(files.text(exhibit) if doc is not None else None, a)
        png = None
        if options.include_callouts and doc is not None and not problem:
            png = callout(doc, a)
        entries[str(a.id)] = Entry(
            annotation=a,
            exhibit=exhibit,
            quote=clean(quote),
            cite="",  # in reading order, once the sections are known: see _cite_in_order
            note=clean(a.note) if options.include_notes else "",
            author=clean(a.author) if options.include_authors else "",
            categories=[names[c] for c in a.category_ids if c in names],
            rtl=is_rtl(quote),
            problem=problem,
            callout_png=png,
            ocr=ocr,
            key=a.key_passage and options.mark_key,
            review=_review(a) if options.include_review else "",
        )
        lines = exhibit.lines_of(a.rects) if not problem else None  # (rectangles on another file mark other lines)
        pages[str(a.id)] = (first, last, lines)
    if progress is not None:
        progress(len(annotations), len(annotations))

    ordered = [entries[str(a.id)] for a in annotations]
    sections: list[Section] = []
    if options.order is Order.category:
        wanted = _descendants(project.codebook, options.categories) if options.categories else None
        for category, depth in _ordered_categories(project.codebook):
            if wanted is not None and category.id not in wanted:
                continue
            members = [e for e in ordered if category.id in e.annotation.category_ids]
            sections.append(Section(category.name, depth + 1, category.description, members, f"cat-{category.id}"))
        # Drop empty leaf sections, but keep a claim heading whose elements have passages.
        sections = _prune(sections)
    else:
        for exhibit in project.exhibits:
            members = [e for e in ordered if e.exhibit.id == exhibit.id]
            if members:
                sections.append(Section(f"{exhibit.label}: {exhibit.title}", 1, "", members, f"exh-{exhibit.id}"))

    _cite_in_order(sections, pages, options)
    used_exhibits = [e for e in project.exhibits if options.exhibits is None or e.id in options.exhibits]
    rows = []
    for e in used_exhibits:
        _, _, problem = files.state(e)
        rows.append(ExhibitRow(e, bates_span(e), e.file_name, problem))
    summary_cats = [c for c, _ in _ordered_categories(project.codebook)]
    if options.categories:
        wanted_ids = _descendants(project.codebook, options.categories)
        summary_cats = [c for c in summary_cats if c.id in wanted_ids]
    counts = [
        [sum(1 for e in ordered if e.exhibit.id == ex.id and c.id in e.annotation.category_ids) for ex in used_exhibits]
        for c in summary_cats
    ]
    return Brief(
        title=clean(options.title),
        case_name=clean(project.case.name),
        court=clean(project.case.court),
        case_number=clean(project.case.number),
        date=options.date,
        prepared_by=clean(options.prepared_by),
        exhibits=rows,
        sections=sections,
        summary_categories=[c.name for c in summary_cats],
        summary_exhibits=[e.label for e in used_exhibits],
        summary_counts=counts,
        options=options,
        roles=project.case.roles,
    )


def _review(a: Annotation) -> str:
    status = a.review.words
    return f"{status} — {a.review_comment}" if a.review_comment.strip() else status


def _cite_in_order(sections: list[Section], pages: dict[str, tuple[int, int, Lines]], options: BriefOptions) -> None:
    """Each entry's cite as the reader meets it: a passage under two claims is cited twice, and ``Id.`` and short
    forms depend on what came before."""
    citer = Citer(options.cite_style, options.physical_pages, options.id_cites, options.short_forms)
    for s in sections:
        citer.section()
        for n, e in enumerate(s.entries):
            first, last, lines = pages[str(e.annotation.id)]
            c = citer.cite(e.exhibit, first, last, lines)
            s.entries[n] = replace(e, cite=c.text, id_cite=c.id_form)


def _prune(sections: list[Section]) -> list[Section]:
    keep = []
    for i, s in enumerate(sections):
        has_children_with_entries = False
        for later in sections[i + 1 :]:
            if later.level <= s.level:
                break
            if later.entries:
                has_children_with_entries = True
                break
        if s.entries or has_children_with_entries:
            keep.append(s)
    return keep


INDEX_HEADER = ["Exhibit", "Title", "Pages", "Bates range", "File"]


def index_rows(brief: Brief) -> list[list[str]]:
    """The index of exhibits as table rows (``INDEX_HEADER``), a file's problem noted beside its name."""
    return [
        [r.exhibit.label, r.exhibit.title, str(r.exhibit.page_count), r.bates,
         r.file_name + (f" ({r.problem})" if r.problem else "")]
        for r in brief.exhibits
    ]  # fmt: skip


def summary_tables(brief: Brief, max_exhibits: int = 8) -> list[tuple[list[str], list[list[str]]]]:
    """The categories × exhibits counts as (header, rows) tables of at most ``max_exhibits`` exhibit columns,
    so the matrix stays readable on a page; the last table carries the totals."""
    n = len(brief.summary_exhibits)
    tables = []
    for start in range(0, max(n, 1), max_exhibits):
        end = min(start + max_exhibits, n)
        last = end >= n
        header = ["Category", *brief.summary_exhibits[start:end], *(["Total"] if last else [])]
        rows = [
            [name, *map(str, counts[start:end]), *([str(sum(counts))] if last else [])]
            for name, counts in zip(brief.summary_categories, brief.summary_counts, strict=True)
        ]
        tables.append((header, rows))
    return tables


def caption_lines(brief: Brief) -> list[tuple[str, str]]:
    """The caption box's left side as (text, role) lines, the same in every format: ``Kadrey v. Meta`` as the
    parties, each with its role under it, ``v.`` between them (role "role", "v", or "" for a party)."""
    parts = re.split(r"\s+(?:v\.|vs\.?)\s+", brief.case_name, maxsplit=1)
    if len(parts) != 2:
        return [(brief.case_name, "")] if brief.case_name else []
    first, second = parts
    roles = brief.roles
    return [
        (f"{first},", ""),
        (f"{roles.of(0, 'et al' in first)},", "role"),
        ("v.", "v"),
        (f"{second},", ""),
        (f"{roles.of(1, 'et al' in second)}.", "role"),
    ]


def long_date(d: date) -> str:
    return f"{d.strftime('%B')} {d.day}, {d.year}"
