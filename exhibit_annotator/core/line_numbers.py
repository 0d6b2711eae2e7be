"""Line-numbered pages (deposition transcripts, pleading paper): the column of line numbers in the left margin,
kept with the exhibit as a ``model.LineColumn``, whose ``line_at`` says which numbered line a place on the page is
on, for cites by page and line (``Smith Dep. 45:12–20``).

A column is numbers alone (``12``, not ``12.``: a complaint's paragraph numbers have their full stop), in the left
third of the page, right-aligned on one edge (within 4 points), running 1, 2, 3… down the page, at least
``MIN_LINES`` of them: a transcript's 25, pleading paper's 28. A line of text belongs to the number nearest its
middle: pleading paper's text lines do not sit exactly on its numbers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pymupdf

from .model import LineColumn

MIN_LINES = 10
EDGE = 4.0  # points: how far apart right edges of one column's numbers may be

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Numbering:
    """A page's line numbers, top to bottom: (number, middle of the number's box in unrotated PDF points), and the
    numbers' boxes, which are layout, not text of the page (``text`` leaves them out)."""

    numbers: tuple[tuple[int, float], ...]
    boxes: tuple[Box, ...] = ()

    @property
    def spacing(self) -> float:
        gaps = sorted(b[1] - a[1] for a, b in zip(self.numbers, self.numbers[1:], strict=False))
        return gaps[len(gaps) // 2]

    def covers(self, box: Box) -> bool:
        """Whether a glyph's box is one of the numbers' (its middle inside one)."""
        x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        return any(b[0] - 0.5 <= x <= b[2] + 0.5 and b[1] - 0.5 <= y <= b[3] + 0.5 for b in self.boxes)


Word = tuple[float, float, float, float, str]
_NUMBERED_LINE = re.compile(r"^\s*\d{1,2}(?:\s|$)", re.MULTILINE)


def might_be_numbered(plain: str) -> bool:
    """A cheap look at a page's plain text first: a column of line numbers puts at least ``MIN_LINES`` lines that
    start with a number alone (no full stop) into it. Most pages are not, and need no second look."""
    return len(_NUMBERED_LINE.findall(plain)) >= MIN_LINES


def left_words(page: pymupdf.Page, raw: dict[str, Any] | None = None) -> list[Word]:
    """The words in the left third of the page (unrotated), from its rawdict when the caller has it (building a
    page's text again costs 1.5–2.5 ms)."""
    edge = (page.rect.width if page.rotation in (0, 180) else page.rect.height) / 3
    if raw is None:
        return [w[:5] for w in page.get_text("words", clip=pymupdf.Rect(0, 0, edge, 10_000))]
    words: list[Word] = []
    for block in raw.get("blocks", []):
        for line in block.get("lines", []) if block.get("type") == 0 else []:
            for span in line["spans"]:
                if span["bbox"][0] >= edge:
                    continue
                chars: list[dict[str, Any]] = []
                for ch in [*span["chars"], None]:
                    if ch is not None and not ch["c"].isspace():
                        chars.append(ch)
                        continue
                    if chars and chars[0]["bbox"][0] < edge:
                        x0, x1 = chars[0]["bbox"][0], chars[-1]["bbox"][2]
                        words.append((x0, min(c["bbox"][1] for c in chars), x1, max(c["bbox"][3] for c in chars),
                                      "".join(c["c"] for c in chars)))  # fmt: skip
                    chars = []
    return words


def numbering(page: pymupdf.Page, raw: dict[str, Any] | None = None) -> Numbering | None:
    """The page's column of line numbers, or None when it has none (``raw``: the page's rawdict, if at hand)."""
    numbers = [w for w in left_words(page, raw) if w[4].isdigit() and len(w[4]) <= 2]
    best: list[Word] = []
    for w in numbers:  # the largest set of numbers sharing a right edge
        column = [v for v in numbers if abs(v[2] - w[2]) <= EDGE]
        if len(column) > len(best):
            best = column
    best.sort(key=lambda w: w[1])
    values = [int(w[4]) for w in best]
    if len(best) < MIN_LINES or values != list(range(values[0], values[0] + len(values))):
        return None
    return Numbering(tuple((int(w[4]), (w[1] + w[3]) / 2) for w in best), tuple((w[0], w[1], w[2], w[3]) for w in best))


def column(page: pymupdf.Page) -> LineColumn | None:
    """The page's column of line numbers as kept with the exhibit (``model.LineColumn``), or None."""
    found = numbering(page)
    if found is None:
        return None
    (first, top), count = found.numbers[0], len(found.numbers)
    return LineColumn(page=page.number, first=first, top=round(top, 2), spacing=round(found.spacing, 3), count=count)


def columns(doc: pymupdf.Document, plains: Sequence[str]) -> list[LineColumn]:
    """Every page's column of line numbers, for an exhibit being read, from its pages' plain text first."""
    found = (column(doc[i]) for i, plain in enumerate(plains) if might_be_numbered(plain))
    return [c for c in found if c is not None]
