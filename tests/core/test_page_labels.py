"""Page labels (/PageLabels: roman front matter, then 1, 2, …): read when an exhibit is added, used in cites, the
brief, cite-check and the window's page box; the page's place is always available."""

from __future__ import annotations

from pathlib import Path

import docx
import pymupdf
import pytest

from exhibit_annotator.core.brief.brief import BriefOptions, build_brief
from exhibit_annotator.core.brief.citecheck import Verdict, check_brief
from exhibit_annotator.core.model import Case
from exhibit_annotator.core.project.edits import new_project, tag_quote
from exhibit_annotator.core.project.intake import add_exhibit
from exhibit_annotator.core.project.store import load_codebook, save_project
from exhibit_annotator.core.resources import default_codebook_path

from ..conftest import EXHIBITS

QUOTE = "15. (Restated for the record, part 2.) In October 2023"  # on the body's second page


@pytest.fixture
def labelled(tmp_path: Path) -> Path:
    """exhibit-en.pdf with two roman front pages put before it, labelled i, ii, then 1, 2, …"""
    doc = pymupdf.open()
    for text in ("Table of contents", "Preface"):
        doc.new_page().insert_text((72, 72), text)
    with pymupdf.open(EXHIBITS / "exhibit-en.pdf") as body:
        doc.insert_pdf(body)
    doc.set_page_labels([{"startpage": 0, "style": "r", "firstpagenum": 1}, {"startpage": 2, "style": "D"}])
    doc.save(tmp_path / "labelled.pdf")
    path = tmp_path / "case.json"
    project = new_project(Case(name="Kadrey v. Meta"), load_codebook(default_codebook_path()))
    exhibit = add_exhibit(project, path, tmp_path / "labelled.pdf")
    tag_quote(project, path, exhibit, QUOTE, ["willfulness"])
    save_project(project, path)
    return path


def test_cites_use_the_pdfs_page_labels(labelled: Path) -> None:
    from exhibit_annotator.core.project.store import load_project

    project = load_project(labelled)
    exhibit, tagged = project.exhibits[0], project.annotations[0]
    assert exhibit.page_labels[:4] == ["i", "ii", "1", "2"]
    assert tagged.page == 3 and exhibit.cite(tagged.page) == "Ex. 1 at 2"
    assert exhibit.cite(tagged.page, physical=True) == "Ex. 1 at 4"
    assert build_brief(project, labelled, BriefOptions()).sections[0].entries[0].cite == "Ex. 1 at 2"
    physical = build_brief(project, labelled, BriefOptions(physical_pages=True))
    assert physical.sections[0].entries[0].cite == "Ex. 1 at 4"
    brief = labelled.parent / "typed.docx"
    document = docx.Document()
    document.add_paragraph(f"The record says “{QUOTE}” (Ex. 1 at 2).")
    document.add_paragraph(f"It does not say “{QUOTE}” at Ex. 1 at ii.")
    document.save(str(brief))
    checks = check_brief(brief, project, labelled)
    assert [k.verdict for k in checks] == [Verdict.exact, Verdict.wrong_page]
    assert checks[1].right_cite == "Ex. 1 at 2"
