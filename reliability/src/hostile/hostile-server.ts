/**
 * A loopback HTTP server that misbehaves in exactly the way one test asks: the test hands it a
 * handler (plain `node:http`), and the server records every request that reached it, so a cell
 * can count attempts ("no retry storm", "the redirect target got nothing"). `close()` destroys
 * every socket, which also ends any response the handler left stalled on purpose.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ReceivedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** `performance.now()` when the request had fully arrived. */
  at: number;
}

export type HostileHandler = (
  req: ReceivedRequest,
  res: ServerResponse,
  server: HostileServer,
) => void | Promise<void>;

export interface HostileServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  origin: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startHostileServer(handler: HostileHandler): Promise<HostileServer> {
  const sockets = new Set<Socket>();
  const requests: ReceivedRequest[] = [];
  const handle: HostileServer = {
    url: '',
    origin: '',
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      return; // the client went away while sending
    }
    const received: ReceivedRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      at: performance.now(),
    };
    requests.push(received);
    req.socket.setNoDelay(true);
    try {
      await handler(received, res, handle);
    } catch {
      if (!res.destroyed) res.destroy();
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  handle.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  handle.origin = handle.url;
  return handle;
}

/** Resolves after `ms`, or at once when the response was closed by the client. */
export function pause(res: ServerResponse, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    res.on('close', done);
  });
}

/** Writes `parts` one by one, `gapMs` apart, stopping when the client hangs up. */
export async function trickle(res: ServerResponse, parts: readonly string[], gapMs: number) {
  for (const part of parts) {
    if (res.destroyed) return;
    res.write(part);
    await pause(res, gapMs);
  }
}

/** Never ends the response: writes `part` every `gapMs` until the client hangs up. */
export async function forever(res: ServerResponse, part: string, gapMs: number) {
  while (!res.destroyed && !res.writableEnded) {
    res.write(part);
    await pause(res, gapMs);
  }
}
