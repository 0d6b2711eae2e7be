"""The case and its exhibits: what each exhibit is (its file, pages, labels, Bates numbers, line numbers), and how a
passage of it is cited (``pinpoint``)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date as Date
from enum import StrEnum
from pathlib import PureWindowsPath
from typing import Annotated, NamedTuple, Protocol

from pydantic import (
    Field,
)

from .annotations import PageRect, Rect
from .fields import MAX_PAGES, Identifier, NonBlank, OneLine, Sha256, Text, UtcDatetime, _Model, utc_now


class Roles(StrEnum):
    """What the parties are called in the caption: the first party's role, then the other's."""

    plaintiff = "Plaintiff/Defendant"
    petitioner = "Petitioner/Respondent"
    appellant = "Appellant/Appellee"
    claimant = "Claimant/Respondent"

    def of(self, side: int, several: bool) -> str:
        """The role of side 0 (the first-named party) or 1, plural for several parties ("et al.")."""
        word = self.value.split("/")[side]
        return word + ("s" if several else "")


class Case(_Model):
    name: OneLine = ""
    court: OneLine = ""
    number: OneLine = ""
    notes: Text = ""
    roles: Roles = Field(default=Roles.plaintiff, description="what the caption calls the parties")
    # Schema 9: whom the case's designations are made for, and the objection bases offered (empty: the defaults,
    # Plaintiff and Defendant; hearsay, relevance, foundation, form, 403, …).
    parties: list[NonBlank] = Field(default_factory=list)
    objection_bases: list[NonBlank] = Field(default_factory=list)


class Placed(Protocol):
    """Where a passage is: an annotation, or a passage just selected or found (``anchoring.Passage``)."""

    @property
    def page(self) -> int: ...
    @property
    def end_page(self) -> int | None: ...
    @property
    def rects(self) -> list[PageRect]: ...


class LineSpan(NamedTuple):
    """The numbered lines a passage runs over: ``first`` to ``last``, and on a condensed transcript's sheet the
    transcript's own pages they are on (``45:24–46:3``); "" for the PDF page's own name."""

    first: int
    last: int
    first_page: str = ""
    last_page: str = ""


Lines = tuple[int, int] | LineSpan  # first and last line (of the PDF's pages), or a ``LineSpan``


class LineColumn(_Model):
    """A column of line numbers (a deposition transcript's, pleading paper's), as recognised when the exhibit was
    read (``line_numbers``): number ``first`` sits at ``top`` points down the page, each next one ``spacing`` points
    lower, ``count`` of them. Cites of passages on the page name their lines (``45:12–20``).

    Schema 6: a condensed transcript has four transcript pages to a sheet, each with its column: ``area`` is the
    part of the sheet it numbers (``[x0, y0, x1, y1]``; None: the whole page) and ``label`` the transcript page
    number printed over it, which its cites name instead of the sheet's."""

    page: int = Field(ge=0, le=MAX_PAGES)
    first: int = Field(default=1, ge=0, le=10_000)
    top: float = Field(ge=-10_000, le=100_000, allow_inf_nan=False)
    spacing: float = Field(gt=0, le=10_000, allow_inf_nan=False)
    count: int = Field(ge=1, le=10_000)
    area: Rect | None = None
    label: OneLine = ""

    def holds(self, x: float, y: float) -> bool:
        """Whether a place on the page is in the part this column numbers."""
        a = self.area
        return a is None or (a[0] <= x <= a[2] and a[1] <= y <= a[3])

    def line_of(self, x: float, y: float) -> int | None:
        """The numbered line a place on the page is on: None outside the part of the page this column numbers, or
        on no line (``line_at``)."""
        return self.line_at(y) if self.holds(x, y) else None

    def line_at(self, y: float) -> int | None:
        """The numbered line a place ``y`` points down the page is on (None: above or below the column, by more
        than three quarters of a line; a running header is on no line)."""
        k = min(max(round((y - self.top) / self.spacing), 0), self.count - 1)
        return self.first + k if abs(y - (self.top + k * self.spacing)) <= 0.75 * self.spacing else None


