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


def need_libreoffice() -> None:
    """Skip where LibreOffice is not installed, except in CI, which installs it (packaging/setup.sh)."""
    if shutil.which("soffice") is None:
        if os.environ.get("CI"):
            raise AssertionError("LibreOffice (soffice) is not installed: packaging/setup.sh installs it")
        pytest.skip("LibreOffice is not installed")


SCANS = ("exhibit-en-scanned.pdf", "exhibit-ru-scanned.pdf", "exhibit-ar-scanned.pdf")


def need_tesseract() -> None:
    """Skip where Tesseract is not installed, except in CI, which installs it (packaging/setup.sh): there its
    absence is a failure, not a skip."""
    from exhibit_annotator.core.pdf.tesseract import OcrUnavailable, find_engine

    try:
        find_engine()
    except OcrUnavailable as e:
        if os.environ.get("CI"):
            raise
        pytest.skip(str(e))


@pytest.fixture(scope="session")
def _scanned_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project of the three scans, OCR'd once per test run (about 30 s on 2 cores) through the real door."""
    need_tesseract()
    from exhibit_annotator.core.model import Case
    from exhibit_annotator.core.pdf.ocr import ocr_exhibit
    from exhibit_annotator.core.pdf.tesseract import engine_for
    from exhibit_annotator.core.project.edits import new_project
    from exhibit_annotator.core.project.intake import read_exhibit
    from exhibit_annotator.core.project.operations import AddExhibit
    from exhibit_annotator.core.project.session import ProjectSession
    from exhibit_annotator.core.project.store import load_codebook, save_project
    from exhibit_annotator.core.resources import default_codebook_path

    folder = tmp_path_factory.mktemp("scanned") / "case"
    folder.mkdir()
    path = folder / "scans.json"
    project = new_project(Case(name="Kadrey v. Meta"), load_codebook(default_codebook_path()))
    session = ProjectSession(project, path)
    for name in SCANS:
        shutil.copy(EXHIBITS / name, folder / name)
        session.apply(AddExhibit(read_exhibit(path, folder / name), None))
    save_project(project, path)
    for exhibit in project.exhibits:
        result = ocr_exhibit(path, exhibit, engine_for(exhibit))
        assert not result.failed, result.failed
    return folder


@pytest.fixture
def scanned_project(_scanned_once: Path, tmp_path: Path) -> Path:
    """A fresh copy of the OCR'd scans project (its ``ocr-cache`` included, as a colleague would receive it);
    returns the project file."""
    folder = tmp_path / "case"
    shutil.copytree(_scanned_once, folder)
    return folder / "scans.json"
