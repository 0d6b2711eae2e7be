"""File ▸ Cite-Check Brief… shows, per quotation, what the exhibit says at the cited page."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from exhibit_annotator.app.dialogs.cite_check import CiteCheckDialog
from exhibit_annotator.core.brief.brief import BriefOptions
from exhibit_annotator.core.brief.citecheck import check_brief
from exhibit_annotator.core.export import Format
from exhibit_annotator.core.project.store import load_project

from ..core.test_citecheck import _edit, project_path  # noqa: F401 - the fixture
from .test_main_window import TIMEOUT, window


@pytest.mark.slow
def test_the_dialog_lists_what_holds_and_what_does_not(qtbot: QtBot, project_path: Path, tmp_path: Path) -> None:  # noqa: F811
    w = window(qtbot)
    w.open_project(project_path)
    brief = tmp_path / "brief.docx"
    run = w.export(Format.docx, brief, BriefOptions())
    assert run is not None
    qtbot.waitUntil(lambda: run.finished, timeout=TIMEOUT)
    if run.done_box is not None:
        run.done_box.close()
    _edit(brief, "это пустяки", "это мелочи")
    results: list[object] = []
    w.worker.submit(check_brief, brief, w.project, project_path, {}, on_done=results.append, on_error=results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=TIMEOUT)
    dialog = CiteCheckDialog(brief, results[0], w)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    assert dialog.summary.text() == "2 of 3 quotation(s) hold."
    assert [dialog.table.item(r, 3).text() for r in range(3)] == ["exact", "differs", "exact"]
    assert "“мелочи” → “пустяки”" in dialog.table.item(1, 4).text()
    assert load_project(project_path).exhibits  # the project itself is untouched
