"""Scans in the window: read by OCR in the background by themselves, then searched and selected with the mouse
like any page; and what the user sees when Tesseract is missing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from exhibit_annotator.app.settings import Settings
from exhibit_annotator.core.model import Case
from exhibit_annotator.core.normalize import collapse_whitespace
from exhibit_annotator.core.pdf.exhibits import sha256_of
from exhibit_annotator.core.pdf.ocr import CACHE_FOLDER
from exhibit_annotator.core.pdf.text import OCR_METHOD
from exhibit_annotator.core.project.edits import new_project
from exhibit_annotator.core.project.intake import add_exhibit
from exhibit_annotator.core.project.store import load_codebook, save_project
from exhibit_annotator.core.resources import default_codebook_path

from ..conftest import EXHIBITS, SOURCES, need_tesseract
from .test_main_window import TIMEOUT, opened, window
from .test_tagging import _on_screen, _with_text, drag

OCR_TIMEOUT = 120_000


def _auto_ocr(on: bool) -> None:
    settings = Settings()
    settings.set_value("ocr/auto", on)
    settings.sync()


@pytest.mark.slow
def test_a_new_scan_is_read_by_itself_then_searched(qtbot: QtBot, tmp_path: Path) -> None:
    need_tesseract()
    _auto_ocr(True)
    shutil.copy(EXHIBITS / "exhibit-ru-scanned.pdf", tmp_path / "scan.pdf")
    before = sha256_of(tmp_path / "scan.pdf")
    path = tmp_path / "case.json"
    project = new_project(Case(name="Kadrey v. Meta"), load_codebook(default_codebook_path()))
    add_exhibit(project, path, tmp_path / "scan.pdf")
    save_project(project, path)
    w = window(qtbot)
    with qtbot.waitSignal(w.ocr.finished, timeout=OCR_TIMEOUT) as read:
        w.open_project(path)
        view = opened(qtbot, w, "Ex. 1")
        qtbot.waitUntil(lambda: w.ocr.box.isVisible(), timeout=TIMEOUT)  # progress and Cancel in the status bar
    assert read.args == [w.project.exhibits[0].id]
    qtbot.waitUntil(lambda: not w.ocr.box.isVisible(), timeout=TIMEOUT)
    assert "read by OCR" in w.statusBar().currentMessage()
    qtbot.waitUntil(lambda: view.page_text(0) is not None and view.page_text(0).has_text, timeout=TIMEOUT)
    assert view.page_text(0).method == OCR_METHOD
    w.search_panel.query.setText("судебные")
    w.search_panel.search()
    qtbot.waitUntil(lambda: len(w.search_panel.hits) == 2, timeout=TIMEOUT)
    assert (tmp_path / CACHE_FOLDER).is_dir() and sha256_of(tmp_path / "scan.pdf") == before


@pytest.mark.slow
def test_select_an_arabic_line_on_a_scan_in_reading_order(qtbot: QtBot, scanned_project: Path) -> None:
    source = collapse_whitespace((SOURCES / "ar.txt").read_text(encoding="utf-8"))
    w = window(qtbot)
    w.open_project(scanned_project)
    w.open_exhibit(w.project.exhibits[2].id)
    view = opened(qtbot, w, "Ex. 3")
    text = _with_text(qtbot, view)
    assert text.method == OCR_METHOD
    line = next(ln for ln in text.lines if ln.rtl and text.text[ln.start : ln.end].startswith("كان المديرون"))
    x0, y0, x1, y1 = line.bbox
    y = (y0 + y1) / 2
    # From the right edge of the line (where Arabic starts) to its middle: the first words, in reading order.
    drag(view, _on_screen(view, 0, x1 + 2, y), _on_screen(view, 0, (x0 + x1) / 2, y))
    found = view.selected_passage()
    assert found is not None and found.text.startswith("كان المديرون التنفيذيون")
    assert found.text in source and found.extraction.method == OCR_METHOD


@pytest.mark.slow
def test_without_tesseract_the_status_bar_says_how_to_install_it(
    qtbot: QtBot, scanned_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EXHIBIT_ANNOTATOR_TESSERACT", str(tmp_path / "no-such-program"))
    shutil.rmtree(scanned_project.parent / CACHE_FOLDER)
    _auto_ocr(True)
    w = window(qtbot)
    w.open_project(scanned_project)
    qtbot.waitUntil(lambda: "not installed" in w.statusBar().currentMessage(), timeout=TIMEOUT)
    assert "Tesseract" in w.statusBar().currentMessage() and not w.ocr.busy
    view = opened(qtbot, w, "Ex. 1")  # and the window goes on working: the scan shows
    assert view.page_count == 5


@pytest.mark.slow
def test_cancel_stops_reading_and_keeps_what_was_read(qtbot: QtBot, tmp_path: Path) -> None:
    need_tesseract()
    _auto_ocr(True)
    shutil.copy(EXHIBITS / "exhibit-en-scanned.pdf", tmp_path / "scan.pdf")  # 5 pages: seconds each
    path = tmp_path / "case.json"
    project = new_project(Case(name="Kadrey v. Meta"), load_codebook(default_codebook_path()))
    add_exhibit(project, path, tmp_path / "scan.pdf")
    save_project(project, path)
    w = window(qtbot)
    w.open_project(path)
    qtbot.waitUntil(lambda: w.ocr.box.isVisible() and "page" in w.ocr.label.text(), timeout=TIMEOUT)
    w.ocr.cancel_button.click()
    qtbot.waitUntil(lambda: not w.ocr.busy, timeout=OCR_TIMEOUT)
    assert "stopped" in w.statusBar().currentMessage() and not w.ocr.box.isVisible()
    sidecars = list((tmp_path / CACHE_FOLDER).glob("*.json"))
    assert len(sidecars) <= 1  # what was read before Cancel, if anything, is kept
    assert sha256_of(tmp_path / "scan.pdf") == w.project.exhibits[0].sha256
