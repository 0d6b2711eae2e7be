"""Facts in the window, driven headless: a fact made from a Russian selection with its date suggested (the passage
tagged as its source, one undo for both), edited in the editor, shown in the panel and on the timeline, filtered,
a deleted source marked."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

from exhibit_annotator.core.model import FactStatus
from exhibit_annotator.core.project.operations import DeleteAnnotations
from exhibit_annotator.core.project.store import load_project

from .test_main_window import TIMEOUT, opened, window
from .test_tagging import _on_screen, _with_text, drag


@pytest.mark.slow
def test_a_fact_from_a_russian_selection_with_its_date_suggested(qtbot: QtBot, case_project: Path) -> None:
    w = window(qtbot)
    w.open_project(case_project)
    w.open_exhibit(w.project.exhibits[1].id)  # type: ignore[union-attr]
    view = opened(qtbot, w, "Ex. 2")
    view.go_to_page(1)
    qtbot.waitUntil(lambda: view.has_sharp_page(1), timeout=TIMEOUT)
    text = _with_text(qtbot, view, 1)
    line = next(ln for ln in text.lines if "июля 2024" in text.text[ln.start : ln.end])
    x0, y0, x1, y1 = line.bbox
    drag(view, _on_screen(view, 1, x0 - 2, (y0 + y1) / 2), _on_screen(view, 1, x1 + 2, (y0 + y1) / 2))
    selected = view.selected_passage()
    assert selected is not None and "июля 2024" in selected.text
    seen: dict[str, str] = {}

    def fill() -> None:
        editor = w.facts.editor
        assert editor is not None
        seen["date"], seen["said"] = editor.date.text(), editor.date_said.text()
        seen["source"] = editor.sources.item(0).text()
        editor.text.setPlainText("Цукерберг написал, что Llama 3 конкурирует с самыми передовыми моделями.")
        editor.status.setCurrentIndex(list(FactStatus).index(FactStatus.undisputed))
        editor.people.setText("Mark Zuckerberg; Meta")
        for n in range(editor.issues.count()):
            if editor.issues.item(n).text() == "Competitive motive":
                editor.issues.item(n).setCheckState(Qt.CheckState.Checked)
        editor.accept()

    QTimer.singleShot(0, fill)
    w.facts.from_selection_action.trigger()
    assert seen["date"] == "2024-07" and seen["said"].startswith("2024-07 (suggested from the passage")
    assert seen["source"].startswith("The selection: “")
    project = w.project
    assert project is not None
    fact = project.facts[0]
    tagged = project.annotation_by_id(fact.sources[0].annotation_id)
    assert tagged is not None and "июля 2024" in tagged.text and tagged.category_ids == ["competitive-motive"]
    assert fact.date == "2024-07" and fact.people == ["Mark Zuckerberg", "Meta"] and fact.author == w.author()
    panel = w.facts_panel
    assert panel.model.rowCount() == 1 and panel.model.rows[0].record == "Ex. 2 at 2"
    assert panel.selected_ids() == [fact.id] and len(panel.timeline.marks) == 1

    # Undo takes the fact and its tagged passage back in one step; redo brings both.
    w.link.undo()
    assert project.facts == [] and project.annotation_by_id(tagged.id) is None and panel.model.rowCount() == 0
    w.link.redo()
    assert project.facts == [fact] and panel.model.rowCount() == 1

    # Edited in the editor (double-click), then a deleted source marks it.
    def edit() -> None:
        editor = w.facts.editor
        assert editor is not None
        editor.date.setText("about 2024-07")
        editor.key.setChecked(True)
        editor.accept()

    QTimer.singleShot(0, edit)
    panel.edit_requested.emit(fact.id)
    assert project.facts[0].date == "2024-07~" and project.facts[0].key_fact
    w.link.apply(DeleteAnnotations([tagged.id]))
    assert panel.model.rows[0].problems == ["source 1 was deleted"] and "⚠" in panel.count.text()
    panel.status.setCurrentText("disputed")
    assert panel.model.rowCount() == 0
    panel.status.setCurrentIndex(0)
    assert w.save()
    assert load_project(case_project).facts[0].date == "2024-07~"
