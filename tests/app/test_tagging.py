"""Tagging with the mouse and keyboard, driven headless: drags on real pages (English and Arabic), a double click,
number keys, the palette, the panel, undo/redo, the codebook editor and the autosave journal after a crash."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QPushButton, QTextEdit
from pytestqt.qtbot import QtBot

from exhibit_annotator.app.pages.page_view import PageView
from exhibit_annotator.app.window.main_window import MainWindow
from exhibit_annotator.core.normalize import collapse_whitespace
from exhibit_annotator.core.pdf.selection import Caret
from exhibit_annotator.core.project.categories import AddCategory, MergeCategories
from exhibit_annotator.core.project.journal import journal_path
from exhibit_annotator.core.project.store import load_project

from ..conftest import SOURCES
from .test_main_window import TIMEOUT, on_exhibit, opened, window

Point = tuple[float, float]


def _with_text(qtbot: QtBot, view: PageView, page: int = 0):
    qtbot.waitUntil(lambda: view.page_text(page) is not None, timeout=TIMEOUT)
    return view.page_text(page)


def _on_screen(view: PageView, page: int, x: float, y: float) -> QPoint:
    return view._page_transform(page).map(QPointF(x, y)).toPoint()


def _mouse(view: PageView, kind: QEvent.Type, pos: QPoint, buttons: Qt.MouseButton) -> None:
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    event = QMouseEvent(kind, QPointF(pos), QPointF(view.viewport().mapToGlobal(pos)), button, buttons,
                        Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(view.viewport(), event)


def _by_key(w: MainWindow, key: str) -> str:
    """The category a key tags with: the codebook's own shortcut, else the key's place in the codebook."""
    project = w.project
    assert project is not None
    own = [c.id for c in project.codebook if c.shortcut == key]
    return own[0] if own else project.codebook[int(key) - 1].id


def drag(view: PageView, start: QPoint, end: QPoint) -> None:
    """A real press, moves with the button held, and release, as a hand on a mouse does."""
    _mouse(view, QEvent.Type.MouseButtonPress, start, Qt.MouseButton.LeftButton)
    for k in range(1, 6):
        step = start + (end - start) * (k / 5)
        _mouse(view, QEvent.Type.MouseMove, step, Qt.MouseButton.LeftButton)
    _mouse(view, QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)


@pytest.mark.slow
def test_drag_across_an_english_line_tag_with_a_number_key_undo_and_redo(qtbot: QtBot, case_project: Path) -> None:
    w = window(qtbot)
    w.open_project(case_project)
    view = opened(qtbot, w, "Ex. 1")
    text = _with_text(qtbot, view)
    line = text.lines[2]  # "1. This exhibit summarises internal company messages that the court unsealed on a"
    x0, y0, x1, y1 = line.bbox
    drag(view, _on_screen(view, 0, x0 - 2, (y0 + y1) / 2), _on_screen(view, 0, x1 + 2, (y0 + y1) / 2))
    found = view.selected_passage()
    assert found is not None and found.text == text.text[line.start : line.end]
    assert found.text.startswith("1. This exhibit summarises")
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)  # copied with its cite, as the brief
    memo = QTextEdit()
    memo.paste()
    assert memo.toPlainText() == f"“{found.text}” (Ex. 1 at 1)"
    before = len(w.project.annotations)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_1)
    project = w.project
    assert len(project.annotations) == before + 1
    tagged = project.annotations[-1]
    assert tagged.text == found.text and tagged.category_ids == [_by_key(w, "1")]
    assert tagged.author == "Test Author" and w.isWindowModified()
    assert any(h.annotation_id == str(tagged.id) for h in view.highlights)  # highlighted on the page
    assert w.annotations_panel.selected_ids() == [tagged.id]  # and selected in the panel
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(w.project.annotations) == before and not any(h.annotation_id == str(tagged.id) for h in view.highlights)
    assert w.project.deleted == []  # an undone tag is not a deletion to tell colleagues about
    assert not w.isWindowModified()  # back where it was saved
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert w.project.annotations[-1] == tagged  # redo gives back the same annotation: id, text, time
    assert w.save()
    assert load_project(case_project).annotations[-1].text == found.text


@pytest.mark.slow
def test_drag_across_an_arabic_line_stores_it_in_reading_order(qtbot: QtBot, case_project: Path) -> None:
    source = collapse_whitespace((SOURCES / "ar.txt").read_text(encoding="utf-8"))
    w = window(qtbot)
    w.open_project(case_project)
    w.open_exhibit(w.project.exhibits[2].id)
    view = opened(qtbot, w, "Ex. 3")
    text = _with_text(qtbot, view)
    line = next(ln for ln in text.lines if ln.rtl and ln.end - ln.start > 30)
    x0, y0, x1, y1 = line.bbox
    y = (y0 + y1) / 2
    # An Arabic line starts on the right: drag from its right edge to its middle.
    drag(view, _on_screen(view, 0, x1 + 2, y), _on_screen(view, 0, (x0 + x1) / 2, y))
    found = view.selected_passage()
    assert found is not None
    whole = text.text[line.start : line.end]
    assert whole.startswith(found.text) and len(found.text) < len(whole)  # the words the eye passed over, in order
    assert found.text in source
    # Across two lines: from the right edge of this line to the left edge of the next one.
    following = text.lines[text.lines.index(line) + 1]
    nx0, ny0, _, ny1 = following.bbox
    drag(view, _on_screen(view, 0, x1 + 2, y), _on_screen(view, 0, nx0 - 2, (ny0 + ny1) / 2))
    found = view.selected_passage()
    assert found is not None and found.page == found.end_page == 0
    assert len(found.rects) == 2 and found.text.startswith(whole)


@pytest.mark.slow
def test_double_click_selects_a_word_and_the_palette_tags_with_two_categories_and_a_note(
    qtbot: QtBot, case_project: Path
) -> None:
    w = window(qtbot)
    w.open_project(case_project)
    view = opened(qtbot, w, "Ex. 1")
    text = _with_text(qtbot, view)
    offset = text.text.index("unsealed")
    box = text.boxes[offset + 2]
    qtbot.mouseDClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=_on_screen(view, 0, (box[0] + box[2]) / 2, (box[1] + box[3]) / 2),
    )
    found = view.selected_passage()
    assert found is not None and found.text == "unsealed"
    first, second = w.project.codebook[0], w.project.codebook[2]

    def fill_palette() -> None:
        dialog = QApplication.activeModalWidget()
        dialog.filter.setText(second.name[:6])
        qtbot.keyClick(dialog.filter, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)  # tick the one found
        dialog.filter.clear()
        dialog.list.setCurrentRow(0)
        dialog.list.currentItem().setCheckState(Qt.CheckState.Checked)
        dialog.note.setPlainText("Shows the messages were sealed before.")
        dialog.key_passage.setChecked(True)
        dialog.accept()

    QTimer.singleShot(0, fill_palette)
    w.tagging.tag_action.trigger()
    tagged = w.project.annotations[-1]
    assert tagged.text == "unsealed" and set(tagged.category_ids) == {first.id, second.id}
    assert tagged.note == "Shows the messages were sealed before." and tagged.key_passage
    colours = next(h.colours for h in view.highlights if h.annotation_id == str(tagged.id))
    assert len(colours) == 2  # both categories show on the page


def test_area_selection_with_alt_drag_on_a_scan(qtbot: QtBot, case_project: Path) -> None:
    w = window(qtbot)
    w.open_project(case_project)
    w.open_exhibit(w.project.exhibits[3].id)
    view = opened(qtbot, w, "Ex. 4")
    w.tagging.area_action.trigger()  # the tool button (Alt+drag does the same)
    drag(view, _on_screen(view, 0, 100, 100), _on_screen(view, 0, 300, 200))
    assert view.area is not None and view.area.page == 0
    x0, _, _, y1 = view.area.rect
    assert abs(x0 - 100) < 2 and abs(y1 - 200) < 2
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_2)
    tagged = w.project.annotations[-1]
    assert tagged.kind == "area" and tagged.category_ids == [_by_key(w, "2")]


@pytest.mark.slow
def test_panel_filters_jumps_edits_and_deletes_with_undo(qtbot: QtBot, case_project: Path) -> None:
    w = window(qtbot)
    w.open_project(case_project)
    opened(qtbot, w, "Ex. 1")
    panel = w.annotations_panel
    assert panel.model.rowCount() == 1 and "damages" in panel.counts.text().lower()
    panel.text.setText("мистраль")  # the quote is "Мистраль": case-insensitive for Cyrillic
    assert panel.model.rowCount() == 1
    panel.text.setText("nothing like this")
    assert panel.model.rowCount() == 0 and panel.counts.text().startswith("0 of 1")
    panel.text.clear()
    panel.author.setCurrentIndex(panel.author.findData("J. Doe"))
    panel.refresh()
    assert panel.model.rowCount() == 1
    index = panel.model.index(0, 1)
    panel.table.clicked.emit(index)  # jump to it
    assert w.current_exhibit().label == "Ex. 2"
    view = w.current_view()
    qtbot.waitUntil(lambda: bool(view.flashed), timeout=TIMEOUT)  # the passage flashes once the exhibit is open
    panel.model.setData(panel.model.index(0, 4), "checked against the PDF")
    assert w.project.annotations[0].note == "checked against the PDF"
    panel.table.selectRow(0)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert w.project.annotations == [] and [d.by for d in w.project.deleted] == ["Test Author"]
    w.link.undo_action.trigger()
    assert w.project.annotations[0].note == "checked against the PDF"
    w.link.undo_action.trigger()
    assert w.project.annotations[0].note == ""


@pytest.mark.slow
def test_codebook_editor_add_and_merge_show_everywhere_and_undo(qtbot: QtBot, case_project: Path) -> None:
    from exhibit_annotator.app.dialogs.codebook_editor import CodebookEditor

    w = window(qtbot)
    w.open_project(case_project)
    opened(qtbot, w, "Ex. 1")
    editor = CodebookEditor(w)
    qtbot.addWidget(editor)
    count = editor.list.count()
    editor._run(AddCategory("Unjust enrichment"))
    assert editor.list.count() == count + 1 and w.annotations_panel.category.findText("Unjust enrichment") >= 0
    damages = next(c.id for c in w.project.codebook if c.name.lower().startswith("damages"))
    new = w.project.codebook[-1].id
    editor._run(MergeCategories(damages, new))
    assert w.project.annotations[0].category_ids == [new]
    assert "Unjust enrichment" in w.annotations_panel.counts.text()
    undo_button = next(b for b in editor.findChildren(QPushButton) if b.text().startswith("Undo"))
    assert undo_button.text() == "Undo Merge Damages into Unjust enrichment"  # the history's name, as Edit ▸ Undo
    w.link.undo_action.trigger()
    assert w.project.annotations[0].category_ids == [damages] and editor.list.count() == count + 1
    assert undo_button.text() == "Undo Add category Unjust enrichment"
    # Closed, the editor lets go: later changes (and their records) no longer reach it.
    editor.accept()
    w.link.undo_action.trigger()
    assert undo_button.text() == "Undo Add category Unjust enrichment"
    assert w.link.undo_action.text().replace("&", "") == "Undo"


@pytest.mark.slow
def test_autosave_journal_is_offered_back_after_the_app_is_killed(qtbot: QtBot, case_project: Path) -> None:
    script = textwrap.dedent(f"""
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtWidgets import QApplication
        from exhibit_annotator.app.window.main_window import MainWindow
        from exhibit_annotator.core.pdf.selection import Caret
        if __name__ == "__main__":
            app = QApplication([])
            w = MainWindow()
            w.show()
            w.open_project(__import__("pathlib").Path({str(case_project)!r}))
            def tag():
                view = w.current_view()
                if view is None or view.page_text(0) is None:
                    return
                timer.stop()
                view.select(Caret(0, 0), Caret(0, 20))
                w.tagging.tag([w.project.codebook[0].id], "typed before the crash")
                print("tagged", flush=True)
            from PySide6.QtCore import QTimer
            timer = QTimer(); timer.timeout.connect(tag); timer.start(50)
            app.exec()
    """)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    process = subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "tagged"
        deadline = time.monotonic() + 30
        while not journal_path(case_project).exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert journal_path(case_project).exists()
    finally:
        process.send_signal(signal.SIGKILL)  # a crash: no save, no clean exit
        process.wait(timeout=30)
        if process.stdout is not None:
            process.stdout.close()
    assert load_project(case_project).annotations[-1].note != "typed before the crash"  # never saved

    w = window(qtbot)

    def recover() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox) and "unsaved changes" in box.text()
        box.button(QMessageBox.StandardButton.Yes).click()

    QTimer.singleShot(0, recover)
    assert w.open_project(case_project)
    assert w.project.annotations[-1].note == "typed before the crash" and w.isWindowModified()
    assert w.save()
    w.link.flush_journal()
    assert not journal_path(case_project).exists()


@pytest.mark.slow
def test_a_drag_runs_onto_the_next_page(qtbot: QtBot, case_project: Path) -> None:
    w = window(qtbot)
    w.open_project(case_project)
    view = opened(qtbot, w, "Ex. 1")
    view.set_zoom(40)  # two pages on screen
    view.go_to_page(0)
    first, second = _with_text(qtbot, view, 0), _with_text(qtbot, view, 1)
    last_line, next_line = first.lines[-1], second.lines[0]
    x0, y0, _, y1 = last_line.bbox
    _, ny0, nx1, ny1 = next_line.bbox
    drag(view, _on_screen(view, 0, x0 - 1, (y0 + y1) / 2), _on_screen(view, 1, nx1 + 1, (ny0 + ny1) / 2))
    found = view.selected_passage()
    assert found is not None and (found.page, found.end_page) == (0, 1)
    assert found.raw.startswith(first.text[last_line.start : last_line.end])
    assert found.raw.endswith(second.text[next_line.start : next_line.end])
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_3)
    tagged = w.project.annotations[-1]
    assert (tagged.page, tagged.end_page) == (0, 1) and {r.page for r in tagged.rects} == {0, 1}


@pytest.mark.slow
def test_ctrl_c_in_the_annotations_list_copies_each_passage_with_its_cite(qtbot: QtBot, case_project: Path) -> None:
    """Plain text for a memo, rich text for Word: an Arabic quote stays right to left inside an English line."""
    w = window(qtbot)
    w.open_project(case_project)
    project = w.project
    assert project is not None
    arabic = next(e for e in project.exhibits if e.path.endswith("exhibit-ar.pdf"))
    w.open_exhibit(arabic.id)
    view = opened(qtbot, w, arabic.label)
    text = _with_text(qtbot, view)
    line = text.lines[1]
    view.select(Caret(0, line.start), Caret(0, line.end))
    w.tagging.quick_tag(project.codebook[0].id)
    tagged = w.project.annotations[-1]
    panel = w.annotations_panel
    panel.select_ids({a.id for a in w.project.annotations})
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QApplication.clipboard().mimeData()
    cites = {f"“{' '.join(a.text.split())}” ({w.project.exhibit(a.exhibit_id).cite(a.page, a.end_page)})"
             for a in w.project.annotations}  # fmt: skip
    assert set(copied.text().split("\n\n")) == cites
    assert f'<span dir="rtl">{tagged.text.split()[0]}' in copied.html()
    memo = QTextEdit()
    memo.paste()  # rich text, as Word takes it
    assert f"({arabic.label} at 1)" in memo.toPlainText() and tagged.text.split()[0] in memo.toPlainText()


@pytest.mark.slow
def test_an_exhibits_acrobat_comments_are_imported_as_one_undoable_step(qtbot: QtBot, case_project: Path) -> None:
    from ..core.test_pdf_comments import commented

    commented(case_project.parent)  # Ex. 1 now carries a colleague's highlights, box and note
    w = window(qtbot)
    w.open_project(case_project)
    opened(qtbot, w, "Ex. 1")
    before = len(w.project.annotations)

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(50, answer)
            return
        dialog.setTextValue("Copying")
        dialog.accept()

    QTimer.singleShot(50, answer)
    w.interop.import_from_pdf(w.project.exhibits[0].id)
    qtbot.waitUntil(lambda: len(w.project.annotations) == before + 4, timeout=TIMEOUT)
    imported = w.project.annotations[before:]
    assert {(a.author, a.text) for a in imported} == {
        ("Opposing Counsel", "internal company messages"), ("Bo Chen", "Llama 3"), ("Bo Chen", ""), ("Ann Lee", "")
    }  # fmt: skip
    assert all(a.category_ids == ["copying"] for a in imported)
    assert w.annotations_panel.model.rowCount() == before + 4
    assert w.statusBar().currentMessage() == "Imported 4 comment(s) into Ex. 1"
    w.link.undo_action.trigger()  # one step takes them all back
    assert len(w.project.annotations) == before and w.annotations_panel.model.rowCount() == before


@pytest.mark.slow
def test_a_refi_qda_project_is_imported_from_the_window_as_one_undoable_step(qtbot: QtBot, tmp_path: Path) -> None:
    from exhibit_annotator.core.interop.qdpx import export_qdpx
    from exhibit_annotator.core.model import Case
    from exhibit_annotator.core.project.edits import new_project
    from exhibit_annotator.core.project.store import load_codebook, save_project
    from exhibit_annotator.core.resources import default_codebook_path

    from ..core.test_qdpx import coded_project

    colleague = tmp_path / "colleague"
    colleague.mkdir()
    project, path = coded_project(colleague)
    qdpx = tmp_path / "from-qualcoder.qdpx"
    export_qdpx(project, path, qdpx)
    mine = tmp_path / "mine" / "case.json"
    mine.parent.mkdir()
    save_project(new_project(Case(name="Mine"), load_codebook(default_codebook_path())), mine)
    w = window(qtbot)
    assert w.open_project(mine)
    w.interop.import_qdpx(qdpx)
    qtbot.waitUntil(lambda: len(w.project.annotations) == 3, timeout=TIMEOUT)
    assert w.exhibit_list.count() == 3 and w.annotations_panel.model.rowCount() == 3
    assert w.statusBar().currentMessage().startswith("Imported from-qualcoder.qdpx: 0 new categories, 3 new exhibits")
    w.link.undo_action.trigger()  # one step takes it all back
    assert w.project.annotations == [] and w.project.exhibits == [] and w.exhibit_list.count() == 0


@pytest.mark.slow
def test_a_drag_across_a_transcripts_line_break_leaves_the_margin_numbers_out(qtbot: QtBot, tmp_path: Path) -> None:
    """On a deposition transcript, the numbers in the margin are layout: a drag from one numbered line into the next
    selects what the witness said, as one passage, and the brief cites it by page and line."""
    from exhibit_annotator.core.brief.brief import BriefOptions
    from exhibit_annotator.core.export import Format, export

    from ..core.test_line_numbers import transcript

    w, view = on_exhibit(qtbot, transcript(tmp_path / "smith-dep.pdf"))
    path = w.project_path
    assert path is not None
    text = _with_text(qtbot, view)
    question = next(line for line in text.lines if text.text[line.start : line.end].startswith("Q. Did your team"))
    answer = text.lines[text.lines.index(question) + 1]
    drag(view, _on_screen(view, 0, question.bbox[0] + 1, (question.bbox[1] + question.bbox[3]) / 2),
         _on_screen(view, 0, answer.bbox[2] + 2, (answer.bbox[1] + answer.bbox[3]) / 2))  # fmt: skip
    found = view.selected_passage()
    assert found is not None
    assert collapse_whitespace(found.text) == (
        "Q. Did your team download the LibGen data set? A. Yes, we downloaded the LibGen data set in 2023."
    )
    assert "line-numbered" in w.exhibit_list.item(0).text()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    memo = QTextEdit()
    memo.paste()
    assert memo.toPlainText().endswith("” (Ex. 1 at 1:5–6)")  # copied with its page:line cite
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert w.project.annotations[-1].text == found.text
    assert w.annotations_panel.model.rows[-1].cite == "Ex. 1 at 1:5–6"
    assert w.save()
    export(load_project(path), path, Format.md, tmp_path / "brief.md", BriefOptions())
    assert "— Ex\\. 1 at 1:5–6" in (tmp_path / "brief.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_drag_on_a_condensed_transcript_follows_the_transcripts_pages(qtbot: QtBot, tmp_path: Path) -> None:
    """Four transcript pages to a sheet: a drag from the foot of page 46 (bottom left) to the top of page 47 (top
    right) selects the answer as it was spoken, cited by the transcript's pages and lines, not the sheet's."""
    from ..core.test_line_numbers import condensed

    w, view = on_exhibit(qtbot, condensed(tmp_path / "smith-dep.pdf", sheets=1))
    text = _with_text(qtbot, view)
    first = next(line for line in text.lines if text.text[line.start : line.end].startswith("A. Several engineers"))
    last = text.lines[text.lines.index(first) + 1]
    assert last.bbox[0] > 306 > first.bbox[2] and last.bbox[1] < first.bbox[1]  # up the sheet, into its right half
    drag(view, _on_screen(view, 0, first.bbox[0] + 1, (first.bbox[1] + first.bbox[3]) / 2),
         _on_screen(view, 0, last.bbox[2] + 1, (last.bbox[1] + last.bbox[3]) / 2))  # fmt: skip
    found = view.selected_passage()
    assert found is not None
    assert (
        collapse_whitespace(found.text)
        == "A. Several engineers raised concerns about the legal risk of torrenting the books."
    )
    assert "condensed transcript" in w.exhibit_list.item(0).text()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert w.annotations_panel.model.rows[-1].cite == "Ex. 1 at 46:25–47:1"
