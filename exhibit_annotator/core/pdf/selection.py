"""What a mouse selects on a page: the caret under a point, words, lines, and the extent of a drag.

Everything is in unrotated PDF points over the logical-order text of ``core.pdf.text``; the view only maps the mouse
there. A caret is a position *between* characters, so a drag across a right-to-left line selects what the eye
sees: on an Arabic letter the right half is before it and the left half after it, the other way round from Latin.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .text import PageText

_RTL = {"R", "AL"}
_LTR = {"L", "EN", "AN"}


@dataclass(frozen=True, order=True)
class Caret:
    """A position between two characters of a page's text: before ``text[offset]``."""

    page: int
    offset: int


def _nearest_line(text: PageText, x: float, y: float) -> int:
    """The line nearest in height; of lines side by side (columns, a condensed transcript's pages, table cells),
    the one nearest across."""

    def gap(v: float, low: float, high: float) -> float:
        return 0.0 if low <= v <= high else min(abs(v - low), abs(v - high))

    heights = [gap(y, line.bbox[1], line.bbox[3]) for line in text.lines]
    nearest = min(heights)
    near = (i for i, d in enumerate(heights) if d <= nearest + 1.0)
    return min(near, key=lambda i: (gap(x, text.lines[i].bbox[0], text.lines[i].bbox[2]), i))


def _is_rtl(c: str, line_rtl: bool) -> bool:
    kind = unicodedata.bidirectional(c)
    if kind in _RTL:
        return True
    if kind in _LTR:
        return False
    return line_rtl  # spaces and punctuation go the line's way


def caret_at(text: PageText, x: float, y: float) -> int:
    """The offset of the caret nearest to point (``x``, ``y``): on the nearest line, beside the nearest glyph."""
    if not text.lines:
        return 0
    line = text.lines[_nearest_line(text, x, y)]
    # Beyond either end of the line: the line's logical start or end, whatever glyph stands at that edge. On a
    # right-to-left line whose first words are Latin ("GPT-4 …"), the rightmost glyph is the *end* of that run:
    # going by it, a drag to the margin lost the line's first words, or its last full stop.
    x0, _, x1, _ = line.bbox
    if x <= x0:
        return line.end if line.rtl else line.start
    if x >= x1:
        return line.start if line.rtl else line.end
    best, best_distance = line.start, float("inf")
    for i in range(line.start, line.end):
        box = text.boxes[i]
        if box is None:
            continue
        distance = 0.0 if box[0] <= x <= box[2] else min(abs(x - box[0]), abs(x - box[2]))
        if distance < best_distance:
            best, best_distance = i, distance
            if distance == 0.0:
                break
    box = text.boxes[best]
    if box is None:
        return best
    left_half = x < (box[0] + box[2]) / 2
    # The visual left half of an LTR glyph is before it; of an RTL glyph, after it.
    before = left_half != _is_rtl(text.text[best], line.rtl)
    offset = best if before else best + 1
    # Never between a letter and the marks drawn on it (harakat, accents): they are one glyph on the page.
    while offset < line.end and unicodedata.category(text.text[offset]) in ("Mn", "Me"):
        offset += 1
    return offset


def _word_char(c: str) -> bool:
    return c.isalnum() or c in "_'’-" or unicodedata.category(c).startswith("M")


def word_at(text: PageText, offset: int) -> tuple[int, int]:
    """The word holding (or just before) ``offset``; an empty range between words."""
    t = text.text
    if not (offset < len(t) and _word_char(t[offset])) and offset > 0 and _word_char(t[offset - 1]):
        offset -= 1
    if offset >= len(t) or not _word_char(t[offset]):
        return offset, offset
    start, end = offset, offset + 1
    while start > 0 and _word_char(t[start - 1]):
        start -= 1
    while end < len(t) and _word_char(t[end]):
        end += 1
    return start, end


def line_at(text: PageText, offset: int) -> tuple[int, int]:
    if not text.lines:
        return 0, 0
    line = text.lines[text.line_index(min(max(offset, 0), len(text.text) - 1))]
    return line.start, line.end


def ordered(a: Caret, b: Caret) -> tuple[Caret, Caret]:
    return (a, b) if a <= b else (b, a)


def page_ranges(start: Caret, end: Caret, lengths: dict[int, int]) -> dict[int, tuple[int, int]]:
    """The selected range of each page from ``start`` to ``end`` (pages whose text length is known)."""
    out = {}
    for page in range(start.page, end.page + 1):
        if page not in lengths:
            continue
        s = start.offset if page == start.page else 0
        e = end.offset if page == end.page else lengths[page]
        if e > s:
            out[page] = (s, e)
    return out
