"""Light or dark: as the system is (Qt's colour scheme) or as chosen in Preferences; and the toolbar icons in the
ink that reads on it (each icon has a ``-dark`` twin, made by ``packaging/make_icons.py``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from ..core.resources import resources_dir

CHOICES = {"system": "As the system", "light": "Light", "dark": "Dark"}

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


def apply(choice: str) -> None:
    """Set the app's palette for ``choice`` (``system``, ``light`` or ``dark``)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    dark = choice == "dark" or (choice == "system" and app.styleHints().colorScheme() == Qt.ColorScheme.Dark)
    style = app.style()
    app.setPalette(dark_palette() if dark else style.standardPalette() if style is not None else QPalette())


def is_dark() -> bool:
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def action_icon(name: str) -> QIcon:
    """A toolbar icon in the ink for the current palette."""
    folder = resources_dir() / "icons" / "actions"
    return QIcon(str(folder / (f"{name}-dark.svg" if is_dark() else f"{name}.svg")))


def dark_palette() -> QPalette:
    """A dark palette for Qt's own styles (Fusion), where the platform gives none."""
    p = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#2b2b2b", QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1f1f1f", QPalette.ColorRole.AlternateBase: "#2a2a2a",
        QPalette.ColorRole.ToolTipBase: "#3a3a3a", QPalette.ColorRole.ToolTipText: "#f0f0f0",
        QPalette.ColorRole.Text: "#e6e6e6", QPalette.ColorRole.Button: "#353535",
        QPalette.ColorRole.ButtonText: "#e6e6e6", QPalette.ColorRole.BrightText: "#ff6b6b",
        QPalette.ColorRole.Highlight: "#3d7bd9", QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#79a6ff", QPalette.ColorRole.PlaceholderText: "#8a8a8a",
        QPalette.ColorRole.Light: "#4a4a4a", QPalette.ColorRole.Midlight: "#3f3f3f",
        QPalette.ColorRole.Mid: "#5a5a5a", QPalette.ColorRole.Dark: "#161616", QPalette.ColorRole.Shadow: "#000000",
    }  # fmt: skip
    for role, colour in colours.items():
        p.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    return p
