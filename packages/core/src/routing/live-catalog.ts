/**
 * The live model catalogue: what each edge serves right now, read from its `GET /v1/models`,
 * merged with the built-in table (D8: model ids churn; a model PolarGrid adds must work the day
 * it ships, without a release of this package).
 */
import type { ModelInfo } from '../types/other-types.js';
import { createRouteCache } from './route-cache.js';
import type { Candidate } from './candidate.js';
import { isRecord } from '../util/safe-json.js';
import { BASE_CAPABILITIES } from '../catalog/chat-models.js';
import { getModelCapabilities } from '../catalog/models.js';
import type { ModelCapabilities, ModelType } from '../types/model-capabilities.js';

/** How long one edge's model list is kept, in seconds. */
export const LIVE_CATALOG_TTL_SECONDS = 300;

/** A model some edge serves now. */
export interface ServedModel {
  id: string;
  /** Regions whose edge lists the model, in routing order. */
  regions: string[];
  /** What it is for: `pg_model_type` from the edge, else the built-in table's. */
  type: ModelType | undefined;
  /**
   * What the model can do: the edge's own fields where it gives them (`pg_model_type`, a context
   * length, a `capabilities` object) over the built-in table's; for a model the table does not
   * know, only what the edge states (flags it does not state are false), or `undefined` when it
   * states nothing (the model is served: send what you need and let the edge decide).
   */
  capabilities: ModelCapabilities | undefined;
  /** Where `capabilities` came from. */
  source: 'live' | 'built-in' | 'live+built-in' | 'none';
  /**
   * What the edge said of the model that was ignored, and why: an unknown `pg_model_type`, a
   * context length out of range. Empty when everything it stated was used.
   */
  warnings: string[];
  /** The entry as the first edge listing it sent it. */
  raw: ModelInfo;
}

/** Reads one edge's model list; rejects when the edge could not be asked. */
export type ModelListReader = (edge: Candidate) => Promise<ModelInfo[]>;

/**
 * Per-edge model lists, cached for {@link LIVE_CATALOG_TTL_SECONDS} with single-flight loading
 * (concurrent first calls share one request per edge), for at most 256 edges (the route cache's
 * bound; an expired list is dropped). An edge that cannot be asked is left out
 * of the answer, not cached.
 */
export class LiveCatalog {
  readonly #lists: (endpoint: string) => Promise<ModelInfo[]>;
  /** The edge of each load being started (only while `#lists` calls its loader). */
  readonly #byEndpoint = new Map<string, Candidate>();

  constructor(read: ModelListReader) {
    this.#lists = createRouteCache(async (endpoint) => ({
      value: await read(this.#byEndpoint.get(endpoint)!),
      ttlSeconds: LIVE_CATALOG_TTL_SECONDS,
    }));
  }

  /** Every model the given edges serve (as the first edge listing it sent it), with its regions. */
  async served(edges: readonly Candidate[]): Promise<ServedEntry[]> {
    const lists = await Promise.all(
      edges.map((edge) => {
        // The loader reads the edge synchronously; nothing keyed by an endpoint outlives the call.
        this.#byEndpoint.set(edge.endpoint, edge);
        try {
          return this.#lists(edge.endpoint).catch(() => undefined);
        } finally {
          this.#byEndpoint.delete(edge.endpoint);
        }
      }),
    );
    const models = new Map<string, ServedEntry>();
    lists.forEach((list, i) => {
      for (const entry of list ?? []) {
        const known = models.get(entry.id);
        if (known) known.regions.push(edges[i]!.region);
        else models.set(entry.id, { entry, regions: [edges[i]!.region] });
      }
    });
    return [...models.values()];
  }
}

/** A served model as the edges listed it: their entry, and the regions serving it. */
export interface ServedEntry {
  entry: ModelInfo;
  regions: string[];
}

/** A served model with what it can do, from the edge's entry and the built-in table. */
export function describeServed({ entry, regions }: ServedEntry): ServedModel {
  return { ...describe(entry), regions };
}

