"""Colleagues' files in the window: the lock warning and review mode, the review queue, a merge with a conflict
decided side by side (and undone), and a save that would have overwritten someone else's changes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPlainTextEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from exhibit_annotator.core.model import ReviewStatus
from exhibit_annotator.core.pdf.selection import Caret
from exhibit_annotator.core.project import edits
from exhibit_annotator.core.project.lock import lock_path
from exhibit_annotator.core.project.store import load_project, save_project

from .test_main_window import TIMEOUT, opened, window


class Answers:
    """Answers the next modal dialogs in order, each by its handler; ``seen`` holds their object names. Keep the
    object for the test's duration (its timer lives with it)."""

    def __init__(self, *handlers: Callable[[QWidget], None]) -> None:
        self.seen: list[str] = []
        self._pending = list(handlers)
        self._last: QWidget | None = None
        self._timer = QTimer()
        self._timer.timeout.connect(self._poll)
        self._timer.start(20)

    def _poll(self) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog is self._last or not self._pending:
            return
        self._last = dialog
        self.seen.append(dialog.objectName())
        self._pending.pop(0)(dialog)


def click(text: str) -> Callable[[QWidget], None]:
    def press(dialog: QWidget) -> None:
        for button in dialog.findChildren(QPushButton):
            if button.text().replace("&", "") == text:
                button.click()
                return
        raise AssertionError(f"no button {text!r} in {dialog.objectName()}")

    return press


HOLD = (
    "import sys, time; from pathlib import Path; from exhibit_annotator.app.window.main_window import MainWindow; "
    "from PySide6.QtWidgets import QApplication; app = QApplication([]); w = MainWindow(); "
    "w.open_project(Path(sys.argv[1])); print('open', flush=True); time.sleep(120)"
)


@pytest.mark.slow
def test_a_project_someone_else_has_open_opens_for_review_only(qtbot: QtBot, case_project: Path) -> None:
    # Another instance of the app has the project open.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "EXHIBIT_ANNOTATOR_AUTHOR": "Colleague"}
    other = subprocess.Popen([sys.executable, "-c", HOLD, str(case_project)], stdout=subprocess.PIPE, text=True,
                             env=env)  # fmt: skip
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "open"
        w = window(qtbot)
        answers = Answers(click("Open for Review"))
        assert w.open_project(case_project)
    finally:
        other.kill()
        other.wait()
        if other.stdout is not None:
            other.stdout.close()
    assert "project-locked" in answers.seen and w.sharing.read_only and "read-only" in w.windowTitle()
    view = opened(qtbot, w, "Ex. 1")
    qtbot.waitUntil(lambda: view.page_text(0) is not None, timeout=TIMEOUT)
    view.select(Caret(0, 0), Caret(0, 20))
    before = len(w.project.annotations)
    w.tagging.quick_tag(w.project.codebook[0].id)
    assert len(w.project.annotations) == before  # no tagging in review mode
    w.review.step(1)
    w.review.accept_action.trigger()  # but review decisions are allowed
    assert w.project.annotations[0].review == ReviewStatus.accepted
    assert json.loads(lock_path(case_project).read_text())["pid"] == other.pid  # their lock untouched
    assert load_project(case_project).annotations[0].review == ReviewStatus.proposed  # their file untouched


@pytest.mark.slow
def test_review_queue_steps_through_proposed_annotations(qtbot: QtBot, case_project: Path) -> None:
    project = load_project(case_project)
    edits.tag_area(project, project.exhibits[0], 1, (50, 50, 200, 120), ["damages"], author="J. Doe")
    save_project(project, case_project)
    w = window(qtbot)
    w.open_project(case_project)
    opened(qtbot, w, "Ex. 1")
    assert w.review.step(1)
    first = w.annotations_panel.selected_ids()[0]
    w.review.accept_action.trigger()  # accepts, and moves to the next one waiting
    second = w.annotations_panel.selected_ids()[0]
    assert second != first
    w.review.reject_action.trigger()
    statuses = {a.id: a.review for a in w.project.annotations}
    assert statuses == {first: ReviewStatus.accepted, second: ReviewStatus.rejected}
    assert not w.review.step(1)  # nothing left to review
    w.link.undo_action.trigger()
    assert {a.id: a.review for a in w.project.annotations}[second] == ReviewStatus.proposed


@pytest.mark.slow
def test_merge_with_a_conflict_decided_side_by_side_and_undone(qtbot: QtBot, case_project: Path) -> None:
    theirs_path = case_project.with_name("theirs.json")
    mine = load_project(case_project)
    theirs = mine.model_copy(deep=True)
    annotation = mine.annotations[0].id
    edits.update_annotation(mine, annotation, note="mine")
    edits.update_annotation(theirs, annotation, note="theirs")
    edits.tag_area(theirs, theirs.exhibits[0], 0, (10, 10, 90, 90), ["damages"], author="Colleague")
    save_project(mine, case_project)
    save_project(theirs, theirs_path)
    w = window(qtbot)
    w.open_project(case_project)
    opened(qtbot, w, "Ex. 1")
    answers = Answers(click("OK"), lambda d: (click("Take Theirs")(d), d.reject()))
    assert w.sharing.merge_file(theirs_path)
    assert answers.seen == ["merge-report", "conflicts"]
    assert [a.note for a in w.project.annotations] == ["theirs", ""] and w.project.pending == []
    assert w.annotations_panel.model.rowCount() == 2
    w.link.undo_action.trigger()  # the decision
    assert w.project.annotations[0].note == "mine" and len(w.project.pending) == 1
    w.link.undo_action.trigger()  # the whole merge
    assert len(w.project.annotations) == 1 and w.project.pending == []


