"""Finding Tesseract and the languages it has: the program (the setting, PATH, the usual places on each system), its
version, and the languages an exhibit needs; one clear message when it or a language is missing."""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UserError

if TYPE_CHECKING:
    from ..model import Exhibit

log = logging.getLogger(__name__)


DEFAULT_LANGUAGES = ("rus", "ara", "eng")

_HINTS = {
    "linux": "install it with your package manager (Debian, Ubuntu: sudo apt install tesseract-ocr "
    "tesseract-ocr-rus tesseract-ocr-ara)",
    "darwin": "install it with Homebrew (brew install tesseract tesseract-lang)",
    "win32": "install it from the UB Mannheim Tesseract installer, with the Russian and Arabic language data",
}
# Where installers put the program when it is not on PATH (Windows never adds it; apps started from the macOS
# Finder do not see Homebrew's PATH).
_USUAL_PLACES = (
    r"C:\Program Files\Tesseract-OCR\tesseract.exe",
    r"C:\Program Files (x86)\Tesseract-OCR\tesseract.exe",
    "/opt/homebrew/bin/tesseract",
    "/usr/local/bin/tesseract",
)
_LANGUAGES = re.compile(r"^[A-Za-z_]+(\+[A-Za-z_]+)*$")


class OcrUnavailable(UserError):
    """OCR cannot run here: Tesseract or a language's data is missing. The message says how to install it."""


def install_hint() -> str:
    return _HINTS.get(sys.platform, _HINTS["linux"])


@dataclass(frozen=True)
class Engine:
    """The Tesseract program to run, its version, and the languages to read (``rus+ara+eng``)."""

    program: str
    version: str
    languages: str
    installed: tuple[str, ...] = ()  # every language the program has data for

    @property
    def name(self) -> str:
        """Stored with annotations made on its text and in the sidecar."""
        return f"Tesseract {self.version} ({self.languages})"

    @property
    def key(self) -> str:
        """Part of the sidecar's file name: another version or other languages read differently."""
        return re.sub(r"[^A-Za-z0-9.+_-]", "_", f"tesseract-{self.version}-{self.languages}")


def find_program() -> str | None:
    """The tesseract program: ``EXHIBIT_ANNOTATOR_TESSERACT``, else PATH, else where installers put it."""
    chosen = os.environ.get("EXHIBIT_ANNOTATOR_TESSERACT")
    if chosen:
        return chosen if Path(chosen).is_file() else None
    found = shutil.which("tesseract")
    if found:
        return found
    return next((p for p in _USUAL_PLACES if Path(p).is_file()), None)


def find_engine(languages: str | None = None) -> Engine:
    """The engine for ``languages`` (default: those of Russian, Arabic and English that are installed), or
    ``OcrUnavailable`` saying what to install."""
    program = find_program()
    if program is None:
        raise OcrUnavailable(f"Tesseract, the program that reads scans (OCR), is not installed: {install_hint()}")
    if languages is not None and not _LANGUAGES.match(languages):
        raise OcrUnavailable(f"{languages!r} is not a list of Tesseract languages such as rus+ara+eng")
    return _engine(program, languages)


# ISO 639-1 codes (what exhibits record) → Tesseract's language names.
_TESSERACT_NAMES = {
    "ar": "ara", "de": "deu", "en": "eng", "es": "spa", "fa": "fas", "fr": "fra", "he": "heb", "it": "ita",
    "ja": "jpn", "ko": "kor", "pt": "por", "ru": "rus", "uk": "ukr", "zh": "chi_sim",
}  # fmt: skip


def engine_for(exhibit: Exhibit, languages: str | None = None) -> Engine:
    """The engine for one exhibit: ``languages`` if given, else the exhibit's own languages that are installed
    (with English, for the names and product words in Latin letters that Russian and Arabic documents carry:
    Russian CER 7.5 % with rus alone, 1.4 % with rus+eng), else the default."""
    if languages is not None or not exhibit.languages:
        return find_engine(languages)
    default = find_engine()
    installed = set(default.installed)
    wanted = [_TESSERACT_NAMES.get(code.split("-")[0].lower(), code) for code in exhibit.languages]
    wanted = [lang for lang in dict.fromkeys([*wanted, "eng"]) if lang in installed]
    return find_engine("+".join(wanted)) if wanted else default


@lru_cache(maxsize=16)
def _engine(program: str, languages: str | None) -> Engine:
    try:
        version_text = _run([program, "--version"])
        listed = _run([program, "--list-langs"])
    except (OSError, subprocess.SubprocessError) as e:
        raise OcrUnavailable(f"Tesseract ({program}) could not be run ({e}): {install_hint()}") from None
    words = version_text.split()
    version = words[1] if len(words) > 1 and words[0].lower() == "tesseract" else "unknown"
    installed = {line.strip() for line in listed.splitlines()[1:] if line.strip()}
    if languages is None:
        wanted = [lang for lang in DEFAULT_LANGUAGES if lang in installed]
        if not wanted:
            raise OcrUnavailable(f"Tesseract has no Russian, Arabic or English language data: {install_hint()}")
    else:
        wanted = languages.split("+")
        missing = [lang for lang in wanted if lang not in installed]
        if missing:
            raise OcrUnavailable(
                f"Tesseract has no language data for {', '.join(missing)} (it has {', '.join(sorted(installed))}): "
                f"{install_hint()}"
            )
    return Engine(program, version, "+".join(wanted), tuple(sorted(installed)))


def _run(args: list[str], timeout: float = 30) -> str:
    done = subprocess.run(args, capture_output=True, timeout=timeout, check=True, creationflags=NO_WINDOW)
    # tesseract 3 and 4 printed these on stderr.
    return str((done.stdout or done.stderr).decode("utf-8", "replace"))


# No console window flashing up for every page on Windows (the flag exists only there).
NO_WINDOW: int = getattr(subprocess, "CREATENO_WINDOW", 0)


def environment() -> dict[str, str]:
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}
