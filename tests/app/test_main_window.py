"""The window, driven headless with pytest-qt: a real exhibit page on screen, bad files handled."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from exhibit_annotator.app.main_window import MainWindow
from exhibit_annotator.core.resources import sample_project_path

from ..conftest import BAD_INPUTS


def window(qtbot: QtBot) -> MainWindow:
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    return w


def test_sample_project_shows_its_exhibits_and_a_rendered_page(qtbot: QtBot) -> None:
    w = window(qtbot)
    assert w.open_project(sample_project_path())
    labels = [w.exhibit_list.item(i).text().split(" — ")[0] for i in range(w.exhibit_list.count())]
    assert labels == ["Ex. 1", "Ex. 2", "Ex. 3", "Ex. 4"]
    assert "[scan]" in w.exhibit_list.item(3).text()
    qtbot.waitUntil(lambda: not w.page_label.pixmap().isNull(), timeout=30000)
    pixmap = w.page_label.pixmap()
    assert pixmap.width() > 400 and pixmap.height() > pixmap.width()  # a portrait A4 page
    # Keyboard: Down selects the Arabic exhibit, and its page replaces the first.
    first = pixmap.cacheKey()
    w.exhibit_list.setFocus()
    qtbot.keyClick(w.exhibit_list, Qt.Key.Key_Down)
    qtbot.keyClick(w.exhibit_list, Qt.Key.Key_Down)
    assert w.current_exhibit() is not None and w.current_exhibit().label == "Ex. 3"
    qtbot.waitUntil(lambda: w.page_label.pixmap().cacheKey() != first, timeout=30000)


def test_bad_project_files_show_a_message_and_keep_the_open_project(qtbot: QtBot) -> None:
    w = window(qtbot)
    w.open_project(sample_project_path())
    for path in [*BAD_INPUTS.glob("*.json"), BAD_INPUTS / "empty.pdf", Path("nowhere.json")]:
        assert not w.open_project(path)
        assert w.last_error.startswith(f"{path.name}: ")
        assert w.project is not None and w.project.case.name.startswith("Kadrey")
        assert w.exhibit_list.count() == 4


def test_window_state_and_recent_projects_are_remembered(qtbot: QtBot) -> None:
    w = window(qtbot)
    w.open_project(sample_project_path())
    w.resize(700, 500)
    w.close()
    again = window(qtbot)
    assert (again.size().width(), again.size().height()) == (700, 500)
    assert again.settings.recent_projects()[0] == sample_project_path().resolve()
