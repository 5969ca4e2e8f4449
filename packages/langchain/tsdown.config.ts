import { defineConfig } from 'tsdown';

// ESM and CJS, one bundled file each. Source maps ship with the sources they point at (`src/`
// is in `files`): JS maps without embedded sources, and declaration maps, so go-to-definition
// lands in `src/*.ts`.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: { sourcemap: true },
  sourcemap: true,
  outputOptions: { sourcemapExcludeSources: true },
  platform: 'neutral',
  clean: true,
});
