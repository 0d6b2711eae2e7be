"""``fact``: add, edit, delete, list facts, and decide a fact both sides changed."""

from __future__ import annotations

import argparse
from typing import Any

from ...core.errors import UserError
from ...core.model import Fact, FactStatus, Project, ReviewStatus, date_words
from ...core.normalize import shortened as short
from ...core.project.facts import AddFact, DeleteFacts, EditFacts, chosen, support
from ...core.project.lookup import find_annotation, find_category, find_fact
from ...core.project.operations import ResolveConflict
from ..projects import EXIT_OK, edit, load, report


def fact(args: argparse.Namespace) -> int:
    if args.action == "list":
        return _list(args)
    with edit(args) as work:
        project = work.project
        if args.action == "add":
            op = AddFact([find_annotation(project, i).id for i in args.source], **_values(project, args))
            work.apply(op)
            assert op.fact is not None
            done, verb = [op.fact], "Added"
        elif args.action == "delete":
            gone = [find_fact(project, i) for i in args.ids]
            work.apply(DeleteFacts([f.id for f in gone]))
            done, verb = gone, "Deleted"
        elif args.action == "resolve":
            decided = [find_fact(project, i, among=project.pending_facts) for i in args.ids]
            for f in decided:
                work.apply(ResolveConflict(f.id, take_theirs=args.theirs, facts=True))
            done, verb = _now(project, decided), "Decided"
        else:
            facts = [find_fact(project, i) for i in args.ids]
            changes = {f.id: _changes(project, f, args) for f in facts}
            if not any(changes.values()):
                raise UserError("say what to change: --text, --date, --source, --issue, --person, --status, --key …")
            work.apply(EditFacts("Edit fact" + ("s" if len(facts) > 1 else ""), changes))
            done, verb = _now(project, facts), "Changed"
        work.save()
    lines = [f"{verb} {str(f.id)[:8]} ({date_words(f.date)}): {short(f.text, 70)}" for f in done]
    report(args.json, lines, {"facts": [described(project, f) for f in done]})
    return EXIT_OK


def _now(project: Project, facts: list[Fact]) -> list[Fact]:
    """These facts as they are after the change."""
    return [now for f in facts if (now := project.fact_by_id(f.id)) is not None]


def _values(project: Project, args: argparse.Namespace) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, given in (("text", args.text), ("date", args.date), ("note", args.note), ("key_fact", args.key)):
        if given is not None:
            values[name] = given
    if args.issue is not None:
        values["issue_ids"] = [find_category(project, c) for c in args.issue]
    if args.person is not None:
        values["people"] = [p.strip() for p in args.person]
    if args.status is not None:
        values["status"] = FactStatus(args.status)
    return values


def _changes(project: Project, f: Fact, args: argparse.Namespace) -> dict[str, Any]:
    values = _values(project, args)
    if args.source or args.drop_source:
        dropped = {_linked(f, d) for d in args.drop_source}
        kept = [s.annotation_id for s in f.sources if s.annotation_id not in dropped]
        values["sources"] = kept + [find_annotation(project, i).id for i in args.source]
    if args.refresh_sources:
        values["refresh_sources"] = True
    if args.review is not None:
        values["review"] = ReviewStatus(args.review)
    if args.review_comment is not None:
        values["review_comment"] = args.review_comment
    return values


def _linked(f: Fact, id_or_prefix: str) -> object:
    """One of the fact's sources by its annotation's id or first characters (it may be deleted since)."""
    wanted = id_or_prefix.strip().lower()
    matches = [s.annotation_id for s in f.sources if len(wanted) >= 4 and str(s.annotation_id).startswith(wanted)]
    if len(matches) != 1:
        raise UserError(f"--drop-source {id_or_prefix!r}: not one of the fact's sources (fact list --json shows them)")
    return matches[0]


def described(project: Project, f: Fact) -> dict[str, Any]:
    """A fact as ``--json`` prints it: its sources by cite, and what no longer supports it."""
    held = support(project, f)
    return {
        "id": str(f.id), "date": f.date, "date_words": date_words(f.date), "text": f.text,
        "sources": [{"annotation": str(a.id), "cite": project.cite_of(a), "quote": a.text} for a in held.annotations],
        "issues": project.category_names(f.issue_ids) if f.issue_ids else "", "people": f.people,
        "status": f.status.value, "key_fact": f.key_fact, "note": f.note, "author": f.author,
        "review": f.review.value, "problems": held.problems,
    }  # fmt: skip


def _list(args: argparse.Namespace) -> int:
    project = load(args.project)
    facts = chosen(
        project, issues={find_category(project, c) for c in args.issue} if args.issue else None,
        statuses={FactStatus(s) for s in args.status} if args.status else None,
        people=set(args.person) if args.person else None,
    )  # fmt: skip
    lines = []
    for f in facts:
        held = support(project, f)
        cites = "; ".join(project.cite_of(a) for a in held.annotations) or "no source"
        mark = "★ " if f.key_fact else ""
        lines.append(
            f"{str(f.id)[:8]}  {date_words(f.date):<22} {mark}{short(f.text, 70)} ({cites}) [{f.status.words}]"
        )
        lines += [f"          ! {p}" for p in held.problems if p != "no source"]
    if project.pending_facts:
        lines.append(f"{len(project.pending_facts)} fact conflict(s) wait for a decision (fact resolve)")
    report(args.json, lines or ["no facts"], {"facts": [described(project, f) for f in facts],
                                             "conflicts": [str(f.id) for f in project.pending_facts]})  # fmt: skip
    return EXIT_OK
