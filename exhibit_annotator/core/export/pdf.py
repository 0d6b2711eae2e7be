"""The brief as a PDF: PyMuPDF Story (HTML/CSS layout), fonts embedded, bookmarks, a table of contents, page
numbers.

Fonts were chosen by reading back what each writes into the text layer (tests/core/test_export.py): MuPDF maps
shaped glyphs back to text through the font's cmap, so a ligature glyph comes out as its presentation form and
a glyph missing there as U+FFFD.
- Latin and Cyrillic: Noto Serif without its ligature features (resources/fonts, made by
  packaging/make_fonts.py). Noto Serif, DejaVu Serif and Noto Sans as shipped write "ﬁ", "ﬀ", "ﬃ"; MuPDF's Story
  ignores ``font-variant-ligatures``. Measured on the exhibits' sentences: 41 of 41 English and 24 of 24 Russian
  read back character for character.
- Right-to-left paragraphs: DejaVu Sans (resources/fonts), whose cmap holds every Arabic presentation form and
  the lam-alef ligatures, and the curly quotes: 25 of 26 sentences read back (the 26th wraps a line inside a
  Latin run). Its Latin ligatures are switched off (``make_fonts.py``): "office" inside an Arabic quote read back
  as "oﬃce". The Naskh faces a serif body would want fail: Noto Naskh Arabic loses lam-alef (U+01C2) and the
  curly quotes (4 of 26), Amiri writes private glyph codes (0 of 26); MuPDF's fallback writes lam as U+01C4.
Arabic is laid out right to left with ``dir="rtl"`` alone (``text-align: right`` would make it flush left).
User text is always escaped: quotes and notes are data, never markup.

Story has no keep-with-next and no repeated table headers. The passages are laid out a window at a time, first
only to see where they fall (``_body``): a passage whose quote and cite a page would part, or a heading a page
would leave at its foot, starts a new page. Tables are laid out until each page they run onto starts with their
header row again (``_with_headers``). The body is laid out before the front matter, whose table of contents
needs its pages. About twice one layout in all (5,000 passages: 15 s, 635 pages; one plain layout: 4 s).

MuPDF 1.28's Story can lose everything after a paragraph that runs across pages (seen with a 100 KB note at
10 pt: ``place()`` reports a filled height of thousands of points and nothing left). The layout loop detects
that and lays the story out again with a slightly shorter box, and the brief ends with a marker element whose
placement is checked, so content is never silently dropped.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pymupdf

from ..brief.brief import (
    Brief,
    ExportCancelled,
    Progress,
)  # fmt: skip
from ..errors import UserError
from ..resources import resources_dir
from . import brief_html
from .brief_html import CSS, END_MARKER, MARGIN, PAGE

FOOTER_Y = PAGE.height - 36.0
MAX_PASSES = 6


def _fonts(archive: pymupdf.Archive) -> str:
    fonts = resources_dir() / "fonts"
    archive.add(pymupdf.Archive(str(fonts)))
    css = ""
    for face, weight, style in (("Regular", "normal", "normal"), ("Bold", "bold", "normal"),
                                ("Italic", "normal", "italic"), ("BoldItalic", "bold", "italic")):  # fmt: skip
        css += (f"@font-face {{ font-family: serif; src: url(NotoSerif-{face}-NoLigatures.ttf); "
                f"font-weight: {weight}; font-style: {style}; }}")  # fmt: skip
    css += "@font-face { font-family: rtl; src: url(DejaVuSans.ttf); }"
    css += "@font-face { font-family: rtl; src: url(DejaVuSans-Bold.ttf); font-weight: bold; }"
    return css


class _Overflow(Exception):
    pass


# (page, what opened on it, where everything so far is) → False to stop there
_Page = Callable[[int, dict[str, pymupdf.Rect], dict[str, tuple[int, pymupdf.Rect]]], bool]


@dataclass
class _Laid:
    pages: int
    headings: list[tuple[int, str, int]]  # (level, text, page) for bookmarks, pages from 1 in this piece
    where: dict[str, tuple[int, pymupdf.Rect]]  # element id → (page, rectangle) where it starts
    shrink: float = 0.0


@dataclass
class _Cursor:
    """Where the next piece goes: into ``writer`` (None: only to see where things fall), on the page open (if any)
    from ``top`` down. Pieces laid out one after another share a page this way."""

    writer: pymupdf.DocumentWriter | None
    laid: _Laid = field(default_factory=lambda: _Laid(0, [], {}))  # what went in so far
    device: Any = None  # the open page's device
    open: bool = False
    top: float = MARGIN

    def trial(self) -> _Cursor:
        """A copy that draws nothing, to see where a piece would fall from here."""
        return _Cursor(None, _Laid(self.laid.pages, [], {}), None, self.open, self.top)

    def end_page(self) -> None:
        if self.open and self.writer is not None:
            self.writer.end_page()
        self.open, self.device, self.top = False, None, MARGIN


@dataclass
class _Story:
    """Lays out pieces of the brief (HTML) page by page, into a writer or only to see where things fall."""

    css: str
    archive: pymupdf.Archive
    progress: Progress | None
    path: Path
    pages_done: int = 0  # for the progress callback, across pieces

    def lay(self, html: str, cursor: _Cursor, on_page: _Page | None = None, shrink: float = 0.0,
            keep_open: bool = False) -> _Laid:  # fmt: skip
        """Lay ``html`` out at ``cursor``; with a writer only at a ``shrink`` that laid the same HTML out without
        overflowing (pages drawn cannot be taken back). Returns what this piece placed, pages counted from the
        cursor's first."""
        story = pymupdf.Story(html=html + f'<p id="{END_MARKER}"> </p>', user_css=self.css + CSS,
                              archive=self.archive)  # fmt: skip
        for attempt in range(1 if cursor.writer is not None else 6):
            here = cursor if cursor.writer is not None else cursor.trial()
            try:
                laid = self._pages(story, shrink + 1.3 * attempt, here, on_page, keep_open)
            except _Overflow:
                continue
            return laid
        raise UserError(f"{self.path.name}: the PDF layout engine could not place the whole brief; export to Word "
                        "instead")  # fmt: skip

    def _pages(self, story: pymupdf.Story, shrink: float, cursor: _Cursor, on_page: _Page | None,
               keep_open: bool) -> _Laid:  # fmt: skip
        """Place (and draw) the story page by page; raise ``_Overflow`` when MuPDF overflows a page."""
        laid = _Laid(0, [], {}, shrink)
        opened: dict[str, pymupdf.Rect] = {}  # what opened on the page being placed

        def seen(p: Any) -> None:  # a pymupdf.ElementPosition, its attributes set at run time
            if p.id and p.open_close & 1:
                opened.setdefault(str(p.id), pymupdf.Rect(p.rect))
            if p.heading and p.open_close & 1 and p.text:
                laid.headings.append((int(p.heading), str(p.text), cursor.laid.pages))

        story.reset()
        more, over = 1, 0
        while more:
            if not cursor.open:
                cursor.laid.pages += 1
                self.pages_done += 1
                if self.progress is not None and self.progress(self.pages_done, 0) is False:
                    raise ExportCancelled()
                cursor.device = cursor.writer.begin_page(PAGE) if cursor.writer is not None else None
                cursor.open, cursor.top = True, MARGIN
            content = pymupdf.Rect(MARGIN, cursor.top, PAGE.width - MARGIN, PAGE.height - MARGIN - shrink)
            more, filled = story.place(content)
            if pymupdf.Rect(filled).y1 > content.y1 + 0.25 * content.height:
                raise _Overflow()
            opened.clear()
            story.element_positions(seen, {})
            # MuPDF 1.28 can also overflow a little, page after page, placing nothing new for ever (seen with a long
            # table cut into several that repeat their header): three such pages in a row is that loop.
            new = any(key not in laid.where for key in opened)
            over = over + 1 if more and not new and pymupdf.Rect(filled).y1 > content.y1 + 1 else 0
            if over >= 3:
                raise _Overflow()
            for key, rect in opened.items():
                laid.where.setdefault(key, (cursor.laid.pages, rect))
            if on_page is not None and not on_page(cursor.laid.pages, opened, laid.where):
                return laid
            story.draw(cursor.device)  # (None: moves the story on past the page, drawing nothing)
            if more or not keep_open:
                cursor.end_page()
            else:
                cursor.top = pymupdf.Rect(filled).y1
        if END_MARKER not in laid.where:
            raise _Overflow()
        laid.pages = cursor.laid.pages
        return laid


