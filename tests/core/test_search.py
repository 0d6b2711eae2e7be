"""Project-wide search: case-insensitive for Cyrillic, right for Arabic, phrases across line breaks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pymupdf
import pytest

from exhibit_annotator.core.model import Case, Codebook
from exhibit_annotator.core.normalize import fast_fold, fold_text
from exhibit_annotator.core.pdf.search import ProjectSearch
from exhibit_annotator.core.pdf.text import DocumentText
from exhibit_annotator.core.project.edits import new_project
from exhibit_annotator.core.project.intake import add_exhibit

from ..conftest import BAD_INPUTS, EXHIBITS


@pytest.fixture
def search(exhibits_copy: Path) -> ProjectSearch:
    path = exhibits_copy / "p.json"
    project = new_project(Case(), Codebook())
    for name in ("exhibit-en.pdf", "exhibit-ru.pdf", "exhibit-ar.pdf", "exhibit-ru-scanned.pdf"):
        add_exhibit(project, path, exhibits_copy / name)
    shutil.copy(BAD_INPUTS / "encrypted.pdf", exhibits_copy / "encrypted.pdf")
    add_exhibit(project, path, exhibits_copy / "encrypted.pdf", password="exhibit", label="Sealed")
    return ProjectSearch(project, path)


def test_cyrillic_case_folds_and_match_case_does_not(search: ProjectSearch) -> None:
    hits = search.search("мета")
    assert [(h.label, h.page, h.text) for h in hits] == [("Ex. 2", 0, "Мета")]
    assert search.search("мета", ignore_case=False) == []
    assert "Sealed" in search.project.exhibits[4].label and search.project.exhibits[4].id in search.skipped


def test_a_phrase_that_wraps_a_line_is_found_on_its_page() -> None:
    doc = DocumentText(pymupdf.open(EXHIBITS / "exhibit-en.pdf"))
    page = doc.page(2)
    first, second = page.text.split("\n")[3:5]
    phrase = " ".join(first.split()[-3:] + second.split()[:3])
    from exhibit_annotator.core.model import Project

    project = Project()
    path = EXHIBITS / "p.json"  # only read: exhibits resolve beside it
    project.exhibits.append(add_exhibit(new_project(Case(), Codebook()), path, EXHIBITS / "exhibit-en.pdf"))
    hits = ProjectSearch(project, path).search(phrase)
    assert 2 in {h.page for h in hits}
    hit = next(h for h in hits if h.page == 2)
    assert len(hit.rects) == 2  # highlighted on both lines


def test_arabic_words_and_latin_words_inside_arabic_lines(search: ProjectSearch) -> None:
    arabic = search.search("الذكاء الاصطناعي", exhibits=[search.project.exhibits[2].id])
    assert len(arabic) >= 5 and all(h.label == "Ex. 3" for h in arabic)
    latin = search.search("GPT-4", exhibits=[search.project.exhibits[2].id])
    # Every GPT-4 of the Arabic source, although MuPDF splits it across "GPT-" and "4" fragments.
    source = (EXHIBITS / "src" / "ar.txt").read_text(encoding="utf-8")
    assert len(latin) == source.count("GPT-4")
    for h in latin:
        assert pymupdf.Rect(h.rects[0]).width > 10


def test_hits_carry_context_and_rects_on_the_page(search: ProjectSearch) -> None:
    hit = search.search("clearing the way to use the LibGen")[0]
    assert hit.label == "Ex. 1" and hit.page == 0
    assert hit.before.strip().endswith("then discussed") and hit.after.strip().startswith("data set")
    page = pymupdf.open(EXHIBITS / "exhibit-en.pdf")[0]
    assert "LibGen" in " ".join(page.get_textbox(pymupdf.Rect(r)) for r in hit.rects)


def test_passwords_missing_files_and_cancel(search: ProjectSearch) -> None:
    sealed = search.project.exhibits[4]
    search.passwords[sealed.id] = "exhibit"
    search._indexes.clear()
    search.skipped.clear()
    assert any(h.label == "Sealed" for h in search.search("LibGen"))
    (search.project_path.parent / "exhibit-ru.pdf").unlink()
    fresh = ProjectSearch(search.project, search.project_path, search.passwords)
    assert fresh.search("мета") == [] and "file not found" in fresh.skipped[search.project.exhibits[1].id]
    assert ProjectSearch(search.project, search.project_path).search("Meta", should_stop=lambda: True) == []


def test_fast_fold_agrees_with_the_exact_fold() -> None:
    for name in ("en", "ru", "ar"):
        text = (EXHIBITS / "src" / f"{name}.txt").read_text(encoding="utf-8")
        for ignore_case in (True, False):
            assert fast_fold(text, ignore_case) == fold_text(text, ignore_case=ignore_case)


def key(hits: list[object]) -> list[tuple[object, ...]]:
    return [(h.label, h.page, h.text, h.before, h.after, tuple(map(tuple, h.rects))) for h in hits]  # type: ignore[attr-defined]


QUERIES = ["мета", "Meta", "Mistral", "frankly, the target", "ميتا", "Meta AND LibGen", "Meta NOT LibGen",
           '"frankly, the target" OR Mistral', "Me"]  # fmt: skip


@pytest.mark.slow
def test_the_page_index_gives_the_same_hits_after_a_restart_without_opening_other_files(
    search: ProjectSearch,
) -> None:
    first = {q: key(search.search(q)) for q in QUERIES}  # reads every file, keeps their pages in the index
    assert first["мета"] and first["ميتا"] and first["Meta NOT LibGen"]
    search.close()
    restarted = ProjectSearch(search.project, search.project_path, search.passwords)  # a new launch: nothing open
    assert key(restarted.search("Mistral")) == first["Mistral"]
    opened = set(restarted._indexes)
    with_hits = {h.exhibit_id for h in restarted.search("Mistral")}
    scans = {e.id for e in search.project.exhibits if e.pages_without_text}  # their OCR text is not in the index
    assert opened == with_hits | scans and len(opened) < len(search.project.exhibits)
    assert {q: key(restarted.search(q)) for q in QUERIES} == first
    assert key(restarted.search("мета", ignore_case=False)) == []  # still exact about Cyrillic case
    restarted.close()


def test_boolean_queries_combine_pages(search: ProjectSearch) -> None:
    both = {(h.label, h.page) for h in search.search("Meta AND LibGen")}
    meta = {(h.label, h.page) for h in search.search("Meta")}
    libgen = {(h.label, h.page) for h in search.search("LibGen")}
    assert both and both <= meta & libgen
    without = {(h.label, h.page) for h in search.search("Meta NOT LibGen")}
    assert without == meta - libgen
    either = search.search('"frankly, the target" OR Mistral')
    assert {h.text for h in either} >= {"frankly, the target", "Mistral"}


def test_a_file_changed_since_it_was_added_is_not_searched_from_the_index(search: ProjectSearch) -> None:
    search.search("Meta")
    search.close()
    english = search.project_path.parent / "exhibit-en.pdf"
    doc = pymupdf.open(english)
    doc[0].insert_text((72, 760), "Zanzibar appendix")
    doc.saveIncr()
    doc.close()
    hits = ProjectSearch(search.project, search.project_path, search.passwords).search("Zanzibar")
    assert [h.text for h in hits] == ["Zanzibar"]  # read from the file as it is, not the old pages
