"""A whole case: 500 exhibits (50,000 pages, some of them scans) and 20,000 annotations.

    python benchmarks/scale.py [--exhibits 500] [--pages 100] [--annotations 20000] [--json]

Prints each figure next to the raw work it compares with, measured in the same run:
- ``add_500_ms``: the window adding every file at once (read and indexed in worker processes), vs ``raw_hash_ms``
  (hashing the same files, one after another), with ``cores``; ``add_40_one_core_ms`` and ``add_40_all_cores_ms``:
  40 of them read by one worker process, then by one per core;
- ``load_ms`` vs ``raw_json_ms`` (``json.loads`` of the same file); ``open_window_ms`` (project opened in the window),
  ``first_page_ms`` (until its first page is painted sharp);
- ``tag_ms``, ``undo_ms``: GUI-thread time of one change (the views and the journal line included);
  ``journal_ms``: the journal line serialised, ``journal_disk_ms``: until its thread has it fsynced;
- ``repaint_after_tag_ms``: the longest the window did not answer while it painted the change (the table's rows,
  the page's highlights);
- ``save_ms``: File ▸ Save, until the file is written; ``save_gui_ms``: the longest the window did not answer
  meanwhile (serialised in steps between paints, written on another thread), the change's own repaint done first;
  ``tag_again_ms``, ``save_again_ms`` and ``save_again_gui_ms``: one more of each;
- ``first_search_ms``: a search in a new process (a restart), with the page index on disk, vs ``raw_search_ms``
  (PyMuPDF's ``search_for`` over every page);
- ``max_gui_stall_ms``: the longest the event loop went without running while the files were added and while
  the search panel searched; ``peak_rss_mb`` of this process.
Figures, not test assertions.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

import pymupdf
from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication
from tagging import wait  # the event loop run until a condition holds

from exhibit_annotator.core.brief.brief import BriefOptions
from exhibit_annotator.core.export import Format
from exhibit_annotator.core.model import Annotation, Case, PageRect, TextQuote
from exhibit_annotator.core.pdf.selection import Caret
from exhibit_annotator.core.project.edits import new_project
from exhibit_annotator.core.project.session import Change
from exhibit_annotator.core.project.store import load_codebook, load_project, save_project
from exhibit_annotator.core.resources import default_codebook_path

WORDS = (
    "licence",
    "training",
    "corpus",
    "shadow",
    "library",
    "torrent",
    "model",
    "weights",
    "market",
    "harm",
    "willful",
    "copying",
    "fair",
    "use",
    "transformative",
    "dataset",
    "books",
    "authors",
    "infringement",
    "deposition",
    "exhibit",
)
NEEDLE = "Zanzibar"  # on a few pages only: what a paralegal looks for


def make_files(folder: Path, count: int, pages: int) -> list[Path]:
    """``count`` different PDFs of ``pages`` pages; every 25th a scan (an image per page, no text)."""
    rng = random.Random(7)
    template = pymupdf.open()
    for _ in range(pages):
        page = template.new_page()
        lines = [" ".join(rng.choice(WORDS) for _ in range(12)) for _ in range(40)]
        page.insert_textbox(pymupdf.Rect(54, 54, 560, 790), "\n".join(lines), fontsize=9)
    scan = pymupdf.open()
    pix = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, 850, 1100), False)
    pix.clear_with(230)
    picture = pix.tobytes("png")
    for _ in range(pages):
        scan.new_page().insert_image(pymupdf.Rect(0, 0, 612, 792), stream=picture)
    files = []
    for n in range(count):
        path = folder / f"DOC{n:05d}.pdf"
        doc = pymupdf.open()
        doc.insert_pdf(scan if n % 25 == 24 else template)
        doc[0].insert_text((54, 40), f"Document {n:05d}" + (f" — {NEEDLE}" if n % 50 == 7 else ""), fontsize=8)
        doc.save(path, garbage=1, deflate=True)
        doc.close()
        files.append(path)
    return files


def add_annotations(project_path: Path, count: int) -> None:
    project = load_project(project_path)
    rng = random.Random(11)
    texts = [e for e in project.exhibits if not e.pages_without_text]
    for k in range(count):
        e = rng.choice(texts)
        page = rng.randrange(e.page_count)
        y = 60 + (k % 40) * 18
        quote = " ".join(rng.choice(WORDS) for _ in range(8))
        project.annotations.append(Annotation(
            id=uuid.uuid4(), exhibit_id=e.id, page=page, text=quote, quote=TextQuote(exact=quote),
            rects=[PageRect(page=page, rect=[54, y, 400, y + 11])], category_ids=[project.codebook[k % 5].id],
            note=f"Note {k}", author=f"Reviewer {k % 6}",
        ))  # fmt: skip
    save_project(project, project_path)


def timed(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return (time.perf_counter() - start) * 1000


class StallMeter:
    """The longest gap between runs of a 5 ms timer: how long the event loop (the window) was not answering."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._clock = QElapsedTimer()
        self._timer = QTimer()
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._clock.start()
        self._timer.start()

    def _tick(self) -> None:
        self.worst = max(self.worst, self._clock.restart() - 5)

    def stop(self) -> None:
        self._timer.stop()


