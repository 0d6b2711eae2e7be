"""Running headers and footers: the lines at the top and foot of a document's pages that repeat on most of them,
their numbers aside (``Case 3:23-cv-03417-VC Document 45 Filed 05/12/24 Page 3 of 10``, ``- 3 -``, a Bates number,
a confidentiality legend). They are layout, not text of the page: a quote that runs onto the next page reads on
without them, and a search finds it.

A running line stands at one height on every page; a line of the body that happens to repeat (a quoted refrain, a
form's caption) moves with the text, and is not one. They are found when an exhibit is read (``text.running_heads``,
from up to ``SAMPLE`` pages spread through it) and kept with it (``Exhibit.running_heads``: a signature and a
height), which ``text`` matches the lines in a page's bands against. The exhibit's details can keep them in the
text (``Exhibit.keep_running_heads``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence

BAND = 0.08  # how far down (up from the foot) a header (footer) may stand: within a 1-inch margin of a Letter page
SAMPLE = 40  # pages looked at, spread through the document
SHARE = 0.4  # of the pages looked at, how many must have a line for it to be a running one (odd and even pages')
MIN_PAGES = 3
HEIGHT = 3.0  # points: how far from its usual height a running line may stand on a page

Head = tuple[str, float]  # a running line: its signature, and the middle of its line in points from the page's top

_DIGITS = re.compile(r"\d+")
_ROMAN = re.compile(r"^[ivxlcdm]+$")
_SPACE = re.compile(r"\s+")


def signature(line: str) -> str:
    """A line as it repeats from page to page: lower case, its numbers (and a page number in roman numerals) as
    ``#``, its spaces one."""
    folded = _SPACE.sub(" ", _DIGITS.sub("#", line.casefold())).strip()
    return "#" if _ROMAN.match(folded.strip("-–— .")) else folded


def in_band(y0: float, y1: float, height: float) -> bool:
    """Whether a line (its top and bottom) stands in the page's top or bottom band."""
    return y1 <= BAND * height or y0 >= (1 - BAND) * height


def sample(page_count: int) -> list[int]:
    """The pages looked at: all of a short document, else ``SAMPLE`` spread evenly through it."""
    if page_count <= SAMPLE:
        return list(range(page_count))
    return sorted({round(k * (page_count - 1) / (SAMPLE - 1)) for k in range(SAMPLE)})


def repeated(pages: Sequence[Iterable[Head]]) -> list[Head]:
    """The lines found at one height in the bands of most of ``pages`` (each: its band lines' signatures and
    heights), with that height."""
    heights: dict[str, list[float]] = {}
    for lines in pages:
        for sig, y in dict(reversed(list(lines))).items():  # a signature once a page: its first line
            if sig.strip():
                heights.setdefault(sig, []).append(y)
    enough = max(MIN_PAGES, SHARE * len(pages))
    found = []
    for sig, ys in heights.items():
        y = max(ys, key=lambda y: sum(abs(y - other) <= HEIGHT for other in ys))
        if sum(abs(y - other) <= HEIGHT for other in ys) >= enough:
            found.append((sig, round(y, 1)))
    return sorted(found)


def in_place(y0: float, y1: float, height: float, heads: Collection[Head]) -> bool:
    """Whether a stretch of a line (its top and bottom) stands where one of ``heads`` runs: in a band, at its
    height (the body never does: it stands below the header's band and above the footer's)."""
    return in_band(y0, y1, height) and any(abs((y0 + y1) / 2 - at) <= HEIGHT for _, at in heads)


def is_running(sig: str, y: float, heads: Collection[Head]) -> bool:
    """Whether a line (its signature, its middle) is one of ``heads``."""
    return any(sig == s and abs(y - at) <= HEIGHT for s, at in heads)
