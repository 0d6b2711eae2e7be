"""A team sharing a project through git: two clones tag apart, git merges the project file through our driver."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from exhibit_annotator.core.project.lock import release_lock, take_lock
from exhibit_annotator.core.project.operations import EditAnnotations
from exhibit_annotator.core.project.session import ProjectSession
from exhibit_annotator.core.project.store import load_project, save_project

from ..conftest import EXHIBITS
from .test_cli import ok, run

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org", "GIT_CONFIG_NOSYSTEM": "1",
}  # fmt: skip


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_ENV, "HOME": str(repo.parent)}  # no ~/.gitconfig of this machine
    return subprocess.run(
        ["git", "-C", str(repo), "-c", "init.defaultBranch=main", "-c", "pull.rebase=false", *args],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip


def committed(repo: Path, message: str) -> None:
    assert git(repo, "add", "-A").returncode == 0
    done = git(repo, "commit", "-m", message)
    assert done.returncode == 0, done.stderr


def note(project: Path, annotation_id: str, text: str) -> None:
    """Edit an annotation's note as the window does: one operation through the session, then save."""
    p = load_project(project)
    ProjectSession(p, project).apply(EditAnnotations.one("Edit note", p.annotations[0].id, note=text))
    assert str(p.annotations[0].id) == annotation_id
    save_project(p, project)


@pytest.mark.slow
def test_two_clones_tag_apart_and_git_pull_merges_through_the_driver(tmp_path: Path) -> None:
    first = tmp_path / "alice"
    (first / "exhibits").mkdir(parents=True)
    assert git(first, "init").returncode == 0
    shutil.copy(EXHIBITS / "exhibit-en.pdf", first / "exhibits" / "exhibit-en.pdf")
    project = first / "case.json"
    ok("new", project, "--case", "Kadrey v. Meta")
    ok("add", project, first / "exhibits" / "exhibit-en.pdf")
    ok("tag", project, "--exhibit", "Ex. 1", "--quote", "Declaration Exhibit", "--category", "Copying")
    shared = str(load_project(project).annotations[0].id)
    assert "commit it" in ok("git-setup", "--repo", first)
    assert (first / ".gitattributes").read_text() == "case.json merge=exhibit-annotator\n"
    committed(first, "A project with one tag, merged by Exhibit Annotator")
    second = tmp_path / "bob"
    assert git(tmp_path, "clone", str(first), str(second)).returncode == 0
    out = ok("git-setup", "--repo", second)  # each clone: git runs only the programs its own config names
    assert "case.json" in out and "commit it" not in out  # .gitattributes came with the clone

    # Each tags a different passage; both edit the note of the same annotation.
    ok("tag", first / "case.json", "--exhibit", "Ex. 1", "--quote", "frankly, the target", "--category", "Copying")
    note(first / "case.json", shared, "Alice: key admission")
    committed(first, "Alice's tags")
    ok("tag", second / "case.json", "--exhibit", "Ex. 1", "--quote", "64,000 graphics processors",
       "--category", "Copying")  # fmt: skip
    note(second / "case.json", shared, "Bob: check the date")
    committed(second, "Bob's tags")

    pulled = git(second, "pull", "--no-edit")
    assert pulled.returncode == 0, pulled.stdout + pulled.stderr  # merged: no conflict markers for git
    assert "merged by Exhibit Annotator" in pulled.stderr and "1 conflict(s)" in pulled.stderr
    text = (second / "case.json").read_text(encoding="utf-8")
    assert "<<<<<<<" not in text
    json.loads(text)
    merged = load_project(second / "case.json")
    quotes = {a.text for a in merged.annotations}
    assert any("frankly, the target" in q for q in quotes) and any("64,000 graphics processors" in q for q in quotes)
    assert [str(a.id) for a in merged.pending] == [shared]  # the double edit waits for a decision
    assert merged.annotation_by_id(shared).note == "Bob: check the date"  # type: ignore[union-attr]
    assert merged.pending[0].note == "Alice: key admission"
    assert git(second, "status", "--porcelain").stdout == ""  # the merge commit holds it all
    ok("validate", second / "case.json")

    # Alice pulls Bob's merge: a fast-forward, the same file.
    assert git(first, "pull", "--no-edit", str(second), "main").returncode == 0
    assert (first / "case.json").read_bytes() == (second / "case.json").read_bytes()


