/**
 * Ogg page framing for one Opus stream (RFC 3533 pages, RFC 7845 Ogg Opus headers): the container
 * only, never the codec. Writing turns Opus packets into pages (segment table, CRC, granule,
 * BOS/EOS); reading turns a byte stream cut anywhere into packets, checking every page's magic,
 * version, CRC and size. The npm registry has Opus codecs (libopus in WASM) but no maintained Ogg
 * muxer that runs without Node built-ins, so this small module is the one place that frames pages:
 * the core's PersonaPlex session and the emulator both use it.
 *
 * Self-contained on purpose (no imports): the emulator bundles this very file.
 *
 * @module
 */

/** Page header flag: this page continues a packet from the previous page. */
export const OGG_CONTINUED = 0x01;
/** Page header flag: first page of a logical stream. */
export const OGG_BOS = 0x02;
/** Page header flag: last page of a logical stream. */
export const OGG_EOS = 0x04;

/** The largest page: a 27-byte header, 255 lacing values and 255 segments of 255 bytes. */
export const MAX_OGG_PAGE_BYTES = 27 + 255 + 255 * 255;

const CAPTURE = [0x4f, 0x67, 0x67, 0x53]; // "OggS"
const HEADER_BYTES = 27;

/** The CRC-32 of Ogg: polynomial 0x04c11db7, no reflection, initial value and final xor 0. */
const CRC_TABLE = /* @__PURE__ */ (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let bit = 0; bit < 8; bit++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

/** The Ogg CRC of `bytes` (the page with its CRC field zeroed). */
export function oggCrc(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes)
    crc = ((crc << 8) ^ (CRC_TABLE[((crc >>> 24) ^ byte) & 0xff] ?? 0)) >>> 0;
  return crc;
}

/** One Ogg page, as written or read. */
export interface OggPage {
  /** {@link OGG_CONTINUED}, {@link OGG_BOS}, {@link OGG_EOS}, or'ed. */
  headerType: number;
  /** Granule position (for Opus: 48 kHz samples up to the end of the last packet finished here); -1 when none finishes. */
  granule: number;
  serial: number;
  sequence: number;
  /** Whole packets. */
  packets: Uint8Array[];
}

/** Builds one page holding whole `packets`; throws a `RangeError` when they need more than 255 segments. */
export function writeOggPage(page: OggPage): Uint8Array {
  const lacing: number[] = [];
  for (const packet of page.packets) {
    for (let left = packet.length; ; left -= 255) {
      lacing.push(Math.min(left, 255));
      if (left < 255) break;
    }
  }
  if (lacing.length > 255) throw new RangeError('Ogg page: packets need more than 255 segments');
  const bodyBytes = page.packets.reduce((sum, p) => sum + p.length, 0);
  const out = new Uint8Array(HEADER_BYTES + lacing.length + bodyBytes);
  const view = new DataView(out.buffer);
  out.set(CAPTURE, 0);
  out[4] = 0; // stream structure version
  out[5] = page.headerType;
  // A granule of -1 is all ones; otherwise a non-negative integer below 2^53.
  const granule = BigInt(page.granule);
  view.setBigInt64(6, granule, true);
  view.setUint32(14, page.serial >>> 0, true);
  view.setUint32(18, page.sequence >>> 0, true);
  out[26] = lacing.length;
  out.set(lacing, HEADER_BYTES);
  let at = HEADER_BYTES + lacing.length;
  for (const packet of page.packets) {
    out.set(packet, at);
    at += packet.length;
  }
  view.setUint32(22, oggCrc(out), true);
  return out;
}

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** The identification header (RFC 7845 §5.1) of a mono or stereo stream, mapping family 0. */
export function opusHead(options: {
  channels?: number;
  preSkip?: number;
  inputSampleRate: number;
}): Uint8Array {
  const out = new Uint8Array(19);
  const view = new DataView(out.buffer);
  out.set(ascii('OpusHead'), 0);
  out[8] = 1; // version
  out[9] = options.channels ?? 1;
  view.setUint16(10, options.preSkip ?? 0, true);
  view.setUint32(12, options.inputSampleRate, true);
  view.setInt16(16, 0, true); // output gain
  out[18] = 0; // channel mapping family
  return out;
}

/** The comment header (RFC 7845 §5.2) with a vendor string and no comments. */
export function opusTags(vendor: string): Uint8Array {
  const name = new TextEncoder().encode(vendor);
  const out = new Uint8Array(8 + 4 + name.length + 4);
  const view = new DataView(out.buffer);
  out.set(ascii('OpusTags'), 0);
  view.setUint32(8, name.length, true);
  out.set(name, 12);
  view.setUint32(12 + name.length, 0, true);
  return out;
}

