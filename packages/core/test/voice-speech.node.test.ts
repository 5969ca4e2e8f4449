import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type SpeechFromTextEvent, streamSpeechFromText } from '../src/voice/speech-from-text.js';
import { json, KEY, startServer, type TestServer } from './helpers/server.js';
import { PolarGridEdge } from '../src/index.js';

const servers: TestServer[] = [];
async function server(...args: Parameters<typeof startServer>) {
  const s = await startServer(...args);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const SPEECH = { model: 'kokoro-82m', voice: 'af_bella' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const inputOf = (body: string) => (JSON.parse(body) as { input: string }).input;

async function collect<T>(stream: ReadableStream<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const e of stream) out.push(e);
  return out;
}

/** Streams one byte per sentence number, `count` times, `gapMs` apart. */
async function speak(res: ServerResponse, byte: number, count = 3, gapMs = 5) {
  res.writeHead(200, { 'content-type': 'audio/pcm', 'x-pg-first-byte-ms': '12' });
  for (let i = 0; i < count; i++) {
    res.write(Buffer.from([byte]));
    await sleep(gapMs);
  }
  res.end();
}

const summary = (events: SpeechFromTextEvent[]) =>
  events.map((e) =>
    e.type === 'audio'
      ? `audio ${e.index}:${e.audio[0]}`
      : 'index' in e
        ? `${e.type} ${e.index}`
        : e.type,
  );

describe('streamSpeechFromText against purpose-built edges', () => {
  it('reports a failed sentence (502) in its place and goes on with the rest, in order', async () => {
    const edge = await server(async (_req, res, body) => {
      const input = inputOf(body);
      if (input.startsWith('Two')) return json(res, 502, { detail: 'Speech synthesis failed' });
      await speak(res, input.startsWith('One') ? 1 : 3, 2);
    });
    const client = new PolarGridEdge({ apiKey: KEY, baseURL: edge.url, maxRetries: 0 });
    const events = await collect(
      streamSpeechFromText(client, 'One is first. Two fails. Three is last.', SPEECH),
    );
    expect(summary(events)).toEqual([
      'sentence-start 0',
      'audio 0:1',
      'audio 0:1',
      'sentence-end 0',
      'sentence-error 1',
      'sentence-start 2',
      'audio 2:3',
      'audio 2:3',
      'sentence-end 2',
      'finish',
    ]);
    const failed = events.find((e) => e.type === 'sentence-error');
    expect(failed).toMatchObject({
      text: 'Two fails.',
      error: { name: 'ServerError', status: 502 },
    });
    expect(events.at(-1)).toMatchObject({
      usage: { sentences: 3, failedSentences: 1, audioBytes: 4 },
    });
  });

  it('a sentence cut mid-stream keeps the audio it delivered, then reports the cut', async () => {
    const edge = await server(async (_req, res, body) => {
      if (inputOf(body).startsWith('Cut')) {
        res.writeHead(200, { 'content-type': 'audio/pcm' });
        res.write(Buffer.from([7]));
        await sleep(20);
        res.destroy();
        return;
      }
      await speak(res, 9, 1);
    });
    const client = new PolarGridEdge({ apiKey: KEY, baseURL: edge.url, maxRetries: 0 });
    const events = await collect(streamSpeechFromText(client, 'Cut me. Then me.', SPEECH));
    expect(summary(events)).toEqual([
      'sentence-start 0',
      'audio 0:7',
      'sentence-error 0',
      'sentence-start 1',
      'audio 1:9',
      'sentence-end 1',
      'finish',
    ]);
  });

  it('a 200 with no audio is a sentence error, never a silent sentence', async () => {
    const edge = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'audio/pcm' });
      res.end();
    });
    const client = new PolarGridEdge({ apiKey: KEY, baseURL: edge.url, maxRetries: 0 });
    const events = await collect(streamSpeechFromText(client, 'Nothing comes.', SPEECH));
    expect(events[0]).toMatchObject({ type: 'sentence-error', error: { code: 'empty_audio' } });
  });

  it('keeps the next sentence in flight while one streams, and no more than that', async () => {
    const arrivals: string[] = [];
    const edge = await server(async (_req, res, body) => {
      arrivals.push(inputOf(body));
      await speak(res, arrivals.length, 4, 40);
    });
    const client = new PolarGridEdge({ apiKey: KEY, baseURL: edge.url, maxRetries: 0 });
    const reader = streamSpeechFromText(
      client,
      'Alpha one. Beta two. Gamma three.',
      SPEECH,
    ).getReader();
    let first = await reader.read();
    while (first.value?.type !== 'audio') first = await reader.read();
    await sleep(30);
    // Sentence 0 is streaming (it takes 160 ms): sentence 1 is requested, sentence 2 is not.
    expect(arrivals).toEqual(['Alpha one.', 'Beta two.']);
    const rest: SpeechFromTextEvent[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      rest.push(value);
    }
    expect(arrivals).toHaveLength(3);
    expect(rest.filter((e) => e.type === 'sentence-end').map((e) => e.index)).toEqual([0, 1, 2]);
  });

  it('abort cancels every request in flight, closes their sockets and the text source', async () => {
    const edge = await server(async (_req, res) => {
      // Never ends: one byte every 20 ms.
      res.writeHead(200, { 'content-type': 'audio/pcm' });
      while (!res.destroyed) {
        res.write(Buffer.from([1]));
        await sleep(20);
      }
    });
    const client = new PolarGridEdge({ apiKey: KEY, baseURL: edge.url, maxRetries: 0 });
    let textReleased = false;
    let sent = false;
    // An LLM stream that gave two sentences and then goes quiet.
    const text: AsyncIterable<string> = {
      [Symbol.asyncIterator]: () => ({
        next: () => {
          if (sent) return new Promise<IteratorResult<string>>(() => {});
          sent = true;
          return Promise.resolve({ done: false, value: 'First sentence. Second sentence. ' });
        },
        return: () => {
          textReleased = true;
          return Promise.resolve({ done: true, value: undefined });
        },
      }),
    };
    const controller = new AbortController();
    const stream = streamSpeechFromText(client, text, { ...SPEECH, signal: controller.signal });
    const reader = stream.getReader();
    let event = await reader.read();
    while (event.value?.type !== 'audio') event = await reader.read();
    await sleep(30);
    expect(edge.requests).toHaveLength(2);
    controller.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: 'AbortError' });
    await expect.poll(() => edge.clientClosed).toBe(2);
    expect(textReleased).toBe(true);
  });

  it('cancelling the stream releases a ReadableStream text source', async () => {
    const edge = await server((_req, res) => speak(res, 1, 50, 20));
    const client = new PolarGridEdge({ apiKey: KEY, baseURL: edge.url, maxRetries: 0 });
    let cancelled: unknown;
    const text = new ReadableStream<string>({
      start(c) {
        c.enqueue('A first sentence. ');
      },
      cancel(reason) {
        cancelled = reason ?? 'cancelled';
      },
    });
    const stream = streamSpeechFromText(client, text, SPEECH);
    const reader = stream.getReader();
    let event = await reader.read();
    while (event.value?.type !== 'audio') event = await reader.read();
    await reader.cancel('listener left');
    expect(cancelled).toBe('listener left');
    await expect.poll(() => edge.clientClosed).toBe(1);
  });

  it('an error that would fail every sentence (401) errors the stream', async () => {
    const edge = await server((_req, res) =>
      json(res, 401, { error: { message: 'Invalid API key', type: 'authentication_error' } }),
    );
    const client = new PolarGridEdge({ apiKey: KEY, baseURL: edge.url, maxRetries: 0 });
    await expect(
      collect(streamSpeechFromText(client, 'One. Two. Three. Four.', SPEECH)),
    ).rejects.toMatchObject({ name: 'AuthenticationError' });
    expect(edge.requests.length).toBeLessThanOrEqual(2);
  });

  it('a failing text source errors the stream after the sentences already started', async () => {
    const edge = await server((_req, res) => speak(res, 5, 1));
    const client = new PolarGridEdge({ apiKey: KEY, baseURL: edge.url, maxRetries: 0 });
    async function* text() {
      yield 'Said before the failure. ';
      throw new Error('the model stream broke');
    }
    const events: SpeechFromTextEvent[] = [];
    const run = async () => {
      for await (const e of streamSpeechFromText(client, text(), SPEECH)) events.push(e);
    };
    await expect(run()).rejects.toThrow('the model stream broke');
    expect(summary(events)).toEqual(['sentence-start 0', 'audio 0:5', 'sentence-end 0']);
  });
});
