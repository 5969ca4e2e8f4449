export const SAMPLE_RATE = 24_000;

/** A 44-byte RIFF/WAVE header for 16-bit mono PCM at `sampleRate`. */
export function wavHeader(dataBytes: number, sampleRate = SAMPLE_RATE): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28); // byte rate
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(dataBytes, 40);
  return header;
}

export function toWav(pcm: Buffer, sampleRate = SAMPLE_RATE): Buffer {
  return Buffer.concat([wavHeader(pcm.length, sampleRate), pcm]);
}

export interface PcmAudio {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** Raw little-endian sample bytes. */
  data: Buffer;
}

/** Reads the `fmt ` and `data` chunks of a RIFF/WAVE file (undefined when it is not one). */
export function parseWav(bytes: Buffer): PcmAudio | undefined {
  if (bytes.length < 12 || bytes.toString('ascii', 0, 4) !== 'RIFF') return undefined;
  if (bytes.toString('ascii', 8, 12) !== 'WAVE') return undefined;
  let offset = 12;
  let format: Omit<PcmAudio, 'data'> | undefined;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('ascii', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ' && size >= 16) {
      if (bytes.readUInt16LE(body) !== 1) return undefined; // not integer PCM
      format = {
        channels: bytes.readUInt16LE(body + 2),
        sampleRate: bytes.readUInt32LE(body + 4),
        bitsPerSample: bytes.readUInt16LE(body + 14),
      };
    } else if (id === 'data' && format) {
      return { ...format, data: bytes.subarray(body, Math.min(bytes.length, body + size)) };
    }
    offset = body + size + (size % 2);
  }
  return undefined;
}
