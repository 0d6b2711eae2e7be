"""A page's text in logical reading order, with a box for every character.

MuPDF hands out text in fragments: on right-to-left pages a visual line arrives as several "lines" with
sentence punctuation and Latin runs moved (see ../shared/notes/platform-facts.md). We therefore rebuild each
visual line from glyph positions (visual order, left to right) and turn it into logical order with the Unicode
Bidi Algorithm, keeping for every character the glyph box it came from. Everything that needs page text —
anchoring, search, exports — reads it from here, so the GUI, the command line and the exports agree.

Each line is read in its own reading frame: the page as its reader sees it (``/Rotate`` applied), turned so that the
line runs left to right. A landscape table stored on a portrait page, or a label printed up a margin, reads as it is
seen instead of one letter per line. Where MuPDF leaves a gap between two runs on one baseline with no space
character (table cells, a table of contents' leader, a footer's fields), the gap reads as a space, by MuPDF's own
measure (``GAP``).

Offsets into ``PageText.text`` are code-point offsets and are what annotations store; change the way text is
built only together with ``EXTRACTION_METHOD``.
"""

from __future__ import annotations

import itertools
import math
import unicodedata
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

import pymupdf
from bidi import algorithm as _uba

from . import running_heads as heads_
from .line_numbers import numbering
from .normalize import Folded, fold

if TYPE_CHECKING:
    from .ocr import OcrFile, OcrPage

# Stored with every annotation: offsets are only comparable between identical extraction methods.
EXTRACTION_METHOD = "ea-text-1"
# A page on which reading frames, gap spaces, overprints, joined accents or unknown glyphs (``_Glyph.revised``)
# changed the text "ea-text-1" gave: its method names say "ea-text-2", so anchors made before on it are found again
# by their quote and checked, while every other page keeps its method and its anchors.
REVISED = ("ea-text-1", "ea-text-2")
# The same, on a page with a column of line numbers (a transcript, pleading paper), which is left out of the text
# with what is on no numbered line (running headers, footers): they are layout, and a quote across a line break, or
# onto the next page, reads as the witness spoke. ("-2": headers and footers left out too, and condensed sheets.)
LINED_METHOD = "ea-text-1-lines-2"
# The same, on a page whose running header or footer (``running_heads``) is left out of the text.
HEADS_METHOD = "ea-text-1-heads"
OCR_METHOD = "ea-ocr-1"  # text read from a scanned page (see ``ocr``)
DOUBTFUL = 60.0  # an OCR word Tesseract is less sure of than this (0-100) is marked for checking
MUPDF_VERSION: str = str(getattr(pymupdf, "mupdf_version", pymupdf.VersionFitz))
MUPDF_ENGINE = f"MuPDF {MUPDF_VERSION}"

# Keep real whitespace (we de-duplicate it ourselves) and clip to the visible page. Ligatures are kept whole and
# expanded here into one cluster ("ﬁ" → "fi" with the glyph's box): MuPDF's own splitting lays the parts out left
# to right, which reverses lam-alef ("ﻻ" → "ال") on right-to-left lines.
TEXT_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP | pymupdf.TEXT_PRESERVE_LIGATURES

Box = tuple[float, float, float, float]
# Two glyphs on one line further apart than this many times their font size read as two words: MuPDF's own
# SPACE_DIST (stext-device.c), which it applies inside a line but not between the lines it splits a baseline into.
GAP = 0.15
UNKNOWN = "\ufffd"  # what MuPDF gives for a glyph whose font names no character


@dataclass(frozen=True)
class Line:
    """One visual line: ``text[start:end]`` of its page, its bounding box, and its base direction."""

    start: int
    end: int
    bbox: Box
    rtl: bool


