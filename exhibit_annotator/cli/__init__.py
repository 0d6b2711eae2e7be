"""The command line: parse, call the core, print, exit. No business rules here.

Exit status: 0 success; 2 bad input or usage, with one line on stderr naming the file and the problem; 1 from
``cite-check`` when a quotation does not hold; anything else is a bug (and prints a traceback).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from ..core.about import about_lines
from ..core.brief.brief import BriefOptions, Order
from ..core.brief.citations import CiteStyle, bates_number
from ..core.brief.citecheck import check_brief
from ..core.errors import UserError
from ..core.export import Format, export
from ..core.export.produced import Production, bates_changes, bates_range, describe_plan
from ..core.export.stamps import Position
from ..core.model import Annotation, Case, Exhibit, ReviewStatus, Roles, category_depths, pinpoint
from ..core.normalize import quantity
from ..core.normalize import shortened as _short
from ..core.pdf.confinement import allow_outside, readable_file
from ..core.pdf.exhibits import PasswordRequired
from ..core.pdf.ocr import engine_for, ocr_exhibit
from ..core.pdf.reading import area_text, read_pages
from ..core.pdf.redactions import check_file
from ..core.pdf.search import ProjectSearch
from ..core.project.edits import (
    EXHIBIT_FIELDS,
    ReadOptions,
    exhibit_file,
    find_category,
    find_exhibit,
    lines_passage,
    new_project,
    pdfs_in,
    read_exhibit,
    read_exhibits,
    read_layout,
)
from ..core.project.git import run_driver
from ..core.project.git import setup as git_setup
from ..core.project.lock import writing
from ..core.project.operations import (
    AddExhibit,
    EditAnnotations,
    EditExhibit,
    MergeProject,
    MoveExhibit,
    ReadLayout,
    RemoveExhibit,
    ReplaceExhibitFile,
    TagArea,
    TagPassage,
    TagQuote,
    record_bates,
)
from ..core.project.replace import acceptance, replacement
from ..core.project.session import Compound, ProjectSession
from ..core.project.store import load_codebook, save_project
from ..core.project.validation import check_project
from ..core.resources import default_codebook_path
from . import changes as change_commands
from . import reading as reading_commands
from .grammar import EXIT_BAD_INPUT, parser
from .projects import FORCE, HELD
from .projects import author as _author
from .projects import edit as _edit
from .projects import load as _load
from .projects import names as _names
from .projects import passwords as _passwords
from .projects import save as _save

PROG = "exhibit-annotator"
EXIT_OK = 0
EXIT_SIGPIPE = 141  # 128 + SIGPIPE, what a shell reports for a writer whose reader left


# Qt's own command-line options (QApplication, QGuiApplication), with how many values each takes: they go to Qt.
QT_OPTIONS = {
    "style": 1, "stylesheet": 1, "platform": 1, "platformpluginpath": 1, "platformtheme": 1, "plugin": 1,
    "qwindowgeometry": 1, "qwindowtitle": 1, "qwindowicon": 1, "display": 1, "geometry": 1, "session": 1,
    "reverse": 0, "widgetcount": 0, "nograb": 0, "dograb": 0, "sync": 0, "qmljsdebugger": 0,
}  # fmt: skip


def split_qt_options(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """(ours, Qt's): ``-style Fusion``, ``-style=Fusion``, ``--style Fusion``, ``-reverse`` … are Qt's."""
    ours, qt, rest = [], [], list(argv)
    while rest:
        arg = rest.pop(0)
        name = arg.lstrip("-").split("=", 1)[0]
        if arg.startswith("-") and name in QT_OPTIONS:
            qt.append(arg)
            if "=" not in arg:
                qt.extend(rest.pop(0) for _ in range(min(QT_OPTIONS[name], len(rest))))
        else:
            ours.append(arg)
    return ours, qt


def main(argv: Sequence[str] | None = None) -> int:
    ours, qt_options = split_qt_options(sys.argv[1:] if argv is None else argv)
    args = parser(PROG).parse_args(ours)
    command = args.command or "gui"
    if args.allow_outside:
        allow_outside()
    FORCE[0] = bool(getattr(args, "force", False))
    try:
        if qt_options and command != "gui":
            raise UserError(f"{' '.join(qt_options)}: Qt's options are for the window (the gui command)")
        if command == "gui":
            return _gui(getattr(args, "project", None), getattr(args, "self_test", False), qt_options)
        handler = {
            "new": _new,
            "add": _add,
            "tag": _tag,
            "list": _list,
            "validate": _validate,
            "export": _export,
            "search": _search,
            "merge": _merge,
            "compare": _compare,
            "about": _about,
            "exhibit": _exhibit,
            "ocr": _ocr,
            "replace": _replace,
            "cite-check": _cite_check,
            "redactions": _redactions,
            "merge-driver": _merge_driver,
            "git-setup": _git_setup,
            "annotation": change_commands.annotation,
            "codebook": change_commands.codebook,
            "review": change_commands.review,
            "conflicts": change_commands.conflicts,
            "recover": change_commands.recover,
            "comments": change_commands.comments,
            "import": change_commands.imported,
            "text": reading_commands.text,
        }[command]
        with HELD:
            status = handler(args)
            sys.stdout.flush()  # here, where a reader gone away (BrokenPipeError) is caught, not at exit
            return status
    except UserError as e:
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``… | head``): end quietly, as a command killed by SIGPIPE would. Python's
        # flush at exit would fail again on the closed pipe: stdout now goes nowhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_SIGPIPE
    finally:
        allow_outside(False)  # for this command only: a script (or a test) running several goes on confined


def _gui(project: Path | None, self_test: bool, qt_options: list[str]) -> int:
    from ..app.main import run  # Qt is imported only when a window is wanted

    return run(project, self_test=self_test, qt_options=qt_options)


def _about(args: argparse.Namespace) -> int:
    print("\n".join(about_lines()))
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
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


def _password(pdf: Path, given: str | None) -> str | None:
    if given is not None or not sys.stdin.isatty():
        return given
    return getpass.getpass(f"Password for {pdf.name}: ")


def _add(args: argparse.Namespace) -> int:
    pdfs = pdfs_in(args.pdfs)
    if len(pdfs) != 1 or args.pdfs[0].is_dir():
        return _add_many(args, pdfs)
    project = _edit(args.project)
    pdf = pdfs[0]
    options = ReadOptions(
        title=args.title,
        password=args.password,
        bates_prefix=args.bates_prefix,
        bates_start=args.bates_start,
        languages=args.languages,
    )
    try:
        read = read_exhibit(args.project, pdf, **options)
    except PasswordRequired as e:
        if args.password is not None or not sys.stdin.isatty():
            raise UserError(f"{e} (give it with --password)") from None
        options["password"] = _password(pdf, None)
        read = read_exhibit(args.project, pdf, **options)
    op = AddExhibit(read, args.label)
    ProjectSession(project, args.project).apply(op)  # the door every change goes through
    assert op.exhibit is not None
    exhibit = op.exhibit
    _save(project, args.project)
    scans = f", {len(exhibit.pages_without_text)} without text (scans)" if exhibit.pages_without_text else ""
    print(f"Added {exhibit.label}: {exhibit.title} ({quantity(exhibit.page_count, 'page')}{scans}) from {exhibit.path}")
    hidden = check_file(exhibit_file(args.project, exhibit), options.get("password")).findings
    if hidden:  # said at once: a production about to leak privileged text, or what the other side failed to hide
        pages = sorted({f.page + 1 for f in hidden})
        print(f"  ⚠ {len(hidden)} box(es) hide text that can still be copied (page {', '.join(map(str, pages[:10]))}): "
              f"exhibit-annotator redactions {args.project} shows it")  # fmt: skip
    if args.ocr and exhibit.pages_without_text:
        _ocr_one(args.project, exhibit, None, args.jobs, options.get("password"), again=False)
    return EXIT_OK


def _add_many(args: argparse.Namespace, pdfs: list[Path]) -> int:
    """Many files (or folders): read in parallel, added as one step, saved once; a file that cannot be read is
    named and the others are added."""
    if not pdfs:
        raise UserError(f"{', '.join(str(p) for p in args.pdfs)}: no PDF found there")
    if args.label or args.title or args.ocr:
        raise UserError("--label, --title and --ocr are for one file at a time")
    project = _edit(args.project)
    reads, problems = [], []
    for n, (pdf, read) in enumerate(read_exhibits(args.project, pdfs), 1):
        if isinstance(read, UserError):
            problems.append(f"{pdf}: {read}" if pdf.name not in str(read) else str(read))
        else:
            fields = {"bates_prefix": args.bates_prefix, "languages": args.languages}
            reads.append(read.model_copy(update={k: v for k, v in fields.items() if v is not None}))
        if sys.stderr.isatty():
            print(f"\rRead {n} of {len(pdfs)}…", end="", file=sys.stderr, flush=True)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    if reads:
        op = Compound(f"Add {len(reads)} exhibits", [AddExhibit(r) for r in reads])
        ProjectSession(project, args.project).apply(op)  # the door every change goes through
        _save(project, args.project)
        added = [part.exhibit for part in op.parts if isinstance(part, AddExhibit) and part.exhibit is not None]
        pages = sum(e.page_count for e in added)
        print(f"Added {len(added)} exhibits ({added[0].label} to {added[-1].label}, {quantity(pages, 'page')}).")
    for problem in problems:
        print(f"{PROG}: error: {problem}", file=sys.stderr)
    return EXIT_BAD_INPUT if problems else EXIT_OK


EXIT_CITES_DO_NOT_HOLD = 1
EXIT_BAD_REDACTIONS = 1


def _redactions(args: argparse.Namespace) -> int:
    """Each PDF, or each exhibit of each project, checked in turn; exit 1 if any has text under a box."""
    targets: list[tuple[str, Path, str | None]] = []  # (label, file, password)
    for given in args.files:
        if given.suffix.lower() == ".json":
            project = _load(given)
            passwords = _passwords(project, args.password, given)
            targets += [(e.label, readable_file(given, e), passwords.get(e.id)) for e in project.exhibits]
        else:
            by_name = dict(item.split("=", 1) for item in args.password if "=" in item)
            targets.append((given.name, given, by_name.get(given.name)))
    reports = []
    for label, path, password in targets:
        report = check_file(path, password)
        reports.append((label, report))
        if not args.json:
            found = report.findings
            print(
                f"{label}: "
                + (f"{len(found)} bad redaction(s)" if found else f"no bad redactions ({report.pages} pages)")
            )
            for f in found:
                print(f"  {f.describe()}")
    if args.json:
        print(json.dumps([{"label": label, **r.as_json()} for label, r in reports], ensure_ascii=False, indent=2))
    return EXIT_BAD_REDACTIONS if any(r.findings for _, r in reports) else EXIT_OK


def _cite_check(args: argparse.Namespace) -> int:
    project = _load(args.project)
    checks = check_brief(args.brief, project, args.project, _passwords(project, args.password, args.project))
    if args.json:
        rows = [
            {"where": k.citation.where, "cite": k.citation.cite, "quote": k.citation.quote, "verdict": k.verdict.value,
             "detail": k.detail, "right_cite": k.right_cite, "differences": k.differences}
            for k in checks
        ]  # fmt: skip
        print(
            json.dumps(
                {"ok": bool(checks) and all(k.holds for k in checks), "checks": rows}, ensure_ascii=False, indent=2
            )
        )
    else:
        for k in checks:
            mark = "ok " if k.holds else "!! "
            detail = f": {k.detail}" if k.detail else ""
            quote = _short(k.citation.quote, 50)
            print(f"{mark}{k.citation.where}: {k.citation.cite} “{quote}” — {k.verdict.value}{detail}")
        held = sum(k.holds for k in checks)
        print(f"{args.brief.name}: {held} of {len(checks)} quotation(s) hold.")
    if not checks:
        print(f"{PROG}: {args.brief.name}: no quotation with a cite found", file=sys.stderr)
        return EXIT_CITES_DO_NOT_HOLD
    return EXIT_OK if all(k.holds for k in checks) else EXIT_CITES_DO_NOT_HOLD


def _replace(args: argparse.Namespace) -> int:
    project = _edit(args.project)
    exhibit = find_exhibit(project, args.exhibit)
    session = ProjectSession(project, args.project)  # the door every change goes through
    replaced = replacement(project, args.project, exhibit.id, args.pdf, args.password)
    session.apply(ReplaceExhibitFile(replaced))
    marked = [a for a in project.annotations_of(exhibit.id) if a.reanchored is not None]
    if args.accept and marked:
        session.apply(EditAnnotations("Accept new places", acceptance(marked)))
    _save(project, args.project)
    print(f"Replaced the file of {exhibit.label} with {args.pdf.name}: {replaced.summary()}.")
    for a in marked:
        assert a.reanchored is not None
        print(f"  {replaced.exhibit.cite(a.page, a.end_page)}: {a.reanchored.describe()}: “{_short(a.text, 60)}”")
        if a.reanchored.found:
            print(f"      now: “{_short(a.reanchored.found, 60)}”")
    if marked and not args.accept:
        print(f"{len(marked)} passage(s) wait for review (the window's Review menu, or replace --accept).")
    return EXIT_OK


def _ocr(args: argparse.Namespace) -> int:
    project = _load(args.project)
    exhibits = [find_exhibit(project, e) for e in args.exhibit] if args.exhibit else project.exhibits
    passwords = _passwords(project, args.password, args.project)
    scanned = [e for e in exhibits if e.pages_without_text]
    if not scanned:
        print("No pages without text: nothing to read.")
        return EXIT_OK
    for exhibit in scanned:
        _ocr_one(args.project, exhibit, args.languages, args.jobs, passwords.get(exhibit.id), args.again)
    return EXIT_OK


def _ocr_one(
    project_path: Path, exhibit: Exhibit, languages: str | None, jobs: int | None, password: str | None, again: bool
) -> None:
    if jobs is not None and jobs < 1:
        raise UserError(f"--jobs {jobs}: give 1 or more")
    engine = engine_for(exhibit, languages)
    started = time.monotonic()
    show = sys.stderr.isatty()

    def progress(done: int, total: int) -> bool:
        if show:
            print(f"\r{exhibit.label}: page {done} of {total}…", end="", file=sys.stderr, flush=True)
        return True

    result = ocr_exhibit(project_path, exhibit, engine, password=password, jobs=jobs, progress=progress, again=again)
    if show:
        print("\r", end="", file=sys.stderr)
    seconds = time.monotonic() - started
    cached = f", {result.cached} already in the cache" if result.cached else ""
    print(f"{exhibit.label}: read {result.recognised} page(s) with {engine.name} in {seconds:.1f} s{cached}")
    for page, why in sorted(result.failed.items()):
        print(f"{exhibit.label}: page {page + 1} could not be read: {why}", file=sys.stderr)
    if result.failed:
        raise UserError(f"{exhibit.label}: {len(result.failed)} page(s) could not be read (see above)")


def _exhibit(args: argparse.Namespace) -> int:
    if args.action == "relink":
        return change_commands.relink(args)
    project = _edit(args.project)
    exhibit = find_exhibit(project, args.exhibit)
    session = ProjectSession(project, args.project)  # the door every change goes through
    if args.action == "remove":
        removal = RemoveExhibit(exhibit.id, _author(args.author))
        session.apply(removal)
        what = f"Removed {exhibit.label} and its {removal.annotations} annotation(s)"
    elif args.action == "layout":
        read = read_layout(args.project, exhibit, args.password)
        session.apply(ReadLayout(exhibit.id, read))
        what = read.summary(exhibit.label)
    elif args.action == "move":
        session.apply(MoveExhibit(exhibit.id, args.by))
        what = f"Moved {exhibit.label} to place {[e.id for e in project.exhibits].index(exhibit.id) + 1}"
    else:
        changes = {f: getattr(args, f) for f in sorted(EXHIBIT_FIELDS) if getattr(args, f) is not None}
        if not changes:
            raise UserError("say what to change (exhibit edit --help lists the fields)")
        session.apply(EditExhibit(exhibit.id, **changes))
        changed = project.exhibit(exhibit.id)
        first_bates = bates_number(changed, 0)
        what = f"{changed.label}: {changed.title}" + (f", Bates {first_bates}" if first_bates else "")
    _save(project, args.project)
    print(what)
    return EXIT_OK


def _tag(args: argparse.Namespace) -> int:
    project = _edit(args.project)
    session = ProjectSession(project, args.project)  # the door every change goes through
    exhibit = find_exhibit(project, args.exhibit)
    categories = [find_category(project, c) for c in args.category]
    page = None if args.page is None else args.page - 1
    author = _author(args.author)
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
        lines = TagPassage(exhibit.id, on_lines, categories, args.note, author, args.key)
        session.apply(lines)
        assert lines.annotation is not None
        _save(project, args.project)
        a = lines.annotation
        print(f"Tagged {project.exhibit(exhibit.id).cite_passage(a)} ({_names(project, a)}): {_short(a.text, 80)}")
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
        area = TagArea(exhibit.id, page, (x0, y0, x1, y1), categories, args.note, author, args.key, inside)
        session.apply(area)
        assert area.annotation is not None
        _save(project, args.project)
        print(f"Tagged an area of {pinpoint(exhibit.label, page)} as {_names(project, area.annotation)}")
        return EXIT_OK
    quote = TagQuote(
        args.project, exhibit.id, args.quote, categories, note=args.note, author=author, page=page,
        occurrence=args.occurrence, ignore_case=args.ignore_case, password=args.password, key_passage=args.key,
    )  # fmt: skip
    session.apply(quote)
    _save(project, args.project)
    assert quote.tagged is not None and quote.tagged.found is not None
    a, found = quote.tagged.annotation, quote.tagged.found
    print(f"Tagged {exhibit.cite_passage(a)} ({_names(project, a)}): {_short(a.text, 80)}")
    if len(found.occurrences) > 1:
        pages = ", ".join(str(p + 1) for p in dict.fromkeys(found.occurrences))
        print(
            f"Note: the quote occurs {len(found.occurrences)} times (pages {pages}); this is occurrence "
            f"{found.occurrence}. Use --occurrence N or --page P to tag another."
        )
    return EXIT_OK


def _list(args: argparse.Namespace) -> int:
    project = _load(args.project)
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
        rows.append([e.label, _short(e.title, 40), str(e.page_count), str(len(project.annotations_of(e.id))), e.path])
    _table(rows)
    print()
    print(f"Categories ({len(project.codebook)})")
    counts = {cat.id: 0 for cat in project.codebook}
    for a in project.annotations:
        for cid in a.category_ids:
            counts[cid] = counts.get(cid, 0) + 1
    depth = category_depths(project.codebook)
    rows = [["Category", "Key", "Colour", "Annotations"]]
    for cat in project.codebook:
        rows.append(["  " * depth[cat.id] + cat.name, cat.shortcut or "", cat.colour, str(counts.get(cat.id, 0))])
    _table(rows)
    print()
    print(f"Annotations ({len(project.annotations)})")
    rows = [["Cite", "Categories", "Quote", "Note", "Author", "Status"]]
    for a in project.annotations:
        e = project.exhibit(a.exhibit_id)
        quote = _short(a.text, 50) if a.kind == "text" else "[area]"
        rows.append(
            [pinpoint(e.label, a.page, a.end_page), _names(project, a), quote, _short(a.note, 30), a.author, a.review]
        )
    _table(rows)
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


def _export(args: argparse.Namespace) -> int:
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
    project = _edit(args.project) if fmt is Format.produced and args.bates else _load(args.project)
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
    passwords = _passwords(project, args.password, args.project)
    written = export(project, args.project, fmt, out, options, stamp=args.stamp, production=production,
                     passwords=passwords)  # fmt: skip
    for path in written:
        print(f"Wrote {path}")
    for note in written.notes:
        print(f"  {note}")
    if written.numbers:
        for line in describe_plan(project, written.numbers):
            print(f"  {line}")
        changed = bates_changes(project, written.numbers)
        if changed:  # only numbers an exhibit did not have: the ones set are kept, never rewritten
            ProjectSession(project, args.project).apply(record_bates(changed))
            _save(project, args.project)
        first, last = bates_range(project, written.numbers)
        print(f"Bates {first} to {last}" + (f"; new numbers recorded in {args.project.name}" if changed else ""))
    if not written:
        print("Nothing to write: no exhibit has annotations that match.")
    return EXIT_OK


def _search(args: argparse.Namespace) -> int:
    project = _load(args.project)
    exhibits = [find_exhibit(project, e).id for e in args.exhibit] if args.exhibit else None
    search = ProjectSearch(project, args.project, _passwords(project, args.password, args.project))
    try:
        hits = search.search(args.query, exhibits=exhibits, ignore_case=not args.match_case)
    finally:
        search.close()
    skipped = {project.exhibit(k).label: v for k, v in search.skipped.items()}
    if args.json:
        out = {
            "query": args.query,
            "hits": [
                {"exhibit": h.label, "page": h.page + 1, "text": h.text, "before": h.before.strip(),
                 "after": h.after.strip(), "rects": [list(r) for r in h.rects]}
                for h in hits
            ],
            "skipped": skipped,
        }  # fmt: skip
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for h in hits:
            print(f"{pinpoint(h.label, h.page)}: {h.context}")
        pages = len({(h.exhibit_id, h.page) for h in hits})
        print(f"{len(hits)} hit(s) on {pages} page(s).")
        for label, why in skipped.items():
            print(f"Not searched: {label}: {why}")
    return EXIT_OK


def _merge_driver(args: argparse.Namespace) -> int:
    result = run_driver(args.ancestor, args.ours, args.theirs, args.path)
    for line in result.lines:
        print(line, file=sys.stderr)
    return result.exit_code


def _git_setup(args: argparse.Namespace) -> int:
    done = git_setup(args.repo, args.patterns)
    print(f"{done.repo}: project files merged by Exhibit Annotator: {', '.join(done.patterns)}")
    if done.added:
        print("  .gitattributes now names them: commit it, so that every clone merges them alike")
    print("  Run git-setup in every clone: git only runs a merge program its own configuration names.")
    return EXIT_OK


def _merge(args: argparse.Namespace) -> int:
    mine, theirs = (_load if args.dry_run else _edit)(args.mine), _load(args.theirs)
    op = MergeProject(args.mine, theirs, args.theirs)
    ProjectSession(mine, args.mine).apply(op)  # the door every change goes through
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
        _save(merged, args.mine)
    summary["written"] = written
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return EXIT_OK
    verb = "Would merge" if args.dry_run else "Merged"
    first, *rest = report.lines(labels)
    print(f"{verb} {args.theirs.name} into {args.mine.name}: {first}")
    for line in rest:
        print(f"  {line}")
    if not written and not args.dry_run:
        print("  Nothing new: the project file is unchanged.")
    return EXIT_OK


def _compare(args: argparse.Namespace) -> int:
    from ..core.project.compare import compare

    a, b = _load(args.a), _load(args.b)
    result = compare(a, args.a, b, _passwords(a, args.password, args.a))
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
        }
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
            cite = pinpoint(labels.get(x.exhibit_id, "?"), x.page, x.end_page)
            print(f"  {cite} ({x.author or '?'}): {x.text[:80] or '[area]'}")
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    project = _load(args.project)  # schema errors end here, as one line
    report = check_project(project, args.project, _passwords(project, args.password, args.project))
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
    if not report.ok:
        print(f"{PROG}: error: {args.project.name}: {len(report.problems())} problem(s) found", file=sys.stderr)
        return EXIT_BAD_INPUT
    print("All exhibits are present and unchanged; every passage is where it was.")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
