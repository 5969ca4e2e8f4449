/**
 * Redirects are never followed. Requests go out with `redirect: 'manual'`, and a 3xx answer (or
 * a browser's opaque redirect, status 0) becomes an error here: a prompt goes only to a host the
 * routing rules chose, never to wherever a server points (a 307/308 would re-send the whole
 * POST body, key included, to any host, plain http included).
 */
import { APIStatusError } from '../errors/error-classes.js';
import type { PolarGridError } from '../errors/polargrid-error.js';
import { headersToRecord, requestIdFrom } from '../util/headers.js';

/** True for a 3xx answer and for a browser's opaque redirect (`type` `opaqueredirect`, status 0). */
export function isRedirect(response: Response): boolean {
  return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);
}

/** The origin (`scheme://host:port`) a `Location` points to, resolved against the request URL. */
function targetOrigin(location: string | null, requestURL: string): string | undefined {
  if (!location) return undefined;
  try {
    return new URL(location, requestURL).origin;
  } catch {
    return undefined;
  }
}

/**
 * The error for a redirect answer from `from` (e.g. `PolarGrid edge yto-01`). It names the
 * target's origin only: the full `Location` may carry a query with anything in it, so the
 * attached headers hold the origin in its place. Never retried.
 */
export function redirectRefused(
  response: Response,
  requestURL: string,
  from: string,
  region: string | undefined,
): PolarGridError {
  const origin = targetOrigin(response.headers.get('location'), requestURL);
  const headers = headersToRecord(response.headers);
  if (headers.location !== undefined) headers.location = origin ?? '[unreadable]';
  const status = response.status || undefined;
  const target = origin ?? (status ? 'an unreadable location' : 'a location the browser hides');
  return new APIStatusError({
    message: `${from} answered with a redirect${status ? ` (${status})` : ''} to ${target}. Redirects are never followed: the request goes only to the edge the routing chose.`,
    code: 'redirect_refused',
    status,
    region,
    requestId: requestIdFrom(headers),
    headers,
    details: { location: origin },
    retryable: false,
  });
}