def _table_fixes(laid: _Laid, fixes: brief_html.Fixes) -> bool:
    """Add to ``fixes`` the rows where a table must start again with its header; False when none changed. A row is
    placed whole, where it starts: a row on a later page than the row before it begins that page."""
    rows = sorted(((k, v) for k, v in laid.where.items() if k.startswith("row-")),
                  key=lambda item: (item[0].rsplit("-", 1)[0], int(item[0].rsplit("-", 1)[1])))  # fmt: skip
    changed = False
    for (a, (page_a, _)), (b, (page_b, _)) in itertools.pairwise(rows):
        if a.rsplit("-", 1)[0] != b.rsplit("-", 1)[0]:
            continue  # another table
        if page_b != page_a and b not in fixes.splits:
            fixes.splits.add(b)
            changed = True
        elif page_b == page_a and b in fixes.splits:
            fixes.splits.discard(b)  # an earlier layout cut here, but what came before has moved since
            changed = True
    return changed


def _with_headers(story: _Story, html: Callable[[brief_html.Fixes], str], fixes: brief_html.Fixes) -> str:
    """The HTML of a piece whose tables repeat their header row on every page they run onto."""
    for _ in range(MAX_PASSES):
        if not _table_fixes(story.lay(html(fixes), _Cursor(None)), fixes):
            break
    return html(fixes)


