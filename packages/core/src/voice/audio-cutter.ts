/**
 * Turns an incoming audio byte stream into files to transcribe, by format:
 * - `audio/pcm` (16-bit little-endian at a given rate) and `audio/wav` with 16-bit integer PCM are
 *   cut by {@link AudioSegmenter} (at pauses, at most every `maxSegmentMs`); each segment is sent
 *   as a WAV file;
 * - any other format (WebM, Ogg, MP3, …) cannot be cut without decoding it, so the whole input is
 *   one file, sent when the input ends.
 */
import { invalid } from '../errors/builders.js';
import { type AudioSegment, AudioSegmenter, type SegmenterOptions } from './audio-segmenter.js';
import { type PcmFormat, pcmToWav, WavHeadReader } from './wav.js';

/** One file to transcribe and where it sits in the input (unknown for a whole compressed file). */
export interface AudioCut {
  file: Blob;
  startSecond?: number;
  endSecond?: number;
}

export type SegmentingOptions = Omit<SegmenterOptions, 'sampleRate' | 'channels'>;

/** The most compressed audio held for one whole-file transcription (25 MiB, a common upload cap). */
export const MAX_WHOLE_AUDIO_BYTES = 25 * 1024 * 1024;

/** The PCM format a media type names, when it names raw PCM. */
function rawPcmFormat(mediaType: string): boolean {
  const base = mediaType.split(';')[0]?.trim().toLowerCase() ?? '';
  return base === 'audio/pcm' || base === 'pcm' || base === 'audio/raw';
}

function isWav(mediaType: string): boolean {
  const base = mediaType.split(';')[0]?.trim().toLowerCase() ?? '';
  return base === 'audio/wav' || base === 'audio/wave' || base === 'audio/x-wav' || base === 'wav';
}

function concat(chunks: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

export class AudioCutter {
  readonly #mediaType: string;
  readonly #segmenting: SegmentingOptions;
  #segmenter: AudioSegmenter | undefined;
  #format: PcmFormat | undefined;
  /** A whole compressed input. */
  #held: Uint8Array[] = [];
  /** The front of a WAV input, read until its `data` chunk. */
  #wavHead = new WavHeadReader();
  #heldBytes = 0;
  #mode: 'pcm' | 'wav-head' | 'whole';
  #pcmBytes = 0;

  constructor(mediaType: string, pcm: PcmFormat, segmenting: SegmentingOptions = {}) {
    this.#mediaType = mediaType;
    this.#segmenting = segmenting;
    if (rawPcmFormat(mediaType)) {
      this.#mode = 'pcm';
      this.#usePcm(pcm);
    } else {
      this.#mode = isWav(mediaType) ? 'wav-head' : 'whole';
    }
  }

  /** Seconds of PCM read so far (undefined for compressed input, whose length is unknown here). */
  get durationInSeconds(): number | undefined {
    if (this.#format === undefined) return undefined;
    return this.#pcmBytes / (this.#format.sampleRate * this.#format.channels * 2);
  }

  push(bytes: Uint8Array): AudioCut[] {
    if (this.#mode === 'pcm') return this.#segment(bytes);
    if (this.#mode === 'whole') {
      this.#held.push(bytes);
      this.#heldBytes += bytes.byteLength;
    }
    if (this.#heldBytes > MAX_WHOLE_AUDIO_BYTES) {
      throw invalid(
        `${this.#mediaType} audio cannot be cut while it streams, and more than 25 MiB of it is too much to hold for one transcription; send 16-bit PCM or WAV to have it segmented.`,
        'audio',
        { code: 'audio_too_large' },
      );
    }
    if (this.#mode === 'whole') return [];
    const head = this.#wavHead.push(bytes);
    if (head.kind === 'need-more') return [];
    if (head.kind === 'invalid') {
      throw invalid(head.message, 'audio');
    }
    const held = this.#wavHead.bytes;
    this.#held = [];
    this.#heldBytes = 0;
    if (head.kind === 'wav' && head.integerPcm && head.bitsPerSample === 16) {
      this.#mode = 'pcm';
      this.#usePcm(head.format);
      return this.#segment(held.subarray(head.dataOffset));
    }
    // Not PCM we can measure (float, 24-bit, or not really WAV): send it whole.
    this.#mode = 'whole';
    this.#held = [held];
    this.#heldBytes = held.byteLength;
    return [];
  }

  /** The end of the input: the last segment, or the whole held input. */
  flush(): AudioCut[] {
    if (this.#mode === 'pcm') {
      const last = this.#segmenter?.flush();
      return last ? [this.#wavCut(last)] : [];
    }
    if (this.#mode === 'wav-head' && this.#wavHead.bytes.byteLength > 0) {
      throw invalid('The WAV audio cannot be read: it ended before its audio data began.', 'audio');
    }
    const whole = concat(this.#held);
    this.#held = [];
    this.#heldBytes = 0;
    if (whole.byteLength === 0) return [];
    return [{ file: new Blob([whole], { type: this.#mediaType }) }];
  }

  #usePcm(format: PcmFormat): void {
    this.#format = format;
    this.#segmenter = new AudioSegmenter({ ...this.#segmenting, ...format });
  }

  #segment(bytes: Uint8Array): AudioCut[] {
    this.#pcmBytes += bytes.byteLength;
    return (this.#segmenter?.push(bytes) ?? []).map((segment) => this.#wavCut(segment));
  }

  #wavCut(segment: AudioSegment): AudioCut {
    const wav = pcmToWav(segment.pcm, this.#format as PcmFormat);
    return {
      file: new Blob([wav], { type: 'audio/wav' }),
      startSecond: segment.startSecond,
      endSecond: segment.endSecond,
    };
  }
}
