import { createServer, type Server, type Socket } from 'node:net';

/** A loopback port nothing listens on (bound, then closed): connections are refused. */
export async function refusedURL(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** A loopback server that accepts connections and never answers; counts them. */
export async function silentServer(): Promise<{
  url: string;
  connections: () => number;
  close: () => Promise<void>;
}> {
  const sockets = new Set<Socket>();
  let count = 0;
  const server: Server = createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => count,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A fetch that counts the requests it sends, by origin. */
export function countingFetch(): { fetch: typeof fetch; sent: (origin: string) => number } {
  const counts = new Map<string, number>();
  return {
    fetch: (input, init) => {
      const origin = new URL(input instanceof Request ? input.url : String(input)).origin;
      counts.set(origin, (counts.get(origin) ?? 0) + 1);
      return fetch(input, init);
    },
    sent: (origin) => counts.get(new URL(origin).origin) ?? 0,
  };
}
