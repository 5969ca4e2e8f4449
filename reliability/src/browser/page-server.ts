/**
 * The browser test's origin: a `node:http` server on 127.0.0.1 that serves the page and its
 * bundles, and reverse-proxies the edge emulator under the same origin (`/pg/autorouter/…`,
 * `/pg/edge/<region>/…`).
 *
 * Why a same-origin proxy rather than `--disable-web-security`: PolarGrid's CORS behaviour is
 * undocumented (reference §9 #18), so a page on another origin may not be able to read a real
 * edge's answers (the emulator allows any origin, but that is the emulator's choice, not a
 * documented PolarGrid behaviour). Turning web security off would change how Chromium runs the
 * page (no CORS, no preflights, relaxed origin rules) and prove less; a same-origin proxy is what
 * a real browser app would need today, and the page then runs with Chromium's defaults. The proxy
 * also sees the browser hang up: when the page aborts a stream, its connection to the proxy
 * closes, and the proxy closes its connection to the emulator — recorded per exchange so the
 * test can assert the edge saw the close.
 *
 * The autorouter's answer names the emulator's edge URL; the proxy rewrites that one field to the
 * proxied edge (the region, name and ttl are passed through unchanged).
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request as httpRequest,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request the page sent through the proxy, and how it ended on both sides. */
export interface Exchange {
  /** `autorouter` or the edge's region id. */
  target: string;
  method: string;
  /** The upstream path (without the `/pg/…` prefix or the query). */
  path: string;
  status: number | undefined;
  /** The emulator's whole response reached the browser. */
  completed: boolean;
  /** The browser closed its connection before the response ended. */
  browserHungUp: boolean;
  /** The connection to the emulator closed before the emulator's response ended. */
  upstreamClosedEarly: boolean;
  /** Resolves once both the browser's and the emulator's side of the exchange have closed. */
  closed: Promise<void>;
}

export interface PageServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** What the page passes to a PolarGrid client: the emulator, reached through this origin. */
  connection: { autorouterURL: string; edgeURLs: Record<string, string> };
  exchanges: Exchange[];
  close(): Promise<void>;
}

export interface PageServerOptions {
  /** The page's HTML. */
  html: string;
  /** Scripts served at `/<name>` as JavaScript modules. */
  scripts: Record<string, string>;
  /** The emulator to proxy. */
  autorouterURL: string;
  edgeURLs: Record<string, string>;
}

/** Headers that describe one hop's connection, not the message (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
  'host',
]);

function endToEnd(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}

function readBody(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** The autorouter's JSON answer with its `endpoint` mapped to the proxied edge. */
function rewriteRoute(body: Buffer, proxied: Map<string, string>): Buffer {
  try {
    const answer = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    const endpoint = typeof answer.endpoint === 'string' ? answer.endpoint.replace(/\/+$/, '') : '';
    const mapped = proxied.get(endpoint);
    if (mapped === undefined) return body;
    return Buffer.from(JSON.stringify({ ...answer, endpoint: mapped }));
  } catch {
    // Not JSON (a fault's error page): pass it through as the emulator sent it.
    return body;
  }
}

function listen(server: Server): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server.address() as AddressInfo));
  });
}

/** Starts the server; `close()` ends every connection it holds. */
export async function startPageServer(options: PageServerOptions): Promise<PageServer> {
  const exchanges: Exchange[] = [];
  const upstreams = new Map<string, string>([['autorouter', options.autorouterURL]]);
  for (const [region, url] of Object.entries(options.edgeURLs)) upstreams.set(region, url);
  // Filled once the port is known: emulator edge URL → proxied edge URL.
  const proxiedEdges = new Map<string, string>();

  const proxy = (
    target: string,
    upstreamPath: string,
    req: IncomingMessage,
    res: ServerResponse,
  ) => {
    const base = upstreams.get(target);
    if (base === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`no upstream ${target}`);
      return;
    }
    let markBrowserClosed = (): void => {};
    let markUpstreamClosed = (): void => {};
    const exchange: Exchange = {
      target,
      method: req.method ?? 'GET',
      path: upstreamPath.split('?')[0] ?? upstreamPath,
      status: undefined,
      completed: false,
      browserHungUp: false,
      upstreamClosedEarly: false,
      closed: Promise.all([
        new Promise<void>((r) => {
          markBrowserClosed = r;
        }),
        new Promise<void>((r) => {
          markUpstreamClosed = r;
        }),
      ]).then(() => {}),
    };
    exchanges.push(exchange);

    const url = new URL(upstreamPath, base);
    const upstream = httpRequest(url, {
      method: req.method,
      headers: endToEnd(req.headers),
    });
    let upstreamEnded = false;
    let upstreamFailed = false;
    upstream.on('response', (upRes) => {
      exchange.status = upRes.statusCode;
      upRes.on('end', () => {
        upstreamEnded = true;
      });
      if (target === 'autorouter') {
        readBody(upRes).then(
          (body) => {
            const out = upRes.statusCode === 200 ? rewriteRoute(body, proxiedEdges) : body;
            const headers = endToEnd(upRes.headers);
            headers['content-length'] = String(out.length);
            res.writeHead(upRes.statusCode ?? 502, headers).end(out);
          },
          () => res.destroy(),
        );
        return;
      }
      res.writeHead(upRes.statusCode ?? 502, endToEnd(upRes.headers));
      // Relayed chunk by chunk (an SSE body reaches the page as the emulator writes it), and read
      // to its end even if the browser has gone: `pipe` would pause the emulator's response when
      // the page hangs up, and a paused response cannot tell "closed early" from "stalled".
      upRes.on('data', (chunk: Buffer) => {
        if (!res.destroyed) res.write(chunk);
      });
      upRes.on('end', () => res.end());
      upRes.on('error', () => {
        upstreamFailed = true;
        res.destroy();
      });
    });
    upstream.on('error', () => {
      upstreamFailed = true;
      // A reset or refused edge: the browser sees its connection reset too, as it would direct.
      res.destroy();
    });
    upstream.on('close', () => {
      exchange.upstreamClosedEarly = !upstreamEnded;
      markUpstreamClosed();
    });
    res.on('close', () => {
      exchange.completed = res.writableFinished;
      if (!res.writableFinished) {
        exchange.browserHungUp = !upstreamEnded && !upstreamFailed;
        // Pass the hang-up on: the emulator must see its connection close mid-response.
        upstream.destroy();
      }
      markBrowserClosed();
    });
    req.pipe(upstream);
  };

  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    const edge = /^\/pg\/edge\/([^/]+)(\/.*)$/.exec(path);
    if (edge) return proxy(decodeURIComponent(edge[1]!), edge[2]!, req, res);
    const router = /^\/pg\/autorouter(\/.*)$/.exec(path);
    if (router) return proxy('autorouter', router[1]!, req, res);
    if (req.method === 'GET' && (path === '/' || path === '/index.html')) {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(options.html);
      return;
    }
    const script = req.method === 'GET' ? options.scripts[path.slice(1)] : undefined;
    if (script !== undefined) {
      res.writeHead(200, {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(script);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const { port } = await listen(server);
  const origin = `http://127.0.0.1:${port}`;
  const edgeURLs: Record<string, string> = {};
  for (const [region, url] of Object.entries(options.edgeURLs)) {
    edgeURLs[region] = `${origin}/pg/edge/${encodeURIComponent(region)}`;
    proxiedEdges.set(url.replace(/\/+$/, ''), edgeURLs[region]);
  }
  return {
    origin,
    connection: { autorouterURL: `${origin}/pg/autorouter`, edgeURLs },
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
