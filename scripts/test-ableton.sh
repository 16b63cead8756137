#!/usr/bin/env bash
# The Max for Live device: install its (dev) node dependencies, build the .amxd (frozen, and the
# unfrozen folder), run the node tests (they start the real API from .venv, or $MIDIDRUMIGEN_VENV,
# on a free loopback port). Needs Node 20+ and the project's .venv (scripts/bootstrap.sh).
# tests/test_ableton_device.py checks the copy the package ships (node build.mjs --ship).
set -euo pipefail
cd "$(dirname "$0")/../ableton"
if [ ! -d node_modules/acorn ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
node build.mjs
node --test --test-concurrency=1 test/*.test.mjs
