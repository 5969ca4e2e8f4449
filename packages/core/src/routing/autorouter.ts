import { isRecord, tryParseJSON } from '../util/safe-json.js';
import { attemptSignal } from '../util/abort.js';

/** The autorouter's answer, validated. */
export interface AutorouterAnswer {
  region: string;
  name: string | undefined;
  endpoint: string;
  /** Seconds (the docs do not give units; seconds is the natural reading). */
  ttl: number;
}

/** Why a lookup failed; the router then falls back to its default region order. */
export class AutorouterFailure extends Error {
  override name = 'AutorouterFailure';
}

/**
 * `GET {autorouterURL}/v1/route[?model=]`. Sends no key and no caller headers: the autorouter is
 * a cacheable CloudFront endpoint and never needs credentials.
 */
export async function lookupRoute(
  fetchImpl: typeof fetch,
  autorouterURL: string,
  model: string | undefined,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<AutorouterAnswer> {
  // Appended, not resolved against the origin: an autorouter behind a path prefix keeps it.
  const url = new URL(`${autorouterURL.replace(/\/+$/, '')}/v1/route`);
  if (model) url.searchParams.set('model', model);
  const attempt = attemptSignal(signal, timeoutMs);
  try {
    let res: Response;
    try {
      res = await fetchImpl(url, {
        method: 'GET',
        headers: { accept: 'application/json' },
        signal: attempt.signal,
      });
    } catch (error) {
      throw new AutorouterFailure(
        attempt.timedOut
          ? `autorouter did not answer within ${timeoutMs} ms`
          : `autorouter unreachable: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    let text: string;
    try {
      text = await res.text();
    } catch {
      throw new AutorouterFailure(
        attempt.timedOut
          ? `autorouter did not answer within ${timeoutMs} ms`
          : 'autorouter body read failed',
      );
    }
    if (!res.ok) throw new AutorouterFailure(`autorouter answered ${res.status}`);
    const body = tryParseJSON(text);
    if (!isRecord(body) || typeof body.region !== 'string' || typeof body.endpoint !== 'string') {
      throw new AutorouterFailure('autorouter answered something that is not a route');
    }
    const ttl =
      typeof body.ttl === 'number' && Number.isFinite(body.ttl) && body.ttl >= 0 ? body.ttl : 300;
    return {
      region: body.region.toLowerCase(),
      name: typeof body.name === 'string' ? body.name : undefined,
      endpoint: body.endpoint.replace(/\/+$/, '').replace(/\/v1$/, ''),
      ttl,
    };
  } finally {
    attempt.disarm();
  }
}