@dataclass(frozen=True)
class PageText:
    """Logical-order text of one page. ``boxes[i]`` is the glyph box of ``text[i]`` (None for line breaks)."""

    index: int
    text: str
    boxes: tuple[Box | None, ...]
    lines: tuple[Line, ...]
    width: float
    height: float
    rotation: int = 0
    _line_of: tuple[int, ...] = field(default=(), repr=False, compare=False)
    method: str = EXTRACTION_METHOD  # how the text was made: the PDF's text layer, or OCR (``ocr.OCR_METHOD``)
    engine: str = MUPDF_ENGINE
    doubtful: tuple[Box, ...] = ()  # boxes of OCR words read with low confidence, for the user to check

    @property
    def has_text(self) -> bool:
        return any(not c.isspace() for c in self.text)

    def line_index(self, offset: int) -> int:
        """The line holding character ``offset`` (line breaks belong to the line they end)."""
        return self._line_of[offset]

    def rects(self, start: int, end: int) -> list[Box]:
        """Rectangles covering ``text[start:end]``, in unrotated PDF coordinates: one per line, or on a line that
        mixes directions one per run of it that stands together on the page, so that what is painted is exactly
        what is selected (a logical range of "… GPT-4 …" in Arabic can be two places on the line)."""
        per_line: dict[int, list[int]] = {}
        for i in range(max(start, 0), min(end, len(self.text))):
            if self.boxes[i] is not None and not self.text[i].isspace():
                per_line.setdefault(self._line_of[i], []).append(i)
        return [
            union(self.boxes[i] for i in run)
            for line, chosen in sorted(per_line.items())
            for run in self._visual_runs(self.lines[line], chosen)
        ]

    def _visual_runs(self, line: Line, chosen: list[int]) -> list[list[int]]:
        """``chosen`` (offsets on ``line``) in the runs that stand side by side on the page."""
        both = {_is_rtl_char(self.text[i]) for i in range(line.start, line.end) if _strong(self.text[i])}
        if len(both) < 2:
            return [chosen]  # one direction: a logical range is one place on the line
        boxes = {i: b for i in range(line.start, line.end) if (b := self.boxes[i]) is not None}
        xs = [(b[0] + b[2]) / 2 for b in boxes.values()]
        ys = [(b[1] + b[3]) / 2 for b in boxes.values()]
        axis = 0 if max(xs) - min(xs) >= max(ys) - min(ys) else 1  # along the line, even on a turned page
        wanted = set(chosen)
        runs: list[list[int]] = []
        current: list[int] = []
        for i in sorted(boxes, key=lambda i: boxes[i][axis] + boxes[i][axis + 2]):
            if i in wanted:
                current.append(i)
            elif not self.text[i].isspace() and current:
                runs.append(current)
                current = []
        if current:
            runs.append(current)
        return runs


def union(boxes: Iterable[Box | None]) -> Box:
    """The box around ``boxes`` (line breaks' None left out)."""
    known = [b for b in boxes if b is not None]
    return (min(b[0] for b in known), min(b[1] for b in known), max(b[2] for b in known), max(b[3] for b in known))


@dataclass
class _Glyph:
    chars: str  # a base character and the combining marks drawn on it
    box: Box  # in the line's reading frame (x along the line, y down it); the page box where that is the page
    order: int  # position in MuPDF's output, to break ties
    baseline: float
    block: int
    is_mark: bool = False
    sure: bool = False  # a space known to be real (between OCR words), never taken for a MuPDF artefact
    spacing: str = ""  # a spacing accent taken for a mark (``_SPACING_ACCENTS``): itself where it is over no letter
    size: float = 0.0  # font size, for the gap between words (``GAP``)
    page: Box | None = None  # the glyph's box on the unrotated page, where ``box`` is in a turned frame
    frame: int = 0  # the reading frame's angle in degrees (0: the unrotated page, as most lines are)
    matrix: pymupdf.Matrix | None = None  # from the unrotated page into that frame (None: the same)
    # Reads otherwise than "ea-text-1" read it (``REVISED``): read in a turned frame, a space read from a gap, the
    # copy kept of an overprinted glyph, a letter with a spacing accent joined to it.
    revised: bool = False

    @property
    def on_page(self) -> Box:
        return self.box if self.page is None else self.page


def _is_rtl_char(c: str) -> bool:
    return unicodedata.bidirectional(c) in ("R", "AL")


def _strong(c: str) -> bool:
    return unicodedata.bidirectional(c) in ("R", "AL", "L")


def _is_mark(c: str) -> bool:
    return unicodedata.category(c) in ("Mn", "Me")


# Spacing accents that TeX and old typesetters draw over a letter as a glyph of their own ("X" then "˜" above it,
# "a" and "¨" for ä in OT1 fonts): over a letter they are that letter's combining mark, as the reader sees "X̃", "ä".
_SPACING_ACCENTS = {
    "\u02dc": "\u0303", "\u00a8": "\u0308", "\u00b4": "\u0301", "`": "\u0300", "\u02c6": "\u0302",
    "\u02c7": "\u030c", "\u00af": "\u0304", "\u02d8": "\u0306", "\u02d9": "\u0307", "\u02da": "\u030a",
    "\u00b8": "\u0327", "\u02db": "\u0328", "\u02dd": "\u030b",
}  # fmt: skip


