/**
 * A purpose-built autorouter on loopback whose answer a test sets, plus a `fetch` that plays the
 * public internet: `https://autorouter.polargrid.ai` goes to this fake, genuine
 * `https://api.<region>.edge.polargrid.ai` edges go to the emulator's, and anything else is
 * recorded as an escape and refused (as an unreachable host would be).
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FakeAutorouter {
  url: string;
  /** The raw JSON text answered to `GET /v1/route`. */
  answer: string;
  requests: { url: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

export async function startFakeAutorouter(): Promise<FakeAutorouter> {
  const sockets = new Set<Socket>();
  const handle: FakeAutorouter = {
    url: '',
    answer: '{}',
    requests: [],
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req, res) => {
    handle.requests.push({ url: req.url ?? '', headers: req.headers });
    if (req.method !== 'GET' || !(req.url ?? '').startsWith('/v1/route')) {
      res.writeHead(403, { 'content-type': 'application/json' }).end('{"Message": null}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(handle.answer);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  handle.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return handle;
}

export interface InternetFetch {
  fetch: typeof fetch;
  /** Every URL asked for, as the client wrote it. */
  asked: string[];
  /** URLs outside the PolarGrid domains (refused). */
  escaped: string[];
}

const EDGE = /^api\.([a-z]{3}-\d{2})\.edge\.polargrid\.ai$/;

export function internetFetch(
  autorouterURL: string,
  edgeURLs: Record<string, string>,
): InternetFetch {
  const asked: string[] = [];
  const escaped: string[] = [];
  const wrapped = async (input: RequestInfo | URL, init?: RequestInit) => {
    const raw = input instanceof Request ? input.url : String(input);
    asked.push(raw);
    const url = new URL(raw);
    const genuine = url.protocol === 'https:' && url.port === '' && !url.username && !url.password;
    let target: string | undefined;
    if (genuine && url.hostname === 'autorouter.polargrid.ai') target = autorouterURL;
    const edge = genuine ? EDGE.exec(url.hostname)?.[1] : undefined;
    if (edge !== undefined) target = edgeURLs[edge];
    if (target === undefined) {
      escaped.push(raw);
      throw new TypeError(`fetch failed: ${url.host} is not reachable from this test`);
    }
    return fetch(target + url.pathname + url.search, init);
  };
  return { fetch: wrapped as typeof fetch, asked, escaped };
}
