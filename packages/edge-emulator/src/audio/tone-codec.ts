import { SAMPLE_RATE } from './wav.js';

/**
 * The emulator's "voice": every UTF-8 byte of the text becomes a two-tone symbol (one of 16
 * frequencies for each nibble, like DTMF), so the audio is real, audible PCM and the emulator's
 * transcription can read the text back exactly. A preamble (`PG1` + symbol length) marks emulator
 * audio; anything without it is treated as foreign audio.
 *
 * Frequencies are multiples of 100 Hz and symbols last a multiple of 10 ms (240 samples), so every
 * tone completes whole cycles in a symbol and the tones are orthogonal: decoding is exact.
 */
const UNIT = 240;
const PREAMBLE_UNITS = 4;
const LOW = Array.from({ length: 16 }, (_, i) => 600 + 100 * i);
const HIGH = Array.from({ length: 16 }, (_, i) => 2400 + 100 * i);
const AMPLITUDE = 0.35 * 32767;
const MAGIC = [0x50, 0x47, 0x31]; // "PG1"

/** Symbol length (in 10 ms units) for a speaking speed: 40 ms at 1.0. */
export function unitsForSpeed(speed: number): number {
  return Math.max(1, Math.min(16, Math.round(4 / speed)));
}

function checksum(bytes: Uint8Array): number {
  let sum = 0x5a;
  for (const b of bytes) sum = (sum * 31 + b) & 0xff;
  return sum;
}

function writeSymbol(out: Int16Array, at: number, byte: number, length: number): void {
  const lo = LOW[byte & 0x0f] as number;
  const hi = HIGH[byte >> 4] as number;
  for (let n = 0; n < length; n++) {
    const t = n / SAMPLE_RATE;
    out[at + n] = Math.round(
      AMPLITUDE * (Math.sin(2 * Math.PI * lo * t) + Math.sin(2 * Math.PI * hi * t)),
    );
  }
}

/** 16-bit little-endian mono PCM at 24 kHz that carries `text`. */
export function encodeText(text: string, speed = 1): Buffer {
  const payload = new TextEncoder().encode(text);
  if (payload.length > 0xffff) throw new Error('text too long to encode');
  const units = unitsForSpeed(speed);
  const symbol = units * UNIT;
  const preamble = [...MAGIC, units];
  const body = [payload.length >> 8, payload.length & 0xff, ...payload, checksum(payload)];
  const tail = 12 * UNIT; // 120 ms of silence at the end, like real TTS
  const total = preamble.length * PREAMBLE_UNITS * UNIT + body.length * symbol + tail;
  const samples = new Int16Array(total);
  let at = 0;
  for (const byte of preamble) {
    writeSymbol(samples, at, byte, PREAMBLE_UNITS * UNIT);
    at += PREAMBLE_UNITS * UNIT;
  }
  for (const byte of body) {
    writeSymbol(samples, at, byte, symbol);
    at += symbol;
  }
  return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
}

function power(samples: Int16Array, start: number, length: number, freq: number): number {
  const w = (2 * Math.PI * freq) / SAMPLE_RATE;
  const coeff = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  for (let n = 0; n < length; n++) {
    const s = (samples[start + n] ?? 0) + coeff * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  return s1 * s1 + s2 * s2 - coeff * s1 * s2;
}

function strongest(samples: Int16Array, start: number, length: number, freqs: number[]): number {
  let best = 0;
  let bestPower = -1;
  freqs.forEach((f, i) => {
    const p = power(samples, start, length, f);
    if (p > bestPower) {
      bestPower = p;
      best = i;
    }
  });
  return best;
}

function readSymbol(samples: Int16Array, start: number, length: number): number | undefined {
  if (start + length > samples.length) return undefined;
  // A silent block is not a symbol (foreign audio often starts with silence).
  let energy = 0;
  for (let n = 0; n < length; n++) energy += Math.abs(samples[start + n] ?? 0);
  if (energy / length < 500) return undefined;
  return (strongest(samples, start, length, HIGH) << 4) | strongest(samples, start, length, LOW);
}

/** Decoded text plus the time span of each byte, or undefined for audio the emulator did not make. */
export interface DecodedSpeech {
  text: string;
  /** Seconds from the start of the audio to the first payload byte. */
  payloadStart: number;
  /** Seconds per payload byte. */
  secondsPerByte: number;
  duration: number;
  /** Seconds from the start of the audio to the end of this utterance (its checksum symbol). */
  end: number;
}

function samplesOf(pcm: Buffer): Int16Array {
  return new Int16Array(pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + (pcm.length & ~1)));
}

/** One utterance that starts exactly at sample `start`. */
function decodeAt(samples: Int16Array, start: number): DecodedSpeech | undefined {
  let at = start;
  const preambleLength = PREAMBLE_UNITS * UNIT;
  for (const expected of MAGIC) {
    if (readSymbol(samples, at, preambleLength) !== expected) return undefined;
    at += preambleLength;
  }
  const units = readSymbol(samples, at, preambleLength);
  if (units === undefined || units < 1 || units > 16) return undefined;
  at += preambleLength;
  const symbol = units * UNIT;
  const payloadStartSample = at + 2 * symbol;
  const hi = readSymbol(samples, at, symbol);
  const lo = readSymbol(samples, at + symbol, symbol);
  if (hi === undefined || lo === undefined) return undefined;
  const length = (hi << 8) | lo;
  at = payloadStartSample;
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const byte = readSymbol(samples, at, symbol);
    if (byte === undefined) return undefined;
    bytes[i] = byte;
    at += symbol;
  }
  if (readSymbol(samples, at, symbol) !== checksum(bytes)) return undefined;
  return {
    text: new TextDecoder().decode(bytes),
    payloadStart: payloadStartSample / SAMPLE_RATE,
    secondsPerByte: symbol / SAMPLE_RATE,
    duration: samples.length / SAMPLE_RATE,
    end: (at + symbol) / SAMPLE_RATE,
  };
}

/** The utterance at the very start of `pcm` (what the speech endpoint returns for one input). */
export function decodeText(pcm: Buffer): DecodedSpeech | undefined {
  return decodeAt(samplesOf(pcm), 0);
}

/** A sample loud enough to be the start of a tone (a symbol starts at phase 0, then rises fast). */
const ONSET_LEVEL = 1_500;

/**
 * Every emulator utterance in `pcm`, in order, whatever silence comes before, between or after
 * them (a recording of several answers, or a microphone that picked up the emulator's voice).
 * Each utterance starts one sample before the first loud sample after the previous one. Decoding
 * stops at the first stretch that is not emulator speech; undefined when there is none at all.
 */
export function decodeUtterances(pcm: Buffer): DecodedSpeech[] | undefined {
  const samples = samplesOf(pcm);
  const found: DecodedSpeech[] = [];
  let at = 0;
  for (;;) {
    while (at < samples.length && Math.abs(samples[at] ?? 0) < ONSET_LEVEL) at += 1;
    if (at >= samples.length) break;
    const start = Math.max(0, at - 1);
    const utterance = decodeAt(samples, start);
    if (utterance === undefined) break;
    found.push(utterance);
    at = Math.round(utterance.end * SAMPLE_RATE);
  }
  return found.length > 0 ? found : undefined;
}
