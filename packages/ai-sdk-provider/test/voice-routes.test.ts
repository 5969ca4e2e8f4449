/**
 * The server voice helpers as a route handler runs them, on the shared edge emulator (in Node and
 * in the edge-runtime sandbox): the speech wires carry exactly the audio `experimental_streamSpeech`
 * made, and the dictation route joins posted chunks into one transcription while refusing what a
 * confused or hostile page posts.
 */
import { experimental_streamSpeech as streamSpeech, transcribe } from 'ai';
import { describe, expect, it } from 'vitest';
import {
  createSpeechResponse,
  createTranscriptionRoute,
  SPEECH_PART_TYPE,
  type SpeechPartData,
  type TranscriptEvent,
  writeSpeechParts,
} from '../src/index.js';
import { emulatorProvider } from './helpers.js';

const polargrid = emulatorProvider();
const TEXT = 'Routes stream speech. The page plays it.';

function speak(text: string) {
  return streamSpeech({ model: polargrid.speech('kokoro-82m'), text, voice: 'af_bella' });
}

async function textOf(pcm: Uint8Array): Promise<string> {
  const wav = new Uint8Array(44 + pcm.length);
  const view = new DataView(wav.buffer);
  const ascii = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) wav[at + i] = s.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + pcm.length, true);
  ascii(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, 24_000, true);
  view.setUint32(28, 48_000, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, pcm.length, true);
  wav.set(pcm, 44);
  const { text } = await transcribe({
    model: polargrid.transcription('whisper-large-v3-turbo'),
    audio: wav,
  });
  return text;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function base64ToBytes(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

/** A stream of `bytes` cut into pieces of the given (odd) sizes, in turn. */
function cut(bytes: Uint8Array, sizes: number[]): ReadableStream<Uint8Array> {
  let at = 0;
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      const n = sizes[i++ % sizes.length] as number;
      controller.enqueue(bytes.slice(at, at + n));
      at += n;
    },
  });
}

describe('createSpeechResponse', () => {
  it('streams raw PCM with its rate in the content type, and it says the text', async () => {
    const response = createSpeechResponse(speak(TEXT).audioStream);
    expect(response.headers.get('content-type')).toBe('audio/pcm;rate=24000');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const pcm = new Uint8Array(await response.arrayBuffer());
    expect(await textOf(pcm)).toBe(TEXT);
  });

  it('errors its body when the speech fails midway, so the page sees a cut, not an end', async () => {
    const failing = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(480));
        controller.error(new Error('edge went away'));
      },
    });
    await expect(createSpeechResponse(failing).arrayBuffer()).rejects.toThrow();
  });
});

describe('writeSpeechParts', () => {
  type Part = { type: string; data: SpeechPartData; transient: true };
  const collect = () => {
    const parts: Part[] = [];
    return { parts, writer: { write: (part: Part) => parts.push(part) } };
  };

  it('writes transient data-speech parts of whole samples, then an end, carrying exactly the audio', async () => {
    const pcm = new Uint8Array(await createSpeechResponse(speak(TEXT).audioStream).arrayBuffer());
    const { parts, writer } = collect();
    // Network chunks cut mid-sample: every part must still hold whole samples.
    await writeSpeechParts(writer, cut(pcm, [1001, 3, 4800, 77]));
    expect(parts.every((p) => p.type === SPEECH_PART_TYPE && p.transient)).toBe(true);
    expect(parts.at(-1)?.data).toEqual({ type: 'end' });
    const audio = parts.flatMap((p) => (p.data.type === 'audio' ? [p.data] : []));
    expect(audio.every((a) => a.rate === 24_000)).toBe(true);
    const chunks = audio.map((a) => base64ToBytes(a.pcm));
    expect(chunks.every((c) => c.length % 2 === 0 && c.length > 0)).toBe(true);
    expect(concat(chunks)).toEqual(pcm);
  });

  it('ends with a generic error (never the server error) when the speech fails', async () => {
    const secret = 'upstream said pg_secret_key_123';
    const failing = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(480));
        controller.error(new Error(secret));
      },
    });
    const { parts, writer } = collect();
    await writeSpeechParts(writer, failing);
    expect(parts.at(-1)?.data).toEqual({ type: 'end', error: 'The answer could not be spoken.' });
    expect(JSON.stringify(parts)).not.toContain('pg_secret');
  });

  it('reports half a sample at the end instead of dropping it silently', async () => {
    const { parts, writer } = collect();
    await writeSpeechParts(writer, cut(new Uint8Array(9), [9]), {
      onError: (e) => String((e as Error).message),
    });
    expect(parts.at(-1)?.data).toEqual({
      type: 'end',
      error: 'The speech ended in the middle of a sample.',
    });
  });
});

