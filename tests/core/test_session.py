"""The one door: every kind of change through ``ProjectSession.apply``, each undone and redone without Qt, with
the change record naming what changed, and ``modified`` following the history back to the saved state."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from exhibit_annotator.core.errors import UserError
from exhibit_annotator.core.model import Case, Category, Codebook, Project, ReviewStatus
from exhibit_annotator.core.pdf.anchoring import passage
from exhibit_annotator.core.pdf.exhibits import open_pdf
from exhibit_annotator.core.pdf.text import DocumentText
from exhibit_annotator.core.project import edits, intake
from exhibit_annotator.core.project import operations as ops
from exhibit_annotator.core.project.categories import ImportCodebook, MergeCategories
from exhibit_annotator.core.project.session import Change, Compound, ProjectSession, ReviewOnly
from exhibit_annotator.core.project.store import load_codebook, load_project, save_project
from exhibit_annotator.core.resources import default_codebook_path

from ..conftest import EXHIBITS

NAMES = ("exhibit-en.pdf", "exhibit-ru.pdf", "exhibit-ar.pdf", "exhibit-ru-scanned.pdf")


@pytest.fixture
def session(tmp_path: Path) -> ProjectSession:
    for name in NAMES:
        shutil.copy(EXHIBITS / name, tmp_path / name)
    path = tmp_path / "case.json"
    project = edits.new_project(Case(name="Kadrey"), load_codebook(default_codebook_path()))
    intake.add_exhibit(project, path, tmp_path / "exhibit-en.pdf")
    save_project(project, path)
    return ProjectSession(project, path)


def dump(project: Project) -> str:
    return project.model_dump_json()


def first_line(s: ProjectSession) -> ops.TagPassage:
    exhibit = s.project.exhibits[0]
    with open_pdf(edits.exhibit_file(s.path, exhibit)) as doc:
        text = DocumentText(doc)
        line = text.page(0).lines[0]
        found = passage(text, 0, line.start, 0, line.end)
    return ops.TagPassage(exhibit.id, found, ["willfulness"], "a note", "Ann")


def undo_redo(s: ProjectSession, op: object) -> Change:
    """Apply, undo (back to the state before, exactly), redo (the state after, exactly); returns apply's record."""
    before = dump(s.project)
    change = s.apply(op)  # type: ignore[arg-type]
    after = dump(s.project)
    assert after != before and change
    assert s.undo() and dump(s.project) == before
    assert s.redo() and dump(s.project) == after
    return change


def test_tag_edit_delete_each_undone_and_redone(session: ProjectSession) -> None:
    s = session
    tag = first_line(s)
    change = undo_redo(s, tag)
    assert tag.annotation is not None and tag.annotation.text.startswith("Declaration Exhibit")
    assert change.annotations == {tag.annotation.id} and change.pages_of == {s.project.exhibits[0].id}
    assert s.undo_label == "Tag text as Willfulness"
    a = tag.annotation.id
    undo_redo(s, ops.EditAnnotations.one("Edit note", a, note="changed", key_passage=True))
    assert s.project.annotations[0].note == "changed"
    area = ops.TagArea(s.project.exhibits[0].id, 1, (50, 60, 300, 200), ["copying"], author="Ann")
    undo_redo(s, area)
    # Toggling a mark on two rows is one step.
    both = {x.id: {"key_passage": not x.key_passage} for x in s.project.annotations}
    undo_redo(s, ops.EditAnnotations("Toggle key passage", both))
    change = undo_redo(s, ops.DeleteAnnotations([a], by="Ann"))
    assert change.annotations == {a} and s.project.deleted[0].by == "Ann"


def test_codebook_edits_and_import_keep_nesting_definitions_and_shortcuts(session: ProjectSession) -> None:
    s = session
    s.apply(first_line(s))
    change = undo_redo(s, MergeCategories("willfulness", "copying"))
    assert change.codebook and change.annotations == {s.project.annotations[0].id}
    imported = Codebook(categories=[
        Category(id="harm", name="Market harm", colour="#112233", description="Factor 4.", shortcut="h"),
        Category(id="harm-lic", name="Licensing market", colour="#223344", description="Lost licences.",
                 parent="harm", shortcut="0"),  # "0" is taken by the project: dropped
        Category(id="copy-2", name="COPYING", colour="#000000"),  # the same category in another case: not added
    ])  # fmt: skip
    op = ImportCodebook(imported, "firm.json")
    undo_redo(s, op)
    added = {c.id: c for c in s.project.codebook if c.id in {"harm", "harm-lic"}}
    assert [c.id for c in op.added] == ["harm", "harm-lic"] and len(s.project.codebook) == 13 - 1 + 2
    assert added["harm"].description == "Factor 4." and added["harm"].shortcut == "h"
    assert added["harm-lic"].parent == "harm" and added["harm-lic"].shortcut is None


