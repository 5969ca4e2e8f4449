#!/usr/bin/env bash
# Installs the runtimes (cached) and runs the runtime smoke tests: a chat streamed from a local
# emulator through the built packages on Node 24/22/20, Bun, Deno, workerd and edge-runtime.
# Usage: bash scripts/runtimes/run.sh   (builds the packages under test first)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
bash scripts/runtimes/install.sh
pnpm exec turbo run build --filter='reliability^...' --output-logs=errors-only
pnpm --filter reliability exec vitest run test/runtimes.test.ts
