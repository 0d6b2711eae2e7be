"""Tagging, and the commands on annotations: tag a passage, lines or an area; change, delete or restore
annotations; review decisions; merge conflicts."""

from __future__ import annotations

import argparse
import re
import uuid
from typing import Any

from ...core.errors import UserError
from ...core.files import BACKUP_SUFFIX
from ...core.model import Annotation, Project, ReviewStatus
from ...core.normalize import shortened as short
from ...core.pdf.reading import area_text, read_pages
from ...core.project.edits import lines_passage
from ...core.project.lookup import find_annotation, find_category, find_exhibit
from ...core.project.operations import (
    DeleteAnnotations,
    EditAnnotations,
    ResolveConflict,
    RestoreAnnotations,
    TagArea,
    TagPassage,
    TagQuote,
)
from ...core.project.store import load_project
from ..projects import EXIT_OK, author, described, edit, load, names, report


def tag(args: argparse.Namespace) -> int:
    with edit(args) as work:
        project = work.project
        exhibit = find_exhibit(project, args.exhibit)
        categories = [find_category(project, c) for c in args.category]
        page = None if args.page is None else args.page - 1
        who = author(args.author)
        if args.page is not None and args.page < 1:
            raise UserError("--page counts from 1")
        if sum(given is not None for given in (args.quote if args.lines is None else None, args.rect, args.lines)) != 1:
            raise UserError("give one of --quote (a passage), --lines (numbered lines) or --rect with --page (an area)")
        if args.lines is not None:
            spec = re.fullmatch(r"(\d+):(\d+)(?:\s*[-–]\s*(?:(\d+):)?(\d+))?", args.lines.strip())
            if spec is None:
                raise UserError(f"--lines {args.lines!r}: expected PAGE:LINE-LINE (45:12-20) or PAGE:LINE-PAGE:LINE")
            first_page, first_line, last_page, last_line = spec.groups()
            first, last = (first_page, int(first_line)), (last_page or first_page, int(last_line or first_line))
            on_lines = lines_passage(args.project, exhibit, first, last, args.password, args.quote, args.ignore_case)
            lines = TagPassage(exhibit.id, on_lines, categories, args.note, who, args.key)
            work.apply(lines)
            assert lines.annotation is not None
            work.save()
            a = lines.annotation
            print(f"Tagged {project.exhibit(exhibit.id).cite_passage(a)} ({names(project, a)}): {short(a.text, 80)}")
            return EXIT_OK
        if args.rect is not None:
            if page is None:
                raise UserError("--rect needs --page")
            try:
                x0, y0, x1, y1 = (float(v) for v in args.rect.split(","))
            except ValueError:
                raise UserError(f"--rect {args.rect!r}: expected four numbers x0,y0,x1,y1") from None
            [read] = read_pages(args.project, exhibit, [page], args.password)
            inside = area_text(read, [(x0, y0, x1, y1)])
            area = TagArea(exhibit.id, page, (x0, y0, x1, y1), categories, args.note, who, args.key, inside)
            work.apply(area)
            assert area.annotation is not None
            work.save()
            print(f"Tagged an area of {project.cite_of(area.annotation)} as {names(project, area.annotation)}")
            return EXIT_OK
        quote = TagQuote(
            args.project, exhibit.id, args.quote, categories, note=args.note, author=who, page=page,
            occurrence=args.occurrence, ignore_case=args.ignore_case, password=args.password, key_passage=args.key,
        )  # fmt: skip
        work.apply(quote)
        work.save()
    assert quote.tagged is not None and quote.tagged.found is not None
    a, found = quote.tagged.annotation, quote.tagged.found
    print(f"Tagged {exhibit.cite_passage(a)} ({names(project, a)}): {short(a.text, 80)}")
    if len(found.occurrences) > 1:
        pages = ", ".join(str(p + 1) for p in dict.fromkeys(found.occurrences))
        print(
            f"Note: the quote occurs {len(found.occurrences)} times (pages {pages}); this is occurrence "
            f"{found.occurrence}. Use --occurrence N or --page P to tag another."
        )
    return EXIT_OK


