import { describe, expect, it } from 'vitest';
import { candidate } from '../src/routing/candidate.js';
import { EdgeMemory, MIN_SAMPLES } from '../src/routing/edge-memory.js';

const toronto = candidate('yto-01', 'https://a', 'autorouter');
const montreal = candidate('yul-01', 'https://b', 'failover');
const vancouver = candidate('yvr-02', 'https://c', 'failover');
const MODEL = 'qwen-3.8-27b';

function clock(start = 1_000_000) {
  const time = { now: start };
  return { time, memory: new EdgeMemory(() => time.now) };
}

function learn(memory: EdgeMemory, region: string, ms: number, times = MIN_SAMPLES): void {
  for (let i = 0; i < times; i++) memory.recordFirstToken(region, MODEL, ms);
}

describe('EdgeMemory', () => {
  it('keeps the routing order while it knows nothing', () => {
    const { memory } = clock();
    const order = memory.order([toronto, montreal, vancouver], MODEL);
    expect(order.candidates.map((c) => c.region)).toEqual(['yto-01', 'yul-01', 'yvr-02']);
    expect(order.reason).toBeUndefined();
  });

  it('puts an edge that just failed last, then lets one trial request through after its cool-down', () => {
    const { time, memory } = clock();
    memory.recordFailure('yto-01');
    const cooling = memory.order([toronto, montreal], MODEL);
    expect(cooling.candidates.map((c) => c.region)).toEqual(['yul-01', 'yto-01']);
    expect(cooling.reason).toMatch(/yto-01 cooling down/);

    time.now += 2_001;
    // Half-open: the first request after the cool-down tries it ...
    expect(memory.order([toronto, montreal], MODEL).candidates[0]?.region).toBe('yto-01');
    // ... and a second one, while that trial is out, does not.
    expect(memory.order([toronto, montreal], MODEL).candidates[0]?.region).toBe('yul-01');

    memory.recordSuccess('yto-01');
    expect(memory.order([toronto, montreal], MODEL).candidates[0]?.region).toBe('yto-01');
  });

  it('doubles the cool-down for each failure in a row', () => {
    const { time, memory } = clock();
    memory.recordFailure('yto-01');
    memory.recordFailure('yto-01');
    time.now += 2_001;
    expect(memory.order([toronto, montreal], MODEL).candidates[0]?.region).toBe('yul-01');
    time.now += 2_000;
    expect(memory.order([toronto, montreal], MODEL).candidates[0]?.region).toBe('yto-01');
  });

  it('puts a clearly slower edge behind the others, and says why', () => {
    const { memory } = clock();
    learn(memory, 'yto-01', 400);
    learn(memory, 'yul-01', 60);
    const order = memory.order([toronto, montreal, vancouver], MODEL);
    // Behind the unknown Vancouver too: the second edge is where a hedge goes.
    expect(order.candidates.map((c) => c.region)).toEqual(['yul-01', 'yvr-02', 'yto-01']);
    expect(order.reason).toMatch(
      /yto-01 is slower for qwen-3\.8-27b \(p90 first token ~400 ms vs ~60 ms on yul-01\)/,
    );
  });

  it('says nothing when the slower edge is already last', () => {
    const { memory } = clock();
    learn(memory, 'yto-01', 40);
    learn(memory, 'yul-01', 400);
    const order = memory.order([toronto, montreal], MODEL);
    expect(order.candidates.map((c) => c.region)).toEqual(['yto-01', 'yul-01']);
    expect(order.reason).toBeUndefined();
  });

  it('keeps an edge slow for one request in five behind, however lucky its last answers', () => {
    const { memory } = clock();
    for (let i = 0; i < 64; i++) memory.recordFirstToken('yto-01', MODEL, i % 5 === 4 ? 400 : 40);
    learn(memory, 'yul-01', 45, 64);
    expect(memory.order([toronto, montreal], MODEL).candidates[0]?.region).toBe('yul-01');
    // Ten fast answers in a row (a hedge to it won, say) would pull a moving average under
    // twice 45 ms; the tail still holds a dozen slow ones.
    learn(memory, 'yto-01', 40, 10);
    expect(memory.order([toronto, montreal], MODEL).candidates[0]?.region).toBe('yul-01');
  });

  it('keeps the first edge when the other is not clearly faster, or is unknown, or it was pinned', () => {
    const { memory } = clock();
    learn(memory, 'yto-01', 100);
    learn(memory, 'yul-01', 60);
    expect(memory.order([toronto, montreal], MODEL).candidates[0]?.region).toBe('yto-01');
    learn(memory, 'yto-01', 900, 40);
    expect(memory.order([toronto, vancouver], MODEL).candidates[0]?.region).toBe('yto-01');
    expect(memory.order([toronto, montreal], MODEL, false).candidates[0]?.region).toBe('yto-01');
    expect(memory.order([toronto, montreal], MODEL).candidates[0]?.region).toBe('yul-01');
  });

  it('forgets old samples, so an edge once slow gets another chance', () => {
    const { time, memory } = clock();
    learn(memory, 'yto-01', 400);
    learn(memory, 'yul-01', 60);
    time.now += 60_001;
    expect(memory.firstTokenQuantile('yto-01', MODEL, 0.9)).toBeUndefined();
    expect(memory.order([toronto, montreal], MODEL).candidates[0]?.region).toBe('yto-01');
  });

  it('reads quantiles of recent first tokens only once it has enough of them', () => {
    const { memory } = clock();
    learn(memory, 'yto-01', 50, MIN_SAMPLES - 1);
    expect(memory.firstTokenQuantile('yto-01', MODEL, 0.9)).toBeUndefined();
    for (let ms = 1; ms <= 100; ms++) memory.recordFirstToken('yto-01', MODEL, ms);
    // The last 64 samples are 37…100.
    expect(memory.firstTokenQuantile('yto-01', MODEL, 0.5)).toBe(69);
    expect(memory.firstTokenQuantile('yto-01', MODEL, 0.9)).toBe(94);
  });

  it('stays bounded however many edges and models it sees', () => {
    const { memory } = clock();
    for (let i = 0; i < 5_000; i++) {
      memory.recordFirstToken(`edge-${i}`, `model-${i}`, 10);
      memory.recordFailure(`edge-${i}`);
    }
    const snapshot = memory.snapshot() as {
      firstToken: Record<string, unknown>;
      coolingDown: unknown[];
    };
    expect(Object.keys(snapshot.firstToken).length).toBeLessThanOrEqual(256);
    expect(snapshot.coolingDown.length).toBeLessThanOrEqual(256);
  });
});