/** Frame length in 48 kHz samples for each of the 32 TOC configurations (RFC 6716 §3.1). */
const FRAME_SAMPLES = [
  480,
  960,
  1920,
  2880,
  480,
  960,
  1920,
  2880,
  480,
  960,
  1920,
  2880, // SILK NB, MB, WB
  480,
  960,
  480,
  960, // hybrid SWB, FB
  120,
  240,
  480,
  960,
  120,
  240,
  480,
  960,
  120,
  240,
  480,
  960,
  120,
  240,
  480,
  960, // CELT
];

/**
 * How many 48 kHz samples an Opus packet holds, from its TOC byte (and frame count byte):
 * what the granule position advances by. Undefined for an empty or truncated packet.
 */
export function opusPacketSamples(packet: Uint8Array): number | undefined {
  const toc = packet[0];
  if (toc === undefined) return undefined;
  const perFrame = FRAME_SAMPLES[toc >> 3] ?? 0;
  const code = toc & 0x03;
  if (code === 0) return perFrame;
  if (code === 1 || code === 2) return 2 * perFrame;
  const count = packet[1];
  if (count === undefined) return undefined;
  return (count & 0x3f) * perFrame;
}

/** Writes one Ogg Opus stream: the two header pages, then pages of audio packets. */
export class OggOpusWriter {
  readonly serial: number;
  #sequence = 0;
  #granule = 0;
  #headersWritten = false;
  readonly #head: Uint8Array;
  readonly #tags: Uint8Array;

  constructor(options: {
    serial: number;
    inputSampleRate: number;
    channels?: number;
    /** 48 kHz samples the decoder drops at the start (the encoder's lookahead). */
    preSkip?: number;
    vendor?: string;
  }) {
    this.serial = options.serial >>> 0;
    this.#head = opusHead(options);
    this.#tags = opusTags(options.vendor ?? 'polargrid');
  }

