import type { ServerTimings } from './events.js';
import { finite } from './wire.js';
import { isRecord } from '../util/safe-json.js';

/**
 * Reads PolarGrid's `pg_metadata` timings out of a parsed SSE payload, whatever its framing:
 * a named `event: pg_metadata`, `{"pg_metadata": {…}}`, `{"object": "pg_metadata", …}`, or
 * any object with `inference_ttft_ms`/`inference_total_ms` at the top level.
 *
 * @returns undefined when the payload carries no timings.
 */
export function serverTimingsFrom(
  payload: Record<string, unknown>,
  eventName: string | undefined,
): ServerTimings | undefined {
  const nested = payload.pg_metadata;
  const source = isRecord(nested)
    ? nested
    : eventName === 'pg_metadata' ||
        payload.object === 'pg_metadata' ||
        payload.inference_ttft_ms !== undefined ||
        payload.inference_total_ms !== undefined
      ? payload
      : undefined;
  return source === undefined
    ? undefined
    : {
        inferenceTtftMs: finite(source.inference_ttft_ms),
        inferenceTotalMs: finite(source.inference_total_ms),
        raw: source,
      };
}
