"""Where the files shipped with the app live (default codebook, JSON Schema, sample project)."""

from __future__ import annotations

import os
from pathlib import Path

# Overridable so that a packaged build (see packaging/) can put resources elsewhere.
_ENV = "EXHIBIT_ANNOTATOR_RESOURCES"


def resources_dir() -> Path:
    override = os.environ.get(_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent.parent / "resources"


def default_codebook_path() -> Path:
    return resources_dir() / "codebooks" / "copyright.json"


def schema_path() -> Path:
    return resources_dir() / "project.schema.json"


def sample_project_path() -> Path:
    return resources_dir() / "sample" / "kadrey-sample.json"
