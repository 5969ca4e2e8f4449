import OpusScript from 'opusscript';
// The one Ogg page framer of the repository lives in the core (it has no imports); the emulator
// cannot depend on the core (the core's tests depend on the emulator), so it bundles that file.
import { OggOpusReader, OggOpusWriter } from '../../../core/src/realtime/ogg.js';
import { SAMPLE_RATE } from './wav.js';

/** 20 ms at 24 kHz: the frame PolarGrid's streamed speech and the PersonaPlex reference client use. */
export const OPUS_FRAME_SAMPLES = 480;
const FRAME_BYTES = OPUS_FRAME_SAMPLES * 2;
/** Enough for the emulator's two-tone voice to survive the codec exactly (measured: 24 kbps and up). */
const BITRATE = 48_000;
const OPUS_SET_BITRATE = 4002;
/** The encoder's lookahead at 24 kHz (6.5 ms), in 48 kHz samples, as RFC 7845 asks for pre-skip. */
const PRE_SKIP = 312;

/**
 * A streaming encoder from 24 kHz 16-bit mono PCM to Ogg Opus pages: libopus (the `opusscript`
 * WASM build) makes the packets, the core's Ogg module frames them. Feed PCM in any amounts;
 * every call returns the pages completed so far (the first call also returns the two headers).
 */
export class OggOpusEncoder {
  readonly #opus = new OpusScript(SAMPLE_RATE, 1, OpusScript.Application.AUDIO);
  readonly #writer: OggOpusWriter;
  #pending: Buffer = Buffer.alloc(0);

  constructor(serial = 0x50474f31 /* "PGO1" */) {
    this.#opus.encoderCTL(OPUS_SET_BITRATE, BITRATE);
    this.#writer = new OggOpusWriter({
      serial,
      inputSampleRate: SAMPLE_RATE,
      preSkip: PRE_SKIP,
      vendor: 'polargrid-edge-emulator (libopus via opusscript)',
    });
  }

  /** The header pages on their own (a stream that starts before any audio). */
  headers(): Buffer[] {
    return this.#writer.headerPages().map((page) => Buffer.from(page));
  }

  /**
   * Pages for `pcm`, `packetsPerPage` 20 ms packets to a page. With `last`, the remainder is padded
   * with silence to a whole frame and the final page carries EOS.
   */
  encode(pcm: Buffer, options: { last?: boolean; packetsPerPage?: number } = {}): Buffer[] {
    const perPage = options.packetsPerPage ?? 1;
    let data = Buffer.concat([this.#pending, pcm]);
    if (options.last && data.length % FRAME_BYTES !== 0) {
      data = Buffer.concat([data, Buffer.alloc(FRAME_BYTES - (data.length % FRAME_BYTES))]);
    }
    const whole = data.length - (data.length % FRAME_BYTES);
    this.#pending = Buffer.from(data.subarray(whole));
    const packets: Uint8Array[] = [];
    for (let at = 0; at < whole; at += FRAME_BYTES) {
      packets.push(
        Uint8Array.from(this.#opus.encode(data.subarray(at, at + FRAME_BYTES), OPUS_FRAME_SAMPLES)),
      );
    }
    const pages: Buffer[] = this.headers();
    for (let i = 0; i < packets.length; i += perPage) {
      const last = options.last === true && i + perPage >= packets.length;
      for (const page of this.#writer.audioPages(packets.slice(i, i + perPage), last))
        pages.push(Buffer.from(page));
    }
    if (options.last && packets.length === 0) {
      const silence = Uint8Array.from(
        this.#opus.encode(Buffer.alloc(FRAME_BYTES), OPUS_FRAME_SAMPLES),
      );
      for (const page of this.#writer.audioPages([silence], true)) pages.push(Buffer.from(page));
    }
    return pages;
  }

  /** Frees the WASM encoder. */
  free(): void {
    this.#opus.delete();
  }
}

/**
 * A streaming decoder from Ogg Opus bytes (cut anywhere) to 24 kHz 16-bit mono PCM. Throws the
 * Ogg reader's error on a malformed stream and libopus's on a packet it cannot decode.
 */
export class OggOpusDecoder {
  readonly #opus = new OpusScript(SAMPLE_RATE, 1, OpusScript.Application.AUDIO);
  readonly #reader = new OggOpusReader();

  decode(bytes: Uint8Array): Buffer {
    const out: Buffer[] = [];
    for (const { packet } of this.#reader.push(bytes))
      out.push(Buffer.from(this.#opus.decode(Buffer.from(packet))));
    return Buffer.concat(out);
  }

  free(): void {
    this.#opus.delete();
  }
}

/** Whether `bytes` start like an Ogg stream. */
export function isOgg(bytes: Uint8Array): boolean {
  return bytes[0] === 0x4f && bytes[1] === 0x67 && bytes[2] === 0x67 && bytes[3] === 0x53;
}

/** The PCM of a whole Ogg Opus file, or undefined when it does not decode. */
export function decodeOggOpus(bytes: Uint8Array): Buffer | undefined {
  const decoder = new OggOpusDecoder();
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  } finally {
    decoder.free();
  }
}