describe('EdgeMemory exploration', () => {
  it('tries an unmeasured edge when slow outliers dominate the first edge, then keeps the faster', () => {
    const { memory } = clock();
    // Four fast answers for every slow one: median 40 ms, average well above 80 ms.
    for (let i = 0; i < 20; i++) memory.recordFirstToken('yto-01', MODEL, i % 5 === 4 ? 400 : 40);
    const exploring = memory.order([toronto, montreal], MODEL);
    expect(exploring.candidates[0]?.region).toBe('yul-01');
    expect(exploring.reason).toMatch(/yto-01 has slow outliers/);
    learn(memory, 'yul-01', 45);
    const learned = memory.order([toronto, montreal], MODEL);
    expect(learned.candidates[0]?.region).toBe('yul-01');
    expect(learned.reason).toMatch(/yto-01 is slower/);
  });

  it('keeps trying an edge it is learning until it knows it', () => {
    const { memory } = clock();
    for (let i = 0; i < 20; i++) memory.recordFirstToken('yto-01', MODEL, i % 5 === 4 ? 400 : 40);
    learn(memory, 'yul-01', 45, MIN_SAMPLES - 1);
    // Seven samples are not enough to judge Montreal, so it is still the one being learned.
    expect(memory.order([toronto, montreal, vancouver], MODEL).candidates[0]?.region).toBe(
      'yul-01',
    );
    learn(memory, 'yul-01', 45, 1);
    const known = memory.order([toronto, montreal, vancouver], MODEL);
    expect(known.candidates.map((c) => c.region)).toEqual(['yul-01', 'yvr-02', 'yto-01']);
  });

  it('does not explore away from an edge that is merely jittery', () => {
    const { memory } = clock();
    for (let i = 0; i < 20; i++) memory.recordFirstToken('yto-01', MODEL, 32 + (i % 5) * 4);
    expect(memory.order([toronto, montreal], MODEL).candidates[0]?.region).toBe('yto-01');
  });
});
