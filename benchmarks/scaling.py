"""How search and page-text assembly grow with their input (issue 20's time bombs): the curve, printed.

    python benchmarks/scaling.py [--json]

- search: one page holding N hits of a one-letter query (each hit's rectangle used to cost a ``search_for`` over
  the whole page), next to raw PyMuPDF ``search_for`` once on the same page;
- annotated PDFs: N highlights on one page, as the export makes them, next to PyMuPDF's ``add_highlight_annot``
  (which lists every annotation of the page for each new one);
- the PDF brief: one passage with a note of N KB (a paragraph across pages was laid out again for every page),
  next to MuPDF's Story laying out the same text alone;
- tagging a quote in an exhibit of N pages: time and peak resident size (a window of pages at a time), next to
  MuPDF's rawdict extraction of the same pages;
- page text: one visual line of N Arabic letters, each with a mark (each mark used to be looked for among every
  letter of its line), through ``text``'s line assembly.
Linear growth shows as a constant time per item down each column.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import pymupdf

from exhibit_annotator.core.export.annotated import _highlight
from exhibit_annotator.core.model import Case
from exhibit_annotator.core.pdf.glyphs import Glyph, attach_marks, logical_line
from exhibit_annotator.core.pdf.search import ProjectSearch
from exhibit_annotator.core.project.edits import new_project
from exhibit_annotator.core.project.intake import add_exhibit
from exhibit_annotator.core.project.store import load_codebook
from exhibit_annotator.core.resources import default_codebook_path

EXHIBIT = Path(__file__).resolve().parent.parent / "tests" / "data" / "exhibits" / "exhibit-en.pdf"


def search_curve(sizes: list[int]) -> list[dict[str, float]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            pdf = Path(tmp) / f"hits-{n}.pdf"
            doc = pymupdf.open()
            page = doc.new_page(width=1200, height=max(842, n // 40 * 12 + 100))
            words = " ".join(["e"] * n)
            page.insert_textbox(page.rect + (20, 20, -20, -20), words, fontsize=8)
            doc.save(pdf)
            project_path = Path(tmp) / f"p-{n}.json"
            project = new_project(Case(name="scaling"), load_codebook(default_codebook_path()))
            add_exhibit(project, project_path, pdf)
            search = ProjectSearch(project, project_path)
            started = time.perf_counter()
            hits = search.search("e", limit=10**7)
            ours = time.perf_counter() - started
            search.close()
            with pymupdf.open(pdf) as raw:
                started = time.perf_counter()
                found = raw[0].search_for("e")
                bare = time.perf_counter() - started
            per_hit = round(ours / max(len(hits), 1) * 1e6, 1)
            rows.append({"hits": len(hits), "ours_s": round(ours, 3), "us_per_hit": per_hit,
                         "search_for_once_s": round(bare, 3), "search_for_hits": len(found)})  # fmt: skip
    return rows


def highlights_curve(sizes: list[int], raw_up_to: int = 1000) -> list[dict[str, float]]:
    rows = []
    for n in sizes:
        timings = {}
        for how in ("ours", "raw"):
            if how == "raw" and n > raw_up_to:
                continue
            with pymupdf.open(EXHIBIT) as doc:
                page = doc[0]
                started = time.perf_counter()
                for i in range(n):
                    r = pymupdf.Rect(72, 72 + (i % 60) * 10, 300, 80 + (i % 60) * 10)
                    if how == "ours":
                        _highlight(page, [r], (1.0, 0.85, 0.2), "Willfulness", "A. Roe")
                    else:
                        annot = page.add_highlight_annot([r.quad])
                        annot.set_info(content="Willfulness", title="A. Roe")
                        annot.update()
                timings[how] = round(time.perf_counter() - started, 3)
        rows.append({"highlights": n, "ours_s": timings["ours"], "add_highlight_annot_s": timings.get("raw", -1.0)})
    return rows


def marks_curve(sizes: list[int]) -> list[dict[str, float]]:
    rows = []
    for n in sizes:
        glyphs = []
        for i in range(n):
            x = i * 5.0
            glyphs.append(Glyph("ب", (x, 0, x + 5, 10), len(glyphs), 10, 0))
            glyphs.append(Glyph("\u064e", (x + 1, -3, x + 4, 0), 10**7 + i, 10, 0, is_mark=True))
        started = time.perf_counter()
        logical_line(attach_marks(glyphs), rtl=True)
        took = time.perf_counter() - started
        rows.append({"letters": n, "seconds": round(took, 3), "us_per_letter": round(took / n * 1e6, 2)})
    return rows


def tag_curve(sizes: list[int]) -> list[dict[str, float]]:
    """Tagging a quote (every occurrence counted) in an exhibit of N pages: time a page, and the process's peak
    resident size after each (sizes grow, so memory that grew with pages would show), next to MuPDF's rawdict
    extraction of the same pages."""
    import resource

    from exhibit_annotator.core.project.edits import tag_quote

    rows = []
    source = pymupdf.open(EXHIBIT)
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            pdf = Path(tmp) / f"long-{n}.pdf"
            doc = pymupdf.open()
            while doc.page_count < n:
                doc.insert_pdf(source, to_page=min(source.page_count, n - doc.page_count) - 1)
            doc.save(pdf, garbage=1)
            project_path = Path(tmp) / f"p-{n}.json"
            project = new_project(Case(name="scaling"), load_codebook(default_codebook_path()))
            exhibit = add_exhibit(project, project_path, pdf)
            started = time.perf_counter()
            tag_quote(project, project_path, exhibit, "LibGen data set", [project.codebook[0].id])
            took = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
            with pymupdf.open(pdf) as raw:
                started = time.perf_counter()
                for page in raw:
                    page.get_text("rawdict")
                bare = time.perf_counter() - started
            rows.append({"pages": n, "ours_s": round(took, 2), "ms_per_page": round(took / n * 1000, 1),
                         "peak_rss_mb": round(peak / 2**20, 1), "rawdict_s": round(bare, 2)})  # fmt: skip
    return rows


def note_curve(sizes_kb: list[int]) -> list[dict[str, float]]:
    """The PDF brief of one passage whose note is N KB, next to MuPDF's Story laying out the same text alone."""
    import io

    from exhibit_annotator.core.brief.brief import BriefOptions
    from exhibit_annotator.core.export import Format, export
    from exhibit_annotator.core.project.edits import tag_quote

    rows = []
    words = "lorem ipsum dolor sit amet consectetur "
    with tempfile.TemporaryDirectory() as tmp:
        project_path = Path(tmp) / "p.json"
        for kb in sizes_kb:
            project = new_project(Case(name="scaling"), load_codebook(default_codebook_path()))
            exhibit = add_exhibit(project, project_path, EXHIBIT)
            tag_quote(project, project_path, exhibit, "vice president", [project.codebook[0].id])
            note = (words * (kb * 1024 // len(words) + 1))[: kb * 1024]
            project.annotations[0] = project.annotations[0].model_copy(update={"note": note})
            started = time.perf_counter()
            export(project, project_path, Format.pdf, Path(tmp) / "b.pdf", BriefOptions())
            ours = time.perf_counter() - started
            started = time.perf_counter()
            story, writer = pymupdf.Story(html=f"<p>{note}</p>"), pymupdf.DocumentWriter(io.BytesIO())
            more = True
            while more:
                device = writer.begin_page(pymupdf.paper_rect("letter"))
                more, _ = story.place(pymupdf.Rect(72, 72, 540, 720))
                story.draw(device)
                writer.end_page()
            writer.close()
            raw = time.perf_counter() - started
            rows.append({"note_kb": kb, "ours_s": round(ours, 2), "ms_per_kb": round(ours / kb * 1000, 2),
                         "story_alone_s": round(raw, 2)})  # fmt: skip
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = {
        "search": search_curve([1000, 4000, 16000]),
        "highlights": highlights_curve([250, 500, 1000, 2000]),
        "marks": marks_curve([5000, 10000, 20000, 40000]),
        "note": note_curve([256, 512, 1024, 2048]),
        "tag": tag_curve([250, 500, 1000, 2000]),
    }
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print("search for 'e' on one page (one distinct text: one search_for)")
    for r in results["search"]:
        print(f"  {r['hits']:>6} hits: {r['ours_s']:.3f} s, {r['us_per_hit']} µs a hit"
              f"   (raw search_for once: {r['search_for_once_s']:.3f} s)")  # fmt: skip
    print("highlights on one page of an annotated PDF")
    for r in results["highlights"]:
        raw = f"{r['add_highlight_annot_s']:.3f} s" if r["add_highlight_annot_s"] >= 0 else "not run"
        print(f"  {r['highlights']:>6}: {r['ours_s']:.3f} s   (PyMuPDF add_highlight_annot: {raw})")
    print("one line of Arabic letters with marks, to logical order")
    for r in results["marks"]:
        print(f"  {r['letters']:>6} letters: {r['seconds']:.3f} s, {r['us_per_letter']} µs a letter")
    print("tag a quote in an exhibit of N pages (every occurrence counted)")
    for r in results["tag"]:
        print(f"  {r['pages']:>6} pages: {r['ours_s']:.2f} s, {r['ms_per_page']} ms a page, peak RSS "
              f"{r['peak_rss_mb']} MB   (MuPDF rawdict alone: {r['rawdict_s']:.2f} s)")  # fmt: skip
    print("PDF brief with one long note")
    for r in results["note"]:
        print(f"  {r['note_kb']:>6} KB: {r['ours_s']:.2f} s, {r['ms_per_kb']} ms a KB"
              f"   (MuPDF Story, the note alone: {r['story_alone_s']:.2f} s)")  # fmt: skip


if __name__ == "__main__":
    main()
