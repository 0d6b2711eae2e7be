"""OCR of scans: our pipeline against the bare ``tesseract`` program on the same page images, in the same run.

    python benchmarks/ocr.py [--json] [--no-gui]

For the scanned samples (Russian, Arabic, English, 9 pages) and a 2-page court scan, prints
- pages per second for us (render, tesseract, parse, build the page text) and for ``tesseract`` alone on images
  rendered beforehand, with 1 process and with one per core, and the ratio of our per-page cost to its;
- the character error rate of the text we read against the source each sample was printed from;
- the longest stall of the GUI thread while an exhibit is read in the app's worker process (a 10 ms timer).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import edlib
import pymupdf

from exhibit_annotator.core.pdf.ocr import RENDER_DPI, recognise
from exhibit_annotator.core.pdf.ocr_pages import OcrFile
from exhibit_annotator.core.pdf.tesseract import find_engine
from exhibit_annotator.core.pdf.text import DocumentText

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "exhibits"
SAMPLES = {"ru": "exhibit-ru-scanned.pdf", "ar": "exhibit-ar-scanned.pdf", "en": "exhibit-en-scanned.pdf"}
COURT_SCAN = DATA / "court" / "image-only-scan.pdf"


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def cer(read: str, source: str) -> float:
    """Edit distance between what was read and the source (whitespace runs as one space), per source character."""
    ref = _words(source)
    return float(edlib.align(_words(read), ref, task="distance")["editDistance"]) / len(ref)


def bare_tesseract(images: list[list[Path]], languages: str, jobs: int, program: str) -> float:
    """Seconds for the tesseract program alone to read each document's images (TSV, as we ask it), ``jobs`` at a
    time, one document after the other as we read them (and as the app does: an exhibit at a time)."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(image: Path) -> None:
        args = [program, str(image), "stdout", "-l", languages, "--dpi", str(RENDER_DPI), "tsv"]
        subprocess.run(args, capture_output=True, check=True, env=env)

    started = time.perf_counter()
    with ThreadPoolExecutor(jobs) as pool:
        for document in images:
            list(pool.map(one, document))
    return time.perf_counter() - started


def ours(docs: list[pymupdf.Document], jobs: int) -> tuple[float, dict[int, OcrFile]]:
    """Seconds for our pipeline, up to its page texts, and what it read per document."""
    engine = find_engine()
    started = time.perf_counter()
    read = {}
    for n, doc in enumerate(docs):
        outcome = recognise(doc, range(doc.page_count), engine, jobs=jobs)
        found = OcrFile(sha256="0" * 64, engine=engine.name, pages=outcome.pages)
        text = DocumentText(doc, found)
        for i in range(doc.page_count):
            text.page(i)
        read[n] = found
    return time.perf_counter() - started, read


