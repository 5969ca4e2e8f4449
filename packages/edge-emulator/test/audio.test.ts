import { MPEGDecoder } from 'mpg123-decoder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeText, decodeUtterances, encodeText } from '../src/audio/tone-codec.js';
import { parseWav, toWav } from '../src/audio/wav.js';
import { type EdgeEmulator, KOKORO_VOICES, startEdgeEmulator } from '../src/index.js';
import { client, parseSse } from './helpers.js';

let emulator: EdgeEmulator;
let c: ReturnType<typeof client>;
beforeAll(async () => {
  emulator = await startEdgeEmulator();
  c = client(emulator, 'yvr-02');
});
afterAll(() => emulator.close());

const speak = (body: Record<string, unknown>, headers?: Record<string, string>) =>
  c.post('/v1/audio/speech', { model: 'kokoro-82m', voice: 'af_bella', ...body }, headers);

function transcribeRequest(audio: Uint8Array, query: string, name = 'speech.wav') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(audio)]), name);
  return fetch(`${c.base}/v1/audio/transcriptions?${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${emulator.apiKey}` },
    body: form,
  });
}

describe('tone codec', () => {
  it('round-trips any UTF-8 text at any speed, and rejects foreign audio', () => {
    for (const [text, speed] of [
      ['Hello from PolarGrid!', 1],
      ['Ça va? 🎉 日本語', 2],
      ['slow', 0.25],
    ] as const) {
      expect(decodeText(encodeText(text, speed))?.text).toBe(text);
    }
    expect(decodeText(Buffer.alloc(48_000))).toBeUndefined();
    const noise = Buffer.from(Array.from({ length: 48_000 }, (_, i) => (i * 7919) % 256));
    expect(decodeText(noise)).toBeUndefined();
  });
});

