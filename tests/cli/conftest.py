"""Fixtures of the command-line tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from exhibit_annotator import cli

from ..conftest import EXHIBITS


@pytest.fixture
def en_project(tmp_path: Path) -> Path:
    """A project made with the command line, holding a copy of exhibit-en.pdf as Ex. 1."""
    (tmp_path / "exhibit-en.pdf").write_bytes((EXHIBITS / "exhibit-en.pdf").read_bytes())
    path = tmp_path / "case.json"
    assert cli.main(["new", str(path)]) == 0
    assert cli.main(["add", str(path), str(tmp_path / "exhibit-en.pdf")]) == 0
    return path