@pytest.mark.slow
def test_saving_never_overwrites_a_file_someone_else_changed(qtbot: QtBot, case_project: Path) -> None:
    w = window(qtbot)
    w.open_project(case_project)
    view = opened(qtbot, w, "Ex. 1")
    qtbot.waitUntil(lambda: view.page_text(0) is not None, timeout=TIMEOUT)
    # Meanwhile a colleague saves the same file with a tag of theirs.
    other = load_project(case_project)
    edits.tag_area(other, other.exhibits[0], 2, (10, 10, 90, 90), ["damages"], author="Colleague")
    save_project(other, case_project)
    view.select(Caret(0, 0), Caret(0, 20))
    w.tagging.quick_tag(w.project.codebook[0].id)
    answers = Answers(click("Merge, Then Save"), click("OK"))
    assert w.save()
    assert answers.seen == ["changed-on-disk", "merge-report"]
    authors = sorted(a.author for a in load_project(case_project).annotations)
    assert authors == ["Colleague", "J. Doe", "Test Author"]  # theirs, the original, and mine


@pytest.mark.slow
def test_my_name_from_preferences_and_colleagues_badges(qtbot: QtBot, case_project: Path) -> None:
    from exhibit_annotator.app.dialogs.preferences import Preferences

    w = window(qtbot)
    dialog = Preferences(w.settings, w)
    qtbot.addWidget(dialog)
    dialog.name.setText("Paula Legal")
    dialog.initials.setText("PL")
    dialog.tint.setChecked(True)
    dialog.accept()
    assert w.author() == "Paula Legal" and w.settings.initials() == "PL"
    w.open_project(case_project)
    w.open_exhibit(w.project.exhibits[1].id)
    view = opened(qtbot, w, "Ex. 2")
    qtbot.waitUntil(lambda: view.page_text(0) is not None, timeout=TIMEOUT)
    colleague = [h for h in view.highlights if h.badge]
    assert colleague and colleague[0].badge == "JD" and colleague[0].tint is not None  # J. Doe's tag
    view.select(Caret(0, 0), Caret(0, 10))
    w.tagging.quick_tag(w.project.codebook[0].id)
    mine = w.project.annotations[-1]
    assert mine.author == "Paula Legal"
    assert not [h for h in view.highlights if h.annotation_id == str(mine.id) and h.badge]  # no badge on mine
    w.annotations_panel.author.setCurrentIndex(w.annotations_panel.author.findData("J. Doe"))
    w.annotations_panel.refresh()
    assert [r.annotation.author for r in w.annotations_panel.model.rows] == ["J. Doe"]


@pytest.mark.slow
def test_compare_lists_what_each_lacks_and_outlines_theirs_on_the_pages(qtbot: QtBot, case_project: Path) -> None:
    from exhibit_annotator.app.dialogs.compare import CompareDialog
    from exhibit_annotator.core.project.compare import compare

    other_path = case_project.with_name("colleague.json")
    other = load_project(case_project)
    edits.tag_area(other, other.exhibits[0], 0, (60, 60, 300, 90), ["willfulness"], author="Colleague")
    save_project(other, other_path)
    w = window(qtbot)
    w.open_project(case_project)
    view = opened(qtbot, w, "Ex. 1")
    results: list[object] = []
    # Through the worker process, as the menu does: the comparison must cross the process boundary whole.
    w.worker.submit(compare, w.project, case_project, other, {}, on_done=results.append, on_error=results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=TIMEOUT)
    dialog = CompareDialog(w, other, other_path, results[0])  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    assert dialog.theirs_only.count() == 1 and dialog.mine_only.count() == 0
    assert [h.rect for h in view.outlines] == [(60, 60, 300, 90)]
    dialog.reject()
    assert view.outlines == []


@pytest.mark.slow
def test_a_colleagues_edit_shows_the_colleague_in_the_conflict_and_report(qtbot: QtBot, case_project: Path) -> None:
    # J. Doe tagged the passage (case_project); Bo edited its note on Bo's laptop, and so did I here.
    theirs_path = case_project.with_name("bo.json")
    mine = load_project(case_project)
    theirs = mine.model_copy(deep=True)
    annotation = mine.annotations[0].id
    edits.update_annotation(mine, annotation, by="Test Author", note="mine")
    edits.update_annotation(theirs, annotation, by="Bo Clerk", note="Bo's")
    save_project(mine, case_project)
    save_project(theirs, theirs_path)
    w = window(qtbot)
    w.open_project(case_project)
    opened(qtbot, w, "Ex. 1")
    seen: dict[str, str] = {}

    def report(d: QWidget) -> None:
        assert isinstance(d, QMessageBox)
        seen["report"] = d.informativeText()
        click("OK")(d)

    def conflicts(d: QWidget) -> None:
        seen["conflicts"] = "\n".join(t.toPlainText() for t in d.findChildren(QPlainTextEdit))
        d.reject()

    answers = Answers(report, conflicts)
    assert w.sharing.merge_file(theirs_path)
    assert answers.seen == ["merge-report", "conflicts"]
    assert "From Bo Clerk: 1" in seen["report"] and "J. Doe" not in seen["report"]
    assert "By Test Author" in seen["conflicts"] and "By Bo Clerk" in seen["conflicts"]
    assert "(tagged by J. Doe)" in seen["conflicts"]
