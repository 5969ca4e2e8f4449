import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * CORS, so a page on another origin (a loopback dev server, a test page) can call the emulator
 * with `dangerouslyAllowBrowser`. PolarGrid does not document its CORS policy (reference §9, item
 * 18); a browser client needs exactly this much from an edge and from the autorouter:
 * - every response to a request with an `Origin` allows that origin and exposes its headers
 *   (`x-request-id`, `X-Pg-First-Byte-Ms`, `Retry-After`, … are read by clients);
 * - a preflight (`OPTIONS` with `Access-Control-Request-Method`) is answered 204 with the asked-for
 *   method and headers (a `*` would not cover `Authorization`), before any auth or fault, and is
 *   not recorded: it is the browser's, not the client's.
 *
 * Returns true when the request was a preflight and has been answered.
 */
export function answerCors(req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
  // `*` exposes every header to requests without credentials, which is how clients call PolarGrid.
  res.setHeader('access-control-expose-headers', '*');
  const method = req.headers['access-control-request-method'];
  if (req.method !== 'OPTIONS' || method === undefined) return false;
  const headers = req.headers['access-control-request-headers'];
  res.writeHead(204, {
    'access-control-allow-methods': method,
    ...(headers !== undefined ? { 'access-control-allow-headers': headers } : {}),
    'access-control-max-age': '600',
    'content-length': '0',
  });
  res.end();
  return true;
}
