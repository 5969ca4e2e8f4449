/**
 * The one body reader on Web Streams alone (runs in Node and in the edge runtime): deadlines,
 * caps, peeking, and timers that take any duration.
 */
import { describe, expect, it } from 'vitest';
import {
  BODY_LIMITS,
  type BodySource,
  guardBody,
  peekBody,
  readBody,
  readBodyText,
} from '../src/io/read-body.js';
import { sleep } from '../src/util/abort.js';
import { clampDelay, MAX_TIMER_DELAY_MS, startTimer } from '../src/util/timers.js';

const source: BodySource = { from: 'PolarGrid edge yto-01', region: 'yto-01', retryable: false };
const encode = (text: string) => new TextEncoder().encode(text);

/** A body that sends `chunks` (each after `gapMs`) and then either ends or stays open. */
function body(chunks: Uint8Array[], options: { gapMs?: number; end?: boolean } = {}) {
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = chunks.shift();
      if (next === undefined) {
        if (options.end ?? true) controller.close();
        else await new Promise(() => {}); // stays open, sends nothing
        return;
      }
      if (options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs));
      controller.enqueue(next);
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, wasCancelled: () => cancelled };
}

describe('readBody', () => {
  it('reads a whole body', async () => {
    const { stream } = body([encode('{"a":'), encode('1}')]);
    const out = await readBodyText(stream, {
      kind: 'json',
      streamIdleTimeout: 1000,
      totalMs: 1000,
      source,
    });
    expect(out).toEqual({ text: '{"a":1}', truncated: false });
  });

  it('a stall past streamIdleTimeout is a TimeoutError (stream_stalled), and the body is cancelled', async () => {
    const { stream, wasCancelled } = body([encode('{')], { end: false });
    const start = Date.now();
    await expect(
      readBody(stream, { kind: 'json', streamIdleTimeout: 100, totalMs: 0, source }),
    ).rejects.toMatchObject({ name: 'TimeoutError', code: 'stream_stalled', retryable: false });
    expect(Date.now() - start).toBeLessThan(100 + 2000);
    expect(wasCancelled()).toBe(true);
  });

  it('a trickle under streamIdleTimeout still ends at totalMs (body_timeout)', async () => {
    const chunks = Array.from({ length: 1000 }, () => encode(' '));
    const { stream } = body(chunks, { gapMs: 20 });
    const start = Date.now();
    await expect(
      readBody(stream, { kind: 'json', streamIdleTimeout: 200, totalMs: 300, source }),
    ).rejects.toMatchObject({ name: 'TimeoutError', code: 'body_timeout' });
    expect(Date.now() - start).toBeLessThan(300 + 2000);
  });

  it('a body over its cap is a ServerError (body_too_large); an error body is cut instead', async () => {
    const options = { streamIdleTimeout: 1000, totalMs: 1000, source };
    // More than the JSON cap, and the body never ends: only the cap stops the read.
    const huge = body([new Uint8Array(BODY_LIMITS.json), new Uint8Array(1)], { end: false });
    await expect(readBody(huge.stream, { kind: 'json', ...options })).rejects.toMatchObject({
      name: 'ServerError',
      code: 'body_too_large',
    });
    expect(huge.wasCancelled()).toBe(true);
    const errorBody = body([new Uint8Array(BODY_LIMITS.error + 10)], { end: false });
    const cut = await readBody(errorBody.stream, { kind: 'error', ...options });
    expect(cut.truncated).toBe(true);
    expect(cut.bytes.byteLength).toBe(BODY_LIMITS.error);
    expect(errorBody.wasCancelled()).toBe(true);
  });

  it('an abort stops the read with an AbortError', async () => {
    const { stream } = body([], { end: false });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(
      readBody(stream, {
        kind: 'json',
        streamIdleTimeout: 0,
        totalMs: 0,
        signal: controller.signal,
        source,
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('guardBody', () => {
  it('errors on a stall past streamIdleTimeout and on a total over maxBytes', async () => {
    const stalled = body([encode('a')], { end: false });
    const reader = guardBody(stalled.stream, { streamIdleTimeout: 100, source }).getReader();
    await reader.read();
    await expect(reader.read()).rejects.toMatchObject({ code: 'stream_stalled' });
    const long = body([new Uint8Array(20), new Uint8Array(20)]);
    const capped = guardBody(long.stream, {
      streamIdleTimeout: 0,
      maxBytes: 30,
      source,
    }).getReader();
    await capped.read();
    await expect(capped.read()).rejects.toMatchObject({ code: 'body_too_large' });
  });
});

describe('peekBody', () => {
  it('shows the first text and replays every byte', async () => {
    const { stream } = body([encode('  '), encode('data: 1\n\n'), encode('data: 2\n\n')]);
    const { head, body: replay } = await peekBody(
      stream,
      { streamIdleTimeout: 1000, totalMs: 0 },
      source,
    );
    expect(head).toBe('  data: 1\n\n');
    const all = await readBodyText(replay, {
      kind: 'json',
      streamIdleTimeout: 0,
      totalMs: 0,
      source,
    });
    expect(all.text).toBe('  data: 1\n\ndata: 2\n\n');
  });
});

describe('timers', () => {
  it('clamp to 2^31−1 ms: huge values mean "very long", never "now"', async () => {
    expect(MAX_TIMER_DELAY_MS).toBe(2147483647);
    expect(clampDelay(1e12)).toBe(MAX_TIMER_DELAY_MS);
    expect(clampDelay(Infinity)).toBe(MAX_TIMER_DELAY_MS);
    expect(clampDelay(Number.NaN)).toBe(0);
    expect(clampDelay(-5)).toBe(0);
    expect(clampDelay(250)).toBe(250);
    let fired = 0;
    const stops = [1e12, Number.MAX_SAFE_INTEGER, 2 ** 31, Infinity].map((ms) =>
      startTimer(ms, () => fired++),
    );
    await new Promise((r) => setTimeout(r, 100));
    for (const stop of stops) stop();
    expect(fired).toBe(0);
  });

  it('sleep of a huge duration waits (until aborted)', async () => {
    const controller = new AbortController();
    let settled = false;
    const pending = sleep(1e12, controller.signal).finally(() => {
      settled = true;
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(settled).toBe(false);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});
