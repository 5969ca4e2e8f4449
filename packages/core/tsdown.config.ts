import { defineConfig } from 'tsdown';

// One layout: a bundled file per entry, ESM and CJS, plus the chunks the entries share (Node loads
// the main entry's four files; how the bundler names the shared chunks does not matter).
//
// Measured need (`import()` of the ESM entry in a fresh Node 24 process, min of 21-31 runs on a
// shared, busy 2-core machine, 2026-12):
// - one bundled file: ~10 ms wall, ~12 ms CPU (budget 15 ms);
// - one file per source module (the former bundler layout, ~55 files): 50-100 ms wall, 70+ ms
//   CPU, as Node's ESM loader pays per module. (The former Node-only single file: ~7 ms wall.)
//   A handful of shared chunks costs nothing measurable next to one file.
// - Bundlers still tree-shake the single file (`sideEffects: false` in package.json): esbuild's
//   browser bundle of `PolarGridEdge` + `streamChatCompletion` is 11.0 KiB min+gzip from it, the
//   same as from the per-module layout, and keeps no other endpoint and no
//   catalogue (`scripts/check-dist.mjs` checks this on every build). That holds as long as no
//   module has a top-level side effect: no computed class keys (see `util/inspect.ts`), top-level
//   calls marked `/* @__PURE__ */` or made lazy.
//
// What Node's import costs is compiling the code (about 80%; running the modules' top level is
// about 1 ms), so the main entry carries only what a chat or embeddings app may call:
// - the voice pipelines are their own entry, `./voice` (`src/voice.ts`): the main entry's code
//   shrinks by a fifth, and V8 no longer validates their Unicode-property regexes at every import;
// - the official-SDK shape (`PolarGrid`) is its own entry, `./sdk` (`src/sdk.ts`), built on the
//   main entry's public API;
// - the JS is pure ASCII (`charset: 'ascii'` escapes non-ASCII in strings and regexes; doc
//   comments, which cannot be escaped, are left out of the JS; `/* @__PURE__ */` and legal
//   comments stay): one non-ASCII character anywhere makes Node decode the whole file into a
//   two-byte string. The declarations (`.d.ts`) keep every doc comment, and the source maps
//   point at `src/`. Together: `import('@polargrid/core')` 18.0 -> 15.8 ms wall median (16.7 ->
//   14.2 ms CPU), 100 interleaved runs each, Node 24.21, 2026-12; the bench's import cell, about
//   21 -> 18 ms (medians of 5 and 10 runs of 9 processes).
//
// Source maps ship with the sources they point at (`src/` is in `files`): JS maps without
// embedded sources, and declaration maps, so go-to-definition lands in `src/*.ts`.
export default defineConfig({
  entry: ['src/index.ts', 'src/voice.ts', 'src/sdk.ts', 'src/realtime.ts', 'src/internal.ts'],
  format: ['esm', 'cjs'],
  dts: { sourcemap: true },
  sourcemap: true,
  outputOptions: {
    sourcemapExcludeSources: true,
    charset: 'ascii',
    comments: { jsdoc: false, legal: true, annotation: true },
  },
  platform: 'neutral',
  clean: true,
});
