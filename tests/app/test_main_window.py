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


def test_missing_and_changed_exhibits_are_marked_and_keep_their_annotations(qtbot: QtBot, exhibits_copy: Path) -> None:
    from exhibit_annotator.core.edits import add_exhibit, new_project, tag_quote
    from exhibit_annotator.core.model import Case
    from exhibit_annotator.core.resources import default_codebook_path
    from exhibit_annotator.core.store import load_codebook, save_project

    path = exhibits_copy / "case.json"
    project = new_project(Case(name="Marks"), load_codebook(default_codebook_path()))
    for name in ("exhibit-en.pdf", "exhibit-ru.pdf", "exhibit-ar.pdf"):
        add_exhibit(project, path, exhibits_copy / name)
    tag_quote(project, path, project.exhibits[1], "Мистраль", ["damages"])
    save_project(project, path)
    (exhibits_copy / "exhibit-ru.pdf").write_bytes((exhibits_copy / "exhibit-ru-scanned.pdf").read_bytes())
    (exhibits_copy / "exhibit-ar.pdf").unlink()

    w = window(qtbot)
    assert w.open_project(path)
    qtbot.waitUntil(lambda: "⚠ changed" in w.exhibit_list.item(1).text(), timeout=30000)
    assert "⚠ missing" in w.exhibit_list.item(2).text()
    assert "⚠" not in w.exhibit_list.item(0).text()
    w.exhibit_list.setCurrentRow(2)
    assert "missing" in w.page_label.text() and "annotations are kept" in w.page_label.text()
    assert len(w.project.annotations) == 1 if w.project else False


def test_export_runs_in_the_worker_and_writes_the_brief(qtbot: QtBot, tmp_path: Path) -> None:
    from exhibit_annotator.app.export_dialog import ExportDialog
    from exhibit_annotator.core.brief import Order
    from exhibit_annotator.core.export import Format

    w = window(qtbot)
    w.open_project(sample_project_path())
    assert w.export_action.isEnabled()
    # The dialog turns its widgets into options: uncheck a category, pick an order and a format.
    dialog = ExportDialog(w.project, parent=w)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(2)  # Markdown
    dialog.order.setCurrentIndex(1)  # by exhibit
    for i in range(dialog.categories.count()):
        if dialog.categories.item(i).text() == "Copying":
            dialog.categories.item(i).setCheckState(Qt.CheckState.Unchecked)
    options = dialog.options()
    assert dialog.selected_format() is Format.md and options.order is Order.exhibit
    assert options.categories is not None and "copying" not in options.categories

    out = tmp_path / "brief.md"
    run = w.export(Format.md, out, options)
    assert run is not None
    qtbot.waitUntil(lambda: run.finished, timeout=60000)
    assert run.result == [out] and run.error is None
    text = out.read_text(encoding="utf-8")
    assert "«Мистраль для нас — это пустяки»" in text and "ميسترال هي حبة الفول السوداني بالنسبة لنا" in text
