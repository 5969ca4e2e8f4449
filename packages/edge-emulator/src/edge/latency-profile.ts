import { seededRandom } from '../model/hash.js';
import type { EdgeLatency } from '../options.js';

/**
 * How slow one edge is on purpose: a share of its requests takes `slowMultiplier` times the
 * normal time to first token, every time to first token is jittered, and at most `concurrency`
 * requests run at once (the rest wait in line, first come first served). Seeded, so a benchmark
 * or a test sees the same sequence of slow and fast requests on every run.
 */
export class LatencyProfile {
  readonly #slowFraction: number;
  readonly #slowMultiplier: number;
  readonly #jitter: number;
  readonly #concurrency: number;
  readonly #random: () => number;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(latency: EdgeLatency = {}) {
    this.#slowFraction = clamp(latency.slowFraction ?? 0, 0, 1);
    this.#slowMultiplier = Math.max(1, latency.slowMultiplier ?? 10);
    this.#jitter = clamp(latency.jitter ?? 0, 0, 1);
    this.#concurrency = latency.concurrency ?? Number.POSITIVE_INFINITY;
    this.#random = seededRandom(latency.seed ?? 1);
  }

  /** The time to first token for one request, from the emulator's configured one. */
  ttftFor(baseMs: number): number {
    const slow = this.#random() < this.#slowFraction;
    const jitter = 1 + this.#jitter * (2 * this.#random() - 1);
    return baseMs * jitter * (slow ? this.#slowMultiplier : 1);
  }

  /** Waits for a free slot; the returned function frees it (call it exactly once). */
  async acquire(): Promise<() => void> {
    if (this.#running >= this.#concurrency) {
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
    this.#running += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#running -= 1;
      this.#waiting.shift()?.();
    };
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Number.isFinite(value) ? value : min));
}
