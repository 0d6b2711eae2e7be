"""The brief as a Word document (python-docx), with real, named styles an attorney can restyle, built on the
firm's own template when one is given.

Styles: the brief's paragraphs use ``Brief Quote``, ``Brief Cite``, ``Brief Note``, ``Brief Caption`` and
``Heading 1``–``3``. A template's style of one of those names (or of a name firms use for it: ``Block Text`` for
quotes) is used as the template has it; a missing one is added, based on the template's ``Normal``, so that the
firm's fonts carry through. Without a template the look is the legal default: Times New Roman 12 pt, black bold
headings, 1-inch margins, block quotes indented half an inch on both sides.

What holds whatever the template says, set on the paragraphs themselves: a quote is kept on the page of its cite
(keep-with-next), a table's header row repeats on every page and rows never split, right-to-left quotes read
right to left and are never italic (Arabic has no italics; a quote style's ``w:i`` would otherwise slant it
through its complex-script twin).

Right-to-left paragraphs: python-docx has run-level ``rtl`` but no paragraph bidi, so ``w:bidi`` is added to
``w:pPr`` in schema order, Arabic runs get ``w:rFonts w:cs``, ``w:szCs`` and ``w:lang w:bidi``, and ``w:jc`` is
left unset: with bidi, unset means the paragraph's start, its right edge (``jc="right"`` renders flush left in
LibreOffice; ../shared/notes/platform-facts.md).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Inches, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import Table
from docx.text.paragraph import Paragraph

from ..brief.brief import INDEX_HEADER, Brief, Entry, caption_lines, index_rows, long_date, summary_tables
from ..errors import FileProblem
from .ooxml import (
    BODY_PT,
    COMPLEX_FONT,
    bookmark,
    borders,
    field_end,
    field_start,
    make_rtl,
    page_number_footer,
    switch_on,
)

# Times New Roman for Latin and Cyrillic (LibreOffice uses its metric twin). Arabic runs name Noto Naskh Arabic:
# where it is installed (packaging/setup.sh installs it on Linux) LibreOffice writes a clean Arabic text layer;
# with Times New Roman's substitutes it reversed lam-alef in the PDF it wrote. Word substitutes its default
# Arabic face where Noto Naskh is missing.
LATIN_FONT = "Times New Roman"
TABLE_PT = 10
CALLOUT_WIDTH = Inches(5.5)  # every callout at one width, so the exhibits' type shows at one size

# Names a firm's template may give the brief's styles: the first that exists is used.
STYLE_NAMES = {
    "Brief Quote": ("Brief Quote", "Block Quote", "Block Text", "Quotations"),
    "Brief Cite": ("Brief Cite", "Citation"),
    "Brief Note": ("Brief Note",),
    "Brief Caption": ("Brief Caption",),
}


class TemplateError(FileProblem):
    """A Word template that cannot be used."""


def open_template(path: Path) -> DocxDocument:
    """The firm's template, its body emptied (its styles, page setup, headers and footers kept). A ``.dotx`` is a
    ``.docx`` with another content type, which python-docx refuses: the type is changed in memory."""
    if path.suffix.lower() in (".dotm", ".docm"):
        raise TemplateError(path, "is macro-enabled; macros are never run here: save it as a .dotx and use that")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise TemplateError(path, f"cannot be read ({e.strerror or e})") from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            files = {info.filename: z.read(info) for info in z.infolist()}
    except (zipfile.BadZipFile, ValueError, OSError):
        raise TemplateError(path, "is not a Word document or template (.docx, .dotx)") from None
    types = files.get("[Content_Types].xml")
    if types is None or "word/document.xml" not in files:
        raise TemplateError(path, "is not a Word document or template (.docx, .dotx)")
    if b"macroEnabled" in types:
        raise TemplateError(path, "is macro-enabled; macros are never run here: save it as a .dotx and use that")
    files["[Content_Types].xml"] = types.replace(
        b"wordprocessingml.template.main+xml", b"wordprocessingml.document.main+xml"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            z.writestr(name, content)
    try:
        doc = Document(io.BytesIO(buffer.getvalue()))
    except (PackageNotFoundError, ValueError, KeyError, SyntaxError, OSError) as e:  # lxml's XMLSyntaxError is one
        raise TemplateError(path, f"is not a Word document that can be read ({type(e).__name__}: {e})") from None
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return doc


def legal_look(doc: DocxDocument) -> None:
    """The default look, when there is no template: a court's."""
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(BODY_PT)
    normal.paragraph_format.space_after = Pt(6)  # python-docx's default template: 10 pt after, lines at 1.15
    normal.paragraph_format.line_spacing = 1.0
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), LATIN_FONT if attr != "w:cs" else COMPLEX_FONT)
    for level, size in ((1, 14), (2, 12), (3, 12)):
        heading = doc.styles[f"Heading {level}"]
        heading.font.name = LATIN_FONT
        heading.font.size = Pt(size)
        heading.font.bold = True
        heading.font.italic = level == 3
        heading.font.color.rgb = RGBColor(0, 0, 0)
        heading_fonts = heading.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            heading_fonts.attrib.pop(qn(attr), None)
        heading.paragraph_format.space_before = Pt(18 if level == 1 else 12)
        heading.paragraph_format.space_after = Pt(6)
    for section in doc.sections:
        section.left_margin = section.right_margin = Inches(1)
        section.top_margin = section.bottom_margin = Inches(1)


