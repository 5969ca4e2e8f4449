import { afterEach, describe, expect, it } from 'vitest';
import { streamTranscriptionFromAudio } from '../src/voice/transcription-from-audio.js';
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

const RATE = 24_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** `ms` of a loud square wave then `pauseMs` of silence: one segment per call with the defaults. */
function phrase(ms: number, pauseMs: number): Uint8Array {
  const loud = Math.round((ms / 1000) * RATE);
  const out = new Uint8Array((loud + Math.round((pauseMs / 1000) * RATE)) * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < loud; i++) view.setInt16(i * 2, i % 48 < 24 ? 12_000 : -12_000, true);
  return out;
}
const sse = (...events: unknown[]) =>
  `${events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join('')}data: [DONE]\n\n`;

describe('streamTranscriptionFromAudio against purpose-built edges', () => {
  it('a failed segment is reported in its place; the others still come, in order', async () => {
    const edge = await server((_req, res, _body, index) => {
      if (index === 1) return json(res, 503, { error: { message: 'busy' } });
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(
        sse(
          { type: 'transcript.text.delta', delta: `part ${index}` },
          { type: 'transcript.text.done', text: `part ${index}` },
        ),
      );
    });
    const client = new PolarGridEdge({
      apiKey: KEY,
      baseURL: edge.url,
      maxRetries: 0,
      maxFailovers: 0,
    });
    const audio = [phrase(1100, 400), phrase(1100, 400), phrase(1100, 400)];
    const events = [];
    for await (const e of streamTranscriptionFromAudio(client, audio, {
      model: 'whisper-large-v3-turbo',
      mediaType: 'audio/pcm',
      lookahead: 0,
    }))
      events.push(e);
    expect(events.map((e) => ('index' in e ? `${e.type} ${e.index}` : e.type))).toEqual([
      'segment-start 0',
      'delta 0',
      'segment-end 0',
      'segment-error 1',
      'segment-start 2',
      'delta 2',
      'segment-end 2',
      'finish',
    ]);
    expect(events.at(-1)).toMatchObject({ text: 'part 0 part 2', failedSegments: 1 });
    // Each segment went as its own WAV file, with the parameters in the query.
    expect(edge.requests[0]?.url).toMatch(/^\/v1\/audio\/transcriptions\?.*stream=true/);
    expect(edge.requests[0]?.body).toContain('RIFF');
  });

  it('abort cancels the transcriptions in flight and the audio source', async () => {
    const edge = await server(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${JSON.stringify({ type: 'transcript.text.delta', delta: 'so far' })}\n\n`);
      while (!res.destroyed) await sleep(20);
    });
    const client = new PolarGridEdge({ apiKey: KEY, baseURL: edge.url, maxRetries: 0 });
    let audioCancelled = false;
    const audio = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(phrase(1100, 400));
      },
      cancel() {
        audioCancelled = true;
      },
    });
    const controller = new AbortController();
    const reader = streamTranscriptionFromAudio(client, audio, {
      model: 'whisper-large-v3-turbo',
      mediaType: 'audio/pcm',
      signal: controller.signal,
    }).getReader();
    let event = await reader.read();
    while (event.value?.type !== 'delta') event = await reader.read();
    controller.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: 'AbortError' });
    await expect.poll(() => edge.clientClosed).toBe(1);
    expect(audioCancelled).toBe(true);
  });

  it('holds at most 25 MiB of audio it cannot cut, then fails with a ValidationError', async () => {
    const edge = await server((_req, res) => json(res, 500, {}));
    const client = new PolarGridEdge({ apiKey: KEY, baseURL: edge.url, maxRetries: 0 });
    const mib = new Uint8Array(1024 * 1024);
    const audio = Array.from({ length: 26 }, () => mib);
    const run = async () => {
      for await (const _ of streamTranscriptionFromAudio(client, audio, {
        model: 'whisper-large-v3-turbo',
        mediaType: 'audio/webm',
      }));
    };
    await expect(run()).rejects.toMatchObject({ name: 'ValidationError', code: 'audio_too_large' });
    expect(edge.requests).toHaveLength(0);
  });
});
