"""What the logical-order text layer and quote anchoring cost, next to raw PyMuPDF doing the same work.

    python benchmarks/text_layer.py [PDF ...] [--json]

Defaults to the court filings in tests/data/exhibits/court. Prints, per file: our page text vs raw
``get_text("rawdict")`` and ``get_text("text")`` per page, and finding a quote across the whole file (first time,
with extraction; repeated, from the cache) vs ``page.search_for`` over every page.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pymupdf

from exhibit_annotator.core.pdf.anchoring import find_quote
from exhibit_annotator.core.pdf.text import DocumentText

EXHIBITS = Path(__file__).resolve().parent.parent / "tests" / "data" / "exhibits"


def timed(fn: Callable[[], object], repeat: int = 3) -> float:
    """Median wall time in ms."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench(path: Path) -> dict[str, float | int | str | None]:
    doc = pymupdf.open(path)
    n = doc.page_count
    # A quote from the middle of the file, so both searches must scan about half of it at least.
    middle = DocumentText(doc).page(n // 2).text.split("\n")
    quote = max(middle, key=len) if middle else ""
    ours_extract = timed(lambda: list(DocumentText(doc).pages())) / n
    raw_rawdict = timed(lambda: [p.get_text("rawdict") for p in doc]) / n
    raw_text = timed(lambda: [p.get_text("text") for p in doc]) / n
    fresh = repeat = raw_search = float("nan")  # a scan with no text has nothing to find
    if quote:
        fresh = timed(lambda: find_quote(DocumentText(doc), quote))
        cached_text = DocumentText(doc)
        find_quote(cached_text, quote)
        repeat = timed(lambda: find_quote(cached_text, quote))
        raw_search = timed(lambda: [p.search_for(quote) for p in doc])
    return {
        "file": path.name,
        "pages": n,
        "page_text_ms_per_page": round(ours_extract, 2),
        "raw_rawdict_ms_per_page": round(raw_rawdict, 2),
        "raw_text_ms_per_page": round(raw_text, 2),
        "find_quote_first_ms": round(fresh, 1),
        "find_quote_repeat_ms": round(repeat, 2),
        "raw_search_for_ms": round(raw_search, 1),
    }


def main(argv: list[str]) -> None:
    as_json = "--json" in argv
    files = [Path(a) for a in argv if not a.startswith("--")] or sorted((EXHIBITS / "court").glob("*.pdf"))
    files += [] if argv else [EXHIBITS / "exhibit-ar.pdf"]
    results = [bench(f) for f in files]
    if as_json:
        print(json.dumps(results, indent=2))
        return
    for r in results:
        print(
            f"{r['file']} ({r['pages']} pages): page text {r['page_text_ms_per_page']} ms/page "
            f"(raw rawdict {r['raw_rawdict_ms_per_page']}, raw text {r['raw_text_ms_per_page']}); "
            f"find a quote {r['find_quote_first_ms']} ms first, {r['find_quote_repeat_ms']} ms repeated "
            f"(raw search_for over all pages {r['raw_search_for_ms']} ms)"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