describe('speech', () => {
  it('defaults to raw 24 kHz 16-bit PCM', async () => {
    const res = await speak({ input: 'Hello there.' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/pcm');
    const pcm = Buffer.from(await res.arrayBuffer());
    expect(pcm.length % 2).toBe(0);
    expect(decodeText(pcm)?.text).toBe('Hello there.');
  });

  it('returns a valid RIFF WAV for wav', async () => {
    const res = await speak({ input: 'A wave file.', response_format: 'wav' });
    expect(res.headers.get('content-type')).toBe('audio/wav');
    const wav = parseWav(Buffer.from(await res.arrayBuffer()));
    expect(wav).toMatchObject({ sampleRate: 24_000, channels: 1, bitsPerSample: 16 });
  });

  it('streams pcm as chunked audio with X-Pg-First-Byte-Ms', async () => {
    const res = await speak({
      input: 'Streaming speech, chunk by chunk.',
      stream: true,
      response_format: 'pcm',
    });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('x-pg-first-byte-ms'))).toBeGreaterThanOrEqual(0);
    expect(res.headers.get('content-length')).toBeNull();
    let chunks = 0;
    const parts: Uint8Array[] = [];
    for await (const part of res.body as unknown as AsyncIterable<Uint8Array>) {
      chunks += 1;
      parts.push(part);
    }
    expect(chunks).toBeGreaterThan(1);
    expect(decodeText(Buffer.concat(parts))?.text).toBe('Streaming speech, chunk by chunk.');
  });

  it('returns real MP3 for mp3 (MPEG-2 Layer III, 24 kHz mono, 128 kbps CBR) that decodes to the speech', async () => {
    const input = 'An mp3 clip, as PolarGrid encodes it.';
    const res = await speak({ input, response_format: 'mp3' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/mpeg');
    const mp3 = new Uint8Array(await res.arrayBuffer());
    // Every frame header: sync, MPEG-2, Layer III, 128 kbps, 24 kHz, mono.
    const frames = mp3FrameHeaders(mp3);
    expect(frames.length).toBeGreaterThan(10);
    for (const frame of frames)
      expect(frame).toEqual({ version: 2, layer: 3, kbps: 128, sampleRate: 24_000, mono: true });

    const decoder = new MPEGDecoder();
    await decoder.ready;
    try {
      const decoded = decoder.decode(mp3);
      expect(decoded.errors).toEqual([]);
      expect(decoded.sampleRate).toBe(24_000);
      // The decoder always gives two channels; a mono stream decodes to two equal ones.
      expect(decoded.channelData[1]).toEqual(decoded.channelData[0]);
      const pcm = encodeText(input);
      // The same length as the PCM clip, give or take the encoder's padding (< 3 frames).
      expect(Math.abs(decoded.samplesDecoded - pcm.length / 2)).toBeLessThan(3 * 576 * 2);
      // And the same sound: the emulator's transcription decodes the decoded audio to the text.
      const samples = decoded.channelData[0] ?? new Float32Array();
      const back = Buffer.alloc(samples.length * 2);
      for (const [i, x] of samples.entries())
        back.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(x * 32768))), i * 2);
      // (After the encoder's delay: about 1,100 samples of silence first.)
      expect(decodeUtterances(back)?.map((u) => u.text)).toEqual([input]);
    } finally {
      decoder.free();
    }
  });

  it('enforces the format, input and voice rules of §4.7', async () => {
    const cases: [Record<string, unknown>, number][] = [
      [{ input: '   ' }, 400],
      [{ input: 'x', voice: '' }, 400],
      [{ input: 'x', response_format: 'opus' }, 400],
      [{ input: 'x', response_format: 'flac' }, 400],
      [{ input: 'x', response_format: 'wav', stream: true }, 400],
      [{ input: 'x', response_format: 'mp3', stream: true }, 400],
      [{ input: 'x', voice: 'alloy' }, 502],
      [{ input: 'x', speed: 5 }, 422],
      [{ voice: 'af_bella' }, 422],
    ];
    for (const [body, status] of cases) {
      const res = await speak(body);
      expect([body, res.status]).toEqual([body, status]);
      expect(typeof ((await res.json()) as { detail: unknown }).detail).not.toBe('undefined');
    }
  });

  it('accepts all 8 kokoro voices and tada voice cloning rules', async () => {
    for (const voice of KOKORO_VOICES)
      expect((await speak({ input: 'hi', voice })).status).toBe(200);
    const tada = (body: Record<string, unknown>) =>
      c.post('/v1/audio/speech', { model: 'tada-3b-ml', input: 'bonjour', ...body });
    expect((await tada({ voice: 'default', language: 'fr' })).status).toBe(200);
    expect((await tada({ voice: 'https://example.com/ref.wav' })).status).toBe(400);
    expect(
      (await tada({ voice: 'https://example.com/ref.wav', voice_transcript: 'hello' })).status,
    ).toBe(200);
    expect((await tada({ voice: 'default', language: 'xx' })).status).toBe(400);
  });
});

