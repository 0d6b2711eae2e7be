"""What is drawn over a page: annotations as highlights (a band per category, a colleague's initials and tint),
search hits, and the look of both. Built from the project; the page view only paints them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from PySide6.QtGui import QColor

from ..core.edits import initials
from ..core.model import Project
from ..core.search import Hit

SEARCH_COLOUR = QColor(255, 200, 0, 140)
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


def author_colour(author: str) -> QColor:
    """A stable colour per colleague (the same on every laptop): a hue from the name's hash."""
    hue = int(hashlib.sha256(author.encode("utf-8")).hexdigest()[:4], 16) % 360
    return QColor.fromHsv(hue, 200, 170)


def annotation_highlights(project: Project, exhibit_id: str, me: str, tint: bool) -> list[Highlight]:
    """The exhibit's annotations as highlights; ``me`` is who is looking (colleagues get a badge, and a tint when
    ``tint``)."""
    categories = {c.id: c for c in project.codebook}
    out = []
    for a in project.annotations_of(exhibit_id):
        colleague = bool(a.author) and a.author != me
        badge = initials(a.author) if colleague else ""
        outline = author_colour(a.author) if colleague and tint else None
        names = [categories[c].name for c in a.category_ids]
        colours = []
        for c in a.category_ids or [""]:
            colour = QColor(categories[c].colour if c in categories else NO_CATEGORY)
            colour.setAlpha(110)
            colours.append(colour)
        star = "★ " if a.key_passage else ""
        tip = star + (", ".join(names) or "(no category)") + (f"\n{a.note}" if a.note else "")
        tip += f"\n— {a.author}, {a.modified:%Y-%m-%d}" if a.author else ""
        for n, r in enumerate(a.rects):
            rect = (r.rect[0], r.rect[1], r.rect[2], r.rect[3])
            mark = badge if n == 0 else ""
            out.append(Highlight(r.page, rect, colours[0], tip, tuple(colours), str(a.id), mark, outline))
    return out


def search_highlights(hits: list[Hit], exhibit_id: str) -> list[Highlight]:
    return [Highlight(h.page, r, SEARCH_COLOUR) for h in hits if h.exhibit_id == exhibit_id for r in h.rects]
