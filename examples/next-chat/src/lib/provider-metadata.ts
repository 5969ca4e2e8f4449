/**
 * Reads PolarGrid's provider metadata (`providerMetadata.polargrid`) into the example's
 * {@link ChatMetadata}. Tolerant on purpose: fields the provider does not send are left out.
 */
import type { ChatMetadata } from './chat-metadata';

type JsonRecord = Record<string, unknown>;

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Drops undefined fields so merged metadata never overwrites a value with `undefined`. */
export function compact<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Region, request id and the edge's own TTFT from `providerMetadata.polargrid`. */
export function fromPolarGridMetadata(providerMetadata: unknown): Partial<ChatMetadata> {
  if (!isRecord(providerMetadata) || !isRecord(providerMetadata.polargrid)) return {};
  const pg = providerMetadata.polargrid;
  const timings = isRecord(pg.serverTimings) ? pg.serverTimings : {};
  return compact({
    region: str(pg.region),
    regionName: str(pg.regionName),
    requestId: str(pg.requestId),
    serverTtftMs: num(timings.inferenceTtftMs) ?? num(timings.inference_ttft_ms),
  });
}
