"""The chronology (Word, PDF, CSV) and the statement of undisputed material facts (Word, PDF), written from a
``FactsDocument`` (``brief.facts``) with the brief's look and fonts.

The statement numbers its paragraphs in the text ("1. "), not with Word's list numbering: the numbers then survive
copying into the firm's own pleading and read back as written (cite-check, a reviewer's diff). Each paragraph ends
with its record cites in parentheses; under it, each source's quotation with its cite, set as the brief sets a
quote, so that ``cite-check`` reads them back against the exhibits.
"""

from __future__ import annotations

import csv
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT

from ..brief.facts import CHRONOLOGY_HEADER, CHRONOLOGY_WIDTHS, FactRow, FactsDocument, FactsKind
from .brief_html import Fixes, escape, table_html
from .data import spreadsheet_safe
from .docx import Writer, grid_table, legal_look
from .ooxml import make_rtl, page_number_footer
from .pdf import write_document_pdf

CSV_HEADER = [
    "date", "date_words", "fact", "sources", "quotes", "issues", "people", "status", "key_fact", "problems", "note",
    "author", "id",
]  # fmt: skip


def write_facts(document: FactsDocument, path: Path, suffix: str) -> None:
    """``suffix`` says the format: .docx, .pdf, or .csv (the chronology only)."""
    if suffix == ".csv":
        _csv(document, path)
    elif suffix == ".pdf":
        write_document_pdf(lambda fixes: _html(document, fixes), path, document.title, document.prepared_by)
    else:
        _docx(document, path)


def _csv(document: FactsDocument, path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:  # the BOM: Excel then reads UTF-8
        out = csv.writer(f)
        out.writerow(CSV_HEADER)
        for r in document.rows:
            fact = r.fact
            row = [
                fact.date, r.date, fact.text, r.record, " | ".join(s.quote for s in r.sources), r.issues, r.people,
                fact.status.value, "yes" if fact.key_fact else "", "; ".join(r.problems), fact.note, fact.author,
                str(fact.id),
            ]  # fmt: skip
            out.writerow([spreadsheet_safe(v) for v in row])


def _statement_paragraph(n: int, r: FactRow) -> str:
    record = f" ({r.record}.)" if r.record else ""
    warning = f" [{'; '.join(r.problems)}]" if r.problems else ""
    return f"{n}. {r.fact.text}{record}{warning}"


def _heads(document: FactsDocument) -> list[str]:
    return [line for line in (document.court, document.case_name, document.case_number) if line]


# --- Word ----------------------------------------------------------------------------------------------------------
def _docx(document: FactsDocument, path: Path) -> None:
    doc: DocxDocument = Document()
    legal_look(doc)
    if document.kind is FactsKind.chronology:  # six columns: the page turned, as chronologies are printed
        section = doc.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    page_number_footer(doc)
    doc.core_properties.title = document.title
    doc.core_properties.author = document.prepared_by
    w = Writer(doc)
    for line in _heads(document):
        w.add(line, "Brief Caption")
    title = w.add("", "Brief Caption")
    w.run(title, document.title, bold=True)
    w.add(f"{document.prepared_by + ', ' if document.prepared_by else ''}{document.date}", "Brief Caption")
    w.add("", "Normal")
    if document.kind is FactsKind.chronology:
        grid_table(doc, CHRONOLOGY_HEADER, [r.cells() for r in document.rows], CHRONOLOGY_WIDTHS)
        if not document.rows:
            w.add("No facts.", "Normal")
        doc.save(str(path))
        return
    n = 0
    for heading, rows in document.groups:
        if heading:
            w.add(heading, "Heading 1").paragraph_format.keep_with_next = True
        for r in rows:
            n += 1
            w.add(_statement_paragraph(n, r), "Normal", keep_next=bool(r.sources))
            for k, s in enumerate(r.sources):
                if not s.quote:
                    continue
                quote = w.add(f"“{s.quote}” {s.cite}", "Brief Quote", keep_next=k < len(r.sources) - 1)
                if s.rtl:
                    make_rtl(quote)
    if n == 0:
        w.add("No undisputed facts.", "Normal")
    doc.save(str(path))


# --- PDF -----------------------------------------------------------------------------------------------------------
def _html(document: FactsDocument, fixes: Fixes) -> str:
    out = [f'<p class="court">{"<br/>".join(escape(line) for line in _heads(document))}</p>']
    out.append(f'<h1 style="text-align: center">{escape(document.title)}</h1>')
    by = f"{escape(document.prepared_by)}, " if document.prepared_by else ""
    out.append(f'<p style="text-align: center">{by}{escape(document.date)}</p>')
    if document.kind is FactsKind.chronology:
        out.append(table_html("chronology", CHRONOLOGY_HEADER, [r.cells() for r in document.rows],
                              CHRONOLOGY_WIDTHS, fixes) if document.rows else "<p>No facts.</p>")  # fmt: skip
        return "\n".join(out)
    n = 0
    for heading, rows in document.groups:
        if heading:
            out.append(f"<h2>{escape(heading)}</h2>")
        for r in rows:
            n += 1
            out.append(f"<p>{escape(_statement_paragraph(n, r))}</p>")
            for s in r.sources:
                if s.quote:
                    rtl = ' dir="rtl" class="rtl"' if s.rtl else ""
                    out.append(f"<blockquote{rtl}>“{escape(s.quote)}” {escape(s.cite)}</blockquote>")
    if n == 0:
        out.append("<p>No undisputed facts.</p>")
    return "\n".join(out)
