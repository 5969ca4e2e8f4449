import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { APICallError, experimental_streamSpeech as streamSpeech } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import { createPolarGrid } from '../src/index.js';

/** A purpose-built speech edge: `handle` gets each sentence's input. */
let server: Server | undefined;
let open = 0;
let closedByClient = 0;
async function edge(handle: (input: string, res: ServerResponse) => void | Promise<void>) {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      open += 1;
      res.on('close', () => {
        if (!res.writableFinished) closedByClient += 1;
      });
      const { input } = JSON.parse(Buffer.concat(chunks).toString()) as { input: string };
      void handle(input, res);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return createPolarGrid({ apiKey: 'pg_test_key_123456', baseURL: `http://127.0.0.1:${port}` });
}
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  open = 0;
  closedByClient = 0;
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('experimental_streamSpeech against purpose-built edges', () => {
  it('a failed sentence is a non-fatal error part; the rest still comes, in order', async () => {
    const pg = await edge((input, res) => {
      if (input.startsWith('Two')) {
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ detail: 'Speech synthesis failed' }));
        return;
      }
      res.writeHead(200, { 'content-type': 'audio/pcm', 'x-pg-first-byte-ms': '40' });
      res.end(Buffer.from(input.startsWith('One') ? [1, 1] : [3, 3]));
    });
    const errors: unknown[] = [];
    const result = streamSpeech({
      model: pg.speech('kokoro-82m'),
      text: 'One is fine. Two fails. Three is fine too.',
      voice: 'af_bella',
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    const parts: string[] = [];
    for await (const part of result.fullStream) {
      parts.push(part.type === 'audio' ? `audio ${part.id}:${part.audio.join(',')}` : part.type);
    }
    expect(parts).toEqual(['audio 0:1,1', 'error', 'audio 2:3,3']);
    expect(errors).toHaveLength(1);
    expect(APICallError.isInstance(errors[0])).toBe(true);
    expect(errors[0]).toMatchObject({ statusCode: 502 });
    expect(await result.usage).toMatchObject({ raw: { sentences: 3, failedSentences: 1 } });
  });

  it('an abort cancels every request in flight and the text stream', async () => {
    const pg = await edge(async (_input, res) => {
      res.writeHead(200, { 'content-type': 'audio/pcm' });
      while (!res.destroyed) {
        res.write(Buffer.from([1, 2]));
        await sleep(20);
      }
    });
    let textCancelled = false;
    const text = new ReadableStream<string>({
      start(controller) {
        controller.enqueue('First sentence. Second sentence. ');
      },
      cancel() {
        textCancelled = true;
      },
    });
    const controller = new AbortController();
    const result = streamSpeech({
      model: pg.speech('kokoro-82m'),
      text,
      voice: 'af_bella',
      abortSignal: controller.signal,
    });
    const reader = result.audioStream.getReader();
    await reader.read();
    await sleep(40);
    expect(open).toBe(2);
    controller.abort();
    await expect(
      (async () => {
        for (;;) if ((await reader.read()).done) return;
      })(),
    ).rejects.toThrow();
    await expect.poll(() => closedByClient).toBe(2);
    expect(textCancelled).toBe(true);
  });

  it('an authentication failure ends the stream with the typed error', async () => {
    const pg = await edge((_input, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: { message: 'Invalid API key', type: 'authentication_error' } }),
      );
    });
    const result = streamSpeech({
      model: pg.speech('kokoro-82m'),
      text: 'One. Two.',
      voice: 'af_bella',
    });
    await expect(result.usage).rejects.toMatchObject({ statusCode: 401 });
  });
});
