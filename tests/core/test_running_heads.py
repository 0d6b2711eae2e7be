"""Running headers and footers: a court filing's ECF header and page footer, made here, and a real opinion's, found
when the exhibit is read and left out of its pages' text, so that a quote running onto the next page reads on
without them; the exhibit's details can keep them."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from exhibit_annotator.core.brief.brief import BriefOptions
from exhibit_annotator.core.errors import UserError
from exhibit_annotator.core.export import Format, export
from exhibit_annotator.core.model import Case, Project
from exhibit_annotator.core.pdf.ocr import document_text
from exhibit_annotator.core.pdf.search import ProjectSearch
from exhibit_annotator.core.pdf.text import HEADS_METHOD
from exhibit_annotator.core.project.edits import edited_exhibit, new_project, tag_quote
from exhibit_annotator.core.project.intake import add_exhibit
from exhibit_annotator.core.project.store import load_codebook, load_project, save_project
from exhibit_annotator.core.resources import default_codebook_path

from ..conftest import EXHIBITS

REFRAIN = "The defendant copied the works without a licence."


def filing(path: Path, pages: int = 4) -> Path:
    """A filing: the ECF header on every page, a footer with the page number, a sentence running from each page onto
    the next, and a refrain that repeats at a different height on every page (body text, not a running line)."""
    doc = pymupdf.open()
    for p in range(pages):
        page = doc.new_page(width=612, height=792)  # US Letter
        page.insert_text((72, 30), f"Case 3:23-cv-03417-VC   Document 45   Filed 05/12/24   Page {p + 1} of {pages}",
                         fontsize=9)  # fmt: skip
        y = 90
        lines = [
            f"{REFRAIN}" if k == p + 2 else f"Paragraph line {k} of page {p + 1} sets out the facts." for k in range(24)
        ]
        if p > 0:
            lines[0] = f"of the books on page {p + 1}, as the records show."
        lines[-1] = "Meta's engineers then downloaded the entirety"
        for line in lines:
            page.insert_text((72, y), line, fontsize=11)
            y += 28
        page.insert_text((280, 770), f"COMPLAINT - {p + 1}", fontsize=9)
    doc.save(path)
    return path


def _project(tmp_path: Path, pdf: Path) -> tuple[Project, Path]:
    path = tmp_path / "case.json"
    project = new_project(Case(name="Kadrey v. Meta Platforms, Inc."), load_codebook(default_codebook_path()))
    add_exhibit(project, path, pdf)
    return project, path


def test_a_filings_header_and_footer_are_left_out_of_its_text(tmp_path: Path) -> None:
    project, path = _project(tmp_path, filing(tmp_path / "complaint.pdf"))
    exhibit = project.exhibits[0]
    assert [h.text for h in exhibit.running_heads] == [
        "case #:#-cv-#-vc document # filed #/#/# page # of #", "complaint - #"
    ]  # the refrain repeats, but moves down the page: it is the body's  # fmt: skip
    doc = pymupdf.open(tmp_path / "complaint.pdf")
    text = document_text(doc, path, exhibit)
    page = text.page(1)
    assert page.method == HEADS_METHOD and "Filed 05/12/24" not in page.text and "COMPLAINT" not in page.text
    assert page.text.startswith("of the books on page 2") and REFRAIN in page.text
    # A quote onto the next page reads on; the brief quotes it without the lines between. Search finds no header.
    quote = "Meta's engineers then downloaded the entirety of the books on page 2, as the records show."
    tagged = tag_quote(project, path, exhibit, quote, ["copying"])
    assert (tagged.annotation.page, tagged.annotation.end_page, tagged.annotation.text.split()) == (0, 1, quote.split())
    assert ProjectSearch(project, path).search("Filed 05/12/24") == []
    assert [h.page for h in ProjectSearch(project, path).search("as the records show")] == [1, 2, 3]
    export(project, path, Format.md, tmp_path / "b.md", BriefOptions())
    assert "entirety of the books on page 2" in (tmp_path / "b.md").read_text(encoding="utf-8")
    # Kept in the text (the details' switch): the header is text again, and the quote no longer runs on.
    project.exhibits[0] = kept = edited_exhibit(project, exhibit.id, keep_running_heads=True)
    assert "Filed 05/12/24" in document_text(doc, path, kept).page(1).text
    assert [h.page for h in ProjectSearch(project, path).search("Filed 05/12/24")] == [0, 1, 2, 3]
    try:
        tag_quote(project, path, kept, "the entirety of the books on page 3", ["copying"])
        raise AssertionError("found across the header")
    except UserError as e:
        assert "not on the exhibit" in str(e)
    save_project(project, path)
    assert load_project(path).exhibits[0].keep_running_heads


def test_a_real_opinions_running_lines(tmp_path: Path) -> None:
    """The First Circuit's opinion: its ECF header (at the top, though its text comes last in the file) and its
    "- 3 -" page numbers; a sentence that runs from page 4 onto page 5 is found whole."""
    project, path = _project(tmp_path, EXHIBITS / "court" / "ca1-opinion.pdf")
    exhibit = project.exhibits[0]
    assert {h.text for h in exhibit.running_heads} == {
        "- # -", "case: #-# document: # page: # date filed: #/#/# entry id: #"
    }  # fmt: skip
    text = document_text(pymupdf.open(EXHIBITS / "court" / "ca1-opinion.pdf"), path, exhibit)
    assert text.page(2).text.startswith("SELYA, Circuit Judge.") and "Entry ID" not in text.page(2).text
    tagged = tag_quote(project, path, exhibit, "identified as a major vector of transmission", ["copying"])
    assert (tagged.annotation.page, tagged.annotation.end_page) == (3, 4)
    for name in ("exhibit-en.pdf", "exhibit-ar.pdf", "exhibit-ru.pdf"):  # news reports: nothing runs
        assert add_exhibit(project, path, EXHIBITS / name).running_heads == []


@pytest.mark.slow
def test_the_command_line_keeps_or_leaves_out_running_lines(tmp_path: Path) -> None:
    from ..cli.test_cli import ok

    project, path = _project(tmp_path, filing(tmp_path / "complaint.pdf"))
    save_project(project, path)
    edit = ("exhibit", "edit", path, "--exhibit", "Ex. 1")
    ok(*edit, "--keep-running-heads")
    assert load_project(path).exhibits[0].keep_running_heads
    ok(*edit, "--leave-out-running-heads")
    assert not load_project(path).exhibits[0].keep_running_heads


@pytest.mark.slow
def test_an_exhibit_added_before_gets_its_layout_read_again(tmp_path: Path) -> None:
    """An exhibit added before the app knew line numbers and running lines (as a migrated project has it): the
    command line reads its file's layout again, in one step the session can undo."""
    from ..cli.test_cli import ok
    from .test_line_numbers import pleading

    project, path = _project(tmp_path, filing(tmp_path / "complaint.pdf"))
    add_exhibit(project, path, pleading(tmp_path / "pleading.pdf"))
    for exhibit in project.exhibits:
        exhibit.line_numbers, exhibit.running_heads = [], []
    save_project(project, path)
    out = ok("exhibit", "layout", path, "--exhibit", "Ex. 2")
    assert out.strip() == "Ex. 2: line numbers on 2 pages, no running headers or footers"
    out = ok("exhibit", "layout", path, "--exhibit", "Ex. 1")
    assert out.strip() == "Ex. 1: no line numbers, 2 running headers or footers"
    again = load_project(path)
    assert [len(e.line_numbers) for e in again.exhibits] == [0, 2] and len(again.exhibits[0].running_heads) == 2