def _add_style(doc: DocxDocument, name: str) -> ParagraphStyle:
    """One of the brief's styles, added to a document that lacks it, on its ``Normal``."""
    style: ParagraphStyle = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    fmt = style.paragraph_format
    if name == "Brief Quote":
        # Block quotation (Bluebook 5.1): indented on both sides, single-spaced, not italic.
        fmt.left_indent = fmt.right_indent = Inches(0.5)
        fmt.space_after = Pt(2)
        style.font.italic = False
    elif name == "Brief Cite":
        fmt.left_indent = Inches(0.5)
        fmt.space_after = Pt(0)
    elif name == "Brief Note":
        fmt.left_indent = Inches(0.5)
        style.font.size = Pt(BODY_PT - 1)
        fmt.space_after = Pt(12)
    elif name == "Brief Caption":
        fmt.alignment = 1  # centred
        fmt.space_after = Pt(0)
    elif name.startswith("Heading "):  # a template with its headings only latent: a plain bold heading
        style.font.bold = True
        fmt.keep_with_next = True
        fmt.space_before, fmt.space_after = Pt(12), Pt(6)
        level = int(name.split()[1])
        outline = OxmlElement("w:outlineLvl")  # what a table of contents reads
        outline.set(qn("w:val"), str(level - 1))
        style.element.get_or_add_pPr().insert_element_before(outline, "w:divId", "w:cnfStyle", "w:rPr")
    return style


class Writer:
    """Adds paragraphs by style id, at the end of the body. python-docx resolves a style name by scanning every
    style, per paragraph (18 s for a 5,000-passage brief against 2.4 s without styles), so ids are looked up once
    here; and its ``add_paragraph`` looks for the body's section properties among all the body's children to insert
    before them (3 of the 7 s of a 2,000-passage brief), so paragraphs go straight before them."""

    def __init__(self, doc: DocxDocument) -> None:
        self.doc = doc
        self._ids: dict[str, str] = {}
        self._names = {s.name for s in doc.styles}
        self._end = doc.element.body.find(qn("w:sectPr"))  # the body's last child, when there is one

    def style_id(self, name: str) -> str:
        if name not in self._ids:
            found = next((n for n in STYLE_NAMES.get(name, (name,)) if n in self._names), None)
            style = self.doc.styles[found] if found else _add_style(self.doc, name)
            self._names.add(style.name)
            self._ids[name] = style.style_id
        return self._ids[name]

    def add(self, text: str, style: str, *, keep_next: bool = False, keep_lines: bool = False) -> Paragraph:
        """A paragraph (and its properties) made as XML: python-docx's setters look for each property's place among
        every name that may follow it (1.5 s of a 2,000-passage brief)."""
        element = OxmlElement("w:p")
        properties = OxmlElement("w:pPr")  # pStyle, keepNext, keepLines: the schema's first three, in its order
        style_element = OxmlElement("w:pStyle")
        style_element.set(qn("w:val"), self.style_id(style))
        properties.append(style_element)
        if keep_next:
            properties.append(OxmlElement("w:keepNext"))
        if keep_lines:
            properties.append(OxmlElement("w:keepLines"))
        element.append(properties)
        if self._end is not None:
            self._end.addprevious(element)
        else:
            self.doc.element.body.append(element)
        paragraph = Paragraph(element, self.doc._body)
        if text:
            self.run(paragraph, text)
        return paragraph

    @staticmethod
    def run(paragraph: Paragraph, text: str, *, bold: bool = False, italic: bool = False) -> None:
        if any(c in text for c in "\n\r\t"):  # python-docx turns these into breaks and tabs
            added = paragraph.add_run(text)
            added.bold, added.italic = bold or None, italic or None
            return
        run = OxmlElement("w:r")
        if bold or italic:
            properties = OxmlElement("w:rPr")
            for on, tag in ((bold, "w:b"), (italic, "w:i")):
                if on:
                    properties.append(OxmlElement(tag))
            run.append(properties)
        t = OxmlElement("w:t")
        t.text = text
        if text != text.strip():
            t.set(qn("xml:space"), "preserve")
        run.append(t)
        paragraph._p.append(run)


