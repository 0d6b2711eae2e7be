"""The one place that knows where the app keeps its own files (platformdirs), with an override for tests.

Set ``EXHIBIT_ANNOTATOR_HOME`` to put settings, recent files and autosaves under one folder (tests point it at a
temporary folder; portable installs at a USB stick). Nothing is created at import time.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "ExhibitAnnotator"
_ENV = "EXHIBIT_ANNOTATOR_HOME"


def _home() -> Path | None:
    value = os.environ.get(_ENV)
    return Path(value) if value else None


def config_dir() -> Path:
    home = _home()
    return home / "config" if home else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """Autosave journals and recovered work."""
    home = _home()
    return home / "data" if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def settings_file() -> Path:
    return config_dir() / "settings.ini"
