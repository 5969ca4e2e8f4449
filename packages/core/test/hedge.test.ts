import { describe, expect, it } from 'vitest';
import { HedgeBudget, hedgeDelay, raceFirstToken, resolveHedge } from '../src/routing/hedge.js';
import { candidate } from '../src/routing/candidate.js';
import { EdgeMemory, MIN_SAMPLES } from '../src/routing/edge-memory.js';

type Event = { type: string };

/** A leg whose first token comes after `ms` (never when `ms` is undefined). */
function leg(region: string, ms: number | undefined) {
  const events = new ReadableStream<Event>({
    start(controller) {
      if (ms !== undefined) setTimeout(() => controller.enqueue({ type: 'text-delta' }), ms);
    },
  });
  return { region, events };
}

async function race(firstMs: number | undefined, hedgeMs: number | undefined, delayMs: number) {
  const budget = new HedgeBudget(1);
  const recorded: [string, number][] = [];
  const outcome = await raceFirstToken({
    start: async (pin) => (pin === undefined ? leg('yto-01', firstMs) : leg(pin.region, hedgeMs)),
    isContent: () => true,
    rank: () => 0,
    candidates: [
      candidate('yto-01', 'https://a', 'autorouter'),
      candidate('yul-01', 'https://b', 'failover'),
    ],
    delayMs,
    budget,
    onFirstToken: (region, ms) => recorded.push([region, ms]),
    signal: undefined,
  });
  await outcome.events.cancel();
  return { outcome, recorded };
}

describe('raceFirstToken and the edge memory', () => {
  it('remembers how long a first request that lost waited, as a lower bound', async () => {
    const { outcome, recorded } = await race(undefined, 10, 30);
    expect(outcome.hedged).toBe(true);
    expect(recorded.map(([region]) => region).sort()).toEqual(['yto-01', 'yul-01']);
    const waited = recorded.find(([region]) => region === 'yto-01')?.[1] ?? 0;
    expect(waited).toBeGreaterThanOrEqual(30);
  });

  it('records nothing for a hedge that lost: it had less time than the winner', async () => {
    const { outcome, recorded } = await race(60, undefined, 10);
    expect(outcome.hedged).toBe(false);
    expect(recorded.map(([region]) => region)).toEqual(['yto-01']);
  });
});

describe('hedgeDelay', () => {
  const MODEL = 'qwen-3.8-27b';
  const auto = resolveHedge(true)!;
  const learn = (memory: EdgeMemory, region: string, ms: number) => {
    for (let i = 0; i < MIN_SAMPLES; i++) memory.recordFirstToken(region, MODEL, ms);
  };

  it('is the fixed delay when one is given', () => {
    expect(hedgeDelay(resolveHedge({ delay: 120 })!, new EdgeMemory(), ['yto-01'], MODEL)).toBe(
      120,
    );
  });

  it("is the first edge's own quantile once it is known, never under the minimum", () => {
    const memory = new EdgeMemory();
    // Medians of 40 ms, 90th percentiles of 100 ms.
    for (let i = 0; i < 10; i++) memory.recordFirstToken('yto-01', MODEL, i === 9 ? 100 : 40);
    expect(hedgeDelay(auto, memory, ['yto-01', 'yul-01'], MODEL)).toBe(100);
    learn(memory, 'yvr-02', 10);
    expect(hedgeDelay(auto, memory, ['yvr-02'], MODEL)).toBe(50);
  });

  it('is never under twice the median: a hedge sent sooner could not win', () => {
    const memory = new EdgeMemory();
    // Jitter only: 90th percentile 46 ms, median 40 ms.
    for (let i = 0; i < 10; i++) memory.recordFirstToken('yto-01', MODEL, i === 9 ? 46 : 40);
    expect(hedgeDelay(auto, memory, ['yto-01'], MODEL)).toBe(80);
  });

  it('stands in with the quickest other known edge while the first is being learned', () => {
    const memory = new EdgeMemory();
    expect(hedgeDelay(auto, memory, ['yto-01', 'yul-01'], MODEL)).toBe(1_000);
    learn(memory, 'yul-01', 60);
    learn(memory, 'yvr-02', 90);
    expect(hedgeDelay(auto, memory, ['yto-01', 'yvr-02', 'yul-01'], MODEL)).toBe(120);
  });
});
