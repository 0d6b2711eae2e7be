"""The core and the command line work where Qt cannot even be imported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import EXHIBITS

BLOCK_QT = """
import sys, pkgutil, importlib
sys.modules["PySide6"] = None  # any "import PySide6..." now raises ImportError
import exhibit_annotator.core as core
for m in pkgutil.iter_modules(core.__path__):
    importlib.import_module(f"exhibit_annotator.core.{m.name}")
from exhibit_annotator.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.slow
def test_core_and_cli_run_without_qt(tmp_path: Path) -> None:
    project = tmp_path / "p.json"

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", BLOCK_QT, *args], capture_output=True, text=True, timeout=120)

    assert cli("new", str(project)).returncode == 0
    assert cli("add", str(project), str(EXHIBITS / "exhibit-en.pdf")).returncode == 0
    tagged = cli("tag", str(project), "--exhibit", "Ex. 1", "--quote", "LibGen data set", "--category", "Copying")
    assert tagged.returncode == 0, tagged.stderr
    assert cli("validate", str(project)).returncode == 0


def test_every_part_of_the_window_is_held_to_the_window_api() -> None:
    """The contract forbidding parts to import the main window lists modules by hand: a new one must be on it."""
    import tomllib

    root = Path(__file__).resolve().parents[2]
    contracts = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    (parts,) = [
        c for c in contracts["contracts"] if c.get("forbidden_modules") == ["exhibit_annotator.app.window.main_window"]
    ]
    app = root / "exhibit_annotator" / "app"
    modules = {
        ".".join(("exhibit_annotator", "app", *p.relative_to(app).with_suffix("").parts))
        for p in app.rglob("*.py")
        if p.stem != "__init__"
    } - {"exhibit_annotator.app.main", "exhibit_annotator.app.window.main_window"}
    held = parts["source_modules"]
    loose = {m for m in modules if not any(m == s or m.startswith(s + ".") for s in held)}
    assert not loose, f"not held to the window api: {sorted(loose)}"


def test_no_module_is_over_500_lines() -> None:
    """A module that grows past this holds more than one thing: split it by what each part owns (issue 32)."""
    package = Path(__file__).resolve().parents[2] / "exhibit_annotator"
    sizes = {
        str(p.relative_to(package)): len(p.read_text(encoding="utf-8").splitlines()) for p in package.rglob("*.py")
    }
    assert {name: n for name, n in sizes.items() if n > 500} == {}