@lru_cache(maxsize=4096)
def _presentation_form(c: str) -> str:
    # Ligatures and presentation forms (Latin "ﬁ", Arabic shaped letters and lam-alef, which producers emit as
    # glyph codes) read as the letters they stand for.
    o = ord(c)
    if 0xFB00 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF:
        return unicodedata.normalize("NFKC", c)
    return c


def _frame(direction: Sequence[float], rotation: pymupdf.Matrix) -> tuple[int, pymupdf.Matrix | None]:
    """The reading frame of a line running along ``direction`` (unrotated page space) on a page turned by
    ``rotation``: its angle as the reader sees it, and the matrix from the page into that frame (None: the page)."""
    dx, dy = (
        direction[0] * rotation.a + direction[1] * rotation.c,
        direction[0] * rotation.b + direction[1] * rotation.d,
    )
    angle = round(math.degrees(math.atan2(dy, dx))) % 360
    if angle == 0 and rotation.a == 1 and rotation.d == 1:
        return 0, None
    c, s = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    return angle, rotation * pymupdf.Matrix(c, -s, s, c, 0, 0)


def _glyphs(raw: dict[str, object], rotation: pymupdf.Matrix | None = None) -> list[_Glyph]:
    """Characters of a rawdict page, in MuPDF's order (combining marks still apart from their letters), each with
    its box in its line's reading frame (see the module's docstring); ``rotation``: the page's rotation matrix."""
    glyphs: list[_Glyph] = []
    blocks = raw.get("blocks", [])
    assert isinstance(blocks, list)
    turn = rotation if rotation is not None else pymupdf.Identity
    for block_no, block in enumerate(blocks):
        if block.get("type") != 0:
            continue
        for line in block["lines"]:
            angle, matrix = _frame(line["dir"], turn)
            for span in line["spans"]:
                size = float(span["size"])
                for ch in span["chars"]:
                    c = _presentation_form(ch["c"]) if ch["c"] else ""
                    if not c:
                        continue
                    x0, y0, x1, y1 = ch["bbox"]
                    if matrix is None:
                        g = _Glyph(
                            c, (x0, y0, x1, y1), len(glyphs), ch["origin"][1], block_no, _is_mark(c[0]), size=size
                        )
                    else:
                        r = pymupdf.Rect(x0, y0, x1, y1) * matrix
                        r.normalize()
                        baseline = (pymupdf.Point(ch["origin"]) * matrix).y
                        g = _Glyph(
                            c, (r.x0, r.y0, r.x1, r.y1), len(glyphs), baseline, block_no, _is_mark(c[0]),
                            size=size, page=(x0, y0, x1, y1), frame=angle, matrix=matrix, revised=True,
                        )  # fmt: skip
                    if c in _SPACING_ACCENTS:
                        g.chars, g.is_mark, g.spacing = _SPACING_ACCENTS[c], True, c
                    glyphs.append(g)
    return glyphs


def _under(letter: _Glyph | None, mark: _Glyph) -> bool:
    return letter is not None and letter.box[0] - 1 <= mark.box[2] and mark.box[0] <= letter.box[2] + 1


