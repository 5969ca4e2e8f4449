import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  platform: 'neutral',
  // One output file per source module: with `sideEffects: false`, a bundler drops whole modules
  // the app does not import (the `PolarGrid` surface, the catalogue, the camel-case converter).
  // A single-file dist defeats that: esbuild must keep every `class … extends` and top-level
  // call in it, which cost ~1.5 KiB min+gzip for `import { EdgeClient }`.
  unbundle: true,
  clean: true,
});
