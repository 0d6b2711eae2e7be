"""Page geometry read without loading pages agrees with PyMuPDF's own, rotated and mixed-size pages included."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from exhibit_annotator.core.rendering import document_info, outline, render_page

from ..conftest import EXHIBITS


def test_geometry_matches_pymupdf_for_rotated_and_mixed_pages(tmp_path: Path) -> None:
    doc = pymupdf.open()
    for rotation, (w, h) in zip(
        (0, 90, 180, 270, 0), ((612, 792), (595, 842), (300, 500), (842, 595), (200, 900)), strict=True
    ):
        page = doc.new_page(width=w, height=h)
        page.insert_text((40, 60), f"rotated {rotation}")
        page.set_rotation(rotation)
    path = tmp_path / "mixed.pdf"
    doc.save(path)
    info = document_info(path)
    for page, geometry in zip(pymupdf.open(path), info.pages, strict=True):
        m = page.rotation_matrix
        assert (geometry.width, geometry.height, geometry.rotation) == (
            page.rect.width,
            page.rect.height,
            page.rotation,
        )
        assert geometry.matrix == (m.a, m.b, m.c, m.d, m.e, m.f)
    assert len(outline(path).pages) == 5
    rendered = render_page(path, 1, 1.0)
    assert (rendered.width, rendered.height) == (842, 595)  # shown turned, as a reader sees it


def test_court_filings_geometry_and_links() -> None:
    path = EXHIBITS / "court" / "ca1-opinion.pdf"
    info = document_info(path)
    assert len(info.pages) == 17 and all(p.width > 500 for p in info.pages)


def test_open_for_view_renders_the_first_page_at_the_views_fit_zoom_through_shared_memory() -> None:
    from multiprocessing import shared_memory

    from exhibit_annotator.core.rendering import ViewRequest, fit_zoom, open_for_view, pixel_bytes, pixel_zoom

    path = EXHIBITS / "exhibit-en.pdf"
    request = ViewRequest(page=1, width=900, height=700, device_pixel_ratio=2.0, fit="width", zoom=100)
    inline = open_for_view(path, request)
    geometry = inline.info.pages[1]
    assert inline.zoom == fit_zoom("width", geometry.width, geometry, 900, 700)
    assert inline.first.page == 1 and inline.first.zoom == pixel_zoom(inline.zoom, 2.0)
    expected = pixel_bytes(geometry.width, geometry.height, inline.first.zoom)
    assert inline.first.stride * inline.first.height <= expected  # the estimate a shared block is sized by
    block = shared_memory.SharedMemory(create=True, size=expected)
    try:
        shared = open_for_view(path, request, None, (block.name, block.size))
        assert shared.first.samples == b""  # the pixels went to the block, and they are the same pixels
        assert block.buf is not None
        assert bytes(block.buf[: len(inline.first.samples)]) == inline.first.samples
    finally:
        block.close()
        block.unlink()
