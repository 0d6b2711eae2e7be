"""The navigation toolbar: the page box (type a page, Enter), the page count, the zoom box (fit width, fit page or
a percentage), zoom buttons and Find. It drives the current page view and follows it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QAction, QIntValidator, QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QToolBar

from ..pages.page_view import PageView

ZOOMS = ("Fit width", "Fit page", "50%", "75%", "100%", "125%", "150%", "200%", "300%", "400%")


class NavigationBar(QToolBar):
    def __init__(self, current_view: Callable[[], PageView | None], zoom_out: QAction, zoom_in: QAction) -> None:
        super().__init__("Navigation")
        self._view = current_view
        self.setObjectName("navigation")
        self.setMovable(False)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.page_box = QLineEdit()
        self.page_box.setObjectName("page-box")
        self.page_box.setAccessibleName("Page number")
        self.page_box.setFixedWidth(56)
        self.page_box.setAlignment(Qt.AlignmentFlag.AlignRight)
        self._numbers = QIntValidator(1, 1_000_000, self)
        self._labels = QRegularExpressionValidator(QRegularExpression(r"\S{0,16}"), self)
        self.page_box.setValidator(self._numbers)
        self.page_box.returnPressed.connect(self._page_entered)
        self.page_labels: list[str] = []  # the current exhibit's own page labels ("iv"), when it has them
        self.page_total = QLabel(" / –")
        self.zoom_box = QComboBox()
        self.zoom_box.setEditable(True)
        self.zoom_box.setAccessibleName("Zoom")
        self.zoom_box.setFixedWidth(100)
        self.zoom_box.addItems(list(ZOOMS))
        self.zoom_box.activated.connect(lambda _: self._zoom_entered())
        editor = self.zoom_box.lineEdit()
        assert editor is not None  # editable
        editor.setAccessibleName("Zoom")
        editor.returnPressed.connect(self._zoom_entered)
        self.addWidget(QLabel(" Page "))
        self.addWidget(self.page_box)
        self.addWidget(self.page_total)
        self.addSeparator()
        self.addAction(zoom_out)
        self.addWidget(self.zoom_box)
        self.addAction(zoom_in)
        self.addSeparator()

    def show_view(self, view: PageView | None) -> None:
        if view is None or not view.page_count:  # no exhibit, or its first page still on its way
            self.page_total.setText(" / –" if view is None else " / …")
            self.page_box.clear()
            return
        # With page labels the box shows and takes the label ("iv"); its place is shown beside it ("5 of 30").
        self.page_box.setValidator(self._labels if self.page_labels else self._numbers)
        self.page_total.setText(f" / {view.page_count}")
        self.show_page(view.current_page)
        self.show_zoom(view.zoom)

    def show_page(self, page: int) -> None:
        view = self._view()
        if self.page_labels and page < len(self.page_labels):
            self.page_box.setText(self.page_labels[page])
            self.page_total.setText(f" ({page + 1} of {view.page_count if view else len(self.page_labels)})")
        else:
            self.page_box.setText(str(page + 1))

    def show_zoom(self, zoom: float) -> None:
        self.zoom_box.setEditText(f"{zoom:.0f}%")

    def _page_entered(self) -> None:
        view = self._view()
        text = self.page_box.text().strip()
        if view is None or not text:
            return
        if text in self.page_labels:
            view.go_to_page(self.page_labels.index(text))
        elif text.isdigit():
            view.go_to_page(int(text) - 1)
        else:
            self.show_page(view.current_page)  # neither a label nor a number: show where we are
            return
        view.setFocus()

    def _zoom_entered(self) -> None:
        view = self._view()
        if view is None:
            return
        text = self.zoom_box.currentText().strip().lower()
        if text.startswith("fit w"):
            view.set_fit("width")
        elif text.startswith("fit p"):
            view.set_fit("page")
        else:
            try:
                view.set_zoom(float(text.rstrip("%")))
            except ValueError:
                self.show_zoom(view.zoom)
        view.setFocus()
