import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts', 'src/cli.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  platform: 'node',
  // package.json points at .js / .cjs (type: module), so keep those extensions.
  fixedExtension: false,
  clean: true,
});
