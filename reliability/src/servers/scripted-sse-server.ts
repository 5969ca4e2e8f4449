/**
 * A loopback server that plays back, byte for byte, whatever a test scripted for a request: a list
 * of byte segments, each written and flushed on its own (so the client really sees those TCP
 * chunkings), then a clean end or a socket reset. Requests pick their script by `x-script-id`.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Script {
  status?: number;
  headers?: Record<string, string>;
  segments: Uint8Array[];
  /** How the response ends after the last segment. */
  ending: 'end' | 'reset';
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface ScriptedServer {
  url: string;
  requests: RecordedRequest[];
  /** Registers a script and returns its id. */
  add(script: Script): string;
  /** A fixed answer for every request without a script id. */
  fallback: Script | undefined;
  close(): Promise<void>;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function startScriptedServer(): Promise<ScriptedServer> {
  const scripts = new Map<string, Script>();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let nextId = 0;
  const handle: ScriptedServer = {
    url: '',
    requests,
    fallback: undefined,
    add(script) {
      const id = String(nextId++);
      scripts.set(id, script);
      return id;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    requests.push({
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    });
    const id = req.headers['x-script-id'];
    const script = (typeof id === 'string' ? scripts.get(id) : undefined) ?? handle.fallback;
    if (typeof id === 'string') scripts.delete(id);
    if (!script) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('no script');
      return;
    }
    req.socket.setNoDelay(true);
    res.writeHead(script.status ?? 200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      'x-request-id': `req_script_${id ?? 'fallback'}`,
      ...script.headers,
    });
    res.flushHeaders();
    for (const segment of script.segments) {
      if (res.destroyed) return;
      res.write(segment);
      await tick();
    }
    if (script.ending === 'reset') {
      res.socket?.resetAndDestroy();
      return;
    }
    res.end();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  handle.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return handle;
}

/** Cuts `bytes` at the given offsets (taken modulo its length, deduplicated, sorted). */
export function cutBytes(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  if (bytes.length === 0) return [];
  const points = [...new Set(cuts.map((c) => c % bytes.length))]
    .filter((c) => c > 0)
    .sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let start = 0;
  for (const p of points) {
    out.push(bytes.subarray(start, p));
    start = p;
  }
  out.push(bytes.subarray(start));
  return out;
}
