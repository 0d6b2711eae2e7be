"""The grammar of the commands on the case's story: ``fact`` and ``designations`` (``grammar`` adds them)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.model import DesignationKind, FactStatus, ReviewStatus, Ruling

if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[Any]


def facts_grammar(sub: Subparsers) -> None:
    """``fact``: the case's facts, each dated, with its sources (annotations), issues, people and status."""
    f = sub.add_parser("fact", help="add, edit, delete, list facts (the chronology's), or decide a fact's conflict")
    actions = f.add_subparsers(dest="action", metavar="ACTION", parser_class=sub._parser_class, required=True)
    add = actions.add_parser("add", help="a new fact, proved by annotations (--source ID, from list --json)")
    edit = actions.add_parser("edit", help="change a fact (ids: fact list; 4+ characters do)")
    delete = actions.add_parser("delete", help="delete facts (recorded, so a merge does not bring them back)")
    listed = actions.add_parser("list", help="the facts in date order, each with its sources' cites")
    resolve = actions.add_parser("resolve", help="a fact both you and a colleague changed: keep yours or take theirs")
    for command in (add, edit, delete, listed, resolve):
        command.add_argument("project", type=Path)
    for command in (edit, delete, resolve):
        command.add_argument("ids", nargs="+", metavar="ID")
    for command in (add, edit):
        command.add_argument("--text", required=command is add, help="the fact, as the brief states it")
        command.add_argument("--date", help="2023-10-12, 2023-10, 2023, 2023-10/2023-12, 'about 2023-10' ('' none)")
        command.add_argument("--source", action="append", default=[], metavar="ANNOTATION_ID")
        command.add_argument("--issue", action="append", metavar="CATEGORY", help="an issue it bears on; repeat")
        command.add_argument("--person", action="append", metavar="NAME", help="a person or organisation; repeat")
        command.add_argument("--status", choices=[s.value for s in FactStatus])
        key = command.add_mutually_exclusive_group()
        key.add_argument("--key", action="store_true", default=None, help="a key fact")
        key.add_argument("--no-key", dest="key", action="store_false")
        command.add_argument("--note")
    edit.add_argument("--drop-source", action="append", default=[], metavar="ANNOTATION_ID")
    edit.add_argument(
        "--refresh-sources", action="store_true", help="record again what each source says now (after checking it)"
    )
    edit.add_argument("--review", choices=[s.value for s in ReviewStatus], help="a reviewer's decision")
    edit.add_argument("--review-comment")
    listed.add_argument("--issue", action="append", metavar="CATEGORY", help="only facts on this issue; repeat")
    listed.add_argument("--status", action="append", choices=[s.value for s in FactStatus])
    listed.add_argument("--person", action="append", metavar="NAME")
    side = resolve.add_mutually_exclusive_group(required=True)
    side.add_argument("--mine", action="store_true")
    side.add_argument("--theirs", action="store_true")
    for command in (add, edit, delete, listed, resolve):
        command.add_argument("--json", action="store_true")


def designations_grammar(sub: Subparsers) -> None:
    """``designations``: deposition designations on a transcript's lines, by party; objections and rulings; the other
    side's list in, one's own out."""
    d = sub.add_parser("designations", help="designate transcript lines, object, rule; import and export lists")
    actions = d.add_subparsers(dest="action", metavar="ACTION", parser_class=sub._parser_class, required=True)
    add = actions.add_parser("add", help="designate lines: --range 12:1-12:5 (repeat), for a party")
    imported = actions.add_parser("import", help="the other side's list (CSV, XLSX, DOCX, text): every range in it")
    exported = actions.add_parser("export", help="a party's designations for the other side (.csv, .xlsx, .docx)")
    listed = actions.add_parser("list", help="the designations by witness, in page:line order")
    objected = actions.add_parser("object", help="an objection to designations: its basis, the party objecting")
    ruled = actions.add_parser("rule", help="the court's ruling on an objection")
    delete = actions.add_parser("delete", help="delete designations (recorded, so a merge does not bring them back)")
    reviewed = actions.add_parser("review", help="a reviewer's decision on designations, with a comment")
    resolved = actions.add_parser("resolve", help="a designation both you and a colleague changed: keep or take")
    parties = actions.add_parser("parties", help="the case's parties (shown; or set, in order, by naming them)")
    bases = actions.add_parser("bases", help="the objection bases offered (shown; or set by naming them)")
    for command in (parties, bases):
        command.add_argument("project", type=Path)
        command.add_argument("names", nargs="*", metavar="NAME")
        command.add_argument("--json", action="store_true")
    for command in (add, imported, exported, listed, objected, ruled, delete, reviewed, resolved):
        command.add_argument("project", type=Path)
        command.add_argument("--json", action="store_true")
    for command in (add, imported):
        command.add_argument("--exhibit", required=True, help="the transcript (label or id)")
        command.add_argument("--party", required=True, help="Plaintiff, Defendant, or a party's name")
        command.add_argument("--kind", choices=[k.value for k in DesignationKind], default="designation")
    add.add_argument("--range", action="append", required=True, metavar="PAGE:LINE-PAGE:LINE")
    imported.add_argument("file", type=Path)
    exported.add_argument("-o", "--output", type=Path, required=True)
    exported.add_argument("--party", help="only this party's")
    listed.add_argument("--exhibit", action="append", help="only this transcript; repeat for several")
    for command in (objected, ruled, delete, reviewed, resolved):
        command.add_argument("ids", nargs="+", metavar="ID")
    reviewed.add_argument("--decision", required=True, choices=[s.value for s in ReviewStatus])
    reviewed.add_argument("--comment")
    side = resolved.add_mutually_exclusive_group(required=True)
    side.add_argument("--mine", action="store_true")
    side.add_argument("--theirs", action="store_true")
    for command in (objected, ruled):
        command.add_argument("--basis", required=command is objected, help="hearsay, relevance, foundation, form, 403…")
    objected.add_argument("--party", default="", help="who objects")
    ruled.add_argument("--ruling", required=True, choices=[r.value for r in Ruling])
