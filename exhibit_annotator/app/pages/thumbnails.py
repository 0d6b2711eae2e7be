"""Page thumbnails: a list model whose icons are rendered only when the view asks for them (visible rows)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPixmap

from ...core.pdf.rendering import DocumentInfo, RenderedPage, pixel_bytes, render_page
from ..render import ProcessWorker

THUMB_WIDTH = 110


class ThumbnailModel(QAbstractListModel):
    def __init__(self, worker: ProcessWorker) -> None:
        super().__init__()
        self.worker = worker
        self.path: Path | None = None
        self.password: str | None = None
        self.info = DocumentInfo([])
        self._pixmaps: dict[int, QPixmap] = {}
        self._pending: set[int] = set()
        self._generation = 0

    def set_document(self, path: Path | None, info: DocumentInfo, password: str | None = None) -> None:
        self.beginResetModel()
        self.path, self.info, self.password = path, info, password
        self._pixmaps.clear()
        self._pending.clear()
        self._generation += 1
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.info.pages)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = index.row()
        if role == Qt.ItemDataRole.DisplayRole:
            return str(row + 1)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignHCenter
        if role == Qt.ItemDataRole.DecorationRole:
            pixmap = self._pixmaps.get(row)
            if pixmap is None:
                self._request(row)
                page = self.info.pages[row]
                pixmap = QPixmap(QSize(THUMB_WIDTH, int(THUMB_WIDTH * page.height / max(page.width, 1))))
                pixmap.fill(QColor("white"))
            return pixmap
        return None

    def _request(self, row: int) -> None:
        if self.path is None or row in self._pending:
            return
        self._pending.add(row)
        zoom = THUMB_WIDTH / max(self.info.pages[row].width, 1)
        generation = self._generation
        page = self.info.pages[row]
        self.worker.render(
            render_page, str(self.path), row, zoom, self.password,
            size=pixel_bytes(page.width, page.height, zoom),
            on_done=lambda result, image: self._done(generation, result, image),
            on_error=lambda _error: self._pending.discard(row),
        )  # fmt: skip

    def _done(self, generation: int, r: RenderedPage, image: QImage) -> None:
        if generation != self._generation:
            return
        self._pixmaps[r.page] = QPixmap.fromImage(image)
        self._pending.discard(r.page)
        index = self.index(r.page)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])
