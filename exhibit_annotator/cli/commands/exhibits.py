"""Commands on exhibits: add files, change an exhibit's details or place, replace or relink its file, read its
scanned pages (OCR)."""

from __future__ import annotations

import argparse
import getpass
import sys
import time
from pathlib import Path

from ...core.brief.citations import bates_number
from ...core.errors import UserError
from ...core.model import Exhibit
from ...core.normalize import quantity
from ...core.normalize import shortened as short
from ...core.pdf.confinement import exhibit_file
from ...core.pdf.exhibits import PasswordRequired
from ...core.pdf.ocr import ocr_exhibit
from ...core.pdf.redactions import check_file
from ...core.pdf.tesseract import engine_for
from ...core.project.edits import EXHIBIT_FIELDS
from ...core.project.intake import ReadOptions, find_moved, pdfs_in, read_exhibit, read_exhibits, read_layout
from ...core.project.lookup import find_exhibit
from ...core.project.operations import (
    AddExhibit,
    AddExhibits,
    EditAnnotations,
    EditExhibit,
    MoveExhibit,
    ReadLayout,
    RelocateExhibits,
    RemoveExhibit,
    ReplaceExhibitFile,
)
from ...core.project.replace import acceptance, replacement
from ..grammar import EXIT_BAD_INPUT
from ..projects import EXIT_OK, PROG, author, edit, load, passwords, report


def _password(pdf: Path, given: str | None) -> str | None:
    if given is not None or not sys.stdin.isatty():
        return given
    return getpass.getpass(f"Password for {pdf.name}: ")


def add(args: argparse.Namespace) -> int:
    pdfs = pdfs_in(args.pdfs)
    if len(pdfs) != 1 or args.pdfs[0].is_dir():
        return _add_many(args, pdfs)
    with edit(args) as work:
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
        work.apply(op)  # the door every change goes through
        assert op.exhibit is not None
        exhibit = op.exhibit
        work.save()
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
    with edit(args) as work:
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
            op = AddExhibits(reads)
            work.apply(op)  # the door every change goes through
            work.save()
            added = op.exhibits
            pages = sum(e.page_count for e in added)
            print(f"Added {len(added)} exhibits ({added[0].label} to {added[-1].label}, {quantity(pages, 'page')}).")
        for problem in problems:
            print(f"{PROG}: error: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT if problems else EXIT_OK


def exhibit(args: argparse.Namespace) -> int:
    if args.action == "relink":
        return relink(args)
    with edit(args) as work:
        project = work.project
        exhibit = find_exhibit(project, args.exhibit)
        if args.action == "remove":
            removal = RemoveExhibit(exhibit.id, author(args.author))
            work.apply(removal)
            what = f"Removed {exhibit.label} and its {removal.annotations} annotation(s)"
        elif args.action == "layout":
            read = read_layout(args.project, exhibit, args.password)
            work.apply(ReadLayout(exhibit.id, read))
            what = read.summary(exhibit.label)
        elif args.action == "move":
            work.apply(MoveExhibit(exhibit.id, args.by))
            what = f"Moved {exhibit.label} to place {[e.id for e in project.exhibits].index(exhibit.id) + 1}"
        else:
            changes = {f: getattr(args, f) for f in sorted(EXHIBIT_FIELDS) if getattr(args, f) is not None}
            if not changes:
                raise UserError("say what to change (exhibit edit --help lists the fields)")
            work.apply(EditExhibit(exhibit.id, **changes))
            changed = project.exhibit(exhibit.id)
            first_bates = bates_number(changed, 0)
            what = f"{changed.label}: {changed.title}" + (f", Bates {first_bates}" if first_bates else "")
        work.save()
    print(what)
    return EXIT_OK


def replace(args: argparse.Namespace) -> int:
    with edit(args) as work:
        project = work.project
        exhibit = find_exhibit(project, args.exhibit)
        replaced = replacement(project, args.project, exhibit.id, args.pdf, args.password)
        work.apply(ReplaceExhibitFile(replaced))
        marked = [a for a in project.annotations_of(exhibit.id) if a.reanchored is not None]
        if args.accept and marked:
            work.apply(EditAnnotations("Accept new places", acceptance(marked)))
        work.save()
    print(f"Replaced the file of {exhibit.label} with {args.pdf.name}: {replaced.summary()}.")
    for a in marked:
        assert a.reanchored is not None
        print(f"  {replaced.exhibit.cite(a.page, a.end_page)}: {a.reanchored.describe()}: “{short(a.text, 60)}”")
        if a.reanchored.found:
            print(f"      now: “{short(a.reanchored.found, 60)}”")
    if marked and not args.accept:
        print(f"{len(marked)} passage(s) wait for review (the window's Review menu, or replace --accept).")
    return EXIT_OK


def relink(args: argparse.Namespace) -> int:
    """``exhibit relink``: as the window's Locate: the file must be the one added; others beside it follow."""
    with edit(args) as work:
        project = work.project
        exhibit = find_exhibit(project, args.exhibit)
        if not args.file.is_file():
            raise UserError(f"{args.file}: no such file")
        moved = find_moved(project, args.project, exhibit.id, args.file)
        if not moved.same_file:
            raise UserError(f"{args.file.name}: not the file added as {exhibit.label} (its content differs); "
                            "to use it as a new version, run: replace")  # fmt: skip
        work.apply(RelocateExhibits(moved.paths))
        work.save()
    found = [e for e in project.exhibits if e.id in moved.paths]
    report(args.json, [f"{e.label}: {e.path}" for e in found], {e.label: e.path for e in found})
    return EXIT_OK


def ocr(args: argparse.Namespace) -> int:
    project = load(args.project)
    exhibits = [find_exhibit(project, e) for e in args.exhibit] if args.exhibit else project.exhibits
    secrets = passwords(project, args.password, args.project)
    scanned = [e for e in exhibits if e.pages_without_text]
    if not scanned:
        print("No pages without text: nothing to read.")
        return EXIT_OK
    for exhibit in scanned:
        _ocr_one(args.project, exhibit, args.languages, args.jobs, secrets.get(exhibit.id), args.again)
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
