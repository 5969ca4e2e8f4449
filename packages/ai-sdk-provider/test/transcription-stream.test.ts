import {
  experimental_streamSpeech as streamSpeech,
  experimental_streamTranscribe as streamTranscribe,
  transcribe,
} from 'ai';
import { describe, expect, it } from 'vitest';
import { collect, emulatorProvider } from './helpers.js';

// Runs in Node and in the edge runtime against the shared emulator (test/global-setup.ts).
const pg = emulatorProvider();
const RATE = 24_000;

function concat(chunks: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
const silence = (ms: number) => new Uint8Array(Math.round((ms / 1000) * RATE) * 2);

/** Live audio: `bytes` in 100 ms chunks, as a microphone would deliver them. */
function live(bytes: Uint8Array, asBase64 = false): ReadableStream<Uint8Array | string> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.byteLength) return controller.close();
      const chunk = bytes.slice(at, at + 4_800);
      at += 4_800;
      controller.enqueue(asBase64 ? btoa(String.fromCharCode(...chunk)) : chunk);
    },
  });
}

/** Speaks `sentences` with the emulator's streamed speech, with a speaker's pauses between them. */
async function speakWithPauses(sentences: string[]): Promise<Uint8Array<ArrayBuffer>> {
  const parts: Uint8Array[] = [silence(150)];
  for (const text of sentences) {
    const speech = streamSpeech({ model: pg.speech('kokoro-82m'), text, voice: 'bf_emma' });
    parts.push(...(await collect(speech.audioStream)), silence(500));
  }
  return concat(parts);
}

// Several round trips per test: give a loaded machine room.
describe('experimental_streamTranscribe with polargrid.transcription()', {
  timeout: 60_000,
}, () => {
  it('streams transcript deltas of live PCM; the final text equals transcribe() of the same audio', async () => {
    const audio = await speakWithPauses([
      'Streaming speech comes back as text.',
      'One segment per pause.',
      'Done!',
    ]);
    const result = streamTranscribe({
      model: pg.transcription('whisper-large-v3-turbo'),
      audio: live(audio),
      inputAudioFormat: { type: 'audio/pcm', rate: RATE },
      providerOptions: { polargrid: { language: 'en' } },
    });
    const parts = await collect(result.fullStream);
    const deltas = parts.flatMap((p) => (p.type === 'transcript-delta' ? [p.delta] : []));
    const finals = parts.flatMap((p) => (p.type === 'transcript-final' ? [p.text] : []));
    expect(finals).toEqual([
      'Streaming speech comes back as text.',
      'One segment per pause.',
      'Done!',
    ]);

    const whole = await transcribe({
      model: pg.transcription('whisper-large-v3-turbo'),
      audio: concat([wavHeader(audio.byteLength), audio]),
    });
    expect(await result.text).toBe(whole.text);
    expect(deltas.join('')).toBe(whole.text);
    expect(await result.language).toBe('en');
    expect(await result.durationInSeconds).toBeCloseTo(audio.byteLength / 2 / RATE, 5);
    const segments = await result.segments;
    expect(segments).toHaveLength(3);
    for (const s of segments) expect(s.endSecond).toBeGreaterThan(s.startSecond);
    expect((await result.providerMetadata).polargrid).toMatchObject({
      region: 'yvr-02',
      segments: 3,
    });
  });

  it('takes base64 chunks, and PCM without a rate with a warning', async () => {
    const audio = await speakWithPauses(['Base sixty four.']);
    const result = streamTranscribe({
      model: pg.transcription('whisper-large-v3-turbo'),
      audio: live(audio, true),
      inputAudioFormat: { type: 'audio/pcm' },
    });
    expect(await result.text).toBe('Base sixty four.');
    expect(await result.warnings).toEqual([
      expect.objectContaining({ type: 'compatibility', feature: 'inputAudioFormat' }),
    ]);
  });
});

/** A 44-byte WAV header for 24 kHz 16-bit mono PCM. */
function wavHeader(dataBytes: number): Uint8Array {
  const header = new Uint8Array(44);
  const view = new DataView(header.buffer);
  const ascii = (at: number, text: string) => {
    for (let i = 0; i < text.length; i++) view.setUint8(at + i, text.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, RATE, true);
  view.setUint32(28, RATE * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  return header;
}
