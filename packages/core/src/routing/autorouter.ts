import { ConfigurationError } from '../errors/error-classes.js';
import { polarGridEdgeRegion } from '../regions/table.js';
import { attemptSignal } from '../util/abort.js';
import { errorText } from '../util/logger.js';
import { isRecord, tryParseJSON } from '../util/safe-json.js';
import { type Candidate, candidate, describeCandidate, edgeURL, fallbacks } from './candidate.js';
import type { Loaded } from './route-cache.js';
import type { RouterConfig } from './router.js';

/**
 * How long a fallback decision (autorouter down or garbage) is remembered, in seconds, so a dead
 * autorouter costs one discovery timeout per half minute rather than one per request.
 */
export const FALLBACK_TTL_SECONDS = 30;

/**
 * Asks the autorouter for the edge of `model` (`''` or undefined for none): `GET {autorouterURL}/v1/route[?model=]`, within
 * `discoveryTimeout`. Sends no key and no caller headers: the autorouter is a cacheable CloudFront
 * endpoint and never needs credentials. The answer is kept for its `ttl` (seconds). When the
 * autorouter is unreachable, slow, or answers anything but a usable route, the first fallback
 * region with an edge URL is used (and kept for {@link FALLBACK_TTL_SECONDS}).
 */
export async function discoverRoute(
  config: RouterConfig,
  model: string | undefined,
): Promise<Loaded<Candidate>> {
  const { log, discoveryTimeout } = config;
  try {
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
        signal: attempt.signal,
      });
      text = await response.text();
    } catch (error) {
      throw new Error(
        attempt.timeout.aborted
          ? `autorouter did not answer within ${discoveryTimeout} ms`
          : `autorouter unreachable: ${errorText(error)}`,
      );
    } finally {
      attempt.disarm();
    }
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
    // `ttl` is undocumented in units; seconds is the natural reading.
    return {
      value: route,
      ttlSeconds: typeof ttl === 'number' && ttl >= 0 && ttl < Infinity ? ttl : 300,
    };
  } catch (error) {
    const reason = errorText(error);
    const fallback = fallbacks(config, 'fallback')[0];
    if (!fallback) {
      throw new ConfigurationError({
        message: `Auto-routing failed (${reason}) and no fallback region has an edge URL.`,
        code: 'no_route',
      });
    }
    log(
      `Auto-routing failed (${reason}); falling back to ${describeCandidate(fallback)} from the default region order`,
    );
    return { value: fallback, ttlSeconds: FALLBACK_TTL_SECONDS };
  }
}
