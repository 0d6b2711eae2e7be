"""Where the files shipped with the app live (default codebook, JSON Schema, sample project, fonts, icons).

``resources/`` at the top of the repository is mapped into the package as ``exhibit_annotator.resources``
(pyproject.toml), so one lookup serves a source checkout (editable install), a wheel and a PyInstaller bundle.
"""

from __future__ import annotations

import shutil
from importlib.resources import files
from pathlib import Path

from .paths import data_dir


def resources_dir() -> Path:
    # Installed on a file system in every way we ship (wheels are unpacked, bundles are folders), so the
    # Traversable is a real folder that PyMuPDF and shutil can be handed.
    return Path(str(files("exhibit_annotator.resources")))


def default_codebook_path() -> Path:
    return resources_dir() / "codebooks" / "copyright.json"


def starting_codebooks() -> list[Path]:
    """The codebooks a new project can start from: the default first, then the others by name (a blank one too)."""
    others = sorted(p for p in (resources_dir() / "codebooks").glob("*.json") if p != default_codebook_path())
    return [default_codebook_path(), *others]


def schema_path() -> Path:
    return resources_dir() / "project.schema.json"


def sample_project_path() -> Path:
    return resources_dir() / "sample" / "kadrey-sample.json"


def icon_path(size: int | None = None) -> Path:
    """The app icon: the SVG, or a PNG of ``size`` pixels (16, 32, 48, 64, 128, 256, 512)."""
    icons = resources_dir() / "icons"
    return icons / ("exhibit-annotator.svg" if size is None else f"exhibit-annotator-{size}.png")


def working_sample() -> Path | None:
    """The sample project, copied once into the data folder: tagging it must not write into the installed app
    (read-only when packaged), and the copy keeps the user's tags between runs."""
    bundled = sample_project_path()
    if not bundled.exists():
        return None
    folder = data_dir() / "sample"
    copy = folder / bundled.name
    if not copy.exists():
        try:
            shutil.copytree(bundled.parent, folder, dirs_exist_ok=True)
        except OSError:
            return bundled  # read it in place; saving will say why it cannot
    return copy