def settle(app: QApplication, seconds: float = 0.3) -> float:
    """Let the window paint what is due (Qt paints a few milliseconds after a change): the longest stall meanwhile."""
    stalls = StallMeter()
    stalls.start()
    start = time.perf_counter()
    wait(app, lambda: time.perf_counter() - start > seconds)
    stalls.stop()
    return stalls.worst


SEARCH_SCRIPT = """
import json, sys, time
from pathlib import Path
from exhibit_annotator.core.pdf.search import ProjectSearch
from exhibit_annotator.core.project.store import load_project
path = Path(sys.argv[1])
search = ProjectSearch(load_project(path), path)
start = time.perf_counter()
hits = search.search(sys.argv[2])
print(json.dumps({"ms": (time.perf_counter() - start) * 1000, "hits": len(hits)}))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--exhibits", type=int, default=500)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--annotations", type=int, default=20_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    folder = Path(tmp.name)
    os.environ["EXHIBIT_ANNOTATOR_HOME"] = str(folder / "home")
    (folder / "exhibits").mkdir()
    files = make_files(folder / "exhibits", args.exhibits, args.pages)
    project_path = folder / "case.json"
    save_project(new_project(Case(name="Scale"), load_codebook(default_codebook_path())), project_path)
    figures: dict[str, float] = {"cores": float(os.cpu_count() or 1)}

    def hash_all() -> None:
        for f in files:
            hashlib.sha256(f.read_bytes()).hexdigest()

    figures["raw_hash_ms"] = timed(hash_all)

    # How adding scales with cores: the same 40 files read and indexed by one worker, then by one per core (each
    # into an empty page index).
    from exhibit_annotator.core.project.intake import read_exhibits

    sample = files[:40]
    for workers, key in ((1, "add_40_one_core_ms"), (os.cpu_count() or 1, "add_40_all_cores_ms")):
        os.environ["EXHIBIT_ANNOTATOR_HOME"] = str(folder / f"home-{key}")
        figures[key] = timed(lambda w=workers: list(read_exhibits(project_path, sample, workers=w)))
    os.environ["EXHIBIT_ANNOTATOR_HOME"] = str(folder / "home")

    from exhibit_annotator.app.window.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    wait(app, lambda: window.worker.ready)
    window.open_project(project_path)
    stalls = StallMeter()
    stalls.start()
    start = time.perf_counter()
    window.files.add_many(files)
    wait(app, lambda: len(window.project.exhibits) == len(files) if window.project else False, 3600)
    figures["add_500_ms"] = (time.perf_counter() - start) * 1000
    figures["max_gui_stall_add_ms"] = stalls.worst
    stalls.stop()
    assert window.save()
    window.close()
    window.worker.shutdown(wait=True)
    window.search_worker.shutdown(wait=True)

    add_annotations(project_path, args.annotations)
    raw = project_path.read_bytes()
    figures["raw_json_ms"] = min(timed(lambda: json.loads(raw)) for _ in range(3))
    figures["load_ms"] = min(timed(lambda: load_project(project_path)) for _ in range(3))

    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    wait(app, lambda: window.worker.ready)
    start = time.perf_counter()
    figures["open_window_ms"] = timed(lambda: window.open_project(project_path))
    wait(app, lambda: (v := window.current_view()) is not None and v.has_sharp_page(0))
    figures["first_page_ms"] = (time.perf_counter() - start) * 1000  # until the first page is shown, sharp
    view = window.current_view()
    assert view is not None
    wait(app, lambda: view.page_text(0) is not None)
    view.select(Caret(0, 0), Caret(0, 40))
    project = window.project
    assert project is not None
    figures["tag_ms"] = timed(lambda: window.tagging.quick_tag(project.codebook[1].id))
    figures["repaint_after_tag_ms"] = settle(app)  # the window painting the change: the table, the page
    journal = window.link.workspace.journal if window.link.workspace is not None else None
    assert journal is not None
    figures["journal_ms"] = timed(lambda: journal._line(Change.of_annotations([project.annotations[-1]])))
    figures["journal_disk_ms"] = timed(window.link.flush_journal)
    figures["undo_ms"] = timed(window.link.undo_action.trigger)
    window.link.redo_action.trigger()
    settle(app)
    stalls = StallMeter()
    stalls.start()
    figures["save_ms"] = timed(window.save)  # serialised and written on another thread, the event loop running
    figures["save_gui_ms"] = stalls.worst  # the longest the window did not answer meanwhile
    stalls.stop()
    view.select(Caret(0, 50), Caret(0, 90))
    figures["tag_again_ms"] = timed(lambda: window.tagging.quick_tag(project.codebook[2].id))
    settle(app)
    stalls = StallMeter()
    stalls.start()
    figures["save_again_ms"] = timed(window.save)
    figures["save_again_gui_ms"] = stalls.worst
    stalls.stop()
    # An export hands the worker the project as its file's bytes, made in steps (issue 39): the window's longest
    # stall meanwhile, next to pickling the project (what it sent before) in the same run.
    stalls = StallMeter()
    stalls.start()
    figures["export_submit_ms"] = timed(lambda: window.export(Format.csv, folder / "all.csv", BriefOptions()))
    figures["export_gui_ms"] = stalls.worst
    stalls.stop()
    wait(app, lambda: window.last_export is not None and window.last_export.finished, 3600)
    figures["raw_pickle_project_ms"] = timed(lambda: pickle.dumps(window.project))

    stalls = StallMeter()
    stalls.start()
    panel = window.search_panel
    panel.query.setText(NEEDLE)
    panel.search()
    wait(app, lambda: not panel.searching, 3600)
    figures["max_gui_stall_search_ms"] = stalls.worst
    stalls.stop()
    window.session.saved()  # type: ignore[union-attr]
    window.close()
    window.worker.shutdown(wait=True)
    window.search_worker.shutdown(wait=True)
    figures["max_gui_stall_ms"] = max(figures["max_gui_stall_add_ms"], figures["max_gui_stall_search_ms"])

    env = {**os.environ}
    first = subprocess.run([sys.executable, "-c", SEARCH_SCRIPT, str(project_path), NEEDLE], env=env,
                           capture_output=True, text=True, check=True)  # fmt: skip
    found = json.loads(first.stdout)
    figures["first_search_ms"] = found["ms"]

    def raw_search() -> None:
        hits = 0
        for f in files:
            with pymupdf.open(f) as doc:
                for page in doc:
                    hits += len(page.search_for(NEEDLE))
        figures["raw_hits"] = hits

    figures["raw_search_ms"] = timed(raw_search)
    figures["search_hits"] = found["hits"]
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out = {k: round(v, 1) for k, v in figures.items()}
    pages = args.exhibits * args.pages
    if args.json:
        print(json.dumps({"exhibits": args.exhibits, "pages": pages, "annotations": args.annotations, **out}))
        return
    print(f"{args.exhibits} exhibits, {pages} pages, {args.annotations} annotations, {out['cores']:.0f} cores")
    print(f"  add all at once {out['add_500_ms']:.0f} ms (raw sha256 of the files {out['raw_hash_ms']:.0f} ms); "
          f"40 of them: {out['add_40_one_core_ms']:.0f} ms on one core, "
          f"{out['add_40_all_cores_ms']:.0f} ms on all")  # fmt: skip
    print(f"  load {out['load_ms']:.0f} ms (raw json.loads {out['raw_json_ms']:.0f} ms)")
    print(f"  open in the window {out['open_window_ms']:.0f} ms, first page shown after {out['first_page_ms']:.0f} ms")
    print(f"  one change on the GUI thread: tag {out['tag_ms']:.1f} ms, undo {out['undo_ms']:.1f} ms, "
          f"journal line {out['journal_ms']:.1f} ms (on disk after {out['journal_disk_ms']:.1f} ms)")  # fmt: skip
    print(f"  the change painted: the window not answering for at most {out['repaint_after_tag_ms']:.0f} ms")
    print(f"  save {out['save_ms']:.0f} ms, the window not answering for at most {out['save_gui_ms']:.0f} ms; "
          f"another tag {out['tag_again_ms']:.1f} ms and save {out['save_again_ms']:.0f} ms "
          f"(at most {out['save_again_gui_ms']:.0f} ms)")  # fmt: skip
    print(f"  first search after a restart {out['first_search_ms']:.0f} ms, {out['search_hits']:.0f} hits "
          f"(raw search_for over every page {out['raw_search_ms']:.0f} ms, {out['raw_hits']:.0f} hits)")  # fmt: skip
    print(f"  longest GUI stall: adding {out['max_gui_stall_add_ms']:.0f} ms, searching "
          f"{out['max_gui_stall_search_ms']:.0f} ms; peak RSS {out['peak_rss_mb']:.0f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    os._exit(0)  # the figures are printed; skip Qt's teardown
