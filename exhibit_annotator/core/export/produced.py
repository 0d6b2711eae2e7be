"""Produced copies of exhibits: Bates numbers on every page, the confidentiality legend, the exhibit sticker.

These are the copies that are filed or served, so they carry none of the firm's annotations (work product), and
the originals are only read. Bates numbers continue across exhibits in the project's order; ``bates_plan`` is the
one rule for which exhibit gets which numbers, used by the writer and by whoever records the numbers in the
project afterwards (so that the brief's index and Bates cites quote the stamped numbers).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from ..brief.brief import ExportCancelled, Progress
from ..brief.citations import bates_number, bates_span
from ..errors import UserError
from ..files import replace_held
from ..model import Exhibit, Project
from ..pdf.confinement import FileMissing, present_file
from ..pdf.exhibits import open_pdf, sha256_of
from ..project.production import bates_changes
from .outputs import check_output, output_name
from .stamps import Placement, Position, Stamper, bates, legend, sticker


@dataclass(frozen=True)
class Production:
    bates_prefix: str | None = None  # None: no Bates numbers
    bates_start: int = 1
    bates_digits: int = 6
    position: Position = Position.bottom_right
    legend: bool = True  # each exhibit's confidentiality designation, if it has one
    exhibit_stamp: bool = False  # "EXHIBIT 3" sticker on the first page
    case_number: bool = False  # the case number under it

    def __post_init__(self) -> None:
        if self.bates_start < 0:
            raise UserError("a Bates number starts at 0 or more")
        if not 1 <= self.bates_digits <= 12:
            raise UserError("a Bates number has 1 to 12 digits")


class Numbers(NamedTuple):
    prefix: str
    start: int
    digits: int


@dataclass
class Produced:
    files: list[Path] = field(default_factory=list)
    numbers: dict[str, Numbers] = field(default_factory=dict)  # exhibit id → what it was stamped with
    notes: list[str] = field(default_factory=list)  # stamps that had to move, shrink or extend a page


def chosen(project: Project, exhibits: set[str] | None) -> list[Exhibit]:
    return [e for e in project.exhibits if exhibits is None or e.id in exhibits]


def bates_plan(project: Project, production: Production, exhibits: set[str] | None) -> dict[str, Numbers]:
    """Each chosen exhibit's Bates numbering. An exhibit whose numbers are set under the production's prefix keeps
    them (they are the user's, and a brief may already cite them); the others continue in the project's order after
    the highest number in use under that prefix, from ``production.bates_start`` at the least. Set ranges that
    overlap are refused: two pages would carry one number."""
    prefix = production.bates_prefix
    if prefix is None:
        return {}
    kept = {e.id: Numbers(prefix, e.bates_start, e.bates_digits) for e in project.exhibits
            if e.bates_start is not None and (e.bates_prefix or "") == prefix}  # fmt: skip
    _refuse_overlaps(project, kept)
    in_use = [n.start + project.exhibit(i).page_count for i, n in kept.items()]
    plan, next_number = {}, max([production.bates_start, *in_use])
    for e in chosen(project, exhibits):
        if e.id in kept:
            plan[e.id] = kept[e.id]
            continue
        plan[e.id] = Numbers(prefix, next_number, production.bates_digits)
        next_number += e.page_count
    for e in chosen(project, exhibits):
        last = plan[e.id].start + e.page_count - 1
        if last >= 10 ** plan[e.id].digits:
            raise UserError(f"{e.label}'s last Bates number, {last}, has more than {plan[e.id].digits} digits")
    return plan


class BatesOverlap(UserError):
    """Bates numbers set in two exhibits' details that would put one number on two pages."""


def _refuse_overlaps(project: Project, kept: dict[str, Numbers]) -> None:
    spans = sorted((n.start, n.start + project.exhibit(i).page_count - 1, i) for i, n in kept.items())
    for (_, end, a), (start, _, b) in itertools.pairwise(spans):
        if start <= end:
            first, second = project.exhibit(a), project.exhibit(b)
            raise BatesOverlap(f"the Bates numbers set for {first.label} ({bates_text(first)}) and {second.label} "
                            f"({bates_text(second)}) overlap: change one in the exhibit's details")  # fmt: skip


def bates_text(exhibit: Exhibit, numbers: Numbers | None = None) -> str:
    """``KNOW-000100–KNOW-000104``: an exhibit's Bates range, as set or as ``numbers`` would make it."""
    if numbers is not None:
        exhibit = exhibit.model_copy(
            update={"bates_prefix": numbers.prefix, "bates_start": numbers.start, "bates_digits": numbers.digits}
        )
    return bates_span(exhibit)


def describe_plan(project: Project, plan: dict[str, Numbers]) -> list[str]:
    """One line an exhibit: its range, and whether it is as set or new (to be recorded)."""
    changed = bates_changes(project, plan)
    return [
        f"{project.exhibit(i).label}: {bates_text(project.exhibit(i), n)}"
        + (" (new: recorded in its details)" if i in changed else " (as set)")
        for i, n in plan.items()
    ]


def produce(
    project: Project,
    project_path: Path,
    folder: Path,
    production: Production,
    *,
    exhibits: set[str] | None = None,
    passwords: dict[str, str] | None = None,
    progress: Progress | None = None,
) -> Produced:

    exhibits_chosen = chosen(project, exhibits)
    if not exhibits_chosen:
        raise UserError("no exhibit to produce")
    plan = bates_plan(project, production, exhibits)
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{folder.name}: a file of that name exists; produced copies go into a folder")
    folder.mkdir(parents=True, exist_ok=True)
    result = Produced(numbers=plan)
    total, done = sum(e.page_count for e in exhibits_chosen), 0
    for exhibit in exhibits_chosen:
        try:
            path = present_file(project_path, exhibit)
        except FileMissing as e:
            result.notes.append(f"skipped {e}")  # the others are produced; its range is left unused
            result.numbers.pop(exhibit.id, None)  # nothing was stamped on it: nothing to record
            continue
        if sha256_of(path) != exhibit.sha256:
            raise UserError(f"{exhibit.label}: {path.name} is not the file that was reviewed (its SHA-256 changed); "
                            "replace it as a new version before producing it")  # fmt: skip
        out = output_name(folder, exhibit, result.files)
        check_output(project, project_path, out)
        partial = out.with_name(f".{out.name}.partial")
        numbers = plan.get(exhibit.id)
        numbered = None if numbers is None else exhibit.model_copy(
            update={"bates_prefix": numbers.prefix, "bates_start": numbers.start, "bates_digits": numbers.digits}
        )  # fmt: skip
        doc = open_pdf(path, (passwords or {}).get(exhibit.id))
        try:
            for page_number in range(doc.page_count):
                page = doc[page_number]
                stamper = Stamper(page)
                if numbered is not None:
                    text = bates_number(numbered, page_number) or ""
                    _note(result, exhibit, bates(stamper, text, production.position))
                if production.legend and exhibit.confidentiality:
                    _note(result, exhibit, legend(stamper, exhibit.confidentiality, production.position), quiet=True)
                if production.exhibit_stamp and page.number == 0:
                    number = project.case.number if production.case_number else ""
                    _note(result, exhibit, sticker(stamper, exhibit.label, number), quiet=True)
                done += 1
                if progress is not None and not progress(done, total):
                    raise ExportCancelled()  # the copies already written stay; this one is not written
            doc.subset_fonts()
            doc.save(str(partial), garbage=1, deflate=True)  # 3 (deduplicate objects) grows quadratically
            replace_held(partial, out)
        finally:
            doc.close()
            partial.unlink(missing_ok=True)
        result.files.append(out)
    return result


def _note(result: Produced, exhibit: Exhibit, placement: Placement, *, quiet: bool = False) -> None:
    """Report a stamp that is not where it was asked for (a legend or sticker moving is ordinary; said only when
    the page had to grow)."""
    if placement.added_band or placement.skipped or (placement.moved and not quiet):
        result.notes.append(f"{exhibit.label}, {placement.describe()}")


def bates_range(project: Project, numbers: dict[str, Numbers]) -> tuple[str, str]:
    """The first and last Bates numbers of a production, as stamped."""
    stamped = [e for e in project.exhibits if e.id in numbers]
    first, last = stamped[0], stamped[-1]
    return bates_number(first, 0) or "", bates_number(last, last.page_count - 1) or ""
