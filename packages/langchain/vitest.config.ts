import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Modes (`vitest run --mode <mode>`):
 * - default: every test (unit tests and the emulator-backed `*.int.test.ts`, all offline);
 * - `unit`: no network at all;
 * - `int`: the emulator-backed tests only;
 * - `standard-unit` / `standard-int`: the LangChain conformance suites only.
 */
export default defineConfig(({ mode }) => {
  const include =
    mode === 'unit'
      ? ['src/**/*.test.ts']
      : mode === 'int'
        ? ['src/**/*.int.test.ts']
        : mode === 'standard-unit'
          ? ['src/tests/chat_models.standard.test.ts']
          : mode === 'standard-int'
            ? ['src/tests/chat_models.standard.int.test.ts']
            : ['src/**/*.test.ts'];
  return {
    resolve: {
      // README examples import the package by name.
      alias: { '@polargrid/langchain': fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
    },
    test: {
      include,
      exclude: mode === 'unit' ? ['src/**/*.int.test.ts'] : [],
      environment: 'node',
      setupFiles: ['./src/tests/setup.ts'],
      testTimeout: mode === 'unit' ? 30_000 : 100_000,
    },
  };
});
