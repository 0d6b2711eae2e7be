"""A manual check, not part of the suite: import a .qdpx with QualCoder's own REFI-QDA import code
(src/qualcoder/refi.py of https://github.com/ccbogel/QualCoder), into a QualCoder database made with the CREATE TABLE
statements of QualCoder's new_project, and print what QualCoder then holds: codes, sources, coded text, coded areas.

    python -m venv /tmp/qc/venv && /tmp/qc/venv/bin/pip install PyQt6 pymupdf pillow   # libpulse0 on Debian
    git clone https://github.com/ccbogel/QualCoder /tmp/qc/QualCoder && cp -r /tmp/qc/QualCoder/src /tmp/qc/src
    exhibit-annotator export case.json -o case.qdpx
    /tmp/qc/venv/bin/python tests/manual/qualcoder_import.py case.qdpx /tmp/qc/project
"""

import ast
import builtins
import os
import sqlite3
import sys
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
builtins._ = lambda s: s
sys.path.insert(0, "/tmp/qc/src")
from PyQt6 import QtWidgets  # noqa: E402 (QualCoder's source is found through sys.path)

qt = QtWidgets.QApplication([])
from qualcoder import refi  # noqa: E402

qdpx, project = Path(sys.argv[1]), Path(sys.argv[2])
project.mkdir(parents=True)
for sub in ("images", "audio", "video", "documents"):
    (project / sub).mkdir()
conn = sqlite3.connect(project / "data.qda")
tree = ast.parse(Path("/tmp/qc/src/qualcoder/__main__.py").read_text(encoding="utf-8"))
new_project = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "new_project")
for call in ast.walk(new_project):
    if (
        isinstance(call, ast.Call)
        and getattr(call.func, "attr", "") == "execute"
        and call.args
        and isinstance(call.args[0], ast.Constant)
        and str(call.args[0].value).startswith("CREATE TABLE")
    ):
        conn.execute(call.args[0].value)
conn.commit()


class App:
    def __init__(self):
        self.conn, self.project_path, self.project_name = conn, str(project), project.name
        self.settings = {"codername": "default", "directory": str(project.parent), "ai_enable": "False"}
        self.version, self.ai, self.ai_models, self.project_events = "test", None, [], None

    def write_config_ini(self, *a, **k):
        pass

    def get_annotations(self):
        return []


class Message:  # QualCoder's message box, which would wait for a click: its text is printed instead
    def __init__(self, app, title, text, kind="information"):
        print("MESSAGE:", title, "|", text)

    def exec(self):
        return 0


refi.Message = Message
importer = refi.RefiImport.__new__(refi.RefiImport)
for name, value in dict(
    app=App(),
    parent_textedit=QtWidgets.QTextEdit(),
    import_type="qdpx",
    file_path=str(qdpx),
    folder_name="",
    sources_name="/Sources",
    file_vars=[],
    annotations=[],
    links=[],
    tree=None,
    codes=[],
    users=[],
    cases=[],
    sources=[],
    source_name_prefix=0,
    variables=[],
    xml=None,
    base_path="",
    software_name="",
    xmlns_version="1.0",
    pd=None,
    pd_value=0,
).items():
    setattr(importer, name, value)
importer.import_project()
cur = conn.cursor()
print("LOG:", importer.parent_textedit.toPlainText()[-1500:])
print("codes:", cur.execute("select name, color from code_name order by name").fetchall())
print("categories:", cur.execute("select name from code_cat").fetchall())
print("sources:", cur.execute("select name, mediapath, length(fulltext) from source").fetchall())
print(
    "coded text:",
    cur.execute(
        "select c.name, t.seltext, t.pos0, t.pos1, t.owner, t.memo from code_text t join code_name c on c.cid=t.cid"
    ).fetchall(),
)
print(
    "coded areas:",
    cur.execute(
        "select c.name, i.pdf_page, i.x1, i.y1, i.width, i.height, i.owner, i.memo "
        "from code_image i join code_name c on c.cid=i.cid"
    ).fetchall(),
)
print("journals/memos:", cur.execute("select name from journal").fetchall())
