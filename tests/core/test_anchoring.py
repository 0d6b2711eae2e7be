"""Quotes from the source texts are found in the PDFs, and the stored text reads as the source."""

from __future__ import annotations

import re

import pymupdf
import pytest

from exhibit_annotator.core.model import TextPosition, TextQuote
from exhibit_annotator.core.normalize import collapse_whitespace
from exhibit_annotator.core.pdf.anchoring import (
    AnchorError,
    AnchorState,
    NoTextLayer,
    QuoteNotFound,
    find_quote,
    resolve,
)
from exhibit_annotator.core.pdf.text import DocumentText

from ..conftest import EXHIBITS, SOURCES

# Two known differences in exhibit-ar.pdf, both in the PDF itself rather than in our reading of it:
# a line break falls between "و" and "Macmillan" (read as a space), and MuPDF reports one tanween of
# "تعليقاً" on the line above, so it is dropped rather than put on a wrong word.
KNOWN_AR_DIFFERENCES = {"وMacmillan": "و Macmillan", "تعليقاً": "تعليقا"}


def sentences(lang: str) -> list[str]:
    text = (SOURCES / f"{lang}.txt").read_text(encoding="utf-8")
    out = []
    for para in text.split("\n"):
        out += [s.strip() for s in re.split(r"(?<=[.!؟?])\s+", para) if len(s.strip()) > 3]
    return out


def doc_text(name: str) -> DocumentText:
    return DocumentText(pymupdf.open(EXHIBITS / name))


@pytest.mark.parametrize("lang", ["en", "ru", "ar"])
def test_every_source_sentence_is_found_and_reads_as_the_source(lang: str) -> None:
    doc = doc_text(f"exhibit-{lang}.pdf")
    for sentence in sentences(lang):
        found = find_quote(doc, sentence)
        expected = collapse_whitespace(sentence)
        if lang == "ar":
            for source, pdf in KNOWN_AR_DIFFERENCES.items():
                expected = expected.replace(source, pdf)
        assert found.passage.text == expected


def test_arabic_line_with_latin_words_is_in_logical_order() -> None:
    page = doc_text("exhibit-ar.pdf").page(0)
    assert "كشفت ملفات المحكمة أن المديرين التنفيذيين في Meta مهووسون بالتغلب على GPT-4 الخاص بـ OpenAI" in page.text
    # Sentence-final punctuation stays at the end of the sentence, not at the start of the line.
    assert "وفقًا للرسائل الداخلية التي كشفت عنها المحكمة يوم الثلاثاء في إحدى\nقضايا حقوق الطبع والنشر" in page.text


def test_sentence_across_a_page_break_gets_both_pages() -> None:
    doc = doc_text("exhibit-ru.pdf")
    found = find_quote(doc, "набор данных LibGen, который содержит защищенные авторским правом работы от Cengage")
    p = found.passage
    assert (p.page, p.end_page) == (0, 1)
    assert {r.page for r in p.rects} == {0, 1}


def test_typography_case_and_hyphenation_do_not_stop_a_match() -> None:
    en, ru = doc_text("exhibit-en.pdf"), doc_text("exhibit-ru.pdf")
    # Straight quotes and a hyphen typed as an en dash, extra spaces and a line break.
    assert find_quote(en, "the company’s vice   president\nfor generative AI").passage.page == 0
    assert find_quote(en, "GPT–4, the model sold by OpenAI").passage.text == "GPT-4, the model sold by OpenAI"
    with pytest.raises(QuoteNotFound, match="different letter case"):
        find_quote(ru, "мета-руководители")
    assert find_quote(ru, "мета-руководители", ignore_case=True).passage.text == "Мета-руководители"


def test_repeated_quote_takes_the_first_and_counts_the_others() -> None:
    doc = doc_text("exhibit-en.pdf")
    quote = "the target for the next model should be GPT-4"
    first = find_quote(doc, quote)
    assert first.occurrence == 1 and len(first.occurrences) == 4
    third = find_quote(doc, quote, occurrence=3)
    assert third.passage.page == first.occurrences[2]
    on_page = find_quote(doc, quote, page=third.passage.page)
    assert on_page.passage.start == third.passage.start
    with pytest.raises(QuoteNotFound, match="occurs 4 time"):
        find_quote(doc, quote, occurrence=5)


