"""The commands that change what the window's menus change, as a user runs them: real processes, real files; bad
input ends in exit 2 and one line, with the project file untouched."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from exhibit_annotator.core.project.journal import Journal, journal_path
from exhibit_annotator.core.project.operations import EditAnnotations
from exhibit_annotator.core.project.session import ProjectSession
from exhibit_annotator.core.project.store import load_project

from ..conftest import BAD_INPUTS, EXHIBITS
from .test_cli import bad, ok, run


def tagged(project: Path, *quotes: str) -> list[str]:
    """Tag each quote of Ex. 1; the annotations' ids."""
    for quote in quotes:
        ok("tag", project, "--exhibit", "Ex. 1", "--quote", quote, "--category", "Copying")
    return [str(a.id) for a in load_project(project).annotations]


def untouched(project: Path, *args: str | Path) -> str:
    """``bad`` (exit 2, one line), and the project file exactly as it was."""
    before = project.read_bytes()
    line = bad(*args)
    assert project.read_bytes() == before
    return line


@pytest.mark.slow
def test_annotations_are_edited_deleted_and_restored_by_id(en_project: Path) -> None:
    first, second = tagged(en_project, "The messages concern the development", "Llama 3 language model")
    out = ok("annotation", "edit", en_project, first[:6], "--note", "Зачем? لماذا", "--add-category", "Willfulness",
             "--key")  # fmt: skip
    assert "Changed Ex. 1 at 1 (Copying, Willfulness)" in out
    a = load_project(en_project).annotations[0]
    assert a.note == "Зачем? لماذا" and a.key_passage and a.category_ids == ["copying", "willfulness"]
    data = json.loads(ok("annotation", "edit", en_project, first, "--category", "Ownership", "--no-key", "--json"))
    assert data["annotations"][0]["categories"] == ["Ownership"] and not data["annotations"][0]["key_passage"]

    assert "Deleted Ex. 1 at 1" in ok("annotation", "delete", en_project, second, "--author", "J. Doe")
    project = load_project(en_project)
    assert [str(a.id) for a in project.annotations] == [first] and str(project.deleted[0].id) == second
    # The backup the save kept (the project before the deletion) has it: restored, and no longer a deletion.
    assert "Restored Ex. 1 at 1 (Copying)" in ok("annotation", "restore", en_project, second[:8])
    project = load_project(en_project)
    assert {str(a.id) for a in project.annotations} == {first, second} and not project.deleted

    assert "no annotation 'ffffffff'" in untouched(en_project, "annotation", "edit", en_project, "ffffffff", "--key")
    assert "at least the first 4" in untouched(en_project, "annotation", "delete", en_project, "ab")
    assert "say what to change" in untouched(en_project, "annotation", "edit", en_project, first)
    assert "unknown category 'Nope'" in untouched(
        en_project, "annotation", "edit", en_project, first, "--add-category", "Nope"
    )
    assert "nothing to restore" in untouched(en_project, "annotation", "restore", en_project, first)
    assert "no such file" in untouched(en_project, "annotation", "restore", en_project, first, "--from", "x.json")


@pytest.mark.slow
def test_review_decisions_and_comments(en_project: Path) -> None:
    first, second = tagged(en_project, "The messages concern the development", "Llama 3 language model")
    ok("review", "accept", en_project, first, second, "--comment", "checked against the transcript")
    ok("review", "needs-work", en_project, second)
    data = json.loads(ok("review", "comment", en_project, second, "--comment", "cite the docket", "--json"))
    assert data["annotations"][0]["review"] == "needs_work"
    project = load_project(en_project)
    assert [(a.review.value, a.review_comment) for a in project.annotations] == [
        ("accepted", "checked against the transcript"), ("needs_work", "cite the docket")
    ]  # fmt: skip
    assert "--comment" in untouched(en_project, "review", "comment", en_project, first)


