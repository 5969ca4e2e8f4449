import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_OGG_PAGE_BYTES,
  OGG_BOS,
  OGG_EOS,
  OggFormatError,
  OggOpusReader,
  OggOpusWriter,
  OggPageReader,
  oggCrc,
  opusPacketSamples,
  writeOggPage,
} from '../src/realtime/ogg.js';

const ascii = (s: string) => new TextEncoder().encode(s);
/** A CELT fullband 20 ms packet (TOC config 31, one frame) with `n` bytes of payload. */
const packet = (n: number, fill = 7) => Uint8Array.from([0xf8, ...new Array(n).fill(fill)]);

function reason(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof OggFormatError) return error.reason;
    throw error;
  }
  return undefined;
}

describe('Ogg page framing', () => {
  it('computes the Ogg CRC (poly 0x04c11db7, init 0, no reflection, no final xor)', () => {
    // CRC-32/POSIX of "123456789" is 0x765e7680 with its final xor; Ogg's has none.
    expect(oggCrc(ascii('123456789'))).toBe((0x765e7680 ^ 0xffffffff) >>> 0);
    expect(oggCrc(new Uint8Array(0))).toBe(0);
  });

  it('reads back what it wrote, however the bytes are cut into messages', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 40 }),
        (sizes, cuts) => {
          const writer = new OggOpusWriter({ serial: 7, inputSampleRate: 24_000 });
          const packets = sizes.map((n, i) => packet(n, i));
          const bytes = concat(packets.flatMap((p) => writer.audioPages([p])));
          const reader = new OggOpusReader();
          const got: Uint8Array[] = [];
          let at = 0;
          for (let i = 0; at < bytes.length; i++) {
            const step = cuts[i % cuts.length] ?? 1;
            for (const p of reader.push(bytes.subarray(at, at + step))) got.push(p.packet);
            at += step;
          }
          expect(got).toEqual(packets);
          expect(reader.inputSampleRate).toBe(24_000);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('laces packets of 255 and 510 bytes with a closing zero, and joins packets that span pages', () => {
    const page = writeOggPage({
      headerType: 0,
      granule: 0,
      serial: 1,
      sequence: 0,
      packets: [new Uint8Array(255), new Uint8Array(510)],
    });
    expect(Array.from(page.subarray(26, 27 + 5))).toEqual([5, 255, 0, 255, 255, 0]);
    // A packet split by hand over two pages (first page ends on a 255 segment).
    const big = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
    const first = writeOggPage({ headerType: 0, granule: -1, serial: 1, sequence: 0, packets: [] });
    const reader = new OggPageReader();
    expect(reader.push(first)[0]?.packets).toEqual([]);
    const pageA = rawPage(0, 1, 1, [255], big.subarray(0, 255));
    const pageB = rawPage(0x01, 1, 2, [45], big.subarray(255));
    expect(reader.push(pageA)[0]?.packets).toEqual([]);
    expect(reader.push(pageB)[0]?.packets).toEqual([big]);
  });

  it('marks BOS on the OpusHead page, EOS on the last, and counts the granule in 48 kHz samples', () => {
    const writer = new OggOpusWriter({ serial: 9, inputSampleRate: 24_000, preSkip: 312 });
    const pages = [
      ...writer.audioPages([packet(10), packet(10)]),
      ...writer.audioPages([packet(3)], true),
    ];
    const read = new OggPageReader().push(concat(pages));
    expect(read.map((p) => p.headerType)).toEqual([OGG_BOS, 0, 0, OGG_EOS]);
    expect(read.map((p) => p.sequence)).toEqual([0, 1, 2, 3]);
    expect(read.map((p) => p.granule)).toEqual([0, 0, 1920, 2880]);
    const head = read[0]?.packets[0] ?? new Uint8Array(0);
    expect(new TextDecoder().decode(head.subarray(0, 8))).toBe('OpusHead');
    expect(new DataView(head.buffer, head.byteOffset).getUint16(10, true)).toBe(312);
  });

  it('refuses a bad CRC, a foreign capture pattern, an unknown version and endless non-pages', () => {
    const page =
      new OggOpusWriter({ serial: 1, inputSampleRate: 24_000 }).headerPages()[0] ??
      new Uint8Array(0);
    const flipped = page.slice();
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 1;
    expect(reason(() => new OggPageReader().push(flipped))).toBe('crc');
    expect(reason(() => new OggPageReader().push(ascii('RIFF....')))).toBe('capture');
    expect(reason(() => new OggPageReader().push(ascii('Og')))).toBeUndefined(); // a page may still come
    expect(reason(() => new OggPageReader().push(ascii('Ogx')))).toBe('capture');
    const v1 = page.slice();
    v1[4] = 1;
    expect(reason(() => new OggPageReader().push(v1))).toBe('version');
    // A header that promises 255 segments of 255 bytes is waited for, never more than one page
    // buffered: the bytes that complete it are then checked like any page.
    const header = rawPage(0, 1, 0, new Array(255).fill(255), new Uint8Array(0)).subarray(
      0,
      27 + 255,
    );
    const reader = new OggPageReader();
    expect(reader.push(header)).toEqual([]);
    expect(reader.push(new Uint8Array(255 * 255 - 1))).toEqual([]);
    expect(reader.buffered).toBe(MAX_OGG_PAGE_BYTES - 1);
    expect(reason(() => reader.push(new Uint8Array(1000)))).toBe('crc');
  });

  it('refuses an Opus stream without BOS, without OpusHead, with a skipped page or a second stream serial', () => {
    const writer = new OggOpusWriter({ serial: 3, inputSampleRate: 24_000 });
    const [head, tags, audio] = writer.audioPages([packet(5)]);
    if (!head || !tags || !audio) throw new Error('three pages expected');
    expect(reason(() => new OggOpusReader().push(tags))).toBe('header');
    const notHead = writeOggPage({
      headerType: OGG_BOS,
      granule: 0,
      serial: 3,
      sequence: 0,
      packets: [ascii('OpusTags')],
    });
    expect(reason(() => new OggOpusReader().push(notHead))).toBe('header');
    expect(reason(() => new OggOpusReader().push(concat([head, audio])))).toBe('sequence');
    const other = writeOggPage({
      headerType: 0,
      granule: 0,
      serial: 4,
      sequence: 1,
      packets: [ascii('OpusTags')],
    });
    expect(reason(() => new OggOpusReader().push(concat([head, other])))).toBe('header');
    expect(new OggOpusReader().push(concat([head, tags, audio])).map((p) => p.samples)).toEqual([
      960,
    ]);
  });

  it('reads packet durations from the TOC byte (RFC 6716 §3.1)', () => {
    expect(opusPacketSamples(Uint8Array.of(0xf8))).toBe(960); // CELT FB 20 ms, one frame
    expect(opusPacketSamples(Uint8Array.of(0xf9))).toBe(1920); // two frames
    expect(opusPacketSamples(Uint8Array.of(0xfb, 0x03))).toBe(2880); // code 3, three frames
    expect(opusPacketSamples(Uint8Array.of(0x18))).toBe(2880); // SILK NB 60 ms
    expect(opusPacketSamples(Uint8Array.of(0x80))).toBe(120); // CELT NB 2.5 ms
    expect(opusPacketSamples(new Uint8Array(0))).toBeUndefined();
    expect(opusPacketSamples(Uint8Array.of(0xfb))).toBeUndefined();
  });
});

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A page with a hand-made lacing table (to build packets that span pages). */
function rawPage(
  headerType: number,
  serial: number,
  sequence: number,
  lacing: number[],
  body: Uint8Array,
): Uint8Array {
  const out = new Uint8Array(27 + lacing.length + body.length);
  const view = new DataView(out.buffer);
  out.set(ascii('OggS'), 0);
  out[5] = headerType;
  view.setBigInt64(6, -1n, true);
  view.setUint32(14, serial, true);
  view.setUint32(18, sequence, true);
  out[26] = lacing.length;
  out.set(lacing, 27);
  out.set(body, 27 + lacing.length);
  view.setUint32(22, oggCrc(out), true);
  return out;
}
