"""The annotations panel: every annotation of the project, filtered and sorted, with counts per category.

Rows and filters come from ``core.project.listing``; the panel only shows them and turns clicks and keys into requests
the window carries out (jump, edit the note in place, change categories, delete) through undo commands.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core.model import Project, ReviewStatus
from ...core.project.listing import (
    Filter,
    Row,
    RowCache,
    counted,
    first_equal,
    fits_between,
    rows,
    sort_rows,
    sorted_place,
    usage,
)
from ..pages.highlights import plain_tooltip
from ..pages.reading_order import ReadingOrder, starts_rtl

COLUMNS = ["★", "Cite", "Categories", "Quote", "Note", "Author", "Modified", "Status"]
NOTE, CATEGORIES = COLUMNS.index("Note"), COLUMNS.index("Categories")
ALL = "All"


class AnnotationModel(QAbstractTableModel):
    note_edited = Signal(object, str)  # annotation id, new note

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Row] = []
        self.colours: dict[str, str] = {}
        self.shown: dict[object, Row] = {}  # annotation id → its row
        self._sort = (1, False)

    def set_rows(self, rows: list[Row], colours: dict[str, str]) -> None:
        self.beginResetModel()
        self.rows, self.colours = sort_rows(rows, *self._sort), colours
        self.shown = {r.annotation.id: r for r in self.rows}
        self.endResetModel()

    def row_of(self, annotation_id: object) -> int | None:
        """The row showing an annotation (None: not shown): found by its sort key, a binary search, then among
        the rows that sort equal; no index of 20,000 positions to rebuild whenever a row moves."""
        row = self.shown.get(annotation_id)
        if row is None:
            return None
        i = first_equal(self.rows, row, *self._sort)
        while self.rows[i] is not row:
            i += 1
        return i

    def take(self, annotation_id: object) -> Row | None:
        """Take the row of an annotation out (a change named it), if it is shown."""
        i = self.row_of(annotation_id)
        if i is None:
            return None
        self.beginRemoveRows(QModelIndex(), i, i)
        row = self.rows.pop(i)
        del self.shown[annotation_id]
        self.endRemoveRows()
        return row

    def put(self, row: Row) -> int:
        """Show a row in its sorted place; returns where."""
        i = sorted_place(self.rows, row, *self._sort)
        self.beginInsertRows(QModelIndex(), i, i)
        self.rows.insert(i, row)
        self.shown[row.annotation.id] = row
        self.endInsertRows()
        return i

    def renew(self, row: Row) -> bool:
        """Show the new version of a row where the old one is, if it sorts there still (a note edited under a
        sort by cite): its cells change, nothing moves, the selection stays."""
        i = self.row_of(row.annotation.id)
        if i is None:
            return False
        if not fits_between(self.rows, i, row, *self._sort):
            return False
        self.rows[i] = self.shown[row.annotation.id] = row
        self.dataChanged.emit(self.index(i, 0), self.index(i, len(COLUMNS) - 1))
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # Sorted here, in Python, once: a QSortFilterProxyModel calls back into data() for every comparison
        # (10,000 rows: half a second).
        self._sort = (column, order == Qt.SortOrder.DescendingOrder)
        self.layoutAboutToBeChanged.emit()
        self.rows = sort_rows(self.rows, *self._sort)
        self.layoutChanged.emit()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return self._value(self.rows[index.row()], index.column(), role)

    def multiData(
        self, index: QModelIndex | QPersistentModelIndex, roleDataSpan: QModelRoleDataSpan | QModelRoleData
    ) -> None:
        # Every role a cell is painted with, in one call into Python: Qt's default asks data() seven times a cell,
        # and each call waits for the GIL (a repaint of the table after a tag, 20,000 rows: see benchmarks/scale).
        if not index.isValid():
            return
        row, column = self.rows[index.row()], index.column()
        span: Any = roleDataSpan  # PySide6 indexes a span; its type stubs do not say so
        for i in range(len(span)):
            wanted = span[i]
            value = self._value(row, column, wanted.role())
            if value is not None:
                wanted.setData(value)
            else:
                wanted.clearData()  # the delegate hands the same span from cell to cell: no value left over

    def _value(self, row: Row, column: int, role: int) -> object:
        a = row.annotation
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return row.column(column) if column != 0 else ("★" if a.key_passage else "")
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (3, 4):
            # A right-to-left quote or note starts at the right, as it is read.
            text = row.quote if column == 3 else row.note
            right = Qt.AlignmentFlag.AlignRight if starts_rtl(text) else Qt.AlignmentFlag.AlignLeft
            return right | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ToolTipRole and column in (3, 4):
            return plain_tooltip(row.quote if column == 3 else row.note)
        if role == Qt.ItemDataRole.DecorationRole and column == CATEGORIES and a.category_ids:
            return QColor(self.colours.get(a.category_ids[0], "#cccccc"))
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == NOTE else base

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: object, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if index.column() != NOTE or role != Qt.ItemDataRole.EditRole:
            return False
        row = self.rows[index.row()]
        if str(value) != row.note:
            self.note_edited.emit(row.annotation.id, str(value))  # the window's undo command changes it
        return True


class _Table(QTableView):
    delete_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (
            event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.state() != QAbstractItemView.State.EditingState
        ):
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


class AnnotationsPanel(QWidget):
    jump = Signal(object)  # Row: show the passage
    delete_requested = Signal(list)  # annotation ids
    categories_requested = Signal(object)  # annotation id: open the palette for it
    note_edited = Signal(object, str)
    menu_requested = Signal(list, QPoint)  # right-click on rows: their annotation ids, where (global coordinates)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.text = QLineEdit()
        self.text.setAccessibleName("Filter annotations by words")
        self.text.setObjectName("annotation-filter")
        self.text.setPlaceholderText("Filter: words in quote, note, author…")
        self.text.setClearButtonEnabled(True)
        self.category = QComboBox()
        self.category.setObjectName("filter-category")
        self.exhibit = QComboBox()
        self.exhibit.setObjectName("filter-exhibit")
        self.author = QComboBox()
        self.author.setObjectName("filter-author")
        self.status = QComboBox()
        self.status.setObjectName("filter-status")
        for box in (self.category, self.exhibit, self.author, self.status):
            box.activated.connect(lambda _: self.refresh())
        self.text.textChanged.connect(lambda _: self.refresh())
        self.model = AnnotationModel()
        self.model.note_edited.connect(self.note_edited)
        self._cache = RowCache()
        self._usage: Counter[str] = Counter()  # categories of the rows shown
        self.table = _Table()
        self.table.setAccessibleName("Annotations")
        self.table.setItemDelegate(ReadingOrder(self.table))
        self.table.setObjectName("annotations")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(
            lambda pos: self.menu_requested.emit(self.selected_ids(), self.table.viewport().mapToGlobal(pos))
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # Room for a transcript's page:line cite, not only "Ex. 3 at 2".
        cite = self.fontMetrics().horizontalAdvance("Ex. 12 at 45:12–46:3") + 12
        for column, width in enumerate((24, cite, 130, 260, 140, 90, 110, 80)):
            self.table.setColumnWidth(column, width)
        # Right-click the header to hide or show columns: a narrow panel shows what the user needs, unscrolled.
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(lambda pos: self.columns_menu().popup(header.mapToGlobal(pos)))
        self.table.clicked.connect(self._clicked)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.delete_pressed.connect(lambda: self.delete_requested.emit(self.selected_ids()))
        self.counts = QLabel()
        self.counts.setObjectName("category-counts")
        self.counts.setWordWrap(True)
        filters = QHBoxLayout()
        for box in (self.category, self.exhibit, self.author, self.status):
            filters.addWidget(box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.text)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.counts)

    def columns_menu(self) -> QMenu:
        """Every column but the cite, to show or hide."""
        menu = QMenu(self)
        menu.setObjectName("columns-menu")
        for column, name in enumerate(COLUMNS):
            if column == 1:
                continue  # the cite: what a row is
            item = menu.addAction(name)
            item.setCheckable(True)
            item.setChecked(not self.table.isColumnHidden(column))
            item.toggled.connect(lambda on, c=column: self.table.setColumnHidden(c, not on))
        return menu

    def set_project(self, project: Project | None) -> None:
        self.project = project
        self._fill_choices()
        self.refresh()

    def _fill_choices(self) -> None:
        p = self.project
        choices = {
            self.category: [(c.name, c.id) for c in p.codebook] if p else [],
            self.exhibit: [(f"{e.label} — {e.title}", e.id) for e in p.exhibits] if p else [],
            self.author: [(a or "(no author)", a) for a in sorted({a.author for a in p.annotations})] if p else [],
            self.status: [(s.words, s.value) for s in ReviewStatus],
        }
        names = {self.category: "categories", self.exhibit: "exhibits", self.author: "authors", self.status: "statuses"}
        for box, items in choices.items():
            current = box.currentData()
            box.clear()
            box.addItem(f"{ALL} {names[box]}", None)
            for label, value in items:
                box.addItem(label, value)
            box.setCurrentIndex(max(0, box.findData(current)) if current is not None else 0)

    def current_filter(self) -> Filter:
        return Filter(
            category_id=self.category.currentData(), exhibit_id=self.exhibit.currentData(),
            author=self.author.currentData(), status=self.status.currentData(), text=self.text.text().strip(),
        )  # fmt: skip

    def refresh(self) -> None:
        """Rebuild the rows (after the filters, the codebook or the exhibits changed), keeping the selected rows."""
        selected = set(self.selected_ids())
        if self.project is None:
            self.model.set_rows([], {})
            self._usage.clear()
            self.counts.clear()
            return
        if self.author.count() - 1 != len(
            {a.author for a in self.project.annotations}
        ) or self.category.count() - 1 != len(self.project.codebook):
            self._fill_choices()
        f = self.current_filter()
        kept = [r for r in rows(self.project, self._cache) if f.keeps(r)]
        self.model.set_rows(kept, {c.id: c.colour for c in self.project.codebook})
        self._usage = usage(r.annotation for r in kept)
        self._show_counts()
        if selected:
            self.select_ids(selected)

    def show_annotations(self, ids: Iterable[uuid.UUID]) -> None:
        """Only the rows of the annotations a change named are rebuilt, filtered and put in their sorted places:
        a tag, an edit or an undo costs what it changed, not a pass over 20,000 rows."""
        project = self.project
        if project is None:
            return
        f = self.current_filter()
        selected = set(self.selected_ids())
        current = [a for i in ids if (a := project.annotation_by_id(i)) is not None]
        new_rows = {r.annotation.id: r for r in rows(project, self._cache, current) if f.keeps(r)}
        for annotation_id in ids:
            row = new_rows.get(annotation_id)
            old = self.model.rows[i] if (i := self.model.row_of(annotation_id)) is not None else None
            if old is not None:
                self._usage.subtract(old.annotation.category_ids)
            if row is not None:
                self._usage.update(row.annotation.category_ids)
            if old is not None and row is not None and self.model.renew(row):
                continue
            if old is not None:
                self.model.take(annotation_id)
            if row is not None:
                self.model.put(row)
                if annotation_id in selected:
                    self.select_ids({annotation_id})
                if self.author.findData(row.annotation.author) < 0:
                    self._add_author(row.annotation.author)
        self._show_counts()

    def _add_author(self, author: str) -> None:
        """A new author joins the filter's choices in their sorted place (refilling every choice took 20 ms)."""
        place = 1
        while place < self.author.count() and str(self.author.itemData(place)) < author:
            place += 1
        self.author.insertItem(place, author or "(no author)", author)

    def _show_counts(self) -> None:
        assert self.project is not None
        counts = counted(self.project, self._usage)
        shown = f"{len(self.model.rows)} of {len(self.project.annotations)} annotations"
        self.counts.setText(shown + (":  " + " · ".join(f"{name} {n}" for name, n in counts) if counts else ""))

    def selected_ids(self) -> list[uuid.UUID]:
        return [self.model.rows[i.row()].annotation.id for i in self.table.selectionModel().selectedRows()]

    def select_ids(self, ids: set[uuid.UUID]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        for annotation_id in ids:
            row = self.model.row_of(annotation_id)
            if row is not None:
                index = self.model.index(row, 0)
                selection.select(index, selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
                self.table.scrollTo(index)

    def edit_note(self, annotation_id: uuid.UUID) -> None:
        self.select_ids({annotation_id})
        row = self.model.row_of(annotation_id)
        if row is not None:
            index = self.model.index(row, NOTE)
            self.table.setFocus()
            self.table.scrollTo(index)  # the Note column may be scrolled out of view: an editor there is unseen
            self.table.edit(index)

    def _clicked(self, index: QModelIndex) -> None:
        self.jump.emit(index.data(Qt.ItemDataRole.UserRole))

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.column() == CATEGORIES:
            self.categories_requested.emit(index.data(Qt.ItemDataRole.UserRole).annotation.id)
