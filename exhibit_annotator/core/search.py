"""Search across exhibits over our own cached, folded page text.

PyMuPDF's ``search_for`` folds case only for ASCII (``мета`` misses ``Мета``) and fragments Arabic
(../shared/notes/platform-facts.md), so search runs on folded text (``normalize``): case-insensitive by default,
whitespace, line breaks, hyphenation and typographic quotes ignored, so a phrase that wraps a line is found.

Two levels keep the first search near raw PyMuPDF speed and the next ones instant:
- a per-page *filter* string: MuPDF's plain text (~1 ms a page) folded with whole-string operations, cached per
  exhibit. Pages holding right-to-left script use our logical-order text instead, since MuPDF's plain text
  moves punctuation and Latin runs on those lines;
- for pages that pass the filter, the exact hits come from the page's logical-order text (``core.text``), with
  offsets, the words around them, and highlight rectangles.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pymupdf

from .confinement import readable_file
from .exhibits import open_pdf
from .model import Exhibit, Project
from .normalize import Folded, fast_fold, fold, fold_text
from .ocr import document_text
from .text import Box, DocumentText

CONTEXT = 40
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


@dataclass(frozen=True)
class Hit:
    exhibit_id: str
    label: str
    page: int  # 0-based
    text: str
    before: str  # the words around the hit, whitespace collapsed
    after: str
    rects: list[Box]

    @property
    def context(self) -> str:
        return f"…{self.before}[{self.text}]{self.after}…"


def _words(text: str, cut_start: bool = False, cut_end: bool = False) -> str:
    """Whole words of a context window (a word cut by the window is dropped), whitespace collapsed."""
    words = text.split()
    if cut_start and words and not text[0].isspace():
        words = words[1:]
    if cut_end and words and not text[-1].isspace():
        words = words[:-1]
    lead = " " if text[:1].isspace() and words else ""
    trail = " " if text[-1:].isspace() and words else ""
    return (lead if not cut_start else " ") + " ".join(words) + (trail if not cut_end else " ") if words else ""


class ExhibitIndex:
    """One exhibit's cached filter strings and page texts. Keep it to make the next search instant."""

    def __init__(self, exhibit: Exhibit, doc: pymupdf.Document, text: DocumentText) -> None:
        self.exhibit = exhibit
        self.doc = doc
        self.text = text
        self._filters: dict[bool, list[str]] = {}
        self._plain: list[str | None] = []  # MuPDF's plain text of left-to-right pages; None on RTL pages
        self._folded_plain: dict[tuple[int, bool], Folded] = {}

    def filters(self, ignore_case: bool, should_stop: Callable[[], bool] | None = None) -> list[str] | None:
        cached = self._filters.get(ignore_case)
        if cached is not None:
            return cached
        if not self._plain:
            plain: list[str | None] = []
            for i in range(self.doc.page_count):
                if should_stop is not None and i % 50 == 0 and should_stop():
                    return None
                text = self.doc[i].get_text("text")
                # Right-to-left pages, and scans (whose text, if any, is OCR), read from the logical-order text.
                plain.append(None if _RTL.search(text) or not text.strip() else text)
            self._plain = plain
        out = []
        for i, text in enumerate(self._plain):
            out.append(fast_fold(text if text is not None else self.text.page(i).text, ignore_case))
        self._filters[ignore_case] = out
        return out

    def hits(self, needle: str, ignore_case: bool, should_stop: Callable[[], bool] | None = None) -> Iterator[Hit]:
        filters = self.filters(ignore_case, should_stop)
        if filters is None:
            return
        for i, page_filter in enumerate(filters):
            if needle in page_filter:
                plain = self._plain[i]
                quick = self._plain_hits(i, plain, needle, ignore_case) if plain is not None else None
                yield from quick if quick is not None else self._exact_hits(i, needle, ignore_case)

    def _exact_hits(self, i: int, needle: str, ignore_case: bool) -> list[Hit]:
        """Hits from the page's logical-order text (right-to-left pages, and the fallback)."""
        page = self.text.page(i)
        return [
            self._hit(i, page.text, start, end, page.rects(start, end))
            for start, end in _spans(self.text.folded(i, ignore_case=ignore_case), needle)
        ]

    def _plain_hits(self, i: int, plain: str, needle: str, ignore_case: bool) -> list[Hit] | None:
        """Hits from MuPDF's plain text with rectangles from ``search_for`` on this page only: no layout work.
        None when the rectangles cannot be matched one to one with the hits."""
        key = (i, ignore_case)
        folded = self._folded_plain.get(key)
        if folded is None:
            folded = self._folded_plain[key] = fold(plain, ignore_case=ignore_case)
        spans = _spans(folded, needle)
        page = self.doc[i]
        hits = []
        seen: dict[str, int] = {}
        # One search_for per distinct text, not per hit: "e" on a dense page has hundreds of hits, and each call
        # reads the whole page (issue 20: 42 s for "e" in a 117-page filing).
        rects_of: dict[str, list[tuple[float, ...]]] = {}
        counts: dict[str, int] = {}
        for s, e in spans:
            text = " ".join(plain[s:e].split()).casefold()
            counts[text] = counts.get(text, 0) + 1
        for start, end in spans:
            shown = " ".join(plain[start:end].split())
            lines = plain[start:end].count("\n") + 1
            if shown.casefold() not in rects_of:
                rects_of[shown.casefold()] = [tuple(r) for r in page.search_for(shown)]
            found = rects_of[shown.casefold()]
            same = counts[shown.casefold()]
            if len(found) != same * lines:
                return None
            k = seen.get(shown.casefold(), 0)
            seen[shown.casefold()] = k + 1
            rects = [(r[0], r[1], r[2], r[3]) for r in found[k * lines : (k + 1) * lines]]
            hits.append(self._hit(i, plain, start, end, rects))
        return hits

    def _hit(self, i: int, text: str, start: int, end: int, rects: list[Box]) -> Hit:
        return Hit(
            exhibit_id=self.exhibit.id,
            label=self.exhibit.label,
            page=i,
            text=" ".join(text[start:end].split()),
            before=_words(text[max(0, start - CONTEXT) : start], cut_start=start > CONTEXT),
            after=_words(text[end : end + CONTEXT], cut_end=end + CONTEXT < len(text)),
            rects=rects,
        )

    def close(self) -> None:
        self.doc.close()