  /** The OpusHead page (BOS) and the OpusTags page, once; an empty list afterwards. */
  headerPages(): Uint8Array[] {
    if (this.#headersWritten) return [];
    this.#headersWritten = true;
    return [this.#page(OGG_BOS, 0, [this.#head]), this.#page(0, 0, [this.#tags])];
  }

  /**
   * One page holding `packets` (headers first if not yet written, so the result may be three
   * pages). `last` marks the end of the stream (EOS).
   */
  audioPages(packets: Uint8Array[], last = false): Uint8Array[] {
    const pages = this.headerPages();
    for (const packet of packets) {
      const samples = opusPacketSamples(packet);
      if (samples === undefined) throw new RangeError('Ogg Opus: an empty Opus packet');
      this.#granule += samples;
    }
    pages.push(this.#page(last ? OGG_EOS : 0, this.#granule, packets));
    return pages;
  }

  #page(headerType: number, granule: number, packets: Uint8Array[]): Uint8Array {
    const sequence = this.#sequence;
    this.#sequence += 1;
    return writeOggPage({ headerType, granule, serial: this.serial, sequence, packets });
  }
}

/** Why a byte stream is not Ogg: the reader's error, with a short machine-readable reason. */
export class OggFormatError extends Error {
  override name = 'OggFormatError';
  readonly reason: 'capture' | 'version' | 'crc' | 'too_large' | 'header' | 'sequence';
  constructor(reason: OggFormatError['reason'], message: string) {
    super(message);
    this.reason = reason;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * Reads pages from a byte stream delivered in pieces cut anywhere (a page may span pushes, a push
 * may hold several pages), and joins packets that span pages. Every page is checked (capture
 * pattern, version 0, CRC); at most {@link MAX_OGG_PAGE_BYTES} are buffered, so a stream that never
 * completes a page cannot grow memory. Any violation throws an {@link OggFormatError}, after which
 * the reader must not be used again.
 */
export class OggPageReader {
  #buffer: Uint8Array = new Uint8Array(0);
  #partial: Uint8Array | undefined;

  /** The complete pages in `bytes` and what was buffered before; the rest is kept. */
  push(bytes: Uint8Array): OggPage[] {
    this.#buffer = concat(this.#buffer, bytes);
    const pages: OggPage[] = [];
    for (;;) {
      const page = this.#nextPage();
      if (page === undefined) break;
      pages.push(page);
    }
    if (this.#buffer.length > MAX_OGG_PAGE_BYTES) {
      throw new OggFormatError('too_large', 'Ogg: more bytes than one page without a whole page');
    }
    return pages;
  }

  /** Bytes held that do not yet make a whole page. */
  get buffered(): number {
    return this.#buffer.length;
  }

  #nextPage(): OggPage | undefined {
    const buf = this.#buffer;
    if (buf.length < HEADER_BYTES) {
      this.#checkCapture(buf, Math.min(buf.length, 4));
      return undefined;
    }
    this.#checkCapture(buf, 4);
    if (buf[4] !== 0)
      throw new OggFormatError('version', `Ogg: unknown stream structure version ${buf[4]}`);
    const segments = buf[26] ?? 0;
    if (buf.length < HEADER_BYTES + segments) return undefined;
    const lacing = buf.subarray(HEADER_BYTES, HEADER_BYTES + segments);
    const bodyBytes = lacing.reduce((sum, n) => sum + n, 0);
    const total = HEADER_BYTES + segments + bodyBytes;
    if (buf.length < total) return undefined;
    // A copy that owns its memory (a Node Buffer's `slice` would share the pool).
    const pageBytes = new Uint8Array(buf.subarray(0, total));
    const view = new DataView(pageBytes.buffer);
    const crc = view.getUint32(22, true);
    view.setUint32(22, 0, true);
    if (oggCrc(pageBytes) !== crc) throw new OggFormatError('crc', 'Ogg: page CRC mismatch');
    this.#buffer = buf.subarray(total);

    const headerType = pageBytes[5] ?? 0;
    const packets: Uint8Array[] = [];
    let at = HEADER_BYTES + segments;
    let start = at;
    let carried = this.#partial;
    if (carried !== undefined && !(headerType & OGG_CONTINUED)) carried = undefined;
    this.#partial = undefined;
    for (const size of lacing) {
      at += size;
      if (size < 255) {
        const piece = pageBytes.subarray(start, at);
        packets.push(carried ? concat(carried, piece) : piece.slice());
        carried = undefined;
        start = at;
      }
    }
    if (start < at || (lacing.length > 0 && lacing[lacing.length - 1] === 255)) {
      const piece = pageBytes.subarray(start, at);
      this.#partial = carried ? concat(carried, piece) : piece.slice();
      if (this.#partial.length > MAX_OGG_PAGE_BYTES) {
        throw new OggFormatError('too_large', 'Ogg: a packet larger than one page');
      }
    }
    return {
      headerType,
      granule: Number(view.getBigInt64(6, true)),
      serial: view.getUint32(14, true),
      sequence: view.getUint32(18, true),
      packets,
    };
  }

  #checkCapture(buf: Uint8Array, length: number): void {
    for (let i = 0; i < length; i++) {
      if (buf[i] !== CAPTURE[i])
        throw new OggFormatError('capture', 'Ogg: no "OggS" page at this point');
    }
  }
}

/** One packet of audio read from an Ogg Opus stream. */
export interface OpusPacket {
  packet: Uint8Array;
  /** 48 kHz samples it holds (from its TOC byte). */
  samples: number;
}

/**
 * Reads the Opus packets of an Ogg Opus byte stream: checks that the first page opens a stream
 * (BOS) with an `OpusHead` packet, skips the `OpusTags` packet that follows, and returns the
 * audio packets. A later BOS page starts a new stream (a server that restarts its encoder).
 */
export class OggOpusReader {
  readonly #pages = new OggPageReader();
  /** Header packets still to come in the current stream: 2 before BOS, then 1 (tags), then 0. */
  #headersLeft = 2;
  #serial: number | undefined;
  #sequence = -1;
  /** The OpusHead's input sample rate of the current stream, once read. */
  inputSampleRate: number | undefined;

  /** The audio packets completed by `bytes`. */
  push(bytes: Uint8Array): OpusPacket[] {
    const out: OpusPacket[] = [];
    for (const page of this.#pages.push(bytes)) {
      if (page.headerType & OGG_BOS) {
        this.#serial = page.serial;
        this.#headersLeft = 2;
      } else if (this.#serial === undefined) {
        throw new OggFormatError(
          'header',
          'Ogg Opus: the first page does not open a stream (no BOS flag)',
        );
      } else if (page.serial !== this.#serial) {
        throw new OggFormatError('header', 'Ogg Opus: a page of another logical stream');
      } else if (page.sequence !== this.#sequence + 1) {
        throw new OggFormatError(
          'sequence',
          `Ogg Opus: page ${page.sequence} after page ${this.#sequence}`,
        );
      }
      this.#sequence = page.sequence;
      for (const packet of page.packets) {
        if (this.#headersLeft === 2) {
          if (!startsWith(packet, 'OpusHead') || packet.length < 19) {
            throw new OggFormatError('header', 'Ogg Opus: the stream does not start with OpusHead');
          }
          this.inputSampleRate = new DataView(packet.buffer, packet.byteOffset).getUint32(12, true);
          this.#headersLeft = 1;
        } else if (this.#headersLeft === 1) {
          if (!startsWith(packet, 'OpusTags')) {
            throw new OggFormatError('header', 'Ogg Opus: OpusTags does not follow OpusHead');
          }
          this.#headersLeft = 0;
        } else {
          const samples = opusPacketSamples(packet);
          if (samples === undefined) continue; // an empty packet is a dropped frame (RFC 7845 §3)
          out.push({ packet, samples });
        }
      }
    }
    return out;
  }
}

function startsWith(bytes: Uint8Array, text: string): boolean {
  if (bytes.length < text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[i] !== text.charCodeAt(i)) return false;
  return true;
}