describe('createTranscriptionRoute', () => {
  const base = 'http://app.test/api/transcribe';
  const session = () => crypto.randomUUID().replaceAll('-', '');
  const post = (id: string, seq: number, body?: Uint8Array<ArrayBuffer>, end = false) =>
    new Request(`${base}?session=${id}&seq=${seq}${end ? '&end=1' : ''}`, {
      method: 'POST',
      ...(body ? { body } : {}),
    });

  async function events(response: Response): Promise<TranscriptEvent[]> {
    const text = await response.text();
    return text
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as TranscriptEvent);
  }

  it('joins numbered chunks into one transcription and streams its deltas as NDJSON', async () => {
    const route = createTranscriptionRoute({
      model: polargrid.transcription('whisper-large-v3-turbo'),
    });
    const pcm = new Uint8Array(await createSpeechResponse(speak(TEXT).audioStream).arrayBuffer());
    const id = session();
    const response = await route.GET(new Request(`${base}?session=${id}`));
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const read = events(response);
    let seq = 0;
    for (let at = 0; at < pcm.length; at += 4800) {
      expect((await route.POST(post(id, seq++, pcm.slice(at, at + 4800)))).status).toBe(204);
    }
    expect((await route.POST(post(id, seq++, undefined, true))).status).toBe(204);
    const all = await read;
    expect(all[0]).toEqual({ type: 'ready' });
    expect(all.at(-1)).toEqual({ type: 'done', text: TEXT });
    const deltas = all.flatMap((e) => (e.type === 'delta' ? [e.text] : []));
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(TEXT);
  });

  it('refuses what a confused or hostile page posts, before it reaches the model', async () => {
    const route = createTranscriptionRoute({
      model: polargrid.transcription('whisper-large-v3-turbo'),
      maxSeconds: 0.5,
      maxSessions: 2,
    });
    expect((await route.GET(new Request(`${base}?session=short`))).status).toBe(400);
    expect((await route.POST(post(session(), 0, new Uint8Array(2)))).status).toBe(404);

    const id = session();
    const response = await route.GET(new Request(`${base}?session=${id}`));
    const read = events(response);
    expect((await route.GET(new Request(`${base}?session=${id}`))).status).toBe(409);
    // Out of order, then a replay: refused, and the session goes on.
    expect((await route.POST(post(id, 1, new Uint8Array(2)))).status).toBe(409);
    expect((await route.POST(post(id, 0, new Uint8Array(4800)))).status).toBe(204);
    expect((await route.POST(post(id, 0, new Uint8Array(4800)))).status).toBe(409);
    // Over 2 s in one chunk: refused by its length.
    expect((await route.POST(post(id, 1, new Uint8Array(24_000 * 2 * 2 + 2)))).status).toBe(413);
    // Past maxSeconds (0.5 s = 24 000 bytes): refused, and the audio ends there.
    expect((await route.POST(post(id, 1, new Uint8Array(24_000)))).status).toBe(413);
    expect((await route.POST(post(id, 2, new Uint8Array(2)))).status).toBe(404);
    const all = await read;
    expect(all.at(-1)).toEqual({ type: 'done', text: '' });

    // Half a sample ends the dictation with an error event.
    const odd = session();
    const oddRead = events(await route.GET(new Request(`${base}?session=${odd}`)));
    expect((await route.POST(post(odd, 0, new Uint8Array(3)))).status).toBe(400);
    expect((await oddRead).at(-1)).toEqual({
      type: 'error',
      message: 'The audio could not be transcribed.',
    });
  });

  it('limits concurrent dictations, and ends one the page abandoned', async () => {
    const route = createTranscriptionRoute({
      model: polargrid.transcription('whisper-large-v3-turbo'),
      maxSessions: 1,
      idleTimeoutMs: 300,
    });
    const id = session();
    const first = events(await route.GET(new Request(`${base}?session=${id}`)));
    expect((await route.GET(new Request(`${base}?session=${session()}`))).status).toBe(503);
    expect((await route.POST(post(id, 0, new Uint8Array(4800)))).status).toBe(204);
    // No `end`: the idle deadline ends its audio, and the transcript still finishes (0.1 s of
    // silence: nothing was said, an empty dictation rather than an error).
    expect((await first).at(-1)).toEqual({ type: 'done', text: '' });
    const again = await route.GET(new Request(`${base}?session=${session()}`));
    expect(again.status).toBe(200);
    await again.body?.cancel();
  });
});
