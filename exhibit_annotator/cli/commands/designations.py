"""``designations``: designate a transcript's lines for a party, import the other side's list, export one's own,
list them, object, rule, delete."""

from __future__ import annotations

import argparse
from typing import Any

from ...core.errors import UserError
from ...core.export.designations import export_list, read_list
from ...core.model import Designation, DesignationKind, Objection, Project, ReviewStatus, Ruling
from ...core.project.designations import (
    AddDesignations,
    DeleteDesignations,
    EditDesignations,
    SetCaseLists,
    bases_of,
    ordered,
    parties_of,
    place_all,
)
from ...core.project.lookup import find_designation, find_exhibit
from ...core.project.operations import ResolveConflict
from ..projects import EXIT_OK, edit, load, report


def designations(args: argparse.Namespace) -> int:
    if args.action == "list":
        return _list(args)
    if args.action in ("parties", "bases"):
        return _case_list(args)
    if args.action == "export":
        export_list(load(args.project), args.project, args.output, args.party)
        report(args.json, [f"Wrote {args.output.name}"], {"written": str(args.output)})
        return EXIT_OK
    with edit(args) as work:
        project = work.project
        if args.action in ("add", "import"):
            exhibit = find_exhibit(project, args.exhibit)
            typed = args.action == "add"
            texts = args.range if typed else read_list(args.file)
            made, unplaced = place_all(exhibit, texts, args.party, DesignationKind(args.kind), typed=typed)
            if typed and unplaced:
                raise UserError(unplaced[0])
            if not made:
                raise UserError(f"no designations placed{': ' + unplaced[0] if unplaced else ''}")
            work.apply(AddDesignations(made))
            done, lines = made, [f"Designated {_span(project, d)} ({d.party}, {d.kind.value})" for d in made]
            lines += [f"not placed: {u}" for u in unplaced]
        else:
            among = project.pending_designations if args.action == "resolve" else None
            chosen = [find_designation(project, i, among) for i in args.ids]
            if args.action == "delete":
                work.apply(DeleteDesignations([d.id for d in chosen]))
            elif args.action == "review":
                values: dict[str, Any] = {"review": ReviewStatus(args.decision)}
                if args.comment is not None:
                    values["review_comment"] = args.comment
                work.apply(EditDesignations(f"Review: {values['review'].words}", {d.id: values for d in chosen}))
            elif args.action == "resolve":
                for d in chosen:
                    work.apply(ResolveConflict(d.id, take_theirs=args.theirs, designations=True))
            else:
                work.apply(EditDesignations("Object" if args.action == "object" else "Rule",
                                            {d.id: _objections(d, args) for d in chosen}))  # fmt: skip
            now = {d.id: d for d in project.designations}
            done = [now.get(d.id, d) for d in chosen]
            unplaced = []
            verb = {"delete": "Deleted", "object": "Objected to", "rule": "Ruled on", "review": "Reviewed",
                    "resolve": "Decided"}[args.action]  # fmt: skip
            lines = [f"{verb} {_span(project, d)} ({d.party})" for d in done]
        work.save()
    report(args.json, lines, {"designations": [described(project, d) for d in done], "not_placed": unplaced})
    return EXIT_OK


def _case_list(args: argparse.Namespace) -> int:
    """The case's parties or objection bases: shown, or set when named."""
    shown = parties_of if args.action == "parties" else bases_of
    if args.names:
        with edit(args) as work:
            op = SetCaseLists(parties=args.names) if args.action == "parties" else SetCaseLists(bases=args.names)
            work.apply(op)
            work.save()
            project = work.project
    else:
        project = load(args.project)
    names = shown(project)
    report(args.json, names, {args.action: names})
    return EXIT_OK


def _objections(d: Designation, args: argparse.Namespace) -> dict[str, Any]:
    if args.action == "object":
        return {"objections": [*d.objections, Objection(basis=args.basis, party=args.party)]}
    matching = [o for o in d.objections if args.basis is None or o.basis.casefold() == args.basis.casefold()]
    if not matching:
        raise UserError(f"{d.span([])}: no objection {'on ' + args.basis + ' ' if args.basis else ''}to rule on")
    ruled = [o.model_copy(update={"ruling": Ruling(args.ruling)}) if o in matching else o for o in d.objections]
    return {"objections": ruled}


def _span(project: Project, d: Designation) -> str:
    exhibit = next((e for e in project.exhibits if e.id == d.exhibit_id), None)
    return f"{exhibit.label if exhibit else '?'} {d.span(exhibit.page_labels if exhibit else [])}"


def described(project: Project, d: Designation) -> dict[str, Any]:
    return {
        "id": str(d.id), "range": _span(project, d), "party": d.party, "kind": d.kind.value,
        "objections": [{"basis": o.basis, "party": o.party, "ruling": o.ruling.value} for o in d.objections],
        "author": d.author, "review": d.review.value, "review_comment": d.review_comment,
    }  # fmt: skip


def designation_lines(project: Project, chosen: list[Designation]) -> list[str]:
    """Designations one to a line: id, range, party, kind, objections with rulings."""
    return [
        (
            f"{str(d.id)[:8]}  {_span(project, d):<22} {d.party:<14} {d.kind.value:<16} "
            + "; ".join(f"{o.basis} ({o.ruling.value})" for o in d.objections)
        ).rstrip()
        for d in chosen
    ]


def _list(args: argparse.Namespace) -> int:
    project = load(args.project)
    exhibits = {find_exhibit(project, e).id for e in args.exhibit} if args.exhibit else None
    chosen = ordered(project, exhibits)
    lines = designation_lines(project, chosen)
    report(args.json, lines or ["no designations"], {"designations": [described(project, d) for d in chosen]})
    return EXIT_OK
