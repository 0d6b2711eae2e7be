"""The page box shows an exhibit's own page labels (with the page's place beside it) and takes them."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from ..core.test_page_labels import labelled  # noqa: F401 - the fixture
from .test_main_window import opened, window


def test_the_page_box_shows_and_takes_labels(qtbot: QtBot, labelled: Path) -> None:  # noqa: F811
    w = window(qtbot)
    w.open_project(labelled)
    view = opened(qtbot, w, "Ex. 1")
    assert w.page_box.text() == "i" and w.page_total.text() == " (1 of 7)"
    w.page_box.setText("2")
    w.page_box.returnPressed.emit()
    assert view.current_page == 3 and w.page_box.text() == "2" and w.page_total.text() == " (4 of 7)"
    w.page_box.setText("ii")
    w.page_box.returnPressed.emit()
    assert view.current_page == 1
