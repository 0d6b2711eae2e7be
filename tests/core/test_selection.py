"""Which characters a drag, a double click and a triple click select — English and right-to-left Arabic."""

from __future__ import annotations

import pymupdf

from exhibit_annotator.core.normalize import collapse_whitespace
from exhibit_annotator.core.pdf.selection import Caret, caret_at, line_at, ordered, page_ranges, word_at
from exhibit_annotator.core.pdf.text import PageText, extract_page_text

from ..conftest import EXHIBITS, SOURCES


def _page(name: str, index: int = 0) -> PageText:
    with pymupdf.open(EXHIBITS / name) as doc:
        return extract_page_text(doc[index])


def test_drag_across_an_english_line_selects_it_and_half_a_line_selects_its_start() -> None:
    text = _page("exhibit-en.pdf")
    line = max(text.lines, key=lambda ln: ln.end - ln.start)
    x0, y0, x1, y1 = line.bbox
    y = (y0 + y1) / 2
    assert (caret_at(text, x0 - 5, y), caret_at(text, x1 + 5, y)) == (line.start, line.end)
    middle = caret_at(text, (x0 + x1) / 2, y)
    assert line.start < middle < line.end
    assert text.text[line.start : middle] and text.text[line.start : line.end].startswith(
        text.text[line.start : middle]
    )


def test_drag_across_an_arabic_line_selects_what_the_eye_sees_in_reading_order() -> None:
    source = collapse_whitespace((SOURCES / "ar.txt").read_text(encoding="utf-8"))
    text = _page("exhibit-ar.pdf")
    rtl = [ln for ln in text.lines if ln.rtl and ln.end - ln.start > 30]
    assert rtl
    line = rtl[0]
    x0, y0, x1, y1 = line.bbox
    y = (y0 + y1) / 2
    # From the right edge (where an Arabic line begins) to the left edge: the whole line, as written.
    start, end = sorted((caret_at(text, x1 + 3, y), caret_at(text, x0 - 3, y)))
    assert (start, end) == (line.start, line.end)
    assert text.text[start:end] in source
    # From the right edge to the middle: the line's first words, not its last ones.
    half = caret_at(text, (x0 + x1) / 2, y)
    first_half = text.text[line.start : half]
    assert first_half and line.start < half < line.end
    assert text.text[line.start : line.end].startswith(first_half) and first_half.strip() in source


def test_double_click_word_and_triple_click_line() -> None:
    text = _page("exhibit-en.pdf")
    offset = text.text.index("unsealed") + 3
    s, e = word_at(text, offset)
    assert text.text[s:e] == "unsealed"
    s, e = line_at(text, offset)
    assert "\n" not in text.text[s:e] and s <= offset < e
    arabic = _page("exhibit-ar.pdf")
    i = next(i for i, c in enumerate(arabic.text) if "\u0627" <= c <= "\u064a")
    s, e = word_at(arabic, i)
    assert e > s and " " not in arabic.text[s:e]


def test_a_selection_across_pages_covers_the_end_of_one_and_the_start_of_the_next() -> None:
    a, b = ordered(Caret(1, 10), Caret(0, 500))
    assert (a, b) == (Caret(0, 500), Caret(1, 10))
    assert page_ranges(a, b, {0: 800, 1: 900}) == {0: (500, 800), 1: (0, 10)}
    assert page_ranges(Caret(0, 5), Caret(0, 5), {0: 800}) == {}


def test_a_drag_from_margin_to_margin_selects_the_whole_line_in_any_direction() -> None:
    """Past either end of a line the caret is at the line's logical start or end, whatever glyph stands at that
    edge: on Arabic lines that begin or end with Latin words or digits a drag to the margin lost words or the
    final full stop (painted as selected, not stored)."""
    import pymupdf

    from exhibit_annotator.core.pdf.anchoring import passage
    from exhibit_annotator.core.pdf.text import DocumentText

    from ..conftest import EXHIBITS

    checked = 0
    for name in ("exhibit-ar.pdf", "exhibit-ru.pdf", "exhibit-en.pdf"):
        text = DocumentText(pymupdf.open(EXHIBITS / name))
        for number in range(text.page_count):
            page = text.page(number)
            for line in page.lines:
                if not page.text[line.start : line.end].strip():
                    continue
                x0, y0, x1, y1 = line.bbox
                y = (y0 + y1) / 2
                a, b = caret_at(page, x1 + 5, y), caret_at(page, x0 - 5, y)
                got = passage(text, number, min(a, b), number, max(a, b)).text
                assert got.strip() == page.text[line.start : line.end].strip(), (name, number, got)
                checked += 1
    assert checked > 100


def test_what_is_painted_is_what_is_stored_for_any_drag_on_a_mixed_line() -> None:
    # An Arabic line with "GPT-4" inside: a drag that starts inside the Latin word selects a logical range that
    # may stand in two places on the line; the highlight covers exactly the glyphs of the stored characters.
    text = _page("exhibit-ar.pdf")
    at = text.text.index("GPT-4")
    line = text.lines[text.line_index(at)]
    _, y0, _, y1 = line.bbox
    y = (y0 + y1) / 2
    p_box = text.boxes[at + 1]
    assert p_box is not None
    inside = (p_box[0] + p_box[2]) / 2  # the middle of "P"
    checked = 0
    for end_x in range(int(line.bbox[0]) - 2, int(line.bbox[2]) + 3, 7):
        s, e = sorted((caret_at(text, inside, y), caret_at(text, end_x, y)))
        if s == e:
            continue
        rects = text.rects(s, e)
        for i in range(line.start, line.end):
            box = text.boxes[i]
            if box is None or text.text[i].isspace():
                continue
            centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
            painted = any(r[0] <= centre[0] <= r[2] and r[1] <= centre[1] <= r[3] for r in rects)
            assert painted == (s <= i < e), (text.text[s:e], text.text[i], end_x)
        checked += 1
    assert checked > 10
