import { FaultRules } from './faults/fault-rules.js';
import type { AccessPolicy } from './http/access-policy.js';
import type { EmulatorTiming } from './options.js';

/** A request as the emulator received it (for tests). */
export interface RecordedRequest {
  /** `autorouter` or the edge's region id. */
  target: string;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** The parsed JSON body, when the body was JSON. */
  body: unknown;
  /** Body size in bytes (the only record of binary bodies). */
  bodyBytes: number;
  /** Epoch milliseconds. */
  at: number;
}

/** Per-key fixed windows that reset on each minute boundary (§6.3). */
export class RateLimiter {
  readonly #windows = new Map<string, { window: number; count: number }>();
  limit: number | false;

  constructor(limit: number | false) {
    this.limit = limit;
  }

  /** Counts one request; returns the seconds to wait when over the limit. */
  hit(key: string, now = Date.now()): { ok: true } | { ok: false; retryAfter: number } {
    if (this.limit === false) return { ok: true };
    const window = Math.floor(now / 60_000);
    const entry = this.#windows.get(key);
    if (!entry || entry.window !== window) {
      this.#windows.set(key, { window, count: 1 });
      return { ok: true };
    }
    entry.count += 1;
    if (entry.count <= this.limit) return { ok: true };
    return { ok: false, retryAfter: Math.max(1, Math.ceil(((window + 1) * 60_000 - now) / 1000)) };
  }
}

/** An async transcription job. */
export interface TranscriptionJob {
  id: string;
  createdAt: number;
  readyAt: number;
  result: unknown;
  contentType: string;
}

/** What the autorouter and every edge share. */
export class EmulatorState {
  readonly rules = new FaultRules();
  readonly requests: RecordedRequest[] = [];
  readonly jobs = new Map<string, TranscriptionJob>();
  readonly rateLimiter: RateLimiter;
  timing: Required<EmulatorTiming>;
  readonly keyIsValid: (key: string) => boolean;
  /** Which Host headers and browser origins every server answers. */
  readonly access: AccessPolicy;

  constructor(options: {
    timing: Required<EmulatorTiming>;
    rateLimitPerMinute: number | false;
    keyIsValid: (key: string) => boolean;
    access: AccessPolicy;
  }) {
    this.timing = options.timing;
    this.access = options.access;
    this.rateLimiter = new RateLimiter(options.rateLimitPerMinute);
    this.keyIsValid = options.keyIsValid;
  }
}