def _attach_marks(members: list[_Glyph]) -> list[_Glyph]:
    """Join each combining mark (Arabic harakat, accents) to the letter it is drawn over.

    MuPDF's order is no guide for marks: in exhibit-ar.pdf a tanween came out after a space, or on the next line.
    """
    letters = [g for g in members if not g.is_mark and not g.chars.isspace()]
    by_order = {g.order: g for g in letters}
    out = [g for g in members if not g.is_mark]
    # Letters by left edge, to find the one a mark is drawn inside by bisection: scanning them all for every mark
    # made a 40,000-glyph line with marks take 79 s (issue 20).
    by_x = sorted(letters, key=lambda g: g.box[0])
    lefts = [g.box[0] for g in by_x]
    widest = max((g.box[2] - g.box[0] for g in letters), default=0.0)
    for mark in (g for g in members if g.is_mark):
        # The letter MuPDF emitted just before (or after) the mark, if it sits under it: keeps the producer's
        # spelling (tanween before or after alef look alike on the page).
        # (Not a spacing accent: it stands beside its neighbours, and is a mark only when drawn inside a letter.)
        neighbours = () if mark.spacing else (by_order.get(mark.order - 1), by_order.get(mark.order + 1))
        base = next((g for g in neighbours if _under(g, mark)), None)
        if base is None:
            # Else the letter it is drawn inside. A mark inside no letter is dropped, not put on a wrong word:
            # MuPDF reported one tanween of exhibit-ar.pdf at the start of the line above the word it is on.
            centre = (mark.box[0] + mark.box[2]) / 2
            # Candidates start left of the centre by at most the widest letter; the first (in MuPDF's order)
            # that holds the centre, as a scan of all letters would pick.
            lo, hi = bisect_left(lefts, centre - widest - 0.5), bisect_right(lefts, centre)
            inside = [g for g in by_x[lo:hi] if g.box[0] + 0.5 < centre < g.box[2] - 0.5]
            base = min(inside, key=lambda g: g.order) if inside else None
        if base is not None:
            base.chars += mark.chars
            base.revised = base.revised or bool(mark.spacing)
        elif mark.spacing:
            # A spacing accent over no letter is the character the page has ("~" in a path, "^" in a formula).
            mark.chars, mark.is_mark = mark.spacing, False
            out.append(mark)
    out.sort(key=lambda g: g.order)
    return out


@dataclass
class _OpenLine:
    """A visual line being gathered by ``_group_lines``."""

    baseline: float
    height: float
    top: float
    bottom: float
    members: list[_Glyph]
    frame: int = 0

    def takes(self, g: _Glyph, height: float) -> bool:
        if abs(self.baseline - g.baseline) <= max(2.0, 0.3 * min(self.height, height)):
            return True
        # A footnote marker or exponent: smaller, and drawn inside the line's height.
        centre = (g.box[1] + g.box[3]) / 2
        return height < 0.8 * self.height and self.top <= centre <= self.bottom


def _group_lines(glyphs: list[_Glyph]) -> list[list[_Glyph]]:
    """Visual lines: glyphs of one block that share a baseline, with their superscripts and subscripts."""

    lines: list[list[_Glyph]] = []
    open_lines: dict[tuple[int, int], list[_OpenLine]] = {}
    last: _OpenLine | None = None
    for g in glyphs:
        height = max(g.box[3] - g.box[1], 1.0)
        # Most glyphs continue the line of the glyph before them: try that first.
        if last is not None and last.members[0].block == g.block and last.frame == g.frame and last.takes(g, height):
            last.members.append(g)
            continue
        candidates = open_lines.setdefault((g.block, g.frame), [])
        found = next((line for line in candidates if line.takes(g, height)), None)
        if found is None:
            found = _OpenLine(g.baseline, height, g.box[1], g.box[3], [], g.frame)
            candidates.append(found)
            lines.append(found.members)
        found.members.append(g)
        last = found
    # Inside a block, read lines top to bottom (in their frame; a block's frames in the order they came); blocks
    # keep MuPDF's order (its sort=True breaks RTL lines).
    by_block: dict[int, list[list[_Glyph]]] = {}
    for members in lines:
        by_block.setdefault(members[0].block, []).append(members)
    ordered: list[list[_Glyph]] = []
    for block in by_block.values():
        frames = {m[0].frame: n for n, m in reversed(list(enumerate(block)))}
        block.sort(key=lambda m: (frames[m[0].frame], m[0].baseline))
        ordered.extend(block)
    return ordered


def _drop_phantom_spaces(glyphs: list[_Glyph]) -> list[_Glyph]:
    """Drop spaces MuPDF invents on top of a real glyph (seen between "GPT-" and "4" in Arabic lines).

    ``glyphs`` is one line in (nearly) left-to-right order, so only near neighbours can overlap a space.
    """
    kept = []
    n = len(glyphs)
    for i, g in enumerate(glyphs):
        if g.chars.isspace() and not g.sure:
            x0, x1 = g.box[0], g.box[2]
            width = max(x1 - x0, 0.01)
            phantom = False
            for j in range(max(0, i - 3), min(n, i + 4)):
                other = glyphs[j]
                if j == i or other.is_mark or other.chars.isspace():
                    continue
                b = other.box
                if min(x1, b[2]) - max(x0, b[0]) > 0.5 * width:
                    phantom = True  # overlaps a real glyph
                elif b[2] - b[0] < 0.1 and (abs(b[0] - x0) < 0.2 or abs(b[0] - x1) < 0.2):
                    # A letter reported with zero width and a space drawn over its slot ("سي ئا" for "سيئا"),
                    # unless it is a ligature part (the alef of lam-alef), which touches its ligature's box.
                    phantom = not any(
                        glyphs[k].box[2] - glyphs[k].box[0] >= 0.1
                        and glyphs[k].box[0] - 0.2 <= b[0] <= glyphs[k].box[2] + 0.2
                        for k in range(max(0, j - 2), min(n, j + 3))
                        if k != j and not glyphs[k].chars.isspace()
                    )
                if phantom:
                    break
            if phantom:
                continue
        kept.append(g)
    return kept


