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
from functools import partial
from itertools import accumulate
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from ...core.pdf.ocr import OcrSource
from ...core.pdf.rendering import (
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
from ...core.pdf.text import PageText
from .. import appearance
from ..render import ProcessWorker
from .highlights import Highlight, paint_doubtful, paint_overlay, plain_tooltip
from .page_cache import PageImages, trim_texts
from .page_selection import PageSelection

# One list for the keys, the buttons and the wheel: no jump from 50 % straight to the minimum.
ZOOM_STEPS = [25, 33, 50, 67, 75, 90, 100, 110, 125, 150, 175, 200, 250, 300, 400]
WHEEL_NOTCH = 120  # angleDelta of one notch; touchpads send many smaller deltas
GAP = 12
MAX_IN_FLIGHT = 3


class PageView(PageSelection, QAbstractScrollArea):
    """Selection (``PageSelection``): press-drag selects text in reading order, double click a word, triple click
    a line, Shift+click extends; Alt+drag (or ``area_mode``) draws a rectangle instead."""

    current_page_changed = Signal(int)
    selection_changed = Signal()  # text or area selection changed (tagging actions enable on it)
    zoom_changed = Signal(float)
    page_rendered = Signal(int)  # a sharp page arrived (tests and benchmarks wait on it)
    link_to_uri = Signal(str)  # an external link was clicked: the window asks before opening anything
    hint = Signal(str)  # what to do instead (a drag on a scan finds no text): for the status bar

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
        self._cache = PageImages()
        self._pending: set[tuple[int, float]] = set()
        self._links: dict[int, list[object]] = {}
        self._generation = 0
        self._current = -1
        self.highlights: list[Highlight] = []
        self.search_hits: list[Highlight] = []
        self.flashed: list[Highlight] = []
        self.outlines: list[Highlight] = []  # another project's passages, when comparing
        self.redactions: list[Highlight] = []  # boxes that hide text which can still be copied (bad redactions)
        self._texts: OrderedDict[int, PageText] = OrderedDict()  # recent pages' text, for selecting (trim_texts)
        self._texts_pending: set[int] = set()
        self._text_generation = 0  # page texts asked before this changed are dropped on arrival
        self.ocr: OcrSource | None = None  # where a scan's text read by OCR is (None: no scanned pages)
        self.heads: frozenset[tuple[str, float]] = frozenset()  # running headers and footers left out of the text
        self.show_doubtful = True  # underline OCR words read with low confidence
        self.area_mode = False
        self._wheel = 0  # Ctrl+wheel turned since the last zoom step
        self._init_selection()
        # Page text is fetched once scrolling pauses (or the mouse is over a page), never for every page flung
        # past: extracting it costs the worker 8-13 ms a page, which renders are waiting for.
        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(250)
        self._text_timer.timeout.connect(self._request_visible_texts)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # Always there, so that fitting the width never makes it appear, shrink the room and refit; and so that
        # the room known before the document arrives is the room it gets (see ``view_request``).
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.verticalScrollBar().setStyleSheet(appearance.SCROLL_BARS)
        self.horizontalScrollBar().setStyleSheet(appearance.SCROLL_BARS)
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
        self._pending.clear()
        self._links.clear()
        self._texts.clear()
        self._texts_pending.clear()
        self._text_generation += 1

    def reload_texts(self) -> None:
        """Fetch the page texts again: OCR has read scanned pages since (the pixels stay)."""
        self._texts.clear()
        self._texts_pending.clear()
        self._text_generation += 1
        self._request_visible_texts()

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
                on_done=partial(self._rendered, key, generation),
                on_error=partial(self._failed, key, generation),
            )  # fmt: skip

    def _rendered(
        self, key: tuple[int, float], generation: int, r: RenderedPage, image: QImage, more: bool = True
    ) -> None:
        if generation != self._generation:
            return  # another document since
        self._pending.discard(key)
        image.setDevicePixelRatio(self.devicePixelRatioF())
        self._cache.store(key, image)
        self._links[key[0]] = list(r.links)
        self.viewport().update()
        self.page_rendered.emit(key[0])
        if more:
            self._request_visible()

    def _request_visible_texts(self) -> None:
        for index in self.visible_pages():
            self._request_text(index)

    def _request_text(self, index: int) -> None:
        """The page's text, for selecting: asked once a page is on screen, after its pixels."""
        if self.path is None or index in self._texts or index in self._texts_pending:
            return
        self._texts_pending.add(index)
        generation = self._text_generation
        self.worker.submit(
            page_text, str(self.path), index, self.password, self.ocr, self.heads, owner=self,
            on_done=partial(self._text_arrived, generation),
            on_error=lambda _error: self._texts_pending.discard(index),
        )  # fmt: skip

    def _text_arrived(self, generation: int, text: PageText) -> None:
        if generation != self._text_generation:
            return
        self._texts_pending.discard(text.index)
        self._texts[text.index] = text
        if text.doubtful and self.show_doubtful:
            self.viewport().update()  # its underlines
        keep = set(self.visible_pages(margin=1))
        if self._anchor is not None:
            keep |= {self._anchor.page, self._head.page if self._head else self._anchor.page}
        trim_texts(self._texts, keep)

    def page_text(self, index: int) -> PageText | None:
        return self._texts.get(index)

    def _failed(self, key: tuple[int, float], generation: int, error: Exception) -> None:
        if generation == self._generation:
            self._pending.discard(key)
            self.setToolTip(str(error))

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
            image, sharp = self._cache.best(index, self._render_zoom())
            if sharp and image is not None:
                # Unscaled, on whole pixels: a straight copy (0.15 ms a page). Scaling it into the exact page
                # rectangle, a pixel smaller than MuPDF's rounded-out render, took 0.6 ms at every paint.
                painter.drawImage(QPointF(round(target.x()), round(target.y())), image)
            elif image is not None:
                painter.drawImage(target, image)  # another zoom's render, scaled until the sharp one comes
            else:  # on its way from the worker: say so, rather than a blank page
                painter.setPen(self.palette().mid().color())
                painter.drawText(target, Qt.AlignmentFlag.AlignCenter, f"Page {index + 1}…")
            self._paint_overlay(painter, index)
        painter.end()

    def _paint_overlay(self, painter: QPainter, index: int) -> None:
        area = self.area.rect if self.area is not None and self.area.page == index else None
        outlines = [h for h in [*self.outlines, *self.redactions] if h.page == index]
        paint_overlay(
            painter, self._page_transform(index), [h for h in self.highlights if h.page == index],
            [h for h in self.search_hits if h.page == index], self.selection_rects().get(index, []),
            [h for h in self.flashed if h.page == index], outlines, area,
        )  # fmt: skip
        text = self._texts.get(index)
        if self.show_doubtful and text is not None and text.doubtful:
            paint_doubtful(painter, self._page_transform(index), text.doubtful)

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
            # One zoom step per notch, whatever the device: a touchpad's small deltas add up to a notch first.
            self._wheel += event.angleDelta().y()
            while abs(self._wheel) >= WHEEL_NOTCH:
                (self.zoom_in if self._wheel > 0 else self.zoom_out)(event.position())
                self._wheel -= WHEEL_NOTCH if self._wheel > 0 else -WHEEL_NOTCH
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
        self.viewport().setToolTip(plain_tooltip("\n\n".join(tips)))
        super().mouseMoveEvent(event)

    def annotation_at(self, pos: QPointF) -> str:
        """The id of the annotation whose highlight is under ``pos`` (viewport coordinates), "" where none is."""
        return next((h.annotation_id for h in self.highlights if h.annotation_id and self._hit(h, pos)), "")

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
