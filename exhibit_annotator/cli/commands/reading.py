"""Commands that read exhibits: a page's text, search, the redaction check, and checking a brief's quotations."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ...core.brief.citecheck import check_brief
from ...core.model import pinpoint
from ...core.normalize import shortened as short
from ...core.pdf.confinement import readable_file
from ...core.pdf.reading import read_pages, words
from ...core.pdf.redactions import check_file
from ...core.pdf.search import ProjectSearch
from ...core.pdf.text import PageText
from ...core.project.lookup import find_exhibit
from ..projects import EXIT_OK, PROG, load, passwords


def text(args: argparse.Namespace) -> int:
    """Print an exhibit's page text as anchors, search and the brief read it: one line per line, a page's lines under
    a "Page N" heading; ``--json``: lines with their words and boxes."""
    project = load(args.project)
    exhibit = find_exhibit(project, args.exhibit)
    password = passwords(project, args.password, args.project).get(exhibit.id)
    pages = read_pages(args.project, exhibit, None if args.page is None else [args.page - 1], password)
    if args.json:
        data = {"exhibit": exhibit.label, "pages": [_page_data(p) for p in pages]}
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    for n, p in enumerate(pages):
        if len(pages) > 1 or args.page is None:
            print(("\n" if n else "") + f"— Page {p.index + 1} —")
        if p.text:
            print(p.text)
    return EXIT_OK


def _page_data(page: PageText) -> dict[str, object]:
    lines = []
    for n, found in words(page):
        line = page.lines[n]
        lines.append({
            "rtl": line.rtl,
            "text": page.text[line.start : line.end],
            "words": [
                {"text": w.text, "start": w.start, "end": w.end, "box": [round(v, 2) for v in w.box]} for w in found
            ],
        })  # fmt: skip
    return {"page": page.index + 1, "method": page.method, "text": page.text, "lines": lines}


def search(args: argparse.Namespace) -> int:
    project = load(args.project)
    exhibits = [find_exhibit(project, e).id for e in args.exhibit] if args.exhibit else None
    search = ProjectSearch(project, args.project, passwords(project, args.password, args.project))
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


EXIT_BAD_REDACTIONS = 1


def redactions(args: argparse.Namespace) -> int:
    """Each PDF, or each exhibit of each project, checked in turn; exit 1 if any has text under a box."""
    targets: list[tuple[str, Path, str | None]] = []  # (label, file, password)
    for given in args.files:
        if given.suffix.lower() == ".json":
            project = load(given)
            secrets = passwords(project, args.password, given)
            targets += [(e.label, readable_file(given, e), secrets.get(e.id)) for e in project.exhibits]
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


EXIT_CITES_DO_NOT_HOLD = 1


def cite_check(args: argparse.Namespace) -> int:
    project = load(args.project)
    checks = check_brief(args.brief, project, args.project, passwords(project, args.password, args.project))
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
            quote = short(k.citation.quote, 50)
            print(f"{mark}{k.citation.where}: {k.citation.cite} “{quote}” — {k.verdict.value}{detail}")
        held = sum(k.holds for k in checks)
        print(f"{args.brief.name}: {held} of {len(checks)} quotation(s) hold.")
    if not checks:
        print(f"{PROG}: {args.brief.name}: no quotation with a cite found", file=sys.stderr)
        return EXIT_CITES_DO_NOT_HOLD
    return EXIT_OK if all(k.holds for k in checks) else EXIT_CITES_DO_NOT_HOLD
