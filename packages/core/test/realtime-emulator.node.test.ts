import { inspect } from 'node:util';
import { type EdgeEmulator, startEdgeEmulator } from '@polargrid/edge-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PolarGridError } from '../src/errors/polargrid-error.js';
import { connectPersonaPlex, type PersonaPlexOptions } from '../src/realtime/connect.js';
import type { PersonaPlexEvent, PersonaPlexSession } from '../src/realtime/session.js';
import { drain, emulatorHears, emulatorSpeech, opusCodec } from './helpers/personaplex-audio.js';

let emulator: EdgeEmulator;
let edge: string;
/** An edge that serves speech and transcription (every edge speaks PersonaPlex). */
let voiceEdge: string;
beforeAll(async () => {
  emulator = await startEdgeEmulator();
  edge = emulator.edgeURLs['yto-01'] ?? '';
  voiceEdge = emulator.edges.find((e) => e.models.includes('kokoro-82m'))?.url ?? '';
});
afterAll(() => emulator.close());
afterEach(() => emulator.clearFaults());

const connect = (extra: PersonaPlexOptions = {}) =>
  connectPersonaPlex({
    apiKey: emulator.apiKey,
    baseURL: edge,
    handshakeTimeout: 2_000,
    idleTimeout: 2_000,
    ...extra,
  });

/** `text` in the emulator's voice, then `silenceMs` of silence, as 20 ms Opus packets. */
async function utterance(text: string, silenceMs: number): Promise<Uint8Array[]> {
  const codec = opusCodec();
  try {
    const speech = await emulatorSpeech(voiceEdge, emulator.apiKey, text);
    return [...codec.encode(speech), ...codec.encode(new Uint8Array((silenceMs / 1000) * 48_000))];
  } finally {
    codec.free();
  }
}

/**
 * Reads events until the transcript satisfies `until`, then `tail` more audio packets (a word's
 * text comes just before its audio), then closes the session.
 */
async function listen(session: PersonaPlexSession, until: (text: string) => boolean, tail = 50) {
  const events: PersonaPlexEvent[] = [];
  let text = '';
  let left = tail;
  for await (const event of session) {
    events.push(event);
    if (event.type === 'text') text += event.text;
    if (until(text) && event.type === 'audio' && --left <= 0) break;
  }
  return { events, text };
}

/** Every string a user could see of an error: message, JSON, Node's rendering. */
const shown = (error: unknown) =>
  `${String(error)} ${JSON.stringify(error)} ${inspect(error, { depth: 5 })}`;

