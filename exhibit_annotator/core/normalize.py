"""Fold text so that differences a reader cannot see do not stop a match, keeping a map back to the original.

Used by anchoring (a quote typed or pasted by a user) and by search. Folding removes: line breaks and runs of
spaces (all whitespace), hyphens and dashes (so line-end hyphenation and "–" vs "-" do not matter), bidi and
other invisible format marks, Arabic tatweel and harakat; it unifies typographic and straight quotes, decomposes
ligatures and compatibility forms (NFKD), and optionally folds letter case (``str.casefold``, right for Cyrillic).
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass
from functools import lru_cache

_DOUBLE_QUOTES = '"“”„‟«»″〝〞＂'
_SINGLE_QUOTES = "'‘’‚‛‹›′`´＇"
_QUOTE_MAP = {**{c: '"' for c in _DOUBLE_QUOTES}, **{c: "'" for c in _SINGLE_QUOTES}}
_TATWEEL = "\u0640"
_DROPPED = _TATWEEL + "\u00ad\u2010\u2011\u2212"  # tatweel, soft hyphen, hyphens, minus


def _is_arabic_mark(c: str) -> bool:
    # Harakat, tanween, shadda, sukun, superscript alef, Quranic marks: optional in Arabic spelling, so users
    # type without them and producers place them inconsistently. Arabic search conventionally ignores them.
    o = ord(c)
    return 0x064B <= o <= 0x065F or o == 0x0670 or 0x06D6 <= o <= 0x06ED or 0x0610 <= o <= 0x061A


@lru_cache(maxsize=65536)
def _fold_char(c: str, ignore_case: bool) -> str:
    if _dropped(c):
        return ""
    if c in _QUOTE_MAP:
        return _QUOTE_MAP[c]
    s = unicodedata.normalize("NFKD", c)
    if ignore_case:
        s = unicodedata.normalize("NFKD", s.casefold())
    # NFKD may itself produce spaces, quotes or Arabic marks ("¨" → " ̈", "أ" → "ا" + hamza above, so alef
    # variants match as Arabic search expects); fold those too.
    return "".join(_QUOTE_MAP.get(x, x) for x in s if not _dropped(x))


def _dropped(c: str) -> bool:
    """Characters folding removes: whitespace, dashes and hyphens, invisible format and control characters,
    tatweel, Arabic marks."""
    return c.isspace() or c in _DROPPED or unicodedata.category(c) in ("Pd", "Cf", "Cc") or _is_arabic_mark(c)


_QUOTE_TABLE = {ord(c): q for c, q in _QUOTE_MAP.items()}


@lru_cache(maxsize=1)
def _page_table() -> dict[int, str | None]:
    """``_dropped`` and the quote map as one ``str.translate`` table; built on first use (~30 ms), not at import."""
    table: dict[int, str | None] = dict(_QUOTE_TABLE)
    table.update((code, None) for code in range(0x10000) if _dropped(chr(code)))
    return table


def fast_fold(text: str, ignore_case: bool) -> str:
    """``fold_text`` for whole pages, without the per-character map: C-level string operations, for search."""
    s = unicodedata.normalize("NFKD", text.translate(_QUOTE_TABLE))  # quotes first, as fold does: "″" is one quote
    if ignore_case:
        s = unicodedata.normalize("NFKD", s.casefold())
    return s.translate(_page_table())


@dataclass(frozen=True)
class Folded:
    """``text`` folded; ``origin[i]`` is the index in the original string of folded character ``i``."""

    text: str
    origin: array[int]  # compact: these are cached for every page of an exhibit

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original [start, end) covering folded [start, end)."""
        return self.origin[start], self.origin[end - 1] + 1


def fold(text: str, *, ignore_case: bool = False) -> Folded:
    out: list[str] = []
    origin = array("I")
    for i, c in enumerate(text):
        f = _fold_char(c, ignore_case)
        if f:
            out.append(f)
            origin.extend([i] * len(f))
    return Folded("".join(out), origin)


def fold_text(text: str, *, ignore_case: bool = False) -> str:
    """Just the folded string (no map): for comparing two texts."""
    return "".join(_fold_char(c, ignore_case) for c in text)


_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sorts labels as people number them: "PX-2" before "PX-10", "Ex. 9" before "Ex. 10"."""
    return tuple((0, int(part)) if part.isdigit() else (1, part.casefold()) for part in _DIGITS.split(text) if part)


def quantity(n: int, noun: str, plural: str | None = None) -> str:
    """``1 page``, ``2 pages``: a count with its noun in the number it needs."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def collapse_whitespace(text: str) -> str:
    """Whitespace runs to one space, trimmed: how quotes are shown and compared by people."""
    return " ".join(text.split())


def shortened(text: str, n: int) -> str:
    """``collapse_whitespace``, cut to ``n`` characters with "…": a quote shown on one line or as a name."""
    text = collapse_whitespace(text)
    return text if len(text) <= n else text[: n - 1] + "…"


# A line break with the blanks around it, and a soft hyphen before it (which then goes with it).
_LINE_BREAK = re.compile("\u00ad?[^\\S\n]*\n\\s*")


def reading_text(text: str) -> str:
    """Extracted text as a person reads it aloud: lines joined by a space, whitespace runs collapsed. A line that
    ends in a hyphen or dash joins the next with nothing between (``по-\nвидимому`` → ``по-видимому``, ``737–\n9``
    → ``737–9``): the dash is the page's, a space after it would be ours. A soft hyphen at a line end only marks
    where a word was broken: it goes (``Ver\u00ad\nfahren`` → ``Verfahren``)."""

    def join(m: re.Match[str]) -> str:
        if m.group().startswith("\u00ad"):
            return ""
        at = m.start()
        # A dash set between spaces ("war — and") keeps the space after it too.
        dash = at > 0 and unicodedata.category(text[at - 1]) == "Pd" and (at < 2 or not text[at - 2].isspace())
        return "" if dash else " "

    return collapse_whitespace(_LINE_BREAK.sub(join, text))
