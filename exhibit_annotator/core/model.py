"""The project file's domain models (pydantic v2). Reading this module is reading the file format.

Field order here is the key order in the saved JSON, so keep related fields together and add new ones at the
end of a model. Any change to what a valid file looks like needs a new ``SCHEMA_VERSION`` and a migration in
``store.py``; ``resources/project.schema.json`` is generated from these models (a test keeps it in sync).
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from datetime import date as Date
from enum import StrEnum
from typing import Annotated, Any, Literal, NamedTuple, Protocol

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    PrivateAttr,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

SCHEMA_VERSION = 7
FORMAT_NAME = "exhibit-annotator-project"


def utc_now() -> datetime:
    # Whole seconds: sub-second noise makes diffs of two saves of the same work differ for no reason.
    return datetime.now(UTC).replace(microsecond=0)


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("timestamps must carry a time zone (UTC)")
    try:
        return value.astimezone(UTC)
    except OverflowError:  # year 1 with a positive offset has no UTC time
        raise ValueError("the timestamp is out of range") from None


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


# Characters no document format can hold (XML 1.0 forbids them; Word briefs failed on a NUL in a PDF's title) or
# that are not text (lone surrogates cannot be written as UTF-8): dropped wherever text comes in, from a PDF, a
# colleague's file or a command line. Tab, line feed and carriage return stay in notes and quotes.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKS = re.compile("[\t\n\r\x85\u2028\u2029]+")


def _text(value: object) -> object:
    # search first: nearly all text is clean, and returning it as is costs nothing (loading 20,000 annotations).
    return _NOT_TEXT.sub("", value) if isinstance(value, str) and _NOT_TEXT.search(value) else value


def _one_line(value: object) -> object:
    """Labels, names and titles are one line: line breaks become spaces (a name with a newline split headings)."""
    if isinstance(value, str) and (_NOT_TEXT.search(value) or _LINE_BREAKS.search(value)):
        return _LINE_BREAKS.sub(" ", _NOT_TEXT.sub("", value))
    return value


MAX_PAGES = 1_000_000  # a page index or count beyond this is damage, not a document

# Types check in pydantic-core (Rust) first and call Python only for input that needs mending: a clean string
# matches a pattern and is taken as is; only a string with characters to drop or line breaks to flatten goes to
# the Python function. A Python call per field made loading 20,000 annotations twice as slow (issue 17).
_CLEAN_TEXT = "^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]*$"  # _NOT_TEXT's complement (Rust has no surrogates)
_CLEAN_LINE = "^[^\x00-\x1f\x7f\x85\u2028\u2029\ufffe\uffff]*$"


@dataclass(frozen=True, eq=False)  # hashed by identity: typing puts it in sets
class _CheckedOrMended:
    """Annotated metadata: a value that passes ``checked`` (pydantic-core alone) is taken as is; anything else goes
    to ``mended``, which calls Python. Errors name the branch ``UNION_BRANCHES`` says (hidden by
    ``describe_validation_error``)."""

    checked: CoreSchema
    mended: CoreSchema
    json: dict[str, object]

    def __get_pydantic_core_schema__(self, source: object, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.union_schema([(self.checked, "checked"), (self.mended, "mended")], mode="left_to_right")

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return dict(self.json)


UNION_BRANCHES = ("checked", "mended")


def _mended_str(pattern: str, mend: Callable[[object], object], max_length: int) -> _CheckedOrMended:
    return _CheckedOrMended(
        core_schema.str_schema(pattern=pattern, max_length=max_length),
        core_schema.no_info_before_validator_function(mend, core_schema.str_schema(max_length=max_length)),
        {"type": "string", "maxLength": max_length},
    )


# A timestamp held in UTC: one already at offset zero is checked in Rust; another offset is converted by ``_utc``
# (and one without a zone refused there).
_IN_UTC = _CheckedOrMended(
    core_schema.datetime_schema(tz_constraint=0),
    core_schema.no_info_after_validator_function(_utc, core_schema.datetime_schema()),
    {"type": "string", "format": "date-time"},
)
Text = Annotated[str, _mended_str(_CLEAN_TEXT, _text, 10_000_000)]
OneLine = Annotated[str, _mended_str(_CLEAN_LINE, _one_line, 2_000)]
UtcDatetime = Annotated[datetime, _IN_UTC]
NonBlank = Annotated[OneLine, AfterValidator(_not_blank)]
Colour = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")]
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
Identifier = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")]


class _Model(BaseModel):
    # Unknown keys are an error: they are typos or a newer format, and silently dropping them loses data.
    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_strip_whitespace=False)


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

    @property
    def heads_left_out(self) -> frozenset[tuple[str, float]]:
        """The running headers and footers its pages' text leaves out (``text.DocumentText``)."""
        return frozenset() if self.keep_running_heads else frozenset((h.text, h.y) for h in self.running_heads)

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


