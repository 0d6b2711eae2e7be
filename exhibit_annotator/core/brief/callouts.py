"""Callouts: a passage as a picture of its page, cropped to its lines (and to its column on a multi-column page),
for the brief to show beside the quote."""

from __future__ import annotations

import pymupdf

from ..model import Annotation

CALLOUT_PX = 1400  # a callout's width in pixels: about 250 dpi at the width the brief sets it


def callout(doc: pymupdf.Document, a: Annotation, margin: float = 4.0) -> bytes | None:
    """A PNG strip of the passage's first page: its lines across the whole width of the passage's text column, so
    that every callout, set at one width in the brief, shows the exhibit's type at one size (a crop around the
    words alone made a three-word callout as wide as a paragraph's), and no neighbouring column's words."""
    rects = [pymupdf.Rect(r.rect) for r in a.rects if r.page == a.page]
    if not rects:
        return None
    if a.page >= doc.page_count:
        return None  # the file has fewer pages than the project says (damaged, or replaced): nothing to show
    page = doc[a.page]
    clip = callout_clip(page, rects, margin)
    if clip.is_empty:
        return None
    shown = clip * page.rotation_matrix  # the strip as the reader sees the page
    shown.normalize()
    zoom = min(CALLOUT_PX / shown.width, 4.0)
    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), clip=shown, alpha=False)
    return bytes(pix.tobytes("png"))


def callout_clip(page: pymupdf.Page, rects: list[pymupdf.Rect], margin: float = 4.0) -> pymupdf.Rect:
    """The part of ``page`` (unrotated points) a callout of ``rects`` shows: their lines, as wide as the text blocks
    beside them that share their horizontal extent (their column), never reaching into a column alongside."""
    clip = pymupdf.Rect(rects[0])
    for r in rects[1:]:
        clip |= r
    blocks = [pymupdf.Rect(b[:4]) for b in page.get_text("blocks") if b[6] == 0]  # text: (x0, y0, x1, y1, …, type)
    # Blocks of the passage's column: overlapping it across, at its height or near it (a paragraph of the column).
    band = pymupdf.Rect(clip.x0, clip.y0 - 2 * clip.height - 24, clip.x1, clip.y1 + 2 * clip.height + 24)
    column = [b for b in blocks if b.x0 < clip.x1 and clip.x0 < b.x1 and b.y0 < band.y1 and band.y0 < b.y1]
    # A block spanning columns (a heading, a footer across the page) would widen it over a neighbour: only blocks
    # that leave every other block at the passage's height outside them count.
    beside = [b for b in blocks if b not in column and b.y0 < clip.y1 and clip.y0 < b.y1]
    column = [b for b in column if not any(o.x0 < b.x1 and b.x0 < o.x1 for o in beside)] or [clip]
    left = min([b.x0 for b in column] + [clip.x0])
    right = max([b.x1 for b in column] + [clip.x1])
    shown = pymupdf.Rect(left - margin, clip.y0 - margin, right + margin, clip.y1 + margin)
    shown.intersect(page.mediabox)
    return shown