class RunningHead(_Model):
    """A running header or footer (schema 6): the line as it repeats (``running_heads.signature``: lower case,
    numbers as "#"), and the middle of its line in points from the top of the page."""

    text: OneLine
    y: float = Field(ge=-100_000, le=100_000, allow_inf_nan=False)


class Exhibit(_Model):
    id: Identifier = Field(default_factory=lambda: f"exh-{uuid.uuid4().hex[:12]}")
    label: NonBlank
    title: OneLine = ""
    # Relative to the project file's folder, with "/" separators; absolute only when on another drive.
    path: NonBlank
    sha256: Sha256
    # First element of the PDF trailer /ID: survives re-saves, so a changed hash with the same id is a revision.
    pdf_id: str | None = None
    page_count: int = Field(ge=0, le=MAX_PAGES)
    # 0-based indexes of pages that have no text layer (scans): they need OCR or area annotations.
    pages_without_text: list[Annotated[int, Field(ge=0, le=MAX_PAGES)]] = Field(default_factory=list)
    bates_prefix: OneLine | None = None
    bates_start: int | None = Field(default=None, ge=0, le=10**12)
    languages: list[OneLine] = Field(default_factory=list)
    added: UtcDatetime = Field(default_factory=utc_now)
    # Schema 3: what a production log and an exhibit list record of a document.
    bates_digits: int = Field(default=6, ge=1, le=12)  # META-000123: six digits
    date: Date | None = None  # the document's own date (a letter's, an e-mail's), not when it was added
    confidentiality: OneLine = ""  # its designation under the protective order, e.g. "HIGHLY CONFIDENTIAL – AEO"
    custodian: OneLine = ""  # whose files it came from
    production_volume: OneLine = ""  # e.g. "META_VOL001"
    # Schema 4: the PDF's own page labels ("iv", "A-3"), one per page, when it has them: cites use them.
    page_labels: list[OneLine] = Field(default_factory=list)
    # SHA-256 of the files this exhibit's file replaced (a re-production, a corrected version), oldest first.
    previous_sha256: list[Sha256] = Field(default_factory=list)
    # Schema 5: how a brief names it besides its label. ``short_name`` ("Smith Dep.") is the short form after the
    # first full cite; ``docket`` ("45-3") is the court docket entry it was filed as, for ``ECF No. 45-3, at 2``.
    short_name: OneLine = ""
    docket: OneLine = ""
    # Schema 5: the pages with a column of line numbers; ``cite_lines`` off cites their pages only.
    line_numbers: list[LineColumn] = Field(default_factory=list)
    cite_lines: bool = True
    # Schema 6: its running headers and footers, found when it was read, left out of its pages' text unless
    # ``keep_running_heads``.
    running_heads: list[RunningHead] = Field(default_factory=list)
    keep_running_heads: bool = False
    # Schema 9: an exhibit made from another file (a court reporter's ASCII transcript): that file's name and
    # SHA-256, the PDF being the app's rendition of it (``core.pdf.transcripts``).
    source_name: OneLine = ""
    source_sha256: Sha256 | None = None

    @property
    def heads_left_out(self) -> frozenset[tuple[str, float]]:
        """The running headers and footers its pages' text leaves out (``text.DocumentText``)."""
        return frozenset() if self.keep_running_heads else frozenset((h.text, h.y) for h in self.running_heads)

    @property
    def file_name(self) -> str:
        """The name of the exhibit's file, whichever system wrote its path ("C:\\Cases\\ex1.pdf" is "ex1.pdf" here
        too): what relinking looks for, and what lists show."""
        return PureWindowsPath(self.path).name

    @property
    def file_stem(self) -> str:
        return PureWindowsPath(self.path).stem

    def cite(
        self, page: int, last_page: int | None = None, *, physical: bool = False, lines: Lines | None = None
    ) -> str:
        """``Ex. 3 at iv`` with the PDF's page labels (``physical``: ``Ex. 3 at 5``, the page's place); with
        ``lines``, ``Ex. 3 at 45:12–20``."""
        return pinpoint(self.label, page, last_page, () if physical else self.page_labels, lines)

    def lines_of(self, rects: Sequence[PageRect]) -> LineSpan | None:
        """The numbered lines a passage runs over, from the middles of its first and last highlight rectangles
        (its first and last in reading order), when its pages have line numbers (and the exhibit is cited by line)."""
        if not self.cite_lines or not self.line_numbers or not rects:
            return None
        ends: list[tuple[int, str]] = []
        for r in (rects[0], rects[-1]):
            x, y = (r.rect[0] + r.rect[2]) / 2, (r.rect[1] + r.rect[3]) / 2
            found = [
                (line, c.label) for c in self.line_numbers if c.page == r.page and (line := c.line_of(x, y)) is not None
            ]  # fmt: skip
            if not found:
                return None
            ends.append(found[0])
        return LineSpan(ends[0][0], ends[1][0], ends[0][1], ends[1][1])

    @property
    def condensed(self) -> bool:
        """Whether it is a condensed transcript (several transcript pages to a sheet, each with its column)."""
        return any(c.area is not None for c in self.line_numbers)

    def sheet_of(self, transcript_page: str) -> int | None:
        """The sheet (0-based page) a condensed transcript's page is on, by its printed number."""
        return next((c.page for c in self.line_numbers if c.label and c.label == transcript_page), None)

    def page_of(self, name: str, *, physical: bool = False) -> int | None:
        """The page (0-based) a cite names: a condensed transcript's page by its printed number, a PDF page label,
        or its place (``physical``: by place only); None when it has no such page. The reverse of ``page_span``."""
        if not physical:
            sheet = self.sheet_of(name)
            if sheet is not None:
                return sheet
            if name in self.page_labels:
                return self.page_labels.index(name)
        index = int(name) - 1 if name.isdigit() else -1
        return index if 0 <= index < self.page_count else None

    def cite_passage(self, a: Placed, *, physical: bool = False) -> str:
        """A passage's pinpoint cite (an annotation's, or a selection's): by page, or by page and line on a
        transcript or pleading paper."""
        return self.cite(a.page, a.end_page, physical=physical, lines=self.lines_of(a.rects))


