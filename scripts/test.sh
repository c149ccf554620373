#!/usr/bin/env bash
# Set everything up, then run the test suite (real Tesseract, real PDFs rendered by the tests).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
.venv/bin/python -m pytest -q "$@"