def annotation(args: argparse.Namespace) -> int:
    with edit(args) as work:
        project = work.project
        if args.action == "restore":
            source = args.source or args.project.with_name(args.project.name + BACKUP_SUFFIX)
            if not source.exists():
                raise UserError(f"{source.name}: no such file (give the earlier copy with --from)")
            earlier = load_project(source)
            wanted = [find_annotation(earlier, i) for i in args.ids]
            present = {a.id for a in project.annotations}
            if here := [a for a in wanted if a.id in present]:
                raise UserError(f"annotation {here[0].id} is in {args.project.name}: nothing to restore")
            work.apply(RestoreAnnotations(wanted))
            changed, verb = [_now(project, a.id) for a in wanted], "Restored"
        else:
            chosen = [find_annotation(project, i) for i in args.ids]
            if args.action == "delete":
                work.apply(DeleteAnnotations([a.id for a in chosen], author(args.author)))
                work.save()
                lines = [f"Deleted {project.cite_of(a)}: “{short(a.text or '[area]', 60)}”" for a in chosen]
                report(args.json, lines, {"deleted": [str(a.id) for a in chosen]})
                return EXIT_OK
            changes = {a.id: _edited_fields(project, a, args) for a in chosen}
            if not any(changes.values()):
                raise UserError("say what to change: --note, --category, --add-category, --remove-category, --key")
            work.apply(EditAnnotations("Edit annotation" + ("s" if len(chosen) > 1 else ""), changes))
            changed, verb = [_now(project, a.id) for a in chosen], "Changed"
        work.save()
    lines = [f"{verb} {project.cite_of(a)} ({names(project, a)}): “{short(a.text or '[area]', 60)}”" for a in changed]
    report(args.json, lines, {"annotations": [described(project, a) for a in changed]})
    return EXIT_OK


def _edited_fields(project: Project, a: Annotation, args: argparse.Namespace) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if args.note is not None:
        fields["note"] = args.note
    if args.key is not None:
        fields["key_passage"] = args.key
    categories = [find_category(project, c) for c in args.category] if args.category else list(a.category_ids)
    categories += [find_category(project, c) for c in args.add_category]
    removed = {find_category(project, c) for c in args.remove_category}
    categories = [c for c in dict.fromkeys(categories) if c not in removed]
    if categories != list(a.category_ids):
        fields["category_ids"] = categories
    return fields


def _now(project: Project, annotation_id: uuid.UUID) -> Annotation:
    """The annotation as the change left it."""
    found = project.annotation_by_id(annotation_id)
    assert found is not None
    return found


DECISIONS = {
    "accept": ReviewStatus.accepted, "reject": ReviewStatus.rejected, "needs-work": ReviewStatus.needs_work,
    "reopen": ReviewStatus.proposed,
}  # fmt: skip


def review(args: argparse.Namespace) -> int:
    with edit(args) as work:
        project = work.project
        chosen = [find_annotation(project, i) for i in args.ids]
        values: dict[str, Any] = {}
        if args.action in DECISIONS:
            values["review"] = DECISIONS[args.action]
        if args.comment is not None:
            values["review_comment"] = args.comment
        label = "Comment" if args.action == "comment" else args.action.replace("-", " ").capitalize()
        work.apply(EditAnnotations(label, {a.id: values for a in chosen}))
        work.save()
    changed = [_now(project, a.id) for a in chosen]
    lines = [f"{project.cite_of(a)}: {a.review.value.replace('_', ' ')}"
             + (f" — {short(a.review_comment, 60)}" if a.review_comment else "") for a in changed]  # fmt: skip
    report(args.json, lines, {"annotations": [described(project, a) for a in changed]})
    return EXIT_OK


def conflicts(args: argparse.Namespace) -> int:
    if args.action == "list":
        project = load(args.project)
        rows = []
        lines = []
        for theirs in project.pending:
            mine = project.annotation_by_id(theirs.id)  # None: deleted here since the merge
            shown = mine or theirs
            rows.append({"id": str(theirs.id), "cite": project.cite_of(shown), "theirs": described(project, theirs),
                         "mine": described(project, mine) if mine else None})  # fmt: skip
            lines.append(f"{str(shown.id)[:8]} {project.cite_of(shown)}: “{short(shown.text or '[area]', 50)}”")
            if mine is None:
                lines.append("    mine   : deleted here (resolve --mine keeps it deleted, --theirs restores theirs)")
            for side, a in (("mine  ", mine), ("theirs", theirs)):
                if a is not None:
                    lines.append(f"    {side} ({a.edited_by or '?'}, {a.modified:%Y-%m-%d %H:%M}): "
                                 f"{names(project, a)}; {short(a.note, 50)}")  # fmt: skip
        report(args.json, lines or ["No conflicts."], rows)
        return EXIT_OK
    with edit(args) as work:
        project = work.project
        decided: list[tuple[Annotation, str]] = []
        for given in args.ids:
            theirs = find_annotation(project, given, among=project.pending)
            deleted_here = project.annotation_by_id(theirs.id) is None
            work.apply(ResolveConflict(theirs.id, take_theirs=args.theirs))
            outcome = ("restored theirs" if args.theirs else "kept deleted") if deleted_here else (
                "kept theirs" if args.theirs else "kept mine")  # fmt: skip
            decided.append((project.annotation_by_id(theirs.id) or theirs, outcome))
        work.save()
    data = {"kept": "theirs" if args.theirs else "mine", "left": len(project.pending),
            "annotations": [{**described(project, a), "outcome": outcome} for a, outcome in decided]}  # fmt: skip
    report(args.json, [f"{project.cite_of(a)}: {outcome}" for a, outcome in decided], data)
    return EXIT_OK
