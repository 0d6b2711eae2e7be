"""The autosave journal: every change appended as it happens, replayed onto the project file after a crash."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from exhibit_annotator.core.model import Case, Project
from exhibit_annotator.core.project import edits, intake
from exhibit_annotator.core.project.categories import AddCategory, DeleteCategory
from exhibit_annotator.core.project.journal import Journal, journal_path, pending_recoveries, recovery_for
from exhibit_annotator.core.project.operations import DeleteAnnotations, EditAnnotations, EditExhibit, TagArea
from exhibit_annotator.core.project.session import ProjectSession
from exhibit_annotator.core.project.store import load_codebook, load_project, save_project
from exhibit_annotator.core.resources import default_codebook_path

from ..conftest import EXHIBITS


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    shutil.copy(EXHIBITS / "exhibit-en.pdf", tmp_path / "exhibit-en.pdf")
    path = tmp_path / "case.json"
    p = edits.new_project(Case(name="Kadrey"), load_codebook(default_codebook_path()))
    intake.add_exhibit(p, path, tmp_path / "exhibit-en.pdf")
    save_project(p, path)
    return path


def by_id(project: Project) -> dict[str, object]:
    """What a user would compare: every annotation (by id), deletion, exhibit and category."""
    data = project.model_dump(mode="json")
    data["annotations"] = {a["id"]: a for a in data["annotations"]}
    return data


def tag(session: ProjectSession, note: str, y: float = 100) -> None:
    p = session.project
    session.apply(TagArea(p.exhibits[0].id, 0, (72, y, 300, y + 20), [p.codebook[0].id], note=note))


def test_unsaved_changes_are_journaled_until_saved_or_undone(saved: Path) -> None:
    session = ProjectSession(load_project(saved), saved)
    journal = Journal(session)
    tag(session, "unsaved")
    journal.flush()
    recovered = recovery_for(saved)
    assert recovered is not None and recovered.project.annotations[0].note == "unsaved"
    assert [r.project_path for r in pending_recoveries()] == [saved.resolve()]
    session.undo()  # back to the saved state: nothing to recover
    journal.flush()
    assert recovery_for(saved) is None and not journal_path(saved).exists()
    session.redo()
    journal.flush()
    assert recovery_for(saved) is not None
    save_project(session.project, saved)
    session.saved()
    journal.discard()
    journal.flush()
    assert recovery_for(saved) is None and pending_recoveries() == []
    journal.close()


def test_every_kind_of_change_is_replayed_as_it_was(saved: Path) -> None:
    session = ProjectSession(load_project(saved), saved)
    journal = Journal(session)
    for k in range(5):
        tag(session, f"note {k}", 100 + 30 * k)
    p = session.project
    ids = [a.id for a in p.annotations]
    session.apply(EditAnnotations.one("Edit note", ids[1], note="changed", key_passage=True))
    session.apply(DeleteAnnotations([ids[2], ids[3]], by="Ann"))
    session.undo()
    session.apply(DeleteAnnotations([ids[3]], by="Ann"))
    session.apply(AddCategory("Спорный факт", "#123456"))
    session.apply(EditExhibit(p.exhibits[0].id, title="Декларация", custodian="Meta"))
    session.apply(DeleteCategory(p.codebook[0].id))
    session.undo()
    tag(session, "last, with an Arabic note: قال الشاهد", 400)
    journal.flush()
    recovered = recovery_for(saved)
    assert recovered is not None
    assert by_id(recovered.project) == by_id(session.project)
    assert [d.id for d in recovered.project.deleted] == [ids[3]]
    assert recovered.project.annotation_by_id(ids[1]).note == "changed"  # type: ignore[union-attr]
    journal.close()


def test_a_line_cut_short_by_a_kill_is_ignored_and_the_rest_recovered(saved: Path) -> None:
    session = ProjectSession(load_project(saved), saved)
    journal = Journal(session)
    tag(session, "kept")
    journal.close()
    with open(journal_path(saved), "ab") as f:
        f.write(b'{"written":"2026-11-30T10:00:00+00:00","annotations":[{"id":"3f')  # the kill came here
    recovered = recovery_for(saved)
    assert recovered is not None and [a.note for a in recovered.project.annotations] == ["kept"]


def test_journal_replay_after_sigkill_restores_every_change_made_before_it(saved: Path) -> None:
    script = textwrap.dedent(f"""
        import json, os, signal, sys
        from pathlib import Path
        from exhibit_annotator.core.project.journal import Journal
        from exhibit_annotator.core.project.operations import DeleteAnnotations, EditAnnotations, TagArea
        from exhibit_annotator.core.project.session import ProjectSession
        from exhibit_annotator.core.project.store import load_project
        path = Path({str(saved)!r})
        session = ProjectSession(load_project(path), path)
        journal = Journal(session)
        p = session.project
        for k in range(40):
            session.apply(TagArea(p.exhibits[0].id, 0, (72, 100 + k * 10, 300, 108 + k * 10), [p.codebook[1].id],
                                  note=f"tag {{k}}"))
            if k % 7 == 3:
                session.apply(EditAnnotations.one("Edit", p.annotations[-2].id, note=f"edited {{k}}"))
            if k % 11 == 5:
                session.apply(DeleteAnnotations([p.annotations[0].id], by="Ann"))
            if k % 13 == 6:
                session.undo()
        journal.flush()  # what the user saw done is on disk; the kill may come at any moment after
        print(json.dumps(session.project.model_dump(mode="json")), flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr
    before_the_kill = Project.model_validate(json.loads(done.stdout))
    recovered = recovery_for(saved)
    assert recovered is not None
    assert by_id(recovered.project) == by_id(before_the_kill)
    assert len(recovered.project.annotations) == len(before_the_kill.annotations) > 30
    assert load_project(saved).annotations == []  # the project file itself was never written
