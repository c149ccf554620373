#!/usr/bin/env bash
# Set everything up, lint for real errors, then run the test suite (real Tesseract, PDFs rendered by the tests).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
.venv/bin/python -m ruff check --select F,E9 --quiet .   # undefined names, unused imports, syntax
.venv/bin/python -m pytest -q "$@"
