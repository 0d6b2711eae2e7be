"""The category palette (Ctrl+T, or right-click on a selection): type to filter the codebook, tick one or several
categories, add a note and a key-passage star, Enter to tag."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...core.model import Category, category_depths
from ...core.normalize import fast_fold
from ..pages.highlights import plain_tooltip


def swatch(colour: str, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class CategoryPalette(QDialog):
    def __init__(
        self,
        categories: list[Category],
        checked: list[str] | None = None,
        note: str = "",
        key_passage: bool = False,
        title: str = "Tag passage",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("category-palette")
        self.setWindowTitle(title)
        self.filter = QLineEdit()
        self.filter.setObjectName("palette-filter")
        self.filter.setAccessibleName("Find a category")
        self.filter.setPlaceholderText("Type to find a category…")
        self.filter.textChanged.connect(self._refilter)
        self.filter.installEventFilter(self)
        self.list = QListWidget()
        self.list.setObjectName("palette-list")
        self.list.setAccessibleName("Categories")
        depths = category_depths(categories)
        for c in categories:
            shortcut = f"   [{c.shortcut}]" if c.shortcut else ""
            item = QListWidgetItem(swatch(c.colour), "    " * depths[c.id] + c.name + shortcut)
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, fast_fold(c.name, True))
            item.setToolTip(plain_tooltip(c.description or c.name))  # the definition, where categories are chosen
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if c.id in (checked or []) else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.itemActivated.connect(self._toggle)
        self.note = QPlainTextEdit(note)
        self.note.setObjectName("palette-note")
        self.note.setAccessibleName("Note")
        self.note.setPlaceholderText("Note (optional)")
        self.note.setFixedHeight(70)
        self.key_passage = QCheckBox("★ Key passage (the attorney reads these first)")
        self.key_passage.setChecked(key_passage)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        layout.addWidget(QLabel("Ctrl+Space ticks a category; Enter tags with the ticked ones (or the one shown)."))
        layout.addWidget(self.note)
        layout.addWidget(self.key_passage)
        layout.addWidget(buttons)
        self.resize(420, 460)
        self._refilter("")

    def _refilter(self, text: str) -> None:
        needle = fast_fold(text, True)
        first = None
        for i in range(self.list.count()):
            item = self.list.item(i)
            hidden = bool(needle) and needle not in item.data(Qt.ItemDataRole.UserRole + 1)
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        if first is not None:
            self.list.setCurrentItem(first)

    def _toggle(self, item: QListWidgetItem) -> None:
        checked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # While typing in the filter: Up/Down move through the list, Ctrl+Space ticks (plain Space is for names
        # like "fair use").
        if watched is self.filter and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                QApplication.sendEvent(self.list, event)
                return True
            if event.key() == Qt.Key.Key_Space and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                if self.list.currentItem() is not None:
                    self._toggle(self.list.currentItem())
                return True
        return super().eventFilter(watched, event)

    def category_ids(self) -> list[str]:
        ticked = [
            self.list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]
        current = self.list.currentItem()
        if not ticked and current is not None and not current.isHidden():
            ticked = [current.data(Qt.ItemDataRole.UserRole)]
        return ticked
