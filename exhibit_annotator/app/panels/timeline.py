"""The facts on a date axis, coloured by issue: where people would rather look than read. A dot for a day, a bar
for a month, a year or a range (as long as the period), hollow when approximate; facts that would overlap go on
lanes below one another. Clicking one chooses it (the Facts panel selects its row). Undated facts are not drawn:
the table lists them last."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ...core.model import Fact, Project, date_words
from ...core.model.dates import points

NO_ISSUE = "#8a8a8a"
LANE = 9  # pixels per lane
AXIS = 18  # pixels under the lanes for the axis and its years
PAD = 8


@dataclass(frozen=True)
class Mark:
    fact: Fact
    first: date
    last: date
    approximate: bool
    colour: str
    lane: int = 0


class Timeline(QWidget):
    chosen = Signal(object)  # fact id

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Timeline")
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.marks: list[Mark] = []
        self._unlaned: list[Mark] = []
        self.selected: set[uuid.UUID] = set()
        self._span: tuple[int, int] = (0, 1)  # first and last day on the axis (ordinals)
        self._lanes = 1

    def show_facts(self, project: Project, facts: list[Fact]) -> None:
        colours = {c.id: c.colour for c in project.codebook}
        marks: list[Mark] = []
        for f in facts:
            ends = points(f.date)
            if ends is None:
                continue
            colour = next((colours[i] for i in f.issue_ids if i in colours), NO_ISSUE)
            marks.append(Mark(f, ends[0].first_day, ends[1].last_day, ends[0].approximate, colour))
        marks.sort(key=lambda m: (m.first, m.last))
        self._unlaned = marks
        self._lay_out()

    def _lay_out(self) -> None:
        """Marks on the axis and on lanes, at the widget's width."""
        marks = self._unlaned
        if marks:
            first = min(m.first for m in marks).toordinal()
            last = max(m.last for m in marks).toordinal()
            margin = max((last - first) // 30, 15)
            self._span = (first - margin, last + margin)
        # Lanes: each mark on the first lane whose last mark ends (in pixels, at today's width) before it starts.
        ends: list[float] = []
        laned = []
        for m in marks:
            x0, x1 = self._x(m.first.toordinal()), self._x(m.last.toordinal() + 1)
            lane = next((k for k, end in enumerate(ends) if end + 3 < x0), len(ends))
            if lane == len(ends):
                ends.append(0.0)
            ends[lane] = max(x1, x0 + 7)
            laned.append(Mark(m.fact, m.first, m.last, m.approximate, m.colour, lane))
        self.marks, self._lanes = laned, max(len(ends), 1)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(300, min(self._lanes, 12) * LANE + AXIS + 2 * PAD)

    def _x(self, day: int) -> float:
        first, last = self._span
        width = max(self.width() - 2 * PAD, 50)
        return PAD + (day - first) / max(last - first, 1) * width

    def _rect(self, m: Mark) -> QRectF:
        x0, x1 = self._x(m.first.toordinal()), self._x(m.last.toordinal() + 1)
        y = PAD + (m.lane % 12) * LANE
        if x1 - x0 < 7:  # a day (or a short period): a dot
            middle = (x0 + x1) / 2
            return QRectF(middle - 3.5, y, 7, 7)
        return QRectF(x0, y + 1, x1 - x0, 5)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().text().color()
        axis_y = self.height() - AXIS
        painter.setPen(QPen(text, 1))
        painter.drawLine(QPointF(PAD, axis_y), QPointF(self.width() - PAD, axis_y))
        if not self.marks:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No dated facts")
            return
        first, last = (date.fromordinal(d) for d in self._span)
        years = range(first.year + 1, last.year + 1)
        step = max(1, len(years) // 8)
        for year in years[::step]:
            x = self._x(date(year, 1, 1).toordinal())
            painter.drawLine(QPointF(x, axis_y), QPointF(x, axis_y + 4))
            painter.drawText(QRectF(x - 30, axis_y + 3, 60, AXIS - 3), Qt.AlignmentFlag.AlignCenter, str(year))
        for m in self.marks:
            colour = QColor(m.colour)
            r = self._rect(m)
            chosen = m.fact.id in self.selected
            painter.setPen(QPen(text if chosen else colour.darker(140), 2 if chosen else 1))
            painter.setBrush(Qt.BrushStyle.NoBrush if m.approximate else colour)
            if r.width() <= 7:
                painter.drawEllipse(r)
            else:
                painter.drawRoundedRect(r, 2, 2)

    def mark_at(self, x: float, y: float) -> Mark | None:
        for m in reversed(self.marks):
            if self._rect(m).adjusted(-2, -2, 2, 2).contains(QPointF(x, y)):
                return m
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        m = self.mark_at(event.position().x(), event.position().y())
        if m is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), f"{date_words(m.fact.date)}: {m.fact.text}", self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        m = self.mark_at(event.position().x(), event.position().y())
        if m is not None:
            self.chosen.emit(m.fact.id)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._lay_out()  # lanes depend on the width
