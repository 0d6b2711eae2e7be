"""How faithfully the app reads page text: every word of ours checked against independent readers of the same page.

For each page of the fidelity corpus (``CORPUS``), the page text as the app reads it (``text.extract_page_text``) is
split into words, and each word is looked for among the words two other readers give for that page: MuPDF's own
word list (``page.get_text("words")``) and poppler's ``pdftotext``. A word either of them has counts as read
faithfully; words are compared in Unicode's compatibility form (NFKC), as ligatures and presentation forms read.

What the app does on purpose and the others do not, excused by rule, never by file:
- left-out words (margin line numbers, running headers, unknown glyphs) make no words of ours, so cost nothing;
- where the text a PDF was made from is in the test data (``SOURCES``), its words are a third reference;
- on a line that mixes right-to-left and left-to-right letters, a word also counts when it is two or three
  consecutive words of a reference run together, or a reference word with its punctuation moved: readers without
  the Unicode bidi algorithm split runs at each change of direction and move neutral marks to the run's far end.

``python -m tests.fidelity`` prints the figures per page kind.
"""

from __future__ import annotations

import subprocess
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from exhibit_annotator.core.pdf.text import extract_page_text

DATA = Path(__file__).resolve().parent / "data"
FIDELITY = DATA / "fidelity"

# File → the kind of page it holds (a page turned on the page or by /Rotate is "turned" whatever its file).
KINDS: dict[str, str] = {
    "002-trivial-libre-office-writer.pdf": "prose",
    "annotated_pdf.pdf": "prose",
    "crazyones-pdfa.pdf": "prose",
    "google-doc-document.pdf": "table",
    "habibi.pdf": "arabic",
    "habibi-oneline-cmap.pdf": "arabic",
    "habibi-rotated.pdf": "arabic",
    "inline-image.pdf": "prose",
    "libre-office-link.pdf": "prose",
    "libreoffice-form.pdf": "form",
    "minimal-document.pdf": "latex",
    "mistitled_outlines_example.pdf": "table of contents",
    "multicolumn.pdf": "multi-column",
    "output_with_metadata_pymupdf.pdf": "prose",
    "pdfkit.pdf": "prose",
    "pdflatex-4-pages.pdf": "latex",
    "pdflatex-forms.pdf": "form",
    "pdflatex-image.pdf": "latex",
    "pdflatex-outline.pdf": "table of contents",
    "reportlab-overlay.pdf": "prose",
    "with-attachment.pdf": "latex",
    "GeoTopo-komprimiert.pdf": "mathematics",
    "imagemagick-images.pdf": "scan",
    "nics-background-checks-2015-11.pdf": "table",
    "nics-background-checks-2015-11-rotated.pdf": "table",
    "senate-expenditures.pdf": "table",
    "scotus-transcript-p1.pdf": "transcript",
    "federal-register-2020-17221.pdf": "multi-column",
    "turned.pdf": "turned",
    "exhibits/exhibit-en.pdf": "prose",
    "exhibits/exhibit-ru.pdf": "russian",
    "exhibits/exhibit-ar.pdf": "arabic",
    "exhibits/exhibit-en-scanned.pdf": "scan",
    "exhibits/court/ca1-opinion.pdf": "court filing",
    "exhibits/court/vector-30-pages.pdf": "court filing",
    "exhibits/court/missouri-phone-scan.pdf": "scan",
    "exhibits/court/image-only-scan.pdf": "scan",
    "exhibits/court/cacd-pleading-order.pdf": "pleading paper",
    "exhibits/court/azd-pleading-order.pdf": "pleading paper",
}
REDACTIONS = "redactions"  # Free Law Project's x-ray test files: court filings with boxes over text


def corpus() -> list[tuple[Path, str]]:
    """Every file of the corpus with its kind."""
    files = [((FIDELITY / name) if "/" not in name else DATA / name, kind) for name, kind in KINDS.items()]
    files += [(p, "court filing") for p in sorted((DATA / REDACTIONS).glob("*.pdf"))]
    return files


SOURCES = {"exhibit-en.pdf": "en.txt", "exhibit-ru.pdf": "ru.txt", "exhibit-ar.pdf": "ar.txt"}


def _norm(word: str) -> str:
    return unicodedata.normalize("NFKC", word)


def _bidi(line: str) -> bool:
    kinds = {unicodedata.bidirectional(c) for c in line}
    return bool(kinds & {"R", "AL"}) and "L" in kinds


def _bare(word: str) -> str:
    return "".join(c for c in word if unicodedata.category(c)[0] in "LN")


@dataclass
class Figures:
    words: int = 0
    faithful: int = 0
    pages: int = 0
    misread: Counter[str] = field(default_factory=Counter)

    @property
    def share(self) -> float:
        return 1.0 if not self.words else self.faithful / self.words


def _poppler_pages(path: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout
    return out.decode("utf-8", "replace").split("\f")


def measure(path: Path, kind: str, into: dict[str, Figures]) -> None:
    """Adds each page of ``path`` to ``into[kind]`` (``into["turned"]`` for a turned page)."""
    doc = pymupdf.open(path)
    poppler = _poppler_pages(path)
    source = SOURCES.get(path.name)
    source_words = (
        Counter(_norm(w) for w in (DATA / "exhibits" / "src" / source).read_text().split()) if source else None
    )
    for page in doc:
        ours = extract_page_text(page)
        refs = [
            Counter(_norm(w[4]) for w in page.get_text("words")),
            Counter(_norm(w) for w in poppler[page.number].split()),
        ]
        if source_words is not None:
            refs.append(source_words)
        turned = page.rotation or any(
            abs(line["dir"][1]) > 0.01 or line["dir"][0] < 0
            for b in page.get_text("dict")["blocks"] if b["type"] == 0 for line in b["lines"]
        )  # fmt: skip
        figures = into[("turned" if turned else kind)]
        figures.pages += 1
        for line in ours.text.split("\n"):
            words = [_norm(w) for w in line.split()]
            for w in words:
                figures.words += 1
                if any(r[w] > 0 for r in refs) or (_bidi(line) and _bidi_word(w, refs, page.get_text("words"))):
                    figures.faithful += 1
                else:
                    figures.misread[w] += 1


def _bidi_word(word: str, refs: list[Counter[str]], mupdf_words: list[tuple]) -> bool:
    bare = _bare(word)
    if bare and any(_bare(w) == bare for r in refs for w in r):
        return True
    seq = [_norm(w[4]) for w in mupdf_words]
    for n in (2, 3):
        for i in range(len(seq) - n + 1):
            run = seq[i : i + n]
            if "".join(run) == word or "".join(reversed(run)) == word:
                return True
    return False


def figures() -> dict[str, Figures]:
    into: dict[str, Figures] = defaultdict(Figures)
    for path, kind in corpus():
        measure(path, kind, into)
    return dict(into)


def main() -> None:
    found = figures()
    total = Figures()
    print(f"{'page kind':20} {'pages':>11} {'words':>8} {'faithful':>9}  most misread")
    for kind, f in sorted(found.items()):
        total.words += f.words
        total.faithful += f.faithful
        total.pages += f.pages
        worst = ", ".join(f"{w!r}×{n}" for w, n in f.misread.most_common(4))
        print(f"{kind:20} {f.pages:>11} {f.words:>8} {100 * f.share:8.2f}%  {worst}")
    print(f"{'all':20} {total.pages:>11} {total.words:>8} {100 * total.share:8.2f}%")


if __name__ == "__main__":
    main()