def _text_width(doc: DocxDocument) -> Emu:
    section = doc.sections[-1]
    width = (section.page_width or Inches(8.5)) - (section.left_margin or 0) - (section.right_margin or 0)
    return Emu(max(int(width), int(Inches(3))))


def grid_table(doc: DocxDocument, header: list[str], rows: list[list[str]], widths: list[float]) -> Table:
    """A table that fits the text width (``widths``: shares of it), its header row repeated on every page it
    runs onto, no row split across pages."""
    table: Table = doc.add_table(rows=1, cols=len(header))
    table.autofit = False
    borders(table)
    total = int(_text_width(doc))
    emus = [Emu(int(total * w / sum(widths))) for w in widths]
    for column, width in zip(table.columns, emus, strict=True):
        column.width = width
    head = table.rows[0]
    tr_pr = head._tr.get_or_add_trPr()
    switch_on(tr_pr, "w:cantSplit")
    switch_on(tr_pr, "w:tblHeader")
    for cell, text, width in zip(head.cells, header, emus, strict=True):
        cell.width = width
        run = cell.paragraphs[0].add_run(text)
        run.bold, run.font.size = True, Pt(TABLE_PT)
        cell.paragraphs[0].paragraph_format.space_after = Pt(0)
    for row in rows:
        added = table.add_row()  # type: ignore[no-untyped-call]
        switch_on(added._tr.get_or_add_trPr(), "w:cantSplit")
        for cell, text, width in zip(added.cells, row, emus, strict=True):
            cell.width = width
            cell.paragraphs[0].add_run(text).font.size = Pt(TABLE_PT)
            cell.paragraphs[0].paragraph_format.space_after = Pt(0)  # a row as high as its text
    return table


def _caption(doc: DocxDocument, w: Writer, brief: Brief) -> None:
    """A court caption: the court centred above a box of the parties (left) and the case number and title
    (right), then the date and who prepared it."""
    if brief.court:
        w.add("", "Brief Caption").add_run(brief.court.upper()).bold = True
        w.add("", "Brief Caption")
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    total = int(_text_width(doc))
    left, right = table.rows[0].cells
    for cell, share in ((left, 0.55), (right, 0.45)):
        cell.width = Emu(int(total * share))
    for column, share in zip(table.columns, (0.55, 0.45), strict=True):
        column.width = Emu(int(total * share))
    # Only the left cell's right and bottom edges: the box of a federal caption.
    tc_pr = left._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for edge in ("bottom", "right"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "6")
        line.set(qn("w:color"), "000000")
        borders.append(line)
    tc_pr.append(borders)
    lines = caption_lines(brief) or [("", "")]
    first = True
    for text, role in lines:
        paragraph = left.paragraphs[0] if first else left.add_paragraph()
        first = False
        paragraph.paragraph_format.space_after = Pt(6)
        if role == "role":
            paragraph.paragraph_format.left_indent = Inches(1.5)
        elif role == "v":
            paragraph.paragraph_format.left_indent = Inches(0.75)
        paragraph.add_run(text)
    number = right.paragraphs[0]
    number.paragraph_format.left_indent = Inches(0.2)
    if brief.case_number:
        number.add_run(f"Case No. {brief.case_number}")
    title = right.add_paragraph()
    title.paragraph_format.left_indent = Inches(0.2)
    title.paragraph_format.space_before = Pt(18)
    title_run = title.add_run(brief.title.upper())
    title_run.bold = True
    w.add("", "Normal")
    w.add(long_date(brief.date), "Normal")
    if brief.prepared_by:
        w.add(f"Prepared by {brief.prepared_by}", "Normal")


