#!/usr/bin/env bash
# Every check CI runs, in the order a failure is cheapest to see: lint, format, types, tests.
# Run after `bash scripts/bootstrap.sh --dev`; extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