class Category(_Model):
    id: Identifier
    name: NonBlank
    colour: Colour = "#f4d03f"
    description: Text = ""
    parent: Identifier | None = None
    shortcut: str | None = Field(default=None, min_length=1, max_length=1)


def check_codebook(categories: list[Category]) -> None:
    """Ids unique, parents known, no category nested inside itself, names and shortcuts unique."""
    _unique("category id", [c.id for c in categories])
    _unique("category name", [c.name.casefold() for c in categories])
    _unique("category shortcut", [c.shortcut for c in categories if c.shortcut])
    ids = {c.id for c in categories}
    for c in categories:
        if c.parent is not None and c.parent not in ids:
            raise ValueError(f"category {c.name!r} has an unknown parent {c.parent!r}")
    _no_cycles(categories)


def category_depths(categories: list[Category]) -> dict[str, int]:
    """How deep each category is nested (0: top level), by id."""
    parents = {c.id: c.parent for c in categories}
    depths = {}
    for cid, parent in parents.items():
        level = 0
        while parent is not None and level < len(categories):  # a cycle (refused on load) cannot hang this
            level, parent = level + 1, parents.get(parent)
        depths[cid] = level
    return depths


class Codebook(_Model):
    """A codebook on its own, to start projects from or share between them."""

    format: Literal["exhibit-annotator-codebook"] = "exhibit-annotator-codebook"
    name: OneLine = ""
    description: Text = ""
    categories: list[Category] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Codebook:
        check_codebook(self.categories)
        return self


class ReviewStatus(StrEnum):
    proposed = "proposed"
    accepted = "accepted"
    rejected = "rejected"
    needs_work = "needs_work"

    @property
    def words(self) -> str:
        """The status as people read it: "needs work"."""
        return self.value.replace("_", " ")


class TextQuote(_Model):
    """W3C Web Annotation TextQuoteSelector: the passage and about 32 characters either side."""

    exact: Text
    prefix: Text = ""
    suffix: Text = ""


class TextPosition(_Model):
    """W3C TextPositionSelector: code-point offsets in the page text built by ``core.text``.

    ``start`` is in the text of the annotation's first page and ``end`` in the text of its last page.
    """

    start: int = Field(ge=0, le=10**9)
    end: int = Field(ge=0, le=10**9)


class Extraction(_Model):
    """How the page text the offsets refer to was built; offsets are trusted only when this matches."""

    method: str
    engine: str


def _ordered(rect: list[float]) -> list[float]:
    if rect[2] < rect[0] or rect[3] < rect[1]:
        raise ValueError("a rectangle is x0, y0, x1, y1 with x0 <= x1 and y0 <= y1")
    return rect


# Finite and within any real page (PDF pages are at most 14,400 points; 1e308 or NaN is damage or an attack).
Coordinate = Annotated[float, Field(allow_inf_nan=False, ge=-100_000, le=100_000)]
Rect = Annotated[list[Coordinate], Field(min_length=4, max_length=4), AfterValidator(_ordered)]


