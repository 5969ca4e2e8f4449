import { SAMPLE_RATE } from './wav.js';

/** What PolarGrid's edges send for `response_format: 'mp3'` (libmp3lame, 128 kbps CBR). */
const KBPS = 128;
/** Samples per MPEG-2 Layer III frame at 24 kHz; the encoder is fed whole frames. */
const FRAME_SAMPLES = 576;
const BLOCK_SAMPLES = FRAME_SAMPLES * 64;

/**
 * Encodes 24 kHz 16-bit little-endian mono PCM as an MP3 (MPEG-2 Layer III, 128 kbps CBR, mono),
 * with LAME's JavaScript port. Loaded on first use, so the emulator starts without it, and through
 * `import()`, which also serves the CommonJS build (the package's `require` entry is a bare IIFE).
 */
export async function encodeMp3(pcm: Uint8Array): Promise<Buffer> {
  const { Mp3Encoder } = await import('@breezystack/lamejs');
  const encoder = new Mp3Encoder(1, SAMPLE_RATE, KBPS);
  const samples = new Int16Array(Math.floor(pcm.length / 2));
  const view = new DataView(pcm.buffer, pcm.byteOffset, samples.length * 2);
  for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(i * 2, true);
  const parts: Uint8Array[] = [];
  for (let at = 0; at < samples.length; at += BLOCK_SAMPLES)
    parts.push(encoder.encodeBuffer(samples.subarray(at, at + BLOCK_SAMPLES)));
  parts.push(encoder.flush());
  // The encoder hands out signed bytes (Int8Array) whatever its types say: view them as bytes.
  return Buffer.concat(parts.map((part) => Buffer.from(part.buffer, part.byteOffset, part.length)));
}
