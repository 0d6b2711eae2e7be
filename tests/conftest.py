"""Shared fixtures. Qt runs offscreen, and every test gets its own settings folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Before any QApplication exists: without a display and without this, pytest-qt aborts the interpreter.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# In the repository, so that a fresh clone needs nothing beside it (tests/data/README.md says where each came from).
DATA = Path(__file__).resolve().parent / "data"
EXHIBITS = DATA / "exhibits"
BAD_INPUTS = DATA / "bad-inputs"
SOURCES = EXHIBITS / "src"


@pytest.fixture(autouse=True)
def _own_app_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXHIBIT_ANNOTATOR_HOME", str(tmp_path_factory.mktemp("app-home")))
    monkeypatch.setenv("EXHIBIT_ANNOTATOR_AUTHOR", "Test Author")


@pytest.fixture
def exhibits_copy(tmp_path: Path) -> Path:
    """The sample exhibits copied into a fresh, writable folder (tests never write into tests/data)."""
    folder = tmp_path / "case"
    folder.mkdir()
    for name in ("exhibit-en.pdf", "exhibit-ru.pdf", "exhibit-ar.pdf", "exhibit-ru-scanned.pdf"):
        shutil.copy(EXHIBITS / name, folder / name)
    return folder
