#!/usr/bin/env bash
# Set up, lint for real errors, check types, then run the test suite (real Tesseract, PDFs the tests render).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --dev
.venv/bin/python -m ruff check --select F,E9 --quiet .   # undefined names, unused imports, syntax
.venv/bin/python -m mypy extract normalize store report batch debug pipeline.py   # types (version pinned in pyproject)
.venv/bin/python -m pytest -q "$@"
