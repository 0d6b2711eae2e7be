"""Checking the exhibits' files without opening them: what the window's exhibit list marks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from exhibit_annotator.core.model import Case, Codebook
from exhibit_annotator.core.pdf import confinement
from exhibit_annotator.core.project.edits import new_project
from exhibit_annotator.core.project.intake import add_exhibit
from exhibit_annotator.core.project.validation import ExhibitState, file_states


@pytest.fixture(autouse=True)
def own_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXHIBIT_ANNOTATOR_HOME", str(tmp_path / "home"))  # where hashes are remembered
    # A command run in this process with --allow-outside (the command-line tests) allows every file until it ends.
    monkeypatch.setattr(confinement, "_allow_all", False)


def test_files_there_missing_changed_and_outside_the_folder(exhibits_copy: Path, tmp_path: Path) -> None:
    path = exhibits_copy / "case.json"
    project = new_project(Case(name="States"), Codebook(name="none"))
    for name in ("exhibit-en.pdf", "exhibit-ru.pdf", "exhibit-ar.pdf"):
        add_exhibit(project, path, exhibits_copy / name)
    elsewhere = tmp_path / "elsewhere.pdf"
    elsewhere.write_bytes((exhibits_copy / "exhibit-ru-scanned.pdf").read_bytes())
    add_exhibit(project, path, elsewhere)  # chosen by the user: agreed to
    en, ru, ar, outside = project.exhibits

    assert file_states(path, project.exhibits) == {e.id: (ExhibitState.ok, "") for e in project.exhibits}
    (exhibits_copy / "exhibit-en.pdf").unlink()
    ru_file = exhibits_copy / "exhibit-ru.pdf"
    data = bytearray(ru_file.read_bytes())
    data[-3] ^= 1  # the same size: the hash remembered for its old time must not be trusted
    stat = ru_file.stat()
    ru_file.write_bytes(bytes(data))
    os.utime(ru_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    states = file_states(path, project.exhibits)
    assert states[en.id] == (ExhibitState.missing, "")
    assert states[ru.id] == (ExhibitState.changed, "")
    assert states[ar.id] == states[outside.id] == (ExhibitState.ok, "")

    # The same project file in another folder: the file beside the old one is outside it, and not agreed to.
    moved = tmp_path / "other" / "case.json"
    moved.parent.mkdir()
    stranger = outside.model_copy(update={"path": str(exhibits_copy / "exhibit-ar.pdf")})
    assert file_states(moved, [stranger]) == {stranger.id: (ExhibitState.outside, "")}
