#!/usr/bin/env bash
# Sets up a development install in .venv: the system libraries Qt needs (Debian/Ubuntu, when missing), then the
# app with its test tools. Safe to run again; it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# Qt 6 (offscreen and X11/xcb), fonts with Arabic and Cyrillic glyphs (see ../shared/notes/platform-facts.md);
# Xvfb, so that the tests also run the window on X11, whose key bindings differ from the offscreen platform's;
# Tesseract with Russian, Arabic and English data (and osd, for pages on their side), for reading scans;
# LibreOffice Writer (no GUI), with which the tests lay out the Word brief as its readers' software does;
# poppler's pdftotext, an independent reader the text-fidelity tests compare the app's page text with.
DEBIAN_PACKAGES=(libglib2.0-0 libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libxkbcommon0
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xkb1 fonts-noto-core xvfb
  tesseract-ocr tesseract-ocr-osd tesseract-ocr-eng tesseract-ocr-rus tesseract-ocr-ara
  libreoffice-writer-nogui poppler-utils)

if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "Installing system packages: ${missing[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
fi

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "Exhibit Annotator needs Python 3.11 or newer; $PYTHON is $("$PYTHON" -V 2>&1). Set PYTHON=/path/to/python3.11." >&2
  exit 1
fi
# Debian's own python3 lacks venv/ensurepip until python3-venv is installed.
if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends python3-venv
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"
# Byte-compile the app once: an editable install leaves that to each run, and where PYTHONDONTWRITEBYTECODE is set
# (containers, some CI images) every command-line run compiled it again (0.25 s of a 1.2 s start).
.venv/bin/python -m compileall -q exhibit_annotator >/dev/null
