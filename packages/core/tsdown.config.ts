import { defineConfig } from 'tsdown';

// One layout: a single bundled file per entry, ESM and CJS (plus a chunk the two entries share).
//
// Measured need (`import()` of the ESM entry in a fresh Node 24 process, min of 21-31 runs on a
// shared, busy 2-core machine, 2026-12):
// - one bundled file: ~10 ms wall, ~12 ms CPU (budget 15 ms);
// - one file per source module (the former bundler layout, ~55 files): 50-100 ms wall, 70+ ms
//   CPU, as Node's ESM loader pays per module. (The former Node-only single file: ~7 ms wall.)
// - Bundlers still tree-shake the single file (`sideEffects: false` in package.json): esbuild's
//   browser bundle of `PolarGridEdge` + `streamChatCompletion` is 11.0 KiB min+gzip from it, the
//   same as from the per-module layout, and keeps no other endpoint, no `PolarGrid` surface and no
//   catalogue (`scripts/check-dist.mjs` checks this on every build). That holds as long as no
//   module has a top-level side effect: no computed class keys (see `util/inspect.ts`), top-level
//   calls marked `/* @__PURE__ */` or made lazy.
//
// Source maps ship with the sources they point at (`src/` is in `files`): JS maps without
// embedded sources, and declaration maps, so go-to-definition lands in `src/*.ts`.
export default defineConfig({
  entry: ['src/index.ts', 'src/internal.ts'],
  format: ['esm', 'cjs'],
  dts: { sourcemap: true },
  sourcemap: true,
  outputOptions: { sourcemapExcludeSources: true },
  platform: 'neutral',
  clean: true,
});