def gui_stall(scan: Path) -> dict[str, float]:
    """The longest gap between ticks of a 10 ms timer in the GUI thread while the app's worker reads a scan."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from exhibit_annotator.app.render import ProcessWorker
    from exhibit_annotator.core.jobs import JobFiles, ocr_job
    from exhibit_annotator.core.model import Case
    from exhibit_annotator.core.project.edits import new_project
    from exhibit_annotator.core.project.intake import add_exhibit
    from exhibit_annotator.core.project.store import load_codebook, save_project
    from exhibit_annotator.core.resources import default_codebook_path

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / scan.name).write_bytes(scan.read_bytes())
        path = folder / "p.json"
        project = new_project(Case(name="Benchmark"), load_codebook(default_codebook_path()))
        exhibit = add_exhibit(project, path, folder / scan.name)
        save_project(project, path)
        (folder / "job").mkdir()
        worker = ProcessWorker(renders=False)
        gaps: list[float] = []
        clock = QElapsedTimer()
        clock.start()
        last = [0.0]
        done = [False]

        def tick() -> None:
            now = clock.nsecsElapsed() / 1e6
            gaps.append(now - last[0])
            last[0] = now

        timer = QTimer()
        timer.setInterval(10)
        timer.timeout.connect(tick)
        timer.start()
        worker.submit(
            ocr_job, path, exhibit, None, None, JobFiles(folder / "job"),
            on_done=lambda _: done.__setitem__(0, True), on_error=lambda e: (print(e), done.__setitem__(0, True)),
        )  # fmt: skip
        while not done[0]:
            app.processEvents()
            time.sleep(0.002)
        timer.stop()
        worker.shutdown()
    gaps = sorted(gaps[1:])
    return {"ticks": len(gaps), "max_ms": round(gaps[-1], 1), "p99_ms": round(gaps[int(len(gaps) * 0.99)], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-gui", action="store_true", help="skip the GUI stall measurement")
    args = parser.parse_args()
    engine = find_engine()
    cores = os.cpu_count() or 1
    docs = [pymupdf.open(DATA / name) for name in SAMPLES.values()] + [pymupdf.open(COURT_SCAN)]
    pages = sum(d.page_count for d in docs)
    results: dict[str, object] = {"engine": engine.name, "cores": cores, "pages": pages, "render_dpi": RENDER_DPI}

    # One long scan too: the samples and the court scan as one document, as a real production's scans are.
    long_scan = pymupdf.open()
    for doc in docs:
        long_scan.insert_pdf(doc)
    sets = {"samples": docs, "long scan": [long_scan]}
    runs: dict[str, dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, members in sets.items():
            images: list[list[Path]] = []
            for n, doc in enumerate(members):
                images.append([])
                for page in doc:
                    image = Path(tmp) / f"{name}-{n}-{page.number}.pgm"
                    page.get_pixmap(dpi=RENDER_DPI, colorspace=pymupdf.csGRAY).save(image)
                    images[-1].append(image)
            count = sum(d.page_count for d in members)
            for jobs in sorted({1, cores}):
                bare = bare_tesseract(images, engine.languages, jobs, engine.program)
                us, found = ours(members, jobs)
                if name == "samples" and jobs == 1:
                    read = found
                runs.setdefault(name, {})[str(jobs)] = {
                    "pages": count,
                    "ours_pages_per_s": round(count / us, 3),
                    "tesseract_pages_per_s": round(count / bare, 3),
                    "ratio": round(us / bare, 3),
                }
    results["runs"] = runs
    if cores > 1:
        long = runs["long scan"]
        results["scaling"] = round(long[str(cores)]["ours_pages_per_s"] / long["1"]["ours_pages_per_s"], 2)
    errors = {}
    for n, (lang, _) in enumerate(SAMPLES.items()):
        text = DocumentText(docs[n], read[n])
        errors[lang] = round(cer(" ".join(p.text for p in text.pages()), (DATA / "src" / f"{lang}.txt").read_text()), 4)
    results["cer"] = errors
    if not args.no_gui:
        results["gui_stall"] = gui_stall(DATA / SAMPLES["ru"])

    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
        return
    print(f"{engine.name}, {pages} pages at {RENDER_DPI} dpi, {cores} core(s)")
    for jobs, run in runs.items():
        ours_rate, bare_rate = run["ours_pages_per_s"], run["tesseract_pages_per_s"]
        print(
            f"  {jobs} at once: ours {ours_rate} pages/s, tesseract alone {bare_rate} pages/s: {run['ratio']}x the cost"
        )
    if "scaling" in results:
        print(f"  long scan, 1 → {cores} processes: {results['scaling']}x the pages per second")
    print("  character error rate: " + ", ".join(f"{k} {v:.2%}" for k, v in errors.items()))
    if "gui_stall" in results:
        stall = results["gui_stall"]
        assert isinstance(stall, dict)
        gap, p99 = stall["max_ms"], stall["p99_ms"]
        print(f"  GUI thread while a scan is read: longest gap {gap} ms, p99 {p99} ms (10 ms ticks)")


if __name__ == "__main__":
    sys.exit(main())
