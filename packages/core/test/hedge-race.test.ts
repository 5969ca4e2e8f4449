import { describe, expect, it } from 'vitest';
import { HedgeBudget, raceFirstToken } from '../src/http/hedge.js';
import { candidate } from '../src/routing/candidate.js';

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
  budget.earn();
  const recorded: [string, number][] = [];
  const outcome = await raceFirstToken({
    start: async (pin) => (pin === undefined ? leg('yto-01', firstMs) : leg(pin.region, hedgeMs)),
    decides: () => true,
    hedgeTo: candidate('yul-01', 'https://b', 'failover'),
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
