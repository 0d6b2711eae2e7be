"""The continuous page view: every page of one exhibit in a vertical strip, rendered on demand.

Only visible pages (plus one page of margin) are requested, from the worker process, and at most
``MAX_IN_FLIGHT`` at a time: when scrolling fast the view always asks for the pages it needs *now*, so no queue
of stale renders builds up. Rendered pages live in an LRU cache bounded by memory. After a zoom, the page is shown
at once scaled from what is cached and replaced by a sharp render when it arrives. Images are rendered at the
screen's device pixel ratio.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget

from ..core.anchoring import AnchorError, Passage, passage
from ..core.rendering import (
    MAX_ZOOM,
    MIN_ZOOM,
    POINTS_TO_PIXELS,
    DocumentInfo,
    RenderedPage,
    ViewRequest,
    clamp_zoom,
    fit_zoom,
    page_text,
    pixel_bytes,
    pixel_zoom,
    render_page,
)
from ..core.selection import Caret, caret_at, line_at, ordered, page_ranges, word_at
from ..core.text import PageText
from .highlights import Highlight
from .render import ProcessWorker

ZOOM_STEPS = [50, 67, 75, 90, 100, 110, 125, 150, 175, 200, 250, 300, 400]
GAP = 12
MAX_IN_FLIGHT = 3
MAX_TEXTS = 48
CACHE_BYTES = 192 * 1024 * 1024


SELECTION_COLOUR = QColor(51, 128, 255, 90)
# Flat scroll bars, drawn as two rectangles: the Fusion style's took 1.1-1.2 ms to repaint (811 px tall), at every
# scroll step and on the path of the first page; these take 0.02 ms. Palette roles keep light and dark themes.
SCROLL_BARS = """
QScrollBar { background: palette(window); border: none; margin: 0; }
QScrollBar:vertical { width: 12px; }
QScrollBar:horizontal { height: 12px; }
QScrollBar::handle { background: palette(mid); border-radius: 4px; margin: 2px; }
QScrollBar::handle:vertical { min-height: 28px; }
QScrollBar::handle:horizontal { min-width: 28px; }
QScrollBar::handle:hover, QScrollBar::handle:pressed { background: palette(dark); }
QScrollBar::add-line, QScrollBar::sub-line { width: 0; height: 0; border: none; background: none; }
QScrollBar::add-page, QScrollBar::sub-page { background: none; }
"""


class _Fetched:
    def __init__(self, texts: dict[int, PageText]) -> None:
        self._texts = texts

    def page(self, index: int) -> PageText:
        return self._texts[index]


@dataclass(frozen=True)
class Area:
    page: int
    rect: tuple[float, float, float, float]  # unrotated page space, points


class PageView(QAbstractScrollArea):
    """Selection: press-drag selects text in reading order (the core decides which characters), double click a
    word, triple click a line, Shift+click extends; Alt+drag (or ``area_mode``) draws a rectangle instead."""

    current_page_changed = Signal(int)
    selection_changed = Signal()  # text or area selection changed (tagging actions enable on it)
    zoom_changed = Signal(float)
    page_rendered = Signal(int)  # a sharp page arrived (tests and benchmarks wait on it)
    link_to_uri = Signal(str)  # an external link was clicked: the window asks before opening anything

    def __init__(self, worker: ProcessWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.path: Path | None = None
        self.password: str | None = None
        self.info = DocumentInfo([])
        self.outline_only = True
        self.zoom = 100.0  # percent
        self.fit: str | None = "width"  # "width", "page" or None
        self._tops: list[float] = []
        self._laid_out: tuple[float, tuple[float, float]] = (0.0, (0.0, 0.0))  # zoom and room of the layout
        self._cache: OrderedDict[tuple[int, float], QImage] = OrderedDict()
        self._cache_bytes = 0
        self._pending: set[tuple[int, float]] = set()
        self._links: dict[int, list[object]] = {}
        self._generation = 0
        self._current = -1
        self.highlights: list[Highlight] = []
        self.search_hits: list[Highlight] = []
        self.flashed: list[Highlight] = []
        self.outlines: list[Highlight] = []  # another project's passages, when comparing
        self._texts: OrderedDict[int, PageText] = OrderedDict()  # the last MAX_TEXTS pages' text, for selecting
        self._texts_pending: set[int] = set()
        self._anchor: Caret | None = None  # where a text selection started
        self._head: Caret | None = None  # where it ends (the mouse, or Shift+click)
        self.area: Area | None = None
        self.area_mode = False
        self._area_start: tuple[int, QPointF] | None = None
        self._clicks = 0
        self._click_clock = QElapsedTimer()
        # Page text is fetched once scrolling pauses (or the mouse is over a page), never for every page flung
        # past: extracting it costs the worker 8-13 ms a page, which renders are waiting for.
        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(250)
        self._text_timer.timeout.connect(lambda: [self._request_text(i) for i in self.visible_pages()])
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # Always there, so that fitting the width never makes it appear, shrink the room and refit; and so that
        # the room known before the document arrives is the room it gets (see ``view_request``).
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.verticalScrollBar().setStyleSheet(SCROLL_BARS)
        self.horizontalScrollBar().setStyleSheet(SCROLL_BARS)
        self.viewport().setMouseTracking(True)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.horizontalScrollBar().valueChanged.connect(lambda _: self.viewport().update())

    # --- document -------------------------------------------------------------------------------------------
    def view_request(self, page: int = 0) -> ViewRequest:
        """What the worker needs to render ``page`` as this view will show it, before the view has its document."""
        room = self._room()
        return ViewRequest(page, room[0], room[1], self.devicePixelRatioF(), self.fit, self.zoom)

    def set_document(
        self,
        path: Path,
        info: DocumentInfo,
        password: str | None = None,
        first: tuple[RenderedPage, QImage] | None = None,
    ) -> None:
        """Show a document; ``first`` is a page already rendered for ``view_request``, shown at once if this
        view's zoom is still the one it was rendered for."""
        self.path, self.info, self.password = path, info, password
        self.outline_only = True  # until set_geometry brings every page's real size
        self._forget_pages()
        self.clear_selection()
        self._current = -1
        self._apply_fit()
        self._layout()
        if first is not None:
            page, image = first
            # The pages around it are asked for on the next turn of the event loop (``_settled``), not now.
            self._rendered((page.page, page.zoom), self._generation, page, image, more=False)
        # Request renders on the next turn of the event loop, once the view has its final size: a request made
        # now, before a new tab is laid out, would be for a fit-width zoom that is about to change.
        QTimer.singleShot(0, self, self._settled)  # with a context: not called once the view is deleted

    def close_document(self) -> None:
        """Stop all work for this view at once, when its tab closes: its deletion waits for the event loop, and
        meanwhile its timer would still ask the worker for page text, ahead of whatever the user opens next."""
        self._text_timer.stop()
        self.path = None
        self._forget_pages()
        self.worker.cancel(self)

    def _forget_pages(self) -> None:
        """Drop every render and page text of the document shown; those still in flight are dropped on arrival."""
        self._generation += 1
        self._cache.clear()
        self._cache_bytes = 0
        self._pending.clear()
        self._links.clear()
        self._texts.clear()
        self._texts_pending.clear()

    def _settled(self) -> None:
        self._apply_fit()
        if self._laid_out != (self.zoom, self._room()):
            self._layout()
        self._scrolled()

    def set_geometry(self, info: DocumentInfo) -> None:
        """Every page's real geometry, replacing the outline ``set_document`` started with; the page shown stays."""
        if len(info.pages) != len(self.info.pages):
            return
        page = self.current_page
        self.info = info
        self.outline_only = False
        self._apply_fit()
        self._layout()
        self.go_to_page(page)

    @property
    def page_count(self) -> int:
        return len(self.info.pages)

    # --- geometry -------------------------------------------------------------------------------------------
    @property
    def scale(self) -> float:
        """Device-independent pixels per point."""
        return self.zoom / 100 * POINTS_TO_PIXELS

    def _room(self) -> tuple[float, float]:
        return max(self.viewport().width() - 2 * GAP, 50), max(self.viewport().height() - 2 * GAP, 50)

    def _apply_fit(self) -> None:
        if not self.info.pages or self.fit is None:
            return
        self._set_zoom_value(fit_zoom(self.fit, self.info.widest, self.info.pages[self.current_page], *self._room()))

    def _layout(self) -> None:
        s = self.scale
        heights = [p.height * s + GAP for p in self.info.pages]
        self._tops = list(accumulate(heights[:-1], initial=float(GAP))) if heights else []
        y = GAP + sum(heights)
        self._laid_out = (self.zoom, self._room())
        width = self.info.widest * s + 2 * GAP
        vbar, hbar = self.verticalScrollBar(), self.horizontalScrollBar()
        vbar.setRange(0, max(0, int(y - self.viewport().height())))
        vbar.setPageStep(self.viewport().height())
        vbar.setSingleStep(40)
        hbar.setRange(0, max(0, int(width - self.viewport().width())))
        hbar.setPageStep(self.viewport().width())
        self.viewport().update()

    def page_rect(self, index: int) -> QRectF:
        """Where page ``index`` is drawn, in viewport coordinates."""
        p = self.info.pages[index]
        s = self.scale
        content_width = max(self.viewport().width(), self.info.widest * s + 2 * GAP)
        x = (content_width - p.width * s) / 2 - self.horizontalScrollBar().value()
        return QRectF(x, self._tops[index] - self.verticalScrollBar().value(), p.width * s, p.height * s)

    def _page_transform(self, index: int) -> QTransform:
        """Unrotated page space → viewport: the page's rotation matrix, then zoom and position."""
        a, b, c, d, e, f = self.info.pages[index].matrix
        r = self.page_rect(index)
        s = self.scale
        return QTransform(a, b, c, d, e, f) * QTransform(s, 0, 0, s, r.x(), r.y())

    def visible_pages(self, margin: int = 0) -> range:
        if not self._tops:
            return range(0)
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        first = max(0, bisect_right(self._tops, top) - 1)
        last = first
        while last + 1 < len(self._tops) and self._tops[last + 1] < bottom:
            last += 1
        return range(max(0, first - margin), min(self.page_count, last + 1 + margin))

    # --- navigation -----------------------------------------------------------------------------------------
    @property
    def current_page(self) -> int:
        return max(self._current, 0)

    def go_to_page(self, index: int, y_points: float | None = None) -> None:
        if not self._tops:
            return
        index = min(max(index, 0), self.page_count - 1)
        offset = 0.0 if y_points is None else max(0.0, y_points * self.scale - self.viewport().height() / 3)
        self.verticalScrollBar().setValue(int(self._tops[index] - GAP + offset))
        self._update_current(force=index)

    def _scrolled(self, *_: object) -> None:
        self._update_current()
        self._request_visible()
        self._text_timer.start()
        self.viewport().update()

    def _update_current(self, force: int | None = None) -> None:
        if not self._tops:
            return
        if force is None:
            middle = self.verticalScrollBar().value() + self.viewport().height() / 3
            force = max(0, bisect_right(self._tops, middle) - 1)
        if force != self._current:
            self._current = force
            self.current_page_changed.emit(force)

    # --- zoom ------------------------------------------------------------------------------------------------
    def _set_zoom_value(self, zoom: float) -> None:
        zoom = clamp_zoom(zoom)
        if abs(zoom - self.zoom) > 0.01:
            self.zoom = zoom
            self.zoom_changed.emit(zoom)

    def set_zoom(self, zoom: float, anchor: QPointF | None = None) -> None:
        """Zoom to ``zoom`` percent keeping the point under ``anchor`` (viewport coordinates) in place."""
        if not self._tops:
            self._set_zoom_value(zoom)
            return
        anchor = anchor or QPointF(self.viewport().width() / 2, self.viewport().height() / 2)
        doc_y = (self.verticalScrollBar().value() + anchor.y()) / self.scale
        doc_x = (self.horizontalScrollBar().value() + anchor.x()) / self.scale
        self.fit = None
        self._set_zoom_value(zoom)
        self._layout()
        self.verticalScrollBar().setValue(int(doc_y * self.scale - anchor.y()))
        self.horizontalScrollBar().setValue(int(doc_x * self.scale - anchor.x()))
        self._scrolled()

    def zoom_in(self, anchor: QPointF | None = None) -> None:
        self.set_zoom(next((z for z in ZOOM_STEPS if z > self.zoom + 0.5), MAX_ZOOM), anchor)

    def zoom_out(self, anchor: QPointF | None = None) -> None:
        self.set_zoom(next((z for z in reversed(ZOOM_STEPS) if z < self.zoom - 0.5), MIN_ZOOM), anchor)

    def set_fit(self, fit: str) -> None:
        page = self.current_page
        self.fit = fit
        self._apply_fit()
        self._layout()
        self.go_to_page(page)

    # --- rendering -------------------------------------------------------------------------------------------
    def _render_zoom(self) -> float:
        return pixel_zoom(self.zoom, self.devicePixelRatioF())

    def _request_visible(self) -> None:
        if self.path is None:
            return
        zoom = self._render_zoom()
        # Pages on screen first, then the margin: with few renders in flight, what is seen comes first.
        on_screen = list(self.visible_pages())
        around = [i for i in self.visible_pages(margin=1) if i not in on_screen]
        wanted = [i for i in on_screen + around if (i, zoom) not in self._cache]
        for index in wanted:
            if len(self._pending) >= MAX_IN_FLIGHT:
                break
            key = (index, zoom)
            if key in self._pending:
                continue
            self._pending.add(key)
            generation = self._generation
            page = self.info.pages[index]
            self.worker.render(
                render_page, str(self.path), index, zoom, self.password,
                size=pixel_bytes(page.width, page.height, zoom), owner=self,
                on_done=lambda r, image, k=key, g=generation: self._rendered(k, g, r, image),
                on_error=lambda error, k=key, g=generation: self._failed(k, g, error),
            )  # fmt: skip

    def _rendered(
        self, key: tuple[int, float], generation: int, r: RenderedPage, image: QImage, more: bool = True
    ) -> None:
        if generation != self._generation:
            return  # another document since
        self._pending.discard(key)
        image.setDevicePixelRatio(self.devicePixelRatioF())
        self._store(key, image)
        self._links[key[0]] = list(r.links)
        self.viewport().update()
        self.page_rendered.emit(key[0])
        if more:
            self._request_visible()

    def _request_text(self, index: int) -> None:
        """The page's text, for selecting: asked once a page is on screen, after its pixels."""
        if self.path is None or index in self._texts or index in self._texts_pending:
            return
        self._texts_pending.add(index)
        generation = self._generation
        self.worker.submit(
            page_text, str(self.path), index, self.password, owner=self,
            on_done=lambda text, g=generation: self._text_arrived(g, text),
            on_error=lambda _error, i=index: self._texts_pending.discard(i),
        )  # fmt: skip

    def _text_arrived(self, generation: int, text: PageText) -> None:
        if generation != self._generation:
            return
        self._texts_pending.discard(text.index)
        self._texts[text.index] = text
        keep = set(self.visible_pages(margin=1))
        if self._anchor is not None:
            keep |= {self._anchor.page, self._head.page if self._head else self._anchor.page}
        for page in list(self._texts):
            if len(self._texts) <= MAX_TEXTS:
                break
            if page not in keep:
                del self._texts[page]

    def page_text(self, index: int) -> PageText | None:
        return self._texts.get(index)

    def _failed(self, key: tuple[int, float], generation: int, error: Exception) -> None:
        if generation == self._generation:
            self._pending.discard(key)
            self.setToolTip(str(error))

    def _store(self, key: tuple[int, float], image: QImage) -> None:
        self._cache[key] = image
        self._cache_bytes += image.sizeInBytes()
        while self._cache_bytes > CACHE_BYTES and len(self._cache) > 1:
            _, old = self._cache.popitem(last=False)
            self._cache_bytes -= old.sizeInBytes()

    def _best_image(self, index: int) -> tuple[QImage | None, bool]:
        """The sharp image for the current zoom, else any cached image of the page (to scale), else None."""
        zoom = self._render_zoom()
        image = self._cache.get((index, zoom))
        if image is not None:
            self._cache.move_to_end((index, zoom))
            return image, True
        for (page, _), other in reversed(self._cache.items()):
            if page == index:
                return other, False
        return None, False

    def has_sharp_page(self, index: int) -> bool:
        return (index, self._render_zoom()) in self._cache

    # --- painting ----------------------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        painter.fillRect(self.viewport().rect(), self.palette().dark())
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        for index in self.visible_pages():
            target = self.page_rect(index)
            painter.fillRect(target, Qt.GlobalColor.white)
            image, sharp = self._best_image(index)
            if sharp and image is not None:
                # Unscaled, on whole pixels: a straight copy (0.15 ms a page). Scaling it into the exact page
                # rectangle, a pixel smaller than MuPDF's rounded-out render, took 0.6 ms at every paint.
                painter.drawImage(QPointF(round(target.x()), round(target.y())), image)
            elif image is not None:
                painter.drawImage(target, image)  # another zoom's render, scaled until the sharp one comes
            self._paint_highlights(painter, index)
        painter.end()

    def _paint_highlights(self, painter: QPainter, index: int) -> None:
        marks = [h for h in self.highlights if h.page == index] + [h for h in self.search_hits if h.page == index]
        selection = self.selection_rects().get(index, [])
        flashed = [h for h in self.flashed if h.page == index]
        outlines = [h for h in self.outlines if h.page == index]
        if not (marks or selection or flashed or outlines or (self.area and self.area.page == index)):
            return
        painter.save()
        painter.setTransform(self._page_transform(index))
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Multiply)
        painter.setPen(Qt.PenStyle.NoPen)
        for h in marks:
            x0, y0, x1, y1 = h.rect
            colours = h.colours or (h.colour,)
            # Several categories: one band each, top to bottom, so that every colour shows.
            band = (y1 - y0) / len(colours)
            for k, colour in enumerate(colours):
                painter.setBrush(colour)
                painter.drawRect(QRectF(x0, y0 + k * band, x1 - x0, band))
        for h in marks:
            if h.tint is not None:
                painter.setPen(QPen(h.tint, 1.2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                x0, y0, x1, y1 = h.rect
                painter.drawRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(SELECTION_COLOUR)
        for x0, y0, x1, y1 in selection:
            painter.drawRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for h in outlines:
            painter.setPen(QPen(h.colour, 1.5, Qt.PenStyle.DashLine))
            x0, y0, x1, y1 = h.rect
            painter.drawRect(QRectF(x0 - 1, y0 - 1, x1 - x0 + 2, y1 - y0 + 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for h in flashed:
            painter.setPen(QPen(QColor(220, 0, 0), 2.0))
            x0, y0, x1, y1 = h.rect
            painter.drawRect(QRectF(x0 - 2, y0 - 2, x1 - x0 + 4, y1 - y0 + 4))
        for h in marks:
            if h.badge:
                self._paint_badge(painter, h)
        if self.area is not None and self.area.page == index:
            painter.setPen(QPen(SELECTION_COLOUR.darker(150), 1.5, Qt.PenStyle.DashLine))
            painter.setBrush(QColor(51, 128, 255, 40))
            x0, y0, x1, y1 = self.area.rect
            painter.drawRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        painter.restore()

    @staticmethod
    def _paint_badge(painter: QPainter, h: Highlight) -> None:
        """The author's initials in a small tag in the page's left margin, level with the passage's first line (in
        page space: it zooms with the page, and covers no text)."""
        _, y0, _, y1 = h.rect
        font = painter.font()
        font.setPointSizeF(5.5)
        font.setBold(True)
        painter.setFont(font)
        width = 5.0 * len(h.badge) + 4
        box = QRectF(8.0, y0, width, max(y1 - y0, 8.0))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(h.tint or QColor(90, 90, 90))
        painter.drawRoundedRect(box, 2, 2)
        painter.setPen(QColor("white"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, h.badge)

    # --- selection ----------------------------------------------------------------------------------------------
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

    # --- input -------------------------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        page = self.current_page
        self._apply_fit()
        self._layout()
        if self._tops:
            self.go_to_page(page)
        super().resizeEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            step = event.angleDelta().y()
            if step > 0:
                self.zoom_in(event.position())
            elif step < 0:
                self.zoom_out(event.position())
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        bar = self.verticalScrollBar()
        if key == Qt.Key.Key_PageDown:
            bar.setValue(bar.value() + bar.pageStep() - 40)
        elif key == Qt.Key.Key_PageUp:
            bar.setValue(bar.value() - bar.pageStep() + 40)
        elif key == Qt.Key.Key_Home and not event.modifiers():
            self.go_to_page(0)
        elif key == Qt.Key.Key_End and not event.modifiers():
            self.go_to_page(self.page_count - 1)
        elif key == Qt.Key.Key_Down:
            bar.setValue(bar.value() + bar.singleStep())
        elif key == Qt.Key.Key_Up:
            bar.setValue(bar.value() - bar.singleStep())
        else:
            super().keyPressEvent(event)

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

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag(event):
            return
        link = self._link_at(event.position())
        on_text = self._caret_at(event.position()) is not None and not self.area_mode
        cursor = Qt.CursorShape.PointingHandCursor if link else (
            Qt.CursorShape.IBeamCursor if on_text else Qt.CursorShape.CrossCursor if self.area_mode
            else Qt.CursorShape.ArrowCursor
        )  # fmt: skip
        self.viewport().setCursor(cursor)
        tips = [h.tooltip for h in self.highlights if h.tooltip and self._hit(h, event.position())]
        self.viewport().setToolTip("\n\n".join(tips))
        super().mouseMoveEvent(event)

    def _hit(self, h: Highlight, pos: QPointF) -> bool:
        if h.page not in self.visible_pages():
            return False
        x0, y0, x1, y1 = h.rect
        return self._page_transform(h.page).mapRect(QRectF(x0, y0, x1 - x0, y1 - y0)).contains(pos)

    def _link_at(self, pos: QPointF) -> object | None:
        for index in self.visible_pages():
            r = self.page_rect(index)
            if not r.contains(pos):
                continue
            x = (pos.x() - r.x()) / self.scale
            y = (pos.y() - r.y()) / self.scale
            for link in self._links.get(index, []):
                x0, y0, x1, y1 = link.rect  # type: ignore[attr-defined]
                if x0 <= x <= x1 and y0 <= y <= y1:
                    return link
        return None
