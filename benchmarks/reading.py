"""What reading an exhibit's layout costs when it is added: its line numbers (transcripts, pleading paper) and its
running headers and footers, next to raw PyMuPDF reading the same pages' plain text (which adding does anyway);
then a page's text with the running lines left out, next to without and next to MuPDF's rawdict alone.

    python benchmarks/reading.py [--pages N]

The exhibit is the First Circuit's opinion in the test data (ECF header, page numbers), repeated to N pages.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pymupdf

from exhibit_annotator.core.pdf.line_numbers import columns
from exhibit_annotator.core.pdf.text import TEXT_FLAGS, extract_page_text, running_heads

OPINION = Path(__file__).resolve().parent.parent / "tests" / "data" / "exhibits" / "court" / "ca1-opinion.pdf"


def timed(work: object) -> tuple[float, object]:
    start = time.perf_counter()
    result = work()  # type: ignore[operator]
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=510)
    pages = parser.parse_args().pages
    source = pymupdf.open(OPINION)
    doc = pymupdf.open()
    while doc.page_count < pages:
        doc.insert_pdf(source, to_page=min(source.page_count, pages - doc.page_count) - 1)
    doc = pymupdf.open("pdf", doc.tobytes())
    plain_s, plains = timed(lambda: [doc[i].get_text("text") for i in range(doc.page_count)])
    lines_s, _ = timed(lambda: columns(doc, plains))  # type: ignore[arg-type]
    heads_s, heads = timed(lambda: running_heads(doc))
    print(f"{doc.page_count} pages: raw PyMuPDF plain text {plain_s:.2f} s; line numbers {lines_s * 1000:.0f} ms; "
          f"running lines {heads_s * 1000:.0f} ms ({len(heads)} found)")  # type: ignore[arg-type]  # fmt: skip
    sample = range(min(60, doc.page_count))
    raw_s, _ = timed(lambda: [doc[i].get_text("rawdict", flags=TEXT_FLAGS) for i in sample])
    bare_s, _ = timed(lambda: [extract_page_text(doc[i]) for i in sample])
    left_s, _ = timed(lambda: [extract_page_text(doc[i], frozenset(heads)) for i in sample])  # type: ignore[arg-type]
    n = len(sample)
    print(f"page text, per page: rawdict alone {raw_s / n * 1000:.1f} ms; ours {bare_s / n * 1000:.1f} ms; "
          f"without running lines {left_s / n * 1000:.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
