#!/usr/bin/env bash
# Everything CI checks: install, lint, type-check the pure core, run the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev
.venv/bin/ruff check src tests benchmarks scripts
.venv/bin/mypy
.venv/bin/pytest "$@"
