"""The window, driven headless with pytest-qt: real exhibits on screen, search, zoom, bad files handled."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QInputDialog, QPlainTextEdit
from pytestqt.qtbot import QtBot

from exhibit_annotator.app.pages.page_view import PageView
from exhibit_annotator.app.window.main_window import MainWindow
from exhibit_annotator.core.resources import sample_project_path

from ..conftest import BAD_INPUTS

TIMEOUT = 30000


def _forget_changes(w: MainWindow) -> None:
    if w.session is not None:
        w.session.saved()  # as if saved: the window closes without asking


def window(qtbot: QtBot) -> MainWindow:
    w = MainWindow()
    qtbot.addWidget(w, before_close_func=_forget_changes)  # no "Save changes?" at teardown
    w.resize(1200, 850)
    w.show()
    return w


def on_exhibit(qtbot: QtBot, pdf: Path) -> tuple[MainWindow, PageView]:
    """A window on a new project (beside ``pdf``) of that one exhibit, open and shown."""
    from exhibit_annotator.core.model import Case
    from exhibit_annotator.core.project.edits import new_project
    from exhibit_annotator.core.project.intake import add_exhibit
    from exhibit_annotator.core.project.store import load_codebook, save_project
    from exhibit_annotator.core.resources import default_codebook_path

    path = pdf.with_name("case.json")
    project = new_project(Case(name="Kadrey v. Meta"), load_codebook(default_codebook_path()))
    add_exhibit(project, path, pdf)
    save_project(project, path)
    w = window(qtbot)
    w.open_project(path)
    return w, opened(qtbot, w, "Ex. 1")


def opened(qtbot: QtBot, w: MainWindow, label: str) -> PageView:
    """Wait until the exhibit's tab shows a sharp first visible page."""
    qtbot.waitUntil(lambda: w.current_exhibit() is not None and w.current_exhibit().label == label, timeout=TIMEOUT)
    view = w.current_view()
    assert view is not None
    qtbot.waitUntil(lambda: view.has_sharp_page(view.current_page), timeout=TIMEOUT)
    return view


@pytest.mark.slow
def test_sample_project_opens_its_first_exhibit_and_keyboard_opens_another(qtbot: QtBot) -> None:
    w = window(qtbot)
    assert w.open_project(sample_project_path())
    labels = [w.exhibit_list.item(i).text().split(" — ")[0] for i in range(w.exhibit_list.count())]
    assert labels == ["Ex. 1", "Ex. 2", "Ex. 3", "Ex. 4"]
    assert "[scan]" in w.exhibit_list.item(3).text()
    view = opened(qtbot, w, "Ex. 1")
    assert view.page_count == 5 and w.page_total.text() == " / 5" and w.page_box.text() == "1"
    assert w.thumbnails.rowCount() == 5
    # Enter on an exhibit in the list opens it in a second tab.
    w.exhibit_list.setFocus()
    w.exhibit_list.setCurrentRow(2)
    qtbot.keyClick(w.exhibit_list, Qt.Key.Key_Return)
    arabic = opened(qtbot, w, "Ex. 3")
    assert w.tabs.count() == 2 and arabic is not view
    assert arabic.highlights  # the sample's tag on this exhibit is drawn


