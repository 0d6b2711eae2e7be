"""A callout shows the passage's own column, at the column's width, on one-column and multi-column pages."""

from __future__ import annotations

import pymupdf
import pytest

from exhibit_annotator.core.brief.callouts import callout_clip
from exhibit_annotator.core.pdf.anchoring import find_quote
from exhibit_annotator.core.pdf.text import DocumentText

from ..conftest import DATA, EXHIBITS


@pytest.mark.parametrize("column", [0, 1])
def test_a_callout_on_a_two_column_page_shows_its_column_only(column: int) -> None:
    doc = pymupdf.open(DATA / "fidelity" / "multicolumn.pdf")
    page = doc[0]
    middle = 306.0  # between LaTeX's columns: 72-301 and 311-539 points
    text = DocumentText(doc).page(0)
    # A full line of the left column, or of the right.
    inside = [ln for ln in text.lines if (ln.bbox[0] > middle if column else ln.bbox[2] < middle)]
    line = [ln for ln in inside if ln.bbox[2] - ln.bbox[0] > 200][4]
    rects = [pymupdf.Rect(r) for r in text.rects(line.start, line.start + 20)]
    clip = callout_clip(page, rects)
    assert all(clip.contains(r) for r in rects)
    assert (clip.x1 < middle) if column == 0 else (clip.x0 > middle)  # no word of the other column
    assert clip.x0 <= line.bbox[0] and clip.x1 >= line.bbox[2]  # the column's width, though 20 characters are cited


def test_a_callout_on_a_one_column_page_is_as_wide_as_the_text() -> None:
    doc = pymupdf.open(EXHIBITS / "exhibit-en.pdf")
    found = find_quote(DocumentText(doc), "the target for the next model should be GPT-4").passage
    page = doc[found.page]
    clip = callout_clip(page, [pymupdf.Rect(r.rect) for r in found.rects])
    paragraph = next(pymupdf.Rect(b[:4]) for b in page.get_text("blocks") if pymupdf.Rect(b[:4]).intersects(clip))
    assert clip.x0 <= paragraph.x0 and clip.x1 >= paragraph.x1