@pytest.mark.slow
def test_the_codebook_is_edited_exported_and_imported(en_project: Path, tmp_path: Path) -> None:
    (annotation,) = tagged(en_project, "The messages concern the development")
    assert "Added Market harm (#123456, under Willfulness)" in ok(
        "codebook", "add", en_project, "Market harm", "--colour", "#123456", "--parent", "Willfulness"
    )
    ok("codebook", "rename", en_project, "market harm", "Market substitution")
    ok("codebook", "recolour", en_project, "Market substitution", "#abcdef")
    ok("codebook", "nest", en_project, "Market substitution", "--top")
    rows = json.loads(ok("codebook", "list", en_project, "--json"))
    added = next(r for r in rows if r["name"] == "Market substitution")
    assert added["colour"] == "#abcdef" and added["parent"] is None
    assert next(r for r in rows if r["name"] == "Copying")["annotations"] == 1

    assert "its annotations moved to Ownership" in ok("codebook", "merge", en_project, "Copying", "--into", "Ownership")
    project = load_project(en_project)
    assert project.annotations[0].category_ids == ["ownership"] and "copying" not in {c.id for c in project.codebook}
    ok("codebook", "delete", en_project, "Market substitution")

    exported = tmp_path / "firm-codebook.json"
    ok("codebook", "export", en_project, exported)
    other = tmp_path / "other.json"
    ok("new", other)
    ok("codebook", "delete", other, "Damages")
    assert "Imported 1 categories" in ok("codebook", "import", other, exported)
    assert "Damages" in {c.name for c in load_project(other).codebook}

    assert "colour" in untouched(en_project, "codebook", "recolour", en_project, "Ownership", "red")
    assert "duplicate category name" in untouched(en_project, "codebook", "add", en_project, "ownership")
    assert "unknown category 'Nope'" in untouched(
        en_project, "codebook", "merge", en_project, "Nope", "--into", "Damages"
    )
    assert annotation


@pytest.mark.slow
def test_conflicts_are_listed_and_resolved(en_project: Path, tmp_path: Path) -> None:
    (annotation,) = tagged(en_project, "The messages concern the development")
    theirs = tmp_path / "theirs.json"
    shutil.copy(en_project, theirs)
    ok("annotation", "edit", en_project, annotation, "--note", "mine")
    ok("annotation", "edit", theirs, annotation, "--note", "theirs")
    ok("merge", en_project, theirs)
    listed = ok("conflicts", "list", en_project)
    assert "mine   (" in listed and "; mine" in listed and "; theirs" in listed
    rows = json.loads(ok("conflicts", "list", en_project, "--json"))
    assert [(r["mine"]["note"], r["theirs"]["note"]) for r in rows] == [("mine", "theirs")]
    assert "no annotation" in untouched(en_project, "conflicts", "resolve", en_project, "ffff", "--theirs")
    assert "kept theirs" in ok("conflicts", "resolve", en_project, annotation[:8], "--theirs")
    project = load_project(en_project)
    assert project.annotations[0].note == "theirs" and not project.pending
    assert ok("conflicts", "list", en_project).strip() == "No conflicts."


@pytest.mark.slow
def test_unsaved_work_left_by_a_window_is_recovered_or_discarded(en_project: Path) -> None:
    (annotation,) = tagged(en_project, "The messages concern the development")
    session = ProjectSession(load_project(en_project), en_project)  # the window's session, which never saved
    journal = Journal(session)
    session.apply(EditAnnotations.one("Note", session.project.annotations[0].id, note="typed, never saved"))
    journal.flush()
    journal.close()
    assert str(en_project.resolve()) in ok("recover")
    assert "1 changed" in ok("recover", en_project, "--dry-run")
    assert load_project(en_project).annotations[0].note == ""
    assert "Recovered into case.json: 0 annotation(s) added, 1 changed" in ok("recover", en_project)
    assert load_project(en_project).annotations[0].note == "typed, never saved"
    assert not journal_path(en_project).exists()
    assert "no unsaved work" in untouched(en_project, "recover", en_project)
    assert ok("recover").strip() == "No unsaved work to recover."
    assert annotation


@pytest.mark.slow
def test_a_moved_exhibit_is_relinked_with_the_others_beside_it(en_project: Path, tmp_path: Path) -> None:
    ru = tmp_path / "exhibit-ru.pdf"
    shutil.copy(EXHIBITS / "exhibit-ru.pdf", ru)
    ok("add", en_project, ru)
    moved = tmp_path / "moved"
    moved.mkdir()
    for name in ("exhibit-en.pdf", "exhibit-ru.pdf"):
        shutil.move(tmp_path / name, moved / name)
    assert "not the file added as Ex. 2" in untouched(
        en_project, "exhibit", "relink", en_project, "--exhibit", "Ex. 2", moved / "exhibit-en.pdf"
    )
    found = json.loads(ok("exhibit", "relink", en_project, "--exhibit", "Ex. 1", moved / "exhibit-en.pdf", "--json"))
    assert found == {"Ex. 1": "moved/exhibit-en.pdf", "Ex. 2": "moved/exhibit-ru.pdf"}
    ok("validate", en_project)


