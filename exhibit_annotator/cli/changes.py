"""The commands that make the changes the window's menus make (annotations, the codebook, review decisions,
merge conflicts, recovering a journal), each as the same core operation through the project session."""

from __future__ import annotations

import argparse
import re
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

from ..core.errors import UserError
from ..core.files import BACKUP_SUFFIX
from ..core.interop.pdf_comments import category_chooser, comment_annotations, write_xfdf
from ..core.interop.qdpx import import_qdpx
from ..core.model import Annotation, Project, ReviewStatus, category_depths
from ..core.normalize import shortened as short
from ..core.project import edits
from ..core.project.edits import find_annotation, find_category, find_exhibit, find_moved
from ..core.project.journal import clear_journal, pending_recoveries, recovery_for
from ..core.project.operations import (
    AddAnnotations,
    DeleteAnnotations,
    EditAnnotations,
    EditCodebook,
    ImportCodebook,
    RelocateExhibits,
    ResolveConflict,
    RestoreAnnotations,
)
from ..core.project.session import Operation, ProjectSession
from ..core.project.store import load_codebook, load_project, save_codebook
from .projects import author, described, edit, load, names, passwords, report, save

EXIT_OK = 0


def _change(path: Path, op: Operation) -> Project:
    """``op`` applied to the project at ``path`` through its session (the door every change goes through), and
    saved; returns the project as changed."""
    project = edit(path)
    ProjectSession(project, path).apply(op)
    save(project, path)
    return project


def annotation(args: argparse.Namespace) -> int:
    project = edit(args.project)
    session = ProjectSession(project, args.project)
    if args.action == "restore":
        source = args.source or args.project.with_name(args.project.name + BACKUP_SUFFIX)
        if not source.exists():
            raise UserError(f"{source.name}: no such file (give the earlier copy with --from)")
        earlier = load_project(source)
        wanted = [find_annotation(earlier, i) for i in args.ids]
        present = {a.id for a in project.annotations}
        if here := [a for a in wanted if a.id in present]:
            raise UserError(f"annotation {here[0].id} is in {args.project.name}: nothing to restore")
        session.apply(RestoreAnnotations(wanted))
        changed, verb = [_now(project, a.id) for a in wanted], "Restored"
    else:
        chosen = [find_annotation(project, i) for i in args.ids]
        if args.action == "delete":
            session.apply(DeleteAnnotations([a.id for a in chosen], author(args.author)))
            save(project, args.project)
            lines = [f"Deleted {_cite(project, a)}: “{short(a.text or '[area]', 60)}”" for a in chosen]
            report(args.json, lines, {"deleted": [str(a.id) for a in chosen]})
            return EXIT_OK
        changes = {a.id: _edited_fields(project, a, args) for a in chosen}
        if not any(changes.values()):
            raise UserError("say what to change: --note, --category, --add-category, --remove-category, --key")
        session.apply(EditAnnotations("Edit annotation" + ("s" if len(chosen) > 1 else ""), changes))
        changed, verb = [_now(project, a.id) for a in chosen], "Changed"
    save(project, args.project)
    lines = [f"{verb} {_cite(project, a)} ({names(project, a)}): “{short(a.text or '[area]', 60)}”" for a in changed]
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


def _cite(project: Project, a: Annotation) -> str:
    return project.exhibit(a.exhibit_id).cite_passage(a)


