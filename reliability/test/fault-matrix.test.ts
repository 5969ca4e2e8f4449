/**
 * The fault matrix: every emulator fault × every surface (core SDK surface, AI SDK
 * generateText/streamText, LangChain invoke/stream), each cell asserted against the expected
 * outcome in src/matrix/expectations.ts, and the table written to docs/reliability.md.
 */
import { type EdgeEmulator, startEdgeEmulator } from '@polargrid/edge-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCell, describeObserved, describeOutcome, type Traffic } from '../src/matrix/check.ts';
import { FAULT_ROWS, isStreaming } from '../src/matrix/expectations.ts';
import { gate } from '../src/report/known-issues.ts';
import { cell, writeSection } from '../src/report/sections.ts';
import { referenceAnswer } from '../src/shared/reference.ts';
import { type Observed, runSurface, SURFACES } from '../src/surfaces/surfaces.ts';

const MODEL = 'qwen-3.8-27b';
const PROMPT = 'Name three rivers in Canada.';
const CELL_LIMIT_MS = 20_000;

let emulator: EdgeEmulator;
let reference: string;
const rows: string[] = [];

beforeAll(async () => {
  emulator = await startEdgeEmulator({ timing: { ttftMs: 0, tokensPerSecond: 0 } });
  reference = await referenceAnswer(emulator.edgeURLs['yto-01']!, emulator.apiKey, MODEL, PROMPT);
});

afterAll(async () => {
  await emulator?.close();
  writeSection(
    'fault-matrix',
    [
      '## Fault matrix',
      '',
      'Each emulator fault against each surface. One behaviour lives in the core; the adapters must',
      'show the same outcome. `edges:` lists the chat attempts the client made (a recording `fetch`), in order.',
      'Defaults: no pacing, `streamIdleTimeout` 60 s unless the row says otherwise; rows marked',
      '"maxRetries 1" pass it to each framework (`RequestOptions.maxRetries`, `ai`\'s `maxRetries`,',
      "LangChain's `maxRetries`), so the attempt count also proves retries are never nested.",
      '',
      '| Fault | Surface | Expected | Observed | ✓ | Note |',
      '|---|---|---|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  );
});

/** The client's own view of its attempts (a refused connection never reaches the emulator's log). */
function trafficOf(urls: string[]): Traffic {
  const regionByOrigin = new Map(
    Object.entries(emulator.edgeURLs).map(([region, url]) => [new URL(url).origin, region]),
  );
  const autorouter = new URL(emulator.autorouterURL).origin;
  return {
    chatRegions: urls
      .filter((u) => u.includes('/chat/completions'))
      .map((u) => regionByOrigin.get(new URL(u).origin) ?? new URL(u).origin),
    autorouterCalls: urls.filter((u) => new URL(u).origin === autorouter).length,
  };
}

function withLimit(run: Promise<Observed>, surface: Observed['surface']): Promise<Observed> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<Observed>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          surface,
          ok: false,
          text: '',
          finish: undefined,
          rawError: undefined,
          region: undefined,
          error: {
            name: 'HUNG',
            coreName: undefined,
            status: undefined,
            code: undefined,
            region: undefined,
            requestId: undefined,
            message: `no outcome within ${CELL_LIMIT_MS} ms`,
            frameworkAttempts: undefined,
          },
        }),
      CELL_LIMIT_MS,
    );
  });
  return Promise.race([run, hung]).finally(() => clearTimeout(timer));
}

describe('fault matrix', () => {
  for (const row of FAULT_ROWS) {
    it(row.title, async () => {
      const failures: string[] = [];
      for (const surface of SURFACES) {
        emulator.clearFaults();
        for (const region of Object.keys(emulator.edgeURLs))
          await emulator.setEdgeDown(region, false);
        await row.arrange(emulator);
        const seen: string[] = [];
        const recordingFetch: typeof fetch = (input, init) => {
          seen.push(input instanceof Request ? input.url : String(input));
          return fetch(input, init);
        };
        const observed = await withLimit(
          runSurface(
            surface,
            { ...emulator.clientOptions(), ...row.connection, fetch: recordingFetch },
            { model: MODEL, prompt: PROMPT },
            row.run,
          ),
          surface,
        );
        const traffic = trafficOf(seen);
        const expected = isStreaming(surface) ? row.streaming : row.nonStreaming;
        const problems = checkCell(surface, expected, observed, reference, traffic);
        const verdict = gate(`fault-matrix/${row.id}/${surface}`, problems);
        rows.push(
          `| ${cell(row.title)} | ${surface} | ${cell(describeOutcome(expected))} | ${cell(describeObserved(observed, reference, traffic))} | ${cell(verdict.mark)} | ${cell(row.notes?.[surface] ?? '')} |`,
        );
        if (verdict.failing.length > 0) failures.push(`${surface}: ${verdict.failing.join('; ')}`);
      }
      emulator.clearFaults();
      for (const region of Object.keys(emulator.edgeURLs))
        await emulator.setEdgeDown(region, false);
      expect(failures).toEqual([]);
    }, 120_000);
  }
});
