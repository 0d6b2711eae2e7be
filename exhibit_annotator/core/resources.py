"""Where the files shipped with the app live (default codebook, JSON Schema, sample project, fonts, icons).

``resources/`` at the top of the repository is mapped into the package as ``exhibit_annotator.resources``
(pyproject.toml), so one lookup serves a source checkout (editable install), a wheel and a PyInstaller bundle.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def resources_dir() -> Path:
    # Installed on a file system in every way we ship (wheels are unpacked, bundles are folders), so the
    # Traversable is a real folder that PyMuPDF and shutil can be handed.
    return Path(str(files("exhibit_annotator.resources")))


def default_codebook_path() -> Path:
    return resources_dir() / "codebooks" / "copyright.json"


def schema_path() -> Path:
    return resources_dir() / "project.schema.json"


def sample_project_path() -> Path:
    return resources_dir() / "sample" / "kadrey-sample.json"


def icon_path(size: int | None = None) -> Path:
    """The app icon: the SVG, or a PNG of ``size`` pixels (16, 32, 48, 64, 128, 256, 512)."""
    icons = resources_dir() / "icons"
    return icons / ("exhibit-annotator.svg" if size is None else f"exhibit-annotator-{size}.png")
