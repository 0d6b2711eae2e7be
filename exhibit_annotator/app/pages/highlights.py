"""What is drawn over a page: annotations as highlights (a band per category, a colleague's initials and tint),
search hits, the selection: built from the project, and painted over the page for the page view."""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QTransform

from ...core.brief.brief import unverified
from ...core.model import Annotation, Project, ReviewStatus
from ...core.pdf.search import Hit
from ...core.project.designations import line_extent
from ...core.project.edits import initials

SEARCH_COLOUR = QColor(255, 200, 0, 140)
BAR_X = 38.0  # points from the page's left edge: designations' bars, left of a transcript's line numbers
SELECTION_COLOUR = QColor(51, 128, 255, 90)
AREA_COLOUR = QColor(51, 128, 255, 40)
FLASH_COLOUR = QColor(220, 0, 0)
BADGE_COLOUR = QColor(90, 90, 90)
NO_CATEGORY = "#bbbbbb"


@dataclass(frozen=True)
class Highlight:
    page: int
    rect: tuple[float, float, float, float]  # unrotated page space (as text boxes and annotations are stored)
    colour: QColor
    tooltip: str = ""
    colours: tuple[QColor, ...] = ()  # one per category, when there are several
    annotation_id: str = ""
    badge: str = ""  # a colleague's initials, drawn at the start of the passage
    tint: QColor | None = None  # a colleague's colour, outlining the passage
    unverified: bool = False  # not verified on the file as it is: an outline, not a highlight
    review: str = ""  # the reviewer's decision (``ReviewStatus``): accepted underlined, rejected struck through


def plain_tooltip(text: str) -> str:
    """``text`` as a tooltip that shows it as written: Qt renders a tooltip that looks like HTML as HTML, and notes,
    quotes and titles come from colleagues and PDFs (a ``<img src=file:…>`` would be loaded)."""
    if not text:
        return ""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"


def author_colour(author: str) -> QColor:
    """A stable colour per colleague (the same on every laptop): a hue from the name's hash."""
    hue = int(hashlib.sha256(author.encode("utf-8")).hexdigest()[:4], 16) % 360
    return QColor.fromHsv(hue, 200, 170)


def annotation_highlights(
    project: Project,
    exhibit_id: str,
    me: str,
    tint: bool,
    file_unchanged: bool = True,
    only: Iterable[Annotation] | None = None,
) -> list[Highlight]:
    """The exhibit's annotations (``only``: these of them, the ones a change named) as highlights; ``me`` is who
    is looking (colleagues get a badge, and a tint when ``tint``). What is not verified on the file as it is
    (``brief.unverified``: a changed file, a passage a replacement left to check) is only outlined: a highlight at
    an old place would mark other words."""
    categories = {c.id: c for c in project.codebook}
    exhibit = project.exhibit(exhibit_id)
    out = []
    for a in project.annotations_of(exhibit_id) if only is None else only:
        colleague = bool(a.author) and a.author != me
        badge = initials(a.author) if colleague else ""
        outline = author_colour(a.author) if colleague and tint else None
        colours = []
        for c in a.category_ids or [""]:
            colour = QColor(categories[c].colour if c in categories else NO_CATEGORY)
            colour.setAlpha(110)
            colours.append(colour)
        star = "★ " if a.key_passage else ""
        tip = star + project.category_names(a.category_ids) + (f"\n{a.note}" if a.note else "")
        tip += f"\n— {a.author}, {a.modified:%Y-%m-%d}" if a.author else ""
        if a.review is not ReviewStatus.proposed:
            tip += f"\nReview: {a.review.words}" + (f" — {a.review_comment}" if a.review_comment else "")
        if a.review is ReviewStatus.rejected:
            for colour in colours:
                colour.setAlpha(45)  # faded: still there to see, no longer argued from
        problem = unverified(a, exhibit, file_unchanged)
        tip += f"\n⚠ {problem}" if problem else ""
        for n, r in enumerate(a.rects):
            rect = (r.rect[0], r.rect[1], r.rect[2], r.rect[3])
            mark = badge if n == 0 else ""
            out.append(
                Highlight(
                    r.page,
                    rect,
                    colours[0],
                    tip,
                    tuple(colours),
                    str(a.id),
                    mark,
                    outline,
                    bool(problem),
                    a.review.value,
                )
            )
    return out


PARTY_COLOURS = {"plaintiff": QColor(31, 111, 209), "defendant": QColor(213, 94, 0)}  # Okabe-Ito blue, vermillion


def designation_highlights(project: Project, exhibit_id: str) -> list[Highlight]:
    """The exhibit's designations as bars in the page's left margin beside their lines: a colour and a place per
    party (told apart by where they stand as well as by colour), hollow-free and under nothing."""
    exhibit = project.exhibit(exhibit_id)
    parties = sorted({d.party.casefold() for d in project.designations}, key=lambda p: (p not in PARTY_COLOURS, p))
    out = []
    for d in project.designations:
        if d.exhibit_id != exhibit_id:
            continue
        slot = parties.index(d.party.casefold())
        colour = QColor(PARTY_COLOURS.get(d.party.casefold(), author_colour(d.party)))
        colour.setAlpha(210)
        objections = "".join(f"\n{o.basis} objection ({o.party or 'a party'}): {o.ruling.value}" for o in d.objections)
        tip = f"{d.party} {d.kind.value} {d.span(exhibit.page_labels)}{objections}"
        for page in range(d.page, d.end_page + 1):
            extent = line_extent(exhibit, d, page)
            if extent is not None:
                x = BAR_X + slot * 7.0
                out.append(Highlight(page, (x, extent[0], x + 4.5, extent[1]), colour, tip))
    return out


