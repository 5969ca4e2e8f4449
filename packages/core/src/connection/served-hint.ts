/**
 * The one place that words `model_not_served` (the autorouter knows no edge for a model) for the
 * caller: an embeddings request is told that the public catalogue lists no embedding model
 * (decision D1), and every request what is served instead: when the live catalogue has a recent
 * answer (`listServedModels`, cached five minutes), the message names the models served now. It
 * sends nothing itself: the failed call stays one autorouter request, and without a recent
 * answer the message points to `listServedModels()`.
 */
import type { PolarGridEdge } from './polargrid-edge.js';
import { NotFoundError } from '../errors/error-classes.js';
import { LIVE_CATALOG_TTL_SECONDS, type ServedEntry } from '../routing/live-catalog.js';
import { internalsOf } from './edge-internals.js';

/**
 * What the catalogue last heard, if that is recent (within its cache time), without asking
 * anyone: an error path may name what is served, but never sends requests of its own.
 */
function recentlyServed(edge: PolarGridEdge): ServedEntry[] | undefined {
  const last = internalsOf(edge).lastServed;
  return last && Date.now() - last.at < LIVE_CATALOG_TTL_SECONDS * 1000 ? last.entries : undefined;
}

/** How many served model ids a message lists at most. */
const LISTED = 12;

/**
 * `error` with the endpoint's hint and the served models added to its message and
 * `details.servedModels` (or a pointer to `listServedModels()`), when it says that no edge
 * serves `model`; any other error is returned as it is.
 */
export function explainModelNotServed(
  edge: PolarGridEdge,
  error: unknown,
  model: string,
  endpoint: string | undefined,
): unknown {
  if (!(error instanceof NotFoundError) || error.code !== 'model_not_served') return error;
  const endpointHint =
    endpoint === 'embeddings'
      ? ' The public PolarGrid catalogue lists no embedding model; use an edge that serves one.'
      : '';
  const served = recentlyServed(edge);
  const ids = (served ?? []).map((m) => m.entry.id).filter((id) => id !== model);
  const listed = ids.slice(0, LISTED).join(', ') + (ids.length > LISTED ? ', …' : '');
  const hint =
    served === undefined
      ? ' listServedModels() lists the models served now.'
      : ` Served now: ${listed || 'nothing'}.`;
  return new NotFoundError({
    message: `${error.message}${endpointHint}${hint}`,
    status: error.status,
    code: 'model_not_served',
    type: error.type,
    region: error.region,
    requestId: error.requestId,
    retryable: error.retryable,
    headers: error.headers,
    details: {
      ...(typeof error.details === 'object' && error.details !== null ? error.details : {}),
      ...(served
        ? { servedModels: served.map((m) => ({ id: m.entry.id, regions: m.regions })) }
        : {}),
    },
    url: error.url,
    responseBody: error.responseBody,
    cause: error.cause,
    model,
  });
}