def _contents(doc: DocxDocument, w: Writer, headings: list[tuple[str, int]]) -> None:
    """A table of contents: one line per heading with a ``PAGEREF`` field to its bookmark, which Word updates on
    opening (``updateFields``) and LibreOffice when it lays the page out. Not a Word ``TOC`` field: LibreOffice
    shows a TOC field's stored text as it is, and that text cannot know the pages."""
    w.add("", "Brief Caption").add_run("TABLE OF CONTENTS").bold = True
    w.add("", "Brief Caption")
    paragraph = w.add("", "Normal")
    paragraph.paragraph_format.tab_stops.add_tab_stop(_text_width(doc), alignment=2, leader=1)  # right, dots
    for n, (text, level) in enumerate(headings):
        if level > 3:
            continue
        if n:
            paragraph.add_run().add_break()
        paragraph.add_run("    " * (level - 1) + text + "\t")
        field_start(paragraph, f"PAGEREF _Toc{n} \\h")
        paragraph.add_run("")
        field_end(paragraph)
    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is None:
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)
    w.add("", "Normal").add_run().add_break(WD_BREAK.PAGE)


def _entry(w: Writer, e: Entry, brief: Brief) -> None:
    # A quote (and its callout) is never left at a page's foot with its cite on the next; the cite keeps with the
    # note under it.
    if e.quote:
        quote = w.add(e.quote, "Brief Quote", keep_next=True, keep_lines=True)
        if e.rtl:
            make_rtl(quote)
    elif e.annotation.kind == "area":
        w.add(f"[Area of page {e.annotation.page + 1}]", "Brief Quote", keep_next=True, keep_lines=True)
    if e.callout_png:
        picture = w.add("", "Brief Quote", keep_next=True)
        picture.add_run().add_picture(io.BytesIO(e.callout_png), width=CALLOUT_WIDTH)
    details = []
    if e.note:
        details.append(("Note: ", e.note))
    if e.review:
        details.append(("Review: ", e.review))
    if e.author:
        details.append(("Tagged by: ", e.author))
    cite = w.add("", "Brief Cite", keep_next=bool(details))
    if e.id_cite:
        w.run(cite, "Id.", italic=True)
        if e.cite[3:]:
            w.run(cite, e.cite[3:])
    else:
        w.run(cite, e.cite)
    if e.caveat:
        w.run(cite, f" ({e.caveat})")
    if brief.options.order.value == "exhibit" and e.categories:
        w.run(cite, f" — {', '.join(e.categories)}")
    if e.key:
        w.run(cite, "  ★ Key passage", bold=True)
    # Always present, even empty: its spacing separates one passage from the next.
    note = w.add("", "Brief Note")
    for n, (label, value) in enumerate(details):
        if n:
            note.add_run().add_break()
        w.run(note, label, italic=True)
        w.run(note, value)


def write_docx(brief: Brief, path: Path) -> None:
    if brief.options.template is not None:
        doc = open_template(brief.options.template)
    else:
        doc = Document()
        legal_look(doc)
    page_number_footer(doc)
    doc.core_properties.title = brief.title
    doc.core_properties.author = brief.prepared_by
    w = Writer(doc)

    _caption(doc, w, brief)
    w.add("", "Normal").add_run().add_break(WD_BREAK.PAGE)
    headings = [("Index of Exhibits", 1), *((s.heading, s.level) for s in brief.sections), ("Summary", 1)]
    _contents(doc, w, headings)
    marks = iter(range(len(headings)))

    def heading(text: str, level: int) -> None:
        n = next(marks)
        paragraph = w.add(text, f"Heading {min(level, 9)}")
        paragraph.paragraph_format.keep_with_next = True  # whatever the template's heading styles say
        bookmark(paragraph, f"_Toc{n}", n)

    heading("Index of Exhibits", 1)
    grid_table(doc, INDEX_HEADER, index_rows(brief), [1.0, 2.3, 0.8, 1.6, 1.7])

    for s in brief.sections:
        heading(s.heading, s.level)
        if s.description:
            # Kept with its heading (which keeps with it), not with the first quote: LibreOffice 7.4 leaves the heading
            # of a chain heading–description–quote–cite behind at a page's foot.
            w.add("", "Normal").add_run(s.description).italic = True
        for e in s.entries:
            _entry(w, e, brief)

    heading("Summary", 1)
    for header, rows in summary_tables(brief, max_exhibits=6):
        # The category's name gets the room it needs; counts are short.
        grid_table(doc, header, rows, [3.0] + [1.0] * (len(header) - 1))
        w.add("", "Normal")
    doc.save(str(path))