def test_exhibits_added_together_each_get_their_own_label_and_undo(session: ProjectSession) -> None:
    """Four files read at the same time (workers, from one snapshot), joining one after the other."""
    s = session
    folder = s.path.parent
    read = [intake.read_exhibit(s.path, folder / name) for name in NAMES[1:]]
    changes = [s.apply(ops.AddExhibit(r)) for r in read]
    assert [e.label for e in s.project.exhibits] == ["Ex. 1", "Ex. 2", "Ex. 3", "Ex. 4"]
    assert all(len(c.exhibits) == 1 for c in changes)
    with pytest.raises(UserError, match=r"already in the project as Ex\. 2"):
        s.apply(ops.AddExhibit(intake.read_exhibit(s.path, folder / NAMES[1])))
    s.undo()
    assert [e.label for e in s.project.exhibits] == ["Ex. 1", "Ex. 2", "Ex. 3"]
    s.redo()
    assert s.project.exhibits[3].label == "Ex. 4"
    save_project(s.project, s.path)
    assert len(load_project(s.path).exhibits) == 4


def test_relocating_moved_files_finds_the_others_and_undoes(session: ProjectSession, tmp_path: Path) -> None:
    s = session
    s.apply(ops.AddExhibit(intake.read_exhibit(s.path, tmp_path / "exhibit-ru.pdf")))
    moved = tmp_path / "moved"
    moved.mkdir()
    for name in ("exhibit-en.pdf", "exhibit-ru.pdf"):
        shutil.move(tmp_path / name, moved / name)
    found = intake.find_moved(s.project, s.path, s.project.exhibits[0].id, moved / "exhibit-en.pdf")
    paths = found.paths
    assert found.same_file and paths == {e.id: f"moved/{Path(e.path).name}" for e in s.project.exhibits}
    change = undo_redo(s, ops.RelocateExhibits(paths))
    assert change.exhibits == set(paths)
    assert all(edits.exhibit_file(s.path, e).exists() for e in s.project.exhibits)


def test_merge_and_conflicts_undo_without_copies(session: ProjectSession, tmp_path: Path) -> None:
    s = session
    s.apply(first_line(s))
    save_project(s.project, s.path)
    s.saved()
    # A colleague's copy: one more exhibit, a tag on it, and the shared annotation changed on both sides.
    theirs_path = tmp_path / "bo.json"
    theirs = load_project(s.path)
    intake.add_exhibit(theirs, theirs_path, tmp_path / "exhibit-ar.pdf")
    edits.tag_area(theirs, theirs.exhibits[1], 0, (40, 40, 200, 200), ["damages"], author="Bo")
    edits.update_annotation(theirs, theirs.annotations[0].id, note="Bo's note")
    s.apply(ops.EditAnnotations.one("Edit note", s.project.annotations[0].id, note="my note"))
    untouched = s.project.codebook[0]
    merge = ops.MergeProject(s.path, theirs, theirs_path)
    change = undo_redo(s, merge)
    assert merge.report is not None and len(merge.report.conflicts) == 1
    assert change.exhibits == {s.project.exhibits[1].id} and change.pending
    assert s.project.codebook[0] is untouched  # what the merge did not change is the same object
    resolve = ops.ResolveConflict(s.project.annotations[0].id, take_theirs=True)
    undo_redo(s, resolve)
    assert s.project.annotations[0].note == "Bo's note" and not s.project.pending
    # Undo all the way back: the saved state is clean again.
    while s.can_undo and s.modified:
        s.undo()
    assert not s.modified and dump(s.project) == dump(load_project(s.path))


def test_modified_follows_the_history_and_review_mode_allows_review_only(session: ProjectSession) -> None:
    s = session
    assert not s.modified
    s.apply(first_line(s))
    assert s.modified
    s.undo()
    assert not s.modified
    s.redo()
    s.saved()
    assert not s.modified
    s.undo()
    assert s.modified
    s.apply(first_line(s))  # the saved state is now unreachable
    assert s.modified
    a = s.project.annotations[0].id
    review = ProjectSession(s.project, s.path, read_only=True)
    with pytest.raises(ReviewOnly):
        review.apply(ops.EditAnnotations.one("Edit note", a, note="theirs"))
    review.apply(ops.EditAnnotations.one("Accept", a, review=ReviewStatus.accepted, review_comment="ok"))
    assert s.project.annotations[0].review == ReviewStatus.accepted


def test_a_refused_operation_changes_nothing_and_compound_is_all_or_nothing(session: ProjectSession) -> None:
    s = session
    s.apply(first_line(s))
    a = s.project.annotations[0].id
    before, seen = dump(s.project), []
    s.subscribe(seen.append)
    step = Compound("Two edits", [
        ops.EditAnnotations.one("Note", a, note="x"),
        ops.EditAnnotations.one("Categories", a, category_ids=["no-such-category"]),
    ])  # fmt: skip
    with pytest.raises(UserError, match="unknown categories"):
        s.apply(step)
    assert dump(s.project) == before and seen == [] and s.undo_label.startswith("Tag text")
    both = Compound("Two edits", [ops.EditAnnotations.one("Note", a, note="x"), ops.DeleteAnnotations([a])])
    undo_redo(s, both)
    assert len(seen) == 3 and seen[0].annotations == {a}
