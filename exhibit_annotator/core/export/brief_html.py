"""The PDF brief as HTML for MuPDF's Story: its style sheet, the caption, contents, front matter and summary tables,
and each passage (quote, callout, cite, note) as one unit a page break may come before."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import pymupdf

from ..brief.brief import INDEX_HEADER, Brief, Entry, caption_lines, index_rows, long_date, summary_tables

PAGE = pymupdf.paper_rect("letter")
MARGIN = 72.0
CALLOUT_WIDTH = 396  # points (5.5 inches): every callout at one width, so the exhibits' type shows at one size

CSS = """
body { font-family: serif; font-size: 12pt; line-height: 1.3; }
.rtl { font-family: rtl; font-style: normal; }
p { margin: 0 0 6pt 0; }
.court { text-align: center; font-weight: bold; margin: 36pt 0 24pt 0; }
table.caption { border-collapse: collapse; width: 100%; margin: 0 0 24pt 0; }
p.title { font-weight: bold; margin-top: 18pt; }
.contents-title { text-align: center; font-weight: bold; margin: 0 0 12pt 0; }
table.contents { border-collapse: collapse; width: 100%; }
h1 { font-size: 14pt; margin: 18pt 0 8pt 0; }
h2 { font-size: 12pt; margin: 14pt 0 6pt 0; }
h3, h4, h5, h6 { font-size: 12pt; font-style: italic; margin: 12pt 0 6pt 0; }
.description { font-style: italic; }
blockquote { margin: 4pt 36pt 2pt 36pt; line-height: 1.15; }
.cite { margin-left: 36pt; }
.key { font-weight: bold; }
.note { margin-left: 36pt; margin-bottom: 12pt; font-size: 11pt; }
.note-part { margin-left: 36pt; margin-top: 0; margin-bottom: 0; font-size: 11pt; }
.warning { color: #a00000; }
table.grid { border-collapse: collapse; margin: 4pt 0 12pt 0; width: 100%; font-size: 10.5pt; }
table.grid th, table.grid td { border: 0.5pt solid #808080; padding: 2pt 4pt; }
table.grid th { font-weight: bold; border-bottom: 1.5pt solid #404040; }
.callout { margin-left: 36pt; }
"""


END_MARKER = "end-of-brief"


def escape(text: str) -> str:
    return html.escape(text, quote=True)


@dataclass
class Fixes:
    """What a layout of a table found to mend in the next: rows to start a new table with the header again (a
    page began there), and the page of each heading for the table of contents."""

    splits: set[str] = field(default_factory=set)
    pages: dict[str, int] = field(default_factory=dict)  # heading id → page number


def entry_html(e: Entry, n: int, brief: Brief, images: list[tuple[str, bytes]]) -> str:
    parts = []
    if e.quote:
        if e.rtl:
            parts.append(f'<blockquote id="q{n}" dir="rtl" class="rtl">{escape(e.quote)}</blockquote>')
        else:
            parts.append(f'<blockquote id="q{n}">{escape(e.quote)}</blockquote>')
    elif e.annotation.kind == "area":
        parts.append(f'<blockquote id="q{n}">[Area of page {e.annotation.page + 1}]</blockquote>')
    if e.callout_png:
        name = f"callout-{n}.png"
        images.append((name, e.callout_png))
        parts.append(f'<p class="callout"><img src="{name}" width="{CALLOUT_WIDTH}"/></p>')
    cite = f"<i>Id.</i>{escape(e.cite[3:])}" if e.id_cite else escape(e.cite)
    if e.caveat:
        cite += f' <span class="warning">({escape(e.caveat)})</span>'
    if brief.options.order.value == "exhibit" and e.categories:
        cite += f" — {escape(', '.join(e.categories))}"
    if e.key:
        cite += ' <span class="key">★ Key passage</span>'
    parts.append(f'<p class="cite" id="c{n}">{cite}</p>')
    details = []
    if e.note:
        *before, last = pieces(e.note)
        # A long note as consecutive paragraphs: MuPDF lays out a paragraph that runs across pages again for every
        # page (and may overflow), which made a 1 MB note take minutes; the pieces read as one block.
        parts += [
            f'<p class="note-part">{"<i>Note:</i> " if i == 0 else ""}{escape(p)}</p>' for i, p in enumerate(before)
        ]
        details.append(("" if before else "<i>Note:</i> ") + escape(last))
    if e.review:
        details.append(f"<i>Review:</i> {escape(e.review)}")
    if e.author:
        details.append(f"<i>Tagged by:</i> {escape(e.author)}")
    parts.append(f'<p class="note">{"<br/>".join(details)}</p>')
    return "\n".join(parts)


PIECE = 2_000  # characters of a long note per paragraph


def pieces(text: str) -> list[str]:
    """``text`` cut into pieces of about ``PIECE`` characters, at spaces where there are any."""
    pieces, start = [], 0
    while len(text) - start > PIECE:
        cut = text.rfind(" ", start + PIECE // 2, start + PIECE)
        cut = cut + 1 if cut > start else start + PIECE
        pieces.append(text[start:cut])
        start = cut
    return [*pieces, text[start:]]


def table_html(name: str, header: list[str], rows: list[list[str]], widths: list[float], fixes: Fixes) -> str:
    """A grid table whose rows have ids (``row-name-N``), cut into a new table with the header again before each row
    the pass before found at the top of a page."""
    # Widths in points (MuPDF reads percentages of less than the text width), of each cell's text: the text width
    # less the body's 12 pt inset on each side and each cell's padding and border.
    total, room = sum(widths), PAGE.width - 2 * MARGIN - 24 - 9 * len(widths)
    cols = "".join(
        f'<th style="width: {room * w / total:.0f}pt">{escape(h)}</th>' for h, w in zip(header, widths, strict=True)
    )
    head = f'<table class="grid"><tr>{cols}</tr>'
    out = [head]
    for n, row in enumerate(rows):
        row_id = f"row-{name}-{n}"
        if row_id in fixes.splits:
            out.append("</table>" + head)
        out.append(f'<tr id="{row_id}">' + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>")
    out.append("</table>")
    return "".join(out)


def caption_html(brief: Brief) -> list[str]:
    out = [f'<p class="court">{escape(brief.court.upper()) if brief.court else " "}</p>']
    # Inline styles: MuPDF 1.28 applies no class rule's width, border or margin inside a table cell.
    roles = {"role": ' style="margin-left: 108pt"', "v": ' style="margin-left: 54pt"', "": ""}
    parties = "".join(f"<p{roles[role]}>{escape(text)}</p>" for text, role in caption_lines(brief)) or "<p> </p>"
    number = f"<p>Case No. {escape(brief.case_number)}</p>" if brief.case_number else ""
    out.append(
        '<table class="caption"><tr><td style="width: 55%; border-right: 0.75pt solid black; '
        f'border-bottom: 0.75pt solid black; padding: 0 8pt 6pt 0">{parties}</td>'
        f'<td style="width: 45%; padding-left: 12pt">{number}<p class="title">{escape(brief.title.upper())}</p></td>'
        "</tr></table>"
    )
    out.append(f"<p>{escape(long_date(brief.date))}</p>")
    if brief.prepared_by:
        out.append(f"<p>Prepared by {escape(brief.prepared_by)}</p>")
    return out


def headings(brief: Brief) -> list[tuple[str, str, int]]:
    """(id, text, level) of every heading, in order: what the table of contents and the bookmarks list."""
    return [("index", "Index of Exhibits", 1), *((s.anchor, s.heading, s.level) for s in brief.sections),
            ("summary", "Summary", 1)]  # fmt: skip


def contents_html(brief: Brief, fixes: Fixes) -> list[str]:
    rows = []
    for anchor, text, level in headings(brief):
        if level > 3:
            continue
        page = fixes.pages.get(anchor, 0)
        indent = f"padding-left: {18 * (level - 1)}pt; " if level > 1 else ""
        rows.append(f'<tr id="toc-{escape(anchor)}"><td style="{indent}border: none">{escape(text)}</td>'
                    f'<td style="width: 36pt; text-align: right; border: none">{page or 999}</td></tr>')  # fmt: skip
    return [
        '<p class="contents-title" style="page-break-before: always">TABLE OF CONTENTS</p>',
        f'<table class="contents">{"".join(rows)}</table>',
    ]


def front_html(brief: Brief, fixes: Fixes) -> str:
    """The caption page, the table of contents and the index of exhibits."""
    out = caption_html(brief)
    out += contents_html(brief, fixes)
    out.append('<h1 id="index" style="page-break-before: always">Index of Exhibits</h1>')
    out.append(table_html("index", INDEX_HEADER, index_rows(brief), [0.9, 2.4, 0.6, 1.6, 1.9], fixes))
    return "\n".join(out)


def summary_html(brief: Brief, fixes: Fixes) -> str:
    out = ['<h1 id="summary">Summary</h1>']
    for t, (header, rows) in enumerate(summary_tables(brief, max_exhibits=6)):
        out.append(table_html(f"summary{t}", header, rows, [3.0] + [1.0] * (len(header) - 1), fixes))
    return "\n".join(out)


@dataclass
class Unit:
    """A heading (with its description) or a passage: what a page break may come before."""

    html: str
    first: str  # the id of its first element: a heading's, a quote's
    last: str  # a passage's cite, which must share the page of its quote ("" for a heading)


def units(brief: Brief, images: list[tuple[str, bytes]]) -> list[Unit]:
    units, n = [], 0
    for s in brief.sections:
        level = min(s.level, 6)
        heading = f'<h{level} id="{escape(s.anchor)}">{escape(s.heading)}</h{level}>'
        if s.description:
            heading += f'<p class="description">{escape(s.description)}</p>'
        units.append(Unit(heading, s.anchor, ""))
        for e in s.entries:
            n += 1
            units.append(Unit(entry_html(e, n, brief, images), f"q{n}" if e.quote or e.annotation.kind == "area"
                               else f"c{n}", f"c{n}"))  # fmt: skip
    return units
