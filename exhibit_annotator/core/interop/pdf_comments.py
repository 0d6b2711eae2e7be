"""Comments other PDF readers made (Acrobat's highlights, underlines, boxes and sticky notes, a colleague's or
those a production carries) brought in as annotations; and our annotations as XFDF, Adobe's exchange format for
comments, which Acrobat imports onto the PDF (Comments ▸ Import) and exports back.

Coordinates: an annotation's rectangles are in the page's unrotated space with the origin at the top left
(PyMuPDF's); XFDF, like the PDF itself, counts from the bottom left of the page's /MediaBox.
"""

from __future__ import annotations

import contextlib
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pymupdf

from ..errors import FileProblem
from ..model import Annotation, Category, Exhibit, PageRect, Project
from ..pdf.anchoring import AnchorError, passage
from ..pdf.confinement import readable_file
from ..pdf.exhibits import open_pdf
from ..pdf.glyphs import union
from ..pdf.ocr import document_text
from ..pdf.text import DocumentText

XFDF_NS = "http://ns.adobe.com/xfdf/"
MARKUP = ("highlight", "underline", "strikeout", "squiggly")  # comments on text: their words become the passage
BOXES = ("square", "circle", "text", "freetext")  # comments on a place: an area annotation
OURS = "Exhibit Annotator"  # the subject line of what we write, where XFDF readers show a comment's title


Rect = tuple[float, float, float, float]


class CommentsError(FileProblem):
    pass


@dataclass(frozen=True)
class Comment:
    """One comment on an exhibit page, read from the PDF or from XFDF."""

    kind: str  # MARKUP or BOXES, lower case as XFDF spells it
    page: int
    rects: tuple[Rect, ...]  # a line's quad each (markup), else the box
    author: str = ""
    content: str = ""
    subject: str = ""
    created: datetime | None = None
    colour: str | None = None  # "#rrggbb"
    name: str = ""


@dataclass
class Imported:
    annotations: list[Annotation] = field(default_factory=list)
    skipped: int = 0  # already in the project (imported before, or our own exported)
    ignored: dict[str, int] = field(default_factory=dict)  # kinds we do not take (ink, links, stamps…): how many


# --- reading -------------------------------------------------------------------------------------------------------
def pdf_comments(doc: pymupdf.Document) -> tuple[list[Comment], dict[str, int]]:
    """The comments in a PDF, page by page; and how many of each other kind were left alone."""
    found, ignored = [], dict[str, int]()
    for page in doc.pages():
        for annot in page.annots() or []:
            kind = annot.type[1].lower()
            if kind not in MARKUP and kind not in BOXES:
                ignored[kind] = ignored.get(kind, 0) + 1
                continue
            if kind in MARKUP:
                v = annot.vertices or []
                quads = [v[i : i + 4] for i in range(0, len(v) - 3, 4)]
                rects = tuple(_bounds(q) for q in quads) or (tuple(annot.rect),)
            else:
                rects = (tuple(annot.rect),)
            info = annot.info
            stroke = (annot.colors or {}).get("stroke")
            found.append(Comment(
                kind, page.number, rects, info.get("title", ""), info.get("content", ""), info.get("subject", ""),
                pdf_date(info.get("creationDate") or info.get("modDate") or ""), _hex(stroke), info.get("name", ""),
            ))  # fmt: skip
    return found, ignored


def _bounds(points: list[tuple[float, float]] | list[pymupdf.Point]) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


def _hex(rgb: object) -> str | None:
    if not isinstance(rgb, list | tuple) or len(rgb) != 3:
        return None
    return "#" + "".join(f"{round(max(0.0, min(1.0, float(c))) * 255):02x}" for c in rgb)


_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?'?")


def pdf_date(text: str) -> datetime | None:
    """A PDF date (``D:20240131154500+01'00'``) in UTC; None if it is not one."""
    m = _PDF_DATE.match(text.strip())
    if m is None:
        return None
    year, month, day, hour, minute, second = (
        int(g) if g else d for g, d in zip(m.groups()[:6], (0, 1, 1, 0, 0, 0), strict=True)
    )
    sign, tz_h, tz_m = m.group(7), int(m.group(8) or 0), int(m.group(9) or 0)
    offset = timedelta(hours=tz_h, minutes=tz_m) * (-1 if sign == "-" else 1)
    try:
        local = datetime(year, month, day, hour, minute, second, tzinfo=timezone(offset) if sign else UTC)
    except ValueError:
        return None
    return local.astimezone(UTC)


def _pdf_date_text(when: datetime) -> str:
    return when.astimezone(UTC).strftime("D:%Y%m%d%H%M%SZ")


