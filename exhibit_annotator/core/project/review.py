"""The review queue's order: which annotation a reviewer is shown next.

The queue is the list as the reader sees it (the Annotations panel's sort and filters, or a command's listing):
the next one waiting is the first, from a place onward (or backward), whose review status is the one asked for.
After a decision the search starts at the decided one's own place: it may have left a filtered list, and the one
that took its place is the next to see.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Annotation, ReviewStatus


def next_waiting(annotations: Sequence[Annotation], start: int, wanted: ReviewStatus, direction: int = 1) -> int | None:
    """The place in ``annotations`` of the first with status ``wanted`` from ``start`` (itself included), going
    forward (``direction`` 1) or back (-1); None when there is none that way."""
    step = 1 if direction > 0 else -1
    i = start
    while 0 <= i < len(annotations):
        if annotations[i].review is wanted:
            return i
        i += step
    return None


def step_from(here: int | None, count: int, direction: int) -> int:
    """Where ``next_waiting`` starts when the reader asks for the next (or previous) from ``here`` (None: nothing
    selected: from the first, or from the last going back)."""
    if here is None:
        return 0 if direction > 0 else count - 1
    return here + 1 if direction > 0 else here - 1
