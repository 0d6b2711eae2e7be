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
measure (``glyphs.GAP``). The glyph-level rules live in ``glyphs``; this module assembles a page's text from them.

Offsets into ``PageText.text`` are code-point offsets and are what annotations store; change the way text is
built only together with ``EXTRACTION_METHOD``.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import pymupdf

from ..normalize import Folded, fold
from . import running_heads as heads_
from .glyphs import (
    Box,
    Glyph,
    block_directions,
    group_lines,
    is_rtl_char,
    logical_line,
    read_glyphs,
    strong,
    union,
    word_glyphs,
)
from .line_numbers import numbering
from .ocr_pages import OcrFile, OcrPage

# Stored with every annotation: offsets are only comparable between identical extraction methods.
EXTRACTION_METHOD = "ea-text-1"
# A page on which reading frames, gap spaces, overprints, joined accents or unknown glyphs (``glyphs.Glyph.revised``)
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
        both = {is_rtl_char(self.text[i]) for i in range(line.start, line.end) if strong(self.text[i])}
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


_AREA_BLOCKS = 1_000_000  # block numbers of a condensed sheet's second transcript page start here, and so on


def _signature(members: list[Glyph]) -> str:
    """A line's ``running_heads.signature``, from its glyphs left to right: the same whether the line was read with
    its page (``extract_page_text``) or with its band alone (``running_heads``)."""
    return heads_.signature("".join(g.chars for g in sorted(members, key=lambda g: g.box[0]) if not g.is_mark))


def _band_line(members: list[Glyph], height: float) -> heads_.Head | None:
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
        for members in group_lines(read_glyphs(page.get_text("rawdict", flags=TEXT_FLAGS, clip=clip))):
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
    glyphs = read_glyphs(raw, page.rotation_matrix)
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
    block_rtl = block_directions(glyphs)
    lines = [(members, block_rtl[members[0].block]) for members in group_lines(glyphs)]
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
    glyphs: list[Glyph] = []
    members_of: list[list[Glyph]] = []
    doubtful: list[Box] = []
    to_pdf = pymupdf.Matrix(page.matrix)
    for line in page.lines:
        members: list[Glyph] = []
        bottom = max(w[4] for w in line.words)
        before: Box | None = None  # the previous word's box
        for text, x0, y0, x1, y1, conf in line.words:
            if before is not None:
                # The space between two words, drawn in the gap between them (whichever side the next word is).
                left, right = sorted((before, (x0, y0, x1, y1)), key=lambda b: b[0] + b[2])
                gap_x0, gap_x1 = (left[2], right[0]) if right[0] > left[2] else ((left[2] + right[0]) / 2,) * 2
                members.append(Glyph(" ", (gap_x0, y0, gap_x1, y1), len(glyphs), bottom, line.block, sure=True))
                glyphs.append(members[-1])
            word = word_glyphs(text, (x0, y0, x1, y1), len(glyphs), bottom, line.block)
            members += word
            glyphs += word
            before = (x0, y0, x1, y1)
            if conf < DOUBTFUL:
                doubtful.append(_to_pdf((x0, y0, x1, y1), to_pdf))
        if members:
            members_of.append(members)
    block_rtl = block_directions(glyphs)
    lines = [(members, block_rtl[members[0].block]) for members in members_of]
    return _assemble(
        page.index, lines, width, height, rotation, to_pdf=to_pdf, method=OCR_METHOD, engine=engine,
        doubtful=tuple(doubtful),
    )  # fmt: skip


def _to_pdf(box: Box, matrix: pymupdf.Matrix) -> Box:
    r = pymupdf.Rect(box) * matrix
    r.normalize()
    return (r.x0, r.y0, r.x1, r.y1)


def _assemble(
    index: int,
    visual_lines: list[tuple[list[Glyph], bool]],
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
        ordered = logical_line(members, rtl)
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
