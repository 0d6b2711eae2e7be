"""Right-to-left text in lists and tables: a cell or row whose text starts in a right-to-left script is laid out
right to left, so it starts at the right and a cut one ends in "…" on its left, where it goes on."""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem


def starts_rtl(text: str) -> bool:
    """Whether the first strong character (of the first 200) is right to left, as the Bidi Algorithm's P2."""
    for c in text[:200]:
        kind = unicodedata.bidirectional(c)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


class ReadingOrder(QStyledItemDelegate):
    """Lays out each right-to-left cell right to left (a left-to-right view put the ellipsis of a cut Arabic
    quote over its first word). ``rtl_role``: a role that says so, where the text's first letters do not (a
    search row starts with its cite)."""

    def __init__(self, parent: QObject | None = None, rtl_role: int | None = None) -> None:
        super().__init__(parent)
        self.rtl_role = rtl_role

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        rtl = index.data(self.rtl_role) if self.rtl_role is not None else starts_rtl(option.text)
        if rtl:
            option.direction = Qt.LayoutDirection.RightToLeft
            # Leading: the right edge in a right-to-left cell.
            option.displayAlignment = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
