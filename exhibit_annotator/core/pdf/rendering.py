"""Page geometry and rendering to raw RGB pixels: the work a GUI hands to a worker process.

Results are plain data (no Qt, no PyMuPDF objects) so they cross a process boundary cheaply; PNG encoding costs
40-50 ms a page and is never used for display. Pixels go through shared memory the GUI owns when it offers a
block: a 1.9 MB page sent back through a pipe took 9 ms (15 ms for 6 MB) against ~3 ms to render it.
The worker keeps a few documents open between calls: reopening a file for every page would double the time to
the first page.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from multiprocessing import shared_memory
from pathlib import Path

import pymupdf

from ..worker import after_reply
from .exhibits import open_pdf
from .ocr import OcrSource, OcrStore
from .text import DocumentText, PageText

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
    if len(_OPEN) > MAX_OPEN:
        after_reply(_close_least_recent)  # closing a 2,000-page document takes ~2 ms
    return doc


def _close_least_recent() -> None:
    while len(_OPEN) > MAX_OPEN:
        _, old = _OPEN.popitem(last=False)
        old.close()


SharedBlock = tuple[str, int]  # a shared memory block's name and size
_ATTACHED: dict[str, shared_memory.SharedMemory] = {}


def _write_shared(block: SharedBlock | None, pixels: memoryview) -> bool:
    """Copy ``pixels`` into the GUI's block if it is given and large enough; whether they were."""
    if block is None or pixels.nbytes > block[1]:
        return False
    name = block[0]
    shm = _ATTACHED.get(name)
    if shm is None:
        if len(_ATTACHED) > 16:  # blocks the GUI replaced by larger ones
            for old in _ATTACHED.values():
                old.close()
            _ATTACHED.clear()
        shm = _ATTACHED[name] = shared_memory.SharedMemory(name)
    assert shm.buf is not None  # None only once closed
    shm.buf[: pixels.nbytes] = pixels
    return True


def warm(block: SharedBlock | None = None) -> bool:
    """Called once when a worker process starts, so that the user's first page does not pay for it: importing
    PyMuPDF and the core; MuPDF's first render in a process (8.7 ms for a text page, 3 ms after a warm-up of
    the standard fonts); and the first write to a fresh shared block (page faults: ~6 ms for 1.9 MB)."""
    doc = pymupdf.open()
    page = doc.new_page(width=200, height=100)
    for y, font in enumerate(("helv", "tiro", "cour"), start=1):
        page.insert_text((10, 25 * y), "Exhibit 1 — warm-up", fontname=font, fontsize=9)
    page.get_pixmap(alpha=False)
    doc.close()
    if block is not None:
        _write_shared(block, memoryview(bytes(block[1])))
    return True


def open_document(path: str | Path, password: str | None = None) -> int:
    """Open a document ahead of its first render (MuPDF reads the whole page tree then: 8-10 ms for 2,000 pages)
    and keep it open; its page count."""
    return int(_document(path, password).page_count)


@dataclass(frozen=True)
class PageGeometry:
    width: float  # as displayed (rotation applied), points
    height: float
    rotation: int
    matrix: Matrix  # unrotated page space (where text boxes live) → displayed page space


@dataclass(frozen=True)
class DocumentInfo:
    pages: list[PageGeometry]
    widest: float = 0.0  # the widest page's width, points (0 for no pages)

    @classmethod
    def of(cls, pages: list[PageGeometry]) -> DocumentInfo:
        # Computed here, in the worker: the view needs it at every paint and fit.
        return cls(pages, max((p.width for p in pages), default=0.0))


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
    return DocumentInfo.of([_geometry(doc, i) for i in range(doc.page_count)])


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
    return DocumentInfo([first] * doc.page_count, first.width)


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
    samples: bytes  # RGB888, rows of ``stride`` bytes; empty when written to the shared block instead
    page_width: float  # the page's size in points, as displayed (rotation applied)
    page_height: float
    links: list[Link] = field(default_factory=list)


def render_page(
    path: str | Path, page: int, zoom: float, password: str | None = None, into: SharedBlock | None = None
) -> RenderedPage:
    """``zoom`` is pixels per point (1.0 = 72 dpi). With ``into``, pixels that fit are written to that shared
    memory block and ``samples`` is empty."""
    doc = _document(path, password)
    p = doc[page]
    pix = _pixmap(p, zoom)
    links = []
    for link in p.get_links():
        kind = link.get("kind")
        if kind == pymupdf.LINK_GOTO and link.get("page", -1) >= 0:
            links.append(Link(tuple(link["from"]), int(link["page"]), None))
        elif kind == pymupdf.LINK_URI and link.get("uri"):
            links.append(Link(tuple(link["from"]), None, str(link["uri"])))
    samples = b"" if _write_shared(into, pix.samples_mv) else bytes(pix.samples_mv)
    return RenderedPage(page, zoom, pix.width, pix.height, pix.stride, samples, p.rect.width, p.rect.height, links)


