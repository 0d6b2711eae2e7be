"""Annotations: a tagged passage or area of an exhibit, its anchors (quote, position, rectangles), its review
status and history; and the record of a deletion."""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    Field,
    model_validator,
)

from .fields import MAX_PAGES, Identifier, OneLine, Text, UtcDatetime, _Model, content_digest, utc_now


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
    """W3C TextPositionSelector: code-point offsets in the page text built by ``core.pdf.text``.

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
        return content_digest(self, CONTENT_FIELDS)


CONTENT_FIELDS = {
    "exhibit_id", "page", "end_page", "kind", "text", "quote", "position", "rects", "category_ids", "note",
    "key_passage", "review", "review_comment",
}  # fmt: skip


class Deletion(_Model):
    """A deleted annotation's id: a merge then knows the other side's copy was deleted here, not added there."""

    id: uuid.UUID
    deleted: UtcDatetime = Field(default_factory=utc_now)
    by: OneLine = ""
