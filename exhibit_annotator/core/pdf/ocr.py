"""Recognising the text of scanned pages with Tesseract, and keeping what it found beside the project.

The exhibit file is evidence and is never written. Pages are rendered to images, the ``tesseract`` program reads
them, and its TSV output (words with boxes and confidences, Arabic in logical order: MuPDF's own OCR text layer
reverses Arabic lines, see ../shared/notes/platform-facts.md) goes into a sidecar file in the project folder's
``ocr-cache``, named by the exhibit file's SHA-256 and the engine. Re-opening the project, or a colleague with the
same file, therefore does not run OCR again. ``text.ocr_page_text`` turns the words into the same logical-order
page text that born-digital pages have, so search, selection, anchoring and exports have one path.

One tesseract process per page, as many at once as there are cores, each held to one thread
(``OMP_THREAD_LIMIT=1``: tesseract's own threads made a page take 15.3 s instead of 2.2 s on 2 cores).
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import re
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pymupdf
from pydantic import ValidationError

from ..files import atomic_write
from .confinement import readable_file
from .exhibits import open_pdf, sha256_of
from .ocr_pages import OcrFile, OcrLine, OcrPage
from .tesseract import NO_WINDOW, Engine, OcrUnavailable, environment
from .text import DocumentText

if TYPE_CHECKING:
    from ..model import Exhibit

log = logging.getLogger(__name__)

Progress = Callable[[int, int], bool]  # (done, total) → False to stop
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
RENDER_DPI = 300  # 150-dpi scans read better upscaled: Russian CER 7.5 % at 150 dpi, 1.4 % at 300 (rus+eng)
CACHE_FOLDER = "ocr-cache"
SAVE_EVERY = 10.0  # seconds: a long run saves what it has, so a cancel or a crash loses little


# --- running Tesseract ------------------------------------------------------------------------------------------
@dataclass
class _Image:
    path: Path
    zoom: float
    matrix: pymupdf.Matrix  # upright points → unrotated PDF space


def _render(page: pymupdf.Page, turn: int, folder: Path, slope: float = 0.0) -> _Image:
    """The page as a greyscale image at ``RENDER_DPI``, turned by ``turn`` degrees and straightened by ``slope``,
    saved for tesseract. PNM, not PNG: no compression to wait for (PNG took 40-50 ms a page)."""
    zoom = RENDER_DPI / 72
    m = pymupdf.Matrix(zoom, zoom).prerotate(turn - slope)
    pix = page.get_pixmap(matrix=m, colorspace=pymupdf.csGRAY, alpha=False)
    corner = (page.rect * m).irect
    # pixel = rotated-page point × m − corner; upright point = pixel / zoom.
    to_page = ~(m * pymupdf.Matrix(1, 0, 0, 1, -corner.x0, -corner.y0))
    upright_to_pdf = pymupdf.Matrix(zoom, zoom) * to_page * page.derotation_matrix
    path = folder / f"page-{page.number}-{turn}-{slope:.2f}.pgm"
    pix.save(path)
    return _Image(path, zoom, upright_to_pdf)


def parse_tsv(tsv: str, zoom: float) -> list[OcrLine]:
    """Tesseract's TSV (level 5 rows are words) as lines of words, boxes in points."""
    lines: dict[tuple[int, int, int], OcrLine] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        # Direction marks (LRM, RLM around Latin runs in Arabic) and other format characters carry no text.
        text = "".join(c for c in cols[11] if not _is_format(c)).strip()
        if not text:
            continue
        try:
            left, top, width, height = (int(v) for v in cols[6:10])
            conf = max(0.0, min(100.0, float(cols[10])))
        except ValueError:
            continue
        key = (int(cols[2]), int(cols[3]), int(cols[4]))
        line = lines.setdefault(key, OcrLine(block=key[0], words=[]))
        line.words.append((text, left / zoom, top / zoom, (left + width) / zoom, (top + height) / zoom, round(conf, 1)))
    return list(lines.values())


def _is_format(c: str) -> bool:
    return c in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"


