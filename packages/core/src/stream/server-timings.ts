import type { ServerTimings } from './events.js';
import { isRecord } from '../util/safe-json.js';

function ms(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

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
  let source: Record<string, unknown> | undefined;
  const nested = payload.pg_metadata;
  if (isRecord(nested)) source = nested;
  else if (
    eventName === 'pg_metadata' ||
    payload.object === 'pg_metadata' ||
    payload.inference_ttft_ms !== undefined ||
    payload.inference_total_ms !== undefined
  ) {
    source = payload;
  }
  if (source === undefined) return undefined;
  return {
    inferenceTtftMs: ms(source.inference_ttft_ms),
    inferenceTotalMs: ms(source.inference_total_ms),
    raw: source,
  };
}
