#!/usr/bin/env bash
# Everything CI checks: install, lint, type-check the pure core, run every test (Python, browser,
# and the Ableton device's Node tests when that part is present).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev
scripts/install-browser.sh          # Debian chromium for the browser UI tests (no-op when present)
.venv/bin/ruff check src tests benchmarks scripts
.venv/bin/mypy
if [ -x scripts/test-ableton.sh ]; then
  scripts/test-ableton.sh
fi
.venv/bin/pytest "$@"
