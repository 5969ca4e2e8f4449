/**
 * Every block marked `run` runs to its end, in its own Node process, against the edge emulator:
 * the process gets the `POLARGRID_*` variables the emulator's CLI prints, as a user who followed
 * the README would have them, and nothing else of PolarGrid's configuration.
 */
import { type EdgeEmulator, startEdgeEmulator } from '@polargrid/edge-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockLabel, runMode } from '../src/code-blocks.js';
import { runSnippet } from '../src/run-snippet.js';
import { typeScriptBlocks, writeSnippets } from '../src/snippets.js';

const runnable = writeSnippets(typeScriptBlocks(), 'run').filter(
  (s) => runMode(s.block).kind === 'run',
);
// Generous: a block normally ends in a second or two, but CI machines are small and shared.
const SNIPPET_TIMEOUT_MS = 60_000;

let emulator: EdgeEmulator;
let env: Record<string, string>;

beforeAll(async () => {
  emulator = await startEdgeEmulator();
  // The user's environment minus any PolarGrid setting, plus the emulator's.
  const inherited = Object.entries(process.env).filter(
    (entry): entry is [string, string] =>
      entry[1] !== undefined && !entry[0].startsWith('POLARGRID_'),
  );
  env = { ...Object.fromEntries(inherited), ...emulator.env };
});
afterAll(() => emulator?.close());

// Blocks spend most of their time loading modules, so a few run side by side.
describe.concurrent('runnable blocks', () => {
  it('are most of the blocks', () => {
    expect(runnable.length).toBeGreaterThan(30);
  });

  for (const snippet of runnable) {
    it(
      `${blockLabel(snippet.block)} runs to its end against the emulator`,
      async () => {
        const result = await runSnippet(snippet, env, SNIPPET_TIMEOUT_MS);
        const output = `${result.stdout}\n${result.stderr}`.trim().slice(-3000);
        expect(result.timedOut, `did not end within ${SNIPPET_TIMEOUT_MS} ms:\n${output}`).toBe(
          false,
        );
        expect(result.exitCode, output).toBe(0);
      },
      SNIPPET_TIMEOUT_MS + 5_000,
    );
  }
});
