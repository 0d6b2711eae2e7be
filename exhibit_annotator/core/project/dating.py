"""A date suggested for a fact from its passage's text, in English, Russian or Arabic, by ``dateparser`` (a
well-kept parser of dates in 200 languages), not by rules written here. Only a suggestion: the fact editor shows it
for the user to keep or change.

Where to look is found here; what the words mean, dateparser says. Each four-digit year from 1800 to 2199 in the
text (Western or Arabic-Indic digits) is read with up to two words before it ("12 октября 2023", "October 12,
2023", "أبريل 2024"), and the most precise reading (day, month, year) of the first year that reads at all is the
suggestion. Two words at most: dateparser reads "Llama 3 in April 2024" as 3 April. Its search (``search_dates``)
was tried first: it takes the "3" in the same way and reads the Russian "2021 года" ("of 2021") as "2021 years
ago". Dateparser's Russian does not know the prepositional months ("в октябре 2023"): those give the year alone.
Day-month order follows the text's script (Cyrillic and Arabic texts write 12.10.2023 for 12 October).
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from functools import cache
from typing import Any

_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2[01]\d\d)(?!\d)|[\u0660-\u0669]{4}")
_SETTINGS: dict[str, Any] = {"PREFER_DAY_OF_MONTH": "first", "PARSERS": ["custom-formats", "absolute-time"]}


def language_of(text: str) -> str:
    """``ru``, ``ar`` or ``en``: the script most of the text's letters are in."""
    counts = {"ru": 0, "ar": 0, "en": 0}
    for c in text:
        if c.isalpha():
            name = unicodedata.name(c, "")
            counts["ru" if name.startswith("CYRILLIC") else "ar" if name.startswith("ARABIC") else "en"] += 1
    return max(counts, key=lambda k: counts[k])


@cache
def _parser(language: str) -> Any:  # a dateparser.date.DateDataParser
    # dateparser is imported at the first suggestion, not with this module: 90 ms of the window's start otherwise.
    from dateparser.date import DateDataParser

    return DateDataParser(languages=[language], settings=_settings(language))


def _settings(language: str) -> dict[str, Any]:
    return {**_SETTINGS, "DATE_ORDER": "MDY" if language == "en" else "DMY"}


def suggest_date(text: str) -> str:
    """The first date the text names, as a fact's date (``2023-10-12``, ``2023-10``, ``2023``), or "" for none."""
    language = language_of(text)
    words = list(re.finditer(r"\S+", text[:20_000]))
    for i, word in enumerate(words):
        if not _YEAR.search(word.group()):
            continue
        best: tuple[int, str] | None = None
        for k in range(min(i, 2) + 1):
            window = text[words[i - k].start() : word.end()].strip(_PUNCTUATION)
            with warnings.catch_warnings():  # some versions warn of their own pytz and regex use
                warnings.simplefilter("ignore")
                data = _parser(language).get_date_data(window)
            when = data.date_obj
            if when is None or not 1800 <= when.year <= 2199 or str(when.year) not in _western(window):
                continue
            found = {"day": (3, when.strftime("%Y-%m-%d")), "month": (2, when.strftime("%Y-%m"))}.get(
                str(data.period), (1, f"{when.year:04d}")
            )
            if best is None or found[0] > best[0]:
                best = found
        if best is not None:
            return best[1]
    return ""


def _western(text: str) -> str:
    return "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in text)


_PUNCTUATION = " \t\n.,;:!?()[]{}«»“”„\"'‘’—–-،؛"
