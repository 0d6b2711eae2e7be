"""The annotations list: one row per annotation, the filters a reviewer sets, and counts per category.

Qt-free, so that the panel, the command line and tests agree on what a filter keeps.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..model import Annotation, Exhibit, Project
from ..normalize import fast_fold, natural_key


class Row:
    """One annotation as the list shows it. Only the exhibit's label is read when the row is made; the texts shown
    (cite, categories, quote, date) and the folded text a filter reads are made when first asked for: opening a
    project of 20,000 annotations made all of them for rows nobody had scrolled to (1.8 s)."""

    __slots__ = ("_haystack", "_names", "_of", "_texts", "annotation", "exhibit")

    def __init__(self, annotation: Annotation, exhibit: Exhibit, names: dict[str, str]) -> None:
        self.annotation = annotation
        self.exhibit = exhibit.label  # sorts the default column
        self._of, self._names = exhibit, names
        self._texts: tuple[str, str, str, str] | None = None
        self._haystack: str | None = None

    def _made(self) -> tuple[str, str, str, str]:
        if self._texts is None:
            a = self.annotation
            quote = a.text if a.kind == "text" else a.text or f"[area on page {a.page + 1}]"
            if a.reanchored is not None:
                quote = f"⚠ {a.reanchored.describe()} — {quote}"
            categories = ", ".join(self._names.get(c, c) for c in a.category_ids)
            self._texts = (self._of.cite_passage(a), categories, quote, a.modified.strftime("%Y-%m-%d %H:%M"))
        return self._texts

    @property
    def cite(self) -> str:  # "Ex. 3 at 2"
        return self._made()[0]

    @property
    def categories(self) -> str:
        return self._made()[1]

    @property
    def quote(self) -> str:
        return self._made()[2]

    @property
    def note(self) -> str:
        return self.annotation.note

    @property
    def author(self) -> str:
        return self.annotation.author

    @property
    def modified(self) -> str:  # ISO date and time, sorts as text
        return self._made()[3]

    def column(self, n: int) -> str:
        """The text of the panel's column ``n`` (after the key-passage mark): cite, categories, quote on one line,
        note, author, modified, review status."""
        if n == 3:
            return self.quote.replace("\n", " ")[:200]
        if n in (1, 2, 6):
            return self._made()[(0, 0, 1, 0, 0, 0, 3)[n]]
        a = self.annotation
        return a.note if n == 4 else a.author if n == 5 else a.review.words if n == 7 else ""

    @property
    def haystack(self) -> str:
        """Quote, note, author and categories folded for ``Filter.text``."""
        if self._haystack is None:
            a = self.annotation
            self._haystack = fast_fold(f"{self.quote}\n{a.note}\n{a.author}\n{self.categories}", True)
        return self._haystack


def rows(project: Project, cache: RowCache | None = None, only: Iterable[Annotation] | None = None) -> list[Row]:
    """One row per annotation, in project order (``only``: for those annotations alone, the rows a change
    named). With a ``cache``, rows of annotations that did not change (the same objects: edits replace them) are
    reused."""
    exhibits = {e.id: e for e in project.exhibits}
    names = {c.id: c.name for c in project.codebook}
    if cache is not None:
        cache.check((tuple(names.items()), tuple((e.id, e.label) for e in project.exhibits)))
    out = []
    for a in project.annotations if only is None else only:
        row = cache.rows.get(id(a)) if cache is not None else None
        # Reused while the annotation and its exhibit are the objects they were: an exhibit's edit (its label, its
        # page labels or line numbers, how it is cited) replaces it, and its rows' cites are made again.
        if row is not None and row.annotation is a and row._of is exhibits[a.exhibit_id]:
            out.append(row)
        else:
            out.append(Row(a, exhibits[a.exhibit_id], names))
    if cache is not None:
        if only is None:
            cache.rows = {id(r.annotation): r for r in out}
        else:
            cache.rows.update((id(r.annotation), r) for r in out)
    return out


class RowCache:
    """Rows by annotation object (and its exhibit's, ``rows``), valid while category names and exhibit labels stay
    as they were."""

    def __init__(self) -> None:
        self.rows: dict[int, Row] = {}
        self._key: object = None

    def check(self, key: object) -> None:
        if key != self._key:
            self.rows, self._key = {}, key


def _place(a: Annotation) -> float:
    """Where on its first page a passage starts: its offset in the page text, else its rectangle's top."""
    if a.position is not None:
        return a.position.start
    return a.rects[0].rect[1] if a.rects else 0.0


SORT_KEYS: dict[int, Callable[[Row], Any]] = {
    0: lambda r: not r.annotation.key_passage,
    # Cites in the order a brief cites them: exhibits as numbered (PX-2 before PX-10), pages, then lines.
    1: lambda r: (natural_key(r.exhibit), r.annotation.page, _place(r.annotation)),
    2: lambda r: r.categories.casefold(),
    3: lambda r: r.quote.casefold(),
    4: lambda r: r.note.casefold(),
    5: lambda r: r.author.casefold(),
    6: lambda r: r.modified,
    7: lambda r: r.annotation.review.value,
}


def sort_rows(table: list[Row], column: int, descending: bool) -> list[Row]:
    """Sorted by a panel column (stable, so equal rows keep project order)."""
    return sorted(table, key=SORT_KEYS.get(column, SORT_KEYS[1]), reverse=descending)


def sorted_place(table: list[Row], row: Row, column: int, descending: bool) -> int:
    """Where ``row`` goes in ``table`` (sorted by ``sort_rows``), after the rows that sort equal: a binary
    search, so one changed row is placed without sorting 20,000 again."""
    return _search(table, row, column, descending, after_equal=True)


def first_equal(table: list[Row], row: Row, column: int, descending: bool) -> int:
    """The first place in ``table`` whose row sorts equal to ``row`` (where to look for it)."""
    return _search(table, row, column, descending, after_equal=False)


def _search(table: list[Row], row: Row, column: int, descending: bool, after_equal: bool) -> int:
    key = SORT_KEYS.get(column, SORT_KEYS[1])
    wanted = key(row)
    if not descending:
        find = bisect.bisect_right if after_equal else bisect.bisect_left
        return find(table, wanted, key=key)
    low, high = 0, len(table)
    while low < high:
        middle = (low + high) // 2
        here = key(table[middle])
        if wanted > here or (not after_equal and wanted == here):
            high = middle
        else:
            low = middle + 1
    return low


def fits_between(table: list[Row], i: int, row: Row, column: int, descending: bool) -> bool:
    """Whether ``row`` sorts where ``table[i]`` is (between its neighbours)."""
    key = SORT_KEYS.get(column, SORT_KEYS[1])
    wanted = key(row)
    before = key(table[i - 1]) if i > 0 else None
    after = key(table[i + 1]) if i + 1 < len(table) else None
    if descending:
        before, after = after, before
    return (before is None or before <= wanted) and (after is None or wanted <= after)


@dataclass(frozen=True)
class Filter:
    """Empty fields keep everything. ``text`` matches quote, note and author, ignoring case and accents."""

    category_id: str | None = None
    exhibit_id: str | None = None
    author: str | None = None
    status: str | None = None
    text: str = ""

    def keeps(self, row: Row) -> bool:
        a = row.annotation
        if self.category_id is not None and self.category_id not in a.category_ids:
            return False
        if self.exhibit_id is not None and a.exhibit_id != self.exhibit_id:
            return False
        if self.author is not None and a.author != self.author:
            return False
        if self.status is not None and a.review != self.status:
            return False
        return not self.text or fast_fold(self.text, True) in row.haystack


def usage(annotations: Iterable[Annotation]) -> Counter[str]:
    """How many of ``annotations`` each category id tags."""
    return Counter(c for a in annotations for c in a.category_ids)


def counted(project: Project, counts: Counter[str]) -> list[tuple[str, int]]:
    """``counts`` (by category id) as (category name, number) in codebook order, for the categories used."""
    return [(c.name, counts[c.id]) for c in project.codebook if counts[c.id] > 0]
