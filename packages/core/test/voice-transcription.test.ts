import { describe, expect, inject, it } from 'vitest';
import { AudioSegmenter } from '../src/voice/audio-segmenter.js';
import {
  streamTranscriptionFromAudio,
  type TranscriptionFromAudioEvent,
} from '../src/voice/transcription-from-audio.js';
import { pcmToWav } from '../src/voice/wav.js';
import { createSpeech, transcribe, PolarGridEdge } from '../src/index.js';

// Runs in both projects (Node and edge-runtime) against the emulator started by test/global-setup.ts.
const emulator = inject('emulator');
const client = () => new PolarGridEdge({ ...emulator, maxRetries: 0 });
const RATE = 24_000;
const MODEL = 'whisper-large-v3-turbo';

const silence = (ms: number) => new Uint8Array(Math.round((ms / 1000) * RATE) * 2);
/** A 1 kHz tone at half scale. */
function tone(ms: number): Uint8Array {
  const samples = Math.round((ms / 1000) * RATE);
  const out = new Uint8Array(samples * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < samples; i++)
    view.setInt16(i * 2, Math.round(16_000 * Math.sin((2 * Math.PI * 1000 * i) / RATE)), true);
  return out;
}
function concat(chunks: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
/** `bytes` as a live stream of 100 ms chunks (4 800 bytes at 24 kHz). */
function chunked(bytes: Uint8Array, size = 4_800): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}
async function collect<T>(stream: ReadableStream<T>): Promise<T[]> {
  const out: T[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return out;
    out.push(value);
  }
}

/** Three sentences of the emulator's speech, with pauses like a speaker's. */
async function spokenAudio(edge: PolarGridEdge): Promise<Uint8Array> {
  const clips: Uint8Array[] = [silence(200)];
  for (const input of ['Good morning.', 'The edge is close to you.', 'Ask me anything!']) {
    const clip = await createSpeech(edge, {
      model: 'kokoro-82m',
      voice: 'af_bella',
      input,
      response_format: 'pcm',
    });
    clips.push(clip.data.audio, silence(450));
  }
  return concat(clips);
}

describe('AudioSegmenter', () => {
  const segmenter = () => new AudioSegmenter({ sampleRate: RATE });

  it('cuts at a pause once the segment is long enough, and drops silence-only audio', () => {
    const s = segmenter();
    const cuts = [
      ...s.push(concat([silence(500), tone(1200), silence(350)])),
      ...s.push(concat([tone(300), silence(200), tone(900), silence(1000)])),
    ];
    const last = s.flush();
    expect(last).toBeUndefined(); // only silence after the second cut
    expect(cuts).toHaveLength(2);
    expect(cuts[0]?.startSecond).toBe(0);
    expect(cuts[0]?.endSecond).toBeCloseTo(2.0, 2); // 0.5 + 1.2 + 0.3 of the 0.35 pause
    // A 200 ms pause inside the second phrase does not cut it.
    expect(cuts[1]?.startSecond).toBeCloseTo(2.0, 2);
    expect(cuts[1]?.endSecond).toBeCloseTo(2.05 + 0.3 + 0.2 + 0.9 + 0.3, 2);
    expect(segmenter().push(silence(20_000))).toEqual([]);
  });

  it('cuts a speaker who never pauses at maxSegmentMs, and keeps a short tail for flush', () => {
    const s = new AudioSegmenter({ sampleRate: RATE, maxSegmentMs: 2_000 });
    const cuts = s.push(tone(5_000));
    expect(cuts.map((c) => c.endSecond - c.startSecond)).toEqual([2, 2]);
    const last = s.flush();
    expect(last?.endSecond).toBeCloseTo(5, 5);
    expect(last?.pcm.byteLength).toBe(RATE * 2);
  });
});

describe('streamTranscriptionFromAudio against the shared emulator', () => {
  it('PCM: segments at pauses, streams deltas, and the text equals the whole-file transcript', async () => {
    const edge = client();
    const audio = await spokenAudio(edge);
    const events = await collect(
      streamTranscriptionFromAudio(edge, chunked(audio), { model: MODEL, mediaType: 'audio/pcm' }),
    );
    const whole = await transcribe(
      edge,
      new Blob([pcmToWav(audio, { sampleRate: RATE, channels: 1 })], { type: 'audio/wav' }),
      { model: MODEL },
    );
    const finish = events.at(-1) as Extract<TranscriptionFromAudioEvent, { type: 'finish' }>;
    expect(finish.type).toBe('finish');
    expect(whole.data.text).toBe('Good morning. The edge is close to you. Ask me anything!');
    expect(finish.text).toBe(whole.data.text);
    const deltas = events.flatMap((e) => (e.type === 'delta' ? [e.delta] : []));
    expect(deltas.join('')).toBe(finish.text);
    expect(deltas.length).toBeGreaterThan(3);
    expect(finish.segments.map((s) => s.text)).toEqual([
      'Good morning.',
      'The edge is close to you.',
      'Ask me anything!',
    ]);
    expect(finish.durationInSeconds).toBeCloseTo(audio.byteLength / 2 / RATE, 5);
    const starts = finish.segments.map((s) => s.startSecond ?? -1);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('WAV: reads the header from the stream, then segments the same way', async () => {
    const edge = client();
    const audio = await spokenAudio(edge);
    const wav = pcmToWav(audio, { sampleRate: RATE, channels: 1 });
    const events = await collect(
      streamTranscriptionFromAudio(edge, chunked(wav, 1_000), {
        model: MODEL,
        mediaType: 'audio/wav',
      }),
    );
    const finish = events.at(-1);
    expect(finish).toMatchObject({
      type: 'finish',
      text: 'Good morning. The edge is close to you. Ask me anything!',
      failedSegments: 0,
    });
    expect(events.filter((e) => e.type === 'segment-start')).toHaveLength(3);
  });

  it('a format that cannot be cut (WebM) is sent whole: the same text as transcribing the file', async () => {
    const edge = client();
    const bytes = concat([new Uint8Array([0x1a, 0x45, 0xdf, 0xa3]), tone(300)]);
    const events = await collect(
      streamTranscriptionFromAudio(edge, chunked(bytes), { model: MODEL, mediaType: 'audio/webm' }),
    );
    const whole = await transcribe(edge, new Blob([bytes], { type: 'audio/webm' }), {
      model: MODEL,
    });
    expect(events.filter((e) => e.type === 'segment-start')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({
      type: 'finish',
      text: whole.data.text,
      durationInSeconds: undefined,
    });
  });

  it('rejects bad options before any request', () => {
    expect(() =>
      streamTranscriptionFromAudio(client(), chunked(silence(10)), { model: MODEL, mediaType: '' }),
    ).toThrow(expect.objectContaining({ name: 'ValidationError' }));
  });
});