def search_highlights(hits: list[Hit], exhibit_id: str) -> list[Highlight]:
    return [Highlight(h.page, r, SEARCH_COLOUR) for h in hits if h.exhibit_id == exhibit_id for r in h.rects]


Rect = tuple[float, float, float, float]


DOUBTFUL_COLOUR = QColor(220, 70, 0)


def paint_doubtful(painter: QPainter, page_to_view: QTransform, boxes: tuple[Rect, ...]) -> None:
    """A dotted underline under each word OCR read with low confidence: check it against the image before
    quoting it."""
    painter.save()
    painter.setTransform(page_to_view)
    pen = QPen(DOUBTFUL_COLOUR, 1.2, Qt.PenStyle.DotLine)
    painter.setPen(pen)
    for x0, _, x1, y1 in boxes:
        painter.drawLine(QPointF(x0, y1 + 1), QPointF(x1, y1 + 1))
    painter.restore()


def paint_overlay(
    painter: QPainter, page_to_view: QTransform, marks: list[Highlight], hits: list[Highlight],
    selection: list[Rect], flashed: list[Highlight], outlines: list[Highlight], area: Rect | None,
) -> None:  # fmt: skip
    """What lies over one page, in page space (it zooms and turns with the page): annotations (a band per
    category), a colleague's tint and initials, search hits, the text selection, another project's passages
    (dashed), the passage just jumped to (flashed), the area being drawn."""
    marks = marks + hits
    if not (marks or selection or flashed or outlines or area):
        return
    painter.save()
    painter.setTransform(page_to_view)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Multiply)
    painter.setPen(Qt.PenStyle.NoPen)
    for h in marks:
        if h.unverified:
            continue  # drawn as an outline below
        x0, y0, x1, y1 = h.rect
        colours = h.colours or (h.colour,)
        # Several categories: one band each, top to bottom, so that every colour shows.
        band = (y1 - y0) / len(colours)
        for k, colour in enumerate(colours):
            painter.setBrush(colour)
            painter.drawRect(QRectF(x0, y0 + k * band, x1 - x0, band))
    for h in marks:
        if h.tint is not None:
            painter.setPen(QPen(h.tint, 1.2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(_rect(h.rect))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(SELECTION_COLOUR)
    for r in selection:
        painter.drawRect(_rect(r))
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for h in [*outlines, *(m for m in marks if m.unverified)]:
        painter.setPen(QPen(h.colour, 1.5, Qt.PenStyle.DashLine))
        painter.drawRect(_rect(h.rect).adjusted(-1, -1, 1, 1))
    _paint_review(painter, marks)
    for h in flashed:
        painter.setPen(QPen(FLASH_COLOUR, 2.0))
        painter.drawRect(_rect(h.rect).adjusted(-2, -2, 2, 2))
    placed: dict[int, float] = {}  # a line's badges side by side: every author on it shows
    for h in marks:
        if h.badge:
            line = round(h.rect[1])
            placed[line] = _paint_badge(painter, h, placed.get(line, BADGE_X))
    if area is not None:
        painter.setPen(QPen(SELECTION_COLOUR.darker(150), 1.5, Qt.PenStyle.DashLine))
        painter.setBrush(AREA_COLOUR)
        painter.drawRect(_rect(area))
    painter.restore()


REVIEW_MARKS = {  # told apart by shape as well as colour, for colour-blind readers
    ReviewStatus.accepted.value: (QColor(0, 120, 60), Qt.PenStyle.SolidLine),  # a solid underline
    ReviewStatus.needs_work.value: (QColor(200, 110, 0), Qt.PenStyle.DashLine),  # a dashed underline
    ReviewStatus.rejected.value: (QColor(190, 30, 30), Qt.PenStyle.SolidLine),  # struck through
}


def _paint_review(painter: QPainter, marks: list[Highlight]) -> None:
    """A reviewer's decision on the page: accepted passages underlined, rejected ones struck through (and faded),
    passages that need work underlined with dashes; proposed ones as they are."""
    for h in marks:
        if h.review not in REVIEW_MARKS:
            continue
        colour, style = REVIEW_MARKS[h.review]
        painter.setPen(QPen(colour, 1.4, style))
        x0, y0, x1, y1 = h.rect
        y = (y0 + y1) / 2 if h.review == ReviewStatus.rejected.value else y1 + 0.8
        painter.drawLine(QPointF(x0, y), QPointF(x1, y))


def _rect(r: Rect) -> QRectF:
    x0, y0, x1, y1 = r
    return QRectF(x0, y0, x1 - x0, y1 - y0)


BADGE_X = 8.0  # points from the page's left edge


def _paint_badge(painter: QPainter, h: Highlight, x: float) -> float:
    """The author's initials in a small tag in the page's left margin at ``x``, level with the passage's first
    line (in page space: it zooms with the page, and covers no text); returns where the next one on the line goes."""
    _, y0, _, y1 = h.rect
    font = painter.font()
    font.setPointSizeF(5.5)
    font.setBold(True)
    painter.setFont(font)
    width = 5.0 * len(h.badge) + 4
    box = QRectF(x, y0, width, max(y1 - y0, 8.0))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(h.tint or BADGE_COLOUR)
    painter.drawRoundedRect(box, 2, 2)
    painter.setPen(QColor("white"))
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, h.badge)
    return x + width + 2
