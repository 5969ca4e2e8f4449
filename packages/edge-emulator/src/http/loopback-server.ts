import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { AccessPolicy } from './access-policy.js';
import { answerAccess } from './cors.js';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Takes an HTTP upgrade (a WebSocket); false when it is not for this handler. */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean;

/**
 * A node:http server on 127.0.0.1 that tracks its sockets, so `close()` leaves no handle behind
 * and `setDown()` can refuse connections (listener closed) and later listen on the same port again.
 * Only requests for it, from pages the developer meant, get through (see `answerAccess`).
 */
export class LoopbackServer {
  readonly #server: Server;
  readonly #policy: AccessPolicy;
  readonly #sockets = new Set<Socket>();
  #port = 0;
  #listening = false;

  constructor(handler: RequestHandler, policy: AccessPolicy) {
    this.#policy = policy;
    this.#server = createServer((req, res) => {
      if (answerAccess(policy, req, res)) return;
      Promise.resolve(handler(req, res)).catch((error: unknown) => {
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ detail: `Emulator error: ${String(error)}` }));
        } else {
          res.destroy();
        }
      });
    });
    // Streams may idle for a long time during `stall` faults; never time them out server-side.
    this.#server.requestTimeout = 0;
    this.#server.headersTimeout = 0;
    this.#server.keepAliveTimeout = 1_000;
    this.#server.on('connection', (socket: Socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
  }

  /**
   * Routes WebSocket upgrades to `handler`; upgrades it does not take are refused with 404. The
   * access policy holds here too: a page may open a WebSocket to any host, so a socket from an
   * origin or to a host the developer did not mean is refused with 403 before the handler.
   */
  onUpgrade(handler: UpgradeHandler): void {
    this.#server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const { origin, host } = req.headers;
      if (
        !this.#policy.allowsHost(host ?? '') ||
        (origin !== undefined && !this.#policy.allowsOrigin(origin))
      ) {
        socket.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
        return;
      }
      if (handler(req, socket, head)) return;
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    });
  }

  get port(): number {
    return this.#port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  get listening(): boolean {
    return this.#listening;
  }

  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.#server.once('error', onError);
      this.#server.listen(port, '127.0.0.1', () => {
        this.#server.off('error', onError);
        resolve();
      });
    });
    const address = this.#server.address();
    if (address && typeof address === 'object') this.#port = address.port;
    this.#listening = true;
  }

  /** Stops accepting connections and destroys the open ones. */
  async stop(): Promise<void> {
    if (!this.#listening) return;
    this.#listening = false;
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    await closed;
  }

  /** Listens again on the same port after `stop()`. */
  async restart(): Promise<void> {
    if (this.#listening) return;
    await this.listen(this.#port);
  }
}