class PageRect(_Model):
    """One highlight rectangle (one per line of a passage): ``[x0, y0, x1, y1]`` in unrotated PDF points."""

    page: int = Field(ge=0, le=MAX_PAGES)
    rect: Rect


class Reanchored(_Model):
    """What replacing the exhibit's file left for the user to check about this passage (schema 4): placed on a
    text that is only similar (``approximate``: ``found`` is that text), not found (``lost``: nothing is drawn), or
    an area, which text cannot find again (``area``: it stays where it was)."""

    state: Literal["approximate", "lost", "area"]
    found: Text = ""
    similarity: float = Field(default=0.0, ge=0.0, le=1.0, allow_inf_nan=False)

    def describe(self) -> str:
        """What to check, for lists and the brief."""
        if self.state == "approximate":
            return f"to check: only a similar text was found on the new file ({self.similarity:.0%} alike)"
        if self.state == "lost":
            return "lost: not found on the new file"
        return "to check: an area, on a replaced file"


class Annotation(_Model):
    id: uuid.UUID = Field(default_factory=uuid.uuid4)
    exhibit_id: Identifier
    page: int = Field(ge=0, le=MAX_PAGES, description="0-based index of the (first) page; shown to people as page + 1")
    end_page: int | None = Field(
        default=None,
        ge=0,
        le=MAX_PAGES,
        description="0-based index of the last page, for a passage that runs onto later pages",
    )
    kind: Literal["text", "area"] = "text"
    text: Text = Field(
        default="", description="the passage as extracted, lines joined as read (empty for area annotations)"
    )
    quote: TextQuote | None = None
    position: TextPosition | None = Field(
        default=None, description="start in the text of `page`, end in the text of `end_page` (or `page`)"
    )
    extraction: Extraction | None = None
    rects: list[PageRect] = Field(default_factory=list, description="highlight geometry, one rectangle per line")
    category_ids: list[Identifier] = Field(default_factory=list)
    note: Text = ""
    author: OneLine = ""
    modified_by: OneLine = Field(
        default="", description="who made this version, when someone changed it after its author tagged it"
    )
    key_passage: bool = False
    review: ReviewStatus = ReviewStatus.proposed
    review_comment: Text = Field(default="", description="the reviewer's comment on this annotation")
    created: UtcDatetime = Field(default_factory=utc_now)
    modified: UtcDatetime = Field(default_factory=utc_now)
    history: list[str] = Field(
        default_factory=list,
        description="content digests of this annotation's earlier versions, oldest first (see core.merge)",
    )
    reanchored: Reanchored | None = Field(
        default=None, description="set when the exhibit's file was replaced and this passage needs checking"
    )

    @model_validator(mode="after")
    def _has_anchor(self) -> Annotation:
        # Runs for every annotation loaded: plain attribute reads, no property calls or generators.
        page, end_page, position = self.page, self.end_page, self.position
        last = page if end_page is None else end_page
        if self.kind == "text":
            if self.quote is None:
                raise ValueError("a text annotation needs a quote")
        elif not self.rects:
            raise ValueError("an area annotation needs a rectangle")
        if last < page:
            raise ValueError("end_page must not be before page")
        if position is not None and last == page and position.end < position.start:
            raise ValueError("position end must not be before its start on the same page")
        for r in self.rects:
            if not page <= r.page <= last:
                raise ValueError("a highlight rectangle lies outside the annotation's pages")
        return self

    @property
    def last_page(self) -> int:
        return self.page if self.end_page is None else self.end_page

    @property
    def edited_by(self) -> str:
        """Who made this version: whoever changed it last, else its author. A merge's report and conflicts credit
        each version to this person, not to whoever first tagged the passage."""
        return self.modified_by or self.author

    def digest(self) -> str:
        """What this version says (anchor, categories, note, star, review), not who or when: equal digests are
        the same version, and a digest in another version's ``history`` makes that one a later edit of it."""
        content = self.model_dump(mode="json", include=CONTENT_FIELDS)
        return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:20]


