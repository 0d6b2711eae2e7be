"""The codebook command: list, add, change, move, merge, delete categories; import and export codebooks."""

from __future__ import annotations

import argparse

from ...core.model import Project, category_depths
from ...core.project.categories import AddCategory, ChangeCategory, DeleteCategory, ImportCodebook, MergeCategories
from ...core.project.listing import usage
from ...core.project.lookup import find_category
from ...core.project.store import load_codebook, save_codebook
from ..projects import EXIT_OK, change, edit, load, report


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
        op = ImportCodebook(load_codebook(args.file), args.file.name)
        project = change(args, op)
        added = op.added
        lines = [f"Imported {len(added)} categories from {args.file.name}"] + [f"  {c.name}" for c in added]
        lines += [f"  category clash: {clash}" for clash in op.clashes]
        report(args.json, lines, {"added": [c.name for c in added], "clashes": op.clashes})
        return EXIT_OK
    with edit(args) as work:
        project = work.project
        category = find_category(project, args.category) if args.action != "add" else ""
        if args.action == "add":
            parent = find_category(project, args.parent) if args.parent else None
            adding = AddCategory(args.name, args.colour, parent)
            work.apply(adding)
            assert adding.added is not None
            category, what = adding.added.id, "Added"
        elif args.action in ("rename", "recolour", "nest"):
            if args.action == "rename":
                field, value = "name", args.new_name
            elif args.action == "recolour":
                field, value = "colour", args.colour
            else:
                field, value = "parent", None if args.top else find_category(project, args.under)
            work.apply(ChangeCategory(category, **{field: value}))
            what = {"rename": "Renamed", "recolour": "Recoloured", "nest": "Moved"}[args.action]
        else:  # delete, merge
            gone = project.category(category)
            into = find_category(project, args.into if args.action == "merge" else args.move_to or "") if (
                args.action == "merge" or args.move_to) else None  # fmt: skip
            if args.action == "merge":
                assert into is not None
                work.apply(MergeCategories(category, into))
            else:
                work.apply(DeleteCategory(category, into))
            work.save()
            moved = f"; its annotations moved to {project.category(into).name}" if into else ""
            report(args.json, [f"{'Merged' if args.action == 'merge' else 'Deleted'} {gone.name}{moved}"],
                   {"removed": gone.name, "moved_to": project.category(into).name if into else None})  # fmt: skip
            return EXIT_OK
        work.save()
    c = project.category(category)
    parent_name = project.category(c.parent).name if c.parent else None
    report(args.json, [f"{what} {c.name} ({c.colour}" + (f", under {parent_name})" if parent_name else ")")],
           {"id": c.id, "name": c.name, "colour": c.colour, "parent": parent_name})  # fmt: skip
    return EXIT_OK


def _codebook_list(project: Project, as_json: bool) -> int:
    used = usage(project.annotations)
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
