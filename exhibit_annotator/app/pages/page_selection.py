"""Selecting on the page view: press-drag selects text in reading order (the core decides which characters,
``core.pdf.selection``), double click a word, triple click a line, Shift+click extends; Alt+drag (or ``area_mode``)
draws a rectangle instead. A mixin of ``PageView``, which provides the pages' geometry and text."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, QPointF, QRectF, Qt, SignalInstance
from PySide6.QtGui import QMouseEvent, QTransform
from PySide6.QtWidgets import QAbstractScrollArea, QApplication

from ...core.pdf.anchoring import AnchorError, Passage, passage
from ...core.pdf.rendering import DocumentInfo
from ...core.pdf.selection import Caret, caret_at, line_at, ordered, page_ranges, word_at
from ...core.pdf.text import PageText

# Type checkers see the scroll area the mixin is used with; at run time it is a plain class before it in the MRO.
if TYPE_CHECKING:
    _Base = QAbstractScrollArea
else:
    _Base = object


class _Fetched:
    def __init__(self, texts: dict[int, PageText]) -> None:
        self._texts = texts

    def page(self, index: int) -> PageText:
        return self._texts[index]


@dataclass(frozen=True)
class Area:
    page: int
    rect: tuple[float, float, float, float]  # unrotated page space, points


class PageSelection(_Base):
    if TYPE_CHECKING:  # provided by the page view
        info: DocumentInfo
        area_mode: bool
        _texts: OrderedDict[int, PageText]  # the text of recently shown pages
        selection_changed: SignalInstance
        link_to_uri: SignalInstance
        hint: SignalInstance

        def visible_pages(self, margin: int = 0) -> range: ...
        def _page_transform(self, index: int) -> QTransform: ...
        def _request_text(self, index: int) -> None: ...
        def _link_at(self, pos: QPointF) -> object | None: ...
        def go_to_page(self, index: int, y_points: float | None = None) -> None: ...
        def page_rect(self, index: int) -> QRectF: ...

    def _init_selection(self) -> None:
        self._anchor: Caret | None = None  # where a text selection started
        self._head: Caret | None = None  # where it ends (the mouse, or Shift+click)
        self.area: Area | None = None
        self._area_start: tuple[int, QPointF] | None = None
        self._clicks = 0
        self._click_clock = QElapsedTimer()

    def clear_selection(self) -> None:
        changed = self._anchor is not None or self.area is not None
        self._anchor = self._head = None
        self.area = None
        if changed:
            self.viewport().update()
            self.selection_changed.emit()

    def selection(self) -> tuple[Caret, Caret] | None:
        """The selected text's start and end carets, in reading order; None when nothing is selected."""
        if self._anchor is None or self._head is None or self._anchor == self._head:
            return None
        return ordered(self._anchor, self._head)

    def select(self, start: Caret, end: Caret) -> None:
        self.area = None
        self._anchor, self._head = start, end
        self.viewport().update()
        self.selection_changed.emit()

    def selected_passage(self) -> Passage | None:
        """The selection as the core's passage (text in reading order, quote, rectangles), or None."""
        span = self.selection()
        if span is None or any(p not in self._texts for p in range(span[0].page, span[1].page + 1)):
            return None
        try:
            return passage(_Fetched(self._texts), span[0].page, span[0].offset, span[1].page, span[1].offset)
        except AnchorError:
            return None  # only whitespace selected

    def selection_rects(self) -> dict[int, list[tuple[float, float, float, float]]]:
        span = self.selection()
        if span is None:
            return {}
        lengths = {i: len(t.text) for i, t in self._texts.items()}
        return {page: self._texts[page].rects(s, e) for page, (s, e) in page_ranges(*span, lengths).items()}

    def _page_at(self, pos: QPointF) -> tuple[int, float, float] | None:
        """The page under ``pos`` and the point in unrotated page space; the nearest page between pages."""
        pages = list(self.visible_pages())
        if not pages:
            return None

        def distance(i: int) -> float:
            r = self.page_rect(i)
            return 0.0 if r.top() <= pos.y() <= r.bottom() else min(abs(pos.y() - r.top()), abs(pos.y() - r.bottom()))

        index = min(pages, key=distance)
        inverse, _ = self._page_transform(index).inverted()
        point = inverse.map(pos)
        return index, point.x(), point.y()

    def _caret_at(self, pos: QPointF) -> Caret | None:
        hit = self._page_at(pos)
        if hit is not None and hit[0] not in self._texts:
            self._request_text(hit[0])  # the mouse is over it: have its text ready for a press or a drag
        if hit is None or hit[0] not in self._texts:
            return None
        index, x, y = hit
        return Caret(index, caret_at(self._texts[index], x, y))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus()
        pos = event.position()
        if self.area_mode or event.modifiers() & Qt.KeyboardModifier.AltModifier:
            hit = self._page_at(pos)
            if hit is not None:
                self._anchor = self._head = None
                self._area_start = (hit[0], QPointF(hit[1], hit[2]))
            return
        # A third press soon after a double click selects the line.
        quick = self._click_clock.isValid() and self._click_clock.elapsed() < QApplication.doubleClickInterval()
        self._clicks = self._clicks + 1 if quick and self._clicks >= 2 else 1
        caret = self._caret_at(pos)
        if caret is not None and not self._texts[caret.page].text.strip():
            self.hint.emit("No text on this page (a scan): Alt+drag, or Area Selection, tags an area of it.")
            caret = None  # nothing to select there
        if caret is None:
            if self._link_at(pos) is None:
                self.clear_selection()
            return
        if self._clicks >= 3:
            s, e = line_at(self._texts[caret.page], caret.offset)
            self.select(Caret(caret.page, s), Caret(caret.page, e))
            self._clicks = 0
            return
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier and self._anchor is not None:
            self.select(self._anchor, caret)
            return
        self.area = None
        self._anchor = self._head = caret
        self.viewport().update()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        caret = self._caret_at(event.position())
        if event.button() != Qt.MouseButton.LeftButton or caret is None:
            super().mouseDoubleClickEvent(event)
            return
        s, e = word_at(self._texts[caret.page], caret.offset)
        self.select(Caret(caret.page, s), Caret(caret.page, e))
        self._clicks = 2
        self._click_clock.start()

    def _drag(self, event: QMouseEvent) -> bool:
        """Extend the selection (or the rectangle) being dragged; whether a drag is going on."""
        if not event.buttons() & Qt.MouseButton.LeftButton:
            return False
        if self._area_start is not None:
            page, start = self._area_start
            inverse, _ = self._page_transform(page).inverted()
            end = inverse.map(event.position())
            r = self.info.pages[page]
            # Clip to the page (in unrotated space, the page spans its unrotated width and height).
            w, h = (r.height, r.width) if r.rotation in (90, 270) else (r.width, r.height)
            x0, x1 = sorted((min(max(start.x(), 0), w), min(max(end.x(), 0), w)))
            y0, y1 = sorted((min(max(start.y(), 0), h), min(max(end.y(), 0), h)))
            self.area = Area(page, (x0, y0, x1, y1))
            self.viewport().update()
            return True
        if self._anchor is not None:
            caret = self._caret_at(event.position())
            if caret is not None and caret != self._head:
                self._head = caret
                self.viewport().update()
            return True
        return False

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._area_start is not None:
            self._area_start = None
            if (
                self.area is not None
                and (self.area.rect[2] - self.area.rect[0]) * (self.area.rect[3] - self.area.rect[1]) < 4
            ):
                self.area = None  # a click, not a rectangle
            self.selection_changed.emit()
            return
        if self._anchor is not None and event.button() == Qt.MouseButton.LeftButton and self.selection() is not None:
            self.selection_changed.emit()
            return
        link = self._link_at(event.position())
        if link is not None and event.button() == Qt.MouseButton.LeftButton:
            if getattr(link, "page", None) is not None:
                self.go_to_page(int(link.page))  # type: ignore[attr-defined]
            elif getattr(link, "uri", None):
                self.link_to_uri.emit(str(link.uri))  # type: ignore[attr-defined]
        super().mouseReleaseEvent(event)
