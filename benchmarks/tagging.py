"""Tagging at scale: 10,000 annotations over 100 exhibits.

    python benchmarks/tagging.py [--annotations N] [--exhibits M] [--json]

Prints, next to the stdlib doing the nearest raw equivalent in the same run (json.dumps / json.loads of the same
data): the time to save and load the project, to fill and filter the annotations panel, to repaint a page
carrying 200 highlights, to tag one more passage with the keyboard (the undo command, highlights and panel
refreshed, its journal line serialised), to undo it, and how long the journal's thread then takes to have it on
disk (appended and fsynced, off the GUI thread). Figures, not test assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).parent))
from export import make_project, timed

from exhibit_annotator.core.pdf.selection import Caret
from exhibit_annotator.core.project.store import dumps, load_project, save_project


def wait(app: QCoreApplication, condition: object, timeout: float = 120.0) -> None:
    end = time.perf_counter() + timeout
    # Not app.processEvents(): in PySide6 6.12 each call takes a reference from None (see app.render).
    loop = QEventLoop()
    while not condition():  # type: ignore[operator]
        loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        time.sleep(0.001)
        if time.perf_counter() > end:
            raise TimeoutError("benchmark step timed out")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--annotations", type=int, default=10_000)
    parser.add_argument("--exhibits", type=int, default=100)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    folder = Path(tmp.name)
    os.environ["EXHIBIT_ANNOTATOR_HOME"] = str(folder / "home")
    path = make_project(folder, args.exhibits, args.annotations - 190)
    # The rest on page 1 of the first exhibit: with its own ~10, a page carrying about 200 highlights.
    project = load_project(path)
    first = project.exhibits[0]
    on_page = [a for a in project.annotations if a.exhibit_id == first.id and a.page == 0]
    for k in range(args.annotations - len(project.annotations)):
        project.annotations.append(on_page[k % len(on_page)].model_copy(update={"id": __import__("uuid").uuid4()}))
    save_project(project, path)
    n = len(project.annotations)

    figures: dict[str, float] = {}
    figures["save_ms"] = timed(lambda: save_project(project, path))
    text = dumps(project)
    data = project.model_dump(mode="json")
    figures["raw_save_ms"] = timed(lambda: path.with_suffix(".raw").write_text(json.dumps(data, indent=2)))
    figures["load_ms"] = timed(lambda: load_project(path))
    figures["raw_load_ms"] = timed(lambda: json.loads(text))

    from exhibit_annotator.app.window.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    wait(app, lambda: window.worker.ready)
    figures["open_project_ms"] = timed(lambda: window.open_project(path))  # loads, fills the panel, opens Ex. 1
    wait(app, lambda: window.current_view() is not None and window.current_view().has_sharp_page(0))
    view = window.current_view()
    assert view is not None
    panel = window.annotations_panel
    figures["panel_fill_ms"] = timed(panel.refresh)
    figures["panel_filter_text_ms"] = timed(lambda: panel.text.setText("Note 42"))
    kept = panel.model.rowCount()
    panel.text.clear()
    highlights = sum(1 for h in view.highlights if h.page == 0)
    repaints = [timed(view.viewport().repaint) for _ in range(5)]
    figures["repaint_200_highlights_ms"] = sorted(repaints)[2]
    wait(app, lambda: view.page_text(0) is not None)
    view.select(Caret(0, 0), Caret(0, 40))
    figures["tag_one_more_ms"] = timed(lambda: window.tagging.quick_tag(project.codebook[1].id))
    assert len(window.project.annotations) == n + 1
    figures["journal_on_disk_ms"] = timed(window.link.flush_journal)
    figures["undo_ms"] = timed(window.link.undo_action.trigger)
    window.session.saved()  # as if saved: no "Save changes?" when it closes
    window.close()
    window.worker.shutdown(wait=True)
    window.search_worker.shutdown(wait=True)
    out = {k: round(v, 1) for k, v in figures.items()}
    if args.json:
        print(json.dumps({"annotations": n, "highlights_on_page": highlights, **out}))
        return
    print(f"{n} annotations over {args.exhibits} exhibits; {highlights} highlights on the page repainted")
    print(f"  save {out['save_ms']:.0f} ms (raw json.dumps + write {out['raw_save_ms']:.0f} ms)")
    print(f"  load {out['load_ms']:.0f} ms (raw json.loads {out['raw_load_ms']:.0f} ms)")
    print(f"  open project in the window {out['open_project_ms']:.0f} ms")
    fill, filtered = out["panel_fill_ms"], out["panel_filter_text_ms"]
    print(f"  panel: fill {fill:.0f} ms, filter by text {filtered:.0f} ms ({kept} kept)")
    print(f"  repaint a page with {highlights} highlights {out['repaint_200_highlights_ms']:.1f} ms")
    print(f"  tag one more passage {out['tag_one_more_ms']:.0f} ms, undo it {out['undo_ms']:.0f} ms")
    print(f"  journal line on disk {out['journal_on_disk_ms']:.0f} ms after the tag (the journal's thread)")


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    os._exit(0)  # as in viewer.py: the figures are printed; skip Qt's teardown