CONTENT_FIELDS = {
    "exhibit_id", "page", "end_page", "kind", "text", "quote", "position", "rects", "category_ids", "note",
    "key_passage", "review", "review_comment",
}  # fmt: skip


class Deletion(_Model):
    """A deleted annotation's id: a merge then knows the other side's copy was deleted here, not added there."""

    id: uuid.UUID
    deleted: UtcDatetime = Field(default_factory=utc_now)
    by: OneLine = ""


class Project(_Model):
    format: Literal["exhibit-annotator-project"] = "exhibit-annotator-project"
    schema_version: Literal[7] = 7  # == SCHEMA_VERSION
    case: Case = Field(default_factory=Case)
    exhibits: list[Exhibit] = Field(default_factory=list)
    codebook: list[Category] = Field(default_factory=list)
    annotations: list[Annotation] = Field(default_factory=list)
    deleted: list[Deletion] = Field(default_factory=list)
    pending: list[Annotation] = Field(
        default_factory=list,
        description="a colleague's versions of annotations that both sides changed, kept until someone decides",
    )
    _positions: dict[int, int] = PrivateAttr(default_factory=dict)  # see annotation_position
    _indexed: list[Annotation] | None = PrivateAttr(default=None)  # the list _positions is for
    _names: tuple[list[Category], dict[str, str]] | None = PrivateAttr(default=None)  # codebook → names by id

    @model_validator(mode="after")
    def _consistent(self) -> Project:
        self.check_references()
        return self

    def check_references(self) -> None:
        """Ids unique and every reference known: what field validation cannot see, and what assigning a field
        (or appending to a list) does not re-check; raises ValueError."""
        for _ in self.checking_references():
            pass

    def checking_references(self) -> Iterator[None]:
        """``check_references`` in steps of a few milliseconds (a save's check, run between the window's paints)."""
        _unique("exhibit id", [e.id for e in self.exhibits])
        _unique("exhibit label", [e.label for e in self.exhibits])
        check_codebook(self.codebook)
        # The ids' index (annotation_position) is made here, where every id is read anyway: it is the uniqueness check.
        positions = {n: k for k, n in enumerate([a.id.int for a in self.annotations])}
        if len(positions) != len(self.annotations):
            _unique("annotation id", [a.id for a in self.annotations])
        self._positions, self._indexed = positions, self.annotations
        yield
        pages = {e.id: (e.page_count, e.label) for e in self.exhibits}
        categories = {c.id for c in self.codebook}
        for n, a in enumerate((*self.annotations, *self.pending)):
            if n % STEP == STEP - 1:
                yield
            known = pages.get(a.exhibit_id)
            if known is None:
                raise ValueError(f"annotation {a.id} refers to an unknown exhibit {a.exhibit_id!r}")
            last = a.page if a.end_page is None else a.end_page
            if last >= known[0]:
                raise ValueError(f"annotation {a.id} is on page {last + 1}, but {known[1]} has {known[0]} pages")
            if not categories.issuperset(a.category_ids):
                unknown = [c for c in a.category_ids if c not in categories]
                raise ValueError(f"annotation {a.id} refers to unknown categories {unknown}")

    # Look-ups used by the CLI, the app and exports alike.
    def exhibit(self, exhibit_id: str) -> Exhibit:
        for e in self.exhibits:
            if e.id == exhibit_id:
                return e
        raise KeyError(exhibit_id)

    def category(self, category_id: str) -> Category:
        for c in self.codebook:
            if c.id == category_id:
                return c
        raise KeyError(category_id)

    def category_names(self, category_ids: Iterable[str]) -> str:
        """Categories as text, as every view, label and output names them: "Copying, Willfulness"; a category no
        longer in the codebook (a colleague's, before a merge) reads as its id; "(no category)" for none."""
        if self._names is None or self._names[0] is not self.codebook or len(self._names[1]) != len(self.codebook):
            self._names = (self.codebook, {c.id: c.name for c in self.codebook})
        known = self._names[1]
        return ", ".join(known.get(c, c) for c in category_ids) or "(no category)"

    def cite_of(self, a: Annotation, *, physical: bool = False) -> str:
        """An annotation's pinpoint cite as every view and output gives it: ``Ex. 3 at 2``, or ``Ex. 3 at 45:12–20``
        on a transcript (``Exhibit.cite_passage``); ``? at 2`` for an exhibit no longer in the project."""
        exhibit = next((e for e in self.exhibits if e.id == a.exhibit_id), None)
        return pinpoint("?", a.page, a.end_page) if exhibit is None else exhibit.cite_passage(a, physical=physical)

    def __getstate__(self) -> dict[Any, Any]:
        # The annotation index is a cache of this process: pickled (a job for a worker), it sent every
        # annotation again with it (2 s of the GUI thread for a search at 20,000 annotations).
        state = super().__getstate__()
        state["__pydantic_private__"] = {"_positions": {}, "_indexed": None, "_names": None}
        return state

    def annotation_position(self, annotation_id: uuid.UUID | str) -> int | None:
        """Where the annotation with this id is in ``annotations`` (None: not there), in O(1) for what a change
        does. Positions are kept by the ids' integers (hashing UUID objects runs Python code) and checked on use:
        one just appended (a tag) is found at the end; removals and restorals tell the index (``edits``), so a
        miss is believed while the index holds as many ids as the list; only a list that moved under it (a
        deletion shifts what follows, a merge swaps the list) is indexed again."""
        if not isinstance(annotation_id, uuid.UUID):
            try:
                annotation_id = uuid.UUID(annotation_id)
            except ValueError:
                return None
        annotations, key = self.annotations, annotation_id.int
        if self._indexed is not annotations:
            self._reindex()
        i = self._positions.get(key)
        if i is not None and i < len(annotations) and annotations[i].id == annotation_id:
            return i
        if i is None:
            if annotations and annotations[-1].id == annotation_id:
                self._positions[key] = i = len(annotations) - 1
                return i
            if len(self._positions) == len(annotations):
                return None
        self._reindex()
        return self._positions.get(key)

    def _reindex(self) -> None:
        self._indexed = annotations = self.annotations
        self._positions = {n: k for k, n in enumerate([a.id.int for a in annotations])}

    def indexed_removal(self, ids: Iterable[uuid.UUID]) -> None:
        """``edits`` took these annotations out of the list."""
        for annotation_id in ids:
            self._positions.pop(annotation_id.int, None)

    def indexed_insertion(self, annotation_id: uuid.UUID, position: int) -> None:
        """``edits`` put this annotation back into the list at ``position``."""
        self._positions[annotation_id.int] = position

    def annotation_by_id(self, annotation_id: uuid.UUID | str) -> Annotation | None:
        i = self.annotation_position(annotation_id)
        return None if i is None else self.annotations[i]

    def annotations_of(self, exhibit_id: str) -> list[Annotation]:
        return [a for a in self.annotations if a.exhibit_id == exhibit_id]


STEP = 2000  # annotations checked or serialised between two yields of a stepwise job: about 5 ms


def _unique(what: str, values: Sequence[Hashable]) -> None:
    if len(set(values)) == len(values):
        return
    seen: set[Hashable] = set()
    for v in values:
        if v in seen:
            raise ValueError(f"duplicate {what} {str(v)!r}")
        seen.add(v)


def _no_cycles(codebook: list[Category]) -> None:
    parent = {c.id: c.parent for c in codebook}
    for c in codebook:
        seen = {c.id}
        p = c.parent
        while p is not None:
            if p in seen:
                raise ValueError(f"category {c.name!r} is nested inside itself")
            seen.add(p)
            p = parent.get(p)


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