def test_missing_quote_and_scan_say_so() -> None:
    with pytest.raises(QuoteNotFound, match="not on the exhibit"):
        find_quote(doc_text("exhibit-en.pdf"), "a sentence that is in no exhibit")
    with pytest.raises(NoTextLayer, match="no text layer"):
        find_quote(doc_text("exhibit-ru-scanned.pdf"), "Мистраль")
    with pytest.raises(AnchorError):
        find_quote(doc_text("exhibit-en.pdf"), "   ")


def test_geometry_covers_the_words_on_the_page() -> None:
    doc = doc_text("exhibit-en.pdf")
    p = find_quote(doc, "clearing the way to use the LibGen data set").passage
    page = doc.doc[p.page]
    words = " ".join(page.get_textbox(pymupdf.Rect(r.rect)) for r in p.rects)
    assert "LibGen" in words and "clearing" in words
    assert all(page.rect.contains(pymupdf.Rect(r.rect)) for r in p.rects)


def test_reanchoring_exact_moved_fuzzy_lost() -> None:
    doc = doc_text("exhibit-en.pdf")
    p = find_quote(doc, "clearing the way to use the LibGen data set").passage
    assert p.extraction.method == "ea-text-1" and p.extraction.engine.startswith("MuPDF ")
    assert resolve(doc, p.page, p.quote, p.position, p.extraction).state is AnchorState.exact
    # Offsets from an older version of the file: found again by its text, preferring the context.
    shifted = TextPosition(start=p.start + 40, end=p.end + 40)
    moved = resolve(doc, p.page + 1, p.quote, shifted, p.extraction)
    assert moved.state is AnchorState.moved and moved.passage is not None
    assert (moved.passage.page, moved.passage.start) == (p.page, p.start)
    # A re-produced PDF whose text differs slightly (OCR-like errors).
    typo = TextQuote(exact="clearing the wav to use the LibGen data sct")
    fuzzy = resolve(doc, p.page, typo)
    assert fuzzy.state is AnchorState.fuzzy and fuzzy.passage is not None and "LibGen" in fuzzy.passage.text
    assert resolve(doc, 0, TextQuote(exact="nothing like this is anywhere in the exhibit text")).state is (
        AnchorState.lost
    )


def test_footnote_markers_stay_in_their_line() -> None:
    # Superscript "5" after "(OWRB)," in a Supreme Court slip opinion: one line, not a line of its own.
    doc = DocumentText(pymupdf.open(EXHIBITS / "court" / "vector-30-pages.pdf"))
    found = find_quote(doc, "Water Resources Board (OWRB),5 respondents here, to take 310,000 acre feet6 per year")
    assert found.passage.page == 10
    assert found.passage.text.startswith("Water Resources Board (OWRB),5 respondents here")


def test_a_quote_across_the_edge_of_a_search_window_is_found() -> None:
    """Long exhibits are searched a window of pages at a time (bounded memory): a quote that runs from the last page
    of one window onto the next is found as if the whole exhibit were one text, and once only."""
    from exhibit_annotator.core.normalize import fold_text
    from exhibit_annotator.core.pdf.anchoring import _occurrences, _occurrences_in

    doc = pymupdf.open()
    for n in range(7):
        page = doc.new_page()
        page.insert_text((72, 100), f"Page {n} opens here.", fontsize=11)
        page.insert_text((72, 700), "the closing words run on" if n % 2 else f"an ordinary last line {n}", fontsize=11)
    text = DocumentText(doc, keep=3)
    for quote in ("words run on Page", "ordinary last line", "Page 4 opens"):
        needle = fold_text(quote)
        whole = _occurrences_in(text, list(range(7)), needle, False)
        assert whole and _occurrences(text, list(range(7)), needle, False, window=2) == whole, quote
    assert len(_occurrences(text, list(range(7)), fold_text("words run on Page"), False, window=2)) == 3
