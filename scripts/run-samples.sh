#!/usr/bin/env bash
# Set up what the pipeline needs (no test tools: scripts/bootstrap.sh without --dev), then extract the sample decrees in data/raw/ into data/clean/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
.venv/bin/iki-pipeline data/raw --out data/clean "$@"
