/**
 * A loopback proxy in front of the emulator (its autorouter and every edge) that records, per
 * request, whether the caller — the Next server — hung up before the response ended. That is how
 * the browser test sees the stop button reach the edge: the route handler aborts its PolarGrid
 * request and the connection to the edge closes mid-stream.
 *
 * The autorouter's answers are rewritten so the routed edge is the proxied one.
 */
import {
  createServer,
  type IncomingMessage,
  request as httpRequest,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EdgeEmulator } from '@polargrid/edge-emulator';

export interface Exchange {
  target: string;
  method: string;
  path: string;
  /** The upstream response ended normally and was fully relayed. */
  completed: boolean;
  /** The caller closed the connection before the response ended. */
  callerHungUp: boolean;
}

export interface EmulatorProxy {
  env: Record<string, string>;
  exchanges: Exchange[];
  close(): Promise<void>;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve(`http://127.0.0.1:${port}`);
    });
  });
}

function forward(
  target: string,
  upstreamBase: string,
  exchanges: Exchange[],
  rewrite?: (body: string) => string,
) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const exchange: Exchange = {
      target,
      method: req.method ?? 'GET',
      path: (req.url ?? '/').split('?')[0] ?? '/',
      completed: false,
      callerHungUp: false,
    };
    exchanges.push(exchange);
    const url = new URL(req.url ?? '/', upstreamBase);
    const upstream = httpRequest(url, { method: req.method, headers: req.headers }, (up) => {
      if (rewrite) {
        const parts: Buffer[] = [];
        up.on('data', (d: Buffer) => parts.push(d));
        up.on('end', () => {
          const body = Buffer.from(rewrite(Buffer.concat(parts).toString('utf8')));
          const headers = { ...up.headers, 'content-length': String(body.length) };
          res.writeHead(up.statusCode ?? 502, headers).end(body);
          exchange.completed = true;
        });
        return;
      }
      res.writeHead(up.statusCode ?? 502, up.headers);
      res.flushHeaders();
      up.on('data', (d: Buffer) => res.write(d));
      up.on('end', () => {
        exchange.completed = true;
        res.end();
      });
      up.on('error', () => res.destroy());
    });
    upstream.on('error', () => res.destroy());
    res.on('close', () => {
      if (!res.writableFinished) {
        exchange.callerHungUp = true;
        upstream.destroy();
      }
    });
    req.pipe(upstream);
  };
}

export async function startEmulatorProxy(emulator: EdgeEmulator): Promise<EmulatorProxy> {
  const exchanges: Exchange[] = [];
  const servers: Server[] = [];
  const edgeProxies: Record<string, string> = {};
  for (const [region, url] of Object.entries(emulator.edgeURLs)) {
    const server = createServer(forward(region, url, exchanges));
    servers.push(server);
    edgeProxies[region] = await listen(server);
  }
  const rewrite = (body: string) => {
    let out = body;
    for (const [region, url] of Object.entries(emulator.edgeURLs)) {
      out = out.split(url).join(edgeProxies[region] as string);
    }
    return out;
  };
  const routerServer = createServer(
    forward('autorouter', emulator.autorouterURL, exchanges, rewrite),
  );
  servers.push(routerServer);
  const autorouterURL = await listen(routerServer);

  return {
    env: {
      POLARGRID_API_KEY: emulator.apiKey,
      POLARGRID_AUTOROUTER_URL: autorouterURL,
      POLARGRID_EDGE_URLS: Object.entries(edgeProxies)
        .map(([region, url]) => `${region}=${url}`)
        .join(','),
    },
    exchanges,
    async close() {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.closeAllConnections();
              s.close(() => resolve());
            }),
        ),
      );
    },
  };
}
