"""Exporting a large project: 5,000 annotations over 50 exhibits, to DOCX, PDF, Markdown and CSV.

    python benchmarks/export.py [--annotations N] [--exhibits M] [--json]

Builds the exhibits (distinct generated PDFs) and the project in a temporary folder, then times each export,
next to the same number of paragraphs written by raw python-docx and by a raw PyMuPDF Story in the same run.
"""

from __future__ import annotations

import argparse
import io
import json
import tempfile
import time
from pathlib import Path

import docx
import pymupdf

from exhibit_annotator.core.brief.brief import BriefOptions, build_brief
from exhibit_annotator.core.export import Format, export
from exhibit_annotator.core.model import Annotation, Case
from exhibit_annotator.core.pdf.anchoring import passage
from exhibit_annotator.core.pdf.text import DocumentText
from exhibit_annotator.core.project.edits import new_project
from exhibit_annotator.core.project.intake import add_exhibit
from exhibit_annotator.core.project.store import load_codebook, save_project
from exhibit_annotator.core.resources import default_codebook_path

SENTENCE = "Paragraph {n} of exhibit {e}: the witness stated that the training data came from sources {n}."


def make_exhibit(path: Path, number: int, pages: int = 10, per_page: int = 12) -> None:
    doc = pymupdf.open()
    n = 0
    for _ in range(pages):
        page = doc.new_page()
        text = "\n\n".join(SENTENCE.format(n=(n := n + 1), e=number) for _ in range(per_page))
        page.insert_textbox(page.rect + (54, 54, -54, -54), text, fontsize=10)
    doc.save(path)


def make_project(folder: Path, exhibits: int, annotations: int) -> Path:
    path = folder / "big.json"
    project = new_project(Case(name="Benchmark v. Export"), load_codebook(default_codebook_path()))
    leaf_categories = [c.id for c in project.codebook if c.parent is not None]
    per_exhibit = annotations // exhibits
    for e in range(exhibits):
        pdf = folder / f"exhibit-{e:03d}.pdf"
        make_exhibit(pdf, e)
        exhibit = add_exhibit(project, path, pdf)
        text = DocumentText(pymupdf.open(pdf))
        for k in range(per_exhibit):
            page = text.page(k % text.page_count)
            lines = page.text.split("\n")
            start = page.text.find(lines[k % len(lines)])
            p = passage(text, page.index, start, page.index, start + len(lines[k % len(lines)]))
            project.annotations.append(
                Annotation(
                    exhibit_id=exhibit.id,
                    page=p.page,
                    text=p.text,
                    quote=p.quote,
                    position=p.position,
                    extraction=p.extraction,
                    rects=p.rects,
                    category_ids=[leaf_categories[k % len(leaf_categories)]],
                    note=f"Note {k}",
                    author=f"Author {k % 4}",
                )
            )
    save_project(project, path)
    return path


def timed(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--annotations", type=int, default=5000)
    parser.add_argument("--exhibits", type=int, default=50)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    from exhibit_annotator.core.project.store import load_project

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = make_project(folder, args.exhibits, args.annotations)
        project = load_project(path)
        n = len(project.annotations)
        figures: dict[str, float | int] = {"annotations": n, "exhibits": len(project.exhibits)}
        options = BriefOptions()
        figures["build_brief_ms"] = timed(lambda: build_brief(project, path, options))
        for fmt in (Format.docx, Format.pdf, Format.md, Format.csv):
            figures[f"{fmt.value}_ms"] = timed(
                lambda fmt=fmt: export(project, path, fmt, folder / f"b.{fmt.value}", options)
            )
        figures["pdf_pages"] = pymupdf.open(folder / "b.pdf").page_count

        def raw_docx() -> None:
            d = docx.Document()
            for a in project.annotations:
                d.add_paragraph(a.text)
                d.add_paragraph("Ex. 1 at 1")
                d.add_paragraph(a.note)
            d.save(str(folder / "raw.docx"))

        def raw_story() -> None:
            body = "".join(
                f"<blockquote>{a.text}</blockquote><p>Ex. 1 at 1</p><p>{a.note}</p>" for a in project.annotations
            )
            story = pymupdf.Story(html=body)
            writer = pymupdf.DocumentWriter(io.BytesIO())
            box = pymupdf.paper_rect("letter")
            story.write(writer, lambda n, filled: (box, box + (72, 72, -72, -72), None))
            writer.close()

        figures["raw_docx_ms"] = timed(raw_docx)
        figures["raw_story_pdf_ms"] = timed(raw_story)
    figures = {k: round(v) if isinstance(v, float) else v for k, v in figures.items()}
    if args.json:
        print(json.dumps(figures))
        return
    print(f"{figures['annotations']} annotations over {figures['exhibits']} exhibits")
    print(f"  build the brief (verify hashes, order, group): {figures['build_brief_ms']} ms")
    print(
        f"  DOCX {figures['docx_ms']} ms   (raw python-docx, same paragraphs, no styles: {figures['raw_docx_ms']} ms)"
    )
    pdf, pages, raw = figures["pdf_ms"], figures["pdf_pages"], figures["raw_story_pdf_ms"]
    print(f"  PDF  {pdf} ms, {pages} pages   (raw Story, same text: {raw} ms)")
    print(f"  Markdown {figures['md_ms']} ms, CSV {figures['csv_ms']} ms")


if __name__ == "__main__":
    main()