describe('transcription', () => {
  let wav: Uint8Array;
  beforeAll(async () => {
    const res = await speak({ input: 'The quick brown fox. It jumps!', response_format: 'wav' });
    wav = new Uint8Array(await res.arrayBuffer());
  });

  it('sync=true round-trips emulator speech to its text', async () => {
    const res = await transcribeRequest(wav, 'model=whisper-large-v3-turbo&sync=true');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ text: 'The quick brown fox. It jumps!' });
    const pcm = Buffer.from(await (await speak({ input: 'raw pcm works too' })).arrayBuffer());
    const raw = await transcribeRequest(pcm, 'model=cohere-transcribe-03-2026&sync=true', 'a.pcm');
    expect(await raw.json()).toEqual({ text: 'raw pcm works too' });
  });

  it('verbose_json gives language, duration and timed segments; text/srt/vtt formats', async () => {
    const res = await transcribeRequest(
      wav,
      'model=whisper-large-v3-turbo&sync=true&response_format=verbose_json&language=en',
    );
    const body = (await res.json()) as {
      language: string;
      duration: number;
      segments: { start: number; end: number; text: string }[];
    };
    expect(body.language).toBe('en');
    expect(body.duration).toBeGreaterThan(0);
    expect(body.segments.map((s) => s.text)).toEqual(['The quick brown fox.', 'It jumps!']);
    expect(body.segments[0]?.end).toBeLessThanOrEqual(body.segments[1]?.start ?? 0);
    expect(body.segments[1]?.end).toBeLessThanOrEqual(body.duration);
    const text = await transcribeRequest(
      wav,
      'model=whisper-large-v3-turbo&sync=true&response_format=text',
    );
    expect(await text.text()).toBe('The quick brown fox. It jumps!');
    const srt = await (
      await transcribeRequest(wav, 'model=whisper-large-v3-turbo&sync=true&response_format=srt')
    ).text();
    expect(srt).toMatch(/^1\n00:00:\d\d,\d{3} --> 00:00:\d\d,\d{3}\nThe quick brown fox\.\n/);
    const vtt = await (
      await transcribeRequest(wav, 'model=whisper-large-v3-turbo&sync=true&response_format=vtt')
    ).text();
    expect(vtt.startsWith('WEBVTT\n\n')).toBe(true);
  });

  it('stream=true sends non-overlapping deltas, then done, then [DONE]', async () => {
    const res = await transcribeRequest(wav, 'model=whisper-large-v3-turbo&stream=true');
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = parseSse(await res.text());
    expect(events.at(-1)?.data).toBe('[DONE]');
    const payloads = events
      .slice(0, -1)
      .map((e) => JSON.parse(e.data) as { type: string; delta?: string; text?: string });
    const deltas = payloads.filter((p) => p.type === 'transcript.text.delta');
    expect(deltas.length).toBeGreaterThanOrEqual(4);
    expect(deltas.length).toBeLessThanOrEqual(7);
    expect(deltas.map((d) => d.delta).join('')).toBe('The quick brown fox. It jumps!');
    expect(payloads.at(-1)).toEqual({
      type: 'transcript.text.done',
      text: 'The quick brown fox. It jumps!',
    });
  });

  it('defaults to an async job: 202 then polling', async () => {
    const res = await transcribeRequest(wav, 'model=whisper-large-v3-turbo', 'a.wav');
    expect(res.status).toBe(202);
    const job = (await res.json()) as { job_id: string; status: string; poll_url: string };
    expect(job.job_id).toMatch(/^job_transcription_/);
    expect(job.poll_url).toBe(`/v1/audio/transcriptions?job_id=${job.job_id}`);
    const poll = await c.get(job.poll_url);
    expect(await poll.json()).toMatchObject({
      status: 'completed',
      text: 'The quick brown fox. It jumps!',
    });
    const slow = await transcribeRequest(wav, 'model=whisper-large-v3-turbo', 'a.wav');
    void slow;
    const pending = await fetch(`${c.base}/v1/audio/transcriptions?model=whisper-large-v3-turbo`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emulator.apiKey}`, 'x-pg-emulator-job-ms': '60000' },
      body: (() => {
        const f = new FormData();
        f.append('file', new Blob([new Uint8Array(wav)]), 'a.wav');
        return f;
      })(),
    });
    const pendingJob = (await pending.json()) as { poll_url: string };
    expect(await (await c.get(pendingJob.poll_url)).json()).toMatchObject({ status: 'processing' });
    expect((await c.get('/v1/audio/transcriptions?job_id=job_transcription_nope')).status).toBe(
      404,
    );
  });

  it('gives other audio a deterministic placeholder from its length', async () => {
    const noise = new Uint8Array(32_000).map((_, i) => (i * 31) % 251);
    const a = await (
      await transcribeRequest(noise, 'model=whisper-large-v3-turbo&sync=true', 'x.mp3')
    ).json();
    const b = await (
      await transcribeRequest(noise, 'model=whisper-large-v3-turbo&sync=true', 'x.mp3')
    ).json();
    expect(a).toEqual(b);
    expect((a as { text: string }).text).toContain('2 seconds');
  });

  it('takes parameters only from the query and validates them', async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(wav)]), 'a.wav');
    form.append('model', 'whisper-large-v3-turbo');
    const noQueryModel = await fetch(`${c.base}/v1/audio/transcriptions?sync=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emulator.apiKey}` },
      body: form,
    });
    expect(noQueryModel.status).toBe(422);
    expect(((await noQueryModel.json()) as { detail: { loc: string[] }[] }).detail[0]?.loc).toEqual(
      ['query', 'model'],
    );
    expect(
      (await transcribeRequest(wav, 'model=whisper-large-v3-turbo&sync=true&stream=true')).status,
    ).toBe(400);
    expect(
      (await transcribeRequest(wav, 'model=whisper-large-v3-turbo&response_format=docx')).status,
    ).toBe(422);
    expect((await transcribeRequest(wav, 'model=kokoro-82m&sync=true')).status).toBe(400);
    const yto = await fetch(
      `${emulator.edgeURLs['yto-01']}/v1/audio/transcriptions?model=whisper-large-v3-turbo&sync=true`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${emulator.apiKey}` },
        body: form,
      },
    );
    expect(yto.status).toBe(404);
  });
});

