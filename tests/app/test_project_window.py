"""A case from the window alone: a new project from the dialog, Save As to another folder, exhibit details,
removal and order (each undone), the start screen, the keys, the export's last word."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton, QTabBar, QWidget
from pytestqt.qtbot import QtBot

from exhibit_annotator.app.dialogs.exhibit_details import ExhibitDialog
from exhibit_annotator.app.pages.start import NewProjectDialog
from exhibit_annotator.core.brief.brief import BriefOptions
from exhibit_annotator.core.export import Format
from exhibit_annotator.core.paths import data_dir
from exhibit_annotator.core.pdf.confinement import exhibit_file
from exhibit_annotator.core.project.operations import TagQuote
from exhibit_annotator.core.project.store import load_project

from ..conftest import EXHIBITS
from ..makers import received_project
from .test_main_window import TIMEOUT, on_exhibit, opened, window
from .test_session_window import views_match
from .test_sharing import Answers, click


def fill_new_project(case: str, location: Path) -> object:
    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, NewProjectDialog)
        dialog.case.setText(case)
        dialog.court.setText("N.D. Cal.")
        dialog.number.setText("3:23-cv-03417")
        dialog.location.setText(str(location))
        dialog.accept()

    return fill


@pytest.mark.slow
def test_a_new_project_from_the_dialog_then_exhibits_and_a_tag_in_it(qtbot: QtBot, tmp_path: Path) -> None:
    folder = tmp_path / "kadrey"
    folder.mkdir()
    for name in ("exhibit-en.pdf", "exhibit-ru.pdf"):
        shutil.copy(EXHIBITS / name, folder / name)
    w = window(qtbot)
    assert not w.merge_action.isEnabled() and not w.compare_action.isEnabled() and not w.save_as_action.isEnabled()
    # A project file already there is never overwritten: the dialog says so and stays open.
    (folder / "taken.json").write_text("{}", encoding="utf-8")
    dialog = NewProjectDialog(folder, w)
    qtbot.addWidget(dialog)
    dialog.case.setText("Kadrey v. Meta")
    assert dialog.location.text() == str(folder / "kadrey.json")  # named after the case, until edited
    dialog.location.setText(str(folder / "taken.json"))
    dialog.accept()
    assert dialog.isVisible() is False and "already exists" in dialog.error.text()
    answers = Answers(fill_new_project("Kadrey v. Meta Platforms, Inc.", folder / "kadrey.json"))
    assert w.new_project()
    assert answers.seen == ["new-project"]
    assert w.project is not None and w.project_path == folder / "kadrey.json"
    assert w.project.case.court == "N.D. Cal." and len(w.project.codebook) == 13  # the default codebook
    assert w.windowTitle().startswith("Kadrey v. Meta Platforms, Inc.") and w.merge_action.isEnabled()
    for name in ("exhibit-en.pdf", "exhibit-ru.pdf"):
        w.files.add(folder / name)
    qtbot.waitUntil(lambda: len(w.project.exhibits) == 2, timeout=TIMEOUT)
    quote = TagQuote(w.project_path, w.project.exhibits[1].id, "Мистраль", ["willfulness"], author="Test Author")
    assert w.link.apply(quote) is not None
    assert w.save()
    saved = load_project(folder / "kadrey.json")
    assert [e.label for e in saved.exhibits] == ["Ex. 1", "Ex. 2"] and saved.annotations[0].text == "Мистраль"


@pytest.mark.slow
def test_save_as_to_another_folder_then_reopen_from_there(qtbot: QtBot, case_project: Path, tmp_path: Path) -> None:
    w = window(qtbot)
    w.open_project(case_project)
    opened(qtbot, w, "Ex. 1")
    elsewhere = tmp_path / "elsewhere" / "copy"
    elsewhere.mkdir(parents=True)
    target = elsewhere / "kadrey-copy.json"
    assert w.save_to(target)
    assert w.project_path == target and not w.modified and w.project.exhibits[0].path == "../../case/exhibit-en.pdf"
    again = window(qtbot)
    assert again.open_project(target)
    assert all(exhibit_file(target, e).exists() for e in again.project.exhibits)
    assert len(again.project.annotations) == 1 and again.settings.recent_projects()[0] == target.resolve()
    opened(qtbot, again, "Ex. 1")


@pytest.mark.slow
def test_exhibit_details_removal_and_order_each_undone(qtbot: QtBot, case_project: Path) -> None:
    w = window(qtbot)
    w.open_project(case_project)
    opened(qtbot, w, "Ex. 1")
    w.open_exhibit(w.project.exhibits[1].id)
    opened(qtbot, w, "Ex. 2")
    russian = w.project.exhibits[1]

    def properties(dialog: QWidget) -> None:
        assert isinstance(dialog, ExhibitDialog)
        dialog.label.setText("PX-12")
        dialog.title.setText("Russian news report")
        dialog.bates_prefix.setText("META-")
        dialog.bates_start.setValue(120)
        dialog.date.setText("2023-10-04")
        dialog.custodian.setText("A. Dahle")
        dialog.short_name.setText("Dahle Report")
        dialog.docket.setText("45-3")
        dialog.accept()

    answers = Answers(properties)
    w.details.edit(russian.id)
    changed = w.project.exhibit(russian.id)
    assert answers.seen == ["exhibit-details"]
    assert (changed.label, changed.title, changed.bates_prefix, changed.bates_start) == (
        "PX-12", "Russian news report", "META-", 120
    )  # fmt: skip
    assert (str(changed.date), changed.custodian) == ("2023-10-04", "A. Dahle")
    assert (changed.short_name, changed.docket) == ("Dahle Report", "45-3")  # how briefs cite it
    assert w.tabs.tabText(w.tabs.currentIndex()) == "PX-12"
    assert w.annotations_panel.model.rows[0].cite == "PX-12 at 1"  # the panel's cites follow the label
    views_match(w)
    w.link.undo_action.trigger()
    assert w.project.exhibit(russian.id).label == "Ex. 2"
    views_match(w)
    # A label another exhibit has is refused, and nothing changes; the dialog stays open with the edits in it.
    refused = Answers(
        lambda d: (d.label.setText("ex. 1"), d.accept()),  # type: ignore[attr-defined]
        click("OK"),
        lambda d: (seen_label.append(d.label.text()), d.reject()),  # type: ignore[attr-defined]
    )
    seen_label: list[str] = []
    w.details.edit(russian.id)
    qtbot.waitUntil(lambda: len(refused.seen) == 3, timeout=TIMEOUT)
    assert refused.seen == ["exhibit-details", "error", "exhibit-details"] and seen_label == ["ex. 1"]
    assert "already used by another exhibit" in w.last_error and w.project.exhibit(russian.id).label == "Ex. 2"
    # Removing takes its annotation along (recorded as deleted, for merges); undo brings both back.
    keep = Answers(click("Remove"))
    w.details.remove(russian.id)
    assert keep.seen == ["remove-exhibit"]
    assert [e.label for e in w.project.exhibits] == ["Ex. 1", "Ex. 3", "Ex. 4"] and w.project.annotations == []
    assert len(w.project.deleted) == 1
    views_match(w)
    w.link.undo_action.trigger()
    assert [e.label for e in w.project.exhibits] == ["Ex. 1", "Ex. 2", "Ex. 3", "Ex. 4"]
    assert len(w.project.annotations) == 1 and w.project.deleted == []
    views_match(w)
    w.details.move(russian.id, -1)
    assert [e.label for e in w.project.exhibits][:2] == ["Ex. 2", "Ex. 1"]
    views_match(w)
    w.link.undo_action.trigger()
    assert [e.label for e in w.project.exhibits][:2] == ["Ex. 1", "Ex. 2"]


def test_the_start_screen_stays_and_offers_recent_projects(qtbot: QtBot, case_project: Path) -> None:
    w = window(qtbot)
    start = w.tabs.placeholder
    assert w.tabs.currentWidget() is start
    bar = w.tabs.tabBar()
    assert all(bar.tabButton(0, side) is None for side in QTabBar.ButtonPosition)  # no close button
    w.close_tab_action.trigger()
    assert w.tabs.currentWidget() is start
    assert {b.objectName() for b in start.findChildren(QPushButton)} >= {"new-project", "open-project"}
    w.open_project(case_project)
    view = opened(qtbot, w, "Ex. 1")
    w.tabs.close_tab(w.tabs.indexOf(view))  # the last exhibit closed: the start screen again
    assert w.tabs.currentWidget() is start and "Double-click an exhibit" in start.message.text()
    assert w.close_project()
    assert w.project is None and w.exhibit_list.count() == 0 and not w.save_action.isEnabled()
    assert start.recent.count() >= 1 and str(case_project.resolve()) in start.recent.item(0).toolTip()
    start.recent.itemActivated.emit(start.recent.item(0))  # reopened from the list
    assert w.project_path == case_project.resolve()


def test_no_key_is_bound_twice_and_codebook_keys_leave_the_apps_alone(qtbot: QtBot, case_project: Path) -> None:
    """A key bound to two actions is ambiguous in Qt and does nothing (X11's Redo was, and a codebook 'n')."""
    project = load_project(case_project)
    project.codebook[0] = project.codebook[0].model_copy(update={"shortcut": "n"})  # Edit Note's key
    from exhibit_annotator.core.project.store import save_project

    save_project(project, case_project)
    w = window(qtbot)
    w.open_project(case_project)
    keys: dict[str, list[str]] = {}
    for action in w.actions():
        for key in action.shortcuts():
            keys.setdefault(key.toString(), []).append(action.text() or "(codebook key)")
    assert {k: v for k, v in keys.items() if len(v) > 1} == {}
    assert "N" in keys and keys["N"] == ["Edit &Note"]
    assert "Codebook shortcuts not used" in w.statusBar().currentMessage()
    redo = [k.toString() for k in w.link.redo_action.shortcuts()]
    assert "Ctrl+Shift+Z" in redo and "Ctrl+Y" in redo


@pytest.mark.slow
def test_export_ends_with_open_and_show_in_folder(qtbot: QtBot, case_project: Path, tmp_path: Path) -> None:
    w = window(qtbot)
    w.open_project(case_project)
    out = tmp_path / "brief.md"
    run = w.export(Format.md, out, BriefOptions())
    assert run is not None
    qtbot.waitUntil(lambda: run.finished, timeout=60_000)
    box = run.done_box
    assert isinstance(box, QMessageBox) and box.isVisible() and "brief.md" in box.text()
    assert {b.text().replace("&", "") for b in box.buttons()} >= {"Open", "Show in Folder"}
    box.reject()


def test_review_banner_keys_page_and_definitions(qtbot: QtBot, case_project: Path, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QTableWidget

    from exhibit_annotator.app.dialogs.about import KeysDialog
    from exhibit_annotator.app.panels.category_palette import CategoryPalette
    from exhibit_annotator.core.project.categories import ChangeCategory

    w = window(qtbot)
    w.open_project(case_project, review=True)
    assert w.review_banner.isVisible() and "Open for review" in w.review_banner.text()
    w.open_project(case_project)
    assert not w.review_banner.isVisible()
    # Help ▸ Keyboard Shortcuts is read from the actions themselves, the codebook's keys included.
    seen: list[list[str]] = []

    def read(dialog: QWidget) -> None:
        table = dialog.findChild(QTableWidget)
        assert table is not None
        seen.extend([table.item(r, c).text() for c in range(3)] for r in range(table.rowCount()))
        dialog.reject()

    answers = Answers(read)
    KeysDialog(w).exec()
    assert answers.seen == ["keyboard-shortcuts"]
    assert ["Edit", "Tag Selection…", "Ctrl+T"] in seen and any(r[0] == "Codebook" and r[2] == "1" for r in seen)
    # Only keys a laptop has: not the dedicated Redo or Copy keys of some keyboards, read as words.
    assert not any(key in ("Redo", "Copy", "Undo") for row in seen for key in row[2].split(", "))
    assert any(row[1].startswith("Redo") and "Ctrl+" in row[2] for row in seen)
    # A category's definition, edited as a codebook change, shows where categories are chosen.
    define = ChangeCategory("copying", description="Verbatim copies.")
    assert w.link.apply(define) is not None
    palette = CategoryPalette(w.project.codebook, parent=w)
    qtbot.addWidget(palette)
    tips = {palette.list.item(i).text().strip(): palette.list.item(i).toolTip() for i in range(palette.list.count())}
    assert tips["Copying   [2]"] == "<p style='white-space:pre-wrap'>Verbatim copies.</p>"


@pytest.mark.slow
def test_a_drag_on_a_scan_says_to_draw_an_area(qtbot: QtBot, case_project: Path) -> None:
    from PySide6.QtCore import QPoint, Qt

    w = window(qtbot)
    w.open_project(case_project)
    w.open_exhibit(w.project.exhibits[3].id)  # the scanned Russian report
    view = opened(qtbot, w, "Ex. 4")
    centre = view.page_rect(0).center().toPoint()
    qtbot.mouseMove(view.viewport(), centre)  # the page's text (none) is fetched under the mouse
    qtbot.waitUntil(lambda: view.page_text(0) is not None, timeout=TIMEOUT)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=centre + QPoint(0, 5))
    assert "a scan" in w.statusBar().currentMessage() and "Area Selection" in w.statusBar().currentMessage()


def test_every_control_of_the_window_has_an_accessible_name(qtbot: QtBot) -> None:
    """What a screen reader announces: a name for each field, list, button and page view a user can reach."""
    from PySide6.QtGui import QAccessible
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractScrollArea,
        QAbstractSpinBox,
        QComboBox,
        QHeaderView,
        QLineEdit,
    )

    from exhibit_annotator.app.dialogs.codebook_editor import CodebookEditor
    from exhibit_annotator.app.dialogs.export import ExportDialog
    from exhibit_annotator.app.dialogs.preferences import Preferences
    from exhibit_annotator.app.panels.category_palette import CategoryPalette
    from exhibit_annotator.core.resources import sample_project_path

    w = window(qtbot)
    w.open_project(sample_project_path())
    opened(qtbot, w, "Ex. 1")
    assert w.project is not None
    dialogs = [
        NewProjectDialog(Path.home(), w), ExhibitDialog(w.project.exhibits[0], w), Preferences(w.settings, w),
        CategoryPalette(w.project.codebook, parent=w), ExportDialog(w.project, parent=w), CodebookEditor(w),
    ]  # fmt: skip
    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractScrollArea, QAbstractSpinBox)
    nameless = []
    for top in [w, *dialogs]:
        top.show()
        for widget in top.findChildren(QWidget):
            if not isinstance(widget, kinds) or isinstance(widget, QHeaderView) or not widget.isVisibleTo(top):
                continue
            if isinstance(widget, QAbstractButton) and isinstance(widget.parent(), QAbstractItemView):
                continue  # a table's corner button: Qt's own
            if isinstance(widget, QLineEdit) and isinstance(widget.parent(), QAbstractSpinBox):
                continue  # a spin box's own editor: the spin box has the name
            face = QAccessible.queryAccessibleInterface(widget)
            if face is None or not face.text(QAccessible.Text.Name).strip():
                nameless.append(f"{top.objectName()}: {type(widget).__name__} {widget.objectName()}")
        if top is not w:
            top.close()
    assert nameless == [], nameless