@pytest.mark.slow
def test_a_deletion_on_one_side_is_applied_when_the_other_left_the_annotation_alone(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    assert git(repo, "init").returncode == 0
    shutil.copy(EXHIBITS / "exhibit-en.pdf", repo / "exhibit-en.pdf")
    project = repo / "case.json"
    ok("new", project)
    ok("add", project, repo / "exhibit-en.pdf")
    ok("tag", project, "--exhibit", "Ex. 1", "--quote", "Declaration Exhibit", "--category", "Copying")
    ok("git-setup", "--repo", repo)
    committed(repo, "base")
    assert git(repo, "checkout", "-b", "theirs").returncode == 0
    p = load_project(project)
    from exhibit_annotator.core.project.operations import DeleteAnnotations

    ProjectSession(p, project).apply(DeleteAnnotations([p.annotations[0].id]))
    save_project(p, project)
    committed(repo, "deleted")
    assert git(repo, "checkout", "main").returncode == 0
    ok("tag", project, "--exhibit", "Ex. 1", "--quote", "frankly, the target", "--category", "Copying")
    committed(repo, "tagged")
    merged = git(repo, "merge", "--no-edit", "theirs")
    assert merged.returncode == 0, merged.stderr
    result = load_project(project)
    assert [a.text for a in result.annotations] == ["frankly, the target"]
    assert len(result.deleted) == 1


def test_the_driver_fails_only_when_a_side_cannot_be_read(tmp_path: Path, en_project: Path) -> None:
    broken = tmp_path / "theirs.json"
    broken.write_text("{ not json", encoding="utf-8")
    ours = tmp_path / "ours.json"
    shutil.copy(en_project, ours)
    before = ours.read_bytes()
    result = run("merge-driver", tmp_path / "nothing", ours, broken, "case.json")
    assert result.returncode == 1 and "theirs.json" in result.stderr and "not merged" in result.stderr
    assert ours.read_bytes() == before


@pytest.mark.slow
def test_commands_refuse_a_project_the_window_has_open_unless_forced(en_project: Path) -> None:
    before = en_project.read_bytes()
    take_lock(en_project, user="Ann Reviewer")  # this test's process: alive, and not the command's
    try:
        result = run("tag", en_project, "--exhibit", "Ex. 1", "--quote", "Declaration Exhibit", "--category", "Copying")
        assert result.returncode == 2 and "open in Exhibit Annotator by Ann Reviewer" in result.stderr
        assert "--force" in result.stderr and en_project.read_bytes() == before
        ok("tag", en_project, "--exhibit", "Ex. 1", "--quote", "Declaration Exhibit", "--category", "Copying",
           "--force")  # fmt: skip
        assert len(load_project(en_project).annotations) == 1
    finally:
        release_lock(en_project)


@pytest.mark.slow
def test_a_folder_of_exhibits_is_added_in_one_step_and_a_bad_file_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "production"
    (folder / "vol2").mkdir(parents=True)
    for name in ("exhibit-en.pdf", "exhibit-ru.pdf"):
        shutil.copy(EXHIBITS / name, folder / name)
    shutil.copy(EXHIBITS / "exhibit-ar.pdf", folder / "vol2" / "exhibit-ar.pdf")
    (folder / "vol2" / "broken.pdf").write_bytes(b"%PDF-1.7 nothing else")
    project = tmp_path / "case.json"
    ok("new", project)
    result = run("add", project, folder)
    assert result.returncode == 2 and "broken.pdf" in result.stderr
    assert "Added 3 exhibits (Ex. 1 to Ex. 3" in result.stdout
    added = load_project(project)
    assert [e.title for e in added.exhibits] == ["exhibit-en", "exhibit-ru", "exhibit-ar"]
    assert added.exhibits[2].path == "production/vol2/exhibit-ar.pdf"
    # Searched from the page index the add filled: the same hits as a search that reads the files.
    out = json.loads(ok("search", project, "мета", "--json"))
    assert [(h["exhibit"], h["page"]) for h in out["hits"]] == [("Ex. 2", 1)]
