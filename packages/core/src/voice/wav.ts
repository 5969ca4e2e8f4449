/**
 * The RIFF/WAVE container for 16-bit PCM: written around each audio segment (PolarGrid transcribes
 * WAV, not headerless PCM) and read from the front of a WAV input stream. DataView only, so it runs
 * in every runtime.
 */

/** The format of 16-bit little-endian PCM. */
export interface PcmFormat {
  sampleRate: number;
  channels: number;
}

const HEADER_BYTES = 44;

function writeAscii(view: DataView, at: number, text: string): void {
  for (let i = 0; i < text.length; i++) view.setUint8(at + i, text.charCodeAt(i));
}

/** A WAV file holding `pcm` (16-bit little-endian samples). */
export function pcmToWav(pcm: Uint8Array, format: PcmFormat): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(HEADER_BYTES + pcm.byteLength);
  const view = new DataView(out.buffer);
  const blockAlign = format.channels * 2;
  writeAscii(view, 0, 'RIFF');
  view.setUint32(4, 36 + pcm.byteLength, true);
  writeAscii(view, 8, 'WAVE');
  writeAscii(view, 12, 'fmt ');
  view.setUint32(16, 16, true); // fmt chunk size
  view.setUint16(20, 1, true); // integer PCM
  view.setUint16(22, format.channels, true);
  view.setUint32(24, format.sampleRate, true);
  view.setUint32(28, format.sampleRate * blockAlign, true); // byte rate
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, 16, true); // bits per sample
  writeAscii(view, 36, 'data');
  view.setUint32(40, pcm.byteLength, true);
  out.set(pcm, HEADER_BYTES);
  return out;
}

/**
 * What a WAV stream may say of its audio: 1–8 interleaved channels, 8,000–192,000 samples per
 * second (what the segmenter measures and PolarGrid transcribes), 8–64 bits per sample in whole
 * bytes. A header outside these is refused before any request: 0 channels would make a frame of
 * no bytes, 65,535 a frame of hundreds of megabytes.
 */
export const WAV_LIMITS = {
  minChannels: 1,
  maxChannels: 8,
  minSampleRate: 8_000,
  maxSampleRate: 192_000,
  /** Bytes of chunks before the audio (`fmt `, `LIST`, …) read at most. */
  maxHeadBytes: 1024 * 1024,
} as const;

/** Why a PCM format (an option or a WAV header field) is refused; `undefined` when it is fine. */
export function pcmFormatProblem(format: {
  sampleRate: unknown;
  channels: unknown;
}): { field: 'sampleRate' | 'channels'; message: string } | undefined {
  const { sampleRate, channels } = format;
  if (
    !(
      Number.isInteger(channels) &&
      (channels as number) >= WAV_LIMITS.minChannels &&
      (channels as number) <= WAV_LIMITS.maxChannels
    )
  ) {
    return {
      field: 'channels',
      message: `channels must be an integer from ${WAV_LIMITS.minChannels} to ${WAV_LIMITS.maxChannels} (got ${String(channels)}).`,
    };
  }
  if (
    !(
      Number.isInteger(sampleRate) &&
      (sampleRate as number) >= WAV_LIMITS.minSampleRate &&
      (sampleRate as number) <= WAV_LIMITS.maxSampleRate
    )
  ) {
    return {
      field: 'sampleRate',
      message: `sampleRate must be an integer number of Hz from 8 000 to 192 000 (got ${String(sampleRate)}).`,
    };
  }
  return undefined;
}

function readAscii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

/** What the front of a WAV stream says. */
export type WavHead =
  | { kind: 'need-more' }
  | { kind: 'not-wav' }
  /** A RIFF/WAVE stream whose header is broken or out of bounds: refused, never sent. */
  | { kind: 'invalid'; message: string }
  | {
      kind: 'wav';
      format: PcmFormat;
      bitsPerSample: number;
      integerPcm: boolean;
      dataOffset: number;
    };

type FmtFields = { format: PcmFormat; bitsPerSample: number; integerPcm: boolean };

