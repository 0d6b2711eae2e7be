"""Smoke test of the built app bundle (PyInstaller, one folder): it runs with no Python of ours, as a user starts
it: the version, the command line exporting the sample brief, the window on the sample with its worker processes
(frozen children), and on Linux the tarball's install script with a valid desktop entry and the project file type.

`bash packaging/build.sh` builds the bundle and runs this with EXHIBIT_ANNOTATOR_BUNDLE (and _TARBALL) set."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

import pymupdf
import pytest

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = os.environ.get("EXHIBIT_ANNOTATOR_BUNDLE")
TARBALL = os.environ.get("EXHIBIT_ANNOTATOR_TARBALL")
pytestmark = pytest.mark.skipif(not BUNDLE, reason="no bundle built (bash packaging/build.sh runs this)")
QUOTE = "Мистраль для нас — это пустяки"  # a tag of the bundled sample project, on its Russian exhibit


def _run(program: Path, *args: str | Path, home: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    # Nothing of ours on the way: no virtual environment, no PYTHONPATH, only the system's PATH.
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "EXHIBIT_ANNOTATOR_HOME": str(home / "app-home"),
           "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8"}  # fmt: skip
    if sys.platform == "win32":
        env = {**os.environ, **{k: v for k, v in env.items() if k != "PATH"}}
    result = subprocess.run(
        [str(program), *map(str, args)], cwd=cwd, env=env, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, f"{program.name} {args}: {result.stdout}\n{result.stderr}"
    return result


def _program() -> Path:
    assert BUNDLE
    return Path(BUNDLE) / ("exhibit-annotator.exe" if sys.platform == "win32" else "exhibit-annotator")


def test_version(tmp_path: Path) -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert _run(_program(), "--version", home=tmp_path, cwd=tmp_path).stdout.strip() == f"exhibit-annotator {version}"


def test_cli_exports_the_sample_brief(tmp_path: Path) -> None:
    sample = tmp_path / "sample"
    shutil.copytree(ROOT / "resources" / "sample", sample)
    project = sample / "kadrey-sample.json"
    _run(_program(), "validate", project, home=tmp_path, cwd=tmp_path)
    _run(_program(), "export", project, "-o", tmp_path / "brief.pdf", home=tmp_path, cwd=tmp_path)
    _run(_program(), "export", project, "-o", tmp_path / "brief.docx", home=tmp_path, cwd=tmp_path)
    text = " ".join(" ".join(page.get_text().split()) for page in pymupdf.open(tmp_path / "brief.pdf"))
    assert QUOTE in text and "Ex. 2 at 1" in text
    assert (tmp_path / "brief.docx").stat().st_size > 10_000


def test_window_on_the_sample_with_frozen_workers(tmp_path: Path) -> None:
    result = _run(_program(), "gui", "--self-test", home=tmp_path, cwd=tmp_path)
    assert "self-test passed" in result.stdout


@pytest.mark.skipif(not TARBALL, reason="the Linux tarball only")
def test_tarball_installs_a_desktop_entry_icons_and_the_project_type(tmp_path: Path) -> None:
    assert TARBALL
    with tarfile.open(TARBALL) as archive:
        archive.extractall(tmp_path / "unpacked", filter="data")
    (folder,) = (tmp_path / "unpacked").iterdir()
    home = tmp_path / "home"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home)}
    subprocess.run(["bash", str(folder / "install.sh")], env=env, check=True, capture_output=True, text=True)
    data = home / ".local" / "share"
    entry = data / "applications" / "exhibit-annotator.desktop"
    checked = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
    assert checked.returncode == 0 and not checked.stdout.strip(), checked.stdout + checked.stderr
    assert f"Exec={home}/.local/lib/exhibit-annotator/exhibit-annotator gui %f" in entry.read_text()
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / "exhibit-annotator.svg").exists()
    assert (data / "icons" / "hicolor" / "48x48" / "apps" / "exhibit-annotator.png").exists()
    if shutil.which("update-mime-database"):  # the compiled database names our type for its glob and its marker
        globs = (data / "mime" / "globs2").read_text()
        assert "application/x-exhibit-annotator-project:*.exhibits.json" in globs
        assert "*.json" not in globs.replace("*.exhibits.json", "")  # plain .json stays JSON
        assert "application/x-exhibit-annotator-project" in (data / "mime" / "magic").read_bytes().decode("latin-1")
    installed = home / ".local" / "bin" / "exhibit-annotator"
    assert _run(installed, "--version", home=home, cwd=tmp_path).stdout.startswith("exhibit-annotator ")
    subprocess.run(["bash", str(folder / "install.sh"), "--uninstall"], env=env, check=True, capture_output=True)
    assert not entry.exists() and not installed.exists()
