"""Facts: the statements a litigator argues from (schema 8), each dated, linked to the annotations that prove it,
and marked undisputed, disputed or still to verify: the chronology and the statement of undisputed facts are made
of them."""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, Field

from .annotations import ReviewStatus
from .dates import fact_date
from .fields import Identifier, NonBlank, OneLine, Sha256, Text, UtcDatetime, _Model, content_digest, utc_now


class FactStatus(StrEnum):
    undisputed = "undisputed"
    disputed = "disputed"
    to_verify = "to-verify"

    @property
    def words(self) -> str:
        return self.value.replace("-", " ")


FactDate = Annotated[str, Field(max_length=64), AfterValidator(fact_date)]


class FactSource(_Model):
    """An annotation that proves the fact, with what it said and which file it was on when it was linked: a source
    deleted since, changed since, or on a replaced file is marked (``project.facts.support``), never silently kept
    as proof."""

    annotation_id: uuid.UUID
    quote: Text = Field(default="", description="the passage's text when it was linked")
    sha256: Sha256 | None = Field(default=None, description="the exhibit file's SHA-256 when it was linked")


class Fact(_Model):
    id: uuid.UUID = Field(default_factory=uuid.uuid4)
    date: FactDate = Field(default="", description="EDTF: 2023-10-12, 2023-10, 2023, 2023-10/2023-12, 2023-10~")
    text: NonBlank = Field(description="the fact as the brief states it")
    sources: list[FactSource] = Field(default_factory=list)
    issue_ids: list[Identifier] = Field(default_factory=list, description="the codebook's categories it bears on")
    people: list[NonBlank] = Field(default_factory=list, description="people and organisations it involves")
    status: FactStatus = FactStatus.to_verify
    key_fact: bool = False
    note: Text = ""
    author: OneLine = ""
    modified_by: OneLine = ""
    review: ReviewStatus = ReviewStatus.proposed
    review_comment: Text = ""
    created: UtcDatetime = Field(default_factory=utc_now)
    modified: UtcDatetime = Field(default_factory=utc_now)
    history: list[str] = Field(default_factory=list, description="content digests of its earlier versions (merge)")

    @property
    def edited_by(self) -> str:
        return self.modified_by or self.author

    def digest(self) -> str:
        """What this version says, not who or when (``Annotation.digest``: the same rule for merging)."""
        return content_digest(self, FACT_CONTENT)


FACT_CONTENT = {
    "date", "text", "sources", "issue_ids", "people", "status", "key_fact", "note", "review", "review_comment",
}  # fmt: skip
