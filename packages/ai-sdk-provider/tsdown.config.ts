import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsdown';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

// ESM and CJS, one bundled file each. Source maps ship with the sources they point at (`src/`
// is in `files`): JS maps without embedded sources, and declaration maps, so go-to-definition
// lands in `src/*.ts`.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    browser: 'src/browser/index.ts',
    react: 'src/react/index.ts',
    'realtime-relay': 'src/realtime-relay.ts',
  },
  format: ['esm', 'cjs'],
  dts: { sourcemap: true },
  sourcemap: true,
  outputOptions: { sourcemapExcludeSources: true },
  platform: 'neutral',
  clean: true,
  define: { __PACKAGE_VERSION__: JSON.stringify(pkg.version) },
});
