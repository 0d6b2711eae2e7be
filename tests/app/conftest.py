"""Fixtures of the window tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from exhibit_annotator.core.model import Case
from exhibit_annotator.core.project.edits import new_project, tag_quote
from exhibit_annotator.core.project.intake import add_exhibit
from exhibit_annotator.core.project.store import load_codebook, save_project
from exhibit_annotator.core.resources import default_codebook_path


@pytest.fixture
def case_project(exhibits_copy: Path) -> Path:
    path = exhibits_copy / "case.json"
    project = new_project(Case(name="Kadrey v. Meta"), load_codebook(default_codebook_path()))
    for name in ("exhibit-en.pdf", "exhibit-ru.pdf", "exhibit-ar.pdf", "exhibit-ru-scanned.pdf"):
        add_exhibit(project, path, exhibits_copy / name)
    tag_quote(project, path, project.exhibits[1], "Мистраль", ["damages"], author="J. Doe")
    save_project(project, path)
    return path


@pytest.fixture(autouse=True)
def _no_ocr_unless_asked() -> None:
    """Reading scans by itself is the app's default, but a window test that merely opens a project with a scan
    must not run Tesseract for seconds beside it: the OCR tests turn it back on."""
    from exhibit_annotator.app.settings import Settings

    settings = Settings()
    settings.set_value("ocr/auto", False)
    settings.sync()


@pytest.fixture(autouse=True)
def _clipboard_emptied_after_each_test() -> Iterator[None]:
    """On the offscreen platform (not xcb), a clipboard still holding mime data made in Python when the application
    ends crashes the interpreter at exit (PySide6 6.12: a segmentation fault after every test passed). Copy tests
    leave it empty."""
    yield
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is not None:
        QApplication.clipboard().clear()


@pytest.fixture(autouse=True)
def _no_modifier_keys_held_over() -> Iterator[None]:
    """QTest's key clicks with modifiers (Ctrl+Shift+Z) can leave the application believing Shift is still down
    (offscreen platform, PySide6 6.12); the next test's ``selectRow`` then extended a selection instead of making
    one, and selected nothing. Each test starts with no modifier held."""
    yield
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QWidget

    if QGuiApplication.instance() is not None and QGuiApplication.keyboardModifiers() != Qt.KeyboardModifier.NoModifier:
        widget = QWidget()
        for key in (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta):
            QTest.keyRelease(widget, key)
        widget.deleteLater()
        assert QGuiApplication.keyboardModifiers() == Qt.KeyboardModifier.NoModifier
