"""The brief as a PDF: PyMuPDF Story (HTML/CSS layout), fonts embedded, bookmarks, page numbers.

Fonts were chosen by reading back what each writes into the text layer (tests/core/test_export.py): MuPDF maps
shaped glyphs back to text through the font's cmap, so a glyph missing there comes out as U+FFFD.
- Latin and Cyrillic: Noto Sans (package pymupdf-fonts). Serif faces write ligature code points ("ﬀ"), FiraGO
  wrong ones ("plainti˻").
- Right-to-left paragraphs: DejaVu Sans (resources/fonts), whose cmap holds every Arabic presentation form and
  the lam-alef ligatures, and the curly quotes. MuPDF's built-in fallback writes lam as U+01C4; Noto Naskh
  loses lam-alef and quotes; FiraGO loses final ر/ز and the full stop.
Arabic is laid out right to left with ``dir="rtl"`` alone (``text-align: right`` would make it flush left).
User text is always escaped: quotes and notes are data, never markup.

MuPDF 1.28's Story can lose everything after a paragraph that runs across pages (seen with a 100 KB note at
10 pt: ``place()`` reports a filled height of thousands of points and nothing left). The layout loop detects
that and lays the story out again with a slightly shorter box, and the brief ends with a marker element whose
placement is checked, so content is never silently dropped.
"""

from __future__ import annotations

import html
import io
from pathlib import Path
from typing import Any

import pymupdf

from ..brief import INDEX_HEADER, Brief, Entry, ExportCancelled, Progress, index_rows, long_date, summary_tables
from ..errors import UserError
from ..resources import resources_dir

PAGE = pymupdf.paper_rect("letter")
MARGIN = 72.0
FOOTER_Y = PAGE.height - 36.0

CSS = """
body { font-family: sans; font-size: 11pt; line-height: 1.35; }
.rtl { font-family: rtl; }
p { margin: 0 0 6pt 0; }
.caption { text-align: center; margin: 0 0 8pt 0; }
.court { text-align: center; font-size: 12pt; margin-top: 120pt; }
.case { text-align: center; font-weight: bold; font-size: 14pt; }
.title { text-align: center; font-weight: bold; font-size: 22pt; margin: 36pt 0 24pt 0; }
h1 { font-size: 16pt; margin: 18pt 0 8pt 0; }
h2 { font-size: 13.5pt; margin: 14pt 0 6pt 0; }
h3, h4, h5, h6 { font-size: 12pt; margin: 12pt 0 6pt 0; }
.description { font-style: italic; color: #444444; }
blockquote { margin: 4pt 36pt 2pt 36pt; }
.cite { margin-left: 36pt; font-weight: bold; }
.note { margin-left: 36pt; margin-bottom: 12pt; }
.note-part { margin-left: 36pt; margin-top: 0; margin-bottom: 0; }
.warning { color: #a00000; }
table { border-collapse: collapse; margin: 4pt 0 12pt 0; }
th, td { border: 0.5pt solid #808080; padding: 2pt 4pt; }
th { font-weight: bold; border-bottom: 1.5pt solid #404040; }
.callout { margin-left: 36pt; }
"""


END_MARKER = "end-of-brief"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _entry_html(e: Entry, n: int, brief: Brief, images: list[tuple[str, bytes]]) -> str:
    parts = []
    if e.quote:
        if e.rtl:
            parts.append(f'<blockquote dir="rtl" class="rtl">{_e(e.quote)}</blockquote>')
        else:
            parts.append(f"<blockquote>{_e(e.quote)}</blockquote>")
    elif e.annotation.kind == "area":
        parts.append(f"<blockquote>[Area of page {e.annotation.page + 1}]</blockquote>")
    if e.callout_png:
        name = f"callout-{n}.png"
        images.append((name, e.callout_png))
        parts.append(f'<p class="callout"><img src="{name}" width="300"/></p>')
    cite = _e(e.cite)
    if e.caveat:
        cite += f' <span class="warning">({_e(e.caveat)})</span>'
    if brief.options.order.value == "exhibit" and e.categories:
        cite += f" — {_e(', '.join(e.categories))}"
    parts.append(f'<p class="cite">{cite}</p>')
    details = []
    if e.note:
        *before, last = _pieces(e.note)
        # A long note as consecutive paragraphs: MuPDF lays out a paragraph that runs across pages again for every
        # page (and may overflow), which made a 1 MB note take minutes; the pieces read as one block.
        parts += [f'<p class="note-part">{"<i>Note:</i> " if i == 0 else ""}{_e(p)}</p>' for i, p in enumerate(before)]
        details.append(("" if before else "<i>Note:</i> ") + _e(last))
    if e.author:
        details.append(f"<i>Tagged by:</i> {_e(e.author)}")
    parts.append(f'<p class="note">{"<br/>".join(details)}</p>')
    return "\n".join(parts)


PIECE = 2_000  # characters of a long note per paragraph


