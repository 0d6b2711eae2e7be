"""Stamps on a page where the page has room: Bates numbers, confidentiality legends, exhibit stickers.

A stamp never covers what the page shows. Every candidate box is checked against the boxes MuPDF reports for each
thing the page paints (``get_bboxlog``: text, including invisible OCR text, paths, images) and the page's
annotations; a box that covers much of the page (a scan, a background) cannot tell where its ink is, so there the
candidate is rendered and must be blank. The search moves the stamp along its margin band, then to the other
bands, then shrinks it; a page with no blank margin anywhere gets a band added below what the reader sees (the
page grows; nothing on it moves or is covered).

All boxes here are in the page's unrotated space (as MuPDF reports them); positions are named as the reader sees
the page, so "bottom-right" is the bottom right of a rotated page too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cache

import pymupdf


class Position(StrEnum):
    bottom_right = "bottom-right"
    bottom_center = "bottom-center"
    bottom_left = "bottom-left"
    top_right = "top-right"
    top_center = "top-center"
    top_left = "top-left"

    @property
    def bottom(self) -> bool:
        return self.value.startswith("bottom")

    @property
    def side(self) -> str:
        return self.value.split("-")[1]


# Where to look next when a place is taken: the same band first, then the opposite band, the same side first.
def _order(preferred: Position) -> list[Position]:
    rank = {"right": {"right": 0, "center": 1, "left": 2}, "left": {"left": 0, "center": 1, "right": 2},
            "center": {"center": 0, "right": 1, "left": 2}}[preferred.side]  # fmt: skip
    return sorted(Position, key=lambda p: (p != preferred, p.bottom != preferred.bottom, rank[p.side]))


EDGE_INSETS = (18.0, 12.0, 6.0)  # distance from the page's edge, in points (a quarter inch first)
GAP = 2.0  # clear space kept between a stamp and the nearest ink
SMALLEST = 6.0  # points: the smallest size a stamp is shrunk to before it moves elsewhere
LARGE = 0.2  # a painted box over this share of the page is a scan or a background: look at its pixels instead


@dataclass(frozen=True)
class Style:
    size: float = 10.0
    bold: bool = False
    colour: tuple[float, float, float] = (0.0, 0.0, 0.0)
    boxed: bool = False  # a sticker: white box with a border

    @property
    def pad(self) -> float:
        """Space between a sticker's border and its text."""
        return 6.0 if self.boxed else 0.0


@dataclass(frozen=True)
class Placement:
    page: int
    lines: tuple[str, ...]
    rect: tuple[float, float, float, float]  # unrotated page space, like every other box the core stores
    position: Position
    size: float
    moved: bool  # not where it was asked for
    added_band: float = 0.0  # points added below the page because no margin was blank
    skipped: bool = False  # the page is too small for the stamp even at its smallest: nothing was drawn

    def describe(self) -> str:
        if self.skipped:
            return f"page {self.page + 1}: too small for {' / '.join(self.lines)}; not stamped"
        where = self.position.value + (f", {self.size:g} pt" if self.moved else "")
        if self.added_band:
            where += f"; no blank margin, so the page was extended by {self.added_band:g} pt"
        return f"page {self.page + 1}: {' / '.join(self.lines)} at {where}"


class _Font:
    """Helvetica (never embedded, in every reader) when the text fits its encoding; otherwise Noto Sans, embedded
    (Cyrillic or accented prefixes, legends in any language)."""

    def __init__(self, bold: bool, texts: tuple[str, ...]) -> None:
        latin = all(_latin(t) for t in texts)
        self.name = ("hebo" if bold else "helv") if latin else ("EA-NotoBold" if bold else "EA-Noto")
        self.buffer = None if latin else _noto(bold).buffer
        self.metrics = _font(self.name) if latin else _noto(bold)

    def width(self, text: str, size: float) -> float:
        return float(self.metrics.text_length(text, fontsize=size))


@cache
def _noto(bold: bool) -> pymupdf.Font:
    return _font("notosbo" if bold else "notos")


