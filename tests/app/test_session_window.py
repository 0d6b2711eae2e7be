"""The window as a view of the session: every change through the one door, and every view (exhibit list, tabs,
panel, highlights) equal to the project after each change, undo and redo."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from exhibit_annotator.app import errors
from exhibit_annotator.app.window.main_window import MainWindow
from exhibit_annotator.core.model import Case, Category, Codebook, ReviewStatus
from exhibit_annotator.core.project import edits, intake
from exhibit_annotator.core.project.categories import ImportCodebook
from exhibit_annotator.core.project.journal import recovery_for
from exhibit_annotator.core.project.operations import EditAnnotations
from exhibit_annotator.core.project.store import load_codebook, load_project, save_project
from exhibit_annotator.core.resources import default_codebook_path

from ..conftest import EXHIBITS
from .test_main_window import TIMEOUT, opened, window
from .test_sharing import Answers, click

NAMES = ("exhibit-en.pdf", "exhibit-ru.pdf", "exhibit-ar.pdf", "exhibit-ru-scanned.pdf")


def views_match(w: MainWindow) -> None:
    """What a user sees is the project: the list's rows, the tabs, the panel's rows, each page's highlights."""
    project = w.project
    assert project is not None
    assert w.exhibit_list.exhibit_ids() == [e.id for e in project.exhibits]
    for row, exhibit in enumerate(project.exhibits):
        assert w.exhibit_list.item(row).text().startswith(f"{exhibit.label} — {exhibit.title}")
    known = {e.id for e in project.exhibits}
    for i in range(w.tabs.count()):
        view = w.tabs.widget(i)
        exhibit = w.tabs.exhibit_of(view)
        if exhibit is not None:
            assert exhibit in known and w.tabs.tabText(i) == project.exhibit(exhibit).label
            shown = {h.annotation_id for h in view.highlights}  # type: ignore[attr-defined]
            assert shown == {str(a.id) for a in project.annotations_of(exhibit)}
    assert {r.annotation.id for r in w.annotations_panel.model.rows} == {a.id for a in project.annotations}


