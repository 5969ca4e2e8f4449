import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // The first run may have to `next build` (about a minute on 2 cores).
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