def page_span(
    page: int, last_page: int | None = None, page_labels: Sequence[str] = (), lines: Lines | None = None
) -> str:
    """Pages as people read them out: ``2`` (0-based in, 1-based out), ``2–3``; with the PDF's ``page_labels``,
    ``iv``; with numbered ``lines`` (a transcript's, pleading paper's), ``45:12–20``, ``45:12``, ``45:12–46:3``.
    Written here only: every cite form names its pages with it."""

    def name(index: int) -> str:
        return page_labels[index] if index < len(page_labels) and page_labels[index] else str(index + 1)

    last = page if last_page is None else last_page
    if lines is not None:
        span = lines if isinstance(lines, LineSpan) else LineSpan(*lines)  # a condensed transcript's name its pages
        first_name, last_name = span.first_page or name(page), span.last_page or name(last)
        if first_name != last_name:
            return f"{first_name}:{span.first}–{last_name}:{span.last}"
        return f"{first_name}:{span.first}" if span.first == span.last else f"{first_name}:{span.first}–{span.last}"
    return name(page) if last == page else f"{name(page)}–{name(last)}"


def pinpoint(
    label: str, page: int, last_page: int | None = None, page_labels: Sequence[str] = (),
    lines: Lines | None = None,
) -> str:  # fmt: skip
    """The pinpoint cite of the panel, the copy with cite and the default brief: ``Ex. 3 at 2``, ``Ex. 3 at 2–3``,
    ``Ex. 3 at iv``, ``Ex. 3 at 45:12–20`` (other forms: ``citations``)."""
    return f"{label} at {page_span(page, last_page, page_labels, lines)}"
