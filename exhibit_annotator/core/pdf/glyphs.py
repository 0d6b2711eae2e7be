"""The glyphs of a page and the rules that read them into visual lines, in logical order (``text`` assembles a page's
text from them, with its offsets and boxes).

A glyph is one character MuPDF placed, with its box in its line's reading frame: the page as its reader sees it
(``/Rotate`` applied), turned so that the line runs left to right. Glyphs of one block and frame that share a
baseline make a line; a line's marks join their letters, MuPDF's phantom spaces and overprinted copies go, gaps read
as spaces (``GAP``), and the Unicode Bidi Algorithm orders what is left.
"""

from __future__ import annotations

import itertools
import math
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import pymupdf
from bidi import algorithm as _uba

Box = tuple[float, float, float, float]
# Two glyphs on one line further apart than this many times their font size read as two words: MuPDF's own
# SPACE_DIST (stext-device.c), which it applies inside a line but not between the lines it splits a baseline into.
GAP = 0.15


def union(boxes: Iterable[Box | None]) -> Box:
    """The box around ``boxes`` (line breaks' None left out)."""
    known = [b for b in boxes if b is not None]
    return (min(b[0] for b in known), min(b[1] for b in known), max(b[2] for b in known), max(b[3] for b in known))


@dataclass
class Glyph:
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


def is_rtl_char(c: str) -> bool:
    return unicodedata.bidirectional(c) in ("R", "AL")


def strong(c: str) -> bool:
    return unicodedata.bidirectional(c) in ("R", "AL", "L")


def is_mark(c: str) -> bool:
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


def _reading_frame(direction: Sequence[float], rotation: pymupdf.Matrix) -> tuple[int, pymupdf.Matrix | None]:
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


def read_glyphs(raw: dict[str, object], rotation: pymupdf.Matrix | None = None) -> list[Glyph]:
    """Characters of a rawdict page, in MuPDF's order (combining marks still apart from their letters), each with
    its box in its line's reading frame (see the module's docstring); ``rotation``: the page's rotation matrix."""
    glyphs: list[Glyph] = []
    blocks = raw.get("blocks", [])
    assert isinstance(blocks, list)
    turn = rotation if rotation is not None else pymupdf.Identity
    for block_no, block in enumerate(blocks):
        if block.get("type") != 0:
            continue
        for line in block["lines"]:
            angle, matrix = _reading_frame(line["dir"], turn)
            for span in line["spans"]:
                size = float(span["size"])
                for ch in span["chars"]:
                    c = _presentation_form(ch["c"]) if ch["c"] else ""
                    if not c:
                        continue
                    x0, y0, x1, y1 = ch["bbox"]
                    if matrix is None:
                        g = Glyph(c, (x0, y0, x1, y1), len(glyphs), ch["origin"][1], block_no, is_mark(c[0]), size=size)
                    else:
                        r = pymupdf.Rect(x0, y0, x1, y1) * matrix
                        r.normalize()
                        baseline = (pymupdf.Point(ch["origin"]) * matrix).y
                        g = Glyph(
                            c, (r.x0, r.y0, r.x1, r.y1), len(glyphs), baseline, block_no, is_mark(c[0]),
                            size=size, page=(x0, y0, x1, y1), frame=angle, matrix=matrix, revised=True,
                        )  # fmt: skip
                    if c in _SPACING_ACCENTS:
                        g.chars, g.is_mark, g.spacing = _SPACING_ACCENTS[c], True, c
                    glyphs.append(g)
    return glyphs


def _under(letter: Glyph | None, mark: Glyph) -> bool:
    return letter is not None and letter.box[0] - 1 <= mark.box[2] and mark.box[0] <= letter.box[2] + 1


def attach_marks(members: list[Glyph]) -> list[Glyph]:
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
        # The letter MuPDF emitted just before (or after) the mark, if it sits _under it: keeps the producer's
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
    """A visual line being gathered by ``group_lines``."""

    baseline: float
    height: float
    top: float
    bottom: float
    members: list[Glyph]
    frame: int = 0

    def takes(self, g: Glyph, height: float) -> bool:
        if abs(self.baseline - g.baseline) <= max(2.0, 0.3 * min(self.height, height)):
            return True
        # A footnote marker or exponent: smaller, and drawn inside the line's height.
        centre = (g.box[1] + g.box[3]) / 2
        return height < 0.8 * self.height and self.top <= centre <= self.bottom


