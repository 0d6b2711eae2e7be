"""Page geometry read without loading pages agrees with PyMuPDF's own, rotated and mixed-size pages included."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from exhibit_annotator.core.pdf.rendering import document_info, outline, render_page

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

    from exhibit_annotator.core.pdf.rendering import ViewRequest, fit_zoom, open_for_view, pixel_bytes, pixel_zoom

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


def test_pages_render_as_pymupdfs_get_pixmap_draws_them(tmp_path: Path) -> None:
    """``render_page`` draws straight from the page instead of through a display list: same pixels, rotated pages,
    Arabic, a scan and a court filing with links included."""
    rotated = tmp_path / "rotated.pdf"
    doc = pymupdf.open()
    for rotation in (90, 180, 270):
        page = doc.new_page(width=300, height=500)
        page.insert_text((40, 60), f"rotated {rotation}")
        page.draw_rect(pymupdf.Rect(20, 20, 120, 80), color=(1, 0, 0), fill=(0, 0, 1))
        page.set_rotation(rotation)
    doc.save(rotated)
    names = ["exhibit-en.pdf", "exhibit-ar.pdf", "exhibit-ru-scanned.pdf", "court/ca1-opinion.pdf"]
    for path in [*(EXHIBITS / n for n in names), rotated]:
        reference = pymupdf.open(path)
        for index in range(min(3, reference.page_count)):
            ours = render_page(path, index, 1.3)
            theirs = reference[index].get_pixmap(matrix=pymupdf.Matrix(1.3, 1.3), alpha=False)
            assert (ours.width, ours.height, ours.stride) == (theirs.width, theirs.height, theirs.stride)
            assert ours.samples == theirs.samples, f"{path.name} page {index + 1}"