@pytest.mark.slow
def test_page_box_keys_and_zoom(qtbot: QtBot, case_project: Path) -> None:
    w = window(qtbot)
    w.open_project(case_project)
    view = opened(qtbot, w, "Ex. 1")
    w.page_box.setText("4")
    qtbot.keyClick(w.page_box, Qt.Key.Key_Return)
    assert view.current_page == 3 and w.page_box.text() == "4"
    qtbot.waitUntil(lambda: view.has_sharp_page(3), timeout=TIMEOUT)
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.current_page == 4
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.current_page == 0
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert view.verticalScrollBar().value() > 0
    # Zoom: steps, Ctrl+wheel around the cursor, fit page, and a sharp render at the new zoom.
    view.set_zoom(100)
    w.zoom_in_action.trigger()
    assert view.zoom == 110 and w.zoom_box.currentText() == "110%"
    wheel = QWheelEvent(QPointF(200, 200), QPointF(200, 200), QPoint(0, 0), QPoint(0, 120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False)  # fmt: skip
    QApplication.sendEvent(view.viewport(), wheel)
    assert view.zoom == 125
    # A touchpad's small deltas make one step per notch's worth, not one per event; and out from 50 % goes to
    # 33 %, as the keys do, not straight to the minimum.
    for _ in range(4):
        small = QWheelEvent(QPointF(200, 200), QPointF(200, 200), QPoint(0, 0), QPoint(0, -30), Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False)  # fmt: skip
        QApplication.sendEvent(view.viewport(), small)
    assert view.zoom == 110
    view.set_zoom(50)
    w.zoom_out_action.trigger()
    assert view.zoom == 33
    w.fit_page_action.trigger()
    page = view.info.pages[view.current_page]
    assert page.height * view.scale <= view.viewport().height()
    qtbot.waitUntil(lambda: view.has_sharp_page(view.current_page), timeout=TIMEOUT)


@pytest.mark.slow
def test_search_phrase_across_lines_cyrillic_and_arabic(qtbot: QtBot, case_project: Path) -> None:
    w = window(qtbot)
    w.open_project(case_project)
    opened(qtbot, w, "Ex. 1")
    panel = w.search_panel
    panel.scope.setCurrentIndex(1)  # all exhibits
    w.find_action.trigger()
    # "which contains copyrighted works" wraps a line on page 1 of exhibit-en.pdf.
    qtbot.keyClicks(panel.query, "which contains copyrighted works")
    qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not panel.searching and bool(panel.hits), timeout=TIMEOUT)
    first = panel.hits[0]
    assert (first.label, first.page) == ("Ex. 1", 0) and len(first.rects) == 2
    view = w.current_view()
    assert view is not None and view.search_hits and view.current_page == 0
    w.find_next_action.trigger()  # F3
    assert panel.results.currentRow() == 1 and view.current_page == panel.hits[1].page
    w.find_prev_action.trigger()  # Shift+F3
    assert panel.results.currentRow() == 0

    panel.query.setText("мета")
    panel.search()
    qtbot.waitUntil(lambda: not panel.searching and bool(panel.hits), timeout=TIMEOUT)
    assert [(h.label, h.text) for h in panel.hits] == [("Ex. 2", "Мета")]
    qtbot.waitUntil(lambda: w.current_exhibit() is not None and w.current_exhibit().label == "Ex. 2", timeout=TIMEOUT)

    panel.query.setText("حبة الفول السوداني")
    panel.search()
    qtbot.waitUntil(lambda: not panel.searching and bool(panel.hits), timeout=TIMEOUT)
    assert {h.label for h in panel.hits} == {"Ex. 3"}
    from PySide6.QtWidgets import QStyleOptionViewItem

    option = QStyleOptionViewItem()  # the Arabic hit's row is laid out right to left
    panel.results.itemDelegate().initStyleOption(option, panel.results.model().index(0, 0))
    assert option.direction == Qt.LayoutDirection.RightToLeft
    assert "1 hit(s) on 1 page(s)" in panel.status.text()
    # The Arabic words around the hit are isolated, so they read right to left inside the "Ex. 3 at 1:" row.
    row = panel.results.item(0).text()
    assert row.startswith("Ex. 3 at 1: \u2068") and row.endswith("\u2069") and "حبة الفول السوداني" in row


