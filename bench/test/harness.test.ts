/**
 * Smoke test of the harness: the loopback server, a runner child, and validation. It runs the
 * floor and our core on a small stream, and proves a reader that gets the stream wrong is
 * marked failed rather than ranked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamJob, StreamResult } from '../src/child/protocol.ts';
import { runChild } from '../src/spawn.ts';
import { Tally, validateStream } from '../src/tally.ts';
import { asciiEscaped, encodeChatStream, tokenText } from '../src/wire/chunks.ts';
import { type BenchServer, startBenchServer } from '../src/wire/server.ts';

let server: BenchServer;

beforeAll(async () => {
  server = await startBenchServer({
    scenarios: {
      small: { chunks: 200, mode: 'bulk' },
      other: { chunks: 150, mode: 'bulk' },
      paced: { chunks: 20, mode: 'paced', paceMs: 1 },
    },
  });
});
afterAll(() => server.close());

function job(module: string, scenario: string, expectFrom = scenario): StreamJob {
  return {
    kind: 'stream',
    module,
    baseURL: server.baseURL(scenario),
    expected: server.streams[expectFrom].expected,
    warmups: 1,
    warmBaseURL: server.baseURL('other'),
    warmExpected: server.streams.other.expected,
    concurrency: 2,
  };
}

describe('harness', () => {
  it('the floor reads and validates a bulk stream in a child process', async () => {
    const out = await runChild<StreamResult>(job('floor.ts', 'small'), { timeoutMs: 15_000 });
    expect(out.status).toBe('ok');
    if (out.status !== 'ok') return;
    expect(out.result.textDeltas).toBe(400);
    expect(out.result.cpuUs).toBeGreaterThan(0);
  });

  it('our core reads and validates the same stream', async () => {
    const out = await runChild<StreamResult>(job('ours-core.ts', 'small'), { timeoutMs: 15_000 });
    expect(out).toMatchObject({ status: 'ok', result: { textDeltas: 400 } });
  });

  it('the floor reads a paced stream completely', async () => {
    const out = await runChild<StreamResult>(job('floor.ts', 'paced'), { timeoutMs: 15_000 });
    expect(out).toMatchObject({ status: 'ok', result: { textDeltas: 40 } });
  });

  it('a runner that reads the wrong stream is marked failed, with the mismatch named', async () => {
    // Reads the 200-chunk stream but is held to the 150-chunk expectation.
    const out = await runChild<StreamResult>(job('floor.ts', 'small', 'other'), {
      timeoutMs: 15_000,
    });
    expect(out.status).toBe('failed');
    if (out.status === 'ok') return;
    expect(out.reason).toMatch(/text deltas 200 != 150/);
  });

  it('a runner that does not exist is reported unavailable, not failed', async () => {
    const out = await runChild(job('no-such-runner.ts', 'small'), { timeoutMs: 15_000 });
    expect(out.status).toBe('unavailable');
  });
});

describe('validation', () => {
  const expected = encodeChatStream(10).expected;
  const read = (skip: number | undefined, finish = 'stop') => {
    const tally = new Tally();
    tally.text('');
    for (let i = 0; i < 10; i++) if (i !== skip) tally.text(tokenText(i));
    tally.finish(finish);
    tally.usage(12, 10, 22);
    return validateStream(tally.summary(), expected);
  };

  it('accepts a correct read and ignores empty deltas', () => {
    expect(read(undefined)).toEqual([]);
  });

  it('catches a mis-decoded character even when the length matches', () => {
    const stream = encodeChatStream(40);
    const tally = new Tally();
    for (let i = 0; i < 40; i++) {
      // U+FFFD in place of a decoded emoji half, or of an escaped non-ASCII character.
      const text = tokenText(i);
      tally.text(asciiEscaped(i) ? `${text.slice(0, -1)}\ufffd` : text);
    }
    tally.finish('stop');
    tally.usage(12, 40, 52);
    const problems = validateStream(tally.summary(), stream.expected);
    expect(problems.join('; ')).toMatch(/last-character checksum/);
    expect(problems.join('; ')).not.toMatch(/text length/);
  });

  it('catches a dropped delta, a wrong finish reason and missing usage', () => {
    expect(read(5).join('; ')).toMatch(/text deltas 9 != 10/);
    expect(read(undefined, 'length').join('; ')).toMatch(/finish reason length != stop/);
    const tally = new Tally();
    for (let i = 0; i < 10; i++) tally.text(tokenText(i));
    tally.finish('stop');
    expect(validateStream(tally.summary(), expected).join('; ')).toMatch(/usage undefined/);
  });
});
