import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    setupFiles: ['./test/fast-check-seed.ts'],
    include: ['test/**/*.test.ts'],
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 660_000,
    // Each file starts its own emulator; two files at a time suit a 2-core machine.
    maxWorkers: 2,
    pool: 'forks',
  },
});
