/**
 * Pitfall 5: an abort must cancel the HTTP request or stream, not only stop reading it. A
 * purpose-built loopback edge that answers slowly records when the client hangs up.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AIMessageChunk } from '@langchain/core/messages';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ChatPolarGrid } from '../chat_models.js';

interface Exchange {
  stream: boolean;
  written: number;
  /** The client closed the connection before the server finished. */
  hungUp: Promise<void>;
  finished: boolean;
}

const TOTAL_CHUNKS = 200;
let server: Server;
let baseURL: string;
const exchanges: Exchange[] = [];

function chunk(text: string): string {
  return `data: ${JSON.stringify({
    id: 'chatcmpl-slow',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'qwen-3.8-27b',
    choices: [{ index: 0, delta: { content: text }, finish_reason: null }],
  })}\n\n`;
}

function playSlowly(res: ServerResponse, exchange: Exchange) {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const timer = setInterval(() => {
    if (exchange.written === TOTAL_CHUNKS) {
      clearInterval(timer);
      exchange.finished = true;
      res.end('data: [DONE]\n\n');
      return;
    }
    exchange.written++;
    res.write(chunk(`word${exchange.written} `));
  }, 20);
  res.on('close', () => clearInterval(timer));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (part: Buffer) => {
      raw += part.toString('utf8');
    });
    req.on('end', () => {
      const stream = (JSON.parse(raw) as { stream?: boolean }).stream === true;
      let hangUp = () => {};
      const exchange: Exchange = {
        stream,
        written: 0,
        finished: false,
        hungUp: new Promise<void>((resolve) => {
          hangUp = resolve;
        }),
      };
      exchanges.push(exchange);
      res.on('close', () => {
        if (!exchange.finished) hangUp();
      });
      if (stream) playSlowly(res, exchange);
      // Non-streamed: headers would come only after 10 s.
      else setTimeout(() => res.end('{}'), 10_000).unref();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const model = () => new ChatPolarGrid({ apiKey: 'pg_test_key', baseURL, maxRetries: 0 });

describe('abort cancels the request (pitfall 5)', () => {
  test('stream(): aborting after two chunks closes the connection long before the end', async () => {
    const controller = new AbortController();
    const received: AIMessageChunk[] = [];
    const error = await (async () => {
      for await (const part of await model().stream('Hi', { signal: controller.signal })) {
        received.push(part);
        if (received.length === 2) controller.abort();
      }
    })().catch((e: unknown) => e);
    expect((error as Error).name).toMatch(/Abort/);
    expect(received).toHaveLength(2);
    const exchange = exchanges.at(-1)!;
    await exchange.hungUp;
    expect(exchange.finished).toBe(false);
    expect(exchange.written).toBeLessThan(TOTAL_CHUNKS);
  });

  test('invoke(): aborting while waiting for the answer closes the connection', async () => {
    const controller = new AbortController();
    const pending = model().invoke('Hi', { signal: controller.signal });
    while (exchanges.at(-1)?.stream !== false) await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: expect.stringMatching(/Abort/) });
    await exchanges.at(-1)!.hungUp;
  });

  test('streamEvents(): aborting the native stream closes the connection and rejects', async () => {
    // (A `break` alone does not stop it: core's ChatModelStream reads its source to the end for
    // its other views (`.text`, `.toolCalls`, the message); the signal is the way to cancel.)
    const controller = new AbortController();
    const stream = model().streamEvents('Hi', { signal: controller.signal });
    let deltas = 0;
    const error = await (async () => {
      for await (const event of stream) {
        if (event.event === 'content-block-delta' && ++deltas === 2) controller.abort();
      }
    })().catch((e: unknown) => e);
    expect((error as Error).name).toMatch(/Abort/);
    await expect(stream).rejects.toMatchObject({ name: expect.stringMatching(/Abort/) });
    const exchange = exchanges.at(-1)!;
    await exchange.hungUp;
    expect(exchange.finished).toBe(false);
  });
});
