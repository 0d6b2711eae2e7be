"""The annotations list: one row per annotation, the filters a reviewer sets, and counts per category.

Qt-free, so that the panel, the command line and tests agree on what a filter keeps.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .model import Annotation, Project, pinpoint
from .normalize import fast_fold


@dataclass(frozen=True)
class Row:
    annotation: Annotation
    exhibit: str  # label
    cite: str  # "Ex. 3 at 2"
    categories: str
    quote: str
    note: str
    author: str
    modified: str  # ISO date and time, sorts as text
    haystack: str  # quote, note, author and categories folded for ``Filter.text``


def rows(project: Project) -> list[Row]:
    exhibits = {e.id: e for e in project.exhibits}
    names = {c.id: c.name for c in project.codebook}
    out = []
    for a in project.annotations:
        exhibit = exhibits[a.exhibit_id]
        quote = a.text if a.kind == "text" else f"[area on page {a.page + 1}]"
        categories = ", ".join(names.get(c, c) for c in a.category_ids)
        out.append(
            Row(
                a, exhibit.label, pinpoint(exhibit, a.page, a.end_page), categories, quote, a.note, a.author,
                a.modified.strftime("%Y-%m-%d %H:%M"), fast_fold(f"{quote}\n{a.note}\n{a.author}\n{categories}", True),
            )
        )  # fmt: skip
    return out


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


def category_counts(project: Project, annotations: list[Annotation]) -> list[tuple[str, int]]:
    """(category name, number of annotations) in codebook order, for the categories used."""
    counts = Counter(c for a in annotations for c in a.category_ids)
    return [(c.name, counts[c.id]) for c in project.codebook if counts[c.id]]