def codebook(args: argparse.Namespace) -> int:
    if args.action == "list":
        return _codebook_list(load(args.project), args.json)
    if args.action == "export":
        project = load(args.project)
        save_codebook(args.file, project.codebook)
        report(args.json, [f"Wrote {len(project.codebook)} categories to {args.file}"],
               {"written": str(args.file), "categories": len(project.codebook)})  # fmt: skip
        return EXIT_OK
    if args.action == "import":
        op: EditCodebook = ImportCodebook(load_codebook(args.file), args.file.name)
        project = _change(args.project, op)
        added = op.added if isinstance(op, ImportCodebook) else []
        lines = [f"Imported {len(added)} categories from {args.file.name}"] + [f"  {c.name}" for c in added]
        report(args.json, lines, {"added": [c.name for c in added]})
        return EXIT_OK
    project = edit(args.project)
    session = ProjectSession(project, args.project)
    category = find_category(project, args.category) if args.action != "add" else ""
    if args.action == "add":
        parent = find_category(project, args.parent) if args.parent else None
        made: list[str] = []

        def add(p: Project) -> None:
            made.append(edits.add_category(p, args.name, args.colour, parent).id)

        session.apply(EditCodebook(f"Add category {args.name}", add))
        category, what = made[0], "Added"
    elif args.action in ("rename", "recolour", "nest"):
        if args.action == "rename":
            field, value = "name", args.new_name
        elif args.action == "recolour":
            field, value = "colour", args.colour
        else:
            field, value = "parent", None if args.top else find_category(project, args.under)
        session.apply(EditCodebook(f"{args.action.capitalize()} category",
                                   lambda p: edits.change_category(p, category, **{field: value})))  # fmt: skip
        what = {"rename": "Renamed", "recolour": "Recoloured", "nest": "Moved"}[args.action]
    else:  # delete, merge
        gone = project.category(category)
        into = find_category(project, args.into if args.action == "merge" else args.move_to or "") if (
            args.action == "merge" or args.move_to) else None  # fmt: skip
        if args.action == "merge":
            assert into is not None
            session.apply(EditCodebook(f"Merge {gone.name}", lambda p: edits.merge_categories(p, category, into)))
        else:
            session.apply(EditCodebook(f"Delete {gone.name}", lambda p: edits.delete_category(p, category, into)))
        save(project, args.project)
        moved = f"; its annotations moved to {project.category(into).name}" if into else ""
        report(args.json, [f"{'Merged' if args.action == 'merge' else 'Deleted'} {gone.name}{moved}"],
               {"removed": gone.name, "moved_to": project.category(into).name if into else None})  # fmt: skip
        return EXIT_OK
    save(project, args.project)
    c = project.category(category)
    parent_name = project.category(c.parent).name if c.parent else None
    report(args.json, [f"{what} {c.name} ({c.colour}" + (f", under {parent_name})" if parent_name else ")")],
           {"id": c.id, "name": c.name, "colour": c.colour, "parent": parent_name})  # fmt: skip
    return EXIT_OK


def _codebook_list(project: Project, as_json: bool) -> int:
    used = Counter(c for a in project.annotations for c in a.category_ids)
    depth = category_depths(project.codebook)
    named = {c.id: c.name for c in project.codebook}
    rows = [
        {"id": c.id, "name": c.name, "colour": c.colour, "parent": named.get(c.parent or ""), "shortcut": c.shortcut,
         "description": c.description, "annotations": used[c.id]}
        for c in project.codebook
    ]  # fmt: skip
    lines = [f"{'  ' * depth[c.id]}{c.name}  {c.colour}  {used[c.id]}" for c in project.codebook]
    report(as_json, lines or ["(no categories)"], rows)
    return EXIT_OK


DECISIONS = {
    "accept": ReviewStatus.accepted, "reject": ReviewStatus.rejected, "needs-work": ReviewStatus.needs_work,
    "reopen": ReviewStatus.proposed,
}  # fmt: skip


def review(args: argparse.Namespace) -> int:
    project = edit(args.project)
    chosen = [find_annotation(project, i) for i in args.ids]
    values: dict[str, Any] = {}
    if args.action in DECISIONS:
        values["review"] = DECISIONS[args.action]
    if args.comment is not None:
        values["review_comment"] = args.comment
    label = "Comment" if args.action == "comment" else args.action.replace("-", " ").capitalize()
    ProjectSession(project, args.project).apply(EditAnnotations(label, {a.id: values for a in chosen}))
    save(project, args.project)
    changed = [_now(project, a.id) for a in chosen]
    lines = [f"{_cite(project, a)}: {a.review.value.replace('_', ' ')}"
             + (f" — {short(a.review_comment, 60)}" if a.review_comment else "") for a in changed]  # fmt: skip
    report(args.json, lines, {"annotations": [described(project, a) for a in changed]})
    return EXIT_OK


def conflicts(args: argparse.Namespace) -> int:
    if args.action == "list":
        project = load(args.project)
        rows = []
        lines = []
        for theirs in project.pending:
            mine = _now(project, theirs.id)
            rows.append({"id": str(theirs.id), "cite": _cite(project, mine), "mine": described(project, mine),
                         "theirs": described(project, theirs)})  # fmt: skip
            lines.append(f"{str(mine.id)[:8]} {_cite(project, mine)}: “{short(mine.text or '[area]', 50)}”")
            for side, a in (("mine  ", mine), ("theirs", theirs)):
                lines.append(f"    {side} ({a.edited_by or '?'}, {a.modified:%Y-%m-%d %H:%M}): {names(project, a)}; "
                             f"{short(a.note, 50)}")  # fmt: skip
        report(args.json, lines or ["No conflicts."], rows)
        return EXIT_OK
    project = edit(args.project)
    session = ProjectSession(project, args.project)
    decided = []
    for given in args.ids:
        theirs = find_annotation(project, given, among=project.pending)
        session.apply(ResolveConflict(theirs.id, take_theirs=args.theirs))
        decided.append(_now(project, theirs.id))
    save(project, args.project)
    side = "theirs" if args.theirs else "mine"
    data = {"kept": side, "annotations": [described(project, a) for a in decided], "left": len(project.pending)}
    report(args.json, [f"{_cite(project, a)}: kept {side}" for a in decided], data)
    return EXIT_OK


