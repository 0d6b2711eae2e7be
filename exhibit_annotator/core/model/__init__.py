"""The project file's domain models (pydantic v2). Reading this package is reading the file format: ``fields``
(the checked field types), ``exhibits`` (the case, exhibits and their cites), ``codebook``, ``annotations``,
``facts`` (with ``dates``), ``designations``, and ``project`` (the whole, checked together).

Field order is the key order in the saved JSON, so keep related fields together and add new ones at the end of a
model. Any change to what a valid file looks like needs a new ``SCHEMA_VERSION`` and a migration in
``project/store.py``; ``resources/project.schema.json`` is generated from these models (a test keeps it in sync).
"""

from .annotations import (
    CONTENT_FIELDS,
    Annotation,
    Coordinate,
    Deletion,
    Extraction,
    PageRect,
    Reanchored,
    Rect,
    ReviewStatus,
    TextPosition,
    TextQuote,
)
from .codebook import Category, Codebook, category_depths, check_codebook
from .dates import date_key, date_words, fact_date
from .designations import DESIGNATION_CONTENT, Designation, DesignationKind, Objection, Ruling
from .exhibits import Case, Exhibit, LineColumn, Lines, LineSpan, Placed, Roles, RunningHead, page_span, pinpoint
from .facts import FACT_CONTENT, Fact, FactSource, FactStatus
from .fields import MAX_PAGES, UNION_BRANCHES, Colour, Identifier, NonBlank, OneLine, Sha256, Text, UtcDatetime, utc_now
from .project import FORMAT_NAME, SCHEMA_VERSION, STEP, Project

__all__ = [
    "CONTENT_FIELDS",
    "DESIGNATION_CONTENT",
    "FACT_CONTENT",
    "FORMAT_NAME",
    "MAX_PAGES",
    "SCHEMA_VERSION",
    "STEP",
    "UNION_BRANCHES",
    "Annotation",
    "Case",
    "Category",
    "Codebook",
    "Colour",
    "Coordinate",
    "Deletion",
    "Designation",
    "DesignationKind",
    "Exhibit",
    "Extraction",
    "Fact",
    "FactSource",
    "FactStatus",
    "Identifier",
    "LineColumn",
    "LineSpan",
    "Lines",
    "NonBlank",
    "Objection",
    "OneLine",
    "PageRect",
    "Placed",
    "Project",
    "Reanchored",
    "Rect",
    "ReviewStatus",
    "Roles",
    "Ruling",
    "RunningHead",
    "Sha256",
    "Text",
    "TextPosition",
    "TextQuote",
    "UtcDatetime",
    "category_depths",
    "check_codebook",
    "date_key",
    "date_words",
    "fact_date",
    "page_span",
    "pinpoint",
    "utc_now",
]
