"""Window state, tabs per project, recent projects: an INI file in the platformdirs config folder (``core.paths``)."""

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

    # --- the tabs open when a project was last closed ---------------------------------------------------------------
    @staticmethod
    def _key(group: str, project: Path) -> str:
        """A per-project key: the project's path, with the separators QSettings reads as groups replaced."""
        return f"{group}/{project.resolve()}".replace("/", "|")

    def save_tabs(self, project: Path, tabs: list[tuple[str, int, float, str | None]]) -> None:
        """(exhibit id, page, zoom, fit mode) per tab, in order."""
        lines = [f"{exhibit}:{page}:{zoom:.1f}:{fit or ''}" for exhibit, page, zoom, fit in tabs]
        self.set_value(self._key("tabs", project), "\n".join(lines))

    def saved_tabs(self, project: Path) -> list[tuple[str, int, float | None]]:
        """(exhibit id, page, zoom; None: fit) per tab open when ``project`` was last closed."""
        saved = self.value(self._key("tabs", project))
        tabs: list[tuple[str, int, float | None]] = []
        for line in saved.splitlines() if isinstance(saved, str) else []:
            exhibit, _, rest = line.partition(":")
            page, _, rest = rest.partition(":")
            zoom, _, fit = rest.partition(":")
            try:
                tabs.append((exhibit, int(page or 0), None if fit else float(zoom or 100)))
            except ValueError:
                continue  # a line edited by hand, or from another version: that tab is not reopened
        return tabs

    def export_folder(self, project: Path) -> Path | None:
        """Where this project's last export went."""
        value = self.value(self._key("export", project))
        return Path(value) if isinstance(value, str) and value else None

    def set_export_folder(self, project: Path, folder: Path) -> None:
        self.set_value(self._key("export", project), str(folder))

    def appearance(self) -> str:
        """``system`` (the default), ``light`` or ``dark``."""
        value = self.value("view/appearance")
        return value if value in ("system", "light", "dark") else "system"

    def tint_authors(self) -> bool:
        return str(self.value("view/tint_authors")).lower() == "true"

    def _flag(self, key: str, default: bool) -> bool:
        value = self.value(key)
        return default if value is None else str(value).lower() == "true"

    def ocr_auto(self) -> bool:
        """Read scanned pages (OCR) by themselves when a project opens or an exhibit is added (default: yes)."""
        return self._flag("ocr/auto", True)

    def ocr_languages(self) -> str:
        """Tesseract languages (``rus+ara+eng``); "" for each exhibit's own, else the installed defaults."""
        value = self.value("ocr/languages")
        return value.strip() if isinstance(value, str) else ""

    def underline_doubtful(self) -> bool:
        """Underline words OCR is unsure of (default: yes)."""
        return self._flag("view/underline_doubtful", True)

    def sync(self) -> None:
        self._qs.sync()
