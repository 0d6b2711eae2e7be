"""The WordprocessingML python-docx has no call for: right-to-left paragraphs and runs (in the order the schema
wants), fields (page numbers, the table of contents), bookmarks, table borders."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

COMPLEX_FONT = "Noto Naskh Arabic"
BODY_PT = 12

_PPR_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
    "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


_RPR_AFTER_ICS = (
    "w:caps", "w:smallCaps", "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof",
    "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz",
    "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
    "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
)  # fmt: skip


_RPR_AFTER_SZCS = _RPR_AFTER_ICS[_RPR_AFTER_ICS.index("w:szCs") + 1 :]


_RPR_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def switch_on(parent: object, tag: str, value: str | None = None) -> None:
    """A ``<w:tag/>`` (with ``w:val``) appended to an element that has none."""
    element = OxmlElement(tag)
    if value is not None:
        element.set(qn("w:val"), value)
    parent.append(element)  # type: ignore[attr-defined]


def make_rtl(paragraph: Paragraph) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    if p_pr.find(qn("w:bidi")) is None:
        p_pr.insert_element_before(OxmlElement("w:bidi"), *_PPR_AFTER_BIDI)
    for run in paragraph.runs:
        run.font.rtl = True
        r_pr = run._r.get_or_add_rPr()
        r_pr.get_or_add_rFonts().set(qn("w:cs"), COMPLEX_FONT)
        run.font.italic = False
        if r_pr.find(qn("w:iCs")) is None:
            no_italic = OxmlElement("w:iCs")
            no_italic.set(qn("w:val"), "0")
            r_pr.insert_element_before(no_italic, *_RPR_AFTER_ICS)
        if r_pr.find(qn("w:szCs")) is None:
            size = OxmlElement("w:szCs")
            size.set(qn("w:val"), str(2 * BODY_PT))
            r_pr.insert_element_before(size, *_RPR_AFTER_SZCS)
        if r_pr.find(qn("w:lang")) is None:
            lang = OxmlElement("w:lang")
            lang.set(qn("w:bidi"), "ar-SA")
            r_pr.insert_element_before(lang, *_RPR_AFTER_LANG)


def field_start(paragraph: Paragraph, instruction: str) -> None:
    """The start of a Word field (``PAGE``, ``TOC …``): what follows up to ``_field_end`` is its shown text until
    it is updated."""
    begin, separate = OxmlElement("w:fldChar"), OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    separate.set(qn("w:fldCharType"), "separate")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    for part in (begin, instr, separate):
        paragraph.add_run()._r.append(part)


def field_end(paragraph: Paragraph) -> None:
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def page_number_footer(doc: DocxDocument) -> None:
    """A centred page number, unless the template's footer says something already (its own number, a legend)."""
    footer = doc.sections[0].footer
    if any(p.text.strip() or p._p.xpath(".//w:fldSimple|.//w:fldChar") for p in footer.paragraphs):
        return
    paragraph = footer.paragraphs[0]
    paragraph.alignment = 1
    field_start(paragraph, "PAGE")
    paragraph.add_run("1")
    field_end(paragraph)


def borders(table: Table, outside: bool = True) -> None:
    """Single thin lines around every cell, whatever table styles the template has."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single" if outside else "nil")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:color"), "808080")
        borders.append(line)
    tbl_pr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
                                 "w:tblDescription", "w:tblPrChange")  # fmt: skip


def bookmark(paragraph: Paragraph, name: str, number: int) -> None:
    """A bookmark around a heading's text, for the table of contents' page references."""
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end.set(qn("w:id"), str(number))
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)
