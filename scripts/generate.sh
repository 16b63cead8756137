#!/usr/bin/env bash
# Install if needed, then generate drum MIDI for an artist: scripts/generate.sh "John Bonham" [options]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
exec .venv/bin/mididrumigen generate "$@"