describe('transcribing several utterances (voice: recordings and microphones)', () => {
  const silence = (ms: number) => Buffer.alloc(Math.round((ms / 1000) * 24_000) * 2);

  it('decodes clips with silence before, between and after them, joined by a space', async () => {
    const pcm = Buffer.concat([
      silence(370),
      encodeText('First clip.'),
      silence(450),
      encodeText('Second, faster.', 2),
      encodeText('Third right after.'),
      silence(800),
    ]);
    const res = await transcribeRequest(
      toWav(pcm),
      'model=whisper-large-v3-turbo&sync=true&response_format=verbose_json',
    );
    const body = (await res.json()) as { text: string; segments: { text: string }[] };
    expect(body.text).toBe('First clip. Second, faster. Third right after.');
    expect(body.segments.map((s) => s.text)).toEqual([
      'First clip.',
      'Second, faster.',
      'Third right after.',
    ]);
  });

  it('streamed speech waits the configured first-byte delay (header tts=…)', async () => {
    const started = Date.now();
    const res = await speak(
      { input: 'Wait for it.', stream: true },
      { 'x-pg-emulator-timing': 'tts=150' },
    );
    await res.arrayBuffer();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(Number(res.headers.get('x-pg-first-byte-ms'))).toBeGreaterThanOrEqual(140);
  });
});

/** The headers of consecutive MPEG audio frames from the start (ISO 11172-3 / 13818-3 layout). */
function mp3FrameHeaders(bytes: Uint8Array) {
  const BITRATES_V2_L3 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
  const RATES_V2 = [22_050, 24_000, 16_000];
  const frames = [];
  let at = 0;
  while (at + 4 <= bytes.length) {
    const [b0, b1, b2, b3] = [
      bytes[at] ?? 0,
      bytes[at + 1] ?? 0,
      bytes[at + 2] ?? 0,
      bytes[at + 3] ?? 0,
    ];
    if (b0 !== 0xff || (b1 & 0xe0) !== 0xe0) throw new Error(`no frame sync at byte ${at}`);
    const version = ((b1 >> 3) & 3) === 2 ? 2 : ((b1 >> 3) & 3) === 3 ? 1 : 0;
    const layer = 4 - ((b1 >> 1) & 3);
    const kbps = BITRATES_V2_L3[(b2 >> 4) & 15] ?? 0;
    const sampleRate = RATES_V2[(b2 >> 2) & 3] ?? 0;
    const padding = (b2 >> 1) & 1;
    frames.push({ version, layer, kbps, sampleRate, mono: ((b3 >> 6) & 3) === 3 });
    // MPEG-2 Layer III: 72 × bitrate / sample rate bytes per frame, plus padding.
    const length = Math.floor((72 * kbps * 1000) / sampleRate) + padding;
    if (length <= 4) throw new Error(`bad frame length at byte ${at}`);
    at += length;
  }
  expect(at).toBe(bytes.length);
  return frames;
}
