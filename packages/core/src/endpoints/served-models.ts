/** The live model catalogue as functions of an edge connection. */
import { readJSON, sendRequest } from '../connection/edge-io.js';
import { internalsOf } from '../connection/edge-internals.js';
import type { PolarGridEdge } from '../connection/polargrid-edge.js';
import {
  describeServed,
  LiveCatalog,
  modelEntries,
  type ServedEntry,
  type ServedModel,
} from '../routing/live-catalog.js';

/** One live catalogue per connection, made on first use (bundles that never ask carry none). */
const catalogs = new WeakMap<PolarGridEdge, LiveCatalog>();

function catalogOf(edge: PolarGridEdge): LiveCatalog {
  let catalog = catalogs.get(edge);
  if (catalog === undefined) {
    const { discoveryTimeout } = internalsOf(edge).config;
    catalog = new LiveCatalog(async (candidate) => {
      // One quick question to exactly this edge: no retries, no failover to another edge.
      const sent = await sendRequest(edge, {
        method: 'GET',
        path: '/v1/models',
        auth: true,
        pin: candidate,
        options: { maxRetries: 0, timeout: discoveryTimeout },
      });
      return modelEntries((await readJSON(sent)).data);
    });
    catalogs.set(edge, catalog);
  }
  return catalog;
}

/**
 * What this connection's edges serve now: `GET /v1/models` on every edge it may use (the
 * routed one and the fallback regions), cached per edge for five minutes with single-flight
 * loading, merged with the built-in table. An edge that does not answer is left out.
 */
export async function listServedModels(
  edge: PolarGridEdge,
  options: { signal?: AbortSignal } = {},
): Promise<ServedModel[]> {
  return (await servedEntries(edge, options)).map(describeServed);
}

/** What the edges list, without the capability merge. */
async function servedEntries(
  edge: PolarGridEdge,
  options: { signal?: AbortSignal } = {},
): Promise<ServedEntry[]> {
  const edges = await internalsOf(edge).transport.router.edges(options);
  const entries = await catalogOf(edge).served(edges);
  internalsOf(edge).lastServed = { at: Date.now(), entries };
  return entries;
}

/** One model of {@link listServedModels}, or `undefined` when no edge serves it now. */
export async function getServedModel(
  edge: PolarGridEdge,
  id: string,
  options: { signal?: AbortSignal } = {},
): Promise<ServedModel | undefined> {
  return (await listServedModels(edge, options)).find((model) => model.id === id);
}
