"""Window state, tabs per project, recent projects: an INI file in the platformdirs config folder (``core.paths``)."""

from __future__ import annotations

import json
import queue
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from ..core.paths import settings_file

MAX_RECENT = 10


class Settings:
    """Read here, written on a thread of its own: QSettings writes with fsync (its lock file, then the file), which
    held the window 100-400 ms on a slow disk just after a project opened. What is set is read back at once;
    ``sync`` waits until it is on disk."""

    def __init__(self) -> None:
        self._path = settings_file()
        self._path.parent.mkdir(parents=True, exist_ok=True)
        self._qs = QSettings(str(self._path), QSettings.Format.IniFormat)
        self._lock = threading.Lock()
        self._pending: dict[str, object] = {}  # set, not yet handed to the writer's QSettings
        self._writes: queue.Queue[tuple[str, object] | threading.Event] = queue.Queue()
        self._writer: threading.Thread | None = None

    def value(self, key: str) -> object:
        with self._lock:
            if key in self._pending:
                return self._pending[key]
        return self._qs.value(key)

    def set_value(self, key: str, value: object) -> None:
        with self._lock:
            self._pending[key] = value
        self._writes.put((key, value))
        if self._writer is None:
            self._writer = threading.Thread(target=self._write, name="settings", daemon=True)
            self._writer.start()

    def _write(self) -> None:
        # Its own QSettings: Qt allows one object per thread on the same file (they share what is set).
        qs = QSettings(str(self._path), QSettings.Format.IniFormat)
        while True:
            item = self._writes.get()
            items = [item]
            while not self._writes.empty():  # a burst of values: one write to disk
                items.append(self._writes.get())
            for one in items:
                if isinstance(one, tuple):
                    qs.setValue(*one)
            qs.sync()
            with self._lock:
                for one in items:
                    if isinstance(one, tuple) and self._pending.get(one[0], self) is one[1]:
                        del self._pending[one[0]]  # on disk, and seen by every QSettings of the file
            for one in items:
                if isinstance(one, threading.Event):
                    one.set()

    def recent_projects(self) -> list[Path]:
        raw: Any = self.value("recent/projects") or []
        items = [raw] if isinstance(raw, str) else list(raw)  # QSettings returns one item as a plain string
        return [Path(p) for p in items if p]

    def add_recent_project(self, path: Path, case: str = "") -> None:
        items = [str(path.resolve())] + [str(p) for p in self.recent_projects() if p != path.resolve()]
        self.set_value("recent/projects", items[:MAX_RECENT])
        if case:
            names = {p: n for p, n in self._case_names().items() if p in items[:MAX_RECENT]}
            self.set_value("recent/case_names", json.dumps({**names, items[0]: case}, ensure_ascii=False))

    def _case_names(self) -> dict[str, str]:
        raw = self.value("recent/case_names")
        try:
            names = json.loads(raw) if isinstance(raw, str) else {}
        except ValueError:
            return {}
        return {str(k): str(v) for k, v in names.items()} if isinstance(names, dict) else {}

    def recent_title(self, path: Path) -> str:
        """How a recent project is listed: its case's name and where it is ("Kadrey v. Meta — ~/cases/kadrey.json")."""
        case = self._case_names().get(str(path), "")
        return f"{case} — {path}" if case else str(path)

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

    def brief_choice(self, project: Path, name: str) -> str:
        """A choice of this project's last brief (``template``: the firm's Word template; ``cite_style``), "" when
        none was made."""
        value = self.value(self._key(f"brief-{name}", project))
        return value if isinstance(value, str) else ""

    def set_brief_choice(self, project: Path, name: str, value: str) -> None:
        self.set_value(self._key(f"brief-{name}", project), value)

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
        """Wait until every value set is on disk."""
        if self._writer is None:
            return
        done = threading.Event()
        self._writes.put(done)
        done.wait()
        self._qs.sync()  # this object reads the file again