@pytest.mark.slow
def test_a_reader_that_stops_early_ends_the_command_quietly(en_project: Path) -> None:
    """``search … | head -1``: no BrokenPipeError traceback."""
    command = [sys.executable, "-m", "exhibit_annotator", "search", str(en_project), "e", "--json"]
    reader = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.readline()
    reader.stdout.close()
    _, stderr = reader.communicate(timeout=120)
    assert reader.returncode == 141 and stderr == b""


@pytest.mark.slow
def test_compare_takes_the_passwords_of_encrypted_exhibits(en_project: Path, tmp_path: Path) -> None:
    ok("add", en_project, BAD_INPUTS / "encrypted.pdf", "--password", "exhibit")
    ok("tag", en_project, "--exhibit", "Ex. 2", "--quote", "LibGen data set", "--category", "Copying",
       "--password", "exhibit")  # fmt: skip
    other = tmp_path / "colleague.json"
    shutil.copy(en_project, other)
    locked = run("compare", en_project, other)
    assert locked.returncode == 2 and "encrypted" in locked.stderr
    assert "Compared case.json (A) and colleague.json (B)" in ok(
        "compare", en_project, other, "--password", "Ex. 2=exhibit"
    )


@pytest.mark.slow
def test_acrobat_comments_are_imported_and_exported_as_xfdf(en_project: Path, tmp_path: Path) -> None:
    from ..core.test_pdf_comments import commented

    commented(tmp_path)  # the project's own exhibit-en.pdf, now with a colleague's Acrobat comments
    data = json.loads(ok("comments", "import", en_project, "--exhibit", "Ex. 1", "--category", "Copying",
                         "--colour", "#FFFF00=Willfulness", "--json"))  # fmt: skip
    assert sorted((a["author"], a["text"], tuple(a["categories"])) for a in data["imported"]) == [
        ("Ann Lee", "", ("Willfulness",)), ("Bo Chen", "", ("Copying",)), ("Bo Chen", "Llama 3", ("Copying",)),
        ("Opposing Counsel", "internal company messages", ("Willfulness",)),
    ]  # fmt: skip
    assert data["ignored"] == {"ink": 1}
    assert "0 comment(s)" in ok("comments", "import", en_project, "--exhibit", "Ex. 1")  # nothing twice
    xfdf = tmp_path / "ex1.xfdf"
    assert "Wrote 4 annotation(s) of Ex. 1" in ok("comments", "export", en_project, "--exhibit", "Ex. 1", "-o", xfdf)
    assert "already there" in ok("comments", "import", en_project, "--exhibit", "Ex. 1", "--from", xfdf)
    bad_xfdf = tmp_path / "bad.xfdf"
    bad_xfdf.write_text("<oops", encoding="utf-8")
    assert "bad.xfdf: is not an XFDF file" in untouched(
        en_project, "comments", "import", en_project, "--exhibit", "Ex. 1", "--from", bad_xfdf
    )
    assert "expected #RRGGBB=CATEGORY" in untouched(
        en_project, "comments", "import", en_project, "--exhibit", "Ex. 1", "--colour", "yellow=Copying"
    )
    assert "named .xfdf" in untouched(en_project, "comments", "export", en_project, "--exhibit", "Ex. 1", "-o", "x.txt")


@pytest.mark.slow
def test_a_project_goes_to_a_qda_tool_and_comes_back_as_qdpx(en_project: Path, tmp_path: Path) -> None:
    tagged(en_project, "The messages concern the development")
    ok("annotation", "edit", en_project, load_project(en_project).annotations[0].id.hex[:8], "--note", "memo")
    qdpx = tmp_path / "case.qdpx"
    assert f"Wrote {qdpx}" in ok("export", en_project, "-o", qdpx)
    other = tmp_path / "other" / "fresh.json"
    other.parent.mkdir()
    ok("new", other)
    data = json.loads(ok("import", other, qdpx, "--json"))
    assert data == {"categories": [], "exhibits": ["case/exhibit-en.pdf"], "annotations": 1, "not_found": []}
    (back,) = load_project(other).annotations
    assert (back.text, back.note, back.category_ids) == ("The messages concern the development", "memo", ["copying"])
    assert "is a .qdpx file" in untouched(other, "import", other, en_project)
    (tmp_path / "bad.qdpx").write_text("not a zip", encoding="utf-8")
    assert "bad.qdpx: is not a REFI-QDA project" in untouched(other, "import", other, tmp_path / "bad.qdpx")