def _pieces(text: str) -> list[str]:
    """``text`` cut into pieces of about ``PIECE`` characters, at spaces where there are any."""
    pieces, start = [], 0
    while len(text) - start > PIECE:
        cut = text.rfind(" ", start + PIECE // 2, start + PIECE)
        cut = cut + 1 if cut > start else start + PIECE
        pieces.append(text[start:cut])
        start = cut
    return [*pieces, text[start:]]


def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def brief_html(brief: Brief, images: list[tuple[str, bytes]]) -> str:
    out = []
    if brief.court:
        out.append(f'<p class="court">{_e(brief.court.upper())}</p>')
    else:
        out.append('<p class="court"> </p>')
    if brief.case_name:
        out.append(f'<p class="case">{_e(brief.case_name)}</p>')
    if brief.case_number:
        out.append(f'<p class="caption">Case No. {_e(brief.case_number)}</p>')
    out.append(f'<p class="title">{_e(brief.title)}</p>')
    out.append(f'<p class="caption">{_e(long_date(brief.date))}</p>')
    if brief.prepared_by:
        out.append(f'<p class="caption">Prepared by {_e(brief.prepared_by)}</p>')
    out.append('<h1 id="index" style="page-break-before: always">Index of Exhibits</h1>')
    out.append(
        _table(
            INDEX_HEADER,
            index_rows(brief),
        )
    )
    n = 0
    for s in brief.sections:
        level = min(s.level, 6)
        out.append(f'<h{level} id="{_e(s.anchor)}">{_e(s.heading)}</h{level}>')
        if s.description:
            out.append(f'<p class="description">{_e(s.description)}</p>')
        for e in s.entries:
            n += 1
            out.append(_entry_html(e, n, brief, images))
    out.append('<h1 id="summary">Summary</h1>')
    out += [_table(header, rows) for header, rows in summary_tables(brief)]
    out.append(f'<p id="{END_MARKER}"> </p>')
    return "\n".join(out)


def _fonts(archive: pymupdf.Archive) -> str:
    css = "".join(
        pymupdf.css_for_pymupdf_font(code, archive=archive, name="sans")
        for code in ("notos", "notosbo", "notosit", "notosbi")
    )
    fonts = resources_dir() / "fonts"
    archive.add(pymupdf.Archive(str(fonts)))
    css += "@font-face { font-family: rtl; src: url(DejaVuSans.ttf); }"
    css += "@font-face { font-family: rtl; src: url(DejaVuSans-Bold.ttf); font-weight: bold; }"
    return css


class _Overflow(Exception):
    pass


def _layout(story: pymupdf.Story, shrink: float, progress: Progress | None) -> tuple[bytes, list[tuple[int, str, int]]]:
    """Place and draw the story page by page; raise ``_Overflow`` when MuPDF overflows a page."""
    content = pymupdf.Rect(MARGIN, MARGIN, PAGE.width - MARGIN, PAGE.height - MARGIN - shrink)
    buffer = io.BytesIO()
    writer = pymupdf.DocumentWriter(buffer)
    headings: list[tuple[int, str, int]] = []
    placed: set[str] = set()
    story.reset()
    more, page_number = 1, 0
    try:
        while more:
            page_number += 1
            if progress is not None and progress(page_number, 0) is False:
                raise ExportCancelled()
            device = writer.begin_page(PAGE)
            more, filled = story.place(content)
            if pymupdf.Rect(filled).y1 > content.y1 + 0.25 * content.height:
                raise _Overflow()

            def seen(p: Any) -> None:  # a pymupdf.ElementPosition, its attributes set at run time
                if p.id:
                    placed.add(str(p.id))
                if p.heading and p.open_close & 1 and p.text:
                    headings.append((int(p.heading), str(p.text), int(p.page_num)))

            story.element_positions(seen, {"page_num": page_number})
            story.draw(device)
            writer.end_page()
    finally:
        writer.close()
    if END_MARKER not in placed:
        raise _Overflow()
    return buffer.getvalue(), headings


def write_pdf(brief: Brief, path: Path, progress: Progress | None = None) -> None:
    archive = pymupdf.Archive()
    css = _fonts(archive)
    images: list[tuple[str, bytes]] = []
    body = brief_html(brief, images)
    for name, data in images:
        archive.add(data, name)
    story = pymupdf.Story(html=body, user_css=css + CSS, archive=archive)
    for attempt in range(6):
        try:
            data, headings = _layout(story, 1.3 * attempt, progress)
            break
        except _Overflow:
            continue
    else:
        raise UserError(f"{path.name}: the PDF layout engine could not place the whole brief; export to Word instead")

    doc = pymupdf.open("pdf", data)
    try:
        font = pymupdf.Font("notos")  # embedded, like the body text (base-14 Helvetica would not be)
        for page in (doc[i] for i in range(doc.page_count)):
            label = f"{page.number + 1}"
            page.insert_font(fontname="pagenum", fontbuffer=font.buffer)
            x = PAGE.width / 2 - font.text_length(label, 9) / 2
            page.insert_text((x, FOOTER_Y), label, fontname="pagenum", fontsize=9)
        # Bookmarks must not skip levels: clamp each to one below the previous.
        toc: list[list[int | str]] = []
        previous = 0
        for level, title, page_number in headings:
            level = min(level, previous + 1)
            toc.append([level, title, page_number])
            previous = level
        doc.set_toc(toc)
        doc.set_metadata({"title": brief.title, "author": brief.prepared_by, "creator": "Exhibit Annotator"})
        doc.subset_fonts()  # whole font faces are ~1 MB; the glyphs used are a few KB
        doc.save(str(path), garbage=3, deflate=True)
    finally:
        doc.close()
