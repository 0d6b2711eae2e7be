"""Window state and recent projects, in an INI file under the platformdirs config folder (``core.paths``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from ..core.paths import settings_file

MAX_RECENT = 10


class Settings:
    def __init__(self) -> None:
        path = settings_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._qs = QSettings(str(path), QSettings.Format.IniFormat)

    def value(self, key: str) -> object:
        return self._qs.value(key)

    def set_value(self, key: str, value: object) -> None:
        self._qs.setValue(key, value)

    def recent_projects(self) -> list[Path]:
        raw = self._qs.value("recent/projects") or []
        items = [raw] if isinstance(raw, str) else list(raw)  # QSettings returns one item as a plain string
        return [Path(p) for p in items if p]

    def add_recent_project(self, path: Path) -> None:
        items = [str(path.resolve())] + [str(p) for p in self.recent_projects() if p != path.resolve()]
        self._qs.setValue("recent/projects", items[:MAX_RECENT])

    def author(self) -> str:
        """The user's name as set in the settings ("" until set: then the core's default, the login name)."""
        value = self.value("user/name")
        return value if isinstance(value, str) else ""

    def initials(self) -> str:
        value = self.value("user/initials")
        return value if isinstance(value, str) else ""

    def tint_authors(self) -> bool:
        return str(self.value("view/tint_authors")).lower() == "true"

    def sync(self) -> None:
        self._qs.sync()