@pytest.mark.slow
def test_bad_pdfs_give_a_message_and_the_window_keeps_working(qtbot: QtBot, case_project: Path) -> None:
    w = window(qtbot)
    w.open_project(case_project)
    opened(qtbot, w, "Ex. 1")
    for name in ("empty.pdf", "not-a-pdf.pdf", "truncated.pdf"):
        w.last_error = ""
        w.files.add(BAD_INPUTS / name)
        qtbot.waitUntil(lambda: bool(w.last_error), timeout=TIMEOUT)
        assert w.last_error.startswith(f"{name}: ")
    for path in [*BAD_INPUTS.glob("*.json")]:
        assert not w.open_project(path) and w.last_error.startswith(path.name)
    assert w.project is not None and len(w.project.exhibits) == 4 and not w.modified
    # A scan with no text is a valid exhibit: added, marked, and the project is now unsaved.
    w.files.add(BAD_INPUTS / "rotated-photo.pdf")
    qtbot.waitUntil(lambda: len(w.project.exhibits) == 5, timeout=TIMEOUT)
    assert w.modified and w.isWindowModified() and "[scan]" in w.exhibit_list.item(4).text()
    assert w.save() and not w.modified


@pytest.mark.slow
def test_encrypted_exhibit_asks_for_the_password_once(qtbot: QtBot, case_project: Path) -> None:
    shutil.copy(BAD_INPUTS / "encrypted.pdf", case_project.parent / "encrypted.pdf")
    w = window(qtbot)
    w.open_project(case_project)
    opened(qtbot, w, "Ex. 1")
    answers = ["nope", "exhibit"]

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QInputDialog):
            dialog.setTextValue(answers.pop(0))
            dialog.accept()
        if answers:
            QTimer.singleShot(50, answer)

    QTimer.singleShot(50, answer)
    w.files.add(case_project.parent / "encrypted.pdf")  # first the wrong password, then the right one
    qtbot.waitUntil(lambda: len(w.project.exhibits) == 5, timeout=TIMEOUT)
    sealed = w.project.exhibits[4]
    saved = case_project.read_text(encoding="utf-8")
    assert '"exhibit"' not in saved and "password" not in saved  # the password is never written
    w.open_exhibit(sealed.id)
    view = opened(qtbot, w, sealed.label)  # no second prompt: the session remembers it
    assert view.page_count == 5


@pytest.mark.slow
def test_missing_and_changed_exhibits_are_marked_and_located(qtbot: QtBot, case_project: Path, tmp_path: Path) -> None:
    folder = case_project.parent
    moved = tmp_path / "moved"
    moved.mkdir()
    shutil.move(folder / "exhibit-ar.pdf", moved / "exhibit-ar.pdf")
    shutil.move(folder / "exhibit-en.pdf", moved / "exhibit-en.pdf")
    (folder / "exhibit-ru.pdf").write_bytes((folder / "exhibit-ru-scanned.pdf").read_bytes())
    w = window(qtbot)
    assert w.open_project(case_project)
    qtbot.waitUntil(lambda: "⚠ changed" in w.exhibit_list.item(1).text(), timeout=TIMEOUT)
    assert "⚠ missing" in w.exhibit_list.item(0).text() and "⚠ missing" in w.exhibit_list.item(2).text()
    assert len(w.project.annotations) == 1  # kept
    w.files.relocate(w.project.exhibits[2], moved / "exhibit-ar.pdf")  # the files are hashed in the worker
    qtbot.waitUntil(lambda: w.project.exhibits[2].path == "../moved/exhibit-ar.pdf", timeout=TIMEOUT)
    assert w.project.exhibits[0].path == "../moved/exhibit-en.pdf"  # found beside it
    assert w.modified and w.statusBar().currentMessage() == "Found Ex. 1, Ex. 3"
    qtbot.waitUntil(lambda: "⚠ missing" not in w.exhibit_list.item(0).text(), timeout=TIMEOUT)
    w.link.undo_action.trigger()  # one step takes both back
    assert w.project.exhibits[0].path == "exhibit-en.pdf" and w.project.exhibits[2].path == "exhibit-ar.pdf"
    assert not w.modified
    qtbot.waitUntil(lambda: "⚠ missing" in w.exhibit_list.item(0).text(), timeout=TIMEOUT)


