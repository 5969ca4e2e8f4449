#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests (playwright-core drives /usr/bin/chromium, or
# CHROMIUM_PATH). Run by `pnpm test` (scripts/ci/install-test-deps.sh).
# Idempotent: does nothing when a chromium binary is already present.
set -euo pipefail

CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"

if [ -x "$CHROMIUM_PATH" ]; then
  echo "chromium already installed: $("$CHROMIUM_PATH" --version 2>/dev/null || echo "$CHROMIUM_PATH")"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: no chromium at $CHROMIUM_PATH and no apt-get to install it." >&2
  echo "Install Chromium (or Chrome) and point CHROMIUM_PATH at its binary." >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "install-chromium: must run as root (or with sudo available)" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium fonts-liberation

"$CHROMIUM_PATH" --version
