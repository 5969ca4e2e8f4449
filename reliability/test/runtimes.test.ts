/**
 * Runtime reach: the same chat streamed through the BUILT packages on Node 24/22/20, Bun, Deno,
 * workerd (miniflare) and Vercel's edge-runtime, each against this process's emulator. A runtime
 * is skipped only when its install from the npm registry failed, and then loudly, with the reason.
 */
import { type EdgeEmulator, startEdgeEmulator } from '@polargrid/edge-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmokeConfig } from '../../scripts/runtimes/smoke/chat.ts';
import { bundleSmoke } from '../src/runtimes/bundle.ts';
import { installRuntimes, installState } from '../src/runtimes/install.ts';
import { runRuntime } from '../src/runtimes/run.ts';
import { RUNTIMES } from '../src/runtimes/table.ts';

const MODEL = 'qwen-3.8-27b';
const PROMPT = 'Name three rivers in Canada.';

let emulator: EdgeEmulator;
let expectedText: string;

beforeAll(async () => {
  installRuntimes(RUNTIMES.flatMap((r) => (r.installDir ? [r.installDir] : [])));
  emulator = await startEdgeEmulator({ timing: { ttftMs: 0, tokensPerSecond: 0 } });
  // The reference answer comes straight off the wire (no package of ours involved).
  const edge = emulator.edgeURLs['yto-01'];
  const response = await fetch(`${edge}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${emulator.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: PROMPT }] }),
  });
  const body = (await response.json()) as { choices: { message: { content: string } }[] };
  expectedText = body.choices[0]!.message.content;
  expect(expectedText.length).toBeGreaterThan(10);
}, 300_000);

afterAll(async () => {
  await emulator?.close();
});

describe('runtime reach', () => {
  for (const spec of RUNTIMES) {
    it(`${spec.name}: streams a chat through ${spec.surfaces.join(', ')}`, async (ctx) => {
      const state = installState(spec);
      if (state.state === 'failed') {
        console.error(
          `\n!!!!!!!! RUNTIME ${spec.name} SKIPPED: its install failed !!!!!!!!\n${state.reason}\n`,
        );
        ctx.skip();
        return;
      }
      const bundle = await bundleSmoke(spec);
      const config: SmokeConfig = {
        options: emulator.clientOptions(),
        model: MODEL,
        prompt: PROMPT,
        surfaces: spec.surfaces,
      };
      const run = await runRuntime(spec, state.dir, bundle, config);
      const context = `exit ${run.exitCode}\nstdout:\n${run.stdout.slice(-3000)}\nstderr:\n${run.stderr.slice(-3000)}`;
      expect(run.report, context).toBeDefined();
      const report = run.report!;
      expect(report.runtime, context).toMatch(spec.expectLabel);
      for (const surface of spec.surfaces) {
        const outcome = report.outcomes[surface];
        expect(outcome, `${surface}: ${JSON.stringify(outcome)}`).toMatchObject({ ok: true });
        if (!outcome?.ok) continue;
        expect(outcome.text, `${surface} text on ${report.runtime}`).toBe(expectedText);
        // Streamed, not buffered: more than one delta arrived.
        expect(outcome.deltas, surface).toBeGreaterThan(1);
        expect(outcome.finish, surface).toBe('stop');
      }
    }, 90_000);
  }
});