/** The model list of a `GET /v1/models` body: items with a string `id` (extra fields kept). */
export function modelEntries(body: unknown): ModelInfo[] {
  const data = isRecord(body) && Array.isArray(body.data) ? body.data : [];
  return data.filter((item): item is ModelInfo => isRecord(item) && typeof item.id === 'string');
}

/**
 * `pg_model_type` values by name. A `Map`, never an object literal: a server's `"constructor"`
 * or `"__proto__"` must find nothing, not a prototype's function.
 */
const LIVE_TYPES: ReadonlyMap<string, ModelType> = new Map([
  ['llm', 'chat'],
  ['chat', 'chat'],
  ['embedding', 'embedding'],
  ['tts', 'tts'],
  ['stt', 'stt'],
]);

/**
 * The largest context window taken from an edge, in tokens (ten million; today's models list at
 * most a few hundred thousand). A larger one (`1e300`) is ignored with a warning: a prompt check
 * against it would check nothing.
 */
export const MAX_LIVE_CONTEXT_WINDOW = 10_000_000;

/** Merges what the edge says of a model with the built-in table. */
function describe(entry: ModelInfo): Omit<ServedModel, 'regions'> {
  const builtIn = getModelCapabilities(entry.id);
  const warnings: string[] = [];
  const live = liveFields(entry, warnings);
  const type = live.type ?? builtIn?.type;
  const stated = Object.keys(live).some((key) => key !== 'type');
  if (builtIn) {
    return {
      id: entry.id,
      type,
      capabilities: { ...builtIn, ...live },
      source: stated ? 'live+built-in' : 'built-in',
      raw: entry,
      warnings,
    };
  }
  // A model the table does not know: capabilities only from what the edge states, never guessed.
  if (!stated)
    return { id: entry.id, type, capabilities: undefined, source: 'none', raw: entry, warnings };
  return {
    id: entry.id,
    type,
    capabilities: {
      id: entry.id,
      type: type ?? 'chat',
      ...BASE_CAPABILITIES,
      regions: [],
      ...live,
    },
    source: 'live',
    raw: entry,
    warnings,
  };
}

/** The value of an entry's own field (never one its prototype lends). */
function own(record: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(record, name) ? record[name] : undefined;
}

/**
 * The capability fields an edge's model entry states, under the catalogue's names; what it states
 * out of range is left out and said in `warnings`.
 */
function liveFields(entry: ModelInfo, warnings: string[]): Partial<ModelCapabilities> {
  const out: Partial<ModelCapabilities> = {};
  const typeName = own(entry, 'pg_model_type');
  if (typeof typeName === 'string') {
    const type = LIVE_TYPES.get(typeName);
    if (type) out.type = type;
    else
      warnings.push(
        `pg_model_type ${JSON.stringify(typeName.slice(0, 40))} is not a type this client knows; ignored.`,
      );
  }
  for (const name of ['context_length', 'context_window', 'max_model_len']) {
    const value = own(entry, name);
    if (value === undefined || value === null) continue;
    if (
      typeof value === 'number' &&
      Number.isInteger(value) &&
      value > 0 &&
      value <= MAX_LIVE_CONTEXT_WINDOW
    )
      out.contextWindow = value;
    else
      warnings.push(
        `${name} ${String(value).slice(0, 40)} is not a context window from 1 to ${MAX_LIVE_CONTEXT_WINDOW} tokens; ignored.`,
      );
  }
  const stated = own(entry, 'capabilities');
  if (isRecord(stated)) {
    for (const flag of ['tools', 'reasoning', 'vision'] as const) {
      const value = own(stated, flag);
      if (typeof value === 'boolean') out[flag] = value;
    }
    const structured = own(stated, 'structured_output') ?? own(stated, 'structuredOutput');
    if (typeof structured === 'boolean') out.structuredOutput = structured;
  }
  return out;
}
