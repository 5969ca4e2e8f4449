import { defineConfig } from 'tsdown';

// The library (`.`) as ESM and CJS; the CLI (`dist/cli.js`, imported by `bin/polargrid-edge.js`)
// as ESM only, sharing a chunk with the ESM library. Source maps embed their sources: the
// PersonaPlex endpoint bundles the core's Ogg framing (../core/src/realtime/ogg.ts, one module
// owns it; the emulator cannot depend on the core, whose tests depend on the emulator), a file
// this package does not ship. Declaration maps point into `src/`, which ships.
const shared = {
  platform: 'node',
  sourcemap: true,
  dts: { sourcemap: true },
  // package.json points at .js / .cjs (type: module), so keep those extensions.
  fixedExtension: false,
} as const;

export default defineConfig([
  { ...shared, entry: ['src/index.ts', 'src/cli.ts'], format: ['esm'], clean: true },
  { ...shared, entry: ['src/index.ts'], format: ['cjs'], clean: false },
]);
