/**
 * What a {@link PolarGridEdge} holds, kept out of its public shape: the endpoint functions read
 * it here, and neither the key nor the transport shows up on the object (so it cannot leak
 * through `Object.keys`, spreading or a serialiser).
 */
import { ConfigurationError } from '../errors/error-classes.js';
import type { HedgeBudget, HedgeSettings } from '../routing/hedge.js';
import type { TransportConfig } from '../http/transport.js';
import type { EdgeMemory } from '../routing/edge-memory.js';
import type { ServedEntry } from '../routing/live-catalog.js';
import type { ResolvedConfig } from './config.js';

/** The internals of one edge connection. */
export interface EdgeInternals {
  /** Effective options without the key (for `toJSON`). */
  config: Omit<ResolvedConfig, 'apiKey'>;
  transport: TransportConfig;
  /** What this client has seen of its edges (latency, failures). */
  memory: EdgeMemory;
  /** Hedging of streamed generations, when the `hedge` option turned it on. */
  hedge: { settings: HedgeSettings; budget: HedgeBudget } | undefined;
  /** The live catalogue's last answer and when it came (`listServedModels`). */
  lastServed?: { at: number; entries: ServedEntry[] } | undefined;
}

const store = new WeakMap<object, EdgeInternals>();

export function setInternals(edge: object, internals: EdgeInternals): void {
  store.set(edge, internals);
}

/** The internals of an edge; a clear error for anything that is not one. */
export function internalsOf(edge: object): EdgeInternals {
  const internals = store.get(edge);
  if (internals === undefined) {
    throw new ConfigurationError({
      message: 'Expected a PolarGridEdge (create one with new PolarGridEdge(options)).',
      code: 'invalid_client',
    });
  }
  return internals;
}
