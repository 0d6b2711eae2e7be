"""The first hour of a real case in the window (issue 31): Bates numbers kept and shown before stamping, dialogs that
fit a laptop's screen."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from pytestqt.qtbot import QtBot

from exhibit_annotator.app.dialogs.export import ExportDialog
from exhibit_annotator.app.window.main_window import MainWindow
from exhibit_annotator.core.brief.brief import BriefOptions
from exhibit_annotator.core.export import Format
from exhibit_annotator.core.project.operations import EditExhibit

from .test_main_window import window as plain_window


def window(qtbot: QtBot, path: Path) -> MainWindow:
    w = plain_window(qtbot)
    assert w.open_project(path)
    return w


@pytest.mark.slow
def test_a_production_keeps_the_first_bates_number_set_and_shows_the_ranges(qtbot: QtBot, case_project: Path) -> None:
    w = window(qtbot, case_project)
    assert w.project is not None
    first = w.project.exhibits[0]
    w.link.apply(EditExhibit(first.id, label="PX-1", bates_prefix="KNOW-", bates_start=100))
    dialog = ExportDialog(w.project, parent=w)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex([dialog.format.itemData(i) for i in range(dialog.format.count())].index("produced"))
    shown = dialog.bates_ranges.text().split("\n")
    assert shown[0] == f"PX-1: KNOW-000100–KNOW-{99 + first.page_count:06d} (as set)"
    assert shown[1].startswith(f"Ex. 2: KNOW-{100 + first.page_count:06d}–") and "(new" in shown[1]
    out = case_project.parent / "produced"
    run = w.export(Format.produced, out, BriefOptions(), production=dialog.production())
    assert run is not None
    qtbot.waitUntil(lambda: run.finished, timeout=60000)
    assert run.error is None
    names = sorted(p.name for p in out.iterdir())
    assert names[0] == "Ex. 2 - exhibit-ru.pdf"  # the label as it reads: spaces and full stops kept
    assert "KNOW-000100" in pymupdf.open(out / "PX-1 - exhibit-en.pdf")[0].get_text()
    assert w.project.exhibits[0].bates_start == 100  # the property as the user set it
    assert w.project.exhibits[1].bates_start == 100 + first.page_count
    assert "recorded for Ex. 2, Ex. 3, Ex. 4" in w.statusBar().currentMessage()


def test_the_export_dialog_fits_a_laptop_screen(qtbot: QtBot, case_project: Path) -> None:
    w = window(qtbot, case_project)
    assert w.project is not None
    dialog = ExportDialog(w.project, parent=w)
    qtbot.addWidget(dialog)
    for index in range(dialog.format.count()):  # briefs, and produced copies with their Bates ranges
        dialog.format.setCurrentIndex(index)
        hint = dialog.sizeHint()
        assert hint.height() <= 768 - 80 and hint.width() <= 1366, (dialog.format.itemText(index), hint)


def test_new_project_and_add_exhibits_never_start_in_the_apps_own_folders(qtbot: QtBot, case_project: Path) -> None:
    from exhibit_annotator.app.pages.start import NewProjectDialog
    from exhibit_annotator.core.paths import data_dir
    from exhibit_annotator.core.resources import working_sample

    w = plain_window(qtbot)
    sample = working_sample()
    assert sample is not None and sample.resolve().is_relative_to(data_dir().resolve())
    assert w.open_project(sample)
    folder = w.start_folder()
    assert not folder.is_relative_to(data_dir().resolve())  # Documents, or home
    dialog = NewProjectDialog(folder, w)
    qtbot.addWidget(dialog)
    assert not Path(dialog.location.text()).resolve().is_relative_to(data_dir().resolve())
    # Once a case of the user's has been opened, its folder is where the next one starts.
    assert w.open_project(case_project)
    assert w.open_project(sample)
    assert w.start_folder() == case_project.parent.resolve()


def test_the_title_names_the_case_and_its_file_and_recent_projects_their_case(qtbot: QtBot, case_project: Path) -> None:
    w = window(qtbot, case_project)
    assert w.windowTitle().startswith(f"Kadrey v. Meta — {case_project.name}")
    w._fill_recent_menu()
    assert w.recent_menu.actions()[0].text() == f"Kadrey v. Meta — {case_project.resolve()}"


def test_counts_say_page_and_pages(qtbot: QtBot, tmp_path: Path) -> None:
    from exhibit_annotator.core.normalize import quantity

    assert (quantity(1, "page"), quantity(2, "page"), quantity(1200, "page")) == ("1 page", "2 pages", "1,200 pages")


@pytest.mark.slow
def test_a_highlights_menu_changes_its_review_status_with_undo_and_ctrl_t_edits_it(
    qtbot: QtBot, case_project: Path
) -> None:
    from PySide6.QtCore import QPointF, QTimer
    from PySide6.QtWidgets import QApplication, QMenu

    from exhibit_annotator.app.panels.category_palette import CategoryPalette
    from exhibit_annotator.core.model import ReviewStatus

    from .test_main_window import opened

    w = window(qtbot, case_project)
    assert w.project is not None
    tagged = w.project.annotations[0]  # J. Doe's tag on Ex. 2
    w.open_exhibit(tagged.exhibit_id)
    view = opened(qtbot, w, "Ex. 2")
    qtbot.waitUntil(lambda: bool(view.highlights), timeout=10000)
    x0, y0, x1, y1 = tagged.rects[0].rect
    at = view._page_transform(tagged.page).map(QPointF((x0 + x1) / 2, (y0 + y1) / 2))
    assert view.annotation_at(at) == str(tagged.id)
    menu = w.tagging.annotation_menu([tagged.id])
    review = next(a.menu() for a in menu.actions() if a.text() == "Review")
    assert isinstance(review, QMenu)
    next(a for a in review.actions() if a.text() == "Rejected").trigger()
    assert w.project.annotations[0].review is ReviewStatus.rejected
    qtbot.waitUntil(lambda: any(h.review == "rejected" for h in view.highlights), timeout=5000)
    assert "Review: rejected" in next(h.tooltip for h in view.highlights if h.annotation_id == str(tagged.id))
    w.link.undo_action.trigger()
    assert w.project.annotations[0].review is ReviewStatus.proposed
    # Ctrl+T with the row selected (nothing selected on the page) edits the annotation: its categories shown.
    w.annotations_panel.select_ids({tagged.id})
    seen: list[list[str]] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, CategoryPalette):
            QTimer.singleShot(20, answer)
            return
        seen.append(dialog.category_ids())
        dialog.note.setPlainText("checked against the file")
        dialog.accept()

    QTimer.singleShot(20, answer)
    w.tagging.tag_action.trigger()
    assert seen == [["damages"]]
    assert w.project.annotations[0].note == "checked against the file" and len(w.project.annotations) == 1


def test_properties_stay_open_on_a_refused_change_and_keep_every_edit(qtbot: QtBot, case_project: Path) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from exhibit_annotator.app.dialogs.exhibit_details import ExhibitDialog

    w = window(qtbot, case_project)
    assert w.project is not None
    first = w.project.exhibits[0]
    steps: list[str] = []

    def answer() -> None:
        dialog = next(
            (d for d in QApplication.topLevelWidgets() if isinstance(d, ExhibitDialog) and d.isVisible()), None
        )
        if dialog is None:
            QTimer.singleShot(20, answer)
            return
        if not steps:
            dialog.label.setText("Ex. 2")  # taken by another exhibit
            dialog.title.setText("Declaration of the VP")
            dialog.accept()
            steps.append("refused" if dialog.isVisible() else "closed")
            QTimer.singleShot(20, answer)
            return
        assert dialog.title.text() == "Declaration of the VP"  # the other edit survived
        dialog.label.setText("PX-1")
        dialog.accept()
        steps.append("accepted" if not dialog.isVisible() else "still open")

    QTimer.singleShot(20, answer)
    w.details.edit(first.id)
    assert steps == ["refused", "accepted"]
    assert w.last_error[:1].isupper() and "Ex. 2" in w.last_error
    assert (w.project.exhibits[0].label, w.project.exhibits[0].title) == ("PX-1", "Declaration of the VP")


def test_help_has_a_getting_started_page(qtbot: QtBot, case_project: Path) -> None:
    from PySide6.QtWidgets import QTextBrowser

    from exhibit_annotator.app.dialogs.about import GettingStarted

    w = window(qtbot, case_project)
    help_menu = next(a.menu() for a in w.menuBar().actions() if a.text() == "&Help")
    assert [a.text() for a in help_menu.actions()][:2] == ["&Getting Started", "Open the &Sample Project"]
    page = GettingStarted(w)
    qtbot.addWidget(page)
    text = page.findChild(QTextBrowser).toPlainText()
    for step in ("Open the sample", "Add exhibits", "Tag a passage", "Export the brief"):
        assert step in text


def test_the_tall_dialogs_fit_a_small_laptop_screen_and_scroll_inside(qtbot: QtBot, case_project: Path) -> None:
    # 1280×720 at 125 % leaves 1024×576 to lay out in; the offscreen screen is 800×600 (less what a frame needs).
    from exhibit_annotator.app.dialogs.exhibit_details import ExhibitDialog

    w = window(qtbot, case_project)
    assert w.project is not None
    for dialog in (ExportDialog(w.project, parent=w), ExhibitDialog(w.project.exhibits[0], w)):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        available = dialog.screen().availableGeometry()
        assert dialog.height() <= available.height() and dialog.width() <= available.width(), dialog.objectName()
        assert dialog.minimumSizeHint().height() <= 576 and dialog.minimumSizeHint().width() <= 1024
        dialog.close()


@pytest.mark.slow
def test_the_annotations_list_hides_and_shows_columns_from_its_header(qtbot: QtBot, case_project: Path) -> None:
    w = window(qtbot, case_project)
    panel = w.annotations_panel
    menu = panel.columns_menu()
    names = [a.text() for a in menu.actions()]
    assert "Cite" not in names and {"Note", "Author", "Modified", "Status"} <= set(names)
    modified = next(a for a in menu.actions() if a.text() == "Modified")
    modified.setChecked(False)
    assert panel.table.isColumnHidden(names.index("Modified") + 1)  # the cite is column 1, not in the menu
    assert next(a for a in panel.columns_menu().actions() if a.text() == "Modified").isChecked() is False
    modified.setChecked(True)
    assert not any(panel.table.isColumnHidden(c) for c in range(panel.model.columnCount()))


@pytest.mark.slow
def test_the_columns_shown_are_remembered(qtbot: QtBot, case_project: Path) -> None:
    w = window(qtbot, case_project)
    status = len(w.annotations_panel.columns_menu().actions())  # the last column: Status
    w.annotations_panel.table.setColumnHidden(status, True)
    w.annotations_panel.table.setColumnWidth(3, 333)
    w.close()
    again = window(qtbot, case_project)
    assert again.annotations_panel.table.isColumnHidden(status)
    assert again.annotations_panel.table.columnWidth(3) == 333
