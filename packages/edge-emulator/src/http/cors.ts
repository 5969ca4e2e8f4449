import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessPolicy } from './access-policy.js';

/**
 * Applies the {@link AccessPolicy} before anything else, then CORS, so an allowed page (a
 * loopback dev server, a test page) can call the emulator with `dangerouslyAllowBrowser`.
 * PolarGrid does not document its CORS policy (reference §9, item 18); a browser client needs
 * exactly this much from an edge and from the autorouter:
 * - a request with a Host that is not the emulator's, or from a page on an origin that is not
 *   allowed, gets 403 and nothing else (no CORS headers, not recorded, no fault, no model);
 * - every response to an allowed `Origin` allows that origin and exposes its headers
 *   (`x-request-id`, `X-Pg-First-Byte-Ms`, `Retry-After`, … are read by clients);
 * - a preflight (`OPTIONS` with `Access-Control-Request-Method`) is answered 204 with the asked-for
 *   method and headers (a `*` would not cover `Authorization`), before any auth or fault, and is
 *   not recorded: it is the browser's, not the client's.
 *
 * Returns true when the request has been answered here.
 */
export function answerAccess(
  policy: AccessPolicy,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  const host = req.headers.host;
  if (host !== undefined && !policy.allowsHost(host)) {
    return refuse(
      res,
      `Host '${host}' is not served by the emulator (it answers loopback names only, against DNS rebinding); start it with --allow-host to serve another name`,
    );
  }
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  if (!policy.allowsOrigin(origin)) {
    return refuse(
      res,
      `Origin '${origin}' is not allowed by the emulator (loopback pages only); start it with --cors-origin ${origin} to allow it`,
    );
  }
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

function refuse(res: ServerResponse, detail: string): true {
  const body = JSON.stringify({ detail });
  res.writeHead(403, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(body);
  return true;
}
