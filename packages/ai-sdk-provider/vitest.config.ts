import { defineConfig } from 'vitest/config';

const include = ['src/**/*.test.ts', 'test/**/*.test.ts'];
const PACKED = 'test/packed.node.test.ts';

export default defineConfig({
  test: {
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 20_000,
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    projects: [
      {
        extends: true,
        test: { name: 'node', environment: 'node', include, exclude: [PACKED] },
      },
      // The packed provider installs from the registry with npm: its own run, after the others
      // (`pnpm test` runs it second), so its install never competes with other tests.
      {
        extends: true,
        test: {
          name: 'packed',
          environment: 'node',
          include: [PACKED],
          typecheck: { enabled: false },
        },
      },
      // The live suite (gated on POLARGRID_API_KEY): `pnpm test:e2e`, never part of `pnpm test`.
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['e2e/**/*.test.ts'],
          typecheck: { enabled: false },
        },
      },
      {
        extends: true,
        test: {
          name: 'edge',
          environment: 'edge-runtime',
          include,
          // Files that need node:http (loopback replay servers, per-test emulators) run in Node only.
          exclude: ['**/*.node.test.ts'],
          typecheck: { enabled: false },
        },
      },
    ],
  },
});
