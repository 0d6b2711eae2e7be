"""Tables of findings shown read-only (cite checks, passages to check, bad redactions): one setup, not three."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QTableWidget


def read_only_table(
    columns: list[str], widths: tuple[int, ...], *, stretch_last: bool = True, rows: int = 0
) -> QTableWidget:
    """A table of findings: whole rows selected, nothing edited, long text wrapped."""
    table = QTableWidget(rows, len(columns))
    table.setHorizontalHeaderLabels(columns)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)
    table.horizontalHeader().setStretchLastSection(stretch_last)
    return table