describe('PersonaPlex against the emulator', () => {
  it('holds a conversation: the model answers what it heard, in Opus audio and transcript text', async () => {
    const packets = await utterance('What is the weather in Toronto?', 4_000);
    const session = await connect({ voice: 'NATM1', persona: 'You repeat what you hear.' });
    for (const packet of packets) session.sendAudio(packet);
    const { events, text } = await listen(session, (t) => t.includes('Toronto?'));
    expect(text).toBe(' You said: What is the weather in Toronto?');
    // The audio decodes back to the same words (libopus decoder, then the emulator's speech-to-text).
    const codec = opusCodec();
    const audio = events.filter((e) => e.type === 'audio');
    const pcm = concat(audio.map((e) => codec.decode(e.packet)));
    codec.free();
    expect(audio.every((e) => e.samples === 960)).toBe(true);
    expect(await emulatorHears(voiceEdge, emulator.apiKey, pcm)).toBe(
      'You said: What is the weather in Toronto?',
    );
    // The socket asked for the voice and persona, and carried the key only as a subprotocol.
    const upgrade = emulator.requests.find((r) => r.path === '/v1/voice/personaplex');
    expect(upgrade?.query).toEqual({ voice: 'NATM1', persona: 'You repeat what you hear.' });
    expect(session.url).not.toContain(emulator.apiKey);
    expect(session.ended).toBe(true);
    expect(session.error).toBeUndefined();
  });

  it('finds the edge through the autorouter with region "auto", sending it no key', async () => {
    emulator.resetRequests();
    const session = await connectPersonaPlex({
      apiKey: emulator.apiKey,
      region: 'auto',
      autorouterURL: emulator.autorouterURL,
    });
    expect(session.region).toBe('yto-01');
    session.close();
    await session.done;
    const lookup = emulator.requests.find((r) => r.target === 'autorouter');
    expect(lookup?.headers.authorization).toBeUndefined();
  });

  it('reports a refused key as an AuthenticationError that never shows the key', async () => {
    // Well-formed for the core, refused by the emulator (a dot is not in its key pattern).
    const wrong = 'pg_wrong.key.that.must.not.leak';
    const error = await connect({ apiKey: wrong }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PolarGridError);
    expect(error).toMatchObject({ name: 'AuthenticationError', code: 'invalid_api_key' });
    expect(shown(error)).not.toContain(wrong);
  });

  it('checks the key and the voice before any network call', async () => {
    emulator.resetRequests();
    await expect(connect({ apiKey: 'sk-not-polargrid' })).rejects.toMatchObject({
      name: 'ConfigurationError',
      code: 'invalid_api_key',
    });
    await expect(connect({ voice: 'alloy' })).rejects.toMatchObject({
      name: 'ConfigurationError',
      code: 'unknown_voice',
    });
    await expect(connect({ baseURL: 'ftp://x' })).rejects.toMatchObject({
      code: 'invalid_url',
    });
    expect(emulator.requests).toEqual([]);
  });

  it('never-ready: a handshake that never comes is a TimeoutError after handshakeTimeout', async () => {
    emulator.inject({ kind: 'never-ready', path: '/v1/voice/personaplex', times: 1 });
    const started = Date.now();
    await expect(connect({ handshakeTimeout: 300 })).rejects.toMatchObject({
      name: 'TimeoutError',
      code: 'handshake_timeout',
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it.each([
    ['stall', { name: 'TimeoutError', code: 'stream_stalled' }],
    ['reset-mid-stream', { name: 'StreamInterruptedError', code: 'closed_mid_session' }],
    ['stream-error', { name: 'StreamError', code: 'edge_error' }],
    ['malformed-chunk', { name: 'StreamError', code: 'malformed_frame' }],
  ] as const)(
    '%s after a few frames ends the session with a typed error',
    async (kind, expected) => {
      const packets = await utterance('Hello?', 3_000);
      emulator.inject({ kind, path: '/v1/voice/personaplex', times: 1, afterFrames: 2 });
      // The stall is noticed after idleTimeout; the other faults must end the session long before it.
      const session = await connect({ idleTimeout: kind === 'stall' ? 1_000 : 10_000 });
      try {
        for (const packet of packets) session.sendAudio(packet);
      } catch {
        // the session may end while we still send
      }
      const { events, error } = await drain(session);
      expect(error).toMatchObject(expected);
      expect(shown(error)).not.toContain(emulator.apiKey);
      expect(session.ended).toBe(true);
      expect(() => session.sendAudio(Uint8Array.of(0xf8, 1))).toThrow(PolarGridError);
      // The two 80 ms frames (four 20 ms packets each) sent before the fault were delivered.
      const audio = events.filter((e) => e.type === 'audio').length;
      if (kind === 'malformed-chunk') expect(audio).toBe(2 * 4);
      else expect(audio).toBeGreaterThanOrEqual(2 * 4);
    },
  );

  it('slow-first-reply: the answer starts late but arrives whole', async () => {
    const question = await utterance('Hi.', 0);
    const codec = opusCodec();
    const silence = codec.encode(new Uint8Array(4_800));
    codec.free();
    emulator.inject({ kind: 'slow-first-reply', path: '/v1/voice/personaplex', times: 1, ms: 600 });
    const session = await connect();
    const started = Date.now();
    let firstWordAt = 0;
    const sent = (async () => {
      // Paced silence after the question, so the late reply has input to ride on.
      for (const packet of question) session.sendAudio(packet);
      for (let i = 0; i < 40 && !session.ended; i++) {
        for (const p of silence) session.sendAudio(p);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    let text = '';
    for await (const event of session) {
      if (event.type !== 'text') continue;
      firstWordAt ||= Date.now();
      text += event.text;
      if (text.endsWith('Hi.')) break;
    }
    await sent;
    expect(text).toBe(' You said: Hi.');
    expect(firstWordAt - started).toBeGreaterThanOrEqual(550);
  });

  it('an abort ends the session with an AbortError and closes the socket', async () => {
    const controller = new AbortController();
    const session = await connect({ signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const { error } = await drain(session);
    expect(error).toMatchObject({ name: 'AbortError' });
  });
});

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
