"""Rendering a page to raw RGB pixels: the work a GUI hands to a worker process.

Returns plain bytes (no Qt, no PyMuPDF objects) so the result crosses a process boundary cheaply; PNG encoding
costs 40-50 ms a page and is never needed for display.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pymupdf

from .exhibits import open_pdf


@dataclass(frozen=True)
class RenderedPage:
    width: int
    height: int
    stride: int
    samples: bytes  # RGB888, rows of ``stride`` bytes
    page_width: float  # the page's size in points, as displayed (rotation applied)
    page_height: float


def render_page(path: str | Path, page: int, zoom: float, password: str | None = None) -> RenderedPage:
    doc = open_pdf(path, password)
    try:
        p = doc[page]
        pix = p.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False, colorspace=pymupdf.csRGB)
        return RenderedPage(pix.width, pix.height, pix.stride, bytes(pix.samples_mv), p.rect.width, p.rect.height)
    finally:
        doc.close()


def page_width(path: str | Path, page: int = 0) -> float:
    """Width in points of a page as displayed: opening and reading one page box is cheap (< 1 ms)."""
    doc = pymupdf.open(path)
    try:
        return float(doc[page].rect.width) if doc.page_count > page and not doc.needs_pass else 0.0
    finally:
        doc.close()
