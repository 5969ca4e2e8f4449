import type { JSONObject, SharedV4ProviderMetadata, SharedV4Warning } from '@ai-sdk/provider';
import type { ResponseMeta } from '@polargrid/core';
import type { DecodeWarning, ServerTimings } from './core-types.js';

/** The fields of `providerMetadata.polargrid`. Absent values are left out, never guessed. */
export interface PolarGridProviderMetadata {
  region?: string;
  regionName?: string;
  requestId?: string;
  routeSource?: string;
  attempts?: number;
  /** Why the client's edge memory changed the routing order (a slow or failing edge), when it did. */
  routeReason?: string;
  /** With the `hedge` setting: `true` when a hedge answered first, `false` when the first request did. */
  hedged?: boolean;
  serverTimings?: { inferenceTtftMs?: number; inferenceTotalMs?: number };
  /**
   * Streams that finished as `interrupted` only: what cut them short. `eof` means the body ended
   * without a finish reason; `network` means the connection broke mid-stream.
   */
  interruption?: { cause: 'eof' | 'network'; message: string };
  /**
   * What the edge sent that the decoder did not use (content of a shape it does not know, a
   * choice other than 0, data after `[DONE]`), one entry per kind, so nothing is dropped without
   * a word. Generate results also list them in `warnings`.
   */
  warnings?: { code: string; message: string }[];
}

/** What besides the route a result's metadata reports. */
export interface ProviderMetadataExtras {
  timings?: ServerTimings | undefined;
  interruption?: PolarGridProviderMetadata['interruption'];
  warnings?: readonly DecodeWarning[] | undefined;
}

/** Builds `providerMetadata.polargrid` from where the request went and the server's timings. */
export function buildProviderMetadata(
  meta: ResponseMeta | undefined,
  { timings, interruption, warnings }: ProviderMetadataExtras = {},
): SharedV4ProviderMetadata {
  const out: JSONObject = {};
  if (meta) {
    out.region = meta.region;
    if (meta.regionName !== undefined) out.regionName = meta.regionName;
    if (meta.requestId !== undefined) out.requestId = meta.requestId;
    out.routeSource = meta.routeSource;
    out.attempts = meta.attempts;
    if (meta.routeReason !== undefined) out.routeReason = meta.routeReason;
    if (meta.hedged !== undefined) out.hedged = meta.hedged;
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
  if (warnings !== undefined && warnings.length > 0) {
    out.warnings = warnings.map(({ code, message }) => ({ code, message }));
  }
  return { polargrid: out };
}

/** A decoder warning as a call warning of a generate result. */
export function toCallWarning(warning: DecodeWarning): SharedV4Warning {
  return { type: 'other', message: `${warning.message} (${warning.code})` };
}
