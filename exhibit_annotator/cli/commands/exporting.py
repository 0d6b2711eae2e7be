"""Commands that write other formats: the brief and every export, PDF comments out and in, other tools' projects in."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from ...core.brief.brief import BriefOptions, Order
from ...core.brief.citations import CiteStyle
from ...core.errors import UserError
from ...core.export import Format, export
from ...core.export.produced import Production, bates_range, describe_plan
from ...core.export.stamps import Position
from ...core.interop.pdf_comments import category_chooser, comment_annotations, write_xfdf
from ...core.interop.qdpx import import_qdpx
from ...core.model import ReviewStatus
from ...core.normalize import shortened as short
from ...core.project.lookup import find_category, find_exhibit
from ...core.project.operations import AddAnnotations
from ...core.project.production import record_bates
from ...core.project.workspace import Workspace
from ..projects import EXIT_OK, described, edit, load, passwords, report


def export_files(args: argparse.Namespace) -> int:
    out: Path = args.output
    if args.format:
        fmt = Format(args.format)
    elif out.suffix == "":
        fmt = Format.produced if args.bates else Format.annotated
    else:
        fmt = Format.from_path(out)
    if args.bates and fmt is not Format.produced:
        raise UserError("--bates stamps produced copies: give -o a folder (or --format produced)")
    if args.template and fmt is not Format.docx:
        raise UserError(f"--template is for Word briefs: {args.template.name} cannot shape a {fmt.value} export")
    # A production records the Bates numbers it stamped in the project: load it as a command that changes it.
    with edit(args) if fmt is Format.produced and args.bates else Workspace.read(args.project) as work:
        return _export(args, work, fmt, out)


def _export(args: argparse.Namespace, work: Workspace, fmt: Format, out: Path) -> int:
    project = work.project
    options = BriefOptions(
        title=args.title,
        prepared_by=args.prepared_by,
        categories={find_category(project, c) for c in args.category} if args.category else None,
        exhibits={find_exhibit(project, e).id for e in args.exhibit} if args.exhibit else None,
        authors=set(args.author) if args.author else None,
        statuses={ReviewStatus(s) for s in args.status} if args.status else None,
        order=Order(args.order),
        include_notes=not args.no_notes,
        include_authors=args.authors,
        include_callouts=args.callouts,
        cite_style=CiteStyle(args.cite),
        physical_pages=args.physical_pages,
        id_cites=args.id_cites,
        short_forms=args.short_forms,
        include_review=args.review,
        mark_key=not args.no_key_marks,
        template=args.template,
    )
    if args.date:
        options.date = args.date
    production = Production(
        bates_prefix=args.bates, bates_start=args.bates_start, bates_digits=args.bates_digits,
        position=Position(args.bates_position), legend=not args.no_legend, exhibit_stamp=args.stamp,
        case_number=args.case_number,
    )  # fmt: skip
    secrets = passwords(project, args.password, args.project)
    written = export(project, args.project, fmt, out, options, stamp=args.stamp, production=production,
                     passwords=secrets, skip_missing=not args.no_skip)  # fmt: skip
    for path in written:
        print(f"Wrote {path}")
    for note in written.notes:
        print(f"  {note}")
    if written.numbers:
        for line in describe_plan(project, written.numbers):
            print(f"  {line}")
        changed = record_bates(project, written.numbers)  # numbers set are kept, never rewritten
        if changed is not None:
            work.apply(changed)
            work.save()
        first, last = bates_range(project, written.numbers)
        print(f"Bates {first} to {last}" + (f"; new numbers recorded in {args.project.name}" if changed else ""))
    if not written:
        print("Nothing to write: no exhibit has annotations that match.")
    return EXIT_OK


def comments(args: argparse.Namespace) -> int:
    if args.action == "export":
        project = load(args.project)
        exhibit = find_exhibit(project, args.exhibit)
        if args.output.suffix.lower() != ".xfdf":
            raise UserError(f"{args.output.name}: an XFDF file is named .xfdf")
        count = write_xfdf(project, args.project, exhibit, args.output, args.password)
        report(args.json, [f"Wrote {count} annotation(s) of {exhibit.label} to {args.output}"],
               {"written": str(args.output), "annotations": count})  # fmt: skip
        return EXIT_OK
    with edit(args) as work:
        project = work.project
        exhibit = find_exhibit(project, args.exhibit)
        by_colour = {}
        for item in args.colour:
            colour, sep, name = item.partition("=")
            if not sep or not re.fullmatch(r"#[0-9a-fA-F]{6}", colour.strip()):
                raise UserError(f"--colour {item!r}: expected #RRGGBB=CATEGORY")
            by_colour[colour.strip()] = find_category(project, name)
        chooser = category_chooser(project.codebook, [find_category(project, c) for c in args.category], by_colour)
        if args.source is not None and not args.source.is_file():
            raise UserError(f"{args.source}: no such file")
        found = comment_annotations(project, args.project, exhibit, chooser, args.source, args.password)
        if found.annotations:
            source = args.source.name if args.source else exhibit.label
            work.apply(AddAnnotations(f"Import comments from {source}", found.annotations))
            work.save()
        lines = [f"Imported {len(found.annotations)} comment(s) into {exhibit.label}"
                 + (f"; {found.skipped} already there" if found.skipped else "")]  # fmt: skip
        for a in found.annotations:
            what = f"“{short(a.text, 50)}”" if a.kind == "text" else f"[area] {short(a.note, 50)}"
            lines.append(f"  {project.cite_of(a)} ({a.author or '?'}): {what}")
        if found.ignored:
            lines.append("  left alone: " + ", ".join(f"{n} {kind}" for kind, n in sorted(found.ignored.items())))
        report(args.json, lines, {"imported": [described(project, a) for a in found.annotations],
                                  "skipped": found.skipped, "ignored": found.ignored})  # fmt: skip
        return EXIT_OK


def imported(args: argparse.Namespace) -> int:
    """``import``: a REFI-QDA project's codes, sources and codings, as one change."""
    if args.file.suffix.lower() != ".qdpx":
        raise UserError(f"{args.file.name}: a REFI-QDA project is a .qdpx file")
    if not args.file.is_file():
        raise UserError(f"{args.file}: no such file")
    with edit(args) as work:
        project = work.project
        found = import_qdpx(
            project, args.project, args.file, args.files_to, passwords(project, args.password, args.project)
        )
        work.apply(found.operation(project, args.file.name))
        work.save()
    lines = [f"Imported {args.file.name}: {len(found.categories)} new categories, {len(found.exhibits)} new exhibits, "
             f"{len(found.annotations)} annotations"]  # fmt: skip
    lines += [f"  not found on its exhibit: “{short(name, 60)}”" for name in found.not_found]
    data = {"categories": [c.name for c in found.categories], "exhibits": [e.path for e in found.exhibits],
            "annotations": len(found.annotations), "not_found": found.not_found}  # fmt: skip
    report(args.json, lines, data)
    return EXIT_OK
