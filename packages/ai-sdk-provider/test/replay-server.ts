import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer of the replay edge. */
export interface ReplayResponse {
  status?: number;
  headers?: Record<string, string>;
  /** The body as written on the wire (SSE text or JSON text). */
  body: string;
  /**
   * `destroy`: write the body, then cut the socket without ending the response. `stall`: write
   * the body and keep the response open until the client goes away (see `hangUps`).
   */
  end?: 'end' | 'destroy' | 'stall';
}

/** A request as the replay edge saw it. */
export interface ReplayRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown;
}

/**
 * A purpose-built loopback edge: answers requests with scripted responses in order (the last one
 * repeats) and records every request, so tests can check both what a malformed stream turns into
 * and what went on the wire.
 */
export interface ReplayServer {
  baseURL: string;
  requests: ReplayRequest[];
  /** Resolves when the client has closed the connection of the n-th stalled response. */
  hangUps: Array<Promise<void>>;
  /** Replaces the script; also clears the recorded requests. */
  script(...responses: ReplayResponse[]): void;
  close(): Promise<void>;
}

export async function startReplayServer(): Promise<ReplayServer> {
  let responses: ReplayResponse[] = [];
  let served = 0;
  const requests: ReplayRequest[] = [];
  const hangUps: Array<Promise<void>> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      requests.push({
        method: req.method ?? '',
        url: new URL(req.url ?? '/', 'http://replay'),
        headers: req.headers,
        body,
        json,
      });
      const answer = responses[Math.min(served++, responses.length - 1)];
      if (answer === undefined) {
        res.writeHead(500).end('no script');
        return;
      }
      const isJson = answer.body.trimStart().startsWith('{');
      res.writeHead(answer.status ?? 200, {
        'content-type': isJson ? 'application/json' : 'text/event-stream',
        'x-request-id': 'req_replay',
        ...answer.headers,
      });
      if (answer.end === 'destroy') {
        res.write(answer.body, () => res.socket?.destroy());
      } else if (answer.end === 'stall') {
        hangUps.push(new Promise((resolve) => res.on('close', () => resolve())));
        res.write(answer.body);
      } else {
        res.end(answer.body);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    hangUps,
    script(...next) {
      responses = next;
      served = 0;
      requests.length = 0;
      hangUps.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const BASE = { id: 'chatcmpl-replay', object: 'chat.completion.chunk', created: 1, model: 'm' };

/** A chat chunk with one choice (`delta`, `finish_reason`), plus any top-level extras. */
export function chunk(
  delta: Record<string, unknown>,
  finishReason: string | null = null,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { ...BASE, choices: [{ index: 0, delta, finish_reason: finishReason }], ...extra };
}

/** SSE text for the given payloads, ending with `[DONE]` unless `done` is false. */
export function sse(payloads: unknown[], { done = true }: { done?: boolean } = {}): string {
  const lines = payloads.map((p) => `data: ${typeof p === 'string' ? p : JSON.stringify(p)}\n\n`);
  if (done) lines.push('data: [DONE]\n\n');
  return lines.join('');
}

/** A non-streamed chat completion body. */
export function completion(
  message: Record<string, unknown>,
  finishReason: string | null,
  usage?: Record<string, unknown>,
): string {
  return JSON.stringify({
    id: 'chatcmpl-replay',
    object: 'chat.completion',
    created: 1,
    model: 'm',
    choices: [
      { index: 0, message: { role: 'assistant', ...message }, finish_reason: finishReason },
    ],
    ...(usage ? { usage } : {}),
  });
}
