"""Search across exhibits over our own cached, folded page text.

PyMuPDF's ``search_for`` folds case only for ASCII (``мета`` misses ``Мета``) and fragments Arabic
(../shared/notes/platform-facts.md), so search runs on folded text (``normalize``): case-insensitive by default,
whitespace, line breaks, hyphenation and typographic quotes ignored, so a phrase that wraps a line is found.

Two levels keep the first search near raw PyMuPDF speed and the next ones instant:
- a per-page *filter* string: MuPDF's plain text (~1 ms a page) folded with whole-string operations, cached per
  exhibit. Pages holding right-to-left script use our logical-order text instead, since MuPDF's plain text
  moves punctuation and Latin runs on those lines;
- for pages that pass the filter, the exact hits come from the page's logical-order text (``core.pdf.text``), with
  offsets, the words around them, and highlight rectangles.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pymupdf

from ..errors import UserError
from ..model import Exhibit, Project
from ..normalize import Folded, fast_fold, fold, fold_text
from . import running_heads
from .confinement import readable_file
from .exhibits import open_pdf
from .glyphs import Box
from .ocr import document_text
from .page_index import LOGICAL, NONE, PLAIN, TRIGRAM, PageIndex, plain_and_kind
from .text import DocumentText

CONTEXT = 40


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

    def __init__(
        self, exhibit: Exhibit, doc: pymupdf.Document, text: DocumentText, stored: list[tuple[str, str]] | None = None
    ) -> None:
        self.exhibit = exhibit
        self.doc = doc
        self.text = text
        self._filters: dict[bool, list[str]] = {}
        self._page_filters: dict[tuple[int, bool], str] = {}
        self._plain: list[str | None] = []  # MuPDF's plain text of left-to-right pages; None on RTL pages
        self._logical: dict[int, str] = {}  # right-to-left pages' logical-order text, from the page index
        self._folded_plain: dict[tuple[int, bool], Folded] = {}
        self._kinds: list[str] = []
        if stored is not None and len(stored) == doc.page_count:
            self._kinds = [kind for kind, _ in stored]
            self._plain = [t if kind == PLAIN else None for kind, t in stored]
            self._logical = {i: t for i, (kind, t) in enumerate(stored) if kind == LOGICAL}

    def sources(self) -> list[tuple[str, str]] | None:
        """What the page index keeps of this file, once every page's filter text is known (else None). A scan's
        OCR text belongs to the project (its cache), not to the file: not kept."""
        if not self._kinds:
            return None
        return [
            (kind, plain if plain is not None else self._logical_text(i) if kind == LOGICAL else "")
            for i, (kind, plain) in enumerate(zip(self._kinds, self._plain, strict=True))
        ]

    def scanned_pages(self) -> list[int]:
        """Pages without a text layer as the page index knows them (their OCR text is searched directly)."""
        return [i for i, kind in enumerate(self._kinds) if kind == NONE]

    def _logical_text(self, i: int) -> str:
        stored = self._logical.get(i)
        return stored if stored is not None else self.text.page(i).text

    def page_filter(self, i: int, ignore_case: bool) -> str:
        """One page's filter string (a search over the page index reads only the pages it names)."""
        cached = self._page_filters.get((i, ignore_case))
        if cached is None:
            whole = self._filters.get(ignore_case)
            if whole is not None:
                return whole[i]
            if self._plain:
                plain = self._plain[i]
            else:
                text, kind = plain_and_kind(self.doc[i])
                plain = text if kind == PLAIN else None
            cached = fast_fold(plain if plain is not None else self._logical_text(i), ignore_case)
            self._page_filters[(i, ignore_case)] = cached
        return cached

    def filters(self, ignore_case: bool, should_stop: Callable[[], bool] | None = None) -> list[str] | None:
        cached = self._filters.get(ignore_case)
        if cached is not None:
            return cached
        if not self._plain:
            plain: list[str | None] = []
            kinds: list[str] = []
            for i in range(self.doc.page_count):
                if should_stop is not None and i % 50 == 0 and should_stop():
                    return None
                # Right-to-left and line-numbered pages, and scans (whose text, if any, is OCR), read from the
                # logical-order text.
                text, kind = plain_and_kind(self.doc[i])
                kinds.append(kind)
                plain.append(text if kind == PLAIN else None)
            self._plain, self._kinds = plain, kinds
        out = []
        for i, plain_text in enumerate(self._plain):
            out.append(fast_fold(plain_text if plain_text is not None else self._logical_text(i), ignore_case))
        self._filters[ignore_case] = out
        return out

    def pages_with(
        self,
        needle: str,
        ignore_case: bool,
        pages: Iterable[int] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> set[int] | None:
        """The pages (of ``pages``, default all) whose text holds ``needle``; None when stopped."""
        if pages is None:
            filters = self.filters(ignore_case, should_stop)
            return None if filters is None else {i for i, f in enumerate(filters) if needle in f}
        return {i for i in pages if needle in self.page_filter(i, ignore_case)}  # fmt: skip

    def page_hits(self, i: int, needle: str, ignore_case: bool) -> list[Hit]:
        plain = self._plain[i] if self._plain else None
        quick = self._plain_hits(i, plain, needle, ignore_case) if plain is not None else None
        if quick is None:
            return self._exact_hits(i, needle, ignore_case)
        heads = self.exhibit.heads_left_out
        if not heads:
            return quick
        # MuPDF's plain text has the running headers and footers the exhibit's text leaves out: not hits either.
        height = self.doc[i].rect.height
        return [h for h in quick if not any(running_heads.in_place(r[1], r[3], height, heads) for r in h.rects)]

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


QUERY_TERM = re.compile(r'"([^"]*)"|(\S+)')
OPERATORS = ("AND", "OR", "NOT")


def parse_query(query: str) -> list[tuple[str, str]]:
    """(operator, phrase) terms. Without quotes or an operator (``AND``, ``OR``, ``NOT``, in capitals) the whole
    query is one phrase, as typed. With them: quoted phrases and single words; words side by side mean AND; a page
    must satisfy the terms read left to right. A phrase matches anywhere in a word too, so ``licen`` finds
    ``licence`` and ``licensing``: every query is a prefix query already."""
    found = list(QUERY_TERM.finditer(query))
    if '"' not in query and not any(m.group(2) in OPERATORS for m in found):
        return [("AND", query)]
    terms: list[tuple[str, str]] = []
    operator = "AND"
    for m in found:
        word = m.group(2)
        if word in OPERATORS:
            operator = word
            continue
        terms.append((operator, m.group(1) if m.group(1) is not None else word))
        operator = "AND"
    return terms


class ProjectSearch:
    """Search over a project's exhibits, keeping each opened exhibit's index between searches.

    The persistent page index (``core.pdf.page_index``) names the candidate pages of a query in exhibits whose file it
    holds, so only those exhibits are opened and only those pages read; an exhibit it does not hold yet is read
    in full, as before, and then kept in it for the next time.

    Exhibits that cannot be opened (missing, encrypted without a password, damaged) are skipped and listed in
    ``skipped``; passwords given once are used for the session and never stored.
    """

    def __init__(
        self, project: Project, project_path: Path, passwords: dict[str, str] | None = None,
        page_index: PageIndex | None = None,
    ) -> None:  # fmt: skip
        self.project = project
        self.project_path = project_path
        self.passwords = passwords or {}
        self._indexes: dict[str, ExhibitIndex] = {}
        self.skipped: dict[str, str] = {}
        self.page_index = page_index
        self._stored: dict[str, bool] = {}  # exhibit id → whether the page index holds its file, as it is

    def _files(self) -> PageIndex | None:
        if self.page_index is None:
            try:
                self.page_index = PageIndex()
            except (OSError, sqlite3.Error):
                return None  # no index (a read-only data folder): every search reads the files
        return self.page_index

    def stored(self, exhibit: Exhibit) -> bool:
        """Whether the page index holds this exhibit's file as it is now (its hash checked once a session)."""
        known = self._stored.get(exhibit.id)
        if known is None:
            files = self._files()
            known = False
            if files is not None and files.has(exhibit.sha256):
                try:
                    known = files.hash_of(readable_file(self.project_path, exhibit)) == exhibit.sha256
                except (OSError, UserError, sqlite3.Error):
                    known = False
            self._stored[exhibit.id] = known
        return known

    def index(self, exhibit: Exhibit) -> ExhibitIndex | None:
        if exhibit.id in self._indexes:
            return self._indexes[exhibit.id]
        try:
            doc = open_pdf(readable_file(self.project_path, exhibit), self.passwords.get(exhibit.id))
        except UserError as e:
            self.skipped[exhibit.id] = str(e)
            return None
        self.skipped.pop(exhibit.id, None)
        files = self._files()
        stored = files.sources(exhibit.sha256) if files is not None and self.stored(exhibit) else None
        self._indexes[exhibit.id] = ExhibitIndex(exhibit, doc, document_text(doc, self.project_path, exhibit), stored)
        return self._indexes[exhibit.id]

    def _keep(self, exhibit: Exhibit, index: ExhibitIndex) -> None:
        """An exhibit read in full: its pages go into the page index (if its file is the one the project names)."""
        files, sources = self._files(), index.sources()
        if files is None or sources is None or self._stored.get(exhibit.id):
            return
        try:
            if files.hash_of(readable_file(self.project_path, exhibit)) == exhibit.sha256:
                files.add(exhibit.sha256, sources)
                self._stored[exhibit.id] = True
        except (OSError, UserError, sqlite3.Error):
            pass

    def search(
        self,
        query: str,
        *,
        exhibits: list[str] | None = None,
        ignore_case: bool = True,
        limit: int = 5000,
        should_stop: Callable[[], bool] | None = None,
    ) -> list[Hit]:
        """All hits of ``query`` (see ``parse_query``) in exhibit order, then page order; at most ``limit``."""
        terms = [(op, fold_text(t, ignore_case=ignore_case)) for op, t in parse_query(query)]
        terms = [(op, t) for op, t in terms if t]
        if not terms:
            return []
        chosen = [e for e in self.project.exhibits if exhibits is None or e.id in exhibits]
        candidates = self._candidates(chosen, terms, ignore_case)
        hits: list[Hit] = []
        for exhibit in chosen:
            if should_stop is not None and should_stop():
                break
            pages = candidates.get(exhibit.id)
            if pages is not None and not pages and exhibit.id not in self._indexes:
                continue  # the page index says: no page can match; the file is not even opened
            index = self.index(exhibit)
            if index is None:
                continue
            matched = self._matching(index, terms, ignore_case, pages, should_stop)
            if matched is None:
                break
            if pages is None:
                self._keep(exhibit, index)
            positive = [needle for op, needle in terms if op != "NOT"]
            for page in sorted(matched):
                found = [hit for needle in positive for hit in index.page_hits(page, needle, ignore_case)]
                if len(positive) > 1:  # several terms' hits on a page, in the page's line order
                    found.sort(key=lambda h: h.rects[0][1] if h.rects else 0.0)
                for hit in found:
                    hits.append(hit)
                    if len(hits) >= limit:
                        return hits
        return hits

    def _candidates(
        self, exhibits: list[Exhibit], terms: list[tuple[str, str]], ignore_case: bool
    ) -> dict[str, set[int] | None]:
        """Per exhibit the index holds, the pages that may match (plus its scans, searched through their OCR)."""
        files = self._files()
        held = [e for e in exhibits if files is not None and self.stored(e)]
        out: dict[str, set[int] | None] = {}
        if files is None or not held or terms[0][0] == "NOT":  # "NOT x" alone: any page without x, all read
            return out
        by_sha = {e.sha256: e for e in held}
        pages: dict[str, set[int]] | None = None
        for op, needle in terms:
            folded = needle if ignore_case else fast_fold(needle, True)
            if len(folded) < TRIGRAM:
                return out  # too short for the index: every page is read
            found = files.pages_with(by_sha, folded)
            if pages is None or op == "OR":
                pages = found if pages is None else {s: pages[s] | found[s] for s in by_sha}
            elif op == "AND":
                pages = {s: pages[s] & found[s] for s in by_sha}
            # NOT: the index cannot rule a page out for lack of a word; the exact check below does
        assert pages is not None
        for sha, e in by_sha.items():
            index = self._indexes.get(e.id)
            scans = index.scanned_pages() if index is not None else sorted(e.pages_without_text)
            out[e.id] = pages[sha] | set(scans)
        return out

    @staticmethod
    def _matching(
        index: ExhibitIndex,
        terms: list[tuple[str, str]],
        ignore_case: bool,
        pages: set[int] | None,
        should_stop: Callable[[], bool] | None,
    ) -> set[int] | None:
        """The pages (of ``pages``, default all) that satisfy the terms, read left to right; None when stopped."""
        result: set[int] | None = None
        for op, needle in terms:
            found = index.pages_with(needle, ignore_case, pages, should_stop)
            if found is None:
                return None
            if result is None:
                every = pages if pages is not None else set(range(index.doc.page_count))
                result = every - found if op == "NOT" else found
            elif op == "AND":
                result &= found
            elif op == "OR":
                result |= found
            else:
                result -= found
        return result or set()

    def close(self) -> None:
        for index in self._indexes.values():
            index.close()
        self._indexes.clear()
        if self.page_index is not None:
            self.page_index.close()
            self.page_index = None
