import { defineConfig } from 'tsdown';

// The library (`.`) as ESM and CJS; the CLI (`dist/cli.js`, imported by `bin/polargrid-edge.js`)
// as ESM only, sharing a chunk with the ESM library. Source maps ship with the sources they point
// at (`src/` is in `files`): JS maps without embedded sources, and declaration maps.
const shared = {
  platform: 'node',
  sourcemap: true,
  outputOptions: { sourcemapExcludeSources: true },
  dts: { sourcemap: true },
  // package.json points at .js / .cjs (type: module), so keep those extensions.
  fixedExtension: false,
} as const;

export default defineConfig([
  { ...shared, entry: ['src/index.ts', 'src/cli.ts'], format: ['esm'], clean: true },
  { ...shared, entry: ['src/index.ts'], format: ['cjs'], clean: false },
]);
