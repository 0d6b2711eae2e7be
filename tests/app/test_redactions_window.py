"""Bad redactions in the window: checked by themselves when a project opens and when an exhibit is added, marked
in the exhibit list, listed in the Redactions panel, and outlined on the page a double click opens."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from exhibit_annotator.core.model import Case
from exhibit_annotator.core.project.edits import new_project
from exhibit_annotator.core.project.intake import add_exhibit
from exhibit_annotator.core.project.store import load_codebook, save_project
from exhibit_annotator.core.resources import default_codebook_path

from ..conftest import EXHIBITS
from ..makers import SECRET, redaction_samples
from .test_main_window import TIMEOUT, window


@pytest.mark.slow
def test_a_box_over_text_is_found_listed_marked_and_shown(qtbot: QtBot, tmp_path: Path) -> None:
    samples = redaction_samples(tmp_path)
    path = tmp_path / "case.json"
    project = new_project(Case(name="Redactions"), load_codebook(default_codebook_path()))
    shutil.copy(EXHIBITS / "exhibit-en.pdf", tmp_path / "exhibit-en.pdf")
    add_exhibit(project, path, tmp_path / "exhibit-en.pdf")
    add_exhibit(project, path, samples["proper"])  # redacted properly: nothing to say
    save_project(project, path)
    w = window(qtbot)
    w.open_project(path)
    panel = w.redactions_panel
    qtbot.waitUntil(lambda: "No bad redactions in the 2 exhibit(s) checked." in panel.summary.text(), timeout=TIMEOUT)
    assert panel.table.rowCount() == 0

    # Adding a file with a black box drawn over a sentence: checked in the worker, then shown everywhere.
    w.files.add(samples["rectangle"])
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=TIMEOUT)
    assert panel.table.item(0, 0).text() == "Ex. 3"
    assert panel.table.item(0, 1).text() == "1"
    assert panel.table.item(0, 3).text() == SECRET
    assert "1 box(es) in 1 exhibit(s) hide text" in panel.summary.text()
    caption = w.exhibit_list.item(2).text()
    assert "⚠ 1 bad redaction" in caption
    assert "bad redaction" not in w.exhibit_list.item(0).text()

    panel.table.itemDoubleClicked.emit(panel.table.item(0, 3))
    qtbot.waitUntil(lambda: w.current_exhibit() is not None and w.current_exhibit().label == "Ex. 3", timeout=TIMEOUT)
    view = w.current_view()
    assert view is not None
    assert [h.page for h in view.redactions] == [0]
    assert SECRET in view.redactions[0].tooltip


@pytest.mark.slow
def test_produced_copies_from_the_window_record_their_bates_numbers(qtbot: QtBot, case_project: Path) -> None:
    from exhibit_annotator.app.dialogs.export import ExportDialog
    from exhibit_annotator.core.brief.brief import BriefOptions
    from exhibit_annotator.core.export import Format

    w = window(qtbot)
    w.open_project(case_project)
    dialog = ExportDialog(w.project, parent=w)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData(Format.produced))
    assert dialog.production_box.isVisibleTo(dialog)
    dialog.bates_prefix.setText("KAD-")
    dialog.bates_start.setValue(500)
    out = case_project.parent / "produced"
    run = w.export(Format.produced, out, BriefOptions(), production=dialog.production())
    assert run is not None
    qtbot.waitUntil(lambda: run.finished, timeout=TIMEOUT)
    assert run.error is None and run.result is not None and len(run.result) == 4
    assert [e.bates_start for e in w.project.exhibits][:2] == [500, 500 + w.project.exhibits[0].page_count]
    assert "Bates KAD-000500 to" in w.statusBar().currentMessage()
    assert w.link.session is not None and w.link.session.undo_label == "Record Bates numbers"
    run.done_box.reject()
    w.link.session.undo()
    assert all(e.bates_start is None for e in w.project.exhibits)


@pytest.mark.slow
def test_every_redaction_warning_agrees_after_a_review_and_a_reopening(qtbot: QtBot, tmp_path: Path) -> None:
    samples = redaction_samples(tmp_path)
    path, clean = tmp_path / "case.json", tmp_path / "clean.json"
    project = new_project(Case(name="Redactions"), load_codebook(default_codebook_path()))
    add_exhibit(project, path, samples["rectangle"])
    save_project(project, path)
    other = new_project(Case(name="Colleague"), load_codebook(default_codebook_path()))
    shutil.copy(EXHIBITS / "exhibit-en.pdf", tmp_path / "exhibit-en.pdf")
    add_exhibit(other, clean, tmp_path / "exhibit-en.pdf")
    save_project(other, clean)
    w = window(qtbot)
    panel = w.redactions_panel

    def tab() -> str:
        return w.right.tabText(w.right.indexOf(panel))

    w.open_project(path)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=TIMEOUT)
    assert tab() == "Redactions ⚠ 1" and "⚠ 1 bad redaction" in w.exhibit_list.item(0).text()
    # A colleague's file with no bad redaction, opened for review: nothing anywhere says three.
    w.open_project(clean, review=True)
    qtbot.waitUntil(lambda: "No bad redactions" in panel.summary.text(), timeout=TIMEOUT)
    assert tab() == "Redactions"
    # Reopened, the result known from before (the same file) comes back to the list and the tab alike.
    w.open_project(path)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=TIMEOUT)
    assert tab() == "Redactions ⚠ 1" and "⚠ 1 bad redaction" in w.exhibit_list.item(0).text()