# --- into annotations ----------------------------------------------------------------------------------------------
def comment_annotations(
    project: Project,
    project_path: Path,
    exhibit: Exhibit,
    categories_for: Callable[[Comment], list[str]],
    source: Path | None = None,
    password: str | None = None,
) -> Imported:
    """The comments on ``exhibit`` (in its own PDF, or in ``source``: an XFDF file, or another copy of the PDF) as
    new annotations, not yet added: the words under a highlight, underline or strike-out become the passage; a box
    or a note is an area. The comment's author, date and text come with it; ``categories_for`` picks categories.
    Comments already in the project (the same place, author and note) are skipped."""
    path = readable_file(project_path, exhibit)
    doc = open_pdf(path, password)
    try:
        if source is not None and source.suffix.lower() == ".xfdf":
            comments, ignored = read_xfdf(source, doc)
        elif source is not None:
            with open_pdf(source, password) as other:
                comments, ignored = pdf_comments(other)
        else:
            comments, ignored = pdf_comments(doc)
        text = document_text(doc, project_path, exhibit)
        known = {_key(a) for a in project.annotations_of(exhibit.id)} | {str(a.id) for a in project.annotations}
        result = Imported(ignored=ignored)
        for comment in comments:
            if not 0 <= comment.page < exhibit.page_count:
                continue
            if comment.name in known:
                result.skipped += 1
                continue
            for annotation in _annotations(exhibit, comment, categories_for(comment), text):
                if _key(annotation) in known:
                    result.skipped += 1
                    continue
                known.add(_key(annotation))
                result.annotations.append(annotation)
        return result
    finally:
        doc.close()


def _annotations(exhibit: Exhibit, comment: Comment, category_ids: list[str], text: DocumentText) -> list[Annotation]:
    """The comment as annotations: one per stretch of words it marks (a highlight may mark words apart), else the
    area it covers."""
    fields: dict[str, Any] = {
        "exhibit_id": exhibit.id, "page": comment.page, "category_ids": category_ids, "note": comment.content.strip(),
        "author": comment.author.strip(),
    }  # fmt: skip
    if comment.created is not None:
        fields["created"] = fields["modified"] = comment.created
    with contextlib.suppress(ValueError):
        fields["id"] = uuid.UUID(comment.name)  # ours, back from XFDF: the same annotation, for merges
    made: list[Annotation] = []
    if comment.kind in MARKUP:
        page_text = text.page(comment.page)
        for start, end in _stretches(page_text.text, page_text.boxes, comment.rects):
            try:
                p = passage(text, comment.page, start, comment.page, end)
            except AnchorError:
                continue  # only spaces
            made.append(Annotation(
                kind="text", text=p.text, quote=p.quote, position=p.position, extraction=p.extraction, rects=p.rects,
                **(fields if not made else {**fields, "id": uuid.uuid4()}),
            ))  # fmt: skip
    if made:
        return made
    return [Annotation(kind="area", rects=[PageRect(page=comment.page, rect=list(union(comment.rects)))], **fields)]


def _stretches(
    text: str, boxes: tuple[tuple[float, float, float, float] | None, ...], rects: tuple[Rect, ...]
) -> list[tuple[int, int]]:
    """The runs of characters under the quads, as (start, end) offsets; a run goes on over spaces and line breaks,
    and ends at a character the quads leave out."""
    runs: list[tuple[int, int]] = []
    start = end = -1
    for i, c in enumerate(text):
        box = boxes[i] if i < len(boxes) else None
        if box is not None and not c.isspace() and _inside(box, rects):
            if start < 0:
                start = i
            end = i + 1
        elif start >= 0 and not c.isspace():
            runs.append((start, end))
            start = -1
    if start >= 0:
        runs.append((start, end))
    return runs


