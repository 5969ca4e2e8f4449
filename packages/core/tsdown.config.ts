import { defineConfig } from 'tsdown';

const shared = { dts: true, sourcemap: true, platform: 'neutral' } as const;

export default defineConfig([
  {
    ...shared,
    entry: ['src/index.ts'],
    format: ['esm'],
    // One output file per source module: with `sideEffects: false`, a bundler drops whole modules
    // the app does not import (every endpoint it does not call, the `PolarGrid` surface, the
    // catalogue). A single file defeats that: esbuild must keep every `class … extends` and
    // top-level call in it. Bundlers and non-Node runtimes (workerd, edge, browsers) get this.
    unbundle: true,
    clean: true,
  },
  {
    ...shared,
    // Node (the `node` export condition) and `require` get one file: Node loads ESM module by
    // module, and ~55 small files cost ~6 ms more to import than one (measured in a fresh
    // process; the import target is 15 ms). Tree-shaking does not matter there.
    entry: { 'index.node': 'src/index.ts' },
    format: ['esm', 'cjs'],
    clean: false,
  },
]);
