"""Commands on a project as a whole: create it, say what it holds, check it, recover unsaved work, merge a colleague's
file (and git's merge driver), compare two people's tagging."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ...core.about import about_lines
from ...core.errors import UserError
from ...core.model import Annotation, Case, Project, Roles, category_depths, date_words
from ...core.normalize import shortened as short
from ...core.project.compare import compare
from ...core.project.designations import ordered
from ...core.project.edits import new_project
from ...core.project.git import run_driver
from ...core.project.git import setup as setup_git
from ...core.project.journal import clear_journal, pending_recoveries, recovery_for
from ...core.project.listing import usage
from ...core.project.lock import writing
from ...core.project.operations import MergeProject
from ...core.project.store import load_codebook, save_project
from ...core.project.validation import check_project
from ...core.project.workspace import Workspace
from ...core.resources import default_codebook_path
from ..grammar import EXIT_BAD_INPUT
from ..projects import EXIT_OK, PROG, edit, load, names, passwords, report
from .designations import designation_lines


def about(args: argparse.Namespace) -> int:
    print("\n".join(about_lines()))
    return EXIT_OK


def new(args: argparse.Namespace) -> int:
    path: Path = args.project
    if path.exists() and not args.force:
        raise UserError(f"{path.name}: already exists (use --force to overwrite it)")
    if not path.parent.exists():
        raise UserError(f"{path.name}: the folder {path.parent} does not exist")
    codebook = load_codebook(args.codebook or default_codebook_path())
    case = Case(name=args.case, court=args.court, number=args.number, notes=args.notes, roles=Roles(args.parties))
    project = new_project(case, codebook)
    with writing(path):
        save_project(project, path)
    print(f"Created {path} with {len(project.codebook)} categories from {codebook.name or 'the codebook'}.")
    return EXIT_OK


def list_project(args: argparse.Namespace) -> int:
    project = load(args.project)
    if args.json:
        print(json.dumps(project.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return EXIT_OK
    c = project.case
    print(
        f"{c.name or '(no case name)'}"
        + (f" — {c.court}" if c.court else "")
        + (f", No. {c.number}" if c.number else "")
    )
    print()
    print(f"Exhibits ({len(project.exhibits)})")
    rows = [["Label", "Title", "Pages", "Annotations", "File"]]
    for e in project.exhibits:
        rows.append([e.label, short(e.title, 40), str(e.page_count), str(len(project.annotations_of(e.id))), e.path])
    _table(rows)
    print()
    print(f"Categories ({len(project.codebook)})")
    counts = usage(project.annotations)
    depth = category_depths(project.codebook)
    rows = [["Category", "Key", "Colour", "Annotations"]]
    for cat in project.codebook:
        rows.append(["  " * depth[cat.id] + cat.name, cat.shortcut or "", cat.colour, str(counts[cat.id])])
    _table(rows)
    print()
    print(f"Annotations ({len(project.annotations)})")
    rows = [["Cite", "Categories", "Quote", "Note", "Author", "Status"]]
    for a in project.annotations:
        e = project.exhibit(a.exhibit_id)
        quote = short(a.text, 50) if a.kind == "text" else "[area]"
        rows.append([project.cite_of(a), names(project, a), quote, short(a.note, 30), a.author, a.review])
    _table(rows)
    if project.facts:
        print()
        print(f"Facts ({len(project.facts)}): fact list shows them by date, with their cites")
    if project.designations:
        print()
        print(f"Designations ({len(project.designations)})")
        for line in designation_lines(project, ordered(project)):
            print(f"  {line}")
    return EXIT_OK


def _table(rows: list[list[str]]) -> None:
    if len(rows) == 1:
        print("  (none)")
        return
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for n, r in enumerate(rows):
        print("  " + "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip())
        if n == 0:
            print("  " + "  ".join("-" * w for w in widths))


def validate(args: argparse.Namespace) -> int:
    project = load(args.project)  # schema errors end here, as one line
    report = check_project(project, args.project, passwords(project, args.password, args.project))
    if args.json:
        print(
            json.dumps(
                {
                    "ok": report.ok,
                    "exhibits": [
                        {
                            "label": r.exhibit.label,
                            "path": str(r.path),
                            "state": r.state.value,
                            "detail": r.detail,
                            "annotations": r.annotation_count,
                            "anchors": {k: v.value for k, v in r.anchors.items()},
                            # Where moved and approximate passages are now (1-based pages, and the cite).
                            "new_places": {
                                k: {"page": p + 1, "end_page": q + 1, "cite": r.exhibit.cite(p, q)}
                                for k, (p, q) in r.places.items()
                            },
                            "to_check": r.to_check,
                        }
                        for r in report.exhibits
                    ],
                    "problems": report.problems(),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        anchors = sum(len(r.anchors) for r in report.exhibits)
        print(
            f"{args.project.name}: valid project file; {len(project.exhibits)} exhibits, "
            f"{len(project.annotations)} annotations, {anchors} anchors checked."
        )
        for line in report.problems():
            print(f"  problem: {line}")
        if project.mended:
            print(f"  note: {project.mended} character(s) that are not text (half an emoji, a broken character) were "
                  "removed as the file was read; saving it writes them out")  # fmt: skip
    if not report.ok:
        print(f"{PROG}: error: {args.project.name}: {len(report.problems())} problem(s) found", file=sys.stderr)
        return EXIT_BAD_INPUT
    print("All exhibits are present and unchanged; every passage is where it was.")
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
        with edit(args):  # not while the window has it open (its journal is the one being written)
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
    with edit(args):
        save_project(after, args.project)
        clear_journal(args.project)
    report(args.json, [f"Recovered into {args.project.name}: {text}"], summary)
    return EXIT_OK


def merge(args: argparse.Namespace) -> int:
    theirs = load(args.theirs)
    with Workspace.read(args.mine) if args.dry_run else edit(args, args.mine) as work:
        return _merged(args, work, theirs)


def _merged(args: argparse.Namespace, work: Workspace, theirs: Project) -> int:
    mine = work.project
    op = MergeProject(args.mine, theirs, args.theirs)
    work.apply(op)  # the door every change goes through
    merged, report = mine, op.report
    assert report is not None
    summary = report.summary()
    labels = {e.id: e.label for e in merged.exhibits}
    summary["by_exhibit"] = {labels.get(k, k): v for k, v in summary["by_exhibit"].items()}  # type: ignore[attr-defined]
    summary["conflict_details"] = [
        {"id": str(c.mine.id), "exhibit": labels.get(c.mine.exhibit_id), "page": c.mine.page + 1,
         "mine": {"note": c.mine.note, "categories": c.mine.category_ids, "author": c.mine.author},
         "theirs": {"note": c.theirs.note, "categories": c.theirs.category_ids, "author": c.theirs.author}}
        for c in report.conflicts
    ]  # fmt: skip
    written = not args.dry_run and report.changes > 0
    if written:
        work.save()
    summary["written"] = written
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return EXIT_OK
    verb = "Would merge" if args.dry_run else "Merged"
    first, *rest = report.lines(mine)
    print(f"{verb} {args.theirs.name} into {args.mine.name}: {first}")
    for line in rest:
        print(f"  {line}")
    if not written and not args.dry_run:
        print("  Nothing new: the project file is unchanged.")
    return EXIT_OK


def merge_driver(args: argparse.Namespace) -> int:
    result = run_driver(args.ancestor, args.ours, args.theirs, args.path)
    for line in result.lines:
        print(line, file=sys.stderr)
    return result.exit_code


def git_setup(args: argparse.Namespace) -> int:
    done = setup_git(args.repo, args.patterns)
    print(f"{done.repo}: project files merged by Exhibit Annotator: {', '.join(done.patterns)}")
    if done.added:
        print("  .gitattributes now names them: commit it, so that every clone merges them alike")
    print("  Run git-setup in every clone: git only runs a merge program its own configuration names.")
    return EXIT_OK


def compare_projects(args: argparse.Namespace) -> int:

    a, b = load(args.a), load(args.b)
    result = compare(a, args.a, b, passwords(a, args.password, args.a))
    labels = {e.id: e.label for e in a.exhibits} | {e.id: e.label for e in b.exhibits}

    def brief(x: Annotation) -> dict[str, object]:
        return {"id": str(x.id), "exhibit": labels.get(x.exhibit_id), "page": x.page + 1, "author": x.author,
                "text": x.text[:200], "categories": x.category_ids}  # fmt: skip

    rows = [
        {"category": g.category, "lines": g.lines, "tagged_a": g.tagged_a, "tagged_b": g.tagged_b, "both": g.both,
         "overlap": None if g.overlap is None else round(g.overlap, 3),
         "kappa": None if g.kappa is None else round(g.kappa, 3)}
        for g in result.agreement
    ]  # fmt: skip
    if args.json:
        out = {
            "shared_exhibits": result.shared_exhibits,
            "agreement": rows,
            "only_in_a": [brief(x) for x in result.only_in_a],
            "only_in_b": [brief(x) for x in result.only_in_b],
            "facts_only_in_a": [{"id": str(f.id), "date": f.date, "text": f.text} for f in result.facts_only_in_a],
            "facts_only_in_b": [{"id": str(f.id), "date": f.date, "text": f.text} for f in result.facts_only_in_b],
            "facts_differ": [{"id": str(x.id), "a": {"text": x.text, "status": x.status.value, "date": x.date},
                              "b": {"text": y.text, "status": y.status.value, "date": y.date}}
                             for x, y in result.facts_differ],
        }  # fmt: skip
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"Compared {args.a.name} (A) and {args.b.name} (B) on {len(result.shared_exhibits)} shared exhibit(s): "
          f"{', '.join(result.shared_exhibits) or 'none'}.")  # fmt: skip
    print(f"  {'category':32} {'A':>5} {'B':>5} {'both':>5} {'overlap':>8} {'kappa':>7}")
    for r in rows:
        overlap = "–" if r["overlap"] is None else f"{r['overlap']:.2f}"
        kappa = "–" if r["kappa"] is None else f"{r['kappa']:.2f}"
        counts = f"{r['tagged_a']:>5} {r['tagged_b']:>5} {r['both']:>5}"
        print(f"  {str(r['category'])[:32]:32} {counts} {overlap:>8} {kappa:>7}")
    for name, items in (("A", result.only_in_a), ("B", result.only_in_b)):
        print(f"Only in {name}: {len(items)}")
        for x in items:
            cite = (a if name == "A" else b).cite_of(x)
            print(f"  {cite} ({x.author or '?'}): {x.text[:80] or '[area]'}")
    facts = (("A", result.facts_only_in_a), ("B", result.facts_only_in_b))
    if any(items for _, items in facts) or result.facts_differ:
        for name, only in facts:
            print(f"Facts only in {name}: {len(only)}")
            print("".join(f"  {date_words(f.date)}: {f.text[:80]}\n" for f in only), end="")
        print(f"Facts the two state otherwise: {len(result.facts_differ)}")
        for mine, theirs in result.facts_differ:
            print(f"  A: {mine.text[:70]} [{mine.status.words}]\n  B: {theirs.text[:70]} [{theirs.status.words}]")
    return EXIT_OK