WINDOW = 40  # passages laid out at a time in the body


def _body(story: _Story, units: list[brief_html.Unit], writer: pymupdf.DocumentWriter) -> _Laid:
    """The claims and their passages, each passage's quote on the page of its cite and each heading on the page of
    what follows it. Story has no keep-with-next, so the units are laid out a window at a time, first only to see
    where they fall: a window that a page would part is drawn up to there and the rest starts a new page; a window
    that holds is drawn and the next one goes on under it on the same page. About twice one layout."""
    cursor, body = _Cursor(writer), _Laid(0, [], {})
    start = 0
    while start < len(units):
        end = min(start + WINDOW, len(units))
        while end < len(units) and not units[end - 1].last:
            end += 1  # never end a window on a heading: what it heads is in the window
        breaks: list[int] = []
        first_page = cursor.laid.pages + (0 if cursor.open else 1)

        def page_holds(
            page: int,
            opened: dict[str, pymupdf.Rect],
            placed: dict[str, tuple[int, pymupdf.Rect]],
            first: int = start,
            stop: int = end,
            breaks: list[int] = breaks,
            fresh: bool = not cursor.open,
            first_page: int = first_page,
        ) -> bool:
            # Only the window's first unit may be moved on from a page it shares with what came before.
            lowest = first if not fresh and page == first_page else first + 1
            for i in range(first, stop):
                unit = units[i]
                if unit.first not in placed:
                    break
                if placed[unit.first][0] != page:
                    continue
                # What must come with it: a passage's cite; a heading's first passage or subheading.
                partner = unit.last or (units[i + 1].first if i + 1 < stop else "")
                if partner and partner not in placed:
                    if i < lowest:
                        return True  # a unit longer than a page, from the page's top: nothing to gain
                    while i - 1 >= lowest and not units[i - 1].last and units[i - 1].first in opened:
                        i -= 1  # a heading goes to the next page with what it heads
                    breaks.append(i)
                    return False
            return True

        trial = story.lay("\n".join(u.html for u in units[start:end]), cursor.trial(), page_holds)
        if breaks and breaks[0] > start:
            end = breaks[0]
            laid = story.lay("\n".join(u.html for u in units[start:end]), cursor, shrink=trial.shrink)
        elif breaks:
            cursor.end_page()  # the window's first unit goes to a new page
            continue
        else:
            laid = story.lay("\n".join(u.html for u in units[start:end]), cursor, shrink=trial.shrink,
                             keep_open=True)  # fmt: skip
        for key, value in laid.where.items():
            body.where.setdefault(key, value)
        body.headings += laid.headings
        start = end
    cursor.end_page()
    body.pages = cursor.laid.pages
    return body


def _pdf(story: _Story, html: str) -> tuple[bytes, _Laid]:
    """A piece laid out once to find a shrink that places it whole, then drawn."""
    trial = story.lay(html, _Cursor(None))
    buffer = io.BytesIO()
    writer = pymupdf.DocumentWriter(buffer)
    try:
        laid = story.lay(html, _Cursor(writer), shrink=trial.shrink)
    finally:
        writer.close()
    return buffer.getvalue(), laid


