"""Page geometry and rendering to raw RGB pixels: the work a GUI hands to a worker process.

Results are plain data (no Qt, no PyMuPDF objects) so they cross a process boundary cheaply; PNG encoding costs
40-50 ms a page and is never used for display. The worker keeps a few documents open between calls: reopening
a file for every page would double the time to the first page.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from .exhibits import open_pdf

Matrix = tuple[float, float, float, float, float, float]
_OPEN: OrderedDict[tuple[str, str | None], pymupdf.Document] = OrderedDict()
MAX_OPEN = 4


def _document(path: str | Path, password: str | None) -> pymupdf.Document:
    key = (str(path), password)
    doc = _OPEN.get(key)
    if doc is not None and not doc.is_closed:
        _OPEN.move_to_end(key)
        return doc
    doc = open_pdf(path, password)
    _OPEN[key] = doc
    while len(_OPEN) > MAX_OPEN:
        _, old = _OPEN.popitem(last=False)
        old.close()
    return doc


def warm() -> bool:
    """Called once when a worker process starts: importing this module (PyMuPDF, the core) is the slow part of
    a worker's first job, so the app pays it at start-up instead of when the user opens an exhibit."""
    return True


@dataclass(frozen=True)
class PageGeometry:
    width: float  # as displayed (rotation applied), points
    height: float
    rotation: int
    matrix: Matrix  # unrotated page space (where text boxes live) → displayed page space


@dataclass(frozen=True)
class DocumentInfo:
    pages: list[PageGeometry]


def _rotation_matrix(rotation: int, width: float, height: float) -> Matrix:
    """PyMuPDF's ``Page.rotation_matrix`` for an unrotated ``width`` × ``height`` page (checked against it in the
    tests), computed without loading the page."""
    return {
        90: (0.0, 1.0, -1.0, 0.0, height, 0.0),
        180: (-1.0, 0.0, 0.0, -1.0, width, height),
        270: (0.0, -1.0, 1.0, 0.0, 0.0, width),
    }.get(rotation, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))


def _rotate_key(doc: pymupdf.Document, xref: int) -> int:
    """A page's /Rotate, inherited from the page tree when the page has none."""
    for _ in range(16):
        kind, value = doc.xref_get_key(xref, "Rotate")
        if kind in ("int", "real"):
            rotation = int(float(value)) % 360
            return rotation if rotation in (90, 180, 270) else 0
        kind, parent = doc.xref_get_key(xref, "Parent")
        if kind != "xref":
            return 0
        xref = int(parent.split()[0])
    return 0


def document_info(path: str | Path, password: str | None = None) -> DocumentInfo:
    """Every page's displayed size and rotation, read from the page tree without loading pages (2,000 pages:
    ~45 ms instead of ~95 ms)."""
    doc = _document(path, password)
    return DocumentInfo([_geometry(doc, i) for i in range(doc.page_count)])


def _geometry(doc: pymupdf.Document, i: int) -> PageGeometry:
    box = doc.page_cropbox(i)
    rotation = _rotate_key(doc, doc.page_xref(i)) if doc.is_pdf else 0
    w, h = box.width, box.height
    shown = (h, w) if rotation in (90, 270) else (w, h)
    return PageGeometry(shown[0], shown[1], rotation, _rotation_matrix(rotation, w, h))


def outline(path: str | Path, password: str | None = None) -> DocumentInfo:
    """The page count and page 1's geometry, standing in for every page (< 1 ms): enough for a view to lay out
    and show page 1 at once; ``document_info`` follows with every page's geometry."""
    doc = _document(path, password)
    first = _geometry(doc, 0)
    return DocumentInfo([first] * doc.page_count)


@dataclass(frozen=True)
class Link:
    rect: tuple[float, float, float, float]  # displayed page space, points
    page: int | None  # internal link target (0-based)
    uri: str | None  # external link


@dataclass(frozen=True)
class RenderedPage:
    page: int
    zoom: float
    width: int
    height: int
    stride: int
    samples: bytes  # RGB888, rows of ``stride`` bytes
    page_width: float  # the page's size in points, as displayed (rotation applied)
    page_height: float
    links: list[Link] = field(default_factory=list)


def render_page(path: str | Path, page: int, zoom: float, password: str | None = None) -> RenderedPage:
    """``zoom`` is pixels per point (1.0 = 72 dpi)."""
    doc = _document(path, password)
    p = doc[page]
    pix = p.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False, colorspace=pymupdf.csRGB)
    links = []
    for link in p.get_links():
        kind = link.get("kind")
        if kind == pymupdf.LINK_GOTO and link.get("page", -1) >= 0:
            links.append(Link(tuple(link["from"]), int(link["page"]), None))
        elif kind == pymupdf.LINK_URI and link.get("uri"):
            links.append(Link(tuple(link["from"]), None, str(link["uri"])))
    return RenderedPage(
        page, zoom, pix.width, pix.height, pix.stride, bytes(pix.samples_mv), p.rect.width, p.rect.height, links
    )
