/**
 * Runs every ```ts example of the README against the edge emulator, configured the way the README
 * says (the environment variables `polargrid-edge` prints), importing `@polargrid/langchain`.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { useEmulator } from './emulator.js';

const packageDir = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(`${packageDir}README.md`, 'utf8');
const examples = [...readme.matchAll(/```ts run\n([\s\S]*?)```/g)].map((m) => m[1]!);
// Inside the package so that bare imports resolve; git-ignored.
const dir = `${packageDir}.readme-examples/`;

const emulator = useEmulator();
const ENV_KEYS = ['POLARGRID_API_KEY', 'POLARGRID_AUTOROUTER_URL', 'POLARGRID_EDGE_URLS'] as const;
const saved: Partial<Record<(typeof ENV_KEYS)[number], string | undefined>> = {};

beforeAll(() => {
  for (const key of ENV_KEYS) {
    saved[key] = process.env[key];
    process.env[key] = emulator.current.env[key];
  }
  mkdirSync(dir, { recursive: true });
});
afterAll(() => {
  for (const key of ENV_KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('README examples', () => {
  test('there are examples to run', () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
  });

  examples.forEach((code, i) => {
    const firstLine =
      code.split('\n').find((l) => !l.startsWith('import') && l.trim() !== '') ?? '';
    test(`example ${i + 1}: ${firstLine.slice(0, 60)}`, async () => {
      const file = `${dir}example_${i + 1}.ts`;
      writeFileSync(file, `${code}\nexport {};\n`);
      const before = emulator.current.requests.length;
      await import(/* @vite-ignore */ file);
      // Each example really talked to the (emulated) edge.
      expect(emulator.current.requests.length).toBeGreaterThan(before);
    });
  });
});