def recover(args: argparse.Namespace) -> int:
    if args.project is None:
        found = pending_recoveries()
        rows = [{"project": str(r.project_path), "written": r.written.isoformat()} for r in found]
        lines = [f"{r.project_path} (unsaved work from {r.written.astimezone():%Y-%m-%d %H:%M})" for r in found]
        report(args.json, lines or ["No unsaved work to recover."], rows)
        return EXIT_OK
    recovery = recovery_for(args.project)
    if recovery is None:
        raise UserError(f"{args.project.name}: no unsaved work to recover")
    if args.discard:
        edit(args.project)  # not while the window has it open (its journal is the one being written)
        clear_journal(args.project)
        report(args.json, [f"Discarded the unsaved work of {args.project.name}"], {"discarded": True})
        return EXIT_OK
    before = load(args.project)
    after = recovery.project
    was, now = {a.id: a for a in before.annotations}, {a.id: a for a in after.annotations}
    summary = {
        "added": sum(1 for i in now if i not in was), "removed": sum(1 for i in was if i not in now),
        "changed": sum(1 for i, a in now.items() if i in was and was[i] != a),
        "written": recovery.written.isoformat(),
    }  # fmt: skip
    text = (f"{summary['added']} annotation(s) added, {summary['changed']} changed, {summary['removed']} removed "
            f"(unsaved since {recovery.written.astimezone():%Y-%m-%d %H:%M})")  # fmt: skip
    if args.dry_run:
        report(args.json, [f"Would recover into {args.project.name}: {text}"], {**summary, "dry_run": True})
        return EXIT_OK
    edit(args.project)
    save(after, args.project)
    clear_journal(args.project)
    report(args.json, [f"Recovered into {args.project.name}: {text}"], summary)
    return EXIT_OK


def relink(args: argparse.Namespace) -> int:
    """``exhibit relink``: as the window's Locate: the file must be the one added; others beside it follow."""
    project = edit(args.project)
    exhibit = find_exhibit(project, args.exhibit)
    if not args.file.is_file():
        raise UserError(f"{args.file}: no such file")
    moved = find_moved(project, args.project, exhibit.id, args.file)
    if not moved.same_file:
        raise UserError(f"{args.file.name}: not the file added as {exhibit.label} (its content differs); "
                        "to use it as a new version, run: replace")  # fmt: skip
    ProjectSession(project, args.project).apply(RelocateExhibits(moved.paths))
    save(project, args.project)
    found = [e for e in project.exhibits if e.id in moved.paths]
    report(args.json, [f"{e.label}: {e.path}" for e in found], {e.label: e.path for e in found})
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
    project = edit(args.project)
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
        ProjectSession(project, args.project).apply(AddAnnotations(f"Import comments from {source}", found.annotations))
        save(project, args.project)
    lines = [f"Imported {len(found.annotations)} comment(s) into {exhibit.label}"
             + (f"; {found.skipped} already there" if found.skipped else "")]  # fmt: skip
    for a in found.annotations:
        what = f"“{short(a.text, 50)}”" if a.kind == "text" else f"[area] {short(a.note, 50)}"
        lines.append(f"  {_cite(project, a)} ({a.author or '?'}): {what}")
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
    project = edit(args.project)
    found = import_qdpx(
        project, args.project, args.file, args.files_to, passwords(project, args.password, args.project)
    )
    ProjectSession(project, args.project).apply(found.operation(project, args.file.name))
    save(project, args.project)
    lines = [f"Imported {args.file.name}: {len(found.categories)} new categories, {len(found.exhibits)} new exhibits, "
             f"{len(found.annotations)} annotations"]  # fmt: skip
    lines += [f"  not found on its exhibit: “{short(name, 60)}”" for name in found.not_found]
    data = {"categories": [c.name for c in found.categories], "exhibits": [e.path for e in found.exhibits],
            "annotations": len(found.annotations), "not_found": found.not_found}  # fmt: skip
    report(args.json, lines, data)
    return EXIT_OK
