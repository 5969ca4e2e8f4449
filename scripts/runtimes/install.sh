#!/usr/bin/env bash
# Installs every runtime the smoke tests use into .cache/runtimes/<name> (gitignored by a
# self-ignoring .gitignore written there), each from the npm registry with `npm i --prefix`.
# Each runtime is installed on its own (all at once): one failure is recorded in <name>/INSTALL_FAILED with the
# reason, the others still install, and the script then exits 1 naming every failed runtime.
# Re-running is cheap: a runtime whose marker matches the pinned version is skipped.
#
# Usage: bash scripts/runtimes/install.sh [name…]   (names: node20 node22 bun deno miniflare edge-runtime)
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"
cache="${POLARGRID_RUNTIME_CACHE:-$root/.cache/runtimes}"
mkdir -p "$cache"
printf '*\n' >"$cache/.gitignore"

spec_for() {
  case "$1" in
    node20) echo "node@$NODE20_VERSION" ;;
    node22) echo "node@$NODE22_VERSION" ;;
    bun) echo "bun@$BUN_VERSION" ;;
    deno) echo "deno@$DENO_VERSION" ;;
    miniflare) echo "miniflare@$MINIFLARE_VERSION" ;;
    edge-runtime) echo "edge-runtime@$EDGE_RUNTIME_VERSION" ;;
    *) return 1 ;;
  esac
}

install_one() {
  local name="$1" spec dir log
  spec="$(spec_for "$name")" || { echo "unknown runtime: $name" >&2; return 1; }
  dir="$cache/$name"
  if [[ -f "$dir/INSTALLED" && "$(cat "$dir/INSTALLED")" == "$spec" ]]; then
    echo "[runtimes] $name: $spec already installed"
    return 0
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  log="$dir/install.log"
  echo "[runtimes] installing $spec into $dir"
  # Only the npm registry is reachable: pin it so no .npmrc elsewhere can redirect the install.
  if npm install --prefix "$dir" --no-save --no-audit --no-fund --no-package-lock \
      --registry=https://registry.npmjs.org/ "$spec" >"$log" 2>&1; then
    echo "$spec" >"$dir/INSTALLED"
    echo "[runtimes] $name: ok"
  else
    {
      echo "npm install $spec failed (exit $?); last lines of $log:"
      tail -n 20 "$log"
    } >"$dir/INSTALL_FAILED"
    echo "[runtimes] $name: INSTALL FAILED, see $dir/INSTALL_FAILED" >&2
  fi
}

names=("$@")
if [[ ${#names[@]} -eq 0 ]]; then
  names=(node20 node22 bun deno miniflare edge-runtime)
fi
# In parallel: each is mostly a download of one platform binary, and one after another they take
# minutes on a fresh machine. Each job writes only its own directory.
for name in "${names[@]}"; do
  install_one "$name" &
done
wait

failed=()
for name in "${names[@]}"; do
  [[ -f "$cache/$name/INSTALLED" ]] || failed+=("$name")
done
if [[ ${#failed[@]} -gt 0 ]]; then
  for name in "${failed[@]}"; do
    echo "[runtimes] $name failed to install:" >&2
    cat "$cache/$name/INSTALL_FAILED" >&2 2>/dev/null || echo "  (no INSTALL_FAILED record)" >&2
  done
  echo "[runtimes] FAILED: ${failed[*]} (see above; re-run: bash scripts/runtimes/install.sh ${failed[*]})" >&2
  exit 1
fi
