"""The brief as a Word document (python-docx), with real, named styles an attorney can restyle.

Right-to-left paragraphs: python-docx has run-level ``rtl`` but no paragraph bidi, so ``w:bidi`` is added to
``w:pPr`` in schema order, Arabic runs get ``w:rFonts w:cs``, ``w:szCs`` and ``w:lang w:bidi``, and ``w:jc`` is
left unset (with bidi, ``jc="right"`` renders flush left in LibreOffice; ../shared/notes/platform-facts.md).
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt
from docx.text.paragraph import Paragraph

from ..brief import INDEX_HEADER, Brief, Entry, index_rows, long_date, summary_tables

# Times New Roman for Latin and Cyrillic (LibreOffice uses its metric twin). Arabic runs name Noto Naskh Arabic:
# where it is installed (packaging/setup.sh installs it on Linux) LibreOffice writes a clean Arabic text layer;
# with Times New Roman's substitutes it reversed lam-alef in the PDF it wrote. Word substitutes its default
# Arabic face where Noto Naskh is missing.
LATIN_FONT = "Times New Roman"
COMPLEX_FONT = "Noto Naskh Arabic"
BODY_PT = 12

_PPR_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
    "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_RPR_AFTER_SZCS = (
    "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em",
    "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
)  # fmt: skip
_RPR_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def _styles(doc: DocxDocument) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(BODY_PT)
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), LATIN_FONT if attr != "w:cs" else COMPLEX_FONT)
    styles = doc.styles

    def paragraph_style(name: str, base: str) -> None:
        if name not in [s.name for s in styles]:
            styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH).base_style = styles[base]

    paragraph_style("Brief Quote", "Quote")
    quote = styles["Brief Quote"]
    quote.font.italic = False
    quote.paragraph_format.left_indent = Inches(0.5)
    quote.paragraph_format.right_indent = Inches(0.5)
    quote.paragraph_format.space_after = Pt(2)
    paragraph_style("Brief Cite", "Normal")
    styles["Brief Cite"].paragraph_format.left_indent = Inches(0.5)
    styles["Brief Cite"].font.bold = True
    paragraph_style("Brief Note", "Normal")
    styles["Brief Note"].paragraph_format.left_indent = Inches(0.5)
    styles["Brief Note"].font.size = Pt(BODY_PT - 1)
    styles["Brief Note"].paragraph_format.space_after = Pt(10)
    paragraph_style("Brief Caption", "Normal")
    styles["Brief Caption"].paragraph_format.alignment = 1  # centred
    styles["Brief Caption"].font.size = Pt(BODY_PT + 1)


class _Writer:
    """Adds paragraphs by style id: python-docx resolves a style name by scanning every style, per paragraph
    (18 s for a 5,000-passage brief against 2.4 s without styles), so ids are looked up once here."""

    def __init__(self, doc: DocxDocument) -> None:
        self.doc = doc
        self._ids: dict[str, str] = {}

    def add(self, text: str, style: str) -> Paragraph:
        style_id = self._ids.get(style)
        if style_id is None:
            style_id = self._ids[style] = self.doc.styles[style].style_id
        paragraph = self.doc.add_paragraph(text)
        paragraph._p.style = style_id
        return paragraph


def _make_rtl(paragraph: Paragraph) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    if p_pr.find(qn("w:bidi")) is None:
        p_pr.insert_element_before(OxmlElement("w:bidi"), *_PPR_AFTER_BIDI)
    for run in paragraph.runs:
        run.font.rtl = True
        r_pr = run._r.get_or_add_rPr()
        r_pr.get_or_add_rFonts().set(qn("w:cs"), COMPLEX_FONT)
        if r_pr.find(qn("w:szCs")) is None:
            size = OxmlElement("w:szCs")
            size.set(qn("w:val"), str(2 * BODY_PT))
            r_pr.insert_element_before(size, *_RPR_AFTER_SZCS)
        if r_pr.find(qn("w:lang")) is None:
            lang = OxmlElement("w:lang")
            lang.set(qn("w:bidi"), "ar-SA")
            r_pr.insert_element_before(lang, *_RPR_AFTER_LANG)


def _page_number_footer(doc: DocxDocument) -> None:
    paragraph = doc.sections[0].footer.paragraphs[0]
    paragraph.alignment = 1
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _entry(w: _Writer, e: Entry, brief: Brief) -> None:
    if e.quote:
        quote = w.add(e.quote, "Brief Quote")
        if e.rtl:
            _make_rtl(quote)
    elif e.annotation.kind == "area":
        w.add(f"[Area of page {e.annotation.page + 1}]", "Brief Quote")
    if e.callout_png:
        w.add("", "Brief Quote").add_run().add_picture(io.BytesIO(e.callout_png), width=Inches(5.5))
    cite = f"{e.cite} ({e.caveat})" if e.caveat else e.cite
    if brief.options.order.value == "exhibit" and e.categories:
        cite += f" — {', '.join(e.categories)}"
    w.add(cite, "Brief Cite")
    details = []
    if e.note:
        details.append(("Note: ", e.note))
    if e.author:
        details.append(("Tagged by: ", e.author))
    # Always present, even empty: its spacing separates one passage from the next.
    note = w.add("", "Brief Note")
    for n, (label, value) in enumerate(details):
        if n:
            note.add_run().add_break()
        note.add_run(label).italic = True
        note.add_run(value)


def _table(doc: DocxDocument, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = doc.styles["Light Grid Accent 1"]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text


def write_docx(brief: Brief, path: Path) -> None:
    doc = Document()
    _styles(doc)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    _page_number_footer(doc)
    doc.core_properties.title = brief.title
    doc.core_properties.author = brief.prepared_by

    # Caption / cover.
    if brief.court:
        doc.add_paragraph(brief.court.upper(), style="Brief Caption")
    if brief.case_name:
        doc.add_paragraph(style="Brief Caption").add_run(brief.case_name).bold = True
    if brief.case_number:
        doc.add_paragraph(f"Case No. {brief.case_number}", style="Brief Caption")
    doc.add_paragraph(brief.title, style="Title")
    doc.add_paragraph(long_date(brief.date), style="Brief Caption")
    if brief.prepared_by:
        doc.add_paragraph(f"Prepared by {brief.prepared_by}", style="Brief Caption")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    doc.add_heading("Index of Exhibits", level=1)
    _table(
        doc,
        INDEX_HEADER,
        index_rows(brief),
    )

    w = _Writer(doc)
    for s in brief.sections:
        w.add(s.heading, f"Heading {min(s.level, 9)}")
        if s.description:
            w.add("", "Normal").add_run(s.description).italic = True
        for e in s.entries:
            _entry(w, e, brief)

    w.add("Summary", "Heading 1")
    for header, rows in summary_tables(brief):
        _table(doc, header, rows)
        w.add("", "Normal")
    doc.save(str(path))
