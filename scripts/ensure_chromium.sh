#!/usr/bin/env bash
# Make sure the Debian 'chromium' package is installed (used headless by tests/test_site_browser.py).
# No-op when /usr/bin/chromium exists. Uses sudo when not root and sudo is available.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [[ -x "$CHROMIUM" ]]; then
    echo "ensure_chromium.sh: $CHROMIUM present"
    exit 0
fi

die() { echo "ensure_chromium.sh: error: $*" >&2; exit 1; }

command -v apt-get >/dev/null 2>&1 \
    || die "$CHROMIUM is missing and apt-get is not available; install Chromium so that $CHROMIUM exists."

if [[ "$(id -u)" -eq 0 ]]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
else
    die "$CHROMIUM is missing; installing it needs root, but this is not root and sudo is not available. Run as root: apt-get update && apt-get install -y --no-install-recommends chromium"
fi

echo "ensure_chromium.sh: installing chromium with apt-get"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update
"${SUDO[@]}" apt-get install -y --no-install-recommends chromium

[[ -x "$CHROMIUM" ]] || die "apt-get finished but $CHROMIUM does not exist."
echo "ensure_chromium.sh: installed $("$CHROMIUM" --version 2>/dev/null | tail -n1)"
