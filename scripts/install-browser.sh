#!/usr/bin/env bash
# Chromium for the browser-UI tests (tests/test_ui_*.py drive /usr/bin/chromium through
# Playwright; `playwright install` is never used). Idempotent: nothing to do when it is there.
set -euo pipefail

BROWSER=/usr/bin/chromium

if [ -x "$BROWSER" ]; then
    echo "chromium: $BROWSER is installed"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-browser: $BROWSER is missing and apt-get is not available;" \
         "install Chromium with this system's package manager (Debian/Ubuntu: apt-get install chromium)" >&2
    exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "install-browser: installing Chromium needs root (or sudo): apt-get install -y chromium" >&2
        exit 1
    fi
fi

echo "chromium: installing with apt-get"
if ! $SUDO apt-get update -qq || \
   ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
        chromium chromium-driver fonts-liberation >/dev/null; then
    echo "install-browser: apt-get could not install chromium (no network or no package source?)" >&2
    exit 1
fi

if [ ! -x "$BROWSER" ]; then
    echo "install-browser: apt-get finished but $BROWSER is still missing" >&2
    exit 1
fi
echo "chromium: $("$BROWSER" --version 2>/dev/null || echo installed)"
