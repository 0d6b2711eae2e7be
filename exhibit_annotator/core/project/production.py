"""What a production records in the project: the Bates numbers each exhibit was stamped with, only where they
change (the numbers set are kept), as one undoable step."""

from __future__ import annotations

from collections.abc import Mapping

from ..model import Project
from .operations import EditExhibit
from .session import Compound, Operation

BatesNumbers = tuple[str, int, int]  # prefix, first number, digits


def bates_changes(project: Project, numbers: Mapping[str, BatesNumbers]) -> dict[str, BatesNumbers]:
    """The part of a production's ``numbers`` that recording it would change in the exhibits' details (numbers an
    exhibit lacked, or had otherwise)."""
    changed = {}
    for exhibit_id, (prefix, start, digits) in numbers.items():
        e = project.exhibit(exhibit_id)
        if (e.bates_prefix or "", e.bates_start, e.bates_digits) != (prefix, start, digits):
            changed[exhibit_id] = (prefix, start, digits)
    return changed


def record_bates(project: Project, numbers: Mapping[str, BatesNumbers]) -> Compound | None:
    """After a production: each exhibit's Bates prefix, first number and digits, as stamped (one undo step), so
    the brief's index and Bates cites quote the numbers on the produced pages; only what changes (None: nothing).
    The window and the command line both record a production through here."""
    parts: list[Operation] = [
        EditExhibit(exhibit_id, bates_prefix=prefix, bates_start=start, bates_digits=digits)
        for exhibit_id, (prefix, start, digits) in bates_changes(project, numbers).items()
    ]
    return Compound("Record Bates numbers", parts) if parts else None
