"""Replacing an exhibit's file from the window: passages found again in the worker, one undo step, and the
passages to check reviewed side by side and drawn only as outlines until accepted."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from exhibit_annotator.app.dialogs.reanchor_review import ReanchorReview

from ..core.test_replace import PARAGRAPHS, lay_out, tagged  # noqa: F401 - the fixture
from .test_main_window import TIMEOUT, opened, window


@pytest.mark.slow
def test_replace_a_file_review_and_accept(qtbot: QtBot, tagged: Path, tmp_path: Path) -> None:  # noqa: F811
    edit = ("the company cut corners in its race", "the company cut many corners in its rush")
    lay_out([p.replace(*edit) for p in PARAGRAPHS], tmp_path / "v3.pdf", 10)
    w = window(qtbot)
    w.open_project(tagged)
    view = opened(qtbot, w, "Ex. 1")
    reviews: list[ReanchorReview] = []

    def close_review() -> None:  # the review opens by itself, modal: look at it, then close it
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, ReanchorReview):
            reviews.append(dialog)
            assert dialog.table.rowCount() == 2  # the changed passage and the area
            dialog.reject()
        else:
            QTimer.singleShot(50, close_review)

    QTimer.singleShot(50, close_review)
    w.files.replace(w.project.exhibits[0].id, tmp_path / "v3.pdf")
    qtbot.waitUntil(lambda: bool(reviews), timeout=TIMEOUT)
    assert w.project.exhibits[0].path == "v3.pdf"
    view = opened(qtbot, w, "Ex. 1")  # the tab now shows the new file
    assert view.path == tmp_path / "v3.pdf"
    assert "Replaced the file of Ex. 1: 3 found exactly, 2 to check, 0 lost" in w.statusBar().currentMessage()
    changed = next(a for a in w.project.annotations if a.reanchored and a.reanchored.state == "approximate")
    # On the page: outlined, not highlighted, until checked.
    assert any(h.unverified and h.annotation_id == str(changed.id) for h in view.highlights)
    review = ReanchorReview(w.link, w)
    qtbot.addWidget(review)
    row = next(r for r in range(review.table.rowCount()) if "similar" in review.table.item(r, 1).text())
    assert "cut many corners in its rush" in review.table.item(row, 3).text()
    review.table.selectRow(row)
    review.accept_selected.click()
    accepted = next(a for a in w.project.annotations if a.id == changed.id)
    assert accepted.reanchored is None and "cut many corners" in accepted.text
    assert review.table.rowCount() == 1
    assert not any(h.unverified and h.annotation_id == str(changed.id) for h in view.highlights)
    # Undo takes back the acceptance, then the replacement, in one step each.
    w.link.undo_action.trigger()
    w.link.undo_action.trigger()
    assert w.project.exhibits[0].path == "v1.pdf" and all(a.reanchored is None for a in w.project.annotations)


@pytest.mark.slow
def test_a_file_changed_behind_the_apps_back_is_only_outlined(qtbot: QtBot, tagged: Path, tmp_path: Path) -> None:  # noqa: F811
    lay_out(PARAGRAPHS[3:], tmp_path / "v1.pdf", 12)  # another file under the exhibit's name
    w = window(qtbot)
    w.open_project(tagged)
    view = opened(qtbot, w, "Ex. 1")
    qtbot.waitUntil(lambda: bool(view.highlights) and all(h.unverified for h in view.highlights), timeout=TIMEOUT)
    assert "changed" in view.highlights[0].tooltip
