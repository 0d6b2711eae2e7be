"""Bad redactions: text that a box hides from the eye but not from copy, search or a text extractor.

The method is Free Law Project's ``x-ray`` (its test PDFs are in tests/data/redactions): opaque filled rectangles
big enough to hide a word, the characters painted *before* them (MuPDF's sequence numbers; text painted after a
box is on top of it, so visible) or in the box's own colour, most of each character covered; then the box is
rendered and must be one flat colour (anything visible on it means it hides nothing). Beyond x-ray: annotations
that hide text (an opaque dark highlight or filled square, drawn over the page by every viewer) and redaction
annotations never applied (the text under them is still in the file). ``x-ray`` itself is not used: importing it
turns off anti-aliasing for the whole process, it pulls in a network client, and it reads English only.

Cost: a page with no candidate box costs one ``get_cdrawings`` (the text is read only on pages with a box), so a
clean exhibit is checked faster than its words can be extracted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from ..model import MAX_PAGES
from .confinement import readable_path
from .exhibits import open_pdf
from .page_index import PageIndex

# The version of the rules below: a kept check is used only under the rules it was made with. Raise it when a rule
# changes what is found.
RULES = 1
MIN_SIDE = 4.0  # points: thinner boxes are rules and borders, not redactions
COVERED = 0.8  # share of a character's box a redaction must cover
# Words that a redaction box may well carry under it (a label, a stamp), as x-ray allows.
_HARMLESS = re.compile(r"\b(?:redacted|redaction|confidential|privileged|withheld|name redacted)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    page: int  # 0-based
    rect: tuple[float, float, float, float]  # the box, unrotated page space
    text: str  # what can be read under it
    kind: str  # "box", "highlight", "square" or "unapplied redaction"

    def describe(self) -> str:
        return f"page {self.page + 1}: {self.kind} over “{self.text}”"


@dataclass
class Report:
    path: Path
    pages: int
    findings: list[Finding] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "file": str(self.path),
            "pages": self.pages,
            "bad_redactions": [
                {"page": f.page + 1, "rect": [round(v, 2) for v in f.rect], "kind": f.kind, "text": f.text}
                for f in self.findings
            ],
        }


@dataclass(frozen=True)
class _Box:
    rect: pymupdf.Rect
    seqno: float  # annotations are painted after all page content
    fill: tuple[float, ...]
    kind: str
    flat: bool = True  # must render as one colour to count (not so for an unapplied redaction)
    simple: bool = False  # the drawing is this one rectangle, filled plainly (no holes by a winding rule)
    drawn: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # the whole drawing's box


_TEXT = ("fill-text", "stroke-text", "ignore-text", "clip-text", "clip-stroke-text")
Chars = list[tuple[tuple[float, float, float, float], str]]


def check_page(page: pymupdf.Page) -> list[Finding]:
    boxes = list(_boxes(page))
    if not boxes:
        return []
    # MuPDF's box log lists what the page paints in order (its index is the sequence number), cheaper than tracing
    # every character: most boxes are settled from it, and only their own area's characters read.
    log = page.get_bboxlog()
    hidden: dict[int, Chars] = {}
    traced, clear = [], set()
    for i, box in enumerate(boxes):
        verdict = _from_log(log, box)
        if verdict is None:
            traced.append(i)
        elif verdict:
            chars = _chars_under(page, box.rect)
            if chars:
                hidden[i] = chars
                clear.add(i)  # nothing is painted on it, and it is one plain rectangle: it renders flat
    if traced:
        hidden.update(_traced(page, boxes, traced))
    findings = []
    for i, chars in sorted(hidden.items()):
        box = boxes[i]
        text = _words(chars)
        if not _readable(text) or (box.flat and i not in clear and not _flat(page, box.rect)):
            continue
        findings.append(Finding(page.number or 0, (box.rect.x0, box.rect.y0, box.rect.x1, box.rect.y1), text, box.kind))
    return findings


def _from_log(log: list[tuple[str, tuple[float, float, float, float]]], box: _Box) -> bool | None:
    """Whether text lies under ``box`` (painted before it), from the box log; None when the log cannot tell (the
    box is clipped, has holes, or something is painted on top of it): then every character is traced."""
    r = box.rect
    if box.seqno == float("inf") or not box.simple:
        return None
    s = int(box.seqno)
    if (
        s >= len(log)
        or log[s][0] != "fill-path"
        or any(abs(a - b) > 0.5 for a, b in zip(log[s][1], box.drawn, strict=True))
    ):
        return None  # clipped (the log's box is what was painted) or not the entry expected
    for _kind, (x0, y0, x1, y1) in log[s + 1 :]:
        if x0 < r.x1 and r.x0 < x1 and y0 < r.y1 and r.y0 < y1:
            return None
    return any(
        kind in _TEXT and x0 < r.x1 and r.x0 < x1 and y0 < r.y1 and r.y0 < y1 for kind, (x0, y0, x1, y1) in log[:s]
    )


def _chars_under(page: pymupdf.Page, rect: pymupdf.Rect) -> Chars:
    """The characters under ``rect`` (most of each covered), in reading order."""
    chars: Chars = []
    clip = pymupdf.Rect(rect.x0 - 3, rect.y0 - 3, rect.x1 + 3, rect.y1 + 3)
    for block in page.get_text("rawdict", clip=clip, flags=pymupdf.TEXT_PRESERVE_WHITESPACE)["blocks"]:
        for line in block.get("lines", ()):
            for span in line["spans"]:
                for char in span["chars"]:
                    if _covered(char["bbox"], (rect.x0, rect.y0, rect.x1, rect.y1)):
                        chars.append((char["bbox"], char["c"]))
    return chars


def _covered(c: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    cx0, cy0, cx1, cy1 = c
    bx0, by0, bx1, by1 = b
    area = (cx1 - cx0) * (cy1 - cy0)
    if area <= 0 or cx1 <= bx0 or cx0 >= bx1 or cy1 <= by0 or cy0 >= by1:
        return False
    return (min(cx1, bx1) - max(cx0, bx0)) * (min(cy1, by1) - max(cy0, by0)) >= COVERED * area


def _traced(page: pymupdf.Page, boxes: list[_Box], which: list[int]) -> dict[int, Chars]:
    """Every character's paint order (x-ray's way), for boxes the log could not settle."""
    hidden: dict[int, Chars] = {}
    areas = sorted(which, key=lambda i: -boxes[i].seqno)  # topmost first: the box a character is reported under
    for span in page.get_texttrace():
        sx0, sy0, sx1, sy1 = span["bbox"]
        over = [
            (i, (boxes[i].rect.x0, boxes[i].rect.y0, boxes[i].rect.x1, boxes[i].rect.y1)) for i in areas
            if boxes[i].rect.x0 < sx1 and sx0 < boxes[i].rect.x1 and boxes[i].rect.y0 < sy1 and sy0 < boxes[i].rect.y1
            and (boxes[i].seqno > span["seqno"] or _same(boxes[i].fill, span["color"]))
        ]  # fmt: skip
        if not over:
            continue
        for char in span["chars"]:
            for i, b in over:
                if _covered(char[3], b):
                    hidden.setdefault(i, []).append((char[3], chr(char[0])))
                    break
    return hidden


CHUNK = 25  # pages per worker job in the window: page renders queued meanwhile wait at most one chunk


def check_pages(path: Path, password: str | None, start: int, stop: int) -> tuple[int, list[Finding]]:
    """Pages ``start`` to ``stop`` (clipped to the document) of one file: (page count, findings)."""
    doc = open_pdf(path, password)
    try:
        findings = [f for n in range(start, min(stop, doc.page_count)) for f in check_page(doc[n])]
        return doc.page_count, findings
    finally:
        doc.close()


@dataclass(frozen=True)
class Checked:
    """A part of a file's check: its pages, what this part found, and the file's SHA-256 (the first part); ``kept``
    when the whole check was found kept from an earlier one (nothing was read)."""

    pages: int
    findings: list[Finding]
    sha256: str = ""
    kept: bool = False


def check_exhibit_pages(
    project_path: Path, label: str, stored: str, password: str | None, start: int, stop: int
) -> Checked:
    """``check_pages`` of the file of the exhibit ``label`` (``stored``: its path in the project file), if it is
    there and may be read (``OutsideProject`` if not). Strings, not the exhibit: a job is pickled on the GUI
    thread. The first part looks for a check of the same file (by SHA-256) under the same rules kept from an
    earlier launch: then it is the whole answer, and no page is read."""
    path = readable_path(project_path, label, stored)
    if start == 0:
        index = PageIndex()
        try:
            sha256 = index.hash_of(path)
            kept = index.kept_check(sha256, RULES)
        finally:
            index.close()
        if kept is not None:
            pages, findings = kept
            return Checked(pages, _findings(findings), sha256, kept=True)
        return Checked(*check_pages(path, password, start, stop), sha256=sha256)
    return Checked(*check_pages(path, password, start, stop))


def keep_check(sha256: str, pages: int, findings: list[Finding]) -> None:
    """Keep a finished check of the file with ``sha256`` for later launches (a worker job: SQLite is written there)."""
    index = PageIndex()
    try:
        rows = [{"page": f.page, "rect": list(f.rect), "text": f.text, "kind": f.kind} for f in findings]
        index.keep_check(sha256, RULES, pages, json.dumps(rows, ensure_ascii=False))
    finally:
        index.close()


def _findings(text: str) -> list[Finding]:
    return [Finding(r["page"], tuple(r["rect"]), r["text"], r["kind"]) for r in json.loads(text)]


def check_file(path: Path, password: str | None = None) -> Report:
    pages, findings = check_pages(path, password, 0, MAX_PAGES)
    return Report(path, pages, findings)


def _boxes(page: pymupdf.Page) -> Iterator[_Box]:
    for drawing in page.get_cdrawings():
        fill = drawing.get("fill")
        if fill is None or (drawing.get("fill_opacity") or 0) < 0.99:
            continue
        for item in drawing["items"]:
            if item[0] == "re":
                rect = pymupdf.Rect(item[1])
            elif item[0] == "qu" and _upright(item[1]):
                rect = pymupdf.Quad(item[1]).rect
            else:
                continue
            rect.normalize()
            if rect.width > MIN_SIDE and rect.height > MIN_SIDE:
                simple = len(drawing["items"]) == 1 and not drawing.get("even_odd")
                yield _Box(rect, drawing["seqno"], tuple(fill), "box", simple=simple, drawn=tuple(drawing["rect"]))
    for annot in page.annots() or ():
        kind = annot.type[1]  # the subtype's name
        colours = annot.colors or {}
        opacity = annot.opacity if annot.opacity is not None and annot.opacity >= 0 else 1.0
        rect = annot.rect * page.derotation_matrix
        rect.normalize()
        if kind == "Redact":
            yield _Box(rect, float("inf"), (), "unapplied redaction", flat=False)
        elif kind == "Highlight" and _dark(colours.get("stroke")) and opacity >= 0.9:
            # A highlight's quads, not its rectangle: a highlight over two lines leaves the ends of lines visible.
            vertices = annot.vertices or []
            for k in range(0, len(vertices) - 3, 4):
                quad = pymupdf.Quad(vertices[k : k + 4]).rect * page.derotation_matrix
                yield _Box(quad.normalize(), float("inf"), tuple(colours["stroke"]), "highlight")
        elif kind == "Square" and _dark(colours.get("fill")) and opacity >= 0.9:
            yield _Box(rect, float("inf"), tuple(colours["fill"]), "square")


def _upright(quad: object) -> bool:
    q = pymupdf.Quad(quad)
    return bool(q.is_rectangular)


def _dark(colour: object) -> bool:
    if not isinstance(colour, (list, tuple)) or not colour:
        return False
    values = [float(v) for v in colour]
    if len(values) == 4:  # CMYK
        return values[3] > 0.8 or min(values[:3]) > 0.8
    return max(values) < 0.35


def _same(fill: tuple[float, ...], colour: object) -> bool:
    """Text painted in the box's own colour is as hidden as text under it."""
    if not fill or not isinstance(colour, (list, tuple)) or len(colour) != len(fill):
        return False
    return all(abs(float(a) - float(b)) < 0.05 for a, b in zip(fill, colour, strict=True))


