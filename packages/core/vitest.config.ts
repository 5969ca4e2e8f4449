import { defineConfig } from 'vitest/config';

const include = ['src/**/*.test.ts', 'test/**/*.test.ts'];

export default defineConfig({
  test: {
    setupFiles: ['./test/fast-check-seed.ts'],
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 20_000,
    projects: [
      { extends: true, test: { name: 'node', environment: 'node', include } },
      {
        extends: true,
        test: {
          name: 'edge',
          environment: 'edge-runtime',
          include,
          // Files that need node:http (purpose-built servers, socket faults) run in Node only.
          exclude: ['**/*.node.test.ts'],
        },
      },
    ],
  },
});
