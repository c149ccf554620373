#!/usr/bin/env bash
# Set everything up, then extract the sample decrees in data/raw/ into data/clean/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
.venv/bin/python pipeline.py data/raw --out data/clean "$@"
