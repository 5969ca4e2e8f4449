/**
 * An unknown model's error, told what is served instead: when routing finds no edge for a
 * model, the live catalogue (one quick `GET /v1/models` per edge, cached) lists the models that
 * are served now, so the message says what to ask for.
 */
import type { PolarGridEdge } from '../client/polargrid-edge.js';
import { NotFoundError } from '../errors/error-classes.js';
import { servedEntries } from '../endpoints/served-models.js';

/** How many served model ids a message lists at most. */
const LISTED = 12;

/**
 * `error` with the served models added to its message and `details.servedModels`, when it says
 * that no edge serves `model`; any other error, or a catalogue that cannot be read, leaves it
 * as it is.
 */
export async function withServedModels(
  edge: PolarGridEdge,
  error: unknown,
  model: string,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  if (!(error instanceof NotFoundError) || error.code !== 'model_not_served') return error;
  const served = await servedEntries(edge, { signal }).catch(() => undefined);
  if (served === undefined || served.length === 0) return error;
  const ids = served.map((m) => m.entry.id).filter((id) => id !== model);
  const listed = ids.slice(0, LISTED).join(', ') + (ids.length > LISTED ? ', …' : '');
  return new NotFoundError({
    message: `${error.message} Served now: ${listed}.`,
    status: error.status,
    code: error.code,
    type: error.type,
    region: error.region,
    requestId: error.requestId,
    retryable: error.retryable,
    headers: error.headers,
    details: {
      ...(typeof error.details === 'object' && error.details !== null ? error.details : {}),
      servedModels: served.map((m) => ({ id: m.entry.id, regions: m.regions })),
    },
    url: error.url,
    responseBody: error.responseBody,
    cause: error.cause,
    model,
  });
}
