#!/usr/bin/env bash
# The whole check, as CI runs it: set up, lint, type-check, architecture contract, tests (headless).
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/setup.sh
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check exhibit_annotator tests benchmarks packaging
.venv/bin/ruff format --check exhibit_annotator tests benchmarks packaging
.venv/bin/mypy
.venv/bin/lint-imports
.venv/bin/python -m pytest -q -n auto "$@"
