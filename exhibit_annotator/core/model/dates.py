"""A fact's date as a chronology needs it: exact (``2023-10-12``), partial (``2023-10``, ``2023``), a range
(``2023-10/2023-12``), approximate (``2023-10~``) or undated (``""``).

The stored form is the Library of Congress's Extended Date/Time Format (EDTF, ISO 8601-2), level 0 and the
approximate mark of level 1: a standard other tools read, and one that sorts by its text once split. What people type
("about Oct 2023" is not it, but "about 2023-10", "c. 2023", "2023-10 to 2023-12" are) is turned into it by
``fact_date``; anything else is refused with one line saying the forms.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

FORMS = "2023-10-12, 2023-10, 2023, a range 2023-10/2023-12, or 'about 2023-10'"

_POINT = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?P<approx>~)?")
_ABOUT = re.compile(r"^(?:about|approx(?:imately|\.)?|around|circa|ca?\.|~)\s*", re.IGNORECASE)
_RANGE = re.compile(r"\s*(?:/|\bto\b|–|—|\.\.)\s*")


@dataclass(frozen=True, order=True)
class Point:
    """One end of a fact's date, as precise as it is known (``month`` and ``day`` 0 when not)."""

    year: int
    month: int = 0
    day: int = 0
    approximate: bool = False

    @property
    def text(self) -> str:
        out = (
            f"{self.year:04d}" + (f"-{self.month:02d}" if self.month else "") + (f"-{self.day:02d}" if self.day else "")
        )
        return out + ("~" if self.approximate else "")

    @property
    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> date:
        month = self.month or 12
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])


def _point(text: str, approximate: bool) -> Point:
    m = _POINT.fullmatch(text.strip())
    if m is None:
        raise ValueError(f"{text.strip()!r} is not a date: give {FORMS}")
    year, month, day = int(m["year"]), int(m["month"] or 0), int(m["day"] or 0)
    if m["month"] is not None and not 1 <= month <= 12:
        raise ValueError(f"{text.strip()!r} has no month {month}")
    if m["day"] is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError(f"{text.strip()!r}: {year:04d}-{month:02d} has no day {day}")
    return Point(year, month, day, approximate or bool(m["approx"]))


def points(value: str) -> tuple[Point, Point] | None:
    """The first and last point of a date (the same point for one that is not a range); None when undated."""
    text = value.strip()
    if not text:
        return None
    about = _ABOUT.match(text)
    if about:
        text = text[about.end() :]
    ends = _RANGE.split(text)
    if len(ends) > 2:
        raise ValueError(f"{value.strip()!r} is not a date: give {FORMS}")
    first = _point(ends[0], bool(about))
    last = _point(ends[-1], bool(about)) if len(ends) == 2 else first
    if last.first_day < first.first_day:
        raise ValueError(f"{value.strip()!r}: the range ends before it starts")
    return first, last


def fact_date(value: str) -> str:
    """A date as typed, in the stored form (EDTF); raises ValueError naming the forms it takes."""
    ends = points(value)
    if ends is None:
        return ""
    first, last = ends
    return first.text if first == last else f"{first.text}/{last.text}"


def date_key(value: str) -> tuple[int, int, int, int, int, int, int]:
    """The order of a chronology: by the first day of the period, a partial date before the exact ones of its period
    (2023, then 2023-10, then 2023-10-12), an exact date before an approximate one, a shorter range first; undated
    last."""
    ends = points(value)
    if ends is None:
        return (1, 0, 0, 0, 0, 0, 0)
    first, last = ends
    return (0, first.year, first.month, first.day, int(first.approximate), last.last_day.toordinal(), 0)


def date_words(value: str) -> str:
    """How a chronology writes the date: ``2023-10-12``, ``about 2023-10``, ``2023-10 to 2023-12``, ``undated``."""
    ends = points(value)
    if ends is None:
        return "undated"
    first, last = ends
    about = "about " if first.approximate or last.approximate else ""
    plain = (first.text.rstrip("~"), last.text.rstrip("~"))
    return about + (plain[0] if first == last else f"{plain[0]} to {plain[1]}")