def _levels(text: str, base_level: int) -> list[int]:
    """Resolved embedding levels (UBA rules up to I2) from python-bidi's reference implementation."""
    storage = _uba.get_empty_storage()
    storage["base_level"] = base_level
    storage["base_dir"] = ("L", "R")[base_level]
    _uba.get_embedding_levels(text, storage)
    _uba.explicit_embed_and_overrides(storage)
    _uba.resolve_weak_types(storage)
    _uba.resolve_neutral_types(storage, False)
    _uba.resolve_implicit_levels(storage, False)
    return [int(c["level"]) for c in storage["chars"]]


def _reorder(levels: Sequence[int]) -> list[int]:
    """UBA rule L2: reverse every run at or above each odd level, from the highest level down."""
    order = list(range(len(levels)))
    if not order:
        return order
    lowest_odd = min(levels) | 1
    for level in range(max(levels), lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return order


def _block_directions(glyphs: list[_Glyph]) -> dict[int, bool]:
    """Each block's base direction (True: right to left).

    Decided per block, not per line, and leaning on the page: a block holding any right-to-left letter on a
    mostly right-to-left page reads RTL, so a line of Latin names with one Arabic "و" stays in its paragraph's
    order. A block with no RTL letter is always left to right.
    """
    counts: dict[int, list[int]] = {}
    for g in glyphs:
        c = counts.setdefault(g.block, [0, 0])
        kind = unicodedata.bidirectional(g.chars[0])
        if kind in ("R", "AL"):
            c[0] += 1
        elif kind == "L":
            c[1] += 1
    page_rtl = sum(c[0] for c in counts.values())
    page_ltr = sum(c[1] for c in counts.values())
    return {b: rtl > 0 and (rtl >= ltr / 2 or page_rtl > page_ltr) for b, (rtl, ltr) in counts.items()}


def _logical_line(members: list[_Glyph], rtl: bool) -> list[_Glyph]:
    """Glyphs of one visual line in logical order, for a paragraph of the given base direction."""
    members = _attach_marks(members)
    if not rtl and not any(_is_rtl_char(g.chars[0]) for g in members):
        # Pure left-to-right lines: MuPDF's order is the reading order; only merge fragments left to right.
        members = sorted(members, key=lambda g: (g.box[0], g.order)) if _fragmented(members) else members
        return _fill_gaps(_drop_overprints(_drop_phantom_spaces(members)))
    visual = sorted(
        members, key=lambda g: ((g.box[0] + g.box[2]) / 2, -g.order if _is_rtl_char(g.chars[0]) else g.order)
    )
    visual = _fill_gaps(_drop_overprints(_drop_phantom_spaces(visual)))
    # One representative character per glyph: combining marks ride along with their base.
    levels = _levels("".join(g.chars[0] for g in visual), 1 if rtl else 0)
    return [visual[i] for i in _reorder(levels)]


def _drop_overprints(visual: list[_Glyph]) -> list[_Glyph]:
    """``visual`` without glyphs drawn again over themselves: producers make bold type by drawing a word twice a
    fraction of a point apart ("CCoommmmuunniittyy" for "Community"). A copy is the same character on the same
    baseline, shifted by less than a quarter of its width or a tenth of its size; MuPDF's words and poppler read it
    once too."""
    kept: list[_Glyph] = []
    for g in visual:
        width = g.box[2] - g.box[0]
        near = max(0.25 * width, 0.1 * g.size)
        copy_of = None
        if width > 0 and not g.chars.isspace():
            copy_of = next(
                (k for k in kept[-3:]
                 if k.chars == g.chars and abs(k.box[0] - g.box[0]) < near and abs(k.baseline - g.baseline) < near),
                None,
            )  # fmt: skip
        if copy_of is not None:
            copy_of.revised = True  # its copy is no longer read beside it
            continue
        kept.append(g)
    return kept


def _fill_gaps(visual: list[_Glyph]) -> list[_Glyph]:
    """``visual`` (one line, left to right) with a space wherever two glyphs stand apart by more than ``GAP`` of
    their size and no space lies between them: the words of two runs MuPDF split a baseline into."""
    out: list[_Glyph] = []
    before: _Glyph | None = None  # the last glyph that is not a mark or a space
    for g in visual:
        if g.chars.isspace():
            before = None
        elif not g.is_mark:
            # A glyph reported with no width (broken font widths) says nothing of where its word ends.
            if (
                before is not None and g.box[0] - before.box[2] > GAP * max(before.size, g.size, 1.0)
                and min(g.box[2] - g.box[0], before.box[2] - before.box[0]) >= 0.1
            ):  # fmt: skip
                out.append(_gap_space(before, g))
            before = g
        out.append(g)
    return out


def _gap_space(left: _Glyph, right: _Glyph) -> _Glyph:
    """The space read from the gap between ``left`` and ``right``, drawn in that gap."""
    y0, y1 = min(left.box[1], right.box[1]), max(left.box[3], right.box[3])
    box = (left.box[2], y0, right.box[0], y1)
    page = None
    if left.matrix is not None:
        r = pymupdf.Rect(box) * ~left.matrix
        r.normalize()
        page = (r.x0, r.y0, r.x1, r.y1)
    return _Glyph(
        " ", box, left.order, left.baseline, left.block, size=left.size, page=page, frame=left.frame,
        matrix=left.matrix, revised=True,
    )  # fmt: skip


def _fragmented(members: list[_Glyph]) -> bool:
    xs = [g.box[0] for g in members if not g.chars.isspace()]
    return any(b < a - 1.0 for a, b in itertools.pairwise(xs))


_AREA_BLOCKS = 1_000_000  # block numbers of a condensed sheet's second transcript page start here, and so on


def _signature(members: list[_Glyph]) -> str:
    """A line's ``running_heads.signature``, from its glyphs left to right: the same whether the line was read with
    its page (``extract_page_text``) or with its band alone (``running_heads``)."""
    return heads_.signature("".join(g.chars for g in sorted(members, key=lambda g: g.box[0]) if not g.is_mark))


def _band_line(members: list[_Glyph], height: float) -> heads_.Head | None:
    """A line in a page's top or bottom band (``running_heads.BAND``) as a running line would be kept: its
    signature and the middle of its height; None for a line of the body."""
    y0, y1 = min(g.on_page[1] for g in members), max(g.on_page[3] for g in members)
    return (_signature(members), (y0 + y1) / 2) if heads_.in_band(y0, y1, height) else None


def _band_lines(page: pymupdf.Page) -> list[heads_.Head]:
    """The lines in a page's top and bottom bands, read from those bands alone."""
    if page.rotation:
        return []  # bands are along the unrotated page's top and foot: a turned page's header is not in them
    w, h = page.rect.width, page.rect.height
    found = []
    for clip in (pymupdf.Rect(0, 0, w, heads_.BAND * h), pymupdf.Rect(0, (1 - heads_.BAND) * h, w, h)):
        for members in _group_lines(_glyphs(page.get_text("rawdict", flags=TEXT_FLAGS, clip=clip))):
            if (line := _band_line(members, h)) is not None:
                found.append(line)
    return found


def running_heads(doc: pymupdf.Document) -> list[heads_.Head]:
    """A document's running headers and footers (see ``running_heads``): lines at one height in the bands of most of
    up to ``running_heads.SAMPLE`` of its pages. 1-5 ms a page looked at."""
    return heads_.repeated([_band_lines(doc[i]) for i in heads_.sample(doc.page_count)])


def extract_page_text(page: pymupdf.Page, heads: frozenset[heads_.Head] = frozenset()) -> PageText:
    """Build the logical-order text of ``page``; ``heads``: the document's running headers and footers (signature,
    height), left out of it (``running_heads``)."""
    raw = page.get_text("rawdict", flags=TEXT_FLAGS)
    glyphs = _glyphs(raw, page.rotation_matrix)
    numbers = numbering(page, raw)
    if numbers is not None:
        placed = [(g, numbers.place(g.on_page)) for g in glyphs]
        glyphs = [g for g, k in placed if k is not None]
        if len(numbers.columns) > 1:
            # A condensed transcript: each of its pages on the sheet is read whole, in the transcript's order, and
            # no line joins a left page's words to a right page's on the same baseline.
            for g, k in placed:
                g.block += _AREA_BLOCKS * (k or 0)
            glyphs.sort(key=lambda g: g.block // _AREA_BLOCKS)
    block_rtl = _block_directions(glyphs)
    lines = [(members, block_rtl[members[0].block]) for members in _group_lines(glyphs)]
    rect = page.rect
    method = EXTRACTION_METHOD if numbers is None else LINED_METHOD
    if heads and numbers is None and not page.rotation:
        kept = [
            (members, rtl) for members, rtl in lines
            if (line := _band_line(members, rect.height)) is None or not heads_.is_running(*line, heads)
        ]  # fmt: skip
        if len(kept) < len(lines):
            lines, method = kept, HEADS_METHOD
    return _assemble(page.number, lines, rect.width, rect.height, page.rotation, method=method)


def ocr_page_text(page: OcrPage, width: float, height: float, rotation: int, engine: str) -> PageText:
    """The logical-order text of a page read by OCR: the same model as a text layer gives.

    Tesseract's lines are kept as they are (it found them in the upright image); each word's box is shared out
    among its characters in visual order, so that ``_logical_line`` orders a line from positions exactly as it
    does MuPDF's glyphs. Boxes then go to unrotated PDF space, where highlights are drawn.
    """
    glyphs: list[_Glyph] = []
    members_of: list[list[_Glyph]] = []
    doubtful: list[Box] = []
    to_pdf = pymupdf.Matrix(page.matrix)
    for line in page.lines:
        members: list[_Glyph] = []
        bottom = max(w[4] for w in line.words)
        before: Box | None = None  # the previous word's box
        for text, x0, y0, x1, y1, conf in line.words:
            if before is not None:
                # The space between two words, drawn in the gap between them (whichever side the next word is).
                left, right = sorted((before, (x0, y0, x1, y1)), key=lambda b: b[0] + b[2])
                gap_x0, gap_x1 = (left[2], right[0]) if right[0] > left[2] else ((left[2] + right[0]) / 2,) * 2
                members.append(_Glyph(" ", (gap_x0, y0, gap_x1, y1), len(glyphs), bottom, line.block, sure=True))
                glyphs.append(members[-1])
            word = _word_glyphs(text, (x0, y0, x1, y1), len(glyphs), bottom, line.block)
            members += word
            glyphs += word
            before = (x0, y0, x1, y1)
            if conf < DOUBTFUL:
                doubtful.append(_to_pdf((x0, y0, x1, y1), to_pdf))
        if members:
            members_of.append(members)
    block_rtl = _block_directions(glyphs)
    lines = [(members, block_rtl[members[0].block]) for members in members_of]
    return _assemble(
        page.index, lines, width, height, rotation, to_pdf=to_pdf, method=OCR_METHOD, engine=engine,
        doubtful=tuple(doubtful),
    )  # fmt: skip


def _word_glyphs(text: str, box: Box, order: int, baseline: float, block: int) -> list[_Glyph]:
    """One glyph per character cluster of an OCR word, the word's box cut into equal slices in visual order."""
    clusters: list[str] = []
    for c in text:
        if clusters and _is_mark(c):
            clusters[-1] += c
        else:
            clusters.append(c)
    if not clusters:
        return []
    rtl = any(_is_rtl_char(c[0]) for c in clusters)
    visual = _reorder(_levels("".join(c[0] for c in clusters), 1 if rtl else 0))
    x0, y0, x1, y1 = box
    step = (x1 - x0) / len(clusters)
    slot = {logical: n for n, logical in enumerate(visual)}
    return [
        _Glyph(c, (x0 + slot[i] * step, y0, x0 + (slot[i] + 1) * step, y1), order + i, baseline, block)
        for i, c in enumerate(clusters)
    ]


def _to_pdf(box: Box, matrix: pymupdf.Matrix) -> Box:
    r = pymupdf.Rect(box) * matrix
    r.normalize()
    return (r.x0, r.y0, r.x1, r.y1)


def _assemble(
    index: int,
    visual_lines: list[tuple[list[_Glyph], bool]],
    width: float,
    height: float,
    rotation: int,
    *,
    to_pdf: pymupdf.Matrix | None = None,
    method: str = EXTRACTION_METHOD,
    engine: str = MUPDF_ENGINE,
    doubtful: tuple[Box, ...] = (),
) -> PageText:
    """A page's text from its visual lines (glyphs, right-to-left or not), each line turned to logical order.
    ``to_pdf`` maps glyph boxes to unrotated PDF space when they were measured elsewhere (OCR)."""
    parts: list[str] = []
    boxes: list[Box | None] = []
    line_of: list[int] = []
    lines: list[Line] = []
    revised = False  # a glyph read in a turned frame, or a space read from a gap: the text "ea-text-1" did not give
    for members, rtl in visual_lines:
        ordered = _logical_line(members, rtl)
        # Trim and collapse whitespace: runs of spaces carry no meaning and break offsets between producers.
        start = len(parts)
        for g in ordered:
            if g.chars[0] == UNKNOWN:
                # A glyph the PDF gives no character for reads as nothing, as MuPDF's words and pdftotext read it:
                # "�" in a quote is nothing a reader can check, and no search can find it.
                revised = True
                continue
            box = g.on_page if to_pdf is None else _to_pdf(g.on_page, to_pdf)
            revised = revised or g.revised
            if g.chars.isspace():
                if len(parts) == start or parts[-1] == " ":
                    continue
                parts.append(" ")
                boxes.append(box)
                line_of.append(len(lines))
                continue
            for c in g.chars:
                parts.append(c)
                boxes.append(box)
                line_of.append(len(lines))
        while len(parts) > start and parts[-1] == " ":
            parts.pop()
            boxes.pop()
            line_of.pop()
        if len(parts) == start:
            continue
        lines.append(Line(start, len(parts), union(boxes[start:]), rtl))
        parts.append("\n")
        boxes.append(None)
        line_of.append(len(lines) - 1)
    if parts:  # no line break after the last line
        parts.pop()
        boxes.pop()
        line_of.pop()
    if revised and method.startswith(REVISED[0]):
        method = REVISED[1] + method[len(REVISED[0]) :]
    return PageText(
        index=index,
        text="".join(parts),
        boxes=tuple(boxes),
        lines=tuple(lines),
        width=width,
        height=height,
        rotation=rotation,
        _line_of=tuple(line_of),
        method=method,
        engine=engine,
        doubtful=doubtful,
    )


class DocumentText:
    """Lazily extracted, cached page texts of one open document.

    MuPDF ties a TextPage to its Page, so we cache our own immutable ``PageText`` instead (strings and tuples,
    far smaller than 2,000 live TextPages). ``keep`` bounds the cache to the pages used last (a one-off pass over a
    100,000-page exhibit held 1.2 GB); without it every page read stays (a search index reads them again and again).
    """

    def __init__(
        self, doc: pymupdf.Document, ocr: OcrFile | None = None, keep: int | None = None,
        heads: frozenset[heads_.Head] = frozenset(),
    ) -> None:  # fmt: skip
        self.doc = doc
        self.ocr = ocr  # words read from scanned pages (``ocr.OcrStore``), used where the page has no text
        self.keep = keep
        self.heads = heads  # the running headers and footers left out of the text (``Exhibit.heads_left_out``)
        self._pages: OrderedDict[int, PageText] = OrderedDict()
        self._folded: OrderedDict[tuple[int, bool], Folded] = OrderedDict()

    @property
    def page_count(self) -> int:
        return int(self.doc.page_count)

    def page(self, index: int) -> PageText:
        cached = self._pages.get(index)
        if cached is None:
            page = self.doc[index]
            cached = extract_page_text(page, self.heads)
            read = self.ocr.pages.get(index) if self.ocr is not None else None
            if self.ocr is not None and read is not None and not cached.has_text:
                cached = ocr_page_text(read, cached.width, cached.height, cached.rotation, self.ocr.engine)
            self._pages[index] = cached
            if self.keep is not None and len(self._pages) > self.keep:
                self._pages.popitem(last=False)
        elif self.keep is not None:
            self._pages.move_to_end(index)
        return cached

    def pages(self, order: Sequence[int] | None = None) -> Iterator[PageText]:
        for i in order if order is not None else range(self.page_count):
            yield self.page(i)

    def folded(self, index: int, *, ignore_case: bool = False) -> Folded:
        """The page's text folded for matching (see ``normalize.fold``), cached."""
        key = (index, ignore_case)
        cached = self._folded.get(key)
        if cached is None:
            cached = fold(self.page(index).text, ignore_case=ignore_case)
            self._folded[key] = cached
            if self.keep is not None and len(self._folded) > self.keep:
                self._folded.popitem(last=False)
        return cached
