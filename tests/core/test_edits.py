"""Tagging a selection, editing and deleting annotations, codebook edits: the core
functions the app's undo commands wrap, and what undo needs to take each change back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from exhibit_annotator.core import edits
from exhibit_annotator.core.anchoring import passage
from exhibit_annotator.core.exhibits import open_pdf
from exhibit_annotator.core.listing import Filter, counted, rows, usage
from exhibit_annotator.core.model import Case, Codebook, Project
from exhibit_annotator.core.resources import default_codebook_path
from exhibit_annotator.core.store import load_codebook, load_project, save_project
from exhibit_annotator.core.text import DocumentText

from ..conftest import EXHIBITS


@pytest.fixture
def project(tmp_path: Path) -> tuple[Project, Path]:
    shutil.copy(EXHIBITS / "exhibit-en.pdf", tmp_path / "exhibit-en.pdf")
    path = tmp_path / "case.json"
    p = edits.new_project(Case(name="Kadrey"), load_codebook(default_codebook_path()))
    edits.add_exhibit(p, path, tmp_path / "exhibit-en.pdf")
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
    with pytest.raises(edits.EditError, match="unknown categories"):
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
    added = edits.add_category(p, "Unjust enrichment")
    assert added.id == "unjust-enrichment" and p.codebook[-1] == added
    with pytest.raises(edits.EditError):
        edits.add_category(p, "UNJUST enrichment")  # names are unique whatever their case
    a = _tag_first_line(p, path, [p.codebook[0].id, added.id])
    state = edits.codebook_state(p)
    edits.change_category(p, added.id, name="Market harm", colour="#123456", shortcut="m")
    assert p.category(added.id).name == "Market harm"
    edits.merge_categories(p, added.id, p.codebook[0].id)
    assert all(c.id != added.id for c in p.codebook)
    assert p.annotations[0].category_ids == [p.codebook[0].id]  # moved, and kept once
    edits.apply_codebook_state(p, state)  # undo
    assert p.category(added.id).name == "Unjust enrichment"
    assert p.annotations[0].category_ids == [p.codebook[0].id, added.id]
    edits.delete_category(p, added.id)
    assert p.annotations[0].id == a.id and p.annotations[0].category_ids == [p.codebook[0].id]  # type: ignore[attr-defined]
    edits.move_category(p, p.codebook[0].id, 2)
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
