"""What the page view keeps of the pages it showed: rendered images by (page, zoom), the least recently used dropped
past a byte budget, with the best one to show while the sharp one is drawn (another zoom's, scaled); and the text
of the last pages shown, for selecting."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Set

from PySide6.QtGui import QImage

from ...core.pdf.text import PageText

CACHE_BYTES = 192 * 1024 * 1024
MAX_TEXTS = 48

Key = tuple[int, float]  # page, zoom


class PageImages:
    def __init__(self, budget: int = CACHE_BYTES) -> None:
        self.budget = budget
        self._images: OrderedDict[Key, QImage] = OrderedDict()
        self._bytes = 0

    def clear(self) -> None:
        self._images.clear()
        self._bytes = 0

    def __contains__(self, key: Key) -> bool:
        return key in self._images

    def store(self, key: Key, image: QImage) -> None:
        self._images[key] = image
        self._bytes += image.sizeInBytes()
        while self._bytes > self.budget and len(self._images) > 1:
            _, old = self._images.popitem(last=False)
            self._bytes -= old.sizeInBytes()

    def best(self, index: int, zoom: float) -> tuple[QImage | None, bool]:
        """The sharp image for ``zoom``, else any image of the page (to scale), else None; and whether it is sharp."""
        image = self._images.get((index, zoom))
        if image is not None:
            self._images.move_to_end((index, zoom))
            return image, True
        for (page, _), other in reversed(self._images.items()):
            if page == index:
                return other, False
        return None, False


def trim_texts(texts: OrderedDict[int, PageText], keep: Set[int], limit: int = MAX_TEXTS) -> None:
    """Drop the oldest page texts past ``limit``, except those of ``keep`` (on screen, or holding the selection)."""
    for page in list(texts):
        if len(texts) <= limit:
            break
        if page not in keep:
            del texts[page]
