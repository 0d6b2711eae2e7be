"""An exhibit's page text as the app reads it, for a person or a script (``exhibit-annotator text``): the same
``DocumentText`` that anchors, search and the brief read (the text layer, else the project's OCR), with each
line's words and their boxes. Nothing here decides what the text is; it only shows it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from ..model import Exhibit
from ..normalize import quantity, reading_text
from .confinement import readable_file
from .exhibits import open_pdf
from .glyphs import Box, union
from .ocr import document_text
from .text import PageText


@dataclass(frozen=True)
class Word:
    """A run of the page text between spaces or line breaks: ``text[start:end]``, and the box around its glyphs
    (unrotated PDF points, as annotations store them)."""

    text: str
    start: int
    end: int
    box: Box


def words(page: PageText) -> Iterator[tuple[int, list[Word]]]:
    """Each line's number (from 0) and its words, in reading order."""
    for number, line in enumerate(page.lines):
        found: list[Word] = []
        at = line.start
        for part in page.text[line.start : line.end].split(" "):
            if part:
                found.append(Word(part, at, at + len(part), union(page.boxes[at : at + len(part)])))
            at += len(part) + 1
        yield number, found


def read_pages(
    project_path: Path, exhibit: Exhibit, pages: list[int] | None = None, password: str | None = None
) -> list[PageText]:
    """The exhibit's pages (0-based ``pages``; all when None) as the app reads them."""
    with open_pdf(readable_file(project_path, exhibit), password) as doc:
        wanted = list(range(doc.page_count)) if pages is None else pages
        for index in wanted:
            if not 0 <= index < doc.page_count:
                raise UserError(f"{exhibit.label} has {quantity(doc.page_count, 'page')}; there is no page {index + 1}")
        text = document_text(doc, project_path, exhibit)
        return [text.page(i) for i in wanted]


def area_text(page: PageText, rects: list[Box]) -> str:
    """The words of ``page`` inside ``rects`` (unrotated PDF points), as a person reads them: each character whose
    glyph's centre lies in a rectangle, in reading order, lines joined as quotes join them. The same for a text
    layer and for OCR (a scanned page's area quotes the words read from it)."""
    kept: list[str] = []
    for c, box in zip(page.text, page.boxes, strict=True):
        if box is None:
            kept.append("\n")
            continue
        x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        kept.append(c if any(r[0] <= x <= r[2] and r[1] <= y <= r[3] for r in rects) else "\n")
    return reading_text("".join(kept))
