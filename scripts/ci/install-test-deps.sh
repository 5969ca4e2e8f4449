#!/usr/bin/env bash
# The first step of `pnpm test`: installs what the browser and runtime-reach tests need, so the
# README's two commands are all a fresh machine (Node, npm, root with apt) needs:
# - Chromium for the browser tests (Debian's package through apt; or set CHROMIUM_PATH);
# - the runtimes of the runtime-reach tests (Node 20/22, Bun, Deno, workerd, edge-runtime) from
#   the npm registry into .cache/runtimes.
# Idempotent: when everything is present it only checks (well under a second). A failed install
# fails this step, and with it `pnpm test`, with the reason; nothing is skipped silently.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

bash "$here/install-chromium.sh"
bash "$here/../runtimes/install.sh"
