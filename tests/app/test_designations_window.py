"""Designating in the window, driven headless: lines of an ASCII transcript selected and designated for a party with
its key, a bar beside them in the margin, undone in one step."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog
from pytestqt.qtbot import QtBot

from exhibit_annotator.core.model import Case, DesignationKind, Objection, ReviewStatus, Ruling
from exhibit_annotator.core.project.designations import EditDesignations
from exhibit_annotator.core.project.edits import new_project
from exhibit_annotator.core.project.intake import add_exhibit
from exhibit_annotator.core.project.store import load_codebook, save_project
from exhibit_annotator.core.resources import default_codebook_path

from ..makers import make_transcript
from .test_main_window import TIMEOUT, opened, window
from .test_tagging import _on_screen, _with_text, drag


@pytest.mark.slow
def test_lines_of_a_transcript_designated_with_a_key_get_a_bar_in_the_margin(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    project = new_project(Case(name="Kadrey v. Meta"), load_codebook(default_codebook_path()))
    add_exhibit(project, path, make_transcript(tmp_path / "smith.txt"))
    save_project(project, path)
    w = window(qtbot)
    w.open_project(path)
    view = opened(qtbot, w, "Ex. 1")
    text = _with_text(qtbot, view)
    first = next(ln for ln in text.lines if "page 45, line 6?" in text.text[ln.start : ln.end])
    last = next(ln for ln in text.lines if "line 7 of page 45" in text.text[ln.start : ln.end])
    drag(view, _on_screen(view, 0, first.bbox[0] + 1, (first.bbox[1] + first.bbox[3]) / 2),
         _on_screen(view, 0, last.bbox[2] - 1, (last.bbox[1] + last.bbox[3]) / 2))  # fmt: skip
    assert view.selected_passage() is not None
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    designations = w.project.designations  # type: ignore[union-attr]
    assert [(d.party, d.kind, d.first_line, d.last_line) for d in designations] == [
        ("Plaintiff", DesignationKind.designation, 6, 7)
    ]
    panel = w.designations_panel
    assert panel.table.rowCount() == 1 and panel.table.item(0, 1).text() == "45:6–7"
    bars = [h for h in view.highlights if not h.annotation_id]
    assert len(bars) == 1 and bars[0].rect[0] < 55 and "Plaintiff designation 45:6–7" in bars[0].tooltip
    assert bars[0].rect[1] < first.bbox[3] and bars[0].rect[3] > last.bbox[1]  # beside the two lines
    panel.table.selectRow(0)
    panel._rule(panel.selected(), Ruling.sustained)  # nothing to rule on: no change
    w.link.apply(EditDesignations("Object", {designations[0].id: {"objections": [Objection(basis="form")]}}))
    assert panel.table.item(0, 4).text() == "form (pending)" and "1 objection(s) not ruled on" in panel.count.text()
    panel._rule(panel.selected(), Ruling.overruled)
    assert w.project.designations[0].objections[0].ruling is Ruling.overruled  # type: ignore[union-attr]
    panel._review(panel.rows[:1], ReviewStatus.accepted)
    assert panel.table.item(0, 5).text() == "accepted"
    w.link.undo()
    # Another party, chosen (typed) in Review ▸ Designate for Another Party…, as a counter.
    drag(view, _on_screen(view, 0, first.bbox[0] + 1, (first.bbox[1] + first.bbox[3]) / 2),
         _on_screen(view, 0, last.bbox[2] - 1, (last.bbox[1] + last.bbox[3]) / 2))  # fmt: skip

    def answer(text: str, then: bool) -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        if then:
            QTimer.singleShot(0, lambda: answer("counter", False))
        dialog.setTextValue(text)
        dialog.accept()

    QTimer.singleShot(0, lambda: answer("Intervenor Co.", True))
    w.designating.other_action.trigger()
    last_made = w.project.designations[-1]  # type: ignore[union-attr]
    assert (last_made.party, last_made.kind) == ("Intervenor Co.", DesignationKind.counter)
    assert len({h.rect[0] for h in view.highlights if not h.annotation_id}) == 2  # a place per party
    w.link.undo()
    w.link.undo()
    w.link.undo()
    w.link.undo()
    assert not w.project.designations and not [h for h in view.highlights if not h.annotation_id]  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: view.has_sharp_page(0), timeout=TIMEOUT)
