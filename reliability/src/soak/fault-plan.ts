import { pick } from '../shared/prng.ts';

/**
 * What a soak stream must end as, given the fault it was dealt:
 * - `complete`: finish `stop` with exactly the reference text (no fault, a tolerated fault, or a
 *   fault on the first attempt only, which the core must retry or fail over past);
 * - `interrupted`: finish `interrupted`, the text delivered a prefix of the reference;
 * - `stream-error`: a terminal `error` event of the named class, the text a prefix;
 * - `rejected`: `streamChatCompletion` rejects with the named class and status.
 */
export type Expectation =
  | { outcome: 'complete' }
  | { outcome: 'interrupted'; fullText?: boolean }
  | { outcome: 'stream-error'; errorName: string }
  | { outcome: 'rejected'; errorName: string; status: number | undefined };

export interface PlannedFault {
  /** The `x-pg-emulator-fault` header value. */
  header: string;
  /** Only the first HTTP attempt carries the fault (a retry or failover must then succeed). */
  firstAttemptOnly: boolean;
  expect: Expectation;
}

/** Parameters that make stream faults land after some text was delivered. */
function afterChunks(random: () => number): number {
  return 2 + Math.floor(random() * 10);
}

const MENU: ReadonlyArray<(random: () => number) => PlannedFault> = [
  () => ({
    header: 'rate-limit;retryAfter=0',
    firstAttemptOnly: true,
    expect: { outcome: 'complete' },
  }),
  () => ({
    header: 'rate-limit;retryAfter=0',
    firstAttemptOnly: false,
    expect: { outcome: 'rejected', errorName: 'RateLimitError', status: 429 },
  }),
  (r) => ({
    header: `server-error;status=${pick(r, [500, 502, 503])}`,
    firstAttemptOnly: true,
    expect: { outcome: 'complete' },
  }),
  () => ({
    header: 'server-error;status=500',
    firstAttemptOnly: false,
    expect: { outcome: 'rejected', errorName: 'ServerError', status: 500 },
  }),
  () => ({
    header: 'reset-before-headers',
    firstAttemptOnly: true,
    expect: { outcome: 'complete' },
  }),
  () => ({
    header: 'reset-before-headers',
    firstAttemptOnly: false,
    expect: { outcome: 'rejected', errorName: 'NetworkError', status: undefined },
  }),
  (r) => ({
    header: `reset-mid-stream;afterChunks=${afterChunks(r)}`,
    firstAttemptOnly: false,
    expect: { outcome: 'interrupted' },
  }),
  (r) => ({
    header: `stream-error;afterChunks=${afterChunks(r)}`,
    firstAttemptOnly: false,
    expect: { outcome: 'stream-error', errorName: 'StreamError' },
  }),
  (r) => ({
    header: `stall;afterChunks=${afterChunks(r)};ms=4000`,
    firstAttemptOnly: false,
    expect: { outcome: 'stream-error', errorName: 'TimeoutError' },
  }),
  (r) => ({
    header: `malformed-chunk;afterChunks=${afterChunks(r)}`,
    firstAttemptOnly: false,
    expect: { outcome: 'complete' },
  }),
  () => ({
    header: 'no-finish',
    firstAttemptOnly: false,
    expect: { outcome: 'interrupted', fullText: true },
  }),
  () => ({
    header: 'cloudfront-403',
    firstAttemptOnly: false,
    expect: { outcome: 'rejected', errorName: 'PermissionError', status: 403 },
  }),
];

/** Deals a fault (or none) to a stream, from the seeded generator. */
export function planFault(random: () => number, faultRate: number): PlannedFault | undefined {
  if (random() >= faultRate) return undefined;
  return pick(random, MENU)(random);
}