def write_pdf(brief: Brief, path: Path, progress: Progress | None = None) -> None:
    archive = pymupdf.Archive()
    css = _fonts(archive)
    images: list[tuple[str, bytes]] = []
    units = brief_html.units(brief, images)
    for name, data in images:
        archive.add(data, name)
    story = _Story(css, archive, progress, path)
    # The body first: the table of contents at the front needs its pages.
    buffer = io.BytesIO()
    writer = pymupdf.DocumentWriter(buffer)
    try:
        body = _body(story, units, writer) if units else _Laid(0, [], {})
    finally:
        writer.close()
    body_pdf = buffer.getvalue()
    summary_fixes = brief_html.Fixes()
    summary_pdf, summary = _pdf(story, _with_headers(story, lambda f: brief_html.summary_html(brief, f), summary_fixes))
    front_fixes = brief_html.Fixes()
    front_html = _with_headers(story, lambda f: brief_html.front_html(brief, f), front_fixes)
    for _ in range(3):  # the contents' page numbers; once more if they changed how many pages the front takes
        front = story.lay(front_html, _Cursor(None))
        starts = {"index": front.where["index"][0], "summary": front.pages + body.pages + 1}
        starts |= {s.anchor: front.pages + body.where[s.anchor][0] for s in brief.sections if s.anchor in body.where}
        front_fixes.pages = starts
        front_html = brief_html.front_html(brief, front_fixes)
        front_pdf, front = _pdf(story, front_html)
        if front_fixes.pages.get("summary") == front.pages + body.pages + 1:
            break

    doc = pymupdf.open("pdf", front_pdf)
    try:
        if body.pages:
            doc.insert_pdf(pymupdf.open("pdf", body_pdf))
        doc.insert_pdf(pymupdf.open("pdf", summary_pdf))
        offsets = {"front": 0, "body": front.pages, "summary": front.pages + body.pages}
        pieces = (("front", front), ("body", body), ("summary", summary))
        _number_pages(doc)
        where = {key: (offsets[name] + page, rect) for name, laid in pieces for key, (page, rect) in laid.where.items()}
        # The table of contents' lines link to their headings.
        for anchor, _, _ in brief_html.headings(brief):
            line, target = front.where.get(f"toc-{anchor}"), where.get(anchor)
            if line and target:
                doc[line[0] - 1].insert_link({"kind": pymupdf.LINK_GOTO, "from": line[1], "page": target[0] - 1,
                                              "to": target[1].tl})  # fmt: skip
        # Bookmarks must not skip levels: clamp each to one below the previous.
        toc: list[list[int | str]] = []
        previous = 0
        for name, laid in pieces:
            for level, title, page_number in laid.headings:
                level = min(level, previous + 1)
                toc.append([level, title, offsets[name] + page_number])
                previous = level
        doc.set_toc(toc)
        doc.set_metadata({"title": brief.title, "author": brief.prepared_by, "creator": "Exhibit Annotator"})
        doc.subset_fonts()  # whole font faces are ~1 MB; the glyphs used are a few KB
        doc.save(str(path), garbage=3, deflate=True)
    finally:
        doc.close()


def _number_pages(doc: pymupdf.Document) -> None:
    """Each page's number, centred in its foot."""
    font = pymupdf.Font(fontfile=str(resources_dir() / "fonts" / "NotoSerif-Regular-NoLigatures.ttf"))
    for page in (doc[i] for i in range(doc.page_count)):
        label = f"{page.number + 1}"
        page.insert_font(fontname="pagenum", fontbuffer=font.buffer)
        x = PAGE.width / 2 - font.text_length(label, 10) / 2
        page.insert_text((x, FOOTER_Y), label, fontname="pagenum", fontsize=10)


def write_document_pdf(html: Callable[[brief_html.Fixes], str], path: Path, title: str, author: str) -> None:
    """A document other than the brief (the chronology, the statement of facts) as a PDF with the brief's fonts and
    look: ``html`` makes its body (its tables repeat their header on every page), pages are numbered, and its
    headings are bookmarks."""
    archive = pymupdf.Archive()
    story = _Story(_fonts(archive), archive, None, path)
    try:
        data, laid = _pdf(story, _with_headers(story, html, brief_html.Fixes()))
    except UserError:  # a table cut to repeat its header that MuPDF cannot place: one table, its header once
        data, laid = _pdf(story, html(brief_html.Fixes()))
    doc = pymupdf.open("pdf", data)
    try:
        _number_pages(doc)
        toc: list[list[int | str]] = []
        for level, text, page in laid.headings:
            toc.append([min(level, int(toc[-1][0]) + 1 if toc else 1), text, page])  # levels never skipped
        doc.set_toc(toc)
        doc.set_metadata({"title": title, "author": author, "creator": "Exhibit Annotator"})
        doc.subset_fonts()
        doc.save(str(path), garbage=3, deflate=True)
    finally:
        doc.close()
