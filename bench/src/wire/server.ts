/**
 * The loopback server the contenders read from. It must never be the bottleneck: every body is
 * pre-encoded once, bulk streams go out in large slices with backpressure, paced streams write
 * whatever frames are due on each timer tick.
 *
 * Routes:
 * - `POST /s/<scenario>/v1/chat/completions` — the scenario's SSE stream
 * - `POST /s/<scenario>/v1/embeddings` — the embeddings body (float or base64 as asked)
 * - `GET  /v1/route` on a second port — a counting autorouter that sends clients to
 *   `/s/<routeTarget>` (its own origin, because clients resolve `/v1/route` against the origin)
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type EncodedStream, encodeChatStream } from './chunks.ts';
import { type EncodedEmbeddings, encodeEmbeddings } from './embeddings.ts';

export interface ScenarioSpec {
  /** Content chunks in the stream. */
  chunks: number;
  /** `bulk`: as fast as the socket takes it. `paced`: one content frame every `paceMs`. */
  mode: 'bulk' | 'paced';
  paceMs?: number;
}

export interface BenchServerOptions {
  scenarios: Record<string, ScenarioSpec>;
  embeddings?: { count: number; dims: number };
  /** Scenario the autorouter points clients at. */
  routeTarget?: string;
}

export interface BenchServer {
  url: string;
  /** `http://127.0.0.1:PORT/s/<scenario>/v1` */
  baseURL(scenario: string): string;
  autorouterURL: string;
  streams: Record<string, EncodedStream>;
  embeddings: EncodedEmbeddings | undefined;
  /** Autorouter lookups since the last reset. */
  routeLookups(): number;
  resetCounters(): void;
  /** Chat requests served since the last reset. */
  chatRequests(): number;
  close(): Promise<void>;
}

const SLICE = 64 * 1024;

function writeWithBackpressure(res: ServerResponse, whole: Buffer): void {
  let offset = 0;
  const pump = (): void => {
    while (offset < whole.length) {
      const end = Math.min(offset + SLICE, whole.length);
      const ok = res.write(whole.subarray(offset, end));
      offset = end;
      if (!ok) {
        res.once('drain', pump);
        return;
      }
    }
    res.end();
  };
  pump();
}

function writePaced(res: ServerResponse, frames: Buffer[], paceMs: number): void {
  // Frame 0 (role) goes at once; content frame k is due at start + k * paceMs; the closing
  // frames (finish, usage, [DONE]) follow the last content frame.
  const start = performance.now();
  const contentEnd = frames.length - 3;
  let next = 0;
  let closed = false;
  res.on('close', () => {
    closed = true;
  });
  const tick = (): void => {
    if (closed) return;
    const due = Math.floor((performance.now() - start) / paceMs);
    res.cork();
    while (next < frames.length && (next <= due || next > contentEnd)) {
      res.write(frames[next]);
      next++;
    }
    res.uncork();
    if (next >= frames.length) {
      res.end();
      return;
    }
    setTimeout(tick, Math.max(0, start + next * paceMs - performance.now()));
  };
  tick();
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (b: Buffer) => parts.push(b));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startBenchServer(options: BenchServerOptions): Promise<BenchServer> {
  const streams: Record<string, EncodedStream> = {};
  for (const [name, spec] of Object.entries(options.scenarios)) {
    streams[name] = encodeChatStream(spec.chunks);
  }
  const embeddings = options.embeddings
    ? encodeEmbeddings(options.embeddings.count, options.embeddings.dims, 'bench-embed')
    : undefined;
  let lookups = 0;
  let chats = 0;
  let origin = '';

  const server = createServer(async (req, res) => {
    const url = req.url ?? '/';
    try {
      const match = /^\/s\/([^/]+)\/v1\/(chat\/completions|embeddings)(?:\?.*)?$/.exec(url);
      if (req.method !== 'POST' || !match) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `no route ${req.method} ${url}` } }));
        return;
      }
      const body = await readBody(req);
      if (match[2] === 'embeddings') {
        if (!embeddings) throw new Error('embeddings not configured');
        const parsed = JSON.parse(body) as { encoding_format?: string };
        const out =
          parsed.encoding_format === 'base64' ? embeddings.base64Body : embeddings.floatBody;
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': out.length });
        res.end(out);
        return;
      }
      const name = match[1];
      const spec = options.scenarios[name];
      const stream = streams[name];
      if (!spec || !stream) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `no scenario ${name}` } }));
        return;
      }
      chats++;
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        'x-request-id': `req-${chats}`,
      });
      res.flushHeaders();
      if (spec.mode === 'paced') writePaced(res, stream.frames, spec.paceMs ?? 1);
      else writeWithBackpressure(res, stream.whole);
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: String(error) } }));
    }
  });
  const autorouter = createServer(async (req, res) => {
    await readBody(req);
    if (req.method !== 'GET' || !(req.url ?? '').startsWith('/v1/route')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"message":"not found"}');
      return;
    }
    lookups++;
    const target = options.routeTarget ?? Object.keys(options.scenarios)[0];
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        region: 'yto-01',
        name: 'Toronto',
        endpoint: `${origin}/s/${target}`,
        ttl: 300,
      }),
    );
  });
  autorouter.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => autorouter.listen(0, '127.0.0.1', resolve));
  const autorouterPort = (autorouter.address() as AddressInfo).port;
  // Long keep-alive so back-to-back requests never race a server-side socket close.
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  server.maxRequestsPerSocket = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    baseURL: (scenario) => `${origin}/s/${scenario}/v1`,
    autorouterURL: `http://127.0.0.1:${autorouterPort}`,
    streams,
    embeddings,
    routeLookups: () => lookups,
    chatRequests: () => chats,
    resetCounters: () => {
      lookups = 0;
      chats = 0;
    },
    close: async () => {
      for (const s of [server, autorouter]) {
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
    },
  };
}
