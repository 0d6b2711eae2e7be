"""The window says what the core says (issue 32): one cite, one history."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from exhibit_annotator.core.project.edits import lines_passage
from exhibit_annotator.core.project.operations import TagPassage

from ..core.test_line_numbers import transcript
from .test_main_window import on_exhibit


@pytest.mark.slow
def test_a_transcript_passage_accepted_in_review_shows_its_page_and_line_cite(qtbot: QtBot, tmp_path: Path) -> None:
    w, _ = on_exhibit(qtbot, transcript(tmp_path / "smith-dep.pdf"))
    project, path = w.project, w.project_path
    assert project is not None and path is not None
    dep = project.exhibits[0]
    w.link.apply(TagPassage(dep.id, lines_passage(path, dep, ("1", 5), ("1", 6)), ["copying"]))
    tagged = project.annotations[-1]
    w.annotations_panel.select_ids({tagged.id})
    w.review.accept_action.trigger()
    assert w.statusBar().currentMessage().startswith("Accepted: Ex. 1 at 1:5–6.")  # was "Ex. 1 at 1"
    assert w.annotations_panel.model.rows[-1].cite == "Ex. 1 at 1:5–6"  # as the list says


@pytest.mark.slow
def test_undo_and_redo_read_the_sessions_one_history(qtbot: QtBot, tmp_path: Path) -> None:
    w, _ = on_exhibit(qtbot, transcript(tmp_path / "smith-dep.pdf"))
    session, path = w.session, w.project_path
    assert session is not None and path is not None
    assert not w.findChildren(QUndoStack)  # no second history kept in step with the session's
    dep = session.project.exhibits[0]
    w.link.apply(TagPassage(dep.id, lines_passage(path, dep, ("1", 5), ("1", 6)), ["copying"]))
    assert w.link.undo_action.isEnabled() and not w.link.redo_action.isEnabled()
    assert w.link.undo_action.text() == f"&Undo {session.undo_label}" == "&Undo Tag text as Copying"
    session.undo()  # the session's own undo (a script, a test): the window's actions follow it
    assert not w.link.undo_action.isEnabled() and w.link.redo_action.text() == "&Redo Tag text as Copying"
    w.link.redo_action.trigger()
    assert len(session.project.annotations) == 1 and w.link.undo_action.text() == "&Undo Tag text as Copying"


def test_an_export_from_the_window_has_the_changes_not_yet_saved(qtbot: QtBot, tmp_path: Path) -> None:
    """The worker gets the project as the window holds it (its file's bytes, made in steps: issue 39), not as it
    was last saved."""
    from exhibit_annotator.core.brief.brief import BriefOptions
    from exhibit_annotator.core.export import Format
    from exhibit_annotator.core.project.operations import EditAnnotations

    w, _ = on_exhibit(qtbot, transcript(tmp_path / "smith-dep.pdf"))
    session, path = w.session, w.project_path
    assert session is not None and path is not None
    dep = session.project.exhibits[0]
    w.link.apply(TagPassage(dep.id, lines_passage(path, dep, ("1", 5), ("1", 6)), ["copying"]))
    w.link.apply(EditAnnotations.one("Note", session.project.annotations[-1].id, note="Typed, not saved"))
    assert w.modified
    out = tmp_path / "brief.md"
    run = w.export(Format.md, out, BriefOptions())
    assert run is not None
    qtbot.waitUntil(lambda: run.finished, timeout=60000)
    assert run.error is None and "Typed, not saved" in out.read_text(encoding="utf-8")
