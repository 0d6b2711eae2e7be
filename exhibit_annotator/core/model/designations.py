"""Deposition designations (schema 9): the line ranges of a transcript each side will play or read at trial, the
other side's counter-designations, objections to them and the court's rulings."""

from __future__ import annotations

import uuid
from enum import StrEnum

from pydantic import Field, model_validator

from .annotations import ReviewStatus
from .exhibits import LineSpan, page_span
from .fields import MAX_PAGES, Identifier, NonBlank, OneLine, Text, UtcDatetime, _Model, content_digest, utc_now


class DesignationKind(StrEnum):
    designation = "designation"
    counter = "counter"
    counter_counter = "counter-counter"


class Ruling(StrEnum):
    pending = "pending"
    sustained = "sustained"
    overruled = "overruled"
    withdrawn = "withdrawn"


class Objection(_Model):
    basis: NonBlank = Field(description="hearsay, relevance, foundation, form, 403, …")
    party: OneLine = Field(default="", description="who objects")
    ruling: Ruling = Ruling.pending
    note: Text = ""


class Designation(_Model):
    id: uuid.UUID = Field(default_factory=uuid.uuid4)
    exhibit_id: Identifier
    page: int = Field(ge=0, le=MAX_PAGES, description="0-based PDF page of the first line")
    first_line: int = Field(ge=1, le=200)
    end_page: int = Field(ge=0, le=MAX_PAGES, description="0-based PDF page of the last line")
    last_line: int = Field(ge=1, le=200)
    party: NonBlank
    kind: DesignationKind = DesignationKind.designation
    objections: list[Objection] = Field(default_factory=list)
    note: Text = ""
    author: OneLine = ""
    modified_by: OneLine = ""
    review: ReviewStatus = ReviewStatus.proposed
    review_comment: Text = ""
    created: UtcDatetime = Field(default_factory=utc_now)
    modified: UtcDatetime = Field(default_factory=utc_now)
    history: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _in_order(self) -> Designation:
        if (self.end_page, self.last_line) < (self.page, self.first_line):
            raise ValueError("a designation's last line must not come before its first")
        return self

    @property
    def edited_by(self) -> str:
        return self.modified_by or self.author

    def span(self, page_labels: list[str]) -> str:
        """``45:12–20``, ``45:12–46:3``: the range as lawyers write it (``page_span``, with the pages' labels)."""
        return page_span(self.page, self.end_page, page_labels, LineSpan(self.first_line, self.last_line))

    def digest(self) -> str:
        """What this version says (``Annotation.digest``: the same rule for merging)."""
        return content_digest(self, DESIGNATION_CONTENT)


DESIGNATION_CONTENT = {
    "exhibit_id", "page", "first_line", "end_page", "last_line", "party", "kind", "objections", "note", "review",
    "review_comment",
}  # fmt: skip
