"""How a brief cites an exhibit's pages: the cite styles, ``Id.`` and short forms. One home for every form, so
the brief's writers and cite-check read the same rules.

- ``exhibit``: ``Ex. 3 at 2`` (``model.pinpoint``, also the panel's and copy-with-cite's form);
- ``bluebook``: ``Ex. 3, at 2`` (Bluebook B17: a comma before ``at`` after a record cite with a number);
- ``ecf``: ``ECF No. 45-3, at 2`` from the exhibit's docket entry, pages by place (the ECF header's page, not
  the document's own labels); an exhibit without a docket entry falls back to ``bluebook``;
- ``bates``: ``META-000123`` where the exhibit has Bates numbers, else ``exhibit``.

Page labels (``Ex. 3 at iv``) apply to every style but ``ecf``, unless ``physical`` asks for places.
``Id.`` replaces a cite to the same exhibit as the one right before it in the same section (``Id.`` for the same
pages, ``Id. at 5`` for others); Bates numbers name their exhibit already and never become ``Id.``. With short
forms, the first cite to an exhibit also gives its title and short name (``Ex. 3, Deposition of Jane Smith
(“Smith Dep.”), at 45``) and later ones use the short name (``Smith Dep., at 50``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ..model import Exhibit, page_span
from ..model import Lines as LineSpans


class CiteStyle(StrEnum):
    exhibit = "exhibit"  # Ex. 3 at 2
    bluebook = "bluebook"  # Ex. 3, at 2
    ecf = "ecf"  # ECF No. 45-3, at 2
    bates = "bates"  # META-000123 (exhibits without a Bates start fall back to Ex. N at P)


STYLE_NAMES = {
    CiteStyle.exhibit: "Ex. 3 at 2",
    CiteStyle.bluebook: "Ex. 3, at 2 (Bluebook)",
    CiteStyle.ecf: "ECF No. 45-3, at 2 (docket entries)",
    CiteStyle.bates: "Bates number (where set)",
}


def bates_number(exhibit: Exhibit, page: int) -> str | None:
    if exhibit.bates_start is None:
        return None
    return f"{exhibit.bates_prefix or ''}{exhibit.bates_start + page:0{exhibit.bates_digits}d}"


def bates_span(exhibit: Exhibit) -> str:
    """``KNOW-000100–KNOW-000104``, or one number for a one-page exhibit; "" without Bates numbers. The one way the
    brief's index, the production's report and the Export dialog write an exhibit's range."""
    first, last = bates_number(exhibit, 0), bates_number(exhibit, max(exhibit.page_count - 1, 0))
    return "" if first is None else first if first == last else f"{first}–{last}"


Lines = LineSpans | None  # a passage's numbered lines (``model.LineSpan``), on line-numbered pages


def page_names(
    exhibit: Exhibit, first: int, last: int | None = None, *, physical: bool = False, lines: Lines = None
) -> str:
    """``2``, ``2–3``, ``iv``; with numbered lines ``45:12–20`` (``model.page_span``)."""
    return page_span(first, last, () if physical else exhibit.page_labels, lines)


@dataclass(frozen=True)
class Cite:
    text: str
    id_form: bool = False  # begins with "Id." (set in italics)


def _parts(exhibit: Exhibit, style: CiteStyle, physical: bool) -> tuple[str, str, bool]:
    """(name, separator before the pages, physical pages) of an exhibit in a style."""
    if style is CiteStyle.ecf and exhibit.docket:
        return f"ECF No. {exhibit.docket}", ", at ", True
    if style in (CiteStyle.bluebook, CiteStyle.ecf):
        return exhibit.label, ", at ", physical
    return exhibit.label, " at ", physical


def cite(
    exhibit: Exhibit, first: int, last: int | None, style: CiteStyle, physical: bool = False, lines: Lines = None
) -> str:
    """The plain cite of pages ``first``..``last`` (0-based) of an exhibit in ``style`` (with ``lines``, by page and
    line; Bates numbers name pages only)."""
    last = first if last is None else last
    if style is CiteStyle.bates and exhibit.bates_start is not None:
        a, b = bates_number(exhibit, first), bates_number(exhibit, last)
        return str(a) if first == last else f"{a}–{b}"
    name, sep, physical = _parts(exhibit, style, physical)
    return f"{name}{sep}{page_names(exhibit, first, last, physical=physical, lines=lines)}"


@dataclass
class Citer:
    """Cites in reading order, remembering what came before for ``Id.`` and short forms."""

    style: CiteStyle = CiteStyle.exhibit
    physical: bool = False
    id_cites: bool = False
    short_forms: bool = False
    _previous: tuple[str, str] | None = None  # (exhibit id, pages) of the cite before, in this section
    _cited: set[str] = field(default_factory=set)  # exhibits given their full cite already

    def section(self) -> None:
        """A new heading: ``Id.`` never reaches back across it (a reader may start there)."""
        self._previous = None

    def cite(self, exhibit: Exhibit, first: int, last: int | None = None, lines: Lines = None) -> Cite:
        last = first if last is None else last
        bates = self.style is CiteStyle.bates and exhibit.bates_start is not None
        name, sep, physical = _parts(exhibit, self.style, self.physical)
        pages = page_names(exhibit, first, last, physical=physical, lines=lines)
        previous, self._previous = self._previous, (exhibit.id, pages)
        if self.id_cites and not bates and previous is not None and previous[0] == exhibit.id:
            return Cite("Id." if previous[1] == pages else f"Id. at {pages}", id_form=True)
        if self.short_forms and not bates:
            if exhibit.id not in self._cited:
                self._cited.add(exhibit.id)
                title = f", {exhibit.title}" if exhibit.title else ""
                short = f" (“{exhibit.short_name}”)" if exhibit.short_name else ""
                if title or short:
                    return Cite(f"{name}{title}{short}{',' if sep.startswith(',') else ''} at {pages}")
            elif exhibit.short_name:
                return Cite(f"{exhibit.short_name}{sep}{pages}")
        return Cite(cite(exhibit, first, last, self.style, self.physical, lines))
