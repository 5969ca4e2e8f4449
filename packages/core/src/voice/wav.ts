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

function readAscii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

/** What the front of a WAV stream says. */
export type WavHead =
  | { kind: 'need-more' }
  | { kind: 'not-wav' }
  | {
      kind: 'wav';
      format: PcmFormat;
      bitsPerSample: number;
      integerPcm: boolean;
      dataOffset: number;
    };

/**
 * Reads the chunks before `data` from the first bytes of a WAV stream. Streamed WAV often has a
 * placeholder `data` size (the recorder did not know the length), so the size is not trusted:
 * everything after the `data` header is audio.
 */
export function readWavHead(bytes: Uint8Array): WavHead {
  if (bytes.byteLength < 12) return { kind: 'need-more' };
  if (readAscii(bytes, 0, 4) !== 'RIFF' || readAscii(bytes, 8, 4) !== 'WAVE')
    return { kind: 'not-wav' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 12;
  let fmt: { format: PcmFormat; bitsPerSample: number; integerPcm: boolean } | undefined;
  while (offset + 8 <= bytes.byteLength) {
    const id = readAscii(bytes, offset, 4);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'data') {
      if (fmt === undefined) return { kind: 'not-wav' };
      return { kind: 'wav', ...fmt, dataOffset: body };
    }
    if (body + size > bytes.byteLength) return { kind: 'need-more' };
    if (id === 'fmt ' && size >= 16) {
      fmt = {
        integerPcm: view.getUint16(body, true) === 1,
        format: {
          channels: view.getUint16(body + 2, true),
          sampleRate: view.getUint32(body + 4, true),
        },
        bitsPerSample: view.getUint16(body + 14, true),
      };
    }
    offset = body + size + (size % 2);
  }
  return { kind: 'need-more' };
}