def _words(chars: list[tuple[tuple[float, float, float, float], str]]) -> str:
    """The hidden characters as words, in the order they were painted: a space where the PDF leaves a gap."""
    out: list[str] = []
    previous: tuple[float, float, float, float] | None = None
    for rect, ch in chars:
        if previous is not None and out and not out[-1].isspace() and not ch.isspace():
            height = previous[3] - previous[1]
            if abs(rect[1] - previous[1]) > height / 2 or rect[0] - previous[2] > height * 0.2:
                out.append(" ")
        out.append(ch)
        previous = rect
    return " ".join("".join(out).split())


def _readable(text: str) -> bool:
    """Something a reader learns from: letters or digits, not one character repeated (XXXX), not a box's label."""
    letters = [c for c in text if c.isalnum()]
    if not letters or (len(set(letters)) == 1 and len(letters) > 1):
        return False
    return bool(_HARMLESS.sub("", text).strip(" .,;:-_()[]"))


def _flat(page: pymupdf.Page, rect: pymupdf.Rect) -> bool:
    """Whether the box renders as one colour, so nothing on it can be seen. Rendered a point inside its edges, where
    anti-aliasing would mix in the page around it."""
    inner = pymupdf.Rect(rect.x0 + 1, rect.y0 + 1, rect.x1 - 1, rect.y1 - 1) * page.rotation_matrix
    inner.normalize()
    if inner.is_empty:
        return True
    pix = page.get_pixmap(clip=inner, colorspace=pymupdf.csRGB, annots=True)
    samples: bytes = pix.samples  # one bytes comparison (Pixmap.is_unicolor reads the pixels one by one in Python)
    return bool(samples == samples[: pix.n] * (len(samples) // pix.n))
