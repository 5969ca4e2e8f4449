import type { JSONObject, SharedV4ProviderMetadata } from '@ai-sdk/provider';
import type { ResponseMeta, ServerTimings } from '@polargrid/core';

/** The fields of `providerMetadata.polargrid`. Absent values are left out, never guessed. */
export interface PolarGridProviderMetadata {
  region?: string;
  regionName?: string;
  requestId?: string;
  routeSource?: string;
  attempts?: number;
  serverTimings?: { inferenceTtftMs?: number; inferenceTotalMs?: number };
  /**
   * Streams that finished as `interrupted` only: what cut them short. `eof` means the body ended
   * without a finish reason; `network` means the connection broke mid-stream.
   */
  interruption?: { cause: 'eof' | 'network'; message: string };
}

/** Builds `providerMetadata.polargrid` from where the request went and the server's timings. */
export function buildProviderMetadata(
  meta: ResponseMeta | undefined,
  timings?: ServerTimings | undefined,
  interruption?: PolarGridProviderMetadata['interruption'],
): SharedV4ProviderMetadata {
  const out: JSONObject = {};
  if (meta) {
    out.region = meta.region;
    if (meta.regionName !== undefined) out.regionName = meta.regionName;
    if (meta.requestId !== undefined) out.requestId = meta.requestId;
    out.routeSource = meta.routeSource;
    out.attempts = meta.attempts;
  }
  if (timings) {
    const serverTimings: JSONObject = {};
    if (timings.inferenceTtftMs !== undefined)
      serverTimings.inferenceTtftMs = timings.inferenceTtftMs;
    if (timings.inferenceTotalMs !== undefined) {
      serverTimings.inferenceTotalMs = timings.inferenceTotalMs;
    }
    out.serverTimings = serverTimings;
  }
  if (interruption) out.interruption = { cause: interruption.cause, message: interruption.message };
  return { polargrid: out };
}