class _Runner:
    """Tesseract processes for one document: started from worker threads, killed all at once on cancel."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.stopped = False
        self._lock = threading.Lock()
        self._live: set[subprocess.Popen[bytes]] = set()

    def run(self, args: list[str]) -> str:
        with self._lock:
            if self.stopped:
                raise _Stopped()
            process = subprocess.Popen(
                [self.engine.program, *args],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment(), creationflags=NO_WINDOW,
            )  # fmt: skip
            self._live.add(process)
        try:
            out, err = process.communicate()
        finally:
            with self._lock:
                self._live.discard(process)
        if self.stopped:
            raise _Stopped()
        if process.returncode != 0:
            message = err.decode("utf-8", "replace").strip().splitlines()
            raise RuntimeError(message[-1] if message else f"tesseract exited with code {process.returncode}")
        return str(out.decode("utf-8", "replace"))

    def stop(self) -> None:
        with self._lock:
            self.stopped = True
            for process in self._live:
                with contextlib.suppress(OSError):
                    process.kill()


class _Stopped(Exception):
    pass


def _six(m: pymupdf.Matrix) -> tuple[float, float, float, float, float, float]:
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _read_page(image: _Image, runner: _Runner, segmentation: int | None = None) -> list[OcrLine]:
    dpi = str(RENDER_DPI)
    psm = ["--psm", str(segmentation)] if segmentation is not None else []
    tsv = runner.run([str(image.path), "stdout", "-l", runner.engine.languages, "--dpi", dpi, *psm, "tsv"])
    return parse_tsv(tsv, image.zoom)


BLOCK = 6  # Tesseract's page segmentation "one uniform block of text": keeps a transcript's margin numbers


def margin_numbers(page: OcrPage) -> bool:
    """Whether ``page`` looks like a transcript or pleading paper read with the default segmentation, which drops
    most margin line numbers and every "Q."/"A." (2 of 25 numbers were kept on a transcript page): a line-number
    word (1-28) standing on its own left of where most lines begin."""
    starts = sorted(line.words[0][1] for line in page.lines if line.words)
    if len(starts) < 5:
        return False
    body = starts[len(starts) // 2]
    return any(
        len(line.words) == 1 and line.words[0][0].isdigit() and 1 <= int(line.words[0][0]) <= 28
        and line.words[0][3] < body - 10
        for line in page.lines
    )  # fmt: skip


def _orientation(image: _Image, runner: _Runner) -> int:
    """Degrees to turn the image by so that its text stands upright (Tesseract's OSD), 0 when unsure."""
    try:
        out = runner.run([str(image.path), "stdout", "--psm", "0", "--dpi", str(RENDER_DPI)])
    except RuntimeError:
        return 0  # no osd data, or too little text to tell
    found = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
    try:
        turn, sure = int(found.get("Rotate", "0").strip()), float(found.get("Orientation confidence", "0").strip())
    except ValueError:
        return 0
    return turn % 360 if sure >= 1.0 and turn % 90 == 0 else 0


def recognise_page(
    doc: pymupdf.Document, index: int, runner: _Runner, folder: Path, render_lock: threading.Lock
) -> OcrPage:
    """OCR one page. A page whose lines slope (a skewed scan) is read again straightened; one that reads badly
    upright is asked for its orientation and read again turned."""
    best = _read(doc, index, runner, folder, render_lock, 0, 0.0)
    if margin_numbers(best):
        # A numbered page: read as one block, its margin numbers and Q./A. stay (line numbers are cited by).
        block = _read(doc, index, runner, folder, render_lock, 0, 0.0, BLOCK)
        if block.words >= best.words:
            best = block
    # Tesseract follows a slight slope, but from about 2 degrees its layout analysis lost most lines (8 of 36 at
    # 2.5 degrees): the lines it did find tell the slope, for free.
    slope = skew(best)
    if abs(slope) >= SKEW_LIMIT:
        again = _read(doc, index, runner, folder, render_lock, 0, slope)
        if again.words > best.words:
            best = again
    # Upright text reads at 85-96 mean confidence; a page on its side still "read" at 62 (rus+ara+eng). Asking
    # for the orientation costs about 2 s, so only pages that read doubtfully pay it.
    if best.words < 3 or best.confidence < 75:
        with render_lock:  # MuPDF is not thread-safe; the threads only wait on tesseract in parallel
            image = _render(doc[index], 0, folder)
        try:
            turn = _orientation(image, runner)
        finally:
            image.path.unlink(missing_ok=True)
        if turn:
            again = _read(doc, index, runner, folder, render_lock, turn, 0.0)
            if again.confidence * again.words > best.confidence * best.words:
                best = again
    return best


SKEW_LIMIT = 1.0  # degrees: below, Tesseract reads the lines as they are


def _read(
    doc: pymupdf.Document, index: int, runner: _Runner, folder: Path, render_lock: threading.Lock, turn: int,
    slope: float, segmentation: int | None = None,
) -> OcrPage:  # fmt: skip
    with render_lock:  # MuPDF is not thread-safe; the threads only wait on tesseract in parallel
        image = _render(doc[index], turn, folder, slope)
    try:
        lines = _read_page(image, runner, segmentation)
    finally:
        image.path.unlink(missing_ok=True)
    return OcrPage(index=index, matrix=_six(image.matrix), turned=turn, skew=round(slope, 2), lines=lines)


def skew(page: OcrPage) -> float:
    """Degrees by which the page's lines slope (the median over lines of three words or more), 0 if unknown."""
    slopes = []
    for line in page.lines:
        if len(line.words) < 3:
            continue
        xs = [(w[1] + w[3]) / 2 for w in line.words]
        ys = [w[4] for w in line.words]  # word bottoms: descenders add noise, the median takes it out
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        spread = sum((x - mx) ** 2 for x in xs)
        if spread > 0:
            slopes.append(sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / spread)
    if not slopes:
        return 0.0
    return math.degrees(math.atan(statistics.median(slopes)))


@dataclass
class Outcome:
    """What an OCR run did."""

    pages: dict[int, OcrPage] = field(default_factory=dict)
    failed: dict[int, str] = field(default_factory=dict)  # page index → why
    cancelled: bool = False


def recognise(
    doc: pymupdf.Document,
    pages: Iterable[int],
    engine: Engine,
    *,
    jobs: int | None = None,
    progress: Progress | None = None,
    on_page: Callable[[OcrPage], None] | None = None,
) -> Outcome:
    """OCR ``pages`` of ``doc``, up to ``jobs`` (default: all cores) pages at once."""
    wanted = list(dict.fromkeys(pages))
    outcome = Outcome()
    if not wanted:
        return outcome
    runner = _Runner(engine)
    render_lock = threading.Lock()
    jobs = max(1, jobs or os.cpu_count() or 1)
    with tempfile.TemporaryDirectory(prefix="ocr-") as tmp, ThreadPoolExecutor(jobs) as pool:
        futures: dict[Future[OcrPage], int] = {
            pool.submit(recognise_page, doc, i, runner, Path(tmp), render_lock): i for i in wanted
        }
        pending, done = set(futures), 0
        stop = progress is not None and progress(0, len(wanted)) is False
        while pending and not stop:
            finished, pending = wait(pending, timeout=0.25, return_when=FIRST_COMPLETED)
            for future in finished:
                done += 1
                index = futures[future]
                try:
                    page = future.result()
                except _Stopped:
                    continue
                except Exception as e:  # noqa: BLE001 - one unreadable page fails alone, with its reason
                    outcome.failed[index] = str(e) or type(e).__name__
                else:
                    outcome.pages[index] = page
                    if on_page is not None:
                        on_page(page)
            # The progress callback is also how Cancel is asked: asked at every tick, not only when a page ends
            # (a page takes seconds), so that Cancel stops the tesseract processes at once.
            stop = progress is not None and progress(done, len(wanted)) is False
        if stop:
            outcome.cancelled = True
            for future in pending:
                future.cancel()
            runner.stop()
    return outcome


# --- the sidecar cache -------------------------------------------------------------------------------------------
class OcrStore:
    """The OCR sidecars of one project folder: ``ocr-cache/SHA256.ENGINE.json``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def for_project(cls, project_path: Path) -> OcrStore:
        return cls(Path(project_path).parent / CACHE_FOLDER)

    def path(self, sha256: str, engine: Engine) -> Path:
        return self.folder / f"{sha256}.{engine.key}.json"

    def _candidates(self, sha256: str) -> list[tuple[Path, float, int]]:
        """The file's sidecars, newest first, with their modification times and sizes."""
        if not _SHA256.match(sha256):
            return []
        found = []
        with contextlib.suppress(OSError):
            for path in self.folder.glob(f"{sha256}.*.json"):
                with contextlib.suppress(OSError):
                    st = path.stat()
                    found.append((path, st.st_mtime, st.st_size))
        return sorted(found, key=lambda c: c[1], reverse=True)

    def stamp(self, sha256: str) -> str:
        """Changes whenever what ``load`` would return may have changed: for caches of page texts."""
        return "|".join(f"{p.name}:{m}:{n}" for p, m, n in self._candidates(sha256))

    def load(self, sha256: str) -> OcrFile | None:
        """The most recent readable sidecar for the file, by any engine. A damaged one is skipped (it is only a
        cache): logged, never fatal."""
        for path, mtime, size in self._candidates(sha256):
            key = (str(path), mtime, size)
            found = _LOADED.get(key)
            if found is None:
                try:
                    found = OcrFile.model_validate_json(path.read_bytes())
                except (OSError, ValidationError, ValueError) as e:
                    log.warning("%s: OCR cache file ignored (%s)", path.name, str(e).splitlines()[0])
                    continue
                if len(_LOADED) >= 8:  # a worker process serves page after page from the same few files
                    _LOADED.pop(next(iter(_LOADED)))
                _LOADED[key] = found
            if found.sha256 == sha256:
                return found
        return None

    def save(self, sha256: str, engine: Engine, pages: Iterable[OcrPage]) -> Path:
        """Add ``pages`` to the engine's sidecar for the file (written whole, atomically)."""
        path = self.path(sha256, engine)
        current: dict[int, OcrPage] = {}
        with contextlib.suppress(OSError, ValidationError, ValueError):
            old = OcrFile.model_validate_json(path.read_bytes())
            if old.sha256 == sha256 and old.engine == engine.name:
                current = dict(old.pages)
        current.update((p.index, p) for p in pages)
        self.folder.mkdir(parents=True, exist_ok=True)
        data = OcrFile(sha256=sha256, engine=engine.name, pages=dict(sorted(current.items())))
        atomic_write(path, data.model_dump_json() + "\n", backup=False)
        return path


_LOADED: dict[tuple[str, float, int], OcrFile] = {}


OcrSource = tuple[str, str]  # the project's OCR cache folder and the exhibit's SHA-256: picklable, for workers


def ocr_source(project_path: Path, exhibit: Exhibit) -> OcrSource | None:
    """Where the exhibit's OCR text would be; None when it has no scanned pages to read."""
    if not exhibit.pages_without_text:
        return None
    return (str(OcrStore.for_project(project_path).folder), exhibit.sha256)


def document_text(doc: pymupdf.Document, project_path: Path, exhibit: Exhibit, keep: int | None = None) -> DocumentText:
    """The exhibit's page texts: its own text layer, and the OCR in the project's cache for pages without one
    (``keep``: see ``DocumentText``)."""
    return DocumentText(doc, OcrStore.for_project(project_path).load(exhibit.sha256), keep, exhibit.heads_left_out)


@dataclass(frozen=True)
class ExhibitOcr:
    """What ``ocr_exhibit`` did to one exhibit (small: it comes back from a worker process)."""

    label: str
    recognised: int  # pages read now
    cached: int  # pages the cache already had
    failed: dict[int, str] = field(default_factory=dict)  # page index → why
    cancelled: bool = False


def pages_needing_ocr(project_path: Path, exhibit: Exhibit) -> list[int]:
    """The exhibit's pages without a text layer that the cache has not read yet."""
    if not exhibit.pages_without_text:
        return []
    cached = OcrStore.for_project(project_path).load(exhibit.sha256)
    done = set(cached.pages) if cached is not None else set()
    return [p for p in exhibit.pages_without_text if p not in done]


def ocr_exhibit(
    project_path: Path,
    exhibit: Exhibit,
    engine: Engine,
    *,
    password: str | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    again: bool = False,
) -> ExhibitOcr:
    """OCR the exhibit's pages without text into the project's cache; the exhibit file is only read.

    Saves as it goes (every ``SAVE_EVERY`` seconds and at the end, cancelled or not), so work done is kept.
    """
    path = readable_file(Path(project_path), exhibit)
    store = OcrStore.for_project(project_path)
    wanted = list(exhibit.pages_without_text) if again else pages_needing_ocr(project_path, exhibit)
    cached = len(exhibit.pages_without_text) - len(wanted)
    if not wanted:
        return ExhibitOcr(exhibit.label, 0, cached)
    doc = open_pdf(path, password)
    try:
        # The cache is keyed by the exhibit's recorded fingerprint: OCR of other bytes would be filed wrongly.
        if sha256_of(path) != exhibit.sha256:
            raise OcrUnavailable(
                f"{path.name}: the file has changed since it was added as {exhibit.label}; "
                "check the exhibit (Relocate, or add the new file) before running OCR"
            )
        unsaved: list[OcrPage] = []
        last_save = time.monotonic()

        def keep(page: OcrPage) -> None:
            nonlocal last_save
            unsaved.append(page)
            if time.monotonic() - last_save >= SAVE_EVERY:
                store.save(exhibit.sha256, engine, unsaved)
                unsaved.clear()
                last_save = time.monotonic()

        outcome = recognise(doc, wanted, engine, jobs=jobs, progress=progress, on_page=keep)
        if unsaved:
            store.save(exhibit.sha256, engine, unsaved)
    finally:
        doc.close()
    return ExhibitOcr(exhibit.label, len(outcome.pages), cached, outcome.failed, outcome.cancelled)
