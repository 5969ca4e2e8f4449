import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EdgeEmulator, startEdgeEmulator } from '../src/index.js';
import { LatencyProfile } from '../src/edge/latency-profile.js';
import { client, user } from './helpers.js';

/** Milliseconds from sending a streamed chat to its first content chunk. */
async function timeToFirstContent(emulator: EdgeEmulator, region: string): Promise<number> {
  const started = performance.now();
  const response = await client(emulator, region).chat({ messages: user('hi'), stream: true });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error('stream ended before any content');
    text += decoder.decode(value, { stream: true });
    if (/"content":"[^"]/.test(text)) {
      await reader.cancel();
      return performance.now() - started;
    }
  }
}

describe('LatencyProfile', () => {
  it('makes the configured share of requests slow, repeatably for one seed', () => {
    const sample = (seed: number) => {
      const profile = new LatencyProfile({ slowFraction: 0.2, slowMultiplier: 10, seed });
      return Array.from({ length: 2000 }, () => profile.ttftFor(50));
    };
    const first = sample(7);
    expect(sample(7)).toEqual(first);
    const slow = first.filter((ms) => ms === 500).length;
    expect(first.every((ms) => ms === 50 || ms === 500)).toBe(true);
    expect(slow / first.length).toBeGreaterThan(0.17);
    expect(slow / first.length).toBeLessThan(0.23);
  });

  it('spreads every time to first token by the jitter, never beyond it', () => {
    const profile = new LatencyProfile({ jitter: 0.2 });
    const values = Array.from({ length: 1000 }, () => profile.ttftFor(100));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(80);
    expect(Math.max(...values)).toBeLessThanOrEqual(120);
    expect(new Set(values.map(Math.round)).size).toBeGreaterThan(20);
  });

  it('serves at most `concurrency` requests at once, the rest in arrival order', async () => {
    const profile = new LatencyProfile({ concurrency: 1 });
    const order: string[] = [];
    const releaseA = await profile.acquire();
    const b = profile.acquire().then((release) => {
      order.push('b');
      return release;
    });
    const c = profile.acquire().then((release) => {
      order.push('c');
      release();
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual([]);
    releaseA();
    (await b)();
    await c;
    expect(order).toEqual(['b', 'c']);
  });
});

describe('a slow edge in the emulator', () => {
  let emulator: EdgeEmulator;
  beforeAll(async () => {
    emulator = await startEdgeEmulator({ timing: { ttftMs: 30, tokensPerSecond: 0 } });
  });
  afterAll(() => emulator.close());

  it('delays the first token of every request on the slowed edge only', async () => {
    emulator.setEdgeLatency('yto-01', { slowFraction: 1, slowMultiplier: 10 });
    try {
      const slow = await timeToFirstContent(emulator, 'yto-01');
      const fast = await timeToFirstContent(emulator, 'yul-01');
      expect(slow).toBeGreaterThanOrEqual(280);
      expect(fast).toBeLessThan(250);
    } finally {
      emulator.setEdgeLatency('yto-01', {});
    }
  });

  it('queues requests beyond its concurrency', async () => {
    emulator.setEdgeLatency('yul-01', { concurrency: 1 });
    try {
      const started = performance.now();
      await Promise.all([1, 2, 3].map(() => timeToFirstContent(emulator, 'yul-01')));
      // Three requests one after another, each ~30 ms to its first token.
      expect(performance.now() - started).toBeGreaterThanOrEqual(85);
    } finally {
      emulator.setEdgeLatency('yul-01', {});
    }
  });
});