def _spans(folded: Folded, needle: str) -> list[tuple[int, int]]:
    spans = []
    j = folded.text.find(needle)
    while j >= 0:
        spans.append(folded.span(j, j + len(needle)))
        j = folded.text.find(needle, j + 1)
    return spans


class ProjectSearch:
    """Search over a project's exhibits, keeping each opened exhibit's index between searches.

    Exhibits that cannot be opened (missing, encrypted without a password, damaged) are skipped and listed in
    ``skipped``; passwords given once are used for the session and never stored.
    """

    def __init__(self, project: Project, project_path: Path, passwords: dict[str, str] | None = None) -> None:
        self.project = project
        self.project_path = project_path
        self.passwords = passwords or {}
        self._indexes: dict[str, ExhibitIndex] = {}
        self.skipped: dict[str, str] = {}

    def index(self, exhibit: Exhibit) -> ExhibitIndex | None:
        if exhibit.id in self._indexes:
            return self._indexes[exhibit.id]
        from .errors import UserError

        try:
            doc = open_pdf(readable_file(self.project_path, exhibit), self.passwords.get(exhibit.id))
        except UserError as e:
            self.skipped[exhibit.id] = str(e)
            return None
        self.skipped.pop(exhibit.id, None)
        self._indexes[exhibit.id] = ExhibitIndex(exhibit, doc, document_text(doc, self.project_path, exhibit))
        return self._indexes[exhibit.id]

    def search(
        self,
        query: str,
        *,
        exhibits: list[str] | None = None,
        ignore_case: bool = True,
        limit: int = 5000,
        should_stop: Callable[[], bool] | None = None,
    ) -> list[Hit]:
        """All hits of ``query`` in exhibit order, then page order; at most ``limit``."""
        needle = fold_text(query, ignore_case=ignore_case)
        if not needle:
            return []
        hits: list[Hit] = []
        for exhibit in self.project.exhibits:
            if exhibits is not None and exhibit.id not in exhibits:
                continue
            index = self.index(exhibit)
            if index is None:
                continue
            for hit in index.hits(needle, ignore_case, should_stop):
                hits.append(hit)
                if len(hits) >= limit:
                    return hits
            if should_stop is not None and should_stop():
                break
        return hits

    def close(self) -> None:
        for index in self._indexes.values():
            index.close()
        self._indexes.clear()
