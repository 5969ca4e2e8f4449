import { attemptSignal } from '../util/abort.js';
import { errorText } from '../util/logger.js';
import { isRecord, tryParseJSON } from '../util/safe-json.js';

/** The autorouter's answer, validated. */
export interface AutorouterAnswer {
  region: string;
  name: string | undefined;
  /** Base URL without `/v1` and without a trailing slash. */
  endpoint: string;
  /** Seconds (the docs do not give units; seconds is the natural reading). */
  ttl: number;
}

/**
 * `GET {autorouterURL}/v1/route[?model=]`. Sends no key and no caller headers: the autorouter is
 * a cacheable CloudFront endpoint and never needs credentials. `autorouterURL` has no trailing
 * slash (the config drops it). Rejects with an `Error` saying why; the router then falls back to
 * its default region order.
 */
export async function lookupRoute(
  fetchImpl: typeof fetch,
  autorouterURL: string,
  model: string | undefined,
  timeoutMs: number,
): Promise<AutorouterAnswer> {
  // Appended, not resolved against the origin: an autorouter behind a path prefix keeps it.
  const url = `${autorouterURL}/v1/route${model ? `?model=${encodeURIComponent(model)}` : ''}`;
  // The timeout covers the body too: a lookup is small and must never hold a request up.
  const attempt = attemptSignal(undefined, timeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(url, {
      headers: { accept: 'application/json' },
      signal: attempt.signal,
    });
    text = await response.text();
  } catch (error) {
    throw new Error(
      attempt.timedOut
        ? `autorouter did not answer within ${timeoutMs} ms`
        : `autorouter unreachable: ${errorText(error)}`,
    );
  } finally {
    attempt.disarm();
  }
  if (!response.ok) throw new Error(`autorouter answered ${response.status}`);
  const body = tryParseJSON(text);
  if (!isRecord(body) || typeof body.region !== 'string' || typeof body.endpoint !== 'string') {
    throw new Error('autorouter answer is not a route');
  }
  const { ttl, name } = body;
  return {
    region: body.region.toLowerCase(),
    name: typeof name === 'string' ? name : undefined,
    endpoint: body.endpoint.replace(/(\/v1)?\/*$/, ''),
    ttl: typeof ttl === 'number' && ttl >= 0 && ttl < Infinity ? ttl : 300,
  };
}
