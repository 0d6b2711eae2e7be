"""Line-numbered pages (deposition transcripts, pleading paper, condensed transcripts): the columns of line numbers
in the margins, kept with the exhibit as ``model.LineColumn``s, whose ``line_at`` says which numbered line a place on
the page is on, for cites by page and line (``Smith Dep. 45:12–20``).

A column is numbers alone (``12``, not ``12.``: a complaint's paragraph numbers have their full stop), aligned on
one edge, right or left (within 4 points), running 1, 2, 3… down the page, at least ``MIN_LINES`` of them: a
transcript's 25, pleading paper's 28. It stands in the left third of the page; a condensed transcript (four pages
to a sheet, two across and two down) also has columns at the left of the right half, and two columns one above the
other on one edge. Each of its transcript pages is then the part of the sheet its column numbers (``area``),
cited by the page number printed over it (``Page 45``), and read whole before the next. A line of text belongs to
the number nearest its middle: pleading paper's text lines do not sit exactly on its numbers.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pymupdf

from ..model import LineColumn

MIN_LINES = 10
EDGE = 4.0  # points: how far apart right edges of one column's numbers may be

Box = tuple[float, float, float, float]
Word = tuple[float, float, float, float, str]


@dataclass(frozen=True)
class Numbering:
    """A page's columns of line numbers, in reading order, and the boxes of the numbers and of the transcript page
    numbers over them. Those, and whatever is on no numbered line (a transcript's running header, a pleading's
    footer), are layout, not text of the page (``text`` leaves them out): a quote that runs onto the next page
    reads on without them."""

    columns: tuple[LineColumn, ...]
    boxes: tuple[Box, ...] = ()
    # The boxes by top edge, to test a glyph against the few near it: a condensed sheet has a hundred numbers.
    _by_top: list[Box] = field(init=False, repr=False, compare=False)
    _tops: list[float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_top", sorted(self.boxes, key=lambda b: b[1]))
        object.__setattr__(self, "_tops", [b[1] for b in self._by_top])

    def place(self, box: Box) -> int | None:
        """Which column's part of the page a glyph (by its box) is in (0 on a page with one column); None when it
        is layout: one of the numbers, or on no numbered line."""
        x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        k = 0 if len(self.columns) == 1 else next((k for k, c in enumerate(self.columns) if c.holds(x, y)), 0)
        if self.columns[k].line_at(y) is None:
            return None
        i = bisect_left(self._tops, y + 0.5)
        if any(b[0] - 0.5 <= x <= b[2] + 0.5 and y <= b[3] + 0.5 for b in self._by_top[max(0, i - 8) : i]):
            return None
        return k


_NUMBERED_LINE = re.compile(r"^\s*\d{1,2}(?:\s|$)", re.MULTILINE)


def might_be_numbered(plain: str) -> bool:
    """A cheap look at a page's plain text first: a column of line numbers puts at least ``MIN_LINES`` lines that
    start with a number alone (no full stop) into it. Most pages are not, and need no second look."""
    return len(_NUMBERED_LINE.findall(plain)) >= MIN_LINES


def _lines_start_with_digits(raw: dict[str, Any]) -> bool:
    """The same look at a page's rawdict: at least ``MIN_LINES`` of its lines start with a digit."""
    found = 0
    for block in raw.get("blocks", []):
        for line in block.get("lines", []) if block.get("type") == 0 else []:
            first = next((ch["c"] for span in line["spans"] for ch in span["chars"] if not ch["c"].isspace()), "")
            found += first.isdigit()
            if found >= MIN_LINES:
                return True
    return False


def words(raw: dict[str, Any]) -> list[Word]:
    """A page's words (runs of characters between spaces within one span), from its rawdict."""
    out: list[Word] = []
    for block in raw.get("blocks", []):
        for line in block.get("lines", []) if block.get("type") == 0 else []:
            for span in line["spans"]:
                chars: list[dict[str, Any]] = []
                for ch in [*span["chars"], None]:
                    if ch is not None and not ch["c"].isspace():
                        chars.append(ch)
                        continue
                    if chars:
                        out.append((chars[0]["bbox"][0], min(c["bbox"][1] for c in chars), chars[-1]["bbox"][2],
                                    max(c["bbox"][3] for c in chars), "".join(c["c"] for c in chars)))  # fmt: skip
                    chars = []
    return out


def _runs(numbers: list[Word]) -> list[list[Word]]:
    """Numbers aligned on one edge, cut where they stop counting up by one: columns of at least ``MIN_LINES``.
    Most reporters set them flush right, some flush left; a run within a longer one (the two-digit numbers of a
    flush-right column share a left edge too) is part of it, not another column."""
    runs = sorted((r for side in (2, 0) for r in _aligned(numbers, side)), key=len, reverse=True)
    kept: list[list[Word]] = []
    for r in runs:
        if not any(set(r) <= set(k) for k in kept):
            kept.append(r)
    return kept


def _aligned(numbers: list[Word], side: int) -> list[list[Word]]:
    """The runs of numbers sharing an edge (``side``: 2 right, 0 left), within ``EDGE``."""

    def edge(w: Word) -> float:
        return w[2] if side == 2 else w[0]

    edges: list[list[Word]] = []
    for w in sorted(numbers, key=edge):
        if edges and edge(w) - edge(edges[-1][0]) <= EDGE:
            edges[-1].append(w)
        else:
            edges.append([w])
    runs: list[list[Word]] = []
    for aligned in edges:
        run: list[Word] = []
        for w in sorted(aligned, key=lambda w: w[1]):
            if run and int(w[4]) != int(run[-1][4]) + 1:
                runs.append(run)
                run = []
            run.append(w)
        runs.append(run)
    return [r for r in runs if len(r) >= MIN_LINES]


