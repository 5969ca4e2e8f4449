import type { AddressInfo } from 'node:net';
import { type EdgeEmulator, startEdgeEmulator } from '@polargrid/edge-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { createPolarGrid } from '../src/index.js';
import { type PersonaPlexRelayOptions, relayPersonaPlex } from '../src/realtime-relay.js';

let emulator: EdgeEmulator;
let voiceEdge: string;
beforeAll(async () => {
  emulator = await startEdgeEmulator();
  voiceEdge = emulator.edges.find((e) => e.models.includes('kokoro-82m'))?.url ?? '';
});
afterAll(() => emulator.close());

/** A relay on loopback, as an app would run it (a `ws` server; the key stays in this process). */
async function relay(options: PersonaPlexRelayOptions) {
  const errors: Error[] = [];
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on(
    'connection',
    (socket) => void relayPersonaPlex(socket, { ...options, onError: (e) => errors.push(e) }),
  );
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, errors, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** What the AI SDK's continuous PCM session sends and receives, without a browser. */
async function browserSession(
  url: string,
  pcm: Uint8Array,
  until: (messages: Record<string, unknown>[]) => boolean,
  /** When the microphone starts: once the session is ready, at once (while the edge session opens), or once ready and paced in real time. */
  start: 'ready' | 'at-once' | 'real-time' = 'ready',
) {
  const ws = new WebSocket(url);
  const messages: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const closed = new Promise<{ code: number }>((resolve) =>
    ws.on('close', (code) => resolve({ code })),
  );
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const model = createPolarGrid({ apiKey: 'pg_unused_in_the_browser' }).experimental_realtime(
    'personaplex',
  );
  ws.send(
    JSON.stringify(
      model.serializeClientEvent({
        type: 'session-update',
        config: { voice: 'NATF2', instructions: 'Echo.' },
      }),
    ),
  );
  // The microphone: 100 ms chunks of base64 PCM16, as the SDK's capture sends them.
  const speak = async (paced: boolean) => {
    for (let at = 0; at < pcm.length && ws.readyState === ws.OPEN; at += 4_800) {
      const audio = Buffer.from(pcm.subarray(at, at + 4_800)).toString('base64');
      ws.send(JSON.stringify(model.serializeClientEvent({ type: 'input-audio-append', audio })));
      if (paced) await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  if (start === 'at-once') void speak(false);
  const done = new Promise<void>((resolve) => {
    ws.on('message', (data) => {
      raw.push(String(data));
      // Through the provider's model, as the SDK sees them (unknown types become `custom`).
      const event = model.parseServerEvent(JSON.parse(String(data))) as Record<string, unknown>;
      messages.push(event);
      if (event.type === 'session-updated' && start !== 'at-once')
        void speak(start === 'real-time');
      if (until(messages)) resolve();
    });
    ws.on('close', () => resolve());
  });
  await done;
  ws.close();
  return { messages, raw, closed: await closed };
}

async function speech(text: string): Promise<Uint8Array> {
  const res = await fetch(`${voiceEdge}/v1/audio/speech`, {
    method: 'POST',
    headers: { authorization: `Bearer ${emulator.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'kokoro-82m',
      voice: 'af_bella',
      input: text,
      response_format: 'pcm',
    }),
  });
  return new Uint8Array(await res.arrayBuffer());
}

const transcript = (messages: Record<string, unknown>[]) =>
  messages
    .filter((m) => m.type === 'audio-transcript-delta')
    .map((m) => m.delta)
    .join('');

describe('the PersonaPlex relay for useRealtime', () => {
  it('relays a conversation: PCM in, the model answers in PCM audio chunks and transcript deltas; the key never reaches the browser', async () => {
    const edge = emulator.edgeURLs['yto-01'] ?? '';
    const server = await relay({ apiKey: emulator.apiKey, baseURL: edge });
    const pcm = new Uint8Array([...(await speech('Good morning.')), ...new Uint8Array(48_000 * 4)]);
    const { messages, raw } = await browserSession(
      server.url,
      pcm,
      (m) => transcript(m) === 'You said: Good morning.',
    );
    await server.close();
    expect(messages[0]).toMatchObject({ type: 'session-updated' });
    expect(transcript(messages)).toBe('You said: Good morning.');
    expect(
      messages
        .filter((m) => m.type === 'transcript-fragment')
        .every((m) => m.speaker === 'assistant'),
    ).toBe(true);
    const audio = messages.filter((m) => m.type === 'audio-chunk');
    // 20 ms of 24 kHz PCM16 per chunk (one decoded Opus packet each).
    expect(audio.length).toBeGreaterThan(20);
    expect(audio.every((m) => Buffer.from(String(m.delta), 'base64').length === 960)).toBe(true);
    expect(raw.join('\n')).not.toContain(emulator.apiKey);
    expect(emulator.requests.find((r) => r.path === '/v1/voice/personaplex')?.query).toMatchObject({
      voice: 'NATF2',
      persona: 'Echo.',
    });
    expect(server.errors).toEqual([]);
  });

  it('keeps what the user said while the edge session opened (the start of a question is not lost)', async () => {
    const server = await relay({ apiKey: emulator.apiKey, baseURL: emulator.edgeURLs['yto-01'] });
    const pcm = new Uint8Array([...(await speech('Good morning.')), ...new Uint8Array(48_000 * 4)]);
    const { messages } = await browserSession(
      server.url,
      pcm,
      (m) => transcript(m) === 'You said: Good morning.',
      'at-once',
    );
    await server.close();
    // All the audio was sent before the relay said the session was ready.
    expect(messages[0]).toMatchObject({ type: 'session-updated' });
    expect(transcript(messages)).toBe('You said: Good morning.');
    expect(server.errors).toEqual([]);
  });

  it('brackets each model turn with response-created and response-done, so the SDK shows one message per answer', async () => {
    const server = await relay({ apiKey: emulator.apiKey, baseURL: emulator.edgeURLs['yto-01'] });
    const silence = (seconds: number) => new Uint8Array(48_000 * seconds);
    const pcm = new Uint8Array([
      ...(await speech('Good morning.')),
      ...silence(2),
      ...(await speech('Thanks.')),
      ...silence(2),
    ]);
    const { messages } = await browserSession(
      server.url,
      pcm,
      (m) => transcript(m) === 'You said: Good morning.You said: Thanks.',
      'real-time',
    );
    await server.close();
    const turns = messages
      .filter((m) => /^(response-|audio-transcript-done)/.test(String(m.type)))
      .map((m) => `${m.type} ${m.responseId}`);
    expect(turns).toEqual([
      'response-created pp-0',
      'audio-transcript-done pp-0',
      'response-done pp-0',
      'response-created pp-1',
    ]);
    const deltas = messages.filter((m) => m.type === 'audio-transcript-delta');
    expect(deltas[0]?.responseId).toBe('pp-0');
    expect(deltas.at(-1)?.responseId).toBe('pp-1');
    expect(messages.find((m) => m.type === 'audio-transcript-done')?.transcript).toBe(
      'You said: Good morning.',
    );
  });

  it('a refused key reaches the browser as an error event and a 1011 close, with the key redacted', async () => {
    const wrong = 'pg_refused.key.for.relay';
    const server = await relay({ apiKey: wrong, baseURL: emulator.edgeURLs['yto-01'] ?? '' });
    const { messages, raw, closed } = await browserSession(
      server.url,
      new Uint8Array(0),
      () => false,
    );
    await server.close();
    expect(messages).toEqual([expect.objectContaining({ type: 'error', code: 'invalid_api_key' })]);
    expect(closed.code).toBe(1011);
    expect(raw.join('\n')).not.toContain(wrong);
    expect(server.errors.map((e) => e.name)).toEqual(['AuthenticationError']);
  });

  it('getToken says why there is no browser token', async () => {
    const polargrid = createPolarGrid({ apiKey: emulator.apiKey });
    await expect(
      polargrid.experimental_realtime.getToken({ model: 'personaplex' }),
    ).rejects.toThrow(/relay/);
    expect(() => polargrid.experimental_realtime('gpt-realtime')).toThrow(/personaplex/);
  });
});
