"""The codebook editor: add, rename, recolour, set shortcuts, reorder, nest, merge, delete, import and export.

Every button is one undoable ``EditCodebook`` command calling a core function, so a change shows at once in the
highlights, the panel and the palette, and Ctrl+Z takes it back (in the window as well as here).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from ...core.model import Project, category_depths
from ...core.project.categories import (
    AddCategory,
    ChangeCategory,
    DeleteCategory,
    EditCodebook,
    ImportCodebook,
    MergeCategories,
    MoveCategory,
)
from ...core.project.listing import usage
from ...core.project.session import Change
from ...core.project.store import load_codebook, save_codebook
from ..pages.highlights import plain_tooltip
from ..panels.category_palette import swatch

if TYPE_CHECKING:
    from ..window.window_api import WindowApi


class CodebookEditor(QDialog):
    def __init__(self, window: WindowApi) -> None:
        super().__init__(window)
        self.main = window
        self.setObjectName("codebook-editor")
        self.setWindowTitle("Codebook")
        self.list = QListWidget()
        self.list.setObjectName("codebook-list")
        self.list.setAccessibleName("Categories of the codebook")
        self.list.itemDoubleClicked.connect(lambda _: self.rename())
        buttons = QGridLayout()
        actions: list[tuple[str, Callable[[], None]]] = [
            ("&Add…", self.add), ("&Rename…", self.rename), ("&Colour…", self.recolour),
            ("&Shortcut…", self.set_shortcut), ("De&finition…", self.define),
            ("Move &Up", lambda: self.move_category(-1)), ("Move &Down", lambda: self.move_category(1)),
            ("&Nest Under…", self.nest), ("&Merge Into…", self.merge), ("De&lete…", self.delete),
            ("&Import…", self.import_codebook), ("&Export…", self.export_codebook),
        ]  # fmt: skip
        for n, (label, slot) in enumerate(actions):
            button = QPushButton(label)
            button.setObjectName(label.replace("&", "").rstrip("…").lower().replace(" ", "-"))
            button.clicked.connect(slot)
            buttons.addWidget(button, n // 2, n % 2)
        undo = QHBoxLayout()
        self._history_buttons: list[tuple[QAction, QPushButton]] = []
        for action in window.link.actions:
            button = QPushButton()
            button.clicked.connect(action.trigger)
            undo.addWidget(button)
            self._history_buttons.append((action, button))
            action.changed.connect(self._follow_history)  # "Undo Rename Copying", as in the Edit menu
        self._follow_history()
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        undo.addStretch(1)
        undo.addWidget(close)
        side = QVBoxLayout()
        side.addLayout(buttons)
        side.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(side)
        outer = QVBoxLayout()
        outer.addLayout(undo)
        side.addLayout(outer)
        # The list follows every change to the codebook (ours, an undo in the window); let go when closed.
        window.link.changed.connect(self._changed)
        self.finished.connect(self._let_go)
        self.resize(620, 420)
        self.refresh()

    @property
    def project(self) -> Project:
        assert self.main.project is not None
        return self.main.project

    def _follow_history(self) -> None:
        for action, button in self._history_buttons:
            button.setText(action.text().replace("&", ""))
            button.setEnabled(action.isEnabled())

    def _let_go(self) -> None:
        """Closed: nothing of the window calls into this dialog any more (it is deleted after)."""
        self.main.link.changed.disconnect(self._changed)
        for action, _ in self._history_buttons:
            action.changed.disconnect(self._follow_history)

    def _changed(self, change: Change) -> None:
        if change.codebook or change.annotations or change.project:
            self.refresh()

    def refresh(self) -> None:
        current = self.current_id()
        self.list.clear()
        used = usage(self.project.annotations)
        depths = category_depths(self.project.codebook)
        for c in self.project.codebook:
            shortcut = f"   [{c.shortcut}]" if c.shortcut else ""
            text = "    " * depths[c.id] + f"{c.name}{shortcut}   ({used.get(c.id, 0)})"
            item = QListWidgetItem(swatch(c.colour, 14), text)
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            item.setToolTip(plain_tooltip(c.description or "(no definition: Definition… adds one)"))
            self.list.addItem(item)
            if c.id == current:
                self.list.setCurrentItem(item)

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _run(self, op: EditCodebook) -> bool:
        return self.main.link.apply(op) is not None

    def _others(self, category_id: str) -> list[tuple[str, str]]:
        return [(c.name, c.id) for c in self.project.codebook if c.id != category_id]

    def _choose(self, title: str, label: str, choices: list[tuple[str, str]]) -> str | None:
        names = [name for name, _ in choices]
        name, ok = QInputDialog.getItem(self, title, label, names, 0, False)
        return dict(choices).get(name) if ok else None

    # --- the buttons -------------------------------------------------------------------------------------------------
    def add(self) -> None:
        name, ok = QInputDialog.getText(self, "Add Category", "Name:")
        if ok and name.strip():
            self._run(AddCategory(name))

    def rename(self) -> None:
        cid = self.current_id()
        if cid is None:
            return
        old = self.project.category(cid).name
        name, ok = QInputDialog.getText(self, "Rename Category", "Name:", text=old)
        if ok and name.strip() and name.strip() != old:
            self._run(ChangeCategory(cid, name=name.strip()))

    def define(self) -> None:
        """What the category means: printed under its heading in briefs, shown where categories are chosen."""
        cid = self.current_id()
        if cid is None:
            return
        category = self.project.category(cid)
        text, ok = QInputDialog.getMultiLineText(self, "Definition", f"{category.name}:", category.description)
        if ok and text.strip() != category.description:
            self._run(ChangeCategory(cid, description=text.strip()))

    def recolour(self) -> None:
        cid = self.current_id()
        if cid is None:
            return
        category = self.project.category(cid)
        colour = QColorDialog.getColor(QColor(category.colour), self, f"Colour of {category.name}")
        if colour.isValid():
            self._run(ChangeCategory(cid, colour=colour.name()))

    def set_shortcut(self) -> None:
        cid = self.current_id()
        if cid is None:
            return
        category = self.project.category(cid)
        key, ok = QInputDialog.getText(
            self, "Shortcut", f"One key that tags with {category.name} (empty for none):", text=category.shortcut or ""
        )
        if ok:
            shortcut = key.strip()[:1] or None
            if shortcut is not None and QKeySequence(shortcut).isEmpty():
                return
            taken = self.main.app_keys().get(QKeySequence(shortcut or "").toString())
            if shortcut is not None and taken:
                self.main.show_error("Shortcut taken", f"{shortcut.upper()} is the key of {taken}: choose another.")
                return
            self._run(ChangeCategory(cid, shortcut=shortcut))

    def move_category(self, step: int) -> None:
        cid = self.current_id()
        if cid is not None:
            self._run(MoveCategory(cid, step))

    def nest(self) -> None:
        cid = self.current_id()
        if cid is None:
            return
        parent = self._choose("Nest Under", "Parent (claim):", [("(top level)", ""), *self._others(cid)])
        if parent is not None:
            self._run(ChangeCategory(cid, parent=parent or None))

    def merge(self) -> None:
        cid = self.current_id()
        if cid is None:
            return
        target = self._choose(
            "Merge Into", f"Move the annotations of {self.project.category(cid).name} to:", self._others(cid)
        )
        if target:
            self._run(MergeCategories(cid, target))

    def delete(self) -> None:
        cid = self.current_id()
        if cid is None:
            return
        category = self.project.category(cid)
        used = usage(self.project.annotations)[cid]
        move_to: str | None = None
        if used:
            box = QMessageBox(QMessageBox.Icon.Question, "Delete Category",
                              f"{used} annotation(s) have {category.name}. Move them to another category, or just "
                              "remove this category from them (the annotations stay)?", parent=self)  # fmt: skip
            move = box.addButton("Move Them…", QMessageBox.ButtonRole.AcceptRole)
            remove = box.addButton("Remove the Category Only", QMessageBox.ButtonRole.DestructiveRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.exec()
            if box.clickedButton() == move:
                move_to = self._choose("Move Annotations", "Move them to:", self._others(cid))
                if move_to is None:
                    return
            elif box.clickedButton() != remove:
                return
        self._run(DeleteCategory(cid, move_to))

    def import_codebook(self) -> None:
        chosen = self.main.choose_and_load("Import Codebook", "Codebooks or projects (*.json)", load_codebook)
        if chosen is None:
            return
        name, codebook = chosen
        op = ImportCodebook(codebook, name.name)
        if self.main.link.apply(op) is not None:
            added, kept = len(op.added), len(codebook.categories) - len(op.added)
            QMessageBox.information(
                self, "Codebook imported",
                f"{name.name}: {added} categor{'y' if added == 1 else 'ies'} added (with their nesting, colours, "
                f"definitions and shortcuts); {kept} already in the codebook, kept as they are."
                + "".join(f"\n• {clash}" for clash in op.clashes),
            )  # fmt: skip

    def export_codebook(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Export Codebook", "codebook.json", "Codebooks (*.json)")
        if name:
            try:
                save_codebook(Path(name), self.project.codebook)
            except OSError as e:
                self.main.show_error("Cannot export codebook", f"{Path(name).name}: {e}")