def drop(w: MainWindow, files: list[Path]) -> None:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    event = QDropEvent(
        QPointF(20, 20), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    w.dropEvent(event)


@pytest.mark.slow
def test_four_pdfs_dropped_at_once_become_four_exhibits(qtbot: QtBot, exhibits_copy: Path) -> None:
    """Each read in a worker process from the same project; each gets its own label when it joins (the bug: only the
    first was added, the others refused as 'already in the project, or its label is taken')."""
    path = exhibits_copy / "case.json"
    save_project(edits.new_project(Case(name="Kadrey"), load_codebook(default_codebook_path())), path)
    w = window(qtbot)
    assert w.open_project(path)
    drop(w, [exhibits_copy / name for name in NAMES])
    qtbot.waitUntil(lambda: len(w.project.exhibits) == 4, timeout=TIMEOUT)
    assert [e.label for e in w.project.exhibits] == ["Ex. 1", "Ex. 2", "Ex. 3", "Ex. 4"]
    assert sorted(Path(e.path).name for e in w.project.exhibits) == sorted(NAMES)
    assert w.last_error == "" and w.modified
    views_match(w)
    w.link.undo_action.trigger()  # read in parallel, added as one step
    assert w.project.exhibits == [] and not w.modified
    views_match(w)
    w.link.redo_action.trigger()
    assert [e.label for e in w.project.exhibits] == ["Ex. 1", "Ex. 2", "Ex. 3", "Ex. 4"]
    views_match(w)
    assert w.save()
    assert len(load_project(path).exhibits) == 4


@pytest.mark.slow
def test_a_folder_dropped_is_read_in_parallel_and_added_as_one_step(qtbot: QtBot, exhibits_copy: Path) -> None:
    path = exhibits_copy / "case.json"
    save_project(edits.new_project(Case(name="Kadrey"), load_codebook(default_codebook_path())), path)
    volume = exhibits_copy / "VOL001"
    volume.mkdir()
    for name in NAMES[:3]:
        shutil.move(exhibits_copy / name, volume / name)
    (volume / "damaged.pdf").write_bytes(b"%PDF-1.7 and nothing else")
    w = window(qtbot)
    assert w.open_project(path)
    drop(w, [volume])
    qtbot.waitUntil(lambda: "damaged.pdf" in w.last_error, timeout=TIMEOUT)
    assert sorted(Path(e.path).name for e in w.project.exhibits) == sorted(NAMES[:3])
    assert w.link.undo_action.text().replace("&", "") == "Undo Add 3 exhibits"
    views_match(w)
    w.link.undo_action.trigger()  # one step takes them all back
    assert w.project.exhibits == []
    views_match(w)


@pytest.mark.slow
def test_merge_that_adds_an_exhibit_then_undo_leaves_every_view_equal(
    qtbot: QtBot, case_project: Path, tmp_path: Path
) -> None:
    """The bug: after undoing the merge the list still showed the exhibit it had added; opening it raised
    KeyError in a slot."""
    theirs_folder = tmp_path / "bo"
    theirs_folder.mkdir()
    theirs_path = theirs_folder / "case.json"
    theirs = load_project(case_project)
    for e in theirs.exhibits:
        shutil.copy(case_project.parent / e.path, theirs_folder / e.path)
    shutil.copy(EXHIBITS / "court" / "ca1-opinion.pdf", theirs_folder / "opinion.pdf")
    intake.add_exhibit(theirs, theirs_path, theirs_folder / "opinion.pdf", label="PX-9")
    edits.tag_area(theirs, theirs.exhibits[-1], 0, (40, 40, 300, 200), ["damages"], author="Bo")
    save_project(theirs, theirs_path)
    w = window(qtbot)
    w.open_project(case_project)
    opened(qtbot, w, "Ex. 1")
    labels_before = [e.label for e in w.project.exhibits]
    answers = Answers(click("OK"))  # the merge report
    assert w.sharing.merge_file(theirs_path)
    assert answers.seen == ["merge-report"] and len(w.project.annotations) == 2
    assert [e.label for e in w.project.exhibits][-1] == "PX-9"
    w.open_exhibit(w.project.exhibits[-1].id)
    opened(qtbot, w, "PX-9")
    views_match(w)
    w.link.undo_action.trigger()
    assert [e.label for e in w.project.exhibits] == labels_before and len(w.project.annotations) == 1
    views_match(w)
    for row in range(w.exhibit_list.count()):  # every row opens what it names
        w.exhibit_list.open_requested.emit(w.exhibit_list.item(row).data(Qt.ItemDataRole.UserRole))
    qtbot.waitUntil(lambda: len(w.page_views()) == 4 and all(v.page_count for v in w.page_views()), timeout=TIMEOUT)
    views_match(w)
    w.link.redo_action.trigger()
    assert len(w.project.annotations) == 2
    views_match(w)


def test_codebook_import_review_star_and_delete_each_undone_and_redone(qtbot: QtBot, case_project: Path) -> None:
    w = window(qtbot)
    w.open_project(case_project)
    opened(qtbot, w, "Ex. 1")
    project = load_project(case_project)
    edits.tag_area(project, project.exhibits[0], 0, (50, 50, 300, 120), ["copying"], author="Test Author")
    save_project(project, case_project)
    w.open_project(case_project)
    opened(qtbot, w, "Ex. 1")
    first, second = (a.id for a in w.project.annotations)
    firm = Codebook(categories=[
        Category(id="harm", name="Market harm", colour="#112233", description="Factor 4.", shortcut="h"),
        Category(id="harm-lic", name="Licensing", colour="#223344", parent="harm"),
    ])  # fmt: skip
    steps = [
        ImportCodebook(firm, "firm.json"),
        EditAnnotations.one("Review: accepted", first, review=ReviewStatus.accepted),
        EditAnnotations("Mark key passage", {first: {"key_passage": True}, second: {"key_passage": True}}),
        EditAnnotations.one("Categories", second, category_ids=["harm-lic"]),
    ]
    for op in steps:
        before = w.project.model_dump_json()
        assert w.link.apply(op) is not None
        after = w.project.model_dump_json()
        views_match(w)
        assert w.link.undo_action.text().replace("&", "") == f"Undo {op.label}"
        w.link.undo_action.trigger()
        assert w.project.model_dump_json() == before
        views_match(w)
        w.link.redo_action.trigger()
        assert w.project.model_dump_json() == after
        views_match(w)
    harm = w.project.category("harm-lic")
    assert harm.parent == "harm" and w.project.category("harm").shortcut == "h"
    w.annotations_panel.select_ids({first, second})
    w.tagging.delete_selected()
    assert w.project.annotations == []
    views_match(w)
    w.link.undo_action.trigger()
    assert len(w.project.annotations) == 2 and all(a.key_passage for a in w.project.annotations)
    views_match(w)


@pytest.mark.slow
def test_undoing_back_to_the_saved_state_leaves_nothing_to_recover(qtbot: QtBot, case_project: Path) -> None:
    w = window(qtbot)
    w.open_project(case_project)
    opened(qtbot, w, "Ex. 1")
    annotation = w.project.annotations[0].id
    w.link.apply(EditAnnotations.one("Edit note", annotation, note="unsaved"))
    w.link.flush_journal()
    assert recovery_for(case_project) is not None
    w.link.undo_action.trigger()
    assert not w.modified and not w.isWindowModified()
    w.link.flush_journal()
    assert recovery_for(case_project) is None


def test_an_unexpected_error_shows_a_dialog_and_the_window_goes_on(qtbot: QtBot, case_project: Path) -> None:
    w = window(qtbot)
    w.open_project(case_project)
    previous = errors.install(lambda: w)
    try:
        try:
            raise KeyError("exh-gone")
        except KeyError:
            sys.excepthook(*sys.exc_info())  # as Qt does for an exception escaping a slot
        dialog = w.findChild(errors.UnexpectedErrorDialog, "unexpected-error")
        assert dialog is not None and "KeyError" in dialog.text() and "exh-gone" in dialog.details
        dialog.copy_button.click()
        assert "Traceback" in QApplication.clipboard().text() and "exh-gone" in QApplication.clipboard().text()
    finally:
        sys.excepthook = previous
    assert w.isVisible() and w.project is not None


@pytest.mark.slow
def test_a_bulk_add_cancelled_at_once_adds_nothing_and_says_nothing(qtbot: QtBot, exhibits_copy: Path) -> None:
    path = exhibits_copy / "case.json"
    save_project(edits.new_project(Case(name="Kadrey"), load_codebook(default_codebook_path())), path)
    volume = exhibits_copy / "VOL002"
    volume.mkdir()
    for k in range(30):  # different files: the same bytes would be the same exhibit
        data = (exhibits_copy / NAMES[k % 3]).read_bytes()
        (volume / f"DOC{k:03d}.pdf").write_bytes(data + f"\n% copy {k}\n".encode())
    w = window(qtbot)
    assert w.open_project(path)
    w.files.add_all([volume])
    reader = w.files.bulk
    assert reader is not None
    reader.cancel()  # as the progress dialog's Cancel does
    with qtbot.waitSignal(reader.done, timeout=TIMEOUT):
        pass
    qtbot.wait(100)
    assert w.project.exhibits == [] and w.last_error == "" and not w.modified
    views_match(w)
