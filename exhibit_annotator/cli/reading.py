"""Commands that show what the app reads from an exhibit, changing nothing: ``text``."""

from __future__ import annotations

import argparse
import json

from ..core.pdf.reading import read_pages, words
from ..core.pdf.text import PageText
from ..core.project.edits import find_exhibit
from .projects import load, passwords

EXIT_OK = 0


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
