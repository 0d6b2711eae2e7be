"""The last six causes of a traceback an adversarial run found (issue 40): each ends in a clear line, or in work
done around the problem, and the project file is unchanged where nothing was to be written."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pymupdf
import pytest

from exhibit_annotator.cli import main
from exhibit_annotator.core.export.stamps import Position, Stamper, bates, sticker
from exhibit_annotator.core.project.store import load_project, save_project

QUOTE = "The messages concern the development"


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys: pytest.CaptureFixture[str], project: Path, *args: str | Path) -> str:
    """Exit 2 with one line on stderr, and the project file byte for byte as it was."""
    before = project.read_bytes()
    code, _, err = run(capsys, *args)
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert project.read_bytes() == before
    return err.strip()


def tagged(capsys: pytest.CaptureFixture[str], project: Path) -> str:
    assert run(capsys, "tag", project, "--exhibit", "Ex. 1", "--quote", QUOTE, "--category", "Copying")[0] == 0
    return str(load_project(project).annotations[-1].id)


def test_a_conflict_whose_annotation_was_deleted_is_listed_and_resolved(
    en_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    annotation = tagged(capsys, en_project)
    theirs = tmp_path / "theirs.json"
    shutil.copy(en_project, theirs)
    assert run(capsys, "annotation", "edit", en_project, annotation, "--note", "mine")[0] == 0
    assert run(capsys, "annotation", "edit", theirs, annotation, "--note", "theirs")[0] == 0
    assert run(capsys, "merge", en_project, theirs)[0] == 0
    assert run(capsys, "annotation", "delete", en_project, annotation)[0] == 0  # deleted here since
    code, out, _ = run(capsys, "conflicts", "list", en_project)
    assert code == 0 and "mine   : deleted here" in out
    code, out, _ = run(capsys, "conflicts", "list", en_project, "--json")
    assert json.loads(out)[0]["mine"] is None
    code, out, _ = run(capsys, "conflicts", "resolve", en_project, annotation[:8], "--theirs")
    assert code == 0 and "restored theirs" in out
    project = load_project(en_project)
    assert [a.note for a in project.annotations] == ["theirs"] and not project.pending and not project.deleted
    # Or kept deleted.
    assert run(capsys, "annotation", "edit", en_project, annotation, "--note", "again")[0] == 0
    assert run(capsys, "annotation", "edit", theirs, annotation, "--note", "theirs 2")[0] == 0
    assert run(capsys, "merge", en_project, theirs)[0] == 0
    assert run(capsys, "annotation", "delete", en_project, annotation)[0] == 0
    code, out, _ = run(capsys, "conflicts", "resolve", en_project, annotation[:8], "--mine")
    assert code == 0 and "kept deleted" in out
    assert load_project(en_project).annotations == [] and not load_project(en_project).pending


@pytest.mark.parametrize("stored", ["gone.pdf", ".", "folder"])
def test_an_export_skips_an_exhibit_whose_file_is_missing(
    en_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], stored: str
) -> None:
    tagged(capsys, en_project)
    (tmp_path / "folder").mkdir()
    project = load_project(en_project)
    project.exhibits[0].path = stored
    save_project(project, en_project)
    code, out, err = run(capsys, "export", en_project, "-o", tmp_path / "annotated")
    assert code == 0 and "skipped Ex. 1: its file" in out and "locate it" in out, err
    one = ("export", en_project, "-o", tmp_path / "one.pdf", "--format", "annotated", "--exhibit", "Ex. 1")
    assert refused(capsys, en_project, *one).endswith("(exhibit relink on the command line, Locate in the window)")
    code, out, err = run(capsys, "export", en_project, "-o", tmp_path / "produced", "--bates", "KNOW-")
    assert code == 0 and "skipped Ex. 1" in out, err
    assert load_project(en_project).exhibits[0].bates_start is None  # nothing stamped: nothing recorded
    # Or refused, before anything is written, when skipping is not wanted.
    for target, more in ((tmp_path / "strict-a", ()), (tmp_path / "strict-p", ("--bates", "KNOW-"))):
        line = refused(capsys, en_project, "export", en_project, "-o", target, "--no-skip", *more)
        assert "Ex. 1: its file" in line and not target.exists()


def test_an_annotation_past_the_files_last_page_is_left_out_not_a_crash(
    en_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tagged(capsys, en_project)
    project = load_project(en_project)
    exhibit = project.exhibits[0]
    pages = exhibit.page_count
    project.exhibits[0] = exhibit.model_copy(update={"page_count": pages + 5})
    a = project.annotations[0]
    moved = [r.model_copy(update={"page": pages + 2}) for r in a.rects]
    project.annotations.append(a.model_copy(update={"id": a.id.__class__(int=a.id.int + 1), "page": pages + 2,
                                                    "rects": moved}))  # fmt: skip
    save_project(project, en_project)
    for target, extra in ((tmp_path / "brief.docx", ["--callouts"]), (tmp_path / "a", []),
                          (tmp_path / "p.qdpx", [])):  # fmt: skip
        code, _, err = run(capsys, "export", en_project, "-o", target, *extra)
        assert code == 0, err


def test_a_merge_that_would_be_invalid_is_refused_before_anything_is_written(
    en_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tagged(capsys, en_project)
    theirs_path = tmp_path / "theirs.json"
    theirs = load_project(en_project)
    theirs.exhibits[0] = theirs.exhibits[0].model_copy(update={"page_count": 40})  # their copy says 40 pages
    a = theirs.annotations[0]
    far = [r.model_copy(update={"page": 30}) for r in a.rects]
    theirs.annotations.append(a.model_copy(update={"id": a.id.__class__(int=a.id.int + 7), "page": 30, "rects": far}))
    save_project(theirs, theirs_path)
    line = refused(capsys, en_project, "merge", en_project, theirs_path)
    assert "theirs.json: not merged: the result would not be a valid project" in line


def test_a_colleagues_exhibit_id_at_the_length_limit_gets_a_new_id_that_fits(
    en_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long_id = "x" * 128
    mine = load_project(en_project)
    mine.exhibits[0] = mine.exhibits[0].model_copy(update={"id": long_id})
    save_project(mine, en_project)
    other = tmp_path / "other"
    other.mkdir()
    theirs_path = other / "theirs.json"
    assert run(capsys, "new", theirs_path)[0] == 0
    ru = Path(__file__).resolve().parents[1] / "data" / "exhibits" / "exhibit-ru.pdf"
    assert run(capsys, "add", theirs_path, shutil.copy(ru, other / "exhibit-ru.pdf"))[0] == 0
    theirs = load_project(theirs_path)
    theirs.exhibits[0] = theirs.exhibits[0].model_copy(update={"id": long_id, "label": "Ex. 9"})
    save_project(theirs, theirs_path)
    code, _, err = run(capsys, "merge", en_project, theirs_path)
    assert code == 0, err
    ids = [e.id for e in load_project(en_project).exhibits]
    assert len(ids) == 2 and len(set(ids)) == 2 and all(len(i) <= 128 for i in ids)


def test_a_300_character_label_gives_a_file_name_the_file_system_takes(
    en_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tagged(capsys, en_project)
    label = "Deposition Exhibit " + "Ж" * 300
    assert run(capsys, "exhibit", "edit", en_project, "--exhibit", "Ex. 1", "--label", label)[0] == 0
    code, _, err = run(capsys, "export", en_project, "-o", tmp_path / "annotated")
    assert code == 0, err
    [written] = (tmp_path / "annotated").iterdir()
    assert len(written.name.encode()) <= 200 and written.name.startswith("Deposition Exhibit ЖЖЖ")


def test_stamps_on_a_tiny_page_are_skipped_with_a_note(tmp_path: Path) -> None:
    doc = pymupdf.open()
    doc.new_page(width=3.84, height=3.84)
    placement = bates(Stamper(doc[0]), "KNOW-000001", Position.bottom_right)
    assert placement.skipped and "too small" in placement.describe()
    assert sticker(Stamper(doc[0]), "Ex. 1").skipped


def test_a_lone_surrogate_in_a_colleagues_note_is_reported(
    en_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tagged(capsys, en_project)
    theirs = tmp_path / "theirs.json"
    text = en_project.read_text(encoding="utf-8")
    data = json.loads(text)
    data["annotations"][0]["note"] = "half an emoji: @"
    theirs.write_text(json.dumps(data, ensure_ascii=True).replace("half an emoji: @", "half an emoji: \\ud83d"))
    code, out, err = run(capsys, "merge", en_project, theirs)
    assert code == 0 and "1 character(s) of their file that are not text" in out, err
    code, out, _ = run(capsys, "validate", theirs)
    assert "note: 1 character(s) that are not text" in out


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_save_killed_midway_leaves_no_temporary_file_after_the_next_save(en_project: Path) -> None:
    """The writer's process is in the temporary file's name: the next save removes a dead one's at once."""
    script = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from exhibit_annotator.core import files
        path = Path({str(en_project)!r})
        def killed(*args):
            os.kill(os.getpid(), signal.SIGKILL)
        os.fsync = killed  # while the new file is being written
        files.atomic_write(path, path.read_bytes() + b"\\n")
    """)
    for _ in range(3):  # each save sweeps what the one before it left: its writer is gone, however young the file
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
        assert done.returncode == -signal.SIGKILL
        assert len(list(en_project.parent.glob(f".{en_project.name}.*.tmp"))) == 1
    save_project(load_project(en_project), en_project)
    assert list(en_project.parent.glob(f".{en_project.name}.*.tmp")) == []