@cache
def _font(name: str) -> pymupdf.Font:
    return pymupdf.Font(name)  # loaded once: every stamp of every page measures its text with it


def _latin(text: str) -> bool:
    """Whether PyMuPDF can write ``text`` in a base-14 font: Latin-1 only (an en dash came out as "·")."""
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


class Stamper:
    """Places stamps on one page; each placed stamp is taken into account by the next."""

    def __init__(self, page: pymupdf.Page) -> None:
        self.page = page
        self._read()

    def _read(self) -> None:
        page = self.page
        self.area = page.rect * page.derotation_matrix  # the visible area (cropbox), unrotated
        limit = abs(self.area) * LARGE
        self.boxes: list[pymupdf.Rect] = []
        self.large: list[pymupdf.Rect] = []
        self._pixmap: pymupdf.Pixmap | None = None  # the page at 48 dpi, rendered when a candidate needs it
        for _kind, bbox in page.get_bboxlog():
            r = pymupdf.Rect(bbox) & self.area
            if r.is_empty:
                if r.width > 0 or r.height > 0:  # a hairline still shows
                    self.boxes.append(pymupdf.Rect(bbox))
                continue
            (self.large if abs(r) > limit else self.boxes).append(r)
        for annot in page.annots():
            self.boxes.append(annot.rect * page.derotation_matrix)
        for link in page.get_links():
            self.boxes.append(pymupdf.Rect(link["from"]) * page.derotation_matrix)

    def put(
        self, lines: list[str], preferred: Position, style: Style | None = None, *, extended: bool = False
    ) -> Placement:
        """Stamp ``lines`` (one under the other, aligned to their side) where the page is blank; on a page with no
        blank margin, below it (the page grown once); on a page too small for it at its smallest size (a 4-point
        page some converters write), nowhere, and the placement says so."""
        style = style or Style()
        texts = tuple(line for line in lines if line)
        font = _Font(style.bold, texts)
        bands = self._bands(style.size * 1.25 * len(texts) + 12.0)
        # Only what lies in the margin bands can collide: a full page has thousands of boxes, a band a few.
        near = [b for b in self.boxes if any(_touches(b, band) for band in bands)]
        placement = self._search(texts, font, preferred, style, near)
        if placement is not None:
            self.boxes.append(pymupdf.Rect(placement.rect))
            return placement
        smallest = max(font.width(t, SMALLEST) for t in texts) + 2 * style.pad
        if extended or smallest > self.page.rect.width - 2 * EDGE_INSETS[-1]:  # growing the page would not help
            return Placement(self.page.number or 0, texts, (0.0, 0.0, 0.0, 0.0), preferred, 0.0, True, skipped=True)
        band = self._extend_page(style.size * 1.3 * len(texts) + 2 * EDGE_INSETS[0])
        placement = self.put(lines, preferred if preferred.bottom else Position.bottom_right, style, extended=True)
        return replace(placement, moved=True, added_band=0.0 if placement.skipped else band)

    def _search(
        self, texts: tuple[str, ...], font: _Font, preferred: Position, style: Style, near: list[pymupdf.Rect]
    ) -> Placement | None:
        for size in (style.size, style.size * 0.8, max(SMALLEST, style.size * 0.6)):
            for position in _order(preferred):
                for rect in self._candidates(texts, font, size, position, style):
                    if self._blank(rect, near):
                        moved = position != preferred or size != style.size
                        return self._draw(texts, font, size, style, rect, position, moved)
        return None

    def _bands(self, height: float) -> list[pymupdf.Rect]:
        """The top and bottom bands of the visible page that candidates can reach, unrotated."""
        visible = self.page.rect
        depth = EDGE_INSETS[0] + 6.0 * 10 + height + GAP
        top = pymupdf.Rect(visible.x0, visible.y0, visible.x1, visible.y0 + depth)
        bottom = pymupdf.Rect(visible.x0, visible.y1 - depth, visible.x1, visible.y1)
        return [(band * self.page.derotation_matrix).normalize() for band in (top, bottom)]

    def _candidates(
        self, texts: tuple[str, ...], font: _Font, size: float, position: Position, style: Style
    ) -> Iterator[pymupdf.Rect]:
        """Boxes for the stamp at ``position``, nearest the corner first, unrotated."""
        pad = style.pad
        width = max(font.width(t, size) for t in texts) + 2 * pad
        height = size * 1.25 * len(texts) + 2 * pad
        visible = self.page.rect
        if width > visible.width - 2 * EDGE_INSETS[-1] or height > visible.height / 4:
            return
        step = 9.0
        # From the edge: a quarter inch, nearer, then on into the page (up to an inch) between the lines of a full page.
        insets = [EDGE_INSETS[0], *EDGE_INSETS[1:], *(EDGE_INSETS[0] + 6.0 * k for k in range(1, 10))]
        reach = int((visible.width / 2 - width / 2) / step) + 1
        for inset in insets:
            y0 = visible.y1 - inset - height if position.bottom else visible.y0 + inset
            if position.side == "center":
                middle = (visible.x0 + visible.x1 - width) / 2
                xs = [middle] + [middle + s * k * step for k in range(1, reach) for s in (1, -1)]
            elif position.side == "right":
                xs = [visible.x1 - inset - width - k * step for k in range(reach)]
            else:
                xs = [visible.x0 + inset + k * step for k in range(reach)]
            for x0 in xs:
                if x0 < visible.x0 + EDGE_INSETS[-1] or x0 + width > visible.x1 - EDGE_INSETS[-1]:
                    continue
                yield (pymupdf.Rect(x0, y0, x0 + width, y0 + height) * self.page.derotation_matrix).normalize()

    def _blank(self, rect: pymupdf.Rect, near: list[pymupdf.Rect]) -> bool:
        clear = pymupdf.Rect(rect.x0 - GAP, rect.y0 - GAP, rect.x1 + GAP, rect.y1 + GAP)
        if not self.area.contains(rect):
            return False
        if any(_touches(clear, b) for b in near):
            return False
        if any(clear.intersects(b) for b in self.large):
            return self._no_ink(clear)
        return True

    def _no_ink(self, rect: pymupdf.Rect) -> bool:
        """Whether ``rect`` renders blank: paper white, allowing scanner speckle (0.2% of pixels). The page is
        rendered once, at 48 dpi, for all the candidates tried on it."""
        if self._pixmap is None:
            self._pixmap = self.page.get_pixmap(dpi=48, colorspace=pymupdf.csGRAY, annots=True)
        pix, scale = self._pixmap, 48 / 72
        visible = (rect * self.page.rotation_matrix).normalize()
        x0, x1 = max(0, int(visible.x0 * scale)), min(pix.width, int(visible.x1 * scale) + 1)
        y0, y1 = max(0, int(visible.y0 * scale)), min(pix.height, int(visible.y1 * scale) + 1)
        if x1 <= x0 or y1 <= y0:
            return False
        samples: bytes = pix.samples
        stride: int = pix.stride
        dark: int = sum(samples[y * stride + x0 : y * stride + x1].translate(_DARK).count(1) for y in range(y0, y1))
        return bool(dark <= (x1 - x0) * (y1 - y0) * 0.002)

    # -- drawing

    def _draw(
        self, texts: tuple[str, ...], font: _Font, size: float, style: Style, rect: pymupdf.Rect, position: Position,
        moved: bool,
    ) -> Placement:  # fmt: skip
        page = self.page
        visible = rect * page.rotation_matrix
        visible.normalize()
        if style.boxed:
            shape = page.new_shape()
            shape.draw_rect(rect)
            shape.finish(color=style.colour, fill=(1, 1, 1), width=1.2)
            shape.commit()
        pad = style.pad
        if font.buffer is not None:
            page.insert_font(fontname=font.name, fontbuffer=font.buffer)
        for i, text in enumerate(texts):
            width = font.width(text, size)
            if position.side == "right":
                x = visible.x1 - pad - width
            elif position.side == "left":
                x = visible.x0 + pad
            else:
                x = (visible.x0 + visible.x1 - width) / 2
            baseline = pymupdf.Point(x, visible.y0 + pad + size * (1.25 * i + 0.95))
            page.insert_text(
                baseline * page.derotation_matrix, text, fontsize=size, fontname=font.name, color=style.colour,
                rotate=page.rotation,
            )  # fmt: skip
        return Placement(page.number or 0, texts, (rect.x0, rect.y0, rect.x1, rect.y1), position, size, moved)

    def _extend_page(self, band: float) -> float:
        """Add ``band`` points below what the reader sees, by growing the page's boxes on that edge."""
        page = self.page
        # Which edge of the unrotated page the reader sees at the bottom.
        bottom_mid = pymupdf.Point((page.rect.x0 + page.rect.x1) / 2, page.rect.y1) * page.derotation_matrix
        box = page.cropbox  # top-left based, like every PyMuPDF rectangle
        media = page.mediabox
        grow = {
            "bottom": (0, 0, 0, band), "top": (0, -band, 0, 0), "left": (-band, 0, 0, 0), "right": (0, 0, band, 0),
        }  # fmt: skip
        edges = {
            "bottom": abs(bottom_mid.y - box.y1), "top": abs(bottom_mid.y - box.y0),
            "left": abs(bottom_mid.x - box.x0), "right": abs(bottom_mid.x - box.x1),
        }  # fmt: skip
        edge = min(edges, key=lambda e: edges[e])
        dx0, dy0, dx1, dy1 = grow[edge]
        # mediabox is in PDF space (y up): growing the visible bottom lowers its y0, growing the top raises y1.
        new_media = pymupdf.Rect(media.x0 + dx0, media.y0 - dy1, media.x1 + dx1, media.y1 - dy0)
        doc = page.parent
        kind, value = doc.xref_get_key(page.xref, "CropBox")
        if kind == "array":
            crop = pymupdf.Rect([float(v) for v in value.strip("[]").split()])
        else:  # no own /CropBox: the visible area flipped into PDF space
            crop = pymupdf.Rect(box.x0, media.y1 - box.y1, box.x1, media.y1 - box.y0)
        new_crop = pymupdf.Rect(crop.x0 + dx0, crop.y0 - dy1, crop.x1 + dx1, crop.y1 - dy0)
        doc.xref_set_key(page.xref, "MediaBox", _pdf_array(new_media | pymupdf.Rect(new_crop)))
        doc.xref_set_key(page.xref, "CropBox", _pdf_array(new_crop))
        self.page = doc[page.number or 0]
        self._read()
        return band