def test_every_author_on_a_line_gets_a_badge(qtbot: QtBot) -> None:
    """Two colleagues tagged the same line: both initials show, side by side (one hid the other)."""
    from PySide6.QtGui import QColor, QImage, QPainter, QTransform

    from exhibit_annotator.app.pages.highlights import Highlight, paint_overlay

    image = QImage(200, 100, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    red, blue = QColor(200, 0, 0), QColor(0, 0, 200)
    line = (40.0, 20.0, 180.0, 32.0)
    marks = [Highlight(0, line, QColor(255, 255, 0, 110), badge="AB", tint=red),
             Highlight(0, line, QColor(255, 255, 0, 110), badge="CD", tint=blue)]  # fmt: skip
    painter = QPainter(image)
    paint_overlay(painter, QTransform(), marks, [], [], [], [], None)
    painter.end()
    row = [image.pixelColor(x, 26) for x in range(0, 40)]
    reds = [x for x, c in enumerate(row) if c.red() > 150 and c.blue() < 80]
    blues = [x for x, c in enumerate(row) if c.blue() > 150 and c.red() < 80]
    assert reds and blues and max(reds) < min(blues)  # both in the margin, the second after the first


def test_dark_appearance_from_preferences_with_icons_that_read_on_it(qtbot: QtBot) -> None:
    from PySide6.QtGui import QGuiApplication, QPalette

    from exhibit_annotator.app import appearance
    from exhibit_annotator.app.dialogs.preferences import Preferences

    w = window(qtbot)

    def dark(dialog: QWidget) -> None:
        assert isinstance(dialog, Preferences)
        dialog.appearance.setCurrentIndex(dialog.appearance.findData("dark"))
        dialog.accept()

    answers = Answers(dark)
    try:
        w.edit_preferences()
        assert answers.seen == ["preferences"] and w.settings.appearance() == "dark"
        assert QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128 and appearance.is_dark()
        assert not w.zoom_in_action.icon().isNull() and not w.tagging.tag_action.icon().isNull()
    finally:
        appearance.apply("light")  # the other tests' palette


def test_settings_remember_each_projects_export_folder(tmp_path: Path) -> None:
    from exhibit_annotator.app.settings import Settings

    settings = Settings()
    project, briefs = tmp_path / "case.json", tmp_path / "briefs"
    assert settings.export_folder(project) is None
    settings.set_export_folder(project, briefs)
    settings.sync()
    assert Settings().export_folder(project) == briefs and Settings().export_folder(tmp_path / "other.json") is None


def test_an_arabic_quote_in_the_panel_reads_right_to_left_and_is_cut_at_its_end(qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QStyleOptionViewItem

    from exhibit_annotator.core.resources import sample_project_path

    w = window(qtbot)
    w.open_project(sample_project_path())
    panel = w.annotations_panel
    directions = {}
    for row in range(panel.model.rowCount()):
        option = QStyleOptionViewItem()
        panel.table.itemDelegate().initStyleOption(option, panel.model.index(row, 3))
        directions[panel.model.rows[row].cite] = option.direction
    assert directions["Ex. 3 at 1"] == Qt.LayoutDirection.RightToLeft  # the Arabic report
    assert directions["Ex. 2 at 1"] == Qt.LayoutDirection.LeftToRight  # Russian


def test_each_cell_of_the_panel_is_painted_with_its_own_values_only(qtbot: QtBot) -> None:
    """Painted as the table paints it (one delegate, cell after cell): the colour swatch only beside the
    categories, each cell's own text, nothing carried over from the cell painted before."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    from exhibit_annotator.app.panels.annotations import CATEGORIES, COLUMNS
    from exhibit_annotator.core.resources import sample_project_path

    w = window(qtbot)
    w.open_project(sample_project_path())
    panel = w.annotations_panel
    delegate = panel.table.itemDelegate()
    for row in range(panel.model.rowCount()):
        for column in range(len(COLUMNS)):
            index = panel.model.index(row, column)
            option = QStyleOptionViewItem()
            delegate.initStyleOption(option, index)
            has_swatch = bool(option.features & QStyleOptionViewItem.ViewItemFeature.HasDecoration)
            assert has_swatch == (column == CATEGORIES), (row, column)
            assert option.text == (panel.model.data(index) or ""), (row, column)
    star = next(r for r in range(panel.model.rowCount()) if panel.model.rows[r].annotation.key_passage)
    assert panel.model.data(panel.model.index(star, 0)) == "★"


def test_the_note_editor_opens_where_it_can_be_seen(qtbot: QtBot, case_project: Path) -> None:
    """N edits the note in the panel: the Note column is scrolled into view first (it opened out of sight)."""
    w = window(qtbot)
    w.open_project(case_project)
    panel = w.annotations_panel
    panel.table.setFixedWidth(260)  # a narrow panel: the Note column lies to the right, out of view
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=TIMEOUT)
    annotation = w.project.annotations[0].id
    panel.edit_note(annotation)
    index = panel.model.index(0, 4)
    assert panel.table.viewport().rect().intersects(panel.table.visualRect(index))
    assert panel.table.state() == panel.table.State.EditingState


def test_the_lock_names_the_person_not_the_login(qtbot: QtBot, case_project: Path) -> None:
    from exhibit_annotator.core.project.lock import read_lock

    w = window(qtbot)
    w.open_project(case_project)
    lock = read_lock(case_project)
    assert lock is not None and lock.user == "Test Author" == w.author()  # as in Preferences (here: the env)


def test_colleague_and_pdf_text_shows_as_written_and_only_web_links_open(qtbot: QtBot, case_project: Path) -> None:
    """A note like ``<img src=file:…>`` is shown as those characters, never rendered (Qt renders tooltips that look
    like HTML); a link to ``file:`` or ``smb:`` in a hostile exhibit is refused without asking."""
    from exhibit_annotator.app.pages.highlights import plain_tooltip
    from exhibit_annotator.core.project.operations import EditAnnotations

    hostile = '<img src="file:///etc/passwd"><b>bold</b>'
    assert plain_tooltip(hostile) == (
        "<p style='white-space:pre-wrap'>&lt;img src=&quot;file:///etc/passwd&quot;&gt;&lt;b&gt;bold&lt;/b&gt;</p>"
    )
    w = window(qtbot)
    w.open_project(case_project)
    w.link.apply(EditAnnotations.one("Edit note", w.project.annotations[0].id, note=hostile))
    panel = w.annotations_panel
    from PySide6.QtCore import Qt

    tip = panel.model.index(0, 4).data(Qt.ItemDataRole.ToolTipRole)
    assert "<img" not in tip and "&lt;img" in tip
    for uri in ("file:///etc/passwd", "smb://server/share", "javascript:alert(1)"):
        w.last_error = ""
        w._external_link(uri)  # no question asked: refused at once
        assert "only web and e-mail links" in w.last_error


@pytest.mark.slow
def test_a_file_outside_the_project_folder_is_opened_only_when_the_user_agrees(qtbot: QtBot, tmp_path: Path) -> None:
    theirs, private = received_project(tmp_path)
    w = window(qtbot)
    w.open_project(theirs)
    qtbot.waitUntil(lambda: "outside the project folder" in w.exhibit_list.item(0).text(), timeout=TIMEOUT)
    assert w.current_view() is None  # not opened by itself
    exhibit_id = w.project.exhibits[0].id
    answers = Answers(click("No"))
    w.open_exhibit(exhibit_id)
    assert answers.seen == ["read-outside"] and w.current_view() is None
    answers = Answers(click("Yes"))
    w.open_exhibit(exhibit_id)
    assert answers.seen == ["read-outside"]
    opened(qtbot, w, "Ex. 1")
    qtbot.waitUntil(lambda: "outside" not in w.exhibit_list.item(0).text(), timeout=TIMEOUT)
    assert str(private.resolve()) in (data_dir() / "files-agreed-to.txt").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_details_keep_running_headers_in_the_text(qtbot: QtBot, tmp_path: Path) -> None:
    """A filing's ECF header is left out of the text a drag selects from; the details' switch keeps it (the open
    view reads its pages again), and undo leaves it out again."""
    from ..core.test_running_heads import filing

    w, view = on_exhibit(qtbot, filing(tmp_path / "complaint.pdf"))
    qtbot.waitUntil(lambda: view.page_text(0) is not None, timeout=TIMEOUT)
    assert "Filed 05/12/24" not in view.page_text(0).text  # type: ignore[union-attr]

    def keep(dialog: QWidget) -> None:
        assert isinstance(dialog, ExhibitDialog)
        assert dialog.leave_out_heads.isChecked() and "(2 found)" in dialog.leave_out_heads.text()
        dialog.leave_out_heads.setChecked(False)
        dialog.accept()

    answers = Answers(keep)
    w.details.edit(w.project.exhibits[0].id)
    assert answers.seen == ["exhibit-details"] and w.project.exhibits[0].keep_running_heads
    qtbot.waitUntil(lambda: view.page_text(0) is not None and "Filed 05/12/24" in view.page_text(0).text,
                    timeout=TIMEOUT)  # fmt: skip
    w.link.undo_action.trigger()
    qtbot.waitUntil(lambda: view.page_text(0) is not None and "Filed 05/12/24" not in view.page_text(0).text,
                    timeout=TIMEOUT)  # fmt: skip


@pytest.mark.slow
def test_reading_an_old_exhibits_layout_again(qtbot: QtBot, tmp_path: Path) -> None:
    """A transcript added before line numbers were known cites its pages only; reading its layout again (the
    exhibit's menu) brings page:line cites to its passages, and undo takes them back."""
    from exhibit_annotator.core.project.store import save_project

    from ..core.test_line_numbers import transcript

    w, _view = on_exhibit(qtbot, transcript(tmp_path / "smith-dep.pdf"))
    exhibit_id = w.project.exhibits[0].id
    w.project.exhibits[0].line_numbers = []  # as a project from before schema 5 has it
    assert w.project_path is not None
    save_project(w.project, w.project_path)
    assert w.open_project(w.project_path)
    w.link.apply(TagQuote(w.project_path, exhibit_id, "Did your team download the LibGen data set?", ["copying"]))
    assert w.annotations_panel.model.rows[0].cite == "Ex. 1 at 1"
    w.files.read_layout(exhibit_id)
    qtbot.waitUntil(lambda: w.project.exhibits[0].line_numbers != [], timeout=TIMEOUT)
    assert w.statusBar().currentMessage() == "Ex. 1: line numbers on 3 pages, 1 running header or footer"
    qtbot.waitUntil(lambda: w.annotations_panel.model.rows[0].cite == "Ex. 1 at 1:5", timeout=TIMEOUT)
    w.link.undo_action.trigger()
    assert w.project.exhibits[0].line_numbers == [] and w.annotations_panel.model.rows[0].cite == "Ex. 1 at 1"
