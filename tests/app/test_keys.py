"""No key is bound twice under either key theme this machine can run: the offscreen platform's (Qt's Windows-style
bindings: Redo is Ctrl+Y) and X11's under Xvfb (Redo is Ctrl+Shift+Z). A key bound twice is ambiguous in Qt and
does nothing: X11's Redo was dead that way, and tests on the offscreen platform alone did not see it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

WINDOW_KEYS = """
import collections, json, sys
from PySide6.QtWidgets import QApplication

def main():
    app = QApplication(sys.argv[:1])
    from exhibit_annotator.app.window.main_window import MainWindow
    from exhibit_annotator.core.resources import sample_project_path
    w = MainWindow()
    w.show()
    w.open_project(sample_project_path())
    keys = collections.defaultdict(list)
    for action in w.actions():
        for key in action.shortcuts():
            keys[key.toString()].append(action.text())
    redo = [k.toString() for k in w.link.redo_action.shortcuts()]
    print(json.dumps({"platform": app.platformName(), "keys": keys, "redo": redo}))
    w.session.saved()
    w.close()

if __name__ == "__main__":
    main()
"""


@pytest.fixture(scope="module")
def x_display() -> Iterator[str]:
    """A virtual X display (Xvfb, which packaging/setup.sh installs on Debian); the test is skipped without it."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed")
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert server.stdout is not None
    number = server.stdout.readline().strip()
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stdout.close()


@pytest.mark.slow
@pytest.mark.parametrize("platform", ["offscreen", "xcb"])
def test_no_key_is_bound_twice_under_each_key_theme(
    platform: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": platform, "EXHIBIT_ANNOTATOR_HOME": str(tmp_path)}
    if platform == "xcb":
        env["DISPLAY"] = request.getfixturevalue("x_display")
    script = tmp_path / "window_keys.py"
    script.write_text(WINDOW_KEYS, encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["platform"] == platform
    assert {k: v for k, v in seen["keys"].items() if len(v) > 1} == {}
    assert "Ctrl+Shift+Z" in seen["redo"] and "Ctrl+Y" in seen["redo"]  # both usual Redo keys, everywhere