@pytest.mark.slow
def test_window_state_tabs_and_recent_projects_are_remembered(qtbot: QtBot, case_project: Path) -> None:
    w = window(qtbot)
    w.open_project(case_project)
    view = opened(qtbot, w, "Ex. 1")
    view.go_to_page(2)
    w.resize(900, 700)
    w.close()
    again = window(qtbot)
    assert again.settings.recent_projects()[0] == case_project.resolve()
    again.resize(900, 700)
    again.open_project(case_project)
    restored = opened(qtbot, again, "Ex. 1")
    assert restored.current_page == 2


@pytest.mark.slow
def test_export_runs_in_the_worker_and_writes_the_brief(qtbot: QtBot, tmp_path: Path) -> None:
    from exhibit_annotator.app.dialogs.export import ExportDialog
    from exhibit_annotator.core.brief.brief import Order
    from exhibit_annotator.core.export import Format

    w = window(qtbot)
    w.open_project(sample_project_path())
    assert w.export_action.isEnabled()
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


def test_export_dialog_offers_cite_forms_and_the_firms_template(qtbot: QtBot, tmp_path: Path) -> None:
    """The brief's choices as a user makes them in the dialog; the template and cite style the project used last
    are offered again (remembered per project by the window, through its settings)."""
    from exhibit_annotator.app.dialogs.export import ExportDialog
    from exhibit_annotator.core.brief.citations import CiteStyle
    from exhibit_annotator.core.export import Format

    w = window(qtbot)
    w.open_project(sample_project_path())
    template = tmp_path / "firm.dotx"
    w.settings.set_brief_choice(sample_project_path(), "template", str(template))
    w.settings.set_brief_choice(sample_project_path(), "cite_style", "bluebook")
    remembered = w.settings.brief_choice
    dialog = ExportDialog(w.project, parent=w, template=remembered(sample_project_path(), "template"),
                          cite_style=remembered(sample_project_path(), "cite_style"))  # fmt: skip
    qtbot.addWidget(dialog)
    assert dialog.cite.currentText() == "Ex. 3, at 2 (Bluebook)" and dialog.template.text() == str(template)
    dialog.cite.setCurrentIndex(dialog.cite.findData(CiteStyle.ecf))
    dialog.id_cites.setChecked(True)
    dialog.short_forms.setChecked(True)
    dialog.review.setChecked(True)
    dialog.key.setChecked(False)
    options = dialog.options()
    assert options.cite_style is CiteStyle.ecf and options.id_cites and options.short_forms
    assert options.include_review and not options.mark_key and options.template == template
    # The template is a Word matter: its row is off for other formats, and for produced copies all cite choices.
    dialog.format.setCurrentIndex(dialog.format.findData(Format.pdf))
    assert not dialog.template_row.isEnabled() and dialog.cite.isEnabled()
    dialog.format.setCurrentIndex(dialog.format.findData(Format.docx))
    assert dialog.template_row.isEnabled()
    dialog.format.setCurrentIndex(dialog.format.findData(Format.produced))
    assert not dialog.cite.isEnabled() and not dialog.id_cites.isEnabled()


def test_help_about_names_the_version_and_the_licences(qtbot: QtBot) -> None:
    from exhibit_annotator import __version__
    from exhibit_annotator.app.dialogs.about import AboutDialog
    from exhibit_annotator.app.main import app_icon

    w = window(qtbot)
    assert len(app_icon().availableSizes()) == 6  # the app icon's PNGs, found in the shipped resources
    help_menu = next(a.menu() for a in w.menuBar().actions() if a.text() == "&Help")
    assert w.about_action in help_menu.actions()

    def read_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, AboutDialog)
        seen.append(dialog.findChild(QPlainTextEdit, "about-details").toPlainText())
        dialog.reject()

    seen: list[str] = []
    QTimer.singleShot(0, read_and_close)
    w.about_action.trigger()
    (text,) = seen
    assert f"Exhibit Annotator {__version__}" in text and "AGPL-3.0-or-later" in text
    assert "Qt / PySide6 6." in text and "LGPL-3.0" in text and "SIL OFL 1.1" in text