def group_lines(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Visual lines: glyphs of one block that share a baseline, with their superscripts and subscripts."""

    lines: list[list[Glyph]] = []
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
    by_block: dict[int, list[list[Glyph]]] = {}
    for members in lines:
        by_block.setdefault(members[0].block, []).append(members)
    ordered: list[list[Glyph]] = []
    for block in by_block.values():
        frames = {m[0].frame: n for n, m in reversed(list(enumerate(block)))}
        block.sort(key=lambda m: (frames[m[0].frame], m[0].baseline))
        ordered.extend(block)
    return ordered


def _drop_phantom_spaces(glyphs: list[Glyph]) -> list[Glyph]:
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


def block_directions(glyphs: list[Glyph]) -> dict[int, bool]:
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


def logical_line(members: list[Glyph], rtl: bool) -> list[Glyph]:
    """Glyphs of one visual line in logical order, for a paragraph of the given base direction."""
    members = attach_marks(members)
    if not rtl and not any(is_rtl_char(g.chars[0]) for g in members):
        # Pure left-to-right lines: MuPDF's order is the reading order; only merge fragments left to right.
        members = sorted(members, key=lambda g: (g.box[0], g.order)) if _fragmented(members) else members
        return _fill_gaps(_drop_overprints(_drop_phantom_spaces(members)))
    visual = sorted(
        members, key=lambda g: ((g.box[0] + g.box[2]) / 2, -g.order if is_rtl_char(g.chars[0]) else g.order)
    )
    visual = _fill_gaps(_drop_overprints(_drop_phantom_spaces(visual)))
    # One representative character per glyph: combining marks ride along with their base.
    levels = _levels("".join(g.chars[0] for g in visual), 1 if rtl else 0)
    return [visual[i] for i in _reorder(levels)]


def _drop_overprints(visual: list[Glyph]) -> list[Glyph]:
    """``visual`` without glyphs drawn again over themselves: producers make bold type by drawing a word twice a
    fraction of a point apart ("CCoommmmuunniittyy" for "Community"). A copy is the same character on the same
    baseline, shifted by less than a quarter of its width or a tenth of its size; MuPDF's words and poppler read it
    once too."""
    kept: list[Glyph] = []
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


def _fill_gaps(visual: list[Glyph]) -> list[Glyph]:
    """``visual`` (one line, left to right) with a space wherever two glyphs stand apart by more than ``GAP`` of
    their size and no space lies between them: the words of two runs MuPDF split a baseline into."""
    out: list[Glyph] = []
    before: Glyph | None = None  # the last glyph that is not a mark or a space
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


def _gap_space(left: Glyph, right: Glyph) -> Glyph:
    """The space read from the gap between ``left`` and ``right``, drawn in that gap."""
    y0, y1 = min(left.box[1], right.box[1]), max(left.box[3], right.box[3])
    box = (left.box[2], y0, right.box[0], y1)
    page = None
    if left.matrix is not None:
        r = pymupdf.Rect(box) * ~left.matrix
        r.normalize()
        page = (r.x0, r.y0, r.x1, r.y1)
    return Glyph(
        " ", box, left.order, left.baseline, left.block, size=left.size, page=page, frame=left.frame,
        matrix=left.matrix, revised=True,
    )  # fmt: skip


def _fragmented(members: list[Glyph]) -> bool:
    xs = [g.box[0] for g in members if not g.chars.isspace()]
    return any(b < a - 1.0 for a, b in itertools.pairwise(xs))


def word_glyphs(text: str, box: Box, order: int, baseline: float, block: int) -> list[Glyph]:
    """One glyph per character cluster of an OCR word, the word's box cut into equal slices in visual order."""
    clusters: list[str] = []
    for c in text:
        if clusters and is_mark(c):
            clusters[-1] += c
        else:
            clusters.append(c)
    if not clusters:
        return []
    rtl = any(is_rtl_char(c[0]) for c in clusters)
    visual = _reorder(_levels("".join(c[0] for c in clusters), 1 if rtl else 0))
    x0, y0, x1, y1 = box
    step = (x1 - x0) / len(clusters)
    slot = {logical: n for n, logical in enumerate(visual)}
    return [
        Glyph(c, (x0 + slot[i] * step, y0, x0 + (slot[i] + 1) * step, y1), order + i, baseline, block)
        for i, c in enumerate(clusters)
    ]