/** The `fmt ` chunk's fields, or why they are refused. */
function readFmt(view: DataView, body: number, size: number): FmtFields | string {
  if (size < 16) return `its fmt chunk has ${size} bytes (at least 16 are needed)`;
  const formatTag = view.getUint16(body, true);
  const channels = view.getUint16(body + 2, true);
  const sampleRate = view.getUint32(body + 4, true);
  const byteRate = view.getUint32(body + 8, true);
  const blockAlign = view.getUint16(body + 12, true);
  const bitsPerSample = view.getUint16(body + 14, true);
  const problem = pcmFormatProblem({ sampleRate, channels });
  if (problem)
    return `its header says ${problem.field} ${problem.field === 'channels' ? channels : sampleRate}: ${problem.message}`;
  if (!(bitsPerSample >= 8 && bitsPerSample <= 64 && bitsPerSample % 8 === 0))
    return `its header says ${bitsPerSample} bits per sample (8, 16, 24, 32 or 64 are read)`;
  if (blockAlign !== (channels * bitsPerSample) / 8)
    return `its header's block size (${blockAlign} bytes) does not match ${channels} channel(s) of ${bitsPerSample} bits`;
  if (byteRate !== sampleRate * blockAlign)
    return `its header's byte rate (${byteRate}) does not match ${sampleRate} Hz × ${blockAlign} bytes`;
  return { integerPcm: formatTag === 1, format: { channels, sampleRate }, bitsPerSample };
}

/**
 * Reads the front of a WAV stream as it arrives, chunk by chunk, each byte once: the bytes are
 * kept in a buffer that doubles when full (never joined again per push), and the chunk walk
 * resumes where it stopped. At most {@link WAV_LIMITS.maxHeadBytes} before the audio.
 *
 * Streamed WAV often has a placeholder `data` size (the recorder did not know the length), so
 * that size is not trusted: everything after the `data` header is audio.
 */
export class WavHeadReader {
  #bytes = new Uint8Array(256);
  #length = 0;
  /** Where the next chunk header starts (after `RIFF····WAVE`). */
  #offset = 12;
  #fmt: FmtFields | undefined;
  #head: WavHead = { kind: 'need-more' };

  /** Adds bytes; returns what the front says so far. Once decided, the answer does not change. */
  push(chunk: Uint8Array): WavHead {
    if (this.#head.kind !== 'need-more') return this.#head;
    this.#append(chunk);
    this.#head = this.#read();
    return this.#head;
  }

  /** Every byte pushed so far, in order (a view of the reader's buffer). */
  get bytes(): Uint8Array {
    return this.#bytes.subarray(0, this.#length);
  }

  #append(chunk: Uint8Array): void {
    const needed = this.#length + chunk.byteLength;
    if (needed > this.#bytes.byteLength) {
      const grown = new Uint8Array(Math.max(needed, this.#bytes.byteLength * 2));
      grown.set(this.#bytes.subarray(0, this.#length));
      this.#bytes = grown;
    }
    this.#bytes.set(chunk, this.#length);
    this.#length = needed;
  }

  #read(): WavHead {
    const bytes = this.bytes;
    if (bytes.byteLength < 12) return { kind: 'need-more' };
    if (readAscii(bytes, 0, 4) !== 'RIFF' || readAscii(bytes, 8, 4) !== 'WAVE')
      return { kind: 'not-wav' };
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    while (this.#offset + 8 <= bytes.byteLength) {
      const offset = this.#offset;
      const id = readAscii(bytes, offset, 4);
      const size = view.getUint32(offset + 4, true);
      const body = offset + 8;
      if (id === 'data') {
        if (this.#fmt === undefined) return invalid('its audio comes before its fmt chunk');
        return { kind: 'wav', ...this.#fmt, dataOffset: body };
      }
      if (body + size > WAV_LIMITS.maxHeadBytes)
        return invalid(
          `its ${JSON.stringify(id)} chunk (${size} bytes) ends past the ${WAV_LIMITS.maxHeadBytes} bytes read before the audio`,
        );
      if (body + size > bytes.byteLength) return { kind: 'need-more' };
      if (id === 'fmt ') {
        const fmt = readFmt(view, body, size);
        if (typeof fmt === 'string') return invalid(fmt);
        this.#fmt = fmt;
      }
      this.#offset = body + size + (size % 2);
    }
    if (bytes.byteLength >= WAV_LIMITS.maxHeadBytes)
      return invalid(`no audio starts within its first ${WAV_LIMITS.maxHeadBytes} bytes`);
    return { kind: 'need-more' };
  }
}

function invalid(why: string): WavHead {
  return { kind: 'invalid', message: `The WAV audio cannot be read: ${why}.` };
}

/** Reads the front of a whole WAV byte array (see {@link WavHeadReader}). */
export function readWavHead(bytes: Uint8Array): WavHead {
  return new WavHeadReader().push(bytes);
}
