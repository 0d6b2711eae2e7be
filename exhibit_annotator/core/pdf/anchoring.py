"""Passage anchoring: find a quote in an exhibit, and find an anchored passage again.

The one place where a passage becomes (pages, offsets, text, rectangles) — the ``tag`` command, the GUI's mouse
selection, exports and re-anchoring after a re-production all come through here.

Matching runs over the folded text of the whole exhibit (``normalize.fold``), pages joined, so a sentence that
runs onto the next page is found like any other. Re-anchoring follows Hypothesis' order (see
../shared/notes/platform-facts.md): trust the stored offsets if the text there still is the quote; else search
the quote exactly, preferring the occurrence near the stored page whose surroundings match the stored
prefix/suffix; else an approximate match on one page (edlib).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

import edlib

from ..errors import UserError
from ..model import Extraction, PageRect, TextPosition, TextQuote
from ..normalize import fold_text, quantity, reading_text
from .text import DocumentText, PageText

CONTEXT_CHARS = 32


class AnchorError(UserError):
    """A quote or anchor could not be placed; the message is for the user."""


class NoTextLayer(AnchorError):
    pass


class QuoteNotFound(AnchorError):
    pass


@dataclass(frozen=True)
class Passage:
    """A located passage: from ``start`` in the text of ``page`` to ``end`` in the text of ``end_page``."""

    page: int
    end_page: int
    start: int
    end: int
    raw: str  # the page text(s) of the passage, pages joined by "\n"
    rects: list[PageRect]
    quote: TextQuote
    extraction: Extraction  # how the text of its first page was made (text layer or OCR), stored with it

    @property
    def text(self) -> str:
        """The passage as read: what is stored, quoted in briefs and compared with sources."""
        return reading_text(self.raw)

    @property
    def position(self) -> TextPosition:
        return TextPosition(start=self.start, end=self.end)


@dataclass(frozen=True)
class Found:
    passage: Passage
    occurrence: int  # 1-based, among all occurrences in the searched pages
    occurrences: list[int]  # first page of every occurrence, in order


class Pages(Protocol):
    """Page texts by index: a whole ``DocumentText``, or the pages a view has fetched for a mouse selection."""

    def page(self, index: int) -> PageText: ...


def passage(doc: Pages, page: int, start: int, end_page: int, end: int) -> Passage:
    """The passage from ``start`` on ``page`` to ``end`` on ``end_page``, trimmed of surrounding whitespace."""
    first, last = doc.page(page), doc.page(end_page)
    while start < len(first.text) and first.text[start].isspace():
        start += 1
    while end > 0 and last.text[end - 1].isspace():
        end -= 1
    if page == end_page:
        if start >= end:
            raise AnchorError("the selection holds no text")
        raw = first.text[start:end]
        rects = [PageRect(page=page, rect=list(r)) for r in first.rects(start, end)]
    else:
        parts = [first.text[start:]]
        rects = [PageRect(page=page, rect=list(r)) for r in first.rects(start, len(first.text))]
        for middle in range(page + 1, end_page):
            text = doc.page(middle).text
            parts.append(text)
            rects += [PageRect(page=middle, rect=list(r)) for r in doc.page(middle).rects(0, len(text))]
        parts.append(last.text[:end])
        rects += [PageRect(page=end_page, rect=list(r)) for r in last.rects(0, end)]
        raw = "\n".join(parts)
    quote = TextQuote(
        exact=raw,
        prefix=first.text[max(0, start - CONTEXT_CHARS) : start],
        suffix=last.text[end : end + CONTEXT_CHARS],
    )
    return Passage(page, end_page, start, end, raw, rects, quote, Extraction(method=first.method, engine=first.engine))


WINDOW = 64  # pages joined and searched at a time: memory stays bounded on a 100,000-page exhibit


def _occurrences(
    doc: DocumentText, pages: Sequence[int], needle: str, ignore_case: bool, window: int = WINDOW
) -> list[tuple[int, int, int, int]]:
    """Every occurrence of folded ``needle`` that starts on one of ``pages`` (consecutive), as
    (page, start, end_page, end) in page-text offsets, a window of pages at a time (each window reads on into the
    pages after it as far as a match could run, so nothing across its edge is missed)."""
    hits: list[tuple[int, int, int, int]] = []
    for k in range(0, len(pages), window):
        hits += _occurrences_in(doc, pages[k : k + window], needle, ignore_case)
    return hits


def _occurrences_in(
    doc: DocumentText, pages: Sequence[int], needle: str, ignore_case: bool
) -> list[tuple[int, int, int, int]]:
    """``_occurrences`` on consecutive ``pages`` joined into one text, so matches may run across them."""
    folded = [doc.folded(i, ignore_case=ignore_case) for i in pages]
    starts: list[int] = []
    offset = 0
    for f in folded:
        starts.append(offset)
        offset += len(f.text)
    # A match may run past the last page searched: append the pages after it, as long as the quote could reach.
    tail_pages: list[int] = []
    tail_len = 0
    nxt = pages[-1] + 1 if pages else doc.page_count
    while tail_len < len(needle) and nxt < doc.page_count:
        f = doc.folded(nxt, ignore_case=ignore_case)
        tail_pages.append(nxt)
        folded.append(f)
        starts.append(offset + tail_len)
        tail_len += len(f.text)
        nxt += 1
    all_pages = list(pages) + tail_pages
    joined = "".join(f.text for f in folded)
    limit = offset  # a match must start on one of ``pages``
    hits = []
    i = joined.find(needle)
    while 0 <= i < limit:
        j = i + len(needle)
        first = bisect_right(starts, i) - 1
        last = bisect_right(starts, j - 1) - 1
        # Skip pages whose folded text is empty (bisect lands on the last of equal starts, which is right).
        f_first, f_last = folded[first], folded[last]
        start = f_first.origin[i - starts[first]]
        end = f_last.origin[j - 1 - starts[last]] + 1
        hits.append((all_pages[first], start, all_pages[last], end))
        i = joined.find(needle, i + 1)
    return hits


def find_quote(
    doc: DocumentText,
    quote: str,
    *,
    page: int | None = None,
    occurrence: int = 1,
    ignore_case: bool = False,
    within: tuple[int, int, int, int] | None = None,
) -> Found:
    """Locate ``quote`` as a user typed or pasted it. ``page`` (0-based): the quote must start on that page;
    ``within`` (page, start, end page, end): it must lie there (numbered lines, ``edits.lines_passage``)."""
    needle = fold_text(quote, ignore_case=ignore_case)
    if not needle:
        raise AnchorError("the quote is empty")
    if occurrence < 1:
        raise AnchorError("occurrences are counted from 1")
    if page is not None and not 0 <= page < doc.page_count:
        raise AnchorError(f"there is no page {page + 1} (the exhibit has {quantity(doc.page_count, 'page')})")
    pages = [page] if page is not None else list(range(doc.page_count))
    if within is not None:
        pages = [p for p in range(within[0], within[2] + 1) if page is None or p == page]
    hits = _occurrences(doc, pages, needle, ignore_case)
    if within is not None:
        hits = [h for h in hits if within[:2] <= h[:2] and h[2:] <= within[2:]]
    if not hits:
        where = f"page {page + 1}" if page is not None else "the exhibit"
        where = "those lines" if within is not None else where
        if not any(doc.page(i).has_text for i in pages):
            raise NoTextLayer(f"{where} has no text layer (a scan?); tag an area of the page instead")
        hint = ""
        if not ignore_case and _occurrences(doc, pages, fold_text(quote, ignore_case=True), True):
            hint = " (it is there with different letter case: ignore case to find it)"
        raise QuoteNotFound(f"the quote is not on {where}{hint}")
    if occurrence > len(hits):
        raise QuoteNotFound(f"the quote occurs {len(hits)} time(s), so there is no occurrence {occurrence}")
    p, start, end_page, end = hits[occurrence - 1]
    return Found(passage(doc, p, start, end_page, end), occurrence, [h[0] for h in hits])


# --- Re-anchoring -------------------------------------------------------------------------------------------


class AnchorState(StrEnum):
    exact = "exact"  # the stored offsets still hold the quote
    moved = "moved"  # the quote was found exactly, elsewhere
    fuzzy = "fuzzy"  # only an approximate match was found
    lost = "lost"  # not found


@dataclass(frozen=True)
class Resolution:
    state: AnchorState
    passage: Passage | None
    errors: int = 0


def _context_score(doc: DocumentText, hit: tuple[int, int, int, int], quote: TextQuote) -> int:
    page, start, end_page, end = hit
    before = fold_text(doc.page(page).text[max(0, start - 2 * CONTEXT_CHARS) : start])
    after = fold_text(doc.page(end_page).text[end : end + 2 * CONTEXT_CHARS])
    prefix, suffix = fold_text(quote.prefix), fold_text(quote.suffix)
    return 20 * bool(prefix and before.endswith(prefix)) + 20 * bool(suffix and after.startswith(suffix))


def resolve(
    doc: DocumentText,
    page: int,
    quote: TextQuote,
    position: TextPosition | None = None,
    extraction: Extraction | None = None,
    end_page: int | None = None,
) -> Resolution:
    """Find a stored passage again in (possibly a re-produced version of) the exhibit."""
    needle = fold_text(quote.exact)
    if not needle or doc.page_count == 0:
        return Resolution(AnchorState.lost, None)
    last = page if end_page is None else end_page
    # 1. The stored offsets, when made by the same extraction and the text there still is the quote.
    trusted = position is not None and extraction is not None and 0 <= page <= last < doc.page_count
    if trusted and position is not None and extraction is not None and extraction.method == doc.page(page).method:
        try:
            p = passage(doc, page, position.start, last, position.end)
        except (AnchorError, IndexError):
            p = None
        if p is not None and fold_text(p.raw) == needle:
            return Resolution(AnchorState.exact, p)
    # 2. Exact search over the exhibit; best context, then nearest to where it was.
    hits = _occurrences(doc, list(range(doc.page_count)), needle, False)
    if hits:
        target = position.start if position is not None else 0

        def score(hit: tuple[int, int, int, int]) -> tuple[int, int, int]:
            return (-_context_score(doc, hit, quote), abs(hit[0] - page), abs(hit[1] - target))

        best = min(hits, key=score)
        return Resolution(AnchorState.moved, passage(doc, *best))
    # 3. Approximate: the best edlib infix match on one page, within a quarter of the quote's length in errors.
    max_errors = max(1, min(256, len(needle) // 4))
    found: tuple[int, int, int, int] | None = None
    for index in sorted(range(doc.page_count), key=lambda i: (abs(i - page), i)):
        folded = doc.folded(index)
        if not folded.text:
            continue
        result = edlib.align(needle, folded.text, mode="HW", task="locations", k=max_errors)
        distance = int(result["editDistance"])
        if distance < 0 or not result["locations"]:
            continue
        if found is None or distance < found[0]:
            s, e = result["locations"][0]
            start, end = folded.span(s, e + 1)
            found = (distance, index, start, end)
            if distance == 0:
                break
    if found is None:
        return Resolution(AnchorState.lost, None)
    distance, index, start, end = found
    return Resolution(AnchorState.fuzzy, passage(doc, index, start, index, end), errors=distance)