def _inside(box: Rect, rects: tuple[Rect, ...]) -> bool:
    """A character's box whose centre a quad covers (quads are drawn a little loosely around the words)."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return any(r[0] - 1 <= cx <= r[2] + 1 and r[1] - 1 <= cy <= r[3] + 1 for r in rects)


def _key(a: Annotation) -> tuple[object, ...]:
    place = tuple(round(v) for r in a.rects for v in r.rect)
    return (a.exhibit_id, a.page, a.kind, a.text, place, a.author, a.note)


@dataclass(frozen=True)
class CategoryChooser:
    """How a comment gets its categories: those named in its subject line (what our XFDF writes), else the one
    its colour maps to (``#ffff00`` → a category id), else ``default``. A value, so a worker process can take it."""

    names: dict[str, str]  # category name, case-folded → id
    colours: dict[str, str] = field(default_factory=dict)  # "#rrggbb" → id
    default: tuple[str, ...] = ()

    def __call__(self, comment: Comment) -> list[str]:
        named = [self.names[n] for part in comment.subject.split(",") if (n := part.strip().casefold()) in self.names]
        if named:
            return list(dict.fromkeys(named))
        if comment.colour and comment.colour.lower() in self.colours:
            return [self.colours[comment.colour.lower()]]
        return list(self.default)


def category_chooser(
    codebook: list[Category], default: list[str] | None = None, by_colour: dict[str, str] | None = None
) -> CategoryChooser:
    return CategoryChooser(
        {c.name.casefold(): c.id for c in codebook},
        {k.lower(): v for k, v in (by_colour or {}).items()},
        tuple(default or ()),
    )


# --- XFDF ----------------------------------------------------------------------------------------------------------
def write_xfdf(project: Project, project_path: Path, exhibit: Exhibit, out: Path, password: str | None = None) -> int:
    """The exhibit's annotations as XFDF: highlights (passages) and squares (areas), in their first category's
    colour, with the author, dates, the note as the comment and the categories as its subject. Returns how many."""
    path = readable_file(project_path, exhibit)
    ET.register_namespace("", XFDF_NS)
    root = ET.Element(f"{{{XFDF_NS}}}xfdf", {"xml:space": "preserve"})
    ET.SubElement(root, f"{{{XFDF_NS}}}f", {"href": path.name})
    annots = ET.SubElement(root, f"{{{XFDF_NS}}}annots")
    categories = {c.id: c for c in project.codebook}
    wanted = project.annotations_of(exhibit.id)
    with open_pdf(path, password) as doc:
        for a in wanted:
            cats = [categories[c] for c in a.category_ids if c in categories]
            for page_number in range(a.page, (a.end_page if a.end_page is not None else a.page) + 1):
                rects = [r.rect for r in a.rects if r.page == page_number]
                if not rects:
                    continue
                to_pdf = ~doc[page_number].transformation_matrix  # our page space → the PDF's
                pdf_rects = [pymupdf.Rect(r) * to_pdf for r in rects]
                kind = "highlight" if a.kind == "text" else "square"
                attributes = {
                    "page": str(page_number), "rect": _numbers(union((r.x0, r.y0, r.x1, r.y1) for r in pdf_rects)),
                    "color": cats[0].colour.upper() if cats else "#FFD933", "title": a.author,
                    "subject": ", ".join(c.name for c in cats) or OURS, "name": str(a.id),
                    "creationdate": _pdf_date_text(a.created), "date": _pdf_date_text(a.modified), "flags": "print",
                }  # fmt: skip
                if kind == "highlight":
                    # Four corners a line, in the order Acrobat writes them: top left, top right, bottom left, right.
                    attributes["coords"] = ",".join(
                        _numbers((r.x0, r.y1, r.x1, r.y1, r.x0, r.y0, r.x1, r.y0)) for r in pdf_rects
                    )
                element = ET.SubElement(annots, f"{{{XFDF_NS}}}{kind}", attributes)
                if a.note:
                    ET.SubElement(element, f"{{{XFDF_NS}}}contents").text = a.note
    ET.ElementTree(root).write(out, encoding="UTF-8", xml_declaration=True)
    return len(wanted)


def _numbers(values: tuple[float, ...]) -> str:
    return ",".join(f"{v:.4f}".rstrip("0").rstrip(".") for v in values)


def read_xfdf(path: Path, doc: pymupdf.Document) -> tuple[list[Comment], dict[str, int]]:
    """The comments of an XFDF file, placed on the pages of ``doc`` (the PDF they were made on)."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as e:
        raise CommentsError(path, f"is not an XFDF file ({e})") from None
    if root.tag not in (f"{{{XFDF_NS}}}xfdf", "xfdf"):
        raise CommentsError(path, "is not an XFDF file (no <xfdf> element)")
    found, ignored = [], dict[str, int]()
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag.split("}")[-1] != "annots":
            continue
        for item in element:
            kind = item.tag.split("}")[-1].lower()
            if kind not in MARKUP and kind not in BOXES:
                ignored[kind] = ignored.get(kind, 0) + 1
                continue
            try:
                page_number = int(item.get("page", "-1"))
                numbers = [float(v) for v in (item.get("coords") or item.get("rect") or "").split(",") if v.strip()]
            except ValueError:
                raise CommentsError(path, f"a <{kind}> has a page or coordinates that are not numbers") from None
            if not 0 <= page_number < doc.page_count or len(numbers) < 4:
                continue
            to_ours = doc[page_number].transformation_matrix
            step = 8 if kind in MARKUP and item.get("coords") else 4
            rects = []
            for i in range(0, len(numbers) - step + 1, step):
                points = [pymupdf.Point(numbers[j], numbers[j + 1]) * to_ours for j in range(i, i + step, 2)]
                rects.append(_bounds(points))
            contents = "".join(c.text or "" for c in item if c.tag.split("}")[-1] == "contents")
            found.append(Comment(
                kind, page_number, tuple(rects), item.get("title", ""), contents, item.get("subject", ""),
                pdf_date(item.get("creationdate") or item.get("date") or ""), (item.get("color") or "").lower() or None,
                item.get("name", ""),
            ))  # fmt: skip
    return found, ignored
