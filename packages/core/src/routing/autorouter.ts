import { ConfigurationError, NotFoundError } from '../errors/error-classes.js';
import { parseErrorBody } from '../errors/parse-error-body.js';
import { readBodyText } from '../io/read-body.js';
import { isRedirect, redirectRefused } from '../io/redirect.js';
import { polarGridEdgeRegion } from '../regions/table.js';
import { attemptSignal } from '../util/abort.js';
import { errorText } from '../util/logger.js';
import { isRecord, tryParseJSON } from '../util/safe-json.js';
import { type Candidate, candidate, describeCandidate, edgeURL, fallbacks } from './candidate.js';
import type { Loaded } from './route-cache.js';
import type { RouterConfig } from './router-config.js';

/**
 * How long a fallback decision (autorouter down or garbage) is remembered, in seconds, so a dead
 * autorouter costs one discovery timeout per half minute rather than one per request.
 */
export const FALLBACK_TTL_SECONDS = 30;

/** The longest autorouter `ttl` honoured, in seconds (a day); a larger one is ignored. */
export const MAX_ROUTE_TTL_SECONDS = 86_400;

/**
 * Asks the autorouter for the edge of `model` (`''` or undefined for none): `GET {autorouterURL}/v1/route[?model=]`, within
 * `discoveryTimeout` (headers and body together; no redirect is followed). Sends no key and no
 * caller headers: the autorouter is a cacheable CloudFront endpoint and never needs credentials.
 * The answer is kept for its `ttl` (seconds).
 *
 * A 404 to a lookup with a model means no edge serves that model: that is the answer, a
 * {@link NotFoundError} (`model_not_served`) after this one request, not a fallback edge that
 * would only say "not loaded". When the autorouter is unreachable, slow, or answers anything else
 * but a usable route, the first fallback region with an edge URL is used (and kept for
 * {@link FALLBACK_TTL_SECONDS}).
 */
export async function discoverRoute(
  config: RouterConfig,
  model: string | undefined,
): Promise<Loaded<Candidate>> {
  try {
    return await askAutorouter(config, model);
  } catch (error) {
    if (error instanceof NotFoundError) throw error;
    const reason = errorText(error);
    const fallback = fallbacks(config, 'fallback')[0];
    if (!fallback) {
      throw new ConfigurationError({
        message: `Auto-routing failed (${reason}) and no fallback region has an edge URL.`,
        code: 'no_route',
      });
    }
    config.log(
      `Auto-routing failed (${reason}); falling back to ${describeCandidate(fallback)} from the default region order`,
    );
    return { value: fallback, ttlSeconds: FALLBACK_TTL_SECONDS };
  }
}

/** One autorouter lookup; any failure but "no edge serves the model" throws a plain `Error`. */
async function askAutorouter(
  config: RouterConfig,
  model: string | undefined,
): Promise<Loaded<Candidate>> {
  const { log, discoveryTimeout } = config;
  // Appended, not resolved against the origin: an autorouter behind a path prefix keeps it
  // (the config has dropped its trailing slash).
  const url = `${config.autorouterURL}/v1/route${model ? `?model=${encodeURIComponent(model)}` : ''}`;
  // The timeout covers the body too: a lookup is small and must never hold a request up.
  const attempt = attemptSignal(undefined, discoveryTimeout);
  let response: Response;
  let text: string;
  try {
    response = await config.fetch(url, {
      headers: { accept: 'application/json' },
      redirect: 'manual',
      signal: attempt.signal,
    });
    if (isRedirect(response)) {
      response.body?.cancel().catch(() => {});
      throw redirectRefused(response, url, 'The autorouter', undefined);
    }
    ({ text } = await readBodyText(response.body, {
      kind: response.ok ? 'route' : 'error',
      // The idle deadline of the autorouter's answer is the discovery timeout.
      streamIdleTimeout: discoveryTimeout,
      totalMs: 0,
      signal: attempt.signal,
      source: { from: 'The autorouter', status: response.status, retryable: true },
    }));
  } catch (error) {
    throw new Error(
      attempt.timeout.aborted
        ? `autorouter did not answer within ${discoveryTimeout} ms`
        : `autorouter unreachable: ${errorText(error)}`,
    );
  } finally {
    attempt.disarm();
  }
  if (response.status === 404 && model) throw modelNotServed(model, text, url);
  if (!response.ok) throw new Error(`autorouter answered ${response.status}`);
  const body = tryParseJSON(text);
  if (!isRecord(body) || typeof body.region !== 'string' || typeof body.endpoint !== 'string')
    throw new Error('autorouter answer is not a route');
  const { name, ttl } = body;
  const region = body.region.toLowerCase();
  let endpoint = body.endpoint.replace(/(\/v1)?\/*$/, '');
  if (!config.autorouterTrusted && !polarGridEdgeRegion(endpoint))
    throw new Error(`autorouter endpoint ${endpoint} is not an https PolarGrid edge`);
  // Not a URL (only a trusted autorouter gets here with one): the region's edge URL is used.
  if (!/^https?:\/\//.test(endpoint)) {
    const mapped = edgeURL(config, region);
    if (!mapped) throw new Error(`autorouter endpoint ${endpoint} is not a URL`);
    endpoint = mapped;
  }
  const route = candidate(
    region,
    endpoint,
    'autorouter',
    typeof name === 'string' ? name : undefined,
  );
  log(`Auto-routing: selected ${describeCandidate(route)}${model ? ` for ${model}` : ''}`);
  // `ttl` is undocumented in units; seconds is the natural reading. A day at most: a route
  // kept for `1e300` seconds would never be asked again.
  const usable = typeof ttl === 'number' && ttl >= 0 && ttl <= MAX_ROUTE_TTL_SECONDS;
  if (ttl !== undefined && !usable)
    log(
      `Auto-routing: ignored ttl ${String(ttl).slice(0, 40)} (not 0 to ${MAX_ROUTE_TTL_SECONDS} s); kept for 300 s`,
    );
  return { value: route, ttlSeconds: usable ? ttl : 300 };
}

/** The autorouter's 404 for a model: no edge serves it (PolarGrid documents that answer). */
function modelNotServed(model: string, bodyText: string, url: string): NotFoundError {
  const said = parseErrorBody(bodyText).message;
  return new NotFoundError({
    message: `No PolarGrid edge serves model "${model}": the autorouter answered 404${said ? ` (${said})` : ''}. Check the model id; listModels() shows what an edge serves.`,
    status: 404,
    code: 'model_not_served',
    model,
    url,
    responseBody: bodyText || undefined,
    retryable: false,
  });
}