def bates(stamper: Stamper, number: str, position: Position) -> Placement:
    return stamper.put([number], position, Style(size=10))


def legend(stamper: Stamper, designation: str, bates_position: Position) -> Placement:
    """A confidentiality legend, in capitals, on the other side of the bottom band from the Bates number."""
    side = Position.bottom_left if bates_position.side != "left" else Position.bottom_right
    return stamper.put([designation.upper()], side, Style(size=9, bold=True))


def sticker(stamper: Stamper, label: str, case_number: str = "") -> Placement:
    """An exhibit sticker ("EXHIBIT 3", the case number under it if given), top right where that is blank."""
    lines = [label.upper().replace("EX. ", "EXHIBIT ")] + ([f"Case No. {case_number}"] if case_number else [])
    return stamper.put(lines, Position.top_right, Style(size=12, bold=True, colour=(0.6, 0, 0), boxed=True))


def _pdf_array(r: pymupdf.Rect) -> str:
    return f"[{r.x0:g} {r.y0:g} {r.x1:g} {r.y1:g}]"


def _touches(a: pymupdf.Rect, b: pymupdf.Rect) -> bool:
    return a.x0 <= b.x1 and b.x0 <= a.x1 and a.y0 <= b.y1 and b.y0 <= a.y1


_DARK = bytes(1 if v < 200 else 0 for v in range(256))  # grey levels that count as ink
