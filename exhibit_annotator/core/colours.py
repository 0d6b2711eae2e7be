"""Category colours a reader can tell apart: distances measured in CIELAB (ΔE 1976) as people with normal sight and
with the commonest colour blindness (deuteranopia, Machado et al. 2009) see them. New categories take the
candidate farthest from every colour in use; the default codebooks are checked against ``MIN_DISTANCE``."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

# Tol's "muted" and "light" schemes and Okabe-Ito's: made to stay apart for colour-blind readers; their two darkest
# (indigo, wine) are left out, as text under them would not read.
CANDIDATES = (
    "#cc6677", "#ddcc77", "#117733", "#88ccee", "#44aa99", "#999933", "#aa4499",
    "#77aadd", "#ee8866", "#eedd88", "#ffaabb", "#99ddff", "#44bb99", "#bbcc33", "#aaaa00",
    "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7",
)  # fmt: skip
MIN_DISTANCE = 12.0  # ΔE: below about 10, two highlights under text read as one colour

_DEUTAN = ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881))


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def rgb(colour: str) -> tuple[float, float, float]:
    """A colour written "#rrggbb" as red, green and blue from 0 to 1."""
    return (int(colour[1:3], 16) / 255, int(colour[3:5], 16) / 255, int(colour[5:7], 16) / 255)


def _lab(linear: Sequence[float]) -> tuple[float, float, float]:
    r, g, b = linear
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))


def _seen(colour: str) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    """The colour in CIELAB as seen with normal sight and with deuteranopia."""
    linear = [_linear(c) for c in rgb(colour)]
    deutan = [max(0.0, min(1.0, sum(m * c for m, c in zip(row, linear, strict=True)))) for row in _DEUTAN]
    return _lab(linear), _lab(deutan)


def distance(a: str, b: str) -> float:
    """How far apart two colours look: the smaller of their ΔE to normal sight and to a deuteranope."""
    (na, da), (nb, db) = _seen(a), _seen(b)
    return min(math.dist(na, nb), math.dist(da, db))


def distinct_colour(in_use: Iterable[str]) -> str:
    """The candidate farthest from every colour in use (the first candidate when none is)."""
    used = [c.lower() for c in in_use]
    if not used:
        return CANDIDATES[0]
    return max(CANDIDATES, key=lambda c: (min(distance(c, u) for u in used), -CANDIDATES.index(c)))


def closest_pair(colours: Sequence[str]) -> tuple[float, str, str]:
    """The two colours of ``colours`` that look most alike, and how far apart they are."""
    return min(
        ((distance(a, b), a, b) for i, a in enumerate(colours) for b in colours[i + 1 :]), default=(math.inf, "", "")
    )
