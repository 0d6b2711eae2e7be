"""The wheel as users get it (pip, pipx, any packager): built from the repository's files, installed non-editable
into a fresh virtual environment, and driven through its own console script from an empty folder, where nothing
of the source checkout can be found."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pymupdf
import pytest

ROOT = Path(__file__).resolve().parents[2]
QUOTE = "the target for the next model should be GPT-4"


@dataclass
class Installed:
    wheel: Path
    python: Path
    script: Path
    workdir: Path

    def run(self, *args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        result = subprocess.run(
            [str(self.script), *map(str, args)], cwd=self.workdir, env=env, capture_output=True, text=True, timeout=120
        )
        if check:
            assert result.returncode == 0, result.stderr
        return result


def _repository_files(dest: Path) -> None:
    """The files a clone would have, plus this change's new ones (tracked and untracked-not-ignored): a build
    from the working tree itself could pick up stale files from an earlier build folder."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split("\0")  # fmt: skip
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("wheel")
    source, wheels, env_dir, workdir = base / "source", base / "wheels", base / "venv", base / "empty"
    for folder in (source, workdir):
        folder.mkdir()
    _repository_files(source)
    build = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(wheels)]
    subprocess.run([*build, str(source)], check=True, capture_output=True)
    (wheel,) = wheels.glob("exhibit_annotator-*.whl")
    venv.create(env_dir, with_pip=False)
    scripts = Path(sysconfig.get_path("scripts", vars={"base": str(env_dir), "platbase": str(env_dir)}))
    purelib = Path(sysconfig.get_path("purelib", vars={"base": str(env_dir), "platbase": str(env_dir)}))
    python = scripts / ("python.exe" if os.name == "nt" else "python")
    # The dependencies (PySide6, PyMuPDF, …) come from this test environment through a .pth line, so the test
    # runs offline; the app itself only from the wheel. The test environment's editable install is not visible
    # there: its finder is set up by a .pth file in *our* site-packages, which a plain path entry does not run.
    (purelib / "test-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True, capture_output=True
    )
    script = scripts / ("exhibit-annotator.exe" if os.name == "nt" else "exhibit-annotator")
    return Installed(wheel, python, script, workdir)


@pytest.mark.slow
def test_wheel_carries_the_resources(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    # Every file of resources/ (the codebook, schema, sample project and exhibits, fonts, icons) and every module.
    shipped = [p for p in (ROOT / "resources").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert len(shipped) > 20
    for path in shipped:
        assert f"exhibit_annotator/resources/{path.relative_to(ROOT / 'resources').as_posix()}" in names
    assert "exhibit_annotator/py.typed" in names
    # Every module of the source tree is in the wheel (the package list in pyproject.toml is written by hand).
    for module in (ROOT / "exhibit_annotator").rglob("*.py"):
        assert module.relative_to(ROOT).as_posix() in names
    assert not [n for n in names if "__pycache__" in n or n.startswith(("tests/", "resources/"))]


@pytest.mark.slow
def test_installed_app_is_the_wheel_not_the_checkout(installed: Installed) -> None:
    where = subprocess.run(
        [str(installed.python), "-c", "import exhibit_annotator.core.resources as r; print(r.resources_dir())"],
        cwd=installed.workdir, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert Path(where).is_relative_to(installed.python.parent.parent)
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert installed.run("--version").stdout.strip() == f"exhibit-annotator {version}"
    about = installed.run("about").stdout
    assert f"Exhibit Annotator {version}" in about and "PyMuPDF" in about and "SIL OFL 1.1" in about


@pytest.mark.slow
def test_new_add_tag_export_from_the_wheel(installed: Installed) -> None:
    """A new project takes the shipped codebook (the bug: 'copyright.json: file not found'); the sample's
    exhibit is added, a passage tagged, and both briefs quote it."""
    work = installed.workdir / "case"
    work.mkdir()
    shutil.copy(ROOT / "resources" / "sample" / "exhibits" / "exhibit-en.pdf", work)
    installed.run("new", work / "case.json", "--case", "Kadrey v. Meta Platforms, Inc.")
    installed.run("add", work / "case.json", work / "exhibit-en.pdf")
    installed.run("tag", work / "case.json", "--exhibit", "Ex. 1", "--quote", QUOTE, "--category", "Willfulness")
    installed.run("export", work / "case.json", "-o", work / "brief.docx")
    installed.run("export", work / "case.json", "-o", work / "brief.pdf")
    words = "\n".join(p.text for p in docx.Document(str(work / "brief.docx")).paragraphs)
    assert QUOTE in words and "Ex. 1 at 1" in words
    pdf_text = " ".join(page.get_text() for page in pymupdf.open(work / "brief.pdf"))
    assert QUOTE in " ".join(pdf_text.split())


@pytest.mark.slow
def test_window_opens_the_shipped_sample(installed: Installed, tmp_path: Path) -> None:
    """The window on the sample project (copied from the installed package into the data folder), its first
    page rendered by a worker process started from the installed app; then a clean exit."""
    os.environ["EXHIBIT_ANNOTATOR_HOME"] = str(tmp_path)  # the autouse fixture's monkeypatch restores it
    result = installed.run("gui", "--self-test")
    assert "self-test passed" in result.stdout and "kadrey-sample.json" in result.stdout
    assert (tmp_path / "data" / "sample" / "exhibits" / "exhibit-ar.pdf").exists()
