"""Comments made in other PDF readers: an Acrobat-style commented PDF (made here with PyMuPDF) brought in as
annotations, and XFDF written and read back."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pymupdf
import pytest

from exhibit_annotator.core.interop.pdf_comments import (
    CommentsError,
    category_chooser,
    comment_annotations,
    pdf_date,
    write_xfdf,
)
from exhibit_annotator.core.model import Case, Project
from exhibit_annotator.core.project.edits import new_project
from exhibit_annotator.core.project.intake import add_exhibit
from exhibit_annotator.core.project.store import load_codebook
from exhibit_annotator.core.resources import default_codebook_path

from ..conftest import EXHIBITS


def commented(folder: Path) -> Path:
    """exhibit-en.pdf with what a colleague adds in Acrobat: a yellow highlight with a comment, an underline, a box,
    a sticky note, and an ink scribble (which is no passage)."""
    pdf = folder / "exhibit-en.pdf"
    shutil.copy(EXHIBITS / "exhibit-en.pdf", pdf)
    doc = pymupdf.open(pdf)
    page = doc[0]
    highlight = page.add_highlight_annot(page.search_for("internal company messages", quads=True)[0])
    highlight.set_info(title="Opposing Counsel", content="Key admission", creationDate="D:20240131154500+01'00'")
    highlight.set_colors(stroke=(1, 1, 0))
    highlight.update()
    underline = page.add_underline_annot(page.search_for("Llama 3", quads=True)[0])
    underline.set_info(title="Bo Chen")
    underline.set_colors(stroke=(0, 0, 1))
    underline.update()
    box = page.add_rect_annot(pymupdf.Rect(50, 400, 200, 450))
    box.set_info(title="Bo Chen", content="signature block")
    box.update()
    note = page.add_text_annot((300, 300), "Check this date")
    note.set_info(title="Ann Lee")
    note.update()
    page.add_ink_annot([[(100, 500), (150, 520), (200, 500)]]).update()
    doc.saveIncr()
    doc.close()
    return pdf


def project_with(pdf: Path) -> tuple[Project, Path]:
    path = pdf.parent / "case.json"
    project = new_project(Case(name="Comments"), load_codebook(default_codebook_path()))
    add_exhibit(project, path, pdf)
    return project, path


def test_acrobat_comments_become_annotations_with_their_authors_texts_and_dates(tmp_path: Path) -> None:
    project, path = project_with(commented(tmp_path))
    exhibit = project.exhibits[0]
    chooser = category_chooser(project.codebook, ["copying"], {"#ffff00": "willfulness"})
    found = comment_annotations(project, path, exhibit, chooser)
    got = {(a.kind, a.text, a.author, a.note, tuple(a.category_ids)) for a in found.annotations}
    assert got == {
        ("text", "internal company messages", "Opposing Counsel", "Key admission", ("willfulness",)),  # its colour
        ("text", "Llama 3", "Bo Chen", "", ("copying",)),
        ("area", "", "Bo Chen", "signature block", ("copying",)),
        ("area", "", "Ann Lee", "Check this date", ("willfulness",)),  # a note is yellow too
    }
    assert found.ignored == {"ink": 1}
    highlight = next(a for a in found.annotations if a.author == "Opposing Counsel")
    assert highlight.created == datetime(2024, 1, 31, 14, 45, tzinfo=UTC)
    assert highlight.quote is not None and highlight.position is not None and len(highlight.rects) == 1
    project.annotations.extend(found.annotations)
    again = comment_annotations(project, path, exhibit, chooser)  # imported before: nothing twice
    assert again.annotations == [] and again.skipped == 4


def test_a_highlight_on_arabic_text_quotes_it_in_reading_order(tmp_path: Path) -> None:
    pdf = tmp_path / "exhibit-ar.pdf"
    shutil.copy(EXHIBITS / "exhibit-ar.pdf", pdf)
    project, path = project_with(pdf)
    doc = pymupdf.open(pdf)
    page = doc[0]
    line = max(page.get_text("dict")["blocks"][1]["lines"], key=lambda ln: ln["bbox"][2] - ln["bbox"][0])
    spans = "".join(s["text"] for s in line["spans"])
    page.add_highlight_annot(pymupdf.Rect(line["bbox"])).update()
    doc.saveIncr()
    doc.close()
    (annotation,) = comment_annotations(project, path, project.exhibits[0], category_chooser([])).annotations
    assert annotation.kind == "text" and annotation.text
    assert all(word in spans or word[::-1] in spans for word in annotation.text.split()[:2])
    assert annotation.text[0] >= "\u0600"  # it starts with an Arabic letter: logical, not visual, order


def test_xfdf_round_trip_keeps_ids_places_categories_and_notes(tmp_path: Path) -> None:
    project, path = project_with(commented(tmp_path))
    exhibit = project.exhibits[0]
    project.annotations.extend(
        comment_annotations(
            project, path, exhibit, category_chooser(project.codebook, ["copying", "damages"])
        ).annotations
    )
    out = tmp_path / "colleague.xfdf"
    assert write_xfdf(project, path, exhibit, out) == 4
    text = out.read_text(encoding="utf-8")
    assert 'xmlns="http://ns.adobe.com/xfdf/"' in text and "<highlight" in text and "<square" in text
    # Acrobat's view: a highlight's quad corners in PDF space (origin bottom left).
    assert 'subject="Copying, Damages"' in text and 'title="Opposing Counsel"' in text

    fresh, fresh_path = project_with(tmp_path / "exhibit-en.pdf")
    back = comment_annotations(fresh, fresh_path, fresh.exhibits[0], category_chooser(fresh.codebook), out).annotations

    def summary(annotations: list) -> set:
        return {(a.id, a.kind, a.text, a.author, a.note, tuple(a.category_ids),
                 tuple(round(v, 2) for r in a.rects for v in r.rect)) for a in annotations}  # fmt: skip

    assert summary(back) == summary(project.annotations)


def test_a_file_that_is_not_xfdf_is_named_in_the_error(tmp_path: Path) -> None:
    project, path = project_with(commented(tmp_path))
    bad = tmp_path / "notes.xfdf"
    bad.write_text("<html>not comments</html>", encoding="utf-8")
    with pytest.raises(CommentsError, match=r"notes\.xfdf.*not an XFDF file"):
        comment_annotations(project, path, project.exhibits[0], category_chooser([]), bad)


def test_pdf_dates() -> None:
    assert pdf_date("D:20240131154500+01'00'") == datetime(2024, 1, 31, 14, 45, tzinfo=UTC)
    assert pdf_date("D:2024") == datetime(2024, 1, 1, tzinfo=UTC)
    assert pdf_date("yesterday") is None and pdf_date("D:20241341") is None