def _placed(runs: list[list[Word]], width: float) -> list[list[Word]]:
    """The runs that are a page's margin numbers: in its left third, and on a condensed sheet also at the left of
    its right half (a table's numbered rows in mid-page are not)."""
    left = [r for r in runs if r[0][2] < width / 3]
    right_half = [r for r in runs if width / 2 - width / 12 <= r[0][2] < width / 2 + width / 6]
    return left + right_half if left else []


def _label(page_words: list[Word], area: Box, top: float) -> tuple[str, list[Box]]:
    """The transcript page number printed over a condensed page (``Page 45``, or a number alone), and its words'
    boxes: what is in the page's part of the sheet above its first line number."""
    above = [w for w in page_words if area[0] <= (w[0] + w[2]) / 2 <= area[2] and area[1] <= (w[1] + w[3]) / 2 < top]
    for a, b in itertools.pairwise(above):
        if a[4].casefold() == "page" and b[4].isdigit() and abs(a[3] - b[3]) < 2:
            return b[4], [a[:4], b[:4]]
    alone = [w for w in above if w[4].isdigit()]
    return (alone[0][4], [alone[0][:4]]) if len(alone) == 1 else ("", [])


def numbering(page: pymupdf.Page, raw: dict[str, Any] | None = None) -> Numbering | None:
    """The page's columns of line numbers, or None when it has none (``raw``: the page's rawdict, if at hand)."""
    if raw is None:
        raw = page.get_text("rawdict")
    if not _lines_start_with_digits(raw):
        return None
    page_words = words(raw)
    width, height = page.rect.width, page.rect.height
    if page.rotation in (90, 270):  # words are placed on the unrotated page
        width, height = height, width
    runs = _placed(_runs([w for w in page_words if w[4].isdigit() and len(w[4]) <= 2]), width)
    if not runs:
        return None
    boxes = [w[:4] for r in runs for w in r]
    if len(runs) == 1:
        return Numbering((_column(page, runs[0]),), tuple(boxes))
    # A condensed transcript: each column numbers the part of the sheet right of it, up to the next column to the
    # right, and down from a line and a half above its first number (its "Page 45" heading) to the next one below.
    lefts = sorted({round(min(w[0] for w in r)) for r in runs})
    ends = [x - 2.0 for x in lefts[1:]] + [width]
    bands = [(0.0 if i == 0 else x - 2.0, ends[i]) for i, x in enumerate(lefts)]
    placed: list[tuple[LineColumn, tuple[int, float]]] = []
    for r in runs:
        band = next(b for b in bands if b[0] <= min(w[0] for w in r) <= b[1])
        same_band = sorted((s for s in runs if band[0] <= min(w[0] for w in s) <= band[1]), key=lambda s: s[0][1])
        k = same_band.index(r)
        spacing = _column(page, r).spacing
        y0 = 0.0 if k == 0 else _boundary(same_band[k - 1], r, spacing)
        y1 = height if k == len(same_band) - 1 else _boundary(r, same_band[k + 1], spacing)
        area = (band[0], y0, band[1], y1)
        label, label_boxes = _label(page_words, area, r[0][1])
        boxes += label_boxes
        placed.append((_column(page, r, area, label), (bands.index(band), y0)))
    # Read in the transcript's order: by the printed page numbers, or down each half of the sheet, left half first.
    labels = [c.label for c, _ in placed]
    if all(label.isdigit() for label in labels) and len(set(labels)) == len(labels):
        placed.sort(key=lambda p: int(p[0].label))
    else:
        placed.sort(key=lambda p: p[1])
    return Numbering(tuple(c for c, _ in placed), tuple(boxes))


def _boundary(above: list[Word], below: list[Word], spacing: float) -> float:
    """Where one condensed page ends and the one below begins: half-way between the last number of one and the
    first of the other, or higher, so that the lower page's heading (a line and a half above its first number) is
    its own."""
    return max(above[-1][3], min((above[-1][3] + below[0][1]) / 2, below[0][1] - 1.6 * spacing))


def _column(page: pymupdf.Page, r: list[Word], area: Box | None = None, label: str = "") -> LineColumn:
    middles = [(w[1] + w[3]) / 2 for w in r]
    gaps = sorted(b - a for a, b in itertools.pairwise(middles))
    return LineColumn(
        page=page.number, first=int(r[0][4]), top=round(middles[0], 2), spacing=round(gaps[len(gaps) // 2], 3),
        count=len(r), area=None if area is None else [round(v, 2) for v in area], label=label,
    )  # fmt: skip


def page_columns(page: pymupdf.Page) -> list[LineColumn]:
    """The page's columns of line numbers as kept with the exhibit (``model.LineColumn``), in reading order."""
    found = numbering(page)
    return [] if found is None else list(found.columns)


def columns(doc: pymupdf.Document, plains: Sequence[str]) -> list[LineColumn]:
    """Every page's columns of line numbers, for an exhibit being read, from its pages' plain text first."""
    return [c for i, plain in enumerate(plains) if might_be_numbered(plain) for c in page_columns(doc[i])]
