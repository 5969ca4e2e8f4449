import { OggOpusDecoder as IndependentDecoder } from 'ogg-opus-decoder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeText, encodeText } from '../src/audio/tone-codec.js';
import { type EdgeEmulator, startEdgeEmulator } from '../src/index.js';
import { client } from './helpers.js';

let emulator: EdgeEmulator;
let c: ReturnType<typeof client>;
beforeAll(async () => {
  emulator = await startEdgeEmulator();
  c = client(emulator, 'yvr-02');
});
afterAll(() => emulator.close());

/**
 * Decodes Ogg Opus with a decoder that shares no code with the emulator (wasm-audio-decoders'
 * demuxer and libopus build), to 24 kHz 16-bit PCM (it outputs 48 kHz: every other sample).
 */
async function independentDecode(ogg: Uint8Array): Promise<{ pcm: Buffer; errors: number }> {
  const decoder = new IndependentDecoder();
  await decoder.ready;
  try {
    const { channelData, errors } = await decoder.decodeFile(ogg);
    const at48k = channelData[0] ?? new Float32Array(0);
    const pcm = Buffer.alloc(Math.floor(at48k.length / 2) * 2);
    for (let i = 0; i < pcm.length / 2; i++) {
      const s = Math.max(-1, Math.min(1, at48k[i * 2] ?? 0));
      pcm.writeInt16LE(Math.round(s * 32767), i * 2);
    }
    return { pcm, errors: errors.length };
  } finally {
    decoder.free();
  }
}

/** The first utterance in `pcm`, skipping the codec's leading delay. */
function heard(pcm: Buffer): string | undefined {
  let at = 0;
  while (at + 1 < pcm.length && Math.abs(pcm.readInt16LE(at)) < 1_500) at += 2;
  return decodeText(pcm.subarray(Math.max(0, at - 2)))?.text;
}

describe('Ogg Opus speech', () => {
  it('streams real Ogg Opus that an independent decoder plays back as the text', async () => {
    const text = 'Opus from the emulator, chunk by chunk.';
    const res = await c.post('/v1/audio/speech', {
      model: 'kokoro-82m',
      voice: 'af_bella',
      input: text,
      response_format: 'opus',
      stream: true,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/ogg; codecs=opus');
    const chunks: Uint8Array[] = [];
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
    const ogg = Buffer.concat(chunks);
    expect(ogg.subarray(0, 4).toString('latin1')).toBe('OggS');
    expect(ogg.subarray(28, 36).toString('latin1')).toBe('OpusHead');
    // Far smaller than the PCM it carries (24 kHz 16-bit), so it really is compressed.
    expect(ogg.length).toBeLessThan(encodeText(text).length / 4);
    const { pcm, errors } = await independentDecode(ogg);
    expect(errors).toBe(0);
    expect(heard(pcm)).toBe(text);
  });

  it('transcribes an Ogg Opus upload back to its text', async () => {
    const text = 'Round trip through Opus.';
    const res = await c.post('/v1/audio/speech', {
      model: 'kokoro-82m',
      voice: 'af_bella',
      input: text,
      response_format: 'opus',
      stream: true,
    });
    const ogg = new Uint8Array(await res.arrayBuffer());
    const form = new FormData();
    form.append('file', new Blob([ogg]), 'speech.ogg');
    const answer = await fetch(
      `${c.base}/v1/audio/transcriptions?model=whisper-large-v3-turbo&sync=true`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${emulator.apiKey}` },
        body: form,
      },
    );
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { text: string }).text).toBe(text);
  });

  it('refuses Opus for a whole clip, as PolarGrid does (batch formats are pcm, wav and mp3)', async () => {
    const res = await c.post('/v1/audio/speech', {
      model: 'kokoro-82m',
      voice: 'af_bella',
      input: 'x',
      response_format: 'opus',
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain("got 'opus'");
  });
});
