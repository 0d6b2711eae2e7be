"""Annotated exhibits: a copy of each exhibit PDF with real PDF highlight annotations in category colours.

The category names and note go into the annotation's content and the author into its title, so Acrobat,
Preview, Okular and pdf.js show them in their comment panes. The original exhibit is never modified.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf

from ..brief.brief import BriefOptions, selected_annotations, unverified
from ..colours import rgb
from ..model import Exhibit, Project
from ..pdf.confinement import FileMissing, present_file
from ..pdf.exhibits import open_pdf, sha256_of
from .outputs import check_output, output_name
from .stamps import Stamper, sticker


def annotated_exhibit(
    project: Project,
    project_path: Path,
    exhibit: Exhibit,
    out: Path,
    *,
    options: BriefOptions | None = None,
    stamp: bool = False,
    password: str | None = None,
) -> int:
    """Write ``exhibit`` with its annotations to ``out``; returns how many were written."""
    options = options or BriefOptions(exhibits={exhibit.id})
    path = present_file(project_path, exhibit)
    unchanged = sha256_of(path) == exhibit.sha256
    # Nothing is drawn where it is not verified: old rectangles on a changed file would mark other words.
    wanted = [
        a for a in selected_annotations(project, options)
        if a.exhibit_id == exhibit.id and not unverified(a, exhibit, unchanged)
    ]  # fmt: skip
    categories = {c.id: c for c in project.codebook}
    doc = open_pdf(path, password)
    try:
        for a in wanted:
            cats = [categories[c] for c in a.category_ids if c in categories]
            colour = rgb(cats[0].colour) if cats else (1.0, 0.85, 0.2)
            content = ", ".join(c.name for c in cats) + (f"\n{a.note}" if a.note else "")
            for page_number in range(a.page, a.last_page + 1):
                rects = [pymupdf.Rect(r.rect) for r in a.rects if r.page == page_number]
                if not rects or page_number >= doc.page_count:  # a page the file no longer has: nothing to mark
                    continue
                page = doc[page_number]
                if a.kind == "text":
                    _highlight(page, rects, colour, content, a.author)
                    continue
                annot = page.add_rect_annot(rects[0])
                annot.set_border(width=1.5)
                annot.set_colors(stroke=colour)
                annot.set_info(content=content, title=a.author, subject="Exhibit Annotator")
                annot.update()
        if stamp:
            sticker(Stamper(doc[0]), exhibit.label)
        doc.save(str(out), garbage=1, deflate=True)
    finally:
        doc.close()
    return len(wanted)


def _highlight(
    page: pymupdf.Page, rects: list[pymupdf.Rect], colour: tuple[float, float, float], content: str, author: str
) -> None:
    """A highlight annotation made as PyMuPDF's ``add_highlight_annot`` makes one, less the unique name it derives by
    listing every annotation on the page for each new one (``JM_add_annot_id``): 250, 500 and 1,000 highlights on a
    page took 0.8, 2.9 and 10.6 s. The name (/NM) is optional; viewers list the highlight by its content and author.
    """
    mupdf = pymupdf.mupdf
    pdf_page = mupdf.pdf_page_from_fz_page(page.this)
    rotation = page.rotation
    # Quads are in the unrotated page space: MuPDF reads them through the page's /Rotate, so clear it meanwhile.
    if rotation:
        mupdf.pdf_dict_put_int(pdf_page.obj(), mupdf.pdf_new_name("Rotate"), 0)
    try:
        annot = mupdf.pdf_create_annot(pdf_page, mupdf.PDF_ANNOT_HIGHLIGHT)
        for r in rects:
            mupdf.pdf_add_annot_quad_point(annot, mupdf.fz_quad_from_rect(mupdf.FzRect(r.x0, r.y0, r.x1, r.y1)))
        mupdf.pdf_set_annot_color(annot, list(colour))
        mupdf.pdf_set_annot_contents(annot, content)
        mupdf.pdf_set_annot_author(annot, author)
        mupdf.pdf_dict_put_text_string(mupdf.pdf_annot_obj(annot), mupdf.pdf_new_name("Subj"), "Exhibit Annotator")
        mupdf.pdf_update_annot(annot)
    finally:
        if rotation:
            mupdf.pdf_dict_put_int(pdf_page.obj(), mupdf.pdf_new_name("Rotate"), rotation)


def to_annotate(project: Project, options: BriefOptions | None) -> list[Exhibit]:
    """The exhibits an export of annotated copies writes: those with annotations (of ``options.exhibits``)."""
    wanted = None if options is None else options.exhibits
    return [e for e in project.exhibits if (wanted is None or e.id in wanted) and project.annotations_of(e.id)]


def annotated_exhibits(
    project: Project, project_path: Path, folder: Path, *, options: BriefOptions | None = None, stamp: bool = False,
    passwords: dict[str, str] | None = None,
) -> tuple[list[Path], list[str]]:  # fmt: skip
    """Every exhibit with annotations (or those in ``options.exhibits``) into ``folder``: the files written, and a
    line for each exhibit skipped because its file is missing."""

    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    skipped: list[str] = []
    for exhibit in to_annotate(project, options):
        out = output_name(folder, exhibit, written)
        check_output(project, project_path, out)
        password = (passwords or {}).get(exhibit.id)
        try:
            annotated_exhibit(project, project_path, exhibit, out, options=options, stamp=stamp, password=password)
        except FileMissing as e:
            skipped.append(f"skipped {e}")
            continue
        written.append(out)
    return written, skipped