def _pixmap(page: pymupdf.Page, zoom: float) -> pymupdf.Pixmap:
    """The page, annotations included, as RGB on white: what ``Page.get_pixmap`` gives (the tests compare them),
    drawn straight from the page. ``get_pixmap`` records a display list first and then replays it: 3-15 % slower
    (0.2 ms on a text page, 0.8 ms on a scan)."""
    mupdf = pymupdf.mupdf
    matrix = mupdf.FzMatrix(zoom, 0, 0, zoom, 0, 0)
    bounds = mupdf.fz_round_rect(mupdf.fz_transform_rect(mupdf.fz_bound_page(page.this), matrix))
    pixmap = mupdf.fz_new_pixmap_with_bbox(mupdf.fz_device_rgb(), bounds, mupdf.FzSeparations(), 0)
    mupdf.fz_clear_pixmap_with_value(pixmap, 0xFF)
    device = mupdf.fz_new_draw_device(matrix, pixmap)
    try:
        mupdf.fz_run_page(page.this, device, mupdf.FzMatrix(), mupdf.FzCookie())
    finally:
        mupdf.fz_close_device(device)
    return pymupdf.Pixmap("raw", pixmap)


def page_text(
    path: str | Path, page: int, password: str | None = None, ocr: OcrSource | None = None,
    heads: frozenset[tuple[str, float]] = frozenset(),
) -> PageText:  # fmt: skip
    """The page's logical-order text and glyph boxes, for selecting with the mouse (8-13 ms a text page); a scan's
    from its OCR, when the project's cache has it; without the exhibit's running ``heads`` (``heads_left_out``)."""
    found = OcrStore(Path(ocr[0])).load(ocr[1]) if ocr is not None else None
    return DocumentText(_document(path, password), found, heads=heads).page(page)


# --- zoom: shared by the view and the worker, so that a page rendered before the view has its document is
# rendered at exactly the zoom the view will want ---------------------------------------------------------------
POINTS_TO_PIXELS = 96 / 72  # 100 % shows a page at its printed size on a 96-dpi screen
MIN_ZOOM, MAX_ZOOM = 25.0, 400.0


def clamp_zoom(zoom: float) -> float:
    return min(max(zoom, MIN_ZOOM), MAX_ZOOM)


def fit_zoom(fit: str, widest: float, page: PageGeometry, width: float, height: float) -> float:
    """Zoom (percent) that fits the widest page's width ("width") or the whole of ``page`` ("page") into
    ``width`` × ``height`` device-independent pixels."""
    if fit == "width":
        return clamp_zoom(width / (widest * POINTS_TO_PIXELS) * 100)
    return clamp_zoom(min(width / page.width, height / page.height) / POINTS_TO_PIXELS * 100)


def pixel_bytes(width: float, height: float, zoom: float) -> int:
    """Size of an RGB render of a ``width`` × ``height`` page at ``zoom`` pixels per point (MuPDF rounds out)."""
    return (int(width * zoom) + 2) * (int(height * zoom) + 2) * 3


def pixel_zoom(zoom: float, device_pixel_ratio: float) -> float:
    """Device pixels per point for a zoom in percent, rounded so that it can key a cache of rendered pages."""
    return round(zoom / 100 * POINTS_TO_PIXELS * device_pixel_ratio, 3)


@dataclass(frozen=True)
class ViewRequest:
    """What a view about to show a document knows before it has it: its size and how it will zoom."""

    page: int
    width: float  # room for pages, device-independent pixels
    height: float
    device_pixel_ratio: float
    fit: str | None  # "width", "page" or None for ``zoom``
    zoom: float  # percent, used when ``fit`` is None


@dataclass(frozen=True)
class OpenedDocument:
    info: DocumentInfo  # the outline (see ``outline``)
    zoom: float  # percent
    first: RenderedPage  # the requested page, at the view's zoom


def open_for_view(
    path: str | Path, request: ViewRequest, password: str | None = None, into: SharedBlock | None = None
) -> OpenedDocument:
    """Open a document and render the page a view will show first, in one trip to the worker: the outline
    alone, then a render, cost two round trips before anything is on screen."""
    info = outline(path, password)
    page = min(max(request.page, 0), len(info.pages) - 1)
    geometry = info.pages[page]
    zoom = clamp_zoom(request.zoom) if request.fit is None else (
        fit_zoom(request.fit, geometry.width, geometry, request.width, request.height)
    )  # fmt: skip
    first = render_page(path, page, pixel_zoom(zoom, request.device_pixel_ratio), password, into)
    return OpenedDocument(info, zoom, first)
