"""What the app is and what it is made of: its version and the licences of the libraries and fonts it ships.

Shown by Help ▸ About and ``exhibit-annotator about``. Versions are read from the installed packages, so a bundle
reports what it really carries; licences are written here because package metadata states them inconsistently.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from .. import __version__

APP_NAME = "Exhibit Annotator"
APP_LICENCE = "AGPL-3.0-or-later"  # PyMuPDF is AGPL-3.0 (or commercial), so the app is too


@dataclass(frozen=True)
class Component:
    name: str
    distribution: str | None  # the package to read the version from (None: a file we ship)
    licence: str
    used_for: str

    @property
    def version(self) -> str:
        if self.distribution is None:
            return ""
        try:
            return version(self.distribution)
        except PackageNotFoundError:
            return "not installed"


COMPONENTS: tuple[Component, ...] = (
    Component("PyMuPDF / MuPDF", "pymupdf-lite", "AGPL-3.0 (or Artifex commercial)", "reading, search, PDF output"),
    Component("Qt / PySide6", "PySide6-Essentials", "LGPL-3.0", "the window"),
    Component("pydantic", "pydantic", "MIT", "the project file"),
    Component("platformdirs", "platformdirs", "MIT", "where settings and autosaves live"),
    Component("python-bidi", "python-bidi", "LGPL-3.0", "right-to-left text order"),
    Component("edlib", "edlib", "MIT", "finding moved passages"),
    Component("python-docx", "python-docx", "MIT", "Word briefs"),
    Component("lxml", "lxml", "BSD-3-Clause", "Word briefs"),
    Component("dateparser", "dateparser", "BSD-3-Clause", "dates suggested for facts"),
    Component("regex", "regex", "Apache-2.0", "dates suggested for facts (dateparser)"),
    Component("openpyxl", "openpyxl", "MIT", "designation lists and reports in Excel"),
    Component("Noto Sans (pymupdf-fonts)", "pymupdf-fonts", "SIL OFL 1.1", "PDF briefs (Latin, Cyrillic)"),
    Component("DejaVu Sans", None, "Bitstream Vera / public domain (fonts/LICENSE-DejaVu.txt)", "PDF briefs (Arabic)"),
)


def about_lines() -> list[str]:
    """The About text, one line each: the app, then every component with its version and licence."""
    lines = [f"{APP_NAME} {__version__} — licensed under {APP_LICENCE}.", "", "Built with:"]
    for c in COMPONENTS:
        name = f"{c.name} {c.version}".strip()
        lines.append(f"  {name}: {c.licence} ({c.used_for})")
    return lines
