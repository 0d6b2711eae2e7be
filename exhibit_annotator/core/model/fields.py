"""The field types every model of the project file is made of: text that is checked fast (in Rust) and mended
when it must be (control characters, line breaks in one-line fields), UTC times, colours, hashes, identifiers."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema


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


def _unique(what: str, values: Sequence[Hashable]) -> None:
    if len(set(values)) == len(values):
        return
    seen: set[Hashable] = set()
    for v in values:
        if v in seen:
            raise ValueError(f"duplicate {what} {str(v)!r}")
        seen.add(v)


def content_digest(model: BaseModel, fields: set[str]) -> str:
    """The digest of what a version says (``fields``), not who made it or when: the one rule by which annotations,
    facts and designations tell their versions apart (equal digests are the same version; a digest in another
    version's history makes that one a later edit of it)."""
    content = model.model_dump(mode="json", include=fields)
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:20]
