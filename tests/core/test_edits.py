"""Tagging a selection, editing and deleting annotations, codebook edits: the core
functions the app's undo commands wrap, and what undo needs to take each change back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from exhibit_annotator.core.errors import EditError
from exhibit_annotator.core.model import Case, Codebook, Project
from exhibit_annotator.core.pdf.anchoring import passage
from exhibit_annotator.core.pdf.exhibits import open_pdf
from exhibit_annotator.core.pdf.text import DocumentText
from exhibit_annotator.core.project import categories, edits, intake
from exhibit_annotator.core.project.listing import Filter, counted, rows, usage
from exhibit_annotator.core.project.store import load_codebook, load_project, save_project
from exhibit_annotator.core.resources import default_codebook_path

from ..conftest import EXHIBITS


@pytest.fixture
def project(tmp_path: Path) -> tuple[Project, Path]:
    shutil.copy(EXHIBITS / "exhibit-en.pdf", tmp_path / "exhibit-en.pdf")
    path = tmp_path / "case.json"
    p = edits.new_project(Case(name="Kadrey"), load_codebook(default_codebook_path()))
    intake.add_exhibit(p, path, tmp_path / "exhibit-en.pdf")
    return p, path


def _tag_first_line(p: Project, path: Path, categories: list[str], note: str = "") -> object:
    exhibit = p.exhibits[0]
    with open_pdf(edits.exhibit_file(path, exhibit)) as doc:
        text = DocumentText(doc)
        line = text.page(0).lines[0]
        found = passage(text, 0, line.start, 0, line.end)
    return edits.tag_passage(p, exhibit, found, categories, note, "Ann Author")


def test_tag_edit_delete_and_restore_an_annotation(project: tuple[Project, Path]) -> None:
    p, path = project
    first, second = p.codebook[0].id, p.codebook[1].id
    a = _tag_first_line(p, path, [first, first], "first note")
    assert a.text.startswith("Declaration Exhibit") and a.category_ids == [first]  # type: ignore[attr-defined]
    before, after = edits.update_annotation(p, a.id, category_ids=[first, second], note="changed")  # type: ignore[attr-defined]
    assert after.note == "changed" and after.category_ids == [first, second] and after.modified >= before.modified
    with pytest.raises(EditError, match="unknown categories"):
        edits.update_annotation(p, a.id, category_ids=["no-such-category"])  # type: ignore[attr-defined]
    assert p.annotations[0] == after  # a refused change leaves the annotation as it was
    edits.replace_annotation(p, before)
    assert p.annotations[0].note == "first note"
    removed = edits.remove_annotations(p, [a.id])  # type: ignore[attr-defined]
    assert p.annotations == []
    edits.restore_annotations(p, removed)
    assert p.annotations == [before]
    save_project(p, path)
    assert load_project(path).annotations[0].text == before.text


def test_codebook_add_rename_merge_delete_and_undo_state(project: tuple[Project, Path]) -> None:
    p, path = project
    added = categories.add_category(p, "Unjust enrichment")
    assert added.id == "unjust-enrichment" and p.codebook[-1] == added
    with pytest.raises(EditError):
        categories.add_category(p, "UNJUST enrichment")  # names are unique whatever their case
    a = _tag_first_line(p, path, [p.codebook[0].id, added.id])
    state = categories.codebook_state(p)
    categories.change_category(p, added.id, name="Market harm", colour="#123456", shortcut="m")
    assert p.category(added.id).name == "Market harm"
    categories.merge_categories(p, added.id, p.codebook[0].id)
    assert all(c.id != added.id for c in p.codebook)
    assert p.annotations[0].category_ids == [p.codebook[0].id]  # moved, and kept once
    categories.apply_codebook_state(p, state)  # undo
    assert p.category(added.id).name == "Unjust enrichment"
    assert p.annotations[0].category_ids == [p.codebook[0].id, added.id]
    categories.delete_category(p, added.id)
    assert p.annotations[0].id == a.id and p.annotations[0].category_ids == [p.codebook[0].id]  # type: ignore[attr-defined]
    categories.move_category(p, p.codebook[0].id, 2)
    Project.model_validate(p.model_dump())


def test_panel_filter_and_counts(project: tuple[Project, Path]) -> None:
    p, path = project
    first, second = p.codebook[0].id, p.codebook[1].id
    _tag_first_line(p, path, [first], "about the unsealed messages")
    _tag_first_line(p, path, [second])
    table = rows(p)
    assert [r.cite for r in table] == [f"{p.exhibits[0].label} at 1"] * 2
    assert [r.annotation.note for r in table if Filter(category_id=second).keeps(r)] == [""]
    assert len([r for r in table if Filter(text="ABOUT the").keeps(r)]) == 1
    assert len([r for r in table if Filter(author="Someone else").keeps(r)]) == 0
    assert counted(p, usage(p.annotations)) == [(p.codebook[0].name, 1), (p.codebook[1].name, 1)]


def test_codebook_starts_empty_projects_too() -> None:
    assert edits.new_project(Case(), Codebook()).codebook == []


def test_titles_from_junk_metadata_fall_back_to_the_heading_or_the_file_name(tmp_path: Path) -> None:
    import pymupdf

    from exhibit_annotator.core.project.intake import read_exhibit

    for junk in ("10811.exe", "Microsoft Word - draft.docx", "Untitled"):
        doc = pymupdf.open(EXHIBITS / "exhibit-en.pdf")
        doc.set_metadata({"title": junk})
        doc.save(tmp_path / "memo.pdf")
        read = read_exhibit(tmp_path / "case.json", tmp_path / "memo.pdf")
        assert read.title == "Declaration Exhibit: Summary of Unsealed Internal Messages", junk
    doc = pymupdf.open(EXHIBITS / "exhibit-ru.pdf")
    doc.set_metadata({"title": "Microsoft Word - report.docx"})
    doc.save(tmp_path / "report.pdf")
    assert read_exhibit(tmp_path / "case.json", tmp_path / "report.pdf").title.startswith("Мета-руководители")
    doc.set_metadata({"title": "Board minutes, 12 October 2023"})
    doc.save(tmp_path / "minutes.pdf")
    assert read_exhibit(tmp_path / "case.json", tmp_path / "minutes.pdf").title == "Board minutes, 12 October 2023"


def test_the_next_label_follows_the_projects_own_scheme(tmp_path: Path) -> None:
    from exhibit_annotator.core.model import Exhibit
    from exhibit_annotator.core.project.intake import next_label

    project = Project(case=Case(name="X"))
    assert next_label(project) == "Ex. 1"
    for label in ("PX-1", "PX-2", "PX-5"):
        project.exhibits.append(
            Exhibit(id=label, label=label, title="t", path=f"{label}.pdf", sha256="0" * 64, page_count=1)
        )
    assert next_label(project) == "PX-6"


def test_cites_sort_by_exhibit_number_page_and_line() -> None:
    from exhibit_annotator.core.model import Exhibit
    from exhibit_annotator.core.project.listing import sort_rows

    project = Project(case=Case(name="X"))
    for label in ("PX-10", "PX-2"):
        project.exhibits.append(
            Exhibit(id=label, label=label, title="t", path=f"{label}.pdf", sha256="0" * 64, page_count=3)
        )
    for label, page, top in (("PX-10", 0, 100), ("PX-2", 0, 500), ("PX-2", 0, 300), ("PX-2", 1, 50)):
        edits.tag_area(project, project.exhibit(label), page, (10, top, 90, top + 20), [])
    order = [(r.exhibit, r.annotation.page, r.annotation.rects[0].rect[1]) for r in sort_rows(rows(project), 1, False)]
    assert order == [("PX-2", 0, 300), ("PX-2", 0, 500), ("PX-2", 1, 50), ("PX-10", 0, 100)]
