/**
 * Runtime reach: the same chat streamed through the BUILT packages on Node 24/22/20, Bun, Deno,
 * workerd (miniflare) and Vercel's edge-runtime, each against this process's emulator. A runtime
 * is skipped only when its install from the npm registry failed, and then loudly, with the reason.
 */
import { type EdgeEmulator, startEdgeEmulator } from '@polargrid/edge-emulator';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cell, writeSection } from '../src/report/sections.ts';
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

const rows = new Map<string, string>();

afterAll(async () => {
  await emulator?.close();
  writeSection(
    'runtimes',
    [
      '## Runtime reach',
      '',
      'One chat streamed from the emulator through the BUILT packages (bundled with esbuild from their',
      '`dist`), in each runtime installed from the npm registry by `scripts/runtimes/install.sh`',
      "(versions in `scripts/runtimes/versions.env`). Text must equal the emulator's non-streamed",
      'answer, arrive in more than one delta, and finish `stop`.',
      '',
      '| Runtime | Reported as | Surfaces | Result |',
      '|---|---|---|---|',
      ...RUNTIMES.map(
        (r) => rows.get(r.name) ?? `| ${r.name} | – | ${r.surfaces.join(', ')} | not run |`,
      ),
      '',
      'Deno runs with `--allow-net --allow-env --allow-read --allow-sys=hostname`: `ai` itself',
      '(`@vercel/oidc` in its gateway) reads `os.hostname()` when imported; our packages need only',
      'net and env. workerd runs without `nodejs_compat`.',
      '',
    ].join('\n'),
  );
});

describe('runtime reach', () => {
  for (const spec of RUNTIMES) {
    it(`${spec.name}: streams a chat through ${spec.surfaces.join(', ')}`, async (ctx) => {
      const state = installState(spec);
      if (state.state === 'failed') {
        console.error(
          `\n!!!!!!!! RUNTIME ${spec.name} SKIPPED: its install failed !!!!!!!!\n${state.reason}\n`,
        );
        rows.set(
          spec.name,
          `| ${spec.name} | – | ${spec.surfaces.join(', ')} | SKIPPED: install failed (${cell(state.reason.split('\n')[0] ?? '')}) |`,
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
      rows.set(
        spec.name,
        `| ${spec.name} | ${cell(report.runtime)} | ${spec.surfaces.join(', ')} | ${spec.surfaces
          .map((s) => {
            const o = report.outcomes[s];
            return o?.ok && o.text === expectedText && o.finish === 'stop'
              ? `${s} ✓ (${o.deltas} deltas)`
              : `${s} ✗ ${cell(o ? (o.ok ? `finish ${o.finish}, ${o.text.length} chars` : o.error) : 'missing')}`;
          })
          .join('; ')} |`,
      );
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

describe('runtime install state', () => {
  it('reports a failed install with its reason, and a missing one as failed', () => {
    const cache = mkdtempSync(join(tmpdir(), 'pg-runtimes-'));
    try {
      const bun = RUNTIMES.find((r) => r.name === 'bun')!;
      expect(installState(bun, cache)).toMatchObject({ state: 'failed' });
      mkdirSync(join(cache, 'bun'));
      writeFileSync(join(cache, 'bun', 'INSTALL_FAILED'), 'npm install bun@1 failed (exit 1)');
      expect(installState(bun, cache)).toEqual({
        state: 'failed',
        reason: 'npm install bun@1 failed (exit 1)',
      });
      writeFileSync(join(cache, 'bun', 'INSTALLED'), 'bun@1');
      expect(installState(bun, cache)).toEqual({ state: 'ready', dir: join(cache, 'bun') });
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
